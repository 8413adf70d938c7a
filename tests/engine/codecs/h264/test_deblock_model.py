"""deblock_picture against a plain model of ITU-T H.264 8.7 written here from the spec text, on
random pictures: random macroblock kinds (I_PCM included) and QPs, random slices with random
disable_deblocking_filter_idc (0, 1, 2), filter offsets and chroma QP offsets, 4:2:0 and
monochrome. The model is structured as the spec is: per macroblock, per edge, per sample
line, with bS derived for each sample pair from the macroblocks that hold p0 and q0 (8.7.2.1),
and the chroma bS taken from the luma sample pair at the same place."""
from __future__ import annotations

import collections

import numpy as np
import pytest

from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.deblock_jit import deblock_picture
from cine.engine.codecs.h264.deblock_tables import ALPHA, BETA, TC0_BS1, TC0_BS2, TC0_BS3
from cine.engine.codecs.h264.tables import CHROMA_QP

INTRA = (L.KIND_I4x4, L.KIND_I8x8, L.KIND_I16x16, L.KIND_IPCM)


def clip3(lo, hi, v):
    return lo if v < lo else hi if v > hi else v


class Model:
    """One picture: planes as nested int lists, macroblock facts as lists."""

    def __init__(self, mb_width, mb_height, chroma_format, kinds, qps, mb_slice, params, planes):
        self.w, self.h, self.cf = mb_width, mb_height, chroma_format
        self.kinds, self.qps, self.mb_slice, self.params = kinds, qps, mb_slice, params
        self.planes = [[list(map(int, row)) for row in plane] for plane in planes]
        self.hits = collections.Counter()

    def mb_at(self, x, y, chroma):
        """Address of the macroblock holding sample (x, y) of a luma or chroma plane."""
        size = 8 if chroma else 16
        return (y // size) * self.w + x // size

    def qp_y(self, mb):
        return 0 if self.kinds[mb] == L.KIND_IPCM else self.qps[mb]

    def qp_of(self, mb, plane, q_slice):
        """qPp / qPq (8.7.2.2): QP_Y, or for chroma the QP_C of that macroblock's QP_Y with the
        current (q) slice's chroma offset for this component."""
        qp = self.qp_y(mb)
        if plane == 0:
            return qp
        offset = self.params[q_slice][3 if plane == 1 else 4]
        return CHROMA_QP[clip3(0, 51, qp + offset)]

    def bs(self, mb_p, mb_q):
        """8.7.2.1 for frame macroblocks of intra pictures: the samples p0, q0 are in mb_p, mb_q."""
        if mb_p != mb_q and (self.kinds[mb_p] in INTRA or self.kinds[mb_q] in INTRA):
            return 4
        if self.kinds[mb_p] in INTRA or self.kinds[mb_q] in INTRA:
            return 3
        return 0

    def run(self):
        for mb in range(self.w * self.h):
            if self.kinds[mb] == L.KIND_NONE:
                continue
            sl = self.mb_slice[mb]
            idc = self.params[sl][0]
            mb_x, mb_y = mb % self.w, mb // self.w

            def usable(n):
                return (self.kinds[n] != L.KIND_NONE
                        and not (idc == 2 and self.mb_slice[n] != sl))
            left_flag = idc != 1 and mb_x > 0 and usable(mb - 1)
            top_flag = idc != 1 and mb_y > 0 and usable(mb - self.w)
            internal = idc != 1
            luma_edges = (0, 8) if self.kinds[mb] == L.KIND_I8x8 else (0, 4, 8, 12)
            planes = (0, 1, 2) if self.cf == 1 else (0,)
            for plane in planes:
                size = 16 if plane == 0 else 8
                edges = luma_edges if plane == 0 else (0, 4)
                for vertical in (True, False):
                    for e in edges:
                        if e == 0 and not (left_flag if vertical else top_flag):
                            continue
                        if e > 0 and not internal:
                            continue
                        for k in range(size):
                            if vertical:
                                xq, yq = mb_x * size + e, mb_y * size + k
                            else:
                                xq, yq = mb_x * size + k, mb_y * size + e
                            self.filter_line(plane, vertical, xq, yq, sl)

    def filter_line(self, plane, vertical, xq, yq, q_slice):
        s = self.planes[plane]
        chroma = plane != 0
        dx, dy = (1, 0) if vertical else (0, 1)
        n = 3 if chroma else 4      # samples each side that the filter may read
        p = [s[yq - dy * (i + 1)][xq - dx * (i + 1)] for i in range(n)]
        q = [s[yq + dy * i][xq + dx * i] for i in range(n)]
        mb_q = self.mb_at(xq, yq, chroma)
        mb_p = self.mb_at(xq - dx, yq - dy, chroma)
        if chroma:   # the luma pair at the corresponding place gives bS
            lx, ly = 2 * xq, 2 * yq
            strength = self.bs(self.mb_at(lx - dx, ly - dy, False), self.mb_at(lx, ly, False))
        else:
            strength = self.bs(mb_p, mb_q)
        params = self.params[q_slice]
        qp_av = (self.qp_of(mb_p, plane, q_slice) + self.qp_of(mb_q, plane, q_slice) + 1) >> 1
        index_a = clip3(0, 51, qp_av + params[1])
        index_b = clip3(0, 51, qp_av + params[2])
        alpha, beta = ALPHA[index_a], BETA[index_b]
        flag = (strength != 0 and abs(p[0] - q[0]) < alpha and abs(p[1] - p[0]) < beta
                and abs(q[1] - q[0]) < beta)
        if not flag:
            return
        ap = abs(p[2] - p[0]) if not chroma else None
        aq = abs(q[2] - q[0]) if not chroma else None
        new_p, new_q = list(p), list(q)
        if strength < 4:
            tc0 = (None, TC0_BS1, TC0_BS2, TC0_BS3)[strength][index_a]
            tc = tc0 + ((ap < beta) + (aq < beta) if not chroma else 1)
            delta = clip3(-tc, tc, (((q[0] - p[0]) << 2) + (p[1] - q[1]) + 4) >> 3)
            new_p[0] = clip3(0, 255, p[0] + delta)
            new_q[0] = clip3(0, 255, q[0] - delta)
            mean = (p[0] + q[0] + 1) >> 1
            if not chroma and ap < beta:
                new_p[1] = p[1] + clip3(-tc0, tc0, (p[2] + mean - (p[1] << 1)) >> 1)
            if not chroma and aq < beta:
                new_q[1] = q[1] + clip3(-tc0, tc0, (q[2] + mean - (q[1] << 1)) >> 1)
            self.hits["bs<4 chroma" if chroma else "bs<4 luma"] += 1
            self.hits["p1 and q1"] += (not chroma and ap < beta and aq < beta)
        else:
            for side, other, a, new in ((p, q, ap, new_p), (q, p, aq, new_q)):
                if not chroma and a < beta and abs(p[0] - q[0]) < ((alpha >> 2) + 2):
                    new[0] = (side[2] + 2 * side[1] + 2 * side[0] + 2 * other[0] + other[1]
                              + 4) >> 3
                    new[1] = (side[2] + side[1] + side[0] + other[0] + 2) >> 2
                    new[2] = (2 * side[3] + 3 * side[2] + side[1] + side[0] + other[0] + 4) >> 3
                    self.hits["bs4 strong"] += 1
                else:
                    new[0] = (2 * side[1] + side[0] + other[1] + 2) >> 2
                    self.hits["bs4 chroma" if chroma else "bs4 weak luma"] += 1
        s = self.planes[plane]
        for i in range(n):
            s[yq - dy * (i + 1)][xq - dx * (i + 1)] = new_p[i]
            s[yq + dy * i][xq + dx * i] = new_q[i]


def random_picture(rng, mb_width, mb_height, chroma_format, with_missing=False):
    mbs = mb_width * mb_height
    kinds = rng.choice(INTRA, size=mbs, p=(0.35, 0.3, 0.3, 0.05)).astype(np.int8)
    if with_missing:
        kinds[rng.random(mbs) < 0.15] = L.KIND_NONE
    qps = rng.integers(0, 52, mbs).astype(np.int32)
    if rng.random() < 0.5:   # neighbours of similar QP, high enough to filter
        qps = np.clip(rng.integers(28, 52) + rng.integers(-4, 5, mbs), 0, 51).astype(np.int32)
    qps[kinds == L.KIND_IPCM] = 0
    cuts = sorted(set(rng.integers(1, mbs, rng.integers(0, 4)).tolist())) if mbs > 1 else []
    mb_slice = np.zeros(mbs, np.int32)
    for c in cuts:
        mb_slice[c:] += 1
    params = np.zeros((len(cuts) + 1 + 2, L.SP_STRIDE), np.int32)   # spare rows unused
    for row in params:
        row[L.SP_DISABLE_DEBLOCK] = rng.choice((0, 0, 2, 2, 1))
        row[L.SP_FILTER_OFFSET_A] = 2 * rng.integers(-6, 7)
        row[L.SP_FILTER_OFFSET_B] = 2 * rng.integers(-6, 7)
        row[L.SP_CHROMA_QP_OFFSET] = rng.integers(-12, 13)
        row[L.SP_CHROMA_QP_OFFSET2] = rng.integers(-12, 13)

    def plane(h, w):
        # flat 4x4 blocks with small steps and a little noise: every filter branch is taken
        blocks = rng.integers(60, 200, (h // 4, w // 4))
        if rng.random() < 0.5:
            blocks = 128 + rng.integers(-6, 7, (h // 4, w // 4)).cumsum(axis=1)
        img = np.kron(blocks, np.ones((4, 4), int)) + rng.integers(-2, 3, (h, w))
        if rng.random() < 0.3:
            img = rng.integers(0, 256, (h, w))
        return np.clip(img, 0, 255).astype(np.uint8)

    y = plane(16 * mb_height, 16 * mb_width)
    if chroma_format:
        cb, cr = plane(8 * mb_height, 8 * mb_width), plane(8 * mb_height, 8 * mb_width)
    else:
        cb = cr = np.zeros((0, 0), np.uint8)
    return kinds, qps, mb_slice, params, y, cb, cr


def check(seed, with_missing=False):
    rng = np.random.default_rng(seed)
    mb_width, mb_height = int(rng.integers(1, 6)), int(rng.integers(1, 5))
    chroma_format = int(rng.random() < 0.8)
    kinds, qps, mb_slice, params, y, cb, cr = random_picture(rng, mb_width, mb_height,
                                                             chroma_format, with_missing)
    planes = (y, cb, cr) if chroma_format else (y,)
    model = Model(mb_width, mb_height, chroma_format, kinds.tolist(), qps.tolist(),
                  mb_slice.tolist(), params.tolist(), planes)
    model.run()
    got = [p.copy() for p in (y, cb, cr)]
    assert deblock_picture(mb_width, mb_height, chroma_format, kinds, qps, mb_slice, params,
                           *got) == 0
    for plane, want in zip(got, model.planes):
        np.testing.assert_array_equal(plane, np.array(want, np.uint8).reshape(plane.shape))
    if not chroma_format:
        assert got[1].size == 0
    return model.hits


def test_random_pictures_match_the_spec_model():
    hits = collections.Counter()
    for seed in range(150):
        hits += check(seed)
    # every branch of the sample filters was exercised
    for branch in ("bs<4 luma", "bs<4 chroma", "p1 and q1", "bs4 strong", "bs4 weak luma",
                   "bs4 chroma"):
        assert hits[branch] > 100, (branch, hits)


def test_pictures_with_missing_macroblocks():
    # a macroblock no slice decoded is neither filtered nor a neighbour
    for seed in range(1000, 1040):
        check(seed, with_missing=True)


@pytest.mark.parametrize("idc", [0, 1, 2])
def test_slice_edges(idc):
    """Two slices of one macroblock row each: the row edge between them is filtered unless
    the lower slice has idc 1 or 2; the upper slice (idc 0) filters its own internal edges."""
    rng = np.random.default_rng(idc)
    # rows of flat 4x4 blocks: only horizontal edges have anything to smooth
    y = np.kron(rng.integers(90, 110, (8, 1)), np.ones((4, 32), int)).astype(np.uint8)
    kinds = np.full(4, L.KIND_I4x4, np.int8)
    qps = np.full(4, 40, np.int32)
    mb_slice = np.array([0, 0, 1, 1], np.int32)
    params = np.zeros((2, L.SP_STRIDE), np.int32)
    params[1, L.SP_DISABLE_DEBLOCK] = idc
    out = y.copy()
    empty = np.zeros((0, 0), np.uint8)
    assert deblock_picture(2, 2, 0, kinds, qps, mb_slice, params, out, empty, empty) == 0
    row_edge_changed = not np.array_equal(out[14:18], y[14:18])
    model = Model(2, 2, 0, kinds.tolist(), qps.tolist(), mb_slice.tolist(), params.tolist(), (y,))
    model.run()
    np.testing.assert_array_equal(out, np.array(model.planes[0], np.uint8))
    assert row_edge_changed == (idc == 0)
    assert not np.array_equal(out[:14], y[:14])
    assert np.array_equal(out[18:], y[18:]) == (idc == 1)


def test_bad_arguments_are_reported():
    y = np.zeros((16, 16), np.uint8)
    c = np.zeros((8, 8), np.uint8)
    one = np.ones(1, np.int8)
    qp = np.zeros(1, np.int32)
    first = np.zeros(1, np.int32)
    params = np.zeros((1, L.SP_STRIDE), np.int32)
    assert deblock_picture(1, 1, 2, one, qp, first, params, y, c, c) == L.ERR_UNSUPPORTED
    # a slice number with no slice_params row; more macroblocks than the arrays hold
    assert deblock_picture(1, 1, 1, one, qp, first + 1, params, y, c, c) == L.ERR_BITSTREAM
    assert deblock_picture(2, 1, 1, one, qp, first, params, y, c, c) == L.ERR_BITSTREAM
    small = np.zeros((4, 8), np.uint8)
    assert deblock_picture(1, 1, 1, one, qp, first, params, y, small, c) == L.ERR_BITSTREAM
    params[0, L.SP_DISABLE_DEBLOCK] = 3
    assert deblock_picture(1, 1, 1, one, qp, first, params, y, c, c) == L.ERR_BITSTREAM
