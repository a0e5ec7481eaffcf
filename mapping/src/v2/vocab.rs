//! Vocabulary maps (generated from the IG's concept maps), coding system names and the
//! catalogue of IG maps with what this crate implements.

use super::tables;

/// One row of an IG concept map: v2 code → FHIR code in `system`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Concept {
    pub(crate) v2: &'static str,
    pub(crate) code: &'static str,
    pub(crate) display: &'static str,
    pub(crate) system: &'static str,
}

/// An IG concept map, its concepts sorted by v2 code.
#[derive(Debug)]
pub(crate) struct ConceptMap {
    pub(crate) name: &'static str,
    pub(crate) table: &'static str,
    pub(crate) concepts: &'static [Concept],
}

impl ConceptMap {
    pub(crate) fn get(&self, v2: &str) -> Option<&'static Concept> {
        let concepts: &'static [Concept] = self.concepts;
        concepts
            .binary_search_by(|c| c.v2.cmp(v2))
            .ok()
            .and_then(|i| concepts.get(i))
    }

    /// The digits of the map's v2 table name (`HL70001` → `0001`).
    fn table_digits(&self) -> &'static str {
        let mut d: &'static str = self.table;
        while let Some(rest) = d.strip_prefix("HL7") {
            d = rest;
        }
        d.trim_start_matches('-')
    }

    /// Whether `system` is the code system of the map's v2 table (no allocation).
    pub(crate) fn is_v2_system(&self, system: &str) -> bool {
        let digits = self.table_digits();
        system
            .strip_prefix("http://terminology.hl7.org/CodeSystem/v2-")
            .is_some_and(|d| d.len() == 4 && d == digits)
    }

    /// The `http://terminology.hl7.org/CodeSystem/v2-NNNN` system of the map's v2 table:
    /// borrowed from the map's first concept when that has it (most maps), else made.
    pub(crate) fn v2_system(&self) -> Option<fhir::FhirString> {
        const BASE: &str = "http://terminology.hl7.org/CodeSystem/v2-";
        let digits = self.table_digits();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let concepts: &'static [Concept] = self.concepts;
        if let Some(c) = concepts.first().filter(|c| self.is_v2_system(c.system)) {
            return Some(fhir::FhirString::from_static(c.system));
        }
        let mut s = String::with_capacity(BASE.len() + 4);
        s.push_str(BASE);
        s.push_str(digits);
        Some(fhir::FhirString::from(s))
    }
}

/// An IG segment or datatype map and the field/component numbers it maps.
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct ElementMap {
    pub(crate) name: &'static str,
    pub(crate) element: &'static str,
    pub(crate) mapped: &'static [u16],
}

/// An IG message map.
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct MessageMap {
    pub(crate) structure: &'static str,
    pub(crate) segment_maps: &'static [(&'static str, &'static str)],
}

/// The structure of a message: MSH-9.3, else table 0354 for code + trigger, else
/// `CODE_TRIGGER`.
pub(crate) fn structure_of(code: &str, trigger: &str, structure: &str) -> String {
    if !structure.is_empty() {
        return structure.to_owned();
    }
    tables::EVENT_STRUCTURES
        .binary_search_by(|((c, t), _)| (*c, *t).cmp(&(code, trigger)))
        .ok()
        .and_then(|i| tables::EVENT_STRUCTURES.get(i))
        .map_or_else(|| format!("{code}_{trigger}"), |(_, s)| (*s).to_owned())
}

/// Whether the IG has a message map for the structure (or one it shares, e.g. ADT_A04 →
/// ADT_A01 through table 0354).
pub(crate) fn has_message_map(structure: &str) -> bool {
    const SHARED: &[&str] = &[
        "ADT_A03", "ADT_A12", "ADT_A15", "ADT_A21", "ADT_A39", "ADT_A40", "MDM_T01", "SIU_S13",
        "SIU_S14", "SIU_S15", "ORU_R30",
    ];
    tables::MESSAGE_MAPS
        .iter()
        .any(|m| m.structure == structure)
        || SHARED.contains(&structure)
}

