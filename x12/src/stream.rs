//! Incremental parsing: feed byte chunks, get complete transaction sets as they close.
//!
//! A [`Stream`] keeps only the bytes of the transaction set being read (plus the segment in
//! progress and small copies of the current ISA and GS), so memory is bounded by the largest
//! transaction set however large the file. It follows exactly the rules of
//! [`Interchange::parse_with`](crate::Interchange::parse_with) and
//! [`Interchanges`](crate::Interchanges): the same options give the same structure, the same
//! diagnostics and warnings in the same order, and the same errors, however the input is
//! split into chunks.
//!
//! ```
//! use x12::{Event, ParseOptions, Stream};
//!
//! let input = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000001*0*P*:~\r\n\
//! GS*HC*SUBMITTER*PAYER*20261124*0830*1*X*005010X222A1~\r\n\
//! ST*837*0001*005010X222A1~\r\nBHT*0019*00*A1*20261124*0830*CH~\r\nSE*3*0001~\r\n\
//! ST*837*0002*005010X222A1~\r\nBHT*0019*00*A2*20261124*0830*CH~\r\nSE*3*0002~\r\n\
//! GE*2*1~\r\nIEA*1*000000001~\r\n";
//! let mut stream = Stream::new(ParseOptions::lenient());
//! let mut claims = Vec::new();
//! for chunk in input.chunks(7) {
//!     stream.push(chunk);
//!     while let Some(event) = stream.next_event() {
//!         if let Event::TransactionSet(ts) = event? {
//!             claims.push(ts.segment(1).unwrap().element(3).unwrap().raw().to_vec());
//!         }
//!     }
//! }
//! stream.finish();
//! while let Some(event) = stream.next_event() {
//!     event?;
//! }
//! assert_eq!(claims, [b"A1".to_vec(), b"A2".to_vec()]);
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;

use crate::delims::{Delimiters, is_isa_start, read_isa};
use crate::diag::Diagnostic;
use crate::envelope::{EnvSeg, EnvSink, Envelope, Here, classify};
use crate::error::{Error, ErrorKind, SegmentId, Warning, WarningKind};
use crate::parse::{
    BOM, Buffers, EnvelopePolicy, NONE, ParseOptions, SegEntry, SetEntry, WarnOnce, is_pad,
    segment_id, skip_line_breaks,
};
use crate::scan::Pair;
use crate::view::{Doc, Segment, TransactionSet};

/// The largest transaction set a [`Stream`] holds unless told otherwise: 256 MiB.
pub const DEFAULT_MAX_TRANSACTION_SET: usize = 256 << 20;

/// Discarded bytes are dropped from the front of the buffer once there are this many (or
/// they are at least half of it).
const COMPACT_AT: usize = 64 << 10;

/// What a [`Stream`] found. Views borrow the stream until the next call to
/// [`Stream::next_event`].
///
/// For one interchange the order is: `InterchangeStart`, then per group `GroupStart`, its
/// `TransactionSet`s, `GroupEnd`, and finally `InterchangeEnd`; `Diagnostic`s and `Warning`s
/// come where they are found.
///
/// ```
/// use x12::{Event, ParseOptions, Stream};
/// let mut s = Stream::new(ParseOptions::strict());
/// s.push(include_bytes!("../tests/data/271.x12"));
/// s.finish();
/// let mut kinds = Vec::new();
/// while let Some(e) = s.next_event() {
///     kinds.push(match e? {
///         Event::InterchangeStart(_) => "ISA",
///         Event::GroupStart(_) => "GS",
///         Event::TransactionSet(t) => if t.id() == b"271" { "271" } else { "?" },
///         Event::GroupEnd(_) => "GE",
///         Event::InterchangeEnd(_) => "IEA",
///         Event::Diagnostic(_) | Event::Warning(_) => "finding",
///     });
/// }
/// assert_eq!(kinds, ["ISA", "GS", "271", "GE", "IEA"]);
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug)]
pub enum Event<'s> {
    /// An interchange begins: its ISA segment.
    InterchangeStart(Segment<'s, 's>),
    /// A functional group begins: its GS segment.
    GroupStart(Segment<'s, 's>),
    /// A transaction set is complete (its SE was read, or its absence became certain).
    TransactionSet(TransactionSet<'s, 's>),
    /// A functional group ended: its GE segment, `None` when it has none.
    GroupEnd(Option<Segment<'s, 's>>),
    /// An interchange ended: its IEA segment, `None` when it has none.
    InterchangeEnd(Option<Segment<'s, 's>>),
    /// An envelope finding (only with [`EnvelopePolicy::Report`]). Findings about a
    /// transaction set come before its [`Event::TransactionSet`].
    Diagnostic(Diagnostic),
    /// A tolerated irregularity (lenient mode), belonging to the interchange most recently
    /// started.
    Warning(Warning),
}

/// Absolute offsets in the stream as `usize` (saturating on 32-bit targets).
fn off(x: u64) -> usize {
    usize::try_from(x).unwrap_or(usize::MAX)
}

