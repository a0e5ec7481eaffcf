//! Base64 (RFC 4648, standard alphabet, padded) for InlineBinary values.

use alloc::string::String;
use alloc::vec::Vec;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends the base64 encoding of `data` to `out`.
pub(crate) fn encode_into(data: &[u8], out: &mut String) {
    let mut v = Vec::new();
    encode_bytes(data, &mut v);
    // The alphabet is ASCII.
    out.push_str(core::str::from_utf8(&v).unwrap_or_default());
}

/// Appends the base64 encoding of `data` (ASCII) to `out`.
pub(crate) fn encode_bytes(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(data.len().div_ceil(3) * 4);
    let mut chunks = data.chunks_exact(3);
    let a = |n: u32, shift: u32| ALPHABET[((n >> shift) & 63) as usize];
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[a(n, 18), a(n, 12), a(n, 6), a(n, 0)]);
    }
    match *chunks.remainder() {
        [x] => {
            let n = u32::from(x) << 16;
            out.extend_from_slice(&[a(n, 18), a(n, 12), b'=', b'=']);
        }
        [x, y] => {
            let n = (u32::from(x) << 16) | (u32::from(y) << 8);
            out.extend_from_slice(&[a(n, 18), a(n, 12), a(n, 6), b'=']);
        }
        _ => {}
    }
}

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Decodes padded or unpadded base64; ASCII whitespace is skipped. `None` when the text is
/// not base64.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut acc = 0u32;
    let mut n = 0;
    let mut padding = 0;
    for &c in text.as_bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return None;
        }
        acc = (acc << 6) | sextet(c)?;
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match (n, padding) {
        (0, 0) => {}
        (2, 0 | 2) => out.push((acc >> 4) as u8),
        (3, 0 | 1) => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut s = String::new();
            encode_into(plain.as_bytes(), &mut s);
            assert_eq!(s, coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode("Zm 9v\nYmFy").unwrap(), b"foobar");
        assert!(decode("Zm9v!").is_none());
        assert!(decode("Z").is_none());
        assert!(decode("Zg==Zg==").is_none());
        let all: Vec<u8> = (0..=255).collect();
        let mut s = String::new();
        encode_into(&all, &mut s);
        assert_eq!(decode(&s).unwrap(), all);
    }
}
