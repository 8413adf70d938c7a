"""Sony Wave64 muxer (stream copy): GUID chunks padded to 8 bytes, the fact sample count, and
whole files byte-identical to FFmpeg 5.1.9."""
from __future__ import annotations

import struct
import subprocess

import pytest

from cine.engine.errors import CineError
from cine.engine.formats.w64 import GUID_DATA, GUID_FACT, GUID_FMT, GUID_RIFF, GUID_WAVE
from cine.engine.formats.w64_mux import W64Muxer, end_guid, start_guid
from cine.engine.io.sink import MemorySink
from cine.engine.log import Logger
from cine.engine.model import FormatContext, Packet, Rational, Stream

from .util import FFMPEG, cine_remux, codec_par as _par, fixture, needs_ffmpeg


def _chunks(data: bytes):
    pos = 40
    out = []
    while pos + 24 <= len(data):
        guid = data[pos:pos + 16]
        size = struct.unpack_from("<Q", data, pos + 16)[0]
        out.append((guid, pos, size))
        pos += (size + 7) & ~7
    return out


def test_guid_chunk_is_padded_to_eight_bytes_and_sized_with_its_header():
    pb = MemorySink()
    pb.write(b"x" * 8)
    start = start_guid(pb, GUID_FMT)
    pb.write(b"abc")
    end_guid(pb, start)
    out = pb.getvalue()
    assert len(out) == 8 + 24 + 8
    assert out[8:24] == GUID_FMT
    assert struct.unpack_from("<Q", out, 24)[0] == 32
    assert out[32:] == b"abc" + bytes(5)


def _mux(par, packets, seekable=True) -> bytes:
    ctx = FormatContext(filename="memory:")
    st = Stream(index=0, codecpar=par)
    st.time_base = Rational(1, par.sample_rate)
    ctx.streams = [st]
    pb = MemorySink(seekable=seekable)
    mx = W64Muxer(pb, ctx, Logger("w64", lambda *a: None), {})
    mx.init()
    mx.write_header()
    for p in packets:
        mx.write_packet(p)
    mx.write_trailer()
    return pb.getvalue()


def test_pcm_layout_and_sizes():
    par = _par(codec_type="audio", codec_name="pcm_s16le", codec_tag=1, sample_rate=8000,
               channels=1, channel_layout="mono", block_align=2, bits_per_coded_sample=16)
    data = _mux(par, [Packet(0, b"\1\2" * 5, 0, 0, duration=5)])
    assert data[:16] == GUID_RIFF and data[24:40] == GUID_WAVE
    assert struct.unpack_from("<Q", data, 16)[0] == len(data)
    chunks = _chunks(data)
    assert [c[0] for c in chunks] == [GUID_FMT, GUID_DATA]      # no fact for PCM
    assert chunks[1][2] == 40                 # 24 + 10, padded: the size counts the padding
    assert len(data) % 8 == 0


def test_fact_counts_from_zero_not_from_the_first_pts():
    """w64_write_header leaves the smallest pts at 0: a stream starting later counts from 0."""
    par = _par(codec_type="audio", codec_name="pcm_alaw", codec_tag=6, sample_rate=8000,
               channels=1, channel_layout="mono", block_align=1, bits_per_coded_sample=8)
    data = _mux(par, [Packet(0, b"a" * 100, 400, 400, duration=100),
                      Packet(0, b"b" * 100, 500, 500, duration=100)])
    fact = [c for c in _chunks(data) if c[0] == GUID_FACT][0]
    assert struct.unpack_from("<Q", data, fact[1] + 24)[0] == 600


def test_pipe_leaves_sizes_unpatched():
    par = _par(codec_type="audio", codec_name="pcm_alaw", codec_tag=6, sample_rate=8000,
               channels=1, channel_layout="mono", block_align=1, bits_per_coded_sample=8)
    data = _mux(par, [Packet(0, b"a" * 10, 0, 0, duration=10)], seekable=False)
    assert struct.unpack_from("<q", data, 16)[0] == -1
    assert GUID_FACT not in data                      # only on seekable outputs
    pos = data.index(GUID_DATA)
    assert struct.unpack_from("<Q", data, pos + 16)[0] == (1 << 63) - 1
    assert data.endswith(b"a" * 10)


def test_codec_without_wave_tag_is_refused():
    lines = []
    ctx = FormatContext(filename="memory:")
    par = _par(codec_type="video", codec_name="h264", codec_tag=0)
    ctx.streams = [Stream(index=0, codecpar=par)]
    mx = W64Muxer(MemorySink(), ctx, Logger("w64", lambda c, lvl, m: lines.append(m)), {})
    mx.init()
    with pytest.raises(CineError) as ei:
        mx.write_header()
    assert ei.value.code == -1
    assert lines == ["Codec h264 not supported\n"]


@needs_ffmpeg
@pytest.mark.parametrize("rel", ["fixtures/wav/s16.w64", "fixtures/wav/ext_51.w64",
                                 "fixtures/wav/adpcm_ima.wav", "fixtures/wav/adpcm_ms.wav",
                                 "fixtures/wav/alaw.wav", "fixtures/wav/f64.wav",
                                 "fixtures/wav/ext_3ch.wav", "fixtures/wav/bext.wav",
                                 "fixtures/mp4/aac_mono.m4a", "fixtures/mkv/pcm24.mka"])
def test_copy_identical(tmp_path, rel):
    inp = fixture(rel)
    ref = tmp_path / "ref.w64"
    subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-c", "copy",
                    str(ref)], check=True)
    cine_remux(inp, str(tmp_path / "cine.w64"), [0])
    assert (tmp_path / "cine.w64").read_bytes() == ref.read_bytes()


@needs_ffmpeg
def test_to_pipe_identical(tmp_path):
    inp = fixture("fixtures/wav/adpcm_ms.wav")
    ref = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-i", inp, "-c", "copy", "-f",
                          "w64", "-"], capture_output=True, check=True).stdout
    import os
    import sys
    mine = subprocess.run([sys.executable, "-m", "cine", "ffmpeg", "-v", "error", "-nostdin",
                           "-i", inp, "-c", "copy", "-f", "w64", "-"], capture_output=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                              os.path.dirname(os.path.abspath(__file__)))))).stdout
    assert len(ref) > 2000
    assert mine == ref
