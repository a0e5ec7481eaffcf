//! Worst-case message shapes for the segment maps that look back or ahead for their segment
//! group: long runs of segments in one group must convert in time linear in the message
//! (a scan over the message per segment made these quadratic). Issues are allowed; the
//! bundles must be valid.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use mapping::v2::Options;

fn message(head: &str, body: impl Iterator<Item = String>) -> Vec<u8> {
    let mut m = head.replace('\n', "\r");
    for s in body {
        m.push_str(&s);
        m.push('\r');
    }
    m.into_bytes()
}

/// Converts `input` and checks the bundle: `fhir::validate` finds no error in it, and the
/// official JSON schema accepts its first entries of each resource type (the schema checker
/// is too slow in debug builds for the whole of these bundles; [`small`] runs every check on
/// a shorter message of the same shape).
fn converts(input: &[u8], min_entries: usize) {
    converts_with(input, &Options::default(), min_entries);
}

/// [`converts`] with options.
fn converts_with(input: &[u8], opts: &Options, min_entries: usize) {
    let c = common::convert(input, opts);
    assert!(
        c.bundle.entry.len() >= min_entries,
        "{} entries",
        c.bundle.entry.len()
    );
    let issues = fhir::validate(&fhir::Resource::from(c.bundle.clone()));
    let errors: Vec<_> = issues.iter().filter(|i| i.is_error()).collect();
    assert!(errors.is_empty(), "fhir::validate errors: {errors:?}");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &c.bundle.entry {
        let r = e.resource.as_ref().expect("entry resource");
        let n = seen.entry(r.resource_type()).or_default();
        *n += 1;
        if *n <= 20 {
            let json = fhir::json::to_vec(r);
            let errs = common::schema_errors(&json);
            assert!(errs.is_empty(), "not schema-valid: {errs:?}");
        }
    }
}

/// Every bundle check of the shared test helper, on a message made by `make(n)`.
fn small(make: fn(usize) -> Vec<u8>, n: usize) {
    let c = common::convert(&make(n), &Options::default());
    common::check_bundle(&c);
}

/// One order group: an ORC, `n` TQ1, the RXO, `n` RXR.
fn pharmacy(n: usize) -> Vec<u8> {
    let head = "MSH|^~\\&|CPOE|HOSP|PHARM|HOSP|20260910101010-0700||OMP^O09^OMP_O09|PH1|P|2.5.1\n\
                PID|1||MRN-77^^^HOSP^MR||OKAFOR^ADA||19700101|F\n\
                ORC|NW|RX-1^CPOE|||||||20260910101000-0700\n";
    let body = (0..n)
        .map(|i| format!("TQ1|{}||BID|||||R", i + 1))
        .chain(std::iter::once(
            "RXO|00071015523^Atorvastatin 10 mg tab^NDC|10||mg^^UCUM".to_owned(),
        ))
        .chain((0..n).map(|_| "RXR|PO^Oral^HL70162".to_owned()));
    message(head, body)
}

/// An ADT with `n` consecutive PRT/ROL/NTE after the PID (each names a practitioner).
fn roles(n: usize) -> Vec<u8> {
    let head = "MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260910101010-0700||ADT^A01^ADT_A01|AD1|P|2.5.1\n\
                EVN|A01|20260910101000-0700\n\
                PID|1||MRN-78^^^HOSP^MR||LINDQVIST^PER||19550303|M\n";
    let body = (0..n).map(|i| match i % 3 {
        0 => format!(
            "PRT|{i}|AD||PP^Primary Care Provider^HL70443|D{}^DOC^ANN",
            i % 50
        ),
        1 => format!(
            "ROL|{i}|AD|PP^Primary Care Provider^HL70443|D{}^DOC^BEN",
            i % 50
        ),
        _ => format!("NTE|{i}||Note {i}"),
    });
    message(head, body)
}

/// An ORU with `n` OBR, each followed by NTEs and an OBX.
fn results(n: usize) -> Vec<u8> {
    let head = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260910101010-0700||ORU^R01^ORU_R01|LB1|P|2.5.1\n\
                PID|1||MRN-79^^^HOSP^MR||NWOSU^CHIDI||19800505|M\n\
                ORC|RE|ORD-1^EHR|FIL-1^LAB\n";
    let body = (0..n).flat_map(|i| {
        [
            format!(
                "OBR|{}|ORD-{i}^EHR|FIL-{i}^LAB|2345-7^Glucose^LN|||20260910090000-0700||||||||||||||||||F",
                i + 1
            ),
            format!("NTE|1||Fasting sample {i}"),
            format!("NTE|2||Second note {i}"),
            format!(
                "OBX|1|NM|2345-7^Glucose^LN||{}|mg/dL^^UCUM|||||F",
                90 + i % 20
            ),
            format!("NTE|1||Result note {i}"),
        ]
    });
    message(head, body)
}

