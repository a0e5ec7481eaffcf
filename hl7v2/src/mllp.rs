//! MLLP (Minimal Lower Layer Protocol) framing and deframing.
//!
//! MLLP is the framing used to send HL7 v2 messages over a byte stream such
//! as TCP. Every message travels as one *frame*:
//!
//! ```text
//! <VT 0x0B> message bytes <FS 0x1C> <CR 0x0D>
//! ```
//!
//! This module is a pure state machine: it performs no I/O. Use [`frame`] or
//! [`frame_into`] to wrap outgoing messages, and a [`Deframer`] to recover
//! messages from incoming bytes, however the transport happens to split them
//! into chunks. [`deframe_all`] is a shortcut for input that is already
//! complete in memory.
//!
//! ```
//! use hl7v2::mllp::{self, Event};
//!
//! let wire = mllp::frame(b"MSH|^~\\&|A\rPID|1\r");
//! assert_eq!(wire.first(), Some(&mllp::START_BLOCK));
//!
//! let events = mllp::deframe_all(&wire);
//! assert_eq!(events, [Event::Message(b"MSH|^~\\&|A\rPID|1\r".to_vec())]);
//! ```

use alloc::vec::Vec;
use core::fmt;
use core::iter::FusedIterator;

/// The byte that opens an MLLP frame: vertical tab, `0x0B`.
pub const START_BLOCK: u8 = 0x0B;

/// The first byte of the trailer that closes an MLLP frame: file separator,
/// `0x1C`.
pub const END_BLOCK: u8 = 0x1C;

/// The second byte of the trailer that closes an MLLP frame: carriage return,
/// `0x0D`.
pub const CARRIAGE_RETURN: u8 = 0x0D;

/// The largest frame payload a [`Deframer`] accepts unless told otherwise with
/// [`Deframer::with_max_frame_size`]: 16 MiB (16 × 1024 × 1024 bytes).
pub const DEFAULT_MAX_FRAME_SIZE: usize = 16 * 1024 * 1024;

/// Spare buffer capacity a [`Deframer`] may keep around once its data has
/// been consumed; beyond this, capacity is released when it is mostly unused.
const RETAINED_CAPACITY: usize = 64 * 1024;

/// Chunk size [`deframe_all`] feeds to its deframer, so that the deframer's
/// own buffer stays small even for very large inputs.
const DEFRAME_ALL_CHUNK: usize = 64 * 1024;

/// Wraps `message` in an MLLP frame: `VT`, the message bytes, `FS`, `CR`.
///
/// The message is copied verbatim. HL7 v2 messages never contain the `VT` or
/// `FS` bytes; if `message` does, the receiver will split it wrongly, so
/// callers sending arbitrary data must check for them first.
///
/// ```
/// use hl7v2::mllp;
///
/// assert_eq!(mllp::frame(b"MSH|"), b"\x0bMSH|\x1c\r");
/// ```
#[must_use]
pub fn frame(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    frame_into(message, &mut out);
    out
}

/// Appends the MLLP frame for `message` to `out`, reserving space once.
///
/// Existing contents of `out` are kept, so several frames can be written into
/// one buffer. See [`frame`] for the framing rules.
///
/// ```
/// use hl7v2::mllp;
///
/// let mut out = Vec::new();
/// mllp::frame_into(b"A", &mut out);
/// mllp::frame_into(b"B", &mut out);
/// assert_eq!(out, b"\x0bA\x1c\r\x0bB\x1c\r");
/// ```
pub fn frame_into(message: &[u8], out: &mut Vec<u8>) {
    out.reserve(message.len().saturating_add(3));
    out.push(START_BLOCK);
    out.extend_from_slice(message);
    out.push(END_BLOCK);
    out.push(CARRIAGE_RETURN);
}

/// Deframes a complete byte stream in one go.
///
/// Equivalent to pushing `input` into a fresh [`Deframer`] (with
/// [`DEFAULT_MAX_FRAME_SIZE`]), collecting every event, and then calling
/// [`Deframer::finish`] until it returns `None`. A partial frame at the end
/// of `input` is therefore reported as [`Event::Truncated`].
///
/// ```
/// use hl7v2::mllp::{deframe_all, Event};
///
/// let events = deframe_all(b"\r\n\x0bA\x1c\r\x0bB");
/// assert_eq!(
///     events,
///     [
///         Event::Garbage { offset: 0, len: 2, whitespace_only: true },
///         Event::Message(b"A".to_vec()),
///         Event::Truncated { offset: 6, len: 2 },
///     ]
/// );
/// ```
#[must_use]
pub fn deframe_all(input: &[u8]) -> Vec<Event> {
    let mut deframer = Deframer::new();
    let mut events = Vec::new();
    for chunk in input.chunks(DEFRAME_ALL_CHUNK) {
        deframer.push(chunk);
        events.extend(deframer.events());
    }
    while let Some(event) = deframer.finish() {
        events.push(event);
    }
    events
}

