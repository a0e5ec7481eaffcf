//! DICOM JSON (PS3.18 Annex F): writing a parsed data set, reading one back into an
//! [`OwnedDataSet`](crate::OwnedDataSet).

use alloc::string::String;
use core::fmt;

use crate::dataset::{DataSet, Element};
use crate::error::{Error, ErrorKind};
use crate::render::{self, BulkData, MAX_DEPTH, Numbers};
use crate::{Tag, Vr};

mod read;

pub use read::{BulkDataResolver, JsonReadOptions, from_json, from_json_with};

/// Options for writing DICOM JSON.
///
/// ```
/// use dicom_meta::JsonOptions;
/// let opts = JsonOptions::new().pretty();
/// assert!(opts.pretty && !opts.numbers_as_strings);
/// ```
#[derive(Clone, Copy, Default)]
#[non_exhaustive]
pub struct JsonOptions<'f> {
    /// Indent with two spaces per level and put each member on its own line.
    pub pretty: bool,
    /// Write IS, DS, SV and UV values as JSON strings (allowed by PS3.18 F.2.3 since
    /// CP-1861) instead of numbers. Without it, IS and DS values that are not valid numbers
    /// and SV and UV values beyond ±2^53 (not exact as IEEE doubles) are still strings.
    pub numbers_as_strings: bool,
    /// Reference large values by URI (`BulkDataURI`) instead of writing them inline.
    pub bulk_data: Option<BulkData<'f>>,
}

impl fmt::Debug for JsonOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonOptions")
            .field("pretty", &self.pretty)
            .field("numbers_as_strings", &self.numbers_as_strings)
            .field("bulk_data", &self.bulk_data)
            .finish()
    }
}

impl<'f> JsonOptions<'f> {
    /// Compact output, numbers as numbers, every value inline.
    pub const fn new() -> Self {
        JsonOptions {
            pretty: false,
            numbers_as_strings: false,
            bulk_data: None,
        }
    }

    /// The same options with indented output.
    pub const fn pretty(mut self) -> Self {
        self.pretty = true;
        self
    }

    /// The same options writing IS, DS, SV and UV values as strings.
    pub const fn numbers_as_strings(mut self) -> Self {
        self.numbers_as_strings = true;
        self
    }

    /// The same options with bulk data references.
    pub const fn bulk_data(mut self, bulk: BulkData<'f>) -> Self {
        self.bulk_data = Some(bulk);
        self
    }
}

impl DataSet<'_> {
    /// The data set as a DICOM JSON object (PS3.18 F.2): attributes in ascending tag order
    /// keyed by 8 uppercase hex digits, group lengths left out, `vr` always, then `Value`
    /// (strings, numbers, person name objects, nested item objects), `InlineBinary`
    /// (base64 of the little-endian value) or `BulkDataURI`; nothing else for empty values,
    /// `null` for empty values among several. Text is decoded with the character set that
    /// applies; Specific Character Set is kept as metadata (F.2.2 note 3).
    ///
    /// ```
    /// use dicom_meta::{DataSet, JsonOptions, TransferSyntax};
    /// let bytes = b"\x10\x00\x10\x00PN\x08\x00Doe^Jane\x10\x00\x20\x00LO\x00\x00\x28\x00\x10\x00US\x02\x00\x00\x02\x28\x00\x30\x00DS\x04\x00.5\\1";
    /// let ds = DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// assert_eq!(
    ///     ds.to_json(&JsonOptions::new())?,
    ///     r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},"00100020":{"vr":"LO"},"00280010":{"vr":"US","Value":[512]},"00280030":{"vr":"DS","Value":[0.5,1]}}"#
    /// );
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn to_json(&self, opts: &JsonOptions<'_>) -> Result<String, Error> {
        let mut out = String::with_capacity(self.raw().len() * 3 + 64);
        self.to_json_into(opts, &mut out)?;
        Ok(out)
    }

    /// [`DataSet::to_json`] appending to `out` (which holds a partial object on error).
    ///
    /// ```
    /// # let ds = dicom_meta::DataSet::parse(b"\x08\x00\x60\x00CS\x02\x00CT", dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let mut out = String::from("[");
    /// ds.to_json_into(&dicom_meta::JsonOptions::new(), &mut out)?;
    /// out.push(']');
    /// assert_eq!(out, r#"[{"00080060":{"vr":"CS","Value":["CT"]}}]"#);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn to_json_into(&self, opts: &JsonOptions<'_>, out: &mut String) -> Result<(), Error> {
        let mut w = Writer {
            out,
            opts,
            level: 0,
            first: true,
        };
        w.data_set(self.elements(), self.ordered, 0)
    }
}

