"""Baseline JPEG entropy coding (T.81 F.1.2) of quantised blocks: symbol statistics for the
per-image Huffman tables, and the scan itself with 0xFF byte stuffing.

Blocks are rows of 64 levels in zig-zag order (as dct_jit leaves them) with their component
(0 Y, 1 Cb, 2 Cr) and last non-zero index. DC levels are coded as differences from the
previous block of the same component, starting from 128. Tables are numbered as in the DHT
segment: 0 DC luma, 1 DC chroma, 2 AC luma, 3 AC chroma. The scan ends padded with 1 bits.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel

DC_START = 128
ZRL = 0xF0              # sixteen zeros
EOB = 0x00
ERR_ARGS = -1
ERR_NO_CODE = -2        # a symbol the tables have no code for
ERR_FULL = -3           # output buffer too small


@helper
def _size(v):
    """Magnitude category: bits needed for |v|."""
    a = v if v > 0 else -v
    n = 0
    while a:
        n += 1
        a >>= 1
    return n


@helper
def _check(blocks, comps, last, nblocks):
    if nblocks < 0 or blocks.shape[0] < nblocks or blocks.shape[1] < 64:
        return False
    if comps.shape[0] < nblocks or last.shape[0] < nblocks:
        return False
    for n in range(nblocks):
        if comps[n] < 0 or comps[n] > 2 or last[n] < 0 or last[n] > 63:
            return False
    return True


@kernel("int64(int16[:, :], int8[:], int32[:], int64, int64[:, :])")
def count_symbols(blocks, comps, last, nblocks, counts):
    """counts[table, symbol] += occurrences of each Huffman symbol. Returns 0 or ERR_ARGS."""
    if not _check(blocks, comps, last, nblocks) or counts.shape[0] < 4 or counts.shape[1] < 256:
        return ERR_ARGS
    pred = np.full(3, DC_START, np.int64)
    for n in range(nblocks):
        comp = comps[n]
        table = 0 if comp == 0 else 1
        dc = np.int64(blocks[n, 0])
        s = _size(dc - pred[comp])
        if s > 15:
            return ERR_ARGS
        counts[table, s] += 1
        pred[comp] = dc
        run = 0
        for k in range(1, last[n] + 1):
            v = np.int64(blocks[n, k])
            if v == 0:
                run += 1
                continue
            while run >= 16:
                counts[table + 2, ZRL] += 1
                run -= 16
            s = _size(v)
            if s > 15:
                return ERR_ARGS
            counts[table + 2, (run << 4) | s] += 1
            run = 0
        if last[n] < 63:
            counts[table + 2, EOB] += 1
    return 0


@helper
def _put(out, pos, acc, nacc, value, nbits):
    """Append nbits of value to the bit accumulator, flushing whole bytes (with a stuffed 0
    after every 0xFF). Returns (pos, acc, nacc); pos = -1 when out is (or was) full."""
    if pos < 0:
        return pos, acc, nacc
    nbits = np.int64(nbits)
    acc = (acc << nbits) | (np.int64(value) & ((np.int64(1) << nbits) - 1))
    nacc += nbits
    while nacc >= 8:
        nacc -= 8
        byte = (acc >> nacc) & 0xFF
        if pos + 2 > out.shape[0]:
            return -1, acc, nacc
        out[pos] = byte
        pos += 1
        if byte == 0xFF:
            out[pos] = 0
            pos += 1
    acc &= (1 << nacc) - 1
    return pos, acc, nacc


@kernel("int64(int16[:, :], int8[:], int32[:], int64, uint8[:, :], int32[:, :], uint8[:])")
def write_scan(blocks, comps, last, nblocks, code_len, code, out):
    """Entropy-code the blocks into out with the tables code_len/code [table, symbol].
    Returns the number of bytes written, or ERR_*."""
    if not _check(blocks, comps, last, nblocks):
        return ERR_ARGS
    if code_len.shape[0] < 4 or code_len.shape[1] < 256 or code.shape[0] < 4 or code.shape[1] < 256:
        return ERR_ARGS
    pred = np.full(3, DC_START, np.int64)
    pos = 0
    acc = np.int64(0)
    nacc = np.int64(0)
    for n in range(nblocks):
        comp = comps[n]
        table = 0 if comp == 0 else 1
        dc = np.int64(blocks[n, 0])
        diff = dc - pred[comp]
        pred[comp] = dc
        s = _size(diff)
        if s > 15 or code_len[table, s] == 0:
            return ERR_NO_CODE
        pos, acc, nacc = _put(out, pos, acc, nacc, code[table, s], code_len[table, s])
        if s:
            pos, acc, nacc = _put(out, pos, acc, nacc, diff - 1 if diff < 0 else diff, s)
        if pos < 0:
            return ERR_FULL
        ac = table + 2
        run = 0
        for k in range(1, last[n] + 1):
            v = np.int64(blocks[n, k])
            if v == 0:
                run += 1
                continue
            while run >= 16:
                if code_len[ac, ZRL] == 0:
                    return ERR_NO_CODE
                pos, acc, nacc = _put(out, pos, acc, nacc, code[ac, ZRL], code_len[ac, ZRL])
                run -= 16
            s = _size(v)
            sym = (run << 4) | s
            if s > 15 or code_len[ac, sym] == 0:
                return ERR_NO_CODE
            pos, acc, nacc = _put(out, pos, acc, nacc, code[ac, sym], code_len[ac, sym])
            pos, acc, nacc = _put(out, pos, acc, nacc, v - 1 if v < 0 else v, s)
            if pos < 0:
                return ERR_FULL
            run = 0
        if last[n] < 63:
            if code_len[ac, EOB] == 0:
                return ERR_NO_CODE
            pos, acc, nacc = _put(out, pos, acc, nacc, code[ac, EOB], code_len[ac, EOB])
        if pos < 0:
            return ERR_FULL
    pad = (8 - nacc) & 7
    if pad:
        pos, acc, nacc = _put(out, pos, acc, nacc, (1 << pad) - 1, pad)
    return ERR_FULL if pos < 0 else pos