/// Something a [`Deframer`] found in the byte stream.
///
/// Every `offset` is a *stream offset*: the number of bytes pushed into the
/// deframer before the byte it refers to, counted since the deframer was
/// created. Every range (`offset`, `len`) covers raw stream bytes, framing
/// bytes included, so the ranges of all events of a stream, together with
/// the frames delivered as [`Event::Message`], tile the stream without gaps
/// or overlaps.
///
/// The `Debug` output never shows message contents, only lengths and
/// offsets, so events can be logged without leaking patient data.
#[derive(Clone, PartialEq, Eq)]
pub enum Event {
    /// A complete frame: its payload, without the `VT`, `FS` and `CR`
    /// framing bytes. The payload is at most the deframer's maximum frame
    /// size long.
    Message(Vec<u8>),
    /// The [`Event::Message`] just before this event ended with `FS` that was
    /// not followed by `CR`.
    ///
    /// The deframer is lenient: `FS` followed by any other byte (or by the
    /// end of the stream, see [`Deframer::finish`]) still ends the frame, and
    /// the message is delivered. The byte after `FS` is then *not* part of
    /// the frame: it is processed as the start of whatever follows (a new
    /// frame if it is `VT`, otherwise garbage). This event follows the
    /// message immediately, so callers who want strict MLLP can treat it as
    /// an error, and others can ignore it.
    MissingCarriageReturn {
        /// Stream offset where the `CR` was expected (the byte after `FS`).
        offset: u64,
    },
    /// A contiguous run of bytes outside any frame: before the first `VT`,
    /// between frames, or after the last frame.
    ///
    /// A run is reported as one event, once it ends (at the next `VT`, or at
    /// [`Deframer::finish`]), whatever the chunking. Garbage is counted, not
    /// stored, so a long run costs no memory.
    Garbage {
        /// Stream offset of the first byte of the run.
        offset: u64,
        /// Number of bytes in the run (saturating at `usize::MAX`).
        len: usize,
        /// `true` if every byte of the run is a space, tab, `CR` or `LF`.
        /// Such runs (for example a stray line break some senders put
        /// between frames) are usually harmless; callers may choose to
        /// ignore them.
        whitespace_only: bool,
    },
    /// A frame whose payload exceeded the maximum frame size. Its bytes were
    /// discarded without being stored.
    ///
    /// The range runs from the frame's `VT` up to and including the trailer
    /// that ended it (`FS CR`, or a lone `FS` followed by another byte or by
    /// the end of the stream), or up to but excluding a `VT` that started a
    /// new frame, or to the end of the stream.
    Oversize {
        /// Stream offset of the frame's `VT`.
        offset: u64,
        /// Number of bytes discarded (saturating at `usize::MAX`).
        len: usize,
    },
    /// A frame (no longer than the maximum size) that never ended: a `VT`
    /// started a new frame before its `FS`, or the stream ended (see
    /// [`Deframer::finish`]). Its bytes are discarded.
    ///
    /// The range runs from the frame's `VT` up to but excluding the `VT` that
    /// interrupted it, or to the end of the stream.
    Truncated {
        /// Stream offset of the frame's `VT`.
        offset: u64,
        /// Number of bytes discarded, including the `VT`.
        len: usize,
    },
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Message(payload) => f
                .debug_struct("Message")
                .field("len", &payload.len())
                .finish(),
            Self::MissingCarriageReturn { offset } => f
                .debug_struct("MissingCarriageReturn")
                .field("offset", offset)
                .finish(),
            Self::Garbage {
                offset,
                len,
                whitespace_only,
            } => f
                .debug_struct("Garbage")
                .field("offset", offset)
                .field("len", len)
                .field("whitespace_only", whitespace_only)
                .finish(),
            Self::Oversize { offset, len } => f
                .debug_struct("Oversize")
                .field("offset", offset)
                .field("len", len)
                .finish(),
            Self::Truncated { offset, len } => f
                .debug_struct("Truncated")
                .field("offset", offset)
                .field("len", len)
                .finish(),
        }
    }
}

/// A pending run of garbage bytes.
#[derive(Clone, Copy, Debug)]
struct Run {
    offset: u64,
    len: usize,
    whitespace_only: bool,
}

impl Run {
    /// Extends `run` (or starts a new run at `offset`) with `bytes`.
    fn extend(run: Option<Self>, offset: u64, bytes: &[u8]) -> Option<Self> {
        if bytes.is_empty() {
            return run;
        }
        let run = run.unwrap_or(Self {
            offset,
            len: 0,
            whitespace_only: true,
        });
        Some(Self {
            offset: run.offset,
            len: run.len.saturating_add(bytes.len()),
            whitespace_only: run.whitespace_only && bytes.iter().all(|&b| is_whitespace(b)),
        })
    }

    fn into_event(self) -> Event {
        Event::Garbage {
            offset: self.offset,
            len: self.len,
            whitespace_only: self.whitespace_only,
        }
    }
}

/// Whitespace as far as [`Event::Garbage::whitespace_only`] is concerned.
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// Where the deframer is in the stream.
#[derive(Clone, Copy, Debug)]
enum State {
    /// Outside any frame, possibly in the middle of a garbage run.
    Between { run: Option<Run> },
    /// Inside a frame whose `VT` is at stream offset `offset`; the payload
    /// received so far is `buf[start..]`.
    InFrame { offset: u64 },
    /// Inside an oversize frame whose `VT` is at stream offset `offset`;
    /// `len` bytes of it have been discarded so far.
    Discarding { offset: u64, len: usize },
}

