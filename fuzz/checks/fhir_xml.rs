//! Checks of the `fhir_xml` fuzz target, shared with `fhir/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use fhir::json;
use fhir::xml::{self, ParseOptions};

pub(crate) fn check(data: &[u8]) {
    let strict = xml::from_slice_with(data, &ParseOptions::strict());
    let lenient = xml::from_slice_with(data, &ParseOptions::lenient());
    if let Ok(s) = &strict {
        let l = lenient.as_ref().expect("strict accepted, lenient rejected");
        assert!(
            l.warnings.is_empty(),
            "lenient warned where strict accepted"
        );
        assert!(l.value == s.value, "strict and lenient models differ");
        // What strict parsing accepts writes back to XML that strict parsing reads the same,
        // and to JSON likewise.
        let out = xml::to_vec(&s.value).expect("strictly parsed model does not write");
        let back = xml::from_slice(&out).expect("written XML does not re-parse");
        assert!(back == s.value, "model differs after writing XML");
        let pretty = xml::from_slice(&xml::to_vec_pretty(&s.value).expect("pretty"))
            .expect("pretty XML does not re-parse");
        assert!(pretty == s.value);
        let j = json::to_vec(&s.value);
        let from_json = json::from_slice(&j).expect("written JSON does not re-parse");
        assert!(from_json == s.value, "model differs after JSON");
    }
    if let Ok(l) = &lenient {
        let _ = format!("{:?}", l.value);
        let _ = fhir::validate(&l.value);
        if let Ok(out) = xml::to_vec(&l.value) {
            let back = xml::from_slice_with(&out, &ParseOptions::lenient())
                .expect("written XML does not re-parse leniently");
            assert!(back.value == l.value, "model differs after writing XML");
        }
        let j = json::to_vec(&l.value);
        let back = json::from_slice_with(&j, &json::ParseOptions::lenient())
            .expect("written JSON does not re-parse leniently");
        assert!(back.value == l.value, "model differs after JSON");
    }
}
