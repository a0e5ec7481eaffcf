//! De-identifies a DICOM file with the PS3.15 Annex E Basic Profile:
//! `cargo run -p dicom-meta --example deid -- IN OUT KEY`. Used to cross-check our actions
//! with other de-identifiers.

use dicom_meta::{Inflated, OwnedFile, ParseOptions, TransferSyntax, WriteOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, key] = args.as_slice() else {
        return Err("usage: deid IN OUT KEY".into());
    };
    let bytes = std::fs::read(input)?;
    let holder = Inflated::new(&bytes, &ParseOptions::lenient())?;
    let file = holder.parse()?;
    let mut owned = OwnedFile::from_file(&file)?;
    let report = owned.deidentify(key.as_bytes());
    let ts = match file.transfer_syntax() {
        ts if ts.uid().is_some() => ts,
        _ => TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN,
    };
    std::fs::write(output, owned.write(ts, &WriteOptions::new())?)?;
    eprintln!("{report:?}");
    Ok(())
}
