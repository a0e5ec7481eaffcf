//! Datatype maps: v2 datatypes → FHIR datatypes (and shared resources such as
//! `Practitioner`, `Organization` and `Location`, made once per content).

use std::borrow::Cow;

use fhir::codes::{self, Code};
use fhir::{
    Address, CodeableConcept, Coding, ContactPoint, Decimal, Extension, ExtensionValue, HumanName,
    Identifier, Period, Primitive, Quantity, Reference, Resource,
};
use hl7v2::Value;

use super::IssueKind;
use super::ctx::{At, Cx};
use super::tables as t;
use super::time::{self, Converted};
use super::vocab::{self, ConceptMap};

/// Component access: on a [`Value`] each lookup walks the separators again; [`Comps`]
/// splits once, for datatypes read component by component.
pub(crate) trait CompSource<'m, 'a: 'm>: Copy {
    fn comp(self, n: usize) -> Option<Value<'m, 'a>>;
}

impl<'m, 'a> CompSource<'m, 'a> for Value<'m, 'a> {
    fn comp(self, n: usize) -> Option<Value<'m, 'a>> {
        self.component(n)
    }
}

/// The first `N` components of a value, split once.
pub(crate) struct Comps<'m, 'a, const N: usize> {
    parts: [Option<Value<'m, 'a>>; N],
    raw: &'a [u8],
}

impl<'m, 'a, const N: usize> Comps<'m, 'a, N> {
    pub(crate) fn new(v: Value<'m, 'a>) -> Self {
        let mut c = Comps {
            parts: [None; N],
            raw: v.raw(),
        };
        for (slot, part) in c.parts.iter_mut().zip(v.components()) {
            *slot = Some(part);
        }
        c
    }

    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw
    }
}

impl<'m, 'a, const N: usize> CompSource<'m, 'a> for &Comps<'m, 'a, N> {
    fn comp(self, n: usize) -> Option<Value<'m, 'a>> {
        self.parts.get(n.checked_sub(1)?).copied().flatten()
    }
}

/// A short value's bytes (with what else its conversion depends on, as a tag) as a memo key.
#[derive(Clone, Copy)]
pub(crate) struct MemoKey {
    tag: usize,
    len: usize,
    bytes: [u8; 40],
}

impl MemoKey {
    /// `None` for values longer than 40 bytes (not memoised).
    fn new(tag: usize, raw: &[u8]) -> Option<MemoKey> {
        let mut bytes = [0u8; 40];
        bytes.get_mut(..raw.len())?.copy_from_slice(raw);
        Some(MemoKey {
            tag,
            len: raw.len(),
            bytes,
        })
    }

    fn bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl PartialEq for MemoKey {
    fn eq(&self, other: &MemoKey) -> bool {
        self.tag == other.tag && self.len == other.len && self.bytes() == other.bytes()
    }
}

/// The memo tag of a CWE: its level (a field's components are its first repetition's)
/// and its concept map.
fn memo_tag(level: hl7v2::Level, map: Option<&'static ConceptMap>) -> usize {
    let level = match level {
        hl7v2::Level::Field => 0,
        hl7v2::Level::Repetition => 1,
        hl7v2::Level::Component => 2,
        _ => 3,
    };
    // Concept maps are statics: their address names them (and is a multiple of 8).
    map.map_or(0, |m| m as *const ConceptMap as usize) | level
}

const MEMO_SLOTS: usize = 8;

/// Conversions of values repeated within a message (see [`Cx::cwe`], [`Cx::dtm`]): a few
/// recent keys each, replaced in turn.
#[derive(Default)]
pub(crate) struct Memo {
    /// CWE keys seen, with their concept once seen twice.
    cwe: [Option<(MemoKey, Option<Option<CodeableConcept>>)>; MEMO_SLOTS],
    cwe_next: usize,
    dtm: [Option<(MemoKey, time::Lexical)>; MEMO_SLOTS],
    dtm_next: usize,
}

impl Memo {
    fn cwe_find(&self, key: &MemoKey) -> Option<Option<&Option<CodeableConcept>>> {
        self.cwe
            .iter()
            .flatten()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    fn cwe_put(&mut self, key: MemoKey, value: Option<Option<CodeableConcept>>) {
        if let Some(slot) = self.cwe.iter_mut().flatten().find(|(k, _)| *k == key) {
            slot.1 = value;
            return;
        }
        if let Some(slot) = self.cwe.get_mut(self.cwe_next % MEMO_SLOTS) {
            *slot = Some((key, value));
        }
        self.cwe_next = self.cwe_next.wrapping_add(1);
    }

    fn dtm_find(&self, key: &MemoKey) -> Option<&time::Lexical> {
        self.dtm
            .iter()
            .flatten()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn dtm_put(&mut self, key: MemoKey, value: time::Lexical) {
        if let Some(slot) = self.dtm.get_mut(self.dtm_next % MEMO_SLOTS) {
            *slot = Some((key, value));
        }
        self.dtm_next = self.dtm_next.wrapping_add(1);
    }
}

/// Concept maps the conversion applies (for [`super::coverage`]).
pub(crate) const VOCAB_USED: &[&str] = &[
    "AdministrativeSex",
    "NameAssemblyOrder",
    "AllergenType[AllergyIntoleranceOriginalCategory]",
    "AllergySeverity[AllergyIntolerance.criticality-original]",
    "BedStatus",
    "ConfidentialityClassification",
    "TestServiceDefaultDurationUnits",
    "Event[EncounterStatus]",
    "PatientClass[EncounterStatus]",
    "OrderType",
    "MaritalStatus",
    "Religion",
    "PrimaryLanguage",
    "NameType",
    "AddressType[Type]",
    "AddressType[Use]",
    "TelecommunicationUseCode",
    "TelecommunicationEquipmentType",
    "IdentifierType",
    "PatientClass[EncounterClass]",
    "AdmissionType",
    "HospitalService",
    "DischargeDisposition",
    "ReadmissionIndicator",
    "AmbulatoryStatus",
    "VIPIndicator",
    "DietType",
    "Relationship",
    "ContactRole",
    "EventReason",
    "ResultStatus[Non-Queries]",
    "ObservationResultStatusCodesInterpretation",
    "InterpretationCodes",
    "DiagnosticServiceSectionID",
    "OrderControlCode[ServiceRequest.status]",
    "OrderStatus",
    "AllergenType[AllergyIntoleranceCategory]",
    "AllergySeverity[AllergyIntolerance.criticality]",
    "AllergySeverity[AllergyIntolerance.reaction.severity]",
    "AllergyType",
    "LivingWillCode",
    "DiagnosisType",
    "RouteOfAdministration",
    "CompletionStatus",
    "SpecimenType",
    "YesNoIndicator",
    "DegreeLicenseCertificate",
    "EncounterPriority",
    "ModeOfArrivalCode",
    "FillerStatusCodes[Appointment]",
    "UniversalIDType",
    "CountryCode",
    "PrincipalLanguageOfMessage",
    "ProcessingID",
    "ProviderRole",
    "Participation",
    "PractitionerIDNumberType",
    "PreferredMethodOfContact",
    "RepeatPattern",
    "ExtendedPriorityCodes",
    "AllowSubstitution",
    "BodyParts",
    "AdministrationMethod",
    "EventRelatedPeriod",
    "FinancialClass",
    "AdditivePreservative",
    "BodySite",
    "SpecimenCondition",
    "ProcessingMode",
    "EventType",
    "AppointmentReasonCodes",
    "AppointmentTypeCodes",
    "SpecimenSourceSite",
    "SpecimenCollectionMethod",
    "ContainerType",
    "YesNoIndicator[AvailabilityStatus]",
    "NatureOfAbnormalTesting",
    "ConfidentialityCode",
    "DocumentConfidentialityStatus",
];

impl Cx<'_> {
    /// Decoded text of a value; `None` when absent, empty or the v2 null `""`.
    ///
    /// Short text (up to 24 bytes: most codes, names, numbers) is copied inline, without an
    /// allocation.
    pub(crate) fn text(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<fhir::FhirString> {
        self.text_cow(v, at).map(fhir::FhirString::from_text)
    }

    /// [`Cx::text`] borrowing from the message when the text needs no change (no
    /// allocation for values that are only looked at).
    pub(crate) fn text_cow<'a>(
        &mut self,
        v: Option<Value<'_, 'a>>,
        at: At,
    ) -> Option<Cow<'a, str>> {
        let v = v?;
        if v.is_empty() || v.is_null() {
            return None;
        }
        if let Some(esc) = self.plain_text {
            // Printable ASCII without escapes decodes to itself in every character set the
            // decoder reads, and has no control characters to replace.
            if plain_ascii(v.raw(), esc)
                && let Some(s) = v.raw_str()
            {
                // Printable ASCII: the only whitespace `str::trim` would see is the space
                // (looked for at the ends first: most values have none to trim).
                let b = s.as_bytes();
                let s = if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
                    s.trim_ascii()
                } else {
                    s
                };
                return (!s.is_empty()).then_some(Cow::Borrowed(s));
            }
        }
        self.text_decoded(v, at)
    }

