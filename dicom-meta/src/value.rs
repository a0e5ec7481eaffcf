//! Typed access to element values: text, multi-values, person names, numbers, dates, tags.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::dataset::Element;
use crate::datetime::{Date, DateTime, Time};
use crate::error::{Error, ErrorKind};
use crate::ts::ByteOrder;
use crate::{Tag, Vr};

/// Trims the insignificant padding of one string value of VR `vr`.
fn trim_value(vr: Vr, s: &str) -> &str {
    let b = s.as_bytes();
    let pad = |c: &u8| *c == b' ' || *c == 0;
    let end = b.iter().rposition(|c| !pad(c)).map_or(0, |i| i + 1);
    // Leading spaces are significant in texts and UC.
    let start = match vr {
        Vr::LT | Vr::ST | Vr::UT | Vr::UC | Vr::UR => 0,
        _ => b[..end].iter().position(|c| !pad(c)).unwrap_or(end),
    };
    // Spaces and NUL are ASCII, so both ends are character boundaries.
    s.get(start..end).unwrap_or_default()
}

/// The values of decoded text of a string VR, as [`Element::strings`] gives them, without
/// allocating: split on backslashes when the VR is multi-valued, each trimmed; none for
/// empty text.
pub(crate) fn values(vr: Vr, text: &str) -> impl Iterator<Item = &str> {
    let multi = vr.is_multi_valued_string();
    let mut rest = (!text.is_empty()).then_some(text);
    core::iter::from_fn(move || {
        let t = rest?;
        let at = if multi {
            t.bytes().position(|b| b == b'\\')
        } else {
            None
        };
        let (v, r) = match at {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        rest = r;
        Some(trim_value(vr, v))
    })
}

fn trim_cow<'a>(vr: Vr, c: Cow<'a, str>) -> Cow<'a, str> {
    match c {
        Cow::Borrowed(s) => Cow::Borrowed(trim_value(vr, s)),
        Cow::Owned(s) => {
            let t = trim_value(vr, &s);
            if t.len() == s.len() {
                Cow::Owned(s)
            } else {
                Cow::Owned(String::from(t))
            }
        }
    }
}

/// Splits decoded text on backslashes into trimmed values, borrowing when the text does.
fn split_values<'a>(vr: Vr, text: Cow<'a, str>) -> Vec<Cow<'a, str>> {
    if text.is_empty() {
        return Vec::new();
    }
    match text {
        Cow::Borrowed(s) => s
            .split('\\')
            .map(|v| Cow::Borrowed(trim_value(vr, v)))
            .collect(),
        Cow::Owned(s) => s
            .split('\\')
            .map(|v| Cow::Owned(String::from(trim_value(vr, v))))
            .collect(),
    }
}

impl<'d, 'a> Element<'d, 'a> {
    fn lenient(&self) -> bool {
        self.ds.lenient
    }

    pub(crate) fn require_string(&self) -> Result<(), Error> {
        let vr = self.vr();
        if vr.is_string() || (vr == Vr::UN && self.lenient()) {
            Ok(())
        } else {
            Err(self.locate(ErrorKind::WrongVr(vr)))
        }
    }

