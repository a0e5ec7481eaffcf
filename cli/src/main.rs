//! `interop`: the health-interop command line.
//!
//! Reads HL7 v2 messages (single messages, batch files, concatenated messages or MLLP streams;
//! the format is detected from the content) and parses, queries, re-serialises, acknowledges,
//! frames or deframes them, or converts them to FHIR R4 bundles. Run `interop --help` for the commands.
//!
//! Exit codes: 0 success, 1 bad input (or a value not present, or an I/O error), 2 usage
//! error. Errors are one line on standard error and never show message contents.

mod args;
mod commands;
mod input;
mod json;
mod output;

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line is wrong (exit code 2). The message has no `interop: ` prefix.
    Usage(String),
    /// The input is bad or unreadable (exit code 1). The message has no `interop: ` prefix.
    Input(String),
    /// Exit with this code without printing anything more (problems were already reported,
    /// or standard output was closed by the reader).
    Exit(u8),
}

/// Prints one line to standard error, prefixed with `interop: `, ignoring write errors.
pub(crate) fn warn(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "interop: {msg}");
}

/// Prints `text` to standard output.
fn print_text(text: &str) -> Result<(), Failure> {
    let mut out = output::Output::new();
    out.write(text.as_bytes())?;
    out.finish()
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

const HELP: &str = "\
interop — read, check and transform HL7 v2 messages

Usage: interop COMMAND [OPTIONS] FILE [ARGS]

FILE is a path, or - for standard input. The format is detected from the content: an HL7 v2
message, several concatenated messages, a batch file (FHS/BHS envelope) or an MLLP stream
(frames starting with 0x0B); a byte order mark or whitespace may precede it (strict parsing
then rejects them; see --lenient). Other formats (X12, DICOM) are not supported yet.

Commands:
  parse FILE [--lenient] [--pretty]
        Print the structure as JSON: delimiters, charset, warnings and segments -> fields ->
        repetitions -> components -> subcomponents (see 'interop help parse').
  get FILE PATH [--raw] [--lenient]
        Print the decoded text at PATH (e.g. PID-5.1, PID-3[2].1, OBX[2]-5, MSH-9.2);
        --raw prints the bytes as they are (escape sequences not decoded). Exits with 1
        if the value is not present. With several messages, prints one line per message.
  roundtrip FILE [--lenient]
        Parse and write the message(s) again (batch envelope segments are copied as they
        are, MLLP input is framed again). Strictly valid input comes back byte for byte;
        with --lenient, messages are normalised (CR terminators, no padding).
  ack FILE [--code AA|AE|AR|CA|CE|CR] [--text TEXT] [--control-id ID] [--lenient]
        Print the acknowledgement (CR-separated segments): sender and receiver swapped,
        MSA with the code (default AA) and the original control id, ERR for error codes.
        MSH-7 is the current time; MSH-10 is ID (default: a timestamp), with -N appended
        for the Nth message when the input holds several. An MLLP input gets framed ACKs.
  frame FILE [--lenient]
        Wrap in MLLP framing (0x0B ... 0x1C 0x0D). Concatenated messages get one frame
        each; a batch file is sent as one frame.
  deframe FILE [--separate] [--max-size BYTES]
        Print the payloads of an MLLP stream (read as it arrives), concatenated, or each
        followed by a newline with --separate. Bytes outside frames, truncated and oversize
        frames (default limit 16 MiB) are reported on standard error with their byte
        offsets and make the exit code 1; a frame end without its CR is reported as a
        warning; whitespace between frames is ignored.
  fhir FILE [--bundle-type transaction|message|collection] [--tz +HH:MM] [--issues]
           [--xml] [--pretty] [--lenient]
        Convert to a FHIR R4 Bundle (JSON; --xml for XML) following the HL7 v2-to-FHIR
        Implementation Guide; one bundle per message, one per line. --tz is the UTC offset
        for timestamps that carry none (without it their time is cut to the date and an
        issue is reported). --issues lists on standard error what could not be mapped
        (unmapped segments and fields, unknown codes, invalid timestamps), with locations.
  help [COMMAND]
        Show this help, or the help of one command.

Options:
  --lenient    Accept LF or CR LF terminators, a byte order mark, surrounding whitespace,
               empty segments, odd segment ids, unknown escapes and batch count mismatches
               (reported as warnings). Without it a strict parse failure says whether
               --lenient would have accepted the input.
  -h, --help   Show help.
  -V, --version
               Show the version.

Exit codes: 0 success, 1 bad input or value not present, 2 usage error.
";

const HELP_PARSE: &str = r#"interop parse FILE [--lenient] [--pretty]

Prints the message structure as JSON (compact; --pretty indents it). One message is an
object; a batch file, several concatenated messages or an MLLP stream give an array of them.

  {"delimiters": {"field":"|","component":"^","repetition":"~","escape":"\\",
                  "subcomponent":"&","truncation":null},
   "charset": "unspecified",
   "warnings": [{"kind":"line_feed_terminator","offset":42}],
   "segments": [{"id":"MSH","fields":["|","^~\\&","LAB",...]},
                {"id":"PID","fields":["1","",[["4711","","","HOSP","MR"],["998877"]], ...]}]}

- fields[0] is field 1 (for MSH/FHS/BHS: the field separator, then the encoding characters,
  both raw).
- A field is a string when it has no separators. Otherwise it is an array of repetitions;
  a repetition is a string, or an array of components; a component is a string, or an array
  of subcomponents. The depth tells the level: a~b is ["a","b"], a^b is [["a","b"]],
  a&b is [[["a","b"]]].
- Strings are decoded text (escape sequences decoded, the MSH-18 character set applied).
  A value that cannot be decoded is {"raw": "<raw bytes, lossy UTF-8>", "error": "<why>"}.
- charset: unspecified | ascii | latin-1 | utf-8 | unsupported:<MSH-18 value>.
- warnings: what --lenient tolerated, with byte offsets in the input.
"#;

/// Help for one command (the general help for commands without their own page).
fn command_help(name: &str) -> &'static str {
    match name {
        "parse" => HELP_PARSE,
        _ => HELP,
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        warn(&format!("internal error{at}; please report this bug"));
    }));
    let result = run(std::env::args_os().skip(1).collect());
    let failure = match result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(f) => f,
    };
    match failure {
        Failure::Usage(msg) => {
            warn(&format!("{msg}; see 'interop --help'"));
            ExitCode::from(2)
        }
        Failure::Input(msg) => {
            warn(&msg);
            ExitCode::from(1)
        }
        Failure::Exit(code) => ExitCode::from(code),
    }
}

