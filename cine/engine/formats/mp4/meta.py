"""Metadata: udta strings, iTunes ilst items, QuickTime keys/mdta, '----' custom items, cover
art (covr -> attached picture stream), chpl chapters, uuid (ISML bitrates), and the
QuickTime chapter/timecode tracks whose samples are read at the end of the header (QuickTime
File Format 'User data atoms', 'Metadata'; ISO/IEC 14496-12 clause 8.10), as FFmpeg 5.1.9 maps
them to tags.
"""
from __future__ import annotations

import struct

from ...errors import InvalidData
from ...model import Chapter, Rational, Stream, Tags
from ...timebase import rescale
from .boxes import Bio, s32, tag
from .macroman import mac_string
from .moov import lang_to_iso639

GENRES = (
    "Blues", "Classic Rock", "Country", "Dance", "Disco", "Funk", "Grunge", "Hip-Hop", "Jazz",
    "Metal", "New Age", "Oldies", "Other", "Pop", "R&B", "Rap", "Reggae", "Rock", "Techno",
    "Industrial", "Alternative", "Ska", "Death Metal", "Pranks", "Soundtrack", "Euro-Techno",
    "Ambient", "Trip-Hop", "Vocal", "Jazz+Funk", "Fusion", "Trance", "Classical", "Instrumental",
    "Acid", "House", "Game", "Sound Clip", "Gospel", "Noise", "AlternRock", "Bass", "Soul", "Punk",
    "Space", "Meditative", "Instrumental Pop", "Instrumental Rock", "Ethnic", "Gothic", "Darkwave",
    "Techno-Industrial", "Electronic", "Pop-Folk", "Eurodance", "Dream", "Southern Rock", "Comedy",
    "Cult", "Gangsta", "Top 40", "Christian Rap", "Pop/Funk", "Jungle", "Native American",
    "Cabaret", "New Wave", "Psychedelic", "Rave", "Showtunes", "Trailer", "Lo-Fi", "Tribal",
    "Acid Punk", "Acid Jazz", "Polka", "Retro", "Musical", "Rock & Roll", "Hard Rock", "Folk",
    "Folk-Rock", "National Folk", "Swing", "Fast Fusion", "Bebob", "Latin", "Revival", "Celtic",
    "Bluegrass", "Avantgarde", "Gothic Rock", "Progressive Rock", "Psychedelic Rock",
    "Symphonic Rock", "Slow Rock", "Big Band", "Chorus", "Easy Listening", "Acoustic", "Humour",
    "Speech", "Chanson", "Opera", "Chamber Music", "Sonata", "Symphony", "Booty Bass", "Primus",
    "Porn Groove", "Satire", "Slow Jam", "Club", "Tango", "Samba", "Folklore", "Ballad",
    "Power Ballad", "Rhythmic Soul", "Freestyle", "Duet", "Punk Rock", "Drum Solo", "A cappella",
    "Euro-House", "Dance Hall", "Goa", "Drum & Bass", "Club-House", "Hardcore Techno", "Terror",
    "Indie", "BritPop", "Afro-Punk", "Polsk Punk", "Beat", "Christian Gangsta Rap", "Heavy Metal",
    "Black Metal", "Crossover", "Contemporary Christian", "Christian Rock", "Merengue", "Salsa",
    "Thrash Metal", "Anime", "JPop", "Synthpop", "Abstract", "Art Rock", "Baroque", "Bhangra",
    "Big Beat", "Breakbeat", "Chillout", "Downtempo", "Dub", "EBM", "Eclectic", "Electro",
    "Electroclash", "Emo", "Experimental", "Garage", "Global", "IDM", "Illbient", "Industro-Goth",
    "Jam Band", "Krautrock", "Leftfield", "Lounge", "Math Rock", "New Romantic", "Nu-Breakz",
    "Post-Punk", "Post-Rock", "Psytrance", "Shoegaze", "Space Rock", "Trop Rock", "World Music",
    "Neoclassical", "Audiobook", "Audio Theatre", "Neue Deutsche Welle", "Podcast", "Indie Rock",
    "G-Funk", "Dubstep", "Garage Rock", "Psybient",
)

_INT8 = "int8"
_INT8_PAD = "int8pad"
_TRKN = "trkn"
_GNRE = "gnre"


