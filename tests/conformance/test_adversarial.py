"""Issue 5, Bounds and Error fidelity: crafted adversarial files (bench/adversarial/make_files.py,
one per attack, every container) probed by cine's ffprobe in a subprocess.

For each file, with `-show_format -show_streams` and again with `-show_programs -show_packets`
added (the packet loop):
- peak RSS (os.wait4's ru_maxrss) < 64 MB + 4x the file's size;
- CPU time (user + sys) < 2 s, and wall time < 2 s scaled by the machine's load: the limit is
  2 s x max(1, floor / IDLE_FLOOR), where floor is cine's own wall time on a tiny valid file
  measured in this session (the interpreter's start-up as the box runs now) and IDLE_FLOOR that
  time on an idle box; on an idle box the limit is exactly 2 s;
- exit code and first stderr line equal to the reference's (bench/adversarial/goldens.json,
  written by bench/adversarial/regen_goldens.py from /usr/bin/ffprobe 5.1.9), and the goldens
  equal a live run of /usr/bin/ffprobe when it is installed.
Known gaps are strict xfails (a fix shows as XPASS and must be removed from KNOWN_GAPS).
"""
from __future__ import annotations

import json
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "adversarial"))
import make_files  # noqa: E402
import measure  # noqa: E402

MB = 1 << 20
RSS_BASE = 64 * MB
RSS_PER_INPUT_BYTE = 4
CPU_LIMIT = 2.0
WALL_LIMIT = 2.0
IDLE_FLOOR = 0.08      # cine's wall time on a tiny file on an idle 2-core box (python3 -m cine)
FLOOR_FILE = os.path.join(ROOT, "fixtures", "wav", "s16_stereo.wav")

with open(measure.GOLDENS) as _f:
    GOLDENS = json.load(_f)

# Error lines cine does not reproduce yet, with the reason: "file:mode" or "file" for both modes.
KNOWN_GAPS: dict[str, str] = {}

CASES = [(name, mode) for name in sorted(make_files.ATTACKS) for mode in measure.MODES]


def _param(name: str, mode: str):
    reason = KNOWN_GAPS.get(f"{name}:{mode}") or KNOWN_GAPS.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, mode, id=f"{name}:{mode}", marks=marks)


@pytest.fixture(scope="session")
def adv_dir(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("adversarial"))
    make_files.build(d)
    return d


@pytest.fixture(scope="session")
def wall_limit():
    floor = min(measure.run(measure.cine_cmd(), FLOOR_FILE, "streams").wall for _ in range(3))
    return WALL_LIMIT * max(1.0, floor / IDLE_FLOOR)


def test_goldens_cover_every_attack():
    assert sorted(GOLDENS) == sorted(make_files.ATTACKS), "rerun bench/adversarial/regen_goldens.py"
    assert len(GOLDENS) >= 35


def test_every_container_attacked():
    exts = {os.path.splitext(n)[1] for n in make_files.ATTACKS}
    assert {".mp4", ".mov", ".mkv", ".webm", ".ogg", ".wav", ".w64", ".avi", ".mp3", ".aac",
            ".flac", ".ac3", ".ts", ".h264", ".hevc"} <= exts


@pytest.mark.parametrize("name,mode", [_param(n, m) for n, m in CASES])
def test_adversarial(adv_dir, wall_limit, name, mode):
    path = os.path.join(adv_dir, name)
    r = measure.run(measure.cine_cmd(), path, mode, timeout=60)
    assert not r.timed_out, f"{name}: still running after 60 s"
    assert "internal error" not in r.first_error and "Traceback" not in r.first_error, r.first_error
    size = os.path.getsize(path)
    assert r.rss_kb * 1024 < RSS_BASE + RSS_PER_INPUT_BYTE * size, \
        f"peak RSS {r.rss_kb / 1024:.1f} MB for a {size}-byte file"
    assert r.cpu < CPU_LIMIT, f"CPU {r.cpu:.2f} s"
    assert r.wall < wall_limit, f"wall {r.wall:.2f} s (limit {wall_limit:.2f} s at this load)"
    g = GOLDENS[name][mode]
    assert (r.rc, r.first_error) == (g["rc"], g["first_error"])


@pytest.mark.skipif(not os.path.exists(measure.REFERENCE), reason="no reference ffprobe")
@pytest.mark.parametrize("name,mode", [pytest.param(n, m, id=f"{n}:{m}") for n, m in CASES])
def test_goldens_match_live_reference(adv_dir, name, mode):
    r = measure.run([measure.REFERENCE], os.path.join(adv_dir, name), mode)
    assert r.as_golden() == GOLDENS[name][mode], "rerun bench/adversarial/regen_goldens.py"
