"""Fragment runs without per-sample fields kept as runs (engine/formats/mp4/runcolumn.py): the
fuzz finding fuzz/regressions/mp4/overlapping-truns-2000x8000.bin (one traf, 2,000 truns of 8,000
field-less samples each, all starting at the moof) made 11M index entries from 32 KB (6.6 s,
344 MB). Its runs are now arithmetic segments of the index columns.

- RunColumn against a plain list doing the same operations (insert runs, write entries, set
  a flag bit over a range).
- Small crafted movies (the one-track avc1 movie of test_mp4_trun_fields.py) against FFmpeg
  5.1.9's output stored in test_mp4_trun_runs_goldens.json (regenerate: `python3
  tests/fuzz/test_mp4_trun_runs.py`), and live where the reference is installed:
  `overlap_20x800` (the finding's shape), `mixed_runs` (field-less runs between runs with
  every per-sample field, in three moofs), `backwards` (a later moof's tfdt goes back: the
  samples the earlier entries reach in time are discarded), `discarded` (400 runs of a
  second moof all before the first moof's samples in time: ~500k discarded entries the seek
  search walks segment by segment). Exit code and stdout of format
  and streams with -count_packets, and of packets around seeks (-read_intervals). stderr is
  not compared: past 64 packets find_stream_info tries a stream whose decoder never sees a
  slice only at each doubling (engine/streaminfo.py), so the decoder's complaints about
  those packets come out in one piece, after a demuxer warning the reference prints
  between them (`overlap_20x800`: the same lines in another order).
- The finding itself: peak memory and time stay those of a tiny file's probe, and a seek
  into it (no key entry: the reference fails too) stays as fast.
"""
from __future__ import annotations

import json
import os
import random
import struct
import subprocess
import sys
import time
from array import array

import pytest

from _reference import FFPROBE, ROOT, cine_cmd, reference_ok, run
from cine.engine.formats.mp4.runcolumn import RunColumn, Segment
from test_mp4_trun_fields import _PEAK, AUD, FIELDS, _box, _full, _moov

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test_mp4_trun_runs_goldens.json")
FINDING = os.path.join(ROOT, "fuzz", "regressions", "mp4", "overlapping-truns-2000x8000.bin")
# per movie: the moofs, each (its truns: a claimed sample count without fields, or the
# fields of each sample; its tfdt)
MOVIES = {
    "overlap_20x800": [([800] * 20, 0)],
    "mixed_runs": [([50, FIELDS, 30, FIELDS * 2, 40], 0), ([25, FIELDS, 20], 2048), ([10, 400], 100000)],
    "backwards": [([60, 60], 50000), ([80, FIELDS, 80], 0), ([30], 1024)],
    "discarded": [([FIELDS, 3000], 10 ** 9), ([3000] * 400, 0)],
}
RUNS = {
    "info": ["-show_format", "-show_streams", "-count_packets"],
    "seek_10pc_40": ["-show_packets", "-read_intervals", "10%+#40"],
    "seek_50pc_90": ["-show_packets", "-read_intervals", "50%+#90"],
    "first_30": ["-show_packets", "-read_intervals", "%+#30"],
}
CASES = sorted("%s.%s" % (m, r) for m in MOVIES for r in RUNS)


def _moof(seq: int, truns, tfdt: int) -> bytes:
    """A moof of track 1 (tfhd defaults: 512 ticks, len(AUD) bytes, non-sync) whose truns all
    start at the moof (data offset 0)."""
    tfhd = _full("tfhd", 0, 0x020038, struct.pack(">IIII", 1, 512, len(AUD), 0x01010000))
    parts = [tfhd, _full("tfdt", 1, 0, struct.pack(">Q", tfdt))]
    for t in truns:
        if isinstance(t, int):
            parts.append(_full("trun", 0, 0x000001, struct.pack(">Ii", t, 0)))
        else:
            parts.append(_full("trun", 0, 0x000F01, struct.pack(">Ii", len(t), 0),
                               b"".join(struct.pack(">IIIi", *s) for s in t)))
    return _box("moof", _full("mfhd", 0, 0, struct.pack(">I", seq)), _box("traf", *parts))


def build(moofs, mdat_units: int = 40) -> bytes:
    ftyp = _box("ftyp", b"isom", struct.pack(">I", 512), b"isomiso6iso2avc1mp41")
    body = b"".join(_moof(i + 1, truns, tfdt) for i, (truns, tfdt) in enumerate(moofs))
    return ftyp + _moov() + body + _box("mdat", AUD * mdat_units)


def _result(cmd: list, folder: str, case: str) -> dict:
    """Exit code and stdout (see the module's note on stderr)."""
    movie, what = case.split(".")
    name = movie + ".mp4"
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(build(MOVIES[movie]))
    rc, out, _ = run(cmd + ["-v", "quiet", "-of", "compact"] + RUNS[what] + [name], cwd=folder)
    return {"rc": rc, "stdout": out.decode("latin-1")}