    /// Decodes the value bytes in the element's character set (the default repertoire for
    /// VRs that do not use Specific Character Set). No trimming, no splitting.
    pub(crate) fn decode(&self) -> Result<Cow<'a, str>, Error> {
        let cs = if self.vr().uses_character_set() {
            self.character_set()
        } else {
            crate::CharacterSet::DEFAULT
        };
        cs.decode_value(self.value(), self.lenient(), self.vr() == Vr::PN)
            .map_err(|k| self.locate(k))
    }

    /// The whole value as text: decoded with the character set that applies, trailing
    /// padding (spaces, NUL) removed, backslashes kept. Borrows when nothing changes.
    ///
    /// ```
    /// # let bytes = b"\x08\x00\x08\x00CS\x10\x00ORIGINAL\\PRIMARY";
    /// # let ds = dicom_meta::DataSet::parse(bytes, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let image_type = ds.get("ImageType")?.unwrap();
    /// assert_eq!(image_type.text()?, "ORIGINAL\\PRIMARY");
    /// assert_eq!(image_type.strings()?, ["ORIGINAL", "PRIMARY"]);
    /// assert_eq!(image_type.string()?, "ORIGINAL");
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn text(&self) -> Result<Cow<'a, str>, Error> {
        self.require_string()?;
        let t = self.decode()?;
        Ok(match t {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim_end_matches([' ', '\0'])),
            Cow::Owned(s) => Cow::Owned(String::from(s.trim_end_matches([' ', '\0']))),
        })
    }

    /// The values of a string element: split on backslashes (except for LT, ST, UT and UR,
    /// whose backslashes are text), each with its insignificant spaces removed. An empty
    /// value gives no values.
    pub fn strings(&self) -> Result<Vec<Cow<'a, str>>, Error> {
        self.require_string()?;
        let vr = self.vr();
        let t = self.decode()?;
        if vr.is_multi_valued_string() {
            Ok(split_values(vr, t))
        } else if t.is_empty() {
            Ok(Vec::new())
        } else {
            Ok(alloc::vec![trim_cow(vr, t)])
        }
    }

    /// The first value of a string element (empty when there is none).
    pub fn string(&self) -> Result<Cow<'a, str>, Error> {
        self.require_string()?;
        let vr = self.vr();
        let t = self.decode()?;
        if !vr.is_multi_valued_string() {
            return Ok(trim_cow(vr, t));
        }
        Ok(match t {
            Cow::Borrowed(s) => Cow::Borrowed(trim_value(vr, s.split('\\').next().unwrap_or(""))),
            Cow::Owned(s) => Cow::Owned(String::from(trim_value(
                vr,
                s.split('\\').next().unwrap_or(""),
            ))),
        })
    }

    /// Number of values: backslash-separated for strings, by size for binary numbers, items
    /// for sequences, 1 for other non-empty values (0 when empty).
    pub fn multiplicity(&self) -> usize {
        let vr = self.vr();
        let v = self.value();
        if self.is_sequence() {
            return self.item_count();
        }
        if v.is_empty() {
            return 0;
        }
        if vr.is_multi_valued_string() {
            return 1 + v.iter().filter(|&&b| b == b'\\').count();
        }
        match vr {
            Vr::OB | Vr::OW | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::UN => 1,
            _ => vr.number_size().map_or(1, |n| v.len() / n),
        }
    }

    /// A UID value (UI): trailing NUL and space padding removed, checked to hold only digits
    /// and dots (in strict mode).
    pub fn uid(&self) -> Result<&'a str, Error> {
        if self.vr() != Vr::UI && !(self.vr() == Vr::UN && self.lenient()) {
            return Err(self.locate(ErrorKind::WrongVr(self.vr())));
        }
        let v = self.value();
        let end = v
            .iter()
            .rposition(|&b| b != 0 && b != b' ')
            .map_or(0, |e| e + 1);
        let v = &v[..end];
        let ok = v
            .iter()
            .all(|&b| b.is_ascii_digit() || b == b'.' || b == b'\\');
        if !ok && !self.lenient() {
            return Err(self.locate(ErrorKind::InvalidValue("UI")));
        }
        core::str::from_utf8(v).map_err(|_| self.locate(ErrorKind::InvalidValue("UI")))
    }

    /// The person names of a PN element (one per backslash-separated value).
    pub fn person_names(&self) -> Result<Vec<PersonName<'a>>, Error> {
        if self.vr() != Vr::PN {
            return Err(self.locate(ErrorKind::WrongVr(self.vr())));
        }
        Ok(self.strings()?.into_iter().map(PersonName::new).collect())
    }

    /// The first person name of a PN element (empty groups when the value is empty).
    ///
    /// ```
    /// # let bytes = "\x10\x00\x10\x00PN\x1e\x00Yamada^Tarou=山田^太郎=やまだ^たろう".as_bytes();
    /// # let mut v = bytes.to_vec();
    /// # v[6] = (v.len() - 8) as u8;
    /// # let v = [b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 192".as_slice(), &v].concat();
    /// # let ds = dicom_meta::DataSet::parse(&v, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let name = ds.get("PatientName")?.unwrap().person_name()?;
    /// assert_eq!(name.alphabetic.family(), "Yamada");
    /// assert_eq!(name.ideographic.given(), "太郎");
    /// assert_eq!(name.phonetic.family(), "やまだ");
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn person_name(&self) -> Result<PersonName<'a>, Error> {
        if self.vr() != Vr::PN {
            return Err(self.locate(ErrorKind::WrongVr(self.vr())));
        }
        Ok(PersonName::new(self.string()?))
    }

    fn first_value_bytes(&self, vr: Vr) -> Result<&'a [u8], Error> {
        if self.vr() != vr && !(self.vr() == Vr::UN && self.lenient()) {
            return Err(self.locate(ErrorKind::WrongVr(self.vr())));
        }
        let v = self.value();
        Ok(match v.iter().position(|&b| b == b'\\') {
            Some(i) => &v[..i],
            None => v,
        })
    }

    /// The first value of a DA element (`YYYYMMDD`; lenient mode also takes `YYYY.MM.DD`).
    pub fn date(&self) -> Result<Date, Error> {
        let v = self.first_value_bytes(Vr::DA)?;
        let r = if self.lenient() {
            Date::parse_lenient(v)
        } else {
            Date::parse(v)
        };
        r.map_err(|e| self.locate(e.kind))
    }

    /// The first value of a TM element (lenient mode also takes `HH:MM:SS`).
    pub fn time(&self) -> Result<Time, Error> {
        let v = self.first_value_bytes(Vr::TM)?;
        let r = if self.lenient() {
            Time::parse_lenient(v)
        } else {
            Time::parse(v)
        };
        r.map_err(|e| self.locate(e.kind))
    }

    /// The first value of a DT element.
    pub fn datetime(&self) -> Result<DateTime, Error> {
        let v = self.first_value_bytes(Vr::DT)?;
        DateTime::parse(v).map_err(|e| self.locate(e.kind))
    }

    /// The integers of an IS element (exact, as `i64`) or of a binary integer element (US,
    /// SS, UL, SL, UV within range, SV), in the data set's byte order.
    ///
    /// ```
    /// # let bytes = b"\x20\x00\x13\x00IS\x04\x00-12 \x28\x00\x10\x00US\x02\x00\x00\x02";
    /// # let ds = dicom_meta::DataSet::parse(bytes, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// assert_eq!(ds.get("InstanceNumber")?.unwrap().ints()?, [-12]);
    /// assert_eq!(ds.get("Rows")?.unwrap().int()?, 512);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn ints(&self) -> Result<Vec<i64>, Error> {
        let order = self.byte_order();
        let v = self.value();
        let bad = || self.locate(ErrorKind::InvalidValue(self.vr().as_str()));
        match self.vr() {
            Vr::IS => self
                .strings()?
                .iter()
                .map(|s| parse_is(s).ok_or_else(bad))
                .collect(),
            Vr::US => Ok(numbers::<2>(v, order)
                .map(|b| i64::from(u16::from_le_bytes(b)))
                .collect()),
            Vr::SS => Ok(numbers::<2>(v, order)
                .map(|b| i64::from(i16::from_le_bytes(b)))
                .collect()),
            Vr::UL => Ok(numbers::<4>(v, order)
                .map(|b| i64::from(u32::from_le_bytes(b)))
                .collect()),
            Vr::SL => Ok(numbers::<4>(v, order)
                .map(|b| i64::from(i32::from_le_bytes(b)))
                .collect()),
            Vr::SV => Ok(numbers::<8>(v, order).map(i64::from_le_bytes).collect()),
            Vr::UV => numbers::<8>(v, order)
                .map(|b| i64::try_from(u64::from_le_bytes(b)).map_err(|_| bad()))
                .collect(),
            vr => Err(self.locate(ErrorKind::WrongVr(vr))),
        }
    }

    /// The first integer of [`Element::ints`].
    pub fn int(&self) -> Result<i64, Error> {
        self.ints()?
            .first()
            .copied()
            .ok_or_else(|| self.locate(ErrorKind::InvalidValue("empty")))
    }

    /// The decimal strings of a DS element, checked and kept exact.
    ///
    /// ```
    /// # let bytes = b"\x28\x00\x30\x00DS\x0c\x000.5\\-1.25e-3";
    /// # let ds = dicom_meta::DataSet::parse(bytes, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let spacing = ds.get("PixelSpacing")?.unwrap().decimals()?;
    /// assert_eq!(spacing[1].as_str(), "-1.25e-3");
    /// assert_eq!(spacing[1].to_f64(), -0.00125);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn decimals(&self) -> Result<Vec<Decimal<'a>>, Error> {
        if self.vr() != Vr::DS && !(self.vr() == Vr::UN && self.lenient()) {
            return Err(self.locate(ErrorKind::WrongVr(self.vr())));
        }
        self.strings()?
            .into_iter()
            .map(|s| Decimal::new(s).ok_or_else(|| self.locate(ErrorKind::InvalidValue("DS"))))
            .collect()
    }

    /// The numbers of a DS, IS, FL, FD, OF, OD or binary integer element as `f64`.
    pub fn floats(&self) -> Result<Vec<f64>, Error> {
        let order = self.byte_order();
        let v = self.value();
        match self.vr() {
            Vr::DS => Ok(self.decimals()?.iter().map(Decimal::to_f64).collect()),
            Vr::FL | Vr::OF => Ok(numbers::<4>(v, order)
                .map(|b| f64::from(f32::from_le_bytes(b)))
                .collect()),
            Vr::FD | Vr::OD => Ok(numbers::<8>(v, order).map(f64::from_le_bytes).collect()),
            Vr::IS | Vr::US | Vr::SS | Vr::UL | Vr::SL | Vr::SV | Vr::UV => {
                Ok(self.ints()?.into_iter().map(|i| i as f64).collect())
            }
            vr => Err(self.locate(ErrorKind::WrongVr(vr))),
        }
    }

    /// The first number of [`Element::floats`].
    pub fn float(&self) -> Result<f64, Error> {
        self.floats()?
            .first()
            .copied()
            .ok_or_else(|| self.locate(ErrorKind::InvalidValue("empty")))
    }

    fn binary<const N: usize>(
        &self,
        vrs: &[Vr],
    ) -> Result<impl Iterator<Item = [u8; N]> + 'a, Error> {
        let vr = self.vr();
        if !vrs.contains(&vr) && vr != Vr::UN {
            return Err(self.locate(ErrorKind::WrongVr(vr)));
        }
        if !self.value().len().is_multiple_of(N) {
            return Err(self.locate(ErrorKind::InvalidValue(vr.as_str())));
        }
        Ok(numbers::<N>(self.value(), self.byte_order()))
    }

    /// The 16-bit unsigned numbers of a US or OW (or UN) value, in the data set's byte order.
    pub fn u16s(&self) -> Result<impl Iterator<Item = u16> + 'a, Error> {
        Ok(self.binary::<2>(&[Vr::US, Vr::OW])?.map(u16::from_le_bytes))
    }

    /// The 16-bit signed numbers of an SS value.
    pub fn i16s(&self) -> Result<impl Iterator<Item = i16> + 'a, Error> {
        Ok(self.binary::<2>(&[Vr::SS])?.map(i16::from_le_bytes))
    }

    /// The 32-bit unsigned numbers of a UL or OL value.
    pub fn u32s(&self) -> Result<impl Iterator<Item = u32> + 'a, Error> {
        Ok(self.binary::<4>(&[Vr::UL, Vr::OL])?.map(u32::from_le_bytes))
    }

    /// The 32-bit signed numbers of an SL value.
    pub fn i32s(&self) -> Result<impl Iterator<Item = i32> + 'a, Error> {
        Ok(self.binary::<4>(&[Vr::SL])?.map(i32::from_le_bytes))
    }

    /// The 64-bit unsigned numbers of a UV or OV value.
    pub fn u64s(&self) -> Result<impl Iterator<Item = u64> + 'a, Error> {
        Ok(self.binary::<8>(&[Vr::UV, Vr::OV])?.map(u64::from_le_bytes))
    }

    /// The 64-bit signed numbers of an SV value.
    pub fn i64s(&self) -> Result<impl Iterator<Item = i64> + 'a, Error> {
        Ok(self.binary::<8>(&[Vr::SV])?.map(i64::from_le_bytes))
    }

    /// The 32-bit floats of an FL or OF value.
    pub fn f32s(&self) -> Result<impl Iterator<Item = f32> + 'a, Error> {
        Ok(self.binary::<4>(&[Vr::FL, Vr::OF])?.map(f32::from_le_bytes))
    }

    /// The 64-bit floats of an FD or OD value.
    pub fn f64s(&self) -> Result<impl Iterator<Item = f64> + 'a, Error> {
        Ok(self.binary::<8>(&[Vr::FD, Vr::OD])?.map(f64::from_le_bytes))
    }

    /// The tags of an AT value (group then element, each in the data set's byte order).
    ///
    /// ```
    /// # let bytes = b"\x28\x00\x09\x00AT\x04\x00\x54\x00\x80\x00";
    /// # let ds = dicom_meta::DataSet::parse(bytes, dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let ptr: Vec<_> = ds.get("FrameIncrementPointer")?.unwrap().tags()?.collect();
    /// assert_eq!(ptr, [dicom_meta::tags::SliceVector]);
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn tags(&self) -> Result<impl Iterator<Item = Tag> + 'a, Error> {
        let _checked = self.binary::<4>(&[Vr::AT])?;
        let big = self.byte_order() == ByteOrder::Big;
        Ok(self.value().chunks_exact(4).map(move |c| {
            let (g, e) = ([c[0], c[1]], [c[2], c[3]]);
            if big {
                Tag::new(u16::from_be_bytes(g), u16::from_be_bytes(e))
            } else {
                Tag::new(u16::from_le_bytes(g), u16::from_le_bytes(e))
            }
        }))
    }
}

