#!/usr/bin/env python3
"""Stream-copy benchmark: cine's ffmpeg against /usr/bin/ffmpeg (FFmpeg 5.1.9) in the same run.

Times, on a ~100 MB H.264 + AAC MP4 built under bench/out/ (never committed), the jobs

    extract_audio   -vn -c:a copy out.m4a
    remux_mkv       -c copy -fflags +bitexact out.mkv
    remux_mp4       -c copy out.mp4

each run as `ffmpeg -hide_banner -nostdin -loglevel error -y -i INPUT ...`, interleaved (cine,
baseline, reference, cine, ...) best of N, and reports per job the best wall and CPU time
(user + sys) of each tool, their ratios (goal: cine <= 1.0x), the peak RSS of each process
(os.wait4's ru_maxrss; goal: cine under 100 MB whatever the input size) and whether they all
wrote the same bytes. `--baseline CMD` times a second cine (an install of an older tree) in
the same interleaved runs. `--profile JOB` runs cine once under cProfile instead and prints
where the time goes.

Usage: python3 bench/remux.py [-n 3] [--jobs extract_audio,remux_mkv] [--cine CMD]
                              [--baseline CMD] [--input FILE] [--markdown] [--profile JOB]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
REFERENCE = "/usr/bin/ffmpeg"
INPUT = os.path.join(OUT, "remux100.mp4")
CLIP = os.path.join(OUT, "clip.mp4")

JOBS = {
    "extract_audio": (["-vn", "-c:a", "copy"], "out.m4a"),
    "remux_mkv": (["-c", "copy", "-fflags", "+bitexact"], "out.mkv"),
    "remux_mp4": (["-c", "copy"], "out.mp4"),
}

# cine runs with byte-compiled modules, as an installed package does (see bench/README.md);
# the working tree goes on PYTHONPATH only for the default command (an installed cine given
# with --cine or --baseline must import its own copy)
CINE_ENV = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(OUT, "pycache"))
CINE_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
TREE_ENV = dict(CINE_ENV, PYTHONPATH=ROOT)


def build_input(path: str = INPUT, loops: int = 24) -> None:
    """~100 MB: the 20 s noisy 320x240 H.264 (1.5 Mb/s, B-frames) + AAC clip of bench/probe.py
    stream-copied loops+1 times (500 s, ~12.5k video + ~21.5k audio packets, moov at the end)."""
    os.makedirs(OUT, exist_ok=True)
    base = [REFERENCE, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    if not os.path.exists(CLIP):
        subprocess.run(base + ["-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=20", "-f", "lavfi",
                               "-i", "sine=f=440:d=20:r=44100", "-vf", "noise=alls=40:allf=t",
                               "-c:v", "libx264", "-threads", "2", "-preset", "ultrafast",
                               "-b:v", "1500k", "-g", "50", "-bf", "2", "-c:a", "aac", "-b:a", "32k",
                               CLIP], check=True)
    tmp = path + ".part.mp4"
    subprocess.run(base + ["-stream_loop", str(loops), "-i", CLIP, "-c", "copy", tmp], check=True)
    os.replace(tmp, path)


# Runs are started by a small helper process, started once while this one is still small:
# Linux counts in a child's peak RSS the pages of the process that forked it (the child runs
# on its parent's memory until it execs, even with vfork), so runs started from here measured
# this process too (the audio bench, holding the outputs it compares, reported 241 MB for a
# 37 MB run).
_SPAWNER_CODE = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    t0 = time.perf_counter()
    p = subprocess.Popen(job["cmd"], cwd=job["cwd"], env=job["env"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                      os.waitstatus_to_exitcode(status), err[-2000:].decode("utf-8", "replace")]),
          flush=True)
"""
_SPAWNER: list = []


def _spawner() -> subprocess.Popen:
    if not _SPAWNER:
        _SPAWNER.append(subprocess.Popen([sys.executable, "-c", _SPAWNER_CODE],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True))
    return _SPAWNER[0]


def run_once(cmd: list, cwd: str, env=None) -> tuple[float, float, int, int]:
    """Wall time, CPU time (user + sys), peak RSS in bytes and exit code of one run."""
    sp = _spawner()
    sp.stdin.write(json.dumps({"cmd": cmd, "cwd": cwd,
                               "env": dict(os.environ if env is None else env)}) + "\n")
    sp.stdin.flush()
    wall, cpu, rss, rc, err = json.loads(sp.stdout.readline())
    if rc:
        sys.stderr.write(f"{cmd[0]} exited {rc}: {err}\n")
    return wall, cpu, rss, rc


