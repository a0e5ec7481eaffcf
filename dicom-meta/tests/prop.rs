//! Property tests: no input makes parsing, value access or writing panic; generated data
//! sets in every uncompressed transfer syntax parse to what was generated and write back
//! byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    BulkData, DataSet, DicomFile, Element, GroupLengths, Inflated, JsonOptions, JsonReadOptions,
    Length, OwnedDataSet, ParseOptions, Tag, TransferSyntax, Vr, WriteOptions, XmlOptions,
    from_json, from_json_with,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------------------------------
// Exercising everything on whatever was parsed.

fn touch_element(e: &Element<'_, '_>) {
    let _ = (
        e.tag(),
        e.vr(),
        e.offset(),
        e.length(),
        e.value(),
        e.raw(),
        e.depth(),
    );
    let _ = (
        e.keyword(),
        e.path().to_string(),
        e.character_set(),
        e.multiplicity(),
    );
    let _ = (
        e.text(),
        e.strings(),
        e.string(),
        e.uid(),
        e.person_names(),
        e.date(),
        e.time(),
    );
    let _ = (
        e.datetime(),
        e.ints(),
        e.decimals(),
        e.floats(),
        e.is_incomplete(),
    );
    if let Ok(it) = e.u16s() {
        it.for_each(drop);
    }
    if let Ok(it) = e.u32s() {
        it.for_each(drop);
    }
    if let Ok(it) = e.f64s() {
        it.for_each(drop);
    }
    if let Ok(it) = e.tags() {
        it.for_each(drop);
    }
    for item in e.items() {
        let _ = (
            item.len(),
            item.raw(),
            item.offset(),
            item.length(),
            format!("{item:?}"),
        );
    }
    for f in e.fragments() {
        let _ = (f.data(), f.offset());
    }
    let _ = e.frame_offsets().count();
    let _ = format!("{e:?}");
}

fn touch(ds: &DataSet<'_>) {
    for e in ds.walk() {
        touch_element(&e);
    }
    for p in [
        "PatientName",
        "(0008,1115)[0].(0020,000E)",
        "ReferencedSeriesSequence[2].X",
        "[",
        "",
    ] {
        let _ = ds.get(p);
    }
    let _ = (ds.write(), format!("{ds:?}"), ds.len());
    // DICOM JSON and XML: output, when there is any, is well-formed and JSON reads back.
    let uri = |e: &Element<'_, '_>| Some(format!("b/{}", e.offset()));
    for opts in [
        JsonOptions::new(),
        JsonOptions::new().pretty().numbers_as_strings(),
        JsonOptions::new().bulk_data(BulkData::new(8, &uri)),
    ] {
        if let Ok(json) = ds.to_json(&opts) {
            let fetch = |_: &str, _: Tag, _: Vr| Some(vec![0u8; 2]);
            let _ = from_json_with(&json, &JsonReadOptions::new().bulk_data(&fetch));
        }
    }
    let _ = ds.to_xml(&XmlOptions::new());
    // Owned copy, transcoding, de-identification.
    if let Ok(mut owned) = OwnedDataSet::from_data_set(ds) {
        for ts in SYNTAXES {
            let _ = owned.write(ts, &WriteOptions::new().group_lengths(GroupLengths::Add));
        }
        let mut with_options = owned.clone();
        dicom_meta::deid::deidentify(&mut owned, b"k");
        let all = dicom_meta::deid::DeidOptions::new()
            .retain_safe_private(true)
            .retain_modified_dates(true)
            .retain_patient_characteristics(true)
            .clean_descriptors(true)
            .clean_structured_content(true)
            .clean_graphics(true);
        dicom_meta::deid::deidentify_with(&mut with_options, b"k", &all);
        let _ = with_options.write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        );
        let _ = owned.write(
            TransferSyntax::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        );
    }
}

const SYNTAXES: [TransferSyntax; 3] = [
    TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
];

