//! Care-team segment maps: ROL and PRT (the IG's `ROL[…]` and `PRT[…]` tables).
//!
//! Which map applies depends on where the segment stands (the message maps attach ROL/PRT
//! to the segment group before them): after PID/PD1 they describe the patient's general
//! practitioner or care team, after PV1/PV2 the encounter's participants, after ORC/OBR the
//! order's (and report's) participants, after OBX the observation's performer, device or
//! location. A ROL/PRT in any other place (procedure, insurance groups) has no map and is
//! reported as an unmapped segment, as is one whose role matches none of the IG conditions.

use fhir::codes;
use fhir::{
    CodeableConcept, ContactPoint, ExtensionValue, Identifier, Primitive, Reference, Resource,
};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dedup::List;
use super::dt::ext;
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// Every field number a ROL/PRT can have: the set used when a segment is reported as a
/// whole (its fields are then not reported one by one).
const WHOLE: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30,
];

/// The segment group a ROL/PRT belongs to, from the nearest segment before it that is not
/// itself a ROL, PRT or NTE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Patient,
    Visit,
    Order,
    Request,
    Observation,
    Other,
}

fn anchor(cx: &mut Cx<'_>, msg: &hl7v2::Message<'_>, pos: usize) -> Anchor {
    // The nearest such segment comes from the message's segment index (a scan back per
    // segment would be quadratic on a long run of ROL/PRT/NTE).
    let Some(s) = cx
        .seg_index(msg)
        .before_notes(pos)
        .and_then(|i| msg.segment(i))
    else {
        return Anchor::Other;
    };
    match s.id() {
        b"PID" | b"PD1" | b"ARV" => Anchor::Patient,
        b"PV1" | b"PV2" => Anchor::Visit,
        b"ORC" | b"TQ1" | b"TQ2" => Anchor::Order,
        b"OBR" => Anchor::Request,
        b"OBX" => Anchor::Observation,
        _ => Anchor::Other,
    }
}

/// Component `n` of the first repetition of field `field`, as text.
fn comp(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, field: u16, n: usize) -> Option<fhir::FhirString> {
    let v = f(s, field).and_then(|v| v.repetition(1))?;
    cx.code_text(v.component(n), At::field(field).comp(n as u16))
}

const HL70443: &str = "HL70443";

