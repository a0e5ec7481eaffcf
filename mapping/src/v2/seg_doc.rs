//! Document content in MDM messages: OBX → DocumentReference.content (IG
//! `OBX[DocumentReference]`, with `ED[Attachment]` and `RP[Attachment]`) and NTE →
//! DocumentReference.content (IG `NTE[DocumentReference]`).
//!
//! ED and RP values each make a new `content`; TX and FT text (OBX-5 repetitions and the
//! OBX segments of the same type right after) accumulates, one line per value, in one
//! `content`: `application/text` for TX, `text/hl7v2` for FT (kept with its v2 formatting
//! escapes). An NTE adds its own content (NTE-3 as `text/hl7v2`, NTE-9 as `text/plain`).

use fhir::Resource;
use fhir::{Attachment, DocumentReferenceContent, ExtensionValue, Primitive};
use hl7v2::{Segment, Value};

use super::IssueKind;
use super::ctx::{At, Cx};
use super::dt::ext;

type Seg<'s, 'm, 'a> = &'s Segment<'m, 'a>;

fn f<'m, 'a>(s: Seg<'_, 'm, 'a>, n: u16) -> Option<Value<'m, 'a>> {
    s.field(usize::from(n)).filter(|v| !v.is_empty())
}

/// The fields `OBX[DocumentReference]` reads (OBX-2 picks the row).
pub(crate) const OBX_DOC_FIELDS: &[u16] = &[1, 2, 5];
/// The fields `NTE[DocumentReference]` reads.
pub(crate) const NTE_DOC_FIELDS: &[u16] = &[1, 3, 9];

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                let idx = ((n >> (18 - 6 * k)) & 63) as usize;
                out.push(char::from(B64.get(idx).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, no whitespace); `None` when malformed.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be padding zeros, and a lone 6-bit group is not base64.
    (acc == 0 && bits < 6).then_some(out)
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let d = |c: u8| char::from(c).to_digit(16);
    b.chunks(2)
        .map(|p| {
            let h = d(*p.first()?)?;
            let l = d(*p.get(1)?)?;
            u8::try_from(h * 16 + l).ok()
        })
        .collect()
}

/// A MIME type from v2 type (table 0191) and subtype, when the type names a MIME top-level
/// type; otherwise the subtype alone (as the IG maps ED.3 / RP.4).
fn mime(kind: Option<&str>, subtype: Option<&str>) -> Option<String> {
    let top = match kind.map(str::to_ascii_lowercase).as_deref() {
        Some("application" | "ap") => Some("application"),
        Some("audio" | "au") => Some("audio"),
        Some("image" | "im") => Some("image"),
        Some("text") => Some("text"),
        Some("video") => Some("video"),
        Some("multipart") => Some("multipart"),
        Some("model") => Some("model"),
        _ => None,
    };
    let sub = subtype?.trim();
    if sub.is_empty() {
        return None;
    }
    let code = if sub.contains('/') {
        sub.to_ascii_lowercase()
    } else {
        match top {
            Some(t) => format!("{t}/{}", sub.to_ascii_lowercase()),
            None => sub.to_owned(),
        }
    };
    fhir::PrimitiveType::Code.is_valid(&code).then_some(code)
}

