//! The one generic JSON writer, walking the type tables through `&dyn Object`.

use alloc::vec::Vec;

use crate::model::{FieldInfo, FieldRef, Object, PrimitiveDyn, PrimitiveSlot, TypeKind, ValueRef};
use crate::primitive::Lexical;

pub(crate) struct Writer<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    indent: usize,
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
        let info = obj.type_info();
        let start = self.out.len();
        self.out.push(b'{');
        self.indent += 1;
        let mut first = true;
        if info.kind == TypeKind::Resource {
            self.key(&mut first, false, "resourceType", "");
            self.string(info.name);
        }
        for (i, f) in info.fields.iter().enumerate() {
            let Some(field) = obj.field(i) else { continue };
            match field {
                FieldRef::Plain(slot) => {
                    if let Some(v) = slot.get() {
                        self.key(&mut first, false, f.name, "");
                        self.string(v);
                    }
                }
                FieldRef::Primitive(slot) => {
                    if f.is_array() {
                        self.primitive_array(&mut first, f, slot);
                    } else if let Some(p) = slot.get(0) {
                        self.primitive(&mut first, f.name, "", p);
                    }
                }
                FieldRef::Object(slot) => {
                    if slot.is_empty() {
                        continue;
                    }
                    let mark = self.key(&mut first, false, f.name, "");
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
                    let mark = self.key(&mut first, false, f.name, "");
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
                        ValueRef::Primitive(p) => self.primitive(&mut first, f.name, suffix, p),
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
        self.indent -= 1;
        if first {
            self.out.truncate(start);
            return false;
        }
        self.newline();
        self.out.push(b'}');
        true
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
    fn primitive(&mut self, first: &mut bool, name: &str, suffix: &str, p: &dyn PrimitiveDyn) {
        if let Some(v) = p.lexical().filter(|v| !is_empty_lexical(v)) {
            self.key(first, false, name, suffix);
            self.lexical(v);
        }
        if has_extras(p) {
            let mark = self.key(first, true, name, suffix);
            if !self.primitive_extras(p) {
                self.undo(mark, first);
            }
        }
    }

    /// A repeating primitive: the values with `null` where only extensions exist, and the
    /// `_name` array aligned with them.
    fn primitive_array(&mut self, first: &mut bool, f: &FieldInfo, slot: &dyn PrimitiveSlot) {
        let mut any_value = false;
        let mut any_extra = false;
        for j in 0..slot.len() {
            if let Some(p) = slot.get(j) {
                any_value |= has_value(p);
                any_extra |= has_extras(p);
            }
        }
        if any_value {
            self.key(first, false, f.name, "");
            self.list(slot, |w, p| match p.lexical() {
                Some(v) if !is_empty_lexical(&v) => {
                    w.lexical(v);
                    true
                }
                _ => false,
            });
        }
        if any_extra {
            let mark = self.key(first, true, f.name, "");
            if !self.list(slot, |w, p| has_extras(p) && w.primitive_extras(p)) {
                self.undo(mark, first);
            }
        }
    }

    /// `[...]` over the entries of a primitive array that hold anything, `null` where `each`
    /// writes nothing; `false` (and nothing written) when every entry was `null`.
    fn list(
        &mut self,
        slot: &dyn PrimitiveSlot,
        mut each: impl FnMut(&mut Self, &dyn PrimitiveDyn) -> bool,
    ) -> bool {
        let start = self.out.len();
        self.out.push(b'[');
        self.indent += 1;
        let mut first = true;
        let mut any = false;
        for j in 0..slot.len() {
            let Some(p) = slot.get(j) else { continue };
            if !(has_value(p) || has_extras(p)) {
                continue;
            }
            self.element_sep(&mut first);
            if each(self, p) {
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
    fn primitive_extras(&mut self, p: &dyn PrimitiveDyn) -> bool {
        let start = self.out.len();
        self.out.push(b'{');
        self.indent += 1;
        let mut first = true;
        if let Some(id) = p.id().filter(|s| !s.is_empty()) {
            self.key(&mut first, false, "id", "");
            self.string(id);
        }
        let ext = p.extension();
        if !ext.is_empty() {
            let mark = self.key(&mut first, false, "extension", "");
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

fn is_empty_lexical(v: &Lexical<'_>) -> bool {
    matches!(v, Lexical::Str(s) | Lexical::Number(s) if s.is_empty())
}

fn has_value(p: &dyn PrimitiveDyn) -> bool {
    p.lexical().is_some_and(|v| !is_empty_lexical(&v))
}

fn has_extras(p: &dyn PrimitiveDyn) -> bool {
    p.id().is_some_and(|s| !s.is_empty()) || !p.extension().is_empty()
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

/// Bytes that need escaping in a JSON string.
static ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    if !b.iter().any(|&c| ESCAPE[usize::from(c)]) {
        out.extend_from_slice(b);
        out.push(b'"');
        return;
    }
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                out.extend_from_slice(&b[run..i]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
                run = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&b[run..i]);
        out.extend_from_slice(esc);
        run = i + 1;
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}
