//! Adapters for the peer HL7 v2 parsers that `hl7v2` is compared against:
//! [`er7`] 0.1, [`hl7_parser`] 0.3 and [`rusthl7`] (`rust-hl7`) 0.5.
//!
//! What each needs, found by reading their sources:
//!
//! | crate      | input   | segment terminator          | batch (FHS/BHS) |
//! |------------|---------|-----------------------------|-----------------|
//! | er7        | `&str`  | `\r`, `\n` or `\r\n`        | yes: FHS/BHS count as headers, the batch parses as one segment list |
//! | hl7-parser | `&str`  | `\r` (`\n` only if lenient) | no: input must start with `MSH` |
//! | rust-hl7   | `&str`  | `\r` only (plain split)     | no: input must start with `MSH` |
//!
//! All three take `&str`, so the timed closures include the
//! `std::str::from_utf8` check of the same bytes `hl7v2` gets: that is the
//! price of their API on bytes read off the wire (and it is cheap next to the
//! parse, as the fixtures are ASCII).
//!
//! Field counting, normalised to HL7 numbering (MSH-1 is the field separator
//! itself, so `MSH|^~\&|A` has 3 fields, `PID|1||A` has 3):
//!
//! - er7: `Segment::fields` already uses HL7 numbering for MSH/FHS/BHS.
//! - hl7-parser: `Segment::fields` inserts MSH-1 and MSH-2 for MSH, so also
//!   HL7 numbering.
//! - rust-hl7: `Segment::fields` is a plain split on `|`, so `fields[0]` is the
//!   segment name, and for MSH there is no entry for MSH-1 (the separator is
//!   consumed by the split). Normalised count: `fields.len() - 1` for ordinary
//!   segments, `fields.len()` for MSH (drop the name, add MSH-1). It also splits
//!   the message on `\r` without dropping the empty piece after the final
//!   terminator, so a trailing empty segment is not counted.

use std::borrow::Cow;

/// Segment and field totals of one parsed input, in HL7 numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Number of segments.
    pub(crate) segments: usize,
    /// Sum over segments of the number of fields.
    pub(crate) fields: usize,
}

/// One of the peer libraries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peer {
    Er7,
    Hl7Parser,
    RustHl7,
}

impl Peer {
    /// Every peer, in the order they appear in reports.
    pub(crate) const ALL: [Peer; 3] = [Peer::Er7, Peer::Hl7Parser, Peer::RustHl7];

    /// The benchmark id used for this peer.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Peer::Er7 => "er7",
            Peer::Hl7Parser => "hl7-parser",
            Peer::RustHl7 => "rust-hl7",
        }
    }

    /// Parse `input` (untimed) and report its normalised [`Shape`], or why
    /// this peer cannot parse it.
    pub(crate) fn shape(self, input: &[u8]) -> Result<Shape, String> {
        match self {
            Peer::Er7 => {
                let msg = er7_parse(input)?;
                Ok(Shape {
                    segments: msg.segments.len(),
                    fields: msg.segments.iter().map(|s| s.fields.len()).sum(),
                })
            }
            Peer::Hl7Parser => {
                let msg = hl7_parser_parse(input)?;
                // `Message::parse` stops silently at the first segment it
                // cannot read and returns what it had, so check it reached the
                // end (all that may be left is the final terminator).
                let text = as_str(input)?;
                let consumed = msg.raw_value().len();
                if text[consumed..].trim_start_matches('\r').is_empty() {
                    Ok(Shape {
                        segments: msg.segments.len(),
                        fields: msg.segments.iter().map(|s| s.fields.len()).sum(),
                    })
                } else {
                    Err(format!("stopped after {consumed} of {} bytes", text.len()))
                }
            }
            Peer::RustHl7 => {
                let msg = rust_hl7_parse(input)?;
                let mut segments = msg.segments.as_slice();
                if let Some((last, rest)) = segments.split_last()
                    && last.source.is_empty()
                {
                    segments = rest; // the piece after the final `\r`
                }
                let fields = segments
                    .iter()
                    .map(|s| {
                        let is_msh = s.fields.first().is_some_and(|f| f.source == "MSH");
                        if is_msh {
                            s.fields.len()
                        } else {
                            s.fields.len().saturating_sub(1)
                        }
                    })
                    .sum();
                Ok(Shape {
                    segments: segments.len(),
                    fields,
                })
            }
        }
    }

    /// The path syntax this peer understands for an `hl7v2` path, or `None`
    /// when it has no way to say it.
    ///
    /// er7 and hl7-parser accept the same `SEG[n]-F[r].C.S` notation as
    /// `hl7v2`. rust-hl7's `Message::query` takes `SEG.Fn.Rn.Cn`, always uses
    /// the first segment of that name (and panics if there is none), so paths
    /// with a segment occurrence are not expressible.
    pub(crate) fn path_for(self, path: &PathSpec) -> Option<String> {
        match self {
            Peer::Er7 | Peer::Hl7Parser => Some(path.text.to_owned()),
            Peer::RustHl7 => path.rust_hl7.map(str::to_owned),
        }
    }
}

