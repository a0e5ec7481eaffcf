//! Worst-case message shapes for the de-duplication checks of the mapping: fields with
//! thousands of repetitions and thousands of segments that name the same resource must
//! convert in time linear in the message (a linear `contains` per added item made these
//! quadratic). Each case converts a message of size `n` and `2n` and checks that the larger
//! one does not take much more than twice as long.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use mapping::v2::Options;

fn message(head: &str, body: impl Iterator<Item = String>) -> Vec<u8> {
    let mut m = head.replace('\n', "\r");
    for s in body {
        m.push_str(&s);
        m.push('\r');
    }
    m.into_bytes()
}

const ADT: &str = "MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260910101010-0700||ADT^A01^ADT_A01|AD1|P|2.5.1\n\
                   EVN|A01|20260910101000-0700\n";
const PID: &str = "PID|1||MRN-78^^^HOSP^MR||LINDQVIST^PER||19550303|M\n";
const ORU: &str = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260910101010-0700||ORU^R01^ORU_R01|LB1|P|2.5.1\n\
                   PID|1||MRN-79^^^HOSP^MR||NWOSU^CHIDI||19800505|M\n\
                   OBR|1|ORD-1^EHR|FIL-1^LAB|2345-7^Glucose^LN|||20260910090000-0700||||||||||||||||||F\n";

fn reps(n: usize, one: impl Fn(usize) -> String) -> String {
    (0..n).map(one).collect::<Vec<_>>().join("~")
}

fn pid_identifiers(n: usize) -> Vec<u8> {
    let ids = reps(n, |i| format!("ID-{i}^^^HOSP^MR"));
    message(
        ADT,
        std::iter::once(format!("PID|1||{ids}||DOE^JANE||19700101|F")),
    )
}

fn pid_telecoms(n: usize) -> Vec<u8> {
    let tel = reps(n, |i| format!("^PRN^PH^^1^555^{:07}", i));
    message(
        ADT,
        std::iter::once(format!(
            "PID|1||MRN-1^^^HOSP^MR||DOE^JANE||19700101|F|||||{tel}"
        )),
    )
}

fn pid_names(n: usize) -> Vec<u8> {
    let names = reps(n, |i| format!("DOE{i}^JANE"));
    message(
        ADT,
        std::iter::once(format!("PID|1||MRN-1^^^HOSP^MR||{names}||19700101|F")),
    )
}

fn obx_values(n: usize) -> Vec<u8> {
    let vals = reps(n, |i| format!("C{i}^Finding {i}^L"));
    message(
        ORU,
        std::iter::once(format!("OBX|1|CWE|1234-5^Finding^LN||{vals}||||||F")),
    )
}

fn nk1_same_org(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "NK1|{}|KIN{i}^ANNA|EMC^Emergency contact^HL70131||||||||||ACME HOSPITAL|||||||||||||||||CP{i}^BOB",
            i + 1
        )
    });
    message(&format!("{ADT}{PID}"), body)
}

fn rol_same_practitioner(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "ROL|{i}|AD|PP^Primary Care Provider^HL70443|D1^DOC^ANN|||||||{i} MAIN ST^^SPRINGFIELD^IL^62701^^O|^WPN^PH^^1^555^{:07}",
            i
        )
    });
    message(&format!("{ADT}{PID}"), body)
}

fn prt_same_practitioner(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "PRT|{i}|AD||PP^Primary Care Provider^HL70443|D1^DOC^ANN||||||||||^WPN^PH^^1^555^{:07}",
            i
        )
    });
    message(&format!("{ADT}{PID}"), body)
}

fn obx_producers(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "OBX|{}|NM|2345-7^Glucose^LN||90|mg/dL^^UCUM|||||F||||LAB{i}^Lab {i}^L||||||||Lab Org^^^^^HOSP^XX^^^L1",
            i + 1
        )
    });
    message(ORU, body)
}

