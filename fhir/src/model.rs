//! The table-driven reflection layer shared by every generated type.
//!
//! Each generated struct has a static [`TypeInfo`] (its elements in definition order, with
//! cardinality, type, choice variants and binding) and implements the object-safe [`Object`]
//! trait, whose two accessors hand out one element at a time as a [`FieldRef`] or [`FieldMut`].
//! The JSON and XML readers and writers and validation are written once against these tables
//! and walk any resource through `&dyn Object`, so little per-type code is generated; the JSON
//! writer also has a generated typed fast path per type ([`Object::write_json`]).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::generated::{Extension, RESOURCE_TYPES, Resource, info};
use crate::primitive::{Lexical, Primitive, PrimitiveValue, Xhtml};

/// The FHIR primitive data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PrimitiveType {
    /// `boolean`: `true` or `false` (a JSON boolean).
    Boolean,
    /// `integer`: a signed 32-bit integer (a JSON number).
    Integer,
    /// `unsignedInt`: 0 or more (a JSON number).
    UnsignedInt,
    /// `positiveInt`: 1 or more (a JSON number).
    PositiveInt,
    /// `decimal`: a decimal number kept exactly as written (a JSON number).
    Decimal,
    /// `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// `dateTime`: a date, or a date and time with a UTC offset.
    DateTime,
    /// `instant`: a date and time to at least the second, with a UTC offset.
    Instant,
    /// `time`: a time of day, `hh:mm:ss[.fff]`.
    Time,
    /// `string`: Unicode text.
    String,
    /// `markdown`: text with Markdown formatting.
    Markdown,
    /// `id`: 1 to 64 letters, digits, `-` and `.`.
    Id,
    /// `oid`: an OID as a URI (`urn:oid:1.2.3`).
    Oid,
    /// `uuid`: a UUID as a URI (`urn:uuid:...`).
    Uuid,
    /// `uri`: a URI without whitespace.
    Uri,
    /// `url`: a URL.
    Url,
    /// `canonical`: a canonical URL, optionally with `|version`.
    Canonical,
    /// `base64Binary`: base64 encoded bytes.
    Base64Binary,
    /// `code`: a token without leading, trailing or double whitespace.
    Code,
    /// `xhtml`: the narrative `div` (a string in JSON).
    Xhtml,
}

impl PrimitiveType {
    /// The FHIR name of the type (`"dateTime"`).
    pub fn name(self) -> &'static str {
        match self {
            PrimitiveType::Boolean => "boolean",
            PrimitiveType::Integer => "integer",
            PrimitiveType::UnsignedInt => "unsignedInt",
            PrimitiveType::PositiveInt => "positiveInt",
            PrimitiveType::Decimal => "decimal",
            PrimitiveType::Date => "date",
            PrimitiveType::DateTime => "dateTime",
            PrimitiveType::Instant => "instant",
            PrimitiveType::Time => "time",
            PrimitiveType::String => "string",
            PrimitiveType::Markdown => "markdown",
            PrimitiveType::Id => "id",
            PrimitiveType::Oid => "oid",
            PrimitiveType::Uuid => "uuid",
            PrimitiveType::Uri => "uri",
            PrimitiveType::Url => "url",
            PrimitiveType::Canonical => "canonical",
            PrimitiveType::Base64Binary => "base64Binary",
            PrimitiveType::Code => "code",
            PrimitiveType::Xhtml => "xhtml",
        }
    }

    /// How the value is written in JSON.
    pub fn json_kind(self) -> JsonKind {
        match self {
            PrimitiveType::Boolean => JsonKind::Bool,
            PrimitiveType::Integer
            | PrimitiveType::UnsignedInt
            | PrimitiveType::PositiveInt
            | PrimitiveType::Decimal => JsonKind::Number,
            _ => JsonKind::String,
        }
    }
}

/// The JSON representation of a primitive value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `true` / `false`.
    Bool,
    /// A JSON number.
    Number,
    /// A JSON string.
    String,
}

/// What kind of structure a [`TypeInfo`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A resource (has a `resourceType` in JSON).
    Resource,
    /// A complex data type such as `HumanName`.
    Complex,
    /// A backbone element defined inline in a resource or data type, such as `Patient.contact`.
    Backbone,
}

