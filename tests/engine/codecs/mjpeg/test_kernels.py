"""The JPEG kernels on their own: the DCT against the exact transform, the per-image Huffman
tables against classic Huffman coding, and the scan writer's byte stuffing."""
from __future__ import annotations

import heapq
import math

import numpy as np
import pytest

from cine.engine.codecs.mjpeg.dct_jit import fdct
from cine.engine.codecs.mjpeg.entropy_jit import ERR_FULL, ERR_NO_CODE, write_scan
from cine.engine.codecs.mjpeg.huffman_jit import build_table


def _exact_dct8(block: np.ndarray) -> np.ndarray:
    """8 x the orthonormal 2-D DCT-II (the scale of the reference's integer DCT)."""
    c = np.array([[math.sqrt((1 if k == 0 else 2) / 8) * math.cos((2 * n + 1) * k * math.pi / 16)
                   for n in range(8)] for k in range(8)])
    return 8 * c @ block @ c.T


def test_fdct_is_close_to_the_exact_transform():
    rng = np.random.default_rng(7)
    for _ in range(200):
        block = rng.integers(0, 256, (8, 8))
        blk = block.astype(np.int64).ravel().copy()
        fdct(blk, np.zeros(64, np.int64))
        assert np.abs(blk.reshape(8, 8) - _exact_dct8(block)).max() <= 8


def test_fdct_flat_block():
    blk = np.full(64, 200, np.int64)
    fdct(blk, np.zeros(64, np.int64))
    assert blk[0] == 64 * 200 and np.abs(blk[1:]).max() <= 1


def _build(counts):
    c = np.zeros(256, np.int64)
    for sym, n in counts.items():
        c[sym] = n
    bits = np.zeros(17, np.int32)
    vals = np.zeros(256, np.int32)
    n = build_table(c, 256, bits, vals)
    lengths = {}
    k = 0
    for length in range(1, 17):
        for _ in range(bits[length]):
            lengths[int(vals[k])] = length
            k += 1
    assert k == n == len(counts)
    return lengths


def _huffman_cost(weights):
    heap = list(weights)
    heapq.heapify(heap)
    cost = 0
    while len(heap) > 1:
        a, b = heapq.heappop(heap), heapq.heappop(heap)
        cost += a + b
        heapq.heappush(heap, a + b)
    return cost


@pytest.mark.parametrize("seed", range(20))
def test_optimal_tables_have_huffman_cost(seed):
    rng = np.random.default_rng(seed)
    syms = rng.choice(256, size=int(rng.integers(1, 60)), replace=False)
    counts = {int(s): int(rng.integers(1, 1000)) for s in syms}
    lengths = _build(counts)
    # optimal prefix code over the symbols plus the zero-count pseudo-symbol
    assert sum(counts[s] * lengths[s] for s in counts) == _huffman_cost(list(counts.values()) + [0])
    assert sum(2.0 ** -n for n in lengths.values()) < 1


def test_lengths_are_limited_to_16_bits():
    fib = [1, 1]
    while len(fib) < 30:
        fib.append(fib[-1] + fib[-2])
    lengths = _build({s: f for s, f in enumerate(fib)})
    assert max(lengths.values()) == 16 and sum(2.0 ** -n for n in lengths.values()) < 1


def test_single_symbol_table():
    assert _build({0: 5}) == {0: 1}
    c = np.zeros(256, np.int64)
    c[:13] = 1
    assert build_table(c, 12, np.zeros(17, np.int32), np.zeros(256, np.int32)) == -1


def _scan(dc_values, code_len, code, size=64):
    blocks = np.zeros((len(dc_values), 64), np.int16)
    blocks[:, 0] = dc_values
    out = np.zeros(size, np.uint8)
    n = write_scan(blocks, np.zeros(len(dc_values), np.int8), np.zeros(len(dc_values), np.int32),
                   len(dc_values), code_len, code, out)
    return n, out


def test_scan_stuffs_ff_and_pads_with_ones():
    code_len = np.zeros((4, 256), np.uint8)
    code = np.zeros((4, 256), np.int32)
    code_len[0, :9] = 8                  # DC symbol s -> byte 0xF0 + s; EOB -> 4 one bits
    code[0, :9] = 0xF0 + np.arange(9)
    code_len[2, 0], code[2, 0] = 4, 0xF
    # DC 128 (diff 0): F0, EOB 1111; DC 255 (diff 127): F7 + 1111111, EOB 1111
    n, out = _scan([128, 255], code_len, code)
    bits = "11110000" + "1111" + "11110111" + "1111111" + "1111"
    bits += "1" * (-len(bits) % 8)
    raw = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    assert out[:n].tobytes() == raw.replace(b"\xff", b"\xff\x00")


def test_scan_reports_missing_codes_and_full_buffer():
    code_len = np.zeros((4, 256), np.uint8)
    code = np.zeros((4, 256), np.int32)
    assert _scan([128], code_len, code)[0] == ERR_NO_CODE
    code_len[0, :9] = 8
    code_len[2, 0] = 8
    assert _scan([128] * 10, code_len, code, size=4)[0] == ERR_FULL
