"""raw_data_block() of AAC Main, LC and LTP (ISO/IEC 14496-3 table 4.3) inside numba: the
element loop with the reference's element-to-channel mapping, SCE/CPE/LFE with M/S and
intensity stereo (4.6.8) and AAC Main's prediction (4.6.7, prediction_jit; LTP is applied at
synthesis), DSE and FIL skipping, DRC and fill payload lengths, and SBR detection.

parse_raw_block stops with a status for what Python handles: a program_config_element
(S_PCE), a channel configuration switch (S_RECONFIG), an SBR payload to be read (S_SBR: st[0]
after its extension type, info[I_ARG0] the fill element's byte count, info[I_ARG1] the
type; the frame resumes after the payload), a coupling
channel element that the configuration allocates (S_CCE; one it does not is "not allocated",
as any other element), or an error (E_*, the codes of spectral_jit and below). The element
state of the frame (tags mapped, elements seen, the previous element) lives in `frame` so a
call can resume where the last one stopped.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .spectral_jit import (
    AOT_MAIN, E_PULSE_SHORT, EIGHT_SHORT, I_AOT, I_ARG0, I_ARG1, I_FLAGS, I_POS, ICS_SHARED,
    INTENSITY_BT, INTENSITY_BT2, KB0, KB1, LTP_PRESENT, MAX_SFB, NOISE_BT, NUM_GROUPS, GLEN,
    NUM_SWB, PRED_PRESENT, WS0, apply_pulses, gain_control_data, ics_info, ltp_data,
    pulse_data, read, scalefactors, section_data, spectral_data, tns_data, F_GAIN_CONTROL,
    ICS_TNS,
)
from . import numeric_tables as T
from .huffman import TABLE
from .prediction_jit import apply_prediction
from .synthesis_jit import synthesize

SCE, CPE, CCE, LFE, DSE, PCE, FIL, END = range(8)

E_OVERREAD = 11          # "Input buffer exhausted before END element found"
E_MS_RESERVED = 12       # "ms_present = 3 is reserved."
E_DUPLICATE = 13         # "channel element %d.%d duplicate"
E_NOT_ALLOCATED = 14     # "channel element %d.%d is not allocated"
E_FIL_OVERREAD = 15      # "TYPE_FIL: Input buffer exhausted before END element found"
E_DSE_OVERREAD = 16      # "skip_data_stream_element: Input buffer exhausted before ..."
E_NO_CHANNELS = 17       # no output configuration yet (no message)
S_PCE = 20
S_RECONFIG = 21          # info[I_ARG0]: 0 mono signalled with a CPE, 1 stereo with an SCE
S_SBR = 22
S_CCE = 23

# frame[] fields
FR_CHAN_CONFIG, FR_TAGS_MAPPED, FR_CHE_PREV, FR_SBR, FR_LOCKED, FR_AUDIO = 0, 1, 2, 3, 4, 5
FR_DUAL_SCE, FR_CHANNELS = 6, 7
FR_CHE_PREV_TYPE = 8     # the bitstream type of the element at FR_CHE_PREV (SBR's id_aac)
FR_PRESENCE = 16         # 64 counters: type * 16 + id
FR_PRESENT = 80          # 64 flags: the elements a frame decoded (present[] before synthesis)
FRAME_SIZE = 144
# more info[I_FLAGS] bits (spectral_jit has the first four)
F_SBR_BEFORE_CHE, F_SBR_NOT_PRESENT, F_SBR_LATE, F_LIBFAAC = 16, 32, 64, 128
F_REMAP_LFE, F_REMAP_SCE, F_DUPLICATE = 256, 512, 1024
I_REMAP_TYPE, I_REMAP_ID = 6, 7
INFO_SIZE = 9            # I_AOT (spectral_jit) is the last
SCRATCH_SIZE = 2208     # decode_frame's synthesis buffers

_TAGS_PER_CONFIG = np.array([0, 1, 1, 2, 3, 3, 4, 5, 0, 0, 0, 5, 5, 16, 5, 0], np.int32)
# how far down the reference's fall-through chain of positional mappings a configuration
# starts (13, then 12 and 7, 11, 6, 5, 4, 3 and 2, 1); 0: no positional mapping
_CHAIN = np.array([0, 1, 2, 2, 3, 4, 5, 7, 0, 0, 0, 6, 7, 8, 0, 0], np.int32)
_LIBFAAC = np.array([ord(c) for c in "libfaac "], np.uint8)


@leaf
def _che_positional(maps, frame, etype, eid, info):
    """get_che for an indexed channel configuration: the element's first channel slot, or
    -1. Elements map by their order in the frame, whatever their instance tags."""
    cc = frame[FR_CHAN_CONFIG]
    rank = _CHAIN[cc] if 0 <= cc < 16 else 0
    tm = frame[FR_TAGS_MAPPED]
    last = _TAGS_PER_CONFIG[cc] - 1 if 0 <= cc < 16 else -1
    t, i = -1, 0
    if rank >= 8 and tm > 3 and ((etype == CPE and eid < 8) or (etype == SCE and eid < 6)
                                 or (etype == LFE and eid < 2)):
        t, i = etype, eid
    elif rank >= 7 and tm == 3 and etype == CPE:
        t, i = CPE, 2
    elif rank >= 6 and tm == 3 and etype == SCE:
        t, i = SCE, 1
    elif rank >= 5 and tm == last and (etype == LFE or etype == SCE):
        if not (etype == LFE and eid == 0):
            info[I_FLAGS] |= F_REMAP_LFE
            info[I_REMAP_TYPE] = etype
            info[I_REMAP_ID] = eid
        t, i = LFE, 0
    elif rank >= 4 and tm == 2 and etype == CPE:
        t, i = CPE, 1
    elif rank >= 3 and tm == last and (etype == LFE or etype == SCE):
        if not (etype == SCE and eid == 1):
            info[I_FLAGS] |= F_REMAP_SCE
            info[I_REMAP_TYPE] = etype
            info[I_REMAP_ID] = eid
        t, i = SCE, 1
    elif rank >= 3 and tm == 2 and cc == 4 and etype == SCE:
        t, i = SCE, 1
    elif rank >= 2 and tm == (1 if cc != 2 else 0) and etype == CPE:
        t, i = CPE, 0
    elif rank >= 2 and tm == 1 and cc == 2 and etype == SCE:
        t, i = SCE, 1
    elif rank >= 1 and tm == 0 and etype == SCE:
        t, i = SCE, 0
    if t < 0:
        return -1
    frame[FR_TAGS_MAPPED] = tm + 1
    slot = maps[0, t, i]
    maps[1, etype, eid] = slot
    return slot


@leaf
def _sum_difference(left, right, start, n):
    """left, right = left + right, left - right over [start, start + n) (on slices whose
    lengths are checked once, so the loop runs in vectors)."""
    a = left[start:start + n]
    b = right[start:start + n]
    if a.shape[0] != n or b.shape[0] != n:
        return
    for k in range(n):
        x = a[k]
        y = b[k]
        a[k] = x + y
        b[k] = x - y


@leaf
def _ms_stereo(ics, s0, band_type, ms_mask, coef, swb):
    """M/S: L = M + S, R = M - S on the bands flagged, unless either is noise or intensity
    (each run of consecutive such bands in one loop)."""
    left = coef[s0]
    right = coef[s0 + 1]
    max_sfb = ics[s0, MAX_SFB]
    idx = 0
    base = 0
    for g in range(ics[s0, NUM_GROUPS]):
        glen = ics[s0, GLEN + g]
        i = 0
        while i < max_sfb:
            first = i
            while i < max_sfb and ms_mask[s0, idx + i] and band_type[s0, idx + i] < NOISE_BT \
                    and band_type[s0 + 1, idx + i] < NOISE_BT:
                i += 1
            if i == first:
                i += 1
                continue
            for w in range(glen):
                _sum_difference(left, right, base + w * 128 + swb[first], swb[i] - swb[first])
        idx += max_sfb
        base += glen * 128


@leaf
def _intensity_stereo(ics, s0, band_type, run_end, sf, ms_mask, ms_present, coef, swb):
    """Intensity: the right channel's bands 14/15 are the left's scaled by the position."""
    s1 = s0 + 1
    idx = 0
    base = 0
    for g in range(ics[s1, NUM_GROUPS]):
        glen = ics[s1, GLEN + g]
        i = 0
        while i < ics[s1, MAX_SFB]:
            bt = band_type[s1, idx]
            end = run_end[s1, idx]
            if bt == INTENSITY_BT or bt == INTENSITY_BT2:
                while i < end:
                    c = -1 + 2 * (band_type[s1, idx] - 14)
                    if ms_present:
                        c *= 1 - 2 * ms_mask[s0, idx]
                    scale = np.float32(c) * sf[s1, idx]
                    for w in range(glen):
                        for k in range(base + w * 128 + swb[i], base + w * 128 + swb[i + 1]):
                            coef[s1, k] = coef[s0, k] * scale
                    i += 1
                    idx += 1
            else:
                idx += end - i
                i = end
        base += glen * 128


@leaf
def _ics(buf, st, slot, common_window, ics, coef, band_type, run_end, sf, tns_n, tns_p,
         tns_c, swb_long, swb_short, bands, table, pow43, pow2sf, tns_maps, pulse,
         pred, info):
    """individual_channel_stream() (table 4.44), dequantised into coef[slot] (and predicted,
    AAC Main outside a common window)."""
    global_gain = read(buf, st, 8)
    if not common_window:
        err = ics_info(buf, st, ics, slot, bands, info)
        if err:
            ics[slot, ICS_TNS] = 0
            return err
    short = ics[slot, WS0] == EIGHT_SHORT
    swb = swb_short if short else swb_long
    err = section_data(buf, st, ics, slot, band_type, run_end, info)
    if err == 0:
        err = scalefactors(buf, st, ics, slot, global_gain, band_type, run_end, sf, table,
                           pow2sf, info)
    pulse[0] = 0
    if err == 0 and read(buf, st, 1):
        if short:
            err = E_PULSE_SHORT
        else:
            err = pulse_data(buf, st, ics[slot, NUM_SWB], swb, pulse)
    if err == 0:
        ics[slot, ICS_TNS] = read(buf, st, 1)
        if ics[slot, ICS_TNS]:
            err = tns_data(buf, st, ics, slot, tns_n, tns_p, tns_c, tns_maps, info)
    if err == 0 and read(buf, st, 1):
        gain_control_data(buf, st, ics[slot, WS0])
        info[I_FLAGS] |= F_GAIN_CONTROL
    if err == 0:
        err = spectral_data(buf, st, ics, slot, band_type, run_end, sf, coef, swb, pow43,
                            info)
    if err:
        ics[slot, ICS_TNS] = 0
        return err
    if pulse[0]:
        apply_pulses(coef, slot, swb, band_type, sf, pulse)
    if info[I_AOT] == AOT_MAIN and not common_window:
        apply_prediction(ics, slot, coef, pred, swb_long, bands)
    return 0


@leaf
def _cpe(buf, st, s0, ics, coef, band_type, run_end, sf, ms_mask, tns_n, tns_p, tns_c,
         swb_long, swb_short, bands, table, pow43, pow2sf, tns_maps, pulse, pred,
         info):
    """channel_pair_element() (table 4.5) with M/S stereo, AAC Main's prediction of a
    common window (after M/S) and intensity stereo applied."""
    s1 = s0 + 1
    common = read(buf, st, 1)
    ms_present = 0
    if common:
        err = ics_info(buf, st, ics, s0, bands, info)
        if err:
            return err
        kb = ics[s1, KB0]
        for c in range(ICS_SHARED):
            ics[s1, c] = ics[s0, c]
        ics[s1, KB1] = kb
        if ics[s1, PRED_PRESENT] and info[I_AOT] != AOT_MAIN:   # the right channel's LTP
            ics[s1, LTP_PRESENT] = read(buf, st, 1)
            if ics[s1, LTP_PRESENT]:
                ltp_data(buf, st, ics, s1)
        ms_present = read(buf, st, 2)
        if ms_present == 3:
            return E_MS_RESERVED
        n = ics[s0, NUM_GROUPS] * ics[s0, MAX_SFB]
        for idx in range(n):
            ms_mask[s0, idx] = read(buf, st, 1) if ms_present == 1 else 1
    for slot in (s0, s1):
        err = _ics(buf, st, slot, common, ics, coef, band_type, run_end, sf, tns_n, tns_p,
                   tns_c, swb_long, swb_short, bands, table, pow43, pow2sf, tns_maps,
                   pulse, pred, info)
        if err:
            return err
    swb = swb_short if ics[s1, WS0] == EIGHT_SHORT else swb_long
    if common and ms_present:
        _ms_stereo(ics, s0, band_type, ms_mask, coef, swb)
    if common and info[I_AOT] == AOT_MAIN:
        apply_prediction(ics, s0, coef, pred, swb_long, bands)
        apply_prediction(ics, s1, coef, pred, swb_long, bands)
    _intensity_stereo(ics, s0, band_type, run_end, sf, ms_mask, ms_present, coef, swb)
    return 0


@leaf
def _skip_dse(buf, st):
    """data_stream_element(): skipped."""
    align = read(buf, st, 1)
    count = read(buf, st, 8)
    if count == 255:
        count += read(buf, st, 8)
    if align:
        st[0] = (st[0] + 7) & ~7
    if st[1] - st[0] < 8 * count:
        return E_DSE_OVERREAD
    st[0] += 8 * count
    return 0


@leaf
def _drc_length(buf, st):
    """dynamic_range_info() (table 4.52) parsed for its length in bytes (its gains are not
    applied, as by the reference)."""
    n = 1
    bands = 1
    if read(buf, st, 1):
        st[0] += 8
        n += 1
    if read(buf, st, 1):
        excluded = 0
        while True:
            st[0] += 7
            excluded += 7
            if not (excluded < 57 and read(buf, st, 1)):
                break
        n += excluded // 7
    if read(buf, st, 1):
        incr = read(buf, st, 4)
        st[0] += 4
        n += 1
        bands += incr
        st[0] += 8 * bands
        n += bands
    if read(buf, st, 1):
        st[0] += 8
        n += 1
    st[0] += 8 * bands
    return n + bands


@leaf
def _fill(buf, st, length, info):
    """fill data: skipped, noting a libfaac signature (the reference then skips 1024
    samples at the start)."""
    if length >= 13 + 7 * 8:
        st[0] += 13
        length -= 13
        match = 0
        count = 0
        while count < 255 and length >= 8:
            c = read(buf, st, 8)
            if match < 8 and c == _LIBFAAC[match] and match == count:
                match += 1
            elif match == 8 and count == 8 and 48 <= c <= 57:
                match = 9
            count += 1
            length -= 8
        if match == 9:
            info[I_FLAGS] |= F_LIBFAAC
    st[0] += length


@leaf
def _extension(buf, st, cnt, frame, info):
    """extension_payload() (table 4.57): its length in bytes, or -S_SBR."""
    kind = read(buf, st, 4)
    if kind == 13 or kind == 14:          # SBR data (with CRC)
        if frame[FR_CHE_PREV] < 0:
            info[I_FLAGS] |= F_SBR_BEFORE_CHE
            return cnt
        if frame[FR_SBR] == 0:
            info[I_FLAGS] |= F_SBR_NOT_PRESENT
        elif frame[FR_SBR] == -1 and frame[FR_LOCKED]:
            info[I_FLAGS] |= F_SBR_LATE
        else:
            info[I_ARG0] = cnt            # Python parses the cnt bytes from st[0] on
            info[I_ARG1] = kind
            return -S_SBR
        st[0] += 8 * cnt - 4
        return cnt
    if kind == 11:                        # dynamic range
        return _drc_length(buf, st)
    if kind == 0:                         # fill
        _fill(buf, st, 8 * cnt - 4, info)
        return cnt
    st[0] += 8 * cnt - 4
    return cnt


@leaf
def parse_raw_block(buf, st, maps, present, frame, ics, coef, band_type, run_end, sf, ms_mask,
                    tns_n, tns_p, tns_c, swb_long, swb_short, bands, table, pow43,
                    pow2sf, tns_maps, pulse, pred, info):
    """Parse elements from bit st[0] until END or a status; info[I_POS] gets the position
    of the element that stopped it (for S_PCE: after its tag; S_RECONFIG: before its type).
    decode_frame runs it."""
    nslot = coef.shape[0]
    while True:
        start = st[0]
        etype = read(buf, st, 3)
        if etype == END:
            break
        eid = read(buf, st, 4)
        info[I_POS] = st[0]
        if etype == PCE:
            return S_PCE
        if frame[FR_CHANNELS] == 0:       # no channels configured: only a PCE may come
            return E_NO_CHANNELS
        slot = -1
        if etype < DSE:
            cc = frame[FR_CHAN_CONFIG]
            if frame[FR_TAGS_MAPPED] == 0 and cc != 0 and (
                    (etype == CPE and cc == 1)
                    or (etype == SCE and cc == 2 and not frame[FR_DUAL_SCE])):
                info[I_POS] = start
                info[I_ARG0] = 0 if etype == CPE else 1
                st[0] = start
                return S_RECONFIG
            key = FR_PRESENCE + etype * 16 + eid
            if frame[key]:
                info[I_ARG0] = etype
                info[I_ARG1] = eid
                if frame[key] > 1:
                    return E_DUPLICATE
                info[I_FLAGS] |= F_DUPLICATE
            frame[key] += 1
            if cc == 0:
                slot = maps[1, etype, eid]
            else:
                slot = _che_positional(maps, frame, etype, eid, info)
            if slot < 0 or slot + 1 >= nslot:
                info[I_ARG0] = etype
                info[I_ARG1] = eid
                return E_NOT_ALLOCATED
            if etype == CCE:              # one the configuration has (a PCE's): not decoded
                return S_CCE
            present[slot // 2] = 1
            frame[FR_AUDIO] = 1
            if etype == CPE:
                err = _cpe(buf, st, slot, ics, coef, band_type, run_end, sf, ms_mask, tns_n,
                           tns_p, tns_c, swb_long, swb_short, bands, table, pow43,
                           pow2sf, tns_maps, pulse, pred, info)
            else:
                err = _ics(buf, st, slot, 0, ics, coef, band_type, run_end, sf, tns_n, tns_p,
                           tns_c, swb_long, swb_short, bands, table, pow43, pow2sf,
                           tns_maps, pulse, pred, info)
            frame[FR_CHE_PREV] = slot
            frame[FR_CHE_PREV_TYPE] = etype
            if err:
                return err
        elif etype == DSE:
            err = _skip_dse(buf, st)
            if err:
                return err
        else:                             # FIL
            cnt = eid
            if cnt == 15:
                cnt += read(buf, st, 8) - 1
            if st[1] - st[0] < 8 * cnt:
                return E_FIL_OVERREAD
            while cnt > 0:
                used = _extension(buf, st, cnt, frame, info)
                if used < 0:
                    return -used
                cnt -= used
        if st[1] - st[0] < 3:
            return E_OVERREAD
    info[I_POS] = st[0]
    return 0


@leaf
def _decode_frame(buf, st, maps, present, frame, ics, coef, band_type, run_end, sf, ms_mask,
                  tns_n, tns_p, tns_c, swb_long, swb_short, bands, pulse, pred, info, width,
                  saved, out, scratch, start, nbits, chan_config, sbr, locked, channels,
                  dual_sce, aot, resume, synth):
    """decode_frame's body (declared first: the kernel compiles when it is declared)."""
    if not resume:
        st[0] = start
        st[1] = nbits
        st[2] = start
        frame[:] = 0
        frame[FR_CHE_PREV] = -1
        info[I_FLAGS] = 0
        info[I_AOT] = aot
    frame[FR_CHAN_CONFIG] = chan_config
    frame[FR_SBR] = sbr
    frame[FR_LOCKED] = locked
    frame[FR_CHANNELS] = channels
    frame[FR_DUAL_SCE] = dual_sce
    status = parse_raw_block(buf, st, maps, present, frame, ics, coef, band_type, run_end, sf,
                             ms_mask, tns_n, tns_p, tns_c, swb_long, swb_short, bands, TABLE,
                             T.POW43, T.POW2SF, T.TNS_MAPS, pulse, pred, info)
    if status == 0:
        for c in range(present.shape[0]):
            frame[FR_PRESENT + c] = present[c]
    if status == 0 and channels and synth and scratch.shape[0] >= SCRATCH_SIZE:
        synthesize(present, width, ics, coef, saved, out, tns_n, tns_p, tns_c, swb_long,
                   swb_short, T.WINDOWS, T.TCOS_LONG, T.TSIN_LONG, T.TCOS_SHORT, T.TSIN_SHORT,
                   T.FFT_PLAN_LONG, T.FFT_PLAN_SHORT, T.FFT_ORDER_LONG, T.FFT_ORDER_SHORT,
                   T.FFT_COS, T.FFT_COS_AT, scratch[:1024], scratch[1024:1152],
                   scratch[1152:1664], scratch[1664:2176], scratch[2176:2208])
    return status


