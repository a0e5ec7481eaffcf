//! Behaviour of parsing, navigation and decoding on hand-written messages.

use hl7v2::{
    Charset, ErrorKind, IndexDepth, Level, Message, Mode, ParseOptions, Precision, WarningKind,
};

const ADT: &[u8] = "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|20261124083000-0500||ADT^A01^ADT_A01|MSG00001|P|2.5.1|||AL|NE||UNICODE UTF-8\r\
EVN|A01|20261124082900\r\
PID|1||PATID1234^^^GHH^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E^^^^L~Müller\\S\\Hans^Jürgen^^^^^A||19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292||(206)3345232|(206)752-121||||AC555444444||67-A4335^OH^20030520\r\
NK1|1|NUCLEAR^NELDA^W|SPO^SPOUSE||||NK^NEXT OF KIN\r\
PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0|\r\
OBX|1|FT|18842-5^Discharge summary^LN||Line one\\.br\\Line two\\X0D0A\\end||||||F\r\
ZPD|custom|\"\"|||\r".as_bytes();

fn both_depths() -> [ParseOptions; 2] {
    [
        ParseOptions::strict(),
        ParseOptions::strict().segments_only(),
    ]
}

#[test]
fn structure_and_counts_agree_in_both_depths() {
    for opts in both_depths() {
        let m = Message::parse_with(ADT, &opts).unwrap();
        let ids: Vec<&[u8]> = m.segments().map(|s| s.id()).collect();
        assert_eq!(
            ids,
            [&b"MSH"[..], b"EVN", b"PID", b"NK1", b"PV1", b"OBX", b"ZPD"],
            "{opts:?}"
        );
        let msh = m.segment(0).unwrap();
        assert_eq!(msh.field_count(), 18);
        assert_eq!(msh.field(1).unwrap().raw(), b"|");
        assert_eq!(msh.field(2).unwrap().raw(), b"^~\\&");
        // MSH-2 is atomic: its characters are not separators.
        assert_eq!(msh.field(2).unwrap().components().count(), 1);
        assert_eq!(msh.field(3).unwrap().raw(), b"ADT1");
        let pv1 = m.find_segment("PV1", 1).unwrap();
        assert_eq!(pv1.field_count(), 16, "trailing empty field counts");
        assert!(pv1.field(16).unwrap().is_empty());
        assert!(pv1.field(17).is_none());
        let zpd = m.find_segment("ZPD", 1).unwrap();
        assert_eq!(zpd.field_count(), 5);
        assert!(zpd.field(2).unwrap().is_null());
        assert!(!zpd.field(3).unwrap().is_null());
        assert!(zpd.field(3).unwrap().is_empty());
        assert_eq!(m.write(), ADT);
    }
}

#[test]
fn paths_navigate_every_level() {
    for opts in both_depths() {
        let m = Message::parse_with(ADT, &opts).unwrap();
        let get = |p: &str| m.get(p).unwrap().map(|v| v.raw().to_vec());
        assert_eq!(
            get("PID-3").unwrap(),
            b"PATID1234^^^GHH^MR~123456789^^^USSSA^SS"
        );
        assert_eq!(get("PID-3.1").unwrap(), b"PATID1234");
        assert_eq!(get("PID-3[2].1").unwrap(), b"123456789");
        assert_eq!(get("PID.3.4").unwrap(), b"GHH");
        assert_eq!(get("PID-3[2]").unwrap(), b"123456789^^^USSSA^SS");
        assert_eq!(get("PID-3[3]"), None);
        assert_eq!(get("PID-11.3").unwrap(), b"STATESVILLE");
        assert_eq!(
            get("PID-3.1.1").unwrap(),
            b"PATID1234",
            "part 1 of a leaf is itself"
        );
        assert_eq!(get("PID-3.1.2"), None);
        assert_eq!(get("MSH-9.2").unwrap(), b"A01");
        assert_eq!(get("MSH-1").unwrap(), b"|");
        assert_eq!(get("MSH-2").unwrap(), b"^~\\&");
        assert_eq!(get("PID-40"), None);
        assert_eq!(get("NTE-1"), None);
        assert_eq!(get("OBX[2]-1"), None);
        let v = m.get("PID-5[2].1").unwrap().unwrap();
        assert_eq!(v.level(), Level::Component);
        assert_eq!(v.text().unwrap(), "Müller^Hans");
        let reps: Vec<_> = m.get("PID-5").unwrap().unwrap().repetitions().collect();
        assert_eq!(reps.len(), 2);
        assert_eq!(reps[1].component(2).unwrap().text().unwrap(), "Jürgen");
        assert!(matches!(
            m.get("PID-5[").unwrap_err().kind,
            ErrorKind::InvalidPath { position: 5 }
        ));
    }
}

