//! Owned data sets: built or edited in memory, converted from a parsed data set, written in
//! any native transfer syntax (transcoding), and Part 10 files around them.

use alloc::vec::Vec;
use core::fmt;

use crate::dataset::{DataSet, Item};
use crate::error::{Error, ErrorKind};
use crate::file::DicomFile;
use crate::render::MAX_DEPTH;
use crate::ts::TransferSyntax;
use crate::{Tag, Vr};

/// The value of an [`OwnedElement`].
///
/// ```
/// use dicom_meta::{OwnedDataSet, Value, Vr, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_u16s(tags::Rows, &[512]);
/// ds.put_bytes(tags::PatientID, Vr::LO, Vec::new());
/// assert_eq!(ds.get(tags::Rows).unwrap().value, Value::Bytes(vec![0x00, 0x02]));
/// assert_eq!(ds.get(tags::PatientID).unwrap().value, Value::Empty);
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Value {
    /// The value bytes: text in the character set of the data set (without the need for
    /// even-length padding, which the writer adds), binary numbers and tags little endian.
    Bytes(Vec<u8>),
    /// The items of a sequence (VR SQ).
    Items(Vec<OwnedDataSet>),
    /// Encapsulated pixel data: the basic offset table (possibly empty), then the fragments.
    Fragments(Vec<Vec<u8>>),
    /// No value.
    #[default]
    Empty,
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bytes(b) => write!(f, "Bytes {{ len: {} }}", b.len()),
            Value::Items(items) => f.debug_tuple("Items").field(items).finish(),
            Value::Fragments(v) => write!(f, "Fragments {{ count: {} }}", v.len()),
            Value::Empty => f.write_str("Empty"),
        }
    }
}

/// One owned data element.
///
/// `Debug` shows tag, VR and sizes, never the value.
///
/// ```
/// use dicom_meta::{OwnedDataSet, OwnedElement, Value, Vr, tags};
/// let e = OwnedElement::new(tags::PatientID, Vr::LO, Value::Bytes(b"ID7 ".to_vec()));
/// assert_eq!(e.text(), Some("ID7"));
/// assert_eq!(e.bytes(), Some(&b"ID7 "[..]));
/// let mut seq = OwnedElement::new(tags::ReferencedSeriesSequence, Vr::SQ, Value::Empty);
/// assert_eq!(seq.items().map(<[_]>::len), Some(0));
/// seq.items_mut().unwrap().push(OwnedDataSet::new());
/// assert_eq!(seq.items().map(<[_]>::len), Some(1));
/// assert_eq!(format!("{e:?}"), "OwnedElement { tag: (0010,0020), vr: LO, value: Bytes { len: 4 } }");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OwnedElement {
    /// The tag.
    pub tag: Tag,
    /// The value representation.
    pub vr: Vr,
    /// The value.
    pub value: Value,
}

impl OwnedElement {
    /// An element from its parts.
    pub fn new(tag: Tag, vr: Vr, value: Value) -> Self {
        OwnedElement { tag, vr, value }
    }

    /// The value bytes (empty for no value; `None` for sequences and fragments).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.value {
            Value::Bytes(b) => Some(b),
            Value::Empty => Some(&[]),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn items(&self) -> Option<&[OwnedDataSet]> {
        match &self.value {
            Value::Items(i) => Some(i),
            Value::Empty if self.vr == Vr::SQ => Some(&[]),
            _ => None,
        }
    }

    /// The items of a sequence, to edit.
    pub fn items_mut(&mut self) -> Option<&mut Vec<OwnedDataSet>> {
        if self.vr == Vr::SQ && self.value == Value::Empty {
            self.value = Value::Items(Vec::new());
        }
        match &mut self.value {
            Value::Items(i) => Some(i),
            _ => None,
        }
    }

    /// The value as UTF-8 text without trailing padding (spaces, NUL), when it is valid
    /// UTF-8 (ASCII values always are; other text depends on the character set).
    pub fn text(&self) -> Option<&str> {
        let b = self.bytes()?;
        core::str::from_utf8(b)
            .ok()
            .map(|s| s.trim_end_matches([' ', '\0']))
    }
}

