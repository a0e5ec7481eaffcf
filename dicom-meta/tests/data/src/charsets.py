"""Writes one DCMTK dump per character set fixture (raw value bytes, ISO 2022 escapes
included) into OUTDIR; make.sh turns each into charset_<name>.dcm with dump2dcm.
The names are the examples of PS3.5 Annexes H-K and invented ones. Usage: charsets.py OUTDIR"""
import sys

HEAD = b"""(0002,0001) OB 00\\01
(0002,0002) UI [1.2.840.10008.5.1.4.1.1.7]
(0002,0003) UI [1.2.826.0.1.3680043.8.498.%d]
(0002,0010) UI [1.2.840.10008.1.2.1]
(0008,0005) CS [%s]
(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
(0008,0018) UI [1.2.826.0.1.3680043.8.498.%d]
"""

ESC = b"\x1b"
CASES = {
    # PS3.5 H.3.1: JIS X 0208 by code extension.
    "jis": (b"\\ISO 2022 IR 87",
            b"Yamada^Tarou=" + ESC + b"$B;3ED" + ESC + b"(B^" + ESC + b"$BB@O:" + ESC + b"(B="
            + ESC + b"$B$d$^$@" + ESC + b"(B^" + ESC + b"$B$?$m$&" + ESC + b"(B",
            ESC + b"$B;3ED" + ESC + b"(B\\" + ESC + b"$B$d$^$@" + ESC + b"(B"),
    # PS3.5 H.3.2: JIS X 0201 katakana as the initial G1 set.
    "jis_katakana": (b"ISO 2022 IR 13\\ISO 2022 IR 87",
                     b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3=" + ESC + b"$B;3ED" + ESC + b"(J^" + ESC
                     + b"$BB@O:" + ESC + b"(J=" + ESC + b"$B$d$^$@" + ESC + b"(J^" + ESC
                     + b"$B$?$m$&" + ESC + b"(J",
                     b"\xb6\xc0\xb6\xc5"),
    # PS3.5 I.2: KS X 1001.
    "korean": (b"\\ISO 2022 IR 149",
               b"Hong^Gildong=" + ESC + b"$)C\xfb\xf3^" + ESC + b"$)C\xd1\xce\xd4\xd7=" + ESC
               + b"$)C\xc8\xab^" + ESC + b"$)C\xb1\xe6\xb5\xbf",
               ESC + b"$)C\xc7\xd1\xb1\xb9\xbe\xee"),
    # PS3.5 J.3: GB 2312 by code extension.
    "gb2312": (b"\\ISO 2022 IR 58",
               b"Zhang^XiaoDong=" + ESC + b"$)A\xd5\xc5^" + ESC + b"$)A\xd0\xa1\xb6\xab=",
               ESC + b"$)A\xd6\xd0\xce\xc4"),
    # PS3.5 J.1: GB 18030.
    "gb18030": (b"GB18030", b"Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=",
                b"\xd6\xd0\xce\xc4\\\x95\x32\x90\x31"),
    "gbk": (b"GBK", b"\xcd\xf5^\xd0\xa1\xb6\xab", b"\xd6\xd0\xce\xc4"),
    "cyrillic": (b"ISO_IR 144", b"\xbb\xee\xdace\xdc\xd5\xd9^\xb8\xd2\xd0\xdd",
                 b"\xbc\xde\xe1\xda\xd2\xd0"),
    "greek": (b"ISO_IR 126", b"\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2", b"\xc1\xe8\xde\xed\xe1"),
    "arabic": (b"ISO_IR 127", b"\xe2\xc8\xc7\xe6\xca^\xe4\xe6\xd1", b"\xd8\xc8\xea\xc8"),
    "hebrew": (b"ISO_IR 138", b"\xf9\xf8\xe5\xef^\xe3\xe1\xe5\xf8\xe4", b"\xfa\xec \xe0\xe1\xe9\xe1"),
    "latin2": (b"ISO_IR 101", b"Wal\xea\xf3sa^Lech", b"Gda\xf1sk"),
    "latin5": (b"ISO_IR 148", b"\xc7elik^\xdcmit", b"\xddstanbul"),
    "thai": (b"ISO_IR 166", b"\xb9\xd2\xc2^\xca\xc1\xaa\xd2\xc2", b"\xa1\xc3\xd8\xa7\xe0\xb7\xbe"),
    # Latin-1 switched in by escape sequence, with a nested item in another set.
    "latin1_2022": (b"ISO 2022 IR 6\\ISO 2022 IR 100", ESC + b"-AM\xfcller^J\xf6rg", ESC + b"-AK\xf6ln"),
}

out = sys.argv[1]
for n, (name, (cs, pn, lo)) in enumerate(sorted(CASES.items())):
    uid = 100 + n
    body = HEAD % (uid, cs, uid)
    body += b"(0010,0010) PN [" + pn + b"]\n"
    body += b"(0010,0020) LO [ID" + str(n).encode() + b"]\n"
    body += b"(0010,1040) LO [" + lo + b"]\n"
    # A nested item declaring UTF-8 (PS3.5 7.5: the item's Specific Character Set applies).
    body += b"(0040,0275) SQ (Sequence)\n  (fffe,e000) na (Item)\n"
    body += b"    (0008,0005) CS [ISO_IR 192]\n"
    body += b"    (0040,0007) LO [" + "Étude ✓".encode() + b"]\n"
    body += b"  (fffe,e00d) na (ItemDelimitationItem)\n(fffe,e0dd) na (SequenceDelimitationItem)\n"
    with open(f"{out}/charset_{name}.dump", "wb") as f:
        f.write(body)
