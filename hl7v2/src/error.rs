//! The crate's one error type.

use core::fmt;

/// What went wrong. Never carries field contents (patient data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no bytes (or only whitespace in lenient mode).
    #[error("input is empty")]
    Empty,
    /// The input does not begin with an `MSH` (or `FHS`/`BHS` for batches) header segment.
    #[error("message does not start with an MSH segment")]
    MissingHeader,
    /// The header segment ends before its delimiters are complete.
    #[error("header segment is truncated before its encoding characters end")]
    TruncatedHeader,
    /// MSH-2 (or FHS-2/BHS-2) is not a valid set of encoding characters.
    #[error("invalid encoding characters in the header: {0}")]
    InvalidEncodingCharacters(&'static str),
    /// A UTF-8 byte order mark precedes the message (accepted in lenient mode).
    #[error("UTF-8 byte order mark before the message (allowed only in lenient mode)")]
    ByteOrderMark,
    /// Bytes before the header (accepted in lenient mode when they are whitespace).
    #[error("unexpected bytes before the header segment")]
    LeadingGarbage,
    /// Segments end with line feeds (accepted in lenient mode; in strict mode only CR ends a
    /// segment).
    #[error("line feed used as a segment terminator (allowed only in lenient mode)")]
    LineFeedTerminator,
    /// Two segment terminators in a row (accepted in lenient mode).
    #[error("empty segment")]
    EmptySegment,
    /// A segment id is not three upper-case letters or digits.
    #[error("invalid segment id")]
    InvalidSegmentId,
    /// The input is larger than the 4 GiB the index can address.
    #[error("input larger than 4 GiB")]
    TooLarge,
    /// A path string such as `PID-5[2].1` is malformed at the given character position.
    #[error("malformed path at character {position}")]
    InvalidPath {
        /// Character position within the path string.
        position: usize,
    },
    /// An escape sequence is unknown or unterminated (strict mode only).
    #[error("invalid escape sequence")]
    InvalidEscape,
    /// The value's bytes are not valid in the message character set.
    #[error("bytes are not valid {0}")]
    InvalidText(&'static str),
    /// MSH-18 names a character set this crate cannot decode; raw bytes remain available.
    #[error("unsupported character set in MSH-18")]
    UnsupportedCharset,
    /// A timestamp (DTM/TS) value is malformed.
    #[error("malformed timestamp")]
    InvalidTimestamp,
    /// A batch or file trailer count disagrees with the content.
    #[error("batch count mismatch: trailer says {stated}, found {found}")]
    CountMismatch {
        /// The count written in BTS-1/FTS-1.
        stated: u64,
        /// The number actually present.
        found: u64,
    },
    /// Batch envelope segments are out of order or unbalanced.
    #[error("invalid batch structure: {0}")]
    BatchStructure(&'static str),
    /// A builder path or value is not acceptable (e.g. setting MSH-1).
    #[error("invalid builder operation: {0}")]
    InvalidOperation(&'static str),
}

/// A parse or access error with its precise location.
///
/// `Display` prints the kind and the location (byte offset, segment number and id, field
/// number) but never any field contents.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({})", Location(self))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// 1-based segment number within the message, when known.
    pub segment: Option<u32>,
    /// The segment id (three ASCII bytes, `?` for anything else), when known.
    pub segment_id: Option<[u8; 3]>,
    /// 1-based field number (HL7 numbering), when known.
    pub field: Option<u32>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error {{ kind: {:?}, {} }}", self.kind, Location(self))
    }
}

struct Location<'e>(&'e Error);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(f, "byte {}", e.offset)?;
        if let Some(n) = e.segment {
            write!(f, ", segment {n}")?;
        }
        if let Some(id) = e.segment_id {
            let s: [char; 3] = id.map(char::from);
            write!(f, " {}{}{}", s[0], s[1], s[2])?;
        }
        if let Some(n) = e.field {
            write!(f, ", field {n}")?;
        }
        Ok(())
    }
}

impl Error {
    /// An error of `kind` at byte `offset` with no further coordinates.
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset,
            segment: None,
            segment_id: None,
            field: None,
        }
    }

    pub(crate) fn at_segment(mut self, number: u32, id: &[u8]) -> Self {
        self.segment = Some(number);
        self.segment_id = Some(sanitize_id(id));
        self
    }

    pub(crate) fn at_field(mut self, field: u32) -> Self {
        self.field = Some(field);
        self
    }
}

/// Keeps only upper-case ASCII letters and digits of a segment id, so that an error never
/// echoes arbitrary input bytes.
pub(crate) fn sanitize_id(id: &[u8]) -> [u8; 3] {
    let mut out = [b'?'; 3];
    for (o, &b) in out.iter_mut().zip(id.iter()) {
        if b.is_ascii_uppercase() || b.is_ascii_digit() {
            *o = b;
        }
    }
    out
}

/// Something lenient parsing tolerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// A UTF-8 byte order mark was skipped.
    ByteOrderMark,
    /// Whitespace or NUL bytes before the header were skipped.
    LeadingWhitespace,
    /// Whitespace or NUL bytes after the last segment were ignored.
    TrailingWhitespace,
    /// A line feed (alone) was taken as a segment terminator.
    LineFeedTerminator,
    /// A CR LF pair was taken as one segment terminator.
    CrLfTerminator,
    /// An empty segment (two terminators in a row) was skipped.
    EmptySegment,
    /// The last segment has no terminating carriage return.
    MissingFinalTerminator,
    /// A segment id is not three upper-case letters or digits.
    NonStandardSegmentId,
    /// MSH-2 does not hold four (or five, from v2.7) encoding characters.
    NonStandardEncodingCharacters,
    /// A second MSH segment appears inside the message.
    RepeatedHeader,
    /// A batch or file trailer count disagrees with the content (lenient batch splitting).
    BatchCountMismatch,
    /// Batch envelope segments are out of order or unbalanced (lenient batch splitting).
    BatchStructure,
}

/// A tolerated irregularity with the byte offset where it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning {
    /// What was tolerated.
    pub kind: WarningKind,
    /// Byte offset in the input.
    pub offset: usize,
}
