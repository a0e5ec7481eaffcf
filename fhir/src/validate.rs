//! Structural validation of a model, separate from parsing and driven by the same type tables.
//!
//! [`validate`] walks a resource (contained and bundled resources included) and reports every
//! [`Issue`] it finds, each with a severity, an OperationOutcome issue-type code and a
//! FHIRPath-style location such as `Patient.name[1].given[0]`:
//!
//! - cardinality: required elements (minimum 1) and maximum cardinality;
//! - primitive formats: every value against the lexical space of its type as the R4 definitions'
//!   regular expressions define it (a `dateTime` with a time must carry an offset, an `id` is at
//!   most 64 characters of `[A-Za-z0-9.-]`, no empty strings, ...);
//! - required bindings: codes outside the value set of a required binding (for a
//!   `CodeableConcept` or `Coding`: none of its codes in the value set, systems not compared;
//!   value sets the definitions cannot enumerate, such as MIME types, are not checked);
//! - `ele-1`: no empty elements (a primitive with neither value, id nor extension; an object
//!   without content);
//! - `ext-1`: an extension has a value or nested extensions, not both (and not neither);
//! - reference format: `Reference.reference` is a relative `Type/id` (optionally
//!   `/_history/version`, or a conditional `Type?query` in a transaction), an absolute URL, a
//!   valid `urn:uuid:`/`urn:oid:`, or `#id` naming a contained resource of the root resource
//!   (`ref-1`);
//! - `dom-2`: a contained resource contains no resources itself;
//! - the narrative `div` is one well-formed XHTML `div` element that declares the XHTML
//!   namespace (with the `xml` feature; otherwise only its start tag is checked).
//!
//! Choice exclusivity (`deceasedBoolean` *and* `deceasedDateTime`) and the codes of enum-typed
//! `code` elements are enforced by the model's types themselves (a choice is one enum value, a
//! `Primitive<AdministrativeGender>` cannot hold `"M"`); strict JSON parsing reports both for
//! input. Profiles, terminology and FHIRPath invariants other than those above are out of scope.
//!
//! Messages never include data values.
//!
//! ```
//! use fhir::{HumanName, Patient, Resource, validate::Issue};
//! use fhir::codes::IssueType;
//!
//! let patient = Patient {
//!     name: vec![HumanName { given: vec!["Anna".into(), "".into()], ..Default::default() }],
//!     ..Default::default()
//! };
//! let issues = fhir::validate(&Resource::from(patient));
//! assert_eq!(issues.len(), 1);
//! assert_eq!(issues[0].path, "Patient.name[0].given[1]");
//! assert_eq!(issues[0].code, IssueType::Value);
//! assert!(issues[0].is_error());
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::fmt::Write as _;

use crate::generated::codes::{IssueSeverity, IssueType};
use crate::generated::{OperationOutcome, OperationOutcomeIssue, Resource};
use crate::helpers::ReferenceTarget;
use crate::model::{
    BindingStrength, ElementType, FieldInfo, FieldRef, Object, PrimitiveDyn, PrimitiveType,
    TypeKind, ValueRef,
};
use crate::primitive::Lexical;

/// Objects nested deeper than this are not descended into (an [`IssueKind::TooDeep`] issue is
/// reported instead), so that validating a model built in code never exhausts the stack.
pub const MAX_DEPTH: usize = 256;

