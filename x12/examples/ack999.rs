//! Prints the 999 acknowledgment (and the SNIP findings on stderr) for each X12 file named on
//! the command line: `cargo run -p x12 --example ack999 -- FILE...`.

use x12::ack::{AckOptions, ack_999};
use x12::validate::validate;
use x12::{Interchange, ParseOptions};

fn main() {
    let mut status = 0;
    for path in std::env::args().skip(1) {
        let input = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = 2;
                continue;
            }
        };
        let ic = match Interchange::parse_with(&input, &ParseOptions::lenient()) {
            Ok(ic) => ic,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = 2;
                continue;
            }
        };
        let report = validate(&ic);
        for d in ic.diagnostics() {
            eprintln!("{path}: {d}");
        }
        for s in &report.sets {
            for f in &s.findings {
                eprintln!("{path}: set {}: {f}", s.index);
            }
        }
        let opts = AckOptions::new("20261125", "0300", 1);
        match ack_999(&ic, &report, &opts).and_then(|a| a.write()) {
            Ok(bytes) => println!("{}", String::from_utf8_lossy(&bytes).replace('~', "~\n")),
            Err(e) => {
                eprintln!("{path}: {e}");
                status = 1;
            }
        }
    }
    std::process::exit(status);
}
