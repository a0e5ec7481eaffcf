//! Parsed data sets and their borrowed views: elements, items, fragments.

use alloc::vec::Vec;
use core::fmt;

use crate::charset::CharacterSet;
use crate::dict::{self, DictEntry};
use crate::error::{Error, ErrorKind, TagPath, Warning};
use crate::options::ParseOptions;
use crate::parse::{
    self, Buffers, F_DELIMITED, F_INCOMPLETE, F_UNDEFINED, Kind, NO_PARENT, Node, Stop,
};
use crate::path::{self, Step};
use crate::ts::{ByteOrder, TransferSyntax};
use crate::{Tag, Vr};

/// A parsed data set: the bytes it was read from plus a flat index of its elements, items
/// and fragments. Everything is borrowed from the bytes; nothing is copied.
///
/// `Debug` shows structure (counts, offsets, transfer syntax), never values.
///
/// ```
/// use dicom_meta::{DataSet, TransferSyntax, tags};
/// // (0010,0010) PN "DOE^JANE", (0020,000D) UI "1.2.3" + NUL padding, explicit VR little endian.
/// let bytes = b"\x10\x00\x10\x00PN\x08\x00DOE^JANE\x20\x00\x0d\x00UI\x06\x001.2.3\0";
/// let ds = DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
/// assert_eq!(ds.len(), 2);
/// let pn = ds.get("PatientName")?.unwrap();
/// assert_eq!(pn.person_name()?.alphabetic.family(), "DOE");
/// assert_eq!(ds.element(tags::StudyInstanceUID).unwrap().uid()?, "1.2.3");
/// assert_eq!(ds.write(), bytes); // exact round trip
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone)]
pub struct DataSet<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) start: u32,
    /// End of what was parsed (the stop offset when a stop tag ended parsing).
    pub(crate) end: u32,
    /// End of the region given to the parser.
    pub(crate) limit: u32,
    pub(crate) ts: TransferSyntax,
    pub(crate) nodes: Vec<Node>,
    /// Index of each top-level node.
    pub(crate) top: Vec<u32>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) stopped_at: Option<u32>,
    pub(crate) trailing: u32,
    pub(crate) ordered: bool,
    pub(crate) charset: CharacterSet,
    pub(crate) in_inflated: bool,
    pub(crate) complete: bool,
    pub(crate) lenient: bool,
}

