//! Diagnosis and visit-history segment maps: `DG1[EpisodeOfCare]`, the DG1-20/21/22 rows
//! of `DG1[Condition]` (with the datatype map `EI[Condition]`) and
//! `PV1[Basic-EncounterHistory]`.

use fhir::codes;
use fhir::{ExtensionValue, Primitive, Reference, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::{cc_of, ext};
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// The DG1 fields `DG1[Condition]` reads: those of `seg::dg1` and DG1-20/21/22 read here
/// (`DG1[EpisodeOfCare]` reads none of its own).
pub(crate) const DG1_ALL_FIELDS: &[u16] = &[1, 3, 4, 5, 6, 15, 16, 19, 20, 21, 22];

/// The key under which a Condition with an identifier is remembered (for DG1-22).
fn condition_key(id: &fhir::Identifier) -> [String; 3] {
    let text = |p: &Option<Primitive<fhir::FhirString>>| {
        p.as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    ["Condition|ei".to_owned(), text(&id.system), text(&id.value)]
}

/// EI → a reference to a Condition (IG `EI[Condition]`): the Condition of this message with
/// that identifier when there is one, else a logical reference by the identifier (EI.1
/// value, EI.2-4 the assigner Organization). A Condition cannot be made from an identifier
/// alone (R4 requires its subject), so none is added.
pub(crate) fn ei_condition(cx: &mut Cx<'_>, v: Value<'_, '_>, at: At) -> Option<Reference> {
    let id = cx.ei(Some(v), at)?;
    let [a, b, c] = condition_key(&id);
    if let Ok(i) = cx.find_key(&[&a, &b, &c]) {
        return Some(cx.reference(i));
    }
    Some(Reference {
        type_: Some(Primitive::from("Condition")),
        identifier: Some(Box::new(id)),
        ..Default::default()
    })
}

/// DG1-20/21/22 → the Condition made by `DG1[Condition]` (`cond`): DG1-20 identifiers
/// (EI[Identifier-Extension]), DG1-21 `D` (delete) → verificationStatus `entered-in-error`
/// (the IG maps no other action code), DG1-22 the parent diagnosis as a `condition-dueTo`
/// extension (EI[Condition]).
pub(crate) fn dg1_condition_more(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, cond: Option<usize>) {
    let Some(cond) = cond else { return };
    let mut ids = Vec::new();
    for (r, v) in Cx::reps(f(s, 20)) {
        ids.extend(cx.ei(Some(v), At::field(20).rep(r)));
    }
    let action = {
        let v = cx.single(f(s, 21), 21);
        cx.code_text(v, At::field(21))
    };
    let status = match action.as_deref() {
        Some("D") => Some(cc_of(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "entered-in-error",
            None,
        )),
        Some(_) => {
            cx.issue(IssueKind::UnmappedField, Some(At::field(21)));
            None
        }
        None => None,
    };
    let due_to = match cx.single(f(s, 22), 22) {
        Some(v) => ei_condition(cx, v, At::field(22)),
        None => None,
    };
    for id in &ids {
        let [a, b, c] = condition_key(id);
        if let Err(key) = cx.find_key(&[&a, &b, &c]) {
            cx.remember(key, cond);
        }
    }
    if let Some(Resource::Condition(c)) = cx.entries.get_mut(cond) {
        c.identifier.extend(ids);
        if status.is_some() {
            c.verification_status = status;
        }
        if let Some(r) = due_to {
            c.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/condition-dueTo",
                ExtensionValue::Reference(Box::new(r)),
            ));
        }
    }
}

