"""SILK frames (RFC 6716 4.2): LP-layer header, stereo prediction weights and the mid-only
flag, gains, LSFs (lpc_jit), pitch lags and LTP filters, the shell-coded excitation, and
the LTP / LPC synthesis, mid-side unmixing, in the reference's float arithmetic.

State per decoder (see the S_*, P_* indices): `si` context integers, `fi[channel]` frame
integers, `nlsf`/`lpcs` the previous frame's LSFs and LPCs, `outbuf`/`lpchist` the 2 x 322
sample histories, `sw` the stereo weights (previous w0, w1, current w0, w1)."""
from __future__ import annotations

import numpy as np

from ....jit import kernel, leaf
from ..range_coder_jit import dec_cdf, dec_log
from .lpc_jit import decode_lpc
from .tables import (EXCITATION_LSB, EXCITATION_SIGN, EXC_RATE, FRAME_TYPE_ACTIVE,
                     FRAME_TYPE_INACTIVE, GAIN_DELTA, GAIN_HIGHBITS, GAIN_LOWBITS,
                     LBRR_FLAGS_40, LBRR_FLAGS_60, LCG_SEED, LTP_FILTER, LTP_FILTER0_SEL,
                     LTP_FILTER1_SEL, LTP_FILTER2_SEL, LTP_SCALE_FACTOR, LTP_SCALE_INDEX,
                     LTP_TAPS0, LTP_TAPS1, LTP_TAPS2, MID_ONLY, PITCH_CONTOUR_MBWB10,
                     PITCH_CONTOUR_MBWB20, PITCH_CONTOUR_NB10, PITCH_CONTOUR_NB20, PITCH_DELTA,
                     PITCH_HIGHBITS, PITCH_LOWBITS_MB, PITCH_LOWBITS_NB, PITCH_LOWBITS_WB,
                     PITCH_MAX_LAG, PITCH_MIN_LAG, PITCH_OFFSET_MBWB10, PITCH_OFFSET_MBWB20,
                     PITCH_OFFSET_NB10, PITCH_OFFSET_NB20, PITCH_SCALE, PULSE_COUNT,
                     PULSE_LOCATION, QUANT_OFFSET, SHELL_BLOCKS, STEREO_INTERP_LEN, STEREO_S1,
                     STEREO_S2, STEREO_S3, STEREO_WEIGHTS)

HISTORY = 322
MAX_LAG = 290           # 288 + LTP_ORDER / 2

S_MIDONLY = 0
S_SUBFRAMES = 1
S_SFLENGTH = 2
S_FLENGTH = 3
S_BANDWIDTH = 4
S_PREV_CODED = 5
S_OUTPUT_CHANNELS = 6
SI_SIZE = 7

P_CODED = 0
P_LOG_GAIN = 1
P_LAG = 2
P_PREV_VOICED = 3


@leaf
def _children(buf, rc, model, total, child, at):
    if total != 0:
        child[at] = dec_cdf(buf, rc, PULSE_LOCATION[model, ((total - 1 + 5) * (total - 1)) >> 1:])
        child[at + 1] = total - child[at]
    else:
        child[at] = 0
        child[at + 1] = 0


