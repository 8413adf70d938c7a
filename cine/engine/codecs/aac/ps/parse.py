"""ps_data() (ISO/IEC 14496-3 8.A.2, table 8.A.6) read as FFmpeg 5.1.9's ff_ps_read_data does:
the header (IID/ICC modes, extension flag), frame class and envelope borders, the IID and ICC
parameters of each envelope (Huffman-coded differences across frequency or time), the
extension data (IPD/OPD), then the envelope fix-up (an envelope appended to reach the end
of the frame) and the band configuration. The bits are read on a copy of the caller's
position; the caller's reader advances by the bits used when they fit in `bits_left`, by
`bits_left` otherwise (errors: the reference logs, marks PS as not started, zeroes the
parameters and skips what is left).

Reading past the end of the buffer behaves as the reference's checked reader over a padded
packet: zero bits, and a position that stops 8 bits past the end."""
from __future__ import annotations

from .huffman import book
from .state import MAX_PAR, PsState

QMF_SLOTS = 32
NUM_ENV = ((0, 1, 2, 4), (1, 2, 3, 4))
PAR_BANDS = (10, 20, 34, 10, 20, 34)       # IID/ICC bands by mode
PHASE_BANDS = (5, 11, 17, 5, 11, 17)       # IPD/OPD bands by IID mode
_LOG2 = {0: 0, 1: 0, 2: 1, 3: 1, 4: 2}     # floor(log2(num_env)) for the fixed borders


class _Error(Exception):
    """The reference's `goto err` (handled inside read_ps_data only)."""


class _Bits:
    """A reader over the caller's bytes from its position on, zero past the end."""
    __slots__ = ("big", "total", "pos", "cap", "origin")

    def __init__(self, data: bytes, start: int, size: int) -> None:
        first = start >> 3
        chunk = bytes(data[first:size >> 3]) + bytes(64)
        self.big = int.from_bytes(chunk, "big")
        self.total = len(chunk) * 8
        self.origin = self.pos = start - first * 8
        self.cap = size + 8 - first * 8

    def read(self, n: int) -> int:
        if n == 0:
            return 0
        pos = self.pos
        value = (self.big >> (self.total - pos - n)) & ((1 << n) - 1)
        self.pos = min(self.cap, pos + n)
        return value

    def skip(self, n: int) -> None:
        self.pos = min(self.cap, self.pos + n)

    def symbol(self, b) -> int:
        """One codeword of codebook `b`: its value."""
        pos = self.pos
        peek = (self.big >> (self.total - pos - 9)) & 511
        entry = b.primary[peek]
        if entry is not None:
            self.pos = min(self.cap, pos + entry[1])
            return entry[0]
        longer = b.longer
        for length in b.lengths:
            code = (self.big >> (self.total - pos - length)) & ((1 << length) - 1)
            value = longer.get((length, code))
            if value is not None:
                self.pos = min(self.cap, pos + length)
                return value
        raise AssertionError("incomplete codebook")     # (all ten books are complete)

    @property
    def count(self) -> int:
        return self.pos - self.origin


def _read_par(bits: _Bits, par: list, num: int, bk, e: int, dt: bool, e_prev: int,
              limit: int | None, low: int, mask: bool) -> bool:
    """One envelope's parameters: `num` values, as differences to the previous envelope's
    (dt) or to the previous band's (df). False at the first value out of [low, limit] (the
    value is stored first, as the reference does)."""
    row = par[e]
    if dt:
        prev = par[e_prev]
        for b in range(num):
            val = prev[b] + bits.symbol(bk)
            if mask:
                val &= 7
            row[b] = val
            if limit is not None and not low <= val <= limit:
                return False
    else:
        val = 0
        for b in range(num):
            val += bits.symbol(bk)
            if mask:
                val &= 7
            row[b] = val
            if limit is not None and not low <= val <= limit:
                return False
    return True


def _read_phase_extension(bits: _Bits, ps: PsState) -> int:
    """Extension 0: IPD/OPD of every envelope; the bits read."""
    start = bits.pos
    ps.enable_ipdopd = bool(bits.read(1))
    if ps.enable_ipdopd:
        for e in range(ps.num_env):
            e_prev = max(e - 1 if e else ps.num_env_old - 1, 0)
            dt = bits.read(1)
            _read_par(bits, ps.ipd_par, ps.nr_ipdopd_par, book("ipd_dt" if dt else "ipd_df"),
                      e, dt, e_prev, None, 0, True)
            dt = bits.read(1)
            _read_par(bits, ps.opd_par, ps.nr_ipdopd_par, book("opd_dt" if dt else "opd_df"),
                      e, dt, e_prev, None, 0, True)
    bits.skip(1)                                  # reserved_ps
    return bits.pos - start


