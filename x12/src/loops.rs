//! Loop trees: a transaction set's segments grouped into the loops of its implementation
//! guide (`2000A`, `2010AA`, `2300`, `2400`…), with the HL hierarchy checked.
//!
//! [`TransactionSet::loops`] walks the segments once against a [`Guide`]'s table: each
//! segment either continues the current loop, opens a child loop (its first segment, told
//! apart by a qualifier such as `NM101` or `HL03` when the id alone is ambiguous), or closes
//! loops until an enclosing one accepts it. Whatever does not fit is recorded as a
//! [`Finding`] (unexpected, out of sequence, missing, over its maximum) and the walk goes on,
//! so one tree and one list of findings come out of any input.
//!
//! ```
//! let input = include_bytes!("../tests/data/837p.x12");
//! let ic = x12::Interchange::parse(input)?;
//! let ts = ic.transaction_set(0).unwrap();
//! let tree = ts.loop_tree().unwrap(); // guide from ST01 + ST03
//! assert_eq!(tree.guide().reference(), "005010X222A1");
//! let claim = tree.find("2300").next().unwrap();
//! assert_eq!(claim.name(), "Claim Information");
//! assert_eq!(claim.header().element_raw(1), Some(&b"PATACCT001"[..]));
//! let path: Vec<&str> = claim.ancestors().map(|l| l.id()).collect();
//! assert_eq!(path, ["2000B", "2000A", "ST"]);
//! let subscriber = claim.parent().unwrap().hl().unwrap();
//! assert_eq!((subscriber.level, subscriber.depth), (&b"22"[..], 1));
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::error::SegmentId;
use crate::finding::{Finding, FindingKind};
use crate::guide::tables::{Node, Usage, key};
use crate::guide::{self, Guide};
use crate::view::{Parts32, Segment, Segments, TransactionSet};

/// The deepest HL hierarchy accepted (levels below the top one); deeper levels are reported
/// as [`FindingKind::HierarchyTooDeep`].
pub const MAX_HL_DEPTH: u16 = 64;

const NONE: u32 = u32::MAX;
/// The node of a segment that did not fit the guide.
pub(crate) const NO_NODE: u16 = u16::MAX;
const HL: u32 = key(b"HL");

#[derive(Debug, Clone, Copy)]
struct Inst {
    node: u16,
    parent: u32,
    /// First and last segment (0-based within the transaction set, ST is 0).
    first: u32,
    last: u32,
    /// Index into `hls`, or NONE.
    hl: u32,
}

#[derive(Debug, Clone, Copy)]
struct HlEntry {
    /// The parent's index in `hls`, or NONE.
    parent: u32,
    /// The loop instance the HL heads.
    inst: u32,
    depth: u16,
}

/// A transaction set's loops as its implementation guide defines them.
///
/// Loops are numbered in document order; the root (index 0) is the transaction set itself
/// (id `ST`). `Debug` shows counts only.
pub struct LoopTree<'i, 'a> {
    ts: TransactionSet<'i, 'a>,
    guide: &'static Guide,
    insts: Vec<Inst>,
    seg_loop: Vec<u32>,
    seg_node: Vec<u16>,
    hls: Vec<HlEntry>,
    pub(crate) findings: Vec<Finding>,
}

impl fmt::Debug for LoopTree<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopTree")
            .field("guide", &self.guide.reference)
            .field("loops", &self.insts.len())
            .field("segments", &self.seg_loop.len())
            .field("findings", &self.findings.len())
            .finish()
    }
}

/// One loop of a [`LoopTree`]: a guide loop id and a contiguous range of segments (its own
/// and those of its descendants).
///
/// ```
/// let input = include_bytes!("../../examples/data/x12/835_multi.x12");
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
/// let claim = tree.find("2100").next().unwrap();
/// assert_eq!(claim.children().count(), 3);                 // three 2110 service lines
/// assert_eq!(claim.own_segments().count(), 5);             // CLP, NM1, NM1, DTM, DTM
/// assert_eq!(claim.segments().count(), 5 + 14);            // and the lines' segments
/// assert_eq!(claim.segment("DTM").unwrap().element_raw(1), Some(&b"232"[..]));
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Loop<'t, 'i, 'a> {
    tree: &'t LoopTree<'i, 'a>,
    index: u32,
}

impl fmt::Debug for Loop<'_, '_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self.inst();
        f.debug_struct("Loop")
            .field("id", &self.id())
            .field("index", &self.index)
            .field("first", &i.first)
            .field("last", &i.last)
            .finish()
    }
}

/// The HL segment heading a hierarchical loop, and where it sits in the hierarchy.
///
/// ```
/// let input = include_bytes!("../../examples/data/x12/270_271.x12");
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
/// let dependent = tree.find("2000D").next().unwrap();
/// let hl = dependent.hl().unwrap();
/// assert_eq!((hl.id, hl.parent_id, hl.level, hl.depth), (&b"4"[..], &b"3"[..], &b"23"[..], 3));
/// assert_eq!(dependent.hl_parent().unwrap().id(), "2000C");
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hl<'a> {
    /// HL01, the hierarchical id.
    pub id: &'a [u8],
    /// HL02, the parent's hierarchical id (empty at the top).
    pub parent_id: &'a [u8],
    /// HL03, the level code (`20` information source, `22` subscriber, `23` dependent…).
    pub level: &'a [u8],
    /// HL04, the child code (`1` when children follow), when present.
    pub child_code: &'a [u8],
    /// 0 for a top level, one more for each parent above.
    pub depth: u16,
}