/// Chunks of `N` bytes converted to little-endian order (so `from_le_bytes` reads them).
fn numbers<const N: usize>(v: &[u8], order: ByteOrder) -> impl Iterator<Item = [u8; N]> + '_ {
    v.chunks_exact(N).map(move |c| {
        let mut a = [0u8; N];
        a.copy_from_slice(c);
        if order == ByteOrder::Big {
            a.reverse();
        }
        a
    })
}

/// Parses an IS value: optional sign, digits.
fn parse_is(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if s.starts_with('-') { -n } else { n })
}

/// A DS value kept exactly as written (checked against the DS grammar).
///
/// `Debug` shows the length, never the value.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal<'a>(Cow<'a, str>);

/// `Debug` shows the length only (the value may be patient data); use
/// [`Decimal::as_str`] for the text.
impl fmt::Debug for Decimal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal {{ len: {} }}", self.0.len())
    }
}

impl<'a> Decimal<'a> {
    /// Checks `s`: optional sign, digits with an optional point, optional exponent.
    pub fn new(s: Cow<'a, str>) -> Option<Decimal<'a>> {
        let b = s.as_bytes();
        let mut i = 0;
        if matches!(b.first(), Some(b'+' | b'-')) {
            i += 1;
        }
        let mut mantissa = 0;
        let mut point = false;
        while let Some(&c) = b.get(i) {
            if c.is_ascii_digit() {
                mantissa += 1;
            } else if c == b'.' && !point {
                point = true;
            } else {
                break;
            }
            i += 1;
        }
        if mantissa == 0 {
            return None;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
        (i == b.len() && b.len() <= 16).then_some(Decimal(s))
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

/// One component group of a person name: `family^given^middle^prefix^suffix`.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct NameGroup<'a>(Cow<'a, str>);

impl fmt::Debug for NameGroup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NameGroup {{ len: {} }}", self.0.len())
    }
}

impl<'a> NameGroup<'a> {
    /// The group as written, components separated by `^`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the group is empty: no characters other than component separators (`^`)
    /// and spaces.
    pub fn is_empty(&self) -> bool {
        self.0.bytes().all(|b| b == b'^' || b == b' ')
    }

    /// Component `n` (0 = family name … 4 = suffix), empty when absent.
    pub fn component(&self, n: usize) -> &str {
        self.0.split('^').nth(n).unwrap_or("").trim_end()
    }

    /// The family name complex.
    pub fn family(&self) -> &str {
        self.component(0)
    }

    /// The given name complex.
    pub fn given(&self) -> &str {
        self.component(1)
    }

    /// The middle name.
    pub fn middle(&self) -> &str {
        self.component(2)
    }

    /// The name prefix.
    pub fn prefix(&self) -> &str {
        self.component(3)
    }

    /// The name suffix.
    pub fn suffix(&self) -> &str {
        self.component(4)
    }
}

/// A person name (PN) value: alphabetic, ideographic and phonetic groups separated by `=`.
///
/// `Debug` shows group lengths only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PersonName<'a> {
    /// The alphabetic (single-byte) representation.
    pub alphabetic: NameGroup<'a>,
    /// The ideographic representation.
    pub ideographic: NameGroup<'a>,
    /// The phonetic representation.
    pub phonetic: NameGroup<'a>,
}

impl<'a> PersonName<'a> {
    /// Whether every group is empty.
    pub fn is_empty(&self) -> bool {
        self.alphabetic.is_empty() && self.ideographic.is_empty() && self.phonetic.is_empty()
    }