#[test]
fn text_decodes_escapes_and_charset() {
    let m = Message::parse(ADT).unwrap();
    assert_eq!(m.charset(), Charset::Utf8);
    let obx5 = m.get("OBX-5").unwrap().unwrap();
    assert_eq!(obx5.text().unwrap(), "Line one\nLine two\r\nend");
    let kept = obx5
        .text_with(&hl7v2::escape::DecodeOptions {
            formatting: hl7v2::escape::Formatting::Keep,
        })
        .unwrap();
    assert_eq!(kept, "Line one\\.br\\Line two\r\nend");
    // Values without escapes borrow.
    assert!(matches!(
        m.get("PID-3.1").unwrap().unwrap().text().unwrap(),
        std::borrow::Cow::Borrowed("PATID1234")
    ));
}

#[test]
fn metadata() {
    let m = Message::parse(ADT).unwrap();
    let t = m.message_type().unwrap();
    assert_eq!((t.code, t.trigger, t.structure), ("ADT", "A01", "ADT_A01"));
    assert_eq!(m.control_id(), Some("MSG00001"));
    assert_eq!(m.processing_id(), Some("P"));
    assert_eq!(m.version(), Some("2.5.1"));
    assert_eq!(m.sending_application(), Some("ADT1"));
    let ts = m.timestamp().unwrap().unwrap();
    assert_eq!(ts.precision, Precision::Second);
    assert_eq!(
        ts.to_datetime().unwrap().to_rfc3339(),
        "2026-11-24T08:30:00-05:00"
    );
    let evn2 = m.get("EVN-2").unwrap().unwrap().timestamp().unwrap();
    assert!(evn2.offset.is_none());
}

#[test]
fn custom_delimiters_and_truncation_character() {
    let input = b"MSH#$*@!%#APP#FAC#####ORU$R01#1#P#2.7\rPID#1##A$B*C$D!E##X@F@Y@S@Z@P@\r";
    let m = Message::parse(input).unwrap();
    let d = m.delimiters();
    assert_eq!(
        (
            d.field,
            d.component,
            d.repetition,
            d.escape,
            d.subcomponent,
            d.truncation
        ),
        (b'#', b'$', Some(b'*'), Some(b'@'), Some(b'!'), Some(b'%'))
    );
    assert_eq!(m.get("MSH-2").unwrap().unwrap().raw(), b"$*@!%");
    assert_eq!(m.get("PID-3[2].2.2").unwrap().unwrap().raw(), b"E");
    assert_eq!(m.get("PID-5").unwrap().unwrap().text().unwrap(), "X#Y$Z%");
    assert_eq!(m.message_type().unwrap().trigger, "R01");
    // The usual delimiters are plain data here.
    let m = Message::parse(b"MSH#$*@!#A|B^C~D&E\r").unwrap();
    assert_eq!(m.get("MSH-3").unwrap().unwrap().raw(), b"A|B^C~D&E");
}

