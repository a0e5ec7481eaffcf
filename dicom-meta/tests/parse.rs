//! Hand-built byte sequences: every structural rule, strict and lenient, with positions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    Buffers, DataSet, DicomFile, ErrorKind, Length, ParseOptions, Tag, TransferSyntax, Vr,
    WarningKind, inflate,
};

const EX: TransferSyntax = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
const IM: TransferSyntax = TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN;
const BE: TransferSyntax = TransferSyntax::EXPLICIT_VR_BIG_ENDIAN;
const U: u32 = 0xFFFF_FFFF;

fn long(vr: &[u8]) -> bool {
    matches!(
        vr,
        b"OB"
            | b"OD"
            | b"OF"
            | b"OL"
            | b"OV"
            | b"OW"
            | b"SQ"
            | b"SV"
            | b"UC"
            | b"UN"
            | b"UR"
            | b"UT"
            | b"UV"
    )
}

/// Explicit VR little endian element with the given declared length.
fn exl(g: u16, e: u16, vr: &[u8], len: u32, value: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&g.to_le_bytes());
    v.extend_from_slice(&e.to_le_bytes());
    v.extend_from_slice(vr);
    if long(vr) {
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&len.to_le_bytes());
    } else {
        v.extend_from_slice(&(len as u16).to_le_bytes());
    }
    v.extend_from_slice(value);
    v
}

fn ex(g: u16, e: u16, vr: &[u8], value: &[u8]) -> Vec<u8> {
    exl(g, e, vr, value.len() as u32, value)
}

/// Implicit VR little endian element (or item / delimiter).
fn iml(g: u16, e: u16, len: u32, value: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&g.to_le_bytes());
    v.extend_from_slice(&e.to_le_bytes());
    v.extend_from_slice(&len.to_le_bytes());
    v.extend_from_slice(value);
    v
}

fn im(g: u16, e: u16, value: &[u8]) -> Vec<u8> {
    iml(g, e, value.len() as u32, value)
}

fn item(value: &[u8]) -> Vec<u8> {
    iml(0xFFFE, 0xE000, value.len() as u32, value)
}

fn item_u(value: &[u8]) -> Vec<u8> {
    [iml(0xFFFE, 0xE000, U, value), iml(0xFFFE, 0xE00D, 0, &[])].concat()
}

fn seq_delim() -> Vec<u8> {
    iml(0xFFFE, 0xE0DD, 0, &[])
}

fn lenient() -> ParseOptions {
    ParseOptions::lenient()
}

fn warnings(ds: &DataSet<'_>) -> Vec<WarningKind> {
    ds.warnings().iter().map(|w| w.kind).collect()
}

#[test]
fn empty_inputs() {
    let ds = DataSet::parse(&[], EX).unwrap();
    assert!(ds.is_empty());
    assert_eq!(ds.write(), b"");
    assert_eq!(DicomFile::parse(&[]).unwrap_err().kind, ErrorKind::Empty);
    assert_eq!(
        DicomFile::parse(b"DICM").unwrap_err().kind,
        ErrorKind::MissingPreamble
    );
    let mut f = vec![0u8; 128];
    f.extend_from_slice(b"DICM");
    assert_eq!(
        DicomFile::parse(&f).unwrap_err().kind,
        ErrorKind::MissingMeta
    );
    f.extend(ex(0x0002, 0x0001, b"OB", &[0, 1]));
    assert_eq!(
        DicomFile::parse(&f).unwrap_err().kind,
        ErrorKind::MissingTransferSyntax
    );
    let file = DicomFile::parse_with(&f, &lenient()).unwrap();
    assert!(file.data_set().is_empty());
    assert_eq!(file.write(), f);
}

