//! What the DICOM JSON and Native DICOM Model XML writers share: element order, the
//! little-endian value of binary elements, bulk data decisions and number normalisation.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::dataset::Element;
use crate::error::{Error, ErrorKind};
use crate::ts::ByteOrder;
use crate::{Tag, Vr};

/// The deepest nesting of sequences the JSON and XML writers, the JSON reader and the owned
/// data set follow (they recurse once per level; the parser's default limit is the same).
pub(crate) const MAX_DEPTH: u32 = 64;

/// Where the value of a large binary or numeric element goes instead of inline: a URI chosen
/// by the caller (PS3.18 F.2.6 `BulkDataURI`, PS3.19 `BulkData`).
///
/// ```
/// use dicom_meta::{BulkData, Element};
/// let uri = |e: &Element<'_, '_>| Some(format!("https://pacs.example/bulk/{:08X}", e.tag().0));
/// let bulk = BulkData::new(1024, &uri);
/// assert_eq!(bulk.min_len, 1024);
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct BulkData<'f> {
    /// Values of at least this many bytes are referenced by URI (when `uri` gives one).
    pub min_len: usize,
    /// The URI of an element's value, or `None` to keep that value inline.
    pub uri: &'f dyn Fn(&Element<'_, '_>) -> Option<String>,
}

impl core::fmt::Debug for BulkData<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BulkData")
            .field("min_len", &self.min_len)
            .finish_non_exhaustive()
    }
}

impl<'f> BulkData<'f> {
    /// Values of `min_len` bytes or more go to the URI that `uri` gives for them.
    pub fn new(min_len: usize, uri: &'f dyn Fn(&Element<'_, '_>) -> Option<String>) -> Self {
        BulkData { min_len, uri }
    }

    /// The URI for element `e`, when its VR may be bulk data (PS3.18 F.2.2) and its value is
    /// long enough.
    pub(crate) fn uri_for(&self, e: &Element<'_, '_>) -> Option<String> {
        use Vr::*;
        let eligible = e.is_encapsulated()
            || matches!(
                e.vr(),
                DS | FL
                    | FD
                    | IS
                    | LT
                    | OB
                    | OD
                    | OF
                    | OL
                    | OV
                    | OW
                    | SL
                    | SS
                    | ST
                    | SV
                    | UC
                    | UL
                    | UN
                    | US
                    | UT
                    | UV
            );
        let len = e.value().len();
        if !eligible || e.is_sequence() || len == 0 || len < self.min_len {
            return None;
        }
        (self.uri)(e)
    }
}

/// The elements of one level in ascending tag order, first of each tag only (a data set
/// read leniently may be out of order or repeat a tag).
pub(crate) fn ordered<'d, 'a>(
    elements: impl Iterator<Item = Element<'d, 'a>>,
    ordered: bool,
) -> Vec<Element<'d, 'a>> {
    let mut v: Vec<Element<'d, 'a>> = elements.filter(|e| !e.tag().is_group_length()).collect();
    if !ordered {
        v.sort_by_key(Element::tag);
        v.dedup_by_key(|e| e.tag());
    }
    v
}

/// The value of a binary element (OB, OW, OF, OD, OL, OV, UN, encapsulated pixel data) in
/// little-endian byte order, as InlineBinary and BulkData carry it.
pub(crate) fn le_binary<'a>(e: &Element<'_, 'a>) -> Cow<'a, [u8]> {
    let v = e.value();
    let size = if e.is_encapsulated() {
        1
    } else {
        match e.vr() {
            Vr::OB | Vr::UN => 1,
            vr => vr.number_size().unwrap_or(1),
        }
    };
    if e.byte_order() == ByteOrder::Little || size == 1 {
        return Cow::Borrowed(v);
    }
    let mut out = v.to_vec();
    for c in out.chunks_exact_mut(size) {
        c.reverse();
    }
    Cow::Owned(out)
}

/// Rewrites an IS or DS value as a JSON number (RFC 8259: no `+`, no leading zeros, digits
/// on both sides of a point), keeping every digit. `false` (and nothing written) when the
/// text is not a decimal number.
pub(crate) fn json_number(b: &[u8], out: &mut Vec<u8>) -> bool {
    let mut i = 0;
    let neg = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        start
    };
    let int_start = digits(&mut i);
    let int = &b[int_start..i];
    let mut frac: &[u8] = &[];
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = digits(&mut i);
        frac = &b[f..i];
    }
    if int.is_empty() && frac.is_empty() {
        return false;
    }
    let mut exp: &[u8] = &[];
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let e = i;
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let d = digits(&mut i);
        if i == d {
            return false;
        }
        exp = &b[e..i];
    }
    if i != b.len() {
        return false;
    }
    if neg {
        out.push(b'-');
    }
    let zeros = int.iter().take_while(|&&c| c == b'0').count();
    let int = &int[zeros..];
    out.extend_from_slice(if int.is_empty() { b"0" } else { int });
    if !frac.is_empty() {
        out.push(b'.');
        out.extend_from_slice(frac);
    }
    out.extend_from_slice(exp);
    true
}

