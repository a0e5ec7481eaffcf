//! The one generic JSON reader: a small hand-written JSON scanner over `&[u8]` driving the
//! type tables through `&mut dyn Object`.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::error::{Error, ErrorKind, Warning};
use crate::generated::{RESOURCE_TYPES, Resource, build_resource};
use crate::json::{Mode, ParseOptions};
use crate::lexical::json_number_len;
use crate::model::{
    ElementType, FieldInfo, FieldMut, JsonKind, Object, ObjectSlot, PlainSlot, PrimitiveDyn,
    PrimitiveSlot, PrimitiveType, ResourceSlot, TypeInfo, TypeKind, ValueMut,
};
use crate::swar;

/// At most this many warnings are recorded; later ones are counted only.
const MAX_WARNINGS: usize = 10_000;

/// One step of the location path.
#[derive(Clone, Copy)]
struct Seg {
    name: &'static str,
    suffix: &'static str,
    index: Option<usize>,
}

impl Seg {
    fn new(name: &'static str) -> Self {
        Seg {
            name,
            suffix: "",
            index: None,
        }
    }
}

pub(crate) struct Reader<'a> {
    b: &'a [u8],
    s: &'a str,
    pos: usize,
    strict: bool,
    max_depth: u32,
    depth: u32,
    budget: usize,
    path: Vec<Seg>,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) dropped_warnings: usize,
    /// Problems tolerated so far (recorded or not).
    problems: usize,
}

fn kind_name(k: JsonKind) -> &'static str {
    match k {
        JsonKind::Bool => "boolean",
        JsonKind::Number => "number",
        JsonKind::String => "string",
    }
}

/// A resource type name and the constructor of an empty resource of that type.
type ResourceCtor = (&'static str, fn() -> Resource);

fn find_resource(name: &str) -> Option<ResourceCtor> {
    RESOURCE_TYPES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| RESOURCE_TYPES[i])
}

