//! The crate's one error type, the warnings lenient parsing records, and segment ids.

use core::fmt;

use crate::diag::{Diagnostic, DiagnosticKind};

/// A segment id such as `ISA`, `GS`, `NM1`: two or three upper-case letters or digits.
///
/// Built from input bytes with every byte that is not an upper-case ASCII letter or digit
/// replaced by `?`, so that printing an id can never echo arbitrary data. Ids are structure,
/// not patient data, so `Debug` and `Display` show them.
///
/// ```
/// use x12::SegmentId;
/// assert_eq!(SegmentId::new(b"NM1").as_str(), "NM1");
/// assert_eq!(SegmentId::new(b"GS").to_string(), "GS");
/// assert_eq!(SegmentId::new(b"n\x001").as_str(), "??1");
/// assert_eq!(SegmentId::new(b"TOOLONG").as_str(), "TOO");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SegmentId {
    bytes: [u8; 3],
    len: u8,
}

impl SegmentId {
    /// The id of a segment whose raw id bytes are `id` (at most three are kept).
    pub fn new(id: &[u8]) -> Self {
        let mut bytes = [0u8; 3];
        let len = id.len().min(3);
        for (o, &b) in bytes.iter_mut().zip(id.iter()) {
            *o = if b.is_ascii_uppercase() || b.is_ascii_digit() {
                b
            } else {
                b'?'
            };
        }
        SegmentId {
            bytes,
            len: len as u8,
        }
    }

    /// The id as bytes (sanitised, at most three).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// The id as text (sanitised, so always ASCII).
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("?")
    }
}

impl fmt::Debug for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which delimiter a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelimiterRole {
    /// The data element separator (ISA byte 3).
    Element,
    /// The repetition separator (ISA11, versions 00402 and later).
    Repetition,
    /// The component element separator (ISA16).
    Component,
    /// The segment terminator (the byte after ISA16).
    Segment,
}

impl fmt::Display for DelimiterRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DelimiterRole::Element => "element separator",
            DelimiterRole::Repetition => "repetition separator",
            DelimiterRole::Component => "component separator",
            DelimiterRole::Segment => "segment terminator",
        })
    }
}

/// What went wrong. Never carries element contents (patient data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no bytes (or, in lenient mode, only whitespace).
    #[error("input is empty")]
    Empty,
    /// The input does not begin with an `ISA` interchange header.
    #[error("input does not start with an ISA segment")]
    MissingHeader,
    /// The input ends inside the ISA segment, before its delimiters are all known.
    #[error("ISA segment is truncated before its segment terminator")]
    TruncatedHeader,
    /// A delimiter read from the ISA cannot be used (a letter, digit or space, or equal to
    /// another delimiter).
    #[error("unusable {0} in the ISA segment")]
    InvalidDelimiter(DelimiterRole),
    /// The segment terminator read from the ISA also occurs inside the ISA segment.
    #[error("segment terminator occurs inside the ISA segment")]
    TerminatorInHeader,
    /// A UTF-8 byte order mark precedes the interchange (accepted in lenient mode).
    #[error("UTF-8 byte order mark before the interchange (allowed only in lenient mode)")]
    ByteOrderMark,
    /// Whitespace precedes the interchange (accepted in lenient mode).
    #[error("whitespace before the interchange (allowed only in lenient mode)")]
    LeadingWhitespace,
    /// A carriage return or line feed follows a segment terminator (accepted in lenient mode).
    #[error("line break after a segment terminator (allowed only in lenient mode)")]
    LineBreak,
    /// With a line feed as the segment terminator, a segment ends with a carriage return
    /// (accepted in lenient mode, where the carriage return is dropped).
    #[error("carriage return before a line feed segment terminator (allowed only in lenient mode)")]
    CarriageReturnBeforeTerminator,
    /// Two segment terminators in a row (accepted in lenient mode).
    #[error("empty segment")]
    EmptySegment,
    /// The last segment has no segment terminator (accepted in lenient mode).
    #[error("last segment has no segment terminator (allowed only in lenient mode)")]
    MissingFinalTerminator,
    /// Whitespace follows the interchange (accepted in lenient mode).
    #[error("whitespace after the interchange (allowed only in lenient mode)")]
    TrailingWhitespace,
    /// Bytes that are neither whitespace nor another interchange follow the IEA trailer.
    #[error("unexpected bytes after the interchange trailer")]
    TrailingData,
    /// A second interchange follows the first: use [`Interchanges`](crate::Interchanges) or
    /// the incremental [`Stream`](crate::Stream) for inputs holding several.
    #[error("input holds more than one interchange")]
    MultipleInterchanges,
    /// The input is larger than the 4 GiB one index can address (use the incremental
    /// [`Stream`](crate::Stream)), or a transaction set exceeds the stream's size limit.
    #[error("input too large")]
    TooLarge,
    /// An envelope check failed and the options say to reject (see
    /// [`EnvelopePolicy`](crate::EnvelopePolicy)).
    #[error("{}", .0.kind)]
    Envelope(Diagnostic),
    /// A value to be written contains one of the delimiters. X12 has no escape mechanism, so
    /// such a value cannot be written with these delimiters.
    #[error("value contains the {0}")]
    DelimiterInValue(DelimiterRole),
    /// A value has more than one repetition but the delimiters (or the ISA12 version) have no
    /// repetition separator.
    #[error("repeated value but no repetition separator")]
    NoRepetitionSeparator,
    /// A builder value is not acceptable (a bad segment id, an ISA value of the wrong width).
    #[error("invalid value: {0}")]
    InvalidValue(&'static str),
    /// Delimiters chosen for writing are unusable: letters, digits or space, repeated, or a
    /// repetition separator that does not match the ISA12 version.
    #[error("invalid delimiters: {0}")]
    InvalidDelimiters(&'static str),
}

/// A parse, write or access error with its precise location.
///
/// `Display` prints the kind and the location (byte offset, segment position and id, element
/// number) but never any element contents.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({})", Location(self))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// 1-based position of the segment within its interchange (`ISA` is 1), when known.
    pub segment: Option<u32>,
    /// The segment id, when known.
    pub segment_id: Option<SegmentId>,
    /// 1-based element position within the segment (`NM103` is 3), when known.
    pub element: Option<u32>,
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
            write!(f, " {id}")?;
        }
        if let Some(n) = e.element {
            write!(f, ", element {n}")?;
        }
        Ok(())
    }
}