/// Converts a length to a stream offset delta (lossless on every platform
/// Rust supports; saturates otherwise).
fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// An incremental MLLP deframer: feed it byte chunks as they arrive with
/// [`push`](Self::push), and pull [`Event`]s with
/// [`next_event`](Self::next_event) (or [`events`](Self::events)).
///
/// The deframer does no I/O and never panics. The sequence of events depends
/// only on the bytes pushed, never on how they were split into chunks, nor
/// on when events are pulled.
///
/// # Memory
///
/// `push` only appends to an internal buffer; the work happens when events
/// are pulled. Pull events until `next_event` returns `None` after every
/// `push`: the buffer then holds at most the payload of the current partial
/// frame, which is at most the maximum frame size plus one byte (a pending
/// `FS`). Garbage and oversize frames are counted, never stored. Each byte is
/// examined once, whatever the chunk sizes, and consumed bytes are removed
/// in bulk, so the total work is linear in the input.
///
/// # Example
///
/// ```
/// use hl7v2::mllp::{Deframer, Event};
///
/// let mut deframer = Deframer::new();
/// let mut messages = Vec::new();
/// for chunk in [&b"\x0bMSH|first"[..], b"\x1c", b"\r\x0bMSH|sec", b"ond\x1c\r"] {
///     deframer.push(chunk);
///     while let Some(event) = deframer.next_event() {
///         match event {
///             Event::Message(payload) => messages.push(payload),
///             other => panic!("unexpected {other:?}"),
///         }
///     }
/// }
/// assert_eq!(deframer.finish(), None);
/// assert_eq!(messages, [b"MSH|first".to_vec(), b"MSH|second".to_vec()]);
/// ```
pub struct Deframer {
    /// Received bytes; `buf[..start]` is already consumed.
    buf: Vec<u8>,
    /// First unconsumed byte of `buf`. Invariant: `start <= buf.len()`.
    start: usize,
    /// In [`State::InFrame`]: `buf[start..scan]` is known to contain no `VT`
    /// and no `FS` (except possibly an `FS` at `scan` itself, waiting for the
    /// next byte). Invariant: `start <= scan <= buf.len()`.
    scan: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
    /// Largest payload delivered as [`Event::Message`].
    max_frame_size: usize,
    state: State,
    /// An event already decided, to be returned before anything else.
    pending: Option<Event>,
}

impl Default for Deframer {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Deframer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deframer")
            .field("stream_offset", &self.bytes_pushed())
            .field("buffered_len", &self.buffered_len())
            .field("buffer_capacity", &self.buf.capacity())
            .field("max_frame_size", &self.max_frame_size)
            .field("state", &self.state)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Deframer {
    /// Creates a deframer with the default maximum frame size,
    /// [`DEFAULT_MAX_FRAME_SIZE`] (16 MiB).
    ///
    /// ```
    /// use hl7v2::mllp::{Deframer, DEFAULT_MAX_FRAME_SIZE};
    ///
    /// assert_eq!(Deframer::new().max_frame_size(), DEFAULT_MAX_FRAME_SIZE);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_max_frame_size(DEFAULT_MAX_FRAME_SIZE)
    }

    /// Creates a deframer that delivers payloads of at most `max_frame_size`
    /// bytes (framing bytes not included); longer frames are discarded and
    /// reported as [`Event::Oversize`].
    ///
    /// ```
    /// use hl7v2::mllp::{Deframer, Event};
    ///
    /// let mut deframer = Deframer::with_max_frame_size(3);
    /// deframer.push(b"\x0babc\x1c\r\x0babcd\x1c\r");
    /// assert_eq!(deframer.next_event(), Some(Event::Message(b"abc".to_vec())));
    /// assert_eq!(deframer.next_event(), Some(Event::Oversize { offset: 6, len: 7 }));
    /// assert_eq!(deframer.next_event(), None);
    /// ```
    #[must_use]
    pub fn with_max_frame_size(max_frame_size: usize) -> Self {
        Self {
            buf: Vec::new(),
            start: 0,
            scan: 0,
            base: 0,
            max_frame_size,
            state: State::Between { run: None },
            pending: None,
        }
    }

    /// The largest payload this deframer delivers as [`Event::Message`].
    #[must_use]
    pub fn max_frame_size(&self) -> usize {
        self.max_frame_size
    }

    /// Total number of bytes pushed so far: the stream offset the next pushed
    /// byte will have.
    ///
    /// ```
    /// use hl7v2::mllp::Deframer;
    ///
    /// let mut deframer = Deframer::new();
    /// deframer.push(b"abc");
    /// deframer.push(b"de");
    /// assert_eq!(deframer.bytes_pushed(), 5);
    /// ```
    #[must_use]
    pub fn bytes_pushed(&self) -> u64 {
        self.base.saturating_add(to_u64(self.buf.len()))
    }

    /// Number of bytes currently held in the internal buffer: input not yet
    /// examined plus the payload of the current partial frame.
    ///
    /// ```
    /// use hl7v2::mllp::Deframer;
    ///
    /// let mut deframer = Deframer::new();
    /// deframer.push(b"\x0bpartial");
    /// assert_eq!(deframer.next_event(), None);
    /// assert_eq!(deframer.buffered_len(), 7);
    /// ```
    #[must_use]
    pub fn buffered_len(&self) -> usize {
        self.buf.len().saturating_sub(self.start)
    }

