//! Replays the x12 fuzz corpora (`fuzz/corpus/x12_parse`, `x12_stream`, `x12_validate`)
//! through the fuzz targets' own checks (`fuzz/checks/x12_*.rs`), so every saved input stays
//! a regression test without cargo-fuzz or a nightly toolchain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../fuzz/checks/replay.rs"]
mod replay;
use replay::replay;

mod common;

#[test]
fn x12_parse_corpus() {
    replay("x12_parse", x12_parse::check);
}

#[test]
fn x12_stream_corpus() {
    replay("x12_stream", x12_stream::check);
}

#[test]
fn x12_validate_corpus() {
    replay("x12_validate", x12_validate::check);
}

#[path = "../../fuzz/checks/x12_parse.rs"]
mod x12_parse;

#[path = "../../fuzz/checks/x12_stream.rs"]
mod x12_stream;

#[path = "../../fuzz/checks/x12_validate.rs"]
mod x12_validate;
