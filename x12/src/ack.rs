//! Acknowledgments: TA1 (interchange), 999 (implementation, 005010X231A1) and 997
//! (functional, for 4010 trading partners), built from the envelope diagnostics of a parsed
//! interchange and a [`ValidationReport`].
//!
//! Each builder returns an [`OwnedInterchange`] addressed back to the sender (ISA05/06 and
//! ISA07/08 swapped, GS02/GS03 swapped), written with the input's delimiters; its counts and
//! trailers are computed when it is written. Dates, times and control numbers come from
//! [`AckOptions`]: the library has no clock.
//!
//! ```
//! use x12::ack::{AckOptions, ack_999};
//! use x12::{Interchange, ParseOptions, validate::validate};
//!
//! let input = include_bytes!("../tests/data/837p.x12");
//! let ic = Interchange::parse(input)?;
//! let opts = AckOptions::new("20261125", "0300", 7001);
//! let ack = ack_999(&ic, &validate(&ic), &opts)?.write()?;
//! let text = String::from_utf8(ack).unwrap();
//! assert!(text.contains("~ST*999*0001*005010X231A1~AK1*HC*905*005010X222A1~AK2*837*0001*005010X222A1~IK5*A~AK9*A*1*1*1~SE*6*0001~"));
//! let parsed = Interchange::parse(text.as_bytes())?; // counts and control numbers agree
//! assert_eq!(parsed.sender().1, &b"PAYERABC"[..]);
//! # Ok::<(), x12::Error>(())
//! ```

use alloc::vec::Vec;

use crate::codes::{
    ElementSyntaxErrorCode, GroupSyntaxErrorCode, InterchangeNoteCode, SegmentSyntaxErrorCode,
    TransactionSetSyntaxErrorCode,
};
use crate::delims::Delimiters;
use crate::diag::{Diagnostic, Level};
use crate::error::{Error, SegmentId};
use crate::finding::Finding;
use crate::owned::{IsaHeader, OwnedGroup, OwnedInterchange, OwnedSegment, OwnedTransactionSet};
use crate::parse::Interchange;
use crate::validate::ValidationReport;
use crate::view::FunctionalGroup;

/// What the acknowledgment's own envelope needs that the input cannot give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckOptions {
    /// Date, `CCYYMMDD` (GS04; ISA09 takes its last six digits).
    pub date: Vec<u8>,
    /// Time, `HHMM` (ISA10, GS05).
    pub time: Vec<u8>,
    /// ISA13 of the acknowledgment interchange.
    pub interchange_control_number: u32,
    /// GS06 of the acknowledgment group (default: the interchange control number).
    pub group_control_number: u32,
    /// ISA15; `None` keeps the input's usage indicator (`P`, `T`).
    pub usage: Option<u8>,
    /// How IK303 (AK303 in a 997) names the loop of a segment in error.
    pub loop_ids: LoopIds,
}

/// What an acknowledgment writes as the loop identifier of a segment in error (IK303, data
/// element 447).
///
/// The X12 dictionary makes element 447 AN 1/4: the standard's loop identifier, the number
/// the transaction set diagram gives the loop (`2010`, `2300`). Implementation guides name
/// their loops more finely (`2010AA`, `2010BA`), and some translators, pyx12 among them,
/// write those names, which a validator of the 999 itself then rejects as too long.
///
/// ```
/// use x12::ack::LoopIds;
/// assert_eq!(LoopIds::Standard.identifier("2010AA"), "2010");
/// assert_eq!(LoopIds::Standard.identifier("2000C"), "2000");
/// assert_eq!(LoopIds::Guide.identifier("2010AA"), "2010AA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoopIds {
    /// The X12 standard's loop identifier: the leading digits of the guide's loop id, at
    /// most four (`2010AA` → `2010`). The 999 then passes its own guide's length check.
    #[default]
    Standard,
    /// The implementation guide's loop id as it stands (`2010AA`), as pyx12 writes it.
    Guide,
}

impl LoopIds {
    /// The IK303 value for the guide loop id `id`.
    pub fn identifier(self, id: &str) -> &str {
        match self {
            LoopIds::Guide => id,
            LoopIds::Standard => {
                let digits = id.bytes().take(4).take_while(u8::is_ascii_digit).count();
                id.get(..digits).unwrap_or_default()
            }
        }
    }
}

