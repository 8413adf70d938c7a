"""transform_jit against the standard's equations (h264_intra_oracle): scaling for every qP
(the qP < 24 / < 36 rounding forms included), the 4x4 and 8x8 inverse transforms with the
addition to the prediction, and the Intra_16x16 and chroma DC transforms, on random and
extreme levels."""
from __future__ import annotations

import random

import pytest

np = pytest.importorskip("numpy")

from cine.engine.codecs.h264.quant import level_scales  # noqa: E402
from cine.engine.codecs.h264.tables import ZIGZAG4, ZIGZAG8  # noqa: E402

from . import h264_intra_oracle as o  # noqa: E402
from . import h264_kernel_entries as tj  # noqa: E402


def weights(rng, n):
    return tuple(rng.randrange(1, 256) for _ in range(n))


def raster(zz, scan):
    out = [0] * len(scan)
    for pos, r in enumerate(scan):
        out[r] = zz[pos]
    return out


def tables(rng):
    """Random custom lists: (levelscale4, levelscale8, raster weights of lists 0..7)."""
    lists = [weights(rng, 16) for _ in range(6)] + [weights(rng, 64) for _ in range(2)]
    ls4, ls8 = level_scales(lists, None)
    return ls4, ls8, [raster(v, ZIGZAG4 if i < 6 else ZIGZAG8) for i, v in enumerate(lists)]


def levels(rng, n, lim):
    kind = rng.randrange(4)
    if kind == 0:      # sparse small
        return [rng.choice((0, 0, 0, 1, -1, 2, -3)) for _ in range(n)]
    if kind == 1:      # extremes
        return [rng.choice((lim, -lim, 0)) for _ in range(n)]
    return [rng.randrange(-lim, lim + 1) for _ in range(n)]


def mat(flat, n):
    return [list(flat[n * i:n * i + n]) for i in range(n)]


def prediction(rng, n):
    kind = rng.randrange(3)
    if kind == 0:
        return [[128] * n for _ in range(n)]
    return [[rng.randrange(256) for _ in range(n)] for _ in range(n)]


def onto(pred, res):
    return [[o.clip1(p + r) for p, r in zip(prow, rrow)] for prow, rrow in zip(pred, res)]


def plane_with(pred, x0, y0):
    P = np.full((20, 24), 77, np.uint8)
    n = len(pred)
    P[y0:y0 + n, x0:x0 + n] = pred
    return P


def check_plane(P, want, x0, y0):
    n = len(want)
    assert P[y0:y0 + n, x0:x0 + n].tolist() == want
    P[y0:y0 + n, x0:x0 + n] = 77
    assert (P == 77).all()


def test_residual4x4_every_qp():
    rng = random.Random(11)
    ls4, _, w = tables(rng)
    flat4, _ = level_scales(None, None)
    for qp in range(52):
        for trial in range(30):
            lst = rng.randrange(6)
            table, wr = (ls4, w[lst]) if trial % 2 else (flat4, [16] * 16)
            lv = levels(rng, 16, 2000 if qp < 30 else 60)
            has_dc = trial % 3 == 0
            dc = rng.randrange(-4000, 4000)
            c = mat(lv, 4)
            if has_dc:
                c[0][0] = dc
            d = o.scale4x4(c, o.level_scale4(wr, qp % 6), qp, has_dc)
            pred = prediction(rng, 4)
            x0, y0 = rng.randrange(21), rng.randrange(17)
            P = plane_with(pred, x0, y0)
            assert tj.residual4x4(np.array(lv, np.int32), table, lst, qp, dc, int(has_dc), P, x0, y0) == 0
            check_plane(P, onto(pred, o.idct4x4(d)), x0, y0)


def test_residual8x8_every_qp():
    rng = random.Random(12)
    _, ls8, w = tables(rng)
    _, flat8 = level_scales(None, None)
    for qp in range(52):
        for trial in range(8):
            lst = rng.randrange(2)
            table, wr = (ls8, w[6 + lst]) if trial % 2 else (flat8, [16] * 64)
            lv = levels(rng, 64, 1000 if qp < 36 else 40)
            d = o.scale8x8(mat(lv, 8), o.level_scale8(wr, qp % 6), qp)
            pred = prediction(rng, 8)
            x0, y0 = rng.randrange(17), rng.randrange(13)
            P = plane_with(pred, x0, y0)
            assert tj.residual8x8(np.array(lv, np.int32), table, lst, qp, P, x0, y0) == 0
            check_plane(P, onto(pred, o.idct8x8(d)), x0, y0)


