"""SILK frames (RFC 6716 4.2): LP-layer header, stereo prediction weights and the mid-only
flag, gains, LSFs (lpc_jit), pitch lags and LTP filters, the shell-coded excitation, and
the LTP / LPC synthesis, mid-side unmixing, in the reference's float arithmetic.

State per decoder (see the S_*, P_* indices): `si` context integers, `fi[channel]` frame
integers, `nlsf`/`lpcs` the previous frame's LSFs and LPCs, `outbuf`/`lpchist` the 2 x 322
sample histories, `sw` the stereo weights (previous w0, w1, current w0, w1)."""
from __future__ import annotations

import numpy as np

from ....jit import helper, kernel, leaf
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
# a channel's frame parameters between their decoding and the synthesis (so that the two
# channels' syntheses run side by side): in fwork from FBLOCK * channel, gains (4), LTP taps
# (20), LPC coefficients of the lead-in and the body (16 each), LTP scale, the excitation;
# in iwork from IPARAMS + IBLOCK * channel, pitch lags (4), voiced, lead-in, interpolation
F_RES = 57
FBLOCK = F_RES + MAX_LAG + HISTORY
FWORK_SIZE = 2 * FBLOCK
IPARAMS = 600
IBLOCK = 7
IWORK_SIZE = IPARAMS + 2 * IBLOCK

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
def _decode_frame(buf, rc, si, fi, nlsf, lpcs, sw, frame_num, channel, coded_channels, active,
                  active1, redundant, fwork, iwork):
    """A channel's frame parameters and excitation, kept in its blocks of fwork and iwork
    for _synthesize: returns 1 where the channel's output is to be synthesized, 0 where
    not (a redundant frame, or a second coded channel that a mono output drops)."""
    bw = si[S_BANDWIDTH]
    subframes = si[S_SUBFRAMES]
    wb = 1 if bw == 2 else 0
    f0 = FBLOCK * channel
    i0 = IPARAMS + IBLOCK * channel
    gains = fwork[f0:f0 + 4]
    taps = fwork[f0 + 4:f0 + 24]
    leadin = fwork[f0 + 24:f0 + 40]
    body = fwork[f0 + 40:f0 + 56]
    res = fwork[f0 + F_RES:f0 + FBLOCK]
    lags = iwork[i0:i0 + 4]
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
        return 0
    fwork[f0 + 56] = ltpscale
    iwork[i0 + 4] = voiced
    iwork[i0 + 5] = has_leadin
    iwork[i0 + 6] = interp
    return 1


@leaf
def _ltp(si, out, fwork, iwork, channel, i):
    """Subframe i of a voiced frame of the channel: the output so far whitened back into
    the excitation, then the long-term prediction added to it."""
    sflength = si[S_SFLENGTH]
    order = 16 if si[S_BANDWIDTH] == 2 else 10
    f0 = FBLOCK * channel
    i0 = IPARAMS + IBLOCK * channel
    gains = fwork[f0:f0 + 4]
    lpc = fwork[f0 + 24:f0 + 40] if i < 2 and iwork[i0 + 5] else fwork[f0 + 40:f0 + 56]
    res = fwork[f0 + F_RES:f0 + FBLOCK]
    lag = iwork[i0 + i]
    one = np.float32(1.0)
    dst = HISTORY + i * sflength
    rp = MAX_LAG + i * sflength
    gain = gains[i]
    if i < 2 or iwork[i0 + 6] == 4:
        out_end = -i * sflength
        scale = fwork[f0 + 56]
    else:
        out_end = -(i - 2) * sflength
        scale = one
    for j in range(-lag - 2, out_end):
        s = out[dst + j]
        for k in range(order):
            s -= lpc[k] * out[dst + j - k - 1]
        res[rp + j] = min(max(s, -one), one) * scale / gain
    if out_end:
        rescale = gains[i - 1] / gain
        for j in range(out_end, 0):
            res[rp + j] *= rescale
    for j in range(sflength):
        s = res[rp + j]
        for k in range(5):
            s += fwork[f0 + 4 + 5 * i + k] * res[rp + j - lag + 2 - k]
        res[rp + j] = s


@leaf
def _lpc(si, out, hist, fwork, iwork, channel, i):
    """Subframe i of the channel through the LPC synthesis filter: out and hist at
    HISTORY + i * subframe length."""
    sflength = si[S_SFLENGTH]
    order = 16 if si[S_BANDWIDTH] == 2 else 10
    f0 = FBLOCK * channel
    lpc = fwork[f0 + 24:f0 + 40] if i < 2 and iwork[IPARAMS + IBLOCK * channel + 5] \
        else fwork[f0 + 40:f0 + 56]
    res = fwork[f0 + F_RES:f0 + FBLOCK]
    gain = fwork[f0 + i]
    one = np.float32(1.0)
    dst = HISTORY + i * sflength
    rp = MAX_LAG + i * sflength
    # (the sample just computed stays in a register for the next one's first term: the
    # recursion's chain of additions is what the loop waits on)
    last = hist[dst - 1]
    for j in range(sflength):
        s = res[rp + j] * gain
        s += lpc[0] * last
        for k in range(2, order + 1):
            s += lpc[k - 1] * hist[dst + j - k]
        hist[dst + j] = s
        last = s
        out[dst + j] = min(max(s, -one), one)