impl AckOptions {
    /// Options with the given date, time and control number (also used for GS06).
    ///
    /// ```
    /// let o = x12::ack::AckOptions::new("20261125", "0300", 42);
    /// assert_eq!((o.interchange_control_number, o.group_control_number), (42, 42));
    /// ```
    pub fn new(date: &str, time: &str, control_number: u32) -> Self {
        AckOptions {
            date: date.as_bytes().to_vec(),
            time: time.as_bytes().to_vec(),
            interchange_control_number: control_number,
            group_control_number: control_number,
            usage: None,
            loop_ids: LoopIds::Standard,
        }
    }
}

/// The acknowledgment standard to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ack999,
    Ack997,
}

/// The ISA of an acknowledgment to `ic`.
fn header(ic: &Interchange<'_>, opts: &AckOptions, version: &[u8], d: &Delimiters) -> IsaHeader {
    let isa = ic.header();
    let f = |n: usize| clean(isa.element_raw(n).unwrap_or_default(), d);
    let qualifier = |n: usize| {
        Some(f(n))
            .filter(|q| q.len() == 2)
            .unwrap_or(b"ZZ".to_vec())
    };
    let date = &opts.date[opts.date.len().saturating_sub(6)..];
    let mut h = IsaHeader::new("ZZ", "", "ZZ", "", "", "", opts.interchange_control_number);
    h.sender_qualifier = qualifier(7);
    h.sender_id = f(8);
    h.receiver_qualifier = qualifier(5);
    h.receiver_id = f(6);
    h.date = date.to_vec();
    h.time = opts.time.clone();
    h.version = version.to_vec();
    h.usage = match opts.usage {
        Some(u) => alloc::vec![u],
        // ISA15 is `P` or `T`; anything else in the input cannot be echoed.
        None => Some(f(15))
            .filter(|u| matches!(u[..], [b'P' | b'T']))
            .unwrap_or(b"P".to_vec()),
    };
    h
}

/// A value echoed from the input, cut before the first byte that is a delimiter of the
/// acknowledgment or a control character (X12 has no escapes, and an acknowledgment must
/// always be writable and parse strictly: a CR before a line feed terminator would not).
fn clean(v: &[u8], d: &Delimiters) -> Vec<u8> {
    let end = v
        .iter()
        .position(|&b| d.role_of(b).is_some() || b < 0x20 || b == 0x7f)
        .unwrap_or(v.len());
    v[..end].to_vec()
}

/// The delimiters of `ic`, with a repetition separator when `repetition` is wanted (999s
/// are 00501 interchanges, which need one) and none otherwise.
fn delimiters(ic: &Interchange<'_>, repetition: bool) -> Delimiters {
    let mut d = *ic.delimiters();
    if !repetition {
        d.repetition = None;
    } else if d.repetition.is_none() {
        d.repetition = [b'^', b'!', b'{', b'}', b'|', b'\\', b'`']
            .into_iter()
            .find(|&b| d.role_of(b).is_none());
    }
    d
}

/// The TA1 segment for `ic`: TA101–TA103 from its ISA, TA104 `A` (accepted) or `R`
/// (rejected), TA105 the note code of the first interchange-level diagnostic (`000` when
/// there is none). A duplicate interchange (see
/// [`ControlNumbers`](crate::validate::ControlNumbers)) is rejected with `025`.
///
/// ```
/// use x12::{Interchange, ParseOptions};
/// let input = include_bytes!("../tests/data/bad_iea.x12");
/// let ic = Interchange::parse_with(input, &ParseOptions::lenient())?;
/// let ta1 = x12::ack::ta1_segment(&ic, false);
/// assert_eq!(ta1.elements[3].repetitions[0].components[0], b"R");
/// assert_eq!(ta1.elements[4].repetitions[0].components[0], b"021"); // IEA01 is wrong
/// # Ok::<(), x12::Error>(())
/// ```
pub fn ta1_segment(ic: &Interchange<'_>, duplicate: bool) -> OwnedSegment {
    let isa = ic.header();
    let d = delimiters(ic, true);
    let f = |n: usize| clean(isa.element_raw(n).unwrap_or_default(), &d);
    let note = if duplicate {
        Some(InterchangeNoteCode::DuplicateControlNumber)
    } else {
        ic.diagnostics()
            .iter()
            .filter(|d| d.level() == Level::Interchange)
            .find_map(|d| d.ack_codes().ta105)
    };
    OwnedSegment::new("TA1")
        .with(f(13))
        .with(f(9))
        .with(f(10))
        .with(if note.is_some() { "R" } else { "A" })
        .with(note.unwrap_or(InterchangeNoteCode::NoError).code())
}

