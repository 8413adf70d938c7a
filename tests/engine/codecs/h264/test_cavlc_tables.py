"""The CAVLC tables (cavlc_tables.py) have the shape of the standard's Tables 9-4, 9-5, 9-7 to
9-10, are prefix codes that fill the code space as the standard's do, and every code decodes to
its own value through the kernel's lookup arrays."""
from __future__ import annotations

from fractions import Fraction

from cine.engine.codecs.h264 import cavlc_tables as T
from cine.engine.codecs.h264.cavlc_jit import CT_BASE, RB_BASE, TZ_BASE, TZDC_BASE, VLC

COEFF_TOKEN = (T.COEFF_TOKEN_NC0, T.COEFF_TOKEN_NC2, T.COEFF_TOKEN_NC4, T.COEFF_TOKEN_NC8,
               T.COEFF_TOKEN_CHROMA_DC)


def _space(codes):
    """The share of the code space the codes take (1 for a complete code)."""
    return sum(Fraction(1, 2 ** len(c.replace(" ", ""))) for c in codes)


def _prefix_free(codes):
    bits = sorted(c.replace(" ", "") for c in codes)
    return all(not b.startswith(a) for a, b in zip(bits, bits[1:]))


def test_shapes():
    assert len(T.COEFF_TOKEN_ROWS) == 62
    assert T.COEFF_TOKEN_ROWS[:4] == ((0, 0), (0, 1), (1, 1), (0, 2))
    assert [len(c) for c in COEFF_TOKEN] == [62, 62, 62, 62, 14]
    assert [len(c) for c in T.TOTAL_ZEROS] == [17 - t for t in range(1, 16)]
    assert [len(c) for c in T.TOTAL_ZEROS_CHROMA_DC] == [4, 3, 2]
    assert [len(c) for c in T.RUN_BEFORE] == [2, 3, 4, 5, 6, 7, 15]
    assert sorted(T.CBP_INTRA) == list(range(48))
    assert sorted(T.CBP_INTRA_MONO) == list(range(16))
    # a few entries read off the standard's tables
    assert T.COEFF_TOKEN_NC0[T.COEFF_TOKEN_ROWS.index((3, 5))] == "0000 100"
    assert T.COEFF_TOKEN_NC2[T.COEFF_TOKEN_ROWS.index((1, 12))] == "0000 0000 0111 0"
    assert T.COEFF_TOKEN_NC8[T.COEFF_TOKEN_ROWS.index((2, 9))] == "100010"
    assert T.COEFF_TOKEN_CHROMA_DC[-1] == "0000 000"
    assert T.TOTAL_ZEROS[0][15] == "0000 0000 1" and T.RUN_BEFORE[6][14] == "0000 0000 001"
    assert T.CBP_INTRA[0] == 47 and T.CBP_INTRA[3] == 0 and T.CBP_INTRA_MONO[0] == 15


def test_prefix_codes_filling_the_code_space():
    for codes in COEFF_TOKEN + T.TOTAL_ZEROS + T.TOTAL_ZEROS_CHROMA_DC + T.RUN_BEFORE:
        assert _prefix_free(codes)
    # the standard leaves exactly one codeword unused in these
    assert [_space(c) for c in COEFF_TOKEN] == [
        1 - Fraction(1, 2 ** 15), 1 - Fraction(1, 2 ** 13), 1 - Fraction(1, 2 ** 10),
        1 - Fraction(1, 2 ** 5), 1]
    assert [_space(c) for c in T.TOTAL_ZEROS] == [1 - Fraction(1, 2 ** 9)] + [1] * 14
    assert all(_space(c) == 1 for c in T.TOTAL_ZEROS_CHROMA_DC)
    assert [_space(c) for c in T.RUN_BEFORE] == [1] * 6 + [1 - Fraction(1, 2 ** 11)]


def _lookup(base, bits16):
    """The kernel's two-level lookup: (code length, value) of the 16 bits that follow."""
    e = int(VLC[base + (bits16 >> 8)])
    if e < 0:
        e = int(VLC[-e + (bits16 & 255)])
    return e >> 8, e & 255


def _decodes(base, code, value):
    bits = code.replace(" ", "")
    following = (bits + "1010010111000011")[:16]              # other bits after the code
    return _lookup(base, int(following, 2)) == (len(bits), value)


def test_lookup_arrays_decode_every_code():
    for base, codes in zip(CT_BASE, COEFF_TOKEN):
        for (ones, total), code in zip(T.COEFF_TOKEN_ROWS, codes):
            assert _decodes(base, code, (ones << 5) | total), code
    for tables, bases in ((T.TOTAL_ZEROS, TZ_BASE), (T.TOTAL_ZEROS_CHROMA_DC, TZDC_BASE),
                          (T.RUN_BEFORE, RB_BASE)):
        for k, codes in enumerate(tables):
            for value, code in enumerate(codes):
                assert _decodes(bases[k + 1], code, value), (k, code)


def test_unused_codes_have_no_entry():
    assert _lookup(CT_BASE[0], 0b0000000000000001)[0] == 0
    assert _lookup(CT_BASE[3], 0b0000100000000000)[0] == 0
    assert _lookup(TZ_BASE[1], 0)[0] == 0
    assert _lookup(RB_BASE[7], 0)[0] == 0
