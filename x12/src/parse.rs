//! Parsing interchanges into a flat index: options, index buffers, the scanner, and the
//! interchange-level API.

use alloc::vec::Vec;
use core::fmt;

use crate::delims::{Delimiters, is_isa_start, read_isa};
use crate::diag::Diagnostic;
use crate::envelope::{EnvSeg, EnvSink, Envelope, Here, classify};
use crate::error::{Error, ErrorKind, SegmentId, Warning, WarningKind};
use crate::scan::Pair;
use crate::view::{Doc, FunctionalGroup, Segment, Segments, TransactionSet};

/// How much lexical irregularity parsing accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// The input is exactly one or more interchanges, segments separated by the terminator
    /// alone: no byte order mark, no whitespace around interchanges, no line breaks after
    /// terminators, no empty segments, a terminator after the last segment.
    #[default]
    Strict,
    /// Also accepts a UTF-8 byte order mark, whitespace before and after interchanges, CR, LF
    /// or CR LF after segment terminators, a CR before a line feed terminator, empty segments
    /// and a missing final terminator. Each tolerance is recorded once per interchange as a
    /// [`Warning`].
    Lenient,
}

/// How much structure is indexed at parse time.
///
/// A [`Stream`](crate::Stream) indexes segments only unless told otherwise
/// ([`Stream::with_element_index`](crate::Stream::with_element_index)), to keep its memory
/// under twice the largest transaction set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IndexDepth {
    /// Segment boundaries and every element separator are indexed: element access is O(1).
    #[default]
    Elements,
    /// Only segment boundaries are indexed (at `memchr` speed); elements are found by
    /// scanning their segment when asked for.
    Segments,
    /// Segment boundaries are indexed, and element separators as one bitmap per 64 input
    /// bytes (an eighth of a byte per input byte, written once per 64 bytes): elements are
    /// found by counting bits, without reading the segment again. Parsing costs little more
    /// than [`IndexDepth::Segments`]; element access costs a few operations per separator
    /// before the element instead of one look-up. Whole-input parsing only: a
    /// [`Stream`](crate::Stream) treats it as [`IndexDepth::Segments`].
    ///
    /// ```
    /// use x12::{Interchange, ParseOptions};
    /// let input = include_bytes!("../tests/data/837p.x12");
    /// let bits = Interchange::parse_with(input, &ParseOptions::strict().separator_bitmaps())?;
    /// let flat = Interchange::parse(input)?;
    /// for (a, b) in bits.segments().zip(flat.segments()) {
    ///     assert_eq!(a.id(), b.id());
    ///     assert!(a.elements().map(|e| e.raw()).eq(b.elements().map(|e| e.raw())));
    /// }
    /// # Ok::<(), x12::Error>(())
    /// ```
    Bitmaps,
}

/// What envelope findings (counts, control numbers, nesting, ISA widths) do to parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EnvelopePolicy {
    /// The first finding fails the parse with [`ErrorKind::Envelope`].
    #[default]
    Reject,
    /// Findings are collected in [`Interchange::diagnostics`] and parsing goes on (what a
    /// TA1/999 generator needs).
    Report,
}

/// Options for [`Interchange::parse_with`], [`Interchanges`] and [`Stream`](crate::Stream).
///
/// ```
/// use x12::{EnvelopePolicy, IndexDepth, Mode, ParseOptions};
/// let o = ParseOptions::strict().report_envelope().segments_only();
/// assert_eq!((o.mode, o.envelope, o.depth), (Mode::Strict, EnvelopePolicy::Report, IndexDepth::Segments));
/// assert_eq!(ParseOptions::lenient().envelope, EnvelopePolicy::Report);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ParseOptions {
    /// Strict or lenient lexical rules.
    pub mode: Mode,
    /// Elements indexed, or segments only (whole-input parsing; see [`IndexDepth`] for the
    /// stream).
    pub depth: IndexDepth,
    /// Whether envelope findings fail the parse.
    pub envelope: EnvelopePolicy,
}

impl ParseOptions {
    /// Strict lexical rules, elements indexed, envelope findings rejected (the default).
    pub const fn strict() -> Self {
        ParseOptions {
            mode: Mode::Strict,
            depth: IndexDepth::Elements,
            envelope: EnvelopePolicy::Reject,
        }
    }

    /// Lenient lexical rules, elements indexed, envelope findings reported.
    pub const fn lenient() -> Self {
        ParseOptions {
            mode: Mode::Lenient,
            depth: IndexDepth::Elements,
            envelope: EnvelopePolicy::Report,
        }
    }

    /// The same options with only segment boundaries indexed.
    pub const fn segments_only(mut self) -> Self {
        self.depth = IndexDepth::Segments;
        self
    }

    /// The same options with element separators indexed as bitmaps
    /// ([`IndexDepth::Bitmaps`]).
    pub const fn separator_bitmaps(mut self) -> Self {
        self.depth = IndexDepth::Bitmaps;
        self
    }

    /// The same options with envelope findings reported instead of rejected.
    pub const fn report_envelope(mut self) -> Self {
        self.envelope = EnvelopePolicy::Report;
        self
    }

    /// The same options with the first envelope finding failing the parse.
    pub const fn reject_envelope(mut self) -> Self {
        self.envelope = EnvelopePolicy::Reject;
        self
    }

    pub(crate) fn lenient_mode(&self) -> bool {
        self.mode == Mode::Lenient
    }
}

/// Marks an absent index.
pub(crate) const NONE: u32 = u32::MAX;

/// One segment: its byte range (terminator excluded). With the element index, the index of
/// its first element separator is in [`Buffers::firsts`], kept apart so that a segments-only
/// index (the stream's) costs eight bytes per segment.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SegEntry {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// One functional group: segment indexes of GS, GE (or [`NONE`]) and its last segment, and
/// its range of transaction sets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupEntry {
    pub(crate) header: u32,
    pub(crate) trailer: u32,
    pub(crate) last: u32,
    pub(crate) first_set: u32,
    pub(crate) end_set: u32,
}

/// One transaction set: segment indexes of ST, SE (or [`NONE`]) and its last segment, its
/// interchange-wide number and its group (or [`NONE`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SetEntry {
    pub(crate) header: u32,
    pub(crate) trailer: u32,
    pub(crate) last: u32,
    pub(crate) number: u32,
    pub(crate) group: u32,
}

