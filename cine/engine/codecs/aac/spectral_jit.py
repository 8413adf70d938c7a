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
from .huffman import DEQUANT, ROOT_BITS, VALUES, _build
from .huffman_tables import SPECTRAL_BITS, SPECTRAL_CODES

# ics[slot] columns: window sequence (now, previous), window shape (now, previous), max_sfb,
# num_windows, num_window_groups, group_len[8], num_swb, tns_max_bands, then the prediction
# side info (AAC Main: predictor_data_present, the reset group, whether the predictors were
# initialised, prediction_used[41]; AAC LTP: ltp_data_present, lag, coefficient index,
# ltp used[40]), and SWB_INDEX: the sampling frequency index whose band tables ics_info
# took (the reference's ics->swb_offset: an element decoded in a frame that failed is still
# synthesised by the next good one, whose tables may be another rate's). Like the
# reference's IndividualChannelStream, all of these are copied by a common window and keep
# their values where a frame does not rewrite them. Columns from ICS_TNS on are the
# channel's own.
WS0, WS1, KB0, KB1, MAX_SFB, NUM_WIN, NUM_GROUPS, GLEN = 0, 1, 2, 3, 4, 5, 6, 7
NUM_SWB, TNS_MAX = 15, 16
PRED_PRESENT, PRED_RESET, PRED_INIT, LTP_PRESENT, LTP_LAG, LTP_COEF = 17, 18, 19, 20, 21, 22
PRED_USED = 23                 # 41 columns
MAX_PRED_SFB = 41
LTP_USED = PRED_USED + MAX_PRED_SFB    # 40 columns
MAX_LTP_SFB = 40
SWB_INDEX = LTP_USED + MAX_LTP_SFB
ICS_SHARED = SWB_INDEX + 1
ICS_TNS = ICS_SHARED
ICS_COLS = ICS_TNS + 1
EIGHT_SHORT = 2
LONG_START = 1

