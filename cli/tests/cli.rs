//! Integration tests: run the built `interop` binary on small inputs written to a temporary
//! directory or piped through standard input.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value as Json;

const BIN: &str = env!("CARGO_BIN_EXE_interop");

/// A message with repetitions, components, escapes (`\XDC\` = Ü in Latin-1 fallback, `\F\`)
/// and trailing empty fields.
const MSG: &[u8] = b"MSH|^~\\&|LAB|HOSP|EHR|CLINIC|20261124083000-0500||ORU^R01^ORU_R01|MSG0001|P|2.5.1\r\
PID|1||4711^^^HOSP^MR~998877^^^SSA^SS||M\\XDC\\LLER^ANNA^B||19800102|F|||Main St\\F\\Apt 4&Floor 2||\r\
OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-99|N|||F\r";

const BATCH: &[u8] = b"FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r\
MSH|^~\\&|LAB||||||ADT^A01|C1|P|2.5\rPID|1||111\r\
MSH|^~\\&|LAB||||||ADT^A08|C2|P|2.5\rPID|2||222\rBTS|2\rFTS|1\r";

/// What a run of the binary produced.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn json(&self) -> Json {
        match serde_json::from_slice(&self.stdout) {
            Ok(j) => j,
            Err(e) => panic!("stdout is not JSON ({e}): {}", self.stdout_str()),
        }
    }

    /// Asserts a failure with `code` reported as one line that names the program and has
    /// no panic or backtrace in it.
    fn assert_clean_failure(&self, code: i32) {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        assert!(
            self.stderr.starts_with("interop: "),
            "unexpected stderr: {:?}",
            self.stderr
        );
        assert_eq!(self.stderr.lines().count(), 1, "stderr: {:?}", self.stderr);
        assert!(self.stderr.ends_with('\n'));
        assert!(!self.stderr.contains("panicked"));
        assert!(!self.stderr.contains("RUST_BACKTRACE"));
    }
}

/// Runs the binary with `args`, feeding `stdin`.
fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = match Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start {BIN}: {e}"),
    };
    let mut input = child.stdin.take();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(i) = input.as_mut() {
            // The program may exit without reading everything.
            let _ = i.write_all(&data);
        }
    });
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("cannot wait for {BIN}: {e}"),
    };
    let _ = writer.join();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A file in a fresh temporary directory, removed when dropped.
