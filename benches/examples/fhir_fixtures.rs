//! Rewrites the FHIR benchmark documents of `benches/data/fhir/` in the `fhir` crate's
//! canonical compact JSON and writes their XML forms, after checking that each parses strictly
//! and validates without errors. Run after `python3 benches/data/fhir/gen.py`, from anywhere:
//!
//! ```text
//! cargo run -p interop-benches --example fhir_fixtures
//! ```

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fhir");
    for stem in ["patient", "transaction-100", "searchset-1mb"] {
        let json_path = dir.join(format!("{stem}.json"));
        let input = std::fs::read(&json_path)?;
        let resource =
            fhir::json::from_slice(&input).map_err(|e| format!("{}: {e}", json_path.display()))?;
        let errors: Vec<String> = fhir::validate(&resource)
            .into_iter()
            .filter(|i| i.is_error())
            .map(|i| i.to_string())
            .collect();
        if !errors.is_empty() {
            return Err(format!("{}: {}", json_path.display(), errors.join("; ")).into());
        }
        let mut json = fhir::json::to_vec(&resource);
        json.push(b'\n');
        let mut xml = fhir::xml::to_vec(&resource)?;
        if fhir::xml::from_slice(&xml)? != resource {
            return Err(format!("{stem}: the XML does not read back to the same model").into());
        }
        xml.push(b'\n');
        std::fs::write(&json_path, &json)?;
        let xml_path = dir.join(format!("{stem}.xml"));
        std::fs::write(&xml_path, &xml)?;
        println!(
            "{stem}: {} bytes of JSON, {} bytes of XML",
            json.len(),
            xml.len()
        );
    }
    Ok(())
}
