//! Primitive values: [`Primitive<T>`] (a value with its element `id` and extensions) and the
//! value types that keep FHIR's lexical forms exact ([`Decimal`], [`Xhtml`], and the date and
//! time types in [`crate::datetime`]).

use alloc::borrow::{Cow, ToOwned};
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::datetime::{Date, DateTime, Instant, Time};
use crate::generated::Extension;
use crate::model::PrimitiveType;
use crate::string::FhirString;

/// A primitive element: an optional value plus the element `id` and `extension`s that JSON
/// carries in the `_name` sibling.
///
/// `Debug` never shows the value.
///
/// The string-like FHIR types (`string`, `uri`, `code`, `id`, `markdown`, ...) hold a
/// [`FhirString`]: a constant such as a code system URI is referenced without allocating,
/// text up to 24 bytes is stored inline, longer text is owned on the heap.
///
/// ```
/// use fhir::{Date, FhirString, Primitive};
/// let system: Primitive<FhirString> = "http://loinc.org".into(); // referenced: no allocation
/// assert_eq!(system.as_str(), Some("http://loinc.org"));
/// let given = Primitive::copied("Anna"); // inline: no allocation
/// assert_eq!(given.as_str(), Some("Anna"));
/// let born = Primitive::new(Date::parse("1980-01-02")?);
/// assert_eq!(born.value().map(|d| d.as_str()), Some("1980-01-02"));
/// # Ok::<(), fhir::InvalidValue>(())
/// ```
#[derive(Clone)]
pub struct Primitive<T> {
    /// The value; may be absent when extensions explain why (e.g. a data-absent-reason).
    pub value: Option<T>,
    /// The rarely present element id and extensions, boxed so that a plain value stays small
    /// (a `Primitive<FhirString>` is four words).
    extras: Option<Box<PrimitiveExtras>>,
}

/// The element `id` and `extension`s of a [`Primitive`] (`_name` in JSON).
#[derive(Clone, PartialEq, Default)]
struct PrimitiveExtras {
    id: Option<String>,
    extension: Vec<Extension>,
}

impl<T: PartialEq> PartialEq for Primitive<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
            && self.id() == other.id()
            && self.extension() == other.extension()
    }
}

impl<T> Default for Primitive<T> {
    fn default() -> Self {
        Primitive {
            value: None,
            extras: None,
        }
    }
}

impl<T> Primitive<T> {
    /// A primitive holding `value`, without id or extensions.
    #[inline]
    pub const fn new(value: T) -> Self {
        Primitive {
            value: Some(value),
            extras: None,
        }
    }

    /// A primitive with the given value (if any), element id (if any) and extensions.
    pub fn with_parts(value: Option<T>, id: Option<String>, extension: Vec<Extension>) -> Self {
        let extras = (id.is_some() || !extension.is_empty())
            .then(|| Box::new(PrimitiveExtras { id, extension }));
        Primitive { value, extras }
    }

    /// The value, if present.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The element id (`_name.id` in JSON), if present.
    #[inline]
    pub fn id(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|x| x.id.as_deref())
    }

    /// The element id, mutably (setting it makes room for the extras).
    pub fn id_mut(&mut self) -> &mut Option<String> {
        &mut self.extras_mut().id
    }

    /// The extensions on the value (`_name.extension` in JSON).
    #[inline]
    pub fn extension(&self) -> &[Extension] {
        match &self.extras {
            Some(x) => &x.extension,
            None => &[],
        }
    }

    /// The extensions on the value, mutably (makes room for the extras).
    pub fn extension_mut(&mut self) -> &mut Vec<Extension> {
        &mut self.extras_mut().extension
    }

    fn extras_mut(&mut self) -> &mut PrimitiveExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Adds an extension and returns the primitive (builder style).
    pub fn with_extension(mut self, extension: Extension) -> Self {
        self.extension_mut().push(extension);
        self
    }

    /// Whether there is neither a value, nor an id, nor an extension.
    pub fn is_empty(&self) -> bool {
        self.value.is_none() && self.id().is_none() && self.extension().is_empty()
    }
}

