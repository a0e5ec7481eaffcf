//! A driver for measuring the incremental [`x12::Stream`] (e.g. under `valgrind --tool=callgrind`):
//! a synthetic 837P interchange, small transaction sets (`X12_STREAM_SETS`, default 2000)
//! followed by `X12_STREAM_BIG` large ones (default 3, 8000 claims each), fed in 64 KiB
//! chunks with every transaction set drained:
//! `cargo run --release -p x12 --example stream_bench` from the workspace root.

use std::fmt::Write as _;

use x12::{Event, ParseOptions, Stream};

fn set(out: &mut String, n: usize, claims: usize) {
    let start = out.len();
    let mut count = 0;
    let mut seg = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('~');
        count += 1;
    };
    seg(out, &format!("ST*837*{:04}*005010X222A1", n % 9999 + 1));
    seg(out, "BHT*0019*00*B1*20261124*0830*CH");
    seg(out, "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23");
    seg(out, "HL*1**20*1");
    seg(out, "NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893");
    seg(out, "HL*2*1*22*0");
    seg(out, "NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782");
    for c in 0..claims {
        seg(out, &format!("CLM*PAT{n}C{c}*285***11:B:1*Y*A*Y*Y"));
        seg(out, "HI*ABK:J0300*ABF:R509");
        for (l, code) in ["99214", "87880", "36415"].iter().enumerate() {
            seg(out, &format!("LX*{}", l + 1));
            seg(out, &format!("SV1*HC:{code}*95*UN*1***1"));
            seg(out, "DTP*472*D8*20261118");
        }
    }
    let _ = write!(out, "SE*{}*{:04}~", count + 1, n % 9999 + 1);
    debug_assert!(out.len() > start);
}

fn main() {
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (small, big) = (env("X12_STREAM_SETS", 2000), env("X12_STREAM_BIG", 3));
    let mut text = String::from(
        "ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000001*0*P*:~GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*1*X*005010X222A1~",
    );
    for n in 0..small + big {
        set(&mut text, n, if n < small { 1 + n % 8 } else { 8000 });
    }
    let _ = write!(text, "GE*{}*1~IEA*1*000000001~", small + big);
    let input = text.into_bytes();
    let mut stream = Stream::new(ParseOptions::strict());
    let (mut sets, mut segments) = (0usize, 0usize);
    let mut drain = |s: &mut Stream| {
        while let Some(e) = s.next_event() {
            if let Ok(Event::TransactionSet(ts)) = e {
                sets += 1;
                segments += ts.segment_count();
            }
        }
    };
    for chunk in input.chunks(64 << 10) {
        stream.push(chunk);
        drain(&mut stream);
    }
    stream.finish();
    drain(&mut stream);
    println!("{} bytes, {sets} sets, {segments} segments", input.len());
}
