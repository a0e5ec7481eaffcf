//! Rows of implemented segment maps that go through datatype maps added later:
//! MSH-3/5/24/25 endpoints and the MSH-5 Device (`MSH[MessageHeader]`), PID-21
//! (`PID[Patient]` by `CX[RelatedPerson-Mother]`), PV1-37 (`PV1[Encounter]` by
//! `DLD[Location-Discharge]`) and TXA-16 (`TXA[DocumentReference]` by `ST[Identifier]`).

use fhir::{ExtensionValue, Identifier, Primitive, Resource};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dedup::List;
use super::dt::{cc_of, ext};

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

fn absent_endpoint() -> Primitive<fhir::FhirString> {
    Primitive::with_parts(
        None,
        None,
        vec![ext(
            "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
            ExtensionValue::Code(Primitive::from("unknown")),
        )],
    )
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
        src.endpoint = Some(Primitive::from(e));
    }
    if h.destination.is_empty() && (dest.is_some() || device.is_some()) {
        h.destination.push(fhir::MessageHeaderDestination {
            endpoint: Some(absent_endpoint()),
            ..Default::default()
        });
    }
    if let Some(d) = h.destination.first_mut() {
        if let Some(e) = dest {
            d.endpoint = Some(Primitive::from(e));
        }
        if d.target.is_none() {
            d.target = device;
        }
    }
}

/// The MSH fields read here and by `MSH[MessageHeader]`.
pub(crate) const MSH_ALL_FIELDS: &[u16] =
    &[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 19, 22, 23, 24, 25, 26];

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
                // Without a code the text is the Location's name only (a CodeableConcept
                // with neither coding nor text would be empty).
                let type_ = code.map(|code| fhir::CodeableConcept {
                    coding: vec![fhir::Coding {
                        system: system.map(Primitive::from),
                        code: Some(Primitive::from(code)),
                        display: display.clone().map(Primitive::from),
                        ..Default::default()
                    }],
                    ..Default::default()
                });
                let loc = fhir::Location {
                    id: Some(cx.new_id("Location")),
                    name: display.map(Primitive::from),
                    type_: type_.into_iter().collect(),
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
            value: Some(Primitive::from(name)),
            ..Default::default()
        });
    }
}

/// The TXA fields read by `TXA[DocumentReference]` with TXA-16.
pub(crate) const TXA_ALL_FIELDS: &[u16] = &[1, 2, 4, 8, 9, 12, 13, 16, 17, 18, 21, 23];

// ---- vocabulary maps on implemented fields ---------------------------------------------------

const ALTERNATE_CODES: &str = "http://hl7.org/fhir/StructureDefinition/alternate-codes";

fn concept_cc(c: &super::vocab::Concept) -> fhir::CodeableConcept {
    fhir::CodeableConcept {
        coding: vec![super::dt::concept_coding(c)],
        ..Default::default()
    }
}

/// AL1-2/4 and IAM-2/4 → the original v2 codes next to the FHIR ones (IG
/// `AL1[AllergyIntolerance]` / `IAM[AllergyIntolerance]` rows `category.extension` and
/// `criticality.extension`): `alternate-codes` with the code through
/// AllergenType[AllergyIntoleranceOriginalCategory] on the category, and through
/// AllergySeverity[AllergyIntolerance.criticality-original] on the criticality when the
/// severity was read as a criticality. Codes the maps lack were reported already.
pub(crate) fn allergy_original_codes(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, a: Option<usize>) {
    let Some(a) = a else { return };
    let code = |cx: &mut Cx<'_>, n: u16| {
        let v = f(s, n)
            .and_then(|v| v.repetition(1))
            .and_then(|v| v.component(1));
        let mark = cx.issues.len();
        let c = cx.code_text(v, At::field(n));
        cx.issues.truncate(mark);
        c
    };
    let category = code(cx, 2)
        .and_then(|c| super::tables::ALLERGEN_TYPE_ALLERGY_INTOLERANCE_ORIGINAL_CATEGORY.get(&c));
    let severity = code(cx, 4).and_then(|c| {
        super::tables::ALLERGY_SEVERITY_ALLERGY_INTOLERANCE_CRITICALITY_ORIGINAL.get(&c)
    });
    let Some(Resource::AllergyIntolerance(r)) = cx.entries.get_mut(a) else {
        return;
    };
    if let (Some(c), Some(cat)) = (category, r.category.first_mut()) {
        cat.extension_mut().push(ext(
            ALTERNATE_CODES,
            ExtensionValue::CodeableConcept(Box::new(concept_cc(c))),
        ));
    }
    if let (Some(c), Some(crit)) = (severity, r.criticality.as_mut()) {
        crit.extension_mut().push(ext(
            ALTERNATE_CODES,
            ExtensionValue::CodeableConcept(Box::new(concept_cc(c))),
        ));
    }
}

