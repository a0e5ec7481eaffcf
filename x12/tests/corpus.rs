//! Replays the fixture corpus in `tests/data/`: every `<name>.x12` is parsed in three modes
//! and the result, rendered as text, must equal `<name>.expect` (regenerate deliberately
//! with `X12_BLESS=1 cargo test -p x12 --test corpus`, then review the diff). The
//! incremental stream must find exactly the same, whatever the chunk size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use x12::ParseOptions;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

const MODES: [(&str, ParseOptions); 3] = [
    ("strict", ParseOptions::strict()),
    (
        "strict, envelope reported",
        ParseOptions::strict().report_envelope(),
    ),
    ("lenient", ParseOptions::lenient()),
];

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "x12"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "fixture corpus missing");
    names
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn report(input: &[u8]) -> String {
    let mut out = String::new();
    for (name, opts) in MODES {
        out.push_str(&format!("== {name}\n"));
        out.push_str(&common::render(&common::whole(input, &opts)));
        let segs_only = common::whole(input, &opts.segments_only());
        assert_eq!(
            common::render(&segs_only),
            common::render(&common::whole(input, &opts)),
            "segments-only index finds the same"
        );
        let bitmaps = common::whole(input, &opts.separator_bitmaps());
        assert_eq!(
            common::render(&bitmaps),
            common::render(&common::whole(input, &opts)),
            "separator bitmaps find the same"
        );
    }
    out
}

#[test]
fn corpus_matches_expectations() {
    let bless = std::env::var_os("X12_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, input) in fixtures() {
        let got = report(&input);
        let path = data_dir().join(format!("{name}.expect"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!("--- {name}\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stream_finds_the_same_for_every_chunk_size() {
    for (name, input) in fixtures() {
        for (mode, opts) in MODES {
            for depth in [opts, opts.segments_only(), opts.separator_bitmaps()] {
                let whole = common::whole(&input, &depth);
                for size in [1, 2, 3, 7, 64, 1000, input.len().max(1)] {
                    let streamed = common::streamed_in(&input, size, &depth);
                    assert_eq!(streamed, whole, "{name}, {mode}, chunks of {size}");
                }
            }
        }
    }
}

#[test]
fn strictly_valid_fixtures_round_trip_exactly() {
    for (name, input) in fixtures() {
        if let Ok(ic) = x12::Interchange::parse(&input) {
            assert_eq!(ic.write(), input, "{name}");
            assert_eq!(ic.raw(), &input[..], "{name}");
        }
    }
}
