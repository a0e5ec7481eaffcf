//! Hand-written realistic resources, the table of classic failures strict parsing must reject
//! (with their locations), lenient recovery, and the limits against hostile input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fhir::codes::{AdministrativeGender, BundleType, HTTPVerb, ObservationStatus};
use fhir::json::{self, Mode, ParseOptions};
use fhir::{
    Bundle, Decimal, ErrorKind, Extension, ExtensionValue, Observation, ObservationValue, Patient,
    PatientDeceased, Primitive, PrimitiveType, Resource,
};

const PATIENT: &str = include_str!("data/patient.json");
const OBSERVATION: &str = include_str!("data/observation.json");
const BUNDLE: &str = include_str!("data/bundle.json");

#[test]
fn patient_fixture_round_trips_exactly() {
    let r = json::from_slice(PATIENT.as_bytes()).unwrap();
    assert_eq!(
        String::from_utf8(json::to_vec_pretty(&r)).unwrap(),
        PATIENT.trim_end()
    );
    let Resource::Patient(p) = &r else {
        panic!("{r:?}")
    };
    assert_eq!(p.id.as_deref(), Some("example"));
    assert_eq!(
        p.gender.as_ref().and_then(Primitive::get),
        Some(AdministrativeGender::Male)
    );
    assert_eq!(
        p.birth_date
            .as_ref()
            .and_then(|d| d.value())
            .unwrap()
            .as_str(),
        "1974-12-25"
    );
    assert_eq!(p.birth_date.as_ref().unwrap().extension().len(), 1);
    assert!(matches!(&p.deceased, Some(PatientDeceased::Boolean(b)) if b.get() == Some(false)));
    assert_eq!(p.name[1].given.len(), 2);
    assert!(p.name[1].given[1].value.is_none());
    assert_eq!(p.contained[0].resource_type(), "Organization");
    assert!(p.text.as_ref().unwrap().div.as_str().starts_with("<div"));
    // The compact form parses to the same model.
    assert_eq!(json::from_slice(&json::to_vec(&r)).unwrap(), r);
}

