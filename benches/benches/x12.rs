//! X12 benchmarks with the `x12` crate, in three groups (bytes/s):
//!
//! `x12_tokenize_envelope/<input>`: tokenize + envelope checks (segment, group and transaction
//! set index, SE01/GE01/IEA01 counts and control numbers):
//!
//! - `elements_reuse`: strict parse, every element separator indexed, into recycled
//!   [`Buffers`] (the steady state of a server parsing one file after another);
//! - `segments_reuse`: the same with only segment boundaries indexed;
//! - `elements_fresh`: a one-off [`Interchange::parse`] that allocates its index;
//! - `stream_64k`: the incremental [`Stream`] fed 64 KiB chunks, every transaction set
//!   taken as it closes.
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
//! Quick run: `cargo bench -p interop-benches --bench x12 -- --warm-up-time 1 --measurement-time 2`;
//! with every peer: `cargo bench -p interop-benches --features heavy-peers --bench x12`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

#[path = "x12_peers.rs"]
mod peers;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use x12::owned::OwnedInterchange;
use x12::validate::validate;
use x12::{Buffers, Event, Interchange, ParseOptions, Stream};

/// The ~2 KB 837P fixture (three claims).
const P837_SMALL: &[u8] = include_bytes!("../../x12/tests/data/837p.x12");

/// Size of the generated multi-claim 837P.
const LARGE_TARGET: usize = 10 * 1024 * 1024;

/// Appends one subscriber loop with one two-line claim (loops 2000B to 2400).
fn claim(n: usize, out: &mut String) {
    write!(
        out,
        "HL*{hl}*1*22*0~SBR*P*18*GRP{grp:05}******CI~NM1*IL*1*DOE*JOHN*Q***MI*XYZ{n:09}~\
         N3*{street} ELM AVENUE~N4*SPRINGFIELD*IL*627040000~DMG*D8*19800102*M~\
         NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT~\
         CLM*PATACCT{n:06}*225***11:B:1*Y*A*Y*Y~REF*D9*CLAIMREF{n:06}~HI*ABK:J459*ABF:R05~\
         NM1*82*1*SMITH*ANNA****XX*1987654325~PRV*PE*PXC*207Q00000X~\
         LX*1~SV1*HC:99213:25*125*UN*1***1~DTP*472*D8*20261120~\
         LX*2~SV1*HC:87880*100*UN*1***1~DTP*472*D8*20261120~",
        hl = n % 100 + 2,
        grp = n % 99_999,
        street = n % 900 + 1,
    )
    .unwrap();
}

/// A deterministic 837P of at least `target` bytes: one interchange, one group, transaction
/// sets of 100 claims each, all counts and control numbers right.
fn build_837p(target: usize) -> Vec<u8> {
    let mut s = String::with_capacity(target + 100_000);
    s.push_str(
        "ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000905*0*P*:~\
         GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*905*X*005010X222A1~",
    );
    let (mut sets, mut n) = (0usize, 0usize);
    let mut body = String::new();
    while s.len() < target {
        sets += 1;
        body.clear();
        body.push_str(
            "BHT*0019*00*0123*20261124*0830*CH~NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23~\
             PER*IC*JANE BILLER*TE*5555550100~NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT~\
             HL*1**20*1~NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893~N3*100 MAIN STREET~\
             N4*SPRINGFIELD*IL*627010000~REF*EI*123456789~",
        );
        for _ in 0..100 {
            claim(n, &mut body);
            n += 1;
        }
        let count = body.matches('~').count() + 2;
        write!(
            s,
            "ST*837*{sets:04}*005010X222A1~{body}SE*{count}*{sets:04}~"
        )
        .unwrap();
    }
    write!(s, "GE*{sets}*905~IEA*1*000000905~").unwrap();
    s.into_bytes()
}

/// Appends one claim payment (loop 2100) with one service line (2110), balanced: CLP03 −
/// CLP04 and SVC02 − SVC03 equal the adjustments.
fn payment(n: usize, out: &mut String) {
    write!(
        out,
        "CLP*PATACCT{n:06}*1*225*180*20*12*PAYERCLM{n:08}*11*1~NM1*QC*1*DOE*JOHN****MI*XYZ{n:09}~\
         DTM*232*20261120~SVC*HC:99213*225*180**1~DTM*472*20261120~CAS*CO*45*25~CAS*PR*1*20~\
         AMT*B6*180~",
    )
    .unwrap();
}

/// A deterministic 835 of at least `target` bytes: one interchange, one group, transaction
/// sets of 100 claim payments each (BPR02 their total), all counts and control numbers right.
fn build_835(target: usize) -> Vec<u8> {
    let mut s = String::with_capacity(target + 100_000);
    s.push_str(
        "ISA*00*          *00*          *ZZ*PAYERABC       *ZZ*CLEARHOUSE01   *261124*0830*^*00501*000000411*0*P*:~\
         GS*HP*PAYERABC*CLEARHOUSE01*20261124*0830*411*X*005010X221A1~",
    );
    let (mut sets, mut n) = (0usize, 0usize);
    let mut body = String::new();
    while s.len() < target {
        sets += 1;
        body.clear();
        write!(
            body,
            "BPR*I*18000*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20261128~\
             TRN*1*{sets}*1512345678~DTM*405*20261124~N1*PR*PRAIRIE MUTUAL HEALTH PLAN~\
             N3*1 INSURANCE WAY~N4*CHICAGO*IL*606010000~REF*2U*66783JJT~\
             PER*BL*PROVIDER SERVICES*TE*8005551212~\
             N1*PE*NORTHWIND FAMILY CLINIC*XX*1234567893~LX*1~"
        )
        .unwrap();
        for _ in 0..100 {
            payment(n, &mut body);
            n += 1;
        }
        let count = body.matches('~').count() + 2;
        write!(
            s,
            "ST*835*{sets:04}*005010X221A1~{body}SE*{count}*{sets:04}~"
        )
        .unwrap();
    }
    write!(s, "GE*{sets}*411~IEA*1*000000411~").unwrap();
    s.into_bytes()
}

/// The benchmark inputs, generated once.
fn inputs() -> &'static [(&'static str, Vec<u8>)] {
    static INPUTS: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    INPUTS.get_or_init(|| {
        vec![
            ("837p_2kb", P837_SMALL.to_vec()),
            ("837p_10mb", build_837p(LARGE_TARGET)),
            ("835_10mb", build_835(LARGE_TARGET)),
        ]
    })
}

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

/// Elements of every segment, as our full index counts them.
fn element_count(input: &[u8]) -> usize {
    let ic = Interchange::parse(input).expect("input parses strictly");
    ic.segments().map(|s| s.element_count()).sum()
}

fn tokenize_envelope(c: &mut Criterion) {
    for (name, input) in inputs() {
        let strict = ParseOptions::strict();
        let segments_only = ParseOptions::strict().segments_only();
        let expected = shape_whole(input, &strict);
        assert_eq!(shape_whole(input, &segments_only), expected, "{name}");
        assert_eq!(shape_stream(input, 64 << 10), expected, "{name}");

        let mut group = c.benchmark_group(format!("x12_tokenize_envelope/{name}"));
        group.throughput(Throughput::Bytes(input.len() as u64));
        if input.len() > 1 << 20 {
            group.sample_size(10);
        }
        for (variant, opts) in [
            ("elements_reuse", strict),
            ("segments_reuse", segments_only),
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
