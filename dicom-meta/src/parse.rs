//! Building the flat index of a data set.
//!
//! One pass over the bytes, no recursion: an explicit stack of open containers (sequences,
//! items, encapsulated pixel data) and one `Node` of 24 bytes per element, item and fragment,
//! in document order. A node's subtree is the index range `[i + 1, end)`.

use alloc::vec::Vec;

use crate::dict;
use crate::error::{Error, ErrorKind, TagPath, Warning, WarningKind};
use crate::options::ParseOptions;
use crate::ts::{ByteOrder, TransferSyntax};
use crate::{Tag, Vr};

/// Length value meaning "undefined" (delimited).
pub(crate) const UNDEFINED: u32 = 0xFFFF_FFFF;
/// Parent index of top-level nodes.
pub(crate) const NO_PARENT: u32 = u32::MAX;
/// The first tag of group FFFE (items and delimitation items).
const DELIMITERS: u32 = 0xFFFE_0000;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// An element with a value (no children).
    Element,
    /// A sequence (SQ, an undefined-length UN, …): children are items.
    Sequence,
    /// An item of a sequence: children are elements.
    Item,
    /// Encapsulated pixel data (undefined-length OB/OW): children are fragments.
    Fragments,
    /// One item of encapsulated pixel data: the basic offset table or a fragment.
    Fragment,
}

/// How a node's header is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Header {
    /// Tag and 32-bit length (implicit VR elements, items): 8 bytes.
    TagLength,
    /// Tag, VR and 16-bit length: 8 bytes.
    ExplicitShort,
    /// Tag, VR, two reserved bytes and 32-bit length: 12 bytes.
    ExplicitLong,
}

impl Header {
    #[inline]
    pub(crate) const fn len(self) -> u32 {
        match self {
            Header::ExplicitLong => 12,
            _ => 8,
        }
    }
}

/// The declared length was undefined.
pub(crate) const F_UNDEFINED: u8 = 1;
/// A delimitation item follows the content (at `value_offset + len`).
pub(crate) const F_DELIMITED: u8 = 2;
/// The node is inside a CP-246 sequence: its header and value are implicit VR little endian.
pub(crate) const F_IMPLICIT_LE: u8 = 4;
/// The node is an undefined-length UN whose content is implicit VR little endian (CP-246).
pub(crate) const F_CP246: u8 = 8;
/// The VR bytes were not a known VR (lenient): `vr` is UN.
pub(crate) const F_UNKNOWN_VR: u8 = 16;
/// Parsing stopped inside this container (truncated input).
pub(crate) const F_INCOMPLETE: u8 = 32;

/// One index entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) tag: u32,
    /// Offset of the value (just after the header) in the parsed buffer.
    pub(crate) value_offset: u32,
    /// Value length: the declared one, or for undefined lengths the bytes up to the
    /// delimitation item.
    pub(crate) len: u32,
    /// Index just past this node's subtree.
    pub(crate) end: u32,
    /// Index of the enclosing sequence/item/fragments node, or `NO_PARENT`.
    pub(crate) parent: u32,
    pub(crate) vr: Vr,
    pub(crate) kind: Kind,
    pub(crate) header: Header,
    pub(crate) flags: u8,
}

impl Node {
    #[inline]
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    #[inline]
    pub(crate) fn header_offset(&self) -> u32 {
        self.value_offset - self.header.len()
    }

    #[inline]
    pub(crate) fn value_end(&self) -> u32 {
        self.value_offset + self.len
    }

    /// Byte order of this node's header and value.
    #[inline]
    pub(crate) fn byte_order(&self, ts: &TransferSyntax) -> ByteOrder {
        if self.has(F_IMPLICIT_LE) {
            ByteOrder::Little
        } else {
            ts.byte_order
        }
    }

    /// Byte order of this container's content and delimitation item.
    #[inline]
    pub(crate) fn content_order(&self, ts: &TransferSyntax) -> ByteOrder {
        if self.has(F_IMPLICIT_LE | F_CP246) {
            ByteOrder::Little
        } else {
            ts.byte_order
        }
    }
}

/// Index buffers, reusable across parses (see [`DataSet::parse_reusing`](crate::DataSet)).
///
/// Once they have grown to the size of the largest data set, parsing allocates nothing.
#[derive(Default, Clone)]
pub struct Buffers {
    pub(crate) nodes: Vec<Node>,
    /// Index of each top-level node, in order (for binary search by tag).
    pub(crate) top: Vec<u32>,
    pub(crate) warnings: Vec<Warning>,
    stack: Vec<Frame>,
}

