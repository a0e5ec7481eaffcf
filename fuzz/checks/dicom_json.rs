//! Checks of the `dicom_json` fuzz target, shared with `dicom-meta/tests/fuzz_corpus.rs`.
//!
//! For any text (arbitrary bytes read as UTF-8, lossily): `from_json` never panics and its
//! errors lie within the text; a data set it reads writes DICOM JSON and XML without
//! panicking, and that JSON reads back to the same data set.

use dicom_meta::{JsonOptions, XmlOptions, from_json};

pub(crate) fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match from_json(&text) {
        Ok(owned) => {
            let _ = owned.to_xml(&XmlOptions::new());
            if let Ok(json) = owned.to_json(&JsonOptions::new()) {
                match from_json(&json) {
                    Ok(back) => assert_eq!(
                        back.to_json(&JsonOptions::new()).ok().as_deref(),
                        Some(json.as_str()),
                        "JSON of a read data set does not read back to itself"
                    ),
                    Err(e) => panic!("our JSON does not read back: {e}"),
                }
            }
        }
        Err(e) => {
            assert!(e.offset <= text.len(), "error offset past the text");
            let _ = e.to_string();
        }
    }
}