/// One envelope segment kept as a copy (ISA, GS, GE, IEA).
#[derive(Default, Clone)]
struct Copy1 {
    bytes: Vec<u8>,
    bufs: Buffers,
    base: u64,
    pos: u32,
}

impl Copy1 {
    fn set(&mut self, seg: &[u8], abs: u64, pos: u32, e: u8, full: bool) {
        self.bytes.clear();
        self.bytes.extend_from_slice(seg);
        self.bufs.clear();
        if full {
            let seps = &mut self.bufs.seps;
            seps.reserve(seg.len() / 2 + 1);
            crate::scan::each_match(seg, e, |i| seps.push(i as u32));
        }
        self.bufs.segs.push(SegEntry {
            start: 0,
            end: seg.len() as u32,
        });
        if full {
            self.bufs.firsts.push(0);
        }
        self.base = abs;
        self.pos = pos;
    }

    fn view(&self, delims: Delimiters, full: bool) -> Segment<'_, '_> {
        let doc = Doc {
            input: &self.bytes,
            bufs: &self.bufs,
            delims,
            base: off(self.base),
            pos_base: self.pos - 1,
            full,
            bits: false,
        };
        Segment::new(doc, 0, NONE)
    }
}

/// The index of one transaction set, offsets relative to its ST.
#[derive(Default, Clone)]
struct Slot {
    bufs: Buffers,
    origin: u64,
    pos_base: u32,
}

/// Makes room for `extra` more items in `v`, growing it by at least a quarter of its
/// length: amortised constant time like doubling, with a quarter of its slack at most, so a
/// stream's buffers stay close to what the largest transaction set needs.
#[inline]
fn reserve_quarter<T>(v: &mut Vec<T>, extra: usize) {
    if v.capacity() - v.len() < extra {
        grow_quarter(v, extra);
    }
}

/// The slow path of [`reserve_quarter`]: at least 1024 items (a few KiB per vector, part of
/// the stream's constant), so that small transaction sets do not grow their vectors in many
/// small steps.
#[cold]
#[inline(never)]
fn grow_quarter<T>(v: &mut Vec<T>, extra: usize) {
    v.reserve_exact(extra.max(v.len() / 4).max(1024));
}

/// Appends `base + i` for every set bit `i` of `m` to `seps`.
#[inline(always)]
fn push_bits(seps: &mut Vec<u32>, mut m: u64, base: usize) {
    while m != 0 {
        seps.push((base + m.trailing_zeros() as usize) as u32);
        m &= m - 1;
    }
}

/// Index entries a transaction set slot keeps between sets: what a rare large set grew
/// beyond it is given back when the slot is reused, so that the two slots never both hold
/// the largest set's index.
const SLOT_KEEP: usize = 4 << 10;

impl Slot {
    fn reset(&mut self) {
        self.bufs.clear();
        self.bufs.segs.shrink_to(SLOT_KEEP);
        self.bufs.firsts.shrink_to(SLOT_KEEP);
        self.bufs.seps.shrink_to(SLOT_KEEP);
    }

    /// Indexes a segment of the set without updating the set's last segment
    /// ([`Slot::mark_last`] does, once a run of them is done).
    #[inline(always)]
    fn push_ordinary(&mut self, seg: &[u8], abs: u64, e: u8, full: bool) {
        let rel = (abs - self.origin) as u32;
        let sep = self.bufs.seps.len() as u32;
        reserve_quarter(&mut self.bufs.segs, 1);
        if full {
            reserve_quarter(&mut self.bufs.seps, seg.len() / 2 + 1);
            let seps = &mut self.bufs.seps;
            crate::scan::each_match(seg, e, |i| seps.push(rel + i as u32));
        }
        self.bufs.segs.push(SegEntry {
            start: rel,
            end: rel + seg.len() as u32,
        });
        if full {
            reserve_quarter(&mut self.bufs.firsts, 1);
            self.bufs.firsts.push(sep);
        }
    }

    /// Indexes the segment at `start..end` (relative to the set) whose separators, with the
    /// element index, start at `first` in `seps`; the set's last segment is not updated
    /// ([`Slot::mark_last`] does).
    #[inline(always)]
    fn push_entry(&mut self, start: usize, end: usize, first: usize, full: bool) {
        reserve_quarter(&mut self.bufs.segs, 1);
        self.bufs.segs.push(SegEntry {
            start: start as u32,
            end: end as u32,
        });
        if full {
            reserve_quarter(&mut self.bufs.firsts, 1);
            self.bufs.firsts.push(first as u32);
        }
    }

    /// Records the last segment indexed as the set's last.
    fn mark_last(&mut self) {
        let n = self.bufs.segs.len() as u32;
        if let Some(s) = self.bufs.sets.first_mut() {
            s.last = n.saturating_sub(1);
        }
    }

    fn push(&mut self, seg: &[u8], abs: u64, e: u8, full: bool) {
        self.push_ordinary(seg, abs, e, full);
        self.mark_last();
    }
}

