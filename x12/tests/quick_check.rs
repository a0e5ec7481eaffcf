//! The quick clean-segment check of validation (the generated per-segment plans) must never
//! clear a segment the full element check finds something in. Debug builds assert this for
//! every segment cleared (see `validate::segment_is_clean`); this test puts every element of
//! every segment of the example files through edits aimed at what the plans decide (empty,
//! too long, wrong type, extra components, repetitions, bad codes and dates) and validates
//! each edited file, so the assertion sees them all. Findings must also come out the same
//! for the unedited files as the committed `.expect` goldens say (checked by `corpus.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use x12::validate::validate;
use x12::{Interchange, ParseOptions};

const FILES: [&[u8]; 8] = [
    include_bytes!("../../examples/data/x12/837p_multi.x12"),
    include_bytes!("../../examples/data/x12/837i_outpatient.x12"),
    include_bytes!("../../examples/data/x12/837d_multi.x12"),
    include_bytes!("../../examples/data/x12/835_multi.x12"),
    include_bytes!("../../examples/data/x12/834_multi.x12"),
    include_bytes!("../../examples/data/x12/270_271.x12"),
    include_bytes!("../../examples/data/x12/278_request.x12"),
    include_bytes!("../../examples/data/x12/277ca.x12"),
];

const EDITS: [&str; 14] = [
    "",
    "X",
    "0",
    "-1",
    "1.2.3",
    "20261301",
    "2461",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
    ":",
    ":A:B:C:D:E:F:G:H:I:J:K",
    "^A",
    "A\u{1}B",
    "D8",
    "RD8",
];

#[test]
fn edited_elements_validate_alike() {
    let mut runs = 0usize;
    for file in FILES {
        let text = std::str::from_utf8(file).unwrap();
        let segs: Vec<&str> = text.split('~').collect();
        let first = segs
            .iter()
            .position(|s| s.trim_start().starts_with("ST*"))
            .unwrap()
            + 1;
        let last = segs
            .iter()
            .rposition(|s| s.trim_start().starts_with("SE*"))
            .unwrap();
        for k in first..last {
            let elements: Vec<&str> = segs[k].split('*').collect();
            for e in 1..elements.len().min(12) {
                for edit in EDITS {
                    let mut els: Vec<String> = elements.iter().map(|s| s.to_string()).collect();
                    els[e] = if edit.starts_with([':', '^']) {
                        format!("{}{edit}", els[e])
                    } else {
                        edit.to_string()
                    };
                    let mut edited: Vec<String> = segs.iter().map(|s| s.to_string()).collect();
                    edited[k] = els.join("*");
                    let input = edited.join("~");
                    let Ok(ic) =
                        Interchange::parse_with(input.as_bytes(), &ParseOptions::lenient())
                    else {
                        continue;
                    };
                    let _ = validate(&ic);
                    runs += 1;
                }
            }
        }
    }
    assert!(runs > 5000, "{runs}");
}
