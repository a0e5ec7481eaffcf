//! The JSON structure printed by `interop parse`.
//!
//! One message is an object:
//!
//! ```json
//! {
//!   "delimiters": {"field": "|", "component": "^", "repetition": "~", "escape": "\\",
//!                  "subcomponent": "&", "truncation": null},
//!   "charset": "unspecified",
//!   "warnings": [{"kind": "line_feed_terminator", "offset": 42}],
//!   "segments": [
//!     {"id": "MSH", "fields": ["|", "^~\\&", "LAB", "", "…"]},
//!     {"id": "PID", "fields": ["1", "", [["4711", "", "", "HOSP", "MR"], ["998877", "", "", "SSA", "SS"]]]}
//!   ]
//! }
//! ```
//!
//! - `fields[0]` is field 1 (for `MSH`/`FHS`/`BHS`, field 1 is the field separator and
//!   field 2 the encoding characters, both given raw).
//! - A field is a **string** when it has no repetition, component or subcomponent separator.
//!   Otherwise it is an **array of repetitions**; each repetition is a string when it has a
//!   single plain component, else an **array of components**; each component is a string when
//!   it has one subcomponent, else an **array of subcomponents** (strings). The nesting depth
//!   therefore always tells the level: `a~b` is `["a","b"]`, `a^b` is `[["a","b"]]`, `a&b` is
//!   `[[["a","b"]]]`.
//! - Strings are decoded text: escape sequences decoded (formatting escapes rendered, `\.br\`
//!   as a line break) and the MSH-18 character set applied. The HL7 null `""` stays `"\"\""`.
//! - When a value cannot be decoded as text (invalid bytes for the declared character set, an
//!   unsupported character set, a bad escape), it is an object
//!   `{"raw": "<raw bytes as lossy UTF-8>", "error": "<why decoding failed>"}` instead.
//! - `charset` is `unspecified` (MSH-18 empty: UTF-8, falling back to Latin-1), `ascii`,
//!   `latin-1`, `utf-8`, or `unsupported:<MSH-18 value>`.
//! - `warnings` lists what `--lenient` tolerated (snake_case kind, byte offset in the input).
//!
//! A batch file, several concatenated messages, or an MLLP stream gives an array of such
//! objects.

use std::borrow::Cow;

use hl7v2::{Charset, Delimiters, Level, Value, WarningKind};
use serde::Serialize;

use crate::input::{Parsed, offset_by};

/// One message.
#[derive(Debug, Serialize)]
pub(crate) struct MessageJson {
    delimiters: DelimitersJson,
    charset: String,
    warnings: Vec<WarningJson>,
    segments: Vec<SegmentJson>,
}

/// MSH-1 and MSH-2, one character each (`null` when absent).
#[derive(Debug, Serialize)]
struct DelimitersJson {
    field: String,
    component: String,
    repetition: Option<String>,
    escape: Option<String>,
    subcomponent: Option<String>,
    truncation: Option<String>,
}

/// A tolerated irregularity.
#[derive(Debug, Serialize)]
struct WarningJson {
    kind: String,
    offset: usize,
}

/// A segment: id and fields (from field 1).
#[derive(Debug, Serialize)]
struct SegmentJson {
    id: String,
    fields: Vec<Node>,
}

/// A field, repetition, component or subcomponent.
#[derive(Debug, Serialize, PartialEq)]
#[serde(untagged)]
pub(crate) enum Node {
    /// Decoded text of a value without (further) structure.
    Text(String),
    /// A value that could not be decoded as text.
    Raw {
        /// The raw bytes, as lossy UTF-8.
        raw: String,
        /// Why text decoding failed.
        error: String,
    },
    /// The parts one level down.
    List(Vec<Node>),
}

impl MessageJson {
    /// Builds the JSON structure of a parsed message.
    pub(crate) fn new(p: &Parsed<'_>) -> MessageJson {
        let msg = &p.msg;
        let segments = msg
            .segments()
            .map(|seg| {
                let header = matches!(seg.id(), b"MSH" | b"FHS" | b"BHS");
                let fields = seg
                    .fields()
                    .enumerate()
                    .map(|(i, f)| {
                        if header && i < 2 {
                            Node::Text(lossy(f.raw()))
                        } else {
                            node(&f, p.base)
                        }
                    })
                    .collect();
                SegmentJson {
                    id: lossy(seg.id()),
                    fields,
                }
            })
            .collect();
        MessageJson {
            delimiters: delimiters(msg.delimiters()),
            charset: charset_name(&msg.charset()),
            warnings: msg
                .warnings()
                .iter()
                .map(|w| WarningJson {
                    kind: warning_name(&w.kind),
                    offset: p.base + w.offset,
                })
                .collect(),
            segments,
        }
    }
}

