//! Findings of implementation-guide validation (loop structure, HL hierarchy, elements),
//! each with its X12 coordinates and the 999 codes (IK304, IK403) that report it.

use core::fmt;

use crate::codes::{ElementSyntaxErrorCode, SegmentSyntaxErrorCode};
use crate::error::SegmentId;

/// What implementation-guide validation found. No variant carries element contents.
///
/// ```
/// use x12::FindingKind;
/// let k = FindingKind::RequiredElementMissing;
/// assert_eq!((k.segment_code().code(), k.element_code().unwrap().code()), ("8", "1"));
/// let k = FindingKind::LoopOverMaximum { max: 99 };
/// assert_eq!((k.segment_code().code(), k.element_code()), ("4", None));
/// assert_eq!(k.to_string(), "loop repeated more than 99 times");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingKind {
    /// The segment id occurs nowhere in the guide.
    UnrecognizedSegment,
    /// The segment is in the guide but cannot come here.
    UnexpectedSegment,
    /// The segment belongs to the current loop but comes after a later one.
    OutOfSequence,
    /// A required segment is missing (`segment_id` names it).
    RequiredSegmentMissing,
    /// A required loop is missing (`segment_id` names its first segment, `loop_id` the loop).
    RequiredLoopMissing,
    /// A segment occurs more often than its maximum use.
    SegmentOverMaximum {
        /// The maximum use.
        max: u32,
    },
    /// A loop occurs more often than its maximum repeat.
    LoopOverMaximum {
        /// The maximum repeat.
        max: u32,
    },
    /// A segment the guide marks "not used" is present.
    NotUsedSegment,
    /// HL01 repeats an earlier HL01 of the transaction set.
    DuplicateHierarchicalId,
    /// HL01 is not one more than the previous HL01 (they start at 1 and count up).
    HierarchicalIdOutOfSequence,
    /// HL02 names no earlier HL01.
    UnknownHierarchicalParent,
    /// HL02 names an HL that is not the one the loop structure nests this level under.
    HierarchicalParentMismatch,
    /// The HL hierarchy is deeper than [`MAX_HL_DEPTH`](crate::loops::MAX_HL_DEPTH).
    HierarchyTooDeep,
    /// A required element (or component) is missing or empty.
    RequiredElementMissing,
    /// An element (or component) the guide marks "not used" is present.
    NotUsedElement,
    /// More elements than the segment has.
    TooManyElements,
    /// More components than the composite has.
    TooManyComponents,
    /// A value is shorter than its minimum length.
    TooShort,
    /// A value is longer than its maximum length.
    TooLong,
    /// A value has a character its data type does not allow (N, R).
    InvalidCharacter,
    /// A code value the guide does not list for this element.
    InvalidCode,
    /// A DT value is not a calendar date.
    InvalidDate,
    /// A TM value is not a time of day.
    InvalidTime,
    /// A syntax note (paired, conditional, list) requires an element that is missing.
    ConditionalRequiredMissing,
    /// A syntax note (exclusion) forbids an element that is present.
    ExclusionViolated,
}

impl FindingKind {
    /// The IK304 code for the segment this finding is about.
    pub fn segment_code(&self) -> SegmentSyntaxErrorCode {
        use FindingKind as K;
        use SegmentSyntaxErrorCode as S;
        match self {
            K::UnrecognizedSegment => S::UnrecognizedSegmentId,
            K::UnexpectedSegment => S::UnexpectedSegment,
            K::OutOfSequence => S::OutOfSequence,
            K::RequiredSegmentMissing | K::RequiredLoopMissing => S::RequiredSegmentMissing,
            K::SegmentOverMaximum { .. } => S::SegmentOverMaximum,
            K::LoopOverMaximum { .. } => S::LoopOverMaximum,
            K::NotUsedSegment => S::NotUsedPresent,
            _ => S::HasElementErrors,
        }
    }

