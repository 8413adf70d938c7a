"""Replay every target's seeds and every saved regression through each fuzz target.

No atheris needed: a target's TestOneInput must return normally for every input (it swallows
CineError itself, so any other exception fails here). The seeds are the ones fuzz/run.py
starts from (the target's SEEDS, else fixtures/<target>), plus fixtures/errors.
"""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "fuzz")
for _p in (os.path.join(FUZZ, "targets"), FUZZ, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import run as fuzz_run  # noqa: E402 - fuzz/run.py, found through the path set above

TARGETS = fuzz_run.targets() if hasattr(fuzz_run, "targets") else sorted(
    n[:-3] for n in os.listdir(os.path.join(FUZZ, "targets"))
    if n.endswith(".py") and not n.startswith("_"))


def _inputs(target):
    dirs = fuzz_run.seeds(target) + [os.path.join(ROOT, "fixtures", "errors")]
    out = []
    for d in dirs:
        out += [os.path.join(d, f) for f in sorted(os.listdir(d))
                if not f.endswith((".md", ".sh", ".py")) and os.path.isfile(os.path.join(d, f))]
    return out


CASES = [(t, p) for t in TARGETS for p in _inputs(t)]


def test_targets_exist():
    for name in ("mp4", "matroska", "ogg", "wav", "avi", "mp3", "flac", "mpegts", "probe"):
        assert name in TARGETS, name
    for t in TARGETS:
        with open(os.path.join(FUZZ, "targets", t + ".py")) as f:
            assert len(f.read().splitlines()) <= 20, f"fuzz target {t} grew beyond 20 lines"


@pytest.mark.parametrize("target,path", CASES, ids=[f"{t}-{os.path.relpath(p, ROOT)}" for t, p in CASES])
def test_replay(target, path):
    with open(path, "rb") as f:
        data = f.read()
    fuzz_run.load(target)(data)
