//! HL7 v2 → FHIR R4, following the HL7 v2-to-FHIR Implementation Guide.
//!
//! [`to_fhir`] walks the segments of a message in order and applies the IG's segment maps
//! (MSH → `MessageHeader`/`Bundle`/`Provenance`, EVN → `Provenance`, PID → `Patient`, PV1 →
//! `Encounter`, OBR → `ServiceRequest` + `DiagnosticReport`, OBX → `Observation`, …), each field
//! through the IG's datatype maps (CX → `Identifier`, XPN → `HumanName`, …) and vocabulary maps
//! (generated from the IG's CSV tables into [`tables`](self)). The message structure comes
//! from MSH-9.3, or from MSH-9.1 and MSH-9.2 through HL7 table 0354 when MSH-9.3 is empty.
//!
//! Everything that could not be mapped is reported as an [`Issue`] with its location:
//! segments without a map (Z-segments included, unless a [`SegmentHook`] takes them), fields
//! the IG (or this crate) leaves unmapped, repetitions beyond a `0..1` target, codes missing
//! from a vocabulary map, invalid timestamps and timestamps without a UTC offset.
//!
//! ## Dates and times
//! A v2 `DTM`/`TS` keeps its precision: `YYYY`, `YYYYMM`, `YYYYMMDD` become FHIR dates of the
//! same precision. A value with a time keeps its time and offset; FHIR requires seconds, so
//! `YYYYMMDDHH[MM]` gets `:00` for the missing minutes and seconds, and fractions keep their
//! digits. A time without an offset takes [`Options::default_offset`]; without one it is cut
//! to its date (a FHIR `dateTime` with a time must have an offset) and an
//! [`IssueKind::MissingTimeZone`] says so. `instant` targets (which need seconds and an
//! offset) are left out with an issue when the value cannot be one.
//!
//! ## Identifiers
//! CX-4 / EI-2..4 / HD assigning authorities become `Identifier.system` only when the
//! [`IdentifierSystems`] registry knows them (built-ins: US SSN, NPI, …; callers add theirs)
//! or when they carry an ISO OID or a UUID (`urn:oid:…`, `urn:uuid:…`, as the IG's `HD[uri]`
//! map says). Otherwise the authority becomes `Identifier.assigner`, a reference to an
//! `Organization` — never an invented URL.

mod convert;
mod ctx;
mod dedup;
mod dt;
mod dt_extra;
mod dt_tq;
mod seg;
mod seg_care;
mod seg_doc;
mod seg_episode;
mod seg_index;
mod seg_more;
mod seg_pharmacy;
mod seg_prov;
mod seg_report;
mod seg_sched;
mod seg_specimen;
mod seg_transform;
mod seg_visit;
#[allow(clippy::all, missing_docs, unreachable_pub, dead_code)]
#[rustfmt::skip]
mod tables;
mod time;
mod vocab;

use core::fmt;
use std::sync::Arc;

pub use ctx::HookContext;
pub use vocab::{MapKind, MapStatus, coverage};

use crate::error::Error;

/// The kind of `Bundle` produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BundleType {
    /// A `transaction` bundle (the default): every entry has a `POST` request.
    #[default]
    Transaction,
    /// A FHIR `message`: the `MessageHeader` is the first entry.
    Message,
    /// A `collection` of resources.
    Collection,
}

impl BundleType {
    /// Parses `transaction`, `message` or `collection`.
    pub fn parse(s: &str) -> Option<BundleType> {
        match s {
            "transaction" => Some(BundleType::Transaction),
            "message" => Some(BundleType::Message),
            "collection" => Some(BundleType::Collection),
            _ => None,
        }
    }
}

/// A UTC offset in minutes east of UTC, e.g. `+05:00` is 300.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcOffset {
    minutes: i16,
}

impl UtcOffset {
    /// UTC.
    pub const UTC: UtcOffset = UtcOffset { minutes: 0 };

    /// An offset of `minutes` east of UTC (within ±23:59).
    pub fn from_minutes(minutes: i16) -> Option<UtcOffset> {
        (minutes.unsigned_abs() < 24 * 60).then_some(UtcOffset { minutes })
    }

