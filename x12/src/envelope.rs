//! The envelope state machine: ISA/IEA, GS/GE and ST/SE nesting, counts and control numbers.
//!
//! It is fed one segment at a time (only envelope segments, plus data segments found outside
//! a transaction set) by both the whole-input parser and the incremental [`Stream`], and it
//! tells a sink where groups and transaction sets begin and end. Sharing it is what makes
//! both APIs report the same structure and the same diagnostics in the same order.
//!
//! [`Stream`]: crate::Stream

use crate::delims::{ISA_LEN, ISA_SEPARATORS, ISA_WIDTHS, IsaLayout};
use crate::diag::{Diagnostic, DiagnosticKind, ValueProblem};
use crate::error::{Error, SegmentId};
use crate::scan::Pair;

/// Envelope segment kinds (the ISA is handled by [`Envelope::start`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvSeg {
    Iea,
    Gs,
    Ge,
    St,
    Se,
    Other,
}

/// Classifies a segment by its id (the bytes before element separator `e`).
#[inline]
pub(crate) fn classify(seg: &[u8], e: u8) -> EnvSeg {
    let ends = |rest: &[u8]| rest.first().is_none_or(|&c| c == e);
    match seg {
        [b'G', b'S', rest @ ..] if ends(rest) => EnvSeg::Gs,
        [b'G', b'E', rest @ ..] if ends(rest) => EnvSeg::Ge,
        [b'S', b'T', rest @ ..] if ends(rest) => EnvSeg::St,
        [b'S', b'E', rest @ ..] if ends(rest) => EnvSeg::Se,
        [b'I', b'E', b'A', rest @ ..] if ends(rest) => EnvSeg::Iea,
        _ => EnvSeg::Other,
    }
}

/// Offset of element `n` (1-based) within a raw segment (the segment length when absent).
fn element_offset(seg: &[u8], e: u8, n: usize) -> usize {
    memchr::memchr_iter(e, seg)
        .nth(n.wrapping_sub(1))
        .map_or(seg.len(), |i| i + 1)
}

/// The id and first eight elements of an envelope segment, split in one pass (GS08 is the
/// furthest element the envelope reads).
struct Split<'a> {
    seg: &'a [u8],
    /// Where each part found ends: at the separator after it, or at the end of `seg`.
    ends: [usize; 9],
    /// Number of parts found (at most 9): the id and the elements present.
    count: usize,
}

impl<'a> Split<'a> {
    /// Splits `seg`; `ahead` is `seg` or the bytes from its start on (read 64 at a time,
    /// without copying when it holds 64 bytes).
    fn new(seg: &'a [u8], ahead: &[u8], e: u8) -> Self {
        let mut ends = [0; 9];
        // Separators found 64 bytes at a time (envelope segments are short: one or two
        // chunks); the part before each, then the rest.
        let pair = Pair::new(e, e);
        debug_assert!(ahead.is_empty() || ahead.starts_with(seg));
        let ahead = if ahead.len() >= seg.len() { ahead } else { seg };
        let (mut count, mut at) = (0, 0);
        while at < seg.len() {
            let (m, n) = pair.mask64_at(ahead, at);
            let n = n.min(seg.len() - at);
            let mut m = if n < 64 { m & ((1 << n) - 1) } else { m };
            while m != 0 {
                if let Some(end) = ends.get_mut(count) {
                    *end = at + m.trailing_zeros() as usize;
                }
                m &= m - 1;
                count += 1;
                if count == ends.len() {
                    return Split { seg, ends, count };
                }
            }
            at += n;
        }
        if let Some(end) = ends.get_mut(count) {
            *end = seg.len();
        }
        Split {
            seg,
            ends,
            count: count + 1,
        }
    }

