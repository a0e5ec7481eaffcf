//! The JSON writer: the generic writer walking the type tables through `&dyn Object`, and the
//! helpers of the generated per-type writers ([`Object::write_json`]: one call per element,
//! with the element's storage type known), which every generated type uses first.

use alloc::vec::Vec;

use crate::model::{
    FieldInfo, FieldRef, Object, PlainSlot, PrimitiveDyn, PrimitiveParts, PrimitiveSlot,
    ResourceSlot, TypeKind, ValueRef, occupied_fields,
};
use crate::primitive::{Lexical, Primitive, PrimitiveValue};
use crate::swar;

/// The JSON writer state handed to the generated per-type writers ([`Object::write_json`]);
/// only this crate can use it.
pub struct Writer<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    indent: usize,
}

/// The key of a member: an element's pre-built one, or a choice element's name and suffix.
#[derive(Clone, Copy)]
enum Key {
    Field(&'static FieldInfo),
    Choice(&'static str, &'static str),
    /// The pre-built compact keys of a member and of its `_name` sibling.
    Json(&'static str, &'static str),
}

/// Where a member begins, to take it back when it turns out empty.
#[derive(Clone, Copy)]
struct Mark {
    len: usize,
    first: bool,
}

impl<'o> Writer<'o> {
    pub(crate) fn new(out: &'o mut Vec<u8>, pretty: bool) -> Self {
        Writer {
            out,
            pretty,
            indent: 0,
        }
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push(b'\n');
            for _ in 0..self.indent {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// Starts a member: separator, indentation, key and colon.
    fn key(&mut self, first: &mut bool, under: bool, name: &str, suffix: &str) -> Mark {
        let mark = Mark {
            len: self.out.len(),
            first: *first,
        };
        if !*first {
            self.out.push(b',');
        }
        *first = false;
        self.newline();
        self.out.push(b'"');
        if under {
            self.out.push(b'_');
        }
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(suffix.as_bytes());
        self.out
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
        mark
    }

    /// Starts a member with a pre-built compact key (`,"name":`): separator, indentation, key
    /// and colon.
    #[inline(always)]
    fn member(&mut self, first: &mut bool, json: &'static str) -> Mark {
        let mark = Mark {
            len: self.out.len(),
            first: *first,
        };
        let k = json.as_bytes();
        if self.pretty {
            if !*first {
                self.out.push(b',');
            }
            self.newline();
            self.out.extend_from_slice(k.get(1..).unwrap_or_default());
            self.out.push(b' ');
        } else if *first {
            self.out.extend_from_slice(k.get(1..).unwrap_or_default());
        } else {
            self.out.extend_from_slice(k);
        }
        *first = false;
        mark
    }

    /// Starts a member named by `key` (the `_name` sibling when `under`).
    #[inline]
    fn key_of(&mut self, first: &mut bool, key: Key, under: bool) -> Mark {
        match key {
            Key::Field(f) => self.member(first, if under { f.json_ext_key } else { f.json_key }),
            Key::Choice(name, suffix) => self.key(first, under, name, suffix),
            Key::Json(key, ext_key) => self.member(first, if under { ext_key } else { key }),
        }
    }

    fn undo(&mut self, mark: Mark, first: &mut bool) {
        self.out.truncate(mark.len);
        *first = mark.first;
    }

    fn element_sep(&mut self, first: &mut bool) {
        if !*first {
            self.out.push(b',');
        }
        *first = false;
        self.newline();
    }

    /// Writes an object; `false` (and nothing written) when it has no content.
    pub(crate) fn object(&mut self, obj: &dyn Object) -> bool {
        if let Some(wrote) = obj.write_json(self) {
            return wrote;
        }
        let info = obj.type_info();
        let start = self.out.len();
        self.out.push(b'{');
        self.indent += 1;
        let mut first = true;
        if info.kind == TypeKind::Resource {
            self.member(&mut first, ",\"resourceType\":");
            self.string(info.name);
        }
        for i in occupied_fields(obj, info) {
            let Some(f) = info.fields.get(i) else {
                continue;
            };
            let Some(field) = obj.field(i) else { continue };
            match field {
                FieldRef::Plain(slot) => {
                    if let Some(v) = slot.get() {
                        self.member(&mut first, f.json_key);
                        self.string(v);
                    }
                }
                FieldRef::Primitive(slot) => {
                    if f.is_array() {
                        self.primitive_array(&mut first, f.json_key, f.json_ext_key, slot);
                    } else if let Some(p) = slot.get(0) {
                        self.primitive(&mut first, Key::Field(f), p);
                    }
                }
                FieldRef::Object(slot) => {
                    if slot.is_empty() {
                        continue;
                    }
                    let mark = self.member(&mut first, f.json_key);
                    let wrote = if f.is_array() {
                        self.array(slot.len(), |w, j| slot.get(j).is_some_and(|o| w.object(o)))
                    } else {
                        slot.get(0).is_some_and(|o| self.object(o))
                    };
                    if !wrote {
                        self.undo(mark, &mut first);
                    }
                }
                FieldRef::Resource(slot) => {
                    if slot.is_empty() {
                        continue;
                    }
                    let mark = self.member(&mut first, f.json_key);
                    let wrote = if f.is_array() {
                        self.array(slot.len(), |w, j| {
                            slot.get(j).is_some_and(|r| w.object(r.as_object()))
                        })
                    } else {
                        slot.get(0).is_some_and(|r| self.object(r.as_object()))
                    };
                    if !wrote {
                        self.undo(mark, &mut first);
                    }
                }
                FieldRef::Choice(slot) => {
                    let (Some(v), Some(value)) = (slot.variant(), slot.value()) else {
                        continue;
                    };
                    let suffix = f.choices.get(v).map_or("", |c| c.suffix);
                    match value {
                        ValueRef::Primitive(p) => {
                            self.primitive(&mut first, Key::Choice(f.name, suffix), p)
                        }
                        ValueRef::Object(o) => {
                            let mark = self.key(&mut first, false, f.name, suffix);
                            if !self.object(o) {
                                self.undo(mark, &mut first);
                            }
                        }
                    }
                }
            }
        }
        self.close(start, first)
    }

    // -------------------------------------------------------------------------------------
    // The helpers of the generated per-type writers ([`Object::write_json`]): one call per
    // element, with the element's storage type known.

    /// Opens an object (`{`, and `resourceType` for a resource): where it starts and the
    /// "no member yet" flag for the members.
    #[inline]
    pub(crate) fn open(&mut self, resource_type: Option<&'static str>) -> (usize, bool) {
        let start = self.out.len();
        self.out.push(b'{');
        self.indent += 1;
        let mut first = true;
        if let Some(name) = resource_type {
            self.member(&mut first, ",\"resourceType\":");
            self.string(name);
        }
        (start, first)
    }

    /// Closes an object opened by [`Writer::open`]; `false` (and nothing written) when it
    /// got no member.
    #[inline]
    pub(crate) fn close(&mut self, start: usize, first: bool) -> bool {
        self.indent -= 1;
        if first {
            self.out.truncate(start);
            return false;
        }
        self.newline();
        self.out.push(b'}');
        true
    }

    /// A plain string element.
    #[inline]
    pub(crate) fn plain<P: PlainSlot>(&mut self, first: &mut bool, key: &'static str, v: &P) {
        if let Some(v) = v.get() {
            self.member(first, key);
            self.string(v);
        }
    }

    /// A single primitive element.
    #[inline]
    pub(crate) fn prim<T: PrimitiveValue>(
        &mut self,
        first: &mut bool,
        key: &'static str,
        ext_key: &'static str,
        v: &Option<Primitive<T>>,
    ) {
        if let Some(p) = v {
            self.prim1(first, key, ext_key, p);
        }
    }

    /// A primitive (also a choice variant).
    #[inline]
    pub(crate) fn prim1<T: PrimitiveValue>(
        &mut self,
        first: &mut bool,
        key: &'static str,
        ext_key: &'static str,
        p: &Primitive<T>,
    ) {
        let parts = PrimitiveDyn::parts(p);
        if parts.value.is_some() && !parts.has_extras() {
            // The common case: a value without id or extensions.
            self.member(first, key);
            if let Some(v) = parts.value {
                self.lexical(v);
            }
            return;
        }
        self.primitive_parts(first, Key::Json(key, ext_key), parts);
    }

    /// A repeating primitive element.
    #[inline]
    #[allow(clippy::ptr_arg)] // a `Vec` is what implements `PrimitiveSlot`
    pub(crate) fn prims<T: PrimitiveValue>(
        &mut self,
        first: &mut bool,
        key: &'static str,
        ext_key: &'static str,
        v: &Vec<Primitive<T>>,
    ) {
        if !v.is_empty() {
            self.primitive_array(first, key, ext_key, v);
        }
    }

    /// A single complex element (also a choice variant).
    #[inline]
    pub(crate) fn obj<T: Object>(&mut self, first: &mut bool, key: &'static str, v: Option<&T>) {
        if let Some(o) = v {
            let mark = self.member(first, key);
            if !self.typed(o) {
                self.undo(mark, first);
            }
        }
    }

    /// A repeating complex element.
    #[inline]
    pub(crate) fn objs<T: Object>(&mut self, first: &mut bool, key: &'static str, v: &[T]) {
        if v.is_empty() {
            return;
        }
        let mark = self.member(first, key);
        if !self.array(v.len(), |w, j| v.get(j).is_some_and(|o| w.typed(o))) {
            self.undo(mark, first);
        }
    }

    /// A resource element, single or repeating.
    #[inline]
    pub(crate) fn res(
        &mut self,
        first: &mut bool,
        key: &'static str,
        v: &dyn ResourceSlot,
        array: bool,
    ) {
        if v.is_empty() {
            return;
        }
        let mark = self.member(first, key);
        let wrote = if array {
            self.array(v.len(), |w, j| v.get(j).is_some_and(|r| w.object(r)))
        } else {
            v.get(0).is_some_and(|r| self.object(r))
        };
        if !wrote {
            self.undo(mark, first);
        }
    }

    /// An object of a known type: its generated writer, else the tables.
    #[inline]
    fn typed<T: Object>(&mut self, o: &T) -> bool {
        match o.write_json(self) {
            Some(wrote) => wrote,
            None => self.object(o),
        }
    }

    /// Writes `[...]` of `n` elements, skipping those `each` writes nothing for; `false` (and
    /// nothing written) when no element was written.
    fn array(&mut self, n: usize, mut each: impl FnMut(&mut Self, usize) -> bool) -> bool {
        let start = self.out.len();
        self.out.push(b'[');
        self.indent += 1;
        let mut first = true;
        for j in 0..n {
            let mark = Mark {
                len: self.out.len(),
                first,
            };
            self.element_sep(&mut first);
            if !each(self, j) {
                self.undo(mark, &mut first);
            }
        }
        self.indent -= 1;
        if first {
            self.out.truncate(start);
            return false;
        }
        self.newline();
        self.out.push(b']');
        true
    }

    /// One primitive: `"name": value` and/or `"_name": {...}`.
    fn primitive(&mut self, first: &mut bool, key: Key, p: &dyn PrimitiveDyn) {
        self.primitive_parts(first, key, p.parts());
    }

    /// [`Writer::primitive`] of the parts of a primitive.
    #[inline]
    fn primitive_parts(&mut self, first: &mut bool, key: Key, parts: PrimitiveParts<'_>) {
        if let Some(v) = parts.value {
            self.key_of(first, key, false);
            self.lexical(v);
        }
        if parts.has_extras() {
            let mark = self.key_of(first, key, true);
            if !self.primitive_extras(&parts) {
                self.undo(mark, first);
            }
        }
    }

    /// A repeating primitive: the values with `null` where only extensions exist, and the
    /// `_name` array aligned with them.
    fn primitive_array(
        &mut self,
        first: &mut bool,
        json_key: &'static str,
        json_ext_key: &'static str,
        slot: &dyn PrimitiveSlot,
    ) {
        let n = slot.len();
        if n == 0 {
            return;
        }
        if n == 1 {
            // One entry: no `null`s to align, the same as a single primitive.
            if let Some(p) = slot.get(0) {
                let parts = p.parts();
                if let Some(v) = parts.value {
                    self.member(first, json_key);
                    self.out.push(b'[');
                    self.indent += 1;
                    self.newline();
                    self.lexical(v);
                    self.indent -= 1;
                    self.newline();
                    self.out.push(b']');
                }
                if parts.has_extras() {
                    let mark = self.member(first, json_ext_key);
                    let start = self.out.len();
                    self.out.push(b'[');
                    self.indent += 1;
                    self.newline();
                    if self.primitive_extras(&parts) {
                        self.indent -= 1;
                        self.newline();
                        self.out.push(b']');
                    } else {
                        self.indent -= 1;
                        self.out.truncate(start);
                        self.undo(mark, first);
                    }
                }
            }
            return;
        }
        let mut any_value = false;
        let mut any_extra = false;
        for j in 0..n {
            if let Some(p) = slot.get(j) {
                let parts = p.parts();
                any_value |= parts.value.is_some();
                any_extra |= parts.has_extras();
            }
        }
        if any_value {
            self.member(first, json_key);
            self.list(slot, |w, p| match p.value {
                Some(v) => {
                    w.lexical(v);
                    true
                }
                None => false,
            });
        }
        if any_extra {
            let mark = self.member(first, json_ext_key);
            if !self.list(slot, |w, p| p.has_extras() && w.primitive_extras(p)) {
                self.undo(mark, first);
            }
        }
    }

    /// `[...]` over the entries of a primitive array that hold anything, `null` where `each`
    /// writes nothing; `false` (and nothing written) when every entry was `null`.
    fn list(
        &mut self,
        slot: &dyn PrimitiveSlot,
        mut each: impl FnMut(&mut Self, &PrimitiveParts<'_>) -> bool,
    ) -> bool {
        let start = self.out.len();
        self.out.push(b'[');
        self.indent += 1;
        let mut first = true;
        let mut any = false;
        for j in 0..slot.len() {
            let Some(p) = slot.get(j) else { continue };
            let parts = p.parts();
            if !(parts.value.is_some() || parts.has_extras()) {
                continue;
            }
            self.element_sep(&mut first);
            if each(self, &parts) {
                any = true;
            } else {
                self.out.extend_from_slice(b"null");
            }
        }
        self.indent -= 1;
        if !any {
            self.out.truncate(start);
            return false;
        }
        self.newline();
        self.out.push(b']');
        true
    }

    /// `{"id": ..., "extension": [...]}`; `false` (nothing written) when empty.
    fn primitive_extras(&mut self, p: &PrimitiveParts<'_>) -> bool {
        let start = self.out.len();
        self.out.push(b'{');
        self.indent += 1;
        let mut first = true;
        if let Some(id) = p.id {
            self.member(&mut first, ",\"id\":");
            self.string(id);
        }
        let ext = p.extension;
        if !ext.is_empty() {
            let mark = self.member(&mut first, ",\"extension\":");
            if !self.array(ext.len(), |w, j| ext.get(j).is_some_and(|e| w.object(e))) {
                self.undo(mark, &mut first);
            }
        }
        self.indent -= 1;
        if first {
            self.out.truncate(start);
            return false;
        }
        self.newline();
        self.out.push(b'}');
        true
    }

    #[inline(always)]
    fn lexical(&mut self, v: Lexical<'_>) {
        match v {
            Lexical::Bool(true) => self.out.extend_from_slice(b"true"),
            Lexical::Bool(false) => self.out.extend_from_slice(b"false"),
            Lexical::Int(i) => write_int(self.out, i),
            Lexical::Number(s) => self.out.extend_from_slice(s.as_bytes()),
            Lexical::Str(s) => self.string(s),
        }
    }

    /// A JSON string with the escapes JSON requires.
    pub(crate) fn string(&mut self, s: &str) {
        write_string(self.out, s);
    }
}

fn write_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let neg = v < 0;
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

const HEX: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    if !swar::has_json_special(b) {
        out.extend_from_slice(b);
        out.push(b'"');
        return;
    }
    let mut run = 0;
    loop {
        let i = swar::json_plain_end(b, run);
        out.extend_from_slice(b.get(run..i).unwrap_or_default());
        let Some(&c) = b.get(i) else { break };
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
                run = i + 1;
                continue;
            }
        };
        out.extend_from_slice(esc);
        run = i + 1;
    }
    out.push(b'"');
}
