//! Behaviour of parsing and navigation on the fixtures and on hand-written interchanges.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use x12::{
    Buffers, DelimiterRole, Delimiters, DiagnosticKind, ErrorKind, IndexDepth, Interchange,
    Interchanges, Level, ParseOptions, WarningKind,
};

const P837: &[u8] = include_bytes!("data/837p.x12");
const P271: &[u8] = include_bytes!("data/271.x12");
const P4010: &[u8] = include_bytes!("data/837_4010.x12");
const P835: &[u8] = include_bytes!("data/835.x12");
const MULTI: &[u8] = include_bytes!("data/multiple_interchanges.x12");

const ISA: &str = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:~";

fn depths(base: ParseOptions) -> [ParseOptions; 3] {
    [base, base.segments_only(), base.separator_bitmaps()]
}

#[test]
fn envelope_accessors() {
    for opts in depths(ParseOptions::strict()) {
        let ic = Interchange::parse_with(P837, &opts).unwrap();
        assert_eq!(ic.options().depth, opts.depth);
        assert_eq!(ic.control_number(), b"000000905");
        assert_eq!(ic.version(), b"00501");
        assert_eq!(ic.sender(), (&b"ZZ"[..], &b"CLEARHOUSE01"[..]));
        assert_eq!(ic.receiver(), (&b"ZZ"[..], &b"PAYERABC"[..]));
        assert_eq!(ic.usage_indicator(), b"P");
        assert_eq!(ic.offset(), 0);
        assert_eq!(ic.raw(), P837);
        assert_eq!(ic.input(), P837);
        assert_eq!(ic.group_count(), 1);
        assert_eq!(ic.segment_count(), 70);
        assert!(ic.diagnostics().is_empty() && ic.warnings().is_empty());
        let g = ic.group(0).unwrap();
        assert!(ic.group(1).is_none());
        assert_eq!(g.index(), 0);
        assert_eq!(g.functional_id(), b"HC");
        assert_eq!(g.control_number(), b"905");
        assert_eq!(g.version(), b"005010X222A1");
        assert_eq!(g.header().id(), b"GS");
        assert_eq!(g.trailer().unwrap().raw(), b"GE*1*905");
        assert_eq!(g.segments().len(), 68);
        assert!(g.raw().starts_with(b"GS*HC") && g.raw().ends_with(b"GE*1*905"));
        assert_eq!(g.transaction_set_count(), 1);
        let t = g.transaction_sets().next().unwrap();
        assert_eq!((t.id(), t.control_number()), (&b"837"[..], &b"0001"[..]));
        assert_eq!(t.implementation_reference(), Some(&b"005010X222A1"[..]));
        assert_eq!((t.number(), t.group_index()), (0, Some(0)));
        assert_eq!(t.segment_count(), 66);
        assert_eq!(t.header().transaction_position(), Some(1));
        let se = t.trailer().unwrap();
        assert_eq!((se.position(), se.transaction_position()), (68, Some(66)));
        assert_eq!(se.element_raw(1), Some(&b"66"[..]));
        assert_eq!(t.offset(), t.header().offset());
        assert!(t.raw().starts_with(b"ST*837") && t.raw().ends_with(b"SE*66*0001"));
        assert!(t.segment(66).is_none());
        assert_eq!(ic.transaction_set(0).unwrap().raw(), t.raw());
        assert!(ic.transaction_set(1).is_none());
        assert_eq!(ic.trailer().unwrap().raw(), b"IEA*1*000000905");
        assert_eq!(ic.header().position(), 1);
        assert_eq!(ic.header().transaction_position(), None);
    }
}