    /// Splits `seg` (at absolute offset `at`) at separators already found: `seps`, the
    /// absolute offsets of its element separators in order (any past its end are ignored).
    /// The same result as [`Split::new`] without reading the bytes again.
    fn from_seps(seg: &'a [u8], seps: &[u32], at: usize) -> Self {
        let mut ends = [0; 9];
        let mut count = 0;
        for (end, &s) in ends.iter_mut().zip(seps) {
            let rel = (s as usize).wrapping_sub(at);
            if rel >= seg.len() {
                break;
            }
            *end = rel;
            count += 1;
        }
        if let Some(end) = ends.get_mut(count) {
            *end = seg.len();
            count += 1;
        }
        Split { seg, ends, count }
    }

    /// Element `n` (1-based; 0 is the id), or empty.
    fn get(&self, n: usize) -> &'a [u8] {
        if n >= self.count {
            return &[];
        }
        let start = match n.checked_sub(1) {
            Some(k) => self.ends.get(k).map_or(0, |&e| e + 1),
            None => 0,
        };
        let end = self.ends.get(n).copied().unwrap_or(0);
        self.seg.get(start..end).unwrap_or_default()
    }

    /// Whether element `n` (at most 8) is present, even if empty.
    fn has(&self, n: usize) -> bool {
        n < self.count
    }
}

/// A count element (`N0`) as a number.
fn count(v: &[u8]) -> Option<u64> {
    if v.is_empty() || v.len() > 18 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0')))
}

/// A short copy of a control value, kept after the input bytes may be gone (streaming).
#[derive(Clone, Copy)]
struct Small<const N: usize> {
    buf: [u8; N],
    len: u8,
    long: bool,
}

impl<const N: usize> Small<N> {
    fn new(v: &[u8]) -> Self {
        let mut s = Small {
            buf: [0; N],
            len: v.len().min(N) as u8,
            long: v.len() > N,
        };
        s.buf[..usize::from(s.len)].copy_from_slice(&v[..usize::from(s.len)]);
        s
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }

    /// Equal as written.
    fn same(&self, v: &[u8]) -> bool {
        !self.long && self.bytes() == v
    }

    /// Equal as numbers when both are all digits (`000000001` = `1`), else as written.
    fn same_number(&self, v: &[u8]) -> bool {
        if self.same(v) {
            return true; // the same digits are the same number
        }
        let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
        let strip = |s: &[u8]| -> usize { s.iter().take_while(|&&b| b == b'0').count() };
        let a = self.bytes();
        if !self.long && digits(a) && digits(v) {
            let (a, v) = (&a[strip(a)..], &v[strip(v)..]);
            a == v
        } else {
            self.same(v)
        }
    }
}

/// Receives the structure the envelope machine finds. Positions are 1-based within the
/// interchange.
pub(crate) trait EnvSink {
    fn diagnostic(&mut self, d: Diagnostic);
    fn group_start(&mut self, header: u32, index: u32);
    /// `last` is the position of the group's last segment (its GE when present).
    fn group_end(&mut self, trailer: Option<u32>, last: u32);
    fn set_start(&mut self, header: u32, index: u32, group: Option<u32>);
    /// `last` is the position of the set's last segment (its SE when present).
    fn set_end(&mut self, trailer: Option<u32>, last: u32);
}

#[derive(Clone, Copy)]
struct OpenGroup {
    index: u32,
    sets: u64,
    control: Small<9>,
    version: Small<12>,
}

#[derive(Clone, Copy)]
struct OpenSet {
    index: u32,
    header: u32,
    group: Option<u32>,
    control: Small<9>,
}

/// Where the segment being handled is.
#[derive(Clone, Copy)]
pub(crate) struct Here<'s> {
    /// Raw segment bytes (empty when the segment is the end of the input).
    pub(crate) seg: &'s [u8],
    /// The bytes from the segment's start on, as far as they are at hand (at least `seg`):
    /// its elements are found 64 bytes at a time straight from them.
    pub(crate) ahead: &'s [u8],
    /// 1-based position within the interchange.
    pub(crate) pos: u32,
    /// Absolute byte offset.
    pub(crate) offset: usize,
    /// The absolute offsets of the segment's element separators when they are indexed
    /// already (any past its end are ignored); `None` to find them in `seg`.
    pub(crate) seps: Option<&'s [u32]>,
}

