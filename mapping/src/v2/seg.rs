//! Segment maps (the IG's `segments/` tables), one function per segment. Each returns the
//! index of the segment's main resource (where unmapped fields go as extensions on request)
//! and has a `*_FIELDS` list of the fields it maps: every other valued field is reported.

use fhir::codes::{self, Code};
use fhir::{
    Annotation, CodeableConcept, Coding, ExtensionValue, Identifier, Primitive, Reference, Resource,
};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::{cc_of, concept_coding, ext, ext_string};
use super::tables as t;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// Collects without the spare capacity `collect` and `push` give a vector (at least four
/// elements, which for the large FHIR element types is an allocation of 1 to 2 KB that the
/// allocator's small-size caches do not serve); most repeating fields have one repetition.
pub(crate) fn collect_exact<T>(mut it: impl Iterator<Item = T>) -> Vec<T> {
    let Some(a) = it.next() else {
        return Vec::new();
    };
    let Some(b) = it.next() else {
        return vec![a];
    };
    let mut v = Vec::with_capacity(2 + it.size_hint().0);
    v.push(a);
    v.push(b);
    v.extend(it);
    v
}

/// Appends `more` to `to` (taking `more` as is when `to` is empty, so its exact capacity
/// stays).
pub(crate) fn append<T>(to: &mut Vec<T>, more: Vec<T>) {
    if to.is_empty() {
        *to = more;
    } else {
        to.extend(more);
    }
}

/// Pushes `item`, if any, with exact capacity when `to` is empty (see [`collect_exact`]).
pub(crate) fn push_exact<T>(to: &mut Vec<T>, item: Option<T>) {
    if let Some(x) = item {
        if to.is_empty() {
            to.reserve_exact(1);
        }
        to.push(x);
    }
}

const V3_PARTICIPATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";

fn typed_identifier(mut id: Identifier, code: &'static str) -> Identifier {
    id.type_ = Some(cc_of(V2_0203, code, None));
    id
}

