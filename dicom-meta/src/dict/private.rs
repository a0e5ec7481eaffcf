//! Private data dictionaries, keyed by private creator (PS3.5 7.8).

use alloc::string::String;
use alloc::vec::Vec;

use super::private_entries::PRIVATE;
use super::{DictVr, Vm};
use crate::Tag;

/// What a private dictionary knows about a private data element.
///
/// ```
/// use dicom_meta::dict::{DictVr, KnownPrivate, PrivateDictionary};
/// let e = KnownPrivate.lookup("SIEMENS CSA HEADER", 0x0029, 0x10).unwrap();
/// assert_eq!((e.name, e.vm.to_string(), e.retired), ("CSA Image Header Info", "1".to_string(), false));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PrivateEntry<'d> {
    /// The allowed VR(s).
    pub vr: DictVr,
    /// The value multiplicity.
    pub vm: Vm,
    /// The name the creator gives the element.
    pub name: &'d str,
    /// Whether the element is retired.
    pub retired: bool,
}

/// A private data dictionary: what a private creator's elements are.
///
/// A private element (gggg,xxee) belongs to the block reserved by the private creator
/// element (gggg,00xx); the block number `xx` is chosen when the data set is written, so an
/// entry is identified by the creator's identification code, the group and the element byte
/// `ee` (PS3.5 7.8.1). [`Element::private_entry`](crate::Element::private_entry) resolves
/// the creator and asks the dictionary. Dictionaries chain as tuples: `(mine, KnownPrivate)`
/// asks `mine` first.
pub trait PrivateDictionary {
    /// The entry for element byte `element` of a block reserved by `creator` in `group`.
    fn lookup(&self, creator: &str, group: u16, element: u8) -> Option<PrivateEntry<'_>>;
}

/// The private elements that manufacturers have published, as collected by pydicom 3.0.2
/// (`_private_dict.py`, generated into this crate by `codegen/gen_dict.py`): about 10,500
/// elements of 449 private creators.
///
/// ```
/// use dicom_meta::dict::{KnownPrivate, PrivateDictionary, DictVr};
/// use dicom_meta::Vr;
/// let e = KnownPrivate.lookup("SIEMENS CSA HEADER", 0x0029, 0x08).unwrap();
/// assert_eq!(e.name, "CSA Image Header Type");
/// assert_eq!(e.vr, DictVr::One(Vr::CS));
/// assert!(KnownPrivate.lookup("NO SUCH CREATOR", 0x0029, 0x10).is_none());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct KnownPrivate;

/// One generated entry of [`KnownPrivate`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownEntry {
    pub(crate) creator: &'static str,
    pub(crate) group: u16,
    pub(crate) group_mask: u16,
    /// The element byte, or 0x100 for any.
    pub(crate) element: u16,
    pub(crate) vr: DictVr,
    pub(crate) vm: Vm,
    pub(crate) name: &'static str,
}

/// A [`KnownEntry`] (short, for the generated table).
pub(crate) const fn e(
    creator: &'static str,
    group: u16,
    group_mask: u16,
    element: u16,
    vr: DictVr,
    vm: Vm,
    name: &'static str,
) -> KnownEntry {
    KnownEntry {
        creator,
        group,
        group_mask,
        element,
        vr,
        vm,
        name,
    }
}

impl PrivateDictionary for KnownPrivate {
    fn lookup(&self, creator: &str, group: u16, element: u8) -> Option<PrivateEntry<'_>> {
        let creator = creator.trim_end_matches([' ', '\0']);
        let first = PRIVATE.partition_point(|e| e.creator.as_bytes() < creator.as_bytes());
        let mut fallback = None;
        for e in PRIVATE
            .get(first..)?
            .iter()
            .take_while(|e| e.creator == creator)
        {
            if group & e.group_mask != e.group {
                continue;
            }
            let entry = PrivateEntry {
                vr: e.vr,
                vm: e.vm,
                name: e.name,
                retired: false,
            };
            if e.element == u16::from(element) {
                return Some(entry);
            }
            if e.element == 0x100 {
                fallback = Some(entry);
            }
        }
        fallback
    }
}

/// A private dictionary built by the caller.
///
/// ```
/// use dicom_meta::dict::{DictVr, PrivateDict, PrivateDictionary, Vm};
/// use dicom_meta::Vr;
/// let mut d = PrivateDict::new();
/// d.insert("ACME 1.0", 0x0009, 0x01, DictVr::One(Vr::LO), Vm { min: 1, max: Some(1), step: 1 }, "Acme Text");
/// assert_eq!(d.lookup("ACME 1.0", 0x0009, 0x01).unwrap().name, "Acme Text");
/// assert!(d.lookup("ACME 1.0", 0x0011, 0x01).is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct PrivateDict {
    /// (creator, group, element byte, entry), sorted.
    entries: Vec<(String, u16, u8, DictVr, Vm, String)>,
}

