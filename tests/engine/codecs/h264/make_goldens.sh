#!/usr/bin/env bash
# Regenerate the H.264 keyframe goldens with the reference FFmpeg 5.1.9:
#   goldens/decode/<fixture>.framemd5               for every fixtures/h264/ file
#   goldens/decode/mp4/<name>.framemd5              for the fixtures/mp4/h264_* files
#   goldens/decode/data/<name>.framemd5             for the hand-made streams in data/
#   goldens/decode/nointra/<name>.framemd5          two fixtures with -skip_frame nointra
#   goldens/decode/corpus/<source>/<name>.framemd5  for the ../shared/corpus h264 files
# each the stdout of
#   ffmpeg -nostdin -skip_frame nokey -noautorotate -i X -map 0:<first h264 stream> -f framemd5 -
# (per-frame MD5 of the decoded yuv420p planes, Y then U then V, cropped; 4:0:0 streams decode
# to yuv420p with neutral chroma).
# <name>.rc holds the exit code when it is not 0; <name>.stderr the errors the reference logged
# while decoding (a damaged stream it concealed), when there are any.
#
# Usage: tests/engine/codecs/h264/make_goldens.sh      (from anywhere)
set -euo pipefail
FF=/usr/bin/ffmpeg
FP=/usr/bin/ffprobe
if ! "$FF" -version 2>/dev/null | head -n1 | grep -q '^ffmpeg version 5\.1\.9'; then
    echo "make_goldens.sh: $FF is not FFmpeg 5.1.9" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
OUT=$HERE/goldens/decode
rm -rf "$OUT"
mkdir -p "$OUT"

golden() {   # golden INPUT OUTPUT [SKIP_FRAME]
    local idx rc=0
    idx=$("$FP" -v quiet -select_streams v -show_entries stream=index,codec_name -of csv=p=0 "$1" \
          | awk -F, '$2 == "h264" {print $1; exit}')
    [ -n "$idx" ] || return 0
    mkdir -p "$(dirname "$2")"
    "$FF" -hide_banner -nostdin -loglevel error -skip_frame "${3:-nokey}" -noautorotate -i "$1" -map "0:$idx" \
        -f framemd5 - >"$2" 2>"${2%.framemd5}.stderr" || rc=$?
    [ "$rc" = 0 ] || echo "$rc" >"${2%.framemd5}.rc"
    [ -s "${2%.framemd5}.stderr" ] || rm -f "${2%.framemd5}.stderr"
}

for f in "$ROOT"/fixtures/h264/*.h264 "$ROOT"/fixtures/h264/*.mp4 "$ROOT"/fixtures/h264/*.mkv \
         "$ROOT"/fixtures/h264/*.ts; do
    golden "$f" "$OUT/$(basename "$f").framemd5"
done

for f in "$ROOT"/fixtures/mp4/h264*; do
    golden "$f" "$OUT/mp4/$(basename "$f").framemd5"
done

for f in "$HERE"/data/*.h264; do
    golden "$f" "$OUT/data/$(basename "$f").framemd5"
done

# -skip_frame nointra: non-IDR I pictures too (the SEI-less open GOP), P/B still skipped
for f in open_gop_nosei.h264 gop_bframes.mp4; do
    golden "$ROOT/fixtures/h264/$f" "$OUT/nointra/$f.framemd5" nointra
done

CORPUS=$ROOT/../shared/corpus
if [ -f "$CORPUS/manifest.tsv" ]; then
    awk -F'\t' 'NR > 1 && $4 ~ /(^|,)h264(,|$)/ {print $1}' "$CORPUS/manifest.tsv" |
    while read -r path; do
        golden "$CORPUS/files/$path" "$OUT/corpus/$path.framemd5"
    done
fi