impl Cx<'_> {
    fn patient_ref(&self) -> Option<Reference> {
        self.ctx.patient.map(|i| self.reference(i))
    }

    fn encounter_ref(&self) -> Option<Reference> {
        self.ctx.encounter.map(|i| self.reference(i))
    }

    fn practitioner_ref(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<Reference> {
        let v = v?;
        self.xcn(v, at).map(|i| self.reference(i))
    }

    fn names(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Vec<fhir::HumanName> {
        collect_exact(Cx::reps(f(s, n)).filter_map(|(r, v)| self.xpn(v, At::field(n).rep(r))))
    }

    fn addresses(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Vec<fhir::Address> {
        collect_exact(Cx::reps(f(s, n)).filter_map(|(r, v)| self.xad(v, At::field(n).rep(r))))
    }

    fn telecoms(
        &mut self,
        s: Seg<'_, '_, '_>,
        n: u16,
        default_use: Option<codes::ContactPointUse>,
    ) -> Vec<fhir::ContactPoint> {
        collect_exact(Cx::reps(f(s, n)).filter_map(|(r, v)| {
            let mut cp = self.xtn(v, At::field(n).rep(r))?;
            if cp.use_.is_none() {
                cp.use_ = default_use.map(Primitive::from);
            }
            Some(cp)
        }))
    }

    fn identifiers(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Vec<Identifier> {
        collect_exact(Cx::reps(f(s, n)).filter_map(|(r, v)| self.cx(Some(v), At::field(n).rep(r))))
    }

    fn ccs(
        &mut self,
        s: Seg<'_, '_, '_>,
        n: u16,
        map: Option<&'static super::vocab::ConceptMap>,
    ) -> Vec<CodeableConcept> {
        collect_exact(
            Cx::reps(f(s, n)).filter_map(|(r, v)| self.cwe(Some(v), At::field(n).rep(r), map)),
        )
    }

    fn cc1(
        &mut self,
        s: Seg<'_, '_, '_>,
        n: u16,
        map: Option<&'static super::vocab::ConceptMap>,
    ) -> Option<CodeableConcept> {
        let v = self.single(f(s, n), n);
        self.cwe(v, At::field(n), map)
    }

    fn dtm1(&mut self, s: Seg<'_, '_, '_>, n: u16) -> Option<Primitive<fhir::DateTime>> {
        let v = self.single(f(s, n), n);
        self.dtm(v, At::field(n))
    }

    fn id_of(&mut self, rt: &str) -> Option<fhir::FhirString> {
        Some(self.new_id(rt))
    }
}

// ---- MSH ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const MSH_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 19, 22, 23, 24];

/// MSH → MessageHeader (IG `MSH[MessageHeader]`). The bundle fields (`MSH[Bundle]`) are
/// filled by the caller; the source Provenance (`MSH[Provenance-Source]`) too.
pub(crate) fn msh(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut h = fhir::MessageHeader::default();
    // MSH-9 → eventCoding (IG MSG[Coding]): the trigger event in table 0003.
    let ev = f(s, 9);
    let trigger = ev.and_then(|v| cx.code_text(v.component(2), At::field(9).comp(2)));
    let code = ev.and_then(|v| cx.code_text(v.component(1), At::field(9).comp(1)));
    h.event = Some(fhir::MessageHeaderEvent::Coding(Box::new(Coding {
        system: Some(Primitive::from(
            "http://terminology.hl7.org/CodeSystem/v2-0003",
        )),
        code: Some(Primitive::from(trigger.clone().or(code).unwrap_or_default()).to_owned())
            .filter(|p| p.as_str().is_some_and(|s| !s.is_empty())),
        // MSG[MessageHeader]: the trigger through EventType gives the display.
        display: trigger
            .as_deref()
            .and_then(|tr| t::EVENT_TYPE.get(tr))
            .filter(|c| !c.display.is_empty())
            .map(|c| Primitive::from(c.display)),
        ..Default::default()
    })));
    // MSH-3 → source (HD[MessageHeader.source-name]): name; endpoint from HD.2 when a URI.
    let app = f(s, 3);
    let mut source = fhir::MessageHeaderSource::default();
    if let Some(app) = app {
        source.name = cx.comp_pstr(app, 1, At::field(3));
        if let Some(uid) = cx.uri_text(app.component(2), At::field(3).comp(2)) {
            let kind = cx.comp_text(app, 3, At::field(3));
            source.endpoint = Some(Primitive::from(match kind.as_deref() {
                Some("ISO") => format!("urn:oid:{uid}").into(),
                Some("UUID") => format!("urn:uuid:{uid}").into(),
                _ => uid,
            }));
        }
    }
    if source.endpoint.is_none() {
        // R4 requires source.endpoint: absent → data-absent-reason, as the IG says.
        source.endpoint = Some(Primitive::default().with_extension(ext(
            "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
            ExtensionValue::Code(Primitive::from("unknown")),
        )));
    }
    h.source = Some(source);
    // MSH-4 → sender (HD[Organization]).
    if let Some(fac) = f(s, 4) {
        let ns = cx.comp_text(fac, 1, At::field(4));
        let uid = cx.comp_text(fac, 2, At::field(4));
        let kind = cx.comp_text(fac, 3, At::field(4));
        h.sender = cx
            .organization_from_hd(ns, uid, kind)
            .map(|i| cx.reference(i));
    }
    // MSH-5/6 → destination name / receiver.
    let dest_app = f(s, 5);
    let dest_fac = f(s, 6);
    if dest_app.is_some() || dest_fac.is_some() || f(s, 23).is_some() {
        let mut d = fhir::MessageHeaderDestination::default();
        if let Some(a) = dest_app {
            d.name = cx.comp_pstr(a, 1, At::field(5));
            if let Some(uid) = cx.uri_text(a.component(2), At::field(5).comp(2)) {
                d.endpoint = Some(Primitive::from(uid));
            }
        }
        if d.endpoint.is_none() {
            d.endpoint = Some(Primitive::default().with_extension(ext(
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                ExtensionValue::Code(Primitive::from("unknown")),
            )));
        }
        if let Some(org) = f(s, 23).and_then(|v| cx.xon(v, At::field(23))) {
            d.receiver = Some(cx.reference(org));
        } else if let Some(fac) = dest_fac {
            let ns = cx.comp_text(fac, 1, At::field(6));
            let uid = cx.comp_text(fac, 2, At::field(6));
            let kind = cx.comp_text(fac, 3, At::field(6));
            d.receiver = cx
                .organization_from_hd(ns, uid, kind)
                .map(|i| cx.reference(i));
        }
        push_exact(&mut h.destination, Some(d));
    }
    // MSH-22 → responsible (XON[Organization]).
    if let Some(v) = f(s, 22) {
        h.responsible = cx.xon(v, At::field(22)).map(|i| cx.reference(i));
    }
    let mut meta = fhir::Meta::default();
    // MSH-11 → meta.tag (PT[Meta]: processing id, table 0103).
    if let Some(pt) = f(s, 11).and_then(|v| cx.code_text(v.component(1), At::field(11).comp(1))) {
        meta.tag.push(Coding {
            system: Some(Primitive::from(
                "http://terminology.hl7.org/CodeSystem/v2-0103",
            )),
            code: Some(Primitive::from(pt)),
            ..Default::default()
        });
    }
    // MSH-11.2 → meta.tag (PT[Meta]: processing mode, ProcessingMode / table 0207).
    if let Some(mode) = f(s, 11).and_then(|v| cx.code_text(v.component(2), At::field(11).comp(2)))
        && let Some(c) = cx.lookup(&t::PROCESSING_MODE, &mode, At::field(11).comp(2))
    {
        meta.tag.push(concept_coding(c));
    }
    // MSH-18 (character set): the IG proposes an extension that FHIR does not define, so
    // it stays unmapped (reported); the text was decoded with it all the same.
    // MSH-12 → the v2 version, kept as a tag of table 0104.
    if let Some(ver) = f(s, 12).and_then(|v| cx.code_text(v.component(1), At::field(12).comp(1))) {
        meta.tag.push(Coding {
            system: Some(Primitive::from(
                "http://terminology.hl7.org/CodeSystem/v2-0104",
            )),
            code: Some(Primitive::from(ver)),
            ..Default::default()
        });
    }
    if !meta.tag.is_empty() {
        h.meta = Some(meta);
    }
    // MSH-19 → language (CWE[code]).
    if let Some(lang) = f(s, 19).and_then(|v| cx.code_text(v.component(1), At::field(19).comp(1))) {
        h.language = Some(Primitive::from(lang));
    }
    h.id = cx.id_of("MessageHeader");
    let i = cx.push(Resource::MessageHeader(Box::new(h)));
    cx.ctx.header = Some(i);
    Some(i)
}

// ---- EVN ---------------------------------------------------------------------------------

pub(crate) const EVN_FIELDS: &[u16] = &[1, 2, 4, 5, 6, 7];

/// EVN → Provenance (IG `EVN[Provenance]`).
pub(crate) fn evn(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, event: &str) -> Option<usize> {
    let mut p = fhir::Provenance::default();
    if let Some(h) = cx.ctx.header {
        p.target.push(cx.reference(h));
    }
    p.activity = Some(CodeableConcept {
        coding: vec![Coding {
            system: Some(Primitive::from(
                "http://terminology.hl7.org/CodeSystem/v2-0003",
            )),
            code: cx.code_text(f(s, 1), At::field(1)).map(Primitive::from),
            display: Some(Primitive::from(format!("event - {event}"))),
            ..Default::default()
        }],
        ..Default::default()
    });
    p.recorded = cx.dtm_instant(f(s, 2), At::field(2));
    if let Some(v) = cx.single(f(s, 4), 4) {
        p.reason = cx
            .cwe(Some(v), At::field(4), Some(&t::EVENT_REASON))
            .into_iter()
            .collect();
    }
    let operator = cx.single(f(s, 5), 5);
    if let Some(who) = cx.practitioner_ref(operator, At::field(5)) {
        p.agent.push(fhir::ProvenanceAgent {
            who: Some(who),
            type_: Some(cc_of(
                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "enterer",
                None,
            )),
            ..Default::default()
        });
    }
    if let Some(occ) = cx.dtm1(s, 6) {
        p.occurred = Some(fhir::ProvenanceOccurred::DateTime(occ));
    }
    if let Some(v) = f(s, 7) {
        let ns = cx.comp_text(v, 1, At::field(7));
        if let Some(ns) = ns {
            let key = format!("Location|{ns}");
            let idx = match cx.keyed(&key) {
                Some(i) => i,
                None => {
                    let loc = fhir::Location {
                        id: cx.id_of("Location"),
                        name: Some(Primitive::from(ns.clone())),
                        identifier: vec![Identifier {
                            value: Some(Primitive::from(ns)),
                            ..Default::default()
                        }],
                        ..Default::default()
                    };
                    let i = cx.push(Resource::Location(Box::new(loc)));
                    cx.remember(key, i);
                    i
                }
            };
            p.location = Some(cx.reference(idx));
        }
    }
    // Provenance.recorded is required: fall back on MSH-7 (done by the caller when absent).
    p.id = cx.id_of("Provenance");
    Some(cx.push(Resource::Provenance(Box::new(p))))
}

// ---- PID ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const PID_FIELDS: &[u16] = &[
    2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 23, 24, 25, 26, 28, 29, 30, 33,
    34, 40,
];

/// PID → Patient (IG `PID[Patient]`).
pub(crate) fn pid(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut p = fhir::Patient::default();
    if let Some(v) = cx.single(f(s, 2), 2) {
        push_exact(&mut p.identifier, cx.cx(Some(v), At::field(2)));
    }
    let more = cx.identifiers(s, 3);
    append(&mut p.identifier, more);
    if let Some(v) = cx.single(f(s, 4), 4) {
        let id = cx.cx(Some(v), At::field(4));
        push_exact(&mut p.identifier, id);
    }
    p.name = cx.names(s, 5);
    if let Some(v) = f(s, 6).and_then(|v| v.repetition(1))
        && let Some(family) = cx.text(
            v.component(1).and_then(|c| c.subcomponent(1)),
            At::field(6).comp(1),
        )
    {
        p.extension.push(ext_string(
            "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
            family,
        ));
    }
    let birth = cx.single(f(s, 7), 7);
    if let Some(b) = birth {
        let mut date = cx.dtm_date(Some(b), At::field(7));
        // Longer than a date: the time goes into the birthTime extension.
        if b.component(1).is_some_and(|c| c.raw().len() > 8)
            && let (Some(d), Some(dt)) = (date.as_mut(), cx.dtm(Some(b), At::field(7)))
            && dt.value().is_some_and(|v| v.as_str().len() > 10)
        {
            d.extension_mut().push(ext(
                "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                ExtensionValue::DateTime(dt),
            ));
        }
        p.birth_date = date;
    }
    let sex = cx.single(f(s, 8), 8);
    p.gender = cx.code_enum(sex, At::field(8), &t::ADMINISTRATIVE_SEX);
    let more = cx.names(s, 9);
    append(&mut p.name, more);
    p.address = cx.addresses(s, 11);
    if let Some(county) = cx.text(f(s, 12), At::field(12)) {
        let single = p.address.len() == 1;
        match p.address.first_mut() {
            Some(a) if single && a.district.is_none() => a.district = Some(Primitive::from(county)),
            _ => p.address.push(fhir::Address {
                district: Some(Primitive::from(county)),
                ..Default::default()
            }),
        }
    }
    p.telecom = cx.telecoms(s, 13, Some(codes::ContactPointUse::Home));
    p.telecom
        .extend(cx.telecoms(s, 14, Some(codes::ContactPointUse::Work)));
    if let Some(lang) = cx.cc1(s, 15, Some(&t::PRIMARY_LANGUAGE)) {
        p.communication.push(fhir::PatientCommunication {
            language: Some(lang),
            ..Default::default()
        });
    }
    p.marital_status = cx.cc1(s, 16, Some(&t::MARITAL_STATUS));
    if let Some(rel) = cx.cc1(s, 17, Some(&t::RELIGION)) {
        p.extension.push(ext(
            "http://hl7.org/fhir/StructureDefinition/patient-religion",
            ExtensionValue::CodeableConcept(Box::new(rel)),
        ));
    }
    let ssn19 = cx.text(f(s, 19), At::field(19));
    let known = |p: &fhir::Patient, v: &str| {
        p.identifier.iter().any(|i| {
            i.value.as_ref().and_then(|x| x.as_str()) == Some(v)
                && i.system.as_ref().and_then(|x| x.as_str())
                    == Some("http://hl7.org/fhir/sid/us-ssn")
        })
    };
    if let Some(ssn) = ssn19.filter(|v| !known(&p, v)) {
        p.identifier.push(Identifier {
            system: Some(Primitive::from("http://hl7.org/fhir/sid/us-ssn")),
            value: Some(Primitive::from(ssn)),
            type_: Some(cc_of(V2_0203, "SS", None)),
            ..Default::default()
        });
    }
    if let Some(v) = cx.single(f(s, 20), 20) {
        // DLN: number, issuing state, expiration.
        if let Some(num) = cx.comp_text(v, 1, At::field(20)) {
            let mut id = Identifier {
                value: Some(Primitive::from(num)),
                type_: Some(cc_of(V2_0203, "DL", None)),
                ..Default::default()
            };
            // DLN.2 (CWE, its parts subcomponents) → system by CWE[uri] when CWE.1 or CWE.4
            // is an absolute URI; a plain state code is no system, so it names the assigner.
            let issuer = v.component(2);
            let uri = [1usize, 4].into_iter().find_map(|n| {
                let t = cx.text(
                    issuer.and_then(|c| c.subcomponent(n)),
                    At::field(20).comp(2),
                )?;
                (t.contains(':') && fhir::PrimitiveType::Uri.is_valid(&t)).then_some(t)
            });
            if let Some(uri) = uri {
                id.system = Some(Primitive::from(uri));
            } else if let Some(state) = cx.comp_text(v, 2, At::field(20)) {
                id.assigner = Some(Reference {
                    display: Some(Primitive::from(state)),
                    ..Default::default()
                });
            }
            id.period = cx.period(None, v.component(3), At::field(20), At::field(20).comp(3));
            p.identifier.push(id);
        }
    }
    if let Some(place) = cx.text(f(s, 23), At::field(23)) {
        p.extension.push(ext(
            "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
            ExtensionValue::Address(Box::new(fhir::Address {
                text: Some(Primitive::from(place)),
                ..Default::default()
            })),
        ));
    }
    let order = cx.text(f(s, 25), At::field(25));
    match order.map(|o| o.parse::<i32>()) {
        Some(Ok(n)) => {
            p.multiple_birth = Some(fhir::PatientMultipleBirth::Integer(Primitive::from(n)))
        }
        Some(Err(_)) => cx.issue(IssueKind::InvalidValue, Some(At::field(25))),
        None => {
            if let Some(b) = yes_no(cx, f(s, 24), At::field(24)) {
                p.multiple_birth = Some(fhir::PatientMultipleBirth::Boolean(Primitive::from(b)));
            }
        }
    }
    for (r, v) in Cx::reps(f(s, 26)) {
        if let Some(cc) = cx.cwe(Some(v), At::field(26).rep(r), None) {
            let mut e = ext_string(
                "http://hl7.org/fhir/StructureDefinition/patient-citizenship",
                String::new(),
            );
            e.value = None;
            e.extension
                .push(ext("code", ExtensionValue::CodeableConcept(Box::new(cc))));
            p.extension.push(e);
        }
    }
    if let Some(cc) = cx.cc1(s, 28, None) {
        let mut e = ext_string(
            "http://hl7.org/fhir/StructureDefinition/patient-nationality",
            String::new(),
        );
        e.value = None;
        e.extension
            .push(ext("code", ExtensionValue::CodeableConcept(Box::new(cc))));
        p.extension.push(e);
    }
    if let Some(death) = cx.dtm1(s, 29) {
        p.deceased = Some(fhir::PatientDeceased::DateTime(death));
    } else if let Some(b) = yes_no(cx, f(s, 30), At::field(30)) {
        p.deceased = Some(fhir::PatientDeceased::Boolean(Primitive::from(b)));
    }
    let more = cx.telecoms(s, 40, None);
    append(&mut p.telecom, more);
    p.id = cx.id_of("Patient");
    let i = cx.push(Resource::Patient(Box::new(p)));
    cx.ctx.patient = Some(i);
    // PID[Account]: PID-18, the patient account number.
    if let Some(v) = cx.single(f(s, 18), 18)
        && let Some(id) = cx.cx(Some(v), At::field(18))
    {
        let acct = fhir::Account {
            id: cx.id_of("Account"),
            identifier: vec![id],
            status: Some(Primitive::from(codes::AccountStatus::Active)),
            subject: vec![cx.reference(i)],
            ..Default::default()
        };
        cx.push(Resource::Account(Box::new(acct)));
    }
    cx.ctx.note_target = None;
    Some(i)
}

fn yes_no(cx: &mut Cx<'_>, v: Option<Value<'_, '_>>, at: At) -> Option<bool> {
    let code = cx.text(v.and_then(|v| v.component(1)), at)?;
    let c = cx.lookup(&t::YES_NO_INDICATOR, &code, at)?;
    match c.code {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

// ---- PD1 ---------------------------------------------------------------------------------

pub(crate) const PD1_FIELDS: &[u16] = &[3, 4, 6, 7];

/// PD1 → Patient (IG `PD1[Patient]`).
pub(crate) fn pd1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut gps = Vec::new();
    for (r, v) in Cx::reps(f(s, 3)) {
        if let Some(i) = cx.xon(v, At::field(3).rep(r)) {
            gps.push(cx.reference(i));
        }
    }
    for (r, v) in Cx::reps(f(s, 4)) {
        if let Some(i) = cx.xcn(v, At::field(4).rep(r)) {
            gps.push(cx.reference(i));
        }
    }
    let disability = cx.cc1(s, 6, None);
    // PD1-7 → Observation (IG `PD1[Observation-LivingWill]`): LOINC 75320-2, final.
    if let Some(will) = cx.cc1(s, 7, Some(&t::LIVING_WILL_CODE)) {
        let o = fhir::Observation {
            id: cx.id_of("Observation"),
            status: Some(Primitive::from(codes::ObservationStatus::Final)),
            code: Some(cc_of("http://loinc.org", "75320-2", None)),
            subject: cx.patient_ref(),
            value: Some(fhir::ObservationValue::CodeableConcept(Box::new(will))),
            ..Default::default()
        };
        cx.push(Resource::Observation(Box::new(o)));
    }
    let i = cx.ctx.patient;
    if let Some(Resource::Patient(p)) = cx.get_mut(i) {
        p.general_practitioner.extend(gps);
        if let Some(d) = disability {
            p.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/patient-disability",
                ExtensionValue::CodeableConcept(Box::new(d)),
            ));
        }
    }
    i
}

// ---- NK1 ---------------------------------------------------------------------------------

// The fields NK1 maps read: `seg_visit::NK1_BOTH_FIELDS` (with NK1[Patient]).

/// NK1 → RelatedPerson (IG `NK1[RelatedPerson]`).
pub(crate) fn nk1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut rp = fhir::RelatedPerson {
        patient: cx.patient_ref(),
        ..Default::default()
    };
    rp.name = cx.names(s, 2);
    rp.relationship.extend(cx.cc1(s, 3, Some(&t::RELATIONSHIP)));
    rp.address = cx.addresses(s, 4);
    rp.telecom = cx.telecoms(s, 5, None);
    rp.telecom
        .extend(cx.telecoms(s, 6, Some(codes::ContactPointUse::Work)));
    rp.relationship.extend(cx.cc1(s, 7, Some(&t::CONTACT_ROLE)));
    let start = cx.single(f(s, 8), 8);
    let end = cx.single(f(s, 9), 9);
    rp.period = cx.period(start, end, At::field(8), At::field(9));
    rp.identifier = cx.identifiers(s, 12);
    let sex = cx.single(f(s, 15), 15);
    rp.gender = cx.code_enum(sex, At::field(15), &t::ADMINISTRATIVE_SEX);
    let birth = cx.single(f(s, 16), 16);
    rp.birth_date = cx.dtm_date(birth, At::field(16));
    if let Some(lang) = cx.cc1(s, 20, Some(&t::PRIMARY_LANGUAGE)) {
        rp.communication.push(fhir::RelatedPersonCommunication {
            language: Some(lang),
            ..Default::default()
        });
    }
    let more = cx.names(s, 30);
    append(&mut rp.name, more);
    let more = cx.telecoms(s, 31, None);
    append(&mut rp.telecom, more);
    let more = cx.addresses(s, 32);
    append(&mut rp.address, more);
    let more = cx.identifiers(s, 33);
    append(&mut rp.identifier, more);
    if let Some(ssn) = cx.text(f(s, 37), At::field(37)) {
        rp.identifier.push(Identifier {
            system: Some(Primitive::from("http://hl7.org/fhir/sid/us-ssn")),
            value: Some(Primitive::from(ssn)),
            type_: Some(cc_of(V2_0203, "SS", None)),
            ..Default::default()
        });
    }
    let more = cx.telecoms(s, 40, None);
    append(&mut rp.telecom, more);
    let more = cx.telecoms(s, 41, None);
    append(&mut rp.telecom, more);
    rp.id = cx.id_of("RelatedPerson");
    Some(cx.push(Resource::RelatedPerson(Box::new(rp))))
}

