//! SNIP level 2 validation against the implementation-guide tables: loop structure, HL
//! hierarchy, element usage, lengths, data types, code values and syntax notes, plus
//! duplicate control numbers.
//!
//! ```
//! use x12::{Interchange, ParseOptions, validate::validate};
//! let input = include_bytes!("../tests/data/837p.x12");
//! let ic = Interchange::parse(input)?;
//! let report = validate(&ic);
//! assert!(report.is_clean());
//! assert_eq!(report.sets[0].guide.unwrap().reference(), "005010X222A1");
//!
//! // A claim without its amount: CLM02 is required.
//! let bad = std::str::from_utf8(input).unwrap().replacen("*225***11", "****11", 1);
//! let ic = Interchange::parse(bad.as_bytes())?;
//! let f = validate(&ic).sets[0].findings[0];
//! assert_eq!(f.kind, x12::FindingKind::RequiredElementMissing);
//! assert_eq!((f.segment_id.as_str(), f.element, f.loop_id), ("CLM", Some(2), Some("2300")));
//! assert_eq!(f.kind.element_code().unwrap().code(), "1");
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use crate::balance::{Imbalance, balance};
use crate::error::SegmentId;
use crate::finding::{Finding, FindingKind};
use crate::guide::Guide;
use crate::guide::tables::{DataType, Elem, Node, Usage};
use crate::loops::LoopTree;
use crate::parse::Interchange;
use crate::view::{Parts32, Segment, TransactionSet};

impl<'i, 'a> TransactionSet<'i, 'a> {
    /// The loop tree under `guide` with every finding: structure, HL hierarchy, and the
    /// elements of each segment that fits the guide (usage, length, data type, code values,
    /// syntax notes).
    ///
    /// ```
    /// let input = include_bytes!("../tests/data/835.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let ts = ic.transaction_set(0).unwrap();
    /// let tree = ts.validate(ts.guide().unwrap());
    /// // The fixture's payer has no technical contact (PER*BL), which the guide requires.
    /// assert_eq!(tree.findings()[0].kind, x12::FindingKind::RequiredSegmentMissing);
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn validate(&self, guide: &'static Guide) -> LoopTree<'i, 'a> {
        let (mut tree, recheck) = self.loops_checked(guide);
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        // Only segments the quick check could not clear are checked in full.
        for k in recheck {
            let k = k as usize;
            let Some(node) = tree.segment_node(k) else {
                continue;
            };
            let Some(seg) = self.segment(k) else {
                break;
            };
            if matches!(node.id.as_bytes(), b"ST" | b"SE") {
                continue; // The envelope checks cover them.
            }
            let parts = seg.parts(&mut scratch);
            let before = out.len();
            check_segment(guide, node, &seg, parts, k, &mut out);
            if out.len() > before {
                let loop_id = tree.segment_loop_id(k);
                for f in out.get_mut(before..).unwrap_or_default() {
                    f.loop_id = loop_id;
                }
            }
        }
        if out.is_empty() {
            return tree;
        }
        // A qualifier the guide does not list is already reported by the loop builder.
        let structural = tree.findings.len();
        for f in out {
            let dup = tree.findings[..structural].iter().any(|g| {
                (g.kind, g.transaction_position, g.element, g.component)
                    == (f.kind, f.transaction_position, f.element, f.component)
            });
            if !dup {
                tree.findings.push(f);
            }
        }
        // In segment order (stable: structure, then hierarchy, then elements).
        tree.findings.sort_by_key(|f| f.transaction_position);
        tree
    }
}

/// What validation found in one transaction set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetReport {
    /// 0-based index of the transaction set in its interchange.
    pub index: usize,
    /// 0-based index of its group, when it is in one.
    pub group: Option<usize>,
    /// The guide it was checked against, `None` when none is known (then only the envelope
    /// was checked).
    pub guide: Option<&'static Guide>,
    /// Guide findings in order.
    pub findings: Vec<Finding>,
    /// ST02 repeats the control number of an earlier set of the same group (IK502 `23`).
    pub duplicate_control_number: bool,
    /// SNIP 3 balancing failures (837 claim charges, 835 payments and adjustments). They
    /// are not reported in a 999 (which acknowledges syntax and implementation-guide use),
    /// and do not make [`ValidationReport::is_clean`] false.
    pub imbalances: Vec<Imbalance>,
}

/// What validation found in one functional group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupReport {
    /// 0-based index of the group in its interchange.
    pub index: usize,
    /// GS06 repeats the control number of an earlier group of the interchange (AK905
    /// `19`).
    pub duplicate_control_number: bool,
}

