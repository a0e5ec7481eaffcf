//! # x12 — a zero-copy, never-panicking ASC X12 parser and writer
//!
//! Parses X12 interchanges (HIPAA 5010 and 4010 alike) into a flat index over the input
//! bytes: every functional group, transaction set, segment, element, repetition and
//! component is a borrowed view, found without copying. Delimiters come from the ISA segment
//! (nothing assumes `*`, `^`, `:` or `~`), and the envelope is checked as it is read: control
//! numbers, counts, nesting, versions and ISA field widths, each finding a typed
//! [`Diagnostic`] carrying X12 coordinates and the TA1/999 codes that report it.
//!
//! ```
//! use x12::{Interchange, ParseOptions};
//!
//! let input = b"ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*PAYER          *261124*0830*^*00501*000000905*1*T*:~\
//! GS*HC*SUBMITTER*PAYER*20261124*0830*905*X*005010X222A1~\
//! ST*837*0001*005010X222A1~\
//! BHT*0019*00*0123*20261124*0830*CH~\
//! CLM*PATACCT01*125.5***11:B:1*Y*A*Y*Y~\
//! SV1*HC:99213:25*125.5*UN*1***1~\
//! SE*5*0001~GE*1*905~IEA*1*000000905~";
//! let ic = Interchange::parse(input)?;                 // strict: envelope must be right
//! assert_eq!(ic.sender(), (&b"ZZ"[..], &b"SUBMITTER"[..]));
//! let ts = ic.transaction_sets().next().unwrap();
//! let clm = ts.segments().find(|s| s.is("CLM")).unwrap();
//! assert_eq!(clm.element(2).unwrap().raw(), b"125.5");
//! assert_eq!(clm.element(5).unwrap().component(1), Some(&b"11"[..]));
//! assert_eq!(clm.transaction_position(), Some(3));
//! assert_eq!(ic.write(), input);                       // exact round trip
//!
//! // A wrong count is a diagnostic with its TA1/999 codes when parsing leniently.
//! let bad = std::str::from_utf8(input).unwrap().replace("SE*5*", "SE*4*");
//! let ic = Interchange::parse_with(bad.as_bytes(), &ParseOptions::lenient())?;
//! assert_eq!(ic.diagnostics()[0].ack_codes().ik502.unwrap().code(), "4");
//! # Ok::<(), x12::Error>(())
//! ```
//!
//! ## What is where
//!
//! - [`Interchange::parse`] / [`Interchange::parse_with`]: one interchange held in memory.
//!   [`Interchanges`] iterates over an input holding several. The index is a few flat
//!   vectors ([`Buffers`]); [`Interchange::parse_reusing`] with [`Interchange::recycle`]
//!   parses one file after another without allocating.
//! - Views: [`Interchange`] → [`FunctionalGroup`] (GS/GE) → [`TransactionSet`] (ST/SE) →
//!   [`Segment`] → [`Element`] → [`Repetition`] → components (`&[u8]`). Every value is a slice
//!   of the input; segment positions are numbered as TA1/999 acknowledgments number them
//!   ([`Segment::position`] within the interchange, [`Segment::transaction_position`] within
//!   the transaction set).
//! - [`Stream`]: files of any size fed in chunks; complete transaction sets come out as
//!   [`Event`]s as they close, with memory bounded by the largest transaction set (under
//!   twice its size plus a constant: the stream indexes segments and finds elements on
//!   access, `tests/stream_memory.rs`). Same rules, same findings as whole-input parsing.
//! - [`owned`]: build new interchanges (SE01, GE01, IEA01 and control numbers computed),
//!   re-emit parsed ones, change delimiters. [`Interchange::write`] reproduces the input byte
//!   for byte.
//! - [`codes`]: the TA105, AK905, IK502, IK304 and IK403 code lists.
//! - [`guide`]: the HIPAA 5010 implementation guides as generated tables (837P/837I/837D,
//!   835, 834, 820, 276/277, 277CA, 270/271, 278, 999), found from ST01 with GS08/ST03.
//! - [`loops`]: [`TransactionSet::loops`] groups a set's segments into the guide's loops
//!   (`2000A`, `2010BA`, `2300`, `2400`…) as a [`LoopTree`], with the HL hierarchy linked
//!   and checked and every segment that does not fit reported as a [`Finding`].
//! - [`validate`]: SNIP level 2 — [`TransactionSet::validate`] adds element usage, lengths,
//!   data types, code values and syntax notes; [`validate::validate`] covers an interchange
//!   and duplicate control numbers.
//! - [`balance`]: SNIP level 3 balancing of 837 claim charges and 835 payments and
//!   adjustments.
//! - [`ack`]: TA1, 999 and 997 acknowledgments built from the envelope diagnostics and the
//!   validation report, as [`owned::OwnedInterchange`]s ready to write.
//! - [`typed`]: claims, service lines, claim payments, adjustments and names as thin views
//!   over a loop tree.
//!
//! ## Strict and lenient
//!
//! [`ParseOptions::strict`] (the default) takes the input as X12 defines it: segments
//! separated by the terminator alone, nothing before the ISA or after the IEA, and every
//! envelope check passing. [`ParseOptions::lenient`] accepts what real files contain — a
//! UTF-8 byte order mark, whitespace around interchanges, CR, LF or CR LF after terminators, a
//! CR before a line feed terminator, empty segments, a missing final terminator — and
//! records each kind once as a [`Warning`]; envelope findings become [`Diagnostic`]s instead
//! of errors ([`EnvelopePolicy`] sets that independently). A line feed *as* the terminator
//! (ISA byte 105) is no tolerance: any byte but a letter, digit or space may be a delimiter.
//!
//! ## Envelope checks
//!
//! ISA field widths and values (ISA11–ISA15), ISA13 = IEA02, IEA01 = number of groups, GS06
//! syntax and GS06 = GE02, GE01 = number of transaction sets, ST01/ST02 syntax, ST02 = SE02,
//! SE01 = number of segments, ST03 = GS08, and the nesting itself (missing trailers, trailers
//! without headers, transaction sets outside groups, segments outside transaction sets).
//! Each [`Diagnostic`] gives the byte offset, the segment position, the position within the
//! transaction set, the segment id and element, the group and transaction set concerned, and
//! the acknowledgment codes that report it ([`Diagnostic::ack_codes`]).
//!
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod ack;
pub mod balance;
pub mod codes;
mod delims;
mod diag;
mod envelope;
mod error;
mod finding;
#[rustfmt::skip]
mod generated;
pub mod guide;
pub mod loops;
pub mod owned;
mod parse;
mod scan;
pub mod stream;
pub mod typed;
pub mod validate;
mod view;

pub use delims::Delimiters;
pub use diag::{AckCodes, Diagnostic, DiagnosticKind, Level, ValueProblem};
pub use error::{DelimiterRole, Error, ErrorKind, SegmentId, Warning, WarningKind};
pub use finding::{Finding, FindingKind};
pub use loops::{Hl, Loop, LoopTree};
pub use parse::{
    Buffers, EnvelopePolicy, IndexDepth, Interchange, Interchanges, Mode, ParseOptions,
};
pub use stream::{Event, Stream};
pub use view::{
    Components, Element, Elements, FunctionalGroup, Repetition, Repetitions, Segment, Segments,
    TransactionSet,
};
