//! The fixture corpus in `tests/data/` (built by `tests/data/src/make.sh` from our own dumps):
//! element counts cross-checked with pydicom and dcmdump, values, warnings, and the exact
//! round trip of everything read strictly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dicom_meta::{
    ByteOrder, DataSet, DicomFile, ErrorKind, Inflated, Length, Mode, ParseOptions, Precision, Tag,
    TransferSyntax, Vr, WarningKind, tags,
};

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Expected shape of one fixture: top-level elements, elements at every depth (items and
/// fragments not counted: the same counts as pydicom's `len(ds)` and `len(list(ds.iterall()))`),
/// meta elements, transfer syntax UID.
struct Expect {
    file: &'static str,
    mode: Mode,
    top: usize,
    all: usize,
    meta: usize,
    ts: &'static str,
    warnings: &'static [WarningKind],
}

const EXPLICIT_LE: &str = "1.2.840.10008.1.2.1";

const CORPUS: &[Expect] = &[
    Expect {
        file: "explicit_le.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[],
    },
    Expect {
        file: "explicit_le_defined.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[],
    },
    Expect {
        file: "implicit_le.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: "1.2.840.10008.1.2",
        warnings: &[],
    },
    Expect {
        file: "explicit_be.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: "1.2.840.10008.1.2.2",
        warnings: &[],
    },
    Expect {
        file: "deflated.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: "1.2.840.10008.1.2.1.99",
        warnings: &[],
    },
    Expect {
        file: "group_lengths.dcm",
        mode: Mode::Strict,
        top: 59,
        all: 73,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[],
    },
    Expect {
        file: "rle.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 7,
        ts: "1.2.840.10008.1.2.5",
        warnings: &[],
    },
    Expect {
        file: "jpeg_lossless.dcm",
        mode: Mode::Strict,
        top: 52,
        all: 60,
        meta: 7,
        ts: "1.2.840.10008.1.2.4.70",
        warnings: &[],
    },
    Expect {
        file: "deep.dcm",
        mode: Mode::Strict,
        top: 3,
        all: 39,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[],
    },
    Expect {
        file: "cp246.dcm",
        mode: Mode::Strict,
        top: 6,
        all: 12,
        meta: 6,
        ts: EXPLICIT_LE,
        warnings: &[],
    },
    Expect {
        file: "no_group_length.dcm",
        mode: Mode::Strict,
        top: 51,
        all: 59,
        meta: 6,
        ts: EXPLICIT_LE,
        warnings: &[WarningKind::MissingMetaGroupLength],
    },
    Expect {
        file: "no_preamble.dcm",
        mode: Mode::Lenient,
        top: 51,
        all: 59,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[WarningKind::MissingPreamble],
    },
    Expect {
        file: "no_prefix.dcm",
        mode: Mode::Lenient,
        top: 51,
        all: 59,
        meta: 7,
        ts: EXPLICIT_LE,
        warnings: &[WarningKind::MissingPreamble, WarningKind::MissingPrefix],
    },
    Expect {
        file: "no_meta_implicit.dcm",
        mode: Mode::Lenient,
        top: 51,
        all: 59,
        meta: 0,
        ts: "1.2.840.10008.1.2",
        warnings: &[
            WarningKind::MissingPreamble,
            WarningKind::MissingPrefix,
            WarningKind::MissingMeta,
        ],
    },
    Expect {
        file: "no_meta_explicit.dcm",
        mode: Mode::Lenient,
        top: 51,
        all: 59,
        meta: 0,
        ts: EXPLICIT_LE,
        warnings: &[
            WarningKind::MissingPreamble,
            WarningKind::MissingPrefix,
            WarningKind::MissingMeta,
        ],
    },
    Expect {
        file: "odd_lengths.dcm",
        mode: Mode::Lenient,
        top: 3,
        all: 3,
        meta: 6,
        ts: EXPLICIT_LE,
        warnings: &[
            WarningKind::OddLength,
            WarningKind::OddLength,
            WarningKind::OddLength,
        ],
    },
    Expect {
        file: "ts_mismatch.dcm",
        mode: Mode::Lenient,
        top: 2,
        all: 2,
        meta: 6,
        ts: EXPLICIT_LE,
        warnings: &[WarningKind::TransferSyntaxMismatch],
    },
];

fn opts(mode: Mode) -> ParseOptions {
    match mode {
        Mode::Strict => ParseOptions::strict(),
        Mode::Lenient => ParseOptions::lenient(),
    }
}

#[test]
fn corpus_shapes_and_round_trips() {
    for x in CORPUS {
        let input = read(x.file);
        let holder =
            Inflated::new(&input, &opts(x.mode)).unwrap_or_else(|e| panic!("{}: {e}", x.file));
        let file = holder.parse().unwrap_or_else(|e| panic!("{}: {e}", x.file));
        let ds = file.data_set();
        assert_eq!(ds.len(), x.top, "{}: top-level elements", x.file);
        assert_eq!(ds.walk().count(), x.all, "{}: all elements", x.file);
        assert_eq!(file.meta().len(), x.meta, "{}: meta elements", x.file);
        assert_eq!(file.transfer_syntax().uid(), Some(x.ts), "{}", x.file);
        let kinds: Vec<WarningKind> = file.warnings().map(|w| w.kind).collect();
        assert_eq!(kinds, x.warnings, "{}: warnings", x.file);
        if x.mode == Mode::Strict {
            assert_eq!(file.write(), input, "{}: exact round trip", x.file);
            // Header-only read: same elements before Pixel Data, same bytes written.
            let head =
                Inflated::new(&input, &ParseOptions::strict().stop_before_pixel_data()).unwrap();
            let head = head.parse().unwrap();
            let pixel = usize::from(ds.element(Tag::PIXEL_DATA).is_some());
            assert_eq!(
                head.data_set().len(),
                x.top - pixel,
                "{}: header only",
                x.file
            );
            assert_eq!(head.write(), input, "{}: header-only round trip", x.file);
        }
    }
}

#[test]
fn lenient_reads_strict_files_identically() {
    for x in CORPUS.iter().filter(|x| x.mode == Mode::Strict) {
        let input = read(x.file);
        let a = Inflated::new(&input, &ParseOptions::strict()).unwrap();
        let b = Inflated::new(&input, &ParseOptions::lenient()).unwrap();
        let (a, b) = (a.parse().unwrap(), b.parse().unwrap());
        assert_eq!(
            a.data_set().walk().count(),
            b.data_set().walk().count(),
            "{}",
            x.file
        );
        assert_eq!(a.write(), b.write(), "{}", x.file);
    }
}

#[test]
fn lenient_only_fixtures_fail_strictly() {
    for x in CORPUS.iter().filter(|x| x.mode == Mode::Lenient) {
        let input = read(x.file);
        let err = DicomFile::parse(&input).unwrap_err();
        let expected = match x.file {
            "odd_lengths.dcm" => matches!(err.kind, ErrorKind::OddLength(_)),
            "ts_mismatch.dcm" => matches!(err.kind, ErrorKind::UnknownVr),
            _ => err.kind == ErrorKind::MissingPreamble,
        };
        assert!(expected, "{}: {err}", x.file);
    }
}

/// The same values, whatever the transfer syntax.
#[test]
fn values_in_every_transfer_syntax() {
    for name in [
        "explicit_le.dcm",
        "explicit_le_defined.dcm",
        "implicit_le.dcm",
        "explicit_be.dcm",
        "deflated.dcm",
        "group_lengths.dcm",
        "rle.dcm",
    ] {
        let input = read(name);
        let holder = Inflated::new(&input, &ParseOptions::strict()).unwrap();
        let file = holder.parse().unwrap();
        let ds = file.data_set();
        let get = |p: &str| ds.get(p).unwrap().unwrap_or_else(|| panic!("{name}: {p}"));

        assert_eq!(
            get("SpecificCharacterSet").string().unwrap(),
            "ISO_IR 100",
            "{name}"
        );
        assert_eq!(
            get("ImageType").strings().unwrap(),
            ["ORIGINAL", "PRIMARY", "AXIAL"]
        );
        assert_eq!(get("ImageType").multiplicity(), 3);
        let date = get("StudyDate").date().unwrap();
        assert_eq!(
            (date.value.to_string(), date.precision),
            ("2024-02-29".into(), Precision::Day)
        );
        let time = get("StudyTime").time().unwrap();
        assert_eq!(time.value.to_string(), "14:15:22.250");
        let dt = get("AcquisitionDateTime").datetime().unwrap();
        assert_eq!(
            dt.to_chrono().unwrap().to_rfc3339(),
            "2024-02-29T14:15:22.123456+01:00"
        );
        assert_eq!(get("AccessionNumber").strings().unwrap().len(), 0);
        assert_eq!(get("AccessionNumber").length(), Length::Defined(0));
        // Latin-1 decoded.
        assert_eq!(
            get("ReferringPhysicianName")
                .person_name()
                .unwrap()
                .alphabetic
                .family(),
            "Müller"
        );
        let pn = get("PatientName").person_name().unwrap();
        assert_eq!(
            (
                pn.alphabetic.family(),
                pn.alphabetic.given(),
                pn.alphabetic.prefix()
            ),
            ("Doe", "John", "Dr.")
        );
        assert_eq!(
            (pn.ideographic.family(), pn.ideographic.given()),
            ("Dóe", "Jöhn")
        );
        // Texts keep their backslashes.
        assert_eq!(
            get("InstitutionAddress").strings().unwrap(),
            ["1 Main Street\\Springfield"]
        );
        assert_eq!(
            get("PatientComments").text().unwrap(),
            "first line\\still the same value"
        );
        assert_eq!(
            get("RetrieveURL").string().unwrap(),
            "http://example.org/studies/1"
        );
        // Numbers.
        assert_eq!(get("Exposure").int().unwrap(), -12);
        assert_eq!(get("Rows").int().unwrap(), 4);
        assert_eq!(get("BitsStored").u16s().unwrap().collect::<Vec<_>>(), [12]);
        assert_eq!(
            get("SmallestImagePixelValue").ints().unwrap(),
            [-1024],
            "{name}"
        );
        let pos = get("ImagePositionPatient").decimals().unwrap();
        assert_eq!(
            pos.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
            ["-125.0", "-125.0", "47.5"]
        );
        assert_eq!(get("PixelSpacing").floats().unwrap(), [0.5, 0.5]);
        assert_eq!(
            get("FrameIncrementPointer")
                .tags()
                .unwrap()
                .collect::<Vec<_>>(),
            [tags::SliceVector, tags::InstanceNumber],
            "{name}"
        );
        assert_eq!(
            get("SOPClassUID").uid().unwrap(),
            "1.2.840.10008.5.1.4.1.1.2"
        );
        // Private tags.
        let creator = ds.element(Tag::new(0x0009, 0x0010)).unwrap();
        assert_eq!(creator.string().unwrap(), "ACME 1.0");
        let private = ds.element(Tag::new(0x0009, 0x1002)).unwrap();
        if file.data_set().transfer_syntax().explicit_vr {
            assert_eq!(private.vr(), Vr::UL);
            assert_eq!(
                private.u32s().unwrap().collect::<Vec<_>>(),
                [0x1234_5678],
                "{name}"
            );
        } else {
            assert_eq!(private.vr(), Vr::UN);
        }
        // Nested sequences.
        let seq = get("ReferencedSeriesSequence");
        assert!(seq.is_sequence());
        assert_eq!(seq.item_count(), 1);
        assert_eq!(
            get("ReferencedSeriesSequence[0].SeriesInstanceUID")
                .uid()
                .unwrap(),
            "1.2.826.0.1.3680043.8.498.2"
        );
        let inner =
            get("ReferencedSeriesSequence[0].ReferencedImageSequence[1].ReferencedSOPInstanceUID");
        assert_eq!(inner.uid().unwrap(), "1.2.826.0.1.3680043.8.498.11");
        assert_eq!(inner.depth(), 2);
        assert_eq!(
            inner.path().to_string(),
            "(0008,1115)[0].(0008,1140)[1].(0008,1155)"
        );
        assert_eq!(
            inner.character_set().repertoire(),
            Some(dicom_meta::Repertoire::Latin1)
        );
        assert!(
            ds.get(
                "ReferencedSeriesSequence[0].ReferencedImageSequence[2].ReferencedSOPInstanceUID"
            )
            .unwrap()
            .is_none()
        );
        let rwv = get("RealWorldValueMappingSequence[0].RealWorldValueLUTData");
        assert_eq!(
            rwv.f64s().unwrap().collect::<Vec<_>>(),
            [3.25, -1.5],
            "{name}"
        );
        let fl = get("RealWorldValueMappingSequence[0].ContrastBolusT1Relaxivity");
        assert_eq!(fl.f32s().unwrap().collect::<Vec<_>>(), [2.5], "{name}");
        // Pixel data: native or encapsulated.
        let pixels = ds.element(Tag::PIXEL_DATA).unwrap();
        if file.transfer_syntax().encapsulated {
            assert!(pixels.is_encapsulated());
            assert_eq!(pixels.length(), Length::Undefined);
            let frags: Vec<_> = pixels.fragments().collect();
            assert_eq!(frags.len(), 2, "{name}");
            assert_eq!(pixels.basic_offset_table(), Some(&[0u8, 0, 0, 0][..]));
            assert_eq!(pixels.frame_offsets().collect::<Vec<_>>(), [0]);
            assert!(frags[1].data().len() > 16);
        } else {
            assert_eq!(pixels.value().len(), 32, "{name}");
            let px: Vec<u16> = pixels.u16s().unwrap().collect();
            assert_eq!(px[1], 1, "{name}");
            assert_eq!(px[15], 0x0fff, "{name}");
        }
    }
}

#[test]
fn big_endian_byte_order() {
    let input = read("explicit_be.dcm");
    let file = DicomFile::parse(&input).unwrap();
    assert_eq!(file.data_set().transfer_syntax().byte_order, ByteOrder::Big);
    let rows = file.get("Rows").unwrap().unwrap();
    assert_eq!(rows.value(), [0, 4]);
    assert_eq!(rows.byte_order(), ByteOrder::Big);
    // The meta group is always little endian.
    assert_eq!(file.meta().transfer_syntax().byte_order, ByteOrder::Little);
}

#[test]
fn deflated_needs_inflated_holder() {
    let input = read("deflated.dcm");
    let err = DicomFile::parse(&input).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NeedsInflate);
    let holder = Inflated::new(&input, &ParseOptions::strict()).unwrap();
    let inflated = holder.inflated().unwrap();
    assert!(inflated.len() > input.len() - 300);
    let file = holder.parse().unwrap();
    assert_eq!(file.data_set().bytes(), inflated);
    // The inflated data set is plain explicit VR little endian: the same as explicit_le's.
    let plain = read("explicit_le.dcm");
    let plain = DicomFile::parse(&plain).unwrap();
    assert_eq!(file.data_set().write(), plain.data_set().write());
    // A tight limit refuses to inflate.
    let err = Inflated::new(&input, &ParseOptions::strict().max_inflated_len(100)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InflateLimit(100));
    // A truncated stream: what it inflates to, and a positioned error.
    let mut cut = input.clone();
    cut.truncate(input.len() - 40);
    let holder = Inflated::new(&cut, &ParseOptions::strict()).unwrap();
    let err = holder.parse().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Deflate);
    assert!(err.in_inflated);
    assert_eq!(err.offset, holder.inflated().unwrap().len());
    assert!(
        err.to_string().contains("of the inflated data set"),
        "{err}"
    );
    let (part, err) = holder.parse_partial().unwrap();
    assert_eq!(err.unwrap().kind, ErrorKind::Deflate);
    assert_eq!(
        part.get("PatientID").unwrap().unwrap().string().unwrap(),
        "12345"
    );
    assert!(part.data_set().len() < 51);
    // A corrupt stream.
    let mut bad = input.clone();
    let at = input.len() - 600;
    bad[at..at + 8].copy_from_slice(&[0xff; 8]);
    let holder = Inflated::new(&bad, &ParseOptions::strict()).unwrap();
    assert!(holder.parse().is_err());
}

