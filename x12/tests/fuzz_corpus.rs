//! Replays the x12 fuzz corpora (`fuzz/corpus/x12_parse`, `x12_stream`, `x12_validate`)
//! through the fuzz targets' own checks (`fuzz/checks/x12_*.rs`), so every saved input stays
//! a regression test without cargo-fuzz or a nightly toolchain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

mod common;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    let mut failed = Vec::new();
    for file in &files {
        let data = match std::fs::read(file) {
            Ok(d) => d,
            // A fuzzer running in the same checkout may replace files while we read.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("{}: {e}", file.display()),
        };
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs failed: {failed:#?}",
        failed.len(),
        files.len()
    );
}

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
