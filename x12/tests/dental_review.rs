//! The 837 Dental (005010X224A2) and 278 services review (005010X217) guides on their
//! fixtures and on targeted breakage: loop placement, HL hierarchy, SNIP 2 findings with
//! their 999 codes, SNIP 3 claim balancing, and the typed views.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use x12::balance::{ImbalanceKind, balance};
use x12::validate::validate;
use x12::{FindingKind, Interchange, ParseOptions};

fn read(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/data/x12")
        .join(name);
    String::from_utf8(std::fs::read(p).unwrap()).unwrap()
}

/// A finding as (kind, segment id, loop id, element).
type Found = (FindingKind, String, Option<&'static str>, Option<u8>);

/// A change to a fixture (from, to) and a finding it must cause.
type Case<'s> = (
    &'s str,
    &'s str,
    (FindingKind, &'s str, Option<&'s str>, Option<u8>),
);

/// Every finding of the first set.
fn findings(text: &str) -> Vec<Found> {
    let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    report.sets[0]
        .findings
        .iter()
        .map(|f| {
            (
                f.kind,
                f.segment_id.as_str().to_string(),
                f.loop_id,
                f.element,
            )
        })
        .collect()
}

#[test]
fn dental_claims_teeth_and_balancing() {
    let text = read("837d_multi.x12");
    let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
    let ts = ic.transaction_set(0).unwrap();
    assert_eq!(ts.guide().unwrap().name(), "Health Care Claim: Dental");
    let tree = ts.validate(ts.guide().unwrap());
    assert!(tree.findings().is_empty(), "{:?}", tree.findings());
    assert!(balance(&tree).is_empty());
    let claims: Vec<_> = tree.claims().collect();
    assert_eq!(
        claims.iter().map(|c| c.id()).collect::<Vec<_>>(),
        [&b"DENT1001"[..], b"DENT1002", b"DENT1003"]
    );
    // The dependent's claim: patient from 2010CA, subscriber from 2010BA.
    assert_eq!(
        claims[2].patient().unwrap().first_name(),
        Some(&b"TIMOTHY"[..])
    );
    assert_eq!(
        claims[2].subscriber().unwrap().first_name(),
        Some(&b"MARY"[..])
    );
    // Teeth and surfaces of the sealants; quadrants of the scaling.
    let sealant = claims[2].service_lines().nth(3).unwrap();
    let teeth: Vec<(Vec<u8>, Vec<Vec<u8>>)> = sealant
        .teeth()
        .map(|t| {
            assert_eq!(t.code_list(), Some(&b"JP"[..]));
            (
                t.number().unwrap().to_vec(),
                t.surfaces().map(<[u8]>::to_vec).collect(),
            )
        })
        .collect();
    assert_eq!(
        teeth,
        [
            (b"14".to_vec(), vec![b"O".to_vec()]),
            (b"19".to_vec(), vec![b"O".to_vec(), b"B".to_vec()])
        ]
    );
    let quadrants: Vec<_> = claims[1].service_lines().map(|l| l.oral_cavity()).collect();
    assert_eq!(quadrants, [Some(&b"10"[..]), Some(&b"20"[..])]);
    assert_eq!(claims[1].service_lines().next().unwrap().units(), None);

    // SNIP 3: a line charge that no longer adds up to CLM02.
    let bad = text.replacen("SV3*AD:D1110*95*", "SV3*AD:D1110*96*", 1);
    let ic = Interchange::parse_with(bad.as_bytes(), &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    let found = balance(&tree);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, ImbalanceKind::ClaimCharge);
    assert_eq!((found[0].segment_id.as_str(), found[0].element), ("CLM", 2));
    assert_eq!(
        ic.transaction_set(0)
            .unwrap()
            .segment(19)
            .unwrap()
            .element_raw(1),
        Some(&b"DENT1001"[..])
    );
    assert_eq!(found[0].transaction_position, 20);
    // A line charge that is not a number cannot be balanced: reported as such.
    let bad = text.replacen("SV3*AD:D1110*95*", "SV3*AD:D1110*9X5*", 1);
    let ic = Interchange::parse_with(bad.as_bytes(), &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    assert_eq!(balance(&tree)[0].kind, ImbalanceKind::NotANumber);
}

#[test]
fn dental_snip2_findings() {
    let text = read("837d_multi.x12");
    let cases: [Case<'_>; 6] = [
        // A surface code the guide does not list.
        (
            "TOO*JP*30*M:O",
            "TOO*JP*30*M:X",
            (FindingKind::InvalidCode, "TOO", Some("2400"), Some(3)),
        ),
        // The tooth number is required.
        (
            "TOO*JP*30*M:O",
            "TOO*JP**M:O",
            (
                FindingKind::RequiredElementMissing,
                "TOO",
                Some("2400"),
                Some(2),
            ),
        ),
        // Only ADA procedure codes (AD) in SV301-1.
        (
            "SV3*AD:D0120",
            "SV3*HC:D0120",
            (FindingKind::InvalidCode, "SV3", Some("2400"), Some(1)),
        ),
        // An oral cavity area that does not exist.
        (
            "SV3*AD:D4341*220**10**1",
            "SV3*AD:D4341*220**11**1",
            (FindingKind::InvalidCode, "SV3", Some("2400"), Some(4)),
        ),
        // A tooth status other than extracted or missing.
        (
            "DN2*1*M****JP",
            "DN2*1*Q****JP",
            (FindingKind::InvalidCode, "DN2", Some("2300"), Some(2)),
        ),
        // 2000C without the patient's name loop.
        (
            "NM1*QC*1*ROE*TIMOTHY~\nN3*77 BIRCH LANE~\nN4*SPRINGFIELD*IL*627050000~\nDMG*D8*20150704*M~\n",
            "",
            (
                FindingKind::RequiredLoopMissing,
                "NM1",
                Some("2010CA"),
                None,
            ),
        ),
    ];
    for (from, to, want) in cases {
        assert!(text.contains(from), "{from}");
        let mut broken = text.replacen(from, to, 1);
        if to.is_empty() {
            // Keep SE01 right: four segments fewer.
            broken = broken.replace("SE*87*0001", "SE*83*0001");
        }
        let ic = Interchange::parse_with(broken.as_bytes(), &ParseOptions::lenient()).unwrap();
        assert!(
            ic.diagnostics().is_empty(),
            "{from}: {:?}",
            ic.diagnostics()
        );
        let got = findings(&broken);
        let want = (want.0, want.1.to_string(), want.2, want.3);
        assert!(got.contains(&want), "{from} -> {to}: {got:?}");
    }
}

#[test]
fn services_review_hierarchy() {
    let text = read("278_request.x12");
    let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    assert!(tree.findings().is_empty(), "{:?}", tree.findings());
    // Every HL loop with its depth and the loop its HL02 names.
    let hl: Vec<(&str, u16, Option<&str>)> = tree
        .loops()
        .filter_map(|l| Some((l.id(), l.hl()?.depth, l.hl_parent().map(|p| p.id()))))
        .collect();
    assert_eq!(
        hl,
        [
            ("2000A", 0, None),
            ("2000B", 1, Some("2000A")),
            ("2000C", 2, Some("2000B")),
            ("2000D", 3, Some("2000C")),
            ("2000E", 4, Some("2000D")),
            ("2000F", 5, Some("2000E")),
            ("2000F", 5, Some("2000E")),
            ("2000C", 2, Some("2000B")),
            ("2000E", 3, Some("2000C")),
        ]
    );
    let reviews: Vec<_> = tree.reviews().collect();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].trace_number(), Some(&b"REQ0001"[..]));
    assert_eq!(reviews[0].action(), None); // a request
    assert_eq!(reviews[0].services().count(), 2);
    assert!(reviews[0].services().all(|s| s.is_service()));
    assert_eq!(reviews[1].patient().unwrap().last_name(), Some(&b"DOE"[..]));
    let subs: Vec<_> = tree.subscribers().map(|n| n.id().unwrap()).collect();
    assert_eq!(subs, [&b"XYZ555666777"[..], b"XYZ123456782"]);

    // An HL02 naming the wrong parent, a service without its UM, an unknown level code.
    let cases: [Case<'_>; 3] = [
        (
            "HL*6*5*SS*0",
            "HL*6*3*SS*0",
            (
                FindingKind::HierarchicalParentMismatch,
                "HL",
                Some("2000F"),
                Some(2),
            ),
        ),
        (
            "UM*HS*I*3~\nDTP*472*D8*20261205",
            "DTP*472*D8*20261205",
            (
                FindingKind::RequiredSegmentMissing,
                "UM",
                Some("2000F"),
                None,
            ),
        ),
        (
            "HCR", // not in a request: added below
            "",
            (FindingKind::InvalidCode, "HCR", Some("2000F"), Some(1)),
        ),
    ];
    for (from, to, want) in cases {
        let broken = if from == "HCR" {
            text.replacen(
                "UM*HS*I*3~\nDTP*472*D8*20261205",
                "UM*HS*I*3~\nHCR*ZZ~\nDTP*472*D8*20261205",
                1,
            )
            .replace("SE*49*0001", "SE*50*0001")
        } else if to.starts_with("DTP") {
            text.replacen(from, to, 1)
                .replace("SE*49*0001", "SE*48*0001")
        } else {
            text.replacen(from, to, 1)
        };
        let ic = Interchange::parse_with(broken.as_bytes(), &ParseOptions::lenient()).unwrap();
        assert!(
            ic.diagnostics().is_empty(),
            "{from}: {:?}",
            ic.diagnostics()
        );
        let got = findings(&broken);
        let want = (want.0, want.1.to_string(), want.2, want.3);
        assert!(got.contains(&want), "{from} -> {to}: {got:?}");
    }
}