    /// The IK403 code, when the finding is about one element.
    pub fn element_code(&self) -> Option<ElementSyntaxErrorCode> {
        use ElementSyntaxErrorCode as E;
        use FindingKind as K;
        Some(match self {
            K::RequiredElementMissing => E::RequiredMissing,
            K::NotUsedElement => E::NotUsedPresent,
            K::TooManyElements => E::TooManyElements,
            K::TooManyComponents => E::TooManyComponents,
            K::TooShort => E::TooShort,
            K::TooLong => E::TooLong,
            K::InvalidCharacter => E::InvalidCharacter,
            K::InvalidCode
            | K::DuplicateHierarchicalId
            | K::HierarchicalIdOutOfSequence
            | K::UnknownHierarchicalParent
            | K::HierarchicalParentMismatch
            | K::HierarchyTooDeep => E::InvalidCodeValue,
            K::InvalidDate => E::InvalidDate,
            K::InvalidTime => E::InvalidTime,
            K::ConditionalRequiredMissing => E::ConditionalRequiredMissing,
            K::ExclusionViolated => E::ExclusionViolated,
            _ => return None,
        })
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FindingKind as K;
        match self {
            K::UnrecognizedSegment => f.write_str("segment not in the implementation guide"),
            K::UnexpectedSegment => f.write_str("unexpected segment"),
            K::OutOfSequence => f.write_str("segment out of sequence"),
            K::RequiredSegmentMissing => f.write_str("required segment missing"),
            K::RequiredLoopMissing => f.write_str("required loop missing"),
            K::SegmentOverMaximum { max } => write!(f, "segment used more than {max} times"),
            K::LoopOverMaximum { max } => write!(f, "loop repeated more than {max} times"),
            K::NotUsedSegment => f.write_str("\"not used\" segment present"),
            K::DuplicateHierarchicalId => f.write_str("duplicate hierarchical id (HL01)"),
            K::HierarchicalIdOutOfSequence => f.write_str("hierarchical id (HL01) out of sequence"),
            K::UnknownHierarchicalParent => f.write_str("HL02 names no earlier HL01"),
            K::HierarchicalParentMismatch => {
                f.write_str("HL02 parent differs from the enclosing hierarchical level")
            }
            K::HierarchyTooDeep => f.write_str("hierarchy too deep"),
            K::RequiredElementMissing => f.write_str("required element missing"),
            K::NotUsedElement => f.write_str("\"not used\" element present"),
            K::TooManyElements => f.write_str("too many elements"),
            K::TooManyComponents => f.write_str("too many components"),
            K::TooShort => f.write_str("element too short"),
            K::TooLong => f.write_str("element too long"),
            K::InvalidCharacter => f.write_str("invalid character in element"),
            K::InvalidCode => f.write_str("invalid code value"),
            K::InvalidDate => f.write_str("invalid date"),
            K::InvalidTime => f.write_str("invalid time"),
            K::ConditionalRequiredMissing => f.write_str("conditionally required element missing"),
            K::ExclusionViolated => f.write_str("exclusion condition violated"),
        }
    }
}

/// One implementation-guide finding with its location.
///
/// `segment_position` and `transaction_position` locate the segment at fault (for a missing
/// segment or loop, the segment before which it was expected); `segment_id` names the
/// segment at fault (the missing one, for a missing segment or loop); `loop_id` is the guide
/// loop it belongs to (IK303).
///
/// ```
/// let input = include_bytes!("../tests/data/837p.x12");
/// let ic = x12::Interchange::parse(input)?;
/// let ts = ic.transaction_set(0).unwrap();
/// let tree = ts.loops(x12::guide::find(b"837", b"005010X222A1").unwrap());
/// assert!(tree.findings().is_empty());
/// # Ok::<(), x12::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// Byte offset of the segment (or element) in the input.
    pub offset: usize,
    /// 1-based position within the interchange (`ISA` is 1).
    pub segment_position: u32,
    /// 1-based position within the transaction set (`ST` is 1): IK302.
    pub transaction_position: u32,
    /// The segment id (IK301).
    pub segment_id: SegmentId,
    /// The guide loop (IK303), when the segment is in one.
    pub loop_id: Option<&'static str>,
    /// 1-based element position (IK401-1), when one element is at fault.
    pub element: Option<u8>,
    /// 1-based component position (IK401-2), when one component is at fault.
    pub component: Option<u8>,
    /// The data element reference number (IK402), when known.
    pub data_element: Option<u16>,
}

impl Finding {
    /// Whether the finding is about one element (reported with an IK4 in a 999).
    pub fn is_element_level(&self) -> bool {
        self.element.is_some() && self.kind.element_code().is_some()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (byte {}, segment {} {}",
            self.kind, self.offset, self.segment_position, self.segment_id
        )?;
        if let Some(l) = self.loop_id {
            write!(f, ", loop {l}")?;
        }
        if let Some(e) = self.element {
            write!(f, ", element {e}")?;
            if let Some(c) = self.component {
                write!(f, "-{c}")?;
            }
        }
        f.write_str(")")
    }
}
