#!/usr/bin/env python3
"""Writes the FHIR R4 JSON benchmark fixtures of this folder (fictional data, written for the
health-interop benchmarks; deterministic: the same run gives the same bytes).

- patient.json: one rich Patient (names, identifiers, telecom, addresses, complex and primitive
  extensions such as `_birthDate`, contact, communication, narrative).
- transaction-100.json: a transaction Bundle of 100 entries (Patient, Encounter, Observation and
  Condition in turn), each with a `urn:uuid:` fullUrl, a request (POST, or a conditional PUT for
  some Patients) and references between entries by their `urn:uuid:` fullUrls.
- searchset-1mb.json: a searchset Bundle of about 1 MiB: Observations (mode `match`, vital signs
  with components, laboratory results with reference ranges) and the Patients they refer to
  (mode `include`), with paging links.

The JSON written here is then rewritten in the fhir crate's canonical compact form, and the XML
forms are written from it, by the `fhir_fixtures` example of `interop-benches`:

    python3 benches/data/fhir/gen.py
    cargo run -p interop-benches --example fhir_fixtures

Run both from the repository root.
"""

import json
import os
import random
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
UUID_NS = uuid.UUID("6f1c7a52-3e0b-4d59-9f43-2b1f4c8a9d10")
BASE = "https://fhir.example.org/r4"

FAMILIES = ["Okafor", "Lindqvist", "Haddad", "Nakamura", "Moreau", "Kowalski", "Achterberg",
            "Esposito", "Delacroix", "Brennan", "Oyelaran", "Vasquez", "Thorsen", "Iyer",
            "Castellanos", "Nguyen", "Abernathy", "Fitzgerald", "Halvorsen", "Mbeki"]
GIVEN_F = ["Amara", "Ingrid", "Leila", "Yuki", "Camille", "Zofia", "Noor", "Giulia", "Maeve",
           "Adaeze", "Lucía", "Freja", "Priya"]
GIVEN_M = ["Chidi", "Magnus", "Karim", "Haruto", "Étienne", "Tomasz", "Luca", "Declan",
           "Oluwaseun", "Mateo", "Anders", "Rohan"]
STREETS = ["Harbor View Rd", "Linden Ave", "Old Mill Lane", "Prairie Ridge Dr", "Elm St",
           "Cedar Crest Blvd", "Juniper Way", "Quarry Hill Rd"]
CITIES = [("Northwind", "MN", "55401"), ("Prairie Falls", "IA", "50010"),
          ("Lakeshore", "WI", "53703"), ("Cedar Bluff", "NE", "68502")]

# (LOINC code, display, unit, UCUM code, low, high, decimals)
LABS = [
    ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 70, 99, 0),
    ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "g/dL", 12.0, 17.5, 1),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL", 0.6, 1.3, 2),
    ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 135, 145, 0),
    ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 3.5, 5.1, 1),
    ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", "10*3/uL",
     4.5, 11.0, 1),
    ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", "10*3/uL",
     150, 400, 0),
    ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "%", 4.0, 5.6, 1),
]
# (LOINC code, display, unit, UCUM code, low, high, decimals)
VITALS = [
    ("8867-4", "Heart rate", "beats/minute", "/min", 55, 110, 0),
    ("8310-5", "Body temperature", "Cel", "Cel", 36.1, 38.4, 1),
    ("9279-1", "Respiratory rate", "breaths/minute", "/min", 12, 22, 0),
    ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%", 92, 100, 0),
    ("29463-7", "Body weight", "kg", "kg", 48.0, 118.0, 1),
]
CONDITIONS = [
    ("44054006", "Diabetes mellitus type 2"),
    ("38341003", "Hypertensive disorder, systemic arterial"),
    ("195967001", "Asthma"),
    ("13645005", "Chronic obstructive lung disease"),
    ("35489007", "Depressive disorder"),
    ("414916001", "Obesity"),
]

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERP = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.7418.1"
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"


