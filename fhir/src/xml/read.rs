//! The one generic XML reader: quick-xml's namespace-aware pull parser over `&str` driving the
//! type tables through `&mut dyn Object`.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use crate::error::{Error, ErrorKind, Warning};
use crate::generated::{RESOURCE_TYPES, Resource};
use crate::json::{Mode, ParseOptions};
use crate::model::{
    ElementType, FieldInfo, FieldMut, Object, ObjectSlot, PlainSlot, PrimitiveDyn, PrimitiveType,
    ResourceSlot, TypeKind, ValueMut,
};
use crate::xml::write::check_div;
use crate::xml::{FHIR_NS, XHTML_NS};

/// At most this many warnings are recorded; later ones are counted only.
const MAX_WARNINGS: usize = 10_000;

#[derive(Clone, Copy)]
struct Seg {
    name: &'static str,
    suffix: &'static str,
    index: Option<usize>,
}

/// Which namespace an element is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Fhir,
    Xhtml,
    Other,
}

/// One element event: its start tag, whether it is `<.../>`, its namespace and where it
/// begins.
struct Elem<'a> {
    start: BytesStart<'a>,
    empty: bool,
    ns: Ns,
    at: usize,
}

enum Next<'a> {
    Elem(Elem<'a>),
    End,
}

pub(crate) struct Reader<'a> {
    xml: NsReader<&'a [u8]>,
    s: &'a str,
    /// The length of a byte order mark skipped before `s`.
    bom: usize,
    strict: bool,
    max_depth: u32,
    depth: u32,
    budget: usize,
    path: Vec<Seg>,
    pub(crate) warnings: Vec<Warning>,
    problems: usize,
}

/// A resource type name and the constructor of an empty resource of that type.
type ResourceCtor = (&'static str, fn() -> Resource);

fn find_resource(name: &str) -> Option<ResourceCtor> {
    RESOURCE_TYPES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| RESOURCE_TYPES[i])
}