/// One timing at a time: the test threads would otherwise slow each other unevenly.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Fastest of three conversions of `input`.
fn time(input: &[u8]) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let c = common::convert(input, &Options::default());
            assert!(!c.bundle.entry.is_empty());
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Converting `make(2n)` takes less than 3.2 times as long as `make(n)` (quadratic work
/// makes it four).
fn linear(name: &str, make: fn(usize) -> Vec<u8>, n: usize) {
    let _one = one_at_a_time();
    let (small, large) = (make(n), make(2 * n));
    // A quadratic path gives a ratio near 4 on every attempt, a linear one near 2; on a
    // loaded machine a single attempt may be disturbed, so three attempts are allowed.
    let mut seen = Vec::new();
    for _ in 0..3 {
        let a = time(&small);
        let b = time(&large);
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
        eprintln!("{name}: n={n} {a:?}, 2n {b:?}, ratio {ratio:.2}");
        if ratio < 3.2 {
            return;
        }
        seen.push((a, b));
    }
    panic!("{name}: (n={n}, 2n) timings {seen:?}");
}

/// One PID with many PID-3 identifiers.
#[test]
fn linear_pid_identifiers() {
    linear("pid_identifiers", pid_identifiers, 10000);
}

/// One PID with many PID-13 telecoms.
#[test]
fn linear_pid_telecoms() {
    linear("pid_telecoms", pid_telecoms, 10000);
}

/// One PID with many PID-5 names.
#[test]
fn linear_pid_names() {
    linear("pid_names", pid_names, 10000);
}

/// One OBX with many OBX-5 values.
#[test]
fn linear_obx_values() {
    linear("obx_values", obx_values, 10000);
}

/// Many NK1 whose NK1-13 names the same Organization (each adds a contact).
#[test]
fn linear_nk1_same_org() {
    linear("nk1_same_org", nk1_same_org, 5000);
}

/// Many ROL naming the same practitioner, each with its own address and telecom.
#[test]
fn linear_rol_same_practitioner() {
    linear("rol_same_practitioner", rol_same_practitioner, 5000);
}

/// Many PRT naming the same practitioner, each with its own telecom.
#[test]
fn linear_prt_same_practitioner() {
    linear("prt_same_practitioner", prt_same_practitioner, 5000);
}

/// Many OBX whose OBX-23 names the same Organization (OBX-15 adds identifiers to it).
#[test]
fn linear_obx_producers() {
    linear("obx_producers", obx_producers, 5000);
}

/// The shapes above reach the lists they are about: the shared resource gathers one item
/// per segment (and equal items once).
#[test]
fn shapes_fill_the_shared_lists() {
    let n = 30;
    let c = common::convert(&nk1_same_org(n), &Options::default());
    let contacts: Vec<usize> = c
        .bundle
        .entry
        .iter()
        .filter_map(|e| match e.resource.as_ref() {
            Some(fhir::Resource::Organization(o)) => Some(o.contact.len()),
            _ => None,
        })
        .collect();
    assert!(contacts.contains(&n), "{contacts:?}");
    let c = common::convert(&obx_producers(n), &Options::default());
    let ids: Vec<usize> = c
        .bundle
        .entry
        .iter()
        .filter_map(|e| match e.resource.as_ref() {
            Some(fhir::Resource::Organization(o)) => Some(o.identifier.len()),
            _ => None,
        })
        .collect();
    assert!(ids.contains(&(n + 1)), "{ids:?}");
    for (make, addresses, telecoms) in [
        (rol_same_practitioner as fn(usize) -> Vec<u8>, n, 0),
        (prt_same_practitioner, 0, n),
    ] {
        // Each segment twice: the second adds nothing.
        let mut m = make(n);
        let tail = make(n)
            .split(|&b| b == b'\r')
            .skip(3)
            .flat_map(|s| s.iter().copied().chain([b'\r']))
            .collect::<Vec<u8>>();
        m.extend_from_slice(&tail);
        let c = common::convert(&m, &Options::default());
        let p: Vec<(usize, usize)> = c
            .bundle
            .entry
            .iter()
            .filter_map(|e| match e.resource.as_ref() {
                Some(fhir::Resource::Practitioner(p)) => Some((p.address.len(), p.telecom.len())),
                _ => None,
            })
            .collect();
        assert_eq!(p, [(addresses, telecoms)]);
    }
}

/// A PID with `n` valued fields no map reads (each reported), for a message indexed by
/// segment only (fields are then found by scanning the segment).
fn pid_extra_fields(n: usize) -> Vec<u8> {
    let extra = vec!["x"; n].join("|");
    message(
        ADT,
        std::iter::once(format!(
            "PID|1||MRN-1^^^HOSP^MR||DOE^JANE||19700101|F|{extra}"
        )),
    )
}

/// Fastest of three conversions of `input` parsed with the segments-only index.
fn time_segments_only(input: &[u8]) -> Duration {
    let opts = hl7v2::ParseOptions::strict().segments_only();
    let msg = hl7v2::Message::parse_with(input, &opts).unwrap();
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let c = mapping::v2::to_fhir(&msg, &Options::default()).unwrap();
            assert!(!c.bundle.entry.is_empty());
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Many unmapped fields, segments-only index: linear.
#[test]
fn linear_pid_extra_fields_segments_only() {
    let _one = one_at_a_time();
    // Each extra field the PID map does not read (all but 15 of fields 9..=308) is
    // reported, with either index.
    let m = pid_extra_fields(300);
    for opts in [
        hl7v2::ParseOptions::strict(),
        hl7v2::ParseOptions::strict().segments_only(),
    ] {
        let msg = hl7v2::Message::parse_with(&m, &opts).unwrap();
        let c = mapping::v2::to_fhir(&msg, &Options::default()).unwrap();
        let extra: Vec<_> = c
            .issues
            .iter()
            .filter(|i| i.location.segment == "PID" && i.location.field > Some(8))
            .map(|i| i.location.field)
            .collect();
        assert_eq!(extra.len(), 285);
        assert_eq!(extra.last(), Some(&Some(308)));
    }
    let n = 30_000;
    let (small, large) = (pid_extra_fields(n), pid_extra_fields(2 * n));
    let mut seen = Vec::new();
    // Three attempts, as in `linear`.
    for _ in 0..3 {
        let a = time_segments_only(&small);
        let b = time_segments_only(&large);
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
        eprintln!("pid_extra_fields (segments only): n={n} {a:?}, 2n {b:?}, ratio {ratio:.2}");
        if ratio < 3.2 {
            return;
        }
        seen.push((a, b));
    }
    panic!("pid_extra_fields (segments only): (n={n}, 2n) timings {seen:?}");
}

/// Many OBX of type NA (numeric arrays), each with issues of its own (an invalid number and
/// 20 fields no map reads).
fn obx_arrays(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "OBX|{}|NA|8867-4^Heart rate^LN||{i}^70^72^abc|/min^^UCUM|||||F||||||||||||||||||||{}",
            i + 1,
            vec!["x"; 20].join("|")
        )
    });
    message(ORU, body)
}

/// Many OBX of type NA.
#[test]
fn linear_obx_arrays() {
    linear("obx_arrays", obx_arrays, 5_000);
}

/// Many ROL of care-team roles after the PID: one CareTeam gathers a telecom from each.
fn rol_care_team(n: usize) -> Vec<u8> {
    let body = (0..n).map(|i| {
        format!(
            "ROL|{i}|AD|CP^Consulting Provider^HL70443|D{i}^DOC^ANN||||||||^WPN^PH^^1^555^{:07}",
            i
        )
    });
    message(&format!("{ADT}{PID}"), body)
}

/// Many care-team ROL.
#[test]
fn linear_rol_care_team() {
    let c = common::convert(&rol_care_team(30), &Options::default());
    let telecoms: Vec<usize> = c
        .bundle
        .entry
        .iter()
        .filter_map(|e| match e.resource.as_ref() {
            Some(fhir::Resource::CareTeam(t)) => Some(t.telecom.len()),
            _ => None,
        })
        .collect();
    assert_eq!(telecoms, [30]);
    linear("rol_care_team", rol_care_team, 5_000);
}