/// PV1-40 → `Location.operationalStatus` of the PV1-3 bed (IG `PV1[Encounter]`, vocabulary
/// BedStatus; the IG leaves it to the implementer which Location is the bed: the most
/// specific PV1-3 part, when PV1-3 names a bed). Without a bed in PV1-3 it is reported.
pub(crate) fn pv1_bed_status(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) {
    let Some(v) = cx.single(f(s, 40), 40) else {
        return;
    };
    let at = At::field(40);
    let Some(code) = cx.code_text(v.component(1), at) else {
        return;
    };
    let bed = match f(s, 3).and_then(|v| v.repetition(1)) {
        Some(p) if p.component(3).is_some_and(|c| !c.is_empty()) => {
            // PV1-3 was read (and reported on) for Encounter.location: the registry gives
            // the same Location back.
            let mark = cx.issues.len();
            let i = cx.pl(p, At::field(3));
            cx.issues.truncate(mark);
            i
        }
        _ => None,
    };
    let Some(bed) = bed else {
        cx.issue(IssueKind::UnmappedField, Some(at));
        return;
    };
    let Some(c) = cx.lookup(&super::tables::BED_STATUS, &code, at) else {
        return;
    };
    if let Some(Resource::Location(l)) = cx.entries.get_mut(bed) {
        l.operational_status = Some(super::dt::concept_coding(c));
    }
}

/// MSH-26 → `MessageHeader.meta.security` (IG `MSH[MessageHeader]`, CWE[Coding], vocabulary
/// ConfidentialityClassification). That table lists FHIR concepts without v2 codes, and its
/// "Code" and "Display" columns are swapped (Code "restricted", Display "R" for the
/// v3-Confidentiality code R): the v2 value (a code of table 0952, such as `R`) is matched
/// against the column holding the codes, and the coding keeps the code system's code with
/// the word as its display. Unknown codes are reported and left out.
pub(crate) fn msh_security(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) {
    let Some(header) = cx.ctx.header else { return };
    let mut security = Vec::new();
    for (r, v) in Cx::reps(f(s, 26)) {
        let at = At::field(26).rep(r);
        let Some(code) = cx.code_text(v.component(1), at.comp(1)) else {
            continue;
        };
        let map = &super::tables::CONFIDENTIALITY_CLASSIFICATION;
        let found = map
            .concepts
            .iter()
            .find(|c| c.display == code || c.v2 == code);
        match found {
            Some(c) => security.push(fhir::Coding {
                system: Some(Primitive::from(c.system)),
                code: Some(Primitive::from(c.display)),
                display: Some(Primitive::from(c.code)),
                ..Default::default()
            }),
            None => cx.issue(IssueKind::UnknownCode { map: map.name }, Some(at.comp(1))),
        }
    }
    if security.is_empty() {
        return;
    }
    if let Some(Resource::MessageHeader(h)) = cx.entries.get_mut(header) {
        h.meta
            .get_or_insert_with(Default::default)
            .security
            .extend(security);
    }
}

// ---- OBX-15 ----------------------------------------------------------------------------------