/// v2 coding system names (CWE-3, table 0396 and common local usage) → FHIR system URIs.
const CODING_SYSTEMS: &[(&str, &str)] = &[
    (
        "ACTCODE",
        "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    ),
    ("C4", "http://www.ama-assn.org/go/cpt"),
    ("CPT", "http://www.ama-assn.org/go/cpt"),
    ("CVX", "http://hl7.org/fhir/sid/cvx"),
    (
        "HCPCS",
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    ),
    ("I10", "http://hl7.org/fhir/sid/icd-10"),
    ("I10C", "http://hl7.org/fhir/sid/icd-10-cm"),
    ("I10P", "http://www.cms.gov/Medicare/Coding/ICD10"),
    ("I9", "http://hl7.org/fhir/sid/icd-9-cm"),
    ("I9C", "http://hl7.org/fhir/sid/icd-9-cm"),
    ("ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm"),
    ("ISO3166", "urn:iso:std:iso:3166"),
    ("ISO639", "urn:ietf:bcp:47"),
    ("LN", "http://loinc.org"),
    ("LOINC", "http://loinc.org"),
    ("MVX", "http://terminology.hl7.org/CodeSystem/MVX"),
    ("NCIT", "http://ncimeta.nci.nih.gov"),
    ("NDC", "http://hl7.org/fhir/sid/ndc"),
    ("NUCC", "http://nucc.org/provider-taxonomy"),
    ("RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm"),
    ("SCT", "http://snomed.info/sct"),
    ("SNM", "http://snomed.info/sct"),
    ("SNOMEDCT", "http://snomed.info/sct"),
    ("UCUM", "http://unitsofmeasure.org"),
    ("UMLS", "http://www.nlm.nih.gov/research/umls"),
];

/// The FHIR system of a v2 coding system name: `HL7nnnn` / `HL7-nnnn` → the v2 table's
/// code system, else the built-in table. `None` for local (`99…`) or unknown names.
pub(crate) fn coding_system(name: &str) -> Option<fhir::FhirString> {
    let digits = name
        .strip_prefix("HL7")
        .map(|d| d.trim_start_matches('-'))
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()));
    if let Some(d) = digits {
        const PREFIX: &str = "http://terminology.hl7.org/CodeSystem/v2-";
        let mut s = String::with_capacity(PREFIX.len() + d.len());
        s.push_str(PREFIX);
        s.push_str(d);
        return Some(fhir::FhirString::from(s));
    }
    CODING_SYSTEMS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| fhir::FhirString::from_static(v))
}

/// What an IG map transforms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MapKind {
    /// A message map (`messages/`).
    Message,
    /// A segment map (`segments/`).
    Segment,
    /// A datatype map (`datatypes/`).
    Datatype,
    /// A vocabulary map (`codesystems/`).
    Vocabulary,
}

/// One IG map and whether this crate applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MapStatus {
    /// The IG's name, e.g. `PID[Patient]`, `CX[Identifier]`, `AdministrativeSex`, `ADT_A01`.
    pub name: &'static str,
    /// Message, segment, datatype or vocabulary map.
    pub kind: MapKind,
    /// Whether the conversion applies it (fully or partly: unmapped fields are reported as
    /// issues at run time).
    pub implemented: bool,
    /// Whether the IG table has nothing to apply: a vocabulary map without a single row that
    /// maps a v2 code to a FHIR code (such as `RequestedGiveUnits`, whose table is empty).
    /// Such a map is never `implemented`; the fields that name it keep their codes as coded.
    pub empty_in_ig: bool,
}

