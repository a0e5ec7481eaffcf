//! Owned interchanges, for building new transactions or re-emitting parsed ones.
//!
//! The writer produces the envelope itself: ISA/IEA, GS/GE and ST/SE come from the header
//! fields, and SE01, GE01, IEA01, the trailer control numbers (and any control number left
//! as `None`) are computed. X12 has no escape mechanism, so a value containing one of the
//! delimiters cannot be written: the writer refuses it with
//! [`ErrorKind::DelimiterInValue`] instead of producing a different interchange.
//!
//! ```
//! use x12::owned::{IsaHeader, OwnedGroup, OwnedInterchange, OwnedSegment, OwnedTransactionSet};
//! use x12::{Delimiters, Interchange};
//!
//! let mut ic = OwnedInterchange::new(IsaHeader::new(
//!     "ZZ", "SUBMITTER", "ZZ", "PAYER", "261124", "0830", 905,
//! ));
//! let mut group = OwnedGroup::new("HC", "SUBMITTER", "PAYER", "20261124", "0830", "005010X222A1");
//! let mut claim = OwnedTransactionSet::new("837");
//! claim.implementation_reference = Some(b"005010X222A1".to_vec());
//! claim.segments.push(OwnedSegment::new("BHT").with("0019").with("00").with("0123"));
//! claim.segments.push(OwnedSegment::new("SV1").with_composite(&["HC", "99213"]).with("125"));
//! group.transaction_sets.push(claim);
//! ic.groups.push(group);
//!
//! let bytes = ic.write()?;
//! assert!(bytes.ends_with(b"SV1*HC:99213*125~SE*4*0001~GE*1*1~IEA*1*000000905~"));
//! let parsed = Interchange::parse(&bytes)?; // counts and control numbers agree
//! assert_eq!(OwnedInterchange::from(&parsed), ic.clone().with_computed_control_numbers());
//!
//! // The same interchange with other delimiters.
//! ic.delimiters = Delimiters::new(b'|', Some(b'!'), b'}', b'\n');
//! let bytes = ic.write()?;
//! assert!(bytes.ends_with(b"SV1|HC}99213|125\nSE|4|0001\nGE|1|1\nIEA|1|000000905\n"));
//!
//! // A value containing a delimiter cannot be written.
//! ic.groups[0].transaction_sets[0].segments[0] = OwnedSegment::new("BHT").with("A|B");
//! assert_eq!(ic.write().unwrap_err().kind, x12::ErrorKind::DelimiterInValue(x12::DelimiterRole::Element));
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crate::delims::{Delimiters, ISA_WIDTHS};
use crate::envelope::{EnvSeg, classify};
use crate::error::{Error, ErrorKind, SegmentId};
use crate::parse::Interchange;
use crate::view::Segment;

/// What is written after every segment terminator.
///
/// ```
/// use x12::owned::{IsaHeader, LineEnding, OwnedInterchange};
/// let mut ic = OwnedInterchange::new(IsaHeader::new("ZZ", "A", "ZZ", "B", "261124", "0830", 1));
/// ic.line_ending = LineEnding::CrLf;
/// assert!(ic.write()?.ends_with(b"~\r\nIEA*0*000000001~\r\n"));
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineEnding {
    /// Nothing: segments follow each other directly (the X12 norm).
    #[default]
    None,
    /// A line feed.
    Lf,
    /// A carriage return and a line feed.
    CrLf,
    /// A carriage return.
    Cr,
}

impl LineEnding {
    /// The bytes written after each terminator.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            LineEnding::None => b"",
            LineEnding::Lf => b"\n",
            LineEnding::CrLf => b"\r\n",
            LineEnding::Cr => b"\r",
        }
    }

    fn detect(bytes: &[u8]) -> Self {
        match bytes {
            b"\n" => LineEnding::Lf,
            b"\r\n" => LineEnding::CrLf,
            b"\r" => LineEnding::Cr,
            _ => LineEnding::None,
        }
    }
}

