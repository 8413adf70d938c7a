"""The public corpus (../shared/corpus) through cine's ffprobe, byte for byte against 5.1.9.

For every file in manifest.tsv: `ffprobe -v quiet -print_format json -show_format -show_streams
SRC/NAME`, run from corpus/files, must print exactly goldens/SRC/NAME.json and exit with .json.rc.
Ids start with the family (`mp4-...` or `other-...`) and carry a marker (`-m mp4`), so the MP4
milestone can run alone: `pytest tests/corpus -m mp4` (or `-k mp4-`).
When /usr/bin/ffprobe is installed, MP4-family files are also compared live with -of flat and
-of xml. Everything is skipped when the corpus is absent.
"""
from __future__ import annotations

import difflib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from _reference import forkserver  # (every tests/ folder is on sys.path)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
FILES = os.path.join(CORPUS, "files")
GOLDENS = os.path.join(CORPUS, "goldens")
MANIFEST = os.path.join(CORPUS, "manifest.tsv")
REFERENCE = "/usr/bin/ffprobe"
MP4_EXTS = {"mp4", "m4s", "3gp", "mov", "m4a", "m4v", "3g2"}
BASE_ARGS = ["-v", "quiet", "-print_format", "json", "-show_format", "-show_streams"]


def _entries():
    if not os.path.isfile(MANIFEST):
        return []
    out = []
    with open(MANIFEST, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            path, fmt, rc = row["path"], row.get("format", "-"), row.get("rc", "0")
            ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
            mp4 = fmt.startswith("mov,") or (rc != "0" and ext in MP4_EXTS)
            out.append((path, mp4))
    return out


ENTRIES = _entries()


def _params(only_mp4=False):
    ps = []
    for path, mp4 in ENTRIES:
        if only_mp4 and not mp4:
            continue
        fam = "mp4" if mp4 else "other"
        ps.append(pytest.param(path, id=f"{fam}-{path}",
                               marks=[pytest.mark.mp4 if mp4 else pytest.mark.other_family]))
    return ps


def _run(cmd):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    try:
        # cine's runs fork a warm cine process (compat-tests/forkserver.py)
        p = forkserver().subprocess_run(cmd, cwd=FILES, capture_output=True, timeout=300, env=env,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return b"<<TIMEOUT>>", -999
    return p.stdout, p.returncode


def cine(args):
    return _run([sys.executable, "-m", "cine", "ffprobe", *args])


def reference(args):
    return _run([REFERENCE, *args])


def _diff(name, exp, got):
    a = exp.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    b = got.decode("utf-8", "backslashreplace").splitlines(keepends=True)
    d = "".join(difflib.unified_diff(a, b, f"reference/{name}", f"cine/{name}", n=2))
    return d[:20000] or f"differ: {exp[-60:]!r} vs {got[-60:]!r}"


def _selected(request, argname):
    return [it.callspec.params[argname] for it in request.session.items
            if getattr(it, "callspec", None) is not None and argname in it.callspec.params]


@pytest.fixture(scope="session")
def corpus_results(request):
    paths = _selected(request, "corpus_path")
    workers = max(2, (os.cpu_count() or 2) * 2)
    with ThreadPoolExecutor(workers) as ex:
        return dict(zip(paths, ex.map(lambda p: cine(BASE_ARGS + [p]), paths)))


@pytest.mark.skipif(not ENTRIES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("corpus_path", _params())
def test_corpus_golden(corpus_path, corpus_results):
    golden = os.path.join(GOLDENS, corpus_path + ".json")
    with open(golden, "rb") as f:
        expected = f.read()
    with open(golden + ".rc") as f:
        expected_rc = int(f.read().strip())
    out, rc = corpus_results[corpus_path]
    problems = []
    if rc != expected_rc:
        problems.append(f"exit code: reference {expected_rc}, cine {rc}")
    if out != expected:
        problems.append(_diff("stdout", expected, out))
    if problems:
        pytest.fail(corpus_path + "\n" + "\n".join(problems), pytrace=False)


LIVE_WRITERS = ["flat", "xml"]


@pytest.fixture(scope="session")
def corpus_live_results(request):
    keys = _selected(request, "live_case")
    if not keys or not os.path.exists(REFERENCE):
        return {}

    def one(key):
        path, w = key.split("|")
        args = ["-v", "quiet", "-of", w, "-show_format", "-show_streams", path]
        return key, (reference(args), cine(args))

    workers = max(2, (os.cpu_count() or 2) * 2)
    with ThreadPoolExecutor(workers) as ex:
        return dict(ex.map(one, keys))


def _live_params():
    ps = []
    for p in _params(only_mp4=True):
        path = p.values[0]
        for w in LIVE_WRITERS:
            ps.append(pytest.param(f"{path}|{w}", id=f"mp4-{w}-{path}", marks=[pytest.mark.mp4]))
    return ps


@pytest.mark.skipif(not ENTRIES, reason="../shared/corpus is absent")
@pytest.mark.skipif(not os.path.exists(REFERENCE), reason="/usr/bin/ffprobe is not installed")
@pytest.mark.parametrize("live_case", _live_params())
def test_corpus_live(live_case, corpus_live_results):
    (exp, exp_rc), (out, rc) = corpus_live_results[live_case]
    problems = []
    if rc != exp_rc:
        problems.append(f"exit code: reference {exp_rc}, cine {rc}")
    if out != exp:
        problems.append(_diff("stdout", exp, out))
    if problems:
        pytest.fail(live_case + "\n" + "\n".join(problems), pytrace=False)
