"""sbr_extension_data(): the SBR payload of a fill element (ISO/IEC 14496-3 tables 4.62-4.71)
as FFmpeg 5.1.9's ff_decode_sbr_extension reads it: the optional header (with the band
table reset it may cause), then sbr_data() of the element the payload follows (single
channel, or channel pair coupled or not) with its envelopes, noise floors, sinusoids and
extensions (parametric stereo is read by the ps package). A parse error turns SBR off for
the element (sbr_turnoff), as the reference does; the fill element's bytes are consumed
whatever was read."""
from __future__ import annotations

from ...missing import NOT_IMPLEMENTED, SAMPLE_REQUEST
from . import huffman as H
from .context import SbrChannel, SbrContext
from .grid import copy_grid, read_dtdf, read_grid, read_invf
from .header import read_header, reset

SCE, CPE, CCE = 0, 1, 2
EXTENSION_ID_PS = 2
_D = H.DECODE
# (bits of the first value, time book, frequency book) by (balance, amp_res)
_ENV_BOOKS = {
    (False, 0): (7, _D["ENV_T15"], _D["ENV_F15"]),
    (False, 1): (6, _D["ENV_T30"], _D["ENV_F30"]),
    (True, 0): (6, _D["BAL_T15"], _D["BAL_F15"]),
    (True, 1): (5, _D["BAL_T30"], _D["BAL_F30"]),
}


class ParseError(Exception):
    pass

# (the quantised envelope and noise values are bytes, as the reference stores them: a
# negative one reads as 256 plus it, and fails the range checks as such)


def _envelope(sbr: SbrContext, br, ch: SbrChannel, index: int, log) -> None:
    balance = bool(sbr.coupling and index)
    delta = 2 if balance and sbr.coupling == 1 else 1
    bits, t_book, f_book = _ENV_BOOKS[(balance, 1 if ch.amp_res else 0)]
    n = sbr.n
    odd = n[1] & 1
    q = ch.env_q
    read = H.read
    for i in range(ch.num_env):
        res = ch.freq_res[i + 1]
        row = q[i + 1]
        prev = q[i]
        if ch.df_env[i]:
            for j in range(n[res]):
                if res == ch.freq_res[i]:
                    k = j
                elif res:
                    k = (j + odd) >> 1
                else:
                    k = 2 * j - odd if j else 0
                v = (prev[k] + delta * read(br, t_book)) & 0xFF
                row[j] = v
                if v > 127:
                    log.error("env_facs_q %d is invalid\n" % v)
                    raise ParseError
        else:
            _freq_row(br, row, n[res], bits, f_book, delta, 127, "env_facs_q", log)
    q[0][:] = q[ch.num_env]


def _freq_row(br, row, count: int, bits: int, book, delta: int, limit: int, name: str,
              log) -> None:
    """A row coded in frequency: its first value in `bits` bits, then differences from
    `book`; a value past `limit` is the reference's "... is invalid" failure."""
    read = H.read
    v = delta * br.u(bits)
    row[0] = v
    for j in range(1, count):
        v = (v + delta * read(br, book)) & 0xFF
        row[j] = v
        if v > limit:
            log.error("%s %d is invalid\n" % (name, v))
            raise ParseError


def _noise(sbr: SbrContext, br, ch: SbrChannel, index: int, log) -> None:
    balance = bool(sbr.coupling and index)
    delta = 2 if balance and sbr.coupling == 1 else 1
    t_book = _D["NOISE_BAL_T30"] if balance else _D["NOISE_T30"]
    f_book = _D["BAL_F30"] if balance else _D["ENV_F30"]
    n_q = sbr.n_q
    q = ch.noise_q
    read = H.read
    for i in range(ch.num_noise):
        row = q[i + 1]
        if ch.df_noise[i]:
            prev = q[i]
            for j in range(n_q):
                v = (prev[j] + delta * read(br, t_book)) & 0xFF
                row[j] = v
                if v > 30:
                    log.error("noise_facs_q %d is invalid\n" % v)
                    raise ParseError
        else:
            _freq_row(br, row, n_q, 5, f_book, delta, 30, "noise_facs_q", log)
    q[0][:] = q[ch.num_noise]


def _harmonics(sbr: SbrContext, br, ch: SbrChannel) -> None:
    ch.harm_flag = br.u(1)
    if ch.harm_flag:
        for i in range(sbr.n[1]):
            ch.harm[i] = br.u(1)


