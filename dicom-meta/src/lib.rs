//! # dicom-meta — a zero-copy DICOM metadata parser, dictionary and writer
//!
//! Reads Part 10 files (preamble, `DICM`, file meta group) and bare data sets in every
//! transfer syntax — implicit VR little endian, explicit VR little and big endian, deflated,
//! and the encapsulated (compressed) ones, whose pixel data is exposed as the basic offset
//! table and fragment slices — into a flat index over the input bytes. Elements, items and
//! fragments are borrowed views; nested sequences are navigated without copying.
//!
//! ```
//! use dicom_meta::{DicomFile, ParseOptions, tags};
//!
//! # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
//! let file = DicomFile::parse_with(&input, &ParseOptions::strict().stop_before_pixel_data())?;
//! let ds = file.data_set();
//! assert_eq!(ds.get("PatientName")?.unwrap().person_name()?.alphabetic.family(), "Doe");
//! assert_eq!(ds.get("(0010,0020)")?.unwrap().string()?, "12345");
//! let series = ds.get("ReferencedSeriesSequence[0].SeriesInstanceUID")?.unwrap();
//! assert_eq!(series.uid()?, "1.2.826.0.1.3680043.8.498.2");
//! assert_eq!(ds.element(tags::Rows).unwrap().int()?, 4);
//! assert_eq!(file.write(), input); // exact round trip
//! let json = ds.to_json(&dicom_meta::JsonOptions::new())?;
//! assert!(json.contains(r#""00100020":{"vr":"LO","Value":["12345"]}"#));
//! # Ok::<(), dicom_meta::Error>(())
//! ```
//!
//! - Parsing: [`DicomFile`] (Part 10), [`DataSet`] (bare data sets), [`Inflated`] (deflated
//!   transfer syntaxes), [`ParseOptions`] (strict or lenient, `stop_before`, limits).
//! - Views: [`Element`], [`Item`], [`Fragment`]; paths such as
//!   `ReferencedSeriesSequence[0].SeriesInstanceUID` through [`DataSet::get`].
//! - Values: text in the [`CharacterSet`] that applies (ISO 8859 parts, UTF-8, GB 18030,
//!   GBK and ISO 2022 code extensions with JIS X 0201/0208/0212, KS X 1001 and GB 2312),
//!   [`PersonName`], [`Date`], [`Time`], [`DateTime`], exact [`Decimal`]s, integers, floats
//!   and tags in the data set's byte order.
//! - The standard data dictionary in [`dict`], one constant per keyword in [`tags`], and
//!   private dictionaries keyed by private creator ([`dict::PrivateDictionary`],
//!   [`Element::private_entry`]).
//! - Writing: [`DataSet::write`] and [`DicomFile::write`] give back the input byte for byte
//!   for anything read strictly.
//! - DICOM JSON (PS3.18 Annex F): [`DataSet::to_json`] with inline binary or bulk data URIs
//!   ([`JsonOptions`], [`BulkData`]), and [`from_json`] back into an [`OwnedDataSet`];
//!   Native DICOM Model XML (PS3.19): [`DataSet::to_xml`].
//! - Building and transcoding: [`OwnedDataSet`] and [`OwnedFile`] are edited in memory and
//!   written in any native transfer syntax ([`WriteOptions`]).
//! - De-identification with the PS3.15 Annex E Basic Profile and its E.3 options
//!   ([`deid::DeidOptions`]): [`deid`].
//!
//! Every file, deflated or not, can be read through [`Inflated`], which owns the inflated
//! bytes when there are any (the data set then borrows from it) and copies nothing otherwise:
//!
//! ```
//! use dicom_meta::{Inflated, ParseOptions};
//! # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deflated.dcm")).to_vec();
//! let holder = Inflated::new(&input, &ParseOptions::lenient())?;
//! let file = holder.parse()?;
//! assert_eq!(file.get("Modality")?.unwrap().string()?, "CT");
//! # Ok::<(), dicom_meta::Error>(())
//! ```
//!
//! The index is one 24-byte entry per element, item and fragment, built in a single pass with
//! no recursion; [`Buffers`] lets a caller reuse it across files so that steady-state parsing
//! allocates nothing. Dictionary lookups by tag and by keyword are O(1) hash lookups into
//! tables built at compile time. For speed, look elements up by [`Tag`] (e.g.
//! `ds.element(tags::Rows)`, a binary search over the top level) rather than by path string.
//!
//! Strict by default; [`Mode::Lenient`] tolerates what real-world files get wrong and
//! records each tolerance as a [`Warning`]. No input makes the parser panic or allocate more
//! than a small multiple of its own size (inflating excepted, which is capped by
//! [`ParseOptions::max_inflated_len`]). `Debug` and `Display` never show values.
//!
//! The crate is `no_std` + `alloc` without its default `std` feature, does no I/O, and forbids
//! `unsafe` code.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

mod base64;
mod charset;
mod dataset;
mod datetime;
pub mod deid;
pub mod dict;
mod error;
mod file;
mod json;
mod options;
mod owned;
mod parse;
mod path;
mod render;
mod tag;
pub mod tags;
mod ts;
mod value;
mod vr;
mod write;
mod xml;

pub use charset::{CharacterSet, Repertoire};
pub use dataset::{DataSet, Element, Elements, Fragment, Fragments, Item, Items, Length};
pub use datetime::{Date, DateTime, Precision, Time};
pub use error::{Error, ErrorKind, TagPath, Warning, WarningKind};
pub use file::{DicomFile, Inflated, inflate};
pub use json::{BulkDataResolver, JsonOptions, JsonReadOptions, from_json, from_json_with};
pub use options::{Mode, ParseOptions};
pub use owned::{GroupLengths, OwnedDataSet, OwnedElement, OwnedFile, Value, WriteOptions};
pub use parse::Buffers;
pub use render::BulkData;
pub use tag::Tag;
pub use ts::{ByteOrder, TransferSyntax};
pub use value::{Decimal, NameGroup, PersonName};
pub use vr::Vr;
pub use xml::XmlOptions;
