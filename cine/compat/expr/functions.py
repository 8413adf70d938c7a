"""The C arithmetic behind eval.c's functions, as the reference computes it on x86-64 with
glibc: libm calls that never raise (an overflow is an infinity, a domain error the NaN glibc
returns), floor/ceil/trunc/round keeping -0.0, the double->integer conversions of cvttsd2si
(a NaN or an out-of-range value becomes the most negative integer), av_gcd, and the tables
of built-in functions and constants."""
from __future__ import annotations

import math
import time

INF = math.inf
NAN = math.nan                  # C's NAN macro: a positive quiet NaN
DEFAULT_NAN = INF - INF         # what an invalid operation yields (negative on x86)
DBL_MAX = 1.7976931348623157e308
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
INT64_MIN, MASK64 = -(1 << 63), (1 << 64) - 1

CONSTANTS = {"E": math.e, "PI": math.pi, "PHI": 1.61803398874989484820, "QP2LAMBDA": 118.0}

# the functions eval.c knows, by name -> node kind; the one-argument libm ones are "func0"
FUNC0 = ("sinh", "cosh", "tanh", "sin", "cos", "tan", "atan", "asin", "acos", "exp", "log",
         "abs", "time")
KINDS = ("squish", "gauss", "mod", "max", "min", "eq", "gte", "gt", "lte", "lt", "ld", "isnan",
         "isinf", "st", "while", "taylor", "root", "floor", "ceil", "trunc", "round", "sqrt",
         "not", "pow", "print", "random", "hypot", "gcd", "if", "ifnot", "bitand", "bitor",
         "between", "clip", "atan2", "lerp", "sgn")


def to_int(x: float) -> int:
    """(int)x: truncation; a NaN or a value outside int gives INT_MIN."""
    if -2147483649.0 < x < 2147483648.0:
        return int(x)
    return INT_MIN


def to_int64(x: float) -> int:
    """(int64_t)x, as to_int for 64 bits."""
    if -9223372036854775809.0 < x < 9223372036854775808.0:
        return int(x)
    return INT64_MIN


def to_uint64(x: float) -> int:
    """(uint64_t)x as gcc emits it: below 2^63 a signed conversion, else one of x - 2^63."""
    if x >= 9223372036854775808.0:
        return (to_int64(x - 9223372036854775808.0) & MASK64) ^ (1 << 63)
    return to_int64(x) & MASK64


def reg_index(x: float) -> int:
    """av_clip(x, 0, VARS-1) with x converted to int first: a register number."""
    i = to_int(x)
    return 0 if i < 0 else 9 if i > 9 else i


# floor, ceil and trunc are inlined by the reference's compiler as a conversion to a 64-bit
# integer and back (for |x| < 2^52): a zero result is +0.0 whatever the sign of x
def c_floor(x: float) -> float:
    return float(math.floor(x)) if x - x == 0 else x     # (inf and nan stay)


def c_ceil(x: float) -> float:
    return float(math.ceil(x)) if x - x == 0 else x


def c_trunc(x: float) -> float:
    return float(math.trunc(x)) if x - x == 0 else x


def c_round(x: float) -> float:
    """C round: halves away from zero (x - trunc(x) is exact)."""
    if x - x != 0 or not x:
        return x
    t = float(math.trunc(x))
    if abs(x - t) >= 0.5:
        t += math.copysign(1.0, x)
    return math.copysign(t, x)


def _odd_integer(y: float) -> bool:
    return y - y == 0 and y == math.floor(y) and math.fmod(y, 2.0) != 0


def c_pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:
        return -INF if x < 0 and _odd_integer(y) else INF
    except ValueError:
        if x == 0:      # a pole: the infinity has the sign of a zero raised to an odd integer
            return math.copysign(INF, x) if _odd_integer(y) else INF
        return DEFAULT_NAN


def c_sqrt(x: float) -> float:
    return DEFAULT_NAN if x < 0 else math.sqrt(x)


def c_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def c_log(x: float) -> float:
    if x == 0:
        return -INF
    return DEFAULT_NAN if x < 0 else math.log(x)


def _periodic(fn):
    def f(x: float) -> float:
        return DEFAULT_NAN if x in (INF, -INF) else fn(x)
    return f


def _bounded(fn):
    def f(x: float) -> float:
        return NAN if abs(x) > 1 else fn(x)    # (glibc's asin/acos NaN is positive)
    return f


def _hyperbolic(fn, odd: bool):
    def f(x: float) -> float:
        try:
            return fn(x)
        except OverflowError:
            return math.copysign(INF, x) if odd else INF
    return f


def etime(_x: float) -> float:
    """time(): the wall clock in seconds, at av_gettime's microsecond resolution."""
    return (time.time_ns() // 1000) * 0.000001


_libm_hypot = []


def c_hypot(x: float, y: float) -> float:
    """libm's hypot: Python's own rounds differently in a fraction of a percent of cases."""
    if not _libm_hypot:
        try:
            import ctypes
            import ctypes.util
            f = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6").hypot
            f.restype, f.argtypes = ctypes.c_double, (ctypes.c_double, ctypes.c_double)
            _libm_hypot.append(f)
        except (OSError, AttributeError):
            _libm_hypot.append(math.hypot)
    return _libm_hypot[0](x, y)


def gcd(a: int, b: int) -> int:
    """av_gcd over int64 values (binary GCD), the result read back as an int64."""
    if a == 0:
        return b
    if b == 0:
        return a
    za, zb = (a & -a).bit_length() - 1, (b & -b).bit_length() - 1
    u, v = abs(a >> za), abs(b >> zb)
    while u != v:
        if u > v:
            u, v = v, u
        v -= u
        v >>= (v & -v).bit_length() - 1
    r = (u << min(za, zb)) & MASK64
    return r - (1 << 64) if r >> 63 else r


LIBM = {
    "sinh": _hyperbolic(math.sinh, True), "cosh": _hyperbolic(math.cosh, False),
    "tanh": math.tanh, "sin": _periodic(math.sin), "cos": _periodic(math.cos),
    "tan": _periodic(math.tan), "atan": math.atan, "asin": _bounded(math.asin),
    "acos": _bounded(math.acos), "exp": c_exp, "log": c_log, "abs": math.fabs, "time": etime,
}

# ff_reverse: each byte with its bits in reverse order (root() probes in this order)
REVERSE = tuple(int(format(i, "08b")[::-1], 2) for i in range(256))