impl<'i, 'a> TransactionSet<'i, 'a> {
    /// The implementation guide for this transaction set: ST01 with the group's GS08, or
    /// with ST03 when GS08 names no guide for ST01 (or the set is outside a group).
    ///
    /// HIPAA requires ST03 = GS08; when they differ (reported as
    /// [`DiagnosticKind::VersionMismatch`](crate::DiagnosticKind::VersionMismatch)) the
    /// group's version is taken, as the 999's AK1 acknowledges the group under it.
    ///
    /// ```
    /// let ic = x12::Interchange::parse(include_bytes!("../tests/data/270.x12"))?;
    /// let ts = ic.transaction_set(0).unwrap();
    /// assert_eq!(ts.guide().unwrap().reference(), "005010X279A1");
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn guide(&self) -> Option<&'static Guide> {
        self.group()
            .and_then(|g| guide::find(self.id(), g.version()))
            .or_else(|| guide::find(self.id(), self.implementation_reference()?))
    }

    /// The loop tree under the detected [`guide`](TransactionSet::guide), or `None` when no
    /// guide is known for this transaction set.
    pub fn loop_tree(&self) -> Option<LoopTree<'i, 'a>> {
        Some(self.loops(self.guide()?))
    }

    /// The loop tree of this transaction set under `guide`, with structure and HL findings.
    pub fn loops(&self, guide: &'static Guide) -> LoopTree<'i, 'a> {
        Builder::new(*self, guide).run::<false>(None)
    }

    /// The loop tree under `guide`, and the segments (0-based within the set) whose
    /// elements need the full check: every segment placed in the guide is put through
    /// the quick clean-segment check as it is placed, and those it cannot clear are listed.
    pub(crate) fn loops_checked(&self, guide: &'static Guide) -> (LoopTree<'i, 'a>, Vec<u32>) {
        let mut recheck = Vec::new();
        let tree = Builder::new(*self, guide).run::<true>(Some(&mut recheck));
        (tree, recheck)
    }
}

struct Frame {
    /// The loop's guide node.
    node: u16,
    /// Its instance.
    inst: u32,
    /// Group start of the latest child matched.
    cursor: u16,
}

/// Entries of the builder's table of search answers.
const MEMO: usize = 256;

/// A remembered search answer: in loop `l` from child `from`, a segment with key `id` whose
/// qualifier value has code key `q` goes to child `found` (`NO_NODE`: none).
#[derive(Clone, Copy)]
struct Memo {
    l: u16,
    from: u16,
    id: u32,
    q: u64,
    found: u16,
}

struct Builder<'i, 'a> {
    ts: TransactionSet<'i, 'a>,
    g: &'static Guide,
    memo: Vec<Memo>,
    counts: Vec<u32>,
    stack: Vec<Frame>,
    tree: LoopTree<'i, 'a>,
    quals: QualCache<'a>,
    /// Whether the latest segment placed was placed by its qualifier value (found in the
    /// node's list), not kept where it is with an invalid code.
    qualified: bool,
}

/// Whether a segment fits a guide segment node: same id and, when the node has one, a
/// qualifier value from its list.
fn seg_matches<'a>(
    g: &Guide,
    n: &Node,
    parts: &Parts32<'_, 'a>,
    cache: &mut QualCache<'a>,
) -> bool {
    let [e, c, list] = n.qual;
    if list == 0 {
        return true;
    }
    let (v, k) = cache.value(parts, e, c);
    g.has_code_key(list, v, k)
}