/// The index of a parsed interchange, reusable across parses.
///
/// Pass the same `Buffers` to [`Interchange::parse_reusing`] (or
/// [`Interchanges::next_reusing`]) and give them back with [`Interchange::recycle`]: once
/// they have grown to the size of the largest interchange, parsing allocates nothing.
///
/// The index is a handful of flat vectors: two `u32` per segment (three with the element
/// index), one `u32` per element separator, one small entry per group and per transaction
/// set.
#[derive(Default, Clone)]
pub struct Buffers {
    pub(crate) segs: Vec<SegEntry>,
    /// With the element index: for each segment, the index in `seps` of its first element
    /// separator (empty otherwise).
    pub(crate) firsts: Vec<u32>,
    pub(crate) seps: Vec<u32>,
    pub(crate) groups: Vec<GroupEntry>,
    pub(crate) sets: Vec<SetEntry>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Warning>,
    /// With [`IndexDepth::Bitmaps`]: bit `i` of word `j` is set when the byte at offset
    /// `bits_origin + 64 * j + i` is an element separator (empty otherwise).
    pub(crate) bits: Vec<u64>,
    /// The offset of the first byte [`Buffers::bits`] covers.
    pub(crate) bits_origin: usize,
}

impl fmt::Debug for Buffers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Buffers")
            .field("segments", &self.segs.len())
            .field("separators", &self.seps.len())
            .field("groups", &self.groups.len())
            .field("transaction_sets", &self.sets.len())
            .finish()
    }
}

impl Buffers {
    /// With the element index: the offsets of segment `i`'s element separators, from
    /// `firsts` (empty without the element index or past the last segment).
    #[inline]
    pub(crate) fn separators_of(&self, i: usize) -> &[u32] {
        // A start past the end, or past the next segment's start, gives an empty range.
        let len = self.seps.len();
        let first = self.firsts.get(i).map_or(len, |&f| f as usize);
        let next = self
            .firsts
            .get(i + 1)
            .map_or(len, |&f| (f as usize).min(len));
        self.seps.get(first..next).unwrap_or_default()
    }

    pub(crate) fn clear(&mut self) {
        self.segs.clear();
        self.firsts.clear();
        self.seps.clear();
        self.groups.clear();
        self.sets.clear();
        self.diagnostics.clear();
        self.warnings.clear();
        self.bits.clear();
        self.bits_origin = 0;
    }

    /// With [`IndexDepth::Bitmaps`]: calls `f` with the offset of every element separator
    /// in `start..end`, in order, until it returns false.
    #[inline]
    pub(crate) fn each_bit(&self, start: u32, end: u32, mut f: impl FnMut(u32) -> bool) {
        let (start, end) = (start as usize, end as usize);
        let origin = self.bits_origin;
        if start < origin || start >= end {
            return;
        }
        let (from, to) = (start - origin, end - origin);
        let last = (to - 1) / 64;
        let mut j = from / 64;
        let mut w = self.bits.get(j).copied().unwrap_or(0) & (u64::MAX << (from % 64));
        loop {
            if j == last {
                // Bits up to and including `to - 1`.
                w &= u64::MAX >> (63 - (to - 1) % 64);
            }
            while w != 0 {
                let at = origin + j * 64 + w.trailing_zeros() as usize;
                if !f(at as u32) {
                    return;
                }
                w &= w - 1;
            }
            if j >= last {
                return;
            }
            j += 1;
            w = self.bits.get(j).copied().unwrap_or(0);
        }
    }

    /// With [`IndexDepth::Bitmaps`]: the offset of the first element separator in
    /// `from..end`.
    #[inline]
    pub(crate) fn next_bit(&self, from: u32, end: u32) -> Option<u32> {
        let origin = self.bits_origin;
        let from = (from as usize).checked_sub(origin)?;
        let end = (end as usize).checked_sub(origin)?;
        if from >= end {
            return None;
        }
        let mut j = from / 64;
        let mut w = self.bits.get(j)? & (u64::MAX << (from % 64));
        loop {
            if w != 0 {
                let at = j * 64 + w.trailing_zeros() as usize;
                return (at < end).then_some((origin + at) as u32);
            }
            j += 1;
            if j * 64 >= end {
                return None;
            }
            w = *self.bits.get(j)?;
        }
    }

    /// With [`IndexDepth::Bitmaps`]: the number of element separators in `start..end`.
    pub(crate) fn count_bits(&self, start: u32, end: u32) -> usize {
        let mut n = 0;
        self.each_bit(start, end, |_| {
            n += 1;
            true
        });
        n
    }

    /// Reserves room for an interchange of about `len` bytes (healthcare X12 has about one
    /// segment per 25 bytes and one element per 5), so that a one-off parse allocates each
    /// vector once. Capped so that one small interchange at the start of a huge input does not
    /// reserve for the whole input; large reservations are only address space until used.
    fn presize(&mut self, len: usize, full: bool, bits: bool) {
        let len = len.min(32 << 20);
        if bits && self.bits.capacity() < len / 64 + 2 {
            self.bits.reserve(len / 64 + 2);
        }
        let segs = len / 20 + 8;
        if self.segs.capacity() < segs {
            self.segs.reserve(segs);
        }
        if full {
            if self.firsts.capacity() < segs {
                self.firsts.reserve(segs);
            }
            let seps = len / 4 + 32;
            if self.seps.capacity() < seps {
                self.seps.reserve(seps);
            }
        }
    }
}

/// The parts of [`Buffers`] the envelope machine fills, borrowed apart from the segment and
/// separator index (which the envelope reads meanwhile).
pub(crate) struct IndexSink<'b> {
    diagnostics: &'b mut Vec<Diagnostic>,
    groups: &'b mut Vec<GroupEntry>,
    sets: &'b mut Vec<SetEntry>,
}

impl Buffers {
    /// The separators indexed from `first` on, and the sink for envelope findings.
    fn split_sink(&mut self, first: usize) -> (&[u32], IndexSink<'_>) {
        (
            self.seps.get(first..).unwrap_or_default(),
            IndexSink {
                diagnostics: &mut self.diagnostics,
                groups: &mut self.groups,
                sets: &mut self.sets,
            },
        )
    }
}

impl EnvSink for IndexSink<'_> {
    fn diagnostic(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn group_start(&mut self, header: u32, _index: u32) {
        let n = self.sets.len() as u32;
        self.groups.push(GroupEntry {
            header: header - 1,
            trailer: NONE,
            last: header - 1,
            first_set: n,
            end_set: n,
        });
    }

    fn group_end(&mut self, trailer: Option<u32>, last: u32) {
        let n = self.sets.len() as u32;
        if let Some(g) = self.groups.last_mut() {
            g.trailer = trailer.map_or(NONE, |t| t - 1);
            g.last = last - 1;
            g.end_set = n;
        }
    }

    fn set_start(&mut self, header: u32, index: u32, group: Option<u32>) {
        self.sets.push(SetEntry {
            header: header - 1,
            trailer: NONE,
            last: header - 1,
            number: index,
            group: group.unwrap_or(NONE),
        });
    }

    fn set_end(&mut self, trailer: Option<u32>, last: u32) {
        if let Some(s) = self.sets.last_mut() {
            s.trailer = trailer.map_or(NONE, |t| t - 1);
            s.last = last - 1;
        }
    }
}

