#!/usr/bin/env python3
"""Writes the X12 fixture corpus in this directory.

Every fixture is fictional (names, ids, NPIs, addresses invented for these tests). Segments
are written with placeholder delimiters and the envelope (SE01/GE01/IEA01, trailer control
numbers) is computed, so that valid fixtures are valid by construction; the broken fixtures
then change exactly one thing each, on purpose.

Run from anywhere: `python3 x12/tests/data/make_fixtures.py`. The expected results
(`*.expect`) are produced by the Rust corpus test with `X12_BLESS=1` and reviewed by hand.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Placeholders used while writing segments: '*' element, '^' repetition, ':' component.


def isa(sender, receiver, control, version="00501", rep="^", usage="P", ack="0", date="261124", time="0830"):
    isa11 = rep if version >= "00402" else "U"
    return ("ISA*00*" + " " * 10 + "*00*" + " " * 10 + "*ZZ*" + sender.ljust(15) + "*ZZ*" + receiver.ljust(15)
            + "*" + date + "*" + time + "*" + isa11 + "*" + version + "*" + control + "*" + ack + "*" + usage + "*:")


def transaction(ts_id, control, body, impl_ref=None, count=None):
    st = "ST*" + ts_id + "*" + control + ("*" + impl_ref if impl_ref else "")
    n = len(body) + 2 if count is None else count
    return [st] + body + ["SE*%d*%s" % (n, control)]


def group(fid, sender, receiver, control, version, sets, count=None, trailer_control=None):
    segs = ["GS*%s*%s*%s*20261124*0830*%s*X*%s" % (fid, sender, receiver, control, version)]
    for s in sets:
        segs += s
    n = len(sets) if count is None else count
    segs.append("GE*%d*%s" % (n, control if trailer_control is None else trailer_control))
    return segs


def interchange(header, groups, control, count=None, trailer_control=None):
    segs = [header]
    for g in groups:
        segs += g
    n = len(groups) if count is None else count
    segs.append("IEA*%d*%s" % (n, control if trailer_control is None else trailer_control))
    return segs


def render(segs, element="*", repetition="^", component=":", terminator="~", after=""):
    out = []
    for s in segs:
        if s.startswith("ISA*"):
            # ISA11 and ISA16 are the separators themselves: map only the element separator
            # and the last byte (component separator).
            body = s[:-1].replace("*", element)
            isa11_at = 82
            if body[isa11_at] == "^":
                body = body[:isa11_at] + repetition + body[isa11_at + 1:]
            out.append(body + component)
        else:
            out.append(s.replace("*", element).replace("^", repetition).replace(":", component))
    return "".join(x + terminator + after for x in out)


def claim_837p(n, patient, account, amount, lines):
    """Subscriber/patient HL and one claim with service lines (loops 2000B-2400)."""
    first, last = patient
    segs = [
        "HL*%d*1*22*0" % n,
        "SBR*P*18*GRP%05d******CI" % (12345 + n),
        "NM1*IL*1*%s*%s*Q***MI*XYZ%09d" % (last, first, 123456780 + n),
        "N3*%d ELM AVENUE" % (40 + n),
        "N4*SPRINGFIELD*IL*627040000",
        "DMG*D8*19800102*M",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "CLM*%s*%s***11:B:1*Y*A*Y*Y" % (account, amount),
        "REF*D9*CLAIMREF%04d" % n,
        "HI*ABK:J459*ABF:R05",
        "NM1*82*1*SMITH*ANNA****XX*1987654325",
        "PRV*PE*PXC*207Q00000X",
    ]
    for i, (code, charge) in enumerate(lines, 1):
        segs += [
            "LX*%d" % i,
            "SV1*HC:%s*%s*UN*1***1" % (code, charge),
            "DTP*472*D8*20261120",
        ]
    return segs


def body_837p(claims=3):
    body = [
        "BHT*0019*00*0123*20261124*0830*CH",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "PER*IC*JANE BILLER*TE*5555550100*EM*BILLING@NORTHWIND.EXAMPLE",
        "NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT",
        "HL*1**20*1",
        "PRV*BI*PXC*207Q00000X",
        "NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*627010000",
        "REF*EI*123456789",
    ]
    patients = [("JOHN", "DOE"), ("MARY", "ROE"), ("ALEX", "POE")]
    for c in range(claims):
        body += claim_837p(c + 2, patients[c % 3], "PATACCT%03d" % (c + 1), "225",
                           [("99213:25", "125"), ("87880", "100")])
    return body


def i837p(control="000000905", gcontrol="905", **isa_kw):
    return interchange(
        isa("CLEARHOUSE01", "PAYERABC", control, **isa_kw),
        [group("HC", "CLEARHOUSE01", "PAYERABC", gcontrol, "005010X222A1",
               [transaction("837", "0001", body_837p(), "005010X222A1")])],
        control)


def i835():
    claims = []
    for n, (acct, billed, paid, resp) in enumerate(
            [("PATACCT001", "225", "180", "20"), ("PATACCT002", "310", "250", "35"),
             ("PATACCT003", "95", "0", "0")], 1):
        status = "4" if paid == "0" else "1"
        claims += [
            "CLP*%s*%s*%s*%s*%s*12*PAYERCLM%04d*11*1" % (acct, status, billed, paid, resp, n),
            "CAS*PR*1*%s" % resp if resp != "0" else "CAS*CO*50*%s" % billed,
            "NM1*QC*1*DOE*JOHN****MI*XYZ12345678%d" % n,
            "DTM*232*20261120",
            "SVC*HC:99213*%s*%s**1" % (billed, paid),
            "DTM*472*20261120",
            "AMT*B6*%s" % paid,
        ]
    body = [
        "BPR*I*430*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20261128",
        "TRN*1*12345*1512345678",
        "DTM*405*20261124",
        "N1*PR*PRAIRIE MUTUAL HEALTH PLAN",
        "N3*1 INSURANCE WAY",
        "N4*CHICAGO*IL*606010000",
        "REF*2U*66783JJT",
        "N1*PE*NORTHWIND FAMILY CLINIC*XX*1234567893",
        "LX*1",
    ] + claims + ["PLB*1234567893*20261231*WO:PATACCT003*-5"]
    return interchange(
        isa("PAYERABC", "CLEARHOUSE01", "000000411"),
        [group("HP", "PAYERABC", "CLEARHOUSE01", "411", "005010X221A1",
               [transaction("835", "35001", body, "005010X221A1")])],
        "000000411")


def i270_271():
    req = [
        "BHT*0022*13*EQ0001*20261124*0830",
        "HL*1**20*1", "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*2*1*21*1", "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*3*2*22*0", "TRN*1*EQ0001-1*9876543210", "NM1*IL*1*DOE*JOHN****MI*XYZ123456782",
        "DMG*D8*19800102", "DTP*291*D8*20261124", "EQ*30",
    ]
    resp = [
        "BHT*0022*11*EQ0001*20261124*0831",
        "HL*1**20*1", "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*2*1*21*1", "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*3*2*22*0", "TRN*2*EQ0001-1*9876543210", "NM1*IL*1*DOE*JOHN****MI*XYZ123456782",
        "N3*42 ELM AVENUE", "N4*SPRINGFIELD*IL*627040000", "DMG*D8*19800102*M",
        "DTP*346*D8*20260101",
        "EB*1*IND*30^1^35^47^48^50^86^88^98^AL^MH^UC**GOLD PPO PLAN",
        "EB*C*IND*30***23*500*****Y", "EB*B*IND*98***27*25*****Y",
        "MSG*COPAY APPLIES TO OFFICE VISITS",
    ]
    i270 = interchange(
        isa("NORTHWIND", "PAYERABC", "000000270"),
        [group("HS", "NORTHWIND", "PAYERABC", "270", "005010X279A1",
               [transaction("270", "0001", req, "005010X279A1")])],
        "000000270")
    i271 = interchange(
        isa("PAYERABC", "NORTHWIND", "000000271"),
        [group("HB", "PAYERABC", "NORTHWIND", "271", "005010X279A1",
               [transaction("271", "0001", resp, "005010X279A1")])],
        "000000271")
    return i270, i271


def i834():
    body = [
        "BGN*00*ENROLL20261124*20261124*0830****2",
        "REF*38*GRP12345",
        "DTP*007*D8*20270101",
        "N1*P5*NORTHWIND MANUFACTURING*FI*361234567",
        "N1*IN*PRAIRIE MUTUAL HEALTH PLAN*FI*369876543",
    ]
    members = [("Y", "18", "DOE", "JOHN", "M"), ("N", "01", "DOE", "JANE", "F"), ("N", "19", "DOE", "JIMMY", "M")]
    for i, (sub, rel, last, first, sex) in enumerate(members, 1):
        body += [
            "INS*%s*%s*021*28*A***FT" % (sub, rel),
            "REF*0F*SUB123456",
            "REF*1L*GRP12345",
            "DTP*356*D8*20270101",
            "NM1*IL*1*%s*%s****34*99999999%d" % (last, first, i),
            "PER*IP**HP*5555550123",
            "N3*42 ELM AVENUE",
            "N4*SPRINGFIELD*IL*627040000",
            "DMG*D8*198%d0102*%s" % (i, sex),
            "HD*021**HLT*PPO GOLD*FAM",
            "DTP*348*D8*20270101",
        ]
    return interchange(
        isa("NORTHWINDHR", "PAYERABC", "000000834"),
        [group("BE", "NORTHWINDHR", "PAYERABC", "834", "005010X220A1",
               [transaction("834", "0001", body, "005010X220A1")])],
        "000000834")


def i999():
    body = [
        "AK1*HC*905*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*CLM*20**8",
        "CTX*CLM01:PATACCT001",
        "IK4*2*782*4",
        "IK5*R*5",
        "AK9*R*1*1*0",
    ]
    return interchange(
        isa("PAYERABC", "CLEARHOUSE01", "000000999"),
        [group("FA", "PAYERABC", "CLEARHOUSE01", "999", "005010X231A1",
               [transaction("999", "0001", body, "005010X231A1")])],
        "000000999")


def i4010():
    body = [
        "BHT*0019*00*0123*20261124*0830*CH",
        "REF*87*004010X098A1",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT",
        "HL*1**20*1",
        "NM1*85*2*NORTHWIND FAMILY CLINIC*****24*361234567",
        "HL*2*1*22*0",
        "SBR*P*18*GRP12345******CI",
        "NM1*IL*1*DOE*JOHN****MI*XYZ123456789",
        "CLM*PATACCT001*125***11::1*Y*A*Y*Y*C",
        "LX*1",
        "SV1*HC:99213*125*UN*1***1",
        "DTP*472*D8*20261120",
    ]
    return interchange(
        isa("CLEARHOUSE01", "PAYERABC", "000000401", version="00401"),
        [group("HC", "CLEARHOUSE01", "PAYERABC", "401", "004010X098A1",
               [transaction("837", "0001", body)])],
        "000000401")


def write(name, text, binary=False):
    path = os.path.join(HERE, name)
    data = text if binary else text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def main():
    write("837p.x12", render(i837p()))
    write("837p_crlf.x12", render(i837p(), after="\r\n"))
    write("837p_lf_after.x12", render(i837p(), after="\n"))
    write("837p_lf_terminator.x12", render(i837p(), terminator="\n"))
    write("837p_custom_delimiters.x12",
          render(i837p(), element="|", repetition="!", component="}", terminator="\x1c"))
    write("837p_bom_whitespace.x12", "\ufeff  \r\n" + render(i837p(), after="\r\n") + "\r\n\r\n  \n")
    write("837p_no_final_terminator.x12", render(i837p())[:-1])
    write("837p_empty_segments.x12", render(i837p()).replace("~N3*", "~~N3*", 1))
    unpadded = render(i837p())
    unpadded = unpadded.replace("CLEARHOUSE01   ", "CLEARHOUSE01", 1).replace(" " * 10 + "*", "*", 2)
    write("837p_unpadded_isa.x12", unpadded)
    write("835.x12", render(i835(), after="\n"))
    i270, i271 = i270_271()
    write("270.x12", render(i270))
    write("271.x12", render(i271))
    write("834.x12", render(i834(), after="\r\n"))
    write("999.x12", render(i999()))
    write("837_4010.x12", render(i4010()))
    # Several interchanges in one file, with different delimiters, separated by a line feed.
    write("multiple_interchanges.x12",
          render(i835()) + "\n" + render(i999(), element="|", component="}", repetition="!", terminator="\n")
          + render(i270_271()[1]))

    # Broken envelopes: one deliberate fault each.
    ic = i837p()
    def se(f):
        return [("SE*" + f(*s.split("*")[1:]) if s.startswith("SE*") else s) for s in ic]
    write("bad_se_count.x12", render(se(lambda n, c: "%d*%s" % (int(n) - 1, c))))
    write("bad_se_control.x12", render(se(lambda n, c: "%s*0002" % n)))
    write("bad_se_count_not_number.x12", render(se(lambda n, c: "4A*%s" % c)))
    bad = [("GE*2*905" if s.startswith("GE*") else s) for s in ic]
    write("bad_ge_count.x12", render(bad))
    bad = [("GE*1*906" if s.startswith("GE*") else s) for s in ic]
    write("bad_ge_control.x12", render(bad))
    bad = [("IEA*3*000000906" if s.startswith("IEA*") else s) for s in ic]
    write("bad_iea.x12", render(bad))
    bad = [s.replace("*005010X222A1", "*005010X223A2") if s.startswith("ST*") else s for s in ic]
    write("bad_version_mismatch.x12", render(bad))
    bad = [("ST*83*00A" if s.startswith("ST*") else s) for s in ic]
    write("bad_st_values.x12", render(bad))
    # Missing SE (the next ST reveals it), missing GE (the next GS reveals it), and a
    # truncated file (no IEA).
    two = interchange(
        isa("CLEARHOUSE01", "PAYERABC", "000000906"),
        [group("HC", "CLEARHOUSE01", "PAYERABC", "906", "005010X222A1",
               [transaction("837", "0001", body_837p(1), "005010X222A1")[:-1],
                transaction("837", "0002", body_837p(1), "005010X222A1")])[:-1],
         group("HC", "CLEARHOUSE01", "PAYERABC", "907", "005010X222A1",
               [transaction("837", "0003", body_837p(1), "005010X222A1")])],
        "000000906", count=2)
    write("missing_trailers.x12", render(two))
    write("truncated.x12", render(ic[:40]))
    # Segments outside transaction sets, a transaction set outside any group, stray SE/GE.
    stray = interchange(
        isa("CLEARHOUSE01", "PAYERABC", "000000908"),
        [["NM1*41*2*STRAY SEGMENT", "REF*EI*1"]
         + transaction("837", "0001", body_837p(1), "005010X222A1")
         + ["SE*1*9999", "GE*1*1"]],
        "000000908", count=0)
    write("structure_errors.x12", render(stray))
    write("isa_bad_values.x12", render(interchange(
        isa("CLEARHOUSE01", "PAYERABC", "00000090X", usage="X", ack="2"), [], "00000090X")))
    write("isa11_not_separator_5010.x12", render(interchange(
        isa("CLEARHOUSE01", "PAYERABC", "000000912", rep="U"), [], "000000912")))
    # Not X12 at all, and an ISA cut short.
    write("not_x12.x12", "MSH|^~\\&|LAB|HOSP|||20261124||ORU^R01|1|P|2.5\r")
    write("truncated_isa.x12", render(ic)[:80])
    write("empty.x12", "")


if __name__ == "__main__":
    main()
