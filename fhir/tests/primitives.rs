//! Lexical spaces of the primitive types and the date/time conversions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
use fhir::{Date, DateTime, Instant, Precision, PrimitiveType, Time};

#[test]
fn lexical_spaces() {
    use PrimitiveType as P;
    let ok = [
        (P::Integer, "-12"),
        (P::Integer, "0"),
        (P::Integer, "2147483647"),
        (P::UnsignedInt, "0"),
        (P::PositiveInt, "7"),
        (P::Decimal, "-0.0e+10"),
        (P::Decimal, "13.50"),
        (P::Date, "2024"),
        (P::Date, "2024-02"),
        (P::Date, "2024-02-29"),
        (P::DateTime, "2024-02-29T23:59:60.123Z"),
        (P::DateTime, "2024-02-29T00:00:00-14:00"),
        (P::Instant, "2015-02-07T13:28:17.239+02:00"),
        (P::Time, "13:28:17"),
        (P::Time, "13:28:17.5"),
        (P::Id, "a-B.9"),
        (P::Code, "a b"),
        (P::Oid, "urn:oid:1.2.840.10008"),
        (P::Uuid, "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"),
        (P::Base64Binary, "SGVsbG8="),
        (P::String, "line\nbreak"),
        (P::Uri, "http://x/y"),
    ];
    for (t, s) in ok {
        assert!(t.is_valid(s), "{t:?} {s}");
    }
    let bad = [
        (P::Boolean, "TRUE"),
        (P::Integer, "01"),
        (P::Integer, "2147483648"),
        (P::Integer, "1.0"),
        (P::UnsignedInt, "-1"),
        (P::PositiveInt, "0"),
        (P::Decimal, "1."),
        (P::Decimal, ".5"),
        (P::Decimal, "01"),
        (P::Date, "0000"),
        (P::Date, "2023-02-29"),
        (P::Date, "2024-13"),
        (P::Date, "2024-1-01"),
        (P::Date, "2024-01-01T00:00:00Z"),
        (P::DateTime, "2024-01-01T10:00:00"),
        (P::DateTime, "2024-01T10:00:00Z"),
        (P::DateTime, "2024-01-01T10:00Z"),
        (P::DateTime, "2024-01-01T24:00:00Z"),
        (P::DateTime, "2024-01-01T10:00:00+14:30"),
        (P::Instant, "2024-01-01"),
        (P::Time, "25:00:00"),
        (P::Time, "10:00"),
        (P::Time, "10:00:00Z"),
        (P::Id, ""),
        (P::Id, "a_b"),
        (P::Code, " a"),
        (P::Code, "a  b"),
        (P::Code, "a "),
        (P::Oid, "urn:oid:3.1"),
        (P::Uuid, "urn:uuid:C757873D-EC9A-4326-A141-556F43239520"),
        (P::Base64Binary, "SGVsbG8"),
        (P::String, ""),
        (P::String, "bell\u{7}"),
        (P::Uri, "a b"),
    ];
    for (t, s) in bad {
        assert!(!t.is_valid(s), "{t:?} {s}");
    }
}

#[test]
fn conversions() {
    let t = DateTime::parse("2024-02-29T23:59:59.5Z").unwrap();
    assert_eq!(t.precision(), Precision::Fraction(1));
    let c = t.to_chrono().unwrap();
    assert_eq!(
        DateTime::try_from(c).unwrap().as_str(),
        "2024-02-29T23:59:59.500Z"
    );
    let east = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
    let t2 = east.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    assert_eq!(
        DateTime::try_from(t2).unwrap().as_str(),
        "2024-01-02T03:04:05+05:30"
    );
    assert_eq!(Instant::try_from(t2).unwrap().to_chrono(), t2);
    let odd = FixedOffset::east_opt(15 * 3600).unwrap();
    assert!(DateTime::try_from(odd.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap()).is_err());
    assert_eq!(
        DateTime::parse("2024").unwrap().precision(),
        Precision::Year
    );
    assert!(DateTime::parse("2024").unwrap().to_chrono().is_none());
    assert_eq!(
        DateTime::parse("2024-03").unwrap().to_naive_date(),
        NaiveDate::from_ymd_opt(2024, 3, 1)
    );
    let leap = DateTime::parse("2016-12-31T23:59:60Z").unwrap();
    let leap_c = leap.to_chrono().unwrap();
    assert_eq!(
        DateTime::try_from(leap_c).unwrap().as_str(),
        "2016-12-31T23:59:60Z"
    );
    let tm = Time::from(NaiveTime::from_hms_milli_opt(8, 5, 1, 250).unwrap());
    assert_eq!(tm.as_str(), "08:05:01.25");
    assert_eq!(tm.precision(), Precision::Fraction(2));
    assert_eq!(
        Date::try_from(NaiveDate::from_ymd_opt(33, 1, 2).unwrap())
            .unwrap()
            .as_str(),
        "0033-01-02"
    );
    assert!(Date::try_from(NaiveDate::from_ymd_opt(0, 1, 2).unwrap()).is_err());
    assert!(Date::try_from(NaiveDate::from_ymd_opt(10000, 1, 2).unwrap()).is_err());
    let i = Instant::parse("2015-02-07T13:28:17-05:00").unwrap();
    assert_eq!(i.precision(), Precision::Second);
    assert_eq!(format!("{:?}", i), "Instant(..)");
}

