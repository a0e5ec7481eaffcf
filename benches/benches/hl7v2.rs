//! HL7 v2 parsing benchmarks: `hl7v2` side by side with er7, hl7-parser and
//! rust-hl7 on identical bytes.
//!
//! Groups:
//!
//! - `parse/<input>` (bytes/s): `ours/full` (strict, full structural index),
//!   `ours/segments_only` (only segment boundaries indexed), `ours/reuse`
//!   (full index into recycled [`Buffers`]), then each peer's own parse.
//!   Inputs: the ORM, ADT and ORU fixtures from `benches/data/` and a 10 MiB
//!   FHS/BHS batch built at start-up, split with `Batch::parse` and each message
//!   parsed with `Batch::parse_message(_reusing)` (which reuses the splitter's
//!   segment terminators for a strict segments-only index).
//! - `lookup/<path>` (lookups/s) on the ORU fixture.
//! - `write/<input>` (bytes/s): serialise an already parsed message.
//! - `escape` (bytes/s): decode a free-text field dense with escape sequences.
//!
//! Before anything is timed, every library's result is checked against ours:
//! the same segment count and total field count on every input (see
//! `peers/mod.rs` for how each peer's counts are normalised), the same lookup
//! results, a faithful write, the same decoded text. A peer that cannot handle
//! an input is skipped for it with a note on stderr, never faked.
//!
//! Quick run: `cargo bench -p interop-benches -- --warm-up-time 1 --measurement-time 2`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod peers;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime,
};
use hl7v2::{Batch, Buffers, Message, ParseOptions};
use interop_benches::{
    BATCH_TARGET_LEN, Input, ORU_R01, all_inputs, escape_field_decoded, escape_message,
};
use peers::{Decoder, PATHS, Peer, Shape};

/// Print why a peer is left out of one benchmark.
fn skip(peer: &str, what: &str, why: &str) {
    eprintln!("note: skipping {peer} for {what}: {why}");
}

// ---------------------------------------------------------------------------
// Our side.

/// Segment and field totals of one of our messages, HL7 numbering.
fn shape_of(msg: &Message<'_>) -> Shape {
    Shape {
        segments: msg.segment_count(),
        fields: msg.segments().map(|s| s.field_count()).sum(),
    }
}

/// Add `b` to `a`.
fn add(a: Shape, b: Shape) -> Shape {
    Shape {
        segments: a.segments + b.segments,
        fields: a.fields + b.fields,
    }
}

const ZERO: Shape = Shape {
    segments: 0,
    fields: 0,
};

/// Our shape of an input, parsed with `opts` (a batch is split into its
/// messages and each one parsed; the FHS/BHS/BTS/FTS envelope is not counted).
fn ours_shape(input: &Input, opts: &ParseOptions) -> Shape {
    if input.is_batch {
        let batch = Batch::parse(&input.bytes).expect("batch parses");
        batch.parse_messages(opts).fold(ZERO, |acc, m| {
            add(acc, shape_of(&m.expect("batch message parses")))
        })
    } else {
        shape_of(&Message::parse_with(&input.bytes, opts).expect("input parses"))
    }
}

