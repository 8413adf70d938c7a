"""Movie user data of the MP4/MOV muxer (FFmpeg 5.1.9 movenc.c behaviour): iTunes-style
meta/ilst for MP4 and iPod (with the Lavf encoder tag, cover art, track/disc numbers),
QuickTime udta strings for MOV, and the Nero chpl chapter list."""
from __future__ import annotations

from ...model import Rational
from ...timebase import rescale_q
from .mux_buf import BoxBuf
from .mux_track import MODE_3GP, MODE_MOV

LIBAVFORMAT_IDENT = "Lavf59.27.100"
ILST_STRINGS = (("\xa9nam", "title"), ("\xa9ART", "artist"), ("aART", "album_artist"),
                ("\xa9wrt", "composer"), ("\xa9alb", "album"), ("\xa9day", "date"))
ILST_STRINGS2 = (("\xa9cmt", "comment"), ("\xa9gen", "genre"), ("cprt", "copyright"),
                 ("\xa9grp", "grouping"), ("\xa9lyr", "lyrics"), ("desc", "description"),
                 ("ldes", "synopsis"), ("tvsh", "show"), ("tven", "episode_id"),
                 ("tvnn", "network"), ("keyw", "keywords"))
ILST_INT8 = (("tves", "episode_sort", 4), ("tvsn", "season_number", 4), ("stik", "media_type", 1),
             ("hdvd", "hd_video", 1), ("pgap", "gapless_playback", 1), ("cpil", "compilation", 1))
MOV_UDTA = (("\xa9ART", "artist"), ("\xa9nam", "title"), ("\xa9aut", "author"),
            ("\xa9alb", "album"), ("\xa9day", "date"), ("\xa9swr", "encoder"),
            ("\xa9des", "comment"), ("\xa9cmt", "comment"), ("\xa9gen", "genre"),
            ("\xa9cpy", "copyright"), ("\xa9mak", "make"), ("\xa9mod", "model"),
            ("\xa9xyz", "location"), ("\xa9key", "keywords"))


def _get_meta(tags, key):
    """get_metadata_lang: the value and the packed language of a "key-xxx" twin."""
    v = tags.get(key)
    if v is None:
        return None, 0
    for k, v2 in tags.items():
        if k.lower().startswith(key.lower() + "-") and len(k) == len(key) + 4 and v2 == v:
            code = iso639_to_lang(k[-3:], True)
            if code >= 0:
                return v, code
    return v, 0


def _string_tag(bb: BoxBuf, name: str, value: str | None, lang: int, long_style: bool) -> bool:
    if not value:
        return False
    data = value.encode("utf-8")
    z = data.find(b"\0")
    if z >= 0:
        data = data[:z]
    if not data:
        return False
    p = bb.tell()
    bb.wb32(0)
    bb.write(name.encode("latin-1"))
    if long_style:
        bb.wb32(16 + len(data))
        bb.write(b"data")
        bb.wb32(1)
        bb.wb32(0)
        bb.write(data)
    else:
        bb.wb16(len(data))
        bb.wb16(lang or iso639_to_lang("und", True))
        bb.write(data)
    bb.end(p)
    return True


def _atoi(s: str) -> int:
    import re
    m = re.match(r"\s*([+-]?\d+)", s)
    return int(m.group(1)) if m else 0


