//! Borrowed views: functional groups, transaction sets, segments, elements, repetitions and
//! components. Every value is a `&'a [u8]` slice of the input.

use alloc::vec::Vec;
use core::fmt;
use core::iter::FusedIterator;

use crate::delims::Delimiters;
use crate::error::SegmentId;
use crate::parse::{Buffers, NONE, SegEntry};
use crate::scan::Pair;

/// What a view needs: the input, the index over it, and where the index sits in the
/// interchange (the stream indexes one transaction set at a time).
#[derive(Clone, Copy)]
pub(crate) struct Doc<'i, 'a> {
    pub(crate) input: &'a [u8],
    pub(crate) bufs: &'i Buffers,
    pub(crate) delims: Delimiters,
    /// Absolute offset of `input[0]`.
    pub(crate) base: usize,
    /// Interchange position of `bufs.segs[0]`, minus one.
    pub(crate) pos_base: u32,
    /// Whether element separators are indexed.
    pub(crate) full: bool,
    /// Whether element separators are indexed as bitmaps ([`Buffers::bits`]).
    pub(crate) bits: bool,
}

impl<'i, 'a> Doc<'i, 'a> {
    #[inline]
    fn seg(&self, i: u32) -> SegEntry {
        self.bufs.segs[i as usize]
    }

    /// With the element index: the offsets of segment `i`'s element separators.
    #[inline]
    fn separators_of(&self, i: u32) -> &'i [u32] {
        self.bufs.separators_of(i as usize)
    }
}

/// One segment.
///
/// Elements are numbered as in the standard: `NM103` is `element(3)`; the id is not an
/// element. `Debug` shows the id, position, offset and size, never element values.
///
/// ```
/// let input = include_bytes!("../tests/data/837p.x12");
/// let ic = x12::Interchange::parse(input)?;
/// let nm1 = ic.segments().find(|s| s.is("NM1") && s.element_raw(1) == Some(b"IL")).unwrap();
/// assert_eq!(nm1.position(), 16);                 // ISA is 1
/// assert_eq!(nm1.element_count(), 9);
/// assert_eq!(nm1.element(3).unwrap().as_str(), Some("DOE"));
/// assert!(nm1.element(6).unwrap().is_empty());     // NM106 present but empty
/// assert_eq!(&input[nm1.offset()..][..4], b"NM1*");
/// assert_eq!(format!("{nm1:?}"), "Segment { id: NM1, position: 16, offset: 575, len: 37, elements: 9 }");
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Segment<'i, 'a> {
    doc: Doc<'i, 'a>,
    index: u32,
    /// Index of the ST of the transaction set the segment was reached through, or NONE.
    set_header: u32,
}

impl fmt::Debug for Segment<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segment")
            .field("id", &self.segment_id())
            .field("position", &self.position())
            .field("offset", &self.offset())
            .field("len", &self.raw().len())
            .field("elements", &self.element_count())
            .finish()
    }
}

impl<'i, 'a> Segment<'i, 'a> {
    #[inline]
    pub(crate) fn new(doc: Doc<'i, 'a>, index: u32, set_header: u32) -> Self {
        Segment {
            doc,
            index,
            set_header,
        }
    }

