//! `TQ[ServiceRequest]`, `TQ[MedicationRequest]` and `RI[Timing]`: the timing/quantity of
//! ORC-7 and OBR-27 (the pre-2.5 form of TQ1), applied to the order's ServiceRequest and,
//! in a pharmacy order, its MedicationRequest.

use fhir::codes::Code;
use fhir::{CodeableConcept, Coding, Primitive, Quantity, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dedup::{Indexes, List};
use super::dt::concept_coding;
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

/// TQ.3 duration units (`M30`, `H2`, …: the v2 TQ convention) → UCUM units of time.
fn duration_unit(letter: u8) -> Option<fhir::codes::UnitsOfTime> {
    use fhir::codes::UnitsOfTime as U;
    Some(match letter {
        b'S' => U::S,
        b'M' => U::Min,
        b'H' => U::H,
        b'D' => U::D,
        b'W' => U::Wk,
        b'L' => U::Mo,
        _ => return None,
    })
}

impl Cx<'_> {
    /// RI → Timing (IG `RI[Timing]`): RI.1 the repeat pattern as `code` (RepeatPattern, else
    /// coded in table 0335), RI.2 `HHMM,HHMM,…` as `repeat.timeOfDay`. Inside TQ the RI
    /// parts are subcomponents.
    fn ri_timing(&mut self, v: Value<'_, '_>, at: At) -> fhir::Timing {
        let mut timing = fhir::Timing::default();
        if let Some(code) = self.code_text(v.subcomponent(1), at) {
            let coding = match t::REPEAT_PATTERN.get(&code) {
                Some(c) => concept_coding(c),
                None => {
                    self.issue(
                        IssueKind::UnknownCode {
                            map: t::REPEAT_PATTERN.name,
                        },
                        Some(at),
                    );
                    Coding {
                        system: Some(Primitive::from(
                            "http://terminology.hl7.org/CodeSystem/v2-0335",
                        )),
                        code: Some(Primitive::from(code)),
                        ..Default::default()
                    }
                }
            };
            timing.code = Some(CodeableConcept {
                coding: vec![coding],
                ..Default::default()
            });
        }
        if let Some(times) = self.text(v.subcomponent(2), at) {
            let mut repeat = fhir::TimingRepeat::default();
            for hhmm in times.split(',').map(str::trim).filter(|x| !x.is_empty()) {
                let b = hhmm.as_bytes();
                let ok = b.len() == 4 && b.iter().all(u8::is_ascii_digit);
                let time = match (ok, hhmm.get(0..2), hhmm.get(2..4)) {
                    (true, Some(h), Some(m)) => fhir::Time::parse(&format!("{h}:{m}:00")).ok(),
                    _ => None,
                };
                match time {
                    Some(t) => repeat.time_of_day.push(Primitive::from(t)),
                    None => self.issue(IssueKind::InvalidValue, Some(at)),
                }
            }
            if !repeat.time_of_day.is_empty() {
                timing.repeat = Some(repeat);
            }
        }
        timing
    }
}

/// The parts of a TQ, read by the rows `TQ[ServiceRequest]` and `TQ[MedicationRequest]`
/// share.
#[derive(Default)]
struct TqParts {
    quantity: Option<Quantity>,
    timing: fhir::Timing,
    priority: Option<fhir::codes::RequestPriority>,
    note: Option<fhir::FhirString>,
}

