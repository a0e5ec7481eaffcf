//! Finding element separators and segment terminators 16 bytes at a time, in safe code.
//!
//! SSE2 compares on x86-64 (safe wrappers from `safe_arch`), elsewhere a SWAR ("SIMD within a
//! register") comparison: each 64-bit word of input is compared with both needle bytes
//! broadcast to every lane. The zero-byte test used is the exact, carry-free
//! one, so it works for any needle byte (X12 delimiters need not be ASCII) and never reports
//! a false match.

#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit of every lane of `w` that equals the byte broadcast in `needle`.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[inline(always)]
fn eq_lanes(w: u64, needle: u64) -> u64 {
    let x = w ^ needle;
    !(((x & LO7).wrapping_add(LO7)) | x) & HI
}

/// Two needles (element separator and segment terminator), and a padding byte equal to
/// neither for the last, partial chunk.
///
/// Input is classified 16 bytes at a time into two bitmaps (bit `i` for byte `i`): on x86-64
/// with SSE2 compares through `safe_arch`'s safe intrinsics, elsewhere with two SWAR words
/// whose lane masks are packed into bits by one multiply. Tests check both agree.
// On x86-64 the SWAR words only serve the tests (which compare both classifiers).
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[derive(Clone, Copy)]
pub(crate) struct Pair {
    a: u64,
    b: u64,
    /// A byte equal to neither needle.
    pub(crate) pad: u8,
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    sse: [safe_arch::m128i; 2],
}

/// Packs the high bit of each byte of `m` (all other bits clear) into the low eight bits.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[inline(always)]
fn pack(m: u64) -> u32 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

impl Pair {
    /// Needles `a` and `b` (any bytes).
    #[inline]
    pub(crate) fn new(a: u8, b: u8) -> Self {
        let pad = (0u8..=2).find(|p| *p != a && *p != b).unwrap_or(3);
        Pair {
            a: ONES.wrapping_mul(u64::from(a)),
            b: ONES.wrapping_mul(u64::from(b)),
            pad,
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            sse: [
                safe_arch::set_splat_i8_m128i(a as i8),
                safe_arch::set_splat_i8_m128i(b as i8),
            ],
        }
    }

    /// Bitmaps of the 16 bytes of `chunk` equal to needle `a` and to needle `b`.
    #[inline(always)]
    pub(crate) fn masks16(&self, chunk: &[u8; 16]) -> (u32, u32) {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        {
            use safe_arch::{cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i};
            let x = load_unaligned_m128i(chunk);
            // `movemask` fills the low 16 bits only: the casts keep them as they are.
            (
                move_mask_i8_m128i(cmp_eq_mask_i8_m128i(x, self.sse[0])) as u32,
                move_mask_i8_m128i(cmp_eq_mask_i8_m128i(x, self.sse[1])) as u32,
            )
        }
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        self.masks16_swar(chunk)
    }

    /// [`Pair::masks16`] with SWAR words (the portable path).
    #[cfg_attr(
        all(target_arch = "x86_64", target_feature = "sse2", not(test)),
        allow(dead_code)
    )]
    #[inline(always)]
    pub(crate) fn masks16_swar(&self, chunk: &[u8; 16]) -> (u32, u32) {
        let ([lo, hi], _) = chunk.as_chunks::<8>() else {
            return (0, 0);
        };
        let (lo, hi) = (u64::from_le_bytes(*lo), u64::from_le_bytes(*hi));
        (
            pack(eq_lanes(lo, self.a)) | pack(eq_lanes(hi, self.a)) << 8,
            pack(eq_lanes(lo, self.b)) | pack(eq_lanes(hi, self.b)) << 8,
        )
    }
}

