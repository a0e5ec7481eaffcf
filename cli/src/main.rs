//! `interop`: the health-interop command line.
//!
//! Reads HL7 v2 messages (single messages, batch files, concatenated messages or MLLP streams),
//! ASC X12 interchanges and DICOM files; the format is detected from the content. HL7 v2 is
//! parsed, queried, re-serialised, acknowledged, framed, deframed or converted to FHIR R4
//! bundles; X12 is parsed into loop trees, queried, validated (SNIP 1–3), acknowledged (999,
//! TA1) and re-serialised; DICOM is shown as DICOM JSON or a dump, queried, re-serialised and
//! de-identified. Run `interop --help` for the commands.
//!
//! Exit codes: 0 success, 1 bad input (or a value not present, or an I/O error), 2 usage
//! error. Errors are one line on standard error and never show message contents.

mod args;
mod commands;
mod dicomcmd;
mod input;
mod json;
mod output;
mod x12cmd;

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
interop — read, check and transform HL7 v2 messages, X12 interchanges and DICOM files

Usage: interop COMMAND [OPTIONS] FILE [ARGS]

FILE is a path, or - for standard input. The format is detected from the content:
- HL7 v2: a message, several concatenated messages, a batch file (FHS/BHS envelope) or an
  MLLP stream (frames starting with 0x0B);
- X12: one or more interchanges (starting with ISA);
- DICOM: a Part 10 file (DICM at byte 128, or at byte 0 without preamble) or a bare data set.
A byte order mark or whitespace may precede HL7 v2 and X12 input, and X12 segment
terminators may be followed by line breaks; strict parsing rejects such things (see
--lenient), as it rejects DICOM files without preamble or meta group.

Commands (HL7 v2 = H, X12 = X, DICOM = D):
  parse FILE [--lenient] [--pretty]                                              [H X D]
        Print the structure as JSON. HL7 v2: delimiters, charset, warnings and segments ->
        fields -> repetitions -> components -> subcomponents. X12: the interchange with its
        groups and transaction sets, each as its implementation guide's loop tree (loop ids
        such as 2000A, 2300, 2400). DICOM: the data set as DICOM JSON (PS3.18 Annex F).
        See 'interop help parse'.
  get FILE PATH [--raw] [--lenient]                                              [H X D]
        Print the value at PATH. HL7 v2: decoded text (e.g. PID-5.1, PID-3[2].1, OBX[2]-5,
        MSH-9.2; --raw: escape sequences not decoded), one line per message. X12:
        [LOOP/]SEGNN[-C] (e.g. CLM02, 2300/CLM02, 2010BA/NM109, 2400/SV101-2), every
        non-empty value in document order, one per line. DICOM: a keyword, a tag or a
        nested path (PatientName, (0010,0010),
        ReferencedSeriesSequence[0].SeriesInstanceUID); numbers in the data set's byte
        order, multiple values separated by \\, --raw prints the value bytes. Exits with 1
        if the value is not present.
  roundtrip FILE [--lenient] [-o FILE]                                           [H X D]
        Parse and write the input again. HL7 v2: batch envelope segments are copied as
        they are, MLLP input is framed again; with --lenient, messages are normalised (CR
        terminators, no padding). X12: rebuilt with counts and trailers recomputed (the
        line break found after the ISA kept). DICOM (binary: written to -o FILE or to a
        standard output that is not a terminal): byte for byte; a deflated data set is
        compressed again. Strictly valid input comes back byte for byte.
  validate FILE [--lenient]                                                        [X]
        Check envelopes (SNIP 1), the implementation guide (SNIP 2: required segments and
        elements, lengths, data types, code values, HL hierarchy) and balancing (SNIP 3:
        837 claim charges, 835 payments); one finding per line with its loop, segment
        position, element and byte offset, then a verdict. Exits with 1 on any finding.
  ack FILE [--code AA|AE|AR|CA|CE|CR] [--text TEXT] [--control-id ID] [--ta1]     [H X]
      [--guide-loop-ids] [--lenient]
        HL7 v2: print the acknowledgement (CR-separated segments): sender and receiver
        swapped, MSA with the code (default AA) and the original control id, ERR for error
        codes. MSH-7 is the current time; MSH-10 is ID (default: a timestamp), with -N
        appended for the Nth message when the input holds several. An MLLP input gets
        framed ACKs.
        X12: print a 999 implementation acknowledgment per interchange (AK1/AK2/IK3/IK4/
        IK5/AK9 from the envelope and guide findings); --ta1 adds the TA1 interchange
        acknowledgment after its ISA. ISA13 and GS06 are ID (a number; default: the
        current time as yyDDDHHMM), plus N-1 for the Nth interchange. IK303 is the X12
        loop identifier (2010); --guide-loop-ids writes the guide's loop id (2010AA) as
        pyx12 does, which the 999's own guide (AN 1/4) rejects.
  dump FILE [--lenient]                                                            [D]
        Print the file meta group and data set like DCMTK's dcmdump: one line per element
        with its tag, VR, value ([text], numbers, or hex, cut at 64 characters), length and
        keyword; sequence items and pixel fragments indented below their element.
  deid FILE --key KEY [-o FILE] [--lenient] [--retain-uids] [--retain-dates]
       [--retain-modified-dates] [--retain-device-identity]
       [--retain-institution-identity] [--retain-patient-characteristics]
       [--retain-safe-private] [--clean-descriptors] [--clean-structured]
       [--clean-graphics]                                                          [D]
        De-identify with the PS3.15 Annex E Basic Application Confidentiality Profile
        (attributes removed, emptied or replaced; UIDs replaced deterministically under
        KEY, so the same KEY maps the same UID to the same new UID across files) and write
        the file in its transfer syntax to -o FILE or a non-terminal standard output.
        Options of PS3.15 E.3 (Table E.1-1 option columns; each is off by default):
          --retain-uids        keep UIDs instead of replacing them
          --retain-dates       keep dates and times (Longitudinal Full Dates)
          --retain-modified-dates
                               shift every date back by one number of days derived
                               from KEY (times kept)
          --retain-device-identity, --retain-institution-identity,
          --retain-patient-characteristics
                               keep the attributes of that option (K); clean its C ones
          --retain-safe-private
                               accepted, but private attributes are still removed: no
                               list of safe private attributes is built in
          --clean-descriptors  keep descriptions and comments with the identifying values
                               of the file (names, IDs, birth date, accession number,
                               institution...) replaced by *** (whole words, any case)
          --clean-structured   keep Content, Acquisition Context and Specimen Preparation
                               sequences: items de-identified, text cleaned, codes kept
          --clean-graphics     keep graphic annotations without their text objects;
                               clean overlay comments, descriptions and labels
  frame FILE [--lenient]                                                           [H]
        Wrap in MLLP framing (0x0B ... 0x1C 0x0D). Concatenated messages get one frame
        each; a batch file is sent as one frame.
  deframe FILE [--separate] [--max-size BYTES]                                    [H]
        Print the payloads of an MLLP stream (read as it arrives), concatenated, or each
        followed by a newline with --separate. Bytes outside frames, truncated and oversize
        frames (default limit 16 MiB) are reported on standard error with their byte
        offsets and make the exit code 1; a frame end without its CR is reported as a
        warning; whitespace between frames is ignored.
  fhir FILE [--bundle-type transaction|message|collection] [--tz +HH:MM] [--issues]
           [--xml] [--pretty] [--lenient]                                        [H]
        Convert to a FHIR R4 Bundle (JSON; --xml for XML) following the HL7 v2-to-FHIR
        Implementation Guide; one bundle per message, one per line. --tz is the UTC offset
        for timestamps that carry none (without it their time is cut to the date and an
        issue is reported). --issues lists on standard error what could not be mapped
        (unmapped segments and fields, unknown codes, invalid timestamps), with locations.
  help [COMMAND]
        Show this help, or the help of one command.

