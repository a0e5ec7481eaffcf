//! The lexical spaces of the FHIR primitive types (the regular expressions of the R4
//! definitions, written out by hand so that no regex engine is needed).

use crate::model::PrimitiveType;

impl PrimitiveType {
    /// Whether `s` is in the lexical space of the type, per the R4 definitions (including
    /// "dates shall be valid dates" and "a dateTime with a time has a UTC offset"). Empty text
    /// is never valid.
    ///
    /// ```
    /// use fhir::PrimitiveType;
    /// assert!(PrimitiveType::DateTime.is_valid("2024-02-29T10:00:00+01:00"));
    /// assert!(!PrimitiveType::DateTime.is_valid("2024-02-29T10:00:00")); // no offset
    /// assert!(!PrimitiveType::Date.is_valid("2023-02-29"));
    /// assert!(PrimitiveType::Decimal.is_valid("13.50"));
    /// assert!(!PrimitiveType::Id.is_valid("a b"));
    /// ```
    pub fn is_valid(self, s: &str) -> bool {
        let b = s.as_bytes();
        if b.is_empty() {
            return false;
        }
        match self {
            PrimitiveType::Boolean => s == "true" || s == "false",
            PrimitiveType::Integer => {
                let digits = b.strip_prefix(b"-").unwrap_or(b);
                canonical_digits(digits) && s.parse::<i32>().is_ok()
            }
            PrimitiveType::UnsignedInt => canonical_digits(b) && s.parse::<i32>().is_ok(),
            PrimitiveType::PositiveInt => {
                canonical_digits(b) && b != b"0" && s.parse::<i32>().is_ok()
            }
            PrimitiveType::Decimal => is_json_number(b),
            PrimitiveType::Date => parse_date(b).is_some_and(|(_, rest)| rest.is_empty()),
            PrimitiveType::DateTime => is_date_time(b, false),
            PrimitiveType::Instant => is_date_time(b, true),
            PrimitiveType::Time => is_time(b),
            PrimitiveType::String | PrimitiveType::Markdown | PrimitiveType::Xhtml => is_string(s),
            PrimitiveType::Id => {
                b.len() <= 64
                    && b.iter()
                        .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'.')
            }
            PrimitiveType::Code => is_code(s),
            PrimitiveType::Uri | PrimitiveType::Url | PrimitiveType::Canonical => {
                if crate::swar::all_graphic_ascii(b) {
                    true
                } else if s.is_ascii() {
                    b.iter().all(|&c| c > b' ' && c != 0x7f)
                } else {
                    !s.chars().any(|c| c.is_whitespace() || c.is_control())
                }
            }
            PrimitiveType::Oid => is_oid(b),
            PrimitiveType::Uuid => is_uuid(b),
            PrimitiveType::Base64Binary => is_base64(b),
        }
    }
}

/// `0|[1-9][0-9]*`
fn canonical_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit) && (b.len() == 1 || b[0] != b'0')
}

/// The JSON number grammar, which is also FHIR's decimal:
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub(crate) fn is_json_number(b: &[u8]) -> bool {
    json_number_len(b) == Some(b.len())
}

/// The length of the JSON number at the start of `b`, if one starts there.
pub(crate) fn json_number_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
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
    Some(i)
}

/// No control characters other than tab, CR and LF.
fn is_string(s: &str) -> bool {
    !s.is_empty()
        && (crate::swar::all_printable(s.as_bytes())
            || s.bytes()
                .all(|c| (c >= 0x20 && c != 0x7f) || c == b'\t' || c == b'\r' || c == b'\n'))
}

