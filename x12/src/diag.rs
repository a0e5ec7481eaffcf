//! Envelope diagnostics: what the ISA/IEA, GS/GE and ST/SE checks found, where, and which
//! acknowledgment codes report it.

use core::fmt;

use crate::codes::{
    ElementSyntaxErrorCode, GroupSyntaxErrorCode, InterchangeNoteCode, SegmentSyntaxErrorCode,
    TransactionSetSyntaxErrorCode,
};
use crate::error::SegmentId;

/// What is wrong with a value that has a syntax of its own (a control number, an identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueProblem {
    /// The value is absent or empty.
    Missing,
    /// The value is shorter than its minimum length.
    TooShort,
    /// The value is longer than its maximum length.
    TooLong,
    /// The value holds a character its data type does not allow.
    InvalidCharacter,
}

impl ValueProblem {
    /// The IK403 code for this problem.
    pub fn element_code(self) -> ElementSyntaxErrorCode {
        match self {
            ValueProblem::Missing => ElementSyntaxErrorCode::RequiredMissing,
            ValueProblem::TooShort => ElementSyntaxErrorCode::TooShort,
            ValueProblem::TooLong => ElementSyntaxErrorCode::TooLong,
            ValueProblem::InvalidCharacter => ElementSyntaxErrorCode::InvalidCharacter,
        }
    }

    /// Checks `v` against a length range and a character class.
    pub(crate) fn check(v: &[u8], min: usize, max: usize, ok: fn(u8) -> bool) -> Option<Self> {
        if v.is_empty() {
            Some(ValueProblem::Missing)
        } else if !v.iter().all(|&b| ok(b)) {
            Some(ValueProblem::InvalidCharacter)
        } else if v.len() < min {
            Some(ValueProblem::TooShort)
        } else if v.len() > max {
            Some(ValueProblem::TooLong)
        } else {
            None
        }
    }
}

/// What an envelope check found.
///
/// Counts are the numbers written in the trailer (`stated`, `None` when the element is not a
/// number) and the numbers actually present (`found`). No variant carries element contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// An ISA element does not have its fixed width (the ISA is 106 bytes, every element
    /// padded to its size).
    IsaElementWidth {
        /// ISA element number, 1–16.
        element: u8,
        /// The width the standard requires.
        expected: u8,
        /// The width found.
        found: u16,
    },
    /// An ISA element holds a value its definition does not allow: ISA11 not `U` before
    /// version 00402, ISA12 not five digits, ISA13 not nine digits, ISA14 not `0`/`1`, ISA15
    /// not `P`/`T`/`I`.
    InvalidIsaElement {
        /// ISA element number, 1–16.
        element: u8,
    },
    /// IEA02 differs from ISA13.
    InterchangeControlNumberMismatch,
    /// IEA01 differs from the number of functional groups.
    GroupCountMismatch {
        /// IEA01 as a number.
        stated: Option<u64>,
        /// Functional groups present.
        found: u64,
    },
    /// The interchange has no IEA trailer (the input ended, or another ISA began).
    MissingInterchangeTrailer,
    /// GS06 is not a valid group control number (1–9 digits).
    InvalidGroupControlNumber(ValueProblem),
    /// GE02 differs from GS06.
    GroupControlNumberMismatch,
    /// GE01 differs from the number of transaction sets in the group.
    TransactionSetCountMismatch {
        /// GE01 as a number.
        stated: Option<u64>,
        /// Transaction sets present.
        found: u64,
    },
    /// A functional group has no GE trailer.
    MissingGroupTrailer,
    /// ST01 is not a valid transaction set identifier (three letters or digits).
    InvalidTransactionSetId(ValueProblem),
    /// ST02 is not a valid transaction set control number (4–9 letters or digits).
    InvalidTransactionSetControlNumber(ValueProblem),
    /// SE02 differs from ST02.
    TransactionSetControlNumberMismatch,
    /// SE01 differs from the number of segments from ST to SE inclusive.
    SegmentCountMismatch {
        /// SE01 as a number.
        stated: Option<u64>,
        /// Segments present, ST and SE included.
        found: u64,
    },
    /// A transaction set has no SE trailer.
    MissingTransactionSetTrailer,
    /// ST03 (implementation convention reference) differs from GS08 (version).
    VersionMismatch,
    /// An ST segment appears outside any functional group.
    TransactionSetOutsideGroup,
    /// A segment other than an envelope segment appears outside any transaction set. Only
    /// the first of a run of such segments is reported.
    SegmentOutsideTransactionSet,
    /// An SE or GE trailer without its header.
    UnexpectedTrailer,
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DiagnosticKind as K;
        let count = |f: &mut fmt::Formatter<'_>, what: &str, stated: &Option<u64>, found: &u64| {
            match stated {
                Some(s) => write!(f, "{what}: trailer says {s}, found {found}"),
                None => write!(f, "{what}: trailer count is not a number, found {found}"),
            }
        };
        match self {
            K::IsaElementWidth {
                element,
                expected,
                found,
            } => write!(
                f,
                "ISA{element:02} is {found} characters wide instead of {expected}"
            ),
            K::InvalidIsaElement { element } => write!(f, "ISA{element:02} has an invalid value"),
            K::InterchangeControlNumberMismatch => {
                f.write_str("interchange control numbers in ISA13 and IEA02 differ")
            }
            K::GroupCountMismatch { stated, found } => {
                count(f, "functional group count (IEA01)", stated, found)
            }
            K::MissingInterchangeTrailer => f.write_str("interchange trailer IEA missing"),
            K::InvalidGroupControlNumber(p) => write!(f, "group control number GS06: {p:?}"),
            K::GroupControlNumberMismatch => {
                f.write_str("group control numbers in GS06 and GE02 differ")
            }
            K::TransactionSetCountMismatch { stated, found } => {
                count(f, "transaction set count (GE01)", stated, found)
            }
            K::MissingGroupTrailer => f.write_str("functional group trailer GE missing"),
            K::InvalidTransactionSetId(p) => write!(f, "transaction set identifier ST01: {p:?}"),
            K::InvalidTransactionSetControlNumber(p) => {
                write!(f, "transaction set control number ST02: {p:?}")
            }
            K::TransactionSetControlNumberMismatch => {
                f.write_str("transaction set control numbers in ST02 and SE02 differ")
            }
            K::SegmentCountMismatch { stated, found } => {
                count(f, "segment count (SE01)", stated, found)
            }
            K::MissingTransactionSetTrailer => f.write_str("transaction set trailer SE missing"),
            K::VersionMismatch => f.write_str("ST03 differs from the group version in GS08"),
            K::TransactionSetOutsideGroup => {
                f.write_str("transaction set outside a functional group")
            }
            K::SegmentOutsideTransactionSet => f.write_str("segment outside a transaction set"),
            K::UnexpectedTrailer => f.write_str("trailer segment without its header"),
        }
    }
}

