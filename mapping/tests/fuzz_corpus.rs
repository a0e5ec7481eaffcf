//! Replays the fuzz corpus (`fuzz/corpus/mapping_v2/`) through the same checks as the
//! `mapping_v2` fuzz target, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain. The checks are shared from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

#[path = "../../fuzz/checks/mapping_v2.rs"]
mod mapping_v2;

#[test]
fn mapping_v2_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/mapping_v2");
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
        if catch_unwind(AssertUnwindSafe(|| mapping_v2::check(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} mapping_v2 inputs failed: {failed:#?}",
        failed.len(),
        files.len()
    );
}
