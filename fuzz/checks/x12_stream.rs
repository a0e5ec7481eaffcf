//! Checks of the `x12_stream` fuzz target, shared with `x12/tests/fuzz_corpus.rs`.
//!
//! The first byte picks the options, the next up to 16 bytes describe chunk sizes; the rest
//! is fed to a [`x12::Stream`] in those chunks. Whatever the split, the stream must produce
//! the same interchanges, groups, transaction sets, segments, diagnostics, warnings and
//! error as parsing the whole input at once.

use x12::ParseOptions;

use super::common;

pub(crate) fn check(data: &[u8]) {
    let [flags, rest @ ..] = data else {
        return;
    };
    let mut opts = if flags & 1 == 0 {
        ParseOptions::strict()
    } else {
        ParseOptions::lenient()
    };
    if flags & 2 != 0 {
        opts = opts.segments_only();
    } else if flags & 8 != 0 {
        // Whole-input parsing with separator bitmaps (the stream indexes segments only).
        opts = opts.separator_bitmaps();
    }
    if flags & 4 != 0 {
        opts = if flags & 1 == 0 {
            opts.report_envelope()
        } else {
            opts.reject_envelope()
        };
    }
    let k = (1 + usize::from(flags >> 4)).min(rest.len());
    let (plan, input) = rest.split_at(k);
    let whole = common::whole(input, &opts);
    // Chunks of the sizes in `plan` (0 means one byte), cycling.
    let mut chunks = Vec::new();
    let (mut at, mut i) = (0, 0);
    while at < input.len() {
        let n = usize::from(plan[i % plan.len()])
            .max(1)
            .min(input.len() - at);
        chunks.push(&input[at..at + n]);
        at += n;
        i += 1;
    }
    assert_eq!(
        common::streamed(chunks.iter().copied(), &opts),
        whole,
        "chunked"
    );
    // Empty pushes in between change nothing either.
    let with_empty = chunks.iter().flat_map(|c| [&c[..], &[][..]]);
    assert_eq!(
        common::streamed(with_empty, &opts),
        whole,
        "with empty chunks"
    );
    assert_eq!(common::streamed_in(input, 1, &opts), whole, "byte by byte");
}
