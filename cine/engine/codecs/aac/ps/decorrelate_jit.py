"""The decorrelator of parametric stereo (ISO/IEC 14496-3 8.6.4.5), float32 in FFmpeg 5.1.9's
operation order: transient detection (per parameter band: the decaying peak of the power,
its smoothed excess over the power and the smoothed power give a gain that ducks
transients), then per sub-subband the decorrelated signal: below the all-pass limit a
2-slot delay with a fractional phase, through three all-pass links (delays of 3, 4 and 5
slots, fractional delays, coefficients that decay with frequency), above it a plain delay
of 14 slots, then of 1 slot from the short-delay band up; each times the transient gain.

State (carried across frames): the delay lines `delay` [91][14 + 32][re/im] (the last 14
input slots, then this frame's), the all-pass lines `ap_delay` [50][3 links][5 + 32][re/im],
and `smooth` [peak decay energy, smoothed power, smoothed peak-decay difference][34]."""
from __future__ import annotations

import numpy as np

from ....jit import leaf
from . import tables as T

F0 = np.float32(0)
F1 = np.float32(1)
PEAK_DECAY = np.float32(0.76592833836465)
TRANSIENT_IMPACT = np.float32(1.5)
A_SMOOTH = np.float32(0.25)
DECAY_SLOPE = np.float32(0.05)

MAX_DELAY = 14


@leaf
def _zero3(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j, 0] = F0
            a[i, j, 1] = F0


@leaf
def _allpass(out, k, delay, ap_delay, cfg, tgain, i, g_decay):
    """One sub-subband below the all-pass limit: out[k, n] for the 32 slots."""
    phi_re = T.PHI_FRACT[cfg, k, 0]
    phi_im = T.PHI_FRACT[cfg, k, 1]
    ag0 = T.AP_COEF[0] * g_decay
    ag1 = T.AP_COEF[1] * g_decay
    ag2 = T.AP_COEF[2] * g_decay
    for n in range(32):
        d_re = delay[k, MAX_DELAY - 2 + n, 0]
        d_im = delay[k, MAX_DELAY - 2 + n, 1]
        in_re = d_re * phi_re - d_im * phi_im
        in_im = d_re * phi_im + d_im * phi_re
        for m in range(3):
            ag = ag0 if m == 0 else (ag1 if m == 1 else ag2)
            a_re = ag * in_re
            a_im = ag * in_im
            l_re = ap_delay[k, m, n + 2 - m, 0]
            l_im = ap_delay[k, m, n + 2 - m, 1]
            q_re = T.Q_FRACT[cfg, k, m, 0]
            q_im = T.Q_FRACT[cfg, k, m, 1]
            apd_re = in_re
            apd_im = in_im
            in_re = l_re * q_re - l_im * q_im
            in_re -= a_re
            in_im = l_re * q_im + l_im * q_re
            in_im -= a_im
            ap_delay[k, m, n + 5, 0] = apd_re + ag * in_re
            ap_delay[k, m, n + 5, 1] = apd_im + ag * in_im
        out[k, n, 0] = tgain[i, n] * in_re
        out[k, n, 1] = tgain[i, n] * in_im


@leaf
def decorrelate(s, out, delay, ap_delay, smooth, power, tgain, is34, reset):
    """The decorrelated signal `out` of the hybrid-domain input `s` (both [bands][32][2]);
    all state zeroed first when `reset` (the band configuration changed)."""
    if reset:
        for i in range(3):
            for b in range(smooth.shape[1]):
                smooth[i, b] = F0
        _zero3(delay)
        for k in range(ap_delay.shape[0]):
            for m in range(ap_delay.shape[1]):
                for n in range(ap_delay.shape[2]):
                    ap_delay[k, m, n, 0] = F0
                    ap_delay[k, m, n, 1] = F0
    if is34:
        nbands, npar, cutoff, nallpass, short_band = 91, 34, 32, 50, 62
    else:
        nbands, npar, cutoff, nallpass, short_band = 71, 20, 10, 30, 42
    for i in range(power.shape[0]):
        for n in range(32):
            power[i, n] = F0
    for k in range(nbands):
        i = T.K_TO_I_34[k] if is34 else T.K_TO_I_20[k]
        for n in range(32):
            re = s[k, n, 0]
            im = s[k, n, 1]
            power[i, n] += re * re + im * im

    # transient detection
    for i in range(npar):
        peak = smooth[0, i]
        psm = smooth[1, i]
        dsm = smooth[2, i]
        for n in range(32):
            decayed = PEAK_DECAY * peak
            p = power[i, n]
            peak = decayed if decayed > p else p
            psm += A_SMOOTH * (p - psm)
            dsm += A_SMOOTH * (peak - p - dsm)
            denom = TRANSIENT_IMPACT * dsm
            tgain[i, n] = psm / denom if denom > psm else F1
        smooth[0, i] = peak
        smooth[1, i] = psm
        smooth[2, i] = dsm

    cfg = 1 if is34 else 0
    for k in range(nbands):
        # the delay line: the last 14 slots kept, this frame's appended
        for n in range(MAX_DELAY):
            delay[k, n, 0] = delay[k, n + 32, 0]
            delay[k, n, 1] = delay[k, n + 32, 1]
        for n in range(32):
            delay[k, MAX_DELAY + n, 0] = s[k, n, 0]
            delay[k, MAX_DELAY + n, 1] = s[k, n, 1]
        i = T.K_TO_I_34[k] if is34 else T.K_TO_I_20[k]
        if k < nallpass:
            g_decay = F1 - DECAY_SLOPE * np.float32(k - cutoff)
            g_decay = min(max(g_decay, F0), F1)
            for m in range(3):
                for n in range(5):
                    ap_delay[k, m, n, 0] = ap_delay[k, m, n + 32, 0]
                    ap_delay[k, m, n, 1] = ap_delay[k, m, n + 32, 1]
            _allpass(out, k, delay, ap_delay, cfg, tgain, i, g_decay)
        else:
            lag = MAX_DELAY if k < short_band else 1
            for n in range(32):
                out[k, n, 0] = delay[k, MAX_DELAY - lag + n, 0] * tgain[i, n]
                out[k, n, 1] = delay[k, MAX_DELAY - lag + n, 1] * tgain[i, n]
