//! Character sets named in MSH-18.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::error::{Error, ErrorKind};

/// The character set of a message, from the first repetition of MSH-18 (HL7 table 0211).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Charset {
    /// MSH-18 is empty: the standard says ASCII. Because real feeds often send UTF-8 or
    /// Latin-1 without declaring it, text is decoded as UTF-8 when valid and as Latin-1
    /// otherwise, so no input is rejected for its bytes.
    Unspecified,
    /// `ASCII`. Bytes above 0x7F are an error in strict mode; lenient mode decodes them like
    /// [`Charset::Unspecified`].
    Ascii,
    /// `8859/1` (Latin-1): every byte is one character.
    Latin1,
    /// `UNICODE UTF-8` (and the plain `UNICODE` many systems send meaning UTF-8).
    Utf8,
    /// Any other value (e.g. `8859/2`, `ISO IR87`, `UNICODE UTF-16`). Text cannot be decoded
    /// ([`ErrorKind::UnsupportedCharset`]), raw and escape-decoded bytes remain available.
    Other(CharsetName),
}

/// The name of a character set this crate does not decode (at most 32 ASCII bytes kept).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CharsetName {
    bytes: [u8; 32],
    len: u8,
}

impl CharsetName {
    /// The name as written in MSH-18 (truncated to 32 bytes; non-ASCII bytes become `?`).
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("?")
    }
}

impl Charset {
    /// A small non-zero number per variant, for caching (`Other` is recomputed).
    pub(crate) fn tag(&self) -> u8 {
        match self {
            Charset::Unspecified => 1,
            Charset::Ascii => 2,
            Charset::Latin1 => 3,
            Charset::Utf8 => 4,
            Charset::Other(_) => 5,
        }
    }

    /// The variant for a cached tag, when it carries no data.
    pub(crate) fn from_tag(tag: u8) -> Option<Charset> {
        Some(match tag {
            1 => Charset::Unspecified,
            2 => Charset::Ascii,
            3 => Charset::Latin1,
            4 => Charset::Utf8,
            _ => return None,
        })
    }

    /// Maps the first repetition of MSH-18 to a character set.
    pub fn from_msh18(value: &[u8]) -> Charset {
        let v = value.trim_ascii();
        match v {
            b"" => Charset::Unspecified,
            b"ASCII" => Charset::Ascii,
            b"8859/1" | b"ISO-8859-1" | b"ISO_8859-1" | b"ISO IR100" => Charset::Latin1,
            b"UNICODE UTF-8" | b"UTF-8" | b"UNICODE" | b"ISO IR192" => Charset::Utf8,
            _ => {
                let mut bytes = [0u8; 32];
                let n = v.len().min(32);
                for (o, &b) in bytes.iter_mut().zip(&v[..n]) {
                    *o = if b.is_ascii() { b } else { b'?' };
                }
                Charset::Other(CharsetName {
                    bytes,
                    len: n as u8,
                })
            }
        }
    }

    /// Decodes bytes of this character set to text. Borrows when the bytes are already UTF-8
    /// and valid for the set.
    pub fn decode<'a>(&self, bytes: Cow<'a, [u8]>, lenient: bool) -> Result<Cow<'a, str>, Error> {
        match self {
            Charset::Utf8 => {
                utf8(bytes).map_err(|at| Error::new(ErrorKind::InvalidText("UTF-8"), at))
            }
            Charset::Latin1 => Ok(latin1(bytes)),
            Charset::Ascii if !lenient => {
                if let Some(at) = bytes.iter().position(|b| !b.is_ascii()) {
                    return Err(Error::new(ErrorKind::InvalidText("ASCII"), at));
                }
                utf8(bytes).map_err(|at| Error::new(ErrorKind::InvalidText("ASCII"), at))
            }
            // Check on the slice first: no copy of owned (unescaped) bytes either way.
            Charset::Ascii | Charset::Unspecified => {
                if core::str::from_utf8(&bytes).is_ok() {
                    utf8(bytes).map_err(|at| Error::new(ErrorKind::InvalidText("UTF-8"), at))
                } else {
                    Ok(latin1(bytes))
                }
            }
            Charset::Other(_) => Err(Error::new(ErrorKind::UnsupportedCharset, 0)),
        }
    }
}

fn utf8(bytes: Cow<'_, [u8]>) -> Result<Cow<'_, str>, usize> {
    match bytes {
        Cow::Borrowed(b) => core::str::from_utf8(b)
            .map(Cow::Borrowed)
            .map_err(|e| e.valid_up_to()),
        Cow::Owned(v) => String::from_utf8(v)
            .map(Cow::Owned)
            .map_err(|e| e.utf8_error().valid_up_to()),
    }
}

fn latin1(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    if bytes.is_ascii() {
        return utf8(bytes).unwrap_or_default();
    }
    Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_decodes_every_byte() {
        let s = Charset::Latin1
            .decode(Cow::Borrowed(b"M\xfcller"), false)
            .unwrap();
        assert_eq!(s, "Müller");
    }

    #[test]
    fn unspecified_falls_back_to_latin1() {
        let c = Charset::from_msh18(b"");
        assert_eq!(
            c.decode(Cow::Borrowed("Müller".as_bytes()), false).unwrap(),
            "Müller"
        );
        assert_eq!(
            c.decode(Cow::Borrowed(b"M\xfcller"), false).unwrap(),
            "Müller"
        );
    }

    #[test]
    fn strict_ascii_rejects_high_bytes() {
        let e = Charset::Ascii
            .decode(Cow::Borrowed(b"ab\xfc"), false)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidText("ASCII"));
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn other_is_reported() {
        let c = Charset::from_msh18(b"ISO IR87");
        match &c {
            Charset::Other(n) => assert_eq!(n.as_str(), "ISO IR87"),
            _ => panic!("expected Other"),
        }
        assert_eq!(
            c.decode(Cow::Borrowed(b"x"), true).unwrap_err().kind,
            ErrorKind::UnsupportedCharset
        );
    }
}