impl fmt::Debug for DataSet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataSet")
            .field("offset", &self.start)
            .field("len", &(self.end - self.start))
            .field("transfer_syntax", &self.ts)
            .field("elements", &self.len())
            .field("index_entries", &self.nodes.len())
            .field("stopped_at", &self.stopped_at)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl<'a> DataSet<'a> {
    /// Parses a bare data set (no preamble, no meta group) strictly in transfer syntax
    /// `ts`. For a deflated transfer syntax use [`Inflated::data_set`](crate::Inflated).
    pub fn parse(bytes: &'a [u8], ts: TransferSyntax) -> Result<Self, Error> {
        Self::parse_with(bytes, ts, &ParseOptions::strict())
    }

    /// Parses a bare data set with options.
    pub fn parse_with(
        bytes: &'a [u8],
        ts: TransferSyntax,
        opts: &ParseOptions,
    ) -> Result<Self, Error> {
        let mut bufs = Buffers::default();
        Self::parse_reusing(bytes, ts, opts, &mut bufs)
    }

    /// Parses a bare data set into (and taking) the buffers in `bufs`; give them back with
    /// [`DataSet::recycle`] to parse the next one without allocating.
    ///
    /// ```
    /// use dicom_meta::{Buffers, DataSet, ParseOptions, TransferSyntax};
    /// let mut bufs = Buffers::default();
    /// for bytes in [&b"\x08\x00\x60\x00CS\x02\x00CT"[..], b"\x08\x00\x60\x00CS\x02\x00MR"] {
    ///     let ds = DataSet::parse_reusing(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN, &ParseOptions::strict(), &mut bufs)?;
    ///     assert_eq!(ds.len(), 1);
    ///     ds.recycle(&mut bufs);
    /// }
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn parse_reusing(
        bytes: &'a [u8],
        ts: TransferSyntax,
        opts: &ParseOptions,
        bufs: &mut Buffers,
    ) -> Result<Self, Error> {
        if ts.deflated {
            return Err(Error::new(ErrorKind::NeedsInflate, 0));
        }
        match Self::build(bytes, 0, bytes.len(), ts, opts, false, bufs) {
            (ds, None) => Ok(ds),
            (ds, Some(e)) => {
                ds.recycle(bufs);
                Err(e)
            }
        }
    }

    /// Parses as much as possible: the data set read up to the first error, and that error.
    ///
    /// ```
    /// use dicom_meta::{DataSet, ErrorKind, TransferSyntax};
    /// // The second element declares 8 bytes but only 2 follow.
    /// let bytes = b"\x08\x00\x60\x00CS\x02\x00CT\x10\x00\x10\x00PN\x08\x00AB";
    /// let (ds, err) = DataSet::parse_partial(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN, &Default::default());
    /// assert_eq!(ds.len(), 1);
    /// let err = err.unwrap();
    /// assert!(matches!(err.kind, ErrorKind::LengthExceedsInput { length: 8, .. }));
    /// assert_eq!(err.offset, 10);
    /// ```
    pub fn parse_partial(
        bytes: &'a [u8],
        ts: TransferSyntax,
        opts: &ParseOptions,
    ) -> (Self, Option<Error>) {
        if ts.deflated {
            let ds = Self::empty(bytes, ts);
            return (ds, Some(Error::new(ErrorKind::NeedsInflate, 0)));
        }
        let mut bufs = Buffers::default();
        Self::build(bytes, 0, bytes.len(), ts, opts, false, &mut bufs)
    }

    pub(crate) fn empty(bytes: &'a [u8], ts: TransferSyntax) -> Self {
        DataSet {
            bytes,
            start: 0,
            end: 0,
            limit: 0,
            ts,
            nodes: Vec::new(),
            top: Vec::new(),
            warnings: Vec::new(),
            stopped_at: None,
            trailing: 0,
            ordered: true,
            charset: CharacterSet::default(),
            in_inflated: false,
            complete: true,
            lenient: false,
        }
    }

    /// Builds the data set in `bytes[start..end]`.
    pub(crate) fn build(
        bytes: &'a [u8],
        start: usize,
        end: usize,
        ts: TransferSyntax,
        opts: &ParseOptions,
        in_inflated: bool,
        bufs: &mut Buffers,
    ) -> (Self, Option<Error>) {
        Self::build_stop(
            bytes,
            start,
            end,
            ts,
            opts,
            opts.stop_before.map(|t| Stop::Before(t.0)),
            in_inflated,
            bufs,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build_stop(
        bytes: &'a [u8],
        start: usize,
        end: usize,
        ts: TransferSyntax,
        opts: &ParseOptions,
        stop: Option<Stop>,
        in_inflated: bool,
        bufs: &mut Buffers,
    ) -> (Self, Option<Error>) {
        let (built, err) = parse::build(bytes, start, end, ts, opts, stop, in_inflated, bufs);
        let mut ds = DataSet {
            bytes,
            start: start as u32,
            end: if err.is_some() {
                built.end
            } else {
                end.min(u32::MAX as usize) as u32
            },
            limit: end.min(u32::MAX as usize) as u32,
            ts: built.ts,
            nodes: core::mem::take(&mut bufs.nodes),
            top: core::mem::take(&mut bufs.top),
            warnings: core::mem::take(&mut bufs.warnings),
            stopped_at: built.stopped_at,
            trailing: if err.is_some() {
                built.end
            } else {
                built.trailing
            },
            ordered: built.ordered,
            charset: CharacterSet::default(),
            in_inflated,
            complete: err.is_none(),
            lenient: opts.lenient_mode(),
        };
        if let Some(stop) = built.stopped_at {
            ds.end = stop;
            ds.trailing = stop;
        }
        ds.charset = ds.root_charset();
        (ds, err)
    }

    fn root_charset(&self) -> CharacterSet {
        match self.element(Tag::SPECIFIC_CHARACTER_SET) {
            Some(e) => CharacterSet::from_value(e.value()),
            None => CharacterSet::default(),
        }
    }

    /// Returns the index buffers for reuse by [`DataSet::parse_reusing`].
    pub fn recycle(self, bufs: &mut Buffers) {
        bufs.nodes = self.nodes;
        bufs.top = self.top;
        bufs.warnings = self.warnings;
    }

    /// The transfer syntax the data set was read in (in lenient mode, the one detected when
    /// the declared one did not fit).
    pub fn transfer_syntax(&self) -> TransferSyntax {
        self.ts
    }

    /// The buffer the data set was parsed from (the input, or the inflated bytes); element
    /// offsets index into it.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The bytes of this data set as parsed (up to a stop tag when one stopped parsing).
    pub fn raw(&self) -> &'a [u8] {
        &self.bytes[self.start as usize..self.end as usize]
    }

    /// Offset of the data set's first byte in [`DataSet::bytes`].
    pub fn offset(&self) -> usize {
        self.start as usize
    }

    /// What lenient parsing tolerated.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Where a stop tag ([`ParseOptions::stop_before`]) ended parsing: the offset of the first
    /// element not read.
    pub fn stopped_at(&self) -> Option<usize> {
        self.stopped_at.map(|s| s as usize)
    }

    /// Whether the data set was read to its end without error (false for the data set
    /// returned by a partial parse that met an error).
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The character set from the top-level Specific Character Set (0008,0005).
    pub fn character_set(&self) -> &CharacterSet {
        &self.charset
    }

    /// Number of top-level elements.
    pub fn len(&self) -> usize {
        self.top.len()
    }

    /// Whether there are no top-level elements.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Number of index entries: elements at every depth, items and fragments.
    pub fn index_len(&self) -> usize {
        self.nodes.len()
    }

    fn root(&self) -> Scope<'_, 'a> {
        Scope {
            ds: self,
            first: 0,
            end: self.nodes.len() as u32,
        }
    }

    /// The top-level elements in order.
    pub fn elements(&self) -> Elements<'_, 'a> {
        self.root().elements()
    }

    /// The top-level element with tag `tag`: a binary search when the data set is in
    /// ascending order (always, when read strictly).
    pub fn element(&self, tag: Tag) -> Option<Element<'_, 'a>> {
        if !self.ordered {
            return self.root().element(tag);
        }
        let i = self
            .top
            .binary_search_by_key(&tag.0, |&i| self.nodes[i as usize].tag)
            .ok()?;
        Some(Element {
            ds: self,
            idx: self.top[i],
        })
    }

    /// Every element, at every depth, in document order (items and fragments left out).
    pub fn walk(&self) -> impl Iterator<Item = Element<'_, 'a>> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| !matches!(n.kind, Kind::Item | Kind::Fragment))
            .map(move |(i, _)| Element {
                ds: self,
                idx: i as u32,
            })
    }

    /// The element at a path: a keyword (`PatientName`), a tag (`(0010,0010)`, `00100010`),
    /// or steps through sequences separated by dots with 0-based item indices
    /// (`ReferencedSeriesSequence[0].SeriesInstanceUID`; a step without an index uses item
    /// 0). `Ok(None)` when an element or item is absent; an error when the path is malformed
    /// or names an unknown keyword.
    ///
    /// ```
    /// use dicom_meta::{DataSet, TransferSyntax};
    /// // (0008,1115) SQ, undefined length: one item holding (0020,000E) UI "1.2".
    /// let bytes = b"\x08\x00\x15\x11SQ\0\0\xff\xff\xff\xff\xfe\xff\x00\xe0\x0c\x00\x00\x00\x20\x00\x0e\x00UI\x04\x001.2\0\xfe\xff\xdd\xe0\0\0\0\0";
    /// let ds = DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let uid = ds.get("ReferencedSeriesSequence[0].SeriesInstanceUID")?.unwrap();
    /// assert_eq!(uid.uid()?, "1.2");
    /// assert!(ds.get("ReferencedSeriesSequence[1].SeriesInstanceUID")?.is_none());
    /// assert!(ds.get("NoSuchKeyword").is_err());
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn get(&self, path: &str) -> Result<Option<Element<'_, 'a>>, Error> {
        self.root().get(path)
    }

    pub(crate) fn node(&self, idx: u32) -> &Node {
        &self.nodes[idx as usize]
    }

    pub(crate) fn in_inflated_error(&self, mut e: Error) -> Error {
        e.in_inflated = self.in_inflated;
        e
    }
}