#[test]
fn cp246_un_sequence() {
    let input = read("cp246.dcm");
    let file = DicomFile::parse(&input).unwrap();
    let ds = file.data_set();
    let un = ds.element(Tag::new(0x0029, 0x1010)).unwrap();
    assert_eq!(un.vr(), Vr::UN);
    assert!(un.is_sequence());
    assert_eq!(un.length(), Length::Undefined);
    assert_eq!(un.item_count(), 2);
    let item = un.item(0).unwrap();
    // Content is implicit VR: VRs come from the dictionary.
    let code = item.get("CodeValue").unwrap().unwrap();
    assert_eq!(code.vr(), Vr::SH);
    assert_eq!(code.string().unwrap(), "T-A0100");
    assert_eq!(code.byte_order(), ByteOrder::Little);
    let text = item.get("ContentSequence[0].TextValue").unwrap().unwrap();
    assert_eq!(text.text().unwrap(), "nested");
    assert_eq!(un.item(1).unwrap().len(), 1);
    assert_eq!(un.item(1).unwrap().length(), Length::Defined(8));
    assert_eq!(
        ds.element(Tag::new(0x0029, 0x1020))
            .unwrap()
            .string()
            .unwrap(),
        "after"
    );
    assert_eq!(
        ds.get("00291010[0].00080104")
            .unwrap()
            .unwrap()
            .string()
            .unwrap(),
        "Brain"
    );
}

