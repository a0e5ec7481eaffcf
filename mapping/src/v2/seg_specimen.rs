//! OBR → Specimen (IG `OBR[Specimen]`, with `SPS[Specimen-Source]`).
//!
//! The IG makes one Specimen from the OBR's specimen fields, referenced by the report, the
//! order and the observations of the OBR. When the OBR's group carries an SPM segment, the
//! SPM (IG `SPM[Specimen]`) describes the specimen instead and these OBR fields are left to
//! be reported, so that one specimen does not become two.

use fhir::{Annotation, CodeableConcept, Coding, Primitive, Quantity, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::concept_coding;
use super::tables as t;
use super::vocab::{self, ConceptMap};

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// The OBR fields `OBR[ServiceRequest]`/`OBR[DiagnosticReport]` and `OBR[Specimen]` read.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const OBR_SPECIMEN_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 22, 24, 25, 31, 32, 39,
];

/// Whether an SPM follows the OBR at `pos` within its group.
fn group_has_spm(msg: &hl7v2::Message<'_>, pos: usize) -> bool {
    let mut i = pos + 1;
    while let Some(s) = msg.segment(i) {
        match s.id() {
            b"SPM" => return true,
            b"OBR" | b"ORC" | b"PID" | b"MSH" => return false,
            _ => i += 1,
        }
    }
    false
}

/// A CWE held in one component (its parts are subcomponents) → CodeableConcept, through
/// `map` when the code is from the map's table (or has no system).
fn sub_cwe(
    cx: &mut Cx<'_>,
    c: Option<Value<'_, '_>>,
    at: At,
    map: Option<&'static ConceptMap>,
) -> Option<CodeableConcept> {
    let c = c.filter(|c| !c.is_empty())?;
    let code = cx.code_text(c.subcomponent(1), at);
    let display = cx.text(c.subcomponent(2), at);
    let system_name = cx.text(c.subcomponent(3), at);
    let mut cc = CodeableConcept::default();
    let system = system_name.as_deref().and_then(vocab::coding_system);
    if let (Some(map), Some(code)) = (map, code.as_deref()) {
        let own = system.as_deref().is_none_or(|s| map.is_v2_system(s));
        if own && let Some(m) = cx.lookup(map, code, at) {
            cc.coding.push(concept_coding(m));
        }
    }
    let system = system.or_else(|| {
        map.and_then(|m| m.v2_system())
            .filter(|_| system_name.is_none())
    });
    match code {
        Some(code) => {
            let dup = cc.coding.iter().any(|k| {
                k.code.as_ref().and_then(|x| x.as_str()) == Some(code.as_str())
                    && k.system.as_ref().and_then(|x| x.as_str()) == system.as_deref()
            });
            if !dup {
                cc.coding.push(Coding {
                    system: system.map(Primitive::from),
                    code: Some(Primitive::from(code)),
                    display: display.map(Primitive::from),
                    ..Default::default()
                });
            }
        }
        None => cc.text = display.map(Primitive::from),
    }
    (!cc.coding.is_empty() || cc.text.is_some()).then_some(cc)
}