/// ED → Attachment (IG `ED[Attachment]`): ED.3 (with ED.2) the content type, or without
/// ED.3 the ED.2 type as an `alternate-codes` extension; ED.5 the data, decoded by ED.4
/// (`Base64`, `Hex` or `A` text).
pub(crate) fn ed_attachment(cx: &mut Cx<'_>, v: Value<'_, '_>, at: At) -> Option<Attachment> {
    // ED.2 may go out as a table 0191 code, so whitespace runs collapse.
    let kind = cx.code_text(v.component(2), at.comp(2));
    let subtype = cx.comp_text(v, 3, at);
    let encoding = cx.comp_text(v, 4, at);
    let data = cx.comp_text(v, 5, at)?;
    let bytes = match encoding.as_deref() {
        Some("Base64") => {
            let compact: String = data.split_whitespace().collect();
            base64_decode(&compact).map(|_| compact)
        }
        Some("Hex") => hex_decode(&data).map(|b| base64_encode(&b)),
        Some("A") | None => Some(base64_encode(data.as_bytes())),
        Some(_) => None,
    };
    let Some(b64) = bytes else {
        cx.issue(IssueKind::InvalidValue, Some(at.comp(5)));
        return None;
    };
    let mut a = Attachment {
        data: Some(Primitive::from(b64)),
        ..Default::default()
    };
    match subtype {
        Some(sub) => match mime(kind.as_deref(), Some(&sub)) {
            Some(ct) => a.content_type = Some(Primitive::from(ct)),
            None => cx.issue(IssueKind::InvalidValue, Some(at.comp(3))),
        },
        None => {
            if let Some(k) = kind {
                a.extension.push(ext(
                    "https://hl7.org/fhir/StructureDefinition/alternate-codes",
                    ExtensionValue::CodeableConcept(Box::new(super::dt::cc_of(
                        "http://terminology.hl7.org/CodeSystem/v2-0191",
                        k,
                        None,
                    ))),
                ));
            }
        }
    }
    Some(a)
}

/// RP → Attachment (IG `RP[Attachment]`): RP.1 the URL, RP.3/RP.4 the content type.
pub(crate) fn rp_attachment(cx: &mut Cx<'_>, v: Value<'_, '_>, at: At) -> Option<Attachment> {
    let url = cx.uri_text(v.component(1), at.comp(1))?;
    let kind = cx.comp_text(v, 3, at);
    let subtype = cx.comp_text(v, 4, at);
    let content_type = match (&kind, &subtype) {
        (_, Some(sub)) => mime(kind.as_deref(), Some(sub)),
        (Some(k), None) => mime(None, Some(k)),
        (None, None) => None,
    };
    if content_type.is_none() && (kind.is_some() || subtype.is_some()) {
        cx.issue(IssueKind::InvalidValue, Some(at.comp(3)));
    }
    Some(Attachment {
        url: Some(Primitive::from(url)),
        content_type: content_type.map(Primitive::from),
        ..Default::default()
    })
}

/// Appends `lines` to the document's last content when it is text of `content_type`, or
/// adds a new content.
fn append_text(cx: &mut Cx<'_>, doc: usize, content_type: &str, lines: &[String]) {
    let Some(Resource::DocumentReference(d)) = cx.entries.get_mut(doc) else {
        return;
    };
    // Only the last content continues (consecutive TX/FT lines make one text).
    let existing = d.content.last_mut().and_then(|c| {
        let a = c.attachment.as_mut()?;
        (a.url.is_none()
            && a.content_type
                .as_ref()
                .and_then(|t| t.value())
                .map(|t| &**t)
                == Some(content_type))
        .then_some(a)
    });
    let joined = lines.join("\n");
    match existing {
        Some(a) => {
            let old = a
                .data
                .as_ref()
                .and_then(|d| d.value())
                .and_then(|s| base64_decode(s))
                .unwrap_or_default();
            let mut text = old;
            if !text.is_empty() {
                text.push(b'\n');
            }
            text.extend_from_slice(joined.as_bytes());
            a.data = Some(Primitive::from(base64_encode(&text)));
        }
        None => d.content.push(DocumentReferenceContent {
            attachment: Some(Attachment {
                content_type: Some(Primitive::copied(content_type)),
                data: Some(Primitive::from(base64_encode(joined.as_bytes()))),
                ..Default::default()
            }),
            ..Default::default()
        }),
    }
}

