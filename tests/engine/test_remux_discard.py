"""Stream copy's per-packet shortcuts: unused input streams are AVDISCARD_ALL (the read_frame
layer drops their packets unparsed where the reference does), and the precomputed rescale
helpers of engine/timebase.py equal av_rescale_rnd."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from cine.engine.demux import open_input
from cine.engine.model import Rational
from cine.engine.timebase import (INT64_MAX, INT64_MIN, q_factors, rescale, rescale_near,
                                  rescale_q, rescale_rnd)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fixture(rel: str) -> str:
    path = os.path.join(ROOT, rel)
    if not os.path.exists(path):
        pytest.skip("missing fixture " + rel)
    return path


ts64 = hs.one_of(hs.integers(-10**12, 10**12), hs.integers(INT64_MIN, INT64_MAX),
                 hs.sampled_from([0, INT64_MAX, INT64_MIN, -1, 1]))
factor = hs.one_of(hs.integers(-3, 10**7), hs.sampled_from([0, 1, 1 << 40]))


@settings(max_examples=3000, deadline=None)
@given(ts64, factor, factor)
def test_rescale_near_is_rescale_rnd(a, b, c):
    assert rescale_near(a, b, c) == rescale_rnd(a, b, c, 5)
    assert rescale(a, b, c) == rescale_rnd(a, b, c, 5)


@settings(max_examples=3000, deadline=None)
@given(ts64, hs.integers(0, 10**6), hs.integers(-2, 10**6), hs.integers(-2, 10**6),
       hs.integers(0, 10**6), hs.sampled_from([0, 1, 2, 3, 5, 8192 | 5, 8192 | 3]))
def test_rescale_q_is_rescale_rnd(a, bn, bd, cn, cd, rnd):
    bq, cq = Rational(bn, bd), Rational(cn, cd)
    assert rescale_q(a, bq, cq, rnd) == rescale_rnd(a, bn * cd, cn * bd, rnd)
    if rnd == 5:
        assert rescale_near(a, *q_factors(bq, cq)) == rescale_q(a, bq, cq)


def _packets(path: str, discard: set[int]) -> list[tuple]:
    inp = open_input(path)
    try:
        for i in discard:
            inp.ctx.streams[i].discard_all = True
            inp.discard(i)
        out = []
        while True:
            p = inp.read_packet()
            if p is None:
                return out
            out.append((p.stream_index, p.pts, p.dts, p.duration, p.flags, bytes(p.data)))
    finally:
        inp.close()


@pytest.mark.parametrize("rel", ["fixtures/ts/h264_aac.ts", "fixtures/mp4/h264_aac.mp4"])
def test_discarded_video_leaves_audio_packets_alone(rel):
    """H.264 has a parser (mpegts: full parsing; mov: headers): read_frame_internal frees a
    discarded stream's packets before parsing them (mov never even reads them). The audio
    packets come out exactly as without the discard."""
    path = fixture(rel)
    every = _packets(path, set())
    video = [p for p in every if p[0] == 0]
    assert video, "fixture has no stream 0 packets"
    audio_only = _packets(path, {0})
    assert [p for p in audio_only if p[0] != 0] == [p for p in every if p[0] != 0]
    # only what find_stream_info had buffered before the discard still comes out (as
    # av_read_frame returns it; ffmpeg drops it): the same packets, fewer of them
    kept = [p for p in audio_only if p[0] == 0]
    assert len(kept) < len(video) and kept == video[:len(kept)]


def test_remux_marks_unused_inputs_discarded(tmp_path):
    """ffmpeg_opt.c: input streams no output maps become AVDISCARD_ALL."""
    from cine.engine.pipeline.copy import Remux
    from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap
    path = fixture("fixtures/mp4/h264_aac.mp4")
    src = open_input(path)
    try:
        kinds = [st.codecpar.codec_type for st in src.ctx.streams]
        audio = kinds.index("audio")
        spec = OutputSpec(str(tmp_path / "a.m4a"), "ipod", [StreamMap(0, audio)])
        r = Remux(Job(inputs=[InputSpec(path)], outputs=[spec]), [src])
        r.init_outputs()
        assert [st.discard_all for st in src.ctx.streams] == [i != audio for i in range(len(kinds))]
        r.run()
    finally:
        src.close()
    assert os.path.getsize(tmp_path / "a.m4a") > 0
