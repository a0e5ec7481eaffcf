#![no_main]
//! Escape decoding and encoding.
//!
//! Input layout: `[flags, field, component, repetition, escape, subcomponent, truncation,
//! value..]`. Flags bit 0 selects the default delimiters; bits 1-5 drop repetition, escape,
//! subcomponent, truncation (an arbitrary, possibly nonsensical `Delimiters` value); bits 6-7
//! choose how many encoding characters (2-5) the header-validated delimiters get.
//!
//! Checks, for the default, the arbitrary and a header-validated set of delimiters, strict
//! and lenient, both formatting modes: nothing panics; lenient decoding never fails; when
//! strict decoding succeeds, lenient gives the same bytes; values without the escape
//! character come back borrowed and unchanged; `Keep` never makes a value longer.
//! For header-validated delimiters (those a real MSH-1/MSH-2 can declare):
//! `unescape(escape(x)) == x` in every mode, and the escaped form holds no separator, escape,
//! truncation, CR or LF byte.
//!
//! The checks live in `fuzz/checks/` and also replay the corpus in `hl7v2/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/unescape.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
