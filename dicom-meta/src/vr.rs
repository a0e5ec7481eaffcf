//! Value representations (PS3.5 section 6.2).

use core::fmt;

macro_rules! vrs {
    ($($name:ident = $doc:literal),* $(,)?) => {
        /// A value representation: the data type of an element's value.
        ///
        /// ```
        /// use dicom_meta::Vr;
        /// assert_eq!(Vr::from_bytes(*b"PN"), Some(Vr::PN));
        /// assert_eq!(Vr::PN.as_str(), "PN");
        /// assert!(Vr::OB.has_long_length());
        /// assert!(!Vr::US.has_long_length());
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        #[allow(clippy::upper_case_acronyms)]
        pub enum Vr {
            $(#[doc = $doc] $name,)*
        }

        impl Vr {
            /// Every value representation, alphabetically.
            pub const ALL: &'static [Vr] = &[$(Vr::$name),*];

            /// The two-letter code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Vr::$name => stringify!($name),)*
                }
            }
        }
    };
}

vrs! {
    AE = "Application Entity",
    AS = "Age String",
    AT = "Attribute Tag",
    CS = "Code String",
    DA = "Date",
    DS = "Decimal String",
    DT = "Date Time",
    FD = "Floating Point Double",
    FL = "Floating Point Single",
    IS = "Integer String",
    LO = "Long String",
    LT = "Long Text",
    OB = "Other Byte",
    OD = "Other Double",
    OF = "Other Float",
    OL = "Other Long",
    OV = "Other 64-bit Very Long",
    OW = "Other Word",
    PN = "Person Name",
    SH = "Short String",
    SL = "Signed Long",
    SQ = "Sequence of Items",
    SS = "Signed Short",
    ST = "Short Text",
    SV = "Signed 64-bit Very Long",
    TM = "Time",
    UC = "Unlimited Characters",
    UI = "Unique Identifier (UID)",
    UL = "Unsigned Long",
    UN = "Unknown",
    UR = "Universal Resource Identifier or Universal Resource Locator (URI/URL)",
    US = "Unsigned Short",
    UT = "Unlimited Text",
    UV = "Unsigned 64-bit Very Long",
}

impl Vr {
    /// The VR named by two ASCII bytes, or `None`.
    #[inline]
    pub const fn from_bytes(b: [u8; 2]) -> Option<Vr> {
        let (x, y) = (b[0].wrapping_sub(b'A'), b[1].wrapping_sub(b'A'));
        if x >= 26 || y >= 26 {
            return None;
        }
        VR_TABLE[x as usize * 26 + y as usize]
    }

    /// The two ASCII bytes of the code.
    pub const fn to_bytes(self) -> [u8; 2] {
        let s = self.as_str().as_bytes();
        [s[0], s[1]]
    }

    /// Whether the explicit VR header of this VR has two reserved bytes and a 32-bit length
    /// (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV) rather than a 16-bit length.
    #[inline]
    pub const fn has_long_length(self) -> bool {
        use Vr::*;
        matches!(
            self,
            OB | OD | OF | OL | OV | OW | SQ | SV | UC | UN | UR | UT | UV
        )
    }

    /// Whether values are character strings.
    pub const fn is_string(self) -> bool {
        use Vr::*;
        matches!(
            self,
            AE | AS | CS | DA | DS | DT | IS | LO | LT | PN | SH | ST | TM | UC | UI | UR | UT
        )
    }

    /// Whether the Specific Character Set (0008,0005) applies to values of this VR (SH, LO,
    /// ST, LT, UC, UT and PN); other string VRs use the default repertoire only.
    pub const fn uses_character_set(self) -> bool {
        use Vr::*;
        matches!(self, SH | LO | ST | LT | UC | UT | PN)
    }

    /// Whether a string value may hold several values separated by backslashes (every
    /// string VR except LT, ST, UT and UR, whose backslashes are data).
    pub const fn is_multi_valued_string(self) -> bool {
        use Vr::*;
        self.is_string() && !matches!(self, LT | ST | UT | UR)
    }

    /// The byte used to pad values to even length: NUL for UI and the binary VRs, space for
    /// the other strings.
    pub const fn padding(self) -> u8 {
        if self.is_string() && !matches!(self, Vr::UI) {
            b' '
        } else {
            0
        }
    }

    /// The size in bytes of one binary number of this VR (AT counts as 4), or `None` for
    /// strings, SQ and UN.
    pub const fn number_size(self) -> Option<usize> {
        use Vr::*;
        match self {
            OB => Some(1),
            US | SS | OW => Some(2),
            UL | SL | FL | OF | OL | AT => Some(4),
            FD | OD | SV | UV | OV => Some(8),
            _ => None,
        }
    }
}

/// For the code `XY`, at `(X - 'A') * 26 + (Y - 'A')`: the VR, if any.
static VR_TABLE: [Option<Vr>; 676] = {
    let mut t = [None; 676];
    let mut i = 0;
    while i < Vr::ALL.len() {
        let code = Vr::ALL[i].as_str().as_bytes();
        t[(code[0] - b'A') as usize * 26 + (code[1] - b'A') as usize] = Some(Vr::ALL[i]);
        i += 1;
    }
    t
};

impl fmt::Display for Vr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Vr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &vr in Vr::ALL {
            assert_eq!(Vr::from_bytes(vr.to_bytes()), Some(vr));
        }
        assert_eq!(Vr::ALL.len(), 34);
        assert_eq!(Vr::from_bytes(*b"XX"), None);
        assert_eq!(Vr::from_bytes(*b"pn"), None);
    }

    #[test]
    fn properties() {
        assert_eq!(Vr::UI.padding(), 0);
        assert_eq!(Vr::LO.padding(), b' ');
        assert!(Vr::PN.uses_character_set());
        assert!(!Vr::CS.uses_character_set());
        assert!(!Vr::UT.is_multi_valued_string());
        assert_eq!(Vr::FD.number_size(), Some(8));
    }
}