def write_udta(bb: BoxBuf, mux) -> None:
    tags = mux.ctx.tags
    u = BoxBuf()
    if mux.mode & MODE_3GP:
        _write_3gp_udta(u, tags)
        _write_loci(u, mux)
    elif mux.mode == MODE_MOV:
        for name, key in MOV_UDTA:
            v, lang = _get_meta(tags, key)
            _string_tag(u, name, v, lang, False)
    else:
        m = u.start("meta")
        u.wb32(0)
        u.wb32(33)
        u.write(b"hdlr")
        u.wb32(0)
        u.wb32(0)
        u.write(b"mdirappl")
        u.write(bytes(9))
        i = u.start("ilst")
        for name, key in ILST_STRINGS:
            v, lang = _get_meta(tags, key)
            _string_tag(u, name, v, lang, True)
        v, lang = _get_meta(tags, "encoding_tool")
        if not _string_tag(u, "\xa9too", v, lang, True) and not mux.bitexact:
            _string_tag(u, "\xa9too", LIBAVFORMAT_IDENT, 0, True)
        for name, key in ILST_STRINGS2:
            v, lang = _get_meta(tags, key)
            _string_tag(u, name, v, lang, True)
        for name, key, n in ILST_INT8:
            v = tags.get(key)
            if v is None:
                continue
            num = _atoi(v) & 0xFF
            u.wb32(24 + n)
            u.write(name.encode())
            u.wb32(16 + n)
            u.write(b"data")
            u.wb32(0x15)
            u.wb32(0)
            u.wb32(num) if n == 4 else u.w8(num)
        covr = None
        for trk in mux.tracks:
            if not getattr(trk, "is_cover", False) or not trk.cover_image:
                continue
            if covr is None:
                covr = u.start("covr")
            u.wb32(16 + len(trk.cover_image))
            u.write(b"data")
            u.wb32(trk.tag)
            u.wb32(0)
            u.write(trk.cover_image)
        if covr is not None:
            u.end(covr)
        for disc, name in ((0, "trkn"), (1, "disk")):
            v = tags.get("disc" if disc else "track")
            n = _atoi(v) if v is not None else 0
            if n:
                total = _atoi(v.split("/", 1)[1]) if "/" in v else 0
                u.wb32(32)
                u.write(name.encode())
                u.wb32(24)
                u.write(b"data")
                u.wb32(0)
                u.wb32(0)
                u.wb16(0)
                u.wb16(n)
                u.wb16(total)
                u.wb16(0)
        t = tags.get("tmpo")
        tm = _atoi(t) if t is not None else 0
        if tm:
            u.wb32(26)
            u.write(b"tmpo")
            u.wb32(18)
            u.write(b"data")
            u.wb32(0x15)
            u.wb32(0)
            u.wb16(tm)
        u.end(i)
        u.end(m)
        _write_loci(u, mux)
    if mux.ctx.chapters and not mux.flags & 0x200:            # disable_chpl
        c = u.start("chpl")
        u.wb32(0x01000000)
        u.wb32(0)
        chs = mux.ctx.chapters[:255]
        u.w8(len(chs))
        for ch in chs:
            u.wb64(rescale_q(ch.start, ch.time_base, Rational(1, 10000000)))
            t = ch.tags.get("title")
            if t is not None:
                tb = t.encode("utf-8")
                z = tb.find(b"\0")
                if z >= 0:
                    tb = tb[:z]
                tb = tb[:255]
                u.w8(len(tb))
                u.write(tb)
            else:
                u.w8(0)
        u.end(c)
    if u.b:
        bb.wb32(len(u.b) + 8)
        bb.write(b"udta")
        bb.write(bytes(u.b))


# 3GPP TS 26.244 user-data boxes, as movenc writes them in the 3gp / 3g2 modes
UDTA_3GP = (("perf", "artist"), ("titl", "title"), ("auth", "author"), ("gnre", "genre"),
            ("dscp", "comment"), ("albm", "album"), ("cprt", "copyright"), ("yrrc", "date"))


def _strtod(text: str, pos: int) -> tuple[float, int]:
    """strtod on text[pos:]: the number and the index after it (pos when none)."""
    import re
    m = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)").match(text, pos)
    if not m:
        return 0.0, pos
    return float(m.group(1)), m.end()


def _fix16(v: float) -> int:
    n = int(v * 65536) & 0xFFFFFFFF            # the (int32_t) cast, two's complement bits
    return n


def _write_loci(u: BoxBuf, mux) -> None:
    """3GPP TS 26.244 'loci' from the "location" tag ("+lat+lon[+alt][/place]", ISO 6709
    order as strtod reads it: the first number is stored as the longitude)."""
    v, lang = _get_meta(mux.ctx.tags, "location")
    if v is None:
        return
    lon, end = _strtod(v, 0)
    if end == 0:
        mux.log.warning("malformed location metadata\n")
        return
    lat, end2 = _strtod(v, end)
    if end2 == end:
        mux.log.warning("malformed location metadata\n")
        return
    alt, end3 = _strtod(v, end2)
    place = v[end3 + 1:] if v[end3:end3 + 1] == "/" else ""
    pb = place.encode("utf-8").split(b"\0", 1)[0]
    p = u.start("loci")
    u.wb32(0)
    u.wb16(lang)
    u.write(pb + b"\0")
    u.w8(0)
    u.wb32(_fix16(lat))
    u.wb32(_fix16(lon))
    u.wb32(_fix16(alt))
    u.write(b"earth\0")
    u.w8(0)
    u.end(p)


def _write_3gp_udta(u: BoxBuf, tags) -> None:
    """3GPP asset boxes: a full box with an 'eng' language and a NUL-ended UTF-8 string
    (yrrc: the year as 16 bits; albm: the track number byte appended)."""
    for name, key in UDTA_3GP:
        v = tags.get(key)
        if not v:
            continue
        p = u.start(name)
        u.wb32(0)
        if name == "yrrc":
            u.wb16(_atoi(v) & 0xFFFF)
        else:
            u.wb16(iso639_to_lang("eng", True))
            u.write(v.encode("utf-8") + b"\0")
            trk = tags.get("track") if name == "albm" else None
            if trk is not None:
                u.w8(_atoi(trk) & 0xFF)
        u.end(p)


def iso639_to_lang(lang: str, mp4: bool) -> int:
    """ff_mov_iso639_to_lang."""
    if not mp4:
        from .codec_tags import MAC_LANGUAGES
        for i, name in enumerate(MAC_LANGUAGES):
            if lang and name == lang:
                return i
        return -1
    if not lang:
        lang = "und"
    code = 0
    b = lang.encode("utf-8", "replace")[:3].ljust(3, b"\0")
    for c in b:
        c = (c - 0x60) & 0xFF
        if c > 0x1F:
            return -1
        code = (code << 5) | c
    return code
