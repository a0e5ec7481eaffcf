//! Owned data sets, transcoding and the Part 10 writer, checked against files DCMTK wrote
//! from the same dump (`tests/data/src/make.sh`): our transcoding of one of them must give
//! the others byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    DataSet, DicomFile, GroupLengths, Inflated, OwnedDataSet, OwnedFile, ParseOptions,
    TransferSyntax, WriteOptions, tags,
};

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn owned(name: &str) -> OwnedFile {
    let input = read(name);
    let holder = Inflated::new(&input, &ParseOptions::strict()).unwrap();
    OwnedFile::from_file(&holder.parse().unwrap()).unwrap()
}

#[test]
fn transcoding_matches_dcmtk_byte_for_byte() {
    let undefined = WriteOptions::new().undefined_lengths();
    let cases: &[(&str, TransferSyntax, WriteOptions)] = &[
        (
            "explicit_le.dcm",
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            undefined,
        ),
        (
            "explicit_le_defined.dcm",
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            WriteOptions::new(),
        ),
        (
            "implicit_le.dcm",
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            undefined,
        ),
        (
            "explicit_be.dcm",
            TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
            undefined,
        ),
        (
            "group_lengths.dcm",
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            undefined.group_lengths(GroupLengths::Add),
        ),
    ];
    for source in [
        "explicit_le.dcm",
        "explicit_le_defined.dcm",
        "implicit_le.dcm",
        "explicit_be.dcm",
        "deflated.dcm",
    ] {
        let file = owned(source);
        for (target, ts, opts) in cases {
            // Implicit VR loses the VRs of private elements (read back as UN).
            if source == "implicit_le.dcm" && ts.explicit_vr {
                continue;
            }
            let out = file.write(*ts, opts).unwrap();
            let want = read(target);
            if out != want {
                let at = out
                    .iter()
                    .zip(&want)
                    .position(|(a, b)| a != b)
                    .unwrap_or(out.len().min(want.len()));
                panic!(
                    "{source} -> {target}: first difference at byte {at} (lengths {} vs {})",
                    out.len(),
                    want.len()
                );
            }
        }
    }
}

#[test]
fn more_transcodings_match_dcmtk() {
    let undefined = WriteOptions::new().undefined_lengths();
    // dcmcrle and dcmcjpeg write defined lengths.
    let defined = WriteOptions::new();
    for (source, target, ts, opts) in [
        (
            "vrs.dcm",
            "vrs_be.dcm",
            TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
            undefined,
        ),
        (
            "vrs_be.dcm",
            "vrs.dcm",
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            undefined,
        ),
        (
            "ct_header.dcm",
            "ct_header_implicit.dcm",
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            undefined,
        ),
        (
            "rle.dcm",
            "rle.dcm",
            TransferSyntax::from_uid("1.2.840.10008.1.2.5"),
            defined,
        ),
        (
            "jpeg_lossless.dcm",
            "jpeg_lossless.dcm",
            TransferSyntax::from_uid("1.2.840.10008.1.2.4.70"),
            defined,
        ),
    ] {
        let out = owned(source).write(ts, &opts).unwrap();
        assert!(out == read(target), "{source} -> {target}");
    }
}

#[test]
fn every_native_syntax_reads_back_the_same() {
    for name in [
        "explicit_le.dcm",
        "vrs.dcm",
        "deep.dcm",
        "cp246.dcm",
        "ct_header.dcm",
    ] {
        let file = owned(name);
        for ts in [
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
        ] {
            for opts in [WriteOptions::new(), WriteOptions::new().undefined_lengths()] {
                let out = file.write(ts, &opts).unwrap();
                let holder = Inflated::new(&out, &ParseOptions::strict()).unwrap();
                let back = holder.parse().unwrap();
                assert_eq!(back.transfer_syntax(), ts);
                let again = OwnedFile::from_file(&back).unwrap();
                assert_eq!(
                    again.meta,
                    {
                        let mut m = file.meta.clone();
                        m.put_str(
                            tags::TransferSyntaxUID,
                            dicom_meta::Vr::UI,
                            ts.uid().unwrap(),
                        );
                        m.put_u32s(tags::FileMetaInformationGroupLength, &[0]);
                        m.get_mut(tags::FileMetaInformationGroupLength)
                            .unwrap()
                            .value = again
                            .meta
                            .get(tags::FileMetaInformationGroupLength)
                            .unwrap()
                            .value
                            .clone();
                        // UIDs come back with their NUL padding.
                        m.get_mut(tags::TransferSyntaxUID).unwrap().value = again
                            .meta
                            .get(tags::TransferSyntaxUID)
                            .unwrap()
                            .value
                            .clone();
                        m
                    },
                    "{name} in {ts:?}"
                );
                if ts.explicit_vr {
                    assert_eq!(again.data, padded(&file.data), "{name} in {ts:?}");
                } else {
                    // Implicit VR: the dictionary gives the VRs back, private ones become UN.
                    for (a, b) in again
                        .data
                        .elements()
                        .iter()
                        .zip(padded(&file.data).elements())
                    {
                        assert_eq!((a.tag, &a.value), (b.tag, &b.value), "{name}");
                    }
                }
            }
        }
    }
}

