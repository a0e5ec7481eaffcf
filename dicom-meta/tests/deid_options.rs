//! De-identification with the PS3.15 E.3 options on a CT header written for these tests:
//! each option's effect, the Basic Profile unchanged when no option is set, and
//! determinism for one key.

use dicom_meta::deid::{self, Action, DeidOptions};
use dicom_meta::{OwnedDataSet, Tag, Vr, tags};

const KEY: &[u8] = b"study key";

fn code(value: &str, meaning: &str) -> OwnedDataSet {
    let mut c = OwnedDataSet::new();
    c.put_str(tags::CodeValue, Vr::SH, value);
    c.put_str(tags::CodingSchemeDesignator, Vr::SH, "DCM");
    c.put_str(tags::CodeMeaning, Vr::LO, meaning);
    c
}

/// A CT header with identifiers, descriptions naming the patient, an SR-like content
/// sequence and a graphic annotation.
fn ct() -> OwnedDataSet {
    let mut ds = OwnedDataSet::new();
    ds.put_str(tags::SOPClassUID, Vr::UI, "1.2.840.10008.5.1.4.1.1.2");
    ds.put_str(
        tags::SOPInstanceUID,
        Vr::UI,
        "1.2.826.0.1.3680043.8.498.10.1",
    );
    ds.put_str(
        tags::StudyInstanceUID,
        Vr::UI,
        "1.2.826.0.1.3680043.8.498.10",
    );
    ds.put_str(
        tags::SeriesInstanceUID,
        Vr::UI,
        "1.2.826.0.1.3680043.8.498.10.2",
    );
    ds.put_str(tags::StudyDate, Vr::DA, "20240315");
    ds.put_str(tags::SeriesDate, Vr::DA, "20240315");
    ds.put_str(tags::StudyTime, Vr::TM, "101500");
    ds.put_str(tags::AccessionNumber, Vr::SH, "ACC20240315");
    ds.put_str(tags::Modality, Vr::CS, "CT");
    ds.put_str(tags::InstitutionName, Vr::LO, "St Elsewhere Hospital");
    ds.put_str(tags::ReferringPhysicianName, Vr::PN, "Kildare^James");
    ds.put_str(tags::StationName, Vr::SH, "CTSCAN01");
    ds.put_str(
        tags::StudyDescription,
        Vr::LO,
        "CT chest for Jane Doe (MRN 7654321)",
    );
    ds.put_str(
        tags::SeriesDescription,
        Vr::LO,
        "Follow-up, ref. Dr KILDARE",
    );
    ds.put_str(tags::PatientName, Vr::PN, "Doe^Jane^Q");
    ds.put_str(tags::PatientID, Vr::LO, "7654321");
    ds.put_str(tags::PatientBirthDate, Vr::DA, "19800102");
    ds.put_str(tags::PatientSex, Vr::CS, "F");
    ds.put_str(tags::PatientAge, Vr::AS, "044Y");
    ds.put_str(tags::DeviceSerialNumber, Vr::LO, "SN-998877");
    ds.put_str(
        tags::ImageComments,
        Vr::LT,
        "Born 19800102; jane doe seen at St Elsewhere Hospital",
    );
    ds.put_bytes(Tag::new(0x0029, 0x0010), Vr::LO, b"ACME 1.0".to_vec());
    ds.put_bytes(Tag::new(0x0029, 0x1010), Vr::LO, b"Doe".to_vec());
    // SR-like content: a coded concept and a text value naming the patient.
    let mut text = OwnedDataSet::new();
    text.put_str(tags::RelationshipType, Vr::CS, "CONTAINS");
    text.put_str(tags::ValueType, Vr::CS, "TEXT");
    text.put_items(
        tags::ConceptNameCodeSequence,
        vec![code("121071", "Finding")],
    );
    text.put_str(
        tags::TextValue,
        Vr::UT,
        "Nodule unchanged since prior exam of Jane Doe, ID 7654321.",
    );
    text.put_str(
        tags::ReferencedSOPInstanceUID,
        Vr::UI,
        "1.2.826.0.1.3680043.8.498.9",
    );
    ds.put_items(tags::ContentSequence, vec![text]);
    // A graphic annotation with a text object and a graphic object.
    let mut to = OwnedDataSet::new();
    to.put_str(tags::UnformattedTextValue, Vr::ST, "DOE, JANE 7654321");
    let mut go = OwnedDataSet::new();
    go.put_str(tags::GraphicType, Vr::CS, "POLYLINE");
    go.put_u16s(tags::NumberOfGraphicPoints, &[2]);
    let mut ann = OwnedDataSet::new();
    ann.put_str(tags::GraphicLayer, Vr::CS, "LAYER1");
    ann.put_items(tags::TextObjectSequence, vec![to]);
    ann.put_items(tags::GraphicObjectSequence, vec![go]);
    ds.put_items(tags::GraphicAnnotationSequence, vec![ann]);
    ds.put_str(
        Tag::new(0x6000, 0x0022),
        Vr::LO,
        "Marked by Kildare for Jane",
    );
    ds
}

