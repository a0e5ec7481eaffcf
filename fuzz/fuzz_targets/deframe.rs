#![no_main]
//! MLLP deframing with arbitrary chunking.
//!
//! Input layout: `[flags, max, chunk plan (1 + flags >> 4 bytes).., stream..]`. Chunk `i` has
//! `plan[i % len] & 0x3f` bytes (0 pushes an empty chunk; a plan of only
//! zeros means one byte a chunk); bit 7 of the plan byte skips pulling
//! events after that push, bit 6 pulls at most one. Flags bit 0 limits frames to `max` bytes.
//!
//! Checks: nothing panics; the events of a chunked deframer equal `deframe_all` of the whole
//! stream (and, with a small maximum frame size, those of a single push); events tile the
//! stream exactly as documented on `mllp::Event`; after `finish` the deframer is empty; every
//! delivered payload, framed again, deframes to itself.
//!
//! The checks live in `fuzz/checks/` and also replay the corpus in `hl7v2/tests/fuzz_corpus.rs`.

use libfuzzer_sys::fuzz_target;

#[path = "../checks/deframe.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::check(data));
