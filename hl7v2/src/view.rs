//! Borrowed views: segments and values (fields, repetitions, components, subcomponents).

use alloc::borrow::Cow;
use core::fmt;

use crate::error::Error;
use crate::escape::{self, DecodeOptions};
use crate::message::{IndexDepth, Message, is_header_segment};
use crate::time::Timestamp;

/// One segment of a [`Message`].
#[derive(Clone, Copy)]
pub struct Segment<'m, 'a> {
    msg: &'m Message<'a>,
    index: usize,
    start: usize,
    end: usize,
    /// Whether this is a header segment (`MSH`, `FHS`, `BHS`), whose first two fields are
    /// the delimiters.
    header: bool,
    /// Range of this segment's entries in the field table (full index only).
    entries: (u32, u32),
}

impl fmt::Debug for Segment<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.id_array().map(char::from);
        f.debug_struct("Segment")
            .field("id", &format_args!("{a}{b}{c}"))
            .field("number", &(self.index + 1))
            .field("offset", &self.start)
            .field("len", &(self.end - self.start))
            .field("fields", &self.field_count())
            .finish()
    }
}

impl<'m, 'a> Segment<'m, 'a> {
    pub(crate) fn new(msg: &'m Message<'a>, index: usize) -> Self {
        let s = msg.bufs.segs[index];
        let (start, end) = (s[0] as usize, s[1] as usize);
        let raw = msg.input.get(start..end).unwrap_or_default();
        Segment {
            msg,
            index,
            start,
            end,
            header: is_header_segment(raw, msg.delims.field),
            entries: (s[2], Self::entries_end(msg, index).max(s[2])),
        }
    }

    /// Where the field-table entries of segment `index` end (full index only).
    fn entries_end(msg: &Message<'_>, index: usize) -> u32 {
        match msg.bufs.segs.get(index + 1) {
            Some(n) => n[2],
            None => msg.bufs.fields.len() as u32,
        }
    }

