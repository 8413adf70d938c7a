"""The "Side data:" lines under a stream in the stderr dump: FFmpeg 5.1.9 libavformat/dump.c
dump_sidedata and its per-type printers (display matrix, stereo3d, spherical, mastering display,
content light, DOVI, CPB, replay gain, audio service type, ...).

A SideData is read from `data` when it holds FFmpeg's in-memory structure (little-endian, as on
x86-64), else from `fields`, the (key, value) pairs ffprobe prints for it.
"""
from __future__ import annotations

import math
import struct

from cine.engine.model import SideData, Stream
from cine.engine.formats.dovi import NAMES as DOVI_NAMES
from cine.engine.spherical import PROJECTIONS as SPHERICAL_PROJECTIONS, STEREO3D_NAMES, \
    tile_bounds, unpack_spherical

LOG_ERROR, LOG_WARNING, LOG_INFO = 16, 24, 32

# AVPacketSideDataType values keyed by av_packet_side_data_name(), for "unknown side data type N".
TYPE_NUMBERS = {name: i for i, name in enumerate((
    "Palette", "New Extradata", "Param Change", "H263 MB Info", "Replay Gain", "Display Matrix",
    "Stereo 3D", "Audio Service Type", "Quality stats", "Fallback track", "CPB properties",
    "Skip Samples", "JP Dual Mono", "Strings Metadata", "Subtitle Position",
    "Matroska BlockAdditional", "WebVTT ID", "WebVTT Settings", "Metadata Update",
    "MPEGTS Stream ID", "Mastering display metadata", "Spherical Mapping",
    "Content light level metadata", "A53 Closed Captions", "Encryption initialization data",
    "Encryption info", "Active Format Description data", "Producer Reference Time", "ICC Profile",
    "DOVI configuration record", "SMPTE ST 12-1:2014 timecode",
    "HDR10+ Dynamic Metadata (SMPTE 2094-40)",
))}

AUDIO_SERVICE_TYPES = ("main", "effects", "visually impaired", "hearing impaired", "dialogue",
                       "commentary", "emergency", "voice over", "karaoke")

Message = tuple[int, str]


def _field(sd: SideData, key: str, default=None):
    for k, v in sd.fields:
        if k == key:
            return v
    return default