impl Primitive<FhirString> {
    /// The string value, if present.
    pub fn as_str(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// A primitive referencing a constant (no allocation); usable in `const` items.
    #[inline]
    pub const fn from_static(value: &'static str) -> Self {
        Primitive::new(FhirString::from_static(value))
    }

    /// A primitive holding a copy of `value` (inline when at most 24 bytes: no allocation).
    #[inline]
    pub fn copied(value: &str) -> Self {
        Primitive::new(FhirString::new(value))
    }
}

impl<T: Copy> Primitive<T> {
    /// A copy of the value, if present (booleans, integers, codes).
    pub fn get(&self) -> Option<T> {
        self.value
    }
}

impl<T: PrimitiveValue> From<T> for Primitive<T> {
    fn from(value: T) -> Self {
        Primitive::new(value)
    }
}

/// A constant string, referenced without allocating (copy a shorter-lived `&str` with
/// [`Primitive::copied`]).
impl From<&'static str> for Primitive<FhirString> {
    #[inline]
    fn from(value: &'static str) -> Self {
        Primitive::new(FhirString::from_static(value))
    }
}

/// An owned string (inline when short).
impl From<String> for Primitive<FhirString> {
    #[inline]
    fn from(value: String) -> Self {
        Primitive::new(FhirString::from(value))
    }
}

/// A constant stays referenced; owned text as `From<String>`.
impl From<Cow<'static, str>> for Primitive<FhirString> {
    #[inline]
    fn from(value: Cow<'static, str>) -> Self {
        Primitive::new(FhirString::from(value))
    }
}

impl<T> fmt::Debug for Primitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Primitive");
        if self.value.is_some() {
            s.field("value", &format_args!(".."));
        }
        if self.id().is_some() {
            s.field("id", &format_args!(".."));
        }
        if !self.extension().is_empty() {
            s.field("extension", &self.extension().len());
        }
        s.finish()
    }
}

/// A primitive value in its lexical form, as written to JSON (and XML).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lexical<'a> {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number written as is (decimals).
    Number(&'a str),
    /// Text (a JSON string).
    Str(&'a str),
}

impl Lexical<'_> {
    /// Whether this is an empty text or number (written as nothing).
    #[inline]
    pub fn is_empty(&self) -> bool {
        matches!(self, Lexical::Str(s) | Lexical::Number(s) if s.is_empty())
    }
}

impl fmt::Display for Lexical<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lexical::Bool(b) => write!(f, "{b}"),
            Lexical::Int(i) => write!(f, "{i}"),
            Lexical::Number(s) | Lexical::Str(s) => f.write_str(s),
        }
    }
}

impl fmt::Debug for Lexical<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lexical(..)")
    }
}

/// A Rust type that holds the value of a FHIR primitive.
pub trait PrimitiveValue: Clone + PartialEq + 'static {
    /// The value of `text`, a lexical form already checked against the element's FHIR type.
    /// `None` when the text is not a value of this type (an unknown code).
    fn from_lexical(text: Cow<'_, str>) -> Option<Self>;
    /// The lexical form.
    fn lexical(&self) -> Lexical<'_>;
    /// The allowed codes, for enums generated from required bindings.
    fn allowed_codes() -> Option<&'static [&'static str]> {
        None
    }
}

impl PrimitiveValue for bool {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        match &*text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Bool(*self)
    }
}

impl PrimitiveValue for i32 {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        text.parse().ok()
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Int(i64::from(*self))
    }
}

impl PrimitiveValue for u32 {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        text.parse().ok()
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Int(i64::from(*self))
    }
}

/// The string-like types (`string`, `uri`, `code`, `id`, ...); a value read is copied (inline
/// when short).
impl PrimitiveValue for FhirString {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        Some(FhirString::from_text(text))
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Str(self)
    }
}

/// An error for a value that is not in the lexical space of its FHIR type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid {} value", .0.name())]
pub struct InvalidValue(pub PrimitiveType);

/// A `decimal`, kept exactly as written: `13.50` stays `13.50` (precision is significant in
/// FHIR), and equality is lexical.
///
/// ```
/// use fhir::Decimal;
/// let d: Decimal = "13.50".parse()?;
/// assert_eq!(d.as_str(), "13.50");
/// assert_eq!(d.scale(), 2);
/// assert_eq!(d.to_f64(), 13.5);
/// assert!("1.".parse::<Decimal>().is_err());
/// # Ok::<(), fhir::InvalidValue>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Decimal(String);

