"""Muxer private-option values as libavutil/opt.c reads them (FFmpeg 5.1.9): a lone number
the way av_expr evaluates a constant, and a flags value ("+a-b", "a+b", "0x10") folded into
one integer. Shared by the muxers that take private options (ogg, mp4/mov, mpegts).
"""
from __future__ import annotations

import re

_SI = {"y": -24, "z": -21, "a": -18, "f": -15, "p": -12, "n": -9, "u": -6, "m": -3, "c": -2,
       "d": -1, "h": 2, "k": 3, "K": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18, "Z": 21,
       "Y": 24}
_NUM = re.compile(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|nan)",
                  re.IGNORECASE)
_FLAG_TOKEN = re.compile(r"[+-]?[^+-]+")


def parse_number(text: str) -> float | None:
    """A number as av_expr evaluates a lone constant: strtod syntax, an SI prefix ('k', 'M',
    ...; 'Ki' for powers of two) and 'B' for bytes. None when it does not parse."""
    m = _NUM.match(text)
    if not m:
        return None
    lit = m.group(2)
    try:
        d = float(int(lit, 16)) if lit[:2].lower() == "0x" else float(lit)
    except ValueError:
        return None
    if m.group(1) == "-":
        d = -d
    rest = text[m.end():]
    if rest and rest[0] in _SI:
        e = _SI[rest[0]]
        if rest[1:2] == "i":
            d *= 2.0 ** (e / 3 * 10)
            rest = rest[2:]
        else:
            d *= 10.0 ** e
            rest = rest[1:]
    if rest[:1] == "B":
        d *= 8
        rest = rest[1:]
    return d if not rest.strip() else None


def parse_flags(text: str, table: dict, cur: int, undefined) -> int:
    """Fold a flags option value into `cur`: '+name' sets, '-name' clears, a bare first word
    replaces, later bare words add. A word that is neither a named flag nor a number is passed
    to `undefined(word)`, which logs the reference's error and raises."""
    val = cur
    first = True
    for tok in _FLAG_TOKEN.findall(text):
        sign = tok[0] if tok[0] in "+-" else ""
        word = tok[len(sign):]
        bit = table.get(word)
        if bit is None:
            d = parse_number(word)
            if d is None:
                undefined(word)
            bit = int(d)
        if sign == "+":
            val |= bit
        elif sign == "-":
            val &= ~bit
        else:
            val = bit if first else val | bit
        first = False
    return val
