"""Node tree -> one Python closure per node, built once: evaluating is a chain of plain calls,
f(c) with c the tuple of constant values, with eval_expr's semantics (libavutil/eval.c,
FFmpeg 5.1.9): C double arithmetic, ten registers per compiled expression (st, ld, random,
taylor and root use them), and the node's multiplier applied where the reference applies it.
"""
from __future__ import annotations

import math

from cine.compat.expr import functions as fn
from cine.compat.expr.functions import INF, NAN, reg_index, to_int, to_int64

AV_LOG_INFO = 32
_INV_UINT64_MAX = 2.0 ** -64     # 1.0 / UINT64_MAX in doubles


def _div(d: float, d2: float) -> float:
    return d / d2 if d2 else d * INF


def _mod(d: float, d2: float) -> float:
    return d - fn.c_floor(d / d2 if d2 else d * INF) * d2


_TWO = {
    "add": lambda d, d2: d + d2, "mul": lambda d, d2: d * d2, "div": _div, "mod": _mod,
    "pow": fn.c_pow, "hypot": fn.c_hypot, "atan2": math.atan2,
    "max": lambda d, d2: d if d > d2 else d2, "min": lambda d, d2: d if d < d2 else d2,
    "eq": lambda d, d2: 1.0 if d == d2 else 0.0, "gt": lambda d, d2: 1.0 if d > d2 else 0.0,
    "gte": lambda d, d2: 1.0 if d >= d2 else 0.0, "lt": lambda d, d2: 1.0 if d < d2 else 0.0,
    "lte": lambda d, d2: 1.0 if d <= d2 else 0.0, "last": lambda d, d2: d2,
    "gcd": lambda d, d2: float(fn.gcd(to_int64(d), to_int64(d2))),
}
_ONE = {
    "floor": fn.c_floor, "ceil": fn.c_ceil, "trunc": fn.c_trunc, "round": fn.c_round,
    "sqrt": fn.c_sqrt, "not": lambda x: 1.0 if x == 0 else 0.0,
    "isnan": lambda x: 1.0 if x != x else 0.0,
    "isinf": lambda x: 1.0 if x in (INF, -INF) else 0.0,
    "sgn": lambda x: float((x > 0) - (x < 0)),
    "squish": lambda x: 1 / (1 + fn.c_exp(4 * x)),
    # (x * -x: of two NaN operands x86 keeps the first, and the reference's code has x first)
    "gauss": lambda x: fn.c_exp(x * -x / 2) / math.sqrt(2 * math.pi),
}
_UNSCALED = ("squish", "gauss")   # kinds that ignore their multiplier


def _scaled(f, v: float):
    if v == 1.0:
        return f
    return lambda c: v * f(c)


