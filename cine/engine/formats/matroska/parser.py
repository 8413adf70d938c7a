"""Streaming EBML element parser (RFC 8794 sections 4-7, RFC 9559 section 4-6) driven by the
syntax tables, with the error recovery of FFmpeg 5.1.9's matroskadec: a stack of open master
elements ("levels"), the "last known good" position, level-1 ID resynchronisation, and the
exact checks (sizes exceeding the parent, unknown sizes, per-type maximum lengths, depth).

Return codes mirror the reference's so callers can follow its control flow: 0 (element done),
LEVEL_ENDED (the enclosing master element ended), 1 (an EBML_STOP element was reached, its ID
left in `current_id`), or a negative AVERROR.
"""
from __future__ import annotations

import bisect
import errno
import struct

from ...errors import AVERROR_EOF, AVERROR_INVALIDDATA, CineError
from ...log import Logger
from . import schema as S
from . import syntax as Y

EIO = -errno.EIO
ENOSYS = -errno.ENOSYS
NEEDS_CHECKING = 2
LEVEL_ENDED = 3
UNKNOWN = (1 << 64) - 1            # EBML unknown length
MASK64 = UNKNOWN
MAX_DEPTH = 16
MAX_LEVEL1 = 64
SKIP_THRESHOLD = 1024 * 1024
UNKNOWN_EQUIV = 50 * 1024
CHUNK = 1 << 16
REPARSE_BUDGET = 128 << 10         # bytes parsed again by overlapping level-1 elements
MAX_LENGTHS = {Y.NONE: UNKNOWN - 1, Y.UINT: 8, Y.SINT: 8, Y.FLOAT: 8, Y.STR: 0x1000000,
               Y.UTF8: 0x1000000, Y.BIN: 0x10000000}
LEVEL1_IDS = frozenset((S.INFO, S.TRACKS, S.CUES, S.TAGS, S.SEEKHEAD, S.ATTACHMENTS, S.CLUSTER,
                        S.CHAPTERS))
_l1_rx = None


def _level1_search(window: bytes):
    """The leftmost level-1 ID in window (one regex over all of them, compiled on the first
    resync: `re` stays off the start-up path of intact files)."""
    global _l1_rx
    if _l1_rx is None:
        import re
        _l1_rx = re.compile(b"|".join(re.escape(i.to_bytes(4, "big")) for i in sorted(LEVEL1_IDS)))
    return _l1_rx.search(window)


def _log2(v: int) -> int:
    return v.bit_length() - 1 if v else 0


def id_length(eid: int) -> int:
    return (_log2(eid) + 7) // 8


def is_id_valid(eid: int) -> bool:
    bits = _log2(eid)
    return bool(eid) and (bits + 7) // 8 == 8 - bits % 8


