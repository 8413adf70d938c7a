"""Matroska Tags, Chapters and Attachments (RFC 9559 sections 5.1.6-5.1.8): parsing, and the
conversion to format/stream/chapter metadata FFmpeg 5.1.9 performs (matroska_convert_tags:
"NAME-lang" keys, nested SimpleTags as "PARENT/CHILD", TargetType prefixes)."""
from __future__ import annotations

from ...model import Chapter, Rational, Stream, Tags
from ...limits import MAX_STREAMS
from ..tagindex import TagIndex, convert

# ff_mkv_metadata_conv: native -> generic names
METADATA_CONV = (("LEAD_PERFORMER", "performer"), ("PART_NUMBER", "track"))
IMAGE_MIME = (("image/gif", "gif"), ("image/jpeg", "mjpeg"), ("image/png", "png"),
              ("image/tiff", "tiff"))
FILE_MIME = (("application/x-truetype-font", "ttf"), ("application/x-font", "ttf"),
             ("application/vnd.ms-opentype", "otf"), ("binary", "bin_data"))


class SimpleTag:
    __slots__ = ("name", "string", "lang", "default", "sub")

    def __init__(self):
        self.name = None
        self.string = None
        self.lang = "und"
        self.default = 0
        self.sub = []


class TagGroup:
    __slots__ = ("type", "typevalue", "trackuid", "chapteruid", "attachuid", "tags")

    def __init__(self):
        self.type = None
        self.typevalue = 50
        self.trackuid = 0
        self.chapteruid = 0
        self.attachuid = 0
        self.tags = []


def _simple_from_rec(r) -> SimpleTag:
    t = SimpleTag()
    t.name, t.string, t.lang, t.default = r.name, r.string, r.lang, r.default
    t.sub = [_simple_from_rec(x) for x in r.sub]
    return t


def group_from_rec(r) -> TagGroup:
    """A TagGroup from a Tag record of the streaming parser (syntax.TAG)."""
    g = TagGroup()
    tg = r.target
    g.type, g.typevalue, g.trackuid = tg.type, tg.typevalue, tg.trackuid
    g.chapteruid, g.attachuid = tg.chapteruid, tg.attachuid
    g.tags = [_simple_from_rec(x) for x in r.tags]
    return g


_CONV = dict(METADATA_CONV)
_NATIVE = frozenset(k.lower() for k in _CONV)


class _Meta:
    """A Tags object being converted: an index over it (thousands of tags stay linear) and
    whether a native key may be in it (only then does the renaming rebuild change it)."""

    __slots__ = ("meta", "idx", "native")

    def __init__(self, meta: Tags):
        self.meta = meta
        self.idx = TagIndex(meta)
        self.native = any(k.lower() in _NATIVE for k, _ in meta.items())

    def set(self, key: str, value: str | None) -> None:
        if key.lower() in _NATIVE:
            self.native = True
        self.idx.set(key, value)

    def rename(self) -> None:
        """ff_metadata_conv(ff_mkv_metadata_conv) after each matroska_convert_tag."""
        if self.native:
            convert(self.meta, _CONV)
            self.idx = TagIndex(self.meta)
            self.native = False


def convert_tag(tags: list, meta: Tags, prefix: str | None, log, _m: _Meta | None = None) -> None:
    m = _m or _Meta(meta)
    for t in tags:
        lang = t.lang if t.lang and t.lang != "und" else None
        if t.name is None:
            log.warning("Skipping invalid tag with no TagName.\n")
            continue
        key = "%s/%s" % (prefix, t.name) if prefix is not None else t.name
        if t.default or not lang:
            m.set(key, t.string)
            if t.sub:
                convert_tag(t.sub, meta, key, log, m)
        if lang:
            key = key + "-" + lang
            m.set(key, t.string)
            if t.sub:
                convert_tag(t.sub, meta, key, log, m)
    m.rename()


def convert_all(groups: list, ctx, tracks: list, chapters: list, attachments: list, log) -> None:
    metas = {}

    def conv(tags: list, meta: Tags, prefix: str | None) -> None:
        m = metas.get(id(meta))
        if m is None or m.meta is not meta:
            m = metas[id(meta)] = _Meta(meta)
        convert_tag(tags, meta, prefix, log, m)

    for i, g in enumerate(groups):
        if g.attachuid:
            found = False
            for att in attachments:
                if att.uid == g.attachuid and att.stream is not None:
                    conv(g.tags, att.stream.tags, None)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent attachment %d.\n"
                            % (i, _s64(g.attachuid)))
        elif g.chapteruid:
            found = False
            for ch in chapters:
                if ch.uid == g.chapteruid and ch.chapter is not None:
                    conv(g.tags, ch.chapter.tags, None)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent chapter %d.\n"
                            % (i, _s64(g.chapteruid)))
        elif g.trackuid:
            found = False
            for tr in tracks:
                if tr.uid == g.trackuid and tr.stream is not None:
                    conv(g.tags, tr.stream.tags, None)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent track %d.\n"
                            % (i, _s64(g.trackuid)))
        else:
            conv(g.tags, ctx.tags, g.type)