#[test]
fn strict_rejects_what_lenient_tolerates() {
    let cases: &[(&[u8], ErrorKind, WarningKind)] = &[
        (
            b"\xEF\xBB\xBFMSH|^~\\&|A\rPID|1\r",
            ErrorKind::ByteOrderMark,
            WarningKind::ByteOrderMark,
        ),
        (
            b"MSH|^~\\&|A\nPID|1\n",
            ErrorKind::LineFeedTerminator,
            WarningKind::LineFeedTerminator,
        ),
        (
            b"MSH|^~\\&|A\r\nPID|1\r\n",
            ErrorKind::InvalidSegmentId,
            WarningKind::CrLfTerminator,
        ),
        (
            b"MSH|^~\\&|A\r\rPID|1\r",
            ErrorKind::EmptySegment,
            WarningKind::EmptySegment,
        ),
        (
            b"MSH|^~\\&|A\rPID|1\r\0\0  \r\n",
            ErrorKind::InvalidSegmentId,
            WarningKind::TrailingWhitespace,
        ),
        (
            b"\r\n MSH|^~\\&|A\rPID|1\r",
            ErrorKind::LeadingGarbage,
            WarningKind::LeadingWhitespace,
        ),
        (
            b"MSH|^~\\&|A\rpid|1\r",
            ErrorKind::InvalidSegmentId,
            WarningKind::NonStandardSegmentId,
        ),
        (
            b"MSH|^~|A\rPID|1\r",
            ErrorKind::InvalidEncodingCharacters("fewer than four encoding characters"),
            WarningKind::NonStandardEncodingCharacters,
        ),
    ];
    for (input, err, warn) in cases {
        let e = Message::parse(input).unwrap_err();
        assert_eq!(&e.kind, err, "{:?}", String::from_utf8_lossy(input));
        for depth in [IndexDepth::Full, IndexDepth::Segments] {
            let opts = ParseOptions {
                mode: Mode::Lenient,
                depth,
            };
            let m = Message::parse_with(input, &opts).unwrap();
            assert!(
                m.warnings().iter().any(|w| w.kind == *warn),
                "{:?}: {:?}",
                String::from_utf8_lossy(input),
                m.warnings()
            );
            assert_eq!(m.segment_count(), 2, "{:?}", String::from_utf8_lossy(input));
            assert_eq!(m.segment(1).unwrap().field(1).unwrap().raw(), b"1");
        }
    }
}

#[test]
fn line_feed_is_data_in_strict_mode() {
    let m = Message::parse(b"MSH|^~\\&|A\rOBX|1|TX|x||line1\nline2\r").unwrap();
    assert_eq!(m.segment_count(), 2);
    assert_eq!(m.get("OBX-5").unwrap().unwrap().raw(), b"line1\nline2");
}

#[test]
fn missing_final_cr_round_trips() {
    let input = b"MSH|^~\\&|A\rPID|1";
    let m = Message::parse(input).unwrap();
    assert!(!m.has_final_terminator());
    assert_eq!(m.warnings()[0].kind, WarningKind::MissingFinalTerminator);
    assert_eq!(m.write(), input);
}

#[test]
fn errors_locate_without_printing_data() {
    let input = b"MSH|^~\\&|A\rPID|1|SECRET-NAME\rB@D|x\r";
    let e = Message::parse(input).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidSegmentId);
    assert_eq!(e.offset, 29);
    assert_eq!(e.segment, Some(3));
    let shown = format!("{e} {e:?}");
    assert!(shown.contains("byte 29"), "{shown}");
    assert!(shown.contains("segment 3"), "{shown}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(!shown.contains('@'), "{shown}");
    let m = Message::parse(b"MSH|^~\\&|A\rPID|1|SECRET-NAME\r").unwrap();
    let shown = format!("{m:?} {:?} {:?}", m.segment(1), m.get("PID-2").unwrap());
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn garbage_and_truncation() {
    for input in [
        &b""[..],
        b"MSH",
        b"MSH|",
        b"MSH|^~",
        b"MSH|^^\\&|A\r",
        b"PID|1\r",
        b"\x00\x01\x02\xff\xfe",
        b"MSHX^~\\&|\r",
        b"MSH|^~\\&|\xff\xfe\r",
    ] {
        for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
            let _ = Message::parse_with(input, &opts);
        }
    }
    assert_eq!(Message::parse(b"").unwrap_err().kind, ErrorKind::Empty);
    assert_eq!(
        Message::parse(b"MSH|^~").unwrap_err().kind,
        ErrorKind::TruncatedHeader
    );
    assert!(matches!(
        Message::parse(b"MSH|^^\\&|A\r").unwrap_err().kind,
        ErrorKind::InvalidEncodingCharacters(_)
    ));
    assert_eq!(
        Message::parse(b"PID|1\r").unwrap_err().kind,
        ErrorKind::MissingHeader
    );
    // Truncated in the middle of a segment: the part that is there parses.
    let m = Message::parse(b"MSH|^~\\&|A\rPID|1||12").unwrap();
    assert_eq!(m.get("PID-3").unwrap().unwrap().raw(), b"12");
}