#[test]
fn element_lengths_checked_before_use() {
    // Declared 0xFFF0 bytes, 4 present.
    let b = exl(0x0010, 0x0010, b"PN", 0xFFF0, b"ABCD");
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::LengthExceedsInput {
            length: 0xFFF0,
            available: 4
        }
    );
    assert_eq!(
        (e.offset, e.path.to_string()),
        (0, "(0010,0010)".to_string())
    );
    // A huge 32-bit length.
    let b = exl(0x0042, 0x0011, b"OB", 0xFFFF_FFF0, b"");
    assert!(matches!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::LengthExceedsInput { .. }
    ));
    // Header cut.
    let b = ex(0x0010, 0x0010, b"PN", b"AB");
    for cut in 1..8 {
        let e = DataSet::parse(&b[..cut], EX).unwrap_err();
        assert_eq!((e.kind, e.offset), (ErrorKind::Truncated, 0), "cut {cut}");
    }
    // A long header cut after 8 bytes.
    let b = ex(0x0042, 0x0011, b"OB", b"AB");
    assert_eq!(
        DataSet::parse(&b[..10], EX).unwrap_err().kind,
        ErrorKind::Truncated
    );
}

#[test]
fn odd_length_strict_and_lenient() {
    let b = ex(0x0010, 0x0020, b"LO", b"ABC");
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::OddLength(3)
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::OddLength]);
    assert_eq!(
        ds.element(Tag::new(0x0010, 0x0020))
            .unwrap()
            .string()
            .unwrap(),
        "ABC"
    );
    assert_eq!(ds.write(), b);
}

#[test]
fn unknown_vr_and_reserved_bytes() {
    let b = [
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0009, 0x1001, b"ZZ", b"ab"),
    ]
    .concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::UnknownVr, 10));
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    let el = ds.element(Tag::new(0x0009, 0x1001)).unwrap();
    assert_eq!((el.vr(), el.value()), (Vr::UN, &b"ab"[..]));
    // An unknown VR with zero reserved bytes is read with a 32-bit length.
    let mut c = ex(0x0009, 0x1002, b"OB", b"wxyz");
    c[4..6].copy_from_slice(b"QQ");
    let ds = DataSet::parse_with(&c, EX, &lenient()).unwrap();
    assert_eq!(
        ds.element(Tag::new(0x0009, 0x1002)).unwrap().value(),
        b"wxyz"
    );
    // Non-zero reserved bytes.
    let mut d = ex(0x0042, 0x0011, b"OB", b"12");
    d[6] = 1;
    assert_eq!(
        DataSet::parse(&d, EX).unwrap_err().kind,
        ErrorKind::NonZeroReserved
    );
    let ds = DataSet::parse_with(&d, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::NonZeroReserved]);
}

#[test]
fn ordering() {
    let b = [
        ex(0x0010, 0x0020, b"LO", b"ID"),
        ex(0x0010, 0x0010, b"PN", b"NA"),
    ]
    .concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::OutOfOrder, 10));
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::OutOfOrder]);
    // Lookups still find both.
    assert!(ds.get("PatientName").unwrap().is_some());
    assert!(ds.get("PatientID").unwrap().is_some());
    assert_eq!(ds.write(), b);
    // A repeated tag is out of order too.
    let b = [
        ex(0x0010, 0x0020, b"LO", b"ID"),
        ex(0x0010, 0x0020, b"LO", b"ID"),
    ]
    .concat();
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::OutOfOrder
    );
    // Order restarts in each item.
    let inner = ex(0x0008, 0x0100, b"SH", b"AB");
    let b = [
        ex(0x0010, 0x0020, b"LO", b"ID"),
        exl(0x0040, 0xA730, b"SQ", U, &[]),
        item_u(&inner),
        item_u(&inner),
        seq_delim(),
        ex(0x0040, 0xA731, b"LO", b"ZZ"),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    assert_eq!(ds.len(), 3);
    assert_eq!(ds.write(), b);
}

