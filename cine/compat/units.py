"""Value formatting of ffprobe 5.1.9 (fftools/ffprobe.c value_string): -unit, -prefix,
-byte_binary_prefix, -sexagesimal and -pretty applied to seconds, Hz, bytes and bit/s.
"""
from __future__ import annotations

import math

from ..engine.record import FrozenRecord

SECOND = "s"
HERTZ = "Hz"
BYTE = "byte"
BIT_PER_SECOND = "bit/s"

# (binary value, decimal value, binary prefix, decimal prefix)
_PREFIXES = (
    (1.0, 1.0, "", ""),
    (1.024e3, 1e3, "Ki", "K"),
    (1.048576e6, 1e6, "Mi", "M"),
    (1.073741824e9, 1e9, "Gi", "G"),
    (1.099511627776e12, 1e12, "Ti", "T"),
    (1.125899906842624e15, 1e15, "Pi", "P"),
)

_LLONG_MIN = -(1 << 63)


class ValueFormat(FrozenRecord):
    unit: bool = False
    prefix: bool = False
    byte_binary_prefix: bool = False
    sexagesimal: bool = False

    def __init__(self, unit=False, prefix=False, byte_binary_prefix=False, sexagesimal=False):
        _set = object.__setattr__
        _set(self, 'unit', unit)
        _set(self, 'prefix', prefix)
        _set(self, 'byte_binary_prefix', byte_binary_prefix)
        _set(self, 'sexagesimal', sexagesimal)

    @classmethod
    def from_options(cls, opts) -> "ValueFormat":
        return cls(bool(getattr(opts, "unit", False)), bool(getattr(opts, "prefix", False)),
                   bool(getattr(opts, "byte_binary_prefix", False)),
                   bool(getattr(opts, "sexagesimal", False)))


def _c_trunc(x: float) -> int:
    """A C cast of a double to long long (x86: out of range and NaN give LLONG_MIN)."""
    if math.isnan(x) or math.isinf(x) or not (-9.223372036854775808e18 <= x < 9.223372036854775808e18):
        return _LLONG_MIN
    return int(x)


def _c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _c_mod(a: int, b: int) -> int:
    return a - _c_div(a, b) * b


def value_string(value, unit: str, fmt: ValueFormat) -> str:
    """Format an integer (or, for seconds, a float) value with its unit as ffprobe does."""
    show_float = unit == SECOND
    if show_float:
        vald = float(value)
        vali = 0
    else:
        vali = int(value)
        vald = float(vali)

    if show_float and fmt.sexagesimal:
        mins = _c_div(_c_trunc(vald), 60)
        secs = vald - mins * 60
        hours = _c_div(mins, 60)
        mins = _c_mod(mins, 60)
        return "%d:%02d:%09.6f" % (hours, mins, secs)

    prefix = ""
    if fmt.prefix and vald > 1:
        if unit == BYTE and fmt.byte_binary_prefix:
            index = min(max(_c_trunc(math.log2(vald)) // 10, 0), len(_PREFIXES) - 1)
            vald /= _PREFIXES[index][0]
            prefix = _PREFIXES[index][2]
        else:
            index = min(max(_c_trunc(math.log10(vald)) // 3, 0), len(_PREFIXES) - 1)
            vald /= _PREFIXES[index][1]
            prefix = _PREFIXES[index][3]
        vali = _c_trunc(vald)

    if show_float or (fmt.prefix and vald != _c_trunc(vald)):
        text = "%f" % vald
    else:
        text = "%d" % vali
    if prefix or fmt.unit:
        text += " " + prefix + (unit if fmt.unit else "")
    return text
