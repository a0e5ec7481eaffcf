//! FHIR `date`, `dateTime`, `instant` and `time` values: validated, kept exactly as written
//! (precision and UTC offset included), and convertible to and from `chrono`.

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use alloc::format;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};

use crate::lexical::{parse_date, parse_time};
use crate::model::PrimitiveType;
use crate::primitive::InvalidValue;

/// How much of a date or time was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
    /// `YYYY-MM-DD`
    Day,
    /// To the second (`hh:mm:ss`).
    Second,
    /// To a fraction of a second: the number of fractional digits written.
    Fraction(u8),
}

fn time_precision(time: &[u8]) -> Precision {
    match time.iter().position(|c| *c == b'.') {
        Some(dot) => {
            let n = time[dot + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            Precision::Fraction(u8::try_from(n).unwrap_or(u8::MAX))
        }
        None => Precision::Second,
    }
}

fn date_precision(parts: u8) -> Precision {
    match parts {
        1 => Precision::Year,
        2 => Precision::Month,
        _ => Precision::Day,
    }
}

/// The start of the period a (possibly partial) date names.
fn naive_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: core::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let year = i32::try_from(num(0..4)?).ok()?;
    let month = if b.len() >= 7 { num(5..7)? } else { 1 };
    let day = if b.len() >= 10 { num(8..10)? } else { 1 };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn naive_time(s: &str) -> Option<NaiveTime> {
    let num = |r: core::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    let (h, m, sec) = (num(0..2)?, num(3..5)?, num(6..8)?);
    let mut nanos = 0u32;
    if s.as_bytes().get(8) == Some(&b'.') {
        let frac = s.get(9..)?;
        let digits: String = frac
            .chars()
            .take_while(char::is_ascii_digit)
            .chain(core::iter::repeat('0'))
            .take(9)
            .collect();
        nanos = digits.parse().ok()?;
    }
    // A leap second (:60) maps onto chrono's representation of one.
    if sec == 60 {
        return NaiveTime::from_hms_nano_opt(h, m, 59, nanos + 1_000_000_000);
    }
    NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
}

fn offset_of(s: &str) -> Option<FixedOffset> {
    if s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let h: i32 = s.get(1..3)?.parse().ok()?;
    let m: i32 = s.get(4..6)?.parse().ok()?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The text of a date or time value: inline up to [`Lex::INLINE`] bytes (every date, and
/// times and dateTimes up to millisecond precision with an offset), on the heap beyond, so
/// that parsing one costs no allocation. Compared, ordered and hashed as text.
#[derive(Clone)]
enum Lex {
    Inline { len: u8, buf: [u8; Lex::INLINE] },
    Heap(String),
}

impl Lex {
    const INLINE: usize = 30;

    fn new(s: &str) -> Lex {
        let b = s.as_bytes();
        let mut buf = [0u8; Lex::INLINE];
        match (buf.get_mut(..b.len()), u8::try_from(b.len())) {
            (Some(dst), Ok(len)) => {
                dst.copy_from_slice(b);
                Lex::Inline { len, buf }
            }
            _ => Lex::Heap(s.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Lex::Inline { len, buf } => buf
                .get(..usize::from(*len))
                .and_then(|b| core::str::from_utf8(b).ok())
                .unwrap_or(""),
            Lex::Heap(s) => s,
        }
    }
}

impl From<String> for Lex {
    fn from(s: String) -> Lex {
        if s.len() <= Lex::INLINE {
            Lex::new(&s)
        } else {
            Lex::Heap(s)
        }
    }
}

impl PartialEq for Lex {
    fn eq(&self, other: &Lex) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Lex {}

impl PartialOrd for Lex {
    fn partial_cmp(&self, other: &Lex) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lex {
    fn cmp(&self, other: &Lex) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl core::hash::Hash for Lex {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

macro_rules! lexical_type {
    ($t:ident, $p:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// `Debug` never shows the value; `Display` writes the lexical form.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $t(Lex);

        impl $t {
            /// Parses and validates the lexical form.
            pub fn parse(s: &str) -> Result<$t, InvalidValue> {
                if PrimitiveType::$p.is_valid(s) {
                    Ok($t(Lex::new(s)))
                } else {
                    Err(InvalidValue(PrimitiveType::$p))
                }
            }

            /// The lexical form, exactly as parsed.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl FromStr for $t {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, InvalidValue> {
                $t::parse(s)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($t), "(..)"))
            }
        }
    };
}

lexical_type!(
    Date,
    Date,
    "A FHIR `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, without time zone.\n\n```\nuse fhir::{Date, Precision};\nlet d = Date::parse(\"1980-01\")?;\nassert_eq!(d.precision(), Precision::Month);\nassert_eq!(d.to_naive_date().unwrap().to_string(), \"1980-01-01\");\n# Ok::<(), fhir::InvalidValue>(())\n```"
);
lexical_type!(
    DateTime,
    DateTime,
    "A FHIR `dateTime`: a (partial) date, or a full date and time with a UTC offset.\n\n```\nuse fhir::{DateTime, Precision};\nlet t = DateTime::parse(\"2026-11-03T14:15:22.120-05:00\")?;\nassert_eq!(t.precision(), Precision::Fraction(3));\nassert_eq!(t.to_chrono().unwrap().to_rfc3339(), \"2026-11-03T14:15:22.120-05:00\");\nassert!(DateTime::parse(\"2026-11-03T14:15:22\").is_err()); // a time needs an offset\n# Ok::<(), fhir::InvalidValue>(())\n```"
);
lexical_type!(
    Instant,
    Instant,
    "A FHIR `instant`: a full date and time to at least the second, with a UTC offset.\n\n```\nuse fhir::Instant;\nlet i = Instant::parse(\"2015-02-07T13:28:17.239+02:00\")?;\nassert_eq!(i.to_chrono().timestamp(), 1423308497);\n# Ok::<(), fhir::InvalidValue>(())\n```"
);
lexical_type!(
    Time,
    Time,
    "A FHIR `time` of day: `hh:mm:ss` with optional fraction, no time zone.\n\n```\nuse fhir::Time;\nlet t = Time::parse(\"08:30:00\")?;\nassert_eq!(t.to_naive_time().unwrap().to_string(), \"08:30:00\");\n# Ok::<(), fhir::InvalidValue>(())\n```"
);

impl Date {
    /// How much of the date was given.
    pub fn precision(&self) -> Precision {
        date_precision(parse_date(self.as_str().as_bytes()).map_or(3, |(p, _)| p))
    }

    /// The first day of the period the date names.
    pub fn to_naive_date(&self) -> Option<NaiveDate> {
        naive_date(self.as_str())
    }
}

fn format_date(d: NaiveDate) -> Option<String> {
    let year = u32::try_from(d.year())
        .ok()
        .filter(|y| (1..=9999).contains(y))?;
    Some(format!("{year:04}-{:02}-{:02}", d.month(), d.day()))
}

/// `hh:mm:ss` plus fractional digits: as few as needed, or (`auto_si`) in groups of
/// 3, 6 or 9 like chrono's `SecondsFormat::AutoSi`.
fn format_time(t: NaiveTime, auto_si: bool) -> String {
    let mut sec = t.second();
    let mut nanos = t.nanosecond();
    if nanos >= 1_000_000_000 {
        // chrono's representation of a leap second
        sec = 60;
        nanos -= 1_000_000_000;
    }
    let mut s = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), sec);
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        let frac = if auto_si {
            if nanos.is_multiple_of(1_000_000) {
                &frac[..3]
            } else if nanos.is_multiple_of(1_000) {
                &frac[..6]
            } else {
                &frac[..]
            }
        } else {
            frac.trim_end_matches('0')
        };
        s.push('.');
        s.push_str(frac);
    }
    s
}

fn format_offset(offset: FixedOffset) -> Option<String> {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return Some("Z".into());
    }
    let a = secs.unsigned_abs();
    if !a.is_multiple_of(60) || a > 14 * 3600 {
        return None;
    }
    let sign = if secs < 0 { '-' } else { '+' };
    Some(format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60))
}

