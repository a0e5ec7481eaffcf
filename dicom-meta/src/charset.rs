//! Specific Character Set (0008,0005) and text decoding: the single-byte ISO 8859 parts,
//! UTF-8, GB 18030 and GBK, and ISO 2022 code extensions with the Japanese (JIS X 0201,
//! JIS X 0208, JIS X 0212), Korean (KS X 1001) and Chinese (GB 2312) sets (PS3.5 6.1,
//! PS3.3 C.12.1.1.2). Multi-byte tables come from `encoding_rs` (the WHATWG index tables).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use encoding_rs::Encoding;

use crate::error::{Error, ErrorKind};

/// A character repertoire named by a defined term of Specific Character Set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Repertoire {
    /// The default repertoire, ISO-IR 6 (ASCII).
    #[default]
    Default,
    /// ISO-IR 100: ISO 8859-1 (Latin alphabet No. 1).
    Latin1,
    /// ISO-IR 192: UTF-8.
    Utf8,
    /// ISO-IR 101: ISO 8859-2 (Latin alphabet No. 2).
    Latin2,
    /// ISO-IR 109: ISO 8859-3 (Latin alphabet No. 3).
    Latin3,
    /// ISO-IR 110: ISO 8859-4 (Latin alphabet No. 4).
    Latin4,
    /// ISO-IR 144: ISO 8859-5 (Cyrillic).
    Cyrillic,
    /// ISO-IR 127: ISO 8859-6 (Arabic).
    Arabic,
    /// ISO-IR 126: ISO 8859-7 (Greek).
    Greek,
    /// ISO-IR 138: ISO 8859-8 (Hebrew).
    Hebrew,
    /// ISO-IR 148: ISO 8859-9 (Latin alphabet No. 5).
    Latin5,
    /// ISO-IR 203: ISO 8859-15 (Latin alphabet No. 9).
    Latin9,
    /// ISO-IR 166: TIS 620-2533 (Thai).
    Thai,
    /// ISO-IR 13 (with ISO-IR 14): JIS X 0201 katakana and romaji.
    JisX0201,
    /// ISO-IR 87: JIS X 0208 kanji (a code extension).
    JisX0208,
    /// ISO-IR 159: JIS X 0212 supplementary kanji (a code extension).
    JisX0212,
    /// ISO-IR 149: KS X 1001 Hangul and Hanja (a code extension).
    KsX1001,
    /// ISO-IR 58: GB 2312 simplified Chinese (a code extension).
    Gb2312,
    /// GB18030.
    Gb18030,
    /// GBK.
    Gbk,
}