#[test]
fn sequences_defined_and_undefined() {
    let code = [
        ex(0x0008, 0x0100, b"SH", b"T1"),
        ex(0x0008, 0x0104, b"LO", b"Meaning "),
    ]
    .concat();
    let defined_item = item(&code);
    let b = [
        exl(0x0008, 0x1032, b"SQ", (defined_item.len() * 2) as u32, &[]),
        defined_item.clone(),
        defined_item,
        exl(0x0040, 0x0260, b"SQ", U, &[]),
        item_u(&code),
        item(&[]),
        seq_delim(),
        exl(0x0040, 0x0275, b"SQ", 0, &[]),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    let procs = ds.get("ProcedureCodeSequence").unwrap().unwrap();
    assert_eq!(procs.length(), Length::Defined(68));
    assert_eq!(procs.item_count(), 2);
    let item1 = procs.item(1).unwrap();
    assert_eq!(item1.length(), Length::Defined(26));
    assert_eq!(
        item1.get("CodeMeaning").unwrap().unwrap().string().unwrap(),
        "Meaning"
    );
    assert_eq!(item1.sequence().tag(), procs.tag());
    let pisc = ds.get("PerformedProtocolCodeSequence").unwrap().unwrap();
    assert_eq!((pisc.length(), pisc.item_count()), (Length::Undefined, 2));
    assert_eq!(pisc.item(0).unwrap().length(), Length::Undefined);
    assert!(pisc.item(1).unwrap().is_empty());
    // Raw includes the sequence delimitation item.
    assert_eq!(pisc.raw().len(), 12 + 8 + 26 + 8 + 8 + 8);
    let empty = ds.get("RequestAttributesSequence").unwrap().unwrap();
    assert!(empty.is_sequence());
    assert_eq!(empty.item_count(), 0);
    assert_eq!(ds.walk().count(), 3 + 2 * 2 + 2);
    assert_eq!(ds.index_len(), ds.walk().count() + 4);
    assert_eq!(ds.write(), b);
    // A data element where an item must be.
    let b = [
        exl(0x0008, 0x1032, b"SQ", 10, &[]),
        ex(0x0008, 0x0100, b"SH", b"T1"),
    ]
    .concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnexpectedTag(Tag::new(0x0008, 0x0100)));
    assert_eq!(
        (e.offset, e.path.to_string()),
        (12, "(0008,1032)".to_string())
    );
    // An item longer than its sequence.
    let b = [exl(0x0008, 0x1032, b"SQ", 10, &[]), item(&code)].concat();
    assert!(matches!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::LengthExceedsInput { .. }
    ));
    // An element longer than its item.
    let b = [
        exl(0x0008, 0x1032, b"SQ", 18, &[]),
        iml(0xFFFE, 0xE000, 8, &[]),
        ex(0x0008, 0x0100, b"SH", b"T1"),
    ]
    .concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ErrorKind::LengthExceedsInput {
                length: 2,
                available: 0
            }
        ),
        "{e}"
    );
    assert_eq!(e.path.to_string(), "(0008,1032)[0].(0008,0100)");
    // An item at the top level.
    let e = DataSet::parse(&item(&[]), EX).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnexpectedTag(Tag::ITEM));
}

