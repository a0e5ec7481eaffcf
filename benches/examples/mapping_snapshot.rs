//! Writes everything the HL7 v2 → FHIR conversion produces for a corpus of messages (compact
//! bundle JSON, a hash of the bundle's `Debug` form, the issues with their locations and the
//! structure), so two builds of `mapping` can be compared byte for byte: run it before and
//! after a change and `cmp` the outputs.
//!
//! ```text
//! cargo run --release -p interop-benches --example mapping_snapshot -- OUT.txt
//! ```
//!
//! The corpus: `mapping/tests/data`, `examples/data`, `benches/data` and the `mapping_v2` and
//! `parse` fuzz corpora, each message also truncated at every segment end and with
//! deterministic byte mutations (delimiters inserted, bytes deleted or replaced), each
//! converted with four option sets (transaction; message with a default offset; collection
//! in UTC; transaction with extensions for unmapped fields and extra identifier and coding
//! systems).

use std::collections::hash_map::DefaultHasher;
use std::error::Error;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::Path;

use mapping::v2::{BundleType, Options, UtcOffset, to_fhir};

fn option_sets() -> Vec<Options> {
    let mut a = Options::default();
    a.bundle_type = BundleType::Transaction;
    let mut b = Options::default();
    b.bundle_type = BundleType::Message;
    b.default_offset = UtcOffset::parse("-05:00");
    let mut c = Options::default();
    c.bundle_type = BundleType::Collection;
    c.default_offset = UtcOffset::parse("+00:00");
    let mut d = Options::default();
    d.unmapped_extension_base = Some("https://example.org/fhir/v2".to_owned());
    d.identifier_systems
        .insert("NMH", "https://example.org/id/nmh");
    d.identifier_systems
        .insert("MR", "https://example.org/id/mr");
    d.coding_systems
        .push(("LN".to_owned(), "https://example.org/loinc".to_owned()));
    d.coding_systems
        .push(("99LOC".to_owned(), "https://example.org/local".to_owned()));
    vec![a, b, c, d]
}

/// The message and its variants: truncated after each segment, and byte mutations.
fn variants(input: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![input.to_vec()];
    for (i, &b) in input.iter().enumerate() {
        if b == b'\r' || b == b'\n' {
            out.push(input[..i].to_vec());
        }
    }
    // Deterministic pseudo-random positions (xorshift), a few dozen per message.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ input.len() as u64;
    let n = input.len();
    if n > 0 {
        for k in 0..48 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let pos = (state % n as u64) as usize;
            let mut m = input.to_vec();
            match k % 6 {
                0 => {
                    m.remove(pos);
                }
                1 => m.insert(pos, b'|'),
                2 => m.insert(pos, b'^'),
                3 => m.insert(pos, b'~'),
                4 => m.insert(pos, b'&'),
                _ => m[pos] = b"\"\\ 9X-.\x01"[(state >> 32) as usize % 8],
            }
            out.push(m);
        }
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("skipping {}", dir.display());
        return;
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "md" | "expect" | "json" | "issues") || p.is_dir() {
            continue;
        }
        if let Ok(b) = std::fs::read(&p) {
            files.push((p.display().to_string(), b));
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let out_path = std::env::args()
        .nth(1)
        .ok_or("usage: mapping_snapshot OUT")?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for d in [
        "mapping/tests/data",
        "examples/data",
        "benches/data",
        "fuzz/corpus/mapping_v2",
        "fuzz/corpus/parse",
    ] {
        collect(&root.join(d), &mut files);
    }
    let sets = option_sets();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&out_path)?);
    let (mut cases, mut converted) = (0u64, 0u64);
    for (name, input) in &files {
        let name = name
            .strip_prefix(root.to_str().unwrap_or(""))
            .unwrap_or(name);
        for (vi, v) in variants(input).iter().enumerate() {
            let Ok(msg) = hl7v2::Message::parse(v)
                .or_else(|_| hl7v2::Message::parse_with(v, &hl7v2::ParseOptions::lenient()))
            else {
                continue;
            };
            for (oi, o) in sets.iter().enumerate() {
                cases += 1;
                let mut s = String::new();
                writeln!(s, "== {name} v{vi} o{oi}")?;
                match to_fhir(&msg, o) {
                    Ok(c) => {
                        converted += 1;
                        let mut h = DefaultHasher::new();
                        format!("{:?}", c.bundle).hash(&mut h);
                        writeln!(s, "structure {} debug {:016x}", c.structure, h.finish())?;
                        for i in &c.issues {
                            writeln!(s, "{:?}", i)?;
                        }
                        s.push_str(&String::from_utf8_lossy(&fhir::json::to_vec(&c.bundle)));
                        s.push('\n');
                    }
                    Err(e) => writeln!(s, "error {e:?}")?,
                }
                out.write_all(s.as_bytes())?;
            }
        }
    }
    out.flush()?;
    eprintln!("{cases} cases, {converted} converted -> {out_path}");
    Ok(())
}
