//! Transfer syntaxes: how a data set is encoded.

use core::fmt;

use crate::dict;

/// Byte order of binary values and headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Least significant byte first.
    Little,
    /// Most significant byte first (retired Explicit VR Big Endian).
    Big,
}

/// The encoding properties of a transfer syntax, and its UID when it is a standard one.
///
/// Every transfer syntax that is not one of the four native ones encodes its data set as
/// explicit VR little endian (PS3.5 A.4), so unknown UIDs are read that way.
///
/// ```
/// use dicom_meta::{ByteOrder, TransferSyntax};
/// let ts = TransferSyntax::from_uid("1.2.840.10008.1.2.4.50");
/// assert!(ts.explicit_vr && ts.encapsulated && !ts.deflated);
/// assert_eq!(ts.byte_order, ByteOrder::Little);
/// assert_eq!(ts.name(), Some("JPEG Baseline (Process 1)"));
/// assert_eq!(TransferSyntax::from_uid("1.2.840.10008.1.2"), TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransferSyntax {
    /// Whether element headers carry their VR.
    pub explicit_vr: bool,
    /// Byte order of headers and binary values.
    pub byte_order: ByteOrder,
    /// Whether the data set after the file meta group is a raw deflate stream.
    pub deflated: bool,
    /// Whether pixel data is encapsulated (compressed) in fragments.
    pub encapsulated: bool,
    uid: &'static str,
}

impl TransferSyntax {
    /// Implicit VR Little Endian (1.2.840.10008.1.2), the DICOM default.
    pub const IMPLICIT_VR_LITTLE_ENDIAN: TransferSyntax =
        TransferSyntax::native("1.2.840.10008.1.2", false, ByteOrder::Little, false);
    /// Explicit VR Little Endian (1.2.840.10008.1.2.1).
    pub const EXPLICIT_VR_LITTLE_ENDIAN: TransferSyntax =
        TransferSyntax::native("1.2.840.10008.1.2.1", true, ByteOrder::Little, false);
    /// Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99).
    pub const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN: TransferSyntax =
        TransferSyntax::native("1.2.840.10008.1.2.1.99", true, ByteOrder::Little, true);
    /// Explicit VR Big Endian (1.2.840.10008.1.2.2, retired).
    pub const EXPLICIT_VR_BIG_ENDIAN: TransferSyntax =
        TransferSyntax::native("1.2.840.10008.1.2.2", true, ByteOrder::Big, false);
    /// The meta group's encoding: explicit VR little endian, with no UID of its own.
    pub(crate) const META: TransferSyntax = TransferSyntax {
        uid: "",
        ..TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN
    };

    const fn native(
        uid: &'static str,
        explicit_vr: bool,
        byte_order: ByteOrder,
        deflated: bool,
    ) -> Self {
        TransferSyntax {
            explicit_vr,
            byte_order,
            deflated,
            encapsulated: false,
            uid,
        }
    }

    /// The transfer syntax for a UID (trailing NUL or space padding ignored). Unknown UIDs
    /// give explicit VR little endian with encapsulated pixel data and no [`Self::uid`].
    pub fn from_uid(uid: &str) -> TransferSyntax {
        let uid = uid.trim_end_matches(['\0', ' ']);
        let mut ts = match uid {
            "1.2.840.10008.1.2" | "1.2.840.10008.1.20" => Self::IMPLICIT_VR_LITTLE_ENDIAN,
            "1.2.840.10008.1.2.1" => Self::EXPLICIT_VR_LITTLE_ENDIAN,
            "1.2.840.10008.1.2.2" => Self::EXPLICIT_VR_BIG_ENDIAN,
            "1.2.840.10008.1.2.1.99" | "1.2.840.10008.1.2.4.95" | "1.2.840.10008.1.2.4.205" => {
                Self::DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN
            }
            "1.2.840.10008.1.2.4.94"
            | "1.2.840.10008.1.2.4.204"
            | "1.2.840.10008.1.2.7.1"
            | "1.2.840.10008.1.2.7.2"
            | "1.2.840.10008.1.2.7.3" => Self::EXPLICIT_VR_LITTLE_ENDIAN,
            _ => TransferSyntax {
                encapsulated: true,
                ..Self::EXPLICIT_VR_LITTLE_ENDIAN
            },
        };
        ts.uid = dict::transfer_syntaxes()
            .find(|u| *u == uid)
            .unwrap_or_default();
        ts
    }

