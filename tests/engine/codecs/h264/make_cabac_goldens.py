#!/usr/bin/env python3
"""Regenerate the CABAC parser's test data with the reference FFmpeg 5.1.9:

  data/cabac_*.h264              small libx264 intra streams (commands in STREAMS below), and
                                 data/cabac_ipcm.h264 written by cabac_ipcm_stream.make()
  goldens/cabac/<stream>.mbgrid  per-picture macroblock grids of each CABAC stream of
                                 fixtures/h264/ and data/: the rows FFmpeg prints with
                                 `ffmpeg -threads 1 -debug mb_type+qp -i X -f null -`
                                 (QP then type letter per macroblock), one "picture N" line
                                 before each picture's rows
  goldens/cabac/<stream>.framemd5  for the data/ streams: the stdout of
                                 `ffmpeg -skip_frame nokey -i X -f framemd5 -`

Usage: python3 tests/engine/codecs/h264/make_cabac_goldens.py   (from anywhere)
"""
import os
import re
import subprocess
import sys

FF = "/usr/bin/ffmpeg"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
FIXTURES = ["cabac_main", "high_8x8", "high_no8x8", "slices4_cabac", "odd_178x98", "big_1918x1078",
            "cqm_jvt", "cqm_custom", "gray", "deblock_offsets", "no_deblock", "low_qp_cabac",
            "high_qp", "chroma_qp_offset"]
LAVFI = ["-f", "lavfi", "-i"]
X264 = ["-frames:v", "2", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-threads", "1",
        "-preset", "medium"]
STREAMS = {
    # name: ffmpeg arguments before the output file
    "cabac_main_slices2_200x120": LAVFI + ["testsrc2=s=200x120:r=25"] + X264
    + ["-profile:v", "main", "-crf", "18", "-x264-params", "keyint=1:slices=2"],
    "cabac_high_no8x8_slices3_qp8": LAVFI + ["testsrc2=s=144x112:r=25"] + X264
    + ["-profile:v", "high", "-qp", "8", "-x264-params", "keyint=1:slices=3:8x8dct=0"],
    "cabac_high_8x8_slices2_qp4": LAVFI + ["mandelbrot=s=112x80:r=25"] + X264
    + ["-profile:v", "high", "-qp", "4", "-x264-params", "keyint=1:slices=2:8x8dct=1"],
    "cabac_high_8x8_noise_98x66": LAVFI + ["cellauto=s=98x66:r=25:seed=7"] + X264
    + ["-profile:v", "high", "-crf", "10", "-x264-params", "keyint=1:slices=4"],
}
ROW = re.compile(r"^\[h264 @ (0x[0-9a-f]+)\] ((?: ?\d+[A-Za-z<>][ +|?-][ =])+)\s*$")
NEW = re.compile(r"^\[h264 @ (0x[0-9a-f]+)\] New frame, type: (\w)")


def grids(path):
    err = subprocess.run([FF, "-hide_banner", "-nostdin", "-threads", "1", "-debug", "mb_type+qp",
                          "-i", path, "-f", "null", "-"], capture_output=True, text=True).stderr
    by_decoder = {}
    for line in err.splitlines():
        m = NEW.match(line)
        if m:
            by_decoder.setdefault(m.group(1), []).append([])
            continue
        m = ROW.match(line)
        if m and by_decoder.get(m.group(1)):
            by_decoder[m.group(1)][-1].append(m.group(2).rstrip())
    # the last decoder instance is the one that decoded the whole stream
    return max(by_decoder.values(), key=len) if by_decoder else []


def main():
    version = subprocess.run([FF, "-version"], capture_output=True, text=True).stdout
    if not version.startswith("ffmpeg version 5.1.9"):
        sys.exit("make_cabac_goldens.py: %s is not FFmpeg 5.1.9" % FF)
    data = os.path.join(HERE, "data")
    out = os.path.join(HERE, "goldens", "cabac")
    os.makedirs(data, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    for name, args in STREAMS.items():
        subprocess.run([FF, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + args
                       + [os.path.join(data, name + ".h264")], check=True)
    sys.path.insert(0, ROOT)
    from tests.engine.codecs.h264.cabac_ipcm_stream import make
    with open(os.path.join(data, "cabac_ipcm.h264"), "wb") as f:
        f.write(make())
    paths = [os.path.join(ROOT, "fixtures", "h264", f + ".h264") for f in FIXTURES]
    paths += [os.path.join(data, n + ".h264") for n in list(STREAMS) + ["cabac_ipcm"]]
    for path in paths:
        pictures = grids(path)
        name = os.path.basename(path)[:-5]
        with open(os.path.join(out, name + ".mbgrid"), "w") as f:
            for i, rows in enumerate(pictures):
                f.write("picture %d\n" % i)
                f.write("".join(r + "\n" for r in rows))
        if path.startswith(data):
            with open(os.path.join(out, name + ".framemd5"), "w") as f:
                subprocess.run([FF, "-hide_banner", "-nostdin", "-loglevel", "error", "-skip_frame",
                                "nokey", "-i", path, "-f", "framemd5", "-"], stdout=f, check=True)


if __name__ == "__main__":
    main()