impl core::fmt::Debug for Buffers {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Buffers")
            .field("nodes", &self.nodes.capacity())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    /// The data set itself or an item's content: elements.
    Elements,
    /// A sequence: items.
    Items,
    /// Encapsulated pixel data: fragments.
    Fragments,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    kind: FrameKind,
    /// Container node (`NO_PARENT` for the data set itself).
    node: u32,
    /// End of the container's content: its defined end, or the enclosing limit when its
    /// length is undefined.
    limit: u32,
    /// Whether the container's length is undefined (ends at a delimitation item).
    undefined: bool,
    /// Content is implicit VR little endian (CP-246).
    implicit_le: bool,
    /// While a child frame is open: the smallest tag allowed next in this one (the innermost
    /// frame's is `Builder::next_tag`).
    next_tag: u64,
    /// Number of sequences enclosing this frame.
    depth: u32,
    /// While a child frame is open: this frame's `Builder::signed`.
    signed: bool,
}

/// Where and why parsing stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Stop before the first top-level tag >= this.
    Before(u32),
    /// Stop at the first top-level tag outside group 0002 (the file meta group).
    MetaGroupEnd,
}

/// The result of building an index.
#[derive(Debug)]
pub(crate) struct Built {
    /// The encoding actually used (may differ from the declared one in lenient mode).
    pub(crate) ts: TransferSyntax,
    /// Where top-level parsing stopped (a stop condition), if it did.
    pub(crate) stopped_at: Option<u32>,
    /// Start of trailing bytes that were kept but not parsed (lenient), else the end.
    pub(crate) trailing: u32,
    /// Whether every container's elements are in ascending order.
    pub(crate) ordered: bool,
    /// Where indexing ended: the end of the parsed bytes, or where an error stopped it.
    pub(crate) end: u32,
}

struct Builder<'a, 'b> {
    b: &'a [u8],
    opts: &'b ParseOptions,
    lenient: bool,
    big: bool,
    explicit: bool,
    nodes: &'b mut Vec<Node>,
    top: &'b mut Vec<u32>,
    warnings: &'b mut Vec<Warning>,
    stack: &'b mut Vec<Frame>,
    stop: Option<Stop>,
    ordered: bool,
    in_inflated: bool,
    /// The smallest tag allowed next in the innermost frame: one more than the last tag seen,
    /// 0 before the first (so that a data set may start with (0000,0000)). Kept out of the
    /// stack so that the hot loop never writes to the frame it reads; saved into the frame
    /// when a child frame opens.
    next_tag: u64,
    /// Pixel Representation (0028,0103) is 1 in the innermost data set or item, or in the
    /// enclosing one (implicit VR: "US or SS" elements are then SS). Saved like `next_tag`.
    signed: bool,
}

#[inline(always)]
fn rd16(b: &[u8], p: usize, big: bool) -> u16 {
    let a = [b[p], b[p + 1]];
    if big {
        u16::from_be_bytes(a)
    } else {
        u16::from_le_bytes(a)
    }
}

#[inline(always)]
fn rd32(b: &[u8], p: usize, big: bool) -> u32 {
    let a = [b[p], b[p + 1], b[p + 2], b[p + 3]];
    if big {
        u32::from_be_bytes(a)
    } else {
        u32::from_le_bytes(a)
    }
}

/// The 8 bytes at `p` (one bounds check; the caller knows they are there).
#[inline(always)]
fn head(b: &[u8], p: usize) -> [u8; 8] {
    let mut h = [0u8; 8];
    h.copy_from_slice(&b[p..p + 8]);
    h
}

#[inline(always)]
fn h16(h: &[u8; 8], i: usize, big: bool) -> u16 {
    let a = [h[i], h[i + 1]];
    if big {
        u16::from_be_bytes(a)
    } else {
        u16::from_le_bytes(a)
    }
}

#[inline(always)]
fn h32(h: &[u8; 8], i: usize, big: bool) -> u32 {
    let a = [h[i], h[i + 1], h[i + 2], h[i + 3]];
    if big {
        u32::from_be_bytes(a)
    } else {
        u32::from_le_bytes(a)
    }
}

/// Guesses the encoding of a bare data set from its first element header: explicit when
/// bytes 4–5 name a VR, big endian when the group number reads smaller that way.
pub(crate) fn detect(b: &[u8]) -> Option<TransferSyntax> {
    let h = b.get(..8)?;
    let le = u16::from_le_bytes([h[0], h[1]]);
    let be = u16::from_be_bytes([h[0], h[1]]);
    let explicit = Vr::from_bytes([h[4], h[5]]).is_some();
    Some(if !explicit {
        TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN
    } else if be < le {
        TransferSyntax::EXPLICIT_VR_BIG_ENDIAN
    } else {
        TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN
    })
}

