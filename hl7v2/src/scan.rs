//! Finding structural bytes quickly in safe code.
//!
//! The full-index parser classifies its input 16 bytes at a time against six needle bytes
//! (the four separators and two terminators) into bitmaps, bit `i` for byte `i`: which bytes
//! match any needle, the field separator, and a terminator. Two classifiers do this:
//!
//! - [`Sse2`] (x86-64, whose baseline includes SSE2): one compare per needle over 16 bytes,
//!   through `safe_arch`'s safe wrappers of the intrinsics. About 40% fewer instructions per
//!   message than the portable classifier.
//! - [`Swar`] (everywhere else): "SIMD within a register", eight bytes per `u64` compared with
//!   exact (carry-free) lane arithmetic, the lane masks packed into bits by one multiply.
//!
//! [`Fast`] is the one the target has; tests check that both give identical bitmaps.
//! No `unsafe` is needed.

// On x86-64 the portable classifier only runs in tests (which compare it with `Sse2`).
#![cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]

/// Classifies 16 input bytes against six needle bytes.
pub(crate) trait Classify: Copy {
    /// Needles: field separator, three other separators, two terminators (a needle may be
    /// repeated; all must be ASCII, below 0x80).
    fn new(needles: [u8; 6]) -> Self;

    /// Bitmaps over the 16 bytes: (any needle, needle 0, needles 4 and 5).
    fn classify(&self, chunk: &[u8; 16]) -> (u32, u32, u32);
}

/// The classifier of the build target.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) type Fast = Sse2;
/// The classifier of the build target.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(crate) type Fast = Swar;

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The portable classifier: needle bytes broadcast to every lane of a word.
#[derive(Clone, Copy)]
pub(crate) struct Swar([u64; 6]);

impl Swar {
    /// Lane masks of one word: (any needle, needle 0, needles 4 and 5), the high bit of a lane
    /// set where the lane matches.
    #[inline(always)]
    fn word(&self, w: u64) -> (u64, u64, u64) {
        let x = w & LO7;
        let valid = !w & HI;
        let mut all_nonzero = HI;
        let mut first = HI;
        let mut tail_nonzero = HI;
        for (i, n) in self.0.iter().enumerate() {
            let t = (x ^ n).wrapping_add(LO7);
            all_nonzero &= t;
            if i == 0 {
                first = t;
            }
            if i >= 4 {
                tail_nonzero &= t;
            }
        }
        (!all_nonzero & valid, !first & valid, !tail_nonzero & valid)
    }
}

/// Packs the high bit of each byte of `m` (all other bits clear) into the low eight bits.
#[inline(always)]
fn pack(m: u64) -> u32 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

impl Classify for Swar {
    #[inline]
    fn new(needles: [u8; 6]) -> Self {
        debug_assert!(needles.iter().all(u8::is_ascii));
        Swar(needles.map(|n| ONES.wrapping_mul(u64::from(n))))
    }

    #[inline(always)]
    fn classify(&self, chunk: &[u8; 16]) -> (u32, u32, u32) {
        let ([lo, hi], _) = chunk.as_chunks::<8>() else {
            return (0, 0, 0);
        };
        let (a0, f0, t0) = self.word(u64::from_le_bytes(*lo));
        let (a1, f1, t1) = self.word(u64::from_le_bytes(*hi));
        (
            pack(a0) | pack(a1) << 8,
            pack(f0) | pack(f1) << 8,
            pack(t0) | pack(t1) << 8,
        )
    }
}

/// The x86-64 classifier: needle bytes in SSE2 registers, 16 input bytes compared with each
/// at once, the matches taken out as bitmaps by `movemask`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[derive(Clone, Copy)]
pub(crate) struct Sse2([safe_arch::m128i; 6]);

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
impl Classify for Sse2 {
    #[inline]
    fn new(needles: [u8; 6]) -> Self {
        Sse2(needles.map(|n| safe_arch::set_splat_i8_m128i(n as i8)))
    }

