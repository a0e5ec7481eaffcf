//! The incremental stream: events, bounded memory, limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use x12::{ErrorKind, Event, ParseOptions, Stream};

/// One interchange of `sets` 837 transaction sets of `claims` claims each.
fn big(sets: usize, claims: usize) -> Vec<u8> {
    let mut s = String::from(
        "ISA*00*          *00*          *ZZ*CLEARHOUSE01   *ZZ*PAYERABC       *261124*0830*^*00501*000000905*0*P*:~\r\nGS*HC*CLEARHOUSE01*PAYERABC*20261124*0830*905*X*005010X222A1~\r\n",
    );
    for t in 1..=sets {
        let mut body = String::from("BHT*0019*00*0123*20261124*0830*CH~\r\nHL*1**20*1~\r\n");
        for c in 0..claims {
            body.push_str(&format!(
                "HL*{}*1*22*0~\r\nNM1*IL*1*DOE*JOHN****MI*XYZ{c:09}~\r\nCLM*ACCT{t}-{c}*225***11:B:1*Y*A*Y*Y~\r\nLX*1~\r\nSV1*HC:99213:25*125*UN*1***1~\r\n",
                c + 2
            ));
        }
        let n = body.matches('~').count() + 2;
        s.push_str(&format!(
            "ST*837*{t:04}*005010X222A1~\r\n{body}SE*{n}*{t:04}~\r\n"
        ));
    }
    s.push_str(&format!("GE*{sets}*905~\r\nIEA*1*000000905~\r\n"));
    s.into_bytes()
}

