//! The two peer libraries behind plain (non-generic) functions.
//!
//! Everything generic of the peers (serde's derived code for every R4 type, instantiated for
//! `serde_json`; fhirbolt's readers and writers) is compiled here, once. The bench binary
//! depends on this library and on our `fhir` crate, so a change to our crate rebuilds only our
//! crate and the small bench binary, not the peers' monomorphised code (which took most of the
//! half hour a rebuild used to take).

#![allow(missing_docs)]

pub use fhir_rs::r4::resources::Resource as RsResource;
pub use fhirbolt::model::r4::Resource as BoltResource;

/// crates.io `fhir`: JSON bytes to its model, through `serde_json::from_slice` (its only reader).
pub fn rs_json_parse(input: &[u8]) -> Result<RsResource, String> {
    serde_json::from_slice(input).map_err(|e| e.to_string())
}

/// crates.io `fhir`: its model to compact JSON.
pub fn rs_json_write(r: &RsResource) -> Vec<u8> {
    serde_json::to_vec(r).unwrap_or_default()
}

/// crates.io `fhir`: the number of entries when the resource is a Bundle.
pub fn rs_entries(r: &RsResource) -> usize {
    match r {
        RsResource::Bundle(b) => b.entry.len(),
        _ => 0,
    }
}

/// fhirbolt: JSON bytes to its model (strict, its default).
pub fn bolt_json_parse(input: &[u8]) -> Result<BoltResource, String> {
    fhirbolt::json::from_slice(input, None).map_err(|e| e.to_string())
}

/// fhirbolt: its model to compact JSON.
pub fn bolt_json_write(r: &BoltResource) -> Vec<u8> {
    fhirbolt::json::to_vec(r, None).unwrap_or_default()
}

/// fhirbolt: XML bytes to its model (strict).
pub fn bolt_xml_parse(input: &[u8]) -> Result<BoltResource, String> {
    fhirbolt::xml::from_slice(input, None).map_err(|e| e.to_string())
}

/// fhirbolt: its model to XML.
pub fn bolt_xml_write(r: &BoltResource) -> Vec<u8> {
    fhirbolt::xml::to_vec(r, None).unwrap_or_default()
}

/// fhirbolt: the number of entries when the resource is a Bundle.
pub fn bolt_entries(r: &BoltResource) -> usize {
    match r {
        BoltResource::Bundle(b) => b.entry.len(),
        _ => 0,
    }
}