/// The qualifier values of the segment being placed (with their code keys), looked up once
/// each: the candidates for one segment (a dozen DTP or REF variants) mostly share their
/// qualifier element.
struct QualCache<'a> {
    slots: [(u16, u16, &'a [u8], Option<u64>); 2],
    used: usize,
    /// The repetition and component separators.
    rep: Option<u8>,
    component: u8,
}

impl<'a> QualCache<'a> {
    fn new(delims: crate::Delimiters) -> Self {
        QualCache {
            slots: [(0, 0, &[], None); 2],
            used: 0,
            rep: delims.repetition,
            component: delims.component,
        }
    }

    fn clear(&mut self) {
        self.used = 0;
    }

    #[inline(always)]
    fn value(&mut self, parts: &Parts32<'_, 'a>, e: u16, c: u16) -> (&'a [u8], Option<u64>) {
        for &(se, sc, v, k) in self.slots.iter().take(self.used) {
            if se == e && sc == c {
                return (v, k);
            }
        }
        let v = match parts.raw(usize::from(e)) {
            None => &b"\xff"[..], // matches no code: the element is absent
            Some(raw) => {
                let first = crate::validate::first_repetition(raw, self.rep);
                if c == 0 {
                    first
                } else {
                    component(first, self.component, c)
                }
            }
        };
        let k = crate::guide::tables::code_key(v);
        if let Some(slot) = self.slots.get_mut(self.used % 2) {
            *slot = (e, c, v, k);
        }
        self.used = (self.used + 1).min(2);
        (v, k)
    }
}

/// Component `c` (1-based) of value `v` split at `sep`, empty when it has fewer.
fn component(v: &[u8], sep: u8, c: u16) -> &[u8] {
    let mut rest = v;
    let mut n = c;
    loop {
        match rest.iter().position(|&b| b == sep) {
            Some(p) if n > 1 => {
                rest = rest.get(p + 1..).unwrap_or_default();
                n -= 1;
            }
            Some(p) => return rest.get(..p).unwrap_or_default(),
            None => return if n == 1 { rest } else { &[] },
        }
    }
}

/// Byte equality for short values (ids, codes) without a `memcmp` call.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl<'i, 'a> Builder<'i, 'a> {
    fn new(ts: TransactionSet<'i, 'a>, g: &'static Guide) -> Self {
        let n = ts.segment_count();
        Builder {
            ts,
            g,
            // No node index is u16::MAX (checked by the table tests): nothing matches.
            memo: vec![
                Memo {
                    l: u16::MAX,
                    from: 0,
                    id: 0,
                    q: 0,
                    found: NO_NODE,
                };
                MEMO
            ],
            counts: vec![0; g.nodes.len()],
            stack: Vec::new(),
            quals: QualCache::new(ts.header().delimiters()),
            qualified: false,
            tree: LoopTree {
                ts,
                guide: g,
                insts: Vec::new(),
                seg_loop: Vec::with_capacity(n),
                seg_node: Vec::with_capacity(n),
                hls: Vec::new(),
                findings: Vec::new(),
            },
        }
    }

    fn count(&self, c: u16) -> u32 {
        self.counts.get(usize::from(c)).copied().unwrap_or(0)
    }

    fn set_count(&mut self, c: u16, v: u32) {
        if let Some(n) = self.counts.get_mut(usize::from(c)) {
            *n = v;
        }
    }

    fn bump(&mut self, c: u16) -> u32 {
        let v = self.count(c).saturating_add(1);
        self.set_count(c, v);
        v
    }

    /// Does node `c` (a segment, or a loop through its first segment) accept `seg`?
    fn node_matches(&mut self, c: u16, seg: &Parts32<'_, 'a>, id: u32) -> bool {
        if self.g.hot(c).key != id {
            return false;
        }
        let mut c = c;
        // Loops begin with a segment (checked by the table tests); descend to it.
        while self.g.hot(c).is_loop {
            c += 1;
        }
        seg_matches(self.g, self.g.node(c), seg, &mut self.quals)
    }

    /// Children of loop node `l` from `from` (a child index) on, header excluded. Loops
    /// headed by an HL are looked for from the first child: their order is the hierarchy's
    /// (HL02), not the table's, so a later sibling may be followed by an earlier one.
    ///
    /// The answer depends only on `l`, `from`, the segment id and the value of the one
    /// qualifier the children with that id are told apart by (the guide's `Kid::qual`), so
    /// answers for values of up to seven bytes are remembered.
    #[inline(always)]
    fn search(&mut self, l: u16, from: u16, seg: &Parts32<'_, 'a>, id: u32) -> Option<u16> {
        let kid = self.g.kid(l, id)?;
        let q = match kid.qual {
            [0, _] => Some(0),
            [u16::MAX, _] => None,
            [e, c] => self.quals.value(seg, e, c).1,
        };
        let Some(q) = q else {
            return self.walk(l, from, seg, id, kid.first);
        };
        let h = (q ^ (u64::from(id) << 7) ^ (u64::from(l) << 23) ^ (u64::from(from) << 41))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (h >> 56) as usize % MEMO;
        if let Some(m) = self.memo.get(slot)
            && (m.l, m.from, m.id, m.q) == (l, from, id, q)
        {
            let found = (m.found != NO_NODE).then_some(m.found);
            debug_assert_eq!(found, self.walk(l, from, seg, id, kid.first));
            return found;
        }
        let found = self.walk(l, from, seg, id, kid.first);
        if let Some(m) = self.memo.get_mut(slot) {
            *m = Memo {
                l,
                from,
                id,
                q,
                found: found.unwrap_or(NO_NODE),
            };
        }
        found
    }

    /// [`search`](Builder::search) through the children with key `id`, from `first`.
    fn walk(
        &mut self,
        l: u16,
        from: u16,
        seg: &Parts32<'_, 'a>,
        id: u32,
        first: u16,
    ) -> Option<u16> {
        let from = from.max(l + 2);
        let mut c = first;
        loop {
            let n = self.g.hot(c);
            let hl = n.is_loop && n.key == HL;
            if c > l + 1 && (c >= from || hl) && self.node_matches(c, seg, id) {
                return Some(c);
            }
            if n.next_same == 0 {
                return None;
            }
            c = n.next_same;
        }
    }

    fn finding(&mut self, kind: FindingKind, at: usize, id: SegmentId, loop_node: u16) {
        let seg = self.ts.segment(at);
        let (offset, position) = seg.map_or((0, 0), |s| (s.offset(), s.position()));
        self.tree.findings.push(Finding {
            kind,
            offset,
            segment_position: position,
            transaction_position: at as u32 + 1,
            segment_id: id,
            loop_id: (loop_node != 0).then(|| self.g.node(loop_node).id),
            element: None,
            component: None,
            data_element: None,
        });
    }

    /// First segment id of node `c`.
    fn first_id(&self, c: u16) -> SegmentId {
        let mut c = c;
        while self.g.node(c).is_loop {
            c += 1;
        }
        SegmentId::new(self.g.node(c).id.as_bytes())
    }

    /// Reports required children of loop `l` in `[from, to)` that never occurred.
    #[inline]
    fn missing(&mut self, l: u16, from: u16, to: u16, at: usize) {
        let from = from.max(l + 1);
        if from >= to {
            return;
        }
        // Only required children can be missing: follow their chain from the first at or
        // after `from` (a child of `l`: the first child or a frame's cursor).
        let c = if from == l + 1 {
            self.g.hot(l).first_required
        } else {
            self.g.hot(from).required_from
        };
        // Mostly no required child lies in the range, or only the one just matched (the
        // first at the cursor): no call then.
        if c == 0 || c >= to {
            return;
        }
        let c = if c >= from && self.count(c) != 0 {
            let next = self.g.hot(c).next_required;
            if next <= c || next >= to {
                return;
            }
            next
        } else {
            c
        };
        self.missing_from(l, from, c, to, at);
    }

    /// [`missing`](Builder::missing) from required child `c` on.
    #[inline(never)]
    fn missing_from(&mut self, l: u16, from: u16, c: u16, to: u16, at: usize) {
        let mut c = c;
        while c != 0 && c < to {
            let next = self.g.hot(c).next_required;
            if c >= from && self.count(c) == 0 {
                let n = self.g.node(c);
                if n.is_loop {
                    let id = self.first_id(c);
                    self.finding(FindingKind::RequiredLoopMissing, at, id, c);
                } else {
                    self.finding(
                        FindingKind::RequiredSegmentMissing,
                        at,
                        SegmentId::new(n.id.as_bytes()),
                        l,
                    );
                }
            }
            c = if next > c { next } else { 0 };
        }
    }

    /// Closes the innermost open loop; `at` is the segment that closed it.
    #[inline(always)]
    fn close(&mut self, at: usize) {
        if let Some(f) = self.stack.pop() {
            let end = self.g.end(f.node);
            self.missing(
                f.node,
                f.cursor,
                end,
                at.min(self.ts.segment_count().saturating_sub(1)),
            );
            if let Some(i) = self.tree.insts.get_mut(f.inst as usize) {
                i.last = (at as u32).saturating_sub(1).max(i.first);
            }
        }
    }

    /// Opens an instance of loop node `l` whose header is segment `at`.
    #[inline(always)]
    fn open(&mut self, l: u16, at: usize) {
        let parent = self.stack.last().map_or(NONE, |f| f.inst);
        let inst = self.tree.insts.len() as u32;
        self.tree.insts.push(Inst {
            node: l,
            parent,
            first: at as u32,
            last: at as u32,
            hl: NONE,
        });
        let end = usize::from(self.g.end(l));
        if let Some(counts) = self.counts.get_mut(usize::from(l) + 1..end) {
            counts.fill(0);
        }
        self.stack.push(Frame {
            node: l,
            inst,
            cursor: l + 1,
        });
    }

    /// Moves frame `depth`'s cursor to child `c`, reporting required children skipped.
    #[inline(always)]
    fn advance(&mut self, c: u16, at: usize) {
        let Some(f) = self.stack.last() else { return };
        let (l, cursor) = (f.node, f.cursor);
        let group = self.g.hot(c).group;
        if group > cursor {
            self.missing(l, cursor, group, at);
            if let Some(f) = self.stack.last_mut() {
                f.cursor = group;
            }
        }
    }

    fn place(&mut self, node: u16) {
        let inst = self.stack.last().map_or(0, |f| f.inst);
        self.tree.seg_loop.push(inst);
        self.tree.seg_node.push(node);
    }

    /// Builds the tree; with `CHECK`, also lists in `recheck` the segments the quick
    /// element check cannot clear (two copies, so the plain tree has no check code).
    fn run<const CHECK: bool>(mut self, mut recheck: Option<&mut Vec<u32>>) -> LoopTree<'i, 'a> {
        let n = self.ts.segment_count();
        // The root loop is the transaction set; its header is the ST.
        self.open(0, 0);
        self.set_count(1, 1);
        self.place(1);
        let mut scratch = Vec::new();
        let mut delims = self.ts.header().delimiters();
        if delims
            .repetition
            .is_some_and(|r| memchr::memchr(r, self.ts.raw()).is_none())
        {
            // No segment of the set holds a repetition separator: qualifiers and the quick
            // check need not look for one in each value.
            delims.repetition = None;
            self.quals.rep = None;
        }
        for at in 1..n {
            let Some(seg) = self.ts.segment(at) else {
                break;
            };
            let parts = seg.parts(&mut scratch);
            self.step(at, &seg, &parts);
            if CHECK && let Some(recheck) = recheck.as_deref_mut() {
                // The node the segment was placed at (each step places one segment).
                let node = match self.tree.seg_node.get(at) {
                    Some(&c) if self.tree.seg_node.len() == at + 1 => c,
                    _ => NO_NODE,
                };
                if node != NO_NODE
                    && !crate::validate::segment_is_clean(
                        self.g,
                        node,
                        &seg,
                        &parts,
                        at,
                        delims,
                        self.qualified,
                    )
                {
                    recheck.push(at as u32);
                }
            }
        }
        while !self.stack.is_empty() {
            self.close(n);
        }
        self.hierarchy();
        self.tree
    }

    #[inline(always)]
    fn step(&mut self, at: usize, seg: &Segment<'i, 'a>, parts: &Parts32<'_, 'a>) {
        let id = parts.id();
        let k = key(id);
        self.quals.clear();
        let mut found = None;
        for d in (0..self.stack.len()).rev() {
            let (node, cursor) = (self.stack[d].node, self.stack[d].cursor);
            if let Some(c) = self.search(node, cursor, parts, k) {
                found = Some((d, c));
                break;
            }
        }
        let Some((depth, c)) = found else {
            self.qualified = false;
            return self.unmatched(at, seg, parts, id);
        };
        // The search matched the node placed (a loop's first segment) on its qualifier.
        self.qualified = true;
        while self.stack.len() > depth + 1 {
            self.close(at);
        }
        self.advance(c, at);
        let count = self.bump(c);
        let node = self.g.node(c);
        let (max, usage) = (node.max, node.usage);
        if node.is_loop {
            if max != 0 && count > max {
                let sid = self.first_id(c);
                self.finding(FindingKind::LoopOverMaximum { max }, at, sid, c);
            }
            // Open the loop (and any loop that begins it) down to its first segment.
            let mut l = c;
            loop {
                self.open(l, at);
                self.set_count(l + 1, 1);
                if self.g.node(l + 1).is_loop {
                    l += 1;
                } else {
                    break;
                }
            }
            self.place(l + 1);
            if usage == Usage::NotUsed {
                self.finding(FindingKind::NotUsedSegment, at, SegmentId::new(id), l);
            }
        } else {
            let loop_node = self.stack.last().map_or(0, |f| f.node);
            if max != 0 && count > max {
                self.finding(
                    FindingKind::SegmentOverMaximum { max },
                    at,
                    SegmentId::new(id),
                    loop_node,
                );
            }
            if usage == Usage::NotUsed {
                self.finding(
                    FindingKind::NotUsedSegment,
                    at,
                    SegmentId::new(id),
                    loop_node,
                );
            }
            self.place(c);
        }
    }

    /// A segment no open loop accepts as it stands.
    fn unmatched(&mut self, at: usize, seg: &Segment<'i, 'a>, parts: &Parts32<'_, 'a>, id: &[u8]) {
        let Some(f) = self.stack.last() else { return };
        let (l, cursor) = (f.node, f.cursor);
        let end = self.g.end(l);
        // A segment of the current loop with a qualifier the guide does not list: keep it
        // where it is and report the code.
        let mut c = cursor.max(l + 2);
        while c < end {
            let n = self.g.node(c);
            if !n.is_loop && self.g.hot(c).key == key(id) {
                self.advance(c, at);
                self.bump(c);
                let [e, comp, _] = n.qual;
                let mut fd = Finding {
                    kind: FindingKind::InvalidCode,
                    offset: seg.offset(),
                    segment_position: seg.position(),
                    transaction_position: at as u32 + 1,
                    segment_id: SegmentId::new(id),
                    loop_id: (l != 0).then(|| self.g.node(l).id),
                    element: Some(e as u8),
                    component: (comp != 0).then_some(comp as u8),
                    data_element: None,
                };
                if let Some(el) = seg.element(usize::from(e)) {
                    fd.offset = el.offset();
                }
                fd.data_element = self
                    .g
                    .elems(n)
                    .iter()
                    .find(|x| u16::from(x.seq) == e && u16::from(x.comp) == comp)
                    .map(|x| x.number)
                    .filter(|&x| x != 0);
                self.tree.findings.push(fd);
                self.place(c);
                return;
            }
            c = self.g.end(c);
        }
        // Earlier in the current loop: out of sequence.
        let mut c = l + 2;
        let mut kind = None;
        while c < cursor.min(end) {
            if self.node_matches(c, parts, key(id)) {
                kind = Some(FindingKind::OutOfSequence);
                break;
            }
            c = self.g.end(c);
        }
        let kind = kind.unwrap_or_else(|| {
            let known = self.g.hot.iter().any(|n| !n.is_loop && n.key == key(id));
            if known {
                FindingKind::UnexpectedSegment
            } else {
                FindingKind::UnrecognizedSegment
            }
        });
        self.finding(kind, at, SegmentId::new(id), l);
        self.place(NO_NODE);
    }

    /// Links HL loops to their parents (HL02) and checks ids, sequence and depth.
    fn hierarchy(&mut self) {
        let ts = self.ts;
        let mut by_id = HlIds::new(ts.segment_count());
        let mut previous: Option<u64> = None;
        let mut scratch = Vec::new();
        for k in 0..self.tree.insts.len() {
            let inst = self.tree.insts[k];
            // An instance's header matched its loop's first segment id: only loops the guide
            // begins with an HL need their header read.
            if self.g.hot(inst.node).key != HL {
                debug_assert!(!ts.segment(inst.first as usize).is_some_and(|s| s.is("HL")));
                continue;
            }
            let Some(hl) = ts.segment(inst.first as usize) else {
                continue;
            };
            // HL01 and HL02 from one look at the segment's separators.
            let parts = hl.parts(&mut scratch);
            if parts.id() != b"HL" {
                continue;
            }
            let el = |n| parts.raw(n).unwrap_or_default();
            let (id, parent_id) = (el(1), el(2));
            let loop_node = inst.node;
            let report = |b: &mut Self, kind, element: u8| {
                let offset = hl
                    .element(usize::from(element))
                    .map_or(hl.offset(), |e| e.offset());
                b.tree.findings.push(Finding {
                    kind,
                    offset,
                    segment_position: hl.position(),
                    transaction_position: inst.first + 1,
                    segment_id: SegmentId::new(b"HL"),
                    loop_id: Some(b.g.node(loop_node).id),
                    element: Some(element),
                    component: None,
                    data_element: Some(if element == 1 { 628 } else { 734 }),
                });
            };
            // HL01 counts up from 1.
            let number = decimal(id);
            if number.is_some_and(|n| previous.map_or(n != 1, |p| p.checked_add(1) != Some(n))) {
                report(self, FindingKind::HierarchicalIdOutOfSequence, 1);
            }
            previous = number.or(previous);
            let hl_index = self.tree.hls.len() as u32;
            if by_id.insert(id, hl_index) {
                report(self, FindingKind::DuplicateHierarchicalId, 1);
            }
            // The HL of the nearest enclosing hierarchical loop.
            let mut enclosing = NONE;
            let mut p = inst.parent;
            while let Some(pi) = self.tree.insts.get(p as usize) {
                if pi.hl != NONE {
                    enclosing = pi.hl;
                    break;
                }
                p = pi.parent;
            }
            let parent = if parent_id.is_empty() {
                if enclosing != NONE {
                    report(self, FindingKind::HierarchicalParentMismatch, 2);
                }
                NONE
            } else {
                match by_id.get(parent_id) {
                    Some(h) if h != hl_index => {
                        if enclosing != NONE && h != enclosing {
                            report(self, FindingKind::HierarchicalParentMismatch, 2);
                        }
                        h
                    }
                    _ => {
                        report(self, FindingKind::UnknownHierarchicalParent, 2);
                        NONE
                    }
                }
            };
            let depth = self
                .tree
                .hls
                .get(parent as usize)
                .map_or(0, |h| h.depth.saturating_add(1));
            if depth > MAX_HL_DEPTH {
                report(self, FindingKind::HierarchyTooDeep, 2);
            }
            self.tree.hls.push(HlEntry {
                parent,
                inst: k as u32,
                depth: depth.min(MAX_HL_DEPTH + 1),
            });
            self.tree.insts[k].hl = hl_index;
        }
    }
}

