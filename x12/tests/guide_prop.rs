//! Property tests for the guide layer: whatever the transaction set holds (segments
//! shuffled, dropped, duplicated, bytes edited), building loop trees, validating and
//! acknowledging never panics, every finding points inside the set, and the acknowledgments
//! always parse back strictly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use x12::ack::{AckOptions, ack_997, ack_999, ta1_segment};
use x12::validate::validate;
use x12::{Interchange, ParseOptions};

const FIXTURES: [&[u8]; 7] = [
    include_bytes!("../../examples/data/x12/837p_multi.x12"),
    include_bytes!("../../examples/data/x12/837d_multi.x12"),
    include_bytes!("../../examples/data/x12/278_request.x12"),
    include_bytes!("../../examples/data/x12/835_multi.x12"),
    include_bytes!("../../examples/data/x12/270_271.x12"),
    include_bytes!("../../examples/data/x12/834_multi.x12"),
    include_bytes!("../../examples/data/x12/bad_837p_snip2.x12"),
];

/// A fixture whose body segments (between the first ST and the last SE) are edited: some
/// dropped, some repeated, some moved, some bytes replaced.
fn edited() -> impl Strategy<Value = Vec<u8>> {
    (
        select(&FIXTURES[..]),
        vec((0usize..200, 0u8..4, 0usize..200), 0..12),
        vec(
            (0usize..4000, select(&b"*:^~0123456789HLNM1CLMZ\n-."[..])),
            0..6,
        ),
    )
        .prop_map(|(fixture, edits, bytes)| {
            let text = String::from_utf8_lossy(fixture).into_owned();
            let mut segs: Vec<String> = text.split("~\n").map(str::to_string).collect();
            let first = segs.iter().position(|s| s.starts_with("ST*")).unwrap() + 1;
            let last = segs.iter().rposition(|s| s.starts_with("SE*")).unwrap();
            for (at, op, to) in edits {
                let span = last - first;
                if span == 0 {
                    break;
                }
                let i = first + at % span;
                let j = first + to % span;
                match op {
                    0 => {
                        segs[i] = segs[j].clone();
                    }
                    1 => segs.swap(i, j),
                    2 => segs[i].clear(),
                    _ => {
                        let s = segs[j].clone();
                        segs[i] = s;
                    }
                }
            }
            let mut out = segs.join("~\n").into_bytes();
            for (at, b) in bytes {
                if !out.is_empty() {
                    let k = 106 + at % out.len().saturating_sub(106).max(1);
                    if k < out.len() {
                        out[k] = b;
                    }
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn edited_sets_validate_and_acknowledge(input in edited()) {
        let Ok(ic) = Interchange::parse_with(&input, &ParseOptions::lenient()) else {
            return Ok(());
        };
        for ts in ic.transaction_sets() {
            if let Some(g) = ts.guide() {
                let tree = ts.validate(g);
                let n = ts.segment_count() as u32;
                for f in tree.findings() {
                    prop_assert!(f.transaction_position >= 1 && f.transaction_position <= n);
                }
                // Loops cover the set: every segment in exactly one innermost loop.
                let own: usize = tree.loops().map(|l| l.own_segments().count()).sum();
                prop_assert_eq!(own, ts.segment_count());
                for l in tree.loops() {
                    let _ = (l.hl(), l.hl_parent(), l.children().count(), l.ancestors().count());
                }
            }
        }
        let report = validate(&ic);
        let opts = AckOptions::new("20261125", "0300", 9);
        for build in [ack_999, ack_997] {
            let mut ack = build(&ic, &report, &opts).unwrap();
            ack.ta1.push(ta1_segment(&ic, false));
            let bytes = ack.write().unwrap();
            let back = Interchange::parse(&bytes);
            prop_assert!(back.is_ok(), "{:?}", back.err());
        }
    }
}
