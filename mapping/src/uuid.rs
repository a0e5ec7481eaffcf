//! Name-based UUIDs (RFC 4122 version 5, SHA-1), written out without a dependency.
//!
//! SHA-1 is used here only as the RFC prescribes for name-based identifiers, not for
//! security. A hand-written SHA-1 (70 lines, checked against the FIPS 180 test vectors below)
//! spares the crate a dependency for one function.

use core::fmt;

/// A UUID: 16 bytes, shown in the canonical 8-4-4-4-12 lower-case hex form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid(pub [u8; 16]);

impl Uuid {
    /// The RFC 4122 DNS namespace, `6ba7b810-9dad-11d1-80b4-00c04fd430c8`.
    pub const NAMESPACE_DNS: Uuid = Uuid([
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ]);

    /// The namespace of this crate's resource ids (itself a v5 UUID of
    /// `v2-to-fhir.health-interop` in the DNS namespace).
    pub const MAPPING: Uuid = Uuid([
        0x28, 0x62, 0xd7, 0xd4, 0x50, 0xd5, 0x53, 0xd5, 0xb4, 0x3c, 0x6a, 0x71, 0xaf, 0x20, 0xea,
        0xbc,
    ]);

    /// The version 5 UUID of `name` in `namespace`.
    ///
    /// ```
    /// use mapping::uuid::Uuid;
    /// let u = Uuid::v5(&Uuid::NAMESPACE_DNS, &[b"www.example.com"]);
    /// assert_eq!(u.to_string(), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    /// ```
    ///
    /// The name is given in parts that are hashed one after the other (the same as hashing
    /// their concatenation), so callers need not build a string.
    pub fn v5(namespace: &Uuid, name: &[&[u8]]) -> Uuid {
        let d = match Self::one_block(namespace, name) {
            Some(d) => d,
            None => {
                let mut h = Sha1::new();
                h.update(&namespace.0);
                for part in name {
                    h.update(part);
                }
                h.finish()
            }
        };
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x50;
        b[8] = (b[8] & 0x3f) | 0x80;
        Uuid(b)
    }

    /// The SHA-1 digest of namespace and name when they fit one padded block (up to 39 name
    /// bytes, as resource ids' names do): the block is laid out at once, without the
    /// streaming state.
    fn one_block(namespace: &Uuid, name: &[&[u8]]) -> Option<[u8; 20]> {
        let mut block = [0u8; 64];
        block[..16].copy_from_slice(&namespace.0);
        let mut used = 16;
        for part in name {
            let end = used + part.len();
            // Room must be left for the 0x80 marker and the 8-byte length.
            if end > 55 {
                return None;
            }
            block[used..end].copy_from_slice(part);
            used = end;
        }
        block[used] = 0x80;
        block[56..].copy_from_slice(&((used as u64) * 8).to_be_bytes());
        let mut h = Sha1::new();
        h.compress(&block);
        let mut out = [0u8; 20];
        for (chunk, word) in out.chunks_exact_mut(4).zip(h.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        Some(out)
    }

    /// Writes the canonical form into `out`.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(self.canonical().as_str());
    }

    /// The canonical form in a fixed buffer (no allocation).
    fn canonical(&self) -> Canonical {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut buf = [b'-'; 36];
        let mut o = 0;
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                o += 1;
            }
            buf[o] = HEX[usize::from(byte >> 4)];
            buf[o + 1] = HEX[usize::from(byte & 0x0f)];
            o += 2;
        }
        Canonical(buf)
    }
}

/// The 36 ASCII bytes of a UUID's canonical form.
struct Canonical([u8; 36]);