impl Repertoire {
    /// The single-byte table of an ISO 8859 part (other than Latin-1) or TIS 620.
    fn single_byte(self) -> Option<&'static Encoding> {
        use Repertoire::*;
        Some(match self {
            Latin2 => encoding_rs::ISO_8859_2,
            Latin3 => encoding_rs::ISO_8859_3,
            Latin4 => encoding_rs::ISO_8859_4,
            Cyrillic => encoding_rs::ISO_8859_5,
            Arabic => encoding_rs::ISO_8859_6,
            Greek => encoding_rs::ISO_8859_7,
            Hebrew => encoding_rs::ISO_8859_8,
            // The WHATWG ISO-8859-9 and TIS-620 tables are windows-1254 and windows-874,
            // which agree with them on every graphic character.
            Latin5 => encoding_rs::WINDOWS_1254,
            Latin9 => encoding_rs::ISO_8859_15,
            Thai => encoding_rs::WINDOWS_874,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        use Repertoire::*;
        match self {
            Default => "ISO_IR 6",
            Latin1 => "ISO_IR 100",
            Utf8 => "ISO_IR 192",
            Latin2 => "ISO_IR 101",
            Latin3 => "ISO_IR 109",
            Latin4 => "ISO_IR 110",
            Cyrillic => "ISO_IR 144",
            Arabic => "ISO_IR 127",
            Greek => "ISO_IR 126",
            Hebrew => "ISO_IR 138",
            Latin5 => "ISO_IR 148",
            Latin9 => "ISO_IR 203",
            Thai => "ISO_IR 166",
            JisX0201 => "ISO_IR 13",
            JisX0208 => "ISO 2022 IR 87",
            JisX0212 => "ISO 2022 IR 159",
            KsX1001 => "ISO 2022 IR 149",
            Gb2312 => "ISO 2022 IR 58",
            Gb18030 => "GB18030",
            Gbk => "GBK",
        }
    }
}

/// The repertoire and whether the term is an ISO 2022 one.
fn term(t: &[u8]) -> Option<(Repertoire, bool)> {
    use Repertoire::*;
    let (iso2022, ir) = if let Some(ir) = t.strip_prefix(b"ISO_IR ") {
        (false, ir)
    } else if let Some(ir) = t.strip_prefix(b"ISO 2022 IR ") {
        (true, ir)
    } else {
        return match t {
            b"" => Some((Default, false)),
            b"GB18030" => Some((Gb18030, false)),
            b"GBK" => Some((Gbk, false)),
            _ => None,
        };
    };
    let rep = match ir {
        b"6" => Default,
        b"100" => Latin1,
        b"101" => Latin2,
        b"109" => Latin3,
        b"110" => Latin4,
        b"144" => Cyrillic,
        b"127" => Arabic,
        b"126" => Greek,
        b"138" => Hebrew,
        b"148" => Latin5,
        b"203" => Latin9,
        b"166" => Thai,
        b"13" => JisX0201,
        b"192" if !iso2022 => Utf8,
        b"87" if iso2022 => JisX0208,
        b"159" if iso2022 => JisX0212,
        b"149" if iso2022 => KsX1001,
        b"58" if iso2022 => Gb2312,
        _ => return None,
    };
    Some((rep, iso2022))
}

/// The character set that applies to a text value, from the Specific Character Set
/// (0008,0005) of its data set or nearest enclosing item.
///
/// Decodes the default repertoire, every ISO 8859 part DICOM names, TIS 620, JIS X 0201,
/// UTF-8, GB 18030 and GBK, and ISO 2022 code extensions switching between those and
/// JIS X 0208, JIS X 0212, KS X 1001 and GB 2312 by escape sequences. Unknown terms make
/// the set [unsupported](CharacterSet::is_supported): raw bytes stay available.
///
/// ```
/// use dicom_meta::{CharacterSet, Repertoire};
/// let cs = CharacterSet::from_value(b"ISO_IR 100");
/// assert_eq!(cs.repertoire(), Some(Repertoire::Latin1));
/// assert_eq!(cs.decode(b"M\xfcller", false)?, "Müller");
/// let cs = CharacterSet::from_value(b"ISO_IR 192");
/// assert_eq!(cs.decode("Müller".as_bytes(), false)?, "Müller");
/// // Japanese with ISO 2022 code extensions (PS3.5 H.3.1).
/// let cs = CharacterSet::from_value(b"\\ISO 2022 IR 87");
/// assert_eq!(cs.decode(b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B", false)?, "Yamada^Tarou=山田^太郎");
/// // Korean (PS3.5 I.2).
/// let cs = CharacterSet::from_value(b"\\ISO 2022 IR 149");
/// assert_eq!(cs.decode(b"\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf", false)?, "홍^길동");
/// # Ok::<(), dicom_meta::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CharacterSet {
    repertoire: Repertoire,
    /// ISO 2022 code extensions are declared (escape sequences switch sets).
    iso2022: bool,
    supported: bool,
    /// The sets declared after the first one (bit `Repertoire as u32`).
    extensions: u32,
}

impl CharacterSet {
    /// The default repertoire.
    pub const DEFAULT: CharacterSet = CharacterSet {
        repertoire: Repertoire::Default,
        iso2022: false,
        supported: true,
        extensions: 0,
    };

    /// Reads the value of Specific Character Set (0008,0005): backslash-separated defined
    /// terms, the first one the initial set (empty meaning the default repertoire).
    pub fn from_value(value: &[u8]) -> CharacterSet {
        let mut cs = CharacterSet::DEFAULT;
        for (n, t) in value.split(|&b| b == b'\\').enumerate() {
            match term(trim(t)) {
                Some((rep, iso2022)) => {
                    cs.iso2022 |= iso2022 || n > 0;
                    if n == 0 {
                        cs.repertoire = rep;
                    } else {
                        cs.extensions |= 1 << rep as u32;
                    }
                    if n > 0
                        && matches!(
                            rep,
                            Repertoire::Utf8 | Repertoire::Gb18030 | Repertoire::Gbk
                        )
                    {
                        // Not allowed with code extensions.
                        cs.supported = false;
                    }
                }
                None => {
                    cs.iso2022 |= n > 0;
                    cs.supported = false;
                }
            }
        }
        cs
    }

    /// The initial repertoire, or `None` when the set is not supported.
    pub fn repertoire(&self) -> Option<Repertoire> {
        self.supported.then_some(self.repertoire)
    }

    /// Whether values can be decoded (unsupported sets leave raw bytes only).
    pub fn is_supported(&self) -> bool {
        self.supported
    }

    /// Whether ISO 2022 code extensions are declared.
    pub fn uses_code_extensions(&self) -> bool {
        self.iso2022
    }

