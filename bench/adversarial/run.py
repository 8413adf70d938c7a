"""Run every crafted adversarial file through cine's and the reference's ffprobe, side by side.

    python3 bench/adversarial/run.py [--mode streams|packets] [--cine CMD] [--out DIR] [FILTER...]

Writes the files (make_files.py) into DIR (default bench/adversarial/out/), runs
`ffprobe -v error -show_format -show_streams [-show_programs -show_packets] FILE` with both
tools, one after the other, and prints a markdown table: peak RSS (ru_maxrss, see measure.py)
and wall time of each,
whether both exited with the same code, printed the same first stderr line (log addresses
normalised) and the same stdout. Exit status 1 when cine's peak RSS reaches 64 MB or its wall
time 2 s on any file.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_files  # noqa: E402
import measure  # noqa: E402

RSS_GOAL_MB = 64
WALL_GOAL_S = 2.0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=sorted(measure.MODES), default="streams")
    ap.add_argument("--cine", help="command running cine's ffprobe (default: python3 -m cine ffprobe)")
    ap.add_argument("--out", default=make_files.DEFAULT_OUT)
    ap.add_argument("filters", nargs="*", help="only files whose name contains one of these")
    a = ap.parse_args(argv[1:])
    cine = shlex.split(a.cine) if a.cine else measure.cine_cmd()
    descs = make_files.build(a.out)
    names = [n for n in sorted(descs) if not a.filters or any(f in n for f in a.filters)]
    has_ref = os.path.exists(measure.REFERENCE)
    print("| file | attack | cine peak RSS | ref peak RSS | cine wall | ref wall | same exit code "
          "| same first error line | same stdout |")
    print("|---|---|---:|---:|---:|---:|:-:|:-:|:-:|")
    worst_rss = worst_wall = 0.0
    same_rc = same_err = same_out = 0
    for name in names:
        path = os.path.join(a.out, name)
        c = measure.run(cine, path, a.mode)
        r = measure.run([measure.REFERENCE], path, a.mode) if has_ref else None
        worst_rss = max(worst_rss, c.rss_kb / 1024)
        worst_wall = max(worst_wall, c.wall)
        yes = lambda b: "yes" if b else "**no**"  # noqa: E731
        if r is not None:
            same_rc += c.rc == r.rc
            same_err += c.first_error == r.first_error
            same_out += c.stdout == r.stdout
        print("| `%s` | %s | %.1f MB | %s | %.2f s | %s | %s | %s | %s |" % (
            name, descs[name], c.rss_kb / 1024,
            "%.1f MB" % (r.rss_kb / 1024) if r else "-", c.wall, "%.2f s" % r.wall if r else "-",
            yes(c.rc == r.rc) if r else "-", yes(c.first_error == r.first_error) if r else "-",
            yes(c.stdout == r.stdout) if r else "-"), flush=True)
    print()
    print("%d files (mode %s): cine's peak RSS at most %.1f MB, wall time at most %.2f s; same exit "
          "code %d/%d, same first error line %d/%d, same stdout %d/%d." % (
              len(names), a.mode, worst_rss, worst_wall, same_rc, len(names), same_err, len(names),
              same_out, len(names)))
    return 0 if worst_rss < RSS_GOAL_MB and worst_wall < WALL_GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
