//! The peer X12 parsers of the `x12` benchmark, each normalised to the same [`Counts`] as ours
//! so a peer's time only counts once it finds what we find on the same input.
//!
//! - `x12-stream-parser` 0.1: a segment iterator; elements are split on demand, so the bench
//!   counts every element of every segment (our `elements` variants index them all).
//! - `edi` 0.4: builds an `EdiDocument` (interchange/group/transaction tree of `Cow<str>`
//!   segments) and checks the SE/GE/IEA closers; needs `&str`, so UTF-8 validation is part of
//!   its time. Its transactions hold the segments between ST and SE.
//! - `x12-types` 0.12 (only with the bench crate's `heavy-peers` feature: it takes several
//!   CPU minutes to compile): a typed, loop-aware 005010 837 parse into owned structs.

use std::str::from_utf8;

/// What every parser must agree on before it is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Segments, envelope included.
    pub(crate) segments: usize,
    /// Transaction sets.
    pub(crate) sets: usize,
}

/// `x12-stream-parser`: segments (with every element visited) and ST segments.
pub(crate) fn stream_parser(input: &[u8], elements: &mut usize) -> Counts {
    let delims = x12_stream_parser::Delimiters::new(b'~', b'*', b':');
    let mut c = Counts {
        segments: 0,
        sets: 0,
    };
    for seg in x12_stream_parser::Parser::new(input, delims) {
        let seg = seg.expect("x12-stream-parser parses");
        c.segments += 1;
        c.sets += usize::from(seg.id() == b"ST");
        *elements += seg.elements().count();
    }
    c
}

/// `edi`: strict parse (closers validated).
pub(crate) fn edi(input: &[u8]) -> Counts {
    let text = from_utf8(input).expect("input is UTF-8");
    let doc = edi::parse(text).expect("edi parses");
    let mut c = Counts {
        segments: 0,
        sets: 0,
    };
    for ic in &doc.interchanges {
        c.segments += 2;
        for g in &ic.functional_groups {
            c.segments += 2;
            for t in &g.transactions {
                c.sets += 1;
                c.segments += 2 + t.segments.len();
            }
        }
    }
    c
}

/// A document parsed by `edi` once, to time its writer.
pub(crate) struct EdiDoc<'a>(edi::EdiDocument<'a>);

impl<'a> EdiDoc<'a> {
    /// Parses `input` with `edi`.
    pub(crate) fn parse(input: &'a [u8]) -> Self {
        let text = from_utf8(input).expect("input is UTF-8");
        EdiDoc(edi::parse(text).expect("edi parses"))
    }

    /// `edi`'s writer.
    pub(crate) fn write(&self) -> String {
        self.0.to_x12_string()
    }
}

/// `x12-types`: typed 005010 837 transmission; counts transaction sets (its typed tree has no
/// segment count to compare).
#[cfg(feature = "heavy-peers")]
pub(crate) fn x12_types_837(input: &[u8]) -> usize {
    use x12_types::util::Parser as _;
    let text = from_utf8(input).expect("input is UTF-8");
    let (rest, t) = x12_types::v005010::Transmission::<x12_types::v005010::_837>::parse(text)
        .expect("x12-types parses");
    assert!(rest.trim().is_empty(), "x12-types left input unparsed");
    t.functional_group.iter().map(|g| g.segments.len()).sum()
}
