//! Replays the fuzz corpus (`fuzz/corpus/dicom_*/`) through the same checks as the fuzz
//! targets in `fuzz/fuzz_targets/`, so every saved input stays a regression test without
//! cargo-fuzz or a nightly toolchain. The checks are the targets' own, shared as modules
//! from `fuzz/checks/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../fuzz/checks/replay.rs"]
mod replay;
use replay::replay;

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
