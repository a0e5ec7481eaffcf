//! Delimiters, and reading them from the fixed-layout ISA segment.

use crate::error::{DelimiterRole, Error, ErrorKind};
use crate::scan::Pair;

/// The four delimiters of an interchange, as read from its ISA segment.
///
/// Nothing is assumed: `*`, `^`, `:` and `~` are merely common. The element separator is ISA
/// byte 3, the repetition separator is ISA11 (only from version 00402 on: in 00401 and
/// earlier ISA11 is the standards identifier, usually `U`), the component separator is ISA16
/// and the segment terminator is the byte after ISA16 (byte 105 of a well-formed ISA).
///
/// ```
/// let ic = x12::Interchange::parse(b"ISA|00|          |00|          |ZZ|SENDER         |ZZ|RECEIVER       |261124|0830|!|00501|000000001|0|T|}\n\
/// IEA|0|000000001\n")?;
/// let d = ic.delimiters();
/// assert_eq!((d.element, d.repetition, d.component, d.segment), (b'|', Some(b'!'), b'}', b'\n'));
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    /// Data element separator (ISA byte 3).
    pub element: u8,
    /// Repetition separator (ISA11 from version 00402 on), if any.
    pub repetition: Option<u8>,
    /// Component element separator (ISA16).
    pub component: u8,
    /// Segment terminator.
    pub segment: u8,
}

impl Default for Delimiters {
    /// The usual 5010 choice: `*`, `^`, `:`, `~`.
    fn default() -> Self {
        Delimiters::new(b'*', Some(b'^'), b':', b'~')
    }
}

/// Whether `b` can separate elements, repetitions or components: not a letter, digit or
/// space, and not a line break (which lenient parsing skips after terminators).
#[inline]
pub(crate) fn usable_separator(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && b != b' ' && b != b'\r' && b != b'\n'
}

/// Whether `b` can terminate segments: not a letter, digit or space.
#[inline]
pub(crate) fn usable_terminator(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && b != b' '
}

impl Delimiters {
    /// Delimiters from their four bytes.
    pub const fn new(element: u8, repetition: Option<u8>, component: u8, segment: u8) -> Self {
        Delimiters {
            element,
            repetition,
            component,
            segment,
        }
    }

    /// The role `b` plays, if it is one of the delimiters.
    ///
    /// ```
    /// use x12::{Delimiters, DelimiterRole};
    /// let d = Delimiters::default();
    /// assert_eq!(d.role_of(b'~'), Some(DelimiterRole::Segment));
    /// assert_eq!(d.role_of(b'A'), None);
    /// ```
    #[inline]
    pub fn role_of(&self, b: u8) -> Option<DelimiterRole> {
        if b == self.element {
            Some(DelimiterRole::Element)
        } else if b == self.segment {
            Some(DelimiterRole::Segment)
        } else if b == self.component {
            Some(DelimiterRole::Component)
        } else if Some(b) == self.repetition {
            Some(DelimiterRole::Repetition)
        } else {
            None
        }
    }

    /// Checks that the delimiters can be written: separators are neither letters, digits,
    /// space nor line breaks, the terminator is neither a letter, digit nor space, and all
    /// four are different.
    ///
    /// ```
    /// use x12::Delimiters;
    /// assert!(Delimiters::default().check().is_ok());
    /// assert!(Delimiters::new(b'*', Some(b'*'), b':', b'~').check().is_err());
    /// assert!(Delimiters::new(b'*', None, b'A', b'~').check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        let bad = |what| Err(Error::new(ErrorKind::InvalidDelimiters(what), 0));
        if !usable_separator(self.element)
            || !usable_separator(self.component)
            || self.repetition.is_some_and(|r| !usable_separator(r))
        {
            return bad("separators must not be letters, digits, space or line breaks");
        }
        if !usable_terminator(self.segment) {
            return bad("the segment terminator must not be a letter, digit or space");
        }
        let all = [
            Some(self.element),
            Some(self.component),
            Some(self.segment),
            self.repetition,
        ];
        for (i, a) in all.iter().enumerate() {
            if a.is_some() && all[..i].contains(a) {
                return bad("delimiters must all be different");
            }
        }
        Ok(())
    }
}

/// Length of a well-formed ISA segment, terminator included.
pub(crate) const ISA_LEN: usize = 106;

/// Offsets of the 16 element separators in a well-formed ISA.
pub(crate) const ISA_SEPARATORS: [u16; 16] = [
    3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103,
];