    /// Parses `+HH:MM`, `-HH:MM`, `+HHMM`, `-HHMM` or `Z`.
    ///
    /// ```
    /// use mapping::v2::UtcOffset;
    /// assert_eq!(UtcOffset::parse("+05:30").unwrap().minutes(), 330);
    /// assert_eq!(UtcOffset::parse("-0800").unwrap().minutes(), -480);
    /// assert!(UtcOffset::parse("+5").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<UtcOffset> {
        if s == "Z" {
            return Some(UtcOffset::UTC);
        }
        let b = s.as_bytes();
        let sign = match b.first()? {
            b'+' => 1i16,
            b'-' => -1,
            _ => return None,
        };
        let digits: Vec<u8> = match b.len() {
            6 if b[3] == b':' => vec![b[1], b[2], b[4], b[5]],
            5 => b[1..].to_vec(),
            _ => return None,
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |i: usize| i16::from(digits[i] - b'0');
        let (h, m) = (n(0) * 10 + n(1), n(2) * 10 + n(3));
        if h > 23 || m > 59 {
            return None;
        }
        UtcOffset::from_minutes(sign * (h * 60 + m))
    }

    /// Minutes east of UTC.
    pub fn minutes(self) -> i16 {
        self.minutes
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let m = self.minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// Assigning authority → `Identifier.system` registry.
///
/// Keys are matched against HD-1 (namespace id) and HD-2 (universal id, e.g. an OID) of an
/// assigning authority, exactly. The built-ins cover identifiers from the FHIR identifier
/// registry that v2 feeds commonly name; callers add their own with [`IdentifierSystems::insert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifierSystems {
    entries: Vec<(String, String)>,
}

/// The built-in assigning authorities (key → system).
const BUILTIN_SYSTEMS: &[(&str, &str)] = &[
    ("2.16.840.1.113883.4.1", "http://hl7.org/fhir/sid/us-ssn"),
    ("SSA", "http://hl7.org/fhir/sid/us-ssn"),
    ("SSN", "http://hl7.org/fhir/sid/us-ssn"),
    ("2.16.840.1.113883.4.6", "http://hl7.org/fhir/sid/us-npi"),
    ("NPI", "http://hl7.org/fhir/sid/us-npi"),
    ("CMS", "http://hl7.org/fhir/sid/us-npi"),
    ("2.16.840.1.113883.4.927", "http://hl7.org/fhir/sid/us-mbi"),
    ("MBI", "http://hl7.org/fhir/sid/us-mbi"),
    (
        "2.16.840.1.113883.2.4.6.3",
        "http://fhir.nl/fhir/NamingSystem/bsn",
    ),
    (
        "2.16.840.1.113883.2.1.4.1",
        "https://fhir.nhs.uk/Id/nhs-number",
    ),
    ("NHS", "https://fhir.nhs.uk/Id/nhs-number"),
];

impl Default for IdentifierSystems {
    fn default() -> Self {
        IdentifierSystems {
            entries: BUILTIN_SYSTEMS
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }
}

impl IdentifierSystems {
    /// A registry without the built-ins.
    pub fn empty() -> Self {
        IdentifierSystems {
            entries: Vec::new(),
        }
    }

    /// Maps an assigning authority (HD-1 namespace id or HD-2 universal id) to a system URI;
    /// a later insert of the same key wins.
    pub fn insert(&mut self, authority: impl Into<String>, system: impl Into<String>) {
        let key = authority.into();
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, system.into()));
    }

    /// The system for an authority key, if registered.
    pub fn get(&self, authority: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == authority)
            .map(|(_, v)| v.as_str())
    }
}

/// A caller's map for segments this crate does not map (Z-segments above all).
///
/// Hooks are looked up by segment id in [`Options::hooks`]; a hook that returns `true` has
/// handled the segment and no [`IssueKind::UnmappedSegment`] is reported.
///
/// ```
/// use std::sync::Arc;
/// use mapping::v2::{to_fhir, HookContext, Options, SegmentHook};
///
/// struct Zpi;
/// impl SegmentHook for Zpi {
///     fn map(&self, seg: &hl7v2::Segment<'_, '_>, cx: &mut HookContext<'_>) -> bool {
///         let Some(nick) = seg.field(1).and_then(|f| f.text().ok()) else { return false };
///         let Some(p) = cx.patient_mut() else { return false };
///         p.name.push(fhir::HumanName {
///             use_: Some(fhir::codes::NameUse::Nickname.into()),
///             given: vec![nick.into_owned().into()],
///             ..Default::default()
///         });
///         true
///     }
/// }
/// let mut opts = Options::default();
/// opts.hooks.push(("ZPI".into(), Arc::new(Zpi)));
/// let msg = hl7v2::Message::parse(b"MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5\rPID|1||1^^^X\rZPI|Bob\r")?;
/// let c = to_fhir(&msg, &opts)?;
/// assert!(c.issues.iter().all(|i| i.location.segment != "ZPI"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SegmentHook: Send + Sync {
    /// Maps `segment`; returns whether it was handled.
    fn map(&self, segment: &hl7v2::Segment<'_, '_>, cx: &mut HookContext<'_>) -> bool;
}

