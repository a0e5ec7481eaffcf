//! Parse options.

use crate::Tag;

/// How much irregularity parsing accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// The standard's rules: a 128-byte preamble and `DICM`, even value lengths, known VRs,
    /// zero reserved bytes, ascending tags, delimitation items where lengths are undefined,
    /// nothing after the last element. Every data set read strictly writes back byte for byte.
    #[default]
    Strict,
    /// Also accepts a missing preamble, prefix or meta group, a transfer syntax that does not
    /// match the data, odd lengths, unknown VRs, non-zero reserved bytes, tags out of order,
    /// missing delimitation items, undefined lengths on other VRs, and trailing bytes. Each
    /// tolerance is recorded as a [`Warning`](crate::Warning).
    Lenient,
}

/// Options for parsing files and data sets.
///
/// ```
/// use dicom_meta::{ParseOptions, Tag};
/// let opts = ParseOptions::lenient().stop_before_pixel_data().max_depth(16);
/// assert_eq!(opts.stop_before, Some(Tag::PIXEL_DATA));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// Stop at the first top-level element whose tag is this one or greater, e.g. Pixel Data
    /// for header-only reads. The rest of the input stays unparsed (and is written back as
    /// it is).
    pub stop_before: Option<Tag>,
    /// The deepest nesting of sequences accepted (default 64).
    pub max_depth: u32,
    /// The most index entries (elements, items, fragments) accepted (default 2^24).
    pub max_elements: u32,
    /// The largest inflated size of a deflated data set (default 256 MiB).
    pub max_inflated_len: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self::strict()
    }
}

impl ParseOptions {
    /// Strict mode, no stop tag, default limits.
    pub const fn strict() -> Self {
        ParseOptions {
            mode: Mode::Strict,
            stop_before: None,
            max_depth: 64,
            max_elements: 1 << 24,
            max_inflated_len: 256 << 20,
        }
    }

    /// Lenient mode, no stop tag, default limits.
    pub const fn lenient() -> Self {
        ParseOptions {
            mode: Mode::Lenient,
            ..Self::strict()
        }
    }

    /// The same options, stopping before top-level tag `tag` (see
    /// [`ParseOptions::stop_before`](#structfield.stop_before)).
    pub const fn stop_before(mut self, tag: Tag) -> Self {
        self.stop_before = Some(tag);
        self
    }

    /// The same options, stopping before Pixel Data (7FE0,0010).
    pub const fn stop_before_pixel_data(self) -> Self {
        self.stop_before(Tag::PIXEL_DATA)
    }

    /// The same options with another nesting limit.
    pub const fn max_depth(mut self, depth: u32) -> Self {
        self.max_depth = depth;
        self
    }

    /// The same options with another limit on index entries.
    pub const fn max_elements(mut self, n: u32) -> Self {
        self.max_elements = n;
        self
    }

    /// The same options with another limit on inflated size.
    pub const fn max_inflated_len(mut self, n: usize) -> Self {
        self.max_inflated_len = n;
        self
    }

    pub(crate) const fn lenient_mode(&self) -> bool {
        matches!(self.mode, Mode::Lenient)
    }
}