/// The type of an element (for choice elements, of one choice variant).
#[derive(Clone, Copy)]
pub enum ElementType {
    /// A primitive with `id` and `extension` (`_name` in JSON), stored as [`Primitive<T>`].
    Primitive(PrimitiveType),
    /// A bare value that cannot carry extensions: `Element.id`, `Resource.id`,
    /// `Extension.url` (XML attributes) and `Narrative.div`.
    Plain(PrimitiveType),
    /// A complex data type or backbone element.
    Complex(&'static TypeInfo),
    /// Any resource (`contained`, `Bundle.entry.resource`, `Parameters.parameter.resource`).
    Resource,
    /// A choice element `name[x]`: see [`FieldInfo::choices`].
    Choice,
}

impl fmt::Debug for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElementType::Primitive(p) => write!(f, "Primitive({})", p.name()),
            ElementType::Plain(p) => write!(f, "Plain({})", p.name()),
            ElementType::Complex(t) => write!(f, "Complex({})", t.name),
            ElementType::Resource => f.write_str("Resource"),
            ElementType::Choice => f.write_str("Choice"),
        }
    }
}

/// One type of a choice element.
#[derive(Debug, Clone, Copy)]
pub struct ChoiceInfo {
    /// The suffix of the JSON key (`"Quantity"` in `valueQuantity`).
    pub suffix: &'static str,
    /// The FHIR type name (`"Quantity"`, `"dateTime"`).
    pub type_name: &'static str,
    /// The type.
    pub ty: ElementType,
}

/// The strength of a value-set binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingStrength {
    /// Codes must come from the value set.
    Required,
    /// Codes should come from the value set unless none fits.
    Extensible,
    /// The value set is preferred.
    Preferred,
    /// The value set is an example.
    Example,
}

/// A value-set binding of an element.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// How strongly the element is bound.
    pub strength: BindingStrength,
    /// The canonical URL of the value set (without version).
    pub value_set: &'static str,
    /// The codes of a required binding's value set when the definitions enumerate them: those
    /// of the generated enum for a `code` element, the allowed codes of the codings for a
    /// `CodeableConcept` or `Coding` element (checked by [`crate::validate()`]).
    pub codes: Option<&'static [&'static str]>,
}

/// One element of a type, in definition order.
#[derive(Debug, Clone, Copy)]
pub struct FieldInfo {
    /// The JSON name (without `[x]` for choice elements).
    pub name: &'static str,
    /// The compact JSON key with a leading comma and a trailing colon (`,"name":`), ready to
    /// copy (without the comma for the first member).
    pub json_key: &'static str,
    /// The compact JSON key of the `_name` sibling of a primitive (`,"_name":`).
    pub json_ext_key: &'static str,
    /// Minimum cardinality.
    pub min: u32,
    /// Maximum cardinality (`u32::MAX` for `*`).
    pub max: u32,
    /// The type (for choice elements [`ElementType::Choice`]).
    pub ty: ElementType,
    /// The types of a choice element, in definition order; empty otherwise.
    pub choices: &'static [ChoiceInfo],
    /// The value-set binding, if any.
    pub binding: Option<&'static Binding>,
    /// [`FieldInfo::XML_ATTR`], [`FieldInfo::MODIFIER`], [`FieldInfo::SUMMARY`].
    pub flags: u8,
}

impl FieldInfo {
    /// The element is an XML attribute (`id` of elements, `Extension.url`).
    pub const XML_ATTR: u8 = 1;
    /// The element is a modifier.
    pub const MODIFIER: u8 = 2;
    /// The element is part of the summary view.
    pub const SUMMARY: u8 = 4;

    /// Whether the element repeats (maximum cardinality above 1).
    pub fn is_array(&self) -> bool {
        self.max > 1
    }

    /// Whether this is a choice element `name[x]`.
    pub fn is_choice(&self) -> bool {
        !self.choices.is_empty()
    }
}