/// Conversion options. `Default` gives a transaction bundle, no default offset, the
/// built-in identifier systems, no extensions for unmapped content and no hooks.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The kind of bundle.
    pub bundle_type: BundleType,
    /// The offset for timestamps that carry none (there is no default to the host's zone:
    /// the conversion is a pure function).
    pub default_offset: Option<UtcOffset>,
    /// Assigning authority → `Identifier.system`.
    pub identifier_systems: IdentifierSystems,
    /// Extra v2 coding system names (CWE-3) → FHIR `Coding.system`, checked before the
    /// built-in table (LN, SCT, CVX, HL7nnnn, …).
    pub coding_systems: Vec<(String, String)>,
    /// When set, fields left unmapped are kept as extensions on the segment's main resource,
    /// with the URL `{base}/{SEG}-{n}` (e.g. `https://example.org/fhir/v2/ZPI-1`) and the raw
    /// field as `valueString`. The base is the caller's: this crate invents no URL. Unmapped
    /// content is reported as issues either way.
    pub unmapped_extension_base: Option<String>,
    /// Segment hooks by segment id (for Z-segments and any segment without a map).
    pub hooks: Vec<(String, Arc<dyn SegmentHook>)>,
    /// When set, the bundle also holds the Provenance of the conversion itself (IG
    /// `MSH[Provenance-Transformation]`): a Device naming this converter as the assembler and
    /// the original message, base64-encoded, as the source entity. Off by default (it
    /// roughly doubles the size of a small bundle).
    pub transformation_provenance: bool,
    /// Whether the message is in the context of an episode of care: DG1 diagnoses then also
    /// go to the patient's EpisodeOfCare (IG `DG1[EpisodeOfCare]`, whose condition is the
    /// receiver's context, not something the message says).
    pub episodes_of_care: bool,
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("bundle_type", &self.bundle_type)
            .field("default_offset", &self.default_offset)
            .field("identifier_systems", &self.identifier_systems.entries.len())
            .field("coding_systems", &self.coding_systems.len())
            .field("unmapped_extension_base", &self.unmapped_extension_base)
            .field("transformation_provenance", &self.transformation_provenance)
            .field("episodes_of_care", &self.episodes_of_care)
            .field(
                "hooks",
                &self
                    .hooks
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Options {
    /// The default options with another bundle type.
    pub fn with_bundle_type(mut self, bundle_type: BundleType) -> Self {
        self.bundle_type = bundle_type;
        self
    }

    /// The default options with a default UTC offset.
    pub fn with_default_offset(mut self, offset: UtcOffset) -> Self {
        self.default_offset = Some(offset);
        self
    }
}

/// Where in the message an issue is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// 0-based position of the segment in the message.
    pub position: usize,
    /// The segment id (`PID`, `ZPI`).
    pub segment: SegmentId,
    /// The field number (HL7 numbering), if the issue is about a field.
    pub field: Option<u16>,
    /// The 1-based repetition, if the issue is about one.
    pub repetition: Option<u16>,
    /// The 1-based component, if the issue is about one.
    pub component: Option<u16>,
}

/// A three-character segment id (`PID`, `ZPI`) as it appears in an [`Issue`]'s [`Location`].
///
/// Stored inline (no allocation per issue). Bytes of the message's id that are not ASCII
/// letters or digits read as `?`, as does a missing character of a shorter id.
///
/// ```
/// use mapping::v2::SegmentId;
/// let id = SegmentId::new(b"PID");
/// assert_eq!(id, "PID");
/// assert_eq!(id.as_str(), "PID");
/// assert_eq!(SegmentId::new(b"Z\xc3"), "Z??");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId([u8; 3]);

impl SegmentId {
    /// The id of `bytes` (the first three; others and non-alphanumeric bytes become `?`).
    pub fn new(bytes: &[u8]) -> Self {
        let mut id = [b'?'; 3];
        for (d, s) in id.iter_mut().zip(bytes) {
            *d = if s.is_ascii_alphanumeric() { *s } else { b'?' };
        }
        SegmentId(id)
    }

    /// The id's three bytes.
    pub fn bytes(&self) -> &[u8; 3] {
        &self.0
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Always ASCII (see `new`).
        core::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl core::ops::Deref for SegmentId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for SegmentId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SegmentId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.segment)?;
        if let Some(n) = self.field {
            write!(f, "-{n}")?;
            if let Some(r) = self.repetition.filter(|&r| r > 1) {
                write!(f, "[{r}]")?;
            }
            if let Some(c) = self.component {
                write!(f, ".{c}")?;
            }
        }
        write!(f, " (segment {})", self.position + 1)
    }
}