#[test]
fn missing_and_odd_delimiters() {
    let code = ex(0x0008, 0x0100, b"SH", b"T1");
    // Input ends inside an undefined-length sequence.
    let b = [exl(0x0040, 0x0260, b"SQ", U, &[]), item_u(&code)].concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::MissingDelimiter, b.len()));
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::MissingDelimiter]);
    assert_eq!(
        ds.get("PerformedProtocolCodeSequence[0].CodeValue")
            .unwrap()
            .unwrap()
            .string()
            .unwrap(),
        "T1"
    );
    assert_eq!(ds.write(), b);
    // The item's delimiter is missing before the sequence's.
    let b = [
        exl(0x0040, 0x0260, b"SQ", U, &[]),
        iml(0xFFFE, 0xE000, U, &code),
        seq_delim(),
    ]
    .concat();
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::UnexpectedTag(Tag::SEQUENCE_DELIMITATION)
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::MissingDelimiter]);
    assert_eq!(ds.write(), b);
    // A sequence missing its delimiter, followed by the next element.
    let b = [
        exl(0x0040, 0x0260, b"SQ", U, &[]),
        item_u(&code),
        ex(0x0040, 0x0261, b"CS", b"AB"),
    ]
    .concat();
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::UnexpectedTag(Tag::new(0x0040, 0x0261))
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(ds.write(), b);
    // A delimiter with a length.
    let b = [
        exl(0x0040, 0x0260, b"SQ", U, &[]),
        iml(0xFFFE, 0xE0DD, 4, &[]),
    ]
    .concat();
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::DelimiterLength
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::DelimiterLength]);
    // A stray item delimiter at the top level.
    let b = iml(0xFFFE, 0xE00D, 0, &[]);
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::UnexpectedTag(Tag::ITEM_DELIMITATION)
    );
}

#[test]
fn undefined_length_on_other_vrs() {
    let b = [exl(0x0010, 0x0020, b"LO", 0xFFFF, &[])].concat();
    // 0xFFFF is not undefined for a 16-bit length: just too long.
    assert!(matches!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::LengthExceedsInput { .. }
    ));
    let b = [exl(0x0010, 0x4000, b"UT", U, &[]), item_u(&[]), seq_delim()].concat();
    assert_eq!(
        DataSet::parse(&b, EX).unwrap_err().kind,
        ErrorKind::UndefinedLength
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert!(ds.element(Tag::new(0x0010, 0x4000)).unwrap().is_sequence());
    assert_eq!(ds.write(), b);
}