def _k(s: str) -> int:
    b = s.encode("latin-1")
    return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


# FourCC -> (key, parser, raw)
UDTA_KEYS = {
    _k("@PRM"): ("premiere_version", None, True), _k("@PRQ"): ("quicktime_version", None, True),
    _k("aART"): ("album_artist", None, False), _k("akID"): ("account_type", _INT8, False),
    _k("apID"): ("account_id", None, False), _k("catg"): ("category", None, False),
    _k("cpil"): ("compilation", _INT8, False), _k("cprt"): ("copyright", None, False),
    _k("desc"): ("description", None, False), _k("disk"): ("disc", _TRKN, False),
    _k("egid"): ("episode_uid", _INT8, False), _k("FIRM"): ("firmware", None, True),
    _k("gnre"): ("genre", _GNRE, False), _k("hdvd"): ("hd_video", _INT8, False),
    _k("keyw"): ("keywords", None, False), _k("ldes"): ("synopsis", None, False),
    _k("manu"): ("make", None, False), _k("modl"): ("model", None, False),
    _k("pcst"): ("podcast", _INT8, False), _k("pgap"): ("gapless_playback", _INT8, False),
    _k("purd"): ("purchase_date", None, False), _k("rtng"): ("rating", _INT8, False),
    _k("soaa"): ("sort_album_artist", None, False), _k("soal"): ("sort_album", None, False),
    _k("soar"): ("sort_artist", None, False), _k("soco"): ("sort_composer", None, False),
    _k("sonm"): ("sort_name", None, False), _k("sosn"): ("sort_show", None, False),
    _k("stik"): ("media_type", _INT8, False), _k("trkn"): ("track", _TRKN, False),
    _k("tven"): ("episode_id", None, False), _k("tves"): ("episode_sort", _INT8_PAD, False),
    _k("tvnn"): ("network", None, False), _k("tvsh"): ("show", None, False),
    _k("tvsn"): ("season_number", _INT8_PAD, False),
}
for _c, _name in (("ART", "artist"), ("PRD", "producer"), ("alb", "album"), ("aut", "artist"),
                  ("chp", "chapter"), ("cmt", "comment"), ("com", "composer"), ("cpy", "copyright"),
                  ("day", "date"), ("dir", "director"), ("dis", "disclaimer"), ("ed1", "edit_date"),
                  ("enc", "encoder"), ("fmt", "original_format"), ("gen", "genre"), ("grp", "grouping"),
                  ("hst", "host_computer"), ("inf", "comment"), ("lyr", "lyrics"), ("mak", "make"),
                  ("mod", "model"), ("nam", "title"), ("ope", "original_artist"), ("prd", "producer"),
                  ("prf", "performers"), ("req", "playback_requirements"), ("src", "original_source"),
                  ("st3", "subtitle"), ("swr", "encoder"), ("too", "encoder"), ("trk", "track"),
                  ("url", "URL"), ("wrn", "warning"), ("wrt", "composer"), ("xyz", "location")):
    UDTA_KEYS[0xA9 | ord(_c[0]) << 8 | ord(_c[1]) << 16 | ord(_c[2]) << 24] = (_name, None, False)

T_COVR = tag("covr")
T_HMMT = tag("HMMT")
T_LOCI = tag("loci")
T_DATA = tag("data")
T_HDLR = tag("hdlr")
T_XMP = tag("XMP_")


def read_ilst(c, pb: Bio, t: int, size: int) -> None:
    c.itunes_metadata = True
    try:
        c.read_default(c, pb, t, size)
    finally:
        c.itunes_metadata = False


def read_meta(c, pb: Bio, t: int, size: int) -> None:
    while size > 8:
        if pb.eof:
            raise InvalidData("meta")
        inner = pb.rl32()
        size -= 4
        if inner == T_HDLR:
            pb.skip(-8)
            size += 8
            c.read_default(c, pb, t, size)
            return


