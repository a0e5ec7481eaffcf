//! Escape sequences: decoding on demand (`\F\ \S\ \T\ \R\ \E\ \P\ \Xhh..\ \Cxxyy\ \Mxxyyzz\`
//! and the formatting escapes) and encoding values for writing.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::delims::Delimiters;
use crate::error::{Error, ErrorKind};

/// What to do with formatting escapes (`\.br\`, `\.sp\`, `\H\`, …) of formatted text (FT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Formatting {
    /// Render as plain text: `\.br\` → `\n`; `\.sp n\` → `n` line breaks (1 without `n`);
    /// `\.sk n\` → `n` spaces; `\H\ \N\ \.in n\ \.ti n\ \.ce\ \.fi\ \.nf\` are removed.
    /// Counts are capped at [`MAX_REPEAT`] so hostile input cannot inflate the output.
    #[default]
    Render,
    /// Keep formatting escapes literally, exactly as in the input (escape characters
    /// included), for consumers that interpret them themselves.
    Keep,
}

/// Largest count honoured in `\.sp n\` and `\.sk n\`.
pub const MAX_REPEAT: usize = 100;

/// Options for escape decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DecodeOptions {
    /// Formatting escapes: rendered (default) or kept.
    pub formatting: Formatting,
}

const ESC: u8 = 0x1b;

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends the bytes spelled by the hex digits `hex` (an even number of them) to `out`.
fn push_hex(hex: &[u8], out: &mut Vec<u8>) -> bool {
    if hex.is_empty() || !hex.len().is_multiple_of(2) || !hex.iter().all(|&b| hex_val(b).is_some())
    {
        return false;
    }
    for pair in hex.chunks_exact(2) {
        let hi = hex_val(pair[0]).unwrap_or(0);
        let lo = hex_val(pair[1]).unwrap_or(0);
        out.push(hi << 4 | lo);
    }
    true
}

fn count_arg(arg: &[u8]) -> Option<usize> {
    let arg = arg.trim_ascii();
    let arg = arg.strip_prefix(b"+").unwrap_or(arg);
    if arg.is_empty() {
        return Some(1);
    }
    if arg.len() > 9 || !arg.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = arg
        .iter()
        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0'));
    Some(n.min(MAX_REPEAT))
}

fn signed_arg_ok(arg: &[u8]) -> bool {
    let arg = arg.trim_ascii();
    let arg = arg
        .strip_prefix(b"+")
        .or_else(|| arg.strip_prefix(b"-"))
        .unwrap_or(arg);
    arg.iter().all(u8::is_ascii_digit)
}