    /// Appends a chunk of received bytes. No event is produced here: pull
    /// them with [`next_event`](Self::next_event) or
    /// [`events`](Self::events), preferably until exhausted after every push
    /// (see the type-level documentation on memory).
    pub fn push(&mut self, chunk: &[u8]) {
        self.compact(chunk.len());
        self.buf.extend_from_slice(chunk);
    }

    /// Returns the next event that the bytes pushed so far determine, or
    /// `None` if more input is needed to decide.
    ///
    /// A partial frame or garbage run at the end of the pushed data is held
    /// back (garbage runs are reported whole, and an `FS` at the very end
    /// waits for the next byte to see whether it is `CR`). Call
    /// [`finish`](Self::finish) at the end of the stream to flush them.
    pub fn next_event(&mut self) -> Option<Event> {
        self.advance(false)
    }

    /// Returns an iterator that calls [`next_event`](Self::next_event) until
    /// it returns `None`.
    ///
    /// ```
    /// use hl7v2::mllp::{Deframer, Event};
    ///
    /// let mut deframer = Deframer::new();
    /// deframer.push(b"\x0bA\x1c\r\x0bB\x1c\r\x0bC");
    /// let events: Vec<Event> = deframer.events().collect();
    /// assert_eq!(events, [Event::Message(b"A".to_vec()), Event::Message(b"B".to_vec())]);
    /// ```
    pub fn events(&mut self) -> Events<'_> {
        Events { deframer: self }
    }

    /// Signals the end of the stream and returns the next remaining event;
    /// call it repeatedly until it returns `None`.
    ///
    /// It first returns every event [`next_event`](Self::next_event) would
    /// have returned, then flushes what the end of the stream settles:
    /// a pending garbage run as [`Event::Garbage`]; a partial frame as
    /// [`Event::Truncated`] (or [`Event::Oversize`] if it was already too
    /// long); a frame whose final byte was `FS` as [`Event::Message`]
    /// followed by [`Event::MissingCarriageReturn`].
    ///
    /// Once it has returned `None`, the deframer is empty and may be reused
    /// for more input; stream offsets keep counting from where they were.
    ///
    /// ```
    /// use hl7v2::mllp::{Deframer, Event};
    ///
    /// let mut deframer = Deframer::new();
    /// deframer.push(b"\x0bA\x1c\r\x0bunfinished");
    /// assert_eq!(deframer.next_event(), Some(Event::Message(b"A".to_vec())));
    /// assert_eq!(deframer.next_event(), None);
    /// assert_eq!(deframer.finish(), Some(Event::Truncated { offset: 4, len: 11 }));
    /// assert_eq!(deframer.finish(), None);
    /// ```
    pub fn finish(&mut self) -> Option<Event> {
        let event = self.advance(true);
        if event.is_none() {
            // Everything is consumed now; drop it and release excess memory.
            self.compact(0);
        }
        event
    }

    /// Stream offset of `buf[index]`.
    fn offset_of(&self, index: usize) -> u64 {
        self.base.saturating_add(to_u64(index))
    }

    /// Marks `buf[..index]` as consumed.
    fn consume_to(&mut self, index: usize) {
        let index = index.min(self.buf.len());
        self.start = index;
        self.scan = index;
    }

    /// Drops consumed bytes when they make up at least half of the buffer
    /// (so each byte is moved at most once on average), and releases
    /// capacity that is far larger than what the buffer needs for
    /// `incoming` more bytes.
    fn compact(&mut self, incoming: usize) {
        let start = self.start.min(self.buf.len());
        let live = self.buf.len() - start;
        if start > 0 && start >= live {
            self.buf.drain(..start);
            self.base = self.base.saturating_add(to_u64(start));
            self.scan = self.scan.saturating_sub(start);
            self.start = 0;
        }
        let needed = self.buf.len().saturating_add(incoming);
        if self.buf.capacity() > RETAINED_CAPACITY && self.buf.capacity() / 4 > needed {
            self.buf.shrink_to(needed.max(RETAINED_CAPACITY));
        }
    }

    /// The state machine. With `eof`, the end of the buffered data is the end
    /// of the stream; otherwise more data may follow.
    fn advance(&mut self, eof: bool) -> Option<Event> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        loop {
            match self.state {
                State::Between { run } => {
                    let data = self.buf.get(self.start..).unwrap_or(&[]);
                    let run_offset = self.offset_of(self.start);
                    let Some(i) = memchr::memchr(START_BLOCK, data) else {
                        let run = Run::extend(run, run_offset, data);
                        self.consume_to(self.buf.len());
                        if eof {
                            self.state = State::Between { run: None };
                            return run.map(Run::into_event);
                        }
                        self.state = State::Between { run };
                        return None;
                    };
                    let run = Run::extend(run, run_offset, data.get(..i).unwrap_or(&[]));
                    // `i < data.len()`, so these stay within the buffer.
                    let vt = self.start + i;
                    self.state = State::InFrame {
                        offset: self.offset_of(vt),
                    };
                    self.consume_to(vt + 1);
                    if let Some(run) = run {
                        return Some(run.into_event());
                    }
                }
                State::InFrame { offset } => {
                    if let Some(event) = self.advance_in_frame(offset, eof) {
                        return Some(event);
                    }
                    if matches!(self.state, State::InFrame { .. }) {
                        return None;
                    }
                    // Switched to discarding an oversize frame: carry on.
                }
                State::Discarding { offset, len } => {
                    let data = self.buf.get(self.start..).unwrap_or(&[]);
                    let Some(i) = memchr::memchr2(START_BLOCK, END_BLOCK, data) else {
                        let len = len.saturating_add(data.len());
                        self.consume_to(self.buf.len());
                        if eof {
                            self.state = State::Between { run: None };
                            return Some(Event::Oversize { offset, len });
                        }
                        self.state = State::Discarding { offset, len };
                        return None;
                    };
                    // `i < data.len()`, so these stay within the buffer.
                    let pos = self.start + i;
                    if data.get(i) == Some(&START_BLOCK) {
                        self.state = State::InFrame {
                            offset: self.offset_of(pos),
                        };
                        self.consume_to(pos + 1);
                        return Some(Event::Oversize {
                            offset,
                            len: len.saturating_add(i),
                        });
                    }
                    let trailer = match data.get(i + 1) {
                        Some(&CARRIAGE_RETURN) => 2,
                        Some(_) => 1,
                        None if eof => 1,
                        None => {
                            // Keep the `FS` until the next byte arrives.
                            self.state = State::Discarding {
                                offset,
                                len: len.saturating_add(i),
                            };
                            self.consume_to(pos);
                            return None;
                        }
                    };
                    self.state = State::Between { run: None };
                    self.consume_to(pos + trailer);
                    return Some(Event::Oversize {
                        offset,
                        len: len.saturating_add(i).saturating_add(trailer),
                    });
                }
            }
        }
    }

    /// One step inside a frame whose `VT` is at stream offset `offset`.
    ///
    /// Returns an event, or `None` having either switched to
    /// [`State::Discarding`] or concluded that more input is needed.
    fn advance_in_frame(&mut self, offset: u64, eof: bool) -> Option<Event> {
        let scan = self.scan.clamp(self.start, self.buf.len());
        let haystack = self.buf.get(scan..).unwrap_or(&[]);
        // Indices found here are `< buf.len()`, so adding 1 or 2 below
        // cannot overflow.
        let found = memchr::memchr2(START_BLOCK, END_BLOCK, haystack).map(|i| scan + i);
        if let Some(i) = found {
            let payload_len = i - self.start;
            if self.buf.get(i) == Some(&START_BLOCK) {
                // A new frame starts before this one ended.
                let len = payload_len.saturating_add(1);
                let event = if payload_len > self.max_frame_size {
                    Event::Oversize { offset, len }
                } else {
                    Event::Truncated { offset, len }
                };
                self.state = State::InFrame {
                    offset: self.offset_of(i),
                };
                self.consume_to(i + 1);
                return Some(event);
            }
            let trailer = match self.buf.get(i + 1) {
                Some(&CARRIAGE_RETURN) => Some(2),
                Some(_) => Some(1),
                None if eof => Some(1),
                None => None,
            };
            if let Some(trailer) = trailer {
                let event = if payload_len > self.max_frame_size {
                    Event::Oversize {
                        offset,
                        len: payload_len.saturating_add(1).saturating_add(trailer),
                    }
                } else {
                    if trailer == 1 {
                        self.pending = Some(Event::MissingCarriageReturn {
                            offset: self.offset_of(i + 1),
                        });
                    }
                    Event::Message(self.buf.get(self.start..i).unwrap_or(&[]).to_vec())
                };
                self.state = State::Between { run: None };
                self.consume_to(i + trailer);
                return Some(event);
            }
        }
        // No terminator yet: either nothing found, or an `FS` at the very end
        // waiting for its next byte.
        let end = found.unwrap_or(self.buf.len());
        let payload_len = end - self.start;
        if payload_len > self.max_frame_size {
            self.state = State::Discarding {
                offset,
                len: payload_len.saturating_add(1),
            };
            self.consume_to(end);
            return None;
        }
        if eof {
            // Here `found` is `None` (an `FS` at the end was handled above),
            // so the whole remaining buffer is the partial payload.
            self.state = State::Between { run: None };
            self.consume_to(self.buf.len());
            return Some(Event::Truncated {
                offset,
                len: payload_len.saturating_add(1),
            });
        }
        self.scan = end;
        None
    }
}

