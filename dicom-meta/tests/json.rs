//! DICOM JSON (PS3.18 Annex F) and Native DICOM Model XML (PS3.19) over the fixture corpus:
//! expected outputs checked in under `tests/data/json` and `tests/data/xml` (cross-checked
//! with DCMTK's dcm2json/dcm2xml and pydicom's `to_json_dict`, differences explained in
//! `tests/data/README.md`), reading JSON back, options and errors.
//!
//! Regenerate the expected files deliberately with `DICOM_META_BLESS=1 cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    BulkData, DataSet, Element, ErrorKind, Inflated, JsonOptions, JsonReadOptions, ParseOptions,
    Tag, TransferSyntax, Vr, WriteOptions, XmlOptions, from_json, from_json_with, tags,
};

fn dir() -> String {
    format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/{name}", dir());
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (fixture, read leniently)
const FIXTURES: &[(&str, bool)] = &[
    ("cp246.dcm", false),
    ("ct_header.dcm", false),
    ("deep.dcm", false),
    ("deflated.dcm", false),
    ("explicit_be.dcm", false),
    ("explicit_le.dcm", false),
    ("group_lengths.dcm", false),
    ("implicit_le.dcm", false),
    ("jpeg_lossless.dcm", false),
    ("rle.dcm", false),
    ("vrs.dcm", false),
    ("vrs_be.dcm", false),
    ("charset_arabic.dcm", false),
    ("charset_cyrillic.dcm", false),
    ("charset_gb18030.dcm", false),
    ("charset_gb2312.dcm", false),
    ("charset_gbk.dcm", false),
    ("charset_greek.dcm", false),
    ("charset_hebrew.dcm", false),
    ("charset_jis.dcm", false),
    ("charset_jis_katakana.dcm", false),
    ("charset_korean.dcm", false),
    ("charset_latin1_2022.dcm", false),
    ("charset_latin2.dcm", false),
    ("charset_latin5.dcm", false),
    ("charset_thai.dcm", false),
    ("no_meta_implicit.dcm", true),
    ("odd_lengths.dcm", true),
    ("ts_mismatch.dcm", true),
];

fn check_expected(path: &str, got: &str) {
    let full = format!("{}/{path}", dir());
    if std::env::var_os("DICOM_META_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(&full).parent().unwrap()).unwrap();
        std::fs::write(&full, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    assert!(got == want, "{path} differs from the expected output");
}

fn with_data_set(name: &str, lenient: bool, f: impl FnOnce(&DataSet<'_>)) {
    let input = read(name);
    let opts = if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let holder = Inflated::new(&input, &opts).unwrap();
    let file = holder.parse().unwrap();
    f(file.data_set());
}

#[test]
fn json_and_xml_match_expected_outputs() {
    for &(name, lenient) in FIXTURES {
        let stem = name.trim_end_matches(".dcm");
        with_data_set(name, lenient, |ds| {
            let pretty = ds.to_json(&JsonOptions::new().pretty()).unwrap();
            check_expected(&format!("json/{stem}.json"), &(pretty.clone() + "\n"));
            // Compact and pretty output are the same JSON.
            let compact = ds.to_json(&JsonOptions::new()).unwrap();
            assert_eq!(strip_ws(&pretty), strip_ws(&compact), "{name}");
            assert!(!compact.contains('\n'));
            let xml = ds.to_xml(&XmlOptions::new()).unwrap();
            check_expected(&format!("xml/{stem}.xml"), &xml);
        });
    }
}

/// Removes whitespace outside strings.
fn strip_ws(json: &str) -> String {
    let mut out = String::new();
    let (mut in_str, mut esc) = (false, false);
    for c in json.chars() {
        if in_str {
            out.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

#[test]
fn json_reads_back_to_the_same_json() {
    for &(name, lenient) in FIXTURES {
        with_data_set(name, lenient, |ds| {
            let json = ds.to_json(&JsonOptions::new()).unwrap();
            let owned = from_json(&json).unwrap();
            for ts in [
                TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
            ] {
                let bytes = owned.write(ts, &WriteOptions::new()).unwrap();
                let back = DataSet::parse(&bytes, ts).unwrap();
                assert_eq!(back.to_json(&JsonOptions::new()).unwrap(), json, "{name}");
            }
            // Pretty JSON reads the same.
            let pretty = ds.to_json(&JsonOptions::new().pretty()).unwrap();
            assert_eq!(from_json(&pretty).unwrap(), owned, "{name}");
        });
    }
}

#[test]
fn values_per_standard() {
    with_data_set("vrs.dcm", false, |ds| {
        let json = ds.to_json(&JsonOptions::new()).unwrap();
        for want in [
            // Empty values among several are null (F.2.5).
            r#""00080008":{"vr":"CS","Value":["ORIGINAL",null,"SECONDARY"]}"#,
            // Person names: non-empty groups only; an empty value among several is null.
            r#""00080090":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},null,{"Alphabetic":"Doe^Jane"}]}"#,
            r#""00100010":{"vr":"PN","Value":[{"Ideographic":"山田^太郎"}]}"#,
            r#""00700084":{"vr":"PN"}"#,
            // Empty sequence: no Value; empty item: {}.
            r#""00080096":{"vr":"SQ"}"#,
            r#""00081110":{"vr":"SQ","Value":[{}]}"#,
            // Numbers: IS and DS rewritten as JSON numbers, digits kept.
            r#""00200013":{"vr":"IS","Value":[12]}"#,
            r#""00200032":{"vr":"DS","Value":[-0.0,5,1.5E+03]}"#,
            r#""00180088":{"vr":"DS","Value":[0.5]}"#,
            r#""00280008":{"vr":"IS","Value":[7]}"#,
            r#""0040A30A":{"vr":"DS","Value":[3.14159265358979]}"#,
            r#""0018605A":{"vr":"FL","Value":[0.1,2.5,-3e38]}"#,
            r#""00189618":{"vr":"FD","Value":[1e300,-1e-300]}"#,
            r#""00280106":{"vr":"SS","Value":[-32768]}"#,
            r#""0040A132":{"vr":"UL","Value":[0,4294967295]}"#,
            // SV and UV beyond 2^53 are strings.
            r#""00720082":{"vr":"SV","Value":["-9223372036854775808","9223372036854775807"]}"#,
            r#""00720083":{"vr":"UV","Value":["18446744073709551615",0]}"#,
            r#""00280009":{"vr":"AT","Value":["00181063","00181065"]}"#,
            // Binary VRs inline, little endian.
            r#""00660016":{"vr":"OF","InlineBinary":"AADAPwAAgL4="}"#,
            r#""00091001":{"vr":"UN","InlineBinary":"AQIDBAUA"}"#,
            // Texts keep leading spaces; escapes.
            r#""00104000":{"vr":"LT","Value":["  leading spaces kept\\backslash kept"]}"#,
            r#""00181030":{"vr":"LO","Value":["Protocol \"quoted\"","t"]}"#,
            r#""00102160":{"vr":"SH"}"#,
            // Specific Character Set kept as metadata (F.2.2 note 3), text decoded.
            r#""00080005":{"vr":"CS","Value":["ISO_IR 192"]}"#,
            r#""00100021":{"vr":"LO","Value":["Ärzte Verlag"]}"#,
        ] {
            assert!(json.contains(want), "missing {want}");
        }
        // Ascending keys, no group lengths.
        let strings = ds
            .to_json(&JsonOptions::new().numbers_as_strings())
            .unwrap();
        assert!(strings.contains(r#""00200032":{"vr":"DS","Value":["-0.0","5.","1.5E+03"]}"#));
        assert!(strings.contains(r#""00720083":{"vr":"UV","Value":["18446744073709551615","0"]}"#));
        assert!(strings.contains(r#""00280010":{"vr":"US","Value":[2]}"#));
    });
    with_data_set("group_lengths.dcm", false, |ds| {
        let json = ds.to_json(&JsonOptions::new()).unwrap();
        assert!(!json.contains("0000\":"));
        let xml = ds.to_xml(&XmlOptions::new()).unwrap();
        assert!(!xml.contains("0000\" vr"));
    });
}

#[test]
fn xml_per_standard() {
    with_data_set("vrs.dcm", false, |ds| {
        let xml = ds.to_xml(&XmlOptions::new()).unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel xml:space=\"preserve\" xmlns=\"http://dicom.nema.org/PS3.19/models/NativeDICOM\">\n"));
        for want in [
            "<DicomAttribute tag=\"00090001\" vr=\"UN\" privateCreator=\"HEALTH INTEROP\">\n<InlineBinary>AQIDBAUA</InlineBinary>\n",
            "<DicomAttribute tag=\"00090010\" vr=\"LO\">\n<Value number=\"1\">HEALTH INTEROP</Value>\n",
            "<Value number=\"1\">ORIGINAL</Value>\n<Value number=\"2\"/>\n<Value number=\"3\">SECONDARY</Value>\n",
            "<PersonName number=\"2\"/>\n",
            "<PersonName number=\"1\">\n<Ideographic>\n<FamilyName>山田</FamilyName>\n<GivenName>太郎</GivenName>\n</Ideographic>\n</PersonName>\n",
            "<Value number=\"1\">Protocol &quot;quoted&quot;</Value>",
            "<Item number=\"1\">\n</Item>\n",
            "<Value number=\"1\">-9223372036854775808</Value>",
            "<Value number=\"1\">+12</Value>",
        ] {
            assert!(xml.contains(want), "missing {want}");
        }
        assert!(
            ds.to_xml(&XmlOptions::new().without_namespace())
                .unwrap()
                .contains("<NativeDicomModel xml:space=\"preserve\">\n")
        );
    });
}

#[test]
fn bulk_data_uris() {
    with_data_set("explicit_le.dcm", false, |ds| {
        // The callback decides which eligible values become references.
        let uri = |e: &Element<'_, '_>| {
            [
                Tag::PIXEL_DATA,
                Tag::new(0x0009, 0x1002),
                tags::SliceThickness,
            ]
            .contains(&e.tag())
            .then(|| {
                format!(
                    "https://pacs.example/bulk/{:08X}?len={}",
                    e.tag().0,
                    e.value().len()
                )
            })
        };
        let json = ds
            .to_json(&JsonOptions::new().bulk_data(BulkData::new(4, &uri)))
            .unwrap();
        assert!(json.contains(
            r#""7FE00010":{"vr":"OW","BulkDataURI":"https://pacs.example/bulk/7FE00010?len=32"}"#
        ));
        // Short values and other strings stay inline.
        assert!(json.contains(r#""00280010":{"vr":"US","Value":[4]}"#));
        assert!(json.contains(
            r#""00180050":{"vr":"DS","BulkDataURI":"https://pacs.example/bulk/00180050?len=6"}"#
        ));
        assert!(json.contains(r#""00100020":{"vr":"LO","Value":["12345"]}"#));
        // 4 bytes or more, bulk data VR: (0009,1002) UL.
        assert!(json.contains(
            r#""00091002":{"vr":"UL","BulkDataURI":"https://pacs.example/bulk/00091002?len=4"}"#
        ));
        let xml = ds
            .to_xml(&XmlOptions::new().bulk_data(BulkData::new(4, &uri)))
            .unwrap();
        assert!(xml.contains("<BulkData uri=\"https://pacs.example/bulk/7FE00010?len=32\"/>"));

        // Reading back needs a resolver.
        let err = from_json(&json).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnresolvedBulkData);
        assert_eq!(err.path.last_tag(), Some(Tag::new(0x0009, 0x1002)));
        let fetch = |u: &str, tag: Tag, _vr: Vr| {
            assert!(u.starts_with("https://pacs.example/bulk/"));
            ds.element(tag).map(|e| e.value().to_vec())
        };
        let owned = from_json_with(&json, &JsonReadOptions::new().bulk_data(&fetch)).unwrap();
        let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
        let bytes = owned.write(ts, &WriteOptions::new()).unwrap();
        let back = DataSet::parse(&bytes, ts).unwrap();
        assert_eq!(
            back.to_json(&JsonOptions::new()).unwrap(),
            ds.to_json(&JsonOptions::new()).unwrap()
        );
    });
}

#[test]
fn json_reader_errors_are_located() {
    for (json, kind, offset) in [
        ("", ErrorKind::InvalidJson("expected a value"), 0),
        (
            "[]",
            ErrorKind::InvalidJson("a data set must be an object"),
            0,
        ),
        (
            "{\"0010001\":{\"vr\":\"PN\"}}",
            ErrorKind::InvalidJson("attribute name"),
            11,
        ),
        (
            "{\"00100010\":{}}",
            ErrorKind::InvalidJson("missing vr"),
            12,
        ),
        (
            "{\"00100010\":{\"vr\":\"XX\"}}",
            ErrorKind::InvalidJson("unknown vr"),
            12,
        ),
        (
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[70000]}}",
            ErrorKind::InvalidValue("US"),
            32,
        ),
        (
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[\"x\"]}}",
            ErrorKind::InvalidValue("US"),
            32,
        ),
        (
            "{\"00200013\":{\"vr\":\"IS\",\"Value\":[1.5]}}",
            ErrorKind::InvalidValue("IS"),
            32,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\",\"Value\":[1]}}",
            ErrorKind::InvalidJson("value of the wrong JSON type for its vr"),
            32,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"a\\\\b\"]}}",
            ErrorKind::InvalidJson("backslash inside one value"),
            32,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"Ä\"]}}",
            ErrorKind::InvalidText("ISO_IR 6"),
            32,
        ),
        (
            "{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"%%\"}}",
            ErrorKind::InvalidJson("InlineBinary"),
            38,
        ),
        (
            "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A=B\"}]}}",
            ErrorKind::InvalidJson("'=' inside a person name group"),
            32,
        ),
        (
            "{\"7FE00010\":{\"vr\":\"OB\",\"Value\":[1]}}",
            ErrorKind::InvalidJson("Value not allowed for binary VRs"),
            31,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"a\"],\"InlineBinary\":\"\"}}",
            ErrorKind::InvalidJson("more than one of Value, InlineBinary, BulkDataURI"),
            12,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\"},\"00100020\":{\"vr\":\"LO\"}}",
            ErrorKind::InvalidJson("repeated attribute"),
            35,
        ),
        (
            "{\"00100020\":{\"vr\":\"LO\"}} {}",
            ErrorKind::InvalidJson("text after the top-level value"),
            25,
        ),
    ] {
        let e = from_json(json).unwrap_err();
        assert_eq!((e.kind.clone(), e.offset), (kind, offset), "{json}");
        // Messages show no values.
        assert!(!e.to_string().contains("Ä"));
    }
    // Paths through sequences.
    let e =
        from_json(r#"{"00081115":{"vr":"SQ","Value":[{},{"0020000E":{"vr":"UI","Value":[5]}}]}}"#)
            .unwrap_err();
    assert_eq!(e.path.to_string(), "(0008,1115)[1].(0020,000E)");
    // Nesting is bounded.
    let deep = "{\"00081115\":{\"vr\":\"SQ\",\"Value\":[".repeat(300) + &"]}}".repeat(300);
    assert!(matches!(
        from_json(&deep).unwrap_err().kind,
        ErrorKind::TooDeep(_)
    ));
    let deep = "[".repeat(100_000);
    assert!(matches!(
        from_json(&deep).unwrap_err().kind,
        ErrorKind::TooDeep(_)
    ));
}

#[test]
fn json_reader_character_sets_and_numbers() {
    let owned = from_json(r#"{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},
        "00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Hans"},null,{"Ideographic":"X"}]},
        "00081115":{"vr":"SQ","Value":[{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00081030":{"vr":"LO","Value":["Ünïcode ✓"]}}]},
        "00200032":{"vr":"DS","Value":[0.10000000149011612,-1,null]},
        "00189618":{"vr":"FD","Value":["NaN","-Infinity",2.5]},
        "00720083":{"vr":"UV","Value":["18446744073709551615",0]}}"#).unwrap();
    assert_eq!(
        owned.get(tags::PatientName).unwrap().bytes().unwrap(),
        b"M\xfcller^Hans\\\\=X"
    );
    let item = &owned
        .get(tags::ReferencedSeriesSequence)
        .unwrap()
        .items()
        .unwrap()[0];
    assert_eq!(
        item.get(tags::StudyDescription).unwrap().text(),
        Some("Ünïcode ✓")
    );
    assert_eq!(
        owned.get(tags::ImagePositionPatient).unwrap().text(),
        Some("0.10000000149012\\-1\\")
    );
    let fd = owned
        .get(Tag::new(0x0018, 0x9618))
        .unwrap()
        .bytes()
        .unwrap();
    assert!(f64::from_le_bytes(fd[..8].try_into().unwrap()).is_nan());
    assert_eq!(
        f64::from_le_bytes(fd[8..16].try_into().unwrap()),
        f64::NEG_INFINITY
    );
    assert_eq!(
        owned
            .get(Tag::new(0x0072, 0x0083))
            .unwrap()
            .bytes()
            .unwrap()[..8],
        [0xFF; 8]
    );
    // Written and read again, NaN and infinities come out as strings.
    let bytes = owned
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap();
    let ds = DataSet::parse(&bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap();
    let json = ds.to_json(&JsonOptions::new()).unwrap();
    assert!(
        json.contains(r#""00189618":{"vr":"FD","Value":["NaN","-Infinity",2.5]}"#),
        "{json}"
    );
    assert!(json.contains(r#"{"Alphabetic":"Müller^Hans"},null,{"Ideographic":"X"}"#));
}

#[test]
fn character_sets_decode_per_standard() {
    // Expected values cross-checked with pydicom 3.0.2 (which leaves the ISO 2022 IR 58
    // escapes undecoded) and the examples of PS3.5 Annexes H-K.
    for (name, pn, lo) in [
        (
            "jis",
            "Yamada^Tarou=山田^太郎=やまだ^たろう",
            vec!["山田", "やまだ"],
        ),
        (
            "jis_katakana",
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            vec!["ｶﾀｶﾅ"],
        ),
        ("korean", "Hong^Gildong=洪^吉洞=홍^길동", vec!["한국어"]),
        ("gb2312", "Zhang^XiaoDong=张^小东=", vec!["中文"]),
        (
            "gb18030",
            "Wang^XiaoDong=王^小东=",
            vec!["中文", "\u{20087}"],
        ),
        ("gbk", "王^小东", vec!["中文"]),
        ("cyrillic", "Люкceмей^Иван", vec!["Москва"]),
        ("greek", "Διονυσιος", vec!["Αθήνα"]),
        ("latin1_2022", "Müller^Jörg", vec!["Köln"]),
    ] {
        with_data_set(&format!("charset_{name}.dcm"), false, |ds| {
            let e = ds.get("PatientName").unwrap().unwrap();
            assert_eq!(e.text().unwrap(), pn, "{name}");
            let got: Vec<String> = ds
                .get("PatientAddress")
                .unwrap()
                .unwrap()
                .strings()
                .unwrap()
                .into_iter()
                .map(|s| s.into_owned())
                .collect();
            assert_eq!(got, lo, "{name}");
            // The nested item declares UTF-8.
            let nested = ds
                .get("RequestAttributesSequence[0].ScheduledProcedureStepDescription")
                .unwrap()
                .unwrap();
            assert_eq!(nested.text().unwrap(), "Étude ✓");
        });
    }
    // Without a Specific Character Set, escape sequences are ASCII control characters:
    // kept (escaped in JSON), not interpreted.
    let pn = b"\x1b$B;3ED\x1b(B";
    let mut bytes = b"\x10\x00\x10\x00PN".to_vec();
    bytes.extend_from_slice(&(pn.len() as u16).to_le_bytes());
    bytes.extend_from_slice(pn);
    let ds = DataSet::parse(&bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap();
    assert!(
        ds.to_json(&JsonOptions::new())
            .unwrap()
            .contains(r#"{"Alphabetic":"\u001b$B;3ED\u001b(B"}"#)
    );
    // Bytes invalid in the declared set: an error strictly, U+FFFD leniently.
    let mut bytes =
        b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 192\x10\x00\x10\x00PN\x02\x00\xff\xfe".to_vec();
    let ds = DataSet::parse(&bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap();
    let e = ds.to_json(&JsonOptions::new()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidText("UTF-8"));
    assert_eq!(e.path.last_tag(), Some(tags::PatientName));
    assert_eq!(e.offset, 26);
    bytes.truncate(bytes.len());
    let ds = DataSet::parse_with(
        &bytes,
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
        &ParseOptions::lenient(),
    )
    .unwrap();
    assert!(
        ds.to_json(&JsonOptions::new())
            .unwrap()
            .contains("\u{fffd}\u{fffd}")
    );
}

#[test]
fn workspace_samples_match_the_fixtures() {
    // examples/data/dicom holds copies of some fixtures and their JSON for the CLI.
    let samples = format!("{}/../examples/data/dicom", env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(&samples) else {
        eprintln!("note: skipped, no {samples}");
        return;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if let Some(stem) = name.strip_suffix(".dcm") {
            assert!(std::fs::read(&path).unwrap() == read(&name), "{name}");
            let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
            let want = std::fs::read_to_string(format!("{}/json/{stem}.json", dir())).unwrap();
            assert!(json == want, "{stem}.json");
            n += 1;
        }
    }
    assert!(n >= 5);
}

#[test]
fn lenient_order_and_repeats() {
    // Out of order and a repeated tag (lenient): JSON keys ascend, the first of a tag wins.
    let bytes =
        b"\x10\x00\x20\x00LO\x02\x00B \x08\x00\x60\x00CS\x02\x00CT\x10\x00\x20\x00LO\x02\x00C ";
    let ds = DataSet::parse_with(
        bytes,
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
        &ParseOptions::lenient(),
    )
    .unwrap();
    assert_eq!(
        ds.to_json(&JsonOptions::new()).unwrap(),
        r#"{"00080060":{"vr":"CS","Value":["CT"]},"00100020":{"vr":"LO","Value":["B"]}}"#
    );
    let xml = ds.to_xml(&XmlOptions::new().without_namespace()).unwrap();
    assert!(xml.find("00080060").unwrap() < xml.find("00100020").unwrap());
    assert_eq!(xml.matches("00100020").count(), 1);
    assert!(DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).is_err());
}

#[test]
fn malformed_numbers() {
    // (0028,0010) US with 3 bytes: strictly unreadable (odd length), leniently kept as bytes.
    let bytes = b"\x28\x00\x10\x00US\x03\x00\x01\x02\x03";
    let ds = DataSet::parse_with(
        bytes,
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
        &ParseOptions::lenient(),
    )
    .unwrap();
    assert_eq!(
        ds.to_json(&JsonOptions::new()).unwrap(),
        r#"{"00280010":{"vr":"US","InlineBinary":"AQID"}}"#
    );
    assert!(
        ds.to_xml(&XmlOptions::new())
            .unwrap()
            .contains("<InlineBinary>AQID</InlineBinary>")
    );
    // UL with 2 bytes in a strictly read data set: an error located at the element.
    let bytes = b"\x28\x00\x10\x00UL\x02\x00\x01\x02";
    let ds = DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap();
    let e = ds.to_json(&JsonOptions::new()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidValue("UL"));
    assert_eq!((e.offset, e.path.last_tag()), (8, Some(tags::Rows)));
}

#[test]
fn owned_copies_give_the_same_json_and_xml() {
    for &(name, lenient) in FIXTURES {
        if lenient || name == "rle.dcm" || name == "jpeg_lossless.dcm" {
            continue;
        }
        with_data_set(name, lenient, |ds| {
            let owned = dicom_meta::OwnedDataSet::from_data_set(ds).unwrap();
            let opts = JsonOptions::new();
            assert_eq!(
                owned.to_json(&opts).unwrap(),
                ds.to_json(&opts).unwrap(),
                "{name}"
            );
            let xo = XmlOptions::new();
            assert_eq!(
                owned.to_xml(&xo).unwrap(),
                ds.to_xml(&xo).unwrap(),
                "{name}"
            );
        });
    }
}