fn exercise(input: &[u8]) {
    for opts in [
        ParseOptions::strict(),
        ParseOptions::lenient(),
        ParseOptions::lenient().max_depth(3),
    ] {
        if let Ok((file, _)) = DicomFile::parse_partial(input, &opts) {
            touch(file.data_set());
            touch(file.meta());
            let _ = (file.write(), format!("{file:?}"), file.warnings().count());
        }
        if let Ok(holder) = Inflated::new(input, &opts.max_inflated_len(1 << 16))
            && let Ok((file, _)) = holder.parse_partial()
        {
            touch(file.data_set());
        }
        for ts in SYNTAXES {
            let (ds, err) = DataSet::parse_partial(input, ts, &opts);
            touch(&ds);
            if let Some(e) = err {
                assert!(e.offset <= input.len());
                let _ = e.to_string();
            } else if opts == ParseOptions::strict() {
                // Strictly read means exactly written.
                assert_eq!(ds.write(), input);
            }
        }
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Bytes that make up element headers, so random data gets past the first header often.
const DICOMISH: &[u8] =
    b"\x00\x01\x02\x08\x10\x20\x28\xe0\xfe\xff\xdd\x0dSQUNOBOWLOCSPNULUSFDATDA\x7f";

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let names = vec![
        "explicit_le.dcm",
        "implicit_le.dcm",
        "explicit_be.dcm",
        "cp246.dcm",
        "deep.dcm",
        "rle.dcm",
        "deflated.dcm",
        "no_meta_implicit.dcm",
    ];
    (
        select(names),
        vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(name, edits, cut)| {
            let mut b = fixture(name);
            for (i, v) in edits {
                let at = i.index(b.len());
                b[at] = v;
            }
            let keep = b.len() - cut.index(b.len() / 4 + 1);
            b.truncate(keep);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(input in prop_oneof![
        vec(any::<u8>(), 0..400),
        vec(select(DICOMISH.to_vec()), 0..400),
        (vec(select(DICOMISH.to_vec()), 0..400)).prop_map(|v| [vec![0u8; 128], b"DICM".to_vec(), v].concat()),
    ]) {
        exercise(&input);
    }

    #[test]
    fn mutated_fixtures_never_panic(input in mutated()) {
        exercise(&input);
    }

    #[test]
    fn arbitrary_json_never_panics(text in prop_oneof![
        ".{0,200}",
        vec(select(JSONISH.to_vec()), 0..300).prop_map(|v| v.concat()),
        mutated_json(),
    ]) {
        if let Err(e) = from_json(&text) {
            assert!(e.offset <= text.len());
            let _ = e.to_string();
        }
    }
}

/// Pieces of DICOM JSON, so random text gets deep into the reader.
const JSONISH: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"vr\"",
    "\"Value\"",
    "\"InlineBinary\"",
    "\"SQ\"",
    "\"PN\"",
    "\"US\"",
    "\"DS\"",
    "\"AT\"",
    "\"FD\"",
    "\"00100010\"",
    "\"00081115\"",
    "\"Alphabetic\"",
    "1",
    "-0.5e3",
    "null",
    "true",
    "\"AAAA\"",
    "\\u00e9",
    "\"00080005\"",
    "\"ISO 2022 IR 87\"",
    "\"\u{1b}$B\"",
];

fn mutated_json() -> impl Strategy<Value = String> {
    let names = vec!["vrs.dcm", "explicit_le.dcm", "charset_jis.dcm", "deep.dcm"];
    (
        select(names),
        vec(
            (any::<prop::sample::Index>(), select(JSONISH.to_vec())),
            0..6,
        ),
    )
        .prop_map(|(name, edits)| {
            let bytes = fixture(name);
            let file = DicomFile::parse(&bytes).unwrap();
            let mut json = file.data_set().to_json(&JsonOptions::new()).unwrap();
            for (i, piece) in edits {
                let mut at = i.index(json.len() + 1);
                while !json.is_char_boundary(at) {
                    at -= 1;
                }
                json.insert_str(at, piece);
            }
            json
        })
}

// ---------------------------------------------------------------------------------------
// Generated data sets.

/// A generated element: a leaf with bytes, or a sequence of items.
#[derive(Debug, Clone)]
enum Node {
    Leaf {
        tag: u32,
        vr: &'static [u8; 2],
        value: Vec<u8>,
    },
    Seq {
        tag: u32,
        undefined: bool,
        items: Vec<(bool, Vec<Node>)>,
    },
}

impl Node {
    fn tag(&self) -> u32 {
        match self {
            Node::Leaf { tag, .. } | Node::Seq { tag, .. } => *tag,
        }
    }
}

/// Sequence tags that are SQ in the dictionary (so implicit VR finds them).
const SQ_TAGS: [u32; 5] = [
    0x0008_1032,
    0x0008_1115,
    0x0008_1140,
    0x0040_0260,
    0x0040_A730,
];
const LEAF_VRS: [&[u8; 2]; 9] = [
    b"LO", b"SH", b"US", b"UL", b"FD", b"OB", b"UT", b"UN", b"CS",
];

fn leaf() -> impl Strategy<Value = Node> {
    (
        0x1000u32..0x1040,
        select(LEAF_VRS.to_vec()),
        vec(any::<u8>(), 0..20),
    )
        .prop_map(|(e, vr, mut value)| {
            if value.len() % 2 == 1 {
                value.push(0);
            }
            Node::Leaf {
                tag: 0x0011_0000 | e,
                vr,
                value,
            }
        })
}

fn sorted(mut nodes: Vec<Node>) -> Vec<Node> {
    nodes.sort_by_key(Node::tag);
    nodes.dedup_by_key(|n| n.tag());
    nodes
}

fn node() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        (
            select(SQ_TAGS.to_vec()),
            any::<bool>(),
            vec((any::<bool>(), vec(inner, 0..5).prop_map(sorted)), 0..4),
        )
            .prop_map(|(tag, undefined, items)| Node::Seq {
                tag,
                undefined,
                items,
            })
    })
}