/// An interchange holding only the TA1 for `ic` (see [`ta1_segment`]).
///
/// ```
/// use x12::ack::{AckOptions, ta1};
/// let ic = x12::Interchange::parse(include_bytes!("../tests/data/837p.x12"))?;
/// let out = ta1(&ic, false, &AckOptions::new("20261125", "0300", 7002))?.write()?;
/// assert!(out.ends_with(b"~TA1*000000905*261124*0830*A*000~IEA*0*000007002~"));
/// # Ok::<(), x12::Error>(())
/// ```
pub fn ta1(
    ic: &Interchange<'_>,
    duplicate: bool,
    opts: &AckOptions,
) -> Result<OwnedInterchange, Error> {
    // The TA1 answers in the input's control version (00501 when that is unreadable).
    let version = Some(ic.version())
        .filter(|v| v.len() == 5 && v.iter().all(u8::is_ascii_digit))
        .unwrap_or(b"00501");
    let repetition = version >= &b"00402"[..];
    let d = delimiters(ic, repetition);
    let mut out = OwnedInterchange::new(header(ic, opts, version, &d));
    out.delimiters = d;
    if !repetition {
        out.header.standards_id = b"U".to_vec();
    }
    out.ta1.push(ta1_segment(ic, duplicate));
    Ok(out)
}

/// A 999 implementation acknowledgment of every functional group of `ic`: one 999
/// transaction set per group (AK1), an AK2 loop per transaction set with IK3/IK4 for each
/// finding and IK5 for its disposition, and AK9 for the group.
///
/// Transaction sets are accepted (`IK5*A`) when neither the envelope checks nor the guide
/// found anything, and rejected (`IK5*R`) otherwise, with IK502–IK506 giving the envelope
/// codes (`I5` when the guide found segment errors, `23` for a duplicate control number).
/// A set of a transaction type no guide describes is checked on its envelope only. AK9 is
/// `A` when all sets are accepted, `P` when some are, `R` when none are or the group
/// envelope is in error.
pub fn ack_999(
    ic: &Interchange<'_>,
    report: &ValidationReport,
    opts: &AckOptions,
) -> Result<OwnedInterchange, Error> {
    build(ic, report, opts, Kind::Ack999)
}

/// A 997 functional acknowledgment (the 4010 counterpart of [`ack_999`]): AK1, AK2/AK3/AK4/
/// AK5 and AK9 with the standard's code lists only (implementation-guide codes such as `I5`
/// are reported with their nearest standard code, and findings that only an implementation
/// guide defines, like "not used" segments, are left out).
///
/// ```
/// use x12::ack::{AckOptions, ack_997};
/// let input = include_bytes!("../tests/data/837_4010.x12");
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let report = x12::validate::validate(&ic);
/// let out = ack_997(&ic, &report, &AckOptions::new("20261125", "0300", 7003))?.write()?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("*00401*000007003*0*"));
/// assert!(text.contains("~ST*997*0001~AK1*HC*"));
/// # Ok::<(), x12::Error>(())
/// ```
pub fn ack_997(
    ic: &Interchange<'_>,
    report: &ValidationReport,
    opts: &AckOptions,
) -> Result<OwnedInterchange, Error> {
    build(ic, report, opts, Kind::Ack997)
}

fn decimal(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut n = n;
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    out
}

/// Segment-level error codes in the 997's code list 720 (1–8).
fn standard_segment_code(c: SegmentSyntaxErrorCode) -> Option<&'static str> {
    use SegmentSyntaxErrorCode as S;
    match c {
        S::UnrecognizedSegmentId
        | S::UnexpectedSegment
        | S::RequiredSegmentMissing
        | S::LoopOverMaximum
        | S::SegmentOverMaximum
        | S::NotInTransactionSet
        | S::OutOfSequence
        | S::HasElementErrors => Some(c.code()),
        _ => None,
    }
}

/// Element-level error codes in the 997's code list 723 (1–10, 12, 13).
fn standard_element_code(c: ElementSyntaxErrorCode) -> Option<&'static str> {
    let code = c.code();
    (!code.starts_with('I')).then_some(code)
}

/// IK3/IK4 (or AK3/AK4) segments for findings about one segment.
struct SegmentErrors {
    id: SegmentId,
    position: u32,
    loop_id: Option<&'static str>,
    code: &'static str,
    elements: Vec<OwnedSegment>,
}

fn element_segment(
    kind: Kind,
    element: u8,
    component: Option<u8>,
    data_element: Option<u16>,
    code: &str,
) -> OwnedSegment {
    let tag = if kind == Kind::Ack999 { "IK4" } else { "AK4" };
    let mut s = OwnedSegment::new(tag);
    let e = decimal(usize::from(element));
    s = match component {
        Some(c) => s.with_composite(&[e, decimal(usize::from(c))]),
        None => s.with(e),
    };
    let number = data_element
        .map(|n| decimal(usize::from(n)))
        .unwrap_or_default();
    s.with(number).with(code)
}

