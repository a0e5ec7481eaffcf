#![no_main]
//! Parses arbitrary bytes in all four modes (strict/lenient × full/segments-only index) and
//! checks invariants that hold for every input:
//!
//! - nothing panics, at any level of navigation or decoding;
//! - the index depth never changes the outcome: same error, or the same segments, fields,
//!   repetitions, components, subcomponents and warnings;
//! - a strictly parsed message writes back the input byte for byte, and lenient parsing
//!   accepts whatever strict parsing accepts;
//! - every value is its parent split at the right delimiter (atomic MSH-1/MSH-2 excepted),
//!   and the fields put back together give the segment;
//! - `OwnedMessage::from(&msg).write() == msg.write()`;
//! - the written form of any message re-parses (same options) to the same bytes;
//! - `parse_reusing` with reused buffers matches a fresh parse;
//! - every message `Batch::parse_with` splits off is an in-order slice of the input starting
//!   with `MSH`, and parsing it (which may fail on its own) never panics.
//!
//! The checks live in `fuzz/checks/` and also replay the corpus in `hl7v2/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/parse.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