#[test]
fn observation_fixture_keeps_decimals_and_unescapes() {
    let r = json::from_slice(OBSERVATION.as_bytes()).unwrap();
    let Resource::Observation(o) = &r else {
        panic!()
    };
    assert_eq!(
        o.status.as_ref().and_then(Primitive::get),
        Some(ObservationStatus::Final)
    );
    let Some(ObservationValue::Quantity(q)) = &o.value else {
        panic!()
    };
    assert_eq!(q.value.as_ref().unwrap().value().unwrap().as_str(), "6.30");
    let low = o.reference_range[0].low.as_ref().unwrap();
    assert_eq!(
        low.value.as_ref().unwrap().value().unwrap().as_str(),
        "3.1e0"
    );
    let Some(fhir::ObservationComponentValue::String(s)) = &o.component[1].value else {
        panic!()
    };
    assert_eq!(s.as_str(), Some("tab\there, quote \" and \\ and é 😀"));
    let out = String::from_utf8(json::to_vec_pretty(&r)).unwrap();
    // Decimals exactly as written, escapes normalised to the minimal JSON form.
    assert!(out.contains("\"value\": 6.30,"));
    assert!(out.contains("\"value\": 3.1e0,"));
    assert!(out.contains(r#""valueString": "tab\there, quote \" and \\ and é 😀""#));
    assert_eq!(json::from_slice(out.as_bytes()).unwrap(), r);
}

#[test]
fn bundle_fixture_round_trips_exactly() {
    let r = json::from_slice(BUNDLE.as_bytes()).unwrap();
    assert_eq!(
        String::from_utf8(json::to_vec_pretty(&r)).unwrap(),
        BUNDLE.trim_end()
    );
    let Resource::Bundle(b) = &r else { panic!() };
    assert_eq!(
        b.type_.as_ref().and_then(Primitive::get),
        Some(BundleType::Transaction)
    );
    assert_eq!(b.entry.len(), 4);
    assert_eq!(
        b.entry[2]
            .request
            .as_ref()
            .unwrap()
            .method
            .as_ref()
            .and_then(Primitive::get),
        Some(HTTPVerb::DELETE)
    );
    let Some(Resource::Parameters(p)) = &b.entry[3].resource else {
        panic!()
    };
    assert_eq!(
        p.parameter[1].resource.as_ref().unwrap().resource_type(),
        "Basic"
    );
    // Typed parsing checks resourceType.
    let bundle: Bundle = json::from_slice_as(BUNDLE.as_bytes(), &ParseOptions::strict())
        .unwrap()
        .value;
    assert_eq!(bundle.entry.len(), 4);
    let err =
        json::from_slice_as::<Patient>(BUNDLE.as_bytes(), &ParseOptions::strict()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::ResourceTypeMismatch("Patient"));
}

#[test]
fn building_and_writing() {
    let obs = Observation {
        status: Some(ObservationStatus::Final.into()),
        code: Some(fhir::CodeableConcept {
            text: Some("glucose".into()),
            ..Default::default()
        }),
        value: Some(ObservationValue::Quantity(Box::new(fhir::Quantity {
            value: Some(Decimal::parse("13.50").unwrap().into()),
            unit: Some("mmol/l".into()),
            ..Default::default()
        }))),
        extension: vec![Extension {
            url: "http://example.org/x".into(),
            value: Some(ExtensionValue::Boolean(true.into())),
            ..Default::default()
        }],
        ..Default::default()
    };
    let out = String::from_utf8(json::to_vec(&obs)).unwrap();
    assert_eq!(
        out,
        r#"{"resourceType":"Observation","extension":[{"url":"http://example.org/x","valueBoolean":true}],"status":"final","code":{"text":"glucose"},"valueQuantity":{"value":13.50,"unit":"mmol/l"}}"#
    );
    // Nothing empty is written.
    let empty = Patient {
        name: vec![fhir::HumanName::default()],
        active: Some(Primitive::default()),
        identifier: vec![fhir::Identifier {
            value: Some("".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(json::to_vec(&empty), br#"{"resourceType":"Patient"}"#);
    assert_eq!(json::to_vec(&fhir::HumanName::default()), b"{}");
}

/// The classic failures: each is rejected in strict mode with its kind and location.
#[test]
fn strict_rejects_the_classic_failures() {
    let cases: &[(&str, ErrorKind, &str)] = &[
        (
            r#"{"resourceType":"Patient","foo":1}"#,
            ErrorKind::UnknownElement,
            "Patient.foo",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"family":"A"},{"givn":["x"]}]}"#,
            ErrorKind::UnknownElement,
            "Patient.name[1].givn",
        ),
        (
            r#"{"resourceType":"Patient","birthDate":"1980-02-30"}"#,
            ErrorKind::InvalidValue(PrimitiveType::Date),
            "Patient.birthDate",
        ),
        (
            r#"{"resourceType":"Patient","birthDate":"02/03/1980"}"#,
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
            r#"{"resourceType":"Patient","name":[{"family":""}]}"#,
            ErrorKind::Empty("string"),
            "Patient.name[0].family",
        ),
        (
            r#"{"resourceType":"Patient","name":[]}"#,
            ErrorKind::Empty("array"),
            "Patient.name",
        ),
        (
            r#"{"resourceType":"Patient","name":[{}]}"#,
            ErrorKind::Empty("object"),
            "Patient.name[0]",
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
            r#"{"resourceType":"Patient","deceasedBoolean":true,"_deceasedDateTime":{"id":"x"}}"#,
            ErrorKind::DuplicateChoice,
            "Patient.deceasedDateTime",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"given":["a","b"],"_given":[null]}]}"#,
            ErrorKind::MisalignedArray,
            "Patient.name[0].given",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"given":["a",null]}]}"#,
            ErrorKind::NullNotAllowed,
            "Patient.name[0].given[1]",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"given":[null],"_given":[null]}]}"#,
            ErrorKind::NullNotAllowed,
            "Patient.name[0].given[0]",
        ),
        (
            r#"{"resourceType":"Patient","active":null}"#,
            ErrorKind::NullNotAllowed,
            "Patient.active",
        ),
        (
            r#"{"resourceType":"Bundle"}"#,
            ErrorKind::MissingRequired,
            "Bundle.type",
        ),
        (
            r#"{"resourceType":"Bundle","type":"batch","entry":[{"request":{"url":"x"}}]}"#,
            ErrorKind::MissingRequired,
            "Bundle.entry[0].request.method",
        ),
        (
            r#"{"resourceType":"Patient","active":"true"}"#,
            ErrorKind::WrongType("boolean"),
            "Patient.active",
        ),
        (
            r#"{"resourceType":"Patient","multipleBirthInteger":1.5}"#,
            ErrorKind::InvalidValue(PrimitiveType::Integer),
            "Patient.multipleBirthInteger",
        ),
        (
            r#"{"resourceType":"Patient","multipleBirthInteger":"2"}"#,
            ErrorKind::WrongType("number"),
            "Patient.multipleBirthInteger",
        ),
        (
            r#"{"resourceType":"Patient","name":{"family":"A"}}"#,
            ErrorKind::WrongType("array"),
            "Patient.name",
        ),
        (
            r#"{"resourceType":"Patient","id":"a_b"}"#,
            ErrorKind::InvalidValue(PrimitiveType::Id),
            "Patient.id",
        ),
        (
            r#"{"resourceType":"Patient","active":true,"active":false}"#,
            ErrorKind::DuplicateKey,
            "Patient.active",
        ),
        (
            r#"{"resourceType":"Patient","_id":{"id":"x"}}"#,
            ErrorKind::UnknownElement,
            "Patient._id",
        ),
        (
            r#"{"resourceType":"Patient","_name":[{"id":"x"}]}"#,
            ErrorKind::UnknownElement,
            "Patient._name",
        ),
        (
            r#"{"resourceType":"Patient","contained":[{"id":"x"}]}"#,
            ErrorKind::MissingResourceType,
            "Patient.contained[0]",
        ),
        (
            r#"{"resourceType":"Patient","contained":[{"resourceType":"Nope"}]}"#,
            ErrorKind::UnknownResourceType,
            "Patient.contained[0]",
        ),
        (
            r#"{"resourceType":"Nope"}"#,
            ErrorKind::UnknownResourceType,
            "",
        ),
        (r#"{"id":"x"}"#, ErrorKind::MissingResourceType, ""),
        (
            r#"{"resourceType":"Patient","extension":[{"valueString":"x"}]}"#,
            ErrorKind::MissingRequired,
            "Patient.extension[0].url",
        ),
        (
            r#"{"resourceType":"Patient","text":{"status":"generated"}}"#,
            ErrorKind::MissingRequired,
            "Patient.text.div",
        ),
        (
            r#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"1.0"}}"#,
            ErrorKind::WrongType("number"),
            "Observation.valueQuantity.value",
        ),
        (
            r#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":01}}"#,
            ErrorKind::Syntax("expected ',' or '}'"),
            "Observation.valueQuantity",
        ),
        (
            r#"{"resourceType":"Patient"} x"#,
            ErrorKind::TrailingData,
            "Patient",
        ),
        (
            r#"{"resourceType":"Patient","active":true,}"#,
            ErrorKind::Syntax("trailing comma"),
            "Patient",
        ),
        (
            "\u{feff}{\"resourceType\":\"Patient\"}",
            ErrorKind::ByteOrderMark,
            "",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"family":"\ud800x"}]}"#,
            ErrorKind::Syntax("invalid unicode escape"),
            "Patient.name[0].family",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"family":"a\u0000b"}]}"#,
            ErrorKind::InvalidValue(PrimitiveType::String),
            "Patient.name[0].family",
        ),
        (
            r#"{"resourceType":"Patient","name":[{"family":"a\qb"}]}"#,
            ErrorKind::Syntax("invalid escape"),
            "Patient.name[0].family",
        ),
        (
            r#"{"resourceType":"Patient","multipleBirthInteger":2147483648}"#,
            ErrorKind::InvalidValue(PrimitiveType::Integer),
            "Patient.multipleBirthInteger",
        ),
        (
            r#"{"resourceType":"Patient","multipleBirthInteger":1e2}"#,
            ErrorKind::InvalidValue(PrimitiveType::Integer),
            "Patient.multipleBirthInteger",
        ),
        (
            r#"{"resourceType":"Patient","resourceType":"Observation"}"#,
            ErrorKind::DuplicateKey,
            "Patient",
        ),
        (r#"{"resourceType":1}"#, ErrorKind::MissingResourceType, ""),
        (
            r#"{"resourceType":"Patient","telecom":[{"rank":0}]}"#,
            ErrorKind::InvalidValue(PrimitiveType::PositiveInt),
            "Patient.telecom[0].rank",
        ),
    ];
    for (input, kind, path) in cases {
        let err = json::from_slice(input.as_bytes()).expect_err(input);
        assert_eq!(&err.kind, kind, "{input}");
        assert_eq!(err.path, *path, "{input}");
        assert!(err.offset <= input.len());
        // Messages never echo values.
        let msg = err.to_string();
        for secret in ["Anna", "1980", "\"M\"", "2020-01-01"] {
            assert!(!msg.contains(secret), "{msg}");
        }
    }
}

