"""The MPEG-TS muxer (FFmpeg 5.1.9 mpegtsenc.c behaviour; ISO/IEC 13818-1 transport streams,
ETSI EN 300 468 service information, BDAV .m2ts with 4-byte TP_extra_headers): services and
PIDs, PSI/SI repetition, per-packet payload rewriting (H.264/HEVC access unit delimiters,
ADTS for MP4 AAC, Opus control headers), audio PES aggregation and PCR placement.

Private options: mpegts_transport_stream_id, mpegts_original_network_id, mpegts_service_id,
mpegts_service_type, mpegts_pmt_start_pid, mpegts_start_pid, mpegts_m2ts_mode, muxrate,
pes_payload_size, mpegts_flags, mpegts_copyts, tables_version, omit_video_pes_length,
pcr_period, pat_period, sdt_period, nit_period; the ffmpeg -muxdelay value arrives as
"muxdelay" (seconds, default 0.7).
"""
from __future__ import annotations

import errno
import re
import struct

from ...errors import AVERROR_INVALIDDATA, CineError
from ...log import Logger
from ...model import PKT_FLAG_KEY, Rational
from ...timebase import ROUND_UP, rescale_rnd
from ..avopt import parse_flags, parse_number
from ..base import Muxer
from . import mux_psi as P
from .mux_pes import cdiv, write_pes

PCR_TB = 27_000_000
INT_MAX = (1 << 31) - 1
INT64_MAX = (1 << 63) - 1
M2TS_PMT_PID, M2TS_VIDEO_PID, M2TS_AUDIO_PID = 0x0100, 0x1011, 0x1100
M2TS_PGSSUB_PID, M2TS_TEXTSUB_PID = 0x1200, 0x1800
LAST_OTHER_PID = 0x1FFE
CLASS_NAME = "MPEGTS muxer"

FLAGS = {"resend_headers": 0x01, "latm": 0x02, "pat_pmt_at_frames": 0x04, "system_b": 0x08,
         "initial_discontinuity": 0x10, "nit": 0x20}
SERVICE_TYPES = {"digital_tv": 0x01, "digital_radio": 0x02, "teletext": 0x03,
                 "advanced_codec_digital_radio": 0x0A, "mpeg2_digital_hdtv": 0x11,
                 "advanced_codec_digital_sdtv": 0x16, "advanced_codec_digital_hdtv": 0x19,
                 "hevc_digital_hdtv": 0x1F}
# name: (attribute, kind, minimum, maximum)
OPTIONS = {
    "mpegts_transport_stream_id": ("tsid", "int", 1, 0xFFFF),
    "mpegts_original_network_id": ("onid", "int", 1, 0xFFFF),
    "mpegts_service_id": ("service_id", "int", 1, 0xFFFF),
    "mpegts_service_type": ("service_type", "int", 1, 0xFF),
    "mpegts_pmt_start_pid": ("pmt_start_pid", "int", 0x20, LAST_OTHER_PID),
    "mpegts_start_pid": ("start_pid", "int", 0x20, LAST_OTHER_PID),
    "mpegts_m2ts_mode": ("m2ts_opt", "bool", -1, 1),
    "muxrate": ("mux_rate", "int", 0, INT_MAX),
    "pes_payload_size": ("pes_payload_size", "int", 0, INT_MAX),
    "mpegts_flags": ("flags", "flags", 0, INT_MAX),
    "mpegts_copyts": ("copyts", "bool", -1, 1),
    "tables_version": ("tables_version", "int", 0, 31),
    "omit_video_pes_length": ("omit_video_pes_length", "bool", 0, 1),
    "pcr_period": ("pcr_period_ms", "int", -1, INT_MAX),
    "pat_period": ("pat_period_us", "duration", 0, INT64_MAX),
    "sdt_period": ("sdt_period_us", "duration", 0, INT64_MAX),
    "nit_period": ("nit_period_us", "duration", 0, INT64_MAX),
}
_DURATION = re.compile(r"^(-?)(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?|\.\d+)(ms|us)?$")


