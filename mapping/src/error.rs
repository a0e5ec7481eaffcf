//! The crate's error type.

/// Why a message could not be converted at all.
///
/// Problems inside a message (an unmapped field, a bad code, an invalid timestamp) are not
/// errors: they are [`crate::v2::Issue`]s next to the bundle. Messages never include data
/// values from the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The first segment is not an `MSH` header.
    #[error("the message does not start with an MSH segment")]
    NoHeader,
    /// MSH-9.1 (the message code) is empty or not ASCII.
    #[error("MSH-9.1 (message code) is missing")]
    NoMessageType,
}
