"""The Layer III decoder's computed tables, in the reference's float scaling (mp3float):
requantisation (|x|^(4/3) * 2^(e/4) as float32 for |x| < 16, as a 32-bit mantissa and
shift for the escape values), intensity stereo ratios, antialias butterflies, IMDCT windows
(the last IMDCT stage and the frequency inversion folded in) and the synthesis window.
Everything is computed in double precision and rounded once to float32, as the reference
builds its tables at start-up. Imported by the decoder only (numpy).
"""
from __future__ import annotations

import math

import numpy as np

from .huffman_tables import CODE_TABLE, PAIR_CODES, QUAD_CODES
from .tables import ALIAS_CA, ALIAS_CI, LONG_BOUNDS, SHORT_BOUNDS, SYNTH_WINDOW_HALF

IMDCT_SCALAR = 1.759        # the reference's scale folded into the requantisation
_EXP2_QUARTER = tuple(2.0 ** (k / 4) for k in range(4))
POW43_SIZE = (8191 + 16) * 4


def _expval():
    """float32 |v|^(4/3) * 2^((e - 400) / 4) / IMDCT_SCALAR * 2^28 for e < 512, v < 16."""
    pow43 = [v * float(np.cbrt(float(v))) for v in range(16)]
    table = np.zeros((512, 16), np.float32)
    base = 2.0 ** -72
    for e in range(512):
        if e and e & 3 == 0:
            base *= 2
        scale = base * _EXP2_QUARTER[e & 3] / IMDCT_SCALAR
        table[e] = [p * scale for p in pow43]
    return table