    /// The segment's raw bytes, without its terminator.
    pub fn raw(&self) -> &'a [u8] {
        &self.msg.input[self.start..self.end]
    }

    /// Byte offset of the segment in the input.
    pub fn offset(&self) -> usize {
        self.start
    }

    /// 0-based position of the segment in the message.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The segment id (the bytes before the first field separator), e.g. `b"PID"`.
    pub fn id(&self) -> &'a [u8] {
        let raw = self.raw();
        let n = raw
            .iter()
            .take(4)
            .position(|&b| b == self.msg.delims.field)
            .unwrap_or_else(|| memchr::memchr(self.msg.delims.field, raw).unwrap_or(raw.len()));
        &raw[..n]
    }

    /// The segment id as text, when it is ASCII.
    pub fn id_str(&self) -> Option<&'a str> {
        let id = self.id();
        if id.is_ascii() {
            core::str::from_utf8(id).ok()
        } else {
            None
        }
    }

    pub(crate) fn id_array(&self) -> [u8; 3] {
        crate::error::sanitize_id(self.id())
    }

    fn is_header(&self) -> bool {
        self.header
    }

    /// Index just past this segment's entries in the marks table (full index only).
    fn marks_end(&self) -> usize {
        let b = &self.msg.bufs;
        match b.segs.get(self.index + 1) {
            Some(n) => n[3] as usize,
            None => b.marks.len(),
        }
    }

    /// Range of this segment's entries in the field table (full index only). Entries after
    /// the segment end belong to no segment (cannot happen for indexed input, but the range
    /// is never reversed).
    fn field_entries(&self) -> (usize, usize) {
        (self.entries.0 as usize, self.entries.1 as usize)
    }

    /// Number of fields, numbered as HL7 does: for `MSH`, MSH-1 is the field separator and
    /// MSH-2 the encoding characters. Trailing empty fields count.
    pub fn field_count(&self) -> usize {
        let seps = match self.msg.opts.depth {
            IndexDepth::Full => {
                let (a, b) = self.field_entries();
                b - a
            }
            IndexDepth::Segments => {
                let raw = self.raw();
                if self.is_header() {
                    let (enc_end, _) = self.header_enc_end();
                    1 + memchr::memchr_iter(self.msg.delims.field, &raw[enc_end..]).count()
                } else {
                    memchr::memchr_iter(self.msg.delims.field, raw).count()
                }
            }
        };
        if self.is_header() { seps + 1 } else { seps }
    }

    /// Offset (within the segment) just past MSH-2, and MSH-2's start.
    fn header_enc_end(&self) -> (usize, usize) {
        let raw = self.raw();
        let f = self.msg.delims.field;
        let enc = &raw[4.min(raw.len())..];
        (4 + enc.iter().position(|&b| b == f).unwrap_or(enc.len()), 4)
    }

    /// Field `n` (1-based, HL7 numbering), or `None` when the segment has fewer fields.
    /// Field 0 (the segment id) is not a field: use [`Segment::id`].
    pub fn field(&self, n: usize) -> Option<Value<'m, 'a>> {
        let mut v = self.field_inner(n)?;
        v.segment = self.index as u32;
        v.field = n as u32;
        Some(v)
    }

    fn field_inner(&self, n: usize) -> Option<Value<'m, 'a>> {
        if n == 0 {
            return None;
        }
        let header = self.is_header();
        if header && n == 1 {
            return Some(Value::atomic(self.msg, self.start + 3, self.start + 4));
        }
        let k = if header { n - 2 } else { n - 1 };
        match self.msg.opts.depth {
            IndexDepth::Full => {
                let (a, b) = self.field_entries();
                let i = a.checked_add(k).filter(|&i| i < b)?;
                let fields = self.msg.bufs.fields();
                let &[start, hint] = fields.get(i)?;
                let start = start as usize;
                let next = fields.get(i + 1).filter(|_| i + 1 < b);
                let end = match next {
                    Some(&[n, _]) => n as usize - 1,
                    None => self.end,
                };
                if header && k == 0 {
                    return Some(Value::atomic(self.msg, start, end));
                }
                // The field's marks: from the first one at or after its start (a short step
                // from the hint) to the first one at or after its end (the next field's
                // first, found the same way; for the last field, the segment's last).
                let marks = &self.msg.bufs.marks;
                let first_from = |from: usize, at: usize| {
                    let mut j = from;
                    while marks.get(j).is_some_and(|&m| (m as usize) < at) {
                        j += 1;
                    }
                    j
                };
                let m0 = first_from(hint as usize, start);
                let m1 = match next {
                    Some(&[_, h]) => first_from((h as usize).max(m0), end),
                    None => self.marks_end(),
                };
                let ms = marks.get(m0..m1.max(m0)).unwrap_or_default();
                Some(Value::indexed(self.msg, start, end, ms))
            }
            IndexDepth::Segments => {
                let raw = self.raw();
                let f = self.msg.delims.field;
                let (from, k) = if header {
                    let (enc_end, enc_start) = self.header_enc_end();
                    if k == 0 {
                        return Some(Value::atomic(
                            self.msg,
                            self.start + enc_start,
                            self.start + enc_end,
                        ));
                    }
                    (enc_end, k - 1)
                } else {
                    let first = memchr::memchr(f, raw)?;
                    (first, k)
                };
                // `from` is the offset of the separator before field k (counting from 0).
                let mut sep = from;
                for _ in 0..k {
                    sep += 1 + memchr::memchr(f, raw.get(sep + 1..)?)?;
                }
                if raw.get(sep) != Some(&f) {
                    return None;
                }
                let start = sep + 1;
                let end = memchr::memchr(f, &raw[start..]).map_or(raw.len(), |e| start + e);
                Some(Value::scan(self.msg, self.start + start, self.start + end))
            }
        }
    }

    /// The raw bytes of field `n` (as [`Segment::field`] numbers them; escapes not decoded),
    /// without making a [`Value`]: for callers that only look at the bytes (whether a field
    /// is empty, say), which with the full index costs one table read.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||7^^^H~8||DOE\r")?;
    /// let pid = msg.segment(1).unwrap();
    /// assert_eq!(pid.field_raw(3), Some(&b"7^^^H~8"[..]));
    /// assert_eq!(pid.field_raw(4), Some(&b""[..]));
    /// assert_eq!(pid.field_raw(6), None);
    /// assert_eq!(msg.segment(0).unwrap().field_raw(2), Some(&b"^~\\&"[..]));
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn field_raw(&self, n: usize) -> Option<&'a [u8]> {
        let first = if self.header { 3 } else { 1 };
        if self.msg.opts.depth == IndexDepth::Full && n >= first {
            let (a, b) = self.field_entries();
            let i = a.checked_add(n - first + usize::from(self.header))?;
            if i >= b {
                return None;
            }
            let fields = self.msg.bufs.fields();
            let start = fields.get(i)?[0] as usize;
            let end = match fields.get(i + 1).filter(|_| i + 1 < b) {
                Some(&[next, _]) => next as usize - 1,
                None => self.end,
            };
            return self.msg.input.get(start..end);
        }
        self.field(n).map(|v| v.raw())
    }

    /// The raw bytes of all fields (escapes not decoded), from field 1 (MSH-1 for headers)
    /// to the last, in one pass and without making [`Value`]s: the bytes
    /// [`Segment::fields`] would give, for callers that only look at the bytes.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||7^^^H~8||DOE\r")?;
    /// let pid: Vec<&[u8]> = msg.segment(1).unwrap().raw_fields().collect();
    /// assert_eq!(pid, [&b"1"[..], b"", b"7^^^H~8", b"", b"DOE"]);
    /// let msh: Vec<&[u8]> = msg.segment(0).unwrap().raw_fields().collect();
    /// assert_eq!(msh, [&b"|"[..], b"^~\\&", b"A"]);
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn raw_fields(&self) -> RawFields<'m, 'a> {
        let inner = match self.msg.opts.depth {
            IndexDepth::Full => {
                let (next, last) = self.field_entries();
                let first = if self.header {
                    self.msg.input.get(self.start + 3..self.start + 4)
                } else {
                    None
                };
                RawInner::Table {
                    msg: self.msg,
                    first,
                    next,
                    last,
                    end: self.end,
                }
            }
            IndexDepth::Segments => RawInner::Scan(self.fields()),
        };
        RawFields { inner }
    }

    /// All fields, from field 1 (MSH-1 for headers) to the last, in one pass.
    pub fn fields(&self) -> Fields<'m, 'a> {
        let raw = self.raw();
        let f = self.msg.delims.field;
        let pos = if self.is_header() {
            0
        } else {
            memchr::memchr(f, raw).map_or(raw.len(), |i| i + 1)
        };
        Fields {
            seg: *self,
            n: 1,
            count: self.field_count(),
            pos,
        }
    }
}