impl EnvSink for Buffers {
    fn diagnostic(&mut self, d: Diagnostic) {
        self.split_sink(0).1.diagnostic(d);
    }

    fn group_start(&mut self, header: u32, index: u32) {
        self.split_sink(0).1.group_start(header, index);
    }

    fn group_end(&mut self, trailer: Option<u32>, last: u32) {
        self.split_sink(0).1.group_end(trailer, last);
    }

    fn set_start(&mut self, header: u32, index: u32, group: Option<u32>) {
        self.split_sink(0).1.set_start(header, index, group);
    }

    fn set_end(&mut self, trailer: Option<u32>, last: u32) {
        self.split_sink(0).1.set_end(trailer, last);
    }
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The id of a raw segment (the bytes before element separator `e`).
pub(crate) fn segment_id(seg: &[u8], e: u8) -> SegmentId {
    let n = seg.iter().position(|&b| b == e).unwrap_or(seg.len());
    SegmentId::new(&seg[..n])
}

/// Bytes treated as whitespace around interchanges.
#[inline]
pub(crate) fn is_pad(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x1a)
}

/// Records each warning kind once.
#[derive(Default, Clone, Copy)]
pub(crate) struct WarnOnce(u16);

impl WarnOnce {
    /// Whether `kind` is seen for the first time (and now marked seen).
    pub(crate) fn first(&mut self, kind: WarningKind) -> bool {
        let new = self.0 & kind.bit() == 0;
        self.0 |= kind.bit();
        new
    }

    pub(crate) fn warn(&mut self, out: &mut Vec<Warning>, kind: WarningKind, offset: usize) {
        if self.0 & kind.bit() == 0 {
            self.0 |= kind.bit();
            out.push(Warning { kind, offset });
        }
    }
}

/// Why the scanner stopped before the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The IEA ended the interchange; `end` is just past its terminator and line breaks.
    Iea { end: usize },
    /// Another ISA begins at `at` (this interchange has no IEA).
    Isa { at: usize },
}

enum Flow {
    Continue,
    Resume(usize),
    Stop(Stop),
}

/// After the terminator at `p`: the end of the line breaks that follow it (CR and LF other
/// than the terminator itself). `None` when they run to the end of `input`.
#[inline]
pub(crate) fn skip_line_breaks(input: &[u8], p: usize, t: u8) -> (usize, bool) {
    let mut q = p + 1;
    while let Some(&b) = input.get(q) {
        if (b == b'\r' || b == b'\n') && b != t {
            q += 1;
        } else {
            return (q, false);
        }
    }
    (q, true)
}

struct Scanner<'a, 'b> {
    input: &'a [u8],
    d: Delimiters,
    lenient: bool,
    bufs: &'b mut Buffers,
    env: Envelope,
    seg_start: usize,
    seg_sep: u32,
    /// Whether the segment starting at `seg_start` must take the general path
    /// ([`Scanner::end_segment`]): it may be an envelope segment, no transaction set is open,
    /// or line breaks came before it.
    slow: bool,
    /// Whether the terminator is a line feed (a CR before it is then looked at).
    nl: bool,
    /// Whether element separators are indexed.
    full: bool,
    warned: WarnOnce,
}

impl Scanner<'_, '_> {
    fn warn(&mut self, kind: WarningKind, offset: usize) {
        self.warned.warn(&mut self.bufs.warnings, kind, offset);
    }

    /// A tolerance: a warning in lenient mode, an error in strict mode located at the last
    /// segment indexed.
    #[cold]
    fn tolerate(&mut self, kind: WarningKind, err: ErrorKind, offset: usize) -> Result<(), Error> {
        let at = self.bufs.segs.last().map(|s| {
            let seg = &self.input[s.start as usize..s.end as usize];
            (self.bufs.segs.len() as u32, segment_id(seg, self.d.element))
        });
        self.tolerate_at(kind, err, offset, at)
    }

    /// A tolerance about the segment `start..end`, not indexed yet.
    #[cold]
    fn tolerate_here(
        &mut self,
        kind: WarningKind,
        err: ErrorKind,
        offset: usize,
        start: usize,
        end: usize,
    ) -> Result<(), Error> {
        let id = segment_id(&self.input[start..end], self.d.element);
        let at = Some((self.bufs.segs.len() as u32 + 1, id));
        self.tolerate_at(kind, err, offset, at)
    }

    fn tolerate_at(
        &mut self,
        kind: WarningKind,
        err: ErrorKind,
        offset: usize,
        at: Option<(u32, SegmentId)>,
    ) -> Result<(), Error> {
        if self.lenient {
            self.warn(kind, offset);
            Ok(())
        } else {
            let mut e = Error::new(err, offset);
            if let Some((pos, id)) = at {
                e.segment = Some(pos);
                e.segment_id = Some(id);
            }
            Err(e)
        }
    }

    /// Handles the terminator at `p`.
    #[inline(always)]
    fn end_segment(&mut self, p: usize) -> Result<Flow, Error> {
        let start = self.seg_start;
        let mut end = p;
        if self.d.segment == b'\n' && end > start && self.input[end - 1] == b'\r' {
            self.tolerate_here(
                WarningKind::CarriageReturnBeforeTerminator,
                ErrorKind::CarriageReturnBeforeTerminator,
                end - 1,
                start,
                end,
            )?;
            end -= 1;
        }
        if end == start {
            self.tolerate(WarningKind::EmptySegment, ErrorKind::EmptySegment, p)?;
        } else {
            self.bufs.segs.push(SegEntry {
                start: start as u32,
                end: end as u32,
            });
            if self.full {
                self.bufs.firsts.push(self.seg_sep);
            }
            // Only GS, GE, ST, SE and IEA matter inside a transaction set (`classify`).
            let id2 = [
                self.input[start],
                self.input.get(start + 1).copied().unwrap_or(0),
            ];
            if matches!(
                id2,
                [b'G', b'S' | b'E'] | [b'S', b'T' | b'E'] | [b'I', b'E']
            ) || !self.env.in_set()
            {
                let pos = self.bufs.segs.len() as u32;
                if self.envelope(start, end, pos)? {
                    let (q, _) = skip_line_breaks(self.input, p, self.d.segment);
                    if q > p + 1 {
                        self.tolerate(WarningKind::LineBreak, ErrorKind::LineBreak, p + 1)?;
                    }
                    return Ok(Flow::Stop(Stop::Iea { end: q }));
                }
            }
        }
        self.seg_start = p + 1;
        self.seg_sep = self.bufs.seps.len() as u32;
        self.slow = !self.env.in_set()
            || may_be_envelope(self.input, p + 1)
            || self.input.get(p + 1) == Some(&self.d.segment);
        match self.input.get(p + 1) {
            Some(&b) if b == b'\r' || b == b'\n' || b == b'I' => self.after_terminator(p),
            _ => Ok(Flow::Continue),
        }
    }

