//! Finding element separators and segment terminators eight bytes at a time, in safe code.
//!
//! A SWAR ("SIMD within a register") comparison: each 64-bit word of input is compared with
//! both needle bytes broadcast to every lane. The zero-byte test used is the exact, carry-free
//! one, so it works for any needle byte (X12 delimiters need not be ASCII) and never reports
//! a false match.

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit of every lane of `w` that equals the byte broadcast in `needle`.
#[inline(always)]
fn eq_lanes(w: u64, needle: u64) -> u64 {
    let x = w ^ needle;
    !(((x & LO7).wrapping_add(LO7)) | x) & HI
}

/// Two needles (element separator and segment terminator), and a padding byte equal to
/// neither for the last, partial word.
#[derive(Clone, Copy)]
pub(crate) struct Pair {
    a: u64,
    b: u64,
    pad: u8,
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
        }
    }

    /// Lane masks (high bit per matching byte) for needle `a` and needle `b`.
    #[inline(always)]
    pub(crate) fn masks(&self, w: u64) -> (u64, u64) {
        (eq_lanes(w, self.a), eq_lanes(w, self.b))
    }

    /// The eight bytes at `base` as a little-endian word, padded past the end of the input
    /// with a byte that matches neither needle.
    #[inline(always)]
    pub(crate) fn word(&self, input: &[u8], base: usize) -> u64 {
        match input.get(base..base.wrapping_add(8)) {
            Some(chunk) => {
                let mut b = [0u8; 8];
                b.copy_from_slice(chunk);
                u64::from_le_bytes(b)
            }
            None => self.tail_word(input, base),
        }
    }

    #[cold]
    fn tail_word(&self, input: &[u8], base: usize) -> u64 {
        let mut b = [self.pad; 8];
        let rest = input.get(base..).unwrap_or_default();
        let n = rest.len().min(8);
        b[..n].copy_from_slice(&rest[..n]);
        u64::from_le_bytes(b)
    }
}

/// Calls `f` with the offset of every byte of `hay` equal to `needle`, in order.
#[inline]
pub(crate) fn each_match(hay: &[u8], needle: u8, mut f: impl FnMut(usize)) {
    let bc = ONES.wrapping_mul(u64::from(needle));
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let mut m = eq_lanes(u64::from_le_bytes(w), bc);
        while m != 0 {
            f(base + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == needle {
            f(base + i);
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
            let (ma, mb) = pair.masks(pair.word(input, base));
            let mut m = ma | mb;
            while m != 0 {
                let bit = m.trailing_zeros();
                out.push((base + (bit / 8) as usize, (mb >> bit) & 1 != 0));
                m &= m - 1;
            }
            base += 8;
        }
        out
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
