"""Mp4Demuxer (mov,mp4,m4a,3gp,3g2,mj2): top-level box loop over the source (mdat skipped,
header boxes read into memory after their size is checked), the header's final pass, and
packets in the reference's interleaving order (ISO/IEC 14496-12 clause 4.2, 8.1.1).
"""
from __future__ import annotations

from ...errors import CineError, EndOfFile, InvalidData, LimitExceeded
from ...io.sizecall import avio_size
from ...limits import MAX_HEADER_BOX
from ...model import PKT_FLAG_CORRUPT, PKT_FLAG_DISCARD, PKT_FLAG_KEY, Packet, Rational
from ...timebase import rescale
from ..base import Demuxer
from . import parse
from .boxes import INT64_MAX, Bio, FileTail, fourcc_str, s64, tag
from .context import TAG_TMCD, MovState

T_MDAT = tag("mdat")
T_MOOV = tag("moov")
T_FREE = tag("free")
T_HOOV = tag("hoov")
T_MVHD = tag("mvhd")
T_CMOV = tag("cmov")
T_WIDE = tag("wide")
AV_PKT_FLAG_DISPOSABLE = 0x0010
AVIO_SEEKABLE_BUFFER = 32768
_TS_FAST = 1 << 40          # below this, ts * 1000000 stays inside int64 (rescale's fast path)


