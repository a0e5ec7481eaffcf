//! Part 10 files: preamble, `DICM`, file meta group, data set; deflated data sets.

use alloc::vec::Vec;
use core::fmt;

use crate::Tag;
use crate::dataset::{DataSet, Element};
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use crate::options::ParseOptions;
use crate::parse::{self, Buffers, Stop};
use crate::path;
use crate::ts::TransferSyntax;

const PREFIX: &[u8; 4] = b"DICM";

/// A parsed Part 10 file: preamble, `DICM` prefix, file meta group and data set.
///
/// `Debug` shows structure, never values.
///
/// ```
/// use dicom_meta::{DicomFile, ParseOptions, TransferSyntax};
/// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
/// let file = DicomFile::parse(&input)?;
/// assert_eq!(file.transfer_syntax(), TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN);
/// assert_eq!(file.get("PatientID")?.unwrap().string()?, "12345");
/// assert_eq!(file.get("TransferSyntaxUID")?.unwrap().uid()?, "1.2.840.10008.1.2.1");
/// assert_eq!(file.write(), input);
///
/// // Header only: stop before Pixel Data.
/// let file = DicomFile::parse_with(&input, &ParseOptions::strict().stop_before_pixel_data())?;
/// assert!(file.data_set().stopped_at().is_some());
/// assert_eq!(file.write(), input); // the unparsed rest is copied
/// # Ok::<(), dicom_meta::Error>(())
/// ```
pub struct DicomFile<'a> {
    input: &'a [u8],
    preamble: bool,
    prefix: bool,
    meta: DataSet<'a>,
    declared: TransferSyntax,
    data: DataSet<'a>,
    deflated: Option<&'a [u8]>,
    warnings: Vec<Warning>,
}

impl fmt::Debug for DicomFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DicomFile")
            .field("len", &self.input.len())
            .field("preamble", &self.preamble)
            .field("prefix", &self.prefix)
            .field("transfer_syntax", &self.declared)
            .field("meta", &self.meta)
            .field("data_set", &self.data)
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// What precedes the data set: where the meta group is, what it declares.
struct Head<'a> {
    preamble: bool,
    prefix: bool,
    meta: DataSet<'a>,
    /// Where the data set starts.
    data_start: usize,
    ts: TransferSyntax,
    warnings: Vec<Warning>,
}

