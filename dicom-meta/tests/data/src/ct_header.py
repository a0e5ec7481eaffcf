#!/usr/bin/env python3
"""Writes ct_header.dump: a CT-like header (~6 KB, about 200 elements with sequences and
private groups) and 64x64 16-bit pixels, for benchmarks and the corpus. Values are invented."""
import sys

def el(tag, vr, value):
    return (tag, vr, value)

def seq(tag, items):
    return (tag, 'SQ', items)

def pixels(n):
    return '\\'.join('%04x' % ((i * 37) & 0x0fff) for i in range(n))

code = lambda v, s, m: [el(0x00080100, 'SH', v), el(0x00080102, 'SH', s), el(0x00080104, 'LO', m)]

top = [
    el(0x00080005, 'CS', 'ISO_IR 100'),
    el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'),
    el(0x00080012, 'DA', '20240301'), el(0x00080013, 'TM', '101530.123456'),
    el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    el(0x00080018, 'UI', '1.2.826.0.1.3680043.8.498.77.1.1.1.42'),
    el(0x00080020, 'DA', '20240301'), el(0x00080021, 'DA', '20240301'), el(0x00080022, 'DA', '20240301'),
    el(0x00080023, 'DA', '20240301'), el(0x00080030, 'TM', '100112'), el(0x00080031, 'TM', '100545'),
    el(0x00080032, 'TM', '100601.250000'), el(0x00080033, 'TM', '100601.250000'),
    el(0x00080050, 'SH', 'ACC20240301'), el(0x00080060, 'CS', 'CT'), el(0x00080070, 'LO', 'Acme Medical Systems'),
    el(0x00080080, 'LO', 'General Hospital'), el(0x00080081, 'ST', '1 Hospital Road\\Springfield'),
    el(0x00080090, 'PN', 'Smith^Anna^^Dr.'), el(0x00081010, 'SH', 'CTSCAN01'),
    el(0x00081030, 'LO', 'CT CHEST ABDOMEN PELVIS WITH CONTRAST'),
    seq(0x00081032, [code('CTCAP', 'L', 'CT chest abdomen pelvis')]),
    el(0x0008103E, 'LO', 'Axial 1.25mm Soft Tissue'), el(0x00081040, 'LO', 'Radiology'),
    el(0x00081090, 'LO', 'Acme CT 128'),
    seq(0x00081110, [[el(0x00081150, 'UI', '1.2.840.10008.3.1.2.3.1'), el(0x00081155, 'UI', '1.2.826.0.1.3680043.8.498.77.9')]]),
    seq(0x00081140, [[el(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.2'), el(0x00081155, 'UI', '1.2.826.0.1.3680043.8.498.77.1.1.1.%d' % i)] for i in range(30, 50)]),
    seq(0x00082112, [[el(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.2'), el(0x00081155, 'UI', '1.2.826.0.1.3680043.8.498.77.1.1.0.1'),
                      seq(0x0040A170, [code('121322', 'DCM', 'Source image for image processing operation')])]]),
    seq(0x00082218, [code('T-D3000', 'SRT', 'Chest')]),
    el(0x00089215, 'CS', '') if False else el(0x00089205, 'CS', 'MONOCHROME'),
    el(0x00100010, 'PN', 'Example^Patient^Q'), el(0x00100020, 'LO', 'PID0012345'),
    el(0x00100021, 'LO', 'HOSPITAL_A'), el(0x00100030, 'DA', '19650412'), el(0x00100040, 'CS', 'F'),
    el(0x00101010, 'AS', '058Y'), el(0x00101020, 'DS', '1.68'), el(0x00101030, 'DS', '64.5'),
    el(0x001021B0, 'LT', 'Follow-up of pulmonary nodule. No known allergies.'),
    el(0x00180010, 'LO', 'Iohexol 350'), el(0x00180015, 'CS', 'CHEST'), el(0x00180022, 'CS', 'HELICAL MODE'),
    el(0x00180050, 'DS', '1.25'), el(0x00180060, 'DS', '120'), el(0x00180088, 'DS', '1.25'),
    el(0x00180090, 'DS', '500'), el(0x00181000, 'LO', 'SN-128-0042'), el(0x00181020, 'LO', 'VX 4.2.1'),
    el(0x00181030, 'LO', 'Chest/Abd/Pelvis Routine'), el(0x00181100, 'DS', '380'),
    el(0x00181110, 'DS', '1085.6'), el(0x00181111, 'DS', '541'), el(0x00181120, 'DS', '0'),
    el(0x00181130, 'DS', '180.5'), el(0x00181140, 'CS', 'CW'), el(0x00181150, 'IS', '500'),
    el(0x00181151, 'IS', '285'), el(0x00181152, 'IS', '142'), el(0x00181160, 'SH', 'BODY FILTER'),
    el(0x00181170, 'IS', '49'), el(0x00181190, 'DS', '1.2\\0.7'), el(0x00181210, 'SH', 'STANDARD'),
    el(0x00185100, 'CS', 'FFS'), el(0x00189305, 'FD', '0.5'), el(0x00189306, 'FD', '0.625'),
    el(0x00189307, 'FD', '40'), el(0x00189309, 'FD', '39.375'), el(0x00189310, 'FD', '39.375'),
    el(0x00189311, 'FD', '0.984'), el(0x00189345, 'FD', '12.34'),
    el(0x0020000D, 'UI', '1.2.826.0.1.3680043.8.498.77'), el(0x0020000E, 'UI', '1.2.826.0.1.3680043.8.498.77.1'),
    el(0x00200010, 'SH', 'STUDY42'), el(0x00200011, 'IS', '3'), el(0x00200012, 'IS', '1'), el(0x00200013, 'IS', '42'),
    el(0x00200032, 'DS', '-186.5\\-180.2\\-52.75'), el(0x00200037, 'DS', '1\\0\\0\\0\\1\\0'),
    el(0x00200052, 'UI', '1.2.826.0.1.3680043.8.498.77.2'), el(0x00201040, 'LO', ''),
    el(0x00201041, 'DS', '-52.75'),
    el(0x00280002, 'US', '1'), el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', '64'),
    el(0x00280011, 'US', '64'), el(0x00280030, 'DS', '0.742188\\0.742188'), el(0x00280100, 'US', '16'),
    el(0x00280101, 'US', '12'), el(0x00280102, 'US', '11'), el(0x00280103, 'US', '0'),
    el(0x00281050, 'DS', '40\\400'), el(0x00281051, 'DS', '400\\1500'), el(0x00281052, 'DS', '-1024'),
    el(0x00281053, 'DS', '1'), el(0x00281054, 'LO', 'HU'), el(0x00281055, 'LO', 'WINDOW1\\WINDOW2'),
    el(0x00321060, 'LO', 'CT CHEST ABDOMEN PELVIS'),
    el(0x00400244, 'DA', '20240301'), el(0x00400245, 'TM', '100112'), el(0x00400253, 'SH', 'PPS0042'),
    el(0x00400254, 'LO', 'CT CAP'),
    seq(0x00400275, [[el(0x00321060, 'LO', 'CT CHEST ABDOMEN PELVIS'), seq(0x00321064, [code('CTCAP', 'L', 'CT chest abdomen pelvis')]),
                      el(0x00400007, 'LO', 'CT CAP W'), el(0x00400009, 'SH', 'SPS0042'), el(0x00401001, 'SH', 'RP0042')]]),
    seq(0x00400260, [code('P5-08000', 'SRT', 'Computed Tomography')]),
]
privates = [
    (0x00190010, 'LO', 'ACME_CT_1'), (0x00191002, 'SL', '17'), (0x00191003, 'DS', '1024.5'),
    (0x0019100A, 'US', '128'), (0x0019100B, 'DS', '0.5'), (0x00191011, 'SS', '2'),
    (0x00191018, 'LO', 'RECON KERNEL B'), (0x0019101A, 'FD', '3.14159'), (0x00191023, 'DS', '39.375'),
    (0x00430010, 'LO', 'ACME_CT_2'), (0x00431012, 'SS', '1\\2\\3'), (0x00431016, 'SS', '3'),
    (0x0043101E, 'DS', '0.9'), (0x00431027, 'SH', '/1.0:1'), (0x0043102C, 'SS', '2'),
    (0x0043104A, 'SS', '0'), (0x00431064, 'CS', 'AUTO'),
]
privates += [(0x00450010, 'LO', 'ACME_CT_3')]
privates += [(0x00451000 + i, 'DS' if i % 3 else 'LO', ('%d.%d' % (i * 7, i)) if i % 3 else 'PARAMETER %02d' % i) for i in range(1, 40)]
top += [el(t, vr, v) for t, vr, v in privates]
top.append(seq(0x0018A001, [
    [el(0x00080070, 'LO', 'Acme Medical Systems'), el(0x00080080, 'LO', 'General Hospital'),
     el(0x00081010, 'SH', 'CTSCAN01'), el(0x00081040, 'LO', 'Radiology'), el(0x00081090, 'LO', 'Acme CT 128'),
     el(0x00181000, 'LO', 'SN-128-0042'), el(0x00181020, 'LO', 'VX 4.2.1'),
     seq(0x0040A170, [code('109103', 'DCM', 'Modifying Equipment')]),
     el(0x0018A002, 'DT', '20240301101530'), el(0x0018A003, 'ST', 'Reconstructed with iterative reconstruction level 3')]]))
top.append(seq(0x00101002, [[el(0x00100020, 'LO', 'ALT-%d' % i), el(0x00100021, 'LO', 'ISSUER_%d' % i), el(0x00100022, 'CS', 'TEXT')] for i in range(3)]))
top.append(el(0x7FE00010, 'OW', pixels(64 * 64)))
top.sort(key=lambda e: e[0])

out = []
def emit(items, ind):
    for tag, vr, value in sorted(items, key=lambda e: e[0]):
        t = '(%04x,%04x)' % (tag >> 16, tag & 0xFFFF)
        if vr == 'SQ':
            out.append('%s%s SQ (Sequence)' % (ind, t))
            for item in value:
                out.append('%s  (fffe,e000) na (Item)' % ind)
                emit(item, ind + '    ')
                out.append('%s  (fffe,e00d) na (ItemDelimitationItem)' % ind)
            out.append('%s(fffe,e0dd) na (SequenceDelimitationItem)' % ind)
        elif vr in ('US', 'SS', 'SL', 'FD', 'OW'):
            out.append('%s%s %s %s' % (ind, t, vr, value))
        else:
            out.append('%s%s %s [%s]' % (ind, t, vr, value))
emit(top, '')
sys.stdout.write('\n'.join(out) + '\n')
