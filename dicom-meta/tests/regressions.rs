//! Inputs the fuzz targets found (`fuzz/corpus/dicom_*/regression_*`), one named test each.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    DicomFile, ErrorKind, OwnedFile, ParseOptions, Tag, TransferSyntax, WriteOptions, from_json,
};

/// `dicom_json`: a string ending in a lone backslash reported its error one byte past the
/// end of the text.
#[test]
fn json_escape_cut_at_the_end_errors_within_the_text() {
    for text in ["\"\\", "{\"00100010\":{\"vr\":\"PN\",\"Value\":[\"a\\"] {
        let e = from_json(text).unwrap_err();
        assert!(e.offset < text.len(), "{text:?}: offset {}", e.offset);
        assert_eq!(e.kind, ErrorKind::InvalidJson("unterminated string"));
    }
    let e = from_json("[\"ab\\x\"]").unwrap_err();
    assert_eq!(
        (e.offset, e.kind),
        (4, ErrorKind::InvalidJson("malformed escape"))
    );
}

/// `dicom_write`: a file without preamble or meta group, read leniently as a data set of
/// group 0000 elements, was written as a Part 10 file whose data set began with tags below
/// the meta group, which no reader accepts. Writing it is now an error naming the tag.
#[test]
fn owned_file_with_command_group_elements_is_an_error() {
    let tail = "490000004300444d02000000554c043b001c0000000200100055491400312e322e3834302e\
                31303030382e312e322e31000800151153510000fffffffffeff00e0fffffffffeff00e0\
                ffffffff";
    let mut input = vec![0u8; 124];
    input.extend(
        (0..tail.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&tail[i..i + 2], 16).unwrap()),
    );
    let file = DicomFile::parse_with(&input, &ParseOptions::lenient()).unwrap();
    let owned = OwnedFile::from_file(&file).unwrap();
    for ts in [
        TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
    ] {
        let e = owned.write(ts, &WriteOptions::new()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnexpectedTag(Tag::new(0x0000, 0x0000)));
        assert_eq!(e.path.last_tag(), Some(Tag::new(0x0000, 0x0000)));
    }
    // Without those elements the same file writes and reads back.
    let mut owned = owned;
    owned.data.retain(|e| e.tag.group() > 0x0002);
    let bytes = owned
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap();
    DicomFile::parse(&bytes).unwrap();
}

/// `dicom_write`: a data set whose first element is (0000,0000) (a command set's group
/// length) was rejected as out of order when read strictly, so writing an owned copy of it
/// gave bytes that did not read back. The first element may have any tag.
#[test]
fn data_set_may_start_with_tag_zero() {
    use dicom_meta::{DataSet, OwnedDataSet};
    // (0000,0000) UL 4, (0000,0100) US 1, implicit VR little endian.
    let bytes = b"\0\0\0\0\x04\0\0\0\x0a\0\0\0\0\0\0\x01\x02\0\0\0\x01\0";
    let ds = DataSet::parse(bytes, TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN).unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(ds.write(), bytes);
    let owned = OwnedDataSet::from_data_set(&ds).unwrap();
    let out = owned
        .write(
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap();
    assert_eq!(out, bytes);
    // A repeated (0000,0000) is still out of order.
    let twice = [&bytes[..12], &bytes[..12]].concat();
    let e = DataSet::parse(&twice, TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::OutOfOrder, 12));
}

