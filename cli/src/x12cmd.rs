//! The X12 side of the commands: `parse`, `get`, `validate`, `ack` and `roundtrip` over one
//! or more interchanges.

use serde_json::{Map, Value as Json, json};
use x12::owned::OwnedInterchange;
use x12::{Interchange, Interchanges, Loop, LoopTree, ParseOptions, Segment, TransactionSet};

use crate::Failure;
use crate::args::Parsed;
use crate::input::Source;
use crate::output::Output;

/// Parses every interchange of the input. `report_envelope` collects envelope findings as
/// diagnostics instead of failing (for `validate` and `ack`, which report them).
fn load<'a>(
    src: &'a Source,
    lenient: bool,
    report_envelope: bool,
) -> Result<Vec<Interchange<'a>>, Failure> {
    let mut opts = if lenient {
        ParseOptions::lenient()
    } else {
        ParseOptions::strict()
    };
    if report_envelope {
        opts = opts.report_envelope();
    }
    let all: Result<Vec<Interchange<'a>>, x12::Error> =
        Interchanges::new(&src.bytes, &opts).collect();
    match all {
        Ok(v) if v.is_empty() => Err(src.fail("no X12 interchange in input")),
        Ok(v) => Ok(v),
        Err(e) => {
            let lenient_ok = !lenient && {
                let mut o = ParseOptions::lenient();
                if !report_envelope {
                    o.envelope = opts.envelope;
                }
                Interchanges::new(&src.bytes, &o).all(|r| r.is_ok())
            };
            let hint = if lenient_ok {
                "; the input parses with --lenient"
            } else {
                ""
            };
            Err(src.fail(format!("{e}{hint}")))
        }
    }
}

/// Lossy text of X12 bytes.
fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// One segment as JSON: id, position in the interchange, elements. An element is a string
/// when it has neither repetitions nor components, otherwise an array of repetitions, each a
/// string or an array of components (the same shape as HL7 v2 fields in `interop parse`).
fn segment_json(seg: &Segment<'_, '_>) -> Json {
    let d = seg.delimiters();
    let elements: Vec<Json> = seg
        .elements()
        .map(|e| {
            let raw = e.raw();
            let has_rep = d.repetition.is_some_and(|r| raw.contains(&r));
            if !has_rep && !raw.contains(&d.component) {
                return Json::String(text(raw));
            }
            let reps: Vec<Json> = e
                .repetitions()
                .map(|r| {
                    let comps: Vec<Json> = r.components().map(|c| Json::String(text(c))).collect();
                    if comps.len() == 1 {
                        comps.into_iter().next().unwrap_or(Json::Null)
                    } else {
                        Json::Array(comps)
                    }
                })
                .collect();
            Json::Array(reps)
        })
        .collect();
    json!({
        "id": text(seg.id()),
        "position": seg.position(),
        "elements": elements,
    })
}

/// A loop with its own segments and child loops.
fn loop_json(lp: &Loop<'_, '_, '_>) -> Json {
    let mut m = Map::new();
    m.insert("loop".into(), Json::String(lp.id().into()));
    m.insert("name".into(), Json::String(lp.name().into()));
    let segments: Vec<Json> = lp.own_segments().map(|s| segment_json(&s)).collect();
    m.insert("segments".into(), Json::Array(segments));
    let children: Vec<Json> = lp.children().map(|c| loop_json(&c)).collect();
    if !children.is_empty() {
        m.insert("loops".into(), Json::Array(children));
    }
    Json::Object(m)
}

fn set_json(ts: &TransactionSet<'_, '_>) -> Json {
    let mut m = Map::new();
    m.insert("id".into(), Json::String(text(ts.id())));
    m.insert(
        "control_number".into(),
        Json::String(text(ts.control_number())),
    );
    match ts.loop_tree() {
        Some(tree) => {
            m.insert(
                "guide".into(),
                Json::String(tree.guide().reference().into()),
            );
            m.insert("tree".into(), loop_json(&tree.root()));
            let findings: Vec<Json> = tree
                .findings()
                .iter()
                .map(|f| Json::String(f.to_string()))
                .collect();
            if !findings.is_empty() {
                m.insert("findings".into(), Json::Array(findings));
            }
        }
        None => {
            m.insert("guide".into(), Json::Null);
            let segments: Vec<Json> = ts.segments().map(|s| segment_json(&s)).collect();
            m.insert("segments".into(), Json::Array(segments));
        }
    }
    Json::Object(m)
}