    /// Decodes text bytes. Borrows when the bytes are already valid UTF-8 that means the
    /// same thing (ASCII, or any UTF-8 for ISO_IR 192).
    ///
    /// `lenient`: non-ASCII bytes under the default repertoire are read as Latin-1, and
    /// bytes invalid in the character set (or escape sequences of sets this crate does not
    /// know) become U+FFFD.
    pub fn decode<'v>(&self, bytes: &'v [u8], lenient: bool) -> Result<Cow<'v, str>, Error> {
        self.decode_kind(bytes, lenient)
            .map_err(|kind| Error::new(kind, 0))
    }

    /// Encodes text in this character set: ASCII in the default repertoire, the set's own
    /// bytes for the single-byte sets, UTF-8, GB 18030 and GBK. With ISO 2022 code
    /// extensions each character goes to the first declared set that has it, with the
    /// escape sequences PS3.5 6.1.2.5 asks for: the initial sets are active again before
    /// the end of the value and before delimiters (`\\`, `^`, `=`, control characters).
    ///
    /// ```
    /// use dicom_meta::CharacterSet;
    /// assert_eq!(CharacterSet::from_value(b"ISO_IR 100").encode("Müller")?, b"M\xfcller");
    /// assert_eq!(CharacterSet::from_value(b"ISO_IR 144").encode("Иван")?, b"\xb8\xd2\xd0\xdd");
    /// assert!(CharacterSet::DEFAULT.encode("Müller").is_err());
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(text.len());
        self.encode_into(text, &mut out)
            .map_err(|kind| Error::new(kind, 0))?;
        Ok(out)
    }

    pub(crate) fn encode_into(&self, text: &str, out: &mut Vec<u8>) -> Result<(), ErrorKind> {
        if text.is_ascii() {
            out.extend_from_slice(text.as_bytes());
            return Ok(());
        }
        if !self.supported {
            return Err(ErrorKind::UnsupportedCharset);
        }
        if self.iso2022 || self.repertoire == Repertoire::JisX0201 {
            return self.encode_iso2022(text, out);
        }
        let invalid = || ErrorKind::InvalidText(self.repertoire.name());
        let enc = match self.repertoire {
            Repertoire::Default => return Err(invalid()),
            Repertoire::Latin1 => {
                for c in text.chars() {
                    out.push(u8::try_from(u32::from(c)).map_err(|_| invalid())?);
                }
                return Ok(());
            }
            Repertoire::Utf8 => {
                out.extend_from_slice(text.as_bytes());
                return Ok(());
            }
            Repertoire::Gb18030 => encoding_rs::GB18030,
            Repertoire::Gbk => encoding_rs::GBK,
            r => match r.single_byte() {
                Some(e) => e,
                None => return Err(ErrorKind::UnsupportedCharset),
            },
        };
        let (bytes, _, unmappable) = enc.encode(text);
        // encoding_rs writes unmappable characters as numeric character references.
        if unmappable {
            return Err(invalid());
        }
        out.extend_from_slice(&bytes);
        Ok(())
    }

    fn encode_iso2022(&self, text: &str, out: &mut Vec<u8>) -> Result<(), ErrorKind> {
        let initial_g1 = g1_for(self.repertoire);
        // IR 13 pairs with IR 14 (JIS X 0201 romaji) in G0.
        let ascii_esc: &[u8] = if self.repertoire == Repertoire::JisX0201 {
            b"\x1b(J"
        } else {
            b"\x1b(B"
        };
        let (mut g0, mut g1) = (G0::Ascii, initial_g1);
        let mut candidates = [self.repertoire; 21];
        let mut count = 1;
        for bit in 0..21u32 {
            if self.extensions & (1 << bit) != 0
                && let Some(r) = REPERTOIRES.get(bit as usize)
            {
                candidates[count] = *r;
                count += 1;
            }
        }
        let mut buf = [0u8; 4];
        for c in text.chars() {
            if c.is_ascii() {
                if g0 != G0::Ascii {
                    out.extend_from_slice(ascii_esc);
                    g0 = G0::Ascii;
                }
                out.push(c as u8);
                if matches!(c, '\\' | '^' | '=' | '\r' | '\n' | '\t' | '\x0c') {
                    g1 = initial_g1;
                }
                continue;
            }
            let s: &str = c.encode_utf8(&mut buf);
            let mut done = false;
            for &rep in &candidates[..count] {
                if let Some((want0, want1, esc, bytes)) = encode_char(rep, c, s) {
                    if let Some(w) = want0
                        && g0 != w
                    {
                        out.extend_from_slice(esc);
                        g0 = w;
                    }
                    if let Some(w) = want1
                        && g1 != w
                    {
                        out.extend_from_slice(esc);
                        g1 = w;
                    }
                    out.extend_from_slice(&bytes);
                    done = true;
                    break;
                }
            }
            if !done {
                return Err(ErrorKind::InvalidText("ISO 2022"));
            }
        }
        if g0 != G0::Ascii {
            out.extend_from_slice(ascii_esc);
        }
        Ok(())
    }

    pub(crate) fn decode_kind<'v>(
        &self,
        bytes: &'v [u8],
        lenient: bool,
    ) -> Result<Cow<'v, str>, ErrorKind> {
        self.decode_value(bytes, lenient, false)
    }

    /// Decodes a value; `pn`: a person name, whose `^` and `=` also reset ISO 2022 state.
    pub(crate) fn decode_value<'v>(
        &self,
        bytes: &'v [u8],
        lenient: bool,
        pn: bool,
    ) -> Result<Cow<'v, str>, ErrorKind> {
        if bytes.is_ascii() && (!self.iso2022 || !bytes.contains(&0x1B)) {
            return Ok(Cow::Borrowed(ascii(bytes)));
        }
        if !self.supported {
            if lenient {
                return Ok(String::from_utf8_lossy(bytes));
            }
            return Err(ErrorKind::UnsupportedCharset);
        }
        if self.iso2022 || self.repertoire == Repertoire::JisX0201 {
            return Iso2022::new(self.repertoire, lenient, pn)
                .decode(bytes)
                .map(Cow::Owned);
        }
        let invalid = ErrorKind::InvalidText(self.repertoire.name());
        match self.repertoire {
            Repertoire::Default if lenient => Ok(Cow::Owned(latin1(bytes))),
            Repertoire::Default => Err(invalid),
            Repertoire::Latin1 => Ok(Cow::Owned(latin1(bytes))),
            Repertoire::Utf8 => match core::str::from_utf8(bytes) {
                Ok(s) => Ok(Cow::Borrowed(s)),
                Err(_) if lenient => Ok(String::from_utf8_lossy(bytes)),
                Err(_) => Err(ErrorKind::InvalidText("UTF-8")),
            },
            r => {
                let enc = match r {
                    Repertoire::Gb18030 => encoding_rs::GB18030,
                    Repertoire::Gbk => encoding_rs::GBK,
                    r => r.single_byte().ok_or(ErrorKind::UnsupportedCharset)?,
                };
                decode_with(enc, bytes, lenient, invalid).map(|s| Cow::Owned(s.into_owned()))
            }
        }
    }
}

