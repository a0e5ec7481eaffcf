//! Our JSON output against the official FHIR R4 JSON schema, for every populated resource
//! type and the fixtures, with the checker in `schema_check/` (its documentation lists the
//! schema's source and the four gaps it bridges). The mapping crate's tests use the same
//! checker on their bundles.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod schema_check;

use schema_check::Schema;

#[test]
fn the_schema_covers_exactly_the_r4_resources() {
    let schema = Schema::load();
    let list: Vec<&str> = schema.root["definitions"]["ResourceList"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["$ref"]
                .as_str()
                .unwrap()
                .trim_start_matches("#/definitions/")
        })
        .collect();
    let ours: Vec<&str> = fhir::resource_types().collect();
    let mut sorted = list.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, ours);
}

#[test]
fn every_populated_instance_matches_the_official_schema() {
    let mut schema = Schema::load();
    let mut failures = Vec::new();
    for name in fhir::resource_types() {
        let json = fhir::json::to_vec(&common::populated(name));
        let errs = schema.resource(&json);
        if !errs.is_empty() {
            failures.push(format!("{name}: {}", errs.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixtures_match_the_official_schema() {
    let mut schema = Schema::load();
    for name in ["patient.json", "observation.json", "bundle.json"] {
        let input =
            std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let out = fhir::json::to_vec(&fhir::json::from_slice(&input).unwrap());
        assert_eq!(schema.resource(&out), Vec::<String>::new(), "{name}");
    }
}

/// The checker itself rejects what the schema forbids (so that a pass means something).
#[test]
fn the_checker_rejects_classic_failures() {
    let mut schema = Schema::load();
    for bad in [
        r#"{"resourceType":"Patient","foo":1}"#,
        r#"{"resourceType":"Patient","gender":"M"}"#,
        r#"{"resourceType":"Patient","birthDate":"02/03/1980"}"#,
        r#"{"resourceType":"Patient","deceasedDateTime":"2020-01-01T10:00:00"}"#,
        r#"{"resourceType":"Patient","active":"true"}"#,
        r#"{"resourceType":"Patient","name":{"family":"x"}}"#,
        r#"{"resourceType":"Patient","id":"a b"}"#,
        r#"{"resourceType":"Nope"}"#,
    ] {
        assert!(!schema.resource(bad.as_bytes()).is_empty(), "{bad}");
    }
    assert!(
        schema
            .resource(br#"{"resourceType":"Patient","name":[{"given":["a",null],"_given":[null,{"id":"x"}]}]}"#)
            .is_empty()
    );
}