/// The static description of a generated type.
pub struct TypeInfo {
    /// The FHIR name: `"Patient"`, `"HumanName"`, or the path of a backbone element such as
    /// `"Patient.contact"`.
    pub name: &'static str,
    /// The Rust name (`"PatientContact"`).
    pub rust_name: &'static str,
    /// Resource, data type or backbone element.
    pub kind: TypeKind,
    /// The elements in definition order (the order of JSON and XML output).
    pub fields: &'static [FieldInfo],
    /// Bit `i` set when element `i` (of the first 64) is required or a repeating primitive:
    /// what a reader checks once an object is complete. Every bit is set for a type of more
    /// than 64 elements.
    pub checks: u64,
    /// Every JSON key (choice elements expand to one key per type) with its field and
    /// choice-variant index, sorted by [`key_hash`] (unique within a type).
    pub keys: &'static [(u64, &'static str, u16, u16)],
}

/// The 64-bit FNV-1a hash of a key, by which [`TypeInfo::keys`] is sorted.
#[inline]
pub fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl TypeInfo {
    /// Finds a JSON key (without a leading `_`): the field index and choice-variant index.
    pub fn lookup(&self, key: &str) -> Option<(usize, usize)> {
        let h = key_hash(key);
        let i = self.keys.binary_search_by(|k| k.0.cmp(&h)).ok()?;
        let (_, k, f, v) = self.keys[i];
        (k == key).then_some((usize::from(f), usize::from(v)))
    }

    /// [`TypeInfo::lookup`], trying first the few elements from index `hint` on (members
    /// usually come in definition order, so the next one is close to the previous one).
    #[inline(always)]
    pub(crate) fn lookup_near(&self, key: &str, hint: usize) -> Option<(usize, usize)> {
        let near = self.fields.get(hint..).unwrap_or_default();
        let k = key.as_bytes();
        for (i, f) in near.iter().take(8).enumerate() {
            if f.name.len() == k.len() && same_bytes(f.name.as_bytes(), k) && f.choices.is_empty() {
                return Some((hint + i, 0));
            }
        }
        self.lookup(key)
    }

    /// The index of the element named `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// Whether two byte strings of the same length are equal, a word at a time (element names are
/// short: an inline comparison beats a call to `memcmp`).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], at: usize| {
        s.get(at..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|c| u64::from_le_bytes(*c))
    };
    let w4 = |s: &[u8], at: usize| {
        s.get(at..)
            .and_then(<[u8]>::first_chunk::<4>)
            .map(|c| u32::from_le_bytes(*c))
    };
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if w8(a, i) != w8(b, i) {
                return false;
            }
            i += 8;
        }
        // The last eight bytes, overlapping the words before.
        return w8(a, n - 8) == w8(b, n - 8);
    }
    if n >= 4 {
        return w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4);
    }
    a == b
}

impl fmt::Debug for TypeInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypeInfo")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("fields", &self.fields.len())
            .finish()
    }
}

/// The table of a generated type by its FHIR name (`"Patient"`, `"HumanName"`,
/// `"Patient.contact"`).
///
/// ```
/// let info = fhir::type_info("Patient").unwrap();
/// assert_eq!(info.fields[info.field_index("birthDate").unwrap()].max, 1);
/// ```
pub fn type_info(name: &str) -> Option<&'static TypeInfo> {
    info::ALL
        .binary_search_by(|t| t.name.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| info::ALL[i])
}

/// The tables of every generated type (resources, data types, backbone elements), sorted by
/// FHIR name.
pub fn all_types() -> impl Iterator<Item = &'static TypeInfo> {
    info::ALL.iter().copied()
}

/// The names of every concrete resource type, sorted.
pub fn resource_types() -> impl Iterator<Item = &'static str> {
    RESOURCE_TYPES.iter().map(|(n, _)| *n)
}