    /// Line breaks after a terminator, or the start of another interchange.
    #[inline(never)]
    fn after_terminator(&mut self, p: usize) -> Result<Flow, Error> {
        let (q, _) = skip_line_breaks(self.input, p, self.d.segment);
        if q > p + 1 {
            self.tolerate(WarningKind::LineBreak, ErrorKind::LineBreak, p + 1)?;
            self.seg_start = q;
            self.slow = true;
        }
        if is_isa_start(self.input.get(q..).unwrap_or_default()) {
            return Ok(Flow::Stop(Stop::Isa { at: q }));
        }
        Ok(if q > p + 1 {
            Flow::Resume(q)
        } else {
            Flow::Continue
        })
    }

    /// Feeds a segment that may matter to the envelope. Returns true at the IEA.
    #[inline(never)]
    fn envelope(&mut self, start: usize, end: usize, pos: u32) -> Result<bool, Error> {
        if pos == 1 {
            return Ok(false); // the ISA, checked by `Envelope::start`
        }
        let seg = &self.input[start..end];
        let kind = classify(seg, self.d.element);
        if kind == EnvSeg::Other && self.env.in_set() {
            return Ok(false);
        }
        // With the element index, this segment's separators are indexed from `seg_sep`.
        let (seps, mut sink) = self.bufs.split_sink(self.seg_sep as usize);
        let here = Here {
            seg,
            ahead: self.input.get(start..).unwrap_or_default(),
            pos,
            offset: start,
            seps: self.full.then_some(seps),
        };
        self.env.segment(kind, here, &mut sink)
    }