#[derive(Debug, Clone, Copy)]
enum Pending {
    InterchangeStart,
    GroupStart,
    TransactionSet(usize),
    GroupEnd(bool),
    InterchangeEnd(bool),
    Diagnostic(Diagnostic),
    Warning(Warning),
}

/// The envelope sink of the stream: queues events and fills transaction set slots.
struct Sink<'s> {
    queue: &'s mut VecDeque<Pending>,
    slots: &'s mut [Slot; 2],
    cur: &'s mut usize,
    gs: &'s mut Copy1,
    ge: &'s mut Copy1,
    seg: &'s [u8],
    abs: u64,
    e: u8,
    full: bool,
}

impl EnvSink for Sink<'_> {
    fn diagnostic(&mut self, d: Diagnostic) {
        self.queue.push_back(Pending::Diagnostic(d));
    }

    fn group_start(&mut self, header: u32, _index: u32) {
        self.gs.set(self.seg, self.abs, header, self.e, self.full);
        self.queue.push_back(Pending::GroupStart);
    }

    fn group_end(&mut self, trailer: Option<u32>, _last: u32) {
        if let Some(t) = trailer {
            self.ge.set(self.seg, self.abs, t, self.e, self.full);
        }
        self.queue.push_back(Pending::GroupEnd(trailer.is_some()));
    }

    fn set_start(&mut self, header: u32, index: u32, group: Option<u32>) {
        let slot = &mut self.slots[*self.cur];
        slot.reset();
        slot.origin = self.abs;
        slot.pos_base = header - 1;
        slot.bufs.sets.push(SetEntry {
            header: 0,
            trailer: NONE,
            last: 0,
            number: index,
            group: group.unwrap_or(NONE),
        });
        slot.push(self.seg, self.abs, self.e, self.full);
    }

    fn set_end(&mut self, trailer: Option<u32>, _last: u32) {
        let i = *self.cur;
        let slot = &mut self.slots[i];
        if trailer.is_some() {
            slot.push(self.seg, self.abs, self.e, self.full);
            if let Some(s) = slot.bufs.sets.first_mut() {
                s.trailer = s.last;
            }
        }
        self.queue.push_back(Pending::TransactionSet(i));
        *self.cur ^= 1;
    }
}

/// Inside an interchange.
#[derive(Clone)]
struct Inside {
    d: Delimiters,
    env: Envelope,
    /// Absolute offset of the current segment's first byte.
    seg_start: u64,
    /// Absolute offset from which to look for the next terminator.
    scan: u64,
    /// Segments so far (the ISA is 1).
    pos: u32,
    /// Id of the last segment, for error locations (when `last_at` is [`NO_OFFSET`]).
    last_id: SegmentId,
    /// Absolute offset of the last segment when its id is still to be read from the buffer
    /// (an ordinary segment inside a transaction set: the open set keeps it buffered).
    last_at: u64,
}

/// No offset (see [`Inside::last_at`]).
const NO_OFFSET: u64 = u64::MAX;

#[derive(Clone)]
enum State {
    /// At the very start: a byte order mark may come.
    Start,
    /// Whitespace before the first ISA, starting at `from` when there was some.
    Lead {
        from: Option<u64>,
    },
    /// After an IEA ending at `tail_at`: whitespace, another ISA, or the end.
    AfterTrailer {
        tail_at: u64,
    },
    /// An ISA is expected at the cursor.
    Header,
    Inside(Inside),
    Done,
}

/// How a segment ended the work on it.
enum SegEnd {
    /// The next segment starts at this absolute offset.
    Continue(u64),
    /// The IEA ended the interchange; its line breaks end at this offset.
    Iea(u64),
    /// Another ISA starts at this offset.
    Isa(u64),
}

/// An incremental X12 parser: push byte chunks, take [`Event`]s.
///
/// Call [`Stream::push`] with each chunk, then [`Stream::next_event`] until it returns `None`
/// (more input needed); after the last chunk call [`Stream::finish`] and drain the events.
/// An error ends the stream. See the [module documentation](crate::stream) for an example.
#[derive(Clone)]
pub struct Stream {
    opts: ParseOptions,
    max: usize,
    /// Whether element separators are indexed ([`Stream::with_element_index`]).
    elements: bool,
    buf: Vec<u8>,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Absolute offset of the first byte not yet consumed outside interchanges.
    cursor: u64,
    finished: bool,
    state: State,
    queue: VecDeque<Pending>,
    error: Option<Error>,
    failed: bool,
    slots: [Slot; 2],
    cur: usize,
    isa: Copy1,
    gs: Copy1,
    ge: Copy1,
    iea: Copy1,
    delims: Delimiters,
    warned: WarnOnce,
    /// Warnings about bytes before an ISA, queued after its start.
    lead: Vec<Warning>,
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("options", &self.opts)
            .field("buffered", &self.buf.len())
            .field("offset", &self.base)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl Default for Stream {
    fn default() -> Self {
        Stream::new(ParseOptions::default())
    }
}

impl Stream {
    /// A stream parsing with `opts`.
    ///
    /// The stream indexes segment boundaries only, whatever `opts.depth` says: elements are
    /// found by scanning their segment when asked for (the same views, the same values), and
    /// the stream's memory stays under twice the largest transaction set plus a constant
    /// (`tests/stream_memory.rs`). [`Stream::with_element_index`] indexes every element
    /// separator instead (constant-time element access, about 2.8 times the largest set).
    pub fn new(opts: ParseOptions) -> Self {
        Stream {
            opts,
            max: DEFAULT_MAX_TRANSACTION_SET,
            elements: false,
            buf: Vec::new(),
            base: 0,
            cursor: 0,
            finished: false,
            state: State::Start,
            queue: VecDeque::new(),
            error: None,
            failed: false,
            slots: [Slot::default(), Slot::default()],
            cur: 0,
            isa: Copy1::default(),
            gs: Copy1::default(),
            ge: Copy1::default(),
            iea: Copy1::default(),
            delims: Delimiters::default(),
            warned: WarnOnce::default(),
            lead: Vec::new(),
        }
    }

