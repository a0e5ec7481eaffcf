//! Reading input, detecting its format, and splitting it into HL7 v2 messages.
//!
//! An input is one of:
//! - a single HL7 v2 message (starts with `MSH`);
//! - several messages: a batch file with an `FHS`/`BHS` envelope, or plain concatenated
//!   messages;
//! - an MLLP stream (starts with `VT`, 0x0B): every frame payload is in turn one of the above.
//!
//! A UTF-8 byte order mark and whitespace may precede any of them (strict parsing then rejects
//! them, `--lenient` accepts them).

use std::borrow::Cow;
use std::io::Read;
use std::ops::Range;

use hl7v2::mllp::{self, Event};
use hl7v2::{Batch, Message, Mode, ParseOptions};

use crate::Failure;
use crate::args::Input;

/// The input bytes of a command, with the name to show in messages.
#[derive(Debug)]
pub(crate) struct Source {
    /// `<stdin>` or the path as given.
    pub(crate) name: String,
    /// Everything read.
    pub(crate) bytes: Vec<u8>,
}

impl Source {
    /// Reads a whole file, or standard input for `-`.
    pub(crate) fn read(input: &Input) -> Result<Source, Failure> {
        let name = input.name();
        let bytes = match input {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut buf)
                    .map_err(|e| Failure::Input(format!("{name}: cannot read: {e}")))?;
                buf
            }
            Input::File(path) => std::fs::read(path)
                .map_err(|e| Failure::Input(format!("{name}: cannot read: {}", io_reason(&e))))?,
        };
        Ok(Source { name, bytes })
    }

    /// A failure about this input.
    pub(crate) fn fail(&self, msg: impl std::fmt::Display) -> Failure {
        Failure::Input(format!("{}: {msg}", self.name))
    }
}

/// An I/O error without the `(os error N)` suffix.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The detected kind of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// HL7 v2: a message or batch file.
    Hl7v2,
    /// An MLLP stream.
    Mllp,
    /// ASC X12: one or more interchanges (ISA … IEA).
    X12,
    /// DICOM: a Part 10 file (`DICM` at byte 128, or at 0 without preamble) or a bare data set.
    Dicom,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Skips a byte order mark and whitespace/NUL bytes.
fn skip_padding(input: &[u8]) -> &[u8] {
    let rest = input.strip_prefix(BOM).unwrap_or(input);
    let n = rest
        .iter()
        .take_while(|&&b| b.is_ascii_whitespace() || b == 0)
        .count();
    &rest[n..]
}

/// Detects the format from the first bytes, or explains why the input is not supported.
pub(crate) fn detect(input: &[u8]) -> Result<Format, String> {
    let head = skip_padding(input);
    if head.is_empty() {
        return Err("input is empty".to_string());
    }
    if head[0] == mllp::START_BLOCK {
        return Ok(Format::Mllp);
    }
    if head.starts_with(b"MSH") || head.starts_with(b"FHS") || head.starts_with(b"BHS") {
        return Ok(Format::Hl7v2);
    }
    if contains_frame_start(input) {
        // An MLLP stream with something before its first frame: reported as garbage.
        return Ok(Format::Mllp);
    }
    if head.starts_with(b"ISA") {
        return Ok(Format::X12);
    }
    if input.get(128..132) == Some(b"DICM")
        || input.starts_with(b"DICM")
        || plausible_data_set(input)
    {
        return Ok(Format::Dicom);
    }
    Err(
        "unrecognised input format: expected an HL7 v2 message or batch \
         (starting with MSH, FHS or BHS), an MLLP stream (starting with 0x0B), \
         an X12 interchange (starting with ISA) or a DICOM file"
            .to_string(),
    )
}

/// Whether the input starts like a bare DICOM data set: an element header with an even
/// group number from 0002 to 0010 (in either byte order), then an explicit VR or an implicit
/// length that fits the input.
fn plausible_data_set(input: &[u8]) -> bool {
    let Some(h) = input.get(..8) else {
        return false;
    };
    let le = u16::from_le_bytes([h[0], h[1]]);
    let be = u16::from_be_bytes([h[0], h[1]]);
    let group_ok = |g: u16| (2..=0x0010).contains(&g) && g.is_multiple_of(2);
    if !group_ok(le) && !group_ok(be) {
        return false;
    }
    let explicit = h[4].is_ascii_uppercase() && h[5].is_ascii_uppercase();
    let implicit_len = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
    explicit || (group_ok(le) && usize::try_from(implicit_len).is_ok_and(|n| n <= input.len() - 8))
}