    /// The segment's bytes, without its terminator.
    pub fn raw(&self) -> &'a [u8] {
        let s = self.doc.seg(self.index);
        &self.doc.input[s.start as usize..s.end as usize]
    }

    /// Byte offset of the segment in the input.
    pub fn offset(&self) -> usize {
        self.doc.base + self.doc.seg(self.index).start as usize
    }

    /// 1-based position within the interchange (`ISA` is 1).
    pub fn position(&self) -> u32 {
        self.doc.pos_base + self.index + 1
    }

    /// 1-based position within the transaction set (`ST` is 1), when the segment was reached
    /// through a [`TransactionSet`].
    pub fn transaction_position(&self) -> Option<u32> {
        (self.set_header != NONE).then(|| self.index - self.set_header + 1)
    }

    /// With the element index: the offsets of this segment's element separators.
    #[inline]
    fn separators(&self) -> &'i [u32] {
        self.doc.separators_of(self.index)
    }

    /// The element separators of segment `seg` (this one) when only segment boundaries
    /// (or separator bitmaps) are indexed.
    #[inline(never)]
    fn find_separators<'s>(&self, seg: SegEntry, scratch: &'s mut Vec<u32>) -> &'s [u32] {
        scratch.clear();
        if self.doc.bits {
            self.doc.bufs.each_bit(seg.start, seg.end, |at| {
                scratch.push(at);
                true
            });
            return scratch;
        }
        let raw = self.raw();
        scratch.extend(
            memchr::memchr_iter(self.doc.delims.element, raw).map(|i| seg.start + i as u32),
        );
        scratch
    }

    /// The segment id (the bytes before the first element separator), e.g. `b"NM1"`.
    pub fn id(&self) -> &'a [u8] {
        let seg = self.doc.seg(self.index);
        let stop = if self.doc.full {
            // The first separator of this segment, if it has one.
            self.separators().first().map_or(seg.end, |&s| s)
        } else if self.doc.bits {
            self.bits_first(seg)
        } else {
            let raw = self.raw();
            let e = self.doc.delims.element;
            // Ids are two or three bytes: look there before searching the whole segment.
            let n = match *raw {
                [a, b, s, ..] if s == e && a != e && b != e => Some(2),
                [a, b, c, s, ..] if s == e && a != e && b != e && c != e => Some(3),
                _ => memchr::memchr(e, raw),
            };
            n.map_or(seg.end, |n| seg.start + n as u32)
        };
        self.doc
            .input
            .get(seg.start as usize..stop as usize)
            .unwrap_or_default()
    }

    /// The segment id as a [`SegmentId`] (sanitised, printable).
    pub fn segment_id(&self) -> SegmentId {
        SegmentId::new(self.id())
    }

    /// The delimiters of the interchange the segment belongs to.
    pub fn delimiters(&self) -> Delimiters {
        self.doc.delims
    }

    /// Whether the segment id is `id` (e.g. `"CLM"`).
    pub fn is(&self, id: &str) -> bool {
        crate::loops::same(self.id(), id.as_bytes())
    }

    /// Number of elements (trailing empty elements, if written, count).
    pub fn element_count(&self) -> usize {
        if self.doc.full {
            self.separators().len()
        } else if self.doc.bits {
            self.bits_count()
        } else {
            memchr::memchr_iter(self.doc.delims.element, self.raw()).count()
        }
    }

    // With separator bitmaps (kept out of line: the other indexes' paths stay as small as
    // they were).

    /// The end of the id of segment `seg` (this one) from the separator bitmaps.
    #[inline(never)]
    fn bits_first(&self, seg: SegEntry) -> u32 {
        self.doc
            .bufs
            .next_bit(seg.start, seg.end)
            .unwrap_or(seg.end)
    }

    /// The number of elements from the separator bitmaps.
    #[inline(never)]
    fn bits_count(&self) -> usize {
        let seg = self.doc.seg(self.index);
        self.doc.bufs.count_bits(seg.start, seg.end)
    }

    /// The range of element `k + 1` of segment `seg` (this one) from the separator
    /// bitmaps: separator `k` (where the element starts) and the one after it, if any.
    #[inline(never)]
    fn bits_element(&self, seg: SegEntry, k: usize) -> Option<(usize, usize)> {
        let (mut i, mut start, mut end) = (0, None, seg.end);
        self.doc.bufs.each_bit(seg.start, seg.end, |at| {
            if i == k {
                start = Some(at);
            } else if i > k {
                end = at;
                return false;
            }
            i += 1;
            true
        });
        Some((start? as usize + 1, end as usize))
    }

    fn atomic(&self) -> bool {
        // ISA elements are fixed fields: ISA11 and ISA16 hold the separators themselves.
        // (Checked on the bytes: this runs for every element access.)
        let raw = self.raw();
        matches!(raw, [b'I', b'S', b'A', e, ..] if *e == self.doc.delims.element)
            || matches!(raw, [b'I', b'S', b'A'])
    }

    /// Element `n` (1-based), or `None` when the segment has fewer elements.
    pub fn element(&self, n: usize) -> Option<Element<'a>> {
        let k = n.checked_sub(1)?;
        let seg = self.doc.seg(self.index);
        let input = self.doc.input;
        let (start, end) = if self.doc.full {
            let seps = self.separators();
            let start = *seps.get(k)? as usize + 1;
            let end = seps.get(k + 1).map_or(seg.end, |&e| e) as usize;
            (start, end)
        } else if self.doc.bits {
            self.bits_element(seg, k)?
        } else {
            let raw = self.raw();
            let mut it = memchr::memchr_iter(self.doc.delims.element, raw);
            let s = it.nth(k)?;
            let e = it.next().unwrap_or(raw.len());
            (seg.start as usize + s + 1, seg.start as usize + e)
        };
        // An ISA's elements are fixed fields (see `atomic`), told apart on its first bytes.
        let st = seg.start as usize;
        let atomic = input.get(st) == Some(&b'I') && self.atomic();
        Some(Element {
            raw: input.get(start..end).unwrap_or_default(),
            offset: self.doc.base + start,
            delims: self.doc.delims,
            atomic,
        })
    }

    /// The element separators of this segment as offsets into the input (`scratch` holds
    /// them when only segment boundaries are indexed), for reading every element of a
    /// segment without one lookup per element.
    #[inline]
    pub(crate) fn parts<'s>(&self, scratch: &'s mut Vec<u32>) -> Parts32<'s, 'a>
    where
        'i: 's,
    {
        let seg = self.doc.seg(self.index);
        let seps: &'s [u32] = if self.doc.full {
            self.separators()
        } else {
            self.find_separators(seg, scratch)
        };
        Parts32 {
            input: self.doc.input,
            seps,
            start: seg.start,
            end: seg.end,
            base: self.doc.base,
        }
    }

    /// The raw bytes of element `n`, or `None` when absent.
    pub fn element_raw(&self, n: usize) -> Option<&'a [u8]> {
        self.element(n).map(|e| e.raw)
    }

    /// All elements in order, from element 1.
    ///
    /// With the element index the iterator walks the segment's indexed separators; without
    /// it, it finds each separator from the previous one (64 input bytes at a time, or from
    /// the separator bitmaps), so reading every element costs one pass over the segment.
    #[inline]
    pub fn elements(&self) -> Elements<'i, 'a> {
        let doc = &self.doc;
        let seg = doc.seg(self.index);
        // An ISA's elements are fixed fields (see `atomic`), told apart on its first bytes.
        let atomic = doc.input.get(seg.start as usize) == Some(&b'I') && self.atomic();
        let mut it = Elements {
            input: doc.input,
            bufs: doc.bufs,
            rest: [].iter(),
            start: 0,
            done: true,
            end: seg.end as usize,
            mask: 0,
            window: 0,
            scan: !doc.full,
            bits: doc.bits,
            base: doc.base,
            delims: doc.delims,
            atomic,
        };
        if doc.full {
            if let Some((&first, rest)) = self.separators().split_first() {
                (it.start, it.done) = (first as usize + 1, false);
                it.rest = rest.iter();
            }
        } else {
            it.start_scan(seg.start);
        }
        it
    }
}

