//! Shared checks for the mapping tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use mapping::v2::{Conversion, Options};

#[path = "../../../fhir/tests/schema_check/mod.rs"]
mod schema_check;

thread_local! {
    /// The official FHIR R4 JSON schema, loaded once per test thread.
    static SCHEMA: std::cell::RefCell<schema_check::Schema> =
        std::cell::RefCell::new(schema_check::Schema::load());
}

/// Converts `input` (strict parse, or lenient when strict fails) with `opts`.
pub fn convert(input: &[u8], opts: &Options) -> Conversion {
    let msg = hl7v2::Message::parse(input)
        .or_else(|_| hl7v2::Message::parse_with(input, &hl7v2::ParseOptions::lenient()))
        .expect("test message parses");
    mapping::v2::to_fhir(&msg, opts).expect("converts")
}

/// Every check a produced bundle must pass: the official FHIR R4 JSON schema accepts it
/// (the fhir crate's test checker), the fhir crate's strict reader accepts its JSON and reads
/// back the same bundle, every `urn:uuid:` reference resolves to an entry, full
/// URLs are unique, and ids are UUIDs.
pub fn check_bundle(c: &Conversion) -> Vec<u8> {
    let json = fhir::json::to_vec(&c.bundle);
    let errs = SCHEMA.with(|s| s.borrow_mut().resource(&json));
    assert!(
        errs.is_empty(),
        "not schema-valid: {errs:?}\n{}",
        String::from_utf8_lossy(&json)
    );
    let back: fhir::Bundle = fhir::json::from_slice_as(&json, &fhir::json::ParseOptions::strict())
        .unwrap_or_else(|e| {
            panic!(
                "strict reader rejects the bundle: {e}\n{}",
                String::from_utf8_lossy(&json)
            )
        })
        .value;
    assert_eq!(back, c.bundle, "strict round trip changes the bundle");
    let issues = fhir::validate(&fhir::Resource::from(c.bundle.clone()));
    let errors: Vec<_> = issues.iter().filter(|i| i.is_error()).collect();
    assert!(errors.is_empty(), "fhir::validate errors: {errors:?}");
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut urls = BTreeSet::new();
    for e in v["entry"].as_array().into_iter().flatten() {
        let url = e["fullUrl"].as_str().expect("fullUrl");
        assert!(url.starts_with("urn:uuid:") && url.len() == 45, "{url}");
        assert_eq!(
            &url[9..],
            e["resource"]["id"].as_str().unwrap(),
            "fullUrl matches id"
        );
        assert!(urls.insert(url.to_owned()), "duplicate fullUrl {url}");
    }
    let mut refs = Vec::new();
    collect_refs(&v, &mut refs);
    for r in refs {
        if r.starts_with("urn:uuid:") {
            assert!(urls.contains(&r), "dangling reference {r}");
        }
    }
    json
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "reference"
                    && let Some(s) = x.as_str()
                {
                    out.push(s.to_owned());
                }
                collect_refs(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// The official FHIR R4 JSON schema's problems with one resource's JSON.
pub fn schema_errors(json: &[u8]) -> Vec<String> {
    SCHEMA.with(|s| s.borrow_mut().resource(json))
}
