//! HL7 DTM/TS timestamps with their precision and UTC offset.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{Error, ErrorKind};

/// How much of a timestamp was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYYMM`
    Month,
    /// `YYYYMMDD`
    Day,
    /// `YYYYMMDDHH`
    Hour,
    /// `YYYYMMDDHHMM`
    Minute,
    /// `YYYYMMDDHHMMSS`
    Second,
    /// `YYYYMMDDHHMMSS.S` to `.SSSS`: the number of fractional digits.
    Fraction(u8),
}

/// A parsed HL7 timestamp (`YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`).
///
/// Missing parts default to the start of the period (month 1, day 1, 00:00:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Date and time as written (local to `offset` when there is one).
    pub local: NaiveDateTime,
    /// How much was given.
    pub precision: Precision,
    /// The UTC offset, when given.
    pub offset: Option<FixedOffset>,
}

fn digits(s: &[u8], n: usize) -> Option<u32> {
    let d = s.get(..n)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0u32, |a, &b| a * 10 + u32::from(b - b'0')))
}

impl Timestamp {
    /// Parses a DTM value (or the first component of a TS).
    ///
    /// ```
    /// use hl7v2::{Timestamp, Precision};
    /// let t = Timestamp::parse(b"20261103141522.1234-0500")?;
    /// assert_eq!(t.precision, Precision::Fraction(4));
    /// assert_eq!(t.offset.unwrap().local_minus_utc(), -5 * 3600);
    /// assert_eq!(t.to_datetime().unwrap().to_rfc3339(), "2026-11-03T14:15:22.123400-05:00");
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn parse(v: &[u8]) -> Result<Timestamp, Error> {
        let bad = |at: usize| Error::new(ErrorKind::InvalidTimestamp, at);
        let sign_at = v.iter().position(|&b| b == b'+' || b == b'-');
        let (body, tz) = match sign_at {
            Some(i) => (&v[..i], Some(&v[i..])),
            None => (v, None),
        };
        let (main, frac) = match body.iter().position(|&b| b == b'.') {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let precision = match main.len() {
            4 => Precision::Year,
            6 => Precision::Month,
            8 => Precision::Day,
            10 => Precision::Hour,
            12 => Precision::Minute,
            14 => Precision::Second,
            _ => return Err(bad(0)),
        };
        let year = digits(main, 4).ok_or_else(|| bad(0))?;
        let month = if main.len() >= 6 {
            digits(&main[4..], 2).ok_or_else(|| bad(4))?
        } else {
            1
        };
        let day = if main.len() >= 8 {
            digits(&main[6..], 2).ok_or_else(|| bad(6))?
        } else {
            1
        };
        let hour = if main.len() >= 10 {
            digits(&main[8..], 2).ok_or_else(|| bad(8))?
        } else {
            0
        };
        let min = if main.len() >= 12 {
            digits(&main[10..], 2).ok_or_else(|| bad(10))?
        } else {
            0
        };
        let sec = if main.len() >= 14 {
            digits(&main[12..], 2).ok_or_else(|| bad(12))?
        } else {
            0
        };
        let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| bad(4))?;
        let (nanos, precision) = match frac {
            None => (0, precision),
            Some(f) => {
                if precision != Precision::Second || f.is_empty() || f.len() > 4 {
                    return Err(bad(main.len()));
                }
                let n = digits(f, f.len()).ok_or_else(|| bad(main.len() + 1))?;
                (
                    n * 10u32.pow(9 - f.len() as u32),
                    Precision::Fraction(f.len() as u8),
                )
            }
        };
        let time = NaiveTime::from_hms_nano_opt(hour, min, sec, nanos).ok_or_else(|| bad(8))?;
        let offset = match tz {
            None => None,
            Some(z) => {
                let at = body.len();
                if z.len() != 5 {
                    return Err(bad(at));
                }
                let hh = digits(&z[1..], 2).ok_or_else(|| bad(at))?;
                let mm = digits(&z[3..], 2).ok_or_else(|| bad(at))?;
                if hh > 23 || mm > 59 {
                    return Err(bad(at));
                }
                let secs = (hh * 3600 + mm * 60) as i32;
                let secs = if z[0] == b'-' { -secs } else { secs };
                Some(FixedOffset::east_opt(secs).ok_or_else(|| bad(at))?)
            }
        };
        Ok(Timestamp {
            local: NaiveDateTime::new(date, time),
            precision,
            offset,
        })
    }

    /// The timestamp with its offset, when one was given.
    pub fn to_datetime(&self) -> Option<chrono::DateTime<FixedOffset>> {
        let off = self.offset?;
        self.local.and_local_timezone(off).single()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions() {
        assert_eq!(
            Timestamp::parse(b"2026").unwrap().precision,
            Precision::Year
        );
        assert_eq!(
            Timestamp::parse(b"202611").unwrap().precision,
            Precision::Month
        );
        let t = Timestamp::parse(b"202611241530").unwrap();
        assert_eq!(t.precision, Precision::Minute);
        assert_eq!(t.local.to_string(), "2026-11-24 15:30:00");
        assert!(t.offset.is_none());
        let t = Timestamp::parse(b"20261124153001+0130").unwrap();
        assert_eq!(t.offset.unwrap().local_minus_utc(), 5400);
    }

    #[test]
    fn rejects_bad() {
        for v in [
            &b""[..],
            b"20261",
            b"20261332",
            b"2026112425",
            b"20261124153061",
            b"2026x124",
            b"20261124.5",
            b"20261124153000.12345",
            b"20261124+05",
            b"20261124+2500",
        ] {
            assert!(
                Timestamp::parse(v).is_err(),
                "{:?}",
                core::str::from_utf8(v)
            );
        }
    }
}
