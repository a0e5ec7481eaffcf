//! DA, TM and DT values with their precision.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{Error, ErrorKind};

/// How much of a date or time was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYYMM`
    Month,
    /// `YYYYMMDD`
    Day,
    /// `HH`
    Hour,
    /// `HHMM`
    Minute,
    /// `HHMMSS`
    Second,
    /// `HHMMSS.F` to `.FFFFFF`: the number of fractional digits.
    Fraction(u8),
}

/// A DA value. Missing parts (only in DT dates) default to the start of the period.
///
/// `Debug` shows the precision, never the value.
///
/// ```
/// use dicom_meta::{Date, Precision};
/// let d = Date::parse(b"20240229")?;
/// assert_eq!(d.value.to_string(), "2024-02-29");
/// assert_eq!(d.precision, Precision::Day);
/// assert!(Date::parse(b"20230229").is_err());
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The date (first day of the month or year when less was given).
    pub value: NaiveDate,
    /// How much was given.
    pub precision: Precision,
}

/// A TM value. Missing parts default to zero.
///
/// `Debug` shows the precision, never the value.
///
/// ```
/// use dicom_meta::{Time, Precision};
/// let t = Time::parse(b"141522.25")?;
/// assert_eq!(t.value.to_string(), "14:15:22.250");
/// assert_eq!(t.precision, Precision::Fraction(2));
/// assert_eq!(Time::parse(b"09")?.precision, Precision::Hour);
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    /// The time of day (a leap second 60 is kept as chrono does, past second 59).
    pub value: NaiveTime,
    /// How much was given.
    pub precision: Precision,
}

/// A DT value: `YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]`.
///
/// `Debug` shows the precision, never the value.
///
/// ```
/// use dicom_meta::{DateTime, Precision};
/// let dt = DateTime::parse(b"20261103141522.123-0500")?;
/// assert_eq!(dt.precision, Precision::Fraction(3));
/// assert_eq!(dt.to_chrono().unwrap().to_rfc3339(), "2026-11-03T14:15:22.123-05:00");
/// assert_eq!(DateTime::parse(b"2026")?.value.to_string(), "2026-01-01 00:00:00");
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Date and time as written (local to `offset` when there is one).
    pub value: NaiveDateTime,
    /// How much was given.
    pub precision: Precision,
    /// The UTC offset, when given.
    pub offset: Option<FixedOffset>,
}

macro_rules! precision_only_debug {
    ($($t:ident),*) => {$(
        impl core::fmt::Debug for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($t)).field("precision", &self.precision).finish_non_exhaustive()
            }
        }
    )*};
}

// Dates may be birth dates: `Debug` shows the precision, never the value.
precision_only_debug!(Date, Time, DateTime);

const BAD_DA: ErrorKind = ErrorKind::InvalidValue("DA");
const BAD_TM: ErrorKind = ErrorKind::InvalidValue("TM");
const BAD_DT: ErrorKind = ErrorKind::InvalidValue("DT");

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0u32, |a, &b| a * 10 + u32::from(b - b'0')))
}

fn date_parts(s: &[u8]) -> Option<(NaiveDate, Precision)> {
    let (month, day, precision) = match s.len() {
        4 => (1, 1, Precision::Year),
        6 => (digits(&s[4..6])?, 1, Precision::Month),
        8 => (digits(&s[4..6])?, digits(&s[6..8])?, Precision::Day),
        _ => return None,
    };
    let year = digits(&s[..4])? as i32;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, precision))
}

fn time_parts(s: &[u8]) -> Option<(NaiveTime, Precision)> {
    let (main, frac) = match s.iter().position(|&b| b == b'.') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut precision = match main.len() {
        2 => Precision::Hour,
        4 => Precision::Minute,
        6 => Precision::Second,
        _ => return None,
    };
    let h = digits(&main[..2])?;
    let m = if main.len() >= 4 {
        digits(&main[2..4])?
    } else {
        0
    };
    let sec = if main.len() >= 6 {
        digits(&main[4..6])?
    } else {
        0
    };
    let mut nanos = 0;
    if let Some(f) = frac {
        if precision != Precision::Second || f.is_empty() || f.len() > 6 {
            return None;
        }
        nanos = digits(f)? * 10u32.pow(9 - f.len() as u32);
        precision = Precision::Fraction(f.len() as u8);
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let (sec, nanos) = if sec == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (sec, nanos)
    };
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?, precision))
}

impl Date {
    /// Parses `YYYYMMDD` (trailing spaces ignored).
    pub fn parse(v: &[u8]) -> Result<Date, Error> {
        let v = trim_end(v);
        if v.len() != 8 {
            return Err(Error::new(BAD_DA, 0));
        }
        let (value, precision) = date_parts(v).ok_or(Error::new(BAD_DA, 0))?;
        Ok(Date { value, precision })
    }

