//! The message walker: segments in order through their maps, then the bundle.

use std::collections::BTreeSet;

use fhir::codes;
use fhir::model::FieldMut;
use fhir::{
    Bundle, BundleEntry, BundleEntryRequest, ExtensionValue, Identifier, Primitive, Resource,
};

use super::ctx::{At, Cx, HookContext, HookTarget};
use super::{
    BundleType, Conversion, IssueKind, Options, dt_tq, seg, seg_care, seg_doc, seg_episode,
    seg_more, seg_pharmacy, seg_prov, seg_report, seg_sched, seg_specimen, seg_transform,
    seg_visit, vocab,
};
use crate::error::Error;
use crate::uuid::Uuid;

/// Sets the id of any resource.
pub(crate) fn with_id(mut r: Resource, id: String) -> Resource {
    if let Some(FieldMut::Plain(slot)) = r.as_object_mut().field_mut(0) {
        slot.set(id);
    }
    r
}

fn push_extension(r: &mut Resource, e: fhir::Extension) {
    macro_rules! ext {
        ($($v:ident),*) => {
            match r {
                $(Resource::$v(x) => x.extension.push(e),)*
                _ => {}
            }
        };
    }
    ext!(
        Patient,
        Encounter,
        Observation,
        ServiceRequest,
        DiagnosticReport,
        MessageHeader,
        Provenance,
        RelatedPerson,
        AllergyIntolerance,
        Condition,
        Procedure,
        Coverage,
        Immunization,
        Specimen,
        DocumentReference,
        Appointment,
        Practitioner,
        Organization,
        Location,
        PractitionerRole,
        CareTeam,
        Device,
        MedicationRequest
    );
}

