"""Sample tables (ISO/IEC 14496-12 clause 8.6-8.7, 8.9): stts, ctts, stss, stps, stsz/stz2,
stco/co64, stsc, sdtp, sbgp, sgpd as FFmpeg 5.1.9 reads them. Entry counts are bounded by the
bytes the box holds before anything is allocated; a table cut short behaves like the
reference's read that stops at end of file.
"""
from __future__ import annotations

import errno
import struct
from array import array
from operator import ge, lt

from ...errors import CineError, EndOfFile, InvalidData
from .boxes import Bio, s32, tag

MAX_STTS_DELTA = 0xFFFFFFFF - 48000 * 10
UINT_MAX = 0xFFFFFFFF
INT_MAX = 0x7FFFFFFF


def _alloc(entries: int, entry_size: int) -> None:
    """FFmpeg 5.1.9: av_malloc refuses more than INT_MAX bytes, so a table that large fails
    with ENOMEM before anything is read (whatever bytes the box holds)."""
    if entries * entry_size > INT_MAX:
        raise CineError("%d table entries" % entries, code=-errno.ENOMEM)


class Table:
    """A read-only table of entries kept as parallel column arrays (bulk-decoded, no
    per-entry objects); entries read back as tuples."""

    __slots__ = ("cols",)

    def __init__(self, *cols):
        self.cols = cols

    def __len__(self) -> int:
        return len(self.cols[0])

    def __iter__(self):
        return zip(*self.cols)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(*(c[i] for c in self.cols)))
        return tuple(c[i] for c in self.cols)

    def __eq__(self, other):
        return list(self) == list(other)


def _bounded(pb: Bio, entries: int, entry_size: int) -> tuple[int, bool]:
    """How many whole entries exist, and whether the table runs past the held bytes."""
    avail = pb.remaining // entry_size
    if entries <= avail:
        return entries, False
    return avail, True


def _drain(pb: Bio) -> None:
    """A table running past its box: the reader consumes what is left and hits EOF."""
    pb.read(pb.remaining)
    pb.eof = True


def _read_u32_table(pb: Bio, entries: int) -> tuple[array, bool]:
    """A table of `entries` 32-bit values (stss, stps): the whole entries that exist, and
    whether the table ran past its box (the reader is then drained)."""
    n, short = _bounded(pb, entries, 4)
    values = _read_u32s(pb, n)
    if short:
        _drain(pb)
    return values, short


def _eof_fail(c, pb: Bio, name: str) -> None:
    c.log.warning("reached eof, corrupted %s atom\n" % name)
    raise EndOfFile("corrupted %s" % name)


_LITTLE = array("I", [1]).tobytes()[0] == 1


def _read_u32s(pb: Bio, n: int, code: str = "I") -> array:
    """n big-endian 32-bit values in one bulk read ('i' for signed)."""
    a = array(code)
    a.frombytes(pb.read(4 * n))
    if _LITTLE:
        a.byteswap()
    return a


def read_stco(c, pb: Bio, t: int, size: int) -> None:
    if c.trak_index < 0:
        c.log.warning("STCO outside TRAK\n")
        return
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = pb.rb32()
    if not entries:
        return
    if sc.chunk_offsets is not None:
        c.log.warning("Ignoring duplicated STCO atom\n")
        return
    _alloc(entries, 8)
    if t == tag("stco"):
        n, short = _bounded(pb, entries, 4)
        offs = array("q", _read_u32s(pb, n))
    else:
        n, short = _bounded(pb, entries, 8)
        raw = pb.read(8 * n)
        offs = array("q", struct.unpack(">%dq" % n, raw))
        for i in range(n):
            if offs[i] < 0:
                c.log.warning("Impossible chunk_offset\n")
                offs[i] = 0
    if short:
        # FFmpeg 5.1.9: the entry read at the end of file is kept (partial bytes)
        _drain(pb)
        offs.append(0)
    sc.chunk_offsets = offs
    if pb.eof:
        _eof_fail(c, pb, "STCO")


