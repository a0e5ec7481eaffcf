//! Golden tests: every `tests/data/*.hl7` message converts to the bundle in
//! `tests/golden/NAME.json` and the issues in `tests/golden/NAME.issues`. `UPDATE_GOLDEN=1`
//! rewrites the expectations (review the diff by hand against the IG tables).
//!
//! Every golden bundle is also checked against the official FHIR R4 JSON schema, with the
//! `fhir` crate's test checker (`fhir/tests/schema_check/`, run by `common::check_bundle`).
//!
//! A message's options come from its file name: `*_tz.hl7` converts with
//! a default offset of -05:00, `*_msg.hl7` to a message bundle, `*_col.hl7` to a collection,
//! `*_prov.hl7` with the transformation Provenance, `*_eoc.hl7` in an episode of care.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use mapping::v2::{BundleType, Options, UtcOffset};

fn options_for(name: &str) -> Options {
    let mut o = Options::default();
    if name.contains("_tz") {
        o.default_offset = UtcOffset::parse("-05:00");
    }
    if name.contains("_msg") {
        o.bundle_type = BundleType::Message;
    }
    if name.contains("_col") {
        o.bundle_type = BundleType::Collection;
    }
    if name.contains("_prov") {
        o.transformation_provenance = true;
    }
    if name.contains("_eoc") {
        o.episodes_of_care = true;
    }
    o
}

#[test]
fn golden() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut names: Vec<_> = fs::read_dir(dir.join("data"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "hl7").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    assert!(names.len() >= 15, "fixtures missing");
    let mut failures = Vec::new();
    for name in &names {
        let input = fs::read(dir.join("data").join(format!("{name}.hl7"))).unwrap();
        let c = common::convert(&input, &options_for(name));
        common::check_bundle(&c);
        let json = fhir::json::to_vec_pretty(&c.bundle);
        let mut issues: String = c.issues.iter().map(|i| format!("{i}\n")).collect();
        issues.insert_str(0, &format!("structure {}\n", c.structure));
        let jp = dir.join("golden").join(format!("{name}.json"));
        let ip = dir.join("golden").join(format!("{name}.issues"));
        if update {
            fs::write(&jp, &json).unwrap();
            fs::write(&ip, &issues).unwrap();
            continue;
        }
        let want_json = fs::read(&jp).unwrap_or_default();
        let want_issues = fs::read_to_string(&ip).unwrap_or_default();
        if want_json != json || want_issues != issues {
            failures.push(name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatch (UPDATE_GOLDEN=1 to accept): {failures:?}"
    );
}

/// The sample corpus of the repository (examples/data) converts without panics into valid
/// bundles, whatever the message type.
#[test]
fn sample_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data");
    let Ok(rd) = fs::read_dir(&dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "hl7") {
            continue;
        }
        let input = fs::read(&p).unwrap();
        let Ok(msg) = hl7v2::Message::parse_with(&input, &hl7v2::ParseOptions::lenient()) else {
            continue;
        };
        if let Ok(c) = mapping::v2::to_fhir(&msg, &Options::default()) {
            common::check_bundle(&c);
        }
    }
}
