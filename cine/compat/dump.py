"""The stderr dump of an opened input ("Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':" with its
Metadata, Duration, Chapters, Programs and Stream lines): FFmpeg 5.1.9 libavformat/dump.c
av_dump_format(ic, index, url, is_output=0).

The dump is produced as av_log messages, (level, text) pairs, so that a log layer can apply its
own prefixes; `dump_format` joins the ones a log level shows. Messages already carry the default
log callback's sanitising (control characters other than \\b..\\r become '?').
"""
from __future__ import annotations

import math
import struct

from cine.compat.dump_codec import LOG_DEBUG, LOG_INFO, codec_string
from cine.compat.dump_sidedata import cfloat, sidedata_messages
from cine.engine.model import AV_TIME_BASE, FormatContext, Rational, Stream, Tags
from cine.engine.timebase import reduce

Message = tuple[int, str]

# Disposition flags in av_dump_format's order with the text it prints.
_DISPOSITION_TEXT = (
    ("default", "default"), ("dub", "dub"), ("original", "original"), ("comment", "comment"),
    ("lyrics", "lyrics"), ("karaoke", "karaoke"), ("forced", "forced"),
    ("hearing_impaired", "hearing impaired"), ("visual_impaired", "visual impaired"),
    ("clean_effects", "clean effects"), ("attached_pic", "attached pic"),
    ("timed_thumbnails", "timed thumbnails"), ("captions", "captions"),
    ("descriptions", "descriptions"), ("metadata", "metadata"), ("dependent", "dependent"),
    ("still_image", "still image"), ("non_diegetic", "non-diegetic"),
)
_INT64_MAX = (1 << 63) - 1
_SANITIZE = {c: "?" for c in list(range(0x01, 0x08)) + list(range(0x0E, 0x20))}


def _c_mod(a: int, b: int) -> int:
    """C's % (the remainder takes the dividend's sign)."""
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def _c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _q2d(q: Rational) -> float:
    if q.den:
        return q.num / q.den
    # FFmpeg 5.1.9 on x86-64: 0.0/0.0 yields the default NaN, whose sign bit is set
    return -math.nan if q.num == 0 else math.copysign(math.inf, q.num)


def _cmp_q(a: Rational, b: Rational) -> int:
    """av_cmp_q: 0 when equal, nonzero otherwise (INT_MIN when either is 0/0-like)."""
    tmp = a.num * b.den - b.num * a.den
    if tmp:
        return 1 if tmp > 0 else -1
    if b.den and a.den:
        return 0
    if a.num and b.num:
        return (a.num >> 31) - (b.num >> 31)
    return -(1 << 31)


def _byte_pad(text: str, width: int) -> str:
    """printf's %-Ns: pad to N bytes of the UTF-8 encoding, never truncate."""
    n = len(text.encode("utf-8", "surrogateescape"))
    return text + " " * (width - n) if n < width else text


def _lrintf(x: float) -> int:
    """lrintf(x) stored in a uint64_t: round to float, then to nearest even integer."""
    try:
        f = struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return 1 << 63
    if math.isnan(f) or math.isinf(f):
        return 1 << 63
    return round(f) & ((1 << 64) - 1)


def fps_text(d: float, postfix: str) -> str:
    """print_fps(): 29.97 / 30 / 90k with the given postfix."""
    v = _lrintf(d * 100)
    if not v:
        return cfloat("%1.4f", d) + " " + postfix
    if v % 100:
        return cfloat("%3.2f", d) + " " + postfix
    if v % (100 * 1000):
        return cfloat("%1.0f", d) + " " + postfix
    return cfloat("%1.0f", d / 1000) + "k " + postfix


def metadata_messages(tags: Tags | None, indent: str) -> list[Message]:
    """dump_metadata(): "Metadata:" then "key             : value", values split on \\n/\\r."""
    out: list[Message] = []
    if not tags or (len(tags) == 1 and "language" in tags):
        return out
    out.append((LOG_INFO, "%sMetadata:\n" % indent))
    for key, value in tags:
        if key == "language":
            continue
        out.append((LOG_INFO, "%s  %s: " % (indent, _byte_pad(key, 16))))
        raw = value.encode("utf-8", "surrogateescape")
        p = 0
        n = len(raw)
        while p < n:
            end = p
            while end < n and raw[end] not in b"\x08\x0a\x0b\x0c\x0d":
                end += 1
            # FFmpeg 5.1.9: each segment goes through a 256-byte buffer, so at most 255 bytes
            # of it are printed.
            out.append((LOG_INFO, raw[p:min(end, p + 255)].decode("utf-8", "surrogateescape")))
            p = end
            if p < n:
                if raw[p] == 0x0D:
                    out.append((LOG_INFO, " "))
                elif raw[p] == 0x0A:
                    out.append((LOG_INFO, "\n%s  %s: " % (indent, " " * 16)))
                p += 1
        out.append((LOG_INFO, "\n"))
    return out