/// The ISA fields. Values are raw bytes; AN fields (ISA02, ISA04, ISA06, ISA08) shorter than
/// their width are padded with spaces when written, every other field must have its exact
/// width. ISA11 is written from the delimiters for versions 00402 and later.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IsaHeader {
    /// ISA01, authorization information qualifier (2).
    pub authorization_qualifier: Vec<u8>,
    /// ISA02, authorization information (10).
    pub authorization: Vec<u8>,
    /// ISA03, security information qualifier (2).
    pub security_qualifier: Vec<u8>,
    /// ISA04, security information (10).
    pub security: Vec<u8>,
    /// ISA05, interchange sender id qualifier (2).
    pub sender_qualifier: Vec<u8>,
    /// ISA06, interchange sender id (15).
    pub sender_id: Vec<u8>,
    /// ISA07, interchange receiver id qualifier (2).
    pub receiver_qualifier: Vec<u8>,
    /// ISA08, interchange receiver id (15).
    pub receiver_id: Vec<u8>,
    /// ISA09, interchange date, `YYMMDD`.
    pub date: Vec<u8>,
    /// ISA10, interchange time, `HHMM`.
    pub time: Vec<u8>,
    /// ISA11 before version 00402: the interchange control standards identifier (`U`).
    pub standards_id: Vec<u8>,
    /// ISA12, interchange control version number (`00501`).
    pub version: Vec<u8>,
    /// ISA13, interchange control number (nine digits).
    pub control_number: Vec<u8>,
    /// ISA14, acknowledgment requested (`0` or `1`).
    pub acknowledgment_requested: Vec<u8>,
    /// ISA15, usage indicator (`P`, `T` or `I`).
    pub usage: Vec<u8>,
}

impl fmt::Debug for IsaHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IsaHeader").finish_non_exhaustive()
    }
}

impl IsaHeader {
    /// A 00501 production header with no authorization or security information and no
    /// acknowledgment requested. The ids are padded to their width with spaces (as they will
    /// be written) and `control_number` is written as nine digits.
    ///
    /// ```
    /// use x12::owned::{IsaHeader, OwnedInterchange};
    /// let mut h = IsaHeader::new("ZZ", "SUBMITTER", "ZZ", "PAYER", "261124", "0830", 7);
    /// h.usage = b"T".to_vec(); // a test interchange
    /// let bytes = OwnedInterchange::new(h).write()?;
    /// assert_eq!(bytes, b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000007*0*T*:~IEA*0*000000007~");
    /// # Ok::<(), x12::Error>(())
    /// ```
    pub fn new(
        sender_qualifier: &str,
        sender_id: &str,
        receiver_qualifier: &str,
        receiver_id: &str,
        date: &str,
        time: &str,
        control_number: u32,
    ) -> Self {
        IsaHeader {
            authorization_qualifier: b"00".to_vec(),
            authorization: padded(b"", 10),
            security_qualifier: b"00".to_vec(),
            security: padded(b"", 10),
            sender_qualifier: sender_qualifier.as_bytes().to_vec(),
            sender_id: padded(sender_id.as_bytes(), 15),
            receiver_qualifier: receiver_qualifier.as_bytes().to_vec(),
            receiver_id: padded(receiver_id.as_bytes(), 15),
            date: date.as_bytes().to_vec(),
            time: time.as_bytes().to_vec(),
            standards_id: b"U".to_vec(),
            version: b"00501".to_vec(),
            control_number: nine_digits(control_number),
            acknowledgment_requested: b"0".to_vec(),
            usage: b"P".to_vec(),
        }
    }

    fn fields(&self) -> [&[u8]; 15] {
        [
            &self.authorization_qualifier,
            &self.authorization,
            &self.security_qualifier,
            &self.security,
            &self.sender_qualifier,
            &self.sender_id,
            &self.receiver_qualifier,
            &self.receiver_id,
            &self.date,
            &self.time,
            &self.standards_id,
            &self.version,
            &self.control_number,
            &self.acknowledgment_requested,
            &self.usage,
        ]
    }