/// DG1 → a diagnosis of the patient's EpisodeOfCare (IG `DG1[EpisodeOfCare]`, applied when
/// [`super::Options::episodes_of_care`] says the message is in the context of an episode of
/// care: the IG's condition is the receiver's context, not something the message says).
/// One EpisodeOfCare per patient; each DG1 adds `diagnosis` with the Condition made by
/// `DG1[Condition]` (which carries DG1-3/4/5/16/19/20/21/22), DG1-6 the role
/// (DiagnosisType) and DG1-15 the rank. `status` is required and not in the IG rows: it is
/// `finished` when the visit's Encounter is finished, else `active`.
pub(crate) fn dg1_episode(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, cond: Option<usize>) {
    if !cx.opts.episodes_of_care {
        return;
    }
    let (Some(patient), Some(cond)) = (cx.ctx.patient, cond) else {
        return;
    };
    let role = {
        let v = cx.single(f(s, 6), 6);
        let mark = cx.issues.len();
        let cc = cx.cwe(v, At::field(6), Some(&t::DIAGNOSIS_TYPE));
        // DG1-6 was read (and reported on) for the Encounter's diagnosis.
        cx.issues.truncate(mark);
        cc
    };
    let rank = f(s, 15)
        .and_then(|v| v.text().ok())
        .and_then(|r| super::dt::positive_int(r.trim()));
    let finished = matches!(
        cx.get_mut(cx.ctx.encounter),
        Some(Resource::Encounter(e))
            if e.status.as_ref().and_then(|p| p.value) == Some(codes::EncounterStatus::Finished)
    );
    let key = match cx.find_key(&["EpisodeOfCare", &patient.to_string()]) {
        Ok(i) => Some(i),
        Err(key) => {
            let status = if finished {
                codes::EpisodeOfCareStatus::Finished
            } else {
                codes::EpisodeOfCareStatus::Active
            };
            let e = fhir::EpisodeOfCare {
                id: Some(cx.new_id("EpisodeOfCare")),
                status: Some(Primitive::from(status)),
                patient: Some(cx.reference(patient)),
                ..Default::default()
            };
            let i = cx.push(Resource::EpisodeOfCare(Box::new(e)));
            cx.remember(key, i);
            Some(i)
        }
    };
    let condition = cx.reference(cond);
    if let Some(Resource::EpisodeOfCare(e)) = cx.get_mut(key) {
        e.diagnosis.push(fhir::EpisodeOfCareDiagnosis {
            condition: Some(condition),
            role,
            rank: rank.map(Primitive::from),
            ..Default::default()
        });
    }
}

// ---- PV1[Basic-EncounterHistory] -------------------------------------------------------------

const R5: &str = "http://hl7.org/fhir/5.0/StructureDefinition/extension-EncounterHistory";

/// The PV1 fields `PV1[Encounter]` reads (with PV1-37 by `DLD[Location-Discharge]` and
/// PV1-40 by BedStatus) and
/// PV1-43, read by `PV1[Basic-EncounterHistory]`.
pub(crate) const PV1_ALL_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 36, 37, 38, 40, 42, 43, 44, 45,
    50, 52,
];

/// PV1-43 → a Basic standing for an R5 EncounterHistory (IG `PV1[Basic-EncounterHistory]`,
/// applied when PV1-43 is valued): code `EncounterHistory` (fhir-types), subject the
/// patient, and per PV1-43 repetition the cross-version extension
/// `EncounterHistory.location.location` with the Location (PL[Location]) and
/// `EncounterHistory.location` with the `subject-locationClassification` "temporary".
///
/// Departures from the IG rows, forced by FHIR R4: an extension holds either a value or
/// nested extensions (ext-1), so the IG's `status` "complete" nested under the valued
/// `…location.location` extension cannot be written and is left out (R5 EncounterHistory's
/// location has no status either); the IG's system for "temporary" carries a leading space,
/// which is trimmed. The PV1-11 rows of this table target `location[3]`, which Basic does not
/// have (they are applied by `PV1[Encounter]`).
pub(crate) fn pv1_encounter_history(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    f(s, 43)?;
    let Some(patient) = cx.ctx.patient else {
        cx.issue(IssueKind::UnmappedField, Some(At::field(43)));
        return None;
    };
    let mut b = fhir::Basic {
        code: Some(cc_of(
            "http://hl7.org/fhir/fhir-types",
            "EncounterHistory",
            None,
        )),
        subject: Some(cx.reference(patient)),
        ..Default::default()
    };
    for (r, v) in Cx::reps(f(s, 43)) {
        let Some(loc) = cx.pl(v, At::field(43).rep(r)) else {
            continue;
        };
        let loc = cx.reference(loc);
        b.extension.push(ext(
            format!("{R5}.location.location"),
            ExtensionValue::Reference(Box::new(loc)),
        ));
        let class = fhir::CodeableConcept {
            coding: vec![fhir::Coding {
                system: Some(Primitive::from(
                    "http://hl7.org/fhir/ValueSet/subject-location",
                )),
                code: Some(Primitive::from("temporary")),
                ..Default::default()
            }],
            ..Default::default()
        };
        b.extension.push(fhir::Extension {
            url: format!("{R5}.location").into(),
            extension: vec![ext(
                "http://hl7.org/fhir/StructureDefinition/subject-locationClassification",
                ExtensionValue::CodeableConcept(Box::new(class)),
            )],
            ..Default::default()
        });
    }
    if b.extension.is_empty() {
        return None;
    }
    b.id = Some(cx.new_id("Basic"));
    Some(cx.push(Resource::Basic(Box::new(b))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dg1_fields_cover_the_condition_map() {
        for n in super::super::seg::DG1_FIELDS {
            assert!(super::DG1_ALL_FIELDS.contains(n), "{n}");
        }
        for n in super::super::seg::PV1_FIELDS {
            assert!(super::PV1_ALL_FIELDS.contains(n), "{n}");
        }
    }
}