/// A segment's elements by their separators (see [`Segment::parts`]).
#[derive(Clone, Copy)]
pub(crate) struct Parts32<'s, 'a> {
    input: &'a [u8],
    /// Offset of each element's separator in `input`.
    seps: &'s [u32],
    /// Offset of the segment.
    start: u32,
    /// Offset just past the segment.
    end: u32,
    /// Absolute offset of `input[0]`.
    base: usize,
}

impl<'a> Parts32<'_, 'a> {
    /// Number of elements.
    #[inline]
    pub(crate) fn count(&self) -> usize {
        self.seps.len()
    }

    /// Raw bytes and absolute offset of element `n` (1-based).
    #[inline]
    pub(crate) fn get(&self, n: usize) -> Option<(&'a [u8], usize)> {
        let i = n.checked_sub(1)?;
        let start = *self.seps.get(i)? as usize + 1;
        let stop = self.seps.get(i + 1).map_or(self.end, |&s| s) as usize;
        Some((
            self.input.get(start..stop).unwrap_or_default(),
            self.base + start,
        ))
    }

    /// The segment id (what comes before the first element separator).
    #[inline]
    pub(crate) fn id(&self) -> &'a [u8] {
        let stop = self.seps.first().map_or(self.end, |&s| s);
        self.input
            .get(self.start as usize..stop as usize)
            .unwrap_or_default()
    }

    /// The segment's bytes (terminator excluded).
    #[inline]
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.input
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// Raw bytes of every element in order, from element 1.
    #[inline]
    pub(crate) fn values(&self) -> Values<'_, 'a> {
        Values {
            input: self.input,
            seps: self.seps,
            next: 0,
            end: self.end,
        }
    }

    /// Raw bytes of element `n` (1-based).
    #[inline]
    pub(crate) fn raw(&self, n: usize) -> Option<&'a [u8]> {
        self.get(n).map(|(v, _)| v)
    }
}