def urn(name):
    """A deterministic urn:uuid for a bundle entry."""
    return "urn:uuid:" + str(uuid.uuid5(UUID_NS, name))


def div(*paragraphs):
    """A narrative div (XHTML, escaped by the caller where needed)."""
    body = "".join("<p>" + p + "</p>" for p in paragraphs)
    return '<div xmlns="http://www.w3.org/1999/xhtml">' + body + "</div>"


def fmt(value, decimals):
    """A decimal with a fixed number of decimals, as a JSON number."""
    if decimals == 0:
        return int(round(value))
    # json.dumps writes floats with repr: round trips exactly, e.g. 1.2 -> 1.2.
    return round(value, decimals)


def rich_patient():
    """The single-resource fixture: one Patient using most of the resource."""
    return {
        "resourceType": "Patient",
        "id": "pat-okafor-0001",
        "meta": {
            "versionId": "7",
            "lastUpdated": "2026-10-14T09:26:41.873+02:00",
            "profile": [US_CORE + "us-core-patient"],
            "security": [{
                "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
                "code": "N",
                "display": "normal",
            }],
            "tag": [{"system": "https://fhir.example.org/tags", "code": "benchmark-fixture"}],
        },
        "text": {
            "status": "generated",
            "div": div(
                "<b>Amara Chinwe Okafor</b> (&quot;Ama&quot;), female, born 25 Dec 1974",
                "MRN 000482913 &#x2014; Northwind General Hospital",
                "<span>Lives at 1428 Harbor View Rd, Apt 3B, Northwind MN 55401</span>",
            ),
        },
        "extension": [
            {
                "url": US_CORE + "us-core-race",
                "extension": [
                    {"url": "ombCategory", "valueCoding": {
                        "system": "urn:oid:2.16.840.1.113883.6.238",
                        "code": "2054-5", "display": "Black or African American"}},
                    {"url": "detailed", "valueCoding": {
                        "system": "urn:oid:2.16.840.1.113883.6.238",
                        "code": "2060-2", "display": "African"}},
                    {"url": "text", "valueString": "Black or African American"},
                ],
            },
            {
                "url": US_CORE + "us-core-ethnicity",
                "extension": [
                    {"url": "ombCategory", "valueCoding": {
                        "system": "urn:oid:2.16.840.1.113883.6.238",
                        "code": "2186-5", "display": "Not Hispanic or Latino"}},
                    {"url": "text", "valueString": "Not Hispanic or Latino"},
                ],
            },
            {"url": US_CORE + "us-core-birthsex", "valueCode": "F"},
            {
                "url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
                "valueAddress": {"city": "Enugu", "country": "NG"},
            },
            {
                "url": "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName",
                "valueString": "Eze",
            },
        ],
        "identifier": [
            {
                "use": "usual",
                "type": {"coding": [{"system": V2_0203, "code": "MR",
                                     "display": "Medical record number"}],
                         "text": "MRN"},
                "system": MRN_SYSTEM,
                "value": "000482913",
                "period": {"start": "2003-04-17"},
                "assigner": {"reference": "Organization/org-northwind",
                             "display": "Northwind General Hospital"},
            },
            {
                "use": "official",
                "type": {"coding": [{"system": V2_0203, "code": "SS",
                                     "display": "Social Security number"}]},
                "system": "http://hl7.org/fhir/sid/us-ssn",
                "value": "900-55-0123",
            },
            {
                "use": "secondary",
                "type": {"coding": [{"system": V2_0203, "code": "DL",
                                     "display": "Driver's license number"}]},
                "system": "urn:oid:2.16.840.1.113883.4.3.27",
                "value": "S553-1207-6645",
                "period": {"start": "2019-06-01", "end": "2027-12-25"},
            },
        ],
        "active": True,
        "name": [
            {"use": "official", "text": "Amara Chinwe Okafor", "family": "Okafor",
             "given": ["Amara", "Chinwe"], "prefix": ["Dr."],
             "period": {"start": "2001-09-08"}},
            {"use": "usual", "given": ["Ama"]},
            {"use": "maiden", "family": "Nwosu", "given": ["Amara", "Chinwe"],
             "period": {"end": "2001-09-08"}},
        ],
        "telecom": [
            {"system": "phone", "value": "+1 612 555 0142", "use": "mobile", "rank": 1},
            {"system": "phone", "value": "+1 612 555 0177", "use": "home",
             "period": {"start": "2014-02-01"}},
            {"system": "email", "value": "amara.okafor@example.org", "use": "home"},
            {"system": "phone", "value": "+1 612 555 0190", "use": "work",
             "period": {"start": "2009-05-01", "end": "2021-03-31"}},
        ],
        "gender": "female",
        "birthDate": "1974-12-25",
        "_birthDate": {
            "id": "birth-date",
            "extension": [{
                "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                "valueDateTime": "1974-12-25T14:35:45-05:00",
            }],
        },
        "deceasedBoolean": False,
        "address": [
            {
                "use": "home", "type": "both",
                "text": "1428 Harbor View Rd, Apt 3B, Northwind, MN 55401",
                "line": ["1428 Harbor View Rd", "Apt 3B"],
                "city": "Northwind", "district": "Hennepin", "state": "MN",
                "postalCode": "55401", "country": "US",
                "period": {"start": "2014-02-01"},
            },
            {
                "use": "old", "type": "postal",
                "line": ["PO Box 2231"],
                "city": "Lakeshore", "state": "WI", "postalCode": "53703", "country": "US",
                "period": {"start": "2001-09-08", "end": "2014-01-31"},
            },
        ],
        "maritalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
                        "code": "M", "display": "Married"}],
            "text": "Married",
        },
        "multipleBirthInteger": 1,
        "contact": [
            {
                "relationship": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                    "code": "N", "display": "Next-of-Kin"}]}],
                "name": {"use": "usual", "family": "Okafor", "given": ["Chidi"]},
                "telecom": [{"system": "phone", "value": "+1 612 555 0143",
                             "use": "mobile"}],
                "address": {"use": "home", "line": ["1428 Harbor View Rd", "Apt 3B"],
                            "city": "Northwind", "state": "MN", "postalCode": "55401",
                            "country": "US"},
                "gender": "male",
                "period": {"start": "2001-09-08"},
            },
            {
                "relationship": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                    "code": "E", "display": "Employer"}]}],
                "organization": {"reference": "Organization/org-lakeshore-logistics",
                                 "display": "Lakeshore Logistics"},
            },
        ],
        "communication": [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en-US",
                                      "display": "English (United States)"}],
                          "text": "English"},
             "preferred": True},
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "ig",
                                      "display": "Igbo"}]}},
        ],
        "generalPractitioner": [{"reference": "Practitioner/prac-lindqvist",
                                 "display": "Dr. Ingrid Lindqvist"}],
        "managingOrganization": {"reference": "Organization/org-northwind",
                                 "display": "Northwind General Hospital"},
        "link": [{"other": {"reference": "Patient/pat-okafor-legacy-17"},
                  "type": "replaces"}],
    }


