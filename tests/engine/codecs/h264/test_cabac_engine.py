"""The CABAC decoding engine against a test-side encoder written from 9.3.4: random
decisions, bypass bins and terminate bins round-trip, and the bits consumed end exactly at
the codeword's last bit."""
import random

import numpy as np
import pytest

from cine.engine.codecs.h264 import cabac_engine_jit as eng

from .cabac_encoder import Encoder
from .h264_kernel_entries import decode_bins


def _roundtrip(ops, bins, qp=26, column=0, prefix=b""):
    enc = Encoder(qp, column)
    for op, b in zip(ops, bins):
        if op >= 0:
            enc.decision(op, b)
        elif op == -1:
            enc.bypass(b)
        else:
            enc.terminate(b)
    enc.terminate(1)
    nbits = len(enc.bits)
    data = prefix + enc.tobytes()
    all_ops = np.array(list(ops) + [-2], np.int32)
    out = np.zeros(len(all_ops), np.uint8)
    used = decode_bins(np.frombuffer(bytearray(data), np.uint8), len(prefix), qp, column, all_ops, out)
    assert list(out) == list(bins) + [1]
    assert used == 8 * len(prefix) + nbits


@pytest.mark.parametrize("seed", range(12))
def test_random_bins_round_trip(seed):
    rng = random.Random(seed)
    n = rng.randrange(1, 3000)
    skew = rng.random()
    ops, bins = [], []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.75:
            op = rng.choice((3, 60, 68, 73, 105, 120, 166, 227, 300, 402, 426, 458))
            op += rng.randrange(0, 2)
            b = int(rng.random() < skew)
        elif kind < 0.97:
            op, b = -1, rng.randrange(2)
        else:
            op, b = -2, 0
        ops.append(op)
        bins.append(b)
    _roundtrip(ops, bins, qp=rng.randrange(0, 52), column=rng.randrange(4), prefix=b"\x00" * (seed % 3))


def test_long_runs_of_one_symbol():
    _roundtrip([105] * 5000, [0] * 5000)
    _roundtrip([105] * 5000, [1] * 5000)
    _roundtrip([-1] * 777, [1] * 777)


def test_truncated_codeword_reports_overrun():
    enc = Encoder(26)
    for i in range(400):
        enc.decision(227 + i % 10, i % 3 == 0)
    enc.terminate(1)
    data = enc.tobytes()
    ops = np.array([227 + i % 10 for i in range(400)] + [-2], np.int32)
    out = np.zeros(len(ops), np.uint8)
    cut = np.frombuffer(bytearray(data[:len(data) // 2]), np.uint8)
    assert decode_bins(cut, 0, 26, 0, ops, out) == -1
    assert decode_bins(np.zeros(0, np.uint8), 0, 26, 0, ops, out) == -1


def test_forbidden_start_and_bad_arguments():
    ops = np.array([-1], np.int32)
    out = np.zeros(1, np.uint8)
    assert decode_bins(np.array([0xFF, 0x80, 0, 0], np.uint8), 0, 26, 0, ops, out) == -1
    assert decode_bins(np.zeros(8, np.uint8), 0, 26, 4, ops, out) == -1
    assert decode_bins(np.zeros(8, np.uint8), 0, 26, 0, np.array([460], np.int32), out) == -1