/// What kind of problem an [`Issue`] reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IssueKind {
    /// A segment without a map in the IG or in this crate (Z-segments without a hook,
    /// segments the IG does not map such as `OH1`, `GT1`), or an MSH after the first (one
    /// message has one header).
    UnmappedSegment,
    /// A valued field that the IG leaves unmapped, or that this crate does not map yet.
    UnmappedField,
    /// A repetition beyond the first of a field whose target allows one value.
    ExtraRepetition,
    /// A code absent from the IG's vocabulary map for the field (`map` names the map).
    UnknownCode {
        /// The IG concept map's name, e.g. `AdministrativeSex`.
        map: &'static str,
    },
    /// A CWE/CE coding system name (component 3) with no known FHIR system URI: the coding
    /// is kept without a system.
    UnknownCodingSystem,
    /// A DTM/TS value that is not a valid HL7 timestamp: no value was produced.
    InvalidTimestamp,
    /// A timestamp with a time but no UTC offset, and no [`Options::default_offset`]: it was
    /// cut to its date.
    MissingTimeZone,
    /// A timestamp that a FHIR `instant` target cannot hold (not to the second, or no
    /// offset): left out.
    NotAnInstant,
    /// A value not valid for its FHIR type (e.g. a non-numeric NM): left out.
    InvalidValue,
    /// Text that could not be decoded (bad escape sequence or character set): left out.
    Undecodable,
    /// MSH-10 (message control id) is empty: resource ids are derived from the message bytes.
    MissingControlId,
    /// A segment whose resources need a patient (NK1, AL1, DG1, PR1, IN1, ORC, OBR, RXA)
    /// came before any PID: it was not converted.
    MissingContext,
    /// The message structure has no message map in the IG: the segments were converted with
    /// their segment maps all the same.
    UnsupportedStructure,
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::UnmappedSegment => f.write_str("segment not mapped"),
            IssueKind::UnmappedField => f.write_str("field not mapped"),
            IssueKind::ExtraRepetition => {
                f.write_str("repetition not mapped (the target allows one)")
            }
            IssueKind::UnknownCode { map } => write!(f, "code not in concept map {map}"),
            IssueKind::UnknownCodingSystem => f.write_str("coding system without a known URI"),
            IssueKind::InvalidTimestamp => f.write_str("invalid timestamp"),
            IssueKind::MissingTimeZone => {
                f.write_str("timestamp without UTC offset cut to its date")
            }
            IssueKind::NotAnInstant => f.write_str("timestamp cannot be an instant"),
            IssueKind::InvalidValue => f.write_str("invalid value"),
            IssueKind::Undecodable => f.write_str("text could not be decoded"),
            IssueKind::MissingControlId => f.write_str("message control id missing"),
            IssueKind::MissingContext => f.write_str("segment needs a patient (PID) before it"),
            IssueKind::UnsupportedStructure => {
                f.write_str("message structure without an IG message map")
            }
        }
    }
}

/// Something in the message that was not (fully) converted. Never contains data values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Issue {
    /// What happened.
    pub kind: IssueKind,
    /// Where.
    pub location: Location,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

/// The result of a conversion: the bundle and what could not be mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The FHIR bundle.
    pub bundle: fhir::Bundle,
    /// Problems, in message order.
    pub issues: Vec<Issue>,
    /// The message structure used (MSH-9.3, or derived from MSH-9.1/9.2), e.g. `ADT_A01`.
    pub structure: String,
}

/// Converts an HL7 v2 message into a FHIR R4 bundle.
///
/// Fails only when the message has no MSH header or no message code; everything else
/// becomes an [`Issue`].
pub fn to_fhir(message: &hl7v2::Message<'_>, options: &Options) -> Result<Conversion, Error> {
    convert::run(message, options)
}

/// The message structure of `message`: MSH-9.3, or HL7 table 0354's structure for
/// MSH-9.1 + MSH-9.2 when MSH-9.3 is empty (older versions), or `CODE_TRIGGER`.
///
/// ```
/// let m = hl7v2::Message::parse(b"MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.3\r")?;
/// assert_eq!(mapping::v2::message_structure(&m).as_deref(), Some("ADT_A01"));
/// # Ok::<(), hl7v2::Error>(())
/// ```
pub fn message_structure(message: &hl7v2::Message<'_>) -> Option<String> {
    let t = message.message_type()?;
    Some(vocab::structure_of(t.code, t.trigger, t.structure))
}
