"""AAC individual channel stream syntax inside numba: ics_info (with the prediction side info
of AAC Main and LTP), section data, scalefactors, pulse, TNS and gain-control data, and the
Huffman-coded spectral data dequantised and scaled (ISO/IEC 14496-3 4.4.2.7 / 4.6.1-4.6.3,
4.6.13 PNS), in float32 the way the reference orders its arithmetic.

Bits are read from `buf` with the position in st[0] and the end in st[1] (bits past the end
read as zeros, as from the reference's zero padding; the position keeps counting so the
callers' "bits left" checks see the overread). Per-channel state lives in rows of the arrays
the decoder owns (see decoder.ChannelState); every index derived from the stream is checked
before use. Helpers return 0 or an error code (E_*), with details in info[I_ARG0/I_ARG1].
"""
from __future__ import annotations

import numpy as np

from ...jit import leaf
from .huffman import DEQUANT, ROOT_BITS

# ics[slot] columns: window sequence (now, previous), window shape (now, previous), max_sfb,
# num_windows, num_window_groups, group_len[8], num_swb, tns_max_bands, then the prediction
# side info (AAC Main: predictor_data_present, the reset group, whether the predictors were
# initialised, prediction_used[41]; AAC LTP: ltp_data_present, lag, coefficient index,
# ltp used[40]). Like the reference's IndividualChannelStream, all of these are copied by a
# common window and keep their values where a frame does not rewrite them. Columns from
# ICS_TNS on are the channel's own.
WS0, WS1, KB0, KB1, MAX_SFB, NUM_WIN, NUM_GROUPS, GLEN = 0, 1, 2, 3, 4, 5, 6, 7
NUM_SWB, TNS_MAX = 15, 16
PRED_PRESENT, PRED_RESET, PRED_INIT, LTP_PRESENT, LTP_LAG, LTP_COEF = 17, 18, 19, 20, 21, 22
PRED_USED = 23                 # 41 columns
MAX_PRED_SFB = 41
LTP_USED = PRED_USED + MAX_PRED_SFB    # 40 columns
MAX_LTP_SFB = 40
ICS_SHARED = LTP_USED + MAX_LTP_SFB
ICS_TNS = ICS_SHARED
ICS_COLS = ICS_TNS + 1
EIGHT_SHORT = 2
LONG_START = 1

# bands[] layout: long swb offsets [0:52], short [64:80], counts and TNS limits after, then
# the number of bands AAC Main predicts.
B_SHORT, B_NUM_LONG, B_NUM_SHORT, B_TNS_LONG, B_TNS_SHORT = 64, 80, 81, 82, 83
B_PRED_MAX = 84
BANDS_SIZE = 85

# tns_p[slot, w, filt, :] fields
T_LEN, T_ORDER, T_DIR = 0, 1, 2
TNS_MAX_ORDER_LONG = 12
TNS_MAX_ORDER_MAIN = 20

ZERO_BT, NOISE_BT, INTENSITY_BT2, INTENSITY_BT = 0, 13, 14, 15

# info[] fields shared with the frame parser (0 is unused); I_AOT: the audio object type
I_ARG0, I_ARG1, I_FLAGS, I_RANDOM, I_POS = 1, 2, 3, 4, 5
I_AOT = 8
AOT_MAIN, AOT_LC, AOT_LTP = 1, 2, 4
# info[I_FLAGS] bits: messages logged once the frame is parsed
F_RESERVED_BIT, F_GAIN_CONTROL, F_CLIP_IS, F_CLIP_NOISE = 1, 2, 4, 8

E_MAX_SFB = 1            # "Number of scalefactor bands in group (%d) exceeds limit (%d)."
E_PREDICTION = 2         # "Prediction is not allowed in AAC-LC."
E_BAND_TYPE = 3          # "invalid band type"
E_BAND_OVERREAD = 4      # "decode_band_types: Input buffer exhausted before END element found"
E_NUM_BANDS = 5          # "Number of bands (%d) exceeds limit (%d)."
E_SCALEFACTOR = 6        # "Scalefactor (%d) out of range."
E_PULSE_SHORT = 7        # "Pulse tool not allowed in eight short sequence."
E_PULSE = 8              # "Pulse data corrupt or invalid."
E_TNS_ORDER = 9          # "TNS filter order %d is greater than maximum %d."
E_ESCAPE = 10            # "error in spectral data, ESC overflow"
E_PRED_RESET = 18        # "Invalid Predictor Reset Group."

