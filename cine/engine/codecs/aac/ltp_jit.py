"""AAC LTP long-term prediction (ISO/IEC 14496-3 4.6.6) inside numba, as FFmpeg 5.1.9 does it.

Each channel keeps 3072 samples of history: the output of the two frames before, and the
aliased half of the current frame's overlap windowed as the next frame will window it.
A long-window frame with ltp_data_present predicts from `lag` samples back, scaled by the
coded gain, windows the 2048 predicted samples with the frame's window sequence and shapes,
takes their forward MDCT (libavcodec's, scaled by -2 * 32768, through the same split-radix
FFT as the IMDCT), runs the frame's TNS filters over it in the encoder direction and adds it
to the bands flagged. The history moves on after every frame's synthesis, whatever its
window sequence.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .spectral_jit import (
    EIGHT_SHORT, KB0, KB1, LONG_START, LTP_COEF, LTP_LAG, LTP_PRESENT, LTP_USED, MAX_LTP_SFB,
    MAX_SFB, NUM_SWB, PRED_PRESENT, SWB_INDEX, T_DIR, T_LEN, T_ORDER, TNS_MAX, WS0, ICS_TNS,
)
from .synthesis_jit import LONG_STOP, SWB_LONG_ROWS, _fft, synthesize_slot, tns_lpc

_ZERO = np.float32(0.0)


@leaf
def _mdct(x, out, tcos, tsin, plan, order, cos, cos_at, zr, zi):
    """libavcodec's 2048-point forward MDCT of x into its 1024 coefficients."""
    n = 2048
    n2 = 1024
    n4 = 512
    n8 = 256
    n3 = 1536
    for i in range(n8):
        re = -x[2 * i + n3] - x[n3 - 1 - 2 * i]
        im = -x[n4 + 2 * i] + x[n4 - 1 - 2 * i]
        c = -tcos[i]
        s = tsin[i]
        j = order[i]
        zr[j] = re * c - im * s
        zi[j] = re * s + im * c
        re = x[2 * i] - x[n2 - 1 - 2 * i]
        im = -(x[n2 + 2 * i] + x[n - 1 - 2 * i])
        c = -tcos[n8 + i]
        s = tsin[n8 + i]
        j = order[n8 + i]
        zr[j] = re * c - im * s
        zi[j] = re * s + im * c
    _fft(zr, zi, plan, cos, cos_at)
    for i in range(n8):
        p = n8 - i - 1
        q = n8 + i
        sp = -tsin[p]
        cp = -tcos[p]
        sq = -tsin[q]
        cq = -tcos[q]
        i1 = zr[p] * sp - zi[p] * cp
        r0 = zr[p] * cp + zi[p] * sp
        i0 = zr[q] * sq - zi[q] * cq
        r1 = zr[q] * cq + zi[q] * sq
        out[2 * p] = r0
        out[2 * p + 1] = i0
        out[2 * q] = r1
        out[2 * q + 1] = i1


@leaf
def _tns_encode(x, ics, slot, tns_n, tns_p, tns_c, rows, lpc, hist):
    """The frame's TNS filters run as all-zero (encoder direction) filters over x, with the
    channel's own band offsets (row ics[slot, SWB_INDEX] of rows, as synthesis_jit._tns)."""
    mmm = min(ics[slot, TNS_MAX], ics[slot, MAX_SFB])
    if mmm <= 0:
        return
    swb = ics[slot, SWB_INDEX]
    bottom = ics[slot, NUM_SWB]
    for f in range(tns_n[slot, 0]):
        top = bottom
        bottom = max(0, top - tns_p[slot, 0, f, T_LEN])
        order = tns_p[slot, 0, f, T_ORDER]
        if order == 0:
            continue
        tns_lpc(tns_c, slot, 0, f, order, lpc)
        start = rows[swb, min(bottom, mmm)]
        end = rows[swb, min(top, mmm)]
        size = end - start
        if size <= 0:
            continue
        inc = 1
        if tns_p[slot, 0, f, T_DIR]:
            inc = -1
            start = end - 1
        for m in range(size):
            hist[0] = x[start]
            acc = x[start]
            for i in range(1, min(m, order) + 1):
                acc += hist[i] * lpc[i - 1]
            x[start] = acc
            for i in range(order, 0, -1):
                hist[i] = hist[i - 1]
            start += inc