#[test]
fn segments_elements_components_and_offsets() {
    for opts in depths(ParseOptions::strict()) {
        let ic = Interchange::parse_with(P837, &opts).unwrap();
        let t = ic.transaction_set(0).unwrap();
        for s in ic.segments() {
            let raw = s.raw();
            assert_eq!(&P837[s.offset()..s.offset() + raw.len()], raw);
            assert_eq!(s.id(), s.segment_id().as_bytes());
            for (i, e) in s.elements().enumerate() {
                assert_eq!(&P837[e.offset()..e.offset() + e.raw().len()], e.raw());
                assert_eq!(s.element(i + 1).unwrap().raw(), e.raw());
            }
            assert!(s.element(s.element_count() + 1).is_none());
            assert!(s.element(0).is_none());
        }
        let clm = t.segments().find(|s| s.is("CLM")).unwrap();
        assert_eq!(clm.transaction_position(), Some(19));
        assert_eq!(clm.position(), 21);
        assert_eq!(clm.element_count(), 9);
        assert_eq!(clm.element(1).unwrap().as_str(), Some("PATACCT001"));
        let clm05 = clm.element(5).unwrap();
        assert_eq!(
            clm05.components().collect::<Vec<_>>(),
            [&b"11"[..], b"B", b"1"]
        );
        assert_eq!(clm05.component(2), Some(&b"B"[..]));
        assert_eq!(clm05.component(4), None);
        assert_eq!(clm05.component(0), None);
        assert_eq!(clm05.repetitions().count(), 1);
        let nm1 = t.segment(2).unwrap();
        assert_eq!(nm1.id(), b"NM1");
        assert!(nm1.element(4).unwrap().is_empty());
        let sv1 = t.segments().find(|s| s.is("SV1")).unwrap();
        let sv101 = sv1.element(1).unwrap();
        assert_eq!(sv101.component(3), Some(&b"25"[..]));
        let rep = sv101.repetition(1).unwrap();
        assert_eq!(rep.raw(), sv101.raw());
        assert_eq!(rep.offset(), sv101.offset());
        assert_eq!(rep.component(2), Some(&b"99213"[..]));
        assert!(sv101.repetition(2).is_none());
        // Segments iterate both ways.
        let back: Vec<_> = t.segments().rev().map(|s| s.position()).collect();
        assert_eq!(back.first(), Some(&68));
        assert_eq!(back.last(), Some(&3));
    }
}

#[test]
fn repetitions_in_5010() {
    let ic = Interchange::parse(P271).unwrap();
    let eb = ic
        .transaction_set(0)
        .unwrap()
        .segments()
        .find(|s| s.is("EB"))
        .unwrap();
    let eb03 = eb.element(3).unwrap();
    let codes: Vec<&[u8]> = eb03.repetitions().map(|r| r.raw()).collect();
    assert_eq!(codes.len(), 12);
    assert_eq!(codes[0], b"30");
    assert_eq!(codes[11], b"UC");
    assert_eq!(eb03.repetition(3).unwrap().offset(), eb03.offset() + 5);
    // The ISA's own separators are values, not structure.
    let isa = ic.header();
    assert_eq!(isa.element_count(), 16);
    assert_eq!(isa.element(11).unwrap().raw(), b"^");
    assert_eq!(isa.element(11).unwrap().repetitions().count(), 1);
    assert_eq!(
        isa.element(16).unwrap().components().next(),
        Some(&b":"[..])
    );
}

#[test]
fn version_00401_has_no_repetition_separator() {
    let ic = Interchange::parse(P4010).unwrap();
    assert_eq!(ic.delimiters().repetition, None);
    assert_eq!(ic.header().element(11).unwrap().raw(), b"U");
    let t = ic.transaction_set(0).unwrap();
    assert_eq!(t.implementation_reference(), None);
    assert_eq!(ic.group(0).unwrap().version(), b"004010X098A1");
    // A caret is data in 4010.
    let input = String::from_utf8(P4010.to_vec())
        .unwrap()
        .replace("NM1*IL*1*DOE*JOHN", "NM1*IL*1*DOE^SMITH*JOHN");
    let ic = Interchange::parse(input.as_bytes()).unwrap();
    let nm1 = ic
        .transaction_set(0)
        .unwrap()
        .segments()
        .find(|s| s.is("NM1") && s.element_raw(1) == Some(b"IL"))
        .unwrap();
    assert_eq!(nm1.element(3).unwrap().repetitions().count(), 1);
    assert_eq!(nm1.element(3).unwrap().raw(), b"DOE^SMITH");
}