/// Decodes `bytes` with `enc`: strictly (an error on malformed input) or replacing.
fn decode_with<'b>(
    enc: &'static Encoding,
    bytes: &'b [u8],
    lenient: bool,
    invalid: ErrorKind,
) -> Result<Cow<'b, str>, ErrorKind> {
    if lenient {
        Ok(enc.decode_without_bom_handling(bytes).0)
    } else {
        enc.decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(invalid)
    }
}

/// Every repertoire, indexed by `Repertoire as u32`.
const REPERTOIRES: [Repertoire; 21] = {
    use Repertoire::*;
    [
        Default, Latin1, Utf8, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5,
        Latin9, Thai, JisX0201, JisX0208, JisX0212, KsX1001, Gb2312, Gb18030, Gbk, Default,
    ]
};

/// How set `rep` encodes `c` under ISO 2022: the G0 or G1 set to invoke, the escape
/// sequence designating it, and the bytes.
#[allow(clippy::type_complexity)]
fn encode_char(
    rep: Repertoire,
    c: char,
    s: &str,
) -> Option<(Option<G0>, Option<G1>, &'static [u8], Vec<u8>)> {
    let cp = u32::from(c);
    let euc = |enc: &'static Encoding| {
        let (b, _, unmappable) = enc.encode(s);
        (!unmappable).then(|| b.into_owned())
    };
    match rep {
        Repertoire::Latin1 => (0xA0..=0xFF).contains(&cp).then(|| {
            (
                None,
                Some(G1::Latin1),
                &b"\x1b-A"[..],
                alloc::vec![cp as u8],
            )
        }),
        Repertoire::JisX0201 => (0xFF61..=0xFF9F).contains(&cp).then(|| {
            (
                None,
                Some(G1::Katakana),
                &b"\x1b)I"[..],
                alloc::vec![(cp - 0xFF61 + 0xA1) as u8],
            )
        }),
        Repertoire::JisX0208 => match euc(encoding_rs::EUC_JP)?.as_slice() {
            &[a, b] if a >= 0xA1 && b >= 0xA1 => Some((
                Some(G0::Jis0208),
                None,
                &b"\x1b$B"[..],
                alloc::vec![a & 0x7F, b & 0x7F],
            )),
            _ => None,
        },
        Repertoire::JisX0212 => {
            // The WHATWG EUC-JP encoder never writes JIS X 0212: search its decoding table
            // (a rare path: only for characters no other declared set has).
            let mut want = [0u8; 4];
            let want = c.encode_utf8(&mut want).as_bytes();
            let mut out = [0u8; 4];
            for a in 0xA1..=0xFEu8 {
                for b in 0xA1..=0xFEu8 {
                    let mut d = encoding_rs::EUC_JP.new_decoder_without_bom_handling();
                    let (_, _, written, _) = d.decode_to_utf8(&[0x8F, a, b], &mut out, true);
                    if out.get(..written) == Some(want) {
                        return Some((
                            Some(G0::Jis0212),
                            None,
                            &b"\x1b$(D"[..],
                            alloc::vec![a & 0x7F, b & 0x7F],
                        ));
                    }
                }
            }
            None
        }
        Repertoire::KsX1001 | Repertoire::Gb2312 => {
            let (enc, g1, esc): (_, _, &'static [u8]) = if rep == Repertoire::KsX1001 {
                (encoding_rs::EUC_KR, G1::Ksx1001, b"\x1b$)C")
            } else {
                (encoding_rs::GBK, G1::Gb2312, b"\x1b$)A")
            };
            match euc(enc)?.as_slice() {
                &[a, b] if a >= 0xA1 && b >= 0xA1 => Some((None, Some(g1), esc, alloc::vec![a, b])),
                _ => None,
            }
        }
        r => {
            let enc = r.single_byte()?;
            let esc: &'static [u8] = match r {
                Repertoire::Latin2 => b"\x1b-B",
                Repertoire::Latin3 => b"\x1b-C",
                Repertoire::Latin4 => b"\x1b-D",
                Repertoire::Cyrillic => b"\x1b-L",
                Repertoire::Arabic => b"\x1b-G",
                Repertoire::Greek => b"\x1b-F",
                Repertoire::Hebrew => b"\x1b-H",
                Repertoire::Latin5 => b"\x1b-M",
                Repertoire::Latin9 => b"\x1b-b",
                _ => b"\x1b-T",
            };
            match euc(enc)?.as_slice() {
                &[b] if b >= 0xA0 => Some((None, Some(G1::Single(enc)), esc, alloc::vec![b])),
                _ => None,
            }
        }
    }
}