/// The raw bytes of a segment's elements in order (see [`Parts32::values`]).
pub(crate) struct Values<'s, 'a> {
    input: &'a [u8],
    seps: &'s [u32],
    next: usize,
    end: u32,
}

impl<'a> Iterator for Values<'_, 'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let start = *self.seps.get(self.next)? as usize + 1;
        self.next += 1;
        let stop = self.seps.get(self.next).copied().unwrap_or(self.end) as usize;
        Some(self.input.get(start..stop).unwrap_or_default())
    }
}

/// Iterator over a segment's elements.
#[derive(Clone)]
pub struct Elements<'i, 'a> {
    input: &'a [u8],
    bufs: &'i Buffers,
    /// With the element index: the separators after `start` (empty otherwise).
    rest: core::slice::Iter<'i, u32>,
    /// Where the next element starts.
    start: usize,
    /// Whether every element was read.
    done: bool,
    /// The end of the segment.
    end: usize,
    /// Without the element index: the separators not read yet in the 64 bytes from `window`
    /// (bit `i` for the byte at `window + i`; bits past the segment may be set).
    mask: u64,
    window: usize,
    /// Whether separators are found as the iterator goes (no element index).
    scan: bool,
    /// Whether they are found from the separator bitmaps.
    bits: bool,
    /// Absolute offset of `input[0]`.
    base: usize,
    delims: Delimiters,
    /// Whether the segment is an ISA (see [`Segment::element`]).
    atomic: bool,
}

impl fmt::Debug for Elements<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Elements")
            .field("remaining", &self.remaining())
            .finish()
    }
}

/// Without the element index: the bitmap of element separators in the 64 bytes from `at`
/// (bit `i` for the byte at `at + i`), read from the input or, with `bits`, from the
/// separator bitmaps (`at` is then a multiple of 64 from their origin).
#[inline(always)]
fn window_at(input: &[u8], bufs: &Buffers, bits: bool, e: u8, at: usize) -> u64 {
    if bits {
        let j = (at - bufs.bits_origin.min(at)) / 64;
        return bufs.bits.get(j).copied().unwrap_or(0);
    }
    let rest = input.get(at..).unwrap_or_default();
    match rest.first_chunk::<64>() {
        Some(c) => Pair::new(e, e).mask64(c),
        // The last bytes of the input.
        None => rest
            .iter()
            .enumerate()
            .fold(0, |m, (i, &b)| m | u64::from(b == e) << (i % 64)),
    }
}

/// Without the element index: the first window of the segment starting at `start`, bits
/// before it cleared (see [`window_at`]), and where it starts.
#[inline(never)]
fn first_window(input: &[u8], bufs: &Buffers, bits: bool, e: u8, start: u32) -> (u64, usize) {
    let start = start as usize;
    if !bits {
        return (window_at(input, bufs, bits, e, start), start);
    }
    let Some(from) = start.checked_sub(bufs.bits_origin) else {
        return (0, start); // never: the bitmaps cover the whole interchange
    };
    let mask = bufs.bits.get(from / 64).copied().unwrap_or(0) & (u64::MAX << (from % 64));
    (mask, start - from % 64)
}

/// Without the element index: the windows after the one at `window` up to the first with a
/// separator (`(0, window)` when none is left before `end`).
#[inline(never)]
fn next_window(
    input: &[u8],
    bufs: &Buffers,
    bits: bool,
    e: u8,
    mut window: usize,
    end: usize,
) -> (u64, usize) {
    loop {
        let next = window + 64;
        if next >= end {
            return (0, window);
        }
        window = next;
        let mask = window_at(input, bufs, bits, e, window);
        if mask != 0 {
            return (mask, window);
        }
    }
}