/// What rule an [`Issue`] reports. `Display` gives a message without data values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IssueKind {
    /// A required element (minimum cardinality `min`) has fewer values.
    MissingRequired {
        /// The minimum cardinality from the definition.
        min: u32,
    },
    /// An element has more values than its maximum cardinality.
    TooMany {
        /// The maximum cardinality from the definition.
        max: u32,
    },
    /// A value outside the lexical space of its primitive type.
    InvalidValue(PrimitiveType),
    /// An empty string (FHIR strings and codes are never empty).
    EmptyValue,
    /// `ele-1`: an element with neither a value nor children.
    Empty,
    /// A code outside the value set of a required binding.
    CodeNotInValueSet,
    /// `ext-1`: an extension with both a value and nested extensions.
    ExtensionValueAndChildren,
    /// `ext-1`: an extension with neither a value nor nested extensions.
    ExtensionWithoutValue,
    /// A `Reference.reference` that is none of the allowed forms.
    ReferenceFormat,
    /// `ref-1`: a `#id` reference that names no contained resource of the root resource.
    ContainedNotFound,
    /// `dom-2`: a contained resource that itself contains resources.
    NestedContained,
    /// Nesting deeper than [`MAX_DEPTH`]; the content below was not checked.
    TooDeep,
}

impl IssueKind {
    /// The severity of issues of this kind.
    pub fn severity(self) -> IssueSeverity {
        IssueSeverity::Error
    }

    /// The OperationOutcome issue-type code of issues of this kind.
    pub fn code(self) -> IssueType {
        match self {
            IssueKind::MissingRequired { .. } => IssueType::Required,
            IssueKind::TooMany { .. } => IssueType::Structure,
            IssueKind::InvalidValue(_) | IssueKind::EmptyValue | IssueKind::ReferenceFormat => {
                IssueType::Value
            }
            IssueKind::CodeNotInValueSet => IssueType::CodeInvalid,
            IssueKind::Empty
            | IssueKind::ExtensionValueAndChildren
            | IssueKind::ExtensionWithoutValue
            | IssueKind::ContainedNotFound
            | IssueKind::NestedContained => IssueType::Invariant,
            IssueKind::TooDeep => IssueType::TooCostly,
        }
    }

    /// The key of the FHIR invariant this kind checks (`"ele-1"`), if it is one.
    pub fn invariant(self) -> Option<&'static str> {
        match self {
            IssueKind::Empty => Some("ele-1"),
            IssueKind::ExtensionValueAndChildren | IssueKind::ExtensionWithoutValue => {
                Some("ext-1")
            }
            IssueKind::ContainedNotFound => Some("ref-1"),
            IssueKind::NestedContained => Some("dom-2"),
            _ => None,
        }
    }
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::MissingRequired { min } => {
                write!(f, "required element missing (minimum cardinality {min})")
            }
            IssueKind::TooMany { max } => {
                write!(f, "too many values (maximum cardinality {max})")
            }
            IssueKind::InvalidValue(ty) => write!(f, "invalid {} value", ty.name()),
            IssueKind::EmptyValue => f.write_str("empty value"),
            IssueKind::Empty => f.write_str("ele-1: element has neither a value nor children"),
            IssueKind::CodeNotInValueSet => {
                f.write_str("code not in the value set of a required binding")
            }
            IssueKind::ExtensionValueAndChildren => {
                f.write_str("ext-1: extension has both a value and nested extensions")
            }
            IssueKind::ExtensionWithoutValue => {
                f.write_str("ext-1: extension has neither a value nor nested extensions")
            }
            IssueKind::ReferenceFormat => f.write_str(
                "reference is not Type/id, an absolute URL, a urn:uuid:/urn:oid: or #id",
            ),
            IssueKind::ContainedNotFound => {
                f.write_str("ref-1: local reference names no contained resource")
            }
            IssueKind::NestedContained => {
                f.write_str("dom-2: contained resource contains resources")
            }
            IssueKind::TooDeep => f.write_str("nesting too deep; content below not checked"),
        }
    }
}

/// One problem found by [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Issue {
    /// How bad it is (every issue [`validate`] reports today is an error).
    pub severity: IssueSeverity,
    /// The OperationOutcome issue type (`required`, `value`, `invariant`, ...).
    pub code: IssueType,
    /// The rule that failed.
    pub kind: IssueKind,
    /// Where: a FHIRPath-style location such as `Patient.name[1].given[0]`; choice elements
    /// carry their type suffix as in JSON (`Observation.valueQuantity`).
    pub path: String,
}

