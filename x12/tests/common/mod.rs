//! Shared by the integration tests: an owned summary of what parsing found, built either
//! from whole-input parsing or from stream events, and rendered as text for golden files.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use x12::{
    Delimiters, Diagnostic, Error, Event, Interchange, Interchanges, ParseOptions, Segment, Stream,
    TransactionSet, Warning,
};

/// Every index depth with strict and lenient parsing and both envelope policies: the option
/// sets the whole-input tests run each input through.
pub const MODES: [ParseOptions; 8] = [
    ParseOptions::strict(),
    ParseOptions::strict().segments_only(),
    ParseOptions::strict().separator_bitmaps(),
    ParseOptions::strict().report_envelope(),
    ParseOptions::lenient(),
    ParseOptions::lenient().segments_only(),
    ParseOptions::lenient().separator_bitmaps(),
    ParseOptions::lenient().reject_envelope(),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub position: u32,
    pub ts_position: Option<u32>,
    pub offset: usize,
    pub raw: Vec<u8>,
    pub elements: Vec<Vec<u8>>,
}

impl Seg {
    pub fn of(s: &Segment<'_, '_>) -> Self {
        let elements: Vec<Vec<u8>> = s.elements().map(|e| e.raw().to_vec()).collect();
        assert_eq!(elements.len(), s.element_count());
        Seg {
            position: s.position(),
            ts_position: s.transaction_position(),
            offset: s.offset(),
            raw: s.raw().to_vec(),
            elements,
        }
    }

    pub fn id(&self) -> String {
        let n = self
            .raw
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric()))
            .unwrap_or(self.raw.len());
        String::from_utf8_lossy(&self.raw[..n]).into_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub number: usize,
    pub group: Option<usize>,
    pub id: Vec<u8>,
    pub control: Vec<u8>,
    pub segments: Vec<Seg>,
    pub has_trailer: bool,
}