impl<'a> Reader<'a> {
    /// A reader over `input`; checks UTF-8 (and a byte order mark) first.
    pub(crate) fn new(input: &'a [u8], opts: &ParseOptions) -> Result<Self, Error> {
        let strict = opts.mode == Mode::Strict;
        let mut warnings = Vec::new();
        let mut start = 0;
        if input.starts_with(b"\xEF\xBB\xBF") {
            if strict {
                return Err(Error::new(ErrorKind::ByteOrderMark, 0, ""));
            }
            warnings.push(Warning {
                kind: ErrorKind::ByteOrderMark,
                offset: 0,
                path: String::new(),
            });
            start = 3;
        }
        let s = match core::str::from_utf8(input) {
            Ok(s) => s,
            Err(e) => return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to(), "")),
        };
        let budget = opts
            .max_memory
            .unwrap_or_else(|| input.len().saturating_mul(64).max(64 << 20));
        Ok(Reader {
            b: input,
            s,
            pos: start,
            strict,
            max_depth: opts.max_depth,
            depth: 0,
            budget,
            path: Vec::with_capacity(16),
            warnings,
            dropped_warnings: 0,
            problems: 0,
        })
    }

    // ---------------------------------------------------------------------------------------
    // Errors and warnings

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
            // Keys are echoed only when they look like element names, so that an error never
            // repeats arbitrary input.
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
        Error::new(kind, at, self.render_path(None))
    }

    fn syntax(&self, what: &'static str) -> Error {
        self.err(ErrorKind::Syntax(what), self.pos)
    }

    /// A problem strict parsing rejects and lenient parsing records as a warning.
    fn problem(&mut self, kind: ErrorKind, at: usize) -> Result<(), Error> {
        self.problem_at(kind, at, None)
    }

    fn problem_at(&mut self, kind: ErrorKind, at: usize, key: Option<&str>) -> Result<(), Error> {
        if self.strict {
            return Err(Error::new(kind, at, self.render_path(key)));
        }
        self.problems += 1;
        if self.warnings.len() < MAX_WARNINGS {
            let path = self.render_path(key);
            self.warnings.push(Warning {
                kind,
                offset: at,
                path,
            });
        } else {
            self.dropped_warnings += 1;
        }
        Ok(())
    }

    fn charge(&mut self, bytes: usize) -> Result<(), Error> {
        if bytes > self.budget {
            return Err(self.err(ErrorKind::TooLarge, self.pos));
        }
        self.budget -= bytes;
        Ok(())
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.err(ErrorKind::TooDeep, self.pos));
        }
        Ok(())
    }

    fn set_index(&mut self, i: Option<usize>) {
        if let Some(seg) = self.path.last_mut() {
            seg.index = i;
        }
    }

    // ---------------------------------------------------------------------------------------
    // JSON scanning

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn literal(&mut self, word: &'static str) -> Result<(), Error> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.syntax("invalid literal"))
        }
    }

    fn is_null(&self) -> bool {
        self.peek() == Some(b'n')
    }

    fn number(&mut self) -> Result<&'a str, Error> {
        match json_number_len(&self.b[self.pos..]) {
            Some(n) => {
                let s = self
                    .s
                    .get(self.pos..self.pos + n)
                    .ok_or_else(|| self.syntax("invalid number"))?;
                self.pos += n;
                Ok(s)
            }
            None => Err(self.syntax("invalid number")),
        }
    }

    /// A JSON string; the reader is at its opening quote.
    #[inline(always)]
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let start = self.pos + 1;
        let i = swar::json_plain_end(self.b, start);
        if self.b.get(i) == Some(&b'"')
            && let Some(s) = self.s.get(start..i)
        {
            self.pos = i + 1;
            return Ok(Cow::Borrowed(s));
        }
        self.string_slow(start, i)
    }

    /// The rest of [`Reader::string`] once its first run of plain characters ends at `i` with
    /// something other than the closing quote: escapes, or an error.
    #[inline(never)]
    #[cold]
    fn string_slow(&mut self, start: usize, mut i: usize) -> Result<Cow<'a, str>, Error> {
        match self.b.get(i) {
            None => {
                self.pos = i;
                return Err(self.syntax("unterminated string"));
            }
            Some(b'"') => {
                self.pos = i + 1;
                return self
                    .s
                    .get(start..i)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| self.syntax("invalid string"));
            }
            Some(b'\\') => {}
            Some(_) => {
                self.pos = i;
                return Err(self.syntax("control character in string"));
            }
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(self.s.get(start..i).unwrap_or(""));
        loop {
            match self.b.get(i) {
                None => {
                    self.pos = i;
                    return Err(self.syntax("unterminated string"));
                }
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    let c = match self.b.get(i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let (c, len) = self.unicode_escape(i)?;
                            out.push(c);
                            i += len;
                            continue;
                        }
                        _ => {
                            self.pos = i;
                            return Err(self.syntax("invalid escape"));
                        }
                    };
                    out.push(c);
                    i += 2;
                }
                Some(0..=0x1f) => {
                    self.pos = i;
                    return Err(self.syntax("control character in string"));
                }
                Some(_) => {
                    let run = i;
                    i = swar::json_plain_end(self.b, i);
                    out.push_str(self.s.get(run..i).unwrap_or(""));
                }
            }
        }
    }

    /// `\uXXXX` (or a surrogate pair) at `i`: the character and the bytes consumed.
    fn unicode_escape(&mut self, i: usize) -> Result<(char, usize), Error> {
        let hex = |at: usize| -> Option<u32> {
            let h = self.b.get(at..at + 4)?;
            let s = core::str::from_utf8(h).ok()?;
            if !h.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            u32::from_str_radix(s, 16).ok()
        };
        let bad = |r: &mut Self| {
            r.pos = i;
            r.syntax("invalid unicode escape")
        };
        let Some(hi) = hex(i + 2) else {
            return Err(bad(self));
        };
        if (0xD800..0xDC00).contains(&hi) {
            if self.b.get(i + 6..i + 8) != Some(b"\\u") {
                return Err(bad(self));
            }
            let Some(lo) = hex(i + 8) else {
                return Err(bad(self));
            };
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(bad(self));
            }
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return char::from_u32(c).map(|c| (c, 12)).ok_or_else(|| bad(self));
        }
        char::from_u32(hi).map(|c| (c, 6)).ok_or_else(|| bad(self))
    }

    /// Moves to the next member of an object or array: `true` when there is one (the reader is
    /// at its start), `false` after the closing bracket.
    #[inline(always)]
    fn next_member(&mut self, first: &mut bool, close: u8) -> Result<bool, Error> {
        self.ws();
        if *first {
            *first = false;
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(false);
            }
            return Ok(true);
        }
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.ws();
                if self.peek() == Some(close) {
                    return Err(self.syntax("trailing comma"));
                }
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.syntax(if close == b'}' {
                "expected ',' or '}'"
            } else {
                "expected ',' or ']'"
            })),
        }
    }

    /// An object key and its colon; the reader is then at the value.
    #[inline(always)]
    fn key(&mut self) -> Result<Cow<'a, str>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a key"));
        }
        // Fast path: a key without escapes, followed directly by its colon.
        let start = self.pos + 1;
        let end = swar::json_plain_end(self.b, start);
        if self.b.get(end) == Some(&b'"')
            && self.b.get(end + 1) == Some(&b':')
            && let Some(k) = self.s.get(start..end)
        {
            self.pos = end + 2;
            self.ws();
            return Ok(Cow::Borrowed(k));
        }
        let k = self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected ':'"));
        }
        self.pos += 1;
        self.ws();
        Ok(k)
    }

    /// Skips one JSON value (checking its syntax).
    fn skip_value(&mut self) -> Result<(), Error> {
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                let mut first = true;
                while self.next_member(&mut first, b'}')? {
                    self.key()?;
                    self.skip_value()?;
                }
                self.depth -= 1;
            }
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                let mut first = true;
                while self.next_member(&mut first, b']')? {
                    self.skip_value()?;
                }
                self.depth -= 1;
            }
            Some(b'"') => {
                self.string()?;
            }
            Some(b't') => self.literal("true")?,
            Some(b'f') => self.literal("false")?,
            Some(b'n') => self.literal("null")?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
            }
            _ => return Err(self.syntax("expected a value")),
        }
        Ok(())
    }

    // ---------------------------------------------------------------------------------------
    // FHIR structure

    /// Parses a whole document into a resource of any type.
    pub(crate) fn document_resource(&mut self) -> Result<Resource, Error> {
        self.ws();
        if self.peek() != Some(b'{') {
            return Err(self.syntax("expected an object"));
        }
        let at = self.pos;
        let Some((name_at, name)) = self.find_resource_type()? else {
            return Err(self.err(ErrorKind::MissingResourceType, at));
        };
        let Some((index, name)) = RESOURCE_TYPES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
            .ok()
            .map(|i| (i, RESOURCE_TYPES[i].0))
        else {
            return Err(self.err(ErrorKind::UnknownResourceType, name_at));
        };
        // The top-level resource is filled on the stack and boxed once complete.
        let mut fill = |obj: &mut dyn Object| -> Result<(), Error> {
            self.charge(core::mem::size_of_val(obj))?;
            self.path.push(Seg::new(name));
            self.object(obj, true).map(|_| ())
        };
        let resource = match build_resource(index, &mut fill) {
            Some(r) => r?,
            None => return Err(self.err(ErrorKind::UnknownResourceType, name_at)),
        };
        self.end()?;
        Ok(resource)
    }

    /// Parses a whole document into `obj` (a resource of that type or a data type).
    pub(crate) fn document_object(&mut self, obj: &mut dyn Object) -> Result<(), Error> {
        let info = obj.type_info();
        self.ws();
        if self.peek() != Some(b'{') {
            return Err(self.syntax("expected an object"));
        }
        let resource = info.kind == TypeKind::Resource;
        if resource {
            let at = self.pos;
            match self.find_resource_type()? {
                None => return Err(self.err(ErrorKind::MissingResourceType, at)),
                Some((at, name)) if name != info.name => {
                    return Err(self.err(ErrorKind::ResourceTypeMismatch(info.name), at));
                }
                Some(_) => {}
            }
        }
        self.path.push(Seg::new(info.name));
        self.object(obj, resource)?;
        self.end()
    }

    fn end(&mut self) -> Result<(), Error> {
        self.ws();
        if self.pos != self.b.len() {
            return Err(self.err(ErrorKind::TrailingData, self.pos));
        }
        Ok(())
    }

    /// Looks ahead in the object at the reader for its `resourceType` (usually the first key)
    /// without moving the reader.
    fn find_resource_type(&mut self) -> Result<Option<(usize, Cow<'a, str>)>, Error> {
        let (save, depth) = (self.pos, self.depth);
        self.enter()?;
        self.pos += 1;
        let mut first = true;
        let mut found = None;
        while self.next_member(&mut first, b'}')? {
            let key = self.key()?;
            if key == "resourceType" {
                let at = self.pos;
                if self.peek() == Some(b'"') {
                    found = Some((at, self.string()?));
                }
                break;
            }
            self.skip_value()?;
        }
        self.pos = save;
        self.depth = depth;
        Ok(found)
    }

    /// Reads the object at the reader into `obj`; `false` when it was empty.
    fn object(&mut self, obj: &mut dyn Object, resource: bool) -> Result<bool, Error> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let info = obj.type_info();
        let problems_before = self.problems;
        let mut seen = [0u64; 4];
        let mut seen_type = false;
        let mut hint = 0;
        let mut members = 0usize;
        let mut first = true;
        while self.next_member(&mut first, b'}')? {
            let key_at = self.pos;
            let key = self.key()?;
            if resource && key == "resourceType" {
                if seen_type {
                    self.problem(ErrorKind::DuplicateKey, key_at)?;
                }
                seen_type = true;
                self.skip_value()?;
                continue;
            }
            members += 1;
            let (under, name) = match key.strip_prefix('_') {
                Some(n) => (true, n),
                None => (false, &*key),
            };
            let Some((fi, vi)) = info.lookup_near(name, hint) else {
                self.problem_at(ErrorKind::UnknownElement, key_at, Some(&key))?;
                self.skip_value()?;
                continue;
            };
            hint = fi + 1;
            let field = &info.fields[fi];
            let (word, bit) = (usize::from(under) * 2 + fi / 64, 1u64 << (fi % 64));
            if seen[word] & bit != 0 {
                let kind = if field.is_choice() && current_variant(obj, fi) != Some(vi) {
                    ErrorKind::DuplicateChoice
                } else {
                    ErrorKind::DuplicateKey
                };
                self.problem_at(kind, key_at, Some(name))?;
                self.skip_value()?;
                continue;
            }
            seen[word] |= bit;
            let suffix = field.choices.get(vi).map_or("", |c| c.suffix);
            self.path.push(Seg {
                name: field.name,
                suffix,
                index: None,
            });
            self.member(obj, fi, field, vi, under, key_at, &key)?;
            self.path.pop();
        }
        self.finish(obj, info, &seen, start)?;
        self.depth -= 1;
        if members > 0 && self.problems > problems_before {
            // Lenient mode may have skipped every member: what counts is what was kept.
            members = (0..info.fields.len())
                .filter(|&i| obj.field(i).is_some_and(|f| !f.is_empty()))
                .count();
        }
        if members == 0 && !resource {
            self.problem(ErrorKind::Empty("object"), start)?;
            return Ok(false);
        }
        Ok(true)
    }

    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        obj: &mut dyn Object,
        fi: usize,
        field: &'static FieldInfo,
        vi: usize,
        under: bool,
        key_at: usize,
        key: &str,
    ) -> Result<(), Error> {
        let Some(fm) = obj.field_mut(fi) else {
            return Err(self.err(ErrorKind::UnknownElement, key_at));
        };
        match (fm, field.ty) {
            (FieldMut::Primitive(slot), ElementType::Primitive(ty)) => {
                if under {
                    self.primitive_ext(slot, field.is_array())
                } else {
                    self.primitive_values(slot, ty, field.is_array())
                }
            }
            (FieldMut::Choice(slot), _) => {
                let Some(choice) = field.choices.get(vi) else {
                    return Err(self.err(ErrorKind::UnknownElement, key_at));
                };
                if slot.variant().is_some_and(|v| v != vi) {
                    self.path.pop();
                    let name = key.strip_prefix('_').unwrap_or(key);
                    self.problem_at(ErrorKind::DuplicateChoice, key_at, Some(name))?;
                    self.path.push(Seg::new(field.name));
                    return self.skip_value();
                }
                match choice.ty {
                    ElementType::Primitive(ty) => {
                        let Some(ValueMut::Primitive(p)) = slot.select(vi) else {
                            return Err(self.err(ErrorKind::UnknownElement, key_at));
                        };
                        if under {
                            self.primitive_ext_single(p)?;
                        } else {
                            self.primitive_single(p, ty)?;
                        }
                        if matches!(slot.value(), Some(crate::model::ValueRef::Primitive(p)) if p.is_empty())
                        {
                            slot.clear();
                        }
                        Ok(())
                    }
                    _ if under => {
                        self.path.pop();
                        self.problem_at(ErrorKind::UnknownElement, key_at, Some(key))?;
                        self.path.push(Seg::new(field.name));
                        self.skip_value()
                    }
                    _ => {
                        let at = self.pos;
                        if !self.expect_object(at)? {
                            return Ok(());
                        }
                        let Some(ValueMut::Object(o)) = slot.select(vi) else {
                            return Err(self.err(ErrorKind::UnknownElement, key_at));
                        };
                        self.charge(core::mem::size_of_val(o))?;
                        if !self.object(o, false)? {
                            slot.clear();
                        }
                        Ok(())
                    }
                }
            }
            (FieldMut::Object(slot), _) if !under => self.objects(slot, field.is_array()),
            (FieldMut::Resource(slot), _) if !under => self.resources(slot, field.is_array()),
            (FieldMut::Plain(slot), ElementType::Plain(ty)) if !under => self.plain(slot, ty),
            _ => {
                self.path.pop();
                self.problem_at(ErrorKind::UnknownElement, key_at, Some(key))?;
                self.path.push(Seg::new(field.name));
                self.skip_value()
            }
        }
    }

    /// Checks required elements and nulls in primitive arrays once an object is complete.
    fn finish(
        &mut self,
        obj: &mut dyn Object,
        info: &'static TypeInfo,
        seen: &[u64; 4],
        at: usize,
    ) -> Result<(), Error> {
        let n = info.fields.len();
        // Only the required elements and repeating primitives (all of a large type).
        let mut checks = info.checks;
        let mut next = 0usize;
        loop {
            let i = if n > 64 {
                if next >= n {
                    break;
                }
                next += 1;
                next - 1
            } else {
                if checks == 0 {
                    break;
                }
                let i = checks.trailing_zeros() as usize;
                checks &= checks - 1;
                i
            };
            let Some(f) = info.fields.get(i) else { break };
            let primitive_array = f.is_array() && matches!(f.ty, ElementType::Primitive(_));
            if f.min == 0 && !primitive_array {
                continue;
            }
            let bit = 1u64 << (i % 64);
            let was_seen = (seen[i / 64] | seen[2 + i / 64]) & bit != 0;
            if f.min > 0 && (!was_seen || obj.field(i).is_none_or(|fr| fr.is_empty())) {
                self.path.push(Seg::new(f.name));
                let r = self.problem(ErrorKind::MissingRequired, at);
                self.path.pop();
                r?;
            }
            if was_seen && primitive_array {
                let Some(FieldMut::Primitive(slot)) = obj.field_mut(i) else {
                    continue;
                };
                let (mut j, mut k) = (0, 0);
                while j < slot.len() {
                    if slot.get(j).is_some_and(PrimitiveDyn::is_empty) {
                        self.path.push(Seg {
                            name: f.name,
                            suffix: "",
                            index: Some(k),
                        });
                        let r = self.problem(ErrorKind::NullNotAllowed, at);
                        self.path.pop();
                        r?;
                        slot.remove(j);
                    } else {
                        j += 1;
                    }
                    k += 1;
                }
            }
        }
        Ok(())
    }

    /// Whether the value at the reader is an object; reports (and skips) anything else.
    #[inline(always)]
    fn expect_object(&mut self, at: usize) -> Result<bool, Error> {
        if self.peek() == Some(b'{') {
            return Ok(true);
        }
        self.not_object(at)
    }

    /// [`Reader::expect_object`] when the value is not an object.
    #[inline(never)]
    #[cold]
    fn not_object(&mut self, at: usize) -> Result<bool, Error> {
        match self.peek() {
            Some(b'{') => Ok(true),
            Some(b'n') => {
                self.literal("null")?;
                self.problem(ErrorKind::NullNotAllowed, at)?;
                Ok(false)
            }
            _ => {
                self.skip_value()?;
                self.problem(ErrorKind::WrongType("object"), at)?;
                Ok(false)
            }
        }
    }

    /// A scalar for a primitive of type `ty`: its checked lexical form, or `None` after a
    /// tolerated problem.
    #[inline(always)]
    fn scalar(&mut self, ty: PrimitiveType) -> Result<Option<Cow<'a, str>>, Error> {
        let at = self.pos;
        let want = ty.json_kind();
        let (text, got) = match self.peek() {
            Some(b'"') => (self.string()?, JsonKind::String),
            Some(b't') => {
                self.literal("true")?;
                (Cow::Borrowed("true"), JsonKind::Bool)
            }
            Some(b'f') => {
                self.literal("false")?;
                (Cow::Borrowed("false"), JsonKind::Bool)
            }
            Some(b'-' | b'0'..=b'9') => (Cow::Borrowed(self.number()?), JsonKind::Number),
            Some(b'n') => {
                self.literal("null")?;
                self.problem(ErrorKind::NullNotAllowed, at)?;
                return Ok(None);
            }
            Some(b'{' | b'[') => {
                self.skip_value()?;
                self.problem(ErrorKind::WrongType(kind_name(want)), at)?;
                return Ok(None);
            }
            _ => return Err(self.syntax("expected a value")),
        };
        if got != want {
            // Lenient mode goes on with the text (`"5"` for 5, `12345` for a postal code).
            self.problem(ErrorKind::WrongType(kind_name(want)), at)?;
        }
        if text.is_empty() {
            self.problem(ErrorKind::Empty("string"), at)?;
            return Ok(None);
        }
        if !ty.is_valid(&text) {
            self.problem(ErrorKind::InvalidValue(ty), at)?;
            return Ok(None);
        }
        Ok(Some(text))
    }

    fn set_value(&mut self, p: &mut dyn PrimitiveDyn, ty: PrimitiveType) -> Result<(), Error> {
        let at = self.pos;
        if let Some(text) = self.scalar(ty)?
            && !p.set_lexical(text)
        {
            self.problem(ErrorKind::UnknownCode, at)?;
        }
        Ok(())
    }

    fn primitive_single(
        &mut self,
        p: &mut dyn PrimitiveDyn,
        ty: PrimitiveType,
    ) -> Result<(), Error> {
        self.set_value(p, ty)
    }

    /// The values of a primitive element (the key without `_`).
    fn primitive_values(
        &mut self,
        slot: &mut dyn PrimitiveSlot,
        ty: PrimitiveType,
        is_array: bool,
    ) -> Result<(), Error> {
        let at = self.pos;
        if !is_array || self.peek() != Some(b'[') {
            if is_array {
                // Lenient: a single value where an array belongs.
                self.problem(ErrorKind::WrongType("array"), at)?;
            }
            let existed = !slot.is_empty();
            if !existed {
                self.charge(64)?;
            }
            let at = self.pos;
            if let Some(text) = self.scalar(ty)? {
                let known = if existed {
                    slot.get_mut(0).is_none_or(|p| p.set_lexical(text))
                } else {
                    slot.push_lexical(text)
                };
                if !known {
                    self.problem(ErrorKind::UnknownCode, at)?;
                }
            }
            return Ok(());
        }
        self.primitive_array(slot, ty)
    }

    /// The values of a repeating primitive element; the reader is at the `[`.
    #[inline(never)]
    fn primitive_array(
        &mut self,
        slot: &mut dyn PrimitiveSlot,
        ty: PrimitiveType,
    ) -> Result<(), Error> {
        let at = self.pos;
        self.enter()?;
        self.pos += 1;
        let existing = slot.len();
        let mut first = true;
        let mut i = 0;
        while self.next_member(&mut first, b']')? {
            self.set_index(Some(i));
            if i >= existing {
                self.charge(64)?;
                slot.push();
            }
            if self.is_null() {
                self.literal("null")?;
            } else if let Some(p) = slot.get_mut(i) {
                self.set_value(p, ty)?;
            }
            i += 1;
        }
        self.depth -= 1;
        self.set_index(None);
        if i == 0 {
            self.problem(ErrorKind::Empty("array"), at)?;
        } else if existing > 0 && i != existing {
            self.problem(ErrorKind::MisalignedArray, at)?;
        }
        Ok(())
    }

    /// The `_name` sibling of a primitive element.
    fn primitive_ext(&mut self, slot: &mut dyn PrimitiveSlot, is_array: bool) -> Result<(), Error> {
        let at = self.pos;
        if !is_array {
            let existed = !slot.is_empty();
            if !existed {
                self.charge(64)?;
                slot.push();
            }
            if let Some(p) = slot.get_mut(0) {
                self.primitive_ext_single(p)?;
            }
            if !existed && slot.get(0).is_some_and(PrimitiveDyn::is_empty) {
                slot.remove(0);
            }
            return Ok(());
        }
        if self.peek() != Some(b'[') {
            if self.is_null() {
                self.literal("null")?;
                return self.problem(ErrorKind::NullNotAllowed, at);
            }
            self.skip_value()?;
            return self.problem(ErrorKind::WrongType("array"), at);
        }
        self.enter()?;
        self.pos += 1;
        let existing = slot.len();
        let mut first = true;
        let mut i = 0;
        while self.next_member(&mut first, b']')? {
            self.set_index(Some(i));
            if i >= existing {
                self.charge(64)?;
                slot.push();
            }
            if self.is_null() {
                self.literal("null")?;
            } else if let Some(p) = slot.get_mut(i) {
                self.primitive_ext_single(p)?;
            }
            i += 1;
        }
        self.depth -= 1;
        self.set_index(None);
        if i == 0 {
            self.problem(ErrorKind::Empty("array"), at)?;
        } else if existing > 0 && i != existing {
            self.problem(ErrorKind::MisalignedArray, at)?;
        }
        Ok(())
    }

    /// `{"id": ..., "extension": [...]}` of one primitive.
    fn primitive_ext_single(&mut self, p: &mut dyn PrimitiveDyn) -> Result<(), Error> {
        let start = self.pos;
        if !self.expect_object(start)? {
            return Ok(());
        }
        self.enter()?;
        self.pos += 1;
        let mut first = true;
        let (mut members, mut seen_id, mut seen_ext) = (0, false, false);
        while self.next_member(&mut first, b'}')? {
            let key_at = self.pos;
            let key = self.key()?;
            match &*key {
                "id" if !seen_id => {
                    seen_id = true;
                    members += 1;
                    self.path.push(Seg::new("id"));
                    if let Some(v) = self.scalar(PrimitiveType::String)? {
                        *p.id_mut() = Some(v.into_owned());
                    }
                    self.path.pop();
                }
                "extension" if !seen_ext => {
                    seen_ext = true;
                    members += 1;
                    self.path.push(Seg::new("extension"));
                    self.objects(p.extension_mut(), true)?;
                    self.path.pop();
                }
                "id" | "extension" => {
                    self.problem_at(ErrorKind::DuplicateKey, key_at, Some(&key))?;
                    self.skip_value()?;
                }
                _ => {
                    self.problem_at(ErrorKind::UnknownElement, key_at, Some(&key))?;
                    self.skip_value()?;
                }
            }
        }
        self.depth -= 1;
        if members == 0 {
            self.problem(ErrorKind::Empty("object"), start)?;
        }
        Ok(())
    }

    /// A plain string element (`id`, `Extension.url`, `Narrative.div`).
    fn plain(&mut self, slot: &mut dyn PlainSlot, ty: PrimitiveType) -> Result<(), Error> {
        if let Some(v) = self.scalar(ty)? {
            slot.set(v.into_owned());
        }
        Ok(())
    }

    /// A complex element: one object, or an array of them.
    fn objects(&mut self, slot: &mut dyn ObjectSlot, is_array: bool) -> Result<(), Error> {
        let at = self.pos;
        if !is_array {
            return self.one_object(slot, at);
        }
        match self.peek() {
            Some(b'[') => {}
            Some(b'{') => {
                self.problem(ErrorKind::WrongType("array"), at)?;
                return self.one_object(slot, at);
            }
            Some(b'n') => {
                self.literal("null")?;
                return self.problem(ErrorKind::NullNotAllowed, at);
            }
            _ => {
                self.skip_value()?;
                return self.problem(ErrorKind::WrongType("array"), at);
            }
        }
        self.enter()?;
        self.pos += 1;
        let mut first = true;
        let mut i = 0;
        while self.next_member(&mut first, b']')? {
            self.set_index(Some(i));
            let at = self.pos;
            self.one_object(slot, at)?;
            i += 1;
        }
        self.depth -= 1;
        self.set_index(None);
        if i == 0 {
            self.problem(ErrorKind::Empty("array"), at)?;
        }
        Ok(())
    }

    #[inline(always)]
    fn one_object(&mut self, slot: &mut dyn ObjectSlot, at: usize) -> Result<(), Error> {
        if !self.expect_object(at)? {
            return Ok(());
        }
        let o = slot.push();
        self.charge(core::mem::size_of_val(o))?;
        if !self.object(o, false)? {
            slot.pop();
        }
        Ok(())
    }

    /// A resource element: one resource object, or an array of them.
    fn resources(&mut self, slot: &mut dyn ResourceSlot, is_array: bool) -> Result<(), Error> {
        let at = self.pos;
        if !is_array {
            if self.expect_object(at)?
                && let Some(r) = self.resource()?
            {
                slot.push(r);
            }
            return Ok(());
        }
        if self.peek() != Some(b'[') {
            if self.is_null() {
                self.literal("null")?;
                return self.problem(ErrorKind::NullNotAllowed, at);
            }
            self.skip_value()?;
            return self.problem(ErrorKind::WrongType("array"), at);
        }
        self.enter()?;
        self.pos += 1;
        let mut first = true;
        let mut i = 0;
        while self.next_member(&mut first, b']')? {
            self.set_index(Some(i));
            let at = self.pos;
            if self.expect_object(at)?
                && let Some(r) = self.resource()?
            {
                slot.push(r);
            }
            i += 1;
        }
        self.depth -= 1;
        self.set_index(None);
        if i == 0 {
            self.problem(ErrorKind::Empty("array"), at)?;
        }
        Ok(())
    }

    /// A nested resource; the reader is at its `{`.
    fn resource(&mut self) -> Result<Option<Resource>, Error> {
        let at = self.pos;
        let Some((name_at, name)) = self.find_resource_type()? else {
            self.skip_value()?;
            self.problem(ErrorKind::MissingResourceType, at)?;
            return Ok(None);
        };
        let Some((_, new)) = find_resource(&name) else {
            self.skip_value()?;
            self.problem(ErrorKind::UnknownResourceType, name_at)?;
            return Ok(None);
        };
        let mut resource = new();
        self.charge(core::mem::size_of_val(resource.as_object()))?;
        self.object(resource.as_object_mut(), true)?;
        Ok(Some(resource))
    }
}

fn current_variant(obj: &dyn Object, fi: usize) -> Option<usize> {
    match obj.field(fi)? {
        crate::model::FieldRef::Choice(c) => c.variant(),
        _ => None,
    }
}
