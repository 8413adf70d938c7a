"""Multi-level lookup tables of the AAC Huffman codebooks (the scalefactor book read by
spectral_jit; the spectral books there rebuilt with their sign bits, SPEC_TABLE).

TABLE is one int32 array holding every codebook's tables: book 0 is the scalefactor
codebook, books 1-11 the spectral ones. A book's root table has 2^ROOT_BITS entries, at
ROOTS[book], indexed by the next ROOT_BITS bits of the stream. An entry e >= 0 is a
codeword: symbol e >> 5, e & 31 bits long (counted from this table's first bit); e < 0
points at a subtable: -e >> 5 its offset, -e & 31 the bits that index it. The symbol is the
codebook index of the standard (scalefactor: difference + 60; spectral: the packed
quantised values, see spectral_jit)."""
from __future__ import annotations

import numpy as np

from .huffman_tables import SCALEFACTOR_BITS, SCALEFACTOR_CODES, SPECTRAL_BITS, SPECTRAL_CODES, \
    unpack_values
from .numeric_tables import POW43

ROOT_BITS = 8


def _build(out: list[int], codes: list[tuple[int, int, int]], bits: int) -> int:
    """Append a table indexed by `bits` bits for codes (code, length, symbol), whose lengths
    count from this table's first bit; return its offset."""
    base = len(out)
    out.extend([0] * (1 << bits))
    longer: dict[int, list[tuple[int, int, int]]] = {}
    for code, length, symbol in codes:
        if length <= bits:
            first = code << (bits - length)
            for k in range(1 << (bits - length)):
                out[base + first + k] = (symbol << 5) | length
        else:
            prefix = code >> (length - bits)
            rest = code & ((1 << (length - bits)) - 1)
            longer.setdefault(prefix, []).append((rest, length - bits, symbol))
    for prefix, group in longer.items():
        sub_bits = max(length for _c, length, _s in group)
        offset = _build(out, group, sub_bits)
        out[base + prefix] = -((offset << 5) | sub_bits)
    return base


def build_tables() -> tuple[np.ndarray, np.ndarray]:
    out: list[int] = []
    roots = []
    books = [(SCALEFACTOR_BITS, SCALEFACTOR_CODES)] + list(zip(SPECTRAL_BITS, SPECTRAL_CODES))
    for bits, codes in books:
        entries = [(code, length, symbol) for symbol, (length, code) in enumerate(zip(bits, codes))]
        roots.append(_build(out, entries, ROOT_BITS))
    return np.array(out, np.int32), np.array(roots, np.int32)


def build_values() -> np.ndarray:
    """VALUES[book, symbol]: the values of a spectral codebook index (unused slots 0)."""
    values = np.zeros((12, 289, 4), np.int32)
    for book in range(1, 12):
        for symbol in range(len(SPECTRAL_BITS[book - 1])):
            values[book, symbol] = unpack_values(book, symbol)
    return values


def build_dequant(values: np.ndarray) -> np.ndarray:
    """DEQUANT[book, symbol]: the values' |q|^(4/3) (numeric_tables.POW43), negated where q
    is (the signed codebooks), so that a value dequantises as one product with its gain
    (sign * (|q|^(4/3) * gain) is (sign * |q|^(4/3)) * gain exactly)."""
    table = POW43[np.abs(values)]
    return np.where(values < 0, -table, table).astype(np.float32)


TABLE, ROOTS = build_tables()
VALUES = build_values()
DEQUANT = build_dequant(VALUES)
