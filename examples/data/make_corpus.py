#!/usr/bin/env python3
"""Regenerates the HL7 v2 sample corpus in this directory.

Run from anywhere:  python3 examples/data/make_corpus.py

Every `<name>.hl7` is written byte-exactly (open(..., 'wb')); segments end in CR (0x0D)
unless the file is an explicit LF/CRLF variant.  Next to it, `<name>.expect` lists facts
that integration tests assert (format described in README.md).

All patient data is fictional.  Counts (segments, fields, occurrences) are computed by the
small independent splitter below, and every hand-written raw/text/absent/null/empty fact is
checked against that splitter and an independent escape decoder before anything is
written, so a wrong fact aborts generation instead of landing in the corpus.
"""

import base64
import random
import re
import sys
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent

# name -> entry dict; insertion order is README order.
ENTRIES = {}


class CorpusError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Building messages
# ---------------------------------------------------------------------------------------


def join(segments, term="\r", encoding="utf-8", final=True):
    """Joins segment strings with `term` (and a final `term` when `final`) and encodes."""
    text = term.join(segments) + (term if final else "")
    return text.encode(encoding)


# ---------------------------------------------------------------------------------------
# Independent splitter (deliberately naive: split on bytes, nothing clever)
# ---------------------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"
PAD = b"\x00 \t\r\n\x1a"


def split_segments(data, mode):
    """Returns the list of non-empty segments (bytes) of a single message."""
    if mode == "strict":
        if data.startswith(BOM):
            raise CorpusError("strict data has a BOM")
        if b"\n" in data:
            raise CorpusError("strict data contains LF (would be data, not a terminator)")
        parts = data.split(b"\r")
        if parts and parts[-1] == b"":
            parts.pop()  # final terminator
        if any(p == b"" for p in parts):
            raise CorpusError("strict data has an empty segment")
        return parts
    if mode == "lenient":
        if data.startswith(BOM):
            data = data[len(BOM):]
        data = data.strip(PAD)
        parts = re.split(rb"\r\n|\r|\n", data)
        return [p for p in parts if p != b""]
    raise CorpusError("unknown mode " + mode)


class Delims:
    def __init__(self, header):
        if header[:3] not in (b"MSH", b"FHS", b"BHS"):
            raise CorpusError("first segment is not a header: %r" % header[:10])
        self.field = header[3:4]
        end = header.find(self.field, 4)
        enc = header[4:] if end < 0 else header[4:end]
        if not 4 <= len(enc) <= 5 or len(set(enc)) != len(enc):
            raise CorpusError("bad encoding characters %r" % enc)
        self.enc = enc
        self.comp = enc[0:1]
        self.rep = enc[1:2]
        self.esc = enc[2:3]
        self.sub = enc[3:4]
        self.trunc = enc[4:5]


def seg_id(seg, d):
    return seg.split(d.field, 1)[0]


def fields_of(seg, d):
    """Returns {n: raw} (HL7 numbering) and the field count."""
    parts = seg.split(d.field)
    out = {}
    if parts[0] in (b"MSH", b"FHS", b"BHS"):
        out[1] = d.field
        for i in range(1, len(parts)):
            out[i + 1] = parts[i]
        return out, len(parts)
    for i in range(1, len(parts)):
        out[i] = parts[i]
    return out, len(parts) - 1


PATH_RE = re.compile(
    r"^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$"
)


def lookup(segs, d, path):
    """Raw bytes at `path`, or None when absent."""
    m = PATH_RE.match(path)
    if not m:
        raise CorpusError("bad path " + path)
    sid, occ, fno, rep, comp, sub = m.groups()
    occ = int(occ or 1)
    fno = int(fno)
    found = [s for s in segs if seg_id(s, d) == sid.encode()]
    if len(found) < occ:
        return None
    fields, _ = fields_of(found[occ - 1], d)
    if fno not in fields:
        return None
    raw = fields[fno]
    if sid in ("MSH", "FHS", "BHS") and fno in (1, 2):
        if rep or comp:
            raise CorpusError("no sub-paths of MSH-1/MSH-2: " + path)
        return raw
    if rep is None and comp is None:
        return raw
    reps = raw.split(d.rep)
    r = int(rep or 1)
    if r > len(reps):
        return None
    raw = reps[r - 1]
    if comp is None:
        return raw
    comps = raw.split(d.comp)
    c = int(comp)
    if c > len(comps):
        return None
    raw = comps[c - 1]
    if sub is None:
        return raw
    subs = raw.split(d.sub)
    s = int(sub)
    if s > len(subs):
        return None
    return subs[s - 1]


# ---------------------------------------------------------------------------------------
# Independent escape decoder + charset decoding (the rules of README.md)
# ---------------------------------------------------------------------------------------

CHARSETS = {
    b"": "utf-8",
    b"ASCII": "ascii",
    b"8859/1": "latin-1",
    b"UNICODE UTF-8": "utf-8",
}


def _count(arg, default=1):
    arg = arg.strip()
    if arg == b"":
        return default
    if not arg.isdigit():
        raise CorpusError("bad count %r" % arg)
    return int(arg)


def unescape(raw, d):
    esc = d.esc
    out = bytearray()
    i = 0
    while i < len(raw):
        b = raw[i:i + 1]
        if b != esc:
            out += b
            i += 1
            continue
        j = raw.find(esc, i + 1)
        if j < 0:
            raise CorpusError("unterminated escape in %r" % raw)
        body = raw[i + 1:j]
        i = j + 1
        simple = {b"F": d.field, b"S": d.comp, b"T": d.sub, b"R": d.rep, b"E": d.esc}
        if body in simple:
            out += simple[body]
        elif body[:1] == b"X":
            out += bytes.fromhex(body[1:].decode())
        elif body[:1] == b"C" and len(body) == 5:
            out += b"\x1b" + bytes.fromhex(body[1:].decode())
        elif body[:1] == b"M" and len(body) in (5, 7):
            out += b"\x1b" + bytes.fromhex(body[1:].decode())
        elif body in (b"H", b"N", b".ce", b".fi", b".nf"):
            pass
        elif body == b".br":
            out += b"\n"
        elif body[:3] == b".sp":
            out += b"\n" * _count(body[3:])
        elif body[:3] == b".sk":
            out += b" " * _count(body[3:])
        elif body[:3] in (b".in", b".ti"):
            arg = body[3:].strip().lstrip(b"+-")
            if arg and not arg.isdigit():
                raise CorpusError("bad indent %r" % body)
        else:
            raise CorpusError("unknown escape %r" % body)
    return bytes(out)


def charset_of(segs, d):
    fields, _ = fields_of(segs[0], d)
    name = fields.get(18, b"").split(d.rep)[0]
    return name


# ---------------------------------------------------------------------------------------
# Facts and expect files
# ---------------------------------------------------------------------------------------


def expect_value(s, what):
    """Encodes a value for an .expect line: `\\` → `\\\\`, newline → `\\n`."""
    if s != s.strip(" \t"):
        raise CorpusError("%s value has leading/trailing blanks: %r" % (what, s))
    if s == "":
        raise CorpusError("%s value is empty (use `empty:`)" % what)
    for ch in s:
        if ord(ch) < 0x20 and ch not in "\n\x1b":
            raise CorpusError("%s value has control char %r" % (what, ch))
    return s.replace("\\", "\\\\").replace("\n", "\\n")


def check_fact(segs, d, charset, fact):
    kind, path = fact[0], fact[1]
    raw = lookup(segs, d, path)
    if kind == "absent":
        if raw is not None:
            raise CorpusError("%s is not absent: %r" % (path, raw))
        return "absent: " + path
    if raw is None:
        raise CorpusError("%s is absent" % path)
    if kind == "null":
        if raw != b'""':
            raise CorpusError("%s is not null: %r" % (path, raw))
        return "null: " + path
    if kind == "empty":
        if raw != b"":
            raise CorpusError("%s is not empty: %r" % (path, raw))
        return "empty: " + path
    want = fact[2]
    if kind == "raw":
        if charset not in (b"", b"ASCII", b"UNICODE UTF-8", b"ISO IR87"):
            raise CorpusError("raw facts only for UTF-8/ASCII files")
        if "\\" in want or "\n" in want:
            raise CorpusError("raw values in this corpus never contain \\ or newline")
        got = raw.decode("utf-8")
        if got != want:
            raise CorpusError("raw %s: have %r, fact says %r" % (path, got, want))
        return "raw: %s = %s" % (path, expect_value(want, "raw"))
    if kind == "text":
        for sep in (d.field, d.comp, d.rep, d.sub):
            if sep in raw:
                raise CorpusError("text fact on a non-leaf value " + path)
        if charset not in CHARSETS:
            raise CorpusError("no text facts for charset %r" % charset)
        got = unescape(raw, d).decode(CHARSETS[charset])
        if got != want:
            raise CorpusError("text %s: have %r, fact says %r" % (path, got, want))
        return "text: %s = %s" % (path, expect_value(want, "text"))
    raise CorpusError("unknown fact kind " + kind)


def add(name, data, desc, *, mode="strict", ok=True, facts=(), fields=(), counts=(),
        ids=True, error_offset=None, notes=()):
    """Registers one single-message file and computes/checks its facts."""
    if name in ENTRIES:
        raise CorpusError("duplicate " + name)
    lines = ["# %s.hl7 - %s" % (name, desc)]
    lines += ["# " + n for n in notes]
    lines.append("mode: " + mode)
    lines.append("ok: " + ("true" if ok else "false"))
    nfacts = 0
    if not ok:
        if error_offset is not None:
            lines.append("error_offset: %d" % error_offset)
        if facts or fields or counts:
            raise CorpusError("facts on a failing file")
    else:
        segs = split_segments(data, mode)
        d = Delims(segs[0])
        charset = charset_of(segs, d)
        lines.append("segments: %d" % len(segs))
        if ids:
            lines.append("segment_ids: " + " ".join(seg_id(s, d).decode() for s in segs))
        for sid in fields:
            seg = next((s for s in segs if seg_id(s, d) == sid.encode()), None)
            if seg is None:
                raise CorpusError("fields: no %s segment" % sid)
            lines.append("fields: %s %d" % (sid, fields_of(seg, d)[1]))
        for sid in counts:
            n = sum(1 for s in segs if seg_id(s, d) == sid.encode())
            lines.append("count: %s %d" % (sid, n))
        for f in facts:
            try:
                lines.append(check_fact(segs, d, charset, f))
            except CorpusError:
                sid = f[1][:3].encode()
                for sg in segs:
                    if seg_id(sg, d) == sid:
                        fl, _ = fields_of(sg, d)
                        print({k: v for k, v in fl.items() if v}, file=sys.stderr)
                raise
        nfacts = len(fields) + len(counts) + len(facts) + 1 + bool(ids)
    ENTRIES[name] = {"data": data, "expect": "\n".join(lines) + "\n", "desc": desc,
                     "nfacts": nfacts}


