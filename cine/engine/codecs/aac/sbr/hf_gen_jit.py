"""SBR low band and HF generation (ISO/IEC 14496-3 4.6.18.5-4.6.18.6) inside numba, as FFmpeg
5.1.9's float decoder computes them: X_low from this frame's and the previous frame's QMF
analysis, the covariance-method inverse filtering coefficients (alpha0, alpha1) of each low
subband, the chirp factors, the patched HF signal X_high, and the QMF matrix X the
synthesis takes (low band, previous frame's and this frame's adjusted HF). All float32 in
the reference's operation order.

Shapes: x_low (32, 40, 2), x_high (64, 40, 2), w (2, 32, 32, 2), alpha (2, 64, 2),
y (2, 38, 64, 2), x (2, 38, 64) (re/im planes as the parametric stereo takes them).
"""
from __future__ import annotations

import numpy as np

from ....jit import leaf

T_HFGEN = 8
OFFSET = 2                  # ENVELOPE_ADJUSTMENT_OFFSET
_EPS_DIV = np.float32(1.000001)
_SIXTEEN = np.float32(16.0)


@leaf
def lf_gen(x_low, w, buf_idx, kx1, kx0):
    """The low band: this frame's 32 slots after the previous frame's last 8."""
    x_low[:, :, :] = 0
    for k in range(min(kx1, 32)):
        for i in range(T_HFGEN, 32 + T_HFGEN):
            x_low[k, i, 0] = w[buf_idx, i - T_HFGEN, k, 0]
            x_low[k, i, 1] = w[buf_idx, i - T_HFGEN, k, 1]
    prev = 1 - buf_idx
    for k in range(min(kx0, 32)):
        for i in range(T_HFGEN):
            x_low[k, i, 0] = w[prev, i + 32 - T_HFGEN, k, 0]
            x_low[k, i, 1] = w[prev, i + 32 - T_HFGEN, k, 1]


@leaf
def _autocorrelate(x):
    """The covariance terms of one low subband (x: 40 complex values), summed as the
    reference's SSE3 code sums them: real and imaginary products in separate lanes (the
    terms of i = 1..37, the lag-2 ones from i = 0), the lanes added pairwise at the end.
    Returns (phi000, phi001, phi010, phi011, phi100, phi110, phi111, phi210)."""
    x0r = x[0, 0]
    x0i = x[0, 1]
    x1r = x[1, 0]
    x1i = x[1, 1]
    x2r = x[2, 0]
    x2i = x[2, 1]
    # lag 2 lanes start with i = 0, the others with i = 1
    q0 = x0r * x2r
    q1 = x0i * x2i
    q2 = x0r * x2i
    q3 = x0i * x2r
    e0 = x1r * x1r
    e1 = x1i * x1i
    p0 = x1r * x2r
    p1 = x1i * x2i
    p2 = x1r * x2i
    p3 = x1i * x2r
    q0 += x1r * x[3, 0]
    q1 += x1i * x[3, 1]
    q2 += x1r * x[3, 1]
    q3 += x1i * x[3, 0]
    for i in range(2, 38):
        ar = x[i, 0]
        ai = x[i, 1]
        br = x[i + 1, 0]
        bi = x[i + 1, 1]
        cr = x[i + 2, 0]
        ci = x[i + 2, 1]
        p0 += ar * br
        p1 += ai * bi
        p2 += ar * bi
        p3 += ai * br
        q0 += ar * cr
        q1 += ai * ci
        q2 += ar * ci
        q3 += ai * cr
        e0 += ar * ar
        e1 += ai * ai
    yr = x[38, 0]
    yi = x[38, 1]
    zr = x[39, 0]
    zi = x[39, 1]
    phi000 = (yr * zr + p0) + (yi * zi + p1)
    phi001 = (yr * zi + p2) - (yi * zr + p3)
    phi010 = q0 + q1
    phi011 = q2 - q3
    phi110 = (p0 + x0r * x1r) + (p1 + x0i * x1i)
    phi111 = (p2 + x0r * x1i) - (p3 + x0i * x1r)
    phi210 = (e0 + x0r * x0r) + (e1 + x0i * x0i)
    phi100 = (yr * yr + e0) + (yi * yi + e1)
    return phi000, phi001, phi010, phi011, phi100, phi110, phi111, phi210