impl Pair {
    /// Bitmap of the 64 bytes of `chunk` equal to needle `a` (bit `i` for byte `i`): the
    /// one-needle classifier that finds segment terminators when elements are not indexed.
    #[inline(always)]
    pub(crate) fn mask64(&self, chunk: &[u8; 64]) -> u64 {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        {
            use safe_arch::{cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i};
            let (parts, _) = chunk.as_chunks::<16>();
            let mut m = 0u64;
            for (k, part) in parts.iter().enumerate() {
                let x = load_unaligned_m128i(part);
                let bits = move_mask_i8_m128i(cmp_eq_mask_i8_m128i(x, self.sse[0])) as u32;
                m |= u64::from(bits) << (16 * k);
            }
            m
        }
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        self.mask64_swar(chunk)
    }

    /// [`Pair::mask64`] with SWAR words (the portable path).
    #[cfg_attr(
        all(target_arch = "x86_64", target_feature = "sse2", not(test)),
        allow(dead_code)
    )]
    #[inline(always)]
    pub(crate) fn mask64_swar(&self, chunk: &[u8; 64]) -> u64 {
        let (words, _) = chunk.as_chunks::<8>();
        let mut m = 0u64;
        for (k, w) in words.iter().enumerate() {
            m |= u64::from(pack(eq_lanes(u64::from_le_bytes(*w), self.a))) << (8 * k);
        }
        m
    }

    /// Bitmaps of the 64 bytes of `chunk` equal to needle `a` and to needle `b`.
    #[inline(always)]
    pub(crate) fn masks64(&self, chunk: &[u8; 64]) -> (u64, u64) {
        let (parts, _) = chunk.as_chunks::<16>();
        let (mut ma, mut mb) = (0u64, 0u64);
        for (k, part) in parts.iter().enumerate() {
            let (a, b) = self.masks16(part);
            ma |= u64::from(a) << (16 * k);
            mb |= u64::from(b) << (16 * k);
        }
        (ma, mb)
    }

    /// Bitmaps of needles `a` and `b` in the up to 64 bytes of `hay` from `at` (bits past
    /// its end clear), and the number of bytes covered.
    #[inline(always)]
    pub(crate) fn masks64_at(&self, hay: &[u8], at: usize) -> (u64, u64, usize) {
        let rest = hay.get(at..).unwrap_or_default();
        match rest.first_chunk::<64>() {
            Some(c) => {
                let (a, b) = self.masks64(c);
                (a, b, 64)
            }
            None => {
                let mut pad = [self.pad; 64];
                if let Some(head) = pad.get_mut(..rest.len()) {
                    head.copy_from_slice(rest);
                }
                let (a, b) = self.masks64(&pad);
                (a, b, rest.len())
            }
        }
    }

    /// Bitmap of needle `a` in the up to 64 bytes of `hay` from `at` (bits past its end
    /// clear), and the number of bytes covered.
    #[inline(always)]
    pub(crate) fn mask64_at(&self, hay: &[u8], at: usize) -> (u64, usize) {
        let rest = hay.get(at..).unwrap_or_default();
        match rest.first_chunk::<64>() {
            Some(c) => (self.mask64(c), 64),
            None => {
                let mut pad = [self.pad; 64];
                if let Some(head) = pad.get_mut(..rest.len()) {
                    head.copy_from_slice(rest);
                }
                (self.mask64(&pad), rest.len())
            }
        }
    }
}