/// HL01 values seen so far and the HL index of the latest with each value. Ids written as
/// plain decimal numbers up to the segment count (as HL01 counts up from 1) are found by
/// position; any other id in an ordered map.
struct HlIds<'a> {
    by_number: Vec<u32>,
    limit: usize,
    other: BTreeMap<&'a [u8], u32>,
}

impl<'a> HlIds<'a> {
    fn new(limit: usize) -> Self {
        HlIds {
            by_number: Vec::new(),
            limit,
            other: BTreeMap::new(),
        }
    }

    /// The slot of a plain decimal id (no sign, no leading zero) within the limit.
    fn number(&self, id: &[u8]) -> Option<usize> {
        if id.is_empty() || id.len() > 9 || (id.len() > 1 && id[0] == b'0') {
            return None;
        }
        let mut n = 0usize;
        for &b in id {
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + usize::from(b - b'0');
        }
        (n <= self.limit).then_some(n)
    }

    /// Records `id` as HL `index`; returns whether it was seen before.
    fn insert(&mut self, id: &'a [u8], index: u32) -> bool {
        match self.number(id) {
            Some(n) => {
                if self.by_number.len() <= n {
                    self.by_number.resize(n + 1, NONE);
                }
                match self.by_number.get_mut(n) {
                    Some(slot) => core::mem::replace(slot, index) != NONE,
                    None => false,
                }
            }
            None => self.other.insert(id, index).is_some(),
        }
    }