    /// [`Cx::text_cow`] for values that are not plain printable ASCII: escapes decoded, the
    /// character set applied, control characters replaced. Kept out of line, so that the
    /// common case above stays small.
    #[inline(never)]
    fn text_decoded<'a>(&mut self, v: Value<'_, 'a>, at: At) -> Option<Cow<'a, str>> {
        match v.text() {
            Ok(text) => {
                let s = text.trim();
                if has_controls(s) {
                    return printable(s).map(|c| Cow::Owned(c.into_owned()));
                }
                if s.is_empty() {
                    return None;
                }
                Some(match text {
                    Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
                    Cow::Owned(o) if o.len() == s.len() => Cow::Owned(o),
                    Cow::Owned(o) => Cow::Owned(o.trim().to_owned()),
                })
            }
            Err(_) => {
                self.issue(IssueKind::Undecodable, Some(at));
                None
            }
        }
    }

    pub(crate) fn comp_text<'m, 'a: 'm>(
        &mut self,
        v: impl CompSource<'m, 'a>,
        n: usize,
        at: At,
    ) -> Option<fhir::FhirString> {
        self.text(v.comp(n), at.comp(n as u16))
    }

    /// Text for a FHIR `code`: whitespace runs (Unicode whitespace too, such as U+0085 from
    /// a Latin-1 byte 0x85) become one space.
    pub(crate) fn code_text(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
    ) -> Option<fhir::FhirString> {
        let s = self.text(v, at)?;
        // Printable ASCII without spaces needs no change; anything else (a space, or any
        // non-ASCII character, which may be Unicode whitespace) takes the general path.
        if s.bytes().all(|b| b > b' ' && b < 0x7f) {
            return Some(s);
        }
        Some(s.split_whitespace().collect::<Vec<_>>().join(" ").into())
    }

    /// Text for a FHIR `uri`: left out (with an issue) when not one.
    pub(crate) fn uri_text(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
    ) -> Option<fhir::FhirString> {
        let s = self.text(v, at)?;
        if fhir::PrimitiveType::Uri.is_valid(&s) {
            Some(s)
        } else {
            self.issue(IssueKind::InvalidValue, Some(at));
            None
        }
    }

    pub(crate) fn comp_pstr<'m, 'a: 'm>(
        &mut self,
        v: impl CompSource<'m, 'a>,
        n: usize,
        at: At,
    ) -> Option<Primitive<fhir::FhirString>> {
        self.comp_text(v, n, at).map(Primitive::from)
    }

    /// Looks a code up in an IG concept map, reporting a miss.
    pub(crate) fn lookup(
        &mut self,
        map: &'static ConceptMap,
        code: &str,
        at: At,
    ) -> Option<&'static vocab::Concept> {
        let c = map.get(code);
        if c.is_none() {
            self.issue(IssueKind::UnknownCode { map: map.name }, Some(at));
        }
        c
    }

    /// A code through a concept map into a FHIR required-binding enum.
    pub(crate) fn code_enum<C: Code>(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
        map: &'static ConceptMap,
    ) -> Option<Primitive<C>> {
        let code = self.text_cow(v.and_then(|v| v.component(1)), at)?;
        let c = self.lookup(map, &code, at)?;
        match C::from_code(c.code) {
            Some(e) => Some(Primitive::from(e)),
            None => {
                self.issue(IssueKind::UnknownCode { map: map.name }, Some(at));
                None
            }
        }
    }

    /// The first valued repetition of a field with a `0..1` target; later valued repetitions
    /// are reported.
    pub(crate) fn single<'m, 'a>(
        &mut self,
        v: Option<Value<'m, 'a>>,
        f: u16,
    ) -> Option<Value<'m, 'a>> {
        let v = v?;
        // The usual field of one repetition: the first spans the field, nothing to report.
        let one = v.repetition(1)?;
        if one.raw().len() == v.raw().len() {
            return (!one.is_empty()).then_some(one);
        }
        let mut first = None;
        for (i, r) in v.repetitions().enumerate() {
            if r.is_empty() {
                continue;
            }
            if first.is_none() {
                first = Some(r);
            } else {
                self.issue(
                    IssueKind::ExtraRepetition,
                    Some(At::field(f).rep(rep_number(i))),
                );
            }
        }
        first
    }

    /// The valued repetitions of a field with their 1-based numbers.
    pub(crate) fn reps<'m, 'a>(
        v: Option<Value<'m, 'a>>,
    ) -> impl Iterator<Item = (u16, Value<'m, 'a>)> {
        v.into_iter()
            .flat_map(|v| v.repetitions())
            .enumerate()
            .filter(|(_, r)| !r.is_empty() && !r.is_null())
            .map(|(i, r)| (rep_number(i), r))
    }

    // ---- coded values -------------------------------------------------------------------

    pub(crate) fn system_of(&mut self, name: &str, at: At) -> Option<fhir::FhirString> {
        if let Some((_, uri)) = self.opts.coding_systems.iter().find(|(k, _)| k == name) {
            return Some(fhir::FhirString::new(uri));
        }
        let s = vocab::coding_system(name);
        if s.is_none() && !name.starts_with("99") && !name.starts_with('L') {
            self.issue(IssueKind::UnknownCodingSystem, Some(at));
        }
        s
    }

    fn coding_at<const N: usize>(
        &mut self,
        v: &Comps<'_, '_, N>,
        at: At,
        code: usize,
        display: usize,
        system: usize,
        version: usize,
    ) -> Option<Coding> {
        let code_s = self.code_text(v.comp(code), at.comp(code as u16));
        let display = self.comp_pstr(v, display, at);
        if code_s.is_none() && display.is_none() {
            return None;
        }
        let system = match self.text_cow(v.comp(system), at.comp(system as u16)) {
            Some(n) => self
                .system_of(&n, at.comp(system as u16))
                .map(Primitive::from),
            None => None,
        };
        Some(Coding {
            system,
            version: self.comp_pstr(v, version, at),
            code: code_s.map(Primitive::from),
            display,
            ..Default::default()
        })
    }

    /// CWE/CE/CNE → CodeableConcept (IG `CWE[CodeableConcept]`). With a vocabulary map, a
    /// hit on the first code adds the mapped FHIR coding first.
    pub(crate) fn cwe(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
        map: Option<&'static ConceptMap>,
    ) -> Option<CodeableConcept> {
        let v = v?;
        if v.is_empty() || v.is_null() {
            return None;
        }
        // A value seen before in this message (OBX interpretation codes, units, …) converts
        // the same: its concept is memoised from its second sighting on, when converting it
        // reported nothing (issues carry the location, a memo does not).
        let Some(key) = MemoKey::new(memo_tag(v.level(), map), v.raw()) else {
            return self.cwe_fresh(v, at, map);
        };
        let seen = match self.memo.cwe_find(&key) {
            Some(Some(done)) => return done.clone(),
            Some(None) => true,
            None => false,
        };
        let issues = self.issues.len();
        let cc = self.cwe_fresh(v, at, map);
        if self.issues.len() == issues {
            self.memo.cwe_put(key, seen.then(|| cc.clone()));
        }
        cc
    }

    fn cwe_fresh(
        &mut self,
        v: Value<'_, '_>,
        at: At,
        map: Option<&'static ConceptMap>,
    ) -> Option<CodeableConcept> {
        let v = &Comps::<13>::new(v);
        let mut first = self.coding_at(v, at, 1, 2, 3, 7);
        if let (Some(map), Some(c)) = (map, first.as_mut()) {
            // A code without a system in a field bound to a v2 table is from that table.
            if c.system.is_none() && c.code.is_some() {
                c.system = map.v2_system().map(Primitive::from);
            }
        }
        // Room for every coding that may come (a concept map's, and up to three triplets
        // with a code or a display), so the codings are not moved again.
        let valued = |a: usize, b: usize| {
            usize::from(
                v.comp(a).is_some_and(|c| !c.is_empty())
                    || v.comp(b).is_some_and(|c| !c.is_empty()),
            )
        };
        let room = match valued(1, 2) + valued(4, 5) + valued(10, 11) {
            0 => 0,
            n => n + usize::from(map.is_some()),
        };
        let mut cc = CodeableConcept {
            coding: Vec::with_capacity(room),
            ..Default::default()
        };
        let mut mapped = None;
        if let (Some(map), Some(f)) = (map, first.as_ref())
            && let Some(code) = f.code.as_ref().and_then(|c| c.as_str())
        {
            // Only codes from the map's own v2 table (or without a system) go through it.
            let system = f.system.as_ref().and_then(|s| s.as_str());
            if system.is_none_or(|s| map.is_v2_system(s))
                && let Some(c) = self.lookup(map, code, at.comp(1))
            {
                let same = system == Some(c.system) && code == c.code;
                mapped = Some((c, same));
            }
        }
        match mapped {
            Some((c, true)) => {
                // The first coding is the mapped one: its system and code strings serve.
                if let Some(f) = first {
                    cc.coding.push(Coding {
                        system: f.system,
                        code: f.code,
                        display: (!c.display.is_empty()).then(|| Primitive::from(c.display)),
                        ..Default::default()
                    });
                }
                self.cwe_rest(v, at, cc, None)
            }
            Some((c, false)) => {
                cc.coding.push(concept_coding(c));
                self.cwe_rest(v, at, cc, first)
            }
            None => self.cwe_rest(v, at, cc, first),
        }
    }

    fn cwe_rest(
        &mut self,
        v: &Comps<'_, '_, 13>,
        at: At,
        mut cc: CodeableConcept,
        first: Option<Coding>,
    ) -> Option<CodeableConcept> {
        if let Some(mut c) = first {
            if c.system.is_none() && c.code.is_none() {
                // Only a display: it is the concept's text.
                cc.text = c.display.take();
            } else {
                cc.coding.push(c);
            }
        }
        if let Some(c) = self.coding_at(v, at, 4, 5, 6, 8) {
            cc.coding.push(c);
        }
        if let Some(c) = self.coding_at(v, at, 10, 11, 12, 13) {
            cc.coding.push(c);
        }
        if let Some(text) = self.comp_pstr(v, 9, at) {
            cc.text = Some(text);
        }
        (!cc.coding.is_empty() || cc.text.is_some()).then_some(cc)
    }

    /// CWE → Coding (IG `CWE[Coding]`): the first triplet (or the mapped code).
    pub(crate) fn cwe_coding(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
        map: Option<&'static ConceptMap>,
    ) -> Option<Coding> {
        self.cwe(v, at, map)
            .and_then(|cc| cc.coding.into_iter().next())
    }

    // ---- numbers and quantities ---------------------------------------------------------

    pub(crate) fn decimal(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<Decimal> {
        let s = self.text_cow(v, at)?;
        let s = s.strip_prefix('+').unwrap_or(&s);
        // v2 NM allows a leading '.', FHIR decimals do not.
        let fixed;
        let s = if let Some(rest) = s.strip_prefix('.') {
            fixed = format!("0.{rest}");
            fixed.as_str()
        } else if let Some(rest) = s.strip_prefix("-.") {
            fixed = format!("-0.{rest}");
            fixed.as_str()
        } else {
            s
        };
        match Decimal::parse(s) {
            Ok(d) => Some(d),
            Err(_) => {
                self.issue(IssueKind::InvalidValue, Some(at));
                None
            }
        }
    }

    /// Units (CWE) into a quantity: UCUM units get system and code.
    pub(crate) fn units_into(&mut self, q: &mut Quantity, units: Option<Value<'_, '_>>, at: At) {
        let Some(u) = units else { return };
        if u.is_empty() {
            return;
        }
        // The unit code is a FHIR `code` (single spaces only, proptest find: "SuL  N").
        let code = self.code_text(u.component(1), at.comp(1));
        let text = self.comp_text(u, 2, at);
        let sys = self.text_cow(u.component(3), at.comp(3));
        let ucum = sys
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("UCUM"))
            || (sys.is_none() && code.is_some());
        q.unit = text.or_else(|| code.clone()).map(Primitive::from);
        if ucum {
            q.system = Some(Primitive::from("http://unitsofmeasure.org"));
            q.code = code.map(Primitive::from);
        } else if let Some(s) = sys {
            q.system = self.system_of(&s, at.comp(3)).map(Primitive::from);
            if q.system.is_some() {
                q.code = code.map(Primitive::from);
            }
        }
    }

    // ---- dates and times ---------------------------------------------------------------

    fn timestamp(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<hl7v2::Timestamp> {
        let v = v?;
        let first = v.component(1)?;
        if first.is_empty() || first.is_null() {
            return None;
        }
        match first.timestamp() {
            Ok(t) => Some(t),
            Err(_) => {
                self.issue(IssueKind::InvalidTimestamp, Some(at));
                None
            }
        }
    }

    /// DTM/TS → dateTime (lexical form), per the rules in [`super`].
    fn dtm_lexical(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<time::Lexical> {
        let t = self.timestamp(v, at)?;
        match time::to_date_time(&t, self.opts.default_offset, false) {
            Converted::Value(s) => Some(s),
            Converted::Truncated(s) => {
                self.issue(IssueKind::MissingTimeZone, Some(at));
                Some(s)
            }
        }
    }

    pub(crate) fn dtm(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
    ) -> Option<Primitive<fhir::DateTime>> {
        // Repeated timestamps (OBX-14 of a panel) reuse their lexical form when converting
        // it reported nothing.
        let key = v
            .and_then(|v| v.component(1))
            .and_then(|c| MemoKey::new(0, c.raw()));
        if let Some(k) = &key
            && let Some(lexical) = self.memo.dtm_find(k)
        {
            return self.checked(fhir::DateTime::parse(lexical.as_str()), at);
        }
        let issues = self.issues.len();
        let s = self.dtm_lexical(v, at)?;
        let r = self.checked(fhir::DateTime::parse(s.as_str()), at);
        if let Some(k) = key
            && self.issues.len() == issues
        {
            self.memo.dtm_put(k, s);
        }
        r
    }

    /// DTM → date (the date part, whatever the precision).
    pub(crate) fn dtm_date(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
    ) -> Option<Primitive<fhir::Date>> {
        let t = self.timestamp(v, at)?;
        let (Converted::Value(s) | Converted::Truncated(s)) = time::to_date_time(&t, None, true);
        self.checked(fhir::Date::parse(s.as_str()), at)
    }

    pub(crate) fn dtm_instant(
        &mut self,
        v: Option<Value<'_, '_>>,
        at: At,
    ) -> Option<Primitive<fhir::Instant>> {
        let t = self.timestamp(v, at)?;
        match time::to_instant(&t, self.opts.default_offset) {
            Some(s) => self.checked(fhir::Instant::parse(s.as_str()), at),
            None => {
                self.issue(IssueKind::NotAnInstant, Some(at));
                None
            }
        }
    }

    fn checked<T>(&mut self, r: Result<T, fhir::InvalidValue>, at: At) -> Option<Primitive<T>> {
        match r {
            Ok(v) => Some(Primitive::new(v)),
            Err(_) => {
                self.issue(IssueKind::InvalidValue, Some(at));
                None
            }
        }
    }

    /// Two DTM components (start, end) → Period.
    pub(crate) fn period(
        &mut self,
        start: Option<Value<'_, '_>>,
        end: Option<Value<'_, '_>>,
        at_start: At,
        at_end: At,
    ) -> Option<Period> {
        let start = self.dtm(start, at_start);
        let end = self.dtm(end, at_end);
        (start.is_some() || end.is_some()).then(|| Period {
            start,
            end,
            ..Default::default()
        })
    }

    /// DR → Period.
    pub(crate) fn dr(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<Period> {
        let v = v?;
        // DR components are TS: their own parts are subcomponents.
        let s = v.component(1).and_then(|c| c.subcomponent(1));
        let e = v.component(2).and_then(|c| c.subcomponent(1));
        self.period(s, e, at.comp(1), at.comp(2))
    }

    // ---- identifiers ------------------------------------------------------------------

    /// HD → (system, assigner): a registered authority or an ISO OID / UUID becomes the
    /// system; anything else the assigner organization (IG `HD[uri]` / `HD[Organization]`).
    pub(crate) fn authority(
        &mut self,
        hd: Option<Value<'_, '_>>,
        at: At,
        sub: bool,
    ) -> (Option<String>, Option<Reference>) {
        let Some(hd) = hd.filter(|h| !h.is_empty()) else {
            return (None, None);
        };
        let part = |n: usize| {
            if sub {
                hd.subcomponent(n)
            } else {
                hd.component(n)
            }
        };
        let ns = self.text_cow(part(1), at);
        let uid = self.text_cow(part(2), at);
        let kind = self.text_cow(part(3), at);
        self.authority_of(ns.as_deref(), uid.as_deref(), kind.as_deref())
    }

    /// HD parts (namespace id, universal id, its type) → (system, assigner).
    fn authority_of(
        &mut self,
        ns: Option<&str>,
        uid: Option<&str>,
        kind: Option<&str>,
    ) -> (Option<String>, Option<Reference>) {
        for key in [ns, uid].into_iter().flatten() {
            if let Some(s) = self.opts.identifier_systems.get(key) {
                return (Some(s.to_owned()), None);
            }
        }
        if let Some(uid) = uid {
            match kind {
                Some("ISO") if is_oid(uid) => return (Some(prefixed("urn:oid:", uid)), None),
                Some("UUID") if is_uuid(uid) => {
                    return (Some(urn_uuid(uid)), None);
                }
                _ => {}
            }
        }
        let org = self.organization_of_hd(ns, uid, kind);
        (None, org.map(|i| self.reference(i)))
    }

    /// HD → Organization (IG `HD[Organization]`), one per authority.
    pub(crate) fn organization_from_hd(
        &mut self,
        ns: Option<fhir::FhirString>,
        uid: Option<fhir::FhirString>,
        kind: Option<fhir::FhirString>,
    ) -> Option<usize> {
        self.organization_of_hd(ns.as_deref(), uid.as_deref(), kind.as_deref())
    }

    fn organization_of_hd(
        &mut self,
        ns: Option<&str>,
        uid: Option<&str>,
        kind: Option<&str>,
    ) -> Option<usize> {
        if ns.is_none() && uid.is_none() {
            return None;
        }
        let parts = [
            "Organization",
            "hd",
            ns.unwrap_or(""),
            uid.unwrap_or(""),
            kind.unwrap_or(""),
        ];
        let key = match self.find_key(&parts) {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let mut org = fhir::Organization {
            id: Some(self.new_id("Organization")),
            ..Default::default()
        };
        let mut identifier =
            Vec::with_capacity(usize::from(ns.is_some()) + usize::from(uid.is_some()));
        if let Some(ns) = ns {
            identifier.push(Identifier {
                value: Some(Primitive::copied(ns)),
                ..Default::default()
            });
            org.name = Some(Primitive::copied(ns));
        }
        if let Some(uid) = uid {
            let system = match kind {
                Some("ISO" | "UUID") => Some(Primitive::from("urn:ietf:rfc:3986")),
                _ => None,
            };
            let value = match kind {
                Some("ISO") if is_oid(uid) => prefixed("urn:oid:", uid),
                Some("UUID") if is_uuid(uid) => urn_uuid(uid),
                _ => uid.to_owned(),
            };
            let type_ = kind
                .and_then(|k| t::UNIVERSAL_IDTYPE.get(k))
                .map(|c| CodeableConcept {
                    coding: vec![concept_coding(c)],
                    ..Default::default()
                });
            identifier.push(Identifier {
                system,
                value: Some(Primitive::from(value)),
                type_,
                ..Default::default()
            });
        }
        org.identifier = identifier;
        let i = self.push(Resource::Organization(Box::new(org)));
        self.remember(key, i);
        Some(i)
    }

    pub(crate) fn identifier_type(
        &mut self,
        code: Option<fhir::FhirString>,
        at: At,
    ) -> Option<CodeableConcept> {
        let code = code?;
        match t::IDENTIFIER_TYPE.get(&code) {
            Some(c) => Some(CodeableConcept {
                coding: vec![concept_coding(c)],
                ..Default::default()
            }),
            None => {
                self.issue(
                    IssueKind::UnknownCode {
                        map: t::IDENTIFIER_TYPE.name,
                    },
                    Some(at),
                );
                // Kept as a FHIR code: whitespace runs (control characters became spaces)
                // collapsed to one space.
                let code = if code.bytes().all(|b| b > b' ' && b < 0x7f) {
                    code
                } else {
                    code.split_whitespace().collect::<Vec<_>>().join(" ").into()
                };
                (!code.is_empty()).then(|| CodeableConcept {
                    coding: vec![Coding {
                        code: Some(Primitive::from(code)),
                        ..Default::default()
                    }],
                    ..Default::default()
                })
            }
        }
    }

    /// CX → Identifier (IG `CX[Identifier]`).
    pub(crate) fn cx(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<Identifier> {
        let v = v?;
        let value = self.comp_text(v, 1, at)?;
        let (system, assigner) = self.authority(v.component(4), at.comp(4), true);
        let mut id = Identifier {
            value: Some(Primitive::from(value)),
            system: system.map(Primitive::from),
            assigner,
            ..Default::default()
        };
        let type_code = self.comp_text(v, 5, at);
        id.type_ = self.identifier_type(type_code, at.comp(5));
        if let Some(check) = self.comp_text(v, 2, at) {
            id.extension.push(ext_string(
                "http://hl7.org/fhir/StructureDefinition/identifier-checkDigit",
                check,
            ));
        }
        if let Some(scheme) = self.comp_text(v, 3, at) {
            id.extension.push(ext_string(
                "http://hl7.org/fhir/StructureDefinition/namingsystem-checkDigit",
                scheme,
            ));
        }
        // CX-7/8 are DT: the subcomponent is the value.
        id.period = self.period(
            v.component(7).and_then(|c| c.subcomponent(1)),
            v.component(8).and_then(|c| c.subcomponent(1)),
            at.comp(7),
            at.comp(8),
        );
        Some(id)
    }

    /// EI → Identifier (IG `EI[Identifier-Extension]`, with the assigning authority as the
    /// system when it is registered or an OID/UUID, else as assigner).
    pub(crate) fn ei(&mut self, v: Option<Value<'_, '_>>, at: At) -> Option<Identifier> {
        let v = v?;
        let value = self.comp_text(v, 1, at)?;
        let ns = v.component(2).filter(|c| !c.is_empty());
        let uid = v.component(3).filter(|c| !c.is_empty());
        let (system, assigner) = if ns.is_some() || uid.is_some() {
            self.authority_parts(ns, uid, v.component(4), at)
        } else {
            (None, None)
        };
        Some(Identifier {
            value: Some(Primitive::from(value)),
            system: system.map(Primitive::from),
            assigner,
            ..Default::default()
        })
    }

    fn authority_parts(
        &mut self,
        ns: Option<Value<'_, '_>>,
        uid: Option<Value<'_, '_>>,
        kind: Option<Value<'_, '_>>,
        at: At,
    ) -> (Option<String>, Option<Reference>) {
        let ns = self.text_cow(ns, at.comp(2));
        let uid = self.text_cow(uid, at.comp(3));
        let kind = self.text_cow(kind, at.comp(4));
        self.authority_of(ns.as_deref(), uid.as_deref(), kind.as_deref())
    }

    // ---- names, addresses, telecom ---------------------------------------------------------

    /// XPN → HumanName (IG `XPN[HumanName]`).
    pub(crate) fn xpn(&mut self, v: Value<'_, '_>, at: At) -> Option<HumanName> {
        let v = &Comps::<14>::new(v);
        let mut n = HumanName {
            // XPN.1 is FN (FN[HumanName]); XPN.11 its assembly order.
            family: self.family_of(v.comp(1), v.comp(11), at.comp(1), at.comp(11)),
            ..Default::default()
        };
        if let Some(g) = self.comp_pstr(v, 2, at) {
            n.given.push(g);
        }
        if let Some(g) = self.text_cow(v.comp(3), at.comp(3)) {
            // XPN.3 may hold several middle names separated by spaces.
            n.given.extend(g.split_whitespace().map(Primitive::copied));
        }
        if let Some(s) = self.comp_pstr(v, 4, at) {
            n.suffix.push(s);
        }
        if let Some(p) = self.comp_pstr(v, 5, at) {
            n.prefix.push(p);
        }
        if let Some(s) = self.comp_pstr(v, 6, at) {
            n.suffix.push(s);
        }
        if let Some(s) = self.comp_pstr(v, 14, at) {
            n.suffix.push(s);
        }
        if let Some(code) = self.text_cow(v.comp(7), at.comp(7)) {
            n.use_ = self.mapped_enum(&t::NAME_TYPE, &code, at.comp(7));
        }
        n.period = match self.period(v.comp(12), v.comp(13), at.comp(12), at.comp(13)) {
            Some(p) => Some(p),
            None => self.dr(v.comp(10), at.comp(10)),
        };
        let empty =
            n.family.is_none() && n.given.is_empty() && n.prefix.is_empty() && n.suffix.is_empty();
        (!empty).then_some(n)
    }

    /// A code through a concept map into an enum, reporting misses.
    pub(crate) fn mapped_enum<C: Code>(
        &mut self,
        map: &'static ConceptMap,
        code: &str,
        at: At,
    ) -> Option<Primitive<C>> {
        let c = self.lookup(map, code, at)?;
        match C::from_code(c.code) {
            Some(e) => Some(Primitive::from(e)),
            None => {
                self.issue(IssueKind::UnknownCode { map: map.name }, Some(at));
                None
            }
        }
    }

    /// XAD → Address (IG `XAD[Address]`).
    pub(crate) fn xad(&mut self, v: Value<'_, '_>, at: At) -> Option<Address> {
        let v = &Comps::<19>::new(v);
        let mut a = Address::default();
        // XAD.1 is SAD: street address, street name, dwelling number.
        if let Some(c1) = v.comp(1) {
            for s in 1..=3 {
                if let Some(line) = self.text(c1.subcomponent(s), at.comp(1)) {
                    a.line.push(Primitive::from(line));
                }
            }
        }
        if let Some(l) = self.comp_pstr(v, 2, at) {
            a.line.push(l);
        }
        if let Some(l) = self.comp_pstr(v, 19, at) {
            a.line.push(l);
        }
        a.city = self.comp_pstr(v, 3, at);
        a.state = self.comp_pstr(v, 4, at);
        a.postal_code = self.comp_pstr(v, 5, at);
        a.country = self.comp_pstr(v, 6, at);
        if let Some(code) = self.text_cow(v.comp(7), at.comp(7)) {
            match &*code {
                "M" | "SH" => a.type_ = self.mapped_enum(&t::ADDRESS_TYPE_TYPE, &code, at.comp(7)),
                _ => a.use_ = self.mapped_enum(&t::ADDRESS_TYPE_USE, &code, at.comp(7)),
            }
        }
        a.district = self
            .text(v.comp(9).and_then(|c| c.subcomponent(1)), at.comp(9))
            .map(Primitive::from);
        a.period = match self.period(v.comp(13), v.comp(14), at.comp(13), at.comp(14)) {
            Some(p) => Some(p),
            None => self.dr(v.comp(12), at.comp(12)),
        };
        let empty = a.line.is_empty()
            && a.city.is_none()
            && a.state.is_none()
            && a.postal_code.is_none()
            && a.country.is_none()
            && a.district.is_none();
        (!empty).then_some(a)
    }

    /// XTN → ContactPoint (IG `XTN[ContactPoint]`).
    pub(crate) fn xtn(&mut self, v: Value<'_, '_>, at: At) -> Option<ContactPoint> {
        let v = &Comps::<18>::new(v);
        let equip = self.text_cow(v.comp(3), at.comp(3));
        let email = v.comp(4).and_then(|c| self.text(Some(c), at.comp(4)));
        let has_email = email.is_some();
        let mut cp = ContactPoint::default();
        let internet = matches!(equip.as_deref(), Some("Internet" | "X.400"));
        let value = if internet {
            email
        } else {
            // The parts are borrowed from the message: each is copied once, into its
            // extension, and the formatted number is built in one buffer.
            let country = self.text_cow(v.comp(5), at.comp(5));
            let area = self.text_cow(v.comp(6), at.comp(6));
            let local = self.text_cow(v.comp(7), at.comp(7));
            let ext = self.text_cow(v.comp(8), at.comp(8));
            let unformatted = self.text_cow(v.comp(12), at.comp(12));
            let parts = [
                (
                    &country,
                    "http://hl7.org/fhir/StructureDefinition/contactpoint-country",
                ),
                (
                    &area,
                    "http://hl7.org/fhir/StructureDefinition/contactpoint-area",
                ),
                (
                    &local,
                    "http://hl7.org/fhir/StructureDefinition/contactpoint-local",
                ),
                (
                    &ext,
                    "http://hl7.org/fhir/StructureDefinition/contactpoint-extension",
                ),
            ];
            let count = parts.iter().filter(|(p, _)| p.is_some()).count();
            if count > 0 {
                cp.extension.reserve_exact(count);
            }
            for (part, url) in parts {
                if let Some(c) = part {
                    cp.extension.push(ext_string(url, fhir::FhirString::new(c)));
                }
            }
            match local {
                Some(local) => {
                    let len = country.as_ref().map_or(0, |c| c.len() + 2)
                        + area.as_ref().map_or(0, |a| a.len() + 1)
                        + local.len()
                        + ext.as_ref().map_or(0, |x| x.len() + 2);
                    let mut s = fhir::FhirString::with_capacity(len);
                    if let Some(c) = &country {
                        s.push('+');
                        s.push_str(c);
                        s.push(' ');
                    }
                    if let Some(a) = &area {
                        s.push_str(a);
                        s.push(' ');
                    }
                    s.push_str(&local);
                    if let Some(x) = &ext {
                        s.push_str(" X");
                        s.push_str(x);
                    }
                    Some(s)
                }
                None => match unformatted {
                    Some(u) => Some(fhir::FhirString::from_text(u)),
                    // Pre-2.3 XTN carried the number in XTN.1.
                    None => self.comp_text(v, 1, at).or(email),
                },
            }
        };
        cp.value = value.map(Primitive::from);
        if let Some(code) = self.text_cow(v.comp(2), at.comp(2)) {
            cp.use_ = self.mapped_enum(&t::TELECOMMUNICATION_USE_CODE, &code, at.comp(2));
        }
        match equip {
            // The IG maps CP (cellular phone) to the use `mobile`: a phone used as mobile.
            Some(code)
                if t::TELECOMMUNICATION_EQUIPMENT_TYPE
                    .get(&code)
                    .is_some_and(|c| c.system == "http://hl7.org/fhir/contact-point-use") =>
            {
                cp.use_ = self.mapped_enum(&t::TELECOMMUNICATION_EQUIPMENT_TYPE, &code, at.comp(3));
                cp.system = Some(Primitive::from(codes::ContactPointSystem::Phone));
            }
            Some(code) => {
                cp.system =
                    self.mapped_enum(&t::TELECOMMUNICATION_EQUIPMENT_TYPE, &code, at.comp(3))
            }
            None if has_email => {
                cp.system = Some(Primitive::from(codes::ContactPointSystem::Email))
            }
            None => {}
        }
        cp.period = self.period(v.comp(13), v.comp(14), at.comp(13), at.comp(14));
        if let Some(r) = self.comp_text(v, 18, at) {
            match positive_int(&r) {
                Some(n) => cp.rank = Some(Primitive::from(n)),
                None => self.issue(IssueKind::InvalidValue, Some(at.comp(18))),
            }
        }
        cp.value.as_ref()?;
        // ContactPoint: a value needs a system (FHIR invariant cpt-2).
        if cp.system.is_none() {
            cp.system = Some(Primitive::from(codes::ContactPointSystem::Phone));
        }
        Some(cp)
    }

    // ---- shared resources -------------------------------------------------------------------

    /// XCN → Practitioner (IG `XCN[Practitioner]`), one per identifier/name.
    pub(crate) fn xcn(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let v = &Comps::<21>::new(v);
        let id_value = self.text_cow(v.comp(1), at.comp(1));
        let family = self.text_cow(v.comp(2).and_then(|c| c.subcomponent(1)), at.comp(2));
        let given = self.text_cow(v.comp(3), at.comp(3));
        if id_value.is_none() && family.is_none() && given.is_none() {
            return None;
        }
        // Same person: same id and assigning authority (or, without an id, same XCN).
        let found = match &id_value {
            Some(idv) => {
                let auth = String::from_utf8_lossy(v.comp(9).map_or(&b""[..], |c| c.raw()));
                self.find_key(&["Practitioner", "id", idv, &auth])
            }
            None => self.find_key(&["Practitioner", &String::from_utf8_lossy(v.raw())]),
        };
        let key = match found {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let (family, given) = (
            family.map(fhir::FhirString::from_text),
            given.map(fhir::FhirString::from_text),
        );
        let mut p = fhir::Practitioner::default();
        if let Some(value) = id_value.map(fhir::FhirString::from_text) {
            let (system, assigner) = self.authority(v.comp(9), at.comp(9), true);
            let type_code = self.comp_text(v, 13, at);
            let type_ = self.identifier_type(type_code, at.comp(13));
            // `vec!`, not `push`: an exact capacity (see `seg::collect_exact`).
            p.identifier = vec![Identifier {
                value: Some(Primitive::from(value)),
                system: system.map(Primitive::from),
                assigner,
                type_,
                ..Default::default()
            }];
        }
        let mut name = HumanName {
            // XCN.2 is FN (FN[HumanName]); XCN.18 its assembly order.
            family: match family {
                Some(_) => self.family_of(v.comp(2), v.comp(18), at.comp(2), at.comp(18)),
                None => None,
            },
            ..Default::default()
        };
        if let Some(g) = given {
            name.given.push(Primitive::from(g));
        }
        if let Some(g) = self.comp_pstr(v, 4, at) {
            name.given.push(g);
        }
        if let Some(s) = self.comp_pstr(v, 5, at) {
            name.suffix.push(s);
        }
        if let Some(s) = self.comp_pstr(v, 6, at) {
            name.prefix.push(s);
        }
        if let Some(s) = self.comp_pstr(v, 21, at) {
            name.suffix.push(s);
        }
        if let Some(code) = self.comp_text(v, 10, at) {
            name.use_ = self.mapped_enum(&t::NAME_TYPE, &code, at.comp(10));
        }
        if name.family.is_some() || !name.given.is_empty() {
            p.name = vec![name];
        }
        // A FHIR code: whitespace runs collapsed (control characters became spaces).
        if let Some(code) = self.code_text(v.comp(7), at.comp(7)) {
            let cc = match t::DEGREE_LICENSE_CERTIFICATE.get(&code) {
                Some(c) => CodeableConcept {
                    coding: vec![concept_coding(c)],
                    ..Default::default()
                },
                None => CodeableConcept {
                    coding: vec![Coding {
                        code: Some(Primitive::from(code)),
                        system: Some(Primitive::from(
                            "http://terminology.hl7.org/CodeSystem/v2-0360",
                        )),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            };
            p.qualification = vec![fhir::PractitionerQualification {
                code: Some(cc),
                ..Default::default()
            }];
        }
        p.id = Some(self.new_id("Practitioner"));
        let i = self.push(Resource::Practitioner(Box::new(p)));
        self.remember(key, i);
        Some(i)
    }

    /// XON → Organization (IG `XON[Organization]`), one per content.
    pub(crate) fn xon(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let v = &Comps::<10>::new(v);
        let name = self.text_cow(v.comp(1), at.comp(1));
        let id10 = self.text_cow(v.comp(10), at.comp(10));
        let id3 = self.text_cow(v.comp(3), at.comp(3));
        let idv = id10.or(id3);
        if name.is_none() && idv.is_none() {
            return None;
        }
        let found = match &idv {
            Some(i) => {
                let auth = String::from_utf8_lossy(v.comp(6).map_or(&b""[..], |c| c.raw()));
                self.find_key(&["Organization", "xon-id", i, &auth])
            }
            None => self.find_key(&["Organization", "xon", &String::from_utf8_lossy(v.raw())]),
        };
        let key = match found {
            Ok(i) => return Some(i),
            Err(key) => key,
        };
        let mut org = fhir::Organization {
            name: name.map(|n| Primitive::new(fhir::FhirString::from_text(n))),
            ..Default::default()
        };
        if let Some(value) = idv.map(fhir::FhirString::from_text) {
            let (system, assigner) = self.authority(v.comp(6), at.comp(6), true);
            let type_code = self.comp_text(v, 7, at);
            let type_ = self.identifier_type(type_code, at.comp(7));
            org.identifier.push(Identifier {
                value: Some(Primitive::from(value)),
                system: system.map(Primitive::from),
                assigner,
                type_,
                ..Default::default()
            });
        }
        org.id = Some(self.new_id("Organization"));
        let i = self.push(Resource::Organization(Box::new(org)));
        self.remember(key, i);
        Some(i)
    }

    /// PL → Location chain (IG `PL[Location]`): facility ⊃ building ⊃ floor ⊃ point of care
    /// ⊃ room ⊃ bed, each `partOf` the one before; returns the most specific.
    pub(crate) fn pl(&mut self, v: Value<'_, '_>, at: At) -> Option<usize> {
        let v = &Comps::<10>::new(v);
        const PARTS: [(usize, Option<&str>, Option<codes::LocationMode>); 6] = [
            (4, Some("si"), None),
            (7, Some("bu"), None),
            (8, Some("lvl"), None),
            (1, None, None),
            (2, Some("ro"), None),
            (3, Some("bd"), None),
        ];
        let mut parent: Option<usize> = None;
        let mut key = String::with_capacity(64);
        key.push_str("Location");
        let description = self.comp_text(v, 9, at);
        let mut last_part = 0;
        for (n, _, _) in PARTS {
            if v.comp(n).is_some_and(|c| !c.is_empty()) {
                last_part = n;
            }
        }
        for (n, physical, _) in PARTS {
            let Some(c) = v.comp(n).filter(|c| !c.is_empty()) else {
                continue;
            };
            let Some(name) = self.text_cow(c.subcomponent(1), at.comp(n as u16)) else {
                continue;
            };
            key.push('|');
            key.push_str(&name);
            if let Some(i) = self.keyed(&key) {
                parent = Some(i);
                continue;
            }
            let name = fhir::FhirString::from_text(name);
            let mut loc = fhir::Location {
                name: Some(Primitive::from(name.clone())),
                mode: Some(Primitive::from(codes::LocationMode::Instance)),
                ..Default::default()
            };
            loc.identifier = vec![Identifier {
                value: Some(Primitive::from(name)),
                ..Default::default()
            }];
            if let Some(code) = physical {
                loc.physical_type = Some(CodeableConcept {
                    coding: vec![Coding {
                        system: Some(Primitive::from(
                            "http://terminology.hl7.org/CodeSystem/location-physical-type",
                        )),
                        code: Some(Primitive::from(code)),
                        ..Default::default()
                    }],
                    ..Default::default()
                });
            }
            if n == last_part {
                loc.description = description.clone().map(Primitive::from);
                // PL.10 (comprehensive location identifier, EI) → a second identifier of
                // the most specific part (EI[Identifier-DefaultAssigner]: the value only).
                if let Some(id) = self.text(v.comp(10).and_then(|c| c.subcomponent(1)), at.comp(10))
                {
                    loc.identifier.push(Identifier {
                        value: Some(Primitive::from(id)),
                        ..Default::default()
                    });
                }
            }
            loc.part_of = parent.map(|p| self.reference(p));
            loc.id = Some(self.new_id("Location"));
            let i = self.push(Resource::Location(Box::new(loc)));
            self.remember(key.clone(), i);
            parent = Some(i);
        }
        parent
    }
}

/// The FHIR coding of a concept map row.
/// A FHIR `positiveInt` (1 to 2,147,483,647) written as plain decimal digits.
pub(crate) fn positive_int(text: &str) -> Option<u32> {
    text.parse::<u32>()
        .ok()
        .filter(|&n| n > 0 && n <= i32::MAX as u32)
}

pub(crate) fn concept_coding(c: &vocab::Concept) -> Coding {
    Coding {
        system: Some(Primitive::from(c.system)),
        code: Some(Primitive::from(c.code)),
        display: (!c.display.is_empty()).then(|| Primitive::from(c.display)),
        ..Default::default()
    }
}

pub(crate) fn ext_string(
    url: impl Into<fhir::FhirString>,
    value: impl Into<fhir::FhirString>,
) -> Extension {
    Extension {
        url: url.into(),
        value: Some(ExtensionValue::String(Primitive::new(value.into()))),
        ..Default::default()
    }
}

pub(crate) fn ext(url: impl Into<fhir::FhirString>, value: ExtensionValue) -> Extension {
    Extension {
        url: url.into(),
        value: Some(value),
        ..Default::default()
    }
}

pub(crate) fn cc_of(
    system: &'static str,
    code: impl Into<fhir::FhirString>,
    display: Option<&'static str>,
) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(Primitive::from(system)),
            code: Some(Primitive::new(code.into())),
            display: display.map(Primitive::from),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// `prefix` followed by `s`, in one allocation.
fn prefixed(prefix: &str, s: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + s.len());
    out.push_str(prefix);
    out.push_str(s);
    out
}

/// `urn:uuid:` and the UUID in lower case.
fn urn_uuid(uid: &str) -> String {
    let mut out = prefixed("urn:uuid:", uid);
    out.make_ascii_lowercase();
    out
}

fn is_oid(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && s.contains('.')
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

/// The 1-based repetition number of index `i`, saturating (a field may repeat without bound).
fn rep_number(i: usize) -> u16 {
    u16::try_from(i.saturating_add(1)).unwrap_or(u16::MAX)
}

/// Whether `s` has a control character a FHIR string cannot hold (all but tab, CR and LF):
/// C0 controls and DEL as bytes; C1 controls (U+0080..U+009F, e.g. from Latin-1 bytes
/// 0x80..0x9F) are 0xC2 0x80..0x9F in UTF-8.
/// Whether `raw` is printable ASCII (0x20..=0x7e) without the escape character `esc`:
/// eight bytes at a time (a byte-wise check costs several instructions a byte, and most
/// values pass it).
pub(crate) fn plain_ascii(raw: &[u8], esc: Option<u8>) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of `x` is zero (exact as a yes/no answer).
    let any_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let (words, tail) = raw.as_chunks::<8>();
    for w in words {
        let x = u64::from_le_bytes(*w);
        // A byte below 0x20 (for bytes under 0x80; those above are caught by `HIGH`), a
        // byte with the high bit, DEL, or the escape character.
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
        if below_space
            || x & HIGH != 0
            || any_zero(x ^ (ONES * 0x7f))
            || esc.is_some_and(|e| any_zero(x ^ (ONES * u64::from(e))))
        {
            return false;
        }
    }
    tail.iter()
        .all(|&b| (0x20..0x7f).contains(&b) && Some(b) != esc)
}

pub(crate) fn has_controls(s: &str) -> bool {
    s.bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f)
        || s.as_bytes()
            .windows(2)
            .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
}

/// `s` as a FHIR string: control characters it cannot hold become spaces
/// ([`replace_controls`]) and the ends are trimmed; `None` when nothing is left. Borrowed
/// when there was nothing to replace (the usual case).
pub(crate) fn printable(s: &str) -> Option<Cow<'_, str>> {
    if has_controls(s) {
        let clean = replace_controls(s);
        let clean = clean.trim();
        return (!clean.is_empty()).then(|| Cow::Owned(clean.to_owned()));
    }
    let s = s.trim();
    (!s.is_empty()).then_some(Cow::Borrowed(s))
}

/// `s` with every control character a FHIR string cannot hold (all but tab, CR and LF)
/// replaced by a space.
pub(crate) fn replace_controls(s: &str) -> String {
    // A replacement is never longer than what it replaces: one allocation.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(|c| {
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
            ' '
        } else {
            c
        }
    }));
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use crate::v2::{IssueKind, Options, to_fhir};

    /// The word-at-a-time check agrees with the byte-wise definition for every byte value
    /// at every position of values of 0 to 19 bytes, with and without an escape character.
    #[test]
    fn plain_ascii_agrees_with_bytewise_check() {
        let bytewise = |raw: &[u8], esc: Option<u8>| {
            raw.iter()
                .all(|&b| (0x20..0x7f).contains(&b) && Some(b) != esc)
        };
        for esc in [None, Some(b'\\'), Some(b'#'), Some(0x85)] {
            for len in 0..20 {
                let base: Vec<u8> = (0..len).map(|i| b' ' + (i as u8 * 7) % 95).collect();
                let base: Vec<u8> = base
                    .into_iter()
                    .map(|b| if Some(b) == esc { b'a' } else { b })
                    .collect();
                assert_eq!(super::plain_ascii(&base, esc), bytewise(&base, esc));
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut raw = base.clone();
                        raw[at] = b;
                        assert_eq!(
                            super::plain_ascii(&raw, esc),
                            bytewise(&raw, esc),
                            "{raw:?} {esc:?}"
                        );
                    }
                }
            }
        }
    }

    /// Repeated values convert the same every time (memoised or not) and repeated problems
    /// are reported at every occurrence.
    #[test]
    fn repeated_values_convert_alike_and_report_everywhere() {
        let mut input = b"MSH|^~\\&|LAB|H|EHR|H|20260820143000-0500||ORU^R01^ORU_R01|1|P|2.5.1\r\
PID|1||7^^^H^MR||Doe^Jo\r\
OBR|1|A^EHR|B^LAB|24323-8^Panel^LN\r"
            .to_vec();
        for n in 1..=4 {
            input.extend_from_slice(
                format!(
                    "OBX|{n}|NM|2345-7^Glucose^XYZ||9{n}|mg/dL^^UCUM|70-99|N|||F|||20260820090000-0500\r"
                )
                .as_bytes(),
            );
        }
        let msg = hl7v2::Message::parse(&input).unwrap();
        let c = to_fhir(&msg, &Options::default()).unwrap();
        let unknown: Vec<usize> = c
            .issues
            .iter()
            .filter(|i| i.kind == IssueKind::UnknownCodingSystem)
            .map(|i| i.location.position)
            .collect();
        assert_eq!(unknown, [3, 4, 5, 6]);
        let obs: Vec<&fhir::Observation> = c
            .bundle
            .resources()
            .filter_map(|r| match r {
                fhir::Resource::Observation(o) => Some(&**o),
                _ => None,
            })
            .collect();
        assert_eq!(obs.len(), 4);
        for o in &obs {
            assert_eq!(o.interpretation, obs[0].interpretation);
            assert_eq!(o.code, obs[0].code);
            assert_eq!(o.effective, obs[0].effective);
        }
        let i = &obs[3].interpretation[0].coding[0];
        assert_eq!(i.code.as_ref().and_then(|c| c.as_str()), Some("N"));
        assert_eq!(
            i.system.as_ref().and_then(|c| c.as_str()),
            Some("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation")
        );
    }
}