impl Cx<'_> {
    fn care_patient(&self) -> Option<Reference> {
        self.ctx.patient.map(|i| self.reference(i))
    }

    /// The first valued repetition of an XCN field as a Practitioner (IG `XCN[Practitioner]`);
    /// later repetitions are reported (the targets hold one).
    fn first_practitioner(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Option<usize> {
        let v = self.single(f(s, n), n)?;
        self.xcn(v, At::field(n))
    }

    fn first_organization(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Option<usize> {
        let v = self.single(f(s, n), n)?;
        self.xon(v, At::field(n))
    }

    fn first_location(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Option<usize> {
        let v = self.single(f(s, n), n)?;
        self.pl(v, At::field(n))
    }

    fn all_telecoms(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Vec<ContactPoint> {
        Cx::reps(f(s, n))
            .filter_map(|(r, v)| self.xtn(v, At::field(n).rep(r)))
            .collect()
    }

    fn all_addresses(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Vec<(u16, fhir::Address)> {
        Cx::reps(f(s, n))
            .filter_map(|(r, v)| Some((r, self.xad(v, At::field(n).rep(r))?)))
            .collect()
    }

    fn care_period(&mut self, s: Seg<'_, '_, '_>, start: u16, end: u16) -> Option<fhir::Period> {
        let a = self.single(f(s, start), start);
        let b = self.single(f(s, end), end);
        self.period(a, b, At::field(start), At::field(end))
    }

    /// Adds addresses to a shared Practitioner (once each).
    fn practitioner_addresses(&mut self, i: usize, addresses: Vec<fhir::Address>) {
        if let Some(Resource::Practitioner(p)) = self.entries.get_mut(i) {
            for a in addresses {
                self.once.push_unique(i, List::Address, &mut p.address, a);
            }
        }
    }

    /// Adds a type to a shared Organization (once).
    fn organization_type(&mut self, i: usize, cc: CodeableConcept) {
        if let Some(Resource::Organization(o)) = self.entries.get_mut(i) {
            self.once.push_unique(i, List::Type, &mut o.type_, cc);
        }
    }

    /// The patient's CareTeam (IG `CareTeam[1]`, one per patient), made on first use.
    fn care_team(&mut self) -> Option<usize> {
        let p = self.ctx.patient?;
        let key = format!("CareTeam|{p}");
        if let Some(i) = self.keyed(&key) {
            return Some(i);
        }
        let team = fhir::CareTeam {
            id: Some(self.new_id("CareTeam")),
            subject: Some(self.reference(p)),
            ..Default::default()
        };
        let i = self.push(Resource::CareTeam(Box::new(team)));
        self.remember(key, i);
        Some(i)
    }

    fn push_role(&mut self, mut role: fhir::PractitionerRole) -> usize {
        role.id = Some(self.new_id("PractitionerRole"));
        self.push(Resource::PractitionerRole(Box::new(role)))
    }
}

// ---- ROL ---------------------------------------------------------------------------------

const ROL_GP_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 11, 12, 13, 14];
const ROL_ENCOUNTER_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 11, 12, 13, 14];
const ROL_CARE_TEAM_FIELDS: &[u16] = &[2, 3, 4, 5, 6, 8, 9, 10, 12, 14];

/// ROL → by its place: after PID, `ROL[Patient-GeneralPractitioner]` (ROL-3 `PP` of table
/// 0443), `ROL[CareTeam]` (other 0443 roles) or `ROL[RelatedPerson]` (a relationship of
/// table 0063); after PV1, `ROL[Encounter-PractitionerRole]`.
/// Returns the main resource and the fields the applied map reads.
pub(crate) fn rol(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
) -> (Option<usize>, &'static [u16]) {
    let role = comp(cx, s, 3, 1);
    let system = comp(cx, s, 3, 3);
    let in_0443 = system.as_deref() == Some(HL70443);
    match anchor(cx, msg, s.index()) {
        Anchor::Patient if in_0443 && role.as_deref() == Some("PP") => {
            (rol_general_practitioner(cx, s), ROL_GP_FIELDS)
        }
        Anchor::Patient if in_0443 => (rol_care_team(cx, s), ROL_CARE_TEAM_FIELDS),
        Anchor::Patient if system.as_deref() == Some("HL70063") => {
            (rol_related_person(cx, s), ROL_RELATED_FIELDS)
        }
        Anchor::Visit => (rol_encounter(cx, s), ROL_ENCOUNTER_FIELDS),
        _ => {
            cx.issue(IssueKind::UnmappedSegment, None);
            (None, WHOLE)
        }
    }
}

/// ROL-11 by address type (IG `ROL[Patient-GeneralPractitioner]`): personal addresses to the
/// Practitioner, office addresses to the Location, billing/legal ones to the Organization;
/// the others need local rules and are reported.
fn rol_addresses(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    practitioner: Option<usize>,
    location: Option<usize>,
    organization: Option<usize>,
) {
    for (r, v) in Cx::reps(f(s, 11)) {
        let at = At::field(11).rep(r);
        let kind = v.component(7).and_then(|c| c.text().ok());
        let target = match kind.as_deref().map(str::trim) {
            Some("N" | "BDL" | "F" | "H" | "P" | "BR" | "V") => practitioner,
            // No Location (ROL-13): the IG's fallback is the practitioner's address.
            Some("M" | "O" | "S" | "SH" | "TM") => location.or(practitioner),
            Some("B" | "BI" | "L") => organization,
            _ => None,
        };
        let Some(target) = target else {
            cx.issue(IssueKind::UnmappedField, Some(at));
            continue;
        };
        let Some(a) = cx.xad(v, at) else { continue };
        match cx.entries.get_mut(target) {
            Some(Resource::Practitioner(p)) => {
                cx.once
                    .push_unique(target, List::Address, &mut p.address, a);
            }
            Some(Resource::Organization(o)) => {
                cx.once
                    .push_unique(target, List::Address, &mut o.address, a);
            }
            Some(Resource::Location(l)) if l.address.is_none() => l.address = Some(a),
            Some(Resource::Location(l)) if l.address.as_ref() != Some(&a) => {
                cx.issue(IssueKind::ExtraRepetition, Some(at));
            }
            _ => {}
        }
    }
}

/// The PractitionerRole of a ROL (IG `ROL[Patient-GeneralPractitioner]` and
/// `ROL[Encounter-PractitionerRole]`): ROL-1 identifier, ROL-4 practitioner, ROL-5/6
/// period, ROL-12 telecom, ROL-13 location, ROL-14 organization.
fn rol_role(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> (fhir::PractitionerRole, [Option<usize>; 3]) {
    let mut role = fhir::PractitionerRole::default();
    if let Some(v) = cx.single(f(s, 1), 1) {
        role.identifier.extend(cx.ei(Some(v), At::field(1)));
    }
    let practitioner = cx.first_practitioner(s, 4);
    role.practitioner = practitioner.map(|i| cx.reference(i));
    role.period = cx.care_period(s, 5, 6);
    role.telecom = cx.all_telecoms(s, 12);
    let location = cx.first_location(s, 13);
    role.location.extend(location.map(|i| cx.reference(i)));
    let organization = cx.first_organization(s, 14);
    role.organization = organization.map(|i| cx.reference(i));
    (role, [practitioner, location, organization])
}

fn rol_general_practitioner(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    if cx.ctx.patient.is_none() {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    }
    let (mut role, [practitioner, location, organization]) = rol_role(cx, s);
    role.code.extend({
        let v = cx.single(f(s, 3), 3);
        cx.cwe(v, At::field(3), Some(&t::PROVIDER_ROLE))
    });
    rol_addresses(cx, s, practitioner, location, organization);
    let i = cx.push_role(role);
    let r = cx.reference(i);
    if let Some(Resource::Patient(p)) = cx.get_mut(cx.ctx.patient) {
        p.general_practitioner.push(r);
    }
    Some(i)
}

fn rol_encounter(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    if cx.ctx.encounter.is_none() {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    }
    let (role, [practitioner, ..]) = rol_role(cx, s);
    // ROL-11 → the practitioner's addresses (all of them, whatever their type).
    let addresses: Vec<_> = cx
        .all_addresses(s, 11)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    match practitioner {
        Some(p) => cx.practitioner_addresses(p, addresses),
        None if !addresses.is_empty() => cx.issue(IssueKind::UnmappedField, Some(At::field(11))),
        None => {}
    }
    let kind = {
        let v = cx.single(f(s, 3), 3);
        cx.cwe(v, At::field(3), Some(&t::PROVIDER_ROLE))
    };
    let period = role.period.clone();
    let i = cx.push_role(role);
    let part = fhir::EncounterParticipant {
        type_: kind.into_iter().collect(),
        individual: Some(cx.reference(i)),
        period,
        ..Default::default()
    };
    if let Some(Resource::Encounter(e)) = cx.get_mut(cx.ctx.encounter) {
        e.participant.push(part);
    }
    Some(i)
}

/// ROL → a participant of the patient's CareTeam (IG `ROL[CareTeam]`). The member is the
/// ROL-4 Practitioner (acting for the ROL-14 Organization), or the ROL-14 Organization
/// itself without ROL-4; ROL-10 is the Organization's type.
fn rol_care_team(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let team = cx.care_team()?;
    let mut part = fhir::CareTeamParticipant::default();
    part.role.extend({
        let v = cx.single(f(s, 3), 3);
        cx.cwe(v, At::field(3), Some(&t::PROVIDER_ROLE))
    });
    let practitioner = cx.first_practitioner(s, 4);
    part.period = cx.care_period(s, 5, 6);
    let reason = {
        let v = cx.single(f(s, 8), 8);
        cx.cwe(v, At::field(8), None)
    };
    for (r, v) in Cx::reps(f(s, 9)) {
        part.role.extend(cx.cwe(Some(v), At::field(9).rep(r), None));
    }
    let org_type = {
        let v = cx.single(f(s, 10), 10);
        cx.cwe(v, At::field(10), None)
    };
    let telecom = cx.all_telecoms(s, 12);
    let organization = cx.first_organization(s, 14);
    match (organization, org_type) {
        (Some(o), Some(cc)) => cx.organization_type(o, cc),
        (None, Some(_)) => cx.issue(IssueKind::UnmappedField, Some(At::field(10))),
        _ => {}
    }
    match practitioner {
        Some(p) => {
            part.member = Some(cx.reference(p));
            part.on_behalf_of = organization.map(|o| cx.reference(o));
        }
        None => part.member = organization.map(|o| cx.reference(o)),
    }
    if let Some(Resource::CareTeam(c)) = cx.entries.get_mut(team) {
        c.participant.push(part);
        c.reason_code.extend(reason);
        for tc in telecom {
            cx.once.push_unique(team, List::Telecom, &mut c.telecom, tc);
        }
    }
    Some(team)
}

const ROL_RELATED_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 11, 12];

/// ROL → RelatedPerson (IG `ROL[RelatedPerson]`; no IG message map uses it, so it applies to
/// a ROL after PID whose role is a personal relationship, coded in table 0063): ROL-1 identifier,
/// ROL-3 relationship, ROL-4 the person (XCN[RelatedPerson]), ROL-5/6 period, ROL-11
/// addresses, ROL-12 telecoms. ROL-7/9/10/13/14 map to extensions the IG leaves unnamed
/// (`extension?-duration`, …): they are reported, not invented.
fn rol_related_person(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let Some(patient) = cx.care_patient() else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    let mut rp = fhir::RelatedPerson {
        patient: Some(patient),
        ..Default::default()
    };
    if let Some(v) = cx.single(f(s, 1), 1) {
        rp.identifier.extend(cx.ei(Some(v), At::field(1)));
    }
    for (r, v) in Cx::reps(f(s, 3)) {
        rp.relationship
            .extend(cx.cwe(Some(v), At::field(3).rep(r), None));
    }
    for (r, v) in Cx::reps(f(s, 4)) {
        let at = At::field(4).rep(r);
        if r == 1 {
            xcn_related_person(cx, v, at, &mut rp);
        } else {
            // One ROL makes one RelatedPerson (IG comment on ROL-4).
            cx.issue(IssueKind::ExtraRepetition, Some(at));
        }
    }
    rp.period = cx.care_period(s, 5, 6);
    rp.address = cx
        .all_addresses(s, 11)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    rp.telecom = cx.all_telecoms(s, 12);
    rp.id = Some(cx.new_id("RelatedPerson"));
    Some(cx.push(Resource::RelatedPerson(Box::new(rp))))
}

// ---- PRT ---------------------------------------------------------------------------------

const PRT_ROLE_FIELDS: &[u16] = &[2, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 23, 24];
const PRT_GP_ROLE_FIELDS: &[u16] = &[2, 4, 5, 8, 9, 11, 12, 14, 15, 24];
const PRT_GP_FIELDS: &[u16] = &[2, 4, 5];
const PRT_CARE_TEAM_FIELDS: &[u16] = &[2, 4, 5, 6, 8, 11, 12, 14, 15];
const PRT_RELATED_FIELDS: &[u16] = &[2, 4, 5, 11, 12, 14, 15, 23, 24];
const PRT_DEVICE_FIELDS: &[u16] = &[2, 10, 16, 17, 18, 19, 20, 21, 22];
const PRT_LOCATION_FIELDS: &[u16] = &[2, 9, 14];

/// PRT-4 values that make a CareTeam participant in ADT messages (IG message maps).
const CARE_TEAM_ROLES: &[&str] = &[
    "AD", "AP", "ARI", "AT", "CP", "FHCP", "OP", "PH", "PP", "PRI", "RP", "RT", "VP", "PO",
];

/// Where a PRT's resource goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    GeneralPractitioner,
    EncounterParticipant,
    Requester,
    ReportPerformer,
    ReportInterpreter,
    SpecimenCollector,
    ObservationPerformer,
}

/// PRT → by its place and PRT-4, as the IG message maps say; returns the main resource and
/// the fields read by the maps applied.
pub(crate) fn prt(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
    structure: &str,
) -> (Option<usize>, Vec<u16>) {
    let role = comp(cx, s, 4, 1);
    let in_0443 = comp(cx, s, 4, 3).as_deref() == Some(HL70443);
    let role = role.as_deref();
    let deleted = comp(cx, s, 2, 1).as_deref() == Some("D");
    let mut main = None;
    let mut fields: Vec<u16> = Vec::new();
    let mut applied = |m: Option<usize>, fs: &[u16], main: &mut Option<usize>| {
        if main.is_none() {
            *main = m;
        }
        for n in fs {
            if !fields.contains(n) {
                fields.push(*n);
            }
        }
    };
    match anchor(cx, msg, s.index()) {
        Anchor::Patient if structure.starts_with("ADT") => {
            let mut any = false;
            if role == Some("PP") {
                any = true;
                if structure == "ADT_A05" {
                    let m = prt_role(cx, s, false, deleted, Link::GeneralPractitioner);
                    applied(m, PRT_GP_ROLE_FIELDS, &mut main);
                } else {
                    let m = prt_gp_practitioner(cx, s, deleted);
                    applied(m, PRT_GP_FIELDS, &mut main);
                }
            }
            if role.is_some_and(|r| CARE_TEAM_ROLES.contains(&r)) {
                any = true;
                let m = prt_care_team(cx, s, deleted);
                applied(m, PRT_CARE_TEAM_FIELDS, &mut main);
            }
            if !any {
                cx.issue(IssueKind::UnmappedSegment, None);
                return (None, WHOLE.to_vec());
            }
        }
        Anchor::Patient if role == Some("PP") && in_0443 => {
            let m = prt_role(cx, s, true, deleted, Link::GeneralPractitioner);
            applied(m, PRT_ROLE_FIELDS, &mut main);
        }
        Anchor::Patient => {
            let m = prt_related_person(cx, s, deleted);
            applied(m, PRT_RELATED_FIELDS, &mut main);
        }
        Anchor::Visit => {
            let m = prt_role(cx, s, true, deleted, Link::EncounterParticipant);
            applied(m, PRT_ROLE_FIELDS, &mut main);
        }
        Anchor::Order | Anchor::Request if role == Some("OP") && in_0443 => {
            let m = prt_role(cx, s, true, deleted, Link::Requester);
            applied(m, PRT_ROLE_FIELDS, &mut main);
        }
        Anchor::Request
            if in_0443
                && (matches!(role, Some("ARI" | "TN" | "TR" | "PRI"))
                    || (role == Some("SC") && cx.ctx.specimen.is_some())) =>
        {
            let link = match role {
                Some("PRI") => Link::ReportInterpreter,
                Some("SC") => Link::SpecimenCollector,
                _ => Link::ReportPerformer,
            };
            let m = prt_role(cx, s, true, deleted, link);
            applied(m, PRT_ROLE_FIELDS, &mut main);
        }
        Anchor::Observation => {
            let mut any = false;
            if f(s, 10).is_some() {
                any = true;
                let m = prt_device(cx, s, deleted);
                applied(m, PRT_DEVICE_FIELDS, &mut main);
            }
            if f(s, 9).is_some() || f(s, 14).is_some() {
                any = true;
                let m = prt_observation_location(cx, s, deleted);
                applied(m, PRT_LOCATION_FIELDS, &mut main);
            }
            if f(s, 5).is_some() {
                any = true;
                let m = prt_role(cx, s, true, deleted, Link::ObservationPerformer);
                applied(m, PRT_ROLE_FIELDS, &mut main);
            }
            if !any {
                cx.issue(IssueKind::UnmappedSegment, None);
                return (None, WHOLE.to_vec());
            }
        }
        _ => {
            cx.issue(IssueKind::UnmappedSegment, None);
            return (None, WHOLE.to_vec());
        }
    }
    (main, fields)
}

/// PRT-15 telecoms with the PRT-23 preferred one marked (IG: `iso21090-preferred` on the
/// telecom of the kind table 0185 names: beeper, cellular, e-mail, fax, home, office, read
/// from the XTN's equipment type and use code).
fn prt_telecoms(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, with_preferred: bool) -> Vec<ContactPoint> {
    let pref = if with_preferred {
        comp(cx, s, 23, 1)
            .and_then(|code| cx.lookup(&t::PREFERRED_METHOD_OF_CONTACT, &code, At::field(23)))
            .map(|c| c.code)
    } else {
        None
    };
    let mut out = Vec::new();
    let mut marked = false;
    for (r, v) in Cx::reps(f(s, 15)) {
        let Some(mut cp) = cx.xtn(v, At::field(15).rep(r)) else {
            continue;
        };
        let raw = |n: usize| {
            v.component(n)
                .map(|c| String::from_utf8_lossy(c.raw()).trim().to_owned())
                .unwrap_or_default()
        };
        let (use_, equip) = (raw(2), raw(3));
        let hit = match pref {
            Some("B") => equip == "BP",
            Some("C") => equip == "CP",
            Some("E") => matches!(equip.as_str(), "Internet" | "X.400") || use_ == "NET",
            Some("F") => equip == "FX",
            Some("H") => matches!(use_.as_str(), "PRN" | "ORN" | "VHN") && equip != "FX",
            Some("O") => use_ == "WPN" && matches!(equip.as_str(), "PH" | ""),
            _ => false,
        };
        if hit {
            cp.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/iso21090-preferred",
                ExtensionValue::Boolean(Primitive::from(true)),
            ));
            marked = true;
        }
        out.push(cp);
    }
    if pref.is_some() && !marked {
        cx.issue(IssueKind::UnmappedField, Some(At::field(23)));
    }
    out
}