    fn get(&self, id: &[u8]) -> Option<u32> {
        match self.number(id) {
            Some(n) => self.by_number.get(n).copied().filter(|&h| h != NONE),
            None => self.other.get(id).copied(),
        }
    }
}

fn decimal(v: &[u8]) -> Option<u64> {
    if v.is_empty() || v.len() > 18 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0')))
}

impl<'i, 'a> LoopTree<'i, 'a> {
    /// The guide the tree was built with.
    pub fn guide(&self) -> &'static Guide {
        self.guide
    }

    /// The transaction set.
    pub fn transaction_set(&self) -> TransactionSet<'i, 'a> {
        self.ts
    }

    /// What did not fit the guide, in the order found (structure first, then HL checks, then
    /// element checks when the tree came from [`TransactionSet::validate`]).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Number of loops, the root included.
    pub fn loop_count(&self) -> usize {
        self.insts.len()
    }

    /// The root: the whole transaction set, id `ST`.
    pub fn root(&self) -> Loop<'_, 'i, 'a> {
        Loop {
            tree: self,
            index: 0,
        }
    }

    /// Loop `index` (document order, root is 0).
    pub fn get(&self, index: usize) -> Option<Loop<'_, 'i, 'a>> {
        (index < self.insts.len()).then_some(Loop {
            tree: self,
            index: index as u32,
        })
    }

    /// Every loop in document order, the root first.
    pub fn loops(&self) -> impl ExactSizeIterator<Item = Loop<'_, 'i, 'a>> + '_ {
        (0..self.insts.len() as u32).map(move |index| Loop { tree: self, index })
    }

    /// The loops with guide id `id` (`"2300"`), in document order.
    pub fn find<'t>(&'t self, id: &'t str) -> impl Iterator<Item = Loop<'t, 'i, 'a>> + 't {
        self.loops().filter(move |l| l.id() == id)
    }

    /// The innermost loop holding segment `index` (0-based within the set, ST is 0).
    pub fn loop_of(&self, index: usize) -> Option<Loop<'_, 'i, 'a>> {
        let i = *self.seg_loop.get(index)?;
        self.get(i as usize)
    }

    /// The guide's name for segment `index` (`"Claim Information"` for a CLM), or `None`
    /// when the segment did not fit the guide.
    pub fn segment_name(&self, index: usize) -> Option<&'static str> {
        let n = *self.seg_node.get(index)?;
        (n != NO_NODE).then(|| self.guide.node(n).name)
    }

    pub(crate) fn segment_node(&self, index: usize) -> Option<&'static Node> {
        let n = *self.seg_node.get(index)?;
        (n != NO_NODE).then(|| self.guide.node(n))
    }

    /// The guide node of every loop, in document order (the root first).
    pub(crate) fn loop_nodes(&self) -> impl ExactSizeIterator<Item = u16> + '_ {
        self.insts.iter().map(|i| i.node)
    }

    /// The guide node every segment was placed at (0-based within the set, ST is 0), or
    /// [`NO_NODE`] for one that did not fit. A segment placed at a node has the node's id.
    pub(crate) fn segment_nodes(&self) -> &[u16] {
        &self.seg_node
    }

    /// The innermost loop of every segment placed (0-based within the set, ST is 0).
    pub(crate) fn segment_loops(&self) -> &[u32] {
        &self.seg_loop
    }

    pub(crate) fn segment_loop_id(&self, index: usize) -> Option<&'static str> {
        let l = self.loop_of(index)?;
        (l.index != 0).then(|| l.id())
    }
}

