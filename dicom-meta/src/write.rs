//! Writing a parsed data set back: headers re-encoded from the index, values copied.
//!
//! Every header is produced from the index (tag, VR, length, header form, byte order), so
//! the same code writes data sets built by other means later; for a data set read strictly
//! the result equals the input byte for byte.

use alloc::vec::Vec;

use crate::Tag;
use crate::dataset::DataSet;
use crate::parse::{F_DELIMITED, F_UNDEFINED, Header, Kind, Node, UNDEFINED};
use crate::ts::ByteOrder;

#[inline]
fn put16(out: &mut Vec<u8>, v: u16, order: ByteOrder) {
    out.extend_from_slice(&match order {
        ByteOrder::Little => v.to_le_bytes(),
        ByteOrder::Big => v.to_be_bytes(),
    });
}

#[inline]
fn put32(out: &mut Vec<u8>, v: u32, order: ByteOrder) {
    out.extend_from_slice(&match order {
        ByteOrder::Little => v.to_le_bytes(),
        ByteOrder::Big => v.to_be_bytes(),
    });
}

#[inline]
fn put_tag(out: &mut Vec<u8>, tag: u32, order: ByteOrder) {
    put16(out, (tag >> 16) as u16, order);
    put16(out, tag as u16, order);
}

/// Writes one header as described by `n`.
fn header(out: &mut Vec<u8>, n: &Node, order: ByteOrder) {
    put_tag(out, n.tag, order);
    let len = if n.has(F_UNDEFINED) { UNDEFINED } else { n.len };
    match n.header {
        Header::TagLength => put32(out, len, order),
        Header::ExplicitShort => {
            out.extend_from_slice(&n.vr.to_bytes());
            put16(out, len as u16, order);
        }
        Header::ExplicitLong => {
            out.extend_from_slice(&n.vr.to_bytes());
            out.extend_from_slice(&[0, 0]);
            put32(out, len, order);
        }
    }
}

/// Writes the delimitation item that closes container `n`, if it had one.
fn close(out: &mut Vec<u8>, n: &Node, ds: &DataSet<'_>) {
    if !n.has(F_DELIMITED) {
        return;
    }
    let order = n.content_order(&ds.ts);
    let tag = if n.kind == Kind::Item {
        Tag::ITEM_DELIMITATION
    } else {
        Tag::SEQUENCE_DELIMITATION
    };
    put_tag(out, tag.0, order);
    put32(out, 0, order);
}

impl DataSet<'_> {
    /// Encodes the data set: every element, item and delimitation item as indexed, then
    /// what was not parsed (the rest after a stop tag, trailing bytes kept in lenient mode)
    /// copied as it is. A data set read strictly comes out byte for byte as it went in.
    pub fn write(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity((self.end - self.start) as usize + 16);
        self.write_into(&mut out);
        out
    }

    /// [`DataSet::write`] appending to `out`.
    pub fn write_into(&self, out: &mut Vec<u8>) {
        self.write_index(out);
        // Unparsed remainder: after a stop tag, or trailing bytes tolerated in lenient mode.
        let (rest_from, rest_to) = match self.stopped_at {
            Some(stop) => (stop as usize, self.limit as usize),
            None => (self.trailing as usize, self.end as usize),
        };
        if let Some(rest) = self.bytes.get(rest_from..rest_to) {
            out.extend_from_slice(rest);
        }
    }

    /// Writes the indexed part only.
    pub(crate) fn write_index(&self, out: &mut Vec<u8>) {
        let nodes = &self.nodes;
        // Open containers, innermost last.
        let mut open: Vec<u32> = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            let i = i as u32;
            while let Some(&c) = open.last() {
                if nodes[c as usize].end > i {
                    break;
                }
                open.pop();
                close(out, &nodes[c as usize], self);
            }
            header(out, n, n.byte_order(&self.ts));
            match n.kind {
                Kind::Element | Kind::Fragment => {
                    let v = &self.bytes[n.value_offset as usize..n.value_end() as usize];
                    out.extend_from_slice(v);
                }
                Kind::Sequence | Kind::Item | Kind::Fragments => open.push(i),
            }
        }
        while let Some(c) = open.pop() {
            close(out, &nodes[c as usize], self);
        }
    }
}