class Mp4Demuxer(Demuxer):
    def read_header(self) -> None:
        c = MovState(self.ctx, self.source, self.log)
        c.read_default = parse.read_default
        self.c = c
        src = self.source
        size = avio_size(src) if src.seekable else None
        if size is not None:
            c.file_size = size      # (a protocol that learns its size when asked: cache:)
        size = INT64_MAX if size is None else size
        while True:
            if c.moov_retry:
                src.seek(0)
            try:
                self._read_root(size)
            except CineError:
                self.log.error("error reading header\n")
                raise
            if src.seekable and not c.found_moov and not c.moov_retry:
                c.moov_retry += 1
                continue
            break
        if not c.found_moov:
            self.log.error("moov atom not found\n")
            raise InvalidData("moov atom not found")
        self._finish_header()

    # ------------------------------------------------------------------ root level
    def _read_root(self, size: int) -> None:
        c = self.c
        src = self.source
        seekable = src.seekable
        total = 0
        while total <= size - 8:
            start_hdr = src.tell()
            hdr = src.read(8)
            if len(hdr) < 8:
                break
            a_size = int.from_bytes(hdr[:4], "big")
            a_type = int.from_bytes(hdr[4:], "little")
            if ((a_type == T_FREE and c.moov_retry) or a_type == T_HOOV) and a_size >= 8:
                peek = src.read(8)
                src.seek(start_hdr + 8)
                if len(peek) < 8:
                    break
                if int.from_bytes(peek[4:], "little") in (T_MVHD, T_CMOV):
                    self.log.error("Detected moov in a free or hoov atom.\n")
                    a_type = T_MOOV
            total += 8
            if a_size == 1 and total + 8 <= size:
                ext = src.read(8)
                if len(ext) < 8:
                    break
                a_size = s64(int.from_bytes(ext, "big")) - 8
                total += 8
            if a_size == 0:
                a_size = size - total + 8
            if a_size < 0:
                break
            a_size -= 8
            if a_size < 0:
                break
            a_size = min(a_size, size - total)
            start = src.tell()
            handler = parse.PARSERS.get(a_type)
            if handler is None:
                if seekable:
                    src.seek(start + a_size)    # _skip's seekable case, without its calls
                else:
                    self._skip(start, a_size)
            else:
                if a_type == T_MDAT:
                    parse.moov.read_mdat(c, None, a_type, a_size)
                    # FFmpeg 5.1.9: the end-of-header check comes before the skip, so a pipe
                    # with the moov already read stays at the start of the media data
                    if not (c.found_moov and c.found_mdat and not src.seekable):
                        self._skip(start, a_size)
                elif a_type == T_FREE and a_size < 8 and seekable:
                    src.seek(start + a_size)        # read_free reads nothing from so small a box
                else:
                    pb = self._load(start, a_size, a_type)
                    handler(c, pb, a_type, a_size)
                    self._skip(start, a_size)
                if c.found_moov and c.found_mdat and (
                        not src.seekable or c.frag_complete or start + a_size == avio_size(src)):
                    if not src.seekable or c.frag_complete:
                        c.next_root_atom = start + a_size
                    return
            total += a_size
            if a_size == 0 and src.tell() == start and not src.seekable and self._at_eof():
                break

    def _at_eof(self) -> bool:
        return False

    def _load(self, start: int, a_size: int, a_type: int) -> Bio:
        src = self.source
        want = a_size
        if a_type == T_FREE:
            want = min(a_size, 16)
        if src.size is not None and src.seekable:
            want = min(want, max(0, src.size - start))
        if want > MAX_HEADER_BOX and src.seekable:
            raise LimitExceeded("box '%s' of %d bytes" % (fourcc_str(a_type), want))
        # a stream's size is unknown: the box holds what the stream has (FFmpeg 5.1.9 reads
        # its children until the end of the data), read in pieces, within the limit
        read = getattr(src, "read_through", src.read)     # (a pipe: through its buffer)
        data = read(min(want, MAX_HEADER_BOX + 1))
        if len(data) > MAX_HEADER_BOX:
            raise LimitExceeded("box '%s' of %d bytes" % (fourcc_str(a_type), want))
        # reads running past the box go on into the file, as the reference's do
        tail = FileTail(src, start + len(data), src.size) if src.seekable and src.size is not None \
            else None
        return Bio(data, start, tail)

    def _skip(self, start: int, a_size: int) -> None:
        target = start + a_size
        src = self.source
        if src.tell() != target:
            if src.seekable:
                src.seek(target)
            elif target > src.tell():
                src.seek(target)

    # ------------------------------------------------------------------ final pass
    def _finish_header(self) -> None:
        c = self.c
        ctx = self.ctx
        from . import meta
        if self.source.seekable:
            if c.chapter_tracks:
                meta.read_chapter_tracks(c)
            for st in ctx.streams:
                if st.codecpar.codec_tag == TAG_TMCD:
                    meta.read_timecode_track(c, st)
        for i, st in enumerate(ctx.streams):
            sc = st.priv
            if sc.timecode_track > 0:
                tmcd = -1
                for j, s2 in enumerate(ctx.streams):
                    if s2.id == sc.timecode_track:
                        tmcd = j
                if tmcd < 0 or tmcd == i:
                    continue
                tc = ctx.streams[tmcd].tags.get("timecode")
                if tc is not None:
                    st.tags.set("timecode", tc)
        for i, st in enumerate(ctx.streams):
            if st.codecpar.codec_tag == TAG_TMCD:
                referenced = any(s.codecpar.codec_type == "video" and s.priv.timecode_track == i + 1
                                 for s in ctx.streams)
                if not referenced:
                    tc = st.tags.get("timecode")
                    if tc is not None:
                        ctx.tags.set("timecode", tc)
                        break
        from .index import fix_timescale
        for st in ctx.streams:
            sc = st.priv
            if getattr(sc, "is_cover", False):
                # FFmpeg 5.1.9: the cover's zeroed stream context reports itself as stream 0
                sc.ffindex = 0
                fix_timescale(c, sc)
                continue
            fix_timescale(c, sc)
            par = st.codecpar
            if par.codec_type == "audio" and par.codec_name == "aac":
                sc.skip_samples = sc.start_pad
            if par.codec_type == "audio":
                # what the decoder context knows before find_stream_info decodes a packet
                sc.header_frame_size = par.frame_size
            if par.codec_type == "video" and sc.nb_frames_for_fps > 0 and sc.duration_for_fps > 0:
                from ...timebase import reduce
                st.avg_frame_rate = reduce(sc.time_scale * sc.nb_frames_for_fps, sc.duration_for_fps, 0x7FFFFFFF)
            if par.codec_type == "subtitle" and (par.width <= 0 or par.height <= 0):
                par.width = sc.width
                par.height = sc.height
        if c.trex:
            for st in ctx.streams:
                sc = st.priv
                if st.duration is not None and st.duration > 0:
                    st.codecpar.bit_rate = rescale(sc.data_size, sc.time_scale * 8, st.duration)
        for i, br in enumerate(c.bitrates[:len(ctx.streams)]):
            if br:
                ctx.streams[i].codecpar.bit_rate = br
        from ...streaminfo import rfps_header_pass
        rfps_header_pass(ctx)
        for st in ctx.streams:
            sc = st.priv
            if sc.sar is not None:
                st.sample_aspect_ratio = Rational(*sc.sar)
            if st.codecpar.codec_type == "video":
                # the frame rate find_stream_info's packets are timed with: it sets
                # r_frame_rate only after its reading (a fragmented track has none before);
                # the H.264 parser's, once it has parsed a slice, comes first
                sc.header_r_frame_rate = st.r_frame_rate
                sc.buffered_parser_rate = True
                if sc.display_matrix:
                    from .moov import display_matrix_side_data
                    st.side_data.append(display_matrix_side_data(sc.display_matrix))
                for sd in (sc.stereo3d, sc.spherical, sc.mastering, sc.coll):
                    if sd is not None:
                        st.side_data.append(sd)
        for item in c.frag_items:
            if item.moof_offset <= c.fragment.moof_offset:
                item.headers_read = True

    # ------------------------------------------------------------------ packets
    def _candidates(self) -> list:
        """(stream, its MOVStreamContext) of every stream with samples to read, in order."""
        streams = self.ctx.streams
        cands = getattr(self, "_cands", None)
        if cands is None or self._cands_n != len(streams):
            cands = self._cands = [(st, st.priv) for st in streams
                                   if not getattr(st.priv, "is_cover", False) and st.priv.has_pb]
            self._cands_n = len(streams)
        return cands

    def _next_sample(self):
        """mov_find_next_sample: the stream whose current sample comes next."""
        cands = self._candidates()
        if len(cands) == 1:
            # (a single track: its sample is next while it has one)
            st, sc = cands[0]
            return st if sc.current_sample < len(sc.ie_pos) else None
        best = None
        best_dts = INT64_MAX
        best_pos = 0
        seekable = self.source.seekable
        for st, sc in cands:
            cur = sc.current_sample
            pcol = sc.ie_pos
            if cur >= len(pcol):
                continue
            pos = pcol[cur]
            ts = sc.ie_ts[cur]
            tsc = sc.time_scale
            if ts >= 0 and tsc > 0 and ts < _TS_FAST:
                dts = (ts * 1000000 + (tsc >> 1)) // tsc
            else:
                dts = rescale(ts, 1000000, tsc)
            if best is None:
                best, best_dts, best_pos = st, dts, pos
                continue
            diff = abs(best_dts - dts)
            if ((not seekable and pos < best_pos)
                    or (seekable and ((diff <= 1000000 and pos < best_pos) or (diff > 1000000 and dts < best_dts)))):
                best, best_dts, best_pos = st, dts, pos
        return best

    def _skip_discarded(self, st, sc):
        """Consume the chosen sample of a discarded stream (sc.current_sample, bytes never
        read), and every later one of that stream that mov_find_next_sample would choose next
        too: the other streams' current samples stay put meanwhile, so the choice is replayed
        against them without rebuilding it. Returns the stream chosen next (None: ask
        _next_sample)."""
        cands = self._candidates()
        seekable = self.source.seekable
        k = 0
        while cands[k][0] is not st:
            k += 1
        others = []              # (pos, dts, stream) of every other one with a current sample
        before = 0               # how many of them come before this stream in the order
        for j, (st2, sc2) in enumerate(cands):
            if j == k:
                continue
            cur2 = sc2.current_sample
            if cur2 >= len(sc2.ie_pos):
                continue
            others.append((sc2.ie_pos[cur2], rescale(sc2.ie_ts[cur2], 1000000, sc2.time_scale), st2))
            if j < k:
                before += 1
        pcol, tcol = sc.ie_pos, sc.ie_ts
        tsc = sc.time_scale
        n = len(pcol)
        start = cur = sc.current_sample
        cur += 1                                    # the sample already chosen
        winner = None
        while cur < n:
            pos = pcol[cur]
            ts = tcol[cur]
            if ts >= 0 and tsc > 0 and ts < _TS_FAST:
                dts = (ts * 1000000 + (tsc >> 1)) // tsc
            else:
                dts = rescale(ts, 1000000, tsc)
            # replay the selection over the streams in order with this candidate in slot k
            best_st = None
            have = False
            best_dts = INT64_MAX
            best_pos = 0
            for j in range(len(others) + 1):
                if j == before:
                    p, d, s2 = pos, dts, st
                else:
                    p, d, s2 = others[j if j < before else j - 1]
                if not have:
                    wins = True
                else:
                    diff = abs(best_dts - d)
                    wins = ((not seekable and p < best_pos)
                            or (seekable and ((diff <= 1000000 and p < best_pos)
                                              or (diff > 1000000 and d < best_dts))))
                if wins:
                    have = True
                    best_dts, best_pos, best_st = d, p, s2
            if best_st is not st:
                winner = best_st
                break
            cur += 1
        sc.current_sample = cur
        ctts = sc.ctts_per_sample
        if ctts is not None and sc.ctts_index < len(ctts):
            sc.ctts_index = min(sc.ctts_index + (cur - start), len(ctts))
        return winner

    def read_packet(self) -> Packet | None:
        c = self.c
        if not getattr(self, "_pics_sent", False):
            # avformat_queue_attached_pictures: cover art comes first, once
            self._pics_sent = True
            self._pics = [st for st in self.ctx.streams
                          if "attached_pic" in st.disposition and st.priv.attached_pic is not None]
        if self._pics:
            st = self._pics.pop(0)
            sc = st.priv
            return Packet(st.index, sc.attached_pic, None, None, 0,
                          getattr(sc, "attached_pic_pos", -1), PKT_FLAG_KEY)
        chosen = None
        while True:
            st = chosen if chosen is not None else self._next_sample()
            chosen = None
            if st is None or (c.next_root_atom and st.priv.ie_pos[st.priv.current_sample] > c.next_root_atom):
                if not c.next_root_atom:
                    return None
                if not self._switch_root(c.next_root_atom):
                    return None
                continue
            sc = st.priv
            if (sc.discard_all or st.discard_all) and not c.next_root_atom:
                # AVDISCARD_ALL: the sample takes its turn in the interleaving unread
                chosen = self._skip_discarded(st, sc)
                continue
            i = sc.current_sample
            sc.current_sample += 1
            pos = sc.ie_pos[i]
            size = sc.ie_size[i]
            if c.next_root_atom:
                pos = min(pos, c.next_root_atom)
                size = min(size, c.next_root_atom - pos)
                sc.ie_pos[i] = pos
                sc.ie_size[i] = size
            data = b""
            corrupt = False
            # AVDISCARD_ALL (set on the stream by the stream-copy setup, or on the track): the
            # sample still takes its turn in the interleaving but its bytes are never read
            discarded = sc.discard_all or st.discard_all
            if not discarded:
                ok = True
                src = self.source
                here = src.tell()
                seekable = src.seekable
                if seekable and src.size is not None and pos > src.size and pos - here <= 2 * AVIO_SEEKABLE_BUFFER:
                    # FFmpeg 5.1.9: a short forward seek reads through the buffer and hits EOF
                    # (the buffer was read up to the end; at EOF the sample is not retried);
                    # a seek to the very end succeeds, and the read then ends the stream
                    self.log.error("stream %d, offset 0x%x: partial file\n" % (sc.ffindex, pos))
                    src.seek(src.size)
                    raise EndOfFile("partial file")
                if pos != here:             # the sample right after the last one needs no seek
                    # a pipe seeks back only inside its AVIOContext buffer (pipe_reader.py)
                    try:
                        src.seek(pos)
                        ok = src.tell() == pos
                    except CineError:
                        ok = False
                    if ok is False and not seekable and src.tell() < pos:
                        # FFmpeg 5.1.9: forward past the end of a stream: EOF, not retried
                        self.log.error("stream %d, offset 0x%x: partial file\n" % (sc.ffindex, pos))
                        raise EndOfFile("partial file")
                if not ok:
                    self.log.error("stream %d, offset 0x%x: partial file\n" % (sc.ffindex, pos))
                    sc.current_sample -= 1
                    raise InvalidData("partial file")
                data = src.read(size)
                if not data and size:
                    raise EndOfFile()       # FFmpeg 5.1.9: at EOF the sample is not retried
                corrupt = len(data) < size
            dts = sc.ie_ts[i]
            ief = sc.ie_flags[i]
            flags = PKT_FLAG_DISCARD if ief & 2 else 0
            duration = 0
            ctts = sc.ctts_per_sample
            if ctts is not None and sc.ctts_index < len(ctts):
                pts = dts + sc.dts_shift + ctts[sc.ctts_index]
                sc.ctts_index += 1
            else:
                nxt = sc.ie_ts[sc.current_sample] if sc.current_sample < len(sc.ie_ts) else st.duration
                if nxt is not None and nxt >= dts:
                    duration = nxt - dts
                pts = dts
            if discarded:
                continue
            if sc.sdtp is not None and sc.current_sample <= len(sc.sdtp):
                if ((sc.sdtp[sc.current_sample - 1] >> 2) & 3) == 2:
                    flags |= AV_PKT_FLAG_DISPOSABLE
            if ief & 1:
                flags |= PKT_FLAG_KEY
            if corrupt:
                flags |= PKT_FLAG_CORRUPT
            pkt = Packet(st.index, data, pts, dts, duration, pos, flags)
            if getattr(sc, "cenc", None) is not None:
                from .encryption import packet_side_data
                packet_side_data(c, st, sc, i, pkt)
            return pkt

    def read_seek(self, stream_index: int, timestamp: int, flags: int) -> int:
        from .seek import read_seek
        return read_seek(self, stream_index, timestamp, flags)

    def _switch_root(self, target: int) -> bool:
        c = self.c
        src = self.source
        try:
            src.seek(target)
        except CineError:
            self.log.error("root atom offset 0x%x: partial file\n" % target)
            raise InvalidData("partial file")
        if src.tell() != target:
            self.log.error("root atom offset 0x%x: partial file\n" % target)
            raise InvalidData("partial file")
        c.next_root_atom = 0
        from .fragments import _search_offset
        index = _search_offset(c, target)
        if index < len(c.frag_items) and c.frag_items[index].moof_offset == target:
            if index + 1 < len(c.frag_items):
                c.next_root_atom = c.frag_items[index + 1].moof_offset
            if c.frag_items[index].headers_read:
                return True
            c.frag_items[index].headers_read = True
        c.found_mdat = False
        self._read_root(INT64_MAX)
        if src.size is not None and src.tell() >= src.size:
            return self._next_sample() is not None
        return True
