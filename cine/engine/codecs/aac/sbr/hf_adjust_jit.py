"""SBR dequantisation and HF adjustment (ISO/IEC 14496-3 4.6.18.3.5 and 4.6.18.7) inside
numba, as FFmpeg 5.1.9's float decoder computes them: envelope and noise floor scale factors
(coupled pairs as level/balance), their mapping onto the QMF subbands with the sinusoids'
positions, the estimation of the HF envelope, the gains with the limiter and its boost, and
the assembly of the adjusted HF signal with the smoothing filter, the noise floor and the
sinusoids. float32 in the reference's operation order.

adj[plane, envelope, subband - kx] holds the per-envelope maps: E_ORIG, Q_MAPPED, S_MAPPED,
E_CURR, Q_M, S_M, GAIN, and FILT (row 0: smoothed gains, row 1: smoothed noise levels).
"""
from __future__ import annotations

import math

import numpy as np

from ....jit import leaf

E_ORIG, Q_MAPPED, S_MAPPED, E_CURR, Q_M, S_M, GAIN, FILT = range(8)
OFFSET = 2
# per-channel int fields (chi rows, filled by apply.py from the parsed data)
C_NUM_ENV, C_NUM_NOISE, C_AMP_RES, C_ENV_OLD, C_EA0, C_EA1, C_HARM = range(7)
C_T_ENV, C_T_Q, C_FREQ_RES, C_INVF0, C_INVF1 = 8, 16, 20, 28, 34
CHI_SIZE = 40
# per-channel DSP state (dsp rows)
D_INDEXNOISE, D_INDEXSINE, D_YPOS, D_VOFF = range(4)

_LIMGAIN = np.array([0.70795, 1.0, 1.41254, 10000000000.0], np.float32)
_SMOOTH = np.array([0.33333333333333, 0.30150283239582, 0.21816949906249, 0.11516383427084,
                    0.03183050093751], np.float32)
_FLT_MIN = np.float32(1.17549435e-38)
_FLT_EPS = np.float32(1.1920928955078125e-07)
_ONE = np.float32(1.0)
_BOOST_MAX = np.float32(1.584893192)
_GAIN_MAX = np.float32(100000.0)
_SQRT2 = math.sqrt(2.0)
_HUGE = 1e20


@leaf
def _exp2i(x):
    """2^x for an integer x as a float32 (the reference's exp2fi)."""
    if x > 128:
        return np.float32(np.inf)
    if x < -149:
        return np.float32(0.0)
    return np.float32(math.ldexp(1.0, int(x)))


@leaf
def _env_level(q, amp_res, bias):
    if amp_res:
        return np.float32(_exp2i(q + bias))
    if q & 1:
        return np.float32(np.float64(_exp2i((q >> 1) + bias)) * _SQRT2)
    return _exp2i((q >> 1) + bias)


@leaf
def dequant(chi, env_q, noise_q, env, noise, n_low, n_high, n_q, coupled, nch):
    """env[ch, e, k] and noise[ch, e, k] from the quantised values; the number of envelope
    scale factors that overflowed (the reference logs each and uses 1)."""
    overflows = 0
    if coupled:
        amp = chi[0, C_AMP_RES]
        pan = 12 if amp else 24
        for e in range(1, chi[0, C_NUM_ENV] + 1):
            n = n_high if chi[0, C_FREQ_RES + e] else n_low
            for k in range(n):
                t1 = _env_level(env_q[0, e, k], amp, 7)
                t2 = _env_level(pan - env_q[1, e, k], amp, 0)
                if np.float64(t1) > _HUGE:
                    overflows += 1
                    t1 = _ONE
                fac = t1 / (_ONE + t2)
                env[0, e, k] = fac
                env[1, e, k] = fac * t2
        for e in range(1, chi[0, C_NUM_NOISE] + 1):
            for k in range(n_q):
                t1 = _exp2i(6 - noise_q[0, e, k] + 1)
                t2 = _exp2i(12 - noise_q[1, e, k])
                fac = t1 / (_ONE + t2)
                noise[0, e, k] = fac
                noise[1, e, k] = fac * t2
        return overflows
    for ch in range(nch):
        amp = chi[ch, C_AMP_RES]
        for e in range(1, chi[ch, C_NUM_ENV] + 1):
            n = n_high if chi[ch, C_FREQ_RES + e] else n_low
            for k in range(n):
                v = _env_level(env_q[ch, e, k], amp, 6)
                if np.float64(v) > _HUGE:
                    overflows += 1
                    v = _ONE
                env[ch, e, k] = v
        for e in range(1, chi[ch, C_NUM_NOISE] + 1):
            for k in range(n_q):
                noise[ch, e, k] = _exp2i(6 - noise_q[ch, e, k])
    return overflows