#[test]
fn encapsulated_pixel_data() {
    let b = [
        ex(0x0028, 0x0010, b"US", &[2, 0]),
        exl(0x7FE0, 0x0010, b"OB", U, &[]),
        item(&[0, 0, 0, 0, 6, 0, 0, 0]),
        item(b"frame1"),
        item(b"fr2a"),
        item(b"fr2b"),
        seq_delim(),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    let px = ds.element(Tag::PIXEL_DATA).unwrap();
    assert!(px.is_encapsulated() && !px.is_sequence());
    assert_eq!(px.frame_offsets().collect::<Vec<_>>(), [0, 6]);
    let frags: Vec<&[u8]> = px.fragments().skip(1).map(|f| f.data()).collect();
    assert_eq!(frags, [&b"frame1"[..], b"fr2a", b"fr2b"]);
    assert_eq!(px.fragments().nth(1).unwrap().offset(), 10 + 12 + 16 + 8);
    assert_eq!(ds.walk().count(), 2);
    assert_eq!(ds.write(), b);
    // Header only.
    let ds = DataSet::parse_with(&b, EX, &ParseOptions::strict().stop_before_pixel_data()).unwrap();
    assert_eq!((ds.len(), ds.stopped_at()), (1, Some(10)));
    assert_eq!(ds.write(), b);
    // A fragment of odd length; a fragment of undefined length; a non-item.
    let odd = [
        exl(0x7FE0, 0x0010, b"OB", U, &[]),
        item(&[]),
        item(b"abc"),
        seq_delim(),
    ]
    .concat();
    assert_eq!(
        DataSet::parse(&odd, EX).unwrap_err().kind,
        ErrorKind::OddLength(3)
    );
    assert_eq!(
        DataSet::parse_with(&odd, EX, &lenient()).unwrap().write(),
        odd
    );
    let undef = [
        exl(0x7FE0, 0x0010, b"OB", U, &[]),
        iml(0xFFFE, 0xE000, U, &[]),
    ]
    .concat();
    assert!(matches!(
        DataSet::parse(&undef, EX).unwrap_err().kind,
        ErrorKind::LengthExceedsInput { .. }
    ));
    let stray = [
        exl(0x7FE0, 0x0010, b"OB", U, &[]),
        ex(0x0008, 0x0060, b"CS", b"CT"),
    ]
    .concat();
    assert!(matches!(
        DataSet::parse_with(&stray, EX, &lenient())
            .unwrap_err()
            .kind,
        ErrorKind::UnexpectedTag(_)
    ));
    // Implicit VR: undefined-length pixel data is encapsulated too.
    let b = [
        iml(0x7FE0, 0x0010, U, &[]),
        item(&[]),
        item(b"jp"),
        seq_delim(),
    ]
    .concat();
    let ds = DataSet::parse(&b, IM).unwrap();
    assert_eq!(ds.element(Tag::PIXEL_DATA).unwrap().fragments().count(), 2);
    assert_eq!(ds.write(), b);
}

#[test]
fn implicit_vr_uses_the_dictionary() {
    let code = im(0x0008, 0x0100, b"T1");
    let b = [
        im(0x0008, 0x0060, b"CT"),
        iml(0x0008, 0x1032, (8 + code.len()) as u32, &[]),
        item(&code),
        im(0x0009, 0x0010, b"ACME"),
        im(0x0009, 0x1001, b"\x01\x02"),
        iml(0x0009, 0x1002, U, &[]),
        item_u(&code),
        seq_delim(),
        im(0x0028, 0x0103, &[1, 0]),
        im(0x0028, 0x0106, &[0x00, 0xFC]),
        im(0x0028, 0x0107, &[0x10, 0x00]),
    ]
    .concat();
    let ds = DataSet::parse(&b, IM).unwrap();
    let vrs: Vec<Vr> = ds.elements().map(|e| e.vr()).collect();
    assert_eq!(
        vrs,
        [
            Vr::CS,
            Vr::SQ,
            Vr::LO,
            Vr::UN,
            Vr::UN,
            Vr::US,
            Vr::SS,
            Vr::SS
        ]
    );
    assert_eq!(
        ds.get("ProcedureCodeSequence[0].CodeValue")
            .unwrap()
            .unwrap()
            .vr(),
        Vr::SH
    );
    assert!(ds.element(Tag::new(0x0009, 0x1002)).unwrap().is_sequence());
    assert_eq!(
        ds.get("00091002[0].CodeValue")
            .unwrap()
            .unwrap()
            .string()
            .unwrap(),
        "T1"
    );
    assert_eq!(
        ds.get("SmallestImagePixelValue")
            .unwrap()
            .unwrap()
            .int()
            .unwrap(),
        -1024
    );
    assert_eq!(
        ds.get("LargestImagePixelValue")
            .unwrap()
            .unwrap()
            .int()
            .unwrap(),
        16
    );
    assert_eq!(ds.write(), b);
}

#[test]
fn big_endian_structure() {
    // (0008,1032) SQ undefined, one item with (0008,0100) SH "T1", big endian.
    let mut b = Vec::new();
    b.extend_from_slice(&[
        0x00, 0x08, 0x10, 0x32, b'S', b'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
    ]);
    b.extend_from_slice(&[0xFF, 0xFE, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x0A]);
    b.extend_from_slice(&[0x00, 0x08, 0x01, 0x00, b'S', b'H', 0x00, 0x02, b'T', b'1']);
    b.extend_from_slice(&[0xFF, 0xFE, 0xE0, 0xDD, 0, 0, 0, 0]);
    b.extend_from_slice(&[0x00, 0x28, 0x00, 0x10, b'U', b'S', 0x00, 0x02, 0x02, 0x00]);
    let ds = DataSet::parse(&b, BE).unwrap();
    assert_eq!(
        ds.get("ProcedureCodeSequence[0].CodeValue")
            .unwrap()
            .unwrap()
            .string()
            .unwrap(),
        "T1"
    );
    assert_eq!(ds.get("Rows").unwrap().unwrap().int().unwrap(), 512);
    assert_eq!(ds.write(), b);
    // Read as little endian it fails cleanly.
    assert!(DataSet::parse(&b, EX).is_err());
}

#[test]
fn trailing_bytes_and_padding() {
    let base = ex(0x0008, 0x0060, b"CS", b"CT");
    let b = [base.clone(), vec![1, 2, 3]].concat();
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::Truncated, 10));
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::TrailingBytes]);
    assert_eq!(ds.write(), b);
    let b = [base, vec![0; 64]].concat();
    assert!(DataSet::parse(&b, EX).is_err());
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(
        (ds.len(), warnings(&ds)),
        (1, vec![WarningKind::TrailingBytes])
    );
    assert_eq!(ds.write(), b);
}

