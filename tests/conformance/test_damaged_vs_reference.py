"""Issue 3 acceptance: truncated and corrupted non-MP4 fixtures probe exactly as FFmpeg 5.1.9 does.

For every fixture under fixtures/{mkv,ts,elementary,ogg,wav,avi} this builds 10 truncations and a few
seeded byte-flip variants in a temporary folder, then runs the reference (/usr/bin/ffprobe) and
cine with `-v quiet -of json -show_format -show_streams` on each. It asserts the same exit code,
byte-identical stdout (where the reference prints nothing useful, that is what cine must print
too) and no traceback / internal error on cine's stderr. All runs happen once per session in a
thread pool; each test then only compares. Known gaps are strict xfails listed in KNOWN_GAPS.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from _reference import forkserver

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = "/usr/bin/ffprobe"
CONTAINERS = ("mkv", "ts", "elementary", "ogg", "wav", "avi")
NOT_FIXTURES = {"README.md", "make.sh"}
ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"]
# where each file is cut, as a fraction of its size (10 points, dense near both ends)
CUT_FRACTIONS = (0.01, 0.04, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.995)
FLIP_SEEDS = (1, 2, 3)
FLIPS_PER_VARIANT = 16
TIMEOUT = 120

# Known, reported gaps (case ids): strict xfails, so a fix shows up as XPASS and must be removed.
KNOWN_GAPS: dict[str, str] = {
    "ts/mpeg2_mp2.ts@cut879": "reference probes the 879-byte cut as raw mpegvideo (format "
                              "probe), cine as mpegts",
}


def _fixtures() -> list[tuple[str, str]]:
    out = []
    for group in CONTAINERS:
        d = os.path.join(ROOT, "fixtures", group)
        if not os.path.isdir(d):
            continue
        for n in sorted(os.listdir(d)):
            if n.startswith(".") or n in NOT_FIXTURES or not os.path.isfile(os.path.join(d, n)):
                continue
            out.append((group, n))
    return out


def _cut_offsets(size: int) -> list[int]:
    offs = []
    for f in CUT_FRACTIONS:
        o = min(max(int(size * f), 1), size - 1)
        while o in offs and o < size - 1:
            o += 1
        if o not in offs:
            offs.append(o)
    return offs


def _variants() -> list[tuple[str, str, str, str, object]]:
    """(case id, group, fixture, kind, arg): kind 'cut' (arg = offset) or 'flip' (arg = seed)."""
    out = []
    for group, name in _fixtures():
        size = os.path.getsize(os.path.join(ROOT, "fixtures", group, name))
        if size < 2:
            continue
        for off in _cut_offsets(size):
            out.append((f"{group}/{name}@cut{off}", group, name, "cut", off))
        for seed in FLIP_SEEDS:
            out.append((f"{group}/{name}@flip{seed}", group, name, "flip", seed))
    return out


VARIANTS = _variants()


def _damage(data: bytes, name: str, kind: str, arg) -> bytes:
    if kind == "cut":
        return data[:arg]
    rng = random.Random(f"{name}:{arg}")
    buf = bytearray(data)
    for _ in range(FLIPS_PER_VARIANT):
        pos = rng.randrange(len(buf))
        buf[pos] ^= rng.randrange(1, 256)
    return bytes(buf)


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C")
    # cine runs from the variant's folder, so the repo root goes on its import path
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run(cmd: list, cwd: str, env: dict):
    try:
        # cine's runs fork a warm cine process (compat-tests/forkserver.py)
        p = forkserver().subprocess_run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                                        env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        return (exc.stdout or b""), (exc.stderr or b"") + b"\n<<TIMEOUT>>\n", -999
    return p.stdout, p.stderr, p.returncode


@pytest.fixture(scope="session")
def damaged_results(request, tmp_path_factory):
    """Build every selected variant on disk and run both tools on it, in parallel, once."""
    selected = []
    for item in request.session.items:
        cs_ = getattr(item, "callspec", None)
        if cs_ is not None and "variant" in cs_.params:
            selected.append(cs_.params["variant"])
    if not selected or not os.access(REFERENCE, os.X_OK):
        return {}
    base = tmp_path_factory.mktemp("damaged")
    cache: dict[str, bytes] = {}

    def one(v):
        cid, group, name, kind, arg = v
        key = f"{group}/{name}"
        if key not in cache:
            with open(os.path.join(ROOT, "fixtures", group, name), "rb") as f:
                cache[key] = f.read()
        # one folder per variant, the file keeps its name (extensions steer raw-stream probing)
        d = base / f"{group}_{name}_{kind}{arg}"
        d.mkdir()
        (d / name).write_bytes(_damage(cache[key], name, kind, arg))
        ref = _run([REFERENCE, *ARGS, name], str(d), env)
        cine = _run([sys.executable, "-m", "cine", "ffprobe", *ARGS, name], str(d), env)
        return cid, (ref, cine)

    env = _env()
    workers = int(os.environ.get("CINE_COMPAT_JOBS", "0")) or max(2, (os.cpu_count() or 2) * 2)
    with ThreadPoolExecutor(max_workers=workers) as ex:
        return dict(ex.map(one, selected))


def _param(v):
    marks = []
    if v[0] in KNOWN_GAPS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[v[0]]))
    return pytest.param(v, id=v[0], marks=marks)


def test_variants_exist():
    assert len(VARIANTS) >= 60 * 10, f"only {len(VARIANTS)} damaged variants: fixtures missing?"


@pytest.mark.parametrize("variant", [_param(v) for v in VARIANTS])
def test_damaged_matches_reference(variant, damaged_results):
    if not os.access(REFERENCE, os.X_OK):
        pytest.skip("/usr/bin/ffprobe is not installed")
    cid = variant[0]
    (rout, rerr, rrc), (cout, cerr, crc) = damaged_results[cid]
    problems = []
    if b"Traceback (most recent call last)" in cerr or b"internal error" in cerr:
        problems.append("cine stderr:\n" + cerr.decode("utf-8", "replace")[-1500:])
    if crc != rrc:
        problems.append(f"exit code: reference {rrc}, cine {crc}")
    if rout != cout:
        import difflib
        d = "".join(difflib.unified_diff(
            rout.decode("utf-8", "replace").splitlines(True),
            cout.decode("utf-8", "replace").splitlines(True), "reference", "cine", n=1))
        problems.append(d[:4000] or f"stdout differs: {rout[-80:]!r} vs {cout[-80:]!r}")
    if problems:
        pytest.fail(f"{cid}\n" + "\n".join(problems), pytrace=False)