/// Reads a TQ (field `n`'s first repetition): TQ.1 (CQ[Quantity]) the quantity, TQ.2
/// (RI[Timing]) the timing, TQ.3 a parsable duration (`M30`, `H2`, `D3`, `W1`, `L1`, `S10`)
/// `repeat.boundsDuration` in UCUM, TQ.4/5 `repeat.boundsPeriod` (which wins over TQ.3:
/// bounds is a choice), TQ.6 the priority (ExtendedPriorityCodes), TQ.8 a note, TQ.12
/// `repeat.count`. TQ.3 that does not parse and TQ.7 map to extensions the IG leaves unnamed
/// and are reported, as is TQ.11 (no target).
fn tq_parts(cx: &mut Cx<'_>, v: Value<'_, '_>, n: u16) -> TqParts {
    let at = At::field(n);
    let quantity = match v.component(1) {
        Some(c) => cx.decimal(c.subcomponent(1), at.comp(1)).map(|d| {
            let unit = cx.text(c.subcomponent(2), at.comp(1));
            Quantity {
                value: Some(Primitive::from(d)),
                unit: unit.map(Primitive::from),
                ..Default::default()
            }
        }),
        None => None,
    };
    let mut timing = match v.component(2).filter(|c| !c.is_empty()) {
        Some(c) => cx.ri_timing(c, at.comp(2)),
        None => fhir::Timing::default(),
    };
    let mut repeat = timing.repeat.take().unwrap_or_default();
    let start = v.component(4).and_then(|c| c.subcomponent(1));
    let end = v.component(5).and_then(|c| c.subcomponent(1));
    let bounds = cx.period(start, end, at.comp(4), at.comp(5));
    if let Some(d) = cx.text(v.component(3), at.comp(3)) {
        let parsed = d
            .as_bytes()
            .first()
            .and_then(|&l| duration_unit(l))
            .zip(d.get(1..).and_then(|x| fhir::Decimal::parse(x).ok()));
        match (parsed, &bounds) {
            (Some((u, value)), None) => {
                repeat.bounds = Some(fhir::TimingRepeatBounds::Duration(Box::new(
                    fhir::Duration {
                        value: Some(Primitive::from(value)),
                        unit: Some(Primitive::from(u.code())),
                        system: Some(Primitive::from("http://unitsofmeasure.org")),
                        code: Some(Primitive::from(u.code())),
                        ..Default::default()
                    },
                )));
            }
            _ => cx.issue(IssueKind::UnmappedField, Some(at.comp(3))),
        }
    }
    if let Some(p) = bounds {
        repeat.bounds = Some(fhir::TimingRepeatBounds::Period(Box::new(p)));
    }
    let priority = match cx.code_text(v.component(6), at.comp(6)) {
        Some(code) => cx
            .lookup(&t::EXTENDED_PRIORITY_CODES, &code, at.comp(6))
            .and_then(|c| fhir::codes::RequestPriority::from_code(c.code)),
        None => None,
    };
    for k in [7u16, 11] {
        if v.component(usize::from(k)).is_some_and(|c| !c.is_empty()) {
            cx.issue(IssueKind::UnmappedField, Some(at.comp(k)));
        }
    }
    let note = cx.text(v.component(8), at.comp(8));
    if let Some(count) = cx.text(v.component(12), at.comp(12)) {
        match super::dt::positive_int(&count) {
            Some(c) => repeat.count = Some(Primitive::from(c)),
            None => cx.issue(IssueKind::InvalidValue, Some(at.comp(12))),
        }
    }
    if repeat != fhir::TimingRepeat::default() {
        timing.repeat = Some(repeat);
    }
    TqParts {
        quantity,
        timing,
        priority,
        note,
    }
}

fn push_note(
    once: &mut Indexes,
    entry: usize,
    notes: &mut Vec<fhir::Annotation>,
    text: Option<fhir::FhirString>,
) {
    if let Some(text) = text {
        let a = fhir::Annotation {
            text: Some(Primitive::from(text)),
            ..Default::default()
        };
        once.push_unique(entry, List::Note, notes, a);
    }
}

/// TQ → the order's ServiceRequest (IG `TQ[ServiceRequest]`, ORC-7 and OBR-27):
/// `quantityQuantity`, `occurrenceTiming`, `priority` and a note, by [`tq_parts`]. Parts the
/// ServiceRequest already has (from TQ1, or an earlier ORC-7) are kept.
pub(crate) fn tq_service_request(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, n: u16) {
    let Some(v) = s.field(usize::from(n)).filter(|v| !v.is_empty()) else {
        return;
    };
    let Some(order) = cx.ctx.order else {
        cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
        return;
    };
    // The first repetition (later ones were a v2 way of giving a schedule of schedules).
    let Some(v) = cx.single(Some(v), n) else {
        return;
    };
    let p = tq_parts(cx, v, n);
    let Some(Resource::ServiceRequest(sr)) = cx.entries.get_mut(order) else {
        return;
    };
    if sr.quantity.is_none() {
        sr.quantity = p
            .quantity
            .map(|q| fhir::ServiceRequestQuantity::Quantity(Box::new(q)));
    }
    if sr.occurrence.is_none() && p.timing != fhir::Timing::default() {
        sr.occurrence = Some(fhir::ServiceRequestOccurrence::Timing(Box::new(p.timing)));
    }
    if sr.priority.is_none() {
        sr.priority = p.priority.map(Primitive::from);
    }
    push_note(&mut cx.once, order, &mut sr.note, p.note);
}