impl Error {
    /// An error of `kind` at byte `offset` with no further coordinates.
    ///
    /// ```
    /// let e = x12::Error::new(x12::ErrorKind::Empty, 0);
    /// assert_eq!(e.to_string(), "input is empty (byte 0)");
    /// ```
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset,
            segment: None,
            segment_id: None,
            element: None,
        }
    }

    pub(crate) fn at_segment(mut self, position: u32, id: &[u8]) -> Self {
        self.segment = Some(position);
        self.segment_id = Some(SegmentId::new(id));
        self
    }

    pub(crate) fn at_element(mut self, element: u32) -> Self {
        self.element = Some(element);
        self
    }

    /// The envelope diagnostic behind an [`ErrorKind::Envelope`] error.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match &self.kind {
            ErrorKind::Envelope(d) => Some(d),
            _ => None,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error {
            offset: d.offset,
            segment: Some(d.segment_position),
            segment_id: Some(d.segment_id),
            element: d.element.map(u32::from),
            kind: ErrorKind::Envelope(d),
        }
    }
}

impl From<Diagnostic> for ErrorKind {
    fn from(d: Diagnostic) -> Self {
        ErrorKind::Envelope(d)
    }
}

impl DiagnosticKind {
    /// Whether this kind of finding is about the interchange envelope (ISA/IEA) rather than a
    /// group or transaction set.
    pub(crate) fn is_interchange_level(&self) -> bool {
        matches!(
            self,
            DiagnosticKind::IsaElementWidth { .. }
                | DiagnosticKind::InvalidIsaElement { .. }
                | DiagnosticKind::InterchangeControlNumberMismatch
                | DiagnosticKind::GroupCountMismatch { .. }
                | DiagnosticKind::MissingInterchangeTrailer
                | DiagnosticKind::SegmentOutsideTransactionSet
                | DiagnosticKind::UnexpectedTrailer
        )
    }
}

/// Something lenient parsing tolerated. Each kind is recorded once per interchange, at its
/// first occurrence, so warnings never grow with the input.
///
/// ```
/// use x12::{ErrorKind, Interchange, ParseOptions, WarningKind};
/// let input = include_bytes!("../tests/data/837p_crlf.x12"); // CR LF after every `~`
/// assert_eq!(Interchange::parse(input).unwrap_err().kind, ErrorKind::LineBreak);
/// let ic = Interchange::parse_with(input, &ParseOptions::lenient())?;
/// assert_eq!(ic.warnings().len(), 1);
/// assert_eq!((ic.warnings()[0].kind, ic.warnings()[0].offset), (WarningKind::LineBreak, 106));
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// A UTF-8 byte order mark was skipped.
    ByteOrderMark,
    /// Whitespace before the ISA was skipped.
    LeadingWhitespace,
    /// Carriage returns or line feeds after segment terminators were skipped.
    LineBreak,
    /// A carriage return before a line feed segment terminator was dropped.
    CarriageReturnBeforeTerminator,
    /// An empty segment (two terminators in a row) was skipped.
    EmptySegment,
    /// The last segment has no terminator.
    MissingFinalTerminator,
    /// Whitespace after the interchange was ignored.
    TrailingWhitespace,
    /// Bytes after the IEA trailer that are not another interchange were ignored.
    TrailingData,
}

impl WarningKind {
    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A tolerated irregularity with the byte offset where it was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Warning {
    /// What was tolerated.
    pub kind: WarningKind,
    /// Byte offset in the input (in the whole stream, for [`Stream`](crate::Stream)).
    pub offset: usize,
}
