//! SNIP level 3 balancing: amounts that must add up within a transaction set.
//!
//! - 837: CLM02 (total claim charge) equals the sum of the service line charges (SV102,
//!   SV203 or SV302) of the claim.
//! - 835: BPR02 (total payment) equals the sum of CLP04 (claim payments) less the sum of the
//!   PLB provider adjustments; for each claim, CLP03 − CLP04 equals the sum of its CAS
//!   adjustments (claim and service level); for each service line, SVC02 − SVC03 equals the
//!   sum of its CAS adjustments.
//!
//! Amounts are compared exactly, as decimals (no floating point). An [`Imbalance`] names the
//! segment and element holding the stated total, never the amounts.
//!
//! ```
//! let input = include_bytes!("../../examples/data/x12/835_multi.x12");
//! let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
//! let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
//! assert!(x12::balance::balance(&tree).is_empty());
//!
//! let bad = std::str::from_utf8(input).unwrap().replace("BPR*I*553.4*", "BPR*I*553.41*");
//! let ic = x12::Interchange::parse_with(bad.as_bytes(), &x12::ParseOptions::lenient())?;
//! let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
//! let found = x12::balance::balance(&tree);
//! assert_eq!(found[0].kind, x12::balance::ImbalanceKind::TotalPayment);
//! assert_eq!((found[0].segment_id.as_str(), found[0].element), ("BPR", 2));
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::vec::Vec;
use core::fmt;

use crate::error::SegmentId;
use crate::guide::Guide;
use crate::loops::{Loop, LoopTree, NO_NODE};
use crate::view::Segment;

/// Which balancing rule failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImbalanceKind {
    /// 837: CLM02 differs from the sum of the claim's service line charges.
    ClaimCharge,
    /// 835: BPR02 differs from the sum of CLP04 less the PLB adjustments.
    TotalPayment,
    /// 835: CLP03 − CLP04 differs from the sum of the claim's CAS adjustments.
    ClaimAdjustments,
    /// 835: SVC02 − SVC03 differs from the sum of the service line's CAS adjustments.
    ServiceAdjustments,
    /// An amount taking part in a rule is not a decimal number, so the rule cannot be
    /// checked.
    NotANumber,
}

impl fmt::Display for ImbalanceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImbalanceKind::ClaimCharge => "claim charge differs from the sum of its lines",
            ImbalanceKind::TotalPayment => {
                "total payment differs from claim payments less provider adjustments"
            }
            ImbalanceKind::ClaimAdjustments => {
                "claim charge less payment differs from its adjustments"
            }
            ImbalanceKind::ServiceAdjustments => {
                "line charge less payment differs from its adjustments"
            }
            ImbalanceKind::NotANumber => "amount is not a number",
        })
    }
}

/// One failed balancing rule, located at the stated total (or the amount that is not a
/// number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Imbalance {
    /// The rule.
    pub kind: ImbalanceKind,
    /// Byte offset of the element.
    pub offset: usize,
    /// 1-based position within the interchange.
    pub segment_position: u32,
    /// 1-based position within the transaction set.
    pub transaction_position: u32,
    /// The segment id.
    pub segment_id: SegmentId,
    /// 1-based element position.
    pub element: u8,
}

impl fmt::Display for Imbalance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (byte {}, segment {} {}, element {})",
            self.kind, self.offset, self.segment_position, self.segment_id, self.element
        )
    }
}

/// Decimal places amounts are compared at.
const SCALE: u32 = 6;

/// An X12 R value (`-12.5`, `300`, `.25`) in millionths, `None` when it is not a number or
/// has more than six decimals or eighteen digits.
fn amount(v: &[u8]) -> Option<i128> {
    let (neg, body) = match v.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, v),
    };
    // One pass: the digits as one integer, their count, and the count after the point.
    let mut d64: u64 = 0;
    let mut digits = 0usize;
    let mut frac: Option<usize> = None;
    for &b in body {
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            // Wrapping: more than eighteen digits are rejected below.
            d64 = d64.wrapping_mul(10).wrapping_add(u64::from(d));
            digits += 1;
            if let Some(f) = frac.as_mut() {
                *f += 1;
            }
        } else if b == b'.' && frac.is_none() {
            frac = Some(0);
        } else {
            return None;
        }
    }
    let frac = frac.unwrap_or(0);
    if digits == 0 || digits > 18 || frac > SCALE as usize {
        return None;
    }
    // At most eighteen digits: the value fits a u64, and in millionths an i128.
    const POW10: [i64; SCALE as usize + 1] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
    let scale = POW10.get(frac).copied().unwrap_or(1);
    let n = i128::from(d64) * i128::from(scale);
    Some(if neg { -n } else { n })
}

