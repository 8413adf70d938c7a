"""What ffmpeg prints about its outputs: the "Output #N, FMT, to 'URL':" dump (libavformat/dump.c
av_dump_format with is_output=1), the "Stream mapping:" block (fftools/ffmpeg.c transcode_init),
the stats line and final summary (print_report, print_final_stats) and the -progress blocks.

Stats values come from the engine's progress object (duck-typed, see _Counters).
"""
from __future__ import annotations

from .. import log as clog
from ..dump import _DISPOSITION_TEXT, _SANITIZE, _cmp_q, _q2d, fps_text, metadata_messages
from ..dump_codec import codec_string
from ..dump_sidedata import cfloat
from ...engine.model import FormatContext, Rational
from ...engine.record import shallow_copy
from ...engine.timebase import reduce


def output_dump(ctx: FormatContext, index: int, url: str, loglevel: int) -> list[tuple[int, str]]:
    """av_dump_format(oc, index, url, 1) as (level, text) messages."""
    out: list[tuple[int, str]] = [(clog.INFO, "Output #%d, %s, to '%s':\n" % (index, ctx.format_name, url))]
    out.extend(metadata_messages(ctx.tags, "  "))
    if ctx.chapters:
        out.append((clog.INFO, "  Chapters:\n"))
    for i, ch in enumerate(ctx.chapters):
        tb = _q2d(ch.time_base)
        out.append((clog.INFO, "    Chapter #%d:%d: " % (index, i)))
        out.append((clog.INFO, "start %s, " % cfloat("%f", ch.start * tb)))
        out.append((clog.INFO, "end %s\n" % cfloat("%f", ch.end * tb)))
        out.extend(metadata_messages(ch.tags, "      "))
    for i, st in enumerate(ctx.streams):
        # the encoder-side context: no coded size, no decoder properties
        par = shallow_copy(st.codecpar)      # (copy.copy, without importing copy)
        par.coded_width = par.coded_height = 0
        par.info_coded_width = par.info_coded_height = None
        par.info_closed_captions = par.info_film_grain = par.info_lossless = False
        line = "  Stream #%d:%d" % (index, i)
        if getattr(ctx, "show_ids", False):
            line += "[0x%x]" % (st.id & 0xFFFFFFFF)
        lang = st.tags.get("language")
        if lang is not None:
            line += "(%s)" % lang
        if loglevel >= 48:
            line += ", %d, %d/%d" % (0, st.time_base.num, st.time_base.den)
        text = codec_string(par, loglevel=loglevel)
        if par.codec_type == "video":
            text = _add_qrange(text, par, loglevel)
        line += ": " + text
        ssar = getattr(st, "sample_aspect_ratio", Rational(0, 1))
        if ssar.num and _cmp_q(ssar, par.sample_aspect_ratio):
            dar = reduce(par.width * ssar.num, par.height * ssar.den, 1024 * 1024)
            line += ", SAR %d:%d DAR %d:%d" % (ssar.num, ssar.den, dar.num, dar.den)
        if par.codec_type == "video":
            fps = bool(st.avg_frame_rate.den and st.avg_frame_rate.num)
            tbr = bool(st.r_frame_rate.den and st.r_frame_rate.num)
            tbn = bool(st.time_base.den and st.time_base.num)
            if fps or tbr or tbn:
                line += ", "
            if fps:
                line += fps_text(_q2d(st.avg_frame_rate), "fps, " if tbr or tbn else "fps")
            if tbr:
                line += fps_text(_q2d(st.r_frame_rate), "tbr, " if tbn else "tbr")
            if tbn:
                line += fps_text(1 / _q2d(st.time_base), "tbn")
        for flag, name in _DISPOSITION_TEXT:
            if flag in st.disposition:
                line += " (%s)" % name
        out.append((clog.INFO, line + "\n"))
        out.extend(metadata_messages(st.tags, "    "))
        from ..dump_sidedata import sidedata_messages
        out.extend(sidedata_messages(st, "    "))
    return [(lvl, text.translate(_SANITIZE)) for lvl, text in out]