fn segment_errors(kind: Kind, list: &mut Vec<SegmentErrors>, f: &Finding) {
    let (code, element_code) = match kind {
        Kind::Ack999 => (
            Some(f.kind.segment_code().code()),
            f.kind.element_code().map(|c| c.code()),
        ),
        Kind::Ack997 => (
            standard_segment_code(f.kind.segment_code()),
            f.kind.element_code().and_then(standard_element_code),
        ),
    };
    let Some(code) = code else { return };
    let element = match (f.element, element_code) {
        (Some(e), Some(c)) => Some(element_segment(kind, e, f.component, f.data_element, c)),
        (Some(_), None) if f.kind.element_code().is_some() => return,
        _ => None,
    };
    let same = list
        .last_mut()
        .filter(|s| s.position == f.transaction_position && s.id == f.segment_id && s.code == code);
    match (same, element) {
        (Some(s), Some(e)) => s.elements.push(e),
        (Some(_), None) => {}
        (None, element) => list.push(SegmentErrors {
            id: f.segment_id,
            position: f.transaction_position,
            loop_id: f.loop_id,
            code,
            elements: element.into_iter().collect(),
        }),
    }
}

/// An envelope diagnostic about one segment of a set (ST03 against GS08, ST02 syntax…), as
/// a finding.
fn diagnostic_finding(d: &Diagnostic) -> Option<Finding> {
    let codes = d.ack_codes();
    codes.ik304?;
    Some(Finding {
        kind: crate::finding::FindingKind::InvalidCode,
        offset: d.offset,
        segment_position: d.segment_position,
        transaction_position: d.transaction_position.unwrap_or(1),
        segment_id: d.segment_id,
        loop_id: None,
        element: d.element,
        component: None,
        data_element: None,
    })
}

