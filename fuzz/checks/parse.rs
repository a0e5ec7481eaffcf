//! Checks of the `parse` fuzz target, shared with `hl7v2/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use hl7v2::escape::{self, DecodeOptions, Formatting};
use hl7v2::{
    Batch, Buffers, Charset, Level, Message, Mode, OwnedMessage, ParseOptions, Segment, Value,
};

const MODES: [ParseOptions; 4] = [
    ParseOptions::strict(),
    ParseOptions::strict().segments_only(),
    ParseOptions::lenient(),
    ParseOptions::lenient().segments_only(),
];

pub(crate) fn check(data: &[u8]) {
    let results: Vec<Result<Message<'_>, hl7v2::Error>> =
        MODES.iter().map(|o| Message::parse_with(data, o)).collect();
    for (full, segs) in [(0, 1), (2, 3)] {
        match (&results[full], &results[segs]) {
            (Ok(a), Ok(b)) => same_message(a, b),
            (Err(a), Err(b)) => assert_eq!(a, b, "index depth changed the error"),
            (a, b) => panic!(
                "index depth changed the outcome: {:?} vs {:?}",
                a.as_ref().err(),
                b.as_ref().err()
            ),
        }
    }
    if results[0].is_ok() {
        assert!(
            results[2].is_ok(),
            "strict accepted, lenient rejected: {:?}",
            results[2].as_ref().err()
        );
    }
    for m in results.iter().flatten() {
        let _ = format!("{m:?}");
        walk(m);
        owned_writes_back(m);
        rewrite_is_stable(m);
    }
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        let _ = format!("{e} {e:?}");
    }
    // Splitting checks the envelope, not the messages (see `Batch` and
    // `batch_messages_are_checked_when_parsed` in hl7v2/tests/regressions.rs).
    batch_split(data, &ParseOptions::strict());
    batch_split(data, &ParseOptions::lenient());
    let mut bufs = Buffers::default();
    for (opts, fresh) in MODES.iter().zip(&results) {
        match (Message::parse_reusing(data, opts, &mut bufs), fresh) {
            (Ok(m), Ok(f)) => {
                same_message(&m, f);
                m.recycle(&mut bufs);
            }
            (Err(a), Err(b)) => assert_eq!(&a, b),
            _ => panic!("parse_reusing disagrees with parse_with"),
        }
    }
}

fn is_header_id(id: &[u8]) -> bool {
    matches!(id, b"MSH" | b"FHS" | b"BHS")
}

/// Whether the segment is a header (MSH/FHS/BHS followed by the field separator), whose
/// MSH-1 and MSH-2 are atomic.
fn is_header(m: &Message<'_>, s: &Segment<'_, '_>) -> bool {
    let raw = s.raw();
    raw.len() >= 4 && is_header_id(&raw[..3]) && raw[3] == m.delimiters().field
}

/// Everything about a message's structure, as (tag, offset, length) triples: two messages
/// over the same input with equal digests have the same segments and values.
fn digest(m: &Message<'_>) -> Vec<[usize; 3]> {
    let mut d = vec![[m.segment_count(), usize::from(m.has_final_terminator()), 0]];
    let v = |d: &mut Vec<[usize; 3]>, tag: usize, v: &Value<'_, '_>| {
        d.push([tag, v.offset(), v.raw().len()]);
    };
    for s in m.segments() {
        d.push([1, s.offset(), s.raw().len()]);
        d.push([2, s.id().len(), s.field_count()]);
        for f in s.fields() {
            v(&mut d, 3, &f);
            for r in f.repetitions() {
                v(&mut d, 4, &r);
                for c in r.components() {
                    v(&mut d, 5, &c);
                    for sc in c.subcomponents() {
                        v(&mut d, 6, &sc);
                    }
                }
            }
        }
    }
    d
}

fn same_message(a: &Message<'_>, b: &Message<'_>) {
    assert_eq!(a.delimiters(), b.delimiters());
    assert_eq!(a.charset(), b.charset());
    assert_eq!(a.warnings(), b.warnings());
    assert_eq!(digest(a), digest(b));
    assert_eq!(a.write(), b.write());
}

fn split(raw: &[u8], delim: Option<u8>) -> Vec<&[u8]> {
    match delim {
        Some(c) => raw.split(|&b| b == c).collect(),
        None => vec![raw],
    }
}

fn raws<'a>(vs: &[Value<'_, 'a>]) -> Vec<&'a [u8]> {
    vs.iter().map(|v| v.raw()).collect()
}