/// The envelope state of one interchange.
#[derive(Clone)]
pub(crate) struct Envelope {
    element: u8,
    reject: bool,
    isa13: Small<9>,
    groups: u32,
    sets: u32,
    group: Option<OpenGroup>,
    set: Option<OpenSet>,
    outside_run: bool,
}

impl Envelope {
    /// Starts an interchange at its ISA (bytes `isa`, at absolute `offset`), checking ISA
    /// widths and values.
    pub(crate) fn start(
        layout: &IsaLayout,
        isa: &[u8],
        offset: usize,
        reject: bool,
        sink: &mut impl EnvSink,
    ) -> Result<Self, Error> {
        let env = Envelope {
            element: layout.delims.element,
            reject,
            isa13: Small::new(layout.element(isa, 13)),
            groups: 0,
            sets: 0,
            group: None,
            set: None,
            outside_run: false,
        };
        let v = |n| layout.element(isa, n);
        // The fixed layout has every width right.
        let fixed = layout.len == ISA_LEN && layout.separators == ISA_SEPARATORS;
        for n in (1..=16).filter(|_| !fixed) {
            let w = v(n).len();
            let expected = ISA_WIDTHS[n - 1];
            if w != usize::from(expected) {
                let kind = DiagnosticKind::IsaElementWidth {
                    element: n as u8,
                    expected,
                    found: w.min(usize::from(u16::MAX)) as u16,
                };
                env.isa_diag(layout, offset, n, kind, sink)?;
            }
        }
        let isa11_ok = match layout.has_repetition_version(isa) {
            Some(false) => v(11) == b"U",
            Some(true) => layout.delims.repetition.is_some(),
            None => true,
        };
        let digits = |s: &[u8], n: usize| s.len() == n && s.iter().all(u8::is_ascii_digit);
        let checks = [
            (11, isa11_ok),
            (12, digits(v(12), 5)),
            (
                13,
                !v(13).is_empty() && v(13).iter().all(u8::is_ascii_digit),
            ),
            (14, matches!(v(14), b"0" | b"1")),
            (15, matches!(v(15), b"P" | b"T" | b"I")),
        ];
        for (n, ok) in checks {
            if !ok {
                let kind = DiagnosticKind::InvalidIsaElement { element: n as u8 };
                env.isa_diag(layout, offset, n, kind, sink)?;
            }
        }
        Ok(env)
    }

    fn isa_diag(
        &self,
        layout: &IsaLayout,
        offset: usize,
        n: usize,
        kind: DiagnosticKind,
        sink: &mut impl EnvSink,
    ) -> Result<(), Error> {
        let d = Diagnostic {
            kind,
            offset: offset + usize::from(layout.separators[n - 1]) + 1,
            segment_position: 1,
            transaction_position: None,
            segment_id: SegmentId::new(b"ISA"),
            element: Some(n as u8),
            group: None,
            transaction_set: None,
        };
        self.report(sink, d)
    }

    /// Whether a transaction set is open (data segments then need no attention).
    #[inline(always)]
    pub(crate) fn in_set(&self) -> bool {
        self.set.is_some()
    }

    /// Whether a functional group is open.
    pub(crate) fn in_group(&self) -> bool {
        self.group.is_some()
    }

    fn report(&self, sink: &mut impl EnvSink, d: Diagnostic) -> Result<(), Error> {
        if self.reject {
            Err(d.into())
        } else {
            sink.diagnostic(d);
            Ok(())
        }
    }

    fn diag(
        &self,
        kind: DiagnosticKind,
        here: Here<'_>,
        id: &[u8],
        element: Option<u8>,
    ) -> Diagnostic {
        let offset = match element {
            Some(n) => here.offset + element_offset(here.seg, self.element, usize::from(n)),
            None => here.offset,
        };
        Diagnostic {
            kind,
            offset,
            segment_position: here.pos,
            transaction_position: self.set.map(|s| here.pos - s.header + 1),
            segment_id: SegmentId::new(id),
            element,
            group: match self.set {
                Some(s) => s.group,
                None => self.group.map(|g| g.index),
            },
            transaction_set: self.set.map(|s| s.index),
        }
    }

