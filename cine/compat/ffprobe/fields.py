"""Engine objects -> the ordered fields ffprobe 5.1.9 prints for each section
(fftools/ffprobe.c show_stream, show_format, show_chapters, show_program, show_error,
print_pkt_side_data), with its N/A rules, optional fields and value formatting.

Each field is (key, value, kind): kind INT is print_int, STR print_str, OPT print_str_opt
(hidden by writers without optional-field display, e.g. json and xml) and VALID
print_str_validate (UTF-8 checked).
"""
from __future__ import annotations

import math
import struct

from ...engine.record import Record
from ...engine import timebase
from ...engine.codecs import descriptors
from ...engine.model import (AV_TIME_BASE_Q, DISPOSITIONS, PROFILE_UNKNOWN,
                             Chapter, FormatContext, Program, Rational, SideData, Stream)
from .. import units
from ..units import ValueFormat
from ...engine.codecs.bits_per_sample import bits_per_sample
from ..avstring import fourcc_str

INT, STR, OPT, VALID = "i", "s", "o", "v"

Field = tuple[str, object, str]

_MEDIA_TYPES = ("video", "audio", "data", "subtitle", "attachment")
_FIELD_ORDERS = ("progressive", "tt", "bb", "tb", "bt")


class FieldOptions(Record):
    """The options that change which fields are printed and how."""
    values: ValueFormat = ValueFormat()
    bitexact: bool = False
    show_private_data: bool = True
    show_data: bool = False
    data_hash: object = None            # callable(bytes) -> "NAME:hex", or None

    def __init__(self, values=ValueFormat(), bitexact=False, show_private_data=True,
                 show_data=False, data_hash=None):
        self.values = values
        self.bitexact = bitexact
        self.show_private_data = show_private_data
        self.show_data = show_data
        self.data_hash = data_hash

    @classmethod
    def from_options(cls, opts, data_hash=None) -> "FieldOptions":
        return cls(ValueFormat.from_options(opts), bool(getattr(opts, "bitexact", False)),
                   bool(getattr(opts, "show_private_data", True)),
                   bool(getattr(opts, "show_data", False)), data_hash)


# --- small printing helpers (print_time, print_ts, print_val, print_q) ---------------------

def q_str(q: Rational, sep: str = "/") -> str:
    return "%d%s%d" % (q.num, sep, q.den)


def _q2d(q: Rational) -> float:
    # av_q2d: num / (double) den (inf or nan for a zero denominator)
    if q.den == 0:
        return math.copysign(math.inf, q.num) if q.num else math.nan
    return q.num / q.den


def time_field(key: str, ts: int | None, tb: Rational, fo: FieldOptions,
               is_duration: bool = False) -> Field:
    if (not is_duration and ts is None) or (is_duration and ts == 0):
        return (key, "N/A", OPT)
    d = float(ts) * _q2d(tb)
    return (key, units.value_string(d, units.SECOND, fo.values), STR)


def ts_field(key: str, ts: int | None, is_duration: bool = False) -> Field:
    if (not is_duration and ts is None) or (is_duration and ts == 0):
        return (key, "N/A", OPT)
    return (key, ts, INT)


def val_field(key: str, value: int, unit: str, fo: FieldOptions) -> Field:
    return (key, units.value_string(value, unit, fo.values), STR)




