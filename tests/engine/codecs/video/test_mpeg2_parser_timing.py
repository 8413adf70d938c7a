"""The MPEG-1/2 video parser's timing (codecs/mpeg2video/parser_timing.py): frame rate from
the sequence header and extension, ticks_per_frame, repeat_pict from the picture coding
extension, and the frame duration compute_frame_duration derives from them."""
from __future__ import annotations

import pytest

from cine.engine.codecs.mpeg2video.parser_timing import MpegVideoTiming


def _seq(rate_code: int) -> bytes:
    # 352x288, aspect 1, frame_rate_code, bit_rate, marker, vbv, flags
    return b"\x00\x00\x01\xb3" + bytes((0x16, 0x01, 0x20, 0x10 | rate_code, 0xFF, 0xFF, 0xE0, 0x00))


def _seq_ext(progressive: bool, ext_n: int = 0, ext_d: int = 0) -> bytes:
    b1 = 0x44 | (0x08 if progressive else 0)        # profile/level, progressive_sequence, 4:2:0
    return b"\x00\x00\x01\xb5" + bytes((0x14, b1, 0x00, 0x01, 0x00, (ext_n << 5) | ext_d))


def _pic_ext(tff: bool, rff: bool, progressive_frame: bool) -> bytes:
    b3 = (0x80 if tff else 0) | (0x02 if rff else 0)
    return b"\x00\x00\x01\xb5" + bytes((0x8F, 0xFF, 0xF3, b3, 0x80 if progressive_frame else 0))


SLICE = b"\x00\x00\x01\x01\x22\x33"


def test_mpeg1_frame():
    t = MpegVideoTiming()
    t.parse(_seq(3) + b"\x00\x00\x01\x00\x00\x0f\xff\xf8" + SLICE)
    assert (t.framerate, t.ticks, t.repeat_pict) == ((25, 1), 1, 0)
    assert t.frame_duration() == (1, 25)


@pytest.mark.parametrize("prog_seq,tff,rff,pf,repeat,dur", [
    (False, False, False, False, 1, (1, 25)),
    (False, True, True, True, 2, (3, 50)),         # a progressive frame showing 3 fields
    (False, True, True, False, 1, (1, 25)),         # interlaced: no repeat counted
    (True, True, True, True, 5, (3, 25)),           # progressive sequence: frame tripling
    (True, False, True, True, 3, (2, 25)),          # ... doubling
])
def test_mpeg2_repeat_pict(prog_seq, tff, rff, pf, repeat, dur):
    t = MpegVideoTiming()
    t.parse(_seq(3) + _seq_ext(prog_seq) + b"\x00\x00\x01\x00\x00\x0f\xff\xf8"
            + _pic_ext(tff, rff, pf) + SLICE)
    assert (t.framerate, t.ticks, t.repeat_pict) == ((25, 1), 2, repeat)
    assert t.frame_duration() == dur


def test_rate_extension_and_persistence():
    t = MpegVideoTiming()
    t.parse(_seq(4) + _seq_ext(False, ext_n=1, ext_d=0) + SLICE)
    assert t.framerate == (60000, 1001)
    # a later frame without headers keeps the rate; repeat_pict resets
    t.parse(b"\x00\x00\x01\x00\x00\x0f\xff\xf8" + SLICE)
    assert t.framerate == (60000, 1001) and t.repeat_pict == 0
    assert t.frame_duration() == (1001, 120000)


def test_headers_after_the_first_slice_are_not_read():
    t = MpegVideoTiming()
    t.parse(SLICE + _seq(3))
    assert t.framerate == (0, 0) and t.frame_duration() is None
