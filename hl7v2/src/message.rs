//! Parsing a message into a flat index, and the message-level API.

use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicU8, Ordering};

use crate::charset::Charset;
use crate::delims::Delimiters;
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use crate::path::Path;
use crate::scan::Classify;
use crate::view::{Segment, Segments, Value};

/// How much irregularity parsing accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Segments end at CR only (a line feed is data); no BOM, no empty segments, no bytes
    /// after the last segment, standard segment ids and encoding characters.
    #[default]
    Strict,
    /// Also accepts LF and CR LF terminators, a UTF-8 BOM, whitespace/NUL around the message,
    /// empty segments, odd segment ids and 1–3 encoding characters, and unknown or
    /// unterminated escape sequences (kept literally). Each tolerance is recorded as a
    /// [`Warning`].
    Lenient,
}

/// How much structure is indexed at parse time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IndexDepth {
    /// Every field, repetition, component and subcomponent boundary is indexed.
    #[default]
    Full,
    /// Only segment boundaries are indexed (at `memchr` speed); fields and components are
    /// found by scanning the segment when asked for.
    Segments,
}

/// Options for [`Message::parse_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ParseOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// Full index or segments only.
    pub depth: IndexDepth,
}

impl ParseOptions {
    /// Strict mode, full index (the default).
    pub const fn strict() -> Self {
        ParseOptions {
            mode: Mode::Strict,
            depth: IndexDepth::Full,
        }
    }

    /// Lenient mode, full index.
    pub const fn lenient() -> Self {
        ParseOptions {
            mode: Mode::Lenient,
            depth: IndexDepth::Full,
        }
    }

    /// The same options with only segment boundaries indexed.
    pub const fn segments_only(mut self) -> Self {
        self.depth = IndexDepth::Segments;
        self
    }
}

/// The index buffers of a parsed message, reusable across messages.
///
/// Pass the same `Buffers` to [`Message::parse_reusing`] and give them back with
/// [`Message::recycle`]: once they have grown to the size of the largest message, parsing
/// allocates nothing.
#[derive(Default, Clone)]
pub struct Buffers {
    /// Per segment: start offset, end offset (exclusive, before the terminator), index of its
    /// first entry in `fields`, index of its first entry in `marks`.
    pub(crate) segs: Vec<[u32; 4]>,
    /// Per field separator: offset of the field's first byte, and a hint for its first entry
    /// in `marks`: at most that index and at most 15 below it (the number of marks before
    /// the 16-byte chunk that holds the separator, which the hot loop has at hand), so a
    /// field's marks are found by a short forward step instead of a search.
    pub(crate) fields: Vec<[u32; 2]>,
    /// Offsets of every repetition, component and subcomponent separator, in order.
    pub(crate) marks: Vec<u32>,
    /// What lenient parsing tolerated.
    pub(crate) warnings: Vec<Warning>,
}

impl Buffers {
    fn clear(&mut self) {
        self.segs.clear();
        self.fields.clear();
        self.marks.clear();
        self.warnings.clear();
    }

    /// Reserves room for a dense message of `len` bytes (one field separator per 5 bytes, one
    /// other separator per 4, one segment per 32: more than typical messages need), so that a
    /// one-off parse allocates each buffer once; reused buffers that are already large enough
    /// are untouched. Nothing is initialised (the hot loop pushes), so the slack costs no time.
    fn presize(&mut self, len: usize, depth: IndexDepth) {
        reserve(&mut self.segs, len / 32 + 4);
        if depth == IndexDepth::Full {
            reserve(&mut self.fields, len / 5 + 16);
            reserve(&mut self.marks, len / 4 + 16);
        }
    }

    /// The field entries.
    #[inline]
    pub(crate) fn fields(&self) -> &[[u32; 2]] {
        &self.fields
    }

    /// Records a field starting at `start` (its marks come after every mark pushed so far).
    #[inline]
    fn push_field(&mut self, start: usize) {
        self.fields.push([start as u32, self.marks.len() as u32]);
    }
}

