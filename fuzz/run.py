#!/usr/bin/env python3
"""Run a fuzz target with atheris, or replay inputs through it without atheris.

  python3 fuzz/run.py mp4 [libFuzzer args...]      fuzz (needs `pip install atheris`); the corpus
                                                   starts from fixtures/mp4 and fuzz/regressions/mp4
  python3 fuzz/run.py mp4 --replay FILE|DIR ...    run given inputs once each (no atheris needed)

Crashes found by atheris are written as crash-* files; minimise them and drop them into
fuzz/regressions/<target>/ so tests/fuzz replays them forever.
"""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)


def load(target: str):
    return importlib.import_module(f"targets.{target}").TestOneInput


def seeds(target: str) -> list:
    dirs = [os.path.join(ROOT, "fixtures", target), os.path.join(HERE, "regressions", target)]
    return [d for d in dirs if os.path.isdir(d)]


def replay(fn, paths) -> int:
    n = 0
    for p in paths:
        files = [os.path.join(p, f) for f in sorted(os.listdir(p))] if os.path.isdir(p) else [p]
        for f in files:
            if os.path.isfile(f) and not f.endswith(".md"):
                with open(f, "rb") as fh:
                    fn(fh.read())
                n += 1
    print(f"replayed {n} inputs: no unexpected exception")
    return 0


def main(argv) -> int:
    if not argv:
        print(__doc__)
        return 2
    target, rest = argv[0], argv[1:]
    fn = load(target)
    if rest[:1] == ["--replay"]:
        return replay(fn, rest[1:] or seeds(target))
    import atheris  # noqa: deferred: only fuzzing needs it
    with atheris.instrument_imports():
        fn = load(target)
    dict_path = os.path.join(HERE, "dictionaries", f"{target}.dict")
    args = [sys.argv[0], *rest]
    if os.path.exists(dict_path) and not any(a.startswith("-dict=") for a in rest):
        args.append(f"-dict={dict_path}")
    args += [d for d in seeds(target) if not any(not a.startswith("-") for a in rest)]
    atheris.Setup(args, fn)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
