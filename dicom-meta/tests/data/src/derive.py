#!/usr/bin/env python3
"""Derives the hand-made fixtures from explicit_le.dcm (byte surgery, no DICOM library)."""
import struct, sys, os
out = sys.argv[1]
def rd(n): return open(os.path.join(out, n), 'rb').read()
def wr(n, b): open(os.path.join(out, n), 'wb').write(b)
src = rd('explicit_le.dcm')
assert src[128:132] == b'DICM'
# meta group: (0002,0000) UL 4 at 132..144
gl = struct.unpack('<I', src[140:144])[0]
meta_end = 144 + gl
meta = src[132:meta_end]
data = src[meta_end:]
wr('no_preamble.dcm', b'DICM' + meta + data)
wr('no_prefix.dcm', meta + data)
wr('no_group_length.dcm', src[:132] + meta[12:] + data)
wr('truncated.dcm', src[:len(src) - 21])

def el(tag, vr, value):
    g, e = tag
    if vr in (b'OB', b'OW', b'SQ', b'UN', b'UT', b'UC', b'UR', b'OD', b'OF', b'OL', b'OV', b'SV', b'UV'):
        return struct.pack('<HH2sHI', g, e, vr, 0, len(value)) + value
    return struct.pack('<HH2sH', g, e, vr, len(value)) + value
def iel(tag, value):
    return struct.pack('<HHI', tag[0], tag[1], len(value)) + value
ITEM_U = struct.pack('<HHI', 0xFFFE, 0xE000, 0xFFFFFFFF)
ITEM_DELIM = struct.pack('<HHI', 0xFFFE, 0xE00D, 0)
SEQ_DELIM = struct.pack('<HHI', 0xFFFE, 0xE0DD, 0)
def meta_for(ts, sop=b'1.2.826.0.1.3680043.8.498.60'):
    def ui(s):
        return s + (b'\0' if len(s) % 2 else b'')
    body = (el((2, 1), b'OB', b'\x00\x01') + el((2, 2), b'UI', ui(b'1.2.840.10008.5.1.4.1.1.7'))
            + el((2, 3), b'UI', ui(sop)) + el((2, 0x10), b'UI', ui(ts))
            + el((2, 0x12), b'UI', ui(b'1.2.826.0.1.3680043.8.498.1')))
    return b'\0' * 128 + b'DICM' + el((2, 0), b'UL', struct.pack('<I', len(body))) + body

# CP-246: a private sequence written as UN with undefined length, content implicit VR LE.
inner = iel((0x0008, 0x0100), b'T-A0100 ') + iel((0x0008, 0x0102), b'SRT ') + iel((0x0008, 0x0104), b'Brain ')
nested_sq = struct.pack('<HHI', 0x0040, 0xA730, 0xFFFFFFFF) + ITEM_U + iel((0x0040, 0xA160), b'nested') + ITEM_DELIM + SEQ_DELIM
un_value = ITEM_U + inner + nested_sq + ITEM_DELIM + struct.pack('<HHI', 0xFFFE, 0xE000, 8) + iel((0x0008, 0x0100), b'') + SEQ_DELIM
cp246 = (el((0x0008, 0x0016), b'UI', b'1.2.840.10008.5.1.4.1.1.7\0')
         + el((0x0008, 0x0018), b'UI', b'1.2.826.0.1.3680043.8.498.60')
         + el((0x0010, 0x0010), b'PN', b'CP246^Test')
         + el((0x0029, 0x0010), b'LO', b'ACME 1.0')
         + struct.pack('<HH2sHI', 0x0029, 0x1010, b'UN', 0, 0xFFFFFFFF) + un_value + SEQ_DELIM[:0]
         + el((0x0029, 0x1020), b'LO', b'after '))
wr('cp246.dcm', meta_for(b'1.2.840.10008.1.2.1') + cp246)

# Odd lengths (lenient only): LO of 3 bytes, UI of 5 bytes without padding.
odd = (el((0x0008, 0x0016), b'UI', b'1.2.3') + el((0x0010, 0x0010), b'PN', b'Odd')
       + el((0x0010, 0x0020), b'LO', b'ID7'))
wr('odd_lengths.dcm', meta_for(b'1.2.840.10008.1.2.1') + odd)

# Declared explicit, encoded implicit (lenient only).
mismatch = iel((0x0008, 0x0016), b'1.2.840.10008.5.1.4.1.1.7\0') + iel((0x0010, 0x0010), b'Mismatch^Ts ')
wr('ts_mismatch.dcm', meta_for(b'1.2.840.10008.1.2.1') + mismatch)
