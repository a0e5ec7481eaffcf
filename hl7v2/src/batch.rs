//! Batch files: `FHS`/`BHS`/`BTS`/`FTS` envelopes around messages, split into borrowed message
//! slices with the trailer counts checked.
//!
//! ```
//! let file = b"FHS|^~\\&|LAB\rBHS|^~\\&|LAB\rMSH|^~\\&|LAB||||||ADT^A01|1|P|2.5\rPID|1\r\
//! MSH|^~\\&|LAB||||||ADT^A08|2|P|2.5\rPID|2\rBTS|2\rFTS|1\r";
//! let batch = hl7v2::Batch::parse(file)?;
//! assert_eq!(batch.message_count(), 2);
//! for bytes in batch.messages() {
//!     let msg = hl7v2::Message::parse(bytes)?;
//!     assert_eq!(msg.segment_count(), 2);
//! }
//! # Ok::<(), hl7v2::Error>(())
//! ```

use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use crate::delims::{Delimiters, is_terminator};
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use crate::message::{Buffers, Message, Mode, ParseOptions};

/// One batch (`BHS` … `BTS`) inside a file.
#[derive(Clone, PartialEq, Eq)]
pub struct BatchGroup<'a> {
    /// The `BHS` segment (raw, without terminator), if present.
    pub header: Option<&'a [u8]>,
    /// The `BTS` segment, if present.
    pub trailer: Option<&'a [u8]>,
    /// Indexes into [`Batch::messages`] of this batch's messages.
    pub messages: Range<usize>,
}

impl fmt::Debug for BatchGroup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchGroup")
            .field("header", &self.header.is_some())
            .field("trailer", &self.trailer.is_some())
            .field("messages", &self.messages)
            .finish()
    }
}

/// A batch file split into messages: each is a borrowed slice of the input from its `MSH`
/// segment to the end of its last segment.
///
/// Splitting checks the envelope (order of `FHS`/`BHS`/`BTS`/`FTS`, trailer counts), not the
/// messages: parse each with [`crate::Message::parse_with`] in the same mode, so one malformed
/// message (say, a bad MSH-2) is reported on its own while the others are processed.
#[derive(Clone)]
pub struct Batch<'a> {
    input: &'a [u8],
    delims: Delimiters,
    file_header: Option<&'a [u8]>,
    file_trailer: Option<&'a [u8]>,
    groups: Vec<BatchGroup<'a>>,
    messages: Vec<Range<usize>>,
    /// Offsets of every segment terminator, recorded by strict splitting (empty otherwise) so
    /// that [`Batch::parse_message`] can index a message's segments without scanning again.
    ends: Vec<u32>,
    warnings: Vec<Warning>,
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("len", &self.input.len())
            .field("file_header", &self.file_header.is_some())
            .field("file_trailer", &self.file_trailer.is_some())
            .field("groups", &self.groups)
            .field("messages", &self.messages.len())
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Reads the count in field 1 of a trailer segment (`BTS-1`, `FTS-1`). Empty → `None`.
fn trailer_count(seg: &[u8], d: &Delimiters) -> Result<Option<u64>, ()> {
    let mut fields = seg.split(|&b| b == d.field);
    fields.next();
    let Some(f1) = fields.next() else {
        return Ok(None);
    };
    let f1 = f1
        .split(|&b| b == d.component)
        .next()
        .unwrap_or_default()
        .trim_ascii();
    if f1.is_empty() {
        return Ok(None);
    }
    if f1.len() > 18 || !f1.iter().all(u8::is_ascii_digit) {
        return Err(());
    }
    Ok(Some(
        f1.iter().fold(0u64, |n, &b| n * 10 + u64::from(b - b'0')),
    ))
}

/// Splitting state around the batch being built.
struct Splitter<'a> {
    batch: Batch<'a>,
    lenient: bool,
    /// Start of the message being collected and end of its last segment's terminator.
    current: Option<Range<usize>>,
    open_group: Option<BatchGroup<'a>>,
    seg_no: u32,
}