def _pow43_fixed():
    """Mantissa (31 bits) and negated binary exponent of |v|^(4/3) * 2^(k/4) / IMDCT_SCALAR
    at index 4v + k, for the escape values (the reference rounds these to integers). The
    same double operations element by element, in arrays (a loop over the 32k entries
    cost ~25 ms of start-up)."""
    i = np.arange(POW43_SIZE)
    v = (i // 4).astype(np.float64)
    pow43 = v / IMDCT_SCALAR * np.cbrt(v)
    mant, e = np.frexp(pow43 * np.array(_EXP2_QUARTER)[i & 3])
    value = np.rint(mant * 2.0 ** 31).astype(np.uint32)
    shift = (103 - e).astype(np.int32)
    value[0] = shift[0] = 0
    return value, shift


def _intensity():
    """MPEG-1 ratios (left, right) by is_pos 0..6; LSF ratios [scalefac_compress & 1][side]."""
    mpeg1 = np.zeros((2, 16), np.float32)
    mpeg1[0, 6] = 1.0
    for i in range(3, 6):
        t = math.tan(i * math.pi / 12)
        mpeg1[0, i] = t / (1 + t)
    for i in range(3):      # the reference's pairs sum to exactly 1 in float32
        mpeg1[0, i] = np.float32(1.0) - mpeg1[0, 6 - i]
    mpeg1[1, :7] = mpeg1[0, 6::-1]
    lsf = np.zeros((2, 2, 16), np.float32)
    for i in range(16):
        for j in range(2):
            f = 2.0 ** (-(j + 1) * ((i + 1) >> 1) / 4.0)
            k = i & 1
            lsf[j, k ^ 1, i] = f
            lsf[j, k, i] = 1.0
    return mpeg1, lsf


def _alias():
    """(cs_i, ca_i) of the antialias butterflies."""
    table = np.zeros((8, 2), np.float32)
    for i, c in enumerate(ALIAS_CI):
        table[i] = (1.0 / math.sqrt(1.0 + c * c), ALIAS_CA[i])
    return table


def _mdct_windows():
    """[kind][i]: kinds 0 normal, 1 start, 2 short (12 taps), 3 stop; kinds 4..7 the same
    with the odd taps negated (odd subbands: the frequency inversion)."""
    win = np.zeros((8, 36), np.float32)
    for j in range(4):
        for i in range(36):
            if j == 2 and i % 3 != 1:
                continue
            d = math.sin(math.pi * (i + 0.5) / 36.0)
            if j == 1:
                if i >= 30:
                    d = 0.0
                elif i >= 24:
                    d = math.sin(math.pi * (i - 18 + 0.5) / 12.0)
                elif i >= 18:
                    d = 1.0
            elif j == 3:
                if i < 6:
                    d = 0.0
                elif i < 12:
                    d = math.sin(math.pi * (i - 6 + 0.5) / 12.0)
                elif i < 18:
                    d = 1.0
            d *= 0.5 * IMDCT_SCALAR / math.cos(math.pi * (2 * i + 19) / 72)
            win[j, i // 3 if j == 2 else i] = d / 32
    win[4:] = win[:4]
    win[4:, 1::2] *= -1
    return win


def _synth_window():
    win = np.zeros(512, np.float32)
    for i in range(257):
        v = np.float32(SYNTH_WINDOW_HALF[i] * 2.0 ** -39)
        win[i] = v
        if i & 63:
            v = -v
        if i:
            win[512 - i] = v
    return win


LOOKUP_BITS = 8             # bits indexing a Huffman root table (and at most a subtable)


def _lookup_table(out: list, codes: list, bits: int) -> int:
    """Append the table indexed by the next `bits` bits for codes (codeword string,
    symbol), the codewords counted from this table's first bit; return its offset. An entry
    e >= 0 is a codeword: symbol e >> 5, e & 31 bits long; e < 0 points at a subtable: -e >> 5
    its offset, -e & 31 the bits that index it."""
    base = len(out)
    out.extend([0] * (1 << bits))
    longer: dict = {}
    for code, symbol in codes:
        if len(code) <= bits:
            first = int(code, 2) << (bits - len(code))
            for k in range(1 << (bits - len(code))):
                out[base + first + k] = (symbol << 5) | len(code)
        else:
            longer.setdefault(int(code[:bits], 2), []).append((code[bits:], symbol))
    for prefix, group in longer.items():
        sub = min(LOOKUP_BITS, max(len(code) for code, _ in group))
        offset = _lookup_table(out, group, sub)
        out[base + prefix] = -((offset << 5) | sub)
    return base


def _lookups():
    """Multi-level lookup tables of all Huffman tables in one array (see _lookup_table): the
    symbol is x * 16 + y for pairs, the 4-bit vwxy for quadruples. Returns (tables, root of
    table 0..31 (0 for the tables that code nothing), roots of the two count1 tables)."""
    out: list = []
    roots = {}
    for t, rows in PAIR_CODES.items():
        codes = [(code, x * 16 + y) for x, row in enumerate(rows)
                 for y, code in enumerate(row.split())]
        roots[t] = _lookup_table(out, codes, LOOKUP_BITS)
    quad = [_lookup_table(out, [(code, symbol) for symbol, code in enumerate(codes.split())],
                          LOOKUP_BITS) for codes in QUAD_CODES]
    pair_roots = np.array([roots.get(CODE_TABLE[t], 0) for t in range(32)], np.int32)
    return np.array(out, np.int32), pair_roots, np.array(quad, np.int32)


EXPVAL = _expval()
POW43_VALUE, POW43_SHIFT = _pow43_fixed()
IS_MPEG1, IS_LSF = _intensity()
ALIAS = _alias()
MDCT_WIN = _mdct_windows()
SYNTH_WIN = _synth_window()
HUFF_LOOKUP, HUFF_ROOT, QUAD_ROOT = _lookups()
BAND_LONG = np.array([[b[i + 1] - b[i] for i in range(22)] for b in LONG_BOUNDS], np.int32)
BAND_SHORT = np.array([[b[i + 1] - b[i] for i in range(13)] for b in SHORT_BOUNDS], np.int32)
LONG_START = np.array(LONG_BOUNDS, np.int32)