def add_batch(name, data, desc, *, messages, batch_ok, notes=()):
    """Registers a batch file; message and trailer counts come from the splitter."""
    segs = split_segments(data, "strict")
    d = Delims(segs[0])
    batches = []  # message counts per BHS group
    stated_bts = []
    stated_fts = None
    cur = None
    total = 0
    for s in segs:
        sid = seg_id(s, d)
        if sid == b"BHS":
            cur = 0
        elif sid == b"MSH":
            total += 1
            if cur is not None:
                cur += 1
        elif sid == b"BTS":
            batches.append(cur)
            stated_bts.append(int(fields_of(s, d)[0][1]))
            cur = None
        elif sid == b"FTS":
            stated_fts = int(fields_of(s, d)[0][1])
    counts_ok = stated_bts == batches and (stated_fts is None or stated_fts == len(batches))
    if total != messages:
        raise CorpusError("%s: %d messages, said %d" % (name, total, messages))
    if counts_ok != batch_ok:
        raise CorpusError("%s: counts_ok=%s (BTS %s vs %s, FTS %s)" % (
            name, counts_ok, stated_bts, batches, stated_fts))
    lines = ["# %s.hl7 - %s" % (name, desc)]
    lines += ["# " + n for n in notes]
    lines.append("mode: strict")
    if batch_ok:
        lines.append("batch_messages: %d" % messages)
    else:
        lines.append("# the file holds %d messages, but the trailer count is wrong" % messages)
    lines.append("batch_ok: " + ("true" if batch_ok else "false"))
    ENTRIES[name] = {"data": data, "expect": "\n".join(lines) + "\n", "desc": desc,
                     "nfacts": 2}


def main():
    for name, e in ENTRIES.items():
        (OUT / (name + ".hl7")).open("wb").write(e["data"])
        (OUT / (name + ".expect")).open("wb").write(e["expect"].encode("utf-8"))
    readme = [
        "# HL7 v2 sample corpus",
        "",
        "Generated by `make_corpus.py` (run `python3 examples/data/make_corpus.py`); do not",
        "edit the `.hl7`/`.expect` files by hand. All people, addresses and identifiers are",
        "fictional.",
        "",
    ]
    readme += README_FORMAT
    readme += ["", "## Files", "",
               "- `make_corpus.py`: generator for everything here (checks every fact first)",
               "- `README.md`: this file",
               "- every `<name>.hl7` below has a `<name>.expect` sidecar"]
    for name, e in ENTRIES.items():
        readme.append("- `%s.hl7` (%d B): %s" % (name, len(e["data"]), e["desc"]))
    (OUT / "README.md").open("wb").write(("\n".join(readme) + "\n").encode("utf-8"))
    print("wrote %d files" % len(ENTRIES))
    for name, e in ENTRIES.items():
        print("  %-28s %7d B  %2d facts" % (name, len(e["data"]), e["nfacts"]))


README_FORMAT = []  # filled in at the end of this script


# ---------------------------------------------------------------------------------------
# ADT messages
# ---------------------------------------------------------------------------------------

ADT_A01 = [
    r"MSH|^~\&|CAREGATE|RBGH^2.16.840.1.113883.3.9876^ISO|HIEGW|NORTHSTAR_HIE"
    r"|20261103141522.1234-0500||ADT^A01^ADT_A01|RBGH20261103141522001|P|2.5.1|||AL|NE|USA"
    r"|UNICODE UTF-8",
    "EVN|A01|20261103141522-0500|||4471^OKAFOR^CHIDI^N^^^MD|20261103140000-0500",
    "PID|1||004718293^^^RBGH^MR^RBGH~998-41-2277^^^SSA^SS~H55120034^^^MCD^MA"
    "||HALVORSEN^INGRID^MARIT^^^^L~SKOV^INGRID^^^^^M||19780412|F||2106-3^White^CDCREC"
    "|4417 Larkspur Lane^Apt 3B^Duluth^MN^55803^USA^H~PO Box 912^^Duluth^MN^55801^USA^M"
    "||^PRN^PH^^1^218^5550142~^NET^Internet^ingrid.halvorsen@example.org"
    "|^WPN^PH^^1^218^5550199^204|eng^English^ISO639|M^Married^HL70002|LUT^Lutheran^HL70006"
    "|40017723^^^RBGH^AN|998-41-2277|||N^Not Hispanic or Latino^HL70189||N|1|||||N",
    "PD1|||Lakeshore Family Clinic^^55021|1184^PELLETIER^ANNE^^^^MD|||||||N|20261103",
    "NK1|1|HALVORSEN^ERIK^J|SPO^Spouse^HL70063|4417 Larkspur Lane^Apt 3B^Duluth^MN^55803^USA"
    "|^PRN^PH^^1^218^5550143||EC^Emergency Contact^HL70131",
    "NK1|2|HALVORSEN^SOFIE|DAU^Daughter^HL70063|88 Canal Park Dr^^Duluth^MN^55802^USA"
    "|^PRN^CP^^1^218^5550377||EC^Emergency Contact^HL70131",
    "PV1|1|I|4W^412^B^RBGH^^^^N|E^Emergency^HL70007|||4471^OKAFOR^CHIDI^N^^^MD"
    "|1184^PELLETIER^ANNE^^^^MD||MED||||7|||4471^OKAFOR^CHIDI^N^^^MD|IN||BCBS"
    "|||||||||||||||||||RBGH||A|||20261103141000-0500",
    "PV2|||R07.9^Chest pain, unspecified^I10||||||20261106|3",
    "OBX|1|NM|8867-4^Heart rate^LN||96|/min^beats per minute^UCUM|60-100|N|||F"
    "|||20261103140500-0500",
    "AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives~Anaphylaxis|20150302",
    "AL1|2|FA|256349002^Peanut^SCT|MO|Swelling of lips|",
    "DG1|1||R07.9^Chest pain, unspecified^I10|||A",
    "PR1|1||93000^Electrocardiogram complete^C4|ECG 12-lead"
    "|20261103142000-0500|D",
    "GT1|1||HALVORSEN^INGRID^MARIT||4417 Larkspur Lane^Apt 3B^Duluth^MN^55803^USA"
    "|^PRN^PH^^1^218^5550142||19780412|F||SEL^Self^HL70063|998-41-2277",
    "IN1|1|BCBSMN-PPO^Blue Cross PPO|60054^^^^NIIP|Blue Cross and Blue Shield of Minnesota"
    "|PO Box 64338^^Saint Paul^MN^55164^USA||^WPN^PH^^1^800^5550100|GRP-448120"
    "|Northland Timber Co||||20260101|20261231|||HALVORSEN^INGRID^MARIT|SEL^Self^HL70063"
    "|19780412|4417 Larkspur Lane^Apt 3B^Duluth^MN^55803^USA|||1",
    "IN2|1|998-41-2277|Northland Timber Co^^^^^NT1001||I",
]

add("adt_a01", join(ADT_A01), "ADT^A01 admit, v2.5.1, rich: repeating PID-3/PID-5, NK1 x2, AL1 x2, IN1/IN2",
    fields=["MSH", "PID", "AL1"], counts=["NK1"],
    facts=[
        ("raw", "MSH-7", "20261103141522.1234-0500"),
        ("raw", "MSH-9.3", "ADT_A01"),
        ("raw", "PID-3[2].1", "998-41-2277"),
        ("raw", "PID-3[3].5", "MA"),
        ("raw", "PID-5[2].1", "SKOV"),
        ("absent", "PID-5[3]"),
        ("raw", "NK1[2]-2.2", "SOFIE"),
        ("raw", "AL1-5[2]", "Anaphylaxis"),
        ("empty", "AL1[2]-6"),
    ])

ADT_A03 = [
    r"MSH|^~\&|CAREGATE|RBGH|BILLING|RBGH|20261109093012||ADT^A03|RBGH20261109093012044|P|2.3.1",
    "EVN|A03|20261109093000",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F"
    "|||4417 Larkspur Lane^Apt 3B^Duluth^MN^55803^USA||(218)555-0142|||M||40017723",
    "PV1|1|I|4W^412^B^RBGH|E|||4471^OKAFOR^CHIDI^N^^^MD||||||||||||40017723"
    "|||||||||||||||||01^Discharged to home^HL70112||||||||20261103141000|20261109091500",
    "DG1|1|I10|I20.0^Unstable angina^I10|Unstable angina|20261109|F",
]

add("adt_a03", join(ADT_A03), "ADT^A03 discharge, v2.3.1, no MSH-9.3",
    fields=["MSH", "PV1", "DG1"],
    facts=[
        ("raw", "MSH-9.1", "ADT"),
        ("raw", "MSH-9.2", "A03"),
        ("absent", "MSH-9.3"),
        ("absent", "MSH-13"),
        ("raw", "PV1-36.1", "01"),
        ("raw", "PV1-45", "20261109091500"),
        ("raw", "PID-13", "(218)555-0142"),
        ("raw", "PID-13.1", "(218)555-0142"),
        ("absent", "PID-13.2"),
    ])

