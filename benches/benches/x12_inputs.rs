//! The inputs of the `x12` benchmarks, shared by `benches/x12.rs` and the
//! `x12_profile` example: the ~2 KB 837P fixture from `x12/tests/data/`, and a ~10 MB 837P
//! and a ~10 MB 835 generated deterministically (one interchange, transaction sets of 100
//! claims or claim payments each, balanced, no validation findings).

#![allow(clippy::unwrap_used, dead_code)]

use std::fmt::Write as _;

/// The ~2 KB 837P fixture (three claims).
pub(crate) const P837_SMALL: &[u8] = include_bytes!("../../x12/tests/data/837p.x12");

/// Size of the generated multi-claim 837P.
pub(crate) const LARGE_TARGET: usize = 10 * 1024 * 1024;

/// Appends one subscriber loop with one two-line claim (loops 2000B to 2400).
fn claim(n: usize, out: &mut String) {
    write!(
        out,
        "HL*{hl}*1*22*0~SBR*P*18*GRP{grp:05}******CI~NM1*IL*1*DOE*JOHN*Q***MI*XYZ{n:09}~\
         N3*{street} ELM AVENUE~N4*SPRINGFIELD*IL*627040000~DMG*D8*19800102*M~\
         NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT~\
         CLM*PATACCT{n:06}*225***11:B:1*Y*A*Y*Y~REF*D9*CLAIMREF{n:06}~HI*ABK:J459*ABF:R05~\
         NM1*82*1*SMITH*ANNA****XX*1987654325~PRV*PE*PXC*207Q00000X~\
         LX*1~SV1*HC:99213:25*125*UN*1***1~DTP*472*D8*20261120~\
         LX*2~SV1*HC:87880*100*UN*1***1~DTP*472*D8*20261120~",
        hl = n % 100 + 2,
        grp = n % 99_999,
        street = n % 900 + 1,
    )
    .unwrap();
}

/// A deterministic 837P of at least `target` bytes: one interchange, one group, transaction
/// sets of 100 claims each, all counts and control numbers right.
pub(crate) fn build_837p(target: usize) -> Vec<u8> {
    let mut s = String::with_capacity(target + 100_000);
    s.push_str(
        "ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000905*0*P*:~\
         GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*905*X*005010X222A1~",
    );
    let (mut sets, mut n) = (0usize, 0usize);
    let mut body = String::new();
    while s.len() < target {
        sets += 1;
        body.clear();
        body.push_str(
            "BHT*0019*00*0123*20261124*0830*CH~NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23~\
             PER*IC*JANE BILLER*TE*5555550100~NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT~\
             HL*1**20*1~NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893~N3*100 MAIN STREET~\
             N4*SPRINGFIELD*IL*627010000~REF*EI*123456789~",
        );
        for _ in 0..100 {
            claim(n, &mut body);
            n += 1;
        }
        let count = body.matches('~').count() + 2;
        write!(
            s,
            "ST*837*{sets:04}*005010X222A1~{body}SE*{count}*{sets:04}~"
        )
        .unwrap();
    }
    write!(s, "GE*{sets}*905~IEA*1*000000905~").unwrap();
    s.into_bytes()
}

/// Appends one claim payment (loop 2100) with one service line (2110), balanced: CLP03 −
/// CLP04 and SVC02 − SVC03 equal the adjustments.
fn payment(n: usize, out: &mut String) {
    write!(
        out,
        "CLP*PATACCT{n:06}*1*225*180*20*12*PAYERCLM{n:08}*11*1~NM1*QC*1*DOE*JOHN****MI*XYZ{n:09}~\
         DTM*232*20261120~SVC*HC:99213*225*180**1~DTM*472*20261120~CAS*CO*45*25~CAS*PR*1*20~\
         AMT*B6*180~",
    )
    .unwrap();
}

/// A deterministic 835 of at least `target` bytes: one interchange, one group, transaction
/// sets of 100 claim payments each (BPR02 their total), all counts and control numbers right.
pub(crate) fn build_835(target: usize) -> Vec<u8> {
    let mut s = String::with_capacity(target + 100_000);
    s.push_str(
        "ISA*00*          *00*          *ZZ*PAYERABC       *ZZ*CLEARHOUSE01   *261124*0830*^*00501*000000411*0*P*:~\
         GS*HP*PAYERABC*CLEARHOUSE01*20261124*0830*411*X*005010X221A1~",
    );
    let (mut sets, mut n) = (0usize, 0usize);
    let mut body = String::new();
    while s.len() < target {
        sets += 1;
        body.clear();
        write!(
            body,
            "BPR*I*18000*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20261128~\
             TRN*1*{sets}*1512345678~DTM*405*20261124~N1*PR*PRAIRIE MUTUAL HEALTH PLAN~\
             N3*1 INSURANCE WAY~N4*CHICAGO*IL*606010000~REF*2U*66783JJT~\
             PER*BL*PROVIDER SERVICES*TE*8005551212~\
             N1*PE*NORTHWIND FAMILY CLINIC*XX*1234567893~LX*1~"
        )
        .unwrap();
        for _ in 0..100 {
            payment(n, &mut body);
            n += 1;
        }
        let count = body.matches('~').count() + 2;
        write!(
            s,
            "ST*835*{sets:04}*005010X221A1~{body}SE*{count}*{sets:04}~"
        )
        .unwrap();
    }
    write!(s, "GE*{sets}*411~IEA*1*000000411~").unwrap();
    s.into_bytes()
}

/// The benchmark inputs, generated once.
pub(crate) fn inputs() -> &'static [(&'static str, Vec<u8>)] {
    static INPUTS: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    INPUTS.get_or_init(|| {
        vec![
            ("837p_2kb", P837_SMALL.to_vec()),
            ("837p_10mb", build_837p(LARGE_TARGET)),
            ("835_10mb", build_835(LARGE_TARGET)),
        ]
    })
}
