#!/usr/bin/env python3
"""Run a fuzz target with atheris, or replay inputs through it without atheris.

  python3 fuzz/run.py mp4 [CORPUS_DIR] [-libFuzzer_flags...]
        fuzz (needs `pip install atheris`); new inputs go to CORPUS_DIR (default
        $TMPDIR/cine-fuzz-mp4), seeded from fixtures/mp4 and fuzz/regressions/mp4
  python3 fuzz/run.py mp4 --replay FILE|DIR ...    run given inputs once each (no atheris needed)

Crashes found by atheris are written as crash-* files; minimise them and drop them into
fuzz/regressions/<target>/ so tests/fuzz replays them forever.
"""
import importlib
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "targets"))   # (targets import their helpers as _common)


def targets() -> list:
    """Every target: the modules of fuzz/targets/ whose names do not start with '_'."""
    folder = os.path.join(HERE, "targets")
    return sorted(n[:-3] for n in os.listdir(folder)
                  if n.endswith(".py") and not n.startswith("_"))


def module(target: str):
    return importlib.import_module(f"targets.{target}")


def load(target: str):
    return module(target).TestOneInput


def seeds(target: str) -> list:
    """The target's seed folders (its SEEDS, else fixtures/<target>) and its regressions."""
    named = getattr(module(target), "SEEDS", None) or [os.path.join("fixtures", target)]
    dirs = [os.path.join(ROOT, d) for d in named] + [os.path.join(HERE, "regressions", target)]
    return [d for d in dirs if os.path.isdir(d)]


def dictionary(target: str):
    """The target's libFuzzer dictionary (its DICT, else <target>.dict), if there is one."""
    name = getattr(module(target), "DICT", None) or f"{target}.dict"
    path = os.path.join(HERE, "dictionaries", name)
    return path if os.path.exists(path) else None


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


def instrument_cine() -> None:
    """atheris.instrument_all, for cine's code and the targets' only: the whole process (numpy,
    numba, the stdlib: ~17,000 functions in a decoder target) took ~40 s to instrument, and
    coverage inside them only steers the fuzzer away from cine."""
    import gc
    import atheris
    from atheris.instrument_bytecode import _is_instrumentable
    mine = ("cine", "targets", "_common")
    funcs = [obj for obj in gc.get_objects() if _is_instrumentable(obj)
             and str(getattr(obj, "__module__", "")).split(".")[0] in mine]
    sys.stderr.write(f"INFO: Instrumenting {len(funcs)} functions of cine...\n")
    for func in funcs:
        try:
            atheris.instrument_func(func)
        except Exception as exc:  # noqa: BLE001 (as instrument_all: report and go on)
            sys.stderr.write(f"ERROR: Failed to instrument function {func}: {exc}\n")


def main(argv) -> int:
    if not argv:
        print(__doc__)
        return 2
    target, rest = argv[0], argv[1:]
    if rest[:1] == ["--replay"]:
        return replay(load(target), rest[1:] or seeds(target))
    import atheris  # noqa: deferred: only fuzzing needs it
    fn = load(target)
    replay(fn, seeds(target))  # imports every lazily loaded engine module...
    instrument_cine()          # ...so that all of them get coverage instrumentation
    opts = [a for a in rest if a.startswith("-")]
    dirs = [a for a in rest if not a.startswith("-")]
    if not dirs:  # libFuzzer writes new inputs into the first corpus dir: never the fixtures
        dirs = [os.path.join(tempfile.gettempdir(), f"cine-fuzz-{target}")]
        os.makedirs(dirs[0], exist_ok=True)
    dict_path = dictionary(target)
    if dict_path and not any(a.startswith("-dict=") for a in opts):
        opts.append(f"-dict={dict_path}")
    if not any(a.startswith("-max_len=") for a in opts):
        opts.append("-max_len=131072")
    atheris.Setup([sys.argv[0], *opts, *dirs, *seeds(target)], fn)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