/// A data set that owns its elements, kept in ascending tag order with one element per tag.
///
/// `Debug` shows tags, VRs and sizes, never values.
///
/// ```
/// use dicom_meta::{DataSet, OwnedDataSet, TransferSyntax, WriteOptions, Vr, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_str(tags::PatientID, Vr::LO, "12345");
/// ds.put_str(tags::Modality, Vr::CS, "CT");
/// ds.put_u16s(tags::Rows, &[512]);
/// let mut item = OwnedDataSet::new();
/// item.put_str(tags::SeriesInstanceUID, Vr::UI, "1.2.3");
/// ds.put_items(tags::ReferencedSeriesSequence, vec![item]);
///
/// for ts in [TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax::EXPLICIT_VR_BIG_ENDIAN] {
///     let bytes = ds.write(ts, &WriteOptions::new())?;
///     let parsed = DataSet::parse(&bytes, ts)?;
///     assert_eq!(parsed.get("PatientID")?.unwrap().string()?, "12345");
///     assert_eq!(parsed.get("Rows")?.unwrap().int()?, 512);
///     assert_eq!(parsed.get("ReferencedSeriesSequence[0].SeriesInstanceUID")?.unwrap().uid()?, "1.2.3");
///     assert_eq!(OwnedDataSet::from_data_set(&parsed)?.get(tags::Rows), ds.get(tags::Rows));
/// }
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct OwnedDataSet {
    elements: Vec<OwnedElement>,
}

impl OwnedDataSet {
    /// An empty data set.
    pub const fn new() -> Self {
        OwnedDataSet {
            elements: Vec::new(),
        }
    }

    /// Number of elements (top level).
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The elements in ascending tag order.
    pub fn elements(&self) -> &[OwnedElement] {
        &self.elements
    }

    /// The element with tag `tag`.
    pub fn get(&self, tag: Tag) -> Option<&OwnedElement> {
        let i = self.elements.binary_search_by_key(&tag, |e| e.tag).ok()?;
        self.elements.get(i)
    }

    /// The element with tag `tag`, to edit.
    pub fn get_mut(&mut self, tag: Tag) -> Option<&mut OwnedElement> {
        let i = self.elements.binary_search_by_key(&tag, |e| e.tag).ok()?;
        self.elements.get_mut(i)
    }

    /// Adds an element, replacing (and returning) any element with the same tag.
    pub fn insert(&mut self, element: OwnedElement) -> Option<OwnedElement> {
        match self.elements.binary_search_by_key(&element.tag, |e| e.tag) {
            Ok(i) => Some(core::mem::replace(&mut self.elements[i], element)),
            Err(i) => {
                self.elements.insert(i, element);
                None
            }
        }
    }

    /// Removes and returns the element with tag `tag`.
    pub fn remove(&mut self, tag: Tag) -> Option<OwnedElement> {
        let i = self.elements.binary_search_by_key(&tag, |e| e.tag).ok()?;
        Some(self.elements.remove(i))
    }