    #[inline(always)]
    fn classify(&self, chunk: &[u8; 16]) -> (u32, u32, u32) {
        use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i, move_mask_i8_m128i};
        let x = safe_arch::load_unaligned_m128i(chunk);
        let [n0, n1, n2, n3, n4, n5] = self.0;
        let first = cmp_eq_mask_i8_m128i(x, n0);
        let others = bitor_m128i(
            bitor_m128i(cmp_eq_mask_i8_m128i(x, n1), cmp_eq_mask_i8_m128i(x, n2)),
            cmp_eq_mask_i8_m128i(x, n3),
        );
        let terms = bitor_m128i(cmp_eq_mask_i8_m128i(x, n4), cmp_eq_mask_i8_m128i(x, n5));
        let any = bitor_m128i(bitor_m128i(first, others), terms);
        // `movemask` fills the low 16 bits only: the casts keep them as they are.
        (
            move_mask_i8_m128i(any) as u32,
            move_mask_i8_m128i(first) as u32,
            move_mask_i8_m128i(terms) as u32,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Positions of every needle from `start` on, 16 bytes at a time with NUL padding.
    fn find_all<C: Classify>(input: &[u8], start: usize, needles: [u8; 6]) -> Vec<usize> {
        let c = C::new(needles);
        let mut out = Vec::new();
        let mut base = start;
        while base < input.len() {
            let mut chunk = [0u8; 16];
            let rest = &input[base..];
            let n = rest.len().min(16);
            chunk[..n].copy_from_slice(&rest[..n]);
            let (mut m, _, _) = c.classify(&chunk);
            m &= (1u32 << n) - 1;
            while m != 0 {
                out.push(base + m.trailing_zeros() as usize);
                m &= m - 1;
            }
            base += 16;
        }
        out
    }

    fn both(input: &[u8], start: usize, needles: [u8; 6]) -> Vec<usize> {
        let swar = find_all::<Swar>(input, start, needles);
        assert_eq!(swar, find_all::<Fast>(input, start, needles));
        swar
    }

    #[test]
    fn finds_every_needle_in_order() {
        let input = b"MSH|^~\\&|a^b&c~d|e\rPID|1\r\nxyz|";
        let found = both(input, 0, [b'|', b'^', b'~', b'&', b'\r', b'\n']);
        let expected: Vec<usize> = input
            .iter()
            .enumerate()
            .filter(|(_, b)| b"|^~&\r\n".contains(b))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn all_lengths_and_starts() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for len in 0..data.len() {
            for start in 0..len.min(20) {
                let input = &data[..len];
                let needles = [7u8, 100, 13, 10, 127, 0x7c];
                let found = both(input, start, needles);
                let expected: Vec<usize> = (start..len)
                    .filter(|&i| needles.contains(&input[i]))
                    .collect();
                assert_eq!(found, expected, "len {len} start {start}");
            }
        }
    }

    #[test]
    fn high_bytes_do_not_confuse_detection() {
        // Bytes >= 0x80 whose low seven bits equal a needle must not match.
        let input = [
            0xffu8,
            b'|',
            0x80,
            0xfc,
            b'^',
            0x7c | 0x80,
            b'|',
            0xde,
            0xa6,
        ];
        assert_eq!(
            both(&input, 0, [b'|', b'^', b'|', b'|', b'|', b'|']),
            [1, 4, 6]
        );
    }

    #[test]
    fn classifiers_agree_on_every_mask() {
        // Every byte value in every lane, with the three masks compared.
        let needles = [b'|', b'^', b'~', b'\\', b'\r', b'\n'];
        let (s, f) = (Swar::new(needles), Fast::new(needles));
        for v in 0..=255u8 {
            for lane in 0..16 {
                let mut chunk = [b'a'; 16];
                chunk[lane] = v;
                chunk[(lane + 5) % 16] = b'|';
                assert_eq!(s.classify(&chunk), f.classify(&chunk), "{v} at {lane}");
            }
        }
    }
}