/// A range of sibling nodes: the top level or one item's content.
#[derive(Clone, Copy)]
struct Scope<'d, 'a> {
    ds: &'d DataSet<'a>,
    first: u32,
    end: u32,
}

impl<'d, 'a> Scope<'d, 'a> {
    fn elements(self) -> Elements<'d, 'a> {
        Elements {
            ds: self.ds,
            next: self.first,
            end: self.end,
        }
    }

    fn element(self, tag: Tag) -> Option<Element<'d, 'a>> {
        let ordered = self.ds.ordered;
        for e in self.elements() {
            let t = e.tag();
            if t == tag {
                return Some(e);
            }
            if ordered && t > tag {
                return None;
            }
        }
        None
    }

    fn get(self, path: &str) -> Result<Option<Element<'d, 'a>>, Error> {
        let mut steps = path::steps(path);
        let mut scope = self;
        let mut next = steps.next().transpose()?;
        while let Some(Step { tag, item }) = next {
            next = steps.next().transpose()?;
            let found = if scope.first == 0 && scope.end == scope.ds.nodes.len() as u32 {
                scope.ds.element(tag)
            } else {
                scope.element(tag)
            };
            let last = next.is_none();
            if last && item.is_some() {
                return Err(path::last_index_error(path));
            }
            let Some(e) = found else {
                // Still check the rest of the path.
                return check_rest(steps, next, path).map(|()| None);
            };
            if last {
                return Ok(Some(e));
            }
            let Some(it) = e.item(item.unwrap_or(0) as usize) else {
                return check_rest(steps, next, path).map(|()| None);
            };
            scope = it.scope();
        }
        Ok(None)
    }
}

