//! DICOM metadata benchmarks for `dicom-meta`.
//!
//! Input: `dicom-meta/tests/data/ct_header.dcm`, a CT-like file generated from our own dump
//! (`dicom-meta/tests/data/src/ct_header.py`): a header of about 6 KB (250 elements with
//! nested sequences and private groups) followed by 8 KB of pixel data, in explicit VR
//! little endian, and the same in implicit VR little endian.
//!
//! Groups (throughput in header bytes, i.e. the bytes before Pixel Data):
//!
//! - `dicom/header/<input>`: `file_stop_before_pixel_data` (Part 10 parse with
//!   `stop_before_pixel_data`, a fresh index each time) and `data_set_reuse` (the data set
//!   alone, into recycled [`Buffers`]: no allocation in the steady state).
//!   Side by side, dicom-rs (see `dicom_peers.rs`): `dicom-object` (`read_until(PixelData)`
//!   from memory, an owned in-memory object) and `dicom-parser` (its token reader over the
//!   data set, stopped at Pixel Data), each first checked to find our element count.
//! - `dicom/series_300` (header bytes/s over the whole series): a 300-slice CT series
//!   built at start-up from `ct_header.dcm` with our writer (each slice with its own SOP
//!   Instance UID, Instance Number, Image Position and Slice Location, media storage UID in
//!   the meta group to match), every file read header-only one after the other: ours
//!   (`file_stop_before_pixel_data`) and `dicom-object` (`read_until(PixelData)`), each
//!   checked first to find 250 elements in every file.
//! - `dicom/json/<input>`: full value decode + compact DICOM JSON (PS3.18 F.2) of the data
//!   set up to Pixel Data: ours (`parse_to_json`: Part 10 parse with
//!   `stop_before_pixel_data`, then [`DataSet::to_json`]) side by side with dicom-rs
//!   (`dicom-object` `read_until(PixelData)` + `dicom_json::to_string` of its data set).
//!   Both outputs are first checked to hold the same attributes (the same keys, at every
//!   depth, in the same order).
//! - `dicom/get` (lookups/s): keyword, tag and nested paths on the parsed header.
//! - `dicom/write/ct_header` (bytes/s): serialise the parsed file.
//!
//! Before anything is timed, the element counts are checked (250 elements, the count
//! pydicom reports for the same file) and the round trip is verified.
//!
//! Quick run: `cargo bench -p interop-benches --bench dicom -- --warm-up-time 1 --measurement-time 2`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

#[path = "dicom_peers.rs"]
mod peers;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dicom_meta::{
    Buffers, DataSet, DicomFile, JsonOptions, OwnedFile, ParseOptions, Vr, WriteOptions, tags,
};

const CT_HEADER: &[u8] = include_bytes!("../../dicom-meta/tests/data/ct_header.dcm");
const CT_HEADER_IMPLICIT: &[u8] =
    include_bytes!("../../dicom-meta/tests/data/ct_header_implicit.dcm");

/// Elements at every depth before Pixel Data (pydicom: 251 with Pixel Data).
const HEADER_ELEMENTS: usize = 250;

struct Input {
    name: &'static str,
    bytes: &'static [u8],
    /// Offset of the data set (after the meta group) and of Pixel Data.
    data_start: usize,
    pixel_data: usize,
}

fn input(name: &'static str, bytes: &'static [u8]) -> Input {
    let opts = ParseOptions::strict().stop_before_pixel_data();
    let file = DicomFile::parse_with(bytes, &opts).expect("fixture parses");
    let ds = file.data_set();
    assert_eq!(ds.walk().count(), HEADER_ELEMENTS, "{name}: element count");
    assert_eq!(file.write(), bytes, "{name}: round trip");
    Input {
        name,
        bytes,
        data_start: ds.offset(),
        pixel_data: ds.stopped_at().expect("stops before pixel data"),
    }
}

