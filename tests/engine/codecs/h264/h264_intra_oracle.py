"""Plain-Python H.264 intra reconstruction written from the equations of ITU-T H.264 (8.3.1.2,
8.3.2.2, 8.3.3, 8.3.4, 8.5.9-8.5.14), sample by sample, for checking the numba kernels.

Neighbouring samples are a dict p[(x, y)] holding only the available ones (a missing key is
"not available for Intra prediction"); predictors return a list of rows, or None when the
mode uses a sample that is not available.
"""
from __future__ import annotations

# 8-315 / 8-318 v tables and the position classes, written here as matrices
V4 = [[10, 16, 13], [11, 18, 14], [13, 20, 16], [14, 23, 18], [16, 25, 20], [18, 29, 23]]
CLASS4 = [[0, 2, 0, 2], [2, 1, 2, 1], [0, 2, 0, 2], [2, 1, 2, 1]]
V8 = [[20, 18, 32, 19, 25, 24], [22, 19, 35, 21, 28, 26], [26, 23, 42, 24, 33, 31],
      [28, 25, 45, 26, 35, 33], [32, 28, 51, 30, 40, 38], [36, 32, 58, 34, 46, 43]]
_C8ROW = {0: [0, 3, 4, 3], 1: [3, 1, 5, 1], 2: [4, 5, 2, 5], 3: [3, 1, 5, 1]}   # [i % 4][j % 4]
CLASS8 = [[_C8ROW[i % 4][j % 4] for j in range(8)] for i in range(8)]

CHROMA_QP_TABLE = {30: 29, 31: 30, 32: 31, 33: 32, 34: 32, 35: 33, 36: 34, 37: 34, 38: 35, 39: 35,
                   40: 36, 41: 36, 42: 37, 43: 37, 44: 37, 45: 38, 46: 38, 47: 38, 48: 39, 49: 39,
                   50: 39, 51: 39}


def chroma_qp(qp_y, offset):
    qpi = min(max(qp_y + offset, 0), 51)
    return CHROMA_QP_TABLE.get(qpi, qpi)


def clip1(v):
    return min(max(v, 0), 255)


def _block(n, f):
    return [[f(x, y) for x in range(n)] for y in range(n)]


def _have(p, keys):
    return all(k in p for k in keys)


