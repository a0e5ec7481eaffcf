//! The commands.

use std::io::{IsTerminal as _, Read};

use hl7v2::ack::{AckCode, AckOptions, ack};
use hl7v2::mllp::{self, Deframer, Event};
use hl7v2::{OwnedMessage, Path};

use crate::Failure;
use crate::args::{Input, Parsed};
use crate::input::{self, Doc, Format, Source, load_and_parse};
use crate::json::MessageJson;
use crate::output::Output;
use crate::{dicomcmd, x12cmd};

/// Runs a parsed command line.
pub(crate) fn run(p: &Parsed) -> Result<(), Failure> {
    match p.spec.name {
        "parse" | "get" | "roundtrip" | "ack" | "validate" | "dump" | "deid" => by_format(p),
        "frame" => frame(p),
        "deframe" => deframe(p),
        "fhir" => fhir_cmd(p),
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

/// Reads the input and runs the command for its format (detected from the content).
fn by_format(p: &Parsed) -> Result<(), Failure> {
    let src = Source::read(&p.file())?;
    let format = match input::detect(&src.bytes) {
        Ok(f) => f,
        Err(m) => return Err(src.fail(m)),
    };
    let name = p.spec.name;
    let unsupported = |what: &str| {
        Err(src.fail(format!(
            "'{name}' does not apply to {what} input (see 'interop help {name}')"
        )))
    };
    if format == Format::Dicom && (p.flag("ta1") || p.flag("guide-loop-ids")) {
        return unsupported("DICOM");
    }
    match (format, name) {
        (Format::Hl7v2 | Format::Mllp, "parse") => parse(p, src),
        (Format::Hl7v2 | Format::Mllp, "get") => get(p, src),
        (Format::Hl7v2 | Format::Mllp, "roundtrip") => roundtrip(p, src),
        (Format::Hl7v2 | Format::Mllp, "ack") => ack_cmd(p, src),
        (Format::Hl7v2 | Format::Mllp, _) => unsupported("HL7 v2"),
        (Format::X12, "parse") => x12cmd::parse(p, &src),
        (Format::X12, "get") => x12cmd::get(p, &src, p.positional_str(1)?),
        (Format::X12, "roundtrip") => x12cmd::roundtrip(p, &src),
        (Format::X12, "ack") => x12cmd::ack(p, &src),
        (Format::X12, "validate") => x12cmd::validate(p, &src),
        (Format::X12, _) => unsupported("X12"),
        (Format::Dicom, "parse") => dicomcmd::parse(p, &src),
        (Format::Dicom, "get") => dicomcmd::get(p, &src, p.positional_str(1)?),
        (Format::Dicom, "roundtrip") => dicomcmd::roundtrip(p, &src),
        (Format::Dicom, "dump") => dicomcmd::dump(p, &src),
        (Format::Dicom, "deid") => dicomcmd::deid(p, &src),
        (Format::Dicom, _) => unsupported("DICOM"),
    }
}

/// Writes a command's output bytes: to the `--output` file when given, otherwise to
/// standard output — which, for `binary` output, must not be a terminal.
pub(crate) fn write_bytes(
    p: &Parsed,
    src: &Source,
    bytes: &[u8],
    binary: bool,
) -> Result<(), Failure> {
    if let Some(path) = p.value("output")? {
        return std::fs::write(path, bytes).map_err(|e| {
            Failure::Input(format!("{path}: cannot write: {}", input::io_reason(&e)))
        });
    }
    if binary && std::io::stdout().is_terminal() {
        return Err(src.fail(
            "refusing to write binary DICOM to a terminal; use -o FILE or redirect the output",
        ));
    }
    let mut out = Output::new();
    out.write(bytes)?;
    out.finish()
}

/// `interop parse`: the structure as JSON.
fn parse(p: &Parsed, src: Source) -> Result<(), Failure> {
    let pretty = p.flag("pretty");
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        let messages: Vec<MessageJson> = parsed.iter().map(MessageJson::new).collect();
        let json = match (doc.is_single(), pretty) {
            (true, false) => serde_json::to_string(&messages.first()),
            (true, true) => serde_json::to_string_pretty(&messages.first()),
            (false, false) => serde_json::to_string(&messages),
            (false, true) => serde_json::to_string_pretty(&messages),
        }
        .map_err(|e| src.fail(format!("cannot write JSON: {e}")))?;
        let mut out = Output::new();
        out.write(json.as_bytes())?;
        out.write(b"\n")?;
        out.finish()
    })
}

