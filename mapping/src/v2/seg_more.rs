//! Rows of implemented segment maps that go through datatype maps added later:
//! MSH-3/5/24/25 endpoints and the MSH-5 Device (`MSH[MessageHeader]`), PID-21
//! (`PID[Patient]` by `CX[RelatedPerson-Mother]`), PV1-37 (`PV1[Encounter]` by
//! `DLD[Location-Discharge]`) and TXA-16 (`TXA[DocumentReference]` by `ST[Identifier]`).

use fhir::{ExtensionValue, Identifier, Primitive, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::{cc_of, ext};

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

fn absent_endpoint() -> Primitive<String> {
    Primitive {
        extension: vec![ext(
            "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
            ExtensionValue::Code(Primitive::new("unknown".to_owned())),
        )],
        ..Default::default()
    }
}

/// MSH endpoints and destination Device (IG `MSH[MessageHeader]` rows for MSH-3/5/24/25):
/// `source.endpoint` from MSH-24 when valued (the IG: it "contains better information"),
/// else MSH-3, by `HD[MessageHeader.source-endpoint]`; `destination.endpoint` likewise from
/// MSH-25, else MSH-5 (`HD[MessageHeader.destination-endpoint]`); `destination.target` the
/// MSH-5 application as a Device (`HD[Device]`, in a message bundle only: the others leave
/// the MessageHeader out). Without any, R4's required endpoint keeps
/// its data-absent-reason.
pub(crate) fn msh_endpoints(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) {
    let Some(header) = cx.ctx.header else { return };
    let source = match (f(s, 24), f(s, 3)) {
        (Some(v), _) => cx.hd_endpoint(v, At::field(24)),
        (None, Some(v)) => {
            // MSH-3 was read (and reported on) for source.name and the old endpoint.
            let mark = cx.issues.len();
            let e = cx.hd_endpoint(v, At::field(3));
            cx.issues.truncate(mark);
            e
        }
        (None, None) => None,
    };
    let dest = match (f(s, 25), f(s, 5)) {
        (Some(v), _) => cx.hd_endpoint(v, At::field(25)),
        (None, Some(v)) => {
            let mark = cx.issues.len();
            let e = cx.hd_endpoint(v, At::field(5));
            cx.issues.truncate(mark);
            e
        }
        (None, None) => None,
    };
    // Only a message bundle keeps the MessageHeader: elsewhere the Device would hang alone.
    let device = match f(s, 5) {
        Some(v) if cx.opts.bundle_type == super::BundleType::Message => {
            cx.hd_device(v, At::field(5))
        }
        _ => None,
    };
    let device = device.map(|i| cx.reference(i));
    let Some(Resource::MessageHeader(h)) = cx.entries.get_mut(header) else {
        return;
    };
    if let (Some(src), Some(e)) = (h.source.as_mut(), source) {
        src.endpoint = Some(Primitive::new(e));
    }
    if h.destination.is_empty() && (dest.is_some() || device.is_some()) {
        h.destination.push(fhir::MessageHeaderDestination {
            endpoint: Some(absent_endpoint()),
            ..Default::default()
        });
    }
    if let Some(d) = h.destination.first_mut() {
        if let Some(e) = dest {
            d.endpoint = Some(Primitive::new(e));
        }
        if d.target.is_none() {
            d.target = device;
        }
    }
}

/// The MSH fields read here and by `MSH[MessageHeader]`.
pub(crate) const MSH_ALL_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 19, 22, 23, 24, 25];

// ---- PID-21 ----------------------------------------------------------------------------------

/// PID-21 → the mother as a RelatedPerson (IG `CX[RelatedPerson-Mother]`): identifier by the
/// CX rows (value, check digit, authority as system or assigner, type, period), patient the
/// Patient, relationship `MTH` (the IG's default when nothing more is known) of v3 RoleCode
/// (the IG names its page; the canonical system URI is used). One RelatedPerson for all the
/// repetitions (they identify one mother).
pub(crate) fn pid_mother(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    f(s, 21)?;
    let Some(patient) = cx.ctx.patient else {
        cx.issue(IssueKind::MissingContext, Some(At::field(21)));
        return None;
    };
    let mut rp = fhir::RelatedPerson {
        patient: Some(cx.reference(patient)),
        relationship: vec![cc_of(
            "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
            "MTH",
            Some("mother"),
        )],
        ..Default::default()
    };
    for (r, v) in Cx::reps(f(s, 21)) {
        rp.identifier.extend(cx.cx(Some(v), At::field(21).rep(r)));
    }
    if rp.identifier.is_empty() {
        return None;
    }
    rp.id = Some(cx.new_id("RelatedPerson"));
    Some(cx.push(Resource::RelatedPerson(Box::new(rp))))
}