impl<'t, 'i, 'a> Loop<'t, 'i, 'a> {
    fn inst(&self) -> Inst {
        self.tree.insts[self.index as usize]
    }

    /// The loop's guide node (an index into the guide's node table).
    pub(crate) fn node(&self) -> u16 {
        self.inst().node
    }

    /// The first and last segment of the loop (0-based within the set), nested loops'
    /// included.
    pub(crate) fn span(&self) -> (usize, usize) {
        let i = self.inst();
        (i.first as usize, i.last as usize)
    }

    /// The guide's loop id (`2010BA`); `ST` for the root.
    pub fn id(&self) -> &'static str {
        self.tree.guide.node(self.inst().node).id
    }

    /// The guide's name for the loop.
    pub fn name(&self) -> &'static str {
        self.tree.guide.node(self.inst().node).name
    }

    /// Index in the tree (document order).
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// The enclosing loop (`None` for the root).
    pub fn parent(&self) -> Option<Loop<'t, 'i, 'a>> {
        let p = self.inst().parent;
        (p != NONE).then_some(Loop {
            tree: self.tree,
            index: p,
        })
    }

    /// The enclosing loops, innermost first, the root last.
    pub fn ancestors(&self) -> impl Iterator<Item = Loop<'t, 'i, 'a>> + use<'t, 'i, 'a> {
        core::iter::successors(self.parent(), |l| l.parent())
    }

    /// The loops directly inside this one, in order.
    pub fn children(&self) -> impl Iterator<Item = Loop<'t, 'i, 'a>> + use<'t, 'i, 'a> {
        let tree = self.tree;
        let me = self.index;
        let last = self.inst().last;
        tree.insts
            .iter()
            .enumerate()
            .skip(me as usize + 1)
            .take_while(move |(_, i)| i.first <= last)
            .filter(move |(_, i)| i.parent == me)
            .map(move |(k, _)| Loop {
                tree,
                index: k as u32,
            })
    }

    /// The loop's first segment (the HL, NM1, CLM… that opened it; the ST for the root).
    pub fn header(&self) -> Segment<'i, 'a> {
        let ts = self.tree.ts;
        ts.segment(self.inst().first as usize)
            .unwrap_or_else(|| ts.header())
    }

    /// Every segment of the loop, those of nested loops included.
    pub fn segments(&self) -> Segments<'i, 'a> {
        let i = self.inst();
        self.tree
            .ts
            .segment_range(i.first as usize, i.last as usize + 1)
    }

    /// The segments directly in this loop (not in nested loops).
    pub fn own_segments(&self) -> impl Iterator<Item = Segment<'i, 'a>> + use<'t, 'i, 'a> {
        let tree = self.tree;
        let me = self.index;
        let first = self.inst().first as usize;
        self.segments()
            .enumerate()
            .filter(move |(k, _)| tree.seg_loop.get(first + k) == Some(&me))
            .map(|(_, s)| s)
    }

    /// The first segment directly in this loop with id `id`.
    pub fn segment(&self, id: &str) -> Option<Segment<'i, 'a>> {
        self.own_segments().find(|s| s.is(id))
    }

    /// The HL heading this loop, for hierarchical loops.
    pub fn hl(&self) -> Option<Hl<'a>> {
        let h = self.tree.hls.get(self.inst().hl as usize)?;
        let s = self.header();
        let el = |n| s.element_raw(n).unwrap_or_default();
        Some(Hl {
            id: el(1),
            parent_id: el(2),
            level: el(3),
            child_code: el(4),
            depth: h.depth,
        })
    }

    /// The loop headed by the HL that HL02 names as this loop's parent.
    pub fn hl_parent(&self) -> Option<Loop<'t, 'i, 'a>> {
        let h = self.tree.hls.get(self.inst().hl as usize)?;
        let parent = self.tree.hls.get(h.parent as usize)?;
        Some(Loop {
            tree: self.tree,
            index: parent.inst,
        })
    }
}