fn text(ds: &OwnedDataSet, tag: Tag) -> Option<String> {
    ds.get(tag).and_then(|e| e.text()).map(str::to_string)
}

fn with(opts: DeidOptions) -> OwnedDataSet {
    let mut ds = ct();
    deid::deidentify_with(&mut ds, KEY, &opts);
    ds
}

fn codes(ds: &OwnedDataSet) -> Vec<String> {
    ds.get(tags::DeidentificationMethodCodeSequence)
        .and_then(|e| e.items())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| text(c, tags::CodeValue))
        .collect()
}

#[test]
fn no_option_is_the_basic_profile() {
    let mut a = ct();
    let ra = deid::deidentify(&mut a, KEY);
    let mut b = ct();
    let rb = deid::deidentify_with(&mut b, KEY, &DeidOptions::default());
    assert_eq!(a, b);
    assert_eq!(ra, rb);
    let mut c = ct();
    c.deidentify_with(KEY, &DeidOptions::new());
    assert_eq!(a, c);
    // What the Basic Profile does to this header.
    assert_eq!(text(&a, tags::PatientName).as_deref(), Some(""));
    assert_eq!(text(&a, tags::PatientID).as_deref(), Some("ANONYMIZED"));
    assert!(a.get(tags::StudyDescription).is_none());
    assert!(a.get(tags::ImageComments).is_none());
    assert!(a.get(Tag::new(0x0029, 0x1010)).is_none());
    assert_eq!(text(&a, tags::StudyDate).as_deref(), Some(""));
    assert_eq!(
        text(&a, tags::StudyInstanceUID),
        Some(deid::replace_uid("1.2.826.0.1.3680043.8.498.10", KEY))
    );
    assert_eq!(text(&a, tags::Modality).as_deref(), Some("CT"));
    assert_eq!(codes(&a), ["113100"]);
    assert!(
        a.get(tags::LongitudinalTemporalInformationModified)
            .is_none()
    );
    // Basic: the content sequence is kept (D on a sequence) with its text value as it is.
    let item = &a.get(tags::ContentSequence).unwrap().items().unwrap()[0];
    assert!(text(item, tags::TextValue).unwrap().contains("Jane Doe"));
}

#[test]
fn same_key_same_result_other_key_other_uids_and_shift() {
    let all = DeidOptions::new()
        .retain_modified_dates(true)
        .clean_descriptors(true)
        .clean_structured_content(true)
        .clean_graphics(true);
    assert_eq!(with(all), with(all));
    let mut other = ct();
    deid::deidentify_with(&mut other, b"another key", &all);
    let mine = with(all);
    assert_ne!(
        text(&mine, tags::StudyInstanceUID),
        text(&other, tags::StudyInstanceUID)
    );
    assert_ne!(text(&mine, tags::StudyDate), text(&other, tags::StudyDate));
}

#[test]
fn retain_uids() {
    let ds = with(DeidOptions::new().retain_uids(true));
    assert_eq!(
        text(&ds, tags::StudyInstanceUID).as_deref(),
        Some("1.2.826.0.1.3680043.8.498.10")
    );
    assert_eq!(
        text(&ds, tags::SOPInstanceUID).as_deref(),
        Some("1.2.826.0.1.3680043.8.498.10.1")
    );
    assert_eq!(text(&ds, tags::PatientName).as_deref(), Some(""));
    assert_eq!(codes(&ds), ["113100", "113110"]);
}

