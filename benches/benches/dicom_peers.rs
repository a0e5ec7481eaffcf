//! dicom-rs, the peer of the `dicom` benchmark, normalised to our element count (elements at
//! every depth before Pixel Data) so that its time only counts once it finds what we find.
//!
//! - `dicom-object` 0.9: `OpenFileOptions::read_until(PixelData).from_reader` over the
//!   in-memory bytes, building an `InMemDicomObject` (values decoded and owned).
//! - `dicom-parser` 0.9: the `DataSetReader` token stream over the data set bytes, stopped at
//!   the Pixel Data header (values read into tokens, no object built).
//! - `dicom-json` 0.9: `dicom_json::to_string` of the data set that `dicom-object` read (its
//!   file meta group left out, as ours leaves it out).

use dicom_dictionary_std::tags;
use dicom_encoding::transfer_syntax::TransferSyntaxIndex;
use dicom_object::{InMemDicomObject, OpenFileOptions, file::ReadPreamble};
use dicom_parser::dataset::{DataSetReader, DataToken};
use dicom_transfer_syntax_registry::TransferSyntaxRegistry;

/// Elements at every depth of `obj` (sequence items' elements included).
fn count(obj: &InMemDicomObject) -> usize {
    obj.iter()
        .map(|e| {
            1 + e
                .value()
                .items()
                .map_or(0, |items| items.iter().map(count).sum())
        })
        .sum()
}

/// `dicom-object`: the whole Part 10 file up to Pixel Data; returns the element count.
pub(crate) fn object_until_pixel_data(file: &[u8]) -> usize {
    let obj = OpenFileOptions::new()
        .read_preamble(ReadPreamble::Always)
        .read_until(tags::PIXEL_DATA)
        .from_reader(file)
        .expect("dicom-object reads the file");
    count(&obj)
}

/// `dicom-object` + `dicom-json`: the file up to Pixel Data, its data set (without the meta
/// group) as DICOM JSON.
pub(crate) fn json_until_pixel_data(file: &[u8]) -> String {
    let obj = OpenFileOptions::new()
        .read_preamble(ReadPreamble::Always)
        .read_until(tags::PIXEL_DATA)
        .from_reader(file)
        .expect("dicom-object reads the file");
    let data_set: &InMemDicomObject = &obj;
    dicom_json::to_string(data_set).expect("dicom-json writes the data set")
}

/// `dicom-parser`: tokens of the data set in transfer syntax `ts_uid` until the Pixel Data
/// header; returns the element count.
pub(crate) fn tokens_until_pixel_data(data_set: &[u8], ts_uid: &str) -> usize {
    let ts = TransferSyntaxRegistry
        .get(ts_uid)
        .expect("dicom-rs knows the transfer syntax");
    let reader = DataSetReader::new_with_ts(data_set, ts).expect("dicom-parser reader");
    let mut n = 0;
    for token in reader {
        match token.expect("dicom-parser reads the data set") {
            DataToken::ElementHeader(h) if h.tag == tags::PIXEL_DATA => break,
            DataToken::PixelSequenceStart => break,
            DataToken::ElementHeader(_) | DataToken::SequenceStart { .. } => n += 1,
            _ => {}
        }
    }
    n
}