/// OBR → Specimen (IG `OBR[Specimen]`); returns the Specimen when one was made (the OBR
/// has specimen data and its group no SPM).
pub(crate) fn obr_specimen(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
) -> Option<usize> {
    const SPECIMEN_FIELDS: [u16; 7] = [7, 8, 9, 10, 14, 15, 39];
    if !SPECIMEN_FIELDS.iter().any(|&n| f(s, n).is_some()) || group_has_spm(msg, s.index()) {
        return None;
    }
    let patient = cx.ctx.patient?;
    let mut sp = fhir::Specimen {
        subject: Some(cx.reference(patient)),
        ..Default::default()
    };
    let mut col = fhir::SpecimenCollection::default();
    // OBR-7/8 → collected (a period with OBR-8). Read again: OBR[DiagnosticReport] reported
    // their issues.
    let mark = cx.issues.len();
    let start = cx.single(f(s, 7), 7);
    let end = cx.single(f(s, 8), 8);
    col.collected = match end {
        Some(_) => cx
            .period(start, end, At::field(7), At::field(8))
            .map(|p| fhir::SpecimenCollectionCollected::Period(Box::new(p))),
        None => cx
            .dtm(start, At::field(7))
            .map(fhir::SpecimenCollectionCollected::DateTime),
    };
    cx.issues.truncate(mark);
    // OBR-9 (CQ) → collection.quantity.
    if let Some(v) = cx.single(f(s, 9), 9)
        && let Some(d) = cx.decimal(v.component(1), At::field(9).comp(1))
    {
        let mut q = Quantity {
            value: Some(Primitive::from(d)),
            ..Default::default()
        };
        if let Some(u) = v.component(2) {
            let code = cx.code_text(u.subcomponent(1), At::field(9).comp(2));
            let text = cx.text(u.subcomponent(2), At::field(9).comp(2));
            let sys = cx.text(u.subcomponent(3), At::field(9).comp(2));
            q.unit = text.or(code.clone()).map(Primitive::from);
            if sys
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("UCUM"))
                && code.is_some()
            {
                q.system = Some(Primitive::from("http://unitsofmeasure.org"));
                q.code = code.map(Primitive::from);
            }
        }
        col.quantity = Some(q);
    }
    // OBR-10 → collector (XCN[Practitioner], 0..1).
    if let Some(v) = cx.single(f(s, 10), 10)
        && let Some(i) = cx.xcn(v, At::field(10))
    {
        col.collector = Some(cx.reference(i));
    }
    // OBR-14 → receivedTime.
    sp.received_time = {
        let v = cx.single(f(s, 14), 14);
        cx.dtm(v, At::field(14))
    };
    // OBR-15 (SPS) → type, container additive, note, body site, condition.
    if let Some(v) = cx.single(f(s, 15), 15) {
        let at = At::field(15);
        sp.type_ = sub_cwe(cx, v.component(1), at.comp(1), Some(&t::SPECIMEN_TYPE));
        if let Some(add) = sub_cwe(
            cx,
            v.component(2),
            at.comp(2),
            Some(&t::ADDITIVE_PRESERVATIVE),
        ) {
            sp.container.push(fhir::SpecimenContainer {
                additive: Some(fhir::SpecimenContainerAdditive::CodeableConcept(Box::new(
                    add,
                ))),
                ..Default::default()
            });
        }
        if let Some(text) = cx.comp_text(v, 3, at) {
            sp.note.push(Annotation {
                text: Some(Primitive::from(text)),
                ..Default::default()
            });
        }
        col.body_site = sub_cwe(cx, v.component(4), at.comp(4), Some(&t::BODY_SITE));
        sp.condition.extend(sub_cwe(
            cx,
            v.component(6),
            at.comp(6),
            Some(&t::SPECIMEN_CONDITION),
        ));
        if v.component(5).is_some_and(|c| !c.is_empty()) {
            cx.issue(IssueKind::UnmappedField, Some(at.comp(5)));
        }
    }
    // OBR-39 → notes.
    for (r, v) in Cx::reps(f(s, 39)) {
        if let Some(cc) = cx.cwe(Some(v), At::field(39).rep(r), None) {
            let text = cc.text.clone().or_else(|| {
                cc.coding
                    .first()
                    .and_then(|c| c.display.clone().or_else(|| c.code.clone()))
            });
            if text.is_some() {
                sp.note.push(Annotation {
                    text,
                    ..Default::default()
                });
            }
        }
    }
    if col != fhir::SpecimenCollection::default() {
        sp.collection = Some(col);
    }
    if let Some(o) = cx.ctx.order {
        sp.request.push(cx.reference(o));
    }
    sp.id = Some(cx.new_id("Specimen"));
    let i = cx.push(Resource::Specimen(Box::new(sp)));
    let r = cx.reference(i);
    if let Some(Resource::DiagnosticReport(dr)) = cx.get_mut(cx.ctx.report) {
        dr.specimen.push(r.clone());
    }
    if let Some(Resource::ServiceRequest(sr)) = cx.get_mut(cx.ctx.order) {
        sr.specimen.push(r);
    }
    cx.ctx.specimen = Some(i);
    Some(i)
}
