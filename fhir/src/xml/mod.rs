//! FHIR XML: one table-driven reader and writer for every type (feature `xml`, on by default).
//!
//! The writer follows the FHIR XML rules: the namespace `http://hl7.org/fhir` on the document
//! element, every element in definition order, primitive values in `value` attributes (with the
//! escapes that make them read back unchanged), the `id` of elements and `Extension.url` as
//! attributes, extensions of primitives as children of the primitive's element, choice
//! elements by their typed names (`valueQuantity`), contained and bundled resources wrapped in
//! their element (`<contained><Patient>...</Patient></contained>`), and the narrative `div` as
//! real XHTML in the XHTML namespace. Output has no XML declaration; compact or pretty.
//!
//! The reader accepts exactly that, in [`Mode::Strict`] (the default) rejecting unknown
//! elements and attributes, elements out of definition order, wrong namespaces, text content,
//! invalid values, unknown required codes, empty elements, two types of one choice element,
//! repeats of single elements, missing required elements and document type declarations with
//! an [`Error`] naming the byte offset and a FHIRPath-style location; [`Mode::Lenient`] skips
//! the offending content and records a [`Warning`](crate::Warning) instead. Nesting
//! ([`ParseOptions::max_depth`]) and memory ([`ParseOptions::max_memory`]) are bounded.
//! Comments and processing instructions are ignored; the input must be UTF-8.
//!
//! JSON → XML → JSON is lossless: both carry the same model.
//!
//! ```
//! use fhir::{json, xml, Resource};
//!
//! let patient = json::from_slice(br#"{"resourceType":"Patient","id":"p1",
//!   "name":[{"given":["Anna",null],"_given":[null,{"id":"g2"}]}],"birthDate":"1980-01-02"}"#)?;
//! let out = xml::to_vec(&patient)?;
//! assert_eq!(
//!     std::str::from_utf8(&out).unwrap(),
//!     r#"<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><name><given value="Anna"/><given id="g2"/></name><birthDate value="1980-01-02"/></Patient>"#
//! );
//! let back = xml::from_slice(&out)?;
//! assert_eq!(back, patient);
//! assert_eq!(json::to_vec(&back), json::to_vec(&patient));
//!
//! let err = xml::from_slice(br#"<Patient xmlns="http://hl7.org/fhir"><gender value="M"/></Patient>"#).unwrap_err();
//! assert_eq!(err.kind, fhir::ErrorKind::UnknownCode);
//! assert_eq!(err.path, "Patient.gender");
//! # Ok::<(), fhir::Error>(())
//! ```

mod read;
mod write;

pub(crate) use write::check_div;

use alloc::vec::Vec;

pub use crate::json::{Mode, ParseOptions, Parsed};

use crate::error::Error;
use crate::generated::Resource;
use crate::model::{Object, TypeKind};

/// The FHIR namespace.
pub const FHIR_NS: &str = "http://hl7.org/fhir";
/// The XHTML namespace of the narrative `div`.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

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

/// Parses a value of one generated type: a resource of exactly that type (the document
/// element must name it) or a data type (any document element name).
///
/// ```
/// use fhir::{xml, HumanName};
/// let name: HumanName = xml::from_slice_as(
///     br#"<HumanName xmlns="http://hl7.org/fhir"><family value="Chalmers"/></HumanName>"#,
///     &Default::default(),
/// )?.value;
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

/// Compact XML of a resource or data type (a data type's document element is named after its
/// type, e.g. `HumanName`).
///
/// Fails only for content XML cannot carry: a narrative `div` that is not one well-formed
/// XHTML `div` element ([`ErrorKind::InvalidXhtml`](crate::ErrorKind::InvalidXhtml)), or a
/// control character in a value
/// ([`ErrorKind::NotXmlCharacter`](crate::ErrorKind::NotXmlCharacter)); the error's `path`
/// names the element (its `offset` is 0).
pub fn to_vec(value: &dyn Object) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(2048);
    write_to(value, &mut out, false)?;
    Ok(out)
}

/// Pretty XML (two-space indentation) of a resource or data type; see [`to_vec`].
pub fn to_vec_pretty(value: &dyn Object) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(4096);
    write_to(value, &mut out, true)?;
    Ok(out)
}

/// Appends the XML of a resource or data type to `out`; on error `out` is left as it was.
pub fn write_to(value: &dyn Object, out: &mut Vec<u8>, pretty: bool) -> Result<(), Error> {
    let info = value.type_info();
    let name = if info.kind == TypeKind::Resource {
        info.name
    } else {
        info.rust_name
    };
    let start = out.len();
    let r = write::Writer::new(out, pretty).document(name, value);
    r.map_err(|f| {
        out.truncate(start);
        f.into_error(info.name)
    })
}

impl Resource {
    /// Parses a resource of any type from XML, strictly (see [`from_slice`]).
    pub fn from_xml(input: &[u8]) -> Result<Resource, Error> {
        from_slice(input)
    }

    /// Compact XML (see [`to_vec`]).
    pub fn to_xml(&self) -> Result<Vec<u8>, Error> {
        to_vec(self)
    }

    /// Pretty XML (see [`to_vec_pretty`]).
    pub fn to_xml_pretty(&self) -> Result<Vec<u8>, Error> {
        to_vec_pretty(self)
    }
}