    /// The same stream with a different limit on the bytes one transaction set (or one
    /// segment outside a transaction set) may span; beyond it the stream fails with
    /// [`ErrorKind::TooLarge`]. At most 2 GiB.
    ///
    /// ```
    /// let mut s = x12::Stream::new(x12::ParseOptions::lenient()).with_max_transaction_set(1000);
    /// s.push(b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*000000001*0*P*:~ST*837*0001~");
    /// s.push(&[b'X'; 2000]);
    /// let kinds: Vec<_> = std::iter::from_fn(|| s.next_event().map(|e| e.map(|_| ()))).collect();
    /// assert_eq!(kinds.last().unwrap().as_ref().unwrap_err().kind, x12::ErrorKind::TooLarge);
    /// ```
    pub fn with_max_transaction_set(mut self, bytes: usize) -> Self {
        self.max = bytes.min(i32::MAX as usize);
        self
    }

    /// The same stream indexing every element separator, as
    /// [`IndexDepth::Elements`](crate::IndexDepth::Elements) does for whole-input parsing:
    /// element access in constant time, for four more bytes of memory per element (an 837 has
    /// about one element every four or five bytes, so memory grows to about 2.8 times the
    /// largest transaction set). Without it, the stream indexes segments only.
    ///
    /// ```
    /// use x12::{Event, ParseOptions, Stream};
    /// let mut s = Stream::new(ParseOptions::strict()).with_element_index();
    /// s.push(include_bytes!("../tests/data/271.x12"));
    /// s.finish();
    /// while let Some(e) = s.next_event() {
    ///     if let Event::TransactionSet(t) = e? {
    ///         assert_eq!(t.segment(0).unwrap().element(1).unwrap().raw(), b"271");
    ///     }
    /// }
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn with_element_index(mut self) -> Self {
        self.elements = true;
        self
    }

    /// Appends a chunk of input. Ignored after [`Stream::finish`].
    pub fn push(&mut self, chunk: &[u8]) {
        if !self.finished {
            reserve_quarter(&mut self.buf, chunk.len());
            self.buf.extend_from_slice(chunk);
        }
    }

    /// Declares the end of the input: what remains is parsed to the end.
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// Bytes currently held (the open transaction set, the segment in progress, unread
    /// input).
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// Bytes pushed so far.
    pub fn bytes_pushed(&self) -> u64 {
        self.base + self.buf.len() as u64
    }

    /// The ISA of the interchange being read, if any.
    pub fn interchange_header(&self) -> Option<Segment<'_, '_>> {
        match self.state {
            State::Inside(_) => Some(self.isa.view(self.delims, self.full())),
            _ => None,
        }
    }

    /// The GS of the functional group being read, if any.
    pub fn group_header(&self) -> Option<Segment<'_, '_>> {
        match &self.state {
            State::Inside(i) if i.env.in_group() => Some(self.gs.view(self.delims, self.full())),
            _ => None,
        }
    }

    fn full(&self) -> bool {
        self.elements
    }

    fn lenient(&self) -> bool {
        self.opts.lenient_mode()
    }

