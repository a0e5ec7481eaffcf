#![no_main]
//! See `fuzz/checks/x12_parse.rs` for what is checked; the same checks replay the corpus in
//! `x12/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../../x12/tests/common/mod.rs"]
mod common;

#[path = "../checks/x12_parse.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