struct Writer<'o, 'f> {
    out: &'o mut String,
    opts: &'o JsonOptions<'f>,
    level: usize,
    first: bool,
}

impl Writer<'_, '_> {
    fn newline(&mut self) {
        if self.opts.pretty {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str("  ");
            }
        }
    }

    fn open(&mut self, c: char) {
        self.out.push(c);
        self.level += 1;
        self.first = true;
    }

    fn close(&mut self, c: char) {
        self.level -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    /// Starts an array element or object member.
    fn next(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.newline();
    }

    fn key(&mut self, k: &str) {
        self.next();
        self.out.push('"');
        self.out.push_str(k);
        self.out
            .push_str(if self.opts.pretty { "\": " } else { "\":" });
    }

    fn string(&mut self, s: &str) {
        escape(s, self.out);
    }

    fn data_set<'d, 'a>(
        &mut self,
        elements: impl Iterator<Item = Element<'d, 'a>>,
        ordered: bool,
        depth: u32,
    ) -> Result<(), Error>
    where
        'a: 'd,
    {
        self.open('{');
        for e in render::ordered(elements, ordered) {
            self.element(&e, depth)?;
        }
        self.close('}');
        Ok(())
    }

    /// Writes `"ggggeeee":{"vr":"XX"` (in one piece when compact).
    fn attribute_head(&mut self, tag: Tag, vr: Vr) {
        if self.opts.pretty {
            self.next();
            self.out.push('"');
            render::tag_hex(tag, self.out);
            self.out.push_str("\": ");
            self.open('{');
            self.key("vr");
            self.out.push('"');
            self.out.push_str(vr.as_str());
            self.out.push('"');
            return;
        }
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut b = *b",\"ggggeeee\":{\"vr\":\"XX\"";
        for i in 0..8 {
            b[2 + i] = HEX[((tag.0 >> ((7 - i) * 4)) & 15) as usize];
        }
        let [v0, v1] = vr.to_bytes();
        b[19] = v0;
        b[20] = v1;
        let from = usize::from(self.first);
        // Hex digits and VR letters are ASCII.
        self.out
            .push_str(core::str::from_utf8(&b[from..]).unwrap_or_default());
        self.level += 1;
        self.first = false;
    }

    fn element(&mut self, e: &Element<'_, '_>, depth: u32) -> Result<(), Error> {
        let vr = if e.is_sequence() { Vr::SQ } else { e.vr() };
        self.attribute_head(e.tag(), vr);
        if e.is_sequence() {
            if e.item_count() > 0 {
                if depth >= MAX_DEPTH {
                    return Err(e.locate(ErrorKind::TooDeep(MAX_DEPTH)));
                }
                self.key("Value");
                self.open('[');
                for item in e.items() {
                    self.next();
                    self.data_set(item.elements(), e.data_set().ordered, depth + 1)?;
                }
                self.close(']');
            }
            self.close('}');
            return Ok(());
        }
        if let Some(uri) = self.opts.bulk_data.as_ref().and_then(|b| b.uri_for(e)) {
            self.key("BulkDataURI");
            self.string(&uri);
            self.close('}');
            return Ok(());
        }
        if e.value().is_empty() && !e.is_encapsulated() {
            self.close('}');
            return Ok(());
        }
        let binary = render::lenient_malformed(e)
            || matches!(
                vr,
                Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW | Vr::UN
            );
        match vr {
            _ if binary => {
                self.key("InlineBinary");
                self.out.push('"');
                crate::base64::encode_into(&render::le_binary(e), self.out);
                self.out.push('"');
            }
            Vr::PN => self.names(e)?,
            Vr::IS | Vr::DS => self.decimals(e)?,
            Vr::AT => {
                self.key("Value");
                self.open('[');
                for t in e.tags()? {
                    self.next();
                    self.out.push('"');
                    render::tag_hex(t, self.out);
                    self.out.push('"');
                }
                self.close(']');
            }
            Vr::US | Vr::SS | Vr::UL | Vr::SL | Vr::UV | Vr::SV | Vr::FL | Vr::FD => {
                self.binary_numbers(e)?
            }
            _ => self.strings(e)?,
        }
        self.close('}');
        Ok(())
    }

    fn strings(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        e.require_string()?;
        let text = e.decode()?;
        let vr = e.vr();
        let mut vals = crate::value::values(vr, &text);
        match (vals.next(), vals.next()) {
            (None, _) | (Some(""), None) => return Ok(()),
            _ => {}
        }
        self.key("Value");
        self.open('[');
        for v in crate::value::values(vr, &text) {
            self.next();
            if v.is_empty() {
                self.out.push_str("null");
            } else {
                self.string(v);
            }
        }
        self.close(']');
        Ok(())
    }

    fn names(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        let names = e.person_names()?;
        if names.len() <= 1 && names.iter().all(|n| n.is_empty()) {
            return Ok(());
        }
        self.key("Value");
        self.open('[');
        for n in &names {
            self.next();
            if n.is_empty() {
                self.out.push_str("null");
                continue;
            }
            self.open('{');
            for (key, group) in [
                ("Alphabetic", &n.alphabetic),
                ("Ideographic", &n.ideographic),
                ("Phonetic", &n.phonetic),
            ] {
                if !group.is_empty() {
                    self.key(key);
                    self.string(group.as_str());
                }
            }
            self.close('}');
        }
        self.close(']');
        Ok(())
    }

    fn decimals(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        e.require_string()?;
        let text = e.decode()?;
        let vr = e.vr();
        let mut vals = crate::value::values(vr, &text);
        match (vals.next(), vals.next()) {
            (None, _) | (Some(""), None) => return Ok(()),
            _ => {}
        }
        self.key("Value");
        self.open('[');
        for v in crate::value::values(vr, &text) {
            self.next();
            if v.is_empty() {
                self.out.push_str("null");
            } else if self.opts.numbers_as_strings || !render::json_number(v, self.out) {
                self.string(v);
            }
        }
        self.close(']');
        Ok(())
    }

    fn binary_numbers(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        use core::fmt::Write;
        // SV and UV values beyond 2^53 are strings: a JSON number reader using IEEE doubles
        // could not hold them exactly (PS3.18 F.2.3, CP-1861).
        let big = matches!(e.vr(), Vr::SV | Vr::UV);
        let exact = |n: i128| n.unsigned_abs() <= 1 << 53;
        self.key("Value");
        self.open('[');
        match render::numbers(e)? {
            Numbers::Int(v) => {
                for n in v {
                    self.next();
                    let quote = big && (self.opts.numbers_as_strings || !exact(n));
                    if quote {
                        self.out.push('"');
                    }
                    let _ = write!(self.out, "{n}");
                    if quote {
                        self.out.push('"');
                    }
                }
            }
            Numbers::Float(v, single) => {
                for x in v {
                    self.next();
                    if !render::float_text(x, single, self.out) {
                        self.string(render::non_finite(x));
                    }
                }
            }
        }
        self.close(']');
        Ok(())
    }
}

/// Writes `s` as a JSON string: quotes, backslash and control characters escaped.
pub(crate) fn escape(s: &str, out: &mut String) {
    out.push('"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Parses an attribute key: 8 hexadecimal digits.
pub(crate) fn parse_key(k: &str) -> Option<Tag> {
    if k.len() != 8 {
        return None;
    }
    Tag::parse(k)
}