/// OBX-15 → the producer Organization among the observation's performers (IG
/// `OBX[Observation]` performer[2] by `CWE[Organization]`). OBX-23 names the same
/// performer[2]: when it made an Organization, the producer's id goes to it as an identifier
/// (and its name when it has none) rather than making a second one.
pub(crate) fn obx_producer(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, obs: Option<usize>) {
    let Some(v) = cx.single(f(s, 15), 15) else {
        return;
    };
    let Some(obs) = obs else { return };
    let performers: Vec<String> = match cx.entries.get(obs) {
        Some(Resource::Observation(o)) if f(s, 23).is_some() => o
            .performer
            .iter()
            .filter_map(|r| r.reference_str())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let mut performer_org = None;
    for u in &performers {
        if let Some(i) = cx.url_position(u)
            && matches!(cx.entries.get(i), Some(Resource::Organization(_)))
        {
            performer_org = Some(i);
            break;
        }
    }
    match performer_org {
        Some(target) => {
            let Some((id, name)) = cx.cwe_organization_parts(v, At::field(15)) else {
                return;
            };
            if let Some(Resource::Organization(o)) = cx.entries.get_mut(target) {
                if let Some(id) = id {
                    cx.once
                        .push_unique(target, List::Identifier, &mut o.identifier, id);
                }
                if o.name.is_none() {
                    o.name = name.map(Primitive::from);
                }
            }
        }
        None => {
            let Some(org) = cx.cwe_organization(v, At::field(15)) else {
                return;
            };
            let r = cx.reference(org);
            if let Some(Resource::Observation(o)) = cx.entries.get_mut(obs) {
                cx.once
                    .push_unique(obs, List::Reference, &mut o.performer, r);
            }
        }
    }
}

/// The OBX fields read by `OBX[Observation]` with OBX-15.
pub(crate) const OBX_ALL_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14, 15, 16, 17, 19, 20, 21, 23,
];

// ---- ORC-17/18/21 ----------------------------------------------------------------------------

/// ORC-17/18/21 → the order's Provenance made by `ORC[Provenance]` from this ORC (entries
/// from `mark` on): ORC-17 the first agent's `onBehalfOf` (CWE[Organization]), ORC-18 an
/// agent who is the entering Device (CWE[Device]; the IG gives it no agent type), ORC-21
/// the `location` (XON[Location]). Without that Provenance (no ORC-9 instant or no agent),
/// ORC-17/18 are reported; ORC-21 went to the ServiceRequest all the same.
pub(crate) fn orc_provenance_more(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, mark: usize) {
    let (v17, v18, v21) = (
        cx.single(f(s, 17), 17),
        cx.single(f(s, 18), 18),
        f(s, 21).and_then(|v| v.repetition(1)),
    );
    if v17.is_none() && v18.is_none() && v21.is_none() {
        return;
    }
    let prov = (mark..cx.entries.len())
        .rev()
        .find(|&i| matches!(cx.entries.get(i), Some(Resource::Provenance(_))));
    let Some(prov) = prov else {
        for (n, v) in [(17u16, v17), (18, v18)] {
            if v.is_some() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
            }
        }
        return;
    };
    let org = v17
        .and_then(|v| cx.cwe_organization(v, At::field(17)))
        .map(|i| cx.reference(i));
    let device = v18
        .and_then(|v| cx.cwe_device(v, At::field(18)))
        .map(|i| cx.reference(i));
    let location = match v21 {
        Some(v) => {
            // ORC-21 was read (and reported on) for the ServiceRequest.
            let mark = cx.issues.len();
            let l = cx.xon_location(v, At::field(21));
            cx.issues.truncate(mark);
            l.map(|i| cx.reference(i))
        }
        None => None,
    };
    if let Some(Resource::Provenance(p)) = cx.entries.get_mut(prov) {
        if let (Some(o), Some(a)) = (org, p.agent.first_mut()) {
            a.on_behalf_of = Some(o);
        }
        if let Some(d) = device {
            p.agent.push(fhir::ProvenanceAgent {
                who: Some(d),
                ..Default::default()
            });
        }
        p.location = location;
    }
}

// ---- OBX-4 -----------------------------------------------------------------------------------