fn walk(m: &Message<'_>) {
    let input = m.input();
    let d = *m.delimiters();
    let lenient = m.options().mode == Mode::Lenient;
    let _ = (
        m.message_type(),
        m.sending_application(),
        m.sending_facility(),
    );
    let _ = (m.control_id(), m.processing_id(), m.version(), m.charset());
    if let Some(Ok(ts)) = m.timestamp() {
        let _ = ts.to_datetime();
    }
    assert_eq!(m.segments().len(), m.segment_count());
    assert!(m.segment(m.segment_count()).is_none());
    let grouped: usize = m.groups("OBR", &["OBX", "NTE"]).map(|g| g.len()).sum();
    assert!(grouped <= m.segment_count());
    assert!(m.find_segment("MSH", 0).is_none());
    for s in m.segments() {
        let _ = format!("{s:?}");
        let raw = s.raw();
        assert_eq!(&input[s.offset()..s.offset() + raw.len()], raw);
        assert!(!raw.is_empty());
        assert!(!raw.contains(&b'\r'));
        if lenient {
            assert!(!raw.contains(&b'\n'));
        }
        assert!(raw.starts_with(s.id()));
        assert!(!s.id().contains(&d.field));
        if let Some(id) = s.id_str() {
            let occ = m
                .segments_by_id(id)
                .position(|x| x.index() == s.index())
                .expect("segment found by its own id")
                + 1;
            assert_eq!(m.find_segment(id, occ).map(|x| x.index()), Some(s.index()));
        }
        let header = is_header(m, &s);
        let n = s.field_count();
        let fields: Vec<Value<'_, '_>> = s.fields().collect();
        assert_eq!(fields.len(), n);
        assert!(s.field(0).is_none());
        assert!(s.field(n + 1).is_none());
        // The fields, joined by the field separator, give back the segment.
        let mut joined = s.id().to_vec();
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(f.level(), Level::Field);
            if header && i == 0 {
                // MSH-1 is the field separator itself.
                assert_eq!(f.raw(), [d.field]);
                joined.push(d.field);
                continue;
            }
            if !(header && i == 1) {
                joined.push(d.field);
            }
            joined.extend_from_slice(f.raw());
        }
        assert_eq!(joined, raw);
        for (i, f) in fields.iter().enumerate() {
            let a = f.offset();
            assert!(a >= s.offset() && a + f.raw().len() <= s.offset() + raw.len());
            check_field(m, f, header && i < 2, lenient);
        }
    }
}

fn check_field(m: &Message<'_>, f: &Value<'_, '_>, atomic: bool, lenient: bool) {
    let d = *m.delimiters();
    let (rd, cd, sd) = if atomic {
        (None, None, None)
    } else {
        (d.repetition, Some(d.component), d.subcomponent)
    };
    let reps: Vec<Value<'_, '_>> = f.repetitions().collect();
    assert_eq!(raws(&reps), split(f.raw(), rd));
    assert!(f.repetition(0).is_none());
    assert!(f.repetition(reps.len() + 1).is_none());
    let first_comps: Vec<Value<'_, '_>> = f.components().collect();
    assert_eq!(raws(&first_comps), split(reps[0].raw(), cd));
    let first_subs: Vec<Value<'_, '_>> = f.subcomponents().collect();
    assert_eq!(raws(&first_subs), split(first_comps[0].raw(), sd));
    check_value(m, f, lenient);
    for r in &reps {
        assert_eq!(r.level(), Level::Repetition);
        assert_eq!(raws(&r.repetitions().collect::<Vec<_>>()), [r.raw()]);
        let comps: Vec<Value<'_, '_>> = r.components().collect();
        assert_eq!(raws(&comps), split(r.raw(), cd));
        assert!(r.component(comps.len() + 1).is_none());
        let subs1: Vec<Value<'_, '_>> = r.subcomponents().collect();
        assert_eq!(raws(&subs1), split(comps[0].raw(), sd));
        check_value(m, r, lenient);
        for c in &comps {
            assert_eq!(c.level(), Level::Component);
            assert_eq!(raws(&c.components().collect::<Vec<_>>()), [c.raw()]);
            let subs: Vec<Value<'_, '_>> = c.subcomponents().collect();
            assert_eq!(raws(&subs), split(c.raw(), sd));
            assert!(c.subcomponent(subs.len() + 1).is_none());
            check_value(m, c, lenient);
            for sc in &subs {
                assert_eq!(sc.level(), Level::Subcomponent);
                assert_eq!(raws(&sc.subcomponents().collect::<Vec<_>>()), [sc.raw()]);
                check_value(m, sc, lenient);
            }
        }
    }
}