/// SNIP 1–3 results for one interchange: envelope diagnostics stay on the
/// [`Interchange`]; this holds the rest.
///
/// ```
/// let input = include_bytes!("../../examples/data/x12/bad_duplicates.x12");
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let report = x12::validate::validate(&ic);
/// assert!(!report.is_clean());
/// assert!(report.groups[1].duplicate_control_number);
/// assert!(report.set(1).unwrap().duplicate_control_number);
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationReport {
    /// One entry per functional group, in order.
    pub groups: Vec<GroupReport>,
    /// One entry per transaction set, in order.
    pub sets: Vec<SetReport>,
    /// The interchange repeats one seen before (set from [`ControlNumbers::record`]; TA105
    /// `025`).
    pub duplicate_interchange: bool,
}

impl ValidationReport {
    /// Whether nothing was found (envelope diagnostics are not included: see
    /// [`Interchange::diagnostics`](crate::Interchange::diagnostics)).
    pub fn is_clean(&self) -> bool {
        !self.duplicate_interchange
            && self.groups.iter().all(|g| !g.duplicate_control_number)
            && self
                .sets
                .iter()
                .all(|s| s.findings.is_empty() && !s.duplicate_control_number)
    }

    /// The report of transaction set `index`.
    pub fn set(&self, index: usize) -> Option<&SetReport> {
        self.sets.iter().find(|s| s.index == index)
    }
}

/// Validates every transaction set of `ic` against its guide (detected from ST01 and
/// ST03/GS08) and looks for control numbers repeated within the interchange.
pub fn validate(ic: &Interchange<'_>) -> ValidationReport {
    let mut report = ValidationReport::default();
    let mut seen_groups = BTreeSet::new();
    for g in ic.groups() {
        report.groups.push(GroupReport {
            index: g.index(),
            duplicate_control_number: !seen_groups.insert(g.control_number()),
        });
    }
    let mut seen_sets = BTreeSet::new();
    for ts in ic.transaction_sets() {
        let guide = ts.guide();
        let (findings, imbalances) = match guide {
            Some(g) => {
                let tree = ts.validate(g);
                let imbalances = balance(&tree);
                (tree.findings, imbalances)
            }
            None => (Vec::new(), Vec::new()),
        };
        report.sets.push(SetReport {
            index: ts.number(),
            group: ts.group_index(),
            guide,
            findings,
            duplicate_control_number: !seen_sets.insert((ts.group_index(), ts.control_number())),
            imbalances,
        });
    }
    report
}

/// Interchange control numbers seen so far, to find an interchange received twice (the
/// same sender and ISA13).
///
/// ```
/// use x12::validate::{ControlNumbers, validate};
/// let input = include_bytes!("../tests/data/837p.x12");
/// let ic = x12::Interchange::parse(input)?;
/// let mut seen = ControlNumbers::default();
/// assert!(!seen.record(&ic));
/// let mut report = validate(&ic);
/// report.duplicate_interchange = seen.record(&ic); // the same file again
/// assert!(report.duplicate_interchange);
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct ControlNumbers {
    seen: BTreeSet<Vec<u8>>,
}

impl ControlNumbers {
    /// Records `ic`; returns whether its sender and control number were recorded before.
    pub fn record(&mut self, ic: &Interchange<'_>) -> bool {
        let (q, id) = ic.sender();
        let mut key = Vec::with_capacity(q.len() + id.len() + 11);
        for part in [q, id, ic.control_number()] {
            key.extend_from_slice(part);
            key.push(0);
        }
        !self.seen.insert(key)
    }
}

/// Whether [`check_segment`] would find nothing in a segment, decided from the node's
/// precomputed plan: the presence of every element as one mask checked against the required
/// elements and the syntax notes, and a look at each element with a value. `false` when in
/// doubt (the full check then runs and finds what there is). `delims.repetition` may be
/// `None` when the caller knows no segment holds the repetition separator. `qualified`: the
/// caller has found the value of the node's qualifier in the node's qualifier code list.
pub(crate) fn segment_is_clean(
    g: &Guide,
    node_index: u16,
    seg: &Segment<'_, '_>,
    parts: &Parts32<'_, '_>,
    at: usize,
    delims: crate::Delimiters,
    qualified: bool,
) -> bool {
    let clean = quick_check(g, node_index, parts, delims, qualified);
    // Debug builds (tests, fuzzing) confirm that the full check agrees.
    #[cfg(debug_assertions)]
    if clean {
        let mut found = Vec::new();
        check_segment(g, g.node(node_index), seg, *parts, at, &mut found);
        debug_assert!(found.is_empty(), "clean segment {at} has {found:?}");
    }
    #[cfg(not(debug_assertions))]
    let _ = (seg, at);
    clean
}