@leaf
def _lpc_pair(si, outbuf, lpchist, fwork, iwork, i):
    """_lpc of both channels, their samples computed side by side (each channel's in the
    same order as _lpc: the two recursions are independent, so each hides the other's
    latency)."""
    sflength = si[S_SFLENGTH]
    order = 16 if si[S_BANDWIDTH] == 2 else 10
    lpc_a = fwork[24:40] if i < 2 and iwork[IPARAMS + 5] else fwork[40:56]
    lpc_b = fwork[FBLOCK + 24:FBLOCK + 40] if i < 2 and iwork[IPARAMS + IBLOCK + 5] \
        else fwork[FBLOCK + 40:FBLOCK + 56]
    res_a = fwork[F_RES:FBLOCK]
    res_b = fwork[FBLOCK + F_RES:2 * FBLOCK]
    gain_a = fwork[i]
    gain_b = fwork[FBLOCK + i]
    out_a = outbuf[0]
    out_b = outbuf[1]
    hist_a = lpchist[0]
    hist_b = lpchist[1]
    one = np.float32(1.0)
    dst = HISTORY + i * sflength
    rp = MAX_LAG + i * sflength
    last_a = hist_a[dst - 1]
    last_b = hist_b[dst - 1]
    for j in range(sflength):
        a = res_a[rp + j] * gain_a
        b = res_b[rp + j] * gain_b
        a += lpc_a[0] * last_a
        b += lpc_b[0] * last_b
        for k in range(2, order + 1):
            a += lpc_a[k - 1] * hist_a[dst + j - k]
            b += lpc_b[k - 1] * hist_b[dst + j - k]
        hist_a[dst + j] = a
        hist_b[dst + j] = b
        last_a = a
        last_b = b
        out_a[dst + j] = min(max(a, -one), one)
        out_b[dst + j] = min(max(b, -one), one)


@leaf
def _synthesize(si, fi, outbuf, lpchist, fwork, iwork, pending):
    """The output of the channels whose parameters _decode_frame left (bit c of `pending`
    for channel c), both at once when both are pending, then their histories moved on."""
    subframes = si[S_SUBFRAMES]
    for i in range(subframes):
        for c in range(2):
            if pending & (1 << c) and iwork[IPARAMS + IBLOCK * c + 4]:
                _ltp(si, outbuf[c], fwork, iwork, c, i)
        if pending == 3:
            _lpc_pair(si, outbuf, lpchist, fwork, iwork, i)
        else:
            for c in range(2):
                if pending & (1 << c):
                    _lpc(si, outbuf[c], lpchist[c], fwork, iwork, c, i)
    flength = si[S_FLENGTH]
    for c in range(2):
        if pending & (1 << c):
            fi[c, P_PREV_VOICED] = iwork[IPARAMS + IBLOCK * c + 4]
            out = outbuf[c]
            hist = lpchist[c]
            for i in range(HISTORY):
                hist[i] = hist[i + flength]
                out[i] = out[i + flength]
            fi[c, P_CODED] = 1


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


@helper
def silk_frames(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, out, bandwidth,
                coded_channels, duration_ms, fwork, iwork):
    """The SILK frames (10 to 60 ms) of one Opus frame at the SILK rate into out[c, :];
    returns the samples per channel, or -1 for parameters the reference refuses."""
    if (bandwidth < 0 or bandwidth > 2 or coded_channels < 1 or coded_channels > 2
            or duration_ms > 60 or duration_ms < 10 or fi.shape[0] < 2 or fi.shape[1] < 4
            or nlsf.shape[0] < 2 or nlsf.shape[1] < 16 or lpcs.shape[1] < 16
            or outbuf.shape[0] < 2 or outbuf.shape[1] < 2 * HISTORY
            or lpchist.shape[1] < 2 * HISTORY or sw.shape[0] < 4 or out.shape[0] < 2
            or fwork.shape[0] < FWORK_SIZE or iwork.shape[0] < IWORK_SIZE
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
                _decode_frame(buf, rc, si, fi, nlsf, lpcs, sw, i, j, coded_channels, 1,
                              active1, 1, fwork, iwork)
    for i in range(nb_frames):
        # each coded channel's parameters (the mid channel's say whether the side channel
        # follows), then the output of both
        j = 0
        pending = 0
        while j < coded_channels and not si[S_MIDONLY]:
            pending |= _decode_frame(buf, rc, si, fi, nlsf, lpcs, sw, i, j, coded_channels,
                                     active[6 * j + i], active[6 + i], 0, fwork, iwork) << j
            j += 1
        _synthesize(si, fi, outbuf, lpchist, fwork, iwork, pending)
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


@kernel("int64(uint8[:], int64[:], int64[:], int64[:, :], int64[:, :], float32[:, :], "
        "float32[:, :], float32[:, :], float32[:], float32[:, :], int64, int64, int64, "
        "float32[:], int64[:])")
def decode_superframe(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, out, bandwidth,
                      coded_channels, duration_ms, fwork, iwork):
    """silk_frames, for Python (silk.decoder.SilkDecoder)."""
    return silk_frames(buf, rc, si, fi, nlsf, lpcs, outbuf, lpchist, sw, out, bandwidth,
                       coded_channels, duration_ms, fwork, iwork)