/// Why an X12 or DICOM input cannot go through an HL7 v2-only command.
pub(crate) fn not_hl7(format: Format) -> String {
    let name = match format {
        Format::X12 => "X12",
        Format::Dicom => "DICOM",
        Format::Hl7v2 | Format::Mllp => "HL7 v2",
    };
    format!("input is {name}; this command reads HL7 v2 messages only")
}

/// Whether a `VT` directly followed by a header segment id appears in the first 64 KiB.
fn contains_frame_start(input: &[u8]) -> bool {
    let window = input.get(..64 * 1024).unwrap_or(input);
    window
        .windows(4)
        .any(|w| w[0] == mllp::START_BLOCK && matches!(&w[1..], b"MSH" | b"FHS" | b"BHS"))
}

/// `n` followed by `word`, pluralised with `s` when `n` is not 1.
pub(crate) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One HL7 v2 text: the whole input, or the payload of one MLLP frame.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    /// The bytes.
    pub(crate) bytes: Cow<'a, [u8]>,
    /// Offset of `bytes[0]` in the input.
    pub(crate) base: usize,
    /// Whether the unit has a batch envelope (`FHS`, `BHS`, `BTS` or `FTS` segments).
    pub(crate) envelope: bool,
    /// Where the messages are in `bytes`; what lies between them (envelope segments) is
    /// copied as is when writing the unit back.
    pub(crate) messages: Vec<Range<usize>>,
}

/// The input split into units and messages.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// Whether the input was an MLLP stream (one unit per frame).
    pub(crate) framed: bool,
    /// The units, in input order.
    pub(crate) units: Vec<Unit<'a>>,
    /// Things tolerated in lenient mode, for standard error.
    pub(crate) notes: Vec<String>,
}

impl Doc<'_> {
    /// Whether the input is exactly one message, unframed and without envelope (the
    /// commands then print one result rather than a list).
    pub(crate) fn is_single(&self) -> bool {
        !self.framed
            && self.units.len() == 1
            && self
                .units
                .first()
                .is_some_and(|u| !u.envelope && u.messages.len() == 1)
    }

    /// Total number of messages.
    pub(crate) fn message_count(&self) -> usize {
        self.units.iter().map(|u| u.messages.len()).sum()
    }
}

/// A message parsed from a [`Doc`].
pub(crate) struct Parsed<'d> {
    /// The message.
    pub(crate) msg: Message<'d>,
    /// Index of its unit in [`Doc::units`].
    pub(crate) unit: usize,
    /// 1-based number of the message within the whole input.
    pub(crate) number: usize,
    /// Offset of the message's first byte in the input (add it to the message's own offsets).
    pub(crate) base: usize,
}

/// Splits an HL7 v2 input, or an MLLP stream of them, into messages.
pub(crate) fn load<'a>(src: &'a Source, opts: &ParseOptions) -> Result<Doc<'a>, Failure> {
    let format = detect(&src.bytes).map_err(|m| src.fail(m))?;
    let mut doc = Doc {
        framed: format == Format::Mllp,
        units: Vec::new(),
        notes: Vec::new(),
    };
    match format {
        Format::Hl7v2 => {
            let unit = split_unit(Cow::Borrowed(&src.bytes[..]), 0, opts, None, &mut doc.notes)
                .map_err(|m| src.fail(m))?;
            doc.units.push(unit);
        }
        Format::X12 | Format::Dicom => {
            return Err(src.fail(not_hl7(format)));
        }
        Format::Mllp => {
            let lenient = opts.mode == Mode::Lenient;
            let mut pos = 0usize;
            let mut frame_no = 0usize;
            for event in mllp::deframe_all(&src.bytes) {
                let problem = match event {
                    Event::Message(payload) => {
                        frame_no += 1;
                        let len = payload.len();
                        let unit = split_unit(
                            Cow::Owned(payload),
                            pos + 1,
                            opts,
                            Some(frame_no),
                            &mut doc.notes,
                        )
                        .map_err(|m| src.fail(m))?;
                        doc.units.push(unit);
                        pos += len + 3;
                        None
                    }
                    other => {
                        let (desc, next) = describe_event(&other);
                        pos = next;
                        desc
                    }
                };
                if let Some(p) = problem {
                    if lenient {
                        doc.notes.push(p);
                    } else {
                        return Err(src.fail(p));
                    }
                }
            }
            if doc.units.is_empty() {
                return Err(src.fail("no complete MLLP frame in input"));
            }
        }
    }
    Ok(doc)
}