def person(rng, n):
    """Name, gender, birth date and address of the nth fictional person."""
    female = rng.random() < 0.5
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    family = FAMILIES[(n * 7 + rng.randrange(len(FAMILIES))) % len(FAMILIES)]
    year = rng.randrange(1931, 2022)
    birth = "%04d-%02d-%02d" % (year, rng.randrange(1, 13), rng.randrange(1, 29))
    city, state, zipcode = rng.choice(CITIES)
    street = "%d %s" % (rng.randrange(10, 9999), rng.choice(STREETS))
    return female, given, family, birth, (street, city, state, zipcode)


def small_patient(rng, n, pid=None):
    """A typical Patient as a server holds it."""
    female, given, family, birth, (street, city, state, zipcode) = person(rng, n)
    mrn = "%09d" % (100000 + n * 37)
    p = {"resourceType": "Patient"}
    if pid:
        p["id"] = pid
        p["meta"] = {"versionId": str(1 + n % 4),
                     "lastUpdated": "2026-11-%02dT%02d:%02d:%02d.%03dZ" % (
                         1 + n % 28, n % 24, n % 60, (n * 7) % 60, (n * 37) % 1000)}
    p["text"] = {"status": "generated",
                 "div": div("%s %s, %s, born %s, MRN %s" % (
                     given, family, "female" if female else "male", birth, mrn))}
    p["extension"] = [{"url": US_CORE + "us-core-birthsex", "valueCode": "F" if female else "M"}]
    p["identifier"] = [{
        "use": "usual",
        "type": {"coding": [{"system": V2_0203, "code": "MR"}]},
        "system": MRN_SYSTEM,
        "value": mrn,
    }]
    p["active"] = True
    p["name"] = [{"use": "official", "family": family,
                  "given": [given] + ([rng.choice(GIVEN_F if female else GIVEN_M)]
                                      if n % 3 == 0 else [])}]
    p["telecom"] = [{"system": "phone", "value": "+1 555 01%02d %04d" % (n % 100, n * 13 % 10000),
                     "use": "home" if n % 2 else "mobile"}]
    p["gender"] = "female" if female else "male"
    p["birthDate"] = birth
    p["address"] = [{"use": "home", "line": [street], "city": city, "state": state,
                     "postalCode": zipcode, "country": "US"}]
    p["managingOrganization"] = {"reference": "Organization/org-northwind"}
    return p