#[test]
fn retain_device_institution_and_patient_characteristics() {
    let ds = with(DeidOptions::new().retain_device_identity(true));
    assert_eq!(
        text(&ds, tags::DeviceSerialNumber).as_deref(),
        Some("SN-998877")
    );
    assert_eq!(text(&ds, tags::StationName).as_deref(), Some("CTSCAN01"));
    assert_eq!(
        text(&ds, tags::InstitutionName).as_deref(),
        Some("ANONYMIZED")
    );
    let ds = with(DeidOptions::new().retain_institution_identity(true));
    assert_eq!(
        text(&ds, tags::InstitutionName).as_deref(),
        Some("St Elsewhere Hospital")
    );
    assert_ne!(
        text(&ds, tags::DeviceSerialNumber).as_deref(),
        Some("SN-998877")
    );
    let basic = with(DeidOptions::new());
    let ds = with(DeidOptions::new().retain_patient_characteristics(true));
    assert_eq!(text(&ds, tags::PatientSex).as_deref(), Some("F"));
    assert_eq!(text(&ds, tags::PatientAge).as_deref(), Some("044Y"));
    assert_eq!(
        deid::action(tags::PatientAge),
        Action::Remove,
        "the Basic Profile removes the age"
    );
    assert!(basic.get(tags::PatientAge).is_none());
    assert_eq!(text(&ds, tags::PatientID).as_deref(), Some("ANONYMIZED"));
}

#[test]
fn retain_full_and_modified_dates() {
    let ds = with(DeidOptions::new().retain_full_dates(true));
    assert_eq!(text(&ds, tags::StudyDate).as_deref(), Some("20240315"));
    assert_eq!(text(&ds, tags::StudyTime).as_deref(), Some("101500"));
    assert_eq!(
        text(&ds, tags::LongitudinalTemporalInformationModified).as_deref(),
        Some("UNMODIFIED")
    );
    // The birth date is not longitudinal temporal information.
    assert_eq!(text(&ds, tags::PatientBirthDate).as_deref(), Some(""));

    let ds = with(DeidOptions::new().retain_modified_dates(true));
    let study = text(&ds, tags::StudyDate).unwrap();
    assert_eq!(study.len(), 8);
    assert!(study.as_str() < "20240315", "{study}");
    // Every date moves by the same amount, so the series date still equals the study date.
    assert_eq!(text(&ds, tags::SeriesDate), Some(study));
    assert_eq!(text(&ds, tags::StudyTime).as_deref(), Some("101500"));
    assert_eq!(
        text(&ds, tags::LongitudinalTemporalInformationModified).as_deref(),
        Some("MODIFIED")
    );
    assert_eq!(codes(&ds), ["113100", "113107"]);
    // Full dates win over modified.
    let ds = with(
        DeidOptions::new()
            .retain_full_dates(true)
            .retain_modified_dates(true),
    );
    assert_eq!(text(&ds, tags::StudyDate).as_deref(), Some("20240315"));
}

#[test]
fn clean_descriptors_removes_identifying_values_from_text() {
    let ds = with(DeidOptions::new().clean_descriptors(true));
    assert_eq!(
        text(&ds, tags::StudyDescription).as_deref(),
        Some("CT chest for *** *** (MRN ***)")
    );
    assert_eq!(
        text(&ds, tags::SeriesDescription).as_deref(),
        Some("Follow-up, ref. Dr ***")
    );
    assert_eq!(
        text(&ds, tags::ImageComments).as_deref(),
        Some("Born ***; *** *** seen at ***")
    );
    // Identifiers themselves still follow the Basic Profile.
    assert_eq!(text(&ds, tags::PatientName).as_deref(), Some(""));
    // With the institution retained, its name is no longer an identifying value.
    let ds = with(
        DeidOptions::new()
            .clean_descriptors(true)
            .retain_institution_identity(true),
    );
    assert_eq!(
        text(&ds, tags::ImageComments).as_deref(),
        Some("Born ***; *** *** seen at St Elsewhere Hospital")
    );
}

#[test]
fn clean_structured_content_cleans_text_replaces_uids_keeps_codes() {
    let ds = with(DeidOptions::new().clean_structured_content(true));
    let item = &ds.get(tags::ContentSequence).unwrap().items().unwrap()[0];
    assert_eq!(
        text(item, tags::TextValue).as_deref(),
        Some("Nodule unchanged since prior exam of *** ***, ID ***.")
    );
    assert_eq!(
        text(item, tags::ReferencedSOPInstanceUID),
        Some(deid::replace_uid("1.2.826.0.1.3680043.8.498.9", KEY))
    );
    let concept = &item
        .get(tags::ConceptNameCodeSequence)
        .unwrap()
        .items()
        .unwrap()[0];
    assert_eq!(text(concept, tags::CodeValue).as_deref(), Some("121071"));
    assert_eq!(text(concept, tags::CodeMeaning).as_deref(), Some("Finding"));
    assert_eq!(text(item, tags::ValueType).as_deref(), Some("TEXT"));
}

