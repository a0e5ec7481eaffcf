//! Loop trees over realistic fixtures: loop ids, segment ranges, HL hierarchy, and the
//! findings for segments that do not fit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use x12::guide;
use x12::loops::MAX_HL_DEPTH;
use x12::{FindingKind, Interchange, ParseOptions};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn shown(f: &[x12::Finding]) -> Vec<String> {
    f.iter().map(|f| f.to_string()).collect()
}

fn text(b: Option<&[u8]>) -> &str {
    std::str::from_utf8(b.unwrap_or_default()).unwrap()
}

/// Wraps transaction set bodies in an envelope with correct counts.
fn envelope(st01: &str, version: &str, body: &[String]) -> Vec<u8> {
    let mut segs = vec![
        "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:".to_string(),
        format!("GS*HC*SENDER*RECEIVER*20261124*0830*1*X*{version}"),
        format!("ST*{st01}*0001*{version}"),
    ];
    segs.extend(body.iter().cloned());
    segs.push(format!("SE*{}*0001", body.len() + 2));
    segs.push("GE*1*1".into());
    segs.push("IEA*1*000000001".into());
    segs.iter()
        .map(|s| format!("{s}~"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn claims_and_service_lines_837p() {
    let input = read("../examples/data/x12/837p_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let ts = ic.transaction_set(0).unwrap();
    let tree = ts.loop_tree().unwrap();
    assert!(tree.findings().is_empty(), "{:?}", tree.findings());
    let claims: Vec<(&str, &str, usize)> = tree
        .find("2300")
        .map(|c| {
            let clm = c.header();
            (
                text(clm.element_raw(1)),
                text(clm.element_raw(2)),
                c.children().filter(|l| l.id() == "2400").count(),
            )
        })
        .collect();
    assert_eq!(
        claims,
        [
            ("PATACCT1001", "285", 3),
            ("PATACCT1002", "125", 1),
            ("PATACCT1003", "390", 3)
        ]
    );
    // Service line charges add up to the claim charge for every claim.
    for c in tree.find("2300") {
        let total: f64 = text(c.header().element_raw(2)).parse().unwrap();
        let lines: f64 = c
            .segments()
            .filter(|s| s.is("SV1"))
            .map(|s| text(s.element_raw(2)).parse::<f64>().unwrap())
            .sum();
        assert!((total - lines).abs() < 1e-9);
    }
    // The third claim is a dependent's: 2300 under 2000C under 2000B.
    let third = tree.find("2300").nth(2).unwrap();
    let path: Vec<&str> = third.ancestors().map(|l| l.id()).collect();
    assert_eq!(path, ["2000C", "2000B", "2000A", "ST"]);
    let patient = third.parent().unwrap();
    let hl = patient.hl().unwrap();
    assert_eq!(
        (hl.id, hl.parent_id, hl.level, hl.depth),
        (&b"4"[..], &b"3"[..], &b"23"[..], 2)
    );
    assert_eq!(patient.hl_parent().unwrap().id(), "2000B");
    let name = patient.children().next().unwrap();
    assert_eq!(name.id(), "2010CA");
    assert_eq!(name.name(), "Patient Name");
    assert_eq!(text(name.segment("NM1").unwrap().element_raw(3)), "ROE");
    // Segment names come from the guide; every segment is in exactly one innermost loop.
    let k = third.header().transaction_position().unwrap() as usize - 1;
    assert_eq!(tree.segment_name(k), Some("Claim Information"));
    assert_eq!(tree.loop_of(k).unwrap().id(), "2300");
    let own: usize = tree.loops().map(|l| l.own_segments().count()).sum();
    assert_eq!(own, ts.segment_count());
}

#[test]
fn remittance_835() {
    let input = read("../examples/data/x12/835_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let ts = ic.transaction_set(0).unwrap();
    let tree = ts.validate(ts.guide().unwrap());
    assert!(tree.findings().is_empty(), "{:?}", tree.findings());
    let claims: Vec<(&str, &str, usize)> = tree
        .find("2100")
        .map(|c| {
            let clp = c.header();
            (
                text(clp.element_raw(1)),
                text(clp.element_raw(4)),
                c.children().count(),
            )
        })
        .collect();
    assert_eq!(
        claims,
        [
            ("PATACCT1001", "198.4", 3),
            ("PATACCT1002", "125", 1),
            ("PATACCT1003", "0", 3)
        ]
    );
    // PLB sits in the root (footer), after the last 2000 loop.
    let root = tree.root();
    assert!(root.own_segments().any(|s| s.is("PLB")));
    assert_eq!(
        root.children().map(|l| l.id()).collect::<Vec<_>>(),
        ["1000A", "1000B", "2000"]
    );
}

#[test]
fn eligibility_270_271() {
    let input = read("../examples/data/x12/270_271.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    for ts in ic.transaction_sets() {
        let tree = ts.validate(ts.guide().unwrap());
        assert!(tree.findings().is_empty(), "{:?}", tree.findings());
        let sub = tree.find("2100C").next().unwrap();
        let nm1 = sub.segment("NM1").unwrap();
        assert_eq!(text(nm1.element_raw(9)), "XYZ555666777");
        let dep = tree.find("2100D").next().unwrap();
        assert_eq!(text(dep.segment("NM1").unwrap().element_raw(4)), "TIMMY");
        let levels: Vec<(&[u8], u16)> = tree
            .loops()
            .filter_map(|l| l.hl())
            .map(|h| (h.level, h.depth))
            .collect();
        assert_eq!(
            levels,
            [
                (&b"20"[..], 0),
                (&b"21"[..], 1),
                (&b"22"[..], 2),
                (&b"23"[..], 3)
            ]
        );
    }
    let rsp = ic.transaction_set(1).unwrap().loop_tree().unwrap();
    let benefits: Vec<&str> = rsp
        .find("2110C")
        .map(|l| text(l.header().element_raw(1)))
        .collect();
    assert_eq!(benefits, ["1", "C", "B"]);
    let entity = rsp.find("2120C").next().unwrap();
    assert_eq!(entity.parent().unwrap().id(), "2110C");
}

#[test]
fn enrollment_834() {
    let input = read("../examples/data/x12/834_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    assert!(tree.findings().is_empty(), "{:?}", tree.findings());
    let members: Vec<(&str, &str)> = tree
        .find("2000")
        .map(|m| {
            let name = m.children().find(|l| l.id() == "2100A").unwrap();
            (
                text(m.header().element_raw(1)),
                text(name.header().element_raw(4)),
            )
        })
        .collect();
    assert_eq!(members, [("Y", "JOHN"), ("Y", "MARY"), ("N", "TIMMY")]);
}

#[test]
fn structure_findings() {
    let base = [
        "BHT*0019*00*1*20261124*0830*CH",
        "NM1*41*2*SUBMITTER*****46*S1",
        "PER*IC*NAME*TE*5555550100",
        "NM1*40*2*RECEIVER*****46*R1",
        "HL*1**20*1",
        "NM1*85*2*CLINIC*****XX*1234567893",
        "N3*1 MAIN ST",
        "N4*SPRINGFIELD*IL*62701",
        "REF*EI*123456789",
        "HL*2*1*22*0",
        "SBR*P*18*******CI",
        "NM1*IL*1*DOE*JOHN****MI*M1",
        "NM1*PR*2*PAYER*****PI*P1",
        "CLM*A1*10***11:B:1*Y*A*Y*Y",
        "HI*ABK:J459",
        "LX*1",
        "SV1*HC:99213*10*UN*1***1",
        "DTP*472*D8*20261120",
    ];
    let body: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    let g = guide::find(b"837", b"005010X222A1").unwrap();
    let input = envelope("837", "005010X222A1", &body);
    let ic = Interchange::parse(&input).unwrap();
    let clean = ic.transaction_set(0).unwrap().validate(g);
    assert!(clean.findings().is_empty(), "{:?}", shown(clean.findings()));

    // BHT twice: over its maximum use; an N3 moved before the NM1 it follows: out of
    // sequence; a service line before any claim: unexpected.
    let mut bad = body.clone();
    bad.insert(1, "BHT*0019*00*2*20261124*0830*CH".into());
    bad.insert(9, "N3*1 MAIN ST".into());
    bad.insert(12, "LX*9".into());
    let input = envelope("837", "005010X222A1", &bad);
    let ic = Interchange::parse(&input).unwrap();
    let tree = ic.transaction_set(0).unwrap().loops(g);
    let kinds: Vec<(FindingKind, &str, u32)> = tree
        .findings()
        .iter()
        .map(|f| (f.kind, f.segment_id.as_str(), f.transaction_position))
        .collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::SegmentOverMaximum { max: 1 }, "BHT", 3),
            (FindingKind::OutOfSequence, "N3", 11),
            (FindingKind::UnexpectedSegment, "LX", 14),
        ]
    );
    // Findings never echo values.
    let shown = format!("{:?} {}", tree.findings(), tree.findings()[2]);
    assert!(!shown.contains("CLINIC") && !shown.contains("DOE"));

    // No 2010AA at all: its required loop is missing.
    let mut bad = body.clone();
    bad.drain(5..9);
    let input = envelope("837", "005010X222A1", &bad);
    let ic = Interchange::parse(&input).unwrap();
    let tree = ic.transaction_set(0).unwrap().loops(g);
    let f = tree.findings()[0];
    assert_eq!(f.kind, FindingKind::RequiredLoopMissing);
    assert_eq!((f.segment_id.as_str(), f.loop_id), ("NM1", Some("2010AA")));
    assert_eq!(f.kind.segment_code().code(), "3");
}

#[test]
fn hierarchy_checks_and_depth_bound() {
    let g = guide::find(b"837", b"005010X222A1").unwrap();
    let mut body: Vec<String> = [
        "BHT*0019*00*1*20261124*0830*CH",
        "NM1*41*2*SUBMITTER*****46*S1",
        "PER*IC*NAME*TE*5555550100",
        "NM1*40*2*RECEIVER*****46*R1",
        "HL*1**20*1",
        "NM1*85*2*CLINIC*****XX*1234567893",
        "N3*1 MAIN ST",
        "N4*SPRINGFIELD*IL*62701",
        "REF*EI*123456789",
        "HL*2*1*22*1",
        "SBR*P*18*******CI",
        "NM1*IL*1*DOE*JOHN****MI*M1",
        "NM1*PR*2*PAYER*****PI*P1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A chain of patient levels, each naming the previous as its parent: far deeper than
    // any guide nests, and deeper than the bound.
    let n = usize::from(MAX_HL_DEPTH) + 10;
    for k in 0..n {
        body.push(format!("HL*{}*{}*23*0", k + 3, k + 2));
        body.push("PAT*19".into());
        body.push("NM1*QC*1*ROE*TIMMY".into());
    }
    let input = envelope("837", "005010X222A1", &body);
    let ic = Interchange::parse(&input).unwrap();
    let tree = ic.transaction_set(0).unwrap().loops(g);
    let deep = tree
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::HierarchyTooDeep)
        .count();
    assert!(deep > 0);
    let max = tree
        .loops()
        .filter_map(|l| l.hl())
        .map(|h| h.depth)
        .max()
        .unwrap();
    assert!(max <= MAX_HL_DEPTH + 1);
    // Only the first 2000C is really under its HL02 parent's loop; later ones name a 2000C
    // as parent while the structure puts them under the 2000B.
    assert!(
        tree.findings()
            .iter()
            .any(|f| f.kind == FindingKind::HierarchicalParentMismatch)
    );

    // Duplicate and out-of-sequence HL01, unknown parent.
    let mut body2 = body[..13].to_vec();
    body2.push("HL*2*1*22*0".into());
    body2.push("SBR*P*18*******CI".into());
    body2.push("NM1*IL*1*DOE*JANE****MI*M2".into());
    body2.push("NM1*PR*2*PAYER*****PI*P1".into());
    body2.push("HL*7*5*22*0".into());
    body2.push("SBR*P*18*******CI".into());
    body2.push("NM1*IL*1*DOE*JIM****MI*M3".into());
    body2.push("NM1*PR*2*PAYER*****PI*P1".into());
    let input = envelope("837", "005010X222A1", &body2);
    let ic = Interchange::parse(&input).unwrap();
    let tree = ic.transaction_set(0).unwrap().loops(g);
    let kinds: Vec<(FindingKind, Option<u8>)> = tree
        .findings()
        .iter()
        .map(|f| (f.kind, f.element))
        .collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::HierarchicalIdOutOfSequence, Some(1)),
            (FindingKind::DuplicateHierarchicalId, Some(1)),
            (FindingKind::HierarchicalIdOutOfSequence, Some(1)),
            (FindingKind::UnknownHierarchicalParent, Some(2)),
        ]
    );
}