/// Calls `f` with the offset of every byte of `hay` equal to `needle`, in order: 16 bytes at
/// a time with the classifier of [`Pair`] (the last, partial chunk padded with a byte that is
/// not the needle).
#[inline]
pub(crate) fn each_match(hay: &[u8], needle: u8, mut f: impl FnMut(usize)) {
    let pair = Pair::new(needle, needle);
    let (chunks, tail) = hay.as_chunks::<16>();
    let mut base = 0;
    for chunk in chunks {
        let (mut m, _) = pair.masks16(chunk);
        while m != 0 {
            f(base + m.trailing_zeros() as usize);
            m &= m - 1;
        }
        base += 16;
    }
    if !tail.is_empty() {
        let mut pad = [pair.pad; 16];
        if let Some(head) = pad.get_mut(..tail.len()) {
            head.copy_from_slice(tail);
        }
        let (mut m, _) = pair.masks16(&pad);
        while m != 0 {
            f(base + m.trailing_zeros() as usize);
            m &= m - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn find_all(input: &[u8], start: usize, a: u8, b: u8) -> Vec<(usize, bool)> {
        let pair = Pair::new(a, b);
        let mut out = Vec::new();
        let mut base = start;
        while base < input.len() {
            let mut chunk = [pair.pad; 16];
            let rest = &input[base..];
            let n = rest.len().min(16);
            chunk[..n].copy_from_slice(&rest[..n]);
            let (ma, mb) = pair.masks16(&chunk);
            assert_eq!((ma, mb), pair.masks16_swar(&chunk));
            let mut m = ma | mb;
            while m != 0 {
                let bit = m.trailing_zeros();
                out.push((base + bit as usize, (mb >> bit) & 1 != 0));
                m &= m - 1;
            }
            base += 16;
        }
        out
    }

    #[test]
    fn mask64_finds_all() {
        // Inputs of 64 bytes or more, and shorter ones (padded).
        for len in [300u32, 40] {
            mask64_finds_all_in(&(0..len).map(|i| (i * 31 % 7) as u8).collect::<Vec<u8>>());
        }
    }

    fn mask64_finds_all_in(data: &[u8]) {
        for needle in [0u8, 3, 6] {
            let pair = Pair::new(needle, needle);
            for at in 0..data.len() {
                let (m, n) = pair.mask64_at(data, at);
                assert_eq!(n, (data.len() - at).min(64));
                let want = (0..n)
                    .filter(|&i| data[at + i] == needle)
                    .fold(0u64, |m, i| m | 1 << i);
                assert_eq!(m, want);
                let other = Pair::new(needle, needle.wrapping_add(1));
                let (a, b, k) = other.masks64_at(data, at);
                let next = (0..n)
                    .filter(|&i| data[at + i] == needle.wrapping_add(1))
                    .fold(0u64, |m, i| m | 1 << i);
                assert_eq!((a, b, k), (want, next, n));
                if let Some(c) = data[at..].first_chunk::<64>() {
                    assert_eq!(pair.mask64_swar(c), want);
                    assert_eq!(pair.masks64(c), (want, want));
                    let other = Pair::new(needle, needle.wrapping_add(1));
                    let next = (0..64)
                        .filter(|&i| c[i] == needle.wrapping_add(1))
                        .fold(0u64, |m, i| m | 1 << i);
                    assert_eq!(other.masks64(c), (want, next));
                }
            }
        }
    }

    #[test]
    fn each_match_finds_all() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 31 % 7) as u8).collect();
        for len in 0..data.len() {
            let mut got = Vec::new();
            each_match(&data[..len], 3, |i| got.push(i));
            let want: Vec<usize> = (0..len).filter(|&i| data[i] == 3).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn exact_for_every_needle_byte() {
        let data: Vec<u8> = (0..600u32).map(|i| (i * 97 % 256) as u8).collect();
        for (a, b) in [
            (b'*', b'~'),
            (0, 1),
            (0x80, 0xff),
            (0x7f, 0xfe),
            (b'\n', b'|'),
        ] {
            for len in [0, 1, 7, 8, 9, 63, 64, 65, 600] {
                for start in 0..9.min(len) {
                    let input = &data[..len];
                    let expected: Vec<(usize, bool)> = (start..len)
                        .filter(|&i| input[i] == a || input[i] == b)
                        .map(|i| (i, input[i] == b))
                        .collect();
                    assert_eq!(
                        find_all(input, start, a, b),
                        expected,
                        "{a} {b} {len} {start}"
                    );
                }
            }
        }
    }
}
