//! v2 DTM/TS → FHIR `date`, `dateTime` and `instant`, keeping precision and offsets.

use chrono::{Datelike, Timelike};
use hl7v2::{Precision, Timestamp};

use super::UtcOffset;

/// A converted timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Converted {
    /// A FHIR date or dateTime lexical form.
    Value(Lexical),
    /// Had a time but no offset and no default: cut to this date.
    Truncated(Lexical),
}

/// The lexical form of a FHIR date, dateTime or instant, built without allocation (at most
/// `YYYY-MM-DDThh:mm:ss.fffffffff+hh:mm`, 35 bytes).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Lexical {
    buf: [u8; 40],
    len: usize,
}

impl Lexical {
    fn new() -> Self {
        Lexical {
            buf: [0; 40],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and punctuation are pushed.
        core::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

impl core::fmt::Debug for Lexical {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_str(), f)
    }
}

fn push2(out: &mut Lexical, n: u32) {
    out.push(b'0' + ((n / 10) % 10) as u8);
    out.push(b'0' + (n % 10) as u8);
}

fn push_date(out: &mut Lexical, t: &Timestamp, precision: Precision) {
    let y = t.local.year();
    // HL7 years are four digits (0000-9999): `digits` checked that.
    let y = u32::try_from(y).unwrap_or(0);
    push2(out, y / 100);
    push2(out, y % 100);
    if precision >= Precision::Month {
        out.push(b'-');
        push2(out, t.local.month());
    }
    if precision >= Precision::Day {
        out.push(b'-');
        push2(out, t.local.day());
    }
}

fn push_offset(out: &mut Lexical, seconds: i32) {
    out.push(if seconds < 0 { b'-' } else { b'+' });
    let s = seconds.unsigned_abs();
    push2(out, s / 3600);
    out.push(b':');
    push2(out, (s / 60) % 60);
}

/// Converts to a FHIR `dateTime` (or `date` when `date_only`), per the module rules in
/// [`super`].
pub(crate) fn to_date_time(
    t: &Timestamp,
    default: Option<UtcOffset>,
    date_only: bool,
) -> Converted {
    let mut out = Lexical::new();
    if t.precision <= Precision::Day || date_only {
        push_date(&mut out, t, t.precision.min(Precision::Day));
        return Converted::Value(out);
    }
    let offset = t
        .offset
        .map(|o| o.local_minus_utc())
        .or_else(|| default.map(|d| i32::from(d.minutes()) * 60));
    let Some(offset) = offset else {
        push_date(&mut out, t, Precision::Day);
        return Converted::Truncated(out);
    };
    push_date(&mut out, t, Precision::Day);
    out.push(b'T');
    push2(&mut out, t.local.hour());
    out.push(b':');
    push2(&mut out, t.local.minute());
    out.push(b':');
    push2(&mut out, t.local.second());
    if let Precision::Fraction(n) = t.precision {
        out.push(b'.');
        // The first n digits of the nanoseconds written with at least nine digits (a leap
        // second's nanoseconds have ten).
        let nanos = t.local.nanosecond();
        let mut div = if nanos >= 1_000_000_000 {
            1_000_000_000
        } else {
            100_000_000
        };
        for _ in 0..usize::from(n).min(9) {
            out.push(b'0' + ((nanos / div) % 10) as u8);
            div /= 10;
        }
    }
    push_offset(&mut out, offset);
    Converted::Value(out)
}

/// Converts to a FHIR `instant`: needs seconds and an offset (own or default).
pub(crate) fn to_instant(t: &Timestamp, default: Option<UtcOffset>) -> Option<Lexical> {
    if t.precision < Precision::Second {
        return None;
    }
    match to_date_time(t, default, false) {
        Converted::Value(s) => Some(s),
        Converted::Truncated(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str, default: Option<UtcOffset>) -> Converted {
        let t = Timestamp::parse(s.as_bytes()).unwrap();
        to_date_time(&t, default, false)
    }

    fn v(s: &str) -> Converted {
        let mut l = Lexical::new();
        s.bytes().for_each(|b| l.push(b));
        Converted::Value(l)
    }

    fn t(s: &str) -> Converted {
        match v(s) {
            Converted::Value(l) => Converted::Truncated(l),
            c => c,
        }
    }

    #[test]
    fn precision_and_offsets() {
        assert_eq!(dt("2026", None), v("2026"));
        assert_eq!(dt("202611", None), v("2026-11"));
        assert_eq!(dt("20261124", None), v("2026-11-24"));
        assert_eq!(dt("20261124-0500", None), v("2026-11-24"));
        assert_eq!(dt("2026112408-0500", None), v("2026-11-24T08:00:00-05:00"));
        assert_eq!(
            dt("202611240830+0530", None),
            v("2026-11-24T08:30:00+05:30")
        );
        assert_eq!(
            dt("20261124083015.1+0000", None),
            v("2026-11-24T08:30:15.1+00:00")
        );
        assert_eq!(
            dt("20261124083015.1230-0330", None),
            v("2026-11-24T08:30:15.1230-03:30")
        );
        assert_eq!(dt("20261124083015", None), t("2026-11-24"));
        let plus5 = UtcOffset::parse("+05:00");
        assert_eq!(dt("20261124083015", plus5), v("2026-11-24T08:30:15+05:00"));
        // The message's own offset wins over the default.
        assert_eq!(
            dt("20261124083015-0100", plus5),
            v("2026-11-24T08:30:15-01:00")
        );
        for s in [
            "2026-11-24T08:30:15.1230-03:30",
            "2026-11-24T08:00:00-05:00",
        ] {
            assert!(fhir::DateTime::parse(s).is_ok());
            assert!(fhir::Instant::parse(s).is_ok());
        }
    }

    #[test]
    fn instants() {
        let t = Timestamp::parse(b"202611240830-0500").unwrap();
        assert_eq!(to_instant(&t, None), None);
        let t = Timestamp::parse(b"20261124083001-0500").unwrap();
        assert_eq!(
            to_instant(&t, None).as_ref().map(Lexical::as_str),
            Some("2026-11-24T08:30:01-05:00")
        );
        let t = Timestamp::parse(b"20261124083001").unwrap();
        assert_eq!(to_instant(&t, None), None);
    }
}