    /// Scans from `from` to the end of the input or a stop, 64 bytes at a time: segment
    /// boundaries, and with `FULL` every element separator too.
    ///
    /// With `BITS` (and not `FULL`), the element separator bitmap of every 64 bytes from
    /// `from` is appended to [`Buffers::bits`]: chunks then stay 64-byte aligned with `from`
    /// (a resumption after line breaks goes back to the chunk holding them and skips the
    /// terminators before them).
    fn run<const FULL: bool, const BITS: bool, const N: usize>(
        &mut self,
        from: usize,
    ) -> Result<Option<Stop>, Error> {
        let input = self.input;
        let pair = if FULL || BITS {
            Pair::new(self.d.element, self.d.segment)
        } else {
            Pair::new(self.d.segment, self.d.segment)
        };
        let nl = self.nl;
        let mut classes = FIRST_BYTE;
        classes[usize::from(self.d.segment)] |= EMPTY;
        // Three arrays (not one struct), each zeroed on its own: small zeroings stay cheap.
        let mut staged_seps = [0u32; 256];
        let mut staged_segs = [SegEntry::default(); N];
        let mut staged_firsts = [0u32; N];
        let mut h = Hot {
            seg_start: self.seg_start,
            seg_sep: self.seg_sep,
            slow: self.slow,
            n: 0,
            flushed: self.bufs.seps.len(),
            ns: 0,
            seps: &mut staged_seps,
            segs: &mut staged_segs,
            firsts: &mut staged_firsts,
        };
        let mut base = from;
        // With `BITS`: the terminators before this offset were handled already.
        let mut skip = from;
        let stop = 'restart: loop {
            if base >= input.len() {
                break None;
            }
            // Whole chunks straight from the input, then the tail padded with a byte that
            // matches neither needle.
            let (chunks, tail) = input.get(base..).unwrap_or_default().as_chunks::<64>();
            for chunk in chunks {
                let (me, mt) = if FULL {
                    pair.masks64(chunk)
                } else if BITS {
                    let (me, mt) = pair.masks64(chunk);
                    self.bufs.bits.push(me);
                    (0, skip_before(mt, base, skip))
                } else {
                    (0, pair.mask64(chunk))
                };
                let flow = if nl {
                    self.chunk::<FULL, N, true>(&mut h, input, &classes, me, mt, base)
                } else {
                    self.chunk::<FULL, N, false>(&mut h, input, &classes, me, mt, base)
                };
                match flow {
                    Ok(Flow::Continue) => base += 64,
                    Ok(Flow::Resume(r)) => {
                        base = self.resume::<BITS>(from, r, &mut skip);
                        continue 'restart;
                    }
                    Ok(Flow::Stop(s)) => break 'restart Some(s),
                    Err(e) => {
                        self.sync_out::<FULL, N>(&mut h);
                        return Err(e);
                    }
                }
            }
            if !tail.is_empty() {
                // The tail ends the input: the bitmaps of the input's last 64 bytes, shifted
                // down past the bytes before the tail (no copy), or of the tail padded when
                // the input is shorter.
                let both = |c: &[u8; 64]| {
                    if FULL || BITS {
                        pair.masks64(c)
                    } else {
                        (0, pair.mask64(c))
                    }
                };
                let (me, mt) = match input.last_chunk::<64>() {
                    Some(last) => {
                        let (me, mt) = both(last);
                        let shift = 64 - tail.len();
                        (me >> shift, mt >> shift)
                    }
                    None => {
                        let mut pad = [pair.pad; 64];
                        pad[..tail.len()].copy_from_slice(tail);
                        both(&pad)
                    }
                };
                let (me, mt) = if BITS && !FULL {
                    self.bufs.bits.push(me);
                    (0, skip_before(mt, base, skip))
                } else {
                    (me, mt)
                };
                let flow = if nl {
                    self.chunk::<FULL, N, true>(&mut h, input, &classes, me, mt, base)
                } else {
                    self.chunk::<FULL, N, false>(&mut h, input, &classes, me, mt, base)
                };
                match flow {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Resume(r)) => {
                        base = self.resume::<BITS>(from, r, &mut skip);
                        continue 'restart;
                    }
                    Ok(Flow::Stop(s)) => break 'restart Some(s),
                    Err(e) => {
                        self.sync_out::<FULL, N>(&mut h);
                        return Err(e);
                    }
                }
            }
            break None;
        };
        self.sync_out::<FULL, N>(&mut h);
        Ok(stop)
    }

    /// Where scanning resumes after line breaks ending at `r`: there, or with `BITS` the
    /// start of the 64-byte chunk (counted from `from`) that holds it, the bitmaps then
    /// covering the chunks before it (those wholly line breaks, outside any segment, as
    /// zeros) and `skip` set to `r`.
    #[inline(never)]
    fn resume<const BITS: bool>(&mut self, from: usize, r: usize, skip: &mut usize) -> usize {
        if !BITS {
            return r;
        }
        let k = (r - from) / 64;
        self.bufs.bits.resize(k, 0);
        *skip = r;
        from + k * 64
    }

    /// Writes the loop state back (and appends the staged separators) before the general
    /// path runs.
    #[inline(always)]
    fn sync_out<const FULL: bool, const N: usize>(&mut self, h: &mut Hot<'_, N>) {
        h.flush::<FULL>(self.bufs);
        self.seg_start = h.seg_start;
        self.seg_sep = h.seg_sep;
        self.slow = h.slow;
    }

    /// Reads the loop state back after the general path ran.
    #[inline(always)]
    fn sync_in<const N: usize>(&self, h: &mut Hot<'_, N>) {
        h.flushed = self.bufs.seps.len();
        h.seg_start = self.seg_start;
        h.seg_sep = self.seg_sep;
        h.slow = self.slow;
    }

    /// Indexes the element separators (`me`, with `FULL`) and terminators (`mt`) of the
    /// chunk at `base`: for each terminator, the separators before it and then the segment it
    /// ends. A data segment inside a transaction set (the common case) gets the bookkeeping
    /// of [`Scanner::end_segment`] and nothing else; any other (empty, possibly an envelope
    /// segment, outside a set, a CR before a line feed terminator) goes to
    /// [`Scanner::end_segment`]. `NL`: the terminator is a line feed, so the byte before each
    /// is looked at (chosen per chunk, which keeps that test out of other inputs' loop).
    #[inline(always)]
    fn chunk<const FULL: bool, const N: usize, const NL: bool>(
        &mut self,
        h: &mut Hot<'_, N>,
        input: &[u8],
        classes: &[u8; 256],
        mut me: u64,
        mut mt: u64,
        base: usize,
    ) -> Result<Flow, Error> {
        if h.n > 256 - 65 || h.ns > N - 64 {
            // At most 64 more of each come from this chunk: the stages never wrap.
            h.flush::<FULL>(self.bufs);
        }
        let base32 = base as u32;
        while mt != 0 {
            let bit = mt.trailing_zeros();
            mt &= mt - 1;
            if FULL {
                let below = (1u64 << bit) - 1;
                h.stage(me & below, base32);
                me &= !below;
            }
            let p = base + bit as usize;
            // `slow` covers an empty segment too: the byte after the last terminator was one.
            if h.slow || (NL && input.get(p.wrapping_sub(1)) == Some(&b'\r')) {
                self.sync_out::<FULL, N>(h);
                let flow = self.end_segment(p);
                self.sync_in(h);
                match flow? {
                    Flow::Continue => continue,
                    other => return Ok(other),
                }
            }
            h.segs[h.ns & (N - 1)] = SegEntry {
                start: h.seg_start as u32,
                end: p as u32,
            };
            if FULL {
                h.firsts[h.ns & (N - 1)] = h.seg_sep;
                h.seg_sep = (h.flushed + h.n) as u32;
            }
            h.ns += 1;
            h.seg_start = p + 1;
            if let Some(&b) = input.get(p + 1) {
                let class = classes[usize::from(b)];
                if class != 0 {
                    h.slow = class & EMPTY != 0 || may_be_envelope(input, p + 1);
                    if class & NOW != 0 {
                        self.sync_out::<FULL, N>(h);
                        let flow = self.after_terminator(p);
                        self.sync_in(h);
                        match flow? {
                            Flow::Continue => {}
                            other => return Ok(other),
                        }
                    }
                }
            }
        }
        if FULL {
            h.stage(me, base32);
        }
        Ok(Flow::Continue)
    }

    /// The bytes after the last terminator: trailing whitespace, or a last segment without a
    /// terminator. Returns true when that segment is the IEA.
    fn unterminated(&mut self) -> Result<bool, Error> {
        let start = self.seg_start;
        let len = self.input.len();
        if start >= len {
            return Ok(false);
        }
        let rest = &self.input[start..];
        let trimmed = rest.len() - rest.iter().rev().take_while(|&&b| is_pad(b)).count();
        if trimmed == 0 {
            self.bufs.seps.truncate(self.seg_sep as usize);
            self.tolerate(
                WarningKind::TrailingWhitespace,
                ErrorKind::TrailingWhitespace,
                start,
            )?;
            return Ok(false);
        }
        let end = start + trimmed;
        self.tolerate_here(
            WarningKind::MissingFinalTerminator,
            ErrorKind::MissingFinalTerminator,
            len,
            start,
            end,
        )?;
        if trimmed < rest.len() {
            self.warn(WarningKind::TrailingWhitespace, end);
            let keep = self.bufs.seps[self.seg_sep as usize..]
                .iter()
                .take_while(|&&s| (s as usize) < end)
                .count();
            self.bufs.seps.truncate(self.seg_sep as usize + keep);
        }
        self.bufs.segs.push(SegEntry {
            start: start as u32,
            end: end as u32,
        });
        if self.full {
            self.bufs.firsts.push(self.seg_sep);
        }
        let pos = self.bufs.segs.len() as u32;
        let b0 = self.input[start];
        if matches!(b0, b'G' | b'S' | b'I') || !self.env.in_set() {
            return self.envelope(start, end, pos);
        }
        Ok(false)
    }
}

/// [`FIRST_BYTE`] class: the byte after a terminator needs a look at once (a line break, or
/// the `I` of a possible ISA).
const NOW: u8 = 1;
/// [`FIRST_BYTE`] class: a segment starting with this byte may be an envelope segment.
const ENV: u8 = 2;

/// Class of the byte after a terminator: it is a terminator too (an empty segment). Only set
/// in the per-interchange copy of [`FIRST_BYTE`] made by [`Scanner::run`].
const EMPTY: u8 = 4;

/// Class of the byte after a terminator (the first byte of the next segment).
static FIRST_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'\r' as usize] = NOW;
    t[b'\n' as usize] = NOW;
    t[b'I' as usize] = NOW | ENV;
    t[b'G' as usize] = ENV;
    t[b'S' as usize] = ENV;
    t
};

/// Terminator bitmap `mt` of the chunk at `base` without the terminators before `skip`
/// (handled before a resumption).
#[inline(always)]
fn skip_before(mt: u64, base: usize, skip: usize) -> u64 {
    match skip.checked_sub(base) {
        Some(k) if k > 0 => mt & u64::MAX.checked_shl(k as u32).unwrap_or(0),
        _ => mt,
    }
}