    /// Keeps only the elements for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&OwnedElement) -> bool) {
        self.elements.retain(keep);
    }

    /// The elements, to edit in place (tags must not be changed: use
    /// [`OwnedDataSet::insert`] and [`OwnedDataSet::remove`] for that).
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut OwnedElement> {
        self.elements.iter_mut()
    }

    /// Sets a value from its bytes (no bytes: [`Value::Empty`]).
    pub fn put_bytes(&mut self, tag: Tag, vr: Vr, bytes: Vec<u8>) {
        let value = if bytes.is_empty() {
            Value::Empty
        } else {
            Value::Bytes(bytes)
        };
        self.insert(OwnedElement::new(tag, vr, value));
    }

    /// Sets a string value (stored as UTF-8: declare Specific Character Set `ISO_IR 192`
    /// when the text is not ASCII).
    pub fn put_str(&mut self, tag: Tag, vr: Vr, value: &str) {
        self.put_bytes(tag, vr, value.as_bytes().to_vec());
    }

    /// Sets a multi-valued string value (joined with backslashes).
    pub fn put_strs(&mut self, tag: Tag, vr: Vr, values: &[&str]) {
        self.put_bytes(tag, vr, values.join("\\").into_bytes());
    }

    /// Sets a US value.
    pub fn put_u16s(&mut self, tag: Tag, values: &[u16]) {
        let b = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.put_bytes(tag, Vr::US, b);
    }

    /// Sets a UL value.
    pub fn put_u32s(&mut self, tag: Tag, values: &[u32]) {
        let b = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.put_bytes(tag, Vr::UL, b);
    }

    /// Sets an FD value.
    pub fn put_f64s(&mut self, tag: Tag, values: &[f64]) {
        let b = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.put_bytes(tag, Vr::FD, b);
    }

    /// Sets a sequence.
    pub fn put_items(&mut self, tag: Tag, items: Vec<OwnedDataSet>) {
        self.insert(OwnedElement::new(tag, Vr::SQ, Value::Items(items)));
    }

    /// Copies a parsed data set: values become little endian, CP-246 and other sequences
    /// read from undefined-length elements become SQ, encapsulated pixel data keeps its
    /// fragments. A data set read leniently keeps the first of repeated tags.
    pub fn from_data_set(ds: &DataSet<'_>) -> Result<Self, Error> {
        let mut out = OwnedDataSet::new();
        copy_level(ds.elements(), &mut out, 0)?;
        Ok(out)
    }

    /// The data set as DICOM JSON (see [`DataSet::to_json`]): encoded in explicit VR little
    /// endian and read back, so the output is exactly what a file holding it would give.
    ///
    /// ```
    /// use dicom_meta::{JsonOptions, OwnedDataSet, Vr, tags};
    /// let mut ds = OwnedDataSet::new();
    /// ds.put_str(tags::PatientID, Vr::LO, "12345");
    /// assert_eq!(ds.to_json(&JsonOptions::new())?, r#"{"00100020":{"vr":"LO","Value":["12345"]}}"#);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn to_json(&self, opts: &crate::JsonOptions<'_>) -> Result<alloc::string::String, Error> {
        let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
        let bytes = self.write(ts, &WriteOptions::new())?;
        let opts_parse = crate::ParseOptions::strict();
        DataSet::parse_with(&bytes, ts, &opts_parse)?.to_json(opts)
    }

    /// The data set as Native DICOM Model XML (see [`DataSet::to_xml`]), by way of explicit
    /// VR little endian like [`OwnedDataSet::to_json`].
    pub fn to_xml(&self, opts: &crate::XmlOptions<'_>) -> Result<alloc::string::String, Error> {
        let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
        let bytes = self.write(ts, &WriteOptions::new())?;
        let opts_parse = crate::ParseOptions::strict();
        DataSet::parse_with(&bytes, ts, &opts_parse)?.to_xml(opts)
    }

    /// Encodes the data set in transfer syntax `ts`: implicit VR little endian, explicit VR
    /// little or big endian, deflated (a raw deflate stream of the explicit VR little endian
    /// encoding) or, keeping encapsulated pixel data as fragments, an encapsulated one
    /// (encapsulated pixel data in a native syntax is [`ErrorKind::EncapsulatedInNative`]:
    /// it would need decompressing). Values are padded to even length with the VR's padding
    /// byte; binary values are swapped for big endian; group length elements are computed as
    /// [`WriteOptions::group_lengths`] says. In implicit VR, a sequence the dictionary does
    /// not know as SQ (a private one) gets undefined length, so that readers see a sequence.
    pub fn write(&self, ts: TransferSyntax, opts: &WriteOptions) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_into(ts, opts, &mut out)?;
        Ok(out)
    }

    /// [`OwnedDataSet::write`] appending to `out`.
    pub fn write_into(
        &self,
        ts: TransferSyntax,
        opts: &WriteOptions,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        if ts.deflated {
            let mut plain = Vec::new();
            let enc = Enc {
                explicit: true,
                big: false,
                encapsulated: false,
            };
            self.write_level(enc, opts, &mut plain, 0)?;
            out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(&plain, 6));
            return Ok(());
        }
        let enc = Enc {
            explicit: ts.explicit_vr,
            big: !ts.is_little_endian(),
            encapsulated: ts.encapsulated,
        };
        self.write_level(enc, opts, out, 0)
    }

    fn write_level(
        &self,
        enc: Enc,
        opts: &WriteOptions,
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), Error> {
        // (group, where its group length value goes)
        let mut open_group: Option<(u16, Option<usize>)> = None;
        for el in &self.elements {
            let g = el.tag.group();
            if open_group.is_none_or(|(og, _)| og != g) {
                if let Some((_, Some(at))) = open_group {
                    patch_group_length(out, at, enc);
                }
                let want = g != 0xFFFE
                    && match opts.group_lengths {
                        GroupLengths::Recompute => el.tag.is_group_length(),
                        GroupLengths::Remove => false,
                        GroupLengths::Add => true,
                    };
                let at = if want {
                    put_header(out, Tag::new(g, 0), Vr::UL, 4, enc);
                    let at = out.len();
                    out.extend_from_slice(&[0; 4]);
                    Some(at)
                } else {
                    None
                };
                open_group = Some((g, at));
            }
            if el.tag.is_group_length() {
                continue;
            }
            el.write(enc, opts, out, depth)
                .map_err(|e| at_element(e, el.tag))?;
        }
        if let Some((_, Some(at))) = open_group {
            patch_group_length(out, at, enc);
        }
        Ok(())
    }
}