#[test]
fn deep_nesting_and_depth_limit() {
    let input = read("deep.dcm");
    let file = DicomFile::parse(&input).unwrap();
    let mut path = String::new();
    for _ in 0..12 {
        path.push_str("ContentSequence[0].");
    }
    path.push_str("TextValue");
    let text = file.get(&path).unwrap().unwrap();
    assert_eq!(text.text().unwrap(), "innermost text");
    assert_eq!(text.depth(), 12);
    // 12 levels pass a limit of 12, not one of 11.
    assert!(DicomFile::parse_with(&input, &ParseOptions::strict().max_depth(12)).is_ok());
    let err = DicomFile::parse_with(&input, &ParseOptions::strict().max_depth(11)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooDeep(11));
    assert_eq!(err.path.hops().count(), 8); // innermost hops kept
    assert!(err.to_string().contains("….(0040,A730)[0]"), "{err}");
}

#[test]
fn element_limit() {
    let input = read("explicit_le.dcm");
    let err = DicomFile::parse_with(&input, &ParseOptions::strict().max_elements(10)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooManyElements(10));
}

#[test]
fn truncated_input_gives_what_was_read() {
    let input = read("truncated.dcm");
    let err = DicomFile::parse(&input).unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::LengthExceedsInput { length: 32, .. }),
        "{err}"
    );
    assert_eq!(err.path.to_string(), "(7FE0,0010)");
    let (file, err) = DicomFile::parse_partial(&input, &ParseOptions::strict()).unwrap();
    let err = err.unwrap();
    assert_eq!(
        err.offset,
        file.data_set()
            .element(tags::RealWorldValueMappingSequence)
            .unwrap()
            .raw()
            .len()
            + file
                .data_set()
                .element(tags::RealWorldValueMappingSequence)
                .unwrap()
                .offset()
    );
    assert_eq!(file.data_set().len(), 50);
    assert!(!file.data_set().is_complete());
    assert_eq!(
        file.get("PatientID").unwrap().unwrap().string().unwrap(),
        "12345"
    );

    // Every cut of a file parses partially without panicking, and the error offset is
    // within the input.
    let full = read("explicit_le.dcm");
    for cut in 0..full.len() {
        match DicomFile::parse_partial(&full[..cut], &ParseOptions::strict()) {
            Ok((file, err)) => {
                // A cut between two top-level elements leaves a shorter, valid file.
                if let Some(err) = err {
                    assert!(err.offset <= cut, "cut {cut}: {err}");
                }
                assert!(file.data_set().walk().count() <= 59);
                assert_eq!(
                    file.write(),
                    &full[..cut.min(file.data_set().raw().len() + file.data_set().offset())]
                );
            }
            Err(e) => assert!(e.offset <= cut, "cut {cut}: {e}"),
        }
    }
}