    /// The next event, `None` when more input is needed (or, after [`Stream::finish`], when
    /// the input is exhausted). After an error, always `None`.
    pub fn next_event(&mut self) -> Option<Result<Event<'_>, Error>> {
        loop {
            if let Some(p) = self.queue.pop_front() {
                return Some(Ok(self.materialize(p)));
            }
            if self.failed {
                return None;
            }
            if let Some(e) = self.error.take() {
                self.failed = true;
                return Some(Err(e));
            }
            if matches!(self.state, State::Done) {
                return None;
            }
            self.compact();
            match self.step() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    self.state = State::Done;
                    self.error = Some(e);
                }
            }
        }
    }

    fn materialize(&self, p: Pending) -> Event<'_> {
        let (d, full) = (self.delims, self.full());
        match p {
            Pending::InterchangeStart => Event::InterchangeStart(self.isa.view(d, full)),
            Pending::GroupStart => Event::GroupStart(self.gs.view(d, full)),
            Pending::GroupEnd(t) => Event::GroupEnd(t.then(|| self.ge.view(d, full))),
            Pending::InterchangeEnd(t) => Event::InterchangeEnd(t.then(|| self.iea.view(d, full))),
            Pending::Diagnostic(x) => Event::Diagnostic(x),
            Pending::Warning(w) => Event::Warning(w),
            Pending::TransactionSet(i) => {
                let slot = &self.slots[i];
                let from = self.rel(slot.origin);
                let doc = Doc {
                    input: &self.buf[from..],
                    bufs: &slot.bufs,
                    delims: d,
                    base: off(slot.origin),
                    pos_base: slot.pos_base,
                    full,
                    bits: false,
                };
                Event::TransactionSet(TransactionSet::new(doc, 0))
            }
        }
    }

    /// The first absolute offset still needed.
    fn keep(&self) -> u64 {
        let mut keep = match &self.state {
            State::Inside(i) => {
                let mut k = i.seg_start;
                if i.env.in_set() {
                    k = k.min(self.slots[self.cur].origin);
                }
                k
            }
            _ => self.cursor,
        };
        for p in &self.queue {
            if let Pending::TransactionSet(i) = p {
                keep = keep.min(self.slots[*i].origin);
            }
        }
        keep
    }

    fn compact(&mut self) {
        let keep = self.keep();
        let n = (keep.saturating_sub(self.base) as usize).min(self.buf.len());
        if n > 0 && (n >= COMPACT_AT || n * 2 >= self.buf.len()) {
            self.buf.drain(..n);
            self.base += n as u64;
            if self.buf.capacity() > (1 << 20) && self.buf.capacity() > 4 * self.buf.len() {
                self.buf.shrink_to(2 * self.buf.len());
            }
        }
    }

    fn rel(&self, abs: u64) -> usize {
        (abs - self.base) as usize
    }

    fn abs(&self, rel: usize) -> u64 {
        self.base + rel as u64
    }

    fn end(&self) -> u64 {
        self.base + self.buf.len() as u64
    }

    fn warn(&mut self, kind: WarningKind, offset: u64) {
        if self.warned.first(kind) {
            self.queue.push_back(Pending::Warning(Warning {
                kind,
                offset: off(offset),
            }));
        }
    }

    /// A tolerance inside an interchange: a warning in lenient mode, an error in strict mode
    /// located at the last segment (or at `here`, a segment not counted yet), as the
    /// whole-input parser does.
    fn tolerate(
        &mut self,
        st: &Inside,
        kind: WarningKind,
        err: ErrorKind,
        offset: u64,
        here: Option<SegmentId>,
    ) -> Result<(), Error> {
        if self.lenient() {
            self.warn(kind, offset);
            Ok(())
        } else {
            let mut e = Error::new(err, off(offset));
            if let Some(id) = here {
                e.segment = Some(st.pos.saturating_add(1));
                e.segment_id = Some(id);
            } else if st.pos > 0 {
                e.segment = Some(st.pos);
                e.segment_id = Some(self.last_id(st));
            }
            Err(e)
        }
    }

    /// The id of the last segment (see [`Inside::last_at`]).
    #[cold]
    fn last_id(&self, st: &Inside) -> SegmentId {
        if st.last_at == NO_OFFSET {
            return st.last_id;
        }
        let from = st.last_at.checked_sub(self.base).map(|r| r as usize);
        let bytes = from.and_then(|r| self.buf.get(r..)).unwrap_or_default();
        // The id is what comes before the first separator: three bytes decide it, cut at
        // the terminator of a shorter segment.
        let head = &bytes[..bytes.len().min(3)];
        let len = head
            .iter()
            .position(|&b| b == st.d.segment)
            .unwrap_or(head.len());
        segment_id(&head[..len], st.d.element)
    }

    /// Does one unit of work. `Ok(false)` when more input is needed.
    fn step(&mut self) -> Result<bool, Error> {
        match core::mem::replace(&mut self.state, State::Done) {
            State::Done => Ok(false),
            State::Start => self.start(),
            State::Lead { from } => self.lead(from),
            State::AfterTrailer { tail_at } => self.after_trailer(tail_at),
            State::Header => self.header(),
            State::Inside(i) => self.inside(i),
        }
    }

    fn wait(&mut self, state: State) -> Result<bool, Error> {
        self.state = state;
        Ok(false)
    }

    fn go(&mut self, state: State) -> Result<bool, Error> {
        self.state = state;
        Ok(true)
    }

    /// At the very start: a byte order mark.
    fn start(&mut self) -> Result<bool, Error> {
        let avail = &self.buf[self.rel(self.cursor)..];
        if avail.len() < BOM.len() && BOM.starts_with(avail) && !self.finished {
            return self.wait(State::Start);
        }
        if avail.starts_with(BOM) {
            if !self.lenient() {
                return Err(Error::new(ErrorKind::ByteOrderMark, off(self.cursor)));
            }
            self.lead.push(Warning {
                kind: WarningKind::ByteOrderMark,
                offset: off(self.cursor),
            });
            self.cursor += BOM.len() as u64;
        }
        self.go(State::Lead { from: None })
    }

    /// Whitespace before the first ISA.
    fn lead(&mut self, from: Option<u64>) -> Result<bool, Error> {
        let avail = &self.buf[self.rel(self.cursor)..];
        let n = avail.iter().take_while(|&&b| is_pad(b)).count();
        let all = n == avail.len();
        let from = from.or((n > 0).then_some(self.cursor));
        self.cursor += n as u64;
        if all {
            if self.finished {
                return Err(Error::new(ErrorKind::Empty, off(self.end())));
            }
            return self.wait(State::Lead { from });
        }
        if let Some(f) = from {
            if !self.lenient() {
                return Err(Error::new(ErrorKind::LeadingWhitespace, off(f)));
            }
            self.lead.push(Warning {
                kind: WarningKind::LeadingWhitespace,
                offset: off(f),
            });
        }
        self.go(State::Header)
    }

    /// After an IEA: the end, another ISA (possibly after whitespace), or bytes to refuse
    /// (strict) or ignore (lenient).
    fn after_trailer(&mut self, tail_at: u64) -> Result<bool, Error> {
        let lenient = self.lenient();
        let waiting = State::AfterTrailer { tail_at };
        let avail = &self.buf[self.rel(self.cursor)..];
        if self.cursor == tail_at {
            if avail.is_empty() {
                return if self.finished {
                    self.go(State::Done)
                } else {
                    self.wait(waiting)
                };
            }
            if avail.len() < 4 && !self.finished {
                return self.wait(waiting);
            }
            if is_isa_start(avail) {
                return self.go(State::Header);
            }
            if !lenient {
                let kind = if is_pad(avail[0]) {
                    ErrorKind::TrailingWhitespace
                } else {
                    ErrorKind::TrailingData
                };
                return Err(Error::new(kind, off(tail_at)));
            }
        }
        let n = avail.iter().take_while(|&&b| is_pad(b)).count();
        let all = n == avail.len();
        self.cursor += n as u64;
        if all {
            if self.finished {
                self.warn(WarningKind::TrailingWhitespace, tail_at);
                return self.go(State::Done);
            }
            return self.wait(waiting);
        }
        let rest = &self.buf[self.rel(self.cursor)..];
        if rest.len() < 4 && !self.finished {
            return self.wait(waiting);
        }
        if is_isa_start(rest) {
            self.lead.push(Warning {
                kind: WarningKind::LeadingWhitespace,
                offset: off(tail_at),
            });
            return self.go(State::Header);
        }
        self.warn(WarningKind::TrailingData, self.cursor);
        self.go(State::Done)
    }

    /// An ISA at the cursor: delimiters, envelope start.
    fn header(&mut self) -> Result<bool, Error> {
        let at = self.rel(self.cursor);
        let avail = &self.buf[at..];
        if avail.len() < 3 {
            if !b"ISA".starts_with(avail) {
                return Err(Error::new(ErrorKind::MissingHeader, off(self.cursor)));
            }
            if self.finished {
                return Err(Error::new(ErrorKind::TruncatedHeader, off(self.cursor)));
            }
            return self.wait(State::Header);
        }
        if !avail.starts_with(b"ISA") {
            return Err(Error::new(ErrorKind::MissingHeader, off(self.cursor)));
        }
        let layout = match read_isa(&self.buf, at, self.finished) {
            Ok(Some(l)) => l,
            Ok(None) => return self.wait(State::Header),
            Err(mut e) => {
                e.offset = off(self.base + e.offset as u64);
                return Err(e);
            }
        };
        let start = self.cursor;
        let full = self.full();
        let d = layout.delims;
        self.delims = d;
        self.warned = WarnOnce::default();
        self.isa.set(
            &self.buf[at..at + layout.len - 1],
            start,
            1,
            d.element,
            full,
        );
        self.queue.push_back(Pending::InterchangeStart);
        for w in core::mem::take(&mut self.lead) {
            self.warn(w.kind, w.offset as u64);
        }
        let reject = self.opts.envelope == EnvelopePolicy::Reject;
        let mut sink = Sink {
            queue: &mut self.queue,
            slots: &mut self.slots,
            cur: &mut self.cur,
            gs: &mut self.gs,
            ge: &mut self.ge,
            seg: &[],
            abs: start,
            e: d.element,
            full,
        };
        let env = Envelope::start(&layout, &self.buf[at..], off(start), reject, &mut sink)?;
        self.go(State::Inside(Inside {
            d,
            env,
            seg_start: start,
            scan: start,
            pos: 0,
            last_id: SegmentId::default(),
            last_at: NO_OFFSET,
        }))
    }

    /// Inside an interchange: the next segments, as long as they are complete and produce no
    /// event.
    fn inside(&mut self, mut st: Inside) -> Result<bool, Error> {
        let t = st.d.segment;
        loop {
            if st.env.in_set() {
                self.ordinary(&mut st);
            }
            let from = self.rel(st.scan);
            let Some(i) = memchr::memchr(t, &self.buf[from..]) else {
                if !self.finished {
                    st.scan = self.end();
                    let mut oldest = st.seg_start;
                    if st.env.in_set() {
                        oldest = oldest.min(self.slots[self.cur].origin);
                    }
                    if self.end() - oldest > self.max as u64 {
                        return Err(Error::new(ErrorKind::TooLarge, off(oldest)));
                    }
                    return self.wait(State::Inside(st));
                }
                let end = self.end();
                if !self.unterminated(&mut st)? {
                    let here = Here {
                        seg: &[],
                        ahead: &[],
                        pos: st.pos.saturating_add(1),
                        offset: off(end),
                        seps: None,
                    };
                    self.finish_interchange(&mut st, here)?;
                }
                return self.go(State::Done);
            };
            let p = from + i;
            let (q, ran_out) = skip_line_breaks(&self.buf, p, t);
            let peek = self.buf.get(q) == Some(&b'I') && q + 4 > self.buf.len();
            if (ran_out || peek) && !self.finished {
                st.scan = self.abs(p);
                return self.wait(State::Inside(st));
            }
            match self.segment_end(&mut st, p, q)? {
                SegEnd::Continue(next) => {
                    st.seg_start = next;
                    st.scan = next;
                    if !self.queue.is_empty() {
                        return self.go(State::Inside(st));
                    }
                }
                SegEnd::Iea(next) => {
                    self.cursor = next;
                    return self.go(State::AfterTrailer { tail_at: next });
                }
                SegEnd::Isa(next) => {
                    let here = Here {
                        seg: &[],
                        ahead: &[],
                        pos: st.pos.saturating_add(1),
                        offset: off(next),
                        seps: None,
                    };
                    self.finish_interchange(&mut st, here)?;
                    self.cursor = next;
                    return self.go(State::Header);
                }
            }
        }
    }

    /// The fast path inside a transaction set: indexes the ordinary segments that follow
    /// (terminated, not empty, not an envelope segment, followed by a byte that is neither a
    /// line break nor a possible ISA, within the size limit) straight into the set's slot,
    /// finding terminators (and, with the element index, separators) 64 bytes at a time.
    /// Stops at the first segment that needs the general path (which gives the same
    /// results) or at the end of the buffer.
    #[inline]
    fn ordinary(&mut self, st: &mut Inside) {
        let (t, e) = (st.d.segment, st.d.element);
        if t == b'\n' {
            return; // a CR before each terminator is for the general path
        }
        let full = self.full();
        let base = self.base;
        let buf = &self.buf[..];
        let slot = &mut self.slots[self.cur];
        let limit = slot.origin.saturating_add(self.max as u64);
        // Buffer index of the set's first byte (the open set is kept buffered).
        let d = slot.origin.saturating_sub(base) as usize;
        let pair = Pair::new(t, e);
        let mut start = (st.seg_start - base) as usize;
        // With the element index, the segment in progress is scanned again from its start
        // (its separators are only kept once it is indexed).
        let mut from = if full {
            start
        } else {
            (st.scan - base) as usize
        };
        let mut first = slot.bufs.seps.len();
        let mut pos = st.pos;
        let mut last = NO_OFFSET;
        let mut to_end = false;
        'scan: loop {
            if from >= buf.len() {
                to_end = true;
                break;
            }
            let (mut mt, mut me, n) = if full {
                reserve_quarter(&mut slot.bufs.seps, 64);
                pair.masks64_at(buf, from)
            } else {
                let (m, n) = pair.mask64_at(buf, from);
                (m, 0, n)
            };
            let rel = from.saturating_sub(d);
            while mt != 0 {
                let bit = mt.trailing_zeros();
                mt &= mt - 1;
                let p = from + bit as usize;
                if full {
                    let below = (1u64 << bit) - 1;
                    push_bits(&mut slot.bufs.seps, me & below, rel);
                    me &= !below;
                }
                let (Some(&next), Some(&[b0, b1])) = (buf.get(p + 1), buf.get(start..start + 2))
                else {
                    break 'scan;
                };
                if p == start
                    || matches!(next, b'\r' | b'\n' | b'I')
                    || matches!(
                        [b0, b1],
                        [b'G', b'S' | b'E'] | [b'S', b'T' | b'E'] | [b'I', b'E']
                    )
                    || base + p as u64 > limit
                {
                    break 'scan;
                }
                slot.push_entry(start.saturating_sub(d), p.saturating_sub(d), first, full);
                first = slot.bufs.seps.len();
                pos = pos.saturating_add(1);
                last = base + start as u64;
                start = p + 1;
            }
            if full {
                push_bits(&mut slot.bufs.seps, me, rel);
            }
            from += n;
        }
        // The separators of a segment not indexed here are found again by the general path.
        slot.bufs.seps.truncate(first);
        if last != NO_OFFSET {
            slot.mark_last();
            st.pos = pos;
            st.last_at = last;
            st.seg_start = base + start as u64;
        }
        st.scan = if to_end && !full {
            base + buf.len() as u64
        } else {
            base + start as u64
        };
    }

    fn finish_interchange(&mut self, st: &mut Inside, here: Here<'_>) -> Result<(), Error> {
        let mut sink = Sink {
            queue: &mut self.queue,
            slots: &mut self.slots,
            cur: &mut self.cur,
            gs: &mut self.gs,
            ge: &mut self.ge,
            seg: &[],
            abs: here.offset as u64,
            e: st.d.element,
            full: self.elements,
        };
        st.env.finish(here, &mut sink)?;
        self.queue.push_back(Pending::InterchangeEnd(false));
        Ok(())
    }

    /// Handles the segment from `st.seg_start` to the terminator at `p` (relative), followed
    /// by line breaks up to `q`.
    fn segment_end(&mut self, st: &mut Inside, p: usize, q: usize) -> Result<SegEnd, Error> {
        let start = self.rel(st.seg_start);
        let mut end = p;
        if st.d.segment == b'\n' && end > start && self.buf[end - 1] == b'\r' {
            let id = segment_id(&self.buf[start..end], st.d.element);
            self.tolerate(
                st,
                WarningKind::CarriageReturnBeforeTerminator,
                ErrorKind::CarriageReturnBeforeTerminator,
                self.abs(end - 1),
                Some(id),
            )?;
            end -= 1;
        }
        if end == start {
            self.tolerate(
                st,
                WarningKind::EmptySegment,
                ErrorKind::EmptySegment,
                self.abs(p),
                None,
            )?;
        } else if self.segment(st, start, end)? {
            if q > p + 1 {
                self.tolerate(
                    st,
                    WarningKind::LineBreak,
                    ErrorKind::LineBreak,
                    self.abs(p + 1),
                    None,
                )?;
            }
            self.queue.push_back(Pending::InterchangeEnd(true));
            return Ok(SegEnd::Iea(self.abs(q)));
        }
        if q > p + 1 {
            self.tolerate(
                st,
                WarningKind::LineBreak,
                ErrorKind::LineBreak,
                self.abs(p + 1),
                None,
            )?;
        }
        if is_isa_start(self.buf.get(q..).unwrap_or_default()) {
            return Ok(SegEnd::Isa(self.abs(q)));
        }
        Ok(SegEnd::Continue(self.abs(q)))
    }

    /// Records the (non-empty) segment `buf[start..end]`. Returns true when it is the IEA.
    fn segment(&mut self, st: &mut Inside, start: usize, end: usize) -> Result<bool, Error> {
        let e = st.d.element;
        let full = self.elements;
        let seg = &self.buf[start..end];
        let abs = self.base + start as u64;
        st.pos = st.pos.saturating_add(1);
        st.last_id = segment_id(seg, e);
        st.last_at = NO_OFFSET;
        if st.pos == 1 {
            return Ok(false); // the ISA
        }
        let kind = classify(seg, e);
        let oldest = if st.env.in_set() {
            self.slots[self.cur].origin
        } else {
            abs
        };
        if abs + seg.len() as u64 - oldest > self.max as u64 {
            return Err(Error::new(ErrorKind::TooLarge, off(oldest)));
        }
        if kind == EnvSeg::Other && st.env.in_set() {
            self.slots[self.cur].push(seg, abs, e, full);
            return Ok(false);
        }
        let here = Here {
            seg,
            ahead: self.buf.get(start..).unwrap_or_default(),
            pos: st.pos,
            offset: off(abs),
            seps: None,
        };
        let mut sink = Sink {
            queue: &mut self.queue,
            slots: &mut self.slots,
            cur: &mut self.cur,
            gs: &mut self.gs,
            ge: &mut self.ge,
            seg,
            abs,
            e,
            full,
        };
        let ended = st.env.segment(kind, here, &mut sink)?;
        if ended {
            self.iea.set(seg, abs, st.pos, e, full);
        }
        Ok(ended)
    }

    /// The bytes after the last terminator at the end of the input. Returns true when they
    /// are the IEA.
    fn unterminated(&mut self, st: &mut Inside) -> Result<bool, Error> {
        let start = self.rel(st.seg_start);
        let len = self.buf.len();
        if start >= len {
            return Ok(false);
        }
        let rest = &self.buf[start..];
        let trimmed = rest.len() - rest.iter().rev().take_while(|&&b| is_pad(b)).count();
        let full_len = rest.len();
        if trimmed == 0 {
            self.tolerate(
                st,
                WarningKind::TrailingWhitespace,
                ErrorKind::TrailingWhitespace,
                self.abs(start),
                None,
            )?;
            return Ok(false);
        }
        let end = start + trimmed;
        let id = segment_id(&self.buf[start..end], st.d.element);
        self.tolerate(
            st,
            WarningKind::MissingFinalTerminator,
            ErrorKind::MissingFinalTerminator,
            self.abs(len),
            Some(id),
        )?;
        if trimmed < full_len {
            self.warn(WarningKind::TrailingWhitespace, self.abs(end));
        }
        let iea = self.segment(st, start, end)?;
        if iea {
            self.queue.push_back(Pending::InterchangeEnd(true));
        }
        Ok(iea)
    }
}
