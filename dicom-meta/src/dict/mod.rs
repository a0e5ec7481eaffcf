//! The standard data dictionary (PS3.6), generated from a public machine-readable source by
//! `codegen/gen_dict.py` into `entries.rs`.
//!
//! ```
//! use dicom_meta::{dict, Tag, Vr};
//! let e = dict::lookup(Tag::new(0x0010, 0x0010)).unwrap();
//! assert_eq!(e.keyword, "PatientName");
//! assert_eq!(e.name, "Patient's Name");
//! assert_eq!(e.vr.implicit_vr(), Vr::PN);
//! assert_eq!(dict::tag_for_keyword("SeriesInstanceUID"), Some(Tag::new(0x0020, 0x000E)));
//! // Repeating groups: any overlay group 60xx.
//! assert_eq!(dict::lookup(Tag::new(0x6002, 0x3000)).unwrap().keyword, "OverlayData");
//! ```

use core::fmt;

use crate::{Tag, Vr};

#[rustfmt::skip]
mod entries;
mod private;
#[rustfmt::skip]
mod private_entries;

pub use private::{KnownPrivate, PrivateDict, PrivateDictionary, PrivateEntry, creator_tag};

/// The value representation(s) the dictionary allows for an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DictVr {
    /// Exactly one VR.
    One(Vr),
    /// US or SS (decided by Pixel Representation).
    UsOrSs,
    /// OB or OW.
    ObOrOw,
    /// US or OW.
    UsOrOw,
    /// US, SS or OW.
    UsOrSsOrOw,
    /// No VR: items and delimitation items of group FFFE.
    NoVr,
}

impl DictVr {
    /// The VR to assume when the transfer syntax does not state one (implicit VR): the single
    /// VR, OW whenever OW is allowed (PS3.5 A.1: OW in implicit VR), US for US-or-SS, and UN
    /// for items.
    pub const fn implicit_vr(self) -> Vr {
        match self {
            DictVr::One(vr) => vr,
            DictVr::UsOrSs => Vr::US,
            DictVr::ObOrOw | DictVr::UsOrOw | DictVr::UsOrSsOrOw => Vr::OW,
            DictVr::NoVr => Vr::UN,
        }
    }

    /// Whether `vr` is one of the allowed VRs.
    pub fn allows(self, vr: Vr) -> bool {
        match self {
            DictVr::One(v) => v == vr,
            DictVr::UsOrSs => matches!(vr, Vr::US | Vr::SS),
            DictVr::ObOrOw => matches!(vr, Vr::OB | Vr::OW),
            DictVr::UsOrOw => matches!(vr, Vr::US | Vr::OW),
            DictVr::UsOrSsOrOw => matches!(vr, Vr::US | Vr::SS | Vr::OW),
            DictVr::NoVr => false,
        }
    }
}

impl fmt::Display for DictVr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DictVr::One(vr) => vr.as_str(),
            DictVr::UsOrSs => "US or SS",
            DictVr::ObOrOw => "OB or OW",
            DictVr::UsOrOw => "US or OW",
            DictVr::UsOrSsOrOw => "US or SS or OW",
            DictVr::NoVr => "NONE",
        })
    }
}

/// A value multiplicity: how many values an element holds.
///
/// `Display` gives the PS3.6 notation (`1`, `1-3`, `1-n`, `2-2n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Vm {
    /// The least number of values.
    pub min: u16,
    /// The greatest number of values, `None` for unbounded (`n`).
    pub max: Option<u16>,
    /// For unbounded multiplicities, the count must be a multiple of this (`2-2n`: 2).
    pub step: u16,
}

impl Vm {
    pub(crate) const fn new(min: u16, max: u16, step: u16) -> Vm {
        Vm {
            min,
            max: if max == 0 { None } else { Some(max) },
            step,
        }
    }

    /// Whether `n` values satisfy this multiplicity.
    ///
    /// ```
    /// use dicom_meta::dict;
    /// let vm = dict::lookup(dicom_meta::tags::ImagePositionPatient).unwrap().vm;
    /// assert!(vm.allows(3) && !vm.allows(2));
    /// ```
    pub fn allows(&self, n: usize) -> bool {
        if n < usize::from(self.min) {
            return false;
        }
        match self.max {
            Some(m) => n <= usize::from(m),
            None => self.step <= 1 || n.is_multiple_of(usize::from(self.step)),
        }
    }
}

