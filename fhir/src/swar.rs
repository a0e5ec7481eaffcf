//! Eight-bytes-at-a-time scanning ("SIMD within a register") in safe code, for the hot loops
//! of the JSON and XML readers and writers.
//!
//! Each `*_mask` function returns a word whose lowest set high bit (in little-endian byte
//! order) marks the first byte that matches; higher bits may be false positives (borrows
//! propagate upwards), so only the lowest one is meaningful. Zero means no byte matches.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bytes below `n` (`n <= 128`).
#[inline(always)]
const fn less(w: u64, n: u8) -> u64 {
    w.wrapping_sub(LO * n as u64) & !w & HI
}

/// Bytes equal to `c`.
#[inline(always)]
const fn equal(w: u64, c: u8) -> u64 {
    let v = w ^ (LO * c as u64);
    v.wrapping_sub(LO) & !v & HI
}

/// Bytes a JSON string cannot hold unescaped: control characters, `"` and `\`.
#[inline(always)]
pub(crate) const fn json_special(w: u64) -> u64 {
    less(w, 0x20) | equal(w, b'"') | equal(w, b'\\')
}

/// The eight bytes at `i`, if there are eight.
#[inline(always)]
pub(crate) fn word(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map(|c| u64::from_le_bytes(*c))
}

/// The byte offset of the first match in a non-zero mask.
#[inline(always)]
pub(crate) const fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The index of the first byte at or after `i` that a JSON string cannot hold unescaped
/// (`b.len()` when there is none).
#[inline]
pub(crate) fn json_plain_end(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = word(b, i) {
        let m = json_special(w);
        if m != 0 {
            return i + first(m);
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c < 0x20 || c == b'"' || c == b'\\' {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Whether `mask` is non-zero for some eight bytes of `b`: whole words, then the last eight
/// bytes (overlapping the word before), and for inputs of four to seven bytes two overlapping
/// halves as one word; `None` for inputs under four bytes, which the caller looks at one by
/// one. Only for masks that flag bytes one by one (repeating a byte cannot change the answer).
#[inline(always)]
fn any_word(b: &[u8], mask: impl Fn(u64) -> u64) -> Option<bool> {
    let n = b.len();
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            if word(b, i).is_none_or(|w| mask(w) != 0) {
                return Some(true);
            }
            i += 8;
        }
        return Some(i < n && word(b, n - 8).is_none_or(|w| mask(w) != 0));
    }
    if n >= 4 {
        let half = |at: usize| {
            b.get(at..at + 4)
                .and_then(<[u8]>::first_chunk::<4>)
                .map_or(0, |c| u64::from(u32::from_le_bytes(*c)))
        };
        return Some(mask(half(0) | half(n - 4) << 32) != 0);
    }
    None
}

/// Whether `b` holds a byte a JSON string cannot hold unescaped (a control character, `"` or
/// `\\`), eight bytes at a time.
#[inline]
pub(crate) fn has_json_special(b: &[u8]) -> bool {
    any_word(b, json_special)
        .unwrap_or_else(|| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\'))
}

/// Whether every byte is at least `0x20` (no control character, no tab or newline) and none
/// is `0x7f`, looking at eight bytes at a time; `false` means "look closer".
#[inline]
pub(crate) fn all_printable(b: &[u8]) -> bool {
    match any_word(b, |w| less(w, 0x20) | equal(w, 0x7f)) {
        Some(any) => !any,
        None => b.iter().all(|&c| c >= 0x20 && c != 0x7f),
    }
}

/// The first index at or after `i` of a byte below `0x20` or equal to `0xef` (`b.len()` when
/// there is none).
#[inline]
#[cfg(feature = "xml")]
pub(crate) fn control_or_ef(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = word(b, i) {
        let m = less(w, 0x20) | equal(w, 0xef);
        if m != 0 {
            return i + first(m);
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c < 0x20 || c == 0xef {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Whether every byte is printable ASCII other than space (`0x21..=0x7e`), looking at eight
/// bytes at a time; `false` means "look closer".
#[inline]
pub(crate) fn all_graphic_ascii(b: &[u8]) -> bool {
    match any_word(b, |w| less(w, 0x21) | equal(w, 0x7f) | (w & HI)) {
        Some(any) => !any,
        None => b.iter().all(|&c| (0x21..0x7f).contains(&c)),
    }
}

/// The first index at or after `i` of a byte an XML attribute value cannot hold as is (`&`,
/// `<`, `>`, `"`, a control character) or of `0xef` (which may start U+FFFE or U+FFFF);
/// `b.len()` when there is none.
#[inline]
#[cfg(feature = "xml")]
pub(crate) fn xml_attr_special(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = word(b, i) {
        let m = less(w, 0x20)
            | equal(w, b'&')
            | equal(w, b'<')
            | equal(w, b'>')
            | equal(w, b'"')
            | equal(w, 0xef);
        if m != 0 {
            return i + first(m);
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c < 0x20 || matches!(c, b'&' | b'<' | b'>' | b'"' | 0xef) {
            return i;
        }
        i += 1;
    }
    b.len()
}