struct TempFile {
    dir: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("interop-cli-test-{}-{n}", std::process::id()));
        if let Err(e) = std::fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, contents) {
            panic!("cannot write {}: {e}", path.display());
        }
        TempFile { dir, path }
    }

    fn arg(&self) -> &str {
        match self.path.to_str() {
            Some(s) => s,
            None => panic!("temporary path is not UTF-8"),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn segment_ids(msg: &Json) -> Vec<String> {
    msg["segments"]
        .as_array()
        .map(|segs| {
            segs.iter()
                .map(|s| s["id"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn parse_prints_json_structure() {
    let f = TempFile::new("msg.hl7", MSG);
    let r = run(&["parse", f.arg()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(segment_ids(&j), ["MSH", "PID", "OBX"]);
    assert_eq!(j["delimiters"]["field"], "|");
    assert_eq!(j["delimiters"]["escape"], "\\");
    assert_eq!(j["delimiters"]["truncation"], Json::Null);
    assert_eq!(j["charset"], "unspecified");
    assert_eq!(j["warnings"], serde_json::json!([]));
    let msh = &j["segments"][0]["fields"];
    assert_eq!(msh[0], "|");
    assert_eq!(msh[1], "^~\\&");
    assert_eq!(msh[8], serde_json::json!([["ORU", "R01", "ORU_R01"]]));
    assert_eq!(msh[9], "MSG0001");
    let pid = &j["segments"][1]["fields"];
    assert_eq!(pid[0], "1");
    assert_eq!(pid[1], "");
    assert_eq!(
        pid[2],
        serde_json::json!([
            ["4711", "", "", "HOSP", "MR"],
            ["998877", "", "", "SSA", "SS"]
        ])
    );
    assert_eq!(pid[4], serde_json::json!([["MÜLLER", "ANNA", "B"]]));
    // A component with subcomponents, and an escaped field separator in text.
    assert_eq!(pid[10], serde_json::json!([[["Main St|Apt 4", "Floor 2"]]]));
    // Trailing empty fields are kept.
    assert_eq!(pid.as_array().map(Vec::len), Some(13));
}

#[test]
fn parse_pretty_and_stdin() {
    let r = run(&["parse", "--pretty", "-"], MSG);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout_str().lines().count() > 10);
    assert_eq!(segment_ids(&r.json()), ["MSH", "PID", "OBX"]);
}

#[test]
fn parse_batch_gives_array_of_messages() {
    let f = TempFile::new("batch.hl7", BATCH);
    let r = run(&["parse", f.arg()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    let msgs = j.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(msgs.len(), 2);
    for (m, id) in msgs.iter().zip(["C1", "C2"]) {
        assert_eq!(segment_ids(m), ["MSH", "PID"]);
        assert_eq!(m["segments"][0]["fields"][9], id);
    }
}

#[test]
fn parse_lenient_reports_warnings() {
    let lf: Vec<u8> = MSG
        .iter()
        .map(|&b| if b == b'\r' { b'\n' } else { b })
        .collect();
    let strict = run(&["parse", "-"], &lf);
    strict.assert_clean_failure(1);
    assert!(strict.stderr.contains("--lenient"), "{}", strict.stderr);
    let r = run(&["parse", "--lenient", "-"], &lf);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(segment_ids(&j), ["MSH", "PID", "OBX"]);
    assert_eq!(j["warnings"][0]["kind"], "line_feed_terminator");
}

#[test]
fn parse_marks_values_that_are_not_text() {
    let msg = b"MSH|^~\\&||||||||||||||||ASCII\rPID|1|M\xfcller\r";
    let r = run(&["parse", "-"], msg);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = &r.json()["segments"][1]["fields"][1];
    assert_eq!(v["raw"], "M\u{fffd}ller");
    assert!(
        v["error"].as_str().is_some_and(|e| e.contains("ASCII")),
        "{v}"
    );
}

#[test]
fn get_decodes_escapes_and_repetitions() {
    let f = TempFile::new("msg.hl7", MSG);
    let get = |path: &str, extra: &[&str]| {
        let mut args = vec!["get", f.arg(), path];
        args.extend_from_slice(extra);
        let r = run(&args, b"");
        assert_eq!(r.code, 0, "{path}: {}", r.stderr);
        r.stdout
    };
    assert_eq!(get("PID-5.1", &[]), "MÜLLER\n".as_bytes());
    assert_eq!(get("PID-5.1", &["--raw"]), b"M\\XDC\\LLER\n");
    assert_eq!(get("PID-3[2].1", &[]), b"998877\n");
    assert_eq!(get("PID-3[2]", &[]), b"998877^^^SSA^SS\n");
    assert_eq!(get("PID-11.1.1", &[]), b"Main St|Apt 4\n");
    assert_eq!(get("PID-11.1.2", &[]), b"Floor 2\n");
    assert_eq!(get("MSH-9.2", &[]), b"R01\n");
    assert_eq!(get("MSH-2", &[]), b"^~\\&\n");
    assert_eq!(get("OBX-5", &[]), b"95\n");
    assert_eq!(get("PID-2", &[]), b"\n");
}

#[test]
fn get_absent_value_exits_1() {
    let r = run(&["get", "-", "PID-30"], MSG);
    r.assert_clean_failure(1);
    assert!(r.stderr.contains("PID-30 not present"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(&["get", "-", "ZZZ-1"], MSG);
    r.assert_clean_failure(1);
}

#[test]
fn get_on_several_messages_prints_one_line_each() {
    let r = run(&["get", "-", "PID-3"], BATCH);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, b"111\n222\n");
}

#[test]
fn get_invalid_path_is_usage_error() {
    let r = run(&["get", "-", "PID-x"], MSG);
    r.assert_clean_failure(2);
    assert!(r.stderr.contains("invalid path"), "{}", r.stderr);
}

#[test]
fn roundtrip_is_byte_exact() {
    let custom = b"MSH#$*@!#A#B\rPID#1##a$b*c!d#@F@x\rZZ1###\r";
    let no_final_cr = b"MSH|^~\\&|A\rPID|1|x";
    for input in [MSG, BATCH, &custom[..], &no_final_cr[..]] {
        let f = TempFile::new("rt.hl7", input);
        let r = run(&["roundtrip", f.arg()], b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout, input, "{}", String::from_utf8_lossy(input));
    }
    let framed = run(&["frame", "-"], MSG).stdout;
    let r = run(&["roundtrip", "-"], &framed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, framed);
}

#[test]
fn roundtrip_lenient_normalises_terminators() {
    let mut lf = b"\xEF\xBB\xBF".to_vec();
    lf.extend(MSG.iter().map(|&b| if b == b'\r' { b'\n' } else { b }));
    let r = run(&["roundtrip", "--lenient", "-"], &lf);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, MSG);
}

/// The segments of an ACK, checking that they are CR-separated.
fn segments(bytes: &[u8]) -> Vec<String> {
    assert!(!bytes.contains(&b'\n'));
    assert!(bytes.ends_with(b"\r"));
    String::from_utf8_lossy(bytes)
        .split_terminator('\r')
        .map(str::to_string)
        .collect()
}

#[test]
fn ack_accepts_with_original_control_id() {
    let f = TempFile::new("msg.hl7", MSG);
    let r = run(&["ack", f.arg()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let segs = segments(&r.stdout);
    assert_eq!(segs.len(), 2, "{segs:?}");
    assert_eq!(segs[1], "MSA|AA|MSG0001");
    let msh: Vec<&str> = segs[0].split('|').collect();
    assert_eq!(&msh[..6], ["MSH", "^~\\&", "EHR", "CLINIC", "LAB", "HOSP"]);
    // MSH-7: YYYYMMDDHHMMSS±ZZZZ from the clock.
    let ts = msh[6].as_bytes();
    assert_eq!(ts.len(), 19, "{}", msh[6]);
    assert!(ts[..14].iter().all(u8::is_ascii_digit));
    assert!(ts[14] == b'+' || ts[14] == b'-');
    assert!(ts[15..].iter().all(u8::is_ascii_digit));
    assert_eq!(msh[8], "ACK^R01^ACK");
    assert!(!msh[9].is_empty());
    assert_eq!(&msh[10..], ["P", "2.5.1"]);
}

#[test]
fn ack_error_code_text_and_control_id() {
    let r = run(
        &[
            "ack",
            "-",
            "--code",
            "AE",
            "--text",
            "no bed|free",
            "--control-id",
            "ACK9",
        ],
        MSG,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let segs = segments(&r.stdout);
    assert_eq!(segs[0].split('|').nth(9), Some("ACK9"));
    assert_eq!(segs[1], "MSA|AE|MSG0001");
    assert!(segs[2].starts_with("ERR|"), "{segs:?}");
    assert!(segs[2].ends_with("|no bed\\F\\free"), "{segs:?}");

    let r = run(&["ack", "-", "--code=XX"], MSG);
    r.assert_clean_failure(2);
}

#[test]
fn ack_of_batch_and_mllp() {
    let r = run(&["ack", "-", "--control-id", "Z"], BATCH);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let segs = segments(&r.stdout);
    assert!(segs.contains(&"MSA|AA|C1".to_string()), "{segs:?}");
    assert!(segs.contains(&"MSA|AA|C2".to_string()), "{segs:?}");
    assert_eq!(segs[0].split('|').nth(9), Some("Z-1"));

    let framed = run(&["frame", "-"], MSG).stdout;
    let r = run(&["ack", "-"], &framed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(b"\x0bMSH|"));
    assert!(r.stdout.ends_with(b"MSA|AA|MSG0001\r\x1c\r"));
}

#[test]
fn frame_then_deframe_reproduces() {
    let f = TempFile::new("msg.hl7", MSG);
    let framed = run(&["frame", f.arg()], b"");
    assert_eq!(framed.code, 0, "{}", framed.stderr);
    let mut expected = vec![0x0b];
    expected.extend_from_slice(MSG);
    expected.extend_from_slice(b"\x1c\r");
    assert_eq!(framed.stdout, expected);
    let back = run(&["deframe", "-"], &framed.stdout);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.stdout, MSG);
    assert!(back.stderr.is_empty());
}

#[test]
fn frame_concatenated_messages_one_frame_each() {
    let two = [MSG, MSG].concat();
    let framed = run(&["frame", "-"], &two);
    assert_eq!(framed.code, 0, "{}", framed.stderr);
    assert_eq!(framed.stdout.iter().filter(|&&b| b == 0x0b).count(), 2);
    let back = run(&["deframe", "--separate", "-"], &framed.stdout);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.stdout, [MSG, b"\n", MSG, b"\n"].concat());
    // A batch travels as one frame.
    let framed = run(&["frame", "-"], BATCH);
    assert_eq!(framed.stdout.iter().filter(|&&b| b == 0x0b).count(), 1);
    assert_eq!(run(&["deframe", "-"], &framed.stdout).stdout, BATCH);
}

#[test]
fn deframe_reports_problems_with_offsets() {
    let stream = b"junk\x0bMSH|^~\\&|A\r\x1c\r\r\n\x0bMSH|^~\\&|B\r\x1c\r\x0bMSH|^~\\&|tr";
    let r = run(&["deframe", "-"], stream);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout, b"MSH|^~\\&|A\rMSH|^~\\&|B\r");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(
        lines[0].contains("4 bytes outside any MLLP frame (byte 0)"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("truncated MLLP frame"), "{}", lines[1]);
    assert!(lines[1].contains("(byte 34)"), "{}", lines[1]);

    let r = run(
        &["deframe", "--max-size", "4", "-"],
        b"\x0bMSH|^~\\&|A\r\x1c\r",
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("oversize MLLP frame"), "{}", r.stderr);

    let r = run(&["deframe", "-"], b"no frames here");
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn bad_input_is_one_line_exit_1() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"MSH|^~\\&|A\rPID|1\rp!d|2\r",
            "invalid segment id (byte 17, segment 3 ???)",
        ),
        (b"", "input is empty"),
        (b"hello world", "unrecognised input format"),
        (b"ISA*00*          *00*", "ISA segment is truncated"),
        (b"MSH|^~\\&|A\r\rPID|1\r", "empty segment"),
        (b"MSH|", "truncated"),
        (
            b"FHS|^~\\&\rBHS|^~\\&\rMSH|^~\\&|A\rBTS|5\rFTS|1\r",
            "count mismatch",
        ),
        (b"\x0bMSH|^~\\&|A\r", "truncated MLLP frame"),
    ];
    for (input, needle) in cases {
        let r = run(&["parse", "-"], input);
        r.assert_clean_failure(1);
        assert!(r.stderr.contains(needle), "{needle}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let r = run(&["parse", "/nonexistent/interop/input.hl7"], b"");
    r.assert_clean_failure(1);
    // Errors never echo message contents.
    let r = run(&["parse", "-"], b"MSH|^~\\&|A\rPID|SECRET-NAME\rxx|1\r");
    r.assert_clean_failure(1);
    assert!(!r.stderr.contains("SECRET"));
}

#[test]
fn hostile_input_never_panics() {
    // Mutations of valid inputs, from a fixed-seed generator.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"|^~\\&\r\n\x0b\x1cMSHPIDXFE.br0123 \xff\xc3";
    let bases = [MSG, BATCH];
    for i in 0..60 {
        let mut input = bases[i % 2].to_vec();
        for _ in 0..(1 + next() % 6) {
            let pos = (next() as usize) % input.len().max(1);
            let b = alphabet[(next() as usize) % alphabet.len()];
            match next() % 3 {
                0 => input.insert(pos, b),
                1 => {
                    input.remove(pos.min(input.len().saturating_sub(1)));
                }
                _ => input[pos] = b,
            }
        }
        let cmd = ["parse", "get", "roundtrip", "ack", "frame"][i % 5];
        let mut args = vec![cmd, "-"];
        if cmd == "get" {
            args.push("PID-5.1");
        }
        let lenient = i % 3 == 0;
        if lenient {
            args.push("--lenient");
        }
        let r = run(&args, &input);
        assert!(
            r.code == 0 || r.code == 1,
            "{args:?}: {} {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains("internal error"),
            "{args:?}: {}",
            r.stderr
        );
        // (`get` reports each absent value, lenient mode prints warnings first.)
        if r.code == 1 && cmd != "get" && !lenient {
            r.assert_clean_failure(1);
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["parse"],
        &["parse", "a.hl7", "b.hl7"],
        &["parse", "-", "--frob"],
        &["get", "-"],
        &["ack", "-", "--code"],
        &["deframe", "-", "--max-size", "lots"],
        &["help", "frobnicate"],
    ] {
        let r = run(args, MSG);
        r.assert_clean_failure(2);
    }
}

#[test]
fn help_and_version() {
    for args in [
        &["--help"][..],
        &["help"],
        &["-h"],
        &["help", "parse"],
        &["get", "--help"],
    ] {
        let r = run(args, b"");
        assert_eq!(r.code, 0, "{args:?}");
        assert!(r.stdout_str().contains("interop"), "{args:?}");
        assert!(r.stderr.is_empty());
    }
    let r = run(&["--version"], b"");
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout_str(),
        format!("interop {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn closed_stdout_is_not_an_error() {
    let big: Vec<u8> = MSG.repeat(2000);
    let f = TempFile::new("big.hl7", &big);
    let mut child = match Command::new(BIN)
        .args(["parse", f.arg()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start {BIN}: {e}"),
    };
    let mut first = [0u8; 16];
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_exact(&mut first);
        // Dropping the pipe closes it while the program is still writing.
    }
    let out = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => panic!("cannot wait: {e}"),
    };
    assert_eq!(first[0], b'[');
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn fhir_converts_to_a_bundle() {
    let r = run(&["fhir", "-"], MSG);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let j = r.json();
    assert_eq!(j["resourceType"], "Bundle");
    assert_eq!(j["type"], "transaction");
    assert_eq!(j["timestamp"], "2026-11-24T08:30:00-05:00");
    let types: Vec<&str> = j["entry"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["resource"]["resourceType"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        types.contains(&"Patient") && types.contains(&"Observation"),
        "{types:?}"
    );
    assert!(r.stderr.is_empty(), "no --issues, no stderr: {}", r.stderr);
    // Deterministic: the same input gives the same bytes.
    assert_eq!(run(&["fhir", "-"], MSG).stdout, r.stdout);
}

#[test]
fn fhir_options() {
    let with_z = [MSG, b"ZZZ|1\r"].concat();
    let r = run(
        &["fhir", "-", "--bundle-type", "message", "--issues"],
        &with_z,
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(
        r.json()["entry"][0]["resource"]["resourceType"],
        "MessageHeader"
    );
    assert_eq!(
        r.stderr, "interop: <stdin>: ZZZ (segment 4): segment not mapped\n",
        "{}",
        r.stderr
    );
    let r = run(&["fhir", "-", "--xml"], MSG);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(
        r.stdout
            .starts_with(b"<Bundle xmlns=\"http://hl7.org/fhir\">")
    );
    let no_tz = b"MSH|^~\\&|A|B|C|D|20261124083000||ADT^A04|X1|P|2.5\rPID|1||1^^^H^MR||DOE^J\r";
    let r = run(&["fhir", "-", "--tz", "+05:30"], no_tz);
    assert_eq!(r.json()["timestamp"], "2026-11-24T08:30:00+05:30");
    let r = run(&["fhir", "-", "--tz", "5"], no_tz);
    assert_eq!(r.code, 2);
    let r = run(&["fhir", "-", "--bundle-type", "batch"], no_tz);
    assert_eq!(r.code, 2);
    // Several messages: one bundle per line.
    let r = run(&["fhir", "-"], BATCH);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.stdout_str().lines().count(), 2);
}

// ---------------------------------------------------------------------------------------
// X12 and DICOM, over the sample files in examples/data/.

/// The path of a sample file under `examples/data/`.
fn sample(rel: &str) -> String {
    format!("{}/../examples/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn read_sample(rel: &str) -> Vec<u8> {
    match std::fs::read(sample(rel)) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {rel}: {e}"),
    }
}

/// The sample files with extension `ext` in `examples/data/<dir>/`, sorted.
fn samples(dir: &str, ext: &str) -> Vec<String> {
    let path = sample(dir);
    let mut names: Vec<String> = match std::fs::read_dir(&path) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(ext))
            .map(|n| format!("{dir}/{n}"))
            .collect(),
        Err(e) => panic!("cannot list {path}: {e}"),
    };
    names.sort();
    assert!(!names.is_empty(), "no {ext} files in {path}");
    names
}

/// Every loop id in a loop tree of `interop parse` output, depth first.
fn loop_ids(tree: &Json, out: &mut Vec<String>) {
    if let Some(id) = tree["loop"].as_str() {
        out.push(id.to_string());
    }
    if let Some(children) = tree["loops"].as_array() {
        for c in children {
            loop_ids(c, out);
        }
    }
}

#[test]
fn x12_parse_gives_loop_tree() {
    let r = run(&["parse", &sample("x12/837p_multi.x12"), "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let j = r.json();
    assert_eq!(j["delimiters"]["element"], "*");
    assert_eq!(j["control_number"], "000004201");
    let ts = &j["groups"][0]["transaction_sets"][0];
    assert_eq!(ts["id"], "837");
    assert_eq!(ts["guide"], "005010X222A1");
    let mut ids = Vec::new();
    loop_ids(&ts["tree"], &mut ids);
    assert_eq!(ids.first().map(String::as_str), Some("ST"));
    assert_eq!(ids.iter().filter(|i| *i == "2300").count(), 3);
    assert_eq!(ids.iter().filter(|i| *i == "2000B").count(), 2);
    let first = &ts["tree"]["loops"][0];
    assert_eq!(first["loop"], "1000A");
    assert_eq!(first["segments"][0]["id"], "NM1");
    assert_eq!(
        first["segments"][0]["elements"][2],
        "NORTHWIND BILLING SERVICES"
    );
    // Every sample parses, and --pretty gives the same JSON.
    for f in samples("x12", ".x12") {
        let r = run(&["parse", &sample(&f), "--lenient"], b"");
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        let p = run(&["parse", &sample(&f), "--lenient", "--pretty"], b"");
        assert_eq!(p.json(), r.json(), "{f}");
    }
}

#[test]
fn x12_strict_parse_failure_is_one_line_with_location() {
    let r = run(&["parse", &sample("x12/837p_multi.x12")], b"");
    r.assert_clean_failure(1);
    assert!(r.stderr.contains("byte 106"), "{}", r.stderr);
    assert!(
        r.stderr.ends_with("; the input parses with --lenient\n"),
        "{}",
        r.stderr
    );
    // Truncated input.
    let bytes = read_sample("x12/835_multi.x12");
    let r = run(&["parse", "-"], bytes.get(..300).unwrap_or_default());
    r.assert_clean_failure(1);
    assert!(r.stderr.contains("<stdin>: "), "{}", r.stderr);
    let r = run(&["validate", "-"], b"ISA*00*short~");
    r.assert_clean_failure(1);
}

#[test]
fn x12_get_by_element_and_loop() {
    let f = sample("x12/837p_multi.x12");
    let r = run(&["get", &f, "2300/CLM02", "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.stdout_str(), "285\n125\n390\n");
    let r = run(&["get", &f, "CLM02", "--lenient"], b"");
    assert_eq!(r.stdout_str(), "285\n125\n390\n");
    let r = run(&["get", &f, "2400/SV101-2", "--lenient"], b"");
    assert!(
        r.stdout_str().starts_with("99214\n87880\n"),
        "{}",
        r.stdout_str()
    );
    assert_eq!(
        run(&["get", &f, "2010BA/NM109", "--lenient"], b"")
            .stdout_str()
            .lines()
            .count(),
        2
    );
    let r = run(&["get", &f, "2400/CLM02", "--lenient"], b"");
    r.assert_clean_failure(1);
    assert!(r.stderr.contains("2400/CLM02 not present"), "{}", r.stderr);
    let r = run(&["get", &f, "clm2", "--lenient"], b"");
    r.assert_clean_failure(2);
}

#[test]
fn x12_validate_reports_findings() {
    let r = run(
        &["validate", &sample("x12/837p_multi.x12"), "--lenient"],
        b"",
    );
    assert_eq!(r.code, 0, "stdout: {}", r.stdout_str());
    assert!(r.stdout_str().ends_with("1 transaction set: valid\n"));
    // The findings are those of the library's golden file.
    let r = run(
        &["validate", &sample("x12/bad_837p_snip2.x12"), "--lenient"],
        b"",
    );
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    let expect = String::from_utf8_lossy(&read_sample("x12/bad_837p_snip2.expect")).into_owned();
    let want: Vec<&str> = expect
        .lines()
        .filter_map(|l| l.strip_prefix("  finding: "))
        .collect();
    let out = r.stdout_str();
    let got: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once("): ").map(|(_, f)| f))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert!(out.contains("set 1 (837 0001, 005010X222A1): required element missing"));
    assert!(out.ends_with("1 transaction set: invalid\n"));
    // Duplicate control numbers.
    let r = run(
        &["validate", &sample("x12/bad_duplicates.x12"), "--lenient"],
        b"",
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout_str().contains("duplicate"), "{}", r.stdout_str());
}

/// Replaces the date and time of an acknowledgment's ISA and GS with fixed ones.
fn fix_ack_time(segments: &str) -> Vec<String> {
    segments
        .split('~')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut e: Vec<String> = s.split('*').map(str::to_string).collect();
            let at = match e.first().map(String::as_str) {
                Some("ISA") => Some((9, 10, "261125")),
                Some("GS") => Some((4, 5, "20261125")),
                _ => None,
            };
            if let Some((d, t, date)) = at {
                if let Some(x) = e.get_mut(d) {
                    *x = date.to_string();
                }
                if let Some(x) = e.get_mut(t) {
                    *x = "0300".to_string();
                }
            }
            e.join("*")
        })
        .collect()
}

#[test]
fn x12_ack_999_matches_golden_and_ta1() {
    let f = sample("x12/bad_837p_snip2.x12");
    let r = run(&["ack", &f, "--control-id", "1", "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let expect = String::from_utf8_lossy(&read_sample("x12/bad_837p_snip2.expect")).into_owned();
    let want: Vec<String> = expect
        .lines()
        .skip_while(|l| *l != "999:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim_start().to_string())
        .collect();
    assert!(want.len() > 5);
    assert_eq!(fix_ack_time(&r.stdout_str()), want);
    // The 999 parses strictly.
    let back = run(&["parse", "-"], &r.stdout);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.json()["groups"][0]["transaction_sets"][0]["id"], "999");
    // --ta1 puts the TA1 right after the ISA.
    let r = run(&["ack", &f, "--control-id", "7", "--ta1", "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let segs = fix_ack_time(&r.stdout_str());
    assert_eq!(
        segs.get(1).map(String::as_str),
        Some("TA1*000004202*261124*0830*A*000")
    );
    assert!(segs.iter().any(|s| s.starts_with("ST*999*")));
    // Bad options.
    run(&["ack", &f, "--control-id", "x", "--lenient"], b"").assert_clean_failure(2);
    run(&["ack", &f, "--code", "AE", "--lenient"], b"").assert_clean_failure(2);
    // An HL7 v2 input does not take --ta1, but does take the HL7 options.
    run(&["ack", "-", "--ta1"], MSG).assert_clean_failure(2);
    let r = run(&["ack", "-", "--control-id", "A1"], MSG);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
}

#[test]
fn x12_dental_claims_and_services_review_are_dispatched_by_st01_and_st03() {
    // 837 under 005010X224A2: the dental guide's loops, SV3/TOO values by loop path.
    let f = sample("x12/837d_multi.x12");
    let r = run(&["parse", &f, "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let ts = &r.json()["groups"][0]["transaction_sets"][0];
    assert_eq!(ts["guide"], "005010X224A2");
    let mut ids = Vec::new();
    loop_ids(&ts["tree"], &mut ids);
    assert_eq!(ids.iter().filter(|i| *i == "2300").count(), 3);
    assert_eq!(ids.iter().filter(|i| *i == "2400").count(), 9);
    assert!(ids.iter().any(|i| i == "2330B"));
    let teeth = run(&["get", &f, "2400/TOO02", "--lenient"], b"");
    assert_eq!(teeth.stdout_str(), "30\n3\n14\n19\n");
    let surfaces = run(&["get", &f, "2400/TOO03-2", "--lenient"], b"");
    assert_eq!(surfaces.stdout_str(), "O\nB\n");
    let r = run(&["validate", &f, "--lenient"], b"");
    assert_eq!(r.code, 0, "{}", r.stdout_str());

    // The broken 837D: envelope counts, SNIP 2 and the SNIP 3 claim balance, as the
    // library's golden file has them.
    let f = sample("x12/bad_837d_counts.x12");
    let r = run(&["validate", &f, "--lenient"], b"");
    assert_eq!(r.code, 1);
    let expect = String::from_utf8_lossy(&read_sample("x12/bad_837d_counts.expect")).into_owned();
    let want: Vec<&str> = expect
        .lines()
        .filter_map(|l| {
            l.strip_prefix("  finding: ")
                .or_else(|| l.strip_prefix("  imbalance: "))
        })
        .collect();
    let out = r.stdout_str();
    let got: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once("005010X224A2): ").map(|(_, f)| f))
        .collect();
    assert_eq!(got, want);
    assert!(out.contains("envelope: segment count (SE01)"), "{out}");
    assert!(got.iter().any(|l| l.starts_with("claim charge differs")));

    // 278 request and response share ST03; the response uses | } \ ' as delimiters.
    for (name, hl_levels) in [("278_request", 9), ("278_response", 9)] {
        let f = sample(&format!("x12/{name}.x12"));
        let r = run(&["parse", &f, "--lenient"], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let ts = &r.json()["groups"][0]["transaction_sets"][0];
        assert_eq!(ts["guide"], "005010X217", "{name}");
        let mut ids = Vec::new();
        loop_ids(&ts["tree"], &mut ids);
        let hl = ids.iter().filter(|i| i.starts_with("2000")).count();
        assert_eq!(hl, hl_levels, "{name}: {ids:?}");
        assert_eq!(ids.iter().filter(|i| *i == "2000F").count(), 2, "{name}");
        let v = run(&["validate", &f, "--lenient"], b"");
        assert_eq!(v.code, 0, "{name}: {}", v.stdout_str());
    }
    let f = sample("x12/278_response.x12");
    let r = run(&["ack", &f, "--control-id", "5", "--lenient"], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let out = r.stdout_str();
    assert!(out.starts_with("ISA|00|"), "{out}");
    assert!(
        out.contains("'AK1|HI|5202|005010X217'AK2|278|0001|005010X217'IK5|A'AK9|A|1|1|1'"),
        "{out}"
    );
    let r = run(&["get", &f, "2000F/HCR01", "--lenient"], b"");
    assert_eq!(r.stdout_str(), "A1\nA3\n");
}

#[test]
fn x12_ack_loop_identifiers() {
    let f = sample("x12/bad_837p_snip2.x12");
    let standard = run(&["ack", &f, "--control-id", "1", "--lenient"], b"");
    assert_eq!(standard.code, 0, "stderr: {}", standard.stderr);
    assert!(standard.stdout_str().contains("~IK3*N3*9*2010*3~"));
    let guide = run(
        &[
            "ack",
            &f,
            "--control-id",
            "1",
            "--guide-loop-ids",
            "--lenient",
        ],
        b"",
    );
    assert_eq!(guide.code, 0, "stderr: {}", guide.stderr);
    assert!(guide.stdout_str().contains("~IK3*N3*9*2010AA*3~"));
    // The standard identifiers pass the 999's own guide; the guide's names do not.
    assert_eq!(run(&["validate", "-"], &standard.stdout).code, 0);
    let v = run(&["validate", "-"], &guide.stdout);
    assert_eq!(v.code, 1);
    assert!(v.stdout_str().contains("IK3"), "{}", v.stdout_str());
    run(&["ack", "-", "--guide-loop-ids"], MSG).assert_clean_failure(2);
}

#[test]
fn x12_roundtrip_is_byte_exact_or_fixes_counts() {
    for f in samples("x12", ".x12") {
        let r = run(&["roundtrip", &sample(&f), "--lenient"], b"");
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        let input = read_sample(&f);
        if r.stdout == input {
            continue;
        }
        // Wrong counts are recomputed (bad_837d_counts): the output differs from the input
        // only in the trailers, and its envelope checks pass.
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let (got, want) = (text(&r.stdout), text(&input));
        let (got, want): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
        assert_eq!(got.len(), want.len(), "{f}");
        for (g, w) in got.iter().zip(&want) {
            let trailer = ["SE*", "GE*", "IEA*"].iter().any(|t| w.starts_with(t));
            assert!(g == w || trailer, "{f}: {w} became {g}");
        }
        let before = run(&["validate", &sample(&f), "--lenient"], b"");
        let after = run(&["validate", "-", "--lenient"], &r.stdout);
        assert!(before.stdout_str().contains("count ("), "{f}");
        assert!(
            !after.stdout_str().contains("count ("),
            "{f}: {}",
            after.stdout_str()
        );
    }
}

#[test]
fn dicom_parse_matches_dicom_json_goldens() {
    for f in samples("dicom", ".dcm") {
        let golden = f.replace(".dcm", ".json");
        let r = run(&["parse", &sample(&f), "--pretty"], b"");
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        let want = read_sample(&golden);
        assert!(
            r.stdout.trim_ascii_end() == want.trim_ascii_end(),
            "{f}: DICOM JSON differs from {golden}"
        );
        // Compact output is the same JSON.
        let c = run(&["parse", &sample(&f)], b"");
        assert_eq!(c.json(), r.json(), "{f}");
    }
    // Standard input works too.
    let r = run(&["parse", "-"], &read_sample("dicom/explicit_le.dcm"));
    assert_eq!(r.json()["00100020"]["Value"][0], "12345");
}

#[test]
fn dicom_get_paths() {
    let f = sample("dicom/explicit_le.dcm");
    let get = |path: &str| run(&["get", &f, path], b"");
    assert_eq!(get("PatientName").stdout_str(), "Doe^John^^Dr.^=Dóe^Jöhn\n");
    assert_eq!(get("(0010,0010)").stdout_str(), "Doe^John^^Dr.^=Dóe^Jöhn\n");
    assert_eq!(
        get("ReferencedSeriesSequence[0].SeriesInstanceUID").stdout_str(),
        "1.2.826.0.1.3680043.8.498.2\n"
    );
    assert_eq!(
        get("ReferencedSeriesSequence[0].ReferencedImageSequence[1].ReferencedSOPInstanceUID")
            .stdout_str(),
        "1.2.826.0.1.3680043.8.498.11\n"
    );
    assert_eq!(get("Rows").stdout_str(), "4\n");
    assert_eq!(
        get("ImagePositionPatient").stdout_str(),
        "-125.0\\-125.0\\47.5\n"
    );
    assert_eq!(
        get("FrameIncrementPointer").stdout_str(),
        "(0054,0080)\\(0020,0013)\n"
    );
    let raw = run(&["get", &f, "PatientID", "--raw"], b"");
    assert_eq!(raw.stdout, b"12345 ");
    // The same values in every native transfer syntax.
    for other in ["implicit_le", "explicit_be", "deflated"] {
        let o = sample(&format!("dicom/{other}.dcm"));
        for path in [
            "PatientName",
            "Rows",
            "ReferencedSeriesSequence[0].SeriesInstanceUID",
        ] {
            let r = run(&["get", &o, path], b"");
            assert_eq!(r.stdout, get(path).stdout, "{other} {path}: {}", r.stderr);
        }
    }
    let r = get("EthnicGroup");
    r.assert_clean_failure(1);
    assert!(r.stderr.contains("EthnicGroup not present"), "{}", r.stderr);
    let r = get("ReferencedSeriesSequence");
    r.assert_clean_failure(1);
    assert!(
        r.stderr.contains("is a sequence with 1 item"),
        "{}",
        r.stderr
    );
    get("NoSuchKeyword").assert_clean_failure(2);
}

#[test]
fn dicom_dump_matches_golden() {
    let r = run(&["dump", &sample("dicom/explicit_le.dcm")], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let golden = format!(
        "{}/tests/golden/explicit_le.dump",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("INTEROP_BLESS").is_some() {
        let _ = std::fs::write(&golden, &r.stdout);
    }
    let want = std::fs::read(&golden).unwrap_or_default();
    assert!(
        r.stdout == want,
        "dump differs from {golden}:\n{}",
        r.stdout_str()
    );
    // The data set part is the same in big endian (but for the bytes of OW pixel data).
    let be = run(&["dump", &sample("dicom/explicit_be.dcm")], b"");
    let data = |s: &str| {
        s.split("# Dicom-Data-Set").nth(1).map(|d| {
            d.lines()
                .filter(|l| !l.contains("PixelData"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    assert_eq!(data(&be.stdout_str()), data(&r.stdout_str()));
    // Every sample dumps; encapsulated pixel data shows its fragments.
    for f in samples("dicom", ".dcm") {
        let r = run(&["dump", &sample(&f)], b"");
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
    }
    let rle = run(&["dump", &sample("dicom/rle.dcm")], b"").stdout_str();
    assert!(rle.contains("(PixelSequence with 1 fragment)"), "{rle}");
    assert!(rle.contains("Basic Offset Table"));
    let dump = r.stdout_str();
    assert!(dump.contains("# Used TransferSyntax: 1.2.840.10008.1.2.1\n"));
    assert!(dump.contains("(0009,0010) LO [ACME 1.0]"));
    assert!(dump.contains("PrivateCreator\n"));
    assert!(dump.contains("private, creator [ACME 1.0]\n"));
    assert!(dump.contains("\n  (FFFE,E000) na (Item #0 with 2 elements)"));
}

#[test]
fn dicom_roundtrip_is_byte_exact() {
    for f in samples("dicom", ".dcm") {
        let r = run(&["roundtrip", &sample(&f)], b"");
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        if f.contains("deflated") {
            // Compressed again: the same data set, not necessarily the same bytes.
            let back = run(&["parse", "-"], &r.stdout);
            assert_eq!(back.json(), run(&["parse", &sample(&f)], b"").json());
        } else {
            assert!(r.stdout == read_sample(&f), "{f}: round trip differs");
        }
    }
    let out = TempFile::new("out.dcm", b"");
    let r = run(
        &["roundtrip", &sample("dicom/ct_header.dcm"), "-o", out.arg()],
        b"",
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(std::fs::read(&out.path).unwrap_or_default() == read_sample("dicom/ct_header.dcm"));
    // -o works for the other formats too.
    let out = TempFile::new("out.hl7", b"");
    let r = run(&["roundtrip", "-", "-o", out.arg()], MSG);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(std::fs::read(&out.path).unwrap_or_default(), MSG);
}

#[test]
fn dicom_deid_is_deterministic_per_key() {
    let f = sample("dicom/explicit_le.dcm");
    let a = TempFile::new("a.dcm", b"");
    let r = run(&["deid", &f, "--key", "secret", "-o", a.arg()], b"");
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let get = |file: &str, path: &str| run(&["get", file, path], b"").stdout_str();
    assert_eq!(get(a.arg(), "PatientName"), "\n");
    assert_eq!(get(a.arg(), "PatientIdentityRemoved"), "YES\n");
    assert_ne!(
        get(a.arg(), "StudyInstanceUID"),
        get(&f, "StudyInstanceUID")
    );
    assert_eq!(
        get(a.arg(), "SOPInstanceUID"),
        get(a.arg(), "MediaStorageSOPInstanceUID")
    );
    assert_eq!(get(a.arg(), "Modality"), "CT\n");
    // The same key gives the same file (here on standard output); another key other UIDs.
    let same = run(&["deid", &f, "--key=secret"], b"");
    assert!(same.stdout == std::fs::read(&a.path).unwrap_or_default());
    let b = TempFile::new("b.dcm", b"");
    run(&["deid", &f, "--key", "other", "--output", b.arg()], b"");
    assert_ne!(
        get(a.arg(), "StudyInstanceUID"),
        get(b.arg(), "StudyInstanceUID")
    );
    // Every sample de-identifies to a file that parses strictly.
    for s in samples("dicom", ".dcm") {
        let r = run(&["deid", &sample(&s), "--key", "k"], b"");
        assert_eq!(r.code, 0, "{s}: {}", r.stderr);
        let back = run(&["get", "-", "PatientIdentityRemoved"], &r.stdout);
        assert_eq!(back.stdout_str(), "YES\n", "{s}: {}", back.stderr);
    }
    run(&["deid", &f], b"").assert_clean_failure(2);
    run(&["deid", &f, "--key", ""], b"").assert_clean_failure(2);
}

#[test]
fn dicom_deid_options() {
    let f = sample("dicom/ct_header.dcm");
    let get = |bytes: &[u8], path: &str| run(&["get", "-", path], bytes).stdout_str();
    let deid = |flags: &[&str]| {
        let mut args = vec!["deid", f.as_str(), "--key", "k"];
        args.extend_from_slice(flags);
        let r = run(&args, b"");
        assert_eq!(r.code, 0, "{flags:?}: {}", r.stderr);
        r.stdout
    };
    let basic = deid(&[]);
    let orig = read_sample("dicom/ct_header.dcm");
    // Retain UIDs: the study and instance UIDs stay, the meta group follows.
    let uids = deid(&["--retain-uids"]);
    assert_eq!(
        get(&uids, "StudyInstanceUID"),
        get(&orig, "StudyInstanceUID")
    );
    assert_eq!(get(&uids, "SOPInstanceUID"), get(&orig, "SOPInstanceUID"));
    assert_eq!(
        get(&uids, "MediaStorageSOPInstanceUID"),
        get(&orig, "SOPInstanceUID")
    );
    assert_eq!(get(&uids, "PatientName"), "\n");
    assert_ne!(
        get(&basic, "StudyInstanceUID"),
        get(&orig, "StudyInstanceUID")
    );
    // Full dates kept; modified dates all moved by the same days, the same for one key.
    let full = deid(&["--retain-dates"]);
    assert_eq!(get(&full, "StudyDate"), get(&orig, "StudyDate"));
    assert_eq!(
        get(&full, "LongitudinalTemporalInformationModified"),
        "UNMODIFIED\n"
    );
    let modified = deid(&["--retain-modified-dates"]);
    let study = get(&modified, "StudyDate");
    assert_eq!(study.len(), 9, "{study}");
    assert_ne!(study, get(&orig, "StudyDate"));
    assert_eq!(get(&modified, "SeriesDate"), study);
    assert_eq!(get(&modified, "StudyTime"), get(&orig, "StudyTime"));
    assert!(modified == deid(&["--retain-modified-dates"]));
    // Descriptors kept when cleaned (this file's contain no identifying value), removed
    // by the Basic Profile.
    let clean = deid(&["--clean-descriptors"]);
    assert_eq!(
        get(&clean, "StudyDescription"),
        get(&orig, "StudyDescription")
    );
    assert_eq!(get(&basic, "StudyDescription"), "");
    // Institution and device identity.
    let inst = deid(&["--retain-institution-identity", "--retain-device-identity"]);
    assert_eq!(get(&inst, "InstitutionName"), get(&orig, "InstitutionName"));
    assert_eq!(
        get(&inst, "DeviceSerialNumber"),
        get(&orig, "DeviceSerialNumber")
    );
    assert_eq!(get(&basic, "InstitutionName"), "ANONYMIZED\n");
    // Every flag at once on every sample still gives a file that parses strictly.
    let all = [
        "--retain-safe-private",
        "--retain-uids",
        "--retain-device-identity",
        "--retain-institution-identity",
        "--retain-patient-characteristics",
        "--retain-dates",
        "--retain-modified-dates",
        "--clean-descriptors",
        "--clean-structured",
        "--clean-graphics",
    ];
    for s in samples("dicom", ".dcm") {
        let mut args = vec!["deid".to_string(), sample(&s), "--key".into(), "k".into()];
        args.extend(all.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&args, b"");
        assert_eq!(r.code, 0, "{s}: {}", r.stderr);
        let back = run(&["get", "-", "PatientIdentityRemoved"], &r.stdout);
        assert_eq!(back.stdout_str(), "YES\n", "{s}: {}", back.stderr);
    }
    run(&["deid", &f, "--key", "k", "--clean-all"], b"").assert_clean_failure(2);
    run(&["deid", &f, "--key", "k", "--retain-uids=1"], b"").assert_clean_failure(2);
}

#[test]
fn dicom_bad_input_fails_cleanly() {
    let bytes = read_sample("dicom/ct_header.dcm");
    for cut in [200usize, 700, 3000] {
        let r = run(&["parse", "-"], bytes.get(..cut).unwrap_or_default());
        r.assert_clean_failure(1);
        assert!(r.stderr.contains("<stdin>: "), "{}", r.stderr);
    }
    // No preamble: strict parsing refuses, with the hint.
    let r = run(&["parse", "-"], bytes.get(128..).unwrap_or_default());
    r.assert_clean_failure(1);
    assert!(
        r.stderr.ends_with("; the input parses with --lenient\n"),
        "{}",
        r.stderr
    );
    let r = run(
        &["get", "-", "PatientID", "--lenient"],
        bytes.get(128..).unwrap_or_default(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn commands_refuse_other_formats() {
    let dcm = sample("dicom/explicit_le.dcm");
    let x12 = sample("x12/837p_multi.x12");
    for args in [
        vec!["frame", dcm.as_str()],
        vec!["fhir", dcm.as_str()],
        vec!["frame", x12.as_str(), "--lenient"],
        vec!["dump", x12.as_str()],
        vec!["validate", dcm.as_str()],
        vec!["ack", dcm.as_str()],
        vec!["deid", x12.as_str(), "--key", "k"],
    ] {
        let r = run(&args, b"");
        r.assert_clean_failure(1);
    }
    let r = run(&["validate", "-"], MSG);
    r.assert_clean_failure(1);
    assert!(
        r.stderr.contains("does not apply to HL7 v2"),
        "{}",
        r.stderr
    );
    let help = run(&["--help"], b"").stdout_str();
    for word in [
        "validate FILE",
        "dump FILE",
        "deid FILE --key KEY",
        "--retain-modified-dates",
        "--clean-structured",
        "--ta1",
        "2300/CLM02",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
}
