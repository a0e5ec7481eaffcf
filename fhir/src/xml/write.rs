//! The one generic XML writer, walking the type tables through `&dyn Object`.

use alloc::string::String;
use alloc::vec::Vec;

use quick_xml::events::Event;

use crate::error::{Error, ErrorKind};
use crate::model::{
    ElementType, FieldInfo, FieldRef, Object, PrimitiveDyn, PrimitiveType, TypeKind, ValueRef,
    occupied_fields,
};
use crate::primitive::Lexical;
use crate::swar;
use crate::xml::{FHIR_NS, XHTML_NS};

/// A write error on its way up: the kind and the path segments, innermost first.
pub(crate) struct Fail {
    kind: ErrorKind,
    segs: Vec<String>,
}

impl Fail {
    fn new(kind: ErrorKind) -> Self {
        Fail {
            kind,
            segs: Vec::new(),
        }
    }

    fn at(mut self, name: &str, suffix: &str, index: Option<usize>) -> Self {
        let mut s = String::with_capacity(name.len() + suffix.len() + 4);
        s.push_str(name);
        s.push_str(suffix);
        if let Some(i) = index {
            s.push('[');
            s.push_str(itoa(i).as_str());
            s.push(']');
        }
        self.segs.push(s);
        self
    }

    pub(crate) fn into_error(self, root: &str) -> Error {
        let mut path = String::from(root);
        for s in self.segs.iter().rev() {
            path.push('.');
            path.push_str(s);
        }
        Error::new(self.kind, 0, path)
    }
}

fn itoa(mut n: usize) -> String {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    String::from_utf8_lossy(&buf[i..]).into_owned()
}

pub(crate) struct Writer<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    started: bool,
    indent: usize,
}