fn check_value(m: &Message<'_>, v: &Value<'_, '_>, lenient: bool) {
    let _ = format!("{v:?}");
    let d = m.delimiters();
    let raw = v.raw();
    assert_eq!(v.is_empty(), raw.is_empty());
    assert_eq!(v.is_null(), raw == b"\"\"");
    let _ = v.timestamp();
    for formatting in [Formatting::Render, Formatting::Keep] {
        let opts = DecodeOptions { formatting };
        let dec = v.decoded_with(&opts);
        if lenient {
            assert!(dec.is_ok(), "lenient decoding never fails");
        }
        let direct = escape::unescape(raw, d, &opts, lenient);
        match (&dec, &direct) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.offset, b.offset + v.offset()),
            _ => panic!("decoded_with disagrees with unescape"),
        }
        if d.escape.is_none_or(|e| !raw.contains(&e)) {
            assert_eq!(dec.as_deref().ok(), Some(raw));
        }
        if formatting == Formatting::Keep
            && let Ok(b) = &dec
        {
            assert!(b.len() <= raw.len(), "Keep mode never expands");
        }
        let text = v.text_with(&opts);
        if let (Ok(t), Ok(b), Charset::Unspecified | Charset::Utf8) = (&text, &dec, m.charset())
            && core::str::from_utf8(b).is_ok()
        {
            assert_eq!(t.as_bytes(), &b[..]);
        }
    }
}

/// `OwnedMessage::from(&msg).write()` reproduces `msg.write()`, header segments included
/// (see hl7v2/tests/regressions.rs).
fn owned_writes_back(m: &Message<'_>) {
    let o = OwnedMessage::from(m);
    assert_eq!(o.delimiters(), m.delimiters());
    assert_eq!(o.segments.len(), m.segment_count());
    assert_eq!(o.write(), m.write());
    // The owned form is canonical: every level has at least one child.
    for s in &o.segments {
        for f in &s.fields {
            assert!(!f.repetitions.is_empty());
            for r in &f.repetitions {
                assert!(!r.components.is_empty());
                assert!(r.components.iter().all(|c| !c.subcomponents.is_empty()));
            }
        }
    }
}

/// Each message `Batch` splits off is an in-order, non-overlapping slice of the input that
/// starts with `MSH`, and parsing it never panics.
fn batch_split(data: &[u8], opts: &ParseOptions) {
    let Ok(b) = Batch::parse_with(data, opts) else {
        return;
    };
    let _ = (
        format!("{b:?}"),
        b.delimiters(),
        b.file_header(),
        b.file_trailer(),
        b.warnings(),
    );
    assert_eq!(b.messages().len(), b.message_count());
    assert_eq!(b.message_offsets().len(), b.message_count());
    let mut end = 0;
    for (msg, off) in b.messages().zip(b.message_offsets()) {
        assert!(off >= end, "messages overlap or are out of order");
        assert_eq!(data.get(off..off + msg.len()), Some(msg));
        end = off + msg.len();
        assert!(
            msg.starts_with(b"MSH"),
            "batch message at {off} starts elsewhere"
        );
        if let Ok(m) = Message::parse_with(msg, opts) {
            assert_eq!(m.input(), msg);
        }
    }
    // Parsing through the batch (which reuses strict splitting's terminators for a strict
    // segments-only index) gives what parsing each slice on its own gives.
    for o in MODES {
        let mut bufs = Buffers::default();
        for (i, msg) in b.messages().enumerate() {
            let direct = Message::parse_with(msg, &o);
            let via = b
                .parse_message_reusing(i, &o, &mut bufs)
                .expect("index in range");
            match (&direct, &via) {
                (Ok(x), Ok(y)) => same_message(x, y),
                (Err(x), Err(y)) => assert_eq!(x, y, "batch parse changed the error"),
                _ => panic!("batch parse changed the outcome"),
            }
            if let Ok(m) = via {
                m.recycle(&mut bufs);
            }
        }
        assert!(b.parse_message(b.message_count(), &o).is_none());
        assert_eq!(b.parse_messages(&o).len(), b.message_count());
    }
    let mut next = 0;
    for g in b.groups() {
        assert!(g.messages.start >= next && g.messages.end <= b.message_count());
        next = g.messages.end;
    }
}

fn rewrite_is_stable(m: &Message<'_>) {
    let w = m.write();
    if m.options().mode == Mode::Strict {
        assert_eq!(w, m.input(), "strict write() reproduces the input");
    }
    let again = match Message::parse_with(&w, m.options()) {
        Ok(a) => a,
        Err(e) => panic!("written message does not re-parse: {e:?}"),
    };
    assert_eq!(again.segment_count(), m.segment_count());
    assert_eq!(again.delimiters(), m.delimiters());
    assert_eq!(again.write(), w);
}