/// Describes an MLLP problem event (`None` for harmless whitespace between frames, and for
/// messages) and returns the stream offset just after it.
pub(crate) fn describe_event(event: &Event) -> (Option<String>, usize) {
    let end = |offset: u64, len: usize| {
        usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .saturating_add(len)
    };
    match *event {
        Event::Garbage {
            offset,
            len,
            whitespace_only,
        } => (
            (!whitespace_only).then(|| {
                format!(
                    "{} outside any MLLP frame (byte {offset})",
                    count(len, "byte")
                )
            }),
            end(offset, len),
        ),
        Event::Truncated { offset, len } => (
            Some(format!(
                "truncated MLLP frame, {} discarded (byte {offset})",
                count(len, "byte")
            )),
            end(offset, len),
        ),
        Event::Oversize { offset, len } => (
            Some(format!(
                "oversize MLLP frame, {} discarded (byte {offset})",
                count(len, "byte")
            )),
            end(offset, len),
        ),
        Event::MissingCarriageReturn { offset } => (
            Some(format!("MLLP frame end not followed by CR (byte {offset})")),
            usize::try_from(offset).unwrap_or(usize::MAX),
        ),
        Event::Message(_) => (None, 0),
    }
}

/// Splits one HL7 v2 text into messages (checking the batch envelope). Returns the error
/// message on failure.
fn split_unit<'a>(
    bytes: Cow<'a, [u8]>,
    base: usize,
    opts: &ParseOptions,
    frame: Option<usize>,
    notes: &mut Vec<String>,
) -> Result<Unit<'a>, String> {
    let prefix = match frame {
        Some(n) => format!("frame {n}: "),
        None => String::new(),
    };
    if frame.is_some() {
        match detect(&bytes) {
            Err(m) => return Err(format!("{prefix}{m}")),
            Ok(f @ (Format::X12 | Format::Dicom)) => {
                return Err(format!("{prefix}{}", not_hl7(f)));
            }
            Ok(_) => {}
        }
        if skip_padding(&bytes).first() == Some(&mllp::START_BLOCK) {
            return Err(format!(
                "{prefix}MLLP start byte inside a frame (byte {base})"
            ));
        }
    }
    let starts_with_msh = skip_padding(&bytes).starts_with(b"MSH");
    let (envelope, messages) = match Batch::parse_with(&bytes, opts) {
        Ok(batch) => {
            let envelope = batch.file_header().is_some()
                || batch.file_trailer().is_some()
                || batch
                    .groups()
                    .iter()
                    .any(|g| g.header.is_some() || g.trailer.is_some());
            let ranges: Vec<Range<usize>> = batch
                .message_offsets()
                .zip(batch.messages())
                .map(|(start, m)| start..start + m.len())
                .collect();
            if ranges.is_empty() {
                return Err(format!("{prefix}no message in batch"));
            }
            if envelope || ranges.len() > 1 {
                // (For a single message, the message parser reports the same warnings.)
                for w in batch.warnings() {
                    notes.push(format!(
                        "{prefix}warning: {} (byte {})",
                        crate::json::warning_name(&w.kind),
                        base + w.offset
                    ));
                }
            }
            if !envelope && ranges.len() == 1 {
                // One plain message: the whole text is that message, so that the message
                // parser sees (and reports) any padding around it.
                (false, std::iter::once(0..bytes.len()).collect())
            } else {
                (envelope, ranges)
            }
        }
        Err(e) => {
            // For plain messages the message parser gives the more precise error; it may
            // even accept what the batch splitter refused (e.g. a stray BTS segment).
            if !starts_with_msh {
                return Err(format!("{prefix}{}", offset_by(e, base)));
            }
            if let Err(me) = Message::parse_with(&bytes, opts) {
                return Err(format!("{prefix}{}", offset_by(me, base)));
            }
            (false, std::iter::once(0..bytes.len()).collect())
        }
    };
    Ok(Unit {
        bytes,
        base,
        envelope,
        messages,
    })
}

