"""The Matroska and WebM muxers (FFmpeg 5.1.9 libavformat/matroskaenc.c behaviour; Matroska
specification / RFC 8794 EBML) for stream copy: EBML header, a Segment with a reserved SeekHead,
Info (Duration patched at the trailer), Tracks, Chapters, Attachments, Tags (per-track DURATION
patched at the trailer), Clusters of SimpleBlocks/BlockGroups, Cues, and a CRC-32 in every
level-1 element (Matroska only, option write_crc32).
"""
from __future__ import annotations

import bisect
import errno
import math
import os

from ...errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError
from ...model import PKT_FLAG_KEY, Packet, Rational
from ..base import Muxer
from ..riff_tags import BMP, WAV
from . import mux_ebml as E
from . import mux_meta as M
from . import mux_tracks as T

IDENT = "Lavf59.27.100"
MAX_SEEKHEAD_ENTRIES = 7
SEEKHEAD_RESERVED = MAX_SEEKHEAD_ENTRIES * 21 + 14
DURATION_SIMPLETAG_SIZE = 2 + 1 + (2 + 1 + 8) + 23
CRC_RESERVED = 6
_SIMPLE_BLOCK_ID = E.id_bytes(E.SIMPLE_BLOCK)
UNSUPPORTED = ("atrac3", "cook", "ra_288", "sipr", "rv10", "rv20")
FFFF = 0xFFFFFFFF
_ADD_AUDIO = tuple((n, FFFF) for n in ("alac", "mlp", "opus", "pcm_s16be", "pcm_s24be",
                                       "pcm_s32be", "qdmc", "qdm2", "ra_144", "ra_288", "cook",
                                       "truehd"))
_ADD_VIDEO = tuple((n, FFFF) for n in ("rv10", "rv20", "rv30"))
_ADD_SUB = tuple((n, FFFF) for n in ("dvb_subtitle", "dvd_subtitle", "hdmv_pgs_subtitle"))
_BMP = tuple((n, t) for t, n in BMP)
_WAV = tuple((n, t) for t, n in WAV)


class _Track:
    def __init__(self):
        self.num = 0
        self.num_size = 0
        self.uid = 0
        self.reformat = None
        self.offset = 0
        self.write_dts = False
        self.has_cue = False
        self.last_ts = 0
        self.duration = 0
        self.duration_offset = -1
        self.codecpriv_offset = -1
        self.codecpriv_size = 0
        self.sample_rate_offset = -1
        self.sample_rate = 0
        self.base = 0          # offset of this TrackEntry inside the Tracks body


class _Stored:
    """ebml_stored_master: a level-1 element kept in memory for a rewrite at the trailer."""
    def __init__(self):
        self.body: bytearray | None = None
        self.pos = -1