def intra4x4(p, mode):
    p = dict(p)
    if not any((x, -1) in p for x in range(4, 8)) and (3, -1) in p:
        for x in range(4, 8):
            p[(x, -1)] = p[(3, -1)]
    top = [(x, -1) for x in range(4)]
    left = [(-1, y) for y in range(4)]
    top8 = [(x, -1) for x in range(8)]
    corner = [(-1, -1)]

    def P(x, y):
        return p[(x, y)]

    if mode == 0:
        return _block(4, lambda x, y: P(x, -1)) if _have(p, top) else None
    if mode == 1:
        return _block(4, lambda x, y: P(-1, y)) if _have(p, left) else None
    if mode == 2:
        if _have(p, top) and _have(p, left):
            v = (sum(P(x, -1) for x in range(4)) + sum(P(-1, y) for y in range(4)) + 4) >> 3
        elif _have(p, top):
            v = (sum(P(x, -1) for x in range(4)) + 2) >> 2
        elif _have(p, left):
            v = (sum(P(-1, y) for y in range(4)) + 2) >> 2
        else:
            v = 128
        return _block(4, lambda x, y: v)
    if mode == 3:
        if not _have(p, top8):
            return None
        return _block(4, lambda x, y: (P(6, -1) + 3 * P(7, -1) + 2) >> 2 if x == 3 and y == 3 else
                      (P(x + y, -1) + 2 * P(x + y + 1, -1) + P(x + y + 2, -1) + 2) >> 2)
    if mode in (4, 5, 6) and not _have(p, top + left + corner):
        return None
    if mode == 4:
        def f(x, y):
            if x > y:
                return (P(x - y - 2, -1) + 2 * P(x - y - 1, -1) + P(x - y, -1) + 2) >> 2
            if x < y:
                return (P(-1, y - x - 2) + 2 * P(-1, y - x - 1) + P(-1, y - x) + 2) >> 2
            return (P(0, -1) + 2 * P(-1, -1) + P(-1, 0) + 2) >> 2
        return _block(4, f)
    if mode == 5:
        def f(x, y):
            z = 2 * x - y
            if z in (0, 2, 4, 6):
                return (P(x - (y >> 1) - 1, -1) + P(x - (y >> 1), -1) + 1) >> 1
            if z in (1, 3, 5):
                return (P(x - (y >> 1) - 2, -1) + 2 * P(x - (y >> 1) - 1, -1) + P(x - (y >> 1), -1) + 2) >> 2
            if z == -1:
                return (P(-1, 0) + 2 * P(-1, -1) + P(0, -1) + 2) >> 2
            return (P(-1, y - 1) + 2 * P(-1, y - 2) + P(-1, y - 3) + 2) >> 2
        return _block(4, f)
    if mode == 6:
        def f(x, y):
            z = 2 * y - x
            if z in (0, 2, 4, 6):
                return (P(-1, y - (x >> 1) - 1) + P(-1, y - (x >> 1)) + 1) >> 1
            if z in (1, 3, 5):
                return (P(-1, y - (x >> 1) - 2) + 2 * P(-1, y - (x >> 1) - 1) + P(-1, y - (x >> 1)) + 2) >> 2
            if z == -1:
                return (P(-1, 0) + 2 * P(-1, -1) + P(0, -1) + 2) >> 2
            return (P(x - 1, -1) + 2 * P(x - 2, -1) + P(x - 3, -1) + 2) >> 2
        return _block(4, f)
    if mode == 7:
        if not _have(p, top8):
            return None
        return _block(4, lambda x, y: (P(x + (y >> 1), -1) + P(x + (y >> 1) + 1, -1) + 1) >> 1 if y in (0, 2)
                      else (P(x + (y >> 1), -1) + 2 * P(x + (y >> 1) + 1, -1) + P(x + (y >> 1) + 2, -1) + 2) >> 2)
    if mode == 8:
        if not _have(p, left):
            return None

        def f(x, y):
            z = x + 2 * y
            if z in (0, 2, 4):
                return (P(-1, y + (x >> 1)) + P(-1, y + (x >> 1) + 1) + 1) >> 1
            if z in (1, 3):
                return (P(-1, y + (x >> 1)) + 2 * P(-1, y + (x >> 1) + 1) + P(-1, y + (x >> 1) + 2) + 2) >> 2
            if z == 5:
                return (P(-1, 2) + 3 * P(-1, 3) + 2) >> 2
            return P(-1, 3)
        return _block(4, f)
    return None


def filter8(p):
    """8.3.2.2.1: the filtered samples p' (a dict like p)."""
    q = {}

    def P(x, y):
        return p[(x, y)]
    if _have(p, [(x, -1) for x in range(16)]):
        if (-1, -1) in p:
            q[(0, -1)] = (P(-1, -1) + 2 * P(0, -1) + P(1, -1) + 2) >> 2
        else:
            q[(0, -1)] = (3 * P(0, -1) + P(1, -1) + 2) >> 2
        for x in range(1, 15):
            q[(x, -1)] = (P(x - 1, -1) + 2 * P(x, -1) + P(x + 1, -1) + 2) >> 2
        q[(15, -1)] = (P(14, -1) + 3 * P(15, -1) + 2) >> 2
    if (-1, -1) in p:
        if (0, -1) not in p or (-1, 0) not in p:
            if (0, -1) in p:
                q[(-1, -1)] = (3 * P(-1, -1) + P(0, -1) + 2) >> 2
            elif (-1, 0) in p:
                q[(-1, -1)] = (3 * P(-1, -1) + P(-1, 0) + 2) >> 2
            else:
                q[(-1, -1)] = P(-1, -1)
        else:
            q[(-1, -1)] = (P(0, -1) + 2 * P(-1, -1) + P(-1, 0) + 2) >> 2
    if _have(p, [(-1, y) for y in range(8)]):
        if (-1, -1) in p:
            q[(-1, 0)] = (P(-1, -1) + 2 * P(-1, 0) + P(-1, 1) + 2) >> 2
        else:
            q[(-1, 0)] = (3 * P(-1, 0) + P(-1, 1) + 2) >> 2
        for y in range(1, 7):
            q[(-1, y)] = (P(-1, y - 1) + 2 * P(-1, y) + P(-1, y + 1) + 2) >> 2
        q[(-1, 7)] = (P(-1, 6) + 3 * P(-1, 7) + 2) >> 2
    return q