@leaf
def _predict(slot, ics, history, lwin, swin, lwin_prev, swin_prev, gains, pt):
    """The predicted signal of one long-window channel, windowed: pt[0:2048]."""
    lag = ics[slot, LTP_LAG]
    gain = gains[ics[slot, LTP_COEF]]
    n = 2048 if lag >= 1024 else lag + 1024
    for i in range(n):
        pt[i] = history[slot, i + 2048 - lag] * gain
    for i in range(n, 2048):
        pt[i] = _ZERO
    ws = ics[slot, WS0]
    if ws != LONG_STOP:
        for i in range(1024):
            pt[i] = pt[i] * lwin_prev[i]
    else:
        for i in range(448):
            pt[i] = _ZERO
        for i in range(128):
            pt[448 + i] = pt[448 + i] * swin_prev[i]
    if ws != LONG_START:
        for i in range(1024):
            pt[1024 + i] = pt[1024 + i] * lwin[1023 - i]
    else:
        for i in range(128):
            pt[1472 + i] = pt[1472 + i] * swin[127 - i]
        for i in range(1600, 2048):
            pt[i] = _ZERO


@leaf
def _update(history, slot, ws, out, saved, buf, lwin, swin):
    """Move the history on by a frame: the last frame's output, this frame's output, and
    this frame's overlap (the IMDCT's second half, buf[512:1024]) windowed."""
    for i in range(1024):
        history[slot, i] = history[slot, 1024 + i]
    for i in range(1024):
        history[slot, 1024 + i] = out[i]
    if ws == EIGHT_SHORT or ws == LONG_START:
        if ws == EIGHT_SHORT:
            for i in range(448):
                history[slot, 2048 + i] = saved[i]
        else:
            for i in range(448):
                history[slot, 2048 + i] = buf[512 + i]
        for i in range(64):
            history[slot, 2048 + 448 + i] = buf[960 + i] * swin[127 - i]
        for i in range(64):
            history[slot, 2048 + 512 + i] = buf[1023 - i] * swin[63 - i]
        for i in range(576, 1024):
            history[slot, 2048 + i] = _ZERO
    else:
        for i in range(512):
            history[slot, 2048 + i] = buf[512 + i] * lwin[1023 - i]
        for i in range(512):
            history[slot, 2048 + 512 + i] = buf[1023 - i] * lwin[511 - i]


@kernel("void(int32[:], int32[:], int32[:, :], float32[:, :], float32[:, :], float32[:, :], "
        "int32[:, :], int32[:, :, :, :], float32[:, :, :, :], int32[:], int32[:], "
        "float32[:, :], float32[:], float32[:], float32[:], float32[:], int32[:, :], "
        "int32[:, :], int32[:], int32[:], float32[:], int32[:], float32[:], float32[:], "
        "float32[:], float32[:], float32[:], float32[:, :], float32[:], float32[:], int32[:], "
        "float32[:], float32[:], float32[:], float32[:])")
def synthesize_ltp(present, width, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
                   swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s, order_l,
                   order_s, cos, cos_at, buf, temp, zr, zi, lpc, history, tcos_ltp, tsin_ltp,
                   order_fwd, gains, pt, pf, hist):
    """synthesis_jit.synthesize for AAC LTP: each channel's prediction is added before its
    TNS and IMDCT, and its history updated after. Python checks the shapes (history: a row
    of 3072 per slot; pt 2048, pf 1024, hist 32 values)."""
    for c in range(present.shape[0]):
        if not present[c]:
            continue
        present[c] = 0
        for slot in range(2 * c, 2 * c + width[c]):
            kb0 = ics[slot, KB0]
            kb1 = ics[slot, KB1]
            if ics[2 * c, PRED_PRESENT] and ics[slot, LTP_PRESENT] \
                    and ics[slot, WS0] != EIGHT_SHORT:
                _predict(slot, ics, history, windows[2 * kb0], windows[2 * kb0 + 1],
                         windows[2 * kb1], windows[2 * kb1 + 1], gains, pt)
                _mdct(pt, pf, tcos_ltp, tsin_ltp, plan_l, order_fwd, cos, cos_at, zr, zi)
                # (the channel's own band offsets, as synthesis_jit._tns takes them)
                swb = ics[slot, SWB_INDEX]
                if ics[slot, ICS_TNS]:
                    _tns_encode(pf, ics, slot, tns_n, tns_p, tns_c, SWB_LONG_ROWS, lpc, hist)
                for sfb in range(min(ics[slot, MAX_SFB], MAX_LTP_SFB)):
                    if ics[slot, LTP_USED + sfb]:
                        for k in range(SWB_LONG_ROWS[swb, sfb], SWB_LONG_ROWS[swb, sfb + 1]):
                            coef[slot, k] = coef[slot, k] + pf[k]
            synthesize_slot(slot, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
                            swb_short, windows, tcos_l, tsin_l, tcos_s, tsin_s, plan_l, plan_s,
                            order_l, order_s, cos, cos_at, buf, temp, zr, zi, lpc)
            _update(history, slot, ics[slot, WS0], out[slot], saved[slot], buf,
                    windows[2 * kb0], windows[2 * kb0 + 1])