/// Builds the index of the data set in `b[start..end]` into `bufs` (cleared first).
///
/// Returns the build result and, when parsing stopped on an error, that error; the index
/// then holds everything read before it, with open containers closed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    b: &[u8],
    start: usize,
    end: usize,
    ts: TransferSyntax,
    opts: &ParseOptions,
    stop: Option<Stop>,
    in_inflated: bool,
    bufs: &mut Buffers,
) -> (Built, Option<Error>) {
    bufs.nodes.clear();
    bufs.top.clear();
    bufs.warnings.clear();
    bufs.stack.clear();
    let mut built = Built {
        ts,
        stopped_at: None,
        trailing: end as u32,
        ordered: true,
        end: start as u32,
    };
    if end > (u32::MAX - 16) as usize || start > end {
        let mut e = Error::new(ErrorKind::TooLarge, 0);
        e.in_inflated = in_inflated;
        return (built, Some(e));
    }
    // About one element per 20 bytes of a typical header (at most one per 8 bytes); beyond a
    // few thousand entries the vector grows as elements are found, never by declared sizes.
    let want = ((end - start) / 20 + 8)
        .min(8192)
        .min(opts.max_elements as usize + 1);
    if bufs.nodes.capacity() < want {
        bufs.nodes.reserve(want);
    }
    // Top-level elements are most of a header's; a few open containers at a time.
    if bufs.top.capacity() < want / 2 {
        bufs.top.reserve(want / 2);
    }
    if bufs.stack.capacity() < 8 {
        bufs.stack.reserve(8);
    }
    let mut ts = ts;
    let lenient = opts.lenient_mode();
    if lenient
        && !matches!(stop, Some(Stop::MetaGroupEnd))
        && let Some(found) = mismatch(&b[start..end], &ts)
    {
        bufs.warnings.push(Warning {
            kind: WarningKind::TransferSyntaxMismatch,
            offset: start,
            tag: None,
        });
        ts = found;
    }
    built.ts = ts;
    let mut builder = Builder {
        b,
        opts,
        lenient,
        big: !ts.is_little_endian(),
        explicit: ts.explicit_vr,
        nodes: &mut bufs.nodes,
        top: &mut bufs.top,
        warnings: &mut bufs.warnings,
        stack: &mut bufs.stack,
        stop,
        ordered: true,
        in_inflated,
        next_tag: 0,
        signed: false,
    };
    // One copy of the loop per encoding, so that byte swapping and VR decoding are decided
    // at compile time on the hot path.
    let (start, end) = (start as u32, end as u32);
    let result = match (builder.big, builder.explicit) {
        (false, true) => builder.run::<false, true>(start, end, &mut built),
        (false, false) => builder.run::<false, false>(start, end, &mut built),
        (true, true) => builder.run::<true, true>(start, end, &mut built),
        (true, false) => builder.run::<true, false>(start, end, &mut built),
    };
    built.ordered = builder.ordered;
    match result {
        Ok(pos) => {
            built.end = pos;
            (built, None)
        }
        Err(fail) => {
            let (pos, e) = *fail;
            // The element that failed may have been listed before it was indexed.
            let n = builder.nodes.len() as u32;
            builder.top.retain(|&i| i < n);
            builder.close_all(pos);
            built.end = pos;
            (built, Some(e))
        }
    }
}

/// In lenient mode: whether the first element contradicts the declared VR encoding, and the
/// encoding that fits instead.
fn mismatch(b: &[u8], ts: &TransferSyntax) -> Option<TransferSyntax> {
    let h = b.get(..8)?;
    let vr_like = Vr::from_bytes([h[4], h[5]]).is_some();
    let letters = h[4].is_ascii_uppercase() && h[5].is_ascii_uppercase();
    let implicit_len = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
    if ts.explicit_vr && !vr_like && !letters && ts.is_little_endian() {
        // Implicit VR if the bytes read as a length fit the input (or are undefined).
        (implicit_len == UNDEFINED as usize || implicit_len <= b.len() - 8)
            .then_some(ts.with_explicit_vr(false))
    } else if !ts.explicit_vr && vr_like {
        (implicit_len != UNDEFINED as usize && implicit_len > b.len() - 8)
            .then_some(ts.with_explicit_vr(true))
    } else {
        None
    }
}