# gain_control_data: windows, whether the first window has 4-bit locations, location bits
_GAIN_MODE = np.array([[1, 0, 5], [2, 1, 2], [8, 0, 2], [2, 1, 5]], np.int32)
_F1 = np.float32(1.0)


@leaf
def _peek_tail(buf, pos):
    """peek32 near the end of the buffer: the bytes past it read as zeros."""
    i = pos >> 3
    n = buf.shape[0]
    v = np.int64(0)
    for k in range(5):
        v <<= 8
        if 0 <= i + k < n:
            v |= np.int64(buf[i + k])
    return (v >> (8 - (pos & 7))) & 0xFFFFFFFF


@leaf
def peek32(buf, pos):
    """The 32 bits from bit pos, MSB first; bits past the buffer read as zeros."""
    i = pos >> 3
    if i < 0 or i + 5 > buf.shape[0]:
        return _peek_tail(buf, pos)
    v = ((np.int64(buf[i]) << 32) | (np.int64(buf[i + 1]) << 24)
         | (np.int64(buf[i + 2]) << 16) | (np.int64(buf[i + 3]) << 8) | np.int64(buf[i + 4]))
    return (v >> (8 - (pos & 7))) & 0xFFFFFFFF


@leaf
def read(buf, st, n):
    """The next n (0..25) bits, MSB first."""
    pos = st[0]
    st[0] = pos + n
    if n == 0:
        return np.int64(0)
    return peek32(buf, pos) >> (32 - n)


@leaf
def huffman(buf, st, table, offset):
    """One codeword of the book whose root table is at `offset` (see huffman.py)."""
    pos = st[0]
    bits = ROOT_BITS
    while True:
        e = table[offset + (peek32(buf, pos) >> (32 - bits))]
        if e >= 0:
            st[0] = pos + (e & 31)
            return e >> 5
        pos += bits
        e = -e
        offset = e >> 5
        bits = e & 31


@leaf
def ltp_data(buf, st, ics, slot):
    """ltp_data() of AAC LTP (ISO/IEC 14496-3 4.4.2.7): lag, coefficient index and the
    per-band flags of the first min(max_sfb, 40) bands (the others keep theirs)."""
    ics[slot, LTP_LAG] = read(buf, st, 11)
    ics[slot, LTP_COEF] = read(buf, st, 3)
    for sfb in range(min(ics[slot, MAX_SFB], MAX_LTP_SFB)):
        ics[slot, LTP_USED + sfb] = read(buf, st, 1)


@leaf
def _prediction_data(buf, st, ics, slot, bands):
    """AAC Main prediction side info: the reset group and the prediction_used flags of the
    first min(max_sfb, pred_sfb_max) bands (the others keep theirs, as the reference's)."""
    if read(buf, st, 1):
        group = read(buf, st, 5)
        ics[slot, PRED_RESET] = group
        if group == 0 or group > 30:
            return E_PRED_RESET
    for sfb in range(min(ics[slot, MAX_SFB], bands[B_PRED_MAX], MAX_PRED_SFB)):
        ics[slot, PRED_USED + sfb] = read(buf, st, 1)
    return 0


