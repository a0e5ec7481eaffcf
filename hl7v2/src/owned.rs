//! An owned message for building new messages or modifying parsed ones.
//!
//! Values are stored raw (already escaped for the message's delimiters), so a parsed message
//! converted with [`OwnedMessage::from`] writes back byte for byte and escapes that were in the
//! input are never escaped again. [`OwnedMessage::set`] escapes the text it is given;
//! [`OwnedMessage::set_raw`] takes bytes as they should appear (e.g. `DOE^JOHN`).
//!
//! ```
//! use hl7v2::{Delimiters, OwnedMessage, Message};
//! let mut m = OwnedMessage::new(Delimiters::default());
//! m.set("MSH-9", "ADT^A01")?;          // text: the ^ is escaped
//! m.set_raw("MSH-9", b"ADT^A01")?;     // raw: two components
//! m.set("MSH-12", "2.5.1")?;
//! m.set("PID-5.1", "O'Brien|Smith")?;
//! m.set("PID-5[2].1", "Müller")?;
//! let bytes = m.write();
//! assert_eq!(bytes, "MSH|^~\\&|||||||ADT^A01|||2.5.1\rPID|||||O'Brien\\F\\Smith~Müller\r".as_bytes());
//! let parsed = Message::parse(&bytes)?;
//! assert_eq!(parsed.get("PID-5.1")?.unwrap().text()?, "O'Brien|Smith");
//! assert_eq!(OwnedMessage::from(&parsed), m);
//! # Ok::<(), hl7v2::Error>(())
//! ```

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::delims::Delimiters;
use crate::error::{Error, ErrorKind};
use crate::escape::escape;
use crate::message::{Message, valid_segment_id};
use crate::path::Path;
use crate::view::Value;

/// Largest field, repetition, component or subcomponent number the builder will create, so a
/// path cannot make it allocate without bound.
pub const MAX_INDEX: usize = 10_000;

/// A component: one or more subcomponents (raw bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedComponent {
    /// Subcomponents, raw. Never empty.
    pub subcomponents: Vec<Vec<u8>>,
}

/// A repetition: one or more components.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedRepetition {
    /// Components. Never empty.
    pub components: Vec<OwnedComponent>,
}

/// A field: one or more repetitions.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedField {
    /// Repetitions. Never empty.
    pub repetitions: Vec<OwnedRepetition>,
}

/// A segment: its id and fields (index 0 is field 1; for header segments fields 1 and 2 are
/// the delimiters and are written from the message's [`Delimiters`]).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct OwnedSegment {
    /// Segment id, e.g. `b"PID"`.
    pub id: Vec<u8>,
    /// Fields, numbered from 1 at index 0.
    pub fields: Vec<OwnedField>,
}

/// An owned message.
#[derive(Clone, PartialEq, Eq)]
pub struct OwnedMessage {
    delims: Delimiters,
    /// The segments in order.
    pub segments: Vec<OwnedSegment>,
    /// Whether the last segment is followed by a CR (true for new messages).
    pub final_terminator: bool,
}

impl Default for OwnedComponent {
    /// One empty subcomponent (the canonical empty component).
    fn default() -> Self {
        OwnedComponent {
            subcomponents: vec![Vec::new()],
        }
    }
}

impl Default for OwnedRepetition {
    /// One empty component.
    fn default() -> Self {
        OwnedRepetition {
            components: vec![OwnedComponent::default()],
        }
    }
}

impl Default for OwnedField {
    /// One empty repetition.
    fn default() -> Self {
        OwnedField {
            repetitions: vec![OwnedRepetition::default()],
        }
    }
}

macro_rules! structure_debug {
    ($t:ty, $name:literal, $f:ident) => {
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($name, "({} parts)"), self.$f.len())
            }
        }
    };
}
structure_debug!(OwnedComponent, "OwnedComponent", subcomponents);
structure_debug!(OwnedRepetition, "OwnedRepetition", components);
structure_debug!(OwnedField, "OwnedField", repetitions);

impl fmt::Debug for OwnedSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = crate::error::sanitize_id(&self.id).map(char::from);
        write!(f, "OwnedSegment({a}{b}{c}, {} fields)", self.fields.len())
    }
}

impl fmt::Debug for OwnedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedMessage")
            .field("delimiters", &self.delims)
            .field("segments", &self.segments)
            .finish()
    }
}

