//! Acknowledgements (`ACK`) in original and enhanced mode.
//!
//! ```
//! use hl7v2::{Message, ack::{ack, AckCode, AckOptions, AckError}};
//! let msg = Message::parse(b"MSH|^~\\&|LAB|HOSP|EHR|CLINIC|20261124083000||ORU^R01^ORU_R01|MSG42|P|2.5.1\rPID|1\r")?;
//! let opts = AckOptions::new("ACK42", "20261124083001");
//! let a = ack(&msg, AckCode::AA, &opts)?;
//! assert_eq!(
//!     a.write(),
//!     b"MSH|^~\\&|EHR|CLINIC|LAB|HOSP|20261124083001||ACK^R01^ACK|ACK42|P|2.5.1\rMSA|AA|MSG42\r"
//! );
//!
//! let err = AckError::new("101", "Required field missing").at("PID", 1, 3);
//! let a = ack(&msg, AckCode::AE, &opts.clone().with_error(err).with_text("PID-3 missing"))?;
//! let text = String::from_utf8(a.write()).unwrap();
//! assert!(text.contains("\rMSA|AE|MSG42\r"));
//! assert!(text.contains("\rERR||PID^1^3|101^Required field missing^HL70357|E||||PID-3 missing\r"));
//! # Ok::<(), hl7v2::Error>(())
//! ```

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind};
use crate::escape::escape;
use crate::message::Message;
use crate::owned::{OwnedField, OwnedMessage, OwnedSegment};

/// Acknowledgement codes (HL7 table 0008).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AckCode {
    /// Original mode: application accept.
    AA,
    /// Original mode: application error.
    AE,
    /// Original mode: application reject.
    AR,
    /// Enhanced mode: commit accept.
    CA,
    /// Enhanced mode: commit error.
    CE,
    /// Enhanced mode: commit reject.
    CR,
}

impl AckCode {
    /// The code as written in MSA-1.
    pub fn as_str(&self) -> &'static str {
        match self {
            AckCode::AA => "AA",
            AckCode::AE => "AE",
            AckCode::AR => "AR",
            AckCode::CA => "CA",
            AckCode::CE => "CE",
            AckCode::CR => "CR",
        }
    }

    /// Whether the code reports an error or rejection (an `ERR` segment is added).
    pub fn is_error(&self) -> bool {
        !matches!(self, AckCode::AA | AckCode::CA)
    }

    /// Parses `AA`, `AE`, `AR`, `CA`, `CE`, `CR`.
    pub fn parse(s: &str) -> Option<AckCode> {
        Some(match s {
            "AA" => AckCode::AA,
            "AE" => AckCode::AE,
            "AR" => AckCode::AR,
            "CA" => AckCode::CA,
            "CE" => AckCode::CE,
            "CR" => AckCode::CR,
            _ => return None,
        })
    }
}

/// The acknowledgement mode a message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AckMode {
    /// MSH-15 and MSH-16 are empty: one application acknowledgement (`AA`/`AE`/`AR`).
    Original,
    /// MSH-15 or MSH-16 is valued: accept (commit) acknowledgement `CA`/`CE`/`CR` and/or
    /// application acknowledgement, as the fields request.
    Enhanced,
}

/// Which mode `msg` requests (from MSH-15/MSH-16).
pub fn ack_mode(msg: &Message<'_>) -> AckMode {
    let valued = |n| {
        msg.segment(0)
            .and_then(|s| s.field(n))
            .is_some_and(|f| !f.is_empty())
    };
    if valued(15) || valued(16) {
        AckMode::Enhanced
    } else {
        AckMode::Original
    }
}

/// Severity of an error (HL7 table 0516).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// `E`
    Error,
    /// `W`
    Warning,
    /// `I`
    Information,
}

/// An error location (HL7 ERL): segment id and occurrence, then field, repetition,
/// component and subcomponent as far as known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorLocation {
    /// Segment id, e.g. `PID`.
    pub segment: String,
    /// 1-based occurrence of the segment in the message.
    pub sequence: u32,
    /// Field number.
    pub field: Option<u32>,
    /// Repetition number.
    pub repetition: Option<u32>,
    /// Component number.
    pub component: Option<u32>,
    /// Subcomponent number.
    pub subcomponent: Option<u32>,
}

/// What an `ERR` segment reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckError {
    /// HL7 error code (table 0357), e.g. `101` (required field missing), `102` (data type
    /// error), `207` (application internal error).
    pub code: String,
    /// Its text.
    pub code_text: String,
    /// Where the error is, when known.
    pub location: Option<ErrorLocation>,
    /// Severity (v2.5 and later).
    pub severity: Severity,
}

impl AckError {
    /// An error with a table 0357 code and text, severity `E`, no location.
    pub fn new(code: &str, text: &str) -> Self {
        AckError {
            code: code.into(),
            code_text: text.into(),
            location: None,
            severity: Severity::Error,
        }
    }

