//! The owned builder and writer: computed envelopes, re-emission with other delimiters, and
//! refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use x12::owned::{
    IsaHeader, LineEnding, OwnedElement, OwnedGroup, OwnedInterchange, OwnedSegment,
    OwnedTransactionSet,
};
use x12::{DelimiterRole, Delimiters, ErrorKind, Interchange, ParseOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn sample() -> OwnedInterchange {
    let mut ic = OwnedInterchange::new(IsaHeader::new(
        "ZZ",
        "SUBMITTER",
        "ZZ",
        "PAYER",
        "261124",
        "0830",
        42,
    ));
    for g in 0..2 {
        let mut group = OwnedGroup::new(
            "HC",
            "SUBMITTER",
            "PAYER",
            "20261124",
            "0830",
            "005010X222A1",
        );
        for _ in 0..=g {
            let mut t = OwnedTransactionSet::new("837");
            t.implementation_reference = Some(b"005010X222A1".to_vec());
            t.segments.push(
                OwnedSegment::new("BHT")
                    .with("0019")
                    .with("00")
                    .with("0123"),
            );
            t.segments
                .push(OwnedSegment::new("EB").with("1").with("IND").with(""));
            t.segments[1].elements[2] = OwnedElement {
                repetitions: vec![
                    x12::owned::OwnedRepetition::simple("30"),
                    x12::owned::OwnedRepetition::simple("1"),
                ],
            };
            t.segments
                .push(OwnedSegment::new("SV1").with_composite(&["HC", "99213", "25"]));
            group.transaction_sets.push(t);
        }
        ic.groups.push(group);
    }
    ic
}

#[test]
fn the_writer_computes_the_envelope() {
    let ic = sample();
    let bytes = ic.write().unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000042*0*P*:~"));
    assert!(text.contains(
        "GS*HC*SUBMITTER*PAYER*20261124*0830*1*X*005010X222A1~ST*837*0001*005010X222A1~"
    ));
    assert!(text.contains("EB*1*IND*30^1~SV1*HC:99213:25~SE*5*0001~GE*1*1~GS*"));
    assert!(text.contains("*2*X*005010X222A1~ST*837*0001*"));
    assert!(text.contains("SE*5*0002~GE*2*2~IEA*2*000000042~"));
    let parsed = Interchange::parse(&bytes).unwrap();
    assert_eq!(parsed.transaction_set_count(), 3);
    assert_eq!(
        OwnedInterchange::from(&parsed),
        ic.with_computed_control_numbers()
    );
}

#[test]
fn parsed_fixtures_write_back_exactly() {
    for name in [
        "837p.x12",
        "835.x12",
        "834.x12",
        "270.x12",
        "271.x12",
        "999.x12",
        "837_4010.x12",
        "837p_custom_delimiters.x12",
        "837p_lf_terminator.x12",
        "837p_crlf.x12",
    ] {
        let input = fixture(name);
        let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
        assert!(ic.diagnostics().is_empty(), "{name}");
        let owned = OwnedInterchange::from(&ic);
        assert_eq!(owned.write().unwrap(), input, "{name}");
    }
}

#[test]
fn counts_are_recomputed() {
    let bad = fixture("bad_se_count.x12");
    let ic = Interchange::parse_with(&bad, &ParseOptions::lenient()).unwrap();
    assert_eq!(ic.diagnostics().len(), 1);
    let fixed = OwnedInterchange::from(&ic).write().unwrap();
    assert_eq!(fixed, fixture("837p.x12"));
}

#[test]
fn other_delimiters_and_line_endings() {
    let input = fixture("837p.x12");
    let ic = Interchange::parse(&input).unwrap();
    let mut owned = OwnedInterchange::from(&ic);
    assert_eq!(owned.line_ending, LineEnding::None);
    for (d, eol) in [
        (
            Delimiters::new(b'|', Some(b'!'), b'}', b'\n'),
            LineEnding::None,
        ),
        (
            Delimiters::new(0x1d, Some(0x1f), 0x1e, 0x1c),
            LineEnding::CrLf,
        ),
        (
            Delimiters::new(b'*', Some(b'^'), b'>', b'~'),
            LineEnding::Lf,
        ),
    ] {
        owned.delimiters = d;
        owned.line_ending = eol;
        let bytes = owned.write().unwrap();
        let opts = if eol == LineEnding::None {
            ParseOptions::strict()
        } else {
            ParseOptions::lenient().reject_envelope()
        };
        let again = Interchange::parse_with(&bytes, &opts).unwrap();
        assert_eq!(*again.delimiters(), d);
        assert_eq!(OwnedInterchange::from(&again), owned);
        assert_eq!(again.segment_count(), ic.segment_count());
    }
}

#[test]
fn values_with_delimiters_are_refused() {
    let d = Delimiters::default();
    for (value, role) in [
        ("A*B", DelimiterRole::Element),
        ("A^B", DelimiterRole::Repetition),
        ("A:B", DelimiterRole::Component),
        ("A~B", DelimiterRole::Segment),
    ] {
        let mut ic = sample();
        ic.groups[1].transaction_sets[1].segments[0].elements[2] = OwnedElement::simple(value);
        let mut out = b"prefix".to_vec();
        let e = ic.write_to(&mut out).unwrap_err();
        assert_eq!(e.kind, ErrorKind::DelimiterInValue(role));
        assert_eq!(out, b"prefix", "output untouched on error");
        assert_eq!(e.segment_id.unwrap().as_str(), "BHT");
        assert_eq!(e.element, Some(3));
        assert!(!e.to_string().contains(value));
        assert_eq!(d.role_of(value.as_bytes()[1]), Some(role));
    }
    // Envelope values too.
    let mut ic = sample();
    ic.groups[0].sender = b"A*B".to_vec();
    let e = ic.write().unwrap_err();
    assert_eq!((e.segment, e.element), (Some(2), Some(2)));
    let mut ic = sample();
    ic.header.sender_id = b"A~B".to_vec();
    let e = ic.write().unwrap_err();
    assert_eq!(e.kind, ErrorKind::DelimiterInValue(DelimiterRole::Segment));
    assert_eq!((e.segment, e.element), (Some(1), Some(6)));
}

#[test]
fn invalid_builds_are_refused() {
    let check = |ic: OwnedInterchange, kind: fn(&ErrorKind) -> bool| {
        let e = ic.write().unwrap_err();
        assert!(kind(&e.kind), "{e:?}");
    };
    let mut ic = sample();
    ic.delimiters.repetition = None;
    check(ic, |k| matches!(k, ErrorKind::InvalidDelimiters(_)));
    let mut ic = sample();
    ic.header.version = b"00401".to_vec();
    check(ic, |k| matches!(k, ErrorKind::InvalidDelimiters(_)));
    let mut ic = sample();
    ic.header.version = b"00401".to_vec();
    ic.delimiters.repetition = None;
    check(ic, |k| *k == ErrorKind::NoRepetitionSeparator);
    let mut ic = sample();
    ic.delimiters = Delimiters::new(b'*', Some(b'*'), b':', b'~');
    check(ic, |k| matches!(k, ErrorKind::InvalidDelimiters(_)));
    let mut ic = sample();
    ic.header.sender_id = vec![b'X'; 16];
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.header.date = b"2611".to_vec();
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.header.control_number = b"00000004X".to_vec();
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.header = IsaHeader::new("ZZ", "A", "ZZ", "B", "261124", "0830", 1_000_000_000);
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.header.version = b"5010".to_vec();
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.groups[0].transaction_sets[0].segments[0].id = b"bht".to_vec();
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
    let mut ic = sample();
    ic.groups[0].transaction_sets[0]
        .segments
        .push(OwnedSegment::new("SE").with("1"));
    check(ic, |k| matches!(k, ErrorKind::InvalidValue(_)));
}

#[test]
fn a_version_00401_interchange() {
    let mut ic = sample();
    ic.header.version = b"00401".to_vec();
    ic.delimiters.repetition = None;
    for g in &mut ic.groups {
        for t in &mut g.transaction_sets {
            t.segments[1].elements[2] = OwnedElement::simple("30");
            t.implementation_reference = None;
        }
    }
    let bytes = ic.write().unwrap();
    assert_eq!(&bytes[82..89], b"U*00401");
    let parsed = Interchange::parse(&bytes).unwrap();
    assert_eq!(parsed.delimiters().repetition, None);
    assert_eq!(
        OwnedInterchange::from(&parsed),
        ic.with_computed_control_numbers()
    );
}

#[test]
fn segments_from_raw_text_and_views() {
    let d = Delimiters::default();
    let s = OwnedSegment::parse(b"EB*1*IND*30^1^35**GOLD:PPO", &d);
    assert_eq!(s.elements.len(), 5);
    assert_eq!(s.elements[2].repetitions.len(), 3);
    assert_eq!(s.elements[4].repetitions[0].components.len(), 2);
    let input = fixture("271.x12");
    let ic = Interchange::parse(&input).unwrap();
    let eb = ic
        .transaction_set(0)
        .unwrap()
        .segments()
        .find(|s| s.is("EB"))
        .unwrap();
    assert_eq!(OwnedSegment::from(&eb), OwnedSegment::parse(eb.raw(), &d));
    assert!(format!("{s:?}").starts_with("OwnedSegment(EB, 5 elements)"));
}
