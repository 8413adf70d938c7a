#!/usr/bin/env bash
# Regenerate the H.264 P-slice goldens with the reference FFmpeg 5.1.9:
#   goldens/inter/<fixture>.framemd5   for every fixtures/h264/inter/ stream
# each the stdout of
#   ffmpeg -nostdin -i X -map 0:v:0 -f framemd5 -
# (every frame, in output order: the MD5 of its yuv420p planes, Y then U then V, cropped).
#
# Usage: tests/engine/codecs/h264/make_inter_goldens.sh      (from anywhere)
set -euo pipefail
FF=/usr/bin/ffmpeg
if ! "$FF" -version 2>/dev/null | head -n1 | grep -q '^ffmpeg version 5\.1\.9'; then
    echo "make_inter_goldens.sh: $FF is not FFmpeg 5.1.9" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
OUT=$HERE/goldens/inter
rm -rf "$OUT"
mkdir -p "$OUT"
for f in "$ROOT"/fixtures/h264/inter/*.h264 "$ROOT"/fixtures/h264/inter/*.mp4; do
    "$FF" -hide_banner -nostdin -loglevel error -i "$f" -map 0:v:0 -f framemd5 - \
        >"$OUT/$(basename "$f").framemd5"
done