ADT_A04 = [
    r"MSH|^~\&|REGADT|MCM|IFENG||20260418083015-0400||ADT^A04^ADT_A01|000001923|P|2.4|||AL|NE",
    "EVN|A04|20260418083000-0400|||JSMITH^SMITH^JANE",
    "PID|1||30017744^^^MCM^MR~ZX44718^^^MCM^PI||NAKAMURA^KENJI^T^^MR.||19650923|M"
    "|||2208 Alder Creek Rd^^Portland^OR^97219^USA||(503)555-0186^PRN^PH~(503)555-0110^WPN^PH"
    "||eng|S||72310045^^^MCM^AN|541-22-9081",
    "PV1|1|O|CARD^^^MCM||||2207^ABERNATHY^LOUISE^R^^^MD|||CAR||||1|||2207^ABERNATHY^LOUISE^R^^^MD"
    "|OP||SELF|||||||||||||||||||MCM||||||20260418083000-0400",
    "OBX|1|NM|8302-2^Body height^LN||175|cm^centimeter^UCUM|||||F",
    "AL1|1||^No Known Allergies",
]

ADT_A04_FACTS = [
    ("raw", "MSH-9.2", "A04"),
    ("raw", "MSH-10", "000001923"),
    ("raw", "PID-3[2].1", "ZX44718"),
    ("raw", "PID-5.5", "MR."),
    ("raw", "PID-13[2].2", "WPN"),
    ("empty", "PID-11.2"),
    ("raw", "OBX-5", "175"),
    ("empty", "AL1-3.1"),
    ("raw", "AL1-3.2", "No Known Allergies"),
    ("absent", "AL1-4"),
]

add("adt_a04", join(ADT_A04), "ADT^A04 outpatient registration, v2.4 (base of the *_lf/_crlf/... variants)",
    fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS)

ADT_A08 = [
    r"MSH|^~\&|CAREGATE|RBGH|HIEGW|NORTHSTAR_HIE|20261112160405+0100||ADT^A08^ADT_A01"
    r"|A08-7731902|P|2.6|||AL|NE||UNICODE UTF-8",
    "EVN||20261112160400+0100|||9021^LINDQVIST^PER",
    'PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT^^^^L||19780412|F|""'
    '||4417 Larkspur Lane^""^Duluth^MN^55803^USA^H||""|^WPN^PH^^1^218^5550199|eng|""|""'
    '|||||""',
    "PV1|1|I|5E^507^A^RBGH||||4471^OKAFOR^CHIDI^N^^^MD||||||||||||40017723",
    'ROL|1|UC|AT^Attending^HL70443|4471^OKAFOR^CHIDI^N^^^MD|20261103|""',
]

add("adt_a08", join(ADT_A08), 'ADT^A08 update, v2.6, explicit nulls ("") next to empty fields, +0100 offset',
    fields=["PID", "ROL"],
    facts=[
        ("empty", "EVN-1"),
        ("raw", "MSH-7", "20261112160405+0100"),
        ("null", "PID-9"),
        ("empty", "PID-10"),
        ("null", "PID-11.2"),
        ("null", "PID-13"),
        ("null", "PID-16"),
        ("null", "PID-22"),
        ("empty", "PID-21"),
        ("null", "ROL-6"),
        ("absent", "ROL-7"),
    ])

ADT_A40 = [
    r"MSH|^~\&|CAREGATE|RBGH|MPI|RBGH|20261201101500-0600||ADT^A40^ADT_A39|MRG-0004417|P|2.5",
    "EVN|A40|20261201101500-0600|||8812^VOSS^MARTA",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F",
    "PD1",
    "MRG|004719901^^^RBGH^MR~H55120034^^^MCD^MA||40019988^^^RBGH^AN",
]

add("adt_a40", join(ADT_A40), "ADT^A40 merge patient with MRG, v2.5; PD1 segment with no fields",
    fields=["MRG", "PD1", "EVN"],
    facts=[
        ("raw", "MSH-9.3", "ADT_A39"),
        ("raw", "MRG-1[1].1", "004719901"),
        ("raw", "MRG-1[2].1", "H55120034"),
        ("raw", "MRG-1[2].4", "MCD"),
        ("empty", "MRG-2"),
        ("raw", "MRG-3.1", "40019988"),
        ("absent", "MRG-4"),
        ("absent", "PD1-1"),
    ])


# ---------------------------------------------------------------------------------------
# Orders and results
# ---------------------------------------------------------------------------------------

ORU_R01 = [
    r"MSH|^~\&|LABSYS|CITYLAB|EMR|WESTSIDE_CLINIC|202611021215||ORU^R01|LAB000123|P|2.3",
    "PID|1||882211^^^CITYLAB^MR||ORTEGA^LUCIA^M||19890715|F",
    "ORC|RE|ORD448812|LAB778812",
    "OBR|1|ORD448812|LAB778812|58410-2^CBC panel - Blood by Automated count^LN|||202611020815"
    "|||||||202611020930||3310^MBEKI^THABO^^^^MD||||||202611021215|||F",
    "OBX|1|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN||7.2|10*3/uL|4.5-11.0|N|||F",
    "OBX|2|NM|718-7^Hemoglobin [Mass/volume] in Blood^LN||11.1|g/dL|12.0-15.5|L|||F",
    "OBX|3|NM|777-3^Platelets [#/volume] in Blood by Automated count^LN||262|10*3/uL|150-400|N|||F",
]

add("oru_r01", join(ORU_R01), "ORU^R01 small CBC result, v2.3",
    fields=["OBX", "OBR"], counts=["OBX"],
    facts=[
        ("raw", "OBX[2]-5", "11.1"),
        ("raw", "OBX[2]-7", "12.0-15.5"),
        ("raw", "OBX[2]-8", "L"),
        ("raw", "OBX[3]-3.1", "777-3"),
        ("raw", "OBR-16.2", "MBEKI"),
        ("absent", "OBX-12"),
        ("absent", "OBX[4]-1"),
    ])

ORM_O01 = [
    r"MSH|^~\&|PRAXISEHR|DRHANLON|RADIS|VALLEYIMAGING|202611041022||ORM^O01|ORM5520913|P|2.2",
    "PID|1||MRN71120^^^VIC||BRANDT^OSKAR^L||19511130|M|||77 Quarry Hill Rd^^Barre^VT^05641"
    "||(802)555-0164",
    "PV1|1|O|||||5510^HANLON^MAEVE^^^^MD",
    "IN1|1|MCR|MEDICARE|Medicare Part B||||||||||||BRANDT^OSKAR^L|01|19511130",
    "ORC|NW|ORD20261104-0031||GRP-8891|SC||1^^^202611041100^^R||202611041022"
    "|5510^HANLON^MAEVE^^^^MD||5510^HANLON^MAEVE^^^^MD^^VHN&2.16.840.1.113883.3.4411&ISO",
    "OBR|1|ORD20261104-0031||71046^X-ray chest 2 views^C4|||202611041030"
    "|||||||||5510^HANLON^MAEVE^^^^MD|(802)555-0110|||||||||1^^^202611041100^^R",
    "DG1|1|I10|R05.9^Cough, unspecified^I10",
    "NTE|1||Cough for 3 weeks; former smoker (40 pack-years). Rule out pneumonia.",
]

add("orm_o01", join(ORM_O01), "ORM^O01 radiology order, v2.2, subcomponents in ORC-12",
    fields=["ORC", "OBR", "NTE"],
    facts=[
        ("raw", "ORC-1", "NW"),
        ("raw", "ORC-12.9", "VHN&2.16.840.1.113883.3.4411&ISO"),
        ("raw", "ORC-12.9.1", "VHN"),
        ("raw", "ORC-12.9.2", "2.16.840.1.113883.3.4411"),
        ("absent", "ORC-12.9.4"),
        ("raw", "ORC-12.1.1", "5510"),
        ("absent", "ORC-12.1.2"),
        ("raw", "OBR-4.2", "X-ray chest 2 views"),
        ("text", "NTE-3", "Cough for 3 weeks; former smoker (40 pack-years). Rule out pneumonia."),
    ])

OML_O21 = [
    r"MSH|^~\&|EHRX|SUNRISE_PEDS|LIS|REGIONLAB|20261105072233.5-0700||OML^O21^OML_O21"
    r"|OML-00019221|P|2.7|||AL|AL|USA|UNICODE UTF-8",
    "PID|1||MRN3309912^^^SRP^MR||TSOSIE^NAOMI^R||20180227|F|||1209 Piñon Way^^Flagstaff^AZ^86001^USA",
    "PV1|1|O|PEDS^^^SRP",
    "ORC|NW|ORD-55120|||||||20261105072200-0700|||3390^YAZZIE^DANIEL^^^^MD",
    "TQ1|1||||||20261105080000-0700||R^Routine^HL70078",
    "OBR|1|ORD-55120||24331-1^Lipid 1996 panel - Serum or Plasma^LN|||20261105073000-0700",
    "SPM|1|SPC-7781||119297000^Blood specimen^SCT|||||||||||||20261105073000-0700",
    "ORC|NW|ORD-55121|||||||20261105072200-0700|||3390^YAZZIE^DANIEL^^^^MD",
    "OBR|2|ORD-55121||4548-4^Hemoglobin A1c/Hemoglobin.total in Blood^LN|||20261105073000-0700",
    "SPM|1|SPC-7782||119297000^Blood specimen^SCT|||||||||||||20261105073000-0700|||",
]

add("oml_o21", join(OML_O21), "OML^O21 lab order with TQ1/SPM, v2.7, UTF-8 address",
    fields=["SPM", "TQ1"], counts=["ORC", "SPM"],
    facts=[
        ("raw", "MSH-7", "20261105072233.5-0700"),
        ("raw", "OBR[2]-4.1", "4548-4"),
        ("raw", "SPM[2]-2", "SPC-7782"),
        ("raw", "SPM-4.2", "Blood specimen"),
        ("text", "PID-11.1", "1209 Piñon Way"),
        ("raw", "PID-11.1", "1209 Piñon Way"),
        ("empty", "SPM[2]-20"),
        ("absent", "SPM-20"),
    ])


# ORU^R01 large: a week of ICU labs for one patient, several OBR groups, ~250 OBX.

