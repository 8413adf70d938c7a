"""MjpegEncoder's API: quality mapping, header segments, argument checks, speed."""
from __future__ import annotations

import errno

import numpy as np
import pytest

from cine.engine.codecs.mjpeg.encoder import MjpegEncoder, qscale_from_quality, quant_matrix
from cine.engine.errors import CineError
from cine.engine.frame import VideoFrame

from mjpeg_support import synthetic_frame


def _markers(data: bytes) -> list[int]:
    out, i = [], 2
    while data[i + 1] != 0xDA:
        out.append(data[i + 1])
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return out + [0xDA]


@pytest.mark.parametrize("q,qscale", [(0, 2), (1, 2), (2, 2), (2.4, 2), (2.5, 3), (3, 3),
                                      (31, 31), (40, 31)])
def test_quality_to_qscale(q, qscale):
    # seen with the reference: -q:v 0, 1 and 2 give the same file, 2.5 that of 3, 40 that of 31
    assert qscale_from_quality(q) == qscale


def test_quant_matrix_scaling():
    assert quant_matrix(2)[:4] == (8, 4, 4, 5)
    assert quant_matrix(31)[63] == 255 and quant_matrix(31)[0] == 8


def test_segment_order():
    f = synthetic_frame("mixed", 40, 30, "yuvj420p")
    data = MjpegEncoder(40, 30, "yuvj420p", 2, sar=(1, 1)).encode(f)
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    assert _markers(data) == [0xE0, 0xFE, 0xDB, 0xC4, 0xC0, 0xDA]
    assert data[6:20] == b"JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00"
    assert b"Lavc59.37.100\x00" in data
    plain = MjpegEncoder(40, 30, "yuvj420p", 2, bitexact=True).encode(f)
    assert _markers(plain) == [0xDB, 0xC4, 0xC0, 0xDA]


def test_large_aspect_ratio_is_reduced():
    f = synthetic_frame("flat", 8, 8, "yuvj420p")
    data = MjpegEncoder(8, 8, "yuvj420p", 2, sar=(100000, 3)).encode(f)
    num, den = int.from_bytes(data[14:16], "big"), int.from_bytes(data[16:18], "big")
    assert (num, den) == (33333, 1)          # av_reduce to terms <= 65535


def test_limited_range_needs_unofficial_strictness():
    with pytest.raises(CineError) as e:
        MjpegEncoder(16, 16, "yuv420p", 2)
    assert e.value.code == -errno.EINVAL and "Non full-range YUV" in str(e.value)
    with pytest.raises(CineError):
        MjpegEncoder(16, 16, "yuvj420p", 2, color_range="tv")
    f = synthetic_frame("mixed", 16, 16, "yuvj420p")
    f.pix_fmt = "yuv420p"
    assert b"CS=ITU601\x00" in MjpegEncoder(16, 16, "yuv420p", 2, strict=-1).encode(f)


@pytest.mark.parametrize("args", [(0, 16, "yuvj420p"), (65501, 16, "yuvj420p"),
                                  (16, 16, "rgb24"), (16, 16, "gray")])
def test_rejected_settings(args):
    with pytest.raises(CineError):
        MjpegEncoder(*args, 2)


def test_rejected_frames():
    enc = MjpegEncoder(16, 16, "yuvj420p", 2)
    with pytest.raises(CineError):
        enc.encode(synthetic_frame("flat", 16, 8, "yuvj420p"))
    small = VideoFrame((np.zeros((16, 16), np.uint8), np.zeros((4, 8), np.uint8),
                        np.zeros((8, 8), np.uint8)), 16, 16, "yuvj420p")
    with pytest.raises(CineError):
        enc.encode(small)
    wrong_type = VideoFrame((np.zeros((16, 16), np.int16),) + small.planes[1:], 16, 16,
                            "yuvj420p")
    with pytest.raises(CineError):
        enc.encode(wrong_type)


def test_readonly_and_strided_planes():
    f = synthetic_frame("mixed", 48, 32, "yuvj420p")
    expected = MjpegEncoder(48, 32, "yuvj420p", 2).encode(f)
    wide = [np.zeros((p.shape[0], p.shape[1] + 5), np.uint8) for p in f.planes]
    for w, p in zip(wide, f.planes):
        w[:, :p.shape[1]] = p
        w.flags.writeable = False
    views = tuple(w[:, :p.shape[1]] for w, p in zip(wide, f.planes))
    g = VideoFrame(views, 48, 32, "yuvj420p")
    assert MjpegEncoder(48, 32, "yuvj420p", 2).encode(g) == expected


def test_640x360_encodes_the_same_twice():
    # one encoder, two pictures: nothing of the first picture leaks into the second (the
    # speed of a 640x360 encode is bench/keyframes.py's to measure, not a unit test's)
    f = synthetic_frame("mixed", 640, 360, "yuvj420p")
    enc = MjpegEncoder(640, 360, "yuvj420p", 2)
    first = enc.encode(f)
    assert enc.encode(f) == first == MjpegEncoder(640, 360, "yuvj420p", 2).encode(f)
    assert first[:2] == b"\xff\xd8" and first[-2:] == b"\xff\xd9"


def test_reference_warnings_go_to_the_log():
    from cine.engine.log import WARNING, Logger
    seen = []
    log = Logger("mjpeg", lambda comp, level, msg: seen.append((comp, level, msg)))
    enc = MjpegEncoder(8, 8, "yuvj420p", None, time_base=(30, 1), sar=(100001, 3), log=log)
    enc.encode(synthetic_frame("flat", 8, 8, "yuvj420p"))
    assert seen == [
        ("mjpeg", WARNING, "bitrate tolerance 4000000 too small for bitrate 200000, overriding\n"),
        ("mjpeg", WARNING, "Cannot store exact aspect ratio 100001:3\n")]
