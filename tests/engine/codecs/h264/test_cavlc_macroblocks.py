"""parse_slice_cavlc against hand-made slices: random macroblocks of every I-slice kind
(I_16x16, I_NxN with 4x4 and 8x8 transforms, I_PCM) written from the syntax of 7.3.5 with the
test-side encoder, whose expected arrays (levels in raster order, TotalCoeff per block, intra
prediction modes, QP with wrap-around, coded_block_pattern) are derived here independently:
neighbours by sample coordinates, nC by 9.2.1, predicted modes by 8.3.1.1 / 8.3.2.1."""
from __future__ import annotations

import numpy as np
import pytest

from cavlc_support import Bits, parse, write_block
from cine.engine.codecs.h264 import cavlc_tables as T
from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.tables import BLOCK_X, BLOCK_Y, ZIGZAG4, ZIGZAG8

# luma4x4BlkIdx of the 4x4 block at column x, row y (in 4x4 units) of a macroblock
AT = {(BLOCK_X[b] // 4, BLOCK_Y[b] // 4): b for b in range(16)}
KINDS = {"i16": L.KIND_I16x16, "i4": L.KIND_I4x4, "i8": L.KIND_I8x8, "pcm": L.KIND_IPCM}


class Picture:
    """Writes the slices of one picture and what the parser must make of them."""

    def __init__(self, width, height, kinds, slice_starts, rng, chroma=1, qp=50):
        self.w, self.h, self.rng, self.chroma = width, height, rng, chroma
        n = width * height
        self.e = L.picture_arrays(width, height, len(slice_starts))
        self.e["mb_slice"][:] = 0
        self.slices = []
        bounds = list(slice_starts) + [n]
        for index, (first, end) in enumerate(zip(bounds, bounds[1:])):
            bits = Bits()
            self.qp = qp
            for mb in range(first, end):
                self.e["mb_slice"][mb] = index
                self.macroblock(bits, mb, kinds[mb])
            si = np.zeros(L.SI_STRIDE, np.int32)
            si[L.SI_FIRST_MB], si[L.SI_MB_WIDTH], si[L.SI_MB_HEIGHT] = first, width, height
            si[L.SI_SLICE_QP], si[L.SI_SLICE_INDEX], si[L.SI_TRANSFORM_8X8] = qp, index, 1
            si[L.SI_CHROMA_FORMAT], si[L.SI_SLICE_TYPE] = chroma, 2
            self.slices.append((bits, si, end - first))

    def neighbour(self, mb, dx, dy):
        x, y = mb % self.w + dx, mb // self.w + dy
        if x < 0 or y < 0:
            return -1
        n = y * self.w + x
        return n if self.e["mb_slice"][n] == self.e["mb_slice"][mb] else -1

    def nc(self, mb, x, y, first, size):
        """nC of the block at (x, y) of a size x size grid of blocks whose counts sit at
        nnz[first + index] (9.2.1)."""
        at = (lambda bx, by: first + AT[(bx, by)]) if size == 4 else (
            lambda bx, by: first + 2 * by + bx)
        counts = []
        for dx, dy in ((-1, 0), (0, -1)):
            bx, by = x + dx, y + dy
            if bx >= 0 and by >= 0:
                counts.append(self.e["nnz"][mb, at(bx, by)])
            else:
                n = self.neighbour(mb, dx, dy)
                if n >= 0:
                    counts.append(self.e["nnz"][n, at(bx % size, by % size)])
        if len(counts) == 2:
            return (int(counts[0]) + int(counts[1]) + 1) >> 1
        return int(counts[0]) if counts else 0

    def coeffs(self, count):
        out = [0] * count
        for i in self.rng.choice(count, int(self.rng.integers(0, count + 1)), replace=False):
            v = int(self.rng.integers(1, int(self.rng.choice([2, 4, 30, 3000, 70000])) + 1))
            out[i] = v if self.rng.integers(2) else -v
        return out

    def mode(self, bits, mb, b, size):
        """Pick a prediction mode for the block at 4x4 block b, write its syntax."""
        x, y = BLOCK_X[b] // 4, BLOCK_Y[b] // 4
        found = []
        for dx, dy in ((-1, 0), (0, -1)):
            if x + dx >= 0 and y + dy >= 0:
                found.append(int(self.e["luma_modes"][mb, AT[(x + dx, y + dy)]]))
                continue
            n = self.neighbour(mb, dx, dy)
            if n < 0:
                found.append(None)
            elif self.e["mb_kind"][n] in (L.KIND_I4x4, L.KIND_I8x8):
                found.append(int(self.e["luma_modes"][n, AT[((x + dx) % 4, (y + dy) % 4)]]))
            else:
                found.append(2)
        pred = 2 if None in found else min(found)
        mode = pred if self.rng.integers(3) == 0 else int(self.rng.integers(0, 9))
        if mode == pred:
            bits.u(1, 1)
        else:
            bits.u(1, 0).u(3, mode if mode < pred else mode - 1)
        for k in range(size):
            self.e["luma_modes"][mb, b + k] = mode

    def block(self, bits, mb, coeffs, nc, base, places):
        total = write_block(bits, coeffs, nc)
        for j, v in enumerate(coeffs):
            self.e["coeffs"][mb, base + places[j]] = v
        return total

    def macroblock(self, bits, mb, kind):
        e, rng = self.e, self.rng
        e["mb_kind"][mb] = KINDS[kind]
        if kind == "pcm":
            bits.ue(25)
            bits.u(-len(bits) % 8, 0)
            samples = rng.integers(0, 256, 384 if self.chroma else 256)
            for v in samples:
                bits.u(8, int(v))
            e["coeffs"][mb, :samples.size] = samples
            e["nnz"][mb, :] = 16
            e["cbf_dc"][mb, :] = 1
            e["mb_cbp"][mb] = 0x2F
            return
        if kind == "i16":
            pred, cbp_c, luma = int(rng.integers(4)), int(rng.integers(3)), int(rng.integers(2))
            cbp = (cbp_c << 4) | (15 * luma)
            bits.ue(1 + pred + 4 * cbp_c + 12 * luma)
            e["mb_i16_mode"][mb] = pred
        else:
            bits.ue(0).u(1, kind == "i8")
            for b in range(0, 16, 4 if kind == "i8" else 1):
                self.mode(bits, mb, b, 4 if kind == "i8" else 1)
            cbp = int(rng.integers(48)) if self.chroma else int(rng.integers(16))
        if self.chroma:
            e["mb_chroma_mode"][mb] = int(rng.integers(4))
            bits.ue(int(e["mb_chroma_mode"][mb]))
        else:
            cbp &= 15
        if kind != "i16":
            bits.ue((T.CBP_INTRA if self.chroma else T.CBP_INTRA_MONO).index(cbp))
        e["mb_cbp"][mb] = cbp
        if cbp or kind == "i16":
            delta = int(rng.integers(-26, 26))
            bits.se(delta)
            self.qp = (self.qp + delta + 52) % 52
        e["mb_qp"][mb] = self.qp
        if kind == "i16":
            total = self.block(bits, mb, self.coeffs(16), self.nc(mb, 0, 0, 0, 4), L.COEF_LUMA_DC,
                               ZIGZAG4)
            e["cbf_dc"][mb, L.DC_LUMA] = total > 0
        for i8 in range(4):
            if not (cbp >> i8) & 1:
                continue
            if kind == "i8":
                c8 = self.coeffs(64)
                for i4 in range(4):
                    b = 4 * i8 + i4
                    sub = c8[i4::4]
                    total = write_block(bits, sub, self.nc(mb, BLOCK_X[b] // 4, BLOCK_Y[b] // 4,
                                                           0, 4))
                    e["nnz"][mb, b] = total
                for j, v in enumerate(c8):
                    e["coeffs"][mb, 64 * i8 + ZIGZAG8[j]] = v
                continue
            for b in range(4 * i8, 4 * i8 + 4):
                nc = self.nc(mb, BLOCK_X[b] // 4, BLOCK_Y[b] // 4, 0, 4)
                if kind == "i16":
                    total = self.block(bits, mb, self.coeffs(15), nc, 16 * b, ZIGZAG4[1:])
                else:
                    total = self.block(bits, mb, self.coeffs(16), nc, 16 * b, ZIGZAG4)
                e["nnz"][mb, b] = total
        if cbp >> 4:
            for c in range(2):
                total = self.block(bits, mb, self.coeffs(4), -1, L.COEF_CHROMA_DC + 4 * c,
                                   range(4))
                e["cbf_dc"][mb, L.DC_CB + c] = total > 0
        if cbp >> 4 == 2:
            for c in range(2):
                for k in range(4):
                    nc = self.nc(mb, k & 1, k >> 1, L.NNZ_CB + 4 * c, 2)
                    e["nnz"][mb, L.NNZ_CB + 4 * c + k] = self.block(
                        bits, mb, self.coeffs(15), nc, L.COEF_CHROMA_AC + 64 * c + 16 * k,
                        ZIGZAG4[1:])


def _check(pic: Picture, got=None):
    got = L.picture_arrays(pic.w, pic.h, len(pic.slices)) if got is None else got
    for bits, si, count in pic.slices:
        rbsp, end = bits.rbsp()
        assert parse(got, rbsp, 0, end, si) == count
    for key in ("mb_kind", "mb_slice", "mb_qp", "mb_cbp", "mb_i16_mode", "mb_chroma_mode",
                "luma_modes", "nnz", "cbf_dc", "coeffs"):
        assert (got[key] == pic.e[key]).all(), key


LAYOUT = ["i16", "i4", "i8", "pcm", "i8", "i4", "i4", "i16", "i8"]


@pytest.mark.parametrize("seed", range(12))
def test_one_slice(seed):
    rng = np.random.default_rng(seed)
    _check(Picture(3, 3, LAYOUT, [0], rng))


@pytest.mark.parametrize("seed", range(6))
def test_three_slices(seed):
    rng = np.random.default_rng(100 + seed)
    kinds = [str(k) for k in rng.choice(["i16", "i4", "i8", "pcm"], 12, p=[.3, .3, .3, .1])]
    _check(Picture(4, 3, kinds, [0, 2, 7], rng, qp=int(rng.integers(52))))


def test_macroblocks_decoded_again_start_afresh():
    """Rows of macroblocks that were decoded before (a second slice over them, or arrays used
    again) are cleared first; rows never decoded are taken to be zero."""
    rng = np.random.default_rng(300)
    first = Picture(3, 3, LAYOUT, [0], rng)
    arrays = L.picture_arrays(3, 3, 1)
    _check(first, arrays)
    _check(Picture(3, 3, LAYOUT[::-1], [0], rng), arrays)


@pytest.mark.parametrize("seed", range(4))
def test_monochrome(seed):
    rng = np.random.default_rng(200 + seed)
    _check(Picture(3, 3, LAYOUT, [0, 5], rng, chroma=0))


def test_invalid_macroblock_syntax():
    si = np.zeros(L.SI_STRIDE, np.int32)
    si[L.SI_MB_WIDTH], si[L.SI_MB_HEIGHT], si[L.SI_SLICE_QP] = 2, 1, 26
    si[L.SI_CHROMA_FORMAT], si[L.SI_SLICE_TYPE] = 1, 2

    def run(bits):
        rbsp, end = bits.rbsp()
        return parse(L.picture_arrays(2, 1, 1), rbsp, 0, end, si)
    i16 = Bits().ue(1).ue(0).se(0).coeff_token(0, 0, 0)     # I_16x16, no residual
    assert run(Bits(i16.bits[:])) == 1
    assert run(Bits().ue(26)) == L.ERR_BITSTREAM                       # mb_type
    assert run(Bits().ue(1).ue(4)) == L.ERR_BITSTREAM                  # intra_chroma_pred_mode
    assert run(Bits().ue(0).u(16, 0xFFFF).ue(0).ue(48)) == L.ERR_BITSTREAM   # cbp codeNum
    # mb_qp_delta: like the reference, anything that one wrap-around brings into 0..51
    assert run(Bits().ue(1).ue(0).se(78)) == L.ERR_BITSTREAM           # 26 + 78 > 103
    assert run(Bits().ue(1).ue(0).se(-79)) == L.ERR_BITSTREAM
    wide = Bits().ue(1).ue(0).se(77).coeff_token(0, 0, 0)
    wide.bits.extend(Bits().ue(1).ue(0).se(-78).coeff_token(0, 0, 0).bits)
    rbsp, end = wide.rbsp()
    arrays = L.picture_arrays(2, 1, 1)
    assert parse(arrays, rbsp, 0, end, si) == 2
    assert list(arrays["mb_qp"]) == [51, 25]                          # 103 - 52, -27 + 52
    three = Bits(i16.bits * 3)
    assert run(three) == L.ERR_BITSTREAM                               # past the picture
    assert run(Bits(i16.bits[:-1])) == L.ERR_BITSTREAM                 # cut short
