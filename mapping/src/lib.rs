//! # mapping — HL7 v2 to FHIR R4
//!
//! Converts a parsed [`hl7v2::Message`] into a FHIR R4 [`fhir::Bundle`] following the HL7
//! v2-to-FHIR Implementation Guide, and says exactly what it could not map:
//!
//! ```
//! use mapping::v2::{to_fhir, Options};
//!
//! let input = b"MSH|^~\\&|ADT|HOSP|EHR|HOSP|20261124083000-0500||ADT^A01^ADT_A01|MSG0001|P|2.5.1\r\
//! EVN|A01|20261124083000-0500\r\
//! PID|1||4711^^^HOSP^MR||Doe^Jane||19800102|F\r\
//! PV1|1|I|W1^101^A\r";
//! let msg = hl7v2::Message::parse(input)?;
//! let conversion = to_fhir(&msg, &Options::default())?;
//! let json = fhir::json::to_vec(&conversion.bundle);
//! assert!(json.starts_with(br#"{"resourceType":"Bundle""#));
//! assert!(conversion.bundle.resources().any(|r| r.resource_type() == "Patient"));
//! for issue in &conversion.issues {
//!     println!("{issue}"); // e.g. "PID-1 (segment 3): field not mapped"
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The output is deterministic: resource ids are name-based UUIDs (version 5) of the message
//! control id, the segment position and the resource type, so the same input and options give
//! byte-identical JSON. The library does no I/O, reads no clock and never panics on input.
//!
//! Modules: [`v2`] (the HL7 v2 conversion), [`uuid`] (name-based UUIDs).
//!
//! ## Throughput and the allocator
//!
//! A converted bundle is a tree of a few hundred small heap blocks (about 300 for an ADT_A01,
//! 1,000 for an ORU_R01 with 50 OBX), freed together when it is dropped. glibc's default
//! `malloc` handles this pattern poorly: its per-size cache keeps only 7 freed blocks, and the
//! rest take slower paths. Measured on the `benches` inputs, conversion was about 25% faster
//! with `mimalloc` as the program's global allocator, or with glibc tuned by
//! `GLIBC_TUNABLES=glibc.malloc.tcache_count=2000`. Servers that convert many messages
//! should consider either; the library itself does not choose an allocator.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod uuid;
pub mod v2;

pub use error::Error;
