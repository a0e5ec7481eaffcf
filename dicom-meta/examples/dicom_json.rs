//! Prints a DICOM file as DICOM JSON (PS3.18 Annex F) or Native DICOM Model XML (PS3.19):
//! `cargo run -p dicom-meta --example dicom_json -- FILE [--xml] [--lenient]`.
//! Used to cross-check our output with DCMTK's `dcm2json`/`dcm2xml` and pydicom.

use dicom_meta::{Inflated, JsonOptions, ParseOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: dicom_json FILE [--xml] [--lenient]")?;
    let input = std::fs::read(path)?;
    let opts = if args.iter().any(|a| a == "--lenient") {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let holder = Inflated::new(&input, &opts)?;
    let file = holder.parse()?;
    if args.iter().any(|a| a == "--xml") {
        print!(
            "{}",
            file.data_set()
                .to_xml(&dicom_meta::XmlOptions::new().without_namespace())?
        );
    } else {
        println!("{}", file.data_set().to_json(&JsonOptions::new().pretty())?);
    }
    Ok(())
}
