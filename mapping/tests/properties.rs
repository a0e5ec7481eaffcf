//! Properties: determinism, options, coverage of the claimed IG maps, the generated tables
//! up to date, and proptest over arbitrary messages of the supported structures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use mapping::v2::{BundleType, IssueKind, MapKind, Options, UtcOffset, coverage, to_fhir};
use proptest::prelude::*;

fn data(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

#[test]
fn deterministic_output() {
    for name in ["adt_a01_v251.hl7", "oru_r01_v251.hl7", "vxu_v04_v251.hl7"] {
        let input = data(name);
        let a = fhir::json::to_vec(&common::convert(&input, &Options::default()).bundle);
        for _ in 0..3 {
            let b = fhir::json::to_vec(&common::convert(&input, &Options::default()).bundle);
            assert_eq!(a, b, "{name}");
        }
    }
}

#[test]
fn ids_depend_on_control_id_and_position() {
    let input = data("adt_a01_v251.hl7");
    let other = String::from_utf8(input.clone())
        .unwrap()
        .replace("NMH0315093015001", "NMH0315093015002");
    let a = common::convert(&input, &Options::default());
    let b = common::convert(other.as_bytes(), &Options::default());
    let ids = |c: &mapping::v2::Conversion| -> Vec<String> {
        c.bundle
            .resources()
            .filter_map(|r| r.id().map(str::to_owned))
            .collect()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia.len(), ib.len());
    assert!(
        ia.iter().all(|x| !ib.contains(x)),
        "ids must change with MSH-10"
    );
    let mut sorted = ia.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ia.len(), "ids are unique");
}

#[test]
fn shared_resources_emitted_once() {
    let c = common::convert(&data("adt_a01_v251.hl7"), &Options::default());
    // Dr Garcia (9921) is EVN-5, PV1-7, PV1-17, DG1-16 and PR1-12: one Practitioner.
    let garcia = c
        .bundle
        .resources()
        .filter(|r| matches!(r, fhir::Resource::Practitioner(p) if p.identifier.iter().any(|i| i.value.as_ref().and_then(|v| v.as_str()) == Some("9921"))))
        .count();
    assert_eq!(garcia, 1);
}

#[test]
fn bundle_types() {
    let input = data("oru_r01_v251.hl7");
    for (bt, first, request) in [
        (BundleType::Transaction, None, true),
        (BundleType::Message, Some("MessageHeader"), false),
        (BundleType::Collection, None, false),
    ] {
        let c = common::convert(&input, &Options::default().with_bundle_type(bt));
        common::check_bundle(&c);
        let e = &c.bundle.entry[0];
        if let Some(t) = first {
            assert_eq!(e.resource.as_ref().unwrap().resource_type(), t);
        } else {
            assert!(
                c.bundle
                    .resources()
                    .all(|r| r.resource_type() != "MessageHeader")
            );
        }
        assert_eq!(e.request.is_some(), request);
    }
}

