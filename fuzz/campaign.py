#!/usr/bin/env python3
"""Fuzz every target for a set time and report what each reached (`make fuzz`, `make
fuzz-smoke`).

  python3 fuzz/campaign.py [--time S] [--jobs J] [--corpus DIR] [--readme] [TARGET...]

Each target runs in its own process (fuzz/run.py with libFuzzer's -max_total_time), J at a
time. A finding is an input that made the target fail: libFuzzer writes it as crash-*,
timeout-* or oom-* into the run's artifact folder, which the report names. The report is one
markdown table: executions, executions per second, coverage (libFuzzer's `cov`: edges of the
instrumented Python bytecode reached) and features (`ft`), corpus size, findings. With
--readme it also replaces the table in fuzz/README.md. Exit status 1 when anything was found
or a target could not run; 0 (with a note) when atheris is not installed.

The corpus of each target persists under --corpus (default ~/.cache/cine/fuzz/<target>), so
campaigns build on each other; --fresh starts from the seeds alone in a temporary folder (the
CI smoke does, so it never depends on what an earlier run found).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
README = os.path.join(HERE, "README.md")
BEGIN, END = "<!-- campaign:begin -->", "<!-- campaign:end -->"
# per input: a run past this many seconds is a hang; the process past this many MB, runaway
# memory (the interpreter, atheris and the instrumented engine take ~150 MB of it)
TIMEOUT_S = 10
RSS_LIMIT_MB = 2048

_STAT = re.compile(r"^stat::(\w+):\s*(\d+)", re.M)
_DONE = re.compile(r"^#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)", re.M)
_PULSE = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)", re.M)


def targets() -> list:
    from run import targets as every_target     # fuzz/run.py (this script's folder)
    return every_target()


def run_target(target: str, seconds: int, corpus_root: str | None, workdir: str) -> dict:
    """One target for `seconds`: its numbers, its findings and its log's tail."""
    art = os.path.join(workdir, target)
    os.makedirs(art, exist_ok=True)
    corpus = os.path.join(corpus_root or os.path.join(workdir, "corpus"), target)
    os.makedirs(corpus, exist_ok=True)
    cmd = [sys.executable, os.path.join(HERE, "run.py"), target, corpus,
           f"-max_total_time={seconds}", f"-timeout={TIMEOUT_S}",
           f"-rss_limit_mb={RSS_LIMIT_MB}", "-print_final_stats=1",
           f"-artifact_prefix={art}{os.sep}"]
    env = dict(os.environ, NUMBA_DISABLE_JIT="1", PYTHONDONTWRITEBYTECODE="1")
    t0 = time.monotonic()
    # a hang inside one input is libFuzzer's to report (-timeout); this is the backstop
    try:
        p = subprocess.run(cmd, cwd=art, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=seconds * 2 + 120)
        log, rc = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as exc:
        log, rc = (exc.stdout or b"").decode("utf-8", "replace"), -9
    elapsed = time.monotonic() - t0
    with open(os.path.join(art, "fuzz.log"), "w") as f:
        f.write(log)
    stats = {k: int(v) for k, v in _STAT.findall(log)}
    done = _DONE.findall(log) or _PULSE.findall(log)
    last = done[-1] if done else ("0", "0", "0", "0")
    findings = sorted(n for n in os.listdir(art)
                      if n.split("-")[0] in ("crash", "timeout", "oom", "leak", "slow"))
    execs = stats.get("number_of_executed_units", int(last[0]))
    return {"target": target, "seconds": round(elapsed), "execs": execs,
            "rate": round(execs / max(elapsed, 1e-9)), "cov": int(last[1]), "ft": int(last[2]),
            "corpus": len(os.listdir(corpus)), "findings": [os.path.join(art, n) for n in findings],
            "rc": rc, "tail": log[-3000:]}


def table(rows: list, seconds: int) -> str:
    out = [f"Each target fuzzed for {seconds} s (`python3 fuzz/campaign.py --time {seconds}`, "
           f"{time.strftime('%Y-%m-%d')}):", "",
           "| target | executions | exec/s | cov | ft | corpus | findings |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['target']} | {r['execs']:,} | {r['rate']:,} | {r['cov']:,} | "
                   f"{r['ft']:,} | {r['corpus']:,} | {len(r['findings'])} |")
    return "\n".join(out) + "\n"


def merged(text: str, old: str) -> str:
    """The new table, keeping the old table's rows of targets this run did not fuzz (a
    campaign over some targets updates their rows only), all rows in name order; the old
    table's heading follows, saying when the rows that were kept were measured."""
    def rows(table_text):
        return {line.split("|")[1].strip(): line for line in table_text.splitlines()
                if line.startswith("| ") and line.split("|")[1].strip() != "target"}
    new, kept = rows(text), rows(old)
    kept = {k: v for k, v in kept.items() if k not in new}
    if not kept:
        return text
    head = [line for line in text.splitlines() if not line.startswith("|")]
    table = [line for line in text.splitlines() if line.startswith("| target") or
             line.startswith("|---")]
    body = [line for _, line in sorted({**new, **kept}.items())]
    earlier = " ".join(line for line in old.splitlines() if line and not line.startswith("|"))
    return "\n".join([h for h in head if h] + [""] + table + body + [
        "", f"Rows of {', '.join(sorted(kept))} are from an earlier run: {earlier}"]) + "\n"


def update_readme(text: str) -> None:
    with open(README) as f:
        doc = f.read()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        old, tail = rest.split(END, 1)
        doc = head + BEGIN + "\n" + merged(text, old) + END + tail
    else:
        doc += "\n" + BEGIN + "\n" + text + END + "\n"
    with open(README, "w") as f:
        f.write(doc)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("targets", nargs="*")
    ap.add_argument("--time", type=int, default=600, help="seconds per target (600)")
    ap.add_argument("--jobs", type=int, default=1, help="targets fuzzed at once (1)")
    ap.add_argument("--corpus", help="corpus root (default ~/.cache/cine/fuzz)")
    ap.add_argument("--fresh", action="store_true", help="start from the seeds only")
    ap.add_argument("--readme", action="store_true", help="write the table into fuzz/README.md")
    args = ap.parse_args(argv)
    try:
        import atheris  # noqa: F401 - only its presence matters here
    except ImportError:
        print("fuzz: atheris is not installed (pip install atheris); nothing fuzzed")
        return 0
    names = args.targets or targets()
    unknown = sorted(set(names) - set(targets()))
    if unknown:
        print("fuzz: no such target: %s" % ", ".join(unknown))
        return 2
    corpus = None if args.fresh else (args.corpus or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cine", "fuzz"))
    workdir = tempfile.mkdtemp(prefix="cine-fuzz-")
    print(f"fuzz: {len(names)} targets x {args.time} s, {args.jobs} at a time; logs and "
          f"findings under {workdir}", flush=True)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = []
        for r in pool.map(lambda t: run_target(t, args.time, corpus, workdir), names):
            rows.append(r)
            print(f"  {r['target']}: {r['execs']:,} execs, cov {r['cov']:,}, "
                  f"{len(r['findings'])} findings", flush=True)
    text = table(rows, args.time)
    print()
    print(text)
    bad = [r for r in rows if r["findings"] or r["execs"] == 0]
    for r in bad:
        print(f"--- {r['target']}: exit {r['rc']}, findings: {', '.join(r['findings']) or 'none'}")
        print(r["tail"])
    if args.readme:
        update_readme(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