def _body(bits: _Bits, ps: PsState, log) -> bool:
    """Everything up to the band configuration; raises _Error where the reference fails."""
    header = bits.read(1)
    if header:
        ps.enable_iid = bool(bits.read(1))
        if ps.enable_iid:
            iid_mode = bits.read(3)
            if iid_mode > 5:
                log.error("iid_mode %d is reserved.\n" % iid_mode)
                raise _Error
            ps.nr_iid_par = PAR_BANDS[iid_mode]
            ps.iid_quant = int(iid_mode > 2)
            ps.nr_ipdopd_par = PHASE_BANDS[iid_mode]
        ps.enable_icc = bool(bits.read(1))
        if ps.enable_icc:
            ps.icc_mode = bits.read(3)
            if ps.icc_mode > 5:
                log.error("icc_mode %d is reserved.\n" % ps.icc_mode)
                raise _Error
            ps.nr_icc_par = PAR_BANDS[ps.icc_mode]
        ps.enable_ext = bool(bits.read(1))

    ps.frame_class = bits.read(1)
    ps.num_env_old = ps.num_env
    ps.num_env = num_env = NUM_ENV[ps.frame_class][bits.read(2)]
    border = ps.border_position
    border[0] = -1
    if ps.frame_class:
        for e in range(1, num_env + 1):
            border[e] = bits.read(5)
            if border[e] < border[e - 1]:
                log.error("border_position non monotone.\n")
                raise _Error
    else:
        for e in range(1, num_env + 1):
            border[e] = (e * QMF_SLOTS >> _LOG2[num_env]) - 1

    if ps.enable_iid:
        lim = 7 + 8 * ps.iid_quant
        for e in range(num_env):
            dt = bits.read(1)
            name = ("iid_dt_" if dt else "iid_df_") + ("fine" if ps.iid_quant else "coarse")
            e_prev = max(e - 1 if e else ps.num_env_old - 1, 0)
            if not _read_par(bits, ps.iid_par, ps.nr_iid_par, book(name), e, dt, e_prev,
                             lim, -lim, False):
                log.error("illegal iid\n")
                raise _Error
    else:
        for row in ps.iid_par:
            row[:] = [0] * MAX_PAR

    if ps.enable_icc:
        for e in range(num_env):
            dt = bits.read(1)
            e_prev = max(e - 1 if e else ps.num_env_old - 1, 0)
            if not _read_par(bits, ps.icc_par, ps.nr_icc_par, book("icc_dt" if dt else "icc_df"),
                             e, dt, e_prev, 7, 0, False):
                log.error("illegal icc\n")
                raise _Error
    else:
        for row in ps.icc_par:
            row[:] = [0] * MAX_PAR

    if ps.enable_ext:
        cnt = bits.read(4)
        if cnt == 15:
            cnt += bits.read(8)
        cnt *= 8
        while cnt > 7:
            ext_id = bits.read(2)
            cnt -= 2 + (0 if ext_id else _read_phase_extension(bits, ps))
        if cnt < 0:
            log.error("ps extension overflow %d\n" % cnt)
            raise _Error
        bits.skip(cnt)

    # an envelope appended when the last one stops short of the frame's end (FFmpeg 5.1.9:
    # with no envelope, a copy of the previous frame's last one, checked against the
    # current quantisation)
    if not num_env or border[num_env] < QMF_SLOTS - 1:
        source = num_env - 1 if num_env else ps.num_env_old - 1
        if source >= 0 and source != num_env:
            pars = []
            if ps.enable_iid:
                pars.append(ps.iid_par)
            if ps.enable_icc:
                pars.append(ps.icc_par)
            if ps.enable_ipdopd:
                pars += [ps.ipd_par, ps.opd_par]
            for par in pars:
                par[num_env][:] = par[source]
        if ps.enable_iid:
            lim = 7 + 8 * ps.iid_quant
            row = ps.iid_par[num_env]
            for b in range(ps.nr_iid_par):
                if abs(row[b]) > lim:
                    log.error("iid_par invalid\n")
                    raise _Error
        if ps.enable_icc:
            row = ps.icc_par[num_env]
            # FFmpeg 5.1.9: the ICC row is checked over the IID band count
            for b in range(ps.nr_iid_par):
                if not 0 <= row[b] <= 7:
                    log.error("icc_par invalid\n")
                    raise _Error
        ps.num_env = num_env = num_env + 1
        border[num_env] = QMF_SLOTS - 1

    ps.is34bands_old = ps.is34bands
    if ps.enable_iid or ps.enable_icc:
        ps.is34bands = (ps.enable_iid and ps.nr_iid_par == 34) or \
            (ps.enable_icc and ps.nr_icc_par == 34)

    if not ps.enable_ipdopd:
        for par in (ps.ipd_par, ps.opd_par):
            for row in par:
                row[:] = [0] * MAX_PAR
    return bool(header)


def _advance(br, n: int) -> None:
    """The caller's reader moved on by n bits (no further than 8 past its end, as the
    reference's skip)."""
    br.pos = max(0, min(br.pos + n, br.size + 8))


def read_ps_data(br, ps: PsState, bits_left: int, log) -> int:
    """ps_data() at br's position: the bits consumed (br advanced by as many)."""
    bits = _Bits(br.data, br.pos, br.size)
    try:
        header = _body(bits, ps, log)
        consumed = bits.count
        if header:
            ps.start = True
        if consumed <= bits_left:
            _advance(br, consumed)
            return consumed
        log.error("Expected to read %d PS bits actually read %d.\n" % (bits_left, consumed))
    except _Error:
        pass
    ps.start = False
    _advance(br, bits_left)
    ps.clear_pars()
    return bits_left