impl OwnedComponent {
    /// A component holding one raw subcomponent.
    pub fn raw(bytes: &[u8]) -> Self {
        OwnedComponent {
            subcomponents: vec![bytes.to_vec()],
        }
    }
}

impl OwnedField {
    /// A field holding one raw value (not split).
    pub fn raw(bytes: &[u8]) -> Self {
        OwnedField {
            repetitions: vec![OwnedRepetition {
                components: vec![OwnedComponent::raw(bytes)],
            }],
        }
    }

    /// A field parsed from raw bytes using the delimiters (`a^b~c&d`).
    pub fn parse_raw(bytes: &[u8], d: &Delimiters) -> Self {
        let split = |s: &[u8], c: Option<u8>| -> Vec<Vec<u8>> {
            match c {
                Some(c) => s.split(|&b| b == c).map(<[u8]>::to_vec).collect(),
                None => vec![s.to_vec()],
            }
        };
        let repetitions = split(bytes, d.repetition)
            .into_iter()
            .map(|r| OwnedRepetition {
                components: split(&r, Some(d.component))
                    .into_iter()
                    .map(|c| OwnedComponent {
                        subcomponents: split(&c, d.subcomponent),
                    })
                    .collect(),
            })
            .collect();
        OwnedField { repetitions }
    }