/// What G0 (bytes 0x21–0x7E) holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum G0 {
    /// ISO-IR 6 (or ISO-IR 14, JIS X 0201 romaji, read as ASCII: 05/12 stays the value
    /// delimiter, PS3.18 F.2.4).
    Ascii,
    /// ISO-IR 87: two bytes per character.
    Jis0208,
    /// ISO-IR 159: two bytes per character.
    Jis0212,
}

/// What G1 (bytes 0xA1–0xFE) holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum G1 {
    None,
    Latin1,
    Single(&'static Encoding),
    /// ISO-IR 13 katakana.
    Katakana,
    /// ISO-IR 149: two bytes per character.
    Ksx1001,
    /// ISO-IR 58: two bytes per character.
    Gb2312,
}

/// An ISO 2022 decoder for one value (PS3.5 6.1.2.5).
struct Iso2022 {
    initial: (G0, G1),
    g0: G0,
    g1: G1,
    lenient: bool,
    pn: bool,
    out: String,
    /// Bytes waiting to be decoded with `run_enc` (multi-byte runs).
    run: Vec<u8>,
    run_enc: Option<&'static Encoding>,
}

fn g1_for(rep: Repertoire) -> G1 {
    match rep {
        Repertoire::Latin1 => G1::Latin1,
        Repertoire::JisX0201 => G1::Katakana,
        Repertoire::KsX1001 => G1::Ksx1001,
        Repertoire::Gb2312 => G1::Gb2312,
        r => r.single_byte().map_or(G1::None, G1::Single),
    }
}

impl Iso2022 {
    fn new(rep: Repertoire, lenient: bool, pn: bool) -> Self {
        let initial = (G0::Ascii, g1_for(rep));
        Iso2022 {
            initial,
            g0: initial.0,
            g1: initial.1,
            lenient,
            pn,
            out: String::new(),
            run: Vec::new(),
            run_enc: None,
        }
    }

