"""recon_jit.reconstruct_slice on whole random pictures (every macroblock kind, several
slices, custom scaling lists, random QPs and chroma QP offsets) against a sample-by-sample
reconstruction from the standard's equations (h264_intra_oracle), with its own derivation
of neighbour availability (6.4.11, 6.4.12)."""
from __future__ import annotations

import random

import pytest

np = pytest.importorskip("numpy")

from cine.engine.codecs.h264 import layout as L  # noqa: E402
from cine.engine.codecs.h264 import recon_jit as rj  # noqa: E402
from cine.engine.codecs.h264.quant import level_scales  # noqa: E402
from cine.engine.codecs.h264.tables import ZIGZAG4, ZIGZAG8  # noqa: E402

from . import h264_intra_oracle as o  # noqa: E402

KINDS = (L.KIND_I4x4, L.KIND_I8x8, L.KIND_I16x16, L.KIND_IPCM)


def blk4_index(x, y):
    """luma4x4BlkIdx of the 4x4 block holding macroblock sample (x, y)."""
    return 8 * (y // 8) + 4 * (x // 8) + 2 * ((y % 8) // 4) + (x % 8) // 4


def blk8_index(x, y):
    return 2 * (y // 8) + x // 8


class Picture:
    def __init__(self, mbw, mbh, chroma_format, rng):
        self.mbw, self.mbh, self.cf = mbw, mbh, chroma_format
        self.arr = L.picture_arrays(mbw, mbh, 4)
        self.Y = np.array([[rng.randrange(256) for _ in range(16 * mbw)] for _ in range(16 * mbh)], np.uint8)
        self.Cb = np.array([[rng.randrange(256) for _ in range(8 * mbw)] for _ in range(8 * mbh)], np.uint8)
        self.Cr = np.array([[rng.randrange(256) for _ in range(8 * mbw)] for _ in range(8 * mbh)], np.uint8)

    def neighbour_mb(self, mb, xN, yN, w, h):
        """6.4.12 for a macroblock-relative sample: the macroblock holding it, or None when
        it is outside the picture / right or below / not available; 'cur' for the current."""
        a = self.arr
        mx, my = mb % self.mbw, mb // self.mbw
        if 0 <= xN < w and 0 <= yN < h:
            return "cur"
        if xN < 0 and yN < 0:
            nx, ny = mx - 1, my - 1
        elif xN < 0 and 0 <= yN < h:
            nx, ny = mx - 1, my
        elif 0 <= xN < w and yN < 0:
            nx, ny = mx, my - 1
        elif xN >= w and yN < 0:
            nx, ny = mx + 1, my - 1
        else:
            return None
        if not (0 <= nx < self.mbw and 0 <= ny < self.mbh):
            return None
        n = ny * self.mbw + nx
        if a["mb_kind"][n] == L.KIND_NONE or a["mb_slice"][n] != a["mb_slice"][mb]:
            return None
        return n

    def gather(self, P, mb, bx, by, n, with_topright, order, chroma):
        """The p dict of the n x n block at (bx, by) of macroblock mb."""
        w = 8 if chroma else 16
        mx, my = mb % self.mbw, mb // self.mbw
        coords = [(x, -1) for x in range(-1, 2 * n if with_topright else n)] + [(-1, y) for y in range(n)]
        p = {}
        for x, y in coords:
            xN, yN = bx + x, by + y
            where = self.neighbour_mb(mb, xN, yN, w, w)
            if where is None:
                continue
            if where == "cur" and order(xN, yN) >= order(bx, by):
                continue          # not decoded yet
            p[(x, y)] = int(P[w * my + yN, w * mx + xN])
        return p


def choose_mode(p_avail, oracle, modes, rng):
    valid = [m for m in modes if oracle(p_avail, m) is not None]
    return rng.choice(valid)


def make_picture(rng, mbw, mbh, chroma_format, slices, lists):
    pic = Picture(mbw, mbh, chroma_format, rng)
    a = pic.arr
    bounds = sorted(rng.sample(range(1, mbw * mbh), slices - 1))
    starts = [0] + bounds
    ends = bounds + [mbw * mbh]
    for s, (b, e) in enumerate(zip(starts, ends)):
        a["slice_params"][s, L.SP_CHROMA_QP_OFFSET] = rng.randrange(-12, 13)
        a["slice_params"][s, L.SP_CHROMA_QP_OFFSET2] = rng.randrange(-12, 13)
        for mb in range(b, e):
            a["mb_slice"][mb] = s
            fill_mb(pic, mb, rng)
    return pic, list(zip(starts, ends))


def sparse(rng, n, first=0):
    out = [0] * n
    for k in range(first, n):
        if rng.random() < 0.3:
            out[k] = rng.choice((1, -1, 2, -2, 5, -7, 20, -20))
    return out


def fill_mb(pic, mb, rng):
    a = pic.arr
    kind = rng.choice(KINDS)
    a["mb_kind"][mb] = kind
    cf = a["coeffs"][mb]
    nz = a["nnz"][mb]
    if kind == L.KIND_IPCM:
        cf[:384] = [rng.randrange(256) for _ in range(384)]
        nz[:] = 16
        return
    qp = rng.randrange(52)
    a["mb_qp"][mb] = qp
    # availability needs only the kinds and slices: gather from a dummy plane of zeros
    zero = np.zeros((16 * pic.mbh, 16 * pic.mbw), np.uint8)
    cbp_luma = rng.randrange(16)
    if kind == L.KIND_I16x16:
        cbp_luma = rng.choice((0, 15))
        p = pic.gather(zero, mb, 0, 0, 16, False, lambda x, y: 0, False)
        a["mb_i16_mode"][mb] = choose_mode(p, o.intra16x16, range(4), rng)
        cf[L.COEF_LUMA_DC:L.COEF_LUMA_DC + 16] = sparse(rng, 16)
        for b in range(16):
            if cbp_luma:
                lv = sparse(rng, 16, 1)
                cf[16 * b:16 * b + 16] = lv
                nz[b] = sum(v != 0 for v in lv)
    elif kind == L.KIND_I4x4:
        for b in range(16):
            bx, by = 4 * ((b & 1) | ((b >> 1) & 2)), 4 * (((b >> 1) & 1) | ((b >> 2) & 2))
            p = pic.gather(zero, mb, bx, by, 4, True, blk4_index, False)
            a["luma_modes"][mb, b] = choose_mode(p, o.intra4x4, range(9), rng)
            if cbp_luma >> (b // 4) & 1:
                lv = sparse(rng, 16)
                cf[16 * b:16 * b + 16] = lv
                nz[b] = sum(v != 0 for v in lv)
    else:
        for i in range(4):
            p = pic.gather(zero, mb, 8 * (i & 1), 8 * (i >> 1), 8, True, blk8_index, False)
            a["luma_modes"][mb, 4 * i:4 * i + 4] = choose_mode(p, o.intra8x8, range(9), rng)
            if cbp_luma >> i & 1:
                lv = sparse(rng, 64)
                cf[64 * i:64 * i + 64] = lv
                count = sum(v != 0 for v in lv)
                if rng.random() < 0.5:
                    nz[4 * i:4 * i + 4] = count            # CABAC style
                else:
                    nz[4 * i + rng.randrange(4)] = count   # one CAVLC sub-block holds them all
    cbp_chroma = rng.randrange(3)
    a["mb_cbp"][mb] = cbp_luma | cbp_chroma << 4
    zc = np.zeros((8 * pic.mbh, 8 * pic.mbw), np.uint8)
    p = pic.gather(zc, mb, 0, 0, 8, False, lambda x, y: 0, True)
    a["mb_chroma_mode"][mb] = choose_mode(p, o.chroma420, range(4), rng)
    if cbp_chroma:
        cf[L.COEF_CHROMA_DC:L.COEF_CHROMA_DC + 8] = sparse(rng, 8)
    if cbp_chroma == 2:
        for k in range(8):
            lv = sparse(rng, 16, 1)
            cf[L.COEF_CHROMA_AC + 16 * k:L.COEF_CHROMA_AC + 16 * k + 16] = lv
            nz[L.NNZ_CB + k] = sum(v != 0 for v in lv)


def add(P, x0, y0, pred, res):
    n = len(pred)
    for y in range(n):
        for x in range(n):
            P[y0 + y, x0 + x] = o.clip1(pred[y][x] + res[y][x])


def mat(flat, n):
    return [list(flat[n * i:n * i + n]) for i in range(n)]


def reference(pic, mb_range, w):
    """Reconstruct macroblocks mb_range of pic (numpy planes, modified) from the equations."""
    a = pic.arr
    for mb in mb_range:
        kind = int(a["mb_kind"][mb])
        cf = [int(v) for v in a["coeffs"][mb]]
        mx, my = mb % pic.mbw, mb // pic.mbw
        X, Y = 16 * mx, 16 * my
        if kind == L.KIND_IPCM:
            pic.Y[Y:Y + 16, X:X + 16] = np.array(cf[:256]).reshape(16, 16)
            if pic.cf:
                pic.Cb[Y // 2:Y // 2 + 8, X // 2:X // 2 + 8] = np.array(cf[256:320]).reshape(8, 8)
                pic.Cr[Y // 2:Y // 2 + 8, X // 2:X // 2 + 8] = np.array(cf[320:384]).reshape(8, 8)
            continue
        qp = int(a["mb_qp"][mb])
        if kind == L.KIND_I16x16:
            p = pic.gather(pic.Y, mb, 0, 0, 16, False, lambda x, y: 0, False)
            pred = o.intra16x16(p, int(a["mb_i16_mode"][mb]))
            dcy = o.luma_dc(mat(cf[256:272], 4), o.level_scale4(w[0], qp % 6)[0][0], qp)
            for b in range(16):
                bx, by = 4 * ((b & 1) | ((b >> 1) & 2)), 4 * (((b >> 1) & 1) | ((b >> 2) & 2))
                c = mat(cf[16 * b:16 * b + 16], 4)
                c[0][0] = dcy[by // 4][bx // 4]
                res = o.idct4x4(o.scale4x4(c, o.level_scale4(w[0], qp % 6), qp, True))
                add(pic.Y, X + bx, Y + by, [row[bx:bx + 4] for row in pred[by:by + 4]], res)
        elif kind == L.KIND_I4x4:
            for b in range(16):
                bx, by = 4 * ((b & 1) | ((b >> 1) & 2)), 4 * (((b >> 1) & 1) | ((b >> 2) & 2))
                p = pic.gather(pic.Y, mb, bx, by, 4, True, blk4_index, False)
                pred = o.intra4x4(p, int(a["luma_modes"][mb, b]))
                res = o.idct4x4(o.scale4x4(mat(cf[16 * b:16 * b + 16], 4), o.level_scale4(w[0], qp % 6), qp, False))
                add(pic.Y, X + bx, Y + by, pred, res)
        else:
            for i in range(4):
                bx, by = 8 * (i & 1), 8 * (i >> 1)
                p = pic.gather(pic.Y, mb, bx, by, 8, True, blk8_index, False)
                pred = o.intra8x8(p, int(a["luma_modes"][mb, 4 * i]))
                res = o.idct8x8(o.scale8x8(mat(cf[64 * i:64 * i + 64], 8), o.level_scale8(w[6], qp % 6), qp))
                add(pic.Y, X + bx, Y + by, pred, res)
        if not pic.cf:
            continue
        s = int(a["mb_slice"][mb])
        for plane, P in enumerate((pic.Cb, pic.Cr)):
            qpc = o.chroma_qp(qp, int(a["slice_params"][s, L.SP_CHROMA_QP_OFFSET + plane]))
            wl = w[1 + plane]
            p = pic.gather(P, mb, 0, 0, 8, False, lambda x, y: 0, True)
            pred = o.chroma420(p, int(a["mb_chroma_mode"][mb]))
            dcoff = L.COEF_CHROMA_DC + 4 * plane
            dcc = o.chroma_dc(mat(cf[dcoff:dcoff + 4], 2), o.level_scale4(wl, qpc % 6)[0][0], qpc)
            for k in range(4):
                off = L.COEF_CHROMA_AC + 64 * plane + 16 * k
                c = mat(cf[off:off + 16], 4)
                c[0][0] = dcc[k // 2][k % 2]
                res = o.idct4x4(o.scale4x4(c, o.level_scale4(wl, qpc % 6), qpc, True))
                xo, yo = 4 * (k % 2), 4 * (k // 2)
                add(P, X // 2 + xo, Y // 2 + yo, [row[xo:xo + 4] for row in pred[yo:yo + 4]], res)


def raster(zz, scan):
    out = [0] * len(scan)
    for pos, r in enumerate(scan):
        out[r] = zz[pos]
    return out


def scaling(rng, custom):
    if not custom:
        ls4, ls8 = level_scales(None, None)
        return ls4, ls8, [[16] * 16] * 6 + [[16] * 64] * 2
    lists = [tuple(rng.randrange(4, 64) for _ in range(16)) for _ in range(6)]
    lists += [tuple(rng.randrange(4, 64) for _ in range(64)) for _ in range(2)]
    ls4, ls8 = level_scales(lists, None)
    return ls4, ls8, [raster(v, ZIGZAG4 if i < 6 else ZIGZAG8) for i, v in enumerate(lists)]


def run(pic, ranges, ls4, ls8, chroma_format=None):
    a = pic.arr
    cf = pic.cf if chroma_format is None else chroma_format
    for b, e in ranges:
        st = rj.reconstruct_slice(b, e - b, pic.mbw, cf, a["mb_kind"], a["mb_slice"], a["mb_qp"], a["mb_cbp"],
                                  a["mb_i16_mode"], a["mb_chroma_mode"], a["luma_modes"], a["nnz"], a["coeffs"],
                                  a["slice_params"], ls4, ls8, pic.Y, pic.Cb, pic.Cr)
        if st != 0:
            return st
    return 0


@pytest.mark.parametrize("seed", range(6))
def test_random_pictures_match_the_equations(seed):
    rng = random.Random(seed)
    chroma_format = 0 if seed == 5 else 1
    pic, ranges = make_picture(rng, 5, 4, chroma_format, rng.randrange(1, 4), None)
    ls4, ls8, w = scaling(rng, seed % 2 == 1)
    want = Picture.__new__(Picture)
    want.__dict__.update(pic.__dict__)
    want.Y, want.Cb, want.Cr = pic.Y.copy(), pic.Cb.copy(), pic.Cr.copy()
    for b, e in ranges:
        reference(want, range(b, e), w)
    assert run(pic, ranges, ls4, ls8) == 0
    for name in ("Y", "Cb", "Cr"):
        got, exp = getattr(pic, name), getattr(want, name)
        bad = np.argwhere(got != exp)
        assert bad.size == 0, (name, bad[:3].tolist())


def simple_picture(kind=L.KIND_I16x16):
    rng = random.Random(99)
    pic = Picture(2, 2, 1, rng)
    a = pic.arr
    a["mb_kind"][:] = kind
    a["mb_slice"][:] = 0
    a["mb_qp"][:] = 26
    a["mb_i16_mode"][:] = 2
    a["luma_modes"][:] = 2
    return pic


def test_invalid_macroblocks_are_refused():
    ls4, ls8 = level_scales(None, None)
    pic = simple_picture()
    assert run(pic, [(0, 4)], ls4, ls8) == 0
    pic.arr["mb_i16_mode"][0] = 0          # Vertical without a macroblock above
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_BITSTREAM
    pic = simple_picture(L.KIND_I4x4)
    pic.arr["luma_modes"][0, 5] = 3        # block 5 (top row) needs the row above
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_BITSTREAM
    pic = simple_picture()
    pic.arr["mb_qp"][3] = 52
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_BITSTREAM
    pic = simple_picture()
    pic.arr["mb_slice"][2] = 7             # no such slice_params row
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_BITSTREAM
    pic = simple_picture()
    pic.arr["mb_chroma_mode"][1] = 4
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_BITSTREAM
    pic = simple_picture()
    pic.arr["mb_kind"][1] = 9
    assert run(pic, [(0, 4)], ls4, ls8) == L.ERR_UNSUPPORTED
    assert run(simple_picture(), [(0, 4)], ls4, ls8, chroma_format=2) == L.ERR_UNSUPPORTED


def test_arrays_too_small_are_refused():
    ls4, ls8 = level_scales(None, None)
    pic = simple_picture()
    pic.Y = pic.Y[:24]
    assert run(pic, [(0, 4)], ls4, ls8) == rj.ERR_ARGUMENT
    pic = simple_picture()
    assert run(pic, [(0, 5)], ls4, ls8) == rj.ERR_ARGUMENT
    pic = simple_picture()
    assert run(pic, [(0, 4)], ls4[:2], ls8) == rj.ERR_ARGUMENT
    pic = simple_picture()
    assert run(pic, [(0, 0)], ls4, ls8) == 0


def test_garbage_never_raises():
    """Whatever the arrays hold, the kernel returns a status (no IndexError escapes)."""
    rng = np.random.default_rng(5)
    ls4, ls8 = level_scales(None, None)
    for trial in range(60):
        mbw, mbh = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        a = L.picture_arrays(mbw, mbh, 3)
        n = mbw * mbh
        a["mb_kind"][:] = rng.integers(-2, 7, n)
        a["mb_slice"][:] = rng.integers(-1, 4, n)
        a["mb_qp"][:] = rng.integers(-3, 56, n)
        a["mb_cbp"][:] = rng.integers(-1, 64, n)
        a["mb_i16_mode"][:] = rng.integers(-2, 6, n)
        a["mb_chroma_mode"][:] = rng.integers(-2, 6, n)
        a["luma_modes"][:] = rng.integers(-2, 11, (n, 16))
        a["nnz"][:] = rng.integers(0, 20, (n, L.NNZ_STRIDE))
        a["coeffs"][:] = rng.integers(-2**31, 2**31 - 1, (n, L.COEFF_STRIDE), dtype=np.int64).astype(np.int32)
        a["slice_params"][:] = rng.integers(-100, 100, a["slice_params"].shape)
        if trial % 2:      # mostly valid modes, so that the residual paths run on garbage levels
            a["mb_kind"][:] = rng.integers(1, 5, n)
            a["mb_slice"][:] = 0
            a["mb_qp"][:] = rng.integers(0, 52, n)
            a["mb_i16_mode"][:] = 2
            a["mb_chroma_mode"][:] = 0
            a["luma_modes"][:] = 2
        Y = np.zeros((16 * mbh, 16 * mbw), np.uint8)
        C = np.zeros((8 * mbh, 8 * mbw), np.uint8)
        start = int(rng.integers(0, n))
        st = rj.reconstruct_slice(start, n - start, mbw, int(rng.integers(0, 2)), a["mb_kind"], a["mb_slice"],
                                  a["mb_qp"], a["mb_cbp"], a["mb_i16_mode"], a["mb_chroma_mode"], a["luma_modes"],
                                  a["nnz"], a["coeffs"], a["slice_params"], ls4, ls8, Y, C, C.copy())
        assert st in (0, L.ERR_BITSTREAM, L.ERR_UNSUPPORTED)
        if trial % 2:
            assert st == 0
