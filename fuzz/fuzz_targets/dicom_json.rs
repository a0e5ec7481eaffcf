#![no_main]
//! See `fuzz/checks/dicom_json.rs` for what is checked; the same checks replay the corpus in
//! `dicom-meta/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/dicom_json.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