# bands[] layout: long swb offsets [0:52], short [64:80], counts and TNS limits after, then
# the number of bands AAC Main predicts and the sampling frequency index of these tables.
B_SHORT, B_NUM_LONG, B_NUM_SHORT, B_TNS_LONG, B_TNS_SHORT = 64, 80, 81, 82, 83
B_PRED_MAX = 84
B_INDEX = 85
BANDS_SIZE = 86

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
        ics[slot, SWB_INDEX] = bands[B_INDEX]
        ics[slot, PRED_PRESENT] = 0
    else:
        ics[slot, MAX_SFB] = read(buf, st, 6)
        ics[slot, NUM_WIN] = 1
        ics[slot, NUM_SWB] = bands[B_NUM_LONG]
        ics[slot, TNS_MAX] = bands[B_TNS_LONG]
        ics[slot, SWB_INDEX] = bands[B_INDEX]
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
    intensity positions or noise energies, as the reference's dequantiser uses them. The
    codewords are read through a bit cache (see _bits_at; 19 bits at most)."""
    off_gain = global_gain
    off_noise = global_gain - 90
    off_is = 0
    noise_first = True
    idx = 0
    max_sfb = ics[slot, MAX_SFB]
    cache, count, nxt = _bits_at(buf, st[0])
    for _g in range(ics[slot, NUM_GROUPS]):
        i = 0
        while i < max_sfb:
            end = run_end[slot, idx]
            bt = band_type[slot, idx]
            while i < end:
                if count < 32:
                    cache, count, nxt = _refill(buf, cache, count, nxt)
                if bt == ZERO_BT:
                    sf[slot, idx] = 0
                elif bt == INTENSITY_BT or bt == INTENSITY_BT2:
                    d, count = _lookup(cache, count, table, 0, ROOT_BITS)
                    off_is += d - 60
                    clipped = min(max(off_is, -155), 100)
                    if clipped != off_is:
                        info[I_FLAGS] |= F_CLIP_IS
                    sf[slot, idx] = pow2sf[200 - clipped]
                elif bt == NOISE_BT:
                    if noise_first:
                        count -= 9
                        off_noise += ((cache >> count) & 511) - 256
                        noise_first = False
                    else:
                        d, count = _lookup(cache, count, table, 0, ROOT_BITS)
                        off_noise += d - 60
                    clipped = min(max(off_noise, -100), 155)
                    if clipped != off_noise:
                        info[I_FLAGS] |= F_CLIP_NOISE
                    sf[slot, idx] = -pow2sf[clipped + 200]
                else:
                    d, count = _lookup(cache, count, table, 0, ROOT_BITS)
                    off_gain += d - 60
                    if off_gain < 0 or off_gain > 255:
                        info[I_ARG0] = off_gain
                        st[0] = 8 * nxt - count
                        return E_SCALEFACTOR
                    sf[slot, idx] = -pow2sf[off_gain + 100]
                i += 1
                idx += 1
    st[0] = 8 * nxt - count
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
def spectral_data(buf, st, ics, slot, band_type, run_end, sf, coef, swb, pow43, info):
    """spectral_data() (table 4.50) dequantised: coef[slot] gets value^(4/3) * gain per
    coefficient in window-interleaved order (window w at w * 128 for short windows). The
    Huffman-coded sections are decoded a section at a time, through a bit cache (see
    _bits_at) kept across all of them."""
    num_win = ics[slot, NUM_WIN]
    max_sfb = ics[slot, MAX_SFB]
    width = 1024 // num_win
    row = coef[slot]
    for w in range(num_win):
        row[w * 128 + swb[max_sfb]:w * 128 + width] = 0
    cache, count, nxt = _bits_at(buf, st[0])
    idx = 0
    base = 0
    for g in range(ics[slot, NUM_GROUPS]):
        glen = ics[slot, GLEN + g]
        i = 0
        while i < max_sfb:
            # the section of bands i..end - 1 (section_data gave them all its type and end)
            bt = band_type[slot, idx]
            end = min(max(run_end[slot, idx], i + 1), max_sfb)
            gains = sf[slot, idx:idx + end - i]
            if ZERO_BT < bt < NOISE_BT and gains.shape[0] == end - i:
                if bt <= 4:
                    cache, count, nxt = _quads(buf, cache, count, nxt, row, gains, swb, i, end,
                                               base, glen, SPEC_ROOTS[bt])
                elif bt <= 10:
                    cache, count, nxt = _pairs(buf, cache, count, nxt, row, gains, swb, i, end,
                                               base, glen, SPEC_ROOTS[bt])
                else:
                    cache, count, nxt = _escape_pairs(buf, st, cache, count, nxt, row, gains,
                                                      swb, i, end, base, glen, pow43, info)
                    if count < 0:
                        return E_ESCAPE
                idx += end - i
                i = end
                continue
            gain = sf[slot, idx]
            n = swb[i + 1] - swb[i]
            for w in range(glen):
                start = base + w * 128 + swb[i]
                if bt == NOISE_BT:
                    noise_band(coef, slot, start, n, gain, info)
                else:                   # zero and intensity bands
                    row[start:start + n] = 0
            idx += 1
            i += 1
        base += glen * 128
    st[0] = 8 * nxt - count
    return 0


# The spectral codebooks are decoded with their sign bits: in the unsigned books (3, 4 and
# 7-11) a codeword is followed by one sign bit per nonzero value, in order, so a codeword
# and its sign bits make one longer codeword of a larger code (20 bits at most), whose
# symbol is a row of sign-applied |q|^(4/3) values: one lookup per codeword and no branch on
# the values (a sign applied to the factor instead of the product is exact: the product's
# rounding is symmetric). SPEC_TABLE holds these codes' multi-level tables (the
# layout of huffman.TABLE) with SPEC_ROOT_BITS-bit roots at SPEC_ROOTS[book]; the symbols are
# rows of SPEC_QUADS (books 1-4) or SPEC_PAIRS (5-11); SPEC_ESCAPED[row] flags the book-11
# values that are escaped (bit j: value j; its sign is the row value's).
SPEC_ROOT_BITS = 9


def _signed_codes():
    """(SPEC_TABLE, SPEC_ROOTS, SPEC_QUADS, SPEC_PAIRS, SPEC_ESCAPED), from the codebooks
    (in plain Python numbers: the float32 values, negated or not, stay exact)."""
    table: list[int] = []
    roots = np.zeros(12, np.int32)
    quads: list[list[float]] = []
    pairs: list[list[float]] = []
    escaped: list[int] = []
    for book in range(1, 12):
        dim = 4 if book <= 4 else 2
        rows = quads if dim == 4 else pairs
        unsigned = book not in (1, 2, 5, 6)
        values = VALUES[book, :, :dim].tolist()
        dequant = DEQUANT[book, :, :dim].tolist()
        codes = []
        for sym, (length, code) in enumerate(zip(SPECTRAL_BITS[book - 1],
                                                 SPECTRAL_CODES[book - 1])):
            q = values[sym]
            nonzero = [j for j in range(dim) if q[j] != 0] if unsigned else []
            flags = sum(1 << j for j in range(dim) if book == 11 and q[j] == 16)
            for signs in range(1 << len(nonzero)):
                row = list(dequant[sym])
                for i, j in enumerate(nonzero):
                    if (signs >> (len(nonzero) - 1 - i)) & 1:
                        row[j] = -row[j]
                codes.append(((code << len(nonzero)) | signs, length + len(nonzero), len(rows)))
                rows.append(row)
                if dim == 2:
                    escaped.append(flags)
        roots[book] = _build(table, codes, SPEC_ROOT_BITS)
    return (np.array(table, np.int32), roots, np.array(quads, np.float32),
            np.array(pairs, np.float32), np.array(escaped, np.int32))


SPEC_TABLE, SPEC_ROOTS, SPEC_QUADS, SPEC_PAIRS, SPEC_ESCAPED = _signed_codes()


# The spectral codes are read through a bit cache: (cache, count, nxt) where the low `count`
# bits of `cache` are the next bits of the stream (the bits above them are stale) and nxt is
# the index of the next byte of buf to load, so the bit position is 8 * nxt - count.
# _refill tops it up to at least 32 bits, enough for a codeword and its sign bits (20 bits at
# most, the multi-level tables' lookups included). Bytes outside buf read as zeros, exactly as
# peek32 reads them.

@leaf
def _refill(buf, cache, count, nxt):
    """The bit cache with 32 more bits (the four bytes from nxt) when it holds fewer than 32:
    it then holds 32 to 63."""
    if count >= 32:
        return cache, count, nxt
    if 0 <= nxt and nxt + 4 <= buf.shape[0]:
        v = (np.int64(buf[nxt]) << 24) | (np.int64(buf[nxt + 1]) << 16) \
            | (np.int64(buf[nxt + 2]) << 8) | np.int64(buf[nxt + 3])
    else:
        v = np.int64(0)
        for k in range(4):
            v <<= 8
            if 0 <= nxt + k < buf.shape[0]:
                v |= np.int64(buf[nxt + k])
    return (cache << 32) | v, count + 32, nxt + 4


@leaf
def _bits_at(buf, pos):
    """A bit cache (see above) at bit position pos, holding 32 bits or more."""
    i = pos >> 3
    b = np.int64(buf[i]) if 0 <= i < buf.shape[0] else np.int64(0)
    return _refill(buf, b, 8 - (pos & 7), i + 1)


@leaf
def _lookup(cache, count, table, root, bits):
    """(symbol, count after it) of the codeword the bit cache starts with, in the multi-level
    tables (huffman.py's layout) whose `bits`-bit root is at table[root:]: each lookup reads
    the next `bits` bits, which the cache holds."""
    off = root
    while True:
        e = table[off + ((cache >> (count - bits)) & ((1 << bits) - 1))]
        if e >= 0:
            return e >> 5, count - (e & 31)
        count -= bits
        e = -e
        off = e >> 5
        bits = e & 31


@leaf
def _quads(buf, cache, count, nxt, row, gains, swb, first, last, base, glen, root):
    """The bands first..last - 1 of a section of a 4-value codebook (1-4), band by band,
    each band's windows in turn (window w at base + 128w), into row; gains[i - first] is
    band i's."""
    for i in range(first, last):
        gain = gains[i - first]
        n = swb[i + 1] - swb[i]
        for w in range(glen):
            k = base + w * 128 + swb[i]
            end = k + n
            while k < end:
                if count < 32:
                    cache, count, nxt = _refill(buf, cache, count, nxt)
                r, count = _lookup(cache, count, SPEC_TABLE, root, SPEC_ROOT_BITS)
                row[k] = SPEC_QUADS[r, 0] * gain
                row[k + 1] = SPEC_QUADS[r, 1] * gain
                row[k + 2] = SPEC_QUADS[r, 2] * gain
                row[k + 3] = SPEC_QUADS[r, 3] * gain
                k += 4
    return cache, count, nxt


@leaf
def _pairs(buf, cache, count, nxt, row, gains, swb, first, last, base, glen, root):
    """_quads for a 2-value codebook without escapes (5-10)."""
    for i in range(first, last):
        gain = gains[i - first]
        n = swb[i + 1] - swb[i]
        for w in range(glen):
            k = base + w * 128 + swb[i]
            end = k + n
            while k < end:
                if count < 32:
                    cache, count, nxt = _refill(buf, cache, count, nxt)
                r, count = _lookup(cache, count, SPEC_TABLE, root, SPEC_ROOT_BITS)
                row[k] = SPEC_PAIRS[r, 0] * gain
                row[k + 1] = SPEC_PAIRS[r, 1] * gain
                k += 2
    return cache, count, nxt


@leaf
def _escape_pairs(buf, st, cache, count, nxt, row, gains, swb, first, last, base, glen, pow43,
                  info):
    """_pairs for the escape codebook (11): an escaped value's magnitude follows the
    codeword's sign bits (escape_sequence(), read through st; the magnitude's power times
    the gain, negated by the sign). count is -1 on an escape overflow (st[0] then where the
    reading stopped)."""
    root = SPEC_ROOTS[11]
    for i in range(first, last):
        gain = gains[i - first]
        n = swb[i + 1] - swb[i]
        for w in range(glen):
            k = base + w * 128 + swb[i]
            end = k + n
            while k < end:
                if count < 32:
                    cache, count, nxt = _refill(buf, cache, count, nxt)
                r, count = _lookup(cache, count, SPEC_TABLE, root, SPEC_ROOT_BITS)
                flags = SPEC_ESCAPED[r]
                if flags == 0:
                    row[k] = SPEC_PAIRS[r, 0] * gain
                    row[k + 1] = SPEC_PAIRS[r, 1] * gain
                else:
                    for j in range(2):
                        if not (flags >> j) & 1:
                            row[k + j] = SPEC_PAIRS[r, j] * gain
                    st[0] = 8 * nxt - count
                    for j in range(2):
                        if (flags >> j) & 1:
                            q = _escape(buf, st, info)
                            if q < 0:
                                return cache, -1, nxt
                            v = pow43[q] * gain
                            if SPEC_PAIRS[r, j] < 0:
                                v = -v
                            row[k + j] = v
                    cache, count, nxt = _bits_at(buf, st[0])
                k += 2
    return cache, count, nxt


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