/// Validates the remaining steps of a path whose element was not found.
fn check_rest(steps: path::Steps<'_>, next: Option<Step>, path: &str) -> Result<(), Error> {
    let mut last = next;
    for s in steps {
        last = Some(s?);
    }
    if last.is_some_and(|s| s.item.is_some()) {
        return Err(path::last_index_error(path));
    }
    Ok(())
}

/// Iterator over sibling elements (top level or one item's content).
#[derive(Clone)]
pub struct Elements<'d, 'a> {
    ds: &'d DataSet<'a>,
    next: u32,
    end: u32,
}

impl<'d, 'a> Iterator for Elements<'d, 'a> {
    type Item = Element<'d, 'a>;

    #[inline]
    fn next(&mut self) -> Option<Element<'d, 'a>> {
        if self.next >= self.end {
            return None;
        }
        let idx = self.next;
        let n = self.ds.nodes.get(idx as usize)?;
        self.next = n.end.max(idx + 1);
        Some(Element { ds: self.ds, idx })
    }
}

impl core::iter::FusedIterator for Elements<'_, '_> {}

/// The length of an element as declared in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Length {
    /// A byte count.
    Defined(u32),
    /// Undefined (0xFFFFFFFF): the value ends at a delimitation item.
    Undefined,
}

/// One data element: a borrowed view of its header and value.
///
/// `Debug` shows tag, VR, offset and length, never the value.
#[derive(Clone, Copy)]
pub struct Element<'d, 'a> {
    pub(crate) ds: &'d DataSet<'a>,
    pub(crate) idx: u32,
}

impl fmt::Debug for Element<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("tag", &self.tag())
            .field("vr", &self.vr())
            .field("offset", &self.offset())
            .field("length", &self.length())
            .field("items", &self.item_count())
            .finish()
    }
}