def intra8x8(p, mode):
    p = dict(p)
    if not any((x, -1) in p for x in range(8, 16)) and (7, -1) in p:
        for x in range(8, 16):
            p[(x, -1)] = p[(7, -1)]
    top = [(x, -1) for x in range(8)]
    left = [(-1, y) for y in range(8)]
    need = {0: top, 1: left, 2: [], 3: top, 4: top + left + [(-1, -1)], 5: top + left + [(-1, -1)],
            6: top + left + [(-1, -1)], 7: top, 8: left}
    if mode not in need or not _have(p, need[mode]):
        return None
    q = filter8(p)

    def Q(x, y):
        return q[(x, y)]
    if mode == 0:
        return _block(8, lambda x, y: Q(x, -1))
    if mode == 1:
        return _block(8, lambda x, y: Q(-1, y))
    if mode == 2:
        if _have(q, top) and _have(q, left):
            v = (sum(Q(x, -1) for x in range(8)) + sum(Q(-1, y) for y in range(8)) + 8) >> 4
        elif _have(q, left):
            v = (sum(Q(-1, y) for y in range(8)) + 4) >> 3
        elif _have(q, top):
            v = (sum(Q(x, -1) for x in range(8)) + 4) >> 3
        else:
            v = 128
        return _block(8, lambda x, y: v)
    if mode == 3:
        return _block(8, lambda x, y: (Q(14, -1) + 3 * Q(15, -1) + 2) >> 2 if x == 7 and y == 7 else
                      (Q(x + y, -1) + 2 * Q(x + y + 1, -1) + Q(x + y + 2, -1) + 2) >> 2)
    if mode == 4:
        def f(x, y):
            if x > y:
                return (Q(x - y - 2, -1) + 2 * Q(x - y - 1, -1) + Q(x - y, -1) + 2) >> 2
            if x < y:
                return (Q(-1, y - x - 2) + 2 * Q(-1, y - x - 1) + Q(-1, y - x) + 2) >> 2
            return (Q(0, -1) + 2 * Q(-1, -1) + Q(-1, 0) + 2) >> 2
        return _block(8, f)
    if mode == 5:
        def f(x, y):
            z = 2 * x - y
            if z >= 0 and z % 2 == 0:
                return (Q(x - (y >> 1) - 1, -1) + Q(x - (y >> 1), -1) + 1) >> 1
            if z >= 0:
                return (Q(x - (y >> 1) - 2, -1) + 2 * Q(x - (y >> 1) - 1, -1) + Q(x - (y >> 1), -1) + 2) >> 2
            if z == -1:
                return (Q(-1, 0) + 2 * Q(-1, -1) + Q(0, -1) + 2) >> 2
            return (Q(-1, y - 2 * x - 1) + 2 * Q(-1, y - 2 * x - 2) + Q(-1, y - 2 * x - 3) + 2) >> 2
        return _block(8, f)
    if mode == 6:
        def f(x, y):
            z = 2 * y - x
            if z >= 0 and z % 2 == 0:
                return (Q(-1, y - (x >> 1) - 1) + Q(-1, y - (x >> 1)) + 1) >> 1
            if z >= 0:
                return (Q(-1, y - (x >> 1) - 2) + 2 * Q(-1, y - (x >> 1) - 1) + Q(-1, y - (x >> 1)) + 2) >> 2
            if z == -1:
                return (Q(-1, 0) + 2 * Q(-1, -1) + Q(0, -1) + 2) >> 2
            return (Q(x - 2 * y - 1, -1) + 2 * Q(x - 2 * y - 2, -1) + Q(x - 2 * y - 3, -1) + 2) >> 2
        return _block(8, f)
    if mode == 7:
        return _block(8, lambda x, y: (Q(x + (y >> 1), -1) + Q(x + (y >> 1) + 1, -1) + 1) >> 1 if y % 2 == 0
                      else (Q(x + (y >> 1), -1) + 2 * Q(x + (y >> 1) + 1, -1) + Q(x + (y >> 1) + 2, -1) + 2) >> 2)

    def f(x, y):
        z = x + 2 * y
        if z < 13 and z % 2 == 0:
            return (Q(-1, y + (x >> 1)) + Q(-1, y + (x >> 1) + 1) + 1) >> 1
        if z < 13:
            return (Q(-1, y + (x >> 1)) + 2 * Q(-1, y + (x >> 1) + 1) + Q(-1, y + (x >> 1) + 2) + 2) >> 2
        if z == 13:
            return (Q(-1, 6) + 3 * Q(-1, 7) + 2) >> 2
        return Q(-1, 7)
    return _block(8, f)


