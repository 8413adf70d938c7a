"""AVI per-stream state and the seek index: av_add_index_entry / av_index_search_timestamp
semantics (entries ordered by timestamp), the legacy 'idx1' chunk (Microsoft AVI RIFF File
Reference, AVIOLDINDEX) and OpenDML 'indx' super/standard indexes (OpenDML AVI File Format
Extensions 1.02, AVISUPERINDEX/AVISTDINDEX), as FFmpeg 5.1.9's avidec.c loads them.
"""
from __future__ import annotations

import struct
from bisect import bisect_left

KEYFRAME = 1
AVIIF_INDEX = 0x10
MAX_ODML_DEPTH = 1000
MAX_INDEX_ENTRY_SIZE = 0x3FFFFFFF
INT64_MAX = (1 << 63) - 1


class Entry:
    __slots__ = ("pos", "timestamp", "size", "flags")

    def __init__(self, pos: int, timestamp: int, size: int, flags: int):
        self.pos = pos
        self.timestamp = timestamp
        self.size = size
        self.flags = flags


class AviStream:
    """What avidec.c keeps per stream (AVIStream) plus the stream's index entries."""

    def __init__(self):
        self.frame_offset = 0       # frames (or bytes) read so far: the next dts
        self.remaining = 0
        self.packet_size = 0
        self.handler = 0
        self.scale = 0
        self.rate = 0
        self.sample_size = 0
        self.cum_len = 0
        self.prefix = 0
        self.prefix_count = 0
        self.pal: list[int] = [0] * 256
        self.has_pal = False
        self.dshow_block_align = 0
        self.seek_pos = 0
        self.avctx_time_base = None  # the decoder time base a parser learnt (streaminfo reads it)
        self.split_audio = False    # audio: a full parser cuts the packets (engine/readframe.py)
        self.parse_headers = True   # video: AVSTREAM_PARSE_HEADERS (engine/vidparse.py)
        self.header_frame_size = 0  # audio: strf declares no frame size
        # AVDISCARD_NONE (ffmpeg's mapped streams) rather than ffprobe's AVDISCARD_DEFAULT,
        # under which avi_sync skips empty chunks
        self.discard_none = False
        self.entries: list[Entry] = []
        self.times: list[int] = []  # entries' timestamps, for bisect

    def duration_of(self, length: int) -> int:
        """get_duration: bytes for sample-sized streams, blocks for block-aligned audio,
        one frame otherwise."""
        if self.sample_size:
            return length
        if self.dshow_block_align:
            return (length + self.dshow_block_align - 1) // self.dshow_block_align
        return 1

    def search(self, ts: int, backward: bool = False, any_frame: bool = True) -> int:
        """av_index_search_timestamp: the entry at or after ts (at or before with backward),
        -1 when none."""
        n = len(self.entries)
        b = bisect_left(self.times, ts)
        if backward:
            m = b if b < n and self.times[b] == ts else b - 1
        else:
            m = b
        if not any_frame:
            step = -1 if backward else 1
            while 0 <= m < n and not (self.entries[m].flags & KEYFRAME):
                m += step
        if m >= n:
            return -1
        return m

    def add(self, pos: int, ts: int, size: int, flags: int) -> int:
        """av_add_index_entry: append, insert in timestamp order, or replace the entry with
        the same timestamp; -1 when refused."""
        if size < 0 or size > MAX_INDEX_ENTRY_SIZE:
            return -1
        n = len(self.entries)
        if not n or self.times[-1] < ts:
            self.entries.append(Entry(pos, ts, size, flags))
            self.times.append(ts)
            return n
        i = bisect_left(self.times, ts)
        if self.times[i] != ts:
            self.entries.insert(i, Entry(pos, ts, size, flags))
            self.times.insert(i, ts)
        else:
            e = self.entries[i]
            e.pos, e.size, e.flags = pos, size, flags
        return i


def stream_number(c0: int, c1: int) -> int:
    """get_stream_idx: two ASCII digits -> 0..99, else 100."""
    if 0x30 <= c0 <= 0x39 and 0x30 <= c1 <= 0x39:
        return (c0 - 0x30) * 10 + (c1 - 0x30)
    return 100


def _chunk_stream(tag: int) -> int:
    """The stream number of an index chunk id, computed the way the reference does (no
    digit check: any byte pair maps to some, possibly negative, number)."""
    return ((tag & 0xFF) - 0x30) * 10 + ((tag >> 8 & 0xFF) - 0x30)