@leaf
def _excitation(buf, rc, si, res, base, qoffset_high, active, voiced, iwork):
    exc = iwork[0:320]
    pulsecount = iwork[320:340]
    lsbcount = iwork[340:360]
    branch = iwork[360:368]
    seed = dec_cdf(buf, rc, LCG_SEED)
    bw = si[S_BANDWIDTH]
    shellblocks = SHELL_BLOCKS[bw, si[S_SUBFRAMES] >> 2]
    ratelevel = dec_cdf(buf, rc, EXC_RATE[voiced])
    for i in range(shellblocks):
        lsbcount[i] = 0
        pulsecount[i] = dec_cdf(buf, rc, PULSE_COUNT[ratelevel])
        if pulsecount[i] == 17:
            while pulsecount[i] == 17:
                lsbcount[i] += 1
                if lsbcount[i] == 10:
                    break
                pulsecount[i] = dec_cdf(buf, rc, PULSE_COUNT[9])
            if lsbcount[i] == 10:
                pulsecount[i] = dec_cdf(buf, rc, PULSE_COUNT[10])
    for i in range(shellblocks):
        loc = 16 * i
        if pulsecount[i] != 0:
            _children(buf, rc, 0, pulsecount[i], branch, 0)
            for b in range(2):
                _children(buf, rc, 1, branch[b], branch, 2)
                for c in range(2):
                    _children(buf, rc, 2, branch[2 + c], branch, 4)
                    for d in range(2):
                        _children(buf, rc, 3, branch[4 + d], exc, loc)
                        loc += 2
        else:
            for j in range(16):
                exc[loc + j] = 0
    n = shellblocks << 4
    for i in range(n):
        for _ in range(lsbcount[i >> 4]):
            exc[i] = (exc[i] << 1) | dec_cdf(buf, rc, EXCITATION_LSB)
    for i in range(n):
        if exc[i] != 0:
            sign = dec_cdf(buf, rc, EXCITATION_SIGN[active + voiced, qoffset_high,
                                                    min(pulsecount[i >> 4], 6)])
            if sign == 0:
                exc[i] = -exc[i]
    for i in range(n):
        value = exc[i]
        e = (value * 256) | QUANT_OFFSET[voiced, qoffset_high]
        if value < 0:
            e += 20
        elif value > 0:
            e -= 20
        seed = (196314165 * seed + 907633515) & 0xFFFFFFFF
        if seed & 0x80000000:
            e = -e
        seed = (seed + value) & 0xFFFFFFFF
        res[base + i] = np.float32(e) / np.float32(8388608.0)


