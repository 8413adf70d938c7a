"""Hostile input for the video analyzers: mutated and truncated parameter sets and samples
(taken from the committed fixtures) must never raise; analyzers leave what they cannot
read as it was."""
from __future__ import annotations

import copy
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cine.engine.codecs.registry import analyzer
from cine.engine.log import Logger
from cine.engine.model import CodecParameters, Packet, Stream

from video_mp4mini import load_video

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..")
FIXTURES = ["h264_high.mp4", "h264_interlaced_tff.mp4", "hevc_main.mp4", "av1.mp4", "vp9.mp4",
            "mpeg4_bf2.mp4", "h263.3gp", "mjpeg.mov", "prores_hq.mov"]


def _load(name):
    path = os.path.join(ROOT, "fixtures", "mp4", name)
    if not os.path.exists(path):
        pytest.skip("fixture %s missing" % name)
    stream, packets = load_video(path, max_packets=4)
    assert stream is not None
    return stream, packets


def _mutate(data: bytes, edits, cut) -> bytes:
    buf = bytearray(data)
    for pos, val in edits:
        if buf:
            buf[pos % len(buf)] = val
    if cut is not None and buf:
        del buf[cut % len(buf):]
    return bytes(buf)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=8)
CUT = st.one_of(st.none(), st.integers(0, 1 << 16))


@pytest.mark.parametrize("name", FIXTURES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS, cut=CUT, pkt_edits=EDITS, pkt_cut=CUT)
def test_mutations_never_raise(name, edits, cut, pkt_edits, pkt_cut):
    base, packets = _load(name)
    stream = copy.deepcopy(base)
    stream.codecpar.extradata = _mutate(stream.codecpar.extradata, edits, cut)
    pkts = [Packet(0, _mutate(p.data, pkt_edits, pkt_cut), None, None) for p in packets]
    analyzer(stream.codecpar.codec_name)(stream, pkts, Logger("fuzz"))


@pytest.mark.parametrize("codec", ["h264", "hevc", "av1", "vp9", "mpeg4", "h263", "mjpeg",
                                   "prores", "png"])
@given(extradata=st.binary(max_size=64), payloads=st.lists(st.binary(max_size=64), max_size=3))
@settings(max_examples=80, deadline=None)
def test_random_bytes_never_raise(codec, extradata, payloads):
    stream = Stream(index=0, codecpar=CodecParameters(codec_type="video", codec_name=codec,
                                                      extradata=extradata, width=64, height=48))
    analyzer(codec)(stream, [Packet(0, p, None, None) for p in payloads], Logger("fuzz"))


def test_empty_stream_keeps_container_values():
    """No extradata, no packets: only what the decoder's init would set changes."""
    for codec in ("h264", "hevc", "av1", "vp9"):
        stream = Stream(index=0, codecpar=CodecParameters(codec_type="video", codec_name=codec,
                                                          width=320, height=240))
        analyzer(codec)(stream, [], Logger("t"))
        par = stream.codecpar
        assert (par.width, par.height, par.format, par.profile) == (320, 240, None, -99)
        assert (par.coded_width, par.coded_height, par.refs) == (320, 240, 1)