def _f32(v: float) -> float:
    """v rounded to single precision (C float)."""
    return struct.unpack("<f", struct.pack("<f", v))[0]


def _rescale(a: int, b: int, c: int) -> int:
    """av_rescale (round to nearest, halves away from zero)."""
    r = c // 2
    if a < 0:
        return -((-a * b + r) // c)
    return (a * b + r) // c


class _Service:
    __slots__ = ("sid", "pmt_pid", "pmt_cc", "pmt_disc", "name", "provider_name", "pcr_pid")

    def __init__(self, sid, pmt_pid, name, provider_name, disc):
        self.sid = sid
        self.pmt_pid = pmt_pid
        self.pmt_cc = 15
        self.pmt_disc = disc
        self.name = name
        self.provider_name = provider_name
        self.pcr_pid = 0x1FFF


class _TsStream:
    __slots__ = ("index", "pid", "cc", "discontinuity", "payload", "payload_pts",
                 "payload_dts", "payload_flags", "first_ts_checked", "prev_payload_key",
                 "pcr_period", "last_pcr", "adts", "opus_queued", "opus_trim_start",
                 "ac3_desc", "data_warned")

    def __init__(self, index, pid, disc):
        self.index = index
        self.pid = pid
        self.cc = 15
        self.discontinuity = disc
        self.payload = bytearray()
        self.payload_pts = self.payload_dts = None
        self.payload_flags = 0
        self.first_ts_checked = False
        self.prev_payload_key = False
        self.pcr_period = 0
        self.last_pcr = 0
        self.adts = None
        self.opus_queued = 0
        self.opus_trim_start = 0
        self.ac3_desc = None
        self.data_warned = False


class _Collect:
    """A tiny write-only sink for the inner ADTS muxer."""

    def __init__(self):
        self.buf = bytearray()

    def write(self, data) -> None:
        self.buf += data


class MpegtsMuxer(Muxer):
    codec_tags = None

    # -- options -----------------------------------------------------------------------------
    def _defaults(self) -> None:
        self.tsid = 1
        self.onid = 0xFF01
        self.service_id = 1
        self.service_type = 1
        self.pmt_start_pid = 0x1000
        self.start_pid = 0x100
        self.m2ts_opt = -1
        self.mux_rate = 1
        self.pes_payload_size = (16 - 1) * 184 + 170
        self.flags = 0
        self.copyts = -1
        self.tables_version = 0
        self.omit_video_pes_length = 1
        self.pcr_period_ms = -1
        self.pat_period_us = 100_000
        self.sdt_period_us = 500_000
        self.nit_period_us = 500_000

    def _bad(self, name, text, code=-errno.EINVAL, msg=None) -> None:
        log = Logger(CLASS_NAME, self.log.sink)
        if msg:
            log.error(msg)
        log.error("Error setting option %s to value %s.\n" % (name, text))
        raise CineError(code=code)

    def _set_options(self) -> None:
        log = Logger(CLASS_NAME, self.log.sink)
        for name, value in self.options.items():
            spec = OPTIONS.get(name)
            if spec is None:
                continue
            attr, kind, lo, hi = spec
            text = str(value)
            if kind == "flags":
                setattr(self, attr, self._parse_flags(name, text, FLAGS, getattr(self, attr)))
                continue
            if kind == "duration":
                v = self._parse_duration(text)
                if v is None:
                    self._bad(name, text, msg='Unable to parse option value "%s" as duration\n'
                              % text)
                if v < lo:
                    self._bad(name, text, -errno.ERANGE,
                              "Value %f for parameter '%s' out of range [%s - %s]\n"
                              % (v / 1e6, name, "%g" % (lo / 1e6), "%g" % (hi / 1e6)))
                setattr(self, attr, v)
                continue
            if kind == "bool":
                low = text.lower()
                d = {"auto": -1, "true": 1, "y": 1, "yes": 1, "enable": 1, "on": 1,
                     "false": 0, "n": 0, "no": 0, "disable": 0, "off": 0}.get(low)
                if d is None:
                    d = parse_number(text)
                    if d is None or d != int(d):
                        self._bad(name, text, msg='Unable to parse option value "%s" as '
                                  'boolean\n' % text)
            else:
                d = None
                if name == "mpegts_service_type":
                    d = SERVICE_TYPES.get(text)
                if d is None:
                    d = parse_number(text)
                if d is None:
                    Logger((CLASS_NAME, "Eval"), self.log.sink).error(
                        "Undefined constant or missing '(' in '%s'\n" % text)
                    log.error('Unable to parse option value "%s"\n' % text)
                    self._bad(name, text)
            if d != d or d < lo or d > hi:
                self._bad(name, text, -errno.ERANGE,
                          "Value %f for parameter '%s' out of range [%s - %s]\n"
                          % (d, name, "%g" % lo, "%g" % hi))
            setattr(self, attr, int(round(d)))

    def _parse_flags(self, name: str, text: str, table: dict, cur: int) -> int:
        def undefined(word, rest):
            Logger((CLASS_NAME, "Eval"), self.log.sink).error(
                "Undefined constant or missing '(' in '%s'\n" % word)
            Logger(CLASS_NAME, self.log.sink).error('Unable to parse option value "%s"\n' % rest)
            self._bad(name, text)

        def rejected(rest, d):
            if d != d:
                Logger(CLASS_NAME, self.log.sink).error('Unable to parse option value "%s"\n'
                                                        % rest)
                self._bad(name, text)
            self._bad(name, text, -errno.ERANGE, "Value %f for parameter '%s' is not a valid "
                      "set of 32bit integer flags\n" % (d, name))
        return parse_flags(text, table, cur, undefined, rejected, {"max": (1 << 31) - 1})

    @staticmethod
    def _parse_duration(text: str) -> int | None:
        """av_parse_time in duration mode: [-][[HH:]MM:]SS[.m...][ms|us] -> microseconds."""
        m = _DURATION.match(text.strip())
        if not m:
            return None
        neg, a, b, sec, unit = m.groups()
        hours, mins = (int(a), int(b)) if b is not None else (0, int(a) if a else 0)
        ip, _, frac = sec.partition(".")
        us = (int(ip or 0) + mins * 60 + hours * 3600) * 1_000_000 + int((frac + "000000")[:6])
        if unit == "ms":
            us //= 1000
        elif unit == "us":
            us //= 1_000_000
        return -us if neg else us

    # -- init --------------------------------------------------------------------------------
    def init(self) -> None:
        self._defaults()
        self._set_options()
        ctx, log = self.ctx, self.log
        url = ctx.filename or ""
        if self.m2ts_opt == -1:
            self.m2ts = url.rsplit(".", 1)[-1].lower() == "m2ts" if "." in url else False
        else:
            self.m2ts = bool(self.m2ts_opt)
        if self.m2ts:
            self.pmt_start_pid = M2TS_PMT_PID
        # ffmpeg: oc->max_delay = (int)(mux_max_delay * AV_TIME_BASE), in float arithmetic
        try:
            secs = _f32(float(self.options.get("muxdelay", "0.7")))
            self.max_delay = int(_f32(secs * 1_000_000))
        except (ValueError, OverflowError):
            self.max_delay = 700_000
        if self.max_delay < 0:
            self.max_delay = 0
        self.delay90 = _rescale(self.max_delay, 90000, 1_000_000)
        self.pes_payload_size = (self.pes_payload_size + 14 + 183) // 184 * 184 - 14
        self.sdt_remaining = P.SECTION_LENGTH - 3
        disc = bool(self.flags & FLAGS["initial_discontinuity"])
        tags = ctx.tags
        title = tags.get("service_name")
        if title is None:
            title = tags.get("title")
        name = title if title is not None else "Service01"
        prov = tags.get("service_provider")
        pname = P.encode_str8(prov if prov is not None else "FFmpeg")
        sname = P.encode_str8(name)
        if pname is None or sname is None:
            log.error("Too long service or provider name\n")
            raise CineError(code=-errno.ENOMEM)
        self.sdt_remaining -= 10 + pname[0] + sname[0]
        if self.sdt_remaining < 0:
            raise CineError(code=-errno.ENOMEM)
        self.services = [_Service(self.service_id, self.pmt_start_pid, sname, pname, disc)]
        self.pat_cc = self.sdt_cc = self.nit_cc = 15
        self.pat_disc = self.sdt_disc = self.nit_disc = disc
        self.sts: list[_TsStream] = []
        vpid, apid, pgs, txt = M2TS_VIDEO_PID, M2TS_AUDIO_PID, M2TS_PGSSUB_PID, M2TS_TEXTSUB_PID
        for i, st in enumerate(ctx.streams):
            st.time_base = Rational(1, 90000)
            par = st.codecpar
            sid = getattr(st, "id", 0) or 0
            if sid < 16:
                if self.m2ts:
                    pid = 0
                    if par.codec_type == "video":
                        pid, vpid = vpid, vpid + 1
                    elif par.codec_type == "audio":
                        pid, apid = apid, apid + 1
                    elif par.codec_name == "hdmv_pgs_subtitle":
                        pid, pgs = pgs, pgs + 1
                    elif par.codec_name == "hdmv_text_subtitle":
                        pid, txt = txt, txt + 1
                    if (vpid > M2TS_VIDEO_PID + 1 or apid > M2TS_AUDIO_PID + 32
                            or pgs > M2TS_PGSSUB_PID + 32 or txt > M2TS_TEXTSUB_PID + 1
                            or pid < 16):
                        log.error("Cannot automatically assign PID for stream %d\n" % i)
                        raise CineError(code=-errno.EINVAL)
                else:
                    pid = self.start_pid + i
            else:
                pid = sid
            if pid >= 0x1FFF:
                log.error("Invalid stream id %d, must be less than 8191\n" % sid)
                raise CineError(code=-errno.EINVAL)
            for sv in self.services:
                if sv.pmt_pid > LAST_OTHER_PID:
                    log.error("Invalid PMT PID %d, must be less than %d\n"
                              % (sv.pmt_pid, LAST_OTHER_PID + 1))
                    raise CineError(code=-errno.EINVAL)
                if pid == sv.pmt_pid:
                    log.error("PID %d cannot be both elementary and PMT PID\n" % pid)
                    raise CineError(code=-errno.EINVAL)
            for prev in self.sts:
                if prev.pid == pid:
                    log.error("Duplicate stream id %d\n" % pid)
                    raise CineError(code=-errno.EINVAL)
            ts_st = _TsStream(i, pid, disc)
            if par.codec_name == "aac" and par.extradata:
                ts_st.adts = self._inner_aac(par)
            if par.codec_name == "opus":
                ts_st.opus_trim_start = (par.initial_padding or 0) * 48000 // (par.sample_rate or 48000)
            self.sts.append(ts_st)
        self.first_pcr = 0
        if self.copyts < 1:
            self.first_pcr = _rescale(self.max_delay, PCR_TB, 1_000_000)
        self.first_dts_checked = False
        self.next_pcr = 0
        self.total_size = 0
        self._select_pcr_streams()
        self.last_pat = self.last_sdt = self.last_nit = None
        self.pat_period = _rescale(self.pat_period_us, PCR_TB, 1_000_000)
        self.sdt_period = _rescale(self.sdt_period_us, PCR_TB, 1_000_000)
        self.nit_period = _rescale(self.nit_period_us, PCR_TB, 1_000_000)
        if P.encode_str8(prov if prov is not None else "FFmpeg") is None:
            log.error("Too long provider name\n")
            raise CineError(code=-errno.EINVAL)
        self.provider_name = pname
        rate = "muxrate VBR, " if self.mux_rate == 1 else "muxrate %d, " % self.mux_rate
        line = rate + "sdt every %d ms, pat/pmt every %d ms" % (
            _rescale(self.sdt_period, 1000, PCR_TB), _rescale(self.pat_period, 1000, PCR_TB))
        if self.flags & FLAGS["nit"]:
            line += ", nit every %d ms" % _rescale(self.nit_period, 1000, PCR_TB)
        log.verbose(line + "\n")

    def _inner_aac(self, par):
        """The inner AAC writer (ts_st->amux): LATM with -mpegts_flags latm, else ADTS."""
        if self.flags & FLAGS["latm"]:
            from .mux_latm import LatmFramer
            return LatmFramer(par, Logger("latm", self.log.sink))
        from ..adts_mux import AdtsMuxer
        from ...model import FormatContext, Stream
        inner = FormatContext(filename="", format_name="adts")
        ast = Stream(index=0)
        ast.codecpar = par
        inner.streams.append(ast)
        adts = AdtsMuxer(_Collect(), inner, Logger("adts", self.log.sink), {})
        adts.init()
        return adts

    def _select_pcr_streams(self) -> None:
        streams = self.ctx.streams
        pcr_st = None
        for st in streams:
            if pcr_st is None or (pcr_st.codecpar.codec_type != "video"
                                  and st.codecpar.codec_type == "video"):
                pcr_st = st
        if pcr_st is None:
            return
        ts_st = self.sts[pcr_st.index]
        sv = self.services[0]
        sv.pcr_pid = ts_st.pid
        par = pcr_st.codecpar
        if self.mux_rate > 1 or self.pcr_period_ms >= 0:
            ms = 20 if self.pcr_period_ms == -1 else self.pcr_period_ms
            ts_st.pcr_period = _rescale(ms, PCR_TB, 1000)
        else:
            period = 0
            if par.codec_type == "audio":
                from ...timing_pts import audio_frame_duration
                fs = audio_frame_duration(par, 0)
                if not fs:
                    self.log.warning("frame size not set\n")
                    fs = 512
                period = rescale_rnd(fs, PCR_TB, par.sample_rate, ROUND_UP)
            else:
                fr = pcr_st.avg_frame_rate
                if fr.num:
                    period = rescale_rnd(fr.den, PCR_TB, fr.num, ROUND_UP)
            if 0 < period <= PCR_TB // 10:
                ts_st.pcr_period = period * (PCR_TB // 10 // period)
            else:
                ts_st.pcr_period = 1
        ts_st.last_pcr = self.first_pcr - ts_st.pcr_period
        self.log.verbose("service %d using PCR in pid=%d, pcr_period=%dms\n"
                         % (sv.sid, sv.pcr_pid, _rescale(ts_st.pcr_period, 1000, PCR_TB)))

    # -- transport packets -------------------------------------------------------------------
    def get_pcr(self) -> int:
        return _rescale(self.total_size + 11, 8 * PCR_TB, self.mux_rate) + self.first_pcr

    def write_ts(self, packet: bytes) -> None:
        if self.m2ts:
            pcr = self.get_pcr()
            extra = pcr - cdiv(pcr, 0x3FFFFFFF) * 0x3FFFFFFF      # C remainder
            self.pb.write(struct.pack(">I", extra & 0xFFFFFFFF))
        self.pb.write(packet)
        self.total_size += P.TS_PACKET_SIZE

    def _section(self, which: str, pid: int, tid: int, ident: int, data: bytes) -> None:
        sec = P.section1(tid, ident, self.tables_version, data)
        if sec is None:
            return
        cc = getattr(self, which + "_cc")
        disc = getattr(self, which + "_disc")
        pkts, cc = P.section_packets(pid, cc, disc, sec)
        setattr(self, which + "_cc", cc)
        setattr(self, which + "_disc", False)
        for p in pkts:
            self.write_ts(p)

    def _write_pmt(self, sv: _Service) -> None:
        entries = []
        for i, st in enumerate(self.ctx.streams):
            ts_st = self.sts[i]
            entries.append((i, st, ts_st.pid, self._stream_type(st, ts_st), ts_st.ac3_desc))
        data, err_at = P.pmt_data(entries, sv.pcr_pid, self.m2ts, self.flags,
                                  getattr(self, "strict", 0), self.log)
        if err_at is not None:
            self.log.error("The PMT section cannot fit stream %d and all following streams.\n"
                           "Try reducing the number of languages in the audio streams or the "
                           "total number of streams.\n" % err_at)
        sec = P.section1(P.PMT_TID, sv.sid, self.tables_version, data)
        if sec is None:
            return
        pkts, sv.pmt_cc = P.section_packets(sv.pmt_pid, sv.pmt_cc, sv.pmt_disc, sec)
        sv.pmt_disc = False
        for p in pkts:
            self.write_ts(p)

    def _stream_type(self, st, ts_st) -> int:
        par = st.codecpar
        c = par.codec_name
        if self.m2ts:
            if c == "dts":
                return 0x85 if par.channels > 6 else 0x82
            t = P.M2TS_TYPES.get(c)
        elif c in ("mp2", "mp3"):
            t = P.ST_AUDIO_MPEG2 if 0 < par.sample_rate < 32000 else P.ST_AUDIO_MPEG1
        elif c == "aac":
            t = P.ST_AUDIO_AAC_LATM if self.flags & FLAGS["latm"] else P.ST_AUDIO_AAC
        elif c in ("ac3", "eac3"):
            t = P.ST_PRIVATE_DATA if self.flags & FLAGS["system_b"] else \
                (P.ST_AUDIO_AC3 if c == "ac3" else P.ST_AUDIO_EAC3)
        elif c == "klv":
            t = P.ST_METADATA if par.profile == P.FF_PROFILE_KLVA_SYNC else P.ST_PRIVATE_DATA
        else:
            t = P.DVB_TYPES.get(c)
        if t is None:
            msg = ("Stream %d, codec %s, is muxed as a private data stream and may not be "
                   "recognized upon reading.\n" % (st.index, c))
            if ts_st.data_warned:
                self.log.debug(msg)
            else:
                self.log.warning(msg)
                ts_st.data_warned = True
            t = P.ST_PRIVATE_DATA
        return t

    def retransmit_si_info(self, force_pat, force_sdt, force_nit, pcr) -> None:
        if pcr is not None and (self.last_sdt is None or pcr - self.last_sdt >= self.sdt_period) \
                or force_sdt:
            if pcr is not None:
                self.last_sdt = pcr if self.last_sdt is None else max(pcr, self.last_sdt)
            self._section("sdt", P.SDT_PID, P.SDT_TID, self.tsid,
                          P.sdt_data(self.onid, self.service_type, self.services))
        if pcr is not None and (self.last_pat is None or pcr - self.last_pat >= self.pat_period) \
                or force_pat:
            if pcr is not None:
                self.last_pat = pcr if self.last_pat is None else max(pcr, self.last_pat)
            self._section("pat", P.PAT_PID, P.PAT_TID, self.tsid,
                          P.pat_data(self.services, bool(self.flags & FLAGS["nit"])))
            for sv in self.services:
                self._write_pmt(sv)
        if pcr is not None and (self.last_nit is None or pcr - self.last_nit >= self.nit_period) \
                or force_nit:
            if pcr is not None:
                self.last_nit = pcr if self.last_nit is None else max(pcr, self.last_nit)
            if self.flags & FLAGS["nit"]:
                self._section("nit", P.NIT_PID, P.NIT_TID, self.onid,
                              P.nit_data(self.provider_name, self.tsid, self.onid,
                                         self.service_type, self.services))

    def insert_null(self) -> None:
        self.write_ts(b"\x47\x1f\xff\x10" + b"\xff" * 184)

    def insert_pcr_only(self, ts_st: _TsStream) -> None:
        flags = 0x10
        if ts_st.discontinuity:
            flags |= 0x80
            ts_st.discontinuity = False
        head = bytes((0x47, ts_st.pid >> 8, ts_st.pid & 0xFF, 0x20 | ts_st.cc, 183, flags))
        from .mux_pes import pcr_bits
        pk = head + pcr_bits(self.get_pcr())
        self.write_ts(pk + b"\xff" * (P.TS_PACKET_SIZE - len(pk)))

    # -- packets -----------------------------------------------------------------------------
    def auto_bsf(self, stream, pkt):
        par = stream.codecpar
        d = pkt.data
        if par.codec_name in ("h264", "hevc") and len(d) >= 5 and d[:4] != b"\0\0\0\1" and (
                d[:3] != b"\0\0\1" or (par.extradata and par.extradata[0] == 1)):
            return ["h264_mp4toannexb" if par.codec_name == "h264" else "hevc_mp4toannexb"]
        return None

    def write_packet(self, pkt) -> None:
        from .mux_payload import rewrite_payload
        st = self.ctx.streams[pkt.stream_index]
        ts_st = self.sts[pkt.stream_index]
        delay = self.delay90 * 2
        max_audio_delay = self.delay90 // 2
        dts, pts = pkt.dts, pkt.pts
        stream_id = -1
        for sd in pkt.side_data:
            if sd.type in ("MPEGTS Stream ID", "mpegts_stream_id") and sd.data:
                stream_id = sd.data[0]
        if not self.first_dts_checked and dts is not None:
            self.first_pcr += dts * 300
            self.first_dts_checked = True
        if self.copyts < 1:
            if pts is not None:
                pts += delay
            if dts is not None:
                dts += delay
        if not ts_st.first_ts_checked and (pts is None or dts is None):
            self.log.error("first pts and dts value must be set\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        ts_st.first_ts_checked = True
        key = bool(pkt.flags & PKT_FLAG_KEY)
        res = rewrite_payload(self, st, ts_st, pkt, key, pts, dts)
        if res is None:
            return
        buf, opus_samples = res
        par = st.codecpar
        size = len(buf)
        if ts_st.payload and (len(ts_st.payload) + size > self.pes_payload_size or (
                dts is not None and ts_st.payload_dts is not None
                and dts - ts_st.payload_dts >= max_audio_delay)
                or ts_st.opus_queued + opus_samples >= 5760):
            write_pes(self, st, ts_st, bytes(ts_st.payload), ts_st.payload_pts,
                      ts_st.payload_dts, bool(ts_st.payload_flags & PKT_FLAG_KEY), stream_id)
            ts_st.payload = bytearray()
            ts_st.opus_queued = 0
        if par.codec_type != "audio" or size > self.pes_payload_size:
            write_pes(self, st, ts_st, bytes(buf), pts, dts, key, stream_id)
            ts_st.opus_queued = 0
            return
        if not ts_st.payload:
            ts_st.payload_pts = pts
            ts_st.payload_dts = dts
            ts_st.payload_flags = pkt.flags
        ts_st.payload += buf
        ts_st.opus_queued += opus_samples

    def _flush(self) -> None:
        for st, ts_st in zip(self.ctx.streams, self.sts):
            if ts_st.payload:
                write_pes(self, st, ts_st, bytes(ts_st.payload), ts_st.payload_pts,
                          ts_st.payload_dts, bool(ts_st.payload_flags & PKT_FLAG_KEY), -1)
                ts_st.payload = bytearray()
                ts_st.opus_queued = 0
        if self.m2ts:
            n = (self.total_size // P.TS_PACKET_SIZE) % 32
            while n < 32:
                self.insert_null()
                n += 1

    def write_trailer(self) -> None:
        if self.pb is not None:
            self._flush()