@leaf
def _decode_frame(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, frame_num, channel,
                  coded_channels, active, active1, redundant, fwork, iwork):
    bw = si[S_BANDWIDTH]
    subframes = si[S_SUBFRAMES]
    sflength = si[S_SFLENGTH]
    wb = 1 if bw == 2 else 0
    gains = fwork[0:4]
    taps = fwork[4:24]
    leadin = fwork[24:40]
    body = fwork[40:56]
    res = fwork[56:56 + MAX_LAG + HISTORY]
    lags = iwork[400:404]
    if coded_channels == 2 and channel == 0:
        n = dec_cdf(buf, rc, STEREO_S1)
        wi0 = dec_cdf(buf, rc, STEREO_S2) + 3 * (n // 5)
        ws0 = dec_cdf(buf, rc, STEREO_S3)
        wi1 = dec_cdf(buf, rc, STEREO_S2) + 3 * (n % 5)
        ws1 = dec_cdf(buf, rc, STEREO_S3)
        w0 = STEREO_WEIGHTS[wi0] + (((STEREO_WEIGHTS[wi0 + 1] - STEREO_WEIGHTS[wi0]) * 6554)
                                    >> 16) * (ws0 * 2 + 1)
        w1 = STEREO_WEIGHTS[wi1] + (((STEREO_WEIGHTS[wi1 + 1] - STEREO_WEIGHTS[wi1]) * 6554)
                                    >> 16) * (ws1 * 2 + 1)
        sw[2] = np.float32((w0 - w1) / 8192.0)
        sw[3] = np.float32(w1 / 8192.0)
        si[S_MIDONLY] = 0 if active1 else dec_cdf(buf, rc, MID_ONLY)
    if not active:
        qoffset_high = dec_cdf(buf, rc, FRAME_TYPE_INACTIVE)
        voiced = 0
    else:
        t = dec_cdf(buf, rc, FRAME_TYPE_ACTIVE)
        qoffset_high = t & 1
        voiced = t >> 1
    for i in range(subframes):
        if i == 0 and (frame_num == 0 or not fi[channel, P_CODED]):
            x = dec_cdf(buf, rc, GAIN_HIGHBITS[active + voiced])
            log_gain = (x << 3) | dec_cdf(buf, rc, GAIN_LOWBITS)
            if fi[channel, P_CODED]:
                log_gain = max(log_gain, fi[channel, P_LOG_GAIN] - 16)
        else:
            delta = dec_cdf(buf, rc, GAIN_DELTA)
            log_gain = min(max(max((delta << 1) - 16, fi[channel, P_LOG_GAIN] + delta - 4), 0),
                           63)
        fi[channel, P_LOG_GAIN] = log_gain
        lg = ((log_gain * 0x1D1C71) >> 16) + 2090
        ipart = lg >> 7
        fpart = lg & 127
        lingain = (1 << ipart) + (((-174 * fpart * (128 - fpart)) >> 16) + fpart) \
            * ((1 << ipart) >> 7)
        gains[i] = np.float32(lingain) / np.float32(65536.0)
    has_leadin, interp = decode_lpc(buf, rc, wb, voiced, subframes, fi[channel, P_CODED],
                                    nlsf[channel], lpcs[channel], leadin, body, iwork[404:])
    order = 16 if wb else 10
    if voiced:
        lag_absolute = 1 if (frame_num == 0 or not fi[channel, P_PREV_VOICED]) else 0
        primary = 0
        if not lag_absolute:
            delta = dec_cdf(buf, rc, PITCH_DELTA)
            if delta:
                primary = fi[channel, P_LAG] + delta - 9
            else:
                lag_absolute = 1
        if lag_absolute:
            high = dec_cdf(buf, rc, PITCH_HIGHBITS)
            if bw == 0:
                low = dec_cdf(buf, rc, PITCH_LOWBITS_NB)
            elif bw == 1:
                low = dec_cdf(buf, rc, PITCH_LOWBITS_MB)
            else:
                low = dec_cdf(buf, rc, PITCH_LOWBITS_WB)
            primary = PITCH_MIN_LAG[bw] + high * PITCH_SCALE[bw] + low
        fi[channel, P_LAG] = primary
        if subframes == 2:
            if bw == 0:
                contour = dec_cdf(buf, rc, PITCH_CONTOUR_NB10)
            else:
                contour = dec_cdf(buf, rc, PITCH_CONTOUR_MBWB10)
        elif bw == 0:
            contour = dec_cdf(buf, rc, PITCH_CONTOUR_NB20)
        else:
            contour = dec_cdf(buf, rc, PITCH_CONTOUR_MBWB20)
        for i in range(subframes):
            if subframes == 2:
                off = PITCH_OFFSET_NB10[contour, i] if bw == 0 else PITCH_OFFSET_MBWB10[contour, i]
            else:
                off = PITCH_OFFSET_NB20[contour, i] if bw == 0 else PITCH_OFFSET_MBWB20[contour, i]
            lags[i] = min(max(primary + off, PITCH_MIN_LAG[bw]), PITCH_MAX_LAG[bw])
        ltpfilter = dec_cdf(buf, rc, LTP_FILTER)
        for i in range(subframes):
            if ltpfilter == 0:
                index = dec_cdf(buf, rc, LTP_FILTER0_SEL)
                for j in range(5):
                    taps[5 * i + j] = np.float32(LTP_TAPS0[index, j]) / np.float32(128.0)
            elif ltpfilter == 1:
                index = dec_cdf(buf, rc, LTP_FILTER1_SEL)
                for j in range(5):
                    taps[5 * i + j] = np.float32(LTP_TAPS1[index, j]) / np.float32(128.0)
            else:
                index = dec_cdf(buf, rc, LTP_FILTER2_SEL)
                for j in range(5):
                    taps[5 * i + j] = np.float32(LTP_TAPS2[index, j]) / np.float32(128.0)
    if voiced and frame_num == 0:
        ltpscale = np.float32(LTP_SCALE_FACTOR[dec_cdf(buf, rc, LTP_SCALE_INDEX)]) \
            / np.float32(16384.0)
    else:
        ltpscale = np.float32(15565.0) / np.float32(16384.0)
    for i in range(res.shape[0]):
        res[i] = np.float32(0)
    _excitation(buf, rc, si, res, MAX_LAG, qoffset_high, active, voiced, iwork)
    if si[S_OUTPUT_CHANNELS] == channel or redundant:
        return
    out = outbuf[channel]
    hist = lpchist[channel]
    one = np.float32(1.0)
    for i in range(subframes):
        use_leadin = i < 2 and has_leadin
        dst = HISTORY + i * sflength
        rp = MAX_LAG + i * sflength
        gain = gains[i]
        if voiced:
            if i < 2 or interp == 4:
                out_end = -i * sflength
                scale = ltpscale
            else:
                out_end = -(i - 2) * sflength
                scale = one
            for j in range(-lags[i] - 2, out_end):
                s = out[dst + j]
                for k in range(order):
                    c = leadin[k] if use_leadin else body[k]
                    s -= c * out[dst + j - k - 1]
                res[rp + j] = min(max(s, -one), one) * scale / gain
            if out_end:
                rescale = gains[i - 1] / gain
                for j in range(out_end, 0):
                    res[rp + j] *= rescale
            for j in range(sflength):
                s = res[rp + j]
                for k in range(5):
                    s += taps[5 * i + k] * res[rp + j - lags[i] + 2 - k]
                res[rp + j] = s
        for j in range(sflength):
            s = res[rp + j] * gain
            for k in range(1, order + 1):
                c = leadin[k - 1] if use_leadin else body[k - 1]
                s += c * hist[dst + j - k]
            hist[dst + j] = s
            out[dst + j] = min(max(s, -one), one)
    fi[channel, P_PREV_VOICED] = voiced
    flength = si[S_FLENGTH]
    for i in range(HISTORY):
        hist[i] = hist[i + flength]
        out[i] = out[i + flength]
    fi[channel, P_CODED] = 1


@leaf
def flush_frame(fi, nlsf, lpcs, outbuf, lpchist, c):
    if not fi[c, P_CODED]:
        return
    for i in range(outbuf.shape[1]):
        outbuf[c, i] = np.float32(0)
        lpchist[c, i] = np.float32(0)
    for i in range(16):
        lpcs[c, i] = np.float32(0)
        nlsf[c, i] = 0
    fi[c, P_LOG_GAIN] = 0
    fi[c, P_LAG] = 0
    fi[c, P_PREV_VOICED] = 0
    fi[c, P_CODED] = 0


@leaf
def _unmix(si, outbuf, sw, out, at):
    flength = si[S_FLENGTH]
    mid = HISTORY - flength
    w0p = sw[0]
    w1p = sw[1]
    w0 = sw[2]
    w1 = sw[3]
    n1 = STEREO_INTERP_LEN[si[S_BANDWIDTH]]
    one = np.float32(1.0)
    m = outbuf[0]
    sd = outbuf[1]
    for i in range(flength):
        if i < n1:
            i0 = w0p + np.float32(i) * (w0 - w0p) / np.float32(n1)
            i1 = w1p + np.float32(i) * (w1 - w1p) / np.float32(n1)
        else:
            i0 = w0
            i1 = w1
        p0 = np.float32(0.25 * np.float64(m[mid + i - 2] + np.float32(2) * m[mid + i - 1]
                                          + m[mid + i]))
        left = (one + i1) * m[mid + i - 1] + sd[mid + i - 1] + i0 * p0
        right = (one - i1) * m[mid + i - 1] - sd[mid + i - 1] - i0 * p0
        out[0, at + i] = min(max(left, -one), one)
        out[1, at + i] = min(max(right, -one), one)
    sw[0] = w0
    sw[1] = w1


@kernel("int64(uint8[:], int64[:], int64[:], int64[:, :], int64[:, :], float32[:, :], "
        "float32[:, :], float32[:, :], float32[:], float32[:, :], int64, int64, int64, "
        "float32[:], int64[:])")
def decode_superframe(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, out, bandwidth,
                      coded_channels, duration_ms, fwork, iwork):
    """The SILK frames (10 to 60 ms) of one Opus frame at the SILK rate into out[c, :];
    returns the samples per channel, or -1 for parameters the reference refuses."""
    if (bandwidth < 0 or bandwidth > 2 or coded_channels < 1 or coded_channels > 2
            or duration_ms > 60 or duration_ms < 10 or fi.shape[0] < 2 or fi.shape[1] < 4
            or nlsf.shape[0] < 2 or nlsf.shape[1] < 16 or lpcs.shape[1] < 16
            or outbuf.shape[0] < 2 or outbuf.shape[1] < 2 * HISTORY
            or lpchist.shape[1] < 2 * HISTORY or sw.shape[0] < 4 or out.shape[0] < 2
            or fwork.shape[0] < 56 + MAX_LAG + HISTORY or iwork.shape[0] < 600
            or si[S_OUTPUT_CHANNELS] < 1 or si[S_OUTPUT_CHANNELS] > 2):
        return -1
    nb_frames = 1 + (1 if duration_ms > 20 else 0) + (1 if duration_ms > 40 else 0)
    si[S_SUBFRAMES] = duration_ms // nb_frames // 5
    si[S_SFLENGTH] = 20 * (bandwidth + 2)
    si[S_FLENGTH] = si[S_SFLENGTH] * si[S_SUBFRAMES]
    si[S_BANDWIDTH] = bandwidth
    flength = si[S_FLENGTH]
    if out.shape[1] < nb_frames * flength:
        return -1
    if coded_channels > si[S_PREV_CODED]:
        flush_frame(fi, nlsf, lpcs, outbuf, lpchist, 1)
    si[S_PREV_CODED] = coded_channels
    active = iwork[580:592]
    redundancy = iwork[592:594]
    redundancy[1] = 0
    for i in range(coded_channels):
        for j in range(nb_frames):
            active[6 * i + j] = dec_log(buf, rc, 1)
        redundancy[i] = dec_log(buf, rc, 1)
    if coded_channels == 1:
        for j in range(6):
            active[6 + j] = 0
    for i in range(coded_channels):
        if redundancy[i] and duration_ms > 20:
            if duration_ms == 40:
                redundancy[i] = dec_cdf(buf, rc, LBRR_FLAGS_40)
            else:
                redundancy[i] = dec_cdf(buf, rc, LBRR_FLAGS_60)
    for i in range(nb_frames):
        for j in range(coded_channels):
            if redundancy[j] & (1 << i):
                active1 = 0 if (j == 0 and not (redundancy[1] & (1 << i))) else 1
                _decode_frame(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, i, j,
                              coded_channels, 1, active1, 1, fwork, iwork)
    for i in range(nb_frames):
        j = 0
        while j < coded_channels and not si[S_MIDONLY]:
            _decode_frame(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, i, j,
                          coded_channels, active[6 * j + i], active[6 + i], 0, fwork, iwork)
            j += 1
        if si[S_MIDONLY] and fi[1, P_CODED]:
            flush_frame(fi, nlsf, lpcs, outbuf, lpchist, 1)
        if coded_channels == 1 or si[S_OUTPUT_CHANNELS] == 1:
            for c in range(si[S_OUTPUT_CHANNELS]):
                for k in range(flength):
                    out[c, i * flength + k] = outbuf[0, HISTORY - flength - 2 + k]
        else:
            _unmix(si, outbuf, sw, out, i * flength)
        si[S_MIDONLY] = 0
    return nb_frames * flength
