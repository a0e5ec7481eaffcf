//! A plain loop over one step of the HL7 v2 → FHIR conversion, for instruction counts under
//! `valgrind --tool=callgrind` (criterion's timing loop would blur them). Usage:
//!
//! ```text
//! cargo build --release -p interop-benches --example mapping_profile
//! valgrind --tool=callgrind --dump-instr=no target/release/examples/mapping_profile convert adt_a01 1000
//! ```
//!
//! Steps: `parse`, `convert` (on a parsed message), `serialize` (compact JSON of a converted
//! bundle), `end_to_end` (bytes → parse → convert → JSON). Inputs: `adt_a01`,
//! `oru_r01_50obx`, `vxu_v04` (the `mapping` bench inputs). Run with N and with 0 iterations
//! and divide the difference by N for the per-message count.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::process::ExitCode;

use mapping::v2::{Options, to_fhir};

const INPUTS: &[(&str, &[u8])] = &[
    ("adt_a01", include_bytes!("../data/mapping_adt_a01.hl7")),
    (
        "oru_r01_50obx",
        include_bytes!("../data/mapping_oru_r01_50obx.hl7"),
    ),
    ("vxu_v04", include_bytes!("../data/mapping_vxu_v04.hl7")),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(step), Some(name)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: mapping_profile parse|convert|serialize|end_to_end INPUT [N]");
        return ExitCode::FAILURE;
    };
    let n: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let Some((_, input)) = INPUTS.iter().find(|(k, _)| k == name) else {
        eprintln!("unknown input {name}");
        return ExitCode::FAILURE;
    };
    let opts = Options::default();
    let Ok(msg) = hl7v2::Message::parse(input) else {
        eprintln!("{name}: does not parse");
        return ExitCode::FAILURE;
    };
    let Ok(conv) = to_fhir(&msg, &opts) else {
        eprintln!("{name}: does not convert");
        return ExitCode::FAILURE;
    };
    let mut out = Vec::with_capacity(64 * 1024);
    let mut total = 0usize;
    for _ in 0..n {
        match step.as_str() {
            "parse" => {
                let m = hl7v2::Message::parse(black_box(input));
                total += m.map_or(0, |m| m.segments().count());
            }
            "convert" => {
                let c = to_fhir(black_box(&msg), &opts);
                total += c.map_or(0, |c| c.bundle.entry.len());
            }
            "serialize" => {
                out.clear();
                fhir::json::write_to(black_box(&conv.bundle), &mut out, false);
                total += out.len();
            }
            "end_to_end" => {
                let Ok(m) = hl7v2::Message::parse(black_box(input)) else {
                    return ExitCode::FAILURE;
                };
                let Ok(c) = to_fhir(&m, &opts) else {
                    return ExitCode::FAILURE;
                };
                out.clear();
                fhir::json::write_to(&c.bundle, &mut out, false);
                total += out.len();
            }
            _ => {
                eprintln!("unknown step {step}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{step} {name} x{n}: {}", black_box(total));
    ExitCode::SUCCESS
}
