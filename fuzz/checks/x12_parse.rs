//! Checks of the `x12_parse` fuzz target, shared with `x12/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).
//!
//! For every input, in strict and lenient mode and with the envelope rejected or reported:
//!
//! - nothing panics while parsing or navigating every view (`common::whole` walks every
//!   group, set, segment, element, repetition and component);
//! - the segments-only index and the separator bitmaps find exactly what the element index
//!   finds;
//! - a strictly parsed interchange writes back the whole input byte for byte, every
//!   interchange writes back what it covers, and lenient parsing accepts what strict accepts;
//! - `parse_reusing` with recycled buffers matches a fresh parse.

use x12::{Buffers, Interchange, ParseOptions};

use super::common;

const MODES: [ParseOptions; 4] = [
    ParseOptions::strict(),
    ParseOptions::strict().report_envelope(),
    ParseOptions::lenient(),
    ParseOptions::lenient().reject_envelope(),
];

pub(crate) fn check(data: &[u8]) {
    let mut bufs = Buffers::default();
    for opts in MODES {
        let full = common::whole(data, &opts);
        let segments = common::whole(data, &opts.segments_only());
        assert_eq!(full, segments, "index depth changed the outcome");
        let bitmaps = common::whole(data, &opts.separator_bitmaps());
        assert_eq!(full, bitmaps, "separator bitmaps changed the outcome");

        let one = Interchange::parse_with(data, &opts);
        if let Ok(ic) = &one {
            assert_eq!(ic.write(), ic.raw());
            if opts == ParseOptions::strict() {
                assert_eq!(
                    ic.write(),
                    data,
                    "strict parse does not write back the input"
                );
                assert!(Interchange::parse_with(data, &ParseOptions::lenient()).is_ok());
            }
        }
        // Twice through the same buffers: recycled capacity never changes the outcome.
        for _ in 0..2 {
            let reused = Interchange::parse_reusing(data, &opts, &mut bufs);
            match (&one, reused) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(common::Summary::of(a), common::Summary::of(&b));
                    b.recycle(&mut bufs);
                }
                (Err(a), Err(b)) => assert_eq!(*a, b),
                (a, b) => panic!("parse_reusing differs: {:?} vs {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}
