//! Property tests: any bytes parse without panicking in every mode; the incremental stream
//! finds exactly what whole-input parsing finds however the input is split; owned
//! interchanges survive write + parse with any delimiters; values holding a delimiter are
//! refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use x12::owned::{
    IsaHeader, LineEnding, OwnedElement, OwnedGroup, OwnedInterchange, OwnedRepetition,
    OwnedSegment, OwnedTransactionSet,
};
use x12::{Delimiters, ErrorKind, Interchange, ParseOptions};

use common::MODES;

const FIXTURES: [&[u8]; 9] = [
    include_bytes!("data/837p_unpadded_isa.x12"),
    include_bytes!("data/837p.x12"),
    include_bytes!("data/835.x12"),
    include_bytes!("data/271.x12"),
    include_bytes!("data/999.x12"),
    include_bytes!("data/837_4010.x12"),
    include_bytes!("data/multiple_interchanges.x12"),
    include_bytes!("data/missing_trailers.x12"),
    include_bytes!("data/837p_bom_whitespace.x12"),
];

/// Bytes X12 input is made of, so that random input gets past the header often.
const X12ISH: &[u8] = b"ISAGEST0123456789*~:^|\r\n \t\x00\x85\xef\xbb\xbfNM1CLMHL";

const ISA: &[u8] = b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:~";

fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    let segs = vec(
        select(vec![
            &b"GS*HC*A*B*20261124*0830*1*X*005010X222A1~"[..],
            b"ST*837*0001*005010X222A1~",
            b"ST*837*0002~",
            b"SE*3*0001~",
            b"SE*2*0002~",
            b"GE*1*1~",
            b"IEA*1*000000001~",
            b"NM1*IL*1*DOE^X*JOHN:Q~",
            b"~",
            b"\r\n",
            b"\n",
            b"  ",
            b"\xef\xbb\xbf",
            ISA,
        ]),
        0..24,
    )
    .prop_map(|v| v.concat());
    // ISAs whose elements have any width (the layout is then found by counting separators).
    let any_width_isa = (
        vec("[A-Z0-9 *]{0,17}", 15),
        select(vec![&b":~"[..], b":*", b"~:", b":\n", b"*~"]),
        segs.clone(),
    )
        .prop_map(|(elements, tail, body)| {
            let mut v = b"ISA".to_vec();
            for e in elements {
                v.push(b'*');
                v.extend_from_slice(e.as_bytes());
            }
            v.push(b'*');
            v.extend_from_slice(tail);
            v.extend_from_slice(&body);
            v
        });
    prop_oneof![
        any_width_isa,
        vec(any::<u8>(), 0..300),
        vec(select(X12ISH.to_vec()), 0..300),
        (vec(select(X12ISH.to_vec()), 0..200)).prop_map(|rest| [ISA, &rest[..]].concat()),
        segs.clone().prop_map(|body| [ISA, &body[..]].concat()),
        segs,
    ]
}

/// A fixture with a few random edits.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    (
        select(FIXTURES.to_vec()),
        vec(
            (
                any::<prop::sample::Index>(),
                0u8..4,
                select(X12ISH.to_vec()),
            ),
            0..4,
        ),
    )
        .prop_map(|(f, edits)| {
            let mut v = f.to_vec();
            for (at, op, b) in edits {
                if v.is_empty() {
                    break;
                }
                let i = at.index(v.len());
                match op {
                    0 => v[i] = b,
                    1 => {
                        v.remove(i);
                    }
                    2 => v.insert(i, b),
                    _ => {
                        let end = (i + 40).min(v.len());
                        let dup = v[i..end].to_vec();
                        v.splice(i..i, dup);
                    }
                }
            }
            v
        })
}

/// Chunk boundaries: sizes cycled over the input.
fn chunk_sizes() -> impl Strategy<Value = Vec<usize>> {
    vec(1usize..40, 1..6)
}