#[test]
fn stop_before_any_tag() {
    let b = [
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0010, 0x0010, b"PN", b"AB"),
        ex(0x0020, 0x0013, b"IS", b"7 "),
    ]
    .concat();
    let opts = ParseOptions::strict().stop_before(Tag::new(0x0010, 0x0010));
    let ds = DataSet::parse_with(&b, EX, &opts).unwrap();
    assert_eq!((ds.len(), ds.stopped_at()), (1, Some(10)));
    assert_eq!(ds.raw(), &b[..10]);
    assert_eq!(ds.write(), b);
    // Stop only applies at the top level: nested tags beyond it are read.
    let inner = ex(0x0020, 0x0013, b"IS", b"1 ");
    let b = [
        exl(0x0008, 0x1032, b"SQ", U, &[]),
        item_u(&inner),
        seq_delim(),
        ex(0x0020, 0x0013, b"IS", b"2 "),
    ]
    .concat();
    let ds = DataSet::parse_with(
        &b,
        EX,
        &ParseOptions::strict().stop_before(Tag::new(0x0020, 0x0013)),
    )
    .unwrap();
    assert_eq!(ds.walk().count(), 2);
}

#[test]
fn limits() {
    // 200 nested undefined-length sequences: refused at the default depth of 64.
    let mut b = Vec::new();
    for _ in 0..200 {
        b.extend(exl(0x0040, 0xA730, b"SQ", U, &[]));
        b.extend(iml(0xFFFE, 0xE000, U, &[]));
    }
    let e = DataSet::parse(&b, EX).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep(64));
    let (ds, e) = DataSet::parse_partial(&b, EX, &ParseOptions::strict());
    assert_eq!(e.unwrap().kind, ErrorKind::TooDeep(64));
    assert_eq!(ds.walk().count(), 64);
    // Element count.
    let b: Vec<u8> = (1..=100u16)
        .flat_map(|e| ex(0x0011, e, b"SH", b""))
        .collect();
    assert_eq!(DataSet::parse(&b, EX).unwrap().len(), 100);
    let e = DataSet::parse_with(&b, EX, &ParseOptions::strict().max_elements(99)).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::TooManyElements(99), 99 * 8));
}

#[test]
fn buffers_are_reused() {
    let a = [
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0010, 0x0010, b"PN", b"AB"),
    ]
    .concat();
    let mut bufs = Buffers::default();
    for _ in 0..3 {
        let ds = DataSet::parse_reusing(&a, EX, &ParseOptions::strict(), &mut bufs).unwrap();
        assert_eq!(ds.len(), 2);
        ds.recycle(&mut bufs);
    }
    // On error the buffers stay usable.
    assert!(DataSet::parse_reusing(&a[..5], EX, &ParseOptions::strict(), &mut bufs).is_err());
    let ds = DataSet::parse_reusing(&a, EX, &ParseOptions::strict(), &mut bufs).unwrap();
    assert_eq!(ds.len(), 2);
}

