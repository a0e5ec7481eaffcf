//! Finding structural bytes quickly in safe code.
//!
//! A SWAR ("SIMD within a register") scanner: eight input bytes are compared against up to six
//! needle bytes at once with exact (carry-free) zero-byte detection, so the positions of all
//! separators and terminators come out of a handful of integer operations per word instead of
//! a branch per byte. No `unsafe` is needed.

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// Iterator over the positions of any of six needle bytes, in order.
pub(crate) struct Specials<'a> {
    input: &'a [u8],
    base: usize,
    mask: u64,
    needles: [u64; 6],
}

#[inline(always)]
fn nonzero_bytes(y: u64) -> u64 {
    // High bit of each byte set iff that byte of `y` is non-zero (exact, no borrow between
    // bytes because the addition is done on 7-bit lanes).
    ((y & LO7).wrapping_add(LO7)) | y
}

impl<'a> Specials<'a> {
    /// Scans `input` from `start` for the needle bytes (repeat a needle to use fewer).
    #[inline]
    pub(crate) fn new(input: &'a [u8], start: usize, needles: [u8; 6]) -> Self {
        let mut s = Specials {
            input,
            base: start,
            mask: 0,
            needles: needles.map(|n| ONES.wrapping_mul(u64::from(n))),
        };
        s.load();
        s
    }

    /// Restarts the scan at `pos` (positions before it are not reported).
    #[inline]
    pub(crate) fn reset(&mut self, pos: usize) {
        self.base = pos;
        self.load();
    }

    #[inline(always)]
    fn word_mask(&self, w: u64) -> u64 {
        let n = &self.needles;
        let nz = nonzero_bytes(w ^ n[0])
            & nonzero_bytes(w ^ n[1])
            & nonzero_bytes(w ^ n[2])
            & nonzero_bytes(w ^ n[3])
            & nonzero_bytes(w ^ n[4])
            & nonzero_bytes(w ^ n[5]);
        !nz & HI
    }

    #[inline(always)]
    fn load(&mut self) {
        let end = self.base.saturating_add(8);
        if let Some(chunk) = self.input.get(self.base..end) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            self.mask = self.word_mask(u64::from_le_bytes(b));
        } else if let Some(rest) = self.input.get(self.base..) {
            // Tail: pad with NUL, which is never a needle, and mask off the padding anyway.
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            let valid = if rest.is_empty() {
                0
            } else {
                u64::MAX >> (64 - 8 * rest.len())
            };
            self.mask = self.word_mask(u64::from_le_bytes(b)) & valid;
        } else {
            self.mask = 0;
        }
    }
}

impl Iterator for Specials<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.mask != 0 {
                let bit = self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                return Some(self.base + bit / 8);
            }
            self.base += 8;
            if self.base >= self.input.len() {
                self.base = self.input.len();
                return None;
            }
            self.load();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_needle_in_order() {
        let input = b"MSH|^~\\&|a^b&c~d|e\rPID|1\r\nxyz|";
        let found: alloc::vec::Vec<usize> =
            Specials::new(input, 0, [b'|', b'^', b'~', b'&', b'\r', b'\n']).collect();
        let expected: alloc::vec::Vec<usize> = input
            .iter()
            .enumerate()
            .filter(|(_, b)| b"|^~&\r\n".contains(b))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn all_lengths_and_starts() {
        let data: alloc::vec::Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for len in 0..data.len() {
            for start in 0..len.min(20) {
                let input = &data[..len];
                let needles = [7u8, 200, 13, 10, 255, 128];
                let found: alloc::vec::Vec<usize> = Specials::new(input, start, needles).collect();
                let expected: alloc::vec::Vec<usize> = (start..len)
                    .filter(|&i| needles.contains(&input[i]))
                    .collect();
                assert_eq!(found, expected, "len {len} start {start}");
            }
        }
    }

    #[test]
    fn high_bytes_do_not_confuse_detection() {
        // Bytes >= 0x80 next to needles must not create false hits.
        let input = [0xffu8, b'|', 0x80, 0xfc, b'^', 0x7c | 0x80, b'|', 0xde];
        let found: alloc::vec::Vec<usize> =
            Specials::new(&input, 0, [b'|', b'^', b'|', b'|', b'|', b'|']).collect();
        assert_eq!(found, [1, 4, 6]);
    }
}