#[test]
fn any_delimiters_even_non_ascii() {
    let mut bytes = ISA.as_bytes().to_vec();
    for b in bytes.iter_mut() {
        if *b == b'*' {
            *b = 0x1d;
        }
    }
    bytes[82] = 0xfe; // repetition
    bytes[104] = 0xb7; // component
    bytes[105] = 0x85; // terminator
    bytes
        .extend_from_slice(b"GS\x1dHC\x1dS\x1dR\x1d20261124\x1d0830\x1d1\x1dX\x1d005010X222A1\x85");
    bytes.extend_from_slice(
        b"ST\x1d837\x1d0001\x1d005010X222A1\x85SV1\x1dHC\xb799213\x1d1\xfe2\x85",
    );
    bytes.extend_from_slice(b"SE\x1d3\x1d0001\x85GE\x1d1\x1d1\x85IEA\x1d1\x1d000000001\x85");
    for opts in depths(ParseOptions::strict()) {
        let ic = Interchange::parse_with(&bytes, &opts).unwrap();
        assert_eq!(
            *ic.delimiters(),
            Delimiters::new(0x1d, Some(0xfe), 0xb7, 0x85)
        );
        let sv1 = ic.transaction_set(0).unwrap().segment(1).unwrap();
        assert_eq!(sv1.element(1).unwrap().component(2), Some(&b"99213"[..]));
        assert_eq!(sv1.element(2).unwrap().repetitions().count(), 2);
        assert_eq!(ic.write(), bytes);
    }
}

#[test]
fn line_feed_terminator_and_crlf_tolerance() {
    let lf = String::from_utf8(P837.to_vec()).unwrap().replace('~', "\n");
    let ic = Interchange::parse(lf.as_bytes()).unwrap();
    assert_eq!(ic.delimiters().segment, b'\n');
    assert_eq!(ic.segment_count(), 70);
    // CR LF where LF is the terminator: the CR is dropped in lenient mode.
    let crlf = lf.replace('\n', "\r\n");
    let crlf = crlf.replacen("\r\n", "\n", 1); // the ISA's terminator byte stays LF
    let err = Interchange::parse(crlf.as_bytes()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::CarriageReturnBeforeTerminator);
    assert_eq!(err.segment, Some(2));
    assert_eq!(err.segment_id.unwrap().as_str(), "GS");
    let ic = Interchange::parse_with(crlf.as_bytes(), &ParseOptions::lenient()).unwrap();
    assert_eq!(
        ic.warnings()[0].kind,
        WarningKind::CarriageReturnBeforeTerminator
    );
    assert_eq!(ic.warnings().len(), 1, "each kind once");
    assert_eq!(
        ic.segment(1).unwrap().raw(),
        b"GS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*905*X*005010X222A1"
    );
    assert!(ic.diagnostics().is_empty());
    assert_eq!(ic.write(), crlf.as_bytes());
}