def _duration_messages(ctx: FormatContext) -> list[Message]:
    text = "  Duration: "
    if ctx.duration is not None:
        d = ctx.duration + (5000 if ctx.duration <= _INT64_MAX - 5000 else 0)
        secs = _c_div(d, AV_TIME_BASE)
        us = _c_mod(d, AV_TIME_BASE)
        mins = _c_div(secs, 60)
        secs = _c_mod(secs, 60)
        hours = _c_div(mins, 60)
        mins = _c_mod(mins, 60)
        text += "%02d:%02d:%02d.%02d" % (hours, mins, secs, _c_div(100 * us, AV_TIME_BASE))
    else:
        text += "N/A"
    out = [(LOG_INFO, text)]
    if ctx.start_time is not None:
        st = ctx.start_time
        secs = abs(_c_div(st, AV_TIME_BASE))
        us = abs(_c_mod(st, AV_TIME_BASE))
        # FFmpeg 5.1.9: secs is an int, so the value wraps like a C int.
        secs = ((secs + (1 << 31)) % (1 << 32)) - (1 << 31)
        out.append((LOG_INFO, ", start: "))
        out.append((LOG_INFO, "%s%d.%06d" % ("" if st >= 0 else "-", secs, us)))
    rate = ("%d kb/s" % _c_div(ctx.bit_rate, 1000)) if ctx.bit_rate else "N/A"
    out.append((LOG_INFO, ", bitrate: "))
    out.append((LOG_INFO, rate))
    out.append((LOG_INFO, "\n"))
    return out


def stream_messages(ctx: FormatContext, i: int, index: int, loglevel: int) -> list[Message]:
    """dump_stream_format(): the "  Stream #0:0[0x1](und): ..." line, its metadata, side data."""
    st: Stream = ctx.streams[i]
    par = st.codecpar
    out: list[Message] = [(LOG_INFO, "  Stream #%d:%d" % (index, i))]
    if ctx.show_ids:
        out.append((LOG_INFO, "[0x%x]" % (st.id & 0xFFFFFFFF)))
    lang = st.tags.get("language")
    if lang is not None:
        out.append((LOG_INFO, "(%s)" % lang))
    out.append((LOG_DEBUG, ", %d, %d/%d" % (getattr(st, "codec_info_nb_frames", 0),
                                             st.time_base.num, st.time_base.den)))
    out.append((LOG_INFO, ": %s" % codec_string(par, loglevel=loglevel)))

    ssar = getattr(st, "sample_aspect_ratio", Rational(0, 1))
    if ssar.num and _cmp_q(ssar, par.sample_aspect_ratio):
        dar = reduce(par.width * ssar.num, par.height * ssar.den, 1024 * 1024)
        out.append((LOG_INFO, ", SAR %d:%d DAR %d:%d" % (ssar.num, ssar.den, dar.num, dar.den)))

    if par.codec_type == "video":
        fps = bool(st.avg_frame_rate.den and st.avg_frame_rate.num)
        tbr = bool(st.r_frame_rate.den and st.r_frame_rate.num)
        tbn = bool(st.time_base.den and st.time_base.num)
        if fps or tbr or tbn:
            out.append((LOG_INFO, ", "))
        if fps:
            out.append((LOG_INFO, fps_text(_q2d(st.avg_frame_rate),
                                           "fps, " if tbr or tbn else "fps")))
        if tbr:
            out.append((LOG_INFO, fps_text(_q2d(st.r_frame_rate), "tbr, " if tbn else "tbr")))
        if tbn:
            out.append((LOG_INFO, fps_text(1 / _q2d(st.time_base), "tbn")))

    for flag, text in _DISPOSITION_TEXT:
        if flag in st.disposition:
            out.append((LOG_INFO, " (%s)" % text))
    out.append((LOG_INFO, "\n"))
    out.extend(metadata_messages(st.tags, "    "))
    out.extend(sidedata_messages(st, "    "))
    return out


def dump_format_messages(ctx: FormatContext, index: int, url: str,
                         loglevel: int = LOG_INFO) -> list[Message]:
    """av_dump_format(ic, index, url, 0) as (av_log level, text) messages, in order."""
    out: list[Message] = [(LOG_INFO, "Input #%d, %s, from '%s':\n" % (index, ctx.format_name, url))]
    out.extend(metadata_messages(ctx.tags, "  "))
    out.extend(_duration_messages(ctx))

    if ctx.chapters:
        out.append((LOG_INFO, "  Chapters:\n"))
    for i, ch in enumerate(ctx.chapters):
        out.append((LOG_INFO, "    Chapter #%d:%d: " % (index, i)))
        tb = _q2d(ch.time_base)
        out.append((LOG_INFO, "start %s, " % cfloat("%f", ch.start * tb)))
        out.append((LOG_INFO, "end %s\n" % cfloat("%f", ch.end * tb)))
        out.extend(metadata_messages(ch.tags, "      "))

    printed = [False] * len(ctx.streams)
    if ctx.programs:
        total = 0
        for prog in ctx.programs:
            name = prog.tags.get("name")
            out.append((LOG_INFO, "  Program %d %s\n" % (prog.id, "" if name is None else name)))
            out.extend(metadata_messages(prog.tags, "    "))
            for si in prog.stream_indexes:
                if 0 <= si < len(ctx.streams):
                    out.extend(stream_messages(ctx, si, index, loglevel))
                    printed[si] = True
            total += len(prog.stream_indexes)
        if total < len(ctx.streams):
            out.append((LOG_INFO, "  No Program\n"))

    for i in range(len(ctx.streams)):
        if not printed[i]:
            out.extend(stream_messages(ctx, i, index, loglevel))
    return [(lvl, text.translate(_SANITIZE)) for lvl, text in out]


def dump_format(ctx: FormatContext, index: int, url: str, loglevel: int = LOG_INFO) -> str:
    """The text av_dump_format(ic, index, url, 0) writes to stderr at log level `loglevel`
    (32 = info, ffprobe's default)."""
    return "".join(text for lvl, text in dump_format_messages(ctx, index, url, loglevel)
                   if lvl <= loglevel)
