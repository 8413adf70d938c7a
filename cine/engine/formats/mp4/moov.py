"""Movie and track header boxes: ftyp, moov, mvhd, trak, tkhd, mdhd, hdlr, elst, dref, tref
children (tmcd, chap), kind, mdat/free/wide (ISO/IEC 14496-12 clauses 4.3, 8.2-8.6, 8.4.2,
8.6.6; QuickTime File Format movie atoms), as FFmpeg 5.1.9's mov demuxer reads them.
"""
from __future__ import annotations

import errno
import math
import struct

from ...errors import CineError, InvalidData, Unsupported
from ...limits import MAX_STREAMS
from ...model import Rational, SideData, Stream
from ...timebase import d2q, rescale
from .boxes import INT64_MAX, Bio, s32, s64, tag
from .codec_tags import MAC_LANGUAGES
from .context import TrackState

MOV_TKHD_FLAG_ENABLED = 1


def lang_to_iso639(code: int) -> str | None:
    """ff_mov_lang_to_iso639: packed ISO 639-2/T or the old Macintosh language code."""
    if code >= 0x400 and code != 0x7FFF:
        chars = []
        for _ in range(3):
            chars.append(chr(0x60 + (code & 0x1F)))
            code >>= 5
        return "".join(reversed(chars))
    if code >= len(MAC_LANGUAGES) or not MAC_LANGUAGES[code]:
        return None
    return MAC_LANGUAGES[code]


