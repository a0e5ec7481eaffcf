#!/usr/bin/env python3
"""Generates dicom-meta's de-identification action tables (PS3.15 Annex E, Table E.1-1:
the Basic Application Level Confidentiality Profile column and the ten option columns).

Input: `dicomfields_2026c.py` of the `dicom-anonymizer` package (PyPI, version 2.1.0,
BSD-3-Clause, KitwareMedical), a machine-readable transcription of Table E.1-1 of the DICOM
2026c edition: one list of tags (or masked repeating-group tags) per Basic Profile action
(D, Z, X, U, Z/D, X/Z, X/D, X/Z/D, X/Z/U*). The file is read as data; nothing else of the
package is used.

Input for the option columns (Retain Safe Private, Retain UIDs, Retain Device Identity,
Retain Institution Identity, Retain Patient Characteristics, Retain Longitudinal Temporal
Information with Full Dates / with Modified Dates, Clean Descriptors, Clean Structured
Content, Clean Graphics): `_public_dicom.py` of the `idiscore` package (PyPI, version 1.2.0,
GPLv3, sjoerdk / Radboudumc), a transcription of Table E.1-1 scraped from the current
edition of PS3.15 on 2024-09-19: one rule list (tag or repeating group, K or C) per option,
named by its CID 7050 code. That file is parsed with `ast` as data only (it is never
imported or executed, and no code of the package is used or copied); only facts of the
standard (tag, option, K/C) reach the generated file. Its edition is older than the Basic
Profile input's; an option entry for a tag the Basic Profile lacks is kept as given.

Output (committed, so a normal build needs neither Python nor the package):
  src/deid/table.rs

Usage (from dicom-meta/):
  /tmp/venv/bin/pip install --no-deps dicom-anonymizer==2.1.0 idiscore==1.2.0
  /tmp/venv/bin/python codegen/gen_deid.py           # rewrite the generated file
  /tmp/venv/bin/python codegen/gen_deid.py --check   # exit 1 if it would change

--check exits 3 (skip) when a package is missing or is not the pinned version.
"""

import ast
import importlib.metadata
import importlib.util
import os
import sys

PACKAGE = "dicom-anonymizer"
VERSION = "2.1.0"
EDITION = "2026c"

try:
    if importlib.metadata.version(PACKAGE) != VERSION:
        print(f"skip: {PACKAGE} is not version {VERSION}")
        sys.exit(3)
    spec = importlib.util.find_spec("dicomanonymizer")
except (importlib.metadata.PackageNotFoundError, ImportError):
    print(f"skip: {PACKAGE} is not installed")
    sys.exit(3)
if spec is None or not spec.submodule_search_locations:
    print(f"skip: {PACKAGE} is not installed")
    sys.exit(3)
SOURCE = os.path.join(
    spec.submodule_search_locations[0],
    "dicom_anonymization_databases",
    f"dicomfields_{EDITION}.py",
)
OPT_PACKAGE = "idiscore"
OPT_VERSION = "1.2.0"
try:
    if importlib.metadata.version(OPT_PACKAGE) != OPT_VERSION:
        print(f"skip: {OPT_PACKAGE} is not version {OPT_VERSION}")
        sys.exit(3)
    opt_spec = importlib.util.find_spec("idiscore")
except (importlib.metadata.PackageNotFoundError, ImportError):
    print(f"skip: {OPT_PACKAGE} is not installed")
    sys.exit(3)
if opt_spec is None or not opt_spec.submodule_search_locations:
    print(f"skip: {OPT_PACKAGE} is not installed")
    sys.exit(3)
OPT_SOURCE = os.path.join(opt_spec.submodule_search_locations[0], "_public_dicom.py")
fields = {}
with open(SOURCE, encoding="utf-8") as f:
    exec(compile(f.read(), SOURCE, "exec"), fields)  # a file of plain lists

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(HERE)
TABLE_RS = os.path.join(CRATE, "src", "deid", "table.rs")

# List name in the source -> Action variant.
LISTS = [
    ("D_TAGS", "Dummy"),
    ("Z_TAGS", "Zero"),
    ("X_TAGS", "Remove"),
    ("U_TAGS", "Uid"),
    ("Z_D_TAGS", "ZeroOrDummy"),
    ("X_Z_TAGS", "RemoveOrZero"),
    ("X_D_TAGS", "RemoveOrDummy"),
    ("X_Z_D_TAGS", "RemoveOrZeroOrDummy"),
    ("X_Z_U_STAR_TAGS", "RemoveOrZeroOrUids"),
]

# Option columns in the order of `DeidOptions`' bits: (CID 7050 code, Rust name, title).
OPTIONS = [
    ("113111", "RETAIN_SAFE_PRIVATE", "Retain Safe Private Option"),
    ("113110", "RETAIN_UIDS", "Retain UIDs Option"),
    ("113109", "RETAIN_DEVICE_IDENTITY", "Retain Device Identity Option"),
    ("113112", "RETAIN_INSTITUTION_IDENTITY", "Retain Institution Identity Option"),
    ("113108", "RETAIN_PATIENT_CHARACTERISTICS", "Retain Patient Characteristics Option"),
    ("113106", "RETAIN_FULL_DATES", "Retain Longitudinal Temporal Information with Full Dates Option"),
    ("113107", "RETAIN_MODIFIED_DATES", "Retain Longitudinal Temporal Information with Modified Dates Option"),
    ("113105", "CLEAN_DESCRIPTORS", "Clean Descriptors Option"),
    ("113104", "CLEAN_STRUCTURED_CONTENT", "Clean Structured Content Option"),
    ("113103", "CLEAN_GRAPHICS", "Clean Graphics Option"),
]
OPT_ACTIONS = {"KEEP": "Keep", "CLEAN": "Clean"}


