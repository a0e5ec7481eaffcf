//! ORC → DiagnosticReport in results messages (IG `ORC[DiagnosticReport]`).
//!
//! In ORU the ORC comes before the OBR that makes the DiagnosticReport, so the ORC's
//! report fields are applied when the OBR has been read: ORC-2/3 identifiers (PLAC/FILL,
//! when the OBR did not give the same), ORC-4 (EIP) placer/filler group identifiers,
//! ORC-16 the `event-statusReason` extension, ORC-28 `meta.security` (ConfidentialityCode).

use fhir::{ExtensionValue, Identifier, Resource};
use hl7v2::{Segment, Value};

use super::ctx::{At, Cx};
use super::dt::{cc_of, ext};
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";

/// The ORC fields read in results messages (ORC[ServiceRequest] and ORC[DiagnosticReport]).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const ORC_RESULT_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 9, 10, 11, 12, 16, 19, 21, 28, 29];

/// The ORC of the OBR at `pos` (the nearest before it, within the order group).
fn order_of<'m, 'a>(msg: &'m hl7v2::Message<'a>, pos: usize) -> Option<Segment<'m, 'a>> {
    for i in (0..pos).rev() {
        let s = msg.segment(i)?;
        match s.id() {
            b"ORC" => return Some(s),
            b"OBR" | b"PID" | b"MSH" | b"OBX" => return None,
            _ => {}
        }
    }
    None
}

/// Applies the ORC before the OBR `obr` to the report just made (IG `ORC[DiagnosticReport]`).
/// The ORC's issues were reported when it was read: they are not repeated.
pub(crate) fn orc_report(
    cx: &mut Cx<'_>,
    obr: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
) -> Option<usize> {
    let report = cx.ctx.report?;
    let orc = order_of(msg, obr.index())?;
    let mark = cx.issues.len();
    let mut ids: Vec<Identifier> = Vec::new();
    for (n, code) in [(2u16, "PLAC"), (3, "FILL")] {
        let v = f(&orc, n).and_then(|v| v.repetition(1));
        if let Some(mut id) = cx.ei(v, At::field(n)) {
            id.type_ = Some(cc_of(V2_0203, code, None));
            ids.push(id);
        }
    }
    // ORC-4 (EIP): EIP.1 placer group (PGN), EIP.2 filler group (FGN); each an EI whose
    // parts are subcomponents.
    if let Some(v) = f(&orc, 4).and_then(|v| v.repetition(1)) {
        for (c, code) in [(1usize, "PGN"), (2, "FGN")] {
            if let Some(value) = v
                .component(c)
                .and_then(|c| c.subcomponent(1))
                .and_then(|x| cx.text(Some(x), At::field(4).comp(c as u16)))
            {
                ids.push(Identifier {
                    value: Some(fhir::Primitive::from(value)),
                    type_: Some(cc_of(V2_0203, code, None)),
                    ..Default::default()
                });
            }
        }
    }
    let security = {
        let v = f(&orc, 28).and_then(|v| v.repetition(1));
        cx.cwe_coding(v, At::field(28), Some(&t::CONFIDENTIALITY_CODE))
    };
    cx.issues.truncate(mark);
    // ORC-16 is read here only: its issues stay, positioned on the ORC.
    let reason = {
        let v = cx.single(f(&orc, 16), 16);
        cx.cwe(v, At::field(16), None)
    };
    for issue in cx.issues.iter_mut().skip(mark) {
        issue.location.position = orc.index();
        issue.location.segment = super::SegmentId::new(b"ORC");
    }
    let Some(Resource::DiagnosticReport(dr)) = cx.entries.get_mut(report) else {
        return None;
    };
    for id in ids {
        let same = dr
            .identifier
            .iter()
            .any(|d| d.value == id.value && d.type_ == id.type_);
        if !same {
            dr.identifier.push(id);
        }
    }
    if let Some(r) = reason {
        dr.extension.push(ext(
            "http://hl7.org/fhir/StructureDefinition/event-statusReason",
            ExtensionValue::CodeableConcept(Box::new(r)),
        ));
    }
    if let Some(c) = security {
        dr.meta
            .get_or_insert_with(Default::default)
            .security
            .push(c);
    }
    Some(report)
}