/// Whether the segment starting at `at` may be GS, GE, ST, SE or IEA (or starts with a line
/// break): the only segments inside a transaction set that matter to the envelope
/// (`classify`). The general path looks at it.
#[inline(always)]
fn may_be_envelope(input: &[u8], at: usize) -> bool {
    let id2 = [
        input.get(at).copied().unwrap_or(0),
        input.get(at + 1).copied().unwrap_or(0),
    ];
    matches!(
        id2,
        [b'G', b'S' | b'E'] | [b'S', b'T' | b'E'] | [b'I', b'E'] | [b'\r' | b'\n', _]
    )
}

/// The state of [`Scanner::run`]'s loop, kept out of the [`Scanner`] (in registers) and
/// written back around calls to the general path.
struct Hot<'s, const N: usize> {
    seg_start: usize,
    seg_sep: u32,
    slow: bool,
    /// Number of staged separators.
    n: usize,
    /// Length of [`Buffers::seps`] (what was appended before the staged separators).
    flushed: usize,
    /// Number of staged segments.
    ns: usize,
    /// Element separators, segments and (with the element index) their first separators
    /// found and not yet appended to [`Buffers`]: appended in batches, so that each costs a
    /// store and no capacity check.
    seps: &'s mut [u32; 256],
    segs: &'s mut [SegEntry; N],
    firsts: &'s mut [u32; N],
}

impl<const N: usize> Hot<'_, N> {
    /// Appends what is staged to `bufs` (`firsts` only with `FULL`).
    #[inline(always)]
    fn flush<const FULL: bool>(&mut self, bufs: &mut Buffers) {
        if self.n > 0 {
            bufs.seps.extend_from_slice(&self.seps[..self.n.min(256)]);
            self.flushed = bufs.seps.len();
            self.n = 0;
        }
        if self.ns > 0 {
            let ns = self.ns.min(N);
            bufs.segs.extend_from_slice(&self.segs[..ns]);
            if FULL {
                bufs.firsts.extend_from_slice(&self.firsts[..ns]);
            }
            self.ns = 0;
        }
    }

    /// Stages the offset of every set bit of `m` (bit `i` for byte `base + i`). At most 64
    /// are staged per chunk and the stage (256 entries) is emptied once it holds more than
    /// 191, so the index never wraps.
    #[inline(always)]
    fn stage(&mut self, mut m: u64, base: u32) {
        if m == 0 {
            return;
        }
        let mut n = self.n;
        // Two per round (the compiler then needs no register copy per separator).
        loop {
            // `as u8`: the index wraps (never, see above) instead of being bounds checked.
            self.seps[usize::from(n as u8)] = base + m.trailing_zeros();
            n += 1;
            m &= m - 1;
            if m == 0 {
                break;
            }
            self.seps[usize::from(n as u8)] = base + m.trailing_zeros();
            n += 1;
            m &= m - 1;
            if m == 0 {
                break;
            }
        }
        self.n = n;
    }
}

/// What follows an interchange in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// Nothing (or ignored whitespace/garbage, with a warning).
    End,
    /// Another interchange, possibly after whitespace, from this offset.
    Interchange(usize),
    /// Strict mode: bytes that are not allowed follow.
    Error(Error),
}

/// Skips a byte order mark (at the very start) and whitespace before an ISA.
pub(crate) fn leading(
    input: &[u8],
    from: usize,
    first: bool,
    lenient: bool,
    warned: &mut WarnOnce,
    warnings: &mut Vec<Warning>,
) -> Result<usize, Error> {
    let mut p = from;
    if first && input[p..].starts_with(BOM) {
        if !lenient {
            return Err(Error::new(ErrorKind::ByteOrderMark, p));
        }
        warned.warn(warnings, WarningKind::ByteOrderMark, p);
        p += BOM.len();
    }
    let lead = input[p..].iter().take_while(|&&b| is_pad(b)).count();
    if p + lead == input.len() {
        return Err(Error::new(ErrorKind::Empty, input.len()));
    }
    if lead > 0 {
        if !lenient {
            return Err(Error::new(ErrorKind::LeadingWhitespace, p));
        }
        warned.warn(warnings, WarningKind::LeadingWhitespace, p);
        p += lead;
    }
    Ok(p)
}

/// What may follow the IEA that ends at `end`.
pub(crate) fn tail(
    input: &[u8],
    end: usize,
    lenient: bool,
    warned: &mut WarnOnce,
    warnings: &mut Vec<Warning>,
) -> Next {
    let rest = &input[end..];
    if rest.is_empty() {
        return Next::End;
    }
    if is_isa_start(rest) {
        return Next::Interchange(end);
    }
    let pad = rest.iter().take_while(|&&b| is_pad(b)).count();
    if !lenient {
        let kind = if pad > 0 {
            ErrorKind::TrailingWhitespace
        } else {
            ErrorKind::TrailingData
        };
        return Next::Error(Error::new(kind, end));
    }
    if pad == rest.len() {
        warned.warn(warnings, WarningKind::TrailingWhitespace, end);
        Next::End
    } else if is_isa_start(&rest[pad..]) {
        Next::Interchange(end)
    } else {
        warned.warn(warnings, WarningKind::TrailingData, end + pad);
        Next::End
    }
}