@leaf
def ics_info(buf, st, ics, slot, bands, info):
    """ics_info() (table 4.6) for AAC Main, LC and LTP (info[I_AOT])."""
    if read(buf, st, 1):
        info[I_FLAGS] |= F_RESERVED_BIT
    ics[slot, WS1] = ics[slot, WS0]
    ics[slot, WS0] = read(buf, st, 2)
    ics[slot, KB1] = ics[slot, KB0]
    ics[slot, KB0] = read(buf, st, 1)
    ics[slot, NUM_GROUPS] = 1
    ics[slot, GLEN] = 1
    if ics[slot, WS0] == EIGHT_SHORT:
        ics[slot, MAX_SFB] = read(buf, st, 4)
        groups = 1
        for _ in range(7):
            if read(buf, st, 1):
                ics[slot, GLEN + groups - 1] += 1
            else:
                groups += 1
                ics[slot, GLEN + groups - 1] = 1
        ics[slot, NUM_GROUPS] = groups
        ics[slot, NUM_WIN] = 8
        ics[slot, NUM_SWB] = bands[B_NUM_SHORT]
        ics[slot, TNS_MAX] = bands[B_TNS_SHORT]
        ics[slot, PRED_PRESENT] = 0
    else:
        ics[slot, MAX_SFB] = read(buf, st, 6)
        ics[slot, NUM_WIN] = 1
        ics[slot, NUM_SWB] = bands[B_NUM_LONG]
        ics[slot, TNS_MAX] = bands[B_TNS_LONG]
        present = read(buf, st, 1)
        ics[slot, PRED_PRESENT] = present
        ics[slot, PRED_RESET] = 0
        if present:
            aot = info[I_AOT]
            if aot == AOT_MAIN:
                if _prediction_data(buf, st, ics, slot, bands):
                    ics[slot, MAX_SFB] = 0
                    return E_PRED_RESET
            elif aot == AOT_LC:
                ics[slot, MAX_SFB] = 0
                return E_PREDICTION
            else:
                ics[slot, LTP_PRESENT] = read(buf, st, 1)
                if ics[slot, LTP_PRESENT]:
                    ltp_data(buf, st, ics, slot)
    if ics[slot, MAX_SFB] > ics[slot, NUM_SWB]:
        info[I_ARG0] = ics[slot, MAX_SFB]
        info[I_ARG1] = ics[slot, NUM_SWB]
        ics[slot, MAX_SFB] = 0
        return E_MAX_SFB
    return 0


@leaf
def section_data(buf, st, ics, slot, band_type, run_end, info):
    """section_data() (table 4.46): band_type and the end of each band's section."""
    bits = 3 if ics[slot, WS0] == EIGHT_SHORT else 5
    esc = (1 << bits) - 1
    max_sfb = ics[slot, MAX_SFB]
    idx = 0
    for _g in range(ics[slot, NUM_GROUPS]):
        k = 0
        while k < max_sfb:
            end = k
            btype = read(buf, st, 4)
            if btype == 12:
                return E_BAND_TYPE
            while True:
                incr = read(buf, st, bits)
                end += incr
                if st[0] > st[1]:
                    return E_BAND_OVERREAD
                if end > max_sfb:
                    info[I_ARG0] = end
                    info[I_ARG1] = max_sfb
                    return E_NUM_BANDS
                if incr != esc:
                    break
            while k < end:
                band_type[slot, idx] = btype
                run_end[slot, idx] = end
                idx += 1
                k += 1
    return 0


@leaf
def scalefactors(buf, st, ics, slot, global_gain, band_type, run_end, sf, table, pow2sf, info):
    """scale_factor_data() (table 4.47): sf[] holds the band gains (negated 2^(sf/4)),
    intensity positions or noise energies, as the reference's dequantiser uses them."""
    off_gain = global_gain
    off_noise = global_gain - 90
    off_is = 0
    noise_first = True
    idx = 0
    max_sfb = ics[slot, MAX_SFB]
    for _g in range(ics[slot, NUM_GROUPS]):
        i = 0
        while i < max_sfb:
            end = run_end[slot, idx]
            bt = band_type[slot, idx]
            while i < end:
                if bt == ZERO_BT:
                    sf[slot, idx] = 0
                elif bt == INTENSITY_BT or bt == INTENSITY_BT2:
                    off_is += huffman(buf, st, table, 0) - 60
                    clipped = min(max(off_is, -155), 100)
                    if clipped != off_is:
                        info[I_FLAGS] |= F_CLIP_IS
                    sf[slot, idx] = pow2sf[200 - clipped]
                elif bt == NOISE_BT:
                    if noise_first:
                        off_noise += read(buf, st, 9) - 256
                        noise_first = False
                    else:
                        off_noise += huffman(buf, st, table, 0) - 60
                    clipped = min(max(off_noise, -100), 155)
                    if clipped != off_noise:
                        info[I_FLAGS] |= F_CLIP_NOISE
                    sf[slot, idx] = -pow2sf[clipped + 200]
                else:
                    off_gain += huffman(buf, st, table, 0) - 60
                    if off_gain < 0 or off_gain > 255:
                        info[I_ARG0] = off_gain
                        return E_SCALEFACTOR
                    sf[slot, idx] = -pow2sf[off_gain + 100]
                i += 1
                idx += 1
    return 0


