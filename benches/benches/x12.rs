//! X12 benchmarks with the `x12` crate, in three groups (bytes/s):
//!
//! `x12_tokenize_envelope/<input>`: tokenize + envelope checks (segment, group and transaction
//! set index, SE01/GE01/IEA01 counts and control numbers):
//!
//! - `elements_reuse`: strict parse, every element separator indexed, into recycled
//!   [`Buffers`] (the steady state of a server parsing one file after another);
//! - `segments_reuse`: the same with only segment boundaries indexed (less work than
//!   `x12-stream-parser`, which splits every segment into its elements: `elements_reuse`
//!   finds every element boundary, as it does, and checks the envelope besides; `read_all`
//!   also reads every element, as its figure does);
//! - `bitmaps_reuse`: the same with every element separator recorded in one bitmap per 64
//!   bytes (`IndexDepth::Bitmaps`: every element boundary found, elements located by
//!   counting bits on access instead of through a flat offset table);
//! - `read_all`: `elements_reuse` and then every element of every segment read through
//!   [`Segment::elements`](x12::Segment::elements) (the work the `x12-stream-parser` figure
//!   includes: it splits every segment and visits every element);
//! - `elements_fresh`: a one-off [`Interchange::parse`] that allocates its index;
//! - `stream_64k`: the incremental [`Stream`] fed 64 KiB chunks, every transaction set
//!   taken as it closes (as a stream comes: segments indexed, elements found on access).
//!
//! `x12_full/<input>`: full loop-aware parse with validation:
//!
//! - `loops`: strict parse (SNIP 1) + the implementation guide's loop tree of every
//!   transaction set, with its structure and HL findings;
//! - `validate`: strict parse + [`validate`] (loop trees, SNIP 2 element checks, SNIP 3
//!   balancing, duplicate control numbers).
//!
//! `x12_write/<input>`: writing:
//!
//! - `write`: exact round trip of a parsed interchange ([`Interchange::write_to`]) into a
//!   reused buffer;
//! - `owned`: [`OwnedInterchange`] built from the parsed interchange and written, counts and
//!   control numbers recomputed.
//!
//! Inputs: the ~2 KB 837P fixture from `x12/tests/data/`, a ~10 MB 837P and a ~10 MB 835
//! generated at start-up (one interchange, transaction sets of 100 claims or claim payments
//! each, balanced, no validation findings). Before anything is timed, every variant is
//! checked to find the same segment and transaction set counts, no envelope findings, the
//! same loop counts and a clean validation report, and every writer to reproduce the input.
//!
//! Peers, side by side in the same groups (see `x12_peers.rs`), each checked first to find
//! the same segment and transaction set counts (and `x12-stream-parser` the same element
//! count), or to write the same bytes: `x12-stream-parser` (segment iterator), `edi`
//! (envelope tree with closer checks; its writer in `x12_write`) and, with
//! `--features heavy-peers`, `x12-types` (typed, loop-aware 837; several CPU minutes to
//! compile, so CI does not build it). No peer validates against an implementation guide, so
//! in `x12_full` they are the fastest thing a peer offers on the same input.
//!
//! The inputs are built in `x12_inputs.rs`, shared with the `x12_profile` example, which runs
//! one of these bodies a given number of times for instruction counts under callgrind.
//!
//! Quick run: `cargo bench -p interop-benches --bench x12 -- --warm-up-time 1 --measurement-time 2`;
//! with every peer: `cargo bench -p interop-benches --features heavy-peers --bench x12`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

#[path = "x12_peers.rs"]
mod peers;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use x12::owned::OwnedInterchange;
use x12::validate::validate;
use x12::{Buffers, Event, Interchange, ParseOptions, Stream};

#[path = "x12_inputs.rs"]
mod x12_inputs;
use x12_inputs::inputs;

/// Whether `name` is an 837 input (the only transaction set `x12-types` is benched on).
#[cfg(feature = "heavy-peers")]
fn is_837(name: &str) -> bool {
    name.starts_with("837")
}

/// Segment and transaction set counts found by each variant.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    segments: usize,
    sets: usize,
}