/// A generated type, seen through its tables. Object safe.
pub trait Object {
    /// The static table of the type.
    fn type_info(&self) -> &'static TypeInfo;
    /// The element at `index` (in [`TypeInfo::fields`] order).
    fn field(&self, index: usize) -> Option<FieldRef<'_>>;
    /// The element at `index`, mutably.
    fn field_mut(&mut self, index: usize) -> Option<FieldMut<'_>>;
    /// One bit per element, bit `i` for [`TypeInfo::fields`]`[i]` (the first 64): clear when
    /// the element certainly holds nothing, set when it may hold something. Writers use it to
    /// skip empty elements without asking for them; the default says all may be present.
    fn occupied(&self) -> u64 {
        u64::MAX
    }
    /// Writes the value as JSON with code generated for its type, or returns `None` (the
    /// default) to have it written through the tables. The generated types implement it; the
    /// writer type cannot be used outside this crate.
    #[doc(hidden)]
    fn write_json(&self, w: &mut crate::json::JsonWriter<'_>) -> Option<bool> {
        let _ = w;
        None
    }
}

/// Whether a field's storage may hold something, for the generated [`Object::occupied`].
pub(crate) trait Occupied {
    /// `false` when the storage certainly holds nothing.
    fn occupied(&self) -> bool;
}

impl<T> Occupied for Option<T> {
    #[inline(always)]
    fn occupied(&self) -> bool {
        self.is_some()
    }
}

impl<T> Occupied for Vec<T> {
    #[inline(always)]
    fn occupied(&self) -> bool {
        !self.is_empty()
    }
}

impl Occupied for crate::FhirString {
    #[inline(always)]
    fn occupied(&self) -> bool {
        !self.is_empty()
    }
}

impl Occupied for Xhtml {
    #[inline(always)]
    fn occupied(&self) -> bool {
        !self.as_str().is_empty()
    }
}

/// The indexes of the elements of `obj` that may hold something, in definition order.
#[inline]
pub(crate) fn occupied_fields(obj: &dyn Object, info: &TypeInfo) -> OccupiedIter {
    let n = info.fields.len();
    if n > 64 {
        return OccupiedIter {
            bits: u64::MAX,
            next_all: Some(0),
            len: n,
        };
    }
    let mask = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    OccupiedIter {
        bits: obj.occupied() & mask,
        next_all: None,
        len: n,
    }
}

/// See [`occupied_fields`].
#[derive(Clone, Copy)]
pub(crate) struct OccupiedIter {
    bits: u64,
    /// Set for types of more than 64 elements: every index in turn.
    next_all: Option<usize>,
    len: usize,
}

impl Iterator for OccupiedIter {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        if let Some(i) = self.next_all {
            if i >= self.len {
                return None;
            }
            self.next_all = Some(i + 1);
            return Some(i);
        }
        if self.bits == 0 {
            return None;
        }
        let i = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(i)
    }
}

