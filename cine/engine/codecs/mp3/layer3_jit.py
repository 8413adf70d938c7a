"""One Layer III frame, as the reference's mp3float decoder decodes it: side information, the
bit reservoir (main_data_begin reaching back into the previous frames' bytes), the granules
(spectrum_jit), the hybrid filterbank (imdct_jit) and the synthesis (synthesis_jit).

Reservoir: the bytes kept from earlier frames are followed by this frame's main data and read
as one bit string. When main_data_begin reaches further back than the kept bytes (the first
frames, or after damage), the granules whose data would start before them are not decoded:
their lines are zero (their output is the previous granule's overlap), and decoding starts
where the reference starts it. Afterwards the unread rest is kept (at most 512 bytes of the
old bytes plus at most 512 of this frame), with the reference's "backstep" rules.
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, kernel, leaf
from .computed_tables import LONG_START
from .imdct_jit import imdct_granule
from .spectrum_jit import (EV_NEW_BACKSTEP, EV_OLD_BACKSTEP, G_BIG_VALUES, G_BLOCK_TYPE,
                           G_COUNT1_TABLE, G_GAIN, G_LONG_END, G_PART23, G_PREFLAG,
                           G_REGION, G_SCFSI, G_SF_COMPRESS, G_SF_SCALE, G_SHORT_START,
                           G_SUBBLOCK_GAIN, G_SWITCH, G_TABLE, bits, granule)
from .synthesis_jit import synthesize

# the header fields the decoder passes
H_LSF = 0
H_RATE_INDEX = 1        # 0..8 as in tables.py
H_CHANNELS = 2
H_MODE = 3
H_MODE_EXT = 4
H_CRC = 5
H_SIZE = 6

# decoder state slots
ST_RESERVOIR = 0        # bytes kept in the reservoir
ST_SIZE = 1
RESERVOIR_SIZE = 1024 + 64
BACKSTEP = 512

# return values below 0
ERR_BIG_VALUES = -1     # "big_values too big"
ERR_BLOCK_TYPE = -2     # "invalid block type"
NOT_DECODED = -100      # decode_frames: a frame it did not decode (bad offsets)


@leaf
def _side_info(f, pos, lsf, nch, sr, mode_ext, side):
    """Granule rows of the side information from bit pos of frame f. Returns (main data
    begin, new position, error)."""
    ngr = 1 if lsf else 2
    if lsf:
        mdb = bits(f, pos, 8)
        pos += 8 + nch
    else:
        mdb = bits(f, pos, 9)
        pos += 9 + (3 if nch == 2 else 5)
        for ch in range(nch):
            side[0, ch, G_SCFSI] = 0
            side[1, ch, G_SCFSI] = bits(f, pos, 4)
            pos += 4
    for gr in range(ngr):
        for ch in range(nch):
            g = side[gr, ch]
            g[G_PART23] = bits(f, pos, 12)
            g[G_BIG_VALUES] = bits(f, pos + 12, 9)
            pos += 21
            if g[G_BIG_VALUES] > 288:
                return mdb, pos, ERR_BIG_VALUES
            g[G_GAIN] = bits(f, pos, 8)
            pos += 8
            if mode_ext & 3 == 2:
                g[G_GAIN] -= 2
            n = 9 if lsf else 4
            g[G_SF_COMPRESS] = bits(f, pos, n)
            pos += n
            split = bits(f, pos, 1)
            pos += 1
            if split:
                g[G_BLOCK_TYPE] = bits(f, pos, 2)
                pos += 2
                if g[G_BLOCK_TYPE] == 0:
                    return mdb, pos, ERR_BLOCK_TYPE
                g[G_SWITCH] = bits(f, pos, 1)
                pos += 1
                for i in range(2):
                    g[G_TABLE + i] = bits(f, pos, 5)
                    pos += 5
                for i in range(3):
                    g[G_SUBBLOCK_GAIN + i] = bits(f, pos, 3)
                    pos += 3
                if g[G_BLOCK_TYPE] == 2:
                    r0 = 36 if sr == 8 else 18
                else:
                    r0 = 18 if sr <= 2 else (54 if sr == 8 else 27)
                r1 = 288
            else:
                g[G_BLOCK_TYPE] = 0
                g[G_SWITCH] = 0
                for i in range(3):
                    g[G_TABLE + i] = bits(f, pos, 5)
                    pos += 5
                a1 = bits(f, pos, 4)
                a2 = bits(f, pos + 4, 3)
                pos += 7
                r0 = LONG_START[sr, a1 + 1] >> 1
                r1 = LONG_START[sr, min(a1 + a2 + 2, 22)] >> 1
            big = g[G_BIG_VALUES]
            e0 = min(r0, big)
            e1 = min(r1, big)
            g[G_REGION] = e0
            g[G_REGION + 1] = e1 - e0
            g[G_REGION + 2] = min(288, big) - e1
            if g[G_BLOCK_TYPE] == 2:
                if g[G_SWITCH]:
                    g[G_LONG_END] = 8 if sr <= 2 else 6
                    g[G_SHORT_START] = 3
                else:
                    g[G_LONG_END] = 0
                    g[G_SHORT_START] = 0
            else:
                g[G_SHORT_START] = 13
                g[G_LONG_END] = 22
            g[G_PREFLAG] = 0
            if not lsf:
                g[G_PREFLAG] = bits(f, pos, 1)
                pos += 1
            g[G_SF_SCALE] = bits(f, pos, 1)
            g[G_COUNT1_TABLE] = bits(f, pos + 1, 1)
            pos += 2
    return mdb, pos, 0


@leaf
def _keep(res, start, src, first, count):
    """res[start:start+count] = src[first:first+count] (count may be 0)."""
    for i in range(count):
        res[start + i] = src[first + i]


@leaf
def _event(events, kind, value):
    n = events[0, 0] + 1
    if n < events.shape[0]:
        events[0, 0] = n
        events[n, 0] = kind
        events[n, 1] = value


@helper
def _decode_frame(f, hdr, state, res, side, sfs, lines, sub, hist, overlap, scratch, out,
                  events):
    """Decode the frame f (hdr[H_SIZE] bytes from its header; f holds at least 64 zero bytes
    more) into out[ch, 0:576 * granules]. sub[ch], hist[ch]: the channel's subband samples
    and DCT outputs (32 rows of synthesis_jit.ROW values), scratch: synthesis_jit's
    SCRATCH_SIZE values. Returns the number of granules, or an ERR_ code (nothing is output
    then; the reservoir is refilled from this frame's end as the reference does)."""
    lsf = hdr[H_LSF]
    sr = hdr[H_RATE_INDEX]
    nch = hdr[H_CHANNELS]
    mode_ext = hdr[H_MODE_EXT]
    size = hdr[H_SIZE]
    ngr = 1 if lsf else 2
    pos = 32 + (16 if hdr[H_CRC] else 0)
    mdb, pos, err = _side_info(f, pos, lsf, nch, sr, mode_ext, side)
    old = state[ST_RESERVOIR]
    if err:
        keep = min(BACKSTEP, size - 4)
        _keep(res, 0, f, size - keep, keep)
        state[ST_RESERVOIR] = keep
        return err
    main = pos >> 3
    main_len = max(size - main, 0)
    m = np.zeros(old + f.shape[0] - min(main, f.shape[0]), np.uint8)
    _keep(m, 0, res, 0, old)
    _keep(m, old, f, main, f.shape[0] - min(main, f.shape[0]))
    limit = (old + main_len) * 8
    # granules whose data is not in the reservoir
    avail = old * 8
    gr = 0
    while gr < ngr and (avail >> 3) < mdb:
        for ch in range(nch):
            avail += side[gr, ch, G_PART23]
            lines[ch, :] = 0
            imdct_granule(lines[ch], side[gr, ch, G_BLOCK_TYPE], side[gr, ch, G_SWITCH],
                          sub[ch], 18 * gr, overlap[ch])
        gr += 1
    pos = max(avail - 8 * mdb, 0)
    pos = min(pos, limit + 8)
    while gr < ngr:
        pos = granule(m, pos, limit, side, sfs, gr, nch, lsf, sr, hdr[H_MODE], mode_ext,
                      lines, events)
        for ch in range(nch):
            imdct_granule(lines[ch], side[gr, ch, G_BLOCK_TYPE], side[gr, ch, G_SWITCH],
                          sub[ch], 18 * gr, overlap[ch])
        gr += 1
    # the new reservoir: what is left unread
    at = (pos + 7) >> 3
    kept = 0
    if at < old:
        left = old - at
        if left <= BACKSTEP:
            tail = np.empty(left, np.uint8)
            _keep(tail, 0, m, at, left)
            _keep(res, 0, tail, 0, left)
            kept = left
        else:
            _event(events, EV_OLD_BACKSTEP, left)
        left = main_len
    else:
        left = main_len - (at - old)
        if left < 0:
            _event(events, EV_NEW_BACKSTEP, left)
    if left < 0 or left > BACKSTEP:
        left = min(BACKSTEP, size - 4)
    _keep(res, kept, f, size - left, left)
    state[ST_RESERVOIR] = kept + left
    for ch in range(nch):
        synthesize(sub[ch], hist[ch], 18 * ngr, scratch, out[ch])
    return ngr


@kernel("int64(uint8[::1], int64[::1], int64[::1], uint8[::1], int64[:, :, ::1], "
        "int32[:, :, ::1], float32[:, ::1], float32[:, ::1], float32[:, ::1], "
        "float32[:, :, ::1], float32[::1], float32[:, ::1], int64[:, ::1])")
def decode_frame(f, hdr, state, res, side, sfs, lines, sub, hist, overlap, scratch, out,
                 events):
    """One frame: _decode_frame (see there)."""
    return _decode_frame(f, hdr, state, res, side, sfs, lines, sub, hist, overlap, scratch,
                         out, events)


@kernel("int64(uint8[::1], int64[::1], int64[:, ::1], int64[::1], uint8[::1], "
        "int64[:, :, ::1], int32[:, :, ::1], float32[:, ::1], float32[:, ::1], "
        "float32[:, ::1], float32[:, :, ::1], float32[::1], float32[:, :, ::1], "
        "int64[:, ::1], int64[::1])")
def decode_frames(buf, offsets, hdrs, state, res, side, sfs, lines, sub, hist, overlap,
                  scratch, outs, events, stop):
    """Frames decoded in a row while each decodes with no event to log: frame i is
    buf[offsets[i]:offsets[i + 1]] (its bytes, then 64 zero bytes), its header fields
    hdrs[i], its samples go to outs[i]. Returns how many decoded so; for the frame it
    stopped at, stop[0] is _decode_frame's return value and events holds its events."""
    n = offsets.shape[0] - 1
    stop[0] = NOT_DECODED
    if hdrs.shape[0] < n or outs.shape[0] < n or hdrs.shape[1] != H_SIZE + 1:
        return 0
    for i in range(n):
        a = offsets[i]
        b = offsets[i + 1]
        if not 0 <= a <= b <= buf.shape[0]:
            return i
        events[0, 0] = 0
        rc = _decode_frame(buf[a:b], hdrs[i], state, res, side, sfs, lines, sub, hist,
                           overlap, scratch, outs[i], events)
        if rc < 0 or events[0, 0]:
            stop[0] = rc
            return i
    return n