pub(crate) fn run(msg: &hl7v2::Message<'_>, opts: &Options) -> Result<Conversion, Error> {
    let header = msg.segment(0).ok_or(Error::NoHeader)?;
    if header.id() != b"MSH" {
        return Err(Error::NoHeader);
    }
    let mt = msg.message_type().ok_or(Error::NoMessageType)?;
    let structure = vocab::structure_of(mt.code, mt.trigger, mt.structure);
    let control = msg.control_id();
    let seed_parts: [&[u8]; 5] = [
        msg.sending_application().unwrap_or("").as_bytes(),
        b"|",
        msg.sending_facility().unwrap_or("").as_bytes(),
        b"|",
        control.unwrap_or("").as_bytes(),
    ];
    let seed = match control {
        Some(_) => Uuid::v5(&Uuid::MAPPING, &seed_parts),
        None => Uuid::v5(&Uuid::MAPPING, &[b"message|", msg.input()]),
    };
    let mut cx = Cx::new(opts, seed);
    cx.plain_text_of(msg);
    if control.is_none() {
        cx.issue(IssueKind::MissingControlId, Some(At::field(10)));
    }
    if !vocab::has_message_map(&structure) {
        cx.issue(IssueKind::UnsupportedStructure, Some(At::field(9)));
    }
    let results = matches!(mt.code, "ORU" | "OUL") || structure.starts_with("ORU");
    let documents = mt.code == "MDM";
    let scheduling = mt.code == "SIU";
    let mut evn_seen = None;
    let mut masks = HandledMasks::default();
    for s in msg.segments() {
        let id = s.id();
        cx.enter(s.index(), id);
        if cx.ctx.patient.is_none()
            && matches!(
                id,
                b"NK1" | b"AL1" | b"IAM" | b"DG1" | b"PR1" | b"IN1" | b"ORC" | b"OBR" | b"RXA"
            )
        {
            cx.issue(IssueKind::MissingContext, None);
            continue;
        }
        let (main, fields): (Option<usize>, &'static [u16]) = match id {
            b"MSH" if cx.ctx.header.is_some() => {
                // One message, one header: a later MSH (messages run together without batch
                // segments) would make a second MessageHeader and source Provenance.
                cx.issue(IssueKind::UnmappedSegment, None);
                continue;
            }
            b"MSH" => {
                let i = seg::msh(&mut cx, &s);
                seg_prov::msh_source(&mut cx, &s);
                seg_more::msh_endpoints(&mut cx, &s);
                seg_more::msh_security(&mut cx, &s);
                seg_transform::msh_transformation(&mut cx, &s, msg);
                (i, seg_more::MSH_ALL_FIELDS)
            }
            b"EVN" => {
                // For the EVN Provenance's display (made here: most messages have no EVN).
                let event = format!(
                    "{}^{}",
                    super::dt::printable(mt.code).unwrap_or_default(),
                    super::dt::printable(mt.trigger).unwrap_or_default()
                );
                let i = seg::evn(&mut cx, &s, &event);
                evn_seen = i;
                (i, seg::EVN_FIELDS)
            }
            b"PID" => {
                let i = seg::pid(&mut cx, &s);
                seg_prov::pid_provenance(&mut cx, &s);
                seg_more::pid_mother(&mut cx, &s);
                if scheduling {
                    seg::appointment_patient(&mut cx);
                    seg_sched::sch_service_request(&mut cx, msg);
                }
                (i, seg_more::PID_ALL_FIELDS)
            }
            b"SFT" => (seg::sft(&mut cx, &s), seg::SFT_FIELDS),
            b"MSA" => (seg::msa(&mut cx, &s), seg::MSA_FIELDS),
            b"PD1" => (seg::pd1(&mut cx, &s), seg::PD1_FIELDS),
            b"NK1" => {
                let related = seg_visit::nk1_is_related_person(&s);
                let rp = if related { seg::nk1(&mut cx, &s) } else { None };
                let p = seg_visit::nk1_patient(&mut cx, &s, related);
                match rp {
                    Some(rp) => (Some(rp), seg_visit::NK1_BOTH_FIELDS),
                    None => (p, seg_visit::NK1_CONTACT_FIELDS),
                }
            }
            b"PV1" => {
                let i = seg::pv1(&mut cx, &s, mt.trigger);
                seg_visit::pv1_coverage(&mut cx, &s);
                seg_more::pv1_discharge_location(&mut cx, &s);
                seg_more::pv1_bed_status(&mut cx, &s);
                seg_episode::pv1_encounter_history(&mut cx, &s);
                (i, seg_episode::PV1_ALL_FIELDS)
            }
            b"PV2" => (seg::pv2(&mut cx, &s), seg::PV2_FIELDS),
            b"ORC" => {
                let mark = cx.entries.len();
                let i = seg::orc(&mut cx, &s);
                dt_tq::tq_service_request(&mut cx, &s, 7);
                seg_more::orc_provenance_more(&mut cx, &s, mark);
                let fields = if results {
                    dt_tq::ORC_RESULT_TQ_FIELDS
                } else {
                    dt_tq::ORC_TQ_FIELDS
                };
                (i, fields)
            }
            b"OBR" => {
                let i = seg::obr(&mut cx, &s, results);
                if results {
                    seg_report::orc_report(&mut cx, &s, msg);
                }
                dt_tq::tq_service_request(&mut cx, &s, 27);
                seg_more::obr_ndl(&mut cx, &s, results);
                match seg_specimen::obr_specimen(&mut cx, &s, msg) {
                    Some(_) => (i, dt_tq::OBR_SPECIMEN_TQ_FIELDS),
                    None => (i, dt_tq::OBR_TQ_FIELDS),
                }
            }
            b"OBX" if documents && cx.ctx.document.is_some() => {
                (seg_doc::obx_document(&mut cx, &s), seg_doc::OBX_DOC_FIELDS)
            }
            b"OBX" => {
                let i = seg::obx(&mut cx, &s);
                seg_more::obx_producer(&mut cx, &s, i);
                seg_more::obx_subid(&mut cx, &s, i);
                seg_more::obx_na(&mut cx, &s, i);
                (i, seg_more::OBX_ALL_FIELDS)
            }
            b"NTE" if documents && cx.ctx.document.is_some() => {
                (seg_doc::nte_document(&mut cx, &s), seg_doc::NTE_DOC_FIELDS)
            }
            b"NTE" => (seg::nte(&mut cx, &s), seg::NTE_FIELDS),
            b"AL1" => {
                let i = seg::al1(&mut cx, &s);
                seg_more::allergy_original_codes(&mut cx, &s, i);
                (i, seg::AL1_FIELDS)
            }
            b"IAM" => {
                let i = seg::iam(&mut cx, &s);
                seg_more::allergy_original_codes(&mut cx, &s, i);
                (i, seg::IAM_FIELDS)
            }
            b"DG1" => {
                let i = seg::dg1(&mut cx, &s);
                seg_episode::dg1_condition_more(&mut cx, &s, i);
                seg_episode::dg1_episode(&mut cx, &s, i);
                (i, seg_episode::DG1_ALL_FIELDS)
            }
            b"PR1" => (seg::pr1(&mut cx, &s), seg::PR1_FIELDS),
            b"IN1" => (seg::in1(&mut cx, &s), seg::IN1_FIELDS),
            b"RXA" => (seg::rxa(&mut cx, &s), seg::RXA_FIELDS),
            b"RXR" if seg_pharmacy::rxr_follows_order(&mut cx, msg, s.index()) => {
                (seg_pharmacy::rxr(&mut cx, &s), seg_pharmacy::RXR_FIELDS)
            }
            b"RXR" => (seg::rxr(&mut cx, &s), seg::RXR_FIELDS),
            b"RXO" => {
                let i = seg_pharmacy::rxo(&mut cx, &s, msg);
                dt_tq::tq_medication_request(&mut cx, msg, s.index(), i);
                (i, seg_pharmacy::RXO_FIELDS)
            }
            b"TQ1" => seg_pharmacy::tq1(&mut cx, &s, msg),
            b"SPM" => (seg::spm(&mut cx, &s), seg::SPM_FIELDS),
            b"MRG" => {
                let i = seg::mrg(&mut cx, &s);
                seg_visit::mrg_account(&mut cx, &s);
                (i, seg::MRG_FIELDS)
            }
            b"TXA" => {
                let i = seg::txa(&mut cx, &s);
                seg_prov::txa_provenance(&mut cx, &s);
                seg_more::txa_file_name(&mut cx, &s);
                (i, seg_more::TXA_ALL_FIELDS)
            }
            b"SCH" => {
                let i = seg::sch(&mut cx, &s);
                seg_prov::sch_provenance(&mut cx, &s, msg);
                seg_sched::sch_check(&mut cx, &s, msg);
                (i, seg::SCH_FIELDS)
            }
            b"AIS" => {
                let i = seg::ai(&mut cx, &s, id);
                match seg_sched::ais(&mut cx, &s) {
                    true => (i, seg_sched::AIS_FIELDS),
                    false => (i, seg::AIX_FIELDS),
                }
            }
            b"AIG" | b"AIL" | b"AIP" => (seg::ai(&mut cx, &s, id), seg::AIX_FIELDS),
            b"ROL" => seg_care::rol(&mut cx, &s, msg),
            b"IN3" => (seg_care::in3(&mut cx, &s), seg_care::IN3_FIELDS),
            b"PRT" => {
                let (main, fields) = seg_care::prt(&mut cx, &s, msg, &structure);
                report_unmapped(&mut cx, &s, handled_mask(&fields), main);
                continue;
            }
            _ => {
                let hook = opts
                    .hooks
                    .iter()
                    .find(|(k, _)| k.as_bytes() == id)
                    .map(|(_, h)| h.clone());
                let handled = match hook {
                    Some(h) => run_hook(&*h, &s, &mut cx),
                    None => false,
                };
                if !handled {
                    cx.issue(IssueKind::UnmappedSegment, None);
                }
                continue;
            }
        };
        let done = masks.get(fields);
        report_unmapped(&mut cx, &s, done, main);
    }
    // Provenance.recorded is required: without EVN-2, the message time (MSH-7).
    let msh7 = msg.segment(0).and_then(|s| s.field(7));
    cx.enter(0, b"MSH");
    let msg_time = cx.dtm_instant(msh7, At::field(7));
    // MSH[Provenance-Operator]: without EVN-5, the agent is MSH-22 (responsible) or MSH-4
    // (sending facility), as the MessageHeader has them.
    let operator = match cx.get_mut(cx.ctx.header) {
        Some(Resource::MessageHeader(h)) => h.responsible.clone().or_else(|| h.sender.clone()),
        _ => None,
    };
    if let Some(Resource::Provenance(p)) = cx.get_mut(evn_seen) {
        if p.recorded.is_none() {
            p.recorded = msg_time.clone();
        }
        if p.agent.is_empty()
            && let Some(who) = operator
        {
            p.agent.push(fhir::ProvenanceAgent {
                who: Some(who),
                type_: Some(super::dt::cc_of(
                    "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                    "author",
                    None,
                )),
                ..Default::default()
            });
        }
    }
    // Appointment.participant is required: an SCH with neither PID nor AIx after it cannot
    // make a valid Appointment.
    for (i, pos) in std::mem::take(&mut cx.appointments) {
        if matches!(cx.entries.get(i), Some(Resource::Appointment(a)) if a.participant.is_empty()) {
            cx.enter(pos, b"SCH");
            cx.issue(IssueKind::MissingContext, None);
            cx.dropped.push(i);
        }
    }
    let mut issues = std::mem::take(&mut cx.issues);
    // In message order (issues found after the walk, such as MSH-7 as an instant, included).
    issues.sort_by_key(|i| i.location.position);
    let bundle = assemble(msg, cx, msg_time);
    Ok(Conversion {
        bundle,
        issues,
        structure,
    })
}