CMP = ("24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma", [
    ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 136, 145, 0),
    ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 3.5, 5.1, 1),
    ("2075-0", "Chloride [Moles/volume] in Serum or Plasma", "mmol/L", 98, 107, 0),
    ("2028-9", "Carbon dioxide, total [Moles/volume] in Serum or Plasma", "mmol/L", 22, 29, 0),
    ("3094-0", "Urea nitrogen [Mass/volume] in Serum or Plasma", "mg/dL", 7, 20, 0),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.6, 1.2, 2),
    ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 70, 99, 0),
    ("17861-6", "Calcium [Mass/volume] in Serum or Plasma", "mg/dL", 8.6, 10.3, 1),
    ("2885-2", "Protein [Mass/volume] in Serum or Plasma", "g/dL", 6.0, 8.3, 1),
    ("1751-7", "Albumin [Mass/volume] in Serum or Plasma", "g/dL", 3.5, 5.0, 1),
    ("1975-2", "Bilirubin.total [Mass/volume] in Serum or Plasma", "mg/dL", 0.1, 1.2, 1),
    ("6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 44, 147, 0),
    ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 7, 56, 0),
    ("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", 10, 40, 0),
])

CBC = ("57021-8", "CBC W Auto Differential panel - Blood", [
    ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", 4.5, 11.0, 1),
    ("789-8", "Erythrocytes [#/volume] in Blood by Automated count", "10*6/uL", 4.2, 5.4, 2),
    ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 12.0, 15.5, 1),
    ("4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", "%", 36, 46, 1),
    ("787-2", "MCV [Entitic volume] by Automated count", "fL", 80, 100, 1),
    ("785-6", "MCH [Entitic mass] by Automated count", "pg", 27, 33, 1),
    ("786-4", "MCHC [Mass/volume] by Automated count", "g/dL", 32, 36, 1),
    ("788-0", "Erythrocyte distribution width [Ratio] by Automated count", "%", 11.5, 14.5, 1),
    ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", 150, 400, 0),
    ("770-8", "Neutrophils/100 leukocytes in Blood by Automated count", "%", 40, 70, 1),
    ("736-9", "Lymphocytes/100 leukocytes in Blood by Automated count", "%", 20, 40, 1),
    ("5905-5", "Monocytes/100 leukocytes in Blood by Automated count", "%", 2, 8, 1),
    ("713-8", "Eosinophils/100 leukocytes in Blood by Automated count", "%", 1, 4, 1),
    ("706-2", "Basophils/100 leukocytes in Blood by Automated count", "%", 0, 1, 1),
])

SEPSIS = ("SEPSISPNL", "Sepsis markers and coagulation", [
    ("2524-7", "Lactate [Moles/volume] in Serum or Plasma", "mmol/L", 0.5, 2.2, 1),
    ("1988-5", "C reactive protein [Mass/volume] in Serum or Plasma", "mg/L", 0, 10, 1),
    ("33959-8", "Procalcitonin [Mass/volume] in Serum or Plasma", "ng/mL", 0, 0.5, 2),
    ("5902-2", "Prothrombin time (PT)", "s", 11.0, 13.5, 1),
    ("6301-6", "INR in Platelet poor plasma by Coagulation assay", "{INR}", 0.8, 1.2, 1),
])

ABG = ("24336-0", "Gas panel - Arterial blood", [
    ("2744-1", "pH of Arterial blood", "[pH]", 7.35, 7.45, 2),
    ("2019-8", "Carbon dioxide [Partial pressure] in Arterial blood", "mm[Hg]", 35, 45, 0),
    ("2703-7", "Oxygen [Partial pressure] in Arterial blood", "mm[Hg]", 75, 100, 0),
])


def _oru_large():
    rnd = random.Random(20261103)
    segs = [
        r"MSH|^~\&|COBALTLIS|MERIDIAN_LAB^2.16.840.1.113883.3.7720^ISO|ICUVIEW|MERIDIAN_ICU"
        r"|20261108180000.0000-0600||ORU^R01^ORU_R01|MLAB-20261108-000417|P|2.5.1|||NE|AL|USA"
        r"|UNICODE UTF-8",
        "PID|1||MH00427711^^^MERIDIAN^MR~551-30-7784^^^SSA^SS||DELACROIX^AUGUSTIN^PIERRE^^^^L"
        "||19470806|M||2106-3^White^CDCREC|915 Bayou Teche Rd^^Breaux Bridge^LA^70517^USA^H"
        "||^PRN^PH^^1^337^5550171|||W^Widowed^HL70002||MV0091273^^^MERIDIAN^AN",
        "PV1|1|I|MICU^07^A^MERIDIAN||||7701^NGUYEN^THANH^Q^^^MD|||MED||||||||IN||MCR",
    ]
    obx_n = 0
    obr_n = 0

    def obr(code, name, when, filler):
        nonlocal obr_n
        obr_n += 1
        segs.append(
            "OBR|%d|PLC-%05d|%s|%s^%s^%s|||%s-0600|||||||%s-0600||7701^NGUYEN^THANH^Q^^^MD"
            "||||||%s-0600|||F" % (obr_n, 40000 + obr_n, filler, code, name,
                                  "LN" if code[0].isdigit() else "L", when, when, when))

    def fmt(v, dec):
        return "%.*f" % (dec, v)

    def numeric(panel, when, filler, drift):
        code, name, items = panel
        obr(code, name, when, filler)
        for i, (lc, ln, unit, lo, hi, dec) in enumerate(items, 1):
            span = hi - lo
            v = lo + span * (rnd.random() * 1.5 - 0.25) + drift * span * 0.3
            v = max(v, 0.0)
            s = fmt(v, dec)
            fv = float(s)
            flag = "N"
            if fv < lo:
                flag = "LL" if fv < lo - span * 0.4 else "L"
            elif fv > hi:
                flag = "HH" if fv > hi + span * 0.4 else "H"
            nonlocal obx_n
            obx_n += 1
            segs.append("OBX|%d|NM|%s^%s^LN||%s|%s^^UCUM|%s-%s|%s|||F|||%s-0600"
                        % (i, lc, ln, s, unit, fmt(lo, dec), fmt(hi, dec), flag, when))
            if lc == "2823-3" and when == "202611020430":
                segs.append("NTE|1|L|Specimen mildly hemolyzed; potassium may be falsely elevated.")
        if code == "24336-0":
            segs.append("NTE|1|L|Drawn on FiO2 0.40 via ventilator; temperature corrected to 37 C.")

    days = ["2026110%d" % d for d in range(2, 8)]
    for k, day in enumerate(days):
        drift = 1.0 - k / 3.0
        numeric(CMP, day + "0430", "CMP-%s" % day[4:], drift)
        numeric(CBC, day + "0430", "CBC-%s" % day[4:], drift)
        numeric(SEPSIS, day + "0430", "SEP-%s" % day[4:], drift)
        if k < 3:
            numeric(ABG, day + "0515", "ABG-%sA" % day[4:], drift)
            numeric(ABG, day + "1720", "ABG-%sB" % day[4:], drift)

    # Urinalysis: ST and CWE values.
    obr("24357-6", "Urinalysis macro (dipstick) panel - Urine", "202611030900", "UA-1103")
    ua = [
        ("5778-6", "Color of Urine", "CWE", "371254008^Amber^SCT", "", "A"),
        ("5767-9", "Appearance of Urine", "CWE", "167238004^Cloudy urine^SCT", "", "A"),
        ("5811-5", "Specific gravity of Urine by Test strip", "NM", "1.028", "1.005-1.030", "N"),
        ("5803-2", "pH of Urine by Test strip", "NM", "5.5", "5.0-8.0", "N"),
        ("5804-0", "Protein [Mass/volume] in Urine by Test strip", "ST", "30 mg/dL (1+)", "Negative", "A"),
        ("5792-7", "Glucose [Mass/volume] in Urine by Test strip", "ST", "Negative", "Negative", "N"),
        ("5797-6", "Ketones [Mass/volume] in Urine by Test strip", "ST", "Trace", "Negative", "A"),
        ("5794-3", "Hemoglobin [Presence] in Urine by Test strip", "CWE",
         "260348003^Moderate^SCT", "", "A"),
        ("5802-4", "Nitrite [Presence] in Urine by Test strip", "CWE", "10828004^Positive^SCT", "", "A"),
        ("5799-2", "Leukocyte esterase [Presence] in Urine by Test strip", "CWE",
         "10828004^Positive^SCT", "", "A"),
    ]
    for i, (lc, ln, vt, val, rng, flag) in enumerate(ua, 1):
        obx_n += 1
        segs.append("OBX|%d|%s|%s^%s^LN||%s||%s|%s|||F|||202611030900-0600"
                    % (i, vt, lc, ln, val, rng, flag))

    # Blood culture: CWE organism, FT narrative, ST susceptibilities.
    obr("600-7", "Bacteria identified in Blood by Culture", "202611021310", "MIC-1102-77")
    micro = [
        ("FT", "664-3", "Microscopic observation [Identifier] in Specimen by Gram stain", "1",
         r"Gram-negative rods seen in 2 of 2 aerobic bottles.\.br\Called to RN K. BREAUX"
         r" 20261103 0612 and read back.", "A"),
        ("CWE", "600-7", "Bacteria identified in Blood by Culture", "1",
         "112283007^Escherichia coli^SCT", "A"),
        ("ST", "18864-9", "Ampicillin [Susceptibility]", "1.1", ">=32 R", "R"),
        ("ST", "18865-6", "Ampicillin+Sulbactam [Susceptibility]", "1.2", "16 I", "I"),
        ("ST", "18895-3", "Cefazolin [Susceptibility]", "1.3", "<=4 S", "S"),
        ("ST", "18886-2", "Cefotaxime [Susceptibility]", "1.4", "<=1 S", "S"),
        ("ST", "18906-8", "Ciprofloxacin [Susceptibility]", "1.5", "<=0.25 S", "S"),
        ("ST", "18928-2", "Gentamicin [Susceptibility]", "1.6", "<=1 S", "S"),
        ("ST", "18932-4", "Imipenem [Susceptibility]", "1.7", "<=0.25 S", "S"),
        ("ST", "18993-6", "Trimethoprim+Sulfamethoxazole [Susceptibility]", "1.8", ">=320 R", "R"),
        ("FT", "18769-0", "Microbial susceptibility tests Set", "2",
         r"\H\Interpretation:\N\\.br\S = susceptible, I = intermediate, R = resistant."
         r"\.br\Breakpoints per CLSI M100, 36th ed.", "N"),
    ]
    for i, (vt, lc, ln, sub, val, flag) in enumerate(micro, 1):
        obx_n += 1
        segs.append("OBX|%d|%s|%s^%s^LN|%s|%s|||%s|||F|||202611021310-0600"
                    % (i, vt, lc, ln, sub, val, flag))
    segs.append("NTE|1|L|Final report; isolate saved for 7 days.")
    return segs, obx_n