@leaf
def mapping(chi, ch, env, noise, harm, s_idx, adj, high, low, noise_tab, n_low, n_high, n_q,
            kx1):
    """The scale factors per subband and envelope; -1 when kx does not start the tables (the
    caller turns SBR off), else 0."""
    s_idx[1:8, :] = 0
    num_env = chi[ch, C_NUM_ENV]
    num_noise = chi[ch, C_NUM_NOISE]
    ea1 = chi[ch, C_EA1]
    for e in range(num_env):
        fine = chi[ch, C_FREQ_RES + e + 1]
        ilim = n_high if fine else n_low
        table = high if fine else low
        if kx1 != table[0]:
            return -1
        for i in range(ilim):
            for m in range(table[i], table[i + 1]):
                adj[E_ORIG, e, m - kx1] = env[ch, e + 1, i]
        k = 1 if num_noise > 1 and chi[ch, C_T_ENV + e] >= chi[ch, C_T_Q + 1] else 0
        for i in range(n_q):
            for m in range(noise_tab[i], noise_tab[i + 1]):
                adj[Q_MAPPED, e, m - kx1] = noise[ch, k + 1, i]
        if chi[ch, C_HARM]:
            for i in range(n_high):
                mid = ((high[i] + high[i + 1]) >> 1) - kx1
                on = 1 if e >= ea1 or s_idx[0, mid] == 1 else 0
                s_idx[e + 1, mid] = harm[ch, i] * on
        for i in range(ilim):
            present = 0
            for m in range(table[i], table[i + 1]):
                if s_idx[e + 1, m - kx1]:
                    present = 1
                    break
            for m in range(table[i], table[i + 1]):
                adj[S_MAPPED, e, m - kx1] = present
    for m in range(s_idx.shape[1]):
        s_idx[0, m] = s_idx[num_env, m]
    return 0


@leaf
def _sum_square(x, lo, hi):
    """The energy of x[lo:hi] (complex values; hi - lo even), summed as the reference's SSE
    code sums it: four lanes, two accumulators over blocks of eight values."""
    a0 = np.float32(0.0)
    a1 = np.float32(0.0)
    a2 = np.float32(0.0)
    a3 = np.float32(0.0)
    b0 = np.float32(0.0)
    b1 = np.float32(0.0)
    b2 = np.float32(0.0)
    b3 = np.float32(0.0)
    n = hi - lo
    i = lo
    for _ in range(n >> 3):
        for half in range(2):
            j = i + 4 * half
            a0 += x[j, 0] * x[j, 0]
            a1 += x[j, 1] * x[j, 1]
            a2 += x[j + 1, 0] * x[j + 1, 0]
            a3 += x[j + 1, 1] * x[j + 1, 1]
            b0 += x[j + 2, 0] * x[j + 2, 0]
            b1 += x[j + 2, 1] * x[j + 2, 1]
            b2 += x[j + 3, 0] * x[j + 3, 0]
            b3 += x[j + 3, 1] * x[j + 3, 1]
        i += 8
    for _ in range((n & 7) >> 1):
        a0 += x[i, 0] * x[i, 0]
        a1 += x[i, 1] * x[i, 1]
        a2 += x[i + 1, 0] * x[i + 1, 0]
        a3 += x[i + 1, 1] * x[i + 1, 1]
        i += 2
    a0 += b0
    a1 += b1
    a2 += b2
    a3 += b3
    return (a0 + a2) + (a1 + a3)