class _Builder:
    def __init__(self, log):
        self.var = [0.0] * 10
        self.log = log

    def build(self, e):
        a, b, c = (self.build(p) if p is not None else None for p in e.params)
        k, v = e.kind, e.value
        if k == "value":
            return lambda _c: v
        if k == "const":
            i = e.index
            return (lambda c: c[i]) if v == 1.0 else (lambda c: v * c[i])
        if k in _TWO:
            op = _TWO[k]
            return _scaled(lambda c: op(a(c), b(c)), v)
        if k in _ONE:
            op = _ONE[k]
            return _scaled(lambda c: op(a(c)), 1.0 if k in _UNSCALED else v)
        if k == "func0":
            op = fn.LIBM[e.name]
            return _scaled(lambda c: op(a(c)), v)
        return getattr(self, "k_" + k)(v, a, b, c)

    def k_bitand(self, v, a, b, _c):
        def bitand(x):
            d, d2 = a(x), b(x)
            return NAN if d != d or d2 != d2 else v * float(to_int64(d) & to_int64(d2))
        return bitand

    def k_bitor(self, v, a, b, _c):
        def bitor(x):
            d, d2 = a(x), b(x)
            return NAN if d != d or d2 != d2 else v * float(to_int64(d) | to_int64(d2))
        return bitor

    def k_ld(self, v, a, _b, _c):
        var = self.var
        return _scaled(lambda c: var[reg_index(a(c))], v)

    def k_st(self, v, a, b, _c):
        var = self.var

        def st(c):
            i = reg_index(a(c))
            var[i] = d2 = b(c)
            return d2
        return _scaled(st, v)

    def k_if(self, v, a, b, c):
        if c:
            return _scaled(lambda x: b(x) if a(x) else c(x), v)

        def if2(x):
            # The reference's build returns the (zero) condition itself when there is no
            # third argument, so a condition of -0 gives -0 (measured: if(-n,5) at n=0).
            cond = a(x)
            return b(x) if cond else cond
        return _scaled(if2, v)

    def k_ifnot(self, v, a, b, c):
        return _scaled(lambda x: b(x) if not a(x) else c(x) if c else 0.0, v)

    def k_between(self, v, a, b, c):
        def between(x):
            d = a(x)
            return 1.0 if d >= b(x) and d <= c(x) else 0.0
        return _scaled(between, v)

    def k_clip(self, v, a, b, c):
        def clip(x):
            d, lo, hi = a(x), b(x), c(x)
            if d != d or lo != lo or hi != hi or lo > hi:
                return NAN
            d = a(x)                    # (the reference evaluates it twice)
            d = d if d > lo else lo     # maxsd, then minsd: a tie gives the bound
            return v * (d if d < hi else hi)
        return clip

    def k_lerp(self, _v, a, b, c):
        def lerp(x):
            v0, v1, f = a(x), b(x), c(x)
            return v0 + (v1 - v0) * f
        return lerp

    def k_print(self, _v, a, b, _c):
        log = self.log

        def show(x):
            d = a(x)
            level = to_int(b(x)) if b else AV_LOG_INFO
            if log is not None:
                text = "%f" % d if d == d else ("-nan" if math.copysign(1, d) < 0 else "nan")
                log(level, text + "\n")
            return d
        return show

    def k_random(self, v, a, _b, _c):
        var = self.var

        def random(x):
            i = reg_index(a(x))
            r = 0 if var[i] != var[i] else fn.to_uint64(var[i])
            r = (r * 1664525 + 1013904223) & fn.MASK64
            var[i] = float(r)
            return float(r) * _INV_UINT64_MAX
        return _scaled(random, v)

    def k_while(self, _v, a, b, _c):
        def loop(x):
            d = NAN
            while a(x):
                d = b(x)
            return d
        return loop

    def k_taylor(self, _v, a, b, c):
        var = self.var

        def taylor(x):
            t, d = 1.0, 0.0
            z = b(x)
            i0 = reg_index(c(x)) if c else 0
            saved = var[i0]
            for i in range(1000):
                last = d
                var[i0] = float(i)
                r = a(x)
                d += t * r
                if last == d and r:
                    break
                t *= z / (i + 1)
            var[i0] = saved
            return d
        return taylor

    def k_root(self, _v, a, b, _c):
        var = self.var
        rev = fn.REVERSE

        def root(x):
            low, high, low_v, high_v = -1.0, -1.0, -fn.DBL_MAX, fn.DBL_MAX
            saved = var[0]
            x_max = b(x)
            for i in range(-1, 1024):
                if i < 255:
                    var[0] = rev[i & 255] * x_max / 255
                else:
                    var[0] = x_max * fn.c_pow(0.9, i - 255)
                    if i & 1:
                        var[0] *= -1.0
                    var[0] += low if i & 2 else high
                r = a(x)
                if r <= 0 and r > low_v:
                    low, low_v = var[0], r
                if r >= 0 and r < high_v:
                    high, high_v = var[0], r
                if low >= 0 and high >= 0:
                    for _j in range(1000):
                        var[0] = (low + high) * 0.5
                        if low == var[0] or high == var[0]:
                            break
                        r = a(x)
                        if r <= 0:
                            low = var[0]
                        if r >= 0:
                            high = var[0]
                        if r != r:
                            low = high = r
                            break
                    break
            var[0] = saved
            return low if -low_v < high_v else high
        return root


def compile_tree(tree, log=None):
    """The tree as f(values_tuple) -> float, with its own registers; `log(level, text)`
    receives what print() writes."""
    return _Builder(log).build(tree)
