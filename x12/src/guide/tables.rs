//! The shape of the generated implementation-guide tables (`src/generated/`).
//!
//! A guide is its transaction set flattened in document order: every loop and segment is a
//! [`Node`]; a loop's descendants follow it up to `end`. Elements, code lists and syntax
//! notes live in shared pools that nodes index into, so a guide is a handful of static
//! arrays and no code.

/// Usage of a loop, segment or element in an implementation guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Usage {
    /// Required.
    Required,
    /// Situational.
    Situational,
    /// Not used.
    NotUsed,
}

/// The X12 data type of a simple element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataType {
    /// Alphanumeric string.
    AN,
    /// Identifier (a code).
    ID,
    /// Date, `CCYYMMDD` (or `YYMMDD` when six long).
    DT,
    /// Time, `HHMM[SS[d..]]`.
    TM,
    /// Numeric with an implied number of decimal places.
    N(u8),
    /// Decimal number.
    R,
    /// Binary.
    B,
    /// A composite element (its components follow).
    Composite,
}

pub(crate) const R: Usage = Usage::Required;
pub(crate) const S: Usage = Usage::Situational;
pub(crate) const N: Usage = Usage::NotUsed;
pub(crate) const AN: DataType = DataType::AN;
pub(crate) const ID: DataType = DataType::ID;
pub(crate) const DT: DataType = DataType::DT;
pub(crate) const TM: DataType = DataType::TM;
pub(crate) const RN: DataType = DataType::R;
#[allow(dead_code)]
pub(crate) const B: DataType = DataType::B;
pub(crate) const C: DataType = DataType::Composite;
pub(crate) const N0: DataType = DataType::N(0);
#[allow(dead_code)]
pub(crate) const N1: DataType = DataType::N(1);
pub(crate) const N2: DataType = DataType::N(2);

/// One loop or segment of a guide.
#[derive(Debug)]
pub(crate) struct Node {
    /// Loop id (`2300`) or segment id (`CLM`).
    pub(crate) id: &'static str,
    /// The guide's name for it.
    pub(crate) name: &'static str,
    pub(crate) is_loop: bool,
    pub(crate) usage: Usage,
    /// Maximum repeat (loops) or use (segments); 0 is unbounded (`>1`).
    pub(crate) max: u32,
    /// Qualifier (segments): element, component (0 for a simple element) and code list that
    /// tell this segment apart from others with the same id; code list 0 means none.
    pub(crate) qual: [u16; 3],
    /// Element definitions (segments): start and count in the guide's element pool.
    pub(crate) elems: [u16; 2],
    /// Syntax notes (segments): start and count in the guide's syntax pool.
    pub(crate) syntax: [u16; 2],
}

/// The part of a node the loop builder scans for every segment, kept small and apart.
#[derive(Debug)]
pub(crate) struct Hot {
    /// The segment id (a loop's first segment id) packed by [`key`].
    pub(crate) key: u32,
    /// Index just past the node's subtree.
    pub(crate) end: u16,
    /// Index of the first sibling sharing its position in the table: siblings of one group
    /// may come in any order.
    pub(crate) group: u16,
    pub(crate) is_loop: bool,
    /// The next sibling with the same key, 0 when none.
    pub(crate) next_same: u16,
    /// Loops: start and count of their children's keys in the guide's [`Kid`] pool (the
    /// builder finds them through `Guide::kid_slots`; the table tests check both agree).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) kids: [u16; 2],
    /// Loops: their first required child; every node: the next required sibling (0: none).
    pub(crate) first_required: u16,
    pub(crate) next_required: u16,
    /// Children: the first required sibling at or after this one (0: none).
    pub(crate) required_from: u16,
}

/// One distinct key among a loop's children, with the first child having it.
#[derive(Debug)]
pub(crate) struct Kid {
    /// The key (also in `Guide::kid_slots`, which the builder searches).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) key: u32,
    pub(crate) first: u16,
    /// The qualifier (element, component) all children with this key are told apart by:
    /// `[0, 0]` when none has a qualifier, `[u16::MAX, 0]` when they use different ones.
    pub(crate) qual: [u16; 2],
}

