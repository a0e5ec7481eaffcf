//! FHIR R4 JSON and XML benchmarks of the `fhir` crate.
//!
//! Inputs: the documents of `benches/data/fhir/` ([`interop_benches::fhir_docs`]): a rich
//! Patient (5 KB of JSON), a transaction Bundle of 100 entries (100 KB) and a searchset Bundle
//! of about 1 MiB.
//!
//! Groups (throughput in bytes of the document in that encoding):
//!
//! - `fhir/json/<doc>`: `parse` (strict [`fhir::json::from_slice`] into the model) and
//!   `serialize` (compact [`fhir::json::to_vec`] of the parsed model);
//! - `fhir/xml/<doc>`: the same with [`fhir::xml::from_slice`] and [`fhir::xml::to_vec`].
//!
//! Before anything is timed, each document is checked to parse to the expected resource type
//! and entry count, and both writers to give back the committed bytes.
//!
//! The comparison with the crates.io `fhir` and `fhirbolt` crates is a separate workspace,
//! `benches/fhir-peers` (those peers take many minutes to compile; see its README.md).
//!
//! Quick run: `cargo bench -p interop-benches --bench fhir -- --warm-up-time 1 --measurement-time 3`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interop_benches::fhir_docs::{self, FhirDoc};

/// The document without its final newline: what the writers produce.
fn body(bytes: &[u8]) -> &[u8] {
    bytes.strip_suffix(b"\n").unwrap_or(bytes)
}

fn check(doc: &FhirDoc) -> fhir::Resource {
    let resource = fhir::json::from_slice(doc.json).expect("JSON parses");
    assert_eq!(resource.resource_type(), doc.resource_type, "{}", doc.name);
    assert_eq!(
        fhir_docs::entry_count(&resource),
        doc.entries,
        "{}",
        doc.name
    );
    assert!(
        fhir::json::to_vec(&resource) == body(doc.json),
        "{}",
        doc.name
    );
    let from_xml = fhir::xml::from_slice(doc.xml).expect("XML parses");
    assert!(from_xml == resource, "{}: XML and JSON differ", doc.name);
    assert!(
        fhir::xml::to_vec(&resource).unwrap() == body(doc.xml),
        "{}",
        doc.name
    );
    resource
}

fn json(c: &mut Criterion) {
    for doc in fhir_docs::all() {
        let resource = check(&doc);
        let mut g = c.benchmark_group(format!("fhir/json/{}", doc.name));
        g.throughput(Throughput::Bytes(doc.json.len() as u64));
        g.bench_function("parse", |b| {
            b.iter(|| fhir::json::from_slice(black_box(doc.json)).unwrap())
        });
        g.bench_function("serialize", |b| {
            b.iter(|| fhir::json::to_vec(black_box(&resource)))
        });
        g.finish();
    }
}

fn xml(c: &mut Criterion) {
    for doc in fhir_docs::all() {
        let resource = check(&doc);
        let mut g = c.benchmark_group(format!("fhir/xml/{}", doc.name));
        g.throughput(Throughput::Bytes(doc.xml.len() as u64));
        g.bench_function("parse", |b| {
            b.iter(|| fhir::xml::from_slice(black_box(doc.xml)).unwrap())
        });
        g.bench_function("serialize", |b| {
            b.iter(|| fhir::xml::to_vec(black_box(&resource)).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, json, xml);
criterion_main!(benches);