/// [`ISA_SEPARATORS`] as bitmaps of ISA bytes 0–63 and 64–127.
const FIXED_SEPARATOR_BITS: (u64, u64) = {
    let (mut lo, mut hi) = (0u64, 0u64);
    let mut i = 0;
    while i < ISA_SEPARATORS.len() {
        let p = ISA_SEPARATORS[i] as u32;
        if p < 64 {
            lo |= 1 << p;
        } else {
            hi |= 1 << (p - 64);
        }
        i += 1;
    }
    (lo, hi)
};

/// Fixed widths of ISA01–ISA16.
pub(crate) const ISA_WIDTHS: [u8; 16] = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

/// How far past its start the sixteen element separators of an ISA with elements of the
/// wrong width are looked for.
const MAX_ISA_LEN: usize = 512;

/// Where the parts of one ISA segment are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IsaLayout {
    pub(crate) delims: Delimiters,
    /// ISA length including its terminator (106 when well-formed).
    pub(crate) len: usize,
    /// Offsets of the 16 element separators, relative to the ISA start.
    pub(crate) separators: [u16; 16],
}

impl IsaLayout {
    /// ISA element `n` (1–16) within `isa` (the ISA bytes from its start).
    pub(crate) fn element<'a>(&self, isa: &'a [u8], n: usize) -> &'a [u8] {
        let from = usize::from(self.separators[n - 1]) + 1;
        let to = if n < 16 {
            usize::from(self.separators[n])
        } else {
            self.len - 1
        };
        isa.get(from..to).unwrap_or_default()
    }

    /// Whether ISA12 names version 00402 or later (`None` when it is not five digits).
    pub(crate) fn has_repetition_version(&self, isa: &[u8]) -> Option<bool> {
        let v = self.element(isa, 12);
        (v.len() == 5 && v.iter().all(u8::is_ascii_digit)).then(|| v >= &b"00402"[..])
    }
}

/// Whether `s` begins a new interchange: `ISA` followed by a possible element separator.
#[inline]
pub(crate) fn is_isa_start(s: &[u8]) -> bool {
    matches!(s, [b'I', b'S', b'A', e, ..] if usable_separator(*e))
}