impl<'a> Splitter<'a> {
    fn problem(&mut self, kind: ErrorKind, offset: usize, seg: &[u8]) -> Result<(), Error> {
        let warning = match kind {
            ErrorKind::CountMismatch { .. } => WarningKind::BatchCountMismatch,
            _ => WarningKind::BatchStructure,
        };
        if self.lenient {
            self.batch.warnings.push(Warning {
                kind: warning,
                offset,
            });
            Ok(())
        } else {
            Err(Error::new(kind, offset).at_segment(self.seg_no, seg))
        }
    }

    fn close_message(&mut self) {
        if let Some(m) = self.current.take() {
            self.batch.messages.push(m);
        }
    }

    /// Checks a trailer's count (field 1) against what was found; an empty count is not
    /// checked.
    fn check_count(
        &mut self,
        seg: &[u8],
        offset: usize,
        found: usize,
        not_a_number: &'static str,
    ) -> Result<(), Error> {
        match trailer_count(seg, &self.batch.delims) {
            Ok(Some(stated)) if stated != found as u64 => self.problem(
                ErrorKind::CountMismatch {
                    stated,
                    found: found as u64,
                },
                offset,
                seg,
            ),
            Ok(_) => Ok(()),
            Err(()) => self.problem(ErrorKind::BatchStructure(not_a_number), offset, seg),
        }
    }

    fn close_group(&mut self, trailer: Option<(&'a [u8], usize)>) -> Result<(), Error> {
        self.close_message();
        let Some(mut g) = self.open_group.take() else {
            return Ok(());
        };
        g.messages.end = self.batch.messages.len();
        if let Some((seg, offset)) = trailer {
            g.trailer = Some(seg);
            self.check_count(seg, offset, g.messages.len(), "BTS-1 is not a number")?;
        }
        self.batch.groups.push(g);
        Ok(())
    }

    fn segment(&mut self, start: usize, end: usize, next: usize) -> Result<(), Error> {
        let input = self.batch.input;
        let seg = &input[start..end];
        self.seg_no += 1;
        let id = seg.get(..3).unwrap_or(seg);
        match id {
            b"FHS" => {
                if self.batch.file_header.is_some()
                    || !self.batch.messages.is_empty()
                    || self.current.is_some()
                {
                    self.problem(ErrorKind::BatchStructure("FHS is not first"), start, seg)?;
                }
                self.batch.file_header = Some(seg);
            }
            b"BHS" => {
                if self.open_group.is_some() {
                    self.problem(
                        ErrorKind::BatchStructure("BHS before the previous BTS"),
                        start,
                        seg,
                    )?;
                    self.close_group(None)?;
                }
                self.close_message();
                self.open_group = Some(BatchGroup {
                    header: Some(seg),
                    trailer: None,
                    messages: self.batch.messages.len()..self.batch.messages.len(),
                });
            }
            b"BTS" => {
                if self.open_group.is_none() {
                    if self.batch.groups.is_empty() && self.batch.file_header.is_none() {
                        // A BTS closing messages without a BHS: treat them as one batch.
                        self.problem(ErrorKind::BatchStructure("BTS without BHS"), start, seg)?;
                    }
                    self.close_message();
                    let first = self.batch.groups.last().map_or(0, |g| g.messages.end);
                    self.open_group = Some(BatchGroup {
                        header: None,
                        trailer: None,
                        messages: first..first,
                    });
                }
                self.close_group(Some((seg, start)))?;
            }
            b"FTS" => {
                if self.open_group.is_some() {
                    self.problem(ErrorKind::BatchStructure("FTS before BTS"), start, seg)?;
                    self.close_group(None)?;
                }
                self.close_message();
                self.batch.file_trailer = Some(seg);
                self.check_count(seg, start, self.batch.groups.len(), "FTS-1 is not a number")?;
            }
            b"MSH" => {
                if self.batch.file_trailer.is_some() {
                    self.problem(ErrorKind::BatchStructure("message after FTS"), start, seg)?;
                }
                self.close_message();
                self.current = Some(start..next);
            }
            _ => match &mut self.current {
                Some(m) => m.end = next,
                None => {
                    self.problem(
                        ErrorKind::BatchStructure("segment outside a message"),
                        start,
                        seg,
                    )?;
                }
            },
        }
        Ok(())
    }
}

impl<'a> Batch<'a> {
    /// Splits a batch file strictly (CR terminators; trailer counts must match).
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_with(input, &ParseOptions::strict())
    }