/// `v.reserve(n)` for a cleared buffer; a fresh one is allocated directly (a one-off parse
/// skips `reserve`'s growth path).
#[inline(always)]
fn reserve<T>(v: &mut Vec<T>, n: usize) {
    if v.capacity() == 0 {
        *v = Vec::with_capacity(n);
    } else {
        v.reserve(n);
    }
}

impl fmt::Debug for Buffers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Buffers")
            .field("segments", &self.segs.len())
            .field("fields", &self.fields.len())
            .field("marks", &self.marks.len())
            .finish()
    }
}

/// A parsed HL7 v2 message: the input bytes plus a flat index of their structure.
///
/// All values are borrowed views into the input. `Debug` shows structure, never values.
pub struct Message<'a> {
    pub(crate) input: &'a [u8],
    pub(crate) delims: Delimiters,
    pub(crate) opts: ParseOptions,
    pub(crate) bufs: Buffers,
    /// MSH-18 resolved on first use (0 = not yet; see [`Charset::tag`]).
    pub(crate) charset_tag: AtomicU8,
    pub(crate) final_terminator: bool,
    /// The input as text when it is UTF-8, checked on first use (see
    /// [`Message::input_str`]).
    #[cfg(feature = "std")]
    pub(crate) text: std::sync::OnceLock<Option<&'a str>>,
}

impl Clone for Message<'_> {
    fn clone(&self) -> Self {
        Message {
            input: self.input,
            delims: self.delims,
            opts: self.opts,
            bufs: self.bufs.clone(),
            charset_tag: AtomicU8::new(self.charset_tag.load(Ordering::Relaxed)),
            final_terminator: self.final_terminator,
            #[cfg(feature = "std")]
            text: self.text.clone(),
        }
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<SegIdDebug> = self.segments().map(|s| SegIdDebug(s.id_array())).collect();
        f.debug_struct("Message")
            .field("len", &self.input.len())
            .field("delimiters", &self.delims)
            .field("options", &self.opts)
            .field("charset", &self.charset())
            .field("segments", &ids)
            .field("warnings", &self.bufs.warnings)
            .finish()
    }
}

struct SegIdDebug([u8; 3]);

impl fmt::Debug for SegIdDebug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.0.map(char::from);
        write!(f, "{a}{b}{c}")
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[inline]
fn is_pad(b: u8) -> bool {
    matches!(b, 0 | b' ' | b'\t' | b'\r' | b'\n' | 0x1a)
}

/// Whether `seg` starts a header segment (`MSH`, `FHS`, `BHS`) whose fourth byte is `field`.
#[inline]
pub(crate) fn is_header_segment(seg: &[u8], field: u8) -> bool {
    seg.len() >= 4 && matches!(&seg[..3], b"MSH" | b"FHS" | b"BHS") && seg[3] == field
}

#[inline]
pub(crate) fn valid_segment_id(id: &[u8]) -> bool {
    id.len() == 3
        && id[0].is_ascii_uppercase()
        && (id[1].is_ascii_uppercase() || id[1].is_ascii_digit())
        && (id[2].is_ascii_uppercase() || id[2].is_ascii_digit())
}

struct Builder<'a, 'b> {
    input: &'a [u8],
    delims: Delimiters,
    lenient: bool,
    bufs: &'b mut Buffers,
    seg_start: usize,
    seg_fields: u32,
    seg_marks: u32,
    warned_lf: bool,
    warned_crlf: bool,
}

impl Builder<'_, '_> {
    fn warn(&mut self, kind: WarningKind, offset: usize) {
        self.bufs.warnings.push(Warning { kind, offset });
    }

    fn seg_error(&self, kind: ErrorKind, offset: usize, end: usize) -> Error {
        let seg = self.input.get(self.seg_start..end).unwrap_or_default();
        Error::new(kind, offset).at_segment(self.bufs.segs.len() as u32 + 1, seg)
    }