/// Writes a float the shortest way that reads back to the same value; `false` for NaN and
/// infinities, which JSON numbers cannot express.
pub(crate) fn float_text(x: f64, single: bool, out: &mut impl core::fmt::Write) -> bool {
    if !x.is_finite() {
        return false;
    }
    // `Debug` gives the shortest round-trip form, with an exponent for very large or small
    // magnitudes; both forms are valid JSON numbers.
    let _ = if single {
        write!(out, "{:?}", x as f32)
    } else {
        write!(out, "{x:?}")
    };
    true
}

/// The name JSON and XML give a non-finite float.
pub(crate) fn non_finite(x: f64) -> &'static str {
    if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// A tag as eight uppercase hexadecimal digits.
pub(crate) fn tag_digits(tag: Tag) -> [u8; 8] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut buf = [0u8; 8];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = HEX[((tag.0 >> ((7 - i) * 4)) & 15) as usize];
    }
    buf
}

/// Writes a tag as eight uppercase hexadecimal digits.
pub(crate) fn tag_hex(tag: Tag, out: &mut String) {
    // Hex digits are ASCII.
    out.push_str(core::str::from_utf8(&tag_digits(tag)).unwrap_or_default());
}

/// A `Vec<u8>` known to hold UTF-8, as a [`core::fmt::Write`] target.
pub(crate) struct Utf8Vec<'o>(pub(crate) &'o mut Vec<u8>);

impl core::fmt::Write for Utf8Vec<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Writes an integer in decimal, without `core::fmt`.
pub(crate) fn int_text(n: i128, out: &mut Vec<u8>) {
    if n < 0 {
        out.push(b'-');
    }
    let mut m = n.unsigned_abs();
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Whether a binary number element (AT, US, SS, UL, SL, UV, SV, FL, FD) of a data set read
/// leniently has a length that is not a whole number of values: written as InlineBinary (and
/// in strict data sets, where this cannot be read, an error).
pub(crate) fn lenient_malformed(e: &Element<'_, '_>) -> bool {
    use Vr::*;
    let vr = e.vr();
    e.data_set().lenient
        && matches!(vr, AT | US | SS | UL | SL | UV | SV | FL | FD)
        && vr
            .number_size()
            .is_some_and(|n| !e.value().len().is_multiple_of(n))
}

/// Numbers of a binary element, as text, in the element's byte order.
pub(crate) enum Numbers {
    /// Integers (US, SS, UL, SL, SV, UV).
    Int(Vec<i128>),
    /// Floats (FL, FD); `true` for single precision.
    Float(Vec<f64>, bool),
}

/// The values of a binary number element (US, SS, UL, SL, SV, UV, FL, FD).
pub(crate) fn numbers(e: &Element<'_, '_>) -> Result<Numbers, Error> {
    let bad = || e.locate(ErrorKind::InvalidValue(e.vr().as_str()));
    let ints = |v: Result<Vec<i128>, Error>| v.map(Numbers::Int);
    match e.vr() {
        Vr::US => ints(Ok(e.u16s()?.map(i128::from).collect())),
        Vr::SS => ints(Ok(e.i16s()?.map(i128::from).collect())),
        Vr::UL => ints(Ok(e.u32s()?.map(i128::from).collect())),
        Vr::SL => ints(Ok(e.i32s()?.map(i128::from).collect())),
        Vr::UV => ints(Ok(e.u64s()?.map(i128::from).collect())),
        Vr::SV => ints(Ok(e.i64s()?.map(i128::from).collect())),
        Vr::FL => Ok(Numbers::Float(e.f32s()?.map(f64::from).collect(), true)),
        Vr::FD => Ok(Numbers::Float(e.f64s()?.collect(), false)),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_json() {
        for (ds, json) in [
            ("72.5", Some("72.5")),
            ("+1", Some("1")),
            (".5", Some("0.5")),
            ("-.5", Some("-0.5")),
            ("5.", Some("5")),
            ("007", Some("7")),
            ("-00.25", Some("-0.25")),
            ("1.5E+03", Some("1.5E+03")),
            ("1.e5", Some("1e5")),
            ("-0", Some("-0")),
            ("", None),
            ("1e", None),
            ("abc", None),
            (".", None),
            ("1 2", None),
        ] {
            let mut out = Vec::new();
            let ok = json_number(ds.as_bytes(), &mut out);
            assert_eq!(
                ok.then(|| String::from_utf8(out).unwrap()).as_deref(),
                json,
                "{ds}"
            );
        }
    }

    #[test]
    fn floats() {
        let mut out = String::new();
        assert!(float_text(0.1f32.into(), true, &mut out));
        assert_eq!(out, "0.1");
        out.clear();
        assert!(float_text(3.0, false, &mut out));
        assert_eq!(out, "3.0");
        out.clear();
        assert!(float_text(1e300, false, &mut out));
        assert_eq!(out, "1e300");
        assert!(!float_text(f64::NAN, false, &mut out));
        assert_eq!(non_finite(f64::NEG_INFINITY), "-Infinity");
        let mut t = String::new();
        tag_hex(Tag::new(0x7FE0, 0x0010), &mut t);
        assert_eq!(t, "7FE00010");
        for n in [
            0i128,
            7,
            -1,
            65535,
            -32768,
            i128::from(u64::MAX),
            i128::from(i64::MIN),
        ] {
            let mut v = Vec::new();
            int_text(n, &mut v);
            assert_eq!(String::from_utf8(v).unwrap(), n.to_string());
        }
    }
}