@kernel("int64(uint8[::1], int64[::1], int32[:, :, ::1], int32[::1], int32[::1], "
        "int32[:, ::1], float32[:, ::1], int32[:, ::1], int32[:, ::1], float32[:, ::1], "
        "int32[:, ::1], int32[:, ::1], int32[:, :, :, ::1], float32[:, :, :, ::1], int32[::1], "
        "int32[::1], int32[::1], int32[::1], float32[:, :, ::1], int64[::1], int32[::1], "
        "float32[:, ::1], float32[:, ::1], float32[::1], "
        "int64, int64, int64, int64, int64, int64, int64, int64, int64, int64)")
def decode_frame(buf, st, maps, present, frame, ics, coef, band_type, run_end, sf, ms_mask,
                 tns_n, tns_p, tns_c, swb_long, swb_short, bands, pulse, pred, info, width,
                 saved, out, scratch, start, nbits, chan_config, sbr, locked, channels,
                 dual_sce, aot, resume, synth):
    """One raw_data_block: its frame state set up (unless `resume`: the call after Python
    handled a status), parse_raw_block from bit `start` of the `nbits`, then, when it ends
    without a status, the synthesis of the elements it decoded (when `synth`: AAC LTP's
    runs apart, ltp_jit). The configuration (chan_config, sbr, whether it is locked, the
    number of channels, whether it is a pair of SCEs) is the decoder's at the call; aot is
    the audio object type. scratch holds the synthesis' work buffers (buf 1024, temp 128,
    zr and zi 512, lpc 32 values). The constant tables (Huffman codebooks, numeric_tables)
    are compiled in. Python checks every array's shape before the call
    (decoder.ChannelState)."""
    # (the body is a leaf: compiled with reference counting, it also counted references to
    # the views it takes, scratch's five, on every call)
    return _decode_frame(buf, st, maps, present, frame, ics, coef, band_type, run_end, sf,
                         ms_mask, tns_n, tns_p, tns_c, swb_long, swb_short, bands, pulse, pred,
                         info, width, saved, out, scratch, start, nbits, chan_config, sbr,
                         locked, channels, dual_sce, aot, resume, synth)