/// Time our parse of `input` with `opts`, optionally reusing index buffers.
fn bench_ours(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    input: &Input,
    opts: ParseOptions,
    reuse: bool,
) {
    let bytes = input.bytes.as_slice();
    match (input.is_batch, reuse) {
        (false, false) => {
            group.bench_function(id, |b| {
                b.iter(|| Message::parse_with(black_box(bytes), &opts).expect("parses"));
            });
        }
        (false, true) => {
            let mut bufs = Buffers::default();
            group.bench_function(id, |b| {
                b.iter(|| {
                    let msg =
                        Message::parse_reusing(black_box(bytes), &opts, &mut bufs).expect("parses");
                    let n = msg.segment_count();
                    msg.recycle(&mut bufs);
                    n
                });
            });
        }
        (true, false) => {
            group.bench_function(id, |b| {
                b.iter(|| {
                    let batch = Batch::parse(black_box(bytes)).expect("batch parses");
                    batch
                        .parse_messages(&opts)
                        .map(|m| m.expect("parses").segment_count())
                        .sum::<usize>()
                });
            });
        }
        (true, true) => {
            let mut bufs = Buffers::default();
            group.bench_function(id, |b| {
                b.iter(|| {
                    let batch = Batch::parse(black_box(bytes)).expect("batch parses");
                    let mut n = 0;
                    for i in 0..batch.message_count() {
                        let msg = batch
                            .parse_message_reusing(i, &opts, &mut bufs)
                            .expect("in range")
                            .expect("parses");
                        n += msg.segment_count();
                        msg.recycle(&mut bufs);
                    }
                    n
                });
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Peers.

/// A peer's shape of an input. For a batch, a peer with a documented batch
/// splitter (er7's `split_messages`) parses each message like we do; the
/// others get the whole batch, which they reject (they require `MSH` first).
fn peer_shape(peer: Peer, input: &Input) -> Result<Shape, String> {
    if input.is_batch && peer == Peer::Er7 {
        let text = peers::as_str(&input.bytes)?;
        let mut total = ZERO;
        for m in er7::split_messages(text) {
            total = add(total, peer.shape(m.as_bytes())?);
        }
        Ok(total)
    } else {
        peer.shape(&input.bytes)
    }
}

/// Time a peer's parse of `input` (UTF-8 validation included: see `peers`).
fn bench_peer(group: &mut BenchmarkGroup<'_, WallTime>, peer: Peer, input: &Input) {
    let bytes = input.bytes.as_slice();
    let id = peer.name();
    match (peer, input.is_batch) {
        (Peer::Er7, false) => group.bench_function(id, |b| {
            b.iter(|| peers::er7_parse(black_box(bytes)).expect("parses"))
        }),
        (Peer::Er7, true) => group.bench_function(id, |b| {
            b.iter(|| {
                let text = peers::as_str(black_box(bytes)).expect("utf-8");
                er7::split_messages(text)
                    .into_iter()
                    .map(|m| er7::parse(m).expect("parses").segments.len())
                    .sum::<usize>()
            });
        }),
        (Peer::Hl7Parser, _) => group.bench_function(id, |b| {
            b.iter(|| peers::hl7_parser_parse(black_box(bytes)).expect("parses"));
        }),
        (Peer::RustHl7, _) => group.bench_function(id, |b| {
            b.iter(|| peers::rust_hl7_parse(black_box(bytes)).expect("parses"));
        }),
    };
}

// ---------------------------------------------------------------------------
// Benchmarks.

fn parse(c: &mut Criterion) {
    for input in all_inputs(BATCH_TARGET_LEN) {
        // Checks first: every mode of ours agrees, and so does every peer
        // that can parse this input.
        let full = ours_shape(&input, &ParseOptions::strict());
        let lazy = ours_shape(&input, &ParseOptions::strict().segments_only());
        assert_eq!(
            lazy, full,
            "{}: segments_only disagrees with full",
            input.name
        );
        let mut runnable = Vec::new();
        for peer in Peer::ALL {
            match peer_shape(peer, &input) {
                Ok(shape) => {
                    assert_eq!(
                        shape,
                        full,
                        "{}: {} disagrees with hl7v2 on segment/field counts",
                        input.name,
                        peer.name()
                    );
                    runnable.push(peer);
                }
                Err(why) => skip(peer.name(), input.name, &why),
            }
        }
        eprintln!(
            "checked {}: {} bytes, {} segments, {} fields; agreeing peers: {:?}",
            input.name,
            input.bytes.len(),
            full.segments,
            full.fields,
            runnable.iter().map(|p| p.name()).collect::<Vec<_>>()
        );

        let mut group = c.benchmark_group(format!("parse/{}", input.name));
        group.throughput(Throughput::Bytes(input.bytes.len() as u64));
        if input.is_batch {
            // Slow peers take ~1 s an iteration on 10 MiB: keep the minimum.
            group.sample_size(10);
        }
        bench_ours(
            &mut group,
            "ours/full",
            &input,
            ParseOptions::strict(),
            false,
        );
        bench_ours(
            &mut group,
            "ours/segments_only",
            &input,
            ParseOptions::strict().segments_only(),
            false,
        );
        bench_ours(
            &mut group,
            "ours/reuse",
            &input,
            ParseOptions::strict(),
            true,
        );
        for peer in runnable {
            bench_peer(&mut group, peer, &input);
        }
        group.finish();
    }
}

fn lookup(c: &mut Criterion) {
    let full = Message::parse(ORU_R01).expect("parses");
    let lazy =
        Message::parse_with(ORU_R01, &ParseOptions::strict().segments_only()).expect("parses");
    let e = peers::er7_parse(ORU_R01).expect("parses");
    let h = peers::hl7_parser_parse(ORU_R01).expect("parses");
    let r = peers::rust_hl7_parse(ORU_R01).expect("parses");

    for path in PATHS {
        let text = path.text;
        let want = full
            .get(text)
            .expect("valid path")
            .expect("present in the ORU fixture");
        let want = std::str::from_utf8(want.raw()).expect("utf-8");
        let lazy_got = lazy.get(text).expect("valid path").map(|v| v.raw());
        assert_eq!(
            lazy_got,
            Some(want.as_bytes()),
            "{text}: segments_only lookup disagrees"
        );
        // er7 returns decoded text, the others raw text; the fixture values
        // at these paths hold no escapes, so all must match exactly.
        assert_eq!(
            peers::er7_lookup(&e, text).as_deref(),
            Some(want),
            "{text}: er7 disagrees"
        );
        assert_eq!(
            peers::hl7_parser_lookup(&h, text),
            Some(want),
            "{text}: hl7-parser disagrees"
        );
        let rust_hl7_path = Peer::RustHl7.path_for(&path);
        match &rust_hl7_path {
            Some(q) => assert_eq!(
                peers::rust_hl7_lookup(&r, q),
                want,
                "{text}: rust-hl7 disagrees"
            ),
            None => skip(
                "rust-hl7",
                &format!("lookup {text}"),
                "its query syntax has no segment occurrence",
            ),
        }

        let mut group = c.benchmark_group(format!("lookup/{text}"));
        group.throughput(Throughput::Elements(1));
        group.bench_function("ours/full", |b| {
            b.iter(|| full.get(black_box(text)).expect("valid").map(|v| v.raw()))
        });
        group.bench_function("ours/segments_only", |b| {
            b.iter(|| lazy.get(black_box(text)).expect("valid").map(|v| v.raw()));
        });
        group.bench_function("er7", |b| b.iter(|| peers::er7_lookup(&e, black_box(text))));
        group.bench_function("hl7-parser", |b| {
            b.iter(|| peers::hl7_parser_lookup(&h, black_box(text)))
        });
        if let Some(q) = &rust_hl7_path {
            group.bench_function("rust-hl7", |b| {
                b.iter(|| peers::rust_hl7_lookup(&r, black_box(q.as_str())))
            });
        }
        group.finish();
    }
}

fn write(c: &mut Criterion) {
    for input in interop_benches::messages() {
        let bytes = input.bytes.as_slice();
        let ours = Message::parse(bytes).expect("parses");
        assert_eq!(
            ours.write(),
            bytes,
            "{}: hl7v2 write is not byte-identical",
            input.name
        );

        // er7 and hl7-parser's builder join segments with `\r` and end without
        // one, so a faithful write is the input minus its final terminator.
        let expected = std::str::from_utf8(bytes)
            .expect("utf-8")
            .strip_suffix('\r')
            .expect("CR-terminated");
        let e = peers::er7_parse(bytes).expect("parses");
        let er7_ok = peers::er7_write(&e) == expected;
        if !er7_ok {
            skip(
                "er7",
                &format!("write/{}", input.name),
                "output differs from the input",
            );
        }
        let h = peers::hl7_parser_parse(bytes).expect("parses");
        let hl7_parser_ok = peers::hl7_parser_write(&h) == expected;
        if !hl7_parser_ok {
            skip(
                "hl7-parser",
                &format!("write/{}", input.name),
                "MessageBuilder re-escapes raw values (\\T\\ becomes \\E\\T\\E\\), so output differs from the input",
            );
        }
        skip(
            "rust-hl7",
            &format!("write/{}", input.name),
            "no serialiser (Display echoes the source slice)",
        );

        let mut group = c.benchmark_group(format!("write/{}", input.name));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("ours/write", |b| b.iter(|| black_box(&ours).write()));
        let mut out = Vec::with_capacity(bytes.len());
        group.bench_function("ours/write_to", |b| {
            b.iter(|| {
                out.clear();
                black_box(&ours).write_to(&mut out);
                out.len()
            });
        });
        if er7_ok {
            group.bench_function("er7", |b| b.iter(|| peers::er7_write(black_box(&e))));
        }
        if hl7_parser_ok {
            group.bench_function("hl7-parser", |b| {
                b.iter(|| peers::hl7_parser_write(black_box(&h)))
            });
        }
        group.finish();
    }
}

fn escape(c: &mut Criterion) {
    let input = escape_message();
    let msg = Message::parse(&input).expect("parses");
    let value = msg.get("NTE-3").expect("valid path").expect("present");
    let raw = std::str::from_utf8(value.raw()).expect("utf-8");
    let want = escape_field_decoded();
    assert_eq!(
        value.text().expect("decodes"),
        want.as_str(),
        "hl7v2 decodes differently"
    );

    let mut group = c.benchmark_group("escape");
    group.throughput(Throughput::Bytes(raw.len() as u64));
    group.bench_function("ours", |b| {
        b.iter(|| black_box(&value).text().expect("decodes"))
    });
    for peer in Peer::ALL {
        let decoder = Decoder::new(peer);
        if decoder.decode(raw) == want {
            group.bench_function(peer.name(), |b| b.iter(|| decoder.decode(black_box(raw))));
        } else {
            skip(peer.name(), "escape", "decodes the field differently");
        }
    }
    group.finish();
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
    targets = parse, lookup, write, escape
}
criterion_main!(benches);