/// Segment maps implemented here (by the IG's names).
pub(crate) const SEGMENT_MAPS_DONE: &[&str] = &[
    "MSH[Bundle]",
    "MSH[MessageHeader]",
    "MSH[Provenance-Operator]",
    "MSH[Encounter]",
    "EVN[Provenance]",
    "PID[Patient]",
    "PID[Account]",
    "PD1[Patient]",
    "NK1[RelatedPerson]",
    "PV1[Encounter]",
    "PV2[Encounter]",
    "OBR[ServiceRequest]",
    "OBR[DiagnosticReport]",
    "OBX[Observation]",
    "ORC[ServiceRequest]",
    "NTE[Observation]",
    "NTE[ServiceRequest]",
    "AL1[AllergyIntolerance]",
    "DG1[Condition]",
    "DG1[Encounter]",
    "PR1[Procedure]",
    "IN1[Coverage]",
    "RXA[Immunization]",
    "RXR[Immunization]",
    "ORC[Immunization]",
    "SPM[Specimen]",
    "TXA[DocumentReference]",
    "SCH[Appointment]",
    "AIS[Appointment]",
    "AIG[Appointment]",
    "AIL[Appointment]",
    "AIP[Appointment]",
    "SFT[Device]",
    "SFT[MessageHeader]",
    "MSA[MessageHeader]",
    "IAM[AllergyIntolerance]",
    "PV1[Patient]",
    "PD1[Observation-LivingWill]",
    "ORC[Provenance]",
    "ROL[Patient-GeneralPractitioner]",
    "ROL[CareTeam]",
    "ROL[Encounter-PractitionerRole]",
    "PRT[PractitionerRole]",
    "PRT[Patient-GeneralPractitioner-Practitioner]",
    "PRT[Patient-GeneralPractitioner-PractitionerRole]",
    "PRT[CareTeam]",
    "PRT[RelatedPerson]",
    "PRT[Device]",
    "PRT[Observation-Location]",
    "RXO[MedicationRequest]",
    "RXR[MedicationRequest]",
    "TQ1[MedicationRequest]",
    "TQ1[ServiceRequest]",
    "OBX[DocumentReference]",
    "NTE[DocumentReference]",
    "PV1[Coverage]",
    "NK1[Patient]",
    "MRG[Account]",
    "MSH[Provenance-Source]",
    "PID[Provenance-Patient]",
    "SCH[Provenance]",
    "TXA[Provenance]",
    "OBX[Observation-Component]",
    "NTE[Appointment-Comment]",
    "PID[Appointment]",
    "OBR[Specimen]",
    "IN3[CareTeam]",
    "SCH[ServiceRequest]",
    "AIS[ServiceRequest]",
    "ORC[DiagnosticReport]",
    "MSH[Provenance-Transformation]",
    "DG1[EpisodeOfCare]",
    "ROL[RelatedPerson]",
    "PV1[Basic-EncounterHistory]",
];

/// Datatype maps implemented here.
pub(crate) const DATATYPE_MAPS_DONE: &[&str] = &[
    "CE[CodeableConcept]",
    "CNE[CodeableConcept]",
    "CWE[CodeableConcept]",
    "CWE[Coding]",
    "CWE[code]",
    "CWE[string]",
    "CWE[Quantity]",
    "CX[Identifier]",
    "DR[Period]",
    "DTM[dateTime]",
    "TS[dateTime]",
    "EI[Identifier-Extension]",
    "HD[Identifier]",
    "HD[Organization]",
    "HD[uri]",
    "HD[Location]",
    "HD[MessageHeader.source-name]",
    "HD[MessageHeader.destination-name]",
    "ID[code]",
    "ID[boolean]",
    "IS[CodeableConcept]",
    "MSG[Coding]",
    "NM[Quantity]",
    "NR[Range]",
    "PL[Location]",
    "SN[Quantity]",
    "SN[Range]",
    "SN[Ratio]",
    "XAD[Address]",
    "XCN[Practitioner]",
    "XON[Organization]",
    "XPN[HumanName]",
    "XPN[string]",
    "XTN[ContactPoint]",
    "FT[Annotation-Comment]",
    "XCN[PractitionerRole]",
    "XCN[RelatedPerson]",
    "CWE[PractitionerRole]",
    "PLN[Identifier]",
    "EI[Device-udiCarrier]",
    "RPT[Timing]",
    "CQ[Quantity]",
    "CQ[decimal]",
    "CQ[code]",
    "CQ[unsignedInt]",
    "NM[positiveInt]",
    "ID[CodeableConcept]",
    "ED[Attachment]",
    "ED[DocumentReference]",
    "RP[Attachment]",
    "RP[DocumentReference]",
    "SPS[Specimen-Source]",
    "DTM[Annotation-Time]",
    "XCN[Annotation-Author]",
    "XON[string]",
    "NM[Quantity-LengthOfStay]",
    "DLN[Identifier]",
    "CNN[Practitioner]",
    "EIP[Identifier-PlacerAssignedIdentifier]",
    "EIP[Identifier-FillerAssignedIdentifier]",
    "PT[Meta]",
    "CWE[Identifier]",
    "EI[Identifier-System]",
    "EI[Identifier-Organization]",
    "ID[Coding]",
    "EI[Condition]",
    "FN[HumanName]",
    "SAD[Address]",
    "HD[MessageHeader.source-endpoint]",
    "HD[MessageHeader.destination-endpoint]",
    "HD[Device]",
    "ID[CodeableConcept-UniversalID]",
    "CX[RelatedPerson-Mother]",
    "DLD[Location-Discharge]",
    "ST[Identifier]",
    "ST[CodeableConcept]",
    "DR[dateTime]",
    "ID[string]",
    "MSG[code]",
    "MSG[MessageHeader]",
    "CF[CodeableConcept]",
    "CWE[Timing-DurationUnit]",
    "TQ[ServiceRequest]",
    "RI[Timing]",
    "TQ[Appointment]",
    "CWE[Organization]",
    "CWE[Device]",
    "XON[Location]",
    "OG[Extension-Subidentifier]",
    "EI[Identifier-DefaultAssigner]",
    "CWE[uri]",
    "TQ[MedicationRequest]",
    "NDL[PractitionerRole]",
    "NA[SampledData]",
];