fn shape_whole(input: &[u8], opts: &ParseOptions) -> Shape {
    let ic = Interchange::parse_with(input, opts).expect("input parses strictly");
    assert!(ic.diagnostics().is_empty());
    Shape {
        segments: ic.segment_count(),
        sets: ic.transaction_set_count(),
    }
}

/// Feeds `input` to a stream in `chunk`-byte pieces; counts segments (envelope included).
fn shape_stream(input: &[u8], chunk: usize) -> Shape {
    let mut s = Stream::new(ParseOptions::strict());
    let mut shape = Shape {
        segments: 0,
        sets: 0,
    };
    let mut take = |s: &mut Stream| {
        while let Some(e) = s.next_event() {
            match e.expect("streams strictly") {
                Event::TransactionSet(t) => {
                    shape.sets += 1;
                    shape.segments += t.segment_count();
                }
                Event::Diagnostic(_) | Event::Warning(_) => panic!("unexpected finding"),
                Event::GroupEnd(None) | Event::InterchangeEnd(None) => {}
                _ => shape.segments += 1,
            }
        }
    };
    for c in input.chunks(chunk) {
        s.push(c);
        take(&mut s);
    }
    s.finish();
    take(&mut s);
    shape
}

/// Elements of every segment, as our full index counts them (and the separator bitmaps
/// count the same).
fn element_count(input: &[u8]) -> usize {
    let ic = Interchange::parse(input).expect("input parses strictly");
    let n = ic.segments().map(|s| s.element_count()).sum();
    let opts = ParseOptions::strict().separator_bitmaps();
    let bits = Interchange::parse_with(input, &opts).expect("input parses strictly");
    assert_eq!(bits.segments().map(|s| s.element_count()).sum::<usize>(), n);
    n
}