#[test]
fn every_key_of_every_table_is_found() {
    let mut types = 0;
    let mut keys = 0;
    for info in fhir::model::all_types() {
        types += 1;
        for &(_, key, f, v) in info.keys {
            assert_eq!(
                info.lookup(key),
                Some((usize::from(f), usize::from(v))),
                "{key}"
            );
            let field = &info.fields[usize::from(f)];
            let expected = match field.choices.get(usize::from(v)) {
                Some(c) => format!("{}{}", field.name, c.suffix),
                None => field.name.to_string(),
            };
            assert_eq!(key, expected);
            keys += 1;
        }
        assert_eq!(info.lookup("noSuchElement"), None);
        assert_eq!(fhir::type_info(info.name).map(|t| t.name), Some(info.name));
    }
    assert_eq!(types, 658);
    assert!(keys > 8000, "{keys}");
}

/// The word-at-a-time checks (eight bytes, an overlapping last word, two overlapping halves for
/// four to seven bytes, bytes one by one below four) find an offending byte at every position
/// of every length, and accept the same text without it.
#[test]
fn one_bad_byte_is_found_at_every_position() {
    use PrimitiveType as P;
    for len in 1..=40 {
        let clean: String = "abcdefghij0123456789ABCDEFGHIJklmnopqrst"[..len].to_owned();
        assert!(P::String.is_valid(&clean), "{len}");
        assert!(P::Uri.is_valid(&clean), "{len}");
        assert!(P::Code.is_valid(&clean), "{len}");
        for at in 0..len {
            let with = |c: char| {
                let mut s = clean.clone();
                s.replace_range(at..=at, &c.to_string());
                s
            };
            assert!(!P::String.is_valid(&with('\u{1}')), "{len} {at}");
            assert!(!P::String.is_valid(&with('\u{7f}')), "{len} {at}");
            assert!(!P::Uri.is_valid(&with(' ')), "{len} {at}");
            assert!(!P::Uri.is_valid(&with('\u{7f}')), "{len} {at}");
            // A single inner space is a code; one at either end is not.
            let spaced = with(' ');
            assert_eq!(
                P::Code.is_valid(&spaced),
                at != 0 && at != len - 1,
                "{len} {at}"
            );
            assert!(!P::Code.is_valid(&with('\u{1}')), "{len} {at}");
            // The JSON writer escapes a quote, a backslash or a control character wherever it
            // is, and the reader reads the same text back.
            for c in ['"', '\\', '\n', '\t'] {
                let name = fhir::HumanName {
                    family: Some(with(c).into()),
                    ..Default::default()
                };
                let json = fhir::json::to_vec(&name);
                let back: fhir::HumanName = fhir::json::from_slice_as(&json, &Default::default())
                    .unwrap()
                    .value;
                assert_eq!(back.family.unwrap().as_str(), Some(with(c).as_str()));
                if c.is_control() {
                    assert!(!json.contains(&(c as u8)), "{len} {at}");
                }
            }
        }
    }
}

/// A constant string primitive is referenced (no allocation), writes exactly as an owned one,
/// compares equal to it, and reads back as a copy (inline when short, on the heap when long).
#[test]
fn borrowed_and_owned_strings_write_alike_and_read_owned() {
    let borrowed = fhir::Coding {
        system: Some("http://loinc.org".into()),
        version: Some("a constant longer than twenty-four bytes".into()),
        code: Some(fhir::Primitive::from_static("8867-4")),
        ..Default::default()
    };
    let owned = fhir::Coding {
        system: Some(String::from("http://loinc.org").into()),
        version: Some(String::from("a constant longer than twenty-four bytes").into()),
        code: Some(String::from("8867-4").into()),
        ..Default::default()
    };
    let heap = |p: &Option<fhir::Primitive<fhir::FhirString>>| {
        p.as_ref()
            .and_then(|p| p.value.as_ref())
            .map(|s| s.is_heap_allocated())
    };
    assert_eq!(heap(&borrowed.version), Some(false));
    assert_eq!(heap(&owned.version), Some(true));
    assert_eq!(borrowed, owned);
    let obs = fhir::Observation {
        id: Some("o1".into()),
        status: Some(fhir::codes::ObservationStatus::Final.into()),
        code: Some(fhir::CodeableConcept {
            coding: vec![borrowed],
            ..Default::default()
        }),
        ..Default::default()
    };
    let json = fhir::json::to_vec(&obs);
    assert_eq!(
        std::str::from_utf8(&json).unwrap(),
        r#"{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","version":"a constant longer than twenty-four bytes","code":"8867-4"}]}}"#
    );
    let back = fhir::Resource::from_json(&json).unwrap();
    let fhir::Resource::Observation(o) = &back else {
        panic!("not an Observation")
    };
    assert_eq!(o.id.as_ref().map(|s| s.is_heap_allocated()), Some(false));
    let coding = &o.code.as_ref().unwrap().coding[0];
    assert_eq!(heap(&coding.system), Some(false));
    assert_eq!(heap(&coding.version), Some(true));
    assert_eq!(back, fhir::Resource::from(obs));
}
