#!/bin/sh
# Streams and reference grids of the CAVLC parser tests (test_cavlc_reference.py).
# Needs the Debian build of FFmpeg 5.1.9 (/usr/bin/ffmpeg, with libx264). Run from anywhere:
#   sh tests/engine/codecs/h264/data/make_data.sh
# 1. small CAVLC intra streams made with libx264 (keyint=1, so every picture is an IDR):
# 2. for each of them and for the CAVLC intra fixtures of fixtures/h264, NAME.grid: the
#    reference's per-macroblock QP and type, i.e. the grid that
#      ffmpeg -threads 1 -debug mb_type+qp -loglevel repeat+debug -i NAME -f null -
#    prints after each "New frame" line of the decode proper (the stream probe, before
#    "Stream mapping:", decodes and prints some pictures too), one token per macroblock ("%2d" QP + type letter,
#    the segmentation and interlace columns dropped), pictures separated by blank lines.
set -e
FF=/usr/bin/ffmpeg
"$FF" -version | head -1 | grep -q "ffmpeg version 5.1.9" || { echo "needs FFmpeg 5.1.9" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
FIX="$HERE/../../../../../fixtures/h264"
cd "$HERE"
x264() {  # NAME SIZE FRAMES ARGS...
    name=$1 size=$2 frames=$3
    shift 3
    "$FF" -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=s=$size:r=25" \
        -frames:v "$frames" -c:v libx264 -threads 1 -preset medium "$@" -f h264 "$name"
}
x264 mono_8x8.h264 64x48 2 -pix_fmt gray -profile:v high -crf 22 -x264-params keyint=1:cabac=0:8x8dct=1
x264 slices4_8x8.h264 112x80 2 -profile:v high -crf 24 -x264-params keyint=1:slices=4:cabac=0:8x8dct=1
x264 one_mb.h264 16x16 2 -profile:v baseline -crf 20 -x264-params keyint=1
x264 slices2_odd.h264 50x38 3 -profile:v baseline -crf 30 -x264-params keyint=1:slices=2
x264 qp_swing.h264 96x64 2 -profile:v high -crf 12 -x264-params keyint=1:cabac=0:8x8dct=1:aq-mode=2:aq-strength=2.0:slices=3

grid() {  # STREAM -> NAME.grid
    "$FF" -hide_banner -nostdin -threads 1 -debug mb_type+qp -loglevel repeat+debug -i "$1" -f null - 2>&1 |
        python3 -c '
import re, sys
pics, rows, on, started = [], [], False, False
for line in sys.stdin:
    started = started or line.startswith("Stream mapping:")
    if not started:
        continue
    if "New frame, type:" in line:
        if rows:
            pics.append(rows)
        rows, on = [], True
        continue
    body = re.sub(r"^\[h264 @ [^]]*\] ", "", line.rstrip("\n"))
    if on and re.fullmatch(r"(?:[ 0-9]{2}[A-Za-z<>] [ =])+", body):
        rows.append(" ".join(body[i:i + 3] for i in range(0, len(body), 5)))
    else:
        on = on and not rows
if rows:
    pics.append(rows)
print("\n\n".join("\n".join(r) for r in pics))
' > "$(basename "$1").grid"
}
for f in mono_8x8.h264 slices4_8x8.h264 one_mb.h264 slices2_odd.h264 qp_swing.h264; do grid "$f"; done
for f in cavlc_baseline.h264 high_cavlc_8x8.h264 slices3_cavlc.h264 cqm_jvt_cavlc.h264 low_qp_cavlc.h264 \
         ipcm_cavlc.h264 cavlc_8x8_slices_cqm.h264; do
    grid "$FIX/$f"
done