/// One order group with `n` TQ1 and `n` RXO (OMP_O09 has one RXO per group): the timings
/// go to the first RXO's MedicationRequest only, so the bundle stays linear in the message.
fn pharmacy_many_rxo(n: usize) -> Vec<u8> {
    let head = "MSH|^~\\&|CPOE|HOSP|PHARM|HOSP|20260910101010-0700||OMP^O09^OMP_O09|PH2|P|2.5.1\n\
                PID|1||MRN-77^^^HOSP^MR||OKAFOR^ADA||19700101|F\n\
                ORC|NW|RX-2^CPOE|||||||20260910101000-0700\n";
    let body = (0..n)
        .map(|i| format!("TQ1|{}||BID|||||R", i + 1))
        .chain((0..n).map(|i| format!("RXO|{i}^Drug {i}^L|10||mg^^UCUM")));
    message(head, body)
}

/// An ADT with `n` relatives (ROL of table 0063) after the PID, a PV1 with `n` prior
/// temporary locations, and `n` DG1, each with an identifier and the previous one as its
/// parent diagnosis.
fn diagnoses(n: usize) -> Vec<u8> {
    let head = "MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260910101010-0700||ADT^A01^ADT_A01|AD2|P|2.6\n\
                EVN|A01|20260910101000-0700\n\
                PID|1||MRN-80^^^HOSP^MR||ABARA^UCHE||19610101|M\n";
    let rels = (0..n).map(|i| format!("ROL|R{i}|AD|CHD^Child^HL70063|^ABARA^CHILD{i}"));
    let prior: Vec<String> = (0..n).map(|i| format!("W{}^{i}^^HOSP", i % 7)).collect();
    let pv1 = std::iter::once(format!(
        "PV1|1|I|W1^1^1^HOSP||||||||||||||||||||||||||||||||||||||||{}",
        prior.join("~")
    ));
    let dg1 = (0..n).map(|i| {
        format!(
            "DG1|{}||I10^Essential hypertension^I10|||W|||||||||{}|||||DX-{i}^HOSP||DX-{}^HOSP",
            i + 1,
            i + 1,
            i.saturating_sub(1)
        )
    });
    message(head, rels.chain(pv1).chain(dg1))
}

fn episode_options() -> Options {
    let mut o = Options::default();
    o.episodes_of_care = true;
    o.transformation_provenance = true;
    o
}

#[test]
fn adt_with_many_relatives_diagnoses_and_prior_locations() {
    let n = 5_000;
    let c = common::convert(&diagnoses(n), &episode_options());
    let count = |rt: &str| {
        c.bundle
            .entry
            .iter()
            .filter(|e| e.resource.as_ref().is_some_and(|r| r.resource_type() == rt))
            .count()
    };
    assert_eq!(count("RelatedPerson"), n);
    assert_eq!(count("EpisodeOfCare"), 1);
    assert_eq!(count("Basic"), 1);
    assert_eq!(count("Condition"), n);
    converts_with(&diagnoses(n), &episode_options(), 3 * n);
    let small = common::convert(&diagnoses(40), &episode_options());
    common::check_bundle(&small);
}

#[test]
fn pharmacy_group_with_many_orders() {
    let n = 5_000;
    let c = common::convert(&pharmacy_many_rxo(n), &Options::default());
    let repeats: Vec<usize> = c
        .bundle
        .entry
        .iter()
        .filter_map(|e| match e.resource.as_ref() {
            Some(fhir::Resource::MedicationRequest(m)) => Some(
                m.dosage_instruction
                    .iter()
                    .filter_map(|d| d.timing.as_ref())
                    .filter_map(|t| t.repeat.as_ref())
                    .count(),
            ),
            _ => None,
        })
        .collect();
    assert_eq!(repeats.len(), n, "one MedicationRequest per RXO");
    assert!(
        repeats.iter().skip(1).all(|&k| k == 0),
        "timing only on the first"
    );
    converts(&pharmacy_many_rxo(n), n);
    small(pharmacy_many_rxo, 30);
}

#[test]
fn pharmacy_order_with_many_timings_and_routes() {
    converts(&pharmacy(20_000), 3);
    small(pharmacy, 200);
}

#[test]
fn adt_with_long_run_of_roles_and_notes() {
    converts(&roles(20_000), 2);
    small(roles, 300);
}

#[test]
fn results_with_many_requests_and_notes() {
    converts(&results(5_000), 5_000);
    small(results, 100);
}

/// Fuzz find (mapping_v2): a DG1-3 code holding Latin-1 byte 0x85, which decodes to U+0085
/// (NEXT LINE, Unicode whitespace). The code went out unchanged and the strict reader
/// rejected the bundle (a FHIR `code` has single spaces only); it now becomes one space.
#[test]
fn code_with_unicode_whitespace_from_latin1() {
    let mut m =
        b"MSH|^~\\&|EHR|CLINIC|RAD|HOSP|20260910101010-0700||ADT^A08|C1|P|2.5|||||||8859/1\r\
PID|1||RR-3390^^^CLINIC^MR||DOE^JANE\r\
DG1|1|I10|R05"
            .to_vec();
    m.extend_from_slice(&[0x85, 0x85, 0xA0]);
    m.extend_from_slice(b".9^Cough, unspecified^I10\r");
    let c = common::convert(&m, &Options::default());
    let json = common::check_bundle(&c);
    let text = String::from_utf8(json).unwrap();
    assert!(text.contains("\"code\":\"R05 .9\""), "{text}");
}