def hexdump(data: bytes) -> str:
    """writer_print_data: the -show_data dump."""
    out = ["\n"]
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        line = ["%08x: " % off]
        for i, b in enumerate(chunk):
            line.append("%02x" % b)
            if i & 1:
                line.append(" ")
        n = len(chunk)
        line.append(" " * (41 - 2 * n - n // 2))
        line.append("".join(chr(b) if 32 <= b < 127 else "." for b in chunk))
        line.append("\n")
        out.append("".join(line))
    return "".join(out)




# --- aspect ratios --------------------------------------------------------------------------

_INT_MAX = (1 << 31) - 1


def _int32(x: int) -> int:
    return ((x + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def _valid_sar(q: Rational | None) -> Rational:
    if q is None:
        return Rational(0, 1)
    r = timebase.reduce(q.num, q.den, _INT_MAX) if q.den else Rational(q.num, 0)
    if r.num <= 0 or r.den <= 0:
        return Rational(0, 1)
    return r


def guess_sample_aspect_ratio(stream: Stream) -> Rational:
    """av_guess_sample_aspect_ratio without a frame: the stream's SAR wins over the codec's."""
    st = _valid_sar(getattr(stream, "sample_aspect_ratio", None))
    if st.num:
        return st
    return _valid_sar(stream.codecpar.sample_aspect_ratio)


# --- sections -------------------------------------------------------------------------------

def has_decoder(codec_name: str | None) -> bool:
    d = descriptors.get(codec_name)
    return bool(d and d.has_decoder)


def stream_fields(ctx: FormatContext, stream: Stream, fo: FieldOptions,
                  nb_read_frames: int = 0, nb_read_packets: int = 0) -> list[Field]:
    """show_stream's fields up to (not including) the disposition/tags/side data sections."""
    cp = stream.codecpar
    f: list[Field] = [("index", stream.index, INT)]
    desc = descriptors.get(cp.codec_name)
    dec = bool(desc and desc.has_decoder)
    if desc is not None or cp.codec_name:
        f.append(("codec_name", desc.name if desc else cp.codec_name, STR))
        if not fo.bitexact:
            f.append(("codec_long_name", (desc.long_name if desc else "") or "unknown", STR))
    else:
        f.append(("codec_name", "unknown", OPT))
        if not fo.bitexact:
            f.append(("codec_long_name", "unknown", OPT))

    profile = None if fo.bitexact else descriptors.profile_name(cp.codec_name, cp.profile)
    if profile:
        f.append(("profile", profile, STR))
    elif cp.profile != PROFILE_UNKNOWN:
        f.append(("profile", "%d" % cp.profile, STR))
    else:
        f.append(("profile", "unknown", OPT))

    ctype = cp.codec_type if cp.codec_type in _MEDIA_TYPES else None
    f.append(("codec_type", ctype, STR) if ctype else ("codec_type", "unknown", OPT))
    tag = cp.codec_tag & 0xFFFFFFFF
    f.append(("codec_tag_string", fourcc_str(tag), STR))
    f.append(("codec_tag", "0x%04x" % tag, STR))

    if ctype == "video":
        f += [("width", cp.width, INT), ("height", cp.height, INT)]
        if dec:
            zero = cp.dec_coded_size_zero
            f += [("coded_width", 0 if zero else cp.coded_width or cp.width, INT),
                  ("coded_height", 0 if zero else cp.coded_height or cp.height, INT),
                  ("closed_captions", 1 if cp.closed_captions else 0, INT),
                  ("film_grain", 1 if cp.film_grain else 0, INT)]
        f.append(("has_b_frames", cp.video_delay, INT))
        sar = guess_sample_aspect_ratio(stream)
        if sar.num:
            f.append(("sample_aspect_ratio", q_str(sar, ":"), STR))
            # FFmpeg 5.1.9: the products are C int arithmetic (they wrap on overflow)
            dar = timebase.reduce(_int32(cp.width * sar.num), _int32(cp.height * sar.den),
                                  1024 * 1024)
            f.append(("display_aspect_ratio", q_str(dar, ":"), STR))
        else:
            f += [("sample_aspect_ratio", "N/A", OPT), ("display_aspect_ratio", "N/A", OPT)]
        f.append(("pix_fmt", cp.format, STR) if cp.format else ("pix_fmt", "unknown", OPT))
        f.append(("level", cp.level, INT))
        for key, value, none in (("color_range", cp.color_range, "unknown"),
                                 ("color_space", cp.color_space, "unknown"),
                                 ("color_transfer", cp.color_transfer, "unknown"),
                                 ("color_primaries", cp.color_primaries, "unknown"),
                                 ("chroma_location", cp.chroma_location, "unspecified")):
            if value and value not in ("unknown", "unspecified"):
                f.append((key, value, STR))
            else:
                f.append((key, none, OPT))
        if cp.field_order in _FIELD_ORDERS:
            f.append(("field_order", cp.field_order, STR))
        else:
            f.append(("field_order", "unknown", OPT))
        if dec:
            f.append(("refs", cp.refs, INT))
    elif ctype == "audio":
        f.append(("sample_fmt", cp.format, STR) if cp.format else ("sample_fmt", "unknown", OPT))
        f.append(val_field("sample_rate", cp.sample_rate, units.HERTZ, fo))
        f.append(("channels", cp.channels, INT))
        if cp.channel_layout:
            f.append(("channel_layout", cp.channel_layout, STR))
        else:
            f.append(("channel_layout", "unknown", OPT))
        f.append(("bits_per_sample", bits_per_sample(cp.codec_name), INT))
    elif ctype == "subtitle":
        f.append(("width", cp.width, INT) if cp.width else ("width", "N/A", OPT))
        f.append(("height", cp.height, INT) if cp.height else ("height", "N/A", OPT))

    if dec and fo.show_private_data:
        for name, value in cp.private:
            f.append((name, str(value), STR))

    if ctx.show_ids:
        f.append(("id", "0x%x" % (stream.id & 0xFFFFFFFF), STR))
    else:
        f.append(("id", "N/A", OPT))
    f.append(("r_frame_rate", q_str(stream.r_frame_rate), STR))
    f.append(("avg_frame_rate", q_str(stream.avg_frame_rate), STR))
    f.append(("time_base", q_str(stream.time_base), STR))
    f.append(ts_field("start_pts", stream.start_time))
    f.append(time_field("start_time", stream.start_time, stream.time_base, fo))
    f.append(ts_field("duration_ts", stream.duration))
    f.append(time_field("duration", stream.duration, stream.time_base, fo))
    if cp.bit_rate > 0:
        f.append(val_field("bit_rate", cp.bit_rate, units.BIT_PER_SECOND, fo))
    else:
        f.append(("bit_rate", "N/A", OPT))
    if dec and cp.rc_max_rate > 0:
        f.append(val_field("max_bit_rate", cp.rc_max_rate, units.BIT_PER_SECOND, fo))
    else:
        f.append(("max_bit_rate", "N/A", OPT))
    raw_bits = (cp.dec_bits_per_raw_sample or cp.bits_per_raw_sample) if dec else 0
    if raw_bits > 0:
        f.append(("bits_per_raw_sample", "%d" % raw_bits, STR))
    else:
        f.append(("bits_per_raw_sample", "N/A", OPT))
    f.append(("nb_frames", "%d" % stream.nb_frames, STR) if stream.nb_frames
             else ("nb_frames", "N/A", OPT))
    f.append(("nb_read_frames", "%d" % nb_read_frames, STR) if nb_read_frames
             else ("nb_read_frames", "N/A", OPT))
    f.append(("nb_read_packets", "%d" % nb_read_packets, STR) if nb_read_packets
             else ("nb_read_packets", "N/A", OPT))
    if fo.show_data:
        f.append(("extradata", hexdump(cp.extradata), STR))
    if cp.extradata:
        f.append(("extradata_size", len(cp.extradata), INT))
        if fo.data_hash is not None:
            f.append(("extradata_hash", fo.data_hash(cp.extradata), STR))
    return f


def disposition_fields(stream: Stream) -> list[Field]:
    disp = stream.disposition
    return [(name, 1 if name in disp else 0, INT) for name in DISPOSITIONS]


def tag_fields(tags) -> list[Field]:
    return [(k, v, VALID) for k, v in tags.items()]


def _rotation(matrix: tuple[int, ...]) -> int:
    """av_display_rotation_get, converted to an integer as print_int does."""
    def fp(x: int) -> float:
        return float(x) / (1 << 16)
    s0 = math.hypot(fp(matrix[0]), fp(matrix[3]))
    s1 = math.hypot(fp(matrix[1]), fp(matrix[4]))
    if s0 == 0.0 or s1 == 0.0:
        return units._c_trunc(math.nan)
    rot = math.atan2(fp(matrix[1]) / s1, fp(matrix[0]) / s0) * 180 / math.pi
    return units._c_trunc(-rot)


def side_data_fields(sd: SideData) -> list[Field]:
    """print_pkt_side_data's fields for one entry (after side_data_type)."""
    f: list[Field] = [("side_data_type", sd.type or "unknown", STR)]
    if sd.type == "Display Matrix" and len(sd.data) >= 36:
        m = struct.unpack("<9i", sd.data[:36])
        rows = ["\n"]
        for r in range(3):
            rows.append("%08x: " % r + "".join(" %11d" % v for v in m[r * 3:r * 3 + 3]) + "\n")
        f.append(("displaymatrix", "".join(rows), STR))
        f.append(("rotation", _rotation(m), INT))
        return f
    for key, value in sd.fields:
        if isinstance(value, bool):
            f.append((key, int(value), INT))
        elif isinstance(value, int):
            f.append((key, value, INT))
        elif isinstance(value, Rational):
            f.append((key, q_str(value), STR))
        else:
            f.append((key, str(value), STR))
    return f


def format_fields(ctx: FormatContext, fo: FieldOptions) -> list[Field]:
    f: list[Field] = [("filename", ctx.filename, VALID),
                      ("nb_streams", len(ctx.streams), INT),
                      ("nb_programs", len(ctx.programs), INT),
                      ("format_name", ctx.format_name, STR)]
    if not fo.bitexact:
        f.append(("format_long_name", ctx.format_long_name, STR) if ctx.format_long_name
                 else ("format_long_name", "unknown", OPT))
    f.append(time_field("start_time", ctx.start_time, AV_TIME_BASE_Q, fo))
    f.append(time_field("duration", ctx.duration, AV_TIME_BASE_Q, fo))
    if ctx.size is not None and ctx.size >= 0:
        f.append(val_field("size", ctx.size, units.BYTE, fo))
    else:
        f.append(("size", "N/A", OPT))
    if ctx.bit_rate > 0:
        f.append(val_field("bit_rate", ctx.bit_rate, units.BIT_PER_SECOND, fo))
    else:
        f.append(("bit_rate", "N/A", OPT))
    f.append(("probe_score", ctx.probe_score, INT))
    return f


def chapter_fields(ch: Chapter, fo: FieldOptions) -> list[Field]:
    return [("id", ch.id, INT), ("time_base", q_str(ch.time_base), STR),
            ("start", ch.start, INT), time_field("start_time", ch.start, ch.time_base, fo),
            ("end", ch.end, INT), time_field("end_time", ch.end, ch.time_base, fo)]


def program_fields(p: Program) -> list[Field]:
    return [("program_id", p.id, INT), ("program_num", p.program_num, INT),
            ("nb_streams", len(p.stream_indexes), INT), ("pmt_pid", p.pmt_pid, INT),
            ("pcr_pid", p.pcr_pid, INT)]


def error_fields(code: int, message: str) -> list[Field]:
    return [("code", code, INT), ("string", message, STR)]


def packet_fields(stream: Stream, pkt, fo: FieldOptions) -> list[Field]:
    """show_packet's fields before its side data (data/hash are appended by the caller)."""
    ctype = stream.codecpar.codec_type if stream.codecpar.codec_type in _MEDIA_TYPES else None
    tb = stream.time_base
    f: list[Field] = [("codec_type", ctype, STR) if ctype else ("codec_type", "unknown", OPT),
                      ("stream_index", pkt.stream_index, INT),
                      ts_field("pts", pkt.pts), time_field("pts_time", pkt.pts, tb, fo),
                      ts_field("dts", pkt.dts), time_field("dts_time", pkt.dts, tb, fo),
                      ts_field("duration", pkt.duration, True),
                      time_field("duration_time", pkt.duration, tb, fo, True),
                      val_field("size", len(pkt.data), units.BYTE, fo)]
    f.append(("pos", "%d" % pkt.pos, STR) if pkt.pos != -1 else ("pos", "N/A", OPT))
    f.append(("flags", ("K" if pkt.flags & 1 else "_") + ("D" if pkt.flags & 4 else "_"), STR))
    return f


__all__ = ["INT", "STR", "OPT", "VALID", "FieldOptions", "stream_fields", "format_fields",
           "chapter_fields", "program_fields", "error_fields", "disposition_fields",
           "tag_fields", "side_data_fields", "packet_fields"]
