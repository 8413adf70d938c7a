"""The Ogg muxers ogg, oga, ogv, opus and spx (FFmpeg 5.1.9 oggenc.c behaviour; RFC 3533 pages,
RFC 7845 / Vorbis I / Theora / Ogg FLAC / Speex / OggVP8 mappings): stream time bases, serial
numbers, header pages, granule positions per codec and the page flushing rules.

Serial numbers are random unless -fflags +bitexact, which numbers streams from serial_offset.
Options: serial_offset, oggpagesize / pagesize (preferred page size, deprecated), page_duration
(preferred page duration in microseconds, default 1 s).
"""
from __future__ import annotations

import errno
import os as _os

from ...errors import AVERROR_INVALIDDATA, CineError
from ...log import Logger
from ...model import Rational
from ...timebase import rescale_q, reduce
from ..avopt import parse_number
from ..base import Muxer
from . import mux_headers as H
from .mux_pages import FLAG_BOS, MAX_PAGE_SIZE, PageWriter, StreamState, i64

INT_MAX = (1 << 31) - 1
INT64_MAX = (1 << 63) - 1
CODECS = ("vorbis", "theora", "speex", "flac", "opus", "vp8")


CLASS_NAME = "Ogg (audio/video/Speex/Opus) muxer"
# name: (field, minimum, maximum) of the muxer's private options
OPTIONS = {"serial_offset": ("serial_offset", 0, INT_MAX),
           "oggpagesize": ("pref_size", 0, MAX_PAGE_SIZE),
           "pagesize": ("pref_size", 0, MAX_PAGE_SIZE),
           "page_duration": ("pref_duration", 0, INT64_MAX)}
def _g(v: float) -> str:
    """printf %g."""
    return "%g" % v


