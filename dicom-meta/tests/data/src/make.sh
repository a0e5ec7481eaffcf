#!/bin/sh
# Builds the committed fixtures of dicom-meta/tests/data from our own dumps.
# Needs DCMTK 3.6.7 (dump2dcm, dcmcrle, dcmcjpeg) and python3. Usage: make.sh OUTDIR
set -e
OUT=${1:-.}
SRC=$(dirname "$0")
T=$(mktemp -d)
dump2dcm -q -e +te "$SRC/ct.dump" "$OUT/explicit_le.dcm"
dump2dcm -q +e +te "$SRC/ct.dump" "$OUT/explicit_le_defined.dcm"
dump2dcm -q -e +ti "$SRC/ct.dump" "$OUT/implicit_le.dcm"
dump2dcm -q -e +tb "$SRC/ct.dump" "$OUT/explicit_be.dcm"
dump2dcm -q -e +td "$SRC/ct.dump" "$OUT/deflated.dcm"
dump2dcm -q -e +te +g "$SRC/ct.dump" "$OUT/group_lengths.dcm"
dump2dcm -q -e -F +ti "$SRC/ct.dump" "$OUT/no_meta_implicit.dcm"
dump2dcm -q -e -F +te "$SRC/ct.dump" "$OUT/no_meta_explicit.dcm"
dcmcrle -q "$OUT/explicit_le.dcm" "$OUT/rle.dcm"
dcmcjpeg -q +e1 "$OUT/explicit_le.dcm" "$OUT/jpeg_lossless.dcm"
dump2dcm -q -e +te "$SRC/deep.dump" "$OUT/deep.dcm"
python3 "$SRC/ct_header.py" > "$T/ct_header.dump"
cmp "$T/ct_header.dump" "$SRC/ct_header.dump"
dump2dcm -q +l 65536 -e +te "$SRC/ct_header.dump" "$OUT/ct_header.dcm"
dump2dcm -q +l 65536 -e +ti "$SRC/ct_header.dump" "$OUT/ct_header_implicit.dcm"
dump2dcm -q -e +te "$SRC/vrs.dump" "$OUT/vrs.dcm"
dump2dcm -q -e +tb "$SRC/vrs.dump" "$OUT/vrs_be.dcm"
python3 "$SRC/charsets.py" "$T"
for d in "$T"/charset_*.dump; do n=$(basename "$d" .dump); dump2dcm -q -e +te "$d" "$OUT/$n.dcm"; done
python3 "$SRC/derive.py" "$OUT"
rm -rf "$T"