#[test]
fn clean_graphics_drops_text_objects_and_cleans_overlay_text() {
    let ds = with(DeidOptions::new().clean_graphics(true));
    let ann = &ds
        .get(tags::GraphicAnnotationSequence)
        .unwrap()
        .items()
        .unwrap()[0];
    assert!(ann.get(tags::TextObjectSequence).is_none());
    let go = &ann
        .get(tags::GraphicObjectSequence)
        .unwrap()
        .items()
        .unwrap()[0];
    assert_eq!(text(go, tags::GraphicType).as_deref(), Some("POLYLINE"));
    assert_eq!(
        text(&ds, Tag::new(0x6000, 0x0022)).as_deref(),
        Some("Marked by *** for ***")
    );
    // Without the option the text object stays (the Basic Profile keeps the sequence).
    let basic = with(DeidOptions::new());
    let ann = &basic
        .get(tags::GraphicAnnotationSequence)
        .unwrap()
        .items()
        .unwrap()[0];
    assert!(ann.get(tags::TextObjectSequence).is_some());
}

#[test]
fn retain_safe_private_still_removes_private_attributes() {
    let ds = with(DeidOptions::new().retain_safe_private(true));
    assert!(ds.get(Tag::new(0x0029, 0x0010)).is_none());
    assert!(ds.get(Tag::new(0x0029, 0x1010)).is_none());
    assert_eq!(codes(&ds), ["113100", "113111"]);
}

#[test]
fn debug_never_shows_values() {
    let opts = DeidOptions::new().clean_descriptors(true);
    let ds = with(opts);
    let shown = format!("{ds:?} {opts:?}");
    assert!(
        !shown.contains("Doe") && !shown.contains("7654321"),
        "{shown}"
    );
}

#[test]
fn deep_nesting_does_not_panic() {
    let mut ds = OwnedDataSet::new();
    for _ in 0..200 {
        let mut outer = OwnedDataSet::new();
        outer.put_items(tags::ContentSequence, vec![ds]);
        ds = outer;
    }
    let all = DeidOptions::new()
        .retain_modified_dates(true)
        .clean_descriptors(true)
        .clean_structured_content(true)
        .clean_graphics(true);
    deid::deidentify_with(&mut ds, KEY, &all);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40),
            "[0-9 .:+\\\\-]{0,30}".prop_map(String::into_bytes),
            "[A-Za-z ^=\\\\]{0,30}".prop_map(String::into_bytes),
        ]
    }

    proptest! {
        /// Cleaning arbitrary names, text, dates and date-times never panics, and dates
        /// come out as digits and separators only.
        #[test]
        fn cleaning_arbitrary_values_never_panics(
            name in bytes(), id in bytes(), desc in bytes(), da in bytes(), dt in bytes(),
        ) {
            let mut ds = OwnedDataSet::new();
            ds.put_bytes(tags::PatientName, Vr::PN, name);
            ds.put_bytes(tags::PatientID, Vr::LO, id);
            ds.put_bytes(tags::StudyDescription, Vr::LO, desc.clone());
            ds.put_bytes(tags::StudyDate, Vr::DA, da);
            ds.put_bytes(tags::AcquisitionDateTime, Vr::DT, dt);
            let mut item = OwnedDataSet::new();
            item.put_bytes(tags::TextValue, Vr::UT, desc);
            ds.put_items(tags::ContentSequence, vec![item]);
            let all = DeidOptions::new()
                .retain_modified_dates(true)
                .clean_descriptors(true)
                .clean_structured_content(true);
            let mut again = ds.clone();
            deid::deidentify_with(&mut ds, KEY, &all);
            deid::deidentify_with(&mut again, KEY, &all);
            prop_assert_eq!(&ds, &again);
            let date = ds.get(tags::StudyDate).and_then(|e| e.bytes()).unwrap_or_default();
            prop_assert!(date.iter().all(|c| c.is_ascii_digit() || b"-\\ \0".contains(c)));
        }
    }
}
