#!/usr/bin/env python3
"""Checks every golden bundle (mapping/tests/golden/*.json) against the official FHIR R4
JSON schema (fhir.schema.json from the FHIR R4 definitions, in ../shared/fhir-r4/).

`cargo test` checks the same bundles with the Rust checker of fhir/tests/schema_check/ (see
tests/golden.rs); this script is an independent cross-check with Python's jsonschema, run
by hand after UPDATE_GOLDEN=1:

    python3 mapping/tests/schema_check.py [path/to/fhir.schema.json]

Needs the `jsonschema` Python package. Exits 1 on the first invalid bundle.
"""
import glob
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
schema_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared/fhir-r4/fhir.schema.json")
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
validator = jsonschema.Draft6Validator(schema)
files = sorted(glob.glob(os.path.join(HERE, "golden", "*.json")))
bad = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        bad += 1
        print(f"{os.path.basename(path)}: {len(errors)} schema errors")
        for e in errors[:5]:
            print("  at", "/".join(str(p) for p in e.path), "-", e.message[:200])
print(f"{len(files) - bad} passed, {bad} failed")
sys.exit(1 if bad else 0)
