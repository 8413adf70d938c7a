"""Vorbis audio packet decode up to the spectra (Vorbis I specification section 4.3.2 steps
5-12): floor 1 curves (section 7.2.3-7.2.4), residues of types 0, 1 and 2 (section 8.6.2),
square polar inverse coupling (section 4.3.5) and the floor x residue product, as FFmpeg
5.1.9's decoder computes them (the x86 SSE coupling, its floor line rendering, its
tolerance of residue reads past the end of the packet).

The bit reader reads least significant bit first from `data`, which carries 8 zero bytes
after the packet; like the reference's checked reader the position never passes the end
by more than 8 bits (bits[0] position, bits[1] that limit). Books, floors, residues and
mappings are the records of setup_tables.py.
"""
from __future__ import annotations

import numpy as np

from ...jit import kernel, leaf
from .codebook import LUT_BITS
from .setup_tables import (F_CDIM, F_CMASTER, F_CSUB, F_HIGH, F_LOW, F_MULT, F_PARTS, F_PCLASS,
                           F_SORT, F_SUBBOOK, F_VALUES, F_X, M_ANG, M_FLOOR, M_MAG, M_MUX,
                           M_RESIDUE, M_STEPS, M_SUBMAPS, R_BEGIN, R_BOOKS, R_CLASSBOOK,
                           R_END, R_MAXPASS, R_NCLASS, R_PSIZE, R_PTNS, R_TYPE)

# status codes (the reference's return values)
OK = 0
ERR_VLC = -1                    # a code not in a book: get_vlc2's -1, AVERROR(EPERM)
ERR_INVALID = -2                # AVERROR_INVALIDDATA
# log events: (kind, value) pairs in events[1:], their count in events[0]
EV_FLOOR = 1                    # "Invalid codebook in vorbis_floor_decode."
EV_CLASS_VLC = 2                # "Invalid vlc code decoding %d channel."
EV_OUTPUT = 3                   # "Insufficient output buffer"
EV_OVERREAD = 4                 # "Overread %d bits"
EV_CHANNELS = 5                 # "Too many channels in vorbis_floor_decode."
EV_RESIDUE_TYPE = 6             # " Invalid residue type while residue decode?! "

_LUT_MASK = (1 << LUT_BITS) - 1
_U32 = 0xFFFFFFFF


@leaf
def _peek(data, bits):
    p = bits[0]
    b = p >> 3
    v = (np.int64(data[b]) | np.int64(data[b + 1]) << 8 | np.int64(data[b + 2]) << 16
         | np.int64(data[b + 3]) << 24 | np.int64(data[b + 4]) << 32)
    return v >> (p & 7)


@leaf
def _get(data, bits, n):
    v = _peek(data, bits) & ((np.int64(1) << n) - 1)
    bits[0] = min(bits[0] + n, bits[1])
    return v


@leaf
def _vlc(data, bits, book, lut_off, root, lut, tree):
    """The next symbol of `book`, or -1 for a code it does not have."""
    v = _peek(data, bits)
    e = lut[lut_off[book] + (v & _LUT_MASK)]
    if e >= 0:
        bits[0] = min(bits[0] + (e & 255), bits[1])
        return np.int64(e >> 8)
    node = root[book]
    p = bits[0]
    for k in range(33):
        q = min(p + k, bits[1])
        bit = (data[q >> 3] >> (q & 7)) & 1
        child = tree[2 * node + bit]
        if child < 0:
            bits[0] = min(bits[0] + k + 1, bits[1])
            return np.int64(-child - 1)
        if child == 0:
            return -1
        node = child
    return -1


@leaf
def _clip_u16(v):
    v &= _U32
    if v >= 1 << 31:
        v -= 1 << 32
    return min(max(v, 0), 65535)


@leaf
def _db(inv_db, y):
    return inv_db[min(max(y, 0), 255)]