fn interchange_json(ic: &Interchange<'_>) -> Json {
    let d = ic.delimiters();
    let ch = |b: u8| Json::String(char::from(b).to_string());
    let (sq, sid) = ic.sender();
    let (rq, rid) = ic.receiver();
    let groups: Vec<Json> = ic
        .groups()
        .map(|g| {
            let sets: Vec<Json> = g.transaction_sets().map(|ts| set_json(&ts)).collect();
            json!({
                "functional_id": text(g.functional_id()),
                "control_number": text(g.control_number()),
                "version": text(g.version()),
                "transaction_sets": sets,
            })
        })
        .collect();
    let warnings: Vec<Json> = ic
        .warnings()
        .iter()
        .map(|w| json!({"kind": format!("{:?}", w.kind), "offset": w.offset}))
        .collect();
    json!({
        "delimiters": {
            "element": ch(d.element),
            "repetition": d.repetition.map(ch),
            "component": ch(d.component),
            "segment": ch(d.segment),
        },
        "sender": [text(sq), text(sid).trim_end()],
        "receiver": [text(rq), text(rid).trim_end()],
        "control_number": text(ic.control_number()),
        "version": text(ic.version()),
        "warnings": warnings,
        "groups": groups,
    })
}

/// `interop parse` on X12: the loop trees as JSON.
pub(crate) fn parse(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let ics = load(src, p.flag("lenient"), false)?;
    let values: Vec<Json> = ics.iter().map(interchange_json).collect();
    let value = if values.len() == 1 {
        values.into_iter().next().unwrap_or(Json::Null)
    } else {
        Json::Array(values)
    };
    let s = if p.flag("pretty") {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .map_err(|e| src.fail(format!("cannot write JSON: {e}")))?;
    let mut out = Output::new();
    out.write(s.as_bytes())?;
    out.write(b"\n")?;
    out.finish()
}

/// An element path `[LOOP/]SEGNN[-C]`, checked here so that a bad path is a usage error and
/// transaction sets without a guide can be searched too.
struct ElementPath<'p> {
    loop_id: Option<&'p str>,
    segment: &'p str,
    element: usize,
    component: Option<usize>,
}

fn parse_path(s: &str) -> Option<ElementPath<'_>> {
    let (loop_id, rest) = match s.split_once('/') {
        Some((l, r)) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            (Some(l), r)
        }
        Some(_) => return None,
        None => (None, s),
    };
    let (body, component) = match rest.split_once('-') {
        Some((b, c)) => (b, Some(c.parse::<usize>().ok().filter(|&n| n > 0)?)),
        None => (rest, None),
    };
    let digits = body.len().checked_sub(2)?;
    let (segment, number) = body.split_at_checked(digits)?;
    let ok_id = (2..=3).contains(&segment.len())
        && segment
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let number_ok = number.bytes().all(|b| b.is_ascii_digit());
    let element = number.parse::<usize>().ok().filter(|&n| n > 0)?;
    (ok_id && number_ok).then_some(ElementPath {
        loop_id,
        segment,
        element,
        component,
    })
}

/// The values at `path` in a transaction set without a loop tree.
fn flat_values<'a>(ts: &TransactionSet<'_, 'a>, path: &ElementPath<'_>) -> Vec<&'a [u8]> {
    ts.segments()
        .filter(|s| s.is(path.segment))
        .filter_map(|s| {
            let e = s.element(path.element)?;
            let v = match path.component {
                Some(c) => e.component(c)?,
                None => e.raw(),
            };
            (!v.is_empty()).then_some(v)
        })
        .collect()
}

/// `interop get` on X12: every value at the path, one per line, in document order.
pub(crate) fn get(p: &Parsed, src: &Source, path_str: &str) -> Result<(), Failure> {
    let path = parse_path(path_str).ok_or_else(|| {
        p.usage(format!(
            "invalid X12 path '{path_str}' (expected [LOOP/]SEGNN[-C], e.g. CLM02, \
             2300/CLM02, 2400/SV101-2)"
        ))
    })?;
    let ics = load(src, p.flag("lenient"), false)?;
    let mut out = Output::new();
    let mut found = 0usize;
    for ic in &ics {
        for ts in ic.transaction_sets() {
            let tree: Option<LoopTree<'_, '_>> = ts.loop_tree();
            let values: Vec<&[u8]> = match (&tree, path.loop_id) {
                (Some(t), _) => t
                    .values(path_str)
                    .map_err(|e| src.fail(format!("{path_str}: {e}")))?
                    .collect(),
                (None, Some(_)) => Vec::new(),
                (None, None) => flat_values(&ts, &path),
            };
            for v in values {
                found += 1;
                out.write(v)?;
                out.write(b"\n")?;
            }
        }
    }
    out.finish()?;
    if found == 0 {
        return Err(src.fail(format!("{path_str} not present")));
    }
    Ok(())
}

