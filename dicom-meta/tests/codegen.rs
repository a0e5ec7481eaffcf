//! The generated tables are what their generators make from their inputs: runs
//! `codegen/gen_dict.py --check` and `codegen/gen_deid.py --check` with the Python named by
//! `DICOM_META_PYTHON` (default `python3`). Skipped, with a note, when Python or the pinned
//! input package (pydicom, dicom-anonymizer) is not there.

use std::process::Command;

#[test]
fn regenerating_the_dictionary_changes_nothing() {
    check("gen_dict.py");
}

#[test]
fn regenerating_the_deid_table_changes_nothing() {
    check("gen_deid.py");
}

fn check(generator: &str) {
    let python = std::env::var("DICOM_META_PYTHON").unwrap_or_else(|_| "python3".into());
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = match Command::new(&python)
        .arg(format!("{dir}/codegen/{generator}"))
        .arg("--check")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("note: skipped, cannot run {python}: {e}");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => {}
        Some(3) => eprintln!("note: skipped: {stdout}"),
        _ => panic!(
            "{generator}: generated table is stale:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