/// The PID fields read by `PID[Patient]` with PID-21.
pub(crate) const PID_ALL_FIELDS: &[u16] = &[
    2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 28, 29, 30,
    33, 34, 40,
];

// ---- PV1-37 ----------------------------------------------------------------------------------

/// PV1-37 → `Encounter.hospitalization.destination` (IG `DLD[Location-Discharge]`): a Location
/// whose type is DLD.1 (CWE; the IG's DischargedToLocation concept map has no rows, so the
/// code goes through as coded). DLD.2 (effective date) has no target: the IG prefers PV1-45.
pub(crate) fn pv1_discharge_location(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) {
    let Some(v) = cx.single(f(s, 37), 37) else {
        return;
    };
    let Some(encounter) = cx.ctx.encounter else {
        return;
    };
    let at = At::field(37);
    let raw = String::from_utf8_lossy(v.component(1).map_or(&b""[..], |c| c.raw())).into_owned();
    let loc = match cx.find_key(&["Location", "dld", &raw]) {
        Ok(i) => Some(i),
        Err(key) => {
            // DLD.1 is a CWE in a component: its parts are subcomponents.
            let c1 = v.component(1);
            let code = cx.code_text(c1.and_then(|c| c.subcomponent(1)), at.comp(1));
            let display = cx.text(c1.and_then(|c| c.subcomponent(2)), at.comp(1));
            let system = cx
                .text(c1.and_then(|c| c.subcomponent(3)), at.comp(1))
                .and_then(|n| cx.system_of(&n, at.comp(1)));
            if code.is_none() && display.is_none() {
                None
            } else {
                let type_ = fhir::CodeableConcept {
                    coding: code
                        .map(|code| fhir::Coding {
                            system: system.map(Primitive::new),
                            code: Some(Primitive::new(code)),
                            display: display.clone().map(Primitive::new),
                            ..Default::default()
                        })
                        .into_iter()
                        .collect(),
                    text: None,
                    ..Default::default()
                };
                let loc = fhir::Location {
                    id: Some(cx.new_id("Location")),
                    name: display.map(Primitive::new),
                    type_: vec![type_],
                    ..Default::default()
                };
                let i = cx.push(Resource::Location(Box::new(loc)));
                cx.remember(key, i);
                Some(i)
            }
        }
    };
    if let Some(l) = loc.map(|i| cx.reference(i))
        && let Some(Resource::Encounter(e)) = cx.entries.get_mut(encounter)
    {
        e.hospitalization
            .get_or_insert_with(Default::default)
            .destination = Some(l);
    }
}

// ---- TXA-16 ----------------------------------------------------------------------------------

/// TXA-16 → an identifier of the DocumentReference (IG `ST[Identifier]`: the unique document
/// file name is the identifier's value).
pub(crate) fn txa_file_name(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) {
    let Some(v) = cx.single(f(s, 16), 16) else {
        return;
    };
    let Some(name) = cx.text(Some(v), At::field(16)) else {
        return;
    };
    if let Some(Resource::DocumentReference(d)) = cx.get_mut(cx.ctx.document) {
        d.identifier.push(Identifier {
            value: Some(Primitive::new(name)),
            ..Default::default()
        });
    }
}

/// The TXA fields read by `TXA[DocumentReference]` with TXA-16.
pub(crate) const TXA_ALL_FIELDS: &[u16] = &[1, 2, 4, 8, 9, 12, 13, 16, 17, 18, 21, 23];

#[cfg(test)]
mod tests {
    use super::super::seg;

    #[test]
    fn field_lists_cover_the_segment_maps() {
        for (all, base) in [
            (super::MSH_ALL_FIELDS, seg::MSH_FIELDS),
            (super::PID_ALL_FIELDS, seg::PID_FIELDS),
            (super::TXA_ALL_FIELDS, seg::TXA_FIELDS),
        ] {
            for n in base {
                assert!(all.contains(n), "{n}");
            }
        }
    }
}