impl Canonical {
    fn as_str(&self) -> &str {
        // Hex digits and hyphens only: always UTF-8.
        core::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.canonical().as_str())
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Streaming SHA-1 (FIPS 180-4).
struct Sha1 {
    state: [u32; 5],
    block: [u8; 64],
    used: usize,
    len: u64,
}

impl Sha1 {
    fn new() -> Self {
        Sha1 {
            state: [
                0x6745_2301,
                0xefcd_ab89,
                0x98ba_dcfe,
                0x1032_5476,
                0xc3d2_e1f0,
            ],
            block: [0; 64],
            used: 0,
            len: 0,
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        while !data.is_empty() {
            let take = (64 - self.used).min(data.len());
            let (head, rest) = data.split_at(take);
            self.block[self.used..self.used + take].copy_from_slice(head);
            self.used += take;
            data = rest;
            if self.used == 64 {
                let block = self.block;
                self.compress(&block);
                self.used = 0;
            }
        }
    }

    fn finish(mut self) -> [u8; 20] {
        let bits = self.len.wrapping_mul(8);
        // Padding: 0x80, zeros up to 56 mod 64, then the bit length (written in place).
        self.block[self.used] = 0x80;
        self.block[self.used + 1..].fill(0);
        if self.used >= 56 {
            let block = self.block;
            self.compress(&block);
            self.block = [0; 64];
        }
        self.block[56..].copy_from_slice(&bits.to_be_bytes());
        let block = self.block;
        self.compress(&block);
        let mut out = [0u8; 20];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// One block, fully unrolled: the 80-word schedule is a rolling window of 16 words and
    /// the five working variables change roles from round to round instead of moving.
    // The last rounds' schedule stores are skipped by a constant condition the lint does
    // not see through.
    #[allow(unused_assignments)]
    fn compress(&mut self, block: &[u8; 64]) {
        let mut w = [0u32; 16];
        for (wi, chunk) in w.iter_mut().zip(block.chunks_exact(4)) {
            *wi = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        let [mut a, mut b, mut c, mut d, mut e] = self.state;
        // Round i of stage (f, k) on working variables (a, b, c, d, e).
        macro_rules! round {
            ($i:expr, $f:ident, $k:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident) => {{
                let i: usize = $i;
                let wi = if i < 16 {
                    w[i & 15]
                } else {
                    let x = (w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15])
                        .rotate_left(1);
                    // Word i is read again by round i + 3 at the earliest.
                    if i + 3 < 80 {
                        w[i & 15] = x;
                    }
                    x
                };
                $e = $e
                    .wrapping_add($a.rotate_left(5))
                    .wrapping_add($f($b, $c, $d))
                    .wrapping_add($k)
                    .wrapping_add(wi);
                $b = $b.rotate_left(30);
            }};
        }
        // Five rounds from i: after five, the variables are back in their own roles.
        macro_rules! five {
            ($i:expr, $f:ident, $k:expr) => {
                round!($i, $f, $k, a, b, c, d, e);
                round!($i + 1, $f, $k, e, a, b, c, d);
                round!($i + 2, $f, $k, d, e, a, b, c);
                round!($i + 3, $f, $k, c, d, e, a, b);
                round!($i + 4, $f, $k, b, c, d, e, a);
            };
        }
        #[inline(always)]
        fn ch(b: u32, c: u32, d: u32) -> u32 {
            d ^ (b & (c ^ d))
        }
        #[inline(always)]
        fn parity(b: u32, c: u32, d: u32) -> u32 {
            b ^ c ^ d
        }
        #[inline(always)]
        fn maj(b: u32, c: u32, d: u32) -> u32 {
            (b & c) | (d & (b | c))
        }
        const K1: u32 = 0x5a82_7999;
        const K2: u32 = 0x6ed9_eba1;
        const K3: u32 = 0x8f1b_bcdc;
        const K4: u32 = 0xca62_c1d6;
        five!(0, ch, K1);
        five!(5, ch, K1);
        five!(10, ch, K1);
        five!(15, ch, K1);
        five!(20, parity, K2);
        five!(25, parity, K2);
        five!(30, parity, K2);
        five!(35, parity, K2);
        five!(40, maj, K3);
        five!(45, maj, K3);
        five!(50, maj, K3);
        five!(55, maj, K3);
        five!(60, parity, K4);
        five!(65, parity, K4);
        five!(70, parity, K4);
        five!(75, parity, K4);
        for (s, v) in self.state.iter_mut().zip([a, b, c, d, e]) {
            *s = s.wrapping_add(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: &[u8]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn sha1(parts: &[&[u8]]) -> String {
        let mut h = Sha1::new();
        for p in parts {
            h.update(p);
        }
        hex(&h.finish())
    }

    #[test]
    fn sha1_vectors() {
        assert_eq!(sha1(&[b"abc"]), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(sha1(&[b""]), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            sha1(&[b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"]),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            sha1(&[&million]),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
        // Split updates give the same digest.
        assert_eq!(sha1(&[b"ab", b"", b"c"]), sha1(&[b"abc"]));
    }

    #[test]
    fn one_block_matches_streaming() {
        // Names of every length around the one-block limit (39 bytes after the namespace).
        let name = [b'x'; 60];
        for len in 0..=60 {
            for split in [0, len / 2, len] {
                let (a, b) = name[..len].split_at(split);
                let mut h = Sha1::new();
                h.update(&Uuid::MAPPING.0);
                h.update(&name[..len]);
                let streamed = h.finish();
                let fast = Uuid::one_block(&Uuid::MAPPING, &[a, b]);
                assert_eq!(fast.is_some(), len <= 39, "{len}");
                if let Some(d) = fast {
                    assert_eq!(d, streamed, "{len}");
                }
            }
        }
    }

    #[test]
    fn v5_namespace_constant() {
        let u = Uuid::v5(&Uuid::NAMESPACE_DNS, &[b"v2-to-fhir.health-interop"]);
        assert_eq!(u, Uuid::MAPPING, "{u}");
    }
}
