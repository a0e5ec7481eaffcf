//! HL7 v2 → FHIR R4 conversion benchmarks (`mapping`), end to end from bytes.
//!
//! Groups (messages/s, one message per iteration):
//!
//! - `mapping/end_to_end/<input>`: parse the bytes (`hl7v2::Message::parse`), convert
//!   (`mapping::v2::to_fhir`, transaction bundle) and write compact JSON (`fhir::json`).
//! - `mapping/convert/<input>`: the conversion alone, on an already parsed message.
//! - `mapping/serialize/<input>`: compact JSON of the bundle alone (already converted), to
//!   compare with the conversion (target: conversion ≤ 3× serialization).
//!
//! Inputs (`benches/data/mapping_*`): an ADT^A01 (~1.5 KB: MSH, EVN, PID, NK1, PV1, PV2, OBX,
//! AL1, DG1), an ORU^R01 with 50 OBX, and a VXU^V04. Before timing, each input is checked to
//! convert into a bundle the fhir crate's strict reader accepts.
//!
//! Quick run: `cargo bench -p interop-benches --bench mapping -- --warm-up-time 1 --measurement-time 3`.
//!
//! With `--features mimalloc`, the benchmark runs with `mimalloc` as the global allocator
//! instead of the system's (glibc malloc here), to show what the allocator choice is worth:
//! conversion allocates a few hundred small blocks per message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mapping::v2::{Options, to_fhir};

const INPUTS: &[(&str, &[u8])] = &[
    ("adt_a01", include_bytes!("../data/mapping_adt_a01.hl7")),
    (
        "oru_r01_50obx",
        include_bytes!("../data/mapping_oru_r01_50obx.hl7"),
    ),
    ("vxu_v04", include_bytes!("../data/mapping_vxu_v04.hl7")),
];

fn check(name: &str, input: &[u8]) {
    let msg = hl7v2::Message::parse(input).expect(name);
    let c = to_fhir(&msg, &Options::default()).expect(name);
    let json = fhir::json::to_vec(&c.bundle);
    let back: fhir::Bundle = fhir::json::from_slice_as(&json, &fhir::json::ParseOptions::strict())
        .expect(name)
        .value;
    assert_eq!(back, c.bundle, "{name}");
    eprintln!(
        "note: {name}: {} bytes -> {} entries, {} bytes of JSON, {} issues",
        input.len(),
        c.bundle.entry.len(),
        json.len(),
        c.issues.len()
    );
}

fn bench(c: &mut Criterion) {
    let opts = Options::default();
    for (name, input) in INPUTS {
        check(name, input);
    }
    let mut g = c.benchmark_group("mapping/end_to_end");
    g.throughput(Throughput::Elements(1));
    for (name, input) in INPUTS {
        let mut out = Vec::with_capacity(64 * 1024);
        g.bench_function(*name, |b| {
            b.iter(|| {
                let msg = hl7v2::Message::parse(black_box(input)).unwrap();
                let conv = to_fhir(&msg, &opts).unwrap();
                out.clear();
                fhir::json::write_to(&conv.bundle, &mut out, false);
                black_box(out.len())
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("mapping/convert");
    g.throughput(Throughput::Elements(1));
    for (name, input) in INPUTS {
        let msg = hl7v2::Message::parse(input).unwrap();
        g.bench_function(*name, |b| {
            b.iter(|| black_box(to_fhir(black_box(&msg), &opts).unwrap()));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("mapping/serialize");
    g.throughput(Throughput::Elements(1));
    for (name, input) in INPUTS {
        let msg = hl7v2::Message::parse(input).unwrap();
        let conv = to_fhir(&msg, &opts).unwrap();
        let mut out = Vec::with_capacity(64 * 1024);
        g.bench_function(*name, |b| {
            b.iter(|| {
                out.clear();
                fhir::json::write_to(black_box(&conv.bundle), &mut out, false);
                black_box(out.len())
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
