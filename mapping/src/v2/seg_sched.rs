//! Scheduling orders: SCH → ServiceRequest (IG `SCH[ServiceRequest]`, when SCH-26 or
//! SCH-27 is valued) and AIS → that ServiceRequest (IG `AIS[ServiceRequest]`).
//!
//! ServiceRequest.subject is required and the PID comes after the SCH in SIU messages, so
//! the ServiceRequest is made when the PID has been read (its issues are positioned on the
//! SCH). Each AIS of the appointment adds its service to a ServiceRequest: the first AIS to
//! the SCH's, each later one to a new ServiceRequest with the SCH's data ("ServiceRequest[n]"
//! in the IG's SIU map). Without a PID after the SCH, SCH-26/27 are reported.

use fhir::codes::{self, Code};
use fhir::{Identifier, Primitive, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dedup::List;
use super::dt::cc_of;
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";

fn base_key(pos: usize) -> String {
    format!("ServiceRequest|sch|{pos}")
}

fn used_key(pos: usize) -> String {
    format!("ServiceRequest|sch-ais|{pos}")
}

/// At the SCH: SCH-26/27 with no PID after the SCH in the message have no subject to
/// hang on and are reported.
pub(crate) fn sch_check(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, msg: &hl7v2::Message<'_>) {
    if f(s, 26).is_none() && f(s, 27).is_none() {
        return;
    }
    let mut i = s.index() + 1;
    while let Some(x) = msg.segment(i) {
        match x.id() {
            b"PID" => return,
            b"SCH" | b"MSH" => break,
            _ => i += 1,
        }
    }
    for n in [26u16, 27] {
        if f(s, n).is_some() {
            cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
        }
    }
}

/// After the PID of a scheduling message: the SCH's ServiceRequest (IG `SCH[ServiceRequest]`):
/// identifiers SCH-26 (placer) and SCH-27 (filler), intent `order`, status from SCH-25
/// (FillerStatusCodes[Appointment], kept when it is a request status) or `active`, subject
/// the patient; the appointment is `basedOn` it.
pub(crate) fn sch_service_request(cx: &mut Cx<'_>, msg: &hl7v2::Message<'_>) -> Option<usize> {
    let &(appointment, pos) = cx.appointments.last()?;
    let sch = msg.segment(pos)?;
    if f(&sch, 26).is_none() && f(&sch, 27).is_none() {
        return None;
    }
    if cx.keyed(&base_key(pos)).is_some() {
        return None;
    }
    let patient = cx.ctx.patient?;
    // Ids come from the PID's position (the converter stands there); issues are moved to
    // the SCH afterwards.
    let mark = cx.issues.len();
    let mut sr = fhir::ServiceRequest {
        intent: Some(Primitive::from(codes::RequestIntent::Order)),
        subject: Some(cx.reference(patient)),
        ..Default::default()
    };
    for (n, code) in [(26u16, "PLAC"), (27, "FILL")] {
        for (r, v) in Cx::reps(f(&sch, n)) {
            if let Some(mut id) = cx.ei(Some(v), At::field(n).rep(r)) {
                id.type_ = Some(cc_of(V2_0203, code, None));
                sr.identifier.push(id);
            }
        }
    }
    // SCH-25 was reported on by SCH[Appointment]: read without issues.
    let status = f(&sch, 25)
        .and_then(|v| v.repetition(1))
        .and_then(|v| v.component(1))
        .map(|c| String::from_utf8_lossy(c.raw()).trim().to_owned())
        .and_then(|c| t::FILLER_STATUS_CODES_APPOINTMENT.get(&c))
        .and_then(|c| codes::RequestStatus::from_code(c.code));
    sr.status = Some(Primitive::from(match (status, f(&sch, 25)) {
        (Some(st), _) => st,
        (None, None) => codes::RequestStatus::Active,
        // An appointment status that is no request status (booked, arrived, …).
        (None, Some(_)) => codes::RequestStatus::Unknown,
    }));
    sr.id = Some(cx.new_id("ServiceRequest"));
    let i = cx.push(Resource::ServiceRequest(Box::new(sr)));
    cx.remember(base_key(pos), i);
    let r = cx.reference(i);
    if let Some(Resource::Appointment(a)) = cx.entries.get_mut(appointment) {
        a.based_on.push(r);
    }
    let sch_location = {
        let mut l = cx.location(None);
        l.position = pos;
        l.segment = super::SegmentId::new(b"SCH");
        l
    };
    for issue in cx.issues.iter_mut().skip(mark) {
        issue.location.position = sch_location.position;
        issue.location.segment = sch_location.segment;
    }
    Some(i)
}

/// The fields AIS[Appointment] and AIS[ServiceRequest] read together.
pub(crate) const AIS_FIELDS: &[u16] = &[1, 3, 4, 11, 12];

/// AIS → the appointment's ServiceRequest (IG `AIS[ServiceRequest]`): AIS-3, AIS-11 and
/// AIS-12 as identifiers (CWE[Identifier]), AIS-4 the occurrence start. AIS-5/7 (start
/// offset, duration) need date arithmetic and stay reported. Returns whether it applied.
pub(crate) fn ais(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> bool {
    let Some(&(appointment, pos)) = cx.appointments.last() else {
        return false;
    };
    let Some(base) = cx.keyed(&base_key(pos)) else {
        return false;
    };
    // The first AIS fills the SCH's ServiceRequest, later ones a copy of its SCH data.
    let target = if cx.keyed(&used_key(pos)).is_none() {
        cx.remember(used_key(pos), base);
        base
    } else {
        let Some(Resource::ServiceRequest(b)) = cx.entries.get(base) else {
            return false;
        };
        let mut copy = fhir::ServiceRequest {
            // The SCH's (typed PLAC/FILL) identifiers, not the first AIS's.
            identifier: b
                .identifier
                .iter()
                .filter(|i| i.type_.is_some())
                .cloned()
                .collect(),
            status: b.status.clone(),
            intent: b.intent.clone(),
            subject: b.subject.clone(),
            ..Default::default()
        };
        copy.id = Some(cx.new_id("ServiceRequest"));
        let i = cx.push(Resource::ServiceRequest(Box::new(copy)));
        let r = cx.reference(i);
        if let Some(Resource::Appointment(a)) = cx.entries.get_mut(appointment) {
            a.based_on.push(r);
        }
        i
    };
    let mut ids = Vec::new();
    for n in [3u16, 11, 12] {
        for (r, v) in Cx::reps(f(s, n)) {
            let at = At::field(n).rep(r);
            // CWE[Identifier]: CWE.1 the value, CWE.3 the system (its triplets as more).
            for (c, sys) in [(1usize, 3usize), (4, 6), (10, 12)] {
                let Some(value) = cx.comp_text(v, c, at) else {
                    continue;
                };
                let system = cx
                    .comp_text(v, sys, at)
                    .and_then(|name| super::vocab::coding_system(&name));
                ids.push(Identifier {
                    value: Some(Primitive::from(value)),
                    system: system.map(Primitive::from),
                    ..Default::default()
                });
            }
        }
    }
    let start = {
        let v = cx.single(f(s, 4), 4);
        cx.dtm(v, At::field(4))
    };
    if let Some(Resource::ServiceRequest(sr)) = cx.entries.get_mut(target) {
        for id in ids {
            cx.once
                .push_unique(target, List::Identifier, &mut sr.identifier, id);
        }
        if let Some(st) = start {
            sr.occurrence = Some(fhir::ServiceRequestOccurrence::Period(Box::new(
                fhir::Period {
                    start: Some(st),
                    ..Default::default()
                },
            )));
        }
    }
    true
}