def intra16x16(p, mode):
    top = [(x, -1) for x in range(16)]
    left = [(-1, y) for y in range(16)]

    def P(x, y):
        return p[(x, y)]
    if mode == 0:
        return _block(16, lambda x, y: P(x, -1)) if _have(p, top) else None
    if mode == 1:
        return _block(16, lambda x, y: P(-1, y)) if _have(p, left) else None
    if mode == 2:
        if _have(p, top) and _have(p, left):
            v = (sum(P(x, -1) for x in range(16)) + sum(P(-1, y) for y in range(16)) + 16) >> 5
        elif _have(p, left):
            v = (sum(P(-1, y) for y in range(16)) + 8) >> 4
        elif _have(p, top):
            v = (sum(P(x, -1) for x in range(16)) + 8) >> 4
        else:
            v = 128
        return _block(16, lambda x, y: v)
    if mode == 3:
        if not _have(p, top + left + [(-1, -1)]):
            return None
        H = sum((i + 1) * (P(8 + i, -1) - P(6 - i, -1)) for i in range(8))
        V = sum((i + 1) * (P(-1, 8 + i) - P(-1, 6 - i)) for i in range(8))
        a = 16 * (P(-1, 15) + P(15, -1))
        b = (5 * H + 32) >> 6
        c = (5 * V + 32) >> 6
        return _block(16, lambda x, y: clip1((a + b * (x - 7) + c * (y - 7) + 16) >> 5))
    return None


