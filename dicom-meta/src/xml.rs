//! Native DICOM Model XML (PS3.19 Annex A) output.

use alloc::string::String;
use core::fmt::{self, Write};

use crate::dataset::{DataSet, Element};
use crate::error::{Error, ErrorKind};
use crate::render::{self, BulkData, MAX_DEPTH, Numbers};
use crate::{Tag, Vr};

/// Options for writing Native DICOM Model XML.
///
/// ```
/// use dicom_meta::XmlOptions;
/// let opts = XmlOptions::new();
/// assert!(opts.namespace && opts.bulk_data.is_none());
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct XmlOptions<'f> {
    /// Declare the PS3.19 namespace `http://dicom.nema.org/PS3.19/models/NativeDICOM` on
    /// the root element (default true).
    pub namespace: bool,
    /// Reference large values by URI (`<BulkData uri="…"/>`) instead of `InlineBinary`.
    pub bulk_data: Option<BulkData<'f>>,
}

impl Default for XmlOptions<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for XmlOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XmlOptions")
            .field("namespace", &self.namespace)
            .field("bulk_data", &self.bulk_data)
            .finish()
    }
}

impl<'f> XmlOptions<'f> {
    /// With the namespace, every value inline.
    pub const fn new() -> Self {
        XmlOptions {
            namespace: true,
            bulk_data: None,
        }
    }

    /// The same options without the namespace declaration.
    pub const fn without_namespace(mut self) -> Self {
        self.namespace = false;
        self
    }

    /// The same options with bulk data references.
    pub const fn bulk_data(mut self, bulk: BulkData<'f>) -> Self {
        self.bulk_data = Some(bulk);
        self
    }
}

const NAMESPACE: &str = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

impl DataSet<'_> {
    /// The data set as a Native DICOM Model XML document (PS3.19 A.1), UTF-8: one
    /// `DicomAttribute` per element in ascending tag order (group lengths left out) with
    /// `tag`, `vr`, `keyword` for standard elements and `privateCreator` for private ones
    /// (whose `tag` then has the form `gggg00ee`); `Value` elements numbered from 1 (empty
    /// ones too), `PersonName` with its non-empty groups and components, `Item`s,
    /// `InlineBinary` (base64, little endian) or `BulkData`.
    ///
    /// ```
    /// use dicom_meta::{DataSet, TransferSyntax, XmlOptions};
    /// let bytes = b"\x10\x00\x10\x00PN\x08\x00Doe^Jane\x28\x00\x10\x00US\x02\x00\x00\x02";
    /// let ds = DataSet::parse(bytes, TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let xml = ds.to_xml(&XmlOptions::new().without_namespace())?;
    /// assert_eq!(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
    /// <NativeDicomModel xml:space=\"preserve\">
    /// <DicomAttribute tag=\"00100010\" vr=\"PN\" keyword=\"PatientName\">
    /// <PersonName number=\"1\">
    /// <Alphabetic>
    /// <FamilyName>Doe</FamilyName>
    /// <GivenName>Jane</GivenName>
    /// </Alphabetic>
    /// </PersonName>
    /// </DicomAttribute>
    /// <DicomAttribute tag=\"00280010\" vr=\"US\" keyword=\"Rows\">
    /// <Value number=\"1\">512</Value>
    /// </DicomAttribute>
    /// </NativeDicomModel>
    /// ");
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn to_xml(&self, opts: &XmlOptions<'_>) -> Result<String, Error> {
        let mut out = String::with_capacity(self.raw().len() * 3 + 128);
        self.to_xml_into(opts, &mut out)?;
        Ok(out)
    }

    /// [`DataSet::to_xml`] appending to `out` (which holds a partial document on error).
    ///
    /// ```
    /// # let ds = dicom_meta::DataSet::parse(b"\x08\x00\x60\x00CS\x02\x00CT", dicom_meta::TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN)?;
    /// let mut out = String::new();
    /// ds.to_xml_into(&dicom_meta::XmlOptions::new(), &mut out)?;
    /// assert!(out.contains("<Value number=\"1\">CT</Value>"));
    /// # Ok::<(), dicom_meta::Error>(())
    /// ```
    pub fn to_xml_into(&self, opts: &XmlOptions<'_>, out: &mut String) -> Result<(), Error> {
        out.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel xml:space=\"preserve\"",
        );
        if opts.namespace {
            out.push_str(" xmlns=\"");
            out.push_str(NAMESPACE);
            out.push('"');
        }
        out.push_str(">\n");
        let mut w = Writer { out, opts };
        w.level(self.elements(), self.ordered, 0)?;
        w.out.push_str("</NativeDicomModel>\n");
        Ok(())
    }
}

struct Writer<'o, 'f> {
    out: &'o mut String,
    opts: &'o XmlOptions<'f>,
}