class OggMuxer(Muxer):
    codec_tags = None

    def _set_pts_info(self, st, num: int, den: int) -> None:
        """avpriv_set_pts_info(st, 64, num, den)."""
        num &= 0xFFFFFFFF
        den &= 0xFFFFFFFF
        tb = reduce(num, den, INT_MAX)
        if tb.num != num and tb.num:
            self.log.debug("st:%d removing common factor %d from timebase\n"
                           % (st.index, num // tb.num))
        if tb.num <= 0 or tb.den <= 0:
            self.log.error("Ignoring attempt to set invalid timebase %d/%d for st:%d\n"
                           % (tb.num, tb.den, st.index))
            return
        st.time_base = Rational(tb.num, tb.den)

    def _set_options(self) -> None:
        """av_opt_set_dict2 over the private options, in the order given."""
        log = Logger(CLASS_NAME, self.log.sink)
        for name, value in self.options.items():
            spec = OPTIONS.get(name)
            if spec is None:
                continue
            field, lo, hi = spec
            text = str(value)
            d = parse_number(text)
            if d is None:
                Logger((CLASS_NAME, "Eval"), self.log.sink).error(
                    "Undefined constant or missing '(' in '%s'\n" % text)
                log.error('Unable to parse option value "%s"\n' % text)
                code = -errno.EINVAL
            elif d != d or d < lo or d > hi:
                log.error("Value %f for parameter '%s' out of range [%s - %s]\n"
                          % (d, name, _g(lo), _g(hi)))
                code = -errno.ERANGE
            else:
                # llrint: to nearest, ties to even
                setattr(self, field, INT64_MAX if d == float(INT64_MAX) else round(d))
                continue
            log.error("Error setting option %s to value %s.\n" % (name, text))
            raise CineError(code=code)

    def init(self) -> None:
        self.serial_offset = 0
        self.pref_size = 0
        self.pref_duration = 1000000
        self._set_options()
        log = self.log
        if self.pref_size:
            log.warning("The pagesize option is deprecated\n")
        vendor = "ffmpeg" if self.bitexact else H.VENDOR
        self.states: list[StreamState] = []
        serials: list[int] = []
        for i, st in enumerate(self.ctx.streams):
            par = st.codecpar
            codec = par.codec_name
            if par.codec_type == "audio":
                if codec == "opus":
                    self._set_pts_info(st, 1, 48000)
                else:
                    self._set_pts_info(st, 1, par.sample_rate)
            if codec not in CODECS:
                log.error("Unsupported codec id in stream %d\n" % i)
                raise CineError(code=-errno.EINVAL)
            if not par.extradata and codec != "vp8":
                log.error("No extradata present\n")
                raise CineError(code=AVERROR_INVALIDDATA)
            os = StreamState(i, codec, st.time_base)
            serial = (i + self.serial_offset) & 0xFFFFFFFF
            if not self.bitexact:
                while True:
                    serial = int.from_bytes(_os.urandom(4), "little")
                    if serial not in serials:
                        break
            os.serial = serial
            serials.append(serial)
            self.states.append(os)
            for k, v in self.ctx.tags.items():
                st.tags.set(k, v, dont_overwrite=True)
            if codec == "flac":
                st.tags = H.convert_tags(st.tags)
                hdr = H.flac_headers(par, st.tags, vendor)
                if hdr is None:
                    log.error("Error writing FLAC headers\n")
                    raise CineError(code=-errno.EINVAL)
                os.headers = [hdr[0], hdr[1], b""]
            elif codec == "speex":
                st.tags = H.convert_tags(st.tags)
                hdr = H.speex_headers(par, st.tags, vendor)
                if hdr is None:
                    log.error("Error writing Speex headers\n")
                    raise CineError(code=AVERROR_INVALIDDATA)
                os.headers = [hdr[0], hdr[1], b""]
            elif codec == "opus":
                st.tags = H.convert_tags(st.tags)
                if len(par.extradata) < H.OPUS_HEADER_SIZE:
                    log.error("Error writing Opus headers\n")
                    raise CineError(code=AVERROR_INVALIDDATA)
                hdr = H.opus_headers(par, st.tags, vendor, self.ctx.chapters)
                os.headers = [hdr[0], hdr[1], b""]
            elif codec == "vp8":
                rf = st.r_frame_rate
                if rf.num > 0 and rf.den > 0:
                    log.debug("Changing time base from %d/%d to %d/%d\n"
                              % (st.time_base.num, st.time_base.den, rf.den, rf.num))
                    self._set_pts_info(st, rf.den, rf.num)
                first = H.vp8_header(par, st.time_base)
                second = b""
                if st.tags:
                    st.tags = H.convert_tags(st.tags)
                    second = H.vp8_comment(st.tags, vendor)
                os.headers = [first, second, b""]
                os.isvp8 = True
            else:
                self._xiph(st, os, vendor)
            os.time_base = st.time_base

    def _xiph(self, st, os: StreamState, vendor: str) -> None:
        par = st.codecpar
        ex = bytes(par.extradata)
        split = H.split_xiph(ex, 30 if os.codec == "vorbis" else 42)
        if split is None:
            self.log.error("Extradata corrupted\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        starts, lens = split
        padded = ex + bytes(64)
        st.tags = H.convert_tags(st.tags)
        os.headers = [padded[starts[0]:starts[0] + lens[0]],
                      H.xiph_comment(os.codec, st.tags, vendor),
                      padded[starts[2]:starts[2] + lens[2]]]
        if os.codec == "theora":
            h0 = padded[starts[0]:starts[0] + 64]
            den = int.from_bytes(h0[22:26], "big")
            num = int.from_bytes(h0[26:30], "big")
            if st.time_base.num != num or st.time_base.den != den:
                self.log.debug("Changing time base from %d/%d to %d/%d\n"
                               % (st.time_base.num, st.time_base.den, num, den))
                self._set_pts_info(st, num, den)
            os.kfgshift = ((h0[40] & 3) << 3) | (h0[41] >> 5)
            os.vrev = h0[9]
            self.log.debug("theora kfgshift %d, vrev %d\n" % (os.kfgshift, os.vrev))

    def write_header(self) -> None:
        self.pages = PageWriter(self.pb, self.states, self.pref_size, self.pref_duration)
        w = self.pages
        for os in self.states:
            w.buffer_data(os, os.headers[0], 0, True)
            os.page.flags |= FLAG_BOS
            w.buffer_page(os)
        for os in self.states:
            for h in os.headers[1:]:
                if h:
                    w.buffer_data(os, h, 0, True)
            w.buffer_page(os)
        # FFmpeg 5.1.9: only the last stream's next page start is reset (it then starts at
        # that stream's first packet pts); the others start at 0
        if self.states:
            self.states[-1].page.start_granule = None
        w.write_pages(2)

    def write_packet(self, pkt) -> None:
        os = self.states[pkt.stream_index]
        st = self.ctx.streams[pkt.stream_index]
        pts = pkt.pts if pkt.pts is not None else -(1 << 63)
        dur = pkt.duration
        data = bytes(pkt.data)
        if os.codec == "theora":
            t = pts if os.vrev < 1 else pts + dur
            if pkt.flags & 1:
                os.last_kf_pts = t
            pframes = t - os.last_kf_pts
            if pframes >= (1 << os.kfgshift):
                os.last_kf_pts += pframes
                pframes = 0
            granule = (os.last_kf_pts << os.kfgshift) | pframes
        elif os.codec == "opus":
            par = st.codecpar
            granule = pts + dur + rescale_q(par.initial_padding, Rational(1, par.sample_rate or 1),
                                            st.time_base)
        elif os.codec == "vp8":
            visible = (data[0] >> 4) & 1 if data else 0
            t = pts + dur
            invcnt = (os.last_granule >> 30) & 3
            invcnt = 3 if visible else (0 if invcnt == 3 else invcnt + 1)
            dist = 0 if pkt.flags & 1 else ((os.last_granule >> 3) & 0x07FFFFFF) + 1
            granule = (t << 32) | (invcnt << 30) | (dist << 3)
        else:
            granule = pts + dur
        granule = i64(granule)
        if os.page.start_granule is None:
            os.page.start_granule = pkt.pts if pkt.pts is not None else -(1 << 63)
        self.pages.buffer_data(os, data, granule, False)
        self.pages.write_pages(0)
        os.last_granule = granule

    def write_trailer(self) -> None:
        for os in self.states:
            if os.page.data:
                self.pages.buffer_page(os)
        self.pages.write_pages(1)
