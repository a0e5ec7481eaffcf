//! Checks of the `mapping_v2` fuzz target, shared with `mapping/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).
//!
//! For any bytes that parse as an HL7 v2 message (strictly, else leniently), converting to
//! FHIR never panics, and for each bundle type the conversion:
//! - is deterministic (two runs give byte-identical JSON and the same issues);
//! - gives JSON the fhir crate's strict reader accepts and reads back to the same bundle;
//! - writes as XML that the strict XML reader reads back to the same bundle;
//! - passes `fhir::validate` without errors;
//! - has one MessageHeader, first, in a message bundle, and none in the others;
//! - has unique `fullUrl`s, each `urn:uuid:` plus the resource id, and every `urn:uuid:`
//!   reference names one of them.

use mapping::v2::{BundleType, Options, UtcOffset, to_fhir};

pub(crate) fn check(data: &[u8]) {
    let Ok(msg) = hl7v2::Message::parse(data)
        .or_else(|_| hl7v2::Message::parse_with(data, &hl7v2::ParseOptions::lenient()))
    else {
        return;
    };
    for (bt, tz) in [
        (BundleType::Transaction, None),
        (BundleType::Message, Some("-05:00")),
        (BundleType::Collection, Some("+00:00")),
    ] {
        let mut opts = Options::default();
        opts.bundle_type = bt;
        opts.default_offset = tz.and_then(UtcOffset::parse);
        if bt == BundleType::Message {
            // The optional outputs: unmapped content kept as extensions, the transformation
            // Provenance and the episodes of care.
            opts.unmapped_extension_base = Some("https://example.org/v2".to_owned());
            opts.transformation_provenance = true;
            opts.episodes_of_care = true;
        }
        let Ok(a) = to_fhir(&msg, &opts) else {
            continue;
        };
        let b = to_fhir(&msg, &opts).expect("second conversion of the same message fails");
        let json = fhir::json::to_vec(&a.bundle);
        assert_eq!(
            json,
            fhir::json::to_vec(&b.bundle),
            "non-deterministic bundle"
        );
        assert_eq!(a.issues, b.issues, "non-deterministic issues");
        let back: fhir::Bundle =
            fhir::json::from_slice_as(&json, &fhir::json::ParseOptions::strict())
                .unwrap_or_else(|e| panic!("strict reader rejects the bundle: {e}"))
                .value;
        assert_eq!(back, a.bundle, "strict round trip changes the bundle");
        let resource = fhir::Resource::from(a.bundle.clone());
        let xml = fhir::xml::to_vec(&resource)
            .unwrap_or_else(|e| panic!("the bundle does not write as XML: {e}"));
        let from_xml = fhir::xml::from_slice_with(&xml, &fhir::xml::ParseOptions::strict())
            .unwrap_or_else(|e| panic!("strict XML reader rejects the bundle: {e}"))
            .value;
        assert!(from_xml == resource, "XML round trip changes the bundle");
        let issues = fhir::validate(&resource);
        let errors: Vec<_> = issues.iter().filter(|i| i.is_error()).collect();
        assert!(errors.is_empty(), "fhir::validate errors: {errors:?}");
        // A message bundle starts with its one MessageHeader; other bundles have none.
        let headers = a
            .bundle
            .entry
            .iter()
            .filter(|e| matches!(e.resource, Some(fhir::Resource::MessageHeader(_))))
            .count();
        if bt == BundleType::Message {
            assert!(
                matches!(
                    a.bundle.entry.first().and_then(|e| e.resource.as_ref()),
                    Some(fhir::Resource::MessageHeader(_))
                ),
                "a message bundle's first entry is not its MessageHeader"
            );
            assert_eq!(headers, 1, "MessageHeaders in a message bundle");
        } else {
            assert_eq!(headers, 0, "a MessageHeader outside a message bundle");
        }
        let mut urls = std::collections::BTreeSet::new();
        for e in &a.bundle.entry {
            let url = e
                .full_url
                .as_ref()
                .and_then(|u| u.as_str())
                .expect("fullUrl");
            let id = e
                .resource
                .as_ref()
                .and_then(|r| r.id())
                .expect("resource id");
            assert_eq!(
                url.strip_prefix("urn:uuid:"),
                Some(id),
                "fullUrl is not the id"
            );
            assert!(urls.insert(url.to_owned()), "duplicate fullUrl {url}");
        }
        // Every `urn:uuid:` reference names an entry of the bundle.
        const REF: &[u8] = b"\"reference\":\"urn:uuid:";
        let mut rest = &json[..];
        while let Some(i) = rest.windows(REF.len()).position(|w| w == REF) {
            let start = i + REF.len() - "urn:uuid:".len();
            let target = rest
                .get(start..start + 45)
                .and_then(|t| core::str::from_utf8(t).ok())
                .expect("urn:uuid reference");
            assert!(urls.contains(target), "dangling reference {target}");
            rest = &rest[start..];
        }
    }
}
