"""Exact rational arithmetic as libavutil does it (av_rescale_rnd, av_reduce, av_d2q)."""
from __future__ import annotations

from .model import Rational

ROUND_ZERO, ROUND_INF, ROUND_DOWN, ROUND_UP, ROUND_NEAR_INF = 0, 1, 2, 3, 5
ROUND_PASS_MINMAX = 8192
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


def rescale_rnd(a: int, b: int, c: int, rnd: int = ROUND_NEAR_INF) -> int:
    """av_rescale_rnd(a, b, c, rnd): a*b/c with the given rounding, on exact integers."""
    if rnd & ROUND_PASS_MINMAX:
        if a == INT64_MIN or a == INT64_MAX:
            return a
        rnd -= ROUND_PASS_MINMAX
    if c <= 0 or b < 0:
        return INT64_MIN
    if a < 0:
        # -(uint64_t)av_rescale_rnd(-FFMAX(a, -INT64_MAX), ...): an overflow (INT64_MIN)
        # stays INT64_MIN
        v = -rescale_rnd(-max(a, -INT64_MAX), b, c, rnd ^ ((rnd >> 1) & 1))
        return INT64_MIN if v > INT64_MAX else v
    if rnd == ROUND_NEAR_INF:
        r = c // 2
    elif rnd & 1:  # ROUND_INF, ROUND_UP
        r = c - 1
    else:
        r = 0
    v = (a * b + r) // c
    return v if v <= INT64_MAX else INT64_MIN


def rescale(a: int, b: int, c: int) -> int:
    """av_rescale: rescale_rnd(a, b, c, ROUND_NEAR_INF)."""
    if a >= 0 and c > 0 and b >= 0:
        v = (a * b + (c >> 1)) // c
        return v if v <= INT64_MAX else INT64_MIN
    return rescale_rnd(a, b, c, ROUND_NEAR_INF)


def rescale_q(a: int, bq: Rational, cq: Rational, rnd: int = ROUND_NEAR_INF) -> int:
    """av_rescale_q_rnd(a, bq, cq)."""
    b = bq[0] * cq[1]
    c = cq[0] * bq[1]
    if rnd == ROUND_NEAR_INF and a >= 0 and c > 0 and b >= 0:
        v = (a * b + (c >> 1)) // c
        return v if v <= INT64_MAX else INT64_MIN
    return rescale_rnd(a, b, c, rnd)


def rescale_near(a: int, b: int, c: int) -> int:
    """rescale_rnd(a, b, c, ROUND_NEAR_INF) for the per-packet paths, which keep the products
    b, c of a fixed time-base pair (b = src.num * dst.den, c = dst.num * src.den)."""
    if a >= 0 and c > 0 and b >= 0:
        v = (a * b + (c >> 1)) // c
        return v if v <= INT64_MAX else INT64_MIN
    return rescale_rnd(a, b, c, ROUND_NEAR_INF)


def q_factors(src: Rational, dst: Rational) -> tuple[int, int]:
    """(b, c) of rescale_q(., src, dst): rescale_near(a, b, c) == rescale_q(a, src, dst)."""
    return src[0] * dst[1], dst[0] * src[1]


def reduce(num: int, den: int, max_value: int = (1 << 31) - 1) -> Rational:
    """av_reduce: the closest fraction with both terms <= max_value (continued fractions)."""
    a0n, a0d, a1n, a1d = 0, 1, 1, 0
    sign = (num < 0) != (den < 0)
    num, den = abs(num), abs(den)
    from math import gcd
    g = gcd(num, den)
    if g:
        num //= g
        den //= g
    if num <= max_value and den <= max_value:
        a1n, a1d = num, den
        den = 0
    while den:
        x = num // den
        next_den = num - den * x
        a2n = x * a1n + a0n
        a2d = x * a1d + a0d
        if a2n > max_value or a2d > max_value:
            if a1n:
                x = (max_value - a0n) // a1n
            if a1d:
                x = min(x, (max_value - a0d) // a1d)
            if den * (2 * x * a1d + a0d) > num * a1d:
                a1n, a1d = x * a1n + a0n, x * a1d + a0d
            break
        a0n, a0d = a1n, a1d
        a1n, a1d = a2n, a2d
        num, den = den, next_den
    return Rational(-a1n if sign else a1n, a1d)


def d2q(d: float, max_value: int) -> Rational:
    """av_d2q: a double to the nearest rational with terms <= max_value."""
    import math
    if math.isnan(d):
        return Rational(0, 0)
    if abs(d) > (1 << 31) - 1 + 3:
        return Rational(-1 if d < 0 else 1, 0)
    exponent = max(math.frexp(d)[1] - 1, 0)
    den = 1 << (61 - exponent)
    q = reduce(int(math.floor(d * den + 0.5)), den, max_value)
    if (not q.num or not q.den) and d and 0 < max_value < (1 << 31) - 1:
        q = reduce(int(math.floor(d * den + 0.5)), den, (1 << 31) - 1)
    return q


def q2d(q: Rational) -> float:
    return q.num / q.den


def rescale_delta(in_tb: Rational, in_ts: int, fs_tb: Rational, duration: int,
                  last: int | None, out_tb: Rational) -> tuple[int, int]:
    """av_rescale_delta: returns (new last, rescaled timestamp)."""
    if last is None or not duration or in_tb[0] * out_tb[1] <= out_tb[0] * in_tb[1]:
        return _rescale_plain(in_ts, in_tb, fs_tb, duration, out_tb)
    a = rescale_q(2 * in_ts - 1, in_tb, fs_tb, ROUND_DOWN) >> 1
    b = (rescale_q(2 * in_ts + 1, in_tb, fs_tb, ROUND_UP) + 1) >> 1
    if last < 2 * a - b or last > 2 * b - a:
        return _rescale_plain(in_ts, in_tb, fs_tb, duration, out_tb)
    this = min(max(last, a), b)
    return this + duration, rescale_q(this, fs_tb, out_tb)


def _rescale_plain(in_ts: int, in_tb: Rational, fs_tb: Rational, duration: int,
                   out_tb: Rational) -> tuple[int, int]:
    """av_rescale_delta's plain case: (in_ts in fs_tb + duration, in_ts in out_tb); the one
    rescale serves both when fs_tb and out_tb are the same (a decoder's 1/sample_rate), and
    none is needed when the time bases are equal too."""
    if in_tb == fs_tb and fs_tb[0] > 0 and fs_tb[1] > 0 and -INT64_MAX <= in_ts <= INT64_MAX:
        v = in_ts
    else:
        v = rescale_q(in_ts, in_tb, fs_tb)
    if out_tb is fs_tb or out_tb == fs_tb:
        return v + duration, v
    return v + duration, rescale_q(in_ts, in_tb, out_tb)
