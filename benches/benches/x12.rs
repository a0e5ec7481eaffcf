//! X12 benchmarks: tokenize + envelope checks (segment, group and transaction set index,
//! SE01/GE01/IEA01 counts and control numbers) with the `x12` crate.
//!
//! Group `x12_tokenize_envelope/<input>` (bytes/s):
//!
//! - `elements_reuse`: strict parse, every element separator indexed, into recycled
//!   [`Buffers`] (the steady state of a server parsing one file after another);
//! - `segments_reuse`: the same with only segment boundaries indexed;
//! - `elements_fresh`: a one-off [`Interchange::parse`] that allocates its index;
//! - `stream_64k`: the incremental [`Stream`] fed 64 KiB chunks, every transaction set
//!   taken as it closes.
//!
//! Inputs: the ~2 KB 837P fixture from `x12/tests/data/` and a ~10 MB 837P generated at
//! start-up (one interchange, transaction sets of 100 claims each). Before anything is timed,
//! every variant is checked to find the same segment and transaction set counts and no
//! envelope findings.
//!
//! Peers, side by side in the same group (see `x12_peers.rs`), each checked to find the same
//! segment and transaction set counts (and `x12-stream-parser` the same element count) first:
//! `x12-stream-parser` (segment iterator), `edi` (envelope tree with closer checks) and, with
//! `--features heavy-peers`, `x12-types` (typed 837; several CPU minutes to compile, so CI
//! does not build it).
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
    let inputs = [
        ("837p_2kb", P837_SMALL.to_vec()),
        ("837p_10mb", build_837p(LARGE_TARGET)),
    ];
    for (name, input) in &inputs {
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
        {
            assert_eq!(peers::x12_types_837(input), ours.sets, "{name}");
            group.bench_function("x12-types", |b| {
                b.iter(|| peers::x12_types_837(black_box(input)))
            });
        }
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
    targets = tokenize_envelope
}
criterion_main!(benches);