#[test]
fn typed_value_errors() {
    let b = [
        ex(0x0008, 0x0020, b"DA", b"2024-01-01"),
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0020, 0x0013, b"IS", b"1.5 "),
        ex(0x0028, 0x0030, b"DS", b"abc "),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    let e = ds.get("StudyDate").unwrap().unwrap().date().unwrap_err();
    assert_eq!(
        (e.kind, e.offset, e.path.to_string()),
        (ErrorKind::InvalidValue("DA"), 8, "(0008,0020)".into())
    );
    let modality = ds.get("Modality").unwrap().unwrap();
    assert_eq!(modality.int().unwrap_err().kind, ErrorKind::WrongVr(Vr::CS));
    assert_eq!(
        modality.u16s().err().unwrap().kind,
        ErrorKind::WrongVr(Vr::CS)
    );
    assert_eq!(
        modality.person_name().unwrap_err().kind,
        ErrorKind::WrongVr(Vr::CS)
    );
    assert_eq!(
        ds.get("InstanceNumber")
            .unwrap()
            .unwrap()
            .int()
            .unwrap_err()
            .kind,
        ErrorKind::InvalidValue("IS")
    );
    assert_eq!(
        ds.get("PixelSpacing")
            .unwrap()
            .unwrap()
            .decimals()
            .unwrap_err()
            .kind,
        ErrorKind::InvalidValue("DS")
    );
    // Non-ASCII bytes in a VR that does not use the character set.
    let b = ex(0x0008, 0x0060, b"CS", b"\xc9T");
    let ds = DataSet::parse(&b, EX).unwrap();
    assert_eq!(
        ds.get("Modality")
            .unwrap()
            .unwrap()
            .string()
            .unwrap_err()
            .kind,
        ErrorKind::InvalidText("ISO_IR 6")
    );
    let ds = DataSet::parse_with(&b, EX, &lenient()).unwrap();
    assert_eq!(ds.get("Modality").unwrap().unwrap().string().unwrap(), "ÉT");
}

