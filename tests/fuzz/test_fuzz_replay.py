"""Replay the fuzz seeds (fixtures) and every saved regression through each fuzz target.

No atheris needed: a target's TestOneInput must return normally for every input (it swallows
CineError itself, so any other exception fails here).
"""
import importlib.util
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "fuzz")
TARGETS = sorted(n[:-3] for n in os.listdir(os.path.join(FUZZ, "targets"))
                 if n.endswith(".py") and not n.startswith("_"))


def _load(target):
    spec = importlib.util.spec_from_file_location(f"cine_fuzz_{target}",
                                                  os.path.join(FUZZ, "targets", target + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.TestOneInput


def _inputs(target):
    dirs = [os.path.join(ROOT, "fixtures", target), os.path.join(ROOT, "fixtures", "errors"),
            os.path.join(FUZZ, "regressions", target)]
    out = []
    for d in dirs:
        if os.path.isdir(d):
            out += [os.path.join(d, f) for f in sorted(os.listdir(d))
                    if not f.endswith(".md") and os.path.isfile(os.path.join(d, f))]
    return out


CASES = [(t, p) for t in TARGETS for p in _inputs(t)]


def test_targets_exist():
    assert "mp4" in TARGETS
    for t in TARGETS:
        with open(os.path.join(FUZZ, "targets", t + ".py")) as f:
            assert len(f.read().splitlines()) <= 20, f"fuzz target {t} grew beyond 20 lines"


@pytest.mark.parametrize("target,path", CASES, ids=[f"{t}-{os.path.relpath(p, ROOT)}" for t, p in CASES])
def test_replay(target, path):
    with open(path, "rb") as f:
        _load(target)(f.read())