/// See [`segment_is_clean`].
fn quick_check(
    g: &Guide,
    node_index: u16,
    parts: &Parts32<'_, '_>,
    delims: crate::Delimiters,
    qualified: bool,
) -> bool {
    let node = g.node(node_index);
    // The qualifier element whose code the caller has checked (its index among the values),
    // and its code list.
    let [qe, qc, ql] = node.qual;
    let checked = if qualified && qc == 0 && ql != 0 {
        usize::from(qe).wrapping_sub(1)
    } else {
        usize::MAX
    };
    let plan = g.plan(node_index);
    let count = parts.count();
    if count > 63 || (g.complete && count > usize::from(plan.last)) {
        return false;
    }
    // Elements with repetitions are checked in full (only their first repetition counts;
    // the caller leaves out the separator when the transaction set holds none).
    if let Some(r) = delims.repetition
        && memchr::memchr(r, parts.bytes()).is_some()
    {
        return false;
    }
    let defs = g.elems(node);
    let slots = g.slots(plan);
    let mut present = 0u64;
    for (k, v) in parts.values().enumerate() {
        if v.is_empty() {
            continue;
        }
        present |= 2 << k;
        let Some(&slot) = slots.get(k) else {
            continue;
        };
        let slot = usize::from(slot);
        let Some(d) = defs.get(slot) else {
            continue; // no definition (slot 255)
        };
        if d.usage == Usage::NotUsed {
            return false;
        }
        if d.ty == DataType::Composite {
            if !composite_is_clean(g, defs, slot, v, delims.component) {
                return false;
            }
            continue;
        }
        let known = k == checked && d.codes == ql;
        if !value_is_clean(g, d, v, known) {
            return false;
        }
        if d.number == 1251 && !period_is_clean(defs, d, parts, v) {
            return false;
        }
    }
    if plan.required & !present != 0 {
        return false;
    }
    // With none of the elements the notes name present and no R note, every note is met
    // (bit 0, which no element sets, stands for an R note).
    if (present | 1) & plan.note_mask == 0 {
        return true;
    }
    g.notes(plan).iter().all(|note| {
        let m = note.mask & present;
        let first = present >> note.first & 1 != 0;
        let rest = note.mask & !(1 << note.first);
        match note.kind {
            b'P' => m == 0 || m == note.mask,
            b'R' => m != 0,
            b'C' => !first || m & rest == rest,
            b'L' => !first || m & rest != 0,
            b'E' => m & m.wrapping_sub(1) == 0,
            _ => false,
        }
    })
}

/// Whether date/time period `v` (element `d`, data element 1251) fits the format its
/// qualifier (1250, the element before it) names, as [`check_segment`] checks it (kept out of
/// the quick check's loop).
#[inline(never)]
fn period_is_clean(defs: &[Elem], d: &Elem, parts: &Parts32<'_, '_>, v: &[u8]) -> bool {
    defs.iter()
        .find(|x| x.number == 1250 && x.seq + 1 == d.seq)
        .and_then(|f| parts.raw(usize::from(f.seq)))
        .and_then(|f| period_problem(f, v))
        .is_none()
}

/// Whether the components of composite `defs[slot]` with value `v` (its first repetition,
/// not empty) are clean, as [`check_segment`] checks them.
#[inline(never)]
fn composite_is_clean(g: &Guide, defs: &[Elem], slot: usize, v: &[u8], sep: u8) -> bool {
    let Some(d) = defs.get(slot) else {
        return false;
    };
    let after = defs.get(slot + 1..).unwrap_or_default();
    // The generated shape: the number of component definitions (when 1 to 16) and a bit
    // per required one; otherwise they are counted.
    let (n, required) = match usize::from(d.min) {
        0 => (after.iter().take_while(|x| x.seq == d.seq).count(), None),
        n => (n, Some(d.max)),
    };
    let comps = after.get(..n).unwrap_or_default();
    // One pass over the value: `rest` is the text from component `number` on (`None` once
    // no component is left); the definitions come in component order.
    let mut rest = Some(v);
    let mut number = 1usize;
    for (i, c) in comps.iter().enumerate() {
        if rest.is_none() {
            // No component left in the value: the others are empty.
            return match required {
                Some(mask) => mask.checked_shr(i as u32).unwrap_or(0) == 0,
                None => {
                    let rest = comps.get(i..).unwrap_or_default();
                    !rest.iter().any(|c| c.usage == Usage::Required)
                }
            };
        }
        let k = usize::from(c.comp);
        let mut value: &[u8] = &[];
        if k <= MAX_COMPONENTS {
            while number <= k {
                let Some(r) = rest else {
                    break;
                };
                let (head, tail) = match r.iter().position(|&b| b == sep) {
                    Some(p) => (r.get(..p).unwrap_or_default(), r.get(p + 1..)),
                    None => (r, None),
                };
                rest = tail;
                if number == k {
                    value = head;
                }
                number += 1;
            }
        }
        if value.is_empty() {
            if c.usage == Usage::Required {
                return false;
            }
            continue;
        }
        if !value_is_clean(g, c, value, false) {
            return false;
        }
    }
    let max_comp = comps.last().map_or(0, |x| usize::from(x.comp));
    if g.complete && max_comp > 0 {
        let too_many = if max_comp <= MAX_COMPONENTS {
            // Components 1 to `max_comp` were consumed: anything left is one too many.
            rest.is_some()
        } else {
            v.iter().filter(|&&b| b == sep).count() + 1 > max_comp
        };
        if too_many {
            return false;
        }
    }
    true
}

