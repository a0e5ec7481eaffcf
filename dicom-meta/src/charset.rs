//! Specific Character Set (0008,0005) and text decoding.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::error::{Error, ErrorKind};

/// A character repertoire this crate can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Repertoire {
    /// The default repertoire, ISO-IR 6 (ASCII).
    #[default]
    Default,
    /// ISO-IR 100: ISO 8859-1 (Latin alphabet No. 1).
    Latin1,
    /// ISO-IR 192: UTF-8.
    Utf8,
}

/// The character set that applies to a text value, from the Specific Character Set
/// (0008,0005) of its data set or nearest enclosing item.
///
/// Decodes the default repertoire, ISO_IR 100 (Latin-1) and ISO_IR 192 (UTF-8), and
/// `ISO 2022 IR 6` / `ISO 2022 IR 100` values that use no escape sequences. Other terms are
/// recognised as [unsupported](CharacterSet::is_supported): their raw bytes stay available.
///
/// ```
/// use dicom_meta::{CharacterSet, Repertoire};
/// let cs = CharacterSet::from_value(b"ISO_IR 100");
/// assert_eq!(cs.repertoire(), Some(Repertoire::Latin1));
/// assert_eq!(cs.decode(b"M\xfcller", false)?, "Müller");
/// let cs = CharacterSet::from_value(b"ISO_IR 192");
/// assert_eq!(cs.decode("Müller".as_bytes(), false)?, "Müller");
/// assert!(!CharacterSet::from_value(b"ISO 2022 IR 87").is_supported());
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CharacterSet {
    repertoire: Repertoire,
    /// ISO 2022 code extensions are declared (escape sequences switch sets).
    iso2022: bool,
    supported: bool,
}

impl CharacterSet {
    /// The default repertoire.
    pub const DEFAULT: CharacterSet = CharacterSet {
        repertoire: Repertoire::Default,
        iso2022: false,
        supported: true,
    };

    /// Reads the value of Specific Character Set (0008,0005): backslash-separated defined
    /// terms, the first one the initial set (empty meaning the default repertoire).
    pub fn from_value(value: &[u8]) -> CharacterSet {
        let mut cs = CharacterSet::DEFAULT;
        for (n, term) in value.split(|&b| b == b'\\').enumerate() {
            let term = trim(term);
            let (rep, iso2022) = match term {
                b"" | b"ISO_IR 6" => (Some(Repertoire::Default), false),
                b"ISO 2022 IR 6" => (Some(Repertoire::Default), true),
                b"ISO_IR 100" => (Some(Repertoire::Latin1), false),
                b"ISO 2022 IR 100" => (Some(Repertoire::Latin1), true),
                b"ISO_IR 192" => (Some(Repertoire::Utf8), false),
                _ => (None, term.starts_with(b"ISO 2022")),
            };
            cs.iso2022 |= iso2022 || n > 0;
            match rep {
                Some(r) if n == 0 => cs.repertoire = r,
                Some(Repertoire::Default) => {}
                // A further set (ISO 2022 extension) that this crate cannot switch to yet.
                _ => cs.supported = false,
            }
        }
        cs
    }

    /// The initial repertoire, or `None` when it is not supported.
    pub fn repertoire(&self) -> Option<Repertoire> {
        self.supported.then_some(self.repertoire)
    }

    /// Whether values can be decoded (unsupported sets leave raw bytes only).
    pub fn is_supported(&self) -> bool {
        self.supported
    }

    /// Whether ISO 2022 code extensions are declared.
    pub fn uses_code_extensions(&self) -> bool {
        self.iso2022
    }

    /// Decodes text bytes. Borrows when the bytes are already valid UTF-8 that means the
    /// same thing (ASCII, or any UTF-8 for ISO_IR 192).
    ///
    /// `lenient`: non-ASCII bytes under the default repertoire are read as Latin-1, invalid
    /// UTF-8 is replaced with U+FFFD, and escape sequences of an unsupported set are kept.
    pub fn decode<'v>(&self, bytes: &'v [u8], lenient: bool) -> Result<Cow<'v, str>, Error> {
        self.decode_kind(bytes, lenient)
            .map_err(|kind| Error::new(kind, 0))
    }

    pub(crate) fn decode_kind<'v>(
        &self,
        bytes: &'v [u8],
        lenient: bool,
    ) -> Result<Cow<'v, str>, ErrorKind> {
        if bytes.is_ascii() && (!bytes.contains(&0x1B) || !self.iso2022) {
            return Ok(Cow::Borrowed(ascii(bytes)));
        }
        if !self.supported || (self.iso2022 && bytes.contains(&0x1B)) {
            if lenient {
                return Ok(String::from_utf8_lossy(bytes));
            }
            return Err(ErrorKind::UnsupportedCharset);
        }
        match self.repertoire {
            Repertoire::Default if lenient => Ok(Cow::Owned(latin1(bytes))),
            Repertoire::Default => Err(ErrorKind::InvalidText("ISO_IR 6")),
            Repertoire::Latin1 => Ok(Cow::Owned(latin1(bytes))),
            Repertoire::Utf8 => match core::str::from_utf8(bytes) {
                Ok(s) => Ok(Cow::Borrowed(s)),
                Err(_) if lenient => Ok(String::from_utf8_lossy(bytes)),
                Err(_) => Err(ErrorKind::InvalidText("UTF-8")),
            },
        }
    }
}

fn ascii(bytes: &[u8]) -> &str {
    // ASCII is valid UTF-8.
    core::str::from_utf8(bytes).unwrap_or_default()
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms() {
        assert_eq!(CharacterSet::from_value(b""), CharacterSet::DEFAULT);
        assert_eq!(
            CharacterSet::from_value(b"ISO_IR 192 ").repertoire(),
            Some(Repertoire::Utf8)
        );
        let cs = CharacterSet::from_value(b"\\ISO 2022 IR 87");
        assert!(!cs.is_supported() && cs.uses_code_extensions());
        let cs = CharacterSet::from_value(b"ISO 2022 IR 100");
        assert!(cs.is_supported() && cs.uses_code_extensions());
        assert!(!CharacterSet::from_value(b"ISO_IR 144").is_supported());
    }

    #[test]
    fn decoding() {
        let d = CharacterSet::DEFAULT;
        assert!(matches!(d.decode(b"ABC", false), Ok(Cow::Borrowed("ABC"))));
        assert_eq!(
            d.decode_kind(b"\xe9", false),
            Err(ErrorKind::InvalidText("ISO_IR 6"))
        );
        assert_eq!(d.decode(b"\xe9", true).unwrap(), "é");
        let u = CharacterSet::from_value(b"ISO_IR 192");
        assert!(matches!(
            u.decode("é".as_bytes(), false),
            Ok(Cow::Borrowed("é"))
        ));
        assert!(u.decode(b"\xff", false).is_err());
        assert_eq!(u.decode(b"\xff", true).unwrap(), "\u{fffd}");
        let j = CharacterSet::from_value(b"\\ISO 2022 IR 87");
        assert_eq!(
            j.decode_kind(b"\x1b$B", false),
            Err(ErrorKind::UnsupportedCharset)
        );
        assert_eq!(j.decode(b"Yamada", false).unwrap(), "Yamada");
    }
}
