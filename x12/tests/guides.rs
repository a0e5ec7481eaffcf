//! Implementation-guide corpus in `examples/data/x12/`: for every `<name>.x12`, the loop tree
//! of each transaction set, its SNIP 1–2 findings and the 999 acknowledgment, rendered as
//! text, must equal `<name>.expect` (regenerate deliberately with
//! `X12_BLESS=1 cargo test -p x12 --test guides`, then review the diff).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use x12::ack::{AckOptions, ack_999};
use x12::validate::validate;
use x12::{Interchange, Loop, ParseOptions};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/x12")
}

fn tree_lines(l: Loop<'_, '_, '_>, depth: usize, out: &mut String) {
    let segs = l.segments();
    let first = l.header().transaction_position().unwrap();
    let _ = write!(
        out,
        "{:indent$}{} {}..={}",
        "",
        l.id(),
        first,
        first as usize + segs.len() - 1,
        indent = depth * 2 + 2
    );
    if let Some(h) = l.hl() {
        let _ = write!(
            out,
            " HL {}^{}^{} depth {}",
            String::from_utf8_lossy(h.id),
            String::from_utf8_lossy(h.parent_id),
            String::from_utf8_lossy(h.level),
            h.depth
        );
    }
    out.push('\n');
    for c in l.children() {
        tree_lines(c, depth + 1, out);
    }
}

fn render(input: &[u8]) -> String {
    let ic = Interchange::parse_with(input, &ParseOptions::lenient()).unwrap();
    let report = validate(&ic);
    let mut out = String::new();
    for d in ic.diagnostics() {
        let _ = writeln!(out, "envelope: {d}");
    }
    for ts in ic.transaction_sets() {
        let guide = ts.guide();
        let _ = writeln!(
            out,
            "set {} {} {}",
            ts.number(),
            String::from_utf8_lossy(ts.id()),
            guide.map_or("(no guide)", |g| g.reference())
        );
        if let Some(g) = guide {
            let tree = ts.validate(g);
            tree_lines(tree.root(), 0, &mut out);
            assert_eq!(
                tree.findings(),
                &report.set(ts.number()).unwrap().findings[..]
            );
        }
        let r = report.set(ts.number()).unwrap();
        if r.duplicate_control_number {
            let _ = writeln!(out, "  duplicate ST02");
        }
        for f in &r.findings {
            let _ = writeln!(out, "  finding: {f}");
        }
        for i in &r.imbalances {
            let _ = writeln!(out, "  imbalance: {i}");
        }
    }
    for g in &report.groups {
        if g.duplicate_control_number {
            let _ = writeln!(out, "group {}: duplicate GS06", g.index);
        }
    }
    let ack = ack_999(&ic, &report, &AckOptions::new("20261125", "0300", 1))
        .unwrap()
        .write()
        .unwrap();
    // The acknowledgment parses strictly: its own envelope is right.
    let parsed = Interchange::parse(&ack).unwrap();
    assert_eq!(parsed.transaction_set_count(), ic.group_count());
    out.push_str("999:\n");
    for s in parsed.segments() {
        let _ = writeln!(out, "  {}", String::from_utf8_lossy(s.raw()));
    }
    out
}

#[test]
fn guide_corpus_matches_expectations() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "x12"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "guide fixtures missing");
    let bless = std::env::var_os("X12_BLESS").is_some();
    let mut failed = Vec::new();
    for p in names {
        let got = render(&std::fs::read(&p).unwrap());
        let expect = p.with_extension("expect");
        if bless {
            std::fs::write(&expect, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expect).unwrap_or_default();
        if got != want {
            eprintln!("--- {} differs:\n{got}", p.display());
            failed.push(p);
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
}

#[test]
fn streamed_sets_give_the_same_trees_and_findings() {
    use x12::{Event, Stream};
    for name in [
        "837p_multi",
        "bad_837p_snip2",
        "270_271",
        "835_multi",
        "837d_multi",
        "bad_837d_counts",
        "278_request",
        "278_response",
    ] {
        let input = std::fs::read(data_dir().join(format!("{name}.x12"))).unwrap();
        let ic = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
        let whole: Vec<(Vec<String>, Vec<x12::Finding>)> = ic
            .transaction_sets()
            .map(|ts| {
                let t = ts.validate(ts.guide().unwrap());
                (
                    t.loops().map(|l| l.id().to_string()).collect(),
                    t.findings().to_vec(),
                )
            })
            .collect();
        for chunk in [1usize, 7, 4096] {
            let mut s = Stream::new(ParseOptions::lenient());
            let mut streamed = Vec::new();
            let mut drain = |s: &mut Stream| {
                while let Some(e) = s.next_event() {
                    if let Event::TransactionSet(ts) = e.unwrap() {
                        let t = ts.validate(ts.guide().unwrap());
                        streamed.push((
                            t.loops().map(|l| l.id().to_string()).collect::<Vec<_>>(),
                            t.findings().to_vec(),
                        ));
                    }
                }
            };
            for c in input.chunks(chunk) {
                s.push(c);
                drain(&mut s);
            }
            s.finish();
            drain(&mut s);
            assert_eq!(streamed, whole, "{name} in chunks of {chunk}");
        }
    }
}

#[test]
fn segments_only_index_finds_the_same() {
    for name in [
        "837p_multi",
        "bad_837p_snip2",
        "bad_835_snip2",
        "bad_834_snip2",
        "270_271",
        "bad_837d_counts",
        "278_response",
    ] {
        let input = std::fs::read(data_dir().join(format!("{name}.x12"))).unwrap();
        let full = Interchange::parse_with(&input, &ParseOptions::lenient()).unwrap();
        let lean =
            Interchange::parse_with(&input, &ParseOptions::lenient().segments_only()).unwrap();
        assert_eq!(validate(&full), validate(&lean), "{name}");
        let bits =
            Interchange::parse_with(&input, &ParseOptions::lenient().separator_bitmaps()).unwrap();
        assert_eq!(
            validate(&full),
            validate(&bits),
            "{name}, separator bitmaps"
        );
    }
}