/// Checks the elements of one segment against its guide node (findings get their loop id
/// from the caller).
fn check_segment(
    g: &Guide,
    node: &Node,
    seg: &Segment<'_, '_>,
    parts: Parts32<'_, '_>,
    at: usize,
    out: &mut Vec<Finding>,
) {
    let defs = g.elems(node);
    let mut push = |kind, offset: usize, seq: u8, comp: u8, number: u16| {
        out.push(Finding {
            kind,
            offset,
            segment_position: seg.position(),
            transaction_position: at as u32 + 1,
            segment_id: SegmentId::new(seg.id()),
            loop_id: None,
            element: Some(seq),
            component: (comp != 0).then_some(comp),
            data_element: (number != 0).then_some(number),
        });
    };
    let count = parts.count();
    // Definitions come in (element, component) order (checked by the table tests).
    let last = defs.last().map_or(0, |e| e.seq);
    if g.complete && count > usize::from(last) {
        let offset = parts
            .get(usize::from(last) + 1)
            .map_or(seg.offset(), |(_, o)| o);
        push(
            FindingKind::TooManyElements,
            offset,
            last.saturating_add(1),
            0,
            0,
        );
    }
    let delims = seg.delimiters();
    let (rep, sep) = (delims.repetition, delims.component);
    // The composite being read: its first repetition, whether it has a value, the part not
    // yet split into components and the number of the next component.
    let mut composite_present = false;
    let mut rest: &[u8] = &[];
    let mut next_comp = 1usize;
    for (i, d) in defs.iter().enumerate() {
        let Some((raw, offset)) = parts.get(usize::from(d.seq)).filter(|_| d.seq > 0) else {
            // This and every later element is absent: only required elements matter
            // (their components go with them).
            for d in defs.get(i..).unwrap_or_default() {
                if d.comp == 0 && d.usage == Usage::Required {
                    let number = if d.ty == DataType::Composite {
                        0
                    } else {
                        d.number
                    };
                    push(
                        FindingKind::RequiredElementMissing,
                        seg.offset(),
                        d.seq,
                        0,
                        number,
                    );
                }
            }
            break;
        };
        if d.comp == 0 {
            let v = first_repetition(raw, rep);
            if d.ty == DataType::Composite {
                composite_present = !v.is_empty();
                rest = v;
                next_comp = 1;
                if let Some(k) = usage_problem(d.usage, v) {
                    push(k, offset, d.seq, 0, 0);
                } else if composite_present && g.complete {
                    // The composite's components follow it.
                    let max_comp = defs
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|x| x.seq == d.seq)
                        .last()
                        .map_or(0, |x| x.comp);
                    if max_comp > 0 {
                        let comp_count = v.iter().filter(|&&b| b == sep).count() + 1;
                        if comp_count > usize::from(max_comp) {
                            push(
                                FindingKind::TooManyComponents,
                                offset,
                                d.seq,
                                max_comp + 1,
                                0,
                            );
                        }
                    }
                }
                continue;
            }
            let mut problems = value_problems(g, d, v);
            if problems[0].is_none() && d.number == 1251 && !v.is_empty() {
                // A date/time period (1251) follows its format qualifier (1250).
                problems[0] = defs
                    .iter()
                    .find(|x| x.number == 1250 && x.seq + 1 == d.seq)
                    .and_then(|f| parts.raw(usize::from(f.seq)))
                    .and_then(|f| period_problem(f, v));
            }
            if problems[0].is_some() {
                for k in problems.into_iter().flatten() {
                    push(k, offset, d.seq, 0, d.number);
                }
            }
        } else {
            if !composite_present {
                continue;
            }
            // Components come in order: split off the ones before this one.
            let k = usize::from(d.comp);
            let mut v: &[u8] = &[];
            if k <= MAX_COMPONENTS {
                while next_comp < k && next_comp <= MAX_COMPONENTS {
                    rest = match rest.iter().position(|&b| b == sep) {
                        Some(p) => rest.get(p + 1..).unwrap_or_default(),
                        None => {
                            next_comp = usize::MAX - 1;
                            break;
                        }
                    };
                    next_comp += 1;
                }
                if next_comp == k {
                    v = match rest.iter().position(|&b| b == sep) {
                        Some(p) => rest.get(..p).unwrap_or_default(),
                        None => rest,
                    };
                }
            }
            let problems = value_problems(g, d, v);
            if problems[0].is_some() {
                for k in problems.into_iter().flatten() {
                    push(k, offset, d.seq, d.comp, d.number);
                }
            }
        }
    }
    let notes = g.syntax(node);
    if notes.is_empty() {
        return;
    }
    // Element presence for the syntax notes: a bit per element (elements past the 63rd are
    // looked up).
    let mut mask = 0u64;
    for k in 1..=count.min(63) {
        if parts.raw(k).is_some_and(|v| !v.is_empty()) {
            mask |= 1 << k;
        }
    }
    let present = |e: u8| {
        if e < 64 {
            mask >> e & 1 != 0
        } else {
            parts.raw(usize::from(e)).is_some_and(|v| !v.is_empty())
        }
    };
    for note in notes {
        if let Some((kind, seq)) = syntax_problem(note.as_bytes(), present) {
            let offset = parts.get(usize::from(seq)).map_or(seg.offset(), |(_, o)| o);
            let number = defs
                .iter()
                .find(|d| d.seq == seq && d.comp == 0)
                .map_or(0, |d| d.number);
            push(kind, offset, seq, 0, number);
        }
    }
}