impl Elements<'_, '_> {
    /// Without the element index: starts at the segment start (`start`) and finds the
    /// separator after the id.
    #[inline(always)]
    fn start_scan(&mut self, start: u32) {
        let e = self.delims.element;
        (self.mask, self.window) = first_window(self.input, self.bufs, self.bits, e, start);
        if let Some(p) = self.pop() {
            (self.start, self.done) = (p + 1, false);
        }
    }

    /// Without the element index: the next separator of the segment, if any.
    #[inline(always)]
    fn pop(&mut self) -> Option<usize> {
        if self.mask == 0 {
            if self.window + 64 >= self.end {
                return None; // (what `next_window` would find, without the call)
            }
            let e = self.delims.element;
            (self.mask, self.window) =
                next_window(self.input, self.bufs, self.bits, e, self.window, self.end);
            if self.mask == 0 {
                return None;
            }
        }
        let p = self.window + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        (p < self.end).then_some(p)
    }

    /// Number of elements not read yet.
    fn remaining(&self) -> usize {
        if self.done {
            return 0;
        }
        1 + if !self.scan {
            self.rest.len()
        } else if self.bits {
            self.bufs.count_bits(self.start as u32, self.end as u32)
        } else {
            let rest = self.input.get(self.start..self.end);
            memchr::memchr_iter(self.delims.element, rest.unwrap_or_default()).count()
        }
    }
}

impl<'a> Iterator for Elements<'_, 'a> {
    type Item = Element<'a>;

    #[inline]
    fn next(&mut self) -> Option<Element<'a>> {
        if self.done {
            return None;
        }
        let start = self.start;
        let end = match self.rest.next() {
            Some(&s) => s as usize,
            None => match if self.scan { self.pop() } else { None } {
                Some(s) => s,
                None => {
                    self.done = true;
                    self.end
                }
            },
        };
        self.start = end + 1;
        Some(Element {
            raw: self.input.get(start..end).unwrap_or_default(),
            offset: self.base + start,
            delims: self.delims,
            atomic: self.atomic,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Elements<'_, '_> {}
impl FusedIterator for Elements<'_, '_> {}

/// Iterator over segments: all of an interchange, a group's or a transaction set's.
#[derive(Clone)]
pub struct Segments<'i, 'a> {
    doc: Doc<'i, 'a>,
    next: u32,
    end: u32,
    set_header: u32,
}

impl fmt::Debug for Segments<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segments")
            .field("remaining", &(self.end - self.next))
            .finish()
    }
}

impl<'i, 'a> Segments<'i, 'a> {
    pub(crate) fn new(doc: Doc<'i, 'a>, from: u32, end: u32, set_header: u32) -> Self {
        Segments {
            doc,
            next: from,
            end: end.max(from),
            set_header,
        }
    }
}

impl<'i, 'a> Iterator for Segments<'i, 'a> {
    type Item = Segment<'i, 'a>;

    #[inline]
    fn next(&mut self) -> Option<Segment<'i, 'a>> {
        if self.next >= self.end {
            return None;
        }
        let s = Segment::new(self.doc, self.next, self.set_header);
        self.next += 1;
        Some(s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.end - self.next) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Segments<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        Some(Segment::new(self.doc, self.end, self.set_header))
    }
}

impl ExactSizeIterator for Segments<'_, '_> {}
impl FusedIterator for Segments<'_, '_> {}

/// One element: a simple value, or repetitions of components.
///
/// ```
/// let input = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*000000001*0*P*:~\
/// GS*HB*A*B*20261124*0830*1*X*005010X279A1~ST*271*0001*005010X279A1~\
/// EB*1*IND*30^1^35**GOLD PLAN~HI*ABK:J459*ABF:R05~SE*4*0001~GE*1*1~IEA*1*000000001~";
/// let ic = x12::Interchange::parse(input)?;
/// let ts = ic.transaction_set(0).unwrap();
/// let eb03 = ts.segment(1).unwrap().element(3).unwrap();
/// let codes: Vec<&[u8]> = eb03.repetitions().map(|r| r.raw()).collect();
/// assert_eq!(codes, [&b"30"[..], b"1", b"35"]);
/// let hi = ts.segment(2).unwrap();
/// assert_eq!(hi.element(1).unwrap().component(2), Some(&b"J459"[..]));
/// assert_eq!(hi.element(2).unwrap().components().collect::<Vec<_>>(), [&b"ABF"[..], b"R05"]);
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Element<'a> {
    raw: &'a [u8],
    offset: usize,
    delims: Delimiters,
    atomic: bool,
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("offset", &self.offset)
            .field("len", &self.raw.len())
            .finish()
    }
}