// ---- PV1 / PV2 ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const PV1_FIELDS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 36, 38, 42, 44, 45, 50, 52,
];

fn participant(
    cx: &mut Cx<'_>,
    who: Reference,
    code: &'static str,
    display: &'static str,
) -> fhir::EncounterParticipant {
    let _ = cx;
    fhir::EncounterParticipant {
        individual: Some(who),
        type_: vec![cc_of(V3_PARTICIPATION, code, Some(display))],
        ..Default::default()
    }
}

fn enc_location(
    cx: &mut Cx<'_>,
    v: Option<Value<'_, '_>>,
    at: At,
    status: codes::EncounterLocationStatus,
) -> Option<fhir::EncounterLocation> {
    let i = cx.pl(v?, at)?;
    Some(fhir::EncounterLocation {
        location: Some(cx.reference(i)),
        status: Some(Primitive::from(status)),
        ..Default::default()
    })
}

/// PV1 → Encounter (IG `PV1[Encounter]`).
pub(crate) fn pv1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, trigger: &str) -> Option<usize> {
    let mut e = fhir::Encounter {
        subject: cx.patient_ref(),
        ..Default::default()
    };
    let class_v = cx.single(f(s, 2), 2);
    let class_code = cx.text(class_v.and_then(|v| v.component(1)), At::field(2));
    match class_code
        .as_deref()
        .map(|c| (c, t::PATIENT_CLASS_ENCOUNTER_CLASS.get(c)))
    {
        Some((_, Some(c))) => e.class = Some(concept_coding(c)),
        Some((_, None)) => {
            cx.issue(
                IssueKind::UnknownCode {
                    map: t::PATIENT_CLASS_ENCOUNTER_CLASS.name,
                },
                Some(At::field(2)),
            );
        }
        None => {}
    }
    if e.class.is_none() {
        // Encounter.class is required: v3 ActCode has no "unknown"; use the null flavor.
        e.class = Some(Coding {
            system: Some(Primitive::from(
                "http://terminology.hl7.org/CodeSystem/v3-NullFlavor",
            )),
            code: Some(Primitive::from("UNK")),
            display: Some(Primitive::from("unknown")),
            ..Default::default()
        });
    }
    let planned = class_code.as_deref() == Some("P");
    let current = if planned {
        codes::EncounterLocationStatus::Planned
    } else {
        codes::EncounterLocationStatus::Active
    };
    let loc = cx.single(f(s, 3), 3);
    e.location
        .extend(enc_location(cx, loc, At::field(3), current));
    e.type_.extend(cx.cc1(s, 4, Some(&t::ADMISSION_TYPE)));
    let mut hosp = fhir::EncounterHospitalization::default();
    if let Some(v) = cx.single(f(s, 5), 5) {
        hosp.pre_admission_identifier = cx.cx(Some(v), At::field(5));
    }
    let prior = cx.single(f(s, 6), 6);
    e.location.extend(enc_location(
        cx,
        prior,
        At::field(6),
        codes::EncounterLocationStatus::Completed,
    ));
    for (n, code, display) in [
        (7u16, "ATND", "attender"),
        (8, "REF", "referrer"),
        (9, "CON", "consultant"),
        (17, "ADM", "admitter"),
        (52, "PART", "Participation"),
    ] {
        for (r, v) in Cx::reps(f(s, n)) {
            if let Some(i) = cx.xcn(v, At::field(n).rep(r)) {
                let who = cx.reference(i);
                e.participant.push(participant(cx, who, code, display));
            }
        }
    }
    e.service_type = cx.cc1(s, 10, Some(&t::HOSPITAL_SERVICE));
    let temp = cx.single(f(s, 11), 11);
    e.location.extend(enc_location(
        cx,
        temp,
        At::field(11),
        codes::EncounterLocationStatus::Active,
    ));
    hosp.re_admission = cx.cc1(s, 13, Some(&t::READMISSION_INDICATOR));
    hosp.admit_source = cx.cc1(s, 14, None);
    hosp.special_arrangement = cx.ccs(s, 15, Some(&t::AMBULATORY_STATUS));
    let vip = cx.cc1(s, 16, Some(&t::VIPINDICATOR));
    // PV1-16 also → Patient extension patient-importance (IG `PV1[Patient]`).
    if let Some(v) = vip.clone() {
        let pi = cx.ctx.patient;
        if let Some(Resource::Patient(p)) = cx.get_mut(pi) {
            p.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/patient-importance",
                ExtensionValue::CodeableConcept(Box::new(v)),
            ));
        }
    }
    hosp.special_courtesy.extend(vip);
    if let Some(v) = cx.single(f(s, 19), 19)
        && let Some(id) = cx.cx(Some(v), At::field(19))
    {
        let mut id = typed_identifier(id, "VN");
        if let Some(t) = id.type_.as_mut() {
            t.text = Some(Primitive::from("visit number"));
        }
        e.identifier.push(id);
    }
    hosp.discharge_disposition = cx.cc1(s, 36, Some(&t::DISCHARGE_DISPOSITION));
    hosp.diet_preference
        .extend(cx.cc1(s, 38, Some(&t::DIET_TYPE)));
    let pending = cx.single(f(s, 42), 42);
    e.location.extend(enc_location(
        cx,
        pending,
        At::field(42),
        codes::EncounterLocationStatus::Reserved,
    ));
    let admit: Vec<_> = Cx::reps(f(s, 44)).collect();
    let discharge: Vec<_> = Cx::reps(f(s, 45)).collect();
    for (r, _) in admit.iter().skip(1) {
        cx.issue(IssueKind::ExtraRepetition, Some(At::field(44).rep(*r)));
    }
    for (r, _) in discharge.iter().skip(1) {
        cx.issue(IssueKind::ExtraRepetition, Some(At::field(45).rep(*r)));
    }
    e.period = cx.period(
        admit.first().map(|x| x.1),
        discharge.first().map(|x| x.1),
        At::field(44),
        At::field(45),
    );
    let finished = e.period.as_ref().is_some_and(|p| p.end.is_some());
    // MSH[Encounter]: the trigger event gives the status (Event[EncounterStatus]).
    let by_event = t::EVENT_ENCOUNTER_STATUS
        .get(trigger)
        .and_then(|c| codes::EncounterStatus::from_code(c.code))
        .filter(|s| *s != codes::EncounterStatus::Unknown);
    e.status = Some(Primitive::from(if finished {
        codes::EncounterStatus::Finished
    } else if let Some(st) = by_event {
        st
    } else {
        match class_code
            .as_deref()
            .and_then(|c| t::PATIENT_CLASS_ENCOUNTER_STATUS.get(c))
            .and_then(|c| codes::EncounterStatus::from_code(c.code))
        {
            Some(st) => st,
            None if planned => codes::EncounterStatus::Planned,
            None => codes::EncounterStatus::Unknown,
        }
    }));
    if let Some(v) = cx.single(f(s, 50), 50) {
        e.identifier.extend(cx.cx(Some(v), At::field(50)));
    }
    let hosp_empty = hosp == fhir::EncounterHospitalization::default();
    if !hosp_empty {
        e.hospitalization = Some(hosp);
    }
    e.id = cx.id_of("Encounter");
    let i = cx.push(Resource::Encounter(Box::new(e)));
    cx.ctx.encounter = Some(i);
    Some(i)
}

pub(crate) const PV2_FIELDS: &[u16] = &[1, 3, 8, 9, 11, 13, 25, 38];

/// PV2 → Encounter (IG `PV2[Encounter]`).
pub(crate) fn pv2(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let planned = cx.single(f(s, 1), 1);
    let loc = enc_location(
        cx,
        planned,
        At::field(1),
        codes::EncounterLocationStatus::Planned,
    );
    let reason = cx.cc1(s, 3, None);
    let start = cx.dtm1(s, 8);
    let end = cx.dtm1(s, 9);
    // NM[Quantity-LengthOfStay]: a negative length is an error.
    let length = cx.decimal(f(s, 11), At::field(11));
    let length = length.filter(|d| {
        let ok = !d.as_str().starts_with('-');
        if !ok {
            cx.issue(IssueKind::InvalidValue, Some(At::field(11)));
        }
        ok
    });
    let length = length.map(|d| fhir::Duration {
        value: Some(Primitive::from(d)),
        unit: Some(Primitive::from("days")),
        system: Some(Primitive::from("http://unitsofmeasure.org")),
        code: Some(Primitive::from("d")),
        ..Default::default()
    });
    let mut referrers = Vec::new();
    for (r, v) in Cx::reps(f(s, 13)) {
        if let Some(i) = cx.xcn(v, At::field(13).rep(r)) {
            let who = cx.reference(i);
            referrers.push(participant(cx, who, "REF", "referrer"));
        }
    }
    let priority = cx.cc1(s, 25, Some(&t::ENCOUNTER_PRIORITY));
    let arrival = {
        let v = cx.single(f(s, 38), 38);
        cx.cwe_coding(v, At::field(38), Some(&t::MODE_OF_ARRIVAL_CODE))
    };
    let i = cx.ctx.encounter;
    if let Some(Resource::Encounter(e)) = cx.get_mut(i) {
        e.location.extend(loc);
        e.reason_code.extend(reason);
        if let Some(v) = start {
            e.extension.push(ext(
                "http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedStartDate",
                ExtensionValue::DateTime(v),
            ));
        }
        if let Some(v) = end {
            e.extension.push(ext(
                "http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.plannedEndDate",
                ExtensionValue::DateTime(v),
            ));
        }
        e.length = length;
        e.participant.extend(referrers);
        e.priority = priority;
        if let Some(c) = arrival {
            e.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/encounter-modeOfArrival",
                ExtensionValue::Coding(Box::new(c)),
            ));
        }
    }
    i
}

// ---- ORC / OBR ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const ORC_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 9, 10, 11, 12, 19, 21, 28, 29];

fn placer_filler(
    cx: &mut Cx<'_>,
    s: Seg<'_, '_, '_>,
    n: u16,
    code: &'static str,
) -> Option<Identifier> {
    let v = cx.single(f(s, n), n);
    cx.ei(v, At::field(n)).map(|id| typed_identifier(id, code))
}