impl Set {
    pub fn of(t: &TransactionSet<'_, '_>) -> Self {
        let segments: Vec<Seg> = t.segments().map(|s| Seg::of(&s)).collect();
        assert_eq!(segments.len(), t.segment_count());
        for (i, s) in segments.iter().enumerate() {
            assert_eq!(s.ts_position, Some(i as u32 + 1));
            assert_eq!(Some(s), t.segment(i).map(|x| Seg::of(&x)).as_ref());
        }
        Set {
            number: t.number(),
            group: t.group_index(),
            id: t.id().to_vec(),
            control: t.control_number().to_vec(),
            segments,
            has_trailer: t.trailer().is_some(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub header: Seg,
    pub trailer: Option<Seg>,
    pub sets: Vec<Set>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub header: Seg,
    pub delimiters: Delimiters,
    pub groups: Vec<Group>,
    /// Transaction sets outside any group.
    pub loose: Vec<Set>,
    pub trailer: Option<Seg>,
    pub diagnostics: Vec<Diagnostic>,
    pub warnings: Vec<Warning>,
}

impl Summary {
    pub fn of(ic: &Interchange<'_>) -> Self {
        let mut groups: Vec<Group> = ic
            .groups()
            .map(|g| Group {
                header: Seg::of(&g.header()),
                trailer: g.trailer().map(|t| Seg::of(&t)),
                sets: g.transaction_sets().map(|t| Set::of(&t)).collect(),
            })
            .collect();
        let mut loose = Vec::new();
        let mut seen = 0;
        for t in ic.transaction_sets() {
            match t.group_index() {
                Some(g) => {
                    assert!(groups[g].sets.iter().any(|s| s.number == t.number()));
                    seen += 1;
                }
                None => loose.push(Set::of(&t)),
            }
        }
        assert_eq!(seen, groups.iter().map(|g| g.sets.len()).sum::<usize>());
        for g in &mut groups {
            for s in &g.sets {
                assert!(s.group.is_some());
            }
        }
        Summary {
            header: Seg::of(&ic.header()),
            delimiters: *ic.delimiters(),
            groups,
            loose,
            trailer: ic.trailer().map(|t| Seg::of(&t)),
            diagnostics: ic.diagnostics().to_vec(),
            warnings: ic.warnings().to_vec(),
        }
    }
}

/// Everything whole-input parsing finds: the interchanges, and the error that ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub interchanges: Vec<Summary>,
    pub error: Option<Error>,
}

pub fn whole(input: &[u8], opts: &ParseOptions) -> Outcome {
    let mut out = Outcome {
        interchanges: Vec::new(),
        error: None,
    };
    for r in Interchanges::new(input, opts) {
        match r {
            Ok(ic) => {
                // Exact round trip of what the interchange covers.
                assert_eq!(ic.write(), ic.raw());
                out.interchanges.push(Summary::of(&ic));
            }
            Err(e) => out.error = Some(e),
        }
    }
    out
}

/// The same, from a [`Stream`] fed `chunks`.
pub fn streamed<'c>(chunks: impl IntoIterator<Item = &'c [u8]>, opts: &ParseOptions) -> Outcome {
    // Both stream indexes: elements when the options ask for them (as whole-input parsing
    // does), segments only otherwise (the stream's default).
    let mut s = Stream::new(*opts);
    if opts.depth == x12::IndexDepth::Elements {
        s = s.with_element_index();
    }
    let mut b = Builder::default();
    for c in chunks {
        s.push(c);
        drain(&mut s, &mut b);
    }
    s.finish();
    drain(&mut s, &mut b);
    assert!(s.next_event().is_none(), "a finished stream stays finished");
    if b.ended {
        b.done.extend(b.current.take());
    }
    Outcome {
        interchanges: b.done,
        error: b.error,
    }
}

#[derive(Default)]
struct Builder {
    current: Option<Summary>,
    done: Vec<Summary>,
    error: Option<Error>,
    ended: bool,
}

fn drain(s: &mut Stream, b: &mut Builder) {
    while let Some(ev) = s.next_event() {
        match ev {
            Err(e) => {
                assert!(b.error.is_none());
                b.error = Some(e);
            }
            Ok(Event::InterchangeStart(isa)) => {
                if b.ended {
                    b.done.extend(b.current.take());
                }
                assert!(b.current.is_none(), "start inside an interchange");
                b.ended = false;
                b.current = Some(Summary {
                    header: Seg::of(&isa),
                    delimiters: isa.delimiters(),
                    groups: Vec::new(),
                    loose: Vec::new(),
                    trailer: None,
                    diagnostics: Vec::new(),
                    warnings: Vec::new(),
                });
            }
            Ok(Event::GroupStart(gs)) => {
                b.current.as_mut().unwrap().groups.push(Group {
                    header: Seg::of(&gs),
                    trailer: None,
                    sets: Vec::new(),
                });
            }
            Ok(Event::TransactionSet(t)) => {
                let set = Set::of(&t);
                let cur = b.current.as_mut().unwrap();
                match set.group {
                    Some(g) => {
                        assert_eq!(g + 1, cur.groups.len());
                        cur.groups[g].sets.push(set)
                    }
                    None => cur.loose.push(set),
                }
            }
            Ok(Event::GroupEnd(ge)) => {
                let cur = b.current.as_mut().unwrap();
                cur.groups.last_mut().unwrap().trailer = ge.map(|s| Seg::of(&s));
            }
            Ok(Event::InterchangeEnd(iea)) => {
                let cur = b.current.as_mut().unwrap();
                cur.trailer = iea.map(|s| Seg::of(&s));
                b.ended = true;
            }
            Ok(Event::Diagnostic(d)) => b.current.as_mut().unwrap().diagnostics.push(d),
            Ok(Event::Warning(w)) => b.current.as_mut().unwrap().warnings.push(w),
        }
    }
    if b.ended && b.error.is_some() {
        b.done.extend(b.current.take());
    }
}

/// Stream `input` in `size`-byte chunks.
pub fn streamed_in(input: &[u8], size: usize, opts: &ParseOptions) -> Outcome {
    streamed(input.chunks(size.max(1)), opts)
}

fn q(b: &[u8]) -> String {
    let mut s = String::new();
    for &c in b {
        match c {
            b' '..=b'~' if c != b'\\' => s.push(c as char),
            b'\\' => s.push_str("\\\\"),
            _ => write!(s, "\\x{c:02x}").unwrap(),
        }
    }
    s
}

fn delim(b: u8) -> String {
    q(&[b])
}

/// Text form of an outcome, for golden files.
pub fn render(o: &Outcome) -> String {
    let mut s = String::new();
    for (i, ic) in o.interchanges.iter().enumerate() {
        let d = ic.delimiters;
        let isa = &ic.header.elements;
        writeln!(
            s,
            "interchange {} at {}: delimiters element {} repetition {} component {} segment {}; ISA12 {} ISA13 {}",
            i + 1,
            ic.header.offset,
            delim(d.element),
            d.repetition.map_or("none".into(), delim),
            delim(d.component),
            delim(d.segment),
            q(isa.get(11).map_or(&b""[..], |v| v)),
            q(isa.get(12).map_or(&b""[..], |v| v)),
        )
        .unwrap();
        for (gi, g) in ic.groups.iter().enumerate() {
            writeln!(
                s,
                "  group {gi} at position {}: GS01 {} GS06 {} GS08 {}; trailer {}",
                g.header.position,
                q(g.header.elements.first().map_or(&b""[..], |v| v)),
                q(g.header.elements.get(5).map_or(&b""[..], |v| v)),
                q(g.header.elements.get(7).map_or(&b""[..], |v| v)),
                g.trailer
                    .as_ref()
                    .map_or("missing".into(), |t| format!("at position {}", t.position)),
            )
            .unwrap();
            for t in &g.sets {
                render_set(&mut s, t, "    ");
            }
        }
        for t in &ic.loose {
            render_set(&mut s, t, "  outside any group: ");
        }
        writeln!(
            s,
            "  trailer {}",
            ic.trailer.as_ref().map_or("missing".into(), |t| format!(
                "at position {}: {}",
                t.position,
                q(&t.raw)
            ))
        )
        .unwrap();
        for d in &ic.diagnostics {
            let c = d.ack_codes();
            let code = |o: Option<&'static str>| o.unwrap_or("-");
            writeln!(
                s,
                "  diagnostic {:?} at byte {} position {} set position {} {}{} group {:?} set {:?}; TA105 {} AK905 {} IK502 {} IK304 {} IK403 {}",
                d.kind,
                d.offset,
                d.segment_position,
                d.transaction_position.map_or("-".into(), |p| p.to_string()),
                d.segment_id,
                d.element.map_or(String::new(), |e| format!("{e:02}")),
                d.group,
                d.transaction_set,
                code(c.ta105.map(|x| x.code())),
                code(c.ak905.map(|x| x.code())),
                code(c.ik502.map(|x| x.code())),
                code(c.ik304.map(|x| x.code())),
                code(c.ik403.map(|x| x.code())),
            )
            .unwrap();
        }
        for w in &ic.warnings {
            writeln!(s, "  warning {:?} at byte {}", w.kind, w.offset).unwrap();
        }
    }
    if let Some(e) = &o.error {
        writeln!(s, "error: {e}").unwrap();
    }
    s
}

fn render_set(s: &mut String, t: &Set, indent: &str) {
    let ids: Vec<String> = t.segments.iter().map(Seg::id).collect();
    writeln!(
        s,
        "{indent}set {} ST01 {} ST02 {}: {} segments at positions {}..={}, trailer {}: {}",
        t.number,
        q(&t.id),
        q(&t.control),
        t.segments.len(),
        t.segments.first().map_or(0, |x| x.position),
        t.segments.last().map_or(0, |x| x.position),
        if t.has_trailer { "present" } else { "missing" },
        ids.join(" "),
    )
    .unwrap();
}