@leaf
def pulse_data(buf, st, num_swb, swb, pulse):
    """pulse_data() (table 4.7) into pulse[0] = count, then (position, amplitude) pairs."""
    n = read(buf, st, 2) + 1
    pulse[0] = n
    start = read(buf, st, 6)
    if start >= num_swb:
        return E_PULSE
    limit = swb[num_swb]
    pos = swb[start] + read(buf, st, 5)
    for i in range(n):
        if i:
            pos += read(buf, st, 5)
        if pos >= limit:
            return E_PULSE
        pulse[1 + 2 * i] = pos
        pulse[2 + 2 * i] = read(buf, st, 4)
    return 0


@leaf
def tns_data(buf, st, ics, slot, tns_n, tns_p, tns_c, tns_maps, info):
    """tns_data() (table 4.48): filter lengths, orders, directions and coefficients."""
    short = ics[slot, WS0] == EIGHT_SHORT
    max_order = 7 if short else TNS_MAX_ORDER_MAIN if info[I_AOT] == AOT_MAIN \
        else TNS_MAX_ORDER_LONG
    for w in range(ics[slot, NUM_WIN]):
        n_filt = read(buf, st, 1 if short else 2)
        tns_n[slot, w] = n_filt
        if n_filt == 0:
            continue
        res = read(buf, st, 1)
        for f in range(n_filt):
            tns_p[slot, w, f, T_LEN] = read(buf, st, 4 if short else 6)
            order = read(buf, st, 3 if short else 5)
            if order > max_order:
                tns_p[slot, w, f, T_ORDER] = 0
                info[I_ARG0] = order
                info[I_ARG1] = max_order
                return E_TNS_ORDER
            tns_p[slot, w, f, T_ORDER] = order
            if order:
                tns_p[slot, w, f, T_DIR] = read(buf, st, 1)
                compress = read(buf, st, 1)
                row = 2 * compress + res
                for i in range(order):
                    tns_c[slot, w, f, i] = tns_maps[row, read(buf, st, res + 3 - compress)]
    return 0


@leaf
def gain_control_data(buf, st, window_sequence):
    """gain_control_data() (table 4.16 of the SSR profile): parsed and dropped."""
    windows = _GAIN_MODE[window_sequence, 0]
    for _bd in range(read(buf, st, 2)):
        for wd in range(windows):
            for _ad in range(read(buf, st, 3)):
                if wd == 0 and _GAIN_MODE[window_sequence, 1]:
                    st[0] += 8
                else:
                    st[0] += 4 + _GAIN_MODE[window_sequence, 2]


@leaf
def lcg(state):
    """The reference's noise generator: state * 1664525 + 1013904223 modulo 2^32, signed."""
    v = (state * 1664525 + 1013904223) & 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


@leaf
def noise_band(coef, slot, start, n, gain, info):
    """Perceptual noise substitution of one band: random values scaled to energy gain^2,
    the energy summed in four lanes as the reference's SSE dot product does."""
    state = info[I_RANDOM]
    for k in range(n):
        state = lcg(state)
        coef[slot, start + k] = np.float32(state)
    info[I_RANDOM] = state
    l0 = l1 = l2 = l3 = np.float32(0.0)
    for k in range(0, n, 4):
        a = coef[slot, start + k]
        b = coef[slot, start + k + 1]
        c = coef[slot, start + k + 2]
        d = coef[slot, start + k + 3]
        l0 += a * a
        l1 += b * b
        l2 += c * c
        l3 += d * d
    energy = (l1 + l3) + (l0 + l2)
    scale = np.float32(gain / np.sqrt(energy))
    for k in range(n):
        coef[slot, start + k] = coef[slot, start + k] * scale


@leaf
def _escape(buf, st, info):
    """escape_sequence(): the magnitude of an escaped codebook 11 value, -1 on overflow."""
    ones = 0
    while ones < 9 and read(buf, st, 1):
        ones += 1
    if ones > 8:
        return -1
    b = ones + 4
    return (1 << b) + read(buf, st, b)