/// `[^\s]+(\s[^\s]+)*`
fn is_code(s: &str) -> bool {
    if !s.is_empty() && crate::swar::all_graphic_ascii(s.as_bytes()) {
        // No space at all, so none leading, trailing or doubled.
        return true;
    }
    if s.is_ascii() {
        // The same rule over bytes: printable ASCII, single spaces between tokens.
        let b = s.as_bytes();
        let mut prev_space = true;
        for &c in b {
            let space = c == b' ';
            if (space && prev_space) || !(0x20..0x7f).contains(&c) {
                return false;
            }
            prev_space = space;
        }
        return !prev_space;
    }
    let mut prev_ws = true;
    for c in s.chars() {
        let ws = c.is_whitespace();
        if ws && (prev_ws || c != ' ') {
            return false;
        }
        if c.is_control() {
            return false;
        }
        prev_ws = ws;
    }
    !prev_ws
}

fn is_oid(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"urn:oid:") else {
        return false;
    };
    let mut parts = rest.split(|c| *c == b'.');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() == 1 && (b'0'..=b'2').contains(&p[0]));
    let mut n = 0;
    for p in parts {
        if !canonical_digits(p) {
            return false;
        }
        n += 1;
    }
    first_ok && n >= 1
}

fn is_uuid(b: &[u8]) -> bool {
    let Some(rest) = b.strip_prefix(b"urn:uuid:") else {
        return false;
    };
    rest.len() == 36
        && rest.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// Base64 with optional whitespace: groups of four alphabet characters, `=` padding at the end.
fn is_base64(b: &[u8]) -> bool {
    let mut n = 0usize;
    let mut pad = 0usize;
    for &c in b {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            b'=' => pad += 1,
            c if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' => {
                if pad > 0 {
                    return false;
                }
            }
            _ => return false,
        }
        n += 1;
    }
    n > 0 && n.is_multiple_of(4) && pad <= 2
}

fn digits(b: &[u8], n: usize) -> Option<u32> {
    let d = b.get(..n)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0, |a, c| a * 10 + u32::from(c - b'0')))
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY[-MM[-DD]]` at the start of `b`: (number of parts, rest).
pub(crate) fn parse_date(b: &[u8]) -> Option<(u8, &[u8])> {
    let year = digits(b, 4)?;
    if year == 0 {
        return None;
    }
    let rest = &b[4..];
    let Some(rest) = rest.strip_prefix(b"-") else {
        return Some((1, rest));
    };
    let month = digits(rest, 2)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let rest = &rest[2..];
    let Some(rest) = rest.strip_prefix(b"-") else {
        return Some((2, rest));
    };
    let day = digits(rest, 2)?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((3, &rest[2..]))
}

/// `hh:mm:ss[.f+]` at the start of `b`: the rest.
pub(crate) fn parse_time(b: &[u8]) -> Option<&[u8]> {
    let h = digits(b, 2)?;
    let m = digits(b.get(3..)?, 2)?;
    let s = digits(b.get(6..)?, 2)?;
    if b[2] != b':' || b[5] != b':' || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut rest = &b[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    Some(rest)
}

/// `Z` or `(+|-)hh:mm` with hh:mm up to 14:00: whether `b` is exactly that.
pub(crate) fn is_offset(b: &[u8]) -> bool {
    if b == b"Z" {
        return true;
    }
    if b.len() != 6 || !(b[0] == b'+' || b[0] == b'-') || b[3] != b':' {
        return false;
    }
    match (digits(&b[1..], 2), digits(&b[4..], 2)) {
        (Some(h), Some(m)) => (h <= 13 && m <= 59) || (h == 14 && m == 0),
        _ => false,
    }
}

fn is_date_time(b: &[u8], instant: bool) -> bool {
    let Some((parts, rest)) = parse_date(b) else {
        return false;
    };
    if rest.is_empty() {
        return !instant;
    }
    if parts != 3 {
        return false;
    }
    let Some(time) = rest.strip_prefix(b"T") else {
        return false;
    };
    match parse_time(time) {
        Some(offset) => is_offset(offset),
        None => false,
    }
}

fn is_time(b: &[u8]) -> bool {
    parse_time(b).is_some_and(<[u8]>::is_empty)
}
