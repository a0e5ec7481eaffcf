//! The committed generated code is what the generator makes of the FHIR definitions.
//!
//! Runs `codegen/generate.py` into a temporary directory and compares every file with
//! `src/generated/`. Skipped (with a note) when `../shared/fhir-r4` or `python3` is missing, so
//! the crate builds and tests without them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn generated_code_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let defs = crate_dir.join("../../shared/fhir-r4");
    if !defs.join("profiles-resources.json").exists() {
        eprintln!(
            "note: {} not found; skipping the generator check",
            defs.display()
        );
        return;
    }
    let out: PathBuf = std::env::temp_dir().join(format!("fhir-codegen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = match Command::new("python3")
        .arg(crate_dir.join("codegen/generate.py"))
        .arg(&defs)
        .arg(&out)
        .status()
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("note: python3 not available ({e}); skipping the generator check");
            return;
        }
    };
    assert!(status.success(), "generator failed");
    let committed = crate_dir.join("src/generated");
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    let mut committed_names: Vec<_> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    committed_names.sort();
    assert_eq!(names, committed_names, "generated file set differs");
    for name in names {
        let fresh = std::fs::read(out.join(&name)).unwrap();
        let old = std::fs::read(committed.join(&name)).unwrap();
        assert!(
            fresh == old,
            "src/generated/{} is stale: run `python3 fhir/codegen/generate.py`",
            name.to_string_lossy()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
