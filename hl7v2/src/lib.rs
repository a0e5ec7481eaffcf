//! # hl7v2 — a zero-copy, never-panicking HL7 v2 parser and writer
//!
//! Parses HL7 v2.1–2.8 messages into a flat index over the input bytes: every field,
//! repetition, component and subcomponent is a borrowed view, found without copying.
//! Delimiters come from MSH-1/MSH-2 (nothing assumes `|^~\&`); escape sequences and character
//! sets are decoded on demand into `Cow`s that borrow whenever nothing had to change.
//!
//! ```
//! use hl7v2::Message;
//!
//! let input = b"MSH|^~\\&|LAB|HOSP|EHR|HOSP|20261124083000-0500||ORU^R01^ORU_R01|MSG0001|P|2.5.1\r\
//! PID|1||4711^^^HOSP^MR~998877^^^SSA^SS||M\\XDC\\LLER^ANNA^B||19800102|F\r\
//! OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-99|N|||F\r";
//! let msg = Message::parse(input)?;
//! assert_eq!(msg.message_type().unwrap().code, "ORU");
//! assert_eq!(msg.get("PID-3[2].1")?.unwrap().raw(), b"998877");
//! assert_eq!(msg.get("PID-5.1")?.unwrap().text()?, "MÜLLER"); // hex escape, Latin-1 fallback
//! assert_eq!(msg.get("OBX-5")?.unwrap().text()?, "95");
//! assert!(msg.get("PID-30")?.is_none());
//! assert_eq!(msg.write(), input); // exact round trip
//! # Ok::<(), hl7v2::Error>(())
//! ```
//!
//! Modules: [`escape`] (decoding and encoding escape sequences), [`mllp`] (framing),
//! [`batch`] (FHS/BHS files), [`owned`] (a builder for new or modified messages), [`ack`]
//! (acknowledgements).
//!
//! The crate is `no_std` + `alloc` without its default `std` feature, does no I/O, and forbids
//! `unsafe` code.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod ack;
pub mod batch;
mod charset;
mod delims;
mod error;
pub mod escape;
mod message;
mod meta;
pub mod mllp;
pub mod owned;
mod path;
mod scan;
mod time;
mod view;

pub use batch::{Batch, BatchGroup};
pub use charset::{Charset, CharsetName};
pub use delims::Delimiters;
pub use error::{Error, ErrorKind, Warning, WarningKind};
pub use message::{Buffers, IndexDepth, Message, Mode, ParseOptions};
pub use meta::MessageType;
pub use owned::OwnedMessage;
pub use path::Path;
pub use time::{Precision, Timestamp};
pub use view::{Fields, Level, Parts, RawFields, Segment, Segments, Value};