def _s64(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


# ---------------------------------------------------------------- chapters
class MkvChapter:
    __slots__ = ("start", "end", "uid", "title", "chapter")

    def __init__(self):
        self.start = None
        self.end = None
        self.uid = 0
        self.title = None
        self.chapter = None


def chapter_from_rec(r) -> MkvChapter:
    ch = MkvChapter()
    nopts = 0x8000000000000000
    ch.start = None if r.start == nopts else r.start
    ch.end = None if r.end == nopts else r.end
    ch.uid, ch.title = r.uid, r.title
    return ch


def make_chapters(chapters: list, ctx) -> None:
    max_start = 0
    for ch in chapters:
        if ch.start is not None and ch.uid and (max_start == 0 or ch.start > max_start):
            c = Chapter(id=_s64(ch.uid), time_base=Rational(1, 1000000000), start=_s64(ch.start),
                        end=_s64(ch.end) if ch.end is not None else None)
            if ch.title is not None:
                c.tags.set("title", ch.title)
            ctx.chapters.append(c)
            ch.chapter = c
            max_start = ch.start


# ---------------------------------------------------------------- attachments
class Attachment:
    __slots__ = ("uid", "filename", "mime", "data", "description", "stream", "pos")

    def __init__(self):
        self.uid = 0
        self.filename = None
        self.mime = None
        self.data = b""
        self.description = None
        self.stream = None
        self.pos = -1


def attachment_from_rec(r) -> Attachment:
    att = Attachment()
    att.uid, att.filename, att.mime, att.description = r.uid, r.filename, r.mime, r.description
    if r.bin is not None:
        att.data = r.bin
        att.pos = r.bin_pos
    return att


def make_attachment_streams(atts: list, ctx, log) -> None:
    for att in atts:
        if not (att.filename is not None and att.mime is not None and att.data):
            log.error("incomplete attachment\n")
            continue
        if len(ctx.streams) >= MAX_STREAMS:
            # FFmpeg 5.1.9: avformat_new_stream refuses; the remaining attachments are dropped
            from .tracks import MAX_STREAMS_MSG
            log.error(MAX_STREAMS_MSG % MAX_STREAMS)
            break
        st = Stream(index=len(ctx.streams))
        st.tags.set("filename", att.filename)
        st.tags.set("mimetype", att.mime)
        if att.description is not None:
            st.tags.set("title", att.description)
        codec = None
        for prefix, name in IMAGE_MIME:
            if att.mime.startswith(prefix):
                codec = name
                break
        att.stream = st
        st.time_base = Rational(1, 90000)      # avformat_new_stream's default
        par = st.codecpar
        if codec is not None:
            # ff_add_attached_pic: a video stream carrying one packet
            par.codec_type = "video"
            par.codec_name = codec
            st.disposition.add("attached_pic")
            st.time_base = Rational(1, 90000)
            st.priv = _AttachedPic(att.data, att.pos)
        else:
            par.codec_type = "attachment"
            par.extradata = att.data
            for prefix, name in FILE_MIME:
                if att.mime.startswith(prefix):
                    codec = name
                    break
            par.codec_name = codec
        ctx.streams.append(st)


class _AttachedPic:
    __slots__ = ("data", "pos", "sent")

    def __init__(self, data, pos):
        self.data = data
        self.pos = pos
        self.sent = False


def vorbis_comment_value(block: bytes, key: str) -> str | None:
    """One field of a VORBIS_COMMENT block (little-endian lengths), case-insensitive."""
    p = 0
    n = len(block)
    if n < 4:
        return None
    vlen = int.from_bytes(block[0:4], "little")
    p = 4 + vlen
    if p + 4 > n:
        return None
    count = int.from_bytes(block[p:p + 4], "little")
    p += 4
    value = None
    for _ in range(count):
        if p + 4 > n:
            break
        ln = int.from_bytes(block[p:p + 4], "little")
        p += 4
        if ln > n - p:
            break
        field = block[p:p + ln].decode("utf-8", "replace")
        p += ln
        k, sep, v = field.partition("=")
        if sep and k.upper() == key.upper():
            value = v
    return value