impl fmt::Display for Vm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(m) if m == self.min => write!(f, "{m}"),
            Some(m) => write!(f, "{}-{m}", self.min),
            None if self.step > 1 => write!(f, "{}-{}n", self.min, self.step),
            None => write!(f, "{}-n", self.min),
        }
    }
}

/// One entry of the data dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DictEntry {
    /// The tag; for a repeating group (50xx, 60xx, …) the pattern with each `x` as 0.
    pub tag: Tag,
    /// The allowed VR(s).
    pub vr: DictVr,
    /// The value multiplicity.
    pub vm: Vm,
    /// The attribute name, e.g. `Patient's Name`.
    pub name: &'static str,
    /// The keyword, e.g. `PatientName` (empty for a few entries that have none).
    pub keyword: &'static str,
    /// Whether the attribute is retired.
    pub retired: bool,
}

/// Slots of the open-addressing hash index over [`entries::TAGS`] (a power of two, more
/// than 1.5 times the number of entries).
const SLOTS: usize = 8192;

/// Marks an empty slot (not a dictionary tag).
const EMPTY: u32 = u32::MAX;

#[inline(always)]
const fn slot(tag: u32) -> usize {
    (tag.wrapping_mul(0x9E37_79B1) >> 19) as usize & (SLOTS - 1)
}

/// The hash index, built at compile time with linear probing: per slot, the tag stored there
/// (or [`EMPTY`]) and its position in [`entries::TAGS`]. Tags and positions live in compact
/// arrays of their own so that the lookups of a header touch few cache lines.
static HASH: ([u32; SLOTS], [u16; SLOTS]) = {
    let mut tags = [EMPTY; SLOTS];
    let mut pos = [0u16; SLOTS];
    let mut i = 0;
    while i < entries::TAGS.len() {
        let mut s = slot(entries::TAGS[i]);
        while tags[s] != EMPTY {
            s = (s + 1) & (SLOTS - 1);
        }
        tags[s] = entries::TAGS[i];
        pos[s] = i as u16;
        i += 1;
    }
    (tags, pos)
};

/// Per entry: the implicit VR, and whether it is "US or SS" (SS when pixels are signed).
static IMPLICIT: [(Vr, bool); entries::TAGS.len()] = {
    let mut t = [(Vr::UN, false); entries::TAGS.len()];
    let mut i = 0;
    while i < t.len() {
        let vr = entries::ENTRIES[i].vr;
        let us_or_ss = matches!(vr, DictVr::UsOrSs | DictVr::UsOrSsOrOw)
            && entries::ENTRIES[i].tag.0 != 0x7FE0_0010;
        t[i] = (vr.implicit_vr(), us_or_ss);
        i += 1;
    }
    t
};

/// Position of `tag` in [`entries::TAGS`], in O(1).
#[inline]
fn position(tag: u32) -> Option<usize> {
    let mut s = slot(tag);
    loop {
        let t = HASH.0[s];
        if t == EMPTY {
            return None;
        }
        if t == tag {
            return Some(usize::from(HASH.1[s]));
        }
        s = (s + 1) & (SLOTS - 1);
    }
}

/// The entry for `tag`: an exact match in O(1) (a hash index over the sorted table), else a
/// repeating-group pattern (e.g. (60xx,3000)). Private tags have no entry.
pub fn lookup(tag: Tag) -> Option<&'static DictEntry> {
    if let Some(i) = position(tag.0) {
        return entries::ENTRIES.get(i);
    }
    lookup_repeater(tag)
}

#[cold]
fn lookup_repeater(tag: Tag) -> Option<&'static DictEntry> {
    let g = tag.group();
    // Repeating groups are even; odd groups are private.
    if g & 1 == 1 {
        return None;
    }
    // Only these groups hold repeating patterns; skip the scan for every other tag.
    if !matches!(g, 0x0020 | 0x0028 | 0x1000 | 0x1010 | 0x5000..=0x50FF | 0x6000..=0x60FF | 0x7F00..=0x7FFF)
    {
        return None;
    }
    entries::REPEATERS
        .iter()
        .find(|(mask, value, _)| tag.0 & mask == *value)
        .map(|(_, _, e)| e)
}

/// The VR to assume for `tag` in implicit VR data sets: the dictionary's
/// [`DictVr::implicit_vr`], UL for group lengths, LO for private creators, UN otherwise.
#[inline]
pub fn implicit_vr(tag: Tag) -> Vr {
    if let Some(i) = position(tag.0) {
        return IMPLICIT[i].0;
    }
    implicit_vr_slow(tag)
}

