//! The DICOM side of the commands: `parse` (DICOM JSON), `dump`, `get`, `roundtrip` and
//! `deid`.

use std::fmt::Write as _;

use dicom_meta::deid::DeidOptions;
use dicom_meta::{
    DataSet, DicomFile, Element, Inflated, JsonOptions, Length, OwnedFile, ParseOptions, Vr,
    WriteOptions,
};

use crate::Failure;
use crate::args::Parsed;
use crate::input::Source;
use crate::output::Output;

/// Parses the input (inflating a deflated data set) and runs `f` on it. When strict parsing
/// fails, says whether `--lenient` would have accepted the input.
fn with_file<T>(
    src: &Source,
    lenient: bool,
    f: impl FnOnce(&DicomFile<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let opts = if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    let parsed = Inflated::new(&src.bytes, &opts).and_then(|holder| {
        let file = holder.parse()?;
        Ok(f(&file))
    });
    match parsed {
        Ok(result) => result,
        Err(e) => {
            let lenient_ok = !lenient
                && Inflated::new(&src.bytes, &ParseOptions::lenient())
                    .and_then(|h| h.parse().map(|_| ()))
                    .is_ok();
            let hint = if lenient_ok {
                "; the input parses with --lenient"
            } else {
                ""
            };
            Err(src.fail(format!("{e}{hint}")))
        }
    }
}

/// Prints lenient-mode warnings on standard error.
fn report_warnings(src: &Source, file: &DicomFile<'_>) {
    for w in file.warnings() {
        let at = match &w.tag {
            Some(t) => format!(", {t}"),
            None => String::new(),
        };
        crate::warn(&format!(
            "{}: warning: {:?} (byte {}{at})",
            src.name, w.kind, w.offset
        ));
    }
}

/// `interop parse` on DICOM: the data set as DICOM JSON (PS3.18 Annex F).
pub(crate) fn parse(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let mut opts = JsonOptions::new();
    if p.flag("pretty") {
        opts = opts.pretty();
    }
    let json = with_file(src, p.flag("lenient"), |file| {
        report_warnings(src, file);
        file.data_set()
            .to_json(&opts)
            .map_err(|e| src.fail(format!("cannot write DICOM JSON: {e}")))
    })?;
    let mut out = Output::new();
    out.write(json.as_bytes())?;
    if !json.ends_with('\n') {
        out.write(b"\n")?;
    }
    out.finish()
}

/// At most this many characters of a value are shown by `dump`.
const DUMP_WIDTH: usize = 64;

/// A value as one line of text: strings decoded (multiple values separated by `\`), numbers
/// in the data set's byte order, tags as `(gggg,eeee)`, other binary values in hex.
fn value_text(el: &Element<'_, '_>) -> Result<String, dicom_meta::Error> {
    fn join<T: ToString>(it: impl Iterator<Item = T>) -> String {
        it.map(|v| v.to_string()).collect::<Vec<_>>().join("\\")
    }
    let vr = el.vr();
    Ok(match vr {
        Vr::US => join(el.u16s()?),
        Vr::SS => join(el.i16s()?),
        Vr::UL => join(el.u32s()?),
        Vr::SL => join(el.i32s()?),
        Vr::UV => join(el.u64s()?),
        Vr::SV => join(el.i64s()?),
        Vr::FL => join(el.f32s()?),
        Vr::FD => join(el.f64s()?),
        Vr::AT => join(el.tags()?),
        _ if vr.is_string() => el.text()?.into_owned(),
        _ => hex(el.value()),
    })
}

/// Bytes as `0a\ff\…` (dcmdump's notation for binary values).
fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push('\\');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn length_text(len: Length) -> String {
    match len {
        Length::Defined(n) => n.to_string(),
        Length::Undefined => "u/l".to_string(),
    }
}

/// One dump line: indent, tag, VR, value, then `# length, keyword`.
fn dump_line(
    out: &mut String,
    depth: usize,
    tag: &str,
    vr: &str,
    value: &str,
    len: &str,
    kw: &str,
) {
    let indent = "  ".repeat(depth);
    let head = format!("{indent}{tag} {vr} {value}");
    let _ = writeln!(out, "{head:<60} # {len:>4}, {kw}");
}

fn dump_data_set<'d, 'a: 'd>(
    out: &mut String,
    depth: usize,
    elements: impl Iterator<Item = Element<'d, 'a>>,
) {
    for el in elements {
        let private;
        let kw = match el.keyword() {
            Some(k) => k,
            None if el.tag().group() % 2 == 1 && (0x10..=0xff).contains(&el.tag().element()) => {
                "PrivateCreator"
            }
            None => match el.private_creator() {
                Some(c) => {
                    private = format!("private, creator [{}]", c.trim_end());
                    &private
                }
                None => "?",
            },
        };
        let tag = el.tag().to_string();
        let len = length_text(el.length());
        if el.is_sequence() {
            let n = el.item_count();
            let what = format!("(Sequence with {})", crate::input::count(n, "item"));
            dump_line(out, depth, &tag, el.vr().as_str(), &what, &len, kw);
            for (i, item) in el.items().enumerate() {
                let ilen = length_text(item.length());
                let what = format!(
                    "(Item #{} with {})",
                    i,
                    crate::input::count(item.len(), "element")
                );
                dump_line(out, depth + 1, "(FFFE,E000)", "na", &what, &ilen, "Item");
                dump_data_set(out, depth + 2, item.elements());
            }
        } else if el.is_encapsulated() {
            let n = el.fragments().count().saturating_sub(1);
            let what = format!(
                "(PixelSequence with {})",
                crate::input::count(n, "fragment")
            );
            dump_line(out, depth, &tag, el.vr().as_str(), &what, &len, kw);
            // The first item is the basic offset table (possibly empty).
            for (i, f) in el.fragments().enumerate() {
                let v = clip(&hex(f.data()));
                let what = if i == 0 {
                    "Basic Offset Table"
                } else {
                    "Fragment"
                };
                let n = f.data().len().to_string();
                dump_line(out, depth + 1, "(FFFE,E000)", "pi", &v, &n, what);
            }
        } else {
            let v = match value_text(&el) {
                Ok(t) if el.vr().is_string() => format!("[{}]", clip(&t)),
                Ok(t) if t.is_empty() => "(no value)".to_string(),
                Ok(t) => clip(&t),
                Err(e) => format!("(undecodable: {})", e.kind),
            };
            dump_line(out, depth, &tag, el.vr().as_str(), &v, &len, kw);
        }
    }
}