    /// Handles a terminator at `p` (or the end of input). Returns where scanning must resume
    /// when the next segment is a header whose encoding characters must be skipped.
    #[inline(always)]
    fn end_segment(&mut self, p: usize, full: bool) -> Result<Option<usize>, Error> {
        let start = self.seg_start;
        if p == start {
            self.empty_segment(p)?;
        } else {
            if self.lenient && !self.warned_lf && self.input.get(p) == Some(&b'\n') {
                self.warned_lf = true;
                self.warn(WarningKind::LineFeedTerminator, p);
            }
            let id_end = if full {
                match self.bufs.fields().get(self.seg_fields as usize) {
                    Some(&[f, _]) => f as usize - 1,
                    None => p,
                }
            } else {
                let seg = &self.input[start..p];
                match seg.get(3) {
                    // The usual `XYZ|`; a separator earlier is caught by the id check.
                    Some(&b) if b == self.delims.field => start + 3,
                    _ => start + memchr::memchr(self.delims.field, seg).unwrap_or(seg.len()),
                }
            };
            if !valid_segment_id(&self.input[start..id_end]) {
                self.bad_segment_id(start, id_end)?;
            }
            self.bufs
                .segs
                .push([start as u32, p as u32, self.seg_fields, self.seg_marks]);
        }
        self.seg_start = p + 1;
        self.seg_fields = self.bufs.fields.len() as u32;
        self.seg_marks = self.bufs.marks.len() as u32;
        self.header_at(p + 1, full)
    }

    #[cold]
    fn empty_segment(&mut self, p: usize) -> Result<(), Error> {
        let after_cr = p > 0 && self.input.get(p - 1) == Some(&b'\r');
        if self.input.get(p) == Some(&b'\n') && after_cr && self.lenient {
            if !self.warned_crlf {
                self.warned_crlf = true;
                self.warn(WarningKind::CrLfTerminator, p);
            }
        } else if self.lenient {
            self.warn(WarningKind::EmptySegment, p);
        } else {
            return Err(self.seg_error(ErrorKind::EmptySegment, p, p));
        }
        Ok(())
    }

    #[cold]
    fn bad_segment_id(&mut self, start: usize, id_end: usize) -> Result<(), Error> {
        if self.lenient {
            self.warn(WarningKind::NonStandardSegmentId, start);
            Ok(())
        } else {
            // The quick segments-only check may have assumed a 3-byte id: the id ends at the
            // first field separator.
            let span = self.input.get(start..id_end).unwrap_or_default();
            let id_end = start + memchr::memchr(self.delims.field, span).unwrap_or(span.len());
            Err(self.seg_error(ErrorKind::InvalidSegmentId, start, id_end))
        }
    }

    /// If a header segment starts at `s`, records MSH-1/MSH-2 and returns the offset just after
    /// MSH-2 (where scanning resumes).
    #[inline(always)]
    fn header_at(&mut self, s: usize, full: bool) -> Result<Option<usize>, Error> {
        match self.input.get(s..s.wrapping_add(4)) {
            Some(&[a, b, c, d])
                if d == self.delims.field && matches!(&[a, b, c], b"MSH" | b"FHS" | b"BHS") =>
            {
                self.header_slow(s, full)
            }
            _ => Ok(None),
        }
    }

    #[cold]
    fn header_slow(&mut self, s: usize, full: bool) -> Result<Option<usize>, Error> {
        let rest = self.input.get(s..).unwrap_or_default();
        if !self.bufs.segs.is_empty() && rest.starts_with(b"MSH") {
            self.warn(WarningKind::RepeatedHeader, s);
        }
        let enc = rest.get(4..).unwrap_or_default();
        let enc_len = enc
            .iter()
            .position(|&b| b == self.delims.field || b == b'\r' || (self.lenient && b == b'\n'))
            .unwrap_or(enc.len());
        if full {
            self.bufs.push_field(s + 4);
        }
        Ok(Some(s + 4 + enc_len))
    }
}

