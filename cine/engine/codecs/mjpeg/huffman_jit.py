"""Per-image ("optimal") Huffman tables as the reference's mjpeg encoder builds them.

The code lengths come from the package-merge algorithm limited to 16 bits, run over the
symbols sorted by count, with one extra pseudo-symbol of count 0 so that no real symbol gets
the all-ones code. The reference sorts with its own in-place quicksort, which is not stable:
symbols with equal counts (and, afterwards, codes of equal length) end up in the order that
particular quicksort leaves them, and that order decides the DHT bytes. `_quicksort` is
therefore a behavioural re-implementation of that sort (median-of-three pivot, partition,
early exit when a range is found sorted, smaller side first) rather than any stable sort.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel

MAX_CODE_LENGTH = 16
_PSEUDO_SYMBOL = 256


@helper
def _swap(key, val, a, b):
    k = key[a]
    key[a] = key[b]
    key[b] = k
    v = val[a]
    val[a] = val[b]
    val[b] = v


@helper
def _quicksort(key, val, n):
    """Sort entries 0..n-1 by key ascending (val travels along), in the reference's order."""
    stack_lo = np.zeros(64, np.int64)
    stack_hi = np.zeros(64, np.int64)
    sp = 1
    stack_lo[0] = 0
    stack_hi[0] = n - 1
    while sp:
        sp -= 1
        lo = stack_lo[sp]
        hi = stack_hi[sp]
        while lo < hi:
            if lo >= hi - 1:                 # two entries
                if key[lo] > key[hi]:
                    _swap(key, val, lo, hi)
                break
            mid = lo + ((hi - lo) >> 1)
            maybe_sorted = False
            if key[lo] > key[hi]:
                if key[hi] > key[mid]:
                    _swap(key, val, lo, mid)
                else:
                    _swap(key, val, lo, hi)
            elif key[lo] > key[mid]:
                _swap(key, val, lo, mid)
            else:
                maybe_sorted = True
            if key[mid] > key[hi]:
                _swap(key, val, mid, hi)
                maybe_sorted = False
            if lo == hi - 2:
                break
            _swap(key, val, hi - 1, mid)     # pivot parked next to the end
            pivot = hi - 1
            left = lo + 1
            right = hi - 2
            while left <= right:
                while left <= right and key[left] < key[pivot]:
                    left += 1
                while left <= right and key[right] > key[pivot]:
                    right -= 1
                if left <= right:
                    _swap(key, val, left, right)
                    left += 1
                    right -= 1
            _swap(key, val, pivot, left)
            if maybe_sorted and (mid == left - 1 or mid == left):
                k = lo
                while k < hi and key[k] <= key[k + 1]:
                    k += 1
                if k == hi:
                    break
            if hi - left < left - lo:
                stack_lo[sp] = lo
                stack_hi[sp] = right
                sp += 1
                lo = left + 1
            else:
                stack_lo[sp] = left + 1
                stack_hi[sp] = hi
                sp += 1
                hi = right


@helper
def _package_merge(prob, sym, size, nbits):
    """Code lengths (nbits[symbol] += 1 per selected package) of the `size` entries, which
    are sorted by prob; lengths are limited to MAX_CODE_LENGTH."""
    cap_items = 257 * (MAX_CODE_LENGTH + 1)
    # two alternating lists: list p holds count[p] entries; entry e has probability
    # eprob[p, e] and the leaf symbols items[p, start[p, e]:start[p, e + 1]]
    count = np.zeros(2, np.int64)
    start = np.zeros((2, 2 * 257 + 2), np.int64)
    eprob = np.zeros((2, 2 * 257 + 1), np.int64)
    items = np.zeros((2, cap_items), np.int64)
    src = 1
    i = 0
    for rnd in range(MAX_CODE_LENGTH + 1):
        dst = 1 - src
        count[dst] = 0
        start[dst, 0] = 0
        j = 0
        if rnd < MAX_CODE_LENGTH:
            i = 0                           # every round but the last adds the leaves again
        while i < size or j + 1 < count[src]:
            e = count[dst]
            count[dst] = e + 1
            pos = start[dst, e]
            if i < size and (j + 1 >= count[src]
                             or prob[i] < eprob[src, j] + eprob[src, j + 1]):
                items[dst, pos] = sym[i]
                pos += 1
                eprob[dst, e] = prob[i]
                i += 1
            else:
                for k in range(start[src, j], start[src, j + 2]):
                    items[dst, pos] = items[src, k]
                    pos += 1
                eprob[dst, e] = eprob[src, j] + eprob[src, j + 1]
                j += 2
            start[dst, e + 1] = pos
        src = dst
    chosen = size - 1 if size - 1 < count[src] else count[src]
    for k in range(start[src, chosen]):
        nbits[items[src, k]] += 1


@kernel("int64(int64[:], int64, int32[:], int32[:])")
def build_table(counts, max_symbols, bits, vals):
    """From the symbol counts (256 entries), the table's BITS (bits[1..16]; bits[0] unused)
    and HUFFVAL (vals[0..n-1]). Returns n, or -1 when more than max_symbols symbols occur
    (or the arrays are too short)."""
    if counts.shape[0] != 256 or bits.shape[0] < MAX_CODE_LENGTH + 1 or vals.shape[0] < 256:
        return -1
    prob = np.zeros(257, np.int64)
    sym = np.zeros(257, np.int64)
    n = 0
    for s in range(256):
        if counts[s] > 0:
            prob[n] = counts[s]
            sym[n] = s
            n += 1
    if n > max_symbols:
        return -1
    prob[n] = 0
    sym[n] = _PSEUDO_SYMBOL
    _quicksort(prob, sym, n + 1)
    nbits = np.zeros(257, np.int64)
    _package_merge(prob, sym, n + 1, nbits)
    length = np.zeros(256, np.int64)
    code = np.zeros(256, np.int64)
    m = 0
    for s in range(256):
        if nbits[s] > 0:
            code[m] = s
            length[m] = nbits[s]
            m += 1
    _quicksort(length, code, n)
    for k in range(MAX_CODE_LENGTH + 1):
        bits[k] = 0
    for k in range(n):
        vals[k] = code[k]
        bits[length[k]] += 1
    return n
