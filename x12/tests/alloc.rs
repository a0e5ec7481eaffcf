//! Steady-state parsing allocates nothing: a counting global allocator proves it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use x12::{Buffers, Interchange, Interchanges, ParseOptions};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Only allocations made by the test's own thread count (the harness has others).
    static COUNTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn count() {
    if COUNTING.with(|c| c.get()) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const INPUTS: [&[u8]; 5] = [
    include_bytes!("data/837p.x12"),
    include_bytes!("data/835.x12"),
    include_bytes!("data/271.x12"),
    include_bytes!("data/bad_se_count.x12"),
    include_bytes!("data/multiple_interchanges.x12"),
];

fn work(bufs: &mut Buffers, opts: &ParseOptions) -> usize {
    let mut n = 0;
    for input in INPUTS {
        let mut it = Interchanges::new(input, opts);
        while let Some(r) = it.next_reusing(bufs) {
            let ic = r.unwrap();
            for t in ic.transaction_sets() {
                for s in t.segments() {
                    n += s.element_count();
                    n += s.element(1).map_or(0, |e| e.components().count());
                }
            }
            n += ic.diagnostics().len() + ic.warnings().len();
            ic.recycle(bufs);
        }
    }
    let ic = Interchange::parse_reusing(INPUTS[0], &ParseOptions::strict(), bufs).unwrap();
    n += ic.segment_count();
    ic.recycle(bufs);
    n
}

#[test]
fn steady_state_parse_allocates_nothing() {
    for opts in [
        ParseOptions::lenient(),
        ParseOptions::lenient().segments_only(),
    ] {
        let mut bufs = Buffers::default();
        // Warm up: grow the buffers to the largest interchange.
        let expected = work(&mut bufs, &opts);
        let before = ALLOCS.load(Ordering::Relaxed);
        COUNTING.with(|c| c.set(true));
        let n = work(&mut bufs, &opts);
        COUNTING.with(|c| c.set(false));
        assert_eq!(n, expected);
        assert_eq!(ALLOCS.load(Ordering::Relaxed) - before, 0, "{opts:?}");
    }
}