fn header(c: &mut Criterion) {
    let opts = ParseOptions::strict().stop_before_pixel_data();
    for inp in [
        input("ct_header", CT_HEADER),
        input("ct_header_implicit", CT_HEADER_IMPLICIT),
    ] {
        let mut g = c.benchmark_group(format!("dicom/header/{}", inp.name));
        g.throughput(Throughput::Bytes(inp.pixel_data as u64));
        g.bench_function("file_stop_before_pixel_data", |b| {
            b.iter(|| {
                let file = DicomFile::parse_with(black_box(inp.bytes), &opts).unwrap();
                file.data_set().index_len()
            });
        });
        let ts = DicomFile::parse_with(inp.bytes, &opts)
            .unwrap()
            .transfer_syntax();
        let data = &inp.bytes[inp.data_start..inp.pixel_data];
        let mut bufs = Buffers::default();
        g.bench_function("data_set_reuse", |b| {
            b.iter(|| {
                let ds =
                    DataSet::parse_reusing(black_box(data), ts, &ParseOptions::strict(), &mut bufs)
                        .unwrap();
                let n = ds.index_len();
                ds.recycle(&mut bufs);
                n
            });
        });
        assert_eq!(
            peers::object_until_pixel_data(inp.bytes),
            HEADER_ELEMENTS,
            "{}: dicom-object element count",
            inp.name
        );
        g.bench_function("dicom-object", |b| {
            b.iter(|| peers::object_until_pixel_data(black_box(inp.bytes)));
        });
        let uid = ts.uid().expect("known transfer syntax");
        let data_set = &inp.bytes[inp.data_start..];
        assert_eq!(
            peers::tokens_until_pixel_data(data_set, uid),
            HEADER_ELEMENTS,
            "{}: dicom-parser element count",
            inp.name
        );
        g.bench_function("dicom-parser", |b| {
            b.iter(|| peers::tokens_until_pixel_data(black_box(data_set), uid));
        });
        g.finish();
    }
}

/// A 300-slice series from the CT header: per slice, new SOP Instance UID (data set and
/// meta), Instance Number, Image Position (Patient) and Slice Location.
fn series() -> Vec<Vec<u8>> {
    let file = DicomFile::parse(CT_HEADER).expect("fixture parses");
    let base = OwnedFile::from_file(&file).expect("owned copy");
    let ts = file.transfer_syntax();
    (1..=300)
        .map(|i| {
            let mut f = base.clone();
            let uid = format!("1.2.826.0.1.3680043.10.1234.2026.{i}");
            f.data.put_str(tags::SOPInstanceUID, Vr::UI, &uid);
            f.meta
                .put_str(tags::MediaStorageSOPInstanceUID, Vr::UI, &uid);
            f.data.put_str(tags::InstanceNumber, Vr::IS, &i.to_string());
            let z = format!("{:.1}", -150.0 + 1.25 * f64::from(i));
            f.data.put_strs(
                tags::ImagePositionPatient,
                Vr::DS,
                &["-250.0", "-250.0", &z],
            );
            f.data.put_str(tags::SliceLocation, Vr::DS, &z);
            f.write(ts, &WriteOptions::new()).expect("writes")
        })
        .collect()
}

fn series_300(c: &mut Criterion) {
    let files = series();
    let opts = ParseOptions::strict().stop_before_pixel_data();
    let mut header_bytes = 0u64;
    for f in &files {
        let file = DicomFile::parse_with(f, &opts).expect("slice parses");
        assert_eq!(
            file.data_set().walk().count(),
            HEADER_ELEMENTS,
            "slice elements"
        );
        header_bytes += file.data_set().stopped_at().expect("pixel data") as u64;
        assert_eq!(peers::object_until_pixel_data(f), HEADER_ELEMENTS);
    }
    let mut g = c.benchmark_group("dicom/series_300");
    g.throughput(Throughput::Bytes(header_bytes));
    g.bench_function("file_stop_before_pixel_data", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| {
                    DicomFile::parse_with(black_box(f), &opts)
                        .unwrap()
                        .data_set()
                        .index_len()
                })
                .sum::<usize>()
        });
    });
    g.bench_function("dicom-object", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| peers::object_until_pixel_data(black_box(f)))
                .sum::<usize>()
        });
    });
    g.finish();
}