/// `interop fhir`: HL7 v2 → FHIR R4 Bundle (JSON, or XML with `--xml`).
fn fhir_cmd(p: &Parsed) -> Result<(), Failure> {
    use mapping::v2::{BundleType, Options, UtcOffset};
    let mut opts = Options::default();
    if let Some(bt) = p.value("bundle-type")? {
        opts.bundle_type = BundleType::parse(bt).ok_or_else(|| {
            p.usage(format!(
                "--bundle-type must be transaction, message or collection, not '{bt}'"
            ))
        })?;
    }
    if let Some(tz) = p.value("tz")? {
        opts.default_offset =
            Some(UtcOffset::parse(tz).ok_or_else(|| {
                p.usage(format!("--tz must look like +05:00 or -0800, not '{tz}'"))
            })?);
    }
    let xml = p.flag("xml");
    let pretty = p.flag("pretty");
    let show_issues = p.flag("issues");
    let src = Source::read(&p.file())?;
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        let single = doc.is_single();
        let mut out = Output::new();
        let mut failed = false;
        for m in &parsed {
            let label = if single {
                String::new()
            } else {
                format!("message {}: ", m.number)
            };
            let conversion = match mapping::v2::to_fhir(&m.msg, &opts) {
                Ok(c) => c,
                Err(e) => {
                    out.flush()?;
                    crate::warn(&format!("{}: {label}{e}", src.name));
                    failed = true;
                    continue;
                }
            };
            if show_issues {
                out.flush()?;
                for issue in &conversion.issues {
                    crate::warn(&format!("{}: {label}{issue}", src.name));
                }
            }
            let bytes = if xml {
                let r = if pretty {
                    fhir::xml::to_vec_pretty(&conversion.bundle)
                } else {
                    fhir::xml::to_vec(&conversion.bundle)
                };
                r.map_err(|e| src.fail(format!("{label}cannot write XML: {e}")))?
            } else if pretty {
                fhir::json::to_vec_pretty(&conversion.bundle)
            } else {
                fhir::json::to_vec(&conversion.bundle)
            };
            out.write(&bytes)?;
            out.write(b"\n")?;
        }
        out.finish()?;
        if failed {
            Err(Failure::Exit(1))
        } else {
            Ok(())
        }
    })
}

/// `interop get`: the value at a path.
fn get(p: &Parsed, src: Source) -> Result<(), Failure> {
    let path_str = p.positional_str(1)?;
    let path = Path::parse(path_str)
        .map_err(|e| p.usage(format!("invalid path '{path_str}': {}", e.kind)))?;
    let raw = p.flag("raw");
    // MSH-1 and MSH-2 are the delimiters themselves: never escape-decoded.
    let delimiter_field = matches!(path.segment, "MSH" | "FHS" | "BHS") && path.field <= 2;
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        let single = doc.is_single();
        let mut out = Output::new();
        let mut missing = false;
        for m in &parsed {
            let label = if single {
                String::new()
            } else {
                format!("message {}: ", m.number)
            };
            match m.msg.resolve(&path) {
                Some(v) if raw || delimiter_field => out.write(v.raw())?,
                Some(v) => match v.text() {
                    Ok(text) => out.write(text.as_bytes())?,
                    Err(e) => {
                        let e = input::offset_by(e, m.base);
                        return Err(src.fail(format!(
                            "{label}{path_str}: {e}; use --raw for the undecoded bytes"
                        )));
                    }
                },
                None if single => {
                    return Err(src.fail(format!("{path_str} not present")));
                }
                None => {
                    missing = true;
                    out.flush()?;
                    crate::warn(&format!("{}: {label}{path_str} not present", src.name));
                }
            }
            out.write(b"\n")?;
        }
        out.finish()?;
        if missing {
            Err(Failure::Exit(1))
        } else {
            Ok(())
        }
    })
}

/// Re-serialises every message of `doc` (through [`OwnedMessage`]), keeping the bytes between
/// messages (batch envelope segments) as they are. Returns one byte string per unit.
fn rewrite(doc: &Doc<'_>, parsed: &[input::Parsed<'_>]) -> Vec<Vec<u8>> {
    let mut msgs = parsed.iter().peekable();
    doc.units
        .iter()
        .enumerate()
        .map(|(ui, unit)| {
            let bytes = &unit.bytes[..];
            let mut out = Vec::with_capacity(bytes.len());
            let mut last = 0usize;
            for range in &unit.messages {
                out.extend_from_slice(bytes.get(last..range.start).unwrap_or_default());
                if let Some(m) = msgs.next_if(|m| m.unit == ui) {
                    OwnedMessage::from(&m.msg).write_to(&mut out);
                }
                last = range.end;
            }
            out.extend_from_slice(bytes.get(last..).unwrap_or_default());
            out
        })
        .collect()
}

/// `interop roundtrip`: parse and write back.
fn roundtrip(p: &Parsed, src: Source) -> Result<(), Failure> {
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        let mut bytes = Vec::with_capacity(src.bytes.len() + 16);
        for unit in rewrite(doc, &parsed) {
            if doc.framed {
                bytes.extend_from_slice(&mllp::frame(&unit));
            } else {
                bytes.extend_from_slice(&unit);
            }
        }
        write_bytes(p, &src, &bytes, false)
    })
}

