//! Replays the sample corpus in `examples/data/`: every `<name>.hl7` is checked against the
//! facts in its `<name>.expect` sidecar, in both index depths, plus exact round trips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use hl7v2::{Batch, IndexDepth, Message, Mode, OwnedMessage, ParseOptions};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}

/// Unescapes the `.expect` notation: `\n` is a newline, `\\` a backslash.
fn expect_text(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn check_message(
    name: &str,
    input: &[u8],
    facts: &[(String, String)],
    opts: ParseOptions,
) -> usize {
    let ok = facts
        .iter()
        .find(|(k, _)| k == "ok")
        .is_none_or(|(_, v)| v == "true");
    let parsed = Message::parse_with(input, &opts);
    let m = match (ok, parsed) {
        (true, Ok(m)) => m,
        (true, Err(e)) => panic!("{name} {opts:?}: expected success, got {e}"),
        (false, Ok(_)) => panic!("{name} {opts:?}: expected an error"),
        (false, Err(e)) => {
            if let Some((_, off)) = facts.iter().find(|(k, _)| k == "error_offset") {
                assert_eq!(e.offset.to_string(), *off, "{name}: error offset ({e})");
            }
            // The error text never contains bytes of the input beyond the segment id.
            let _ = e.to_string();
            return 1;
        }
    };
    let mut checked = 0;
    for (k, v) in facts {
        let ctx = format!("{name} {opts:?} {k}: {v}");
        match k.as_str() {
            "segments" => assert_eq!(m.segment_count().to_string(), *v, "{ctx}"),
            "segment_ids" => {
                let ids: Vec<String> = m
                    .segments()
                    .map(|s| String::from_utf8_lossy(s.id()).into_owned())
                    .collect();
                assert_eq!(ids.join(" "), *v, "{ctx}");
            }
            "fields" => {
                let (id, n) = v.split_once(' ').expect("fields: ID N");
                let seg = m.find_segment(id, 1).expect("segment present");
                assert_eq!(seg.field_count().to_string(), n, "{ctx}");
            }
            "count" => {
                let (id, n) = v.split_once(' ').expect("count: ID N");
                assert_eq!(m.segments_by_id(id).count().to_string(), n, "{ctx}");
            }
            "raw" | "text" => {
                let (path, want) = v
                    .split_once(" = ")
                    .unwrap_or((v.trim_end_matches(" ="), ""));
                let path = path.trim();
                let val = m
                    .get(path)
                    .unwrap()
                    .unwrap_or_else(|| panic!("{ctx}: absent"));
                if k == "raw" {
                    assert_eq!(String::from_utf8_lossy(val.raw()), want, "{ctx}");
                } else {
                    assert_eq!(val.text().unwrap(), expect_text(want), "{ctx}");
                }
            }
            "absent" => assert!(m.get(v).unwrap().is_none(), "{ctx}"),
            "null" => assert!(m.get(v).unwrap().unwrap().is_null(), "{ctx}"),
            "empty" => assert!(m.get(v).unwrap().unwrap().is_empty(), "{ctx}"),
            _ => continue,
        }
        checked += 1;
    }
    if opts.mode == Mode::Strict {
        assert_eq!(m.write(), input, "{name}: write(parse(x)) == x");
        assert_eq!(
            OwnedMessage::from(&m).write(),
            input,
            "{name}: owned round trip"
        );
    } else {
        // Lenient input is normalised; the normalised form is strict and stable.
        let w = OwnedMessage::from(&m).write();
        let again = Message::parse(&w).unwrap_or_else(|e| panic!("{name}: rewritten: {e}"));
        assert_eq!(again.segment_count(), m.segment_count());
        assert_eq!(again.write(), w);
    }
    checked
}

#[test]
fn corpus_matches_expectations() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("examples/data")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hl7"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "corpus present");
    let mut total = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = std::fs::read(&path).unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect"))
            .unwrap_or_else(|_| panic!("{name}: missing .expect"));
        let facts: Vec<(String, String)> = expect
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
            .collect();
        let mode = match facts
            .iter()
            .find(|(k, _)| k == "mode")
            .map(|(_, v)| v.as_str())
        {
            Some("lenient") => Mode::Lenient,
            _ => Mode::Strict,
        };
        if let Some((_, ok)) = facts.iter().find(|(k, _)| k == "batch_ok") {
            let opts = ParseOptions {
                mode,
                depth: IndexDepth::Full,
            };
            match Batch::parse_with(&input, &opts) {
                Ok(b) => {
                    assert_eq!(ok, "true", "{name}: batch should fail");
                    if let Some((_, n)) = facts.iter().find(|(k, _)| k == "batch_messages") {
                        assert_eq!(b.message_count().to_string(), *n, "{name}");
                    }
                    for m in b.messages() {
                        let msg = Message::parse_with(m, &opts).unwrap();
                        assert_eq!(msg.write(), m, "{name}: message round trip");
                    }
                    total += 1;
                }
                Err(e) => {
                    assert_eq!(ok, "false", "{name}: {e}");
                    let lenient = Batch::parse_with(&input, &ParseOptions::lenient()).unwrap();
                    assert!(!lenient.warnings().is_empty(), "{name}");
                    total += 1;
                }
            }
            continue;
        }
        for depth in [IndexDepth::Full, IndexDepth::Segments] {
            total += check_message(&name, &input, &facts, ParseOptions { mode, depth });
        }
    }
    assert!(total > 300, "only {total} facts checked");
}
