#![no_main]
//! Parses arbitrary bytes as FHIR JSON in strict and lenient mode and checks invariants that hold
//! for every input: nothing panics (parsing, validation, `Debug`, writing); lenient parsing
//! accepts whatever strict parsing accepts, the same way and without warnings; a parsed model
//! writes JSON and XML that read back to the same model.
//!
//! The checks live in `fuzz/checks/fhir_json.rs` and also replay the corpus in
//! `fhir/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/fhir_json.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
