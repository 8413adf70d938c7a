"""MatroskaDemuxer (matroska,webm): EBML header checks, the Segment's level-1 elements up to
the first Cluster, SeekHead following on seekable inputs, then the cluster loop with known
and unknown sizes (RFC 9559 sections 4-7; behaviour of FFmpeg 5.1.9's matroskadec)."""
from __future__ import annotations

from ...errors import AVERROR_EOF, AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError, InvalidData
from ...model import PKT_FLAG_KEY, Packet
from ..base import Demuxer
from . import cluster as C
from . import parser as P
from . import schema as S
from . import syntax as Y
from . import tags as T
from .tracks import build_stream, track_from_rec

DOCTYPES = ("matroska", "webm")


class MatroskaDemuxer(Demuxer):
    def read_header(self) -> None:
        self.queue = []
        self.pics = []
        io = self.io = P.AVIO(self.source)
        p = self.parser = P.EbmlParser(io, self.log)
        self._read_ebml_header()
        rec = Y.new_record(Y.SEGMENT)
        pos = io.pos
        res = p.parse(Y.SEGMENTS, rec)
        # FFmpeg 5.1.9: until a Cluster is reached, every failure resyncs to the next level-1 ID
        while res != 1:
            res = p.resync(pos)
            if res < 0:
                raise CineError(code=res)
            pos = io.pos
            res = p.parse(Y.SEGMENT, rec)
            if res == P.EIO:
                raise CineError(code=res)
        if p.current_id == S.CLUSTER:
            # FFmpeg 5.1.9: the payload starts at the first Cluster (bit-rate duration estimates)
            self.ctx.data_offset = io.pos - 4
        p.execute_seekhead(rec)
        self.time_scale = rec.time_scale or 1000000
        self.duration = rec.duration
        if self.duration != self.duration:     # NaN
            self.duration = 0.0
        self.title = rec.title
        self.muxingapp = rec.muxingapp
        self.tracks = [track_from_rec(r) for r in rec.tracks]
        self.tag_groups = [T.group_from_rec(r) for r in rec.tag_groups]
        self.chapters = [T.chapter_from_rec(r) for r in rec.chapters]
        self.attachments = [T.attachment_from_rec(r) for r in rec.attachments]
        ctx = self.ctx
        if self.duration:
            ctx.duration = _d2i64(self.duration * self.time_scale * 1000 / 1000000)
        if self.title is not None:
            ctx.tags.set("title", self.title)
        if self.muxingapp is not None:
            ctx.tags.set("encoder", self.muxingapp)
        if rec.date_utc is not None and len(rec.date_utc) == 8:
            v = int.from_bytes(rec.date_utc, "big", signed=True)
            ctx.tags.set("creation_time", _iso_time(v // 1000 + 978307200000000))
        self._make_streams()
        self.seek_rec = rec
        self._add_index_entries(rec)
        T.make_attachment_streams(self.attachments, ctx, self.log)
        T.make_chapters(self.chapters, ctx)
        T.convert_all(self.tag_groups, ctx, self.tracks, self.chapters, self.attachments, self.log)
        self.pics = [st for st in ctx.streams if "attached_pic" in st.disposition]
        self.cluster = Y.new_record(Y.CLUSTER_PARSING)
        self.cluster.pos = 0

    # ------------------------------------------------------------------ header
    def _read_ebml_header(self) -> None:
        ebml = Y.new_record(Y.EBML_TOP)
        if self.parser.parse(Y.EBML_TOP, ebml) or ebml.doctype is None:
            self.log.error("EBML header parsing failed\n")
            raise InvalidData("EBML header parsing failed")
        version, max_size = ebml.version, ebml.max_size
        id_len, doctype, dt_version = ebml.id_length, ebml.doctype, ebml.doctype_version
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

    # ------------------------------------------------------------------ seeking
    def _add_index_entries(self, rec) -> None:
        """matroska_add_index_entries: every CuePoint's track positions enter the index."""
        index = getattr(rec, "index", None) or []
        if len(index) < 2:
            return
        if index[1].time > 1e14 / self.time_scale:
            self.log.warning("Dropping apparently-broken index.\n")
            return
        for cp in index:
            for tp in cp.pos:
                track = self.tracks_by_num.get(tp.track)
                if track is not None and track.stream is not None:
                    self._index().add_entry(track.stream.index, cp.time,
                                            tp.pos + self.parser.segment_start)

    def _index(self):
        idx = self.__dict__.get("seek_index")
        if idx is None:
            from ...seek import GenericIndex
            idx = self.seek_index = GenericIndex()
        return idx

    def block_seen(self, st, track, cluster_pos: int, timecode, is_keyframe: int) -> bool:
        """matroska_parse_block's index entry for a key block, and after a seek the skipping
        of blocks before the target (True: drop this block)."""
        if timecode is not None and is_keyframe:
            self._index().add_entry(st.index, timecode, cluster_pos, True)
        if getattr(self, "skip_to_keyframe", 0) and track.type != S.TRACK_TYPE_SUBTITLE:
            tc = timecode if timecode is not None else -(1 << 63)
            if tc < self.skip_to_timecode:
                return True
            if is_keyframe:
                self.skip_to_keyframe = 0
            elif st.index not in self.skip_stream_key:
                self.log.error("File is broken, keyframes not correctly marked!\n")
                self.skip_to_keyframe = 0
        return False

    def read_seek(self, stream_index: int, timestamp: int, flags: int) -> int:
        """matroska_read_seek: the deferred Cues are read now; the index entry at or before
        the target (clusters are parsed on when it lies past the last one); blocks before
        its time are skipped."""
        p = self.parser
        if p.cues_deferred > 0:
            p.cues_deferred = 0
            for elem in p.level1:
                if elem.id == S.CUES and not elem.parsed:
                    cues = Y.new_record(Y.SEGMENT)
                    if p.parse_seekhead_entry(elem.pos, cues) < 0:
                        p.cues_deferred = -1
                    elem.parsed = True
                    self._add_index_entries(cues)
                    break
        index = self._index()
        entries = index.ts.get(stream_index, [])
        if not entries:
            return self._seek_failed()
        timestamp = max(timestamp, entries[0])
        i = index.search(stream_index, timestamp, flags)
        if i < 0 or i == len(entries) - 1:
            p.reset_status(0, index.pos[stream_index][-1])
            while True:
                entries = index.ts.get(stream_index, [])
                i = index.search(stream_index, timestamp, flags)
                if i >= 0 and i != len(entries) - 1:
                    break
                self.queue = []
                if self._parse_cluster() < 0:
                    break
        self.queue = []
        entries = index.ts.get(stream_index, [])
        if i < 0 or (p.cues_deferred < 0 and i == len(entries) - 1):
            return self._seek_failed()
        for t in self.tracks:
            t.end_timecode = 0
        ts = entries[i]
        p.reset_status(0, index.pos[stream_index][i])
        self.skip_stream_key = set() if flags & 4 else {stream_index}
        self.skip_to_timecode = timestamp if flags & 4 else ts
        self.skip_to_keyframe = 1
        p.done = False
        from ...timebase import rescale_q
        tb = self.ctx.streams[stream_index].time_base
        self.seek_cur_dts = {st.index: rescale_q(ts, tb, st.time_base) for st in self.ctx.streams}
        return 0

    def _seek_failed(self) -> int:
        self.parser.reset_status(0, -1)
        self.parser.resync_pos = -1
        self.queue = []
        self.skip_stream_key = set()
        self.skip_to_keyframe = 0
        self.parser.done = False
        return -1

    # ------------------------------------------------------------------ packets
    def read_packet(self) -> Packet | None:
        for st in self.pics:
            pic = st.priv
            if not pic.sent:
                pic.sent = True
                # FFmpeg 5.1.9 (ff_add_attached_pic from a buffer): the packet has no position
                return Packet(stream_index=st.index, data=pic.data, pts=None, dts=None,
                              pos=-1, flags=PKT_FLAG_KEY)
        p = self.parser
        while True:
            while not self.queue:
                if p.done:
                    return None
                if self._parse_cluster() < 0 and not p.done:
                    p.resync(p.resync_pos)
            pkt = self.queue.pop(0)
            keyed = self.__dict__.get("skip_stream_key")
            if keyed and pkt.stream_index in keyed:
                # FFmpeg 5.1.9 (read_frame_internal): after a seek the stream's packets are
                # dropped until its first key frame (a loop: there may be any number)
                if not pkt.flags & PKT_FLAG_KEY:
                    continue
                keyed.discard(pkt.stream_index)
            return pkt

    def _parse_cluster(self) -> int:
        """One step of the cluster loop (matroska_parse_cluster): enter a Cluster or read
        one of its children, turning a (Simple)Block into packets."""
        p = self.parser
        c = self.cluster
        res = 0
        if p.num_levels == 1:
            res = p.parse(Y.SEGMENT, None)
            if res == 1:
                c.pos = self.io.pos - 4
                res = p.parse(Y.CLUSTER_ENTER, c)
                if res < 0:
                    return res
        if p.num_levels == 2:
            res = p.parse(Y.CLUSTER_PARSING, c)
            if res >= 0 and c.bin:
                key = (PKT_FLAG_KEY if c.reference_count == 0 else 0) if c.non_simple else -1
                ctime = None if c.timecode == P.MASK64 else c.timecode
                try:
                    self.queue.extend(C.parse_block(self, c.bin, c.bin_pos, ctime, c.duration, key,
                                                    c.pos, c.discard_padding,
                                                    _additional(c)))
                except InvalidData:
                    res = AVERROR_INVALIDDATA
                except CineError as exc:
                    res = exc.code
            Y.new_record(Y.BLOCKGROUP, c)
            c.bin = None
        elif not p.num_levels:
            io = self.io
            if not io.eof:
                io.r8()
                if not io.eof:
                    self.log.warning("File extends beyond end of segment.\n")
                    return AVERROR_INVALIDDATA
            p.done = True
            return AVERROR_EOF
        return res


def _additional(c) -> bytes | None:
    """AV_PKT_DATA_MATROSKA_BLOCKADDITIONAL: the BlockAddID (8 bytes, big-endian) and the
    BlockAdditional payload."""
    if not c.additional:
        return None
    add_id = getattr(c, "additional_id", None)
    return ((1 if add_id is None else add_id) & ((1 << 64) - 1)).to_bytes(8, "big") + bytes(c.additional)


def _d2i64(v: float) -> int | None:
    """A double converted to int64 the way x86 does it: out of range gives INT64_MIN
    (AV_NOPTS_VALUE, printed as N/A)."""
    if v != v or not -9.223372036854775808e18 <= v < 9.223372036854775808e18:
        return None
    return int(v)


def _iso_time(us: int) -> str:
    import datetime
    try:
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(microseconds=us)
    except OverflowError:
        return ""
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % t.microsecond