/// Parses the interchange at (or, after whitespace, following) `from` into `bufs`.
fn parse_at<'a>(
    input: &'a [u8],
    from: usize,
    first: bool,
    opts: &ParseOptions,
    bufs: &mut Buffers,
) -> Result<(Interchange<'a>, Next), Error> {
    bufs.clear();
    if input.len() >= u32::MAX as usize {
        return Err(Error::new(ErrorKind::TooLarge, 0));
    }
    if input.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0));
    }
    let lenient = opts.lenient_mode();
    let full = opts.depth == IndexDepth::Elements;
    let bits = opts.depth == IndexDepth::Bitmaps;
    let mut warned = WarnOnce::default();
    let start = leading(input, from, first, lenient, &mut warned, &mut bufs.warnings)?;
    let head = &input[start..];
    if !head.starts_with(b"ISA") {
        let kind = if b"ISA".starts_with(head) {
            ErrorKind::TruncatedHeader
        } else {
            ErrorKind::MissingHeader
        };
        return Err(Error::new(kind, start));
    }
    let Some(layout) = read_isa(input, start, true)? else {
        return Err(Error::new(ErrorKind::TruncatedHeader, input.len()));
    };
    bufs.presize(input.len() - start, full, bits);
    let reject = opts.envelope == EnvelopePolicy::Reject;
    let env = Envelope::start(&layout, head, start, reject, bufs)?;
    let mut sc = Scanner {
        input,
        d: layout.delims,
        lenient,
        bufs,
        env,
        seg_start: start,
        seg_sep: 0,
        slow: true,
        nl: layout.delims.segment == b'\n',
        full,
        warned,
    };
    // Small stages for small inputs (they are zeroed for every parse), large ones to append
    // in fewer batches.
    let small = input.len() - start <= 64 << 10;
    let stop = match (full, small) {
        _ if bits => {
            sc.bufs.bits_origin = start;
            if small {
                sc.run::<false, true, 128>(start)?
            } else {
                sc.run::<false, true, 256>(start)?
            }
        }
        (true, true) => sc.run::<true, false, 128>(start)?,
        (true, false) => sc.run::<true, false, 256>(start)?,
        (false, true) => sc.run::<false, false, 128>(start)?,
        (false, false) => sc.run::<false, false, 256>(start)?,
    };
    let (end, next) = match stop {
        Some(Stop::Iea { end }) => {
            let next = tail(input, end, lenient, &mut sc.warned, &mut sc.bufs.warnings);
            (end, next)
        }
        Some(Stop::Isa { at }) => {
            let here = Here {
                seg: &[],
                ahead: &[],
                pos: sc.bufs.segs.len() as u32 + 1,
                offset: at,
                seps: None,
            };
            sc.env.finish(here, sc.bufs)?;
            (at, Next::Interchange(at))
        }
        None => {
            let iea = sc.unterminated()?;
            if !iea {
                let here = Here {
                    seg: &[],
                    ahead: &[],
                    pos: sc.bufs.segs.len() as u32 + 1,
                    offset: input.len(),
                    seps: None,
                };
                sc.env.finish(here, sc.bufs)?;
            }
            (input.len(), Next::End)
        }
    };
    let ic = Interchange {
        input,
        start,
        end,
        delims: layout.delims,
        opts: *opts,
        bufs: core::mem::take(bufs),
    };
    Ok((ic, next))
}

/// A parsed interchange (ISA … IEA): the input bytes plus a flat index of their structure.
///
/// All values are borrowed views into the input. `Debug` shows structure (counts, offsets,
/// delimiters), never values.
#[derive(Clone)]
pub struct Interchange<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) delims: Delimiters,
    pub(crate) opts: ParseOptions,
    pub(crate) bufs: Buffers,
}

impl fmt::Debug for Interchange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interchange")
            .field("offset", &self.start)
            .field("len", &(self.end - self.start))
            .field("delimiters", &self.delims)
            .field("segments", &self.bufs.segs.len())
            .field("groups", &self.bufs.groups.len())
            .field("transaction_sets", &self.bufs.sets.len())
            .field("diagnostics", &self.bufs.diagnostics)
            .field("warnings", &self.bufs.warnings)
            .finish()
    }
}