/// PRT-24 (PLN) → identifiers (IG `PLN[Identifier]`): PLN-1 value, PLN-2 type
/// (PractitionerIDNumberType), PLN-4 expiration → period.end.
fn pln_identifiers(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, n: u16) -> Vec<Identifier> {
    let mut out = Vec::new();
    for (r, v) in Cx::reps(f(s, n)) {
        let at = At::field(n).rep(r);
        let Some(value) = cx.comp_text(v, 1, at) else {
            continue;
        };
        let type_ = {
            // PLN-2 is a CWE in a component: its parts are subcomponents.
            let code = cx.code_text(v.component(2).and_then(|c| c.subcomponent(1)), at.comp(2));
            code.and_then(|code| {
                let c = cx.lookup(&t::PRACTITIONER_IDNUMBER_TYPE, &code, at.comp(2));
                Some(CodeableConcept {
                    coding: vec![super::dt::concept_coding(c?)],
                    ..Default::default()
                })
            })
        };
        let end = cx.dtm(v.component(4).and_then(|c| c.subcomponent(1)), at.comp(4));
        out.push(Identifier {
            value: Some(Primitive::from(value)),
            type_,
            period: end.map(|e| fhir::Period {
                end: Some(e),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    out
}

/// PRT → PractitionerRole (IG `PRT[PractitionerRole]`; with `full == false` the narrower
/// `PRT[Patient-GeneralPractitioner-PractitionerRole]`, which leaves PRT-6/7/23 out), linked
/// from the resource the segment belongs to. PRT-2 `D` makes the role inactive.
fn prt_role(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    full: bool,
    deleted: bool,
    link: Link,
) -> Option<usize> {
    let target = match link {
        Link::GeneralPractitioner => cx.ctx.patient,
        Link::EncounterParticipant => cx.ctx.encounter,
        Link::Requester => cx.ctx.order,
        Link::ReportPerformer | Link::ReportInterpreter => cx.ctx.report,
        Link::SpecimenCollector => cx.ctx.specimen,
        Link::ObservationPerformer => cx.ctx.observation,
    };
    if target.is_none() {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    }
    let mut role = fhir::PractitionerRole {
        active: Some(Primitive::from(!deleted)),
        ..Default::default()
    };
    role.code.extend({
        let v = cx.single(f(s, 4), 4);
        cx.cwe(v, At::field(4), Some(&t::PARTICIPATION))
    });
    let practitioner = cx.first_practitioner(s, 5);
    role.practitioner = practitioner.map(|i| cx.reference(i));
    if full {
        role.specialty.extend({
            let v = cx.single(f(s, 6), 6);
            cx.cwe(v, At::field(6), None)
        });
    }
    let organization = cx.first_organization(s, 8);
    role.organization = organization.map(|i| cx.reference(i));
    if full {
        let org_type = {
            let v = cx.single(f(s, 7), 7);
            cx.cwe(v, At::field(7), None)
        };
        match (organization, org_type) {
            (Some(o), Some(cc)) => cx.organization_type(o, cc),
            (None, Some(_)) => cx.issue(IssueKind::UnmappedField, Some(At::field(7))),
            _ => {}
        }
    }
    role.location
        .extend(cx.first_location(s, 9).map(|i| cx.reference(i)));
    role.period = cx.care_period(s, 11, 12);
    let addresses: Vec<_> = cx
        .all_addresses(s, 14)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    match practitioner {
        Some(p) => cx.practitioner_addresses(p, addresses),
        None if !addresses.is_empty() => cx.issue(IssueKind::UnmappedField, Some(At::field(14))),
        None => {}
    }
    role.telecom = prt_telecoms(cx, s, full);
    role.identifier = pln_identifiers(cx, s, 24);
    let i = cx.push_role(role);
    let r = cx.reference(i);
    match (link, cx.get_mut(target)) {
        (Link::GeneralPractitioner, Some(Resource::Patient(p))) => p.general_practitioner.push(r),
        (Link::EncounterParticipant, Some(Resource::Encounter(e))) => {
            e.participant.push(fhir::EncounterParticipant {
                individual: Some(r),
                ..Default::default()
            })
        }
        (Link::Requester, Some(Resource::ServiceRequest(sr))) => {
            if sr.requester.is_none() {
                sr.requester = Some(r);
            } else {
                // ServiceRequest.requester holds one: ORC-12/OBR-16 came first.
                cx.issue(IssueKind::ExtraRepetition, Some(At::field(5)));
            }
        }
        (Link::ReportPerformer, Some(Resource::DiagnosticReport(d))) => d.performer.push(r),
        (Link::ReportInterpreter, Some(Resource::DiagnosticReport(d))) => {
            d.results_interpreter.push(r)
        }
        (Link::ObservationPerformer, Some(Resource::Observation(o))) => o.performer.push(r),
        (Link::SpecimenCollector, Some(Resource::Specimen(sp))) => {
            let col = sp.collection.get_or_insert_with(Default::default);
            if col.collector.is_none() {
                col.collector = Some(r);
            } else {
                // Specimen.collection.collector holds one: OBR-10 came first.
                cx.issue(IssueKind::ExtraRepetition, Some(At::field(5)));
            }
        }
        _ => {}
    }
    Some(i)
}

/// PRT → Patient.generalPractitioner (IG `PRT[Patient-GeneralPractitioner-Practitioner]`):
/// every PRT-5 person. A deleted participation (PRT-2 `D`) links nobody and is reported.
fn prt_gp_practitioner(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, deleted: bool) -> Option<usize> {
    if deleted {
        cx.issue(IssueKind::UnmappedField, Some(At::field(2)));
        return cx.ctx.patient;
    }
    let mut refs = Vec::new();
    for (r, v) in Cx::reps(f(s, 5)) {
        if let Some(i) = cx.xcn(v, At::field(5).rep(r)) {
            let rf = cx.reference(i);
            refs.push(rf);
        }
    }
    if let Some(pi) = cx.ctx.patient
        && let Some(Resource::Patient(p)) = cx.entries.get_mut(pi)
    {
        for r in refs {
            cx.once
                .push_unique(pi, List::Reference, &mut p.general_practitioner, r);
        }
    }
    cx.ctx.patient
}

/// PRT → a participant of the patient's CareTeam (IG `PRT[CareTeam]`): the PRT-5 Practitioner
/// (or, with PRT-6, a PractitionerRole of that type), acting for the PRT-8 Organization; the
/// Organization itself without PRT-5/6. PRT-14/15 go to the member. A deleted participation
/// (PRT-2 `D`) is not added and is reported.
fn prt_care_team(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, deleted: bool) -> Option<usize> {
    if deleted {
        cx.issue(IssueKind::UnmappedField, Some(At::field(2)));
        return None;
    }
    let team = cx.care_team()?;
    let mut part = fhir::CareTeamParticipant::default();
    part.role.extend({
        let v = cx.single(f(s, 4), 4);
        cx.cwe(v, At::field(4), Some(&t::PARTICIPATION))
    });
    let practitioner = cx.first_practitioner(s, 5);
    let provider_type = {
        let v = cx.single(f(s, 6), 6);
        cx.cwe(v, At::field(6), None)
    };
    let organization = cx.first_organization(s, 8);
    part.period = cx.care_period(s, 11, 12);
    let addresses: Vec<_> = cx
        .all_addresses(s, 14)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let telecom = cx.all_telecoms(s, 15);
    match (practitioner, provider_type) {
        (p, Some(code)) => {
            // XCN[PractitionerRole] + CWE[PractitionerRole]: a role of that type. R4's
            // PractitionerRole has no address: PRT-14 goes to its practitioner.
            if let Some(p) = p {
                cx.practitioner_addresses(p, addresses);
            } else if !addresses.is_empty() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(14)));
            }
            let role = fhir::PractitionerRole {
                practitioner: p.map(|i| cx.reference(i)),
                code: vec![code],
                telecom,
                ..Default::default()
            };
            let i = cx.push_role(role);
            part.member = Some(cx.reference(i));
            // onBehalfOf is for Practitioner members only (invariant ctm-1).
            if organization.is_some() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(8)));
            }
        }
        (Some(p), None) => {
            cx.practitioner_addresses(p, addresses);
            if let Some(Resource::Practitioner(pr)) = cx.entries.get_mut(p) {
                for tc in telecom {
                    cx.once.push_unique(p, List::Telecom, &mut pr.telecom, tc);
                }
            }
            part.member = Some(cx.reference(p));
            part.on_behalf_of = organization.map(|o| cx.reference(o));
        }
        (None, None) => {
            if let Some(o) = organization {
                if let Some(Resource::Organization(org)) = cx.entries.get_mut(o) {
                    for a in addresses {
                        cx.once.push_unique(o, List::Address, &mut org.address, a);
                    }
                    for tc in telecom {
                        cx.once.push_unique(o, List::Telecom, &mut org.telecom, tc);
                    }
                }
                part.member = Some(cx.reference(o));
            } else if !addresses.is_empty() || !telecom.is_empty() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(14)));
            }
        }
    }
    if let Some(Resource::CareTeam(c)) = cx.entries.get_mut(team) {
        c.participant.push(part);
    }
    Some(team)
}