ORU_LARGE, ORU_LARGE_OBX = _oru_large()

_N = ORU_LARGE_OBX
add("oru_r01_large", join(ORU_LARGE),
    "ORU^R01 large (~30 KB): 6 days of ICU labs, %d OBX in %d OBR groups, NTE, NM/ST/CWE/FT, "
    "ranges, flags" % (_N, sum(1 for x in ORU_LARGE if x.startswith("OBR|"))),
    ids=False, fields=["OBX", "OBR"], counts=["OBX", "OBR", "NTE"],
    facts=[
        ("raw", "OBX[1]-3.1", "2951-2"),
        ("raw", "OBR[3]-4.3", "L"),
        ("text", "NTE[1]-3", "Specimen mildly hemolyzed; potassium may be falsely elevated."),
        ("raw", "OBX[%d]-5.2" % (_N - 9), "Escherichia coli"),
        ("raw", "OBX[%d]-4" % (_N - 1), "1.8"),
        ("raw", "OBX[%d]-5" % (_N - 1), ">=320 R"),
        ("text", "OBX[%d]-5" % (_N - 10), "Gram-negative rods seen in 2 of 2 aerobic bottles.\n"
         "Called to RN K. BREAUX 20261103 0612 and read back."),
        ("text", "OBX[%d]-5" % _N, "Interpretation:\nS = susceptible, I = intermediate, "
         "R = resistant.\nBreakpoints per CLSI M100, 36th ed."),
        ("absent", "OBX[%d]-1" % (_N + 1)),
    ])


# ---------------------------------------------------------------------------------------
# Immunization, scheduling, documents, financials
# ---------------------------------------------------------------------------------------

VXU_V04 = [
    r"MSH|^~\&|MYEHR|RI88140101|SIIS|RIDOH|20261010103022-0400||VXU^V04^VXU_V04|VXU-20261010-0087"
    r"|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS",
    "PID|1||PT-440921^^^RI88140101^MR||OKONKWO^AMARA^CHIOMA^^^^L|EZE^NGOZI^^^^^M|20250706|F"
    "||2054-5^Black or African American^CDCREC|61 Waterman Ave^^Providence^RI^02906^USA^L"
    "||^PRN^PH^^^401^5550129|||||||||2186-5^Not Hispanic or Latino^CDCREC||N|1",
    "PD1|||||||||||02^Reminder/Recall - any method^HL70215|N|20261010|||A|20250706|20261010",
    "NK1|1|OKONKWO^NGOZI^^^^^L|MTH^Mother^HL70063|61 Waterman Ave^^Providence^RI^02906^USA^L"
    "|^PRN^PH^^^401^5550129",
    "ORC|RE||IZ-99120^RI88140101|||||||7712^PRASAD^MEERA^^^^^^^^^^^^^^PA"
    "||9901^LINDGREN^HALVARD^^^^^^^^^^^^^^MD",
    "RXA|0|1|20261010103000-0400||20^DTaP^CVX^90700^DTaP^CPT|0.5|mL^milliliters^UCUM"
    "||00^New immunization record^NIP001|7712^PRASAD^MEERA|^^^RI88140101||||U4412AA|20271130"
    "|PMC^Sanofi Pasteur^MVX|||CP|A",
    "RXR|C28161^Intramuscular^NCIT|RT^Right Thigh^HL70163",
    "OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1"
    "|V02^VFC eligible - Medicaid/Medicaid Managed Care^HL70064||||||F|||20261010|||VXC40"
    "^Eligibility captured at the immunization level^CDCPHINVS",
    "OBX|2|CE|30956-7^vaccine type^LN|2|107^DTaP, unspecified formulation^CVX||||||F",
    "OBX|3|TS|29768-9^Date vaccine information statement published^LN|2|20070517||||||F",
    "OBX|4|TS|29769-7^Date vaccine information statement presented^LN|2|20261010||||||F",
    "ORC|RE||IZ-99121^RI88140101|||||||7712^PRASAD^MEERA^^^^^^^^^^^^^^PA"
    "||9901^LINDGREN^HALVARD^^^^^^^^^^^^^^MD",
    "RXA|0|1|20261010103500-0400||10^IPV^CVX|0.5|mL^milliliters^UCUM"
    "||00^New immunization record^NIP001|7712^PRASAD^MEERA|^^^RI88140101||||X9981KL|20270601"
    "|MSD^Merck and Co., Inc.^MVX|||CP|A",
    "RXR|C38299^Subcutaneous^NCIT|LT^Left Thigh^HL70163",
    "OBX|5|CE|64994-7^Vaccine funding program eligibility category^LN|1"
    "|V02^VFC eligible - Medicaid/Medicaid Managed Care^HL70064||||||F|||20261010|||VXC40"
    "^Eligibility captured at the immunization level^CDCPHINVS",
]

add("vxu_v04", join(VXU_V04), "VXU^V04 immunization (DTaP + IPV) with RXA/RXR/OBX, v2.5.1",
    fields=["RXA", "RXR"], counts=["RXA", "OBX"],
    facts=[
        ("raw", "MSH-21.1", "Z22"),
        ("raw", "PID-6.1", "EZE"),
        ("raw", "RXA-5.1", "20"),
        ("raw", "RXA-5.4", "90700"),
        ("raw", "RXA[2]-5.2", "IPV"),
        ("absent", "RXA[2]-5.4"),
        ("raw", "RXA[2]-17.2", "Merck and Co., Inc."),
        ("raw", "RXR[2]-2.1", "LT"),
        ("raw", "OBX[3]-5", "20070517"),
    ])

SIU_S12 = [
    r"MSH|^~\&|SCHEDPRO|ORTHO_NW|EHR|ORTHO_NW|20261120154510-0800||SIU^S12|SIU0000884213|P|2.3.1",
    "SCH|APT-77120^SCHEDPRO|APT-77120^SCHEDPRO|||||FOLLOWUP^Follow-up visit^LOCAL"
    "|NORMAL^Routine^HL70277|30|MIN|^^30^20261201093000-0800^20261201100000-0800"
    "|||||6621^WHITFIELD^GRANT^^^^MD|^WPN^PH^^1^206^5550133|||6621^WHITFIELD^GRANT^^^^MD"
    "|||||BOOKED",
    "PID|1||ONW-558120^^^ORTHO_NW^MR||BERGSTROM^LARS^E||19880314|M"
    "|||3120 Fremont Ave N^^Seattle^WA^98103^USA||^PRN^PH^^1^206^5550178",
    "PV1|1|O|CLINIC2^^^ORTHO_NW",
    "RGS|1|A",
    "AIS|1|A|99213^Office/outpatient visit est^C4|20261201093000-0800|0|MIN|30|MIN",
    "AIG|1|A|XRT^X-ray technician^LOCAL|TECH",
    "AIL|1|A|ONW-CL2^EXAM4^^ORTHO_NW|EXAM^Exam room^HL70305|",
    "AIP|1|A|6621^WHITFIELD^GRANT^^^^MD|PHYS^Physician^LOCAL||20261201093000-0800|0|MIN|30|MIN",
]

add("siu_s12", join(SIU_S12), "SIU^S12 new appointment with SCH/RGS/AIS/AIG/AIL/AIP, v2.3.1",
    fields=["SCH", "AIL", "AIP"],
    facts=[
        ("raw", "SCH-11.3", "30"),
        ("raw", "SCH-11.4", "20261201093000-0800"),
        ("empty", "SCH-11.1"),
        ("raw", "SCH-25", "BOOKED"),
        ("raw", "AIS-3.1", "99213"),
        ("raw", "AIL-3.2", "EXAM4"),
        ("empty", "AIL-5"),
        ("raw", "AIP-3.2", "WHITFIELD"),
        ("raw", "AIP-6", "20261201093000-0800"),
    ])


def _mdm_payload():
    rnd = random.Random(0x4D444D)  # "MDM"
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(rnd.getrandbits(8) for _ in range(45001 - 15))
    return data


MDM_BYTES = _mdm_payload()
MDM_B64 = base64.b64encode(MDM_BYTES).decode("ascii")

MDM_T02 = [
    r"MSH|^~\&|CAREGATE|RBGH|DOCREPO|RBGH|20261109121502.817-0500||MDM^T02^MDM_T02|MDM-0081277|P|2.6"
    r"|||AL|NE||UNICODE UTF-8",
    "EVN|T02|20261109121502-0500",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F",
    "PV1|1|I|4W^412^B^RBGH||||4471^OKAFOR^CHIDI^N^^^MD||||||||||||40017723",
    "TXA|1|DS^Discharge summary^HL70270|AP|20261109120000-0500"
    "|4471^OKAFOR^CHIDI^N^^^MD|20261109120000-0500|20261109121500-0500||4471^OKAFOR^CHIDI^N^^^MD"
    "|||DOC-2026-11-000812^CAREGATE|||||AU||AV",
    "OBX|1|ED|18842-5^Discharge summary^LN||^AP^PDF^Base64^" + MDM_B64 + "||||||F",
]

