"""Regenerate the goldens of this folder with the reference FFmpeg 5.1.9 (/usr/bin/ffmpeg):

scale_sizes.txt: "W H SAR | scale args | OUT_W OUT_H" (or "error") for each case of
SIZE_CASES, read from the "#dimensions" line of `ffmpeg -f lavfi -i
color=s=WxH:d=0.1,setsar=SAR -vf scale=ARGS -f framecrc -`.

scale_md5.txt: "ARGS | MD5" per case of PIXEL_CASES: the MD5 of the first frame of
fixtures/transcode/rawvideo_96x64.avi after `-vf ARGS` (`-f framemd5`).

    python3 tests/engine/filters/make_goldens.py
"""
from __future__ import annotations

import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
FFMPEG = "/usr/bin/ffmpeg"
FIXTURE = os.path.join(ROOT, "fixtures", "transcode", "rawvideo_96x64.avi")

# (even sizes: the lavfi colour source rounds odd ones down for yuv420p)
SIZE_INPUTS = [(1920, 1080, "1"), (1280, 720, "1"), (720, 576, "16/15"), (640, 480, "4/3"),
               (1918, 1078, "1"), (176, 144, "12/11"), (102, 58, "1"), (360, 640, "1")]
SIZE_ARGS = ["640:-2", "640:-1", "-2:360", "-1:-1", "320:240", "iw/2:ih/2", "iw*2:-4",
             "-8:100", "0:0", "0:50", "trunc(iw/3):trunc(ih/3)",
             "w=640:h=640:force_original_aspect_ratio=decrease",
             "w=640:h=640:force_original_aspect_ratio=increase",
             "w=640:h=360:force_original_aspect_ratio=decrease:force_divisible_by=2",
             "w=500:h=500:force_original_aspect_ratio=increase:force_divisible_by=16",
             "w=iw*sar:h=ih", "w=ih*dar:h=ih", "w=oh*a:h=200", "w=320:h=ow/a",
             "w=hsub*100:h=vsub*50", "w=-2:h=ih*0.5", "w=iw+1:h=ih+1", "w=2*trunc(iw/4):h=-2"]

PIXEL_CASES = ["scale=48:32", "scale=192:128", "scale=64:-2", "scale=97:33", "scale=17:9",
               "scale=50:30:flags=bilinear", "scale=200:-1:flags=neighbor",
               "scale=33:17:flags=lanczos", "scale=40:40:flags=bicubic", "scale=96:31",
               "scale=300:200", "format=yuv444p", "format=yuv422p", "format=yuvj420p",
               "scale=64:48,format=yuvj420p", "scale=48:32,format=yuv444p",
               "scale=100:70,format=yuvj444p", "format=gray", "scale=96:64"]

_DIM = re.compile(r"#dimensions 0: (\d+)x(\d+)")


def run(args):
    return subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-v", "error"] + args,
                          capture_output=True, timeout=120)


def main() -> None:
    lines = []
    for w, h, sar in SIZE_INPUTS:
        for args in SIZE_ARGS:
            p = run(["-f", "lavfi", "-i", "color=s=%dx%d:d=0.1,setsar=%s" % (w, h, sar),
                     "-vf", "scale=" + args, "-frames:v", "1", "-f", "framecrc", "-"])
            m = _DIM.search(p.stdout.decode())
            out = "%s %s" % m.groups() if p.returncode == 0 and m else "error"
            lines.append("%d %d %s | %s | %s\n" % (w, h, sar, args, out))
    with open(os.path.join(HERE, "scale_sizes.txt"), "w") as f:
        f.writelines(lines)
    lines = []
    for args in PIXEL_CASES:
        p = run(["-i", FIXTURE, "-vf", args, "-frames:v", "1", "-f", "framemd5", "-"])
        last = p.stdout.decode().strip().splitlines()[-1]
        lines.append("%s | %s\n" % (args, last.split(",")[-1].strip()))
    with open(os.path.join(HERE, "scale_md5.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
