"""quant.level_scales: Table 7-2's fall-back rules, the default lists (Table 7-3/7-4), and
LevelScale = weightScale * normAdjust (8.5.9)."""
from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from cine.engine.codecs.h264 import quant  # noqa: E402
from cine.engine.codecs.h264.tables import ZIGZAG4, ZIGZAG8  # noqa: E402

from .h264_intra_oracle import level_scale4, level_scale8  # noqa: E402

# Table 7-3 / 7-4 transcribed a second time, as the standard's matrices (row by row), to
# cross-check the zig-zag-ordered lists of quant.py
DEFAULT4_RASTER = {
    "intra": (6, 13, 20, 28, 13, 20, 28, 32, 20, 28, 32, 37, 28, 32, 37, 42),
    "inter": (10, 14, 20, 24, 14, 20, 24, 27, 20, 24, 27, 30, 24, 27, 30, 34),
}
DEFAULT8_RASTER = {
    "intra": (6, 10, 13, 16, 18, 23, 25, 27, 10, 11, 16, 18, 23, 25, 27, 29,
              13, 16, 18, 23, 25, 27, 29, 31, 16, 18, 23, 25, 27, 29, 31, 33,
              18, 23, 25, 27, 29, 31, 33, 36, 23, 25, 27, 29, 31, 33, 36, 38,
              25, 27, 29, 31, 33, 36, 38, 40, 27, 29, 31, 33, 36, 38, 40, 42),
    "inter": (9, 13, 15, 17, 19, 21, 22, 24, 13, 13, 17, 19, 21, 22, 24, 25,
              15, 17, 19, 21, 22, 24, 25, 27, 17, 19, 21, 22, 24, 25, 27, 28,
              19, 21, 22, 24, 25, 27, 28, 30, 21, 22, 24, 25, 27, 28, 30, 32,
              22, 24, 25, 27, 28, 30, 32, 33, 24, 25, 27, 28, 30, 32, 33, 35),
}


def raster(zigzag_values, scan):
    out = [0] * len(scan)
    for pos, r in enumerate(scan):
        out[r] = zigzag_values[pos]
    return out


def test_defaults_match_the_standard_matrices():
    assert raster(quant.DEFAULT_4X4_INTRA, ZIGZAG4) == list(DEFAULT4_RASTER["intra"])
    assert raster(quant.DEFAULT_4X4_INTER, ZIGZAG4) == list(DEFAULT4_RASTER["inter"])
    assert raster(quant.DEFAULT_8X8_INTRA, ZIGZAG8) == list(DEFAULT8_RASTER["intra"])
    assert raster(quant.DEFAULT_8X8_INTER, ZIGZAG8) == list(DEFAULT8_RASTER["inter"])


def expected_tables(lists_raster):
    ls4 = np.array([[sum(level_scale4(lists_raster[k], m), []) for m in range(6)] for k in range(6)])
    ls8 = np.array([[sum(level_scale8(lists_raster[6 + k], m), []) for m in range(6)] for k in range(2)])
    return ls4, ls8


def check(sps, pps, zigzag_lists):
    lists_raster = [raster(v, ZIGZAG4 if i < 6 else ZIGZAG8) for i, v in enumerate(zigzag_lists)]
    ls4, ls8 = quant.level_scales(sps, pps)
    e4, e8 = expected_tables(lists_raster)
    assert ls4.dtype == np.int32 and ls4.shape == (6, 6, 16)
    assert ls8.dtype == np.int32 and ls8.shape == (2, 6, 64)
    assert (ls4 == e4).all() and (ls8 == e8).all()


FLAT = [(16,) * 16] * 6 + [(16,) * 64] * 2
D = [quant.DEFAULT_4X4_INTRA] * 3 + [quant.DEFAULT_4X4_INTER] * 3 + [quant.DEFAULT_8X8_INTRA,
                                                                     quant.DEFAULT_8X8_INTER]


def custom(n, seed):
    return tuple((seed * 7 + 3 * k) % 250 + 1 for k in range(n))


def test_flat_when_no_matrix():
    check(None, None, FLAT)
    ls4, _ = quant.level_scales(None, None)
    assert ls4[0, 0].tolist() == [160, 208, 160, 208, 208, 256, 208, 256, 160, 208, 160, 208, 208, 256, 208, 256]


def test_sps_rule_a():
    check([None] * 8, None, D)
    check([None] * 6, None, D)          # shorter sequence: the rest absent
    a, b = custom(16, 1), custom(64, 2)
    sps = [a, None, "default", None, custom(16, 3), None, b, None]
    want = [a, a, quant.DEFAULT_4X4_INTRA, quant.DEFAULT_4X4_INTER, custom(16, 3), custom(16, 3), b,
            quant.DEFAULT_8X8_INTER]
    check(sps, None, want)


def test_pps_rule_b_uses_the_sps_lists():
    a, b, c = custom(16, 4), custom(16, 5), custom(64, 6)
    sps = [a, b, None, None, None, None, c, None]
    sps_eff = [a, b, b, quant.DEFAULT_4X4_INTER, quant.DEFAULT_4X4_INTER, quant.DEFAULT_4X4_INTER, c,
               quant.DEFAULT_8X8_INTER]
    check(sps, None, sps_eff)
    e = custom(16, 7)
    pps = [None, e, None, "default", None, None]    # no 8x8 lists (transform_8x8_mode 0)
    want = [a, e, e, quant.DEFAULT_4X4_INTER, quant.DEFAULT_4X4_INTER, quant.DEFAULT_4X4_INTER, c,
            quant.DEFAULT_8X8_INTER]
    check(sps, pps, want)


def test_pps_rule_a_when_the_sps_has_no_matrix():
    e = custom(16, 8)
    pps = [None, None, None, e, None, None, None, None]
    want = list(D)
    want[3:6] = [e, e, e]
    check(None, pps, want)


def test_malformed_lists_raise():
    with pytest.raises(ValueError):
        quant.level_scales([(16,) * 15] + [None] * 7, None)
    with pytest.raises(ValueError):
        quant.level_scales([(0,) * 16] + [None] * 7, None)
    with pytest.raises(ValueError):
        quant.level_scales(["flat"] + [None] * 7, None)
