"""Vorbis codebooks for decoding (Vorbis I specification section 3.2.1): code lengths,
Huffman codewords, VQ vectors, and the packed lookup structures the packet kernel reads.

FFmpeg 5.1.9 gives codewords in entry order, each taking the shallowest free branch
(ff_vorbis_len2vlc), the first bit read being the codeword's least significant bit. A
codebook with lookup type 1 keeps vectors for its used entries only and renumbers them:
its decoded symbol is the index among used entries. The reference refuses lookup type 2
(the headers' validation in setup.py already stopped those streams).

Decoding reads LUT_BITS bits at once through a table (`lut`: symbol << 8 | length, or -1 when
the code is longer or unused) and walks a binary tree (`tree`) for the rest.
"""
from __future__ import annotations

from .setup import nth_root, ordered_code_lengths

LUT_BITS = 10
LUT_LONG = -1
TREE_INVALID = 0        # node 0 is a placeholder, never a child: a branch without a code


def _float32_of(raw: int):
    """The reference's vorbisfloat2float: mantissa * 2 ** (exponent - 788) as a C float."""
    import math

    import numpy as np
    mant = raw & 0x1FFFFF
    if raw & 0x80000000:
        mant = -mant
    value = math.ldexp(mant, ((raw & 0x7FE00000) >> 21) - 788)
    with np.errstate(over="ignore"):
        return np.float32(value)


class Codebook:
    __slots__ = ("dims", "lengths", "vectors")

    def __init__(self, dims: int, lengths: list, vectors):
        self.dims = dims
        self.lengths = lengths      # code length of each symbol (0: no code)
        self.vectors = vectors      # float32 (symbols, dims), or None (lookup type 0)


def read_codebook(gb, tmp_bits: list) -> Codebook:
    """One codebook from the setup header's bit reader (already validated: setup.py).
    `tmp_bits` is the length scratch the reference reuses from one codebook to the next."""
    import numpy as np
    gb.get(24)
    dims = gb.get(16) & 0xFF
    entries = gb.get(24)
    if not gb.get(1):
        sparse = gb.get(1)
        gb.code_lengths(entries, sparse, tmp_bits)
    else:
        ordered_code_lengths(gb, entries, tmp_bits)
    lookup = gb.get(4)
    if lookup != 1:
        return Codebook(dims, tmp_bits[:entries], None)
    values = nth_root(entries, dims)
    minimum = _float32_of(gb.get(32))
    delta = _float32_of(gb.get(32))
    value_bits = gb.get(4) + 1
    sequence_p = gb.get(1)
    multiplicands = np.array([gb.get(value_bits) for _ in range(values)], dtype=np.float32)
    kept = [i for i in range(entries) if tmp_bits[i]]
    lengths = [tmp_bits[i] for i in kept]
    vectors = np.zeros((len(kept), dims), dtype=np.float32)
    if values:
        index = np.array(kept, dtype=np.int64)
        last = np.zeros(len(kept), dtype=np.float32)
        for k in range(dims):
            # multiplicand * delta + minimum + last, each step rounded to float
            column = multiplicands[index % values] * delta + minimum + last
            vectors[:, k] = column
            if sequence_p:
                last = column
            index //= values
    return Codebook(dims, lengths, vectors)


def codewords(lengths: list) -> list:
    """Each symbol's codeword (first bit read = bit 0), FFmpeg's assignment; -1 for none."""
    codes = [-1] * len(lengths)
    exits = [0] * 33
    first = True
    for p, n in enumerate(lengths):
        if not n:
            continue
        if first:
            codes[p] = 0
            for i in range(n):
                exits[i + 1] = 1 << i
            first = False
            continue
        i = n
        while i > 0 and not exits[i]:
            i -= 1
        if not i:
            break                       # over-specified: the headers' check refused it
        code = exits[i]
        exits[i] = 0
        for j in range(i + 1, n + 1):
            exits[j] = code + (1 << (j - 1))
        codes[p] = code
    return codes


class PackedBooks:
    """All codebooks of a stream as flat arrays for the kernels (see the module doc)."""

    def __init__(self, books: list):
        import numpy as np
        n = len(books)
        self.dims = np.array([b.dims for b in books], dtype=np.int32)
        self.lut_off = np.zeros(n, dtype=np.int32)
        self.vec_off = np.full(n, -1, dtype=np.int32)
        self.root = np.zeros(n, dtype=np.int32)
        luts, vecs, tree = [], [], [0, 0]
        lut_pos = vec_pos = 0
        for i, book in enumerate(books):
            codes = codewords(book.lengths)
            lut = np.full(1 << LUT_BITS, LUT_LONG, dtype=np.int32)
            self.root[i] = len(tree) // 2
            tree += [TREE_INVALID, TREE_INVALID]
            for sym, (code, n_bits) in enumerate(zip(codes, book.lengths)):
                if code < 0:
                    continue
                if n_bits <= LUT_BITS:
                    lut[code::1 << n_bits] = sym << 8 | n_bits
                else:
                    _insert(tree, self.root[i], code, n_bits, sym)
            luts.append(lut)
            self.lut_off[i] = lut_pos
            lut_pos += lut.size
            if book.vectors is not None:
                self.vec_off[i] = vec_pos
                vecs.append(book.vectors.ravel())
                vec_pos += book.vectors.size
        self.lut = np.concatenate(luts)
        self.tree = np.array(tree, dtype=np.int32)
        self.vectors = np.concatenate(vecs) if vecs else np.zeros(1, dtype=np.float32)
        # symbols each book can return (vector rows for VQ books)
        self.size = np.array([len(b.lengths) for b in books], dtype=np.int32)


def _insert(tree: list, root: int, code: int, n_bits: int, sym: int) -> None:
    node = root
    for k in range(n_bits - 1):
        slot = 2 * node + (code >> k & 1)
        if tree[slot] <= 0:
            tree[slot] = len(tree) // 2
            tree += [TREE_INVALID, TREE_INVALID]
        node = tree[slot]
    tree[2 * node + (code >> (n_bits - 1) & 1)] = -(sym + 1)