def _single(sbr: SbrContext, br, log) -> None:
    if br.u(1):                                 # bs_data_extra
        br.u(4)
    c0 = sbr.ch[0]
    if not read_grid(br, c0, sbr.amp_res_header, log):
        raise ParseError
    read_dtdf(br, c0)
    read_invf(br, c0, sbr.n_q)
    _envelope(sbr, br, c0, 0, log)
    _noise(sbr, br, c0, 0, log)
    _harmonics(sbr, br, c0)


def _pair(sbr: SbrContext, br, log) -> None:
    if br.u(1):                                 # bs_data_extra
        br.u(8)
    c0, c1 = sbr.ch
    sbr.coupling = br.u(1)
    if sbr.coupling:
        if not read_grid(br, c0, sbr.amp_res_header, log):
            raise ParseError
        copy_grid(c1, c0)
        read_dtdf(br, c0)
        read_dtdf(br, c1)
        read_invf(br, c0, sbr.n_q)
        c1.invf[1][:] = c1.invf[0]
        c1.invf[0][:] = c0.invf[0]
        _envelope(sbr, br, c0, 0, log)
        _noise(sbr, br, c0, 0, log)
        _envelope(sbr, br, c1, 1, log)
        _noise(sbr, br, c1, 1, log)
    else:
        if not read_grid(br, c0, sbr.amp_res_header, log) or \
                not read_grid(br, c1, sbr.amp_res_header, log):
            raise ParseError
        read_dtdf(br, c0)
        read_dtdf(br, c1)
        read_invf(br, c0, sbr.n_q)
        read_invf(br, c1, sbr.n_q)
        _envelope(sbr, br, c0, 0, log)
        _envelope(sbr, br, c1, 1, log)
        _noise(sbr, br, c0, 0, log)
        _noise(sbr, br, c1, 1, log)
    _harmonics(sbr, br, c0)
    _harmonics(sbr, br, c1)


def _extension(sbr: SbrContext, br, ext_id: int, left: int, dec) -> int:
    """One bs_extension_id's data: the bits left after it."""
    if ext_id == EXTENSION_ID_PS:
        if not dec.ps:
            dec.log.error("Parametric Stereo signaled to be not-present but was found in the "
                          "bitstream.\n")
            br.skip(left)
            return 0
        from ..ps.parse import read_ps_data
        if sbr.ps is None:
            from ..ps.state import PsState
            sbr.ps = PsState()
        left -= read_ps_data(br, sbr.ps, left, dec.log)
        dec.profile = 28
        return left
    if ext_id or left > 16 or (left > 0 and br.show(left)):
        dec.log.warning("Reserved SBR extensions")
        dec.log.warning(NOT_IMPLEMENTED)
        dec.log.warning(SAMPLE_REQUEST)
    br.skip(left)
    return 0


def _read_data(sbr: SbrContext, br, id_aac: int, dec) -> int:
    pos = br.pos
    sbr.id_aac = id_aac
    sbr.ready = 1
    log = dec.log
    try:
        if id_aac in (SCE, CCE):
            _single(sbr, br, log)
        elif id_aac == CPE:
            _pair(sbr, br, log)
        else:
            log.error("Invalid bitstream - cannot apply SBR to element type %d\n" % id_aac)
            raise ParseError
    except ParseError:
        sbr.turnoff()
        return br.pos - pos
    if br.u(1):                                 # bs_extended_data
        left = br.u(4)
        if left == 15:
            left += br.u(8)
        left <<= 3
        while left > 7:
            left -= 2
            left = _extension(sbr, br, br.u(2), left, dec)
        if left < 0:
            log.error("SBR Extension over read.\n")
        if left > 0:
            br.skip(left)
    return br.pos - pos


def decode_extension(sbr: SbrContext, br, crc: int, cnt: int, id_aac: int, core_rate: int,
                     dec) -> None:
    """ff_decode_sbr_extension: `br` (a bits.SbrReader over the packet) is after the
    extension type; the caller moves past the cnt bytes."""
    sbr.reset = 0
    if not sbr.sample_rate:
        sbr.sample_rate = 2 * core_rate
    bits = 0
    if crc:
        br.u(10)                                # bs_sbr_crc_bits (not checked)
        bits += 10
    sbr.kx[0] = sbr.kx[1]
    sbr.m[0] = sbr.m[1]
    sbr.pushed = 1
    bits += 1
    if br.u(1):                                 # bs_header_flag
        bits += read_header(sbr, br)
    if sbr.reset:
        reset(sbr, dec.log)
    if sbr.start:
        bits += _read_data(sbr, br, id_aac, dec)
    align = ((cnt << 3) - 4 - bits) & 7
    used = (bits + align + 4) >> 3
    if used > cnt:
        dec.log.error("Expected to read %d SBR bytes actually read %d.\n" % (cnt, used))
        sbr.turnoff()