/// Message structures handled (the walker is generic; these have golden tests).
pub(crate) const MESSAGE_MAPS_DONE: &[&str] = &[
    "ADT_A01", "ADT_A02", "ADT_A05", "ADT_A06", "ADT_A09", "ADT_A17", "MDM_T02", "OML_O21",
    "ORM_O01", "ORU_R01", "SIU_S12", "VXU_V04", "ADT_A11",
];

/// Every map of the IG tables, with whether this crate applies it.
///
/// ```
/// let all = mapping::v2::coverage();
/// assert!(all.iter().any(|m| m.name == "PID[Patient]" && m.implemented));
/// ```
pub fn coverage() -> Vec<MapStatus> {
    let mut out = Vec::new();
    for m in tables::MESSAGE_MAPS {
        out.push(MapStatus {
            name: m.structure,
            kind: MapKind::Message,
            implemented: MESSAGE_MAPS_DONE.contains(&m.structure),
            empty_in_ig: false,
        });
    }
    for m in tables::SEGMENT_MAPS {
        out.push(MapStatus {
            name: m.name,
            kind: MapKind::Segment,
            implemented: SEGMENT_MAPS_DONE.contains(&m.name),
            empty_in_ig: false,
        });
    }
    for m in tables::DATATYPE_MAPS {
        out.push(MapStatus {
            name: m.name,
            kind: MapKind::Datatype,
            implemented: DATATYPE_MAPS_DONE.contains(&m.name),
            empty_in_ig: false,
        });
    }
    for m in tables::CONCEPT_MAPS {
        out.push(MapStatus {
            name: m.name,
            kind: MapKind::Vocabulary,
            implemented: super::dt::VOCAB_USED.contains(&m.name),
            empty_in_ig: m.concepts.is_empty(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concept_maps_sorted_and_lookup() {
        for m in tables::CONCEPT_MAPS {
            assert!(
                m.concepts.windows(2).all(|w| w[0].v2 < w[1].v2),
                "{} not sorted",
                m.name
            );
        }
        let sex = &tables::ADMINISTRATIVE_SEX;
        assert_eq!(sex.get("F").map(|c| c.code), Some("female"));
        assert!(sex.get("Q").is_none());
        assert_eq!(
            sex.v2_system().as_deref(),
            Some("http://terminology.hl7.org/CodeSystem/v2-0001")
        );
    }

    #[test]
    fn structures() {
        assert_eq!(structure_of("ADT", "A04", ""), "ADT_A01");
        assert_eq!(structure_of("ADT", "A04", "ADT_A01"), "ADT_A01");
        assert_eq!(structure_of("ZZZ", "Z01", ""), "ZZZ_Z01");
        assert!(tables::EVENT_STRUCTURES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn claimed_maps_exist_in_the_ig() {
        for name in SEGMENT_MAPS_DONE {
            assert!(
                tables::SEGMENT_MAPS.iter().any(|m| m.name == *name),
                "{name}"
            );
        }
        for name in DATATYPE_MAPS_DONE {
            assert!(
                tables::DATATYPE_MAPS.iter().any(|m| m.name == *name),
                "{name}"
            );
        }
        for name in super::super::dt::VOCAB_USED {
            assert!(
                tables::CONCEPT_MAPS.iter().any(|m| m.name == *name),
                "{name}"
            );
        }
    }
}