type Res<T> = Result<T, Fail>;

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut Vec<u8>, pretty: bool) -> Self {
        Writer {
            out,
            pretty,
            started: false,
            indent: 0,
        }
    }

    fn newline(&mut self) {
        if self.pretty {
            if self.started {
                self.out.push(b'\n');
            }
            self.started = true;
            for _ in 0..self.indent {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// Writes `obj` as the document element `name` (with the FHIR namespace); a resource is
    /// written even when it has no content.
    pub(crate) fn document(&mut self, name: &str, obj: &dyn Object) -> Res<()> {
        let start = self.out.len();
        if !self.element(name, "", obj, true)? {
            self.out.truncate(start);
            self.out.push(b'<');
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b" xmlns=\"");
            self.out.extend_from_slice(FHIR_NS.as_bytes());
            self.out.extend_from_slice(b"\"/>");
        }
        Ok(())
    }

    /// Writes `obj` as element `name`; `false` (and nothing written) when it has no content.
    fn element(&mut self, name: &str, suffix: &str, obj: &dyn Object, xmlns: bool) -> Res<bool> {
        let info = obj.type_info();
        let start = self.out.len();
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        if xmlns {
            self.out.extend_from_slice(b" xmlns=\"");
            self.out.extend_from_slice(FHIR_NS.as_bytes());
            self.out.push(b'"');
        }
        let mut attrs = false;
        let is_resource = info.kind == TypeKind::Resource;
        let occupied = occupied_fields(obj, info);
        for i in occupied {
            let Some(f) = info.fields.get(i) else {
                continue;
            };
            if f.flags & FieldInfo::XML_ATTR == 0 {
                continue;
            }
            if let Some(FieldRef::Plain(slot)) = obj.field(i)
                && let Some(v) = slot.get()
            {
                self.attribute(f.name, v)
                    .map_err(|e| e.at(f.name, "", None))?;
                attrs = true;
            }
        }
        let open_end = self.out.len();
        self.out.push(b'>');
        self.indent += 1;
        let mut children = false;
        for i in occupied {
            let Some(f) = info.fields.get(i) else {
                continue;
            };
            if f.flags & FieldInfo::XML_ATTR != 0 {
                continue;
            }
            let Some(field) = obj.field(i) else { continue };
            children |= self.field(f, field)?;
        }
        self.indent -= 1;
        if !children {
            if !attrs && !is_resource {
                self.out.truncate(start);
                return Ok(false);
            }
            self.out.truncate(open_end);
            self.out.extend_from_slice(b"/>");
            return Ok(true);
        }
        self.close(name, suffix);
        Ok(true)
    }

    fn close(&mut self, name: &str, suffix: &str) {
        self.newline();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        self.out.push(b'>');
    }

    /// One element of an object (all its values); whether anything was written.
    fn field(&mut self, f: &'static FieldInfo, field: FieldRef<'_>) -> Res<bool> {
        let index = |j: usize| if f.is_array() { Some(j) } else { None };
        let mut wrote = false;
        match field {
            FieldRef::Plain(slot) => {
                let Some(v) = slot.get() else {
                    return Ok(false);
                };
                if matches!(f.ty, ElementType::Plain(PrimitiveType::Xhtml)) {
                    self.div(v).map_err(|e| e.at(f.name, "", None))?;
                } else {
                    self.newline();
                    self.out.push(b'<');
                    self.out.extend_from_slice(f.name.as_bytes());
                    self.attribute("value", v)
                        .map_err(|e| e.at(f.name, "", None))?;
                    self.out.extend_from_slice(b"/>");
                }
                wrote = true;
            }
            FieldRef::Primitive(slot) => {
                for j in 0..slot.len() {
                    let Some(p) = slot.get(j) else { continue };
                    wrote |= self
                        .primitive(f.name, "", p)
                        .map_err(|e| e.at(f.name, "", index(j)))?;
                }
            }
            FieldRef::Object(slot) => {
                for j in 0..slot.len() {
                    let Some(o) = slot.get(j) else { continue };
                    wrote |= self
                        .element(f.name, "", o, false)
                        .map_err(|e| e.at(f.name, "", index(j)))?;
                }
            }
            FieldRef::Resource(slot) => {
                for j in 0..slot.len() {
                    let Some(r) = slot.get(j) else { continue };
                    let start = self.out.len();
                    self.newline();
                    self.out.push(b'<');
                    self.out.extend_from_slice(f.name.as_bytes());
                    self.out.push(b'>');
                    self.indent += 1;
                    let obj = r.as_object();
                    let name = obj.type_info().name;
                    if !self
                        .element(name, "", obj, false)
                        .map_err(|e| e.at(f.name, "", index(j)))?
                    {
                        // An empty resource is still a resource.
                        self.newline();
                        self.out.push(b'<');
                        self.out.extend_from_slice(name.as_bytes());
                        self.out.extend_from_slice(b"/>");
                    }
                    self.indent -= 1;
                    self.close(f.name, "");
                    wrote |= self.out.len() > start;
                }
            }
            FieldRef::Choice(slot) => {
                let (Some(v), Some(value)) = (slot.variant(), slot.value()) else {
                    return Ok(false);
                };
                let suffix = f.choices.get(v).map_or("", |c| c.suffix);
                wrote = match value {
                    ValueRef::Primitive(p) => self.primitive(f.name, suffix, p),
                    ValueRef::Object(o) => self.element(f.name, suffix, o, false),
                }
                .map_err(|e| e.at(f.name, suffix, None))?;
            }
        }
        Ok(wrote)
    }

    /// `<name id=".." value="..">` with extension children; `false` (nothing written) when
    /// there is neither value, id nor extension.
    fn primitive(&mut self, name: &str, suffix: &str, p: &dyn PrimitiveDyn) -> Res<bool> {
        let start = self.out.len();
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        let mut any = false;
        let parts = p.parts();
        if let Some(id) = parts.id {
            self.attribute("id", id).map_err(|e| e.at("id", "", None))?;
            any = true;
        }
        match parts.value {
            Some(Lexical::Bool(b)) => {
                self.out.extend_from_slice(if b {
                    b" value=\"true\""
                } else {
                    b" value=\"false\""
                });
                any = true;
            }
            Some(Lexical::Int(i)) => {
                self.out.extend_from_slice(b" value=\"");
                if i < 0 {
                    self.out.push(b'-');
                }
                let n = usize::try_from(i.unsigned_abs()).unwrap_or(usize::MAX);
                self.out.extend_from_slice(itoa(n).as_bytes());
                self.out.push(b'"');
                any = true;
            }
            Some(Lexical::Number(s) | Lexical::Str(s)) => {
                self.attribute("value", s)?;
                any = true;
            }
            _ => {}
        }
        let ext = parts.extension;
        let open_end = self.out.len();
        self.out.push(b'>');
        self.indent += 1;
        let mut children = false;
        for (k, e) in ext.iter().enumerate() {
            children |= self
                .element("extension", "", e, false)
                .map_err(|f| f.at("extension", "", Some(k)))?;
        }
        self.indent -= 1;
        if !children {
            if !any {
                self.out.truncate(start);
                return Ok(false);
            }
            self.out.truncate(open_end);
            self.out.extend_from_slice(b"/>");
            return Ok(true);
        }
        self.close(name, suffix);
        Ok(true)
    }

    /// ` name="value"` with the escapes an attribute value needs to read back unchanged.
    #[inline(always)]
    fn attribute(&mut self, name: &str, value: &str) -> Res<()> {
        self.out.push(b' ');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_attr(self.out, value)?;
        self.out.push(b'"');
        Ok(())
    }

    /// The narrative `div`: its XHTML written as is, after checking that it is one well-formed
    /// `div` element (the XHTML namespace is declared on it when the text lacks it).
    fn div(&mut self, xhtml: &str) -> Res<()> {
        let declares = check_div(xhtml).ok_or_else(|| Fail::new(ErrorKind::InvalidXhtml))?;
        if !xhtml.chars().all(is_xml_char) {
            return Err(Fail::new(ErrorKind::NotXmlCharacter));
        }
        self.newline();
        if declares {
            self.out.extend_from_slice(xhtml.as_bytes());
        } else {
            let rest = xhtml.strip_prefix("<div").unwrap_or(xhtml);
            self.out.extend_from_slice(b"<div xmlns=\"");
            self.out.extend_from_slice(XHTML_NS.as_bytes());
            self.out.push(b'"');
            self.out.extend_from_slice(rest.as_bytes());
        }
        Ok(())
    }
}

/// Whether XML 1.0 can carry `c`.
pub(crate) fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

fn escape_attr(out: &mut Vec<u8>, s: &str) -> Res<()> {
    let b = s.as_bytes();
    out.reserve(b.len());
    let (mut run, mut pos) = (0, 0);
    loop {
        let i = swar::xml_attr_special(b, pos);
        let Some(&c) = b.get(i) else {
            out.extend_from_slice(b.get(run..).unwrap_or_default());
            return Ok(());
        };
        let esc: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\n' => b"&#10;",
            b'\r' => b"&#13;",
            b'\t' => b"&#9;",
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters; other
            // characters starting with EF are.
            0xef if !matches!(b.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => {
                pos = i + 1;
                continue;
            }
            _ => return Err(Fail::new(ErrorKind::NotXmlCharacter)),
        };
        out.extend_from_slice(b.get(run..i).unwrap_or_default());
        out.extend_from_slice(esc);
        run = i + 1;
        pos = i + 1;
    }
}

/// Whether an attribute name is a qualified name of Namespaces in XML 1.0: no empty prefix
/// or local part (`xmlns:`, `:a`, `a:`), at most one colon. A namespace-aware reader treats
/// anything else differently from a plain one, so such XHTML would not read back the same.
fn is_qname(name: &str) -> bool {
    let name = name.as_bytes();
    match name.iter().position(|&b| b == b':') {
        None => !name.is_empty(),
        Some(i) => {
            i > 0 && i + 1 < name.len() && !name.get(i + 1..).is_some_and(|r| r.contains(&b':'))
        }
    }
}

fn attributes_are_qnames(e: &quick_xml::events::BytesStart<'_>) -> Option<()> {
    for a in e.attributes() {
        if !is_qname(a.ok()?.key.as_ref()) {
            return None;
        }
    }
    Some(())
}

/// Checks that `xhtml` is exactly one well-formed element `div` without a prefix (in the XHTML
/// namespace when it declares one): `Some(declares_namespace)`, or `None`.
pub(crate) fn check_div(xhtml: &str) -> Option<bool> {
    if !xhtml.starts_with("<div") {
        return None;
    }
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let (root, is_start) = match reader.read_event().ok()? {
        Event::Start(e) => (e, true),
        Event::Empty(e) => (e, false),
        _ => return None,
    };
    if root.name().as_ref() != "div" {
        return None;
    }
    let mut declares = false;
    for a in root.attributes() {
        let a = a.ok()?;
        if !is_qname(a.key.as_ref()) {
            return None;
        }
        if a.key.as_ref() == "xmlns" {
            if a.value.as_ref() != XHTML_NS {
                return None;
            }
            declares = true;
        }
    }
    if is_start {
        let mut depth = 1usize;
        while depth > 0 {
            match reader.read_event().ok()? {
                Event::Start(e) => {
                    attributes_are_qnames(&e)?;
                    depth += 1;
                }
                Event::Empty(e) => attributes_are_qnames(&e)?,
                Event::End(_) => depth -= 1,
                Event::Eof | Event::DocType(_) | Event::Decl(_) => return None,
                _ => {}
            }
        }
    }
    matches!(reader.read_event().ok()?, Event::Eof).then_some(declares)
}