struct Check<'o> {
    out: &'o mut Vec<Imbalance>,
    /// Separator offsets of the segment being read (see [`Segment::parts`]).
    scratch: Vec<u32>,
}

impl Check<'_> {
    fn report(&mut self, kind: ImbalanceKind, seg: &Segment<'_, '_>, element: u8) {
        let offset = seg
            .element(usize::from(element))
            .map_or(seg.offset(), |e| e.offset());
        self.out.push(Imbalance {
            kind,
            offset,
            segment_position: seg.position(),
            transaction_position: seg.transaction_position().unwrap_or(0),
            segment_id: seg.segment_id(),
            element,
        });
    }

    /// Element `n` of `seg` as an amount; empty counts as zero when `optional`. Reports
    /// and returns `None` when it is not a number.
    fn value(&mut self, seg: &Segment<'_, '_>, n: u8, optional: bool) -> Option<i128> {
        let v = seg
            .parts(&mut self.scratch)
            .raw(usize::from(n))
            .unwrap_or_default();
        self.amount_of(v, seg, n, optional)
    }

    /// Elements `n` and `n + 1` of `seg` as amounts (see [`Check::value`]), from one look
    /// at its separators.
    fn pair(&mut self, seg: &Segment<'_, '_>, n: u8) -> (Option<i128>, Option<i128>) {
        let mut scratch = core::mem::take(&mut self.scratch);
        let parts = seg.parts(&mut scratch);
        let first = parts.raw(usize::from(n)).unwrap_or_default();
        let second = parts.raw(usize::from(n) + 1).unwrap_or_default();
        let a = self.amount_of(first, seg, n, false);
        let b = self.amount_of(second, seg, n + 1, false);
        self.scratch = scratch;
        (a, b)
    }

    /// `v`, element `n` of `seg`, as an amount (see [`Check::value`]).
    fn amount_of(
        &mut self,
        v: &[u8],
        seg: &Segment<'_, '_>,
        n: u8,
        optional: bool,
    ) -> Option<i128> {
        if v.is_empty() {
            // A missing amount is a SNIP 2 finding already; the rule just cannot be checked.
            return optional.then_some(0);
        }
        let a = amount(v);
        if a.is_none() {
            self.report(ImbalanceKind::NotANumber, seg, n);
        }
        a
    }

    /// The sum of the CAS amounts (CAS03, 06, 09, 12, 15, 18) directly in loop `l`
    /// (`None` when one is not a number, which is reported now), from `cas`.
    fn adjustments(&mut self, l: &Loop<'_, '_, '_>, cas: &CasSums) -> Option<i128> {
        let me = l.index() as u32;
        let bad = cas.bad.get(cas.bad.partition_point(|(k, _)| *k < me)..);
        for (_, f) in bad.unwrap_or_default().iter().take_while(|(k, _)| *k == me) {
            self.out.push(*f);
        }
        cas.sums.get(l.index()).copied().unwrap_or(Some(0))
    }
}

/// The CAS amounts of every loop of a tree, added up in one pass over its segments.
struct CasSums {
    /// Per loop: the sum of the CAS amounts directly in it, `None` when one is not a number.
    sums: Vec<Option<i128>>,
    /// The amounts that are not numbers, by loop index (then in segment order).
    bad: Vec<(u32, Imbalance)>,
    /// The sum of the PLB adjustment amounts (PLB04, 06, … 14) of the root loop.
    plb: Option<i128>,
    /// The PLB amounts that are not numbers, in segment order.
    plb_bad: Vec<Imbalance>,
}