/// Dispatches the command line (without the program name).
fn run(argv: Vec<OsString>) -> Result<(), Failure> {
    let mut argv = argv.into_iter();
    let Some(first) = argv.next() else {
        return Err(Failure::Usage("missing command".into()));
    };
    let Some(name) = first.to_str() else {
        return Err(Failure::Usage("the command is not valid UTF-8".into()));
    };
    match name {
        "-h" | "--help" => return print_text(HELP),
        "-V" | "--version" => return print_text(&format!("interop {VERSION}\n")),
        "help" => {
            let topic = argv.next();
            let text = match topic.as_ref().and_then(|t| t.to_str()) {
                None => HELP,
                Some(t) if args::command(t).is_some() => command_help(t),
                Some(t) => return Err(Failure::Usage(format!("help: unknown command '{t}'"))),
            };
            return print_text(text);
        }
        _ => {}
    }
    let Some(spec) = args::command(name) else {
        return Err(Failure::Usage(if name.starts_with('-') {
            format!("unknown option '{name}'")
        } else {
            format!("unknown command '{name}'")
        }));
    };
    let parsed = args::parse_command(spec, argv)?;
    if parsed.help {
        return print_text(command_help(spec.name));
    }
    commands::run(&parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors() {
        let usage = |v: &[&str]| {
            matches!(
                run(v.iter().map(OsString::from).collect()),
                Err(Failure::Usage(_))
            )
        };
        assert!(usage(&[]));
        assert!(usage(&["nope"]));
        assert!(usage(&["--nope"]));
        assert!(usage(&["help", "nope"]));
        assert!(usage(&["get", "x.hl7"]));
    }
}
