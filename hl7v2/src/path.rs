//! Path expressions such as `PID-5[2].1.2`.

use crate::error::{Error, ErrorKind};

/// A parsed path: segment (with occurrence), field, and optionally repetition, component and
/// subcomponent. All indices are 1-based.
///
/// Grammar: `SEG[occ]` then `-` or `.` then `field[rep]`, then optionally `.component` and
/// `.subcomponent`. Examples: `PID-5`, `PID-5.1`, `PID-5[2].1.2`, `PID.5.1`, `OBX[3]-5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Path<'p> {
    /// Segment id (three characters).
    pub segment: &'p str,
    /// Which occurrence of the segment (1 = first).
    pub segment_occurrence: usize,
    /// Field number (MSH-1 is the field separator).
    pub field: usize,
    /// Repetition, when given; otherwise the path names the whole field (or, with a
    /// component, the first repetition).
    pub repetition: Option<usize>,
    /// Component, when given.
    pub component: Option<usize>,
    /// Subcomponent, when given.
    pub subcomponent: Option<usize>,
}

/// Largest index a path may name.
const MAX_INDEX: usize = 1_000_000;

/// A 1-based index at `i`: returns it and the position after its digits.
fn index(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let digits = b
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 7 {
        return None;
    }
    let n = b[i..i + digits]
        .iter()
        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0'));
    (1..=MAX_INDEX).contains(&n).then_some((n, i + digits))
}

/// `[n]` at `i`.
fn bracketed(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let (n, j) = index(b, i + 1)?;
    (b.get(j) == Some(&b']')).then_some((n, j + 1))
}

/// `.n` at `i`.
fn dotted(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'.') {
        return None;
    }
    index(b, i + 1)
}

impl<'p> Path<'p> {
    /// Parses a path string.
    ///
    /// ```
    /// let p = hl7v2::Path::parse("OBX[3]-5[2].1.2")?;
    /// assert_eq!((p.segment, p.segment_occurrence, p.field), ("OBX", 3, 5));
    /// assert_eq!((p.repetition, p.component, p.subcomponent), (Some(2), Some(1), Some(2)));
    /// assert!(hl7v2::Path::parse("PID-0").is_err());
    /// # Ok::<(), hl7v2::Error>(())
    /// ```
    pub fn parse(s: &'p str) -> Result<Path<'p>, Error> {
        // A hand-written recogniser: lookups parse a path each time, and this is several
        // times cheaper than a combinator chain. Optional parts that fail to parse are left
        // unconsumed, so the error points at the first character that does not fit.
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        let b = t.as_bytes();
        let err = |i: usize| {
            let position = lead + i;
            Err(Error::new(ErrorKind::InvalidPath { position }, position))
        };
        let id_ok = b.len() >= 3
            && b[..3]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !id_ok {
            return err(0);
        }
        let mut i = 3;
        let mut segment_occurrence = 1;
        if let Some((n, j)) = bracketed(b, i) {
            segment_occurrence = n;
            i = j;
        }
        if !matches!(b.get(i), Some(b'-' | b'.')) {
            return err(i);
        }
        let Some((field, j)) = index(b, i + 1) else {
            return err(i + 1);
        };
        i = j;
        let repetition = bracketed(b, i).map(|(n, j)| {
            i = j;
            n
        });
        let component = dotted(b, i).map(|(n, j)| {
            i = j;
            n
        });
        let subcomponent = component.and_then(|_| dotted(b, i)).map(|(n, j)| {
            i = j;
            n
        });
        if i != b.len() {
            return err(i);
        }
        Ok(Path {
            segment: &t[..3],
            segment_occurrence,
            field,
            repetition,
            component,
            subcomponent,
        })
    }
}

impl core::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.segment)?;
        if self.segment_occurrence != 1 {
            write!(f, "[{}]", self.segment_occurrence)?;
        }
        write!(f, "-{}", self.field)?;
        if let Some(r) = self.repetition {
            write!(f, "[{r}]")?;
        }
        if let Some(c) = self.component {
            write!(f, ".{c}")?;
        }
        if let Some(s) = self.subcomponent {
            write!(f, ".{s}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn forms() {
        let p = Path::parse("PID-5").unwrap();
        assert_eq!((p.segment, p.field, p.component), ("PID", 5, None));
        let p = Path::parse("PID.5.1").unwrap();
        assert_eq!((p.field, p.component), (5, Some(1)));
        let p = Path::parse("PID-5[2].1.2").unwrap();
        assert_eq!(
            (p.repetition, p.component, p.subcomponent),
            (Some(2), Some(1), Some(2))
        );
        let p = Path::parse("ZP1[2]-3").unwrap();
        assert_eq!((p.segment, p.segment_occurrence), ("ZP1", 2));
        assert_eq!(
            Path::parse("OBX[3]-5[2].1.2").unwrap().to_string(),
            "OBX[3]-5[2].1.2"
        );
    }

    #[test]
    fn errors_say_where() {
        for (s, pos) in [
            ("PID-", 4),
            ("PI-5", 0),
            ("PID-5.", 5),
            ("PID-5[0]", 5),
            ("PID-5.1.2.3", 9),
            ("pid-5", 0),
            ("", 0),
            ("PID-99999999999999999999", 4),
            ("PID[x]-1", 3),
        ] {
            match Path::parse(s) {
                Err(Error {
                    kind: ErrorKind::InvalidPath { position },
                    ..
                }) => assert_eq!(position, pos, "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
    }
}
