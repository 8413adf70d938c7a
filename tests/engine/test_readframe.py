"""engine/readframe.py (av_read_frame's packet finishing) and engine/audioduration.py.

Expected numbers come from FFmpeg 5.1.9's `ffprobe -show_packets` on the fixtures (the full
comparisons live in compat-tests group 'packets'); these tests pin the rules on their own and
check that draining damaged inputs through Input.read_packet lets only CineError escape.
"""
from __future__ import annotations

import io
import os

import pytest

from cine.engine.audioduration import audio_frame_duration
from cine.engine.model import (PKT_FLAG_KEY, CodecParameters, FormatContext, Packet, Rational,
                               Stream)
from cine.engine.readframe import FrameReader, parsed_audio_samples

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _audio(name, **kw) -> CodecParameters:
    return CodecParameters(codec_type="audio", codec_name=name, **kw)


def test_adpcm_durations_from_block_align():
    # fixtures/wav/adpcm_ms.wav and adpcm_ima.wav: 2048-byte packets, reference 4072 / 4082
    assert audio_frame_duration(_audio("adpcm_ms", channels=1, block_align=1024), 2048) == 4072
    assert audio_frame_duration(_audio("adpcm_ima_wav", channels=1, block_align=1024,
                                       bits_per_coded_sample=4), 2048) == 4082


def test_pcm_and_fixed_durations():
    assert audio_frame_duration(_audio("pcm_s16le", channels=2), 4096) == 1024
    assert audio_frame_duration(_audio("ac3", sample_rate=48000), 384) == 1536
    assert audio_frame_duration(_audio("mp3", sample_rate=22050), 100) == 576
    # the decoder leaves frame_size at 0 for these
    assert audio_frame_duration(_audio("opus", frame_size=960, sample_rate=48000), 80) == 0
    assert audio_frame_duration(_audio("aac", frame_size=1024, sample_rate=48000), 80) == 1024


def test_parser_frame_lengths():
    ac3 = bytes([0x0B, 0x77, 0, 0, 0x00, 8 << 3])
    assert parsed_audio_samples(_audio("ac3"), ac3) == 1536
    eac3_2blocks = bytes([0x0B, 0x77, 0, 0, (0 << 6) | (1 << 4), 16 << 3])
    assert parsed_audio_samples(_audio("eac3"), eac3_2blocks) == 512
    assert parsed_audio_samples(_audio("mp3"), bytes([0xFF, 0xF3, 0x50, 0xC4])) == 576  # MPEG-2 L3
    assert parsed_audio_samples(_audio("mp2"), bytes([0xFF, 0xFD, 0x50, 0xC4])) == 1152


def _ctx(*streams) -> FormatContext:
    ctx = FormatContext(filename="x")
    ctx.streams = list(streams)
    return ctx


def test_relative_timestamps_count_from_zero_and_intra_only_key():
    st = Stream(0, _audio("pcm_s16le", channels=1, sample_rate=8000), time_base=Rational(1, 8000))
    fr = FrameReader(_ctx(st))
    got = [fr.finish(Packet(0, b"\0" * n, None, None, n // 2)) for n in (4096, 4096, 100)]
    assert [(p.pts, p.dts, p.duration) for p in got] == [(0, 0, 2048), (2048, 2048, 2048),
                                                          (4096, 4096, 50)]
    assert all(p.flags & PKT_FLAG_KEY for p in got)


def test_video_duration_from_frame_rate():
    st = Stream(0, CodecParameters(codec_type="video", codec_name="h264", video_delay=2),
                time_base=Rational(1, 12800), r_frame_rate=Rational(25, 1))
    pkt = FrameReader(_ctx(st)).finish(Packet(0, b"x", 1024, 0, 0))
    assert (pkt.pts, pkt.dts, pkt.duration, pkt.flags) == (1024, 0, 512, 0)


def test_attached_picture_keeps_no_timestamps():
    st = Stream(0, CodecParameters(codec_type="video", codec_name="mjpeg"),
                time_base=Rational(1, 90000), r_frame_rate=Rational(90000, 1),
                disposition={"attached_pic"})
    fr = FrameReader(_ctx(st))
    pkt = fr.finish(Packet(0, b"x", None, None, 0, flags=PKT_FLAG_KEY), buffered=True)
    assert (pkt.pts, pkt.dts, pkt.duration) == (None, None, 0)
    # queued again after a seek, it gets the stream's frame duration and a relative pts
    pkt = fr.finish(Packet(0, b"x", None, None, 0, flags=PKT_FLAG_KEY))
    assert (pkt.pts, pkt.dts, pkt.duration) == (0, 0, 1)


class _Priv:
    skip_samples = 1024


def test_skip_samples_side_data_once():
    st = Stream(0, _audio("aac", sample_rate=48000, frame_size=1024), time_base=Rational(1, 48000),
                priv=_Priv())
    fr = FrameReader(_ctx(st))
    a = fr.finish(Packet(0, b"x", -1024, -1024, 1024))
    b = fr.finish(Packet(0, b"x", 0, 0, 1024))
    assert [sd.type for sd in a.side_data] == ["Skip Samples"]
    assert a.side_data[0].fields[:2] == [("skip_samples", 1024), ("discard_padding", 0)]
    assert b.side_data == []


def _variants(data: bytes):
    n = len(data)
    for cut in (n // 7, n // 3, n // 2, n - n // 5):
        yield data[:cut]
    for at in (n // 4, n // 2, 3 * n // 4):
        b = bytearray(data)
        b[at] ^= 0x5A
        yield bytes(b)


_FIXTURES = []
for _d in ("mp4", "wav", "ogg", "elementary", "mkv", "ts"):
    _dir = os.path.join(ROOT, "fixtures", _d)
    if os.path.isdir(_dir):
        _FIXTURES += [f"{_d}/{n}" for n in sorted(os.listdir(_dir))
                      if n not in ("README.md", "make.sh")][:8]


@pytest.mark.parametrize("name", _FIXTURES)
def test_damaged_inputs_only_raise_cine_errors(name):
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    from cine.engine.io.source import FileObjectSource
    with open(os.path.join(ROOT, "fixtures", name), "rb") as f:
        data = f.read()
    for blob in _variants(data):
        try:
            inp = open_input(os.path.basename(name), source=FileObjectSource(io.BytesIO(blob)))
        except CineError:
            continue
        try:
            for _ in range(100000):
                if inp.read_packet() is None:
                    break
        except CineError:
            pass
        finally:
            inp.close()