impl Issue {
    /// An issue of `kind` at `path`, with the kind's severity and code.
    pub fn new(kind: IssueKind, path: impl Into<String>) -> Issue {
        Issue {
            severity: kind.severity(),
            code: kind.code(),
            kind,
            path: path.into(),
        }
    }

    /// Whether the severity is `error` or `fatal`.
    pub fn is_error(&self) -> bool {
        matches!(self.severity, IssueSeverity::Error | IssueSeverity::Fatal)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::primitive::Code as _;
        write!(
            f,
            "{} ({}): {} at {}",
            self.severity.code(),
            self.code.code(),
            self.kind,
            self.path
        )
    }
}

/// Validates a resource: every [`Issue`] found, in document order (empty when valid).
///
/// ```
/// use fhir::{json, validate::IssueKind};
/// let bundle = json::from_slice_with(br#"{"resourceType":"Bundle"}"#, &json::ParseOptions::lenient())?;
/// let issues = fhir::validate(&bundle.value);
/// assert_eq!(issues[0].kind, IssueKind::MissingRequired { min: 1 });
/// assert_eq!(issues[0].path, "Bundle.type");
/// # Ok::<(), fhir::Error>(())
/// ```
pub fn validate(resource: &Resource) -> Vec<Issue> {
    let mut v = Validator::new(resource.resource_type());
    v.resource(resource, false, 0);
    v.issues
}

/// Validates any generated value (a resource or a data type such as `HumanName`); locations
/// start with its type name.
pub fn validate_object(value: &dyn Object) -> Vec<Issue> {
    let info = value.type_info();
    let mut v = Validator::new(info.name);
    if info.kind == TypeKind::Resource {
        v.roots.push(Vec::new());
        v.collect_contained(value);
        v.object(value, 0);
    } else {
        v.object(value, 0);
        if !has_content(value) {
            v.issue(IssueKind::Empty);
        }
    }
    v.issues
}

/// Whether any issue is an error (or fatal).
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(Issue::is_error)
}

/// The issues as an `OperationOutcome` (one `issue` each, with severity, code, the message as
/// `diagnostics` and the location as `expression`); a single `information` issue when there
/// are none, as an OperationOutcome needs at least one.
///
/// ```
/// let oo = fhir::validate::to_operation_outcome(&[]);
/// assert_eq!(oo.issue.len(), 1);
/// ```
pub fn to_operation_outcome(issues: &[Issue]) -> OperationOutcome {
    let mut oo = OperationOutcome::default();
    for i in issues {
        oo.issue.push(OperationOutcomeIssue {
            severity: Some(i.severity.into()),
            code: Some(i.code.into()),
            diagnostics: Some(format!("{}", i.kind).into()),
            expression: if i.path.is_empty() {
                Vec::new()
            } else {
                alloc::vec![i.path.clone().into()]
            },
            ..Default::default()
        });
    }
    if oo.issue.is_empty() {
        oo.issue.push(OperationOutcomeIssue {
            severity: Some(IssueSeverity::Information.into()),
            code: Some(IssueType::Informational.into()),
            diagnostics: Some("no issues found".into()),
            ..Default::default()
        });
    }
    oo
}

impl Resource {
    /// Validates the resource (see [`validate`]).
    pub fn validate(&self) -> Vec<Issue> {
        validate(self)
    }
}

/// Whether any element of `obj` holds a value.
fn has_content(obj: &dyn Object) -> bool {
    let n = obj.type_info().fields.len();
    (0..n).any(|i| obj.field(i).is_some_and(|f| !f.is_empty()))
}

struct Validator<'r> {
    issues: Vec<Issue>,
    path: String,
    /// For each enclosing root resource (not contained), the ids of its contained resources.
    roots: Vec<Vec<&'r str>>,
}

impl<'r> Validator<'r> {
    fn new(root: &str) -> Self {
        let mut path = String::with_capacity(64);
        path.push_str(root);
        Validator {
            issues: Vec::new(),
            path,
            roots: Vec::new(),
        }
    }

