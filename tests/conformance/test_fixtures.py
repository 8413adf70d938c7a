"""The committed fixtures meet issue 2's acceptance: >= 40 MP4-family files made by the real
ffmpeg, each under 1 MB, each documented in fixtures/README.md and probed by the golden suite."""
import json
import os

from _hostile import ERRORS, FIXTURES, ROOT, fixture_names

MP4_EXTS = (".mp4", ".mov", ".m4a", ".m4v", ".3gp", ".3g2")


def test_enough_small_fixtures():
    names = fixture_names()
    assert len([n for n in names if n.endswith(MP4_EXTS)]) >= 45
    for n in names:
        assert os.path.getsize(os.path.join(FIXTURES, n)) < 1_000_000, n


def test_every_fixture_documented():
    with open(os.path.join(ROOT, "fixtures", "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for n in fixture_names() + sorted(os.listdir(ERRORS)):
        assert f"`{n}`" in readme, f"{n} missing from fixtures/README.md"


def test_every_fixture_has_golden_cases():
    cases = os.path.join(ROOT, "compat-tests", "cases")
    used = set()
    for group in os.listdir(cases):
        for name in os.listdir(os.path.join(cases, group)):
            with open(os.path.join(cases, group, name, "argv")) as f:
                for a in json.load(f):
                    used.add(os.path.basename(a))
    missing = [n for n in fixture_names() if n not in used]
    assert not missing, f"fixtures without golden cases: {missing}"