/// ORC → ServiceRequest (IG `ORC[ServiceRequest]`), or context for RXA (`ORC[Immunization]`).
pub(crate) fn orc(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut sr = fhir::ServiceRequest {
        subject: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        intent: Some(Primitive::from(codes::RequestIntent::Order)),
        ..Default::default()
    };
    sr.identifier.extend(placer_filler(cx, s, 2, "PLAC"));
    sr.identifier.extend(placer_filler(cx, s, 3, "FILL"));
    // ORC-4 is EIP: EIP.1 is an EI whose parts are subcomponents.
    if let Some(v) = cx.single(f(s, 4), 4)
        && let Some(value) = cx.text(
            v.component(1).and_then(|c| c.subcomponent(1)),
            At::field(4).comp(1),
        )
    {
        sr.requisition = Some(Identifier {
            value: Some(Primitive::from(value)),
            type_: Some(cc_of(V2_0203, "PGN", None)),
            ..Default::default()
        });
    }
    let status5 = cx.single(f(s, 5), 5);
    sr.status = cx.code_enum(status5, At::field(5), &t::ORDER_STATUS);
    if sr.status.is_none() {
        let ctl = cx.single(f(s, 1), 1);
        sr.status = cx.code_enum(
            ctl,
            At::field(1),
            &t::ORDER_CONTROL_CODE_SERVICE_REQUEST_STATUS,
        );
    }
    if let Some(ctl) = cx.code_text(f(s, 1), At::field(1)) {
        let mut e = ext_string(
            "http://hl7.org/fhir/StructureDefinition/businessEvent",
            String::new(),
        );
        e.value = None;
        e.extension.push(ext(
            "value",
            ExtensionValue::CodeableConcept(Box::new(cc_of(
                "http://terminology.hl7.org/CodeSystem/v2-0119",
                ctl,
                None,
            ))),
        ));
        sr.extension.push(e);
    }
    sr.authored_on = cx.dtm1(s, 9);
    let req = cx.single(f(s, 12), 12);
    sr.requester = cx.practitioner_ref(req, At::field(12));
    if let Some(v) = cx.single(f(s, 21), 21)
        && sr.requester.is_none()
    {
        sr.requester = cx.xon(v, At::field(21)).map(|i| cx.reference(i));
    }
    sr.location_code.extend(cx.cc1(s, 29, Some(&t::ORDER_TYPE)));
    // ORC-28 → meta.security (CWE[Coding], ConfidentialityCode).
    let security = {
        let v = cx.single(f(s, 28), 28);
        cx.cwe_coding(v, At::field(28), Some(&t::CONFIDENTIALITY_CODE))
    };
    if let Some(c) = security {
        sr.meta = Some(fhir::Meta {
            security: vec![c],
            ..Default::default()
        });
    }
    sr.status
        .get_or_insert(Primitive::from(codes::RequestStatus::Unknown));
    sr.id = cx.id_of("ServiceRequest");
    let i = cx.push(Resource::ServiceRequest(Box::new(sr)));
    orc_provenance(cx, s, i);
    cx.ctx.order = Some(i);
    cx.ctx.order_from_orc = true;
    cx.ctx.report = None;
    cx.ctx.note_target = Some(i);
    Some(i)
}

const PROVENANCE_PARTICIPANT: &str =
    "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

/// ORC → Provenance of the order (IG `ORC[Provenance]`): activity from ORC-1, recorded and
/// occurred from ORC-9, agents ORC-10 (enterer), ORC-11 (verifier), ORC-12 (author) and
/// ORC-19 (performer). A Provenance needs `recorded` (an instant) and an agent: without
/// them ORC-10/11/19, which have no other target, are reported.
fn orc_provenance(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, target: usize) {
    let mut p = fhir::Provenance::default();
    p.target.push(cx.reference(target));
    let activity = match cx.code_text(f(s, 1), At::field(1)).as_deref() {
        Some("NW") => Some("CREATE"),
        Some("SC") => Some("UPDATE"),
        Some("OC" | "CA") => Some("CANCEL"),
        _ => None,
    };
    p.activity = activity.map(|c| {
        cc_of(
            "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
            c,
            None,
        )
    });
    let t9 = f(s, 9).and_then(|v| v.repetitions().find(|r| !r.is_empty()));
    let roles = [
        (10, "enterer"),
        (11, "verifier"),
        (12, "author"),
        (19, "performer"),
    ];
    let valued: Vec<_> = roles
        .iter()
        .filter_map(|&(n, role)| {
            let v = f(s, n).and_then(|v| v.repetitions().find(|r| !r.is_empty()))?;
            Some((n, role, v))
        })
        .collect();
    let recorded = if valued.is_empty() || t9.is_none() {
        None
    } else {
        cx.dtm_instant(t9, At::field(9))
    };
    let Some(recorded) = recorded else {
        // ORC-12 also went to ServiceRequest.requester; the others have no other target.
        for (n, _, _) in valued {
            if n != 12 {
                cx.issue(IssueKind::UnmappedField, Some(At::field(n)));
            }
        }
        return;
    };
    let mut agents = Vec::new();
    for (n, role, v) in valued {
        // ORC-12 was already read for ServiceRequest.requester: the same Practitioner
        // comes back from the registry.
        if let Some(who) = cx.xcn(v, At::field(n)).map(|i| cx.reference(i)) {
            agents.push(fhir::ProvenanceAgent {
                who: Some(who),
                type_: Some(cc_of(PROVENANCE_PARTICIPANT, role, None)),
                ..Default::default()
            });
        }
    }
    if agents.is_empty() {
        return;
    }
    p.recorded = Some(recorded);
    p.occurred = cx
        .dtm(t9, At::field(9))
        .map(fhir::ProvenanceOccurred::DateTime);
    p.agent = agents;
    p.id = cx.id_of("Provenance");
    cx.push(Resource::Provenance(Box::new(p)));
}

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const OBR_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 7, 8, 16, 22, 24, 25, 31, 32];

/// OBR → ServiceRequest (IG `OBR[ServiceRequest]`, merged into the ORC's) and, in results
/// messages, DiagnosticReport (IG `OBR[DiagnosticReport]`).
pub(crate) fn obr(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, results: bool) -> Option<usize> {
    let placer = placer_filler(cx, s, 2, "PLAC");
    let filler = placer_filler(cx, s, 3, "FILL");
    let code = cx.cc1(s, 4, None);
    let priority = {
        let v = cx.single(f(s, 5), 5);
        let code = cx.text(v.and_then(|v| v.component(1)), At::field(5));
        match code.as_deref() {
            Some("S") => Some(codes::RequestPriority::Stat),
            Some("A") => Some(codes::RequestPriority::Asap),
            Some("R") => Some(codes::RequestPriority::Routine),
            Some(_) => {
                cx.issue(
                    IssueKind::UnknownCode {
                        map: "ExtendedPriorityCodes",
                    },
                    Some(At::field(5)),
                );
                None
            }
            None => None,
        }
    };
    let requested = cx.dtm1(s, 6);
    let req = cx.single(f(s, 16), 16);
    let requester = cx.practitioner_ref(req, At::field(16));
    let reasons = cx.ccs(s, 31, None);
    // The ServiceRequest: the ORC's when there is one for this order, else a new one.
    let order = match (cx.ctx.order, cx.ctx.order_from_orc) {
        (Some(i), true) => i,
        _ => {
            let sr = fhir::ServiceRequest {
                id: cx.id_of("ServiceRequest"),
                subject: cx.patient_ref(),
                encounter: cx.encounter_ref(),
                intent: Some(Primitive::from(codes::RequestIntent::Order)),
                status: Some(Primitive::from(codes::RequestStatus::Unknown)),
                ..Default::default()
            };
            cx.push(Resource::ServiceRequest(Box::new(sr)))
        }
    };
    cx.ctx.order_from_orc = false;
    cx.ctx.order = Some(order);
    if let Some(Resource::ServiceRequest(sr)) = cx.get_mut(Some(order)) {
        let has = |sr: &fhir::ServiceRequest, code: &str| {
            sr.identifier.iter().any(|i| {
                i.type_
                    .as_ref()
                    .and_then(|t| t.coding.first())
                    .and_then(|c| c.code.as_ref())
                    .and_then(|c| c.as_str())
                    == Some(code)
            })
        };
        if let Some(p) = placer.clone()
            && !has(sr, "PLAC")
        {
            sr.identifier.push(p);
        }
        if let Some(fl) = filler.clone()
            && !has(sr, "FILL")
        {
            sr.identifier.push(fl);
        }
        sr.code = code.clone();
        if let Some(p) = priority {
            sr.priority = Some(Primitive::from(p));
        }
        if let Some(r) = requested {
            sr.occurrence = Some(fhir::ServiceRequestOccurrence::DateTime(r));
        }
        if sr.requester.is_none() {
            sr.requester = requester;
        }
        sr.reason_code.extend(reasons);
    }
    cx.ctx.note_target = Some(order);
    cx.ctx.specimen = None;
    if !results {
        cx.ctx.report = None;
        return Some(order);
    }
    let mut dr = fhir::DiagnosticReport {
        subject: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        based_on: vec![cx.reference(order)],
        code: code.or_else(|| {
            Some(CodeableConcept {
                text: Some(Primitive::from("unknown")),
                ..Default::default()
            })
        }),
        ..Default::default()
    };
    dr.identifier.extend(placer);
    dr.identifier.extend(filler);
    let start = cx.single(f(s, 7), 7);
    let end = cx.single(f(s, 8), 8);
    dr.effective = match end {
        Some(_) => cx
            .period(start, end, At::field(7), At::field(8))
            .map(|p| fhir::DiagnosticReportEffective::Period(Box::new(p))),
        None => cx
            .dtm(start, At::field(7))
            .map(fhir::DiagnosticReportEffective::DateTime),
    };
    let issued = cx.single(f(s, 22), 22);
    dr.issued = cx.dtm_instant(issued, At::field(22));
    dr.category
        .extend(cx.cc1(s, 24, Some(&t::DIAGNOSTIC_SERVICE_SECTION_ID)));
    let st = cx.single(f(s, 25), 25);
    dr.status = cx.code_enum(st, At::field(25), &t::RESULT_STATUS_NON_QUERIES);
    dr.status
        .get_or_insert(Primitive::from(codes::DiagnosticReportStatus::Unknown));
    if let Some(v) = cx.single(f(s, 32), 32) {
        // NDL: the name is CNN in the first component (its parts are subcomponents).
        if let Some(c) = v.component(1) {
            let id = cx.text(c.subcomponent(1), At::field(32).comp(1));
            let family = cx.text(c.subcomponent(2), At::field(32).comp(1));
            let given = cx.text(c.subcomponent(3), At::field(32).comp(1));
            // CNN[Practitioner]: CNN.4 second given names, CNN.5 suffix, CNN.6 prefix,
            // CNN.7 degree (a suffix).
            let given2 = cx.text(c.subcomponent(4), At::field(32).comp(1));
            let suffix = cx.text(c.subcomponent(5), At::field(32).comp(1));
            let prefix = cx.text(c.subcomponent(6), At::field(32).comp(1));
            let degree = cx.text(c.subcomponent(7), At::field(32).comp(1));
            if id.is_some() || family.is_some() {
                // Keyed like XCN[Practitioner] (id without assigning authority) so the
                // same person from OBR-32 and an XCN field is one Practitioner.
                let key = match &id {
                    Some(idv) => format!("Practitioner|id|{idv}|"),
                    None => format!("Practitioner|ndl|{}", String::from_utf8_lossy(c.raw())),
                };
                let idx = match cx.keyed(&key) {
                    Some(i) => i,
                    None => {
                        let p = fhir::Practitioner {
                            id: cx.id_of("Practitioner"),
                            identifier: id
                                .map(|v| Identifier {
                                    value: Some(Primitive::from(v)),
                                    ..Default::default()
                                })
                                .into_iter()
                                .collect(),
                            name: (family.is_some() || given.is_some())
                                .then(|| fhir::HumanName {
                                    family: family.map(Primitive::from),
                                    given: given
                                        .into_iter()
                                        .chain(given2)
                                        .map(Primitive::from)
                                        .collect(),
                                    suffix: suffix
                                        .into_iter()
                                        .chain(degree)
                                        .map(Primitive::from)
                                        .collect(),
                                    prefix: prefix.map(Primitive::from).into_iter().collect(),
                                    ..Default::default()
                                })
                                .into_iter()
                                .collect(),
                            ..Default::default()
                        };
                        let i = cx.push(Resource::Practitioner(Box::new(p)));
                        cx.remember(key, i);
                        i
                    }
                };
                dr.results_interpreter.push(cx.reference(idx));
            }
        }
    }
    dr.id = cx.id_of("DiagnosticReport");
    let i = cx.push(Resource::DiagnosticReport(Box::new(dr)));
    cx.ctx.report = Some(i);
    Some(i)
}

// ---- OBX ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const OBX_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 14, 16, 17, 19, 20, 21, 23];

