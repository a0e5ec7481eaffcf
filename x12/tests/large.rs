//! Inputs larger than 64 KiB (where whole-input parsing stages its index in larger batches):
//! whole-input parsing and the stream agree on every segment and element, with both index
//! depths, strict and lenient, with line breaks, a line feed terminator, a segment of more
//! than 64 elements, empty segments and an envelope error deep in the input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use x12::{Interchange, ParseOptions};

use common::MODES;

/// One interchange of `sets` 837-like transaction sets of 40 claims each (so that runs of
/// data segments are long), `~`-terminated unless `nl`, each terminator followed by `after`.
/// Set `bad` (if any) states a wrong segment count.
fn build(sets: usize, after: &str, nl: bool, bad: Option<usize>) -> Vec<u8> {
    let t = if nl { "\n" } else { "~" };
    let mut s = format!(
        "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000905*0*P*:{t}{after}\
         GS*HC*SUBMITTER*PAYER*20261124*0830*905*X*005010X222A1{t}{after}"
    );
    let wide: String = (0..70).map(|i| format!("*{}", i % 7)).collect();
    for n in 0..sets {
        let body: Vec<String> = (0..40)
            .flat_map(|k| {
                [
                    format!("BHT*0019*00*{n}:{k}*20261124*0830*CH"),
                    format!("NM1*IL*1*DOE*JOHN*Q***MI*XYZ{n:09}"),
                    format!("CLM*PATACCT{n:06}*225***11:B:1*Y*A*Y*Y"),
                    "HI*ABK:J459*ABF:R05".to_string(),
                    format!(
                        "SV1*HC:99213:25*125*UN*1***1{}",
                        if (n + k) % 5 == 0 { &wide[..] } else { "" }
                    ),
                    "SBR*P*18*******CI".to_string(),
                    "DTP*472*D8*20261120".to_string(),
                    "N3****".to_string(),
                    // A segment starting with `I` (a possible ISA) is looked at on the general path.
                    if k == 39 { "I" } else { "N4" }.to_string(),
                    "S".to_string(),
                ]
            })
            .collect();
        let count = body.len() + 2 + usize::from(bad == Some(n));
        s.push_str(&format!("ST*837*{n:04}*005010X222A1{t}{after}"));
        for seg in &body {
            s.push_str(seg);
            s.push_str(t);
            s.push_str(after);
        }
        s.push_str(&format!("SE*{count}*{n:04}{t}{after}"));
    }
    s.push_str(&format!("GE*{sets}*905{t}{after}IEA*1*000000905{t}{after}"));
    s.into_bytes()
}

fn agree(input: &[u8]) {
    assert!(input.len() > 64 << 10);
    for opts in MODES {
        let whole = common::whole(input, &opts);
        for size in [4096, 1 << 20] {
            let streamed = common::streamed(input.chunks(size), &opts);
            assert_eq!(streamed, whole, "{opts:?} in chunks of {size}");
        }
    }
}

#[test]
fn large_inputs_parse_as_they_stream() {
    let plain = build(20, "", false, None);
    agree(&plain);
    let ic = Interchange::parse(&plain).unwrap();
    assert_eq!(ic.transaction_set_count(), 20);
    assert_eq!(ic.segment_count(), 4 + 20 * (40 * 10 + 2));
    let wide = ic.transaction_set(0).unwrap().segment(5).unwrap();
    assert_eq!(wide.element_count(), 77);
    assert_eq!(wide.element(77).unwrap().raw(), b"6");
    let n3 = ic.transaction_set(1).unwrap().segment(18).unwrap();
    assert_eq!((n3.id(), n3.element_count()), (&b"N3"[..], 4));
    assert_eq!(ic.write(), plain);
    assert_eq!(
        ParseOptions::strict().segments_only().depth,
        x12::IndexDepth::Segments
    );
    let seg_only =
        Interchange::parse_with(&plain, &ParseOptions::strict().segments_only()).unwrap();
    assert_eq!(seg_only.segment_count(), ic.segment_count());

    agree(&build(20, "\r\n", false, None));
    agree(&build(20, "", true, None));
    agree(&build(20, "", false, Some(15)));
    // Empty segments (lenient) deep in a large input.
    agree(&build(20, "~", false, None));
}