/// Components of one composite looked at (X12 composites have at most a few dozen).
const MAX_COMPONENTS: usize = 32;

/// The first repetition of a raw element (short values: a plain scan beats `memchr`).
pub(crate) fn first_repetition(raw: &[u8], rep: Option<u8>) -> &[u8] {
    match rep.and_then(|r| raw.iter().position(|&b| b == r)) {
        Some(i) => &raw[..i],
        None => raw,
    }
}

fn usage_problem(usage: Usage, v: &[u8]) -> Option<FindingKind> {
    match (usage, v.is_empty()) {
        (Usage::Required, true) => Some(FindingKind::RequiredElementMissing),
        (Usage::NotUsed, false) => Some(FindingKind::NotUsedElement),
        _ => None,
    }
}

/// The problems with value `v` of element `d`: usage, or a length problem and then a
/// content problem (character, code, date or time), as a 999 reports them.
#[inline(always)]
fn value_problems(g: &Guide, d: &Elem, v: &[u8]) -> [Option<FindingKind>; 2] {
    if v.is_empty() {
        let missing = d.usage == Usage::Required;
        return [missing.then_some(FindingKind::RequiredElementMissing), None];
    }
    if d.usage == Usage::NotUsed {
        return [Some(FindingKind::NotUsedElement), None];
    }
    let (len, content) = match d.ty {
        DataType::AN => (
            v.len(),
            has_control(v).then_some(FindingKind::InvalidCharacter),
        ),
        DataType::ID => {
            let ok = d.codes == 0 || g.has_code(d.codes, v);
            (v.len(), (!ok).then_some(FindingKind::InvalidCode))
        }
        DataType::R => {
            let body = v.strip_prefix(b"-").unwrap_or(v);
            let (mut digits, mut points, mut other) = (0usize, 0usize, false);
            for &b in body {
                if b.is_ascii_digit() {
                    digits += 1;
                } else if b == b'.' {
                    points += 1;
                } else {
                    other = true;
                }
            }
            let ok = digits > 0 && points <= 1 && !other;
            (digits, (!ok).then_some(FindingKind::InvalidCharacter))
        }
        DataType::N(_) => {
            let digits = v.strip_prefix(b"-").unwrap_or(v);
            let ok = !digits.is_empty() && digits.iter().all(u8::is_ascii_digit);
            (digits.len(), (!ok).then_some(FindingKind::InvalidCharacter))
        }
        DataType::DT => (
            v.len(),
            (!valid_date(v)).then_some(FindingKind::InvalidDate),
        ),
        DataType::TM => (
            v.len(),
            (!valid_time(v)).then_some(FindingKind::InvalidTime),
        ),
        DataType::B | DataType::Composite => (v.len(), None),
    };
    let length = if len < usize::from(d.min) {
        Some(FindingKind::TooShort)
    } else if len > usize::from(d.max) {
        Some(FindingKind::TooLong)
    } else {
        None
    };
    match length {
        Some(_) => [length, content],
        None => [content, None],
    }
}

