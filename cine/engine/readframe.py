"""What av_read_frame adds to a demuxer's packets after avformat_find_stream_info (FFmpeg 5.1.9
libavformat/demux.c read_frame_internal + compute_pkt_fields, without a parser): missing
durations from the frame rate or the audio frame size, pts/dts interpolation for one-in-one-out
codecs, "relative" timestamps counted from 0 when a stream has none, the key flag of intra-only
codecs, and the "Skip Samples" side data of streams that start with priming samples.

Demuxers that already deliver finished packets (the raw elementary ones, which emulate the
parser-driven path themselves) set `finished_packets = True` and are left alone.
"""
from __future__ import annotations

import struct

from .model import PKT_FLAG_KEY, Rational, SideData
from .timebase import INT64_MAX, ROUND_DOWN, reduce, rescale_q, rescale_rnd

RELATIVE_TS_BASE = INT64_MAX - (1 << 48)
MAX_REORDER_DELAY = 16


# the codecs FFmpeg 5.1.9 has a parser for (libavcodec/parsers.c), by cine codec name
PARSER_CODECS = frozenset((
    "aac", "aac_latm", "ac3", "eac3", "acelp.kelvin", "adpcm_adx", "amr_nb", "amr_wb", "av1",
    "avs2", "avs3", "bmp", "cavs", "cook", "cri", "dts", "dirac", "dnxhd", "dolby_e", "dpx",
    "dvaudio", "dvb_subtitle", "dvd_subtitle", "dvd_nav_packet", "flac", "g723_1", "g729",
    "gif", "gsm", "gsm_ms", "h261", "h263", "h264", "hevc", "ipu", "jpeg2000", "jpegls",
    "mjpeg", "mlp", "truehd", "mpeg4", "mp1", "mp2", "mp3", "mp3adu", "mpeg1video",
    "mpeg2video", "opus", "png", "pam", "pbm", "pfm", "pgm", "pgmyuv", "phm", "ppm", "qoi",
    "rv30", "rv40", "sbc", "sipr", "tak", "vc1", "vorbis", "vp3", "theora", "vp6", "vp6a",
    "vp6f", "vp8", "vp9", "webp", "xbm", "xma2"))


# codecs whose parser or decoder init can set the decoder's frame rate while find_stream_info
# reads (compute_frame_duration prefers it): their buffered durations are recomputed here
_FRAMERATE_PARSERS = frozenset(("h264", "hevc", "mpeg1video", "mpeg2video", "mpeg4", "vc1",
                                "avs2", "avs3", "cavs", "dirac"))


def _parsed_video() -> frozenset:
    """engine/vidparse.PARSED_VIDEO, imported on first use (and kept: looked up per packet)."""
    global _PARSED_VIDEO
    if _PARSED_VIDEO is None:
        from .vidparse import PARSED_VIDEO
        _PARSED_VIDEO = PARSED_VIDEO
    return _PARSED_VIDEO


_PARSED_VIDEO = None


_RELATIVE_FROM = RELATIVE_TS_BASE - (1 << 48)


def is_relative(ts) -> bool:
    return ts is not None and ts > _RELATIVE_FROM


class _StreamState:
    __slots__ = ("cur_dts", "first_dts", "last_ip_pts", "last_ip_duration", "pts_buffer",
                 "last_dts_for_order_check", "dts_ordered", "dts_misordered",
                 "skip_samples", "start_skip_samples", "first_discard_sample",
                 "last_discard_sample", "reorder_error", "reorder_error_count", "intra_only",
                 "parser_b_frames", "undurated", "plain_audio", "full_parser")

    def __init__(self, st):
        self.cur_dts = RELATIVE_TS_BASE
        self.first_dts = None
        self.last_ip_pts = None
        self.last_ip_duration = 0
        self.pts_buffer = [None] * (MAX_REORDER_DELAY + 1)
        self.reorder_error = [0] * (MAX_REORDER_DELAY + 1)
        self.reorder_error_count = [0] * (MAX_REORDER_DELAY + 1)
        self.last_dts_for_order_check = None
        self.dts_ordered = 0
        self.dts_misordered = 0
        self.parser_b_frames = 0
        self.undurated = None       # a first buffered packet still waiting for a duration
        priv = st.priv
        self.skip_samples = int(getattr(priv, "skip_samples", 0) or 0)
        self.start_skip_samples = int(getattr(priv, "start_skip_samples", 0) or 0)
        self.first_discard_sample = int(getattr(priv, "first_discard_sample", 0) or 0)
        self.last_discard_sample = int(getattr(priv, "last_discard_sample", 0) or 0)
        from .codecs.descriptors import get as descriptor
        par = st.codecpar
        desc = descriptor(par.codec_name)
        self.intra_only = bool(desc and desc.intra_only)
        need_parsing = getattr(priv, "need_parsing", 0)
        # an audio stream that finish() takes through _compute_audio: not the flac parser on
        # complete frames (need_parsing 2), whose durations and key flags are its own
        self.plain_audio = par.codec_type == "audio" and not (need_parsing == 2
                                                               and par.codec_name == "flac")
        self.full_parser = need_parsing == 1       # mov's ac3/eac3/mp2/mp3 (parsed durations)