    /// Whether ISA12 names version 00402 or later (ISA11 is then the repetition separator).
    fn repetition_version(&self) -> Result<bool, Error> {
        let v = &self.version;
        if v.len() != 5 || !v.iter().all(u8::is_ascii_digit) {
            return Err(
                Error::new(ErrorKind::InvalidValue("ISA12 must be five digits"), 0)
                    .at_segment(1, b"ISA")
                    .at_element(12),
            );
        }
        Ok(&v[..] >= b"00402")
    }
}

fn padded(v: &[u8], width: usize) -> Vec<u8> {
    let mut out = v.to_vec();
    out.resize(width.max(v.len()), b' ');
    out
}

fn nine_digits(n: u32) -> Vec<u8> {
    let mut out = vec![b'0'; 9];
    let mut n = n;
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
    if n > 0 {
        // Too large for nine digits: keep all digits so that writing reports it.
        let mut digits = Vec::new();
        let mut m = n;
        while m > 0 {
            digits.push(b'0' + (m % 10) as u8);
            m /= 10;
        }
        digits.reverse();
        digits.extend_from_slice(&out);
        return digits;
    }
    out
}

fn decimal(mut n: usize, min_width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while n > 0 || out.len() < min_width.max(1) {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    out.reverse();
    out
}

/// One repetition: its components (raw bytes). Never empty.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedRepetition {
    /// Components, in order.
    pub components: Vec<Vec<u8>>,
}

/// One element: its repetitions. Never empty.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedElement {
    /// Repetitions, in order.
    pub repetitions: Vec<OwnedRepetition>,
}

/// One segment: its id and elements (index 0 is element 1).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct OwnedSegment {
    /// Segment id, e.g. `b"NM1"`.
    pub id: Vec<u8>,
    /// Elements, in order.
    pub elements: Vec<OwnedElement>,
}

/// One transaction set: ST01/ST02/ST03 and the segments between ST and SE.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedTransactionSet {
    /// ST01, transaction set identifier code (`837`).
    pub id: Vec<u8>,
    /// ST02, control number; `None` to number sets `0001`, `0002`… within their group.
    pub control_number: Option<Vec<u8>>,
    /// ST03, implementation convention reference, when written.
    pub implementation_reference: Option<Vec<u8>>,
    /// The segments between ST and SE.
    pub segments: Vec<OwnedSegment>,
}

/// One functional group: the GS fields and its transaction sets.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedGroup {
    /// GS01, functional identifier code (`HC`).
    pub functional_id: Vec<u8>,
    /// GS02, application sender's code.
    pub sender: Vec<u8>,
    /// GS03, application receiver's code.
    pub receiver: Vec<u8>,
    /// GS04, date, `CCYYMMDD`.
    pub date: Vec<u8>,
    /// GS05, time, `HHMM` (or longer).
    pub time: Vec<u8>,
    /// GS06, group control number; `None` to number groups 1, 2… within the interchange.
    pub control_number: Option<Vec<u8>>,
    /// GS07, responsible agency code (`X`).
    pub agency: Vec<u8>,
    /// GS08, version / release / industry identifier code (`005010X222A1`).
    pub version: Vec<u8>,
    /// The transaction sets.
    pub transaction_sets: Vec<OwnedTransactionSet>,
}

/// An owned interchange.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OwnedInterchange {
    /// The ISA fields.
    pub header: IsaHeader,
    /// The delimiters to write with.
    pub delimiters: Delimiters,
    /// What to write after each segment terminator.
    pub line_ending: LineEnding,
    /// Interchange acknowledgments (`TA1` segments), written right after the ISA.
    pub ta1: Vec<OwnedSegment>,
    /// The functional groups.
    pub groups: Vec<OwnedGroup>,
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
structure_debug!(OwnedRepetition, "OwnedRepetition", components);
structure_debug!(OwnedElement, "OwnedElement", repetitions);

impl fmt::Debug for OwnedSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "OwnedSegment({}, {} elements)",
            SegmentId::new(&self.id),
            self.elements.len()
        )
    }
}