/// PRT → RelatedPerson (IG `PRT[RelatedPerson]`, the person from PRT-5 by
/// `XCN[RelatedPerson]`). PRT-2 `D` makes it inactive.
fn prt_related_person(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, deleted: bool) -> Option<usize> {
    let Some(patient) = cx.care_patient() else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    let mut rp = fhir::RelatedPerson {
        patient: Some(patient),
        active: Some(Primitive::from(!deleted)),
        ..Default::default()
    };
    rp.relationship.extend({
        let v = cx.single(f(s, 4), 4);
        cx.cwe(v, At::field(4), Some(&t::PARTICIPATION))
    });
    if let Some(v) = cx.single(f(s, 5), 5) {
        xcn_related_person(cx, v, At::field(5), &mut rp);
    }
    rp.period = cx.care_period(s, 11, 12);
    rp.address = cx
        .all_addresses(s, 14)
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    rp.telecom = prt_telecoms(cx, s, true);
    rp.identifier.extend(pln_identifiers(cx, s, 24));
    rp.id = Some(cx.new_id("RelatedPerson"));
    Some(cx.push(Resource::RelatedPerson(Box::new(rp))))
}

/// XCN → RelatedPerson (IG `XCN[RelatedPerson]`): XCN-1 (with XCN-11/12/13) the identifier,
/// the name parts the name.
pub(crate) fn xcn_related_person(
    cx: &mut Cx<'_>,
    v: Value<'_, '_>,
    at: At,
    rp: &mut fhir::RelatedPerson,
) {
    let value = cx.comp_text(v, 1, at);
    let family = cx.family_of(v.component(2), v.component(18), at.comp(2), at.comp(18));
    let mut name = fhir::HumanName {
        family,
        ..Default::default()
    };
    for n in [3usize, 4] {
        if let Some(g) = cx.comp_text(v, n, at) {
            name.given.push(Primitive::from(g));
        }
    }
    if let Some(sfx) = cx.comp_text(v, 5, at) {
        name.suffix.push(Primitive::from(sfx));
    }
    if let Some(p) = cx.comp_text(v, 6, at) {
        name.prefix.push(Primitive::from(p));
    }
    if let Some(d) = cx.comp_text(v, 7, at) {
        name.suffix.push(Primitive::from(d));
    }
    if let Some(sfx) = cx.comp_text(v, 21, at) {
        name.suffix.push(Primitive::from(sfx));
    }
    if let Some(code) = cx.comp_text(v, 10, at) {
        name.use_ = cx.mapped_enum(&t::NAME_TYPE, &code, at.comp(10));
    }
    name.period = match cx.period(v.component(19), v.component(20), at.comp(19), at.comp(20)) {
        Some(p) => Some(p),
        None => cx.dr(v.component(17), at.comp(17)),
    };
    if name.family.is_some() || !name.given.is_empty() {
        rp.name.push(name);
    }
    if let Some(value) = value {
        let mut id = Identifier {
            value: Some(Primitive::from(value)),
            ..Default::default()
        };
        if let Some(code) = cx.comp_text(v, 13, at) {
            id.type_ = t::IDENTIFIER_TYPE.get(&code).map(|c| CodeableConcept {
                coding: vec![super::dt::concept_coding(c)],
                ..Default::default()
            });
            if id.type_.is_none() {
                cx.issue(
                    IssueKind::UnknownCode {
                        map: t::IDENTIFIER_TYPE.name,
                    },
                    Some(at.comp(13)),
                );
            }
        }
        if let Some(check) = cx.comp_text(v, 11, at) {
            id.extension.push(super::dt::ext_string(
                "http://hl7.org/fhir/StructureDefinition/identifier-checkDigit",
                check,
            ));
        }
        if let Some(scheme) = cx.comp_text(v, 12, at) {
            id.extension.push(super::dt::ext_string(
                "http://hl7.org/fhir/StructureDefinition/namingsystem-checkDigit",
                scheme,
            ));
        }
        rp.identifier.push(id);
    }
}