/// Where and why parsing stopped. Boxed: the hot path returns `Result<u32, Fail>` in
/// registers, and the box is made only on the (cold) error path.
type Fail = alloc::boxed::Box<(u32, Error)>;

impl Builder<'_, '_> {
    #[cold]
    fn error(&self, kind: ErrorKind, at: u32, tag: Option<u32>) -> Fail {
        let parent = self.stack.last().map_or(NO_PARENT, |f| f.node);
        let mut path = path_to(self.nodes, parent);
        if let Some(t) = tag {
            // The element being read is not in the index yet: its tag ends the path.
            let mut inner = TagPath::default();
            inner.push_outer(Tag(t), None);
            for (tag, item) in path.hops().collect::<Vec<_>>().into_iter().rev() {
                inner.push_outer(tag, item);
            }
            path = inner;
        }
        let mut e = Error::new(kind, at as usize).with_path(path);
        e.in_inflated = self.in_inflated;
        alloc::boxed::Box::new((at, e))
    }

    /// Records a tolerated irregularity in lenient mode; fails in strict mode.
    #[cold]
    fn tolerate(
        &mut self,
        warning: WarningKind,
        kind: ErrorKind,
        at: u32,
        tag: u32,
    ) -> Result<(), Fail> {
        if self.lenient {
            self.warnings.push(Warning {
                kind: warning,
                offset: at as usize,
                tag: Some(Tag(tag)),
            });
            Ok(())
        } else {
            Err(self.error(kind, at, Some(tag)))
        }
    }