@leaf
def _render_line(x0, y0, x1, y1, out, inv_db):
    """ff_vorbis_floor1_render_list's line from (x0, y0) up to x1 (excluded)."""
    dy = y1 - y0
    adx = x1 - x0
    ady = abs(dy)
    sy = -1 if dy < 0 else 1
    out[x0] = _db(inv_db, y0)
    y = y0
    err = -adx
    if ady * 2 <= adx:
        # positions relative to x1 - 1, as the reference's unrolled loop steps them
        off = x1 - 1
        r = x0 - off
        while True:
            r += 1
            if r >= 0:
                break
            err += ady
            if err >= 0:
                err += ady - adx
                y += sy
                out[off + r] = _db(inv_db, y)
                r += 1
            out[off + r] = _db(inv_db, y)
        if r <= 0:
            if err + ady >= 0:
                y += sy
            out[off + r] = _db(inv_db, y)
    else:
        base = ady // adx
        if dy < 0:
            base = -base
        ady -= abs(base) * adx
        for x in range(x0 + 1, x1):
            y += base
            err += ady
            if err >= 0:
                err -= adx
                y += sy
            out[x] = _db(inv_db, y)


@leaf
def _event(events, kind, value):
    n = events[0]
    if 2 * n + 2 < events.size:
        events[2 * n + 1] = kind
        events[2 * n + 2] = value
        events[0] = n + 1