const SUBID: &str = "http://hl7.org/fhir/StructureDefinition/observation-v2-subid";

/// OBX-4 of type OG (v2.8.2 on: original sub-identifier, group, sequence, identifier) → the
/// `observation-v2-subid` extension with its parts as nested extensions (IG
/// `OG[Extension-Subidentifier]`: `original-sub-identifier` and `identifier` strings, `group`
/// and `sequence` decimals), in place of the plain string `OBX[Observation]` gives an ST
/// sub-id. An OBX-4 with one component stays that string.
pub(crate) fn obx_subid(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, obs: Option<usize>) {
    let Some(v) = f(s, 4) else { return };
    if v.component(2).is_none() {
        return;
    }
    let Some(obs) = obs else { return };
    let at = At::field(4);
    let mut parts = Vec::new();
    if let Some(t) = cx.comp_text(v, 1, at) {
        parts.push(super::dt::ext_string("original-sub-identifier", t));
    }
    for (n, name) in [(2usize, "group"), (3, "sequence")] {
        if v.component(n).is_some_and(|c| !c.is_empty())
            && let Some(d) = cx.decimal(v.component(n), at.comp(n as u16))
        {
            parts.push(ext(name, ExtensionValue::Decimal(Primitive::from(d))));
        }
    }
    if let Some(t) = cx.comp_text(v, 4, at) {
        parts.push(super::dt::ext_string("identifier", t));
    }
    let Some(Resource::Observation(o)) = cx.entries.get_mut(obs) else {
        return;
    };
    o.extension.retain(|e| e.url != SUBID);
    if !parts.is_empty() {
        o.extension.push(fhir::Extension {
            url: SUBID.into(),
            extension: parts,
            ..Default::default()
        });
    }
}

// ---- OBR-32/34/35 ----------------------------------------------------------------------------

/// OBR-32/34/35 → the report's people as PractitionerRoles (IG `OBR[DiagnosticReport]` by
/// `NDL[PractitionerRole]`): OBR-32 `resultsInterpreter` (every repetition; they replace
/// the Practitioner `OBR[DiagnosticReport]` linked, which each role now names), OBR-34 and
/// OBR-35 `performer` with the `event-performerFunction` SPRF (technician) and TRANS
/// (transcriptionist) of v3 ParticipationType. Without a DiagnosticReport (outside results
/// messages) OBR-34/35 are reported.
pub(crate) fn obr_ndl(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, results: bool) {
    if f(s, 32).is_none() && f(s, 34).is_none() && f(s, 35).is_none() {
        return;
    }
    let report = if results { cx.ctx.report } else { None };
    let Some(report) = report else {
        for n in [34u16, 35] {
            if f(s, n).is_some() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
            }
        }
        return;
    };
    let mut interpreters = Vec::new();
    for (r, v) in Cx::reps(f(s, 32)) {
        // OBR-32 was read (and reported on) for the report already.
        let mark = cx.issues.len();
        let i = cx.ndl_role(v, At::field(32).rep(r));
        cx.issues.truncate(mark);
        interpreters.extend(i.map(|i| cx.reference(i)));
    }
    let mut performers = Vec::new();
    for (n, function) in [(34u16, "SPRF"), (35, "TRANS")] {
        for (r, v) in Cx::reps(f(s, n)) {
            let Some(i) = cx.ndl_role(v, At::field(n).rep(r)) else {
                continue;
            };
            let mut rf = cx.reference(i);
            rf.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/event-performerFunction",
                ExtensionValue::CodeableConcept(Box::new(cc_of(
                    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                    function,
                    None,
                ))),
            ));
            performers.push(rf);
        }
    }
    if let Some(Resource::DiagnosticReport(d)) = cx.entries.get_mut(report) {
        if !interpreters.is_empty() {
            d.results_interpreter = interpreters;
        }
        d.performer.extend(performers);
    }
}

// ---- OBX-5 of type NA ------------------------------------------------------------------------

