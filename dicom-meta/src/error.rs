//! The crate's one error type, its location, and the warnings of lenient parsing.

use core::fmt;

use crate::Tag;

/// What went wrong. Never carries values (patient data); tags and sizes only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no bytes.
    #[error("input is empty")]
    Empty,
    /// The input is not a Part 10 file: no 128-byte preamble followed by `DICM` (a missing
    /// preamble is accepted in lenient mode).
    #[error("no 128-byte preamble followed by DICM")]
    MissingPreamble,
    /// There is no file meta group (0002,xxxx) after `DICM`.
    #[error("no file meta information group")]
    MissingMeta,
    /// The file meta group has no Transfer Syntax UID (0002,0010).
    #[error("file meta information has no transfer syntax UID")]
    MissingTransferSyntax,
    /// (0002,0000) disagrees with the size of the file meta group.
    #[error("file meta group length says {stated} bytes, found {found}")]
    GroupLengthMismatch {
        /// The value of (0002,0000).
        stated: u32,
        /// The size actually found.
        found: u32,
    },
    /// The input ends inside an element header.
    #[error("input ends inside an element header")]
    Truncated,
    /// A declared value length runs past the end of the input or of the enclosing item or
    /// sequence.
    #[error("declared length {length} runs past the end of its container ({available} bytes left)")]
    LengthExceedsInput {
        /// The declared length.
        length: u32,
        /// Bytes left in the input or container.
        available: u64,
    },
    /// A value length is odd (accepted in lenient mode).
    #[error("odd value length {0}")]
    OddLength(u32),
    /// An explicit VR header names no known VR (accepted in lenient mode, read as UN).
    #[error("unknown value representation")]
    UnknownVr,
    /// The reserved bytes of a 32-bit-length explicit VR header are not zero (accepted in
    /// lenient mode).
    #[error("non-zero reserved bytes in an element header")]
    NonZeroReserved,
    /// An element that cannot have undefined length has it.
    #[error("undefined length not allowed for this element")]
    UndefinedLength,
    /// A tag appears where it may not: a non-item inside a sequence, a delimitation item
    /// outside what it delimits, an item outside a sequence.
    #[error("unexpected {0} here")]
    UnexpectedTag(Tag),
    /// An undefined-length sequence or item ends without its delimitation item.
    #[error("missing delimitation item")]
    MissingDelimiter,
    /// A delimitation item has a non-zero length (accepted in lenient mode).
    #[error("delimitation item with non-zero length")]
    DelimiterLength,
    /// Data elements are not in ascending tag order (accepted in lenient mode).
    #[error("data elements out of ascending tag order")]
    OutOfOrder,
    /// The data set is not encoded as its transfer syntax says (explicit VR data declared
    /// implicit or the reverse; handled in lenient mode).
    #[error("data set encoding does not match the declared transfer syntax")]
    TransferSyntaxMismatch,
    /// Sequences are nested deeper than [`ParseOptions::max_depth`](crate::ParseOptions).
    #[error("sequences nested deeper than {0} levels")]
    TooDeep(u32),
    /// More elements than [`ParseOptions::max_elements`](crate::ParseOptions).
    #[error("more than {0} elements")]
    TooManyElements(u32),
    /// The input is larger than the 4 GiB the index can address.
    #[error("input larger than 4 GiB")]
    TooLarge,
    /// Bytes after the last complete element (accepted in lenient mode).
    #[error("bytes after the last element")]
    TrailingBytes,
    /// The deflate stream of a deflated transfer syntax is corrupt.
    #[error("corrupt deflate stream")]
    Deflate,
    /// Inflating would exceed [`ParseOptions::max_inflated_len`](crate::ParseOptions).
    #[error("inflated data set larger than {0} bytes")]
    InflateLimit(usize),
    /// The data set is deflated: its inflated bytes must be held by an
    /// [`Inflated`](crate::Inflated).
    #[error("deflated data set: read it through `Inflated`")]
    NeedsInflate,
    /// A path such as `ReferencedSeriesSequence[0].SeriesInstanceUID` is malformed at the given
    /// character position.
    #[error("malformed path at character {position}")]
    InvalidPath {
        /// Character position in the path string.
        position: usize,
    },
    /// A path names a keyword that is not in the dictionary.
    #[error("unknown keyword at character {position}")]
    UnknownKeyword {
        /// Character position in the path string.
        position: usize,
    },
    /// A typed accessor does not apply to the element's VR.
    #[error("value of VR {0} cannot be read this way")]
    WrongVr(crate::Vr),
    /// A value does not have the form its VR requires.
    #[error("malformed {0} value")]
    InvalidValue(&'static str),
    /// Text bytes are not valid in the character set that applies.
    #[error("bytes are not valid {0}")]
    InvalidText(&'static str),
    /// Specific Character Set (0008,0005) names a character set this crate cannot decode
    /// yet; raw bytes remain available.
    #[error("unsupported specific character set")]
    UnsupportedCharset,
    /// Encapsulated pixel data cannot be written in a native (uncompressed) transfer syntax.
    #[error("encapsulated pixel data in a native transfer syntax")]
    EncapsulatedInNative,
    /// A value is too long for the 16-bit length of its explicit VR header.
    #[error("value too long for a {0} element")]
    ValueTooLong(crate::Vr),
    /// A Part 10 file needs a transfer syntax with a standard UID.
    #[error("transfer syntax has no standard UID")]
    UnknownTransferSyntax,
    /// DICOM JSON text is malformed or does not follow PS3.18 Annex F (the offset counts
    /// bytes of the JSON text).
    #[error("invalid DICOM JSON: {0}")]
    InvalidJson(&'static str),
    /// A `BulkDataURI` could not be resolved (no resolver, or the resolver had no bytes).
    #[error("unresolved bulk data URI")]
    UnresolvedBulkData,
}

/// Where in the nesting of sequences something happened: up to
/// [`TagPath::CAPACITY`] hops of (tag, item index), outermost first.
///
/// `Display` gives `(0008,1115)[0].(0020,000E)`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TagPath {
    hops: [(Tag, u32); TagPath::CAPACITY],
    len: u8,
    /// Number of outer hops left out because the path was longer than the capacity.
    skipped: u32,
}

const NO_ITEM: u32 = u32::MAX;

impl TagPath {
    /// How many hops a path keeps (the innermost ones).
    pub const CAPACITY: usize = 8;

    /// The hops (tag, item index), outermost first; the last one usually has no item index.
    pub fn hops(&self) -> impl Iterator<Item = (Tag, Option<u32>)> + '_ {
        self.hops[..usize::from(self.len)]
            .iter()
            .map(|&(t, i)| (t, (i != NO_ITEM).then_some(i)))
    }

    /// Whether the path has no hops.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The innermost tag.
    pub fn last_tag(&self) -> Option<Tag> {
        self.len.checked_sub(1).map(|i| self.hops[usize::from(i)].0)
    }

    /// Adds a hop at the outer end (paths are built from the inside out).
    pub(crate) fn push_outer(&mut self, tag: Tag, item: Option<u32>) {
        let hop = (tag, item.unwrap_or(NO_ITEM));
        if usize::from(self.len) == Self::CAPACITY {
            self.skipped += 1;
            return;
        }
        self.hops.copy_within(0..usize::from(self.len), 1);
        self.hops[0] = hop;
        self.len += 1;
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.skipped > 0 {
            write!(f, "….")?;
        }
        for (n, (tag, item)) in self.hops().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            write!(f, "{tag}")?;
            if let Some(i) = item {
                write!(f, "[{i}]")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagPath({self})")
    }
}

/// A parse or access error with its precise location.
///
/// `Display` prints the kind, the byte offset and the tag path, never a value.
///
/// ```
/// let err = dicom_meta::DataSet::parse(&[0x10, 0, 0x10, 0, b'P', b'N', 8, 0, b'A'], dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN).unwrap_err();
/// assert_eq!(err.to_string(), "declared length 8 runs past the end of its container (1 bytes left) (byte 0, at (0010,0010))");
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({})", Location(self))]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Byte offset where the problem was found: in the input, or for a deflated data set in
    /// the inflated bytes (see [`Error::in_inflated`]); for [`ErrorKind::InvalidJson`] and
    /// the other errors of [`from_json`](crate::from_json), in the JSON text; for errors of
    /// the [`OwnedDataSet`](crate::OwnedDataSet) writer, in the output written so far.
    pub offset: usize,
    /// The tag path of the element concerned, when known.
    pub path: TagPath,
    /// Whether `offset` counts bytes of an inflated (deflated transfer syntax) data set.
    pub in_inflated: bool,
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
        if e.in_inflated {
            f.write_str(" of the inflated data set")?;
        }
        if !e.path.is_empty() {
            write!(f, ", at {}", e.path)?;
        }
        Ok(())
    }
}