def read_stsc(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = pb.rb32()
    if entries * 12 + 4 > size:
        raise InvalidData("stsc entries")
    if not entries:
        return
    if sc.stsc:
        c.log.warning("Ignoring duplicated STSC atom\n")
        return
    n, short = _bounded(pb, entries, 12)
    vals = _read_u32s(pb, 3 * n)
    firsts, counts, ids = vals[0::3], vals[1::3], vals[2::3]
    if not short and (min(counts) >= 1 and min(ids) >= 1 and all(map(lt, firsts, firsts[1:]))
                      and all(map(ge, firsts, range(1, n + 1)))):
        # every entry valid: the repair pass below would change nothing
        sc.stsc = Table(firsts, counts, ids)
        return
    data = list(map(list, zip(firsts, counts, ids)))
    if short:
        _drain(pb)
        data.append([0, 0, 0])
    # repair invalid entries from the last to the first, as the reference does
    i = len(data) - 1
    while i >= 0:
        first_min = i + 1
        e = data[i]
        bad = ((i + 1 < len(data) and e[0] >= data[i + 1][0]) or (i > 0 and e[0] <= data[i - 1][0])
               or e[0] < first_min or e[1] < 1 or e[2] < 1)
        if bad:
            c.log.warning("STSC entry %d is invalid (first=%d count=%d id=%d)\n"
                          % (i, s32(e[0]), s32(e[1]), s32(e[2])))
            if i + 1 >= len(data):
                if e[1] == 0 and i > 0:
                    data.pop()
                    i -= 1
                    continue
                e[0] = max(e[0], first_min)
                if i > 0 and e[0] <= data[i - 1][0]:
                    e[0] = min(data[i - 1][0] + 1, INT_MAX)
                e[1] = max(e[1], 1)
                e[2] = max(e[2], 1)
                i -= 1
                continue
            e[0] = data[i + 1][0] - 1
            e[1] = data[i + 1][1]
            e[2] = data[i + 1][2]
        i -= 1
    sc.stsc = data
    if pb.eof:
        _eof_fail(c, pb, "STSC")


def read_stps(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.rb32()
    entries = pb.rb32()
    if sc.stps is not None:
        c.log.warning("Duplicated STPS atom\n")
    _alloc(entries, 4)
    sc.stps, short = _read_u32_table(pb, entries)
    if short:
        _eof_fail(c, pb, "STPS")


def read_stss(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = pb.rb32()
    if not entries:
        sc.keyframe_absent = True
        if not sc.need_parsing and st.codecpar.codec_type == "video":
            sc.need_parsing = 2
        return
    if sc.keyframes is not None:
        c.log.warning("Duplicated STSS atom\n")
    if entries >= UINT_MAX // 4:
        raise InvalidData("stss entries")
    _alloc(entries, 4)
    sc.keyframes, short = _read_u32_table(pb, entries)
    if short:
        _eof_fail(c, pb, "STSS")


def read_stsz(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    if t == tag("stsz"):
        sample_size = pb.rb32()
        if not sc.sample_size:
            sc.sample_size = sample_size
        sc.stsz_sample_size = sample_size
        field = 32
    else:
        sample_size = 0
        pb.rb24()
        field = pb.r8()
    entries = pb.rb32()
    sc.sample_count = entries
    if sample_size:
        return
    if field not in (4, 8, 16, 32):
        c.log.error("Invalid sample field size %d\n" % field)
        raise InvalidData("stsz field size")
    if not entries:
        return
    if entries >= (INT_MAX - 4 - 8 * 64) // field:
        raise InvalidData("stsz entries")
    if sc.sample_sizes is not None:
        c.log.warning("Duplicated STSZ atom\n")
    sc.sample_count = 0
    sc.sample_sizes = None
    num_bytes = (entries * field + 4) >> 3
    if num_bytes > pb.remaining:
        c.log.warning("STSZ atom truncated\n")
        return
    raw = pb.read(num_bytes)
    # 32-bit unsigned sizes: 4 bytes a sample, the width the table has in the file
    if field == 32:
        sizes = _u32_from(raw, entries)
    elif field == 16:
        sizes = array("I", struct.unpack(">%dH" % entries, raw[:2 * entries]))
    elif field == 8:
        sizes = array("I", raw[:entries])
    else:
        sizes = array("I", ((raw[i >> 1] >> (4 if not i & 1 else 0)) & 15 for i in range(entries)))
    if max(sizes) > INT_MAX:
        v = next(v for v in sizes if v > INT_MAX)
        c.log.error("Invalid sample size %d\n" % s32(v))
        raise InvalidData("stsz sample size")
    sc.sample_sizes = sizes
    sc.data_size += sum(sizes)
    sc.sample_count = entries


def _u32_from(raw: bytes, n: int):
    a = array("I")
    a.frombytes(raw[:4 * n])
    if array("I", [1]).tobytes()[0] == 1:
        a.byteswap()
    return a


def read_stts(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = pb.rb32()
    if sc.stts_seen:
        c.log.warning("Duplicated STTS atom\n")
    # FFmpeg 5.1.9: the table exists (and a later stts is a duplicate) once an entry was read
    sc.stts_seen = entries > 0 and not pb.eof
    sc.stts = []
    if entries >= INT_MAX // 8:
        raise CineError("stts entries", code=-errno.ENOMEM)
    duration = 0
    total = 0
    current_dts = 0
    corrected_dts = 0
    n, short = _bounded(pb, entries, 8)
    vals = _read_u32s(pb, 2 * n)
    if short:
        _drain(pb)
    # kept as two columns (a VFR track can have an entry per sample)
    counts, durs = array("I"), array("I")
    for i in range(n + (1 if short else 0)):
        if i < n:
            count, dur = vals[2 * i], vals[2 * i + 1]
        else:
            count, dur = 0, 0
        entry = [count, dur]
        if dur > MAX_STTS_DELTA:
            mag = s32(dur)
            c.log.warning("Too large sample offset %d in stts entry %d with count %d in st:%d. "
                          "Clipping to 1.\n" % (dur, i, count, st.index))
            entry[1] = 1
            corrected_dts += (mag if mag < 0 else 1) * count
        else:
            corrected_dts += dur * count
        current_dts += entry[1] * count
        if current_dts > corrected_dts:
            drift = (current_dts - corrected_dts) // max(count, 1)
            correction = drift if entry[1] > drift else entry[1] - 1
            current_dts -= correction * count
            entry[1] -= correction
        duration += entry[1] * entry[0]
        total += entry[0]
        counts.append(entry[0])
        durs.append(entry[1])
    sc.stts = Table(counts, durs)
    if duration > 0 and total <= INT_MAX - sc.nb_frames_for_fps:
        sc.duration_for_fps += duration
        sc.nb_frames_for_fps += total
    if pb.eof:
        _eof_fail(c, pb, "STTS")
    st.nb_frames = total
    if duration:
        if st.duration is not None:
            st.duration = min(st.duration, duration)
    sc.track_end = duration


def read_sdtp(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = size - 4
    if sc.sdtp is not None:
        c.log.warning("Duplicated SDTP atom\n")
    if entries < 0:
        raise InvalidData("sdtp")
    sc.sdtp = pb.read(entries)


def read_ctts(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.r8()
    pb.rb24()
    entries = pb.rb32()
    if not entries:
        return
    if entries >= UINT_MAX // 8:
        raise InvalidData("ctts entries")
    _alloc(entries, 8)
    n, short = _bounded(pb, entries, 8)
    vals = _read_u32s(pb, 2 * n, "i")
    if short:
        _drain(pb)
    elif n:
        counts, durs = vals[0::2], vals[1::2]
        if min(counts) > 0 and max(durs) <= (1 << 28) and min(durs) >= -(1 << 28):
            # common case in bulk: no entry skipped, none invalid
            sc.ctts = Table(counts, durs)
            low = min(durs[:entries - 2]) if entries > 2 else 0
            if low < 0:
                sc.dts_shift = max(sc.dts_shift, -low)
            return
    data = []
    for i in range(n + (1 if short else 0)):
        if i < n:
            count, dur = vals[2 * i], vals[2 * i + 1]
        else:
            count, dur = 0, 0
        if count <= 0:
            continue
        data.append([count, dur])
        if -abs(dur) < -(1 << 28) and i + 2 < entries:
            c.log.warning("CTTS invalid\n")
            sc.ctts = None
            return
        if i + 2 < entries:
            update_dts_shift(c, sc, dur)
    sc.ctts = data
    if pb.eof:
        _eof_fail(c, pb, "CTTS")


def update_dts_shift(c, sc, duration: int) -> None:
    if duration < 0:
        if duration == -(1 << 31):
            c.log.warning("mov_update_dts_shift(): dts_shift set to %d\n" % INT_MAX)
            duration += 1
        sc.dts_shift = max(sc.dts_shift, -duration)


def read_sgpd(c, pb: Bio, t: int, size: int) -> None:
    # only 'sync' groups matter, and only for HEVC open-GOP seeking: nothing printed depends on it
    return


def read_sbgp(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    version = pb.r8()
    pb.rb24()
    gtype = pb.rl32()
    if gtype == tag("rap "):
        target = "rap_group"
    elif gtype == tag("sync"):
        target = "sync_group"
    else:
        return
    if version == 1:
        pb.rb32()
    entries = pb.rb32()
    if not entries:
        return
    n, short = _bounded(pb, entries, 8)
    vals = _read_u32s(pb, 2 * n)
    setattr(sc, target, [(vals[2 * i], vals[2 * i + 1]) for i in range(n)])
    if short:
        _drain(pb)
        _eof_fail(c, pb, "SBGP")