#[test]
fn services_review_response_with_custom_delimiters() {
    let text = read("278_response.x12");
    let ic = Interchange::parse_with(text.as_bytes(), &ParseOptions::lenient()).unwrap();
    let d = ic.delimiters();
    assert_eq!(
        (d.element, d.repetition, d.component, d.segment),
        (b'|', Some(b'}'), b'\\', b'\'')
    );
    let report = validate(&ic);
    assert!(report.is_clean(), "{:?}", report.sets);
    let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    let denied: Vec<_> = tree
        .reviews()
        .flat_map(|r| r.services().collect::<Vec<_>>())
        .filter(|s| s.action() == Some(b"A3"))
        .map(|s| {
            (
                s.certification_number().unwrap(),
                s.decision_reason().unwrap(),
            )
        })
        .collect();
    assert_eq!(denied, [(&b"AUTH778899B"[..], &b"35"[..])]);
    // A response-only segment out of place is found with the custom delimiters too.
    let broken = text.replacen("HCR|A1|AUTH778899A'", "HCR|A9|AUTH778899A'", 1);
    let got = findings(&broken);
    assert!(
        got.contains(&(
            FindingKind::InvalidCode,
            "HCR".into(),
            Some("2000F"),
            Some(1)
        )),
        "{got:?}"
    );
}