def _int(v, default: int = 0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def _q2d(num: int, den: int) -> float:
    """av_q2d: num / (double)den, with C's IEEE results for a zero denominator."""
    if den:
        return num / den
    # FFmpeg 5.1.9 on x86-64: 0.0/0.0 yields the default NaN, whose sign bit is set
    return -math.nan if num == 0 else math.copysign(math.inf, num)


def _ratio(v) -> float:
    """A rational field printed as "num/den" (or a number) to its double value."""
    if isinstance(v, str) and "/" in v:
        n, _, d = v.partition("/")
        return _q2d(_int(n), _int(d))
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def cfloat(fmt: str, x: float) -> str:
    """printf("%W.Pf", x) as glibc does it, "-nan" (sign bit set) included."""
    if math.isnan(x):
        text = "-nan" if math.copysign(1.0, x) < 0 else "nan"
        width = fmt[1:].split(".")[0].rstrip("f")
        return text.rjust(int(width)) if width.isdigit() else text
    return fmt % x


def display_rotation(matrix: list[int]) -> float:
    """av_display_rotation_get: the counter-clockwise rotation in degrees, NaN when degenerate."""
    fp = [m / 65536.0 for m in matrix]
    scale0 = math.hypot(fp[0], fp[3])
    scale1 = math.hypot(fp[1], fp[4])
    if scale0 == 0.0 or scale1 == 0.0:
        return math.nan
    rotation = math.atan2(fp[1] / scale1, fp[0] / scale0) * 180 / math.pi
    return -rotation


def _matrix(sd: SideData) -> list[int] | None:
    if len(sd.data) >= 36:
        return list(struct.unpack_from("<9i", sd.data))
    text = _field(sd, "displaymatrix")
    if isinstance(text, str):
        values = []
        for line in text.strip("\n").split("\n"):
            values.extend(_int(x) for x in line.split(":", 1)[-1].split())
        if len(values) == 9:
            return values
    return None


def _display_matrix(sd: SideData) -> list[Message]:
    m = _matrix(sd)
    if m is not None:
        rot = display_rotation(m)
    else:
        rot = float(_int(_field(sd, "rotation"), 0))
    return [(LOG_INFO, "displaymatrix: rotation of %s degrees" % cfloat("%.2f", rot))]


def _stereo3d(sd: SideData) -> list[Message]:
    out = [(LOG_INFO, "stereo3d: ")]
    if len(sd.data) >= 12:
        stype, flags, _view = struct.unpack_from("<iii", sd.data)
        name = STEREO3D_NAMES[stype] if 0 <= stype < len(STEREO3D_NAMES) else "unknown"
        inverted = bool(flags & 1)
    elif sd.fields:
        name = str(_field(sd, "type", "unknown"))
        inverted = bool(_int(_field(sd, "inverted")))
    else:
        return out + [(LOG_ERROR, "invalid data\n")]
    out.append((LOG_INFO, name))
    if inverted:
        out.append((LOG_INFO, " (inverted)"))
    return out


def _spherical(sd: SideData, st: Stream) -> list[Message]:
    out = [(LOG_INFO, "spherical: ")]
    mapping = unpack_spherical([sd])
    if mapping is not None:
        proj, yaw, pitch, roll, bl, bt, br, bb, pad = mapping
        name = SPHERICAL_PROJECTIONS[proj] if 0 <= proj < 3 else "unknown"
        angles = (yaw / 65536.0, pitch / 65536.0, roll / 65536.0)
        bounds = tile_bounds(st.codecpar.width, st.codecpar.height, bl, bt, br, bb) \
            if proj == 2 else None
    elif sd.fields:
        name = str(_field(sd, "projection", "unknown"))
        proj = SPHERICAL_PROJECTIONS.index(name) if name in SPHERICAL_PROJECTIONS else -1
        pad = _int(_field(sd, "padding"))
        angles = tuple(float(_int(_field(sd, k))) for k in ("yaw", "pitch", "roll"))
        bounds = tuple(_int(_field(sd, "bound_" + k)) for k in ("left", "top", "right", "bottom"))
    else:
        return out + [(LOG_ERROR, "invalid data\n")]
    out.append((LOG_INFO, "%s " % name))
    out.append((LOG_INFO, "(%f/%f/%f) " % angles))
    if proj == 2 and bounds is not None:
        out.append((LOG_INFO, "[%d, %d, %d, %d] " % bounds))
    elif proj == 1:
        out.append((LOG_INFO, "[pad %d] " % pad))
    return out


def _mastering(sd: SideData) -> list[Message]:
    if len(sd.data) >= 88:
        q = struct.unpack_from("<20i", sd.data)
        vals = [_q2d(q[i], q[i + 1]) for i in range(0, 20, 2)]
        has_p, has_l = struct.unpack_from("<ii", sd.data, 80)
    else:
        keys = ("red_x", "red_y", "green_x", "green_y", "blue_x", "blue_y",
                "white_point_x", "white_point_y", "min_luminance", "max_luminance")
        vals = [_ratio(_field(sd, k, "0/1")) for k in keys]
        has_p = int(_field(sd, "red_x") is not None)
        has_l = int(_field(sd, "min_luminance") is not None)
    text = ("Mastering Display Metadata, has_primaries:%d has_luminance:%d "
            "r(%s,%s) g(%s,%s) b(%s %s) wp(%s, %s) min_luminance=%s, max_luminance=%s" % (
                has_p, has_l, *[cfloat("%5.4f", v) for v in vals[:8]],
                cfloat("%f", vals[8]), cfloat("%f", vals[9])))
    return [(LOG_INFO, text)]


def _content_light(sd: SideData) -> list[Message]:
    if len(sd.data) >= 8:
        cll, fall = struct.unpack_from("<II", sd.data)
    else:
        cll, fall = _int(_field(sd, "max_content")), _int(_field(sd, "max_average"))
    # FFmpeg 5.1.9: printed with %d although the fields are unsigned.
    cll = cll - (1 << 32) if cll >= 1 << 31 else cll
    fall = fall - (1 << 32) if fall >= 1 << 31 else fall
    return [(LOG_INFO, "Content Light Level Metadata, MaxCLL=%d, MaxFALL=%d" % (cll, fall))]


def _dovi(sd: SideData) -> list[Message]:
    vals = list(sd.data[:8]) if len(sd.data) >= 8 else [_int(_field(sd, k)) for k in DOVI_NAMES]
    return [(LOG_INFO, "DOVI configuration record: "),
            (LOG_INFO, "version: %d.%d, profile: %d, level: %d, rpu flag: %d, el flag: %d, "
                       "bl flag: %d, compatibility id: %d" % tuple(vals))]


def _cpb(sd: SideData) -> list[Message]:
    out = [(LOG_INFO, "cpb: ")]
    if len(sd.data) >= 40:
        mx, mn, avg, buf = struct.unpack_from("<4q", sd.data)
        vbv = struct.unpack_from("<Q", sd.data, 32)[0]
    elif sd.fields:
        mx, mn, avg, buf = (_int(_field(sd, k)) for k in
                            ("max_bitrate", "min_bitrate", "avg_bitrate", "buffer_size"))
        vbv = _int(_field(sd, "vbv_delay")) & ((1 << 64) - 1)
    else:
        return out + [(LOG_ERROR, "invalid data\n")]
    out.append((LOG_INFO, "bitrate max/min/avg: %d/%d/%d buffer size: %d " % (mx, mn, avg, buf)))
    if vbv == (1 << 64) - 1:
        out.append((LOG_INFO, "vbv_delay: N/A"))
    else:
        out.append((LOG_INFO, "vbv_delay: %d" % vbv))
    return out


def _audio_service(sd: SideData) -> list[Message]:
    out = [(LOG_INFO, "audio service type: ")]
    if len(sd.data) >= 4:
        t = struct.unpack_from("<i", sd.data)[0]
    elif sd.fields:
        t = _int(_field(sd, "service_type"), -1)
    else:
        return out + [(LOG_ERROR, "invalid data\n")]
    if 0 <= t < len(AUDIO_SERVICE_TYPES):
        out.append((LOG_INFO, AUDIO_SERVICE_TYPES[t]))
    else:
        out.append((LOG_WARNING, "unknown"))
    return out


def _replaygain(sd: SideData) -> list[Message]:
    out = [(LOG_INFO, "replaygain: ")]
    if len(sd.data) < 16:
        return out + [(LOG_ERROR, "invalid data\n")]
    tg, tp, ag, ap = struct.unpack_from("<iIiI", sd.data)
    for label, gain, plabel, peak in (("track gain", tg, "track peak", tp),
                                      ("album gain", ag, "album peak", ap)):
        out.append((LOG_INFO, "%s - " % label))
        # FFmpeg 5.1.9: gain / 100000.0f and (float)peak / UINT32_MAX are single-precision
        # quotients (UINT32_MAX itself becomes 4294967296.0f).
        out.append((LOG_INFO, "unknown" if gain == -(1 << 31)
                    else "%f" % _f32(_f32(gain) / 100000.0)))
        out.append((LOG_INFO, ", "))
        out.append((LOG_INFO, "%s - " % plabel))
        out.append((LOG_INFO, "unknown" if not peak
                    else "%f" % _f32(_f32(peak) / 4294967296.0)))
        out.append((LOG_INFO, ", "))
    return out


def _f32(x: float) -> float:
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _paramchange(sd: SideData) -> list[Message]:
    out = [(LOG_INFO, "paramchange: ")]
    data = sd.data
    if len(data) < 4:
        return out + [(LOG_ERROR, "unknown param\n")]
    flags = struct.unpack_from("<I", data)[0]
    pos = 4
    for bit, size, fmt in ((1, 4, "channel count %d, "), (2, 8, "channel layout: %s, "),
                           (4, 4, "sample_rate %d, "), (8, 8, "width %d height %d")):
        if not flags & bit:
            continue
        if len(data) - pos < size:
            return out + [(LOG_ERROR, "unknown param\n")]
        if bit == 2:
            # FFmpeg 5.1.9: av_get_channel_name of the whole mask; only single channels have one.
            mask = struct.unpack_from("<Q", data, pos)[0]
            out.append((LOG_INFO, fmt % _single_channel_name(mask)))
        elif bit == 8:
            out.append((LOG_INFO, fmt % struct.unpack_from("<II", data, pos)))
        else:
            out.append((LOG_INFO, fmt % struct.unpack_from("<I", data, pos)))
        pos += size
    return out


_CHANNEL_NAMES = ("FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC", "SL", "SR", "TC",
                  "TFL", "TFC", "TFR", "TBL", "TBC", "TBR")


def _single_channel_name(mask: int) -> str:
    if mask and not mask & (mask - 1):
        bit = mask.bit_length() - 1
        if bit < len(_CHANNEL_NAMES):
            return _CHANNEL_NAMES[bit]
        names = {29: "DL", 30: "DR", 31: "WL", 32: "WR", 33: "SDL", 34: "SDR", 35: "LFE2"}
        if bit in names:
            return names[bit]
    return "(null)"


def sidedata_messages(st: Stream, indent: str) -> list[Message]:
    """dump_sidedata(): a "Side data:" header and one line per stream side data entry."""
    out: list[Message] = []
    if not st.side_data:
        return out
    out.append((LOG_INFO, "%sSide data:\n" % indent))
    for sd in st.side_data:
        out.append((LOG_INFO, "%s  " % indent))
        t = sd.type
        if t == "Palette":
            out.append((LOG_INFO, "palette"))
        elif t == "New Extradata":
            out.append((LOG_INFO, "new extradata"))
        elif t == "Param Change":
            out.extend(_paramchange(sd))
        elif t == "H263 MB Info":
            out.append((LOG_INFO, "H.263 macroblock info"))
        elif t == "Replay Gain":
            out.extend(_replaygain(sd))
        elif t == "Display Matrix":
            out.extend(_display_matrix(sd))
        elif t == "Stereo 3D":
            out.extend(_stereo3d(sd))
        elif t == "Audio Service Type":
            out.extend(_audio_service(sd))
        elif t == "Quality stats" and len(sd.data) >= 5:
            q = struct.unpack_from("<i", sd.data)[0]
            pict = "?IPBSipb"[sd.data[4]] if sd.data[4] < 8 else "?"
            out.append((LOG_INFO, "quality factor: %d, pict_type: %s" % (q, pict)))
        elif t == "CPB properties":
            out.extend(_cpb(sd))
        elif t == "Mastering display metadata":
            out.extend(_mastering(sd))
        elif t == "Spherical Mapping":
            out.extend(_spherical(sd, st))
        elif t == "Content light level metadata":
            out.extend(_content_light(sd))
        elif t == "ICC Profile":
            out.append((LOG_INFO, "ICC Profile"))
        elif t == "DOVI configuration record":
            out.extend(_dovi(sd))
        else:
            out.append((LOG_INFO, "unknown side data type %d (%d bytes)"
                        % (TYPE_NUMBERS.get(t, -1), len(sd.data))))
        out.append((LOG_INFO, "\n"))
    return out
