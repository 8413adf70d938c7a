#!/usr/bin/env python3
"""Keyframe-extraction benchmark (issue 6): cine's ffmpeg against /usr/bin/ffmpeg (FFmpeg 5.1.9)
in the same run, on a 60-second 1080p H.264 + AAC MP4 built under bench/out/ (never committed).

Jobs, each `ffmpeg -hide_banner -nostdin -loglevel error -y -i INPUT ...`, interleaved (cine,
reference, cine, ...), best of N:

    keyframes_jpeg   -vf "select='eq(pict_type,I)',scale=640:-2" -vsync vfr -frames:v 5 -q:v 2
                     frame-%03d.jpg      (the video analyzer's call; goal: cine faster)
    intra_decode     -threads 1 -skip_frame nokey -an -f null -
                     (decode speed of keyframes; reported in megapixels per second; goal: cine
                     at least 0.5x the reference's speed)

For each: best wall and CPU time (user + sys) of each tool, the ratio, peak RSS, and what was
written (JPEG count and total size). numba compilation is paid once per machine: the first
cine run against an empty NUMBA_CACHE_DIR is timed separately and reported as `compile`.

Usage: python3 bench/keyframes.py [-n 3] [--jobs keyframes_jpeg,intra_decode] [--cine CMD]
                                  [--input FILE] [--markdown] [--no-compile]
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
REFERENCE = "/usr/bin/ffmpeg"
INPUT = os.path.join(OUT, "keyframes1080.mp4")
WIDTH, HEIGHT = 1920, 1080

sys.path.insert(0, HERE)
from remux import CINE_ENV, mb, run_once  # noqa: E402  (same timing method as bench/remux.py)

JOBS = {
    "keyframes_jpeg": ["-vf", "select='eq(pict_type,I)',scale=640:-2", "-vsync", "vfr",
                       "-frames:v", "5", "-q:v", "2", "frame-%03d.jpg"],
    "intra_decode": ["-threads", "1", "-skip_frame", "nokey", "-an", "-f", "null", "-"],
}


def build_input(path: str = INPUT) -> None:
    """60 s of 1920x1080 at 30 fps, lightly noisy test pattern, libx264 High profile (CABAC,
    8x8 transform, B-frames, the default GOP: a keyframe every 250 frames plus scene cuts) at
    ~6 Mb/s, with 48 kHz AAC: what a phone upload looks like to the decoder."""
    os.makedirs(OUT, exist_ok=True)
    tmp = path + ".part.mp4"
    subprocess.run([REFERENCE, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=s={WIDTH}x{HEIGHT}:r=30:d=60",
                    "-f", "lavfi", "-i", "sine=f=440:d=60:r=48000",
                    "-vf", "noise=alls=12:allf=t", "-c:v", "libx264", "-preset", "veryfast",
                    "-b:v", "6M", "-c:a", "aac", "-b:a", "96k", tmp], check=True)
    os.replace(tmp, path)


def keyframe_count(path: str) -> int:
    out = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0",
                          "-skip_frame", "nokey", "-count_frames", "-show_entries",
                          "stream=nb_read_frames", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def written(wd: str) -> tuple[int, int]:
    files = [f for f in os.listdir(wd) if f.endswith(".jpg")]
    return len(files), sum(os.path.getsize(os.path.join(wd, f)) for f in files)


def bench_job(job: str, inp: str, n: int, cine: list, env: dict) -> dict:
    argv = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", os.path.abspath(inp)]
    opts = JOBS[job]
    if opts[0] == "-threads":          # an input option of the decoder: before -i
        argv = argv[:5] + opts[:4] + argv[5:] + opts[4:]    # (-an: audio is not decoded yet)
    else:
        argv = argv + opts
    best = {"cine": [1e9, 1e9, 0, 0, (0, 0)], "ref": [1e9, 1e9, 0, 0, (0, 0)]}
    for _ in range(n):
        for tool, cmd, e in (("cine", cine + argv, env), ("ref", [REFERENCE] + argv, None)):
            wd = os.path.join(OUT, "kf_" + tool)
            shutil.rmtree(wd, ignore_errors=True)
            os.makedirs(wd)
            w, c, rss, rc = run_once(cmd, wd, e)
            b = best[tool]
            b[0], b[1], b[2], b[3] = min(b[0], w), min(b[1], c), max(b[2], rss), b[3] or rc
            b[4] = written(wd)
            shutil.rmtree(wd, ignore_errors=True)
    return {"job": job, "cine": best["cine"], "ref": best["ref"]}


def compile_time(cine: list, inp: str) -> tuple[float, float]:
    """Wall and CPU time of one cine keyframe run with an empty numba cache, less a warm
    run's (CPU is the figure to compare on a loaded box)."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(CINE_ENV, NUMBA_CACHE_DIR=cache)
        wd = os.path.join(OUT, "kf_compile")
        shutil.rmtree(wd, ignore_errors=True)
        os.makedirs(wd)
        argv = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-skip_frame", "nokey",
                "-i", os.path.abspath(inp), "-an", "-frames:v", "1", "-f", "null", "-"]
        cold = run_once(cine + argv, wd, env)
        warm = run_once(cine + argv, wd, env)
        shutil.rmtree(wd, ignore_errors=True)
    return cold[0] - warm[0], cold[1] - warm[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3, help="runs per tool and job (best of N)")
    ap.add_argument("--jobs", default=",".join(JOBS))
    ap.add_argument("--cine", help="cine's ffmpeg command (default: PYTHON -m cine ffmpeg)")
    ap.add_argument("--input", default=INPUT)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--no-compile", action="store_true", help="skip the cold-cache run")
    args = ap.parse_args()
    if not os.access(REFERENCE, os.X_OK):
        sys.exit(f"keyframes bench: {REFERENCE} is required")
    if not os.path.exists(args.input):
        if args.input != INPUT:
            sys.exit(f"keyframes bench: {args.input} does not exist")
        print("building", INPUT, "...", file=sys.stderr)
        build_input()
    cine = shlex.split(args.cine) if args.cine else [sys.executable, "-m", "cine", "ffmpeg"]
    keys = keyframe_count(args.input)
    print(f"input: {args.input} ({mb(os.path.getsize(args.input))}, {keys} keyframes), best of "
          f"{args.n}, interleaved", file=sys.stderr)
    rows = [bench_job(j, args.input, args.n, cine, CINE_ENV) for j in args.jobs.split(",")]
    lines = ["| job | cine wall | ffmpeg wall | wall ratio | cine cpu | ffmpeg cpu | cpu ratio | "
             "cine peak RSS | ffmpeg peak RSS | note |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    ok = True
    for r in rows:
        c, f = r["cine"], r["ref"]
        ok = ok and not c[3] and not f[3]
        if r["job"] == "intra_decode":
            mpix = keys * WIDTH * HEIGHT / 1e6
            note = (f"{mpix / c[1]:.0f} vs {mpix / f[1]:.0f} Mpixel/s of CPU: "
                    f"{f[1] / c[1]:.2f}x the reference's speed")
        else:
            note = f"JPEGs: cine {c[4][0]} ({mb(c[4][1])}), ffmpeg {f[4][0]} ({mb(f[4][1])})"
        if c[3] or f[3]:
            note += f"; exit codes {c[3]}/{f[3]}"
        lines.append(f"| {r['job']} | {c[0]:.2f} s | {f[0]:.2f} s | {c[0] / f[0]:.2f}x | "
                     f"{c[1]:.2f} s | {f[1]:.2f} s | {c[1] / f[1]:.2f}x | {mb(c[2])} | "
                     f"{mb(f[2])} | {note} |")
    print("\n".join(lines) if args.markdown else "\n".join(lines[2:]))
    if not args.no_compile:
        wall, cpu = compile_time(cine, args.input)
        print(f"\nnumba compile (once per machine, cold cache minus warm run): "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
