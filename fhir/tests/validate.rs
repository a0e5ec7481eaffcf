//! Structural validation: valid instances produce no issues; the classic failures are rejected
//! by strict parsing or by `validate`, with their code and location.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use fhir::codes::{AdministrativeGender, Code, IssueSeverity, IssueType, ObservationStatus};
use fhir::validate::{Issue, IssueKind, MAX_DEPTH, to_operation_outcome, validate_object};
use fhir::{
    Bundle, CodeableConcept, Coding, DateTime, Decimal, ErrorKind, Extension, ExtensionValue,
    HumanName, Observation, Patient, PatientDeceased, Primitive, PrimitiveType, Quantity,
    Reference, Resource, json,
};

fn kinds(issues: &[Issue]) -> Vec<(IssueKind, &str)> {
    issues.iter().map(|i| (i.kind, i.path.as_str())).collect()
}

fn fixture(name: &str) -> Resource {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn fixtures_are_valid() {
    for name in ["patient.json", "observation.json", "bundle.json"] {
        let r = fixture(name);
        let issues = fhir::validate(&r);
        assert!(issues.is_empty(), "{name}: {issues:#?}");
        assert!(r.validate().is_empty());
    }
}

#[test]
fn built_resources_are_valid() {
    let patient = Patient {
        id: Some("p1".into()),
        name: vec![HumanName {
            family: Some("Chalmers".into()),
            given: vec!["Peter".into(), "James".into()],
            ..Default::default()
        }],
        gender: Some(AdministrativeGender::Male.into()),
        deceased: Some(PatientDeceased::DateTime(
            DateTime::parse("2020-01-01T10:00:00+01:00").unwrap().into(),
        )),
        managing_organization: Some(Reference::contained("org")),
        contained: vec![Resource::from(fhir::Organization {
            id: Some("org".into()),
            ..Default::default()
        })],
        ..Default::default()
    };
    assert_eq!(fhir::validate(&patient.clone().into()), vec![]);
    let obs = Observation {
        status: Some(ObservationStatus::Final.into()),
        code: Some(CodeableConcept {
            coding: vec![Coding {
                system: Some("http://loinc.org".into()),
                code: Some("8867-4".into()),
                ..Default::default()
            }],
            ..Default::default()
        }),
        subject: Some(Reference::url(
            "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
        )),
        value: Some(fhir::ObservationValue::Quantity(Box::new(Quantity {
            value: Some(Decimal::parse("72.50").unwrap().into()),
            ..Default::default()
        }))),
        ..Default::default()
    };
    assert_eq!(fhir::validate(&obs.into()), vec![]);
    // References of every allowed form.
    for reference in [
        "Patient/p1",
        "Patient/p1/_history/2",
        "https://example.org/fhir/Patient/p1",
        "urn:oid:1.2.3.4",
        "Patient?identifier=http://example.org|123",
        "http://example.org/not/restful",
        "#",
    ] {
        let r = Resource::from(Patient {
            managing_organization: Some(Reference::url(reference)),
            ..Default::default()
        });
        assert_eq!(fhir::validate(&r), vec![], "{reference}");
    }
}

/// Every populated instance (every element of every type, from the tables) is structurally
/// valid: the only issues are the invariants its arbitrary sample data cannot know about.
#[test]
fn populated_instances_are_structurally_valid() {
    let mut checked = 0;
    for name in fhir::resource_types() {
        let r = common::populated(name);
        for issue in fhir::validate(&r) {
            assert!(
                matches!(
                    issue.kind,
                    IssueKind::ReferenceFormat
                        | IssueKind::ExtensionValueAndChildren
                        | IssueKind::NestedContained
                        | IssueKind::CodeNotInValueSet
                ),
                "{name}: {issue}"
            );
            assert_eq!(issue.severity, IssueSeverity::Error);
        }
        checked += 1;
    }
    assert_eq!(checked, 146);
}

/// The table of classic failures from the issue: each is rejected by strict parsing, and
/// where the model can hold the mistake at all, `validate` reports it.
#[test]
fn classic_failures_are_rejected() {
    let strict: &[(&str, ErrorKind, &str)] = &[
        (
            r#"{"resourceType":"Patient","foo":1}"#,
            ErrorKind::UnknownElement,
            "Patient.foo",
        ),
        (
            r#"{"resourceType":"Patient","birthDate":"1980-02-30"}"#,
            ErrorKind::InvalidValue(PrimitiveType::Date),
            "Patient.birthDate",
        ),
        (
            r#"{"resourceType":"Patient","gender":"M"}"#,
            ErrorKind::UnknownCode,
            "Patient.gender",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"given":["Anna",""]}]}"#,
            ErrorKind::Empty("string"),
            "Patient.name[0].given[1]",
        ),
        (
            r#"{"resourceType":"Patient","deceasedDateTime":"2020-01-01T10:00:00"}"#,
            ErrorKind::InvalidValue(PrimitiveType::DateTime),
            "Patient.deceasedDateTime",
        ),
        (
            r#"{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2020"}"#,
            ErrorKind::DuplicateChoice,
            "Patient.deceasedDateTime",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[null]}]}"#,
            ErrorKind::MisalignedArray,
            "Patient.name[0].given",
        ),
        (
            r#"{"resourceType":"Bundle","id":"b"}"#,
            ErrorKind::MissingRequired,
            "Bundle.type",
        ),
    ];
    for (input, kind, path) in strict {
        let err = json::from_slice(input.as_bytes()).unwrap_err();
        assert_eq!((&err.kind, err.path.as_str()), (kind, *path), "{input}");
    }

    // What the model cannot even hold.
    assert!(AdministrativeGender::from_code("M").is_none());
    assert!(DateTime::parse("2020-01-01T10:00:00").is_err());
    assert!(fhir::Date::parse("1980-02-30").is_err());

    // What it can: validate reports it.
    let cases: Vec<(Resource, IssueKind, &str)> = vec![
        (
            Patient {
                name: vec![HumanName {
                    given: vec!["Anna".into(), "".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }
            .into(),
            IssueKind::EmptyValue,
            "Patient.name[0].given[1]",
        ),
        (
            // The model's form of a misaligned `_given`: an entry with neither value nor
            // extension.
            Patient {
                name: vec![HumanName {
                    given: vec!["Anna".into(), Primitive::default()],
                    ..Default::default()
                }],
                ..Default::default()
            }
            .into(),
            IssueKind::Empty,
            "Patient.name[0].given[1]",
        ),
        (
            Patient {
                name: vec![HumanName::default()],
                ..Default::default()
            }
            .into(),
            IssueKind::Empty,
            "Patient.name[0]",
        ),
        (
            Bundle {
                id: Some("b".into()),
                ..Default::default()
            }
            .into(),
            IssueKind::MissingRequired { min: 1 },
            "Bundle.type",
        ),
        (
            Patient {
                text: Some(fhir::Narrative {
                    status: Some(fhir::codes::NarrativeStatus::Generated.into()),
                    div: "<div><p>no namespace</p></div>".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }
            .into(),
            IssueKind::InvalidValue(PrimitiveType::Xhtml),
            "Patient.text.div",
        ),
        (
            Patient {
                id: Some("not an id".into()),
                ..Default::default()
            }
            .into(),
            IssueKind::InvalidValue(PrimitiveType::Id),
            "Patient.id",
        ),
        (
            Patient {
                implicit_rules: Some("http://example.org/has space".into()),
                ..Default::default()
            }
            .into(),
            IssueKind::InvalidValue(PrimitiveType::Uri),
            "Patient.implicitRules",
        ),
        (
            Patient {
                language: Some(" en".into()),
                ..Default::default()
            }
            .into(),
            IssueKind::InvalidValue(PrimitiveType::Code),
            "Patient.language",
        ),
        (
            Observation {
                status: Some(ObservationStatus::Final.into()),
                ..Default::default()
            }
            .into(),
            IssueKind::MissingRequired { min: 1 },
            "Observation.code",
        ),
        (
            Patient {
                managing_organization: Some(Reference::url("Patient 1")),
                ..Default::default()
            }
            .into(),
            IssueKind::ReferenceFormat,
            "Patient.managingOrganization.reference",
        ),
        (
            Patient {
                general_practitioner: vec![
                    Reference::to("Practitioner", "x"),
                    Reference::url("Unknown/1"),
                ],
                ..Default::default()
            }
            .into(),
            IssueKind::ReferenceFormat,
            "Patient.generalPractitioner[1].reference",
        ),
        (
            Patient {
                managing_organization: Some(Reference::url("urn:uuid:not-a-uuid")),
                ..Default::default()
            }
            .into(),
            IssueKind::ReferenceFormat,
            "Patient.managingOrganization.reference",
        ),
        (
            Patient {
                managing_organization: Some(Reference::contained("org")),
                ..Default::default()
            }
            .into(),
            IssueKind::ContainedNotFound,
            "Patient.managingOrganization.reference",
        ),
        (
            Patient {
                contained: vec![Resource::from(Patient {
                    id: Some("inner".into()),
                    contained: vec![Resource::from(Patient::default())],
                    ..Default::default()
                })],
                ..Default::default()
            }
            .into(),
            IssueKind::NestedContained,
            "Patient.contained[0].contained",
        ),
    ];
    for (r, kind, path) in &cases {
        let issues = fhir::validate(r);
        assert_eq!(kinds(&issues), vec![(*kind, *path)], "{issues:#?}");
        assert!(fhir::validate::has_errors(&issues));
    }
}

fn ext(url: &'static str) -> Extension {
    Extension {
        url: url.into(),
        ..Default::default()
    }
}

#[test]
fn required_bindings_on_codeable_concepts() {
    use fhir::{Condition, Reference};
    let cc = |system: &'static str, code: &'static str| CodeableConcept {
        coding: vec![Coding {
            system: Some(system.into()),
            code: Some(code.into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let clinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    let mut c = Condition {
        subject: Some(Reference::to("Patient", "p1")),
        clinical_status: Some(cc(clinical, "active")),
        ..Default::default()
    };
    assert_eq!(fhir::validate(&c.clone().into()), vec![]);
    // A second coding from another system is fine as long as one is in the value set.
    c.clinical_status.as_mut().unwrap().coding.push(Coding {
        system: Some("http://snomed.info/sct".into()),
        code: Some("55561003".into()),
        ..Default::default()
    });
    assert_eq!(fhir::validate(&c.clone().into()), vec![]);
    c.clinical_status = Some(cc(clinical, "A"));
    c.verification_status = Some(CodeableConcept {
        text: Some("confirmed, says the chart".into()),
        ..Default::default()
    });
    assert_eq!(
        kinds(&fhir::validate(&c.into())),
        vec![
            (IssueKind::CodeNotInValueSet, "Condition.clinicalStatus"),
            (IssueKind::CodeNotInValueSet, "Condition.verificationStatus"),
        ]
    );
    let info = fhir::type_info("Condition").unwrap();
    let f = &info.fields[info.field_index("clinicalStatus").unwrap()];
    assert!(f.binding.unwrap().codes.unwrap().contains(&"remission"));
}

#[test]
fn extensions_obey_ext_1() {
    let mut both = ext("http://example.org/a");
    both.value = Some(ExtensionValue::Boolean(true.into()));
    let mut child = ext("http://example.org/b");
    child.value = Some(ExtensionValue::String("x".into()));
    both.extension.push(child.clone());
    let neither = ext("http://example.org/c");
    let p = Patient {
        extension: vec![both, neither],
        birth_date: Some(Primitive::with_parts(None, None, vec![child, ext("")])),
        ..Default::default()
    };
    let issues = fhir::validate(&p.into());
    assert_eq!(
        kinds(&issues),
        vec![
            (IssueKind::ExtensionValueAndChildren, "Patient.extension[0]"),
            (IssueKind::ExtensionWithoutValue, "Patient.extension[1]"),
            (
                IssueKind::MissingRequired { min: 1 },
                "Patient.birthDate.extension[1].url"
            ),
            (
                IssueKind::ExtensionWithoutValue,
                "Patient.birthDate.extension[1]"
            ),
        ]
    );
    assert!(issues.iter().all(|i| i.code != IssueType::Value));
    assert_eq!(issues[0].code, IssueType::Invariant);
    assert_eq!(issues[0].kind.invariant(), Some("ext-1"));
}

#[test]
fn numbers_and_decimals_are_checked() {
    use fhir::{Attachment, PatientMultipleBirth};
    let p = Patient {
        multiple_birth: Some(PatientMultipleBirth::Integer(Primitive::new(-1))),
        photo: vec![Attachment {
            size: Some(Primitive::new(u32::MAX)),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(
        kinds(&fhir::validate(&p.into())),
        vec![(
            IssueKind::InvalidValue(PrimitiveType::UnsignedInt),
            "Patient.photo[0].size"
        )]
    );
    let q = Quantity {
        value: Some(Decimal::default().into()),
        ..Default::default()
    };
    assert_eq!(
        kinds(&validate_object(&q)),
        vec![(IssueKind::EmptyValue, "Quantity.value")]
    );
    assert_eq!(
        kinds(&validate_object(&HumanName::default())),
        vec![(IssueKind::Empty, "HumanName")]
    );
}

#[test]
fn bundle_entries_are_validated_with_their_paths() {
    let r = json::from_slice(
        br##"{"resourceType":"Bundle","type":"collection","entry":[
        {"resource":{"resourceType":"Patient","id":"a"}},
        {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
          "subject":{"reference":"#nope"}}}]}"##,
    )
    .unwrap();
    let Resource::Bundle(mut b) = r else { panic!() };
    b.entry[0].resource = Some(
        Patient {
            name: vec![HumanName {
                family: Some("".into()),
                ..Default::default()
            }],
            ..Default::default()
        }
        .into(),
    );
    assert_eq!(
        kinds(&fhir::validate(&Resource::Bundle(b))),
        vec![
            (
                IssueKind::EmptyValue,
                "Bundle.entry[0].resource.name[0].family"
            ),
            (
                IssueKind::ContainedNotFound,
                "Bundle.entry[1].resource.subject.reference"
            ),
        ]
    );
}

#[test]
fn depth_is_bounded() {
    let mut e = ext("http://example.org/leaf");
    e.value = Some(ExtensionValue::Boolean(true.into()));
    for _ in 0..MAX_DEPTH + 10 {
        let mut outer = ext("http://example.org/x");
        outer.extension.push(e);
        e = outer;
    }
    let p = Patient {
        extension: vec![e],
        ..Default::default()
    };
    let issues = fhir::validate(&p.into());
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].kind, IssueKind::TooDeep);
    assert_eq!(issues[0].code, IssueType::TooCostly);
}

#[test]
fn operation_outcome_of_issues() {
    let issues = fhir::validate(
        &Bundle {
            id: Some("bad id!".into()),
            ..Default::default()
        }
        .into(),
    );
    assert_eq!(issues.len(), 2);
    let oo = to_operation_outcome(&issues);
    assert!(fhir::validate(&oo.clone().into()).is_empty());
    let out = String::from_utf8(json::to_vec(&oo)).unwrap();
    assert_eq!(
        out,
        r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"value","diagnostics":"invalid id value","expression":["Bundle.id"]},{"severity":"error","code":"required","diagnostics":"required element missing (minimum cardinality 1)","expression":["Bundle.type"]}]}"#
    );
    assert!(!out.contains("bad id"));
    assert_eq!(
        issues[0].to_string(),
        "error (value): invalid id value at Bundle.id"
    );
    let ok = to_operation_outcome(&[]);
    assert_eq!(
        ok.issue[0].severity.as_ref().and_then(Primitive::get),
        Some(IssueSeverity::Information)
    );
    assert!(fhir::validate(&ok.into()).is_empty());
}