#[test]
fn several_interchanges() {
    let err = Interchange::parse_with(MULTI, &ParseOptions::lenient()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::MultipleInterchanges);
    assert_eq!(&MULTI[err.offset..err.offset + 3], b"ISA");
    let all: Vec<Interchange<'_>> = Interchanges::new(MULTI, &ParseOptions::lenient())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1].delimiters().element, b'|');
    assert_eq!(all[1].delimiters().segment, b'\n');
    assert_eq!(all[2].transaction_set(0).unwrap().id(), b"271");
    let total: Vec<u8> = all.iter().flat_map(|ic| ic.write()).collect();
    assert_eq!(total, MULTI);
    // Reusing buffers.
    let mut bufs = Buffers::default();
    let mut it = Interchanges::new(MULTI, &ParseOptions::lenient());
    let mut n = 0;
    while let Some(r) = it.next_reusing(&mut bufs) {
        let ic = r.unwrap();
        n += ic.segment_count();
        ic.recycle(&mut bufs);
    }
    assert_eq!(n, all.iter().map(|i| i.segment_count()).sum::<usize>());
    // Whitespace between interchanges: lenient only, reported on the next interchange.
    let spaced = [P837, b"\r\n  \r\n", P837].concat();
    let e = Interchanges::new(&spaced, &ParseOptions::strict())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::LineBreak);
    let v: Vec<_> = Interchanges::new(&spaced, &ParseOptions::lenient())
        .map(Result::unwrap)
        .collect();
    assert_eq!(v[0].warnings()[0].kind, WarningKind::LineBreak);
    assert_eq!(v[1].warnings()[0].kind, WarningKind::LeadingWhitespace);
    assert_eq!(v[1].offset(), P837.len() + 6);
}

#[test]
fn an_isa_inside_an_interchange_starts_the_next() {
    let cut = P837.len() - "GE*1*905~IEA*1*000000905~".len();
    let input = [&P837[..cut], P837].concat();
    let v: Vec<_> = Interchanges::new(&input, &ParseOptions::lenient())
        .map(Result::unwrap)
        .collect();
    assert_eq!(v.len(), 2);
    let kinds: Vec<_> = v[0].diagnostics().iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DiagnosticKind::MissingGroupTrailer,
            DiagnosticKind::MissingInterchangeTrailer
        ]
    );
    assert_eq!(v[0].diagnostics()[1].segment_position, 69);
    assert_eq!(v[0].diagnostics()[1].offset, cut);
    assert!(v[0].trailer().is_none());
    assert!(v[1].diagnostics().is_empty());
    // Strictly, the first finding is the error.
    let e = Interchanges::new(&input, &ParseOptions::strict())
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Envelope(v[0].diagnostics()[0]));
    assert_eq!(e.diagnostic(), Some(&v[0].diagnostics()[0]));
}

#[test]
fn trailing_bytes() {
    let garbage = [P837, b"NOT X12"].concat();
    let e = Interchange::parse(&garbage).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::TrailingData, P837.len()));
    let ic = Interchange::parse_with(&garbage, &ParseOptions::lenient()).unwrap();
    assert_eq!(ic.warnings()[0].kind, WarningKind::TrailingData);
    assert_eq!(ic.raw(), P837);
    let ws = [P837, b"  \t"].concat();
    let e = Interchange::parse(&ws).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TrailingWhitespace);
    let ic = Interchange::parse_with(&ws, &ParseOptions::lenient()).unwrap();
    assert_eq!(ic.warnings()[0].kind, WarningKind::TrailingWhitespace);
}