/// Reads the delimiters and layout of the ISA at `start` (which begins with `ISA`).
///
/// Returns `Ok(None)` when more input is needed and `complete` is false. A well-formed ISA has
/// its separators at fixed offsets; one with elements of the wrong width is accepted too (its
/// widths are reported later as diagnostics): the terminator is then the byte after the one
/// following the sixteenth element separator.
pub(crate) fn read_isa(
    input: &[u8],
    start: usize,
    complete: bool,
) -> Result<Option<IsaLayout>, Error> {
    let s = input.get(start..).unwrap_or_default();
    let truncated = || Error::new(ErrorKind::TruncatedHeader, input.len()).at_segment(1, b"ISA");
    let need_more = || {
        if complete { Err(truncated()) } else { Ok(None) }
    };
    let Some(&e) = s.get(3) else {
        return need_more();
    };
    let invalid = |role, at: usize| {
        Err(Error::new(ErrorKind::InvalidDelimiter(role), start + at).at_segment(1, b"ISA"))
    };
    if !usable_separator(e) {
        return invalid(DelimiterRole::Element, 3);
    }
    if s.len() < ISA_LEN && !complete {
        // Whether the layout is the fixed one is only known with 106 bytes.
        return Ok(None);
    }
    let mut separators = [0u16; 16];
    // The fixed layout: the element separators among the first 105 bytes are exactly the 16
    // at the fixed offsets (compared as two 64-byte bitmaps). The same pass finds whether
    // the byte after them (the terminator of a fixed-layout ISA) occurs before it.
    let (fixed, terminator_inside) = match s.get(ISA_LEN - 1) {
        Some(&t) => {
            let pair = Pair::new(e, t);
            let (lo, tlo, _) = pair.masks64_at(s, 0);
            let (hi, thi, _) = pair.masks64_at(s, 64);
            let (want_lo, want_hi) = FIXED_SEPARATOR_BITS;
            let head = (1 << (ISA_LEN - 1 - 64)) - 1;
            (
                lo == want_lo && hi & head == want_hi,
                tlo != 0 || thi & head != 0,
            )
        }
        None => (false, false),
    };
    if fixed {
        separators = ISA_SEPARATORS;
    } else {
        let window = &s[..s.len().min(MAX_ISA_LEN)];
        let mut n = 0;
        for i in memchr::memchr_iter(e, window) {
            separators[n] = i as u16;
            n += 1;
            if n == 16 {
                break;
            }
        }
        if n < 16 {
            // Sixteen separators within any plausible ISA length, or byte 3 is not the
            // element separator.
            return if s.len() >= MAX_ISA_LEN {
                invalid(DelimiterRole::Element, 3)
            } else {
                need_more()
            };
        }
    }
    let q = usize::from(separators[15]);
    let (Some(&component), Some(&segment)) = (s.get(q + 1), s.get(q + 2)) else {
        return need_more();
    };
    if !usable_separator(component) || component == e {
        return invalid(DelimiterRole::Component, q + 1);
    }
    if !usable_terminator(segment) || segment == e || segment == component {
        return invalid(DelimiterRole::Segment, q + 2);
    }
    // With the fixed layout `segment` is the byte `terminator_inside` was computed for.
    let inside = if fixed {
        terminator_inside
    } else {
        memchr::memchr(segment, &s[..q + 2]).is_some()
    };
    if inside {
        return Err(Error::new(ErrorKind::TerminatorInHeader, start).at_segment(1, b"ISA"));
    }
    let mut layout = IsaLayout {
        delims: Delimiters::new(e, None, component, segment),
        len: q + 3,
        separators,
    };
    if layout.has_repetition_version(s) != Some(false) {
        // 00402 and later (or an unreadable version): ISA11 is the repetition separator when
        // it can be one. An unusable ISA11 is reported as an envelope diagnostic.
        if let [r] = layout.element(s, 11)
            && usable_separator(*r)
            && ![e, component, segment].contains(r)
        {
            layout.delims.repetition = Some(*r);
        }
    }
    Ok(Some(layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &[u8] = b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:~";

    #[test]
    fn fixed_layout() {
        assert_eq!(ISA.len(), ISA_LEN);
        let l = read_isa(ISA, 0, true).unwrap().unwrap();
        assert_eq!(l.len, 106);
        assert_eq!(l.delims, Delimiters::default());
        assert_eq!(l.element(ISA, 6), b"SENDER         ");
        assert_eq!(l.element(ISA, 16), b":");
        let widths: Vec<usize> = (1..=16).map(|n| l.element(ISA, n).len()).collect();
        assert_eq!(
            widths,
            ISA_WIDTHS
                .iter()
                .map(|&w| usize::from(w))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn version_00401_has_no_repetition_separator() {
        let isa = core::str::from_utf8(ISA)
            .unwrap()
            .replace("*^*00501*", "*U*00401*")
            .into_bytes();
        let l = read_isa(&isa, 0, true).unwrap().unwrap();
        assert_eq!(l.element(&isa, 12), b"00401");
        assert_eq!(l.delims.repetition, None);
    }

    #[test]
    fn short_input_needs_more_or_is_truncated() {
        for n in 0..ISA.len() {
            assert_eq!(read_isa(&ISA[..n], 0, false).unwrap(), None, "{n}");
            let e = read_isa(&ISA[..n], 0, true).unwrap_err();
            assert_eq!(e.kind, ErrorKind::TruncatedHeader, "{n}");
        }
    }

    #[test]
    fn unpadded_isa_is_found_by_counting_separators() {
        let isa = b"ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*261124*0830*^*00501*1*0*P*:~GS";
        assert_eq!(
            read_isa(isa, 0, false).unwrap(),
            None,
            "undecided before 106 bytes"
        );
        let l = read_isa(isa, 0, true).unwrap().unwrap();
        assert_eq!(l.len, 62);
        assert_eq!(l.delims, Delimiters::default());
        assert_eq!(l.element(isa, 13), b"1");
    }

    #[test]
    fn unusable_delimiters() {
        let mut isa = ISA.to_vec();
        isa[105] = b'A';
        assert_eq!(
            read_isa(&isa, 0, true).unwrap_err().kind,
            ErrorKind::InvalidDelimiter(DelimiterRole::Segment)
        );
        let mut isa = ISA.to_vec();
        isa[104] = b'*';
        assert!(read_isa(&isa, 0, true).is_err());
        let mut isa = ISA.to_vec();
        isa[30] = b'~';
        assert_eq!(
            read_isa(&isa, 0, true).unwrap_err().kind,
            ErrorKind::TerminatorInHeader
        );
        let mut long = b"ISA~".to_vec();
        long.extend_from_slice(&[b'*'; 600]);
        assert_eq!(
            read_isa(&long, 0, false).unwrap_err().kind,
            ErrorKind::InvalidDelimiter(DelimiterRole::Element)
        );
        assert_eq!(read_isa(&long[..511], 0, false), Ok(None));
        assert!(is_isa_start(b"ISA*"));
        assert!(!is_isa_start(b"ISAB"));
        assert!(!is_isa_start(b"ISA"));
    }
}