/// Whether an EI value reads as a UDI human-readable form (GS1 `(01)…`, HIBCC `+…`,
/// ICCBBA `=…`).
fn is_udi_hrf(s: &str) -> bool {
    s.starts_with("(01)") || s.starts_with('+') || s.starts_with('=')
}

/// PRT → Device (IG `PRT[Device]`), the observation's device. PRT-2 `D` makes it inactive.
fn prt_device(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, deleted: bool) -> Option<usize> {
    let mut d = fhir::Device::default();
    if deleted {
        d.status = Some(Primitive::from(codes::FHIRDeviceStatus::Inactive));
    }
    for (r, v) in Cx::reps(f(s, 10)) {
        let at = At::field(10).rep(r);
        let Some(value) = cx.comp_text(v, 1, at) else {
            continue;
        };
        if is_udi_hrf(&value) {
            d.udi_carrier.push(fhir::DeviceUdiCarrier {
                device_identifier: Some(Primitive::from(value)),
                ..Default::default()
            });
        } else {
            d.identifier.extend(cx.ei(Some(v), at));
        }
    }
    if let Some(v) = cx.single(f(s, 16), 16)
        && let Some(value) = cx.comp_text(v, 1, At::field(16))
    {
        d.udi_carrier.push(fhir::DeviceUdiCarrier {
            device_identifier: Some(Primitive::from(value)),
            ..Default::default()
        });
    }
    d.manufacture_date = {
        let v = cx.single(f(s, 17), 17);
        cx.dtm(v, At::field(17))
    };
    d.expiration_date = {
        let v = cx.single(f(s, 18), 18);
        cx.dtm(v, At::field(18))
    };
    d.lot_number = {
        let v = cx.single(f(s, 19), 19);
        cx.text(v, At::field(19)).map(Primitive::from)
    };
    d.serial_number = {
        let v = cx.single(f(s, 20), 20);
        cx.text(v, At::field(20)).map(Primitive::from)
    };
    d.distinct_identifier = {
        let v = cx.single(f(s, 21), 21);
        v.and_then(|v| cx.comp_text(v, 1, At::field(21)))
            .map(Primitive::from)
    };
    d.type_ = {
        let v = cx.single(f(s, 22), 22);
        cx.cwe(v, At::field(22), None)
    };
    d.id = Some(cx.new_id("Device"));
    let i = cx.push(Resource::Device(Box::new(d)));
    let r = cx.reference(i);
    if let Some(Resource::Observation(o)) = cx.get_mut(cx.ctx.observation) {
        if o.device.is_none() {
            o.device = Some(r);
        } else {
            cx.issue(IssueKind::ExtraRepetition, Some(At::field(10)));
        }
    }
    Some(i)
}

