#!/usr/bin/env python3
"""Benchmark cine's ffprobe against the real FFmpeg 5.1.9 ffprobe in the same run.

For each input, both tools run the same command (`-v quiet -of json -show_format
-show_streams FILE`) N times, interleaved (cine, reference, cine, ...); the table reports the best
wall time and the best CPU time (user + sys, from os.wait4) of each, their ratios (goal: cine <=
0.5x), whether both printed the same stdout and exit code, and how many bytes cine read from the
media file (counted by instrumenting cine's FileSource in a separate run; goal: independent of the
mdat size) plus the process's rchar from /proc/self/io (all reads, Python modules included).

Inputs: one small fixture of each container (CONTAINERS; `--containers mp4,flac` picks some),
and a generated multi-GB MP4 with a large moov (built once into bench/out/, never committed;
`--no-big` skips it). cine is run the way a user runs it: `--cine CMD` (default: the repo's
.venv/bin/ffprobe console script when it exists, else `PYTHON -m cine ffprobe`). Usage:

  python3 bench/probe.py [-n 5] [--no-big] [--big PATH] [--containers LIST] [--also FILE ...]
                         [--cine CMD] [--markdown]
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time

from table import print_table

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
REFERENCE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"
SMALL = os.path.join(ROOT, "fixtures", "mp4", "h264_aac.mp4")
# One typical small fixture per container (name, path under fixtures/); a missing file is skipped
# with a note (avi is listed once fixtures/avi/ exists).
CONTAINERS = [
    ("mp4", "mp4/h264_aac.mp4"),
    ("mkv", "mkv/h264_aac.mkv"),
    ("webm", "mkv/vp9_opus.webm"),
    ("ogg", "ogg/vorbis_stereo.oga"),
    ("wav", "wav/s16_stereo.wav"),
    ("mp3", "elementary/cbr.mp3"),
    ("aac", "elementary/stereo.aac"),
    ("flac", "elementary/f16.flac"),
    ("mpegts", "ts/h264_aac.ts"),
    ("h264", "elementary/r30.h264"),
    ("hevc", "elementary/r25.hevc"),
    ("avi", "avi/xvid_mp3.avi"),
]
ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"]

# The child that counts what cine reads: FileSource.read is wrapped before ffprobe runs.
COUNTER = r"""
import json, os, sys
sys.path.insert(0, %(root)r)
from cine.engine.io import source as _s
_count = {"n": 0, "calls": 0}
_orig = _s.FileSource.read
def _read(self, n):
    data = _orig(self, n)
    _count["n"] += len(data); _count["calls"] += 1
    return data
