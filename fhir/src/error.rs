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
    /// Bytes after the end of the JSON value (or the XML root element).
    #[error("data after the end of the document")]
    TrailingData,
    /// The input is not well-formed XML.
    #[error("XML syntax error: {0}")]
    XmlSyntax(&'static str),
    /// An XML element outside the FHIR namespace `http://hl7.org/fhir` (or a narrative `div`
    /// outside the XHTML namespace).
    #[error("element in the wrong XML namespace")]
    WrongNamespace,
    /// An XML attribute the FHIR XML rules do not define here.
    #[error("unknown attribute")]
    UnknownAttribute,
    /// An XML element before one that precedes it in the definition (FHIR XML keeps
    /// definition order).
    #[error("element out of order")]
    OutOfOrder,
    /// Text content where FHIR XML has only elements.
    #[error("unexpected text content")]
    UnexpectedText,
    /// A narrative `div` that is not a well-formed XHTML `div` element in the XHTML namespace.
    #[error("invalid narrative XHTML")]
    InvalidXhtml,
    /// A character XML 1.0 cannot represent (a control character other than tab, CR, LF).
    #[error("character not allowed in XML")]
    NotXmlCharacter,
    /// An XML document type declaration (FHIR XML forbids DTDs).
    #[error("document type declaration not allowed")]
    DocType,
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