#[test]
fn error_offsets_point_at_the_problem() {
    let input = r#"{"resourceType":"Patient","gender":"M"}"#;
    let err = json::from_slice(input.as_bytes()).unwrap_err();
    assert_eq!(&input[err.offset..], r#""M"}"#);
    assert_eq!(
        err.to_string(),
        "code not in the required value set at Patient.gender (byte 35)"
    );
    let err = json::from_slice(b"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"\xff\"]}]}")
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidUtf8);
    assert_eq!(err.offset, 45);
}

#[test]
fn lenient_recovers_and_warns() {
    let input = br#"{"resourceType":"Patient","foo":1,"gender":"M","birthDate":"1980-02-30",
      "active":"true","name":[{"given":"Anna","family":""},{}],"deceasedBoolean":true,
      "deceasedDateTime":"2020","multipleBirthInteger":"2","telecom":[{"value":12345}]}"#;
    let parsed = json::from_slice_with(input, &ParseOptions::lenient()).unwrap();
    let kinds: Vec<_> = parsed
        .warnings
        .iter()
        .map(|w| (w.kind.clone(), w.path.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ErrorKind::UnknownElement, "Patient.foo"),
            (ErrorKind::UnknownCode, "Patient.gender"),
            (
                ErrorKind::InvalidValue(PrimitiveType::Date),
                "Patient.birthDate"
            ),
            (ErrorKind::WrongType("boolean"), "Patient.active"),
            (ErrorKind::WrongType("array"), "Patient.name[0].given"),
            (ErrorKind::Empty("string"), "Patient.name[0].family"),
            (ErrorKind::Empty("object"), "Patient.name[1]"),
            (ErrorKind::DuplicateChoice, "Patient.deceasedDateTime"),
            (
                ErrorKind::WrongType("number"),
                "Patient.multipleBirthInteger"
            ),
            (ErrorKind::WrongType("string"), "Patient.telecom[0].value"),
        ]
    );
    let Resource::Patient(p) = &parsed.value else {
        panic!()
    };
    assert!(p.gender.is_none() && p.birth_date.is_none());
    assert_eq!(p.active.as_ref().and_then(Primitive::get), Some(true));
    assert_eq!(p.name.len(), 1);
    assert_eq!(p.name[0].given[0].as_str(), Some("Anna"));
    assert!(p.name[0].family.is_none());
    assert!(matches!(p.deceased, Some(PatientDeceased::Boolean(_))));
    assert_eq!(
        p.telecom[0].value.as_ref().and_then(Primitive::as_str),
        Some("12345")
    );
    // What lenient parsing kept is strictly valid.
    assert!(json::from_slice(&json::to_vec(&parsed.value)).is_ok());
    let w = &parsed.warnings[1];
    let at = std::str::from_utf8(input).unwrap().find(r#""M""#).unwrap();
    assert_eq!(w.offset, at);
    assert_eq!(
        w.to_string(),
        format!("code not in the required value set at Patient.gender (byte {at})")
    );
}

