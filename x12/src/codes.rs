//! X12 acknowledgment error codes, as reported in TA1 and 999 segments.
//!
//! Each code list is an enum whose [`code`](InterchangeNoteCode::code) method returns the
//! value exactly as written in the acknowledgment, and whose `from_code` reads one back:
//!
//! | enum | element | X12 code list |
//! |---|---|---|
//! | [`InterchangeNoteCode`] | TA105 | I18 |
//! | [`GroupSyntaxErrorCode`] | AK905–AK909 | 716 |
//! | [`TransactionSetSyntaxErrorCode`] | IK502–IK506 | 718 |
//! | [`SegmentSyntaxErrorCode`] | IK304 | 620 |
//! | [`ElementSyntaxErrorCode`] | IK403 | 621 |
//!
//! Security-related codes (encryption, authentication, S3S/S4S) are not listed: HIPAA
//! transactions do not use X12 security structures.
//!
//! ```
//! use x12::codes::{ElementSyntaxErrorCode, InterchangeNoteCode};
//! assert_eq!(InterchangeNoteCode::ControlNumberMismatch.code(), "001");
//! assert_eq!(InterchangeNoteCode::from_code("023"), Some(InterchangeNoteCode::PrematureEndOfFile));
//! assert_eq!(ElementSyntaxErrorCode::from_code("I12"), Some(ElementSyntaxErrorCode::PatternMatchFailure));
//! ```

use core::fmt;

macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every code of the list, in code-list order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The code as written in the acknowledgment.
            pub const fn code(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )*
                }
            }

            /// The code list entry for `code`, if there is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_list! {
    /// TA105, Interchange Note Code (X12 code list I18).
    InterchangeNoteCode {
        /// 000: No error.
        NoError = "000",
        /// 001: The interchange control number in the header and trailer do not match; the
        /// value from the header is used in the acknowledgment.
        ControlNumberMismatch = "001",
        /// 002: This standard as noted in the control standards identifier is not supported.
        StandardNotSupported = "002",
        /// 003: This version of the controls is not supported.
        VersionNotSupported = "003",
        /// 004: The segment terminator is invalid.
        InvalidSegmentTerminator = "004",
        /// 005: Invalid interchange ID qualifier for sender.
        InvalidSenderQualifier = "005",
        /// 006: Invalid interchange sender ID.
        InvalidSenderId = "006",
        /// 007: Invalid interchange ID qualifier for receiver.
        InvalidReceiverQualifier = "007",
        /// 008: Invalid interchange receiver ID.
        InvalidReceiverId = "008",
        /// 009: Unknown interchange receiver ID.
        UnknownReceiverId = "009",
        /// 010: Invalid authorization information qualifier value.
        InvalidAuthorizationQualifier = "010",
        /// 011: Invalid authorization information value.
        InvalidAuthorizationValue = "011",
        /// 012: Invalid security information qualifier value.
        InvalidSecurityQualifier = "012",
        /// 013: Invalid security information value.
        InvalidSecurityValue = "013",
        /// 014: Invalid interchange date value.
        InvalidDate = "014",
        /// 015: Invalid interchange time value.
        InvalidTime = "015",
        /// 016: Invalid interchange standards identifier value.
        InvalidStandardsIdentifier = "016",
        /// 017: Invalid interchange version ID value.
        InvalidVersion = "017",
        /// 018: Invalid interchange control number value.
        InvalidControlNumber = "018",
        /// 019: Invalid acknowledgment requested value.
        InvalidAcknowledgmentRequested = "019",
        /// 020: Invalid test indicator value.
        InvalidTestIndicator = "020",
        /// 021: Invalid number of included groups value.
        InvalidGroupCount = "021",
        /// 022: Invalid control structure.
        InvalidControlStructure = "022",
        /// 023: Improper (premature) end-of-file (transmission).
        PrematureEndOfFile = "023",
        /// 024: Invalid interchange content (e.g. an invalid GS segment).
        InvalidContent = "024",
        /// 025: Duplicate interchange control number.
        DuplicateControlNumber = "025",
        /// 026: Invalid data element separator.
        InvalidElementSeparator = "026",
        /// 027: Invalid component element separator.
        InvalidComponentSeparator = "027",
        /// 028: Invalid delivery date in deferred delivery request.
        InvalidDeliveryDate = "028",
        /// 029: Invalid delivery time in deferred delivery request.
        InvalidDeliveryTime = "029",
        /// 030: Invalid delivery time code in deferred delivery request.
        InvalidDeliveryTimeCode = "030",
        /// 031: Invalid grade of service code.
        InvalidGradeOfService = "031",
    }
}

code_list! {
    /// AK905–AK909, Functional Group Syntax Error Code (X12 code list 716).
    GroupSyntaxErrorCode {
        /// 1: Functional group not supported.
        NotSupported = "1",
        /// 2: Functional group version not supported.
        VersionNotSupported = "2",
        /// 3: Functional group trailer missing.
        TrailerMissing = "3",
        /// 4: Group control number in the functional group header and trailer do not agree.
        ControlNumberMismatch = "4",
        /// 5: Number of included transaction sets does not match actual count.
        TransactionSetCountMismatch = "5",
        /// 6: Group control number violates syntax.
        InvalidControlNumber = "6",
        /// 19: Functional group control number not unique within interchange.
        DuplicateControlNumber = "19",
    }
}