def _add_qrange(text: str, par, loglevel: int) -> str:
    """avcodec_string(encode=1) prints ", q=2-31" (a fresh context's qmin/qmax) before the
    bit rate."""
    from ..dump_codec import _bit_rate
    rate = _bit_rate(par)
    tail = ", %d kb/s" % (rate // 1000) if rate else ""
    if tail and text.endswith(tail):
        return text[:-len(tail)] + ", q=2-31" + tail
    return text + ", q=2-31"


def stream_mapping(streams_per_output) -> list[str]:
    """ "Stream mapping:" with one "  Stream #I:S -> #O:N (copy)" line per output stream, as
    the reference's separate av_log calls (they matter to repeated-line collapsing)."""
    out = ["Stream mapping:\n"]
    for oi, streams in enumerate(streams_per_output):
        for ost in streams:
            out.append("  Stream #%d:%d -> #%d:%d" % (ost.file_index, ost.stream_index, oi, ost.index))
            if ost.sync is not None:
                out.append(" [sync #%d:%d]" % ost.sync)
            out.append(" (copy)")
            out.append("\n")
    return out


def _g(obj, name, default=0):
    v = getattr(obj, name, default)
    return default if v is None and default is not None else v


def _pct_g(value: float) -> str:
    """printf %4.3g."""
    return "%4.3g" % value


def throttled_progress(rep, period: float, start: float):
    """The on_progress callback both pipelines take: a stats report at most every `period`
    seconds (-stats_period), the summary left to the final report. FFmpeg 5.1.9 samples the
    clock before each step: the first report's elapsed time is that of the loop's first
    iteration, in practice 0 us (speed=N/A)."""
    import time
    last = [None]

    def on_progress(prog) -> None:
        if getattr(prog, "final", False):
            return
        now = time.monotonic()
        if last[0] is not None and now - last[0] < period:
            return
        rep.report(prog, False, 0.0 if last[0] is None else now - start)
        last[0] = now
    return on_progress


class Reporter:
    """print_report / print_final_stats state for one run."""

    def __init__(self, print_stats: int, progress_sink=None, stream_types=None, copy_ts=False):
        self.print_stats = print_stats
        self.progress = progress_sink
        self.first = True
        self.types = stream_types or []        # per output stream (all outputs): codec_type
        self.copy_ts = copy_ts
        self.copy_ts_first_pts = None

    def report(self, prog, is_last: bool, elapsed: float) -> None:
        """One stats line (and -progress block) from the engine's progress values."""
        if not self.print_stats and not is_last and self.progress is None:
            return
        t = elapsed
        total_size = _total_size(prog)
        pts = _out_time(prog)
        buf = []
        script = []
        vid = False
        for i, kind in enumerate(self.types):
            q = _quality(prog, i)
            if kind == "video" and vid:
                buf.append("q=%2.1f " % q)
                script.append("stream_%d_%d_q=%.1f\n" % (0, i, q))
            if kind == "video" and not vid:
                frames = _frames(prog, i)
                fps = frames / t if t > 1 else 0
                buf.append("frame=%5d fps=%3.*f q=%3.1f " % (frames, 1 if fps < 9.95 else 0, fps, q))
                script.append("frame=%d\n" % frames)
                script.append("fps=%.2f\n" % fps)
                script.append("stream_%d_%d_q=%.1f\n" % (0, i, q))
                if is_last:
                    buf.append("L")
                vid = True
        ends = [getattr(st, "end_pts_us", None) for st in _all_streams(prog)]
        if self.copy_ts and ends and all(e is not None for e in ends):
            # -copyts: FFmpeg 5.1.9 takes the running maximum of the streams' end pts and,
            # inside the same per-stream loop, subtracts the first value above 1 us it saw
            pts = -(1 << 63) + 1
            for end in ends:
                pts = max(pts, end)
                if self.copy_ts_first_pts is None and pts > 1:
                    self.copy_ts_first_pts = pts
                if self.copy_ts_first_pts is not None:
                    pts -= self.copy_ts_first_pts
        elif pts is not None and self.copy_ts:
            if self.copy_ts_first_pts is None and pts > 1:
                self.copy_ts_first_pts = pts
            if self.copy_ts_first_pts is not None:
                pts -= self.copy_ts_first_pts
        if pts is None:
            # FFmpeg 5.1.9: every output stream's end pts starts at 0, so without packets the
            # time is 0 (INT64_MIN + 1 only for outputs with no streams at all)
            pts = 0 if self.types else -(1 << 63) + 1
        hours, mins, secs, us = _hms(pts)
        sign = "-" if pts < 0 else ""
        bitrate = total_size * 8 / (pts / 1000.0) if pts and total_size is not None and total_size >= 0 else -1
        speed = pts / 1000000 / t if t != 0.0 else -1
        if total_size is None or total_size < 0:
            buf.append("size=N/A time=")
        else:
            buf.append("size=%8.0fkB time=" % (total_size / 1024.0))
        buf.append("%s%02d:%02d:%02d.%02d " % (sign, hours, mins, secs, (100 * us) // 1000000))
        if bitrate < 0:
            buf.append("bitrate=N/A")
            script.append("bitrate=N/A\n")
        else:
            buf.append("bitrate=%6.1fkbits/s" % bitrate)
            script.append("bitrate=%6.1fkbits/s\n" % bitrate)
        if total_size is None or total_size < 0:
            script.append("total_size=N/A\n")
        else:
            script.append("total_size=%d\n" % total_size)
        script.append("out_time_us=%d\n" % pts)
        script.append("out_time_ms=%d\n" % pts)
        script.append("out_time=%s%02d:%02d:%02d.%06d\n" % (sign, hours, mins, secs, us))
        dup, drop = getattr(prog, "dup_frames", 0), getattr(prog, "drop_frames", 0)
        if dup or drop:
            buf.append(" dup=%d drop=%d" % (dup, drop))
        script.append("dup_frames=%d\ndrop_frames=%d\n" % (dup, drop))
        if speed < 0:
            buf.append(" speed=N/A")
            script.append("speed=N/A\n")
        else:
            buf.append(" speed=%sx" % _pct_g(speed))
            script.append("speed=%sx\n" % _pct_g(speed))
        if self.print_stats or is_last:
            end = "\n" if is_last else "\r"
            line = "".join(buf) + "    " + end
            if self.print_stats == 1 and clog.INFO > clog.get_level():
                clog._write(line)
            else:
                clog.log(clog.INFO, line)
        if self.progress is not None:
            script.append("progress=%s\n" % ("end" if is_last else "continue"))
            try:
                self.progress.write("".join(script).encode())
                self.progress.flush()
            except OSError:
                pass
            if is_last:
                try:
                    self.progress.close()
                except OSError:
                    pass
        self.first = False
        if is_last:
            self.final_stats(prog, total_size)

    def final_stats(self, prog, total_size) -> None:
        sizes = {"video": 0, "audio": 0, "subtitle": 0, "other": 0}
        extra = 0
        data = 0
        for i, kind in enumerate(self.types):
            n = _stream_bytes(prog, i)
            sizes[kind if kind in sizes else "other"] += n
            extra += _stream_extradata(prog, i)
            data += n
        percent = -1.0
        if data and total_size and total_size > 0 and total_size >= data:
            # FFmpeg 5.1.9: percent is a C float
            import struct
            percent = struct.unpack("<f", struct.pack("<f", 100.0 * (total_size - data) / data))[0]
        text = ("video:%1.0fkB audio:%1.0fkB subtitle:%1.0fkB other streams:%1.0fkB "
                "global headers:%1.0fkB muxing overhead: "
                % (sizes["video"] / 1024.0, sizes["audio"] / 1024.0, sizes["subtitle"] / 1024.0,
                   sizes["other"] / 1024.0, extra / 1024.0))
        clog.log(clog.INFO, text)
        clog.log(clog.INFO, ("%f%%" % percent) if percent >= 0.0 else "unknown")
        clog.log(clog.INFO, "\n")
        self._verbose_stats(prog)
        if sizes["video"] + data + sizes["audio"] + sizes["subtitle"] + extra == 0:
            clog.log(clog.WARNING, "Output file is empty, nothing was encoded ")
            clog.log(clog.WARNING, "(check -ss / -t / -frames parameters if used)\n")


    def _verbose_stats(self, prog) -> None:
        """print_final_stats' per-file lines at verbose level. Input lines need the engine's
        per-input counters (prog.inputs: .url, .streams with .media_type, .packets,
        .data_size); they are left out when it does not give them."""
        V = clog.VERBOSE
        for i, f in enumerate(getattr(prog, "inputs", None) or []):
            clog.log(V, "Input file #%d (%s):\n" % (i, f.url))
            tp = tb = 0
            for j, st in enumerate(f.streams):
                tp += st.packets
                tb += st.data_size
                clog.log(V, "  Input stream #%d:%d (%s): " % (i, j, st.media_type or "unknown"))
                clog.log(V, "%d packets read (%d bytes); " % (st.packets, st.data_size))
                clog.log(V, "\n")
            clog.log(V, "  Total: %d packets (%d bytes) demuxed\n" % (tp, tb))
        for i, o in enumerate(_outputs(prog)):
            clog.log(V, "Output file #%d (%s):\n" % (i, _display_url(getattr(o, "url", ""))))
            tp = tb = 0
            for j, st in enumerate(getattr(o, "streams", []) or []):
                packets = getattr(st, "packets", 0) or 0
                size = getattr(st, "data_size", 0) or 0
                tp += packets
                tb += size
                clog.log(V, "  Output stream #%d:%d (%s): " % (i, j, getattr(st, "media_type", None) or "unknown"))
                clog.log(V, "%d packets muxed (%d bytes); " % (packets, size))
                clog.log(V, "\n")
            clog.log(V, "  Total: %d packets (%d bytes) muxed\n" % (tp, tb))


def _display_url(url: str) -> str:
    return "pipe:" if url == "-" else url


# ---- the engine's progress object ------------------------------------------------------
# Expected (cine/engine/pipeline/copy.py Progress / RemuxSummary): .outputs, one per output
# file, each with .total_size (bytes, None when unknown), and .streams, one per output stream
# with .packets, .data_size (payload bytes) and .extradata_size; .out_time_us (None = N/A)
# on the progress object or per output.

def _outputs(prog):
    outs = getattr(prog, "outputs", None)
    return outs if outs is not None else [prog]


def _total_size(prog):
    first = _outputs(prog)[0]
    return getattr(first, "total_size", None)


def _out_time(prog):
    v = getattr(prog, "out_time_us", None)
    if v is None:
        vals = [getattr(o, "out_time_us", None) for o in _outputs(prog)]
        vals = [x for x in vals if x is not None]
        v = max(vals) if vals else None
    return v


def _all_streams(prog):
    out = []
    for o in _outputs(prog):
        out.extend(getattr(o, "streams", []) or [])
    return out


def _stream(prog, i):
    sts = _all_streams(prog)
    return sts[i] if i < len(sts) else None


def _frames(prog, i) -> int:
    st = _stream(prog, i)
    if st is None:
        return 0
    for name in ("frames", "packets", "nb_packets", "frame_number"):
        v = getattr(st, name, None)
        if v is not None:
            return v
    return 0


def _quality(prog, i) -> float:
    """The stream's encoder q (-1 for a copied stream, which has no encoder)."""
    st = _stream(prog, i)
    q = getattr(st, "quality", None) if st is not None else None
    return -1.0 if q is None else q


def _stream_bytes(prog, i) -> int:
    st = _stream(prog, i)
    if st is None:
        return 0
    for name in ("data_size", "bytes", "payload_bytes"):
        v = getattr(st, name, None)
        if v is not None:
            return v
    return 0


def _stream_extradata(prog, i) -> int:
    st = _stream(prog, i)
    if st is None:
        return 0
    return getattr(st, "extradata_size", 0) or 0


def _int32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _hms(pts: int) -> tuple[int, int, int, int]:
    """print_report's hours, mins, secs and us of |pts|: C ints, so a time past 2^31 seconds
    (a timestamp near INT64_MIN) wraps as the reference's does; C division truncates."""
    apts = abs(pts)
    secs, us = _int32(apts // 1000000), _int32(apts % 1000000)
    mins = int(secs / 60)
    secs -= mins * 60
    hours = int(mins / 60)
    mins -= hours * 60
    return hours, mins, secs, us
