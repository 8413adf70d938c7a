"""The generic muxing layer (libavformat/mux.c of FFmpeg 5.1.9): init_muxer's stream checks and
codec tags, the encoder tag, compute_muxer_pkt_fields, the muxer's automatic bitstream
filters, the per-dts interleaving queue with max_interleave_delta, avoid_negative_ts, and the
flush points of the output context.
"""
from __future__ import annotations

import errno

from ..errors import CineError
from ..log import VERBOSE, Logger
from ..bitstream import bsf as _bsf
from ..audioduration import audio_frame_duration
from ..model import PKT_FLAG_KEY, FormatContext, Packet, Rational
from ..timebase import ROUND_DOWN, ROUND_UP, q_factors, rescale_near, rescale_q, rescale_rnd

LIBAVFORMAT_IDENT = "Lavf59.27.100"
INT_MAX = (1 << 31) - 1
INT64_MAX = (1 << 63) - 1
EINVAL = -errno.EINVAL

AVOID_NEG_TS = {"auto": -1, "disabled": 0, "make_non_negative": 1, "make_zero": 2}


def compare_ts(ts_a: int, tb_a: Rational, ts_b: int, tb_b: Rational) -> int:
    """av_compare_ts, including its rounding path for large values."""
    a = tb_a.num * tb_b.den
    b = tb_b.num * tb_a.den
    if max(abs(ts_a), a, abs(ts_b), b) <= INT_MAX:
        x, y = ts_a * a, ts_b * b
        return (x > y) - (x < y)
    if rescale_rnd(ts_a, a, b, ROUND_DOWN) < ts_b:
        return -1
    if rescale_rnd(ts_b, b, a, ROUND_DOWN) < ts_a:
        return 1
    return 0


def codec_get_tag(table, codec_name: str | None) -> int:
    """av_codec_get_tag over one (codec_name, tag) table: 0 when absent."""
    for name, tag in table or ():
        if name == codec_name:
            return tag
    return 0


def codec_get_id(table, tag: int) -> str | None:
    """av_codec_get_id (exact tag, then case-insensitive) over a (codec_name, tag) table."""
    for name, t in table or ():
        if t == tag:
            return name
    from ..formats.riff_tags import _upper
    up = _upper(tag)
    for name, t in table or ():
        if _upper(t) == up:
            return name
    return None


class _Frac:
    """FFFrac: val + num/den with den > 0 (frac_init/frac_add)."""

    __slots__ = ("val", "num", "den")

    def __init__(self, den: int):
        self.val = 0
        self.num = den >> 1
        self.den = den
        if self.num >= den:
            self.val += self.num // den
            self.num %= den

    def add(self, incr: int) -> None:
        num = self.num + incr
        den = self.den
        if num < 0:
            self.val += num // den
            num %= den
        elif num >= den:
            self.val += num // den
            num %= den
        self.num = num


class _MuxStream:
    __slots__ = ("cur_dts", "priv_pts", "mux_ts_offset", "reorder", "intra_only",
                 "bsfs", "bsf_checked", "nb_frames", "queued", "end_val", "last_us",
                 "us_b", "us_c", "counts_idle", "pts_buffer")

    def __init__(self):
        self.cur_dts = 0          # avformat_new_stream leaves cur_dts 0 for outputs
        self.priv_pts = None
        self.mux_ts_offset = 0
        self.reorder = False
        self.intra_only = False
        self.bsfs = None          # list of bitstream filter instances, None = none
        self.bsf_checked = False
        self.nb_frames = 0
        self.queued = 0           # packets of this stream in the interleaving queue
        self.end_val = 0          # priv_pts->val for streams without a fraction
        self.last_us = 0          # dts of its last queued packet in microseconds
        self.us_b = None          # rescale_q(., time_base, 1/1000000) as rescale_near(., b, c)
        self.us_c = None
        self.counts_idle = True   # counted as noninterleaved while it has nothing queued
        self.pts_buffer = None    # compute_muxer_pkt_fields' pts_buffer, made when first used

    def end_pts(self) -> int:
        """av_stream_get_end_pts: the muxer's running pts (0 before the first packet)."""
        return self.priv_pts.val if self.priv_pts is not None else self.end_val


