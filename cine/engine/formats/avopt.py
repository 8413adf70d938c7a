"""Muxer private-option values as libavutil/opt.c reads them (FFmpeg 5.1.9): a lone number
the way av_expr evaluates a constant, and a flags value ("+a-b", "a+b", "0x10") folded into
one integer. Shared by the muxers that take private options (ogg, mp4/mov, mpegts).
"""
from __future__ import annotations

_SI = {"y": -24, "z": -21, "a": -18, "f": -15, "p": -12, "n": -9, "u": -6, "m": -3, "c": -2,
       "d": -1, "h": 2, "k": 3, "K": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18, "Z": 21,
       "Y": 24}
_NUM = r"\s*([+-]?)(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|nan)"
_num_rx = None


def _number_match(text: str):
    """_NUM matched at the start of text, compiled on first use: every muxer imports this
    module, few runs set an option, and `re` costs a few ms of start-up."""
    global _num_rx
    if _num_rx is None:
        import re
        _num_rx = re.compile(_NUM, re.IGNORECASE | re.ASCII)     # C's digits only
    return _num_rx.match(text)


def parse_number(text: str) -> float | None:
    """A number as av_expr evaluates a lone constant: strtod syntax, an SI prefix ('k', 'M',
    ...; 'Ki' for powers of two) and 'B' for bytes. None when it does not parse."""
    m = _number_match(text)
    if not m:
        return None
    lit = m.group(2)
    try:
        # (strtoul saturates at ULONG_MAX)
        d = float(min(int(lit, 16), (1 << 64) - 1)) if lit[:2].lower() == "0x" else float(lit)
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


def flag_steps(text: str) -> list:
    """The (sign, word, rest) steps of an av_opt flags value as set_string_number walks it: an
    optional '+'/'-', the run of characters up to the next sign, and the value from the run
    on (what the reference's "Unable to parse option value" names). FFmpeg 5.1.9: a step
    whose run is empty (a sign at the end, two signs in a row, an empty value) takes the rest
    of the value as its word and ends the walk."""
    out = []
    i, n = 0, len(text)
    while True:
        sign = ""
        if i < n and text[i] in "+-":
            sign = text[i]
            i += 1
        k = i
        while k < n and text[k] not in "+-":
            k += 1
        if k == i:
            out.append((sign, text[i:], text[i:]))
            return out
        out.append((sign, text[i:k], text[i:]))
        i = k
        if i >= n:
            return out


def flag_tokens(text: str) -> list:
    """(sign, word) of flag_steps: "+a-b c" -> [("+", "a"), ("-", "b c")], "a+" -> [("", "a"),
    ("+", "")]."""
    return [(sign, word) for sign, word, _ in flag_steps(text)]


def _eval_word(word: str, names: dict):
    """A flags word as av_expr evaluates it when it is not a constant of the option itself:
    unary signs, then a named constant or a number. (value or None, the name the reference's
    "Undefined constant" error quotes)."""
    body = word.lstrip("+-")
    neg = (len(word) - len(body)) - word[:len(word) - len(body)].count("+")
    d = names.get(body)
    if d is None:
        d = parse_number(body) if body else None
    if d is None:
        return None, body
    return (-d if neg % 2 else d), body


def _llrint(x: float) -> int:
    """C llrint (round half to even); NaN and values outside int64 give INT64_MIN (x86)."""
    if x != x or not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        return -(1 << 63)
    return round(x)


def _int64(x) -> int:
    """C's (int64_t)x of a double: truncation; NaN and out of range give INT64_MIN (x86)."""
    if isinstance(x, int):
        return x
    if x != x or not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        return -(1 << 63)
    return int(x)


def parse_flags(text: str, table: dict, cur: int, undefined, rejected=None,
                consts=None) -> int:
    """Fold a flags option value into `cur` as av_opt_set does: '+name' sets, '-name' clears,
    a bare first word replaces. A word that is not a named flag is evaluated (signs, the
    named flags and av_opt's constants default/min/max (`consts`, the option's own; 0 when
    not given), none and all, or a number). A word that does not evaluate is passed to
    `undefined(name, value)`, which logs the reference's errors ("Undefined constant or
    missing '(' in 'NAME'", "Unable to parse option value \"VALUE\"") and raises. A NaN
    ("Unable to parse option value", `value` given) and a result that is no set of 32-bit
    flags (not a whole number in -1..0xFFFFFFFF: ERANGE) go to `rejected(value, number)` when
    given, else to `undefined`. The result is unsigned."""
    names = dict({"default": 0, "max": 0, "min": 0}, **(consts or {}))
    names.update({"none": 0, "all": -1}, **table)
    val = cur
    for sign, word, rest in flag_steps(text):
        d = table.get(word)
        if d is None:
            d, name = _eval_word(word, names)
            if d is None:
                undefined(name, rest)
                continue
            if d != d:
                if rejected is None:
                    undefined(name, rest)
                else:
                    rejected(rest, d)
                continue
        held = val & 0xFFFFFFFF                 # FFmpeg 5.1.9: *(unsigned int *)dst
        if sign == "+":
            d = float(held | _int64(d))
        elif sign == "-":
            d = float(held & ~_int64(d))
        if d < -1.5 or d > 0xFFFFFFFF + 0.5 or _llrint(d * 256) & 255:
            if rejected is None:
                undefined(word, rest)
            else:
                rejected(rest, d)
            continue
        val = _llrint(d) & 0xFFFFFFFF
    return val


_STRICT = {"very": 2, "strict": 1, "normal": 0, "unofficial": -1, "experimental": -2}


def strict_level(options: dict) -> int:
    """The format context's strict_std_compliance from its "strict" option (a number or one
    of its named levels; 0, normal, when unset)."""
    text = options.get("strict")
    if text is None:
        return 0
    text = str(text).strip()
    if text in _STRICT:
        return _STRICT[text]
    n = parse_number(text)
    return int(n) if n is not None and n == n else 0