/// The attribute keys of a DICOM JSON text at every depth, in document order: each
/// `"ggggeeee":{"vr"` (eight hex digits followed by an object whose first member is `vr`).
fn json_keys(json: &str) -> Vec<&str> {
    let b = json.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while let Some(at) = json[i..].find("\":{\"vr\"") {
        let end = i + at;
        if end >= 9 && b[end - 9] == b'"' && b[end - 8..end].iter().all(u8::is_ascii_hexdigit) {
            keys.push(&json[end - 8..end]);
        }
        i = end + 1;
    }
    keys
}

fn json(c: &mut Criterion) {
    let opts = ParseOptions::strict().stop_before_pixel_data();
    let json_opts = JsonOptions::new();
    for inp in [
        input("ct_header", CT_HEADER),
        input("ct_header_implicit", CT_HEADER_IMPLICIT),
    ] {
        let ours = parse_to_json(inp.bytes, &opts, &json_opts);
        let theirs = peers::json_until_pixel_data(inp.bytes);
        let (k_ours, k_theirs) = (json_keys(&ours), json_keys(&theirs));
        assert_eq!(
            k_ours.len(),
            HEADER_ELEMENTS,
            "{}: our JSON attributes",
            inp.name
        );
        assert_eq!(k_ours, k_theirs, "{}: dicom-json attributes", inp.name);
        let mut g = c.benchmark_group(format!("dicom/json/{}", inp.name));
        g.throughput(Throughput::Bytes(inp.pixel_data as u64));
        g.bench_function("parse_to_json", |b| {
            b.iter(|| parse_to_json(black_box(inp.bytes), &opts, &json_opts).len());
        });
        g.bench_function("dicom-object+dicom-json", |b| {
            b.iter(|| peers::json_until_pixel_data(black_box(inp.bytes)).len());
        });
        g.finish();
    }
}

/// Ours: the Part 10 file up to Pixel Data, its data set as compact DICOM JSON.
fn parse_to_json(bytes: &[u8], opts: &ParseOptions, json_opts: &JsonOptions<'_>) -> String {
    let file = DicomFile::parse_with(bytes, opts).unwrap();
    file.data_set().to_json(json_opts).unwrap()
}

fn get(c: &mut Criterion) {
    let opts = ParseOptions::strict().stop_before_pixel_data();
    let file = DicomFile::parse_with(CT_HEADER, &opts).unwrap();
    let ds = file.data_set();
    let paths = [
        ("keyword", "PatientName"),
        ("tag", "(0028,0010)"),
        (
            "nested",
            "ReferencedImageSequence[19].ReferencedSOPInstanceUID",
        ),
    ];
    let mut g = c.benchmark_group("dicom/get");
    g.throughput(Throughput::Elements(1));
    for (name, path) in paths {
        assert!(ds.get(path).unwrap().is_some(), "{path}");
        g.bench_function(name, |b| {
            b.iter(|| ds.get(black_box(path)).unwrap().map(|e| e.value().len()));
        });
    }
    g.finish();
}

fn write(c: &mut Criterion) {
    let file = DicomFile::parse(CT_HEADER).unwrap();
    let mut g = c.benchmark_group("dicom/write");
    g.throughput(Throughput::Bytes(CT_HEADER.len() as u64));
    let mut out = Vec::with_capacity(CT_HEADER.len());
    g.bench_function("ct_header", |b| {
        b.iter(|| {
            out.clear();
            file.write_into(&mut out);
            out.len()
        });
    });
    g.finish();
}

criterion_group!(benches, header, series_300, json, get, write);
criterion_main!(benches);