    /// Sets the location to a segment occurrence and field.
    pub fn at(mut self, segment: &str, sequence: u32, field: u32) -> Self {
        self.location = Some(ErrorLocation {
            segment: segment.into(),
            sequence,
            field: Some(field),
            repetition: None,
            component: None,
            subcomponent: None,
        });
        self
    }

    /// An `AckError` describing a parse [`Error`] (code 100 for structure problems, 102 for
    /// value problems), located at the error's segment and field.
    pub fn from_parse_error(e: &Error) -> Self {
        let (code, text) = match e.kind {
            ErrorKind::InvalidEscape
            | ErrorKind::InvalidText(_)
            | ErrorKind::InvalidTimestamp
            | ErrorKind::UnsupportedCharset => ("102", "Data type error"),
            _ => ("100", "Segment sequence error"),
        };
        let mut a = AckError::new(code, text);
        if let (Some(id), Some(seq)) = (e.segment_id, e.segment) {
            let id: String = id.iter().map(|&b| char::from(b)).collect();
            a.location = Some(ErrorLocation {
                segment: id,
                sequence: seq,
                field: e.field,
                repetition: None,
                component: None,
                subcomponent: None,
            });
        }
        a
    }
}

/// Options for [`ack`]. The library reads no clock: pass the timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckOptions {
    /// MSH-10 of the acknowledgement.
    pub control_id: String,
    /// MSH-7 of the acknowledgement (HL7 DTM, e.g. `20261124083001-0500`).
    pub timestamp: String,
    /// Human-readable text: MSA-3 before v2.5, ERR-8 from v2.5 (MSA-3 when there is no ERR).
    pub text: Option<String>,
    /// The error reported in `ERR` (for error codes; a generic 207 is used when absent).
    pub error: Option<AckError>,
}

impl AckOptions {
    /// Options with a control id and timestamp.
    pub fn new(control_id: &str, timestamp: &str) -> Self {
        AckOptions {
            control_id: control_id.into(),
            timestamp: timestamp.into(),
            text: None,
            error: None,
        }
    }

    /// Adds explanatory text.
    pub fn with_text(mut self, text: &str) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Adds an error for the `ERR` segment.
    pub fn with_error(mut self, error: AckError) -> Self {
        self.error = Some(error);
        self
    }
}

/// Version as (major, minor) numbers, e.g. `2.5.1` → (2, 5).
fn version_of(v: Option<&str>) -> (u32, u32) {
    let mut it = v.unwrap_or("2.5").split('.');
    let major = it.next().and_then(|s| s.parse().ok()).unwrap_or(2);
    let minor = it.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    (major, minor)
}

