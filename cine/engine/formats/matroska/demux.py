"""MatroskaDemuxer (matroska,webm): EBML header checks, the Segment's level-1 elements up to
the first Cluster, SeekHead following on seekable inputs, then the cluster loop with known
and unknown sizes (RFC 9559 sections 4-7; behaviour of FFmpeg 5.1.9's matroskadec)."""
from __future__ import annotations

import errno

from ...errors import AVERROR_PATCHWELCOME, CineError, EndOfFile, InvalidData, LimitExceeded
from ...limits import MAX_HEADER_BOX, MAX_TRACKS
from ...log import Logger
from ...model import PKT_FLAG_KEY, Packet
from ..base import Demuxer
from . import cluster as C
from . import ebml as E
from . import schema as S
from . import tags as T
from .tracks import build_stream, parse_track

MAX_BIN = 0x10000000
DOCTYPES = ("matroska", "webm")


class MatroskaDemuxer(Demuxer):
    def read_header(self) -> None:
        self.time_scale = 1000000
        self.duration = 0.0
        self.title = None
        self.muxingapp = None
        self.date_utc = None
        self.tracks = []
        self.tag_groups = []
        self.chapters = []
        self.attachments = []
        self.seekheads = []
        self.parsed_l1 = {}          # id -> set of positions parsed
        self.queue = []
        self.done = False
        self.in_cluster = False
        self.cluster_end = None
        self.cluster_time = None
        self.cluster_pos = 0
        self.pending = None
        src = self.source
        self._read_ebml_header()
        hdr = E.read_element_header(src)
        while hdr is not None and hdr[0] != S.SEGMENT:
            # FFmpeg 5.1.9 resyncs to the next Segment; skip what precedes it
            if hdr[1] == E.UNKNOWN:
                raise InvalidData("no segment")
            src.skip(hdr[1])
            hdr = E.read_element_header(src)
        if hdr is None:
            raise InvalidData("no segment")
        self.segment_start = src.tell()
        self.segment_end = None if hdr[1] == E.UNKNOWN else self.segment_start + hdr[1]
        self._read_level1_header()
        if src.seekable:
            self._execute_seekhead()
        if not self.time_scale:
            self.time_scale = 1000000
        if self.duration != self.duration:     # NaN
            self.duration = 0.0
        ctx = self.ctx
        if self.duration:
            ctx.duration = int(self.duration * self.time_scale * 1000 / 1000000)
        if self.title is not None:
            ctx.tags.set("title", self.title)
        if self.muxingapp is not None:
            ctx.tags.set("encoder", self.muxingapp)
        if self.date_utc is not None and len(self.date_utc) == 8:
            v = int.from_bytes(self.date_utc, "big", signed=True)
            ctx.tags.set("creation_time", _iso_time(v // 1000 + 978307200000000))
        self._make_streams()
        T.make_attachment_streams(self.attachments, ctx, self.log)
        T.make_chapters(self.chapters, ctx)
        T.convert_all(self.tag_groups, ctx, self.tracks, self.chapters, self.attachments, self.log)
        self.pics = [st for st in ctx.streams if "attached_pic" in st.disposition]

    # ------------------------------------------------------------------ header
    def _read_ebml_header(self) -> None:
        src = self.source
        hdr = E.read_element_header(src)
        if hdr is None or hdr[0] != S.EBML_HEADER or hdr[1] == E.UNKNOWN or hdr[1] > MAX_BIN:
            self.log.error("EBML header parsing failed\n")
            raise InvalidData("EBML header parsing failed")
        buf = src.read(hdr[1])
        if len(buf) != hdr[1]:
            self.log.error("EBML header parsing failed\n")
            raise InvalidData("EBML header parsing failed")
        version, max_size, id_len, doctype, dt_version = 1, 8, 4, "(none)", 1
        for eid, a, b in E.iter_children(buf):
            if eid == S.EBML_READ_VERSION:
                version = E.uint(buf, a, b)
            elif eid == S.EBML_MAX_SIZE_LENGTH:
                max_size = E.uint(buf, a, b)
            elif eid == S.EBML_MAX_ID_LENGTH:
                id_len = E.uint(buf, a, b)
            elif eid == S.DOCTYPE:
                doctype = E.string(buf, a, b)
            elif eid == S.DOCTYPE_READ_VERSION:
                dt_version = E.uint(buf, a, b)
        if version > 1 or max_size > 8 or id_len > 4 or dt_version > 3:
            self.log.warning("EBML version %d, doctype %s, doc version %d is not implemented. "
                             "Update your FFmpeg version to the newest one from Git. If the problem "
                             "still occurs, it means that your file has a feature which has not been "
                             "implemented.\n" % (version, doctype, dt_version))
            raise CineError(code=AVERROR_PATCHWELCOME)
        if dt_version == 3:
            self.log.warning("EBML header using unsupported features\n(EBML version %d, doctype %s, "
                             "doc version %d)\n" % (version, doctype, dt_version))
        if doctype not in DOCTYPES:
            self.log.warning("Unknown EBML doctype '%s'\n" % doctype)

    def _read_level1_header(self) -> None:
        """Level-1 elements in file order until the first Cluster (left pending)."""
        src = self.source
        null_log = Logger(None, self.log.sink)
        while True:
            pos = src.tell()
            if self.segment_end is not None and pos >= self.segment_end:
                self.done = True
                return
            try:
                hdr = E.read_element_header(src)
            except EndOfFile:
                hdr = None
            if hdr is None:
                if self.segment_end is not None and src.seekable:
                    # FFmpeg 5.1.9: the header read fails at EOF inside a sized Segment (and
                    # again after its resync)
                    end = src.tell()
                    for _ in range(2):
                        self.log.error("File ended prematurely at pos. %d (0x%x)\n" % (end, end))
                    raise CineError(code=-errno.EIO)
                self.done = True
                return
            eid, size, hlen = hdr
            if eid == S.CLUSTER:
                self.pending = (eid, size, pos)
                return
            if size == E.UNKNOWN:
                raise InvalidData("unknown-sized level-1 element")
            end = src.tell() + size
            if src.seekable and src.size is not None and end > src.size:
                self._truncated_header(eid, size, src.size - src.tell(), null_log)
            if eid in S.HEADER_LEVEL1:
                self._parse_level1(eid, size, pos, src.tell())
            else:
                self._skip(size)

    def _truncated_header(self, eid: int, size: int, remaining: int, null_log) -> None:
        """A header element running past the end of the file: FFmpeg 5.1.9 fails the header
        with EIO (its resync re-reads the element and ffio_limit reports the cut)."""
        if eid in S.HEADER_LEVEL1 and eid != S.CUES:
            self.log.error("File ended prematurely\n")
            self.log.error("Duplicate element\n")
        else:
            null_log.error("Truncating packet of size %d to %d\n" % (size, remaining + (not remaining)))
        null_log.error("Truncating packet of size %d to %d\n" % (size, remaining + (not remaining)))
        raise CineError(code=-errno.EIO)

    def _parse_level1(self, eid: int, size: int, pos: int, data_pos: int) -> None:
        if size > MAX_HEADER_BOX:
            raise LimitExceeded("level-1 element too large")
        if eid == S.CUES:
            # FFmpeg 5.1.9 reads the index but it changes nothing ffprobe prints
            self.parsed_l1.setdefault(eid, set()).add(pos)
            self._skip(size)
            return
        buf = self.source.read(size)
        if len(buf) != size:
            self.log.error("File ended prematurely\n")
        self.parsed_l1.setdefault(eid, set()).add(pos)
        if eid == S.INFO:
            self._parse_info(buf)
        elif eid == S.TRACKS:
            for cid, a, b in E.iter_children(buf):
                if cid == S.TRACK_ENTRY:
                    if len(self.tracks) >= MAX_TRACKS:
                        raise LimitExceeded("too many tracks")
                    self.tracks.append(parse_track(buf, a, b))
        elif eid == S.TAGS:
            T.parse_tags(buf, 0, len(buf), self.tag_groups)
        elif eid == S.CHAPTERS:
            T.parse_chapters(buf, 0, len(buf), self.chapters)
        elif eid == S.ATTACHMENTS:
            T.parse_attachments(buf, 0, len(buf), self.attachments, data_pos)
        elif eid == S.SEEKHEAD:
            for cid, a, b in E.iter_children(buf):
                if cid != S.SEEK:
                    continue
                sid, spos = 0, None
                for x, xa, xb in E.iter_children(buf, a, b):
                    if x == S.SEEK_ID:
                        sid = E.uint(buf, xa, xb)
                    elif x == S.SEEK_POSITION:
                        spos = E.uint(buf, xa, xb)
                self.seekheads.append((sid, spos))

    def _parse_info(self, buf) -> None:
        for eid, a, b in E.iter_children(buf):
            if eid == S.TIMESTAMP_SCALE:
                self.time_scale = E.uint(buf, a, b)
            elif eid == S.DURATION:
                self.duration = E.float_(buf, a, b)
            elif eid == S.TITLE:
                self.title = E.string(buf, a, b)
            elif eid == S.MUXING_APP:
                self.muxingapp = E.string(buf, a, b)
            elif eid == S.DATE_UTC:
                self.date_utc = bytes(buf[a:b])

    def _execute_seekhead(self) -> None:
        src = self.source
        here = src.tell()
        i = 0
        while i < len(self.seekheads):
            sid, spos = self.seekheads[i]
            i += 1
            if spos is None or sid > 0xFFFFFFFF:
                continue
            pos = spos + self.segment_start
            if sid not in S.HEADER_LEVEL1 or sid == S.CUES:
                continue
            seen = self.parsed_l1.get(sid)
            if seen and (sid not in (S.SEEKHEAD, S.TAGS) or pos in seen):
                continue
            if self.ctx.size is not None and pos >= self.ctx.size:
                continue
            try:
                src.seek(pos)
                hdr = E.read_element_header(src)
                if hdr is None or hdr[0] != sid or hdr[1] == E.UNKNOWN:
                    continue
                self._parse_level1(sid, hdr[1], pos, src.tell())
            except CineError:
                break
        src.seek(here)

    def _make_streams(self) -> None:
        ctx = self.ctx
        self.tracks_by_num = {}
        for t in self.tracks:
            if t.num not in self.tracks_by_num:
                self.tracks_by_num[t.num] = t
            st = build_stream(t, len(ctx.streams), self.time_scale, self.muxingapp, self.duration,
                              self.log)
            if st is None:
                continue
            t.stream = st
            ctx.streams.append(st)

    def _skip(self, size: int) -> None:
        src = self.source
        if src.size is not None and src.seekable and src.tell() + size > src.size:
            src.seek(src.size)
            raise EndOfFile()
        src.skip(size)

    # ------------------------------------------------------------------ packets
    def read_packet(self) -> Packet | None:
        for st in self.pics:
            pic = st.priv
            if not pic.sent:
                pic.sent = True
                return Packet(stream_index=st.index, data=pic.data, pts=None, dts=None,
                              pos=pic.pos, flags=PKT_FLAG_KEY)
        while not self.queue:
            if self.done:
                return None
            try:
                self._step()
            except EndOfFile:
                self.done = True
            except InvalidData:
                if not self._resync():
                    self.done = True
        return self.queue.pop(0)

    def _next_header(self):
        if self.pending is not None:
            hdr, self.pending = self.pending, None
            return hdr
        pos = self.source.tell()
        h = E.read_element_header(self.source)
        if h is None:
            return None
        return h[0], h[1], pos

    def _step(self) -> None:
        src = self.source
        if not self.in_cluster:
            if self.pending is None and self.segment_end is not None and src.tell() >= self.segment_end:
                self.done = True
                return
            hdr = self._next_header()
            if hdr is None:
                self.done = True
                return
            eid, size, pos = hdr
            if eid == S.CLUSTER:
                self.in_cluster = True
                self.cluster_pos = pos
                self.cluster_time = None
                self.cluster_end = None if size == E.UNKNOWN else src.tell() + size
                return
            if size == E.UNKNOWN:
                raise InvalidData("unknown-sized element")
            if eid not in S.LEVEL1 and eid not in (S.VOID, S.CRC32) and not src.seekable \
                    and size > 0x100000:
                # FFmpeg 5.1.9 (non-seekable input): a big unknown element means lost sync
                raise InvalidData("unknown element")
            self._skip(size)
            return
        if self.cluster_end is not None and src.tell() >= self.cluster_end:
            self.in_cluster = False
            return
        hdr = self._next_header()
        if hdr is None:
            self.done = True
            return
        eid, size, pos = hdr
        if self.cluster_end is None and eid not in S.CLUSTER_CHILDREN and (eid in S.LEVEL1 or eid == S.SEGMENT):
            # an unknown-sized cluster ends at the next level-1 element
            self.in_cluster = False
            self.pending = hdr
            return
        if size == E.UNKNOWN:
            raise InvalidData("unknown-sized cluster child")
        if eid == S.CLUSTER_TIMESTAMP:
            if size > 8:
                raise InvalidData("bad timestamp")
            self.cluster_time = int.from_bytes(self._read(size), "big")
        elif eid == S.SIMPLE_BLOCK:
            if size > MAX_BIN:
                raise InvalidData("block too large")
            data_pos = src.tell()
            data = self._read(size)
            if data:
                self.queue.extend(C.parse_block(self, data, data_pos, self.cluster_time, 0, -1,
                                                self.cluster_pos, 0, None))
        elif eid == S.BLOCK_GROUP:
            if size > MAX_BIN:
                raise InvalidData("block group too large")
            data_pos = src.tell()
            buf = self._read(size)
            block, off, duration, key, discard, additional = C.parse_block_group(buf)
            if block:
                self.queue.extend(C.parse_block(self, block, data_pos + off, self.cluster_time,
                                                duration, key, self.cluster_pos, discard, additional))
        else:
            self._skip(size)

    def _read(self, size: int) -> bytes:
        data = self.source.read(size)
        if len(data) != size:
            self.log.error("File ended prematurely\n")
            raise EndOfFile()
        return data

    def _resync(self) -> bool:
        """Scan forward for the next Cluster ID (matroska_resync)."""
        src = self.source
        window = b""
        magic = S.CLUSTER.to_bytes(4, "big")
        while True:
            chunk = src.read(65536)
            if not chunk:
                return False
            window = window[-3:] + chunk
            i = window.find(magic)
            if i >= 0:
                back = len(window) - i
                src.seek(src.tell() - back)
                self.in_cluster = False
                self.pending = None
                return True


def _iso_time(us: int) -> str:
    import datetime
    try:
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=us)
    except OverflowError:
        return ""
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % t.microsecond
