//! Pharmacy and timing segment maps: RXO → MedicationRequest (IG `RXO[MedicationRequest]`),
//! RXR after an RXO (`RXR[MedicationRequest]`) and TQ1 (`TQ1[MedicationRequest]`,
//! `TQ1[ServiceRequest]`, with the `RPT[Timing]` and `CQ[…]` datatype maps).
//!
//! A TQ1 belongs to the order group of the ORC before it: when that group holds an RXO, the
//! TQ1 is the timing of the MedicationRequest (applied when the RXO is read, as TQ1 comes
//! first in OMP_O09), otherwise of the ORC's ServiceRequest.

use fhir::codes::{self, Code};
use fhir::{CodeableConcept, Coding, Primitive, Quantity, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::{cc_of, concept_coding};
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// The key under which the current order group's MedicationRequest is remembered.
const CURRENT_MED: &str = "MedicationRequest|current";

/// Whether the segment at `pos` belongs to a pharmacy order group (one with an RXO): from
/// the ORC before it (or the start) to the next ORC or PID (or the end).
fn pharmacy_group(cx: &mut Cx<'_>, msg: &hl7v2::Message<'_>, pos: usize) -> bool {
    let x = cx.seg_index(msg);
    let (a, b) = x.order_group(pos);
    x.has_rxo(a, b)
}

/// Whether an RXR follows an RXO (and so belongs to its MedicationRequest) rather than an
/// RXA: the nearest of the two (or an ORC) before it decides.
pub(crate) fn rxr_follows_order(cx: &mut Cx<'_>, msg: &hl7v2::Message<'_>, pos: usize) -> bool {
    cx.seg_index(msg).after_rxo(pos)
}

// ---- RXO ---------------------------------------------------------------------------------

pub(crate) const RXO_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 9, 11, 12, 13, 14, 18, 19, 25, 26];

/// A quantity from an NM value and CWE units (UCUM when the units name no other system).
fn quantity(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, value: u16, units: u16) -> Option<Quantity> {
    let v = cx.single(f(s, value), value);
    let d = cx.decimal(v, At::field(value))?;
    let mut q = Quantity {
        value: Some(Primitive::from(d)),
        ..Default::default()
    };
    let u = cx.single(f(s, units), units);
    cx.units_into(&mut q, u, At::field(units));
    Some(q)
}

/// The FHIR MedicationRequest status for the ORC's ServiceRequest status (the request-status
/// codes; `revoked` is the MedicationRequest's `cancelled`).
fn med_status(sr: Option<codes::RequestStatus>) -> codes::MedicationrequestStatus {
    use codes::{MedicationrequestStatus as M, RequestStatus as R};
    match sr {
        Some(R::Draft) => M::Draft,
        Some(R::Active) => M::Active,
        Some(R::OnHold) => M::OnHold,
        Some(R::Revoked) => M::Cancelled,
        Some(R::Completed) => M::Completed,
        Some(R::EnteredInError) => M::EnteredInError,
        Some(R::Unknown) | None => M::Unknown,
    }
}

