//! Property tests: parsing never panics, owned messages survive write + parse, values set
//! through the builder read back as the same text, and strict parsing writes back its input.

use hl7v2::escape::{DecodeOptions, Formatting, unescape};
use hl7v2::owned::{OwnedComponent, OwnedField, OwnedRepetition, OwnedSegment};
use hl7v2::{Delimiters, Level, Message, OwnedMessage, ParseOptions, Path, Value};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

const MODES: [ParseOptions; 4] = [
    ParseOptions::strict(),
    ParseOptions::strict().segments_only(),
    ParseOptions::lenient(),
    ParseOptions::lenient().segments_only(),
];

/// Printable ASCII punctuation: what delimiters are drawn from.
const PUNCT: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Bytes that make up HL7-looking input, so random data gets past the header often.
const HL7ISH: &[u8] = b"MSHPIDOBX|^~\\&#\r\n\r\r 01AZaz.\"\t\x0b\x1c\xc3\xbc\xff\x00";

// ---------------------------------------------------------------------------------------
// Strategies

/// Bytes of anything, of HL7-ish alphabet, or starting with a plausible header.
fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..300),
        vec(select(HL7ISH.to_vec()), 0..300),
        (
            select(vec![
                &b"MSH|^~\\&"[..],
                b"MSH|^~\\&#|",
                b"MSH#$*@!#",
                b"MSH|^",
                b"\xef\xbb\xbf MSH|^~\\&|"
            ]),
            vec(select(HL7ISH.to_vec()), 0..300)
        )
            .prop_map(|(h, rest)| [h, &rest[..]].concat()),
    ]
}

/// Path strings: well-formed ones, near misses, and anything.
fn path_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "(PID|MSH|OBX|ZZ1|[A-Z0-9]{3})(\\[[0-9]{1,2}\\])?[-.][0-9]{1,3}(\\[[0-9]{1,2}\\])?(\\.[0-9]{1,2}(\\.[0-9]{1,2})?)?",
        "[A-Z0-9a-z\\-.\\[\\] ]{0,16}",
        any::<String>(),
    ]
}

/// Five or six distinct delimiters from ASCII punctuation; the truncation character is
/// present in about half of the cases (HL7 v2.7+).
fn delimiters() -> impl Strategy<Value = Delimiters> {
    (subsequence(PUNCT.to_vec(), 6).prop_shuffle(), any::<bool>()).prop_map(|(v, trunc)| {
        Delimiters {
            field: v[0],
            component: v[1],
            repetition: Some(v[2]),
            escape: Some(v[3]),
            subcomponent: Some(v[4]),
            truncation: trunc.then_some(v[5]),
        }
    })
}

/// A raw value: letters, digits, spaces, non-ASCII UTF-8 and escape sequences, never a raw
/// delimiter.
fn raw_value(d: Delimiters) -> impl Strategy<Value = Vec<u8>> {
    let e = char::from(d.escape.unwrap_or(b'\\'));
    let mut codes = vec![
        "F", "S", "T", "R", "E", "X0D", "X41C3A9", ".br", "H", "N", "Zlocal", ".sp 2",
    ];
    if d.truncation.is_some() {
        codes.push("P");
    }
    // `\.br\` and `\.sp 2\` cannot be written when `.` is a delimiter.
    let delims: Vec<u8> = [d.field]
        .into_iter()
        .chain(d.encoding_characters())
        .collect();
    let escapes: Vec<String> = codes
        .iter()
        .filter(|c| !c.bytes().any(|b| delims.contains(&b)))
        .map(|c| format!("{e}{c}{e}"))
        .collect();
    let atom = prop_oneof![
        "[a-zA-Z0-9 ]{1,4}",
        Just("ü日".to_string()),
        select(escapes),
    ];
    vec(atom, 0..4).prop_map(|v| v.concat().into_bytes())
}

fn owned_field(d: Delimiters) -> impl Strategy<Value = OwnedField> {
    let component =
        vec(raw_value(d), 1..3).prop_map(|subcomponents| OwnedComponent { subcomponents });
    let repetition = vec(component, 1..3).prop_map(|components| OwnedRepetition { components });
    vec(repetition, 1..3).prop_map(|repetitions| OwnedField { repetitions })
}

fn owned_segment(d: Delimiters) -> impl Strategy<Value = OwnedSegment> {
    (
        "[A-Z][A-Z0-9]{2}".prop_filter("header ids carry the delimiters", |id| {
            !matches!(id.as_str(), "MSH" | "FHS" | "BHS")
        }),
        vec(owned_field(d), 0..5),
    )
        .prop_map(|(id, fields)| OwnedSegment {
            id: id.into_bytes(),
            fields,
        })
}