impl Writer<'_, '_> {
    fn level<'d, 'a: 'd>(
        &mut self,
        elements: impl Iterator<Item = Element<'d, 'a>>,
        ordered: bool,
        depth: u32,
    ) -> Result<(), Error> {
        for e in render::ordered(elements, ordered) {
            self.element(&e, depth)?;
        }
        Ok(())
    }

    fn element(&mut self, e: &Element<'_, '_>, depth: u32) -> Result<(), Error> {
        let vr = if e.is_sequence() { Vr::SQ } else { e.vr() };
        let tag = e.tag();
        let creator = if tag.is_private() && !tag.is_private_creator() {
            e.private_creator()
        } else {
            None
        };
        self.out.push_str("<DicomAttribute tag=\"");
        // PS3.19 Table A.1.5-2: a private element with a known creator is `gggg00ee`.
        let shown = if creator.is_some() {
            Tag::new(tag.group(), tag.element() & 0xFF)
        } else {
            tag
        };
        render::tag_hex(shown, self.out);
        self.out.push_str("\" vr=\"");
        self.out.push_str(vr.as_str());
        self.out.push('"');
        if let Some(k) = e.keyword().filter(|_| !tag.is_private()) {
            self.out.push_str(" keyword=\"");
            self.out.push_str(k);
            self.out.push('"');
        }
        if let Some(c) = &creator {
            self.out.push_str(" privateCreator=\"");
            escape(c, self.out);
            self.out.push('"');
        }
        self.out.push_str(">\n");
        self.content(e, vr, depth)?;
        self.out.push_str("</DicomAttribute>\n");
        Ok(())
    }

    fn content(&mut self, e: &Element<'_, '_>, vr: Vr, depth: u32) -> Result<(), Error> {
        if e.is_sequence() {
            if e.item_count() > 0 && depth >= MAX_DEPTH {
                return Err(e.locate(ErrorKind::TooDeep(MAX_DEPTH)));
            }
            for (n, item) in e.items().enumerate() {
                let _ = writeln!(self.out, "<Item number=\"{}\">", n + 1);
                self.level(item.elements(), e.data_set().ordered, depth + 1)?;
                self.out.push_str("</Item>\n");
            }
            return Ok(());
        }
        if let Some(uri) = self.opts.bulk_data.as_ref().and_then(|b| b.uri_for(e)) {
            self.out.push_str("<BulkData uri=\"");
            escape(&uri, self.out);
            self.out.push_str("\"/>\n");
            return Ok(());
        }
        if e.value().is_empty() && !e.is_encapsulated() {
            return Ok(());
        }
        let binary = render::lenient_malformed(e)
            || matches!(
                vr,
                Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW | Vr::UN
            );
        match vr {
            _ if binary => {
                self.out.push_str("<InlineBinary>");
                crate::base64::encode_into(&render::le_binary(e), self.out);
                self.out.push_str("</InlineBinary>\n");
            }
            Vr::PN => {
                let names = e.person_names()?;
                if names.len() == 1 && names.iter().all(|n| n.is_empty()) {
                    return Ok(());
                }
                for (n, name) in names.iter().enumerate() {
                    if name.is_empty() {
                        let _ = writeln!(self.out, "<PersonName number=\"{}\"/>", n + 1);
                        continue;
                    }
                    let _ = writeln!(self.out, "<PersonName number=\"{}\">", n + 1);
                    for (gname, group) in [
                        ("Alphabetic", &name.alphabetic),
                        ("Ideographic", &name.ideographic),
                        ("Phonetic", &name.phonetic),
                    ] {
                        if group.is_empty() {
                            continue;
                        }
                        let _ = writeln!(self.out, "<{gname}>");
                        for (i, cname) in [
                            "FamilyName",
                            "GivenName",
                            "MiddleName",
                            "NamePrefix",
                            "NameSuffix",
                        ]
                        .iter()
                        .enumerate()
                        {
                            let c = group.component(i);
                            if !c.is_empty() {
                                let _ = write!(self.out, "<{cname}>");
                                escape(c, self.out);
                                let _ = writeln!(self.out, "</{cname}>");
                            }
                        }
                        let _ = writeln!(self.out, "</{gname}>");
                    }
                    self.out.push_str("</PersonName>\n");
                }
            }
            Vr::AT => {
                for (n, t) in e.tags()?.enumerate() {
                    let _ = write!(self.out, "<Value number=\"{}\">", n + 1);
                    render::tag_hex(t, self.out);
                    self.out.push_str("</Value>\n");
                }
            }
            Vr::US | Vr::SS | Vr::UL | Vr::SL | Vr::UV | Vr::SV | Vr::FL | Vr::FD => {
                match render::numbers(e)? {
                    Numbers::Int(v) => {
                        for (n, x) in v.iter().enumerate() {
                            let _ = writeln!(self.out, "<Value number=\"{}\">{x}</Value>", n + 1);
                        }
                    }
                    Numbers::Float(v, single) => {
                        for (n, &x) in v.iter().enumerate() {
                            let _ = write!(self.out, "<Value number=\"{}\">", n + 1);
                            if !render::float_text(x, single, self.out) {
                                // xs:double spelling.
                                self.out.push_str(match render::non_finite(x) {
                                    "NaN" => "NaN",
                                    "Infinity" => "INF",
                                    _ => "-INF",
                                });
                            }
                            self.out.push_str("</Value>\n");
                        }
                    }
                }
            }
            _ => {
                let values = e.strings()?;
                if values.len() == 1 && values.iter().all(|v| v.is_empty()) {
                    return Ok(());
                }
                for (n, v) in values.iter().enumerate() {
                    if v.is_empty() {
                        let _ = writeln!(self.out, "<Value number=\"{}\"/>", n + 1);
                    } else {
                        let _ = write!(self.out, "<Value number=\"{}\">", n + 1);
                        escape(v, self.out);
                        self.out.push_str("</Value>\n");
                    }
                }
            }
        }
        Ok(())
    }
}

/// Escapes text for XML content and attribute values; characters XML 1.0 cannot carry
/// (controls other than tab, line feed and carriage return) become U+FFFD.
fn escape(s: &str, out: &mut String) {
    let needs = s.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
            || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    });
    if !needs {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}