_s.FileSource.read = _read
from cine.compat.cli import ffprobe_main
so = os.dup(1); dn = os.open(os.devnull, os.O_WRONLY); os.dup2(dn, 1)
rc = ffprobe_main(sys.argv[1:])
sys.stdout.flush(); os.dup2(so, 1)
io = dict(l.split(": ") for l in open("/proc/self/io").read().split("\n") if l)
print(json.dumps({"rc": rc, "bytes": _count["n"], "calls": _count["calls"], "rchar": int(io["rchar"])}))
"""


def build_big(path: str, loops: int = 589) -> None:
    """~2.2 GB: a 20 s noisy 320x240 H.264 (1.5 Mb/s, B-frames) + AAC clip stream-copied
    `loops` times; moov (at the end, the muxer default) holds ~835k samples, several MB."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    clip = os.path.join(os.path.dirname(path), "clip.mp4")
    base = [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    if not os.path.exists(clip):
        subprocess.run(base + ["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=20", "-f", "lavfi",
                               "-i", "sine=f=440:d=20:r=44100", "-vf", "noise=alls=40:allf=t",
                               "-c:v", "libx264", "-threads", "2", "-preset", "ultrafast",
                               "-b:v", "1500k", "-g", "50", "-bf", "2", "-c:a", "aac", "-b:a", "32k",
                               clip], check=True)
    tmp = path + ".part.mp4"
    subprocess.run(base + ["-stream_loop", str(loops), "-i", clip, "-c", "copy", tmp], check=True)
    os.replace(tmp, path)


def moov_size(path: str) -> int:
    """Size of the top-level moov box (walks top-level box headers only)."""
    import struct
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        pos = 0
        while pos + 8 <= size:
            f.seek(pos)
            hdr = f.read(16)
            n, typ = struct.unpack(">I4s", hdr[:8])
            if n == 1:
                n = struct.unpack(">Q", hdr[8:16])[0]
            elif n == 0:
                n = size - pos
            if typ == b"moov":
                return n
            if n < 8:
                break
            pos += n
    return 0


# cine runs with byte-compiled modules, as an installed package does: a PYTHONDONTWRITEBYTECODE
# environment would otherwise recompile every module edited since its .pyc was written.
CINE_ENV = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(OUT, "pycache"))
CINE_ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def wall(cmd: list, env=None) -> tuple[float, int, bytes, float]:
    """Wall time, exit code, stdout and CPU time (user + sys) of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    return time.perf_counter() - t0, p.returncode, out, usage.ru_utime + usage.ru_stime


def default_cine() -> list:
    venv = os.path.join(ROOT, ".venv", "bin", "ffprobe")
    if os.access(venv, os.X_OK):
        return [venv]
    return [sys.executable, "-m", "cine", "ffprobe"]


def bench(path: str, n: int, cine: list, label: str = "", baseline: list | None = None) -> dict:
    cine_cmd = [*cine, *ARGS, path]
    ref_cmd = [REFERENCE, *ARGS, path]
    base_cmd = [*baseline, *ARGS, path] if baseline else None
    wall(ref_cmd)  # warm the page cache
    wall(cine_cmd, CINE_ENV)  # and cine's bytecode cache
    if base_cmd:
        wall(base_cmd, CINE_ENV)
    tc, tr, cc, cr, tb, cb = [], [], [], [], [], []
    same = True
    for _ in range(n):
        t, rc_c, out_c, cpu = wall(cine_cmd, CINE_ENV)
        tc.append(t)
        cc.append(cpu)
        if base_cmd:
            t, _, _, cpu = wall(base_cmd, CINE_ENV)
            tb.append(t)
            cb.append(cpu)
        t, rc_r, out_r, cpu = wall(ref_cmd)
        tr.append(t)
        cr.append(cpu)
        same = same and (out_c == out_r and rc_c == rc_r)
    counter = subprocess.run([sys.executable, "-c", COUNTER % {"root": ROOT}, *ARGS, path],
                             cwd=ROOT, capture_output=True, stdin=subprocess.DEVNULL)
    try:
        info = json.loads(counter.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        info = {"bytes": None, "rchar": None, "calls": None}
    row = {"container": label, "file": os.path.relpath(path, ROOT), "size": os.path.getsize(path),
           "moov": moov_size(path), "cine": min(tc), "ref": min(tr),
           "ratio": min(tc) / min(tr), "cine_cpu": min(cc), "ref_cpu": min(cr),
           "cpu_ratio": min(cc) / max(min(cr), 1e-6), "bytes": info.get("bytes"),
           "calls": info.get("calls"), "rchar": info.get("rchar"), "identical": same}
    if base_cmd:
        row.update(base=min(tb), base_ratio=min(tb) / min(tr),
                   base_cpu_ratio=min(cb) / max(min(cr), 1e-6))
    return row


def _load() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def human(n) -> str:
    if n is None:
        return "?"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=5, help="runs per tool (best is kept)")
    ap.add_argument("--no-big", action="store_true")
    ap.add_argument("--big", default=os.path.join(OUT, "big.mp4"))
    ap.add_argument("--also", nargs="*", default=[])
    ap.add_argument("--containers", default="",
                    help="comma-separated subset of: " + ",".join(c for c, _ in CONTAINERS))
    ap.add_argument("--cine", default=None,
                    help="command that runs cine's ffprobe (default: .venv/bin/ffprobe if it "
                         "exists, else PYTHON -m cine ffprobe)")
    ap.add_argument("--baseline", default=None,
                    help="a second cine command (e.g. an install of an older tree), timed in the "
                         "same interleaved runs; adds its wall time and ratios as columns")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(REFERENCE):
        sys.exit("bench: /usr/bin/ffprobe is required")
    cine = shlex.split(a.cine) if a.cine else default_cine()
    wanted = {c for c in a.containers.split(",") if c}
    files = []
    for name, rel in CONTAINERS:
        if wanted and name not in wanted:
            continue
        path = os.path.join(ROOT, "fixtures", rel)
        if os.path.exists(path):
            files.append((name, path))
        elif name != "avi" or os.path.isdir(os.path.dirname(path)):
            print(f"bench: skipping {name}: {rel} is missing", file=sys.stderr)
    files += [("", f) for f in a.also]
    if not a.no_big:
        if not os.path.exists(a.big):
            print(f"building {a.big} (one time, a few minutes)...", file=sys.stderr)
            build_big(a.big)
        files.append(("mp4 (big)", a.big))
    load0 = _load()
    baseline = shlex.split(a.baseline) if a.baseline else None
    rows = [bench(f, a.n, cine, name, baseline) for name, f in files]
    hdr = ["container", "file", "size", "moov", "cine (s)", "ffprobe (s)", "ratio", "cine cpu (s)",
           "ffprobe cpu (s)", "cpu ratio", "cine bytes read",
           "cine rchar", "same output"]
    table = [[r["container"], r["file"], human(r["size"]), human(r["moov"]) if r["moov"] else "-",
              f"{r['cine']:.3f}", f"{r['ref']:.3f}",
              f"{r['ratio']:.2f}x", f"{r['cine_cpu']:.3f}", f"{r['ref_cpu']:.3f}",
              f"{r['cpu_ratio']:.2f}x", human(r["bytes"]), human(r["rchar"]),
              "yes" if r["identical"] else "NO"] for r in rows]
    if baseline:
        hdr[7:7] = ["baseline (s)", "baseline ratio", "baseline cpu ratio"]
        for t, r in zip(table, rows):
            t[7:7] = [f"{r['base']:.3f}", f"{r['base_ratio']:.2f}x", f"{r['base_cpu_ratio']:.2f}x"]
    print_table(hdr, table, a.markdown)
    print(f"best of {a.n} interleaved runs each; cine = {shlex.join(cine)} "
          f"{' '.join(ARGS)} FILE"
          + (f"; baseline = {shlex.join(baseline)}" if baseline else "")
          + f"; load average before/after: {load0} / {_load()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