    fn from_value(v: &Value<'_, '_>) -> Self {
        OwnedField {
            repetitions: v
                .repetitions()
                .map(|r| OwnedRepetition {
                    components: r
                        .components()
                        .map(|c| OwnedComponent {
                            subcomponents: c.subcomponents().map(|s| s.raw().to_vec()).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn write(&self, d: &Delimiters, out: &mut Vec<u8>) {
        for (ri, r) in self.repetitions.iter().enumerate() {
            if ri > 0 {
                out.push(d.repetition.unwrap_or(d.component));
            }
            for (ci, c) in r.components.iter().enumerate() {
                if ci > 0 {
                    out.push(d.component);
                }
                for (si, s) in c.subcomponents.iter().enumerate() {
                    if si > 0 {
                        out.push(d.subcomponent.unwrap_or(d.component));
                    }
                    out.extend_from_slice(s);
                }
            }
        }
    }
}

fn is_header_id(id: &[u8]) -> bool {
    matches!(id, b"MSH" | b"FHS" | b"BHS")
}

fn grow<T: Default>(v: &mut Vec<T>, n: usize) -> Result<&mut T, Error> {
    if n == 0 || n > MAX_INDEX {
        return Err(Error::new(
            ErrorKind::InvalidOperation("index out of range"),
            0,
        ));
    }
    if v.len() < n {
        v.resize_with(n, T::default);
    }
    Ok(&mut v[n - 1])
}

impl OwnedSegment {
    /// A new segment with no fields.
    pub fn new(id: &str) -> Self {
        OwnedSegment {
            id: id.as_bytes().to_vec(),
            fields: Vec::new(),
        }
    }

    /// Writes the segment (without terminator).
    pub fn write(&self, d: &Delimiters, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.id);
        if is_header_id(&self.id) {
            // Field 1 is the separator itself; field 2 (the encoding characters) is written
            // as stored, so a repeated header keeps its own MSH-2.
            for f in self.fields.iter().skip(1) {
                out.push(d.field);
                f.write(d, out);
            }
        } else {
            for f in &self.fields {
                out.push(d.field);
                f.write(d, out);
            }
        }
    }
}

fn normalize(f: &mut OwnedField) {
    if f.repetitions.is_empty() {
        f.repetitions.push(OwnedRepetition::default());
    }
    for r in &mut f.repetitions {
        if r.components.is_empty() {
            r.components.push(OwnedComponent::default());
        }
        for c in &mut r.components {
            if c.subcomponents.is_empty() {
                c.subcomponents.push(Vec::new());
            }
        }
    }
}

impl OwnedMessage {
    /// A new message with an `MSH` segment holding only the delimiters.
    pub fn new(delims: Delimiters) -> Self {
        let mut m = OwnedMessage {
            delims,
            segments: Vec::new(),
            final_terminator: true,
        };
        m.segments.push(m.header_segment(b"MSH"));
        m
    }

    fn header_segment(&self, id: &[u8]) -> OwnedSegment {
        let d = &self.delims;
        OwnedSegment {
            id: id.to_vec(),
            fields: vec![
                OwnedField::raw(&[d.field]),
                OwnedField::raw(&d.encoding_characters().collect::<Vec<u8>>()),
            ],
        }
    }

    /// The delimiters used for writing.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// Appends a segment and returns it for filling in.
    pub fn push_segment(&mut self, seg: OwnedSegment) -> &mut OwnedSegment {
        self.segments.push(seg);
        let n = self.segments.len() - 1;
        &mut self.segments[n]
    }

    fn locate_segment(&mut self, id: &str, occurrence: usize) -> Result<&mut OwnedSegment, Error> {
        let positions: Vec<usize> = self
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.id == id.as_bytes())
            .map(|(i, _)| i)
            .collect();
        let idx = match positions.get(occurrence - 1) {
            Some(&i) => i,
            None if occurrence == positions.len() + 1 => {
                if !valid_segment_id(id.as_bytes()) {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation("invalid segment id"),
                        0,
                    ));
                }
                let seg = if is_header_id(id.as_bytes()) {
                    self.header_segment(id.as_bytes())
                } else {
                    OwnedSegment::new(id)
                };
                self.segments.push(seg);
                self.segments.len() - 1
            }
            None => {
                return Err(Error::new(
                    ErrorKind::InvalidOperation("segment occurrence skips a segment"),
                    0,
                ));
            }
        };
        Ok(&mut self.segments[idx])
    }

    /// Sets the value at `path` to `text`, escaping delimiter characters. Missing segments
    /// (the next occurrence only), fields, repetitions and components are created.
    pub fn set(&mut self, path: &str, text: &str) -> Result<(), Error> {
        let escaped = escape(text.as_bytes(), &self.delims)?.into_owned();
        self.set_raw_inner(path, &escaped, false)
    }

    /// Sets the value at `path` to raw bytes, which may contain this message's delimiters to
    /// create structure below the path's level (e.g. `DOE^JOHN` at `PID-5`).
    pub fn set_raw(&mut self, path: &str, raw: &[u8]) -> Result<(), Error> {
        self.set_raw_inner(path, raw, true)
    }

    fn set_raw_inner(&mut self, path: &str, raw: &[u8], split: bool) -> Result<(), Error> {
        let p = Path::parse(path)?;
        let d = self.delims;
        let header = is_header_id(p.segment.as_bytes());
        if header && p.field <= 2 {
            return Err(Error::new(
                ErrorKind::InvalidOperation("MSH-1 and MSH-2 come from the delimiters"),
                0,
            ));
        }
        let seg = self.locate_segment(p.segment, p.segment_occurrence)?;
        let field = grow(&mut seg.fields, p.field)?;
        let parsed = if split {
            OwnedField::parse_raw(raw, &d)
        } else {
            OwnedField::raw(raw)
        };
        match (p.repetition, p.component, p.subcomponent) {
            (None, None, _) => *field = parsed,
            (rep, comp, sub) => {
                normalize(field);
                let r = grow(&mut field.repetitions, rep.unwrap_or(1))?;
                match (comp, sub) {
                    (None, _) => {
                        *r = parsed.repetitions.into_iter().next().unwrap_or_default();
                    }
                    (Some(c), sub) => {
                        if r.components.is_empty() {
                            r.components.push(OwnedComponent::default());
                        }
                        let cpt = grow(&mut r.components, c)?;
                        let first_comp = parsed
                            .repetitions
                            .into_iter()
                            .next()
                            .and_then(|r| r.components.into_iter().next())
                            .unwrap_or_default();
                        match sub {
                            None => *cpt = first_comp,
                            Some(s) => {
                                if cpt.subcomponents.is_empty() {
                                    cpt.subcomponents.push(Vec::new());
                                }
                                let slot = grow(&mut cpt.subcomponents, s)?;
                                *slot = first_comp
                                    .subcomponents
                                    .into_iter()
                                    .next()
                                    .unwrap_or_default();
                            }
                        }
                    }
                }
            }
        }
        normalize(field);
        Ok(())
    }

    /// Appends a repetition holding `text` (escaped) to the field at `path` (e.g. `PID-3`).
    pub fn add_repetition(&mut self, path: &str, text: &str) -> Result<(), Error> {
        let p = Path::parse(path)?;
        if p.repetition.is_some() || p.component.is_some() {
            return Err(Error::new(
                ErrorKind::InvalidOperation("path must name a field"),
                0,
            ));
        }
        let escaped = escape(text.as_bytes(), &self.delims)?.into_owned();
        let seg = self.locate_segment(p.segment, p.segment_occurrence)?;
        let existed = seg.fields.len() >= p.field;
        let field = grow(&mut seg.fields, p.field)?;
        let rep = OwnedRepetition {
            components: vec![OwnedComponent::raw(&escaped)],
        };
        let empty = *field == OwnedField::default();
        if !existed || empty {
            field.repetitions = vec![rep];
        } else {
            field.repetitions.push(rep);
        }
        Ok(())
    }

    /// The raw bytes at `path`, when present.
    pub fn get_raw(&self, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let p = Path::parse(path)?;
        let Some(seg) = self
            .segments
            .iter()
            .filter(|s| s.id == p.segment.as_bytes())
            .nth(p.segment_occurrence - 1)
        else {
            return Ok(None);
        };
        let Some(field) = seg.fields.get(p.field - 1) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let d = &self.delims;
        match (p.repetition, p.component, p.subcomponent) {
            (None, None, _) => field.write(d, &mut out),
            (r, c, s) => {
                let Some(rep) = field.repetitions.get(r.unwrap_or(1) - 1) else {
                    return Ok(None);
                };
                let Some(c) = c else {
                    OwnedField {
                        repetitions: vec![rep.clone()],
                    }
                    .write(d, &mut out);
                    return Ok(Some(out));
                };
                let Some(comp) = rep.components.get(c - 1) else {
                    return Ok(None);
                };
                match s {
                    None => OwnedField {
                        repetitions: vec![OwnedRepetition {
                            components: vec![comp.clone()],
                        }],
                    }
                    .write(d, &mut out),
                    Some(s) => match comp.subcomponents.get(s - 1) {
                        Some(v) => out.extend_from_slice(v),
                        None => return Ok(None),
                    },
                }
            }
        }
        Ok(Some(out))
    }

    /// Serialises the message, each segment followed by a CR.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }

    /// Appends the serialised message to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let n = self.segments.len();
        for (i, s) in self.segments.iter().enumerate() {
            s.write(&self.delims, out);
            if i + 1 < n || self.final_terminator {
                out.push(b'\r');
            }
        }
    }
}

impl From<&Message<'_>> for OwnedMessage {
    fn from(msg: &Message<'_>) -> Self {
        let segments = msg
            .segments()
            .map(|s| OwnedSegment {
                id: s.id().to_vec(),
                fields: s.fields().map(|f| OwnedField::from_value(&f)).collect(),
            })
            .collect();
        OwnedMessage {
            delims: *msg.delimiters(),
            segments,
            final_terminator: msg.has_final_terminator(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_round_trip_keeps_escapes_and_trailing_fields() {
        let input = b"MSH|^~\\&|A|B|||20260101||ADT^A01|1|P|2.5\rPID|1||x\\F\\y^^^H~z||A&B^C^||||\rZPD|||\r";
        let m = Message::parse(input).unwrap();
        let o = OwnedMessage::from(&m);
        assert_eq!(o.write(), input);
    }

    #[test]
    fn set_creates_structure() {
        let mut m = OwnedMessage::new(Delimiters::default());
        m.set("PID-3[2].4.2", "X&Y").unwrap();
        assert_eq!(m.write(), b"MSH|^~\\&\rPID|||~^^^&X\\T\\Y\r");
        m.set_raw("PID-5", b"DOE^JOHN").unwrap();
        assert_eq!(m.get_raw("PID-5.2").unwrap().unwrap(), b"JOHN");
        m.add_repetition("PID-3", "third").unwrap();
        assert_eq!(m.get_raw("PID-3[3]").unwrap().unwrap(), b"third");
        assert!(m.set("MSH-2", "x").is_err());
        assert!(m.set("OBX[2]-1", "x").is_err());
        assert!(m.set("PID-20000", "x").is_err());
    }

    #[test]
    fn custom_delimiters_written() {
        let d = Delimiters {
            field: b'#',
            component: b'$',
            repetition: Some(b'*'),
            escape: Some(b'@'),
            subcomponent: Some(b'!'),
            truncation: None,
        };
        let mut m = OwnedMessage::new(d);
        m.set("PID-5", "a#b$c").unwrap();
        assert_eq!(m.write(), b"MSH#$*@!\rPID#####a@F@b@S@c\r");
    }
}