/// A parsed loop-qualified element path (`2300/CLM02`, `CLM02`, `2400/SV101-2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Path<'p> {
    loop_id: Option<&'p str>,
    segment: &'p str,
    element: usize,
    component: Option<usize>,
}

fn parse_path(path: &str) -> Option<Path<'_>> {
    let (loop_id, rest) = match path.split_once('/') {
        Some((l, r)) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            (Some(l), r)
        }
        Some(_) => return None,
        None => (None, path),
    };
    let (main, component) = match rest.split_once('-') {
        Some((m, c)) => (m, Some(c.parse::<usize>().ok().filter(|&c| c > 0)?)),
        None => (rest, None),
    };
    // The element number is the last two digits; the id is what comes before.
    if main.len() < 4 || !main.is_ascii() {
        return None;
    }
    let (segment, number) = main.split_at(main.len() - 2);
    let ok_id = (2..=3).contains(&segment.len())
        && segment
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let element = number.parse::<usize>().ok().filter(|&n| n > 0)?;
    ok_id.then_some(Path {
        loop_id,
        segment,
        element,
        component,
    })
}

impl<'i, 'a> LoopTree<'i, 'a> {
    /// The values at a loop-qualified element path, in document order: `CLM02` (every
    /// CLM02), `2300/CLM02` (CLM segments directly in loops 2300), `2010BA/NM109`,
    /// `2400/SV101-2` (a component). Empty elements are skipped.
    ///
    /// ```
    /// let input = include_bytes!("../../examples/data/x12/837p_multi.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let tree = ic.transaction_set(0).unwrap().loop_tree().unwrap();
    /// let totals: Vec<&[u8]> = tree.values("2300/CLM02")?.collect();
    /// assert_eq!(totals, [&b"285"[..], b"125", b"390"]);
    /// let codes: Vec<&[u8]> = tree.values("2400/SV101-2")?.take(2).collect();
    /// assert_eq!(codes, [&b"99214"[..], b"87880"]);
    /// assert_eq!(tree.values("2010BA/NM109")?.count(), 2);
    /// assert_eq!(tree.values("NM109")?.count(), 9);
    /// assert!(tree.values("2300/CLM").is_err());
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn values<'t>(
        &'t self,
        path: &'t str,
    ) -> Result<impl Iterator<Item = &'a [u8]> + 't, crate::error::Error> {
        let p = parse_path(path).ok_or_else(|| {
            crate::error::Error::new(
                crate::error::ErrorKind::InvalidValue("element path (LOOP/SEGNN[-C])"),
                0,
            )
        })?;
        let segs = self.ts.segments().enumerate().filter(move |(k, s)| {
            s.is(p.segment)
                && p.loop_id.is_none_or(|l| {
                    self.loop_of(*k)
                        .is_some_and(|lp| lp.index != 0 && lp.id() == l)
                })
        });
        Ok(segs.filter_map(move |(_, s)| {
            let e = s.element(p.element)?;
            let v = match p.component {
                Some(c) => e.component(c)?,
                None => e.raw(),
            };
            (!v.is_empty()).then_some(v)
        }))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn components_like_split() {
        for v in [
            &b""[..],
            b":",
            b"HC",
            b"HC:99213",
            b"HC:99213:25",
            b"::X",
            b"A::",
        ] {
            for c in 1..6u16 {
                let want = v
                    .split(|&b| b == b':')
                    .nth(usize::from(c) - 1)
                    .unwrap_or_default();
                assert_eq!(super::component(v, b':', c), want, "{v:?} {c}");
            }
        }
    }

    use super::*;

    #[test]
    fn element_paths() {
        let p = |s| parse_path(s).map(|p| (p.loop_id, p.segment, p.element, p.component));
        assert_eq!(p("CLM02"), Some((None, "CLM", 2, None)));
        assert_eq!(p("2300/CLM02"), Some((Some("2300"), "CLM", 2, None)));
        assert_eq!(p("2400/SV101-2"), Some((Some("2400"), "SV1", 1, Some(2))));
        assert_eq!(p("N301"), Some((None, "N3", 1, None)));
        for bad in [
            "",
            "CLM",
            "CLM2",
            "clm02",
            "/CLM02",
            "2300/",
            "CLM00",
            "CLM02-0",
            "CLM02-x",
            "ABCD01",
            "2300/CLM02/1",
            "Ü01",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }
}