def _mul_q(a: Rational, b: Rational) -> Rational:
    return reduce(a.num * b.num, a.den * b.den, INT64_MAX)


def _advance(s: _StreamState, tb: Rational, pkt, duration: Rational | None) -> None:
    """cur_dts = av_add_stable(tb, pts, duration) when the duration is not negative;
    duration None: pkt.duration * tb (reduced), whose exact sum is pts + pkt.duration."""
    if duration is None:
        d = pkt.duration
        if 0 <= d and 0 < tb.num and 0 < tb.den and d * tb.num <= INT64_MAX \
                and pkt.pts <= INT64_MAX - d:
            s.cur_dts = pkt.pts + d
            return
        duration = _mul_q(Rational(d, 1), tb)
    if duration.num >= 0:
        s.cur_dts = _add_stable(tb, pkt.pts, duration)


def _add_stable(ts_tb: Rational, ts: int, inc: Rational) -> int:
    """av_add_stable(ts_tb, ts, inc, 1)."""
    m = inc.num * ts_tb.den
    d = inc.den * ts_tb.num
    if d == 0:
        return ts
    if m % d == 0 and ts <= INT64_MAX - m // d:
        return ts + m // d
    if m < d:
        return ts
    old = rescale_q(ts, ts_tb, inc)
    old_ts = rescale_q(old, inc, ts_tb)
    return rescale_q(old + 1, inc, ts_tb) + (ts - old_ts)


def frame_duration(st, pkt) -> tuple[int, int]:
    """compute_frame_duration without a parser: (num, den) seconds, (0, 0) when unknown."""
    par = st.codecpar
    tb = st.time_base
    if par.codec_type == "video":
        if st.r_frame_rate.num:
            return st.r_frame_rate.den, st.r_frame_rate.num
        if tb.num * 1000 > tb.den:
            return tb.num, tb.den
        from .dtsguess import codec_framerate
        fr = codec_framerate(st)
        if fr and fr[1] * 1000 > fr[0]:
            # FFmpeg 5.1.9: codecs with two ticks per frame need a parser for this
            from .streaminfo import TICKS_PER_FRAME_2
            if par.codec_name in TICKS_PER_FRAME_2:
                return 0, 0
            r = reduce(fr[1], fr[0], (1 << 31) - 1)
            return r.num, r.den
        return 0, 0
    if par.codec_type == "audio":
        from .audioduration import audio_frame_duration
        n = audio_frame_duration(par, len(pkt.data))
        if n > 0 and par.sample_rate > 0:
            return n, par.sample_rate
    return 0, 0


def parsed_audio_samples(par, data: bytes) -> int:
    """The samples of one frame as the ac3/eac3/mpegaudio parsers report them."""
    name = par.codec_name
    if name in ("ac3", "eac3") and len(data) >= 6 and data[0] == 0x0B and data[1] == 0x77:
        bsid = data[5] >> 3
        if bsid <= 10:
            return 1536
        fscod = data[4] >> 6
        blocks = 6 if fscod == 3 else (1, 2, 3, 6)[(data[4] >> 4) & 3]
        return blocks * 256
    if name in ("mp1", "mp2", "mp3") and len(data) >= 4 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        layer = 4 - ((data[1] >> 1) & 3)
        lsf = not (data[1] & 0x08)
        if layer == 1:
            return 384
        if layer == 3 and lsf:
            return 576
        return 1152
    return 0


