//! Checks of the `fhir_json` fuzz target, shared with `fhir/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use fhir::json::{self, ParseOptions};
use fhir::{Resource, xml};

pub(crate) fn check(data: &[u8]) {
    let strict = json::from_slice_with(data, &ParseOptions::strict());
    let lenient = json::from_slice_with(data, &ParseOptions::lenient());
    if let Ok(s) = &strict {
        // Lenient parsing accepts whatever strict parsing accepts, the same way.
        let l = lenient.as_ref().expect("strict accepted, lenient rejected");
        assert!(s.warnings.is_empty());
        assert!(
            l.warnings.is_empty(),
            "lenient warned where strict accepted"
        );
        assert!(l.value == s.value, "strict and lenient models differ");
        // What strict parsing accepts writes back to JSON that strict parsing reads the same.
        let out = json::to_vec(&s.value);
        let back = json::from_slice(&out).expect("written JSON does not re-parse");
        assert!(back == s.value, "model differs after writing JSON");
        assert_eq!(json::to_vec(&back), out);
        let pretty = json::from_slice(&json::to_vec_pretty(&s.value)).expect("pretty JSON");
        assert!(pretty == s.value);
    }
    if let Ok(l) = &lenient {
        let _ = format!("{:?}", l.value);
        let _ = fhir::validate(&l.value);
        // Lenient models write JSON that lenient parsing reads the same.
        let out = json::to_vec(&l.value);
        let back = json::from_slice_with(&out, &ParseOptions::lenient())
            .expect("written JSON does not re-parse leniently");
        assert!(back.value == l.value, "model differs after writing JSON");
        through_xml(&l.value);
    }
}

/// JSON → XML → JSON: the XML writer fails only on a narrative it cannot carry; otherwise the
/// XML reads back leniently and writes the same XML again.
fn through_xml(r: &Resource) {
    let Ok(x) = xml::to_vec(r) else { return };
    let back = xml::from_slice_with(&x, &xml::ParseOptions::lenient())
        .expect("written XML does not re-parse");
    let again = xml::to_vec(&back.value).expect("re-parsed XML does not write");
    assert_eq!(again, x, "XML not stable");
    if back.value != *r {
        // Only a narrative without its namespace declaration changes (the writer adds it).
        let issues = fhir::validate(r);
        assert!(
            issues
                .iter()
                .any(|i| i.kind
                    == fhir::validate::IssueKind::InvalidValue(fhir::PrimitiveType::Xhtml)),
            "model differs after XML"
        );
    }
}