#[test]
fn cut_inside_undefined_sequence_closes_containers() {
    let full = read("explicit_le.dcm");
    let file = DicomFile::parse(&full).unwrap();
    let inner = file
        .get("ReferencedSeriesSequence[0].ReferencedImageSequence[1].ReferencedSOPInstanceUID")
        .unwrap()
        .unwrap();
    let cut = inner.value_offset() + 4;
    let (part, err) = DicomFile::parse_partial(&full[..cut], &ParseOptions::strict()).unwrap();
    let err = err.unwrap();
    assert_eq!(
        err.path.to_string(),
        "(0008,1115)[0].(0008,1140)[1].(0008,1155)"
    );
    let seq = part.get("ReferencedSeriesSequence").unwrap().unwrap();
    assert!(seq.is_incomplete());
    assert_eq!(
        part.get("ReferencedSeriesSequence[0].ReferencedImageSequence[1].ReferencedSOPClassUID")
            .unwrap()
            .unwrap()
            .uid()
            .unwrap(),
        "1.2.840.10008.5.1.4.1.1.2"
    );
}

#[test]
fn lenient_tolerances() {
    let input = read("odd_lengths.dcm");
    let file = DicomFile::parse_with(&input, &ParseOptions::lenient()).unwrap();
    assert_eq!(
        file.get("PatientName").unwrap().unwrap().string().unwrap(),
        "Odd"
    );
    assert_eq!(
        file.get("SOPClassUID").unwrap().unwrap().uid().unwrap(),
        "1.2.3"
    );
    // Lenient reads write back what they read.
    assert_eq!(file.write(), input);

    let input = read("ts_mismatch.dcm");
    let file = DicomFile::parse_with(&input, &ParseOptions::lenient()).unwrap();
    assert!(!file.data_set().transfer_syntax().explicit_vr);
    assert!(file.transfer_syntax().explicit_vr);
    assert_eq!(
        file.get("PatientName")
            .unwrap()
            .unwrap()
            .person_name()
            .unwrap()
            .alphabetic
            .given(),
        "Ts"
    );
    assert_eq!(file.write(), input);

    for name in [
        "no_preamble.dcm",
        "no_prefix.dcm",
        "no_meta_implicit.dcm",
        "no_meta_explicit.dcm",
    ] {
        let input = read(name);
        let file = DicomFile::parse_with(&input, &ParseOptions::lenient()).unwrap();
        assert_eq!(file.write(), input, "{name}");
        assert_eq!(
            file.get("PatientID").unwrap().unwrap().string().unwrap(),
            "12345"
        );
    }
}

