"""FLAC frame headers and the decoder's packet handling, on streams written with
fixtures/flac/craft_flac.py: every header field and its refusals (with the reference's log
lines, from libavcodec/flac.c and flacdec.c of FFmpeg 5.1.9), inline STREAMINFO, skipped
packets, and parameters taken from frame headers when STREAMINFO is absent."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "fixtures" / "flac"))

import craft_flac as W  # noqa: E402

from cine.engine.codecs.flac import frame_header as FH  # noqa: E402
from cine.engine.codecs.flac.decoder import FlacDecoder  # noqa: E402
from cine.engine.errors import InvalidData  # noqa: E402
from cine.engine.log import Logger  # noqa: E402
from cine.engine.model import CodecParameters  # noqa: E402


def parse(data: bytes):
    return FH.parse(data + bytes(FH.HEAD_BYTES), len(data))


def const_frame(number=0, blocksize=192, bps=16, chan_code=0, value=5, **kw):
    channels = chan_code + 1 if chan_code < 8 else 2
    side = {8: 1, 9: 0, 10: 1}.get(chan_code)       # the side channel has one more bit
    subs = [lambda b, i=i: W.constant(b, bps + (i == side), value) for i in range(channels)]
    return W.frame(number, blocksize, chan_code, subs, **kw)


@pytest.mark.parametrize("blocksize", [192, 576, 1152, 2304, 4608, 256, 512, 1024, 2048, 4096,
                                       8192, 16384, 32768, 1, 200, 256 + 1, 65536])
def test_block_sizes(blocksize):
    assert parse(const_frame(blocksize=blocksize)).blocksize == blocksize


@pytest.mark.parametrize("rate,code", [(44100, None), (96000, None), (88200, None),
                                       (48000, 12), (7350, 13), (44100, 13), (40000, 14),
                                       (22050, 0)])
def test_sample_rates(rate, code):
    fh = parse(const_frame(rate=rate, rate_code=code))
    assert fh.sample_rate == (0 if code == 0 else rate)


@pytest.mark.parametrize("code,channels,mode", [(0, 1, 0), (5, 6, 0), (7, 8, 0), (8, 2, 1),
                                                (9, 2, 2), (10, 2, 3)])
def test_channel_assignments(code, channels, mode):
    fh = parse(const_frame(chan_code=code))
    assert (fh.channels, fh.ch_mode) == (channels, mode)


@pytest.mark.parametrize("number", [0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x1FFFFF,
                                    0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF])
def test_coded_numbers(number):
    fh = parse(const_frame(number=number, var=1))
    assert (fh.number, fh.is_var_size) == (number, 1)


def _refused(data: bytes, message: str):
    with pytest.raises(InvalidData) as exc:
        parse(data)
    assert exc.value.detail == message


def _patched(byte_index: int, value: int, mask: int = 0xFF) -> bytes:
    data = bytearray(const_frame())
    data[byte_index] = (data[byte_index] & ~mask) | value
    data[5] = W.crc8(bytes(data[:5]))           # the 1-byte number keeps the CRC at 5
    return bytes(data)


def test_header_refusals():
    _refused(b"\xff\xf0" + const_frame()[2:], "invalid sync code\n")
    _refused(_patched(3, 11 << 4, 0xF0), "invalid channel mode: 11\n")
    _refused(_patched(3, 3 << 1, 0x0E), "invalid sample size code (3)\n")
    _refused(_patched(3, 7 << 1, 0x0E), "invalid sample size code (7)\n")
    _refused(_patched(3, 1, 0x01), "broken stream, invalid padding\n")
    _refused(_patched(2, 0, 0xF0), "reserved blocksize code: 0\n")
    _refused(_patched(2, 15, 0x0F), "illegal sample rate code 15\n")
    _refused(_patched(4, 0x80), "sample/frame number invalid; utf8 fscked\n")
    _refused(_patched(4, 0xFE), "sample/frame number invalid; utf8 fscked\n")
    bad = bytearray(const_frame())
    bad[5] ^= 1
    _refused(bytes(bad), "header crc mismatch\n")
    # a 36-bit sample number (7-byte code) is beyond what the reference reads
    _refused(const_frame(number=1 << 32, var=1), "sample/frame number invalid; utf8 fscked\n")


def _decoder(extradata=b"", channels=0, layout=None):
    logs = []
    par = CodecParameters()
    par.codec_name = "flac"
    par.extradata = extradata
    par.channels = channels
    par.channel_layout = layout
    return FlacDecoder(par, Logger("flac", lambda c, lv, m: logs.append(m))), logs


def _streaminfo(rate=44100, channels=1, bps=16, max_bs=4096) -> bytes:
    return W.stream(rate, channels, bps, max_bs, [], 0)[8:]


def test_skipped_packets():
    dec, logs = _decoder(_streaminfo())
    assert dec.decode(b"\x7fFLAC\x01\x00\x00\x01fLaC") == []
    assert dec.decode(b"\x84\x00\x00\x10" + bytes(16)) == []      # VORBIS_COMMENT block
    assert dec.decode(const_frame()[:10]) == []
    assert logs == []


def test_inline_streaminfo_then_frames():
    dec, logs = _decoder()
    head = W.stream(8000, 2, 12, 192, [], 0)
    assert dec.decode(head) == [] and dec.consumed == len(head)
    (frame,) = dec.decode(const_frame(chan_code=9, bps=12, value=3, rate=8000))
    assert frame.sample_fmt == "s16" and frame.layout == "stereo" and frame.sample_rate == 8000
    # right/side: left = side + right; 12-bit samples shifted by 4
    assert frame.data.tolist() == [[6 << 4] * 192, [3 << 4] * 192]
    assert logs == []


def test_parameters_from_frame_headers():
    dec, logs = _decoder()
    (frame,) = dec.decode(const_frame(bps=24, value=-7, rate=96000, bps_code=6))
    assert frame.sample_fmt == "s32" and frame.sample_rate == 96000
    assert frame.data.dtype == np.int32 and set(frame.data[0].tolist()) == {-7 << 8}
    with pytest.raises(InvalidData):
        dec.decode(const_frame(bps=16, rate=96000, bps_code=4))
    assert logs == ["switching bps mid-stream is not supported\n", "decode_frame() failed\n"]


def test_missing_parameters():
    dec, logs = _decoder()
    with pytest.raises(InvalidData):
        dec.decode(const_frame(rate=44100))
    with pytest.raises(InvalidData):
        dec.decode(const_frame(bps_code=4))
    assert logs == ["bps not found in STREAMINFO or frame header\n", "decode_frame() failed\n",
                    "sample rate not found in STREAMINFO or frame header\n",
                    "decode_frame() failed\n"]


def test_block_size_above_streaminfo_and_channel_change():
    dec, logs = _decoder(_streaminfo(max_bs=192), channels=1, layout="mono")
    with pytest.raises(InvalidData):
        dec.decode(const_frame(blocksize=256, rate=44100))
    assert logs == ["blocksize 256 > 192\n", "decode_frame() failed\n"]
    (frame,) = dec.decode(const_frame(chan_code=5, rate=44100))
    assert frame.layout == "5.1(side)" and frame.data.shape == (6, 192)


def test_truncated_frame_overreads():
    data = bytearray(W.frame(0, 192, 0, [lambda b: W.verbatim(b, 16, [1] * 192)], rate=44100))
    dec, logs = _decoder(_streaminfo())
    with pytest.raises(InvalidData):
        dec.decode(bytes(data[:-10]))
    assert logs == ["overread: 1\n"]


def test_extradata_with_marker_and_too_short():
    dec, logs = _decoder(W.stream(44100, 1, 16, 4096, [], 0)[:42])
    assert dec.decode(const_frame(rate=44100))[0].data.shape == (1, 192)
    with pytest.raises(InvalidData):
        _decoder(b"fLaC" + bytes(30))