/// Builds the acknowledgement of `msg`: MSH with sender and receiver swapped (MSH-3/4 ↔
/// MSH-5/6), MSH-9 `ACK^<trigger>^ACK`, processing id, version and character set copied; MSA
/// with the code and the original control id (MSH-10); and for error codes an ERR segment in
/// the layout of the message's version (ERR-1 before v2.5; ERR-2/3/4/8 from v2.5).
pub fn ack(msg: &Message<'_>, code: AckCode, opts: &AckOptions) -> Result<OwnedMessage, Error> {
    let d = *msg.delimiters();
    let msh = msg
        .segment(0)
        .ok_or_else(|| Error::new(ErrorKind::MissingHeader, 0))?;
    let raw = |n: usize| -> Vec<u8> { msh.field(n).map(|f| f.raw().to_vec()).unwrap_or_default() };
    let esc = |s: &str| -> Result<Vec<u8>, Error> { Ok(escape(s.as_bytes(), &d)?.into_owned()) };
    let version = version_of(msg.version());
    let modern = version >= (2, 5);

    let mut out = OwnedMessage::new(d);
    {
        let header = &mut out.segments[0];
        let trigger = msg.message_type().map(|t| t.trigger).unwrap_or("");
        let mut msh9 = b"ACK".to_vec();
        if !trigger.is_empty() {
            msh9.push(d.component);
            msh9.extend_from_slice(&esc(trigger)?);
            if version >= (2, 3) {
                msh9.push(d.component);
                msh9.extend_from_slice(b"ACK");
            }
        }
        let fields: [(usize, Vec<u8>); 9] = [
            (3, raw(5)),
            (4, raw(6)),
            (5, raw(3)),
            (6, raw(4)),
            (7, esc(&opts.timestamp)?),
            (9, msh9),
            (10, esc(&opts.control_id)?),
            (11, raw(11)),
            (12, raw(12)),
        ];
        for (n, v) in fields {
            if header.fields.len() < n {
                header.fields.resize_with(n, OwnedField::default);
            }
            header.fields[n - 1] = OwnedField::parse_raw(&v, &d);
        }
        let charset = raw(18);
        if !charset.is_empty() {
            header.fields.resize_with(18, OwnedField::default);
            header.fields[17] = OwnedField::parse_raw(&charset, &d);
        }
    }

    let mut msa = OwnedSegment::new("MSA");
    msa.fields.push(OwnedField::raw(code.as_str().as_bytes()));
    msa.fields.push(OwnedField::parse_raw(&raw(10), &d));
    let err_needed = code.is_error();
    let text_in_msa = opts.text.is_some() && (!modern || !err_needed);
    if let (true, Some(t)) = (text_in_msa, &opts.text) {
        msa.fields.push(OwnedField::raw(&esc(t)?));
    }
    out.push_segment(msa);

    if err_needed {
        let e = opts
            .error
            .clone()
            .unwrap_or_else(|| AckError::new("207", "Application internal error"));
        let comp = d.component;
        let mut location = Vec::new();
        if let Some(loc) = &e.location {
            location.extend_from_slice(&esc(&loc.segment)?);
            location.push(comp);
            location.extend_from_slice(loc.sequence.to_string().as_bytes());
            if modern {
                for part in [loc.field, loc.repetition, loc.component, loc.subcomponent] {
                    location.push(comp);
                    if let Some(n) = part {
                        location.extend_from_slice(n.to_string().as_bytes());
                    }
                }
                while location.last() == Some(&comp) {
                    location.pop();
                }
            } else if let Some(f) = loc.field {
                location.push(comp);
                location.extend_from_slice(f.to_string().as_bytes());
            }
        }
        let mut err = OwnedSegment::new("ERR");
        if modern {
            let mut code3 = esc(&e.code)?;
            code3.push(comp);
            code3.extend_from_slice(&esc(&e.code_text)?);
            code3.push(comp);
            code3.extend_from_slice(b"HL70357");
            let sev: &[u8] = match e.severity {
                Severity::Error => b"E",
                Severity::Warning => b"W",
                Severity::Information => b"I",
            };
            err.fields.push(OwnedField::default());
            err.fields.push(OwnedField::parse_raw(&location, &d));
            err.fields.push(OwnedField::parse_raw(&code3, &d));
            err.fields.push(OwnedField::raw(sev));
            if let Some(t) = &opts.text {
                err.fields.resize_with(7, OwnedField::default);
                err.fields.push(OwnedField::raw(&esc(t)?));
            }
        } else {
            // ERR-1 (ELD): segment^sequence^field^code&text&HL70357
            let mut eld = location;
            if eld.is_empty() {
                eld.push(comp);
            }
            while eld.iter().filter(|&&b| b == comp).count() < 3 {
                eld.push(comp);
            }
            let sub = d.subcomponent.unwrap_or(comp);
            eld.extend_from_slice(&esc(&e.code)?);
            eld.push(sub);
            eld.extend_from_slice(&esc(&e.code_text)?);
            eld.push(sub);
            eld.extend_from_slice(b"HL70357");
            err.fields.push(OwnedField::parse_raw(&eld, &d));
        }
        out.push_segment(err);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V24: &[u8] = b"MSH|^~\\&|S|SF|R|RF|20260101||ADT^A01|C1|T|2.4|||AL|NE\rPID|1\r";

    #[test]
    fn old_version_err_layout() {
        let m = Message::parse(V24).unwrap();
        assert_eq!(ack_mode(&m), AckMode::Enhanced);
        let e = AckError::new("101", "Required field missing").at("PID", 1, 3);
        let opts = AckOptions::new("A1", "20260101010101")
            .with_error(e)
            .with_text("missing id");
        let a = ack(&m, AckCode::AE, &opts).unwrap().write();
        assert_eq!(
            a,
            b"MSH|^~\\&|R|RF|S|SF|20260101010101||ACK^A01^ACK|A1|T|2.4\r\
MSA|AE|C1|missing id\rERR|PID^1^3^101&Required field missing&HL70357\r"
        );
        let parsed = Message::parse(&a).unwrap();
        assert_eq!(parsed.get("MSA-2").unwrap().unwrap().raw(), b"C1");
    }

    #[test]
    fn commit_ack_and_escaping() {
        let m = Message::parse(b"MSH|^~\\&|S||R||x||ORM^O01|C|P|2.5.1|||AL\r").unwrap();
        let opts = AckOptions::new("X|1", "20260101").with_text("a^b");
        let a = ack(&m, AckCode::CA, &opts).unwrap().write();
        assert_eq!(
            a,
            b"MSH|^~\\&|R||S||20260101||ACK^O01^ACK|X\\F\\1|P|2.5.1\rMSA|CA|C|a\\S\\b\r"
        );
    }

    #[test]
    fn reject_without_error_uses_207() {
        let m = Message::parse(b"MSH|^~\\&|S||R||x||ORM^O01|C|P|2.6\r").unwrap();
        let a = ack(&m, AckCode::AR, &AckOptions::new("1", "2026"))
            .unwrap()
            .write();
        assert!(a.ends_with(b"MSA|AR|C\rERR|||207^Application internal error^HL70357|E\r"));
    }
}
