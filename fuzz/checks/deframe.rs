//! Checks of the `deframe` fuzz target, shared with `hl7v2/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use hl7v2::mllp::{
    CARRIAGE_RETURN, DEFAULT_MAX_FRAME_SIZE, Deframer, END_BLOCK, Event, START_BLOCK, deframe_all,
    frame,
};

pub(crate) fn check(data: &[u8]) {
    let [flags, max, rest @ ..] = data else {
        let events = deframe_all(data);
        check_tiling(data, &events, DEFAULT_MAX_FRAME_SIZE);
        return;
    };
    let k = (1 + usize::from(flags >> 4)).min(rest.len());
    let (plan, stream) = rest.split_at(k);
    let whole = deframe_all(stream);
    check_tiling(stream, &whole, DEFAULT_MAX_FRAME_SIZE);
    let chunked = run(Deframer::new(), stream, plan);
    assert_eq!(chunked, whole, "chunking changed the events");
    if flags & 1 == 1 {
        let max = usize::from(*max);
        let one = run(Deframer::with_max_frame_size(max), stream, &[]);
        check_tiling(stream, &one, max);
        let chunked = run(Deframer::with_max_frame_size(max), stream, plan);
        assert_eq!(chunked, one, "chunking changed the events (max {max})");
    }
    for e in &whole {
        let _ = format!("{e:?}");
        if let Event::Message(payload) = e {
            assert_eq!(
                deframe_all(&frame(payload)),
                [Event::Message(payload.clone())]
            );
        }
    }
}

/// Feeds `stream` in the chunks `plan` describes (all at once when `plan` is empty), pulling
/// events as it says, then finishes.
fn run(mut d: Deframer, stream: &[u8], plan: &[u8]) -> Vec<Event> {
    let mut events = Vec::new();
    if plan.is_empty() {
        d.push(stream);
        events.extend(d.events());
    } else {
        // A plan of only empty chunks would never finish: then every chunk has one byte.
        let min = usize::from(plan.iter().all(|p| p & 0x3f == 0));
        let mut pos = 0;
        let mut i = 0;
        while pos < stream.len() {
            let p = plan[i % plan.len()];
            i += 1;
            let n = usize::from(p & 0x3f).max(min).min(stream.len() - pos);
            d.push(&stream[pos..pos + n]);
            pos += n;
            if p & 0x80 == 0 {
                if p & 0x40 == 0 {
                    events.extend(d.events());
                } else {
                    events.extend(d.next_event());
                }
            }
        }
    }
    assert_eq!(d.bytes_pushed(), stream.len() as u64);
    while let Some(e) = d.finish() {
        events.push(e);
    }
    assert_eq!(d.finish(), None);
    assert_eq!(d.next_event(), None);
    assert_eq!(d.buffered_len(), 0);
    assert_eq!(d.bytes_pushed(), stream.len() as u64);
    events
}

fn is_ws(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The events tile the stream: garbage runs, frames (`VT payload FS [CR]`), truncated and
/// oversize frames, in order, without gaps or overlaps.
fn check_tiling(input: &[u8], events: &[Event], max: usize) {
    let mut pos = 0usize;
    let mut i = 0;
    let mut prev_garbage = false;
    while i < events.len() {
        let at = |offset: u64| usize::try_from(offset).unwrap_or(usize::MAX);
        let garbage = matches!(events[i], Event::Garbage { .. });
        match &events[i] {
            Event::Garbage {
                offset,
                len,
                whitespace_only,
            } => {
                assert!(!prev_garbage, "adjacent garbage runs");
                assert_eq!(at(*offset), pos);
                assert!(*len > 0);
                let run = &input[pos..pos + len];
                assert!(!run.contains(&START_BLOCK));
                assert_eq!(*whitespace_only, run.iter().all(is_ws));
                pos += len;
            }
            Event::Message(payload) => {
                assert_eq!(input[pos], START_BLOCK);
                let end = pos + 1 + payload.len();
                assert_eq!(&input[pos + 1..end], &payload[..]);
                assert!(payload.len() <= max);
                assert!(!payload.contains(&START_BLOCK) && !payload.contains(&END_BLOCK));
                assert_eq!(input[end], END_BLOCK);
                pos = end + 1;
                if let Some(Event::MissingCarriageReturn { offset }) = events.get(i + 1) {
                    assert_eq!(at(*offset), pos);
                    assert_ne!(input.get(pos), Some(&CARRIAGE_RETURN));
                    i += 1;
                } else {
                    assert_eq!(input.get(pos), Some(&CARRIAGE_RETURN));
                    pos += 1;
                }
            }
            Event::MissingCarriageReturn { .. } => {
                panic!("MissingCarriageReturn not after a message")
            }
            Event::Truncated { offset, len } => {
                assert_eq!(at(*offset), pos);
                assert!(*len >= 1);
                assert_eq!(input[pos], START_BLOCK);
                let body = &input[pos + 1..pos + len];
                assert!(body.len() <= max);
                assert!(!body.contains(&START_BLOCK) && !body.contains(&END_BLOCK));
                pos += len;
                assert!(pos == input.len() || input[pos] == START_BLOCK);
            }
            Event::Oversize { offset, len } => {
                assert_eq!(at(*offset), pos);
                assert_eq!(input[pos], START_BLOCK);
                let body = &input[pos + 1..pos + len];
                assert!(!body.contains(&START_BLOCK));
                let plen = body
                    .iter()
                    .position(|&b| b == END_BLOCK)
                    .unwrap_or(body.len());
                assert!(plen > max, "oversize frame of {plen} bytes (max {max})");
                let trailer = &body[plen..];
                pos += len;
                match trailer {
                    [] => assert!(pos == input.len() || input[pos] == START_BLOCK),
                    [END_BLOCK] => assert_ne!(input.get(pos), Some(&CARRIAGE_RETURN)),
                    [END_BLOCK, CARRIAGE_RETURN] => {}
                    _ => panic!("oversize range runs past its trailer"),
                }
            }
        }
        prev_garbage = garbage;
        i += 1;
    }
    assert_eq!(pos, input.len(), "events do not cover the stream");
}
