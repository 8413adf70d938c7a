"""The Layer III tables against properties the standards state."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from cine.engine.codecs.mp3 import computed_tables as C
from cine.engine.codecs.mp3.huffman_tables import PAIR_CODES, QUAD_CODES
from cine.engine.codecs.mp3.tables import (ALIAS_CA, ALIAS_CI, LONG_BOUNDS, LSF_PARTITIONS,
                                           SHORT_BOUNDS, SYNTH_WINDOW_HALF)


def _complete_prefix_code(codes):
    assert sum(Fraction(1, 2 ** len(c)) for c in codes) == 1
    ordered = sorted(codes)
    for a, b in zip(ordered, ordered[1:]):
        assert not b.startswith(a), (a, b)


def test_huffman_tables_are_complete_prefix_codes():
    sizes = {1: 2, 2: 3, 3: 3, 5: 4, 6: 4, 7: 6, 8: 6, 9: 6, 10: 8, 11: 8, 12: 8, 13: 16,
             15: 16, 16: 16, 24: 16}
    for table, rows in PAIR_CODES.items():
        codes = [c for row in rows for c in row.split()]
        assert len(rows) == sizes[table] and len(codes) == sizes[table] ** 2, table
        _complete_prefix_code(codes)
    for codes in QUAD_CODES:
        _complete_prefix_code(codes.split())
    assert max(len(c) for rows in PAIR_CODES.values() for r in rows for c in r.split()) == 19


def _lookup(root, code):
    """Decode the codeword string through the lookup tables as spectrum_jit does:
    (symbol, length), or None when the tables point elsewhere."""
    bits = code + "0" * (32 - len(code))
    off, nb, k = int(root), C.LOOKUP_BITS, 0
    while k + nb <= 32:
        e = int(C.HUFF_LOOKUP[off + int(bits[k:k + nb], 2)])
        if e >= 0:
            return e >> 5, k + (e & 31)
        k += nb
        off, nb = (-e) >> 5, (-e) & 31
    return None


def test_huffman_lookup_decodes_every_code():
    for table, rows in PAIR_CODES.items():
        root = C.HUFF_ROOT[{13: 13, 15: 15, 16: 16, 24: 24}.get(table, table)]
        for x, row in enumerate(rows):
            for y, code in enumerate(row.split()):
                assert _lookup(root, code) == (x * 16 + y, len(code)), (table, code)
    for root, codes in zip(C.QUAD_ROOT, QUAD_CODES):
        for symbol, code in enumerate(codes.split()):
            assert _lookup(root, code) == (symbol, len(code))


def test_band_boundaries():
    for bounds in LONG_BOUNDS:
        assert len(bounds) == 23 and bounds[-1] == 576 and list(bounds) == sorted(bounds)
    for bounds in SHORT_BOUNDS:
        assert len(bounds) == 14 and bounds[-1] == 192 and list(bounds) == sorted(bounds)
    # MPEG-1 44.1 kHz long band 21 starts at line 418 (11172-3 Table B.8)
    assert LONG_BOUNDS[0][21] == 418 and SHORT_BOUNDS[0][12] == 136


def test_lsf_partitions_cover_the_bands():
    # long blocks: 21 scale factors, short: 36 (12 bands x 3), mixed: 6 long + 27 short... as
    # 13818-3 Table B.6 counts them (tables 0..2 normal, 3..5 intensity right channel)
    for table in LSF_PARTITIONS:
        assert sum(table[0]) == 21 and sum(table[1]) == 36
        assert sum(table[2]) in (33, 35, 36)


def test_computed_tables():
    for c, ca, (cs32, ca32) in zip(ALIAS_CI, ALIAS_CA, C.ALIAS):
        exact = c / math.sqrt(1 + c * c)
        assert abs(float(np.float32(ca)) - exact) <= abs(float(np.spacing(np.float32(exact))))
        assert cs32 == np.float32(1 / math.sqrt(1 + c * c)) and ca32 == np.float32(ca)
    assert (C.IS_MPEG1[0, :7] + C.IS_MPEG1[1, :7] == 1).all()
    assert len(SYNTH_WINDOW_HALF) == 257 and SYNTH_WINDOW_HALF[256] == 75038
    # synthesis window symmetry (11172-3 Table B.3): D[512 - i] = -D[i] off the multiples of 64
    w = C.SYNTH_WIN
    assert w[512 - 1] == -w[1] and w[512 - 64] == w[64]
    # requantisation: 8^(4/3) = 16 at exponent 400 (gain 210) in the float scaling
    assert np.isclose(C.EXPVAL[400, 8], 16 * 2.0 ** 28 / 1.759, rtol=1e-6)
    mant, shift = int(C.POW43_VALUE[4 * 27]), int(C.POW43_SHIFT[4 * 27])
    assert np.isclose(mant * 2.0 ** -shift, 81 * 2.0 ** 28 / 1.759 * 2 ** -100, rtol=1e-8)