impl<'d, 'a> Element<'d, 'a> {
    pub(crate) fn node(&self) -> &'d Node {
        self.ds.node(self.idx)
    }

    /// The data set this element belongs to.
    pub fn data_set(&self) -> &'d DataSet<'a> {
        self.ds
    }

    /// The tag.
    pub fn tag(&self) -> Tag {
        Tag(self.node().tag)
    }

    /// The VR: from the header (explicit VR) or the dictionary (implicit VR; UN when the tag
    /// is unknown).
    pub fn vr(&self) -> Vr {
        self.node().vr
    }

    /// The dictionary entry of the tag, if it is a standard one.
    pub fn entry(&self) -> Option<&'static DictEntry> {
        dict::lookup(self.tag())
    }

    /// The keyword of the tag, if it is a standard one.
    pub fn keyword(&self) -> Option<&'static str> {
        self.entry().map(|e| e.keyword).filter(|k| !k.is_empty())
    }

    /// Offset of the element's header in [`DataSet::bytes`].
    pub fn offset(&self) -> usize {
        self.node().header_offset() as usize
    }

    /// Offset of the value in [`DataSet::bytes`].
    pub fn value_offset(&self) -> usize {
        self.node().value_offset as usize
    }

    /// The declared length.
    pub fn length(&self) -> Length {
        let n = self.node();
        if n.has(F_UNDEFINED) {
            Length::Undefined
        } else {
            Length::Defined(n.len)
        }
    }

    /// The value bytes as they are in the input (for sequences and encapsulated pixel data:
    /// the encoded items, without the final delimitation item).
    pub fn value(&self) -> &'a [u8] {
        let n = self.node();
        &self.ds.bytes[n.value_offset as usize..n.value_end() as usize]
    }

    /// The whole element as encoded: header, value and any delimitation item.
    pub fn raw(&self) -> &'a [u8] {
        let n = self.node();
        let mut end = n.value_end() as usize;
        if n.has(F_DELIMITED) {
            end += 8;
        }
        &self.ds.bytes[n.header_offset() as usize..end]
    }

    /// The byte order of binary values (little endian inside CP-246 sequences).
    pub fn byte_order(&self) -> ByteOrder {
        self.node().byte_order(&self.ds.ts)
    }

    /// Number of sequences enclosing this element (0 at the top level).
    pub fn depth(&self) -> usize {
        let mut d = 0;
        let mut p = self.node().parent;
        while let Some(n) = self.ds.nodes.get(p as usize) {
            if n.kind == Kind::Item {
                d += 1;
            }
            p = n.parent;
        }
        d
    }

    /// The tag path from the top level to this element.
    pub fn path(&self) -> TagPath {
        parse::path_to(&self.ds.nodes, self.idx)
    }

    /// The item this element is in, or `None` at the top level.
    pub fn parent_item(&self) -> Option<Item<'d, 'a>> {
        let p = self.node().parent;
        (p != NO_PARENT).then_some(Item {
            ds: self.ds,
            idx: p,
        })
    }

    /// Whether the value is a sequence of items (SQ, an undefined-length UN read per
    /// CP-246, or an undefined-length element of implicit VR).
    pub fn is_sequence(&self) -> bool {
        self.node().kind == Kind::Sequence
    }

    /// Whether the value is encapsulated pixel data (fragments).
    pub fn is_encapsulated(&self) -> bool {
        self.node().kind == Kind::Fragments
    }

    /// Whether parsing stopped inside this element (partial parse of truncated input).
    pub fn is_incomplete(&self) -> bool {
        self.node().has(F_INCOMPLETE)
    }

    fn children(&self) -> Elements<'d, 'a> {
        let n = self.node();
        let (first, end) = match n.kind {
            Kind::Sequence | Kind::Fragments => (self.idx + 1, n.end),
            _ => (0, 0),
        };
        Elements {
            ds: self.ds,
            next: first,
            end,
        }
    }

    /// The items of a sequence (none for other elements).
    pub fn items(&self) -> Items<'d, 'a> {
        Items {
            inner: if self.is_sequence() {
                self.children()
            } else {
                Elements {
                    ds: self.ds,
                    next: 0,
                    end: 0,
                }
            },
        }
    }

    /// Item `n` (0-based) of a sequence.
    pub fn item(&self, n: usize) -> Option<Item<'d, 'a>> {
        self.items().nth(n)
    }

    /// Number of items of a sequence (0 for other elements).
    pub fn item_count(&self) -> usize {
        self.items().count()
    }

    /// The items of encapsulated pixel data: the basic offset table first, then the
    /// fragments. Empty for other elements.
    pub fn fragments(&self) -> Fragments<'d, 'a> {
        Fragments {
            inner: if self.is_encapsulated() {
                self.children()
            } else {
                Elements {
                    ds: self.ds,
                    next: 0,
                    end: 0,
                }
            },
        }
    }

    /// For encapsulated pixel data: the basic offset table (the value of the first item,
    /// possibly empty).
    pub fn basic_offset_table(&self) -> Option<&'a [u8]> {
        self.fragments().next().map(|f| f.data())
    }

    /// For encapsulated pixel data: the frame offsets of the basic offset table (32-bit
    /// little endian numbers).
    pub fn frame_offsets(&self) -> impl Iterator<Item = u32> + 'a {
        self.basic_offset_table()
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// For a private data element (gggg,xxee) with xx ≥ 10: the identification code held by
    /// its private creator element (gggg,00xx) in the same data set or item (PS3.5 7.8.1),
    /// without padding. `None` for other elements, when the creator element is absent, or
    /// when its value is not text.
    ///
    /// ```
    /// // (0009,0010) LO "ACME 1.0", (0009,1001) LO "x"
    /// let bytes = b"\x09\x00\x10\x00LO\x08\x00ACME 1.0\x09\x00\x01\x10LO\x02\x00x ";
    /// let ds = dicom_meta::DataSet::parse(bytes, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let e = ds.element(dicom_meta::Tag::new(0x0009, 0x1001)).unwrap();
    /// assert_eq!(e.private_creator(), Some("ACME 1.0"));
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn private_creator(&self) -> Option<&'a str> {
        let creator = dict::creator_tag(self.tag())?;
        let e = match self.parent_item() {
            Some(item) => item.element(creator),
            None => self.ds.element(creator),
        }?;
        let v = e.value();
        let start = v.iter().position(|&b| b != b' ').unwrap_or(v.len());
        let end = v
            .iter()
            .rposition(|&b| b != b' ' && b != 0)
            .map_or(start, |i| i + 1)
            .max(start);
        core::str::from_utf8(&v[start..end]).ok()
    }

    /// For a private data element: its entry in private dictionary `dict`, looked up by its
    /// [private creator](Element::private_creator), group and element byte (PS3.5 7.8.1).
    ///
    /// ```
    /// use dicom_meta::dict::{DictVr, KnownPrivate};
    /// use dicom_meta::{DataSet, TransferSyntax, Vr};
    /// // Implicit VR: (0029,0010) "SIEMENS CSA HEADER", (0029,1108) with its block moved to 11.
    /// let bytes = b"\x29\x00\x11\x00\x12\x00\x00\x00SIEMENS CSA HEADER\x29\x00\x08\x11\x04\x00\x00\x00IMG ";
    /// let ds = DataSet::parse(bytes, TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN)?;
    /// let e = ds.element(dicom_meta::Tag::new(0x0029, 0x1108)).unwrap();
    /// assert_eq!(e.vr(), Vr::UN);
    /// let entry = e.private_entry(&KnownPrivate).unwrap();
    /// assert_eq!(entry.name, "CSA Image Header Type");
    /// assert_eq!(entry.vr, DictVr::One(Vr::CS));
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn private_entry<'p>(
        &self,
        dict: &'p impl dict::PrivateDictionary,
    ) -> Option<dict::PrivateEntry<'p>> {
        let creator = self.private_creator()?;
        let t = self.tag();
        dict.lookup(creator, t.group(), t.element() as u8)
    }

    /// Locates an error of this element's value.
    pub(crate) fn locate(&self, kind: ErrorKind) -> Error {
        self.ds
            .in_inflated_error(Error::new(kind, self.value_offset()).with_path(self.path()))
    }

    /// The character set that applies to this element: the nearest Specific Character Set
    /// (0008,0005) in an enclosing item, else the data set's.
    pub fn character_set(&self) -> CharacterSet {
        let mut p = self.node().parent;
        while let Some(n) = self.ds.nodes.get(p as usize) {
            if n.kind == Kind::Item {
                let item = Item {
                    ds: self.ds,
                    idx: p,
                };
                if let Some(cs) = item.element(Tag::SPECIFIC_CHARACTER_SET) {
                    return CharacterSet::from_value(cs.value());
                }
            }
            p = n.parent;
        }
        self.ds.charset
    }
}

