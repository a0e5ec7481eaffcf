//! Checks of the `dicom_parse` fuzz target, shared with `dicom-meta/tests/fuzz_corpus.rs`
//! (which replays the corpus through them in `cargo test`).
//!
//! For every input, as a Part 10 file and as a bare data set in each uncompressed transfer
//! syntax, strictly and leniently, with and without `stop_before_pixel_data`:
//!
//! - nothing panics while parsing, navigating or reading values; errors lie within the input;
//! - a file or data set read strictly and completely writes back the input byte for byte
//!   (with a stop tag: the unparsed rest is copied), and lenient parsing accepts it too;
//! - DICOM JSON (compact and pretty) and XML output never panic; JSON output always reads
//!   back with `from_json` without panicking; for data sets read strictly and completely it
//!   reads back (unless its text cannot be encoded in the declared character set again),
//!   and writing what it read gives the same JSON again (a fixed point).

use dicom_meta::{
    DataSet, DicomFile, Element, ErrorKind, JsonOptions, Mode, ParseOptions, TransferSyntax,
    XmlOptions, from_json,
};

const MODES: [ParseOptions; 4] = [
    ParseOptions::strict(),
    ParseOptions::lenient(),
    ParseOptions::strict().stop_before_pixel_data(),
    ParseOptions::lenient().stop_before_pixel_data(),
];

const SYNTAXES: [TransferSyntax; 3] = [
    TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax::EXPLICIT_VR_BIG_ENDIAN,
];

pub(crate) fn check(data: &[u8]) {
    for opts in MODES {
        let strict = opts.mode == Mode::Strict;
        match DicomFile::parse_partial(data, &opts) {
            Ok((file, err)) => {
                outputs(file.data_set(), strict && err.is_none());
                outputs(file.meta(), strict);
                let _ = (format!("{file:?}"), file.warnings().count());
                if let Some(e) = err {
                    assert!(e.offset <= data.len(), "error offset past the input");
                    let _ = e.to_string();
                } else if strict {
                    assert_eq!(file.write(), data, "strict file does not write back");
                    let lenient = match opts.stop_before {
                        Some(_) => ParseOptions::lenient().stop_before_pixel_data(),
                        None => ParseOptions::lenient(),
                    };
                    assert!(
                        DicomFile::parse_with(data, &lenient).is_ok(),
                        "lenient rejects what strict accepts"
                    );
                }
            }
            Err(e) => {
                assert!(e.offset <= data.len(), "error offset past the input");
                let _ = e.to_string();
            }
        }
        for ts in SYNTAXES {
            let (ds, err) = DataSet::parse_partial(data, ts, &opts);
            outputs(&ds, strict && err.is_none());
            match err {
                Some(e) => assert!(e.offset <= data.len(), "error offset past the input"),
                None if strict => {
                    assert_eq!(ds.write(), data, "strict data set does not write back");
                }
                None => {}
            }
        }
    }
}

/// Reads every value, writes JSON and XML; `exact`: the data set was read strictly and
/// completely, so its JSON must be a fixed point of JSON → owned → JSON.
fn outputs(ds: &DataSet<'_>, exact: bool) {
    for e in ds.walk() {
        values(&e);
    }
    let _ = (
        ds.get("ReferencedSeriesSequence[0].SeriesInstanceUID"),
        ds.len(),
    );
    for opts in [
        JsonOptions::new(),
        JsonOptions::new().pretty().numbers_as_strings(),
    ] {
        if let Ok(json) = ds.to_json(&opts) {
            // Leniently decoded text may not be encodable in the declared character set
            // again: reading it back may fail then, but never panics. So may text that an
            // ISO 2022 escape sequence switched to a set the Specific Character Set does not
            // declare (the decoder follows it; the encoder uses declared sets only).
            match from_json(&json) {
                Err(e) if exact && !matches!(e.kind, ErrorKind::InvalidText(_)) => {
                    panic!("our JSON does not read back: {e}")
                }
                Ok(owned) if exact && !opts.pretty => {
                    let again = owned.to_json(&opts).expect("owned data set writes JSON");
                    assert_eq!(again, json, "JSON does not read back to itself");
                }
                _ => {}
            }
        }
    }
    let _ = ds.to_xml(&XmlOptions::new());
}

fn values(e: &Element<'_, '_>) {
    let _ = (e.tag(), e.vr(), e.value(), e.raw(), e.depth(), e.keyword());
    let _ = (e.path().to_string(), e.character_set(), e.multiplicity());
    let _ = (e.text(), e.strings(), e.uid(), e.person_names());
    let _ = (
        e.date(),
        e.time(),
        e.datetime(),
        e.ints(),
        e.decimals(),
        e.floats(),
    );
    let _ = (
        e.private_creator(),
        e.frame_offsets().count(),
        format!("{e:?}"),
    );
    if let Ok(it) = e.u16s() {
        it.for_each(drop);
    }
    if let Ok(it) = e.f64s() {
        it.for_each(drop);
    }
    if let Ok(it) = e.tags() {
        it.for_each(drop);
    }
    for item in e.items() {
        let _ = (item.len(), item.raw(), format!("{item:?}"));
    }
    for f in e.fragments() {
        let _ = (f.data(), f.offset());
    }
}