impl Decimal {
    /// Parses a decimal in FHIR (and JSON number) syntax:
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    pub fn parse(s: &str) -> Result<Decimal, InvalidValue> {
        if PrimitiveType::Decimal.is_valid(s) {
            Ok(Decimal(s.to_owned()))
        } else {
            Err(InvalidValue(PrimitiveType::Decimal))
        }
    }

    /// The shortest decimal that reads back as `value`; `None` for NaN and infinities.
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if value.is_finite() {
            Some(Decimal(value.to_string()))
        } else {
            None
        }
    }

    /// The lexical form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The number of digits after the decimal point as written (`13.50` → 2).
    pub fn scale(&self) -> usize {
        let mantissa = self.0.split(['e', 'E']).next().unwrap_or("");
        mantissa.split_once('.').map_or(0, |(_, f)| f.len())
    }
}

impl FromStr for Decimal {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, InvalidValue> {
        Decimal::parse(s)
    }
}

impl From<i32> for Decimal {
    fn from(v: i32) -> Self {
        Decimal(v.to_string())
    }
}

impl From<u32> for Decimal {
    fn from(v: u32) -> Self {
        Decimal(v.to_string())
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal(v.to_string())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Decimal(..)")
    }
}

impl PrimitiveValue for Decimal {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        Some(Decimal(text.into_owned()))
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Number(&self.0)
    }
}

/// The XHTML of a narrative `div`, as text (a JSON string; real XHTML in XML).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Xhtml(String);

impl Xhtml {
    /// Wraps XHTML text (not checked here).
    pub fn new(text: impl Into<String>) -> Self {
        Xhtml(text.into())
    }

    /// The XHTML text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The XHTML text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<&str> for Xhtml {
    fn from(s: &str) -> Self {
        Xhtml(s.to_owned())
    }
}

impl From<String> for Xhtml {
    fn from(s: String) -> Self {
        Xhtml(s)
    }
}

impl fmt::Display for Xhtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Xhtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Xhtml(..)")
    }
}

impl PrimitiveValue for Xhtml {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        Some(Xhtml(text.into_owned()))
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Str(&self.0)
    }
}

macro_rules! lexical_newtype_value {
    ($($t:ty),*) => {$(
        impl PrimitiveValue for $t {
            fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
                <$t>::parse(&text).ok()
            }
            fn lexical(&self) -> Lexical<'_> {
                Lexical::Str(self.as_str())
            }
        }
    )*};
}

lexical_newtype_value!(Date, DateTime, Instant, Time);

/// A code enum generated from a required value-set binding.
///
/// ```
/// use fhir::codes::{AdministrativeGender, Code};
/// assert_eq!(AdministrativeGender::from_code("female"), Some(AdministrativeGender::Female));
/// assert_eq!(AdministrativeGender::Female.code(), "female");
/// assert_eq!("other".parse(), Ok(AdministrativeGender::Other));
/// assert!(AdministrativeGender::from_code("M").is_none());
/// ```
pub trait Code: Copy + Eq + 'static {
    /// The canonical URL of the value set.
    const VALUE_SET: &'static str;
    /// Every code, in the order of [`Code::VARIANTS`].
    const CODES: &'static [&'static str];
    /// Every variant.
    const VARIANTS: &'static [Self];
    /// The position of this variant in [`Code::VARIANTS`].
    fn index(self) -> usize;

    /// The code as written in FHIR.
    fn code(self) -> &'static str {
        Self::CODES.get(self.index()).copied().unwrap_or("")
    }

    /// The variant for a code (exact, case-sensitive match).
    fn from_code(code: &str) -> Option<Self> {
        Self::CODES
            .iter()
            .position(|c| *c == code)
            .and_then(|i| Self::VARIANTS.get(i).copied())
    }
}

impl<C: Code + PartialEq> PrimitiveValue for C {
    fn from_lexical(text: Cow<'_, str>) -> Option<Self> {
        C::from_code(&text)
    }
    fn lexical(&self) -> Lexical<'_> {
        Lexical::Str(self.code())
    }
    fn allowed_codes() -> Option<&'static [&'static str]> {
        Some(C::CODES)
    }
}

/// The error of parsing a string that is not a code of the value set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown code")]
pub struct UnknownCode;
