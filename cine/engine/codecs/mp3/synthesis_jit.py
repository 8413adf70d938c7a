"""The polyphase synthesis filterbank (ISO/IEC 11172-3 Annex A.2): per 32 subband samples, a
32-point DCT (dct32_program: the reference's x86-64 operation order) and the windowed sums
over the last 16 DCT outputs giving 32 output samples, summed in the order of the
reference's SSE windowing on x86-64 (per output, the 8 products of each half accumulated
separately from 0, then combined). The reference keeps the DCT outputs in a 512-sample ring;
here a channel keeps one work matrix whose columns are slots (the previous frame's last 15,
then this frame's), so that every operation runs across a whole frame's slots.
"""
from __future__ import annotations


import numpy as np

from ...jit import kernel, leaf
from .computed_tables import SYNTH_WIN
from .dct32_program import DCT_OPS, DCT_OUTPUTS, OP_ADD, OP_SUB


# window rows read in reverse for the second products of each output
WIN_C = np.array([SYNTH_WIN[64 * t + 32 - k] for t in range(8) for k in range(16)], np.float32)
WIN_D = np.array([SYNTH_WIN[64 * t + 48 - k] for t in range(8) for k in range(16)], np.float32)


@leaf
def dct32(v, slots):
    """The DCT of slots 15..15+slots of v at once (the program's operations applied across
    columns): rows 0..31 of v hold the subband samples of each slot, the constant rows their
    factors; the outputs land in rows DCT_OUTPUTS."""
    for n in range(DCT_OPS.shape[0]):
        kind = DCT_OPS[n, 0]
        d = v[DCT_OPS[n, 1]]
        a = v[DCT_OPS[n, 2]]
        b = v[DCT_OPS[n, 3]]
        if kind == OP_ADD:
            for s in range(15, 15 + slots):
                d[s] = a[s] + b[s]
        elif kind == OP_SUB:
            for s in range(15, 15 + slots):
                d[s] = a[s] - b[s]
        else:
            for s in range(15, 15 + slots):
                d[s] = a[s] * b[s]


@leaf
def window(v, slots, w, out):
    """The windowed sums of every slot at once, from the DCT outputs of the 15 slots before
    this frame (columns 0..14 of the output rows of v) and of its slots (column 15 + s:
    slot s); w: 4 x 16 x slots scratch; out: 32 samples per slot."""
    for k in range(16):
        for s in range(slots):
            w[0, k, s] = 0
            w[1, k, s] = 0
            w[2, k, s] = 0
            w[3, k, s] = 0
    for t in range(8):
        for k in range(16):
            wa = SYNTH_WIN[k + 64 * t]
            wb = SYNTH_WIN[48 + k + 64 * t]
            wc = WIN_C[k + 16 * t]
            wd = WIN_D[k + 16 * t]
            hx = v[DCT_OUTPUTS[16 + k]]
            hy = v[DCT_OUTPUTS[k]]
            ox = 15 - 2 * t
            oy = 14 - 2 * t
            a = w[0, k]
            b = w[1, k]
            c = w[2, k]
            d = w[3, k]
            for s in range(slots):
                x = hx[s + ox]
                a[s] -= wa * x
                c[s] -= x * wc
                y = hy[s + oy]
                b[s] -= wb * y
                d[s] -= y * wd
    h0 = v[DCT_OUTPUTS[0]]
    h16 = v[DCT_OUTPUTS[16]]
    for s in range(slots):
        sa = w[0, 0, s]
        for t in range(8):
            sa += SYNTH_WIN[32 + 64 * t] * h16[s + 14 - 2 * t]
        o = 32 * s
        out[o] = np.float32(0) - sa
        for j in range(1, 16):
            out[o + j] = w[3, 16 - j, s] - w[0, j, s]
        for j in range(17, 32):
            out[o + j] = w[2, 32 - j, s] + w[1, j - 16, s]
        x = np.float32(0)
        for t in range(8):
            x -= SYNTH_WIN[48 + 64 * t] * h0[s + 14 - 2 * t]
        out[o + 16] = x


@kernel("void(float32[:, ::1], int64, float32[:, :, ::1], float32[::1])")
def synthesize(v, slots, w, out):
    """slots x 32 output samples into out. v: the channel's DCT work rows (DCT_SLOTS x
    (15 + slots or more)): rows 0..31 from column 15 the subband samples of the slots, the
    constant rows filled, and the output rows' columns 0..14 the previous frame's last 15
    DCT outputs (moved there for the next frame afterwards); w: 4 x 16 x slots scratch."""
    if slots == 36:             # constant trip counts let the compiler vectorize
        dct32(v, 36)
        window(v, 36, w, out)
    else:
        dct32(v, 18)
        window(v, 18, w, out)
    for k in range(32):
        row = v[DCT_OUTPUTS[k]]
        for s in range(15):
            row[s] = row[slots + s]
