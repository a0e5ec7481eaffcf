#[test]
fn sizes() {
    use fhir::*;
    macro_rules! s { ($($t:ty),*) => { $( println!("{:>6} {}", std::mem::size_of::<$t>(), stringify!($t)); )* } }
    s!(
        Patient,
        Encounter,
        Location,
        Observation,
        Organization,
        Practitioner,
        PractitionerRole,
        MessageHeader,
        Provenance,
        Immunization,
        DiagnosticReport,
        ServiceRequest,
        RelatedPerson,
        Coverage,
        AllergyIntolerance,
        Bundle,
        BundleEntry,
        BundleEntryRequest,
        Identifier,
        CodeableConcept,
        Coding,
        HumanName,
        Address,
        ContactPoint,
        Reference,
        Extension,
        Period,
        Quantity,
        Meta,
        Narrative,
        Primitive<std::borrow::Cow<'static, str>>,
        Primitive<DateTime>,
        DateTime,
        Resource
    );
}