def test_small_residuals_exactly():
    """Levels small enough that no sample clips: the residual itself is checked."""
    rng = random.Random(15)
    flat4, flat8 = level_scales(None, None)
    for qp in range(0, 30):
        for _ in range(20):
            lv = [rng.randrange(-3, 4) for _ in range(16)]
            d = o.scale4x4(mat(lv, 4), o.level_scale4([16] * 16, qp % 6), qp, False)
            res = o.idct4x4(d)
            P = plane_with([[128] * 4] * 4, 0, 0)
            assert tj.residual4x4(np.array(lv, np.int32), flat4, 0, qp, 0, 0, P, 0, 0) == 0
            assert all(abs(r) < 128 for row in res for r in row)
            assert (P[:4, :4].astype(int) - 128).tolist() == res


def test_dc_only_blocks_are_flat():
    """A block with only d00 has every residual sample (d00 + 32) >> 6 (the shortcut the
    reconstruction takes for blocks without AC levels)."""
    flat4, _ = level_scales(None, None)
    for dc in list(range(-300, 300, 7)) + [-65536, 65535, 12345]:
        P = plane_with([[128] * 4] * 4, 3, 2)
        assert tj.residual4x4(np.zeros(16, np.int32), flat4, 0, 30, dc, 1, P, 3, 2) == 0
        check_plane(P, [[o.clip1(128 + ((dc + 32) >> 6))] * 4] * 4, 3, 2)


def test_luma_dc_every_qp():
    rng = random.Random(13)
    ls4, _, w = tables(rng)
    out = np.zeros(16, np.int32)
    for qp in range(52):
        for trial in range(20):
            lv = levels(rng, 16, 2000 if qp < 20 else 100)
            want = o.luma_dc(mat(lv, 4), o.level_scale4(w[0], qp % 6)[0][0], qp)
            assert tj.dc_transform(np.array(lv, np.int32), ls4, 0, qp, 0, out) == 0
            assert out.tolist() == sum(want, []), (qp, lv)
            # the same value as the FFmpeg-style single rounding: (f * LS << (qP/6 + 2) + 128) >> 8
            f = o._mat(o._mat([[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]], mat(lv, 4)),
                       [[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]])
            ls00 = int(ls4[0, qp % 6, 0])
            assert out.tolist() == [(v * (ls00 << (qp // 6 + 2)) + 128) >> 8 for v in sum(f, [])]


def test_chroma_dc_every_qp():
    rng = random.Random(14)
    ls4, _, w = tables(rng)
    out = np.zeros(4, np.int32)
    for qp in range(52):
        for lst in (1, 2):
            for trial in range(20):
                lv = levels(rng, 4, 3000 if qp < 20 else 200)
                want = o.chroma_dc(mat(lv, 2), o.level_scale4(w[lst], qp % 6)[0][0], qp)
                assert tj.dc_transform(np.array(lv, np.int32), ls4, lst, qp, 1, out) == 0
                assert out.tolist() == sum(want, []), (qp, lv)


def test_bad_arguments_are_refused():
    flat4, flat8 = level_scales(None, None)
    out = np.zeros(64, np.int32)
    z = np.zeros(64, np.int32)
    P = np.zeros((16, 16), np.uint8)
    assert tj.residual4x4(z, flat4, 0, 52, 0, 0, P, 0, 0) == -1
    assert tj.residual4x4(z, flat4, 6, 20, 0, 0, P, 0, 0) == -1
    assert tj.residual4x4(z[:15], flat4, 0, 20, 0, 0, P, 0, 0) == -1
    assert tj.residual4x4(z, flat4, 0, 20, 0, 0, P, 13, 0) == -1
    assert tj.residual8x8(z, flat8, 2, 20, P, 0, 0) == -1
    assert tj.residual8x8(z, flat8, 0, 20, P, 0, -1) == -1
    assert tj.dc_transform(z, flat4, 0, -1, 0, out) == -1