class AVIO:
    """A byte reader with avio's observable rules: reads past the end return what exists and
    set a sticky end-of-file flag that only a seek clears; `maxsize` follows ffio_limit."""

    def __init__(self, src):
        self.src = src
        self.pos = src.tell()
        self.buf = b""
        self.base = 0
        self.eof = False
        self.maxsize = 0
        self.seekable = src.seekable

    def _data(self, n: int) -> bytes:
        off = self.pos - self.base
        if 0 <= off and off + n <= len(self.buf):
            return self.buf[off:off + n]
        if self.src.tell() != self.pos:
            try:
                self.src.seek(self.pos)
            except CineError:
                return b""
        # (a source that buffers as avio does gets the reads avio would get)
        want = n if getattr(self.src, "avio_buffered", False) else max(n, CHUNK)
        if self.seekable and self.src.size is not None:
            # never ask for more than the file holds (a declared size is not trusted)
            want = min(want, max(0, self.src.size - self.pos))
        data = self.src.read(want) if want else b""
        self.buf = data
        self.base = self.pos
        return data[:n]

    def read(self, n: int) -> bytes:
        if n <= 0:
            return b""
        data = self._data(n)
        self.pos += len(data)
        if len(data) < n:
            self.eof = True
        return data

    def r8(self) -> int:
        d = self.read(1)
        return d[0] if d else 0

    def seek(self, pos: int) -> int:
        if pos < 0:
            return -errno.EINVAL
        if not self.seekable and not (self.base <= pos <= self.base + len(self.buf)):
            try:
                self.src.seek(pos)
            except CineError as exc:
                return exc.code
        self.pos = pos
        self.eof = False
        return pos

    def size(self) -> int:
        """avio_size (asked of the protocol: cache: reacts)."""
        if not self.seekable:
            return -errno.ENOSYS
        from ...io.sizecall import avio_size
        size = avio_size(self.src)
        return size if size is not None else -errno.ENOSYS

    def limit(self, size: int, log) -> int:
        """ffio_limit: clip a read to the bytes left in the file (logging the cut)."""
        if self.maxsize >= 0:
            remaining = self.maxsize - self.pos
            if remaining < size:
                newsize = self.size()
                if not self.maxsize or self.maxsize < newsize:
                    self.maxsize = newsize - (not newsize)
                if self.pos > self.maxsize >= 0:
                    self.maxsize = EIO
                if self.maxsize >= 0:
                    remaining = self.maxsize - self.pos
            if self.maxsize >= 0 and remaining < size and size > 1:
                log.log(16 if remaining else 48, "Truncating packet of size %d to %d\n"
                        % (size, remaining + (not remaining)))
                size = remaining + (not remaining)
        return size

    def sync_source(self) -> None:
        """Leave the underlying source where this reader stands."""
        if self.src.tell() != self.pos:
            self.src.seek(self.pos)


class Level:
    __slots__ = ("start", "length")

    def __init__(self, start=0, length=0):
        self.start = start
        self.length = length


class Level1:
    __slots__ = ("id", "pos", "parsed")

    def __init__(self, eid):
        self.id = eid
        self.pos = 0
        self.parsed = False


class Coverage:
    """Byte ranges [start, end), kept merged and sorted (so disjoint), and the positions
    the elements covering them started at."""

    __slots__ = ("starts", "ends", "heads")

    def __init__(self):
        self.starts = []
        self.ends = []
        self.heads = set()

    def hits(self, a: int, b: int) -> bool:
        """Whether any byte of [a, b) is covered."""
        i = bisect.bisect_right(self.starts, a) - 1
        if i >= 0 and self.ends[i] > a:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < b

    def add(self, a: int, b: int) -> None:
        if b <= a:
            return
        i = bisect.bisect_left(self.ends, a)        # the first range ending at or after a
        j = bisect.bisect_right(self.starts, b)     # past the last range starting at or before b
        if i < j:
            a = min(a, self.starts[i])
            b = max(b, self.ends[j - 1])
        self.starts[i:j] = [a]
        self.ends[i:j] = [b]


