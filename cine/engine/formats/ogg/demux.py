"""OggDemuxer (RFC 3533): page reading with resync and CRC check, packet assembly across pages,
header packets through the codec mappings, the reference's duration scan from the last pages
(seekable input only), and timestamps from granule positions (FFmpeg 5.1.9 oggdec.c).
"""
from __future__ import annotations

import errno

from ...errors import CineError, EndOfFile, InvalidData, LimitExceeded, Unsupported, strerror
from ...limits import MAX_STREAMS
from ...model import Packet, Rational, SideData, Stream
from ...codecs.missing import missing_feature
from ..base import Demuxer
from . import map_flac, map_opus, map_speex, map_theora, map_vorbis, map_vp8
from .page import FLAG_BOS, FLAG_CONT, MAX_PAGE_SIZE, crc
from .stream import NOGRANULE, OggStream

MAX_STREAM_BUFFER = 64 << 20
U64 = (1 << 64) - 1
INT64_MAX = (1 << 63) - 1

# oggdec.c ogg_codecs[] order (mappings cine does not implement are left out; their streams
# get "Codec not found" like unknown ones).
CODECS = (map_speex, map_vorbis, map_theora, map_flac, map_opus, map_vp8)


def find_codec(buf: bytes):
    for m in CODECS:
        if len(buf) >= len(m.MAGIC) and buf[:len(m.MAGIC)] == m.MAGIC:
            return m
    return None


class _Abort(Exception):
    """A negative return of the reference's page/packet functions, carrying the CineError."""

    def __init__(self, err: CineError):
        self.err = err