def read_keys(c, pb: Bio, t: int, size: int) -> None:
    if size < 8:
        return
    pb.skip(4)
    count = pb.rb32()
    if count > 0xFFFFFFFF // 8 - 1:
        c.log.error("The 'keys' atom with the invalid key count: %d\n" % count)
        raise InvalidData("keys count")
    if count > size:
        # FFmpeg 5.1.9: each key needs 8 bytes; a larger count fails on its first bad size
        pass
    keys: list[str | None] = [None]
    for i in range(1, count + 1):
        ksize = pb.rb32()
        ktype = pb.rl32()
        if ksize < 8 or ksize > size:
            c.log.error("The key# %d in meta has invalid size:%d\n" % (i, ksize))
            raise InvalidData("key size")
        size -= ksize
        ksize -= 8
        if ktype != tag("mdta"):
            pb.skip(ksize)
        keys.append(pb.read(ksize).split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))
    c.meta_keys = keys


def read_custom(c, pb: Bio, t: int, size: int) -> None:
    end = pb.tell() + size
    st, sc = c.last()
    if st is None:
        return
    vals = {}
    for _ in range(3):
        if end - pb.tell() <= 12:
            break
        ln = pb.rb32()
        kind = pb.rl32()
        pb.skip(4)
        if ln < 12 or ln - 12 > end - pb.tell():
            break
        ln -= 12
        if kind == tag("mean"):
            name = "mean"
        elif kind == tag("name"):
            name = "name"
        elif kind == T_DATA and ln > 4:
            pb.skip(4)
            ln -= 4
            name = "data"
        else:
            break
        if name in vals:
            break
        raw = pb.read(ln)
        if len(raw) < ln:
            break
        vals[name] = raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    if "mean" in vals and "name" in vals and "data" in vals:
        key, val = vals["name"], vals["data"]
        if key == "iTunSMPB":
            parts = val.split()
            try:
                if len(parts) >= 4:
                    priming = int(parts[1], 16)
                    if 0 < priming < 16384:
                        sc.start_pad = priming
            except ValueError:
                pass
        if key != "cdec":
            c.fc.tags.set(key, val)
    pb.seek(end)


def read_chpl(c, pb: Bio, t: int, size: int) -> None:
    size -= 5
    if size < 0:
        return
    version = pb.r8()
    pb.rb24()
    if version:
        pb.rb32()
    n = pb.r8()
    for i in range(n):
        if size < 9:
            return
        start = struct.unpack(">q", struct.pack(">Q", pb.rb64()))[0]
        ln = pb.r8()
        size -= 9 + ln
        if size < 0:
            return
        raw = pb.read(ln)
        if len(raw) < ln:
            raise InvalidData("chpl")
        new_chapter(c.fc, i, Rational(1, 10000000), start, None, raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))


def new_chapter(ctx, cid: int, tb: Rational, start: int, end, title: str | None) -> None:
    """avpriv_new_chapter: an existing id is updated in place (when ids are not monotonic)."""
    ch = None
    mono = getattr(ctx, "_chapter_ids_monotonic", True)
    if not ctx.chapters:
        mono = True
    elif not mono or ctx.chapters[-1].id >= cid:
        for x in ctx.chapters:
            if x.id == cid:
                ch = x
                break
        if ch is None:
            mono = False
    ctx._chapter_ids_monotonic = mono
    if ch is None:
        ch = Chapter(cid, tb, start, end if end is not None else None)
        ctx.chapters.append(ch)
    if title is not None:
        ch.tags.set("title", title)
    ch.id = cid
    ch.time_base = tb
    ch.start = start
    ch.end = end


def read_uuid(c, pb: Bio, t: int, size: int) -> None:
    if size < 16 or size >= 0x7FFFFFFF:
        raise InvalidData("uuid")
    if not c.fc.streams:
        return
    uid = pb.read(16)
    if len(uid) < 16:
        raise InvalidData("uuid")
    if uid == bytes.fromhex("a5d40b30e81411ddba2f0800200c9a66"):
        ln = size - 16
        if ln < 4:
            raise InvalidData("isml")
        pb.skip(4)
        ln -= 4
        text = pb.read(ln).decode("latin-1")
        low = text.lower()
        key = 'systembitrate="'
        pos = low.find(key)
        while pos >= 0:
            p = pos + len(key)
            j = p
            while j < len(text) and (text[j].isdigit() or (j == p and text[j] in "+-")):
                j += 1
            try:
                v = int(text[p:j]) if j > p else None
            except ValueError:
                v = None
            if v is None or v < 0 or j >= len(text) or text[j] != '"':
                c.bitrates.append(0)
            else:
                c.bitrates.append(v)
            pos = low.find(key, p)


