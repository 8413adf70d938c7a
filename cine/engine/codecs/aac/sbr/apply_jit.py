"""The SBR of one channel element for one frame inside numba (FFmpeg 5.1.9's ff_sbr_apply):
dequantisation, then per channel the QMF analysis of the core's 1024 samples, the low band,
and when SBR is on the HF generation and adjustment, and the synthesis matrix X; then
(unless parametric stereo must run first: the caller then synthesises with `synthesize`)
the QMF synthesis of 2048 samples per output channel (1024 when downsampled).

apply.py checks every array's shape and dtype before the calls (apply.Memories).
"""
from __future__ import annotations

from ....jit import kernel
from .hf_adjust_jit import (
    C_ENV_OLD, C_INVF0, C_INVF1, C_NUM_ENV, C_T_ENV, D_VOFF, D_YPOS, assemble, dequant,
    env_estimate, gain_calc, mapping,
)
from .hf_gen_jit import chirp, hf_gen, inverse_filter, lf_gen, x_gen
from .qmf_jit import analysis, synthesis

# params[] fields
P_KX0, P_KX1, P_M0, P_M1, P_K0, P_N_LOW, P_N_HIGH, P_N_Q, P_N_LIM, P_NPATCH = range(10)
P_START, P_RESET, P_LIM_GAINS, P_INTERPOL, P_SMOOTHING, P_COUPLED, P_NCH = range(10, 17)
P_SYNTH, P_DIV, P_SLOT0, P_SLOT1, P_NOUT = range(17, 22)
PARAMS_SIZE = 24
# tabs[] rows
T_HIGH, T_LOW, T_NOISE, T_LIM, T_PATCH_SIZE, T_PATCH_START = range(6)
# result bits (the caller logs them)
R_OVERFLOW_SHIFT = 8        # count of envelope scale factor overflows above this bit
R_MAPPING_ERROR = 1         # kx != the tables' start: SBR turned off
R_NO_SUBBAND = 2            # a patch subband without a noise band (its index in stop[0])


@kernel("int64(int32[::1], int32[:, ::1], int32[:, ::1], int32[:, :, ::1], int32[:, :, ::1], "
        "int32[:, ::1], int32[:, ::1], int32[:, :, ::1], float32[:, ::1], float32[:, :, ::1], "
        "float32[:, :, ::1], float32[:, ::1], float32[:, :, :, :, ::1], "
        "float32[:, :, :, :, ::1], float32[:, :, :, ::1], float32[:, ::1], float32[:, ::1], "
        "float32[:, :, ::1], float32[:, :, ::1], float32[:, :, ::1], float32[:, :, ::1], "
        "float32[:, :, ::1], float32[:, :, ::1], float32[:, ::1], float32[:, ::1], "
        "float32[:, ::1], float32[::1], float32[::1], float32[:, ::1], float32[::1], "
        "float32[::1], float32[::1], float32[::1], int32[:, ::1], int32[::1], float32[::1], "
        "int32[::1], int64[::1])")