def encounter(rng, n, patient_ref, when, eid=None):
    """An ambulatory or inpatient Encounter."""
    inpatient = n % 4 == 0
    e = {"resourceType": "Encounter"}
    if eid:
        e["id"] = eid
    e["identifier"] = [{"system": "urn:oid:2.16.840.1.113883.3.7418.2",
                        "value": "V%08d" % (500000 + n)}]
    e["status"] = "finished"
    e["class"] = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": "IMP" if inpatient else "AMB",
                  "display": "inpatient encounter" if inpatient else "ambulatory"}
    e["type"] = [{"coding": [{"system": SNOMED,
                              "code": "183452005" if inpatient else "185349003",
                              "display": "Emergency hospital admission" if inpatient
                              else "Encounter for check up"}]}]
    e["subject"] = {"reference": patient_ref}
    e["participant"] = [{
        "type": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
            "code": "ATND", "display": "attender"}]}],
        "individual": {"reference": "Practitioner/prac-lindqvist",
                       "display": "Dr. Ingrid Lindqvist"},
    }]
    e["period"] = {"start": when + ":00-05:00",
                   "end": when[:11] + "%02d:45:00-05:00" % (int(when[11:13]) + 1)}
    if inpatient:
        e["hospitalization"] = {"dischargeDisposition": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/discharge-disposition",
            "code": "home", "display": "Home"}]}}
    e["serviceProvider"] = {"reference": "Organization/org-northwind"}
    return e


