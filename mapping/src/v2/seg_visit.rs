//! Patient-administration segment maps beyond the main resources: PV1 → Coverage
//! (IG `PV1[Coverage]`), NK1 → Patient.contact (IG `NK1[Patient]`) and MRG → Account
//! (IG `MRG[Account]`).

use fhir::codes;
use fhir::{CodeableConcept, Coding, Primitive, Reference, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dedup::List;
use super::dt::concept_coding;
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

// ---- PV1[Coverage] -------------------------------------------------------------------------

/// PV1-20 → Coverage (IG `PV1[Coverage]`): the financial class (FinancialClass) is the
/// coverage type; the beneficiary is the patient. Coverage.payor is required and PV1 names
/// none: a display-only reference says so (as for IN1 without IN1-3/4).
pub(crate) fn pv1_coverage(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let v = cx.single(f(s, 20), 20)?;
    let patient = cx.ctx.patient?;
    // FC.1 is the class code (IS in v2.3–2.6, a CWE with subcomponents later); FC.2 (the
    // effective date) has no row in the map.
    let at = At::field(20).comp(1);
    let c1 = v.component(1);
    let code = cx.code_text(c1.and_then(|c| c.subcomponent(1)), at)?;
    let display = cx.text(c1.and_then(|c| c.subcomponent(2)), at);
    let mut type_ = CodeableConcept::default();
    if let Some(c) = cx.lookup(&t::FINANCIAL_CLASS, &code, at) {
        type_.coding.push(concept_coding(c));
    }
    type_.coding.push(Coding {
        system: Some(Primitive::from(
            "http://terminology.hl7.org/CodeSystem/v2-0064",
        )),
        code: Some(Primitive::from(code)),
        display: display.map(Primitive::from),
        ..Default::default()
    });
    if v.component(2).is_some_and(|c| !c.is_empty()) {
        cx.issue(IssueKind::UnmappedField, Some(At::field(20).comp(2)));
    }
    let type_ = Some(type_);
    let c = fhir::Coverage {
        id: Some(cx.new_id("Coverage")),
        status: Some(Primitive::from(codes::FinancialResourceStatusCodes::Active)),
        type_,
        beneficiary: Some(cx.reference(patient)),
        payor: vec![Reference {
            display: Some(Primitive::from("unknown")),
            ..Default::default()
        }],
        ..Default::default()
    };
    Some(cx.push(Resource::Coverage(Box::new(c))))
}

// ---- NK1[Patient] --------------------------------------------------------------------------

/// The fields NK1[Patient] reads.
pub(crate) const NK1_CONTACT_FIELDS: &[u16] =
    &[1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 30, 31, 32, 40, 41];
/// The fields NK1[RelatedPerson] and NK1[Patient] read together.
pub(crate) const NK1_BOTH_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15, 16, 20, 30, 31, 32, 33, 37, 40, 41,
];

/// Whether the NK1 also makes a RelatedPerson: the IG message maps leave out NK1-3
/// `EMR`, `E`, `F`, `I`, `S` (employers and agencies), which are contacts only.
pub(crate) fn nk1_is_related_person(s: Seg<'_, '_, '_>) -> bool {
    let code = f(s, 3)
        .and_then(|v| v.repetition(1))
        .and_then(|v| v.component(1))
        .map(|c| String::from_utf8_lossy(c.raw()).trim().to_owned());
    !matches!(code.as_deref(), Some("EMR" | "E" | "F" | "I" | "S"))
}

