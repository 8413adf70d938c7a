#!/usr/bin/env python3
"""Audio benchmark (issue 7): openai-whisper's exact command, cine's ffmpeg against
/usr/bin/ffmpeg (FFmpeg 5.1.9) in the same run, on 10-minute inputs built under bench/out/
(never committed):

    ffmpeg -nostdin -threads 0 -i FILE -f s16le -ac 1 -acodec pcm_s16le -ar 16000 out.raw

Inputs (10 minutes of speech-like material: a 300 Hz tone with slow vibrato, pink noise and
silence gaps, 44.1 kHz stereo; the encoders are the reference build's): aac.m4a (aac, 96 kb/s),
opus.ogg (libopus, 32 kb/s voip), mp3.mp3 (libmp3lame, 128 kb/s), and a FLAC and a WAV as
lossless controls. For each, best of N interleaved runs: wall and CPU time (user + sys) of
each tool and the ratio (goal: cine at most 2x the reference's wall time), peak RSS, and
whether the outputs are identical (else: the share of s16 samples identical and the largest
difference, issue 7's tolerance being >= 99.9% and 2). The numba kernels are compiled once
per machine (cached) before timing starts.

Usage: python3 bench/audio.py [-n 3] [--jobs aac,opus,mp3,flac,wav] [--cine CMD] [--markdown]
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
REFERENCE = "/usr/bin/ffmpeg"
SOURCE = os.path.join(OUT, "speechlike.wav")

sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "compat-tests"))
from remux import CINE_ENV, mb, run_once  # noqa: E402  (same timing method as bench/remux.py)

INPUTS = {
    "aac": ("aac.m4a", ["-c:a", "aac", "-b:a", "96k"]),
    "opus": ("opus.ogg", ["-c:a", "libopus", "-b:a", "32k", "-application", "voip"]),
    "mp3": ("mp3.mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]),
    "flac": ("flac.flac", ["-c:a", "flac"]),
    "wav": ("wav.wav", ["-c:a", "pcm_s16le"]),
}
WHISPER = ["-nostdin", "-threads", "0", "-i", None, "-f", "s16le", "-ac", "1", "-acodec",
           "pcm_s16le", "-ar", "16000", "out.raw"]


def build_inputs(jobs) -> None:
    base = [REFERENCE, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
    os.makedirs(OUT, exist_ok=True)
    if not os.path.exists(SOURCE):
        expr = ("0.3*sin(2*PI*300*t+3*sin(2*PI*0.5*t))*gt(sin(2*PI*0.2*t)\\,-0.3)"
                "|0.3*sin(2*PI*310*t+3*sin(2*PI*0.4*t))*gt(sin(2*PI*0.2*t)\\,-0.3)")
        subprocess.run(base + ["-f", "lavfi", "-i", f"aevalsrc={expr}:s=44100:d=600",
                               "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.02:r=44100:d=600",
                               "-filter_complex", "[1]aformat=channel_layouts=stereo[n];"
                               "[0][n]amix=inputs=2:normalize=0", "-c:a", "pcm_s16le",
                               SOURCE + ".part.wav"], check=True)
        os.replace(SOURCE + ".part.wav", SOURCE)
    for job in jobs:
        name, codec = INPUTS[job]
        path = os.path.join(OUT, name)
        if not os.path.exists(path):
            tmp = os.path.join(OUT, "part." + name)
            subprocess.run(base + ["-i", SOURCE] + codec + [tmp], check=True)
            os.replace(tmp, path)


def bench_job(job: str, n: int, cine: list) -> dict:
    argv = list(WHISPER)
    argv[argv.index(None)] = os.path.join(OUT, INPUTS[job][0])
    best = {"cine": [1e9, 1e9, 0, 0], "ref": [1e9, 1e9, 0, 0]}
    outputs = {}
    for _ in range(n):
        for tool, cmd, env in (("cine", cine + argv, CINE_ENV), ("ref", [REFERENCE] + argv, None)):
            wd = os.path.join(OUT, "audio_" + tool)
            shutil.rmtree(wd, ignore_errors=True)
            os.makedirs(wd)
            w, c, rss, rc = run_once(cmd, wd, env)
            b = best[tool]
            b[0], b[1], b[2], b[3] = min(b[0], w), min(b[1], c), max(b[2], rss), b[3] or rc
            path = os.path.join(wd, "out.raw")
            if os.path.exists(path):
                with open(path, "rb") as f:
                    outputs[tool] = f.read()
            shutil.rmtree(wd, ignore_errors=True)
    return {"job": job, "cine": best["cine"], "ref": best["ref"],
            "agreement": _agreement(outputs.get("ref"), outputs.get("cine"))}


def _agreement(ref, mine) -> str:
    if ref is None or mine is None:
        return "no output"
    if ref == mine:
        return "identical"
    import audio_cases
    return audio_cases.within_tolerance(ref, mine) or "within tolerance"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3, help="runs per tool and job (best of N)")
    ap.add_argument("--jobs", default=",".join(INPUTS))
    ap.add_argument("--cine", help="cine's ffmpeg command (default: PYTHON -m cine ffmpeg)")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    if not os.access(REFERENCE, os.X_OK):
        sys.exit(f"audio bench: {REFERENCE} is required")
    jobs = args.jobs.split(",")
    build_inputs(jobs)
    cine = shlex.split(args.cine) if args.cine else [sys.executable, "-m", "cine", "ffmpeg"]
    for job in jobs:      # numba's compile (once per machine) before any timing
        run_once(cine + ["-v", "error", "-i", os.path.join(OUT, INPUTS[job][0]), "-t", "1",
                         "-f", "null", "-"], OUT, CINE_ENV)
    rows = [bench_job(j, args.n, cine) for j in jobs]
    lines = ["| input | cine wall | ffmpeg wall | wall ratio | cine cpu | ffmpeg cpu | cpu ratio | "
             "cine peak RSS | output |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    ok = True
    for r in rows:
        c, f = r["cine"], r["ref"]
        ok = ok and not c[3] and not f[3]
        note = r["agreement"] + (f"; exit codes {c[3]}/{f[3]}" if c[3] or f[3] else "")
        lines.append(f"| {r['job']} | {c[0]:.2f} s | {f[0]:.2f} s | {c[0] / f[0]:.2f}x | "
                     f"{c[1]:.2f} s | {f[1]:.2f} s | {c[1] / f[1]:.2f}x | {mb(c[2])} | {note} |")
    print("\n".join(lines) if args.markdown else "\n".join(lines[2:]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