impl<'a> Element<'a> {
    /// The element's bytes, all repetitions and components included.
    #[inline]
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The bytes as text, when they are valid UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.raw).ok()
    }

    /// Byte offset of the element in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether the element is present but empty.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The repetitions (one, when the element does not repeat or the interchange has no
    /// repetition separator).
    pub fn repetitions(&self) -> Repetitions<'a> {
        let sep = if self.atomic {
            None
        } else {
            self.delims.repetition
        };
        Repetitions {
            parts: Parts::new(self.raw, self.offset, sep),
            component: (!self.atomic).then_some(self.delims.component),
        }
    }

    /// Repetition `n` (1-based).
    pub fn repetition(&self, n: usize) -> Option<Repetition<'a>> {
        self.repetitions().nth(n.checked_sub(1)?)
    }

    /// The components of the first repetition.
    pub fn components(&self) -> Components<'a> {
        self.first().components()
    }

    /// Component `n` (1-based) of the first repetition.
    pub fn component(&self, n: usize) -> Option<&'a [u8]> {
        self.first().component(n)
    }

    fn first(&self) -> Repetition<'a> {
        self.repetitions().next().unwrap_or(Repetition {
            raw: self.raw,
            offset: self.offset,
            component: None,
        })
    }
}

/// One repetition of an element.
#[derive(Clone, Copy)]
pub struct Repetition<'a> {
    raw: &'a [u8],
    offset: usize,
    component: Option<u8>,
}

impl fmt::Debug for Repetition<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Repetition")
            .field("offset", &self.offset)
            .field("len", &self.raw.len())
            .finish()
    }
}

impl<'a> Repetition<'a> {
    /// The repetition's bytes, components included.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Byte offset of the repetition in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The components (one, for a simple value).
    pub fn components(&self) -> Components<'a> {
        Components(Parts::new(self.raw, self.offset, self.component))
    }

    /// Component `n` (1-based).
    pub fn component(&self, n: usize) -> Option<&'a [u8]> {
        self.components().nth(n.checked_sub(1)?)
    }
}

/// Splits a value on an optional separator.
#[derive(Clone)]
struct Parts<'a> {
    rest: &'a [u8],
    offset: usize,
    sep: Option<u8>,
    done: bool,
}

impl<'a> Parts<'a> {
    fn new(raw: &'a [u8], offset: usize, sep: Option<u8>) -> Self {
        Parts {
            rest: raw,
            offset,
            sep,
            done: false,
        }
    }

    fn next_part(&mut self) -> Option<(&'a [u8], usize)> {
        if self.done {
            return None;
        }
        let at = self.offset;
        match self.sep.and_then(|s| memchr::memchr(s, self.rest)) {
            Some(i) => {
                let part = &self.rest[..i];
                self.rest = &self.rest[i + 1..];
                self.offset += i + 1;
                Some((part, at))
            }
            None => {
                self.done = true;
                Some((self.rest, at))
            }
        }
    }
}

/// Iterator over an element's repetitions.
#[derive(Clone)]
pub struct Repetitions<'a> {
    parts: Parts<'a>,
    component: Option<u8>,
}

impl fmt::Debug for Repetitions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Repetitions")
            .field("offset", &self.parts.offset)
            .finish()
    }
}

impl<'a> Iterator for Repetitions<'a> {
    type Item = Repetition<'a>;

    fn next(&mut self) -> Option<Repetition<'a>> {
        let (raw, offset) = self.parts.next_part()?;
        Some(Repetition {
            raw,
            offset,
            component: self.component,
        })
    }
}

impl FusedIterator for Repetitions<'_> {}

/// Iterator over the components of a repetition, as raw bytes.
#[derive(Clone)]
pub struct Components<'a>(Parts<'a>);

