//! Finding structural bytes quickly in safe code.
//!
//! A SWAR ("SIMD within a register") scanner: eight input bytes are compared against up to six
//! ASCII needle bytes at once with exact (carry-free) lane arithmetic, so the positions of all
//! separators and terminators come out of a few integer operations per word instead of a
//! branch per byte. No `unsafe` is needed.

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// Needle bytes broadcast to every lane of a word.
#[derive(Clone, Copy)]
pub(crate) struct Needles<const N: usize>([u64; N]);

impl<const N: usize> Needles<N> {
    /// Needles must all be ASCII (below 0x80); a needle may be repeated.
    #[inline]
    pub(crate) fn new(needles: [u8; N]) -> Self {
        debug_assert!(needles.iter().all(u8::is_ascii));
        Needles(needles.map(|n| ONES.wrapping_mul(u64::from(n))))
    }

    /// Classifies a word: (any needle, needle 0, needles from `split` on). Each mask has the
    /// high bit of a lane set where the lane matches.
    #[inline(always)]
    pub(crate) fn classify(&self, w: u64, split: usize) -> (u64, u64, u64) {
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
            if i >= split {
                tail_nonzero &= t;
            }
        }
        (!all_nonzero & valid, !first & valid, !tail_nonzero & valid)
    }

    /// The eight bytes at `base` as a little-endian word, NUL-padded past the end.
    #[inline(always)]
    pub(crate) fn word_at(input: &[u8], base: usize) -> u64 {
        let mut b = [0u8; 8];
        if let Some(chunk) = input.get(base..base.wrapping_add(8)) {
            b.copy_from_slice(chunk);
        } else {
            let rest = input.get(base..).unwrap_or_default();
            let n = rest.len().min(8);
            b[..n].copy_from_slice(&rest[..n]);
        }
        u64::from_le_bytes(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn find_all<const N: usize>(input: &[u8], start: usize, needles: [u8; N]) -> Vec<usize> {
        let nv = Needles::new(needles);
        let mut out = Vec::new();
        let mut base = start;
        while base < input.len() {
            let (mut m, _, _) = nv.classify(Needles::<N>::word_at(input, base), N);
            while m != 0 {
                out.push(base + (m.trailing_zeros() / 8) as usize);
                m &= m - 1;
            }
            base += 8;
        }
        out
    }

    #[test]
    fn finds_every_needle_in_order() {
        let input = b"MSH|^~\\&|a^b&c~d|e\rPID|1\r\nxyz|";
        let found = find_all(input, 0, [b'|', b'^', b'~', b'&', b'\r', b'\n']);
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
                let found = find_all(input, start, needles);
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
            find_all(&input, 0, [b'|', b'^', b'|', b'|', b'|']),
            [1, 4, 6]
        );
    }
}
