#![no_main]
//! See `fuzz/checks/dicom_write.rs` for what is checked; the same checks replay the corpus in
//! `dicom-meta/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/dicom_write.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
