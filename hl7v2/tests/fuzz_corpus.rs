//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) through the same checks as the fuzz
//! targets in `fuzz/fuzz_targets/`, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain.
//!
//! The checks are the fuzz targets' own, shared as modules from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

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