fn format_chrono<Tz: TimeZone>(t: &chrono::DateTime<Tz>) -> Option<String> {
    let t = t.fixed_offset();
    let local = t.naive_local();
    let mut s = format_date(local.date())?;
    s.push('T');
    s.push_str(&format_time(local.time(), true));
    s.push_str(&format_offset(*t.offset())?);
    Some(s)
}

impl TryFrom<NaiveDate> for Date {
    type Error = InvalidValue;
    /// `YYYY-MM-DD`; years outside 1–9999 are not FHIR dates.
    fn try_from(d: NaiveDate) -> Result<Self, InvalidValue> {
        format_date(d)
            .map(|s| Date(Lex::from(s)))
            .ok_or(InvalidValue(PrimitiveType::Date))
    }
}

impl DateTime {
    /// How much of the date and time was given.
    pub fn precision(&self) -> Precision {
        match self.as_str().split_once('T') {
            Some((_, time)) => time_precision(time.as_bytes()),
            None => date_precision(parse_date(self.as_str().as_bytes()).map_or(3, |(p, _)| p)),
        }
    }

    /// The date part (the first day of the period for partial dates).
    pub fn to_naive_date(&self) -> Option<NaiveDate> {
        naive_date(self.as_str().split('T').next()?)
    }

    /// The date and time with its offset; `None` when only a (partial) date was given.
    pub fn to_chrono(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let (date, rest) = self.as_str().split_once('T')?;
        let time_len = parse_time(rest.as_bytes()).map(|r| rest.len() - r.len())?;
        let naive = NaiveDateTime::new(naive_date(date)?, naive_time(rest.get(..time_len)?)?);
        let offset = offset_of(rest.get(time_len..)?)?;
        offset.from_local_datetime(&naive).single()
    }
}