/// [`implicit_vr`] when Pixel Representation (0028,0103) is known: "US or SS" elements are SS
/// when pixel values are signed.
#[inline]
pub(crate) fn implicit_vr_signed(tag: Tag, signed: bool) -> Vr {
    if let Some(i) = position(tag.0) {
        let (vr, us_or_ss) = IMPLICIT[i];
        return if signed && us_or_ss { Vr::SS } else { vr };
    }
    implicit_vr_slow(tag)
}

#[cold]
fn implicit_vr_slow(tag: Tag) -> Vr {
    if tag.is_group_length() {
        Vr::UL
    } else if tag.is_private_creator() {
        Vr::LO
    } else if let Some(e) = lookup_repeater(tag) {
        e.vr.implicit_vr()
    } else {
        Vr::UN
    }
}

/// FNV-1a over the keyword's bytes, folded to a slot.
#[inline(always)]
const fn keyword_slot(k: &[u8]) -> usize {
    let mut h: u32 = 0x811C_9DC5;
    let mut i = 0;
    while i < k.len() {
        h = (h ^ k[i] as u32).wrapping_mul(0x0100_0193);
        i += 1;
    }
    (h >> 19) as usize & (SLOTS - 1)
}

/// Hash index over [`entries::KEYWORDS`]: per slot, 1 + a position in it, or 0.
static KEYWORD_HASH: [u16; SLOTS] = {
    let mut t = [0u16; SLOTS];
    let mut i = 0;
    while i < entries::KEYWORDS.len() {
        let mut s = keyword_slot(entries::KEYWORDS[i].0.as_bytes());
        while t[s] != 0 {
            s = (s + 1) & (SLOTS - 1);
        }
        t[s] = i as u16 + 1;
        i += 1;
    }
    t
};

/// The tag with keyword `keyword` (exact, case-sensitive), in O(1).
pub fn tag_for_keyword(keyword: &str) -> Option<Tag> {
    let mut s = keyword_slot(keyword.as_bytes());
    loop {
        let i = usize::from(KEYWORD_HASH[s]);
        let (k, tag) = *entries::KEYWORDS.get(i.checked_sub(1)?)?;
        if k == keyword {
            return Some(Tag(tag));
        }
        s = (s + 1) & (SLOTS - 1);
    }
}

/// The entry with keyword `keyword`.
pub fn lookup_keyword(keyword: &str) -> Option<&'static DictEntry> {
    lookup(tag_for_keyword(keyword)?)
}

/// Every entry with its own tag, in ascending tag order (repeating-group patterns are not
/// included; see [`repeating_entries`]).
pub fn entries() -> impl ExactSizeIterator<Item = &'static DictEntry> {
    entries::ENTRIES.iter()
}

/// The repeating-group entries (50xx, 60xx, 7Fxx, (0020,31xx), (0028,04x0), …).
pub fn repeating_entries() -> impl ExactSizeIterator<Item = &'static DictEntry> {
    entries::REPEATERS.iter().map(|(_, _, e)| e)
}

/// The name, keyword and retired flag of a standard transfer syntax UID.
pub(crate) fn transfer_syntax_name(uid: &str) -> Option<(&'static str, &'static str, bool)> {
    entries::TRANSFER_SYNTAX_NAMES
        .binary_search_by(|(u, ..)| u.cmp(&uid))
        .ok()
        .map(|i| {
            let (_, name, kw, retired) = entries::TRANSFER_SYNTAX_NAMES[i];
            (name, kw, retired)
        })
}

