//! Our `fhir` crate side by side with the crates.io `fhir` crate (R4 model, here `fhir-rs`)
//! and `fhirbolt` (R4), on the documents of `benches/data/fhir/`: a rich Patient, a
//! transaction Bundle of 100 entries and a searchset Bundle of about 1 MiB.
//!
//! Groups, each with the ids `ours`, `fhir-rs` and `fhirbolt` (throughput in bytes of the
//! document in that encoding):
//!
//! - `json_parse/<doc>`: JSON bytes to the library's model (ours strict; fhirbolt strict, its
//!   default; fhir-rs through `serde_json::from_slice`, its only reader);
//! - `json_serialize/<doc>`: compact JSON of a model parsed before timing;
//! - `json_roundtrip/<doc>`: parse, then serialize the result;
//! - `xml_parse/<doc>`, `xml_serialize/<doc>`, `xml_roundtrip/<doc>`: the same for FHIR XML,
//!   `ours` and `fhirbolt` only. The crates.io `fhir` crate's optional `xml` feature converts
//!   through `serde_json::Value` and, as its documentation says, does not handle primitive
//!   extensions (`_birthDate`), the XHTML narrative or contained resources, so it cannot carry
//!   these documents and is left out.
//!
//! Before anything is timed, every library must parse every document and find the same number
//! of Bundle entries (a library that cannot is not timed on that document, and the run says so),
//! and its output must parse (with ours, strictly) to a model equal to ours: a difference is
//! printed with the paths where it lies and fails the run, unless `FHIR_PEERS_ALLOW_DIFF` is set.
//!
//! Run (from this directory; the peers take a quarter of an hour or more to compile):
//! `cargo bench --bench peers -- --warm-up-time 1 --measurement-time 3`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::sync::OnceLock;

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

use fhir_peers::{BoltResource, RsResource};

struct Doc {
    name: &'static str,
    json: &'static [u8],
    xml: &'static [u8],
    entries: usize,
}

const DOCS: [Doc; 3] = [
    Doc {
        name: "patient",
        json: include_bytes!("../../data/fhir/patient.json"),
        xml: include_bytes!("../../data/fhir/patient.xml"),
        entries: 0,
    },
    Doc {
        name: "transaction_100",
        json: include_bytes!("../../data/fhir/transaction-100.json"),
        xml: include_bytes!("../../data/fhir/transaction-100.xml"),
        entries: 100,
    },
    Doc {
        name: "searchset_1mb",
        json: include_bytes!("../../data/fhir/searchset-1mb.json"),
        xml: include_bytes!("../../data/fhir/searchset-1mb.xml"),
        entries: 980,
    },
];

// ---- the three libraries, one function per operation ----------------------------------------

fn ours_json_parse(input: &[u8]) -> fhir::Resource {
    fhir::json::from_slice(input).unwrap()
}

fn ours_json_write(r: &fhir::Resource) -> Vec<u8> {
    fhir::json::to_vec(r)
}

fn ours_xml_parse(input: &[u8]) -> fhir::Resource {
    fhir::xml::from_slice(input).unwrap()
}

fn ours_xml_write(r: &fhir::Resource) -> Vec<u8> {
    fhir::xml::to_vec(r).unwrap()
}

fn rs_json_parse(input: &[u8]) -> RsResource {
    fhir_peers::rs_json_parse(input).unwrap()
}

fn rs_json_write(r: &RsResource) -> Vec<u8> {
    fhir_peers::rs_json_write(r)
}

fn bolt_json_parse(input: &[u8]) -> BoltResource {
    fhir_peers::bolt_json_parse(input).unwrap()
}

fn bolt_json_write(r: &BoltResource) -> Vec<u8> {
    fhir_peers::bolt_json_write(r)
}

fn bolt_xml_parse(input: &[u8]) -> BoltResource {
    fhir_peers::bolt_xml_parse(input).unwrap()
}

fn bolt_xml_write(r: &BoltResource) -> Vec<u8> {
    fhir_peers::bolt_xml_write(r)
}

// ---- what every library must agree on before it is timed -----------------------------------

fn ours_entries(r: &fhir::Resource) -> usize {
    match r {
        fhir::Resource::Bundle(b) => b.entry.len(),
        _ => 0,
    }
}