    /// Guesses the encoding of a bare data set from its first element header: explicit VR
    /// when bytes 4–5 name a VR, big endian when the first group number reads smaller that
    /// way. `None` when fewer than 8 bytes are given.
    ///
    /// ```
    /// use dicom_meta::TransferSyntax;
    /// let implicit = b"\x08\x00\x60\x00\x02\x00\x00\x00CT";
    /// assert_eq!(TransferSyntax::detect(implicit), Some(TransferSyntax::IMPLICIT_VR_LITTLE_ENDIAN));
    /// let big = b"\x00\x08\x00\x60CS\x00\x02CT";
    /// assert_eq!(TransferSyntax::detect(big), Some(TransferSyntax::EXPLICIT_VR_BIG_ENDIAN));
    /// ```
    pub fn detect(data_set: &[u8]) -> Option<TransferSyntax> {
        crate::parse::detect(data_set)
    }

    /// The standard UID, or `None` for an unknown transfer syntax.
    pub fn uid(&self) -> Option<&'static str> {
        if self.uid.is_empty() {
            None
        } else {
            Some(self.uid)
        }
    }

    /// Whether the UID is one of the standard transfer syntaxes.
    pub fn is_known(&self) -> bool {
        !self.uid.is_empty()
    }

    /// The standard name, e.g. `Explicit VR Little Endian`.
    pub fn name(&self) -> Option<&'static str> {
        dict::transfer_syntax_name(self.uid).map(|t| t.0)
    }

    /// The standard keyword, e.g. `ExplicitVRLittleEndian`.
    pub fn keyword(&self) -> Option<&'static str> {
        dict::transfer_syntax_name(self.uid).map(|t| t.1)
    }

    /// Whether the standard retired this transfer syntax.
    pub fn is_retired(&self) -> bool {
        dict::transfer_syntax_name(self.uid).is_some_and(|t| t.2)
    }

    /// Whether values are little endian.
    pub const fn is_little_endian(&self) -> bool {
        matches!(self.byte_order, ByteOrder::Little)
    }

    /// The same transfer syntax (UID kept) read with or without explicit VRs: used when a
    /// data set turns out to be encoded otherwise than declared (lenient mode).
    pub(crate) const fn with_explicit_vr(mut self, explicit: bool) -> Self {
        self.explicit_vr = explicit;
        self
    }
}

impl fmt::Debug for TransferSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransferSyntax")
            .field("uid", &self.uid())
            .field("explicit_vr", &self.explicit_vr)
            .field("byte_order", &self.byte_order)
            .field("deflated", &self.deflated)
            .field("encapsulated", &self.encapsulated)
            .finish()
    }
}

impl fmt::Display for TransferSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(
                f,
                "{} VR {} Endian",
                if self.explicit_vr {
                    "Explicit"
                } else {
                    "Implicit"
                },
                if self.is_little_endian() {
                    "Little"
                } else {
                    "Big"
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_syntaxes() {
        let ts = TransferSyntax::from_uid("1.2.840.10008.1.2.2\0");
        assert_eq!(ts, TransferSyntax::EXPLICIT_VR_BIG_ENDIAN);
        assert!(ts.is_retired());
        let ts = TransferSyntax::from_uid("1.2.840.10008.1.2.1.99");
        assert!(ts.deflated && ts.explicit_vr);
        assert_eq!(ts.keyword(), Some("DeflatedExplicitVRLittleEndian"));
        let ts = TransferSyntax::from_uid("1.2.3.4");
        assert!(!ts.is_known() && ts.encapsulated && ts.explicit_vr);
        assert_eq!(ts.to_string(), "Explicit VR Little Endian");
        let ts = TransferSyntax::from_uid("1.2.840.10008.1.2.5");
        assert_eq!(ts.name(), Some("RLE Lossless"));
        assert!(ts.encapsulated);
    }
}
