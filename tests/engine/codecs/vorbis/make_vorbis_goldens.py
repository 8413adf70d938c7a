"""Regenerate goldens.txt from the reference: for each Vorbis file of vorbis_decode_support,
the channel count, the samples per channel and the samples_md5 of `ffmpeg -v error -i FILE
-map 0:a:0 -f f32le -` (FFmpeg 5.1.9). Run from the repository root:
python3 tests/engine/codecs/vorbis/make_vorbis_goldens.py"""
from __future__ import annotations

import subprocess
import sys

import numpy as np
from vorbis_decode_support import FILES, GOLDENS, ROOT, ffmpeg_ok, reference, samples_md5


def main() -> int:
    if not ffmpeg_ok():
        print("make_vorbis_goldens: needs ffmpeg 5.1.9", file=sys.stderr)
        return 2
    lines = ["# path channels samples samples_md5(f32le) (make_vorbis_goldens.py)"]
    for rel in FILES:
        path = ROOT / rel
        if not path.exists():
            print("skipped (absent): " + rel, file=sys.stderr)
            continue
        channels = int(subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
             "stream=channels", "-of", "csv=p=0", str(path)],
            capture_output=True, text=True, check=True).stdout.split()[0])
        data = reference(path)
        lines.append("%s %d %d %s" % (rel, channels, len(data) // 4 // channels,
                                      samples_md5(np.frombuffer(data, dtype=np.float32))))
    GOLDENS.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