#[test]
fn unknown_transaction_sets_stay_flat() {
    let input = envelope("850", "005010", &["BEG*00*SA*PO1**20261124".to_string()]);
    let ic = Interchange::parse(&input).unwrap();
    let ts = ic.transaction_set(0).unwrap();
    assert!(ts.guide().is_none());
    assert!(ts.loop_tree().is_none());
    assert_eq!(ts.segments().count(), 3);
}

#[test]
fn every_guide_accepts_its_own_skeleton() {
    // The shortest walk through each guide's required segments never panics and yields a
    // tree; and every guide's loop ids are reachable by name.
    for g in guide::all() {
        assert!(g.loop_ids().count() > 0, "{}", g.reference());
        for id in g.loop_ids() {
            assert!(g.loop_name(id).is_some());
        }
        let input = envelope(g.transaction_set(), g.reference(), &[]);
        let ic = Interchange::parse(&input).unwrap();
        let ts = ic.transaction_set(0).unwrap();
        assert_eq!(ts.guide(), Some(g));
        let tree = ts.validate(g);
        assert!(
            tree.findings().iter().all(|f| matches!(
                f.kind,
                FindingKind::RequiredSegmentMissing | FindingKind::RequiredLoopMissing
            )),
            "{} {:?}",
            g.reference(),
            shown(tree.findings())
        );
    }
}