/// `interop ack`: acknowledgements.
fn ack_cmd(p: &Parsed, src: Source) -> Result<(), Failure> {
    for x12_only in ["ta1", "guide-loop-ids"] {
        if p.flag(x12_only) {
            return Err(p.usage(format!("--{x12_only} applies to X12 input only")));
        }
    }
    let code = match p.value("code")? {
        None => AckCode::AA,
        Some(c) => AckCode::parse(&c.to_ascii_uppercase()).ok_or_else(|| {
            p.usage(format!(
                "invalid --code '{c}' (expected AA, AE, AR, CA, CE or CR)"
            ))
        })?,
    };
    let text = p.value("text")?;
    let control_id = p.value("control-id")?;
    if control_id.is_some_and(str::is_empty) {
        return Err(p.usage("--control-id must not be empty".into()));
    }
    let now = chrono::Local::now();
    let timestamp = now.format("%Y%m%d%H%M%S%z").to_string();
    let id_base = match control_id {
        Some(id) => id.to_string(),
        None => now.format("%Y%m%d%H%M%S%3f").to_string(),
    };
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        let several = parsed.len() > 1;
        let mut out = Output::new();
        for m in &parsed {
            let id = if several {
                format!("{id_base}-{}", m.number)
            } else {
                id_base.clone()
            };
            let mut opts = AckOptions::new(&id, &timestamp);
            if let Some(t) = text {
                opts = opts.with_text(t);
            }
            let reply = ack(&m.msg, code, &opts).map_err(|e| {
                let label = if doc.is_single() {
                    String::new()
                } else {
                    format!("message {}: ", m.number)
                };
                src.fail(format!(
                    "{label}cannot build the acknowledgement: {}",
                    e.kind
                ))
            })?;
            let bytes = reply.write();
            if doc.framed {
                out.write(&mllp::frame(&bytes))?;
            } else {
                out.write(&bytes)?;
            }
        }
        out.finish()
    })
}

/// `interop frame`: MLLP framing.
fn frame(p: &Parsed) -> Result<(), Failure> {
    let src = Source::read(&p.file())?;
    load_and_parse(&src, p.flag("lenient"), |doc, parsed| {
        if doc.framed {
            return Err(src.fail("input is already MLLP-framed"));
        }
        let payloads: Vec<Vec<u8>> = match doc.units.first() {
            // A batch travels as one frame; plain messages one frame each.
            Some(unit) if unit.envelope => rewrite(doc, &parsed),
            _ => parsed
                .iter()
                .map(|m| OwnedMessage::from(&m.msg).write())
                .collect(),
        };
        let mut out = Output::new();
        for payload in &payloads {
            if let Some(i) = payload
                .iter()
                .position(|&b| b == mllp::START_BLOCK || b == mllp::END_BLOCK)
            {
                let byte = payload.get(i).copied().unwrap_or_default();
                return Err(src.fail(format!(
                    "the message contains the MLLP control byte 0x{byte:02X} and cannot be framed"
                )));
            }
        }
        for payload in &payloads {
            out.write(&mllp::frame(payload))?;
        }
        out.finish()
    })
}

/// `interop deframe`: MLLP payloads, streaming.
fn deframe(p: &Parsed) -> Result<(), Failure> {
    let separate = p.flag("separate");
    let max = match p.value("max-size")? {
        None => mllp::DEFAULT_MAX_FRAME_SIZE,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(p.usage(format!(
                    "invalid --max-size '{v}' (expected a positive number of bytes)"
                )));
            }
        },
    };
    let input = p.file();
    let name = input.name();
    let mut reader: Box<dyn Read> = match &input {
        Input::Stdin => Box::new(std::io::stdin().lock()),
        Input::File(path) => Box::new(std::fs::File::open(path).map_err(|e| {
            Failure::Input(format!("{name}: cannot read: {}", input::io_reason(&e)))
        })?),
    };
    let mut deframer = Deframer::with_max_frame_size(max);
    let mut out = Output::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut messages = 0usize;
    let mut problems = 0usize;
    let mut handle = |event: Event, out: &mut Output| -> Result<(), Failure> {
        match event {
            Event::Message(payload) => {
                messages += 1;
                out.write(&payload)?;
                if separate {
                    out.write(b"\n")?;
                }
                out.flush()
            }
            other => {
                let (desc, _) = input::describe_event(&other);
                if let Some(d) = desc {
                    if !matches!(other, Event::MissingCarriageReturn { .. }) {
                        problems += 1;
                    }
                    out.flush()?;
                    crate::warn(&format!("{name}: {d}"));
                }
                Ok(())
            }
        }
    };
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Failure::Input(format!(
                    "{name}: cannot read: {}",
                    input::io_reason(&e)
                )));
            }
        };
        deframer.push(buf.get(..n).unwrap_or_default());
        while let Some(event) = deframer.next_event() {
            handle(event, &mut out)?;
        }
    }
    while let Some(event) = deframer.finish() {
        handle(event, &mut out)?;
    }
    out.finish()?;
    if messages == 0 {
        return Err(Failure::Input(format!(
            "{name}: no complete MLLP frame in input"
        )));
    }
    if problems > 0 {
        return Err(Failure::Exit(1));
    }
    Ok(())
}
