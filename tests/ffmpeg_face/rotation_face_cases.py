"""The ffmpeg face's rotation options and filters compared with FFmpeg 5.1.9: -noautorotate /
-autorotate 0 on rotated and mirrored MP4s, transpose/hflip/vflip from -vf on an odd-sized
picture, transpose's deprecated directions and a refused option value. Each case runs from
the repository root and writes its framemd5 to stdout. Goldens: rotation_face_goldens.json
(make_rotation_face_goldens.py)."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROT90 = "fixtures/h264/rot90.mp4"
MIRROR = "fixtures/h264/mirror_90.mp4"
ODD = "fixtures/transcode/rawvideo_101x61.avi"
FMD5 = ["-f", "framemd5", "-"]

CASES = [
    ("autorotate", ["-skip_frame", "nokey", "-i", ROT90, "-an"] + FMD5),
    ("noautorotate", ["-noautorotate", "-skip_frame", "nokey", "-i", ROT90, "-an"] + FMD5),
    ("autorotate_0_vf", ["-autorotate", "0", "-skip_frame", "nokey", "-i", MIRROR,
                         "-vf", "transpose=clock,hflip"] + FMD5),
    ("autorotate_v_0", ["-autorotate:v", "0", "-skip_frame", "nokey", "-i", MIRROR] + FMD5),
    ("autorotate_then_vf", ["-skip_frame", "nokey", "-i", MIRROR, "-vf",
                            "vflip,scale=40:-2"] + FMD5),
    ("vf_odd_flips", ["-i", ODD, "-vf", "transpose=cclock_flip,vflip,hflip"] + FMD5),
    ("vf_deprecated_dir", ["-i", ODD, "-vf", "transpose=7", "-frames:v", "1"] + FMD5),
    ("vf_out_of_range", ["-i", ODD, "-vf", "transpose=dir=8"] + FMD5),
    ("vf_no_option", ["-i", ODD, "-vf", "hflip=x=1"] + FMD5),
]


def run(tool: str, argv: list[str]) -> dict:
    from transcode_run_util import FFMPEG, normalise
    cmd = ([FFMPEG] if tool == "ref" else [sys.executable, "-m", "cine", "ffmpeg"]) + \
        ["-hide_banner", "-nostdin"] + argv
    env = dict(os.environ, PYTHONPATH=ROOT, LC_ALL="C")
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300, env=env)
    return {"rc": p.returncode, "stdout": p.stdout.decode("ascii"),
            "stderr": normalise(p.stderr)}