/// NK1 → Patient.contact (IG `NK1[Patient]`). When the same NK1 made a RelatedPerson
/// (`related`), the fields both maps read were already reported on: their issues are not
/// repeated.
pub(crate) fn nk1_patient(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, related: bool) -> Option<usize> {
    let patient = cx.ctx.patient?;
    let mark = cx.issues.len();
    let mut c = fhir::PatientContact::default();
    let names: Vec<_> = Cx::reps(f(s, 2)).collect();
    if let Some(&(r, v)) = names.first() {
        c.name = cx.xpn(v, At::field(2).rep(r));
    }
    let relationship = {
        let v = cx.single(f(s, 3), 3);
        cx.cwe(v, At::field(3), Some(&t::RELATIONSHIP))
    };
    c.relationship.extend(relationship);
    let addresses: Vec<_> = Cx::reps(f(s, 4)).collect();
    if let Some(&(r, v)) = addresses.first() {
        c.address = cx.xad(v, At::field(4).rep(r));
    }
    for (n, work) in [(5u16, false), (6, true), (40, false), (41, false)] {
        for (r, v) in Cx::reps(f(s, n)) {
            if let Some(mut cp) = cx.xtn(v, At::field(n).rep(r)) {
                if work {
                    cp.use_ = Some(Primitive::from(codes::ContactPointUse::Work));
                }
                c.telecom.push(cp);
            }
        }
    }
    let role = {
        let v = cx.single(f(s, 7), 7);
        cx.cwe(v, At::field(7), Some(&t::CONTACT_ROLE))
    };
    c.relationship.extend(role);
    let start = cx.single(f(s, 8), 8);
    let end = cx.single(f(s, 9), 9);
    c.period = cx.period(start, end, At::field(8), At::field(9));
    let sex = cx.single(f(s, 15), 15);
    c.gender = cx.code_enum(sex, At::field(15), &t::ADMINISTRATIVE_SEX);
    // The organization's contact person (NK1-30/31/32).
    let mut org_contact = fhir::OrganizationContact::default();
    let person: Vec<_> = Cx::reps(f(s, 30)).collect();
    if let Some(&(r, v)) = person.first() {
        org_contact.name = cx.xpn(v, At::field(30).rep(r));
    }
    for (r, v) in Cx::reps(f(s, 31)) {
        org_contact.telecom.extend(cx.xtn(v, At::field(31).rep(r)));
    }
    let person_addr: Vec<_> = Cx::reps(f(s, 32)).collect();
    if let Some(&(r, v)) = person_addr.first() {
        org_contact.address = cx.xad(v, At::field(32).rep(r));
    }
    if related {
        cx.issues.truncate(mark);
    } else {
        // Without the RelatedPerson, repetitions beyond the contact's one are lost.
        for (n, list) in [
            (2u16, &names),
            (4, &addresses),
            (30, &person),
            (32, &person_addr),
        ] {
            for &(r, _) in list.iter().skip(1) {
                cx.issue(IssueKind::ExtraRepetition, Some(At::field(n).rep(r)));
            }
        }
    }
    // NK1-13 → contact.organization (XON[Organization]), read by this map only.
    let org = {
        let v = cx.single(f(s, 13), 13);
        v.and_then(|v| cx.xon(v, At::field(13)))
    };
    let has_person = org_contact != fhir::OrganizationContact::default();
    match org {
        Some(o) => {
            if has_person && let Some(Resource::Organization(org)) = cx.entries.get_mut(o) {
                cx.once
                    .push_unique(o, List::Contact, &mut org.contact, org_contact);
            }
            c.organization = Some(cx.reference(o));
        }
        None if has_person && !related => {
            // NK1-30..32 describe an organization's contact: without NK1-13 they have no
            // target here.
            cx.issue(IssueKind::UnmappedField, Some(At::field(30)));
        }
        None => {}
    }
    // pat-1: a contact needs details or an organization.
    let empty =
        c.name.is_none() && c.telecom.is_empty() && c.address.is_none() && c.organization.is_none();
    if empty {
        return Some(patient);
    }
    if let Some(Resource::Patient(p)) = cx.entries.get_mut(patient) {
        p.contact.push(c);
    }
    Some(patient)
}

// ---- MRG[Account] --------------------------------------------------------------------------

/// MRG-3 → the prior Account (IG `MRG[Account]`), status `unknown` as the IG assigns, its
/// subject the (surviving) patient.
pub(crate) fn mrg_account(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let v = cx.single(f(s, 3), 3)?;
    let id = cx.cx(Some(v), At::field(3))?;
    let acct = fhir::Account {
        id: Some(cx.new_id("Account")),
        identifier: vec![id],
        status: Some(Primitive::from(codes::AccountStatus::Unknown)),
        subject: cx
            .ctx
            .patient
            .map(|p| cx.reference(p))
            .into_iter()
            .collect(),
        ..Default::default()
    };
    Some(cx.push(Resource::Account(Box::new(acct))))
}