impl fmt::Debug for OwnedTransactionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedTransactionSet")
            .field("id", &SegmentId::new(&self.id))
            .field("segments", &self.segments)
            .finish()
    }
}

impl fmt::Debug for OwnedGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedGroup")
            .field("transaction_sets", &self.transaction_sets)
            .finish()
    }
}

impl fmt::Debug for OwnedInterchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedInterchange")
            .field("delimiters", &self.delimiters)
            .field("line_ending", &self.line_ending)
            .field("ta1", &self.ta1)
            .field("groups", &self.groups)
            .finish()
    }
}

impl OwnedRepetition {
    /// A repetition of one component.
    pub fn simple(value: impl AsRef<[u8]>) -> Self {
        OwnedRepetition {
            components: vec![value.as_ref().to_vec()],
        }
    }
}

impl OwnedElement {
    /// A simple element.
    pub fn simple(value: impl AsRef<[u8]>) -> Self {
        OwnedElement {
            repetitions: vec![OwnedRepetition::simple(value)],
        }
    }

    /// A composite element of one repetition.
    pub fn composite<T: AsRef<[u8]>>(components: &[T]) -> Self {
        let mut components: Vec<Vec<u8>> = components.iter().map(|c| c.as_ref().to_vec()).collect();
        if components.is_empty() {
            components.push(Vec::new());
        }
        OwnedElement {
            repetitions: vec![OwnedRepetition { components }],
        }
    }

    /// An element split from raw bytes on the delimiters (repetitions, then components).
    pub fn parse(raw: &[u8], d: &Delimiters) -> Self {
        let split = |s: &[u8], c: Option<u8>| -> Vec<Vec<u8>> {
            match c {
                Some(c) => s.split(|&b| b == c).map(<[u8]>::to_vec).collect(),
                None => vec![s.to_vec()],
            }
        };
        OwnedElement {
            repetitions: split(raw, d.repetition)
                .into_iter()
                .map(|r| OwnedRepetition {
                    components: split(&r, Some(d.component)),
                })
                .collect(),
        }
    }

    fn write(&self, d: &Delimiters, out: &mut Vec<u8>) -> Result<(), ErrorKind> {
        for (i, r) in self.repetitions.iter().enumerate() {
            if i > 0 {
                out.push(d.repetition.ok_or(ErrorKind::NoRepetitionSeparator)?);
            }
            for (j, c) in r.components.iter().enumerate() {
                if j > 0 {
                    out.push(d.component);
                }
                push_value(c, d, out)?;
            }
        }
        Ok(())
    }
}

/// Appends `v`, refusing any delimiter byte in it.
fn push_value(v: &[u8], d: &Delimiters, out: &mut Vec<u8>) -> Result<(), ErrorKind> {
    if let Some(role) = v.iter().find_map(|&b| d.role_of(b)) {
        return Err(ErrorKind::DelimiterInValue(role));
    }
    out.extend_from_slice(v);
    Ok(())
}