class MuxContext:
    """One output AVFormatContext driven as mux.c drives it."""

    def __init__(self, ctx: FormatContext, entry, muxer, pb, log: Logger, *,
                 avoid_negative_ts: str = "auto", max_interleave_delta: int = 10_000_000,
                 output_ts_offset: int = 0, bitexact: bool = False, auto_bsf: bool = True):
        self.ctx = ctx
        self.entry = entry
        self.muxer = muxer
        self.pb = pb
        self.log = log
        self.flags = set(entry.flags.split(",")) if entry.flags else set()
        v = avoid_negative_ts
        self.avoid_negative_ts = AVOID_NEG_TS[v] if v in AVOID_NEG_TS else int(v)
        self.avoid_status = "unknown"
        self.avoid_use_pts = False
        self.max_interleave_delta = max_interleave_delta
        self.output_ts_offset = output_ts_offset
        self.bitexact = bitexact
        self.auto_bsf = auto_bsf
        self.ms = [_MuxStream() for _ in ctx.streams]
        self.queue: list[Packet] = []
        self.nb_interleaved = 0
        self.missing_ts_warning = False
        self.header_written = False

    # -- init_muxer + write_header + init_pts ------------------------------------------------
    def write_header(self) -> None:
        ctx, log = self.ctx, self.log
        if not ctx.streams and "nostreams" not in self.flags:
            log.error("No streams to mux were specified\n")
            raise CineError(code=EINVAL)
        from ..codecs import descriptors
        from ..codecs.bits_per_sample import bits_per_sample
        for st, ms in zip(ctx.streams, self.ms):
            par = st.codecpar
            if not st.time_base.num:
                if par.codec_type == "audio" and par.sample_rate:
                    st.time_base = _set_pts_info(Rational(1, par.sample_rate))
                else:
                    st.time_base = Rational(1, 90000)
            if par.codec_type == "audio":
                if par.sample_rate <= 0:
                    log.error("sample rate not set\n")
                    raise CineError(code=EINVAL)
                if not par.block_align:
                    par.block_align = par.channels * bits_per_sample(par.codec_name) >> 3
            elif par.codec_type == "video":
                if (par.width <= 0 or par.height <= 0) and "nodimensions" not in self.flags:
                    log.error("dimensions not set\n")
                    raise CineError(code=EINVAL)
            desc = descriptors.get(par.codec_name)
            # ff_is_intra_only: video/audio codecs with the intra-only property, and every
            # other known codec (subtitles, data)
            ms.intra_only = desc is not None and (desc.intra_only or desc.type not in ("video", "audio"))
            table = self.muxer.codec_tags
            if table is not None:
                if par.codec_tag:
                    if not self._validate_tag(table, par):
                        otag = codec_get_tag(table, par.codec_name)
                        log.error("Tag %s incompatible with output codec id '%d' (%s)\n"
                                  % (fourcc2str(par.codec_tag), _codec_id(par.codec_name),
                                     fourcc2str(otag)))
                        raise CineError(code=_tb_invalid())
                else:
                    par.codec_tag = codec_get_tag(table, par.codec_name)
            if par.codec_type != "attachment":
                self.nb_interleaved += 1
        # the muxer identification string
        if not self.bitexact:
            ctx.tags.set("encoder", LIBAVFORMAT_IDENT)
        else:
            ctx.tags.set("encoder", None)
        for k, _v in ctx.tags.items():
            if k.lower().startswith("encoder-"):
                ctx.tags.set(k, None)
        # the muxer may look at the queue (ff_interleaved_peek), the timestamp shift and
        # the avoid_negative_ts / automatic bitstream filter settings (mov does)
        self.muxer.mux_ctx = self
        self.muxer.init()
        self.muxer.write_header()
        if self.pb is not None:
            if self.pb.error < 0:
                raise CineError(code=self.pb.error)
            self.pb.flush_point()
        self._init_pts()
        self.header_written = True

    @staticmethod
    def _validate_tag(table, par) -> bool:
        """validate_codec_tag: OK when tag and codec are paired in the table, or neither
        appears; a tag of another codec fails, so does another tag of this codec
        (strict >= normal)."""
        from ..formats.riff_tags import _upper
        other_id = None
        has_codec = False
        for name, t in table:
            if _upper(t) == _upper(par.codec_tag):
                other_id = name
                if name == par.codec_name:
                    return True
            if name == par.codec_name:
                has_codec = True
        return other_id is None and not has_codec

    def _init_pts(self) -> None:
        for st, ms in zip(self.ctx.streams, self.ms):
            t = st.codecpar.codec_type
            den = None
            if t == "audio":
                den = st.time_base.num * st.codecpar.sample_rate
            elif t == "video":
                den = st.time_base.num * st.time_base.den
            if den is not None:
                if den <= 0:
                    raise CineError(code=_tb_invalid())
                ms.priv_pts = _Frac(den)
        if self.avoid_negative_ts < 0:
            if self.flags & {"ts_negative", "notimestamps"}:
                self.avoid_negative_ts = 0
                self.avoid_status = "disabled"
            else:
                self.avoid_negative_ts = 1
        elif self.avoid_negative_ts == 0:
            self.avoid_status = "disabled"

    # -- packets -----------------------------------------------------------------------------
    def interleaved_write(self, pkt: Packet) -> None:
        """av_interleaved_write_frame(pkt). Raises CineError on a muxer failure."""
        st = self.ctx.streams[pkt.stream_index]
        ms = self.ms[pkt.stream_index]
        if ms.intra_only:
            pkt.flags |= PKT_FLAG_KEY
        if self.auto_bsf and not ms.bsf_checked:
            names = self.muxer.auto_bsf(st, pkt)
            ms.bsf_checked = True
            if names:
                ms.bsfs = []
                for n in names:
                    ms.bsfs.append(_bsf.create(n, st, self.log))
                    self.log.sink("", VERBOSE, "Automatically inserted bitstream filter '%s'; "
                                  "args=''\n" % n)
        if ms.bsfs:
            try:
                outs = _bsf.run_chain(ms.bsfs, pkt)
            except CineError as exc:
                # mux.c write_packets_from_bsfs: the failure fails av_interleaved_write_frame
                self.log.error("Error applying bitstream filters to an output packet for "
                               "stream #%d: %s\n" % (st.index, exc.message))
                raise CineError(exc.message, code=exc.code) from None
            for out in outs:
                self._write_common(st, ms, out)
        else:
            self._write_common(st, ms, pkt)

    def _write_common(self, st, ms, pkt: Packet) -> None:
        if pkt.duration <= 0:
            self._guess_duration(st, pkt)
        err = self._compute_fields(st, ms, pkt)
        if err and "notimestamps" not in self.flags:
            raise CineError(code=err)
        if pkt.dts is None and "notimestamps" not in self.flags:
            raise CineError(code=EINVAL)
        self._interleave(pkt, flush=False)

    def _guess_duration(self, st, pkt: Packet) -> None:
        par = st.codecpar
        if pkt.duration < 0 and par.codec_type != "subtitle":
            self.log.warning("Packet with invalid duration %d in stream %d\n"
                             % (pkt.duration, pkt.stream_index))
            pkt.duration = 0
        if pkt.duration:
            return
        if par.codec_type == "video":
            fr = st.avg_frame_rate
            if fr.num > 0 and fr.den > 0:
                pkt.duration = rescale_q(1, Rational(fr.den, fr.num), st.time_base)
            elif st.time_base.num * 1000 > st.time_base.den:
                pkt.duration = 1
        elif par.codec_type == "audio":
            n = audio_frame_duration(par, len(pkt.data))
            if n and par.sample_rate:
                pkt.duration = rescale_q(n, Rational(1, par.sample_rate), st.time_base)

    def _compute_fields(self, st, ms, pkt: Packet) -> int:
        par = st.codecpar
        delay = par.video_delay
        if ((pkt.pts is None or pkt.dts is None) and not self.missing_ts_warning
                and "notimestamps" not in self.flags
                and ("attached_pic" not in st.disposition or "timed_thumbnails" in st.disposition)):
            self.log.warning("Timestamps are unset in a packet for stream %d. This is deprecated "
                             "and will stop working in the future. Fix your code to set the "
                             "timestamps properly\n" % st.index)
            self.missing_ts_warning = True
        if pkt.pts is None and pkt.dts is not None and delay == 0:
            pkt.pts = pkt.dts
        if (pkt.pts == 0 or pkt.pts is None) and pkt.dts is None and not delay:
            if not getattr(MuxContext, "_warned_pts", False):
                self.log.warning("Encoder did not produce proper pts, making some up.\n")
                MuxContext._warned_pts = True
            v = ms.priv_pts.val if ms.priv_pts else 0
            pkt.dts = pkt.pts = v
        if pkt.pts is not None and pkt.dts is None and delay <= 16:
            # dts from pts: the delay smallest pts seen (a missing dts, e.g. from setts)
            buf = ms.pts_buffer
            if buf is None:
                buf = ms.pts_buffer = [None] * 17
            buf[0] = pkt.pts
            i = 1
            while i < delay + 1 and buf[i] is None:
                buf[i] = pkt.pts + (i - delay - 1) * pkt.duration
                i += 1
            i = 0
            while i < delay and buf[i] > buf[i + 1]:
                buf[i], buf[i + 1] = buf[i + 1], buf[i]
                i += 1
            pkt.dts = buf[0]
        cur = ms.cur_dts
        if cur and cur is not None and (pkt.dts is None or (
                ("ts_nonstrict" not in self.flags and par.codec_type not in ("subtitle", "data")
                 and cur >= pkt.dts) or cur > pkt.dts)):
            # (a missing dts is AV_NOPTS_VALUE, INT64_MIN: below any dts before it)
            self.log.error("Application provided invalid, non monotonically increasing dts to "
                           "muxer in stream %d: %d >= %s\n"
                           % (st.index, cur, "NOPTS" if pkt.dts is None else pkt.dts))
            return EINVAL
        if pkt.dts is not None and pkt.pts is not None and pkt.pts < pkt.dts:
            self.log.error("pts (%d) < dts (%d) in stream %d\n" % (pkt.pts, pkt.dts, st.index))
            return EINVAL
        ms.cur_dts = pkt.dts
        # (a missing dts is AV_NOPTS_VALUE there too: the running pts goes to INT64_MIN)
        ms.end_val = pkt.dts if pkt.dts is not None else -(1 << 63)
        if ms.priv_pts is not None:
            ms.priv_pts.val = pkt.dts if pkt.dts is not None else -(1 << 63)
            if par.codec_type == "audio":
                fs = audio_frame_duration(par, len(pkt.data))
                pp = ms.priv_pts
                if fs >= 0 and (pkt.data or pp.num != pp.den >> 1 or pp.val):
                    pp.add(st.time_base.den * fs)
            elif par.codec_type == "video":
                ms.priv_pts.add(st.time_base.den * st.time_base.num)
        return 0

    def _interleave(self, pkt: Packet | None, flush: bool) -> None:
        """interleaved_write_packet with ff_interleave_packet_per_dts (or passthrough for a
        single stream)."""
        if self.nb_interleaved <= 1:
            if pkt is not None:
                self._write_packet(pkt)
            return
        if pkt is not None:
            self._add_packet(pkt)
        nxt = self._next_interleaved
        write = self._write_packet
        while True:
            out = nxt(flush)
            if out is None:
                return
            write(out)

    def _cmp(self, nxt: Packet, pkt: Packet) -> bool:
        """interleave_compare_dts: True when `nxt` must come after `pkt`."""
        st = self.ctx.streams[pkt.stream_index]
        st2 = self.ctx.streams[nxt.stream_index]
        comp = compare_ts(nxt.dts, st2.time_base, pkt.dts, st.time_base)
        if comp == 0:
            return pkt.stream_index < nxt.stream_index
        return comp > 0

    def _prepare_interleave(self) -> None:
        """Per-stream constants of the interleaving (time bases are final after the header)."""
        for st, ms in zip(self.ctx.streams, self.ms):
            ms.us_b, ms.us_c = q_factors(st.time_base, Rational(1, 1000000))
            ms.counts_idle = (st.codecpar.codec_type != "attachment"
                              and st.codecpar.codec_name not in ("vp8", "vp9"))

    def _add_packet(self, pkt: Packet) -> None:
        q = self.queue
        ms = self.ms[pkt.stream_index]
        if ms.us_b is None:
            self._prepare_interleave()
        # it goes after every queued packet of its stream: the stream's last from now on
        ms.last_us = rescale_near(pkt.dts, ms.us_b, ms.us_c)
        if q:
            if self._cmp(q[-1], pkt):
                # start after this stream's last queued packet (or at the head)
                start = 0
                if ms.queued:
                    for i in range(len(q) - 1, -1, -1):
                        if q[i].stream_index == pkt.stream_index:
                            start = i + 1
                            break
                i = start
                while i < len(q) and not self._cmp(q[i], pkt):
                    i += 1
                q.insert(i, pkt)
            else:
                q.append(pkt)
        else:
            q.append(pkt)
        ms.queued += 1

    def _next_interleaved(self, flush: bool) -> Packet | None:
        q = self.queue
        stream_count = noninterleaved = 0
        for ms in self.ms:
            if ms.queued:
                stream_count += 1
            elif ms.counts_idle:
                noninterleaved += 1
        nb = self.nb_interleaved
        if nb == stream_count:
            flush = True
        elif (self.max_interleave_delta > 0 and q and not flush
                and nb == stream_count + noninterleaved):
            top = q[0]
            tms = self.ms[top.stream_index]
            top_dts = rescale_near(top.dts, tms.us_b, tms.us_c)
            delta = None
            for ms in self.ms:
                if not ms.queued:
                    continue
                d = ms.last_us - top_dts
                delta = d if delta is None or d > delta else delta
            if delta is not None and delta > self.max_interleave_delta:
                self.log.debug("Delay between the first packet and last packet in the muxing "
                               "queue is %d > %d: forcing output\n" % (delta, self.max_interleave_delta))
                flush = True
        if stream_count and flush:
            pkt = q.pop(0)
            self.ms[pkt.stream_index].queued -= 1
            return pkt
        return None

    def _write_packet(self, pkt: Packet) -> None:
        """mux.c write_packet: output_ts_offset, avoid_negative_ts, the muxer, flush point."""
        st = self.ctx.streams[pkt.stream_index]
        ms = self.ms[pkt.stream_index]
        if self.output_ts_offset:
            off = rescale_q(self.output_ts_offset, Rational(1, 1000000), st.time_base)
            if pkt.dts is not None:
                pkt.dts += off
            if pkt.pts is not None:
                pkt.pts += off
        self._avoid_negative(ms, st, pkt)
        self.muxer.write_packet(pkt)
        ms.nb_frames += 1
        st.nb_frames += 1
        if self.pb is not None:
            self.pb.flush_point()
            if self.pb.error < 0:
                # mux.c write_packet: a failed write of the AVIOContext fails the packet
                raise CineError(code=self.pb.error)

    def _avoid_negative(self, ms, st, pkt: Packet) -> None:
        if self.avoid_status == "disabled":
            return
        if self.avoid_status == "unknown":
            use_pts = self.avoid_use_pts
            ts = pkt.pts if use_pts else pkt.dts
            tb = st.time_base
            if ts is None:
                return
            for p in self.queue:
                cmp_tb = self.ctx.streams[p.stream_index].time_base
                cmp_ts = p.pts if use_pts else p.dts
                if cmp_ts is None:
                    continue
                if self.output_ts_offset:
                    cmp_ts += rescale_q(self.output_ts_offset, Rational(1, 1000000), cmp_tb)
                if compare_ts(cmp_ts, cmp_tb, ts, tb) < 0:
                    ts, tb = cmp_ts, cmp_tb
            if ts < 0 or (ts > 0 and self.avoid_negative_ts == 2):
                for st2, ms2 in zip(self.ctx.streams, self.ms):
                    ms2.mux_ts_offset = rescale_q(-ts, tb, st2.time_base, ROUND_UP)
            self.avoid_status = "known"
        off = ms.mux_ts_offset
        if pkt.dts is not None:
            pkt.dts += off
        if pkt.pts is not None:
            pkt.pts += off
        if self.avoid_use_pts:
            if pkt.pts is not None and pkt.pts < 0:
                self.log.warning("failed to avoid negative pts %d in stream %d.\n"
                                 "Try -avoid_negative_ts 1 as a possible workaround.\n"
                                 % (pkt.pts, pkt.stream_index))
        elif pkt.dts is not None and pkt.dts < 0:
            self.log.warning("Packets poorly interleaved, failed to avoid negative timestamp %d "
                             "in stream %d.\nTry -max_interleave_delta 0 as a possible "
                             "workaround.\n" % (pkt.dts, pkt.stream_index))

    def peek(self, stream_index: int):
        """ff_interleaved_peek: the first queued packet of a stream, or None."""
        for p in self.queue:
            if p.stream_index == stream_index:
                return p
        return None

    def ts_offset(self, stream_index: int) -> int:
        """ff_get_muxer_ts_offset."""
        off = self.ms[stream_index].mux_ts_offset
        if self.output_ts_offset:
            off += rescale_q(self.output_ts_offset, Rational(1, 1000000),
                             self.ctx.streams[stream_index].time_base)
        return off

    # -- trailer -----------------------------------------------------------------------------
    def write_trailer(self) -> None:
        """av_write_trailer: drain bitstream filters and the queue, then the muxer (called
        even when draining failed); raises CineError with the first error."""
        err = 0
        try:
            for st, ms in zip(self.ctx.streams, self.ms):
                if ms.bsfs:
                    for out in _bsf.flush_chain(ms.bsfs):
                        self._write_common(st, ms, out)
            while self.queue:
                pkt = self.queue.pop(0)
                self.ms[pkt.stream_index].queued -= 1
                self._write_packet(pkt)
        except CineError as exc:
            err = exc.code or EINVAL
        try:
            self.muxer.write_trailer()
        except CineError as exc:
            if not err:
                err = exc.code or EINVAL
        if self.pb is not None:
            self.pb.flush()
            if not err:
                err = self.pb.error
        if err:
            raise CineError(code=err)


def _set_pts_info(tb: Rational) -> Rational:
    from ..timebase import reduce
    return reduce(tb.num, tb.den, INT_MAX)


def _tb_invalid() -> int:
    from ..errors import AVERROR_INVALIDDATA
    return AVERROR_INVALIDDATA


def _codec_id(name: str | None) -> int:
    from ..codecs.codec_ids import codec_id
    return codec_id(name)


def fourcc2str(tag: int) -> str:
    """av_fourcc2str: printable characters as is, others as [N]."""
    out = []
    for i in range(4):
        c = (tag >> (8 * i)) & 0xFF
        ch = chr(c)
        out.append(ch if (ch.isalnum() or ch in " .-_") and c < 128 else "[%d]" % c)
    return "".join(out)
