//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) through the same checks as the fuzz
//! targets in `fuzz/fuzz_targets/`, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain.
//!
//! The checks are the fuzz targets' own, shared as modules from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../fuzz/checks/replay.rs"]
mod replay;
use replay::replay;

#[test]
fn parse_corpus() {
    replay("parse", parse::check);
}

#[test]
fn path_corpus() {
    replay("path", path::check);
}

#[test]
fn unescape_corpus() {
    replay("unescape", unescape::check);
}

#[test]
fn deframe_corpus() {
    replay("deframe", deframe::check);
}

#[path = "../../fuzz/checks/parse.rs"]
mod parse;

#[path = "../../fuzz/checks/path.rs"]
mod path;

#[path = "../../fuzz/checks/unescape.rs"]
mod unescape;

#[path = "../../fuzz/checks/deframe.rs"]
mod deframe;