impl<'a> Message<'a> {
    /// Parses a message strictly, indexing its full structure.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|LAB|HOSP|||20261124||ORU^R01|42|P|2.5\rPID|1||123\r")?;
    /// assert_eq!(msg.segment_count(), 2);
    /// assert_eq!(msg.get("PID-3")?.map(|v| v.raw()), Some(&b"123"[..]));
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_with(input, &ParseOptions::strict())
    }

    /// Parses with the given options.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        let mut bufs = Buffers::default();
        Self::parse_reusing(input, opts, &mut bufs)
    }

    /// Parses using (and taking) the index buffers in `bufs`; give them back with
    /// [`Message::recycle`] to parse the next message without allocating.
    ///
    /// On error the buffers stay in `bufs`.
    ///
    /// ```
    /// use hl7v2::{Buffers, Message, ParseOptions};
    /// let mut bufs = Buffers::default();
    /// for input in [&b"MSH|^~\\&|A\rPID|1\r"[..], b"MSH|^~\\&|B\rPV1|1\r"] {
    ///     let msg = Message::parse_reusing(input, &ParseOptions::strict(), &mut bufs)?;
    ///     assert_eq!(msg.segment_count(), 2);
    ///     msg.recycle(&mut bufs);
    /// }
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn parse_reusing(
        input: &'a [u8],
        opts: &ParseOptions,
        bufs: &mut Buffers,
    ) -> Result<Self, Error> {
        Self::parse_known(input, opts, bufs, None)
    }

    /// [`Message::parse_reusing`], optionally with the segment terminators already known
    /// (strict segments-only parsing of a batch message: absolute offsets of its CRs, and the
    /// offset of `input` in the batch).
    pub(crate) fn parse_known(
        input: &'a [u8],
        opts: &ParseOptions,
        bufs: &mut Buffers,
        known: Option<(&[u32], usize)>,
    ) -> Result<Self, Error> {
        bufs.clear();
        bufs.presize(input.len(), opts.depth);
        let (delims, final_terminator) =
            build_index::<crate::scan::Fast>(input, opts, bufs, known)?;
        let msg = Message {
            input,
            delims,
            opts: *opts,
            bufs: core::mem::take(bufs),
            charset_tag: AtomicU8::new(0),
            final_terminator,
            #[cfg(feature = "std")]
            text: std::sync::OnceLock::new(),
        };
        Ok(msg)
    }

    /// Returns the index buffers for reuse by the next [`Message::parse_reusing`].
    pub fn recycle(self, bufs: &mut Buffers) {
        *bufs = self.bufs;
    }

    fn msh18_first(&self) -> &'a [u8] {
        self.segment(0)
            .and_then(|s| s.field(18))
            .and_then(|f| f.repetition(1))
            .map(|v| v.raw())
            .unwrap_or_default()
    }

    /// The input bytes this message was parsed from.
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    /// The input as text when it is valid UTF-8 (ASCII included), whatever MSH-18 declares.
    /// With the `std` feature the check runs once per message and later calls return the
    /// remembered answer, so that [`Value::raw_str`] slices instead of checking each value.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||7\r")?;
    /// assert_eq!(msg.input_str().map(str::len), Some(msg.input().len()));
    /// let latin1 = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||M\xfcller\r")?;
    /// assert_eq!(latin1.input_str(), None);
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn input_str(&self) -> Option<&'a str> {
        #[cfg(feature = "std")]
        {
            *self
                .text
                .get_or_init(|| core::str::from_utf8(self.input).ok())
        }
        #[cfg(not(feature = "std"))]
        {
            core::str::from_utf8(self.input).ok()
        }
    }

    /// The delimiters read from MSH-1 and MSH-2.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// The options the message was parsed with.
    pub fn options(&self) -> &ParseOptions {
        &self.opts
    }

    /// What lenient parsing tolerated (also notes a missing final CR in strict mode).
    pub fn warnings(&self) -> &[Warning] {
        &self.bufs.warnings
    }

    /// The character set declared in MSH-18 (first repetition).
    pub fn charset(&self) -> Charset {
        let tag = self.charset_tag.load(Ordering::Relaxed);
        if let Some(c) = Charset::from_tag(tag) {
            return c;
        }
        let c = Charset::from_msh18(self.msh18_first());
        self.charset_tag.store(c.tag(), Ordering::Relaxed);
        c
    }

    /// Whether the last segment was followed by a terminator in the input.
    pub fn has_final_terminator(&self) -> bool {
        self.final_terminator
    }

    /// Number of (non-empty) segments.
    pub fn segment_count(&self) -> usize {
        self.bufs.segs.len()
    }

    /// The segment at 0-based `index`.
    pub fn segment(&self, index: usize) -> Option<Segment<'_, 'a>> {
        (index < self.bufs.segs.len()).then(|| Segment::new(self, index))
    }

    /// All segments in order.
    pub fn segments(&self) -> Segments<'_, 'a> {
        Segments::new(self)
    }

    /// The segments whose id is `id` (e.g. `"OBX"`), in order.
    pub fn segments_by_id<'m>(&'m self, id: &'m str) -> impl Iterator<Item = Segment<'m, 'a>> + 'm {
        self.segments().filter(move |s| s.id() == id.as_bytes())
    }

    /// The `occurrence`-th (1-based) segment with id `id`.
    pub fn find_segment(&self, id: &str, occurrence: usize) -> Option<Segment<'_, 'a>> {
        let n = occurrence.checked_sub(1)?;
        let f = self.delims.field;
        let input = self.input;
        let index = match <[u8; 3]>::try_from(id.as_bytes()) {
            // The usual 3-byte id: compare in place as a fixed-size array (no view, no memcmp).
            Ok(want) => {
                self.bufs
                    .segs
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        let (start, end) = (s[0] as usize, s[1] as usize);
                        match input.get(start..start + 4) {
                            Some(&[a, b, c, d]) => {
                                [a, b, c] == want && (d == f || end == start + 3)
                            }
                            _ => end == start + 3 && input.get(start..end) == Some(&want[..]),
                        }
                    })
                    .nth(n)?
                    .0
            }
            // Other lengths (lenient parsing accepts them).
            Err(_) => self
                .segments()
                .filter(|s| s.id() == id.as_bytes())
                .nth(n)?
                .index(),
        };
        self.segment(index)
    }

    /// Groups of segments: each group starts at a segment with id `start` and continues over
    /// the directly following segments whose ids are in `members`.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(
    ///     b"MSH|^~\\&|A\rPID|1\rOBR|1\rOBX|1\rOBX|2\rNTE|1\rOBR|2\rOBX|1\r",
    /// )?;
    /// let sizes: Vec<usize> = msg.groups("OBR", &["OBX", "NTE"]).map(|g| g.len()).collect();
    /// assert_eq!(sizes, [4, 2]);
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn groups<'m>(
        &'m self,
        start: &'m str,
        members: &'m [&'m str],
    ) -> impl Iterator<Item = Vec<Segment<'m, 'a>>> + 'm {
        let mut i = 0usize;
        core::iter::from_fn(move || {
            while let Some(s) = self.segment(i) {
                i += 1;
                if s.id() == start.as_bytes() {
                    let mut group = alloc::vec![s];
                    while let Some(n) = self.segment(i) {
                        if members.iter().any(|m| n.id() == m.as_bytes()) {
                            group.push(n);
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    return Some(group);
                }
            }
            None
        })
    }

    /// Looks up a value by path: `"PID-5"`, `"PID-5.1"`, `"PID-5[2].1.2"`, `"PID.5.1"`,
    /// `"OBX[3]-5"`. `Ok(None)` means the path is well-formed but absent from this message.
    ///
    /// ```
    /// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A\rPID|1||7^^^H~8^^^K||DOE^JANE&J\r")?;
    /// assert_eq!(msg.get("PID-3[2].4")?.unwrap().raw(), b"K");
    /// assert_eq!(msg.get("PID.5.2.2")?.unwrap().raw(), b"J");
    /// assert!(msg.get("PID-9")?.is_none());
    /// assert!(msg.get("PID-x").is_err());
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn get(&self, path: &str) -> Result<Option<Value<'_, 'a>>, Error> {
        let p = Path::parse(path)?;
        Ok(self.resolve(&p))
    }

    /// Resolves an already parsed [`Path`].
    pub fn resolve(&self, path: &Path<'_>) -> Option<Value<'_, 'a>> {
        let seg = self.find_segment(path.segment, path.segment_occurrence)?;
        let field = seg.field(path.field)?;
        let mut v = match path.repetition {
            Some(r) => field.repetition(r)?,
            None => field,
        };
        if let Some(c) = path.component {
            v = v.component(c)?;
        }
        if let Some(s) = path.subcomponent {
            v = v.subcomponent(s)?;
        }
        Some(v)
    }

    /// Serialises the message: every segment followed by a CR (the last one only if the input
    /// had one). For a strictly parsed message this reproduces the input byte for byte.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.input.len());
        self.write_to(&mut out);
        out
    }

    /// Appends the serialised message to `out` (see [`Message::write`]).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let n = self.bufs.segs.len();
        for (i, s) in self.bufs.segs.iter().enumerate() {
            out.extend_from_slice(&self.input[s[0] as usize..s[1] as usize]);
            if i + 1 < n || self.final_terminator {
                out.push(b'\r');
            }
        }
    }
}