/// Where two JSON values differ: up to `max` paths, each with both values (shortened).
fn json_diff(a: &Value, b: &Value, path: &str, out: &mut Vec<String>, max: usize) {
    if out.len() >= max || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                json_diff(va, vb, &format!("{path}.{k}"), out, max);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                json_diff(va, vb, &format!("{path}[{i}]"), out, max);
            }
        }
        _ => {
            let short = |v: &Value| v.to_string().chars().take(160).collect::<String>();
            out.push(format!("{path}: ours {} / theirs {}", short(a), short(b)));
        }
    }
}

/// Whether `out` (a peer's output) reads back, with our strict parser, to our model `ours`;
/// a description of the difference when it does not.
fn same_as_ours(out: &[u8], xml: bool, ours: &fhir::Resource) -> Result<(), String> {
    let back = if xml {
        fhir::xml::from_slice(out)
    } else {
        fhir::json::from_slice(out)
    };
    let back = back.map_err(|e| format!("our strict parser rejects it: {e}"))?;
    if back == *ours {
        return Ok(());
    }
    let a: Value = serde_json::from_slice(&fhir::json::to_vec(ours)).unwrap();
    let b: Value = serde_json::from_slice(&fhir::json::to_vec(&back)).unwrap();
    let mut diffs = Vec::new();
    json_diff(&a, &b, "", &mut diffs, 5);
    Err(format!("differs from ours: {}", diffs.join("; ")))
}

/// Which peers may be timed on one document: each parsed it and found its entries.
struct Verdict {
    rs_json: bool,
    bolt_json: bool,
    bolt_xml: bool,
}

/// Every library parses `doc` and finds its entries, and what it writes (and, for fhirbolt's
/// XML reader, what its JSON writer makes of the XML it read) reads back with ours to our model
/// of it. A library that cannot parse a document is not timed on it. Content differences fail
/// the run unless `FHIR_PEERS_ALLOW_DIFF` is set, in which case they are only printed.
fn check(doc: &Doc) -> Verdict {
    let ours = ours_json_parse(doc.json);
    assert_eq!(ours_entries(&ours), doc.entries, "{}: ours", doc.name);
    assert!(ours_xml_parse(doc.xml) == ours, "{}: our XML", doc.name);
    let mut problems = Vec::new();
    let mut same = |lib: &str, out: &[u8], xml: bool| {
        if let Err(e) = same_as_ours(out, xml, &ours) {
            problems.push(format!("{}: {lib}: {e}", doc.name));
        }
    };
    same("ours, JSON written", &ours_json_write(&ours), false);
    same("ours, XML written", &ours_xml_write(&ours), true);

    let rs = fhir_peers::rs_json_parse(doc.json)
        .map_err(|e| format!("fhir-rs cannot parse the JSON: {e}"))
        .and_then(|r| match fhir_peers::rs_entries(&r) {
            n if n == doc.entries => Ok(r),
            n => Err(format!("fhir-rs finds {n} entries")),
        });
    let bolt = fhir_peers::bolt_json_parse(doc.json)
        .map_err(|e| format!("fhirbolt cannot parse the JSON: {e}"))
        .and_then(|r| match fhir_peers::bolt_entries(&r) {
            n if n == doc.entries => Ok(r),
            n => Err(format!("fhirbolt finds {n} entries in the JSON")),
        });
    let bolt_x = fhir_peers::bolt_xml_parse(doc.xml)
        .map_err(|e| format!("fhirbolt cannot parse the XML: {e}"))
        .and_then(|r| match fhir_peers::bolt_entries(&r) {
            n if n == doc.entries => Ok(r),
            n => Err(format!("fhirbolt finds {n} entries in the XML")),
        });
    let verdict = Verdict {
        rs_json: rs.is_ok(),
        bolt_json: bolt.is_ok(),
        bolt_xml: bolt_x.is_ok(),
    };
    let mut skipped = Vec::new();
    match &rs {
        Ok(rs) => same("fhir-rs, JSON written", &rs_json_write(rs), false),
        Err(e) => skipped.push(format!("{}: {e}", doc.name)),
    }
    match &bolt {
        Ok(bolt) => same("fhirbolt, JSON written", &bolt_json_write(bolt), false),
        Err(e) => skipped.push(format!("{}: {e}", doc.name)),
    }
    match &bolt_x {
        Ok(bolt_x) => {
            same(
                "fhirbolt, XML read, JSON written",
                &bolt_json_write(bolt_x),
                false,
            );
            same(
                "fhirbolt, XML read, XML written",
                &bolt_xml_write(bolt_x),
                true,
            );
        }
        Err(e) => skipped.push(format!("{}: {e}", doc.name)),
    }
    for s in &skipped {
        eprintln!("NOT TIMED: {s}");
    }
    if problems.is_empty() {
        eprintln!(
            "checked {}: every library that parses it writes back our model ({} entries)",
            doc.name, doc.entries
        );
    } else {
        for p in &problems {
            eprintln!("CONTENT DIFFERS: {p}");
        }
        assert!(
            std::env::var_os("FHIR_PEERS_ALLOW_DIFF").is_some(),
            "{}: content differs (set FHIR_PEERS_ALLOW_DIFF=1 to time anyway)",
            doc.name
        );
    }
    verdict
}

