//! Converts every HL7 v2 message in a directory to FHIR R4 bundles, with a progress bar and a
//! summary table of the issues.
//!
//! ```text
//! cargo run --release -p mapping --example convert_dir -- examples/data [OUT_DIR] [--tz -05:00]
//! ```
//!
//! Each `NAME.hl7` (or `.txt`, `.er7`) becomes `OUT_DIR/NAME.json` when OUT_DIR is given.
//! Messages that do not parse strictly are retried leniently; files that still fail are
//! counted. The table lists issue kinds by segment and field, most frequent first.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mapping::v2::{Options, UtcOffset, to_fhir};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dirs = Vec::new();
    let mut opts = Options::default();
    while let Some(a) = args.next() {
        if a == "--tz" {
            let Some(tz) = args.next().and_then(|t| UtcOffset::parse(&t)) else {
                eprintln!("convert_dir: --tz needs an offset such as +05:00");
                return ExitCode::from(2);
            };
            opts.default_offset = Some(tz);
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    let Some(input) = dirs.first().cloned() else {
        eprintln!("usage: convert_dir DIR [OUT_DIR] [--tz +HH:MM]");
        return ExitCode::from(2);
    };
    let out_dir = dirs.get(1).cloned();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&input) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "hl7" || x == "txt" || x == "er7")
            })
            .collect(),
        Err(e) => {
            eprintln!("convert_dir: cannot read {}: {e}", input.display());
            return ExitCode::from(1);
        }
    };
    files.sort();
    let total = files.len();
    let (mut ok, mut failed, mut entries) = (0usize, 0usize, 0usize);
    let mut table: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, path) in files.iter().enumerate() {
        progress(i + 1, total);
        let Ok(bytes) = std::fs::read(path) else {
            failed += 1;
            continue;
        };
        let msg = match hl7v2::Message::parse(&bytes) {
            Ok(m) => m,
            Err(_) => match hl7v2::Message::parse_with(&bytes, &hl7v2::ParseOptions::lenient()) {
                Ok(m) => m,
                Err(_) => {
                    failed += 1;
                    continue;
                }
            },
        };
        let Ok(c) = to_fhir(&msg, &opts) else {
            failed += 1;
            continue;
        };
        ok += 1;
        entries += c.bundle.entry.len();
        for issue in &c.issues {
            let mut at = issue.location.segment.to_string();
            if let Some(f) = issue.location.field {
                at.push_str(&format!("-{f}"));
            }
            *table.entry((issue.kind.to_string(), at)).or_default() += 1;
        }
        if let (Some(dir), Some(stem)) = (&out_dir, path.file_stem()) {
            let mut name = PathBuf::from(stem);
            name.set_extension("json");
            if let Err(e) = std::fs::write(dir.join(name), fhir::json::to_vec_pretty(&c.bundle)) {
                eprintln!("\nconvert_dir: cannot write: {e}");
                return ExitCode::from(1);
            }
        }
    }
    eprintln!();
    println!("{ok} converted, {failed} failed, {entries} bundle entries");
    let mut rows: Vec<_> = table.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if !rows.is_empty() {
        println!("{:>6}  {:<10}  issue", "count", "where");
        for ((kind, at), n) in rows {
            println!("{n:>6}  {at:<10}  {kind}");
        }
    }
    ExitCode::SUCCESS
}

fn progress(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    );
    let _ = err.flush();
}
