//! [`FhirString`]: the string type of the model's string-like values.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::borrow::Borrow;
use core::fmt;
use core::ops::Deref;

use compact_str::CompactString;

/// The text of a string-like FHIR value (`string`, `uri`, `code`, `id`, `markdown`, ...), of
/// resource and element ids and of `Extension.url`.
///
/// Three forms, one size (three words, `Option<FhirString>` too):
/// - a constant is referenced, never copied ([`FhirString::from_static`], or `From<&'static
///   str>`): code system URIs, fixed codes;
/// - text up to 24 bytes is stored inline, without an allocation ([`FhirString::new`]): most
///   codes, names, identifiers, dates and phone numbers;
/// - longer text is one heap allocation.
///
/// A bundle converted from a message holds hundreds of short strings; keeping them out of
/// the allocator is most of what makes building (and dropping) a resource cheap.
///
/// ```
/// use fhir::FhirString;
/// let system = FhirString::from_static("http://terminology.hl7.org/CodeSystem/v2-0203");
/// let family = FhirString::new("Abernathy"); // copied inline: no allocation
/// assert_eq!(family, "Abernathy");
/// assert_eq!(system.len(), 45);
/// assert!(!system.is_heap_allocated() && !family.is_heap_allocated());
/// let owned: FhirString = String::from("a longer text that is kept on the heap").into();
/// assert_eq!(owned.as_str(), "a longer text that is kept on the heap");
/// assert!(owned.is_heap_allocated());
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FhirString(CompactString);

impl FhirString {
    /// A constant, referenced without copying; usable in `const` items.
    #[inline]
    pub const fn from_static(text: &'static str) -> Self {
        FhirString(CompactString::const_new(text))
    }

    /// A copy of `text` (inline when it is at most 24 bytes).
    #[inline]
    pub fn new(text: &str) -> Self {
        FhirString(CompactString::new(text))
    }

    /// Decoded text: borrowed text is copied (inline when at most 24 bytes), an owned
    /// `String` is kept as [`From<String>`](#impl-From%3CString%3E-for-FhirString) keeps it.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use fhir::FhirString;
    /// let s = FhirString::from_text(Cow::Borrowed("MR"));
    /// assert!(!s.is_heap_allocated());
    /// ```
    #[inline]
    pub fn from_text(text: Cow<'_, str>) -> Self {
        match text {
            Cow::Borrowed(s) => FhirString::new(s),
            Cow::Owned(s) => FhirString::from(s),
        }
    }

    /// An empty string with room for `capacity` bytes (inline up to 24).
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        FhirString(CompactString::with_capacity(capacity))
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Appends `text`.
    #[inline]
    pub fn push_str(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// Appends `c`.
    #[inline]
    pub fn push(&mut self, c: char) {
        self.0.push(c);
    }

    /// Empties the string (keeping its storage).
    #[inline]
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Whether the text is in a heap allocation of its own (neither a referenced constant
    /// nor inline).
    #[inline]
    pub fn is_heap_allocated(&self) -> bool {
        self.0.is_heap_allocated()
    }

    /// The text as a `String`.
    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_string()
    }
}

impl Deref for FhirString {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for FhirString {
    #[inline]
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for FhirString {
    #[inline]
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

/// A constant, referenced without copying (copy a shorter-lived `&str` with
/// [`FhirString::new`]).
impl From<&'static str> for FhirString {
    #[inline]
    fn from(text: &'static str) -> Self {
        FhirString::from_static(text)
    }
}

/// Inline when short (the `String`'s buffer is then freed), else the `String`'s buffer.
impl From<String> for FhirString {
    #[inline]
    fn from(text: String) -> Self {
        FhirString(CompactString::from(text))
    }
}

impl From<Box<str>> for FhirString {
    #[inline]
    fn from(text: Box<str>) -> Self {
        FhirString(CompactString::from(text))
    }
}

/// A borrowed constant stays referenced; owned text as `From<String>`.
impl From<Cow<'static, str>> for FhirString {
    #[inline]
    fn from(text: Cow<'static, str>) -> Self {
        match text {
            Cow::Borrowed(s) => FhirString::from_static(s),
            Cow::Owned(s) => FhirString::from(s),
        }
    }
}

impl From<FhirString> for String {
    #[inline]
    fn from(text: FhirString) -> Self {
        text.into_string()
    }
}

impl PartialEq<str> for FhirString {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FhirString {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for FhirString {
    #[inline]
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<FhirString> for str {
    #[inline]
    fn eq(&self, other: &FhirString) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<FhirString> for &str {
    #[inline]
    fn eq(&self, other: &FhirString) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Write for FhirString {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_str(s);
        Ok(())
    }
}

impl fmt::Display for FhirString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text, as `String`'s `Debug` shows it (the model's own `Debug` never reaches it: it
/// shows which elements are present, not their values).
impl fmt::Debug for FhirString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl FromIterator<char> for FhirString {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        FhirString(CompactString::from_iter(iter))
    }
}

impl<'a> FromIterator<&'a str> for FhirString {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        FhirString(CompactString::from_iter(iter))
    }
}
