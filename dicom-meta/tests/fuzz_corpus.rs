//! Replays the fuzz corpus (`fuzz/corpus/dicom_*/`) through the same checks as the fuzz
//! targets in `fuzz/fuzz_targets/`, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain. The checks are the targets' own, shared as modules
//! from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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
fn dicom_parse_corpus() {
    replay("dicom_parse", dicom_parse::check);
}

#[test]
fn dicom_json_corpus() {
    replay("dicom_json", dicom_json::check);
}

#[test]
fn dicom_write_corpus() {
    replay("dicom_write", dicom_write::check);
}

#[path = "../../fuzz/checks/dicom_parse.rs"]
mod dicom_parse;

#[path = "../../fuzz/checks/dicom_json.rs"]
mod dicom_json;

#[path = "../../fuzz/checks/dicom_write.rs"]
mod dicom_write;
