//! Steady-state parsing allocates nothing: a counting global allocator proves it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

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

#[test]
fn steady_state_parse_allocates_nothing() {
    let mut msgs: Vec<Vec<u8>> = Vec::new();
    for i in 0..20 {
        let mut m = format!(
            "MSH|^~\\&|APP|FAC|RCV|RFAC|20261124{i:06}||ORU^R01^ORU_R01|C{i}|P|2.5.1\rPID|1||{i}^^^H^MR~X{i}^^^S^SS||DOE^JANE^Q||19800101|F\r"
        )
        .into_bytes();
        for j in 0..(i * 5) {
            m.extend_from_slice(
                format!("OBX|{j}|NM|2345-7^Glucose^LN||{j}|mg/dL&milligram|70-99|N|||F\r")
                    .as_bytes(),
            );
        }
        msgs.push(m);
    }
    for opts in [
        hl7v2::ParseOptions::strict(),
        hl7v2::ParseOptions::strict().segments_only(),
    ] {
        let mut bufs = hl7v2::Buffers::default();
        // Warm up: grow the buffers to the largest message.
        for m in &msgs {
            let msg = hl7v2::Message::parse_reusing(m, &opts, &mut bufs).unwrap();
            msg.recycle(&mut bufs);
        }
        let before = ALLOCS.load(Ordering::Relaxed);
        COUNTING.with(|c| c.set(true));
        let mut fields = 0usize;
        for m in &msgs {
            let msg = hl7v2::Message::parse_reusing(m, &opts, &mut bufs).unwrap();
            for s in msg.segments() {
                fields += s.field_count();
            }
            fields += usize::from(msg.get("PID-3[2].1").unwrap().is_some());
            msg.recycle(&mut bufs);
        }
        COUNTING.with(|c| c.set(false));
        let after = ALLOCS.load(Ordering::Relaxed);
        assert!(fields > 0);
        assert_eq!(after - before, 0, "{opts:?}: allocations in steady state");
    }
}
