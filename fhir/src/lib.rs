//! # fhir — the complete FHIR R4 (4.0.1) model with exact JSON and XML, and validation
//!
//! Every R4 resource, data type, backbone element, choice element and required-binding code
//! enum, generated from the official StructureDefinitions (see `codegen/generate.py`). The
//! model is plain structs with public fields and `Default`, so struct literals read well:
//!
//! ```
//! use fhir::{codes::AdministrativeGender, Date, HumanName, Patient, Resource};
//!
//! let patient = Patient {
//!     id: Some("p1".into()),
//!     name: vec![HumanName {
//!         family: Some("Chalmers".into()),
//!         given: vec!["Peter".into(), "James".into()],
//!         ..Default::default()
//!     }],
//!     gender: Some(AdministrativeGender::Male.into()),
//!     birth_date: Some(Date::parse("1974-12-25")?.into()),
//!     ..Default::default()
//! };
//! let json = fhir::json::to_vec(&patient);
//! assert_eq!(
//!     std::str::from_utf8(&json).unwrap(),
//!     r#"{"resourceType":"Patient","id":"p1","name":[{"family":"Chalmers","given":["Peter","James"]}],"gender":"male","birthDate":"1974-12-25"}"#
//! );
//! assert_eq!(Resource::from_json(&json)?, Resource::from(patient));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Primitives are [`Primitive<T>`]: the value plus the element id and extensions that JSON
//! carries in `_name` siblings. The string-like types (`string`, `uri`, `code`, `id`, ...) and
//! the plain string fields (resource and element ids, `Extension.url`) hold a
//! [`FhirString`]: a constant (`"http://loinc.org".into()`) is referenced without
//! allocating, text up to 24 bytes is stored inline, longer text is owned. Decimals
//! ([`Decimal`]) and dates and times ([`Date`],
//! [`DateTime`], [`Instant`], [`Time`]) keep their exact lexical form. Choice elements are enums
//! (`ObservationValue::Quantity(..)`), contained resources are [`Resource`]s.
//!
//! [`helpers`] adds resource ids, typed [`Reference`]s ([`helpers::ReferenceTarget`]) and
//! finding and resolving entries of a [`Bundle`].
//!
//! [`json`] and [`xml`] (feature `xml`, on by default) read and write FHIR JSON and FHIR XML
//! exactly, strictly or leniently; JSON → XML → JSON is lossless. [`validate()`] checks a
//! model structurally (cardinality, primitive formats, required bindings, `ele-1`, `ext-1`,
//! references) and reports [`validate::Issue`]s with FHIRPath locations, convertible to an
//! `OperationOutcome`.
//!
//! (De)serialisation is table driven: each type has a static [`TypeInfo`] and implements the
//! object-safe [`Object`] trait, and one reader in [`json`] (and one in `xml`) serves every
//! type, which keeps the crate quick to compile. Validation walks the same tables. Only JSON
//! writing has generated per-type code: one typed writer call per element, on top of the same
//! generic writer helpers.
//!
//! `Debug` of the model shows structure (which elements are present, how many), never values.
//! The crate is `no_std` + `alloc` without its default `std` and `xml` features, does no I/O,
//! and forbids `unsafe` code.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod datetime;
mod error;
mod generated;
pub mod helpers;
pub mod json;
mod lexical;
pub mod model;
pub mod primitive;
mod string;
mod swar;
pub mod validate;
#[cfg(feature = "xml")]
pub mod xml;

pub use datetime::{Date, DateTime, Instant, Precision, Time};
pub use error::{Error, ErrorKind, Warning};
pub use generated::*;
pub use model::{Object, PrimitiveType, TypeInfo, resource_types, type_info};
pub use primitive::{Decimal, InvalidValue, Primitive, Xhtml};
pub use string::FhirString;
pub use validate::validate;