#[test]
fn latin1_and_unsupported_charsets() {
    let m = Message::parse(
        b"MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||8859/1\rPID|1||||M\xfcller\\S\\J\xf6rg\r",
    )
    .unwrap();
    assert_eq!(m.charset(), Charset::Latin1);
    assert_eq!(
        m.get("PID-5").unwrap().unwrap().text().unwrap(),
        "Müller^Jörg"
    );
    let m = Message::parse(b"MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||ISO IR87\rPID|1||||\x1b$B\r")
        .unwrap();
    let v = m.get("PID-5").unwrap().unwrap();
    assert_eq!(v.text().unwrap_err().kind, ErrorKind::UnsupportedCharset);
    assert_eq!(v.raw(), b"\x1b$B");
    // Undeclared charset: UTF-8 when valid, Latin-1 otherwise; never rejected.
    let m = Message::parse(b"MSH|^~\\&|A\rPID|1||||M\xfcller\r").unwrap();
    assert_eq!(m.get("PID-5").unwrap().unwrap().text().unwrap(), "Müller");
}

#[test]
fn strict_and_lenient_escapes() {
    let input = b"MSH|^~\\&|A\rNTE|1||C:\\temp\\x|\\F\r";
    let m = Message::parse(input).unwrap();
    assert_eq!(
        m.get("NTE-3").unwrap().unwrap().text().unwrap_err().kind,
        ErrorKind::InvalidEscape
    );
    let m = Message::parse_with(input, &ParseOptions::lenient()).unwrap();
    assert_eq!(
        m.get("NTE-3").unwrap().unwrap().text().unwrap(),
        "C:\\temp\\x"
    );
    assert_eq!(m.get("NTE-4").unwrap().unwrap().text().unwrap(), "\\F");
}

#[test]
fn groups_and_segments_by_id() {
    let input = b"MSH|^~\\&|A\rPID|1\rORC|1\rOBR|1\rOBX|1\rOBX|2\rNTE|1\rORC|2\rOBR|2\rOBX|1\r";
    let m = Message::parse(input).unwrap();
    assert_eq!(m.segments_by_id("OBX").count(), 3);
    let groups: Vec<Vec<&[u8]>> = m
        .groups("OBR", &["OBX", "NTE"])
        .map(|g| g.iter().map(|s| s.id()).collect())
        .collect();
    assert_eq!(
        groups,
        [
            vec![&b"OBR"[..], b"OBX", b"OBX", b"NTE"],
            vec![&b"OBR"[..], b"OBX"]
        ]
    );
    assert_eq!(m.get("OBX[3]-1").unwrap().unwrap().raw(), b"1");
}

#[test]
fn buffers_are_reused() {
    let mut bufs = hl7v2::Buffers::default();
    let m = Message::parse_reusing(ADT, &ParseOptions::strict(), &mut bufs).unwrap();
    m.recycle(&mut bufs);
    let err = Message::parse_reusing(b"garbage", &ParseOptions::strict(), &mut bufs);
    assert!(err.is_err());
    let m = Message::parse_reusing(ADT, &ParseOptions::strict(), &mut bufs).unwrap();
    assert_eq!(m.segment_count(), 7);
    assert_eq!(m.get("PID-3[2].1").unwrap().unwrap().raw(), b"123456789");
}

#[test]
fn segments_without_fields_are_found() {
    let m = Message::parse(b"MSH|^~\\&|A\rPD1\rPID|1\rPD1|x\r").unwrap();
    assert_eq!(m.find_segment("PD1", 1).unwrap().field_count(), 0);
    assert_eq!(m.find_segment("PD1", 2).unwrap().field_count(), 1);
    assert!(m.find_segment("PD1", 3).is_none());
    assert!(m.find_segment("PD", 1).is_none());
    assert!(m.get("PD1[2]-1").unwrap().is_some());
}

#[test]
fn fields_iterate_the_same_in_both_depths() {
    let full = Message::parse(ADT).unwrap();
    let lazy = Message::parse_with(ADT, &ParseOptions::strict().segments_only()).unwrap();
    for (a, b) in full.segments().zip(lazy.segments()) {
        let fa: Vec<&[u8]> = a.fields().map(|v| v.raw()).collect();
        let fb: Vec<&[u8]> = b.fields().map(|v| v.raw()).collect();
        let by_index: Vec<&[u8]> = (1..=a.field_count())
            .map(|n| a.field(n).unwrap().raw())
            .collect();
        assert_eq!(fa, fb);
        assert_eq!(fa, by_index);
        assert_eq!(a.fields().len(), a.field_count());
    }
}