const EVENT_LOCATION: &str = "http://hl7.org/fhir/StructureDefinition/event-location";

/// PRT → `event-location` extensions on the observation (IG `PRT[Observation-Location]`):
/// PRT-9 the Location, PRT-14 a Location with that address. A deleted participation
/// (PRT-2 `D`) adds none and is reported.
fn prt_observation_location(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, deleted: bool) -> Option<usize> {
    let obs = cx.ctx.observation;
    if obs.is_none() {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    }
    if deleted {
        cx.issue(IssueKind::UnmappedField, Some(At::field(2)));
        return obs;
    }
    let mut locations = Vec::new();
    for (r, v) in Cx::reps(f(s, 9)) {
        locations.extend(cx.pl(v, At::field(9).rep(r)));
    }
    for (_, a) in cx.all_addresses(s, 14) {
        let loc = fhir::Location {
            id: Some(cx.new_id("Location")),
            address: Some(a),
            ..Default::default()
        };
        locations.push(cx.push(Resource::Location(Box::new(loc))));
    }
    let refs: Vec<_> = locations.into_iter().map(|i| cx.reference(i)).collect();
    if let Some(Resource::Observation(o)) = cx.get_mut(obs) {
        for r in refs {
            o.extension
                .push(ext(EVENT_LOCATION, ExtensionValue::Reference(Box::new(r))));
        }
    }
    obs
}

// ---- IN3 ---------------------------------------------------------------------------------

/// The fields `IN3[CareTeam]` reads.
pub(crate) const IN3_FIELDS: &[u16] = &[1, 21];

/// IN3-21 → a case-manager participant of the patient's CareTeam (IG `IN3[CareTeam]`: role
/// SNOMED 768832004 "case manager"; the IN3-21 name, a string, is the member's display).
pub(crate) fn in3(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let name = {
        let v = cx.single(f(s, 21), 21);
        cx.text(v, At::field(21))
    }?;
    let Some(team) = cx.care_team() else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    let mut role = super::dt::cc_of("http://snomed.info/sct", "768832004", None);
    role.text = Some(Primitive::from("case manager"));
    let part = fhir::CareTeamParticipant {
        role: vec![role],
        member: Some(Reference {
            display: Some(Primitive::from(name)),
            ..Default::default()
        }),
        ..Default::default()
    };
    if let Some(Resource::CareTeam(c)) = cx.entries.get_mut(team) {
        c.participant.push(part);
    }
    Some(team)
}
