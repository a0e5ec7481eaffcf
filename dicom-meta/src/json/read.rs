//! Reading DICOM JSON (PS3.18 F.2) into an owned data set.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::charset::CharacterSet;
use crate::error::{Error, ErrorKind};
use crate::owned::{OwnedDataSet, OwnedElement, Value};
use crate::render::MAX_DEPTH;
use crate::{Tag, Vr};

/// Resolves a `BulkDataURI` of an element (tag, VR) to its value bytes.
pub type BulkDataResolver<'f> = &'f dyn Fn(&str, Tag, Vr) -> Option<Vec<u8>>;

/// Options for reading DICOM JSON.
///
/// ```
/// use dicom_meta::{JsonReadOptions, Tag, Vr};
/// let fetch = |uri: &str, _tag: Tag, _vr: Vr| (uri == "https://pacs.example/1").then(|| vec![1, 2]);
/// let opts = JsonReadOptions::new().bulk_data(&fetch);
/// assert!(opts.bulk_data.is_some());
/// ```
#[derive(Clone, Copy, Default)]
#[non_exhaustive]
pub struct JsonReadOptions<'f> {
    /// Resolves a `BulkDataURI` to the value bytes (little endian for binary VRs). Without
    /// a resolver, or when it gives `None`, reading fails with
    /// [`ErrorKind::UnresolvedBulkData`].
    pub bulk_data: Option<BulkDataResolver<'f>>,
}

impl fmt::Debug for JsonReadOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonReadOptions")
            .field("bulk_data", &self.bulk_data.is_some())
            .finish()
    }
}

impl<'f> JsonReadOptions<'f> {
    /// No bulk data resolver.
    pub const fn new() -> Self {
        JsonReadOptions { bulk_data: None }
    }

    /// The same options with a bulk data resolver.
    pub const fn bulk_data(mut self, f: BulkDataResolver<'f>) -> Self {
        self.bulk_data = Some(f);
        self
    }
}

/// Reads a DICOM JSON object (PS3.18 F.2) into an owned data set.
///
/// Text values are encoded in the Specific Character Set the object (or an enclosing item)
/// declares, when it is the default repertoire, ISO_IR 100 or ISO_IR 192 (other declared
/// sets accept ASCII text only); numbers keep their exact text for IS and DS, binary
/// numbers and InlineBinary become little-endian bytes. Errors give the byte offset in the
/// JSON text and the tag path.
///
/// ```
/// use dicom_meta::{DataSet, JsonOptions, TransferSyntax, WriteOptions, from_json, tags};
/// let json = r#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Jane"}]},
///               "00280010":{"vr":"US","Value":[512]},
///               "00081115":{"vr":"SQ","Value":[{"0020000E":{"vr":"UI","Value":["1.2.3"]}}]}}"#;
/// let owned = from_json(json)?;
/// assert_eq!(owned.get(tags::PatientName).unwrap().text(), Some("Doe^Jane"));
/// let bytes = owned.write(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN, &WriteOptions::new())?;
/// let ds = DataSet::parse(&bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
/// assert_eq!(ds.get("ReferencedSeriesSequence[0].SeriesInstanceUID")?.unwrap().uid()?, "1.2.3");
/// assert_eq!(from_json(&ds.to_json(&JsonOptions::new())?)?, owned);
/// # Ok::<(), dicom_meta::Error>(())
/// ```
pub fn from_json(text: &str) -> Result<OwnedDataSet, Error> {
    from_json_with(text, &JsonReadOptions::new())
}

/// [`from_json`] with options.
pub fn from_json_with(text: &str, opts: &JsonReadOptions<'_>) -> Result<OwnedDataSet, Error> {
    let mut p = Parser {
        b: text.as_bytes(),
        s: text,
        pos: 0,
    };
    p.ws();
    let root = p.value()?;
    p.ws();
    if p.pos != p.b.len() {
        return Err(p.err("text after the top-level value"));
    }
    let reader = Reader { opts };
    reader.data_set(&root, CharacterSet::DEFAULT, 0)
}

/// A parsed JSON value with the byte offset where it starts.
struct J<'t> {
    at: usize,
    v: V<'t>,
}

