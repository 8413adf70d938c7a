"""The MP4 muxer's chunking (movenc.c build_chunks: samples adjacent in the file merge into
chunks of under 1 MiB) and its run-length tables (stts/ctts), computed with C-level
iteration, against the sample-by-sample rule on random sample tables."""
from __future__ import annotations

import random
from itertools import accumulate

import pytest

from cine.engine.formats.mp4.mux_boxes import _runs
from cine.engine.formats.mp4.mux_track import Sample, Track


class _St:
    class codecpar:
        codec_type = "audio"
        codec_name = "aac"


def _reference_chunks(pos, size, entries):
    """build_chunks as movenc.c states it, one sample at a time: each sample's chunkNum (0
    past a chunk's first sample) and samples_in_chunk, and the number of chunks."""
    n = len(pos)
    num = [0] * n
    sic = list(entries)
    num[0] = 1
    count = 1
    head = 0
    csize = size[0]
    cend = pos[0] + csize
    for k in range(1, n):
        sz = size[k]
        if cend == pos[k] and csize + sz < (1 << 20):
            csize += sz
            cend += sz
            sic[head] += entries[k]
        else:
            count += 1
            num[k] = count
            head = k
            csize = sz
            cend = pos[k] + sz
    return num, sic, count


@pytest.mark.parametrize("seed", range(40))
def test_build_chunks_matches_sample_rule(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 400)
    big = rnd.random() < 0.5
    gaps = 0.3 if rnd.random() < 0.7 else 0.0      # (some tables back to back: one run)
    pos, size, entries = [], [], []
    at = rnd.randint(0, 1000)
    for _ in range(n):
        sz = rnd.choice((rnd.randint(1, 3000), rnd.randint(100_000, 400_000) if big else 5))
        if rnd.random() < gaps:
            at += rnd.randint(1, 5000)          # another track's data in between
        pos.append(at)
        size.append(sz)
        entries.append(rnd.choice((1, 1, 1, 2, 1024)))
        at += sz
    trk = Track(_St, 1)
    for p, s, e in zip(pos, size, entries):
        smp = Sample(p, s, 0, 0, e)
        trk.samples.append(smp)
    trk.build_chunks()
    num, sic, count = _reference_chunks(pos, size, entries)
    assert _marks(trk) == (num, sic)
    assert trk.chunk_count == count


def _marks(trk):
    """The muxer's chunks as movenc.c's per-sample chunkNum and samples_in_chunk (a chunk's
    first sample: its number and sample count; the others: 0 and their own entries)."""
    n = len(trk.samples)
    num = [0] * n
    sic = list(trk.samples.entries)
    for k, (head, count) in enumerate(zip(trk.chunk_heads, trk.chunk_samples), 1):
        num[head] = k
        sic[head] = count
    return num, sic


@pytest.mark.parametrize("seed", range(20))
def test_runs_match_groupby(seed):
    from itertools import groupby
    rnd = random.Random(seed)
    values = [rnd.choice((512, 1024, -3, 0, 1 << 40)) for _ in range(rnd.randint(0, 300))]
    counts, vals = _runs(iter(values))
    want = [(len(list(g)), v) for v, g in groupby(values)]
    assert list(zip(counts, vals)) == want


@pytest.mark.parametrize("values", [[512] * 9, [512] * 8 + [700], [700] + [512] * 8,
                                    [512] * 4 + [700] + [512] * 4, [1], [512, 700],
                                    [512] * 7 + [700, 700]])
def test_runs_of_nearly_constant_columns(values):
    """One run, or one run and a different last value (the usual stts): the shortcuts
    agree with the general rule."""
    from itertools import groupby
    counts, vals = _runs(values)
    assert list(zip(counts, vals)) == [(len(list(g)), v) for v, g in groupby(values)]


@pytest.mark.parametrize("sizes", [(524288, 524288), (524288, 524287, 1), (1 << 20,),
                                   (700_000, 300_000, 48_575, 1, 1),
                                   (1 << 20, 10, (1 << 20) + 3, 7, 1 << 19, 1 << 19)])
def test_chunk_limit_edges(sizes):
    """Adjacent samples totalling exactly 1 MiB are two chunks; just under, one."""
    trk = Track(_St, 1)
    at = 0
    for s in sizes:
        trk.samples.append(Sample(at, s, 0, 0, 1))
        at += s
    trk.build_chunks()
    starts = list(accumulate(sizes, initial=0))[:-1]
    num, sic, count = _reference_chunks(starts, list(sizes), [1] * len(sizes))
    assert (*_marks(trk), trk.chunk_count) == (num, sic, count)