/// The full-index hot loop: every separator and terminator from `resume` on, 16 bytes at a
/// time (see [`crate::scan`]).
#[inline(always)]
fn scan_full<C: Classify>(
    b: &mut Builder<'_, '_>,
    body: &[u8],
    resume: usize,
    classifier: C,
) -> Result<(), Error> {
    let mut base = resume;
    'restart: while base < body.len() {
        // Whole chunks straight from the input (no per-chunk bounds check), then the tail.
        let (chunks, tail) = body.get(base..).unwrap_or_default().as_chunks::<16>();
        for chunk in chunks {
            let (all, fields, terms) = classifier.classify(chunk);
            if let Some(r) = scan_masks(b, all, fields, terms, base)? {
                base = r;
                continue 'restart;
            }
            base += 16;
        }
        if !tail.is_empty() {
            // NUL padding past the end: its bits are masked off.
            let mut pad = [0u8; 16];
            pad[..tail.len()].copy_from_slice(tail);
            let (all, fields, terms) = classifier.classify(&pad);
            let keep = (1u32 << tail.len()) - 1;
            if let Some(r) = scan_masks(b, all & keep, fields & keep, terms & keep, base)? {
                base = r;
                continue 'restart;
            }
        }
        break;
    }
    Ok(())
}

/// Indexes the separators and terminators of a chunk at `base` from its bitmaps (bit `i` is
/// byte `base + i`). Returns where scanning must resume when a header segment starts in it.
#[inline(always)]
fn scan_masks(
    b: &mut Builder<'_, '_>,
    all: u32,
    fields: u32,
    terms: u32,
    base: usize,
) -> Result<Option<usize>, Error> {
    if all == 0 {
        return Ok(None);
    }
    let bufs = &mut *b.bufs;
    if terms == 0 {
        // Only separators: field entries and marks are separate tables, so each is filled by
        // its own loop (no branch per separator on its kind). The fields go first: their mark
        // hint is the number of marks before this chunk (see `Buffers::fields`).
        let hint = bufs.marks.len() as u32;
        let mut m = fields;
        while m != 0 {
            bufs.fields
                .push([(base + m.trailing_zeros() as usize) as u32 + 1, hint]);
            m &= m - 1;
        }
        let mut m = all & !fields;
        while m != 0 {
            bufs.marks.push((base + m.trailing_zeros() as usize) as u32);
            m &= m - 1;
        }
        return Ok(None);
    }
    // A segment ends in this chunk: keep input order around each terminator.
    let mut m = all;
    while m != 0 {
        let bit = m.trailing_zeros();
        m &= m - 1;
        let p = base + bit as usize;
        if (terms >> bit) & 1 != 0 {
            if let Some(r) = b.end_segment(p, true)? {
                // A header segment: resume after its encoding characters.
                return Ok(Some(r));
            }
        } else if (fields >> bit) & 1 != 0 {
            b.bufs.push_field(p + 1);
        } else {
            b.bufs.marks.push(p as u32);
        }
    }
    Ok(None)
}

