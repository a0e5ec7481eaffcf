//! v2 DTM/TS → FHIR `date`, `dateTime` and `instant`, keeping precision and offsets.

use chrono::{Datelike, Timelike};
use hl7v2::{Precision, Timestamp};

use super::UtcOffset;

/// A converted timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Converted {
    /// A FHIR date or dateTime lexical form.
    Value(String),
    /// Had a time but no offset and no default: cut to this date.
    Truncated(String),
}

fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + ((n / 10) % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn push_date(out: &mut String, t: &Timestamp, precision: Precision) {
    let y = t.local.year();
    // HL7 years are four digits (0000-9999): `digits` checked that.
    let y = u32::try_from(y).unwrap_or(0);
    push2(out, y / 100);
    push2(out, y % 100);
    if precision >= Precision::Month {
        out.push('-');
        push2(out, t.local.month());
    }
    if precision >= Precision::Day {
        out.push('-');
        push2(out, t.local.day());
    }
}

fn push_offset(out: &mut String, seconds: i32) {
    out.push(if seconds < 0 { '-' } else { '+' });
    let s = seconds.unsigned_abs();
    push2(out, s / 3600);
    out.push(':');
    push2(out, (s / 60) % 60);
}

/// Converts to a FHIR `dateTime` (or `date` when `date_only`), per the module rules in
/// [`super`].
pub(crate) fn to_date_time(
    t: &Timestamp,
    default: Option<UtcOffset>,
    date_only: bool,
) -> Converted {
    let mut out = String::with_capacity(29);
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
    out.push('T');
    push2(&mut out, t.local.hour());
    out.push(':');
    push2(&mut out, t.local.minute());
    out.push(':');
    push2(&mut out, t.local.second());
    if let Precision::Fraction(n) = t.precision {
        out.push('.');
        let nanos = t.local.nanosecond();
        let digits = format!("{nanos:09}");
        out.push_str(digits.get(..usize::from(n).min(9)).unwrap_or(""));
    }
    push_offset(&mut out, offset);
    Converted::Value(out)
}

/// Converts to a FHIR `instant`: needs seconds and an offset (own or default).
pub(crate) fn to_instant(t: &Timestamp, default: Option<UtcOffset>) -> Option<String> {
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
        Converted::Value(s.to_owned())
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
        assert_eq!(
            dt("20261124083015", None),
            Converted::Truncated("2026-11-24".into())
        );
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
            to_instant(&t, None).as_deref(),
            Some("2026-11-24T08:30:01-05:00")
        );
        let t = Timestamp::parse(b"20261124083001").unwrap();
        assert_eq!(to_instant(&t, None), None);
    }
}
