//! Shared inputs for the `health-interop` benchmarks: the HL7 v2 messages here, the FHIR
//! documents in [`fhir_docs`].
//!
//! The fixtures under `benches/data/` are fictional messages written for
//! these benchmarks; every segment ends in `\r`, as HL7 v2 requires. They are
//! compiled into the bench binaries, so a run never depends on the working
//! directory. The 10 MB batch is built at start-up by [`build_batch`] rather
//! than committed.

pub mod fhir_docs;

/// A fictional ADT^A01 (admit) message, about 1.6 KB.
pub const ADT_A01: &[u8] = include_bytes!("../data/adt_a01.hl7");

/// A fictional ORM^O01 (order) message, about 800 bytes.
pub const ORM_O01: &[u8] = include_bytes!("../data/orm_o01.hl7");

/// A fictional ORU^R01 (lab results) message, about 30 KB with 323 OBX
/// segments in 17 OBR groups.
pub const ORU_R01: &[u8] = include_bytes!("../data/oru_r01.hl7");

/// Size of the batch built by [`build_batch`] for the benchmarks: 10 MiB.
pub const BATCH_TARGET_LEN: usize = 10 * 1024 * 1024;

/// One benchmark input: a short name used in benchmark ids, and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    /// Name used as the criterion group suffix, e.g. `adt_a01`.
    pub name: &'static str,
    /// The raw ER7 bytes, segments terminated by `\r`.
    pub bytes: Vec<u8>,
    /// True when the input is an FHS/BHS batch rather than a single message.
    pub is_batch: bool,
}

/// The single-message fixtures, smallest first.
#[must_use]
pub fn messages() -> Vec<Input> {
    [
        ("orm_o01", ORM_O01),
        ("adt_a01", ADT_A01),
        ("oru_r01", ORU_R01),
    ]
    .into_iter()
    .map(|(name, bytes)| Input {
        name,
        bytes: bytes.to_vec(),
        is_batch: false,
    })
    .collect()
}

/// Every benchmark input: the three fixtures and a batch of about
/// `batch_len` bytes (see [`build_batch`]).
#[must_use]
pub fn all_inputs(batch_len: usize) -> Vec<Input> {
    let mut inputs = messages();
    inputs.push(Input {
        name: "batch_10mb",
        bytes: build_batch(batch_len),
        is_batch: true,
    });
    inputs
}

/// Build an HL7 batch file of at least `target_len` bytes: an `FHS` and a
/// `BHS` header, then the ADT, ORM and ORU fixtures repeated in turn (each
/// copy with its own MSH-10 control id), then `BTS` with the message count and
/// `FTS` with the batch count.
///
/// The result is deterministic, so every library sees identical bytes.
#[must_use]
pub fn build_batch(target_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(target_len + ORU_R01.len() + 256);
    out.extend_from_slice(
        b"FHS|^~\\&|NWLAB|NORTHWIND_LAB|HIE|PRAIRIE_HIE|20250314130000-0500||NWGH-FILE-0001\r",
    );
    out.extend_from_slice(
        b"BHS|^~\\&|NWLAB|NORTHWIND_LAB|HIE|PRAIRIE_HIE|20250314130000-0500||NWGH-BATCH-0001\r",
    );
    let fixtures = [ADT_A01, ORM_O01, ORU_R01];
    let mut count = 0usize;
    while out.len() < target_len {
        let fixture = fixtures[count % fixtures.len()];
        push_with_control_id(&mut out, fixture, count + 1);
        count += 1;
    }
    out.extend_from_slice(format!("BTS|{count}\rFTS|1\r").as_bytes());
    out
}

/// Append `message` to `out`, replacing its MSH-10 (message control id) with
/// one that is unique within the batch. Every other byte is copied unchanged.
fn push_with_control_id(out: &mut Vec<u8>, message: &[u8], seq: usize) {
    // MSH-10 is the value after the 9th field separator of the MSH segment
    // (MSH-1 *is* the first separator, at byte 3).
    let mut bars = 0;
    let mut start = None;
    for (i, &b) in message.iter().enumerate() {
        if b == b'\r' {
            break;
        }
        if b == b'|' {
            bars += 1;
            if bars == 9 {
                start = Some(i + 1);
            } else if bars == 10
                && let Some(s) = start
            {
                out.extend_from_slice(&message[..s]);
                out.extend_from_slice(format!("BATCH{seq:07}").as_bytes());
                out.extend_from_slice(&message[i..]);
                return;
            }
        }
    }
    out.extend_from_slice(message);
}

/// A small message whose `NTE-3` is a long free-text field dense with escape
/// sequences (`\F\ \S\ \T\ \R\ \E\`), for the escape-decoding benchmarks.
#[must_use]
pub fn escape_message() -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(
        b"MSH|^~\\&|NWLAB|NORTHWIND_LAB|EHR|NORTHWIND_GH|20250314120500-0500||ORU^R01^ORU_R01|NWGH-ESC-1|P|2.5.1\r",
    );
    out.extend_from_slice(b"NTE|1|L|");
    for i in 0..48 {
        out.extend_from_slice(
            format!("Na\\T\\K {i}\\F\\ratio\\S\\2\\E\\3\\R\\Cl\\T\\HCO3 \\F\\\\S\\ ").as_bytes(),
        );
    }
    out.extend_from_slice(b"\r");
    out
}

/// The escape sequences in [`escape_message`]'s `NTE-3`, decoded with the
/// default delimiters `|^~\&`: what every library's decoder must return.
#[must_use]
pub fn escape_field_decoded() -> String {
    let mut out = String::with_capacity(4096);
    for i in 0..48 {
        out.push_str(&format!("Na&K {i}|ratio^2\\3~Cl&HCO3 |^ "));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn fixtures_are_cr_terminated_utf8() {
        for input in messages() {
            assert!(input.bytes.starts_with(b"MSH|^~\\&|"), "{}", input.name);
            assert!(input.bytes.ends_with(b"\r"), "{}", input.name);
            assert!(!input.bytes.contains(&b'\n'), "{}", input.name);
            assert!(std::str::from_utf8(&input.bytes).is_ok(), "{}", input.name);
        }
    }

    #[test]
    fn batch_is_framed_and_large_enough() {
        let batch = build_batch(200_000);
        assert!(batch.len() >= 200_000);
        assert!(batch.starts_with(b"FHS|^~\\&|"));
        let text = std::str::from_utf8(&batch).unwrap();
        let msh = text.split('\r').filter(|s| s.starts_with("MSH|")).count();
        assert!(text.ends_with(&format!("BTS|{msh}\rFTS|1\r")));
        assert!(text.contains("|BATCH0000001|P|"));
        assert_eq!(
            text.split('\r').filter(|s| s.starts_with("MSH|")).count(),
            msh
        );
    }
}