add("mdm_t02", join(MDM_T02), "MDM^T02 document with TXA and a ~60 KB base64 ED in OBX-5, v2.6",
    fields=["TXA", "OBX"],
    notes=[
        "OBX-5.5 is %d characters of base64 (with '==' padding) of %d bytes: a PDF-like"
        % (len(MDM_B64), len(MDM_BYTES)),
        "header then random.Random(0x4D444D) bytes; CRC-32 of the decoded bytes = 0x%08x"
        % zlib.crc32(MDM_BYTES),
    ],
    facts=[
        ("raw", "OBX-2", "ED"),
        ("empty", "OBX-5.1"),
        ("raw", "OBX-5.2", "AP"),
        ("raw", "OBX-5.3", "PDF"),
        ("raw", "OBX-5.4", "Base64"),
        ("absent", "OBX-5.6"),
        ("raw", "TXA-2.2", "Discharge summary"),
        ("raw", "TXA-12.1", "DOC-2026-11-000812"),
        ("raw", "TXA-17", "AU"),
        ("raw", "OBX-11", "F"),
    ])


def _ft1(n, when, code, desc, system, qty, amount, dept):
    return ("FT1|%d|FT-%06d||%s^%s|%s|CG|%s^%s^%s|||%d|%s&USD^UP|%s&USD^UP|%s|||4W^412^B^RBGH"
            "|||R07.9^Chest pain, unspecified^I10|4471^OKAFOR^CHIDI^N^^^MD|||||%s^%s^%s"
            % (n, 880100 + n, when, when, when[:8], code, desc, system, qty, amount,
               "%.2f" % (float(amount) / qty), dept, code, desc, system))


DFT_P03 = [
    r"MSH|^~\&|CHARGECAP|RBGH|PFS|RBGH|20261104230000-0500||DFT^P03^DFT_P03|DFT-20261104-4412|P|2.8",
    "EVN||20261104230000-0500",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F",
    "PV1|1|I|4W^412^B^RBGH||||4471^OKAFOR^CHIDI^N^^^MD||||||||||||40017723",
    _ft1(1, "20261103142000-0500", "93000", "Electrocardiogram complete", "C4", 1, "148.00", "CARD"),
    _ft1(2, "20261103143500-0500", "84484", "Troponin quantitative", "C4", 3, "297.00", "LAB"),
    _ft1(3, "20261103143500-0500", "85025", "Complete CBC w/auto diff WBC", "C4", 1, "42.50", "LAB"),
    _ft1(4, "20261103150000-0500", "71046", "X-ray exam chest 2 views", "C4", 1, "212.00", "RAD"),
    _ft1(5, "20261104000000-0500", "0120", "Room and board semi-private", "NUBC", 1, "1850.00", "NURS"),
]

add("dft_p03", join(DFT_P03), "DFT^P03 charges with 5 FT1 lines (CP amounts with subcomponents), v2.8",
    fields=["FT1", "EVN"], counts=["FT1"],
    facts=[
        ("raw", "FT1[2]-10", "3"),
        ("raw", "FT1[2]-11.1.1", "297.00"),
        ("raw", "FT1[2]-12.1.1", "99.00"),
        ("raw", "FT1[2]-11.1.2", "USD"),
        ("raw", "FT1[2]-11.2", "UP"),
        ("raw", "FT1[5]-7.3", "NUBC"),
        ("raw", "FT1-4.2", "20261103142000-0500"),
        ("empty", "FT1-3"),
        ("raw", "FT1-16.1", "4W"),
        ("raw", "FT1[3]-25.1", "85025"),
    ])


# ---------------------------------------------------------------------------------------
# Structure: Z-segments, trailing empty fields, custom delimiters, truncation character
# ---------------------------------------------------------------------------------------

Z_SEGMENTS = [
    r"MSH|^~\&|CAREGATE|RBGH|LEGACYPM|RBGH|20260605110203-0500||ADT^A08|ZS-000417|P|2.4",
    "EVN|A08|20260605110200-0500",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F",
    "ZPD|1|VIP^Restricted visibility^L|Y||ORGAN DONOR~ADVANCE DIRECTIVE ON FILE|",
    "PV1|1|I|4W^412^B^RBGH",
    "ZPV|1|PRIV-ROOM-REQ|20260605|||",
    "Z01|A|B&C^D",
]

add("z_segments", join(Z_SEGMENTS), "ADT^A08 with site-defined ZPD/ZPV/Z01 segments and trailing empty fields, v2.4",
    fields=["ZPD", "ZPV", "Z01"],
    facts=[
        ("raw", "ZPD-2.2", "Restricted visibility"),
        ("raw", "ZPD-5[2]", "ADVANCE DIRECTIVE ON FILE"),
        ("empty", "ZPD-6"),
        ("absent", "ZPD-7"),
        ("empty", "ZPV-6"),
        ("raw", "Z01-2.1.2", "C"),
        ("raw", "Z01-2.2", "D"),
    ])

TRAILING = [
    r"MSH|^~\&|REGSYS|GENHOSP|||199007050800||ADT|MSG00001|P|2.1",
    "EVN|A01|199007050800",
    "PID|1||123^^^HOSP^MR||DOE^JOHN||||||",
    "NK1|1|DOE^JANE|WI|||",
    "PV1|1|I|||||||||||||||||",
]

add("trailing_empty_fields", join(TRAILING), "v2.1 ADT (MSH-9 without trigger) whose segments end in runs of empty fields",
    fields=["MSH", "PID", "NK1", "PV1"],
    facts=[
        ("raw", "MSH-9", "ADT"),
        ("raw", "MSH-9.1", "ADT"),
        ("absent", "MSH-9.2"),
        ("raw", "PID-3.4", "HOSP"),
        ("raw", "PID-5.2", "JOHN"),
        ("empty", "PID-11"),
        ("absent", "PID-12"),
        ("empty", "NK1-6"),
        ("empty", "PV1-18"),
    ])

CUSTOM = [
    "MSH#$*@!#LABSYS#NORTHLAB#EMR#PINECLINIC#20261115083000-0500##ORU$R01#CD-000031#P#2.3",
    "PID#1##55012$$$NORTHLAB$MR*AX-0098$$$NORTHLAB$PI##FERREIRA$JOAO$P##19700202#M"
    "###12 Rua Nova Ln$$Fall River$MA$02720",
    "OBR#1#ORD-3001#LAB-3001#2093-3$Cholesterol [Mass/volume] in Serum or Plasma$LN"
    "###20261115071000-0500",
    "OBX#1#NM#2093-3$Cholesterol [Mass/volume] in Serum or Plasma$LN##212#mg/dL$$UCUM#<200#H###F",
    "OBX#2#ST#8251-1$Service comment$LN##Tube 3@F@ ratio 2@S@1@R@repeat@T@sub @E@ done###N###F",
    "NTE#1#L#Raw files under C:\\labs\\0315\\F\\ on the share",
    "NTE#2#L#Ratio A|B ^ C~D & E!F",
]

add("custom_delimiters", join(CUSTOM),
    "ORU^R01 v2.3 with delimiters # $ * @ ! (so | ^ ~ \\ & are plain data)",
    fields=["MSH", "PID", "OBX"], counts=["OBX"],
    facts=[
        ("raw", "MSH-1", "#"),
        ("raw", "MSH-2", "$*@!"),
        ("raw", "MSH-9.2", "R01"),
        ("raw", "PID-3[2].1", "AX-0098"),
        ("raw", "OBX-7", "<200"),
        ("text", "OBX[2]-5", "Tube 3# ratio 2$1*repeat!sub @ done"),
        ("text", "NTE-3", "Raw files under C:\\labs\\0315\\F\\ on the share"),
        ("raw", "NTE[2]-3.1.1", "Ratio A|B ^ C~D & E"),
        ("raw", "NTE[2]-3.1.2", "F"),
    ])

TRUNC = [
    r"MSH|^~\&#|EHRX|SUNRISE_PEDS|LIS|REGIONLAB|20261105101500-0700||ORU^R01^ORU_R01|TR-000077"
    r"|P|2.7|||AL|AL",
    "PID|1||MRN3309912^^^SRP^MR||TSOSIE^NAOMI^R||20180227|F",
    "OBR|1|ORD-55120|F-88120|24331-1^Lipid 1996 panel - Serum or Plasma^LN|||20261105073000-0700",
    "OBX|1|NM|2093-3^Cholesterol [Mass/volume] in Serum or Plasma^LN||168|mg/dL^^UCUM|<170|N|||F",
    "OBX|2|NM|2571-8^Triglyceride [Mass/volume] in Serum or Plasma^LN||92|mg/dL^^UCUM|<90|H|||F",
    "OBX|3|NM|2085-9^Cholesterol in HDL [Mass/volume] in Serum or Plasma^LN||51|mg/dL^^UCUM|>45|N|||F",
    "OBX|4|NM|13457-7^Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation^LN||99"
    "|mg/dL^^UCUM|<110|N|||F",
]

add("truncation_char_v27", join(TRUNC), "ORU^R01 v2.7 with a fifth encoding character (truncation #): MSH|^~\\&#|",
    fields=["MSH", "OBX"], counts=["OBX"],
    notes=["MSH-2 is the five characters ^~\\&# (no raw fact: raw values here avoid backslashes)"],
    facts=[
        ("raw", "MSH-1", "|"),
        ("raw", "MSH-3", "EHRX"),
        ("raw", "MSH-9.3", "ORU_R01"),
        ("raw", "MSH-12", "2.7"),
        ("raw", "OBX[2]-8", "H"),
        ("raw", "OBX[3]-7", ">45"),
        ("raw", "OBX[4]-6.3", "UCUM"),
        ("empty", "OBX[4]-6.2"),
    ])


# ---------------------------------------------------------------------------------------
# Escapes and character sets
# ---------------------------------------------------------------------------------------