/// The node for a value at any level, collapsing levels without separators into strings.
pub(crate) fn node(v: &Value<'_, '_>, base: usize) -> Node {
    let parts: Vec<Value<'_, '_>> = match v.level() {
        Level::Field => v.repetitions().collect(),
        Level::Repetition => v.components().collect(),
        Level::Component => v.subcomponents().collect(),
        Level::Subcomponent => return leaf(v, base),
    };
    let children: Vec<Node> = parts.iter().map(|p| node(p, base)).collect();
    match <[Node; 1]>::try_from(children) {
        Ok([only]) if !matches!(only, Node::List(_)) => only,
        Ok([only]) => Node::List(vec![only]),
        Err(children) => Node::List(children),
    }
}

/// Decoded text, or the raw bytes with the reason decoding failed.
fn leaf(v: &Value<'_, '_>, base: usize) -> Node {
    if v.is_empty() {
        // Empty is empty in every character set (even one that cannot be decoded).
        return Node::Text(String::new());
    }
    match v.text() {
        Ok(t) => Node::Text(t.into_owned()),
        Err(e) => Node::Raw {
            raw: lossy(v.raw()),
            error: offset_by(e, base).to_string(),
        },
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn delimiters(d: &Delimiters) -> DelimitersJson {
    let c = |b: u8| char::from(b).to_string();
    DelimitersJson {
        field: c(d.field),
        component: c(d.component),
        repetition: d.repetition.map(c),
        escape: d.escape.map(c),
        subcomponent: d.subcomponent.map(c),
        truncation: d.truncation.map(c),
    }
}

/// How the message's character set is shown.
fn charset_name(c: &Charset) -> String {
    let name: Cow<'_, str> = match c {
        Charset::Unspecified => "unspecified".into(),
        Charset::Ascii => "ascii".into(),
        Charset::Latin1 => "latin-1".into(),
        Charset::Utf8 => "utf-8".into(),
        Charset::Other(n) => format!("unsupported:{}", n.as_str()).into(),
        _ => "unknown".into(),
    };
    name.into_owned()
}

/// A warning kind in snake_case, e.g. `line_feed_terminator`.
pub(crate) fn warning_name(kind: &WarningKind) -> String {
    let camel = format!("{kind:?}");
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hl7v2::Message;

    fn field(input: &[u8], path: &str) -> Option<Node> {
        let msg = Message::parse(input).ok()?;
        let v = msg.get(path).ok()??;
        Some(node(&v, 0))
    }

    #[test]
    fn nesting_tells_the_level() {
        let m = b"MSH|^~\\&\rPID|a|a~b|a^b|a&b|a&b^c~d|\\F\\|\r";
        let t = |s: &str| Node::Text(s.into());
        let l = Node::List;
        assert_eq!(field(m, "PID-1"), Some(t("a")));
        assert_eq!(field(m, "PID-2"), Some(l(vec![t("a"), t("b")])));
        assert_eq!(field(m, "PID-3"), Some(l(vec![l(vec![t("a"), t("b")])])));
        assert_eq!(
            field(m, "PID-4"),
            Some(l(vec![l(vec![l(vec![t("a"), t("b")])])]))
        );
        assert_eq!(
            field(m, "PID-5"),
            Some(l(vec![l(vec![l(vec![t("a"), t("b")]), t("c")]), t("d")]))
        );
        assert_eq!(field(m, "PID-6"), Some(t("|")));
        assert_eq!(field(m, "PID-7"), Some(t("")));
    }

    #[test]
    fn undecodable_values_are_marked() {
        let m = b"MSH|^~\\&||||||||||||||||ASCII\rPID|M\xfcller\r";
        match field(m, "PID-1") {
            Some(Node::Raw { raw, error }) => {
                assert_eq!(raw, "M\u{fffd}ller");
                assert!(error.contains("ASCII"), "{error}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn warning_names() {
        assert_eq!(
            warning_name(&WarningKind::LineFeedTerminator),
            "line_feed_terminator"
        );
        assert_eq!(warning_name(&WarningKind::ByteOrderMark), "byte_order_mark");
    }
}
