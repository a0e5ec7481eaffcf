//! Provenance segment maps: `MSH[Provenance-Source]`, `PID[Provenance-Patient]`,
//! `SCH[Provenance]` and `TXA[Provenance]`.
//!
//! A Provenance needs `recorded` (an instant), a target and an agent; one that cannot have
//! them is left out of the bundle (the assembler drops it), and the fields that only it
//! would carry are reported. The conversion is a pure function of the message, so where the
//! IG asks for "the time of transformation" the message's own time is used: the update time
//! (PID-33) or the message time (MSH-7).

use fhir::{CodeableConcept, Coding, Identifier, Primitive, Reference, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::cc_of;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

const PARTICIPANT_TYPE: &str = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
const V3_PARTICIPATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

fn agent(who: Reference, kind: &'static str) -> fhir::ProvenanceAgent {
    fhir::ProvenanceAgent {
        who: Some(who),
        type_: Some(cc_of(PARTICIPANT_TYPE, kind, None)),
        ..Default::default()
    }
}

/// MSH-7 as an instant, read without reporting (the message time's issues are reported
/// once, on MSH).
fn message_time(cx: &mut Cx<'_>, msg: &hl7v2::Message<'_>) -> Option<Primitive<fhir::Instant>> {
    let mark = cx.issues.len();
    let t = msg
        .segment(0)
        .and_then(|h| h.field(7))
        .and_then(|v| cx.dtm_instant(Some(v), At::field(7)));
    cx.issues.truncate(mark);
    t
}

fn push(cx: &mut Cx<'_>, mut p: fhir::Provenance) -> usize {
    p.id = Some(cx.new_id("Provenance"));
    cx.push(Resource::Provenance(Box::new(p)))
}

// ---- MSH[Provenance-Source] ----------------------------------------------------------------

/// MSH → the Provenance of the message's source (IG `MSH[Provenance-Source]`): recorded and
/// occurred MSH-7, activity "message - MSG", the sending facility (MSH-4, without MSH-22)
/// or responsible organization (MSH-22) as author agents, and with MSH-3 and MSH-24 the
/// sending application as a source Device entity. Its target is the MessageHeader (in a
/// transaction or collection bundle, the patient instead). The IG's optional entity with
/// the original message itself is not made.
pub(crate) fn msh_source(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let header = cx.ctx.header?;
    let mut p = fhir::Provenance {
        target: vec![cx.reference(header)],
        ..Default::default()
    };
    let (sender, responsible) = match cx.entries.get(header) {
        Some(Resource::MessageHeader(h)) => (h.sender.clone(), h.responsible.clone()),
        _ => (None, None),
    };
    // The agents are the MessageHeader's sender (MSH-4 by HD[Organization]) and responsible
    // organization (MSH-22 by XON[Organization]), already made by MSH[MessageHeader].
    match (sender, responsible) {
        (_, Some(r)) => p.agent.push(agent(r, "author")),
        (Some(o), None) => p.agent.push(agent(o, "author")),
        (None, None) => {}
    }
    p.recorded = {
        let v = f(s, 7);
        let mark = cx.issues.len();
        let t = cx.dtm_instant(v, At::field(7));
        // MSH-7 was read (and reported on) by MSH[MessageHeader] and the bundle.
        cx.issues.truncate(mark);
        t
    };
    p.occurred = {
        let mark = cx.issues.len();
        let t = cx.dtm(f(s, 7), At::field(7));
        cx.issues.truncate(mark);
        t.map(fhir::ProvenanceOccurred::DateTime)
    };
    if let Some(v) = f(s, 9) {
        // Decoded as FHIR text (escapes, character set, control characters replaced);
        // MSH-9 was read (and reported on) by MSH[MessageHeader].
        let mark = cx.issues.len();
        let mut part = |n: usize| {
            cx.text(v.component(n), At::field(9).comp(n as u16))
                .unwrap_or_default()
        };
        let mut display = format!("message - {}^{}", part(1), part(2));
        let st = part(3);
        cx.issues.truncate(mark);
        if !st.is_empty() {
            display.push('^');
            display.push_str(&st);
        }
        p.activity = Some(CodeableConcept {
            coding: vec![Coding {
                display: Some(Primitive::from(display)),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    match (f(s, 3), f(s, 24)) {
        (Some(app), Some(_)) => {
            // HD[Identifier]: HD.1 and HD.2 are identifier values.
            let mut d = fhir::Device::default();
            for n in [1usize, 2] {
                if let Some(value) = cx.comp_text(app, n, At::field(3)) {
                    d.identifier.push(Identifier {
                        value: Some(Primitive::from(value)),
                        ..Default::default()
                    });
                }
            }
            if !d.identifier.is_empty() {
                d.id = Some(cx.new_id("Device"));
                let i = cx.push(Resource::Device(Box::new(d)));
                p.entity.push(fhir::ProvenanceEntity {
                    role: Some(Primitive::from(fhir::codes::ProvenanceEntityRole::Source)),
                    what: Some(cx.reference(i)),
                    ..Default::default()
                });
            }
        }
        (None, Some(_)) => cx.issue(IssueKind::UnmappedField, Some(At::field(24))),
        _ => {}
    }
    if p.agent.is_empty() || p.recorded.is_none() {
        return None;
    }
    Some(push(cx, p))
}

// ---- PID[Provenance-Patient] ---------------------------------------------------------------

/// PID-33/34 → the Provenance of the patient's last update (IG `PID[Provenance-Patient]`):
/// activity UPDATE, occurred PID-33, the PID-34 facility as the performer. Both must be
/// valued (the IG message maps' condition); PID-33 is also `recorded` (the IG's "time of
/// transformation" cannot come from a pure conversion) and must then be an instant.
pub(crate) fn pid_provenance(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let (Some(t33), Some(f34)) = (f(s, 33), f(s, 34)) else {
        for n in [33u16, 34] {
            if f(s, n).is_some() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
            }
        }
        return None;
    };
    let patient = cx.ctx.patient?;
    let v34 = cx.single(Some(f34), 34)?;
    let ns = cx.comp_text(v34, 1, At::field(34));
    let uid = cx.comp_text(v34, 2, At::field(34));
    let kind = cx.comp_text(v34, 3, At::field(34));
    let org = cx.organization_from_hd(ns, uid, kind)?;
    let t33 = cx.single(Some(t33), 33);
    let recorded = cx.dtm_instant(t33, At::field(33));
    let occurred = {
        let mark = cx.issues.len();
        let t = cx.dtm(t33, At::field(33));
        cx.issues.truncate(mark);
        t
    };
    let recorded = recorded?;
    let p = fhir::Provenance {
        target: vec![cx.reference(patient)],
        recorded: Some(recorded),
        occurred: occurred.map(fhir::ProvenanceOccurred::DateTime),
        activity: Some(cc_of(
            "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
            "UPDATE",
            None,
        )),
        agent: vec![agent(cx.reference(org), "performer")],
        ..Default::default()
    };
    Some(push(cx, p))
}

// ---- SCH[Provenance] -----------------------------------------------------------------------

/// SCH-20 → the Provenance of the appointment (IG `SCH[Provenance]`): the person who
/// entered it as the `enterer` agent; `recorded` is the message time (MSH-7), the SCH
/// having no time of entry.
pub(crate) fn sch_provenance(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    msg: &hl7v2::Message<'_>,
) -> Option<usize> {
    let v = cx.single(f(s, 20), 20)?;
    let appointment = cx.ctx.appointment?;
    let who = cx.xcn(v, At::field(20))?;
    let Some(recorded) = message_time(cx, msg) else {
        cx.issue(IssueKind::UnmappedField, Some(At::field(20)));
        return None;
    };
    let p = fhir::Provenance {
        target: vec![cx.reference(appointment)],
        recorded: Some(recorded),
        agent: vec![agent(cx.reference(who), "enterer")],
        ..Default::default()
    };
    Some(push(cx, p))
}

// ---- TXA[Provenance] -----------------------------------------------------------------------

/// TXA → the Provenance of a document edit (IG `TXA[Provenance]`, when TXA-8 is valued):
/// recorded TXA-8, the originator (TXA-9) and distributed copies' recipients (TXA-23) as
/// agents with the role IRCP (the IG names the v3 ParticipationType code system by its
/// page; its canonical URI is used), reason TXA-21. Without TXA-8 (or when it is not an
/// instant), TXA-21/23 are reported.
pub(crate) fn txa_provenance(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let report = |cx: &mut Cx<'_>| {
        for n in [21u16, 23] {
            if f(s, n).is_some() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
            }
        }
    };
    let Some(v8) = cx.single(f(s, 8), 8) else {
        report(cx);
        return None;
    };
    let Some(document) = cx.ctx.document else {
        report(cx);
        return None;
    };
    let Some(recorded) = cx.dtm_instant(Some(v8), At::field(8)) else {
        report(cx);
        return None;
    };
    let recipient = |who: Reference| fhir::ProvenanceAgent {
        who: Some(who),
        role: vec![cc_of(V3_PARTICIPATION, "IRCP", None)],
        ..Default::default()
    };
    let mut agents = Vec::new();
    for (r, v) in Cx::reps(f(s, 23)) {
        if let Some(i) = cx.xcn(v, At::field(23).rep(r)) {
            agents.push(recipient(cx.reference(i)));
        }
    }
    // TXA-9 was read for DocumentReference.author: the registry returns the same
    // Practitioners.
    for (r, v) in Cx::reps(f(s, 9)) {
        let mark = cx.issues.len();
        let p = cx.xcn(v, At::field(9).rep(r));
        cx.issues.truncate(mark);
        if let Some(i) = p {
            agents.push(recipient(cx.reference(i)));
        }
    }
    if agents.is_empty() {
        report(cx);
        return None;
    }
    let reason = {
        let v = cx.single(f(s, 21), 21);
        cx.text(v, At::field(21))
    };
    let p = fhir::Provenance {
        target: vec![cx.reference(document)],
        recorded: Some(recorded),
        reason: reason
            .map(|t| CodeableConcept {
                text: Some(Primitive::from(t)),
                ..Default::default()
            })
            .into_iter()
            .collect(),
        agent: agents,
        ..Default::default()
    };
    Some(push(cx, p))
}