fn xml_error(e: &quick_xml::Error) -> &'static str {
    use quick_xml::Error as E;
    match e {
        E::Syntax(_) => "malformed markup",
        E::IllFormed(_) => "ill-formed document (unmatched or missing tags)",
        E::InvalidAttr(_) => "malformed attribute",
        E::Encoding(_) => "invalid encoding",
        E::Escape(_) => "invalid character or entity reference",
        E::Namespace(_) => "invalid namespace declaration",
        _ => "malformed XML",
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        let s = match core::str::from_utf8(input) {
            Ok(s) => s,
            Err(e) => return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to(), "")),
        };
        // Characters XML 1.0 excludes (quick-xml does not check them).
        if let Some(at) = first_non_xml_char(input) {
            return Err(Error::new(ErrorKind::NotXmlCharacter, at, ""));
        }
        // A byte order mark is allowed in XML.
        let body = s.strip_prefix('\u{feff}').unwrap_or(s);
        let mut xml = NsReader::from_str(body);
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let budget = opts
            .max_memory
            .unwrap_or_else(|| input.len().saturating_mul(64).max(64 << 20));
        Ok(Reader {
            xml,
            bom: s.len() - body.len(),
            s: body,
            strict: opts.mode == Mode::Strict,
            max_depth: opts.max_depth,
            depth: 0,
            budget,
            path: Vec::with_capacity(16),
            warnings: Vec::new(),
            problems: 0,
        })
    }

    // ---------------------------------------------------------------------------------------
    // Errors and warnings

    fn offset(&self, at: usize) -> usize {
        // Offsets count from the start of the input, byte order mark included.
        at.saturating_add(self.bom)
    }

    fn render_path(&self, extra: Option<&str>) -> String {
        let mut p = String::new();
        for (i, seg) in self.path.iter().enumerate() {
            if i > 0 {
                p.push('.');
            }
            p.push_str(seg.name);
            p.push_str(seg.suffix);
            if let Some(n) = seg.index {
                let _ = write!(p, "[{n}]");
            }
        }
        if let Some(key) = extra {
            if !p.is_empty() {
                p.push('.');
            }
            let plausible = !key.is_empty()
                && key.len() <= 64
                && key
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
            p.push_str(if plausible { key } else { "?" });
        }
        p
    }

    fn err(&self, kind: ErrorKind, at: usize) -> Error {
        Error::new(kind, self.offset(at), self.render_path(None))
    }

    fn problem(&mut self, kind: ErrorKind, at: usize) -> Result<(), Error> {
        self.problem_at(kind, at, None)
    }

    fn problem_at(&mut self, kind: ErrorKind, at: usize, key: Option<&str>) -> Result<(), Error> {
        let offset = self.offset(at);
        if self.strict {
            return Err(Error::new(kind, offset, self.render_path(key)));
        }
        self.problems += 1;
        if self.warnings.len() < MAX_WARNINGS {
            let path = self.render_path(key);
            self.warnings.push(Warning { kind, offset, path });
        }
        Ok(())
    }

    fn charge(&mut self, bytes: usize) -> Result<(), Error> {
        if bytes > self.budget {
            return Err(self.err(ErrorKind::TooLarge, self.pos()));
        }
        self.budget -= bytes;
        Ok(())
    }

    fn enter(&mut self, at: usize) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.err(ErrorKind::TooDeep, at));
        }
        Ok(())
    }

    fn pos(&self) -> usize {
        usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX)
    }

    // ---------------------------------------------------------------------------------------
    // Events

    /// The next element start or end in the current element, skipping comments, processing
    /// instructions and whitespace; other text is a problem.
    fn next(&mut self) -> Result<Next<'a>, Error> {
        loop {
            let at = self.pos();
            let (ns, event) = match self.xml.read_resolved_event() {
                Ok((ns, event)) => (classify(&ns), event),
                Err(e) => {
                    let pos = usize::try_from(self.xml.error_position()).unwrap_or(at);
                    return Err(self.err(ErrorKind::XmlSyntax(xml_error(&e)), pos));
                }
            };
            match event {
                Event::Start(start) => {
                    return Ok(Next::Elem(Elem {
                        start,
                        empty: false,
                        ns,
                        at,
                    }));
                }
                Event::Empty(start) => {
                    return Ok(Next::Elem(Elem {
                        start,
                        empty: true,
                        ns,
                        at,
                    }));
                }
                Event::End(_) => return Ok(Next::End),
                Event::Text(t) => {
                    if !t.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')) {
                        self.problem(ErrorKind::UnexpectedText, at)?;
                    }
                }
                Event::CData(_) | Event::GeneralRef(_) => {
                    self.problem(ErrorKind::UnexpectedText, at)?;
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) => {
                    return Err(self.err(ErrorKind::XmlSyntax("misplaced XML declaration"), at));
                }
                Event::DocType(_) => return Err(self.err(ErrorKind::DocType, at)),
                Event::Eof => {
                    return Err(self.err(ErrorKind::XmlSyntax("unexpected end of input"), at));
                }
            }
        }
    }

    /// Skips the content of an element (after its start tag).
    fn skip(&mut self, e: &Elem<'a>) -> Result<(), Error> {
        if e.empty {
            return Ok(());
        }
        match self.xml.read_to_end(e.start.name()) {
            Ok(_) => Ok(()),
            Err(err) => {
                let pos = usize::try_from(self.xml.error_position()).unwrap_or(e.at);
                Err(self.err(ErrorKind::XmlSyntax(xml_error(&err)), pos))
            }
        }
    }

    /// The attributes of a start tag other than namespace declarations, in order. Keys must be
    /// unique (checked here on the few attributes FHIR elements carry, without the allocation
    /// of quick-xml's own check).
    fn attributes<'e>(
        &mut self,
        e: &'e Elem<'a>,
    ) -> Result<impl Iterator<Item = Attribute<'e>> + use<'e>, Error> {
        let mut small: [Option<Attribute<'e>>; 3] = [const { None }; 3];
        let mut n = 0;
        let mut more = Vec::new();
        let mut keys: [&'e str; 8] = [""; 8];
        let mut nkeys = 0;
        let mut more_keys: Vec<&'e str> = Vec::new();
        let mut iter = e.start.attributes();
        iter.with_checks(false);
        for a in iter {
            let a = match a {
                Ok(a) => a,
                Err(_) => {
                    return Err(self.err(ErrorKind::XmlSyntax("malformed attribute"), e.at));
                }
            };
            let key: &'e str = a.key.into_inner();
            let dup = keys.iter().take(nkeys).any(|k| *k == key) || more_keys.contains(&key);
            if dup {
                return Err(self.err(ErrorKind::XmlSyntax("malformed attribute"), e.at));
            }
            if let Some(slot) = keys.get_mut(nkeys) {
                *slot = key;
                nkeys += 1;
            } else {
                more_keys.push(key);
            }
            if key == "xmlns" || key.starts_with("xmlns:") {
                // `xmlns:` with no prefix is not namespace-well-formed (some readers take it
                // for a default namespace declaration).
                if key == "xmlns:" {
                    return Err(self.err(ErrorKind::XmlSyntax("malformed attribute"), e.at));
                }
                continue;
            }
            if let Some(slot) = small.get_mut(n) {
                *slot = Some(a);
                n += 1;
            } else {
                more.push(a);
            }
        }
        Ok(small.into_iter().flatten().chain(more))
    }

    /// The value of an attribute, normalized and unescaped per XML 1.0.
    fn attr_value<'e>(&mut self, a: &Attribute<'e>, at: usize) -> Result<Cow<'e, str>, Error> {
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => Ok(v),
            Err(_) => Err(self.err(
                ErrorKind::XmlSyntax("invalid character or entity reference"),
                at,
            )),
        }
    }

    /// Checks an attribute value against `ty`: the text, or `None` after a tolerated problem.
    fn checked<'e>(
        &mut self,
        a: &Attribute<'e>,
        ty: PrimitiveType,
        at: usize,
    ) -> Result<Option<Cow<'e, str>>, Error> {
        let v = self.attr_value(a, at)?;
        if v.is_empty() {
            self.problem(ErrorKind::Empty("string"), at)?;
            return Ok(None);
        }
        if !ty.is_valid(&v) {
            self.problem(ErrorKind::InvalidValue(ty), at)?;
            return Ok(None);
        }
        Ok(Some(v))
    }

    // ---------------------------------------------------------------------------------------
    // Documents

    /// The document element: skips the prolog (declaration, comments, processing
    /// instructions, whitespace).
    fn root(&mut self) -> Result<Elem<'a>, Error> {
        loop {
            let at = self.pos();
            let event = match self.xml.read_resolved_event() {
                Ok((ns, event)) => {
                    let ns = classify(&ns);
                    match event {
                        Event::Start(start) => {
                            return Ok(Elem {
                                start,
                                empty: false,
                                ns,
                                at,
                            });
                        }
                        Event::Empty(start) => {
                            return Ok(Elem {
                                start,
                                empty: true,
                                ns,
                                at,
                            });
                        }
                        other => other,
                    }
                }
                Err(e) => {
                    let pos = usize::try_from(self.xml.error_position()).unwrap_or(at);
                    return Err(self.err(ErrorKind::XmlSyntax(xml_error(&e)), pos));
                }
            };
            match event {
                Event::Decl(d) => {
                    if let Some(enc) = d.encoding() {
                        let ok = enc.is_ok_and(|e| {
                            e.eq_ignore_ascii_case("utf-8") || e.eq_ignore_ascii_case("utf8")
                        });
                        if !ok {
                            return Err(
                                self.err(ErrorKind::XmlSyntax("encoding other than UTF-8"), at)
                            );
                        }
                    }
                }
                Event::Text(t) if t.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::DocType(_) => return Err(self.err(ErrorKind::DocType, at)),
                Event::Eof => {
                    return Err(self.err(ErrorKind::XmlSyntax("no root element"), at));
                }
                _ => {
                    return Err(
                        self.err(ErrorKind::XmlSyntax("content before the root element"), at)
                    );
                }
            }
        }
    }

    /// After the document element: only comments, processing instructions and whitespace.
    fn end(&mut self) -> Result<(), Error> {
        loop {
            let at = self.pos();
            match self.xml.read_event() {
                Ok(Event::Eof) => return Ok(()),
                Ok(Event::Comment(_) | Event::PI(_)) => {}
                Ok(Event::Text(t))
                    if t.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n')) => {}
                Ok(_) => return Err(self.err(ErrorKind::TrailingData, at)),
                Err(e) => {
                    let pos = usize::try_from(self.xml.error_position()).unwrap_or(at);
                    return Err(self.err(ErrorKind::XmlSyntax(xml_error(&e)), pos));
                }
            }
        }
    }

    pub(crate) fn document_resource(&mut self) -> Result<Resource, Error> {
        let root = self.root()?;
        if root.ns != Ns::Fhir {
            return Err(self.err(ErrorKind::WrongNamespace, root.at));
        }
        let Some((name, new)) = find_resource(root.start.local_name().as_ref()) else {
            return Err(self.err(ErrorKind::UnknownResourceType, root.at));
        };
        let mut resource = new();
        self.charge(core::mem::size_of_val(resource.as_object()))?;
        self.path.push(Seg {
            name,
            suffix: "",
            index: None,
        });
        self.object(resource.as_object_mut(), &root, true)?;
        self.end()?;
        Ok(resource)
    }

    pub(crate) fn document_object(&mut self, obj: &mut dyn Object) -> Result<(), Error> {
        let info = obj.type_info();
        let root = self.root()?;
        if root.ns != Ns::Fhir {
            return Err(self.err(ErrorKind::WrongNamespace, root.at));
        }
        let resource = info.kind == TypeKind::Resource;
        if resource && root.start.local_name().as_ref() != info.name {
            return Err(self.err(ErrorKind::ResourceTypeMismatch(info.name), root.at));
        }
        self.path.push(Seg {
            name: info.name,
            suffix: "",
            index: None,
        });
        self.object(obj, &root, resource)?;
        self.end()
    }

    // ---------------------------------------------------------------------------------------
    // FHIR structure

    /// Reads the element `e` into `obj`; `false` when it had no content.
    fn object(
        &mut self,
        obj: &mut dyn Object,
        e: &Elem<'a>,
        resource: bool,
    ) -> Result<bool, Error> {
        self.enter(e.at)?;
        let info = obj.type_info();
        let problems_before = self.problems;
        let mut members = 0usize;
        for a in self.attributes(e)? {
            let key = a.key.as_ref();
            let field = info
                .fields
                .iter()
                .enumerate()
                .find(|(_, f)| f.flags & FieldInfo::XML_ATTR != 0 && f.name == key);
            let Some((fi, f)) = field else {
                self.problem_at(ErrorKind::UnknownAttribute, e.at, Some(key))?;
                continue;
            };
            let (Some(FieldMut::Plain(slot)), ElementType::Plain(ty)) = (obj.field_mut(fi), f.ty)
            else {
                continue;
            };
            self.path.push(Seg {
                name: f.name,
                suffix: "",
                index: None,
            });
            if let Some(v) = self.checked(&a, ty, e.at)? {
                slot.set(v.into_owned());
                members += 1;
            }
            self.path.pop();
        }
        let mut last: Option<usize> = None;
        if !e.empty {
            while let Next::Elem(c) = self.next()? {
                members += 1;
                self.child(obj, &c, &mut last)?;
            }
        }
        self.finish(obj, e.at)?;
        self.depth -= 1;
        if members > 0 && self.problems > problems_before {
            members = (0..info.fields.len())
                .filter(|&i| obj.field(i).is_some_and(|f| !f.is_empty()))
                .count();
        }
        if members == 0 && !resource {
            self.problem(ErrorKind::Empty("element"), e.at)?;
            return Ok(false);
        }
        Ok(true)
    }

    /// One child element of an object.
    fn child(
        &mut self,
        obj: &mut dyn Object,
        c: &Elem<'a>,
        last: &mut Option<usize>,
    ) -> Result<(), Error> {
        let info = obj.type_info();
        let local = c.start.local_name();
        let name = local.as_ref();
        let found = info
            .lookup_near(name, last.unwrap_or(0))
            .filter(|&(fi, _)| info.fields[fi].flags & FieldInfo::XML_ATTR == 0);
        let Some((fi, vi)) = found else {
            self.problem_at(ErrorKind::UnknownElement, c.at, Some(name))?;
            return self.skip(c);
        };
        let field = &info.fields[fi];
        let is_div = matches!(field.ty, ElementType::Plain(PrimitiveType::Xhtml));
        let ns_ok = if is_div {
            c.ns == Ns::Xhtml
        } else {
            c.ns == Ns::Fhir
        };
        if !ns_ok {
            self.problem_at(ErrorKind::WrongNamespace, c.at, Some(name))?;
            return self.skip(c);
        }
        let suffix = field.choices.get(vi).map_or("", |ch| ch.suffix);
        // Definition order; repeats only for repeating elements, contiguous.
        match *last {
            Some(l) if fi < l => {
                self.problem_at(ErrorKind::OutOfOrder, c.at, Some(name))?;
            }
            Some(l) if fi == l && !field.is_array() => {
                let kind = if field.is_choice() && current_variant(obj, fi) != Some(vi) {
                    ErrorKind::DuplicateChoice
                } else {
                    ErrorKind::DuplicateKey
                };
                self.problem_at(kind, c.at, Some(name))?;
                return self.skip(c);
            }
            _ => {}
        }
        if !field.is_array() && fi != last.unwrap_or(usize::MAX) {
            // A single element seen before, out of order (lenient): keep the first.
            if obj.field(fi).is_some_and(|f| !f.is_empty()) {
                self.problem_at(ErrorKind::DuplicateKey, c.at, Some(name))?;
                return self.skip(c);
            }
        }
        *last = Some((*last).map_or(fi, |l| l.max(fi)));
        let index = if field.is_array() {
            obj.field(fi).map(|f| f.len())
        } else {
            None
        };
        self.path.push(Seg {
            name: field.name,
            suffix,
            index,
        });
        let r = self.member(obj, fi, field, vi, c);
        self.path.pop();
        r
    }

    fn member(
        &mut self,
        obj: &mut dyn Object,
        fi: usize,
        field: &'static FieldInfo,
        vi: usize,
        c: &Elem<'a>,
    ) -> Result<(), Error> {
        let Some(fm) = obj.field_mut(fi) else {
            return self.skip(c);
        };
        match (fm, field.ty) {
            (FieldMut::Primitive(slot), ElementType::Primitive(ty)) => {
                self.charge(64)?;
                let p = slot.push();
                self.primitive(p, ty, c)?;
                let last = slot.len().saturating_sub(1);
                if slot.get(last).is_some_and(PrimitiveDyn::is_empty) {
                    slot.remove(last);
                }
                Ok(())
            }
            (FieldMut::Choice(slot), _) => {
                let Some(choice) = field.choices.get(vi) else {
                    return self.skip(c);
                };
                match (choice.ty, slot.select(vi)) {
                    (ElementType::Primitive(ty), Some(ValueMut::Primitive(p))) => {
                        self.primitive(p, ty, c)?;
                        if p.is_empty() {
                            slot.clear();
                        }
                        Ok(())
                    }
                    (_, Some(ValueMut::Object(o))) => {
                        self.charge(core::mem::size_of_val(o))?;
                        if !self.object(o, c, false)? {
                            slot.clear();
                        }
                        Ok(())
                    }
                    _ => self.skip(c),
                }
            }
            (FieldMut::Object(slot), _) => {
                let o = slot.push();
                self.charge(core::mem::size_of_val(o))?;
                if !self.object(o, c, false)? {
                    slot.pop();
                }
                Ok(())
            }
            (FieldMut::Resource(slot), _) => self.resource(slot, c),
            (FieldMut::Plain(slot), ElementType::Plain(PrimitiveType::Xhtml)) => self.div(slot, c),
            (FieldMut::Plain(slot), ElementType::Plain(ty)) => self.plain(slot, ty, c),
            _ => self.skip(c),
        }
    }

    /// A primitive element: `id` and `value` attributes, `extension` children.
    fn primitive(
        &mut self,
        p: &mut dyn PrimitiveDyn,
        ty: PrimitiveType,
        e: &Elem<'a>,
    ) -> Result<(), Error> {
        self.enter(e.at)?;
        let problems_before = self.problems;
        for a in self.attributes(e)? {
            match a.key.as_ref() {
                "value" => {
                    if let Some(v) = self.checked(&a, ty, e.at)?
                        && !p.set_lexical(v)
                    {
                        self.problem(ErrorKind::UnknownCode, e.at)?;
                    }
                }
                "id" => {
                    self.path.push(Seg {
                        name: "id",
                        suffix: "",
                        index: None,
                    });
                    let v = self.checked(&a, PrimitiveType::String, e.at);
                    self.path.pop();
                    if let Some(v) = v? {
                        *p.id_mut() = Some(v.into_owned());
                    }
                }
                key => self.problem_at(ErrorKind::UnknownAttribute, e.at, Some(key))?,
            }
        }
        if !e.empty {
            while let Next::Elem(c) = self.next()? {
                let is_ext = c.ns == Ns::Fhir && c.start.local_name().as_ref() == "extension";
                if !is_ext {
                    self.problem_at(
                        ErrorKind::UnknownElement,
                        c.at,
                        Some(c.start.local_name().as_ref()),
                    )?;
                    self.skip(&c)?;
                    continue;
                }
                let exts = p.extension_mut();
                self.path.push(Seg {
                    name: "extension",
                    suffix: "",
                    index: Some(exts.len()),
                });
                let r = self.one_object(exts, &c);
                self.path.pop();
                r?;
            }
        }
        self.depth -= 1;
        if p.is_empty() && self.problems == problems_before {
            self.problem(ErrorKind::Empty("element"), e.at)?;
        }
        Ok(())
    }

    fn one_object(&mut self, slot: &mut dyn ObjectSlot, c: &Elem<'a>) -> Result<(), Error> {
        let o = slot.push();
        self.charge(core::mem::size_of_val(o))?;
        if !self.object(o, c, false)? {
            slot.pop();
        }
        Ok(())
    }

    /// A plain element other than the div (`Resource.id`): a `value` attribute only.
    fn plain(
        &mut self,
        slot: &mut dyn PlainSlot,
        ty: PrimitiveType,
        e: &Elem<'a>,
    ) -> Result<(), Error> {
        self.enter(e.at)?;
        let problems_before = self.problems;
        let mut any = false;
        for a in self.attributes(e)? {
            if a.key.as_ref() == "value" {
                if let Some(v) = self.checked(&a, ty, e.at)? {
                    slot.set(v.into_owned());
                    any = true;
                }
            } else {
                self.problem_at(ErrorKind::UnknownAttribute, e.at, Some(a.key.as_ref()))?;
            }
        }
        if !e.empty {
            while let Next::Elem(c) = self.next()? {
                self.problem_at(
                    ErrorKind::UnknownElement,
                    c.at,
                    Some(c.start.local_name().as_ref()),
                )?;
                self.skip(&c)?;
            }
        }
        self.depth -= 1;
        if !any && self.problems == problems_before {
            self.problem(ErrorKind::Empty("element"), e.at)?;
        }
        Ok(())
    }

    /// The narrative `div`, kept as the exact XHTML text of the element.
    fn div(&mut self, slot: &mut dyn PlainSlot, e: &Elem<'a>) -> Result<(), Error> {
        let start = e.at;
        self.skip(e)?;
        let end = self.pos();
        let Some(text) = self.s.get(start..end) else {
            return Err(self.err(ErrorKind::XmlSyntax("malformed markup"), start));
        };
        // The text must stand on its own as FHIR JSON's div string: one well-formed `div`
        // element, unprefixed, declaring the XHTML namespace itself.
        if check_div(text) != Some(true) {
            self.problem(ErrorKind::InvalidXhtml, start)?;
        }
        if !PrimitiveType::Xhtml.is_valid(text) {
            // Characters a FHIR string cannot hold (such as DEL): reported and left out, as
            // the JSON reader does, so both readers give the same model.
            return self.problem(ErrorKind::InvalidValue(PrimitiveType::Xhtml), start);
        }
        self.charge(text.len())?;
        slot.set(String::from(text));
        Ok(())
    }

    /// `<contained><Patient>...</Patient></contained>`.
    fn resource(&mut self, slot: &mut dyn ResourceSlot, e: &Elem<'a>) -> Result<(), Error> {
        if e.empty {
            return self.problem(ErrorKind::Empty("element"), e.at);
        }
        self.enter(e.at)?;
        for a in self.attributes(e)? {
            self.problem_at(ErrorKind::UnknownAttribute, e.at, Some(a.key.as_ref()))?;
        }
        let mut count = 0;
        while let Next::Elem(c) = self.next()? {
            count += 1;
            if count > 1 {
                self.problem_at(
                    ErrorKind::UnknownElement,
                    c.at,
                    Some(c.start.local_name().as_ref()),
                )?;
                self.skip(&c)?;
                continue;
            }
            if c.ns != Ns::Fhir {
                self.problem(ErrorKind::WrongNamespace, c.at)?;
                self.skip(&c)?;
                continue;
            }
            let Some((_, new)) = find_resource(c.start.local_name().as_ref()) else {
                self.problem(ErrorKind::UnknownResourceType, c.at)?;
                self.skip(&c)?;
                continue;
            };
            let mut r = new();
            self.charge(core::mem::size_of_val(r.as_object()))?;
            self.object(r.as_object_mut(), &c, true)?;
            slot.push(r);
        }
        self.depth -= 1;
        if count == 0 {
            self.problem(ErrorKind::Empty("element"), e.at)?;
        }
        Ok(())
    }

    /// Required elements, once an object is complete.
    fn finish(&mut self, obj: &mut dyn Object, at: usize) -> Result<(), Error> {
        let info = obj.type_info();
        for (i, f) in info.fields.iter().enumerate() {
            if f.min > 0 && obj.field(i).is_none_or(|fr| fr.is_empty()) {
                self.path.push(Seg {
                    name: f.name,
                    suffix: "",
                    index: None,
                });
                let r = self.problem(ErrorKind::MissingRequired, at);
                self.path.pop();
                r?;
            }
        }
        Ok(())
    }
}

/// The offset of the first character XML 1.0 does not allow (a control character other than
/// tab, LF and CR, or U+FFFE/U+FFFF), in UTF-8 input.
fn first_non_xml_char(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i = crate::swar::control_or_ef(b, i);
        let bad = match *b.get(i)? {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1f => true,
            0xef => matches!(b.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])),
            _ => false,
        };
        if bad {
            return Some(i);
        }
        i += 1;
    }
}

fn classify(ns: &ResolveResult<'_>) -> Ns {
    match ns {
        ResolveResult::Bound(Namespace(n)) if *n == FHIR_NS => Ns::Fhir,
        ResolveResult::Bound(Namespace(n)) if *n == XHTML_NS => Ns::Xhtml,
        _ => Ns::Other,
    }
}

fn current_variant(obj: &dyn Object, fi: usize) -> Option<usize> {
    match obj.field(fi)? {
        crate::model::FieldRef::Choice(c) => c.variant(),
        _ => None,
    }
}
