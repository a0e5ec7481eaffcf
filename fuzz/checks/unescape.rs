//! Checks of the `unescape` fuzz target, shared with `hl7v2/tests/fuzz_corpus.rs` (which
//! replays the corpus through them in `cargo test`).

use std::borrow::Cow;

use hl7v2::escape::{DecodeOptions, Formatting, escape, unescape};
use hl7v2::{Delimiters, Message, ParseOptions};

pub(crate) fn check(data: &[u8]) {
    let [flags, f, c, r, e, s, t, value @ ..] = data else {
        decode_checks(data, &Delimiters::default());
        return;
    };
    let arbitrary = Delimiters {
        field: *f,
        component: *c,
        repetition: (flags & 2 == 0).then_some(*r),
        escape: (flags & 4 == 0).then_some(*e),
        subcomponent: (flags & 8 == 0).then_some(*s),
        truncation: (flags & 16 == 0).then_some(*t),
    };
    let default = Delimiters::default();
    let chosen = if flags & 1 == 1 { default } else { arbitrary };
    decode_checks(value, &chosen);
    let _ = escape(value, &chosen);

    // Delimiters as a header declares them: `MSH` + field + 2..=5 encoding characters.
    let n = 2 + usize::from(flags >> 6);
    let mut header = b"MSH".to_vec();
    header.push(*f);
    header.extend_from_slice(&[*c, *r, *e, *s, *t][..n]);
    header.push(*f);
    let valid = match Message::parse_with(&header, &ParseOptions::lenient()) {
        Ok(m) => *m.delimiters(),
        Err(_) => default,
    };
    for d in [valid, default] {
        decode_checks(value, &d);
        round_trip(value, &d);
    }
}

fn decode_checks(value: &[u8], d: &Delimiters) {
    for formatting in [Formatting::Render, Formatting::Keep] {
        let opts = DecodeOptions { formatting };
        let strict = unescape(value, d, &opts, false);
        let lenient = unescape(value, d, &opts, true);
        let lenient = match lenient {
            Ok(l) => l,
            Err(e) => panic!("lenient unescape failed: {e:?}"),
        };
        if let Ok(s) = &strict {
            assert_eq!(s, &lenient, "strict and lenient decode differently");
        }
        if d.escape.is_none_or(|esc| !value.contains(&esc)) {
            assert!(matches!(lenient, Cow::Borrowed(b) if b == value));
        }
        if formatting == Formatting::Keep {
            assert!(lenient.len() <= value.len(), "Keep mode never expands");
        }
        if let Err(e) = &strict {
            assert!(e.offset < value.len());
            assert_eq!(d.escape.map(|esc| value[e.offset] == esc), Some(true));
        }
    }
}

fn round_trip(value: &[u8], d: &Delimiters) {
    let escaped = match escape(value, d) {
        Ok(x) => x,
        Err(_) => {
            assert!(
                d.escape.is_none(),
                "escape fails only without an escape character"
            );
            return;
        }
    };
    let special = |b: u8| {
        d.is_separator(b)
            || Some(b) == d.escape
            || Some(b) == d.truncation
            || b == b'\r'
            || b == b'\n'
    };
    if d.escape.is_none() {
        assert!(!value.iter().any(|&b| special(b)));
    }
    // Escape sequences are the escape character around letters and digits, which no
    // delimiter can be: no other special byte remains.
    assert!(
        escaped.iter().all(|&b| !special(b) || Some(b) == d.escape),
        "escaped value still holds a delimiter"
    );
    for formatting in [Formatting::Render, Formatting::Keep] {
        let opts = DecodeOptions { formatting };
        for lenient in [false, true] {
            match unescape(&escaped, d, &opts, lenient) {
                Ok(back) => assert_eq!(&*back, value, "unescape(escape(x)) != x"),
                Err(e) => panic!("escaped value does not decode: {e:?}"),
            }
        }
    }
}
