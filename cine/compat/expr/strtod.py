"""Numbers as libavutil/eval.c reads them (FFmpeg 5.1.9): C strtod, and av_strtod on top of it
(strtoul for a leading "0x", then a "dB" suffix, an SI prefix with an optional binary 'i', and
a 'B' for bytes). Both work on a position in a string and return (value, end); end == pos when
nothing parsed, as C's endptr."""
from __future__ import annotations

import math

# SI prefix -> (binary value, decimal value): eval.c's table, the 'i' forms being 2^(10*exp/3)
# rounded to double as the reference stores them
SI_PREFIXES = {
    "y": (8.271806125530276749e-25, 1e-24), "z": (8.4703294725430034e-22, 1e-21),
    "a": (8.6736173798840355e-19, 1e-18), "f": (8.8817841970012523e-16, 1e-15),
    "p": (9.0949470177292824e-13, 1e-12), "n": (9.3132257461547852e-10, 1e-9),
    "u": (9.5367431640625e-7, 1e-6), "m": (9.765625e-4, 1e-3),
    "c": (9.8431332023036951e-3, 1e-2), "d": (9.921256574801246e-2, 1e-1),
    "h": (1.0159366732596479e2, 1e2), "k": (1.024e3, 1e3), "K": (1.024e3, 1e3),
    "M": (1.048576e6, 1e6), "G": (1.073741824e9, 1e9), "T": (1.099511627776e12, 1e12),
    "P": (1.125899906842624e15, 1e15), "E": (1.152921504606847e18, 1e18),
    "Z": (1.1805916207174113e21, 1e21), "Y": (1.2089258196146292e24, 1e24),
}
LOG2_10 = 3.32192809488736234787
ULONG_MAX = (1 << 64) - 1

# C strtod in the C locale: sign, then a hex float, inf/infinity, nan(chars) or a decimal
_FLOAT = (r"([+-]?)(?:(0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?[0-9]+)?)"
          r"|(inf(?:inity)?|nan(?:\([0-9a-z_]*\))?)"
          r"|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?))")
_HEX = r"[0-9a-fA-F]+"
_rx: list = []


def _patterns():
    if not _rx:
        import re               # (only expressions need it: not paid at start-up)
        _rx.append(re.compile(_FLOAT, re.IGNORECASE | re.ASCII))
        _rx.append(re.compile(_HEX, re.ASCII))
    return _rx


def _nan(chars: str) -> float:
    """glibc's NaN for "nan(chars)": when chars are all one strtoull(base 0) number, its low
    51 bits become the payload under the quiet bit (strtoull saturates)."""
    import re
    m = re.fullmatch(r"0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*)", chars)
    if not m:
        return math.nan
    hexa, octal, dec = m.groups()
    payload = int(hexa, 16) if hexa else int(octal, 8) if octal else int(dec)
    import struct
    payload = min(payload, ULONG_MAX) & ((1 << 51) - 1)
    return struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000000 | payload))[0]


def strtod(s: str, pos: int) -> tuple[float, int]:
    """C strtod at s[pos:] (no leading blanks: the expression parser has removed them)."""
    m = _patterns()[0].match(s, pos)
    if not m:
        return 0.0, pos
    sign, hexa, word, dec = m.groups()
    if hexa:
        value = float.fromhex(hexa)
    elif word:
        value = math.inf if word[0] in "iI" else _nan(word[4:-1])
    else:
        value = float(dec)
    return (-value if sign == "-" else value), m.end()


def exp10(x: float) -> float:
    """ff_exp10 (libavutil/ffmath.h): exp2(log2(10) * x)."""
    try:
        return math.exp2(LOG2_10 * x)
    except OverflowError:
        return math.inf


def av_strtod(s: str, pos: int) -> tuple[float, int]:
    """av_strtod at s[pos:]: (value, end)."""
    if s.startswith("0", pos) and s[pos + 1:pos + 2] in ("x", "X"):
        m = _patterns()[1].match(s, pos + 2)
        if m:   # strtoul saturates
            value, end = float(min(int(m.group(0), 16), ULONG_MAX)), m.end()
        else:   # strtoul reads just the "0"
            value, end = 0.0, pos + 1
    else:
        value, end = strtod(s, pos)
        if end == pos:
            return value, pos
    if s.startswith("dB", end):
        value, end = exp10(value / 20), end + 2
    else:
        si = SI_PREFIXES.get(s[end:end + 1])
        if si is not None:
            if s.startswith("i", end + 1):
                value, end = value * si[0], end + 2
            else:
                value, end = value * si[1], end + 1
    if s.startswith("B", end):
        value, end = value * 8, end + 1
    return value, end