#[test]
fn character_sets_per_item() {
    let inner = [
        ex(0x0008, 0x0005, b"CS", b"ISO_IR 192"),
        ex(0x0010, 0x0010, b"PN", "Ré^AB".as_bytes()),
    ]
    .concat();
    let b = [
        ex(0x0008, 0x0005, b"CS", b"ISO_IR 100"),
        ex(0x0010, 0x0010, b"PN", b"R\xe9^B"),
        exl(0x0010, 0x1002, b"SQ", U, &[]),
        item_u(&inner),
        seq_delim(),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    assert_eq!(
        ds.get("PatientName")
            .unwrap()
            .unwrap()
            .person_name()
            .unwrap()
            .alphabetic
            .family(),
        "Ré"
    );
    let nested = ds
        .get("OtherPatientIDsSequence[0].PatientName")
        .unwrap()
        .unwrap();
    assert_eq!(nested.string().unwrap(), "Ré^AB");
    // ISO 8859-5 (Cyrillic).
    let b = [
        ex(0x0008, 0x0005, b"CS", b"ISO_IR 144"),
        ex(0x0010, 0x0010, b"PN", b"\xbe^A "),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    assert_eq!(
        ds.get("PatientName").unwrap().unwrap().string().unwrap(),
        "О^A"
    );
    // An unknown set leaves raw bytes; ASCII still decodes.
    let b = [
        ex(0x0008, 0x0005, b"CS", b"ISO_IR 999"),
        ex(0x0010, 0x0010, b"PN", b"\xbe^A "),
        ex(0x0010, 0x0020, b"LO", b"ID"),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    let pn = ds.get("PatientName").unwrap().unwrap();
    assert_eq!(pn.string().unwrap_err().kind, ErrorKind::UnsupportedCharset);
    assert_eq!(pn.value(), b"\xbe^A ");
    assert_eq!(
        ds.get("PatientID").unwrap().unwrap().string().unwrap(),
        "ID"
    );
}

#[test]
fn deflated_bare_data_set() {
    let plain = [
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0010, 0x0010, b"PN", b"AB"),
    ]
    .concat();
    let packed = miniz_oxide::deflate::compress_to_vec(&plain, 6);
    let ts = TransferSyntax::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
    assert_eq!(
        DataSet::parse(&packed, ts).unwrap_err().kind,
        ErrorKind::NeedsInflate
    );
    let inflated = inflate(&packed, 1 << 20).unwrap();
    let ds = DataSet::parse(&inflated, EX).unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(
        inflate(&packed, 4).unwrap_err().kind,
        ErrorKind::InflateLimit(4)
    );
    assert_eq!(
        inflate(b"\xff\xff\xff", 100).unwrap_err().kind,
        ErrorKind::Deflate
    );
}

#[test]
fn paths_and_walks() {
    let inner = ex(0x0020, 0x000E, b"UI", b"1.2\0");
    let b = [
        exl(0x0008, 0x1115, b"SQ", U, &[]),
        item_u(&inner),
        item_u(&[]),
        seq_delim(),
        ex(0x0010, 0x0010, b"PN", b"AB"),
    ]
    .concat();
    let ds = DataSet::parse(&b, EX).unwrap();
    let uid = ds
        .get("ReferencedSeriesSequence.SeriesInstanceUID")
        .unwrap()
        .unwrap();
    assert_eq!(uid.uid().unwrap(), "1.2");
    assert_eq!(uid.parent_item().unwrap().offset(), 12);
    assert!(
        ds.get("ReferencedSeriesSequence[1].SeriesInstanceUID")
            .unwrap()
            .is_none()
    );
    assert!(
        ds.get("ReferencedSeriesSequence[5].SeriesInstanceUID")
            .unwrap()
            .is_none()
    );
    assert!(ds.get("PatientName.SeriesInstanceUID").unwrap().is_none());
    assert!(ds.get("(0008,1115)[0].(0020,000E)").unwrap().is_some());
    assert_eq!(
        ds.get("PatientName[0]").unwrap_err().kind,
        ErrorKind::InvalidPath { position: 13 }
    );
    let tags: Vec<String> = ds.walk().map(|e| e.path().to_string()).collect();
    assert_eq!(
        tags,
        ["(0008,1115)", "(0008,1115)[0].(0020,000E)", "(0010,0010)"]
    );
    let kw: Vec<_> = ds.elements().map(|e| e.keyword()).collect();
    assert_eq!(kw, [Some("ReferencedSeriesSequence"), Some("PatientName")]);
}

#[test]
fn inflate_limits() {
    let plain = vec![0x20u8; 5000];
    let packed = miniz_oxide::deflate::compress_to_vec(&plain, 6);
    for max in [0, 1, 63, 64, 65, 4999] {
        assert_eq!(
            inflate(&packed, max).unwrap_err().kind,
            ErrorKind::InflateLimit(max)
        );
    }
    assert_eq!(inflate(&packed, 5000).unwrap(), plain);
    assert_eq!(inflate(&[], 100).unwrap_err().kind, ErrorKind::Deflate);
}

#[test]
fn declared_implicit_but_explicit() {
    let b = [
        ex(0x0008, 0x0060, b"CS", b"CT"),
        ex(0x0010, 0x0010, b"PN", b"AB"),
    ]
    .concat();
    // Strictly, the VR bytes are read as a huge implicit length.
    assert!(matches!(
        DataSet::parse(&b, IM).unwrap_err().kind,
        ErrorKind::LengthExceedsInput { .. }
    ));
    let ds = DataSet::parse_with(&b, IM, &lenient()).unwrap();
    assert_eq!(warnings(&ds), [WarningKind::TransferSyntaxMismatch]);
    assert!(ds.transfer_syntax().explicit_vr);
    assert_eq!(ds.get("Modality").unwrap().unwrap().string().unwrap(), "CT");
    assert_eq!(ds.write(), b);
    assert_eq!(TransferSyntax::detect(&b), Some(EX));
    assert_eq!(TransferSyntax::detect(&b[..7]), None);
}
