//! 999, 997 and TA1 acknowledgments: each is parsed back with our own parser (strictly, so
//! its envelope must be right) and checked element by element.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use x12::ack::{AckOptions, LoopIds, ack_997, ack_999, ta1, ta1_segment};
use x12::owned::OwnedInterchange;
use x12::validate::{ControlNumbers, validate};
use x12::{Interchange, ParseOptions, Segment};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn opts() -> AckOptions {
    let mut o = AckOptions::new("20261125", "0315", 123_456_789);
    o.group_control_number = 77;
    o
}

/// All elements of a segment as text.
fn els(s: &Segment<'_, '_>) -> Vec<String> {
    s.elements()
        .map(|e| String::from_utf8_lossy(e.raw()).into_owned())
        .collect()
}

/// The segments of a written acknowledgment as `ID*E1*E2…` strings (the parsed delimiters
/// put back as `*`, `:`).
fn lines(ack: &[u8]) -> Vec<String> {
    let ic = Interchange::parse(ack).unwrap();
    ic.segments()
        .skip(1)
        .map(|s| {
            let mut out = String::from_utf8_lossy(s.id()).into_owned();
            for e in s.elements() {
                out.push('*');
                let comps: Vec<String> = e
                    .components()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                out.push_str(&comps.join(":"));
            }
            out
        })
        .collect()
}