fn tokenize_envelope(c: &mut Criterion) {
    for (name, input) in inputs() {
        let strict = ParseOptions::strict();
        let segments_only = ParseOptions::strict().segments_only();
        let bitmaps = ParseOptions::strict().separator_bitmaps();
        let expected = shape_whole(input, &strict);
        assert_eq!(shape_whole(input, &segments_only), expected, "{name}");
        assert_eq!(shape_whole(input, &bitmaps), expected, "{name}");
        assert_eq!(shape_stream(input, 64 << 10), expected, "{name}");

        let mut group = c.benchmark_group(format!("x12_tokenize_envelope/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        if input.len() > 1 << 20 {
            group.sample_size(10);
        }
        for (variant, opts) in [
            ("elements_reuse", strict),
            ("segments_reuse", segments_only),
            ("bitmaps_reuse", bitmaps),
        ] {
            let mut bufs = Buffers::default();
            group.bench_function(variant, |b| {
                b.iter(|| {
                    let ic = Interchange::parse_reusing(black_box(input), &opts, &mut bufs)
                        .expect("parses");
                    let n = ic.segment_count();
                    ic.recycle(&mut bufs);
                    n
                })
            });
        }
        let mut bufs = Buffers::default();
        group.bench_function("read_all", |b| {
            b.iter(|| {
                let ic = Interchange::parse_reusing(black_box(input), &strict, &mut bufs)
                    .expect("parses");
                let n: usize = ic
                    .segments()
                    .map(|s| s.elements().map(|e| e.raw().len()).sum::<usize>())
                    .sum();
                ic.recycle(&mut bufs);
                n
            })
        });
        group.bench_function("elements_fresh", |b| {
            b.iter(|| {
                Interchange::parse(black_box(input))
                    .expect("parses")
                    .segment_count()
            })
        });
        group.bench_function("stream_64k", |b| {
            b.iter(|| shape_stream(black_box(input), 64 << 10).segments)
        });

        // Peers: same counts first, then timed.
        let ours = peers::Counts {
            segments: expected.segments,
            sets: expected.sets,
        };
        let ours_elements = element_count(input);
        let mut elements = 0;
        assert_eq!(peers::stream_parser(input, &mut elements), ours, "{name}");
        assert_eq!(
            elements, ours_elements,
            "{name}: x12-stream-parser elements"
        );
        group.bench_function("x12-stream-parser", |b| {
            b.iter(|| {
                let mut e = 0;
                let c = peers::stream_parser(black_box(input), &mut e);
                (c, e)
            })
        });
        assert_eq!(peers::edi(input), ours, "{name}");
        group.bench_function("edi", |b| b.iter(|| peers::edi(black_box(input))));
        #[cfg(feature = "heavy-peers")]
        if is_837(name) {
            assert_eq!(peers::x12_types_837(input), ours.sets, "{name}");
            group.bench_function("x12-types", |b| {
                b.iter(|| peers::x12_types_837(black_box(input)))
            });
        }
        group.finish();
    }
}

/// Loops and findings of a parse + validation, checked before timing.
fn full_counts(input: &[u8]) -> (usize, usize) {
    let ic = Interchange::parse(input).expect("input parses strictly");
    let loops = ic
        .transaction_sets()
        .map(|ts| ts.loop_tree().expect("a known guide").loop_count())
        .sum();
    let report = validate(&ic);
    assert!(report.is_clean(), "validation findings");
    assert!(report.sets.iter().all(|s| s.imbalances.is_empty()));
    (loops, report.sets.len())
}

fn full(c: &mut Criterion) {
    for (name, input) in inputs() {
        let (loops, sets) = full_counts(input);
        assert!(loops > sets, "{name}");
        let strict = ParseOptions::strict();
        let mut group = c.benchmark_group(format!("x12_full/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        if input.len() > 1 << 20 {
            group.sample_size(10);
        }
        let mut bufs = Buffers::default();
        group.bench_function("loops", |b| {
            b.iter(|| {
                let ic = Interchange::parse_reusing(black_box(input), &strict, &mut bufs)
                    .expect("parses");
                let n: usize = ic
                    .transaction_sets()
                    .map(|ts| ts.loop_tree().map_or(0, |t| t.loop_count()))
                    .sum();
                ic.recycle(&mut bufs);
                assert_eq!(n, loops);
                n
            })
        });
        group.bench_function("validate", |b| {
            b.iter(|| {
                let ic = Interchange::parse_reusing(black_box(input), &strict, &mut bufs)
                    .expect("parses");
                let report = validate(&ic);
                let n = report.sets.len();
                ic.recycle(&mut bufs);
                assert_eq!(n, sets);
                n
            })
        });
        // Peers (counts already checked in `x12_tokenize_envelope`).
        group.bench_function("x12-stream-parser", |b| {
            b.iter(|| {
                let mut e = 0;
                let c = peers::stream_parser(black_box(input), &mut e);
                (c, e)
            })
        });
        group.bench_function("edi", |b| b.iter(|| peers::edi(black_box(input))));
        #[cfg(feature = "heavy-peers")]
        if is_837(name) {
            group.bench_function("x12-types", |b| {
                b.iter(|| peers::x12_types_837(black_box(input)))
            });
        }
        group.finish();
    }
}

fn write(c: &mut Criterion) {
    for (name, input) in inputs() {
        let ic = Interchange::parse(input).expect("input parses strictly");
        assert_eq!(ic.write(), *input, "{name}: round trip");
        let owned = OwnedInterchange::from(&ic);
        assert_eq!(owned.write().expect("writes"), *input, "{name}: owned");
        let doc = peers::EdiDoc::parse(input);
        // `edi` leaves out the final segment terminator; otherwise it writes the input.
        let edi_out = doc.write();
        assert!(
            input.strip_suffix(b"~") == Some(edi_out.as_bytes()),
            "{name}: edi writes the input"
        );

        let mut group = c.benchmark_group(format!("x12_write/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        if input.len() > 1 << 20 {
            group.sample_size(10);
        }
        let mut out = Vec::with_capacity(input.len());
        group.bench_function("write", |b| {
            b.iter(|| {
                out.clear();
                black_box(&ic).write_to(&mut out);
                out.len()
            })
        });
        group.bench_function("owned", |b| {
            b.iter(|| {
                out.clear();
                OwnedInterchange::from(black_box(&ic))
                    .write_to(&mut out)
                    .expect("writes");
                out.len()
            })
        });
        group.bench_function("edi", |b| b.iter(|| black_box(&doc).write().len()));
        group.finish();
    }
}

fn config() -> Criterion {
    // Short defaults so CI stays fast; command-line flags still override.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = tokenize_envelope, full, write
}
criterion_main!(benches);