/// In strict mode a line feed is data, but a first segment holding `LF` followed by what looks
/// like the start of a segment (`PID|`) is a message written with LF terminators: reject it
/// rather than return one giant MSH segment.
fn check_lf_terminators(body: &[u8], bufs: &Buffers, field: u8) -> Result<(), Error> {
    let Some(&[start, end, ..]) = bufs.segs.first() else {
        return Ok(());
    };
    let seg = &body[start as usize..end as usize];
    for i in memchr::memchr_iter(b'\n', seg) {
        if let Some(&[a, b, c, d]) = seg.get(i + 1..i + 5)
            && d == field
            && valid_segment_id(&[a, b, c])
        {
            return Err(
                Error::new(ErrorKind::LineFeedTerminator, start as usize + i).at_segment(1, b"MSH"),
            );
        }
    }
    Ok(())
}

/// Builds the index; returns the delimiters and whether the last segment was terminated.
fn build_index<C: Classify>(
    input: &[u8],
    opts: &ParseOptions,
    bufs: &mut Buffers,
    known: Option<(&[u32], usize)>,
) -> Result<(Delimiters, bool), Error> {
    if input.len() >= u32::MAX as usize {
        return Err(Error::new(ErrorKind::TooLarge, 0));
    }
    let lenient = opts.mode == Mode::Lenient;
    let full = opts.depth == IndexDepth::Full;
    let mut begin = 0usize;
    if input.starts_with(BOM) {
        if !lenient {
            return Err(Error::new(ErrorKind::ByteOrderMark, 0));
        }
        bufs.warnings.push(Warning {
            kind: WarningKind::ByteOrderMark,
            offset: 0,
        });
        begin = BOM.len();
    }
    let mut end = input.len();
    if lenient {
        let lead = input[begin..].iter().take_while(|&&b| is_pad(b)).count();
        if lead > 0 {
            bufs.warnings.push(Warning {
                kind: WarningKind::LeadingWhitespace,
                offset: begin,
            });
            begin += lead;
        }
        while end > begin && is_pad(input[end - 1]) {
            end -= 1;
        }
        if end == begin {
            return Err(Error::new(ErrorKind::Empty, input.len()));
        }
        // Keep one terminator (CR, LF, or CR LF) after the last segment.
        let tail = &input[end..];
        let keep = match tail {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            _ => 0,
        };
        if tail.len() > keep {
            bufs.warnings.push(Warning {
                kind: WarningKind::TrailingWhitespace,
                offset: end + keep,
            });
        }
        end += keep;
    } else if input.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0));
    }
    let body = &input[..end];
    let head = &body[begin..];
    if !head.starts_with(b"MSH") {
        let kind = if lenient || !head.first().is_some_and(|&b| is_pad(b)) {
            ErrorKind::MissingHeader
        } else {
            ErrorKind::LeadingGarbage
        };
        return Err(Error::new(kind, begin));
    }
    let (delims, _enc_len, warn) = Delimiters::from_header(head, begin, lenient)
        .map_err(|e| e.at_segment(1, b"MSH").at_field(2))?;
    if let Some(kind) = warn {
        bufs.warnings.push(Warning {
            kind,
            offset: begin + 4,
        });
    }
    let mut b = Builder {
        input: body,
        delims,
        lenient,
        bufs,
        seg_start: begin,
        seg_fields: 0,
        seg_marks: 0,
        warned_lf: false,
        warned_crlf: false,
    };
    let resume = b.header_at(begin, full)?.unwrap_or(begin);
    if full {
        let f = delims.field;
        // Strict mode: a line feed is data, so CR stands in as the second terminator.
        let classifier = C::new([
            f,
            delims.component,
            delims.repetition.unwrap_or(f),
            delims.subcomponent.unwrap_or(f),
            b'\r',
            if lenient { b'\n' } else { b'\r' },
        ]);
        scan_full(&mut b, body, resume, classifier)?;
    } else {
        // Terminators cannot occur inside encoding characters, so no restart is needed: one
        // pass of memchr's iterator (which keeps its state between hits) finds them all.
        let rest = &body[resume..];
        // Terminators found by strict batch splitting (ascending, absolute offsets): used
        // when they all lie in this message after `resume`, as they do by construction.
        let known = known.filter(|&(ends, offset)| {
            let inside =
                |e: &u32| (resume..body.len()).contains(&(*e as usize).wrapping_sub(offset));
            !lenient && ends.first().is_none_or(inside) && ends.last().is_none_or(inside)
        });
        if let Some((ends, offset)) = known {
            for &e in ends {
                b.end_segment(e as usize - offset, false)?;
            }
        } else if lenient {
            for i in memchr::memchr2_iter(b'\r', b'\n', rest) {
                b.end_segment(resume + i, false)?;
            }
        } else {
            for i in memchr::memchr_iter(b'\r', rest) {
                b.end_segment(resume + i, false)?;
            }
        }
    }
    let terminated = b.seg_start >= body.len();
    if !terminated {
        let p = body.len();
        b.warn(WarningKind::MissingFinalTerminator, p);
        b.end_segment(p, full)?;
    }
    if !lenient {
        check_lf_terminators(body, b.bufs, delims.field)?;
    }
    Ok((delims, terminated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Fast, Swar};

    type Index = (Vec<[u32; 4]>, Vec<[u32; 2]>, Vec<u32>, Vec<Warning>);

    fn index<C: Classify>(input: &[u8], opts: &ParseOptions) -> Result<(Index, bool), Error> {
        let mut bufs = Buffers::default();
        let (_, terminated) = build_index::<C>(input, opts, &mut bufs, None)?;
        Ok((
            (bufs.segs, bufs.fields, bufs.marks, bufs.warnings),
            terminated,
        ))
    }

    /// The portable classifier and the target's fast one build identical indexes (or the
    /// same error) for the sample corpus, the fuzz seeds, and deterministic mutations of
    /// both, in strict and lenient mode.
    #[test]
    fn portable_and_fast_scanners_agree() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for dir in ["examples/data", "fuzz/corpus/parse"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(bytes) = std::fs::read(e.path()) {
                    inputs.push(bytes);
                }
            }
        }
        assert!(inputs.len() > 20, "corpus not found");
        // xorshift: overwrite a few bytes with structural or random ones.
        const SUBSTITUTES: &[u8] = b"|^~\\&\r\nMSH\x00\xff";
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let originals = inputs.len();
        for i in 0..originals * 8 {
            let mut m = inputs[i % originals].clone();
            if m.is_empty() {
                continue;
            }
            for _ in 0..4 {
                let at = next() as usize % m.len();
                m[at] = SUBSTITUTES[next() as usize % SUBSTITUTES.len()];
            }
            let cut = next() as usize % (m.len() + 1);
            m.truncate(cut.max(m.len() / 2));
            inputs.push(m);
        }
        for input in &inputs {
            for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
                assert_eq!(
                    index::<Swar>(input, &opts),
                    index::<Fast>(input, &opts),
                    "{:?}",
                    opts.mode
                );
            }
        }
    }
}