/// Adds `tag` as the innermost hop of an error's path when the path does not end with it.
fn at_element(mut e: Error, tag: Tag) -> Error {
    if e.path.is_empty() {
        e.path.push_outer(tag, None);
    }
    e
}

fn copy_level<'d, 'a: 'd>(
    elements: impl Iterator<Item = crate::Element<'d, 'a>>,
    out: &mut OwnedDataSet,
    depth: u32,
) -> Result<(), Error> {
    for e in elements {
        // Ascending (always, when read strictly): append; otherwise insert, first kept.
        let append = out.elements.last().is_none_or(|l| l.tag < e.tag());
        if !append && out.get(e.tag()).is_some() {
            continue;
        }
        let value = if e.is_sequence() {
            if depth >= MAX_DEPTH {
                return Err(e.locate(ErrorKind::TooDeep(MAX_DEPTH)));
            }
            let mut items = Vec::new();
            for item in e.items() {
                items.push(copy_item(&item, depth + 1)?);
            }
            Value::Items(items)
        } else if e.is_encapsulated() {
            Value::Fragments(e.fragments().map(|f| f.data().to_vec()).collect())
        } else {
            let mut v = e.value().to_vec();
            if e.byte_order() == crate::ByteOrder::Big {
                swap(&mut v, e.vr());
            }
            if v.is_empty() {
                Value::Empty
            } else {
                Value::Bytes(v)
            }
        };
        let vr = if e.is_sequence() { Vr::SQ } else { e.vr() };
        let el = OwnedElement::new(e.tag(), vr, value);
        if append {
            out.elements.push(el);
        } else {
            out.insert(el);
        }
    }
    Ok(())
}

fn copy_item(item: &Item<'_, '_>, depth: u32) -> Result<OwnedDataSet, Error> {
    let mut ds = OwnedDataSet::new();
    copy_level(item.elements(), &mut ds, depth)?;
    Ok(ds)
}

/// The size of the units whose bytes are swapped between byte orders (1: none).
pub(crate) const fn swap_unit(vr: Vr) -> usize {
    use Vr::*;
    match vr {
        US | SS | OW | AT => 2,
        UL | SL | FL | OF | OL => 4,
        FD | OD | SV | UV | OV => 8,
        _ => 1,
    }
}

fn swap(v: &mut [u8], vr: Vr) {
    let n = swap_unit(vr);
    if n > 1 {
        for c in v.chunks_exact_mut(n) {
            c.reverse();
        }
    }
}

#[derive(Clone, Copy)]
struct Enc {
    explicit: bool,
    big: bool,
    encapsulated: bool,
}

fn put16(out: &mut Vec<u8>, v: u16, enc: Enc) {
    out.extend_from_slice(&if enc.big {
        v.to_be_bytes()
    } else {
        v.to_le_bytes()
    });
}