#[test]
fn time_zones() {
    let text = format!(
        "MSH|^~\\&|A|B|C|D|20260101120000||ADT^A04|TZ1|P|2.5\rPID|1||1^^^X^MR||DOE^J||19800101120000|F\rPV1|1|O{}202601011130|20260101\r",
        "|".repeat(42)
    );
    let input = text.as_bytes();
    let none = common::convert(input, &Options::default());
    let tz: Vec<_> = none
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::MissingTimeZone)
        .collect();
    assert!(tz.len() >= 2, "{:?}", none.issues);
    let json = String::from_utf8(fhir::json::to_vec(&none.bundle)).unwrap();
    assert!(
        json.contains(r#""period":{"start":"2026-01-01","end":"2026-01-01"}"#),
        "{json}"
    );
    assert!(
        !json.contains("\"timestamp\""),
        "an instant needs an offset"
    );
    let plus = common::convert(
        input,
        &Options::default().with_default_offset(UtcOffset::parse("+05:30").unwrap()),
    );
    let json = String::from_utf8(fhir::json::to_vec(&plus.bundle)).unwrap();
    assert!(
        json.contains(r#""start":"2026-01-01T11:30:00+05:30""#),
        "{json}"
    );
    assert!(
        json.contains(r#""timestamp":"2026-01-01T12:00:00+05:30""#),
        "{json}"
    );
    assert!(
        plus.issues
            .iter()
            .all(|i| i.kind != IssueKind::MissingTimeZone)
    );
    // Invalid timestamps are positioned issues, not values.
    let bad =
        b"MSH|^~\\&|A|B|C|D|20260101||ADT^A04|TZ2|P|2.5\rPID|1||1^^^X^MR||DOE^J||19801301|F\r";
    let c = common::convert(bad, &Options::default());
    let i = c
        .issues
        .iter()
        .find(|i| i.kind == IssueKind::InvalidTimestamp)
        .unwrap();
    assert_eq!(
        (i.location.segment.as_str(), i.location.field),
        ("PID", Some(7))
    );
    let json = String::from_utf8(fhir::json::to_vec(&c.bundle)).unwrap();
    assert!(!json.contains("birthDate"));
}

#[test]
fn identifier_systems_and_unmapped_extensions() {
    let input = b"MSH|^~\\&|A|B|C|D|20260101||ADT^A04|ID1|P|2.5\rPID|1||1^^^LOCALMRN^MR~2^^^&1.2.3.4&ISO^PI||DOE^J|||F|||||||||||||||||||||||||||||||X\rZZZ|1\r";
    let c = common::convert(input, &Options::default());
    let json = String::from_utf8(fhir::json::to_vec(&c.bundle)).unwrap();
    assert!(json.contains(r#""system":"urn:oid:1.2.3.4""#));
    assert!(
        !json.contains(r#""system":"LOCALMRN""#),
        "unregistered authority is an assigner, not a system"
    );
    assert!(
        json.contains(r#""value":"1","assigner":{"reference":"urn:uuid:"#),
        "{json}"
    );
    let mut opts = Options::default();
    opts.identifier_systems
        .insert("LOCALMRN", "https://example.org/mrn");
    opts.unmapped_extension_base = Some("https://example.org/v2".into());
    let c = common::convert(input, &opts);
    common::check_bundle(&c);
    let json = String::from_utf8(fhir::json::to_vec(&c.bundle)).unwrap();
    assert!(
        json.contains(r#""system":"https://example.org/mrn","value":"1""#),
        "{json}"
    );
    assert!(
        json.contains(r#"{"url":"https://example.org/v2/PID-39","valueString":"X"}"#),
        "{json}"
    );
    assert!(
        c.issues
            .iter()
            .any(|i| i.kind == IssueKind::UnmappedSegment && i.location.segment == "ZZZ")
    );
    assert!(
        c.issues
            .iter()
            .any(|i| i.kind == IssueKind::UnmappedField && i.location.field == Some(39))
    );
}

/// Unmapped fields are reported wherever they are in a segment, past the 128th field too,
/// with and without the unmapped-field extensions; empty and handled fields are not.
#[test]
fn unmapped_fields_reported_past_field_128() {
    let mut pid = String::from("PID|1||7^^^H^MR||DOE^JO");
    for n in 6..=140 {
        pid.push('|');
        if [50, 64, 65, 128, 129, 140].contains(&n) {
            pid.push_str(&format!("V{n}"));
        }
    }
    let input = format!("MSH|^~\\&|A|B|C|D|20260101||ADT^A01^ADT_A01|S1|P|2.5\r{pid}\r");
    let mut with_ext = Options::default();
    with_ext.unmapped_extension_base = Some("https://example.org/v2".to_owned());
    for opts in [Options::default(), with_ext] {
        let c = common::convert(input.as_bytes(), &opts);
        let fields: Vec<u16> = c
            .issues
            .iter()
            .filter(|i| i.kind == IssueKind::UnmappedField && i.location.segment == "PID")
            .filter_map(|i| i.location.field)
            .collect();
        assert_eq!(fields, [50, 64, 65, 128, 129, 140]);
    }
}

#[test]
fn structure_from_trigger_when_msh_9_3_is_empty() {
    let c = common::convert(&data("adt_a04_v23.hl7"), &Options::default());
    assert_eq!(c.structure, "ADT_A01");
    let c = common::convert(
        b"MSH|^~\\&|A|B|C|D|20260101||ZZZ^Z99|S1|P|2.5\r",
        &Options::default(),
    );
    assert!(
        c.issues
            .iter()
            .any(|i| i.kind == IssueKind::UnsupportedStructure)
    );
}

/// Every segment map, datatype map and vocabulary map this crate claims is exercised by a
/// golden fixture: the segment occurs in some fixture and produced a resource or an edit.
#[test]
fn claimed_maps_are_exercised() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut all = String::new();
    for e in fs::read_dir(&dir).unwrap().flatten() {
        all.push_str(&String::from_utf8_lossy(&fs::read(e.path()).unwrap()));
        all.push('\r');
    }
    let cov = coverage();
    let claimed: Vec<_> = cov.iter().filter(|m| m.implemented).collect();
    assert!(claimed.len() > 60, "{}", claimed.len());
    for m in claimed.iter().filter(|m| m.kind == MapKind::Segment) {
        let seg = &m.name[..3];
        assert!(
            all.contains(&format!("\r{seg}|")) || all.starts_with(&format!("{seg}|")),
            "{} not in any fixture",
            m.name
        );
    }
    let mut structures = Vec::new();
    for e in fs::read_dir(&dir).unwrap().flatten() {
        let c = common::convert(&fs::read(e.path()).unwrap(), &Options::default());
        structures.push(c.structure);
    }
    for m in claimed.iter().filter(|m| m.kind == MapKind::Message) {
        // ADT_A11 has the ADT_A09 structure in table 0354.
        let name = if m.name == "ADT_A11" {
            "ADT_A09"
        } else {
            m.name
        };
        assert!(
            structures.iter().any(|s| s == name),
            "{} not in any fixture",
            m.name
        );
    }
    let done = cov.iter().filter(|m| m.implemented).count();
    let empty: Vec<_> = cov
        .iter()
        .filter(|m| m.empty_in_ig)
        .map(|m| m.name)
        .collect();
    assert!(
        cov.iter().all(|m| !(m.implemented && m.empty_in_ig)),
        "a map with no rows cannot be applied"
    );
    eprintln!("IG maps applied: {done} of {}", cov.len());
    eprintln!("empty in the IG tables ({}): {empty:?}", empty.len());
    for m in cov.iter().filter(|m| !m.implemented && !m.empty_in_ig) {
        eprintln!("not applied: {:?} {}", m.kind, m.name);
    }
}

/// The generated tables are what the generator makes from ../shared (skipped without it).
#[test]
fn generated_tables_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("../../shared/v2-to-fhir");
    if !src.is_dir() {
        eprintln!("skipped: {} not present", src.display());
        return;
    }
    let out = std::env::temp_dir().join(format!("mapping-tables-{}.rs", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(root.join("codegen/generate.py"))
        .arg(&src)
        .arg(&out)
        .status();
    let Ok(status) = status else {
        eprintln!("skipped: python3 not available");
        return;
    };
    assert!(status.success());
    let fresh = fs::read(&out).unwrap();
    let _ = fs::remove_file(&out);
    let committed = fs::read(root.join("src/v2/tables.rs")).unwrap();
    assert!(
        fresh == committed,
        "src/v2/tables.rs is stale: run python3 mapping/codegen/generate.py"
    );
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9 .\\-]{0,12}",
        "[0-9]{4,14}",
        "[0-9]{8}[+-][0-9]{4}",
        "[A-Z0-9]{1,4}\\^[A-Za-z ]{0,8}\\^[A-Z0-9]{0,6}",
        "[A-Za-z0-9]{0,6}(\\^[A-Za-z0-9&.]{0,6}){0,9}(~[A-Za-z0-9^]{0,8}){0,2}",
        "[\\x20-\\x7e]{0,10}",
        Just("\"\"".to_owned()),
        Just("\\X0D\\\\H\\bold\\N\\".to_owned()),
    ]
}

fn segment() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "EVN", "PID", "PD1", "NK1", "PV1", "PV2", "ORC", "OBR", "OBX", "NTE", "AL1", "DG1",
            "PR1", "IN1", "RXA", "RXR", "SPM", "MRG", "TXA", "SCH", "AIS", "AIG", "AIL", "AIP",
            "ZXY", "GT1",
        ]),
        prop::collection::vec(field(), 0..45),
    )
        .prop_map(|(id, fields)| {
            let mut s = id.to_owned();
            for f in fields {
                s.push('|');
                s.push_str(&f);
            }
            s
        })
}

fn message() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![
            "ADT^A01^ADT_A01",
            "ADT^A04",
            "ADT^A03",
            "ADT^A40^ADT_A39",
            "ORU^R01^ORU_R01",
            "VXU^V04^VXU_V04",
            "ORM^O01",
            "OML^O21^OML_O21",
            "MDM^T02",
            "SIU^S12",
            "ADT^A17",
        ]),
        field(),
        prop::collection::vec(segment(), 0..14),
    )
        .prop_map(|(mt, ts, segs)| {
            let mut m = format!("MSH|^~\\&|APP|FAC|RCV|RFAC|{ts}||{mt}|CTRL1|P|2.5.1");
            for s in segs {
                m.push('\r');
                m.push_str(&s);
            }
            m.push('\r');
            m.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Arbitrary messages of the supported structures never panic, and produce bundles the
    /// fhir crate's strict reader accepts (and validate), with every reference resolved.
    #[test]
    fn arbitrary_messages(input in message(), tz in prop::option::of(-720i16..=840)) {
        let Ok(msg) = hl7v2::Message::parse(&input) else { return Ok(()); };
        let mut opts = Options::default();
        opts.default_offset = tz.and_then(UtcOffset::from_minutes);
        if let Ok(c) = to_fhir(&msg, &opts) {
            common::check_bundle(&c);
        }
    }
}

/// Repetition numbers saturate instead of overflowing (a debug build would panic).
#[test]
fn very_many_repetitions() {
    let mut m = b"MSH|^~\\&|A|B|C|D|20260101||ADT^A04|R1|P|2.5\rPID|1||1^^^X^MR||DOE^J||19800101|F\rPV1|1|O|||||||||||||||||||||||||||||||||||||||||||".to_vec();
    for _ in 0..70_000 {
        m.extend_from_slice(b"2026~");
    }
    m.extend_from_slice(b"2026\r");
    let c = common::convert(&m, &Options::default());
    let last = c
        .issues
        .iter()
        .rev()
        .find(|i| i.kind == IssueKind::ExtraRepetition)
        .unwrap();
    assert_eq!(last.location.repetition, Some(u16::MAX));
}

/// A number beyond FHIR's `positiveInt` range (IN1-22 3621762309, found by
/// `arbitrary_messages`) is an issue, never an out-of-range `Coverage.order`.
#[test]
fn positive_int_out_of_range_is_an_issue() {
    for (order, kept) in [
        ("3621762309", false),
        ("2147483648", false),
        ("2147483647", true),
    ] {
        let m = format!(
            "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|R1|P|2.5\rPID|1||1^^^X^MR||DOE^J||19800101|F\r\
             PV1|1|O\rIN1|1|PLAN1|PAYER1|ACME INSURANCE||||||||||||||||||{order}\r"
        );
        let c = common::convert(m.as_bytes(), &Options::default());
        let json = String::from_utf8(fhir::json::to_vec(&c.bundle)).unwrap();
        assert_eq!(json.contains("\"order\":"), kept, "{order}: {json}");
        let flagged = c
            .issues
            .iter()
            .any(|i| i.kind == IssueKind::InvalidValue && i.location.field == Some(22));
        assert_eq!(flagged, !kept, "{order}");
    }
}

/// Fuzz find (mapping_v2): MSH-9 holding a control character (0x16) went raw into the
/// source Provenance's `activity.coding.display`, and the strict reader rejected the
/// bundle. The message type is now decoded as FHIR text (control characters replaced).
#[test]
fn message_type_with_a_control_character() {
    let m = b"MSH|^~\\&|LAB|SOUTH|APP|NORTH|20261124153012-0500||ACK^R01\x16^ACK|A1|P|2.5.1\r\
MSA|AA|ORD-1|accepted\r";
    let mut opts = Options::default();
    opts.bundle_type = BundleType::Message;
    let c = common::convert(m, &opts);
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(
        json.contains(r#""display":"message - ACK^R01^ACK""#),
        "{json}"
    );
}

/// Fuzz find (mapping_v2), the same control character reaching the EVN Provenance's
/// `activity.coding.display` ("event - CODE^TRIGGER").
#[test]
fn message_type_with_a_control_character_and_an_event() {
    let m = b"MSH|^~\\&|ADT|MERCY|EHR|MERCY|20261123081545-0500||ADT^A01\x16^ADT_A01|M1|P|2.6\r\
EVN||20261123081500-0500\r\
PID|1||MRN448^^^MERCY^MR||DOE^JANE\r";
    let c = common::convert(m, &Options::default());
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(json.contains(r#""display":"event - ADT^A01""#), "{json}");
}

/// Fuzz find (mapping_v2): Latin-1 bytes 0x92 in PID-15 decode to U+0092, a C1 control
/// character; the text reader only replaced C0 controls and DEL, so the language code went
/// out with them and the strict reader rejected the bundle.
#[test]
fn c1_control_characters_are_replaced() {
    let mut m = b"MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260910101010-0700||ADT^A01|C1|P|2.5|||||||8859/1\r\
PID|1||RR-3390^^^CLINIC^MR||LINDQVIST^PER||19550303|M|||||||"
        .to_vec();
    m.extend_from_slice(&[0x92, 0x92]);
    m.extend_from_slice(b"sv\r");
    let c = common::convert(&m, &Options::default());
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(
        json.contains(r#""language":{"coding":[{"system":"urn:ietf:bcp:47","code":"sv""#),
        "{json}"
    );
}

/// Fuzz find (mapping_v2): NUL bytes in MSH-10 went raw into `Bundle.identifier.value` (and
/// the transformation Provenance's target identifier); the strict reader rejected the bundle.
#[test]
fn control_id_with_control_characters() {
    let m = b"MSH|^~\\&|ADT|MERCY|EHR|MERCY|20261123081545-0500||ADT^A01^ADT_A01|MG-\x00\x00A01|P|2.6\r\
PID|1||MRN448^^^MERCY^MR||DOE^JANE\r";
    let mut opts = Options::default();
    opts.transformation_provenance = true;
    let c = common::convert(m, &opts);
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(
        json.contains(r#""identifier":{"value":"MG-  A01"}"#),
        "{json}"
    );
}

/// Fuzz find (mapping_v2): an XCN degree (XCN.7) with NUL bytes went out as the
/// qualification code with its spaces uncollapsed ("M      D"), which no FHIR code may hold.
/// Degree codes and identifier type codes outside the tables are now FHIR codes.
#[test]
fn codes_outside_the_tables_collapse_whitespace() {
    let m = b"MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260910101010-0700||ADT^A01|C1|P|2.5\r\
PID|1||RR-3390^^^CLINIC^M\x00\x00R||DOE^JANE\r\
PV1|1|I|||||3321^NG^LINDA^^^^M\x00\x00D\r";
    let c = common::convert(m, &Options::default());
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(json.contains(r#""code":"M D""#), "{json}");
    assert!(json.contains(r#""code":"M R""#), "{json}");
}

/// Fuzz find (mapping_v2): an ISO HD.2 holding a C1 control character became
/// "urn:oid:2.16.840.1. 113883..." as `destination.endpoint`, and a URL holds no space; such
/// an HD is no longer an endpoint (R4's required endpoint gets a data-absent-reason).
#[test]
fn hd_endpoint_with_inner_whitespace() {
    let m = b"MSH|^~\\&|LAB|SOUTH|APP|NORTHCLINIC^2.16.840.1.\xC2\x8E113883.3.72.5.20^ISO|20261124153012-0500||ACK^R01^ACK|A1|P|2.5.1\r\
MSA|AA|ORD-1|accepted\r";
    let mut opts = Options::default();
    opts.bundle_type = BundleType::Message;
    let c = common::convert(m, &opts);
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    assert!(!json.contains("urn:oid:2.16.840.1. "), "{json}");
    assert!(json.contains(r#""_endpoint":{"extension""#), "{json}");
}

/// Review find (sibling of the XCN.7 fuzz find): an ED type (ED.2) without a subtype goes out
/// as a table 0191 code in the `alternate-codes` extension, and was taken as plain text, so a
/// doubled space or a tab inside it made a code no FHIR code may be. It now collapses
/// whitespace runs like every other code taken from the message.
#[test]
fn ed_type_code_collapses_whitespace() {
    let m = b"MSH|^~\\&|DOCSYS|CITYHOSP|EHR|CITYHOSP|20270218154500-0500||MDM^T02^MDM_T02|DOC0218|P|2.5.1\r\
EVN|T02|20270218154500-0500\r\
PID|1||CH-50221^^^CITYHOSP^MR||LINDGREN^ASTRID^M||19580409|F\r\
TXA|1|RAD^Radiology report^HL70270|AP|20270218153000-0500\r\
OBX|1|ED|11529-5^Surgical pathology study^LN||^I  M^^Hex^89504E470D0A1A0A||||||F\r\
OBX|2|ED|11529-5^Surgical pathology study^LN||^I\tM^^Hex^89504E470D0A1A0A||||||F\r";
    let c = common::convert(m, &Options::default());
    let json = String::from_utf8(common::check_bundle(&c)).unwrap();
    let alt = r#"{"url":"https://hl7.org/fhir/StructureDefinition/alternate-codes","valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0191","code":"I M"}]}}],"data":"iVBORw0KGgo="}"#;
    assert_eq!(json.matches(alt).count(), 2, "{json}");
}

/// Found by the fuzz target's new dangling-reference check: an SCH without PID or AIx after
/// it makes no Appointment (R4 requires a participant), but its SCH-20 Provenance was kept
/// with the dropped Appointment as its only target. The Provenance now goes with it.
#[test]
fn provenance_of_a_dropped_appointment_goes_too() {
    let m = b"MSH|^~\\&|SCHED|CLINIC|EHR|CLINIC|20261105090000-0500||SIU^S12^SIU_S12|SIU0002|P|2.5\r\
SCH|APT-1002^SCHED|APT-1002^SCHED|||||FOLLOWUP^Follow-up visit^L|ROUTINE^Routine^HL70276|30|min|^^30^20261112140000-0500^20261112143000-0500|||||||||4410^PARK^SOO^^^^RN\r";
    for bt in [
        BundleType::Transaction,
        BundleType::Message,
        BundleType::Collection,
    ] {
        let mut opts = Options::default();
        opts.bundle_type = bt;
        let c = common::convert(m, &opts);
        let json = String::from_utf8(common::check_bundle(&c)).unwrap();
        assert!(!json.contains(r#""resourceType":"Appointment""#), "{json}");
        assert!(!json.contains(r#""code":"enterer""#), "{json}");
        assert!(
            c.issues
                .iter()
                .any(|i| i.kind == IssueKind::MissingContext && i.location.segment == "SCH"),
            "{:?}",
            c.issues
        );
    }
}

/// Found by the fuzz target's new dangling-reference check: two messages run together (a
/// second MSH) made a second MessageHeader, the converter's header index pointed past an
/// entry dropped before it, and the transaction bundle lost the Organization the Patient's
/// identifier names as assigner instead of the MessageHeader (the message bundle put that
/// Organization first). A later MSH is now reported as unmapped and the header's place is
/// counted among the kept entries.
#[test]
fn messages_run_together_keep_one_header() {
    let m = b"MSH|^~\\&|SCHED|CLINIC|EHR|CLINIC|20261105090000-0500||SIU^S12^SIU_S12|SIU0003|P|2.5\r\
SCH|APT-1003^SCHED|APT-1003^SCHED|||||FOLLOWUP^Follow-up visit^L|ROUTINE^Routine^HL70276|30|min|^^30^20261112140000-0500^20261112143000-0500\r\
MSH|^~\\&|ADT|CLINIC|EHR|CLINIC|20261105091000-0500||ADT^A04^ADT_A01|ADT0007|P|2.5\r\
PID|1||CL-5588^^^CLINIC^MR||HASSAN^OMAR||19800808|M\r";
    for bt in [
        BundleType::Transaction,
        BundleType::Message,
        BundleType::Collection,
    ] {
        let mut opts = Options::default();
        opts.bundle_type = bt;
        let c = common::convert(m, &opts);
        let json = String::from_utf8(common::check_bundle(&c)).unwrap();
        let headers = c
            .bundle
            .entry
            .iter()
            .filter(|e| matches!(e.resource, Some(fhir::Resource::MessageHeader(_))))
            .count();
        if bt == BundleType::Message {
            assert_eq!(headers, 1, "{json}");
            assert!(
                matches!(
                    c.bundle.entry[0].resource,
                    Some(fhir::Resource::MessageHeader(_))
                ),
                "{json}"
            );
        } else {
            assert_eq!(headers, 0, "{json}");
        }
        // The Patient's assigner, the CLINIC Organization, is in the bundle.
        assert!(json.contains(r#""value":"CL-5588","assigner":{"reference":"urn:uuid:"#));
        assert!(json.contains(r#""resourceType":"Organization""#), "{json}");
        assert!(
            c.issues.iter().any(|i| i.kind == IssueKind::UnmappedSegment
                && i.location.segment == "MSH"
                && i.location.position == 2),
            "{:?}",
            c.issues
        );
    }
}