#[test]
fn accepted_999_envelope_every_element() {
    let input = read("../examples/data/x12/837p_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    assert!(report.is_clean());
    let ack = ack_999(&ic, &report, &opts()).unwrap().write().unwrap();
    let parsed = Interchange::parse(&ack).unwrap();
    assert!(parsed.diagnostics().is_empty());
    let isa = els(&parsed.header());
    assert_eq!(
        isa,
        [
            "00",
            "          ",
            "00",
            "          ",
            "ZZ",
            "PAYERABC       ",
            "ZZ",
            "CLEARHOUSE01   ",
            "261125",
            "0315",
            "^",
            "00501",
            "123456789",
            "0",
            "P",
            ":"
        ]
    );
    assert_eq!(
        lines(&ack),
        [
            "GS*FA*PAYERABC*CLEARHOUSE01*20261125*0315*77*X*005010X231A1",
            "ST*999*0001*005010X231A1",
            "AK1*HC*4201*005010X222A1",
            "AK2*837*0001*005010X222A1",
            "IK5*A",
            "AK9*A*1*1*1",
            "SE*6*0001",
            "GE*1*77",
            "IEA*1*123456789",
        ]
    );
}

#[test]
fn rejected_999_reports_every_finding() {
    let input = read("../examples/data/x12/bad_837p_snip2.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    // IK303 as pyx12 writes it: the guide's loop names (compared with pyx12 4.0.0's 999).
    let mut o = opts();
    o.loop_ids = LoopIds::Guide;
    let ack = ack_999(&ic, &report, &o).unwrap().write().unwrap();
    assert_eq!(
        lines(&ack)[2..lines(&ack).len() - 2],
        [
            "AK1*HC*4202*005010X222A1",
            "AK2*837*0001*005010X222A1",
            "IK3*N3*9*2010AA*3",
            "IK3*CLM*41*2300*8",
            "IK4*2*782*1",
            "IK3*DTP*47*2400*8",
            "IK4*3*1251*8",
            "IK3*HL*53*2000C*8",
            "IK4*2*734*7",
            "IK3*ZZZ*55*2000C*1",
            "IK3*DMG*59*2010CA*8",
            "IK4*3*1068*7",
            "IK5*R*I5",
            "AK9*R*1*1*0",
            "SE*16*0001",
        ]
    );
    // Every IK3 position points at the segment it names (or, for a missing one, at the
    // segment where it was expected).
    let ts = ic.transaction_set(0).unwrap();
    assert!(ts.segment(40).unwrap().is("CLM"));
    assert!(ts.segment(46).unwrap().is("DTP"));
    assert!(ts.segment(54).unwrap().is("ZZZ"));
    assert!(ts.segment(8).unwrap().is("N4")); // where 2010AA's N3 should have been
}

#[test]
fn ik303_is_the_standard_loop_identifier_by_default() {
    let input = read("../examples/data/x12/bad_837p_snip2.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    let ack = ack_999(&ic, &report, &opts()).unwrap().write().unwrap();
    let ik3: Vec<String> = lines(&ack)
        .into_iter()
        .filter(|l| l.starts_with("IK3"))
        .collect();
    assert_eq!(
        ik3,
        [
            "IK3*N3*9*2010*3",
            "IK3*CLM*41*2300*8",
            "IK3*DTP*47*2400*8",
            "IK3*HL*53*2000*8",
            "IK3*ZZZ*55*2000*1",
            "IK3*DMG*59*2010*8",
        ]
    );
    // So the 999 passes its own guide (IK303 is AN 1/4); with the guide's loop names it
    // does not.
    let parsed = Interchange::parse(&ack).unwrap();
    assert!(validate(&parsed).is_clean(), "{:?}", validate(&parsed));
    let mut o = opts();
    o.loop_ids = LoopIds::Guide;
    let pyx12_style = ack_999(&ic, &report, &o).unwrap().write().unwrap();
    let parsed = Interchange::parse(&pyx12_style).unwrap();
    let findings = &validate(&parsed).sets[0].findings;
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f.segment_id.as_str() == "IK3" && f.element == Some(3)),
        "{findings:?}"
    );
}

/// Every fixture of both corpora, with its 999 and 997.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["tests/data", "../examples/data/x12"] {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<_> = std::fs::read_dir(&base)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "x12"))
            .collect();
        names.sort();
        for p in names {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn every_999_of_the_corpus_validates_clean() {
    let mut checked = 0;
    let mut echoed = Vec::new();
    for (name, input) in corpus() {
        for ic in x12::Interchanges::new(&input, &ParseOptions::lenient()).map_while(Result::ok) {
            // Acknowledgments are not acknowledged: the 999 guide's AK101/AK201 code lists
            // name the transactions that are, and a 999 is not among them.
            if ic.groups().any(|g| g.functional_id() == b"FA") {
                continue;
            }
            let report = validate(&ic);
            let ack = ack_999(&ic, &report, &opts()).unwrap().write().unwrap();
            let parsed = Interchange::parse(&ack).unwrap();
            assert!(parsed.diagnostics().is_empty(), "{name}");
            let again = validate(&parsed);
            for s in &again.sets {
                assert_eq!(
                    s.guide.map(|g| g.reference()),
                    Some("005010X231A1"),
                    "{name}"
                );
            }
            checked += 1;
            if again.is_clean() {
                continue;
            }
            // AK201/AK202 echo the ST01/ST02 they acknowledge, even when those are wrong
            // (the sender needs them to find the set): then, and only then, the 999 carries
            // the input's own error.
            let echoes = again
                .sets
                .iter()
                .flat_map(|s| &s.findings)
                .all(|f| f.segment_id.as_str() == "AK2" && f.element.is_some_and(|e| e <= 2));
            let input_st_wrong = ic
                .diagnostics()
                .iter()
                .any(|d| d.segment_id.as_str() == "ST" && d.element.is_some_and(|e| e <= 2));
            assert!(echoes && input_st_wrong, "{name}: {:?}", again.sets);
            echoed.push(name.clone());
        }
    }
    assert!(checked >= 40, "{checked}");
    assert!(echoed.len() <= 1, "{echoed:?}");
}

#[test]
fn envelope_errors_reach_ik5_and_ak9() {
    let cases: [(&str, &[&str]); 4] = [
        ("tests/data/bad_se_count.x12", &["IK5*R*4", "AK9*R*1*1*0"]),
        ("tests/data/bad_se_control.x12", &["IK5*R*3", "AK9*R*1*1*0"]),
        ("tests/data/bad_ge_count.x12", &["IK5*A", "AK9*R*2*1*1*5"]),
        ("tests/data/bad_ge_control.x12", &["IK5*A", "AK9*R*1*1*1*4"]),
    ];
    for (file, want) in cases {
        let input = read(file);
        let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
        let ack = ack_999(&ic, &validate(&ic), &opts())
            .unwrap()
            .write()
            .unwrap();
        let got = lines(&ack);
        let tail: Vec<&str> = got
            .iter()
            .filter(|l| l.starts_with("IK5") || l.starts_with("AK9"))
            .map(String::as_str)
            .collect();
        // Only the envelope findings matter here: the fixtures' bodies predate the guides.
        assert_eq!(&tail[tail.len() - 2..], want, "{file}: {got:?}");
    }
}

#[test]
fn duplicate_control_numbers() {
    let input = read("../examples/data/x12/bad_duplicates.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    assert!(!report.groups[0].duplicate_control_number);
    assert!(report.groups[1].duplicate_control_number);
    assert!(!report.sets[0].duplicate_control_number);
    assert!(report.sets[1].duplicate_control_number);
    assert!(!report.sets[2].duplicate_control_number); // a new group: numbering restarts
    let ack = ack_999(&ic, &report, &opts()).unwrap().write().unwrap();
    let got = lines(&ack);
    assert!(got.contains(&"IK5*R*23".to_string()), "{got:?}");
    assert!(got.contains(&"AK9*P*2*2*1".to_string()), "{got:?}");
    assert!(got.contains(&"AK9*R*1*1*1*19".to_string()), "{got:?}");

    // The same interchange twice: TA1 rejects it with 025.
    let mut seen = ControlNumbers::default();
    assert!(!seen.record(&ic));
    assert!(seen.record(&ic));
    let t = ta1(&ic, true, &opts()).unwrap().write().unwrap();
    assert_eq!(
        lines(&t),
        ["TA1*000004601*261124*0830*R*025", "IEA*0*123456789"]
    );
}

#[test]
fn ta1_accepts_and_rejects() {
    let input = read("../examples/data/x12/835_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let t = ta1(&ic, false, &opts()).unwrap().write().unwrap();
    let parsed = Interchange::parse(&t).unwrap();
    assert_eq!(parsed.group_count(), 0);
    assert_eq!(
        lines(&t),
        ["TA1*000004301*261124*0830*A*000", "IEA*0*123456789"]
    );
    // Addressed back to the sender.
    assert_eq!(parsed.receiver().1, b"PAYERABC");
    assert_eq!(parsed.sender().1, b"CLEARHOUSE01");

    let input = read("tests/data/bad_iea.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let seg = ta1_segment(&ic, false);
    let t = ta1(&ic, false, &opts()).unwrap().write().unwrap();
    assert_eq!(lines(&t)[0], "TA1*000000905*261124*0830*R*021");
    assert_eq!(seg.elements.len(), 5);
}

#[test]
fn ta1_and_999_in_one_interchange() {
    let input = read("../examples/data/x12/bad_837p_snip2.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let mut ack = ack_999(&ic, &validate(&ic), &opts()).unwrap();
    ack.ta1.push(ta1_segment(&ic, false));
    let bytes = ack.write().unwrap();
    let parsed = Interchange::parse(&bytes).unwrap(); // TA1 right after the ISA is accepted
    assert!(parsed.diagnostics().is_empty());
    assert_eq!(lines(&bytes)[0], "TA1*000004202*261124*0830*A*000");
    assert!(lines(&bytes)[1].starts_with("GS*FA*"));
    // The owned twin keeps the TA1 and writes the same bytes.
    let owned = OwnedInterchange::from(&parsed);
    assert_eq!(owned.ta1.len(), 1);
    assert_eq!(owned.write().unwrap(), bytes);
}

#[test]
fn ack_997_for_4010() {
    let input = read("tests/data/837_4010.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    assert!(report.sets[0].guide.is_none()); // no 4010 guide: envelope only
    let ack = ack_997(&ic, &report, &opts()).unwrap().write().unwrap();
    let parsed = Interchange::parse(&ack).unwrap();
    assert_eq!(parsed.version(), b"00401");
    assert_eq!(parsed.delimiters().repetition, None);
    assert_eq!(els(&parsed.header())[10], "U");
    let got = lines(&ack);
    assert_eq!(
        got[0],
        "GS*FA*PAYERABC*CLEARHOUSE01*20261125*0315*77*X*004010"
    );
    assert_eq!(got[1], "ST*997*0001");
    assert!(got[2].starts_with("AK1*HC*"), "{got:?}");
    assert_eq!(got[2].split('*').count(), 3); // no AK103 in 4010
    assert!(got[3].starts_with("AK2*837*"), "{got:?}");
    assert_eq!(got[4], "AK5*A");
    assert_eq!(got[5], "AK9*A*1*1*1");

    // 997 findings use the standard's codes only.
    let input = read("../examples/data/x12/bad_837p_snip2.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let ack = ack_997(&ic, &validate(&ic), &opts())
        .unwrap()
        .write()
        .unwrap();
    let got = lines(&ack);
    assert!(got.contains(&"AK3*CLM*41*2300*8".to_string()), "{got:?}");
    assert!(got.contains(&"AK4*2*782*1".to_string()), "{got:?}");
    assert!(got.contains(&"AK5*R*5".to_string()), "{got:?}");
}

#[test]
fn ack_999_of_a_4010_input_gets_a_repetition_separator() {
    let input = read("tests/data/837_4010.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let ack = ack_999(&ic, &validate(&ic), &opts())
        .unwrap()
        .write()
        .unwrap();
    let parsed = Interchange::parse(&ack).unwrap();
    assert_eq!(parsed.version(), b"00501");
    assert!(parsed.delimiters().repetition.is_some());
}