fn put32(out: &mut Vec<u8>, v: u32, enc: Enc) {
    out.extend_from_slice(&if enc.big {
        v.to_be_bytes()
    } else {
        v.to_le_bytes()
    });
}

fn put_tag(out: &mut Vec<u8>, tag: Tag, enc: Enc) {
    put16(out, tag.group(), enc);
    put16(out, tag.element(), enc);
}

const UNDEFINED: u32 = 0xFFFF_FFFF;

/// Writes an element header; returns where its length field is (for patching).
fn put_header(out: &mut Vec<u8>, tag: Tag, vr: Vr, len: u32, enc: Enc) -> (usize, bool) {
    put_tag(out, tag, enc);
    if !enc.explicit {
        let at = out.len();
        put32(out, len, enc);
        return (at, true);
    }
    out.extend_from_slice(&vr.to_bytes());
    if vr.has_long_length() {
        out.extend_from_slice(&[0, 0]);
        let at = out.len();
        put32(out, len, enc);
        (at, true)
    } else {
        let at = out.len();
        put16(out, len as u16, enc);
        (at, false)
    }
}

fn patch32(out: &mut [u8], at: usize, v: u32, enc: Enc) {
    let b = if enc.big {
        v.to_be_bytes()
    } else {
        v.to_le_bytes()
    };
    if let Some(dst) = out.get_mut(at..at + 4) {
        dst.copy_from_slice(&b);
    }
}

fn patch_group_length(out: &mut [u8], at: usize, enc: Enc) {
    let len = out.len().saturating_sub(at + 4);
    patch32(out, at, u32::try_from(len).unwrap_or(u32::MAX), enc);
}

fn len32(n: usize, at: usize) -> Result<u32, Error> {
    u32::try_from(n)
        .ok()
        .filter(|&n| n < UNDEFINED)
        .ok_or_else(|| Error::new(ErrorKind::TooLarge, at))
}

impl OwnedElement {
    fn write(
        &self,
        enc: Enc,
        opts: &WriteOptions,
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), Error> {
        match &self.value {
            Value::Items(items) => self.write_items(items, enc, opts, out, depth),
            Value::Empty if self.vr == Vr::SQ => self.write_items(&[], enc, opts, out, depth),
            Value::Fragments(frags) => {
                if !enc.encapsulated && self.tag == Tag::PIXEL_DATA {
                    return Err(Error::new(ErrorKind::EncapsulatedInNative, out.len()));
                }
                // In implicit VR only Pixel Data reads back as fragments (PS3.5 A.4); any
                // other undefined-length value reads as a sequence.
                if !enc.explicit && self.tag != Tag::PIXEL_DATA {
                    return Err(Error::new(ErrorKind::WrongVr(self.vr), out.len()));
                }
                let vr = if self.vr == Vr::OW { Vr::OW } else { Vr::OB };
                put_header(out, self.tag, vr, UNDEFINED, enc);
                for f in frags {
                    let padded = f.len() + (f.len() & 1);
                    put_tag(out, Tag::ITEM, enc);
                    put32(out, len32(padded, out.len())?, enc);
                    out.extend_from_slice(f);
                    if f.len() & 1 == 1 {
                        out.push(0);
                    }
                }
                put_tag(out, Tag::SEQUENCE_DELIMITATION, enc);
                put32(out, 0, enc);
                Ok(())
            }
            Value::Bytes(_) | Value::Empty => {
                let v = self.bytes().unwrap_or_default();
                if self.vr == Vr::SQ {
                    return Err(Error::new(ErrorKind::InvalidValue("SQ"), out.len()));
                }
                // In implicit VR a reader takes the dictionary's word that this tag is a
                // sequence and would read the value as items.
                if !enc.explicit && !v.is_empty() && crate::dict::implicit_vr(self.tag) == Vr::SQ {
                    return Err(Error::new(ErrorKind::WrongVr(self.vr), out.len()));
                }
                let padded = v.len() + (v.len() & 1);
                if enc.explicit && !self.vr.has_long_length() && padded > 0xFFFF {
                    return Err(Error::new(ErrorKind::ValueTooLong(self.vr), out.len()));
                }
                let len = len32(padded, out.len())?;
                put_header(out, self.tag, self.vr, len, enc);
                let start = out.len();
                out.extend_from_slice(v);
                if enc.big {
                    swap(&mut out[start..], self.vr);
                }
                if v.len() & 1 == 1 {
                    out.push(self.vr.padding());
                }
                Ok(())
            }
        }
    }