/// OBX → Observation (IG `OBX[Observation]`).
pub(crate) fn obx(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut o = fhir::Observation {
        subject: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        ..Default::default()
    };
    if let Some(order) = cx.ctx.order {
        push_exact(&mut o.based_on, Some(cx.reference(order)));
    }
    o.code = cx.cc1(s, 3, None).or_else(|| {
        Some(CodeableConcept {
            text: Some(Primitive::from("unknown")),
            ..Default::default()
        })
    });
    if let Some(sub) = cx.text(f(s, 4), At::field(4)) {
        o.extension.push(ext_string(
            "http://hl7.org/fhir/StructureDefinition/observation-v2-subid",
            sub,
        ));
    }
    let vt = cx
        .text_cow(f(s, 2).and_then(|v| v.component(1)), At::field(2))
        .unwrap_or_default();
    let units = f(s, 6);
    // The first two valued repetitions of OBX-5 (the rest walked again when there are
    // more, rather than collected).
    let v5 = f(s, 5);
    let mut reps = Cx::reps(v5);
    let (first, second) = (reps.next(), reps.next());
    let repeated = second.is_some();
    let range = cx
        .text(f(s, 7), At::field(7))
        .map(|range| fhir::ObservationReferenceRange {
            text: Some(Primitive::from(range)),
            ..Default::default()
        });
    if repeated && vt != "NA" {
        // OBX[Observation-Component]: OBX-5 repeats, each repetition is a component with
        // the OBX-3 code, its value by OBX-2 and the OBX-7 reference range.
        for (r, v) in Cx::reps(v5) {
            if let Some(value) = obx_value(cx, &vt, v, units, At::field(5).rep(r)) {
                o.component.push(fhir::ObservationComponent {
                    code: o.code.clone(),
                    value: Some(component_value(value)),
                    reference_range: range.clone().into_iter().collect(),
                    ..Default::default()
                });
            }
        }
    } else {
        if repeated {
            for (r, _) in Cx::reps(v5).skip(1) {
                cx.issue(IssueKind::ExtraRepetition, Some(At::field(5).rep(r)));
            }
        }
        if let Some((_, v)) = first {
            o.value = obx_value(cx, &vt, v, units, At::field(5));
        }
        push_exact(&mut o.reference_range, range);
    }
    o.interpretation = cx.ccs(s, 8, Some(&t::INTERPRETATION_CODES));
    let st = cx.single(f(s, 11), 11);
    o.status = cx.code_enum(
        st,
        At::field(11),
        &t::OBSERVATION_RESULT_STATUS_CODES_INTERPRETATION,
    );
    o.status
        .get_or_insert(Primitive::from(codes::ObservationStatus::Unknown));
    if let Some(eff) = cx.dtm1(s, 14) {
        o.effective = Some(fhir::ObservationEffective::DateTime(eff));
    } else if let Some(Resource::DiagnosticReport(dr)) = cx.get_mut(cx.ctx.report) {
        // No OBX-14: the observation shares the report's effective time.
        if let Some(fhir::DiagnosticReportEffective::DateTime(d)) = &dr.effective {
            o.effective = Some(fhir::ObservationEffective::DateTime(d.clone()));
        }
    }
    for (r, v) in Cx::reps(f(s, 16)) {
        if let Some(i) = cx.xcn(v, At::field(16).rep(r)) {
            o.performer.push(cx.reference(i));
        }
    }
    o.method = cx.cc1(s, 17, None);
    // OBX-10 → observation-nature-of-abnormal-test (NatureOfAbnormalTesting).
    for (r, v) in Cx::reps(f(s, 10)) {
        if let Some(cc) = cx.cwe(
            Some(v),
            At::field(10).rep(r),
            Some(&t::NATURE_OF_ABNORMAL_TESTING),
        ) {
            o.extension.push(ext(
                "http://hl7.org/fhir/StructureDefinition/observation-nature-of-abnormal-test",
                ExtensionValue::CodeableConcept(Box::new(cc)),
            ));
        }
    }
    if let Some(d) = cx.dtm1(s, 19) {
        o.extension.push(ext(
            "http://hl7.org/fhir/StructureDefinition/observation-analysis-date-time",
            ExtensionValue::DateTime(d),
        ));
    }
    o.body_site = cx.cc1(s, 20, None);
    if let Some(id) = placer_filler(cx, s, 21, "FILL") {
        o.identifier.push(id);
    }
    if let Some(v) = cx.single(f(s, 23), 23)
        && let Some(i) = cx.xon(v, At::field(23))
    {
        o.performer.push(cx.reference(i));
    }
    if let Some(sp) = cx.ctx.specimen {
        o.specimen = Some(cx.reference(sp));
    }
    o.id = cx.id_of("Observation");
    let i = cx.push(Resource::Observation(Box::new(o)));
    let r = cx.reference(i);
    if let Some(Resource::DiagnosticReport(dr)) = cx.get_mut(cx.ctx.report) {
        dr.result.push(r)
    }
    cx.ctx.observation = Some(i);
    cx.ctx.note_target = Some(i);
    Some(i)
}

fn obx_value(
    cx: &mut Cx<'_>,
    vt: &str,
    v: Value<'_, '_>,
    units: Option<Value<'_, '_>>,
    at: At,
) -> Option<fhir::ObservationValue> {
    use fhir::ObservationValue as OV;
    match vt {
        "NM" => {
            let d = cx.decimal(Some(v), at)?;
            let mut q = fhir::Quantity {
                value: Some(Primitive::from(d)),
                ..Default::default()
            };
            cx.units_into(&mut q, units, At::field(6));
            Some(OV::Quantity(Box::new(q)))
        }
        "ST" | "FT" | "TX" => cx.text(Some(v), at).map(|s| OV::String(Primitive::from(s))),
        "CWE" | "CE" | "CNE" | "CF" | "IS" => cx
            .cwe(Some(v), at, None)
            .map(|c| OV::CodeableConcept(Box::new(c))),
        "DTM" | "DT" | "TS" => cx.dtm(Some(v), at).map(OV::DateTime),
        "TM" => {
            let s = cx.text(Some(v), at)?;
            let b = s.as_bytes();
            let ok = b.len() >= 4 && b.iter().take(4).all(u8::is_ascii_digit);
            let formatted = if ok {
                let sec = if b.len() >= 6 && b[4..6].iter().all(u8::is_ascii_digit) {
                    &s[4..6]
                } else {
                    "00"
                };
                format!("{}:{}:{}", &s[0..2], &s[2..4], sec)
            } else {
                String::new()
            };
            match fhir::Time::parse(&formatted) {
                Ok(t) => Some(OV::Time(Primitive::from(t))),
                Err(_) => {
                    cx.issue(IssueKind::InvalidValue, Some(at));
                    None
                }
            }
        }
        "SN" => sn_value(cx, v, units, at),
        "NR" => {
            let low = cx.decimal(v.component(1), at.comp(1));
            let high = cx.decimal(v.component(2), at.comp(2));
            let q = |d: Option<fhir::Decimal>| {
                d.map(|d| fhir::Quantity {
                    value: Some(Primitive::from(d)),
                    ..Default::default()
                })
            };
            let r = fhir::Range {
                low: q(low),
                high: q(high),
                ..Default::default()
            };
            (r.low.is_some() || r.high.is_some()).then(|| OV::Range(Box::new(r)))
        }
        "DR" => cx.dr(Some(v), at).map(|p| OV::Period(Box::new(p))),
        _ => {
            // ED, RP and the rest: kept as text so nothing is lost; reported.
            if !vt.is_empty() {
                cx.issue(IssueKind::UnmappedField, Some(at));
            }
            None
        }
    }
}

/// The same value as an `Observation.component.value[x]`.
fn component_value(v: fhir::ObservationValue) -> fhir::ObservationComponentValue {
    use fhir::ObservationComponentValue as C;
    use fhir::ObservationValue as V;
    match v {
        V::Quantity(x) => C::Quantity(x),
        V::CodeableConcept(x) => C::CodeableConcept(x),
        V::String(x) => C::String(x),
        V::Boolean(x) => C::Boolean(x),
        V::Integer(x) => C::Integer(x),
        V::Range(x) => C::Range(x),
        V::Ratio(x) => C::Ratio(x),
        V::SampledData(x) => C::SampledData(x),
        V::Time(x) => C::Time(x),
        V::DateTime(x) => C::DateTime(x),
        V::Period(x) => C::Period(x),
    }
}

/// SN → Quantity / Range / Ratio (IG `SN[Quantity]`, `SN[Range]`, `SN[Ratio]`).
fn sn_value(
    cx: &mut Cx<'_>,
    v: Value<'_, '_>,
    units: Option<Value<'_, '_>>,
    at: At,
) -> Option<fhir::ObservationValue> {
    use fhir::ObservationValue as OV;
    let cmp = cx.comp_text(v, 1, at);
    let n1 = cx.decimal(v.component(2), at.comp(2))?;
    let sep = cx.comp_text(v, 3, at);
    let n2 = cx.decimal(v.component(4), at.comp(4));
    let mut q1 = fhir::Quantity {
        value: Some(Primitive::from(n1)),
        ..Default::default()
    };
    cx.units_into(&mut q1, units, At::field(6));
    match (sep.as_deref(), n2) {
        (Some("-"), Some(n2)) => {
            let mut q2 = fhir::Quantity {
                value: Some(Primitive::from(n2)),
                ..Default::default()
            };
            cx.units_into(&mut q2, units, At::field(6));
            Some(OV::Range(Box::new(fhir::Range {
                low: Some(q1),
                high: Some(q2),
                ..Default::default()
            })))
        }
        (Some(":" | "/"), Some(n2)) => {
            let q2 = fhir::Quantity {
                value: Some(Primitive::from(n2)),
                ..Default::default()
            };
            Some(OV::Ratio(Box::new(fhir::Ratio {
                numerator: Some(q1),
                denominator: Some(q2),
                ..Default::default()
            })))
        }
        (None, None) => {
            q1.comparator = match cmp.as_deref() {
                None | Some("=") => None,
                Some("<") => Some(Primitive::from(codes::QuantityComparator::LessThan)),
                Some("<=") => Some(Primitive::from(codes::QuantityComparator::LessOrEqualTo)),
                Some(">") => Some(Primitive::from(codes::QuantityComparator::GreaterThan)),
                Some(">=") => Some(Primitive::from(codes::QuantityComparator::GreaterOrEqualTo)),
                Some(_) => {
                    cx.issue(IssueKind::InvalidValue, Some(at.comp(1)));
                    return None;
                }
            };
            Some(OV::Quantity(Box::new(q1)))
        }
        _ => {
            cx.issue(IssueKind::InvalidValue, Some(at));
            None
        }
    }
}

// ---- NTE ---------------------------------------------------------------------------------

pub(crate) const NTE_FIELDS: &[u16] = &[1, 2, 3, 5, 6];

/// NTE → Annotation on the preceding resource (IG `NTE[Observation]`, `NTE[ServiceRequest]`).
pub(crate) fn nte(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut lines = Vec::new();
    for (r, v) in Cx::reps(f(s, 3)) {
        if let Some(t) = cx.text(Some(v), At::field(3).rep(r)) {
            lines.push(t);
        }
    }
    let target = cx.ctx.note_target;
    if lines.is_empty() {
        return target;
    }
    let author = cx.single(f(s, 5), 5);
    let author = cx.practitioner_ref(author, At::field(5));
    let note = Annotation {
        text: Some(Primitive::from(lines.join("\n"))),
        author: author.map(|r| fhir::AnnotationAuthor::Reference(Box::new(r))),
        time: cx.dtm1(s, 6),
        ..Default::default()
    };
    match cx.get_mut(target) {
        Some(Resource::Observation(o)) => o.note.push(note),
        Some(Resource::ServiceRequest(o)) => o.note.push(note),
        Some(Resource::Immunization(o)) => o.note.push(note),
        Some(Resource::Specimen(o)) => o.note.push(note),
        Some(Resource::AllergyIntolerance(o)) => o.note.push(note),
        Some(Resource::Condition(o)) => o.note.push(note),
        Some(Resource::Procedure(o)) => o.note.push(note),
        // NTE[Appointment-Comment]: R4 Appointment has no note; the R5 element as an
        // extension.
        Some(Resource::Appointment(a)) => a.extension.push(ext(
            "http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.note",
            ExtensionValue::Annotation(Box::new(note)),
        )),
        _ => {
            cx.issue(IssueKind::UnmappedSegment, None);
            return None;
        }
    }
    target
}

// ---- AL1, DG1, PR1 ---------------------------------------------------------------------------------

pub(crate) const AL1_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6];

