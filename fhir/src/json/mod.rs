//! FHIR JSON: one table-driven reader and writer for every type.
//!
//! The reader follows the FHIR JSON rules exactly: `resourceType` dispatch (in any key
//! position), `_name` siblings carrying the `id` and extensions of primitives (with
//! `null`-aligned arrays, in either key order), choice keys such as `valueQuantity`, numbers
//! kept as written, and the narrative `div` as a string. Strict mode (the default) rejects
//! whatever the rules forbid with an [`Error`] that names the byte offset and a FHIRPath-style
//! location; lenient mode skips the offending value and records a [`Warning`].
//!
//! The writer emits `resourceType` first and every element in definition order, never an empty
//! object, array or string, compact or pretty.
//!
//! ```
//! use fhir::{json, Resource};
//!
//! let input = br#"{"resourceType":"Patient","name":[{"given":["Anna",null],
//!   "_given":[null,{"extension":[{"url":"http://example.org/x","valueBoolean":true}]}]}],
//!   "birthDate":"1980-01-02"}"#;
//! let resource = json::from_slice(input)?;
//! let Resource::Patient(patient) = &resource else { unreachable!() };
//! assert_eq!(patient.name[0].given[0].as_str(), Some("Anna"));
//! assert_eq!(patient.name[0].given[1].extension().len(), 1);
//! let out = json::to_vec(&resource);
//! assert!(out.starts_with(br#"{"resourceType":"Patient","name":[{"given":["Anna",null],"_given":[null,{"#));
//!
//! let err = json::from_slice(br#"{"resourceType":"Patient","gender":"M"}"#).unwrap_err();
//! assert_eq!(err.kind, fhir::ErrorKind::UnknownCode);
//! assert_eq!(err.path, "Patient.gender");
//! # Ok::<(), fhir::Error>(())
//! ```

mod read;
mod write;

#[doc(hidden)]
pub use write::Writer as JsonWriter;

use alloc::vec::Vec;

use crate::error::{Error, Warning};
use crate::generated::Resource;
use crate::model::{FieldMut, FieldRef, Object, TypeInfo};

/// How much irregularity parsing accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Reject anything the FHIR JSON rules forbid (unknown elements, wrong JSON types, invalid
    /// values, unknown required codes, empty values, misplaced `null`s, misaligned `_name`
    /// arrays, two variants of a choice, duplicate keys, missing required elements).
    #[default]
    Strict,
    /// Skip what strict mode rejects and record a [`Warning`] for each; a value of the wrong
    /// JSON type is kept when its text is valid (`"5"` for an integer). Only malformed JSON,
    /// invalid UTF-8, the limits and an unusable top-level `resourceType` still fail.
    Lenient,
}

/// Options for [`from_slice_with`] and [`from_slice_as`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    /// Strict (default) or lenient.
    pub mode: Mode,
    /// The deepest nesting of JSON objects and arrays accepted (default 128).
    pub max_depth: u32,
    /// An upper bound on the bytes of model structures built, against inputs crafted to
    /// amplify memory: a few bytes of JSON such as `{"resourceType":"Claim"}` can ask for
    /// kilobytes of struct. `None` (the default) means 64 times the input length, at least
    /// 64 MiB.
    pub max_memory: Option<usize>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::strict()
    }
}

impl ParseOptions {
    /// Strict mode with the default limits.
    pub const fn strict() -> Self {
        ParseOptions {
            mode: Mode::Strict,
            max_depth: 128,
            max_memory: None,
        }
    }

    /// Lenient mode with the default limits.
    pub const fn lenient() -> Self {
        ParseOptions {
            mode: Mode::Lenient,
            max_depth: 128,
            max_memory: None,
        }
    }
}

/// A parsed value with what lenient parsing tolerated.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The value.
    pub value: T,
    /// The tolerated problems, in input order (always empty in strict mode; at most 10 000).
    pub warnings: Vec<Warning>,
}

/// Parses a resource of any type, strictly.
pub fn from_slice(input: &[u8]) -> Result<Resource, Error> {
    let mut r = read::Reader::new(input, &ParseOptions::strict())?;
    r.document_resource()
}

/// Parses a resource of any type with `options`.
pub fn from_slice_with(input: &[u8], options: &ParseOptions) -> Result<Parsed<Resource>, Error> {
    let mut r = read::Reader::new(input, options)?;
    let value = r.document_resource()?;
    Ok(Parsed {
        value,
        warnings: r.warnings,
    })
}

/// Parses a value of one generated type: a resource of exactly that type (its `resourceType`
/// must match) or a data type.
///
/// ```
/// use fhir::{json, HumanName};
/// let name: HumanName = json::from_slice_as(br#"{"family":"Chalmers"}"#, &Default::default())?.value;
/// assert_eq!(name.family.unwrap().as_str(), Some("Chalmers"));
/// # Ok::<(), fhir::Error>(())
/// ```
pub fn from_slice_as<T: Object + Default>(
    input: &[u8],
    options: &ParseOptions,
) -> Result<Parsed<T>, Error> {
    let mut r = read::Reader::new(input, options)?;
    let mut value = T::default();
    r.document_object(&mut value)?;
    Ok(Parsed {
        value,
        warnings: r.warnings,
    })
}

/// Compact JSON of a resource or data type.
pub fn to_vec(value: &dyn Object) -> Vec<u8> {
    // Most documents are a few kilobytes: fewer reallocations.
    let mut out = Vec::with_capacity(4096);
    write_to(value, &mut out, false);
    out
}

/// Pretty JSON (two-space indentation) of a resource or data type.
pub fn to_vec_pretty(value: &dyn Object) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    write_to(value, &mut out, true);
    out
}

/// Appends the JSON of a resource or data type to `out` (`{}` when it has no content).
pub fn write_to(value: &dyn Object, out: &mut Vec<u8>, pretty: bool) {
    if !write::Writer::new(out, pretty).object(value) {
        out.extend_from_slice(b"{}");
    }
}

/// A resource is an [`Object`] too: the resource it holds.
impl Object for Resource {
    fn type_info(&self) -> &'static TypeInfo {
        self.as_object().type_info()
    }
    fn field(&self, index: usize) -> Option<FieldRef<'_>> {
        self.as_object().field(index)
    }
    fn field_mut(&mut self, index: usize) -> Option<FieldMut<'_>> {
        self.as_object_mut().field_mut(index)
    }
    fn occupied(&self) -> u64 {
        self.as_object().occupied()
    }
    fn write_json(&self, w: &mut JsonWriter<'_>) -> Option<bool> {
        self.as_object().write_json(w)
    }
}

impl Resource {
    /// Parses a resource of any type, strictly (see [`from_slice`]).
    pub fn from_json(input: &[u8]) -> Result<Resource, Error> {
        from_slice(input)
    }

    /// Compact JSON (see [`to_vec`]).
    pub fn to_json(&self) -> Vec<u8> {
        to_vec(self)
    }

    /// Pretty JSON (see [`to_vec_pretty`]).
    pub fn to_json_pretty(&self) -> Vec<u8> {
        to_vec_pretty(self)
    }

    /// An empty resource of the named type (`"Patient"`).
    pub fn new_of_type(resource_type: &str) -> Option<Resource> {
        crate::generated::RESOURCE_TYPES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(resource_type.as_bytes()))
            .ok()
            .map(|i| (crate::generated::RESOURCE_TYPES[i].1)())
    }
}