    fn write_items(
        &self,
        items: &[OwnedDataSet],
        enc: Enc,
        opts: &WriteOptions,
        out: &mut Vec<u8>,
        depth: u32,
    ) -> Result<(), Error> {
        if depth >= MAX_DEPTH {
            return Err(Error::new(ErrorKind::TooDeep(MAX_DEPTH), out.len()));
        }
        // In implicit VR only the dictionary tells a reader that an element is a sequence:
        // others (private ones) get undefined length, which marks them as one (PS3.5 7.5.1,
        // CP-246).
        let dict_vr = crate::dict::implicit_vr(self.tag);
        if !enc.explicit && !matches!(dict_vr, Vr::SQ | Vr::UN) {
            // A reader would take the dictionary's VR: items there do not read back.
            return Err(Error::new(ErrorKind::WrongVr(Vr::SQ), out.len()));
        }
        let undefined = opts.undefined_lengths || (!enc.explicit && dict_vr != Vr::SQ);
        let (at, _) = put_header(
            out,
            self.tag,
            Vr::SQ,
            if undefined { UNDEFINED } else { 0 },
            enc,
        );
        let start = out.len();
        for (n, item) in items.iter().enumerate() {
            put_tag(out, Tag::ITEM, enc);
            let item_at = out.len();
            put32(out, if undefined { UNDEFINED } else { 0 }, enc);
            let item_start = out.len();
            item.write_level(enc, opts, out, depth + 1)
                .map_err(|mut e| {
                    e.path.push_outer(self.tag, Some(n as u32));
                    e
                })?;
            if undefined {
                put_tag(out, Tag::ITEM_DELIMITATION, enc);
                put32(out, 0, enc);
            } else {
                let len = len32(out.len() - item_start, item_at)?;
                patch32(out, item_at, len, enc);
            }
        }
        if undefined {
            put_tag(out, Tag::SEQUENCE_DELIMITATION, enc);
            put32(out, 0, enc);
        } else {
            let len = len32(out.len() - start, at)?;
            patch32(out, at, len, enc);
        }
        Ok(())
    }
}

/// What to do with group length elements (gggg,0000) when writing.
///
/// ```
/// use dicom_meta::{DataSet, GroupLengths, OwnedDataSet, TransferSyntax, Vr, WriteOptions, tags};
/// let mut ds = OwnedDataSet::new();
/// ds.put_str(tags::PatientID, Vr::LO, "ID");
/// let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
/// let bytes = ds.write(ts, &WriteOptions::new().group_lengths(GroupLengths::Add))?;
/// let parsed = DataSet::parse(&bytes, ts)?;
/// assert_eq!(parsed.get("(0010,0000)")?.unwrap().int()?, 10); // the PatientID element
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum GroupLengths {
    /// Keep the group lengths the data set has, with recomputed values.
    #[default]
    Recompute,
    /// Leave every group length out.
    Remove,
    /// Write a group length at the start of every group.
    Add,
}

/// Options for writing an [`OwnedDataSet`].
///
/// ```
/// use dicom_meta::{GroupLengths, WriteOptions};
/// let opts = WriteOptions::new().undefined_lengths().group_lengths(GroupLengths::Remove);
/// assert!(opts.undefined_lengths);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Write sequences and items with undefined length and delimitation items (default:
    /// defined lengths).
    pub undefined_lengths: bool,
    /// Group length elements.
    pub group_lengths: GroupLengths,
}

impl WriteOptions {
    /// Defined lengths, group lengths recomputed where present.
    pub const fn new() -> Self {
        WriteOptions {
            undefined_lengths: false,
            group_lengths: GroupLengths::Recompute,
        }
    }

