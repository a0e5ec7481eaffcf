//! Regression tests for wrong behaviour found by fuzzing and property tests.
//!
//! A test marked `#[ignore]` documents a problem that is not fixed yet: remove the
//! `#[ignore]` together with the fix (and the matching exclusion in
//! `fuzz/fuzz_targets/parse.rs` / `hl7v2/tests/fuzz_corpus.rs`, function `owned_writes_back`).

#![allow(clippy::unwrap_used)]

use hl7v2::{Message, OwnedMessage};

/// `OwnedMessage::from` promises to write a parsed message back byte for byte.
fn assert_owned_writes_back(input: &[u8]) {
    let m = Message::parse(input).unwrap();
    assert_eq!(m.write(), input);
    let o = OwnedMessage::from(&m);
    assert_eq!(
        String::from_utf8_lossy(&o.write()),
        String::from_utf8_lossy(input)
    );
}

/// A segment whose id is `MSH` (or `FHS`/`BHS`) but that has no field separator is not a
/// header when parsed (no MSH-1/MSH-2), yet `OwnedSegment::write` treats it as one and adds
/// the delimiters: `MSH` comes back as `MSH|^~\&`.
#[test]

fn owned_bare_header_id_segment_writes_back() {
    assert_owned_writes_back(b"MSH|^~\\&|A\rMSH\r");
    assert_owned_writes_back(b"MSH|^~\\&|A\rBHS\r");
}

/// A repeated header segment with encoding characters other than the first header's is
/// rewritten with the first header's delimiters (`MSH|#$%!|B` comes back as `MSH|^~\&|B`).
#[test]

fn owned_repeated_header_keeps_its_msh2() {
    assert_owned_writes_back(b"MSH|^~\\&|A\rMSH|#$%!|B\r");
}

/// Strict mode treats a lone LF as data, but the delimiters are read from MSH-2 only up to
/// the LF: `MSH|^~\&<LF>X|A` is accepted with delimiters `^~\&` while MSH-2 is `^~\&<LF>X`.
/// The owned form then drops `<LF>X`. (Should strict parsing reject this header instead?)
#[test]

fn strict_msh2_with_line_feed() {
    let input = b"MSH|^~\\&\nX|A\rPID|1\r";
    match Message::parse(input) {
        Err(_) => {} // rejecting the header is one acceptable fix
        Ok(m) => {
            let enc: Vec<u8> = m.delimiters().encoding_characters().collect();
            assert_eq!(m.get("MSH-2").unwrap().unwrap().raw(), &enc[..]);
            assert_owned_writes_back(input);
        }
    }
}