ESCAPES = [
    r"MSH|^~\&|PATHSYS|RBGH|EMR|RBGH|20261107163012-0500||ORU^R01^ORU_R01|ESC-000019|P|2.5",
    "PID|1||004718293^^^RBGH^MR||HALVORSEN^INGRID^MARIT||19780412|F",
    "OBR|1|PTH-1107|S26-04417|88305^Surgical pathology, gross and microscopic^C4|||20261106101500-0500",
    r'OBX|1|ST|22634-0^Pathology report.gross observation^LN||Specimen A\F\B labelled "colon\S\sigmoid"'
    r" \T\ bag 2\R\3 \E\ jar||||||F",
    r"OBX|2|FT|22637-3^Pathology report.final diagnosis^LN||\H\FINAL DIAGNOSIS\N\\.br\Sigmoid colon,"
    r" biopsy:\.sp 2\\.in 4\Tubular adenoma, low grade.\.br\\.ti -2\Margins free.\.sk 3\(see note)"
    r"||||||F",
    r"OBX|3|FT|22638-1^Pathology report.comments^LN||\.ce\Comment\.br\\.fi\Filled text line\.nf\ no-fill"
    r" line\.sp\end||||||F",
    r"OBX|4|TX|22636-5^Pathology report.relevant history^LN||Line one\X0D0A\Line two||||||F",
    r"OBX|5|ST|8251-1^Service comment^LN||Code \X41424321\ hex, lower \X6a6b\||||||F",
    r"OBX|6|ST|8251-1^Service comment^LN||JIS \C2842\ABC\M2442\ mixed||||||F",
    r"NTE|1|L|Reviewed by Dr. O'Neil \E\ Dr. Kwan\.br\Second line",
]

add("escapes", join(ESCAPES), "ORU^R01 v2.5 exercising \\F\\ \\S\\ \\T\\ \\R\\ \\E\\, \\X..\\, \\C..\\, \\M..\\ and FT formatting escapes",
    fields=["OBX"], counts=["OBX"],
    notes=[
        "OBX[4]-5 decodes to 'Line one', CR, LF, 'Line two' (no text fact: CR cannot be written here)",
        "OBX[6]-5's text fact contains two literal ESC (0x1B) characters",
    ],
    facts=[
        ("text", "OBX[1]-5", 'Specimen A|B labelled "colon^sigmoid" & bag 2~3 \\ jar'),
        ("text", "OBX[2]-5", "FINAL DIAGNOSIS\nSigmoid colon, biopsy:\n\nTubular adenoma, low grade.\n"
         "Margins free.   (see note)"),
        ("text", "OBX[3]-5", "Comment\nFilled text line no-fill line\nend"),
        ("text", "OBX[5]-5", "Code ABC! hex, lower jk"),
        ("text", "OBX[6]-5", "JIS \x1b(BABC\x1b$B mixed"),
        ("text", "NTE-3", "Reviewed by Dr. O'Neil \\ Dr. Kwan\nSecond line"),
        ("raw", "OBX[4]-2", "TX"),
        ("empty", "OBX[6]-6"),
    ])

UTF8 = [
    r"MSH|^~\&|INTLREG|HÔPITAL_NORD|EHR|CLINIQUE|20261116094510+0900||ADT^A04^ADT_A01|U8-00042|P|2.6"
    r"|||AL|NE|JPN|UNICODE UTF-8",
    "EVN|A04|20261116094500+0900",
    r"PID|1||JP-7781203^^^HN^MR||Müller\S\Hans^Jürgen~山田^太郎^^^^^L~やまだ^たろう^^^^^P||19820219|M"
    "|||Rue de l'Église 12^^Genève^^1204^CHE",
    "NK1|1|Dupré^Élodie|SPO^Spouse^HL70063",
    "OBX|1|ST|8251-1^Service comment^LN||Patient prefers 日本語 interpreter 🙂 — café at 8:00||||||F",
    r"OBX|2|ST|8251-1^Service comment^LN||\XC3BC\ber (hex) und Grüße \XF09F9A91\||||||F",
]

add("charset_utf8", join(UTF8), "ADT^A04 v2.6, MSH-18 UNICODE UTF-8: accents, Japanese, emoji, UTF-8 next to escapes",
    fields=["PID", "MSH"],
    facts=[
        ("raw", "MSH-4", "HÔPITAL_NORD"),
        ("raw", "MSH-18", "UNICODE UTF-8"),
        ("text", "PID-5.1", "Müller^Hans"),
        ("raw", "PID-5.2", "Jürgen"),
        ("text", "PID-5[2].1", "山田"),
        ("text", "PID-5[3].2", "たろう"),
        ("text", "PID-11.3", "Genève"),
        ("text", "NK1-2.2", "Élodie"),
        ("text", "OBX-5", "Patient prefers 日本語 interpreter 🙂 — café at 8:00"),
        ("text", "OBX[2]-5", "über (hex) und Grüße 🚑"),
    ])

LATIN1 = [
    r"MSH|^~\&|KLINIKSYS|UKSH|LABOR|UKSH|20261118071522+0100||ADT^A01|L1-000311|P|2.3.1|||AL|NE|DEU"
    r"|8859/1",
    "EVN|A01|20261118071500+0100",
    "PID|1||DE-44120977^^^UKSH^MR||Müller^Jürgen^Hans-Peter^^Dr.||19590311|M"
    "|||Königstraße 7^^Lübeck^^23552^DEU||+49 451 5550123",
    "NK1|1|Müller^Bärbel|SPO",
    "PV1|1|I|Station 3^Zimmer 12^Bett 2",
    r"NTE|1||Patient spricht Französisch: «Où est la pièce?» Allergie gegen Nüsse, \XE9\t\XE9\ 2025.",
]

add("charset_latin1", join(LATIN1, encoding="latin-1"),
    "ADT^A01 v2.3.1 in real ISO-8859-1 bytes (0xFC etc.), MSH-18 8859/1",
    fields=["PID"],
    notes=["text facts are the Unicode text; the file itself is Latin-1 (ü is the byte 0xFC)"],
    facts=[
        ("text", "MSH-18", "8859/1"),
        ("text", "PID-5.1", "Müller"),
        ("text", "PID-5.2", "Jürgen"),
        ("text", "PID-11.1", "Königstraße 7"),
        ("text", "PID-11.3", "Lübeck"),
        ("text", "NK1-2.2", "Bärbel"),
        ("text", "PV1-3.2", "Zimmer 12"),
        ("text", "NTE-3", "Patient spricht Französisch: «Où est la pièce?» Allergie gegen Nüsse, été 2025."),
    ])

ASCII = [
    r"MSH|^~\&|ADMIT|MERCYVALE|RIS|MERCYVALE|20260302120000-0600||ADT^A08^ADT_A01|AS-0099|P|2.4"
    r"|||AL|NE|USA|ASCII",
    "EVN|A08|20260302120000-0600",
    "PID|1||MV-220019^^^MERCYVALE^MR||WHITECLOUD^DANA^J||19931105|F|||400 Sioux Ave^^Pierre^SD^57501",
    r"NTE|1||Plain 7-bit text with an escaped caret \S\ and tilde \R\; hex \X4F4B\.",
]

add("charset_ascii", join(ASCII), "ADT^A08 v2.4 declared MSH-18 ASCII, 7-bit bytes only",
    fields=["MSH", "NTE"],
    facts=[
        ("raw", "MSH-18", "ASCII"),
        ("raw", "MSH-17", "USA"),
        ("raw", "PID-5.1", "WHITECLOUD"),
        ("raw", "PID-11.4", "SD"),
        ("absent", "PID-11.6"),
        ("text", "NTE-3", "Plain 7-bit text with an escaped caret ^ and tilde ~; hex OK."),
    ])

IR87 = [
    r"MSH|^~\&|JPLAB|TOKYO_CL|EHR|TOKYO_CL|20261120101500+0900||ORU^R01|IR87-0003|P|2.5|||AL|NE|JPN"
    r"|ISO IR87",
    "PID|1||TK-55019^^^TOKYO_CL^MR||SATO^HANAKO||19770815|F",
    "OBR|1|ORD-8812|F-8812|2345-7^Glucose [Mass/volume] in Serum or Plasma^LN|||20261120090000+0900",
    "OBX|1|NM|2345-7^Glucose [Mass/volume] in Serum or Plasma^LN||104|mg/dL^^UCUM|70-109|N|||F",
]

add("charset_unsupported", join(IR87), "ORU^R01 v2.5 declaring MSH-18 ISO IR87 (JIS X 0208, not supported) but ASCII bytes only",
    fields=["MSH", "OBX"],
    notes=["only raw facts: decoding text in an unsupported charset is allowed to fail"],
    facts=[
        ("raw", "MSH-18", "ISO IR87"),
        ("raw", "MSH-17", "JPN"),
        ("raw", "PID-5.1", "SATO"),
        ("raw", "PID-5.2", "HANAKO"),
        ("raw", "OBX-5", "104"),
        ("raw", "OBX-7", "70-109"),
    ])


# ---------------------------------------------------------------------------------------
# Line-ending / framing variants of adt_a04 (same facts, lenient unless noted)
# ---------------------------------------------------------------------------------------

add("adt_a04_lf", join(ADT_A04, term="\n"), "adt_a04 with LF segment terminators",
    mode="lenient", fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS)
add("adt_a04_crlf", join(ADT_A04, term="\r\n"), "adt_a04 with CR LF segment terminators",
    mode="lenient", fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS)
add("adt_a04_bom", BOM + join(ADT_A04), "adt_a04 preceded by a UTF-8 byte order mark",
    mode="lenient", fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS,
    notes=["strict mode rejects this file at offset 0 (BOM)"])
add("adt_a04_trailing_ws", join(ADT_A04) + b"  \t\x00\x00\x00\r\n\x00",
    "adt_a04 followed (after its final CR) by blanks, a tab, NULs, CR LF and a NUL",
    mode="lenient", fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS,
    notes=["strict mode rejects this file (bytes after the last segment)"])
add("adt_a04_no_final_cr", join(ADT_A04, final=False), "adt_a04 without the CR after the last segment",
    fields=["MSH", "PID", "AL1"], facts=ADT_A04_FACTS,
    notes=["a missing final terminator is tolerated even in strict mode (not in the strict"
           " rejection list); the last segment is AL1 with 3 fields"])


# ---------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------