    fn issue(&mut self, kind: IssueKind) {
        self.issues.push(Issue::new(kind, self.path.as_str()));
    }

    /// Appends `.name[suffix][index]` to the path; returns the length to truncate back to.
    fn push(&mut self, name: &str, suffix: &str, index: Option<usize>) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        self.path.push_str(suffix);
        if let Some(i) = index {
            let _ = write!(self.path, "[{i}]");
        }
        len
    }

    fn collect_contained(&mut self, obj: &'r dyn Object) {
        let info = obj.type_info();
        let mut ids = Vec::new();
        if let Some(i) = info.field_index("contained")
            && let Some(FieldRef::Resource(slot)) = obj.field(i)
        {
            for j in 0..slot.len() {
                if let Some(id) = slot.get(j).and_then(Resource::id) {
                    ids.push(id);
                }
            }
        }
        if let Some(top) = self.roots.last_mut() {
            *top = ids;
        }
    }

    /// A resource at the current path; `contained` when it is in a `contained` element.
    fn resource(&mut self, r: &'r Resource, contained: bool, depth: usize) {
        let obj = r.as_object();
        if contained {
            let info = obj.type_info();
            if let Some(i) = info.field_index("contained")
                && obj.field(i).is_some_and(|f| !f.is_empty())
            {
                let at = self.push("contained", "", None);
                self.issue(IssueKind::NestedContained);
                self.path.truncate(at);
            }
            self.object(obj, depth);
        } else {
            self.roots.push(Vec::new());
            self.collect_contained(obj);
            self.object(obj, depth);
            self.roots.pop();
        }
    }

    fn object(&mut self, obj: &'r dyn Object, depth: usize) {
        if depth >= MAX_DEPTH {
            self.issue(IssueKind::TooDeep);
            return;
        }
        let info = obj.type_info();
        let is_resource = info.kind == TypeKind::Resource;
        for (i, f) in info.fields.iter().enumerate() {
            let Some(field) = obj.field(i) else { continue };
            self.field(f, field, is_resource, depth);
        }
        match info.name {
            "Extension" => self.extension(obj),
            "Reference" => self.reference(obj),
            _ => {}
        }
    }

    /// A complex element: its content, and `ele-1` (an empty extension is reported by `ext-1`).
    fn child(&mut self, obj: &'r dyn Object, depth: usize) {
        self.object(obj, depth);
        if depth < MAX_DEPTH && obj.type_info().name != "Extension" && !has_content(obj) {
            self.issue(IssueKind::Empty);
        }
    }

    fn field(
        &mut self,
        f: &'static FieldInfo,
        field: FieldRef<'r>,
        in_resource: bool,
        depth: usize,
    ) {
        let n = field.len();
        if (n as u64) < u64::from(f.min) {
            let at = self.push(f.name, "", None);
            self.issue(IssueKind::MissingRequired { min: f.min });
            self.path.truncate(at);
        } else if (n as u64) > u64::from(f.max) {
            let at = self.push(f.name, "", None);
            self.issue(IssueKind::TooMany { max: f.max });
            self.path.truncate(at);
        }
        let index = |j: usize| if f.is_array() { Some(j) } else { None };
        match field {
            FieldRef::Plain(slot) => {
                if let (Some(v), ElementType::Plain(ty)) = (slot.get(), f.ty) {
                    let at = self.push(f.name, "", None);
                    self.plain(v, ty);
                    self.path.truncate(at);
                }
            }
            FieldRef::Primitive(slot) => {
                let ElementType::Primitive(ty) = f.ty else {
                    return;
                };
                for j in 0..slot.len() {
                    let Some(p) = slot.get(j) else { continue };
                    let at = self.push(f.name, "", index(j));
                    self.primitive(p, ty, f, depth);
                    self.path.truncate(at);
                }
            }
            FieldRef::Object(slot) => {
                let bound = f
                    .binding
                    .filter(|b| b.strength == BindingStrength::Required)
                    .and_then(|b| b.codes);
                for j in 0..slot.len() {
                    let Some(o) = slot.get(j) else { continue };
                    let at = self.push(f.name, "", index(j));
                    self.child(o, depth + 1);
                    if let Some(codes) = bound {
                        self.coded(o, codes);
                    }
                    self.path.truncate(at);
                }
            }
            FieldRef::Resource(slot) => {
                let contained = in_resource && f.name == "contained";
                for j in 0..slot.len() {
                    let Some(r) = slot.get(j) else { continue };
                    let at = self.push(f.name, "", index(j));
                    self.resource(r, contained, depth + 1);
                    self.path.truncate(at);
                }
            }
            FieldRef::Choice(slot) => {
                let (Some(v), Some(value)) = (slot.variant(), slot.value()) else {
                    return;
                };
                let Some(choice) = f.choices.get(v) else {
                    return;
                };
                let at = self.push(f.name, choice.suffix, None);
                match (value, choice.ty) {
                    (ValueRef::Primitive(p), ElementType::Primitive(ty)) => {
                        self.primitive(p, ty, f, depth);
                    }
                    (ValueRef::Object(o), _) => self.child(o, depth + 1),
                    _ => {}
                }
                self.path.truncate(at);
            }
        }
    }

    fn plain(&mut self, v: &str, ty: PrimitiveType) {
        match ty {
            // The narrative div: non-empty XHTML text starting with a `div` element.
            PrimitiveType::Xhtml if !is_div(v) => self.issue(IssueKind::InvalidValue(ty)),
            PrimitiveType::Xhtml => {}
            _ if !ty.is_valid(v) => self.issue(IssueKind::InvalidValue(ty)),
            _ => {}
        }
    }

    fn primitive(
        &mut self,
        p: &'r dyn PrimitiveDyn,
        ty: PrimitiveType,
        f: &FieldInfo,
        depth: usize,
    ) {
        if p.is_empty() {
            self.issue(IssueKind::Empty);
            return;
        }
        match p.lexical() {
            None => {}
            Some(Lexical::Bool(_)) => {}
            Some(Lexical::Int(i)) => {
                let ok = match ty {
                    PrimitiveType::Integer => i32::try_from(i).is_ok(),
                    PrimitiveType::UnsignedInt => (0..=i64::from(i32::MAX)).contains(&i),
                    PrimitiveType::PositiveInt => (1..=i64::from(i32::MAX)).contains(&i),
                    _ => true,
                };
                if !ok {
                    self.issue(IssueKind::InvalidValue(ty));
                }
            }
            Some(Lexical::Number(s) | Lexical::Str(s)) => {
                if s.is_empty() {
                    self.issue(IssueKind::EmptyValue);
                } else if !ty.is_valid(s) {
                    self.issue(IssueKind::InvalidValue(ty));
                } else if p.allowed_codes().is_none()
                    && let Some(b) = f.binding
                    && b.strength == BindingStrength::Required
                    && let Some(codes) = b.codes
                    && !codes.contains(&s)
                {
                    self.issue(IssueKind::CodeNotInValueSet);
                }
            }
        }
        if let Some(id) = p.id() {
            let at = self.push("id", "", None);
            if id.is_empty() {
                self.issue(IssueKind::EmptyValue);
            } else if !PrimitiveType::String.is_valid(id) {
                self.issue(IssueKind::InvalidValue(PrimitiveType::String));
            }
            self.path.truncate(at);
        }
        let ext = p.extension();
        for (k, e) in ext.iter().enumerate() {
            let at = self.push("extension", "", Some(k));
            self.child(e, depth + 1);
            self.path.truncate(at);
        }
    }

    /// A required binding on a `CodeableConcept` or `Coding`: one of its codes must be in the
    /// value set (codes are compared without their system).
    fn coded(&mut self, obj: &dyn Object, codes: &[&str]) {
        fn code_of(coding: &dyn Object) -> Option<&str> {
            let i = coding.type_info().field_index("code")?;
            match coding.field(i)? {
                FieldRef::Primitive(slot) => match slot.get(0)?.lexical()? {
                    Lexical::Str(s) => Some(s),
                    _ => None,
                },
                _ => None,
            }
        }
        let info = obj.type_info();
        let ok = match info.name {
            "Coding" => code_of(obj).is_some_and(|c| codes.contains(&c)),
            "CodeableConcept" => match info.field_index("coding").and_then(|i| obj.field(i)) {
                Some(FieldRef::Object(slot)) => (0..slot.len())
                    .filter_map(|j| slot.get(j).and_then(code_of))
                    .any(|c| codes.contains(&c)),
                _ => false,
            },
            _ => true,
        };
        if !ok && has_content(obj) {
            self.issue(IssueKind::CodeNotInValueSet);
        }
    }

    /// `ext-1` on an `Extension`.
    fn extension(&mut self, obj: &dyn Object) {
        let info = obj.type_info();
        let count = |name: &str| {
            info.field_index(name)
                .and_then(|i| obj.field(i))
                .map_or(0, |f| f.len())
        };
        let (value, children) = (count("value"), count("extension"));
        if value > 0 && children > 0 {
            self.issue(IssueKind::ExtensionValueAndChildren);
        } else if value == 0 && children == 0 {
            self.issue(IssueKind::ExtensionWithoutValue);
        }
    }

    /// The format of `Reference.reference`, and `ref-1` for `#id`.
    fn reference(&mut self, obj: &dyn Object) {
        let info = obj.type_info();
        let Some(i) = info.field_index("reference") else {
            return;
        };
        let Some(FieldRef::Primitive(slot)) = obj.field(i) else {
            return;
        };
        let Some(Lexical::Str(s)) = slot.get(0).and_then(PrimitiveDyn::lexical) else {
            return;
        };
        if s.is_empty() || !PrimitiveType::String.is_valid(s) {
            return; // reported as a value issue already
        }
        let kind = match ReferenceTarget::parse(s) {
            ReferenceTarget::Contained(id) => {
                let known = id.is_empty() || self.roots.last().is_some_and(|ids| ids.contains(&id));
                (!known).then_some(IssueKind::ContainedNotFound)
            }
            ReferenceTarget::Urn(u) => {
                let ok = if u.starts_with("urn:uuid:") {
                    PrimitiveType::Uuid.is_valid(u)
                } else {
                    PrimitiveType::Oid.is_valid(u)
                };
                (!ok).then_some(IssueKind::ReferenceFormat)
            }
            ReferenceTarget::Relative { .. } | ReferenceTarget::Absolute { .. } => None,
            ReferenceTarget::Other(o) => {
                (!is_other_reference(o)).then_some(IssueKind::ReferenceFormat)
            }
        };
        if let Some(kind) = kind {
            let at = self.push("reference", "", None);
            self.issue(kind);
            self.path.truncate(at);
        }
    }
}

/// Whether narrative XHTML is one well-formed `div` element declaring the XHTML namespace
/// (without the `xml` feature: starts with a `div` tag declaring it).
fn is_div(xhtml: &str) -> bool {
    #[cfg(feature = "xml")]
    {
        crate::xml::check_div(xhtml) == Some(true)
    }
    #[cfg(not(feature = "xml"))]
    {
        xhtml.starts_with("<div")
            && xhtml
                .split('>')
                .next()
                .is_some_and(|tag| tag.contains("xmlns=\"http://www.w3.org/1999/xhtml\""))
    }
}

/// A reference that is neither `Type/id`, an absolute RESTful URL, a URN nor `#id`: allowed
/// when it is an absolute URI (a scheme, then no whitespace) or a conditional reference
/// `Type?query` (transactions).
fn is_other_reference(s: &str) -> bool {
    if let Some((ty, query)) = s.split_once('?') {
        let known = crate::generated::RESOURCE_TYPES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(ty.as_bytes()))
            .is_ok();
        return known && !query.is_empty();
    }
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && PrimitiveType::Uri.is_valid(s)
}
