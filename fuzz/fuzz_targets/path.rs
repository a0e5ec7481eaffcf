#![no_main]
//! Path look-ups on arbitrary messages, and the builder with arbitrary paths and text.
//!
//! Input layout: `[path_len, text_len, path bytes.., text bytes.., message bytes..]` (lengths
//! taken modulo 48; path and text decoded as lossy UTF-8).
//!
//! Checks: nothing panics; `Path` displays to a string that parses back to it;
//! `msg.get(path)` agrees with `Path::parse` + `msg.resolve`, with the other index depth, and
//! with `OwnedMessage::from(&msg).get_raw(path)`; `OwnedMessage::set(path, text)` followed by
//! write and strict parse gives back `text` at `path` (MSH-18 excepted: it picks the charset).
//!
//! The checks live in `fuzz/checks/` and also replay the corpus in `hl7v2/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/path.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
