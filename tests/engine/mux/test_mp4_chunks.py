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
    """build_chunks as movenc.c states it, one sample at a time."""
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
    pos, size, entries = [], [], []
    at = rnd.randint(0, 1000)
    for _ in range(n):
        sz = rnd.choice((rnd.randint(1, 3000), rnd.randint(100_000, 400_000) if big else 5))
        if rnd.random() < 0.3:
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
    assert list(trk.samples.chunk_num) == num
    assert list(trk.samples.samples_in_chunk) == sic
    assert trk.chunk_count == count


@pytest.mark.parametrize("seed", range(20))
def test_runs_match_groupby(seed):
    from itertools import groupby
    rnd = random.Random(seed)
    values = [rnd.choice((512, 1024, -3, 0, 1 << 40)) for _ in range(rnd.randint(0, 300))]
    counts, vals = _runs(iter(values))
    want = [(len(list(g)), v) for v, g in groupby(values)]
    assert list(zip(counts, vals)) == want


@pytest.mark.parametrize("sizes", [(524288, 524288), (524288, 524287, 1), (1 << 20,),
                                   (700_000, 300_000, 48_575, 1, 1)])
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
    assert (list(trk.samples.chunk_num), list(trk.samples.samples_in_chunk), trk.chunk_count) \
        == (num, sic, count)