def _goldens() -> dict:
    with open(GOLDENS, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("case", CASES)
def test_matches_stored_reference(tmp_path, case):
    assert _result(cine_cmd("ffprobe"), str(tmp_path), case) == _goldens()[case]


@pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")
@pytest.mark.parametrize("case", CASES)
def test_goldens_are_the_reference(tmp_path, case):
    assert _result([FFPROBE], str(tmp_path), case) == _goldens()[case]


def _model(pieces) -> list:
    return [p[i] for p in pieces for i in range(len(p))]


def test_run_column_behaves_as_a_list():
    rng = random.Random(5)
    col, ref = RunColumn([array("q", [7, 8, 9])]), [7, 8, 9]
    for _ in range(300):
        op = rng.randrange(4)
        if op == 0:
            at = rng.randrange(len(ref) + 1)
            run = RunColumn([Segment(rng.randrange(-50, 50), rng.randrange(3), rng.randrange(5)),
                             array("q", [rng.randrange(100) for _ in range(rng.randrange(3))])])
            col.insert_run(at, run)
            ref[at:at] = _model(run.pieces)
        elif op == 1 and ref:
            i = rng.randrange(-len(ref), len(ref))
            v = rng.randrange(4)
            col[i] = v
            ref[i] = v
        elif op == 2 and ref:
            lo = rng.randrange(len(ref))
            hi = rng.randrange(lo, len(ref) + 1)
            flags = RunColumn([Segment(v & 3, 0, 1) for v in ref])
            flags.or_range(lo, hi, 4)
            assert list(flags) == [v & 3 | (4 if lo <= i < hi else 0) for i, v in enumerate(ref)]
        elif op == 3:
            flags = RunColumn([Segment(v & 1, 0, 1) if v < 2 else array("B", [v & 1, 0]) for v in ref])
            model = _model(flags.pieces)
            start = rng.randrange(-1, len(model) + 1)
            for step in (1, -1):
                for clear in (False, True):
                    j = start
                    while 0 <= j < len(model) and bool(model[j] & 1) == clear:
                        j += step
                    assert flags.find_flag(start, step, 1, clear) == j
        assert len(col) == len(ref)
        assert list(col) == ref
        if ref:
            assert col[-1] == ref[-1]
    with pytest.raises(IndexError):
        col[len(ref)]


def test_segments_wrap_as_int64():
    seg = Segment((1 << 63) - 2, 1, 4)
    assert [seg[i] for i in range(4)] == [(1 << 63) - 2, (1 << 63) - 1, -(1 << 63), -(1 << 63) + 1]


def test_overlapping_runs_finding_stays_small(tmp_path):
    """The finding's 11M entries (cine was 6.6 s and 344 MB; the reference 2.1 s, 558 MB):
    peak RSS within 16 MB of a tiny movie's probe, and under 1.5 s more time."""
    small = tmp_path / "small.mp4"
    small.write_bytes(build(MOVIES["mixed_runs"]))
    peaks = []
    for target in (FINDING, small):
        out = tmp_path / "peak.txt"
        t = time.monotonic()
        p = subprocess.run([sys.executable, "-c", _PEAK, str(out), "-v", "quiet", "-show_format",
                            "-show_streams", str(target)], capture_output=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=ROOT))
        peaks.append((int(out.read_text()), time.monotonic() - t))
        assert b"Traceback" not in p.stderr and p.returncode == 0
    # a seek into the runs: the search for a key entry walks segments, not 11M entries
    t = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "cine", "ffprobe", "-v", "quiet", "-show_packets",
                        "-read_intervals", "10%", FINDING], capture_output=True, timeout=60, cwd=ROOT)
    seek_wall = time.monotonic() - t
    assert (p.returncode, p.stdout) == (1, b"")     # the reference finds no key entry either
    (big, wall), (tiny, tiny_wall) = peaks
    assert seek_wall - tiny_wall < 1.5, "seek: %.2f s against %.2f s" % (seek_wall, tiny_wall)
    assert big - tiny < 16 * 1024, "peak RSS grew by %d KiB" % (big - tiny)
    assert wall - tiny_wall < 1.5, "%.2f s against %.2f s" % (wall, tiny_wall)


def test_long_packet_listing_goes_out_as_it_grows(tmp_path):
    """-show_packets over many packets (the ten-minute mp4 campaign's rerun met 3.38M of them in
    77 KB, as the reference does): the writer's text goes out in pieces, so cine's peak RSS for
    20,000 packets stays within 8 MB of that for 200 (it held all the text: ~2 KB a packet)."""
    movie = tmp_path / "many.mp4"
    movie.write_bytes(build([([2000] * 20, 0)], mdat_units=2100))
    peaks = []
    for count in (20000, 200):
        out = tmp_path / "peak.txt"
        p = subprocess.run([sys.executable, "-c", _PEAK, str(out), "-v", "quiet", "-show_packets",
                            "-read_intervals", "%%+#%d" % count, str(movie)],
                           capture_output=True, timeout=120, env=dict(os.environ, PYTHONPATH=ROOT))
        assert p.returncode == 0 and b"Traceback" not in p.stderr
        assert p.stdout.count(b"[/PACKET]") == count
        peaks.append(int(out.read_text()))
    assert peaks[0] - peaks[1] < 8 * 1024, "peak RSS grew by %d KiB" % (peaks[0] - peaks[1])


if __name__ == "__main__":
    import tempfile
    assert reference_ok(), "needs /usr/bin/ffprobe 5.1.9"
    with tempfile.TemporaryDirectory() as d:
        found = {case: _result([FFPROBE], d, case) for case in CASES}
    with open(GOLDENS, "w", encoding="utf-8") as f:
        json.dump(found, f, indent=1, sort_keys=True)
        f.write("\n")
