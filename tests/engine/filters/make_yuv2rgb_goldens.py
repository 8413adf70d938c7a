"""Regenerate yuv2rgb_md5.txt with the reference FFmpeg 5.1.9 (/usr/bin/ffmpeg): "GRAPH | MD5"
per case of CASES, the MD5 of the first frame of fixtures/transcode/rawvideo_96x64.avi
(yuv420p) after `-vf GRAPH` (`-f framemd5`), every graph ending in an RGB format, so each
case exercises one of swscale's YUV -> RGB routes (see cine/engine/filters/yuv2rgb.py).

    python3 tests/engine/filters/make_yuv2rgb_goldens.py
"""
from __future__ import annotations

import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FFMPEG = "/usr/bin/ffmpeg"
FIXTURE = os.path.join(ROOT, "fixtures", "transcode", "rawvideo_96x64.avi")

CASES = [
    # same size: the SIMD converter of whole 4:2:0 / 4:2:2 pictures, the gray palette
    "format=rgb24", "format=bgr24", "format=yuvj420p,format=rgb24",
    "format=yuv422p,format=rgb24", "format=yuvj422p,format=bgr24", "format=gray,format=rgb24",
    "scale=97:64,format=yuv420p,format=rgb24",
    # scaling (and odd heights): the vertical scaler and the table writers
    "scale=64:-2,format=rgb24", "scale=192:128,format=rgb24", "scale=96:63,format=rgb24",
    "scale=50:30:flags=bilinear,format=rgb24", "scale=192:128:flags=bilinear,format=rgb24",
    "scale=96:63:flags=bilinear,format=rgb24", "scale=200:-2:flags=neighbor,format=rgb24",
    "scale=40:40:flags=lanczos,format=rgb24", "format=yuvj420p,scale=64:48,format=rgb24",
    "format=yuv422p,scale=50:30,format=rgb24",
    # full chroma interpolation (4:4:4 or gray input, odd output widths)
    "format=yuv444p,format=rgb24", "format=yuv444p,scale=48:32,format=rgb24",
    "format=gray,scale=48:31,format=rgb24", "scale=97:33,format=rgb24",
    "scale=33:17:flags=lanczos,format=rgb24", "scale=95:64:flags=bilinear,format=bgr24",
    "format=yuvj444p,scale=101:70,format=bgr24", "scale=97:64:flags=neighbor,format=rgb24",
]

MATRIX_CASES = [(cs, graph) for cs in ("bt709", "smpte240m", "bt2020nc", "fcc")
                for graph in ("format=rgb24", "scale=50:30,format=rgb24",
                              "scale=51:30,format=rgb24")]


def _md5(graph: str) -> str:
    p = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-v", "error", "-i", FIXTURE,
                        "-vf", graph, "-frames:v", "1", "-f", "framemd5", "-"],
                       capture_output=True, timeout=120, check=True)
    return p.stdout.decode().strip().splitlines()[-1].split(",")[-1].strip()


def main() -> None:
    lines = ["%s | %s\n" % (graph, _md5(graph)) for graph in CASES]
    with open(os.path.join(HERE, "yuv2rgb_md5.txt"), "w") as f:
        f.writelines(lines)
    lines = ["%s | %s | %s\n" % (cs, graph, _md5("setparams=colorspace=%s,%s" % (cs, graph)))
             for cs, graph in MATRIX_CASES]
    with open(os.path.join(HERE, "yuv2rgb_matrix_md5.txt"), "w") as f:
        f.writelines(lines)

if __name__ == "__main__":
    main()