    fn invalid(&mut self) -> Result<(), ErrorKind> {
        if self.lenient {
            self.flush()?;
            self.out.push('\u{FFFD}');
            Ok(())
        } else {
            Err(ErrorKind::InvalidText("ISO 2022"))
        }
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        if let Some(enc) = self.run_enc.take() {
            let text = decode_with(
                enc,
                &self.run,
                self.lenient,
                ErrorKind::InvalidText("ISO 2022"),
            )?;
            self.out.push_str(&text);
            self.run.clear();
        }
        Ok(())
    }

    fn push_run(&mut self, enc: &'static Encoding, bytes: &[u8]) -> Result<(), ErrorKind> {
        if self.run_enc != Some(enc) {
            self.flush()?;
            self.run_enc = Some(enc);
        }
        self.run.extend_from_slice(bytes);
        Ok(())
    }

    fn push_char(&mut self, c: char) -> Result<(), ErrorKind> {
        self.flush()?;
        self.out.push(c);
        Ok(())
    }

    /// An escape sequence at the start of `rest` (after ESC): how many bytes it takes.
    fn escape(&mut self, rest: &[u8]) -> Result<usize, ErrorKind> {
        let (len, g0, g1) = match rest {
            [b'(', b'B', ..] | [b'(', b'J', ..] => (2, Some(G0::Ascii), None),
            [b'$', b'B', ..] | [b'$', b'@', ..] => (2, Some(G0::Jis0208), None),
            [b'$', b'(', b'D', ..] => (3, Some(G0::Jis0212), None),
            [b'$', b')', b'C', ..] => (3, None, Some(G1::Ksx1001)),
            [b'$', b')', b'A', ..] => (3, None, Some(G1::Gb2312)),
            [b')', b'I', ..] => (2, None, Some(G1::Katakana)),
            [b'-', f, ..] => {
                let rep = match f {
                    b'A' => Repertoire::Latin1,
                    b'B' => Repertoire::Latin2,
                    b'C' => Repertoire::Latin3,
                    b'D' => Repertoire::Latin4,
                    b'L' => Repertoire::Cyrillic,
                    b'G' => Repertoire::Arabic,
                    b'F' => Repertoire::Greek,
                    b'H' => Repertoire::Hebrew,
                    b'M' => Repertoire::Latin5,
                    b'b' => Repertoire::Latin9,
                    b'T' => Repertoire::Thai,
                    _ => {
                        self.invalid()?;
                        return Ok(0);
                    }
                };
                (2, None, Some(g1_for(rep)))
            }
            _ => {
                self.invalid()?;
                return Ok(0);
            }
        };
        self.flush()?;
        if let Some(g) = g0 {
            self.g0 = g;
        }
        if let Some(g) = g1 {
            self.g1 = g;
        }
        Ok(len)
    }

    fn decode(mut self, bytes: &[u8]) -> Result<String, ErrorKind> {
        self.out.reserve(bytes.len());
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            if b == 0x1B {
                i += self.escape(&bytes[i..])?;
                continue;
            }
            if b < 0x80 {
                let pair = bytes.get(i).copied().filter(|n| (0x21..0x7F).contains(n));
                match (self.g0, pair) {
                    (G0::Jis0208, Some(n)) if (0x21..0x7F).contains(&b) => {
                        self.push_run(encoding_rs::EUC_JP, &[b | 0x80, n | 0x80])?;
                        i += 1;
                    }
                    (G0::Jis0212, Some(n)) if (0x21..0x7F).contains(&b) => {
                        self.push_run(encoding_rs::EUC_JP, &[0x8F, b | 0x80, n | 0x80])?;
                        i += 1;
                    }
                    _ => {
                        self.push_char(char::from(b))?;
                        // The initial G0 set is active again after delimiters and control
                        // characters (PS3.5 6.1.2.5.3). G1 designations are kept: a
                        // conforming value designates again anyway, and many writers rely
                        // on them lasting.
                        if matches!(b, b'\\' | b'\r' | b'\n' | b'\t' | 0x0C)
                            || (self.pn && matches!(b, b'^' | b'='))
                        {
                            self.g0 = self.initial.0;
                        }
                    }
                }
                continue;
            }
            match self.g1 {
                G1::Latin1 => self.push_char(char::from(b))?,
                G1::Single(enc) => self.push_run(enc, &[b])?,
                G1::Katakana => match b {
                    0xA1..=0xDF => {
                        let c = char::from_u32(0xFF61 + u32::from(b - 0xA1)).unwrap_or('\u{FFFD}');
                        self.push_char(c)?;
                    }
                    _ => self.invalid()?,
                },
                G1::Ksx1001 | G1::Gb2312 => match bytes.get(i) {
                    Some(&n) if b >= 0xA1 && n >= 0xA1 => {
                        let enc = if self.g1 == G1::Ksx1001 {
                            encoding_rs::EUC_KR
                        } else {
                            encoding_rs::GBK
                        };
                        self.push_run(enc, &[b, n])?;
                        i += 1;
                    }
                    _ => self.invalid()?,
                },
                G1::None => {
                    if self.lenient {
                        self.push_char(char::from(b))?;
                    } else {
                        return Err(ErrorKind::InvalidText("ISO 2022"));
                    }
                }
            }
        }
        self.flush()?;
        Ok(self.out)
    }
}