@leaf
def inverse_filter(x_low, k0, alpha):
    """alpha[0, k] (alpha0) and alpha[1, k] (alpha1) of the low subbands below k0."""
    zero = np.float32(0.0)
    for k in range(min(k0, 32)):
        p000, p001, p010, p011, p100, p110, p111, p210 = _autocorrelate(x_low[k])
        dk = p210 * p100 - (p110 * p110 + p111 * p111) / _EPS_DIV
        if dk == zero:
            a1r = zero
            a1i = zero
        else:
            a1r = (p000 * p110 - p001 * p111 - p010 * p100) / dk
            a1i = (p000 * p111 + p001 * p110 - p011 * p100) / dk
        if p100 == zero:
            a0r = zero
            a0i = zero
        else:
            a0r = -(p000 + a1r * p110 + a1i * p111) / p100
            a0i = -(p001 + a1i * p110 - a1r * p111) / p100
        if a1r * a1r + a1i * a1i >= _SIXTEEN or a0r * a0r + a0i * a0i >= _SIXTEEN:
            a1r = zero
            a1i = zero
            a0r = zero
            a0i = zero
        alpha[0, k, 0] = a0r
        alpha[0, k, 1] = a0i
        alpha[1, k, 0] = a1r
        alpha[1, k, 1] = a1i


@leaf
def chirp(bw, invf0, invf1, n_q):
    """The chirp factors of the noise bands, from this and the previous inverse filtering
    modes (bw keeps them from frame to frame)."""
    for i in range(n_q):
        mode = invf0[i]
        if mode + invf1[i] == 1:
            new = np.float32(0.6)
        elif mode == 1:
            new = np.float32(0.75)
        elif mode == 2:
            new = np.float32(0.9)
        elif mode == 3:
            new = np.float32(0.98)
        else:
            new = np.float32(0.0)
        if new < bw[i]:
            new = np.float32(0.75) * new + np.float32(0.25) * bw[i]
        else:
            new = np.float32(0.90625) * new + np.float32(0.09375) * bw[i]
        bw[i] = np.float32(0.0) if new < np.float32(0.015625) else new


@leaf
def hf_gen(x_high, x_low, alpha, bw, noise, n_q, sizes, starts, npatch, kx1, m1, t_start,
           t_end):
    """X_high from the patches; -1 - k when a subband has no noise band (the reference logs
    it and stops there), else 0."""
    g = 0
    k = kx1
    for j in range(npatch):
        for x in range(sizes[j]):
            p = starts[j] + x
            while g <= n_q and k >= noise[g]:
                g += 1
            g -= 1
            if g < 0:
                return -1 - k
            b = bw[g]
            a0 = alpha[1, p, 0] * b * b
            a1 = alpha[1, p, 1] * b * b
            a2 = alpha[0, p, 0] * b
            a3 = alpha[0, p, 1] * b
            lo = x_low[p]
            hi = x_high[k]
            # summed as the reference's SSE code sums it
            for i in range(t_start, t_end):
                hi[i + OFFSET, 0] = (-(lo[i + 1, 1] * a3) - lo[i, 1] * a1 + lo[i + 2, 0]) \
                    + (lo[i, 0] * a0 + lo[i + 1, 0] * a2)
                hi[i + OFFSET, 1] = (lo[i + 1, 0] * a3 + lo[i, 0] * a1 + lo[i + 2, 1]) \
                    + (lo[i, 1] * a0 + lo[i + 1, 1] * a2)
            k += 1
    while k < m1 + kx1 and k < 64:
        x_high[k, :, :] = 0
        k += 1
    return 0


@leaf
def x_gen(x, y0, y1, x_low, env_old, kx0, m0, kx1, m1):
    """The synthesis input: low band and HF of the previous frame up to i_Temp, then this
    frame's."""
    i_temp = max(2 * env_old - 32, 0)
    x[:, :, :] = 0
    for k in range(min(kx0, 32)):
        for i in range(i_temp):
            x[0, i, k] = x_low[k, i + OFFSET, 0]
            x[1, i, k] = x_low[k, i + OFFSET, 1]
    for k in range(kx0, min(kx0 + m0, 64)):
        for i in range(i_temp):
            x[0, i, k] = y0[i + 32, k, 0]
            x[1, i, k] = y0[i + 32, k, 1]
    for k in range(min(kx1, 32)):
        for i in range(i_temp, 38):
            x[0, i, k] = x_low[k, i + OFFSET, 0]
            x[1, i, k] = x_low[k, i + OFFSET, 1]
    for k in range(kx1, min(kx1 + m1, 64)):
        for i in range(i_temp, 32):
            x[0, i, k] = y1[i, k, 0]
            x[1, i, k] = y1[i, k, 1]