def read_odml_index(dm, frame_num: int = 0) -> bool:
    """read_odml_index at the current position (just after an 'indx' or 'ix##' chunk header);
    False on invalid data."""
    pb = dm.pb
    longs_per_entry = pb.u16()
    sub_type = pb.u8()
    index_type = pb.u8()
    entries = pb.i32()
    chunk_id = pb.u32()
    base = pb.u64()
    sid = _chunk_stream(chunk_id)
    if sid < 0 or sid >= len(dm.ctx.streams):
        return False
    ast = dm.ast[sid]
    if sub_type or entries < 0:
        return False
    pb.u32()
    if index_type and longs_per_entry != 2:
        return False
    if index_type > 1:
        return False
    fsize = dm.fsize
    if fsize > 0 and base >= fsize:
        dm.log.error("ODML index invalid\n")
        if base >> 32 == base & 0xFFFFFFFF and (base & 0xFFFFFFFF) < fsize and fsize <= 0xFFFFFFFF:
            base &= 0xFFFFFFFF
        else:
            return False
    last_pos = -1
    for _ in range(entries):
        dm.odml_max_pos = max(dm.odml_max_pos, pb.tell())
        if dm.odml_read > dm.odml_max_pos:
            return False
        if index_type:
            pos = pb.u32() + base - 8
            ln = pb.u32()
            key = not (ln & 0x80000000)
            ln &= 0x7FFFFFFF
            dm.odml_read += 8
            if pb.eof:
                return False
            if last_pos == pos or pos == base - 8:
                dm.non_interleaved = True
            if last_pos != pos and ln:
                ast.add(pos, ast.cum_len, ln, KEYFRAME if key else 0)
            ast.cum_len += ast.duration_of(ln)
            last_pos = pos
        else:
            dm.odml_read += 16
            offset = pb.u64()
            pb.u32()
            duration = pb.u32()
            if pb.eof or offset > INT64_MAX - 8:
                return False
            here = pb.tell()
            if dm.odml_depth > MAX_ODML_DEPTH:
                dm.log.error("Too deeply nested ODML indexes\n")
                return False
            if not pb.seek(offset + 8):
                return False
            dm.odml_depth += 1
            ok = read_odml_index(dm, frame_num)
            dm.odml_depth -= 1
            frame_num += duration
            if not pb.seek(here):
                dm.log.error("Failed to restore position after reading index\n")
                return False
            if not ok:
                return False
    dm.index_loaded = 2
    return True


def read_idx1(dm, size: int) -> bool:
    """avi_read_idx1 at the current position (the idx1 body); False when it has no entry or
    the file ends inside it."""
    pb = dm.pb
    count = size // 16
    if count <= 0:
        return False
    idx1_pos = pb.tell()
    first_packet_pos = 0
    pb.seek(dm.movi_list + 4)
    if dm.sync(exit_early=True):
        first_packet_pos = pb.tell() - 8
    dm.stream_index = -1
    pb.seek(idx1_pos)
    streams = dm.ctx.streams
    data_offset = 0
    if len(streams) == 1 and streams[0].codecpar.codec_tag == 0x53454D4D:     # 'MMES'
        first_packet_pos = 0
        data_offset = dm.movi_list
    first_packet = True
    last_pos = -1
    last_idx = -1
    anykey = 0
    # read the whole body at once: entries are 16 bytes
    body = pb.read(count * 16)
    if len(body) % 16:
        body += bytes(16 - len(body) % 16)      # a cut last entry reads as zeros
    nstreams = len(streams)
    for tag, flags, pos, ln in struct.iter_unpack("<IIII", body):
        index = _chunk_stream(tag) & 0xFFFFFFFF
        if index >= nstreams:
            continue
        ast = dm.ast[index]
        if (tag >> 16 & 0xFF) == 0x70 and (tag >> 24 & 0xFF) == 0x63:     # '##pc'
            continue
        if first_packet and first_packet_pos:
            if dm.movi_list + 4 != pos or pos + 500 > first_packet_pos:
                data_offset = first_packet_pos - pos
            first_packet = False
        pos += data_offset
        if last_pos == pos:
            dm.non_interleaved = True
        if last_idx != pos and ln:
            # the length reaches av_add_index_entry as a C int
            sln = ln - (1 << 32) if ln & 0x80000000 else ln
            ast.add(pos, ast.cum_len, sln, KEYFRAME if flags & AVIIF_INDEX else 0)
            last_idx = pos
        ast.cum_len += ast.duration_of(ln)
        last_pos = pos
        anykey |= flags & AVIIF_INDEX
    if len(body) < count * 16:
        return False                            # the file ends inside the index
    if not anykey:
        for ast in dm.ast:
            if ast.entries:
                ast.entries[0].flags |= KEYFRAME
    return True


def load_index(dm) -> bool:
    """avi_load_index: walk the chunks after 'movi' for idx1 (and a trailing LIST/INFO)."""
    pb = dm.pb
    here = pb.tell()
    ok = False
    try:
        if not _seek_checked(dm, dm.movi_end):
            return False
        for _ in range(1 << 20):
            tag = pb.read(4)
            size = pb.u32()
            if pb.eof:
                break
            nxt = pb.tell()
            if nxt > INT64_MAX - size - (size & 1):
                break
            nxt += size + (size & 1)
            if tag == b"idx1" and read_idx1(dm, size):
                dm.index_loaded = 2
                ok = True
            elif tag == b"LIST":
                if size < 4:
                    dm.log.warning("Invalid size (%d) LIST in index\n" % size)
                    break
                if pb.read(4) == b"INFO":
                    dm.read_info(size - 4)
            elif ok:
                break
            if not _seek_checked(dm, nxt):
                break
    finally:
        pb.seek(here)
    return ok