/// Iterator over a segment's fields (see [`Segment::fields`]).
#[derive(Clone)]
pub struct Fields<'m, 'a> {
    seg: Segment<'m, 'a>,
    n: usize,
    count: usize,
    /// Segments-only index: offset (within the segment) where field `n` starts.
    pos: usize,
}

impl<'m, 'a> Iterator for Fields<'m, 'a> {
    type Item = Value<'m, 'a>;

    fn next(&mut self) -> Option<Value<'m, 'a>> {
        if self.n > self.count {
            return None;
        }
        let n = self.n;
        self.n += 1;
        let seg = &self.seg;
        if seg.msg.opts.depth == IndexDepth::Full || (seg.is_header() && n <= 2) {
            if n == 2 {
                self.pos = seg.header_enc_end().0 + 1;
            }
            return seg.field(n);
        }
        // Segments-only index: walk forward instead of rescanning from the start.
        let raw = seg.raw();
        let start = self.pos.min(raw.len());
        let end =
            memchr::memchr(seg.msg.delims.field, &raw[start..]).map_or(raw.len(), |e| start + e);
        self.pos = end + 1;
        let mut v = Value::scan(seg.msg, seg.start + start, seg.start + end);
        v.segment = seg.index as u32;
        v.field = n as u32;
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.count + 1).saturating_sub(self.n);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Fields<'_, '_> {}

/// Iterator over the raw bytes of a segment's fields (see [`Segment::raw_fields`]).
#[derive(Clone)]
pub struct RawFields<'m, 'a> {
    inner: RawInner<'m, 'a>,
}

#[derive(Clone)]
enum RawInner<'m, 'a> {
    /// Full index: entries `next..last` of the field table; `first` is MSH-1 of a header
    /// (not in the table), `end` the segment end.
    Table {
        msg: &'m Message<'a>,
        first: Option<&'a [u8]>,
        next: usize,
        last: usize,
        end: usize,
    },
    /// Segments-only index: the fields as views.
    Scan(Fields<'m, 'a>),
}

impl<'a> Iterator for RawFields<'_, 'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        match &mut self.inner {
            RawInner::Table {
                msg,
                first,
                next,
                last,
                end,
            } => {
                if let Some(f) = first.take() {
                    return Some(f);
                }
                if *next >= *last {
                    return None;
                }
                let fields = msg.bufs.fields();
                let i = *next;
                *next += 1;
                let start = fields.get(i)?[0] as usize;
                let stop = match fields.get(i + 1).filter(|_| i + 1 < *last) {
                    Some(&[n, _]) => n as usize - 1,
                    None => *end,
                };
                msg.input.get(start..stop)
            }
            RawInner::Scan(f) => f.next().map(|v| v.raw()),
        }
    }

    /// Skips `n` fields without reading them (with the full index).
    fn nth(&mut self, n: usize) -> Option<&'a [u8]> {
        if let RawInner::Table { first, next, .. } = &mut self.inner {
            let mut n = n;
            if n > 0 && first.take().is_some() {
                n -= 1;
            }
            *next = next.saturating_add(n);
        } else {
            for _ in 0..n {
                self.next()?;
            }
        }
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            RawInner::Table {
                first, next, last, ..
            } => {
                let n = last.saturating_sub(*next) + usize::from(first.is_some());
                (n, Some(n))
            }
            RawInner::Scan(f) => f.size_hint(),
        }
    }
}

