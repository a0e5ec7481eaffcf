//! Checks of the `dicom_write` fuzz target, shared with `dicom-meta/tests/fuzz_corpus.rs`.
//!
//! Whatever parses (as a Part 10 file or a bare data set, strictly or leniently) is copied
//! into an owned data set, which is written in every uncompressed transfer syntax (with and
//! without group lengths) and de-identified (Basic Profile, and with the E.3 options chosen
//! by the input's last two bytes), without panicking; everything written parses
//! strictly again, and its owned copy writes the same bytes again (in implicit VR, from the
//! second copy on: the dictionary decides VRs there).

use dicom_meta::{
    DataSet, DicomFile, GroupLengths, OwnedDataSet, OwnedFile, ParseOptions, TransferSyntax,
    WriteOptions,
};

const SYNTAXES: [TransferSyntax; 3] = [
    TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
];

pub(crate) fn check(data: &[u8]) {
    // The de-identification options to try, from the input's last two bytes.
    let bits = match data {
        [.., a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    };
    for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
        if let Ok(file) = DicomFile::parse_with(data, &opts) {
            if let Ok(owned) = OwnedFile::from_file(&file) {
                for ts in SYNTAXES {
                    if let Ok(bytes) = owned.write(ts, &WriteOptions::new()) {
                        let back = DicomFile::parse(&bytes).expect("written file parses");
                        assert_eq!(back.transfer_syntax(), ts);
                    }
                }
            }
            transcode(file.data_set(), bits);
        }
        for ts in SYNTAXES {
            if let Ok(ds) = DataSet::parse_with(data, ts, &opts) {
                transcode(&ds, bits);
            }
        }
    }
}

fn transcode(ds: &DataSet<'_>, bits: u16) {
    let Ok(mut owned) = OwnedDataSet::from_data_set(ds) else {
        return;
    };
    for ts in SYNTAXES {
        for opts in [
            WriteOptions::new(),
            WriteOptions::new().group_lengths(GroupLengths::Add),
            WriteOptions::new()
                .undefined_lengths()
                .group_lengths(GroupLengths::Remove),
        ] {
            if let Ok(bytes) = owned.write(ts, &opts) {
                let back = DataSet::parse(&bytes, ts).expect("written data set parses strictly");
                let again = OwnedDataSet::from_data_set(&back).expect("owned copy of our output");
                // In implicit VR the dictionary decides VRs, so the first copy may differ
                // (an empty element at a sequence tag comes back as a sequence); in explicit
                // VR it writes the same bytes, and from the second copy on both do.
                let bytes2 = again
                    .write(ts, &opts)
                    .expect("owned copy of our output writes");
                if ts.explicit_vr {
                    assert_eq!(
                        bytes2, bytes,
                        "owned copy of written bytes writes differently"
                    );
                }
                let back2 = DataSet::parse(&bytes2, ts).expect("rewritten data set parses");
                let third = OwnedDataSet::from_data_set(&back2).expect("owned copy");
                assert_eq!(
                    third.write(ts, &opts).ok().as_deref(),
                    Some(bytes2.as_slice()),
                    "writing is not a fixed point"
                );
            }
        }
    }
    // The PS3.15 E.3 options chosen by `bits`, then the Basic Profile.
    let on = |i: u16| bits & (1 << i) != 0;
    let opts = dicom_meta::deid::DeidOptions::new()
        .retain_safe_private(on(0))
        .retain_uids(on(1))
        .retain_device_identity(on(2))
        .retain_institution_identity(on(3))
        .retain_patient_characteristics(on(4))
        .retain_full_dates(on(5))
        .retain_modified_dates(on(6))
        .clean_descriptors(on(7))
        .clean_structured_content(on(8))
        .clean_graphics(on(9));
    let mut with_options = owned.clone();
    dicom_meta::deid::deidentify_with(&mut with_options, b"fuzz", &opts);
    dicom_meta::deid::deidentify(&mut owned, b"fuzz");
    for ts in SYNTAXES {
        for ds in [&owned, &with_options] {
            if let Ok(bytes) = ds.write(ts, &WriteOptions::new()) {
                DataSet::parse(&bytes, ts).expect("de-identified data set parses strictly");
            }
        }
    }
}