@leaf
def env_estimate(chi, ch, adj, x_high, high, low, n_low, n_high, kx1, m1, interpol):
    num_env = chi[ch, C_NUM_ENV]
    for e in range(num_env):
        t0 = chi[ch, C_T_ENV + e]
        t1 = chi[ch, C_T_ENV + e + 1]
        ilb = t0 * 2 + OFFSET
        iub = t1 * 2 + OFFSET
        if ilb >= 40:
            return
        if interpol:
            recip = np.float32(0.5) / np.float32(t1 - t0)
            for m in range(m1):
                adj[E_CURR, e, m] = _sum_square(x_high[m + kx1], ilb, iub) * recip
        else:
            size = 2 * (t1 - t0)
            fine = chi[ch, C_FREQ_RES + e + 1]
            table = high if fine else low
            for p in range(n_high if fine else n_low):
                total = np.float32(0.0)
                for k in range(table[p], table[p + 1]):
                    total += _sum_square(x_high[k], ilb, iub)
                total = total / np.float32(size * (table[p + 1] - table[p]))
                for k in range(table[p], table[p + 1]):
                    adj[E_CURR, e, k - kx1] = total


@leaf
def _fmin(a, b):
    return b if a > b else a


@leaf
def gain_calc(chi, ch, adj, s_idx, lim, n_lim, kx1, limiter_gains):
    ea0 = chi[ch, C_EA0]
    ea1 = chi[ch, C_EA1]
    limit = _LIMGAIN[limiter_gains]
    for e in range(chi[ch, C_NUM_ENV]):
        delta = 0 if e == ea1 or e == ea0 else 1
        fdelta = np.float32(delta)
        for k in range(n_lim):
            lo = lim[k] - kx1
            hi = lim[k + 1] - kx1
            for m in range(lo, hi):
                orig = adj[E_ORIG, e, m]
                qmap = adj[Q_MAPPED, e, m]
                cur = adj[E_CURR, e, m]
                temp = orig / (_ONE + qmap)
                adj[Q_M, e, m] = np.sqrt(temp * qmap)
                adj[S_M, e, m] = np.sqrt(temp * np.float32(s_idx[e + 1, m]))
                if not adj[S_MAPPED, e, m]:
                    g = np.sqrt(orig / ((_ONE + cur) * (_ONE + qmap * fdelta)))
                else:
                    g = np.sqrt(orig * qmap / ((_ONE + cur) * (_ONE + qmap)))
                adj[GAIN, e, m] = g + _FLT_MIN
            s0 = np.float32(0.0)
            s1 = np.float32(0.0)
            for m in range(lo, hi):
                s0 += adj[E_ORIG, e, m]
                s1 += adj[E_CURR, e, m]
            gmax = limit * np.sqrt((_FLT_EPS + s0) / (_FLT_EPS + s1))
            gmax = _fmin(_GAIN_MAX, gmax)
            for m in range(lo, hi):
                qmax = adj[Q_M, e, m] * gmax / adj[GAIN, e, m]
                adj[Q_M, e, m] = _fmin(adj[Q_M, e, m], qmax)
                adj[GAIN, e, m] = _fmin(adj[GAIN, e, m], gmax)
            s0 = np.float32(0.0)
            s1 = np.float32(0.0)
            for m in range(lo, hi):
                g = adj[GAIN, e, m]
                sm = adj[S_M, e, m]
                qm = adj[Q_M, e, m]
                noise_on = np.float32(1.0 if delta and sm == np.float32(0.0) else 0.0)
                s0 += adj[E_ORIG, e, m]
                s1 += adj[E_CURR, e, m] * g * g + sm * sm + noise_on * qm * qm
            boost = np.sqrt((_FLT_EPS + s0) / (_FLT_EPS + s1))
            boost = _fmin(_BOOST_MAX, boost)
            for m in range(lo, hi):
                adj[GAIN, e, m] *= boost
                adj[Q_M, e, m] *= boost
                adj[S_M, e, m] *= boost