def _c_int(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


class EbmlParser:
    def __init__(self, io: AVIO, log):
        self.io = io
        self.log = log
        self.null_log = Logger(None, log.sink)
        self.current_id = 0
        self.levels = [Level() for _ in range(MAX_DEPTH)]
        self.num_levels = 0
        self.unknown_count = 0
        self.resync_pos = 0
        self.level1 = []
        self.segment_start = 0
        self.cues_deferred = 1
        self.done = False
        self.is_live = False
        self.coverage = {}              # level-1 ID -> Coverage of the bytes parsed as one
        self.reparse_budget = REPARSE_BUDGET

    # ------------------------------------------------------------ numbers
    def read_num(self, max_size: int, eof_forbidden: bool, io: AVIO | None = None):
        """(length or error, value) of an EBML variable-size number."""
        io = io or self.io
        total = io.r8()
        if io.eof:
            return self._num_eof(io, eof_forbidden), 0
        read = 9 - total.bit_length() if total else 8
        if not total or read > max_size:
            pos = io.pos - 1
            if not total:
                self.log.error("0x00 at pos %d (0x%x) invalid as first byte of an EBML number\n"
                               % (pos, pos))
            else:
                self.log.error("Length %d indicated by an EBML number's first byte 0x%02x at pos "
                               "%d (0x%x) exceeds max length %d.\n"
                               % (read, total, pos, pos, max_size))
            return AVERROR_INVALIDDATA, 0
        total ^= 1 << (total.bit_length() - 1)
        if read > 1:
            rest = io.read(read - 1)
            rest += bytes(read - 1 - len(rest))
            total = (total << (8 * (read - 1))) | int.from_bytes(rest, "big")
        if io.eof:
            return self._num_eof(io, True), 0
        return read, total

    def _num_eof(self, io: AVIO, eof_forbidden: bool) -> int:
        if eof_forbidden:
            self.log.error("File ended prematurely at pos. %d (0x%x)\n" % (io.pos, io.pos))
            return EIO
        return AVERROR_EOF

    def read_length(self):
        res, n = self.read_num(8, True)
        if res > 0 and n + 1 == 1 << (7 * res):
            n = UNKNOWN
        return res, n

    # ------------------------------------------------------------ level-1 bookkeeping
    def find_level1(self, eid: int, pos: int) -> Level1 | None:
        if not is_id_valid(eid) or eid == S.CLUSTER:
            return None
        for e in self.level1:
            if e.id == eid and (e.pos == pos or eid not in (S.SEEKHEAD, S.TAGS)):
                return e
        if len(self.level1) >= MAX_LEVEL1:
            self.log.error("Too many level1 elements.\n")
            return None
        e = Level1(eid)
        self.level1.append(e)
        return e

    def reset_status(self, eid: int, position: int) -> int:
        err = 0
        if position >= 0:
            err = self.io.seek(position)
            if err > 0:
                err = 0
        else:
            position = self.io.pos
        self.current_id = eid
        self.num_levels = 1
        self.unknown_count = 0
        self.resync_pos = position
        if eid:
            self.resync_pos -= id_length(eid)
        return err

    def resync(self, last_pos: int) -> int:
        """Find the next level-1 ID after last_pos; treat the Segment as unknown-sized."""
        io = self.io
        if last_pos < io.pos and io.seek(last_pos + 1) < 0:
            self.log.warning("Seek to desired resync point failed. Seeking to earliest point "
                             "available instead.\n")
            io.seek(max(io.base, last_pos + 1))
        found = self._scan_level1()
        if found:
            self.reset_status(found, -1)
            self.levels[0].length = UNKNOWN
            return 0
        self.done = True
        return AVERROR_EOF

    def _scan_level1(self) -> int:
        """Position after the first level-1 ID at or after the reader's position; 0 at EOF.

        The windows start small and double: a file dense with level-1 IDs resyncs once per
        ID, and each scan must cost what it skips, not a whole chunk (linear time)."""
        io = self.io
        start = io.pos
        carry = b""
        want = 256
        while True:
            chunk = io.read(want)
            window = carry + chunk
            m = _level1_search(window)          # the leftmost of all the IDs
            if m is not None:
                best = m.start()
                io.seek(start - len(carry) + best + 4)
                return int.from_bytes(window[best:best + 4], "big")
            if io.eof:
                return 0
            start = io.pos
            carry = window[-3:]
            want = min(want * 2, CHUNK)

    # ------------------------------------------------------------ the element parser
    def parse(self, syntax: Y.Syntax, data) -> int:
        io = self.io
        pos = io.pos
        level = self.levels[self.num_levels - 1] if self.num_levels else None
        if not self.current_id:
            res, v = self.read_num(4, False)
            if res < 0:
                if io.eof and res == AVERROR_EOF:
                    if self.is_live:
                        return 1
                    if level is not None and pos == io.pos:
                        if level.length == UNKNOWN:
                            self.num_levels -= 1
                            return LEVEL_ENDED
                        self.log.error("File ended prematurely at pos. %d (0x%x)\n" % (pos, pos))
                return res
            self.current_id = v | 1 << (7 * res)
            pos_alt = pos + res
        else:
            pos_alt = pos
            pos -= id_length(self.current_id)
        eid = self.current_id
        entry = syntax.find(eid)
        update_pos = 1
        if not entry.id and eid not in (S.VOID, S.CRC32):
            if level is not None and level.length == UNKNOWN:
                tab = syntax.parent
                while tab is not None:
                    if eid in tab.by_id:
                        self.num_levels -= 1
                        return LEVEL_ENDED
                    tab = tab.parent
            self.log.debug("Unknown entry 0x%X at pos. %d\n" % (eid, pos))
            update_pos = 0

        target = data
        if data is not None:
            if entry.listed:
                target = Y.new_record(entry.child)
                getattr(data, entry.field).append(target)
            elif entry.type in (Y.NEST, Y.LEVEL1) and entry.field is not None:
                target = getattr(data, entry.field)

        level_check = 0
        length = 0
        if entry.type != Y.STOP:
            self.current_id = 0
            res, length = self.read_length()
            if res < 0:
                return res
            pos_alt += res
            if self.num_levels > 0:
                if length != UNKNOWN and level.length != UNKNOWN:
                    elem_end = (pos_alt + length) & MASK64
                    level_end = (level.start + level.length) & MASK64
                    if elem_end < level_end:
                        level_check = 0
                    elif elem_end == level_end:
                        level_check = LEVEL_ENDED
                    else:
                        self.log.error("Element at 0x%x ending at 0x%x exceeds containing master "
                                       "element ending at 0x%x\n" % (pos, elem_end, level_end))
                        return AVERROR_INVALIDDATA
                elif length != UNKNOWN:
                    level_check = 0
                elif level.length != UNKNOWN:
                    self.log.error("Unknown-sized element at 0x%x inside parent with finite size\n"
                                   % pos)
                    return AVERROR_INVALIDDATA
                elif eid != S.CLUSTER and entry.type in (Y.LEVEL1, Y.NEST):
                    self.log.warning("Found unknown-length element 0x%X other than a cluster at "
                                     "0x%x. Spec-incompliant, but parsing will nevertheless be "
                                     "attempted.\n" % (eid, pos))
                    update_pos = -1
            maxlen = MAX_LENGTHS.get(entry.type, 0)
            if maxlen and length > maxlen:
                if length != UNKNOWN:
                    self.log.error("Invalid length 0x%x > 0x%x for element with ID 0x%X at 0x%x\n"
                                   % (length, maxlen, eid, pos))
                elif entry.type != Y.NONE:
                    self.log.error("Element with ID 0x%X at pos. 0x%x has unknown length, yet the "
                                   "length of an element of its type must be known.\n" % (eid, pos))
                else:
                    self.log.error("Found unknown-length element with ID 0x%X at pos. 0x%x for "
                                   "which no syntax for parsing is available.\n" % (eid, pos))
                return AVERROR_INVALIDDATA
            if not io.seekable:
                # FFmpeg 5.1.9: on unseekable input, a run of unknown elements far from the
                # last good position means lost sync
                if update_pos:
                    self.unknown_count = 0
                else:
                    dist = length + UNKNOWN_EQUIV * self.unknown_count
                    self.unknown_count += 1
                    if self.unknown_count > 3:
                        dist += pos_alt - self.resync_pos
                    if dist > SKIP_THRESHOLD:
                        self.log.error("Unknown element %X at pos. 0x%x with length 0x%x considered "
                                       "as invalid data. Last known good position 0x%x, %d unknown "
                                       "elements in a row\n" % (eid, pos, length, self.resync_pos,
                                                                self.unknown_count))
                        return AVERROR_INVALIDDATA
            if update_pos > 0:
                self.resync_pos = pos

        t = entry.type
        if data is None and t != Y.STOP and length != UNKNOWN:
            t = Y.NONE
        overlap = t == Y.LEVEL1 and self._reparse(eid, pos, pos_alt, length)
        if overlap and self.reparse_budget <= 0:
            # A level-1 element over bytes an element of its ID was parsed from (damaged
            # sizes; or hostile: SeekHeads pointing into SeekHeads, Tags nested in Tags found
            # by resync) is parsed again as FFmpeg 5.1.9 does, until REPARSE_BUDGET bytes
            # were parsed twice; then skipped, so that time stays linear (the reference takes
            # quadratic time, or does not finish on nested Tags).
            if length == UNKNOWN:
                return 0
            t = Y.NONE
            overlap = False
        if t in (Y.UINT, Y.SINT):
            if length == 0:
                setattr(data, entry.field, entry.default if entry.default is not None else 0)
                res = 0
            else:
                raw = io.read(length)
                raw += bytes(length - len(raw))
                setattr(data, entry.field, int.from_bytes(raw, "big", signed=t == Y.SINT))
                res = NEEDS_CHECKING
        elif t == Y.FLOAT:
            if length == 0:
                setattr(data, entry.field, entry.default if entry.default is not None else 0.0)
                res = 0
            elif length in (4, 8):
                raw = io.read(length)
                raw += bytes(length - len(raw))
                setattr(data, entry.field, struct.unpack(">f" if length == 4 else ">d", raw)[0])
                res = NEEDS_CHECKING
            else:
                res = AVERROR_INVALIDDATA
        elif t in (Y.STR, Y.UTF8):
            if length == 0 and entry.default is not None:
                setattr(data, entry.field, entry.default)
                res = 0
            else:
                raw = io.read(length)
                if len(raw) != length:
                    res = AVERROR_EOF if not raw else NEEDS_CHECKING
                else:
                    setattr(data, entry.field, _c_string(raw))
                    res = 0
        elif t == Y.BIN:
            raw = io.read(length)
            if len(raw) != length:
                setattr(data, entry.field, None)
                res = AVERROR_EOF if not raw else NEEDS_CHECKING
            else:
                setattr(data, entry.field, raw)
                setattr(data, entry.field + "_pos", pos_alt)
                res = 0
        elif t in (Y.NEST, Y.LEVEL1):
            if self.num_levels >= MAX_DEPTH:
                self.log.error("File moves beyond max. allowed depth (%d)\n" % MAX_DEPTH)
                return ENOSYS
            lv = self.levels[self.num_levels]
            lv.start, lv.length = pos_alt, length
            self.num_levels += 1
            if eid == S.SEGMENT:
                self.segment_start = pos_alt
            if eid == S.CUES:
                self.cues_deferred = 0
            if t == Y.LEVEL1:
                elem = self.find_level1(entry.id, pos)
                if elem is not None:
                    if not elem.pos:
                        elem.pos = pos
                    elif elem.pos != pos:
                        self.log.error("Duplicate element\n")
                    elem.parsed = True
            res = self.parse_nest(entry.child, target)
            if t == Y.LEVEL1:
                if overlap:
                    self.reparse_budget -= max(io.pos - pos, 1)
                self._cover(eid, pos, io.pos)
            if res:
                return res
        elif t == Y.STOP:
            return 1
        else:
            if length:
                if _c_int(io.limit(_c_int(length), self.null_log)) & MASK64 != length & MASK64 \
                        or _c_int(length) & MASK64 != length:
                    return EIO
                io.seek(io.pos + length - 1)
                io.r8()
                res = NEEDS_CHECKING
            else:
                res = 0
        if res:
            if res == NEEDS_CHECKING:
                if io.eof:
                    res = AVERROR_EOF
                else:
                    res = 0
            if res:
                if res == AVERROR_INVALIDDATA:
                    self.log.error("Invalid element\n")
                elif res == EIO:
                    self.log.error("Read error\n")
                elif res == AVERROR_EOF:
                    self.log.error("File ended prematurely\n")
                    res = EIO
                return res

        if entry.counted and data is not None:
            setattr(data, entry.field + "_count", getattr(data, entry.field + "_count") + 1)
        if level_check == LEVEL_ENDED and self.num_levels:
            p = io.pos
            while self.num_levels:
                lv = self.levels[self.num_levels - 1]
                if p != (lv.start + lv.length) & MASK64:
                    break
                self.num_levels -= 1
        return level_check

    def _reparse(self, eid: int, pos: int, pos_alt: int, length: int) -> bool:
        """Whether a level-1 element (its header at pos, its data at pos_alt) would cover
        bytes an element of the same ID was already parsed from."""
        cov = self.coverage.get(eid)
        if cov is None or pos in cov.heads:
            # FFmpeg 5.1.9: after a failure, resync goes back to where the header pass began,
            # parsing the elements up to it a second time (tracks doubled): kept, bounded
            return False
        end = pos_alt + length if length != UNKNOWN else pos_alt
        return cov.hits(pos, max(end, pos + 1))

    def _cover(self, eid: int, start: int, end: int) -> None:
        cov = self.coverage.get(eid)
        if cov is None:
            cov = self.coverage[eid] = Coverage()
        cov.heads.add(start)
        cov.add(start, end)

    def parse_nest(self, syntax: Y.Syntax, data) -> int:
        if data is not None:
            Y.apply_defaults(syntax, data)
            if not self.levels[self.num_levels - 1].length:
                self.num_levels -= 1
                return 0
        while True:
            res = self.parse(syntax, data)
            if res:
                break
        return 0 if res == LEVEL_ENDED else res

    # ------------------------------------------------------------ SeekHead
    def parse_seekhead_entry(self, pos: int, ctx_rec) -> int:
        """Parse the level-1 element a SeekHead entry points at, then come back."""
        io = self.io
        saved_id = self.current_id
        before = io.pos
        ret = 0
        if io.seek(pos) == pos:
            if self.num_levels == MAX_DEPTH:
                self.log.info("Max EBML element depth (%d) reached, cannot parse further.\n"
                              % MAX_DEPTH)
                ret = AVERROR_INVALIDDATA
            else:
                lv = self.levels[self.num_levels]
                lv.start, lv.length = 0, UNKNOWN
                self.num_levels += 1
                self.current_id = 0
                ret = self.parse(Y.SEGMENT, ctx_rec)
                if ret == LEVEL_ENDED:
                    ret = AVERROR_EOF
        ret2 = self.reset_status(saved_id, before)
        if ret >= 0:
            ret = ret2
        return ret

    def execute_seekhead(self, ctx_rec) -> None:
        if not self.io.seekable:
            return
        i = 0
        while i < len(ctx_rec.seekhead):
            entry = ctx_rec.seekhead[i]
            i += 1
            sid = entry.id
            spos = entry.pos
            if sid > 0xFFFFFFFF:
                continue
            pos = _s64((spos + self.segment_start) & MASK64)
            if pos < self.segment_start:
                continue
            elem = self.find_level1(sid, pos)
            if elem is None or elem.parsed:
                continue
            elem.pos = pos
            if sid == S.CUES:
                continue
            if self.parse_seekhead_entry(pos, ctx_rec) < 0:
                self.cues_deferred = -1
                break
            elem.parsed = True


def _s64(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


def _c_string(raw: bytes) -> str:
    """An EBML string as the reference uses it: a C string (up to the first NUL)."""
    nul = raw.find(b"\0")
    if nul >= 0:
        raw = raw[:nul]
    return raw.decode("utf-8", "surrogateescape")
