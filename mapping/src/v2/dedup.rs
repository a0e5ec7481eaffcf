//! "Add once" for lists that grow with the message: the addresses, telecoms, identifiers,
//! contacts and references a shared resource gathers from many segments (or one field with
//! many repetitions). A linear `contains` per added item is quadratic in such a message, so
//! beyond [`SMALL`] items a hash index of the list is kept beside it (built on first need,
//! so ordinary messages pay nothing). Items go in the same order and are kept or skipped
//! exactly as with `contains`: the index only narrows the candidates, `==` decides.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use fhir::{Address, Annotation, CodeableConcept, ContactPoint, Identifier, Reference};

use super::ctx::KeyHasher;

/// Lists up to this long are searched directly.
const SMALL: usize = 16;

/// A value's hash from some of the fields its `==` compares: equal values hash equally;
/// unequal ones may collide (the index then compares them).
pub(crate) trait Fingerprint {
    /// Feeds the fields to `h`.
    fn fingerprint(&self, h: &mut KeyHasher);
}

fn s(h: &mut KeyHasher, v: Option<&fhir::Primitive<fhir::FhirString>>) {
    v.and_then(|p| p.as_str()).hash(h);
}

impl Fingerprint for Address {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.text.as_ref());
        for l in &self.line {
            s(h, Some(l));
        }
        s(h, self.city.as_ref());
        s(h, self.postal_code.as_ref());
    }
}

impl Fingerprint for ContactPoint {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.value.as_ref());
    }
}

impl Fingerprint for Identifier {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.value.as_ref());
        s(h, self.system.as_ref());
    }
}

impl Fingerprint for Reference {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.reference.as_ref());
        s(h, self.display.as_ref());
    }
}

impl Fingerprint for Annotation {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.text.as_ref());
    }
}

impl Fingerprint for CodeableConcept {
    fn fingerprint(&self, h: &mut KeyHasher) {
        s(h, self.text.as_ref());
        for c in &self.coding {
            s(h, c.code.as_ref());
        }
    }
}

impl Fingerprint for fhir::OrganizationContact {
    fn fingerprint(&self, h: &mut KeyHasher) {
        if let Some(n) = &self.name {
            s(h, n.family.as_ref());
            for g in &n.given {
                s(h, Some(g));
            }
            s(h, n.text.as_ref());
        }
        for t in &self.telecom {
            t.fingerprint(h);
        }
    }
}

fn hash_of<T: Fingerprint>(v: &T) -> u64 {
    let mut h = KeyHasher::default();
    v.fingerprint(&mut h);
    h.finish()
}

/// Which list of an entry an index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum List {
    /// `address`.
    Address,
    /// `telecom`.
    Telecom,
    /// `identifier`.
    Identifier,
    /// `contact` (Organization).
    Contact,
    /// `type` (Organization).
    Type,
    /// `generalPractitioner` (Patient), `performer` (Observation).
    Reference,
    /// `note`.
    Note,
}

/// The hash index of one list: item hash → positions, for the first `covered` items.
#[derive(Default)]
pub(crate) struct Index {
    covered: usize,
    slots: HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>>,
}

/// The indexes of one conversion, by entry and list.
#[derive(Default)]
pub(crate) struct Indexes(HashMap<(usize, List), Index, BuildHasherDefault<KeyHasher>>);

impl Indexes {
    /// Pushes `item` to `list` (the `which` list of entry `entry`) unless an equal item is
    /// in it. Returns whether it was added.
    pub(crate) fn push_unique<T: Fingerprint + PartialEq>(
        &mut self,
        entry: usize,
        which: List,
        list: &mut Vec<T>,
        item: T,
    ) -> bool {
        if list.len() < SMALL {
            if list.contains(&item) {
                return false;
            }
            list.push(item);
            return true;
        }
        let index = self.0.entry((entry, which)).or_default();
        if index.covered > list.len() {
            // The list was cut down since: index it afresh.
            *index = Index::default();
        }
        for (i, v) in list.iter().enumerate().skip(index.covered) {
            index.slots.entry(hash_of(v)).or_default().push(i);
        }
        let h = hash_of(&item);
        let slot = index.slots.entry(h).or_default();
        if slot.iter().any(|&i| list.get(i) == Some(&item)) {
            index.covered = list.len();
            return false;
        }
        slot.push(list.len());
        list.push(item);
        index.covered = list.len();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fhir::Primitive;

    fn tel(v: &str) -> ContactPoint {
        ContactPoint {
            value: Some(Primitive::copied(v)),
            ..Default::default()
        }
    }

    #[test]
    fn same_result_as_contains_for_long_lists() {
        let mut idx = Indexes::default();
        let mut a = Vec::new();
        let mut b: Vec<ContactPoint> = Vec::new();
        for i in 0..200 {
            let t = tel(&format!("{}", (i * 7) % 61));
            let added = idx.push_unique(3, List::Telecom, &mut a, t.clone());
            let expect = !b.contains(&t);
            if expect {
                b.push(t);
            }
            assert_eq!(added, expect);
        }
        assert_eq!(a, b);
        assert_eq!(a.len(), 61);
        // Items pushed around the index are still seen.
        a.push(tel("x"));
        assert!(!idx.push_unique(3, List::Telecom, &mut a, tel("x")));
        // A shortened list is indexed afresh.
        a.truncate(20);
        assert!(idx.push_unique(3, List::Telecom, &mut a, tel("x")));
        assert!(!idx.push_unique(3, List::Telecom, &mut a, tel("7")));
    }
}