fn split<'a>(input: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while at < input.len() {
        let n = sizes[i % sizes.len()].min(input.len() - at);
        out.push(&input[at..at + n]);
        at += n;
        i += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn any_input_parses_without_panicking_and_streams_the_same(
        input in input_bytes(),
        sizes in chunk_sizes(),
    ) {
        for opts in MODES {
            // `whole` navigates every view of every interchange found.
            let whole = common::whole(&input, &opts);
            let _ = Interchange::parse_with(&input, &opts).map(|ic| ic.write());
            let streamed = common::streamed(split(&input, &sizes), &opts);
            prop_assert_eq!(streamed, whole);
        }
    }

    #[test]
    fn edited_fixtures_stream_the_same(input in mutated_fixture(), sizes in chunk_sizes()) {
        for opts in MODES {
            let whole = common::whole(&input, &opts);
            let streamed = common::streamed(split(&input, &sizes), &opts);
            prop_assert_eq!(streamed, whole);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Owned interchanges

/// Bytes delimiters are drawn from: punctuation and a few control and high bytes.
const DELIMS: &[u8] = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x1c\x1d\x1e\x1f\x07\x85\xa7";

fn delimiters() -> impl Strategy<Value = (Delimiters, LineEnding, bool)> {
    (
        proptest::sample::subsequence(DELIMS.to_vec(), 4).prop_shuffle(),
        any::<bool>(),
        select(vec![None, Some(b'\n'), Some(b'\r')]),
        select(vec![LineEnding::None, LineEnding::Lf, LineEnding::CrLf]),
    )
        .prop_map(|(v, v5010, t, eol)| {
            let segment = t.unwrap_or(v[3]);
            // A line break terminator is not followed by more line breaks.
            let eol = if t.is_some() { LineEnding::None } else { eol };
            let d = Delimiters::new(v[0], v5010.then_some(v[1]), v[2], segment);
            (d, eol, v5010)
        })
}

/// Value bytes: letters, digits, space and some punctuation (those that are delimiters are
/// replaced).
fn value() -> impl Strategy<Value = Vec<u8>> {
    vec(select(b"ABCXYZ019 .-,'&#/".to_vec()), 0..6)
}

fn element(repeat: bool) -> impl Strategy<Value = OwnedElement> {
    vec(vec(value(), 1..3), 1..if repeat { 3 } else { 2 }).prop_map(|reps| OwnedElement {
        repetitions: reps
            .into_iter()
            .map(|components| OwnedRepetition { components })
            .collect(),
    })
}

fn segment_id() -> impl Strategy<Value = Vec<u8>> {
    "[A-Z][A-Z0-9]{1,2}"
        .prop_filter("not an envelope id", |s| {
            !matches!(s.as_str(), "ISA" | "IEA" | "GS" | "GE" | "ST" | "SE")
        })
        .prop_map(String::into_bytes)
}

fn segment(repeat: bool) -> impl Strategy<Value = OwnedSegment> {
    (segment_id(), vec(element(repeat), 0..6))
        .prop_map(|(id, elements)| OwnedSegment { id, elements })
}

fn transaction_set(repeat: bool) -> impl Strategy<Value = OwnedTransactionSet> {
    (
        "[0-9]{3}",
        proptest::option::of("[A-Z0-9]{4,9}"),
        proptest::option::of("[0-9A-Z]{1,12}"),
        vec(segment(repeat), 0..5),
    )
        .prop_map(|(id, control, reference, segments)| OwnedTransactionSet {
            id: id.into_bytes(),
            control_number: control.map(String::into_bytes),
            implementation_reference: reference.map(String::into_bytes),
            segments,
        })
}

fn interchange() -> impl Strategy<Value = OwnedInterchange> {
    delimiters().prop_flat_map(|(d, eol, v5010)| {
        let group = (
            proptest::option::of("[0-9]{1,9}"),
            vec(transaction_set(v5010), 0..3),
        );
        (vec(group, 0..3), "[A-Z0-9]{1,15}", 0u32..1_000_000_000).prop_map(
            move |(groups, sender, control)| {
                let mut header =
                    IsaHeader::new("ZZ", &sender, "ZZ", "RECEIVER", "261124", "0830", control);
                if !v5010 {
                    header.version = b"00401".to_vec();
                }
                let mut ic = OwnedInterchange::new(header);
                ic.delimiters = d;
                ic.line_ending = eol;
                for (control, sets) in groups {
                    let mut g = OwnedGroup::new("HC", "A", "B", "20261124", "0830", "005010X222A1");
                    g.control_number = control.map(String::into_bytes);
                    // ST03 must agree with GS08 when present.
                    g.transaction_sets = sets
                        .into_iter()
                        .map(|mut t| {
                            if t.implementation_reference.is_some() {
                                t.implementation_reference = Some(g.version.clone());
                            }
                            t
                        })
                        .collect();
                    ic.groups.push(g);
                }
                scrub(&mut ic);
                ic
            },
        )
    })
}

/// Replaces value bytes that happen to be delimiters.
fn scrub(ic: &mut OwnedInterchange) {
    let d = ic.delimiters;
    for g in &mut ic.groups {
        for t in &mut g.transaction_sets {
            for s in &mut t.segments {
                for e in &mut s.elements {
                    for r in &mut e.repetitions {
                        for c in &mut r.components {
                            for b in c.iter_mut() {
                                if d.role_of(*b).is_some() {
                                    *b = b'Q';
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn owned_interchanges_survive_write_and_parse(ic in interchange()) {
        let bytes = ic.write().unwrap();
        let opts = if ic.line_ending == LineEnding::None {
            ParseOptions::strict()
        } else {
            ParseOptions::lenient().reject_envelope()
        };
        let parsed = Interchange::parse_with(&bytes, &opts).unwrap();
        prop_assert_eq!(*parsed.delimiters(), ic.delimiters);
        prop_assert_eq!(parsed.write(), bytes.clone());
        let back = OwnedInterchange::from(&parsed);
        prop_assert_eq!(&back, &ic.clone().with_computed_control_numbers());
        prop_assert_eq!(back.write().unwrap(), bytes.clone());
        // The stream agrees.
        let whole = common::whole(&bytes, &opts);
        prop_assert_eq!(common::streamed_in(&bytes, 5, &opts), whole);
    }

    #[test]
    fn values_holding_a_delimiter_are_refused(
        ic in interchange(),
        pick in any::<prop::sample::Index>(),
        which in 0usize..4,
    ) {
        let mut ic = ic;
        let d = ic.delimiters;
        let bad = [Some(d.element), d.repetition, Some(d.component), Some(d.segment)][which];
        let Some(bad) = bad else { return Ok(()); };
        let mut slots: Vec<&mut Vec<u8>> = Vec::new();
        for g in &mut ic.groups {
            for t in &mut g.transaction_sets {
                for s in &mut t.segments {
                    for e in &mut s.elements {
                        for r in &mut e.repetitions {
                            for c in &mut r.components {
                                slots.push(c);
                            }
                        }
                    }
                }
            }
        }
        if slots.is_empty() {
            return Ok(());
        }
        let n = slots.len();
        slots[pick.index(n)].push(bad);
        let e = ic.write().unwrap_err();
        prop_assert!(matches!(e.kind, ErrorKind::DelimiterInValue(_)));
        prop_assert!(e.segment.is_some() && e.element.is_some());
    }
}