impl fmt::Debug for Components<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Components")
            .field("offset", &self.0.offset)
            .finish()
    }
}

impl<'a> Iterator for Components<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.0.next_part().map(|(p, _)| p)
    }
}

impl FusedIterator for Components<'_> {}

/// One functional group (GS … GE).
#[derive(Clone, Copy)]
pub struct FunctionalGroup<'i, 'a> {
    doc: Doc<'i, 'a>,
    index: u32,
}

impl fmt::Debug for FunctionalGroup<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionalGroup")
            .field("index", &self.index)
            .field("position", &self.header().position())
            .field("segments", &self.segments().len())
            .field("transaction_sets", &self.transaction_set_count())
            .field("has_trailer", &self.trailer().is_some())
            .finish()
    }
}

impl<'i, 'a> FunctionalGroup<'i, 'a> {
    pub(crate) fn new(doc: Doc<'i, 'a>, index: u32) -> Self {
        FunctionalGroup { doc, index }
    }

    fn entry(&self) -> crate::parse::GroupEntry {
        self.doc.bufs.groups[self.index as usize]
    }

    /// 0-based index of the group within the interchange.
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// The GS segment.
    pub fn header(&self) -> Segment<'i, 'a> {
        Segment::new(self.doc, self.entry().header, NONE)
    }

    /// The GE segment, if the group has one.
    pub fn trailer(&self) -> Option<Segment<'i, 'a>> {
        let t = self.entry().trailer;
        (t != NONE).then(|| Segment::new(self.doc, t, NONE))
    }

    fn gs(&self, n: usize) -> &'a [u8] {
        self.header().element_raw(n).unwrap_or_default()
    }

    /// GS01, the functional identifier code (`HC` for 837, `HP` for 835, `FA` for 999…).
    pub fn functional_id(&self) -> &'a [u8] {
        self.gs(1)
    }

    /// GS06, the group control number.
    pub fn control_number(&self) -> &'a [u8] {
        self.gs(6)
    }

    /// GS08, the version / release / industry identifier code (`005010X222A1`).
    pub fn version(&self) -> &'a [u8] {
        self.gs(8)
    }

    /// All segments of the group, GS to GE (or to its last segment).
    pub fn segments(&self) -> Segments<'i, 'a> {
        let e = self.entry();
        Segments::new(self.doc, e.header, e.last + 1, NONE)
    }

    /// Number of transaction sets in the group.
    pub fn transaction_set_count(&self) -> usize {
        let e = self.entry();
        (e.end_set - e.first_set) as usize
    }

    /// The group's transaction sets in order. The iterator borrows the interchange, not this
    /// view.
    ///
    /// ```
    /// let input = include_bytes!("../tests/data/835.x12");
    /// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
    /// let sets = ic.group(0).unwrap().transaction_sets(); // the group view is a temporary
    /// assert_eq!(sets.map(|t| t.id()).collect::<Vec<_>>(), [b"835"]);
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn transaction_sets(
        &self,
    ) -> impl ExactSizeIterator<Item = TransactionSet<'i, 'a>> + use<'i, 'a> {
        let e = self.entry();
        let doc = self.doc;
        (e.first_set..e.end_set).map(move |i| TransactionSet::new(doc, i))
    }

    /// The bytes from the GS to the end of its last segment (terminator excluded).
    pub fn raw(&self) -> &'a [u8] {
        let e = self.entry();
        let b = self.doc.bufs;
        let (s, t) = (b.segs[e.header as usize].start, b.segs[e.last as usize].end);
        &self.doc.input[s as usize..t as usize]
    }
}

/// One transaction set (ST … SE).
///
/// Its segments are numbered from ST = 1 by [`Segment::transaction_position`], as SE01 counts
/// them and a 999's IK302 reports them.
///
/// ```
/// let input = include_bytes!("../tests/data/835.x12");
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let remit = ic.transaction_set(0).unwrap();
/// assert_eq!((remit.id(), remit.control_number()), (&b"835"[..], &b"35001"[..]));
/// assert_eq!(remit.implementation_reference(), Some(&b"005010X221A1"[..]));
/// let paid: Vec<&[u8]> = remit
///     .segments()
///     .filter(|s| s.is("CLP"))
///     .map(|s| s.element_raw(4).unwrap())
///     .collect();
/// assert_eq!(paid, [&b"180"[..], b"250", b"0"]);
/// let se = remit.trailer().unwrap();
/// assert_eq!(se.transaction_position(), Some(remit.segment_count() as u32));
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct TransactionSet<'i, 'a> {
    doc: Doc<'i, 'a>,
    index: u32,
}

