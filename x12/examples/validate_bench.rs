//! Rough throughput of parse + loop tree + SNIP 2 validation on a synthetic multi-claim 837P
//! (`X12_BENCH_SETS` transaction sets, 20 000 by default):
//! `cargo run --release -p x12 --example validate_bench` from the workspace root.

use std::time::Instant;

use x12::{Interchange, ParseOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let one = std::fs::read("examples/data/x12/837p_multi.x12")?;
    let text = String::from_utf8(one)?;
    let segs: Vec<&str> = text.split("~\n").filter(|s| !s.is_empty()).collect();
    let st = segs
        .iter()
        .position(|s| s.starts_with("ST*"))
        .ok_or("no ST")?;
    let se = segs
        .iter()
        .position(|s| s.starts_with("SE*"))
        .ok_or("no SE")?;
    let body = segs.get(st + 1..se).ok_or("no body")?;
    let mut out = String::new();
    for s in segs.iter().take(2) {
        out.push_str(s);
        out.push('~');
    }
    let sets: usize = std::env::var("X12_BENCH_SETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    for k in 0..sets {
        out.push_str(&format!("ST*837*{:04}*005010X222A1~", k % 9999 + 1));
        for s in body {
            out.push_str(s);
            out.push('~');
        }
        out.push_str(&format!("SE*{}*{:04}~", body.len() + 2, k % 9999 + 1));
    }
    out.push_str(&format!("GE*{sets}*4201~IEA*1*000004201~"));
    let input = out.into_bytes();
    let t = Instant::now();
    let ic = Interchange::parse_with(&input, &ParseOptions::lenient())?;
    let parsed = t.elapsed();
    let t = Instant::now();
    let mut loops = 0;
    for ts in ic.transaction_sets() {
        loops += ts.loop_tree().map_or(0, |t| t.loop_count());
    }
    let tree = t.elapsed();
    let t = Instant::now();
    let report = x12::validate::validate(&ic);
    let valid = t.elapsed();
    let mb = input.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB, {} sets, {loops} loops: parse {:.0} MB/s, loop trees {:.0} MB/s, \
         validate (trees + SNIP 2) {:.0} MB/s, parse+validate {:.0} MB/s, findings {}",
        ic.transaction_set_count(),
        mb / parsed.as_secs_f64(),
        mb / tree.as_secs_f64(),
        mb / valid.as_secs_f64(),
        mb / (parsed + valid).as_secs_f64(),
        report.sets.iter().map(|s| s.findings.len()).sum::<usize>()
    );
    Ok(())
}