def observation(rng, n, patient_ref, encounter_ref, when, oid=None, narrative=False):
    """A vital sign (blood pressure with components every fifth) or a laboratory result."""
    o = {"resourceType": "Observation"}
    if oid:
        o["id"] = oid
        o["meta"] = {"versionId": "1",
                     "lastUpdated": when + ":%02d.%03d-05:00" % (n % 60, (n * 53) % 1000)}
    kind = n % 5
    if kind == 0:
        sys_v, dia_v = rng.randrange(98, 172), rng.randrange(58, 104)
        if narrative:
            o["text"] = {"status": "generated",
                         "div": div("Blood pressure %d/%d mmHg, %s" % (sys_v, dia_v, when))}
        o["status"] = "final"
        o["category"] = [{"coding": [{"system": OBS_CATEGORY, "code": "vital-signs",
                                      "display": "Vital Signs"}]}]
        o["code"] = {"coding": [{"system": LOINC, "code": "85354-9",
                                 "display": "Blood pressure panel with all children optional"}],
                     "text": "Blood pressure"}
        o["subject"] = {"reference": patient_ref}
        if encounter_ref:
            o["encounter"] = {"reference": encounter_ref}
        o["effectiveDateTime"] = when + ":00-05:00"
        o["component"] = [
            {"code": {"coding": [{"system": LOINC, "code": "8480-6",
                                  "display": "Systolic blood pressure"}]},
             "valueQuantity": {"value": sys_v, "unit": "mmHg", "system": UCUM,
                               "code": "mm[Hg]"},
             "interpretation": [{"coding": [{"system": INTERP,
                                             "code": "H" if sys_v > 139 else "N"}]}]},
            {"code": {"coding": [{"system": LOINC, "code": "8462-4",
                                  "display": "Diastolic blood pressure"}]},
             "valueQuantity": {"value": dia_v, "unit": "mmHg", "system": UCUM,
                               "code": "mm[Hg]"}},
        ]
        return o
    lab = kind >= 3
    code, display, unit, ucum, low, high, dec = rng.choice(LABS if lab else VITALS)
    span = high - low
    value = fmt(low - span * 0.15 + rng.random() * span * 1.3, dec)
    if narrative:
        o["text"] = {"status": "generated",
                     "div": div("%s: <b>%s %s</b>" % (display, value, unit))}
    o["status"] = "final"
    o["category"] = [{"coding": [{"system": OBS_CATEGORY,
                                  "code": "laboratory" if lab else "vital-signs",
                                  "display": "Laboratory" if lab else "Vital Signs"}]}]
    o["code"] = {"coding": [{"system": LOINC, "code": code, "display": display}],
                 "text": display}
    o["subject"] = {"reference": patient_ref}
    if encounter_ref:
        o["encounter"] = {"reference": encounter_ref}
    o["effectiveDateTime"] = when + ":00-05:00"
    if lab:
        o["issued"] = when[:11] + "%02d:%02d:17.482-05:00" % (
            min(int(when[11:13]) + 2, 23), n % 60)
        o["performer"] = [{"reference": "Organization/org-northwind-lab",
                           "display": "Northwind General Laboratory"}]
    o["valueQuantity"] = {"value": value, "unit": unit, "system": UCUM, "code": ucum}
    if lab:
        flag = "L" if value < low else "H" if value > high else "N"
        o["interpretation"] = [{"coding": [{"system": INTERP, "code": flag}]}]
        o["referenceRange"] = [{
            "low": {"value": fmt(low, dec), "unit": unit, "system": UCUM, "code": ucum},
            "high": {"value": fmt(high, dec), "unit": unit, "system": UCUM, "code": ucum},
        }]
    return o


def condition(rng, n, patient_ref, encounter_ref, when):
    """A problem-list Condition."""
    code, display = CONDITIONS[n % len(CONDITIONS)]
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active"}]},
        "verificationStatus": {"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": "confirmed"}]},
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-category",
            "code": "problem-list-item", "display": "Problem List Item"}]}],
        "code": {"coding": [{"system": SNOMED, "code": code, "display": display}],
                 "text": display},
        "subject": {"reference": patient_ref},
        "encounter": {"reference": encounter_ref},
        "onsetDateTime": "%04d-%02d-%02d" % (rng.randrange(1995, 2026), rng.randrange(1, 13),
                                            rng.randrange(1, 29)),
        "recordedDate": when + ":00-05:00",
        "note": [{"text": "Reviewed with patient at visit %d; plan unchanged." % n}],
    }


def when_of(rng, day):
    """A local date and time (minutes precision) on a day of November 2026."""
    return "2026-11-%02dT%02d:%02d" % (day, rng.randrange(7, 21), rng.randrange(0, 60))


