"""The MP4 index's whole-array fast paths (cine/engine/formats/mp4/index.py, stbl.py) against
the sample-by-sample loops they replace: same index entries, same derived stream fields, on
every committed MP4-family fixture and on random edit lists / composition offsets."""
from __future__ import annotations

import glob
import os
import random
from array import array
from types import SimpleNamespace

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.formats.mp4 import index as mp4_index

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXTS = (".mp4", ".mov", ".m4a", ".m4v", ".3gp", ".3g2")
FIXTURES = sorted(p for p in glob.glob(os.path.join(ROOT, "fixtures", "**", "*"), recursive=True)
                  if p.lower().endswith(EXTS))


def _snapshot(path: str):
    try:
        inp = open_input(path, find_stream_info=False)
    except CineError as e:
        return ("error", type(e).__name__)
    out = []
    for st in inp.ctx.streams:
        sc = st.priv
        if not hasattr(sc, "ie_pos"):
            continue
        out.append((list(sc.ie_pos), list(sc.ie_ts), list(sc.ie_size), list(sc.ie_flags),
                    None if sc.ctts_per_sample is None else list(sc.ctts_per_sample),
                    st.start_time, st.duration, st.codecpar.bit_rate, st.codecpar.video_delay,
                    sc.start_pad, sc.skip_samples, sc.min_corrected_pts, list(sc.rfps_dts)))
    inp.close()
    return out


@pytest.mark.parametrize("path", FIXTURES, ids=[os.path.relpath(p, ROOT) for p in FIXTURES])
def test_fast_index_matches_loops(path, monkeypatch):
    fast = _snapshot(path)
    monkeypatch.setattr(mp4_index, "_FAST", False)
    slow = _snapshot(path)
    assert fast == slow


def _ring_delay(pts):
    """The reorder-delay estimate written as the reference's 17-slot insertion buffer."""
    size = mp4_index.MAX_REORDER_DELAY + 1
    buf = [-(1 << 63)] * size
    start = best = 0
    for v in pts:
        j = start
        start = (start + 1) % size
        buf[j] = v
        swaps = 0
        while j != start:
            r = (j - 1) % size
            if buf[j] >= buf[r]:
                break
            buf[j], buf[r] = buf[r], buf[j]
            swaps += 1
            j = r
        best = max(best, swaps)
    return best


def test_video_delay_bulk_matches_ring_buffer():
    rng = random.Random(7)
    checked = 0
    for _ in range(3000):
        n = rng.randint(0, 80)
        step = rng.choice([1, 2, 512])
        ts, t = [], 0
        for _ in range(n):
            ts.append(t)
            t += rng.choice([step, step, 2 * step, step + rng.randint(0, 3)])
        spread = rng.choice([0, 1, 3, 10, 40])
        ctts = [rng.randint(-spread, spread) * step for _ in range(max(0, n + rng.randint(-2, 2)))]
        got = mp4_index._video_delay_bulk(array("q", ts), array("q", ctts))
        if got is None:
            continue
        checked += 1
        assert got == _ring_delay([a + b for a, b in zip(ts, ctts)])
    assert checked > 1000


def test_fast_edit_matches_loop():
    """One edit applied by _fast_edit and by fix_index's loop (forced with _FAST off)."""
    rng = random.Random(11)
    compared = 0
    for _ in range(3000):
        n = rng.randint(1, 30)
        ts, t = [], rng.randint(-5, 5)
        for _ in range(n):
            ts.append(t)
            t += rng.choice([0, 1, 2, 3, 10])
        with_ctts = rng.random() < 0.6
        audio = rng.random() < 0.4
        seed = rng.random()
        results = []
        for fast in (True, False):
            mp4_index._FAST = fast
            try:
                st = SimpleNamespace(index=0, start_time=None, duration=10 ** 6,
                                     codecpar=SimpleNamespace(codec_type="audio" if audio else "video",
                                                              codec_name="aac" if audio else "h264"))
                r = random.Random(seed)
                sc = SimpleNamespace(
                    elst=[(r.randint(0, 60), r.randint(-2, 40))], time_scale=1, dts_shift=r.choice([0, 0, 3]),
                    skip_samples=0, start_pad=0, min_corrected_pts=0,
                    ie_pos=array("q", range(100, 100 + n)), ie_ts=array("q", ts),
                    ie_size=array("q", [1] * n), ie_flags=array("B", [r.choice([0, 1, 1]) for _ in range(n)]),
                    ctts_per_sample=array("q", [r.randint(-4, 9) for _ in range(n)]) if with_ctts else None)
                c = SimpleNamespace(time_scale=1, log=SimpleNamespace(warning=lambda m: None,
                                                                       error=lambda m: None))
                mp4_index.fix_index(c, st, sc)
            finally:
                mp4_index._FAST = True
            results.append((list(sc.ie_pos), list(sc.ie_ts), list(sc.ie_flags), sc.min_corrected_pts,
                            sc.skip_samples, st.start_time, st.duration,
                            None if sc.ctts_per_sample is None else list(sc.ctts_per_sample)))
        assert results[0] == results[1]
        compared += 1
    assert compared == 3000


def test_positions_of_mostly_single_chunks():
    """Chunks of one sample but a few: the positions laid out run by run equal the general
    rule (chunk offset + the sizes before the sample in its chunk)."""
    from itertools import accumulate
    rng = random.Random(5)
    for _ in range(500):
        nchunks = rng.randint(1, 60)
        counts = array("I", [1 if rng.random() < 0.9 else rng.randint(0, 4) for _ in range(nchunks)])
        n = sum(counts)
        sizes = [rng.randint(0, 900) for _ in range(n)]
        offsets = array("q", sorted(rng.sample(range(10 ** 6), nchunks)))
        cum = array("q", accumulate(sizes, initial=0))
        want, k = [], 0
        for off, cnt in zip(offsets, counts):
            for j in range(cnt):
                want.append(off + cum[k + j] - cum[k])
            k += cnt
        assert list(mp4_index._positions_mostly_single(offsets, counts, cum)) == want
        if min(counts) > 0 and max(counts) <= 2:
            assert list(mp4_index._positions_one_or_two(offsets, counts, array("I", sizes))) \
                == want


def test_positions_of_one_or_two_sample_chunks():
    """Chunks of one or two samples (interleaved audio): the pairs laid out and masked
    equal the general rule."""
    from itertools import accumulate
    rng = random.Random(6)
    for _ in range(300):
        nchunks = rng.randint(1, 80)
        counts = array("I", [rng.choice((1, 2, 2)) for _ in range(nchunks)])
        n = sum(counts)
        sizes = array("I", [rng.randint(0, 900) for _ in range(n)])
        offsets = array("q", sorted(rng.sample(range(10 ** 6), nchunks)))
        cum = list(accumulate(sizes, initial=0))
        want, k = [], 0
        for off, cnt in zip(offsets, counts):
            for j in range(cnt):
                want.append(off + cum[k + j] - cum[k])
            k += cnt
        assert list(mp4_index._positions_one_or_two(offsets, counts, sizes)) == want