impl PrivateDict {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the entry for element byte `element` of `creator`'s block in
    /// `group`.
    pub fn insert(
        &mut self,
        creator: &str,
        group: u16,
        element: u8,
        vr: DictVr,
        vm: Vm,
        name: &str,
    ) {
        let key = (creator, group, element);
        match self
            .entries
            .binary_search_by(|e| (e.0.as_str(), e.1, e.2).cmp(&key))
        {
            Ok(i) => {
                self.entries[i] = (creator.into(), group, element, vr, vm, name.into());
            }
            Err(i) => self
                .entries
                .insert(i, (creator.into(), group, element, vr, vm, name.into())),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl PrivateDictionary for PrivateDict {
    fn lookup(&self, creator: &str, group: u16, element: u8) -> Option<PrivateEntry<'_>> {
        let creator = creator.trim_end_matches([' ', '\0']);
        let i = self
            .entries
            .binary_search_by(|e| (e.0.as_str(), e.1, e.2).cmp(&(creator, group, element)))
            .ok()?;
        let e = self.entries.get(i)?;
        Some(PrivateEntry {
            vr: e.3,
            vm: e.4,
            name: &e.5,
            retired: false,
        })
    }
}

impl<A: PrivateDictionary, B: PrivateDictionary> PrivateDictionary for (A, B) {
    fn lookup(&self, creator: &str, group: u16, element: u8) -> Option<PrivateEntry<'_>> {
        self.0
            .lookup(creator, group, element)
            .or_else(|| self.1.lookup(creator, group, element))
    }
}

impl<D: PrivateDictionary + ?Sized> PrivateDictionary for &D {
    fn lookup(&self, creator: &str, group: u16, element: u8) -> Option<PrivateEntry<'_>> {
        (**self).lookup(creator, group, element)
    }
}

/// The creator element (gggg,00xx) that reserves the block of private element `tag`, when
/// `tag` is a private data element (element 0x1000 or above).
///
/// ```
/// use dicom_meta::{dict::creator_tag, Tag};
/// assert_eq!(creator_tag(Tag::new(0x0029, 0x1108)), Some(Tag::new(0x0029, 0x0011)));
/// assert_eq!(creator_tag(Tag::new(0x0010, 0x0010)), None);
/// ```
pub fn creator_tag(tag: Tag) -> Option<Tag> {
    (tag.is_private() && tag.element() >= 0x1000).then(|| Tag::new(tag.group(), tag.element() >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vr;

    #[test]
    fn known_table_is_sorted_by_creator() {
        assert!(
            PRIVATE
                .windows(2)
                .all(|w| w[0].creator.as_bytes() <= w[1].creator.as_bytes())
        );
        assert_eq!(PRIVATE.len(), 10545);
    }

    #[test]
    fn lookups_and_chains() {
        // Padding of the creator value is not significant.
        let e = KnownPrivate
            .lookup("SIEMENS CSA HEADER ", 0x0029, 0x10)
            .unwrap();
        assert_eq!(e.name, "CSA Image Header Info");
        assert_eq!(e.vr, DictVr::One(Vr::OB));
        assert!(
            KnownPrivate
                .lookup("SIEMENS CSA HEADER", 0x0019, 0x10)
                .is_none()
        );
        let mut mine = PrivateDict::new();
        mine.insert(
            "SIEMENS CSA HEADER",
            0x0029,
            0x10,
            DictVr::One(Vr::UN),
            Vm::new(1, 1, 1),
            "Mine",
        );
        mine.insert(
            "ACME",
            0x0009,
            0x02,
            DictVr::One(Vr::UL),
            Vm::new(1, 1, 1),
            "Count",
        );
        mine.insert(
            "ACME",
            0x0009,
            0x02,
            DictVr::One(Vr::UL),
            Vm::new(1, 1, 1),
            "Count 2",
        );
        assert_eq!(mine.len(), 2);
        let both = (&mine, KnownPrivate);
        assert_eq!(
            both.lookup("SIEMENS CSA HEADER", 0x0029, 0x10)
                .unwrap()
                .name,
            "Mine"
        );
        assert_eq!(
            both.lookup("SIEMENS CSA HEADER", 0x0029, 0x08)
                .unwrap()
                .name,
            "CSA Image Header Type"
        );
        assert_eq!(both.lookup("ACME", 0x0009, 0x02).unwrap().name, "Count 2");
        assert_eq!(
            creator_tag(Tag::new(0x0029, 0x1108)),
            Some(Tag::new(0x0029, 0x0011))
        );
        assert_eq!(creator_tag(Tag::new(0x0029, 0x0010)), None);
        assert_eq!(creator_tag(Tag::new(0x0028, 0x1108)), None);
    }
}