    /// Splits with options. In lenient mode LF/CR LF terminators, a BOM, surrounding
    /// whitespace, wrong trailer counts and misplaced envelope segments are recorded as
    /// warnings instead of errors.
    ///
    /// Plain concatenated messages without any envelope are accepted in both modes.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        if input.len() >= u32::MAX as usize {
            return Err(Error::new(ErrorKind::TooLarge, 0));
        }
        let lenient = opts.mode == Mode::Lenient;
        let mut pos = 0usize;
        let mut warnings = Vec::new();
        if input.starts_with(b"\xEF\xBB\xBF") {
            if !lenient {
                return Err(Error::new(ErrorKind::ByteOrderMark, 0));
            }
            warnings.push(Warning {
                kind: WarningKind::ByteOrderMark,
                offset: 0,
            });
            pos = 3;
        }
        if lenient {
            let lead = input[pos..]
                .iter()
                .take_while(|&&b| b.is_ascii_whitespace() || b == 0)
                .count();
            if lead > 0 {
                warnings.push(Warning {
                    kind: WarningKind::LeadingWhitespace,
                    offset: pos,
                });
            }
            pos += lead;
        }
        let head = &input[pos..];
        if head.is_empty() {
            return Err(Error::new(ErrorKind::Empty, pos));
        }
        if !(head.starts_with(b"FHS") || head.starts_with(b"BHS") || head.starts_with(b"MSH")) {
            return Err(Error::new(ErrorKind::MissingHeader, pos));
        }
        let (delims, _, _) = Delimiters::from_header(head, pos, true)
            .map_err(|e| e.at_segment(1, head).at_field(2))?;
        let mut sp = Splitter {
            batch: Batch {
                input,
                delims,
                file_header: None,
                file_trailer: None,
                groups: Vec::new(),
                messages: Vec::new(),
                ends: Vec::new(),
                warnings,
            },
            lenient,
            current: None,
            open_group: None,
            seg_no: 0,
        };
        if lenient {
            while pos < input.len() {
                let rest = &input[pos..];
                let end = memchr::memchr2(b'\r', b'\n', rest).map_or(input.len(), |i| pos + i);
                let mut next = (end + 1).min(input.len());
                while next < input.len() && (is_terminator(input[next]) || input[next] == 0) {
                    next += 1;
                }
                let seg = &input[pos..end];
                if seg.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
                    sp.batch.warnings.push(Warning {
                        kind: WarningKind::EmptySegment,
                        offset: pos,
                    });
                } else {
                    sp.segment(pos, end, next)?;
                }
                pos = next;
            }
        } else {
            // Strict: CR only; one pass of memchr's iterator finds every terminator.
            let base = pos;
            sp.batch.ends.reserve(input.len() / 64);
            for i in memchr::memchr_iter(b'\r', &input[base..]) {
                let end = base + i;
                if end == pos {
                    return Err(Error::new(ErrorKind::EmptySegment, pos));
                }
                sp.batch.ends.push(end as u32);
                match (&mut sp.current, input[pos]) {
                    // Inside a message, a segment that cannot be an envelope or header
                    // segment only extends it.
                    (Some(m), c) if !matches!(c, b'M' | b'B' | b'F') => {
                        sp.seg_no += 1;
                        m.end = end + 1;
                    }
                    _ => sp.segment(pos, end, end + 1)?,
                }
                pos = end + 1;
            }
            if pos < input.len() {
                sp.segment(pos, input.len(), input.len())?;
            }
        }
        if sp.open_group.is_some() {
            let at = input.len();
            sp.problem(ErrorKind::BatchStructure("BHS without BTS"), at, b"")?;
            sp.close_group(None)?;
        }
        sp.close_message();
        if sp.batch.file_header.is_some() && sp.batch.file_trailer.is_none() {
            let at = input.len();
            sp.problem(ErrorKind::BatchStructure("FHS without FTS"), at, b"")?;
        }
        if sp.batch.groups.is_empty() && !sp.batch.messages.is_empty() {
            sp.batch.groups.push(BatchGroup {
                header: None,
                trailer: None,
                messages: 0..sp.batch.messages.len(),
            });
        }
        Ok(sp.batch)
    }

    /// The delimiters of the first header (FHS, BHS or MSH).
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// The `FHS` segment, if present.
    pub fn file_header(&self) -> Option<&'a [u8]> {
        self.file_header
    }

    /// The `FTS` segment, if present.
    pub fn file_trailer(&self) -> Option<&'a [u8]> {
        self.file_trailer
    }

    /// The batches (`BHS`…`BTS`); messages outside any envelope form one group.
    pub fn groups(&self) -> &[BatchGroup<'a>] {
        &self.groups
    }

    /// Number of messages.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// Each message's bytes (from its `MSH` to its last segment's terminator).
    pub fn messages(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + '_ {
        let input = self.input;
        self.messages.iter().map(move |r| &input[r.clone()])
    }

    /// Parses message `index` with `opts`: the same result as
    /// [`Message::parse_with`](crate::Message::parse_with) on its bytes, but when both the
    /// batch and `opts` are strict and `opts` asks for a segments-only index, the segment
    /// terminators found while splitting are reused instead of scanning the message again.
    /// `None` when `index` is out of range.
    ///
    /// ```
    /// use hl7v2::{Batch, ParseOptions};
    /// let file = b"BHS|^~\\&|LAB\rMSH|^~\\&|LAB||||||ADT^A01|1|P|2.5\rPID|1\rBTS|1\r";
    /// let batch = Batch::parse(file)?;
    /// let msg = batch.parse_message(0, &ParseOptions::strict().segments_only()).unwrap()?;
    /// assert_eq!(msg.segment_count(), 2);
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn parse_message(
        &self,
        index: usize,
        opts: &ParseOptions,
    ) -> Option<Result<Message<'a>, Error>> {
        let mut bufs = Buffers::default();
        self.parse_message_reusing(index, opts, &mut bufs)
    }

    /// [`Batch::parse_message`] with reusable index buffers, as in
    /// [`Message::parse_reusing`]: give them back with [`Message::recycle`].
    pub fn parse_message_reusing(
        &self,
        index: usize,
        opts: &ParseOptions,
        bufs: &mut Buffers,
    ) -> Option<Result<Message<'a>, Error>> {
        let r = self.messages.get(index)?.clone();
        Some(self.parse_range(r, opts, bufs))
    }

    /// Parses every message with `opts` (see [`Batch::parse_message`]).
    pub fn parse_messages<'b>(
        &'b self,
        opts: &'b ParseOptions,
    ) -> impl ExactSizeIterator<Item = Result<Message<'a>, Error>> + 'b {
        self.messages
            .iter()
            .map(move |r| self.parse_range(r.clone(), opts, &mut Buffers::default()))
    }

    fn parse_range(
        &self,
        r: Range<usize>,
        opts: &ParseOptions,
        bufs: &mut Buffers,
    ) -> Result<Message<'a>, Error> {
        let bytes = self.input.get(r.clone()).unwrap_or_default();
        // The parser decides whether it can use them (strict, segments-only).
        let known = (!self.ends.is_empty()).then(|| {
            let a = self.ends.partition_point(|&e| (e as usize) < r.start);
            let b = self.ends.partition_point(|&e| (e as usize) < r.end);
            (self.ends.get(a..b).unwrap_or_default(), r.start)
        });
        Message::parse_known(bytes, opts, bufs, known)
    }

    /// Byte offset of each message in the input.
    pub fn message_offsets(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.messages.iter().map(|r| r.start)
    }

    /// What lenient splitting tolerated.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    const FILE: &[u8] =
        b"FHS|^~\\&|A\rBHS|^~\\&|A\rMSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\rPID|2\rBTS|2\r\
BHS|^~\\&|A\rMSH|^~\\&|C\rBTS|1\rFTS|2\r";

    #[test]
    fn splits_file() {
        let b = Batch::parse(FILE).unwrap();
        assert_eq!(b.message_count(), 3);
        assert_eq!(b.groups().len(), 2);
        assert_eq!(b.groups()[0].messages, 0..2);
        assert_eq!(b.groups()[1].messages, 2..3);
        let msgs: Vec<&[u8]> = b.messages().collect();
        assert_eq!(msgs[0], b"MSH|^~\\&|A\rPID|1\r");
        assert_eq!(msgs[2], b"MSH|^~\\&|C\r");
        for m in b.messages() {
            Message::parse(m).unwrap();
        }
    }

    #[test]
    fn parse_message_matches_parsing_the_slice() {
        let file: &[u8] = b"BHS|^~\\&|A\rMSH|^~\\&|A\rPID|1\rOBX|1\rMSH|^~\\&|B\rpid|2\r\
MSH|^~\\&|C\rNTE|1\rBTS|3\r";
        let b = Batch::parse(file).unwrap();
        assert_eq!(b.message_count(), 3);
        for opts in [
            ParseOptions::strict().segments_only(),
            ParseOptions::strict(),
            ParseOptions::lenient().segments_only(),
        ] {
            for (i, bytes) in b.messages().enumerate() {
                let via = b.parse_message(i, &opts).unwrap();
                let direct = Message::parse_with(bytes, &opts);
                match (via, direct) {
                    (Ok(x), Ok(y)) => {
                        assert_eq!(x.segment_count(), y.segment_count());
                        assert_eq!(x.write(), y.write());
                        assert_eq!(x.warnings(), y.warnings());
                        let ids = |m: &Message<'_>| {
                            m.segments().map(|s| s.raw().to_vec()).collect::<Vec<_>>()
                        };
                        assert_eq!(ids(&x), ids(&y));
                    }
                    (Err(x), Err(y)) => assert_eq!(x, y),
                    (x, y) => panic!("{:?} vs {:?}", x.err(), y.err()),
                }
            }
        }
        // The lower-case segment id is an error in the second message only.
        let segs = ParseOptions::strict().segments_only();
        let results: Vec<bool> = b.parse_messages(&segs).map(|r| r.is_ok()).collect();
        assert_eq!(results, [true, false, true]);
        let e = b.parse_message(1, &segs).unwrap().unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidSegmentId);
        assert_eq!(e.offset, 11);
        assert!(b.parse_message(3, &segs).is_none());
    }

    #[test]
    fn wrong_counts() {
        let bad = b"BHS|^~\\&|A\rMSH|^~\\&|A\rBTS|3\r";
        let e = Batch::parse(bad).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::CountMismatch {
                stated: 3,
                found: 1
            }
        );
        assert_eq!(e.offset, 22);
        let b = Batch::parse_with(bad, &ParseOptions::lenient()).unwrap();
        assert_eq!(b.warnings()[0].kind, WarningKind::BatchCountMismatch);
        let bad = b"FHS|^~\\&\rBHS|^~\\&\rMSH|^~\\&|A\rBTS|1\rFTS|2\r";
        assert!(matches!(
            Batch::parse(bad).unwrap_err().kind,
            ErrorKind::CountMismatch {
                stated: 2,
                found: 1
            }
        ));
    }

    #[test]
    fn plain_concatenation_and_lf() {
        let b = Batch::parse_with(
            b"\xEF\xBB\xBFMSH|^~\\&|A\nPID|1\r\nMSH|^~\\&|B\n\n",
            &ParseOptions::lenient(),
        )
        .unwrap();
        assert_eq!(b.message_count(), 2);
        for m in b.messages() {
            let msg = Message::parse_with(m, &ParseOptions::lenient()).unwrap();
            assert!(msg.segment_count() >= 1);
        }
        assert!(Batch::parse(b"").is_err());
        assert!(Batch::parse(b"PID|1\r").is_err());
    }
}