def option_columns():
    """{code: (exact {tag: action}, masked [(tag, mask, action)], private action or None)}"""
    with open(OPT_SOURCE, encoding="utf-8") as f:
        tree = ast.parse(f.read(), OPT_SOURCE)
    columns = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        kw = {k.arg: k.value for k in node.value.keywords}
        if "code" not in kw or "rules" not in kw:
            continue
        code = ast.literal_eval(kw["code"])
        exact, masked, private = {}, [], None
        for rule in kw["rules"].elts:
            ident, act = rule.elts
            action = OPT_ACTIONS.get(act.attr)
            if action is None:
                if code == "113100":
                    break  # the Basic Profile: from the other input
                raise SystemExit(f"option {code}: unexpected action {act.attr}")
            kind = ident.func.id
            if kind == "SingleTag":
                tag = int(ast.literal_eval(ident.args[0]), 16)
                if exact.get(tag, action) != action:
                    raise SystemExit(f"option {code}: tag {tag:08X} has two actions")
                exact[tag] = action
            elif kind == "RepeatingGroup":
                pattern = ast.literal_eval(ident.args[0]).lower()
                tag = int(pattern.replace("x", "0"), 16)
                mask = int("".join("0" if c == "x" else "f" for c in pattern), 16)
                masked.append((tag, mask, action))
            elif kind == "PrivateTags":
                private = action
            else:
                raise SystemExit(f"option {code}: unexpected identifier {kind}")
        columns[code] = (exact, masked, private)
    return columns


def generate_options():
    columns = option_columns()
    out = [
        "\n",
        f"// Option columns from {OPT_PACKAGE} {OPT_VERSION} (_public_dicom.py: PS3.15 Table E.1-1,\n",
        "// scraped 2024-09-19), in the order of `OPTIONS`.\n",
    ]
    for code, name, title in OPTIONS:
        if code not in columns:
            raise SystemExit(f"option {code} ({title}) missing from {OPT_SOURCE}")
        exact, masked, private = columns[code]
        out.append(f"\n/// {title} (CID 7050 code {code}): tags, ascending.\n")
        out.append(f"static {name}: [(u32, Action); {len(exact)}] = [\n")
        for tag in sorted(exact):
            out.append(f"    (0x{tag:08X}, {exact[tag]}),\n")
        out.append("];\n")
        out.append(f"static {name}_MASKED: [(u32, u32, Action); {len(masked)}] = [\n")
        for tag, mask, action in sorted(masked):
            out.append(f"    (0x{tag:08X}, 0x{mask:08X}, {action}),\n")
        out.append("];\n")
    out.append("\n/// Each option column: (exact tags, repeating groups, action for private tags).\n")
    out.append(f"pub(crate) static OPTIONS: [Column; {len(OPTIONS)}] = [\n")
    for code, name, _ in OPTIONS:
        private = columns[code][2]
        private = f"Some({private})" if private else "None"
        out.append(f"    (&{name}, &{name}_MASKED, {private}),\n")
    out.append("];\n\n")
    out.append("/// One option column of Table E.1-1.\n")
    out.append(
        "pub(crate) type Column = (&'static [(u32, Action)], &'static [(u32, u32, Action)], Option<Action>);\n"
    )
    return "".join(out)


def generate():
    exact, masked = {}, []
    for name, action in LISTS:
        for t in fields[name]:
            if len(t) == 2:
                tag = (t[0] << 16) | t[1]
                if tag in exact and exact[tag] != action:
                    raise SystemExit(f"tag {tag:08X} has two actions")
                exact[tag] = action
            else:
                g, e, gm, em = t
                masked.append(((g << 16) | e, (gm << 16) | em, action))
    out = [
        f"// @generated by dicom-meta/codegen/gen_deid.py from {PACKAGE} {VERSION} "
        f"(dicomfields_{EDITION}.py: PS3.15 {EDITION} Table E.1-1, Basic Profile).\n",
        "// Do not edit by hand: change the generator and run it again.\n\n",
        "use super::Action::{self, *};\n\n",
        "/// Tags with a Basic Profile action, ascending.\n",
        f"pub(crate) static ACTIONS: [(u32, Action); {len(exact)}] = [\n",
    ]
    for tag in sorted(exact):
        out.append(f"    (0x{tag:08X}, {exact[tag]}),\n")
    out.append("];\n\n")
    out.append("/// Repeating-group tags: (tag, mask of the bits that must match, action).\n")
    out.append(f"pub(crate) static MASKED: [(u32, u32, Action); {len(masked)}] = [\n")
    for tag, mask, action in sorted(masked):
        out.append(f"    (0x{tag:08X}, 0x{mask:08X}, {action}),\n")
    out.append("];\n")
    return "".join(out) + generate_options()


def main():
    text = generate()
    if "--check" in sys.argv:
        try:
            with open(TABLE_RS, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = None
        if old != text:
            print(f"{TABLE_RS} is stale")
            sys.exit(1)
        print("up to date")
        return
    with open(TABLE_RS, "w", encoding="utf-8") as f:
        f.write(text)


main()