/// Whether `value_problems(g, d, v)[0]` is `None` (nothing found), for a value `v` that is
/// not empty: the same checks, stopping at the first problem. `known`: `v` is known to be in
/// `d`'s code list.
#[inline(always)]
fn value_is_clean(g: &Guide, d: &Elem, v: &[u8], known: bool) -> bool {
    if d.usage == Usage::NotUsed {
        return false;
    }
    let in_range = |len: usize| len >= usize::from(d.min) && len <= usize::from(d.max);
    match d.ty {
        DataType::AN => in_range(v.len()) && !has_control(v),
        DataType::ID => in_range(v.len()) && (known || d.codes == 0 || g.has_code(d.codes, v)),
        DataType::B | DataType::Composite => in_range(v.len()),
        DataType::DT => in_range(v.len()) && valid_date(v),
        DataType::TM => in_range(v.len()) && valid_time(v),
        DataType::R => {
            let n = decimal_digits(v);
            n > 0 && in_range(n)
        }
        DataType::N(_) => value_problems(g, d, v)[0].is_none(),
    }
}

/// The digits of decimal number `v` (an optional minus sign, digits with at most one point),
/// 0 when it is not one (a decimal has at least one digit): `value_problems`' R check,
/// stopping at the first problem.
fn decimal_digits(v: &[u8]) -> usize {
    let body = v.strip_prefix(b"-").unwrap_or(v);
    let (mut digits, mut points) = (0usize, 0usize);
    for &b in body {
        if b.is_ascii_digit() {
            digits += 1;
        } else if b == b'.' && points == 0 {
            points = 1;
        } else {
            return 0;
        }
    }
    digits
}

/// Whether `v` holds a control character (below space, or DEL): eight bytes at a time.
#[inline]
fn has_control(v: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte below 0x20, or a byte equal to 0x7f (zero after the xor); the borrow trick
    // has no false positives for "any" (bytes of 0x80 and above never match).
    let word = |c: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_ne_bytes(w);
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let y = x ^ (ONES * 0x7f);
        let del = y.wrapping_sub(ONES) & !y & HIGH;
        below | del != 0
    };
    if v.len() < 8 {
        return v.iter().any(|&b| b < 0x20 || b == 0x7f);
    }
    let mut chunks = v.chunks_exact(8);
    if chunks.any(word) {
        return true;
    }
    // The last bytes as one word that overlaps the last chunk.
    !chunks.remainder().is_empty() && v.get(v.len() - 8..).is_some_and(word)
}

/// A date/time period (data element 1251) against its format qualifier (1250): `D8`
/// `CCYYMMDD`, `RD8` `CCYYMMDD-CCYYMMDD`, `DT` `CCYYMMDDHHMM`, `TM` `HHMM`. Other formats are
/// not checked.
fn period_problem(format: &[u8], v: &[u8]) -> Option<FindingKind> {
    let ok = match format {
        b"D8" => v.len() == 8 && valid_date(v),
        b"RD8" => v.len() == 17 && v[8] == b'-' && valid_date(&v[..8]) && valid_date(&v[9..]),
        b"DT" => v.len() == 12 && valid_date(&v[..8]) && valid_time(&v[8..]),
        b"TM" => v.len() == 4 && valid_time(v),
        _ => true,
    };
    (!ok).then_some(if format == b"TM" {
        FindingKind::InvalidTime
    } else {
        FindingKind::InvalidDate
    })
}

/// The eight bytes of `w` (first byte lowest) as digit values, when they are all ASCII
/// digits: each byte's high half is 3 and adding 6 to it carries nothing into the high half
/// (no byte exceeds 0x45 after the add, so nothing carries between bytes).
fn digits(w: u64) -> Option<u64> {
    const HIGH: u64 = u64::from_le_bytes([0xf0; 8]);
    const THREES: u64 = u64::from_le_bytes([0x30; 8]);
    const SIXES: u64 = u64::from_le_bytes([0x06; 8]);
    (w & HIGH == THREES && w.wrapping_add(SIXES) & HIGH == THREES).then_some(w ^ THREES)
}