/// Which acknowledgment reports a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The interchange envelope: reported in a TA1.
    Interchange,
    /// A functional group: reported in the 999's AK9.
    Group,
    /// A transaction set: reported in the 999's AK2 loop (IK3/IK4/IK5).
    TransactionSet,
}

/// The acknowledgment codes that report a finding. Fields that do not apply are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AckCodes {
    /// TA105, for interchange-level findings.
    pub ta105: Option<InterchangeNoteCode>,
    /// AK905, for group-level findings.
    pub ak905: Option<GroupSyntaxErrorCode>,
    /// IK502, for transaction-set-level findings.
    pub ik502: Option<TransactionSetSyntaxErrorCode>,
    /// IK304, when the finding is about one segment of a transaction set.
    pub ik304: Option<SegmentSyntaxErrorCode>,
    /// IK403, when the finding is about one element of that segment.
    pub ik403: Option<ElementSyntaxErrorCode>,
}

/// The TA105 code for a problem with ISA element `element`.
fn isa_note(element: u8) -> InterchangeNoteCode {
    use InterchangeNoteCode as N;
    match element {
        1 => N::InvalidAuthorizationQualifier,
        2 => N::InvalidAuthorizationValue,
        3 => N::InvalidSecurityQualifier,
        4 => N::InvalidSecurityValue,
        5 => N::InvalidSenderQualifier,
        6 => N::InvalidSenderId,
        7 => N::InvalidReceiverQualifier,
        8 => N::InvalidReceiverId,
        9 => N::InvalidDate,
        10 => N::InvalidTime,
        11 => N::InvalidStandardsIdentifier,
        12 => N::InvalidVersion,
        13 => N::InvalidControlNumber,
        14 => N::InvalidAcknowledgmentRequested,
        15 => N::InvalidTestIndicator,
        16 => N::InvalidComponentSeparator,
        _ => N::InvalidControlStructure,
    }
}

impl DiagnosticKind {
    /// Which acknowledgment reports this finding.
    pub fn level(&self) -> Level {
        use DiagnosticKind as K;
        match self {
            K::InvalidGroupControlNumber(_)
            | K::GroupControlNumberMismatch
            | K::TransactionSetCountMismatch { .. }
            | K::MissingGroupTrailer => Level::Group,
            K::InvalidTransactionSetId(_)
            | K::InvalidTransactionSetControlNumber(_)
            | K::TransactionSetControlNumberMismatch
            | K::SegmentCountMismatch { .. }
            | K::MissingTransactionSetTrailer
            | K::VersionMismatch
            | K::TransactionSetOutsideGroup => Level::TransactionSet,
            _ => {
                debug_assert!(self.is_interchange_level());
                Level::Interchange
            }
        }
    }