class MatroskaMuxer(Muxer):
    codec_tags = _BMP + _WAV + _ADD_AUDIO + _ADD_VIDEO + _ADD_SUB
    webm_mode = False

    # -- init ---------------------------------------------------------------------------------
    def init(self) -> None:
        log = self.log
        for st in self.ctx.streams:
            if st.codecpar.codec_name in UNSUPPORTED:
                log.error("The Matroska muxer does not yet support muxing %s\n"
                          % st.codecpar.codec_name)
                raise CineError(code=AVERROR_PATCHWELCOME)
        mc = getattr(self, "mux_ctx", None)
        if mc is not None and mc.avoid_negative_ts < 0:
            mc.avoid_negative_ts = 1
            mc.avoid_use_pts = True
        o = self.options
        self.webm = self.webm_mode or getattr(getattr(self, "entry", None), "name", "") == "webm"
        self.write_crc = (not self.webm) and _bool(o.get("write_crc32", "1"))
        self.live = _bool(o.get("live", "0"))
        if _bool(o.get("dash", "0")):
            from ...errors import Unsupported
            raise Unsupported("-dash 1 is not implemented by cine's Matroska muxer")
        self.reserve_cues = int(o.get("reserve_index_space", "0"))
        self.cues_to_front = _bool(o.get("cues_to_front", "0"))
        self.cluster_size_limit = int(o.get("cluster_size_limit", "-1"))
        self.cluster_time_limit = int(o.get("cluster_time_limit", "-1"))
        self.default_mode = o.get("default_mode", "passthrough")
        self.seekable = bool(getattr(self.pb, "seekable", False)) and not self.live
        self.segment_uid = b"" if self.bitexact else os.urandom(16)
        self.tracks: list[_Track] = []
        self.nb_attachments = 0
        self.have_video = False
        nb = 0
        for i, st in enumerate(self.ctx.streams):
            par = st.codecpar
            trk = _Track()
            self.tracks.append(trk)
            name = par.codec_name
            ex = par.extradata or b""
            if name in ("h264", "hevc"):
                if (len(ex) > (0 if name == "h264" else 6)
                        and (ex[:3] == b"\0\0\1" or ex[:4] == b"\0\0\0\1")):
                    trk.reformat = "h2645"
            elif name == "prores":
                trk.offset = 8
            elif name == "av1":
                trk.reformat = "av1"
            elif name == "webvtt":
                trk.reformat = "vtt"
            elif name == "wavpack":
                from ...errors import Unsupported
                raise Unsupported("WavPack in Matroska is not implemented")
            if self.bitexact:
                trk.uid = i + 1
            else:
                while True:
                    u = int.from_bytes(os.urandom(8), "big")
                    if u and all(t.uid != u for t in self.tracks[:-1]):
                        break
                trk.uid = u
            st.time_base = Rational(1, 1000)
            if par.codec_type == "attachment":
                if self.webm:
                    log.warning("Stream %d will be ignored as WebM doesn't support "
                                "attachments.\n" % i)
                elif M.mimetype(st) is None:
                    log.error("Attachment stream %d has no mimetype tag and it cannot be "
                              "deduced from the codec id.\n" % i)
                    raise CineError(code=-errno.EINVAL)
                self.nb_attachments += 1
                continue
            nb += 1
            trk.num = nb
            trk.num_size = E.num_size(nb)

    def auto_bsf(self, stream, pkt: Packet):
        name = stream.codecpar.codec_name
        if name == "aac" and not self.webm:
            d = pkt.data
            if len(d) > 2 and (int.from_bytes(d[:2], "big") & 0xFFF0) == 0xFFF0:
                return ["aac_adtstoasc"]
        elif name == "vp9":
            return ["vp9_superframe"]
        elif name == "hdmv_pgs_subtitle" and not self.webm:
            return ["pgs_frame_merge"]
        return None

    # -- header -------------------------------------------------------------------------------
    def write_header(self) -> None:
        ctx = self.ctx
        pb = self.pb
        version = 2
        if (not self.webm or ctx.tags.get("stereo_mode") is not None
                or ctx.tags.get("alpha_mode") is not None):
            version = 4
        for st in ctx.streams:
            if (st.codecpar.codec_name == "opus" or st.tags.get("stereo_mode") is not None
                    or st.tags.get("alpha_mode") is not None):
                version = 4
        base = pb.tell()
        buf = bytearray()
        hdr = (E.uint(E.EBML_VERSION, 1) + E.uint(E.EBML_READ_VERSION, 1)
               + E.uint(E.EBML_MAX_ID_LENGTH, 4) + E.uint(E.EBML_MAX_SIZE_LENGTH, 8)
               + E.string(E.DOCTYPE, "webm" if self.webm else "matroska")
               + E.uint(E.DOCTYPE_VERSION, version) + E.uint(E.DOCTYPE_READ_VERSION, 2))
        buf += E.element(E.EBML_HEADER, hdr)
        buf += E.id_bytes(E.SEGMENT) + E.size_unknown(8)
        self.segment_offset = base + len(buf)
        self.seekhead_pos = base + len(buf)
        self.seek_entries: list[tuple[int, int]] = []
        buf += E.void(SEEKHEAD_RESERVED)
        self.buf, self.base = buf, base
        self.info = _Stored()
        self.track = _Stored()
        self.tags = _Stored()
        self.wrote_tags = False
        self.wrote_chapters = False
        try:
            self._write_info()
            self._write_tracks()
            self._write_chapters()
            if not self.webm:
                self._write_attachments()
            self._write_tags()
        except CineError:
            # what the reference had written reaches the file when it is closed
            pb.write(bytes(buf))
            raise
        if not self.seekable:
            sh = self._seekhead()
            at = self.seekhead_pos - base
            buf[at:at + SEEKHEAD_RESERVED] = sh
        if self.reserve_cues or self.cues_to_front:
            if self.seekable:
                self.cues_pos = base + len(buf)
                if self.reserve_cues >= 1:
                    if self.reserve_cues == 1:
                        self.reserve_cues = 2
                    buf += E.void(self.reserve_cues)
            else:
                self.reserve_cues = -1
        pb.write(bytes(buf))
        self.buf = None
        self.cluster_body: bytearray | None = None
        self.cluster_pos = -1
        self.cluster_pts = 0
        self.cues: list[tuple[int, int, int, int, int]] = []   # pts, stream, cluster, rel, dur
        self.cue_keys: list[int] = []
        self.cur_audio: Packet | None = None
        self.duration = getattr(self, "duration", 0)
        if self.seekable:
            if self.cluster_time_limit < 0:
                self.cluster_time_limit = 5000
            if self.cluster_size_limit < 0:
                self.cluster_size_limit = 5 * 1024 * 1024
        else:
            if self.cluster_time_limit < 0:
                self.cluster_time_limit = 1000
            if self.cluster_size_limit < 0:
                self.cluster_size_limit = 32 * 1024

    def _tell(self) -> int:
        return self.base + len(self.buf)

    def _crc_head(self) -> bytes:
        return E.void(CRC_RESERVED) if self.write_crc else b""

    def _put_level1(self, eid: int, body: bytes, seek_entry: bool = True) -> None:
        """end_ebml_master_crc32 into the header buffer."""
        if seek_entry:
            self.seek_entries.append((eid, self._tell() - self.segment_offset))
        self.buf += E.master_crc(eid, body, self.write_crc)

    def _put_tentative(self, eid: int, stored: _Stored) -> None:
        """end_ebml_master_crc32_tentatively: kept for a rewrite when seekable."""
        if self.seekable:
            stored.pos = self._tell()
            self.seek_entries.append((eid, stored.pos - self.segment_offset))
            self.buf += E.element(eid, self._crc_head() + bytes(stored.body))
        else:
            self._put_level1(eid, bytes(stored.body))
            stored.body = None

    def _write_info(self) -> None:
        ctx = self.ctx
        body = bytearray(E.uint(E.TIMESTAMP_SCALE, 1_000_000))
        title = ctx.tags.get("title")
        if title is not None:
            body += E.string(E.TITLE, title)
        if not self.bitexact:
            body += E.string(E.MUXING_APP, IDENT)
            tool = ctx.tags.get("encoding_tool")
            body += E.string(E.WRITING_APP, tool if tool is not None else IDENT)
            if not self.webm:
                body += E.element(E.SEGMENT_UID, self.segment_uid)
        else:
            body += E.string(E.MUXING_APP, "Lavf") + E.string(E.WRITING_APP, "Lavf")
        ct = ctx.tags.get("creation_time")
        us = M.parse_iso_time(ct) if ct is not None else None
        if us is not None:
            body += E.element(E.DATE_UTC, (((us - 978307200000000) * 1000)
                                           & ((1 << 64) - 1)).to_bytes(8, "big"))
        self.duration = 0
        self.duration_offset = len(body)
        if not self.live:
            meta = M.metadata_duration(ctx)
            if ctx.duration is not None and ctx.duration > 0:
                body += E.flt(E.DURATION, M.rescale_rnd(ctx.duration, 1000, 1_000_000))
            elif meta > 0:
                body += E.flt(E.DURATION, M.rescale_rnd(meta, 1000, 1_000_000))
            elif getattr(self.pb, "seekable", False):
                body += E.void(11)
        self.info.body = body
        self._put_tentative(E.INFO, self.info)

    def _write_tracks(self) -> None:
        streams = self.ctx.streams
        if self.nb_attachments == len(streams):
            return
        vdef = adef = sdef = -1
        if self.default_mode != "passthrough":
            vi = ai = si = -1
            for i in range(len(streams) - 1, -1, -1):
                st = streams[i]
                t = st.codecpar.codec_type
                d = "default" in st.disposition
                if t == "video":
                    vi = i
                    if d:
                        vdef = i
                elif t == "audio":
                    ai = i
                    if d:
                        adef = i
                elif t == "subtitle":
                    si = i
                    if d:
                        sdef = i
            vdef, adef = max(vdef, vi), max(adef, ai)
            if self.default_mode != "infer_no_subs":
                sdef = max(sdef, si)
        body = bytearray()
        for i, st in enumerate(streams):
            if st.codecpar.codec_type == "attachment":
                continue
            is_default = "default" in st.disposition or i in (vdef, adef, sdef)
            trk = self.tracks[i]
            entry = T.track_entry(self, st, trk, is_default)
            trk.base = len(body)
            body += entry
        self.track.body = body
        self._put_tentative(E.TRACKS, self.track)

    def _write_chapters(self) -> None:
        ctx = self.ctx
        if not ctx.chapters or self.wrote_chapters:
            return
        ids = [c.id for c in ctx.chapters]
        new_ids = any(not x for x in ids) or len(set(ids)) != len(ids)
        atoms = bytearray()
        if not self.webm:
            atoms += E.uint(E.EDITION_FLAG_DEFAULT, 1)
        extra_tags = bytearray()
        use_main_tags = not self.wrote_tags
        for i, c in enumerate(ctx.chapters):
            start = M.rescale_q(c.start, c.time_base, 1_000_000_000)
            end = M.rescale_q(c.end, c.time_base, 1_000_000_000)
            uid = i + 1 if new_ids else c.id
            if start < 0 or start > end or end < 0:
                self.log.error("Invalid chapter start (%d) or end (%d).\n" % (start, end))
                raise CineError(code=AVERROR_INVALIDDATA)
            a = E.uint(E.CHAPTER_UID, uid) + E.uint(E.CHAPTER_TIME_START, start) \
                + E.uint(E.CHAPTER_TIME_END, end)
            title = c.tags.get("title")
            if title is not None:
                a += E.element(E.CHAPTER_DISPLAY, E.string(E.CHAP_STRING, title)
                               + E.string(E.CHAP_LANGUAGE, "und"))
            atoms += E.element(E.CHAPTER_ATOM, a)
            if not self.webm:
                c.tags = M.conv_tags(c.tags)
                tag = M.tag_element(c.tags, 0, E.TARGET_CHAPTER_UID, uid)
                if tag:
                    if use_main_tags:
                        if self.tags.body is None:
                            self.tags.body = bytearray()
                        self.tags.body += tag
                    else:
                        extra_tags += tag
        body = E.id_bytes(E.EDITION_ENTRY) + E.enc_num(len(atoms), 8) + atoms
        self.wrote_chapters = True
        self._put_level1(E.CHAPTERS, body)
        if extra_tags:
            self._put_level1(E.TAGS, bytes(extra_tags))

    def _write_attachments(self) -> None:
        if not self.nb_attachments:
            return
        body = bytearray()
        for i, st in enumerate(self.ctx.streams):
            if st.codecpar.codec_type != "attachment":
                continue
            a = b""
            title = st.tags.get("title")
            if title is not None:
                a += E.string(E.FILE_DESCRIPTION, title)
            fn = st.tags.get("filename")
            if fn is None:
                self.log.error("Attachment stream %d has no filename tag.\n" % i)
                raise CineError(code=-errno.EINVAL)
            a += E.string(E.FILE_NAME, fn)
            a += E.string(E.FILE_MIME_TYPE, M.mimetype(st) or "")
            a += E.element(E.FILE_DATA, bytes(st.codecpar.extradata or b""))
            a += E.uid(E.FILE_UID, self.tracks[i].uid)
            body += E.element(E.ATTACHED_FILE, a)
        self._put_level1(E.ATTACHMENTS, bytes(body))

    def _write_tags(self) -> None:
        ctx = self.ctx
        self.wrote_tags = True
        ctx.tags = M.conv_tags(ctx.tags)
        for st in ctx.streams:
            st.tags = M.conv_tags(st.tags)
        for c in ctx.chapters:
            c.tags = M.conv_tags(c.tags)
        chapter_tags = self.tags.body
        body = bytearray()
        have = chapter_tags is not None
        t = M.tag_element(ctx.tags, 0, 0, 0)
        if t:
            body += t
            have = True
        for i, st in enumerate(ctx.streams):
            trk = self.tracks[i]
            if st.codecpar.codec_type == "attachment":
                continue
            reserved = DURATION_SIMPLETAG_SIZE if self.seekable else 0
            t = M.tag_element(st.tags, reserved, E.TARGET_TRACK_UID, trk.uid)
            if t:
                body += t
                have = True
                if self.seekable:
                    trk.duration_offset = len(body) - DURATION_SIMPLETAG_SIZE
        if self.nb_attachments and not self.webm:
            for i, st in enumerate(ctx.streams):
                if st.codecpar.codec_type != "attachment":
                    continue
                t = M.tag_element(st.tags, 0, E.TARGET_ATTACH_UID, self.tracks[i].uid)
                if t:
                    body += t
                    have = True
        if not have:
            self.tags.body = None
            return
        # tags of the chapters (written before) come first in the same element
        if chapter_tags:
            n = len(chapter_tags)
            for trk in self.tracks:
                if trk.duration_offset >= 0:
                    trk.duration_offset += n
            body = chapter_tags + body
        self.tags.body = body
        self._put_tentative(E.TAGS, self.tags)

    def _seekhead(self) -> bytes:
        """The SeekHead plus the Void filling the rest of its reserved space."""
        entries = b""
        for eid, pos in self.seek_entries:
            idb = E.id_bytes(eid)
            e = E.element(E.SEEK_ID, idb) + E.uint(E.SEEK_POSITION, pos)
            entries += E.id_bytes(E.SEEK) + E.enc_num(len(e), 1) + e
        sh = E.master_crc(E.SEEKHEAD, entries, self.write_crc)
        return sh + E.void(SEEKHEAD_RESERVED - len(sh))

    # -- packets ------------------------------------------------------------------------------
    def write_packet(self, pkt: Packet) -> None:
        st = self.ctx.streams[pkt.stream_index]
        trk = self.tracks[pkt.stream_index]
        ctype = st.codecpar.codec_type
        key = bool(pkt.flags & PKT_FLAG_KEY)
        self._check_new_extradata(pkt, st, trk)
        if self.cluster_pos != -1:
            ts = pkt.dts if trk.write_dts else pkt.pts
            ctime = (ts - self.cluster_pts) if ts is not None else -(1 << 63)
            csize = len(self.cluster_body) + (CRC_RESERVED if self.write_crc else 0)
            if (csize > self.cluster_size_limit or ctime > self.cluster_time_limit
                    or (ctype == "video" and key and csize > 4 * 1024)):
                self._end_cluster()
        if self.cur_audio is not None:
            p, self.cur_audio = self.cur_audio, None
            self._write_internal(p)
        if ctype == "audio":
            if pkt.data:
                self.cur_audio = Packet(pkt.stream_index, bytes(pkt.data), pkt.pts, pkt.dts,
                                        pkt.duration, pkt.pos, pkt.flags, list(pkt.side_data))
        else:
            self._write_internal(pkt)

    def lean_batch(self, indices):
        """A batch writer for pipeline/fastcopy_merge.py (mux_lean.py)."""
        from .mux_lean import lean_batch
        return lean_batch(self, indices)

    def lean_writer(self, index: int):
        """A packet writer for pipeline/fastcopy.py that skips the packet (mux_lean.py)."""
        from .mux_lean import lean_writer
        return lean_writer(self, index)

    def _check_new_extradata(self, pkt, st, trk) -> None:
        side = None
        for sd in pkt.side_data:
            if sd.type in ("New Extradata", "new_extradata"):
                side = bytes(sd.data)
        par = st.codecpar
        name = par.codec_name
        have_bc = self.seekable and self.track.body is not None
        if name == "aac" and not self.webm:
            if side and have_bc:
                sr, out_sr = T.aac_rates(self, side, trk.sample_rate)
                trk.sample_rate = sr
                if not out_sr:
                    out_sr = sr
                self._update_codecprivate(side, par, trk)
                at = trk.base + trk.sample_rate_offset
                body = self.track.body
                repl = E.flt(E.SAMPLING_FREQ, sr) + E.flt(E.OUTPUT_SAMPLING_FREQ, out_sr)
                body[at:at + len(repl)] = repl
            elif not par.extradata and not trk.sample_rate:
                raise T.einval(self.log, "Error parsing AAC extradata, unable to determine "
                                         "samplerate.\n")
        elif name == "flac" and not self.webm:
            if side and have_bc:
                if len(side) != len(par.extradata or b""):
                    raise T.einval(self.log, "Invalid FLAC STREAMINFO metadata for output "
                                             "stream %d\n" % pkt.stream_index)
                self._update_codecprivate(side, par, trk)
        elif name == "av1":
            if side and have_bc and not par.extradata:
                self._update_codecprivate(side, par, trk, alternative=4)
            elif not par.extradata:
                raise CineError(code=AVERROR_INVALIDDATA)

    def _update_codecprivate(self, side: bytes, par, trk, alternative: int = 0) -> None:
        priv, _reserve = T.native_private(self, par, side)
        if len(priv) > trk.codecpriv_size:
            if not alternative:
                raise CineError(code=-errno.ENOSPC)
            priv = priv[:alternative]
        blob = T.put_codecprivate(trk.codecpriv_size, priv)
        at = trk.base + trk.codecpriv_offset
        self.track.body[at:at + len(blob)] = blob
        if not par.extradata:
            par.extradata = side

    def _start_cluster(self, ts: int) -> None:
        self.cluster_pos = self.pb.tell()
        self.cluster_pts = max(0, ts)
        self.cluster_body = bytearray(E.uint(E.CLUSTER_TIMESTAMP, self.cluster_pts))

    def _end_cluster(self, flush: bool = True) -> None:
        if not self.have_video:
            for t in self.tracks:
                t.has_cue = False
        self.cluster_pos = -1
        # E.master_crc(E.CLUSTER, body, write_crc) without copying the body
        body = self.cluster_body
        crc = E.crc_element(body) if self.write_crc else b""
        self.pb.write(E.id_bytes(E.CLUSTER) + E.enc_length(len(crc) + len(body)) + crc)
        self.pb.write(body)
        self.cluster_body = None
        if flush:
            self.pb.flush_point()

    def _write_internal(self, pkt: Packet) -> None:
        st = self.ctx.streams[pkt.stream_index]
        par = st.codecpar
        trk = self.tracks[pkt.stream_index]
        is_sub = par.codec_type == "subtitle"
        key = is_sub or bool(pkt.flags & PKT_FLAG_KEY)
        duration = max(pkt.duration or 0, 0)
        wdur = duration if is_sub else 0
        ts = pkt.dts if trk.write_dts else pkt.pts
        if ts is None:
            self.log.error("Can't write packet with unknown timestamp\n")
            raise CineError(code=-errno.EINVAL)
        if self.cluster_pos != -1:
            ct = ts - self.cluster_pts
            if not -32768 <= ct <= 32767:
                self._end_cluster()
                self.log.warning("Starting new cluster due to timestamp\n")
        if self.cluster_pos == -1:
            self._start_cluster(ts)
        rel_pos = len(self.cluster_body) + (CRC_RESERVED if self.write_crc else 0)
        self._block(self.cluster_body, pkt, par, trk, key, ts, wdur, par.codec_name == "webvtt")
        if key and self.seekable and (par.codec_type in ("video", "subtitle")
                                      or (not self.have_video and not trk.has_cue)):
            if ts >= 0:
                i = bisect.bisect_right(self.cue_keys, ts)
                self.cue_keys.insert(i, ts)
                self.cues.insert(i, (ts, pkt.stream_index, self.cluster_pos - self.segment_offset,
                                     rel_pos, wdur))
            trk.has_cue = True
        trk.last_ts = ts
        self.duration = max(self.duration, ts + duration)
        trk.duration = max(trk.duration, ts + duration)

    def _block(self, out: bytearray, pkt, par, trk, key: bool, ts: int, wdur: int,
               force_group: bool) -> None:
        """Append the packet's SimpleBlock (or BlockGroup) to `out`."""
        data = pkt.data
        if trk.reformat == "h2645":
            data = T.reformat_h2645(bytes(data))
        elif trk.reformat == "av1":
            data = T.reformat_av1(bytes(data))
        elif trk.reformat == "vtt":
            data = T.reformat_vtt(pkt)
        elif trk.offset and trk.offset <= len(data):
            data = data[trk.offset:]
        rel = (ts - self.cluster_pts) & 0xFFFF
        extra = b""
        if wdur:
            extra += E.uint(E.BLOCK_DURATION, wdur)
        side = pkt.side_data or ()
        for sd in side:
            if sd.type == "Skip Samples":
                raw = bytes(sd.data or b"")
                pad = None
                if len(raw) >= 10:
                    pad = int.from_bytes(raw[4:8], "little")
                else:
                    # side data described by its fields only (demuxers that do not keep the
                    # AV_PKT_DATA_SKIP_SAMPLES bytes)
                    pad = dict(sd.fields).get("discard_padding")
                if pad is not None:
                    pad &= 0xFFFFFFFF
                    extra += E.sint(E.DISCARD_PADDING,
                                    M.rescale_rnd(pad, 1_000_000_000, par.sample_rate))
                break
        for sd in side:
            if sd.type == "Matroska BlockAdditional":
                raw = bytes(sd.data or b"")
                if len(raw) >= 8 and int.from_bytes(raw[:8], "big") == 1:
                    more = E.uint(E.BLOCK_ADD_ID, 1) + E.element(E.BLOCK_ADDITIONAL, raw[8:])
                    extra += E.element(E.BLOCK_ADDITIONS, E.element(E.BLOCK_MORE, more))
                break
        head = E.enc_num(trk.num, trk.num_size) + rel.to_bytes(2, "big")
        if not force_group and not extra:
            # E.element(E.SIMPLE_BLOCK, head + flags + data), the payload appended as is
            head += b"\x80" if key else b"\0"
            out += _SIMPLE_BLOCK_ID + E.enc_length(len(head) + len(data)) + head
            out += data
            return
        group = E.element(E.BLOCK, head + b"\0" + bytes(data)) + extra
        if not key:
            group += E.sint(E.REFERENCE_BLOCK, trk.last_ts - ts)
        out += E.element(E.BLOCK_GROUP, group)

    # -- trailer ------------------------------------------------------------------------------
    def write_trailer(self) -> None:
        pb = self.pb
        if self.cur_audio is not None:
            p, self.cur_audio = self.cur_audio, None
            self._write_internal(p)
        if self.cluster_pos != -1:
            self._end_cluster(flush=False)
        if not self.seekable:
            return
        endpos = pb.tell()
        if self.cues and self.reserve_cues >= 0:
            endpos = self._write_cues(endpos)
        if endpos - self.segment_offset < (1 << 56) - 1:
            pb.seek(self.segment_offset - 8)
            pb.write(E.enc_num(endpos - self.segment_offset, 8))
        pb.seek(self.seekhead_pos)
        pb.write(self._seekhead())
        if self.info.body is not None:
            body = self.info.body
            at = self.duration_offset
            dur = E.flt(E.DURATION, float(self.duration))
            body[at:at + len(dur)] = dur
            pb.seek(self.info.pos)
            pb.write(E.master_crc(E.INFO, bytes(body), self.write_crc))
        if self.track.body is not None:
            pb.seek(self.track.pos)
            pb.write(E.master_crc(E.TRACKS, bytes(self.track.body), self.write_crc))
        if self.tags.body is not None and self.tags.pos >= 0:
            body = self.tags.body
            for i, st in enumerate(self.ctx.streams):
                trk = self.tracks[i]
                if trk.duration_offset > 0:
                    sec = trk.duration * (1 / 1000)
                    text = "%02d:%02d:%012.9f" % (int(sec) // 3600, (int(sec) // 60) % 60,
                                                  math.fmod(sec, 60))
                    raw = text.encode()[:19].ljust(20, b"\0")
                    inner = E.string(E.TAG_NAME, "DURATION") + E.element(E.TAG_STRING, raw)
                    st_ = E.id_bytes(E.SIMPLE_TAG) + E.enc_num(len(inner), 1) + inner
                    at = trk.duration_offset
                    body[at:at + len(st_)] = st_
            pb.seek(self.tags.pos)
            pb.write(E.master_crc(E.TAGS, bytes(body), self.write_crc))
        pb.seek(endpos)

    def _write_cues(self, endpos: int) -> int:
        pb = self.pb
        offset = 0
        while True:
            body = self._cues_body(offset)
            ls = 0
            size = 0
            if self.reserve_cues or self.cues_to_front:
                size = len(body) + (CRC_RESERVED if self.write_crc else 0)
                ls = E.length_size(size)
                size += 4 + ls
                if offset + self.reserve_cues < size:
                    if self.cues_to_front:
                        offset = size - self.reserve_cues
                        continue
                    self.log.warning("Insufficient space reserved for Cues: %d < %d. No Cues "
                                     "will be output.\n" % (self.reserve_cues, size))
                    return endpos
                if offset:
                    pb.shift_data(self.cues_pos + self.reserve_cues, endpos, offset)
                    endpos += offset
                pb.seek(self.cues_pos)
                if self.reserve_cues == size + 1:
                    ls += 1
                    size += 1
            break
        self.seek_entries.append((E.CUES, pb.tell() - self.segment_offset))
        pb.write(E.master_crc(E.CUES, body, self.write_crc, ls))
        if self.reserve_cues:
            if size < self.reserve_cues:
                pb.write(E.void(self.reserve_cues - size))
        elif not self.cues_to_front:
            endpos = pb.tell()
        return endpos

    def _cues_body(self, offset: int) -> bytes:
        out = bytearray()
        cues = self.cues
        streams = self.ctx.streams
        i, n = 0, len(cues)
        while i < n:
            pts = cues[i][0]
            point = bytearray(E.uint(E.CUE_TIME, pts))
            seen = set()
            while i < n and cues[i][0] == pts:
                _, idx, cpos, rel, dur = cues[i]
                i += 1
                if idx in seen and streams[idx].codecpar.codec_type != "subtitle":
                    continue
                seen.add(idx)
                p = (E.uint(E.CUE_TRACK, self.tracks[idx].num)
                     + E.uint(E.CUE_CLUSTER_POSITION, cpos + offset)
                     + E.uint(E.CUE_RELATIVE_POSITION, rel))
                if dur > 0:
                    p += E.uint(E.CUE_DURATION, dur)
                point += E.id_bytes(E.CUE_TRACK_POSITIONS) + E.enc_num(len(p), 1) + p
            out += E.element(E.CUE_POINT, bytes(point))
        return bytes(out)


class MatroskaAudioMuxer(MatroskaMuxer):
    codec_tags = _WAV + _ADD_AUDIO


class WebMMuxer(MatroskaMuxer):
    codec_tags = None
    webm_mode = True


def _bool(v) -> bool:
    return str(v).lower() in ("1", "true", "on", "yes")
