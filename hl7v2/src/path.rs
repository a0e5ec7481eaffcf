//! Path expressions such as `PID-5[2].1.2`.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while_m_n},
    character::complete::{char, digit1},
    combinator::{all_consuming, map_res, opt},
    sequence::{delimited, preceded},
};

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

fn index(i: &str) -> IResult<&str, usize> {
    map_res(digit1, |d: &str| match d.parse::<usize>() {
        Ok(0) | Err(_) => Err(()),
        Ok(n) if n > 1_000_000 => Err(()),
        Ok(n) => Ok(n),
    })
    .parse(i)
}

fn bracketed(i: &str) -> IResult<&str, usize> {
    delimited(char('['), index, char(']')).parse(i)
}

fn seg_id(i: &str) -> IResult<&str, &str> {
    take_while_m_n(3, 3, |c: char| c.is_ascii_uppercase() || c.is_ascii_digit()).parse(i)
}

type Parsed<'p> = (
    &'p str,
    Option<usize>,
    usize,
    Option<usize>,
    Option<usize>,
    Option<usize>,
);

fn path(i: &str) -> IResult<&str, Parsed<'_>> {
    let (i, seg) = seg_id(i)?;
    let (i, occ) = opt(bracketed).parse(i)?;
    let (i, _) = alt((tag("-"), tag("."))).parse(i)?;
    let (i, field) = index(i)?;
    let (i, rep) = opt(bracketed).parse(i)?;
    let (i, comp) = opt(preceded(char('.'), index)).parse(i)?;
    let (i, sub) = if comp.is_some() {
        opt(preceded(char('.'), index)).parse(i)?
    } else {
        (i, None)
    };
    Ok((i, (seg, occ, field, rep, comp, sub)))
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
        let s_trim = s.trim();
        match all_consuming(path).parse(s_trim) {
            Ok((_, (segment, occ, field, repetition, component, subcomponent))) => Ok(Path {
                segment,
                segment_occurrence: occ.unwrap_or(1),
                field,
                repetition,
                component,
                subcomponent,
            }),
            Err(e) => {
                let rest_len = match &e {
                    nom::Err::Error(e) | nom::Err::Failure(e) => e.input.len(),
                    nom::Err::Incomplete(_) => 0,
                };
                let lead = s.len() - s.trim_start().len();
                let position = lead + s_trim.len().saturating_sub(rest_len);
                Err(Error::new(ErrorKind::InvalidPath { position }, position))
            }
        }
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