#[test]
fn bare_data_sets() {
    let input = read("no_meta_implicit.dcm");
    let ds = DataSet::parse(&input, TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN).unwrap();
    assert_eq!(ds.len(), 51);
    assert_eq!(ds.write(), input);
    // Declared wrongly, strictly: an error, not a panic.
    assert!(DataSet::parse(&input, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).is_err());
    // Leniently: detected.
    let ds = DataSet::parse_with(
        &input,
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
        &ParseOptions::lenient(),
    )
    .unwrap();
    assert_eq!(ds.len(), 51);
    assert_eq!(ds.warnings()[0].kind, WarningKind::TransferSyntaxMismatch);
}

#[test]
fn group_length_mismatch() {
    let mut input = read("explicit_le.dcm");
    // (0002,0000) value at 140..144: make it wrong.
    input[140] = input[140].wrapping_add(2);
    let err = DicomFile::parse(&input).unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::GroupLengthMismatch { .. }),
        "{err}"
    );
    let file = DicomFile::parse_with(&input, &ParseOptions::lenient()).unwrap();
    assert_eq!(
        file.warnings().next().unwrap().kind,
        WarningKind::GroupLengthMismatch
    );
    assert_eq!(file.write(), input);
}

#[test]
fn debug_and_display_show_no_values() {
    let input = read("explicit_le.dcm");
    let file = DicomFile::parse(&input).unwrap();
    let ds = file.data_set();
    let mut text = format!("{file:?}");
    for e in ds.walk() {
        text.push_str(&format!("{e:?}"));
        for it in e.items() {
            text.push_str(&format!("{it:?}"));
        }
        if let Ok(pn) = e.person_name() {
            text.push_str(&format!("{pn:?}"));
        }
    }
    for secret in ["Doe", "12345", "Acme", "Müller", "19800102"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}