code_list! {
    /// IK502–IK506, Implementation Transaction Set Syntax Error Code (X12 code list 718).
    TransactionSetSyntaxErrorCode {
        /// 1: Transaction set not supported.
        NotSupported = "1",
        /// 2: Transaction set trailer missing.
        TrailerMissing = "2",
        /// 3: Transaction set control number in header and trailer do not match.
        ControlNumberMismatch = "3",
        /// 4: Number of included segments does not match actual count.
        SegmentCountMismatch = "4",
        /// 5: One or more segments in error.
        SegmentsInError = "5",
        /// 6: Missing or invalid transaction set identifier.
        InvalidIdentifier = "6",
        /// 7: Missing or invalid transaction set control number.
        InvalidControlNumber = "7",
        /// 18: Transaction set not in functional group.
        NotInFunctionalGroup = "18",
        /// 19: Invalid transaction set implementation convention reference.
        InvalidImplementationReference = "19",
        /// 23: Transaction set control number not unique within the functional group.
        DuplicateControlNumber = "23",
        /// I5: Implementation one or more segments in error.
        ImplementationSegmentsInError = "I5",
        /// I6: Implementation convention not supported.
        ImplementationNotSupported = "I6",
    }
}

code_list! {
    /// IK304, Implementation Segment Syntax Error Code (X12 code list 620).
    SegmentSyntaxErrorCode {
        /// 1: Unrecognized segment ID.
        UnrecognizedSegmentId = "1",
        /// 2: Unexpected segment.
        UnexpectedSegment = "2",
        /// 3: Required segment missing.
        RequiredSegmentMissing = "3",
        /// 4: Loop occurs over maximum times.
        LoopOverMaximum = "4",
        /// 5: Segment exceeds maximum use.
        SegmentOverMaximum = "5",
        /// 6: Segment not in defined transaction set.
        NotInTransactionSet = "6",
        /// 7: Segment not in proper sequence.
        OutOfSequence = "7",
        /// 8: Segment has data element errors.
        HasElementErrors = "8",
        /// I4: Implementation "not used" segment present.
        NotUsedPresent = "I4",
        /// I6: Implementation dependent segment missing.
        DependentMissing = "I6",
        /// I7: Implementation loop occurs under minimum times.
        LoopUnderMinimum = "I7",
        /// I8: Implementation segment below minimum use.
        SegmentUnderMinimum = "I8",
        /// I9: Implementation dependent "not used" segment present.
        DependentNotUsedPresent = "I9",
    }
}

code_list! {
    /// IK403, Implementation Data Element Syntax Error Code (X12 code list 621).
    ElementSyntaxErrorCode {
        /// 1: Required data element missing.
        RequiredMissing = "1",
        /// 2: Conditional required data element missing.
        ConditionalRequiredMissing = "2",
        /// 3: Too many data elements.
        TooManyElements = "3",
        /// 4: Data element too short.
        TooShort = "4",
        /// 5: Data element too long.
        TooLong = "5",
        /// 6: Invalid character in data element.
        InvalidCharacter = "6",
        /// 7: Invalid code value.
        InvalidCodeValue = "7",
        /// 8: Invalid date.
        InvalidDate = "8",
        /// 9: Invalid time.
        InvalidTime = "9",
        /// 10: Exclusion condition violated.
        ExclusionViolated = "10",
        /// 12: Too many repetitions.
        TooManyRepetitions = "12",
        /// 13: Too many components.
        TooManyComponents = "13",
        /// I6: Code value not used in implementation.
        CodeNotUsed = "I6",
        /// I9: Implementation dependent data element missing.
        DependentMissing = "I9",
        /// I10: Implementation "not used" data element present.
        NotUsedPresent = "I10",
        /// I11: Implementation too few repetitions.
        TooFewRepetitions = "I11",
        /// I12: Implementation pattern match failure.
        PatternMatchFailure = "I12",
        /// I13: Implementation dependent "not used" data element present.
        DependentNotUsedPresent = "I13",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + core::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            for (i, &c) in all.iter().enumerate() {
                assert_eq!(from(code(c)), Some(c));
                assert!(all[..i].iter().all(|&o| code(o) != code(c)), "{c:?}");
            }
            assert_eq!(from("bogus"), None);
        }
        check(
            InterchangeNoteCode::ALL,
            InterchangeNoteCode::code,
            InterchangeNoteCode::from_code,
        );
        assert_eq!(InterchangeNoteCode::ALL.len(), 32);
        check(
            GroupSyntaxErrorCode::ALL,
            GroupSyntaxErrorCode::code,
            GroupSyntaxErrorCode::from_code,
        );
        check(
            TransactionSetSyntaxErrorCode::ALL,
            TransactionSetSyntaxErrorCode::code,
            TransactionSetSyntaxErrorCode::from_code,
        );
        check(
            SegmentSyntaxErrorCode::ALL,
            SegmentSyntaxErrorCode::code,
            SegmentSyntaxErrorCode::from_code,
        );
        check(
            ElementSyntaxErrorCode::ALL,
            ElementSyntaxErrorCode::code,
            ElementSyntaxErrorCode::from_code,
        );
    }
}
