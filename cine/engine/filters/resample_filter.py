"""The resampling filters of libswscale (FFmpeg 5.1.9 libswscale/utils.c initFilter): for each
output sample the first input sample and integer coefficients that sum to `one`, computed
with the library's fixed-point positions (16.16 steps, 1/2-sample centred), its bicubic
(B=0, C=0.6), bilinear, lanczos (a=3) and point kernels, its trimming of near-zero edge
coefficients, alignment of the filter length, border folding and error-diffusing rounding.

Plain Python over integers: filters are computed once per configuration.
"""
from __future__ import annotations

import math

SIZE_FACTOR = {"bicubic": 4, "bilinear": 2, "lanczos": 6, "neighbor": 1, "area": 1,
               "fast_bilinear": 1}
MAX_REDUCE_CUTOFF = 0.002


def _ilog2(v: int) -> int:
    return v.bit_length() - 1 if v > 0 else 0


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def step(src: int, dst: int) -> int:
    """The 16.16 increment: ((src << 16) + dst / 2) / dst."""
    return ((src << 16) + (dst >> 1)) // dst


def local_pos(subsample: int, pos: int) -> int:
    """get_local_pos: a chroma position (-513: the default) in 1/256 of the plane's samples."""
    if pos == -1 or pos <= -513:
        pos = (128 << subsample) - 128
    pos += 128
    return pos >> subsample


def make_filter(src_w: int, dst_w: int, one: int, align: int, method: str = "bicubic",
                src_pos: int = 128, dst_pos: int = 128) -> tuple[list[int], list[list[int]]]:
    """(filter positions, coefficient rows) as initFilter builds them."""
    x_inc = step(src_w, dst_w)
    fone = 1 << (54 - min(_ilog2(src_w // dst_w), 8))
    pos: list[int] = []
    rows: list[list[int]] = []
    if abs(x_inc - 0x10000) < 10 and src_pos == dst_pos:
        size = 1
        pos = list(range(dst_w))
        rows = [[fone] for _ in range(dst_w)]
    elif method == "neighbor":
        size = 1
        x = ((dst_pos * x_inc) >> 8) - ((src_pos * 0x8000) >> 7)
        for _ in range(dst_w):
            pos.append((x + (1 << 15)) >> 16)
            rows.append([fone])
            x += x_inc
    elif method == "fast_bilinear" or (method == "area" and x_inc <= 1 << 16):
        size = 2
        x = ((dst_pos * x_inc) >> 8) - ((src_pos * 0x8000) >> 7)
        for _ in range(dst_w):
            xx = (x - (1 << 15) + (1 << 15)) >> 16
            pos.append(xx)
            row = []
            for _j in range(size):
                c = fone - abs(xx * (1 << 16) - x) * (fone >> 16)
                row.append(max(c, 0))
                xx += 1
            rows.append(row)
            x += x_inc
    else:
        factor = SIZE_FACTOR.get(method, 4)
        if x_inc <= 1 << 16:
            size = 1 + factor
        else:
            size = 1 + (factor * src_w + dst_w - 1) // dst_w
        size = max(min(size, src_w - 2), 1)
        x = ((dst_pos * x_inc) >> 7) - ((src_pos * 0x10000) >> 7)
        for _ in range(dst_w):
            xx = _cdiv(x - (size - 2) * (1 << 16), 1 << 17)
            pos.append(xx)
            row = []
            for _j in range(size):
                d = abs(xx * (1 << 17) - x) << 13
                if x_inc > 1 << 16:
                    d = _cdiv(d * dst_w, src_w)
                row.append(_coeff(method, d, fone))
                xx += 1
            rows.append(row)
            x += 2 * x_inc
    return _finish(pos, rows, size, src_w, dst_w, one, align, fone)


def _coeff(method: str, d: int, fone: int) -> int:
    floatd = d * (1.0 / (1 << 30))
    if method == "bicubic":
        b, c = 0, int(0.6 * (1 << 24))
        if d >= 1 << 31:
            return 0
        dd = (d * d) >> 30
        ddd = (dd * d) >> 30
        if d < 1 << 30:
            v = ((12 * (1 << 24) - 9 * b - 6 * c) * ddd + (-18 * (1 << 24) + 12 * b + 6 * c) * dd
                 + (6 * (1 << 24) - 2 * b) * (1 << 30))
        else:
            v = ((-b - 6 * c) * ddd + (6 * b + 30 * c) * dd + (-12 * b - 48 * c) * d
                 + (8 * b + 24 * c) * (1 << 30))
        return _cdiv(v, (1 << 54) // fone)
    if method == "lanczos":
        p = 3.0
        if floatd > p:
            return 0
        if not d:
            return int(fone)
        return int(math.sin(floatd * math.pi) * math.sin(floatd * math.pi / p)
                   / (floatd * floatd * math.pi * math.pi / p) * fone)
    # bilinear (and the area kernel when downscaling, approximated by it)
    v = (1 << 30) - d
    return max(v, 0) * (fone >> 30)


def _finish(pos, rows, size, src_w, dst_w, one, align, fone):
    """Trim, align, fold the borders and normalise (the second half of initFilter)."""
    cutoff_lim = MAX_REDUCE_CUTOFF * fone
    min_size = 0
    for i in range(dst_w - 1, -1, -1):
        row = rows[i]
        n = size
        cut = 0
        for _j in range(size):
            cut += abs(row[0])
            if cut > cutoff_lim:
                break
            if i < dst_w - 1 and pos[i] >= pos[i + 1]:
                break
            row[:] = row[1:] + [0]
            pos[i] += 1
        cut = 0
        for j in range(size - 1, 0, -1):
            cut += abs(row[j])
            if cut > cutoff_lim:
                break
            n -= 1
        min_size = max(min_size, n)
    if min_size == 1 and align == 2:
        align = 1
    fsize = (min_size + align - 1) & ~(align - 1)
    out_rows = []
    for i in range(dst_w):
        row = [rows[i][j] if j < size else 0 for j in range(fsize)]
        p = pos[i]
        if p < 0:
            for j in range(1, fsize):
                left = max(j + p, 0)
                row[left] += row[j]
                if left != j:
                    row[j] = 0
            p = 0
        if p + fsize > src_w:
            shift = p + min(fsize - src_w, 0)
            acc = 0
            for j in range(fsize - 1, -1, -1):
                if p + j >= src_w:
                    acc += row[j]
                    row[j] = 0
            for j in range(fsize - 1, -1, -1):
                row[j] = 0 if j < shift else row[j - shift]
            p -= shift
            row[src_w - 1 - p] += acc
        pos[i] = p
        out_rows.append(row)
    norm = []
    for row in out_rows:
        total = (sum(row) + one // 2) // one or 1
        err = 0
        q = []
        for v in row:
            v += err
            iv = _rounded_div(v, total)
            q.append(iv)
            err = v - iv * total
        norm.append(q)
    return pos, norm


def _rounded_div(a: int, b: int) -> int:
    """ROUNDED_DIV: (a + b/2) / b with C division, away from zero for negatives."""
    if a >= 0:
        return (a + (b >> 1)) // b
    return -((-a + (b >> 1)) // b)