@leaf
def assemble(chi, ch, dsp, adj, y1, x_high, g_temp, q_temp, noise_table, kx, m_max, smoothing,
             reset):
    """The adjusted HF signal of this frame into y1[slot, subband]."""
    h_sl = 0 if smoothing else 4
    num_env = chi[ch, C_NUM_ENV]
    t_env0 = chi[ch, C_T_ENV]
    ea0 = chi[ch, C_EA0]
    ea1 = chi[ch, C_EA1]
    inoise = dsp[ch, D_INDEXNOISE]
    isine = dsp[ch, D_INDEXSINE]
    if reset:
        for i in range(h_sl):
            for m in range(m_max):
                g_temp[i + 2 * t_env0, m] = adj[GAIN, 0, m]
                q_temp[i + 2 * t_env0, m] = adj[Q_M, 0, m]
    elif h_sl:
        old = chi[ch, C_ENV_OLD]
        for i in range(4):
            for m in range(g_temp.shape[1]):
                g_temp[i + 2 * t_env0, m] = g_temp[i + 2 * old, m]
                q_temp[i + 2 * t_env0, m] = q_temp[i + 2 * old, m]
    for e in range(num_env):
        for i in range(2 * chi[ch, C_T_ENV + e], 2 * chi[ch, C_T_ENV + e + 1]):
            for m in range(m_max):
                g_temp[h_sl + i, m] = adj[GAIN, e, m]
                q_temp[h_sl + i, m] = adj[Q_M, e, m]
    g_filt = adj[FILT, 0]
    q_filt = adj[FILT, 1]
    for e in range(num_env):
        transient = e == ea0 or e == ea1
        s_m = adj[S_M, e]
        for i in range(2 * chi[ch, C_T_ENV + e], 2 * chi[ch, C_T_ENV + e + 1]):
            if h_sl and not transient:
                idx1 = i + h_sl
                for m in range(m_max):
                    gf = np.float32(0.0)
                    qf = np.float32(0.0)
                    for j in range(h_sl + 1):
                        gf += g_temp[idx1 - j, m] * _SMOOTH[j]
                        qf += q_temp[idx1 - j, m] * _SMOOTH[j]
                    g_filt[m] = gf
                    q_filt[m] = qf
            else:
                for m in range(m_max):
                    g_filt[m] = g_temp[i + h_sl, m]
                    q_filt[m] = q_temp[i, m]
            for m in range(m_max):
                y1[i, kx + m, 0] = x_high[kx + m, i + OFFSET, 0] * g_filt[m]
                y1[i, kx + m, 1] = x_high[kx + m, i + OFFSET, 1] * g_filt[m]
            if not transient:
                if isine == 0:
                    p0 = np.float32(1.0)
                    p1 = np.float32(0.0)
                elif isine == 1:
                    p0 = np.float32(0.0)
                    p1 = np.float32(1 - 2 * (kx & 1))
                elif isine == 2:
                    p0 = np.float32(-1.0)
                    p1 = np.float32(0.0)
                else:
                    p0 = np.float32(0.0)
                    p1 = -np.float32(1 - 2 * (kx & 1))
                n = inoise
                for m in range(m_max):
                    n = (n + 1) & 0x1ff
                    sm = s_m[m]
                    if sm != np.float32(0.0):
                        y1[i, kx + m, 0] += sm * p0
                        y1[i, kx + m, 1] += sm * p1
                    else:
                        y1[i, kx + m, 0] += q_filt[m] * noise_table[n, 0]
                        y1[i, kx + m, 1] += q_filt[m] * noise_table[n, 1]
                    p1 = -p1
            else:
                part = isine & 1
                a = 1 - ((isine + (kx & 1)) & 2)
                b = (a ^ (-part)) + part
                fa = np.float32(a)
                fb = np.float32(b)
                for m in range(m_max):
                    y1[i, kx + m, part] += s_m[m] * (fa if m & 1 == 0 else fb)
            inoise = (inoise + m_max) & 0x1ff
            isine = (isine + 1) & 3
    dsp[ch, D_INDEXNOISE] = inoise
    dsp[ch, D_INDEXSINE] = isine