class FrameReader:
    """Per-input state of read_frame_internal/compute_pkt_fields for packets after stream-info."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.states: dict[int, _StreamState] = {}
        self.carry: dict[int, _StreamState] = {}     # what a flush keeps of each stream
        self.log = None
        self.split = False          # the demuxer's audio packets pass a full parser
        self._pc_pict = None        # the parser's picture type of the packet in hand
        self.sink = None            # where the parsers log
        self.parsers: dict = {}
        self.key_parsers: dict = {}     # H.264 parser state (parameter sets) per stream
        self.header_parsers: dict = {}  # engine/vidparse.py state per stream (AVI)
        self._hp = None             # the header parser of the packet in hand
        self._probe_done: list = []     # find_stream_info's packets finished so far
        self._durations_done: set = set()   # update_initial_durations ran (per stream)

    def finish_all(self, pkt, buffered: bool = False) -> list:
        """finish() for demuxers whose audio packets pass a full parser (parser_split): the
        packet may come out as several frames, or none yet."""
        idx = pkt.stream_index
        streams = self.ctx.streams
        if 0 <= idx < len(streams):
            st = streams[idx]
            if not buffered and st.discard_all:
                return [] if self._discarded(st, pkt) is None else [pkt]
            if self.split or getattr(st.priv, "split_audio", False):
                p = self._parser(st)
                if p is not None:
                    return self._parse_packet(st, p, pkt, buffered, False)
        out = self.finish(pkt, buffered)
        return [] if out is None else [out]

    def flush_parsers(self, below: int | None = None) -> list:
        """The end of the input: every parser (of the streams before `below`) gives out
        what it still holds."""
        out = []
        for idx in sorted(self.parsers):
            if below is not None and idx >= below:
                continue
            p = self.parsers.pop(idx)
            if p is not None:
                from .model import Packet
                out += self._parse_packet(self.ctx.streams[idx], p, Packet(idx, b"", None, None),
                                          False, True)
        return out

    def _parser(self, st):
        if st.index not in self.parsers:
            from .parsesplit import make_parser
            p = None
            if getattr(st.priv, "complete_frames", False):
                # AVSTREAM_PARSE_HEADERS: the parsers that keep complete frames whole
                from .parsecomplete import make_complete_parser
                p = make_complete_parser(st)
            if p is None and st.codecpar.codec_type == "audio":
                p = make_parser(st.codecpar.codec_name)
            self.parsers[st.index] = p
        return self.parsers[st.index]

    def _parse_packet(self, st, p, pkt, buffered: bool, flush: bool) -> list:
        """parse_packet: the frames the parser gives out while it eats one packet."""
        from .model import PKT_FLAG_CORRUPT, PKT_FLAG_DISCARD, Packet
        s = self._state(st)
        par = st.codecpar
        tb = st.time_base
        data = pkt.data
        pts, dts, pos = pkt.pts, pkt.dts, pkt.pos
        side = pkt.side_data
        got = flush
        res = []
        # FFmpeg 5.1.9: find_stream_info decodes a stream's first frame only after the parser
        # cut every frame of the packet it came in: those frames know only the frame size the
        # container declared (mpegts: none, so an AAC frame has no duration yet)
        decoded = self.__dict__.setdefault("_decoded_streams", set())
        before_decode = buffered and st.index not in decoded \
            and getattr(st.priv, "header_frame_size", None) is not None
        if hasattr(p.framer, "sink"):
            # (a parser that logs: find_stream_info's packets it saw while probing)
            p.framer.sink = None if buffered else self.sink
        for _ in range(len(data) + 64):
            if not (data or (flush and got)):
                break
            n, out = p.parse(data, pts, dts, pos)
            pts = dts = None
            pos = -1
            data = data[n:]
            got = bool(out)
            if not out:
                if n == 0:
                    break
                continue
            q = Packet(st.index, out, p.pts, p.dts, 0, p.pos,
                       (pkt.flags & (PKT_FLAG_CORRUPT | PKT_FLAG_DISCARD)) | PKT_FLAG_KEY)
            if side:
                q.side_data, side = side, []
            if par.sample_rate > 0 and tb.num and tb.den:
                q.duration = rescale_rnd(p.framer.duration, tb.den, par.sample_rate * tb.num,
                                         ROUND_DOWN)
            if before_decode:
                q.before_decode = True
            self._compute(st, s, q, buffered)
            self._skip_samples(st, s, q)
            if is_relative(q.dts):
                q.dts -= RELATIVE_TS_BASE
            if is_relative(q.pts):
                q.pts -= RELATIVE_TS_BASE
            res.append(q)
        if buffered and res:
            decoded.add(st.index)
        return res

    def flush(self) -> None:
        """ff_read_frame_flush after a seek: reading state restarts, skip samples re-read from
        the demuxer; a stream whose first dts is known continues from an unknown dts."""
        self.carry.update(self.states)
        self.states = {}
        self.parsers = {}
        self.__dict__.pop("full_parsers", None)
        for hp in self.header_parsers.values():
            hp.reset_parser()

    def set_cur_dts(self, stream_index: int, dts: int) -> None:
        if 0 <= stream_index < len(self.ctx.streams):
            self._state(self.ctx.streams[stream_index]).cur_dts = dts

    def _state(self, st) -> _StreamState:
        s = self.states.get(st.index)
        if s is None:
            s = self.states[st.index] = _StreamState(st)
            old = self.carry.pop(st.index, None)
            if old is not None:
                s.first_dts = old.first_dts
                s.cur_dts = RELATIVE_TS_BASE if old.first_dts is None else None
                s.dts_ordered = old.dts_ordered
                s.dts_misordered = old.dts_misordered
                s.reorder_error = old.reorder_error
                s.reorder_error_count = old.reorder_error_count
        return s

    def finish(self, pkt, buffered: bool = False):
        """Finish one packet (buffered: it was read by find_stream_info). None: dropped."""
        if not (0 <= pkt.stream_index < len(self.ctx.streams)):
            return pkt
        st = self.ctx.streams[pkt.stream_index]
        if st.discard_all and not buffered:
            return self._discarded(st, pkt)
        if pkt.__dict__.pop("dts_guessed", False):
            pkt.dts = None          # engine/dtsguess.py filled it in for find_stream_info
        s = self.states.get(st.index)
        if s is None:
            s = self._state(st)
        if s.plain_audio and not buffered:
            # (none of the video parsers' steps below applies to audio)
            self._compute_audio(st, s, pkt)
            if s.first_discard_sample or s.start_skip_samples or s.skip_samples:
                self._skip_samples(st, s, pkt)
            if pkt.dts is not None and pkt.dts > _RELATIVE_FROM:
                pkt.dts -= RELATIVE_TS_BASE
            if pkt.pts is not None and pkt.pts > _RELATIVE_FROM:
                pkt.pts -= RELATIVE_TS_BASE
            return pkt
        if getattr(st.priv, "need_parsing", 0) == 2 and st.codecpar.codec_name == "flac":
            # the flac parser on complete frames: empty packets vanish, the duration is the
            # frame header's block size, and the key flag is the parser's (not the demuxer's)
            if not pkt.data:
                return None
            from .formats.flac import parse_frame_header
            try:
                head = parse_frame_header(pkt.data[:16] + bytes(16))
            except IndexError:
                head = None
            pkt.duration = head[1] if head else 0
            pkt.flags &= ~PKT_FLAG_KEY
        name = st.codecpar.codec_name
        self._pc_pict = None
        if name in ("h264", "hevc") and (self.split or getattr(st.priv, "need_parsing", 0) == 2
                                         or getattr(st.priv, "parse_headers", False)):
            # the parser's verdict replaces the demuxer's key flag
            pkt.flags &= ~PKT_FLAG_KEY
            if self._video_key(st, pkt.data, buffered):
                pkt.flags |= PKT_FLAG_KEY
            if name == "h264":
                self._pc_pict = self._key_parser(st).pict_type
        elif name in ("mpeg1video", "mpeg2video", "mpeg4") and self.split \
                and not getattr(st.priv, "parse_headers", False):
            # mpegts (AVSTREAM_PARSE_FULL): the demuxer sets no key flag; parse_packet takes
            # it from the MPEG video parser's picture type (kept while a frame has none)
            pkt.flags = (pkt.flags & ~PKT_FLAG_KEY) | self._full_mpeg_key(st, pkt.data)
        if (getattr(st.priv, "complete_frames", False) or getattr(st.priv, "parse_headers", False)) \
                and st.codecpar.codec_type == "video":
            from .parsecomplete import video_key_flag
            video_key_flag(self.__dict__.setdefault("video_headers", {}), st, pkt)
        PARSED_VIDEO = _parsed_video()
        if name in PARSED_VIDEO and getattr(st.priv, "parse_headers", False):
            self._hp = self._header_parser(st, pkt, buffered)
        self._compute(st, s, pkt, buffered)
        if self._hp is not None and buffered:
            self._hp.decoded_in_probe()
        self._pc_pict = self._hp = None
        self._skip_samples(st, s, pkt)
        if is_relative(pkt.dts):
            pkt.dts -= RELATIVE_TS_BASE
            if buffered:
                pkt.__dict__["relative_dts"] = True     # update_initial_timestamps may shift it
        if is_relative(pkt.pts):
            pkt.pts -= RELATIVE_TS_BASE
            if buffered:
                pkt.__dict__["relative_pts"] = True
        return pkt

    def _full_mpeg_key(self, st, data: bytes) -> int:
        """PKT_FLAG_KEY when the full MPEG-1/2/4 video parser calls this frame an I picture.
        FFmpeg 5.1.9: a fresh mpegvideo parser starts with no picture type, an mpeg4video
        one with I (av_parser_init's default)."""
        fp = self.__dict__.setdefault("full_parsers", {})
        hp = fp.get(st.index)
        if hp is None:
            from .vidparse import HeaderParser
            hp = fp[st.index] = HeaderParser(st.codecpar.codec_name, st.codecpar.extradata)
            if hp.codec == "mpeg4":
                hp.pict = "I"
        hp.parse(data, st.codecpar.video_delay)
        return PKT_FLAG_KEY if hp.pict == "I" else 0

    def _header_parser(self, st, pkt, buffered: bool):
        """The MPEG video parser on a complete frame (AVSTREAM_PARSE_HEADERS): its picture
        type decides the key flag (the demuxer's counts only before the first picture)."""
        hp = self.header_parsers.get(st.index)
        if hp is None:
            from .vidparse import HeaderParser
            hp = self.header_parsers[st.index] = HeaderParser(st.codecpar.codec_name,
                                                              st.codecpar.extradata)
        if buffered and not getattr(st.priv, "demuxer_pts", False):
            # the demuxer gives no pts (avidec.c): find_stream_info's guess is not the parser's
            pkt.pts = None
        hp.start(buffered)
        pict = hp.parse(pkt.data, st.codecpar.video_delay)
        if pict is not None:
            pkt.flags = (pkt.flags & ~PKT_FLAG_KEY) | (PKT_FLAG_KEY if pict == "I" else 0)
        return hp

    def _discarded(self, st, pkt):
        """A packet of a stream no output uses (AVDISCARD_ALL, set after find_stream_info):
        read_frame_internal frees it unparsed when the stream has a parser (None); without
        one compute_pkt_fields still runs on it, whose only visible effect on a packet that
        is then dropped is the video dts order check's warning."""
        if (self.split or getattr(st.priv, "need_parsing", 0)) and \
                st.codecpar.codec_name in PARSER_CODECS:
            return None
        if st.codecpar.codec_type == "video" and pkt.dts is not None:
            self._order_check(self._state(st), pkt)
        return pkt

    def _parsed_h264_duration(self, st):
        """compute_frame_duration with the H.264 parser: the decoder's frame rate from the SPS
        timing (time_scale / 2 num_units_in_tick) wins over r_frame_rate; a progressive frame
        repeats once (two ticks), so a frame lasts num_units_in_tick * 2 / time_scale.
        None when the parser is not in use or the SPS has no timing."""
        if st.codecpar.codec_name != "h264" or not (
                self.split or getattr(st.priv, "need_parsing", 0) == 2):
            return None
        kp = self._key_parser(st)
        if not kp.parsed_picture:
            return None         # the parser sets the frame rate only from a slice it parsed
        sps = next(iter(kp.sps.values()), None)
        memo = self.__dict__.setdefault("_h264_durations", {})
        got = memo.get(st.index)
        # the same SPS object and time base give the same answer: kept per stream
        if got is None or got[0] is not sps or got[1] != st.time_base:
            from .codecs.h264.parser import parsed_frame_duration
            got = memo[st.index] = (sps, st.time_base, parsed_frame_duration(sps, st.time_base))
        return got[2]

    def _key_parser(self, st):
        kp = self.key_parsers.get(st.index)
        if kp is None:
            from .codecs.h264.parser import H264KeyParser
            kp = self.key_parsers[st.index] = H264KeyParser(st.codecpar.extradata or b"")
        return kp

    def _video_key(self, st, data: bytes, buffered: bool = False) -> int:
        """buffered: find_stream_info already ran the parser (and its logging) on it."""
        if st.codecpar.codec_name == "hevc":
            from .codecs.hevc.parser import hevc_key_frame
            return hevc_key_frame(data)
        log = None
        if self.sink is not None and not buffered:
            # FFmpeg 5.1.9: the parser logs through a codec context without a codec
            memo = self.__dict__.get("_null_log")
            if memo is None or memo[0] is not self.sink:
                from .log import Logger
                memo = self._null_log = (self.sink, Logger("NULL", self.sink).log)
            log = memo[1]
        return self._key_parser(st).key_frame(data, log)

    # compute_pkt_fields(s, st, NULL, pkt, NOPTS, NOPTS) --------------------------------------
    def _compute(self, st, s: _StreamState, pkt, buffered: bool = False) -> None:
        par = st.codecpar
        onein_oneout = par.codec_name not in ("h264", "hevc")
        if par.codec_type == "video" and pkt.dts is not None:
            if self._order_check(s, pkt):
                pkt.dts = None
        delay = par.video_delay if par.codec_type == "video" else 0
        if buffered and par.codec_type == "video" and \
                getattr(st.priv, "header_video_delay", None) is not None:
            # find_stream_info's first packet of the stream comes before its decoder ran:
            # only the delay the demuxer declared is known (mpegts: none)
            decoded = self.__dict__.setdefault("_decoded_streams", set())
            if st.index not in decoded:
                decoded.add(st.index)
                delay = st.priv.header_video_delay
        pict = self._pc_pict
        if pict is not None:
            # FFmpeg 5.1.9: a frame the parser types B gives the stream a decoding delay, and
            # outside mov/flv a non-B frame of a delayed stream with dts == pts loses its dts
            if pict == "B" and not s.parser_b_frames and not delay:
                s.parser_b_frames = 1
            delay = max(delay, s.parser_b_frames)
            if (delay == 1 and pict != "B" and pkt.dts is not None and pkt.dts == pkt.pts
                    and self.split):
                pkt.dts = None
        hp = self._hp
        hp_delayed = False
        if hp is not None:
            # compute_pkt_fields with a parser: a B picture means a decoding delay; with a
            # delay of one, every other picture is presented later than it is decoded
            if hp.pict == "B":
                hp.saw_b_frame()
            delay = hp.has_b_frames
            hp_delayed = bool(delay) and hp.pict != "B"
            if delay == 1 and hp_delayed and pkt.dts is not None and pkt.dts == pkt.pts:
                pkt.dts = None
        tb = st.time_base
        duration = None         # pkt.duration * time_base, made when needed (_advance)
        if par.codec_type == "audio" and getattr(st.priv, "need_parsing", 0) == 1:
            # a full parser (mov: ac3, eac3, mp2/mp3) sets the duration of what it cuts
            n = parsed_audio_samples(par, pkt.data)
            if n > 0 and par.sample_rate > 0 and tb.num and tb.den:
                pkt.duration = rescale_rnd(n, tb.den, par.sample_rate * tb.num, ROUND_DOWN)
        if pkt.duration <= 0 and not (buffered and (
                "attached_pic" in st.disposition
                or (par.codec_type == "video" and par.codec_name not in _FRAMERATE_PARSERS))):
            # (find_stream_info saw the attached picture while r_frame_rate was still unset;
            # FFmpeg 5.1.9: a video packet it read got its duration then, from the frame rate
            # the demuxer had declared, and keeps it: streaminfo computed that already)
            seen = st
            if buffered and getattr(st.priv, "header_r_frame_rate", None) is not None:
                # find_stream_info sets r_frame_rate only after its reading: the packets it
                # read saw the rate the demuxer declared (mpegts: none)
                seen = _WithPar(st, par)
                seen.r_frame_rate = st.priv.header_r_frame_rate
            # (mpegts: the parser's frame rate is in the demuxer's durations already; mov: the
            # H.264 parser's, once a slice set it, wins over the header's rate)
            parsed = None
            if seen is st or getattr(st.priv, "buffered_parser_rate", False):
                parsed = self._parsed_h264_duration(st)
            num, den = parsed or frame_duration(seen, pkt)
            if (buffered and par.codec_type == "audio"
                    and ((s.first_dts is None and s.cur_dts == RELATIVE_TS_BASE)
                         or pkt.__dict__.pop("before_decode", False))
                    and getattr(st.priv, "header_frame_size", None) is not None):
                # the first packet find_stream_info reads comes before its decoder ran: only
                # the frame size the container declared is known (AVI: none)
                import copy
                head = copy.copy(par)
                head.frame_size = st.priv.header_frame_size
                num, den = frame_duration(_WithPar(st, head), pkt)
                if not (num and den):
                    s.undurated = pkt
            elif buffered and s.undurated is not None and num and den and tb.num and tb.den:
                # update_initial_durations: the next packet's duration fills it in while
                # find_stream_info still holds it
                first = s.undurated
                if first.dts == s.first_dts and first.pts in (None, first.dts) and not first.duration:
                    first.duration = rescale_rnd(1, num * tb.den, den * tb.num, ROUND_DOWN)
            s.undurated = None if s.undurated is not pkt else pkt
            if num and den and tb.num and tb.den:
                duration = Rational(num, den)
                pkt.duration = rescale_rnd(1, num * tb.den, den * tb.num, ROUND_DOWN)
        if buffered and pkt.duration > 0 and self._probe_done:
            self._initial_durations(st, s, pkt.duration, delay)
        presentation_delayed = hp_delayed or (pkt.dts is not None and pkt.pts is not None
                                              and pkt.pts > pkt.dts)
        if (delay == 0 or (delay == 1 and hp is not None)) and onein_oneout:
            if presentation_delayed:
                if pkt.dts is None:
                    pkt.dts = s.last_ip_pts
                self._initial(st, s, pkt.dts, pkt.pts)
                if pkt.dts is None:
                    pkt.dts = s.cur_dts
                if s.last_ip_duration == 0 and 0 <= pkt.duration <= 0x7FFFFFFF:
                    s.last_ip_duration = pkt.duration
                if pkt.dts is not None:
                    s.cur_dts = pkt.dts + s.last_ip_duration
                if 0 <= pkt.duration <= 0x7FFFFFFF:
                    s.last_ip_duration = pkt.duration
                s.last_ip_pts = pkt.pts
            elif pkt.pts is not None or pkt.dts is not None or pkt.duration > 0:
                if pkt.pts is None:
                    pkt.pts = pkt.dts
                self._initial(st, s, pkt.pts, pkt.pts)
                if pkt.pts is None:
                    pkt.pts = s.cur_dts
                pkt.dts = pkt.pts
                if pkt.pts is not None and tb.num and tb.den:
                    _advance(s, tb, pkt, duration)
        if pkt.pts is not None and delay <= MAX_REORDER_DELAY:
            buf = s.pts_buffer
            buf[0] = pkt.pts
            i = 0
            while i < delay and _lt_nopts(buf[i + 1], buf[i]):
                buf[i], buf[i + 1] = buf[i + 1], buf[i]
                i += 1
            pkt.dts = self._select(s, delay, onein_oneout, pkt.dts)
        if not onein_oneout:
            self._initial(st, s, pkt.dts, pkt.pts)
        if pkt.dts is not None and (s.cur_dts is None or pkt.dts > s.cur_dts):
            s.cur_dts = pkt.dts
        if par.codec_type == "data" or s.intra_only:
            pkt.flags |= PKT_FLAG_KEY
        if buffered:
            self._probe_done.append(pkt)
        elif self._probe_done:
            self._probe_done = []

    def _compute_audio(self, st, s: _StreamState, pkt) -> None:
        """_compute for a packet of an audio stream after stream-info (not buffered): no
        decoding delay, one frame in and one out, no parser picture types. The same steps
        in the same order, with those that cannot apply left out."""
        par = st.codecpar
        tb = st.time_base
        duration = None
        if s.full_parser:
            # a full parser (mov: ac3, eac3, mp2/mp3) sets the duration of what it cuts
            n = parsed_audio_samples(par, pkt.data)
            if n > 0 and par.sample_rate > 0 and tb.num and tb.den:
                pkt.duration = rescale_rnd(n, tb.den, par.sample_rate * tb.num, ROUND_DOWN)
        if pkt.duration <= 0:
            num, den = frame_duration(st, pkt)
            s.undurated = None if s.undurated is not pkt else pkt
            if num and den and tb.num and tb.den:
                duration = Rational(num, den)
                pkt.duration = rescale_rnd(1, num * tb.den, den * tb.num, ROUND_DOWN)
        pts, dts = pkt.pts, pkt.dts
        if dts is not None and pts is not None and pts > dts:
            # presentation delayed
            if s.first_dts is None:
                self._initial(st, s, dts, pts)
                pts, dts = pkt.pts, pkt.dts     # (it may move buffered packets: this one?)
            d = pkt.duration
            if s.last_ip_duration == 0 and 0 <= d <= 0x7FFFFFFF:
                s.last_ip_duration = d
            s.cur_dts = dts + s.last_ip_duration
            if 0 <= d <= 0x7FFFFFFF:
                s.last_ip_duration = d
            s.last_ip_pts = pts
        elif pts is not None or dts is not None or pkt.duration > 0:
            if pts is None:
                pkt.pts = pts = dts
            if s.first_dts is None:
                self._initial(st, s, pts, pts)
                pts = pkt.pts
            if pts is None:
                pkt.pts = pts = s.cur_dts
            pkt.dts = dts = pts
            if pts is not None and tb.num and tb.den:
                d = pkt.duration
                if duration is None and 0 <= d and 0 < tb.num and 0 < tb.den \
                        and d * tb.num <= INT64_MAX and pts <= INT64_MAX - d:
                    s.cur_dts = pts + d         # (_advance's exact case)
                else:
                    _advance(s, tb, pkt, duration)
        if pts is not None:
            s.pts_buffer[0] = pts
            if dts is None:
                pkt.dts = dts = pts
        if dts is not None and (s.cur_dts is None or dts > s.cur_dts):
            s.cur_dts = dts
        if s.intra_only:
            pkt.flags |= PKT_FLAG_KEY
        if self._probe_done:
            self._probe_done = []

    def _initial_durations(self, st, s: _StreamState, duration: int, delay: int) -> None:
        """update_initial_durations while find_stream_info holds the packets, for a stream
        whose first dts is known: the first packet of the stream still without a duration
        (and the ones right after it at the same dts) take this packet's."""
        if s.first_dts is None or st.index in self._durations_done:
            return
        self._durations_done.add(st.index)
        mine = [p for p in self._probe_done if p.stream_index == st.index]
        cur = s.first_dts
        i = 0
        while i < len(mine) and mine[i].pts == mine[i].dts and mine[i].dts is None \
                and not mine[i].duration:
            cur -= duration
            i += 1
        if i == len(mine) or mine[i].dts != s.first_dts:
            return
        s.first_dts = cur
        for p in mine:
            if not ((p.pts == p.dts or p.pts is None)
                    and (p.dts is None or p.dts == s.first_dts) and not p.duration):
                return
            p.dts = cur
            if not delay:
                p.pts = cur
            p.duration = duration
            cur = p.dts + p.duration
        s.cur_dts = cur

    def _order_check(self, s: _StreamState, pkt) -> bool:
        """compute_pkt_fields' count of ordered and misordered video dts (pkt.dts is set);
        True when the packet's dts is to be dropped."""
        if pkt.dts == pkt.pts and s.last_dts_for_order_check is not None:
            if s.last_dts_for_order_check <= pkt.dts:
                s.dts_ordered += 1
            else:
                if not s.dts_misordered and self.log is not None:
                    self.log(24, "DTS %d < %d out of order\n"
                             % (pkt.dts, s.last_dts_for_order_check))
                s.dts_misordered += 1
            if s.dts_ordered + s.dts_misordered > 250:
                s.dts_ordered >>= 1
                s.dts_misordered >>= 1
        s.last_dts_for_order_check = pkt.dts
        return s.dts_ordered < 8 * s.dts_misordered and pkt.dts == pkt.pts

    def _select(self, s: _StreamState, delay: int, onein_oneout: bool, dts):
        buf = s.pts_buffer
        if not onein_oneout:
            if dts is None:
                best = None
                for i in range(delay):
                    if s.reorder_error_count[i]:
                        score = s.reorder_error[i] // s.reorder_error_count[i]
                        if best is None or score < best:
                            best = score
                            dts = buf[i]
            else:
                for i in range(delay):
                    if buf[i] is not None:
                        s.reorder_error[i] += abs(buf[i] - dts)
                        s.reorder_error_count[i] += 1
                        if s.reorder_error_count[i] > 250:
                            s.reorder_error[i] >>= 1
                            s.reorder_error_count[i] >>= 1
        if dts is None:
            dts = buf[0]
        return dts

    def _initial(self, st, s: _StreamState, dts, pts) -> None:
        """update_initial_timestamps after stream-info: only the first-dts bookkeeping (the
        packet queue it would rewrite is empty by then)."""
        if s.first_dts is not None or dts is None or s.cur_dts is None or is_relative(dts):
            return
        if not is_relative(s.cur_dts):
            s.first_dts = dts
            return
        s.first_dts = dts - (s.cur_dts - RELATIVE_TS_BASE)
        s.cur_dts = dts
        # packets find_stream_info still holds with timestamps counted from 0 move by the
        # first dts now known
        for p in self._probe_done:
            if p.stream_index == st.index:
                if p.__dict__.pop("relative_dts", False):
                    p.dts += s.first_dts
                if p.__dict__.pop("relative_pts", False):
                    p.pts += s.first_dts

    # read_frame_internal's skip-samples side data --------------------------------------------
    def _skip_samples(self, st, s: _StreamState, pkt) -> None:
        if not (s.first_discard_sample or s.start_skip_samples or s.skip_samples):
            return
        par = st.codecpar
        tb = st.time_base
        discard_padding = 0
        if s.first_discard_sample and pkt.pts is not None and tb.den:
            pts = pkt.pts - (RELATIVE_TS_BASE if is_relative(pkt.pts) else 0)
            sample = rescale_q(pts, Rational(tb.num * par.sample_rate, tb.den), Rational(1, 1))
            dur = rescale_q(pkt.duration, Rational(tb.num * par.sample_rate, tb.den), Rational(1, 1))
            end = sample + dur
            if dur > 0 and end >= s.first_discard_sample and sample < s.last_discard_sample:
                discard_padding = min(end - s.first_discard_sample, dur)
        if s.start_skip_samples and (pkt.pts == 0 or pkt.pts == RELATIVE_TS_BASE):
            s.skip_samples = s.start_skip_samples
        s.skip_samples = max(0, s.skip_samples)
        if s.skip_samples or discard_padding:
            sd = SideData("Skip Samples", [
                ("skip_samples", s.skip_samples & 0xFFFFFFFF),
                ("discard_padding", discard_padding & 0xFFFFFFFF),
                ("skip_reason", 0), ("discard_reason", 0)],
                data=struct.pack("<IIBB", s.skip_samples & 0xFFFFFFFF,
                                 discard_padding & 0xFFFFFFFF, 0, 0))
            # av_packet_new_side_data: a demuxer's Skip Samples entry is replaced in place
            for i, old in enumerate(pkt.side_data):
                if old.type == "Skip Samples":
                    pkt.side_data[i] = sd
                    break
            else:
                pkt.side_data.append(sd)
            s.skip_samples = 0


class _WithPar:
    """A stream seen with other codec parameters (frame_duration reads only these)."""

    def __init__(self, st, par):
        self.codecpar = par
        self.time_base = st.time_base
        self.r_frame_rate = st.r_frame_rate


def _lt_nopts(a, b) -> bool:
    """a < b with AV_NOPTS_VALUE (None) the smallest value."""
    if a is None:
        return b is not None
    if b is None:
        return False
    return a < b