/// The error with its offset moved by `base` (so that it is an offset in the input).
pub(crate) fn offset_by(mut e: hl7v2::Error, base: usize) -> hl7v2::Error {
    e.offset = e.offset.saturating_add(base);
    e
}

/// Parses every message of the document.
pub(crate) fn parse_all<'d>(
    doc: &'d Doc<'_>,
    opts: &ParseOptions,
) -> Result<Vec<Parsed<'d>>, String> {
    let single = doc.is_single();
    let mut out = Vec::with_capacity(doc.message_count());
    let mut number = 0usize;
    for (ui, unit) in doc.units.iter().enumerate() {
        for range in &unit.messages {
            number += 1;
            let bytes = unit.bytes.get(range.clone()).unwrap_or_default();
            let base = unit.base + range.start;
            let label = if single {
                String::new()
            } else {
                format!("message {number}: ")
            };
            let msg = Message::parse_with(bytes, opts)
                .map_err(|e| format!("{label}{}", offset_by(e, base)))?;
            if opts.mode == Mode::Strict
                && let Some(at) = line_feed_terminator(&msg)
            {
                return Err(format!(
                    "{label}line feed used as a segment terminator (byte {}); \
                     HL7 v2 segments end with CR",
                    base + at
                ));
            }
            out.push(Parsed {
                msg,
                unit: ui,
                number,
                base,
            });
        }
    }
    Ok(out)
}

/// In strict mode a line feed is data, so a file with LF-terminated segments parses as one
/// long segment. The CLI refuses that: returns the offset of the first line feed followed by
/// what looks like the start of a segment (`PID|`).
fn line_feed_terminator(msg: &Message<'_>) -> Option<usize> {
    let field = msg.delimiters().field;
    msg.segments().find_map(|seg| {
        let raw = seg.raw();
        raw.iter().enumerate().find_map(|(i, &b)| {
            let next = raw.get(i + 1..i + 5)?;
            let looks_like_segment = b == b'\n'
                && next[..3]
                    .iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && next[3] == field;
            looks_like_segment.then_some(seg.offset() + i)
        })
    })
}

/// Loads and parses the input. When strict parsing fails, says whether `--lenient` would
/// have accepted the input.
pub(crate) fn load_and_parse(
    src: &Source,
    lenient: bool,
    run: impl FnOnce(&Doc<'_>, Vec<Parsed<'_>>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let opts = if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let failure = match load(src, &opts) {
        Ok(doc) => match parse_all(&doc, &opts) {
            Ok(parsed) => {
                for note in &doc.notes {
                    crate::warn(&format!("{}: {note}", src.name));
                }
                return run(&doc, parsed);
            }
            Err(m) => src.fail(m),
        },
        Err(f) => f,
    };
    match failure {
        Failure::Input(msg) if !lenient && lenient_ok(src) => Err(Failure::Input(format!(
            "{msg}; the input parses with --lenient"
        ))),
        f => Err(f),
    }
}

/// Whether the input loads and parses in lenient mode.
fn lenient_ok(src: &Source) -> bool {
    let opts = ParseOptions::lenient();
    load(src, &opts).is_ok_and(|doc| parse_all(&doc, &opts).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(detect(b"MSH|^~\\&|A\r"), Ok(Format::Hl7v2));
        assert_eq!(detect(b"\xEF\xBB\xBF\r\nFHS|^~\\&\r"), Ok(Format::Hl7v2));
        assert_eq!(detect(b"  \x0bMSH|"), Ok(Format::Mllp));
        assert!(detect(b"").is_err());
        assert_eq!(detect(b"ISA*00*"), Ok(Format::X12));
        let mut dcm = vec![0u8; 128];
        dcm.extend_from_slice(b"DICM");
        assert_eq!(detect(&dcm), Ok(Format::Dicom));
        assert!(detect(b"{\"resourceType\":1}").is_err_and(|m| m.contains("unrecognised")));
    }

    #[test]
    fn splits_concatenated_messages() -> Result<(), Failure> {
        let src = Source {
            name: "t".into(),
            bytes: b"MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\rPID|2\r".to_vec(),
        };
        let doc = load(&src, &ParseOptions::strict())?;
        assert!(!doc.is_single());
        assert_eq!(doc.message_count(), 2);
        let parsed = parse_all(&doc, &ParseOptions::strict()).map_err(Failure::Input)?;
        assert_eq!(parsed.get(1).map(|p| p.base), Some(17));
        Ok(())
    }
}
