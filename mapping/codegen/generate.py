#!/usr/bin/env python3
"""Generates mapping/src/v2/tables.rs from the HL7 v2-to-FHIR IG mapping tables (CSV).

Usage: python3 mapping/codegen/generate.py [SOURCE_DIR] [OUTPUT_FILE]
  SOURCE_DIR  defaults to ../shared/v2-to-fhir relative to the workspace root
  OUTPUT_FILE defaults to mapping/src/v2/tables.rs

What is tabular in the IG becomes Rust data:
  * codesystems/*.csv -> vocabulary maps (v2 code -> FHIR code, display, system);
  * segments/*.csv    -> per segment map, the v2 fields the IG maps to something;
  * datatypes/*.csv   -> per datatype map, the components the IG maps to something;
  * messages/*.csv    -> per message structure, the segment maps it uses;
  * codesystems MessageStructure -> trigger event -> message structure.
Deterministic output: inputs are read in sorted order; no timestamps.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clean(s):
    return " ".join(s.split())


def map_name(filename, prefix):
    # "HL7 Segment - FHIR R4_ PID[Patient] - PID.csv" -> "PID[Patient]"
    m = re.match(re.escape(prefix) + r"\s*(.+?) - [^-]*\.csv$", filename)
    return clean(m.group(1)) if m else None


def const_name(name):
    s = re.sub(r"[^A-Za-z0-9]+", "_", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.strip("_").upper()


def vocab(src):
    out = []
    d = os.path.join(src, "codesystems")
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".csv"):
            continue
        name = map_name(fn, "HL7 Concept Map_")
        if not name:
            continue
        rows = rows_of(os.path.join(d, fn))
        if len(rows) < 2:
            continue
        hdr = [h.strip() for h in rows[1]]
        try:
            narr = hdr.index("Narrative")
        except ValueError:
            continue
        tcode = narr + 1
        disp = next((i for i in range(narr + 1, len(hdr)) if hdr[i] == "Display"), None)
        tsys = next((i for i in range(narr + 1, len(hdr)) if hdr[i] == "Code System"), None)
        vtable = hdr.index("Code System") if "Code System" in hdr else None
        entries = {}
        table = ""
        for r in rows[2:]:
            r = r + [""] * (len(hdr) + 2 - len(r))
            code = r[0].strip()
            target = r[tcode].strip()
            system = r[tsys].strip() if tsys is not None else ""
            if vtable is not None and not table:
                table = r[vtable].strip()
            if not code and target and re.match(r"^[A-Za-z0-9-]+$", target):
                # A value list without v2 codes (e.g. PrimaryLanguage): the code maps to itself.
                code = target
            if not code or not target or " " in target or not system.startswith(("http", "urn:")):
                continue
            if code in entries:
                continue  # the first row of a code wins (later rows carry conditions)
            display = clean(r[disp]) if disp is not None else ""
            entries[code] = (target, display, system)
        out.append((name, table, sorted(entries.items())))
    return out


def field_maps(src, sub, prefix):
    """Returns [(map name, element, [numbers the IG maps])]."""
    out = []
    d = os.path.join(src, sub)
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".csv"):
            continue
        name = map_name(fn, prefix)
        if not name:
            continue
        rows = rows_of(os.path.join(d, fn))
        mapped = set()
        element = name.split("[")[0]
        for r in rows[2:]:
            r = r + [""] * (18 - len(r))
            ident = r[1].strip()
            m = re.match(r"^([A-Z][A-Z0-9]{1,3})[-.](\d+)$", ident)
            if not m:
                continue
            target = r[9].strip() or r[10].strip() or r[14].strip()
            if target and not target.lower().startswith("local implementation"):
                mapped.add(int(m.group(2)))
        out.append((name, element, sorted(mapped)))
    return out


def messages(src):
    out = []
    d = os.path.join(src, "messages")
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".csv"):
            continue
        m = re.match(r"HL7 Message - FHIR R4_ (\w+) - ", fn)
        if not m:
            continue
        structure = m.group(1)
        rows = rows_of(os.path.join(d, fn))
        maps = []
        for r in rows[2:]:
            r = r + [""] * (12 - len(r))
            seg = r[2].strip().strip("[]{} ")
            segmap = clean(r[10])
            if re.match(r"^[A-Z][A-Z0-9]{2}$", seg) and segmap and (seg, segmap) not in maps:
                maps.append((seg, segmap))
        out.append((structure, maps))
    return out


def events(src):
    path = os.path.join(src, "codesystems", "HL7 Concept Map_ MessageStructure - Sheet1.csv")
    out = {}
    for r in rows_of(path)[2:]:
        if len(r) < 2:
            continue
        structure = r[0].strip()
        if not re.match(r"^[A-Z]{3}_[A-Z0-9]{3}$", structure):
            continue
        code = structure[:3]
        for ev in re.findall(r"\b[A-Z][0-9A-Z]{2}\b", r[1]):
            if re.match(r"^[A-Z]\d\d$", ev):
                out.setdefault((code, ev), structure)
    return sorted(out.items())


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared", "v2-to-fhir")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "mapping", "src", "v2", "tables.rs")
    w = []
    p = w.append
    p("// @generated by mapping/codegen/generate.py from the HL7 v2-to-FHIR IG mapping tables")
    p("// (shared/v2-to-fhir: codesystems/, segments/, datatypes/, messages/). Do not edit by hand:")
    p("// change the generator and re-run `python3 mapping/codegen/generate.py`.")
    p("")
    p("//! Tables generated from the v2-to-FHIR IG CSVs.")
    p("")
    p("use super::vocab::{Concept, ConceptMap, ElementMap, MessageMap};")
    p("")
    vs = vocab(src)
    for name, table, entries in vs:
        p(f"/// Concept map `{name}` ({table or 'no v2 table named'}), {len(entries)} codes.")
        p(f"pub(crate) static {const_name(name)}: ConceptMap = ConceptMap {{")
        p(f"    name: {rust_str(name)},")
        p(f"    table: {rust_str(table)},")
        p("    concepts: &[")
        for code, (target, display, system) in entries:
            p(f"        Concept {{ v2: {rust_str(code)}, code: {rust_str(target)}, display: {rust_str(display)}, system: {rust_str(system)} }},")
        p("    ],")
        p("};")
        p("")
    p("/// Every concept map, by name.")
    p("pub(crate) static CONCEPT_MAPS: &[&ConceptMap] = &[")
    for name, _, _ in vs:
        p(f"    &{const_name(name)},")
    p("];")
    p("")
    for label, sub, prefix in (("SEGMENT_MAPS", "segments", "HL7 Segment - FHIR R4_"),
                               ("DATATYPE_MAPS", "datatypes", "HL7 Data Type - FHIR R4_")):
        p(f"/// Every {sub[:-1]} map of the IG with the numbers of the {'fields' if sub == 'segments' else 'components'} it maps.")
        p(f"pub(crate) static {label}: &[ElementMap] = &[")
        for name, element, nums in field_maps(src, sub, prefix):
            p(f"    ElementMap {{ name: {rust_str(name)}, element: {rust_str(element)}, mapped: &{nums} }},")
        p("];")
        p("")
    p("/// Every message map of the IG: structure and the (segment, segment map) pairs it uses.")
    p("pub(crate) static MESSAGE_MAPS: &[MessageMap] = &[")
    for structure, maps in messages(src):
        inner = ", ".join(f"({rust_str(s)}, {rust_str(m)})" for s, m in maps)
        p(f"    MessageMap {{ structure: {rust_str(structure)}, segment_maps: &[{inner}] }},")
    p("];")
    p("")
    p("/// HL7 table 0354: (message code, trigger event) -> message structure, for messages")
    p("/// without MSH-9.3. Sorted for binary search.")
    p("pub(crate) static EVENT_STRUCTURES: &[((&str, &str), &str)] = &[")
    for (code, ev), structure in events(src):
        p(f"    (({rust_str(code)}, {rust_str(ev)}), {rust_str(structure)}),")
    p("];")
    text = "\n".join(w) + "\n"
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