// ---- benchmarks -------------------------------------------------------------------------

fn group<'a>(
    c: &'a mut Criterion,
    op: &str,
    doc: &Doc,
    len: usize,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(format!("{op}/{}", doc.name));
    g.throughput(Throughput::Bytes(len as u64));
    g
}

/// The checks of every document, run once before anything is timed.
fn verdicts() -> &'static [Verdict] {
    static VERDICTS: OnceLock<Vec<Verdict>> = OnceLock::new();
    VERDICTS.get_or_init(|| DOCS.iter().map(check).collect())
}

fn json(c: &mut Criterion) {
    for (doc, v) in DOCS.iter().zip(verdicts()) {
        let input = doc.json;
        let mut g = group(c, "json_parse", doc, input.len());
        g.bench_function("ours", |b| b.iter(|| ours_json_parse(black_box(input))));
        if v.rs_json {
            g.bench_function("fhir-rs", |b| b.iter(|| rs_json_parse(black_box(input))));
        }
        if v.bolt_json {
            g.bench_function("fhirbolt", |b| b.iter(|| bolt_json_parse(black_box(input))));
        }
        g.finish();

        let ours = ours_json_parse(input);
        let mut g = group(c, "json_serialize", doc, input.len());
        g.bench_function("ours", |b| b.iter(|| ours_json_write(black_box(&ours))));
        if v.rs_json {
            let rs = rs_json_parse(input);
            g.bench_function("fhir-rs", |b| b.iter(|| rs_json_write(black_box(&rs))));
        }
        if v.bolt_json {
            let bolt = bolt_json_parse(input);
            g.bench_function("fhirbolt", |b| b.iter(|| bolt_json_write(black_box(&bolt))));
        }
        g.finish();

        let mut g = group(c, "json_roundtrip", doc, input.len());
        g.bench_function("ours", |b| {
            b.iter(|| ours_json_write(&ours_json_parse(black_box(input))))
        });
        if v.rs_json {
            g.bench_function("fhir-rs", |b| {
                b.iter(|| rs_json_write(&rs_json_parse(black_box(input))))
            });
        }
        if v.bolt_json {
            g.bench_function("fhirbolt", |b| {
                b.iter(|| bolt_json_write(&bolt_json_parse(black_box(input))))
            });
        }
        g.finish();
    }
}

fn xml(c: &mut Criterion) {
    for (doc, v) in DOCS.iter().zip(verdicts()) {
        let input = doc.xml;
        let mut g = group(c, "xml_parse", doc, input.len());
        g.bench_function("ours", |b| b.iter(|| ours_xml_parse(black_box(input))));
        if v.bolt_xml {
            g.bench_function("fhirbolt", |b| b.iter(|| bolt_xml_parse(black_box(input))));
        }
        g.finish();

        let ours = ours_xml_parse(input);
        let mut g = group(c, "xml_serialize", doc, input.len());
        g.bench_function("ours", |b| b.iter(|| ours_xml_write(black_box(&ours))));
        if v.bolt_xml {
            let bolt = bolt_xml_parse(input);
            g.bench_function("fhirbolt", |b| b.iter(|| bolt_xml_write(black_box(&bolt))));
        }
        g.finish();

        let mut g = group(c, "xml_roundtrip", doc, input.len());
        g.bench_function("ours", |b| {
            b.iter(|| ours_xml_write(&ours_xml_parse(black_box(input))))
        });
        if v.bolt_xml {
            g.bench_function("fhirbolt", |b| {
                b.iter(|| bolt_xml_write(&bolt_xml_parse(black_box(input))))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, json, xml);
criterion_main!(benches);