    /// The TA1/999 codes that report this finding.
    ///
    /// ```
    /// use x12::DiagnosticKind;
    /// use x12::codes::TransactionSetSyntaxErrorCode;
    /// let k = DiagnosticKind::SegmentCountMismatch { stated: Some(20), found: 21 };
    /// assert_eq!(k.ack_codes().ik502, Some(TransactionSetSyntaxErrorCode::SegmentCountMismatch));
    /// assert_eq!(k.ack_codes().ik502.unwrap().code(), "4");
    /// ```
    pub fn ack_codes(&self) -> AckCodes {
        use DiagnosticKind as K;
        use ElementSyntaxErrorCode as E;
        use GroupSyntaxErrorCode as G;
        use InterchangeNoteCode as N;
        use SegmentSyntaxErrorCode as S;
        use TransactionSetSyntaxErrorCode as T;
        let ta1 = |n| AckCodes {
            ta105: Some(n),
            ..AckCodes::default()
        };
        let group = |g| AckCodes {
            ak905: Some(g),
            ..AckCodes::default()
        };
        let set = |t| AckCodes {
            ik502: Some(t),
            ..AckCodes::default()
        };
        let element = |t, e| AckCodes {
            ik502: Some(t),
            ik304: Some(S::HasElementErrors),
            ik403: Some(e),
            ..AckCodes::default()
        };
        match *self {
            K::IsaElementWidth { element, .. } => ta1(if element == 11 {
                N::InvalidControlStructure
            } else {
                isa_note(element)
            }),
            K::InvalidIsaElement { element } => ta1(isa_note(element)),
            K::InterchangeControlNumberMismatch => ta1(N::ControlNumberMismatch),
            K::GroupCountMismatch { .. } => ta1(N::InvalidGroupCount),
            K::MissingInterchangeTrailer => ta1(N::PrematureEndOfFile),
            K::SegmentOutsideTransactionSet => ta1(N::InvalidContent),
            K::UnexpectedTrailer => ta1(N::InvalidControlStructure),
            K::InvalidGroupControlNumber(_) => group(G::InvalidControlNumber),
            K::GroupControlNumberMismatch => group(G::ControlNumberMismatch),
            K::TransactionSetCountMismatch { .. } => group(G::TransactionSetCountMismatch),
            K::MissingGroupTrailer => group(G::TrailerMissing),
            K::InvalidTransactionSetId(p) => element(T::InvalidIdentifier, p.element_code()),
            K::InvalidTransactionSetControlNumber(p) => {
                element(T::InvalidControlNumber, p.element_code())
            }
            K::TransactionSetControlNumberMismatch => set(T::ControlNumberMismatch),
            K::SegmentCountMismatch { .. } => set(T::SegmentCountMismatch),
            K::MissingTransactionSetTrailer => set(T::TrailerMissing),
            K::VersionMismatch => element(T::InvalidImplementationReference, E::InvalidCodeValue),
            K::TransactionSetOutsideGroup => AckCodes {
                ta105: Some(N::InvalidContent),
                ik502: Some(T::NotInFunctionalGroup),
                ..AckCodes::default()
            },
        }
    }
}

/// One envelope finding, with its location in X12 coordinates.
///
/// For a missing trailer, `segment_position` and `offset` point at the segment that revealed
/// the absence (the next header, or the end of the input), and `segment_id` names the missing
/// trailer (`SE`, `GE` or `IEA`).
///
/// ```
/// let input = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:~\
/// GS*HC*SUBMITTER*RECEIVER*20261124*0830*1*X*005010X222A1~\
/// ST*837*0001*005010X222A1~BHT*0019*00*1*20261124*0830*CH~SE*4*0001~\
/// GE*1*1~IEA*1*000000001~";
/// let ic = x12::Interchange::parse_with(input, &x12::ParseOptions::lenient())?;
/// let d = &ic.diagnostics()[0];
/// assert_eq!(d.kind, x12::DiagnosticKind::SegmentCountMismatch { stated: Some(4), found: 3 });
/// assert_eq!((d.segment_position, d.transaction_position), (5, Some(3)));
/// assert_eq!((d.segment_id.as_str(), d.element), ("SE", Some(1)));
/// assert_eq!(d.ack_codes().ik502.unwrap().code(), "4");
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// What was found.
    pub kind: DiagnosticKind,
    /// Byte offset in the input (in the whole stream, for [`Stream`](crate::Stream)).
    pub offset: usize,
    /// 1-based position of the segment within the interchange (`ISA` is 1).
    pub segment_position: u32,
    /// 1-based position within the transaction set (`ST` is 1; IK302 in a 999), when the
    /// segment belongs to one.
    pub transaction_position: Option<u32>,
    /// The segment id.
    pub segment_id: SegmentId,
    /// 1-based element position within the segment (IK401), when one element is at fault.
    pub element: Option<u8>,
    /// 0-based index of the functional group concerned, when there is one.
    pub group: Option<u32>,
    /// 0-based index (within the interchange) of the transaction set concerned, when there is
    /// one.
    pub transaction_set: Option<u32>,
}

impl Diagnostic {
    /// The TA1/999 codes that report this finding (see [`DiagnosticKind::ack_codes`]).
    pub fn ack_codes(&self) -> AckCodes {
        self.kind.ack_codes()
    }

    /// Which acknowledgment reports this finding.
    pub fn level(&self) -> Level {
        self.kind.level()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (byte {}, segment {} {}",
            self.kind, self.offset, self.segment_position, self.segment_id
        )?;
        if let Some(e) = self.element {
            write!(f, ", element {e}")?;
        }
        f.write_str(")")
    }
}