#[test]
fn memory_is_bounded_by_the_largest_transaction_set() {
    let input = big(300, 200);
    assert!(input.len() > 6_000_000);
    let chunk = 64 << 10;
    let mut s = Stream::new(ParseOptions::lenient());
    let (mut sets, mut largest, mut peak) = (0usize, 0usize, 0usize);
    let mut events = Vec::new();
    for c in input.chunks(chunk) {
        s.push(c);
        peak = peak.max(s.buffered_len());
        while let Some(e) = s.next_event() {
            match e.unwrap() {
                Event::TransactionSet(t) => {
                    sets += 1;
                    largest = largest.max(t.raw().len());
                    assert_eq!(
                        t.segment_count(),
                        t.trailer().unwrap().transaction_position().unwrap() as usize
                    );
                }
                Event::Diagnostic(d) => panic!("{d}"),
                other => events.push(format!("{other:?}").split('(').next().unwrap().to_owned()),
            }
        }
    }
    s.finish();
    while let Some(e) = s.next_event() {
        events.push(
            format!("{:?}", e.unwrap())
                .split('(')
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(sets, 300);
    assert_eq!(s.bytes_pushed(), input.len() as u64);
    // What is held: at most the open transaction set, the bytes already read past it, and
    // one chunk, plus a little.
    assert!(
        peak <= 2 * largest + chunk + 4096,
        "peak {peak}, largest set {largest}"
    );
    assert_eq!(
        events,
        [
            "InterchangeStart",
            "Warning",
            "GroupStart",
            "GroupEnd",
            "InterchangeEnd"
        ]
    );
}

#[test]
fn headers_are_available_while_reading() {
    let input = big(2, 1);
    let mut s = Stream::new(ParseOptions::lenient());
    s.push(&input);
    s.finish();
    let mut seen = 0;
    while let Some(e) = s.next_event() {
        if let Event::TransactionSet(_) = e.unwrap() {
            seen += 1;
        }
        if seen > 0 {
            break;
        }
    }
    assert_eq!(
        s.interchange_header().unwrap().element_raw(13),
        Some(&b"000000905"[..])
    );
    assert_eq!(s.group_header().unwrap().element_raw(6), Some(&b"905"[..]));
    while let Some(e) = s.next_event() {
        e.unwrap();
    }
    assert!(s.interchange_header().is_none());
    assert!(s.group_header().is_none());
}

#[test]
fn a_transaction_set_over_the_limit_fails() {
    let input = big(3, 50);
    let mut s = Stream::new(ParseOptions::lenient()).with_max_transaction_set(4096);
    let mut result = None;
    for c in input.chunks(1024) {
        s.push(c);
        while let Some(e) = s.next_event() {
            if let Err(e) = e {
                result = Some(e);
            }
        }
    }
    let e = result.unwrap();
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert_eq!(&input[e.offset..e.offset + 3], b"ST*");
    // The same however the input arrives.
    let mut whole = Stream::new(ParseOptions::lenient()).with_max_transaction_set(4096);
    whole.push(&input);
    let e2 = std::iter::from_fn(|| whole.next_event().map(|r| r.map(|_| ())))
        .find_map(Result::err)
        .unwrap();
    assert_eq!(e2, e);
    s.push(b"more");
    s.finish();
    assert!(s.next_event().is_none(), "an error ends the stream");
}

#[test]
fn a_segment_without_terminator_cannot_grow_forever() {
    let mut s = Stream::new(ParseOptions::lenient()).with_max_transaction_set(10_000);
    s.push(b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*000000001*0*P*:~NM1*");
    for _ in 0..100 {
        s.push(&[b'A'; 1000]);
        if let Some(Err(e)) = s.next_event().filter(|e| e.is_err()) {
            assert_eq!(e.kind, ErrorKind::TooLarge);
            return;
        }
        while let Some(e) = s.next_event() {
            if let Err(e) = e {
                assert_eq!(e.kind, ErrorKind::TooLarge);
                return;
            }
        }
    }
    panic!("no error");
}

#[test]
fn nothing_and_junk() {
    let mut s = Stream::default();
    s.finish();
    assert_eq!(s.next_event().unwrap().unwrap_err().kind, ErrorKind::Empty);
    assert!(s.next_event().is_none());
    let mut s = Stream::new(ParseOptions::lenient());
    s.push(b"hello");
    assert_eq!(
        s.next_event().unwrap().unwrap_err().kind,
        ErrorKind::MissingHeader
    );
    let mut s = Stream::new(ParseOptions::lenient());
    s.push(b"\xef\xbb");
    assert!(s.next_event().is_none(), "could still be a byte order mark");
    assert_eq!(s.buffered_len(), 2);
    assert!(format!("{s:?}").starts_with("Stream"));
}

/// A strict error located at the last segment names that segment's id as whole-input parsing
/// does, also when the segment, indexed on the stream's fast path, is shorter than an id.
#[test]
fn errors_after_short_segments_name_them_as_whole_parsing_does() {
    let isa = "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261124*0830*^*00501*000000001*0*P*:~";
    let head = format!("{isa}GS*HC*A*B*20261124*0830*1*X*005010X222A1~ST*837*0001~");
    for seg in ["A", "AB", "ABC", "ABCD", "AB*1", "A*"] {
        let input = format!("{head}BHT*0019~{seg}~~SE*4*0001~GE*1*1~IEA*1*000000001~");
        let whole = x12::Interchange::parse(input.as_bytes()).unwrap_err();
        assert_eq!(whole.kind.clone(), ErrorKind::EmptySegment);
        for size in [1, 7, input.len()] {
            let mut s = Stream::new(ParseOptions::strict());
            let mut error = None;
            for c in input.as_bytes().chunks(size) {
                s.push(c);
                while let Some(e) = s.next_event() {
                    if let Err(e) = e {
                        error = Some(e);
                    }
                }
            }
            let e = error.expect("the empty segment fails the stream");
            assert_eq!(
                (e.kind.clone(), e.offset, e.segment, e.segment_id),
                (
                    whole.kind.clone(),
                    whole.offset,
                    whole.segment,
                    whole.segment_id
                ),
                "{seg}, chunks of {size}"
            );
        }
    }
}