fn run_hook(h: &dyn super::SegmentHook, s: &hl7v2::Segment<'_, '_>, cx: &mut Cx<'_>) -> bool {
    // HookContext borrows the converter for the duration of the call only.
    let mut hc = HookContext {
        cx: cx as &mut dyn HookTarget,
    };
    h.map(s, &mut hc)
}

/// Segments whose field 1 is a Set ID.
const SET_ID_FIRST: &[&[u8; 3]] = &[
    b"PID", b"PV1", b"NK1", b"OBX", b"OBR", b"AL1", b"DG1", b"PR1", b"IN1", b"NTE", b"SPM", b"TXA",
    b"AIS", b"AIG", b"AIL", b"AIP", b"IAM", b"ROL", b"PRT",
];

/// Fields 1..=128 in a list of handled fields, as a bit set (two words; fields beyond are
/// never in a `*_FIELDS` list).
fn handled_mask(handled: &[u16]) -> [u64; 2] {
    let mut done = [0u64; 2];
    for &n in handled {
        let i = usize::from(n).wrapping_sub(1);
        if let Some(w) = done.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    done
}

/// The bit sets of the static handled-field lists met so far (a message repeats a few
/// segment kinds, so the lists, a few dozen numbers each, are read once, not per segment).
#[derive(Default)]
struct HandledMasks {
    seen: [Option<(&'static [u16], [u64; 2])>; 8],
    next: usize,
}

impl HandledMasks {
    fn get(&mut self, handled: &'static [u16]) -> [u64; 2] {
        // The same static list (same address and length) has the same contents.
        for (list, mask) in self.seen.iter().flatten() {
            if core::ptr::eq(*list, handled) {
                return *mask;
            }
        }
        let mask = handled_mask(handled);
        if let Some(slot) = self.seen.get_mut(self.next % 8) {
            *slot = Some((handled, mask));
        }
        self.next = self.next.wrapping_add(1);
        mask
    }
}

/// Reports the fields of the current segment that have a value and are not in `handled`
/// (a bit set from [`handled_mask`]).
fn report_unmapped(
    cx: &mut Cx<'_>,
    s: &hl7v2::Segment<'_, '_>,
    handled: [u64; 2],
    main: Option<usize>,
) {
    let mut done = handled;
    let id = *cx.seg.bytes();
    // MSH-1/2 are the delimiters; field 1 of most segments is a Set ID (a sequence number
    // with no FHIR target and no content of its own).
    if &id == b"MSH" {
        done[0] |= 0b11;
    } else if SET_ID_FIRST.contains(&&id) {
        done[0] |= 0b1;
    }
    // One pass over the fields, looking at the bytes only (no view of a field's parts is
    // made) of those not handled: their bits are visited, handled fields are skipped
    // without being read. With the segments-only index this is one scan of the segment,
    // not a rescan from its start per field.
    let mut fields = s.raw_fields();
    let count = fields.len();
    // The index of the field `fields` yields next.
    let mut at = 0usize;
    'words: for (w, word) in done.iter().enumerate() {
        let mut todo = !word;
        while todo != 0 {
            let i = w * 64 + todo.trailing_zeros() as usize;
            todo &= todo - 1;
            if i >= count {
                break 'words;
            }
            let Some(raw) = fields.nth(i - at) else {
                return;
            };
            at = i + 1;
            unmapped_field(cx, id, i + 1, raw, main);
        }
    }
    // Fields beyond the bit set are all reported.
    if count > 128 {
        for (i, raw) in (at..).zip(fields) {
            if i >= 128 {
                unmapped_field(cx, id, i + 1, raw, main);
            }
        }
    }
}

/// Reports field `n` of the current segment when it has a value (and keeps it as an
/// extension of `main` when the options ask for that).
fn unmapped_field(cx: &mut Cx<'_>, id: [u8; 3], n: usize, raw: &[u8], main: Option<usize>) {
    let Ok(n16) = u16::try_from(n) else { return };
    if raw.is_empty() {
        return;
    }
    cx.issue(IssueKind::UnmappedField, Some(At { f: n16, r: 0, c: 0 }));
    if let (Some(base), Some(main)) = (&cx.opts.unmapped_extension_base, main) {
        // The field as sent (escapes kept); a FHIR string holds no control characters
        // but tab, CR and LF, so others become spaces.
        let raw = super::dt::replace_controls(&String::from_utf8_lossy(raw));
        let id = String::from_utf8_lossy(&id);
        let e = fhir::Extension {
            url: format!("{base}/{id}-{n}").into(),
            value: Some(ExtensionValue::String(Primitive::from(raw))),
            ..Default::default()
        };
        if let Some(r) = cx.entries.get_mut(main) {
            push_extension(r, e);
        }
    }
}

fn assemble(
    msg: &hl7v2::Message<'_>,
    cx: Cx<'_>,
    time: Option<Primitive<fhir::Instant>>,
) -> Bundle {
    let bt = cx.opts.bundle_type;
    let header = cx.ctx.header;
    let mut bundle = Bundle {
        type_: Some(Primitive::from(match bt {
            BundleType::Transaction => codes::BundleType::Transaction,
            BundleType::Message => codes::BundleType::Message,
            BundleType::Collection => codes::BundleType::Collection,
        })),
        ..Default::default()
    };
    // MSH[Bundle]: identifier from MSH-10, timestamp from MSH-7.
    if let Some(control) = msg.control_id().and_then(super::dt::printable) {
        bundle.identifier = Some(Identifier {
            value: Some(Primitive::new(fhir::FhirString::from_text(control))),
            ..Default::default()
        });
    }
    bundle.timestamp = time;
    let patient_url = cx.ctx.patient.and_then(|p| cx.urls.get(p).cloned());
    let Cx {
        urls,
        entries,
        dropped,
        ..
    } = cx;
    let (mut list, header): (Vec<(String, Resource)>, Option<usize>) = if dropped.is_empty() {
        (urls.into_iter().zip(entries).collect(), header)
    } else {
        // A mask, not `dropped.contains` per entry (quadratic with many dropped entries).
        let mut kept = vec![true; entries.len()];
        for &d in &dropped {
            if let Some(k) = kept.get_mut(d) {
                *k = false;
            }
        }
        // The header's place among the kept entries (dropped entries before it shift it).
        let header = header
            .filter(|&h| kept.get(h).copied().unwrap_or(true))
            .map(|h| {
                h - kept
                    .get(..h)
                    .map_or(0, |before| before.iter().filter(|k| !**k).count())
            });
        // What targeted a dropped entry (the SCH Provenance of an Appointment without
        // participants) loses that target.
        let dropped_urls: BTreeSet<String> = dropped
            .iter()
            .filter_map(|&d| urls.get(d).cloned())
            .collect();
        let mut list: Vec<(String, Resource)> = urls
            .into_iter()
            .zip(entries)
            .enumerate()
            .filter(|(i, _)| kept.get(*i).copied().unwrap_or(true))
            .map(|(_, e)| e)
            .collect();
        if !dropped_urls.is_empty() {
            for (_, r) in &mut list {
                if let Resource::Provenance(p) = r {
                    p.target
                        .retain(|t| t.reference_str().is_none_or(|u| !dropped_urls.contains(u)));
                }
            }
        }
        (list, header)
    };
    if bt == BundleType::Message {
        if let Some(h) = header.filter(|&h| h < list.len()) {
            let e = list.remove(h);
            list.insert(0, e);
        }
    } else if let Some(h) = header {
        // A MessageHeader only belongs in a message bundle: provenance that targeted it
        // targets the patient instead (or goes when there is none).
        if h < list.len() {
            let (url, _) = list.remove(h);
            for (_, r) in &mut list {
                if let Resource::Provenance(p) = r {
                    let before = p.target.len();
                    p.target.retain(|t| t.reference_str() != Some(url.as_str()));
                    if p.target.is_empty()
                        && before > 0
                        && let Some(pu) = &patient_url
                    {
                        p.target.push(fhir::Reference::url(pu.clone()));
                    }
                }
            }
        }
    }
    // Provenance needs a target, `recorded` and an agent: without them it cannot be valid.
    list.retain(|(_, r)| {
        !matches!(r, Resource::Provenance(p)
            if p.target.is_empty() || p.recorded.is_none() || p.agent.is_empty())
    });
    for (_, r) in &mut list {
        if let Resource::DocumentReference(d) = r
            && d.content.is_empty()
        {
            // content is required: a TXA without its OBX text has an absent attachment.
            d.content.push(fhir::DocumentReferenceContent {
                attachment: Some(fhir::Attachment {
                    extension: vec![super::dt::ext(
                        "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                        ExtensionValue::Code(Primitive::from("unknown")),
                    )],
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
    }
    bundle.entry.reserve_exact(list.len());
    for (url, r) in list {
        let request = (bt == BundleType::Transaction).then(|| BundleEntryRequest {
            method: Some(Primitive::from(codes::HTTPVerb::POST)),
            url: Some(Primitive::from(r.resource_type())),
            ..Default::default()
        });
        bundle.entry.push(BundleEntry {
            full_url: Some(Primitive::from(url)),
            resource: Some(r),
            request,
            ..Default::default()
        });
    }
    bundle
}