def _civil(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def format_timestamp(us: int) -> str:
    """avpriv_dict_set_timestamp: ISO 8601 UTC with microseconds."""
    secs, frac = divmod(us, 1000000)
    days, rem = divmod(secs, 86400)
    y, mo, d = _civil(days)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (y, mo, d, rem // 3600, rem // 60 % 60, rem % 60, frac)


def set_creation_time(tags, t: int) -> None:
    if t:
        if t >= 2082844800:
            t -= 2082844800
        us = t * 1000000
        if not (-(1 << 63) <= us <= INT64_MAX):
            return
        tags.set("creation_time", format_timestamp(us))


def read_ftyp(c, pb: Bio, t: int, size: int) -> None:
    raw = pb.read(4)
    if len(raw) < 4:
        raise InvalidData("short ftyp")
    if c.fc.streams:
        return
    major = raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    if major != "qt  ":
        c.isom = True
    c.fc.tags.set("major_brand", major)
    c.is_still_picture_avif = raw == b"avif"
    minor = pb.rb32()
    c.fc.tags.set("minor_version", str(minor))
    n = size - 8
    if n < 0:
        raise InvalidData("bad ftyp")
    brands = pb.read(n)
    if len(brands) < n:
        raise InvalidData("short ftyp")
    c.fc.tags.set("compatible_brands", brands.split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))


def read_moov(c, pb: Bio, t: int, size: int) -> None:
    if c.found_moov:
        c.log.warning("Found duplicated MOOV Atom. Skipped it\n")
        pb.skip(size)
        return
    c.read_default(c, pb, t, size)
    c.found_moov = True


def read_mdat(c, pb: Bio, t: int, size: int) -> None:
    if size == 0:
        return
    c.found_mdat = True


def read_free(c, pb: Bio, t: int, size: int) -> None:
    if size >= 8:
        pb.read(min(16, size))


def read_wide(c, pb: Bio, t: int, size: int) -> None:
    if size < 8:
        return
    if pb.rb32() != 0:
        pb.skip(size - 4)
        return
    inner = pb.rl32()
    size -= 8
    if inner != tag("mdat"):
        pb.skip(size)
        return
    read_mdat(c, pb, inner, size)


def read_mvhd(c, pb: Bio, t: int, size: int) -> None:
    version = pb.r8()
    pb.rb24()
    if version == 1:
        ctime = s64(pb.rb64())
        pb.rb64()
    else:
        ctime = pb.rb32()
        pb.rb32()
    set_creation_time(c.fc.tags, ctime)
    c.time_scale = s32(pb.rb32())
    if c.time_scale <= 0:
        c.log.error("Invalid mvhd time scale %d, defaulting to 1\n" % c.time_scale)
        c.time_scale = 1
    c.duration = s64(pb.rb64()) if version == 1 else pb.rb32()
    if not c.trex:
        c.fc.duration = rescale(c.duration, 1000000, c.time_scale)
    pb.rb32()
    pb.rb16()
    pb.skip(10)
    m = c.movie_display_matrix
    for i in range(3):
        m[i][0] = s32(pb.rb32())
        m[i][1] = s32(pb.rb32())
        m[i][2] = s32(pb.rb32())
    for _ in range(7):
        pb.rb32()


def read_trak(c, pb: Bio, t: int, size: int) -> None:
    if c.is_still_picture_avif:
        raise InvalidData("avif")
    ctx = c.fc
    if len(ctx.streams) >= MAX_STREAMS:
        # FFmpeg 5.1.9: avformat_new_stream refuses the stream and mov_read_trak fails with ENOMEM
        c.log.error("Number of streams exceeds max_streams parameter (%d), see the documentation "
                    "if you wish to increase it\n" % MAX_STREAMS)
        raise CineError(code=-errno.ENOMEM)
    st = Stream(index=len(ctx.streams))
    st.id = -1
    # FFmpeg 5.1.9: avformat_new_stream's time base, which a trak failing its sanity checks
    # (finish_track returns before setting the track's own) keeps
    st.time_base = Rational(1, 90000)
    st.codecpar.codec_type = "data"
    sc = TrackState(st.index)
    st.priv = sc
    ctx.streams.append(st)
    c.trak_index = st.index
    c.read_default(c, pb, t, size)
    c.trak_index = -1
    from .index import finish_track
    finish_track(c, st, sc)


def read_tkhd(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if st.id != -1:
        raise InvalidData("multiple tkhd")
    version = pb.r8()
    flags = pb.rb24()
    if flags & MOV_TKHD_FLAG_ENABLED:
        st.disposition.add("default")
    if version == 1:
        pb.rb64()
        pb.rb64()
    else:
        pb.rb32()
        pb.rb32()
    st.id = s32(pb.rb32())
    pb.rb32()
    if version == 1:
        pb.rb64()
    else:
        pb.rb32()
    pb.rb32()
    pb.rb32()
    pb.rb16()
    pb.rb16()
    pb.rb16()
    pb.rb16()
    dm = [[s32(pb.rb32()), s32(pb.rb32()), s32(pb.rb32())] for _ in range(3)]
    width = s32(pb.rb32())
    height = s32(pb.rb32())
    sc.width = width >> 16
    sc.height = height >> 16
    mm = c.movie_display_matrix
    sh = (16, 16, 30)
    res = [[0] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(3):
            acc = 0
            for e in range(3):
                acc += (dm[i][e] * mm[e][j]) >> sh[e]
            res[i][j] = _wrap32(acc)
    ident = (res[0][0] == 1 << 16 and res[1][1] == 1 << 16 and res[2][2] == 1 << 30 and not res[0][1]
             and not res[0][2] and not res[1][0] and not res[1][2] and not res[2][0] and not res[2][1])
    if not ident:
        sc.display_matrix = [res[i][j] for i in range(3) for j in range(3)]
    if width and height and sc.display_matrix:
        m = sc.display_matrix
        d0 = math.hypot(m[0], m[3])
        d1 = math.hypot(m[1], m[4])
        if 1 < d0 < (1 << 24) and 1 < d1 < (1 << 24) and abs(d0 / d1 - 1.0) > 0.01:
            sc.sar = tuple(d2q(d0 / d1, 0x7FFFFFFF))


def _wrap32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def display_matrix_side_data(m: list[int]) -> SideData:
    """AV_PKT_DATA_DISPLAYMATRIX as ffprobe prints it (matrix rows and rotation)."""
    lines = ["\n"]
    for row in range(3):
        lines.append("%08x: " % row)
        for col in range(3):
            lines.append(" %11d" % m[row * 3 + col])
        lines.append("\n")
    fields: list[tuple[str, object]] = [("displaymatrix", "".join(lines))]
    s0 = math.hypot(m[0] / 65536.0, m[3] / 65536.0)
    s1 = math.hypot(m[1] / 65536.0, m[4] / 65536.0)
    if s0 == 0.0 or s1 == 0.0:
        rot = -(1 << 63)    # FFmpeg 5.1.9: NaN converted to int64
    else:
        r = -math.atan2((m[1] / 65536.0) / s1, (m[0] / 65536.0) / s0) * 180 / math.pi
        rot = int(r)
    fields.append(("rotation", rot))
    return SideData("Display Matrix", fields, struct.pack("<9i", *m))


def read_mdhd(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if sc.time_scale:
        c.log.error("Multiple mdhd?\n")
        raise InvalidData("multiple mdhd")
    version = pb.r8()
    if version > 1:
        c.log.warning("Version %d is not implemented. Update your FFmpeg version to the newest one "
                      "from Git. If the problem still occurs, it means that your file has a feature "
                      "which has not been implemented.\n" % version)
        raise Unsupported("mdhd version")
    pb.rb24()
    if version == 1:
        ctime = s64(pb.rb64())
        pb.rb64()
    else:
        ctime = pb.rb32()
        pb.rb32()
    set_creation_time(st.tags, ctime)
    sc.time_scale = s32(pb.rb32())
    if sc.time_scale <= 0:
        c.log.error("Invalid mdhd time scale %d, defaulting to 1\n" % sc.time_scale)
        sc.time_scale = 1
    st.duration = s64(pb.rb64()) if version == 1 else pb.rb32()
    lang = lang_to_iso639(pb.rb16())
    if lang is not None:
        st.tags.set("language", lang)
    pb.rb16()


def read_hdlr(c, pb: Bio, t: int, size: int) -> None:
    pb.r8()
    pb.rb24()
    pb.rl32()
    sub = pb.rl32()
    if c.trak_index < 0:
        if sub == tag("mdta"):
            c.found_hdlr_mdta = True
        return
    st = c.fc.streams[-1]
    if sub == tag("vide"):
        st.codecpar.codec_type = "video"
    elif sub == tag("soun"):
        st.codecpar.codec_type = "audio"
    elif sub == tag("m1a "):
        st.codecpar.codec_name = "mp2"
    elif sub in (tag("subp"), tag("clcp")):
        st.codecpar.codec_type = "subtitle"
    pb.rb32()
    pb.rb32()
    pb.rb32()
    title_size = size - 24
    if title_size > 0:
        raw = pb.read(title_size)
        if len(raw) < title_size:
            raise InvalidData("short hdlr")
        if raw[0]:
            off = 1 if (not c.isom and raw[0] == title_size - 1) else 0
            s = raw[off:].split(b"\0", 1)[0]
            st.tags.set("handler_name", s.decode("utf-8", "surrogateescape"), dont_overwrite=True)


def read_elst(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    version = pb.r8()
    pb.rb24()
    edit_count = pb.rb32()
    size -= 8
    entry = 20 if version == 1 else 12
    if size != edit_count * entry:
        edit_count = size // entry
        if edit_count * entry != size:
            c.log.warning("ELST atom of %d bytes, bigger than %d entries.\n" % (size, edit_count))
    if not edit_count:
        return
    if sc.elst is not None:
        c.log.warning("Duplicated ELST atom\n")
    out = []
    i = 0
    while i < edit_count and size > 0 and not pb.eof:
        if version == 1:
            dur = s64(pb.rb64())
            mt = s64(pb.rb64())
            size -= 16
        else:
            dur = pb.rb32()
            mt = s32(pb.rb32())
            size -= 8
        pb.rb32()
        size -= 4
        if dur < 0:
            c.log.error("Track %d, edit %d: Invalid edit list duration=%d\n" % (len(c.fc.streams) - 1, i, dur))
            raise InvalidData("elst duration")
        out.append((dur, mt))
        i += 1
    sc.elst = out


def read_dref(c, pb: Bio, t: int, size: int) -> None:
    if not c.fc.streams:
        return
    pb.rb32()
    entries = pb.rb32()
    if not entries or entries > (size - 1) // 12 + 1:
        raise InvalidData("dref entries")
    # External data references are not followed (enable_drefs is off by default).


def read_tmcd(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        raise InvalidData("tmcd without track")
    sc.timecode_track = pb.rb32()


def read_chap(c, pb: Bio, t: int, size: int) -> None:
    num = size // 4
    out = []
    for _ in range(num):
        if pb.eof:
            break
        out.append(pb.rb32())
    c.chapter_tracks = out


_KIND_MAP = (("caption", ("hearing_impaired", "captions")), ("commentary", ("comment",)),
             ("description", ("visual_impaired", "descriptions")), ("dub", ("dub",)),
             ("forced-subtitle", ("forced",)))


def read_kind(c, pb: Bio, t: int, size: int) -> None:
    if size < 6:
        raise InvalidData("kind")
    st, sc = c.last()
    if st is None:
        return
    version = pb.r8()
    flags = pb.rb24()
    if version or flags:
        c.log.error("Unsupported 'kind' box with version %d, flags: %x" % (version, flags))
        raise InvalidData("kind version")
    body = pb.read(size - 4)
    parts = body.split(b"\0")
    if len(parts) < 3:
        raise InvalidData("kind strings")
    scheme, value = parts[0].decode("latin-1"), parts[1].decode("latin-1")
    if scheme.startswith("urn:mpeg:dash:role:2011"):
        for v, disp in _KIND_MAP:
            if value.startswith(v):
                st.disposition.update(disp)


def read_cmov(c, pb: Bio, t: int, size: int) -> None:
    """Compressed movie header (QuickTime 'cmov' with 'dcom' zlib and 'cmvd')."""
    import zlib
    pb.rb32()
    if pb.rl32() != tag("dcom"):
        raise InvalidData("cmov without dcom")
    if pb.rl32() != tag("zlib"):
        c.log.error("unknown compression for cmov atom !\n")
        raise InvalidData("cmov compression")
    pb.rb32()
    if pb.rl32() != tag("cmvd"):
        raise InvalidData("cmov without cmvd")
    moov_len = pb.rb32()
    cmov_len = size - 6 * 4
    data = pb.read(cmov_len)
    if len(data) < cmov_len or cmov_len < 0:
        raise InvalidData("short cmov")
    from ...limits import MAX_HEADER_BOX
    try:
        d = zlib.decompressobj()
        moov = d.decompress(data, min(moov_len, MAX_HEADER_BOX))
    except zlib.error:
        raise InvalidData("cmov inflate") from None
    if len(moov) != moov_len or not d.eof:
        raise InvalidData("cmov size")
    c.read_default(c, Bio(moov, 0), tag("moov"), len(moov))
