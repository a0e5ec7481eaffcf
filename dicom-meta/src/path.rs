//! Element paths: `PatientName`, `(0010,0010)`, `ReferencedSeriesSequence[0].SeriesInstanceUID`.

use crate::error::{Error, ErrorKind};
use crate::{Tag, dict};

/// One step of a path: a tag and, for a step into a sequence, the 0-based item index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) tag: Tag,
    pub(crate) item: Option<u32>,
}

/// The steps of a path, parsed lazily (no allocation). Grammar: `step ('.' step)*`,
/// `step = name ('[' digits ']')?`, `name = keyword | (gggg,eeee) | gggg,eeee | ggggeeee`.
/// Only steps before the last may carry an item index: the consumer checks that with
/// [`last_index_error`].
pub(crate) struct Steps<'p> {
    path: &'p str,
    /// Byte position of the next part.
    pos: usize,
    failed: bool,
}

pub(crate) fn steps(path: &str) -> Steps<'_> {
    Steps {
        path,
        pos: 0,
        failed: false,
    }
}

fn bad(position: usize) -> Error {
    Error::new(ErrorKind::InvalidPath { position }, 0)
}

/// The error for an item index on the last step.
pub(crate) fn last_index_error(path: &str) -> Error {
    bad(path.len().saturating_sub(1))
}

impl Iterator for Steps<'_> {
    type Item = Result<Step, Error>;

    fn next(&mut self) -> Option<Result<Step, Error>> {
        if self.failed {
            return None;
        }
        if self.path.is_empty() {
            self.failed = true;
            return Some(Err(bad(0)));
        }
        let pos = self.pos;
        let bytes = self.path.as_bytes();
        if pos > bytes.len() {
            return None;
        }
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'.')
            .map_or(bytes.len(), |i| pos + i);
        self.pos = end + 1;
        let r = match self.path.get(pos..end) {
            Some(part) => step(part, pos),
            None => Err(bad(pos)),
        };
        self.failed = r.is_err();
        Some(r)
    }
}

fn step(part: &str, pos: usize) -> Result<Step, Error> {
    let (name, item) = match part.bytes().position(|b| b == b'[') {
        Some(i) => {
            let rest = &part[i + 1..];
            let digits = rest
                .strip_suffix(']')
                .ok_or_else(|| bad(pos + part.len()))?;
            if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(bad(pos + i + 1));
            }
            let k: u32 = digits.parse().map_err(|_| bad(pos + i + 1))?;
            (&part[..i], Some(k))
        }
        None => (part, None),
    };
    if name.is_empty() {
        return Err(bad(pos));
    }
    let (mut hex, mut alnum) = (name.len() >= 8, true);
    for b in name.bytes() {
        hex &= b.is_ascii_hexdigit() || b == b',';
        alnum &= b.is_ascii_alphanumeric();
    }
    let tag = if hex || name.starts_with('(') {
        Tag::parse(name).ok_or_else(|| bad(pos))?
    } else if alnum {
        match dict::tag_for_keyword(name) {
            Some(t) => t,
            None => return Err(Error::new(ErrorKind::UnknownKeyword { position: pos }, 0)),
        }
    } else {
        return Err(bad(pos));
    };
    Ok(Step { tag, item })
}

/// Parses a whole path (every step checked).
#[cfg(test)]
pub(crate) fn parse(path: &str) -> Result<alloc::vec::Vec<Step>, Error> {
    let steps = steps(path).collect::<Result<alloc::vec::Vec<_>, _>>()?;
    if steps.last().is_some_and(|s| s.item.is_some()) {
        return Err(last_index_error(path));
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let s = parse("ReferencedSeriesSequence[2].(0020,000E)").unwrap();
        assert_eq!(
            s,
            [
                Step {
                    tag: Tag::new(0x0008, 0x1115),
                    item: Some(2)
                },
                Step {
                    tag: Tag::new(0x0020, 0x000E),
                    item: None
                },
            ]
        );
        assert_eq!(parse("00100010").unwrap()[0].tag, Tag::new(0x0010, 0x0010));
        assert_eq!(parse("0010,0010").unwrap()[0].tag, Tag::new(0x0010, 0x0010));
        assert_eq!(parse("00291010").unwrap()[0].tag, Tag::new(0x0029, 0x1010));
        assert_eq!(
            parse("A.B").unwrap_err().kind,
            ErrorKind::UnknownKeyword { position: 0 }
        );
        assert_eq!(
            parse("PatientName.Foo").unwrap_err().kind,
            ErrorKind::UnknownKeyword { position: 12 }
        );
        for (p, at) in [
            ("", 0),
            ("PatientName[0]", 13),
            ("X[", 2),
            ("X[a]", 2),
            ("PatientName..X", 12),
            ("Pat ient", 0),
            ("(0010,001)", 0),
        ] {
            assert_eq!(
                parse(p).unwrap_err().kind,
                ErrorKind::InvalidPath { position: at },
                "{p}"
            );
        }
    }
}
