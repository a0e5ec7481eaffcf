//! Hostile input never panics the JSON and XML readers, in either mode, and whatever parses
//! writes back to JSON (XML) that parses to the same model.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use fhir::json::{self, ParseOptions};
use proptest::prelude::*;

fn check(input: &[u8]) {
    for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
        if let Ok(parsed) = json::from_slice_with(input, &opts) {
            let out = json::to_vec(&parsed.value);
            let again = json::from_slice_with(&out, &ParseOptions::lenient())
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)));
            assert!(
                again.value == parsed.value,
                "input {:?}\nfirst  {}\nsecond {}\nwarnings {:?}",
                String::from_utf8_lossy(input),
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&json::to_vec(&again.value)),
                parsed.warnings
            );
            assert_eq!(json::to_vec(&again.value), out);
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "Patient",
        "Observation",
        "Bundle",
        "Questionnaire",
        "Extension",
    ]
    .iter()
    .filter_map(|n| fhir::Resource::new_of_type(n))
    .map(|mut r| {
        common::Filler::default().fill(r.as_object_mut(), 2);
        json::to_vec(&r)
    })
    .collect();
    v.push(include_bytes!("data/patient.json").to_vec());
    v.push(include_bytes!("data/observation.json").to_vec());
    v.push(include_bytes!("data/bundle.json").to_vec());
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&input);
    }

    #[test]
    fn json_like_text_never_panics(input in "[\\{\\}\\[\\]\",:_a-zA-Z0-9 .\\-\\\\nul]{0,256}") {
        check(input.as_bytes());
        let wrapped = format!("{{\"resourceType\":\"Patient\",{input}}}");
        check(wrapped.as_bytes());
    }

    #[test]
    fn mutated_resources_never_panic(
        seed in 0usize..8,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let seeds = seeds();
        let mut input = seeds[seed % seeds.len()].clone();
        for (at, byte, op) in edits {
            if input.is_empty() {
                break;
            }
            let i = at.index(input.len());
            match op {
                0 => input[i] = byte,
                1 => { input.remove(i); }
                _ => input.insert(i, byte),
            }
        }
        check(&input);
    }

    #[test]
    fn truncated_resources_never_panic(seed in 0usize..8, cut in any::<prop::sample::Index>()) {
        let seeds = seeds();
        let input = &seeds[seed % seeds.len()];
        check(&input[..cut.index(input.len() + 1)]);
    }
}

/// The XML reader: whatever parses (either mode) writes XML that reads back to the same model.
#[cfg(feature = "xml")]
fn check_xml(input: &[u8]) {
    use fhir::xml;
    for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
        if let Ok(parsed) = xml::from_slice_with(input, &opts) {
            let _ = fhir::validate(&parsed.value);
            let Ok(out) = xml::to_vec(&parsed.value) else {
                // Only a narrative lenient parsing kept although it cannot stand alone.
                assert!(opts.mode == json::Mode::Lenient);
                continue;
            };
            let again = xml::from_slice_with(&out, &ParseOptions::lenient())
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)));
            assert!(
                again.value == parsed.value,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }
}

#[cfg(feature = "xml")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn xml_like_text_never_panics(input in "[<>/=\"a-zA-Z0-9 :&#;.\\-!?\\[\\]]{0,256}") {
        check_xml(input.as_bytes());
        let wrapped = format!("<Patient xmlns=\"http://hl7.org/fhir\">{input}</Patient>");
        check_xml(wrapped.as_bytes());
    }

    #[test]
    fn mutated_xml_never_panics(
        seed in 0usize..8,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let seeds: Vec<Vec<u8>> = seeds()
            .iter()
            .filter_map(|j| json::from_slice(j).ok())
            .filter_map(|r| fhir::xml::to_vec(&r).ok())
            .collect();
        let mut input = seeds[seed % seeds.len()].clone();
        for (at, byte, op) in edits {
            if input.is_empty() {
                break;
            }
            let i = at.index(input.len());
            match op {
                0 => input[i] = byte,
                1 => { input.remove(i); }
                _ => input.insert(i, byte),
            }
        }
        check_xml(&input);
    }
}