Options:
  --lenient    HL7 v2: accept LF or CR LF terminators, a byte order mark, surrounding
               whitespace, empty segments, odd segment ids, unknown escapes and batch count
               mismatches. X12: accept line breaks after terminators, a byte order mark,
               whitespace, empty segments, a missing final terminator, and report envelope
               errors (counts, control numbers) instead of failing. DICOM: accept a missing
               preamble or meta group, odd lengths and other deviations. What was tolerated
               is reported as warnings. Without it a strict parse failure says whether
               --lenient would have accepted the input.
  -o, --output FILE
               Write the output to FILE instead of standard output (roundtrip, deid).
  -h, --help   Show help.
  -V, --version
               Show the version.

Exit codes: 0 success, 1 bad input or value not present, 2 usage error.
";

const HELP_PARSE: &str = r#"interop parse FILE [--lenient] [--pretty]

HL7 v2

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

X12

One interchange is an object, several an array:

  {"delimiters": {"element":"*","repetition":"^","component":":","segment":"~"},
   "sender": ["ZZ","CLEARHOUSE01"], "receiver": ["ZZ","PAYERABC"],
   "control_number": "000004201", "version": "00501", "warnings": [],
   "groups": [{"functional_id":"HC","control_number":"4201","version":"005010X222A1",
     "transaction_sets": [{"id":"837","control_number":"0001","guide":"005010X222A1",
       "tree": {"loop":"ST","name":"...","segments":[...],
                "loops":[{"loop":"1000A","name":"Submitter Name","segments":[
                  {"id":"NM1","position":5,"elements":["41","2","NORTHWIND",...]}]}, ...]},
       "findings": ["segment not in the implementation guide (byte 1540, ...)"]}]}]}

- A loop has its own segments, then its child loops ("loops", left out when none).
- position is the segment's 1-based position in the interchange (ISA is 1).
- An element is a string when it has neither repetitions nor components, otherwise an
  array of repetitions, each a string or an array of components.
- A transaction set no guide describes has "guide": null and a flat "segments" array.
- findings: what building the loop tree found (unexpected segments, HL hierarchy).

DICOM

The data set (without the file meta group) as DICOM JSON, PS3.18 Annex F: tags as
"ggggeeee" keys, {"vr": ..., "Value": [...]} or InlineBinary (base64) values, person names
as {"Alphabetic": ...}, sequences as arrays of objects. --pretty indents it.
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
        assert!(usage(&["deid", "x.dcm", "-o"]));
        assert!(usage(&[
            "deid",
            "x.dcm",
            "--key",
            "k",
            "--clean-everything"
        ]));
        assert!(usage(&["deid", "x.dcm", "--key", "k", "--retain-uids=yes"]));
        assert!(usage(&["validate", "x.x12", "-o", "y"]));
    }
}
