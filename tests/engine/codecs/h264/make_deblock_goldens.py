"""Write goldens/deblock.json: for each small intra-only stream made by libx264 in the reference
FFmpeg 5.1.9, per picture what h264_deblock_oracle.py gathers (the picture decoded with
`-skip_loop_filter all`, zlib+base64; macroblock kinds, QPs, slices and slice parameters; the
md5 of the picture FFmpeg decodes normally). Run from the repository root:
    python3 tests/engine/codecs/h264/make_deblock_goldens.py
"""
from __future__ import annotations

import json
import os
import shlex
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", ".."))
import h264_deblock_oracle as O  # noqa: E402

from cine.engine.codecs.h264.deblock_jit import deblock_picture  # noqa: E402

GOLDENS = os.path.join(HERE, "goldens", "deblock.json")

# name -> (width, height, pictures, x264 parameters, extra ffmpeg arguments)
CASES = {
    "cavlc_4x4": (128, 96, 1, "keyint=1:cabac=0:8x8dct=0:crf=40", []),
    "cavlc_8x8": (128, 96, 1, "keyint=1:cabac=0:crf=42:deblock=1,1", []),
    "cabac_8x8_a3_b-3": (128, 96, 1, "keyint=1:crf=45:deblock=3,-3", []),
    "slices3_a-3_b3_cqp5": (128, 96, 1, "keyint=1:8x8dct=0:slices=3:crf=30:deblock=-3,3:"
                            "chroma-qp-offset=5", []),
    "slices4_a-1_b2_cqp-4": (128, 96, 1, "keyint=1:crf=35:slices=4:deblock=-1,2:"
                             "chroma-qp-offset=-4", []),
    "crf51_a2_b2": (128, 96, 1, "keyint=1:crf=51:deblock=2,2", []),
    "crf20": (128, 96, 1, "keyint=1:crf=20", []),
    "aq_strong": (128, 96, 1, "keyint=1:crf=36:aq-strength=2:8x8dct=0", []),
    "gray": (128, 96, 1, "keyint=1:8x8dct=0:crf=38", ["-pix_fmt", "gray"]),
    "no_deblock": (128, 96, 1, "keyint=1:no-deblock=1:crf=40", []),
}


def command(name: str) -> list[str]:
    width, height, pictures, x264, extra = CASES[name]
    return O.encode_command(width, height, pictures, x264, extra)


def main() -> None:
    if not O.have_reference():
        sys.exit("make_deblock_goldens.py: %s is not FFmpeg 5.1.9" % O.FFMPEG)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            path = os.path.join(tmp, name + ".h264")
            O.encode(command(name), path)
            stream = O.reference(path, CASES[name][0], CASES[name][1], deblock_picture)
            for frame in stream["frames"]:
                frame["unfiltered"] = O.pack(frame["unfiltered"])
            stream["command"] = "ffmpeg " + shlex.join(command(name) + [name + ".h264"])
            out[name] = stream
    os.makedirs(os.path.dirname(GOLDENS), exist_ok=True)
    lines = [json.dumps(name) + ": " + json.dumps(stream, separators=(",", ":"))
             for name, stream in out.items()]
    with open(GOLDENS, "w") as f:   # one stream per line
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
