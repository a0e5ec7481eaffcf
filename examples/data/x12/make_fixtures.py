#!/usr/bin/env python3
"""Writes the implementation-guide fixtures in this directory (loop trees, SNIP 2 findings,
acknowledgments).

Every name, id, NPI, address and amount is invented for these tests. Segments are written
with `*` `^` `:` `~` and the envelope (SE01, GE01, IEA01, trailer control numbers) is
computed; the `bad_*` fixtures then break exactly the things their comment says.

Run from anywhere: `python3 examples/data/x12/make_fixtures.py`. The expected results
(`*.expect`) are produced by `cargo test -p x12 --test guides` with `X12_BLESS=1` and
reviewed by hand.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def isa(sender, receiver, control, date="261124", time="0830", usage="P"):
    return ("ISA*00*" + " " * 10 + "*00*" + " " * 10 + "*ZZ*" + sender.ljust(15) + "*ZZ*"
            + receiver.ljust(15) + "*" + date + "*" + time + "*^*00501*" + control + "*0*"
            + usage + "*:")


def interchange(sender, receiver, control, groups):
    """groups: [(GS01, GS06, GS08, [(ST01, ST02, body)])]"""
    segs = [isa(sender, receiver, control)]
    for fid, gcn, version, sets in groups:
        segs.append("GS*%s*%s*%s*20261124*0830*%s*X*%s" % (fid, sender, receiver, gcn, version))
        for st01, st02, body in sets:
            segs.append("ST*%s*%s*%s" % (st01, st02, version))
            segs += body
            segs.append("SE*%d*%s" % (len(body) + 2, st02))
        segs.append("GE*%d*%s" % (len(sets), gcn))
    segs.append("IEA*%d*%s" % (len(groups), control))
    return "".join(s + "~\n" for s in segs)


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="ascii", newline="") as f:
        f.write(text)


# ---- 837P: two billing-provider levels' worth of claims, a dependent patient ---------------

def provider_837p():
    return [
        "BHT*0019*00*BATCH0042*20261124*0830*CH",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "PER*IC*JANE BILLER*TE*5555550100*EM*BILLING@NORTHWIND.EXAMPLE",
        "NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT",
        "HL*1**20*1",
        "PRV*BI*PXC*207Q00000X",
        "NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "N3*100 MAIN STREET*SUITE 200",
        "N4*SPRINGFIELD*IL*627010000",
        "REF*EI*361234567",
        "PER*IC*FRONT DESK*TE*5555550111",
        "NM1*87*2",
        "N3*PO BOX 4400",
        "N4*SPRINGFIELD*IL*627014400",
    ]


def service_lines(lines, date):
    out = []
    for i, (code, mods, charge, units, pointers) in enumerate(lines, 1):
        proc = ":".join(["HC", code] + mods)
        out += [
            "LX*%d" % i,
            "SV1*%s*%s*UN*%s***%s" % (proc, charge, units, pointers),
            "DTP*472*D8*%s" % date,
            "REF*6R*LINE%04d" % (i * 7),
        ]
    return out


def claim(account, total, pos, dx, lines, date, rendering=True, prior_auth=None):
    segs = [
        "CLM*%s*%s***%s:B:1*Y*A*Y*Y" % (account, total, pos),
        "DTP*431*D8*20261101",
    ]
    if prior_auth:
        segs.append("REF*G1*%s" % prior_auth)
    segs.append("REF*D9*%s" % ("TRACE" + account))
    segs.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(dx)))
    if rendering:
        segs += ["NM1*82*1*SMITH*ANNA*M***XX*1987654325", "PRV*PE*PXC*207Q00000X"]
    segs += service_lines(lines, date)
    return segs


def body_837p():
    body = provider_837p()
    # Subscriber who is the patient: two claims.
    body += [
        "HL*2*1*22*0",
        "SBR*P*18*GRP12345******CI",
        "NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782",
        "N3*42 ELM AVENUE",
        "N4*SPRINGFIELD*IL*627040000",
        "DMG*D8*19800102*M",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
    ]
    body += claim("PATACCT1001", "285", "11", ["J0300", "R509"], [
        ("99214", ["25"], "160", "1", "1:2"),
        ("87880", [], "45", "1", "1"),
        ("36415", [], "80", "2", "2"),
    ], "20261118", prior_auth="AUTH99887")
    body += claim("PATACCT1002", "125", "11", ["M545"], [
        ("99213", [], "125", "1", "1"),
    ], "20261120", rendering=False)
    # Subscriber with a dependent patient (2000C).
    body += [
        "HL*3*1*22*1",
        "SBR*P**GRP12399******CI",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*4*3*23*0",
        "PAT*19",
        "NM1*QC*1*ROE*TIMMY",
        "N3*7 OAK COURT",
        "N4*SPRINGFIELD*IL*627040001",
        "DMG*D8*20150630*M",
    ]
    body += claim("PATACCT1003", "390", "11", ["J069", "R051", "Z23"], [
        ("99393", [], "210", "1", "1:3"),
        ("90460", [], "60", "1", "3"),
        ("90686", [], "120", "1", "3"),
    ], "20261121")
    return body


# ---- 837P with SNIP 2 errors -----------------------------------------------------------------

def body_837p_bad():
    body = body_837p()
    out = []
    for s in body:
        if s == "N3*100 MAIN STREET*SUITE 200":
            continue  # 2010AA N3 is required: RequiredSegmentMissing.
        if s.startswith("CLM*PATACCT1002*"):
            s = "CLM*PATACCT1002****11:B:1*Y*A*Y*Y"  # CLM02 missing.
        if s == "DTP*472*D8*20261120":
            s = "DTP*472*D8*20261131"  # 31 November: InvalidDate.
        if s == "DMG*D8*20150630*M":
            s = "DMG*D8*20150630*X"  # DMG03 not a listed code.
        if s == "HL*4*3*23*0":
            s = "HL*4*9*23*0"  # HL02 names no HL.
        if s == "PAT*19":
            out.append(s)
            out.append("ZZZ*NOT*A*SEGMENT")  # UnrecognizedSegment.
            continue
        out.append(s)
    return out


# ---- 835: two claims paid, one denied, provider adjustment -----------------------------------

def body_835():
    body = [
        "BPR*I*553.4*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20261128",
        "TRN*1*EFT20261128001*1512345678",
        "REF*EV*NORTHWIND01",
        "DTM*405*20261126",
        "N1*PR*PRAIRIE MUTUAL HEALTH PLAN",
        "N3*1 INSURANCE PLAZA",
        "N4*CHICAGO*IL*606010001",
        "REF*2U*66783",
        "PER*BL*PROVIDER SERVICES*TE*8005550199*UR*WWW.PRAIRIE.EXAMPLE",
        "N1*PE*NORTHWIND FAMILY CLINIC*XX*1234567893",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*627010000",
        "REF*TJ*361234567",
        "LX*1",
        # Claim 1: paid with a contractual adjustment and patient responsibility.
        "CLP*PATACCT1001*1*285*198.4*40*12*PMH26112800001*11*1",
        "NM1*QC*1*DOE*JOHN*Q***MI*XYZ123456782",
        "NM1*82*1*SMITH*ANNA****XX*1987654325",
        "DTM*232*20261118",
        "DTM*050*20261125",
        "SVC*HC:99214:25*160*108.4**1",
        "DTM*472*20261118",
        "CAS*CO*45*21.6",
        "CAS*PR*2*30",
        "AMT*B6*138.4",
        "SVC*HC:87880*45*40**1",
        "DTM*472*20261118",
        "CAS*CO*45*5",
        "AMT*B6*40",
        "SVC*HC:36415*80*50**2",
        "DTM*472*20261118",
        "CAS*CO*45*20",
        "CAS*PR*3*10",
        "AMT*B6*60",
        # Claim 2: paid in full.
        "CLP*PATACCT1002*1*125*125**12*PMH26112800002*11*1",
        "NM1*QC*1*DOE*JOHN*Q***MI*XYZ123456782",
        "DTM*232*20261120",
        "SVC*HC:99213*125*125**1",
        "DTM*472*20261120",
        # Claim 3: denied, not covered.
        "CLP*PATACCT1003*4*390*0**12*PMH26112800003*11*1",
        "NM1*QC*1*ROE*TIMMY",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "DTM*232*20261121",
        "SVC*HC:99393*210*0**1",
        "DTM*472*20261121",
        "CAS*CO*96*210",
        "SVC*HC:90460*60*0**1",
        "DTM*472*20261121",
        "CAS*CO*96*60",
        "SVC*HC:90686*120*0**1",
        "DTM*472*20261121",
        "CAS*CO*96*120",
        "PLB*1234567893*20261231*L6:INTEREST01*-230",
    ]
    return body


# ---- 270 / 271: subscriber and dependent -----------------------------------------------------

def body_270():
    return [
        "BHT*0022*13*EQ2026112401*20261124*0830",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*2*1*21*1",
        "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*3*2*22*1",
        "TRN*1*EQ2026112401-1*9876543210",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "DMG*D8*19851111*F",
        "DTP*291*D8*20261124",
        "EQ*30",
        "HL*4*3*23*0",
        "TRN*1*EQ2026112401-2*9876543210",
        "NM1*03*1*ROE*TIMMY",
        "DMG*D8*20150630*M",
        "INS*N*19",
        "DTP*291*D8*20261124",
        "EQ*30",
        "EQ*98",
    ]


def body_271():
    return [
        "BHT*0022*11*EQ2026112401*20261124*0831",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "PER*IC*PROVIDER SERVICES*TE*8005550199",
        "HL*2*1*21*1",
        "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*3*2*22*1",
        "TRN*2*EQ2026112401-1*9876543210",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "N3*7 OAK COURT",
        "N4*SPRINGFIELD*IL*627040001",
        "DMG*D8*19851111*F",
        "DTP*346*D8*20260101",
        "EB*1*FAM*30^1^33^35^47^86^88^98^AL^MH^UC**GOLD PPO PLAN",
        "EB*C*IND*30***23*500*****Y",
        "DTP*291*RD8*20260101-20261231",
        "EB*B*IND*98***27*25*****Y",
        "MSG*COPAY APPLIES TO OFFICE VISITS",
        "LS*2120",
        "NM1*P3*1*SMITH*ANNA****XX*1987654325",
        "LE*2120",
        "HL*4*3*23*0",
        "TRN*2*EQ2026112401-2*9876543210",
        "NM1*03*1*ROE*TIMMY",
        "DMG*D8*20150630*M",
        "INS*N*19",
        "EB*1*IND*30",
        "EB*A*IND*98***27**0.2****Y",
        "III*ZZ*11",
    ]


# ---- 834: two subscribers, one dependent, coverage changes ----------------------------------

def member(ins, ref0f, name, ssn, addr, dob, gender, hd):
    first, last = name
    return [
        ins,
        "REF*0F*%s" % ref0f,
        "REF*1L*GRP12345",
        "DTP*356*D8*20270101",
        "NM1*IL*1*%s*%s****34*%s" % (last, first, ssn),
        "PER*IP**HP*5555550123",
        "N3*%s" % addr,
        "N4*SPRINGFIELD*IL*62704",
        "DMG*D8*%s*%s" % (dob, gender),
        hd,
        "DTP*348*D8*20270101",
    ]


def body_834():
    body = [
        "BGN*00*ENROLL20261124*20261124*0830****2",
        "REF*38*GRP12345",
        "DTP*007*D8*20270101",
        "N1*P5*NORTHWIND MANUFACTURING*FI*361234567",
        "N1*IN*PRAIRIE MUTUAL HEALTH PLAN*FI*369876543",
    ]
    body += member("INS*Y*18*021*28*A***FT", "SUB123456", ("JOHN", "DOE"), "999999991",
                   "42 ELM AVENUE", "19800102", "M", "HD*021**HLT*GOLD PPO*EMP")
    body += member("INS*Y*18*021*28*A***FT", "SUB234567", ("MARY", "ROE"), "999999992",
                   "7 OAK COURT", "19851111", "F", "HD*021**HLT*GOLD PPO*FAM")
    body += member("INS*N*19*021*28*A", "SUB234567", ("TIMMY", "ROE"), "999999993",
                   "7 OAK COURT", "20150630", "M", "HD*021**HLT*GOLD PPO*FAM")
    return body


# ---- 837I: an outpatient claim with revenue-coded lines -------------------------------------

def body_837i():
    return [
        "BHT*0019*00*BATCH0077*20261124*0830*CH",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "PER*IC*JANE BILLER*TE*5555550100",
        "NM1*40*2*PRAIRIE MUTUAL HEALTH PLAN*****46*66783JJT",
        "HL*1**20*1",
        "NM1*85*2*NORTHWIND COMMUNITY HOSPITAL*****XX*1457390824",
        "N3*500 HOSPITAL DRIVE",
        "N4*SPRINGFIELD*IL*627020000",
        "REF*EI*361239999",
        "HL*2*1*22*0",
        "SBR*P*18*GRP12345******CI",
        "NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782",
        "N3*42 ELM AVENUE",
        "N4*SPRINGFIELD*IL*627040000",
        "DMG*D8*19800102*M",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "CLM*HOSPACCT7001*1420***13:A:1**A*Y*Y",
        "DTP*434*RD8*20261118-20261118",
        "CL1*2*1*01",
        "REF*D9*TRACE7001",
        "HI*ABK:R0789",
        "HI*APR:R0789",
        "NM1*71*1*GREEN*OLIVIA****XX*1679576722",
        "LX*1",
        "SV2*0450*HC:99284*980*UN*1",
        "DTP*472*D8*20261118",
        "LX*2",
        "SV2*0300*HC:80053*190*UN*1",
        "DTP*472*D8*20261118",
        "LX*3",
        "SV2*0320*HC:71046*250*UN*1",
        "DTP*472*D8*20261118",
    ]


# ---- 277CA: claim acknowledgment of the 837P batch ------------------------------------------

def body_277ca():
    body = [
        "BHT*0085*08*BATCH0042*20261125*1200*TH",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "TRN*1*277CA20261125",
        "DTP*050*D8*20261125",
        "DTP*009*D8*20261125",
        "HL*2*1*21*1",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "TRN*2*BATCH0042",
        "STC*A1:19:PR*20261125*WQ*800",
        "QTY*90*2",
        "QTY*AA*1",
        "AMT*YU*410",
        "AMT*YY*390",
        "HL*3*2*19*1",
        "NM1*85*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "TRN*1*0",
        "STC*A1:19:PR**WQ*800",
        "QTY*QA*2",
        "QTY*QC*1",
        "AMT*YU*410",
        "AMT*YY*390",
    ]
    claims = [
        (4, "DOE", "JOHN", "XYZ123456782", "PATACCT1001", "285", "A2:20:PR", "20261118"),
        (5, "DOE", "JOHN", "XYZ123456782", "PATACCT1002", "125", "A2:20:PR", "20261120"),
        (6, "ROE", "MARY", "XYZ555666777", "PATACCT1003", "390", "A7:562:85", "20261121"),
    ]
    for hl, last, first, mid, acct, amount, status, date in claims:
        body += [
            "HL*%d*3*PT" % hl,
            "NM1*QC*1*%s*%s****MI*%s" % (last, first, mid),
            "TRN*2*%s" % acct,
            "STC*%s*20261125*%s*%s" % (status, "WQ" if status.startswith("A2") else "U", amount),
            "REF*1K*PMH2611250%04d" % hl,
            "DTP*472*D8*%s" % date,
        ]
    return body


def body_835_bad():
    out = []
    for s in body_835():
        if s.startswith("CLP*PATACCT1002*"):
            s = "CLP*PATACCT1002*99*125*125**12*PMH26112800002*11*1"  # CLP02 not a code.
        if s == "CAS*CO*45*5":
            s = "CAS*CO*45"  # CAS03 required.
        if s == "DTM*232*20261120":
            s = "DTM*232*2026112"  # too short for a date.
        if s == "SVC*HC:87880*45*40**1":
            s = "SVC*HC:87880*45*4O**1"  # letter O in an amount.
        out.append(s)
    out.insert(out.index("REF*EV*NORTHWIND01") + 1, "REF*EV*NORTHWIND02")  # over max use 1.
    return out


def body_834_bad():
    out = []
    for s in body_834():
        if s == "INS*N*19*021*28*A":
            s = "INS*N*19*021*28*A****************EXTRA"  # too many elements.
        if s == "N4*SPRINGFIELD*IL*62704":
            s = "N4*SPRINGFIELD*ILL*62704"  # N402 is two characters.
        out.append(s)
    return out


# ---- 276 / 277: claim status request and response ------------------------------------------

def body_276():
    return [
        "BHT*0010*13*CS2026112501*20261125*0900",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*2*1*21*1",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "HL*3*2*19*1",
        "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*4*3*22*0",
        "DMG*D8*19800102*M",
        "NM1*IL*1*DOE*JOHN****MI*XYZ123456782",
        "TRN*1*CS2026112501-1",
        "REF*EJ*PATACCT1001",
        "AMT*T3*285",
        "DTP*472*D8*20261118",
        "HL*5*3*22*1",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "HL*6*5*23*0",
        "DMG*D8*20150630*M",
        "NM1*QC*1*ROE*TIMMY",
        "TRN*1*CS2026112501-2",
        "REF*1K*PMH26112800003",
        "AMT*T3*390",
        "DTP*472*D8*20261121",
        "SVC*HC:99393*210",
        "DTP*472*D8*20261121",
    ]


def body_277():
    return [
        "BHT*0010*08*CS2026112501*20261125*0915*DG",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE MUTUAL HEALTH PLAN*****PI*66783JJT",
        "HL*2*1*21*1",
        "NM1*41*2*NORTHWIND BILLING SERVICES*****46*TGJ23",
        "HL*3*2*19*1",
        "NM1*1P*2*NORTHWIND FAMILY CLINIC*****XX*1234567893",
        "HL*4*3*22*0",
        "NM1*IL*1*DOE*JOHN****MI*XYZ123456782",
        "TRN*2*CS2026112501-1",
        "STC*F1:65*20261126**285*198.4*20261128**20261128*EFT20261128001",
        "REF*1K*PMH26112800001",
        "REF*EJ*PATACCT1001",
        "DTP*472*D8*20261118",
        "HL*5*3*22*1",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "HL*6*5*23",
        "NM1*QC*1*ROE*TIMMY",
        "TRN*2*CS2026112501-2",
        "STC*F2:88*20261126**390*0",
        "REF*1K*PMH26112800003",
        "DTP*472*D8*20261121",
    ]


# ---- 820: group premium payment for individual members -------------------------------------

def body_820():
    body = [
        "BPR*C*1530*C*ACH*CCP*01*999999992*DA*123456*1361234567**01*999988880*DA*98765*20261201",
        "TRN*3*PREM202612*1361234567",
        "REF*38*GRP12345",
        "DTM*582****RD8*20261201-20261231",
        "N1*PE*PRAIRIE MUTUAL HEALTH PLAN*FI*369876543",
        "N1*PR*NORTHWIND MANUFACTURING*FI*361234567",
    ]
    for last, first, ssn, amount in [("DOE", "JOHN", "999999991", "510"),
                                     ("ROE", "MARY", "999999992", "1020")]:
        body += [
            "ENT*%d*2J*EI*%s" % (1 if last == "DOE" else 2, ssn),
            "NM1*EY*1*%s*%s****34*%s" % (last, first, ssn),
            "RMR*IK*INV202612-%s**%s" % (ssn[-2:], amount),
            "DTM*582****RD8*20261201-20261231",
        ]
    return body


# ---- 837D: dental claims with tooth numbers and surfaces -------------------------------------

def dental_line(n, code, charge, teeth=(), cavity="", date="20261118"):
    """One 2400 loop: LX, SV3 (SV304 oral cavity area, SV306 procedure count), TOO per tooth
    with its surfaces, the service date and a line item control number."""
    segs = ["LX*%d" % n, "SV3*AD:%s*%s**%s**1" % (code, charge, cavity)]
    for tooth, surfaces in teeth:
        segs.append("TOO*JP*%s" % tooth + ("*" + ":".join(surfaces) if surfaces else ""))
    segs += ["DTP*472*D8*%s" % date, "REF*6R*DL%s%02d" % (date[-4:], n)]
    return segs


def body_837d(bad=False):
    body = [
        "BHT*0019*00*DENT0042*20261124*0830*CH",
        "NM1*41*2*NORTHWIND DENTAL BILLING*****46*TGJ23",
        "PER*IC*JANE BILLER*TE*5555550100*EM*BILLING@NORTHWIND.EXAMPLE",
        "NM1*40*2*PRAIRIE DENTAL PLAN*****46*66783DDS",
        "HL*1**20*1",
        "PRV*BI*PXC*1223G0001X",
        "NM1*85*2*BRIGHT SMILE DENTAL GROUP*****XX*1234567893",
        "N3*200 ORCHARD ROAD*SUITE 5",
        "N4*SPRINGFIELD*IL*627040000",
        "REF*EI*361234560",
        "PER*IC*OFFICE MANAGER*TE*5555550122",
        # Subscriber who is the patient: two claims.
        "HL*2*1*22*0",
        "SBR*P*18*GRP77001******CI",
        "NM1*IL*1*DOE*JOHN*Q***MI*DXY123456782",
        "N3*42 ELM AVENUE",
        "N4*SPRINGFIELD*IL*627040000",
        "DMG*D8*19800102*M",
        "NM1*PR*2*PRAIRIE DENTAL PLAN*****PI*66783DDS",
        # Exam, cleaning and a two-surface filling on tooth 30: 45 + 95 + 245 = 385.
        "CLM*DENT1001*385***11:B:1*Y*A*Y*Y",
        "DTP*472*D8*20261118",
        "DN2*1*M****JP",
        "DN2*16*M****JP",
        "REF*D9*TRACEDENT1001",
        "HI*ABK:K0252*ABF:K036",
    ]
    body += dental_line(1, "D0120", "45")
    body += dental_line(2, "D1110", "95")
    body += dental_line(3, "D2150", "245", teeth=[("30", ["M", "O"])])
    # Two quadrants of scaling, billed by a rendering dentist: 220 + 220 = 440.
    body += [
        "CLM*DENT1002*%s***11:B:1*Y*A*Y*Y" % ("450" if bad else "440"),
        "DTP*472*D8*20261120",
        "REF*G3*PRED2026-0441",
        "NM1*82*1*KAUR*PRIYA****XX*1558444216",
        "PRV*PE*PXC*1223P0300X",
    ]
    body += dental_line(1, "D4341", "220", cavity="10", date="20261120")
    body += dental_line(2, "D4341", "220", cavity="20", date="20261120")
    # Subscriber with a dependent patient (2000C) and other coverage (2320/2330).
    body += [
        "HL*3*1*22*1",
        "SBR*P**GRP77001******CI",
        "NM1*IL*1*ROE*MARY****MI*DXY555666777",
        "NM1*PR*2*PRAIRIE DENTAL PLAN*****PI*66783DDS",
        "HL*4*3*23*0",
        "PAT*19",
        "NM1*QC*1*ROE*TIMOTHY",
        "N3*77 BIRCH LANE",
        "N4*SPRINGFIELD*IL*627050000",
        "DMG*D8*20150704*M",
        # Child cleaning, fluoride and two sealants: 70 + 35 + 52 + 52 = 209.
        "CLM*DENT1003*209***11:B:1*Y*A*Y*Y",
        "DTP*472*D8*20261121",
        "SBR*S*01*GRP4400******CI",
        "OI***Y*P**Y",
        "NM1*IL*1*ROE*DAVID****MI*LKJ998877",
        "NM1*PR*2*LAKESIDE DENTAL COOPERATIVE*****PI*44120LDC",
    ]
    body += dental_line(1, "D1120", "70", date="20261121")
    body += dental_line(2, "D1206", "35", date="20261121")
    body += dental_line(3, "D1351", "52", teeth=[("3", ["O"])], date="20261121")
    body += dental_line(4, "D1351", "52", teeth=[("14", ["O"]), ("19", ["O", "B"])],
                        date="20261121")
    if bad:
        # SNIP 2: a tooth code list other than JP, a surface code that does not exist, an
        # oral cavity area that does not exist, a tooth status that does not exist.
        body = [s.replace("TOO*JP*30*M:O", "TOO*ZZ*30*M:Q") for s in body]
        body = [s.replace("SV3*AD:D1120*70****1", "SV3*AD:D1120*70**99**1") for s in body]
        body = [s.replace("DN2*16*M****JP", "DN2*16*X****JP") for s in body]
    return body


# ---- 278: services review request and response, patient events under both levels -----------

def body_278_request():
    return [
        "BHT*0007*13*REQ20261124001*20261124*0830",
        "HL*1**20*1",
        "NM1*X3*2*PRAIRIE MUTUAL UM DEPT*****PI*66783JJT",
        "HL*2*1*21*1",
        "NM1*1P*1*SMITH*ANNA*M***XX*1987654325",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*627010000",
        "PER*IC*FRONT DESK*TE*5555550111",
        "PRV*PC*PXC*207Q00000X",
        # The dependent is the patient: subscriber, dependent, event, two services.
        "HL*3*2*22*1",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "DMG*D8*19820315*F",
        "HL*4*3*23*1",
        "NM1*QC*1*ROE*TIMOTHY",
        "DMG*D8*20150704*M",
        "INS*N*19",
        "HL*5*4*EV*1",
        "TRN*1*REQ0001*9NORTHWIND",
        "UM*HS*I*3*11:B",
        "DTP*AAH*RD8*20261201-20261215",
        "HI*ABK:J301*ABF:R0600",
        "MSG*ALLERGY TESTING BEFORE IMMUNOTHERAPY",
        "NM1*SJ*1*GREEN*PAUL****XX*1234500006",
        "PRV*PE*PXC*207K00000X",
        "HL*6*5*SS*0",
        "TRN*1*SRV0001*9NORTHWIND",
        "UM*HS*I*3",
        "DTP*472*D8*20261205",
        "SV1*HC:95004*350*UN*10",
        "HL*7*5*SS*0",
        "TRN*1*SRV0002*9NORTHWIND",
        "UM*HS*I*3",
        "DTP*472*RD8*20261208-20261215",
        "SV1*HC:95165*120*UN*5",
        "HSD*VS*5*DA*1",
        # The subscriber is the patient: an admission review straight under 2000C.
        "HL*8*2*22*1",
        "NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782",
        "DMG*D8*19800102*M",
        "HL*9*8*EV*0",
        "TRN*1*REQ0002*9NORTHWIND",
        "UM*AR*I*1*21:A",
        "DTP*435*D8*20261210",
        "HI*ABK:M1711",
        "HSD*DY*3",
        "NM1*FA*2*SPRINGFIELD GENERAL HOSPITAL*****XX*1669876541",
        "N3*900 HOSPITAL DRIVE",
        "N4*SPRINGFIELD*IL*627020000",
    ]


def body_278_response():
    return [
        "BHT*0007*11*REQ20261124001*20261124*0915",
        "HL*1**20*1",
        "NM1*X3*2*PRAIRIE MUTUAL UM DEPT*****PI*66783JJT",
        "PER*IC*UM DESK*TE*5555550199",
        "HL*2*1*21*1",
        "NM1*1P*1*SMITH*ANNA*M***XX*1987654325",
        "HL*3*2*22*1",
        "NM1*IL*1*ROE*MARY****MI*XYZ555666777",
        "HL*4*3*23*1",
        "NM1*QC*1*ROE*TIMOTHY",
        "DMG*D8*20150704*M",
        "INS*N*19",
        "HL*5*4*EV*1",
        "TRN*2*REQ0001*9NORTHWIND",
        "UM*HS*I*3*11:B",
        "HCR*A6*AUTH778899",
        "DTP*AAH*RD8*20261201-20261215",
        "DTP*102*D8*20261124",
        "DTP*036*D8*20270124",
        "HI*ABK:J301",
        "NM1*SJ*1*GREEN*PAUL****XX*1234500006",
        "HL*6*5*SS*0",
        "TRN*2*SRV0001*9NORTHWIND",
        "UM*HS*I*3",
        "HCR*A1*AUTH778899A",
        "DTP*472*D8*20261205",
        "SV1*HC:95004*350*UN*10",
        "HL*7*5*SS*0",
        "TRN*2*SRV0002*9NORTHWIND",
        "UM*HS*I*3",
        "HCR*A3*AUTH778899B*35",
        "DTP*472*RD8*20261208-20261215",
        "SV1*HC:95165*120*UN*5",
        "MSG*IMMUNOTHERAPY NOT CERTIFIED BEFORE TEST RESULTS",
        "HL*8*2*22*1",
        "NM1*IL*1*DOE*JOHN*Q***MI*XYZ123456782",
        "AAA*Y**72*C",
        "HL*9*8*EV*0",
        "TRN*2*REQ0002*9NORTHWIND",
        "UM*AR*I*1*21:A",
        "HCR*CT",
        "DTP*435*D8*20261210",
    ]


def custom_delimiters(text, element, repetition, component, terminator):
    """Rewrites an interchange written with `*` `^` `:` `~` to other delimiters (the values
    of these fixtures hold none of the characters involved)."""
    table = str.maketrans({"*": element, "^": repetition, ":": component, "~": terminator})
    return text.translate(table)


def break_counts(text):
    """SE01 one short, GE01 claiming two sets and IEA01 claiming two groups."""
    lines = text.split("\n")
    for i, l in enumerate(lines):
        if l.startswith("SE*"):
            n, ctl = l[3:-1].split("*")
            lines[i] = "SE*%d*%s~" % (int(n) - 1, ctl)
        elif l.startswith("GE*1*"):
            lines[i] = "GE*2*" + l[5:]
        elif l.startswith("IEA*1*"):
            lines[i] = "IEA*2*" + l[6:]
    return "\n".join(lines)


def main():
    write("837p_multi.x12", interchange("CLEARHOUSE01", "PAYERABC", "000004201", [
        ("HC", "4201", "005010X222A1", [("837", "0001", body_837p())])]))
    write("bad_837p_snip2.x12", interchange("CLEARHOUSE01", "PAYERABC", "000004202", [
        ("HC", "4202", "005010X222A1", [("837", "0001", body_837p_bad())])]))
    write("835_multi.x12", interchange("PAYERABC", "CLEARHOUSE01", "000004301", [
        ("HP", "4301", "005010X221A1", [("835", "35001", body_835())])]))
    write("270_271.x12", interchange("NORTHWIND", "PAYERABC", "000004401", [
        ("HS", "4401", "005010X279A1", [("270", "0001", body_270())]),
        ("HB", "4402", "005010X279A1", [("271", "0001", body_271())])]))
    write("834_multi.x12", interchange("NORTHWINDHR", "PAYERABC", "000004501", [
        ("BE", "4501", "005010X220A1", [("834", "0001", body_834())])]))
    write("bad_835_snip2.x12", interchange("PAYERABC", "CLEARHOUSE01", "000004302", [
        ("HP", "4302", "005010X221A1", [("835", "35002", body_835_bad())])]))
    write("bad_834_snip2.x12", interchange("NORTHWINDHR", "PAYERABC", "000004502", [
        ("BE", "4502", "005010X220A1", [("834", "0001", body_834_bad())])]))
    write("276_277.x12", interchange("CLEARHOUSE01", "PAYERABC", "000004901", [
        ("HR", "4901", "005010X212", [("276", "0001", body_276())])]))
    write("277_status.x12", interchange("PAYERABC", "CLEARHOUSE01", "000004902", [
        ("HN", "4902", "005010X212", [("277", "0001", body_277())])]))
    write("820_premium.x12", interchange("NORTHWINDHR", "PAYERABC", "000005001", [
        ("RA", "5001", "005010X218", [("820", "0001", body_820())])]))
    write("837i_outpatient.x12", interchange("CLEARHOUSE01", "PAYERABC", "000004701", [
        ("HC", "4701", "005010X223A2", [("837", "0001", body_837i())])]))
    write("277ca.x12", interchange("PAYERABC", "CLEARHOUSE01", "000004801", [
        ("HN", "4801", "005010X214", [("277", "0001", body_277ca())])]))
    write("837d_multi.x12", interchange("CLEARHOUSE01", "PAYERABC", "000005101", [
        ("HC", "5101", "005010X224A2", [("837", "0001", body_837d())])]))
    write("bad_837d_counts.x12", break_counts(interchange("CLEARHOUSE01", "PAYERABC", "000005102", [
        ("HC", "5102", "005010X224A2", [("837", "0001", body_837d(bad=True))])])))
    write("278_request.x12", interchange("NORTHWIND", "PAYERABC", "000005201", [
        ("HI", "5201", "005010X217", [("278", "0001", body_278_request())])]))
    write("278_response.x12", custom_delimiters(interchange("PAYERABC", "NORTHWIND", "000005202", [
        ("HI", "5202", "005010X217", [("278", "0001", body_278_response())])]), "|", "}", "\\", "'"))
    # Two 837 sets in one group sharing a control number, in a group whose GS06 repeats.
    write("bad_duplicates.x12", interchange("CLEARHOUSE01", "PAYERABC", "000004601", [
        ("HC", "4601", "005010X222A1", [("837", "0001", body_837p()), ("837", "0001", body_837p())]),
        ("HC", "4601", "005010X222A1", [("837", "0002", body_837p())])]))


if __name__ == "__main__":
    main()
