//! Replays the FHIR fuzz corpora (`fuzz/corpus/fhir_json/`, `fuzz/corpus/fhir_xml/`) through
//! the same checks as the fuzz targets in `fuzz/fuzz_targets/`, so every saved input stays a
//! regression test without cargo-fuzz or a nightly toolchain. The checks are the fuzz targets'
//! own, shared as modules from `fuzz/checks/`.

#![cfg(feature = "xml")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

#[path = "../../fuzz/checks/replay.rs"]
mod replay;
use replay::replay;

fn corpus(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target)
}

#[test]
fn fhir_json_corpus() {
    replay("fhir_json", fhir_json::check);
}

#[test]
fn fhir_xml_corpus() {
    replay("fhir_xml", fhir_xml::check);
}

/// Writes the XML form of every JSON seed that converts (`seed-<name>.xml`) into the XML
/// corpus.
#[test]
#[ignore = "writes files; run with --ignored to regenerate the XML seeds"]
fn write_xml_seeds() {
    let from = corpus("fhir_json");
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix("seed-")
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let Ok(r) = fhir::json::from_slice(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let out = fhir::xml::to_vec_pretty(&r).unwrap();
        std::fs::write(corpus("fhir_xml").join(format!("seed-{stem}.xml")), out).unwrap();
    }
}

#[path = "../../fuzz/checks/fhir_json.rs"]
mod fhir_json;

#[path = "../../fuzz/checks/fhir_xml.rs"]
mod fhir_xml;