/// Iterator over the items of a sequence.
#[derive(Clone)]
pub struct Items<'d, 'a> {
    inner: Elements<'d, 'a>,
}

impl<'d, 'a> Iterator for Items<'d, 'a> {
    type Item = Item<'d, 'a>;

    fn next(&mut self) -> Option<Item<'d, 'a>> {
        self.inner.next().map(|e| Item {
            ds: e.ds,
            idx: e.idx,
        })
    }
}

/// One item of a sequence: a nested data set, navigable like the top level.
///
/// `Debug` shows offset, length and element count, never values.
#[derive(Clone, Copy)]
pub struct Item<'d, 'a> {
    ds: &'d DataSet<'a>,
    idx: u32,
}

impl fmt::Debug for Item<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Item")
            .field("offset", &self.offset())
            .field("length", &self.length())
            .field("elements", &self.len())
            .finish()
    }
}

impl<'d, 'a> Item<'d, 'a> {
    fn scope(&self) -> Scope<'d, 'a> {
        Scope {
            ds: self.ds,
            first: self.idx + 1,
            end: self.ds.node(self.idx).end,
        }
    }

    /// Offset of the item header in [`DataSet::bytes`].
    pub fn offset(&self) -> usize {
        self.ds.node(self.idx).header_offset() as usize
    }