impl Error {
    /// An error of `kind` at byte `offset` with no tag path.
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        Error {
            kind,
            offset,
            path: TagPath::default(),
            in_inflated: false,
        }
    }

    pub(crate) fn with_path(mut self, path: TagPath) -> Self {
        self.path = path;
        self
    }
}

/// Something lenient parsing tolerated (or, for the few kinds marked so, something strict
/// parsing noticed without failing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// No 128-byte preamble before `DICM`.
    MissingPreamble,
    /// No `DICM` prefix; the file starts with the meta group or the data set.
    MissingPrefix,
    /// No file meta group: the transfer syntax was detected from the data set.
    MissingMeta,
    /// The file meta group has no (0002,0000) group length (noticed in strict mode too).
    MissingMetaGroupLength,
    /// (0002,0000) disagrees with the size of the meta group.
    GroupLengthMismatch,
    /// No Transfer Syntax UID in the meta group: detected from the data set.
    MissingTransferSyntax,
    /// The data set is not encoded as declared; it was read as detected.
    TransferSyntaxMismatch,
    /// An odd value length.
    OddLength,
    /// An unknown VR in an explicit VR header, read as UN.
    UnknownVr,
    /// Non-zero reserved bytes in an explicit VR header.
    NonZeroReserved,
    /// Data elements out of ascending tag order.
    OutOfOrder,
    /// An undefined-length sequence or item ended without its delimitation item.
    MissingDelimiter,
    /// A delimitation item with a non-zero length.
    DelimiterLength,
    /// Undefined length on an element that is neither SQ, UN nor OB/OW; read as a sequence.
    UndefinedLength,
    /// Bytes after the last complete element were kept but not parsed.
    TrailingBytes,
}

/// A tolerated irregularity, where it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Warning {
    /// What was tolerated.
    pub kind: WarningKind,
    /// Byte offset (in the inflated bytes for a deflated data set).
    pub offset: usize,
    /// The element's tag, when there is one.
    pub tag: Option<Tag>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn path_display() {
        let mut p = TagPath::default();
        p.push_outer(Tag::new(0x0020, 0x000E), None);
        p.push_outer(Tag::new(0x0008, 0x1115), Some(0));
        assert_eq!(p.to_string(), "(0008,1115)[0].(0020,000E)");
        let e = Error::new(ErrorKind::OddLength(3), 12).with_path(p);
        assert_eq!(
            e.to_string(),
            "odd value length 3 (byte 12, at (0008,1115)[0].(0020,000E))"
        );
        for _ in 0..20 {
            p.push_outer(Tag::new(0x0040, 0xA730), Some(1));
        }
        assert!(p.to_string().starts_with("…."));
        assert_eq!(p.last_tag(), Some(Tag::new(0x0020, 0x000E)));
    }
}
