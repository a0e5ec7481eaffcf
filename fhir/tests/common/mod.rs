//! Builds populated instances of any generated type by walking its tables: every element, a
//! rotating choice variant, ids and extensions on some primitives, value-less primitives in some
//! arrays, arrays of two near the top.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;

use fhir::model::{
    ChoiceSlot, ElementType, FieldInfo, FieldMut, Object, PrimitiveDyn, PrimitiveType, ValueMut,
};
use fhir::{Extension, Resource};

/// Complex elements deeper than this are filled only when required.
pub const MAX_DEPTH: usize = 3;

#[derive(Default)]
pub struct Filler {
    pub counter: usize,
}

pub fn sample(ty: PrimitiveType, codes: Option<&'static [&'static str]>, n: usize) -> String {
    use PrimitiveType as P;
    let s = match ty {
        P::Boolean => ["true", "false"][n % 2],
        P::Integer => ["-42", "0", "2147483647"][n % 3],
        P::UnsignedInt => ["0", "7"][n % 2],
        P::PositiveInt => ["1", "3"][n % 2],
        P::Decimal => [
            "13.50",
            "-0.001",
            "1.0e-3",
            "100",
            "3.14159265358979323846264338327950288",
        ][n % 5],
        P::Date => ["2024-02-29", "1980", "1980-01"][n % 3],
        P::DateTime => [
            "2024-02-29T10:20:30.123+01:00",
            "2024",
            "2015-02-07T13:28:17Z",
            "2024-05-05",
        ][n % 4],
        P::Instant => ["2015-02-07T13:28:17.239+02:00", "2024-01-01T00:00:00Z"][n % 2],
        P::Time => ["08:30:00", "23:59:59.5"][n % 2],
        P::String => [
            "Text with \"quotes\", \\ backslash, ü, 漢字, 😀 and\na newline",
            "plain",
        ][n % 2],
        P::Markdown => "**bold** _text_",
        P::Id => ["id-1.2", "A"][n % 2],
        P::Oid => "urn:oid:1.2.840.10008.1",
        P::Uuid => "urn:uuid:c757873d-ec9a-4326-a141-556f43239520",
        P::Uri => "http://example.org/fhir/x",
        P::Url => "https://example.org/path?q=1",
        P::Canonical => "http://example.org/fhir/StructureDefinition/x|1.0",
        P::Base64Binary => "SGVsbG8gV29ybGQ=",
        P::Code => match codes {
            Some(c) if !c.is_empty() => c[n % c.len()],
            _ => ["code-1", "a b"][n % 2],
        },
        P::Xhtml => {
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Narrative &amp; <b>text</b></p></div>"
        }
        _ => "x",
    };
    s.to_string()
}

fn simple_extension(n: usize) -> Extension {
    let mut e = Extension {
        url: format!("http://example.org/fhir/StructureDefinition/ext-{n}").into(),
        ..Default::default()
    };
    // valueString is choice variant of Extension.value; set through the tables.
    let info = e.type_info();
    let fi = info.field_index("value").unwrap();
    let vi = info.fields[fi]
        .choices
        .iter()
        .position(|c| {
            c.type_name
                == if n.is_multiple_of(2) {
                    "string"
                } else {
                    "boolean"
                }
        })
        .unwrap();
    let Some(FieldMut::Choice(slot)) = e.field_mut(fi) else {
        panic!()
    };
    let Some(ValueMut::Primitive(p)) = slot.select(vi) else {
        panic!()
    };
    let ty = if n.is_multiple_of(2) {
        PrimitiveType::String
    } else {
        PrimitiveType::Boolean
    };
    assert!(p.set_lexical(Cow::Owned(sample(ty, None, n))));
    e
}

impl Filler {
    fn next(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    fn primitive(
        &mut self,
        p: &mut dyn PrimitiveDyn,
        ty: PrimitiveType,
        depth: usize,
        value_less_ok: bool,
    ) {
        let n = self.next();
        let codes = p.allowed_codes();
        if value_less_ok && n.is_multiple_of(11) {
            // Only extensions: `null` in the value array.
            p.extension_mut().push(simple_extension(n));
            return;
        }
        assert!(p.set_lexical(Cow::Owned(sample(ty, codes, n))), "{ty:?}");
        if depth <= 1 && n.is_multiple_of(5) {
            p.extension_mut().push(simple_extension(n));
        }
        if n.is_multiple_of(7) {
            *p.id_mut() = Some(format!("p{n}"));
        }
    }

    /// Fills every element of `obj` (complex ones up to [`MAX_DEPTH`], then only required).
    pub fn fill(&mut self, obj: &mut dyn Object, depth: usize) {
        let info = obj.type_info();
        for (i, f) in info.fields.iter().enumerate() {
            self.fill_field(obj, i, f, depth);
        }
    }

    fn fill_field(&mut self, obj: &mut dyn Object, i: usize, f: &'static FieldInfo, depth: usize) {
        let count = if f.is_array() {
            if depth <= 1 { 2 } else { 1 }
        } else {
            1
        };
        let deep = depth >= MAX_DEPTH && f.min == 0;
        let is_ext = matches!(f.name, "extension" | "modifierExtension");
        match (obj.field_mut(i).unwrap(), f.ty) {
            (FieldMut::Plain(slot), ElementType::Plain(ty)) => {
                let n = self.next();
                slot.set(sample(ty, None, n));
            }
            (FieldMut::Primitive(slot), ElementType::Primitive(ty)) => {
                for _ in 0..count {
                    let p = slot.push();
                    self.primitive(p, ty, depth, f.is_array());
                }
            }
            (FieldMut::Object(slot), ElementType::Complex(_)) => {
                if deep || (is_ext && depth >= 2) {
                    return;
                }
                let count = if is_ext { 1 } else { count };
                for _ in 0..count {
                    let o = slot.push();
                    self.fill(o, depth + 1);
                }
            }
            (FieldMut::Resource(slot), _) => {
                if depth >= 1 && f.min == 0 {
                    return;
                }
                let names: Vec<&str> = fhir::resource_types().collect();
                let n = self.next();
                let mut r = Resource::new_of_type(names[n % names.len()]).unwrap();
                self.fill(r.as_object_mut(), MAX_DEPTH);
                slot.push(r);
            }
            (FieldMut::Choice(slot), ElementType::Choice) => {
                if deep && f.min == 0 && depth > MAX_DEPTH + 1 {
                    return;
                }
                let n = self.next();
                let mut v = n % f.choices.len();
                if depth >= MAX_DEPTH {
                    // Prefer a primitive variant deep down.
                    if let Some(p) = f
                        .choices
                        .iter()
                        .position(|c| matches!(c.ty, ElementType::Primitive(_)))
                    {
                        v = p;
                    }
                }
                self.fill_choice(slot, f, v, depth);
            }
            _ => panic!("table and accessor disagree for {}", f.name),
        }
    }

    fn fill_choice(
        &mut self,
        slot: &mut dyn ChoiceSlot,
        f: &'static FieldInfo,
        v: usize,
        depth: usize,
    ) {
        let ty = f.choices[v].ty;
        match slot.select(v).unwrap() {
            ValueMut::Primitive(p) => {
                let ElementType::Primitive(pt) = ty else {
                    panic!()
                };
                self.primitive(p, pt, depth, false);
            }
            ValueMut::Object(o) => self.fill(o, depth + 1),
        }
    }
}

/// A populated resource of the named type.
pub fn populated(resource_type: &str) -> Resource {
    let mut r = Resource::new_of_type(resource_type).unwrap();
    Filler::default().fill(r.as_object_mut(), 0);
    r
}
