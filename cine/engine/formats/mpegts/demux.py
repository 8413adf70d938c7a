"""MpegTsDemuxer: FFmpeg 5.1.9's mpegts demuxer (ISO/IEC 13818-1): header scan up to the
first PMT, PAT/PMT/SDT/EIT tables, PES packets with PTS/DTS, programs for -show_programs,
continuity checks, and the duration estimate from the PTS near the end of the file."""
from __future__ import annotations

from collections import deque

from ...limits import MAX_STREAMS, PROBESIZE
from ...model import PKT_FLAG_CORRUPT, Packet, Program, Rational, SideData, Stream
from ..base import Demuxer
from . import psi
from .descriptors import find_stream_type, parse_descriptor
from .packet import MAX_RESYNC_SIZE, detect_packet_size, parse_pcr
from .pes import PesContext
from .probe import TS_PACKET_SIZE
from .streamtypes import (HDMV_TYPES, HLS_SAMPLE_ENC_TYPES, ISO_TYPES, MISC_TYPES, SCTE_TYPES,
                          STREAM_TYPE_PRIVATE_DATA, TAG_CUEI, TAG_HDMV, TAG_HDPR)

SDT_PID, PAT_PID, EIT_PID = 0x11, 0x00, 0x12
MAX_STREAMS_PER_PROGRAM = 128
TIME_BASE = Rational(1, 90000)
# codecs whose libavcodec parser ends a frame only when it sees the next one start
MAX_HELD_FRAME = 8 << 20          # bytes a held access unit may grow to from PES payloads
DELAYED_PARSERS = {"h264", "hevc", "mpeg1video", "mpeg2video", "mpeg4", "vc1", "cavs", "dirac"}


WRAP = 1 << 33


def _wrap_ts(ts, ref, behavior):
    if ts is None:
        return None
    if behavior == 1 and ts < ref:
        return ts + WRAP
    if behavior == -1 and ts >= ref:
        return ts - WRAP
    return ts


class _StreamPriv:
    __slots__ = ("request_probe", "stream_identifier", "pes", "probe_packets", "probe_buf",
                 "avctx_time_base", "wrap_ref", "wrap_behavior", "header_frame_size",
                 "header_r_frame_rate", "header_video_delay")

    def __init__(self):
        # what find_stream_info's packets saw (engine/readframe.py): the PMT declares no
        # audio frame size and no frame rate
        self.header_frame_size = 0
        self.header_r_frame_rate = Rational(0, 1)
        self.header_video_delay = 0
        self.probe_packets = 2500     # max_probe_packets
        self.probe_buf = b""
        self.avctx_time_base = None
        self.wrap_ref = None
        self.wrap_behavior = 0
        self.request_probe = 0
        self.stream_identifier = 0
        self.pes = None


class _PcrFilter:
    def __init__(self, pid):
        self.pid = pid
        self.last_cc = -1
        self.last_pcr = -1
        self.discard = False


class _Prog:
    def __init__(self, pid_id):
        self.id = pid_id
        self.pids = []
        self.streams = []
        self.pmt_found = False