#[test]
fn typed_views() {
    let input = read("../examples/data/x12/837p_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    let claims: Vec<_> = tree.claims().collect();
    assert_eq!(claims.len(), 3);
    let c = claims[2];
    assert_eq!(c.id(), b"PATACCT1003");
    assert_eq!(
        (c.facility_code(), c.frequency_code()),
        (Some(&b"11"[..]), Some(&b"1"[..]))
    );
    let patient = c.patient().unwrap();
    assert_eq!(
        (patient.entity(), patient.first_name()),
        (Some(&b"QC"[..]), Some(&b"TIMMY"[..]))
    );
    assert!(patient.is_person());
    assert_eq!(c.subscriber().unwrap().first_name(), Some(&b"MARY"[..]));
    assert_eq!(
        claims[0].patient().unwrap().first_name(),
        Some(&b"JOHN"[..])
    );
    let lines: Vec<_> = claims[0]
        .service_lines()
        .map(|l| {
            (
                l.number().unwrap(),
                l.procedure_code().unwrap(),
                l.units().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (&b"1"[..], &b"99214"[..], &b"1"[..]),
            (b"2", b"87880", b"1"),
            (b"3", b"36415", b"2")
        ]
    );
    let subs: Vec<_> = tree.subscribers().map(|n| n.id().unwrap()).collect();
    assert_eq!(subs, [&b"XYZ123456782"[..], b"XYZ555666777"]);
    let billing = tree.find("2010AA").next().unwrap().entity().unwrap();
    assert_eq!(
        (billing.id_qualifier(), billing.id()),
        (Some(&b"XX"[..]), Some(&b"1234567893"[..]))
    );
    assert!(!format!("{billing:?}").contains("CLINIC"));

    let input = read("../examples/data/x12/835_multi.x12");
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    let pays: Vec<_> = tree.claim_payments().collect();
    assert_eq!(pays.len(), 3);
    let denied = pays[2];
    assert_eq!(
        (denied.status(), denied.charge(), denied.paid()),
        (Some(&b"4"[..]), Some(&b"390"[..]), Some(&b"0"[..]))
    );
    assert_eq!(denied.payer_claim_id(), Some(&b"PMH26112800003"[..]));
    assert_eq!(denied.adjustments().count(), 0); // denied line by line
    let adj: Vec<_> = denied
        .services()
        .flat_map(|s| {
            s.adjustments()
                .map(|a| (a.group, a.reason, a.amount))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        adj,
        [
            (&b"CO"[..], &b"96"[..], &b"210"[..]),
            (b"CO", b"96", b"60"),
            (b"CO", b"96", b"120")
        ]
    );
    assert_eq!(denied.patient().unwrap().first_name(), Some(&b"TIMMY"[..]));
    assert_eq!(denied.services().count(), 3);
    // Paid = charge - adjustments for every service line of the first claim.
    for s in pays[0].services() {
        let num = |v: &[u8]| std::str::from_utf8(v).unwrap().parse::<f64>().unwrap();
        let adjusted: f64 = s.adjustments().map(|a| num(a.amount)).sum();
        assert!((num(s.charge().unwrap()) - adjusted - num(s.paid().unwrap())).abs() < 1e-9);
    }
    assert_eq!(pays[0].patient_responsibility(), Some(&b"40"[..]));
}

#[test]
fn balancing_837_and_835() {
    use x12::balance::{ImbalanceKind, balance};
    for f in ["837p_multi", "837i_outpatient", "835_multi"] {
        let input = read(&format!("../examples/data/x12/{f}.x12"));
        let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
        let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
        assert!(balance(&tree).is_empty(), "{f}");
    }
    let check = |file: &str, from: &str, to: &str| {
        let text = String::from_utf8(read(file)).unwrap().replacen(from, to, 1);
        let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
        let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
        balance(&tree)
            .iter()
            .map(|i| {
                (
                    i.kind,
                    i.segment_id.as_str().to_string(),
                    i.element,
                    i.transaction_position,
                )
            })
            .collect::<Vec<_>>()
    };
    let p837 = "../examples/data/x12/837p_multi.x12";
    assert_eq!(
        check(p837, "SV1*HC:87880*45*", "SV1*HC:87880*45.01*"),
        [(ImbalanceKind::ClaimCharge, "CLM".into(), 2, 23)]
    );
    assert_eq!(
        check(p837, "SV1*HC:87880*45*", "SV1*HC:87880*4X*"),
        [(ImbalanceKind::NotANumber, "SV1".into(), 2, 35)]
    );
    let p835 = "../examples/data/x12/835_multi.x12";
    assert_eq!(
        check(p835, "CAS*CO*45*5~", "CAS*CO*45*5.5~"),
        [
            (ImbalanceKind::ServiceAdjustments, "SVC".into(), 2, 26),
            (ImbalanceKind::ClaimAdjustments, "CLP".into(), 3, 16),
        ]
    );
    assert_eq!(
        check(
            p835,
            "PLB*1234567893*20261231*L6:INTEREST01*-230",
            "PLB*1234567893*20261231*L6:INTEREST01*-230*WO:OVERPAY*10"
        ),
        [(ImbalanceKind::TotalPayment, "BPR".into(), 2, 2)]
    );
}

#[test]
fn unlisted_qualifier_is_reported_once() {
    let input = read("../examples/data/x12/837p_multi.x12");
    let text =
        String::from_utf8(input)
            .unwrap()
            .replacen("REF*G1*AUTH99887", "REF*ZZ*AUTH99887", 1);
    let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
    let ts = ic.transaction_set(0).unwrap();
    let tree = ts.validate(ts.guide().unwrap());
    let kinds: Vec<_> = tree
        .findings()
        .iter()
        .map(|f| (f.kind, f.segment_id.as_str(), f.element, f.loop_id))
        .collect();
    assert_eq!(
        kinds,
        [(FindingKind::InvalidCode, "REF", Some(1), Some("2300"))]
    );
}

/// Balancing findings for amounts that are not numbers and for CAS segments placed outside
/// the guide, in the order found (CLP03 before CLP04, SVC02 before SVC03, CAS by loop).
#[test]
fn balancing_reports_bad_amounts_in_order() {
    use x12::balance::balance;
    let p835 = "../examples/data/x12/835_multi.x12";
    let check = |edits: &[(&str, &str)]| {
        let mut text = String::from_utf8(read(p835)).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
        let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
        balance(&tree)
            .iter()
            .map(|i| {
                format!(
                    "{:?} {} {} {} {}",
                    i.kind,
                    i.segment_id.as_str(),
                    i.element,
                    i.transaction_position,
                    i.offset
                )
            })
            .collect::<Vec<_>>()
    };
    let cases: [&[(&str, &str)]; 6] = [
        &[("CAS*CO*45*5~", "CAS*CO*45*5X~")],
        &[(
            "CLP*PATACCT1001*1*285*198.4*",
            "CLP*PATACCT1001*1*2X5*1X8.4*",
        )],
        &[("SVC*HC:87880*45*40*", "SVC*HC:87880*4-5*4.0.0*")],
        &[("CAS*CO*45*21.6~", "CAS*CO*45*21.6*1*X~CAS*PR*9*1~")],
        &[(
            "TRN*1*EFT20261128001*1512345678~",
            "TRN*1*EFT20261128001*1512345678~CAS*CO*45*7~",
        )],
        &[
            ("CAS*CO*96*60~", "CAS*CO*96*6Q~"),
            (
                "PLB*1234567893*20261231*L6:INTEREST01*-230",
                "PLB*1234567893*20261231*L6:INTEREST01*-2X0",
            ),
        ],
    ];
    let found: Vec<Vec<String>> = cases.iter().map(|c| check(c)).collect();
    for f in &found {
        println!("{f:?}");
    }
    assert_eq!(
        found,
        EXPECTED_BAD_AMOUNTS.map(|f| f.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}

/// What `balancing_reports_bad_amounts_in_order` finds (taken from the implementation
/// before balancing went by guide node: the same findings in the same order).
const EXPECTED_BAD_AMOUNTS: [&[&str]; 6] = [
    &["NotANumber CAS 3 28 943"],
    &["NotANumber CLP 3 16 651", "NotANumber CLP 4 16 655"],
    &["NotANumber SVC 2 26 905", "NotANumber SVC 3 26 909"],
    &[
        "ServiceAdjustments SVC 2 21 817",
        "ClaimAdjustments CLP 3 16 651",
    ],
    &[],
    &["NotANumber CAS 3 49 1418", "NotANumber PLB 4 53 1516"],
];