fn build(
    ic: &Interchange<'_>,
    report: &ValidationReport,
    opts: &AckOptions,
    kind: Kind,
) -> Result<OwnedInterchange, Error> {
    let (version, gs08, repetition): (&[u8], &str, bool) = match kind {
        Kind::Ack999 => (b"00501", "005010X231A1", true),
        Kind::Ack997 => (b"00401", "004010", false),
    };
    let d = delimiters(ic, repetition);
    let mut out = OwnedInterchange::new(header(ic, opts, version, &d));
    out.delimiters = d;
    if !repetition {
        out.header.standards_id = b"U".to_vec();
    }
    let (from, to) = match ic.group(0) {
        Some(g) => {
            let h = g.header();
            (
                clean(h.element_raw(3).unwrap_or_default(), &d),
                clean(h.element_raw(2).unwrap_or_default(), &d),
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut group = OwnedGroup::new("FA", "", "", "", "", gs08);
    group.sender = from;
    group.receiver = to;
    group.date = opts.date.clone();
    group.time = opts.time.clone();
    group.control_number = Some(decimal(opts.group_control_number as usize));
    for g in ic.groups() {
        group
            .transaction_sets
            .push(acknowledge_group(ic, &g, report, kind, &d, opts.loop_ids));
    }
    out.groups.push(group);
    Ok(out)
}

fn acknowledge_group(
    ic: &Interchange<'_>,
    g: &FunctionalGroup<'_, '_>,
    report: &ValidationReport,
    kind: Kind,
    d: &Delimiters,
    loop_ids: LoopIds,
) -> OwnedTransactionSet {
    let echo = |v: &[u8]| clean(v, d);
    let mut set = OwnedTransactionSet::new(if kind == Kind::Ack999 { "999" } else { "997" });
    if kind == Kind::Ack999 {
        set.implementation_reference = Some(b"005010X231A1".to_vec());
    }
    set.control_number = None;
    let mut ak1 = OwnedSegment::new("AK1")
        .with(echo(g.functional_id()))
        .with(echo(g.control_number()));
    if kind == Kind::Ack999 {
        ak1 = ak1.with(echo(g.version()));
    }
    set.segments.push(ak1);
    let gi = g.index();
    let mut received = 0usize;
    let mut accepted = 0usize;
    for ts in g.transaction_sets() {
        received += 1;
        let number = ts.number();
        let set_report = report.set(number);
        let mut ak2 = OwnedSegment::new("AK2")
            .with(echo(ts.id()))
            .with(echo(ts.control_number()));
        if let (Kind::Ack999, Some(r)) = (kind, ts.implementation_reference()) {
            ak2 = ak2.with(echo(r));
        }
        set.segments.push(ak2);
        // Set-level codes from the envelope, then the guide.
        let mut codes: Vec<&'static str> = Vec::new();
        let mut errors: Vec<SegmentErrors> = Vec::new();
        for d in ic.diagnostics().iter().filter(|d| {
            d.level() == Level::TransactionSet && d.transaction_set == Some(number as u32)
        }) {
            let c = d.ack_codes();
            if let Some(t) = c.ik502 {
                push_code(&mut codes, set_code(kind, t));
            }
            if let Some(f) = diagnostic_finding(d) {
                let e = c.ik403.map(|x| x.code());
                let mut f = f;
                if let (Some(el), Some(code)) = (f.element, e) {
                    let ik4 = element_segment(kind, el, None, None, code);
                    match errors.last_mut().filter(|s| {
                        s.position == f.transaction_position
                            && s.id == f.segment_id
                            && s.code == "8"
                    }) {
                        Some(s) => s.elements.push(ik4),
                        None => errors.push(SegmentErrors {
                            id: f.segment_id,
                            position: f.transaction_position,
                            loop_id: None,
                            code: "8",
                            elements: alloc::vec![ik4],
                        }),
                    }
                } else {
                    f.element = None;
                    segment_errors(kind, &mut errors, &f);
                }
            }
        }
        if let Some(r) = set_report {
            let before = errors.len();
            for f in &r.findings {
                segment_errors(kind, &mut errors, f);
            }
            if errors.len() > before {
                push_code(
                    &mut codes,
                    set_code(
                        kind,
                        TransactionSetSyntaxErrorCode::ImplementationSegmentsInError,
                    ),
                );
            }
            if r.duplicate_control_number {
                push_code(
                    &mut codes,
                    set_code(kind, TransactionSetSyntaxErrorCode::DuplicateControlNumber),
                );
            }
        }
        let (seg3, seg4) = if kind == Kind::Ack999 {
            ("IK3", "IK4")
        } else {
            ("AK3", "AK4")
        };
        for e in errors {
            let mut s = OwnedSegment::new(seg3)
                .with(echo(e.id.as_bytes()))
                .with(decimal(e.position as usize));
            s = s.with(e.loop_id.map_or("", |l| loop_ids.identifier(l)));
            s = s.with(e.code);
            set.segments.push(s);
            for mut el in e.elements {
                el.id = seg4.as_bytes().to_vec();
                set.segments.push(el);
            }
        }
        let ok = codes.is_empty();
        if ok {
            accepted += 1;
        }
        let mut ik5 = OwnedSegment::new(if kind == Kind::Ack999 { "IK5" } else { "AK5" })
            .with(if ok { "A" } else { "R" });
        for c in codes.iter().take(5) {
            ik5 = ik5.with(*c);
        }
        set.segments.push(ik5);
    }
    // AK9: group disposition.
    let mut group_codes: Vec<&'static str> = Vec::new();
    for d in ic
        .diagnostics()
        .iter()
        .filter(|d| d.level() == Level::Group && d.group == Some(gi as u32))
    {
        if let Some(c) = d.ack_codes().ak905 {
            push_code(&mut group_codes, c.code());
        }
    }
    if report
        .groups
        .get(gi)
        .is_some_and(|r| r.duplicate_control_number)
    {
        push_code(
            &mut group_codes,
            GroupSyntaxErrorCode::DuplicateControlNumber.code(),
        );
    }
    let stated = g
        .trailer()
        .and_then(|t| t.element_raw(1))
        .filter(|v| !v.is_empty() && v.len() <= 6 && v.iter().all(u8::is_ascii_digit))
        .map_or_else(|| decimal(received), <[u8]>::to_vec);
    let status = if !group_codes.is_empty() || accepted == 0 && received > 0 {
        "R"
    } else if accepted < received {
        "P"
    } else {
        "A"
    };
    let mut ak9 = OwnedSegment::new("AK9")
        .with(status)
        .with(stated)
        .with(decimal(received))
        .with(decimal(accepted));
    for c in group_codes.iter().take(5) {
        ak9 = ak9.with(*c);
    }
    set.segments.push(ak9);
    set
}

fn set_code(kind: Kind, c: TransactionSetSyntaxErrorCode) -> &'static str {
    use TransactionSetSyntaxErrorCode as T;
    match (kind, c) {
        (Kind::Ack997, T::ImplementationSegmentsInError) => T::SegmentsInError.code(),
        (Kind::Ack997, T::ImplementationNotSupported) => T::NotSupported.code(),
        (_, c) => c.code(),
    }
}

fn push_code(codes: &mut Vec<&'static str>, c: &'static str) {
    if !codes.contains(&c) {
        codes.push(c);
    }
}