/// A message in canonical form: MSH first (MSH-1/MSH-2 from the delimiters), every field,
/// repetition and component with at least one child.
fn owned_message() -> impl Strategy<Value = OwnedMessage> {
    delimiters()
        .prop_flat_map(|d| {
            (
                Just(d),
                vec(owned_field(d), 0..6),
                vec(owned_segment(d), 0..5),
                any::<bool>(),
            )
        })
        .prop_map(|(d, msh_fields, segments, final_terminator)| {
            let mut m = OwnedMessage::new(d);
            m.segments[0].fields.extend(msh_fields);
            m.segments.extend(segments);
            m.final_terminator = final_terminator;
            m
        })
}

/// Text to store: anything, including delimiters, the escape character, CR and LF.
fn text(d: Delimiters) -> impl Strategy<Value = String> {
    let mut specials: Vec<char> = [d.field, d.component, b'\r', b'\n', b'\\']
        .into_iter()
        .chain(
            [d.repetition, d.escape, d.subcomponent, d.truncation]
                .into_iter()
                .flatten(),
        )
        .map(char::from)
        .collect();
    specials.push('\u{0}');
    let piece = prop_oneof![
        "[a-zA-Z0-9 ]{1,3}",
        Just("ü日".to_string()),
        select(specials).prop_map(String::from),
        any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Segment id, occurrence, field, repetition, component, subcomponent.
type PathParts = (
    &'static str,
    usize,
    usize,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    bool,
);

fn path_parts() -> impl Strategy<Value = PathParts> {
    (
        select(vec!["PID", "OBX", "ZZ1", "NTE", "MSH", "BHS"]),
        1..=3usize,
        1..=12usize,
        proptest::option::of(1..=3usize),
        proptest::option::of(1..=4usize),
        proptest::option::of(1..=3usize),
        any::<bool>(),
    )
}

/// Well-formed message bytes (not necessarily canonical): a header, then segments with valid
/// ids whose contents are any bytes but CR (and LF in MSH), delimiters included.
fn well_formed_bytes() -> impl Strategy<Value = Vec<u8>> {
    delimiters()
        .prop_flat_map(|d| {
            let mut alphabet: Vec<u8> = b"abcXYZ019 \n\t\"".to_vec();
            alphabet.extend(
                [d.field, d.component].into_iter().chain(
                    [d.repetition, d.escape, d.subcomponent, d.truncation]
                        .into_iter()
                        .flatten(),
                ),
            );
            alphabet.extend("ü日".as_bytes());
            let body = vec(select(alphabet), 0..40);
            (
                Just(d),
                body.clone(),
                vec(("[A-Z][A-Z0-9]{2}", body), 0..6),
                any::<bool>(),
            )
        })
        .prop_map(|(d, msh_rest, segments, final_cr)| {
            let mut out = b"MSH".to_vec();
            out.push(d.field);
            out.extend(d.encoding_characters());
            if !msh_rest.is_empty() {
                // No LF in MSH: strict parsing rejects `LF` + `PID|` there as LF terminators.
                out.push(d.field);
                out.extend(msh_rest.into_iter().filter(|&b| b != b'\n'));
            }
            for (id, body) in segments {
                out.push(b'\r');
                out.extend(id.as_bytes());
                out.push(d.field);
                out.extend(body);
            }
            if final_cr {
                out.push(b'\r');
            }
            out
        })
}

// ---------------------------------------------------------------------------------------
// Properties

/// The whole structure of an owned message, values included (its `Debug` shows no values).
fn dump(o: &OwnedMessage) -> String {
    let mut s = format!("final CR: {}\n", o.final_terminator);
    for seg in &o.segments {
        s += &String::from_utf8_lossy(&seg.id);
        for f in &seg.fields {
            s += " F(";
            for r in &f.repetitions {
                s += " R(";
                for c in &r.components {
                    let subs: Vec<String> = c
                        .subcomponents
                        .iter()
                        .map(|x| String::from_utf8_lossy(x).into_owned())
                        .collect();
                    s += &format!(" C{subs:?}");
                }
                s += " )";
            }
            s += " )";
        }
        s += "\n";
    }
    s
}

fn walk(m: &Message<'_>) {
    for s in m.segments() {
        for f in s.fields() {
            let _ = (f.text(), f.decoded(), f.timestamp());
            for r in f.repetitions() {
                for c in r.components() {
                    for sc in c.subcomponents() {
                        let _ = (sc.text(), sc.decoded());
                    }
                }
            }
        }
    }
}

/// Everything that identifies a view: level, offset and bytes.
fn key(v: Option<Value<'_, '_>>) -> Option<(Level, usize, Vec<u8>)> {
    v.map(|v| (v.level(), v.offset(), v.raw().to_vec()))
}

/// Every value of a message, reached through the direct accessors (`field`, `repetition`,
/// `component`, `subcomponent`, beyond the last part too), checked against the iterators
/// (`fields`, `repetitions`, `components`, `subcomponents`); returns them all in order.
fn tree(m: &Message<'_>) -> Vec<Option<(Level, usize, Vec<u8>)>> {
    fn by_parts<'m, 'a>(
        it: hl7v2::Parts<'m, 'a>,
        get: &dyn Fn(usize) -> Option<(Level, usize, Vec<u8>)>,
    ) -> Vec<Value<'m, 'a>> {
        let parts: Vec<_> = it.collect();
        for n in 0..=parts.len() + 1 {
            let want = n.checked_sub(1).and_then(|i| parts.get(i).copied());
            assert_eq!(get(n), key(want), "part {n}");
        }
        parts
    }
    let mut out = Vec::new();
    for s in m.segments() {
        let fields: Vec<_> = s.fields().collect();
        assert_eq!(fields.len(), s.field_count());
        let raw: Vec<&[u8]> = s.raw_fields().collect();
        let want: Vec<&[u8]> = fields.iter().map(|v| v.raw()).collect();
        assert_eq!(raw, want);
        assert_eq!(s.raw_fields().len(), fields.len());
        for k in 0..=raw.len() + 1 {
            assert_eq!(s.raw_fields().nth(k), raw.get(k).copied(), "nth {k}");
            let mut it = s.raw_fields();
            let _ = it.nth(k / 2);
            assert_eq!(
                it.nth(k - k / 2),
                raw.get(k / 2 + 1 + k - k / 2).copied(),
                "nth twice {k}"
            );
        }
        for n in 0..=fields.len() + 1 {
            let want = n.checked_sub(1).and_then(|i| fields.get(i).copied());
            assert_eq!(key(s.field(n)), key(want), "field {n}");
            assert_eq!(s.field_raw(n), want.map(|v| v.raw()), "raw field {n}");
        }
        for f in fields {
            out.push(key(Some(f)));
            let values = [Some(f), f.repetition(1), f.component(1), f.subcomponent(1)];
            for v in values.into_iter().flatten() {
                by_parts(v.repetitions(), &|n| key(v.repetition(n)));
                by_parts(v.components(), &|n| key(v.component(n)));
                by_parts(v.subcomponents(), &|n| key(v.subcomponent(n)));
            }
            for r in by_parts(f.repetitions(), &|n| key(f.repetition(n))) {
                out.push(key(Some(r)));
                for c in by_parts(r.components(), &|n| key(r.component(n))) {
                    out.push(key(Some(c)));
                    for sc in by_parts(c.subcomponents(), &|n| key(c.subcomponent(n))) {
                        out.push(key(Some(sc)));
                    }
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Direct access agrees with iteration, and the full index with the segments-only one.
    #[test]
    fn direct_access_agrees_with_iteration(
        input in prop_oneof![input_bytes(), well_formed_bytes()]
    ) {
        for pair in MODES.chunks(2) {
            let (Ok(full), Ok(segs)) = (
                Message::parse_with(&input, &pair[0]),
                Message::parse_with(&input, &pair[1]),
            ) else {
                continue;
            };
            prop_assert_eq!(tree(&full), tree(&segs));
        }
    }

    /// (a) Arbitrary bytes never make parsing, navigation or look-ups panic.
    #[test]
    fn arbitrary_bytes_never_panic(input in input_bytes(), paths in vec(path_string(), 1..4)) {
        for opts in &MODES {
            let Ok(m) = Message::parse_with(&input, opts) else { continue };
            walk(&m);
            let _ = (m.message_type(), m.timestamp(), m.charset(), format!("{m:?}"));
            for p in &paths {
                if let Ok(Some(v)) = m.get(p) {
                    let _ = (v.text(), v.decoded(), v.raw());
                }
                let _ = Path::parse(p);
            }
            let _ = OwnedMessage::from(&m).write();
            if opts.mode == hl7v2::Mode::Strict {
                prop_assert_eq!(m.write(), input.clone());
            }
        }
    }

    /// (a) Arbitrary bytes never make escape decoding panic, with any delimiters; lenient
    /// decoding never fails.
    #[test]
    fn arbitrary_bytes_never_panic_unescape(
        raw in vec(any::<u8>(), 0..200),
        d in (any::<[u8; 6]>(), any::<[bool; 4]>()).prop_map(|(b, some)| Delimiters {
            field: b[0],
            component: b[1],
            repetition: some[0].then_some(b[2]),
            escape: some[1].then_some(b[3]),
            subcomponent: some[2].then_some(b[4]),
            truncation: some[3].then_some(b[5]),
        }),
    ) {
        for d in [d, Delimiters::default()] {
            for formatting in [Formatting::Render, Formatting::Keep] {
                let opts = DecodeOptions { formatting };
                let _ = unescape(&raw, &d, &opts, false);
                prop_assert!(unescape(&raw, &d, &opts, true).is_ok());
            }
        }
    }

    /// (b) A canonical owned message survives write + strict parse + `OwnedMessage::from`.
    #[test]
    fn owned_message_round_trips(m in owned_message()) {
        let bytes = m.write();
        let parsed = Message::parse(&bytes);
        prop_assert!(parsed.is_ok(), "{:?} for {:?}", parsed.as_ref().err(), String::from_utf8_lossy(&bytes));
        let parsed = parsed.unwrap();
        prop_assert_eq!(parsed.delimiters(), m.delimiters());
        prop_assert_eq!(dump(&OwnedMessage::from(&parsed)), dump(&m));
        prop_assert_eq!(OwnedMessage::from(&parsed), m.clone());
        let segs_only = Message::parse_with(&bytes, &ParseOptions::strict().segments_only()).unwrap();
        prop_assert_eq!(OwnedMessage::from(&segs_only), m);
    }

    /// (c) `set(path, text)` then write + parse: `get(path).text()` is `text`.
    #[test]
    fn set_text_reads_back(
        (d, base, t) in owned_message().prop_flat_map(|m| {
            let d = *m.delimiters();
            (Just(d), Just(m), text(d))
        }),
        (seg, occ, field, rep, comp, sub, show_occ) in path_parts(),
    ) {
        let mut m = base;
        // MSH-18 names the character set: keep it empty so text decodes as UTF-8.
        if let Some(f) = m.segments[0].fields.get_mut(17) {
            *f = OwnedField::default();
        }
        let header = matches!(seg, "MSH" | "BHS");
        let count = m.segments.iter().filter(|s| s.id == seg.as_bytes()).count();
        let occ = occ.min(count + 1);
        let mut field = if header && field <= 2 { field + 2 } else { field };
        if seg == "MSH" && occ == 1 && field == 18 {
            field = 19;
        }
        let mut path = seg.to_string();
        if occ != 1 || show_occ {
            path += &format!("[{occ}]");
        }
        path += &format!("-{field}");
        if let Some(r) = rep {
            path += &format!("[{r}]");
        }
        if let Some(c) = comp {
            path += &format!(".{c}");
            if let Some(s) = sub {
                path += &format!(".{s}");
            }
        }
        prop_assert!(m.set(&path, &t).is_ok(), "set({}) failed", path);
        let bytes = m.write();
        let parsed = Message::parse(&bytes).unwrap();
        prop_assert_eq!(parsed.delimiters(), &d);
        let v = parsed.get(&path).unwrap();
        prop_assert!(v.is_some(), "{} missing", path);
        prop_assert_eq!(v.unwrap().text().unwrap(), t.as_str());
        prop_assert_eq!(dump(&OwnedMessage::from(&parsed)), dump(&m));
        prop_assert_eq!(OwnedMessage::from(&parsed), m);
    }

    /// (d) Strictly parsed well-formed bytes write back unchanged, at either index depth.
    #[test]
    fn strict_write_reproduces_input(input in well_formed_bytes()) {
        for opts in [ParseOptions::strict(), ParseOptions::strict().segments_only()] {
            let m = Message::parse_with(&input, &opts);
            prop_assert!(m.is_ok(), "{:?} for {:?}", m.as_ref().err(), String::from_utf8_lossy(&input));
            let m = m.unwrap();
            prop_assert_eq!(m.write(), input.clone());
            prop_assert_eq!(m.segment_count(), input.split(|&b| b == b'\r').filter(|s| !s.is_empty()).count());
        }
    }
}
