//! One pass over a message's segment ids, made the first time a segment map needs to look
//! back or ahead for its group, so that those look-ups cost O(1) (or O(log n)) each instead
//! of a scan over the message per segment (quadratic on long runs of segments).

use super::ctx::Cx;

/// Facts about each segment position, read from the segment ids alone.
#[derive(Debug, Default)]
pub(crate) struct SegIndex {
    /// Start of the order group around each position: the nearest ORC at or before it (never
    /// position 0), or 0.
    group_start: Vec<usize>,
    /// End (exclusive) of the order group around each position: the next ORC or PID after
    /// it, or the segment count.
    group_end: Vec<usize>,
    /// `rxo_before[k]`: the number of RXO segments before position `k` (length count + 1).
    rxo_before: Vec<usize>,
    /// Positions of the TQ1 segments, ascending.
    tq1: Vec<usize>,
    /// Whether the nearest RXO, RXA or ORC before each position is an RXO.
    after_rxo: Vec<bool>,
    /// The nearest position before each one whose segment is not a ROL, PRT or NTE.
    before_notes: Vec<Option<usize>>,
}

impl SegIndex {
    fn build(msg: &hl7v2::Message<'_>) -> SegIndex {
        let n = msg.segments().count();
        let mut x = SegIndex {
            group_start: Vec::with_capacity(n),
            group_end: vec![n; n],
            rxo_before: Vec::with_capacity(n + 1),
            tq1: Vec::new(),
            after_rxo: Vec::with_capacity(n),
            before_notes: Vec::with_capacity(n),
        };
        let mut orc = 0;
        let mut rxo = 0;
        let mut last_rx = false;
        let mut last_other = None;
        x.rxo_before.push(0);
        for (i, s) in msg.segments().take(n).enumerate() {
            let id = s.id();
            // Facts about what comes before `i` (exclusive) first.
            x.after_rxo.push(last_rx);
            x.before_notes.push(last_other);
            if id == b"ORC" && i > 0 {
                orc = i;
            }
            x.group_start.push(orc);
            match id {
                b"RXO" => {
                    rxo += 1;
                    last_rx = true;
                }
                b"RXA" | b"ORC" => last_rx = false,
                b"TQ1" => x.tq1.push(i),
                _ => {}
            }
            if !matches!(id, b"ROL" | b"PRT" | b"NTE") {
                last_other = Some(i);
            }
            x.rxo_before.push(rxo);
        }
        // The group ends: backwards, the next ORC/PID after each position.
        let mut next = n;
        for i in (0..n).rev() {
            if let Some(e) = x.group_end.get_mut(i) {
                *e = next;
            }
            if msg
                .segment(i)
                .is_some_and(|s| matches!(s.id(), b"ORC" | b"PID"))
            {
                next = i;
            }
        }
        x
    }

    /// The order group around `pos`: from the ORC before it (or the start) to the next ORC
    /// or PID (or the end).
    pub(crate) fn order_group(&self, pos: usize) -> (usize, usize) {
        let a = self.group_start.get(pos).copied().unwrap_or(0);
        let b = self
            .group_end
            .get(pos)
            .copied()
            .unwrap_or(self.group_end.len());
        (a, b)
    }

    /// Whether positions `a..b` hold an RXO.
    pub(crate) fn has_rxo(&self, a: usize, b: usize) -> bool {
        let at = |k: usize| self.rxo_before.get(k).copied().unwrap_or(0);
        b > a && at(b) > at(a)
    }

    /// Whether no RXO comes before `pos` in `a..`.
    pub(crate) fn first_rxo_from(&self, a: usize, pos: usize) -> bool {
        !self.has_rxo(a, pos)
    }

    /// The TQ1 positions in `a..b`, ascending.
    pub(crate) fn tq1_in(&self, a: usize, b: usize) -> &[usize] {
        let lo = self.tq1.partition_point(|&p| p < a);
        let hi = self.tq1.partition_point(|&p| p < b);
        self.tq1.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// Whether the nearest RXO, RXA or ORC before `pos` is an RXO.
    pub(crate) fn after_rxo(&self, pos: usize) -> bool {
        self.after_rxo.get(pos).copied().unwrap_or(false)
    }

    /// The nearest position before `pos` that is not a ROL, PRT or NTE.
    pub(crate) fn before_notes(&self, pos: usize) -> Option<usize> {
        self.before_notes.get(pos).copied().flatten()
    }
}

impl Cx<'_> {
    /// The segment index of `msg` (the message being converted), made on first use.
    pub(crate) fn seg_index(&mut self, msg: &hl7v2::Message<'_>) -> &SegIndex {
        self.seg_index
            .get_or_insert_with(|| Box::new(SegIndex::build(msg)))
    }
}