impl<'a> Interchange<'a> {
    /// Parses one interchange strictly, rejecting envelope errors.
    ///
    /// ```
    /// let input = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000001*0*P*:~\
    /// GS*HC*SUBMITTER*PAYER*20261124*0830*1*X*005010X222A1~\
    /// ST*837*0001*005010X222A1~BHT*0019*00*244579*20261124*0830*CH~SE*3*0001~\
    /// GE*1*1~IEA*1*000000001~";
    /// let ic = x12::Interchange::parse(input)?;
    /// assert_eq!(ic.control_number(), b"000000001");
    /// let ts = ic.transaction_sets().next().unwrap();
    /// assert_eq!(ts.id(), b"837");
    /// let bht = ts.segment(1).unwrap();
    /// assert_eq!(bht.id(), b"BHT");
    /// assert_eq!(bht.element(3).unwrap().raw(), b"244579");
    /// assert_eq!(ic.write(), input); // exact round trip
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_with(input, &ParseOptions::strict())
    }

    /// Parses one interchange with the given options.
    ///
    /// The input must hold exactly one interchange (plus, in lenient mode, whitespace or
    /// ignored trailing bytes): for several, use [`Interchanges`].
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        let mut bufs = Buffers::default();
        Self::parse_reusing(input, opts, &mut bufs)
    }

    /// Parses using (and taking) the index buffers in `bufs`; give them back with
    /// [`Interchange::recycle`] to parse the next interchange without allocating.
    ///
    /// On error the buffers stay in `bufs`.
    ///
    /// ```
    /// use x12::{Buffers, Interchange, ParseOptions};
    /// let isa = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*000000007*0*P*:~";
    /// let input = [&isa[..], b"IEA*0*000000007~"].concat();
    /// let mut bufs = Buffers::default();
    /// for _ in 0..3 {
    ///     let ic = Interchange::parse_reusing(&input, &ParseOptions::strict(), &mut bufs)?;
    ///     assert_eq!(ic.segment_count(), 2);
    ///     ic.recycle(&mut bufs);
    /// }
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn parse_reusing(
        input: &'a [u8],
        opts: &ParseOptions,
        bufs: &mut Buffers,
    ) -> Result<Self, Error> {
        let (ic, next) = parse_at(input, 0, true, opts, bufs)?;
        match next {
            Next::End => Ok(ic),
            Next::Interchange(at) => {
                let at = at + input[at..].iter().take_while(|&&b| is_pad(b)).count();
                ic.recycle(bufs);
                Err(Error::new(ErrorKind::MultipleInterchanges, at))
            }
            Next::Error(e) => {
                ic.recycle(bufs);
                Err(e)
            }
        }
    }

    /// Returns the index buffers for reuse.
    pub fn recycle(self, bufs: &mut Buffers) {
        *bufs = self.bufs;
    }

    pub(crate) fn doc(&self) -> Doc<'_, 'a> {
        Doc {
            input: self.input,
            bufs: &self.bufs,
            delims: self.delims,
            base: 0,
            pos_base: 0,
            full: self.opts.depth == IndexDepth::Elements,
            bits: self.opts.depth == IndexDepth::Bitmaps,
        }
    }

    /// The whole input this interchange was parsed from.
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    /// The bytes of this interchange: from its ISA to just past its IEA's terminator and any
    /// line breaks after it (or to where the next ISA or the end of the input cuts it off).
    pub fn raw(&self) -> &'a [u8] {
        &self.input[self.start..self.end]
    }

    /// Byte offset of the ISA in the input.
    pub fn offset(&self) -> usize {
        self.start
    }

    /// The delimiters read from the ISA.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// The options the interchange was parsed with.
    pub fn options(&self) -> &ParseOptions {
        &self.opts
    }

    /// Envelope findings (empty when parsed with [`EnvelopePolicy::Reject`], which fails on
    /// the first instead), in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.bufs.diagnostics
    }

    /// What lenient parsing tolerated, each kind once, at its first occurrence.
    pub fn warnings(&self) -> &[Warning] {
        &self.bufs.warnings
    }

    /// The ISA segment.
    pub fn header(&self) -> Segment<'_, 'a> {
        Segment::new(self.doc(), 0, NONE)
    }

    /// The IEA segment, if the interchange has one.
    pub fn trailer(&self) -> Option<Segment<'_, 'a>> {
        let last = self.bufs.segs.len().checked_sub(1)?;
        let s = Segment::new(self.doc(), last as u32, NONE);
        (last > 0 && classify(s.raw(), self.delims.element) == EnvSeg::Iea).then_some(s)
    }

    fn isa(&self, n: usize) -> &'a [u8] {
        self.header()
            .element(n)
            .map(|e| e.raw())
            .unwrap_or_default()
    }

    /// ISA13, the interchange control number.
    pub fn control_number(&self) -> &'a [u8] {
        self.isa(13)
    }

    /// ISA12, the interchange control version number (`00501`, `00401`).
    pub fn version(&self) -> &'a [u8] {
        self.isa(12)
    }

    /// ISA05 and ISA06 (trailing padding removed): the sender's id qualifier and id.
    pub fn sender(&self) -> (&'a [u8], &'a [u8]) {
        (self.isa(5), self.isa(6).trim_ascii_end())
    }

    /// ISA07 and ISA08 (trailing padding removed): the receiver's id qualifier and id.
    pub fn receiver(&self) -> (&'a [u8], &'a [u8]) {
        (self.isa(7), self.isa(8).trim_ascii_end())
    }

    /// ISA15, the usage indicator: `P` production, `T` test, `I` information.
    pub fn usage_indicator(&self) -> &'a [u8] {
        self.isa(15)
    }

    /// Number of segments, ISA and IEA included.
    pub fn segment_count(&self) -> usize {
        self.bufs.segs.len()
    }

    /// The segment at 0-based `index` (the ISA is 0; its position is `index + 1`).
    pub fn segment(&self, index: usize) -> Option<Segment<'_, 'a>> {
        (index < self.bufs.segs.len()).then(|| Segment::new(self.doc(), index as u32, NONE))
    }

    /// All segments in order, ISA to IEA.
    pub fn segments(&self) -> Segments<'_, 'a> {
        Segments::new(self.doc(), 0, self.bufs.segs.len() as u32, NONE)
    }

    /// Number of functional groups.
    pub fn group_count(&self) -> usize {
        self.bufs.groups.len()
    }

    /// The functional group at 0-based `index`.
    pub fn group(&self, index: usize) -> Option<FunctionalGroup<'_, 'a>> {
        (index < self.bufs.groups.len()).then(|| FunctionalGroup::new(self.doc(), index as u32))
    }

    /// All functional groups in order.
    pub fn groups(&self) -> impl ExactSizeIterator<Item = FunctionalGroup<'_, 'a>> + '_ {
        let doc = self.doc();
        (0..self.bufs.groups.len() as u32).map(move |i| FunctionalGroup::new(doc, i))
    }

    /// Number of transaction sets, in all groups (and outside any group).
    pub fn transaction_set_count(&self) -> usize {
        self.bufs.sets.len()
    }

    /// The transaction set at 0-based `index` within the interchange.
    pub fn transaction_set(&self, index: usize) -> Option<TransactionSet<'_, 'a>> {
        (index < self.bufs.sets.len()).then(|| TransactionSet::new(self.doc(), index as u32))
    }

    /// All transaction sets in order, across groups.
    pub fn transaction_sets(&self) -> impl ExactSizeIterator<Item = TransactionSet<'_, 'a>> + '_ {
        let doc = self.doc();
        (0..self.bufs.sets.len() as u32).map(move |i| TransactionSet::new(doc, i))
    }

    /// Serialises the interchange: every segment, its terminator and the bytes that followed
    /// it (line breaks, skipped empty segments). For a strictly parsed input this is the input
    /// byte for byte; for a lenient one it is the input without the byte order mark and
    /// whitespace around the interchange.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.end - self.start);
        self.write_to(&mut out);
        out
    }

    /// Appends the serialised interchange to `out` (see [`Interchange::write`]).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let segs = &self.bufs.segs;
        for (i, s) in segs.iter().enumerate() {
            let next = segs.get(i + 1).map_or(self.end, |n| n.start as usize);
            let (a, b) = (s.start as usize, s.end as usize);
            out.extend_from_slice(&self.input[a..b]);
            // The terminator and what followed, up to the next segment.
            out.extend_from_slice(&self.input[b..next.max(b)]);
        }
    }
}

/// Every interchange of an input holding one or more, in order.
///
/// Whitespace between interchanges is accepted in lenient mode (a
/// [`WarningKind::LeadingWhitespace`] on the interchange it precedes). After an error the
/// iterator ends.
///
/// ```
/// use x12::{Interchanges, ParseOptions};
/// let isa = |n: &str| format!("ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*{n}*0*P*:~");
/// let input = format!("{}IEA*0*000000001~{}IEA*0*000000002~", isa("000000001"), isa("000000002"));
/// let numbers: Vec<Vec<u8>> = Interchanges::new(input.as_bytes(), &ParseOptions::strict())
///     .map(|ic| ic.map(|ic| ic.control_number().to_vec()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(numbers, [b"000000001".to_vec(), b"000000002".to_vec()]);
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Interchanges<'a> {
    input: &'a [u8],
    opts: ParseOptions,
    pos: usize,
    first: bool,
    done: bool,
    pending: Option<Error>,
}

impl<'a> Interchanges<'a> {
    /// Iterates over the interchanges of `input`.
    pub fn new(input: &'a [u8], opts: &ParseOptions) -> Self {
        Interchanges {
            input,
            opts: *opts,
            pos: 0,
            first: true,
            done: false,
            pending: None,
        }
    }

    /// The next interchange, indexed into (and taking) `bufs`: give them back with
    /// [`Interchange::recycle`] to parse without allocating.
    pub fn next_reusing(&mut self, bufs: &mut Buffers) -> Option<Result<Interchange<'a>, Error>> {
        if self.done {
            return None;
        }
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Some(Err(e));
        }
        match parse_at(self.input, self.pos, self.first, &self.opts, bufs) {
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
            Ok((ic, next)) => {
                self.first = false;
                match next {
                    Next::End => self.done = true,
                    Next::Interchange(at) => self.pos = at,
                    Next::Error(e) => self.pending = Some(e),
                }
                Some(Ok(ic))
            }
        }
    }
}

impl<'a> Iterator for Interchanges<'a> {
    type Item = Result<Interchange<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_reusing(&mut Buffers::default())
    }
}

impl core::iter::FusedIterator for Interchanges<'_> {}
