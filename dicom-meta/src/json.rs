//! DICOM JSON (PS3.18 Annex F): writing a parsed data set, reading one back into an
//! [`OwnedDataSet`](crate::OwnedDataSet).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::dataset::{DataSet, Element};
use crate::error::{Error, ErrorKind};
use crate::render::{self, BulkData, MAX_DEPTH};
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
    /// or would not read back as themselves (an IS beyond DICOM's 32-bit range, a DS whose
    /// number takes more than 16 characters) and SV and UV values beyond ±2^53 (not exact as
    /// IEEE doubles) are still strings.
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
        // Written as bytes (only ASCII syntax and text that is UTF-8 already), checked once
        // at the end.
        let mut buf = core::mem::take(out).into_bytes();
        let mut w = Writer {
            out: &mut buf,
            opts,
            level: 0,
            first: true,
        };
        let result = w.data_set(self.elements(), self.ordered, 0);
        *out = match String::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        result
    }
}

struct Writer<'o, 'f> {
    out: &'o mut Vec<u8>,
    opts: &'o JsonOptions<'f>,
    level: usize,
    first: bool,
}

/// Whether a JSON string can carry `v` as it is: printable ASCII or DEL, no quote, and no
/// backslash unless `backslash` (a value separator, never written). Branch-free so that it
/// runs over whole words.
#[inline]
fn plain(v: &[u8], backslash: bool) -> bool {
    let mut bad = false;
    for &c in v {
        bad |= !(0x20..0x80).contains(&c) || c == b'"' || (!backslash && c == b'\\');
    }
    !bad
}

/// Trailing padding (spaces, NUL) removed.
#[inline]
fn trim_end(v: &[u8]) -> &[u8] {
    let end = v
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(0, |i| i + 1);
    &v[..end]
}

