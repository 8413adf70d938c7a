"""Entry points that exist for the tests only: each calls one of the decoder's kernel helpers
alone (a predictor, a residual block, the DC transforms, the CABAC engine), so that the
unit tests can check it against the standard's equations. They live here, not in the
`*_jit` modules, so that a decoding run does not load them (each cached kernel costs
start-up time) and the ahead-of-time build does not compile them."""
from __future__ import annotations

import numpy as np

from cine.engine.codecs.h264.cabac_engine_jit import (bypass, consumed_bits, decision,
                                                      engine_start, init_contexts, refill,
                                                      terminate)
from cine.engine.codecs.h264.cabac_tables import CONTEXT_COUNT
from cine.engine.codecs.h264.intra_pred_jit import REF_SIZE, pred16x16, pred_chroma, pred_nxn
from cine.engine.codecs.h264.transform_jit import chroma_dc, luma_dc, residual4_add, residual8_add
from cine.engine.jit import kernel, leaf


@kernel("int64(int64, uint8[:, :], int64, int64, int64, int64)")
def predict_block(size, P, x0, y0, mode, avail):
    """One prediction, for checking each predictor alone: size 4, 8 or 16 luma (Intra_4x4,
    Intra_8x8, Intra_16x16 modes), 0 for a 4:2:0 chroma block. The caller guarantees that
    the block and the neighbours `avail` names lie inside P."""
    ref = np.zeros(REF_SIZE, np.int32)
    if size == 4 or size == 8:
        return pred_nxn(P, x0, y0, size, mode, avail, ref)
    if size == 16:
        return pred16x16(P, x0, y0, mode, avail, ref)
    return pred_chroma(P, x0, y0, mode, avail, ref)


@leaf
def _check(levels, n, table, lst, size, qp, P, x0, y0, span):
    return not (levels.shape[0] < n or qp < 0 or qp > 51 or lst < 0 or lst >= table.shape[0]
                or table.shape[1] < 6 or table.shape[2] < size or x0 < 0 or y0 < 0
                or P.shape[0] < y0 + span or P.shape[1] < x0 + span)


@kernel("int64(int32[:], int32[:, :, :], int64, int64, int64, int64, uint8[:, :], int64, int64)")
def residual4x4(levels, levelscale4, lst, qp, dc, has_dc, P, x0, y0):
    """One 4x4 block, for checking the steps alone: levels (16, raster) scaled with list `lst`
    at qp (has_dc != 0: the scaled coefficient 0 is dc instead), transformed and added onto
    P at (x0, y0). Returns 0, or -1 for a bad argument."""
    if not _check(levels, 16, levelscale4, lst, 16, qp, P, x0, y0, 4):
        return -1
    blk = np.zeros(16, np.int32)
    residual4_add(levels, 0, 1 if has_dc != 0 else 0, dc, levelscale4[lst, qp % 6], qp, P, x0, y0, blk)
    return 0


@kernel("int64(int32[:], int32[:, :, :], int64, int64, uint8[:, :], int64, int64)")
def residual8x8(levels, levelscale8, lst, qp, P, x0, y0):
    """One 8x8 block (levels 64 raster, list `lst` at qp) added onto P at (x0, y0)."""
    if not _check(levels, 64, levelscale8, lst, 64, qp, P, x0, y0, 8):
        return -1
    blk = np.zeros(64, np.int32)
    residual8_add(levels, 0, levelscale8[lst, qp % 6], qp, P, x0, y0, blk)
    return 0


@kernel("int64(int32[:], int32[:, :, :], int64, int64, int64, int32[:])")
def dc_transform(levels, levelscale4, lst, qp, chroma, out):
    """The scaled DC values of an Intra_16x16 luma DC block (chroma = 0: 16 levels) or a
    4:2:0 chroma DC block (chroma != 0: 4 levels), list `lst` at qp, into out."""
    n = 4 if chroma != 0 else 16
    if (levels.shape[0] < n or out.shape[0] < n or qp < 0 or qp > 51 or lst < 0
            or lst >= levelscale4.shape[0] or levelscale4.shape[1] < 6 or levelscale4.shape[2] < 1):
        return -1
    ls00 = levelscale4[lst, qp % 6, 0]
    if chroma != 0:
        chroma_dc(levels, 0, ls00, qp, out)
    else:
        luma_dc(levels, 0, ls00, qp, out)
    return 0


@kernel("int64(uint8[:], int64, int64, int64, int32[:], uint8[:])")
def decode_bins(buf, bytepos, slice_qp, column, ops, out):
    """Decodes one bin per entry of `ops` from a fresh engine at `bytepos` with contexts
    initialised for slice_qp and `column` (see init_contexts): ops[i] >= 0 is DecodeDecision
    with that ctxIdx, -1 DecodeBypass, -2 DecodeTerminate. Writes the bins to out[i]; returns
    the bits consumed, or -1 (bad arguments, forbidden start, or bits read past the end)."""
    if out.shape[0] < ops.shape[0] or column < 0 or column > 3 or bytepos < 0:
        return -1
    ctx = np.empty(CONTEXT_COUNT, np.uint8)
    init_contexts(ctx, slice_qp, column)
    ok, rng, value, bits, pos = engine_start(buf, bytepos)
    if not ok:
        return -1
    for i in range(ops.shape[0]):
        op = ops[i]
        if op >= CONTEXT_COUNT or op < -2:
            return -1
        if op >= 0:
            b, ctx[op], rng, value, bits = decision(ctx[op], rng, value, bits)
        elif op == -1:
            b, value, bits = bypass(rng, value, bits)
        else:
            b, rng, value, bits = terminate(rng, value, bits)
        out[i] = b
        if bits < 32:
            value, bits, pos = refill(buf, value, bits, pos)
    used = consumed_bits(bits, pos)
    if used > 8 * buf.shape[0]:
        return -1
    return used