/// `dicom_json`: a DS given as a JSON string of 20 digits was written back as a 20-digit
/// JSON number, which the reader shortens to 16 characters, so JSON → owned → JSON was not
/// a fixed point. IS and DS values whose number would not read back as themselves are now
/// written as strings (PS3.18 F.2.3 allows both).
#[test]
fn over_long_decimal_strings_stay_strings() {
    use dicom_meta::JsonOptions;
    for json in [
        r#"{"00280030":{"vr":"DS","Value":["99999999999999999999"]}}"#,
        r#"{"00280030":{"vr":"DS","Value":[".5000000000000000"]}}"#,
        r#"{"00200013":{"vr":"IS","Value":["99999999999"]}}"#,
        r#"{"00200013":{"vr":"IS","Value":["1.5"]}}"#,
    ] {
        let owned = from_json(json).unwrap();
        let out = owned.to_json(&JsonOptions::new()).unwrap();
        assert!(out.contains("[\""), "{out}");
        assert_eq!(from_json(&out).unwrap(), owned, "{json}");
    }
    // Numbers that fit stay numbers.
    let owned = from_json(r#"{"00280030":{"vr":"DS","Value":["007.50"]}}"#).unwrap();
    assert_eq!(
        owned.to_json(&JsonOptions::new()).unwrap(),
        r#"{"00280030":{"vr":"DS","Value":[7.50]}}"#
    );
}

/// `dicom_write`: an LO element at a tag the dictionary knows as a sequence, written in
/// implicit VR, read back as a sequence of garbage items. Writing it is now an error.
#[test]
fn text_at_a_sequence_tag_cannot_be_written_implicit() {
    use dicom_meta::{DataSet, OwnedDataSet, Vr, tags};
    let mut owned = OwnedDataSet::new();
    owned.put_str(tags::ReferencedImageSequence, Vr::LO, "\\middle\\");
    let e = owned
        .write(
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongVr(Vr::LO));
    assert_eq!(e.path.last_tag(), Some(tags::ReferencedImageSequence));
    // Explicit VR says what it is.
    let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
    let bytes = owned.write(ts, &WriteOptions::new()).unwrap();
    assert_eq!(DataSet::parse(&bytes, ts).unwrap().len(), 1);
}

/// `dicom_write`: a CP-246 sequence whose tag was changed to a standard text tag (here
/// Station Name, SH) kept its items in the owned copy; written in implicit VR it got an
/// undefined length that a strict reader rejects for an SH. Writing it is now an error;
/// explicit VR still carries it.
#[test]
fn items_at_a_text_tag_cannot_be_written_implicit() {
    use dicom_meta::{DataSet, OwnedDataSet, Vr, tags};
    let mut item = OwnedDataSet::new();
    item.put_str(tags::CodeValue, Vr::SH, "T-A0100");
    let mut owned = OwnedDataSet::new();
    owned.put_items(tags::StationName, vec![item]);
    let e = owned
        .write(
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongVr(Vr::SQ));
    assert_eq!(e.path.last_tag(), Some(tags::StationName));
    let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
    let bytes = owned.write(ts, &WriteOptions::new()).unwrap();
    let ds = DataSet::parse(&bytes, ts).unwrap();
    assert_eq!(ds.element(tags::StationName).unwrap().item_count(), 1);
    // Private sequences (UN in the dictionary) still go out with undefined lengths.
    let mut private = OwnedDataSet::new();
    private.put_items(Tag::new(0x0029, 0x1010), vec![OwnedDataSet::new()]);
    let ts = TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN;
    let bytes = private.write(ts, &WriteOptions::new()).unwrap();
    assert!(
        DataSet::parse(&bytes, ts)
            .unwrap()
            .elements()
            .next()
            .unwrap()
            .is_sequence()
    );
}

/// `dicom_write`: a data set element of group 0200 written in explicit VR big endian starts
/// with the bytes `02 00`, which read as group 0002 in the little endian meta group, so the
/// file did not read back. The meta group now ends where (0002,0000) says when an element
/// starts there.
#[test]
fn big_endian_data_after_the_meta_group_length() {
    use dicom_meta::{OwnedDataSet, Vr};
    let mut data = OwnedDataSet::new();
    data.put_bytes(Tag::new(0x0200, 0x00FF), Vr::UN, vec![0xFF, 0xFF]);
    data.put_str(Tag::new(0x0200, 0x0100), Vr::LO, "xy");
    let file = OwnedFile::new(data);
    let ts = TransferSyntax::EXPLICIT_VR_BIG_ENDIAN;
    let bytes = file.write(ts, &WriteOptions::new()).unwrap();
    let back = DicomFile::parse(&bytes).unwrap();
    assert_eq!(back.transfer_syntax(), ts);
    assert_eq!(back.data_set().len(), 2);
    assert_eq!(back.write(), bytes);
    assert_eq!(OwnedFile::from_file(&back).unwrap().data, file.data);
}

/// `dicom_write`: encapsulated fragments at a tag other than Pixel Data (a mutated tag inside
/// an item) were written in implicit VR as an undefined-length value, which a reader takes
/// for a sequence and fails on. Writing them is now an error; explicit VR keeps them.
#[test]
fn fragments_off_pixel_data_cannot_be_written_implicit() {
    use dicom_meta::{DataSet, OwnedDataSet, OwnedElement, Value, Vr};
    let mut owned = OwnedDataSet::new();
    let tag = Tag::new(0x1000, 0x007F);
    owned.insert(OwnedElement::new(
        tag,
        Vr::OB,
        Value::Fragments(vec![vec![], vec![1, 2, 3, 4]]),
    ));
    let e = owned
        .write(
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongVr(Vr::OB));
    assert_eq!(e.path.last_tag(), Some(tag));
    let ts = TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN;
    let bytes = owned.write(ts, &WriteOptions::new()).unwrap();
    let ds = DataSet::parse(&bytes, ts).unwrap();
    assert_eq!(ds.element(tag).unwrap().fragments().count(), 2);
}