def apply_element(params, tabs, chi, env_q, noise_q, harm, dsp, s_idx, bw, g_temp, q_temp, ana,
                  w, y, x, vbuf, pcm, x_low, x_high, alpha, adj, env, noise, z2, mbuf, out, win_us,
                  win_ds, noise_table, tcos_a, tsin_a, tcos_s, tsin_s, plan, order, cos,
                  cos_at, stop):
    """One element's frame: x[ch] ready for the synthesis (and, when params[P_SYNTH], out
    rows P_SLOT0/P_SLOT1 synthesised). pcm rows are the core's channels (row P_SLOT0 /
    P_SLOT1 of the decoder's output). Returns the R_* bits; params[P_START/P_KX1/P_M1]
    reflect a turn-off."""
    fr = z2[1, :32]
    fi = z2[1, 32:64]
    result = 0
    kx1 = params[P_KX1]
    nch = params[P_NCH]
    n_low = params[P_N_LOW]
    n_high = params[P_N_HIGH]
    n_q = params[P_N_Q]
    if params[P_START]:
        result |= dequant(chi, env_q, noise_q, env, noise, n_low, n_high, n_q,
                          params[P_COUPLED], nch) << R_OVERFLOW_SHIFT
    for ch in range(nch):
        slot = params[P_SLOT0] if ch == 0 else params[P_SLOT1]
        ypos = dsp[ch, D_YPOS]
        analysis(pcm[slot], ana[ch], z2, w[ch, ypos], win_ds, tcos_a, tsin_a, plan, order, cos,
                 cos_at, fr, fi)
        lf_gen(x_low, w[ch], ypos, params[P_KX1], params[P_KX0])
        ypos ^= 1
        dsp[ch, D_YPOS] = ypos
        if params[P_START]:
            kx1 = params[P_KX1]
            m1 = params[P_M1]
            inverse_filter(x_low, params[P_K0], alpha)
            chirp(bw[ch], chi[ch, C_INVF0:C_INVF0 + 5], chi[ch, C_INVF1:C_INVF1 + 5], n_q)
            num_env = chi[ch, C_NUM_ENV]
            err = hf_gen(x_high, x_low, alpha, bw[ch], tabs[T_NOISE], n_q, tabs[T_PATCH_SIZE],
                         tabs[T_PATCH_START], params[P_NPATCH], kx1, m1,
                         2 * chi[ch, C_T_ENV], 2 * chi[ch, C_T_ENV + num_env])
            if err:
                result |= R_NO_SUBBAND
                stop[0] = -1 - err
            if mapping(chi, ch, env, noise, harm, s_idx[ch], adj, tabs[T_HIGH], tabs[T_LOW],
                       tabs[T_NOISE], n_low, n_high, n_q, kx1):
                result |= R_MAPPING_ERROR
                params[P_START] = 0
                params[P_KX1] = 32
                params[P_M1] = 0
            else:
                env_estimate(chi, ch, adj, x_high, tabs[T_HIGH], tabs[T_LOW], n_low, n_high,
                             kx1, m1, params[P_INTERPOL])
                gain_calc(chi, ch, adj, s_idx[ch], tabs[T_LIM], params[P_N_LIM], kx1,
                          params[P_LIM_GAINS])
                assemble(chi, ch, dsp, adj, y[ch, ypos], x_high, g_temp[ch], q_temp[ch],
                         noise_table, kx1, m1, params[P_SMOOTHING], params[P_RESET])
        x_gen(x[ch], y[ch, 1 - ypos], y[ch, ypos], x_low, chi[ch, C_ENV_OLD], params[P_KX0],
              params[P_M0], params[P_KX1], params[P_M1])
    if params[P_SYNTH]:
        div = params[P_DIV]
        win = win_ds if div else win_us
        for ch in range(params[P_NOUT]):
            slot = params[P_SLOT0] if ch == 0 else params[P_SLOT1]
            synthesis(out[slot], x[ch], vbuf[ch], dsp[ch], D_VOFF, mbuf, win, div,
                      tcos_s, tsin_s, plan, order, cos, cos_at, fr, fi)
    return result


@kernel("void(float32[:, :, ::1], float32[::1], int32[::1], float32[::1], float32[:, ::1], "
        "float32[::1], int64, float32[::1], float32[::1], int32[:, ::1], int32[::1], "
        "float32[::1], int32[::1], float32[:, ::1])")
def synthesize(x, v, state, out, mbuf, win, div, tcos, tsin, plan, order, cos, cos_at, z2):
    """The QMF synthesis of one channel (after parametric stereo): x (2, 38, 64) to out;
    v is the channel's history, state[D_VOFF] its offset."""
    synthesis(out, x, v, state, D_VOFF, mbuf, win, div, tcos, tsin, plan, order, cos, cos_at,
              z2[1, :32], z2[1, 32:64])

