//! The FHIR R4 documents of the `fhir` benchmarks (`benches/data/fhir/`).
//!
//! Fictional data written for these benchmarks by `benches/data/fhir/gen.py`, then rewritten
//! in the `fhir` crate's canonical compact JSON, and turned into XML with the same crate, by
//! the `fhir_fixtures` example (see `benches/data/fhir/README.md`). Each file ends in one
//! newline after the document. The tests of this module check that every document parses
//! strictly, validates without errors, is canonical, and that its XML form carries the same
//! model; the `fhir-peers` bench crate checks that the peer libraries accept them too.

/// One benchmark document, in both encodings.
#[derive(Debug, Clone, Copy)]
pub struct FhirDoc {
    /// Name used in benchmark ids, e.g. `transaction_100`.
    pub name: &'static str,
    /// File stem under `benches/data/fhir/`, e.g. `transaction-100`.
    pub file: &'static str,
    /// The FHIR JSON bytes.
    pub json: &'static [u8],
    /// The FHIR XML bytes (the same model as [`FhirDoc::json`]).
    pub xml: &'static [u8],
    /// The resource type of the document.
    pub resource_type: &'static str,
    /// Number of `Bundle.entry` elements (0 for a resource that is not a Bundle).
    pub entries: usize,
}

/// A rich Patient, about 5 KB of JSON.
pub const PATIENT: FhirDoc = FhirDoc {
    name: "patient",
    file: "patient",
    json: include_bytes!("../data/fhir/patient.json"),
    xml: include_bytes!("../data/fhir/patient.xml"),
    resource_type: "Patient",
    entries: 0,
};

/// A transaction Bundle of 100 entries (Patient, Encounter, Observation, Condition), about
/// 100 KB of JSON.
pub const TRANSACTION_100: FhirDoc = FhirDoc {
    name: "transaction_100",
    file: "transaction-100",
    json: include_bytes!("../data/fhir/transaction-100.json"),
    xml: include_bytes!("../data/fhir/transaction-100.xml"),
    resource_type: "Bundle",
    entries: 100,
};

/// A searchset Bundle of Observations and the Patients they refer to, about 1 MiB of JSON.
pub const SEARCHSET_1MB: FhirDoc = FhirDoc {
    name: "searchset_1mb",
    file: "searchset-1mb",
    json: include_bytes!("../data/fhir/searchset-1mb.json"),
    xml: include_bytes!("../data/fhir/searchset-1mb.xml"),
    resource_type: "Bundle",
    entries: SEARCHSET_ENTRIES,
};

/// Number of entries of [`SEARCHSET_1MB`].
const SEARCHSET_ENTRIES: usize = 980;

/// Every benchmark document, smallest first.
#[must_use]
pub fn all() -> [FhirDoc; 3] {
    [PATIENT, TRANSACTION_100, SEARCHSET_1MB]
}

/// Number of `Bundle.entry` elements of a parsed document (0 when it is not a Bundle).
#[must_use]
pub fn entry_count(resource: &fhir::Resource) -> usize {
    match resource {
        fhir::Resource::Bundle(bundle) => bundle.entry.len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn documents_parse_strictly_and_validate() {
        for doc in all() {
            let resource = fhir::json::from_slice(doc.json).unwrap();
            assert_eq!(resource.resource_type(), doc.resource_type, "{}", doc.name);
            assert_eq!(entry_count(&resource), doc.entries, "{}", doc.name);
            let errors: Vec<_> = fhir::validate(&resource)
                .into_iter()
                .filter(|i| i.is_error())
                .map(|i| i.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", doc.name);
        }
    }

    #[test]
    fn json_is_canonical_and_xml_carries_the_same_model() {
        for doc in all() {
            let resource = fhir::json::from_slice(doc.json).unwrap();
            let body = doc.json.strip_suffix(b"\n").expect("ends in a newline");
            assert!(fhir::json::to_vec(&resource) == body, "{}: JSON", doc.name);
            let xml = fhir::xml::to_vec(&resource).unwrap();
            let body = doc.xml.strip_suffix(b"\n").expect("ends in a newline");
            assert!(xml == body, "{}: XML is not the JSON's", doc.name);
            assert!(
                fhir::xml::from_slice(doc.xml).unwrap() == resource,
                "{}",
                doc.name
            );
        }
    }
}
