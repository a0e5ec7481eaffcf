//! Generated-instance tests: for every resource type, an instance populated from the type
//! tables round-trips JSON -> model -> JSON byte for byte (compact and pretty), and every
//! variant of every top-level choice element (and of `Extension.value[x]`) does too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::borrow::Cow;

use common::{Filler, populated, sample};
use fhir::model::{ElementType, FieldMut, Object, ValueMut};
use fhir::{Extension, Resource, json};

fn roundtrip(r: &Resource) -> usize {
    let compact = json::to_vec(r);
    let back = json::from_slice(&compact).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n{}",
            r.resource_type(),
            String::from_utf8_lossy(&compact)
        )
    });
    assert!(
        back == *r,
        "{}: model differs after JSON",
        r.resource_type()
    );
    assert_eq!(json::to_vec(&back), compact, "{}", r.resource_type());
    let pretty = json::to_vec_pretty(r);
    let back = json::from_slice(&pretty).unwrap();
    assert!(
        back == *r,
        "{}: model differs after pretty JSON",
        r.resource_type()
    );
    // Both are valid JSON with the same content.
    let a: serde_json::Value = serde_json::from_slice(&compact).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
    assert_eq!(a, b);
    assert!(a.is_object());
    assert!(
        compact.starts_with(format!("{{\"resourceType\":\"{}\"", r.resource_type()).as_bytes())
    );
    compact.len()
}

#[test]
fn every_resource_type_round_trips() {
    let mut n = 0;
    let mut bytes = 0;
    for name in fhir::resource_types() {
        let r = populated(name);
        assert_eq!(r.resource_type(), name);
        bytes += roundtrip(&r);
        n += 1;
    }
    assert_eq!(n, 146);
    eprintln!("{n} resource types, {bytes} bytes of JSON round-tripped");
}

#[test]
fn every_top_level_choice_variant_round_trips() {
    let mut variants = 0;
    for name in fhir::resource_types() {
        let info = fhir::type_info(name).unwrap();
        for (fi, f) in info.fields.iter().enumerate() {
            for v in 0..f.choices.len() {
                let mut r = Resource::new_of_type(name).unwrap();
                let mut filler = Filler::default();
                // Required elements first, so that strict parsing accepts the instance.
                for (j, g) in info.fields.iter().enumerate() {
                    if g.min > 0 && j != fi {
                        let mut one = Resource::new_of_type(name).unwrap();
                        filler.fill(one.as_object_mut(), common::MAX_DEPTH);
                        copy_field(&one, &mut r, j);
                    }
                }
                let Some(FieldMut::Choice(slot)) = r.as_object_mut().field_mut(fi) else {
                    panic!()
                };
                match slot.select(v).unwrap() {
                    ValueMut::Primitive(p) => {
                        let ElementType::Primitive(ty) = f.choices[v].ty else {
                            panic!()
                        };
                        assert!(p.set_lexical(Cow::Owned(sample(ty, p.allowed_codes(), v))));
                    }
                    ValueMut::Object(o) => filler.fill(o, 1),
                }
                roundtrip(&r);
                variants += 1;
            }
        }
    }
    assert!(variants >= 160, "{variants}");
}

/// Copies element `j` from one resource to another of the same type via JSON.
fn copy_field(from: &Resource, to: &mut Resource, j: usize) {
    // Simplest faithful copy: write `from` restricted to element `j`, merge by re-parsing.
    let info = from.type_info();
    let name = info.fields[j].name;
    let full: serde_json::Value = serde_json::from_slice(&json::to_vec(from)).unwrap();
    let mut current: serde_json::Value = serde_json::from_slice(&json::to_vec(&*to)).unwrap();
    for (k, v) in full.as_object().unwrap() {
        let base = k.strip_prefix('_').unwrap_or(k);
        if base == name
            || info.fields[j]
                .choices
                .iter()
                .any(|c| format!("{name}{}", c.suffix) == base)
        {
            current
                .as_object_mut()
                .unwrap()
                .insert(k.clone(), v.clone());
        }
    }
    let parsed = json::from_slice_with(
        &serde_json::to_vec(&current).unwrap(),
        &json::ParseOptions::lenient(),
    )
    .unwrap();
    *to = parsed.value;
}