def read_udta_string(c, pb: Bio, t: int, size: int) -> None:
    ent = UDTA_KEYS.get(t)
    key, parse, raw = ent if ent else (None, None, False)
    if t == T_XMP:
        key, raw = None, True
    if t == T_HMMT:
        _read_hmmt(c, pb, size)
        return
    if t == T_LOCI:
        _read_loci(c, pb, size)
        return
    data_type = 0
    langcode = 0
    language = None
    while True:
        if c.itunes_metadata and size > 8:
            data_size = s32(pb.rb32())
            dtag = pb.rl32()
            if dtag == T_DATA and 16 <= data_size <= size:
                data_type = pb.rb32()
                pb.rb32()
                str_size = data_size - 16
                size -= 16
                if key is None and c.found_hdlr_mdta and c.meta_keys:
                    index = int.from_bytes(struct.pack("<I", t), "big")
                    if 0 < index < len(c.meta_keys):
                        key = c.meta_keys[index]
                    elif t != T_COVR:
                        c.log.warning("The index of 'data' is out of range: %d < 1 or >= %d.\n"
                                      % (s32(index), len(c.meta_keys)))
                if t == T_COVR or key == "com.apple.quicktime.artwork":
                    _read_covr(c, pb, data_type, str_size)
                    size -= str_size
                    if size > 8:
                        continue
                    return
            else:
                return
        elif size > 4 and key and not c.itunes_metadata and not raw:
            str_size = pb.rb16()
            if str_size > size:
                raw = True
                pb.skip(-2)
                c.log.warning("UDTA parsing failed retrying raw\n")
                continue
            langcode = pb.rb16()
            language = lang_to_iso639(langcode)
            size -= 4
        else:
            str_size = size
        break
    if not key:
        return
    if size < 0 or str_size >= 0x3FFFFFFF:
        raise InvalidData("udta size")
    tags = c.fc.tags
    if parse is not None:
        _parse_special(pb, parse, str_size, key, tags)
        return
    if not raw and (data_type == 3 or (data_type == 0 and (langcode < 0x400 or langcode == 0x7FFF))):
        value = mac_string(pb.read(str_size), str_size * 2)
    elif data_type == 21:
        data = pb.read(str_size) if str_size in (1, 2, 3, 4) else b""
        value = str(int.from_bytes(data, "big", signed=True)) if data else "0"
    elif data_type == 22:
        data = pb.read(str_size) if str_size in (1, 2, 3, 4) else b""
        value = str(int.from_bytes(data, "big")) if data else "0"
    elif data_type == 23 and str_size >= 4:
        value = "%f" % struct.unpack(">f", pb.read(4))[0]
    elif data_type > 1 and data_type != 4:
        c.log.warning("Skipping unhandled metadata %s of type %d\n" % (key, data_type))
        return
    else:
        data = pb.read(str_size)
        if len(data) < str_size:
            raise InvalidData("short udta string")
        value = data.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    tags.set(key, value)
    if language and language != "und":
        tags.set("%s-%s" % (key, language), value)
    if key == "encoder" and value.startswith("HandBrake "):
        import re
        m = re.match(r"HandBrake (\d+)\.(\d+)\.(\d+)", value)
        if m:
            c.handbrake_version = 1000000 * int(m.group(1)) + 1000 * int(m.group(2)) + int(m.group(3))


def _parse_special(pb: Bio, kind: str, length: int, key: str, tags: Tags) -> None:
    if kind == _TRKN:
        pb.rb16()
        cur = _s16(pb.rb16())
        total = _s16(pb.rb16()) if length >= 6 else 0
        tags.set(key, "%d" % cur if not total else "%d/%d" % (cur, total))
    elif kind == _INT8_PAD:
        pb.r8()
        pb.r8()
        pb.r8()
        tags.set(key, str(pb.r8()))
    elif kind == _INT8:
        tags.set(key, str(pb.r8()))
    elif kind == _GNRE:
        pb.r8()
        g = pb.r8()
        if 1 <= g <= len(GENRES):
            tags.set(key, GENRES[g - 1])


def _s16(v: int) -> int:
    return v - 0x10000 if v & 0x8000 else v