impl<Tz: TimeZone> TryFrom<chrono::DateTime<Tz>> for DateTime {
    type Error = InvalidValue;
    /// Formats with 0, 3, 6 or 9 fractional digits (as needed) and `Z` for UTC. Years outside
    /// 1–9999 and offsets beyond ±14:00 or with seconds are not FHIR dateTimes.
    fn try_from(t: chrono::DateTime<Tz>) -> Result<Self, InvalidValue> {
        format_chrono(&t)
            .map(|s| DateTime(Lex::from(s)))
            .ok_or(InvalidValue(PrimitiveType::DateTime))
    }
}

impl TryFrom<NaiveDate> for DateTime {
    type Error = InvalidValue;
    /// A date-only dateTime, `YYYY-MM-DD`.
    fn try_from(d: NaiveDate) -> Result<Self, InvalidValue> {
        format_date(d)
            .map(|s| DateTime(Lex::from(s)))
            .ok_or(InvalidValue(PrimitiveType::DateTime))
    }
}

impl Instant {
    /// The instant with its offset.
    pub fn to_chrono(&self) -> chrono::DateTime<FixedOffset> {
        DateTime(self.0.clone())
            .to_chrono()
            // Unreachable: an Instant always has a full date, time and offset.
            .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::UNIX_EPOCH.fixed_offset())
    }

    /// How many fractional digits of a second were given.
    pub fn precision(&self) -> Precision {
        match self.as_str().split_once('T') {
            Some((_, time)) => time_precision(time.as_bytes()),
            None => Precision::Second,
        }
    }
}

impl<Tz: TimeZone> TryFrom<chrono::DateTime<Tz>> for Instant {
    type Error = InvalidValue;
    /// Formats with 0, 3, 6 or 9 fractional digits (as needed) and `Z` for UTC. Years outside
    /// 1–9999 and offsets beyond ±14:00 or with seconds are not FHIR instants.
    fn try_from(t: chrono::DateTime<Tz>) -> Result<Self, InvalidValue> {
        format_chrono(&t)
            .map(|s| Instant(Lex::from(s)))
            .ok_or(InvalidValue(PrimitiveType::Instant))
    }
}

impl Time {
    /// The time of day.
    pub fn to_naive_time(&self) -> Option<NaiveTime> {
        naive_time(self.as_str())
    }

    /// How many fractional digits of a second were given.
    pub fn precision(&self) -> Precision {
        time_precision(self.as_str().as_bytes())
    }
}

impl From<NaiveTime> for Time {
    /// Formats as `hh:mm:ss` plus as many fractional digits as needed.
    fn from(t: NaiveTime) -> Self {
        Time(Lex::from(format_time(t, false)))
    }
}