class MpegTsDemuxer(Demuxer):
    # FFmpeg 5.1.9 find_stream_info: mpeg/mpegts streams are analysed for 7 s
    max_stream_analyze_duration = 7_000_000
    # AVFMTCTX_NOHEADER: a later PMT may add streams, so find_stream_info keeps reading
    noheader = True
    # AVSTREAM_PARSE_FULL: av_read_frame cuts the audio PES payloads into frames
    parser_split = True

    def read_header(self) -> None:
        src = self.source
        self.pids: dict[int, object] = {}
        self.prgs: list[_Prog] = []
        self.nb_prg = 0
        self.queue: deque = deque()
        self.reading = False
        self.stop_parse = 0
        self.auto_guess = False
        self.skip_changes = False
        self.skip_clear = False
        self.current_pid = -1
        self.epg_stream = None
        self.pos47_full = 0
        self.frame_input = None       # engine/seek.py: the Input whose av_read_frame seeks use
        # FFmpeg 5.1.9: the probe of the packets below is read again from `pos` (a pipe keeps
        # it: probesize, at least the resync size and a probe packet's)
        from ...io.pipe_reader import ensure_seekback
        ensure_seekback(src, max(PROBESIZE, MAX_RESYNC_SIZE + 8192))
        pos = src.tell()
        self.raw_packet_size = detect_packet_size(src)
        if self.raw_packet_size <= 0:
            self.log.warning("Could not detect TS packet size, defaulting to non-FEC/DVHS\n")
            self.raw_packet_size = TS_PACKET_SIZE
        self._seek(pos)
        self.pids[SDT_PID] = psi.SectionFilter(SDT_PID, self._sdt)
        self.pids[PAT_PID] = psi.SectionFilter(PAT_PID, self._pat)
        self.pids[EIT_PID] = psi.SectionFilter(EIT_PID, self._eit)
        self._handle_packets(PROBESIZE // self.raw_packet_size)
        self.auto_guess = True
        self._seek(pos)
        self.reading = True
        self.last_pos = -1
        self.data_start = pos
        # FFmpeg 5.1.9: find_stream_info (which follows) sets skip_clear until its
        # estimate_timings is done: a PMT read meanwhile adds to its program, never clears it
        self.skip_clear = True
        # FFmpeg 5.1.9: find_stream_info opens the decoders of the streams it starts with;
        # an MPEG audio stream typed as MP3 keeps the float mp3 decoder even after the
        # parser renames the codec to mp1/mp2
        self.mp3float = {st.index for st in self.ctx.streams
                         if st.codecpar.codec_name == "mp3" and st.priv.request_probe <= 0}

    # -- seeking: ff_seek_frame_binary over mpegts_get_dts (seek.py) -----------------------
    def read_timestamp(self, stream_index: int, pos: int, pos_limit: int):
        from .seek import read_timestamp
        return read_timestamp(self, stream_index, pos, pos_limit)

    def reposition(self, pos: int) -> bool:
        from .seek import reposition
        return reposition(self, pos)

    def _seek(self, pos: int) -> None:
        try:
            self.source.seek(pos)
        except Exception as exc:  # noqa: BLE001 - any seek failure is reported the same way
            from ...errors import CineError
            if not isinstance(exc, CineError):
                raise
            self.log.error("Unable to seek back to the start\n")

    # -- packet loop ---------------------------------------------------------------------
    def _read_ts_packet(self) -> bytes | None:
        src = self.source
        while True:
            pkt = src.read(TS_PACKET_SIZE)
            if len(pkt) != TS_PACKET_SIZE:
                return None
            if pkt[0] == 0x47:
                return pkt
            if not self._resync(pkt):
                return None

    def _resync(self, current: bytes) -> bool:
        src = self.source
        pos = src.tell()
        if current[0] == 0x80 and current[12] == 0x47 and pos >= TS_PACKET_SIZE:
            src.seek(pos + 12 - TS_PACKET_SIZE)
            return True
        back = min(self.raw_packet_size, pos)
        src.seek(pos - back)
        chunk = src.read(MAX_RESYNC_SIZE)
        i = chunk.find(b"\x47")
        if i < 0:
            if len(chunk) >= MAX_RESYNC_SIZE:
                self.log.error("max resync size reached, could not find sync byte\n")
            return False
        at = pos - back + i
        src.seek(at)
        size = detect_packet_size(src)
        if size > 0 and size != self.raw_packet_size:
            self.log.warning("changing packet size to %d\n" % size)
            self.raw_packet_size = size
        src.seek(at)
        return True

    def _handle_packets(self, nb_packets: int) -> bool:
        """Returns False at the end of the input."""
        src = self.source
        if self.reading and src.tell() != self.last_pos:
            for f in self.pids.values():
                if isinstance(f, PesContext):
                    f.data = bytearray()
                    f.state = 4
                elif isinstance(f, psi.SectionFilter):
                    f.last_ver = -1
                f.last_cc = -1
                f.last_pcr = -1
        self.stop_parse = 0
        num = 0
        ok = True
        while True:
            num += 1
            if (nb_packets and num >= nb_packets) or self.stop_parse > 1:
                break
            if self.stop_parse > 0:
                break
            pkt = self._read_ts_packet()
            if pkt is None:
                ok = False
                break
            self._handle_packet(pkt, src.tell())
            skip = self.raw_packet_size - TS_PACKET_SIZE
            if skip > 0:
                src.read(skip)
        self.last_pos = src.tell()
        return ok

    def _handle_packet(self, packet: bytes, pos: int) -> None:
        pid = ((packet[1] << 8) | packet[2]) & 0x1FFF
        is_start = bool(packet[1] & 0x40)
        f = self.pids.get(pid)
        if self.auto_guess and f is None and is_start:
            f = self.pids[pid] = PesContext(pid, -1)
        if f is None:
            return
        self.current_pid = pid
        afc = (packet[3] >> 4) & 3
        if afc == 0:
            return
        has_adapt = afc & 2
        has_payload = afc & 1
        is_disc = has_adapt and packet[4] != 0 and (packet[5] & 0x80)
        cc = packet[3] & 0xF
        expected = (f.last_cc + 1) & 0xF if has_payload else f.last_cc
        cc_ok = pid == 0x1FFF or is_disc or f.last_cc < 0 or expected == cc
        f.last_cc = cc
        if not cc_ok:
            self.log.debug("Continuity check failed for pid %d expected %d got %d\n" % (pid, expected, cc))
            if isinstance(f, PesContext):
                f.flags |= PKT_FLAG_CORRUPT
        if packet[1] & 0x80:
            self.log.debug("Packet had TEI flag set; marking as corrupt\n")
            if isinstance(f, PesContext):
                f.flags |= PKT_FLAG_CORRUPT
        p = 4
        if has_adapt:
            pcr = parse_pcr(packet)
            if pcr is not None:
                f.last_pcr = pcr
            p += packet[4] + 1
        if p >= TS_PACKET_SIZE or not has_payload:
            return
        self.pos47_full = pos - TS_PACKET_SIZE     # where the last sync byte read lies
        if isinstance(f, psi.SectionFilter):
            if is_start:
                ln = packet[p]
                p += 1
                if ln > TS_PACKET_SIZE - p:
                    return
                if ln and cc_ok:
                    f.write(packet[p:p + ln], False)
                    if self.pids.get(pid) is not f:
                        return
                p += ln
                if p < TS_PACKET_SIZE:
                    f.write(packet[p:], True)
            elif cc_ok:
                f.write(packet[p:], False)
        elif isinstance(f, PesContext):
            if self.reading:
                f.push(self, packet[p:], is_start, pos - self.raw_packet_size)

    # -- streams and packets ---------------------------------------------------------------
    def _new_stream(self, pid: int) -> Stream | None:
        if len(self.ctx.streams) >= MAX_STREAMS:
            # FFmpeg 5.1.9: avformat_new_stream refuses the 1001st stream (a PMT that keeps
            # changing must not grow the streams without bound)
            self.log.error("Number of streams exceeds max_streams parameter (%d), see the "
                           "documentation if you wish to increase it\n" % MAX_STREAMS)
            return None
        st = Stream(index=len(self.ctx.streams), id=pid, time_base=TIME_BASE)
        st.priv = _StreamPriv()
        self.ctx.streams.append(st)
        return st

    def _set_stream_info(self, st: Stream, pes: PesContext, stream_type: int, prog_reg: int) -> None:
        par = st.codecpar
        old = (par.codec_type, par.codec_name, par.codec_tag)
        st.time_base = TIME_BASE
        st.priv.pes = pes
        par.codec_type, par.codec_name = "data", None
        pes.st = st
        pes.stream_type = stream_type
        par.codec_tag = stream_type
        find_stream_type(st, stream_type, ISO_TYPES)
        if stream_type in (4, 0x0F):
            st.priv.request_probe = 50
        if prog_reg in (TAG_HDMV, TAG_HDPR) and par.codec_name is None:
            find_stream_type(st, stream_type, HDMV_TYPES)
        if par.codec_name is None:
            find_stream_type(st, stream_type, MISC_TYPES)
        if par.codec_name is None:
            find_stream_type(st, stream_type, HLS_SAMPLE_ENC_TYPES)
        if par.codec_name is None:
            par.codec_type, par.codec_name = old[0], old[1]
        if par.codec_name is None and stream_type == STREAM_TYPE_PRIVATE_DATA:
            par.codec_type, par.codec_name = "data", "bin_data"
            st.priv.request_probe = 5

    def new_unlisted_stream(self, pes: PesContext) -> bool:
        """A PES on a PID no PMT announced (auto_guess); False when no stream may be added
        (the PES is then skipped)."""
        if self.skip_changes:
            return False
        st = self._new_stream(pes.pid)
        if st is None:
            return False
        self._set_stream_info(st, pes, 0, 0)
        return True

    def emit(self, pes: PesContext, got: tuple) -> None:
        self.stop_parse = 1
        data, pts, dts, pos, flags, stream_id = got
        st = pes.st
        if st is None:
            return
        pkt = Packet(st.index, data, pts, dts, 0, pos, flags)
        if stream_id is not None:
            pkt.side_data.append(SideData("MPEGTS Stream ID", [("id", stream_id)],
                                          data=bytes([stream_id & 0xFF])))
        self.queue.append(pkt)

    def estimate_timings(self, ctx, log) -> None:
        from ...timing_pts import estimate_timings_from_pts
        from .parse import mpa_parser_values
        for st in ctx.streams:
            if st.index in self.mp3float and st.codecpar.codec_name in ("mp1", "mp2"):
                st.codecpar.format = "fltp"
            got = mpa_parser_values(self, st)
            if got is not None and st.codecpar.codec_name in ("mp1", "mp2", "mp3"):
                from ...chlayout import MONO, STEREO, describe
                st.codecpar.sample_rate, st.codecpar.channels = got
                st.codecpar.channel_layout = describe(MONO if got[1] == 1 else STEREO)
        estimate_timings_from_pts(ctx, self, log, self._read_raw, self._restart,
                                  final_update=False)
        self.skip_clear = False
        # find_stream_info is over: from now on the demuxer's reads (av_read_frame, seeks)
        # log ff_read_packet's warning for each corrupt packet themselves
        self.log_corrupt = True
        if not ctx.size or not getattr(self.source, "seekable", True):
            # FFmpeg 5.1.9: a pipe's timings come from the bit rate; what find_stream_info
            # read stays queued and reading goes on where it stopped
            return
        # estimate_timings_from_pts closed the parsers: reading starts again with new ones
        # (an AAC parser's bit rate average restarts from its next frame)
        self.__dict__.pop("_aac_parsers", None)
        self._restart(self.data_start)
        from ...timings import update_stream_timings
        update_stream_timings(ctx)      # estimate_timings' last step, after the seek back
        self.skip_changes = False
        buf = getattr(self, "packet_buffer", None)
        if buf is not None:
            buf.clear()         # ff_flush_packet_queue: reading starts again at the data

    def _restart(self, pos: int) -> None:
        self.skip_changes = True
        self.queue.clear()
        self.__dict__.get("held", {}).clear()
        self.__dict__.get("out", deque()).clear()
        self.__dict__.get("raw_buffer", deque()).clear()
        self.raw_size = 0
        self.source.seek(pos)

    def _read_raw(self) -> Packet | None:
        while not self.queue:
            if not self._handle_packets(0):
                for pid in sorted(self.pids):
                    f = self.pids[pid]
                    if isinstance(f, PesContext) and f.state == 3 and f.data:
                        self.emit(f, f.take(self.log))
                        f.state = 4
                        break
                if not self.queue:
                    return None
        pkt = self.queue.popleft()
        self._wrap(pkt)
        return pkt

    def _wrap(self, pkt: Packet) -> None:
        """ff_read_packet's 33-bit timestamp wrap correction (update_wrap_reference and
        wrap_timestamp): the reference is 60 s before a program's first timestamp."""
        st = self.ctx.streams[pkt.stream_index]
        pv = st.priv
        ref = pkt.dts if pkt.dts is not None else pkt.pts
        if pv.wrap_ref is None and ref is not None:
            ref &= WRAP - 1
            wref = ref - 60 * 90000
            wbeh = 1 if (ref < WRAP - (WRAP >> 3) or ref < WRAP - 60 * 90000) else -1
            progs = [p for p in self.ctx.programs if st.index in p.stream_indexes]
            if not progs:
                others = [s for s in self.ctx.streams
                          if not any(s.index in p.stream_indexes for p in self.ctx.programs)]
                for s in others:
                    if s.priv.wrap_ref is None:
                        s.priv.wrap_ref, s.priv.wrap_behavior = wref, wbeh
                if pv.wrap_ref is None:
                    pv.wrap_ref, pv.wrap_behavior = wref, wbeh
            else:
                wraps = self.__dict__.setdefault("program_wrap", {})
                for p in progs:
                    if p.id in wraps:
                        wref, wbeh = wraps[p.id]
                        break
                for p in progs:
                    if wraps.get(p.id, (None,))[0] != wref:
                        for i in p.stream_indexes:
                            sp = self.ctx.streams[i].priv
                            sp.wrap_ref, sp.wrap_behavior = wref, wbeh
                        wraps[p.id] = (wref, wbeh)
                if pv.wrap_ref is None:
                    pv.wrap_ref, pv.wrap_behavior = wref, wbeh
        if pv.wrap_ref is not None:
            pkt.dts = _wrap_ts(pkt.dts, pv.wrap_ref, pv.wrap_behavior)
            pkt.pts = _wrap_ts(pkt.pts, pv.wrap_ref, pv.wrap_behavior)

    def _check_ts(self, pkt: Packet) -> None:
        """read_frame_internal's warning for a packet presented before it is decoded."""
        if pkt.pts is not None and pkt.dts is not None and pkt.pts < pkt.dts:
            self.log.warning("Invalid timestamps stream=%d, pts=%d, dts=%d, size=%d\n"
                             % (pkt.stream_index, pkt.pts, pkt.dts, len(pkt.data)))

    def read_packet(self) -> Packet | None:
        """read_frame_internal: video parsers find a frame's end only when the next frame
        starts, so each such stream's latest packet is held back until its next one (or
        the end of the input) arrives."""
        held = self.__dict__.setdefault("held", {})
        out = self.__dict__.setdefault("out", deque())
        while True:
            if out:
                return out.popleft()
            pkt = self._parsed_packet()
            if pkt is None:
                if not held:
                    return None
                self.flushing = True        # av_read_frame flushes every parser in index order
                acc = self.__dict__.get("held_acc", {})
                for idx in sorted(held):
                    last = held.pop(idx)
                    got = acc.pop(idx, None)
                    if got is not None and got[0] is last:
                        last.data = bytes(got[1])
                    out.append(last)
                continue
            self.flushing = False
            if self.ctx.streams[pkt.stream_index].codecpar.codec_name in DELAYED_PARSERS:
                prev = held.get(pkt.stream_index)
                # parse_packet: a packet's side data goes to the frame the parser gives out
                # while eating it (the previous one); the frame flushed at the end gets none
                side, pkt.side_data = pkt.side_data, []
                codec = self.ctx.streams[pkt.stream_index].codecpar.codec_name
                if prev is not None and codec in ("h264", "hevc"):
                    # the parser ends the held frame where the next access unit starts,
                    # which need not be where this PES payload starts; while it grows, the
                    # held frame's bytes and the parser's scan state wait in held_acc (a
                    # copy and a rescan per PES packet were quadratic)
                    from .aucut import frame_cut
                    acc = self.__dict__.setdefault("held_acc", {})
                    got = acc.get(pkt.stream_index)
                    if got is None or got[0] is not prev:
                        got = acc[pkt.stream_index] = [prev, bytearray(prev.data), None]
                    joined = got[1]
                    held_len = len(joined)
                    joined += pkt.data
                    cut, got[2] = frame_cut(codec, joined, max(held_len - 3, 1), got[2])
                    if cut is None and len(joined) > MAX_HELD_FRAME:
                        cut = held_len          # (bounded work on streams without pictures)
                    if cut is None:
                        continue
                    del acc[pkt.stream_index]
                    prev.data, pkt.data = bytes(joined[:cut]), bytes(joined[cut:])
                held[pkt.stream_index] = pkt
                if prev is not None:
                    prev.side_data = side
                    return prev
                continue
            return pkt

    def _parsed_packet(self) -> Packet | None:
        """ff_read_packet: packets wait in a raw buffer while their stream's codec is
        probed from its data (request_probe), then pass the parser emulation."""
        from .parse import refine
        from .streamprobe import probe_codec
        raw = self.__dict__.setdefault("raw_buffer", deque())
        while True:
            if raw:
                head = self.ctx.streams[raw[0].stream_index]
                if head.priv.request_probe <= 0:
                    pkt = raw.popleft()
                    self.raw_size -= len(pkt.data)
                    self._check_ts(pkt)
                    if self._refined(pkt, refine):
                        return pkt
                    continue
            pkt = self._read_raw()
            if pkt is not None and pkt.flags & PKT_FLAG_CORRUPT and \
                    self.__dict__.get("log_corrupt"):
                self._corrupt_warning(pkt)
            if pkt is None:
                if not raw:
                    return None
                for st in self.ctx.streams:
                    if st.priv.request_probe > 0:
                        probe_codec(self, st, None)
                continue
            st = self.ctx.streams[pkt.stream_index]
            if not raw and st.priv.request_probe <= 0:
                self._check_ts(pkt)
                if self._refined(pkt, refine):
                    return pkt
                continue
            raw.append(pkt)
            self.raw_size = getattr(self, "raw_size", 0) + len(pkt.data)
            probe_codec(self, st, pkt)

    def _corrupt_warning(self, pkt: Packet) -> None:
        """ff_read_packet's warning, logged in two calls (never merged as a repeat)."""
        self.log.warning("Packet corrupt (stream = %d, dts = %s)"
                         % (pkt.stream_index, "NOPTS" if pkt.dts is None else pkt.dts))
        self.log.warning(".\n")

    def _refined(self, pkt: Packet, refine) -> bool:
        """The parser pass; a packet the parser drops is still reported corrupt first
        (ff_read_packet logs that before any parser sees it)."""
        if refine(self, pkt):
            return True
        if pkt.flags & PKT_FLAG_CORRUPT and not self.__dict__.get("log_corrupt"):
            self._corrupt_warning(pkt)
        from ...log import Logger
        Logger(self.ctx.streams[pkt.stream_index].codecpar.codec_name or "",
               self.log.sink).error("Error parsing Ogg TS header.\n")
        return False

    # -- programs -----------------------------------------------------------------------
    def _av_program(self, sid: int) -> Program:
        for prog in self.ctx.programs:
            if prog.id == sid:
                return prog
        prog = Program(id=sid, program_num=0, pmt_pid=0, pcr_pid=0)
        self.ctx.programs.append(prog)
        return prog

    def _get_prg(self, sid: int):
        for prg in self.prgs[:self.nb_prg]:
            if prg.id == sid:
                return prg
        return None

    def _add_prg(self, sid: int) -> _Prog:
        prg = self._get_prg(sid)
        if prg is not None:
            return prg
        prg = _Prog(sid)
        self.prgs = self.prgs[:self.nb_prg] + [prg]
        self.nb_prg += 1
        return prg

    def _pat(self, f, sec: bytes) -> None:
        c = psi.Cursor(sec, 0, len(sec) - 4)
        h = psi.parse_section_header(c)
        if h is None or h.tid != psi.PAT_TID or not h.current_next or self.skip_changes:
            return
        if psi.skip_identical(h, f):
            return
        nb = 0
        sid = None
        while True:
            sid = c.get16()
            if sid is None:
                break
            pmt_pid = c.get16()
            if pmt_pid is None:
                sid = None
                break
            pmt_pid &= 0x1FFF
            if pmt_pid == self.current_pid:
                break
            if sid == 0:
                continue
            prog = self._av_program(sid)
            prog.program_num = sid
            prog.pmt_pid = pmt_pid
            fil = self.pids.get(pmt_pid)
            if fil is not None and not (isinstance(fil, psi.SectionFilter) and fil.callback == self._pmt):
                del self.pids[pmt_pid]
            if pmt_pid not in self.pids:
                self.pids[pmt_pid] = psi.SectionFilter(pmt_pid, self._pmt)
            prg = self._add_prg(sid)
            idx = self.prgs.index(prg)
            if prg.pids and prg.pids[0] != pmt_pid:
                prg.pids, prg.streams = [], []
            if pmt_pid not in prg.pids:
                prg.pids.append(pmt_pid)
            if idx > nb:
                self.prgs[nb], self.prgs[idx] = self.prgs[idx], self.prgs[nb]
            if idx >= nb:
                nb += 1
        self.nb_prg = nb
        if sid is None and not self.skip_clear:
            keep = {p.id for p in self.prgs[:self.nb_prg]}
            for prog in self.ctx.programs:
                if prog.id not in keep:
                    prog.stream_indexes = []

    def _pmt(self, f, sec: bytes) -> None:
        c = psi.Cursor(sec, 0, len(sec) - 4)
        h = psi.parse_section_header(c)
        if h is None or h.tid != psi.PMT_TID or not h.current_next:
            return
        if psi.skip_identical(h, f):
            return
        # FFmpeg 5.1.9: skip_changes (set while estimate_timings reads) does not stop a PMT,
        # as scan_all_pmts keeps its default of -1
        prg = self._get_prg(h.id)
        if prg and prg.pids and prg.pids[0] != self.current_pid:
            return
        for prog in self.ctx.programs:
            if prog.id == h.id and not self.skip_clear:
                prog.stream_indexes = []
        if prg:
            prg.pids, prg.streams, prg.pmt_found = [], [], False
            prg.pids.append(self.current_pid)
        pcr_pid = c.get16()
        if pcr_pid is None:
            return
        pcr_pid &= 0x1FFF
        if prg and pcr_pid not in prg.pids:
            prg.pids.append(pcr_pid)
        for prog in self.ctx.programs:
            if prog.id == h.id:
                prog.pcr_pid = pcr_pid
        info_len = c.get16()
        if info_len is None or (info_len & 0xFFF) > c.end - c.pos:
            return
        info_len &= 0xFFF
        prog_reg = 0
        while info_len >= 2:
            tag = c.get8()
            ln = c.get8()
            info_len -= 2
            if ln is None or ln > info_len:
                break
            info_len -= ln
            if tag == 0x05 and ln >= 4:
                prog_reg = int.from_bytes(sec[c.pos:c.pos + 4], "little")
            c.pos += ln
        c.pos += info_len
        if c.pos >= c.end:
            return
        if not self.reading:
            self.stop_parse = 2
        if prg:
            prg.pmt_found = True
        for i in range(MAX_STREAMS_PER_PROGRAM):
            stream_type = c.get8()
            if stream_type is None:
                break
            pid = c.get16()
            if pid is None:
                return
            pid &= 0x1FFF
            if pid == self.current_pid:
                return
            ident = self._stream_identifier(sec, c.pos, c.end) + 1
            st = None
            pes = None
            fil = self.pids.get(pid)
            if isinstance(fil, PesContext):
                pes = fil
                if pes.st is None:
                    pes.st = self._new_stream(pid)
                st = pes.st
                if st is None:
                    return
            elif not (stream_type == 0x13 or (stream_type == 0x86 and prog_reg == TAG_CUEI)):
                if fil is not None:
                    del self.pids[pid]
                pes = self.pids[pid] = PesContext(pid, pcr_pid)
                st = self._new_stream(pid)
                if st is None:
                    return
                pes.st = st
            else:
                for s in self.ctx.streams:
                    if s.id == pid:
                        st = s
                        break
                if st is None:
                    st = self._new_stream(pid)
                    if st is None:
                        return
                    st.codecpar.codec_type = "data"
                    if stream_type == 0x86 and prog_reg == TAG_CUEI:
                        find_stream_type(st, stream_type, SCTE_TYPES)
                        self.pids[pid] = psi.SectionFilter(pid, self._scte)
            if pes is not None and not pes.stream_type:
                self._set_stream_info(st, pes, stream_type, prog_reg)
            if prg:
                if pid not in prg.pids:
                    prg.pids.append(pid)
                prg.streams.append((st.index, ident))
            for prog in self.ctx.programs:
                if prog.id == h.id and st.index not in prog.stream_indexes:
                    prog.stream_indexes.append(st.index)
            dl = c.get16()
            if dl is None:
                return
            dl_end = c.pos + (dl & 0xFFF)
            if dl_end > c.end:
                return
            while parse_descriptor(st, stream_type, c, dl_end, self.log):
                pass
            c.pos = dl_end
        if pcr_pid not in self.pids:
            self.pids[pcr_pid] = _PcrFilter(pcr_pid)

    @staticmethod
    def _stream_identifier(sec: bytes, pos: int, end: int) -> int:
        c = psi.Cursor(sec, pos, end)
        ln = c.get16()
        if ln is None:
            return -1
        list_end = c.pos + (ln & 0xFFF)
        if list_end > end:
            return -1
        while True:
            tag = c.get8(list_end)
            if tag is None:
                return -1
            dl = c.get8(list_end)
            if dl is None or c.pos + dl > list_end:
                return -1
            if tag == 0x52:
                v = c.get8(c.pos + dl)
                return -1 if v is None else v
            c.pos += dl

    def _sdt(self, f, sec: bytes) -> None:
        c = psi.Cursor(sec, 0, len(sec) - 4)
        h = psi.parse_section_header(c)
        if h is None or h.tid != psi.SDT_TID or not h.current_next or self.skip_changes:
            return
        if psi.skip_identical(h, f):
            return
        if c.get16() is None or c.get8() is None:
            return
        while True:
            sid = c.get16()
            if sid is None or c.get8() is None:
                break
            dl = c.get16()
            if dl is None:
                break
            list_end = c.pos + (dl & 0xFFF)
            if list_end > c.end:
                break
            while True:
                tag = c.get8(list_end)
                if tag is None:
                    break
                ln = c.get8(list_end)
                if ln is None:
                    break
                end = c.pos + ln
                if end > list_end:
                    break
                if tag == 0x48 and c.get8(end) is not None:
                    provider = psi.getstr8(c, end)
                    if provider is not None:
                        name = psi.getstr8(c, end)
                        if name is not None:
                            prog = self._av_program(sid)
                            prog.tags.set("service_name", name)
                            prog.tags.set("service_provider", provider)
                c.pos = end
            c.pos = list_end

    def _eit(self, f, sec: bytes) -> None:
        if self.epg_stream is None:
            st = self._new_stream(EIT_PID)
            if st is None:
                return
            st.codecpar.codec_type, st.codecpar.codec_name = "data", "epg"
            self.epg_stream = st
        c = psi.Cursor(sec, 0, len(sec) - 4)
        h = psi.parse_section_header(c)
        if h is None or not 0x4E <= h.tid <= 0x6F or h.id == 0xFFFF or not self.reading:
            return
        self.queue.append(Packet(self.epg_stream.index, sec, None, None))
        self.stop_parse = 1

    def _scte(self, f, sec: bytes) -> None:
        """scte_data_cb: the section is the packet (with the program's PCR as time)."""
        st = None
        for s in self.ctx.streams:
            if s.id == f.pid:
                st = s
        if st is None or not self.reading:
            return
        self.queue.append(Packet(st.index, sec, None, None))
        self.stop_parse = 1