impl CasSums {
    fn new(tree: &LoopTree<'_, '_>) -> Self {
        let mut sums = alloc::vec![Some(0i128); tree.loops().len()];
        let mut bad = Vec::new();
        let mut plb = Some(0i128);
        let mut plb_bad = Vec::new();
        let mut scratch = Vec::new();
        let mut found = Vec::new();
        let ts = tree.transaction_set();
        let sep = ts.header().delimiters().element;
        let g = tree.guide();
        // A segment placed at a guide node has the node's id (looked at once per node); one
        // that did not fit is told from its first bytes.
        let mut ids = NodeIds::new(tree, ["CAS", "PLB"]);
        let placed = tree.segment_nodes().iter().zip(tree.segment_loops());
        for (k, (&node, &l)) in placed.enumerate() {
            let which = if node == NO_NODE {
                match id_from_bytes(&ts, k, sep) {
                    Some(id) if &id == b"CAS" => Some(0),
                    Some(id) if &id == b"PLB" => Some(1),
                    _ => None,
                }
            } else {
                ids.which(g, node)
            };
            let Some(which) = which else {
                continue;
            };
            let Some(seg) = ts.segment(k) else {
                break;
            };
            // The first amount and the step to the next, the sum they go to and whether
            // they are PLB amounts.
            let id: &[u8; 3] = if which == 0 { b"CAS" } else { b"PLB" };
            let (first, step, sum, to_plb) = match id {
                b"CAS" => match sums.get_mut(l as usize) {
                    Some(sum) => (3u8, 3u8, sum, false),
                    None => continue,
                },
                b"PLB" if l == 0 => (4, 2, &mut plb, true),
                _ => continue,
            };
            let parts = seg.parts(&mut scratch);
            let mut c = Check {
                out: &mut found,
                scratch: Vec::new(),
            };
            // The amounts present: elements `first`, `first + step`, … (six at most).
            let amounts = parts
                .values()
                .skip(usize::from(first) - 1)
                .step_by(usize::from(step))
                .take(6)
                .zip((0..6u8).map(|k| first + step * k));
            for (v, n) in amounts {
                if !v.is_empty() {
                    let a = c.amount_of(v, &seg, n, false);
                    if to_plb {
                        *sum = sum.zip(a).map(|(x, y)| x + y);
                    } else {
                        match a {
                            Some(a) => *sum = sum.map(|x| x + a),
                            None => *sum = None,
                        }
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            if to_plb {
                plb_bad.append(&mut found);
            } else {
                bad.extend(found.drain(..).map(|f| (l, f)));
            }
        }
        bad.sort_by_key(|(k, _)| *k);
        CasSums {
            sums,
            bad,
            plb,
            plb_bad,
        }
    }
}

/// Which of two ids (loop or segment) each guide node has, looked up once per node met
/// (instead of a string comparison per loop or segment).
struct NodeIds {
    ids: [&'static str; 2],
    /// Per node: 0 not looked up yet, 1 neither id, 2 the first, 3 the second.
    known: Vec<u8>,
}

impl NodeIds {
    fn new(tree: &LoopTree<'_, '_>, ids: [&'static str; 2]) -> Self {
        NodeIds {
            ids,
            known: alloc::vec![0; tree.guide().nodes.len()],
        }
    }

    /// Which of the ids guide node `node` of `g` has (0 or 1), if either.
    fn which(&mut self, g: &Guide, node: u16) -> Option<usize> {
        let slot = usize::from(node);
        let k = match self.known.get(slot) {
            Some(&k) if k != 0 => k,
            _ => {
                let id = g.node(node).id;
                let k = match self.ids.iter().position(|&x| x == id) {
                    Some(0) => 2,
                    Some(_) => 3,
                    None => 1,
                };
                if let Some(v) = self.known.get_mut(slot) {
                    *v = k;
                }
                k
            }
        };
        usize::from(k).checked_sub(2)
    }

    /// Whether guide node `node` of `g` has id `ids[which]`.
    fn node_is(&mut self, g: &Guide, node: u16, which: usize) -> bool {
        self.which(g, node) == Some(which)
    }
}

/// The first segment directly in loop `l` (not in a nested loop) whose id is one of `ids`
/// (three bytes each), told from its first bytes.
fn own_segment<'i, 'a>(
    tree: &LoopTree<'i, 'a>,
    l: &Loop<'_, 'i, 'a>,
    ids: &[&[u8; 3]],
    sep: u8,
) -> Option<Segment<'i, 'a>> {
    let (first, last) = l.span();
    let me = l.index() as u32;
    let ts = tree.transaction_set();
    let loops = tree.segment_loops().get(first..=last)?;
    for (k, &owner) in loops.iter().enumerate() {
        if owner != me {
            continue;
        }
        let Some(seg) = ts.segment(first + k) else {
            break;
        };
        let raw = seg.raw();
        let fits =
            |id: &&[u8; 3]| raw.get(..3) == Some(&id[..]) && raw.get(3).is_none_or(|&b| b == sep);
        if ids.iter().any(fits) {
            return Some(seg);
        }
    }
    None
}

/// The id of segment `k` of `ts` when it has three bytes, told from its first bytes
/// (cheaper than finding its separator).
fn id_from_bytes(ts: &crate::view::TransactionSet<'_, '_>, k: usize, sep: u8) -> Option<[u8; 3]> {
    let raw = ts.segment(k)?.raw();
    match *raw {
        [a, b, c] => Some([a, b, c]),
        [a, b, c, e, ..] if e == sep => Some([a, b, c]),
        _ => None,
    }
}

/// Checks the balancing rules of an 837 or 835 tree (other transaction sets have none here).
pub fn balance(tree: &LoopTree<'_, '_>) -> Vec<Imbalance> {
    let mut out = Vec::new();
    let mut c = Check {
        out: &mut out,
        scratch: Vec::new(),
    };
    let sep = tree.transaction_set().header().delimiters().element;
    match tree.guide().transaction_set() {
        "837" => {
            let mut ids = NodeIds::new(tree, ["2300", "2400"]);
            let g = tree.guide();
            for (k, node) in tree.loop_nodes().enumerate() {
                if !ids.node_is(g, node, 0) {
                    continue;
                }
                let Some(claim) = tree.get(k) else {
                    continue;
                };
                let clm = claim.header();
                let Some(total) = c.value(&clm, 2, false) else {
                    continue;
                };
                let mut sum = Some(0i128);
                for line in claim.children() {
                    if !ids.node_is(g, line.node(), 1) {
                        continue;
                    }
                    let Some(sv) = own_segment(tree, &line, &[b"SV1", b"SV2", b"SV3"], sep) else {
                        continue;
                    };
                    let n = if sv.raw().get(2) == Some(&b'2') { 3 } else { 2 };
                    sum = match (sum, c.value(&sv, n, false)) {
                        (Some(s), Some(a)) => Some(s + a),
                        _ => None,
                    };
                }
                if sum.is_some_and(|s| s != total) {
                    c.report(ImbalanceKind::ClaimCharge, &clm, 2);
                }
            }
        }
        "835" => {
            let cas = CasSums::new(tree);
            let mut paid = Some(0i128);
            let mut ids = NodeIds::new(tree, ["2100", "2110"]);
            let g = tree.guide();
            for (k, node) in tree.loop_nodes().enumerate() {
                if !ids.node_is(g, node, 0) {
                    continue;
                }
                let Some(claim) = tree.get(k) else {
                    continue;
                };
                let clp = claim.header();
                if !clp.is("CLP") {
                    continue;
                }
                let (charge, pay) = c.pair(&clp, 3);
                paid = paid.zip(pay).map(|(a, b)| a + b);
                let mut adjusted = c.adjustments(&claim, &cas);
                for svc in claim.children() {
                    if !ids.node_is(g, svc.node(), 1) {
                        continue;
                    }
                    let s = svc.header();
                    let line_adj = c.adjustments(&svc, &cas);
                    adjusted = adjusted.zip(line_adj).map(|(a, b)| a + b);
                    let (sc, sp) = c.pair(&s, 2);
                    if let (Some(sc), Some(sp), Some(adj)) = (sc, sp, line_adj)
                        && sc - sp != adj
                    {
                        c.report(ImbalanceKind::ServiceAdjustments, &s, 2);
                    }
                }
                if let (Some(ch), Some(p), Some(adj)) = (charge, pay, adjusted)
                    && ch - p != adj
                {
                    c.report(ImbalanceKind::ClaimAdjustments, &clp, 3);
                }
            }
            let plb = cas.plb;
            c.out.extend_from_slice(&cas.plb_bad);
            if let Some(bpr) = tree.root().segment("BPR")
                && let (Some(total), Some(p), Some(l)) = (c.value(&bpr, 2, false), paid, plb)
                && total != p - l
            {
                c.report(ImbalanceKind::TotalPayment, &bpr, 2);
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(amount(b"12.5"), Some(12_500_000));
        assert_eq!(amount(b"-.25"), Some(-250_000));
        assert_eq!(amount(b"300"), Some(300_000_000));
        assert_eq!(amount(b"0.1234567"), None);
        assert_eq!(amount(b"1.2.3"), None);
        assert_eq!(amount(b"1E3"), None);
        assert_eq!(amount(b""), None);
        assert_eq!(amount(b"-"), None);
        assert_eq!(amount(b"."), None);
        assert_eq!(amount(b"9999999999999999999"), None);
        assert_eq!(
            amount(b"999999999999999999"),
            Some(999_999_999_999_999_999_000_000)
        );
        assert_eq!(amount(b"99999999999999999999999"), None);
        assert_eq!(amount(b"1.234567"), Some(1_234_567));
        assert_eq!(amount(b"5."), Some(5_000_000));
        assert_eq!(amount(b"-0"), Some(0));
        assert_eq!(amount(b"--1"), None);
        assert_eq!(amount(b"1-"), None);
        assert_eq!(amount(b"1..2"), None);
        assert_eq!(amount(b" 1"), None);
    }
}