/// AL1 → AllergyIntolerance (IG `AL1[AllergyIntolerance]`).
pub(crate) fn al1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut a = fhir::AllergyIntolerance {
        patient: cx.patient_ref(),
        ..Default::default()
    };
    if let Some(code) = cx.text(f(s, 2).and_then(|v| v.component(1)), At::field(2)) {
        if let Some(c) = cx.lookup(
            &t::ALLERGEN_TYPE_ALLERGY_INTOLERANCE_CATEGORY,
            &code,
            At::field(2),
        ) && let Some(cat) = codes::AllergyIntoleranceCategory::from_code(c.code)
        {
            a.category.push(Primitive::from(cat));
        }
        match code.as_str() {
            "DA" | "FA" | "EA" | "MA" | "PA" | "AA" | "LA" => {
                a.type_ = Some(Primitive::from(codes::AllergyIntoleranceType::Allergy))
            }
            "MC" | "DI" | "FI" | "EI" | "PI" | "AI" | "LI" => {
                a.type_ = Some(Primitive::from(codes::AllergyIntoleranceType::Intolerance))
            }
            _ => {}
        }
    }
    a.code = cx.cc1(s, 3, None);
    let sev = cx.single(f(s, 4), 4);
    a.criticality = cx.code_enum(
        sev,
        At::field(4),
        &t::ALLERGY_SEVERITY_ALLERGY_INTOLERANCE_CRITICALITY,
    );
    let reactions: Vec<CodeableConcept> = Cx::reps(f(s, 5))
        .filter_map(|(r, v)| {
            let text = cx.text(Some(v), At::field(5).rep(r))?;
            Some(CodeableConcept {
                text: Some(Primitive::from(text)),
                ..Default::default()
            })
        })
        .collect();
    if !reactions.is_empty() {
        a.reaction.push(fhir::AllergyIntoleranceReaction {
            manifestation: reactions,
            ..Default::default()
        });
    }
    if let Some(d) = cx.dtm1(s, 6) {
        a.onset = Some(fhir::AllergyIntoleranceOnset::DateTime(d));
    }
    a.clinical_status = Some(cc_of(
        "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
        "active",
        None,
    ));
    a.id = cx.id_of("AllergyIntolerance");
    let i = cx.push(Resource::AllergyIntolerance(Box::new(a)));
    cx.ctx.note_target = Some(i);
    Some(i)
}

/// The fields `dg1` reads (the walker uses `seg_episode::DG1_ALL_FIELDS`, a superset).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const DG1_FIELDS: &[u16] = &[1, 3, 4, 5, 6, 15, 16, 19];

/// DG1 → Condition (IG `DG1[Condition]`) and Encounter.diagnosis (`DG1[Encounter]`).
pub(crate) fn dg1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut c = fhir::Condition {
        subject: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        ..Default::default()
    };
    c.code = cx.cc1(s, 3, None);
    if c.code.is_none()
        && let Some(text) = cx.text(f(s, 4), At::field(4))
    {
        c.code = Some(CodeableConcept {
            text: Some(Primitive::from(text)),
            ..Default::default()
        });
    }
    if let Some(d) = cx.dtm1(s, 5) {
        c.onset = Some(fhir::ConditionOnset::DateTime(d));
    }
    let dtype = cx.cc1(s, 6, Some(&t::DIAGNOSIS_TYPE));
    let rank = cx
        .text(f(s, 15), At::field(15))
        .and_then(|r| super::dt::positive_int(&r));
    let diagnosing = cx.single(f(s, 16), 16);
    c.asserter = cx.practitioner_ref(diagnosing, At::field(16));
    c.recorded_date = cx.dtm1(s, 19);
    c.category.push(cc_of(
        "http://terminology.hl7.org/CodeSystem/condition-category",
        "encounter-diagnosis",
        Some("Encounter Diagnosis"),
    ));
    c.id = cx.id_of("Condition");
    let i = cx.push(Resource::Condition(Box::new(c)));
    let r = cx.reference(i);
    if let Some(Resource::Encounter(e)) = cx.get_mut(cx.ctx.encounter) {
        e.diagnosis.push(fhir::EncounterDiagnosis {
            condition: Some(r),
            use_: dtype,
            rank: rank.map(Primitive::from),
            ..Default::default()
        });
    }
    cx.ctx.condition = Some(i);
    cx.ctx.note_target = Some(i);
    Some(i)
}

pub(crate) const PR1_FIELDS: &[u16] = &[1, 3, 4, 5, 6, 12, 16, 19];

/// PR1 → Procedure (IG `PR1[Procedure]`).
pub(crate) fn pr1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut p = fhir::Procedure {
        subject: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        status: Some(Primitive::from(codes::EventStatus::Completed)),
        ..Default::default()
    };
    p.code = cx.cc1(s, 3, None);
    if p.code.is_none()
        && let Some(text) = cx.text(f(s, 4), At::field(4))
    {
        p.code = Some(CodeableConcept {
            text: Some(Primitive::from(text)),
            ..Default::default()
        });
    }
    if let Some(d) = cx.dtm1(s, 5) {
        p.performed = Some(fhir::ProcedurePerformed::DateTime(d));
    }
    p.category = cx.cc1(s, 6, None);
    for (r, v) in Cx::reps(f(s, 12)) {
        if let Some(i) = cx.xcn(v, At::field(12).rep(r)) {
            p.performer.push(fhir::ProcedurePerformer {
                actor: Some(cx.reference(i)),
                ..Default::default()
            });
        }
    }
    p.body_site = cx.ccs(s, 16, None);
    if let Some(v) = cx.single(f(s, 19), 19) {
        p.identifier.extend(cx.ei(Some(v), At::field(19)));
    }
    p.id = cx.id_of("Procedure");
    let i = cx.push(Resource::Procedure(Box::new(p)));
    cx.ctx.note_target = Some(i);
    Some(i)
}

// ---- IN1 ---------------------------------------------------------------------------------

pub(crate) const IN1_FIELDS: &[u16] = &[1, 2, 3, 4, 8, 12, 13, 17, 22, 36];

/// IN1 → Coverage (IG `IN1[Coverage]`), the insurer an Organization.
pub(crate) fn in1(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut c = fhir::Coverage {
        beneficiary: cx.patient_ref(),
        status: Some(Primitive::from(codes::FinancialResourceStatusCodes::Active)),
        ..Default::default()
    };
    if let Some(v) = cx.single(f(s, 2), 2)
        && let Some(cc) = cx.cwe(Some(v), At::field(2), None)
        && let Some(value) = cc.coding.first().and_then(|c| c.code.clone())
    {
        c.identifier.push(Identifier {
            value: Some(value),
            ..Default::default()
        });
    }
    let mut payor = None;
    let ids = cx.identifiers(s, 3);
    let name = cx.text(f(s, 4).and_then(|v| v.component(1)), At::field(4));
    if name.is_some() || !ids.is_empty() {
        let key = format!(
            "Organization|in1|{}|{}",
            String::from_utf8_lossy(f(s, 3).map_or(&b""[..], |v| v.raw())),
            name.as_deref().unwrap_or("")
        );
        let idx = match cx.keyed(&key) {
            Some(i) => i,
            None => {
                let org = fhir::Organization {
                    id: cx.id_of("Organization"),
                    identifier: ids,
                    name: name.map(Primitive::from),
                    ..Default::default()
                };
                let i = cx.push(Resource::Organization(Box::new(org)));
                cx.remember(key, i);
                i
            }
        };
        payor = Some(cx.reference(idx));
    }
    c.payor.extend(payor.clone());
    if c.payor.is_empty() {
        // Coverage.payor is required (1..*): without IN1-3/4, the patient's own reference
        // says nothing true; use a display-only reference.
        c.payor.push(Reference {
            display: Some(Primitive::from("unknown")),
            ..Default::default()
        });
    }
    if let Some(group) = cx.text(f(s, 8), At::field(8)) {
        c.class.push(fhir::CoverageClass {
            type_: Some(cc_of(
                "http://terminology.hl7.org/CodeSystem/coverage-class",
                "group",
                None,
            )),
            value: Some(Primitive::from(group)),
            ..Default::default()
        });
    }
    let start = cx.single(f(s, 12), 12);
    let end = cx.single(f(s, 13), 13);
    c.period = cx.period(start, end, At::field(12), At::field(13));
    c.relationship = cx.cc1(s, 17, None);
    if let Some(order) = cx.text(f(s, 22), At::field(22)) {
        match super::dt::positive_int(&order) {
            Some(n) => c.order = Some(Primitive::from(n)),
            None => cx.issue(IssueKind::InvalidValue, Some(At::field(22))),
        }
    }
    c.subscriber_id = cx.text(f(s, 36), At::field(36)).map(Primitive::from);
    c.id = cx.id_of("Coverage");
    Some(cx.push(Resource::Coverage(Box::new(c))))
}

// ---- RXA / RXR ---------------------------------------------------------------------------------

pub(crate) const RXA_FIELDS: &[u16] = &[1, 2, 3, 5, 6, 7, 9, 10, 11, 15, 16, 17, 18, 20, 21];

/// RXA → Immunization (IG `RXA[Immunization]`).
pub(crate) fn rxa(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut im = fhir::Immunization {
        patient: cx.patient_ref(),
        encounter: cx.encounter_ref(),
        ..Default::default()
    };
    // The ORC before (IG ORC[Immunization]) gives the identifiers.
    if let Some(Resource::ServiceRequest(sr)) = cx.get_mut(cx.ctx.order) {
        im.identifier = sr.identifier.clone();
    }
    if let Some(d) = cx.dtm1(s, 3) {
        im.occurrence = Some(fhir::ImmunizationOccurrence::DateTime(d));
    } else {
        im.occurrence = Some(fhir::ImmunizationOccurrence::String(Primitive::from(
            "unknown",
        )));
    }
    im.vaccine_code = cx.cc1(s, 5, None);
    if let Some(amount) = cx.text(f(s, 6), At::field(6))
        && amount != "999"
        && let Some(d) = cx.decimal(f(s, 6), At::field(6))
    {
        let mut q = fhir::Quantity {
            value: Some(Primitive::from(d)),
            ..Default::default()
        };
        let u = cx.single(f(s, 7), 7);
        cx.units_into(&mut q, u, At::field(7));
        im.dose_quantity = Some(q);
    }
    // RXA-9: administration notes; "00" new record → primary source.
    for (r, v) in Cx::reps(f(s, 9)) {
        if let Some(cc) = cx.cwe(Some(v), At::field(9).rep(r), None) {
            let code = cc
                .coding
                .first()
                .and_then(|c| c.code.as_ref())
                .and_then(|c| c.as_str())
                .map(str::to_owned);
            match code.as_deref() {
                Some("00") => im.primary_source = Some(Primitive::from(true)),
                Some("01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09") => {
                    im.primary_source = Some(Primitive::from(false))
                }
                _ => {}
            }
            if im.report_origin.is_none()
                && code.as_deref() != Some("00")
                && im.primary_source.is_some()
            {
                im.report_origin = Some(cc);
            } else {
                im.note.push(Annotation {
                    text: cc.text.clone().or_else(|| {
                        cc.coding
                            .first()
                            .and_then(|c| c.display.clone())
                            .or_else(|| cc.coding.first().and_then(|c| c.code.clone()))
                    }),
                    ..Default::default()
                });
            }
        }
    }
    for (r, v) in Cx::reps(f(s, 10)) {
        if let Some(i) = cx.xcn(v, At::field(10).rep(r)) {
            im.performer.push(fhir::ImmunizationPerformer {
                actor: Some(cx.reference(i)),
                function: Some(cc_of(
                    "http://terminology.hl7.org/CodeSystem/v2-0443",
                    "AP",
                    Some("Administering Provider"),
                )),
                ..Default::default()
            });
        }
    }
    if let Some(v) = cx.single(f(s, 11), 11) {
        // LA2: the facility is component 4 (HD): a Location.
        let fac = cx.text(
            v.component(4).and_then(|c| c.subcomponent(1)),
            At::field(11).comp(4),
        );
        if let Some(name) = fac {
            let key = format!("Location|{name}");
            let idx = match cx.keyed(&key) {
                Some(i) => i,
                None => {
                    let loc = fhir::Location {
                        id: cx.id_of("Location"),
                        name: Some(Primitive::from(name.clone())),
                        identifier: vec![Identifier {
                            value: Some(Primitive::from(name)),
                            ..Default::default()
                        }],
                        ..Default::default()
                    };
                    let i = cx.push(Resource::Location(Box::new(loc)));
                    cx.remember(key, i);
                    i
                }
            };
            im.location = Some(cx.reference(idx));
        }
    }
    let lots: Vec<_> = Cx::reps(f(s, 15)).collect();
    for (r, _) in lots.iter().skip(1) {
        cx.issue(IssueKind::ExtraRepetition, Some(At::field(15).rep(*r)));
    }
    if let Some(&(_, v)) = lots.first() {
        im.lot_number = cx.text(Some(v), At::field(15)).map(Primitive::from);
    }
    let exp = cx.single(f(s, 16), 16);
    im.expiration_date = cx.dtm_date(exp, At::field(16));
    if let Some(v) = cx.single(f(s, 17), 17)
        && let Some(cc) = cx.cwe(Some(v), At::field(17), None)
    {
        let name = cc
            .coding
            .first()
            .and_then(|c| c.display.as_ref())
            .and_then(|d| d.as_str())
            .map(str::to_owned);
        let code = cc
            .coding
            .first()
            .and_then(|c| c.code.as_ref())
            .and_then(|d| d.as_str())
            .map(str::to_owned);
        let key = format!("Organization|mvx|{}", code.as_deref().unwrap_or(""));
        let idx = match cx.keyed(&key) {
            Some(i) => i,
            None => {
                let org = fhir::Organization {
                    id: cx.id_of("Organization"),
                    name: name.or(code.clone()).map(Primitive::from),
                    identifier: code
                        .map(|c| Identifier {
                            system: Some(Primitive::from(
                                "http://terminology.hl7.org/CodeSystem/MVX",
                            )),
                            value: Some(Primitive::from(c)),
                            ..Default::default()
                        })
                        .into_iter()
                        .collect(),
                    ..Default::default()
                };
                let i = cx.push(Resource::Organization(Box::new(org)));
                cx.remember(key, i);
                i
            }
        };
        im.manufacturer = Some(cx.reference(idx));
    }
    im.status_reason = cx.cc1(s, 18, None);
    let cs = cx.text(f(s, 20), At::field(20));
    im.status = Some(Primitive::from(match cs.as_deref() {
        Some("CP" | "PA") | None => codes::ImmunizationStatusCodes::Completed,
        Some("RE" | "NA") => codes::ImmunizationStatusCodes::NotDone,
        Some(_) => {
            cx.issue(
                IssueKind::UnknownCode {
                    map: t::COMPLETION_STATUS.name,
                },
                Some(At::field(20)),
            );
            codes::ImmunizationStatusCodes::Completed
        }
    }));
    if cx.text(f(s, 21), At::field(21)).as_deref() == Some("D") {
        im.status = Some(Primitive::from(
            codes::ImmunizationStatusCodes::EnteredInError,
        ));
    }
    if let Some(d) = cx.dtm1(s, 22) {
        im.recorded = Some(d);
    }
    im.vaccine_code.get_or_insert(CodeableConcept {
        coding: vec![Coding {
            system: Some(Primitive::from(
                "http://terminology.hl7.org/CodeSystem/data-absent-reason",
            )),
            code: Some(Primitive::from("unknown")),
            ..Default::default()
        }],
        ..Default::default()
    });
    im.id = cx.id_of("Immunization");
    let i = cx.push(Resource::Immunization(Box::new(im)));
    cx.ctx.immunization = Some(i);
    cx.ctx.note_target = Some(i);
    Some(i)
}