impl fmt::Debug for TransactionSet<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionSet")
            .field("number", &self.number())
            .field("id", &SegmentId::new(self.id()))
            .field("position", &self.header().position())
            .field("segments", &self.segment_count())
            .field("has_trailer", &self.trailer().is_some())
            .finish()
    }
}

impl<'i, 'a> TransactionSet<'i, 'a> {
    pub(crate) fn new(doc: Doc<'i, 'a>, index: u32) -> Self {
        TransactionSet { doc, index }
    }

    fn entry(&self) -> crate::parse::SetEntry {
        self.doc.bufs.sets[self.index as usize]
    }

    /// 0-based index of the transaction set within its interchange.
    pub fn number(&self) -> usize {
        self.entry().number as usize
    }

    /// 0-based index of its functional group, or `None` when it is outside any group.
    pub fn group_index(&self) -> Option<usize> {
        let g = self.entry().group;
        (g != NONE).then_some(g as usize)
    }

    /// The ST segment.
    pub fn header(&self) -> Segment<'i, 'a> {
        let h = self.entry().header;
        Segment::new(self.doc, h, h)
    }

    /// The SE segment, if the set has one.
    pub fn trailer(&self) -> Option<Segment<'i, 'a>> {
        let e = self.entry();
        (e.trailer != NONE).then(|| Segment::new(self.doc, e.trailer, e.header))
    }

    fn st(&self, n: usize) -> Option<&'a [u8]> {
        self.header().element_raw(n)
    }

    /// ST01, the transaction set identifier code (`837`, `835`, `270`…).
    pub fn id(&self) -> &'a [u8] {
        self.st(1).unwrap_or_default()
    }

    /// ST02, the transaction set control number.
    pub fn control_number(&self) -> &'a [u8] {
        self.st(2).unwrap_or_default()
    }

    /// ST03, the implementation convention reference (`005010X222A1`), when present.
    pub fn implementation_reference(&self) -> Option<&'a [u8]> {
        self.st(3).filter(|v| !v.is_empty())
    }

    /// Number of segments, ST and SE included.
    pub fn segment_count(&self) -> usize {
        let e = self.entry();
        (e.last - e.header + 1) as usize
    }

    /// The segment at 0-based `index` within the set (the ST is 0; its transaction position
    /// is `index + 1`).
    pub fn segment(&self, index: usize) -> Option<Segment<'i, 'a>> {
        let e = self.entry();
        (index < self.segment_count())
            .then(|| Segment::new(self.doc, e.header + index as u32, e.header))
    }

    /// All segments in order, ST to SE.
    pub fn segments(&self) -> Segments<'i, 'a> {
        let e = self.entry();
        Segments::new(self.doc, e.header, e.last + 1, e.header)
    }

    /// The bytes from the ST to the end of its last segment (terminator excluded).
    pub fn raw(&self) -> &'a [u8] {
        let e = self.entry();
        let b = self.doc.bufs;
        let (s, t) = (b.segs[e.header as usize].start, b.segs[e.last as usize].end);
        &self.doc.input[s as usize..t as usize]
    }

    /// Byte offset of the ST in the input.
    pub fn offset(&self) -> usize {
        self.header().offset()
    }

    /// The functional group holding the set, when it is in one.
    pub fn group(&self) -> Option<FunctionalGroup<'i, 'a>> {
        let g = self.entry().group;
        (g != NONE && (g as usize) < self.doc.bufs.groups.len())
            .then(|| FunctionalGroup::new(self.doc, g))
    }

    /// Segments `from..end` (0-based within the set), clamped to the set.
    pub(crate) fn segment_range(&self, from: usize, end: usize) -> Segments<'i, 'a> {
        let e = self.entry();
        let n = self.segment_count();
        let (from, end) = (from.min(n) as u32, end.min(n) as u32);
        Segments::new(self.doc, e.header + from, e.header + end, e.header)
    }
}