def _read_hmmt(c, pb: Bio, size: int) -> None:
    if size < 2:
        return
    n = s32(pb.rb32())
    if n > size // 4:
        raise InvalidData("HMMT")
    for i in range(max(n, 0)):
        if pb.eof:
            break
        new_chapter(c.fc, i, Rational(1, 1000), s32(pb.rb32()), None, None)
    if pb.eof:
        raise InvalidData("HMMT")


def _read_loci(c, pb: Bio, size: int) -> None:
    if size < 18:
        c.log.error("loci too short\n")
        raise InvalidData("loci")
    pb.skip(4)
    language = lang_to_iso639(pb.rb16())
    size -= 6
    raw = pb.read(size)
    nul = raw.find(b"\0")
    place_len = (nul + 1) if nul >= 0 else len(raw)
    place = raw[:nul if nul >= 0 else len(raw)][:99].decode("utf-8", "surrogateescape")
    pb.seek(pb.tell() - len(raw) + place_len)
    size -= place_len
    if size < 1:
        c.log.error("place name too long\n")
        raise InvalidData("loci")
    pb.skip(1)
    size -= 1
    if size < 12:
        c.log.error("loci too short (%d bytes left, need at least %d)\n" % (size, 12))
        raise InvalidData("loci")
    lon = _f32(s32(pb.rb32()) / 65536.0)
    lat = _f32(s32(pb.rb32()) / 65536.0)
    alt = _f32(s32(pb.rb32()) / 65536.0)
    buf = "%+08.4f%+09.4f" % (lat, lon)
    if alt:
        buf += "%+f" % alt
    buf += "/" + place
    if language and language != "und":
        c.fc.tags.set("location-" + language, buf)
    c.fc.tags.set("location", buf)


def _f32(v: float) -> float:
    return struct.unpack("f", struct.pack("f", v))[0]


def _read_covr(c, pb: Bio, ctype: int, length: int) -> None:
    if ctype == 0xD:
        cid = "mjpeg"
    elif ctype == 0xE:
        cid = "png"
    elif ctype == 0x1B:
        cid = "bmp"
    else:
        c.log.warning("Unknown cover type: 0x%x.\n" % ctype)
        pb.skip(length)
        return
    pic_pos = pb.tell()
    data = pb.read(length)
    if len(data) < length:
        raise InvalidData("cover art")
    from .context import TrackState
    ctx = c.fc
    st = Stream(index=len(ctx.streams))
    st.codecpar.codec_type = "video"
    st.disposition.add("attached_pic")
    st.time_base = Rational(1, 90000)
    sc = TrackState(st.index)
    sc.attached_pic = data
    sc.attached_pic_pos = pic_pos
    sc.is_cover = True
    st.priv = sc
    if len(data) >= 8 and cid != "bmp":
        cid = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "mjpeg"
    st.codecpar.codec_name = cid
    ctx.streams.append(st)


# ------------------------------------------------------------------ reads after the header

def read_chapter_tracks(c) -> None:
    """mov_read_chapters: QuickTime chapter tracks referenced by 'chap'."""
    ctx = c.fc
    src = c.source
    for ct in c.chapter_tracks:
        st = None
        for s in ctx.streams:
            if s.id == ct:
                st = s
                break
        if st is None:
            c.log.error("Referenced QT chapter track not found\n")
            continue
        sc = st.priv
        if st.codecpar.codec_type == "video":
            st.disposition.update(("attached_pic", "timed_thumbnails"))
            if len(sc.ie_pos):
                data = _read_at(src, sc.ie_pos[0], sc.ie_size[0])
                if data is None:
                    c.log.error("Failed to retrieve first frame\n")
                    continue
                sc.attached_pic = data
                sc.attached_pic_pos = sc.ie_pos[0]
            continue
        st.codecpar.codec_type = "data"
        st.codecpar.codec_name = "bin_data"
        sc.discard_all = True
        n = len(sc.ie_pos)
        for i in range(n):
            ts = sc.ie_ts[i]
            end = sc.ie_ts[i + 1] if i + 1 < n else st.duration
            if end is None or end < ts:
                if end is not None:
                    c.log.warning("ignoring stream duration which is shorter than chapters\n")
                end = None
            data = _read_at(src, sc.ie_pos[i], sc.ie_size[i] if sc.ie_size[i] >= 2 else 2)
            if data is None or len(data) < 2:
                c.log.error("Chapter %d not found in file\n" % i)
                break
            ln = struct.unpack(">H", data[:2])[0]
            if ln > sc.ie_size[i] - 2:
                continue
            body = _read_at(src, sc.ie_pos[i] + 2, ln) or b""
            title = _chapter_title(body, ln)
            new_chapter(ctx, i, st.time_base, ts, end, title)