pub(crate) const RXR_FIELDS: &[u16] = &[1, 2];

/// RXR → Immunization.route / site (IG `RXR[Immunization]`).
pub(crate) fn rxr(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let route = cx.cc1(s, 1, Some(&t::ROUTE_OF_ADMINISTRATION));
    let site = cx.cc1(s, 2, None);
    let i = cx.ctx.immunization;
    match cx.get_mut(i) {
        Some(Resource::Immunization(im)) => {
            im.route = route;
            im.site = site;
            i
        }
        _ => {
            cx.issue(IssueKind::UnmappedSegment, None);
            None
        }
    }
}

// ---- SPM ---------------------------------------------------------------------------------

pub(crate) const SPM_FIELDS: &[u16] = &[1, 2, 4, 6, 7, 8, 17, 18, 20, 27];

/// SPM → Specimen (IG `SPM[Specimen]`).
pub(crate) fn spm(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut sp = fhir::Specimen {
        subject: cx.patient_ref(),
        ..Default::default()
    };
    if let Some(v) = cx.single(f(s, 2), 2) {
        // EIP: placer then filler, each an EI whose parts are subcomponents.
        for (n, code) in [(1usize, "PGN"), (2, "FGN")] {
            if let Some(c) = v.component(n)
                && let Some(value) = cx.text(c.subcomponent(1), At::field(2).comp(n as u16))
            {
                sp.identifier.push(Identifier {
                    value: Some(Primitive::from(value)),
                    type_: Some(cc_of(V2_0203, code, None)),
                    ..Default::default()
                });
            }
        }
    }
    sp.type_ = cx.cc1(s, 4, Some(&t::SPECIMEN_TYPE));
    let site = cx.cc1(s, 8, Some(&t::SPECIMEN_SOURCE_SITE));
    // SPM-7 → collection.method (SpecimenCollectionMethod).
    let method = cx.cc1(s, 7, Some(&t::SPECIMEN_COLLECTION_METHOD));
    // SPM-6 → container additive, SPM-27 → container type.
    let additive = cx.cc1(s, 6, Some(&t::ADDITIVE_PRESERVATIVE));
    let container = cx.cc1(s, 27, Some(&t::CONTAINER_TYPE));
    if additive.is_some() || container.is_some() {
        sp.container.push(fhir::SpecimenContainer {
            type_: container,
            additive: additive
                .map(|a| fhir::SpecimenContainerAdditive::CodeableConcept(Box::new(a))),
            ..Default::default()
        });
    }
    let start = cx.single(f(s, 17), 17);
    let collected = match start {
        Some(v) => {
            let s1 = v.component(1).and_then(|c| c.subcomponent(1));
            let s2 = v.component(2).and_then(|c| c.subcomponent(1));
            if s2.is_some_and(|x| !x.is_empty()) {
                cx.period(s1, s2, At::field(17).comp(1), At::field(17).comp(2))
                    .map(|p| fhir::SpecimenCollectionCollected::Period(Box::new(p)))
            } else {
                cx.dtm(s1, At::field(17).comp(1))
                    .map(fhir::SpecimenCollectionCollected::DateTime)
            }
        }
        None => None,
    };
    if site.is_some() || collected.is_some() || method.is_some() {
        sp.collection = Some(fhir::SpecimenCollection {
            body_site: site,
            collected,
            method,
            ..Default::default()
        });
    }
    sp.received_time = cx.dtm1(s, 18);
    // SPM-20 → status (YesNoIndicator[AvailabilityStatus]).
    let avail = cx.single(f(s, 20), 20);
    sp.status = cx.code_enum(
        avail,
        At::field(20),
        &t::YES_NO_INDICATOR_AVAILABILITY_STATUS,
    );
    if let Some(o) = cx.ctx.order {
        sp.request.push(cx.reference(o));
    }
    sp.id = cx.id_of("Specimen");
    let i = cx.push(Resource::Specimen(Box::new(sp)));
    let r = cx.reference(i);
    if let Some(Resource::DiagnosticReport(dr)) = cx.get_mut(cx.ctx.report) {
        dr.specimen.push(r.clone());
    }
    if let Some(Resource::ServiceRequest(sr)) = cx.get_mut(cx.ctx.order) {
        sr.specimen.push(r);
    }
    cx.ctx.specimen = Some(i);
    cx.ctx.note_target = Some(i);
    Some(i)
}

// ---- MRG ---------------------------------------------------------------------------------

pub(crate) const MRG_FIELDS: &[u16] = &[1, 3, 7];

/// MRG → the merged-away patient, linked from the surviving one (`Patient.link` `replaces`).
pub(crate) fn mrg(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut old = fhir::Patient {
        active: Some(Primitive::from(false)),
        ..Default::default()
    };
    // MRG-3 is the prior account number: MRG[Account], not a patient identifier.
    old.identifier = cx.identifiers(s, 1);
    old.name = cx.names(s, 7);
    if old.identifier.is_empty() && old.name.is_empty() {
        return None;
    }
    if let Some(p) = cx.patient_ref() {
        old.link.push(fhir::PatientLink {
            other: Some(p),
            type_: Some(Primitive::from(codes::LinkType::ReplacedBy)),
            ..Default::default()
        });
    }
    old.id = cx.id_of("Patient");
    let i = cx.push(Resource::Patient(Box::new(old)));
    let r = cx.reference(i);
    if let Some(Resource::Patient(p)) = cx.get_mut(cx.ctx.patient) {
        p.link.push(fhir::PatientLink {
            other: Some(r),
            type_: Some(Primitive::from(codes::LinkType::Replaces)),
            ..Default::default()
        });
    }
    Some(i)
}

// ---- TXA ---------------------------------------------------------------------------------

#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const TXA_FIELDS: &[u16] = &[1, 2, 4, 8, 9, 12, 13, 17, 18, 21, 23];

/// TXA → DocumentReference (IG `TXA[DocumentReference]`); OBX text after it is the content.
pub(crate) fn txa(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut d = fhir::DocumentReference {
        subject: cx.patient_ref(),
        status: Some(Primitive::from(codes::DocumentReferenceStatus::Current)),
        ..Default::default()
    };
    d.type_ = cx.cc1(s, 2, None);
    // TXA-18 → securityLabel (DocumentConfidentialityStatus).
    d.security_label
        .extend(cx.cc1(s, 18, Some(&t::DOCUMENT_CONFIDENTIALITY_STATUS)));
    let activity = cx.single(f(s, 4), 4);
    d.date = cx.dtm_instant(activity, At::field(4));
    for (r, v) in Cx::reps(f(s, 9)) {
        if let Some(i) = cx.xcn(v, At::field(9).rep(r)) {
            d.author.push(cx.reference(i));
        }
    }
    if let Some(v) = cx.single(f(s, 12), 12)
        && let Some(id) = cx.ei(v.component(1).map(|_| v), At::field(12))
    {
        d.master_identifier = Some(id);
    }
    if let Some(v) = cx.single(f(s, 13), 13) {
        d.identifier.extend(cx.ei(Some(v), At::field(13)));
    }
    let status = cx.text(f(s, 17), At::field(17));
    d.doc_status = match status.as_deref() {
        Some("AU" | "LA") => Some(Primitive::from(codes::CompositionStatus::Final)),
        Some("PA" | "IP" | "DI" | "DO" | "IN") => {
            Some(Primitive::from(codes::CompositionStatus::Preliminary))
        }
        Some(_) | None => None,
    };
    if let Some(enc) = cx.encounter_ref() {
        d.context = Some(fhir::DocumentReferenceContext {
            encounter: vec![enc],
            ..Default::default()
        });
    }
    d.id = cx.id_of("DocumentReference");
    let i = cx.push(Resource::DocumentReference(Box::new(d)));
    cx.ctx.document = Some(i);
    Some(i)
}

// ---- SCH / AIS / AIG / AIL / AIP ---------------------------------------------------------------------------------

pub(crate) const SCH_FIELDS: &[u16] = &[1, 2, 6, 7, 8, 11, 20, 25, 26, 27];

/// SCH → Appointment (IG `SCH[Appointment]`).
pub(crate) fn sch(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut a = fhir::Appointment::default();
    a.identifier.extend(placer_filler(cx, s, 1, "PLAC"));
    a.identifier.extend(placer_filler(cx, s, 2, "FILL"));
    a.reason_code.extend(cx.cc1(s, 6, None));
    a.reason_code
        .extend(cx.cc1(s, 7, Some(&t::APPOINTMENT_REASON_CODES)));
    a.appointment_type = cx.cc1(s, 8, Some(&t::APPOINTMENT_TYPE_CODES));
    if let Some(v) = cx.single(f(s, 11), 11) {
        // TQ: component 4 start, 5 end (TS: parts are subcomponents).
        let st = v.component(4).and_then(|c| c.subcomponent(1));
        let en = v.component(5).and_then(|c| c.subcomponent(1));
        a.start = cx.dtm_instant(st.filter(|x| !x.is_empty()), At::field(11).comp(4));
        a.end = cx.dtm_instant(en.filter(|x| !x.is_empty()), At::field(11).comp(5));
    }
    let st = cx.single(f(s, 25), 25);
    a.status = cx.code_enum(st, At::field(25), &t::FILLER_STATUS_CODES_APPOINTMENT);
    a.status
        .get_or_insert(Primitive::from(codes::AppointmentStatus::Booked));
    a.id = cx.id_of("Appointment");
    let i = cx.push(Resource::Appointment(Box::new(a)));
    cx.ctx.appointment = Some(i);
    cx.appointments.push((i, cx.pos));
    cx.ctx.note_target = Some(i);
    Some(i)
}

