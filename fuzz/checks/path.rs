//! Checks of the `path` fuzz target, shared with `hl7v2/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use hl7v2::{Delimiters, Message, OwnedMessage, ParseOptions, Path};

const MODES: [ParseOptions; 4] = [
    ParseOptions::strict(),
    ParseOptions::strict().segments_only(),
    ParseOptions::lenient(),
    ParseOptions::lenient().segments_only(),
];

pub(crate) fn check(data: &[u8]) {
    let [plen, tlen, rest @ ..] = data else {
        return;
    };
    let (pbytes, rest) = rest.split_at((usize::from(*plen) % 48).min(rest.len()));
    let (tbytes, msg) = rest.split_at((usize::from(*tlen) % 48).min(rest.len()));
    let path = String::from_utf8_lossy(pbytes);
    let text = String::from_utf8_lossy(tbytes);
    check_path(&path, &text, msg);
}

/// (offset, raw) of a looked-up value, to compare look-ups across parses of the same input.
type Found<'a> = Result<Option<(usize, &'a [u8])>, hl7v2::Error>;

fn check_path(path: &str, text: &str, msg: &[u8]) {
    let parsed = Path::parse(path);
    if let Ok(p) = &parsed {
        let shown = p.to_string();
        assert_eq!(
            Path::parse(&shown).ok(),
            Some(*p),
            "Display round trip of {shown}"
        );
    }
    let mut found: Vec<Option<Found<'_>>> = Vec::new();
    let mut delims = None;
    for opts in &MODES {
        let Ok(m) = Message::parse_with(msg, opts) else {
            found.push(None);
            continue;
        };
        delims.get_or_insert(*m.delimiters());
        let got = m.get(path);
        match (&got, &parsed) {
            (Ok(v), Ok(p)) => {
                let r = m.resolve(p);
                assert_eq!(v.map(|v| v.offset()), r.map(|r| r.offset()));
                assert_eq!(v.map(|v| v.raw()), r.map(|r| r.raw()));
            }
            (Err(a), Err(b)) => assert_eq!(a, b),
            _ => panic!("get and Path::parse disagree on {path:?}"),
        }
        if let Ok(Some(v)) = &got {
            let _ = (v.text(), v.decoded(), v.timestamp(), v.level());
            let _ = v.components().count() + v.subcomponents().count() + v.repetitions().count();
        }
        let owned = OwnedMessage::from(&m).get_raw(path);
        match (&owned, &got) {
            (Ok(o), Ok(v)) => assert_eq!(o.as_deref(), v.map(|v| v.raw()), "get_raw({path:?})"),
            (Err(a), Err(b)) => assert_eq!(a, b),
            _ => panic!("get_raw and get disagree on {path:?}"),
        }
        found.push(Some(got.map(|v| v.map(|v| (v.offset(), v.raw())))));
    }
    assert_eq!(
        found[0], found[1],
        "index depth changed strict get({path:?})"
    );
    assert_eq!(
        found[2], found[3],
        "index depth changed lenient get({path:?})"
    );

    // The builder, on a fresh message with the parsed message's delimiters.
    let d = match delims {
        Some(d) if d.escape.is_some() && d.subcomponent.is_some() => d,
        _ => Delimiters::default(),
    };
    set_then_get(path, text, d);
    let mut o = OwnedMessage::new(d);
    let _ = o.set_raw(path, text.as_bytes());
    let _ = o.add_repetition(path, text);
    let _ = o.get_raw(path);
    let _ = o.write();
}

/// `set(path, text)`, write, parse strictly: `get(path).text()` is `text` again, and the
/// parsed message converts back to the same owned message.
fn set_then_get(path: &str, text: &str, d: Delimiters) {
    let mut o = OwnedMessage::new(d);
    let Ok(p) = Path::parse(path) else {
        assert!(o.set(path, text).is_err());
        return;
    };
    if o.set(path, text).is_err() {
        return; // MSH-1/2, invalid segment id, skipped occurrence, index too large
    }
    if p.segment == "MSH" && p.segment_occurrence == 1 && p.field == 18 {
        return; // sets the character set
    }
    let bytes = o.write();
    let m = match Message::parse(&bytes) {
        Ok(m) => m,
        Err(e) => panic!("built message does not parse: {e:?}"),
    };
    assert_eq!(OwnedMessage::from(&m), o);
    let v = m
        .get(path)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{path:?} missing after set"));
    assert_eq!(v.text().ok().as_deref(), Some(text), "text at {path:?}");
}