/// The ORC-7 of a pharmacy order → its MedicationRequest (IG `TQ[MedicationRequest]`, a
/// datatype map no segment row of the IG tables names; applied to the ORC of an RXO's order
/// group): TQ.1 `dosageInstruction.doseAndRate.doseQuantity`, TQ.2-5/12 the dosage's
/// `timing` (the IG's rows name `doseAndRate.timing` and `occurrenceTiming`, which R4's
/// MedicationRequest does not have: `Dosage.timing` is where R4 keeps it), TQ.6 `priority`,
/// TQ.8 a note. A dosage timing already given (TQ1) is kept. The ORC was read (and reported
/// on) for the ServiceRequest, so the issues of this second reading are dropped.
pub(crate) fn tq_medication_request(
    cx: &mut Cx<'_>,
    msg: &hl7v2::Message<'_>,
    pos: usize,
    request: Option<usize>,
) {
    let Some(request) = request else { return };
    let (start, _) = cx.seg_index(msg).order_group(pos);
    let Some(orc) = msg.segment(start).filter(|o| o.id() == b"ORC") else {
        return;
    };
    let Some(v) = orc.field(7).filter(|v| !v.is_empty()) else {
        return;
    };
    let mark = cx.issues.len();
    let p = cx.single(Some(v), 7).map(|v| tq_parts(cx, v, 7));
    cx.issues.truncate(mark);
    let Some(p) = p else { return };
    let Some(Resource::MedicationRequest(mr)) = cx.entries.get_mut(request) else {
        return;
    };
    if mr.dosage_instruction.is_empty() {
        mr.dosage_instruction.push(fhir::Dosage::default());
    }
    if let Some(d) = mr.dosage_instruction.first_mut() {
        if d.timing.is_none() && p.timing != fhir::Timing::default() {
            d.timing = Some(p.timing);
        }
        if let Some(q) = p.quantity
            && d.dose_and_rate.iter().all(|x| x.dose.is_none())
        {
            d.dose_and_rate.push(fhir::DosageDoseAndRate {
                dose: Some(fhir::DosageDoseAndRateDose::Quantity(Box::new(q))),
                ..Default::default()
            });
        }
    }
    mr.dosage_instruction
        .retain(|d| d != &fhir::Dosage::default());
    if mr.priority.is_none() {
        mr.priority = p.priority.map(Primitive::from);
    }
    push_note(&mut cx.once, request, &mut mr.note, p.note);
}

/// ORC fields with ORC-7 (`ORC[ServiceRequest]`) and ORC-17/18 (`ORC[Provenance]`, see
/// `seg_more::orc_provenance_more`).
pub(crate) const ORC_TQ_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 17, 18, 19, 21, 28, 29];
/// The same, in results messages (with ORC-16).
pub(crate) const ORC_RESULT_TQ_FIELDS: &[u16] =
    &[1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 16, 17, 18, 19, 21, 28, 29];
/// OBR fields with OBR-27 and OBR-34/35 (`seg_more::obr_ndl`).
pub(crate) const OBR_TQ_FIELDS: &[u16] =
    &[1, 2, 3, 4, 5, 6, 7, 8, 16, 22, 24, 25, 27, 31, 32, 34, 35];
/// OBR fields with the specimen and OBR-27.
pub(crate) const OBR_SPECIMEN_TQ_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 22, 24, 25, 27, 31, 32, 34, 35, 39,
];

#[cfg(test)]
mod tests {
    use super::super::{seg, seg_report, seg_specimen};

    #[test]
    fn field_lists_extend_the_segment_maps() {
        for (all, base) in [
            (super::ORC_TQ_FIELDS, seg::ORC_FIELDS),
            (super::ORC_RESULT_TQ_FIELDS, seg_report::ORC_RESULT_FIELDS),
            (super::OBR_TQ_FIELDS, seg::OBR_FIELDS),
            (
                super::OBR_SPECIMEN_TQ_FIELDS,
                seg_specimen::OBR_SPECIMEN_FIELDS,
            ),
        ] {
            for n in base {
                assert!(all.contains(n), "{n}");
            }
            assert!(all.len() > base.len());
        }
    }
}