fn ascii(bytes: &[u8]) -> &str {
    // ASCII is valid UTF-8.
    core::str::from_utf8(bytes).unwrap_or_default()
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms() {
        assert_eq!(CharacterSet::from_value(b""), CharacterSet::DEFAULT);
        assert_eq!(
            CharacterSet::from_value(b"ISO_IR 192 ").repertoire(),
            Some(Repertoire::Utf8)
        );
        let cs = CharacterSet::from_value(b"\\ISO 2022 IR 87");
        assert!(cs.is_supported() && cs.uses_code_extensions());
        let cs = CharacterSet::from_value(b"ISO 2022 IR 100");
        assert!(cs.is_supported() && cs.uses_code_extensions());
        assert_eq!(
            CharacterSet::from_value(b"ISO_IR 144").repertoire(),
            Some(Repertoire::Cyrillic)
        );
        assert!(!CharacterSet::from_value(b"ISO_IR 999").is_supported());
        assert!(!CharacterSet::from_value(b"ISO 2022 IR 6\\ISO_IR 192").is_supported());
        assert!(!CharacterSet::from_value(b"ISO_IR 87").is_supported());
    }

    #[test]
    fn decoding() {
        let d = CharacterSet::DEFAULT;
        assert!(matches!(d.decode(b"ABC", false), Ok(Cow::Borrowed("ABC"))));
        assert_eq!(
            d.decode_kind(b"\xe9", false),
            Err(ErrorKind::InvalidText("ISO_IR 6"))
        );
        assert_eq!(d.decode(b"\xe9", true).unwrap(), "é");
        let u = CharacterSet::from_value(b"ISO_IR 192");
        assert!(matches!(
            u.decode("é".as_bytes(), false),
            Ok(Cow::Borrowed("é"))
        ));
        assert!(u.decode(b"\xff", false).is_err());
        assert_eq!(u.decode(b"\xff", true).unwrap(), "\u{fffd}");
        let j = CharacterSet::from_value(b"\\ISO 2022 IR 87");
        assert_eq!(j.decode(b"Yamada", false).unwrap(), "Yamada");
        // An unknown escape sequence.
        assert_eq!(
            j.decode_kind(b"\x1b%G", false),
            Err(ErrorKind::InvalidText("ISO 2022"))
        );
        assert_eq!(j.decode(b"a\x1b%Gb", true).unwrap(), "a\u{fffd}%Gb");
        assert!(
            CharacterSet::from_value(b"ISO_IR 999")
                .decode(b"\xe9", false)
                .is_err()
        );
    }

    /// The examples of PS3.5 Annex H–K and single-byte sets (PS3.5 Annex E–G style).
    #[test]
    fn standard_examples() {
        let cases: &[(&[u8], &[u8], &str)] = &[
            // H.3.1: Japanese, JIS X 0208 kanji and hiragana.
            (
                b"\\ISO 2022 IR 87",
                b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B",
                "Yamada^Tarou=山田^太郎=やまだ^たろう",
            ),
            // H.3.2: JIS X 0201 katakana as the initial G1 set, with JIS X 0208.
            (
                b"ISO 2022 IR 13\\ISO 2022 IR 87",
                b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3=\x1b$B;3ED\x1b(J^\x1b$BB@O:\x1b(J=\x1b$B$d$^$@\x1b(J^\x1b$B$?$m$&\x1b(J",
                "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            ),
            // ISO_IR 13 without extensions.
            (b"ISO_IR 13", b"\xd4\xcf\xc0\xde", "ﾔﾏﾀﾞ"),
            // JIS X 0212.
            (b"\\ISO 2022 IR 159", b"\x1b$(D0!\x1b(B", "丂"),
            // I.2: Korean.
            (
                b"\\ISO 2022 IR 149",
                b"Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7=\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf",
                "Hong^Gildong=洪^吉洞=홍^길동",
            ),
            // J.3: Chinese, GB 2312 as an ISO 2022 extension.
            (
                b"\\ISO 2022 IR 58",
                b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=",
                "Zhang^XiaoDong=张^小东=",
            ),
            // J.1, J.2: GB 18030 and GBK.
            (
                b"GB18030",
                b"Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=",
                "Wang^XiaoDong=王^小东=",
            ),
            (b"GBK", b"\xcd\xf5^\xd0\xa1\xb6\xab", "王^小东"),
            // GB 18030 four-byte sequence (U+20087).
            (b"GB18030", b"\x95\x32\x90\x31", "\u{20087}"),
            // Single-byte sets.
            (b"ISO_IR 144", b"\xbb\xee\xdace\xdc\xd5\xd9", "Люкceмей"),
            (b"ISO_IR 126", b"\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2", "Διονυσιος"),
            (b"ISO_IR 127", b"\xe2\xc8\xc7\xe6\xca", "قبانت"),
            (b"ISO_IR 138", b"\xf9\xf8\xe5\xef", "שרון"),
            (b"ISO_IR 148", b"\xc7elik", "Çelik"),
            (b"ISO_IR 101", b"Wal\xea\xf3sa", "Walęósa"),
            (b"ISO_IR 203", b"\xa4", "€"),
            (b"ISO_IR 166", b"\xb9\xd2\xc2", "นาย"),
            // Latin-1 switched in by escape sequence.
            (b"ISO 2022 IR 6\\ISO 2022 IR 100", b"\x1b-AM\xfcller", "Müller"),
        ];
        for (term, bytes, want) in cases {
            let cs = CharacterSet::from_value(term);
            assert!(cs.is_supported(), "{term:?}");
            let pn = CharacterSet::decode_value(&cs, bytes, false, true);
            assert_eq!(pn.as_deref(), Ok(*want), "{term:?}");
        }
    }

    #[test]
    fn delimiters_reset_the_sets() {
        let cs = CharacterSet::from_value(b"\\ISO 2022 IR 87");
        // Values return to ASCII before the delimiter; a 05/12 byte inside a two-byte
        // character is not a delimiter.
        assert_eq!(
            cs.decode(b"\x1b$B;3ED\x1b(B\\\x1b$B$d\x1b(B", false)
                .unwrap(),
            "山田\\や"
        );
        assert_eq!(cs.decode(b"\x1b$B!\\\x1b(B", false).unwrap(), "＋");
        // G1 designations last past delimiters.
        let k = CharacterSet::from_value(b"\\ISO 2022 IR 149");
        let v = b"\x1b$)C\xc8\xab^\xb1\xe6";
        assert_eq!(k.decode_value(v, false, true).unwrap(), "홍^길");
    }

    #[test]
    fn encoding() {
        for (term, text) in [
            (&b"ISO_IR 144"[..], "Люкceмй"),
            (b"ISO_IR 126", "Διονυσιος"),
            (b"GB18030", "王^小东\u{20087}"),
            (b"GBK", "王^小东"),
            (b"ISO_IR 100", "Müller"),
            (b"ISO_IR 192", "山田"),
        ] {
            let cs = CharacterSet::from_value(term);
            let bytes = cs.encode(text).unwrap();
            assert_eq!(cs.decode(&bytes, false).unwrap(), text, "{term:?}");
        }
        assert!(
            CharacterSet::from_value(b"ISO_IR 144")
                .encode("山")
                .is_err()
        );
        assert!(
            CharacterSet::from_value(b"\\ISO 2022 IR 87")
                .encode("한")
                .is_err()
        );
    }

    /// Encoding the examples of PS3.5 Annexes H-J gives their bytes back.
    #[test]
    fn iso2022_encoding_reproduces_the_standard_examples() {
        let cases: &[(&[u8], &[u8])] = &[
            (
                b"\\ISO 2022 IR 87",
                b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B",
            ),
            (
                b"ISO 2022 IR 13\\ISO 2022 IR 87",
                b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3=\x1b$B;3ED\x1b(J^\x1b$BB@O:\x1b(J=\x1b$B$d$^$@\x1b(J^\x1b$B$?$m$&\x1b(J",
            ),
            (
                b"\\ISO 2022 IR 149",
                b"Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7=\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf",
            ),
            (
                b"\\ISO 2022 IR 58",
                b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=",
            ),
            (b"\\ISO 2022 IR 159", b"\x1b$(D0!\x1b(B"),
            (b"ISO 2022 IR 6\\ISO 2022 IR 144", b"\x1b-L\xb8\xd2\xd0\xdd"),
        ];
        for (term, bytes) in cases {
            let cs = CharacterSet::from_value(term);
            let text = cs.decode_value(bytes, false, true).unwrap();
            let back = cs.encode(&text);
            assert_eq!(back.as_deref(), Ok(*bytes), "{term:?}");
        }
    }
}
