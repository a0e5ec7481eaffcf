//! Allocation: steady-state parsing into reused buffers allocates nothing, and no input makes
//! a parse allocate more than a small multiple of its own size (a counting global allocator
//! proves both).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use dicom_meta::{Buffers, DataSet, DicomFile, Inflated, ParseOptions, TransferSyntax, tags};

struct Counting;

thread_local! {
    /// Only allocations made by the test's own thread count (the harness runs other tests
    /// on other threads at the same time), into that thread's own counters.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    if COUNTING.with(Cell::get) {
        CALLS.with(|c| c.set(c.get() + 1));
        BYTES.with(|b| b.set(b.get() + bytes));
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls and sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations and the bytes requested.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let (c0, b0) = (CALLS.with(Cell::get), BYTES.with(Cell::get));
    COUNTING.with(|c| c.set(true));
    let out = f();
    COUNTING.with(|c| c.set(false));
    (out, CALLS.with(Cell::get) - c0, BYTES.with(Cell::get) - b0)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn steady_state_parse_allocates_nothing() {
    // The data sets of the uncompressed fixtures, with their transfer syntaxes.
    let mut inputs = Vec::new();
    for name in [
        "explicit_le.dcm",
        "implicit_le.dcm",
        "explicit_be.dcm",
        "ct_header.dcm",
        "ct_header_implicit.dcm",
        "cp246.dcm",
        "deep.dcm",
        "rle.dcm",
    ] {
        let bytes = fixture(name);
        let file = DicomFile::parse(&bytes).unwrap();
        let start = file.data_set().offset();
        let ts = file.transfer_syntax();
        inputs.push((bytes[start..].to_vec(), ts));
    }
    let opts = ParseOptions::strict();
    let mut bufs = Buffers::default();
    for (bytes, ts) in &inputs {
        let ds = DataSet::parse_reusing(bytes, *ts, &opts, &mut bufs).unwrap();
        ds.recycle(&mut bufs);
    }
    let (total, calls, _) = counted(|| {
        let mut total = 0usize;
        for (bytes, ts) in &inputs {
            let ds = DataSet::parse_reusing(bytes, *ts, &opts, &mut bufs).unwrap();
            total += ds.walk().count();
            if let Some(e) = ds.element(tags::SOPInstanceUID) {
                total += e.uid().unwrap().len();
            }
            if let Some(e) = ds
                .get("ReferencedSeriesSequence[0].SeriesInstanceUID")
                .unwrap()
            {
                total += e.string().unwrap().len();
            }
            ds.recycle(&mut bufs);
        }
        total
    });
    assert!(total > 500);
    assert_eq!(calls, 0, "steady-state parsing allocated");
}

/// A one-off parse allocates at most `factor` times the input size plus a small constant.
fn assert_bounded(name: &str, input: &[u8], factor: usize, f: impl FnOnce(&[u8])) {
    let ((), _, bytes) = counted(|| f(input));
    let limit = factor * input.len() + 64 * 1024;
    eprintln!(
        "{name}: {bytes} bytes allocated for {} input bytes",
        input.len()
    );
    assert!(
        bytes <= limit,
        "{name}: {bytes} bytes allocated for {} input bytes",
        input.len()
    );
}

fn parse_all_ways(input: &[u8]) {
    for ts in [
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
    ] {
        for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
            let (ds, _) = DataSet::parse_partial(input, ts, &opts);
            drop(ds);
        }
    }
}

#[test]
fn allocation_is_bounded_by_the_input() {
    // The densest index: 8-byte elements with empty values, ascending tags.
    let mut dense = Vec::new();
    for g in 0x0011u16..0x0031 {
        for e in 0x1000u16..0x1800 {
            dense.extend_from_slice(&g.to_le_bytes());
            dense.extend_from_slice(&e.to_le_bytes());
            dense.extend_from_slice(b"SH\0\0");
        }
    }
    assert_bounded("dense", &dense, 16, parse_all_ways);
    let ds = DataSet::parse(&dense, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap();
    assert_eq!(ds.len(), dense.len() / 8);

    // Dense nesting: empty undefined-length items in one sequence.
    let mut items = b"\x08\x00\x15\x11SQ\0\0\xff\xff\xff\xff".to_vec();
    for _ in 0..50_000 {
        items.extend_from_slice(b"\xfe\xff\x00\xe0\xff\xff\xff\xff\xfe\xff\x0d\xe0\0\0\0\0");
    }
    items.extend_from_slice(b"\xfe\xff\xdd\xe0\0\0\0\0");
    assert_bounded("items", &items, 16, parse_all_ways);

    // Deep nesting up to the limit, then refused.
    let mut deep = Vec::new();
    for _ in 0..10_000 {
        deep.extend_from_slice(
            b"\x40\x00\x30\xa7SQ\0\0\xff\xff\xff\xff\xfe\xff\x00\xe0\xff\xff\xff\xff",
        );
    }
    assert_bounded("deep", &deep, 16, parse_all_ways);

    // Declared lengths far beyond the input allocate nothing extra.
    let huge = b"\xe0\x7f\x10\x00OB\0\0\xf0\xff\xff\xff\x00\x00".to_vec();
    assert_bounded("huge", &huge, 16, parse_all_ways);

    // Random bytes.
    let mut x = 0x1234_5678u32;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    assert_bounded("noise", &noise, 16, parse_all_ways);
}

#[test]
fn inflating_is_capped() {
    // A deflate bomb: 8 MiB of zeros after a valid meta group.
    let plain = fixture("deflated.dcm");
    let head_len = {
        let h = Inflated::new(&plain, &ParseOptions::strict()).unwrap();
        let f = h.parse().unwrap();
        f.meta().offset() + f.meta().raw().len()
    };
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 8 << 20], 9);
    let input = [&plain[..head_len], &bomb[..]].concat();
    let opts = ParseOptions::strict().max_inflated_len(1 << 20);
    let (r, _, bytes) = counted(|| Inflated::new(&input, &opts).map(|_| ()));
    assert_eq!(
        r.unwrap_err().kind,
        dicom_meta::ErrorKind::InflateLimit(1 << 20)
    );
    assert!(bytes < 4 << 20, "{bytes} bytes allocated");
}