#[test]
fn every_extension_value_type_round_trips() {
    let info = fhir::type_info("Extension").unwrap();
    let fi = info.field_index("value").unwrap();
    let f = &info.fields[fi];
    assert_eq!(f.choices.len(), 50);
    for v in 0..f.choices.len() {
        let mut e = Extension {
            url: "http://example.org/x".into(),
            ..Default::default()
        };
        let mut filler = Filler::default();
        let Some(FieldMut::Choice(slot)) = e.field_mut(fi) else {
            panic!()
        };
        match slot.select(v).unwrap() {
            ValueMut::Primitive(p) => {
                let ElementType::Primitive(ty) = f.choices[v].ty else {
                    panic!()
                };
                assert!(p.set_lexical(Cow::Owned(sample(ty, None, v))));
            }
            ValueMut::Object(o) => filler.fill(o, 1),
        }
        let out = json::to_vec(&e);
        let back: Extension = json::from_slice_as(&out, &Default::default())
            .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&out)))
            .value;
        assert!(back == e, "{}", f.choices[v].type_name);
        assert_eq!(json::to_vec(&back), out);
    }
}

#[test]
fn resource_type_may_come_last() {
    let r = populated("Observation");
    // Move the key by hand (serde_json would not keep decimals as written).
    let text = String::from_utf8(json::to_vec(&r)).unwrap();
    let rest = text
        .strip_prefix(r#"{"resourceType":"Observation","#)
        .unwrap();
    let text = format!(
        "{{{},\"resourceType\":\"Observation\"}}",
        &rest[..rest.len() - 1]
    );
    assert!(!text.starts_with("{\"resourceType\""));
    let text = text.into_bytes();
    assert!(json::from_slice(&text).unwrap() == r);
}

#[test]
fn underscore_keys_before_values_round_trip() {
    // `_given` before `given` and `_birthDate` before `birthDate`.
    let input = br#"{"resourceType":"Patient","name":[{"_given":[{"id":"a"},null,{"extension":[{"url":"http://x","valueCode":"masked"}]}],"given":["Anna","Maria",null]}],"_birthDate":{"id":"b"},"birthDate":"1980"}"#;
    let r = json::from_slice(input).unwrap();
    let out = json::to_vec(&r);
    assert_eq!(
        std::str::from_utf8(&out).unwrap(),
        r#"{"resourceType":"Patient","name":[{"given":["Anna","Maria",null],"_given":[{"id":"a"},null,{"extension":[{"url":"http://x","valueCode":"masked"}]}]}],"birthDate":"1980","_birthDate":{"id":"b"}}"#
    );
}

#[test]
fn debug_never_shows_values() {
    let r = populated("Patient");
    let dbg = format!("{r:?}");
    assert!(dbg.starts_with("Patient {"), "{dbg}");
    for secret in [
        "Text with",
        "plain",
        "2024-02-29",
        "1980",
        "id-1.2",
        "example.org",
    ] {
        assert!(!dbg.contains(secret), "{secret} in {dbg}");
    }
    let Resource::Patient(p) = &r else { panic!() };
    let dbg = format!("{:?}", p.name[0]);
    assert!(dbg.contains("given: [2 items]"), "{dbg}");
}

/// Writes every populated instance to `$FHIR_DUMP_DIR/<Type>.json`, e.g. to check them
/// against the official JSON schema with an outside validator.
#[test]
#[ignore = "writes files; run with FHIR_DUMP_DIR=dir cargo test --test roundtrip -- --ignored"]
fn dump_populated() {
    let dir = std::env::var("FHIR_DUMP_DIR").expect("FHIR_DUMP_DIR");
    std::fs::create_dir_all(&dir).unwrap();
    for name in fhir::resource_types() {
        let out = json::to_vec_pretty(&populated(name));
        std::fs::write(format!("{dir}/{name}.json"), out).unwrap();
    }
}