/// `interop validate` on X12: envelope (SNIP 1), implementation guide (SNIP 2) and balancing
/// (SNIP 3) findings, one per line on standard output; exit code 1 when there are any.
pub(crate) fn validate(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let ics = load(src, p.flag("lenient"), true)?;
    let several = ics.len() > 1;
    let mut out = Output::new();
    let mut problems = 0usize;
    let mut lines = Vec::new();
    for (i, ic) in ics.iter().enumerate() {
        let label = if several {
            format!("interchange {}: ", i + 1)
        } else {
            String::new()
        };
        for w in ic.warnings() {
            lines.push(format!("{label}warning: {:?} (byte {})", w.kind, w.offset));
        }
        for d in ic.diagnostics() {
            problems += 1;
            lines.push(format!("{label}envelope: {d}"));
        }
        let report = x12::validate::validate(ic);
        for g in &report.groups {
            if g.duplicate_control_number {
                problems += 1;
                lines.push(format!(
                    "{label}group {}: duplicate group control number",
                    g.index + 1
                ));
            }
        }
        for s in &report.sets {
            let ts = ic.transaction_set(s.index);
            let (id, ctl) = ts
                .as_ref()
                .map(|t| (text(t.id()), text(t.control_number())))
                .unwrap_or_default();
            let guide = s.guide.map_or("no guide", |g| g.reference());
            let set = format!("{label}set {} ({id} {ctl}, {guide})", s.index + 1);
            if s.duplicate_control_number {
                problems += 1;
                lines.push(format!("{set}: duplicate transaction set control number"));
            }
            for f in &s.findings {
                problems += 1;
                lines.push(format!("{set}: {f}"));
            }
            for b in &s.imbalances {
                problems += 1;
                lines.push(format!("{set}: {b}"));
            }
        }
        let sets = ic.transaction_sets().len();
        lines.push(format!(
            "{label}{}: {}",
            crate::input::count(sets, "transaction set"),
            if report.is_clean()
                && ic.diagnostics().is_empty()
                && report.sets.iter().all(|s| s.imbalances.is_empty())
            {
                "valid".to_string()
            } else {
                "invalid".to_string()
            }
        ));
    }
    for l in &lines {
        out.write(l.as_bytes())?;
        out.write(b"\n")?;
    }
    out.finish()?;
    if problems > 0 {
        return Err(Failure::Exit(1));
    }
    Ok(())
}

/// `interop ack` on X12: a 999 per interchange (with its TA1 right after the ISA with
/// `--ta1`; IK303 names the implementation guide's loops with `--guide-loop-ids`).
pub(crate) fn ack(p: &Parsed, src: &Source) -> Result<(), Failure> {
    for hl7_only in ["code", "text"] {
        if p.value(hl7_only)?.is_some() {
            return Err(p.usage(format!("--{hl7_only} applies to HL7 v2 input only")));
        }
    }
    let now = chrono::Local::now();
    let control = match p.value("control-id")? {
        Some(c) => c
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0 && n <= 999_999_999)
            .ok_or_else(|| {
                p.usage(format!(
                    "for X12, --control-id must be a number from 1 to 999999999, not '{c}'"
                ))
            })?,
        // yyDDDHHMM: nine digits at most, different every minute.
        None => now
            .format("%y%j%H%M")
            .to_string()
            .parse::<u32>()
            .unwrap_or(1),
    };
    let date = now.format("%Y%m%d").to_string();
    let time = now.format("%H%M").to_string();
    let ics = load(src, p.flag("lenient"), true)?;
    let mut out = Output::new();
    for (i, ic) in ics.iter().enumerate() {
        let n = control.saturating_add(u32::try_from(i).unwrap_or(0));
        let mut opts = x12::ack::AckOptions::new(&date, &time, n);
        if p.flag("guide-loop-ids") {
            opts.loop_ids = x12::ack::LoopIds::Guide;
        }
        let fail = |e: x12::Error| src.fail(format!("cannot build the acknowledgment: {e}"));
        let report = x12::validate::validate(ic);
        let mut ack = x12::ack::ack_999(ic, &report, &opts).map_err(fail)?;
        if p.flag("ta1") {
            // The TA1 goes right after the ISA of the acknowledgment interchange.
            ack.ta1.push(x12::ack::ta1_segment(ic, false));
        }
        out.write(&ack.write().map_err(fail)?)?;
    }
    out.finish()
}

/// `interop roundtrip` on X12: every interchange re-emitted through the owned model, which
/// recomputes trailers and counts (valid input comes back byte for byte).
pub(crate) fn roundtrip(p: &Parsed, src: &Source) -> Result<(), Failure> {
    let ics = load(src, p.flag("lenient"), false)?;
    let mut bytes = Vec::with_capacity(src.bytes.len());
    for ic in &ics {
        OwnedInterchange::from(ic)
            .write_to(&mut bytes)
            .map_err(|e| src.fail(format!("cannot write the interchange: {e}")))?;
    }
    crate::commands::write_bytes(p, src, &bytes, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_paths() {
        let ok = |s| parse_path(s).map(|p| (p.loop_id, p.segment, p.element, p.component));
        assert_eq!(ok("CLM02"), Some((None, "CLM", 2, None)));
        assert_eq!(ok("2300/CLM02"), Some((Some("2300"), "CLM", 2, None)));
        assert_eq!(ok("2400/SV101-2"), Some((Some("2400"), "SV1", 1, Some(2))));
        for bad in [
            "", "CLM", "clm02", "/CLM02", "CLM00", "CLM02-0", "ABCD01", "Ü01",
        ] {
            assert!(parse_path(bad).is_none(), "{bad}");
        }
    }
}
