//! Delimiters read from MSH-1/MSH-2 (or FHS/BHS).

use crate::error::{Error, ErrorKind, WarningKind};

/// The delimiter characters of one message, as read from its header.
///
/// Nothing is assumed: `|^~\&` is merely the common choice. Delimiters must be ASCII
/// punctuation-like bytes (not letters, digits, space, NUL, CR or LF, and below 0x80, so
/// that they can never be confused with bytes of multi-byte UTF-8 or Latin-1 text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    /// Field separator (MSH-1).
    pub field: u8,
    /// Component separator (first character of MSH-2).
    pub component: u8,
    /// Repetition separator (second character of MSH-2), if present.
    pub repetition: Option<u8>,
    /// Escape character (third character of MSH-2), if present.
    pub escape: Option<u8>,
    /// Subcomponent separator (fourth character of MSH-2), if present.
    pub subcomponent: Option<u8>,
    /// Truncation character (fifth character of MSH-2, HL7 v2.7 and later), if present.
    pub truncation: Option<u8>,
}

impl Default for Delimiters {
    /// The usual `|^~\&`.
    fn default() -> Self {
        Delimiters {
            field: b'|',
            component: b'^',
            repetition: Some(b'~'),
            escape: Some(b'\\'),
            subcomponent: Some(b'&'),
            truncation: None,
        }
    }
}

impl Delimiters {
    /// Reads delimiters from a header segment (`MSH`, `FHS` or `BHS`) at the start of `seg`.
    ///
    /// Returns the delimiters, the length of the encoding-character field, and a warning kind
    /// when `lenient` accepted a non-standard count of encoding characters.
    pub(crate) fn from_header(
        seg: &[u8],
        base: usize,
        lenient: bool,
    ) -> Result<(Delimiters, usize, Option<WarningKind>), Error> {
        let field = match seg.get(3) {
            Some(&b) => b,
            None => return Err(Error::new(ErrorKind::TruncatedHeader, base + seg.len())),
        };
        if is_terminator(field) || field.is_ascii_alphanumeric() || field == 0 || !field.is_ascii()
        {
            return Err(Error::new(
                ErrorKind::InvalidEncodingCharacters("field separator is not usable"),
                base + 3,
            ));
        }
        let rest = seg.get(4..).unwrap_or_default();
        let enc_len = rest
            .iter()
            .position(|&b| b == field || b == b'\r' || (lenient && b == b'\n'))
            .unwrap_or(rest.len());
        if enc_len == rest.len() && !lenient && enc_len < 4 {
            // Input ended inside MSH-2.
            return Err(Error::new(ErrorKind::TruncatedHeader, base + seg.len()));
        }
        let enc = &rest[..enc_len];
        let mut warn = None;
        match enc.len() {
            4 | 5 => {}
            1..=3 if lenient => warn = Some(WarningKind::NonStandardEncodingCharacters),
            0 => {
                return Err(Error::new(
                    ErrorKind::InvalidEncodingCharacters("MSH-2 is empty"),
                    base + 4,
                ));
            }
            n if n > 5 => {
                return Err(Error::new(
                    ErrorKind::InvalidEncodingCharacters("more than five encoding characters"),
                    base + 4,
                ));
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidEncodingCharacters("fewer than four encoding characters"),
                    base + 4,
                ));
            }
        }
        for (i, &c) in enc.iter().enumerate() {
            if is_terminator(c) || c == 0 || c.is_ascii_alphanumeric() || c == b' ' || !c.is_ascii()
            {
                return Err(Error::new(
                    ErrorKind::InvalidEncodingCharacters("encoding character is not usable"),
                    base + 4 + i,
                ));
            }
            if enc[..i].contains(&c) {
                return Err(Error::new(
                    ErrorKind::InvalidEncodingCharacters("encoding characters repeat"),
                    base + 4 + i,
                ));
            }
        }
        let d = Delimiters {
            field,
            component: enc[0],
            repetition: enc.get(1).copied(),
            escape: enc.get(2).copied(),
            subcomponent: enc.get(3).copied(),
            truncation: enc.get(4).copied(),
        };
        Ok((d, enc_len, warn))
    }

    /// Whether `b` is one of the structural separators (field, component, repetition,
    /// subcomponent). The escape and truncation characters are not separators.
    #[inline]
    pub fn is_separator(&self, b: u8) -> bool {
        b == self.field
            || b == self.component
            || Some(b) == self.repetition
            || Some(b) == self.subcomponent
    }

    /// The encoding characters as written in MSH-2 (component, repetition, escape,
    /// subcomponent, truncation — as many as are defined).
    pub fn encoding_characters(&self) -> impl Iterator<Item = u8> + '_ {
        core::iter::once(self.component).chain(
            [
                self.repetition,
                self.escape,
                self.subcomponent,
                self.truncation,
            ]
            .into_iter()
            .map_while(|c| c),
        )
    }
}

#[inline]
pub(crate) fn is_terminator(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}