/// Decodes one escape sequence body (between the escape characters). Returns `false` if the
/// sequence is not recognised.
fn decode_one(body: &[u8], d: &Delimiters, opts: &DecodeOptions, out: &mut Vec<u8>) -> bool {
    let render = opts.formatting == Formatting::Render;
    match body {
        b"F" => out.push(d.field),
        b"S" => out.push(d.component),
        b"T" => match d.subcomponent {
            Some(c) => out.push(c),
            None => return false,
        },
        b"R" => match d.repetition {
            Some(c) => out.push(c),
            None => return false,
        },
        b"E" => match d.escape {
            Some(c) => out.push(c),
            None => return false,
        },
        b"P" => match d.truncation {
            Some(c) => out.push(c),
            None => return false,
        },
        [b'X', hex @ ..] => return push_hex(hex, out),
        [b'C', hex @ ..] if hex.len() == 4 => {
            out.push(ESC);
            return push_hex(hex, out);
        }
        [b'M', hex @ ..] if hex.len() == 4 || hex.len() == 6 => {
            out.push(ESC);
            return push_hex(hex, out);
        }
        b"H" | b"N" => {
            if !render {
                return false;
            }
        }
        [b'.', rest @ ..] => {
            let (cmd, arg) = rest.split_at(rest.len().min(2));
            match cmd {
                b"br" if arg.is_empty() && render => out.push(b'\n'),
                b"sp" | b"sk" => {
                    let Some(n) = count_arg(arg) else {
                        return false;
                    };
                    if !render {
                        return false;
                    }
                    let c = if cmd == b"sp" { b'\n' } else { b' ' };
                    out.extend(core::iter::repeat_n(c, n));
                }
                b"in" | b"ti" => {
                    if !render || !signed_arg_ok(arg) {
                        return false;
                    }
                }
                b"ce" | b"fi" | b"nf" if arg.is_empty() => {
                    if !render {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        _ => return false,
    }
    true
}

/// Whether `body` is a recognised escape (so `Keep` mode can tell kept from unknown).
fn is_known(body: &[u8], d: &Delimiters) -> bool {
    let mut scratch = Vec::new();
    decode_one(
        body,
        d,
        &DecodeOptions {
            formatting: Formatting::Render,
        },
        &mut scratch,
    ) || matches!(body, [b'Z', ..])
}

/// Decodes the escape sequences of a raw value. Borrows when there is nothing to decode.
///
/// Unknown or unterminated sequences (and locally defined `\Z..\` ones, always) are kept
/// literally in lenient mode; in strict mode unknown and unterminated ones are an
/// [`ErrorKind::InvalidEscape`] whose offset is relative to `raw`.
///
/// ```
/// use hl7v2::{Delimiters, escape::{unescape, DecodeOptions}};
/// let d = Delimiters::default();
/// let out = unescape("Müller\\S\\Hans\\.br\\x\\X41C3A9\\".as_bytes(), &d, &DecodeOptions::default(), false)?;
/// assert_eq!(&*out, "Müller^Hans\nxAé".as_bytes());
/// # Ok::<(), hl7v2::Error>(())
/// ```
pub fn unescape<'a>(
    raw: &'a [u8],
    d: &Delimiters,
    opts: &DecodeOptions,
    lenient: bool,
) -> Result<Cow<'a, [u8]>, Error> {
    let Some(esc) = d.escape else {
        return Ok(Cow::Borrowed(raw));
    };
    let Some(first) = memchr::memchr(esc, raw) else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = Vec::with_capacity(raw.len());
    out.extend_from_slice(&raw[..first]);
    let mut i = first;
    loop {
        // raw[i] is an escape character.
        let body_start = i + 1;
        let Some(len) = memchr::memchr(esc, &raw[body_start..]) else {
            if lenient {
                out.extend_from_slice(&raw[i..]);
                break;
            }
            return Err(Error::new(ErrorKind::InvalidEscape, i));
        };
        let close = body_start + len;
        let body = &raw[body_start..close];
        let mark = out.len();
        let ok = !body.is_empty() && decode_one(body, d, opts, &mut out);
        if !ok {
            out.truncate(mark);
            let keep = opts.formatting == Formatting::Keep && is_known(body, d);
            if !(lenient || keep || matches!(body, [b'Z', ..])) {
                return Err(Error::new(ErrorKind::InvalidEscape, i));
            }
            out.extend_from_slice(&raw[i..=close]);
        }
        let next = close + 1;
        match memchr::memchr(esc, &raw[next..]) {
            Some(k) => {
                out.extend_from_slice(&raw[next..next + k]);
                i = next + k;
            }
            None => {
                out.extend_from_slice(&raw[next..]);
                break;
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// Escapes a value for writing: delimiter and escape characters become `\F\ \S\ \T\ \R\ \E\`
/// (and `\P\` for the truncation character), CR and LF become `\X0D\` and `\X0A\`.
/// Borrows when nothing needs escaping.
///
/// Fails with [`ErrorKind::InvalidOperation`] when the value holds a character that must be
/// escaped but the message defines no escape character.
///
/// ```
/// use hl7v2::{Delimiters, escape::escape};
/// assert_eq!(&*escape(b"A|B^C", &Delimiters::default())?, b"A\\F\\B\\S\\C");
/// # Ok::<(), hl7v2::Error>(())
/// ```
pub fn escape<'v>(value: &'v [u8], d: &Delimiters) -> Result<Cow<'v, [u8]>, Error> {
    let special = |b: u8| {
        b == d.field
            || b == d.component
            || Some(b) == d.repetition
            || Some(b) == d.subcomponent
            || Some(b) == d.escape
            || Some(b) == d.truncation
            || b == b'\r'
            || b == b'\n'
    };
    let Some(first) = value.iter().position(|&b| special(b)) else {
        return Ok(Cow::Borrowed(value));
    };
    let Some(esc) = d.escape else {
        return Err(Error::new(
            ErrorKind::InvalidOperation("value needs escaping but MSH-2 has no escape character"),
            first,
        ));
    };
    let mut out = Vec::with_capacity(value.len() + 8);
    out.extend_from_slice(&value[..first]);
    for &b in &value[first..] {
        if !special(b) {
            out.push(b);
            continue;
        }
        out.push(esc);
        let code: &[u8] = if b == d.field {
            b"F"
        } else if b == d.component {
            b"S"
        } else if Some(b) == d.repetition {
            b"R"
        } else if Some(b) == d.subcomponent {
            b"T"
        } else if Some(b) == d.escape {
            b"E"
        } else if Some(b) == d.truncation {
            b"P"
        } else if b == b'\r' {
            b"X0D"
        } else {
            b"X0A"
        };
        out.extend_from_slice(code);
        out.push(esc);
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &[u8], lenient: bool) -> Result<Vec<u8>, Error> {
        unescape(
            s,
            &Delimiters::default(),
            &DecodeOptions::default(),
            lenient,
        )
        .map(|c| c.into_owned())
    }

    #[test]
    fn basic_escapes() {
        assert_eq!(
            dec(br"a\F\b\S\c\T\d\R\e\E\f", false).unwrap(),
            b"a|b^c&d~e\\f"
        );
    }

    #[test]
    fn borrowed_when_clean() {
        let r = unescape(
            b"plain",
            &Delimiters::default(),
            &DecodeOptions::default(),
            false,
        )
        .unwrap();
        assert!(matches!(r, Cow::Borrowed(_)));
    }

    #[test]
    fn hex_and_charset_switch() {
        assert_eq!(dec(br"\X0D0A\", false).unwrap(), b"\r\n");
        assert_eq!(dec(br"\C2842\", false).unwrap(), b"\x1b\x28\x42");
        assert_eq!(dec(br"\M2442\", false).unwrap(), b"\x1b\x24\x42");
        assert_eq!(dec(br"\M242944\", false).unwrap(), b"\x1b\x24\x29\x44");
        assert!(dec(br"\X0\", false).is_err());
        assert_eq!(dec(br"\X0\", true).unwrap(), br"\X0\");
    }

    #[test]
    fn formatting_rendered() {
        assert_eq!(
            dec(
                br"a\.br\b\.sp 2\c\.sk 3\d\H\e\N\\.in 4\\.ti -2\\.ce\\.fi\\.nf\f",
                false
            )
            .unwrap(),
            b"a\nb\n\nc   de"
                .iter()
                .chain(b"f")
                .copied()
                .collect::<Vec<u8>>()
        );
        assert_eq!(dec(br"\.sp\", false).unwrap(), b"\n");
        assert_eq!(dec(br"\.sp 999999999\", false).unwrap().len(), MAX_REPEAT);
    }

    #[test]
    fn formatting_kept() {
        let opts = DecodeOptions {
            formatting: Formatting::Keep,
        };
        let r = unescape(br"x\.br\y\S\z", &Delimiters::default(), &opts, false).unwrap();
        assert_eq!(&*r, br"x\.br\y^z");
    }

    #[test]
    fn unknown_and_unterminated() {
        assert_eq!(dec(br"C:\temp\x", false).unwrap_err().offset, 2);
        assert_eq!(dec(br"C:\temp\x", true).unwrap(), br"C:\temp\x");
        assert_eq!(dec(br"abc\F", true).unwrap(), br"abc\F");
        assert_eq!(
            dec(br"abc\F", false).unwrap_err().kind,
            ErrorKind::InvalidEscape
        );
        assert_eq!(dec(br"\Zlocal\", false).unwrap(), br"\Zlocal\");
        assert!(dec(br"\\", false).is_err());
    }

    #[test]
    fn utf8_next_to_escapes() {
        assert_eq!(
            dec("Müller\\S\\Hans".as_bytes(), false).unwrap(),
            "Müller^Hans".as_bytes()
        );
        assert_eq!(
            dec("日本\\F\\語".as_bytes(), false).unwrap(),
            "日本|語".as_bytes()
        );
    }

    #[test]
    fn escape_round_trips() {
        let d = Delimiters::default();
        let v = b"a|b^c&d~e\\f\r\ng";
        let e = escape(v, &d).unwrap();
        assert_eq!(&*e, br"a\F\b\S\c\T\d\R\e\E\f\X0D\\X0A\g");
        assert_eq!(dec(&e, false).unwrap(), v);
    }
}