@leaf
def _floor1(data, bits, rec, out, inv_db, lut_off, root, lut, tree, ys, final, flags):
    """Decode one channel's floor 1 curve into out[:X[1]]: 1 when the channel is unused,
    0 when decoded, ERR_INVALID for a code its book lacks."""
    if _get(data, bits, 1) == 0:
        return 1
    mult = rec[F_MULT]
    span = 256 if mult == 1 else 128 if mult == 2 else 86 if mult == 3 else 64
    nbits = 8 if mult == 1 else 6 if mult == 4 else 7          # ilog(span - 1)
    ys[0] = _get(data, bits, nbits)
    ys[1] = _get(data, bits, nbits)
    offset = 2
    for i in range(rec[F_PARTS]):
        pclass = rec[F_PCLASS + i]
        cdim = rec[F_CDIM + pclass]
        cbits = rec[F_CSUB + pclass]
        csub = (1 << cbits) - 1
        cval = 0
        if cbits:
            cval = _vlc(data, bits, rec[F_CMASTER + pclass], lut_off, root, lut, tree) & _U32
        for j in range(cdim):
            book = rec[F_SUBBOOK + 8 * pclass + (cval & csub)]
            cval >>= cbits
            if book >= 0:
                v = _vlc(data, bits, book, lut_off, root, lut, tree)
                if v < 0:
                    return ERR_INVALID
                ys[offset + j] = v
            else:
                ys[offset + j] = 0
        offset += cdim
    values = rec[F_VALUES]
    flags[0] = 1
    flags[1] = 1
    final[0] = ys[0]
    final[1] = ys[1]
    for i in range(2, values):
        low = rec[F_LOW + i]
        high = rec[F_HIGH + i]
        dy = final[high] - final[low]
        adx = rec[F_X + high] - rec[F_X + low]
        off = abs(dy) * (rec[F_X + i] - rec[F_X + low]) // adx
        predicted = final[low] - off if dy < 0 else final[low] + off
        val = ys[i]
        # the reference's unsigned arithmetic (32 bits)
        highroom = (span - predicted) & _U32
        lowroom = predicted & _U32
        room = (2 * (highroom if highroom < lowroom else lowroom)) & _U32
        if val:
            flags[low] = 1
            flags[high] = 1
            flags[i] = 1
            if val >= room:
                if highroom > lowroom:
                    final[i] = _clip_u16(val - lowroom + predicted)
                else:
                    final[i] = _clip_u16(predicted - val + highroom - 1)
            elif val & 1:
                final[i] = _clip_u16(predicted - (val + 1) // 2)
            else:
                final[i] = _clip_u16(predicted + val // 2)
        else:
            flags[i] = 0
            final[i] = _clip_u16(predicted)
    samples = rec[F_X + 1]
    lx = 0
    ly = final[0] * mult
    for i in range(1, values):
        pos = rec[F_SORT + i]
        if flags[pos]:
            x1 = rec[F_X + pos]
            y1 = final[pos] * mult
            if lx < samples:
                _render_line(lx, ly, min(x1, samples), y1, out, inv_db)
            lx = x1
            ly = y1
        if lx >= samples:
            break
    if lx < samples:
        _render_line(lx, ly, samples, ly, out, inv_db)
    return 0


@leaf
def _residue(data, bits, rec, ch, skip, vec, base, vlen, ch_left, classifs, dims, vec_off,
             vectors, lut_off, root, lut, tree, events):
    """Add one submap's residue vectors into vec[base:]; ch channels, skip[j] set for those
    not coded. Returns OK or an error status."""
    rtype = rec[R_TYPE]
    classbook = rec[R_CLASSBOOK]
    cpc = dims[classbook]
    ptns = rec[R_PTNS]
    psize = rec[R_PSIZE]
    nclass = rec[R_NCLASS]
    max_output = (ch - 1) * vlen
    if rtype == 2:
        for j in range(1, ch):
            skip[0] &= skip[j]
        if skip[0]:
            return OK
        ch_used = 1
        max_output += rec[R_END] // ch
    else:
        ch_used = ch
        max_output += rec[R_END]
    libvorbis_bug = False
    if max_output > ch_left * vlen:
        if max_output <= ch_left * vlen + psize * ch_used // ch:
            ptns -= 1
            libvorbis_bug = True
        else:
            _event(events, EV_OUTPUT, 0)
            return ERR_INVALID
    for npass in range(rec[R_MAXPASS] + 1):
        voffset = rec[R_BEGIN]
        pc = 0
        while pc < ptns:
            if npass == 0:
                p = 0
                for j in range(ch_used):
                    if not skip[j]:
                        temp = _vlc(data, bits, classbook, lut_off, root, lut, tree)
                        if temp < 0:
                            _event(events, EV_CLASS_VLC, j)
                            return ERR_INVALID
                        for i in range(pc + cpc - 1, pc - 1, -1):
                            temp2 = temp // nclass
                            if i < ptns:
                                classifs[p + i] = temp - temp2 * nclass
                            temp = temp2
                    p += ptns
            i = 0
            while i < cpc and pc < ptns:
                for j in range(ch_used):
                    if skip[j]:
                        continue
                    book = rec[R_BOOKS + 8 * classifs[j * ptns + pc] + npass]
                    if book < 0 or vec_off[book] < 0:
                        continue
                    dim = dims[book]
                    step = psize // dim
                    left = bits[1] - 8 - bits[0]
                    if left < 0:
                        _event(events, EV_OVERREAD, -left)
                        return OK
                    voffs = base + voffset + j * vlen
                    vdiv = voffset // ch
                    vmod = voffset - vdiv * ch
                    for k in range(step):
                        sym = _vlc(data, bits, book, lut_off, root, lut, tree)
                        if sym < 0:
                            return ERR_VLC
                        cv = vec_off[book] + sym * dim
                        if rtype == 0:
                            at = voffs + k
                            if at + (dim - 1) * step >= vec.size:
                                return ERR_INVALID
                            for m in range(dim):
                                vec[at + m * step] += vectors[cv + m]
                        elif rtype == 1:
                            at = voffs + k * dim
                            if at + dim > vec.size:
                                return ERR_INVALID
                            for m in range(dim):
                                vec[at + m] += vectors[cv + m]
                        else:
                            for m in range(dim):
                                at = base + vdiv + vmod * vlen
                                if at >= vec.size:
                                    return ERR_INVALID
                                vec[at] += vectors[cv + m]
                                vmod += 1
                                if vmod == ch:
                                    vdiv += 1
                                    vmod = 0
                pc += 1
                voffset += psize
                i += 1
        if libvorbis_bug and npass == 0:
            for j in range(ch_used):
                if not skip[j]:
                    _vlc(data, bits, classbook, lut_off, root, lut, tree)
    return OK


@leaf
def _couple(vec, mag, ang, n):
    """Inverse square polar coupling as the reference's x86 SSE routine computes it."""
    zero = np.float32(0.0)
    for k in range(n):
        m = vec[mag + k]
        a = vec[ang + k]
        s = -a if zero <= m else a
        positive = zero <= a
        vec[ang + k] = m + (s if positive else zero)
        vec[mag + k] = m - (zero if positive else s)


@kernel("int64(uint8[:], int64[:], int64, int32[:], int32[:], int32[:], int32[:],"
        " int32[:], int32[:], int32[:], float32[:], int32[:, :], int32[:, :], float32[:],"
        " float32[:, :], float32[:], uint8[:], int64[:], int32[:], int64[:])")
def decode_spectrum(data, bits, vlen, dims, lut_off, root, vec_off, lut, tree, rec_map,
                    vectors, floors, residues, inv_db, spectra, work, classifs, scratch,
                    res_chan, events):
    """Floors, residues, coupling and their product for one packet whose mode is read:
    spectra[c, :vlen] gets channel c's spectrum (work: channels x vlen residue scratch;
    scratch: 3 x 258 + 2 x 256 int64). Returns OK or an error status; events the log lines."""
    channels = spectra.shape[0]
    ys = scratch[0:258]
    final = scratch[258:516]
    flags = scratch[516:774]
    nores = scratch[774:1030]
    skip = scratch[1030:1286]
    submaps = rec_map[M_SUBMAPS]
    for c in range(channels):
        row = spectra[c]
        for k in range(vlen):
            row[k] = 0
    for k in range(channels * vlen):
        work[k] = 0
    for c in range(channels):
        floor = rec_map[M_FLOOR + (rec_map[M_MUX + c] if submaps > 1 else 0)]
        ret = _floor1(data, bits, floors[floor], spectra[c], inv_db, lut_off, root, lut, tree,
                      ys, final, flags)
        if ret < 0:
            _event(events, EV_FLOOR, 0)
            return ERR_INVALID
        nores[c] = ret
    steps = rec_map[M_STEPS]
    for i in range(steps - 1, -1, -1):
        mag = rec_map[M_MAG + i]
        ang = rec_map[M_ANG + i]
        if not (nores[mag] & nores[ang]):
            nores[mag] = 0
            nores[ang] = 0
    res_num = 0
    ch_left = channels
    base = 0
    for i in range(submaps):
        ch = 0
        for c in range(channels):
            if submaps == 1 or i == rec_map[M_MUX + c]:
                res_chan[c] = res_num
                skip[ch] = nores[c]
                ch += 1
                res_num += 1
        rec = residues[rec_map[M_RESIDUE + i]]
        if ch_left < ch:
            _event(events, EV_CHANNELS, 0)
            return ERR_INVALID
        if ch:
            if rec[R_TYPE] > 2:
                _event(events, EV_RESIDUE_TYPE, 0)
                return ERR_INVALID
            ret = _residue(data, bits, rec, ch, skip, work, base, vlen, ch_left, classifs, dims,
                           vec_off, vectors, lut_off, root, lut, tree, events)
            if ret < 0:
                return ret
        base += ch * vlen
        ch_left -= ch
    if ch_left > 0:
        return ERR_INVALID
    for i in range(steps - 1, -1, -1):
        _couple(work, res_chan[rec_map[M_MAG + i]] * vlen, res_chan[rec_map[M_ANG + i]] * vlen,
                vlen)
    for c in range(channels):
        row = spectra[c]
        res = work[res_chan[c] * vlen:]
        for k in range(vlen):
            row[k] *= res[k]
    return OK
