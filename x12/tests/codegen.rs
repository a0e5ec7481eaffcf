//! The generated guide tables (`src/generated/`) are what `codegen/gen_guides.py` makes from
//! its input. Runs when a Python with the `pyx12` package (whose map data is the input) is
//! available: `X12_CODEGEN_PYTHON` names it, else `python3` is tried; skipped otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

#[test]
fn regenerating_changes_nothing() {
    let python = std::env::var("X12_CODEGEN_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_input = Command::new(&python)
        .args(["-c", "import pyx12"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_input {
        eprintln!("skipped: no Python with pyx12 (set X12_CODEGEN_PYTHON)");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/gen_guides.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generated tables are out of date:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