/// The values of a plain string value (see [`plain`]), as [`crate::value`] splits and trims
/// them: on backslashes when `multi`, leading spaces removed unless `keep_leading`.
fn plain_values(v: &[u8], multi: bool, keep_leading: bool) -> impl Iterator<Item = &[u8]> {
    let mut rest = (!v.is_empty()).then_some(v);
    core::iter::from_fn(move || {
        let t = rest?;
        let at = if multi {
            t.iter().position(|&c| c == b'\\')
        } else {
            None
        };
        let (one, r) = match at {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        rest = r;
        let one = trim_end(one);
        let start = if keep_leading {
            0
        } else {
            one.iter().position(|&c| c != b' ').unwrap_or(one.len())
        };
        Some(&one[start..])
    })
}

impl Writer<'_, '_> {
    fn newline(&mut self) {
        if self.opts.pretty {
            self.out.push(b'\n');
            for _ in 0..self.level {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn open(&mut self, c: u8) {
        self.out.push(c);
        self.level += 1;
        self.first = true;
    }

    fn close(&mut self, c: u8) {
        self.level -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    /// Starts an array element or object member.
    #[inline]
    fn next(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.newline();
    }

    fn key(&mut self, k: &str) {
        self.next();
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out
            .extend_from_slice(if self.opts.pretty { b"\": " } else { b"\":" });
    }

    /// Starts the `Value` array: `"Value":[` (with a comma unless first).
    #[inline]
    fn value_array(&mut self) {
        if self.opts.pretty {
            self.key("Value");
            self.open(b'[');
            return;
        }
        const VALUE: &[u8] = b",\"Value\":[";
        let from = usize::from(self.first);
        self.out.extend_from_slice(&VALUE[from..]);
        self.level += 1;
        self.first = true;
    }

    fn string(&mut self, s: &str) {
        escape(s, self.out);
    }

    /// A value known to be [`plain`], quoted.
    #[inline]
    fn plain_string(&mut self, v: &[u8]) {
        self.out.reserve(v.len() + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(v);
        self.out.push(b'"');
    }

    fn data_set<'d, 'a>(
        &mut self,
        elements: crate::Elements<'d, 'a>,
        ordered: bool,
        depth: u32,
    ) -> Result<(), Error>
    where
        'a: 'd,
    {
        self.open(b'{');
        if ordered {
            for e in elements {
                if !e.tag().is_group_length() {
                    self.element(&e, depth)?;
                }
            }
        } else {
            for e in render::ordered(elements, ordered) {
                self.element(&e, depth)?;
            }
        }
        self.close(b'}');
        Ok(())
    }

    /// Writes `"ggggeeee":{"vr":"XX"` (in one piece when compact).
    fn attribute_head(&mut self, tag: Tag, vr: Vr) {
        if self.opts.pretty {
            self.next();
            self.out.push(b'"');
            self.out.extend_from_slice(&render::tag_digits(tag));
            self.out.extend_from_slice(b"\": ");
            self.open(b'{');
            self.key("vr");
            self.out.push(b'"');
            self.out.extend_from_slice(&vr.to_bytes());
            self.out.push(b'"');
            return;
        }
        let mut b = *b",\"ggggeeee\":{\"vr\":\"XX\"";
        b[2..10].copy_from_slice(&render::tag_digits(tag));
        let [v0, v1] = vr.to_bytes();
        b[19] = v0;
        b[20] = v1;
        let from = usize::from(self.first);
        self.out.extend_from_slice(&b[from..]);
        self.level += 1;
        self.first = false;
    }

    fn element(&mut self, e: &Element<'_, '_>, depth: u32) -> Result<(), Error> {
        let sequence = e.is_sequence();
        let vr = if sequence { Vr::SQ } else { e.vr() };
        self.attribute_head(e.tag(), vr);
        if sequence {
            if e.item_count() > 0 {
                if depth >= MAX_DEPTH {
                    return Err(e.locate(ErrorKind::TooDeep(MAX_DEPTH)));
                }
                self.value_array();
                for item in e.items() {
                    self.next();
                    self.data_set(item.elements(), e.data_set().ordered, depth + 1)?;
                }
                self.close(b']');
            }
            self.close(b'}');
            return Ok(());
        }
        if let Some(uri) = self.opts.bulk_data.as_ref().and_then(|b| b.uri_for(e)) {
            self.key("BulkDataURI");
            self.string(&uri);
            self.close(b'}');
            return Ok(());
        }
        if e.value().is_empty() && !e.is_encapsulated() {
            self.close(b'}');
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
                self.out.push(b'"');
                crate::base64::encode_bytes(&render::le_binary(e), self.out);
                self.out.push(b'"');
            }
            Vr::PN => self.names(e)?,
            Vr::IS | Vr::DS => self.decimals(e)?,
            Vr::AT => {
                self.value_array();
                for t in e.tags()? {
                    self.next();
                    self.out.push(b'"');
                    self.out.extend_from_slice(&render::tag_digits(t));
                    self.out.push(b'"');
                }
                self.close(b']');
            }
            Vr::US | Vr::SS | Vr::UL | Vr::SL | Vr::UV | Vr::SV | Vr::FL | Vr::FD => {
                self.binary_numbers(e)?
            }
            _ => self.strings(e)?,
        }
        self.close(b'}');
        Ok(())
    }

    fn strings(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        let vr = e.vr();
        if vr.is_string() {
            // Fast path: text that decodes to itself in every character set and needs no
            // escaping is split and trimmed as bytes.
            let multi = vr.is_multi_valued_string();
            let v = trim_end(e.value());
            if plain(v, multi) {
                let keep_leading = matches!(vr, Vr::LT | Vr::ST | Vr::UT | Vr::UC | Vr::UR);
                let mut vals = plain_values(v, multi, keep_leading);
                match (vals.next(), vals.next()) {
                    (None, _) | (Some(b""), None) => return Ok(()),
                    _ => {}
                }
                self.value_array();
                for one in plain_values(v, multi, keep_leading) {
                    self.next();
                    if one.is_empty() {
                        self.out.extend_from_slice(b"null");
                    } else {
                        self.plain_string(one);
                    }
                }
                self.close(b']');
                return Ok(());
            }
        }
        e.require_string()?;
        let text = e.decode()?;
        let mut vals = crate::value::values(vr, &text);
        match (vals.next(), vals.next()) {
            (None, _) | (Some(""), None) => return Ok(()),
            _ => {}
        }
        self.value_array();
        for v in crate::value::values(vr, &text) {
            self.next();
            if v.is_empty() {
                self.out.extend_from_slice(b"null");
            } else {
                self.string(v);
            }
        }
        self.close(b']');
        Ok(())
    }

    fn names(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        let names = e.person_names()?;
        if names.len() <= 1 && names.iter().all(|n| n.is_empty()) {
            return Ok(());
        }
        self.value_array();
        for n in &names {
            self.next();
            if n.is_empty() {
                self.out.extend_from_slice(b"null");
                continue;
            }
            self.open(b'{');
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
            self.close(b'}');
        }
        self.close(b']');
        Ok(())
    }

    /// One IS or DS value as a JSON number, when numbers are wanted and the number reads
    /// back as the same value (IS: an integer in DICOM's range; DS: at most 16 characters);
    /// `false` (and nothing written) otherwise.
    fn number(&mut self, vr: Vr, v: &[u8]) -> bool {
        if self.opts.numbers_as_strings {
            return false;
        }
        let mark = self.out.len();
        if !render::json_number(v, self.out) {
            return false;
        }
        let n = &self.out[mark..];
        let fits = if vr == Vr::IS {
            core::str::from_utf8(n)
                .ok()
                .and_then(|t| t.parse::<i64>().ok())
                .is_some_and(|x| (-(1i64 << 31)..(1i64 << 31)).contains(&x))
        } else {
            n.len() <= 16
        };
        if !fits {
            self.out.truncate(mark);
        }
        fits
    }

    /// One IS or DS value: a JSON number when it is one that reads back (see
    /// [`Writer::number`]), else a string.
    fn decimal(&mut self, vr: Vr, v: &str) {
        if v.is_empty() {
            self.out.extend_from_slice(b"null");
        } else if !self.number(vr, v.as_bytes()) {
            self.string(v);
        }
    }

    fn decimals(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        let vr = e.vr();
        let v = trim_end(e.value());
        if plain(v, true) {
            // Fast path, as in `strings`.
            let mut vals = plain_values(v, true, false);
            match (vals.next(), vals.next()) {
                (None, _) | (Some(b""), None) => return Ok(()),
                _ => {}
            }
            self.value_array();
            for one in plain_values(v, true, false) {
                self.next();
                if one.is_empty() {
                    self.out.extend_from_slice(b"null");
                } else if !self.number(vr, one) {
                    self.plain_string(one);
                }
            }
            self.close(b']');
            return Ok(());
        }
        e.require_string()?;
        let text = e.decode()?;
        let mut vals = crate::value::values(vr, &text);
        match (vals.next(), vals.next()) {
            (None, _) | (Some(""), None) => return Ok(()),
            _ => {}
        }
        self.value_array();
        for v in crate::value::values(vr, &text) {
            self.next();
            self.decimal(vr, v);
        }
        self.close(b']');
        Ok(())
    }

    fn int(&mut self, n: i128, big: bool) {
        // SV and UV values beyond 2^53 are strings: a JSON number reader using IEEE doubles
        // could not hold them exactly (PS3.18 F.2.3, CP-1861).
        self.next();
        let quote = big && (self.opts.numbers_as_strings || n.unsigned_abs() > 1 << 53);
        if quote {
            self.out.push(b'"');
        }
        render::int_text(n, self.out);
        if quote {
            self.out.push(b'"');
        }
    }

    fn float(&mut self, x: f64, single: bool) {
        self.next();
        if !render::float_text(x, single, &mut render::Utf8Vec(self.out)) {
            self.string(render::non_finite(x));
        }
    }

    fn binary_numbers(&mut self, e: &Element<'_, '_>) -> Result<(), Error> {
        let big = matches!(e.vr(), Vr::SV | Vr::UV);
        self.value_array();
        match e.vr() {
            Vr::US => e.u16s()?.for_each(|n| self.int(n.into(), big)),
            Vr::SS => e.i16s()?.for_each(|n| self.int(n.into(), big)),
            Vr::UL => e.u32s()?.for_each(|n| self.int(n.into(), big)),
            Vr::SL => e.i32s()?.for_each(|n| self.int(n.into(), big)),
            Vr::UV => e.u64s()?.for_each(|n| self.int(n.into(), big)),
            Vr::SV => e.i64s()?.for_each(|n| self.int(n.into(), big)),
            Vr::FL => e.f32s()?.for_each(|x| self.float(x.into(), true)),
            Vr::FD => e.f64s()?.for_each(|x| self.float(x, false)),
            vr => return Err(e.locate(ErrorKind::InvalidValue(vr.as_str()))),
        }
        self.close(b']');
        Ok(())
    }
}

/// Writes `s` as a JSON string: quotes, backslash and control characters escaped.
pub(crate) fn escape(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(&b[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 15)]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Parses an attribute key: 8 hexadecimal digits.
pub(crate) fn parse_key(k: &str) -> Option<Tag> {
    if k.len() != 8 {
        return None;
    }
    Tag::parse(k)
}
