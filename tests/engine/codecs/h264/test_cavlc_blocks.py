"""residual_block_cavlc (9.2) inside parse_slice_cavlc, on one-macroblock slices whose first
8x8 quadrant carries hand-made 4x4 blocks: a worked example from the standard's tables,
random blocks (every TotalCoeff, level escapes of level_prefix 14, 15 and 16+, long runs,
every nC table through the neighbouring blocks' counts) written by the test-side encoder of
cavlc_support, and invalid blocks."""
from __future__ import annotations

import numpy as np
import pytest

from cavlc_support import Bits, parse, write_block
from cine.engine.codecs.h264 import cavlc_tables as T
from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.tables import ZIGZAG4


def _slice(blocks: list[Bits]):
    """An I_NxN macroblock (all modes predicted, no chroma) whose blocks 0..3 are `blocks`."""
    bits = Bits().ue(0).u(16, 0xFFFF).ue(0).ue(T.CBP_INTRA.index(1)).se(0)
    for b in blocks:
        bits.bits.extend(b.bits)
    rbsp, end = bits.rbsp()
    si = np.zeros(L.SI_STRIDE, np.int32)
    si[L.SI_MB_WIDTH], si[L.SI_MB_HEIGHT], si[L.SI_SLICE_QP] = 1, 1, 26
    si[L.SI_CHROMA_FORMAT], si[L.SI_SLICE_TYPE] = 1, 2
    arrays = L.picture_arrays(1, 1, 1)
    return parse(arrays, rbsp, 0, end, si), arrays


def _encode(block_coeffs):
    """Blocks 0..3 of the first quadrant, each in the table its neighbours select."""
    out, totals = [], []
    for b, coeffs in enumerate(block_coeffs):
        # block 1's left and block 2's upper neighbour is block 0; block 3 has 1 and 2
        nc = (0, totals[0] if b else 0, totals[0] if b > 1 else 0,
              (totals[1] + totals[2] + 1) >> 1 if b == 3 else 0)[b]
        bits = Bits()
        totals.append(write_block(bits, coeffs, nc))
        out.append(bits)
    return out, totals


def _raster(coeffs):
    out = [0] * 16
    for k, v in enumerate(coeffs):
        out[ZIGZAG4[k]] = v
    return out


def test_worked_example():
    # coefficients 0 3 0 1 -1 -1 0 1 in scan order: coeff_token (TrailingOnes 3, TotalCoeff 5)
    # 0000100, signs 011, levels +1 "1" and +3 "0010", total_zeros 3 "111", runs 10 1 1 01;
    # blocks 1 and 2 (nC 5) and 3 (nC 0) are empty
    got, arrays = _slice([Bits().code("0000100 011 1 0010 111 10 1 1 01"),
                          Bits().code("1111"), Bits().code("1111"), Bits().code("1")])
    assert got == 1
    assert list(arrays["coeffs"][0, :16]) == [0, 3, -1, 0, 0, -1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert list(arrays["nnz"][0, :4]) == [5, 0, 0, 0]
    assert not arrays["coeffs"][0, 16:].any()


def _random_block(rng):
    coeffs = [0] * 16
    scale = int(rng.choice([1, 2, 4, 16, 40, 300, 5000, 70000]))
    for i in rng.choice(16, int(rng.integers(0, 17)), replace=False):
        v = int(rng.integers(1, scale + 1))
        coeffs[i] = v if rng.integers(2) else -v
    return coeffs


@pytest.mark.parametrize("seed", range(8))
def test_random_blocks(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        blocks = [_random_block(rng) for _ in range(4)]
        encoded, totals = _encode(blocks)
        got, arrays = _slice(encoded)
        assert got == 1, blocks
        for b in range(4):
            assert list(arrays["coeffs"][0, 16 * b:16 * b + 16]) == _raster(blocks[b]), blocks
        assert list(arrays["nnz"][0, :4]) == totals


def test_invalid_blocks():
    empty = [Bits().code("1")] * 3
    # the unused coeff_token code of the 0 <= nC < 2 table
    assert _slice([Bits().code("0000 0000 0000 0001")] + empty)[0] == L.ERR_BITSTREAM
    # run_before larger than zerosLeft (total_zeros 11, then the zerosLeft > 6 table's 14)
    bits = Bits().coeff_token(0, 2, 2).u(2, 0).code("0000 11").code("0000 0000 001")
    assert _slice([bits] + empty)[0] == L.ERR_BITSTREAM
    # level_prefix beyond 28
    bits = Bits().coeff_token(0, 0, 1).u(30, 0).u(1, 1).u(27, 0)
    assert _slice([bits] + empty)[0] == L.ERR_BITSTREAM
    # level_prefix 28 with its 25-bit suffix is still a level: levelCode
    # 15 + 5 + 15 + (1 << 25) - 4096, plus 2 (first level, fewer than 3 trailing ones), odd
    bits = Bits().coeff_token(0, 0, 1).u(28, 0).u(1, 1).u(25, 5).code("0000 0000 1")
    got, arrays = _slice([bits] + empty)
    assert got == 1
    assert arrays["coeffs"][0, 15] == -((15 + 5 + 15 + (1 << 25) - 4096 + 2 + 1) >> 1)


def test_total_zeros_beyond_an_ac_block():
    # I_16x16 with luma AC: an empty DC block, then an AC block of TotalCoeff 1 whose
    # total_zeros 15 puts it at coefficient 16 of 15
    bits = Bits().ue(13).ue(0).se(0).code("1").coeff_token(0, 1, 1).u(1, 0).code("0000 0000 1")
    bits.bits.extend(Bits().code("1").bits * 15)
    rbsp, end = bits.rbsp()
    si = np.zeros(L.SI_STRIDE, np.int32)
    si[L.SI_MB_WIDTH], si[L.SI_MB_HEIGHT], si[L.SI_SLICE_QP] = 1, 1, 26
    si[L.SI_CHROMA_FORMAT], si[L.SI_SLICE_TYPE] = 1, 2
    assert parse(L.picture_arrays(1, 1, 1), rbsp, 0, end, si) == L.ERR_BITSTREAM