#[test]
fn lenient_still_fails_on_broken_json() {
    for input in [
        &b"{"[..],
        b"",
        b"[]",
        b"{\"resourceType\":\"Patient\",}",
        b"{\"resourceType\":\"Patient\"} {}",
    ] {
        assert!(json::from_slice_with(input, &ParseOptions::lenient()).is_err());
    }
}

#[test]
fn depth_is_bounded() {
    // Extensions nested 10 000 deep: an error, not a stack overflow.
    let n = 10_000;
    let mut s = String::from(r#"{"resourceType":"Basic","code":{"text":"x"},"extension":["#);
    for _ in 0..n {
        s.push_str(r#"{"url":"u","extension":["#);
    }
    for _ in 0..n {
        s.push_str("]}");
    }
    s.push_str("]}");
    for mode in [Mode::Strict, Mode::Lenient] {
        let opts = ParseOptions {
            mode,
            ..ParseOptions::strict()
        };
        let err = json::from_slice_with(s.as_bytes(), &opts).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TooDeep);
    }
    // Unknown keys are skipped with the same bound.
    let deep = format!(
        "{{\"resourceType\":\"Basic\",\"x\":{}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let err = json::from_slice_with(deep.as_bytes(), &ParseOptions::lenient()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::TooDeep);
    // 40 levels are fine.
    let mut ok = String::from(r#"{"resourceType":"Basic","code":{"text":"x"},"extension":["#);
    for _ in 0..40 {
        ok.push_str(r#"{"url":"u","extension":["#);
    }
    ok.push_str(r#"{"url":"u","valueInteger":1}"#);
    for _ in 0..40 {
        ok.push_str("]}");
    }
    ok.push_str("]}");
    assert!(json::from_slice(ok.as_bytes()).is_ok());
}

#[test]
fn memory_is_bounded() {
    let mut s = String::from(r#"{"resourceType":"Patient","contained":["#);
    for i in 0..2000 {
        if i > 0 {
            s.push(',');
        }
        s.push_str(r#"{"resourceType":"ExplanationOfBenefit","id":"a"}"#);
    }
    s.push_str("]}");
    // (Lenient, as these resources lack required elements.)
    let opts = ParseOptions {
        max_memory: Some(100_000),
        ..ParseOptions::lenient()
    };
    assert_eq!(
        json::from_slice_with(s.as_bytes(), &opts).unwrap_err().kind,
        ErrorKind::TooLarge
    );
    assert!(json::from_slice_with(s.as_bytes(), &ParseOptions::lenient()).is_ok());
}

#[test]
fn unknown_keys_are_only_echoed_when_plausible() {
    let err = json::from_slice(br#"{"resourceType":"Patient","a b c \"1980\"":1}"#).unwrap_err();
    assert_eq!(err.path, "Patient.?");
}

/// Regression (found by `tests/prop.rs`): in lenient mode an object whose members were all
/// skipped is dropped like an empty one, so that what lenient parsing returns writes and
/// re-reads to the same model.
#[test]
fn lenient_drops_objects_left_empty() {
    let input = br#"{"resourceType":"Patient","identifier":[{"type":{"oding":[]},"value":"1"}],
      "deceasedDateTime":"bad","maritalStatus":{"x":1},"contact":[{"foo":true}]}"#;
    let parsed = json::from_slice_with(input, &ParseOptions::lenient()).unwrap();
    let Resource::Patient(p) = &parsed.value else {
        panic!()
    };
    assert!(p.identifier[0].type_.is_none());
    assert!(p.deceased.is_none() && p.marital_status.is_none() && p.contact.is_empty());
    let out = json::to_vec(&parsed.value);
    assert_eq!(json::from_slice(&out).unwrap(), parsed.value);
    assert_eq!(
        std::str::from_utf8(&out).unwrap(),
        r#"{"resourceType":"Patient","identifier":[{"value":"1"}]}"#
    );
}

#[test]
fn references_and_bundle_helpers() {
    use fhir::helpers::ReferenceTarget as T;
    let cases: &[(&str, T<'_>)] = &[
        ("#org1", T::Contained("org1")),
        (
            "Patient/1",
            T::Relative {
                resource_type: "Patient",
                id: "1",
                version: None,
            },
        ),
        (
            "Patient/1/_history/3",
            T::Relative {
                resource_type: "Patient",
                id: "1",
                version: Some("3"),
            },
        ),
        (
            "http://x.org/fhir/Patient/1",
            T::Absolute {
                base: "http://x.org/fhir",
                resource_type: "Patient",
                id: "1",
                version: None,
            },
        ),
        (
            "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
            T::Urn("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"),
        ),
        ("Nope/1", T::Other("Nope/1")),
        ("x/y/Patient/1", T::Other("x/y/Patient/1")),
        ("Patient/a b", T::Other("Patient/a b")),
        (
            "http://hl7.org/fhir/ValueSet/x",
            T::Absolute {
                base: "http://hl7.org/fhir",
                resource_type: "ValueSet",
                id: "x",
                version: None,
            },
        ),
        (
            "http://example.org/some/path",
            T::Other("http://example.org/some/path"),
        ),
    ];
    for (s, want) in cases {
        assert_eq!(T::parse(s), *want, "{s}");
    }
    let r = json::from_slice(BUNDLE.as_bytes()).unwrap();
    let Resource::Bundle(b) = &r else { panic!() };
    assert_eq!(b.resources().count(), 3);
    let obs = b.resources().nth(1).unwrap();
    let Resource::Observation(o) = obs else {
        panic!()
    };
    let subject = o.subject.as_ref().unwrap();
    assert!(matches!(subject.target(), Some(T::Urn(_))));
    let patient = b.resolve(subject.reference_str().unwrap()).unwrap();
    assert_eq!(patient.resource_type(), "Patient");
    assert!(b.entry_by_full_url("urn:uuid:nope").is_none());
    assert!(b.resolve("#x").is_none());
    let p = Resource::from(Patient {
        id: Some("p9".into()),
        ..Default::default()
    });
    assert_eq!(p.id(), Some("p9"));
    assert_eq!(p.reference().unwrap().reference_str(), Some("Patient/p9"));
    assert_eq!(fhir::Reference::contained("a").reference_str(), Some("#a"));
    // Resolution by a fullUrl ending in Type/id.
    let b2: Bundle = json::from_slice_as(
        br#"{"resourceType":"Bundle","type":"searchset","entry":[{"fullUrl":"http://s/fhir/Patient/7","resource":{"resourceType":"Patient"}},{"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"}}}]}"#,
        &ParseOptions::strict(),
    )
    .unwrap()
    .value;
    assert_eq!(
        b2.resolve("Patient/7").map(Resource::resource_type),
        Some("Patient")
    );
    assert_eq!(
        b2.resolve("http://other/fhir/Observation/o1")
            .map(Resource::resource_type),
        Some("Observation")
    );
    assert!(b2.resolve("RelatedPerson/7").is_none());
}