enum V<'t> {
    Null,
    Bool,
    Number(&'t str),
    String(Cow<'t, str>),
    Array(Vec<J<'t>>),
    Object(Vec<(Cow<'t, str>, J<'t>)>),
}

/// JSON nesting allowed: three levels per sequence (attribute object, Value array, item).
const MAX_JSON_DEPTH: u32 = MAX_DEPTH * 3 + 4;

/// An array or object being read: where it starts, what it holds so far, and for an object
/// the name of the member whose value comes next.
enum Open<'t> {
    Array(usize, Vec<J<'t>>),
    Object(usize, Vec<(Cow<'t, str>, J<'t>)>, Option<Cow<'t, str>>),
}

struct Parser<'t> {
    b: &'t [u8],
    s: &'t str,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn err(&self, what: &'static str) -> Error {
        Error::new(ErrorKind::InvalidJson(what), self.pos)
    }

    fn ws(&mut self) {
        while self
            .b
            .get(self.pos)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A member name and its colon.
    fn key(&mut self) -> Result<Cow<'t, str>, Error> {
        self.ws();
        if self.b.get(self.pos) != Some(&b'"') {
            return Err(self.err("expected a member name"));
        }
        let k = self.string()?;
        self.ws();
        if !self.eat(b':') {
            return Err(self.err("expected ':'"));
        }
        Ok(k)
    }

    /// Parses one value, iteratively (an explicit stack of open arrays and objects, at most
    /// [`MAX_JSON_DEPTH`] deep), so that no input can exhaust the call stack.
    fn value(&mut self) -> Result<J<'t>, Error> {
        let mut stack: Vec<Open<'t>> = Vec::new();
        'value: loop {
            self.ws();
            let at = self.pos;
            let mut done = match self.b.get(self.pos) {
                Some(b'{') | Some(b'[') => {
                    if stack.len() >= MAX_JSON_DEPTH as usize {
                        return Err(Error::new(ErrorKind::TooDeep(MAX_DEPTH), self.pos));
                    }
                    let object = self.b[self.pos] == b'{';
                    self.pos += 1;
                    self.ws();
                    if object {
                        if self.eat(b'}') {
                            J {
                                at,
                                v: V::Object(Vec::new()),
                            }
                        } else {
                            let k = self.key()?;
                            stack.push(Open::Object(at, Vec::new(), Some(k)));
                            continue 'value;
                        }
                    } else if self.eat(b']') {
                        J {
                            at,
                            v: V::Array(Vec::new()),
                        }
                    } else {
                        stack.push(Open::Array(at, Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'"') => J {
                    at,
                    v: V::String(self.string()?),
                },
                Some(b'-' | b'0'..=b'9') => J {
                    at,
                    v: V::Number(self.number()?),
                },
                _ => {
                    let rest = &self.b[self.pos..];
                    let (len, v) = if rest.starts_with(b"null") {
                        (4, V::Null)
                    } else if rest.starts_with(b"true") {
                        (4, V::Bool)
                    } else if rest.starts_with(b"false") {
                        (5, V::Bool)
                    } else {
                        return Err(self.err("expected a value"));
                    };
                    self.pos += len;
                    J { at, v }
                }
            };
            // Attach the finished value to its container, closing containers as they end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                match top {
                    Open::Array(_, items) => items.push(done),
                    Open::Object(_, members, key) => {
                        members.push((key.take().unwrap_or_default(), done))
                    }
                }
                self.ws();
                if self.eat(b',') {
                    if let Open::Object(_, _, key) = top {
                        *key = Some(self.key()?);
                    }
                    continue 'value;
                }
                let closes = match top {
                    Open::Array(..) => b']',
                    Open::Object(..) => b'}',
                };
                if !self.eat(closes) {
                    return Err(self.err(if closes == b']' {
                        "expected ',' or ']'"
                    } else {
                        "expected ',' or '}'"
                    }));
                }
                done = match stack.pop() {
                    Some(Open::Array(at, items)) => J {
                        at,
                        v: V::Array(items),
                    },
                    Some(Open::Object(at, members, _)) => J {
                        at,
                        v: V::Object(members),
                    },
                    None => return Err(self.err("unbalanced")),
                };
            }
        }
    }

    fn number(&mut self) -> Result<&'t str, Error> {
        let start = self.pos;
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.b.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - s
        };
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return Err(self.err("malformed number"));
        }
        if self.eat(b'.') && digits(self) == 0 {
            return Err(self.err("malformed number"));
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("malformed number"));
            }
        }
        Ok(&self.s[start..self.pos])
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self
            .s
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("malformed \\u escape"))?;
        self.pos += 4;
        u32::from_str_radix(h, 16).map_err(|_| self.err("malformed \\u escape"))
    }

    fn string(&mut self) -> Result<Cow<'t, str>, Error> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        // Fast path: no escapes.
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Borrowed(&self.s[start..self.pos - 1]));
                }
                b'\\' => break,
                0..=0x1F => return Err(self.err("control character in a string")),
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(&self.s[start..self.pos]);
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    // Errors of an escape point at its backslash (never past the text).
                    let at = self.pos;
                    let Some(&e) = self.b.get(at + 1) else {
                        return Err(self.err("unterminated string"));
                    };
                    self.pos += 2;
                    let ch = match Some(e) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return Err(self.err("lone surrogate"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp).ok_or_else(|| self.err("lone surrogate"))?
                        }
                        _ => {
                            self.pos = at;
                            return Err(self.err("malformed escape"));
                        }
                    };
                    out.push(ch);
                }
                0..=0x1F => return Err(self.err("control character in a string")),
                _ => {
                    // Copy the run up to the next quote or backslash.
                    let run = self.pos;
                    while self
                        .b
                        .get(self.pos)
                        .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
                    {
                        self.pos += 1;
                    }
                    out.push_str(&self.s[run..self.pos]);
                }
            }
        }
    }
}