/// Two digit values at byte `i` (first byte lowest) of `d` as a number.
fn pair(d: u64, i: u32) -> u32 {
    ((d >> (8 * i)) & 0xff) as u32 * 10 + ((d >> (8 * i + 8)) & 0xff) as u32
}

/// `CCYYMMDD` (or `YYMMDD`) naming a real calendar day.
fn valid_date(v: &[u8]) -> bool {
    // Right-aligned in eight digits (a `YYMMDD` gets two leading zeros).
    let w = match *v {
        [a, b, c, d, e, f, g, h] => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        [c, d, e, f, g, h] => u64::from_le_bytes([b'0', b'0', c, d, e, f, g, h]),
        _ => return false,
    };
    let Some(d) = digits(w) else {
        return false;
    };
    let (month, day) = (pair(d, 4), pair(d, 6));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            // The year only matters in February.
            let year = pair(d, 0) * 100 + pair(d, 2);
            let leap = if v.len() == 8 {
                year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
            } else {
                year.is_multiple_of(4)
            };
            if leap { 29 } else { 28 }
        }
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HHMM`, `HHMMSS` or `HHMMSSd..`.
fn valid_time(v: &[u8]) -> bool {
    // Left-aligned in eight digits (missing seconds read as `00`).
    let z = b'0';
    let w = match *v {
        [a, b, c, d] => [a, b, c, d, z, z, z, z],
        [a, b, c, d, e, f] => [a, b, c, d, e, f, z, z],
        [a, b, c, d, e, f, g] => [a, b, c, d, e, f, g, z],
        [a, b, c, d, e, f, g, h] => [a, b, c, d, e, f, g, h],
        _ => return false,
    };
    let Some(d) = digits(u64::from_le_bytes(w)) else {
        return false;
    };
    pair(d, 0) < 24 && pair(d, 2) < 60 && pair(d, 4) < 60
}

/// Checks one X12 syntax note (`P0203`, `R0203`, `C0504`, `L100405`, `E0410`) and returns the
/// finding and the element to report. The notes come from the generated tables, whose tests
/// check that each is a letter and two or more two-digit element numbers.
fn syntax_problem(note: &[u8], present: impl Fn(u8) -> bool) -> Option<(FindingKind, u8)> {
    let (&kind, digits) = note.split_first()?;
    if digits.len() < 4 || digits.len() % 2 != 0 {
        return None;
    }
    let els = digits.chunks_exact(2).map(|p| {
        p[0].wrapping_sub(b'0')
            .wrapping_mul(10)
            .wrapping_add(p[1].wrapping_sub(b'0'))
    });
    let mut rest = els.clone().skip(1);
    let first = els.clone().next()?;
    let first_missing = || els.clone().find(|&e| !present(e));
    match kind {
        // Paired: all or none.
        b'P' => {
            let any = els.clone().any(&present);
            any.then(first_missing)
                .flatten()
                .map(|e| (FindingKind::ConditionalRequiredMissing, e))
        }
        // Required: at least one.
        b'R' => {
            (!els.clone().any(&present)).then_some((FindingKind::ConditionalRequiredMissing, first))
        }
        // Conditional: if the first, then all the others.
        b'C' => {
            if present(first) {
                rest.find(|&e| !present(e))
                    .map(|e| (FindingKind::ConditionalRequiredMissing, e))
            } else {
                None
            }
        }
        // List conditional: if the first, then at least one of the others.
        b'L' => {
            let second = rest.clone().next()?;
            (present(first) && !rest.any(&present))
                .then_some((FindingKind::ConditionalRequiredMissing, second))
        }
        // Exclusion: at most one.
        b'E' => els
            .filter(|&e| present(e))
            .nth(1)
            .map(|e| (FindingKind::ExclusionViolated, e)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_anywhere() {
        for len in 0..40 {
            let clean: Vec<u8> = (0..len).map(|i| b"NM1*85*2~\x80\xff "[i % 12]).collect();
            let expect = clean.iter().any(|&b| b < 0x20 || b == 0x7f);
            assert_eq!(has_control(&clean), expect, "{clean:?}");
            for at in 0..len {
                for bad in [0x00, 0x0a, 0x1d, 0x1f, 0x7f] {
                    let mut v = clean.clone();
                    v[at] = bad;
                    assert!(has_control(&v), "{v:?}");
                }
                let mut v = clean.clone();
                v[at] = 0x20;
                assert_eq!(has_control(&v), expect, "{v:?}");
            }
        }
    }

    #[test]
    fn quick_value_check_agrees_with_the_full_one() {
        let values: [&[u8]; 24] = [
            b"-",
            b".",
            b"-.5",
            b"5.",
            b"1-2",
            b"--1",
            b"12345678901234567890",
            b"0.000",
            b"1",
            b"85",
            b"D8",
            b"20240229",
            b"20230229",
            b"0830",
            b"2561",
            b"-12.50",
            b"1.2.3",
            b"007",
            b"ABC\x07DEF",
            b"SMITH JOHN",
            b"HC",
            b"99213",
            b"X",
            b"11",
        ];
        for g in crate::guide::all() {
            for d in g.elems {
                for v in values {
                    let full = value_problems(g, d, v)[0].is_none();
                    assert_eq!(value_is_clean(g, d, v, false), full, "{d:?} {v:?}");
                }
                for (_, list) in g
                    .codes
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i == usize::from(d.codes))
                {
                    for code in list.iter().take(3) {
                        let full = value_problems(g, d, code.as_bytes())[0].is_none();
                        let quick = value_is_clean(g, d, code.as_bytes(), false);
                        assert_eq!(quick, full, "{d:?} {code}");
                    }
                }
            }
        }
    }

    #[test]
    fn dates_and_times() {
        assert!(valid_date(b"20240229"));
        assert!(!valid_date(b"20230229"));
        assert!(!valid_date(b"21000229"));
        assert!(valid_date(b"20000229"));
        assert!(!valid_date(b"20261301"));
        assert!(!valid_date(b"20261100"));
        assert!(valid_date(b"261124"));
        assert!(valid_date(b"240229"));
        assert!(!valid_date(b"230229"));
        assert!(!valid_date(b"20260431"));
        assert!(valid_date(b"20261231"));
        assert!(!valid_date(b"2026112"));
        assert!(!valid_date(b"2026112X"));
        assert!(valid_time(b"0830"));
        assert!(valid_time(b"235959"));
        assert!(valid_time(b"2359599"));
        assert!(!valid_time(b"2400"));
        assert!(!valid_time(b"12345"));
        assert!(!valid_time(b"1260"));
        assert!(!valid_time(b"12:0"));
        assert!(!valid_time(b"123460"));
        assert!(!valid_time(b"123"));
        assert!(!valid_time(b"123456789"));
        assert!(!valid_date(b"2026:101"));
        assert!(!valid_date(b"2026/101"));
        assert!(!valid_date(b"202611\xb001"));
        assert!(!valid_date(b"20261-01"));
    }

    /// The digit-word readings against a plain one, for every date and time of a range and
    /// every byte at every position.
    #[test]
    fn dates_and_times_agree_with_a_plain_reading() {
        fn num(v: &[u8]) -> u32 {
            v.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
        }
        fn plain_date(v: &[u8]) -> bool {
            if !(v.len() == 8 || v.len() == 6) || !v.iter().all(u8::is_ascii_digit) {
                return false;
            }
            let (y, rest) = v.split_at(v.len() - 4);
            let (year, month, day) = (num(y), num(&rest[..2]), num(&rest[2..]));
            let leap = if v.len() == 8 {
                year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            } else {
                year % 4 == 0
            };
            let days = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&day)
        }
        fn plain_time(v: &[u8]) -> bool {
            if !(4..=8).contains(&v.len()) || v.len() == 5 || !v.iter().all(u8::is_ascii_digit) {
                return false;
            }
            num(&v[..2]) < 24 && num(&v[2..4]) < 60 && (v.len() < 6 || num(&v[4..6]) < 60)
        }
        for year in [1900, 1996, 2000, 2023, 2024, 2100] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let long = format!("{year:04}{month:02}{day:02}");
                    let short = &long[2..];
                    for v in [long.as_bytes(), short.as_bytes()] {
                        assert_eq!(valid_date(v), plain_date(v), "{v:?}");
                    }
                }
            }
        }
        for h in [0, 9, 23, 24, 99] {
            for m in [0, 30, 59, 60, 99] {
                for s in [0, 59, 60] {
                    let t = format!("{h:02}{m:02}{s:02}57");
                    for len in 0..=t.len() {
                        let v = &t.as_bytes()[..len];
                        assert_eq!(valid_time(v), plain_time(v), "{t} {len}");
                    }
                }
            }
        }
        for base in [&b"20240229"[..], b"0830", b"235959", b"261124", b"2359599"] {
            for at in 0..base.len() {
                for b in 0..=255u8 {
                    let mut v = base.to_vec();
                    v[at] = b;
                    assert_eq!(valid_date(&v), plain_date(&v), "{v:?}");
                    assert_eq!(valid_time(&v), plain_time(&v), "{v:?}");
                }
            }
        }
    }
}