def transaction(rng):
    """100 entries: Patient, Encounter, Observation, Condition, 25 times."""
    entries = []
    for n in range(25):
        pat_url, enc_url = urn("tx-patient-%d" % n), urn("tx-encounter-%d" % n)
        when = when_of(rng, 1 + n % 28)
        patient = small_patient(rng, n)
        mrn = patient["identifier"][0]["value"]
        if n % 5 == 4:
            request = {"method": "PUT",
                       "url": "Patient?identifier=%s|%s" % (MRN_SYSTEM, mrn)}
        else:
            request = {"method": "POST", "url": "Patient",
                       "ifNoneExist": "identifier=%s|%s" % (MRN_SYSTEM, mrn)}
        entries.append({"fullUrl": pat_url, "resource": patient, "request": request})
        entries.append({"fullUrl": enc_url,
                        "resource": encounter(rng, n, pat_url, when),
                        "request": {"method": "POST", "url": "Encounter"}})
        entries.append({"fullUrl": urn("tx-observation-%d" % n),
                        "resource": observation(rng, n, pat_url, enc_url, when),
                        "request": {"method": "POST", "url": "Observation"}})
        entries.append({"fullUrl": urn("tx-condition-%d" % n),
                        "resource": condition(rng, n, pat_url, enc_url, when),
                        "request": {"method": "POST", "url": "Condition"}})
    return {
        "resourceType": "Bundle",
        "id": "tx-100",
        "meta": {"lastUpdated": "2026-11-24T08:30:00.000-05:00"},
        "identifier": {"system": "urn:oid:2.16.840.1.113883.3.7418.9",
                       "value": "batch-2026-11-24-0001"},
        "type": "transaction",
        "timestamp": "2026-11-24T08:30:00.000-05:00",
        "entry": entries,
    }


def searchset(rng, target):
    """Observations of a few hundred patients (match) and those patients (include), about
    `target` bytes of compact JSON."""
    entries, size, n = [], 0, 0
    while size < target:
        patient_id = "pat-%05d" % (n // 6)
        patient_ref = "Patient/" + patient_id
        when = when_of(rng, 1 + n % 28)
        enc_ref = "Encounter/enc-%06d" % (n // 3) if n % 2 == 0 else None
        obs_id = "obs-%06d" % n
        obs = observation(rng, n, patient_ref, enc_ref, when, oid=obs_id, narrative=n % 3 == 0)
        entry = {"fullUrl": BASE + "/Observation/" + obs_id, "resource": obs,
                 "search": {"mode": "match", "score": 1}}
        entries.append(entry)
        size += len(json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode())
        if n % 6 == 5:
            patient = small_patient(rng, n // 6, pid=patient_id)
            entry = {"fullUrl": BASE + "/" + patient_ref, "resource": patient,
                     "search": {"mode": "include"}}
            entries.append(entry)
            size += len(json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode())
        n += 1
    matches = sum(1 for e in entries if e["search"]["mode"] == "match")
    query = BASE + "/Observation?date=ge2026-11-01&_include=Observation:subject&_count=%d" % matches
    return {
        "resourceType": "Bundle",
        "id": "search-0c5e2d8a",
        "meta": {"lastUpdated": "2026-11-24T08:31:12.604-05:00"},
        "type": "searchset",
        "total": matches * 4,
        "link": [
            {"relation": "self", "url": query},
            {"relation": "next", "url": query + "&_offset=%d" % matches},
            {"relation": "last", "url": query + "&_offset=%d" % (matches * 3)},
        ],
        "entry": entries,
    }


def write(name, doc):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def main():
    write("patient.json", rich_patient())
    write("transaction-100.json", transaction(random.Random(4100)))
    write("searchset-1mb.json", searchset(random.Random(1001), 1024 * 1024))


if __name__ == "__main__":
    main()