/// A lookup path in `hl7v2` notation, with its rust-hl7 spelling if any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathSpec {
    /// The path as `hl7v2`, er7 and hl7-parser write it.
    pub(crate) text: &'static str,
    /// The same location in rust-hl7's query syntax.
    pub(crate) rust_hl7: Option<&'static str>,
}

/// The lookup paths benchmarked.
pub(crate) const PATHS: [PathSpec; 3] = [
    PathSpec {
        text: "PID-5.1",
        rust_hl7: Some("PID.F5.R1.C1"),
    },
    PathSpec {
        text: "PID-3[2].1",
        rust_hl7: Some("PID.F3.R2.C1"),
    },
    PathSpec {
        text: "OBX[100]-5",
        rust_hl7: None,
    },
];

/// UTF-8 view of the input, as all three peers require.
pub(crate) fn as_str(input: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(input).map_err(|e| format!("not UTF-8: {e}"))
}

/// er7: `er7::parse(&str)` builds an owned tree (one `String` per
/// subcomponent).
pub(crate) fn er7_parse(input: &[u8]) -> Result<er7::Message, String> {
    er7::parse(as_str(input)?).map_err(|e| e.to_string())
}

/// hl7-parser: `Message::parse(&str)`, strict `\r` terminators, a tree of
/// borrowed slices built with nom.
pub(crate) fn hl7_parser_parse(input: &[u8]) -> Result<hl7_parser::Message<'_>, String> {
    hl7_parser::Message::parse(as_str(input)?).map_err(|e| e.to_string())
}

/// rust-hl7: `Message::try_from(&str)`, a split on `\r`, `|`, `~`, `^`, `&`
/// into vectors of borrowed slices.
pub(crate) fn rust_hl7_parse(input: &[u8]) -> Result<rusthl7::message::Message<'_>, String> {
    rusthl7::message::Message::try_from(as_str(input)?).map_err(|e| e.to_string())
}

/// er7 lookup: `Message::query` returns the decoded value as a new `String`
/// (its only string-path lookup).
pub(crate) fn er7_lookup(msg: &er7::Message, path: &str) -> Option<String> {
    msg.query(path).ok().flatten()
}

/// hl7-parser lookup: `Message::query` returns a borrowed node; `raw_value`
/// is the undecoded text.
pub(crate) fn hl7_parser_lookup<'m>(
    msg: &'m hl7_parser::Message<'m>,
    path: &str,
) -> Option<&'m str> {
    msg.query(path).map(|r| r.raw_value())
}

/// rust-hl7 lookup: `Message::query` returns the raw text, `""` when absent.
pub(crate) fn rust_hl7_lookup<'a>(msg: &rusthl7::message::Message<'a>, path: &str) -> &'a str {
    msg.query(path)
}

/// er7 write: `Message::to_er7` serialises the tree. It joins segments with
/// `\r` and adds no terminator after the last one.
pub(crate) fn er7_write(msg: &er7::Message) -> String {
    msg.to_er7()
}

/// hl7-parser write: the crate has no writer on `Message`; the documented way
/// is to convert into a `MessageBuilder` and `Display` it.
pub(crate) fn hl7_parser_write(msg: &hl7_parser::Message<'_>) -> String {
    hl7_parser::builder::MessageBuilder::from(msg).to_string()
}

/// A reusable escape decoder for one peer (set up once, like rust-hl7's docs
/// ask for its regex-backed `EscapeSequence`).
pub(crate) enum Decoder {
    Er7(er7::Separators),
    Hl7Parser(hl7_parser::message::Separators),
    RustHl7(rusthl7::escape_sequence::EscapeSequence),
}

impl Decoder {
    /// The decoder for `peer`, for the default delimiters `|^~\&`.
    pub(crate) fn new(peer: Peer) -> Decoder {
        match peer {
            Peer::Er7 => Decoder::Er7(er7::Separators::default()),
            Peer::Hl7Parser => Decoder::Hl7Parser(hl7_parser::message::Separators::default()),
            Peer::RustHl7 => Decoder::RustHl7(rusthl7::escape_sequence::EscapeSequence::new(
                rusthl7::separators::Separators::default(),
            )),
        }
    }

    /// Decode the escape sequences in `raw`.
    pub(crate) fn decode<'a>(&self, raw: &'a str) -> Cow<'a, str> {
        match self {
            Decoder::Er7(seps) => er7::escape::unescape(raw, seps),
            // `decode` returns a `Display` adapter; collecting it to a
            // `String` is how the crate hands out decoded text.
            Decoder::Hl7Parser(seps) => Cow::Owned(seps.decode(raw).to_string()),
            Decoder::RustHl7(esc) => esc.decode(raw),
        }
    }
}
