"""Regenerate rotation_md5.txt with the reference FFmpeg 5.1.9 (/usr/bin/ffmpeg): the MD5 of
each frame (framemd5) and the output size for

  - "vf GRAPH": fixtures/transcode/rawvideo_101x61.avi (yuv420p, odd size) or, for a graph
    prefixed "bgr:", fixtures/avi/rawvideo.avi (bgr24) through `-vf GRAPH`;
  - "matrix A B C D": fixtures/h264/main_avcc.mp4 with its tkhd matrix set to [A B; C D]
    (fixtures/h264/make_matrix.py), keyframes decoded and autorotated
    (`-skip_frame nokey -i X -f framemd5 -`), and "noauto A B C D" the same with
    -noautorotate.

Line format: "KIND ARGS | WIDTHxHEIGHT | md5 md5 ...".

    python3 tests/engine/filters/make_rotation_goldens.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FFMPEG = "/usr/bin/ffmpeg"
ODD = os.path.join(ROOT, "fixtures", "transcode", "rawvideo_101x61.avi")
BGR = os.path.join(ROOT, "fixtures", "avi", "rawvideo.avi")
MP4 = os.path.join(ROOT, "fixtures", "h264", "main_avcc.mp4")

GRAPHS = ["transpose=0", "transpose=1", "transpose=2", "transpose=3", "transpose=clock_flip",
          "transpose=dir=cclock:passthrough=landscape", "transpose=1:portrait",
          "transpose=6", "hflip", "vflip", "hflip,transpose=1,vflip",
          "transpose=2,scale=40:-2", "bgr:transpose=1", "bgr:hflip", "bgr:vflip"]
U = 65536
MATRICES = [(-U, 0, 0, U), (U, 0, 0, -U), (-U, 0, 0, -U), (0, U, -U, 0), (0, -U, U, 0),
            (0, U, U, 0), (0, -U, -U, 0), (65000, 1000, -1000, 65000)]
NOAUTO = [(0, U, -U, 0)]

_DIM = re.compile(r"#dimensions 0: (\d+x\d+)")


def matrix_file(directory: str, m) -> str:
    """main_avcc.mp4 with the matrix m, written into directory."""
    sys.path.insert(0, os.path.join(ROOT, "fixtures", "h264"))
    from make_matrix import set_matrix
    with open(MP4, "rb") as f:
        data = set_matrix(f.read(), *m)
    path = os.path.join(directory, "m_%d_%d_%d_%d.mp4" % tuple(m))
    with open(path, "wb") as f:
        f.write(data)
    return path


def summary(framemd5: str) -> str:
    size = _DIM.search(framemd5).group(1)
    md5s = [line.rsplit(",", 1)[1].strip() for line in framemd5.splitlines()
            if line and not line.startswith("#")]
    return "%s | %s" % (size, " ".join(md5s))


def run(args) -> str:
    p = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-v", "error"] + args
                       + ["-f", "framemd5", "-"], capture_output=True, timeout=120, check=True)
    return p.stdout.decode()


def main() -> None:
    lines = []
    for g in GRAPHS:
        src = BGR if g.startswith("bgr:") else ODD
        lines.append("vf %s | %s\n" % (g, summary(run(["-i", src, "-vf", g.split(":", 1)[1]
                                                        if g.startswith("bgr:") else g]))))
    with tempfile.TemporaryDirectory() as d:
        for m in MATRICES:
            out = run(["-skip_frame", "nokey", "-i", matrix_file(d, m)])
            lines.append("matrix %d %d %d %d | %s\n" % (m + (summary(out),)))
        for m in NOAUTO:
            out = run(["-noautorotate", "-skip_frame", "nokey", "-i", matrix_file(d, m)])
            lines.append("noauto %d %d %d %d | %s\n" % (m + (summary(out),)))
    with open(os.path.join(HERE, "rotation_md5.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