def md5(path: str) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def bench_job(job: str, inp: str, n: int, cine: list, cine_env: dict,
              baseline: list | None = None) -> dict:
    opts, out = JOBS[job]
    argv = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", os.path.abspath(inp),
            *opts, out]
    tools = [("cine", cine + argv, cine_env)]
    if baseline:
        tools.append(("base", baseline + argv, CINE_ENV))
    tools.append(("ref", [REFERENCE] + argv, None))
    best = {tool: [1e9, 1e9, 0, 0] for tool, _, _ in tools}
    digests = {}
    for _ in range(n):
        for tool, cmd, env in tools:
            wd = os.path.join(OUT, "run_" + tool)
            shutil.rmtree(wd, ignore_errors=True)
            os.makedirs(wd)
            w, c, rss, rc = run_once(cmd, wd, env)
            b = best[tool]
            b[0], b[1], b[2] = min(b[0], w), min(b[1], c), max(b[2], rss)
            b[3] = b[3] or rc
            path = os.path.join(wd, out)
            digests[tool] = md5(path) if os.path.exists(path) else None
            shutil.rmtree(wd, ignore_errors=True)
    c, r = best["cine"], best["ref"]
    row = {"job": job, "cine_wall": c[0], "ref_wall": r[0], "cine_cpu": c[1], "ref_cpu": r[1],
           "cine_rss": c[2], "ref_rss": r[2], "rc": (c[3], r[3]),
           "same": digests["cine"] is not None and digests["cine"] == digests["ref"]}
    if baseline:
        b = best["base"]
        row.update(base_wall=b[0], base_cpu=b[1], base_rss=b[2], rc=(c[3], r[3], b[3]),
                   same=row["same"] and digests["base"] == digests["ref"])
    return row


def profile(job: str, inp: str, top: int = 30) -> None:
    """Run cine's ffmpeg in-process under cProfile and print the heaviest functions."""
    import cProfile
    import pstats
    sys.path.insert(0, ROOT)
    from cine.compat import cli
    opts, out = JOBS[job]
    wd = os.path.join(OUT, "run_profile")
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    argv = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", os.path.abspath(inp),
            *opts, os.path.join(wd, out)]
    entry = getattr(cli, "ffmpeg_main", None)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    try:
        prof.runcall(entry, argv)
    except SystemExit:
        pass
    print(f"# cProfile of cine ffmpeg {' '.join(shlex.quote(a) for a in argv)}: "
          f"{time.perf_counter() - t0:.2f} s under the profiler")
    st = pstats.Stats(prof)
    st.sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)
    shutil.rmtree(wd, ignore_errors=True)


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3, help="runs per tool and job (best of N)")
    ap.add_argument("--jobs", default=",".join(JOBS))
    ap.add_argument("--cine", help="cine's ffmpeg command (default: PYTHON -m cine ffmpeg "
                                   "with the working tree on PYTHONPATH)")
    ap.add_argument("--baseline", help="a second cine's ffmpeg command, timed in the same "
                                       "interleaved runs (an install of an older tree)")
    ap.add_argument("--input", default=INPUT)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--profile", metavar="JOB", choices=sorted(JOBS))
    args = ap.parse_args()
    if not os.access(REFERENCE, os.X_OK):
        sys.exit(f"remux bench: {REFERENCE} is required")
    if not os.path.exists(args.input):
        if args.input != INPUT:
            sys.exit(f"remux bench: {args.input} does not exist")
        print("building", INPUT, "...", file=sys.stderr)
        build_input()
    if args.profile:
        profile(args.profile, args.input)
        return 0
    cine = shlex.split(args.cine) if args.cine else [sys.executable, "-m", "cine", "ffmpeg"]
    baseline = shlex.split(args.baseline) if args.baseline else None
    print(f"input: {args.input} ({mb(os.path.getsize(args.input))}), best of {args.n}, "
          f"interleaved", file=sys.stderr)
    rows = [bench_job(j, args.input, args.n, cine, CINE_ENV if args.cine else TREE_ENV,
                      baseline) for j in args.jobs.split(",")]
    if args.markdown:
        extra = " baseline cpu | cine / baseline cpu |" if baseline else ""
        print("| job | cine wall | ffmpeg wall | wall ratio | cine cpu | ffmpeg cpu | cpu ratio "
              "| cine peak RSS | ffmpeg peak RSS | same bytes |" + extra)
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|"
              + ("---:|---:|" if baseline else ""))
        for r in rows:
            more = (f" {r['base_cpu'] * 1e3:.1f} ms | {r['cine_cpu'] / r['base_cpu']:.2f}x |"
                    if baseline else "")
            print(f"| {r['job']} | {r['cine_wall'] * 1e3:.1f} ms | {r['ref_wall'] * 1e3:.1f} ms | "
                  f"{r['cine_wall'] / r['ref_wall']:.2f}x | {r['cine_cpu'] * 1e3:.1f} ms | "
                  f"{r['ref_cpu'] * 1e3:.1f} ms | {r['cine_cpu'] / r['ref_cpu']:.2f}x | "
                  f"{mb(r['cine_rss'])} | {mb(r['ref_rss'])} | {'yes' if r['same'] else 'NO'} |"
                  + more)
    else:
        for r in rows:
            more = (f"  baseline cpu {r['base_cpu'] * 1e3:.1f} ms "
                    f"({r['cine_cpu'] / r['base_cpu']:.2f}x of it)" if baseline else "")
            print(f"{r['job']:14s} wall cine {r['cine_wall'] * 1e3:.1f} ms ffmpeg "
                  f"{r['ref_wall'] * 1e3:.1f} ms ({r['cine_wall'] / r['ref_wall']:.2f}x)  "
                  f"cpu cine {r['cine_cpu'] * 1e3:.1f} ms ffmpeg {r['ref_cpu'] * 1e3:.1f} ms "
                  f"({r['cine_cpu'] / r['ref_cpu']:.2f}x)  peak RSS cine {mb(r['cine_rss'])} "
                  f"ffmpeg {mb(r['ref_rss'])}  same bytes: {'yes' if r['same'] else 'NO'}"
                  + more + (f"  rc {r['rc']}" if any(r["rc"]) else ""))
    return 0 if all(r["same"] and not any(r["rc"]) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