def chroma420(p, mode):
    top = [(x, -1) for x in range(8)]
    left = [(-1, y) for y in range(8)]

    def P(x, y):
        return p[(x, y)]
    if mode == 0:
        out = [[0] * 8 for _ in range(8)]
        for blk in range(4):
            xo, yo = 4 * (blk % 2), 4 * (blk // 2)
            t = [(x + xo, -1) for x in range(4)]
            lft = [(-1, y + yo) for y in range(4)]
            st = sum(P(*k) for k in t) if _have(p, t) else None
            sl = sum(P(*k) for k in lft) if _have(p, lft) else None
            if (xo, yo) == (0, 0) or (xo > 0 and yo > 0):
                v = ((st + sl + 4) >> 3 if st is not None and sl is not None else
                     (sl + 2) >> 2 if sl is not None else (st + 2) >> 2 if st is not None else 128)
            elif xo > 0:
                v = (st + 2) >> 2 if st is not None else (sl + 2) >> 2 if sl is not None else 128
            else:
                v = (sl + 2) >> 2 if sl is not None else (st + 2) >> 2 if st is not None else 128
            for y in range(4):
                for x in range(4):
                    out[yo + y][xo + x] = v
        return out
    if mode == 1:
        return _block(8, lambda x, y: P(-1, y)) if _have(p, left) else None
    if mode == 2:
        return _block(8, lambda x, y: P(x, -1)) if _have(p, top) else None
    if mode == 3:
        if not _have(p, top + left + [(-1, -1)]):
            return None
        H = sum((i + 1) * (P(4 + i, -1) - P(2 - i, -1)) for i in range(4))
        V = sum((i + 1) * (P(-1, 4 + i) - P(-1, 2 - i)) for i in range(4))
        a = 16 * (P(-1, 7) + P(7, -1))
        b = (34 * H + 32) >> 6
        c = (34 * V + 32) >> 6
        return _block(8, lambda x, y: clip1((a + b * (x - 3) + c * (y - 3) + 16) >> 5))
    return None


# ---- scaling and transforms (8.5.9 - 8.5.14) ----

def level_scale4(weights_raster, m):
    """LevelScale4x4(m, i, j) as a 4x4 matrix [i][j] (i row) from a raster weight list."""
    return [[weights_raster[4 * i + j] * V4[m][CLASS4[i][j]] for j in range(4)] for i in range(4)]


def level_scale8(weights_raster, m):
    return [[weights_raster[8 * i + j] * V8[m][CLASS8[i][j]] for j in range(8)] for i in range(8)]


def scale4x4(c, ls, qp, skip_dc):
    """8.5.12.1 on a 4x4 matrix c[i][j]; ls = LevelScale4x4(qP % 6) matrix."""
    d = [[0] * 4 for _ in range(4)]
    for i in range(4):
        for j in range(4):
            if skip_dc and i == 0 and j == 0:
                d[i][j] = c[i][j]
            elif qp >= 24:
                d[i][j] = (c[i][j] * ls[i][j]) << (qp // 6 - 4)
            else:
                d[i][j] = (c[i][j] * ls[i][j] + 2 ** (3 - qp // 6)) >> (4 - qp // 6)
    return d


def scale8x8(c, ls, qp):
    d = [[0] * 8 for _ in range(8)]
    for i in range(8):
        for j in range(8):
            if qp >= 36:
                d[i][j] = (c[i][j] * ls[i][j]) << (qp // 6 - 6)
            else:
                d[i][j] = (c[i][j] * ls[i][j] + 2 ** (5 - qp // 6)) >> (6 - qp // 6)
    return d


def _mat(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def luma_dc(c, ls00, qp):
    """8.5.10: c 4x4 matrix of Intra16x16 DC levels -> dcY 4x4 matrix."""
    A = [[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]]
    f = _mat(_mat(A, c), A)
    if qp >= 36:
        return [[(f[i][j] * ls00) << (qp // 6 - 6) for j in range(4)] for i in range(4)]
    return [[(f[i][j] * ls00 + 2 ** (5 - qp // 6)) >> (6 - qp // 6) for j in range(4)] for i in range(4)]


def chroma_dc(c, ls00, qp):
    """8.5.11 for 4:2:0: c 2x2 matrix -> dcC 2x2 matrix."""
    A = [[1, 1], [1, -1]]
    f = _mat(_mat(A, c), A)
    return [[((f[i][j] * ls00) << (qp // 6)) >> 5 for j in range(2)] for i in range(2)]


def idct4x4(d):
    """8.5.12.2: rows, then columns, then (h + 32) >> 6."""
    f = [[0] * 4 for _ in range(4)]
    for i in range(4):
        e0 = d[i][0] + d[i][2]
        e1 = d[i][0] - d[i][2]
        e2 = (d[i][1] >> 1) - d[i][3]
        e3 = d[i][1] + (d[i][3] >> 1)
        f[i] = [e0 + e3, e1 + e2, e1 - e2, e0 - e3]
    h = [[0] * 4 for _ in range(4)]
    for j in range(4):
        g0 = f[0][j] + f[2][j]
        g1 = f[0][j] - f[2][j]
        g2 = (f[1][j] >> 1) - f[3][j]
        g3 = f[1][j] + (f[3][j] >> 1)
        h[0][j], h[1][j], h[2][j], h[3][j] = g0 + g3, g1 + g2, g1 - g2, g0 - g3
    return [[(h[i][j] + 32) >> 6 for j in range(4)] for i in range(4)]


def _idct8_row(d):
    a0 = d[0] + d[4]
    a4 = d[0] - d[4]
    a2 = (d[2] >> 1) - d[6]
    a6 = d[2] + (d[6] >> 1)
    b0, b2, b4, b6 = a0 + a6, a4 + a2, a4 - a2, a0 - a6
    a1 = -d[3] + d[5] - d[7] - (d[7] >> 1)
    a3 = d[1] + d[7] - d[3] - (d[3] >> 1)
    a5 = -d[1] + d[7] + d[5] + (d[5] >> 1)
    a7 = d[3] + d[5] + d[1] + (d[1] >> 1)
    b1 = a1 + (a7 >> 2)
    b7 = a7 - (a1 >> 2)
    b3 = a3 + (a5 >> 2)
    b5 = (a3 >> 2) - a5
    return [b0 + b7, b2 + b5, b4 + b3, b6 + b1, b6 - b1, b4 - b3, b2 - b5, b0 - b7]


def idct8x8(d):
    """8.5.13.2: rows, then columns, then (m + 32) >> 6."""
    g = [_idct8_row(row) for row in d]
    cols = [_idct8_row([g[i][j] for i in range(8)]) for j in range(8)]
    return [[(cols[j][i] + 32) >> 6 for j in range(8)] for i in range(8)]
