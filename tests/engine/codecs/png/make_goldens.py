"""Regenerate goldens/encode.txt: size and MD5 of the reference's PNG of each synthetic
picture of png_support (FFmpeg 5.1.9 needed):

    python3 tests/engine/codecs/png/make_goldens.py

Each case runs `ffmpeg -f rawvideo -pix_fmt F -s WxH -i raw [-pred P] [-compression_level L]
-frames:v 1 out.png` (raw input: unknown sample aspect ratio, so pHYs holds 0/1).
"""
from __future__ import annotations

import os
import sys
import tempfile

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_HERE, os.path.normpath(os.path.join(_HERE, "..", "..", "..", ".."))]

from png_support import GOLDENS, have_reference, md5, reference_png, synthetic_frame  # noqa: E402


def cases():
    for fmt in ("rgb24", "rgba", "gray", "ya8"):
        for w, h in ((1, 1), (5, 3), (177, 99), (320, 240)):
            for pred in ("none", "sub", "up", "avg", "paeth", "mixed"):
                yield fmt, w, h, pred, "default"
        for level in ("1", "9"):
            yield fmt, 177, 99, "none", level


def main() -> None:
    if not have_reference():
        sys.exit("needs /usr/bin/ffmpeg 5.1.9")
    lines = ["# pix_fmt WxH pred compression_level size md5 (reference PNG; make_goldens.py)"]
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = os.path.join(tmp, "in.raw"), os.path.join(tmp, "out.png")
        for fmt, w, h, pred, level in cases():
            with open(raw, "wb") as f:
                f.write(synthetic_frame(w, h, fmt).planes[0].tobytes())
            extra = ("-pred", pred) + (() if level == "default" else ("-compression_level", level))
            data = reference_png(raw, out, w, h, fmt, extra)
            lines.append(f"{fmt} {w}x{h} {pred} {level} {len(data)} {md5(data)}")
    with open(GOLDENS, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