/// A segment id of up to three bytes packed into a `u32` (length in the top byte); ids of
/// other lengths get a key no table id has.
pub(crate) const fn key(id: &[u8]) -> u32 {
    match *id {
        [a, b] => (2 << 24) | ((a as u32) << 16) | ((b as u32) << 8),
        [a, b, c] => (3 << 24) | ((a as u32) << 16) | ((b as u32) << 8) | c as u32,
        [a] => (1 << 24) | ((a as u32) << 16),
        _ => u32::MAX,
    }
}

/// One element, or one component of a composite, of a segment.
#[derive(Debug)]
pub(crate) struct Elem {
    /// Element position (`NM103` is 3).
    pub(crate) seq: u8,
    /// Component position, 0 for the element itself.
    pub(crate) comp: u8,
    pub(crate) usage: Usage,
    pub(crate) ty: DataType,
    /// Minimum length. A composite (which has no length of its own): the number of its
    /// component definitions, which follow it, when it has 1 to 16, else 0.
    pub(crate) min: u16,
    /// Maximum length. A composite with `min` components: bit `k` set when the `k`-th
    /// (0-based) of them is required.
    pub(crate) max: u16,
    /// Data element reference number (IK402), 0 when unknown.
    pub(crate) number: u16,
    /// Code list in the guide's pool, 0 when the guide enumerates none.
    pub(crate) codes: u16,
}

/// One implementation guide: its loops, segments and elements as generated tables.
///
/// Guides are compared by transaction set and reference; `Debug` shows those and the table
/// sizes.
///
/// ```
/// let g = x12::guide::find(b"835", b"005010X221A1").unwrap();
/// assert_eq!((g.transaction_set(), g.functional_id()), ("835", "HP"));
/// assert_eq!(g.loop_ids().collect::<Vec<_>>(), ["1000A", "1000B", "2000", "2100", "2110"]);
/// assert_eq!(g.loop_name("2110"), Some("Service Payment Information"));
/// ```
pub struct Guide {
    pub(crate) transaction_set: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) functional_id: &'static str,
    pub(crate) name: &'static str,
    /// Whether every element of every segment is listed (maps of the whole guide), so that
    /// elements beyond the last listed one are errors.
    pub(crate) complete: bool,
    pub(crate) nodes: &'static [Node],
    pub(crate) hot: &'static [Hot],
    pub(crate) kids: &'static [Kid],
    pub(crate) elems: &'static [Elem],
    pub(crate) codes: &'static [&'static [&'static str]],
    pub(crate) syntax: &'static [&'static str],
    /// One validation plan per node (loops have an empty one).
    pub(crate) plans: &'static [Plan],
    /// Pool of element slots: for element `n` of a segment, the index of its definition
    /// among the segment's elements, 255 when it has none.
    pub(crate) slots: &'static [u8],
    /// Pool of syntax notes as masks.
    pub(crate) notes: &'static [Note],
    /// The code lists as sorted [`code_key`]s (their codes of up to seven bytes).
    pub(crate) code_keys: &'static [&'static [u64]],
    /// The kids as an open-addressing table keyed by (loop node, key): a power of two of
    /// slots, at most half full, each holding a kid's key, its loop and its index plus one
    /// (0: a free slot). See `Guide::kid_index`.
    pub(crate) kid_slots: &'static [(u32, u16, u16)],
}

/// A value of up to seven bytes as an integer (its bytes in order, then its length in the low
/// byte), `None` for longer values: two values have the same key only when they are equal.
#[inline]
pub(crate) fn code_key(v: &[u8]) -> Option<u64> {
    // One load per length (codes are short: mostly one to three bytes).
    let k = match *v {
        [] => 0,
        [a] => u64::from(a),
        [a, b] => u64::from(u16::from_be_bytes([a, b])),
        [a, b, c] => u64::from(u32::from_be_bytes([0, a, b, c])),
        [a, b, c, d] => u64::from(u32::from_be_bytes([a, b, c, d])),
        [a, b, c, d, e] => u64::from_be_bytes([0, 0, 0, a, b, c, d, e]),
        [a, b, c, d, e, f] => u64::from_be_bytes([0, 0, a, b, c, d, e, f]),
        [a, b, c, d, e, f, g] => u64::from_be_bytes([0, a, b, c, d, e, f, g]),
        _ => return None,
    };
    Some((k << 8) | v.len() as u64)
}