NOT_DECODED = -100      # decode_frames: no frame it stopped at (bad offsets or sizes)


@kernel("int64(uint8[::1], int64[::1], int64[::1], int32[:, :, ::1], int32[::1], int32[::1], "
        "int32[:, ::1], float32[:, ::1], int32[:, ::1], int32[:, ::1], float32[:, ::1], "
        "int32[:, ::1], int32[:, ::1], int32[:, :, :, ::1], float32[:, :, :, ::1], int32[::1], "
        "int32[::1], int32[::1], int32[::1], float32[:, :, ::1], int64[::1], int32[::1], "
        "float32[:, ::1], float32[:, ::1], float32[::1], int64[::1], float32[:, ::1], "
        "int64, int64, int64, int64, int64, int64, int64[::1])")
def decode_frames(buf, offsets, st, maps, present, frame, ics, coef, band_type, run_end, sf,
                  ms_mask, tns_n, tns_p, tns_c, swb_long, swb_short, bands, pulse, pred, info,
                  width, saved, out, scratch, slots, outs, chan_config, sbr, channels,
                  dual_sce, aot, allocated, stop):
    """The plain packets of a locked configuration decoded in a row: packet i is
    buf[offsets[i]:offsets[i + 1]], one raw_data_block decoded as decode_frame does (from
    its first bit, synthesis included), kept while it ends without a status or a flag to
    log, makes audio, leaves only zero bytes after its end, and decodes every allocated
    element (`allocated` of them); its channels (the rows `slots` of out) go to
    outs[:, 1024 * i:1024 * (i + 1)]. Returns how many were kept; stop[0] is the status of
    the packet it stopped at (its kernel run done: Python resumes from it), NOT_DECODED when
    it did not run one."""
    n = offsets.shape[0] - 1
    stop[0] = NOT_DECODED
    if outs.shape[0] != slots.shape[0] or outs.shape[1] < 1024 * n or out.shape[1] < 1024:
        return 0
    for i in range(n):
        a = offsets[i]
        b = offsets[i + 1]
        if not 0 <= a <= b <= buf.shape[0]:
            return i
        f = buf[a:b]
        status = _decode_frame(f, st, maps, present, frame, ics, coef, band_type, run_end, sf,
                               ms_mask, tns_n, tns_p, tns_c, swb_long, swb_short, bands, pulse,
                               pred, info, width, saved, out, scratch, 0, 8 * (b - a),
                               chan_config, sbr, 1, channels, dual_sce, aot, 0, 1)
        stop[0] = status
        if status != 0 or info[I_FLAGS] != 0 or frame[FR_AUDIO] == 0:
            return i
        for j in range((info[I_POS] + 7) >> 3, b - a):
            if f[j] != 0:
                return i
        decoded = 0
        for c in range(64):
            if frame[FR_PRESENT + c] != 0:
                decoded += 1
        if decoded != allocated:
            return i
        for r in range(slots.shape[0]):
            row = out[slots[r]]
            dst = outs[r]
            for k in range(1024):
                dst[1024 * i + k] = row[k]
    stop[0] = NOT_DECODED
    return n