struct Reader<'o, 'f> {
    opts: &'o JsonReadOptions<'f>,
}

fn bad(at: usize, what: &'static str) -> Error {
    Error::new(ErrorKind::InvalidJson(what), at)
}

fn member<'j, 't>(members: &'j [(Cow<'t, str>, J<'t>)], name: &str) -> Option<&'j J<'t>> {
    members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

impl Reader<'_, '_> {
    fn data_set(
        &self,
        j: &J<'_>,
        inherited: CharacterSet,
        depth: u32,
    ) -> Result<OwnedDataSet, Error> {
        let V::Object(members) = &j.v else {
            return Err(bad(j.at, "a data set must be an object"));
        };
        // Specific Character Set of this level first: it decides how text is encoded.
        let mut cs = inherited;
        if let Some((_, attr)) = members.iter().find(|(k, _)| k == "00080005") {
            let v = self.element(Tag::SPECIFIC_CHARACTER_SET, attr, cs, depth)?;
            if let Some(b) = v.bytes() {
                cs = CharacterSet::from_value(b);
            }
        }
        let mut ds = OwnedDataSet::new();
        for (k, attr) in members {
            let tag = super::parse_key(k).ok_or_else(|| bad(attr.at, "attribute name"))?;
            let el = self.element(tag, attr, cs, depth).map_err(|mut e| {
                if e.path.is_empty() {
                    e.path.push_outer(tag, None);
                }
                e
            })?;
            if ds.insert(el).is_some() {
                return Err(bad(attr.at, "repeated attribute"));
            }
        }
        Ok(ds)
    }

    fn element(
        &self,
        tag: Tag,
        attr: &J<'_>,
        cs: CharacterSet,
        depth: u32,
    ) -> Result<OwnedElement, Error> {
        let V::Object(m) = &attr.v else {
            return Err(bad(attr.at, "an attribute must be an object"));
        };
        let vr = match member(m, "vr").map(|j| &j.v) {
            Some(V::String(s)) => {
                let b = s.as_bytes();
                (b.len() == 2)
                    .then(|| Vr::from_bytes([b[0], b[1]]))
                    .flatten()
                    .ok_or_else(|| bad(attr.at, "unknown vr"))?
            }
            _ => return Err(bad(attr.at, "missing vr")),
        };
        let value = member(m, "Value");
        let inline = member(m, "InlineBinary");
        let bulk = member(m, "BulkDataURI");
        if [value, inline, bulk].iter().filter(|x| x.is_some()).count() > 1 {
            return Err(bad(
                attr.at,
                "more than one of Value, InlineBinary, BulkDataURI",
            ));
        }
        let value = if let Some(j) = inline {
            let V::String(s) = &j.v else {
                return Err(bad(j.at, "InlineBinary must be a string"));
            };
            Value::Bytes(crate::base64::decode(s).ok_or_else(|| bad(j.at, "InlineBinary"))?)
        } else if let Some(j) = bulk {
            let V::String(uri) = &j.v else {
                return Err(bad(j.at, "BulkDataURI must be a string"));
            };
            let bytes = self
                .opts
                .bulk_data
                .and_then(|f| f(uri, tag, vr))
                .ok_or_else(|| Error::new(ErrorKind::UnresolvedBulkData, j.at))?;
            Value::Bytes(bytes)
        } else if let Some(j) = value {
            let V::Array(values) = &j.v else {
                return Err(bad(j.at, "Value must be an array"));
            };
            self.values(tag, vr, values, j.at, cs, depth)?
        } else {
            Value::Empty
        };
        let value = match value {
            Value::Bytes(b) if b.is_empty() => Value::Empty,
            v => v,
        };
        Ok(OwnedElement::new(tag, vr, value))
    }

    fn values(
        &self,
        tag: Tag,
        vr: Vr,
        values: &[J<'_>],
        at: usize,
        cs: CharacterSet,
        depth: u32,
    ) -> Result<Value, Error> {
        use Vr::*;
        match vr {
            SQ => {
                if depth >= MAX_DEPTH {
                    return Err(Error::new(ErrorKind::TooDeep(MAX_DEPTH), at));
                }
                let mut items = Vec::with_capacity(values.len());
                for (n, j) in values.iter().enumerate() {
                    let item = self.data_set(j, cs, depth + 1).map_err(|mut e| {
                        e.path.push_outer(tag, Some(n as u32));
                        e
                    })?;
                    items.push(item);
                }
                Ok(Value::Items(items))
            }
            OB | OD | OF | OL | OV | OW | UN => Err(bad(at, "Value not allowed for binary VRs")),
            _ => {
                let mut out = Vec::new();
                for (n, j) in values.iter().enumerate() {
                    if n > 0 && vr.is_string() {
                        out.push(b'\\');
                    }
                    self.one_value(vr, j, cs, &mut out)?;
                }
                Ok(Value::Bytes(out))
            }
        }
    }

    fn one_value(
        &self,
        vr: Vr,
        j: &J<'_>,
        cs: CharacterSet,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        use Vr::*;
        let at = j.at;
        let wrong = || bad(at, "value of the wrong JSON type for its vr");
        match (vr, &j.v) {
            (_, V::Null) if vr.is_string() => Ok(()),
            (_, V::Null) => Err(wrong()),
            (PN, V::Object(groups)) => {
                let mut text = String::new();
                let parts: Vec<&str> = ["Alphabetic", "Ideographic", "Phonetic"]
                    .iter()
                    .map(|k| match member(groups, k).map(|g| &g.v) {
                        Some(V::String(s)) => Ok(s.as_ref()),
                        None => Ok(""),
                        Some(_) => Err(wrong()),
                    })
                    .collect::<Result<_, _>>()?;
                if parts.iter().any(|p| p.contains('=')) {
                    return Err(bad(at, "'=' inside a person name group"));
                }
                let used = parts
                    .iter()
                    .rposition(|p| !p.is_empty())
                    .map_or(0, |i| i + 1);
                for (i, p) in parts[..used].iter().enumerate() {
                    if i > 0 {
                        text.push('=');
                    }
                    text.push_str(p);
                }
                self.text(vr, &text, cs, at, out)
            }
            (IS | DS, V::Number(n)) => {
                let t = if vr == IS { is_text(n) } else { ds_text(n) };
                let t = t.ok_or_else(|| Error::new(ErrorKind::InvalidValue(vr.as_str()), at))?;
                out.extend_from_slice(t.as_bytes());
                Ok(())
            }
            (AT, V::String(s)) => {
                let t = super::parse_key(s).ok_or_else(|| bad(at, "AT value"))?;
                out.extend_from_slice(&t.group().to_le_bytes());
                out.extend_from_slice(&t.element().to_le_bytes());
                Ok(())
            }
            (US | SS | UL | SL | SV | UV, V::Number(n) | V::String(Cow::Borrowed(n))) => {
                let x: i128 = n
                    .parse()
                    .map_err(|_| Error::new(ErrorKind::InvalidValue(vr.as_str()), at))?;
                let range = |lo: i128, hi: i128| {
                    (lo..=hi)
                        .contains(&x)
                        .then_some(())
                        .ok_or_else(|| Error::new(ErrorKind::InvalidValue(vr.as_str()), at))
                };
                match vr {
                    US => range(0, 0xFFFF).map(|()| out.extend((x as u16).to_le_bytes())),
                    SS => range(-0x8000, 0x7FFF).map(|()| out.extend((x as i16).to_le_bytes())),
                    UL => range(0, 0xFFFF_FFFF).map(|()| out.extend((x as u32).to_le_bytes())),
                    SL => range(i32::MIN.into(), i32::MAX.into())
                        .map(|()| out.extend((x as i32).to_le_bytes())),
                    UV => range(0, u64::MAX.into()).map(|()| out.extend((x as u64).to_le_bytes())),
                    _ => range(i64::MIN.into(), i64::MAX.into())
                        .map(|()| out.extend((x as i64).to_le_bytes())),
                }
            }
            (FL | FD, V::Number(_) | V::String(_)) => {
                let x: f64 = match &j.v {
                    V::Number(n) => n.parse().map_err(|_| wrong())?,
                    V::String(s) => match s.as_ref() {
                        "NaN" => f64::NAN,
                        "Infinity" => f64::INFINITY,
                        "-Infinity" => f64::NEG_INFINITY,
                        _ => return Err(wrong()),
                    },
                    _ => return Err(wrong()),
                };
                if vr == FL {
                    out.extend((x as f32).to_le_bytes());
                } else {
                    out.extend(x.to_le_bytes());
                }
                Ok(())
            }
            (_, V::String(s)) if vr.is_string() && vr != PN => self.text(vr, s, cs, at, out),
            _ => Err(wrong()),
        }
    }

    /// Encodes text of a string VR: in the character set for the VRs it applies to, in the
    /// default repertoire for the others.
    fn text(
        &self,
        vr: Vr,
        s: &str,
        cs: CharacterSet,
        at: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        if s.contains('\\') && vr.is_multi_valued_string() {
            return Err(bad(at, "backslash inside one value"));
        }
        let cs = if vr.uses_character_set() {
            cs
        } else {
            CharacterSet::DEFAULT
        };
        cs.encode_into(s, out).map_err(|kind| Error::new(kind, at))
    }
}

/// An IS value from a JSON number: an integer in DICOM's range.
fn is_text(n: &str) -> Option<Cow<'_, str>> {
    let x: i64 = n.parse().ok()?;
    (-(1i64 << 31)..(1i64 << 31))
        .contains(&x)
        .then_some(Cow::Borrowed(n))
}

/// A DS value (at most 16 characters) from a JSON number, exact when it fits.
fn ds_text(n: &str) -> Option<Cow<'_, str>> {
    if n.len() <= 16 {
        return Some(Cow::Borrowed(n));
    }
    let x: f64 = n.parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    // The closest of the longest fixed-point and exponent forms that fit.
    let fixed = (0..16usize)
        .rev()
        .map(|p| alloc::format!("{x:.p$}"))
        .find(|s| s.len() <= 16);
    let exp = (0..16usize)
        .rev()
        .map(|p| alloc::format!("{x:.p$e}"))
        .find(|s| s.len() <= 16);
    let error = |s: &String| (s.parse::<f64>().unwrap_or(f64::INFINITY) - x).abs();
    match (fixed, exp) {
        (Some(f), Some(e)) => Some(Cow::Owned(if error(&f) <= error(&e) { f } else { e })),
        (f, e) => f.or(e).map(Cow::Owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax() {
        for bad in [
            "",
            "{",
            "{\"a\"}",
            "[1,]",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\u{1}\"",
            "{} x",
            "\"\\ud800\"",
            "tru",
        ] {
            let mut p = Parser {
                b: bad.as_bytes(),
                s: bad,
                pos: 0,
            };
            let r = p.value().and_then(|_| {
                p.ws();
                if p.pos == p.b.len() {
                    Ok(())
                } else {
                    Err(p.err("trailing"))
                }
            });
            assert!(r.is_err(), "{bad:?}");
        }
        let s = "{\"k\": [\"a\\u00e9\\ud83d\\ude00\\n\", -1.5e3, null, true]}";
        let mut p = Parser {
            b: s.as_bytes(),
            s,
            pos: 0,
        };
        let J {
            v: V::Object(m), ..
        } = p.value().unwrap()
        else {
            panic!()
        };
        let V::Array(a) = &m[0].1.v else { panic!() };
        let V::String(t) = &a[0].v else { panic!() };
        assert_eq!(t, "aé😀\n");
        assert!(matches!(a[1].v, V::Number("-1.5e3")));
    }

    #[test]
    fn decimal_text() {
        assert_eq!(ds_text("0.5").unwrap(), "0.5");
        let t = ds_text("0.10000000149011612").unwrap();
        assert!(t.len() <= 16);
        assert!(
            (t.parse::<f64>().unwrap() - 0.10000000149011612).abs() < 1e-14,
            "{t}"
        );
        let t = ds_text("-1.2345678901234567e-300").unwrap();
        assert!(t.len() <= 16, "{t}");
        assert!(is_text("2147483648").is_none());
        assert_eq!(is_text("-12").unwrap(), "-12");
    }
}
