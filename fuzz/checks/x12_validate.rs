//! Checks of the `x12_validate` fuzz target, shared with `x12/tests/fuzz_corpus.rs`.
//!
//! Every interchange found in the input (lenient parsing, envelope findings reported) goes
//! through loop trees, the typed views, SNIP 2/3 validation and the TA1, 999 and 997
//! builders. Nothing may panic, every finding must point at a segment of its transaction
//! set, and every acknowledgment must write and re-parse strictly without envelope
//! findings.

use x12::ack::{AckOptions, ack_997, ack_999, ta1};
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
            }
        }
        for p in tree.claim_payments() {
            let _ = (p.claim_id(), p.charge(), p.paid());
        }
        let _ = tree.subscribers().count();
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
    let built = [
        ta1(ic, false, &opts),
        ta1(ic, true, &opts),
        ack_999(ic, &report, &opts),
        ack_997(ic, &report, &opts),
    ];
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