fn read_head<'a>(input: &'a [u8], opts: &ParseOptions) -> Result<Head<'a>, Error> {
    if input.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0));
    }
    let lenient = opts.lenient_mode();
    let mut warnings = Vec::new();
    let mut warn = |kind, offset| {
        warnings.push(Warning {
            kind,
            offset,
            tag: None,
        })
    };
    let (preamble, prefix, meta_start) = if input.get(128..132) == Some(PREFIX) {
        (true, true, 132)
    } else if !lenient {
        return Err(Error::new(ErrorKind::MissingPreamble, 0));
    } else if input.starts_with(PREFIX) {
        warn(WarningKind::MissingPreamble, 0);
        (false, true, 4)
    } else {
        warn(WarningKind::MissingPreamble, 0);
        warn(WarningKind::MissingPrefix, 0);
        (false, false, 0)
    };
    let has_meta = input
        .get(meta_start..meta_start + 2)
        .is_some_and(|g| g == [0x02, 0x00]);
    if !has_meta {
        if !lenient {
            return Err(Error::new(ErrorKind::MissingMeta, meta_start));
        }
        warn(WarningKind::MissingMeta, meta_start);
        let ts = parse::detect(&input[meta_start..])
            .unwrap_or(TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN);
        return Ok(Head {
            preamble,
            prefix,
            meta: empty_at(input, meta_start),
            data_start: meta_start,
            ts,
            warnings,
        });
    }
    let meta_opts = ParseOptions {
        stop_before: None,
        ..*opts
    };
    let mut bufs = Buffers::default();
    let build = |end: usize, bufs: &mut Buffers| {
        DataSet::build_stop(
            input,
            meta_start,
            end,
            TransferSyntax::META,
            &meta_opts,
            Some(Stop::MetaGroupEnd),
            false,
            bufs,
        )
    };
    // Where (0002,0000), when it comes first, says the meta group ends.
    let stated_end = input
        .get(meta_start..meta_start + 12)
        .filter(|h| h[..8] == [0x02, 0x00, 0x00, 0x00, b'U', b'L', 0x04, 0x00])
        .map(|h| meta_start + 12 + u32::from_le_bytes([h[8], h[9], h[10], h[11]]) as usize)
        .filter(|&end| end <= input.len());
    let (mut meta, err) = build(input.len(), &mut bufs);
    // The meta group ends where the data set starts; nothing after it belongs to it.
    let mut data_start = meta.stopped_at.unwrap_or(meta.end) as usize;
    // A big endian data set may begin with bytes that read as group 0002 in little endian
    // (group 0200): when reading on past the stated end fails, or when an element starts
    // exactly there, the group length ends the meta group.
    let cut_at = match &err {
        Some(e) => stated_end.filter(|&end| e.offset >= end),
        None => stated_end
            .filter(|&end| end < data_start && meta.elements().any(|el| el.offset() == end)),
    };
    match (cut_at, err) {
        (Some(end), err) => {
            let (cut, cut_err) = build(end, &mut bufs);
            match (cut_err, err) {
                (None, _) => {
                    meta = cut;
                    data_start = end;
                }
                (Some(_), Some(e)) => return Err(e),
                (Some(e), None) => return Err(e),
            }
        }
        (None, Some(e)) => return Err(e),
        (None, None) => {}
    }
    meta.stopped_at = None;
    meta.end = data_start as u32;
    meta.limit = data_start as u32;
    meta.trailing = data_start as u32;
    match meta.element(Tag::FILE_META_GROUP_LENGTH) {
        Some(gl) => {
            let v = gl.value();
            let stated = if v.len() == 4 {
                u32::from_le_bytes([v[0], v[1], v[2], v[3]])
            } else {
                u32::MAX
            };
            let found = (data_start - (gl.value_offset() + v.len())) as u32;
            if stated != found {
                if !lenient {
                    return Err(Error::new(
                        ErrorKind::GroupLengthMismatch { stated, found },
                        gl.offset(),
                    )
                    .with_path(gl.path()));
                }
                warn(WarningKind::GroupLengthMismatch, gl.offset());
            }
        }
        None => warn(WarningKind::MissingMetaGroupLength, meta_start),
    }
    let ts = match meta.element(Tag::TRANSFER_SYNTAX_UID) {
        Some(e) => {
            let uid = core::str::from_utf8(e.value()).unwrap_or("");
            TransferSyntax::from_uid(uid)
        }
        None if lenient => {
            warn(WarningKind::MissingTransferSyntax, meta_start);
            parse::detect(&input[data_start..]).unwrap_or(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)
        }
        None => return Err(Error::new(ErrorKind::MissingTransferSyntax, meta_start)),
    };
    Ok(Head {
        preamble,
        prefix,
        meta,
        data_start,
        ts,
        warnings,
    })
}

fn empty_at(input: &[u8], at: usize) -> DataSet<'_> {
    let mut ds = DataSet::empty(input, TransferSyntax::META);
    ds.start = at as u32;
    ds.end = at as u32;
    ds.limit = at as u32;
    ds.trailing = at as u32;
    ds
}

impl<'a> DicomFile<'a> {
    /// Parses a Part 10 file strictly. A deflated data set needs [`Inflated`] (the error is
    /// [`ErrorKind::NeedsInflate`]).
    pub fn parse(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse_with(input, &ParseOptions::strict())
    }

    /// Parses a Part 10 file with options.
    pub fn parse_with(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        match Self::parse_partial(input, opts)? {
            (file, None) => Ok(file),
            (_, Some(e)) => Err(e),
        }
    }

    /// Parses as much as possible: `Err` when not even the file meta group can be read;
    /// otherwise the file with the data set read up to the first error, and that error.
    ///
    /// ```
    /// use dicom_meta::{DicomFile, ParseOptions};
    /// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/explicit_le.dcm")).to_vec();
    /// let cut = &input[..input.len() - 3];
    /// let (file, err) = DicomFile::parse_partial(cut, &ParseOptions::strict())?;
    /// assert!(err.is_some());
    /// assert_eq!(file.get("PatientID")?.unwrap().string()?, "12345");
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn parse_partial(
        input: &'a [u8],
        opts: &ParseOptions,
    ) -> Result<(Self, Option<Error>), Error> {
        let head = read_head(input, opts)?;
        if head.ts.deflated {
            return Err(Error::new(ErrorKind::NeedsInflate, head.data_start));
        }
        let mut bufs = Buffers::default();
        let (data, err) = DataSet::build(
            input,
            head.data_start,
            input.len(),
            head.ts,
            opts,
            false,
            &mut bufs,
        );
        Ok((Self::assemble(input, head, data, None), err))
    }