pub(crate) fn transfer_syntaxes() -> impl Iterator<Item = &'static str> {
    entries::TRANSFER_SYNTAX_NAMES.iter().map(|t| t.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(entries::TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            entries::KEYWORDS
                .windows(2)
                .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
        );
        assert!(
            entries::TRANSFER_SYNTAX_NAMES
                .windows(2)
                .all(|w| w[0].0 < w[1].0)
        );
        for (i, (t, e)) in entries::TAGS
            .iter()
            .zip(entries::ENTRIES.iter())
            .enumerate()
        {
            assert_eq!(*t, e.tag.0);
            assert_eq!(position(*t), Some(i));
        }
        assert!(entries::TAGS.len() * 3 / 2 < SLOTS && entries::TAGS.len() < usize::from(u16::MAX));
        assert!(entries::KEYWORDS.len() * 3 / 2 < SLOTS);
        for t in [0u32, 1, 0x0009_0010, 0x7FE0_0011, EMPTY, 0x0010_0011] {
            assert_eq!(position(t), entries::TAGS.binary_search(&t).ok());
        }
        assert!(entries::ENTRIES.len() > 5000);
    }

    #[test]
    fn well_known_entries() {
        let e = lookup(Tag::new(0x0008, 0x0018)).unwrap();
        assert_eq!(
            (e.keyword, e.name, e.vr, e.vm.to_string(), e.retired),
            (
                "SOPInstanceUID",
                "SOP Instance UID",
                DictVr::One(Vr::UI),
                "1".into(),
                false
            )
        );
        let e = lookup(Tag::PIXEL_DATA).unwrap();
        assert_eq!((e.keyword, e.vr), ("PixelData", DictVr::ObOrOw));
        assert_eq!(implicit_vr(Tag::PIXEL_DATA), Vr::OW);
        let e = lookup(Tag::new(0x0020, 0x0032)).unwrap();
        assert_eq!(
            (e.keyword, e.vm.to_string()),
            ("ImagePositionPatient", "3".into())
        );
        let e = lookup(Tag::new(0x0028, 0x0010)).unwrap();
        assert_eq!((e.keyword, e.vr), ("Rows", DictVr::One(Vr::US)));
        let e = lookup(Tag::new(0x0008, 0x1115)).unwrap();
        assert_eq!(
            (e.keyword, e.vr),
            ("ReferencedSeriesSequence", DictVr::One(Vr::SQ))
        );
        let e = lookup(Tag::new(0x0028, 0x0106)).unwrap();
        assert_eq!(e.vr, DictVr::UsOrSs);
        // Retired.
        let e = lookup(Tag::new(0x0000, 0x0001)).unwrap();
        assert!(e.retired);
        // VM forms.
        let e = lookup(Tag::new(0x0018, 0x1149)).unwrap(); // Field of View Dimension(s)
        assert_eq!(e.vm.to_string(), "1-2");
        let e = lookup(Tag::new(0x0028, 0x3002)).unwrap(); // LUT Descriptor
        assert_eq!(e.vm.to_string(), "3");
        let e = lookup(Tag::new(0x0008, 0x0008)).unwrap(); // Image Type
        assert_eq!(e.vm.to_string(), "2-n");
    }

    #[test]
    fn repeating_groups() {
        assert_eq!(
            lookup(Tag::new(0x6000, 0x0010)).unwrap().keyword,
            "OverlayRows"
        );
        assert_eq!(
            lookup(Tag::new(0x601E, 0x0010)).unwrap().keyword,
            "OverlayRows"
        );
        assert_eq!(
            lookup(Tag::new(0x5004, 0x3000)).unwrap().keyword,
            "CurveData"
        );
        assert_eq!(
            lookup(Tag::new(0x0020, 0x3105)).unwrap().keyword,
            "SourceImageIDs"
        );
        assert!(lookup(Tag::new(0x6001, 0x0010)).is_none()); // odd: private
        assert_eq!(implicit_vr(Tag::new(0x6002, 0x3000)), Vr::OW);
        assert_eq!(
            tag_for_keyword("OverlayData"),
            Some(Tag::new(0x6000, 0x3000))
        );
    }

    #[test]
    fn implicit_defaults() {
        assert_eq!(implicit_vr(Tag::new(0x0009, 0x0010)), Vr::LO);
        assert_eq!(implicit_vr(Tag::new(0x0009, 0x1010)), Vr::UN);
        assert_eq!(implicit_vr(Tag::new(0x0011, 0x0000)), Vr::UL);
        assert_eq!(implicit_vr(Tag::new(0x0010, 0x0010)), Vr::PN);
    }

    #[test]
    fn keywords() {
        assert_eq!(
            tag_for_keyword("PatientName"),
            Some(Tag::new(0x0010, 0x0010))
        );
        assert_eq!(tag_for_keyword("patientname"), None);
        assert_eq!(tag_for_keyword(""), None);
        for e in entries() {
            if !e.keyword.is_empty() {
                assert_eq!(tag_for_keyword(e.keyword), Some(e.tag), "{}", e.keyword);
            }
        }
        assert_eq!(
            transfer_syntax_name("1.2.840.10008.1.2").map(|t| t.1),
            Some("ImplicitVRLittleEndian")
        );
    }

    #[test]
    fn vm_allows() {
        let vm = Vm::new(2, 0, 2);
        assert_eq!(vm.to_string(), "2-2n");
        assert!(vm.allows(4) && !vm.allows(3) && !vm.allows(0));
    }
}
