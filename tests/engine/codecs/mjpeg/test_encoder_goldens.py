"""The JPEG encoder against the reference's JPEGs of synthetic pictures (goldens made by
make_goldens.py with FFmpeg 5.1.9): every case must be byte-identical (same size and MD5),
with -q:v and with the rate control of sequences without it."""
from __future__ import annotations

import pytest

from cine.engine.codecs.mjpeg.encoder import MjpegEncoder

from mjpeg_support import (RC_SEQUENCES, encode, golden_cases, md5, rc_golden_cases,
                           rc_sequence, synthetic_frame)

CASES = list(golden_cases())


def test_goldens_cover_formats_and_modes():
    assert len(CASES) >= 200
    assert {c[3] for c in CASES} == {"yuvj420p", "yuvj422p", "yuvj444p"}
    assert {c[5] for c in CASES} == {"optimal", "default"}


@pytest.mark.parametrize("pattern,w,h,pix_fmt,q,huffman,size,digest", CASES,
                         ids=["-".join(map(str, c[:6])) for c in CASES])
def test_identical_to_reference(pattern, w, h, pix_fmt, q, huffman, size, digest):
    data = encode(synthetic_frame(pattern, w, h, pix_fmt), float(q), huffman)
    assert (len(data), md5(data)) == (size, digest)


RC_CASES = list(rc_golden_cases())


@pytest.mark.parametrize("name", sorted({c[0] for c in RC_CASES}))
def test_rate_control_identical_to_reference(name):
    """Without -q:v every picture of the sequence gets the reference's qscale and bytes."""
    _, w, h, rate, n = RC_SEQUENCES[name]
    expected = [(size, digest) for seq, _, size, digest in RC_CASES if seq == name]
    assert len(expected) == n
    enc = MjpegEncoder(w, h, "yuvj420p", None, time_base=(1, rate))
    got = [(len(d), md5(d)) for d in (enc.encode(f) for f in rc_sequence(name))]
    assert got == expected