/// RXO → MedicationRequest (IG `RXO[MedicationRequest]`) with a Medication for RXO-1/5 and
/// the strength (RXO-18/19 over RXO-25/26). The ORC before it gives identifiers, status,
/// authoredOn and (without RXO-14) the requester; TQ1s of the order group give the timing
/// (of the group's first RXO only).
pub(crate) fn rxo(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, msg: &hl7v2::Message<'_>) -> Option<usize> {
    let Some(patient) = cx.ctx.patient else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    // The TQ1s of the order group (they come before the RXO), read first: entering their
    // positions restarts the per-segment id ordinal.
    // Only the group's first RXO takes them (OMP_O09 has one RXO per order group): applying
    // every TQ1 to every RXO of a group would make output quadratic in the group's size.
    let tq1s = {
        let x = cx.seg_index(msg);
        let (a, b) = x.order_group(s.index());
        if x.first_rxo_from(a, s.index()) {
            x.tq1_in(a, b).to_vec()
        } else {
            Vec::new()
        }
    };
    let here = (cx.pos, cx.seg);
    let mut timings = Vec::new();
    for i in tq1s {
        let Some(tq) = msg.segment(i) else {
            continue;
        };
        cx.enter(i, b"TQ1");
        timings.push(tq1_parts(cx, &tq, true));
    }
    cx.enter(here.0, here.1.bytes());
    let mut mr = fhir::MedicationRequest {
        intent: Some(Primitive::from(
            codes::MedicationRequestIntent::OriginalOrder,
        )),
        subject: Some(cx.reference(patient)),
        encounter: cx.ctx.encounter.map(|i| cx.reference(i)),
        ..Default::default()
    };
    let mut sr_status = None;
    if let Some(Resource::ServiceRequest(sr)) = cx.get_mut(cx.ctx.order) {
        mr.identifier = sr.identifier.clone();
        mr.authored_on = sr.authored_on.clone();
        mr.requester = sr.requester.clone();
        sr_status = sr.status.as_ref().and_then(|p| p.value().copied());
    }
    mr.status = Some(Primitive::from(med_status(sr_status)));
    // The medication: RXO-1 code, RXO-5 form, RXO-18/19 : RXO-25/26 strength.
    let code = {
        let v = cx.single(f(s, 1), 1);
        cx.cwe(v, At::field(1), None)
    };
    let form = {
        let v = cx.single(f(s, 5), 5);
        cx.cwe(v, At::field(5), None)
    };
    let numerator = quantity(cx, s, 18, 19);
    let denominator = quantity(cx, s, 25, 26);
    if f(s, 19).is_some() && numerator.is_none() {
        cx.issue(IssueKind::UnmappedField, Some(At::field(19)));
    }
    if f(s, 26).is_some() && denominator.is_none() {
        cx.issue(IssueKind::UnmappedField, Some(At::field(26)));
    }
    let mut med = fhir::Medication {
        code: code.clone(),
        form,
        ..Default::default()
    };
    if numerator.is_some() || denominator.is_some() {
        match code {
            // Medication.ingredient.item is required: the ordered product is the item.
            Some(c) => med.ingredient.push(fhir::MedicationIngredient {
                item: Some(fhir::MedicationIngredientItem::CodeableConcept(Box::new(c))),
                strength: Some(fhir::Ratio {
                    numerator,
                    denominator,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            None => cx.issue(IssueKind::UnmappedField, Some(At::field(18))),
        }
    }
    mr.medication = if med == fhir::Medication::default() {
        // medication[x] is required.
        Some(fhir::MedicationRequestMedication::CodeableConcept(
            Box::new(cc_of(
                "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                "unknown",
                Some("Unknown"),
            )),
        ))
    } else {
        med.id = Some(cx.new_id("Medication"));
        let i = cx.push(Resource::Medication(Box::new(med)));
        Some(fhir::MedicationRequestMedication::Reference(Box::new(
            cx.reference(i),
        )))
    };
    // RXO-2/3/4 → the ordered dose range.
    let mut dosage = fhir::Dosage::default();
    let low = quantity(cx, s, 2, 4);
    let high = {
        let v = cx.single(f(s, 3), 3);
        cx.decimal(v, At::field(3)).map(|d| {
            let mut q = Quantity {
                value: Some(Primitive::from(d)),
                ..Default::default()
            };
            if let Some(l) = &low {
                q.unit = l.unit.clone();
                q.system = l.system.clone();
                q.code = l.code.clone();
            }
            q
        })
    };
    if low.is_some() || high.is_some() {
        dosage.dose_and_rate.push(fhir::DosageDoseAndRate {
            type_: Some(cc_of(
                "http://terminology.hl7.org/CodeSystem/dose-rate-type",
                "ordered",
                Some("Ordered"),
            )),
            dose: Some(fhir::DosageDoseAndRateDose::Range(Box::new(fhir::Range {
                low,
                high,
                ..Default::default()
            }))),
            ..Default::default()
        });
    } else if f(s, 4).is_some() {
        cx.issue(IssueKind::UnmappedField, Some(At::field(4)));
    }
    // RXO-9 → substitution (ID[CodeableConcept], AllowSubstitution).
    if let Some(code) = {
        let v = cx.single(f(s, 9), 9);
        cx.code_text(v.and_then(|v| v.component(1)), At::field(9))
    } && let Some(c) = cx.lookup(&t::ALLOW_SUBSTITUTION, &code, At::field(9))
    {
        mr.substitution = Some(fhir::MedicationRequestSubstitution {
            allowed: Some(fhir::MedicationRequestSubstitutionAllowed::CodeableConcept(
                Box::new(CodeableConcept {
                    coding: vec![concept_coding(c)],
                    ..Default::default()
                }),
            )),
            ..Default::default()
        });
    }
    // RXO-11/12/13 → dispenseRequest.
    let mut dispense = fhir::MedicationRequestDispenseRequest {
        quantity: quantity(cx, s, 11, 12),
        ..Default::default()
    };
    if dispense.quantity.is_none() && f(s, 12).is_some() {
        cx.issue(IssueKind::UnmappedField, Some(At::field(12)));
    }
    if let Some(n) = {
        let v = cx.single(f(s, 13), 13);
        cx.text(v, At::field(13))
    } {
        match n.parse::<u32>() {
            Ok(n) if n <= i32::MAX as u32 => {
                dispense.number_of_repeats_allowed = Some(Primitive::from(n))
            }
            _ => cx.issue(IssueKind::InvalidValue, Some(At::field(13))),
        }
    }
    if dispense != fhir::MedicationRequestDispenseRequest::default() {
        mr.dispense_request = Some(dispense);
    }
    // RXO-14 → requester (XCN[Practitioner]).
    if let Some(v) = cx.single(f(s, 14), 14)
        && let Some(i) = cx.xcn(v, At::field(14))
    {
        mr.requester = Some(cx.reference(i));
    }
    for parts in timings {
        apply_to_dosage(cx, parts, &mut mr, &mut dosage);
    }
    if dosage != fhir::Dosage::default() {
        mr.dosage_instruction.push(dosage);
    }
    mr.id = Some(cx.new_id("MedicationRequest"));
    let i = cx.push(Resource::MedicationRequest(Box::new(mr)));
    cx.remember(CURRENT_MED.to_owned(), i);
    cx.ctx.note_target = None;
    Some(i)
}

// ---- RXR ---------------------------------------------------------------------------------

pub(crate) const RXR_FIELDS: &[u16] = &[1, 2, 4, 5];

/// RXR → the MedicationRequest's dosage (IG `RXR[MedicationRequest]`): route
/// (RouteOfAdministration), site (BodyParts), method (AdministrationMethod), additional
/// instruction.
pub(crate) fn rxr(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let Some(i) = cx.keyed(CURRENT_MED) else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    let route = {
        let v = cx.single(f(s, 1), 1);
        cx.cwe(v, At::field(1), Some(&t::ROUTE_OF_ADMINISTRATION))
    };
    let site = {
        let v = cx.single(f(s, 2), 2);
        cx.cwe(v, At::field(2), Some(&t::BODY_PARTS))
    };
    let method = {
        let v = cx.single(f(s, 4), 4);
        cx.cwe(v, At::field(4), Some(&t::ADMINISTRATION_METHOD))
    };
    let instruction = {
        let v = cx.single(f(s, 5), 5);
        cx.cwe(v, At::field(5), None)
    };
    if let Some(Resource::MedicationRequest(mr)) = cx.entries.get_mut(i) {
        if mr.dosage_instruction.is_empty() {
            mr.dosage_instruction.push(fhir::Dosage::default());
        }
        if let Some(d) = mr.dosage_instruction.first_mut() {
            if d.route.is_none() {
                d.route = route;
                d.site = site;
                d.method = method;
                d.additional_instruction.extend(instruction);
            } else {
                // A second RXR for the same order: the dosage holds one route.
                cx.issue(IssueKind::ExtraRepetition, None);
            }
        }
    }
    Some(i)
}

// ---- TQ1 ---------------------------------------------------------------------------------

pub(crate) const TQ1_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14];

/// What a TQ1 gives.
#[derive(Debug, Default)]
struct Tq1Parts {
    /// The TQ1's position in the message (for issues found when applying it).
    pos: usize,
    quantity: Option<Quantity>,
    timing: Option<fhir::Timing>,
    priority: Option<codes::RequestPriority>,
    condition: Option<fhir::FhirString>,
    text: Option<fhir::FhirString>,
}

/// A FHIR unit of time from a v2 unit (UCUM `s`/`min`/`h`/`d`/`wk`/`mo`/`a`, or the
/// ISO+ / ANSI spellings seen in v2 feeds).
fn unit_of_time(u: &str) -> Option<codes::UnitsOfTime> {
    let code = match u {
        "s" | "S" | "sec" => "s",
        "min" | "MIN" | "M" => "min",
        "h" | "H" | "hr" | "HR" => "h",
        "d" | "D" | "DAY" | "day" => "d",
        "wk" | "W" | "WK" => "wk",
        "mo" | "MO" => "mo",
        "a" | "Y" | "YR" => "a",
        _ => return None,
    };
    codes::UnitsOfTime::from_code(code)
}

fn minutes_of(value: &str, unit: codes::UnitsOfTime) -> Option<u32> {
    let n: u32 = value.parse().ok()?;
    let factor = match unit {
        codes::UnitsOfTime::Min => 1,
        codes::UnitsOfTime::H => 60,
        codes::UnitsOfTime::D => 1440,
        _ => return None,
    };
    n.checked_mul(factor).filter(|&m| m <= i32::MAX as u32)
}

/// TQ1 → its parts (IG `TQ1[MedicationRequest]` / `TQ1[ServiceRequest]`), the timing by
/// `RPT[Timing]`. FHIR's Timing invariants decide between rows the IG leaves open: an
/// offset needs a `when` (tim-9), `timeOfDay` excludes `when` (tim-10), a count limit is
/// the `count` (tim-8 forbids `countMax` alone), a duration needs its unit (tim-1).
fn tq1_parts(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, medication: bool) -> Tq1Parts {
    let mut out = Tq1Parts {
        pos: cx.pos,
        ..Default::default()
    };
    // TQ1-2 (CQ) → quantity / doseQuantity (CQ[Quantity]).
    if let Some(v) = cx.single(f(s, 2), 2)
        && let Some(d) = cx.decimal(v.component(1), At::field(2).comp(1))
    {
        let mut q = Quantity {
            value: Some(Primitive::from(d)),
            ..Default::default()
        };
        // CQ-2 is a CWE inside a component: its parts are subcomponents.
        if let Some(u) = v.component(2) {
            let code = cx.text(u.subcomponent(1), At::field(2).comp(2));
            let text = cx.text(u.subcomponent(2), At::field(2).comp(2));
            q.unit = text.or(code).map(Primitive::from);
        }
        out.quantity = Some(q);
    }
    let mut timing = fhir::Timing::default();
    let mut repeat = fhir::TimingRepeat::default();
    // TQ1-3 (RPT) → code and repeat.
    if let Some(v) = cx.single(f(s, 3), 3) {
        let at = At::field(3);
        if let Some(c1) = v.component(1) {
            let code = cx.code_text(c1.subcomponent(1), at.comp(1));
            let display = cx.text(c1.subcomponent(2), at.comp(1));
            if let Some(code) = code {
                let mut cc = CodeableConcept::default();
                if let Some(c) = cx.lookup(&t::REPEAT_PATTERN, &code, at.comp(1)) {
                    cc.coding.push(concept_coding(c));
                } else {
                    cc.coding.push(Coding {
                        system: Some(Primitive::from(
                            "http://terminology.hl7.org/CodeSystem/v2-0335",
                        )),
                        code: Some(Primitive::from(code)),
                        display: display.map(Primitive::from),
                        ..Default::default()
                    });
                }
                timing.code = Some(cc);
            }
        }
        let phase = cx.comp_text(v, 2, at);
        if phase.as_deref() == Some("DW") {
            for n in [3usize, 4] {
                let day = cx.comp_text(v, n, at);
                let d = match day.as_deref() {
                    Some("1") => Some(codes::DaysOfWeek::Mon),
                    Some("2") => Some(codes::DaysOfWeek::Tue),
                    Some("3") => Some(codes::DaysOfWeek::Wed),
                    Some("4") => Some(codes::DaysOfWeek::Thu),
                    Some("5") => Some(codes::DaysOfWeek::Fri),
                    Some("6") => Some(codes::DaysOfWeek::Sat),
                    Some("7") => Some(codes::DaysOfWeek::Sun),
                    Some(_) => {
                        cx.issue(IssueKind::InvalidValue, Some(at.comp(n as u16)));
                        None
                    }
                    None => None,
                };
                repeat.day_of_week.extend(d.map(Primitive::from));
            }
        }
        let period = cx.decimal(v.component(5), at.comp(5));
        let unit = cx.text(v.component(6).and_then(|c| c.subcomponent(1)), at.comp(6));
        match (period, unit.as_deref().and_then(unit_of_time)) {
            (Some(p), Some(u)) => {
                repeat.period = Some(Primitive::from(p));
                repeat.period_unit = Some(Primitive::from(u));
            }
            (Some(_), None) => cx.issue(IssueKind::InvalidValue, Some(at.comp(6))),
            (None, _) => {}
        }
        if let Some(code) = cx.comp_text(v, 8, at)
            && let Some(c) = cx.lookup(&t::EVENT_RELATED_PERIOD, &code, at.comp(8))
        {
            match codes::EventTiming::from_code(c.code) {
                Some(e) => repeat.when.push(Primitive::from(e)),
                None => cx.issue(
                    IssueKind::UnknownCode {
                        map: t::EVENT_RELATED_PERIOD.name,
                    },
                    Some(at.comp(8)),
                ),
            }
        }
        if let Some(off) = cx.comp_text(v, 9, at) {
            let unit = cx.text(v.component(10).and_then(|c| c.subcomponent(1)), at.comp(10));
            match unit.as_deref().and_then(unit_of_time) {
                Some(u) if !repeat.when.is_empty() => match minutes_of(&off, u) {
                    Some(m) => repeat.offset = Some(Primitive::from(m)),
                    None => cx.issue(IssueKind::InvalidValue, Some(at.comp(9))),
                },
                _ => cx.issue(IssueKind::UnmappedField, Some(at.comp(9))),
            }
        }
    }
    // TQ1-4 (TM) → timeOfDay (not with `when`, tim-10).
    for (r, v) in Cx::reps(f(s, 4)) {
        let at = At::field(4).rep(r);
        let Some(tm) = cx.text(v.component(1), at) else {
            continue;
        };
        let b = tm.as_bytes();
        let ok = b.len() >= 4 && b.iter().take(4).all(u8::is_ascii_digit);
        let sec = if b.len() >= 6 && b[4..6].iter().all(u8::is_ascii_digit) {
            tm.get(4..6).unwrap_or("00")
        } else {
            "00"
        };
        let formatted = match (ok, tm.get(0..2), tm.get(2..4)) {
            (true, Some(h), Some(m)) => format!("{h}:{m}:{sec}"),
            _ => String::new(),
        };
        match fhir::Time::parse(&formatted) {
            Ok(time) if repeat.when.is_empty() => repeat.time_of_day.push(Primitive::from(time)),
            Ok(_) => cx.issue(IssueKind::UnmappedField, Some(at)),
            Err(_) => cx.issue(IssueKind::InvalidValue, Some(at)),
        }
    }
    // TQ1-5 (CQ) → offset in minutes, when RPT-9 gave none (and there is a `when`).
    if let Some(v) = cx.single(f(s, 5), 5) {
        let at = At::field(5);
        let value = cx.text(v.component(1), at.comp(1));
        let unit = cx.text(v.component(2).and_then(|c| c.subcomponent(1)), at.comp(2));
        // The unit of time through TestServiceDefaultDurationUnits (the UCUM units of time
        // FHIR requires, CWE[Timing-DurationUnit]), else the common v2 spellings.
        let unit = unit.as_deref().and_then(|u| {
            super::tables::TEST_SERVICE_DEFAULT_DURATION_UNITS
                .get(u)
                .map_or(Some(u), |c| Some(c.code))
        });
        match (value, unit.and_then(unit_of_time)) {
            (Some(n), Some(u)) if repeat.offset.is_none() && !repeat.when.is_empty() => {
                match minutes_of(&n, u) {
                    Some(m) => repeat.offset = Some(Primitive::from(m)),
                    None => cx.issue(IssueKind::InvalidValue, Some(at)),
                }
            }
            _ => cx.issue(IssueKind::UnmappedField, Some(at)),
        }
    }
    // TQ1-6 (CQ) → boundsDuration when TQ1-7/8 are absent; TQ1-7/8 → boundsPeriod.
    let start = {
        let v = cx.single(f(s, 7), 7);
        v.and_then(|v| v.component(1))
    };
    let end = {
        let v = cx.single(f(s, 8), 8);
        v.and_then(|v| v.component(1))
    };
    let bounds = cx.period(start, end, At::field(7), At::field(8));
    if let Some(v) = cx.single(f(s, 6), 6) {
        let at = At::field(6);
        let value = cx.decimal(v.component(1), at.comp(1));
        let unit = cx.text(v.component(2).and_then(|c| c.subcomponent(1)), at.comp(2));
        match (value, unit.as_deref().and_then(unit_of_time), &bounds) {
            (Some(d), Some(u), None) => {
                repeat.bounds = Some(fhir::TimingRepeatBounds::Duration(Box::new(
                    fhir::Duration {
                        value: Some(Primitive::from(d)),
                        unit: Some(Primitive::from(u.code())),
                        system: Some(Primitive::from("http://unitsofmeasure.org")),
                        code: Some(Primitive::from(u.code())),
                        ..Default::default()
                    },
                )))
            }
            // With a start or end, the IG computes the other bound: not done here.
            _ => cx.issue(IssueKind::UnmappedField, Some(at)),
        }
    }
    if let Some(p) = bounds {
        repeat.bounds = Some(fhir::TimingRepeatBounds::Period(Box::new(p)));
    }
    // TQ1-9 → priority (ExtendedPriorityCodes).
    if let Some(v) = cx.single(f(s, 9), 9) {
        let p: Option<Primitive<codes::RequestPriority>> =
            cx.code_enum(Some(v), At::field(9), &t::EXTENDED_PRIORITY_CODES);
        out.priority = p.and_then(|p| p.value().copied());
    }
    if medication {
        out.condition = {
            let v = cx.single(f(s, 10), 10);
            cx.text(v, At::field(10))
        };
    } else if f(s, 10).is_some() {
        cx.issue(IssueKind::UnmappedField, Some(At::field(10)));
    }
    out.text = {
        let v = cx.single(f(s, 11), 11);
        cx.text(v, At::field(11))
    };
    // TQ1-13 (CQ) → duration and durationUnit.
    if let Some(v) = cx.single(f(s, 13), 13) {
        let at = At::field(13);
        let value = cx.decimal(v.component(1), at.comp(1));
        let unit = cx.text(v.component(2).and_then(|c| c.subcomponent(1)), at.comp(2));
        // CWE[Timing-DurationUnit]: through TestServiceDefaultDurationUnits, as above.
        let unit = unit.as_deref().and_then(|u| {
            super::tables::TEST_SERVICE_DEFAULT_DURATION_UNITS
                .get(u)
                .map_or(Some(u), |c| Some(c.code))
        });
        match (value, unit.and_then(unit_of_time)) {
            (Some(d), Some(u)) => {
                repeat.duration = Some(Primitive::from(d));
                repeat.duration_unit = Some(Primitive::from(u));
            }
            _ => cx.issue(IssueKind::InvalidValue, Some(at)),
        }
    }
    // TQ1-14 (NM[positiveInt]) → the total number of repetitions.
    if let Some(n) = {
        let v = cx.single(f(s, 14), 14);
        cx.text(v, At::field(14))
    } {
        match super::dt::positive_int(&n) {
            Some(n) => repeat.count = Some(Primitive::from(n)),
            None => cx.issue(IssueKind::InvalidValue, Some(At::field(14))),
        }
    }
    if repeat != fhir::TimingRepeat::default() {
        timing.repeat = Some(repeat);
    }
    if timing != fhir::Timing::default() {
        out.timing = Some(timing);
    }
    out
}

/// An issue at a TQ1 read earlier (the converter stands on the RXO).
fn tq1_issue(cx: &mut Cx<'_>, pos: usize, kind: IssueKind, at: At) {
    let mut location = cx.location(Some(at));
    location.position = pos;
    location.segment = super::SegmentId::new(b"TQ1");
    cx.issues.push(super::Issue { kind, location });
}

fn apply_to_dosage(
    cx: &mut Cx<'_>,
    parts: Tq1Parts,
    mr: &mut fhir::MedicationRequest,
    dosage: &mut fhir::Dosage,
) {
    if let Some(q) = parts.quantity {
        // The dose is a choice: an RXO dose range came first.
        if dosage.dose_and_rate.iter().any(|d| d.dose.is_some()) {
            tq1_issue(cx, parts.pos, IssueKind::UnmappedField, At::field(2));
        } else {
            dosage.dose_and_rate.push(fhir::DosageDoseAndRate {
                dose: Some(fhir::DosageDoseAndRateDose::Quantity(Box::new(q))),
                ..Default::default()
            });
        }
    }
    if let Some(tm) = parts.timing {
        if dosage.timing.is_none() {
            dosage.timing = Some(tm);
        } else {
            // A second TQ1 for the same order: the dosage holds one timing.
            tq1_issue(cx, parts.pos, IssueKind::ExtraRepetition, At::field(3));
        }
    }
    if let Some(p) = parts.priority {
        mr.priority.get_or_insert(Primitive::from(p));
    }
    if let Some(c) = parts.condition {
        dosage.additional_instruction.push(CodeableConcept {
            text: Some(Primitive::from(c)),
            ..Default::default()
        });
    }
    if let Some(text) = parts.text {
        // The IG's `text` (a Narrative on the resource) is the dosage's text instruction.
        dosage.text = Some(Primitive::from(text));
    }
}

/// TQ1 → the timing of its order group: the MedicationRequest's (applied by [`rxo`]) or the
/// ORC's ServiceRequest (IG `TQ1[ServiceRequest]`). Returns the main resource and the
/// fields read.
pub(crate) fn tq1(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
) -> (Option<usize>, &'static [u16]) {
    if pharmacy_group(cx, msg, s.index()) {
        // Read (and reported on) when the RXO is mapped.
        return (None, TQ1_FIELDS);
    }
    let Some(order) = cx.ctx.order.filter(|_| cx.ctx.order_from_orc) else {
        cx.issue(IssueKind::MissingContext, None);
        return (None, TQ1_FIELDS);
    };
    let parts = tq1_parts(cx, s, false);
    let mut clash = false;
    if let Some(Resource::ServiceRequest(sr)) = cx.entries.get_mut(order) {
        if let Some(q) = parts.quantity {
            sr.quantity = Some(fhir::ServiceRequestQuantity::Quantity(Box::new(q)));
        }
        if let Some(tm) = parts.timing {
            if sr.occurrence.is_none() {
                sr.occurrence = Some(fhir::ServiceRequestOccurrence::Timing(Box::new(tm)));
            } else {
                clash = true;
            }
        }
        if let Some(p) = parts.priority {
            sr.priority.get_or_insert(Primitive::from(p));
        }
        if let Some(text) = parts.text {
            sr.note.push(fhir::Annotation {
                text: Some(Primitive::from(text)),
                ..Default::default()
            });
        }
    }
    if clash {
        cx.issue(IssueKind::ExtraRepetition, Some(At::field(3)));
    }
    (Some(order), TQ1_FIELDS)
}