def _seek_checked(dm, pos: int) -> bool:
    """avio_seek as seen by avi_load_index: a seek beyond the end of a sized file fails when
    it is short enough to be done by reading (FFmpeg 5.1.9 avio short seeks), and a later
    read then hits the end anyway; both end the walk."""
    pb = dm.pb
    if not pb.seek(pos):
        return False
    return True


def calculate_bitrate(dm) -> None:
    """Per-stream bit rates from the index when it covers the file and the sizes add up."""
    lensum = 0
    maxpos = 0
    for ast in dm.ast:
        if not ast.entries:
            continue
        lensum += sum(e.size for e in ast.entries)
        maxpos = max(maxpos, ast.entries[-1].pos)
    if maxpos < _rescale(dm.io_fsize, 9, 10):
        return
    if lensum * 9 // 10 > maxpos or lensum < maxpos * 9 // 10:
        return
    for st, ast in zip(dm.ctx.streams, dm.ast):
        if len(ast.entries) < 2 or st.codecpar.bit_rate > 0:
            continue
        total = sum(e.size for e in ast.entries)
        duration = ast.entries[-1].timestamp - ast.entries[0].timestamp
        tb = st.time_base
        bitrate = _rescale(8 * total, tb.den, duration * tb.num)
        if bitrate > 0:
            st.codecpar.bit_rate = bitrate


def _rescale(a: int, b: int, c: int) -> int:
    """av_rescale (round to nearest, halves away from zero); INT64_MIN when c is 0."""
    from ...timebase import rescale
    if c == 0:
        return -(1 << 63)
    return rescale(a, b, c)


def guess_ni(dm) -> bool:
    """guess_ni_flag: streams whose index ranges do not overlap, or that drift apart by more
    than 2 s or 64 MiB, make the file non-interleaved."""
    pb = dm.pb
    last_start = 0
    first_end = INT64_MAX
    old = pb.tell()
    for i, ast in enumerate(dm.ast):
        n = len(ast.entries)
        if n <= 0:
            continue
        if n >= 2:
            pos = ast.entries[0].pos
            pb.seek(pos)
            t0, t1 = pb.u8(), pb.u8()
            pb.u16()
            size = pb.u32()
            if stream_number(t0, t1) == i and pos + size > ast.entries[1].pos:
                last_start = INT64_MAX
            if stream_number(t0, t1) == i and size == ast.entries[0].size + 8:
                last_start = INT64_MAX
        if ast.entries[0].pos > last_start:
            last_start = ast.entries[0].pos
        if ast.entries[n - 1].pos < first_end:
            first_end = ast.entries[n - 1].pos
    pb.seek(old)
    if last_start > first_end:
        return True
    return _max_drift(dm)


def _max_drift(dm) -> bool:
    from ...timebase import rescale_q
    from ...model import AV_TIME_BASE_Q
    streams = dm.ctx.streams
    idx = [0] * len(streams)
    pos = 0
    min_pos = 0
    while min_pos != INT64_MAX:
        max_dts = -(1 << 63) // 2
        min_dts = INT64_MAX // 2
        max_buffer = 0
        min_pos = INT64_MAX
        for i, (st, ast) in enumerate(zip(streams, dm.ast)):
            ents = ast.entries
            n = len(ents)
            while idx[i] < n and ents[idx[i]].pos < pos:
                idx[i] += 1
            if idx[i] < n:
                dts = rescale_q(_cdiv(ents[idx[i]].timestamp, max(ast.sample_size, 1)),
                                st.time_base, AV_TIME_BASE_Q)
                min_dts = min(min_dts, dts)
                min_pos = min(min_pos, ents[idx[i]].pos)
        for i, (st, ast) in enumerate(zip(streams, dm.ast)):
            if idx[i] and min_dts != INT64_MAX // 2:
                ents = ast.entries
                dts = rescale_q(_cdiv(ents[idx[i] - 1].timestamp, max(ast.sample_size, 1)),
                                st.time_base, AV_TIME_BASE_Q)
                delta = _sat(dts - min_dts)
                max_dts = max(max_dts, dts)
                max_buffer = max(max_buffer, _rescale(delta, st.codecpar.bit_rate, 1000000))
        if _sat(max_dts - min_dts) > 2 * 1000000 or max_buffer > 1024 * 1024 * 8 * 8:
            return True
        pos = min_pos + 1
    return False


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def _sat(v: int) -> int:
    return max(-(1 << 63), min(INT64_MAX, v))


def clean_index(dm) -> None:
    """Split the single index entry of a sample-sized stream into chunks of at least 1 KiB."""
    for ast in dm.ast:
        if len(ast.entries) != 1 or ast.sample_size == 0:
            continue
        mx = ast.sample_size
        while mx < 1024:
            mx += mx
        e = ast.entries[0]
        pos, size, ts = e.pos, e.size, e.timestamp
        j = 0
        while j < size:
            ast.add(pos + j, ts + j, min(mx, size - j), KEYFRAME)
            j += mx