    /// Splits a decoded PN value into its groups.
    pub fn new(value: Cow<'a, str>) -> PersonName<'a> {
        let mut groups: [NameGroup<'a>; 3] = Default::default();
        match value {
            Cow::Borrowed(s) => {
                for (g, part) in groups.iter_mut().zip(s.split('=')) {
                    *g = NameGroup(Cow::Borrowed(part));
                }
            }
            Cow::Owned(s) => {
                for (g, part) in groups.iter_mut().zip(s.split('=')) {
                    *g = NameGroup(Cow::Owned(String::from(part)));
                }
            }
        }
        let [alphabetic, ideographic, phonetic] = groups;
        PersonName {
            alphabetic,
            ideographic,
            phonetic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for ok in [
            "0",
            "-1",
            "+1.5",
            ".5",
            "5.",
            "1e10",
            "1.5E-3",
            "-0.0000001",
        ] {
            assert!(Decimal::new(Cow::Borrowed(ok)).is_some(), "{ok}");
        }
        for bad in [
            "",
            "-",
            ".",
            "1e",
            "1.2.3",
            "1,5",
            "abc",
            "12345678901234567",
            "1 ",
        ] {
            assert!(Decimal::new(Cow::Borrowed(bad)).is_none(), "{bad}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(parse_is("+42"), Some(42));
        assert_eq!(parse_is("-2147483648"), Some(-2147483648));
        assert_eq!(parse_is("4.0"), None);
        assert_eq!(parse_is(""), None);
    }

    #[test]
    fn names() {
        let pn = PersonName::new(Cow::Borrowed("Doe^John^^Dr.^Jr."));
        assert_eq!(pn.alphabetic.prefix(), "Dr.");
        assert_eq!(pn.alphabetic.suffix(), "Jr.");
        assert!(pn.ideographic.is_empty());
        assert_eq!(pn.alphabetic.component(7), "");
    }
}
