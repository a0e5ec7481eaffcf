//! The crate's one error type, and the warnings of lenient parsing.

use alloc::string::String;
use core::fmt;

use crate::model::PrimitiveType;

/// What went wrong. Never carries data values (patient data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed JSON.
    #[error("JSON syntax error: {0}")]
    Syntax(&'static str),
    /// The input is not valid UTF-8.
    #[error("input is not valid UTF-8")]
    InvalidUtf8,
    /// A UTF-8 byte order mark precedes the JSON (skipped in lenient mode).
    #[error("byte order mark before the JSON")]
    ByteOrderMark,
    /// Objects and arrays are nested deeper than [`crate::json::ParseOptions::max_depth`].
    #[error("nesting deeper than the limit")]
    TooDeep,
    /// The model would take more memory than [`crate::json::ParseOptions::max_memory`].
    #[error("model larger than the memory limit")]
    TooLarge,
    /// A key that is not an element of the type.
    #[error("unknown element")]
    UnknownElement,
    /// A JSON value of the wrong kind for the element (e.g. a string where an object or a
    /// number belongs).
    #[error("wrong JSON type, expected {0}")]
    WrongType(&'static str),
    /// A primitive value outside the lexical space of its type (bad date, `01` as integer,
    /// a dateTime with a time but no offset, ...).
    #[error("invalid {} value", .0.name())]
    InvalidValue(PrimitiveType),
    /// A code not in the value set of a required binding.
    #[error("code not in the required value set")]
    UnknownCode,
    /// An empty string, object or array (FHIR JSON never has them).
    #[error("empty {0}")]
    Empty(&'static str),
    /// `null` where FHIR JSON does not allow it (anywhere but inside the arrays of a repeating
    /// primitive and its `_name` sibling, and there not at the same index in both).
    #[error("null not allowed here")]
    NullNotAllowed,
    /// A primitive array and its `_name` sibling have different lengths.
    #[error("primitive array and its extension array differ in length")]
    MisalignedArray,
    /// Two variants of a choice element (e.g. `deceasedBoolean` and `deceasedDateTime`).
    #[error("more than one type of a choice element")]
    DuplicateChoice,
    /// The same key twice in one object.
    #[error("duplicate key")]
    DuplicateKey,
    /// A required element (minimum cardinality 1) is missing.
    #[error("required element missing")]
    MissingRequired,
    /// A resource object without `resourceType`.
    #[error("missing resourceType")]
    MissingResourceType,
    /// A `resourceType` that names no R4 resource.
    #[error("unknown resourceType")]
    UnknownResourceType,
    /// A `resourceType` other than the one asked for.
    #[error("resourceType is not {0}")]
    ResourceTypeMismatch(&'static str),
    /// Bytes after the end of the JSON value.
    #[error("data after the end of the JSON value")]
    TrailingData,
}

/// A parse error with its precise location: the byte offset and a FHIRPath-style path such as
/// `Patient.name[1].given[0]`.
///
/// `Display` prints the kind and the location, never data values.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at {} (byte {offset})", display_path(path))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset in the input.
    pub offset: usize,
    /// Where in the resource: `Patient.name[1].given[0]` (element names from the definitions;
    /// unknown keys only when they look like element names).
    pub path: String,
}

fn display_path(p: &str) -> &str {
    if p.is_empty() { "the top level" } else { p }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Error {{ kind: {:?}, offset: {}, path: {:?} }}",
            self.kind, self.offset, self.path
        )
    }
}

impl Error {
    /// An error of `kind` at byte `offset` and `path`.
    pub fn new(kind: ErrorKind, offset: usize, path: impl Into<String>) -> Self {
        Error {
            kind,
            offset,
            path: path.into(),
        }
    }
}

/// Something lenient parsing tolerated (and what it did about it: the offending value was
/// skipped, or kept as described by the kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What strict parsing would have rejected.
    pub kind: ErrorKind,
    /// Byte offset in the input.
    pub offset: usize,
    /// Where in the resource.
    pub path: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} (byte {})",
            self.kind,
            display_path(&self.path),
            self.offset
        )
    }
}