    fn assemble(
        input: &'a [u8],
        head: Head<'a>,
        data: DataSet<'a>,
        deflated: Option<&'a [u8]>,
    ) -> Self {
        DicomFile {
            input,
            preamble: head.preamble,
            prefix: head.prefix,
            meta: head.meta,
            declared: head.ts,
            data,
            deflated,
            warnings: head.warnings,
        }
    }

    /// The input bytes.
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    /// The 128-byte preamble, when there is one.
    pub fn preamble(&self) -> Option<&'a [u8]> {
        if self.preamble {
            self.input.get(..128)
        } else {
            None
        }
    }

    /// Whether the `DICM` prefix is present.
    pub fn has_prefix(&self) -> bool {
        self.prefix
    }

    /// The file meta group (0002,xxxx), explicit VR little endian. Empty when the file has
    /// none (lenient mode).
    pub fn meta(&self) -> &DataSet<'a> {
        &self.meta
    }

    /// The data set.
    pub fn data_set(&self) -> &DataSet<'a> {
        &self.data
    }

    /// The transfer syntax declared in the meta group (or detected when there is none).
    /// The data set's own [`DataSet::transfer_syntax`] says how it was actually read.
    pub fn transfer_syntax(&self) -> TransferSyntax {
        self.declared
    }

    /// Warnings about the preamble and meta group, then those of the data set.
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.warnings
            .iter()
            .chain(self.meta.warnings())
            .chain(self.data.warnings())
    }

    /// The element at `path` (see [`DataSet::get`]): in the meta group when the path starts
    /// with a group 0002 tag, else in the data set.
    pub fn get(&self, path: &str) -> Result<Option<Element<'_, 'a>>, Error> {
        let first = path::steps(path).next().transpose()?;
        if first.is_some_and(|s| s.tag.group() == 0x0002) {
            self.meta.get(path)
        } else {
            self.data.get(path)
        }
    }

    /// Encodes the file: preamble, prefix, meta group and data set as read (see
    /// [`DataSet::write`]); a deflated data set is written as its original deflate stream.
    /// A file read strictly comes out byte for byte as it went in.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.input.len());
        self.write_into(&mut out);
        out
    }

    /// [`DicomFile::write`] appending to `out`.
    pub fn write_into(&self, out: &mut Vec<u8>) {
        if let Some(p) = self.preamble() {
            out.extend_from_slice(p);
        }
        if self.prefix {
            out.extend_from_slice(PREFIX);
        }
        self.meta.write_index(out);
        match self.deflated {
            Some(stream) => out.extend_from_slice(stream),
            None => self.data.write_into(out),
        }
    }
}

/// Inflates a raw deflate stream (PS3.5 A.5), allocating at most `max_len` bytes.
///
/// ```
/// let packed = miniz_oxide::deflate::compress_to_vec(b"\x08\x00\x60\x00CS\x02\x00CT", 6);
/// assert_eq!(dicom_meta::inflate(&packed, 1 << 20)?, b"\x08\x00\x60\x00CS\x02\x00CT");
/// # Ok::<(), dicom_meta::Error>(())
/// ```
pub fn inflate(deflated: &[u8], max_len: usize) -> Result<Vec<u8>, Error> {
    match inflate_partial(deflated, max_len) {
        (out, None) => Ok(out),
        (_, Some(kind)) => Err(Error::new(kind, 0)),
    }
}