/// The data set as written: odd-length values padded.
fn padded(ds: &OwnedDataSet) -> OwnedDataSet {
    let bytes = ds
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap();
    OwnedDataSet::from_data_set(
        &DataSet::parse(&bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap(),
    )
    .unwrap()
}

#[test]
fn building_and_editing() {
    use dicom_meta::{OwnedElement, Tag, Value, Vr};
    let mut ds = OwnedDataSet::new();
    ds.put_str(tags::SOPClassUID, Vr::UI, "1.2.840.10008.5.1.4.1.1.7");
    ds.put_str(tags::SOPInstanceUID, Vr::UI, "1.2.3.4");
    ds.put_str(tags::PatientName, Vr::PN, "Doe^Jane");
    ds.put_strs(tags::ImageType, Vr::CS, &["ORIGINAL", "PRIMARY"]);
    ds.put_f64s(tags::PixelSpacing, &[]);
    ds.put_items(tags::ReferencedSeriesSequence, vec![OwnedDataSet::new()]);
    assert_eq!(ds.len(), 6);
    let old = ds.insert(OwnedElement::new(
        tags::PatientName,
        Vr::PN,
        Value::Bytes(b"Roe^R".to_vec()),
    ));
    assert_eq!(old.unwrap().text(), Some("Doe^Jane"));
    assert!(ds.remove(tags::PixelSpacing).is_some());
    assert!(ds.remove(tags::PixelSpacing).is_none());
    ds.get_mut(tags::ReferencedSeriesSequence)
        .unwrap()
        .items_mut()
        .unwrap()
        .push(OwnedDataSet::new());
    ds.retain(|e| e.tag != Tag::new(0x0008, 0x0008));
    assert_eq!(
        ds.elements().iter().map(|e| e.tag).collect::<Vec<_>>(),
        [
            tags::SOPClassUID,
            tags::SOPInstanceUID,
            tags::ReferencedSeriesSequence,
            tags::PatientName
        ]
    );
    // A new file takes its SOP class and instance from the data set.
    let bytes = OwnedFile::new(ds)
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap();
    let file = DicomFile::parse(&bytes).unwrap();
    assert_eq!(
        file.get("MediaStorageSOPInstanceUID")
            .unwrap()
            .unwrap()
            .uid()
            .unwrap(),
        "1.2.3.4"
    );
    assert_eq!(
        file.get("ReferencedSeriesSequence")
            .unwrap()
            .unwrap()
            .item_count(),
        2
    );
    assert_eq!(
        file.get("PatientName").unwrap().unwrap().string().unwrap(),
        "Roe^R"
    );
}

#[test]
fn write_errors() {
    use dicom_meta::{ErrorKind, Vr};
    let rle = owned("rle.dcm");
    let e = rle
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::EncapsulatedInNative);
    assert_eq!(e.path.last_tag(), Some(dicom_meta::Tag::PIXEL_DATA));
    let mut ds = OwnedDataSet::new();
    ds.put_bytes(tags::PatientID, Vr::LO, vec![b'x'; 70_000]);
    let e = ds
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ValueTooLong(Vr::LO));
    // Implicit VR has 32-bit lengths everywhere.
    assert!(
        ds.write(
            TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new()
        )
        .is_ok()
    );
    let e = OwnedFile::new(ds)
        .write(TransferSyntax::from_uid("1.2.3.4"), &WriteOptions::new())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownTransferSyntax);
    // Errors inside items carry the path.
    let mut inner = OwnedDataSet::new();
    inner.put_bytes(tags::SeriesDescription, Vr::LO, vec![b'x'; 70_000]);
    let mut ds = OwnedDataSet::new();
    ds.put_items(
        tags::ReferencedSeriesSequence,
        vec![OwnedDataSet::new(), inner],
    );
    let e = ds
        .write(
            TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
            &WriteOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.path.to_string(), "(0008,1115)[1].(0008,103E)");
}

#[test]
fn deidentified_files_are_valid_and_consistent() {
    use dicom_meta::deid;
    for name in [
        "explicit_le.dcm",
        "vrs.dcm",
        "ct_header.dcm",
        "cp246.dcm",
        "deep.dcm",
        "rle.dcm",
    ] {
        let mut a = owned(name);
        let original = a.clone();
        let report = a.deidentify(b"key one");
        assert!(report.uids >= 2, "{name}");
        let mut b = original.clone();
        b.deidentify(b"key one");
        assert_eq!(a, b, "{name}: deterministic for a key");
        let mut c = original.clone();
        c.deidentify(b"key two");
        assert_ne!(
            a.data.get(tags::SOPInstanceUID),
            c.data.get(tags::SOPInstanceUID)
        );
        let ts = TransferSyntax::from_uid(
            original
                .meta
                .get(tags::TransferSyntaxUID)
                .unwrap()
                .text()
                .unwrap(),
        );
        let out = a.write(ts, &WriteOptions::new()).unwrap();
        let file = DicomFile::parse(&out).unwrap();
        assert_eq!(
            file.get("SOPInstanceUID").unwrap().unwrap().uid().unwrap(),
            file.get("MediaStorageSOPInstanceUID")
                .unwrap()
                .unwrap()
                .uid()
                .unwrap()
        );
        assert_eq!(
            file.get("SOPInstanceUID").unwrap().unwrap().uid().unwrap(),
            deid::replace_uid(
                original
                    .data
                    .get(tags::SOPInstanceUID)
                    .unwrap()
                    .text()
                    .unwrap(),
                b"key one"
            )
        );
        // No private attribute and no patient name value is left, at any depth.
        for e in file.data_set().walk() {
            assert!(!e.tag().is_private(), "{name}: {}", e.tag());
            if e.tag() == tags::PatientName {
                assert!(e.value().is_empty(), "{name}");
            }
        }
        assert_eq!(
            file.get("PatientIdentityRemoved")
                .unwrap()
                .unwrap()
                .string()
                .unwrap(),
            "YES"
        );
        assert_eq!(
            file.get("DeidentificationMethodCodeSequence[0].CodeValue")
                .unwrap()
                .unwrap()
                .string()
                .unwrap(),
            "113100"
        );
        // SOP Class UID and other kept attributes are unchanged.
        assert_eq!(
            a.data.get(tags::SOPClassUID),
            original.data.get(tags::SOPClassUID)
        );
    }
}