def _elr(n, mrn, family, given, dob, sex, loinc, name, value, unit, rng, flag):
    return [
        r"MSH|^~\&|LABSYS|CITYLAB^05D0000001^CLIA|STATEDOH|ELR|20261121020%03d-0500||ORU^R01^ORU_R01"
        r"|ELR-20261121-%04d|P|2.5.1|||NE|NE" % (n, n),
        "PID|1||%s^^^CITYLAB^MR||%s^%s||%s|%s" % (mrn, family, given, dob, sex),
        "OBR|1|PL-%04d|FL-%04d|%s^%s^LN|||20261120143000-0500" % (n, n, loinc, name),
        "OBX|1|NM|%s^%s^LN||%s|%s^^UCUM|%s|%s|||F" % (loinc, name, value, unit, rng, flag),
    ]


ELR = [
    _elr(1, "882211", "ORTEGA", "LUCIA", "19890715", "F", "2345-7",
         "Glucose [Mass/volume] in Serum or Plasma", "188", "mg/dL", "70-99", "H"),
    _elr(2, "883017", "PAVLOVIC", "MILAN", "19640330", "M", "4548-4",
         "Hemoglobin A1c/Hemoglobin.total in Blood", "8.1", "%", "4.0-5.6", "H"),
    _elr(3, "880455", "ABERNATHY", "ROSE", "19410918", "F", "2160-0",
         "Creatinine [Mass/volume] in Serum or Plasma", "1.9", "mg/dL", "0.6-1.1", "H"),
    _elr(4, "884902", "KOWALCZYK", "PIOTR", "20010104", "M", "2093-3",
         "Cholesterol [Mass/volume] in Serum or Plasma", "241", "mg/dL", "<200", "H"),
    _elr(5, "881236", "MENSAH", "ABENA", "19951212", "F", "2951-2",
         "Sodium [Moles/volume] in Serum or Plasma", "129", "mmol/L", "136-145", "L"),
]


def _flat(msgs):
    return [s for m in msgs for s in m]


FHS = r"FHS|^~\&|LABSYS|CITYLAB|STATEDOH|ELR|20261121020000-0500||ELR-20261121.hl7|Nightly ELR feed|F-20261121"


def _bhs(n):
    return r"BHS|^~\&|LABSYS|CITYLAB|STATEDOH|ELR|20261121020000-0500||||B-20261121-%02d" % n


add_batch("batch_fhs", join([FHS, _bhs(1)] + _flat(ELR[:3]) + ["BTS|3|batch 1 of 2", _bhs(2)]
                            + _flat(ELR[3:]) + ["BTS|2|batch 2 of 2", "FTS|2|end of file"]),
          "FHS/BHS..BTS/BHS..BTS/FTS file: two batches (3 + 2 ORU^R01 v2.5.1 messages)",
          messages=5, batch_ok=True)

A08S = [
    [r"MSH|^~\&|CAREGATE|RBGH|MPI|RBGH|2026112209%02d00-0500||ADT^A08^ADT_A01|NB-%03d|P|2.8" % (i, i),
     "EVN||2026112209%02d00-0500" % i,
     "PID|1||%s^^^RBGH^MR||%s||%s|%s" % (mrn, name, dob, sex)]
    for i, (mrn, name, dob, sex) in enumerate([
        ("004718293", "HALVORSEN^INGRID^MARIT", "19780412", "F"),
        ("004720118", "ROUSSEAU^THEO", "20030719", "M"),
        ("004720931", "QUISPE^ROSA^ELENA", "19560122", "F"),
    ], 1)
]

add_batch("batch_no_fhs", join([_bhs(7)] + _flat(A08S) + ["BTS|3"]),
          "BHS..BTS batch of 3 ADT^A08 v2.8 messages without FHS/FTS",
          messages=3, batch_ok=True)

add_batch("batch_bad_count", join([FHS, _bhs(3)] + _flat(ELR[:3]) + ["BTS|4", "FTS|1"]),
          "FHS/BHS batch of 3 messages whose BTS-1 wrongly says 4",
          messages=3, batch_ok=False)


# ---------------------------------------------------------------------------------------
# Malformed input
# ---------------------------------------------------------------------------------------

_oru = join(ORU_R01)
_cut = _oru.index(b"OBX|3|") + len(b"OBX|3|NM|777-3^Platelets [#/vol")
add("malformed_truncated_segment", _oru[:_cut],
    "oru_r01 cut off in the middle of its last OBX (no final CR)",
    fields=["OBX"], counts=["OBX"],
    notes=["nothing marks the cut: strict parsing tolerates the missing final CR, so the",
           "facts describe the partial last segment"],
    facts=[
        ("raw", "OBX[3]-3.1", "777-3"),
        ("raw", "OBX[3]-3.2", "Platelets [#/vol"),
        ("absent", "OBX[3]-3.3"),
        ("absent", "OBX[3]-4"),
        ("raw", "OBX[2]-8", "L"),
    ])

add("malformed_truncated_msh", b"MSH|^~", "input ends inside MSH-2", ok=False, error_offset=6,
    notes=["error at the end of input (offset 6)"])

_rnd = random.Random(0xBAD)
add("malformed_binary", b"\x89\xfe\x13\x07" + bytes(_rnd.getrandbits(8) for _ in range(508)),
    "512 bytes of binary garbage (seeded random)", ok=False, error_offset=0)

add("malformed_empty", b"", "empty file", ok=False, error_offset=0)

add("malformed_no_msh", join(ADT_A04[2:]), "adt_a04 without its MSH and EVN: starts with PID",
    ok=False, error_offset=0)

add("malformed_dup_encoding", join([r"MSH|^^\&|CAREGATE|RBGH|HIEGW|HIE|20261103141522||ADT^A01|DUP-1|P|2.5"]
                                   + ADT_A01[1:3]),
    "MSH-2 repeats a character (^^\\&)", ok=False, error_offset=5,
    notes=["offset 5 is the second ^ (the repeated encoding character)"])


# ---------------------------------------------------------------------------------------
# Round trip: re-read what was written and re-check every fact from the .expect text
# ---------------------------------------------------------------------------------------


def _unexpect(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v) and v[i + 1] in "n\\":
            out.append("\n" if v[i + 1] == "n" else "\\")
            i += 2
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def verify():
    for name in ENTRIES:
        data = (OUT / (name + ".hl7")).read_bytes()
        facts = {}
        checks = []
        for line in (OUT / (name + ".expect")).read_text("utf-8").split("\n"):
            if not line or line.startswith("#"):
                continue
            key, _, val = line.partition(": ")
            if key in ("raw", "text"):
                path, _, v = val.partition(" = ")
                checks.append((key, path, _unexpect(v)))
            elif key in ("absent", "null", "empty"):
                checks.append((key, val))
            elif key in ("fields", "count"):
                facts.setdefault(key, []).append(val.split(" "))
            else:
                facts[key] = val
        if "batch_ok" in facts:
            continue  # checked by add_batch
        if facts["ok"] == "false":
            try:
                segs = split_segments(data, facts["mode"])
                Delims(segs[0])
            except (CorpusError, IndexError):
                continue
            raise CorpusError(name + ": ok: false but the splitter accepts it")
        segs = split_segments(data, facts["mode"])
        d = Delims(segs[0])
        cs = charset_of(segs, d)
        assert int(facts["segments"]) == len(segs), name
        if "segment_ids" in facts:
            assert facts["segment_ids"].split(" ") == [seg_id(s, d).decode() for s in segs], name
        for sid, n in facts.get("fields", []):
            seg = next(s for s in segs if seg_id(s, d) == sid.encode())
            assert fields_of(seg, d)[1] == int(n), (name, sid)
        for sid, n in facts.get("count", []):
            assert sum(seg_id(s, d) == sid.encode() for s in segs) == int(n), (name, sid)
        for c in checks:
            check_fact(segs, d, cs, c)
    print("verified %d expect files" % len(ENTRIES))


README_FORMAT = r"""## `.expect` format

UTF-8 text, one fact per line; lines starting with `#` are comments.

- `mode: strict|lenient` - the parse mode the facts hold for. Strict: CR-only terminators,
  no BOM, no empty segments, nothing after the last segment (a missing final CR is
  tolerated). Lenient also accepts LF/CRLF, a BOM, leading/trailing whitespace and NULs,
  empty segments.
- `ok: true|false` - whether parsing succeeds in that mode; `error_offset: N` (byte offset)
  is given for some failures.
- `segments: N` (non-empty segments), `segment_ids: MSH EVN ...` (omitted for the large
  file), `count: OBX 237` (occurrences of a segment id).
- `fields: PID 30` - field count of the first segment with that id. For MSH, MSH-1 is the
  field separator and MSH-2 the encoding characters (`MSH|^~\&|A|B` has 4 fields);
  trailing empty fields count (`PID|1||` has 3).
- `raw: PATH = VALUE` - raw, still escaped value (only in UTF-8/ASCII files). Raw values in
  this corpus never contain a backslash or a newline, so they need no unescaping.
- `text: PATH = VALUE` - value after unescaping and charset decoding; in VALUE `\n` is a
  newline and `\\` a backslash. Rendering: `\.br\` newline; `\.sp N\` N newlines (`\.sp\`
  one); `\.sk N\` N spaces; `\H\ \N\ \.in N\ \.ti N\ \.ce\ \.fi\ \.nf\` removed;
  `\F\ \S\ \T\ \R\ \E\` the message's own delimiters; `\Xhh..\` those bytes, decoded in the
  message charset; `\Cxxyy\` ESC xx yy and `\Mxxyyzz\` ESC xx yy zz (escapes.expect has a
  text value with two literal ESC characters). Latin-1 files give the Unicode text.
- `absent: PATH`, `null: PATH` (exactly `""`), `empty: PATH` (present but empty).
- Batch files have `batch_messages: N` (when the batch is valid) and `batch_ok: true|false`
  (strict batch splitting with trailer counts checked), and no `ok:` line.

Paths are 1-based: `PID-5` field, `PID-5.1` component 1 of the first repetition,
`PID-5[2].1.2` repetition 2, component 1, subcomponent 2, `OBX[3]-5` field 5 of the third
OBX. A value without component separators is its own `.1`; its `.2` is absent.""".split("\n")


if __name__ == "__main__":
    main()
    verify()