/// After the PID in a scheduling message: the patient takes part in the appointment.
pub(crate) fn appointment_patient(cx: &mut Cx<'_>) {
    let Some(p) = cx.patient_ref() else { return };
    if let Some(Resource::Appointment(a)) = cx.get_mut(cx.ctx.appointment) {
        // PID[Appointment]: the R5 Appointment.subject as an extension, and a participant.
        a.extension.push(ext(
            "http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.subject",
            ExtensionValue::Reference(Box::new(p.clone())),
        ));
        a.participant.push(fhir::AppointmentParticipant {
            actor: Some(p),
            status: Some(Primitive::from(codes::ParticipationStatus::Accepted)),
            ..Default::default()
        });
    }
}

pub(crate) const AIX_FIELDS: &[u16] = &[1, 3, 4];

/// AIS/AIG/AIL/AIP → Appointment.participant (IG `AIS/AIG/AIL/AIP[Appointment]`).
pub(crate) fn ai(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>, kind: &[u8]) -> Option<usize> {
    let actor = match kind {
        b"AIP" => {
            let v = cx.single(f(s, 3), 3);
            cx.practitioner_ref(v, At::field(3))
        }
        b"AIL" => {
            let v = cx.single(f(s, 3), 3);
            match v {
                Some(v) => cx.pl(v, At::field(3)).map(|i| cx.reference(i)),
                None => None,
            }
        }
        _ => None,
    };
    // AIS-3/AIG-3 are codes; AIP-3/AIL-3 (a person, a location) were read above.
    let role = if kind == b"AIS" || kind == b"AIG" {
        cx.cc1(s, 3, None)
    } else {
        None
    };
    let role4 = if kind == b"AIP" || kind == b"AIL" {
        cx.cc1(s, 4, None)
    } else {
        None
    };
    let i = cx.ctx.appointment;
    match cx.get_mut(i) {
        Some(Resource::Appointment(a)) => {
            if kind == b"AIS" {
                a.service_type.extend(role);
                return i;
            }
            let mut part = fhir::AppointmentParticipant {
                actor,
                status: Some(Primitive::from(codes::ParticipationStatus::NeedsAction)),
                ..Default::default()
            };
            part.type_.extend(role.or(role4));
            if part.actor.is_none() && part.type_.is_empty() {
                return i;
            }
            a.participant.push(part);
            i
        }
        _ => {
            cx.issue(IssueKind::UnmappedSegment, None);
            None
        }
    }
}

// ---- SFT ---------------------------------------------------------------------------------

pub(crate) const SFT_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 6];

/// The R5 extension the IG names for SFT-6 (`SFT[Device]`, `version.extension[1].url`).
const DEVICE_INSTALL_DATE: &str =
    "https://hl7.org/fhir/5.0/StructureDefinition/extension-Device.version.installDate";

/// SFT → Device (IG `SFT[Device]`) and, for the first SFT, the MessageHeader's
/// `source.version` and `source.software` (IG `SFT[MessageHeader]`; its other rows name
/// extensions without a URL, so SFT-1/4/5/6 go to the Device only).
pub(crate) fn sft(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let version = {
        let v = cx.single(f(s, 2), 2);
        cx.text(v, At::field(2))
    };
    let product = {
        let v = cx.single(f(s, 3), 3);
        cx.text(v, At::field(3))
    };
    let mut d = fhir::Device::default();
    // SFT-1 → manufacturer (XON[string]: XON.1) when XON.10 is not valued; the IG keeps an
    // XON.10 organization for an R6 extension that does not exist yet.
    if let Some(v) = cx.single(f(s, 1), 1) {
        d.manufacturer = cx.comp_pstr(v, 1, At::field(1));
        if d.manufacturer.is_none() {
            // XON[string]: XON.10 when XON.1 is not valued.
            d.manufacturer = cx.comp_pstr(v, 10, At::field(1));
        } else if v.component(10).is_some_and(|c| !c.is_empty()) {
            cx.issue(IssueKind::UnmappedField, Some(At::field(1).comp(10)));
        }
    }
    let install = {
        let v = cx.single(f(s, 6), 6);
        cx.dtm(v, At::field(6))
    };
    if let Some(value) = version.clone() {
        let mut dv = fhir::DeviceVersion {
            value: Some(Primitive::from(value)),
            ..Default::default()
        };
        if let Some(dt) = install {
            dv.extension
                .push(ext(DEVICE_INSTALL_DATE, ExtensionValue::DateTime(dt)));
        }
        d.version.push(dv);
    } else if install.is_some() {
        // Device.version.value is required: an install date alone has no place.
        cx.issue(IssueKind::UnmappedField, Some(At::field(6)));
    }
    if let Some(name) = product.clone() {
        d.device_name.push(fhir::DeviceDeviceName {
            name: Some(Primitive::from(name)),
            type_: Some(Primitive::from(codes::DeviceNameType::ManufacturerName)),
            ..Default::default()
        });
    }
    d.model_number = {
        let v = cx.single(f(s, 4), 4);
        cx.text(v, At::field(4)).map(Primitive::from)
    };
    if let Some(text) = {
        let v = cx.single(f(s, 5), 5);
        cx.text(v, At::field(5))
    } {
        d.note.push(Annotation {
            text: Some(Primitive::from(text)),
            ..Default::default()
        });
    }
    if cx.ctx.software.is_none()
        && let Some(Resource::MessageHeader(h)) = cx.get_mut(cx.ctx.header)
        && let Some(src) = h.source.as_mut()
    {
        src.version = version.map(Primitive::from);
        src.software = product.map(Primitive::from);
    }
    d.id = cx.id_of("Device");
    let i = cx.push(Resource::Device(Box::new(d)));
    cx.ctx.software.get_or_insert(i);
    Some(i)
}

// ---- MSA ---------------------------------------------------------------------------------

pub(crate) const MSA_FIELDS: &[u16] = &[1, 2];

/// MSA → MessageHeader.response (IG `MSA[MessageHeader]`). The IG names no vocabulary map
/// for MSA-1; table 0008 is read as: accept → `ok`, error → `fatal-error` (the content
/// was wrong; resending it unchanged fails again), reject → `transient-error` (refused for
/// reasons unrelated to the content).
pub(crate) fn msa(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let code = {
        let v = cx.single(f(s, 1), 1);
        cx.code_text(v, At::field(1))
    };
    let code = code.and_then(|c| {
        let r = match c.as_str() {
            "AA" | "CA" => Some(codes::ResponseType::Ok),
            "AE" | "CE" => Some(codes::ResponseType::FatalError),
            "AR" | "CR" => Some(codes::ResponseType::TransientError),
            _ => None,
        };
        if r.is_none() {
            cx.issue(
                IssueKind::UnknownCode {
                    map: "AcknowledgmentCode",
                },
                Some(At::field(1)),
            );
        }
        r
    });
    let ident = {
        let v = cx.single(f(s, 2), 2);
        cx.text(v, At::field(2))
    };
    // response.identifier is an `id`: a control id with other characters cannot be one.
    let ident = ident.filter(|id| {
        let ok = fhir::PrimitiveType::Id.is_valid(id);
        if !ok {
            cx.issue(IssueKind::InvalidValue, Some(At::field(2)));
        }
        ok
    });
    let header = cx.ctx.header;
    let Some(Resource::MessageHeader(h)) = cx.get_mut(header) else {
        cx.issue(IssueKind::MissingContext, None);
        return None;
    };
    // Both are required (1..1): without either, no response element is valid.
    match (code, ident) {
        (Some(code), Some(id)) => {
            h.response = Some(fhir::MessageHeaderResponse {
                identifier: Some(Primitive::from(id)),
                code: Some(Primitive::from(code)),
                ..Default::default()
            });
        }
        (Some(_), None) => cx.issue(IssueKind::UnmappedField, Some(At::field(1))),
        (None, Some(_)) => cx.issue(IssueKind::UnmappedField, Some(At::field(2))),
        (None, None) => {}
    }
    header
}

// ---- IAM ---------------------------------------------------------------------------------

pub(crate) const IAM_FIELDS: &[u16] = &[1, 2, 3, 4, 5, 7, 11, 12, 13, 17, 27];

const ALLERGY_CLINICAL: &str = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";

/// IAM → AllergyIntolerance (IG `IAM[AllergyIntolerance]`). IAM-14/15 (recorder as a
/// Practitioner, the Patient or a RelatedPerson) are reported, not mapped.
pub(crate) fn iam(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let mut a = fhir::AllergyIntolerance {
        patient: cx.patient_ref(),
        ..Default::default()
    };
    let typ = cx.single(f(s, 2), 2);
    if let Some(code) = cx.text(typ.and_then(|v| v.component(1)), At::field(2)) {
        if let Some(c) = cx.lookup(
            &t::ALLERGEN_TYPE_ALLERGY_INTOLERANCE_CATEGORY,
            &code,
            At::field(2),
        ) && let Some(cat) = codes::AllergyIntoleranceCategory::from_code(c.code)
        {
            a.category.push(Primitive::from(cat));
        }
        // AllergyType lists the allergy codes only: others leave `type` empty.
        a.type_ = t::ALLERGY_TYPE
            .get(&code)
            .and_then(|c| codes::AllergyIntoleranceType::from_code(c.code))
            .map(Primitive::from);
    }
    a.code = cx.cc1(s, 3, None);
    if a.code.is_none() {
        a.code = cx.cc1(s, 27, None);
    } else if f(s, 27).is_some() {
        // Both IAM-3 and IAM-27 go to code[1]: the allergen code wins.
        cx.issue(IssueKind::ExtraRepetition, Some(At::field(27)));
    }
    let sev = cx.single(f(s, 4), 4);
    a.criticality = cx.code_enum(
        sev,
        At::field(4),
        &t::ALLERGY_SEVERITY_ALLERGY_INTOLERANCE_CRITICALITY,
    );
    let severity = sev
        .and_then(|v| v.component(1))
        .and_then(|c| c.text().ok())
        .and_then(|code| t::ALLERGY_SEVERITY_ALLERGY_INTOLERANCE_REACTION_SEVERITY.get(code.trim()))
        .and_then(|c| codes::AllergyIntoleranceSeverity::from_code(c.code));
    let reaction = {
        let v = cx.single(f(s, 5), 5);
        cx.text(v, At::field(5))
    };
    if let Some(text) = reaction {
        a.reaction.push(fhir::AllergyIntoleranceReaction {
            manifestation: vec![CodeableConcept {
                text: Some(Primitive::from(text)),
                ..Default::default()
            }],
            severity: severity.map(Primitive::from),
            ..Default::default()
        });
    }
    if let Some(v) = cx.single(f(s, 7), 7) {
        a.identifier.extend(cx.ei(Some(v), At::field(7)));
    }
    if let Some(d) = cx.dtm1(s, 11) {
        a.onset = Some(fhir::AllergyIntoleranceOnset::DateTime(d));
    } else if let Some(text) = {
        let v = cx.single(f(s, 12), 12);
        cx.text(v, At::field(12))
    } {
        a.onset = Some(fhir::AllergyIntoleranceOnset::String(Primitive::from(text)));
    }
    a.recorded_date = cx.dtm1(s, 13);
    // IAM-17 → clinicalStatus (CWE[CodeableConcept]); the required binding admits only the
    // allergyintolerance-clinical codes, otherwise the IG's assigned "active" stays.
    let status = {
        let v = cx.single(f(s, 17), 17);
        cx.code_text(v.and_then(|v| v.component(1)), At::field(17))
    };
    let status = match status.as_deref() {
        Some("active") => "active",
        Some("inactive") => "inactive",
        Some("resolved") => "resolved",
        Some(_) => {
            cx.issue(
                IssueKind::UnknownCode {
                    map: "AllergyIntoleranceClinicalStatusCodes",
                },
                Some(At::field(17)),
            );
            "active"
        }
        None => "active",
    };
    a.clinical_status = Some(cc_of(ALLERGY_CLINICAL, status, None));
    a.id = cx.id_of("AllergyIntolerance");
    let i = cx.push(Resource::AllergyIntolerance(Box::new(a)));
    cx.ctx.note_target = Some(i);
    Some(i)
}
