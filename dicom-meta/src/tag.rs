//! Data element tags.

use core::fmt;

/// A data element tag: group number in the high 16 bits, element number in the low 16 bits.
///
/// `Display` and `Debug` print the standard `(gggg,eeee)` form. Tags compare in the order
/// data elements must appear in a data set.
///
/// ```
/// use dicom_meta::{Tag, tags};
/// let t = Tag::new(0x0010, 0x0010);
/// assert_eq!(t, tags::PatientName);
/// assert_eq!(t.to_string(), "(0010,0010)");
/// assert_eq!(Tag::parse("(0010,0010)"), Some(t));
/// assert_eq!(Tag::parse("00100010"), Some(t));
/// assert!(Tag::new(0x0009, 0x0010).is_private_creator());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Tag(pub u32);

impl Tag {
    /// Item (FFFE,E000).
    pub const ITEM: Tag = Tag(0xFFFE_E000);
    /// Item Delimitation Item (FFFE,E00D).
    pub const ITEM_DELIMITATION: Tag = Tag(0xFFFE_E00D);
    /// Sequence Delimitation Item (FFFE,E0DD).
    pub const SEQUENCE_DELIMITATION: Tag = Tag(0xFFFE_E0DD);
    /// Pixel Data (7FE0,0010).
    pub const PIXEL_DATA: Tag = Tag(0x7FE0_0010);
    /// Specific Character Set (0008,0005).
    pub const SPECIFIC_CHARACTER_SET: Tag = Tag(0x0008_0005);
    /// Transfer Syntax UID (0002,0010).
    pub const TRANSFER_SYNTAX_UID: Tag = Tag(0x0002_0010);
    /// File Meta Information Group Length (0002,0000).
    pub const FILE_META_GROUP_LENGTH: Tag = Tag(0x0002_0000);

    /// A tag from its group and element numbers.
    pub const fn new(group: u16, element: u16) -> Tag {
        Tag(((group as u32) << 16) | element as u32)
    }

    /// The group number.
    pub const fn group(self) -> u16 {
        (self.0 >> 16) as u16
    }

    /// The element number.
    pub const fn element(self) -> u16 {
        self.0 as u16
    }

    /// Whether the group number is odd (a private group), excluding groups 0001, 0003, 0005
    /// and 0007, which may not be used.
    pub const fn is_private(self) -> bool {
        let g = self.group();
        g & 1 == 1 && g > 0x0007
    }

    /// Whether this is a private creator element (gggg,0010–00FF) in a private group.
    pub const fn is_private_creator(self) -> bool {
        self.is_private() && self.element() >= 0x0010 && self.element() <= 0x00FF
    }

    /// Whether this is a group length element (gggg,0000).
    pub const fn is_group_length(self) -> bool {
        self.element() == 0
    }

    /// Whether this is one of the item or delimitation tags of group FFFE.
    pub const fn is_delimiter(self) -> bool {
        matches!(
            self,
            Tag::ITEM | Tag::ITEM_DELIMITATION | Tag::SEQUENCE_DELIMITATION
        )
    }

    /// Parses `(gggg,eeee)`, `gggg,eeee` or `ggggeeee` (hexadecimal, either case).
    pub fn parse(s: &str) -> Option<Tag> {
        let b = s.as_bytes();
        let inner = match b {
            [b'(', inner @ .., b')'] => inner,
            _ => b,
        };
        let (g, e) = match inner.len() {
            9 if inner[4] == b',' => (&inner[..4], &inner[5..]),
            8 => (&inner[..4], &inner[4..]),
            _ => return None,
        };
        Some(Tag::new(hex4(g)?, hex4(e)?))
    }
}

fn hex4(b: &[u8]) -> Option<u16> {
    let mut v = 0u16;
    for &c in b {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u16::from(d);
    }
    Some(v)
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:04X},{:04X})", self.group(), self.element())
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<(u16, u16)> for Tag {
    fn from((g, e): (u16, u16)) -> Tag {
        Tag::new(g, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        let t = Tag::new(0x7FE0, 0x0010);
        for s in ["(7FE0,0010)", "7fe0,0010", "7FE00010", "(7fe00010)"] {
            assert_eq!(Tag::parse(s), Some(t), "{s}");
        }
        for s in [
            "",
            "(7FE0,001)",
            "7FE0;0010",
            "7FE0001G",
            "(7FE0,0010",
            "é7FE00010",
        ] {
            assert_eq!(Tag::parse(s), None, "{s}");
        }
    }

    #[test]
    fn classes() {
        assert!(Tag::new(0x0029, 0x1010).is_private());
        assert!(!Tag::new(0x0029, 0x1010).is_private_creator());
        assert!(!Tag::new(0x0007, 0x0010).is_private());
        assert!(Tag::ITEM.is_delimiter());
        assert!(Tag::new(0x0008, 0x0000).is_group_length());
        assert!(Tag::new(0x0008, 0x0016) < Tag::new(0x0010, 0x0010));
    }
}