@leaf
def spectral_data(buf, st, ics, slot, band_type, sf, coef, swb, table, roots, values, pow43,
                  info):
    """spectral_data() (table 4.50) dequantised: coef[slot] gets value^(4/3) * gain per
    coefficient in window-interleaved order (window w at w * 128 for short windows)."""
    num_win = ics[slot, NUM_WIN]
    max_sfb = ics[slot, MAX_SFB]
    width = 1024 // num_win
    for w in range(num_win):
        for k in range(w * 128 + swb[max_sfb], w * 128 + width):
            coef[slot, k] = 0
    idx = 0
    base = 0
    for g in range(ics[slot, NUM_GROUPS]):
        glen = ics[slot, GLEN + g]
        for i in range(max_sfb):
            bt = band_type[slot, idx]
            gain = sf[slot, idx]
            n = swb[i + 1] - swb[i]
            for w in range(glen):
                start = base + w * 128 + swb[i]
                if bt == ZERO_BT or bt >= INTENSITY_BT2:
                    for k in range(n):
                        coef[slot, start + k] = 0
                elif bt == NOISE_BT:
                    noise_band(coef, slot, start, n, gain, info)
                else:
                    err = _band(buf, st, bt, coef, slot, start, n, gain, table, roots[bt],
                                values, pow43, info)
                    if err:
                        return err
            idx += 1
        base += glen * 128
    return 0


@leaf
def _band(buf, st, bt, coef, slot, start, n, gain, table, root, values, pow43, info):
    """One window's band of Huffman-coded values of codebook bt (1-11). The bit position
    lives in a local while the band is read (huffman() and peek32() written out)."""
    row = coef[slot]
    vb = values[bt]
    dq = DEQUANT[bt]
    nb = buf.shape[0]
    pos = st[0]
    signed = bt <= 2 or bt == 5 or bt == 6
    dim = 4 if bt <= 4 else 2
    k = start
    end = start + n
    while k < end:
        off = root
        bits = ROOT_BITS
        while True:
            i = pos >> 3
            if 0 <= i and i + 5 <= nb:
                w = (((np.int64(buf[i]) << 32) | (np.int64(buf[i + 1]) << 24)
                      | (np.int64(buf[i + 2]) << 16) | (np.int64(buf[i + 3]) << 8)
                      | np.int64(buf[i + 4])) >> (8 - (pos & 7))) & 0xFFFFFFFF
            else:
                w = _peek_tail(buf, pos)
            e = table[off + (w >> (32 - bits))]
            if e >= 0:
                break
            pos += bits
            e = -e
            off = e >> 5
            bits = e & 31
        length = e & 31
        pos += length
        sym = e >> 5
        if signed:
            for j in range(dim):
                row[k + j] = dq[sym, j] * gain
            k += dim
            continue
        # unsigned values: a sign bit follows the codeword for each nonzero one (the next
        # bits are those of the window the codeword came from: 32 - length >= 13 of them)
        signs = (w << length) & 0xFFFFFFFF
        used = 0
        escapes = 0
        for j in range(dim):
            if bt == 11 and vb[sym, j] == 16:       # escaped: after the signs
                used += 1
                escapes += 1
                continue
            a = dq[sym, j]
            v = a * gain
            if a != 0:
                if (signs >> (31 - used)) & 1:
                    v = -v
                used += 1
            row[k + j] = v
        pos += used
        if escapes:                           # escapes, after all the sign bits
            st[0] = pos
            used = 0
            for j in range(2):
                q = vb[sym, j]
                if q == 16:
                    q = _escape(buf, st, info)
                    if q < 0:
                        return E_ESCAPE
                    v = pow43[q] * gain
                    if (signs >> (31 - used)) & 1:
                        v = -v
                    row[k + j] = v
                if vb[sym, j]:
                    used += 1
            pos = st[0]
        k += dim
    st[0] = pos
    return 0


@leaf
def apply_pulses(coef, slot, swb, band_type, sf, pulse):
    """Add the pulse amplitudes to the quantised values of their coefficients (4.6.3.3),
    undoing and redoing the dequantisation in float32 as the reference does."""
    idx = 0
    for i in range(pulse[0]):
        pos = pulse[1 + 2 * i]
        co = coef[slot, pos]
        while swb[idx + 1] <= pos:
            idx += 1
        gain = sf[slot, idx]
        if band_type[slot, idx] != NOISE_BT and gain != 0:
            ico = np.float32(-pulse[2 + 2 * i])
            if co != 0:
                co = co / gain
                ico = co / np.sqrt(np.sqrt(abs(co))) + (-ico if co > 0 else ico)
            coef[slot, pos] = np.float32(np.cbrt(abs(ico))) * ico * gain