    /// Stores the innermost frame's state in it before a child frame opens.
    #[inline]
    fn save_state(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.next_tag = self.next_tag;
            top.signed = self.signed;
        }
        self.next_tag = 0;
    }

    #[inline(always)]
    fn push(&mut self, node: Node, at: u32) -> Result<u32, Fail> {
        let i = self.nodes.len();
        if i >= self.opts.max_elements as usize {
            return Err(self.error(
                ErrorKind::TooManyElements(self.opts.max_elements),
                at,
                Some(node.tag),
            ));
        }
        self.nodes.push(node);
        Ok(i as u32)
    }

    /// Closes the innermost frame; `content_end` is where its content ended and
    /// `delimited` whether a delimitation item followed.
    fn close(&mut self, content_end: u32, delimited: bool) {
        let Some(f) = self.stack.pop() else { return };
        if let Some(outer) = self.stack.last() {
            self.next_tag = outer.next_tag;
            self.signed = outer.signed;
        }
        if f.node == NO_PARENT {
            return;
        }
        let end = self.nodes.len() as u32;
        let n = &mut self.nodes[f.node as usize];
        n.end = end;
        if f.undefined {
            n.len = content_end - n.value_offset;
            if delimited {
                n.flags |= F_DELIMITED;
            }
        }
    }

    /// After an error: closes every open container where reading stopped.
    fn close_all(&mut self, pos: u32) {
        while let Some(f) = self.stack.last().copied() {
            if f.node != NO_PARENT {
                let n = &mut self.nodes[f.node as usize];
                n.flags |= F_INCOMPLETE;
                if f.undefined {
                    n.flags &= !F_DELIMITED;
                }
            }
            let at = pos.clamp(
                self.nodes
                    .get(f.node as usize)
                    .map_or(0, |n| n.value_offset),
                f.limit,
            );
            self.close(at, false);
        }
    }

    fn run<const BIG: bool, const EXPLICIT: bool>(
        &mut self,
        start: u32,
        end: u32,
        built: &mut Built,
    ) -> Result<u32, Fail> {
        self.stack.push(Frame {
            kind: FrameKind::Elements,
            node: NO_PARENT,
            limit: end,
            undefined: false,
            implicit_le: false,
            next_tag: 0,
            depth: 0,
            signed: false,
        });
        let b = self.b;
        let mut pos = start;
        // The innermost frame, reloaded only when a container opens or closes, so that the
        // hot path reads it from registers rather than from the stack.
        let mut f = self.stack[0];
        let mut frames = 1;
        // The tags the fast path may take at the top level: [lo, hi) (the stop conditions
        // and the lenient trailing-zeros check are left to the general path).
        let top_bounds = match self.stop {
            None => (1, DELIMITERS),
            Some(Stop::Before(t)) => (1, t.min(DELIMITERS)),
            Some(Stop::MetaGroupEnd) => (0x0002_0000, 0x0003_0000),
        };
        loop {
            if self.stack.len() != frames {
                let Some(&top) = self.stack.last() else {
                    return Ok(pos);
                };
                f = top;
                frames = self.stack.len();
            }
            if pos >= f.limit {
                if f.node == NO_PARENT {
                    return Ok(pos);
                }
                if f.undefined {
                    let tag = self.nodes[f.node as usize].tag;
                    self.tolerate(
                        WarningKind::MissingDelimiter,
                        ErrorKind::MissingDelimiter,
                        pos,
                        tag,
                    )?;
                }
                self.close(pos, false);
                continue;
            }
            let p = pos as usize;
            let left = f.limit - pos;
            if left < 8 {
                if f.node == NO_PARENT {
                    return self.trailing(pos, end, built);
                }
                return Err(self.error(ErrorKind::Truncated, pos, None));
            }
            if f.kind == FrameKind::Elements && !f.implicit_le {
                let (lo, hi) = if f.node == NO_PARENT {
                    top_bounds
                } else {
                    (1, DELIMITERS)
                };
                let next = self.plain_elements::<BIG, EXPLICIT>(&f, pos, lo, hi);
                if next != pos {
                    pos = next;
                    continue;
                }
            }
            let big = BIG && !f.implicit_le;
            let h = head(b, p);
            let tag = (u32::from(h16(&h, 0, big)) << 16) | u32::from(h16(&h, 2, big));
            match f.kind {
                FrameKind::Elements => {
                    if tag >> 16 == 0xFFFE {
                        pos = self.delimiter_in_elements(f, tag, pos, big)?;
                        continue;
                    }
                    if f.node == NO_PARENT {
                        if tag == 0
                            && self.lenient
                            && b[p..f.limit as usize].iter().all(|&x| x == 0)
                        {
                            return self.trailing(pos, end, built);
                        }
                        match self.stop {
                            Some(Stop::Before(t)) if tag >= t => {
                                built.stopped_at = Some(pos);
                                return Ok(pos);
                            }
                            Some(Stop::MetaGroupEnd) if tag >> 16 != 0x0002 => {
                                built.stopped_at = Some(pos);
                                return Ok(pos);
                            }
                            _ => {}
                        }
                    }
                    if u64::from(tag) < self.next_tag {
                        self.ordered = false;
                        self.tolerate(WarningKind::OutOfOrder, ErrorKind::OutOfOrder, pos, tag)?;
                    }
                    self.next_tag = u64::from(tag) + 1;
                    if f.node == NO_PARENT {
                        self.top.push(self.nodes.len() as u32);
                    }
                    pos = self.element::<BIG, EXPLICIT>(f, tag, pos, &h)?;
                }
                FrameKind::Items | FrameKind::Fragments => {
                    let len = h32(&h, 4, big);
                    if tag == Tag::ITEM.0 {
                        pos = self.item(f, pos, len)?;
                    } else if tag == Tag::SEQUENCE_DELIMITATION.0 && f.undefined {
                        if len != 0 {
                            self.tolerate(
                                WarningKind::DelimiterLength,
                                ErrorKind::DelimiterLength,
                                pos,
                                tag,
                            )?;
                        }
                        self.close(pos, true);
                        pos += 8;
                    } else if f.undefined && self.lenient && f.kind == FrameKind::Items {
                        // A sequence missing its delimiter, followed by the next element.
                        let seq = self.nodes[f.node as usize].tag;
                        self.tolerate(
                            WarningKind::MissingDelimiter,
                            ErrorKind::MissingDelimiter,
                            pos,
                            seq,
                        )?;
                        self.close(pos, false);
                    } else {
                        return Err(self.error(ErrorKind::UnexpectedTag(Tag(tag)), pos, None));
                    }
                }
            }
        }
    }

    /// The fast path: a run of plain elements in an element frame `f` (not CP-246) from
    /// `pos`, indexed directly; returns where the run ended (`pos` when the element there is
    /// not plain). Plain: a known VR, zero reserved bytes, a defined, even length that fits,
    /// not a sequence, not Pixel Representation in implicit VR, a tag in `[lo, hi)` above
    /// the previous one, and room under the element limit. Everything else is left to the
    /// general path, which reports it exactly as before.
    #[inline(always)]
    fn plain_elements<const BIG: bool, const EXPLICIT: bool>(
        &mut self,
        f: &Frame,
        start: u32,
        lo: u32,
        hi: u32,
    ) -> u32 {
        let mut pos = start;
        let b = self.b;
        let limit = f.limit;
        let parent = f.node;
        let top = parent == NO_PARENT;
        let max = self.opts.max_elements as usize;
        let mut next = self.next_tag.max(u64::from(lo));
        let nodes = &mut *self.nodes;
        while limit - pos >= 12 || (!EXPLICIT && limit - pos >= 8) {
            let p = pos as usize;
            let h = head(b, p);
            let tag = (u32::from(h16(&h, 0, BIG)) << 16) | u32::from(h16(&h, 2, BIG));
            if u64::from(tag) < next || tag >= hi {
                break;
            }
            let (vr, header, len) = if EXPLICIT {
                let Some(vr) = Vr::from_bytes([h[4], h[5]]) else {
                    break;
                };
                if vr.has_long_length() {
                    if vr == Vr::SQ || h[6] != 0 || h[7] != 0 {
                        break;
                    }
                    (vr, Header::ExplicitLong, rd32(b, p + 8, BIG))
                } else {
                    (vr, Header::ExplicitShort, u32::from(h16(&h, 6, BIG)))
                }
            } else {
                if tag == 0x0028_0103 {
                    break;
                }
                let vr = dict::implicit_vr_signed(Tag(tag), self.signed);
                if vr == Vr::SQ {
                    break;
                }
                (vr, Header::TagLength, h32(&h, 4, BIG))
            };
            let vo = pos + header.len();
            // Odd covers undefined (0xFFFFFFFF) too.
            if len & 1 == 1 || len > limit - vo {
                break;
            }
            let i = nodes.len();
            if i >= max {
                break;
            }
            if top {
                self.top.push(i as u32);
            }
            nodes.push(Node {
                tag,
                value_offset: vo,
                len,
                end: i as u32 + 1,
                parent,
                vr,
                kind: Kind::Element,
                header,
                flags: 0,
            });
            next = u64::from(tag) + 1;
            pos = vo + len;
        }
        if pos != start {
            self.next_tag = next;
        }
        pos
    }

    /// Bytes at the end of the data set too short for an element header.
    #[cold]
    fn trailing(&mut self, pos: u32, end: u32, built: &mut Built) -> Result<u32, Fail> {
        if self.lenient {
            self.warnings.push(Warning {
                kind: WarningKind::TrailingBytes,
                offset: pos as usize,
                tag: None,
            });
            built.trailing = pos;
            Ok(end)
        } else {
            Err(self.error(ErrorKind::Truncated, pos, None))
        }
    }

    /// A tag of group FFFE where elements are expected.
    #[cold]
    fn delimiter_in_elements(
        &mut self,
        f: Frame,
        tag: u32,
        pos: u32,
        big: bool,
    ) -> Result<u32, Fail> {
        let len = rd32(self.b, pos as usize + 4, big);
        let in_item = f.node != NO_PARENT;
        if tag == Tag::ITEM_DELIMITATION.0 && in_item && f.undefined {
            if len != 0 {
                self.tolerate(
                    WarningKind::DelimiterLength,
                    ErrorKind::DelimiterLength,
                    pos,
                    tag,
                )?;
            }
            self.close(pos, true);
            return Ok(pos + 8);
        }
        if tag == Tag::SEQUENCE_DELIMITATION.0 && in_item && f.undefined && self.lenient {
            // The item's delimiter is missing: close the item, let the sequence see this.
            let item = self.nodes[f.node as usize].tag;
            self.tolerate(
                WarningKind::MissingDelimiter,
                ErrorKind::MissingDelimiter,
                pos,
                item,
            )?;
            self.close(pos, false);
            return Ok(pos);
        }
        Err(self.error(ErrorKind::UnexpectedTag(Tag(tag)), pos, None))
    }

    /// An item or fragment header at `pos` inside a sequence or encapsulated pixel data.
    fn item(&mut self, f: Frame, pos: u32, len: u32) -> Result<u32, Fail> {
        let vo = pos + 8;
        let parent = f.node;
        let implicit = if f.implicit_le { F_IMPLICIT_LE } else { 0 };
        if f.kind == FrameKind::Fragments {
            if len == UNDEFINED || len > f.limit - vo {
                return Err(self.length_error(len, f.limit - vo, pos));
            }
            if len % 2 == 1 {
                self.tolerate(
                    WarningKind::OddLength,
                    ErrorKind::OddLength(len),
                    pos,
                    Tag::ITEM.0,
                )?;
            }
            let i = self.push(
                Node {
                    tag: Tag::ITEM.0,
                    value_offset: vo,
                    len,
                    end: 0,
                    parent,
                    vr: Vr::OB,
                    kind: Kind::Fragment,
                    header: Header::TagLength,
                    flags: implicit,
                },
                pos,
            )?;
            self.nodes[i as usize].end = i + 1;
            return Ok(vo + len);
        }
        let undefined = len == UNDEFINED;
        if !undefined && len > f.limit - vo {
            return Err(self.length_error(len, f.limit - vo, pos));
        }
        let i = self.push(
            Node {
                tag: Tag::ITEM.0,
                value_offset: vo,
                len: if undefined { 0 } else { len },
                end: 0,
                parent,
                vr: Vr::SQ,
                kind: Kind::Item,
                header: Header::TagLength,
                flags: implicit | if undefined { F_UNDEFINED } else { 0 },
            },
            pos,
        )?;
        self.save_state();
        self.stack.push(Frame {
            kind: FrameKind::Elements,
            node: i,
            limit: if undefined { f.limit } else { vo + len },
            undefined,
            implicit_le: f.implicit_le,
            next_tag: 0,
            depth: f.depth,
            signed: false,
        });
        Ok(vo)
    }

    #[cold]
    fn length_error(&self, len: u32, available: u32, pos: u32) -> Fail {
        self.error(
            ErrorKind::LengthExceedsInput {
                length: len,
                available: u64::from(available),
            },
            pos,
            None,
        )
    }

    /// A data element header at `pos`; returns where the next header starts.
    #[inline(always)]
    fn element<const BIG: bool, const EXPLICIT: bool>(
        &mut self,
        f: Frame,
        tag: u32,
        pos: u32,
        h: &[u8; 8],
    ) -> Result<u32, Fail> {
        let big = BIG && !f.implicit_le;
        let b = self.b;
        let p = pos as usize;
        let explicit = EXPLICIT && !f.implicit_le;
        let flags = if f.implicit_le { F_IMPLICIT_LE } else { 0 };
        let (vr, header, len) = if explicit {
            match Vr::from_bytes([h[4], h[5]]) {
                Some(vr) if vr.has_long_length() => {
                    if f.limit - pos < 12 {
                        return Err(self.error(ErrorKind::Truncated, pos, Some(tag)));
                    }
                    if h[6] != 0 || h[7] != 0 {
                        self.tolerate(
                            WarningKind::NonZeroReserved,
                            ErrorKind::NonZeroReserved,
                            pos,
                            tag,
                        )?;
                    }
                    (vr, Header::ExplicitLong, rd32(b, p + 8, big))
                }
                Some(vr) => (vr, Header::ExplicitShort, u32::from(h16(h, 6, big))),
                None => return self.unknown_vr(f, tag, pos, big),
            }
        } else {
            let len = h32(h, 4, big);
            if tag == 0x0028_0103 && len == 2 && f.limit - pos >= 10 {
                self.signed = rd16(b, p + 8, big) == 1;
            }
            (
                dict::implicit_vr_signed(Tag(tag), self.signed),
                Header::TagLength,
                len,
            )
        };
        let vo = pos + header.len();
        if len == UNDEFINED {
            return self.open_undefined(f, tag, vr, header, vo, flags);
        }
        let avail = f.limit - vo;
        if len > avail {
            return Err(self.error(
                ErrorKind::LengthExceedsInput {
                    length: len,
                    available: u64::from(avail),
                },
                pos,
                Some(tag),
            ));
        }
        if len & 1 == 1 {
            self.tolerate(WarningKind::OddLength, ErrorKind::OddLength(len), pos, tag)?;
        }
        let kind = if vr == Vr::SQ {
            if len > 0 {
                self.check_depth(&f, tag, pos)?;
            }
            Kind::Sequence
        } else {
            Kind::Element
        };
        let opens = kind == Kind::Sequence && len > 0;
        // A leaf's subtree ends right after it; a container's end is set when it closes.
        let end = if opens {
            0
        } else {
            self.nodes.len() as u32 + 1
        };
        let i = self.push(
            Node {
                tag,
                value_offset: vo,
                len,
                end,
                parent: f.node,
                vr,
                kind,
                header,
                flags,
            },
            pos,
        )?;
        if opens {
            self.open(f, i, vo + len, false, f.implicit_le, FrameKind::Items);
            Ok(vo)
        } else {
            Ok(vo + len)
        }
    }

    /// Fails when a sequence opened in frame `f` would nest too deep.
    #[inline]
    fn check_depth(&self, f: &Frame, tag: u32, pos: u32) -> Result<(), Fail> {
        if f.depth >= self.opts.max_depth {
            return Err(self.error(ErrorKind::TooDeep(self.opts.max_depth), pos, Some(tag)));
        }
        Ok(())
    }

    #[inline]
    fn open(
        &mut self,
        f: Frame,
        node: u32,
        limit: u32,
        undefined: bool,
        implicit_le: bool,
        kind: FrameKind,
    ) {
        let depth = f.depth + 1;
        self.save_state();
        self.stack.push(Frame {
            kind,
            node,
            limit,
            undefined,
            implicit_le,
            next_tag: 0,
            depth,
            signed: f.signed,
        });
    }

    /// An element with undefined length: a sequence, CP-246 UN, or encapsulated pixel data.
    fn open_undefined(
        &mut self,
        f: Frame,
        tag: u32,
        vr: Vr,
        header: Header,
        vo: u32,
        mut flags: u8,
    ) -> Result<u32, Fail> {
        let pos = vo - header.len();
        let explicit = header != Header::TagLength;
        let (kind, frame, implicit_le) = match vr {
            Vr::SQ => (Kind::Sequence, FrameKind::Items, f.implicit_le),
            Vr::OB | Vr::OW if tag == Tag::PIXEL_DATA.0 || explicit => {
                (Kind::Fragments, FrameKind::Fragments, f.implicit_le)
            }
            _ if tag == Tag::PIXEL_DATA.0 => (Kind::Fragments, FrameKind::Fragments, f.implicit_le),
            Vr::UN if explicit => {
                flags |= F_CP246;
                (Kind::Sequence, FrameKind::Items, true)
            }
            Vr::UN => (Kind::Sequence, FrameKind::Items, f.implicit_le),
            _ => {
                self.tolerate(
                    WarningKind::UndefinedLength,
                    ErrorKind::UndefinedLength,
                    pos,
                    tag,
                )?;
                (Kind::Sequence, FrameKind::Items, f.implicit_le)
            }
        };
        self.check_depth(&f, tag, pos)?;
        let i = self.push(
            Node {
                tag,
                value_offset: vo,
                len: 0,
                end: 0,
                parent: f.node,
                vr,
                kind,
                header,
                flags: flags | F_UNDEFINED,
            },
            pos,
        )?;
        self.open(f, i, f.limit, true, implicit_le, frame);
        Ok(vo)
    }

    /// An explicit VR header whose VR bytes are not a VR.
    #[cold]
    fn unknown_vr(&mut self, f: Frame, tag: u32, pos: u32, big: bool) -> Result<u32, Fail> {
        self.tolerate(WarningKind::UnknownVr, ErrorKind::UnknownVr, pos, tag)?;
        let b = self.b;
        let p = pos as usize;
        // Read as UN; 32-bit length when the would-be reserved bytes are zero (PS3.5 6.2:
        // VRs added later use the long form).
        let reserved_zero = b[p + 6] == 0 && b[p + 7] == 0;
        let (header, len) = if reserved_zero && f.limit - pos >= 12 {
            (Header::ExplicitLong, rd32(b, p + 8, big))
        } else {
            (Header::ExplicitShort, u32::from(rd16(b, p + 6, big)))
        };
        let vo = pos + header.len();
        let flags = F_UNKNOWN_VR | if f.implicit_le { F_IMPLICIT_LE } else { 0 };
        if len == UNDEFINED {
            return self.open_undefined(f, tag, Vr::UN, header, vo, flags);
        }
        let avail = f.limit - vo;
        if len > avail {
            return Err(self.length_error(len, avail, pos));
        }
        let i = self.push(
            Node {
                tag,
                value_offset: vo,
                len,
                end: 0,
                parent: f.node,
                vr: Vr::UN,
                kind: Kind::Element,
                header,
                flags,
            },
            pos,
        )?;
        self.nodes[i as usize].end = i + 1;
        Ok(vo + len)
    }
}

/// The tag path of node `idx` (an item or element), outermost first.
pub(crate) fn path_to(nodes: &[Node], mut idx: u32) -> TagPath {
    let mut path = TagPath::default();
    let mut pending_item: Option<u32> = None;
    while let Some(n) = nodes.get(idx as usize) {
        match n.kind {
            Kind::Item | Kind::Fragment => {
                // Its position among the parent's children.
                let parent = n.parent;
                let first = parent.wrapping_add(1);
                let mut k = 0u32;
                let mut j = first;
                while j < idx {
                    k += 1;
                    j = nodes.get(j as usize).map_or(idx, |c| c.end.max(j + 1));
                }
                pending_item = Some(k);
            }
            _ => {
                path.push_outer(Tag(n.tag), pending_item.take());
            }
        }
        idx = n.parent;
    }
    path
}