#[test]
fn header_errors() {
    let cases: [(&[u8], ErrorKind); 8] = [
        (b"", ErrorKind::Empty),
        (b"IS", ErrorKind::TruncatedHeader),
        (b"GS*HC~", ErrorKind::MissingHeader),
        (b"ISAB00", ErrorKind::InvalidDelimiter(DelimiterRole::Element)),
        (b"ISA 00", ErrorKind::InvalidDelimiter(DelimiterRole::Element)),
        (&P837[..105], ErrorKind::TruncatedHeader),
        (b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*:A", ErrorKind::InvalidDelimiter(DelimiterRole::Segment)),
        (b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261124*0830*^*00501*000000001*0*P*A~", ErrorKind::InvalidDelimiter(DelimiterRole::Component)),
    ];
    for (input, kind) in cases {
        for opts in [ParseOptions::strict(), ParseOptions::lenient()] {
            assert_eq!(
                Interchange::parse_with(input, &opts).unwrap_err().kind,
                kind
            );
        }
    }
    let e = Interchange::parse_with(b" \n\t", &ParseOptions::lenient()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Empty);
    let e = Interchange::parse(b" ISA").unwrap_err();
    assert_eq!(e.kind, ErrorKind::LeadingWhitespace);
}

#[test]
fn envelope_policy() {
    let bad = String::from_utf8(P837.to_vec())
        .unwrap()
        .replace("SE*66*0001", "SE*60*0002");
    let e = Interchange::parse(bad.as_bytes()).unwrap_err();
    let d = e.diagnostic().copied().unwrap();
    assert_eq!(
        d.kind,
        DiagnosticKind::SegmentCountMismatch {
            stated: Some(60),
            found: 66
        }
    );
    assert_eq!((e.segment, e.element), (Some(68), Some(1)));
    assert_eq!(d.level(), Level::TransactionSet);
    let ic =
        Interchange::parse_with(bad.as_bytes(), &ParseOptions::strict().report_envelope()).unwrap();
    assert_eq!(ic.diagnostics().len(), 2);
    assert_eq!(
        ic.diagnostics()[1].kind,
        DiagnosticKind::TransactionSetControlNumberMismatch
    );
    assert_eq!(&bad.as_bytes()[ic.diagnostics()[1].offset..][..4], b"0002");
    let again = Interchange::parse_with(bad.as_bytes(), &ParseOptions::lenient().reject_envelope())
        .unwrap_err();
    assert_eq!(again, e);
}

#[test]
fn messages_and_debug_never_show_values() {
    let bad = String::from_utf8(P837.to_vec())
        .unwrap()
        .replace("SE*66*0001", "SE*60*0002");
    let ic = Interchange::parse_with(bad.as_bytes(), &ParseOptions::lenient()).unwrap();
    let mut texts = vec![format!("{ic:?}")];
    for s in ic.segments() {
        texts.push(format!("{s:?}"));
        for e in s.elements() {
            texts.push(format!("{e:?}"));
            texts.extend(e.repetitions().map(|r| format!("{r:?}")));
        }
        texts.push(format!("{:?}", s.elements()));
    }
    for d in ic.diagnostics() {
        texts.push(format!("{d:?}"));
        texts.push(d.to_string());
        texts.push(x12::Error::from(*d).to_string());
    }
    texts.push(format!("{:?}", ic.group(0).unwrap()));
    texts.push(format!("{:?}", ic.transaction_set(0).unwrap()));
    texts.push(format!("{:?}", x12::owned::OwnedInterchange::from(&ic)));
    for t in &texts {
        for secret in [
            "DOE",
            "PATACCT",
            "ELM AVENUE",
            "19800102",
            "XYZ",
            "CLEARHOUSE01",
        ] {
            assert!(!t.contains(secret), "{secret} in {t}");
        }
    }
}

#[test]
fn depth_changes_nothing_visible() {
    for input in [P837, P271, P835, P4010] {
        let a = Interchange::parse_with(input, &ParseOptions::lenient()).unwrap();
        let b = Interchange::parse_with(input, &ParseOptions::lenient().segments_only()).unwrap();
        assert_eq!(b.options().depth, IndexDepth::Segments);
        for (x, y) in a.segments().zip(b.segments()) {
            assert_eq!(x.id(), y.id());
            assert_eq!(x.element_count(), y.element_count());
            for (e, f) in x.elements().zip(y.elements()) {
                assert_eq!((e.raw(), e.offset()), (f.raw(), f.offset()));
            }
        }
    }
}

#[test]
fn buffers_are_reused() {
    let mut bufs = Buffers::default();
    for input in [P837, P271, P4010, P837] {
        let ic = Interchange::parse_reusing(input, &ParseOptions::strict(), &mut bufs).unwrap();
        assert_eq!(ic.write(), input);
        ic.recycle(&mut bufs);
    }
    assert!(format!("{bufs:?}").starts_with("Buffers"));
    // An error leaves the buffers usable.
    assert!(Interchange::parse_reusing(b"junk", &ParseOptions::strict(), &mut bufs).is_err());
    let ic = Interchange::parse_reusing(P837, &ParseOptions::strict(), &mut bufs).unwrap();
    assert_eq!(ic.segment_count(), 70);
}

#[test]
fn segment_ids_of_every_length() {
    let body = "GS*HC*S*R*20261124*0830*1*X*005010X222A1~ST*837*0001~N**1~NM*1~NM1*1~ABCD*1~\
                REF~X1~N9*~DTP**~SE*10*0001~GE*1*1~IEA*1*000000001~";
    let input = format!("{ISA}{body}");
    let want: [&[u8]; 10] = [
        b"ST", b"N", b"NM", b"NM1", b"ABCD", b"REF", b"X1", b"N9", b"DTP", b"SE",
    ];
    for opts in depths(ParseOptions::lenient()) {
        let ic = Interchange::parse_with(input.as_bytes(), &opts).unwrap();
        let t = ic.transaction_set(0).unwrap();
        let ids: Vec<&[u8]> = t.segments().map(|s| s.id()).collect();
        assert_eq!(ids, want);
        for s in t.segments() {
            assert!(s.is(std::str::from_utf8(s.id()).unwrap()));
        }
    }
}

/// Interchanges whose elements have every length from 0 to 150 bytes (so separators fall
/// anywhere in and across 64-byte blocks), ending in a CR LF, LF, or no terminator at all.
fn long_elements_inputs() -> Vec<(Vec<u8>, ParseOptions)> {
    let mut out = Vec::new();
    let mut lens = (0..=150usize).cycle().step_by(7);
    for (tail, lenient) in [("~", false), ("~\r\n", true), ("", true)] {
        let mut segs = vec!["GS*HC*S*R*20261124*0830*1*X*005010X222A1".to_owned()];
        segs.push("ST*837*0001*005010X222A1".to_owned());
        for k in 0..40 {
            let mut s = format!("N{}", k % 10);
            for _ in 0..(k % 9) {
                let n = lens.next().unwrap();
                s.push('*');
                s.extend((0..n).map(|i| char::from(b'A' + (i % 26) as u8)));
            }
            segs.push(s);
        }
        segs.push("SE*42*0001".to_owned());
        segs.push("GE*1*1".to_owned());
        segs.push("IEA*1*000000001".to_owned());
        let mut input = ISA.as_bytes().to_vec();
        let body = segs.join("~");
        input.extend_from_slice(body.as_bytes());
        input.extend_from_slice(tail.as_bytes());
        let base = if lenient {
            ParseOptions::lenient()
        } else {
            ParseOptions::strict()
        };
        out.push((input, base));
    }
    out
}

#[test]
fn elements_iterate_as_element_reads_at_every_depth() {
    for (input, base) in long_elements_inputs() {
        let mut all = Vec::new();
        for opts in depths(base) {
            let ic = Interchange::parse_with(&input, &opts).unwrap();
            let mut read = Vec::new();
            for s in ic.segments() {
                let n = s.element_count();
                let mut it = s.elements();
                assert_eq!(it.len(), n);
                let mut k = 0;
                while let Some(e) = it.next() {
                    k += 1;
                    let f = s.element(k).unwrap();
                    assert_eq!((e.raw(), e.offset()), (f.raw(), f.offset()));
                    assert_eq!(it.len(), n - k);
                    read.push((e.raw().to_vec(), e.offset()));
                }
                assert_eq!(k, n);
                assert!(it.next().is_none() && s.element(n + 1).is_none());
                // The element values, joined by separators, are the segment after its id.
                let joined: Vec<&[u8]> = s.elements().map(|e| e.raw()).collect();
                let mut whole = s.id().to_vec();
                for v in joined {
                    whole.push(b'*');
                    whole.extend_from_slice(v);
                }
                assert_eq!(whole, s.raw());
            }
            all.push(read);
        }
        assert_eq!(all[0], all[1]);
        assert_eq!(all[0], all[2]);
    }
}