/// OBX-5 of type NA → `valueSampledData` (IG `NA[SampledData]`; the IG defers its full
/// guidance to a later version). One repetition is a vector: `dimensions` 1 and its
/// components the samples; several repetitions are sample points of as many dimensions as
/// the first one has components, the values interleaved point by point as SampledData
/// wants. A value that is not a number is `E` (error), a missing one in a shorter row too.
/// R4 requires `origin` and `period`: `origin` is 0 in the OBX-6 units (the samples are the
/// values themselves), `period` (time between samples) is not in the NA and carries a
/// data-absent-reason. This replaces what OBX[Observation] did with the first repetition
/// (nothing: NA had no map) and the issues it raised for OBX-5.
pub(crate) fn obx_na(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, obs: Option<usize>) {
    let is_na = f(s, 2)
        .and_then(|v| v.component(1))
        .is_some_and(|c| c.raw() == b"NA");
    let Some(obs) = obs.filter(|_| is_na) else {
        return;
    };
    let pos = cx.pos;
    // This segment's issues are the tail of the list (issues are placed at the current
    // segment, or at an earlier TQ1/SCH): only the tail is filtered, not every issue of
    // the message once per OBX.
    let start = cx
        .issues
        .iter()
        .rposition(|i| i.location.position != pos)
        .map_or(0, |k| k + 1);
    let tail = cx.issues.split_off(start);
    cx.issues
        .extend(tail.into_iter().filter(|i| i.location.field != Some(5)));
    let rows: Vec<Vec<String>> = Cx::reps(f(s, 5))
        .map(|(_, v)| {
            v.components()
                .map(|c| String::from_utf8_lossy(c.raw()).trim().to_owned())
                .collect()
        })
        .collect();
    let Some(first) = rows.first() else { return };
    let dims = if rows.len() == 1 {
        1
    } else {
        first.len().max(1)
    };
    let mut data = String::new();
    let mut bad = false;
    let mut push = |x: &str, data: &mut String| {
        if !data.is_empty() {
            data.push(' ');
        }
        if fhir::Decimal::parse(x).is_ok() {
            data.push_str(x);
        } else {
            bad = true;
            data.push('E');
        }
    };
    for row in &rows {
        for k in 0..if rows.len() == 1 { row.len() } else { dims } {
            push(row.get(k).map_or("", String::as_str), &mut data);
        }
    }
    if bad {
        cx.issue(IssueKind::InvalidValue, Some(At::field(5)));
    }
    let mut origin = fhir::Quantity {
        value: Some(Primitive::from(
            fhir::Decimal::parse("0").unwrap_or_default(),
        )),
        ..Default::default()
    };
    let units = f(s, 6);
    let mark = cx.issues.len();
    cx.units_into(&mut origin, units, At::field(6));
    // OBX-6 was read (and reported on) by OBX[Observation].
    cx.issues.truncate(mark);
    let sd = fhir::SampledData {
        origin: Some(origin),
        period: Some(Primitive::with_parts(
            None,
            None,
            vec![ext(
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                ExtensionValue::Code(Primitive::from("unknown")),
            )],
        )),
        dimensions: u32::try_from(dims).ok().map(Primitive::from),
        data: Some(Primitive::from(data)),
        ..Default::default()
    };
    if let Some(Resource::Observation(o)) = cx.entries.get_mut(obs) {
        o.value = Some(fhir::ObservationValue::SampledData(Box::new(sd)));
        // A value and a data-absent reason exclude each other (obs-6).
        o.data_absent_reason = None;
    }
}

#[cfg(test)]
mod tests {
    use super::super::seg;

    #[test]
    fn field_lists_cover_the_segment_maps() {
        for (all, base) in [
            (super::MSH_ALL_FIELDS, seg::MSH_FIELDS),
            (super::PID_ALL_FIELDS, seg::PID_FIELDS),
            (super::TXA_ALL_FIELDS, seg::TXA_FIELDS),
            (super::OBX_ALL_FIELDS, seg::OBX_FIELDS),
        ] {
            for n in base {
                assert!(all.contains(n), "{n}");
            }
        }
    }
}