impl ExactSizeIterator for RawFields<'_, '_> {}

/// Iterator over a message's segments.
#[derive(Clone)]
pub struct Segments<'m, 'a> {
    msg: &'m Message<'a>,
    next: usize,
}

impl<'m, 'a> Segments<'m, 'a> {
    pub(crate) fn new(msg: &'m Message<'a>) -> Self {
        Segments { msg, next: 0 }
    }
}

impl<'m, 'a> Iterator for Segments<'m, 'a> {
    type Item = Segment<'m, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.msg.segment(self.next)?;
        self.next += 1;
        Some(s)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.msg.segment_count().saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Segments<'_, '_> {}

/// The structural level of a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A whole field, with all its repetitions.
    Field,
    /// One repetition of a field.
    Repetition,
    /// One component.
    Component,
    /// One subcomponent.
    Subcomponent,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Sub-boundaries are listed in `marks`.
    Indexed,
    /// Sub-boundaries are found by scanning the bytes.
    Scan,
    /// No sub-structure (MSH-1, MSH-2).
    Atomic,
}

/// A borrowed value at any level: field, repetition, component or subcomponent.
///
/// Navigation follows HL7 path semantics: [`Value::component`] on a field looks in its first
/// repetition, and asking a value for part 1 of a level it has no separators for returns the
/// value itself (`PID-3.1.1` of `123` is `123`).
#[derive(Clone, Copy)]
pub struct Value<'m, 'a> {
    msg: &'m Message<'a>,
    start: u32,
    end: u32,
    marks: &'m [u32],
    kind: Kind,
    level: Level,
    /// 0-based segment index and HL7 field number, for error locations.
    segment: u32,
    field: u32,
}