    /// The same options with undefined-length sequences and items.
    pub const fn undefined_lengths(mut self) -> Self {
        self.undefined_lengths = true;
        self
    }

    /// The same options with another group length policy.
    pub const fn group_lengths(mut self, g: GroupLengths) -> Self {
        self.group_lengths = g;
        self
    }
}

/// An owned Part 10 file: file meta information and data set.
///
/// ```
/// use dicom_meta::{DicomFile, Inflated, OwnedFile, ParseOptions, TransferSyntax, WriteOptions};
/// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
/// let file = OwnedFile::from_file(&DicomFile::parse(&input)?)?;
/// // Transcode to deflated explicit VR little endian.
/// let out = file.write(TransferSyntax::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, &WriteOptions::new())?;
/// let holder = Inflated::new(&out, &ParseOptions::strict())?;
/// let back = holder.parse()?;
/// assert!(back.transfer_syntax().deflated);
/// assert_eq!(back.get("PatientID")?.unwrap().string()?, "12345");
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct OwnedFile {
    /// The file meta information (group 0002). (0002,0000), (0002,0001) and (0002,0010) are
    /// set when writing.
    pub meta: OwnedDataSet,
    /// The data set.
    pub data: OwnedDataSet,
}

impl OwnedFile {
    /// A file around `data` with no meta information yet: the SOP class and instance UIDs
    /// are taken from the data set when writing.
    pub fn new(data: OwnedDataSet) -> Self {
        OwnedFile {
            meta: OwnedDataSet::new(),
            data,
        }
    }

    /// Copies a parsed file.
    pub fn from_file(file: &DicomFile<'_>) -> Result<Self, Error> {
        Ok(OwnedFile {
            meta: OwnedDataSet::from_data_set(file.meta())?,
            data: OwnedDataSet::from_data_set(file.data_set())?,
        })
    }

    /// Encodes the file in transfer syntax `ts` (which must have a standard UID): a zero
    /// preamble, `DICM`, the meta group with its group length, version, media storage SOP
    /// class and instance (from the data set when missing) and transfer syntax, then the
    /// data set as [`OwnedDataSet::write`] encodes it.
    ///
    /// An error ([`ErrorKind::UnexpectedTag`]) when the data set holds an element of groups
    /// 0000–0002 (command or file meta elements, as a data set read leniently may): it could
    /// not follow the meta group in a file.
    pub fn write(&self, ts: TransferSyntax, opts: &WriteOptions) -> Result<Vec<u8>, Error> {
        let uid = ts
            .uid()
            .ok_or_else(|| Error::new(ErrorKind::UnknownTransferSyntax, 0))?;
        if let Some(e) = self.data.elements.iter().find(|e| e.tag.group() <= 0x0002) {
            let mut path = crate::TagPath::default();
            path.push_outer(e.tag, None);
            return Err(Error::new(ErrorKind::UnexpectedTag(e.tag), 0).with_path(path));
        }
        let mut meta = self.meta.clone();
        meta.retain(|e| e.tag.group() == 0x0002 && !e.tag.is_group_length());
        if meta.get(Tag::new(0x0002, 0x0001)).is_none() {
            meta.put_bytes(Tag::new(0x0002, 0x0001), Vr::OB, alloc::vec![0, 1]);
        }
        for (m, d) in [(0x0002, 0x0016), (0x0003, 0x0018)] {
            let (mt, dt) = (Tag::new(0x0002, m), Tag::new(0x0008, d));
            if meta.get(mt).is_none()
                && let Some(v) = self.data.get(dt).and_then(OwnedElement::bytes)
            {
                meta.put_bytes(mt, Vr::UI, v.to_vec());
            }
        }
        meta.put_str(Tag::TRANSFER_SYNTAX_UID, Vr::UI, uid);
        let mut out = alloc::vec![0u8; 128];
        out.extend_from_slice(b"DICM");
        let meta_opts = WriteOptions {
            group_lengths: GroupLengths::Add,
            ..*opts
        };
        meta.write_into(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &meta_opts,
            &mut out,
        )?;
        self.data.write_into(ts, opts, &mut out)?;
        Ok(out)
    }
}