fn data_set() -> impl Strategy<Value = Vec<Node>> {
    vec(node(), 0..12).prop_map(sorted)
}

struct Enc {
    explicit: bool,
    big: bool,
}

impl Enc {
    fn u16(&self, out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn u32(&self, out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&if self.big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn tag(&self, out: &mut Vec<u8>, t: u32) {
        self.u16(out, (t >> 16) as u16);
        self.u16(out, t as u16);
    }
    fn header(&self, out: &mut Vec<u8>, tag: u32, vr: &[u8; 2], len: u32) {
        self.tag(out, tag);
        if !self.explicit {
            self.u32(out, len);
        } else if matches!(vr, b"OB" | b"UT" | b"UN" | b"SQ") {
            out.extend_from_slice(vr);
            out.extend_from_slice(&[0, 0]);
            self.u32(out, len);
        } else {
            out.extend_from_slice(vr);
            self.u16(out, len as u16);
        }
    }
    fn nodes(&self, out: &mut Vec<u8>, nodes: &[Node]) {
        for n in nodes {
            match n {
                Node::Leaf { tag, vr, value } => {
                    self.header(out, *tag, vr, value.len() as u32);
                    out.extend_from_slice(value);
                }
                Node::Seq {
                    tag,
                    undefined,
                    items,
                } => {
                    let mut body = Vec::new();
                    for (item_undefined, content) in items {
                        let mut c = Vec::new();
                        self.nodes(&mut c, content);
                        self.tag(&mut body, 0xFFFE_E000);
                        self.u32(
                            &mut body,
                            if *item_undefined {
                                u32::MAX
                            } else {
                                c.len() as u32
                            },
                        );
                        body.extend_from_slice(&c);
                        if *item_undefined {
                            self.tag(&mut body, 0xFFFE_E00D);
                            self.u32(&mut body, 0);
                        }
                    }
                    self.header(
                        out,
                        *tag,
                        b"SQ",
                        if *undefined {
                            u32::MAX
                        } else {
                            body.len() as u32
                        },
                    );
                    out.extend_from_slice(&body);
                    if *undefined {
                        self.tag(out, 0xFFFE_E0DD);
                        self.u32(out, 0);
                    }
                }
            }
        }
    }
}

/// Checks the parsed elements of one level against the generated ones.
fn check<'d, 'a: 'd>(
    got: impl Iterator<Item = Element<'d, 'a>>,
    want: &[Node],
    explicit: bool,
) -> Result<(), TestCaseError> {
    let got: Vec<_> = got.collect();
    prop_assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        prop_assert_eq!(g.tag(), Tag(w.tag()));
        match w {
            Node::Leaf { vr, value, .. } => {
                prop_assert_eq!(g.value(), &value[..]);
                if explicit {
                    prop_assert_eq!(g.vr().as_str().as_bytes(), &vr[..]);
                }
            }
            Node::Seq {
                undefined, items, ..
            } => {
                prop_assert!(g.is_sequence());
                prop_assert_eq!(g.length() == Length::Undefined, *undefined);
                prop_assert_eq!(g.item_count(), items.len());
                for (item, (item_undefined, content)) in g.items().zip(items) {
                    prop_assert_eq!(item.length() == Length::Undefined, *item_undefined);
                    check(item.elements(), content, explicit)?;
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_data_sets_round_trip(nodes in data_set()) {
        for ts in SYNTAXES {
            let enc = Enc { explicit: ts.explicit_vr, big: !ts.is_little_endian() };
            let mut bytes = Vec::new();
            enc.nodes(&mut bytes, &nodes);
            let ds = DataSet::parse(&bytes, ts).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check(ds.elements(), &nodes, ts.explicit_vr)?;
            prop_assert_eq!(ds.write(), bytes.clone());
            // Lenient reads the same; every prefix parses partially without panicking.
            let lenient = DataSet::parse_with(&bytes, ts, &ParseOptions::lenient())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(lenient.walk().count(), ds.walk().count());
            let cut = bytes.len() / 2;
            let (part, _) = DataSet::parse_partial(&bytes[..cut], ts, &ParseOptions::strict());
            prop_assert!(part.walk().count() <= ds.walk().count());

            // Owned copies transcode to every syntax and read back the same.
            let owned = OwnedDataSet::from_data_set(&ds).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for target in [
                TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            ] {
                for opts in [WriteOptions::new(), WriteOptions::new().undefined_lengths()] {
                    let out = owned.write(target, &opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let plain = if target.deflated {
                        dicom_meta::inflate(&out, 1 << 24).map_err(|e| TestCaseError::fail(e.to_string()))?
                    } else {
                        out
                    };
                    let read_ts = if target.deflated { TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN } else { target };
                    let back = DataSet::parse(&plain, read_ts).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let again = OwnedDataSet::from_data_set(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    same(&again, &owned, target.explicit_vr && ts.explicit_vr)?;
                }
            }

            // DICOM JSON, when the values are text the default repertoire holds: reading it
            // back and writing it again gives the same JSON.
            if let Ok(json) = ds.to_json(&JsonOptions::new()) {
                let from = from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let le = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
                let out = from.write(le, &WriteOptions::new()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let back = DataSet::parse(&out, le).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(back.to_json(&JsonOptions::new()).map_err(|e| TestCaseError::fail(e.to_string()))?, json);
            }
        }
    }
}

/// Same tags, values and (when `vrs`) VRs at every depth.
fn same(a: &OwnedDataSet, b: &OwnedDataSet, vrs: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.len(), b.len());
    for (x, y) in a.elements().iter().zip(b.elements()) {
        prop_assert_eq!(x.tag, y.tag);
        if vrs {
            prop_assert_eq!(x.vr, y.vr);
        }
        match (x.items(), y.items()) {
            (Some(i), Some(j)) if x.vr == Vr::SQ || y.vr == Vr::SQ => {
                prop_assert_eq!(i.len(), j.len());
                for (p, q) in i.iter().zip(j) {
                    same(p, q, vrs)?;
                }
            }
            _ => prop_assert_eq!(&x.value, &y.value),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Character sets.

const CHARSETS: &[&[u8]] = &[
    b"",
    b"ISO_IR 100",
    b"ISO_IR 192",
    b"ISO_IR 144",
    b"ISO_IR 126",
    b"ISO_IR 13",
    b"GB18030",
    b"GBK",
    b"\\ISO 2022 IR 87",
    b"ISO 2022 IR 13\\ISO 2022 IR 87",
    b"\\ISO 2022 IR 149",
    b"\\ISO 2022 IR 58",
    b"ISO 2022 IR 6\\ISO 2022 IR 100\\ISO 2022 IR 126",
    b"\\ISO 2022 IR 87\\ISO 2022 IR 159",
];

/// Text mixing ASCII, Latin, Greek, Cyrillic, kana, kanji, Hangul and delimiters.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "^",
    "=",
    "\\",
    " ",
    "é",
    "ü",
    "Ω",
    "λ",
    "Ж",
    "ｶ",
    "ﾞ",
    "山",
    "田",
    "やま",
    "홍",
    "길",
    "中",
    "文",
    "丂",
    "€",
    "\u{20087}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn decoding_never_panics(
        cs in select(CHARSETS.to_vec()),
        bytes in prop_oneof![
            vec(any::<u8>(), 0..64),
            vec(select(b"\x1b$B()-AJI)C$)A@;3ED!\xa1\xc8\xab\xfe\\^=".to_vec()), 0..64),
        ],
    ) {
        let set = dicom_meta::CharacterSet::from_value(cs);
        let _ = set.decode(&bytes, false);
        let lossy = set.decode(&bytes, true);
        prop_assert!(lossy.is_ok() || !set.is_supported());
    }

    #[test]
    fn encoding_then_decoding_gives_the_text_back(
        cs in select(CHARSETS.to_vec()),
        pieces in vec(select(PIECES.to_vec()), 0..12),
    ) {
        let text: String = pieces.concat();
        let set = dicom_meta::CharacterSet::from_value(cs);
        if let Ok(bytes) = set.encode(&text) {
            prop_assert_eq!(set.decode(&bytes, false).map_err(|e| TestCaseError::fail(e.to_string()))?, text);
        }
    }
}