/// Inflates as much as the stream allows: the bytes produced, and why it stopped early
/// (a truncated or corrupt stream, or `max_len` reached). Memory grows with the output
/// produced, doubling, never past `max_len`.
fn inflate_partial(deflated: &[u8], max_len: usize) -> (Vec<u8>, Option<ErrorKind>) {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{
        DecompressorOxide, decompress, inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
    };
    let mut out =
        alloc::vec![0u8; deflated.len().saturating_mul(4).saturating_add(64).min(max_len)];
    let mut state = alloc::boxed::Box::<DecompressorOxide>::default();
    let mut input = deflated;
    let mut pos = 0;
    loop {
        let (status, consumed, written) = decompress(
            &mut state,
            input,
            &mut out,
            pos,
            TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        pos += written;
        input = input.get(consumed..).unwrap_or_default();
        match status {
            TINFLStatus::Done => {
                out.truncate(pos);
                return (out, None);
            }
            TINFLStatus::HasMoreOutput if out.len() < max_len => {
                let n = out.len().saturating_mul(2).max(64).min(max_len);
                out.resize(n, 0);
            }
            TINFLStatus::HasMoreOutput => {
                out.truncate(pos);
                return (out, Some(ErrorKind::InflateLimit(max_len)));
            }
            _ => {
                out.truncate(pos);
                return (out, Some(ErrorKind::Deflate));
            }
        }
    }
}

/// The owner of a file's inflated data set, for deflated transfer syntaxes: the data set
/// then borrows from this holder, which the caller keeps alive. For any other file no bytes
/// are copied and [`Inflated::parse`] reads the input itself, so this is also the one entry
/// point that reads every file.
///
/// ```
/// use dicom_meta::{DicomFile, ErrorKind, Inflated, ParseOptions};
/// # let input = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deflated.dcm")).to_vec();
/// assert_eq!(DicomFile::parse(&input).unwrap_err().kind, ErrorKind::NeedsInflate);
/// let holder = Inflated::new(&input, &ParseOptions::strict())?;
/// let file = holder.parse()?;
/// assert!(file.transfer_syntax().deflated);
/// assert_eq!(file.get("PatientID")?.unwrap().string()?, "12345");
/// assert_eq!(file.write(), input);
/// # Ok::<(), dicom_meta::Error>(())
/// ```
pub struct Inflated<'a> {
    input: &'a [u8],
    opts: ParseOptions,
    data_start: usize,
    buf: Option<Vec<u8>>,
    /// Why inflating stopped early (truncated or corrupt stream): what was inflated is kept.
    inflate_error: Option<Error>,
}

impl fmt::Debug for Inflated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inflated")
            .field("len", &self.input.len())
            .field("data_start", &self.data_start)
            .field("inflated_len", &self.buf.as_ref().map(Vec::len))
            .field("inflate_error", &self.inflate_error)
            .finish()
    }
}

impl<'a> Inflated<'a> {
    /// Reads the file's preamble and meta group and, when the transfer syntax is deflated,
    /// inflates the data set (at most [`ParseOptions::max_inflated_len`] bytes: beyond that,
    /// [`ErrorKind::InflateLimit`]). A truncated or corrupt stream is not an error yet: what
    /// it inflates to is parsed, and [`Inflated::parse`] reports [`ErrorKind::Deflate`].
    pub fn new(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        let head = read_head(input, opts)?;
        let mut inflate_error = None;
        let buf = if head.ts.deflated {
            let stream = &input[head.data_start..];
            let (inflated, err) = inflate_partial(stream, opts.max_inflated_len);
            match err {
                Some(kind @ ErrorKind::InflateLimit(_)) => {
                    return Err(Error::new(kind, head.data_start));
                }
                Some(kind) => {
                    let mut e = Error::new(kind, inflated.len());
                    e.in_inflated = true;
                    inflate_error = Some(e);
                }
                None => {}
            }
            Some(inflated)
        } else {
            None
        };
        Ok(Inflated {
            input,
            opts: *opts,
            data_start: head.data_start,
            buf,
            inflate_error,
        })
    }

    /// The inflated data set bytes, for a deflated file.
    pub fn inflated(&self) -> Option<&[u8]> {
        self.buf.as_deref()
    }

    /// Parses the file (with the options given to [`Inflated::new`]).
    pub fn parse(&self) -> Result<DicomFile<'_>, Error> {
        match self.parse_partial()? {
            (file, None) => Ok(file),
            (_, Some(e)) => Err(e),
        }
    }

    /// Parses as much as possible (see [`DicomFile::parse_partial`]). For a truncated or
    /// corrupt deflate stream, the data set inflated so far and an [`ErrorKind::Deflate`]
    /// error positioned where the inflated bytes end.
    pub fn parse_partial(&self) -> Result<(DicomFile<'_>, Option<Error>), Error> {
        let Some(buf) = &self.buf else {
            return DicomFile::parse_partial(self.input, &self.opts);
        };
        let head = read_head(self.input, &self.opts)?;
        let ts = head.ts;
        let mut read_as = ts;
        read_as.deflated = false;
        let mut bufs = Buffers::default();
        let (mut data, err) =
            DataSet::build(buf, 0, buf.len(), read_as, &self.opts, true, &mut bufs);
        data.ts.deflated = true;
        let stream = &self.input[self.data_start..];
        // A broken stream is the cause of whatever the parser then met at its end.
        let err = self.inflate_error.clone().or(err);
        Ok((
            DicomFile::assemble(self.input, head, data, Some(stream)),
            err,
        ))
    }
}