impl fmt::Debug for Value<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Value")
            .field("level", &self.level)
            .field("offset", &self.start)
            .field("len", &(self.end - self.start))
            .finish()
    }
}

impl<'m, 'a> Value<'m, 'a> {
    fn atomic(msg: &'m Message<'a>, start: usize, end: usize) -> Self {
        Value {
            msg,
            start: start as u32,
            end: end as u32,
            marks: &[],
            kind: Kind::Atomic,
            level: Level::Field,
            segment: 0,
            field: 0,
        }
    }

    fn indexed(msg: &'m Message<'a>, start: usize, end: usize, marks: &'m [u32]) -> Self {
        Value {
            msg,
            start: start as u32,
            end: end as u32,
            marks,
            kind: Kind::Indexed,
            level: Level::Field,
            segment: 0,
            field: 0,
        }
    }

    fn scan(msg: &'m Message<'a>, start: usize, end: usize) -> Self {
        Value {
            msg,
            start: start as u32,
            end: end as u32,
            marks: &[],
            kind: Kind::Scan,
            level: Level::Field,
            segment: 0,
            field: 0,
        }
    }

    /// The level of this value.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The raw bytes (escape sequences not decoded).
    pub fn raw(&self) -> &'a [u8] {
        &self.msg.input[self.start as usize..self.end as usize]
    }

    /// Byte offset of the value in the input.
    pub fn offset(&self) -> usize {
        self.start as usize
    }

    /// The raw bytes (escape sequences not decoded, no character set applied) as `str`, when
    /// they are UTF-8. With the `std` feature a message whose whole input is UTF-8 (see
    /// [`Message::input_str`]) answers by slicing, without checking each value again.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||7^^^H\\T\\1||M\xfcller\r")?;
    /// assert_eq!(msg.get("PID-3.4")?.unwrap().raw_str(), Some("H\\T\\1"));
    /// assert_eq!(msg.get("PID-5")?.unwrap().raw_str(), None);
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn raw_str(&self) -> Option<&'a str> {
        #[cfg(feature = "std")]
        if let Some(s) = self
            .msg
            .input_str()
            .and_then(|t| t.get(self.start as usize..self.end as usize))
        {
            return Some(s);
        }
        core::str::from_utf8(self.raw()).ok()
    }

    /// Whether the value is present but empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the value is the explicit HL7 null `""` (delete the value in the receiver).
    pub fn is_null(&self) -> bool {
        self.raw() == b"\"\""
    }

    fn parts(&self, delim: Option<u8>, level: Level) -> Parts<'m, 'a> {
        Parts {
            base: *self,
            delim: if self.kind == Kind::Atomic {
                None
            } else {
                delim
            },
            level,
            pos: self.start,
            mark: 0,
            done: false,
        }
    }

    /// The repetitions of a field (a lower-level value yields itself).
    pub fn repetitions(&self) -> Parts<'m, 'a> {
        match self.level {
            Level::Field => self.parts(self.msg.delims.repetition, Level::Repetition),
            _ => self.parts(None, self.level),
        }
    }

    /// Repetition `n` (1-based).
    pub fn repetition(&self, n: usize) -> Option<Value<'m, 'a>> {
        match self.level {
            Level::Field => self.child(n, self.msg.delims.repetition, Level::Repetition),
            _ => self.child(n, None, self.level),
        }
    }

    /// Component `n` of an indexed field's first repetition in one pass over the marks
    /// (what `repetition(1)` then `component(n)` give).
    fn first_rep_component(&self, n: usize) -> Option<Value<'m, 'a>> {
        let skip = n.checked_sub(1)?;
        let comp = self.msg.delims.component;
        let rep = self.msg.delims.repetition;
        let input = self.msg.input;
        let mut v = Value {
            level: Level::Component,
            ..*self
        };
        let mut seen = 0usize;
        let mut lo = 0usize;
        for (j, &m) in self.marks.iter().enumerate() {
            let b = input.get(m as usize).copied();
            let is_comp = b == Some(comp);
            if !is_comp && (rep.is_none() || b != rep) {
                continue;
            }
            if seen == skip {
                v.end = m;
                v.marks = self.marks.get(lo..j).unwrap_or_default();
                return Some(v);
            }
            if !is_comp {
                // The first repetition ends before component `n`.
                return None;
            }
            seen += 1;
            v.start = m + 1;
            lo = j + 1;
        }
        v.marks = self.marks.get(lo..).unwrap_or_default();
        (seen == skip).then_some(v)
    }

    /// Part `n` (1-based) at the next level down, as [`Parts`] would yield it, in one pass
    /// over the separators (no intermediate parts are made).
    fn child(&self, n: usize, delim: Option<u8>, level: Level) -> Option<Value<'m, 'a>> {
        let skip = n.checked_sub(1)?;
        let mut v = Value { level, ..*self };
        let d = match delim {
            Some(d) if self.kind != Kind::Atomic => d,
            _ => return (skip == 0).then_some(v),
        };
        let input = self.msg.input;
        let mut seen = 0usize;
        match self.kind {
            Kind::Indexed => {
                let mut lo = 0usize;
                for (j, &m) in self.marks.iter().enumerate() {
                    if input.get(m as usize) != Some(&d) {
                        continue;
                    }
                    if seen == skip {
                        v.end = m;
                        v.marks = self.marks.get(lo..j).unwrap_or_default();
                        return Some(v);
                    }
                    seen += 1;
                    v.start = m + 1;
                    lo = j + 1;
                }
                v.marks = self.marks.get(lo..).unwrap_or_default();
            }
            Kind::Scan | Kind::Atomic => {
                v.marks = &[];
                let slice = input
                    .get(self.start as usize..self.end as usize)
                    .unwrap_or_default();
                for i in memchr::memchr_iter(d, slice) {
                    let m = self.start + i as u32;
                    if seen == skip {
                        v.end = m;
                        return Some(v);
                    }
                    seen += 1;
                    v.start = m + 1;
                }
            }
        }
        (seen == skip).then_some(v)
    }

    /// The components (of the first repetition, for a field).
    pub fn components(&self) -> Parts<'m, 'a> {
        match self.level {
            Level::Field => match self.repetition(1) {
                Some(r) => r.components(),
                None => self.parts(None, self.level),
            },
            Level::Repetition => self.parts(Some(self.msg.delims.component), Level::Component),
            _ => self.parts(None, self.level),
        }
    }

    /// Component `n` (1-based).
    pub fn component(&self, n: usize) -> Option<Value<'m, 'a>> {
        match self.level {
            Level::Field if self.kind == Kind::Indexed => self.first_rep_component(n),
            Level::Field => self
                .child(1, self.msg.delims.repetition, Level::Repetition)?
                .child(n, Some(self.msg.delims.component), Level::Component),
            Level::Repetition => self.child(n, Some(self.msg.delims.component), Level::Component),
            _ => self.child(n, None, self.level),
        }
    }

    /// The subcomponents (of the first component, for a field or repetition).
    pub fn subcomponents(&self) -> Parts<'m, 'a> {
        match self.level {
            Level::Field | Level::Repetition => match self.component(1) {
                Some(c) => c.subcomponents(),
                None => self.parts(None, self.level),
            },
            Level::Component => self.parts(self.msg.delims.subcomponent, Level::Subcomponent),
            Level::Subcomponent => self.parts(None, self.level),
        }
    }

    /// Subcomponent `n` (1-based).
    pub fn subcomponent(&self, n: usize) -> Option<Value<'m, 'a>> {
        match self.level {
            Level::Field | Level::Repetition => self.component(1)?.subcomponent(n),
            Level::Component => self.child(n, self.msg.delims.subcomponent, Level::Subcomponent),
            Level::Subcomponent => self.child(n, None, self.level),
        }
    }

    /// The value with escape sequences decoded to bytes (still in the message character set),
    /// formatting escapes rendered (see [`DecodeOptions`]). Borrows when nothing changes.
    pub fn decoded(&self) -> Result<Cow<'a, [u8]>, Error> {
        self.decoded_with(&DecodeOptions::default())
    }

    /// [`Value::decoded`] with explicit options.
    pub fn decoded_with(&self, opts: &DecodeOptions) -> Result<Cow<'a, [u8]>, Error> {
        let lenient = self.msg.opts.mode == crate::Mode::Lenient;
        escape::unescape(self.raw(), &self.msg.delims, opts, lenient).map_err(|e| self.locate(e))
    }

    /// The value as text: escapes decoded, then the bytes decoded from the MSH-18 character
    /// set. Borrows when nothing changes.
    pub fn text(&self) -> Result<Cow<'a, str>, Error> {
        self.text_with(&DecodeOptions::default())
    }

    /// [`Value::text`] with explicit options.
    pub fn text_with(&self, opts: &DecodeOptions) -> Result<Cow<'a, str>, Error> {
        let bytes = self.decoded_with(opts)?;
        let lenient = self.msg.opts.mode == crate::Mode::Lenient;
        self.msg
            .charset()
            .decode(bytes, lenient)
            .map_err(|e| self.locate(e))
    }

    /// Parses the value (its first component) as an HL7 DTM/TS timestamp.
    pub fn timestamp(&self) -> Result<Timestamp, Error> {
        let first = self.component(1).map_or(&b""[..], |c| c.raw());
        Timestamp::parse(first).map_err(|e| self.locate(e))
    }

    fn locate(&self, mut e: Error) -> Error {
        e.offset += self.start as usize;
        let seg = self.segment as usize;
        if let Some(s) = self.msg.segment(seg) {
            e = e.at_segment(self.segment + 1, s.id());
        }
        e.at_field(self.field)
    }
}