def _chapter_title(body: bytes, ln: int) -> str:
    if not ln:
        return ""
    if body[:2] == b"\xfe\xff":
        return _utf16(body[2:ln], "big")
    if body[:2] == b"\xff\xfe":
        return _utf16(body[2:ln], "little")
    if ln in (1, 2):
        return body[:ln].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    return body[:ln].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _utf16(raw: bytes, order: str) -> str:
    raw = raw[: len(raw) & ~1]
    out = raw.decode("utf-16-be" if order == "big" else "utf-16-le", "replace")
    return out.split("\0", 1)[0]


def _read_at(src, pos: int, n: int) -> bytes | None:
    try:
        src.seek(pos)
        data = src.read(n)
    except Exception:  # noqa: BLE001 - only CineError/OSError subclasses reach here
        return None
    if src.tell() != pos + len(data):
        return None
    return data


def read_timecode_track(c, st) -> None:
    """mov_read_timecode_track: the first tmcd sample as a frame number -> 'timecode' tag."""
    sc = st.priv
    if not len(sc.ie_pos):
        return
    rate = st.avg_frame_rate
    nb = sc.tmcd_nb_frames
    if not rate.num or not rate.den or not nb:
        return
    data = _read_at(c.source, sc.ie_pos[0], 4)
    if data is None:
        return
    data = data + b"\0" * (4 - len(data))
    value = struct.unpack(">I", data)[0]
    flags = sc.tmcd_flags
    rounded = (rate.num + rate.den // 2) // rate.den
    if nb == rate.num // rate.den:
        nb = rounded
    value = rescale(value, rounded, nb)
    tc = timecode_string(rate, bool(flags & 1), bool(flags & 2), bool(flags & 4), value, c.log)
    if tc is not None:
        st.tags.set("timecode", tc)


def timecode_string(rate: Rational, drop: bool, max24: bool, allow_neg: bool, framenum: int,
                    log=None) -> str | None:
    """av_timecode_init + av_timecode_make_string (libavutil/timecode.c)."""
    if not rate.den or not rate.num:
        fps = -1
    else:
        fps = (rate.num + rate.den // 2) // rate.den
    if fps <= 0:
        if log is not None:
            log.error("Valid timecode frame rate must be specified. Minimum value is 1\n")
        return None
    if drop and fps % 30:
        if log is not None:
            log.error("Drop frame is only allowed with multiples of 30000/1001 FPS\n")
        return None
    if fps not in (24, 25, 30, 48, 50, 60, 100, 120, 150) and log is not None:
        log.warning("Using non-standard frame rate %d/%d\n" % (rate.num, rate.den))
    framenum = _wrap_int(framenum)
    if drop and fps % 30 == 0:
        drop_frames = fps // 30 * 2
        per10 = fps // 30 * 17982
        d = _cdiv(framenum, per10)
        m = framenum - d * per10
        framenum = (framenum + (9 * drop_frames * d) + drop_frames * _cdiv(m - drop_frames, per10 // 10)) & 0xFFFFFFFF
        framenum = framenum - (1 << 32) if framenum & 0x80000000 else framenum
    neg = False
    if framenum < 0:
        framenum = -framenum
        neg = allow_neg
    ff = framenum % fps
    ss = framenum // fps % 60
    mm = framenum // (fps * 60) % 60
    hh = framenum // (fps * 3600)
    if max24:
        hh %= 24
    ff_len = 5 if fps > 10000 else 4 if fps > 1000 else 3 if fps > 100 else 2 if fps > 10 else 1
    return "%s%02d:%02d:%02d%c%0*d" % ("-" if neg else "", hh, mm, ss, ";" if drop else ":", ff_len, ff)


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _wrap_int(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v