    fn id<'s>(&self, here: Here<'s>) -> &'s [u8] {
        let e = self.element;
        let n = here
            .seg
            .iter()
            .position(|&b| b == e)
            .unwrap_or(here.seg.len());
        &here.seg[..n]
    }

    /// Closes the open transaction set, whose SE is missing; `here` revealed the absence.
    fn close_set_missing(&mut self, here: Here<'_>, sink: &mut impl EnvSink) -> Result<(), Error> {
        let mut d = self.diag(
            DiagnosticKind::MissingTransactionSetTrailer,
            here,
            b"SE",
            None,
        );
        d.transaction_position = None;
        self.report(sink, d)?;
        self.set = None;
        sink.set_end(None, here.pos - 1);
        Ok(())
    }

    /// Closes the open group, whose GE is missing.
    fn close_group_missing(
        &mut self,
        here: Here<'_>,
        sink: &mut impl EnvSink,
    ) -> Result<(), Error> {
        let d = self.diag(DiagnosticKind::MissingGroupTrailer, here, b"GE", None);
        self.report(sink, d)?;
        self.group = None;
        sink.group_end(None, here.pos - 1);
        Ok(())
    }

    /// Handles one segment (never the ISA). Returns true when it is the IEA that ends the
    /// interchange.
    pub(crate) fn segment(
        &mut self,
        kind: EnvSeg,
        here: Here<'_>,
        sink: &mut impl EnvSink,
    ) -> Result<bool, Error> {
        let e = self.element;
        let split = match (kind, here.seps) {
            (EnvSeg::Other, _) => Split::new(&[], &[], e),
            (_, Some(seps)) => Split::from_seps(here.seg, seps, here.offset),
            (_, None) => Split::new(here.seg, here.ahead, e),
        };
        let el = |n| split.get(n);
        if kind != EnvSeg::Other {
            self.outside_run = false;
        }
        match kind {
            EnvSeg::Other => {
                // TA1 interchange acknowledgments sit between the ISA and the first group.
                let ta1 = here.seg.starts_with(b"TA1") && here.seg.get(3).is_none_or(|&b| b == e);
                if ta1 && self.groups == 0 && self.group.is_none() && self.set.is_none() {
                    return Ok(false);
                }
                if self.set.is_none() && !self.outside_run {
                    self.outside_run = true;
                    let d = self.diag(
                        DiagnosticKind::SegmentOutsideTransactionSet,
                        here,
                        self.id(here),
                        None,
                    );
                    self.report(sink, d)?;
                }
            }
            EnvSeg::Gs => {
                if self.set.is_some() {
                    self.close_set_missing(here, sink)?;
                }
                if self.group.is_some() {
                    self.close_group_missing(here, sink)?;
                }
                let index = self.groups;
                self.groups = self.groups.saturating_add(1);
                sink.group_start(here.pos, index);
                self.group = Some(OpenGroup {
                    index,
                    sets: 0,
                    control: Small::new(el(6)),
                    version: Small::new(el(8)),
                });
                if let Some(p) = ValueProblem::check(el(6), 1, 9, |b| b.is_ascii_digit()) {
                    let d = self.diag(
                        DiagnosticKind::InvalidGroupControlNumber(p),
                        here,
                        b"GS",
                        Some(6),
                    );
                    self.report(sink, d)?;
                }
            }
            EnvSeg::Ge => {
                if self.set.is_some() {
                    self.close_set_missing(here, sink)?;
                }
                match self.group {
                    None => {
                        let d = self.diag(DiagnosticKind::UnexpectedTrailer, here, b"GE", None);
                        self.report(sink, d)?;
                    }
                    Some(g) => {
                        let stated = count(el(1));
                        if stated != Some(g.sets) {
                            let kind = DiagnosticKind::TransactionSetCountMismatch {
                                stated,
                                found: g.sets,
                            };
                            self.report(sink, self.diag(kind, here, b"GE", Some(1)))?;
                        }
                        if !g.control.same_number(el(2)) {
                            let kind = DiagnosticKind::GroupControlNumberMismatch;
                            self.report(sink, self.diag(kind, here, b"GE", Some(2)))?;
                        }
                        self.group = None;
                        sink.group_end(Some(here.pos), here.pos);
                    }
                }
            }
            EnvSeg::St => {
                if self.set.is_some() {
                    self.close_set_missing(here, sink)?;
                }
                let index = self.sets;
                self.sets = self.sets.saturating_add(1);
                let group = self.group.as_mut().map(|g| {
                    g.sets += 1;
                    g.index
                });
                sink.set_start(here.pos, index, group);
                self.set = Some(OpenSet {
                    index,
                    header: here.pos,
                    group,
                    control: Small::new(el(2)),
                });
                if group.is_none() {
                    let kind = DiagnosticKind::TransactionSetOutsideGroup;
                    self.report(sink, self.diag(kind, here, b"ST", None))?;
                }
                let alnum = |b: u8| b.is_ascii_alphanumeric();
                if let Some(p) = ValueProblem::check(el(1), 3, 3, alnum) {
                    let kind = DiagnosticKind::InvalidTransactionSetId(p);
                    self.report(sink, self.diag(kind, here, b"ST", Some(1)))?;
                }
                if let Some(p) = ValueProblem::check(el(2), 4, 9, |b| b.is_ascii_graphic()) {
                    let kind = DiagnosticKind::InvalidTransactionSetControlNumber(p);
                    self.report(sink, self.diag(kind, here, b"ST", Some(2)))?;
                }
                if let Some(g) = self.group
                    && split.has(3)
                    && !g.version.long
                    && g.version.bytes() != el(3)
                {
                    let kind = DiagnosticKind::VersionMismatch;
                    self.report(sink, self.diag(kind, here, b"ST", Some(3)))?;
                }
            }
            EnvSeg::Se => match self.set {
                None => {
                    let d = self.diag(DiagnosticKind::UnexpectedTrailer, here, b"SE", None);
                    self.report(sink, d)?;
                }
                Some(s) => {
                    let found = u64::from(here.pos - s.header + 1);
                    let stated = count(el(1));
                    if stated != Some(found) {
                        let kind = DiagnosticKind::SegmentCountMismatch { stated, found };
                        self.report(sink, self.diag(kind, here, b"SE", Some(1)))?;
                    }
                    if !s.control.same(el(2)) {
                        let kind = DiagnosticKind::TransactionSetControlNumberMismatch;
                        self.report(sink, self.diag(kind, here, b"SE", Some(2)))?;
                    }
                    self.set = None;
                    sink.set_end(Some(here.pos), here.pos);
                }
            },
            EnvSeg::Iea => {
                if self.set.is_some() {
                    self.close_set_missing(here, sink)?;
                }
                if self.group.is_some() {
                    self.close_group_missing(here, sink)?;
                }
                let found = u64::from(self.groups);
                let stated = count(el(1));
                if stated != Some(found) {
                    let kind = DiagnosticKind::GroupCountMismatch { stated, found };
                    self.report(sink, self.diag(kind, here, b"IEA", Some(1)))?;
                }
                if !self.isa13.same_number(el(2)) {
                    let kind = DiagnosticKind::InterchangeControlNumberMismatch;
                    self.report(sink, self.diag(kind, here, b"IEA", Some(2)))?;
                }
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Ends an interchange that has no IEA: the input ended, or another ISA begins at `here`.
    pub(crate) fn finish(&mut self, here: Here<'_>, sink: &mut impl EnvSink) -> Result<(), Error> {
        if self.set.is_some() {
            self.close_set_missing(here, sink)?;
        }
        if self.group.is_some() {
            self.close_group_missing(here, sink)?;
        }
        let d = self.diag(
            DiagnosticKind::MissingInterchangeTrailer,
            here,
            b"IEA",
            None,
        );
        self.report(sink, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_ids() {
        assert_eq!(classify(b"GS*HC", b'*'), EnvSeg::Gs);
        assert_eq!(classify(b"GE", b'*'), EnvSeg::Ge);
        assert_eq!(classify(b"ST|837", b'|'), EnvSeg::St);
        assert_eq!(classify(b"SE*3", b'*'), EnvSeg::Se);
        assert_eq!(classify(b"IEA*1", b'*'), EnvSeg::Iea);
        assert_eq!(classify(b"SBR*P", b'*'), EnvSeg::Other);
        assert_eq!(classify(b"STX*1", b'*'), EnvSeg::Other);
        assert_eq!(classify(b"ST|1", b'*'), EnvSeg::Other);
        assert_eq!(classify(b"", b'*'), EnvSeg::Other);
    }

    #[test]
    fn split_agrees_with_slice_split() {
        let long = [
            &b"GS*HC*"[..],
            &[b'A'; 70][..],
            b"*B**20261124*0830*1*X*005010X222A1*EXTRA*",
        ]
        .concat();
        for data in [&b"SE*12*0001"[..], b"**", &long] {
            for a in 0..data.len() {
                for b in a..=data.len() {
                    let seg = &data[a..b];
                    let split = Split::new(seg, seg, b'*');
                    let ahead = Split::new(seg, &data[a..], b'*');
                    // Separators of the whole data, as absolute offsets (with a base).
                    let seps: alloc::vec::Vec<u32> = (0..data.len())
                        .filter(|&i| data[i] == b'*')
                        .map(|i| (i + 1000) as u32)
                        .collect();
                    let first = seps
                        .iter()
                        .take_while(|&&s| (s as usize) < a + 1000)
                        .count();
                    let indexed = Split::from_seps(seg, &seps[first..], a + 1000);
                    assert_eq!(ahead.count, split.count);
                    assert_eq!(indexed.count, split.count);
                    for i in 0..10 {
                        assert_eq!(ahead.get(i), split.get(i));
                        assert_eq!(indexed.get(i), split.get(i));
                    }
                    let want: alloc::vec::Vec<&[u8]> = seg.split(|&c| c == b'*').take(9).collect();
                    assert_eq!(split.count, want.len());
                    for (i, w) in want.iter().enumerate() {
                        assert_eq!(split.get(i), *w);
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_and_control_values() {
        assert_eq!(count(b"0012"), Some(12));
        assert_eq!(count(b""), None);
        assert_eq!(count(b"1 "), None);
        assert_eq!(count(b"9999999999999999999"), None);
        assert!(Small::<9>::new(b"000000001").same_number(b"1"));
        assert!(!Small::<9>::new(b"0001").same(b"1"));
        assert!(!Small::<9>::new(b"1234567890").same(b"123456789"));
        assert_eq!(
            Split::new(b"SE*12*0001", b"SE*12*0001", b'*').get(2),
            b"0001"
        );
        assert_eq!(Split::new(b"SE*12", b"SE*12", b'*').get(2), b"");
        let gs = Split::new(
            b"GS*HC*A*B*20261124*0830*1*X*005010X222A1*EXTRA",
            b"GS*HC*A*B*20261124*0830*1*X*005010X222A1*EXTRA",
            b'*',
        );
        assert_eq!(
            (gs.get(6), gs.get(8), gs.get(9)),
            (&b"1"[..], &b"005010X222A1"[..], &b""[..])
        );
        assert!(gs.has(8));
        let st = Split::new(b"ST*837*0001", b"ST*837*0001", b'*');
        assert!(st.has(2) && !st.has(3));
        assert!(Split::new(b"ST*837*0001*", b"ST*837*0001*", b'*').has(3));
    }
}
