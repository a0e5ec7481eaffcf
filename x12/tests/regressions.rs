//! Regression tests for wrong behaviour found by property tests and fuzz targets.

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

/// Found by the `x12_validate` fuzz target: an input whose ISA15 (usage indicator) was
/// neither `P` nor `T` had it copied into its TA1 and 999, which then did not parse.
#[test]
fn acknowledgments_never_echo_an_invalid_usage_indicator() {
    use x12::Interchange;
    use x12::ack::{AckOptions, ack_999, ta1};
    let input = b"ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*00000090X*2*X*:~IEA*0*00000090X~";
    let ic = Interchange::parse_with(input, &ParseOptions::lenient()).unwrap();
    let opts = AckOptions::new("20261125", "0300", 7001);
    let report = x12::validate::validate(&ic);
    for ack in [
        ta1(&ic, false, &opts).unwrap(),
        ack_999(&ic, &report, &opts).unwrap(),
    ] {
        let bytes = ack.write().unwrap();
        let parsed = Interchange::parse(&bytes).unwrap();
        assert_eq!(parsed.usage_indicator(), b"P");
    }
}

/// Found by the `x12_validate` fuzz target: with a line feed as the segment terminator, an
/// ST02 ending in a carriage return was echoed into AK202, so the 999 held a CR before its
/// terminator and did not parse strictly.
#[test]
fn acknowledgments_never_echo_control_characters() {
    use x12::Interchange;
    use x12::ack::{AckOptions, ack_997, ack_999};
    let input = b"ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000905*0*P*:\n\
GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*905*X*005010X222A1\n\
ST*837*0001\r*005010X222A1\nBHT*0019*00*0123*20261124*0830*CH\nSE*3*0001\r\n\
GE*1*905\nIEA*1*000000905\n";
    let ic = Interchange::parse_with(input, &ParseOptions::lenient()).unwrap();
    let report = x12::validate::validate(&ic);
    let opts = AckOptions::new("20261125", "0300", 7001);
    for ack in [
        ack_999(&ic, &report, &opts).unwrap(),
        ack_997(&ic, &report, &opts).unwrap(),
    ] {
        let bytes = ack.write().unwrap();
        assert!(!bytes.contains(&b'\r'));
        let parsed = Interchange::parse(&bytes).unwrap();
        assert!(parsed.diagnostics().is_empty());
    }
}
