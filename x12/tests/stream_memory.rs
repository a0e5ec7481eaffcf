//! Peak memory of the incremental API: a large interchange, generated chunk by chunk and
//! never held whole, goes through a [`Stream`] in 64 KiB chunks; a counting global allocator
//! proves the heap never holds more than twice the largest transaction set plus a constant.
//!
//! The normal run feeds 10 MB; `cargo test -p x12 --release --test stream_memory --
//! --ignored` feeds 100 MB.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use x12::{Event, ParseOptions, Stream};

struct Counting;

/// Bytes currently allocated by the test thread, and the most ever.
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Only the test's own thread counts (the harness has others).
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn grow(n: usize) {
    if COUNTING.with(Cell::get) {
        let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrink(n: usize) {
    if COUNTING.with(Cell::get) {
        // Memory allocated before counting began may be freed while counting: saturate.
        let _ = LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
            Some(v.saturating_sub(n))
        });
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A change of size, as heap profilers count it (the block moves or grows in place;
        // large blocks are remapped, not copied).
        if new_size >= layout.size() {
            grow(new_size - layout.size());
        } else {
            shrink(layout.size() - new_size);
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const CHUNK: usize = 64 << 10;

/// Writes a fictional 837P interchange of about `total` bytes into `out` piece by piece,
/// calling `flush` whenever `out` holds a chunk or more. Transaction sets carry 1 to 8
/// claims, and every 64th carries `big_claims`: the largest set. Returns the size in bytes
/// of the largest transaction set (ST through SE with its terminator).
fn generate(
    total: usize,
    big_claims: usize,
    out: &mut Vec<u8>,
    flush: &mut dyn FnMut(&mut Vec<u8>),
) -> usize {
    let mut written = 0usize;
    let mut largest = 0usize;
    let mut seg_start;
    macro_rules! seg {
        ($($arg:tt)*) => {{
            write!(out, $($arg)*).unwrap();
            out.push(b'~');
        }};
    }
    // `written` counts what went to the stream; `out` keeps what is short of a chunk.
    let mut emit = |out: &mut Vec<u8>, written: &mut usize| {
        if out.len() >= CHUNK {
            let before = out.len();
            flush(out);
            *written += before - out.len();
        }
    };
    seg!(
        "ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000001*0*P*:"
    );
    seg!("GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*1*X*005010X222A1");
    let mut sets = 0u32;
    while written + out.len() < total {
        sets += 1;
        let claims = if sets % 64 == 32 {
            big_claims
        } else {
            1 + (sets as usize * 7) % 8
        };
        let set_len_before = written + out.len();
        seg_start = set_len_before;
        let mut count = 0u32;
        macro_rules! tseg {
            ($($arg:tt)*) => {{ seg!($($arg)*); count += 1; }};
        }
        tseg!("ST*837*{sets:04}*005010X222A1");
        tseg!("BHT*0019*00*B{sets}*20261124*0830*CH");
        tseg!("NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23");
        tseg!("PER*IC*JANE BILLER*TE*5555550100");
        tseg!("NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT");
        tseg!("HL*1**20*1");
        tseg!("NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893");
        tseg!("N3*100 MAIN STREET");
        tseg!("N4*SPRINGFIELD*IL*627010000");
        tseg!("REF*EI*361234567");
        tseg!("HL*2*1*22*0");
        tseg!("SBR*P*18*GRP12345******CI");
        tseg!("NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782");
        tseg!("NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT");
        for c in 0..claims {
            tseg!("CLM*PAT{sets}C{c}*285***11:B:1*Y*A*Y*Y");
            tseg!("HI*ABK:J0300*ABF:R509");
            for (l, (code, charge)) in [("99214", 160), ("87880", 45), ("36415", 80)]
                .into_iter()
                .enumerate()
            {
                tseg!("LX*{}", l + 1);
                tseg!("SV1*HC:{code}*{charge}*UN*1***1");
                tseg!("DTP*472*D8*20261118");
            }
            emit(out, &mut written);
        }
        seg!("SE*{}*{sets:04}", count + 1);
        largest = largest.max(written + out.len() - seg_start);
        emit(out, &mut written);
    }
    seg!("GE*{sets}*1");
    seg!("IEA*1*000000001");
    flush(out);
    largest
}

/// Streams about `total` bytes; returns (bytes, transaction sets, largest set, peak heap of
/// the feeder above what it held before).
fn run(total: usize, big_claims: usize, stream: Stream) -> (u64, usize, usize, usize) {
    // The generator's own buffer is allocated before counting and never grows past it.
    let mut out: Vec<u8> = Vec::with_capacity(4 * CHUNK);
    let mut stream = stream;
    let mut sets = 0usize;
    let mut segments = 0usize;
    COUNTING.with(|c| c.set(true));
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    let mut drain = |s: &mut Stream| {
        while let Some(e) = s.next_event() {
            if let Event::TransactionSet(ts) = e.unwrap() {
                sets += 1;
                segments += ts.segment_count();
            }
        }
    };
    let largest = generate(total, big_claims, &mut out, &mut |buf: &mut Vec<u8>| {
        let mut rest = &buf[..];
        while rest.len() >= CHUNK || (!rest.is_empty() && buf.len() < CHUNK) {
            let n = rest.len().min(CHUNK);
            stream.push(&rest[..n]);
            drain(&mut stream);
            rest = &rest[n..];
        }
        let keep = rest.len();
        let from = buf.len() - keep;
        buf.copy_within(from.., 0);
        buf.truncate(keep);
    });
    // What is left (less than a chunk), then the end.
    stream.push(&out);
    stream.finish();
    drain(&mut stream);
    let peak = PEAK.load(Ordering::Relaxed);
    COUNTING.with(|c| c.set(false));
    assert!(out.capacity() == 4 * CHUNK, "the generator's buffer grew");
    assert!(segments > sets * 20);
    (stream.bytes_pushed(), sets, largest, peak)
}

/// The memory a stream may need beside twice the largest transaction set: the chunk being
/// read, the compaction slack (64 KiB), the index capacity a slot keeps between sets and the
/// small envelope copies.
const CONSTANT: usize = 256 << 10;

/// The bound holds for a stream as it comes ([`Stream::new`], whatever the options): it
/// indexes segments and finds elements on access. A stream asked to index every element
/// separator ([`Stream::with_element_index`]) adds four bytes per separator, about 1.1 times
/// the bytes of an 837: a third set's worth.
fn check(total: usize, big_claims: usize) {
    for opts in [
        ParseOptions::strict(),
        ParseOptions::lenient().segments_only(),
    ] {
        check_with(total, big_claims, "default", Stream::new(opts), 2);
    }
    let elements = Stream::new(ParseOptions::strict()).with_element_index();
    check_with(total, big_claims, "element index", elements, 3);
}

fn check_with(total: usize, big_claims: usize, what: &str, stream: Stream, factor: usize) {
    let (bytes, sets, largest, peak) = run(total, big_claims, stream);
    eprintln!(
        "{what}: {bytes} bytes, {sets} transaction sets, largest {largest} bytes: peak heap \
         {peak} bytes ({:.2}x the largest set)",
        peak as f64 / largest as f64
    );
    assert!(bytes >= total as u64);
    assert!(sets > 100);
    assert!(
        peak < factor * largest + CONSTANT,
        "{what}: peak heap {peak} bytes for a largest transaction set of {largest} bytes"
    );
}

#[test]
fn ten_megabytes_stay_within_twice_the_largest_set() {
    check(10_000_000, 8_000);
}

#[test]
#[ignore = "100 MB: run with --release -- --ignored"]
fn hundred_megabytes_stay_within_twice_the_largest_set() {
    check(100_000_000, 8_000);
}