    /// Also accepts the ACR-NEMA form `YYYY.MM.DD`.
    pub(crate) fn parse_lenient(v: &[u8]) -> Result<Date, Error> {
        let v = trim_end(v);
        if v.len() == 10 && v[4] == b'.' && v[7] == b'.' {
            let mut b = [0u8; 8];
            b[..4].copy_from_slice(&v[..4]);
            b[4..6].copy_from_slice(&v[5..7]);
            b[6..].copy_from_slice(&v[8..10]);
            return Date::parse(&b);
        }
        Date::parse(v)
    }
}

impl Time {
    /// Parses `HH[MM[SS[.F{1,6}]]]` (trailing spaces ignored).
    pub fn parse(v: &[u8]) -> Result<Time, Error> {
        let (value, precision) = time_parts(trim_end(v)).ok_or(Error::new(BAD_TM, 0))?;
        Ok(Time { value, precision })
    }

    /// Also accepts the ACR-NEMA form `HH:MM:SS[.F]`.
    pub(crate) fn parse_lenient(v: &[u8]) -> Result<Time, Error> {
        let v = trim_end(v);
        if v.len() >= 8 && v[2] == b':' && v[5] == b':' {
            let mut b = [0u8; 16];
            let n = v.len() - 2;
            if n > b.len() {
                return Err(Error::new(BAD_TM, 0));
            }
            b[..2].copy_from_slice(&v[..2]);
            b[2..4].copy_from_slice(&v[3..5]);
            b[4..n].copy_from_slice(&v[6..]);
            return Time::parse(&b[..n]);
        }
        Time::parse(v)
    }
}

impl DateTime {
    /// Parses a DT value (trailing spaces ignored).
    pub fn parse(v: &[u8]) -> Result<DateTime, Error> {
        let bad = |at: usize| Error::new(BAD_DT, at);
        let v = trim_end(v);
        let (body, offset) = match v.iter().position(|&b| b == b'+' || b == b'-') {
            Some(i) => (&v[..i], Some(parse_offset(&v[i..]).ok_or(bad(i))?)),
            None => (v, None),
        };
        let date_len = body.len().min(8);
        if date_len < 8 && body.len() > date_len {
            return Err(bad(0));
        }
        let (date, mut precision) = date_parts(&body[..date_len]).ok_or(bad(0))?;
        let mut time = NaiveTime::MIN;
        if body.len() > 8 {
            let (t, p) = time_parts(&body[8..]).ok_or(bad(8))?;
            time = t;
            precision = p;
        }
        Ok(DateTime {
            value: date.and_time(time),
            precision,
            offset,
        })
    }

    /// The date and time with its UTC offset, when the value has one.
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let off = self.offset?;
        self.value.and_local_timezone(off).single()
    }
}

fn parse_offset(s: &[u8]) -> Option<FixedOffset> {
    if s.len() != 5 {
        return None;
    }
    let hh = digits(&s[1..3])? as i32;
    let mm = digits(&s[3..5])? as i32;
    if hh > 14 || mm > 59 {
        return None;
    }
    let secs = (hh * 60 + mm) * 60;
    match s[0] {
        b'+' => FixedOffset::east_opt(secs),
        _ => FixedOffset::west_opt(secs),
    }
}

fn trim_end(v: &[u8]) -> &[u8] {
    let end = v
        .iter()
        .rposition(|&b| b != b' ' && b != 0)
        .map_or(0, |e| e + 1);
    let start = v[..end].iter().position(|&b| b != b' ').unwrap_or(end);
    &v[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(Date::parse(b"2024022").is_err());
        assert!(Date::parse(b"2024-02-29").is_err());
        assert_eq!(
            Date::parse_lenient(b"2024.02.29").unwrap(),
            Date::parse(b"20240229").unwrap()
        );
        assert_eq!(
            Date::parse(b"20240229 ").unwrap().value.to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse(b"1415").unwrap().precision, Precision::Minute);
        assert_eq!(
            Time::parse(b"235960").unwrap().value.to_string(),
            "23:59:60"
        );
        assert_eq!(
            Time::parse(b"101010.123456").unwrap().precision,
            Precision::Fraction(6)
        );
        for bad in [
            &b"1"[..],
            b"2400",
            b"1260",
            b"101010.",
            b"101010.1234567",
            b"1010.5",
            b"ab",
        ] {
            assert!(Time::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Time::parse_lenient(b"10:11:12.5").unwrap(),
            Time::parse(b"101112.5").unwrap()
        );
    }

    #[test]
    fn datetimes() {
        let dt = DateTime::parse(b"202611+0100").unwrap();
        assert_eq!(dt.precision, Precision::Month);
        assert_eq!(dt.offset, FixedOffset::east_opt(3600));
        assert!(DateTime::parse(b"2026110").is_err());
        assert!(DateTime::parse(b"20261103+01").is_err());
        assert_eq!(
            DateTime::parse(b"2026110314").unwrap().precision,
            Precision::Hour
        );
        assert!(
            DateTime::parse(b"20261103141522")
                .unwrap()
                .to_chrono()
                .is_none()
        );
    }
}