/// One element of an object, borrowed.
pub enum FieldRef<'a> {
    /// A plain string value (see [`ElementType::Plain`]).
    Plain(&'a dyn PlainSlot),
    /// One or more primitives.
    Primitive(&'a dyn PrimitiveSlot),
    /// One or more complex values.
    Object(&'a dyn ObjectSlot),
    /// One or more resources.
    Resource(&'a dyn ResourceSlot),
    /// A choice element.
    Choice(&'a dyn ChoiceSlot),
}

/// One element of an object, mutably borrowed.
pub enum FieldMut<'a> {
    /// A plain string value (see [`ElementType::Plain`]).
    Plain(&'a mut dyn PlainSlot),
    /// One or more primitives.
    Primitive(&'a mut dyn PrimitiveSlot),
    /// One or more complex values.
    Object(&'a mut dyn ObjectSlot),
    /// One or more resources.
    Resource(&'a mut dyn ResourceSlot),
    /// A choice element.
    Choice(&'a mut dyn ChoiceSlot),
}

impl FieldRef<'_> {
    /// How many values the element holds (0 or 1 for single elements).
    pub fn len(&self) -> usize {
        match self {
            FieldRef::Plain(s) => usize::from(s.get().is_some()),
            FieldRef::Primitive(s) => s.len(),
            FieldRef::Object(s) => s.len(),
            FieldRef::Resource(s) => s.len(),
            FieldRef::Choice(s) => usize::from(s.variant().is_some()),
        }
    }

    /// Whether the element holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Storage of a plain string element (`Option<FhirString>`, `FhirString`,
/// `Option<Xhtml>`, `Xhtml`).
pub trait PlainSlot {
    /// The value, `None` when absent or empty.
    fn get(&self) -> Option<&str>;
    /// Replaces the value.
    fn set(&mut self, value: String);
}

impl PlainSlot for Option<crate::FhirString> {
    fn get(&self) -> Option<&str> {
        self.as_deref().filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = Some(value.into());
    }
}

impl PlainSlot for crate::FhirString {
    fn get(&self) -> Option<&str> {
        Some(&**self).filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = value.into();
    }
}

impl PlainSlot for Option<Xhtml> {
    fn get(&self) -> Option<&str> {
        self.as_ref().map(|x| x.as_str()).filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = Some(Xhtml::new(value));
    }
}

impl PlainSlot for Xhtml {
    fn get(&self) -> Option<&str> {
        Some(self.as_str()).filter(|s| !s.is_empty())
    }
    fn set(&mut self, value: String) {
        *self = Xhtml::new(value);
    }
}

/// One primitive of any value type, seen through its lexical form.
pub trait PrimitiveDyn {
    /// The value in its lexical form, `None` when absent.
    fn lexical(&self) -> Option<Lexical<'_>>;
    /// Sets the value from its lexical form (already checked against the FHIR type); returns
    /// `false` when the text is not a value of the Rust type (an unknown code).
    fn set_lexical(&mut self, text: Cow<'_, str>) -> bool;
    /// Whether there is neither a value, nor an id, nor an extension.
    fn is_empty(&self) -> bool {
        self.lexical().is_none() && self.id().is_none() && self.extension().is_empty()
    }
    /// Removes the value, keeping `id` and extensions.
    fn clear_value(&mut self);
    /// The element id.
    fn id(&self) -> Option<&str>;
    /// The element id, mutably.
    fn id_mut(&mut self) -> &mut Option<String>;
    /// The extensions.
    fn extension(&self) -> &[Extension];
    /// The extensions, mutably.
    fn extension_mut(&mut self) -> &mut Vec<Extension>;
    /// The allowed codes, for enums generated from required bindings.
    fn allowed_codes(&self) -> Option<&'static [&'static str]>;
    /// The value (`None` when absent or empty), the element id (`None` when absent or empty)
    /// and the extensions, in one call (what a writer needs of a primitive).
    fn parts(&self) -> PrimitiveParts<'_> {
        PrimitiveParts {
            value: self.lexical().filter(|v| !v.is_empty()),
            id: self.id().filter(|s| !s.is_empty()),
            extension: self.extension(),
        }
    }
}

/// What [`PrimitiveDyn::parts`] returns: the present parts of a primitive.
#[derive(Clone, Copy)]
pub struct PrimitiveParts<'a> {
    /// The value in its lexical form, `None` when absent or empty.
    pub value: Option<Lexical<'a>>,
    /// The element id, `None` when absent or empty.
    pub id: Option<&'a str>,
    /// The extensions.
    pub extension: &'a [Extension],
}

impl PrimitiveParts<'_> {
    /// Whether there is an id or an extension (`_name` in JSON).
    #[inline]
    pub fn has_extras(&self) -> bool {
        self.id.is_some() || !self.extension.is_empty()
    }
}

impl<T: PrimitiveValue> PrimitiveDyn for Primitive<T> {
    fn lexical(&self) -> Option<Lexical<'_>> {
        self.value.as_ref().map(PrimitiveValue::lexical)
    }
    fn set_lexical(&mut self, text: Cow<'_, str>) -> bool {
        match T::from_lexical(text) {
            Some(v) => {
                self.value = Some(v);
                true
            }
            None => false,
        }
    }
    fn clear_value(&mut self) {
        self.value = None;
    }
    fn id(&self) -> Option<&str> {
        Primitive::id(self)
    }
    fn id_mut(&mut self) -> &mut Option<String> {
        Primitive::id_mut(self)
    }
    fn extension(&self) -> &[Extension] {
        Primitive::extension(self)
    }
    fn extension_mut(&mut self) -> &mut Vec<Extension> {
        Primitive::extension_mut(self)
    }
    fn allowed_codes(&self) -> Option<&'static [&'static str]> {
        T::allowed_codes()
    }
    #[inline]
    fn parts(&self) -> PrimitiveParts<'_> {
        PrimitiveParts {
            value: self
                .value
                .as_ref()
                .map(PrimitiveValue::lexical)
                .filter(|v| !v.is_empty()),
            id: Primitive::id(self).filter(|s| !s.is_empty()),
            extension: Primitive::extension(self),
        }
    }
}

/// Storage of a primitive element: `Option<Primitive<T>>` or `Vec<Primitive<T>>`.
pub trait PrimitiveSlot {
    /// The number of primitives.
    fn len(&self) -> usize;
    /// Whether there is no primitive.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The primitive at `index`.
    fn get(&self, index: usize) -> Option<&dyn PrimitiveDyn>;
    /// The primitive at `index`, mutably.
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn PrimitiveDyn>;
    /// Appends an empty primitive (for a single element: replaces the value with an empty one)
    /// and returns it.
    fn push(&mut self) -> &mut dyn PrimitiveDyn;
    /// Removes the primitive at `index`.
    fn remove(&mut self, index: usize);
    /// Appends a primitive holding the value of `text` (a lexical form already checked against
    /// the element's FHIR type; for a single element: replaces it), as [`push`] then
    /// [`PrimitiveDyn::set_lexical`] would; when `text` is not a value of the Rust type (an
    /// unknown code), appends nothing and returns `false`.
    ///
    /// [`push`]: PrimitiveSlot::push
    fn push_lexical(&mut self, text: Cow<'_, str>) -> bool {
        let known = self.push().set_lexical(text);
        if !known {
            self.remove(self.len().saturating_sub(1));
        }
        known
    }
}

impl<T: PrimitiveValue> PrimitiveSlot for Option<Primitive<T>> {
    fn len(&self) -> usize {
        usize::from(self.is_some())
    }
    fn get(&self, index: usize) -> Option<&dyn PrimitiveDyn> {
        match self {
            Some(p) if index == 0 => Some(p),
            _ => None,
        }
    }
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn PrimitiveDyn> {
        match self {
            Some(p) if index == 0 => Some(p),
            _ => None,
        }
    }
    fn push(&mut self) -> &mut dyn PrimitiveDyn {
        self.insert(Primitive::default())
    }
    fn push_lexical(&mut self, text: Cow<'_, str>) -> bool {
        let Some(value) = T::from_lexical(text) else {
            *self = None;
            return false;
        };
        *self = Some(Primitive::new(value));
        true
    }
    fn remove(&mut self, index: usize) {
        if index == 0 {
            *self = None;
        }
    }
}

impl<T: PrimitiveValue> PrimitiveSlot for Vec<Primitive<T>> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&dyn PrimitiveDyn> {
        self.as_slice().get(index).map(|p| p as &dyn PrimitiveDyn)
    }
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn PrimitiveDyn> {
        self.as_mut_slice()
            .get_mut(index)
            .map(|p| p as &mut dyn PrimitiveDyn)
    }
    fn push(&mut self) -> &mut dyn PrimitiveDyn {
        Vec::push(self, Primitive::default());
        let last = Vec::len(self) - 1;
        &mut self[last]
    }
    fn push_lexical(&mut self, text: Cow<'_, str>) -> bool {
        let Some(value) = T::from_lexical(text) else {
            return false;
        };
        Vec::push(self, Primitive::new(value));
        true
    }
    fn remove(&mut self, index: usize) {
        if index < Vec::len(self) {
            Vec::remove(self, index);
        }
    }
}

/// Storage of a complex element: `Option<T>`, `Option<Box<T>>` or `Vec<T>`.
pub trait ObjectSlot {
    /// The number of values.
    fn len(&self) -> usize;
    /// Whether there is no value.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The value at `index`.
    fn get(&self, index: usize) -> Option<&dyn Object>;
    /// The value at `index`, mutably.
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn Object>;
    /// Appends an empty value (for a single element: replaces the value) and returns it.
    fn push(&mut self) -> &mut dyn Object;
    /// Removes the last value.
    fn pop(&mut self);
}

impl<T: Object + Default> ObjectSlot for Option<T> {
    fn len(&self) -> usize {
        usize::from(self.is_some())
    }
    fn get(&self, index: usize) -> Option<&dyn Object> {
        match self {
            Some(o) if index == 0 => Some(o),
            _ => None,
        }
    }
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn Object> {
        match self {
            Some(o) if index == 0 => Some(o),
            _ => None,
        }
    }
    fn push(&mut self) -> &mut dyn Object {
        self.insert(T::default())
    }
    fn pop(&mut self) {
        *self = None;
    }
}

/// `ObjectSlot` for `Option<Box<T>>` of one concrete `T` (a generic impl would overlap with the
/// one for `Option<T>`, as `Box` is a fundamental type). The generator invokes it for every type
/// a cycle made it box.
macro_rules! boxed_object_slot {
    ($t:ty) => {
        impl $crate::model::ObjectSlot for Option<Box<$t>> {
            fn len(&self) -> usize {
                usize::from(self.is_some())
            }
            fn get(&self, index: usize) -> Option<&dyn $crate::model::Object> {
                match self {
                    Some(o) if index == 0 => Some(&**o),
                    _ => None,
                }
            }
            fn get_mut(&mut self, index: usize) -> Option<&mut dyn $crate::model::Object> {
                match self {
                    Some(o) if index == 0 => Some(&mut **o),
                    _ => None,
                }
            }
            fn push(&mut self) -> &mut dyn $crate::model::Object {
                &mut **self.insert(Box::default())
            }
            fn pop(&mut self) {
                *self = None;
            }
        }
    };
}
pub(crate) use boxed_object_slot;

impl<T: Object + Default> ObjectSlot for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&dyn Object> {
        self.as_slice().get(index).map(|o| o as &dyn Object)
    }
    fn get_mut(&mut self, index: usize) -> Option<&mut dyn Object> {
        self.as_mut_slice()
            .get_mut(index)
            .map(|o| o as &mut dyn Object)
    }
    fn push(&mut self) -> &mut dyn Object {
        let len = Vec::len(self);
        if len == self.capacity() && core::mem::size_of::<T>() > LARGE_ELEMENT {
            // Large elements grow 1, 4, 8, ... rather than from 4: most arrays of them hold one
            // value, and a first block of four would be a large allocation, which costs an
            // allocator much more than a small one; arrays of more than one are often of three
            // or four (names, identifiers, telecoms), so the second value makes room for four.
            self.reserve_exact(if len == 1 { 3 } else { len.max(1) });
        }
        Vec::push(self, T::default());
        &mut self[len]
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}

/// The element size (bytes) above which [`ObjectSlot::push`] grows a `Vec` from one element
/// rather than four (four of them would make a block of a kilobyte or more).
const LARGE_ELEMENT: usize = 240;

/// Storage of a resource element: `Option<Resource>` or `Vec<Resource>`.
pub trait ResourceSlot {
    /// The number of resources.
    fn len(&self) -> usize;
    /// Whether there is no resource.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The resource at `index`.
    fn get(&self, index: usize) -> Option<&Resource>;
    /// Appends a resource (for a single element: replaces it) and returns it.
    fn push(&mut self, resource: Resource) -> &mut Resource;
    /// Removes the last resource.
    fn pop(&mut self);
}

impl ResourceSlot for Option<Resource> {
    fn len(&self) -> usize {
        usize::from(self.is_some())
    }
    fn get(&self, index: usize) -> Option<&Resource> {
        self.as_ref().filter(|_| index == 0)
    }
    fn push(&mut self, resource: Resource) -> &mut Resource {
        self.insert(resource)
    }
    fn pop(&mut self) {
        *self = None;
    }
}

impl ResourceSlot for Vec<Resource> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&Resource> {
        self.as_slice().get(index)
    }
    fn push(&mut self, resource: Resource) -> &mut Resource {
        Vec::push(self, resource);
        let last = Vec::len(self) - 1;
        &mut self[last]
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}

/// A generated choice enum (`ObservationValue`).
pub trait Choice: Sized {
    /// The index of the variant in [`FieldInfo::choices`].
    fn index(&self) -> usize;
    /// An empty value of the variant at `index`.
    fn new(index: usize) -> Option<Self>;
    /// The value.
    fn value(&self) -> ValueRef<'_>;
    /// The value, mutably.
    fn value_mut(&mut self) -> ValueMut<'_>;
}

/// The value of a choice element, borrowed.
pub enum ValueRef<'a> {
    /// A primitive variant.
    Primitive(&'a dyn PrimitiveDyn),
    /// A complex variant.
    Object(&'a dyn Object),
}

/// The value of a choice element, mutably borrowed.
pub enum ValueMut<'a> {
    /// A primitive variant.
    Primitive(&'a mut dyn PrimitiveDyn),
    /// A complex variant.
    Object(&'a mut dyn Object),
}

/// Storage of a choice element: `Option<C>` for a generated choice enum `C`.
pub trait ChoiceSlot {
    /// The index of the present variant.
    fn variant(&self) -> Option<usize>;
    /// The value of the present variant.
    fn value(&self) -> Option<ValueRef<'_>>;
    /// The value of variant `index`, made present (empty) unless it already is; `None` for an
    /// index out of range.
    fn select(&mut self, index: usize) -> Option<ValueMut<'_>>;
    /// Removes the value.
    fn clear(&mut self);
}

impl<C: Choice> ChoiceSlot for Option<C> {
    fn variant(&self) -> Option<usize> {
        self.as_ref().map(Choice::index)
    }
    fn value(&self) -> Option<ValueRef<'_>> {
        self.as_ref().map(Choice::value)
    }
    fn select(&mut self, index: usize) -> Option<ValueMut<'_>> {
        if self.as_ref().map(Choice::index) != Some(index) {
            *self = Some(C::new(index)?);
        }
        self.as_mut().map(Choice::value_mut)
    }
    fn clear(&mut self) {
        *self = None;
    }
}

/// Structure-only `Debug` of a generated type: the present elements and how many values each
/// holds, never the values.
pub(crate) fn debug_object(obj: &dyn Object, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let info = obj.type_info();
    let mut s = f.debug_struct(info.rust_name);
    for (i, fi) in info.fields.iter().enumerate() {
        let Some(field) = obj.field(i) else { continue };
        match field {
            FieldRef::Object(slot) if !fi.is_array() => {
                if let Some(o) = slot.get(0) {
                    s.field(fi.name, &DebugObject(o));
                }
            }
            FieldRef::Choice(slot) => {
                if let (Some(v), Some(value)) = (slot.variant(), slot.value()) {
                    let name = fi.choices.get(v).map_or(fi.name, |c| c.suffix);
                    match value {
                        ValueRef::Object(o) => s.field(fi.name, &DebugObject(o)),
                        ValueRef::Primitive(_) => s.field(fi.name, &Redacted(name)),
                    };
                }
            }
            FieldRef::Resource(slot) if !fi.is_array() => {
                if let Some(r) = slot.get(0) {
                    s.field(fi.name, &DebugObject(r.as_object()));
                }
            }
            other => {
                let n = other.len();
                if n == 0 {
                    continue;
                }
                if fi.is_array() {
                    s.field(fi.name, &Count(n));
                } else {
                    s.field(fi.name, &Redacted(""));
                }
            }
        }
    }
    s.finish_non_exhaustive()
}

/// Structure-only `Debug` of a generated choice enum.
pub(crate) fn debug_choice<C: Choice>(c: &C, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match c.value() {
        ValueRef::Object(o) => debug_object(o, f),
        ValueRef::Primitive(_) => f.write_str("Primitive(..)"),
    }
}

struct DebugObject<'a>(&'a dyn Object);

impl fmt::Debug for DebugObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_object(self.0, f)
    }
}

struct Count(usize);

impl fmt::Debug for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} item{}]", self.0, if self.0 == 1 { "" } else { "s" })
    }
}

struct Redacted(&'static str);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("..")
        } else {
            write!(f, "{}(..)", self.0)
        }
    }
}

impl fmt::Debug for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_object(self.as_object(), f)
    }
}