/// OBX in a document message → the DocumentReference's content (IG `OBX[DocumentReference]`).
pub(crate) fn obx_document(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let doc = cx.ctx.document?;
    let vt = cx
        .code_text(f(s, 2).and_then(|v| v.component(1)), At::field(2))
        .unwrap_or_default();
    let values: Vec<_> = Cx::reps(f(s, 5)).collect();
    match vt.as_str() {
        "ED" | "RP" => {
            let mut contents = Vec::new();
            for (r, v) in values {
                let at = At::field(5).rep(r);
                let a = if vt == "ED" {
                    ed_attachment(cx, v, at)
                } else {
                    rp_attachment(cx, v, at)
                };
                contents.extend(a.map(|a| DocumentReferenceContent {
                    attachment: Some(a),
                    ..Default::default()
                }));
            }
            if let Some(Resource::DocumentReference(d)) = cx.entries.get_mut(doc) {
                d.content.extend(contents);
            }
        }
        "TX" | "FT" => {
            let mut lines = Vec::new();
            for (r, v) in values {
                let line = if vt == "FT" {
                    // text/hl7v2: the formatted text as sent (escapes and all).
                    Some(String::from_utf8_lossy(v.raw()).into_owned())
                } else {
                    cx.text(Some(v), At::field(5).rep(r))
                        .map(fhir::FhirString::into_string)
                };
                lines.extend(line);
            }
            if !lines.is_empty() {
                let ct = if vt == "FT" {
                    "text/hl7v2"
                } else {
                    "application/text"
                };
                append_text(cx, doc, ct, &lines);
            }
        }
        _ => {
            if !values.is_empty() {
                cx.issue(IssueKind::UnmappedField, Some(At::field(5)));
            }
        }
    }
    Some(doc)
}

/// NTE in a document message → the DocumentReference's content (IG `NTE[DocumentReference]`):
/// NTE-3 lines as `text/hl7v2`; NTE-9 coded comments as `text` then `code - text - system`.
pub(crate) fn nte_document(cx: &mut Cx<'_>, s: Seg<'_, '_, '_>) -> Option<usize> {
    let doc = cx.ctx.document?;
    let lines: Vec<String> = Cx::reps(f(s, 3))
        .map(|(_, v)| String::from_utf8_lossy(v.raw()).into_owned())
        .collect();
    let mut coded = Vec::new();
    for (r, v) in Cx::reps(f(s, 9)) {
        let at = At::field(9).rep(r);
        if let Some(text) = cx.comp_text(v, 9, at) {
            coded.push(text.into_string());
        }
        let parts: Vec<fhir::FhirString> = [1usize, 2, 3]
            .iter()
            .filter_map(|&n| cx.comp_text(v, n, at))
            .collect();
        if !parts.is_empty() {
            coded.push(
                parts
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(" - "),
            );
        }
    }
    if !lines.is_empty() {
        append_text(cx, doc, "text/hl7v2", &lines);
    }
    if !coded.is_empty() {
        append_text(cx, doc, "text/plain", &coded);
    }
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for s in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "line 1\nline 2",
        ] {
            let e = base64_encode(s.as_bytes());
            assert_eq!(base64_decode(&e).as_deref(), Some(s.as_bytes()), "{s}");
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert!(base64_decode("Zm9v!").is_none());
        assert!(base64_decode("Z").is_none());
    }

    #[test]
    fn hex_and_mime() {
        assert_eq!(hex_decode("48656C6c6f").as_deref(), Some(&b"Hello"[..]));
        assert!(hex_decode("486").is_none());
        assert!(hex_decode("4G").is_none());
        assert_eq!(
            mime(Some("Application"), Some("PDF")).as_deref(),
            Some("application/pdf")
        );
        assert_eq!(
            mime(Some("IM"), Some("JPEG")).as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(mime(Some("TEXT"), Some("rtf")).as_deref(), Some("text/rtf"));
        assert_eq!(mime(None, Some("PDF")).as_deref(), Some("PDF"));
        assert_eq!(mime(Some("AP"), Some("")), None);
    }
}