/// Iterator over the parts of a [`Value`] at the next level down.
#[derive(Clone)]
pub struct Parts<'m, 'a> {
    base: Value<'m, 'a>,
    delim: Option<u8>,
    level: Level,
    pos: u32,
    mark: usize,
    done: bool,
}

impl<'m, 'a> Iterator for Parts<'m, 'a> {
    type Item = Value<'m, 'a>;

    fn next(&mut self) -> Option<Value<'m, 'a>> {
        if self.done {
            return None;
        }
        let b = &self.base;
        let input = b.msg.input;
        let mut v = Value {
            level: self.level,
            ..*b
        };
        let Some(d) = self.delim else {
            self.done = true;
            return Some(v);
        };
        match b.kind {
            Kind::Indexed => {
                let rest = &b.marks[self.mark..];
                for (j, &m) in rest.iter().enumerate() {
                    if input[m as usize] == d {
                        v.start = self.pos;
                        v.end = m;
                        v.marks = &rest[..j];
                        self.pos = m + 1;
                        self.mark += j + 1;
                        return Some(v);
                    }
                }
                v.start = self.pos;
                v.marks = rest;
                self.done = true;
                Some(v)
            }
            Kind::Scan | Kind::Atomic => {
                let slice = &input[self.pos as usize..b.end as usize];
                v.start = self.pos;
                v.marks = &[];
                match memchr::memchr(d, slice) {
                    Some(i) => {
                        v.end = self.pos + i as u32;
                        self.pos = v.end + 1;
                    }
                    None => self.done = true,
                }
                Some(v)
            }
        }
    }
}
