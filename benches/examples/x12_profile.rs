//! A driver for profiling the `x12` benchmarks under callgrind: runs one benchmark body a
//! given number of times on one of the benchmark inputs, so instruction counts can be
//! compared before and after a change.
//!
//! ```text
//! cargo build --release -p interop-benches --example x12_profile
//! valgrind --tool=callgrind target/release/examples/x12_profile validate 837p_2kb 100
//! ```
//!
//! Modes: `tokenize` (strict parse into reused buffers), `segments` (the same indexing
//! segments only), `elements` (and every element of every segment read through
//! `Segment::elements`, what the peer's figure includes), `bitmaps` and `bitmaps_elements`,
//! `bitmaps_loops`, `bitmaps_validate` (those with separator bitmaps, `IndexDepth::Bitmaps`),
//! `segments_elements`, `segments_loops`, `segments_validate` (those with segments only,
//! `IndexDepth::Segments`), `peer` (`x12-stream-parser`, the fastest peer of the tokenize group, from
//! `x12_peers.rs`), `loops` (and the loop tree of every
//! transaction set), `validate` (and [`validate`]), `stream` (the incremental parser fed
//! 64 KiB chunks), `stream_elements` (the same with the element index), `setup` (only builds the inputs: subtract it). Inputs: `837p_2kb`,
//! `837p_10mb`, `835_10mb`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/x12_inputs.rs"]
mod x12_inputs;
#[path = "../benches/x12_peers.rs"]
#[allow(dead_code)]
mod x12_peers;

use std::hint::black_box;

use x12::validate::validate;
use x12::{Buffers, Event, Interchange, ParseOptions, Stream};

fn stream(input: &[u8], elements: bool) -> usize {
    let mut s = Stream::new(ParseOptions::strict());
    if elements {
        s = s.with_element_index();
    }
    let mut n = 0;
    let mut take = |s: &mut Stream| {
        while let Some(e) = s.next_event() {
            match e.expect("streams strictly") {
                Event::TransactionSet(t) => n += t.segment_count(),
                _ => n += 1,
            }
        }
    };
    for c in input.chunks(64 << 10) {
        s.push(c);
        take(&mut s);
    }
    s.finish();
    take(&mut s);
    n
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: x12_profile tokenize|segments|elements|bitmaps[_MODE]|segments[_MODE]|peer|loops|validate|stream|stream_elements|setup INPUT ITERATIONS";
    let (mode, name, iters) = match &args[..] {
        [_, m, n, i] => (m.as_str(), n.as_str(), i.parse::<usize>().expect(usage)),
        _ => panic!("{usage}"),
    };
    let input = match name {
        "837p_2kb" => x12_inputs::P837_SMALL.to_vec(),
        "837p_10mb" => x12_inputs::build_837p(x12_inputs::LARGE_TARGET),
        "835_10mb" => x12_inputs::build_835(x12_inputs::LARGE_TARGET),
        _ => panic!("{usage}"),
    };
    let input = &input[..];
    let strict = ParseOptions::strict();
    let mut bufs = Buffers::default();
    let mut total = 0usize;
    for _ in 0..iters {
        match mode {
            "setup" => {}
            "stream" => total += stream(black_box(input), false),
            "stream_elements" => total += stream(black_box(input), true),
            "peer" => {
                let mut elements = 0;
                let c = x12_peers::stream_parser(black_box(input), &mut elements);
                total += c.segments + elements;
            }
            _ => {
                // `bitmaps_X`: mode `X` with `IndexDepth::Bitmaps`.
                let (opts, mode) = match mode {
                    "segments" => (strict.segments_only(), mode),
                    "bitmaps" => (strict.separator_bitmaps(), "tokenize"),
                    _ => match (
                        mode.strip_prefix("bitmaps_"),
                        mode.strip_prefix("segments_"),
                    ) {
                        (Some(m), _) => (strict.separator_bitmaps(), m),
                        (_, Some(m)) => (strict.segments_only(), m),
                        _ => (strict, mode),
                    },
                };
                let ic =
                    Interchange::parse_reusing(black_box(input), &opts, &mut bufs).expect("parses");
                total += match mode {
                    "tokenize" | "segments" => ic.segment_count(),
                    // Every element of every segment read (what the peer's figure includes).
                    "elements" => ic
                        .segments()
                        .map(|s| s.elements().map(|e| e.raw().len()).sum::<usize>())
                        .sum(),
                    "loops" => ic
                        .transaction_sets()
                        .map(|ts| ts.loop_tree().map_or(0, |t| t.loop_count()))
                        .sum(),
                    "validate" => {
                        let r = validate(&ic);
                        assert!(r.is_clean());
                        r.sets.len()
                    }
                    _ => panic!("{usage}"),
                };
                ic.recycle(&mut bufs);
            }
        }
    }
    println!("{mode} {name} x{iters}: {total}");
}
