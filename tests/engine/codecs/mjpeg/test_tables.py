"""The encoder's constant tables against the spec, the formulas they come from, and the
reference's own DQT/DHT segments (goldens/headers.txt, made by make_goldens.py)."""
from __future__ import annotations

import math
import os

from cine.engine.codecs.mjpeg import headers
from cine.engine.codecs.mjpeg import tables as T
from cine.engine.codecs.mjpeg.encoder import quant_matrix

from mjpeg_support import HERE


def _reference_segments() -> dict[str, bytes]:
    out = {}
    with open(os.path.join(HERE, "goldens", "headers.txt")) as f:
        for line in f:
            if not line.startswith("#"):
                name, hexdata = line.split()
                out[name] = bytes.fromhex(hexdata)
    return out


def test_zigzag_is_the_t81_order():
    assert sorted(T.ZIGZAG) == list(range(64))
    assert T.ZIGZAG[:10] == (0, 1, 8, 16, 9, 2, 3, 10, 17, 24)      # T.81 Figure 5
    assert T.ZIGZAG[-4:] == (47, 55, 62, 63)
    diag = [r // 8 + r % 8 for r in T.ZIGZAG]
    assert diag == sorted(diag)


def test_dqt_matches_reference_at_qscale_8():
    # at qscale 8 the written matrix is the MPEG-1 default intra matrix itself
    assert quant_matrix(8) == T.MPEG1_INTRA_MATRIX
    assert headers.quant_tables([quant_matrix(8)]) == _reference_segments()["dqt_q8"]


def test_standard_huffman_tables_match_reference_dht():
    assert [len(v) for _, v in T.STANDARD_HUFFMAN] == [12, 12, 162, 162]
    for bits, vals in T.STANDARD_HUFFMAN:
        assert sum(bits) == len(vals) == len(set(vals))
        assert sum(n * 2.0 ** -(i + 1) for i, n in enumerate(bits)) < 1   # no all-ones code
    assert headers.huffman_tables(T.STANDARD_HUFFMAN) == _reference_segments()["dht_default"]


def test_fdct_constants_follow_their_formulas():
    assert T.FDCT_TAN1 == round(math.tan(math.pi / 16) * 65536)
    assert T.FDCT_TAN2 == round(math.tan(2 * math.pi / 16) * 65536)
    assert T.FDCT_TAN3M1 == round((math.tan(3 * math.pi / 16) - 1) * 65536)
    assert T.FDCT_COS4 == round(math.cos(math.pi / 4) * 32768)
    for m, row in zip((4, 1, 2, 3), T.FDCT_ROW_COS):
        assert row == tuple(round(32768 * math.cos(k * math.pi / 16) * math.cos(m * math.pi / 16))
                            for k in range(1, 8))
    assert T.FDCT_ROW_SET == (0, 1, 2, 3, 0, 3, 2, 1)