/// What validating a segment needs, precomputed: a clean segment is checked with a few mask
/// operations and a look at each element that has a value.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Bit `n` set when element `n` (the element, not a component) is required.
    pub(crate) required: u64,
    /// The last element defined.
    pub(crate) last: u8,
    /// Start and count of the segment's element slots in the guide's slot pool.
    pub(crate) slots: [u16; 2],
    /// Start and count of the segment's syntax notes in the guide's note pool.
    pub(crate) notes: [u16; 2],
    /// A bit per element named by a syntax note other than an R (paired, conditional, list
    /// conditional, exclusion: all met when none of their elements is present), and bit 0
    /// when the segment has an R note (met only when one of its elements is present).
    pub(crate) note_mask: u64,
}

/// A syntax note as masks: relation (`P`, `R`, `C`, `L`, `E`), its first element, and a
/// bit per element it names.
#[derive(Debug)]
pub(crate) struct Note {
    pub(crate) kind: u8,
    pub(crate) first: u8,
    pub(crate) mask: u64,
}

pub(crate) const fn p(
    required: u64,
    last: u8,
    slots: [u16; 2],
    notes: [u16; 2],
    note_mask: u64,
) -> Plan {
    Plan {
        required,
        last,
        slots,
        notes,
        note_mask,
    }
}

pub(crate) const fn n(kind: u8, first: u8, mask: u64) -> Note {
    Note { kind, first, mask }
}

impl PartialEq for Guide {
    fn eq(&self, other: &Self) -> bool {
        self.transaction_set == other.transaction_set && self.reference == other.reference
    }
}

impl Eq for Guide {}

impl core::fmt::Debug for Guide {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Guide")
            .field("transaction_set", &self.transaction_set)
            .field("reference", &self.reference)
            .field("nodes", &self.nodes.len())
            .field("elements", &self.elems.len())
            .finish()
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) const fn h(
    id: &str,
    end: u16,
    group: u16,
    is_loop: bool,
    next_same: u16,
    kids: [u16; 2],
    required_chain: [u16; 3],
) -> Hot {
    Hot {
        key: key(id.as_bytes()),
        end,
        group,
        is_loop,
        next_same,
        kids,
        first_required: required_chain[0],
        next_required: required_chain[1],
        required_from: required_chain[2],
    }
}

pub(crate) const fn k(id: &str, first: u16, qual: [u16; 2]) -> Kid {
    Kid {
        key: key(id.as_bytes()),
        first,
        qual,
    }
}

pub(crate) const fn l(id: &'static str, name: &'static str, usage: Usage, max: u32) -> Node {
    Node {
        id,
        name,
        is_loop: true,
        usage,
        max,
        qual: [0; 3],
        elems: [0; 2],
        syntax: [0; 2],
    }
}

pub(crate) const fn s(
    id: &'static str,
    name: &'static str,
    usage: Usage,
    max: u32,
    qual: [u16; 3],
    elems: [u16; 2],
    syntax: [u16; 2],
) -> Node {
    Node {
        id,
        name,
        is_loop: false,
        usage,
        max,
        qual,
        elems,
        syntax,
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) const fn e(
    seq: u8,
    comp: u8,
    usage: Usage,
    ty: DataType,
    min: u16,
    max: u16,
    number: u16,
    codes: u16,
) -> Elem {
    Elem {
        seq,
        comp,
        usage,
        ty,
        min,
        max,
        number,
        codes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The key is the bytes in order then the length, for every length up to seven.
    #[test]
    fn code_keys_pack_bytes_and_length() {
        let plain = |v: &[u8]| {
            (v.len() <= 7).then(|| {
                let k = v.iter().fold(0u64, |k, &b| (k << 8) | u64::from(b));
                (k << 8) | v.len() as u64
            })
        };
        let bytes: Vec<u8> = (0..=255u8)
            .rev()
            .chain(b"HC:99213".iter().copied())
            .collect();
        for len in 0..=9 {
            for start in 0..bytes.len() - len {
                let v = &bytes[start..start + len];
                assert_eq!(code_key(v), plain(v), "{v:?}");
            }
        }
        assert_eq!(code_key(b"D8"), Some(0x0044_3802));
        assert_ne!(code_key(b"\0A"), code_key(b"A"));
    }
}
