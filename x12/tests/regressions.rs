//! Regression tests for wrong behaviour found by property tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use x12::{DelimiterRole, ErrorKind, ParseOptions};

/// An ISA whose byte 3 is not really the element separator (so no sixteen separators follow
/// within 512 bytes) was reported at an offset that depended on how much input was buffered:
/// the end of the whole input, or of the stream's buffer.
#[test]
fn isa_without_sixteen_separators_is_reported_at_a_fixed_offset() {
    let mut input = include_bytes!("data/837p.x12").to_vec();
    input[3] = b'~';
    for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
        let whole = common::whole(&input, &opts);
        let e = whole.error.clone().unwrap();
        assert_eq!(e.kind, ErrorKind::InvalidDelimiter(DelimiterRole::Element));
        assert_eq!(e.offset, 3);
        for size in [1, 100, 511, 512, 513, 4096] {
            assert_eq!(common::streamed_in(&input, size, &opts), whole, "{size}");
        }
    }
}