fn valid_id(id: &[u8]) -> bool {
    (2..=3).contains(&id.len())
        && id[0].is_ascii_uppercase()
        && id
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl OwnedSegment {
    /// A segment with no elements yet.
    pub fn new(id: &str) -> Self {
        OwnedSegment {
            id: id.as_bytes().to_vec(),
            elements: Vec::new(),
        }
    }

    /// The segment with one more simple element.
    pub fn with(mut self, value: impl AsRef<[u8]>) -> Self {
        self.elements.push(OwnedElement::simple(value));
        self
    }

    /// The segment with one more composite element.
    pub fn with_composite<T: AsRef<[u8]>>(mut self, components: &[T]) -> Self {
        self.elements.push(OwnedElement::composite(components));
        self
    }

    /// A segment split from its raw text (terminator excluded) on the delimiters.
    ///
    /// ```
    /// use x12::{Delimiters, owned::OwnedSegment};
    /// let s = OwnedSegment::parse(b"SV1*HC:99213:25*125*UN*1***1", &Delimiters::default());
    /// assert_eq!(s.id, b"SV1");
    /// assert_eq!(s.elements.len(), 7);
    /// assert_eq!(s.elements[0].repetitions[0].components, [b"HC".to_vec(), b"99213".to_vec(), b"25".to_vec()]);
    /// ```
    pub fn parse(raw: &[u8], d: &Delimiters) -> Self {
        let mut parts = raw.split(|&b| b == d.element);
        let id = parts.next().unwrap_or_default().to_vec();
        OwnedSegment {
            id,
            elements: parts.map(|e| OwnedElement::parse(e, d)).collect(),
        }
    }

    /// Writes the segment and its terminator.
    fn write(&self, d: &Delimiters, pos: u32, out: &mut Vec<u8>) -> Result<(), Error> {
        let at = out.len();
        let fail = |kind, element: Option<u32>| {
            let mut e = Error::new(kind, at).at_segment(pos, &self.id);
            e.element = element;
            e
        };
        if !valid_id(&self.id) {
            return Err(fail(
                ErrorKind::InvalidValue("segment ids are 2-3 upper-case letters or digits"),
                None,
            ));
        }
        out.extend_from_slice(&self.id);
        for (i, e) in self.elements.iter().enumerate() {
            out.push(d.element);
            e.write(d, out).map_err(|k| fail(k, Some(i as u32 + 1)))?;
        }
        out.push(d.segment);
        Ok(())
    }
}

impl From<&Segment<'_, '_>> for OwnedSegment {
    fn from(s: &Segment<'_, '_>) -> Self {
        OwnedSegment {
            id: s.id().to_vec(),
            elements: s
                .elements()
                .map(|e| OwnedElement {
                    repetitions: e
                        .repetitions()
                        .map(|r| OwnedRepetition {
                            components: r.components().map(<[u8]>::to_vec).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl OwnedTransactionSet {
    /// An empty transaction set with identifier `id` (`837`), control number computed.
    pub fn new(id: &str) -> Self {
        OwnedTransactionSet {
            id: id.as_bytes().to_vec(),
            control_number: None,
            implementation_reference: None,
            segments: Vec::new(),
        }
    }
}

impl OwnedGroup {
    /// An empty group (agency `X`, control number computed).
    pub fn new(
        functional_id: &str,
        sender: &str,
        receiver: &str,
        date: &str,
        time: &str,
        version: &str,
    ) -> Self {
        OwnedGroup {
            functional_id: functional_id.as_bytes().to_vec(),
            sender: sender.as_bytes().to_vec(),
            receiver: receiver.as_bytes().to_vec(),
            date: date.as_bytes().to_vec(),
            time: time.as_bytes().to_vec(),
            control_number: None,
            agency: b"X".to_vec(),
            version: version.as_bytes().to_vec(),
            transaction_sets: Vec::new(),
        }
    }
}

/// Keeps the writer's position and error context.
struct Writer<'o> {
    d: Delimiters,
    eol: &'static [u8],
    out: &'o mut Vec<u8>,
    pos: u32,
}

impl Writer<'_> {
    fn segment(&mut self, s: &OwnedSegment) -> Result<(), Error> {
        self.pos += 1;
        s.write(&self.d, self.pos, self.out)?;
        self.out.extend_from_slice(self.eol);
        Ok(())
    }

    /// An envelope segment of simple elements.
    fn envelope(&mut self, id: &[u8], elements: &[&[u8]]) -> Result<(), Error> {
        self.pos += 1;
        let at = self.out.len();
        self.out.extend_from_slice(id);
        for (i, v) in elements.iter().enumerate() {
            self.out.push(self.d.element);
            push_value(v, &self.d, self.out).map_err(|k| {
                Error::new(k, at)
                    .at_segment(self.pos, id)
                    .at_element(i as u32 + 1)
            })?;
        }
        self.out.push(self.d.segment);
        self.out.extend_from_slice(self.eol);
        Ok(())
    }
}

impl OwnedInterchange {
    /// An interchange with no groups yet, the usual delimiters and no line breaks.
    pub fn new(header: IsaHeader) -> Self {
        OwnedInterchange {
            header,
            delimiters: Delimiters::default(),
            line_ending: LineEnding::None,
            ta1: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// The same interchange with every control number left as `None` filled in with the
    /// value [`OwnedInterchange::write`] would compute.
    pub fn with_computed_control_numbers(mut self) -> Self {
        for (gi, g) in self.groups.iter_mut().enumerate() {
            g.control_number.get_or_insert_with(|| decimal(gi + 1, 1));
            for (ti, t) in g.transaction_sets.iter_mut().enumerate() {
                t.control_number.get_or_insert_with(|| decimal(ti + 1, 4));
            }
        }
        self
    }

    /// Writes the interchange.
    pub fn write(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_to(&mut out)?;
        Ok(out)
    }

    /// Appends the interchange to `out`. On error `out` is left as it was.
    pub fn write_to(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let len = out.len();
        let r = self.write_inner(out);
        if r.is_err() {
            out.truncate(len);
        }
        r
    }

    fn write_inner(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        let d = self.delimiters;
        d.check()?;
        let rep_version = self.header.repetition_version()?;
        if rep_version && d.repetition.is_none() {
            return Err(Error::new(
                ErrorKind::InvalidDelimiters("ISA12 00402 and later need a repetition separator"),
                0,
            ));
        }
        if !rep_version && d.repetition.is_some() {
            return Err(Error::new(
                ErrorKind::InvalidDelimiters("versions before 00402 have no repetition separator"),
                0,
            ));
        }
        self.write_isa(out, rep_version)?;
        let mut w = Writer {
            d,
            eol: self.line_ending.bytes(),
            out,
            pos: 1,
        };
        for s in &self.ta1 {
            if s.id != b"TA1" {
                return Err(Error::new(
                    ErrorKind::InvalidValue("only TA1 segments may precede the groups"),
                    w.out.len(),
                )
                .at_segment(w.pos + 1, &s.id));
            }
            w.segment(s)?;
        }
        for (gi, g) in self.groups.iter().enumerate() {
            let computed;
            let gs06: &[u8] = match &g.control_number {
                Some(c) => c,
                None => {
                    computed = decimal(gi + 1, 1);
                    &computed
                }
            };
            w.envelope(
                b"GS",
                &[
                    &g.functional_id,
                    &g.sender,
                    &g.receiver,
                    &g.date,
                    &g.time,
                    gs06,
                    &g.agency,
                    &g.version,
                ],
            )?;
            for (ti, t) in g.transaction_sets.iter().enumerate() {
                let computed;
                let st02: &[u8] = match &t.control_number {
                    Some(c) => c,
                    None => {
                        computed = decimal(ti + 1, 4);
                        &computed
                    }
                };
                match &t.implementation_reference {
                    Some(r) => w.envelope(b"ST", &[&t.id, st02, r])?,
                    None => w.envelope(b"ST", &[&t.id, st02])?,
                }
                for s in &t.segments {
                    if is_envelope_id(&s.id) {
                        return Err(Error::new(
                            ErrorKind::InvalidValue("envelope segment inside a transaction set"),
                            w.out.len(),
                        )
                        .at_segment(w.pos + 1, &s.id));
                    }
                    w.segment(s)?;
                }
                let se01 = decimal(t.segments.len() + 2, 1);
                w.envelope(b"SE", &[&se01, st02])?;
            }
            let ge01 = decimal(g.transaction_sets.len(), 1);
            w.envelope(b"GE", &[&ge01, gs06])?;
        }
        let iea01 = decimal(self.groups.len(), 1);
        w.envelope(b"IEA", &[&iea01, &self.header.control_number])?;
        Ok(())
    }

    fn write_isa(&self, out: &mut Vec<u8>, rep_version: bool) -> Result<(), Error> {
        let d = self.delimiters;
        let at = out.len();
        let fail = |kind, n: usize| {
            Error::new(kind, at)
                .at_segment(1, b"ISA")
                .at_element(n as u32)
        };
        out.extend_from_slice(b"ISA");
        for (i, v) in self.header.fields().iter().enumerate() {
            let n = i + 1;
            let width = usize::from(ISA_WIDTHS[i]);
            out.push(d.element);
            if n == 11 && rep_version {
                out.extend(d.repetition);
                continue;
            }
            let padded = matches!(n, 2 | 4 | 6 | 8);
            if v.len() > width || (v.len() < width && !padded) {
                return Err(fail(
                    ErrorKind::InvalidValue("ISA value does not have its fixed width"),
                    n,
                ));
            }
            if n == 13 && !v.iter().all(u8::is_ascii_digit) {
                return Err(fail(
                    ErrorKind::InvalidValue("ISA13 must be nine digits"),
                    n,
                ));
            }
            push_value(v, &d, out).map_err(|k| fail(k, n))?;
            out.extend(core::iter::repeat_n(b' ', width - v.len()));
        }
        out.push(d.element);
        out.push(d.component);
        out.push(d.segment);
        out.extend_from_slice(self.line_ending.bytes());
        Ok(())
    }
}

fn is_envelope_id(id: &[u8]) -> bool {
    matches!(id, b"ISA" | b"IEA" | b"GS" | b"GE" | b"ST" | b"SE")
}

impl From<&Interchange<'_>> for OwnedInterchange {
    /// The interchange's content: ISA fields, groups (GS fields, control numbers) and
    /// transaction sets (ST fields and body segments), and TA1 segments right after the ISA. Trailers are not kept (the writer
    /// computes them), nor are segments outside transaction sets or transaction sets outside
    /// groups. The line ending is the one found after the ISA.
    fn from(ic: &Interchange<'_>) -> Self {
        let isa = ic.header();
        let f = |n: usize| isa.element_raw(n).unwrap_or_default().to_vec();
        let header = IsaHeader {
            authorization_qualifier: f(1),
            authorization: f(2),
            security_qualifier: f(3),
            security: f(4),
            sender_qualifier: f(5),
            sender_id: f(6),
            receiver_qualifier: f(7),
            receiver_id: f(8),
            date: f(9),
            time: f(10),
            standards_id: if ic.delimiters().repetition.is_some() {
                b"U".to_vec()
            } else {
                f(11)
            },
            version: f(12),
            control_number: f(13),
            acknowledgment_requested: f(14),
            usage: f(15),
        };
        let line_ending = match ic.segment(1) {
            Some(next) => {
                let isa_end = isa.offset() + isa.raw().len() + 1;
                LineEnding::detect(ic.input().get(isa_end..next.offset()).unwrap_or_default())
            }
            None => LineEnding::None,
        };
        let e = ic.delimiters().element;
        let groups = ic
            .groups()
            .map(|g| {
                let gs = g.header();
                let v = |n: usize| gs.element_raw(n).unwrap_or_default().to_vec();
                OwnedGroup {
                    functional_id: v(1),
                    sender: v(2),
                    receiver: v(3),
                    date: v(4),
                    time: v(5),
                    control_number: Some(v(6)),
                    agency: v(7),
                    version: v(8),
                    transaction_sets: g
                        .transaction_sets()
                        .map(|t| {
                            let st = t.header();
                            OwnedTransactionSet {
                                id: t.id().to_vec(),
                                control_number: Some(t.control_number().to_vec()),
                                implementation_reference: st.element_raw(3).map(<[u8]>::to_vec),
                                segments: t
                                    .segments()
                                    .skip(1)
                                    .filter(|s| classify(s.raw(), e) != EnvSeg::Se)
                                    .map(|s| OwnedSegment::from(&s))
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        // TA1 segments between the ISA and the first group.
        let ta1 = ic
            .segments()
            .skip(1)
            .take_while(|s| s.is("TA1"))
            .map(|s| OwnedSegment::from(&s))
            .collect();
        OwnedInterchange {
            header,
            delimiters: *ic.delimiters(),
            line_ending,
            ta1,
            groups,
        }
    }
}
