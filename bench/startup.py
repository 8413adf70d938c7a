#!/usr/bin/env python3
"""Start-up benchmark of the frozen binaries (make dist) against /usr/bin/ffprobe and
/usr/bin/ffmpeg (FFmpeg 5.1.9), in one run.

For each job, run interleaved (reference, cine, ...) N times after one warm-up run each, it
reports the median and best wall time of the reference and of cine's frozen binary (later
runs: the bundle already unpacked in the cache), their ratio (goal: cine <= 0.8x), and
whether cine's stdout (or written file) is identical to the development tree's and to the
reference's. The first-run cost (unpacking into an empty cache, then the run) is measured
separately on `ffprobe -version`, each try with a fresh XDG_CACHE_HOME.

Usage: python3 bench/startup.py [-n 10] [--first 3] [--dist dist] [--markdown]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from table import print_table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MP4 = os.path.join(ROOT, "fixtures", "mp4", "h264_aac.mp4")
OPUS = os.path.join(ROOT, "fixtures", "opus", "hybrid_stereo.opus")
M4A = os.path.join(ROOT, "fixtures", "aac", "tools.m4a")
PROBE = ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams"]

# name, tool, arguments ("{out}" is a file in a temporary folder, compared instead of stdout)
JOBS = [
    ("ffprobe -version", "ffprobe", ["-version"]),
    ("ffprobe json mp4", "ffprobe", PROBE + [MP4]),
    ("ffprobe json opus", "ffprobe", PROBE + [OPUS]),
    ("ffmpeg -version", "ffmpeg", ["-version"]),
    ("ffmpeg remux mp4", "ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                                    "-i", MP4, "-c", "copy", "{out}"]),
    ("ffmpeg whisper decode", "ffmpeg", ["-nostdin", "-threads", "0", "-i", M4A, "-f", "s16le",
                                         "-ac", "1", "-acodec", "pcm_s16le", "-ar", "16000", "-"]),
]

DEV = "import sys; from cine.compat import cli; cli.%s_main()"


def run(cmd: list[str], out_dir: str, env: dict | None = None) -> tuple[float, bytes]:
    """Wall time and the job's output: its stdout, or the file {out} when it writes one."""
    out = os.path.join(out_dir, "out.mp4")
    cmd = [out if a == "{out}" else a for a in cmd]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    if out in cmd:
        with open(out, "rb") as f:
            data = f.read()
        os.unlink(out)
        return wall, data
    return wall, proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10, help="timed runs per job and tool")
    ap.add_argument("--first", type=int, default=3, help="first runs timed (fresh cache each)")
    ap.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    dist = os.path.abspath(args.dist)
    if not os.path.exists(os.path.join(dist, "ffprobe")):
        sys.exit("startup: %s/ffprobe is missing (make dist)" % dist)
    work = tempfile.mkdtemp(prefix="cine-startup-")
    try:
        rows = []
        for name, tool, tail in JOBS:
            ref_cmd, cine_cmd = ["/usr/bin/" + tool] + tail, [os.path.join(dist, tool)] + tail
            dev_cmd = [sys.executable, "-c", DEV % tool] + tail
            env = dict(os.environ, PYTHONPATH=ROOT, PYTHONDONTWRITEBYTECODE="1")
            _, dev_out = run(dev_cmd, work, env)
            _, ref_out = run(ref_cmd, work)
            _, cine_out = run(cine_cmd, work)          # (also unpacks when the cache is empty)
            ref_t, cine_t = [], []
            for _ in range(args.n):
                ref_t.append(run(ref_cmd, work)[0])
                cine_t.append(run(cine_cmd, work)[0])
            rows.append((name, statistics.median(ref_t), min(ref_t), statistics.median(cine_t),
                         min(cine_t), cine_out == dev_out, cine_out == ref_out))
        first = []
        for _ in range(args.first):
            cache = tempfile.mkdtemp(prefix="cache-", dir=work)
            env = dict(os.environ, XDG_CACHE_HOME=cache)
            first.append(run([os.path.join(dist, "ffprobe"), "-version"], work, env)[0])
            shutil.rmtree(cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    size = os.path.getsize(os.path.join(dist, "ffprobe"))
    head = ("job", "ref median", "ref best", "cine median", "cine best", "ratio (median)",
            "stdout = dev", "stdout = ref")
    lines = []
    for name, rm, rb, cm, cb, same_dev, same_ref in rows:
        lines.append((name, "%.1f ms" % (rm * 1e3), "%.1f ms" % (rb * 1e3), "%.1f ms" % (cm * 1e3),
                      "%.1f ms" % (cb * 1e3), "%.2fx" % (cm / rm), "yes" if same_dev else "NO",
                      "yes" if same_ref else "no"))
    print_table(list(head), lines, args.markdown)
    print("\nartefact: %.1f MB each; first run of ffprobe -version (empty cache, unpack + run): "
          "median %.0f ms, best %.0f ms over %d" % (size / 1e6, statistics.median(first) * 1e3,
                                                     min(first) * 1e3, len(first)))
    return 0 if all(r[5] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