/// Iterator over the events a [`Deframer`] can produce from the bytes pushed
/// so far; created by [`Deframer::events`].
#[derive(Debug)]
pub struct Events<'a> {
    deframer: &'a mut Deframer,
}

impl Iterator for Events<'_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.deframer.next_event()
    }
}

// While the iterator exists nothing can be pushed, so once `next_event` has
// returned `None` it keeps doing so.
impl FusedIterator for Events<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;
    use proptest::prelude::*;

    const VT: u8 = START_BLOCK;
    const FS: u8 = END_BLOCK;
    const CR: u8 = CARRIAGE_RETURN;

    /// Pushes all chunks (draining after each when `drain` says so), then
    /// finishes.
    fn run_chunks(max: usize, chunks: &[&[u8]], drain: impl Fn(usize) -> bool) -> Vec<Event> {
        let mut deframer = Deframer::with_max_frame_size(max);
        let mut events = Vec::new();
        for (n, chunk) in chunks.iter().enumerate() {
            deframer.push(chunk);
            if drain(n) {
                events.extend(deframer.events());
            }
        }
        while let Some(event) = deframer.finish() {
            events.push(event);
        }
        assert_eq!(deframer.buffered_len(), 0);
        events
    }

    fn run_all(max: usize, input: &[u8]) -> Vec<Event> {
        run_chunks(max, &[input], |_| true)
    }

    fn msg(payload: &[u8]) -> Event {
        Event::Message(payload.to_vec())
    }

    #[test]
    fn frame_wraps_message() {
        assert_eq!(frame(b"MSH|x"), b"\x0bMSH|x\x1c\r");
        assert_eq!(frame(b""), [VT, FS, CR]);
    }

    #[test]
    fn frame_into_appends_and_reserves_once() {
        let mut out = b"prefix".to_vec();
        out.shrink_to_fit();
        frame_into(b"abc", &mut out);
        assert_eq!(out, b"prefix\x0babc\x1c\r");

        let mut out = Vec::new();
        frame_into(&[b'x'; 1000], &mut out);
        assert_eq!(out.len(), 1003);
        assert_eq!(out.capacity(), 1003);
    }

    #[test]
    fn messages_round_trip() {
        let mut wire = Vec::new();
        frame_into(b"first", &mut wire);
        frame_into(b"", &mut wire);
        frame_into(b"third\rsegment\r", &mut wire);
        assert_eq!(
            deframe_all(&wire),
            [msg(b"first"), msg(b""), msg(b"third\rsegment\r")]
        );
    }

    #[test]
    fn garbage_before_between_and_after_frames() {
        let input = b"junk\x0bA\x1c\r\r\n\x0bB\x1c\rtail\x1c";
        assert_eq!(
            deframe_all(input),
            [
                Event::Garbage {
                    offset: 0,
                    len: 4,
                    whitespace_only: false
                },
                msg(b"A"),
                Event::Garbage {
                    offset: 8,
                    len: 2,
                    whitespace_only: true
                },
                msg(b"B"),
                Event::Garbage {
                    offset: 14,
                    len: 5,
                    whitespace_only: false
                },
            ]
        );
    }

    #[test]
    fn garbage_is_reported_once_per_run_across_chunks() {
        let mut deframer = Deframer::new();
        deframer.push(b"ab");
        assert_eq!(deframer.next_event(), None);
        deframer.push(b" c");
        assert_eq!(deframer.next_event(), None);
        deframer.push(b"\x0b");
        assert_eq!(
            deframer.next_event(),
            Some(Event::Garbage {
                offset: 0,
                len: 4,
                whitespace_only: false
            })
        );
        assert_eq!(deframer.next_event(), None);
        assert_eq!(
            deframer.finish(),
            Some(Event::Truncated { offset: 4, len: 1 })
        );
        assert_eq!(deframer.finish(), None);
    }

    #[test]
    fn whitespace_classification() {
        assert_eq!(
            deframe_all(b" \t\r\n"),
            [Event::Garbage {
                offset: 0,
                len: 4,
                whitespace_only: true
            }]
        );
        assert_eq!(
            deframe_all(b" \x0c"),
            [Event::Garbage {
                offset: 0,
                len: 2,
                whitespace_only: false
            }]
        );
    }

    #[test]
    fn oversize_frame_ended_by_trailer() {
        let input = b"\x0babcde\x1c\r\x0bok\x1c\r";
        assert_eq!(
            run_all(4, input),
            [Event::Oversize { offset: 0, len: 8 }, msg(b"ok")]
        );
        // Exactly the maximum is fine.
        assert_eq!(run_all(5, input), [msg(b"abcde"), msg(b"ok")]);
    }

    #[test]
    fn oversize_frame_ended_by_new_start() {
        assert_eq!(
            run_all(2, b"\x0babc\x0bok\x1c\r"),
            [Event::Oversize { offset: 0, len: 4 }, msg(b"ok")]
        );
    }

    #[test]
    fn oversize_frame_ended_by_lone_fs() {
        assert_eq!(
            run_all(2, b"\x0babc\x1cX"),
            [
                Event::Oversize { offset: 0, len: 5 },
                Event::Garbage {
                    offset: 5,
                    len: 1,
                    whitespace_only: false
                }
            ]
        );
    }

    #[test]
    fn oversize_frame_at_end_of_stream() {
        assert_eq!(
            run_all(2, b"\x0babcdef"),
            [Event::Oversize { offset: 0, len: 7 }]
        );
        assert_eq!(
            run_all(2, b"\x0babcdef\x1c"),
            [Event::Oversize { offset: 0, len: 8 }]
        );
    }

    #[test]
    fn zero_max_frame_size_accepts_only_empty_frames() {
        assert_eq!(
            run_all(0, b"\x0b\x1c\r\x0ba\x1c\r"),
            [msg(b""), Event::Oversize { offset: 3, len: 4 }]
        );
    }

    #[test]
    fn new_start_truncates_partial_frame() {
        assert_eq!(
            deframe_all(b"\x0bpart\x0bwhole\x1c\r"),
            [Event::Truncated { offset: 0, len: 5 }, msg(b"whole")]
        );
        assert_eq!(
            deframe_all(b"\x0b\x0b\x0bA\x1c\r"),
            [
                Event::Truncated { offset: 0, len: 1 },
                Event::Truncated { offset: 1, len: 1 },
                msg(b"A")
            ]
        );
    }

    #[test]
    fn finish_truncates_partial_frame() {
        assert_eq!(
            deframe_all(b"\x0bA\x1c\r\x0bpartial"),
            [msg(b"A"), Event::Truncated { offset: 4, len: 8 }]
        );
    }

    #[test]
    fn fs_without_cr_is_lenient() {
        assert_eq!(
            deframe_all(b"\x0bA\x1cX\x0bB\x1c\x0bC\x1c\r"),
            [
                msg(b"A"),
                Event::MissingCarriageReturn { offset: 3 },
                Event::Garbage {
                    offset: 3,
                    len: 1,
                    whitespace_only: false
                },
                msg(b"B"),
                Event::MissingCarriageReturn { offset: 7 },
                msg(b"C"),
            ]
        );
    }

    #[test]
    fn fs_at_end_of_chunk_waits_for_next_byte() {
        let mut deframer = Deframer::new();
        deframer.push(b"\x0bA\x1c");
        assert_eq!(deframer.next_event(), None);
        assert_eq!(deframer.next_event(), None);
        deframer.push(b"\r");
        assert_eq!(deframer.next_event(), Some(msg(b"A")));
        assert_eq!(deframer.next_event(), None);
        assert_eq!(deframer.finish(), None);
    }

    #[test]
    fn fs_at_end_of_stream_delivers_message() {
        let mut deframer = Deframer::new();
        deframer.push(b"\x0bA\x1c");
        assert_eq!(deframer.next_event(), None);
        assert_eq!(deframer.finish(), Some(msg(b"A")));
        assert_eq!(
            deframer.finish(),
            Some(Event::MissingCarriageReturn { offset: 3 })
        );
        assert_eq!(deframer.finish(), None);
    }

    #[test]
    fn finish_first_returns_undrained_events() {
        let mut deframer = Deframer::new();
        deframer.push(b"x\x0bA\x1c\r\x0bB\x1c\r");
        assert_eq!(
            deframer.finish(),
            Some(Event::Garbage {
                offset: 0,
                len: 1,
                whitespace_only: false
            })
        );
        assert_eq!(deframer.finish(), Some(msg(b"A")));
        assert_eq!(deframer.finish(), Some(msg(b"B")));
        assert_eq!(deframer.finish(), None);
    }

    #[test]
    fn reusable_after_finish_with_continuing_offsets() {
        let mut deframer = Deframer::new();
        deframer.push(b"\x0bA");
        assert_eq!(
            deframer.finish(),
            Some(Event::Truncated { offset: 0, len: 2 })
        );
        assert_eq!(deframer.finish(), None);
        deframer.push(b"zz\x0bB\x1c\r");
        assert_eq!(
            deframer.next_event(),
            Some(Event::Garbage {
                offset: 2,
                len: 2,
                whitespace_only: false
            })
        );
        assert_eq!(deframer.next_event(), Some(msg(b"B")));
        assert_eq!(deframer.bytes_pushed(), 8);
    }

    #[test]
    fn endless_frame_keeps_memory_bounded() {
        const MAX: usize = 4096;
        let bound = 2 * (MAX + 1000) + 64;
        let mut deframer = Deframer::with_max_frame_size(MAX);
        let chunk = [b'x'; 1000];
        deframer.push(&[VT]);
        for _ in 0..2000 {
            deframer.push(&chunk);
            assert_eq!(deframer.next_event(), None);
            assert!(deframer.buffered_len() <= MAX + 1);
            assert!(deframer.buf.len() <= bound, "len {}", deframer.buf.len());
            assert!(
                deframer.buf.capacity() <= bound,
                "capacity {}",
                deframer.buf.capacity()
            );
        }
        assert_eq!(
            deframer.finish(),
            Some(Event::Oversize {
                offset: 0,
                len: 2_000_001
            })
        );
        assert_eq!(deframer.finish(), None);
    }

    #[test]
    fn endless_frame_one_byte_at_a_time_keeps_memory_bounded() {
        const MAX: usize = 100;
        let mut deframer = Deframer::with_max_frame_size(MAX);
        deframer.push(&[VT]);
        for _ in 0..100_000 {
            deframer.push(b"y");
            assert_eq!(deframer.next_event(), None);
            assert!(deframer.buf.capacity() <= 4 * (MAX + 1));
        }
        deframer.push(&[FS, CR]);
        assert_eq!(
            deframer.next_event(),
            Some(Event::Oversize {
                offset: 0,
                len: 100_003
            })
        );
    }

    #[test]
    fn large_pushes_release_capacity() {
        let mut deframer = Deframer::new();
        let mut wire = Vec::new();
        for _ in 0..1000 {
            frame_into(&[b'm'; 1000], &mut wire);
        }
        deframer.push(&wire);
        assert_eq!(deframer.events().count(), 1000);
        deframer.push(b"\x0bsmall");
        assert_eq!(deframer.next_event(), None);
        assert!(deframer.buf.capacity() <= RETAINED_CAPACITY);
    }

    #[test]
    fn debug_never_shows_contents() {
        let secret = b"PID|1||SECRETNAME";
        let event = Event::Message(secret.to_vec());
        let text = format!("{event:?}");
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("17"), "{text}");

        let mut deframer = Deframer::new();
        deframer.push(b"\x0bPID|1||SECRETNAME\x1c");
        let _ = deframer.next_event();
        let text = format!("{deframer:?}");
        assert!(!text.contains("SECRET"), "{text}");
        assert!(!text.contains("80, 73, 68"), "{text}");
        let text = format!("{:?}", deframer.events());
        assert!(!text.contains("SECRET"), "{text}");
    }

    /// Checks that event ranges and delivered frames tile the input exactly.
    fn check_accounting(input: &[u8], events: &[Event]) {
        let mut cursor: u64 = 0;
        let mut iter = events.iter().peekable();
        while let Some(event) = iter.next() {
            match event {
                Event::Message(payload) => {
                    let trailer =
                        if matches!(iter.peek(), Some(Event::MissingCarriageReturn { .. })) {
                            1
                        } else {
                            2
                        };
                    cursor += (1 + payload.len() + trailer) as u64;
                }
                Event::MissingCarriageReturn { offset } => assert_eq!(*offset, cursor),
                Event::Garbage { offset, len, .. }
                | Event::Oversize { offset, len }
                | Event::Truncated { offset, len } => {
                    assert_eq!(*offset, cursor, "{events:?}");
                    assert!(*len > 0);
                    cursor += *len as u64;
                }
            }
        }
        assert_eq!(cursor, input.len() as u64, "{events:?}");
    }

    fn interesting_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            3 => Just(VT),
            3 => Just(FS),
            3 => Just(CR),
            1 => Just(b'\n'),
            1 => Just(b' '),
            4 => b'A'..=b'Z',
            2 => any::<u8>(),
        ]
    }

    fn payload() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            any::<u8>().prop_filter("no framing bytes", |b| *b != VT && *b != FS),
            0..40,
        )
    }

    /// Well-formed frames, frames with odd trailers, and raw noise.
    fn segment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            4 => payload().prop_map(|p| frame(&p)),
            1 => payload().prop_map(|p| {
                let mut v = vec![VT];
                v.extend_from_slice(&p);
                v.push(FS);
                v
            }),
            1 => payload().prop_map(|p| {
                let mut v = vec![VT];
                v.extend_from_slice(&p);
                v
            }),
            2 => proptest::collection::vec(interesting_byte(), 0..20),
            1 => proptest::collection::vec(prop_oneof![Just(CR), Just(b'\n'), Just(b' ')], 1..4),
        ]
    }

    fn stream() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(segment(), 0..12).prop_map(|segments| segments.concat())
    }

    fn split<'a>(input: &'a [u8], cuts: &[prop::sample::Index]) -> Vec<&'a [u8]> {
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(input.len() + 1)).collect();
        points.sort_unstable();
        let mut chunks = Vec::new();
        let mut last = 0;
        for p in points {
            chunks.push(&input[last..p]);
            last = p;
        }
        chunks.push(&input[last..]);
        chunks
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn chunking_does_not_change_events(
            input in stream(),
            max in prop_oneof![0usize..48, Just(DEFAULT_MAX_FRAME_SIZE)],
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..24),
            drain_mask in any::<u32>(),
        ) {
            let reference = run_all(max, &input);
            check_accounting(&input, &reference);

            let chunks = split(&input, &cuts);
            prop_assert_eq!(&run_chunks(max, &chunks, |_| true), &reference);
            // Pulling events late (or only at the end) changes nothing either.
            prop_assert_eq!(
                &run_chunks(max, &chunks, |n| drain_mask & (1 << (n % 32)) != 0),
                &reference
            );

            let bytes: Vec<&[u8]> = input.chunks(1).collect();
            prop_assert_eq!(&run_chunks(max, &bytes, |_| true), &reference);

            if max == DEFAULT_MAX_FRAME_SIZE {
                prop_assert_eq!(&deframe_all(&input), &reference);
            }
        }

        #[test]
        fn well_formed_frames_round_trip(
            messages in proptest::collection::vec(payload(), 0..10),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..24),
        ) {
            let mut wire = Vec::new();
            for m in &messages {
                frame_into(m, &mut wire);
            }
            let expected: Vec<Event> = messages.iter().map(|m| msg(m)).collect();
            prop_assert_eq!(&deframe_all(&wire), &expected);
            prop_assert_eq!(&run_chunks(DEFAULT_MAX_FRAME_SIZE, &split(&wire, &cuts), |_| true), &expected);
        }

        #[test]
        fn arbitrary_bytes_never_panic(
            input in proptest::collection::vec(any::<u8>(), 0..300),
            max in 0usize..64,
        ) {
            let events = run_all(max, &input);
            check_accounting(&input, &events);
        }
    }
}