    /// The declared length of the item.
    pub fn length(&self) -> Length {
        let n = self.ds.node(self.idx);
        if n.has(F_UNDEFINED) {
            Length::Undefined
        } else {
            Length::Defined(n.len)
        }
    }

    /// The encoded content of the item (its elements), without header or delimiter.
    pub fn raw(&self) -> &'a [u8] {
        let n = self.ds.node(self.idx);
        &self.ds.bytes[n.value_offset as usize..n.value_end() as usize]
    }

    /// The sequence element holding this item.
    pub fn sequence(&self) -> Element<'d, 'a> {
        Element {
            ds: self.ds,
            idx: self.ds.node(self.idx).parent,
        }
    }

    /// Number of elements in the item.
    pub fn len(&self) -> usize {
        self.elements().count()
    }

    /// Whether the item has no elements.
    pub fn is_empty(&self) -> bool {
        self.ds.node(self.idx).end == self.idx + 1
    }

    /// The item's elements in order.
    pub fn elements(&self) -> Elements<'d, 'a> {
        self.scope().elements()
    }

    /// The item's element with tag `tag`.
    pub fn element(&self, tag: Tag) -> Option<Element<'d, 'a>> {
        self.scope().element(tag)
    }

    /// The element at a path relative to this item (see [`DataSet::get`]).
    pub fn get(&self, path: &str) -> Result<Option<Element<'d, 'a>>, Error> {
        self.scope().get(path)
    }
}

/// Iterator over the items of encapsulated pixel data (basic offset table first).
#[derive(Clone)]
pub struct Fragments<'d, 'a> {
    inner: Elements<'d, 'a>,
}

impl<'d, 'a> Iterator for Fragments<'d, 'a> {
    type Item = Fragment<'a>;

    fn next(&mut self) -> Option<Fragment<'a>> {
        self.inner.next().map(|e| Fragment {
            offset: e.value_offset(),
            data: e.value(),
        })
    }
}

/// One item of encapsulated pixel data: a borrowed slice of compressed bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Fragment<'a> {
    offset: usize,
    data: &'a [u8],
}

impl fmt::Debug for Fragment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fragment")
            .field("offset", &self.offset)
            .field("len", &self.data.len())
            .finish()
    }
}

impl<'a> Fragment<'a> {
    /// The fragment's bytes.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Offset of the bytes in [`DataSet::bytes`].
    pub fn offset(&self) -> usize {
        self.offset
    }
}
