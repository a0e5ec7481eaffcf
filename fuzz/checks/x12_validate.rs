//! Checks of the `x12_validate` fuzz target, shared with `x12/tests/fuzz_corpus.rs`.
//!
//! Every interchange found in the input (lenient parsing, envelope findings reported) goes
//! through loop trees, the typed views, SNIP 2/3 validation and the TA1, 999 and 997
//! builders. Nothing may panic, every finding must point at a segment of its transaction
//! set, and every acknowledgment must write and re-parse strictly without envelope
//! findings.

use x12::ack::{AckOptions, LoopIds, ack_997, ack_999, ta1};
use x12::validate::validate;
use x12::{Interchange, Interchanges, ParseOptions};

pub(crate) fn check(data: &[u8]) {
    for opts in [
        ParseOptions::lenient(),
        ParseOptions::strict().report_envelope(),
    ] {
        for ic in Interchanges::new(data, &opts).flatten() {
            check_interchange(&ic);
        }
    }
}

fn check_interchange(ic: &Interchange<'_>) {
    for ts in ic.transaction_sets() {
        let Some(tree) = ts.loop_tree() else { continue };
        let _ = format!("{tree:?}");
        for f in tree.findings() {
            let _ = format!("{f:?} {f}");
        }
        for l in tree.loops() {
            let _ = (
                l.id(),
                l.parent().map(|p| p.index()),
                l.hl(),
                l.hl_parent().map(|p| p.index()),
            );
            assert!(l.segments().count() >= 1);
        }
        for i in 0..ts.segment_count() {
            let _ = (tree.loop_of(i).map(|l| l.id()), tree.segment_name(i));
        }
        for c in tree.claims() {
            let _ = (c.id(), c.total_charge(), c.subscriber(), c.patient());
            for l in c.service_lines() {
                let _ = (l.number(), l.procedure_code(), l.charge(), l.units());
                let _ = l.oral_cavity();
                for t in l.teeth() {
                    let _ = (t.code_list(), t.number(), t.surfaces().count());
                }
            }
        }
        for p in tree.claim_payments() {
            let _ = (p.claim_id(), p.charge(), p.paid());
        }
        let _ = tree.subscribers().count();
        for r in tree.reviews() {
            let _ = (
                r.trace_number(),
                r.category(),
                r.certification_type(),
                r.action(),
            );
            let _ = (r.certification_number(), r.patient(), r.procedure_code());
            for s in r.services() {
                assert!(s.is_service());
                let _ = (s.service_type(), s.decision_reason());
            }
        }
        let validated = ts.validate(tree.guide());
        assert!(validated.findings().len() >= tree.findings().len());
    }
    let report = validate(ic);
    for s in &report.sets {
        for f in &s.findings {
            let _ = format!("{f}");
        }
    }
    let opts = AckOptions::new("20261125", "0300", 7001);
    let mut guide_ids = opts.clone();
    guide_ids.loop_ids = LoopIds::Guide;
    let built = [
        ta1(ic, false, &opts),
        ta1(ic, true, &opts),
        ack_999(ic, &report, &opts),
        ack_999(ic, &report, &guide_ids),
        ack_997(ic, &report, &opts),
    ];
    // IK303 is the X12 loop identifier by default: at most four digits (element 447 is
    // AN 1/4).
    if let Some(Ok(bytes)) = built[2].as_ref().ok().map(|a| a.write()) {
        let parsed =
            Interchange::parse(&bytes).unwrap_or_else(|e| panic!("999 does not re-parse: {e}"));
        for s in parsed.segments().filter(|s| s.is("IK3")) {
            let v = s.element_raw(3).unwrap_or_default();
            assert!(v.len() <= 4 && v.iter().all(u8::is_ascii_digit));
        }
    }
    for ack in built.into_iter().flatten() {
        let Ok(bytes) = ack.write() else { continue };
        let parsed = Interchange::parse(&bytes)
            .unwrap_or_else(|e| panic!("acknowledgment does not re-parse: {e}"));
        assert!(parsed.diagnostics().is_empty());
        assert_eq!(parsed.write(), bytes);
        let again = validate(&parsed);
        let _ = again.is_clean();
    }
}
