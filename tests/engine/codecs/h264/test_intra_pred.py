"""intra_pred_jit against the standard's equations (h264_intra_oracle): every mode of every
block size on random neighbours, under every combination of available neighbours."""
from __future__ import annotations

import itertools
import random

import pytest

np = pytest.importorskip("numpy")

from cine.engine.codecs.h264 import intra_pred_jit as ip  # noqa: E402

from .h264_kernel_entries import predict_block  # noqa: E402

from .h264_intra_oracle import chroma420, intra4x4, intra8x8, intra16x16  # noqa: E402

FLAGS = (ip.AV_LEFT, ip.AV_TOP, ip.AV_TOPLEFT, ip.AV_TOPRIGHT)
X0 = Y0 = 16


def planes(rng, count):
    """Random planes, plus flat extremes (clipping of Plane prediction) and a ramp."""
    out = [np.full((48, 48), 0, np.uint8), np.full((48, 48), 255, np.uint8)]
    ramp = np.zeros((48, 48), np.uint8)
    ramp[:, :] = (np.arange(48) * 5)[None, :]
    out.append(ramp)
    out.append(ramp.T.copy())
    edge = np.zeros((48, 48), np.uint8)
    edge[:, X0:] = 255       # top row bright, left column dark: steep planes
    out.append(edge)
    for _ in range(count):
        out.append(np.array([[rng.randrange(256) for _ in range(48)] for _ in range(48)], np.uint8))
    return out


def neighbours(P, n, avail, with_topright):
    p = {}
    if avail & ip.AV_TOP:
        for x in range(n):
            p[(x, -1)] = int(P[Y0 - 1, X0 + x])
    if with_topright and avail & ip.AV_TOPRIGHT:
        for x in range(n, 2 * n):
            p[(x, -1)] = int(P[Y0 - 1, X0 + x])
    if avail & ip.AV_LEFT:
        for y in range(n):
            p[(-1, y)] = int(P[Y0 + y, X0 - 1])
    if avail & ip.AV_TOPLEFT:
        p[(-1, -1)] = int(P[Y0 - 1, X0 - 1])
    return p


def run_case(size, n, modes, oracle, with_topright, avail_flags, seed):
    rng = random.Random(seed)
    checked = refused = 0
    for P0 in planes(rng, 4):
        for bits in itertools.product((0, 1), repeat=len(avail_flags)):
            avail = sum(f for f, b in zip(avail_flags, bits) if b)
            p = neighbours(P0, n, avail, with_topright)
            for mode in modes:
                P = P0.copy()
                want = oracle(p, mode)
                st = predict_block(size, P, X0, Y0, mode, avail)
                if want is None:
                    assert st == -1, (mode, avail)
                    refused += 1
                    continue
                assert st == 0, (mode, avail)
                got = P[Y0:Y0 + n, X0:X0 + n].tolist()
                assert got == want, (size, mode, avail)
                outside = P.copy()
                outside[Y0:Y0 + n, X0:X0 + n] = P0[Y0:Y0 + n, X0:X0 + n]
                assert (outside == P0).all()
                checked += 1
    return checked, refused


def test_intra4x4_every_mode_and_availability():
    checked, refused = run_case(4, 4, range(9), intra4x4, True, FLAGS, 1)
    assert checked > 500 and refused > 100


def test_intra8x8_every_mode_and_availability():
    checked, refused = run_case(8, 8, range(9), intra8x8, True, FLAGS, 2)
    assert checked > 500 and refused > 100


def test_intra16x16_every_mode_and_availability():
    run_case(16, 16, range(4), intra16x16, False, FLAGS[:3], 3)


def test_chroma_every_mode_and_availability():
    run_case(0, 8, range(4), chroma420, False, FLAGS[:3], 4)


def test_out_of_range_modes_are_refused():
    P = np.zeros((48, 48), np.uint8)
    full = ip.AV_LEFT | ip.AV_TOP | ip.AV_TOPLEFT | ip.AV_TOPRIGHT
    for size, bad in ((4, 9), (4, -1), (8, 9), (16, 4), (0, 4), (0, -1)):
        assert predict_block(size, P, X0, Y0, bad, full) == -1


def test_intra4x4_topright_substitution():
    """Without top-right samples, Diagonal_Down_Left extends p[3, -1] (8.3.1.2)."""
    P = np.zeros((48, 48), np.uint8)
    P[Y0 - 1, X0:X0 + 4] = (10, 20, 30, 40)
    P[Y0 - 1, X0 + 4:X0 + 8] = 200          # present in the plane but not available
    assert predict_block(4, P, X0, Y0, 3, ip.AV_TOP) == 0
    assert P[Y0 + 3, X0 + 3] == 40
    assert P[Y0, X0] == (10 + 40 + 30 + 2) >> 2