class OggDemuxer(Demuxer):
    # ------------------------------------------------------------------ page level
    def _init_state(self) -> None:
        self.os: list[OggStream] = []
        self.curidx = -1
        self.page_pos = -1
        self.headers = 0
        self.state = None
        self.data_offset = 0

    def _read(self, n: int) -> bytes:
        return self.source.read(n) if n > 0 else b""

    def _seek(self, pos: int) -> bool:
        try:
            self.source.seek(pos)
            return True
        except CineError:
            return False

    def _data_packets_seen(self) -> bool:
        return any(o.got_data for o in self.os)

    def _read_page(self, probing: bool) -> int:
        """ogg_read_page: the stream index of the page read, -1 for a rejected page;
        raises _Abort on errors/EOF."""
        src = self.source
        sync = bytearray(self._read(4))
        if len(sync) < 4:
            raise _Abort(EndOfFile())
        if sync != b"OggS":
            self._resync(sync)
        start_pos = src.tell()
        hdr = self._read(23)
        if len(hdr) < 23:
            raise _Abort(EndOfFile())
        version, flags = hdr[0], hdr[1]
        gp = int.from_bytes(hdr[2:10], "little")
        serial = int.from_bytes(hdr[10:14], "little")
        page_crc = int.from_bytes(hdr[18:22], "little")
        nsegs = hdr[22]
        page_pos = start_pos - 4
        segments = self._read(nsegs)
        if len(segments) < nsegs:
            raise _Abort(EndOfFile())
        size = sum(segments)
        body = self._read(size)
        if len(body) < size:
            raise _Abort(EndOfFile())
        # RFC 3533 section 6: the CRC covers the page with its CRC field zeroed
        check = crc(b"OggS" + hdr[:18] + b"\0\0\0\0" + hdr[22:] + segments + body)
        if page_crc != check:
            self.log.error("CRC mismatch!\n")
            self._seek(start_pos)
            return -1
        if version:
            self.log.error("Invalid Ogg vers!\n")
            self._seek(start_pos)
            return -1
        idx = next((k for k, o in enumerate(self.os) if o.serial == serial), -1)
        if idx < 0:
            try:
                if self._data_packets_seen():
                    idx = self._replace_stream(serial, body, probing)
                else:
                    idx = self._new_stream(serial)
            except CineError as exc:
                self.log.error("failed to create or replace stream\n")
                raise _Abort(exc) from None
        os = self.os[idx]
        if os.bufpos + size > MAX_STREAM_BUFFER:
            raise _Abort(LimitExceeded("ogg packet buffer"))
        del os.buf[os.bufpos:]
        os.buf += body
        self.page_pos = page_pos
        os.page_pos = page_pos
        os.nsegs = nsegs
        os.segp = 0
        os.got_data = 0 if flags & FLAG_BOS else 1
        os.bufpos += size
        os.granule = gp if gp != U64 else -1
        if os.granule > INT64_MAX:
            os.granule -= 1 << 64
        os.flags = flags
        os.segments = bytes(segments)
        if flags & FLAG_CONT or os.incomplete:
            if not os.psize:
                while os.segp < os.nsegs:
                    seg = os.segments[os.segp]
                    os.segp += 1
                    os.pstart += seg
                    if seg < 255:
                        break
                os.sync_pos = os.page_pos
        else:
            os.psize = 0
            os.sync_pos = os.page_pos
        return idx

    def _resync(self, sync: bytearray) -> None:
        """Find the capture pattern the way the reference does, byte by byte from the 4 bytes
        read (or, after a rejected page, from just past its "OggS"): a pattern completed by
        the MAX_PAGE_SIZE-th byte or later is not taken, and the reference stops after
        MAX_PAGE_SIZE + 1 bytes (end of file when they do not exist). Searched in one read
        here, the source left after the pattern."""
        src = self.source
        if src.seekable and self.page_pos > 0:
            sync = bytearray(4)
            self._seek(self.page_pos + 4)
            self.page_pos = -1
        start = src.tell()
        chunk = self._read(MAX_PAGE_SIZE + 1)
        # after k bytes read (1 <= k < MAX_PAGE_SIZE) the 4-byte window is data[k:k + 4]
        k = (bytes(sync) + chunk).find(b"OggS", 1, MAX_PAGE_SIZE - 1 + 4)
        if k > 0:
            self._seek(start + k)
            return
        if len(chunk) <= MAX_PAGE_SIZE:
            raise _Abort(EndOfFile())
        self.log.info("cannot find sync word\n")
        raise _Abort(InvalidData("no sync"))

    def _new_stream(self, serial: int) -> int:
        if self.state is not None:
            self.log.error("New streams are not supposed to be added in between Ogg context"
                           " save/restore operations.\n")
            raise CineError("bug", code=-0x21475542)   # AVERROR_BUG ('BUG!')
        if len(self.ctx.streams) >= MAX_STREAMS:
            # FFmpeg 5.1.9: avformat_new_stream refuses the 1001st stream
            self.log.error("Number of streams exceeds max_streams parameter (%d), see the "
                           "documentation if you wish to increase it\n" % MAX_STREAMS)
            raise CineError("too many streams", code=-errno.ENOMEM)
        idx = len(self.os)
        self.os.append(OggStream(serial))
        st = Stream(index=idx, id=idx, time_base=Rational(1, 1000000))
        self.ctx.streams.append(st)
        return idx

    def _replace_stream(self, serial: int, body: bytes, probing: bool) -> int:
        if len(self.os) != 1:
            for line in missing_feature("Changing stream parameters in multistream ogg"):
                self.log.warning(line)
            raise Unsupported("multistream chain")
        codec = find_codec(body)
        if codec is None and not probing:
            self.log.error("Cannot identify new stream\n")
            raise InvalidData("unknown chained stream")
        os = self.os[0]
        if os.codec is not codec:
            raise CineError("codec change", code=-22)      # AVERROR(EINVAL)
        os.serial = serial
        os.lastpts = 0
        os.lastdts = 0
        os.start_trimming = 0
        os.end_trimming = 0
        if codec is map_opus:
            os.header = -1
        return 0

    # ------------------------------------------------------------------ packet level
    def _packet(self) -> tuple[int, bytes, int] | None:
        """ogg_packet: (idx, data, fpos) for a data packet, None for a header or a
        packet of a stream without codec; raises _Abort."""
        while True:
            idx = self.curidx
            while idx < 0:
                idx = self._read_page(False)
            os = self.os[idx]
            if os.codec is None:
                if os.header < 0:
                    os.codec = find_codec(bytes(os.buf[:os.bufpos]))
                    if os.codec is None:
                        self.log.warning("Codec not found\n")
                        os.header = 0
                        return None
                else:
                    return None
            segp, psize = os.segp, os.psize
            complete = False
            while os.segp < os.nsegs:
                ss = os.segments[os.segp]
                os.segp += 1
                os.psize += ss
                if ss < 255:
                    complete = True
                    break
            if not complete and os.segp == os.nsegs:
                self.curidx = -1
                os.incomplete = 1 if os.psize else 0
            if complete:
                break
        if os.granule == -1:
            self.log.warning("Page at %d is missing granule\n" % os.page_pos)
        self.curidx = idx
        os.incomplete = 0
        result = None
        if os.header:
            try:
                ret = os.codec.header(self, idx)
            except CineError as exc:
                self.log.error("Header processing failed: %s\n" % strerror(exc.code))
                raise _Abort(exc) from None
            os.header = ret
            if not os.header:
                os.segp, os.psize = segp, psize
                self.headers = 1
                if not self.data_offset:
                    self.data_offset = os.sync_pos
                for cur in self.os:
                    if cur.incomplete:
                        self.data_offset = min(self.data_offset, cur.sync_pos)
            else:
                os.nb_header += 1
                os.pstart += os.psize
                os.psize = 0
        else:
            os.pflags = 0
            os.pduration = 0
            packet_fn = getattr(os.codec, "packet", None)
            if packet_fn is not None:
                try:
                    packet_fn(self, idx)
                except CineError as exc:
                    self.log.error("Packet processing failed: %s\n" % strerror(exc.code))
                    raise _Abort(exc) from None
            result = (idx, bytes(os.buf[os.pstart:os.pstart + os.psize]), os.sync_pos)
            os.pstart += os.psize
            os.psize = 0
            if os.pstart == os.bufpos:
                os.bufpos = os.pstart = 0
                del os.buf[:]
            os.sync_pos = os.page_pos
        os.page_end = 1
        for k in range(os.segp, os.nsegs):
            if os.segments[k] < 255:
                os.page_end = 0
                break
        if os.segp == os.nsegs:
            self.curidx = -1
        return result

    def gptopts(self, idx: int, gp: int, want_dts: bool = False):
        """ogg_gptopts: (pts, dts) of a granule position."""
        os = self.os[idx]
        fn = getattr(os.codec, "gptopts", None) if os.codec is not None else None
        if fn is not None:
            pts, dts = fn(self, idx, gp)
        else:
            pts = dts = gp
        if pts is not None and pts > INT64_MAX:
            # FFmpeg 5.1.9: 1 << 63 is AV_NOPTS_VALUE itself, taken without a message
            if pts != 1 << 63:
                self.log.error("invalid pts %d\n" % (pts - (1 << 64)))
            pts = None
        return pts, dts

    def _calc_pts(self, idx: int):
        os = self.os[idx]
        pts = dts = None
        if os.lastpts is not None:
            pts = os.lastpts
            os.lastpts = None
        if os.lastdts is not None:
            dts = os.lastdts
            os.lastdts = None
        if os.page_end and os.granule != -1:
            gp = os.granule & U64
            if getattr(os.codec, "GRANULE_IS_START", False):
                pts, dts = self.gptopts(idx, gp, True)
            else:
                os.lastpts, os.lastdts = self.gptopts(idx, gp, True)
            os.granule = -1
        return pts, dts

    # ------------------------------------------------------------------ save / restore
    def _save(self) -> None:
        self.state = (self.source.tell(), self.curidx, [o.snapshot() for o in self.os], self.state)
        for o in self.os:
            o.new_metadata = None

    def _restore(self) -> None:
        pos, curidx, streams, prev = self.state
        self.state = prev
        self.os = streams
        self._seek(pos)
        self.page_pos = -1
        self.curidx = curidx

    def _reset(self) -> None:
        start_pos = self.source.tell()
        for os in self.os:
            os.bufpos = os.pstart = os.psize = 0
            del os.buf[:]
            os.granule = -1
            os.lastpts = os.lastdts = None
            os.sync_pos = -1
            os.page_pos = 0
            os.nsegs = os.segp = 0
            os.incomplete = 0
            os.got_data = 0
            if start_pos <= self.data_offset:
                os.lastpts = 0
            os.start_trimming = os.end_trimming = 0
            os.new_metadata = None
        self.page_pos = -1
        self.curidx = -1

    # ------------------------------------------------------------------ header
    def read_header(self) -> None:
        self._init_state()
        self.curidx = -1
        try:
            while not self.headers:
                self._packet()
        except _Abort as ab:
            raise ab.err from None
        streams = self.ctx.streams
        for i, os in enumerate(self.os):
            if os.header < 0:
                self.log.error("Header parsing failed for stream %d\n" % i)
                os.codec = None
                os.private = None
            elif os.codec is not None and os.nb_header < os.codec.NB_HEADER:
                self.log.warning("Headers mismatch for stream %d: expected %d received %d.\n"
                                 % (i, os.codec.NB_HEADER, os.nb_header))
            if os.start_granule != NOGRANULE:
                os.lastpts = streams[i].start_time = self.gptopts(i, os.start_granule)[0]
        self.ctx.data_offset = self.data_offset
        self._get_length()

    def _get_length(self) -> None:
        src = self.source
        if not src.seekable:
            return
        from ...io.sizecall import avio_size
        size = avio_size(src)
        if size is None:
            return
        streams = self.ctx.streams
        end = size - MAX_PAGE_SIZE if size > MAX_PAGE_SIZE else 0
        self._save()
        self._seek(end)
        self.page_pos = -1
        streams_left = 0
        while True:
            try:
                i = self._read_page(True)
            except _Abort:
                break
            if i >= 0:
                os = self.os[i]
                if os.granule not in (-1, 0) and os.codec is not None:
                    st = streams[i]
                    st.duration = self.gptopts(i, os.granule & U64)[0]
                    if st.start_time is not None:
                        if st.duration is not None:
                            st.duration -= st.start_time
                        if os.got_start == -1:
                            streams_left -= 1
                        os.got_start = 1
                    elif not os.got_start:
                        os.got_start = -1
                        streams_left += 1
        self._restore()
        self._save()
        self._seek(self.data_offset)
        self._reset()
        while streams_left > 0:
            try:
                r = self._packet()
            except _Abort:
                break
            if r is None:
                continue
            i = r[0]
            pts, _ = self._calc_pts(i)
            st = streams[i]
            os = self.os[i]
            if st.duration is None:
                continue
            if pts is not None and st.start_time is None and not os.got_start:
                st.duration -= pts
                os.got_start = 1
                streams_left -= 1
            elif st.start_time is not None and not os.got_start:
                os.got_start = 1
                streams_left -= 1
        self._restore()

    # ------------------------------------------------------------------ packets
    def read_packet(self) -> Packet | None:
        queued = getattr(self, "queued_packets", None)
        if queued:
            return queued.pop(0)
        while True:
            try:
                r = self._packet()
            except _Abort as ab:
                if isinstance(ab.err, EndOfFile):
                    return None
                raise ab.err from None
            if r is None or r[0] < 0 or r[0] >= len(self.ctx.streams):
                continue
            idx, data, fpos = r
            os = self.os[idx]
            pts, dts = self._calc_pts(idx)
            self._validate_keyframe(idx, data)
            if os.keyframe_seek and not (os.pflags & 1):
                continue
            os.keyframe_seek = 0
            # FFmpeg 5.1.9: the stream's packet duration is an unsigned int
            pkt = Packet(stream_index=idx, data=data, pts=pts, dts=dts,
                         duration=os.pduration & 0xFFFFFFFF, pos=fpos, flags=os.pflags)
            if os.start_trimming or os.end_trimming:
                data = (os.start_trimming.to_bytes(4, "little") + os.end_trimming.to_bytes(4, "little")
                        + b"\0\0")
                pkt.side_data.append(SideData("Skip Samples", [
                    ("skip_samples", os.start_trimming), ("discard_padding", os.end_trimming),
                    ("skip_reason", 0), ("discard_reason", 0)], data))
                os.start_trimming = os.end_trimming = 0
            if os.new_metadata is not None:
                pkt.side_data.append(SideData("Metadata Update", [], os.new_metadata))
                os.new_metadata = None
            return pkt

    # ------------------------------------------------------------------ seeking
    # AVFMT_GENERIC_INDEX | AVFMT_NOBINSEARCH: ogg_read_seek runs the binary search itself
    # (engine/seek.py hands it in as seek_binary); the generic index is the fallback
    generic_index = True
    nobinsearch = True

    def reposition(self, pos: int) -> bool:
        """avio_seek then ogg_reset: pages are read afresh from pos."""
        self.queued_packets = []
        if not self._seek(pos):
            return False
        self._reset()
        return True

    def read_seek(self, stream_index: int, timestamp: int, flags: int) -> int:
        """ogg_read_seek: ff_seek_frame_binary over read_timestamp, a video stream asking
        for a key frame first."""
        if stream_index >= len(self.os):
            return -22
        self._reset()
        binary = getattr(self, "seek_binary", None)
        if binary is None:
            return -1
        os = self.os[stream_index]
        if self.ctx.streams[stream_index].codecpar.codec_type == "video" and not flags & 4:
            os.keyframe_seek = 1
        ret = binary(stream_index, timestamp, flags)
        self._reset()
        if ret < 0:
            self.os[stream_index].keyframe_seek = 0
        return ret

    def read_timestamp(self, stream_index: int, pos: int, pos_limit: int):
        """ogg_read_timestamp: (pts, position) of the first packet of the stream from pos
        with a timestamp (a key frame's position while a key frame is sought)."""
        self._seek(pos)
        self._reset()
        pts = None
        keypos = -1
        while self.source.tell() <= pos_limit:
            try:
                r = self._packet()
            except _Abort:
                break
            if r is None:
                continue
            i, data, fpos = r
            pos = fpos
            if i == stream_index:
                os = self.os[i]
                pts, _ = self._calc_pts(i)
                self._validate_keyframe(i, data)
                if os.pflags & 1:
                    keypos = pos
                elif os.keyframe_seek:
                    if keypos >= 0:
                        pos = keypos
                    else:
                        pts = None
            if pts is not None:
                break
        self._reset()
        return pts, pos

    def _validate_keyframe(self, idx: int, data: bytes) -> None:
        os = self.os[idx]
        if not data:
            return
        name = self.ctx.streams[idx].codecpar.codec_name
        b = data[0]
        invalid = False
        if name == "theora":
            invalid = bool(os.pflags & 1) != (not (b & 0x40))
        elif name == "vp8":
            invalid = bool(os.pflags & 1) != (not (b & 1))
        if invalid:
            os.pflags ^= 1
            self.log.warning("Broken file, %skeyframe not correctly marked.\n"
                             % ("" if os.pflags & 1 else "non-"))
