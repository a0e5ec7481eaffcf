//! proptest over the generated types: a resource of a random type, filled from its type table
//! starting at a random point of the sample values (so the values, the choice variants picked
//! and where primitive extensions and ids fall all vary), reads back from its own JSON (compact
//! and pretty) and from its own XML as the same model: `parse(write(v)) == v`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Filler;
use fhir::{Resource, json};
use proptest::prelude::*;

fn instance(ty: prop::sample::Index, seed: usize) -> (&'static str, Resource) {
    let names: Vec<&'static str> = fhir::resource_types().collect();
    let name = names[ty.index(names.len())];
    let mut r = Resource::new_of_type(name).unwrap();
    Filler { counter: seed }.fill(r.as_object_mut(), 0);
    (name, r)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_instances_round_trip_json(ty in any::<prop::sample::Index>(), seed in 0usize..100_000) {
        let (name, r) = instance(ty, seed);
        let compact = json::to_vec(&r);
        let back = json::from_slice(&compact)
            .unwrap_or_else(|e| panic!("{name} (seed {seed}): {e}"));
        prop_assert!(back == r, "{} (seed {}): model differs after JSON", name, seed);
        prop_assert_eq!(json::to_vec(&back), compact);
        let pretty = json::to_vec_pretty(&r);
        let back = json::from_slice(&pretty)
            .unwrap_or_else(|e| panic!("{name} (seed {seed}, pretty): {e}"));
        prop_assert!(back == r, "{} (seed {}): model differs after pretty JSON", name, seed);
    }

    #[cfg(feature = "xml")]
    #[test]
    fn generated_instances_round_trip_xml(ty in any::<prop::sample::Index>(), seed in 0usize..100_000) {
        let (name, r) = instance(ty, seed);
        let out = fhir::xml::to_vec(&r).unwrap();
        let back = fhir::xml::from_slice(&out)
            .unwrap_or_else(|e| panic!("{name} (seed {seed}): {e}"));
        prop_assert!(back == r, "{} (seed {}): model differs after XML", name, seed);
        prop_assert_eq!(json::to_vec(&back), json::to_vec(&r));
    }
}