/// `text` cut to [`DUMP_WIDTH`] characters, with `...` when cut.
fn clip(text: &str) -> String {
    if text.chars().count() <= DUMP_WIDTH {
        return text.replace(['\r', '\n'], " ");
    }
    let cut: String = text.chars().take(DUMP_WIDTH - 3).collect();
    format!("{}...", cut.replace(['\r', '\n'], " "))
}

fn dump_text(file: &DicomFile<'_>) -> String {
    let mut out = String::new();
    out.push_str("# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n");
    let meta: &DataSet<'_> = file.meta();
    let ts = file.transfer_syntax();
    let _ = writeln!(
        out,
        "# Used TransferSyntax: {}",
        ts.uid().unwrap_or("unknown")
    );
    dump_data_set(&mut out, 0, meta.elements());
    out.push_str("\n# Dicom-Data-Set\n");
    dump_data_set(&mut out, 0, file.data_set().elements());
    out
}

/// `interop dump` on DICOM: dcmdump-like text.
pub(crate) fn dump(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let text = with_file(src, p.flag("lenient"), |file| {
        report_warnings(src, file);
        Ok(dump_text(file))
    })?;
    let mut out = Output::new();
    out.write(text.as_bytes())?;
    out.finish()
}

/// `interop get` on DICOM: the value at a path (keyword, `(gggg,eeee)`, or a nested path).
pub(crate) fn get(p: &Parsed, src: &Source, path: &str) -> Result<(), Failure> {
    let raw = p.flag("raw");
    let bytes = with_file(src, p.flag("lenient"), |file| {
        let el = file
            .get(path)
            .map_err(|e| p.usage(format!("invalid DICOM path '{path}': {}", e.kind)))?
            .ok_or_else(|| src.fail(format!("{path} not present")))?;
        if el.is_sequence() {
            return Err(src.fail(format!(
                "{path} is a sequence with {}; add an item index and a keyword, \
                 e.g. {path}[0].CodeValue",
                crate::input::count(el.item_count(), "item")
            )));
        }
        if raw {
            return Ok(el.value().to_vec());
        }
        let mut t = value_text(&el)
            .map_err(|e| src.fail(format!("{path}: {e}; use --raw for the undecoded bytes")))?;
        t.push('\n');
        Ok(t.into_bytes())
    })?;
    let mut out = Output::new();
    out.write(&bytes)?;
    out.finish()
}

/// `interop roundtrip` on DICOM: parse and write back (binary: to `-o FILE` or a
/// non-terminal standard output).
pub(crate) fn roundtrip(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let bytes = with_file(src, p.flag("lenient"), |file| {
        report_warnings(src, file);
        if file.transfer_syntax().deflated {
            // The parsed view is over the inflated bytes: re-encode through the owned model.
            let owned = OwnedFile::from_file(file)
                .map_err(|e| src.fail(format!("cannot copy the data set: {e}")))?;
            return owned
                .write(file.transfer_syntax(), &WriteOptions::new())
                .map_err(|e| src.fail(format!("cannot write the file: {e}")));
        }
        Ok(file.write())
    })?;
    crate::commands::write_bytes(p, src, &bytes, true)
}

/// `interop deid` on DICOM: the PS3.15 Annex E Basic Profile with UIDs replaced under
/// `--key`, and the options of PS3.15 E.3 that flags turn on, written in the input's
/// transfer syntax.
pub(crate) fn deid(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let key = match p.value("key")? {
        Some(k) if !k.is_empty() => k.to_string(),
        Some(_) => return Err(p.usage("--key must not be empty".into())),
        None => return Err(p.usage("missing --key KEY (the secret for UID replacement)".into())),
    };
    let opts = DeidOptions::new()
        .retain_safe_private(p.flag("retain-safe-private"))
        .retain_uids(p.flag("retain-uids"))
        .retain_device_identity(p.flag("retain-device-identity"))
        .retain_institution_identity(p.flag("retain-institution-identity"))
        .retain_patient_characteristics(p.flag("retain-patient-characteristics"))
        .retain_full_dates(p.flag("retain-dates"))
        .retain_modified_dates(p.flag("retain-modified-dates"))
        .clean_descriptors(p.flag("clean-descriptors"))
        .clean_structured_content(p.flag("clean-structured"))
        .clean_graphics(p.flag("clean-graphics"));
    let bytes = with_file(src, p.flag("lenient"), |file| {
        report_warnings(src, file);
        let mut owned = OwnedFile::from_file(file)
            .map_err(|e| src.fail(format!("cannot copy the data set: {e}")))?;
        owned.deidentify_with(key.as_bytes(), &opts);
        owned
            .write(file.transfer_syntax(), &WriteOptions::new())
            .map_err(|e| src.fail(format!("cannot write the de-identified file: {e}")))
    })?;
    crate::commands::write_bytes(p, src, &bytes, true)
}
