"""Matroska Tags, Chapters and Attachments (RFC 9559 sections 5.1.6-5.1.8): parsing, and the
conversion to format/stream/chapter metadata FFmpeg 5.1.9 performs (matroska_convert_tags:
"NAME-lang" keys, nested SimpleTags as "PARENT/CHILD", TargetType prefixes)."""
from __future__ import annotations

from ...model import Chapter, Rational, Stream, Tags
from . import ebml as E
from . import schema as S

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


def _simple_tag(buf, s, e, depth: int) -> SimpleTag:
    E.check_depth(depth)
    t = SimpleTag()
    for eid, a, b in E.iter_children(buf, s, e):
        if eid == S.TAG_NAME:
            t.name = E.string(buf, a, b)
        elif eid == S.TAG_STRING:
            t.string = E.string(buf, a, b)
        elif eid == S.TAG_LANGUAGE:
            t.lang = E.string(buf, a, b)
        elif eid in (S.TAG_DEFAULT, S.TAG_DEFAULT_BUG):
            t.default = E.uint(buf, a, b)
        elif eid == S.SIMPLE_TAG:
            t.sub.append(_simple_tag(buf, a, b, depth + 1))
    return t


def parse_tags(buf, s, e, out: list) -> None:
    for eid, a, b in E.iter_children(buf, s, e):
        if eid != S.TAG:
            continue
        g = TagGroup()
        for cid, ca, cb in E.iter_children(buf, a, b):
            if cid == S.SIMPLE_TAG:
                g.tags.append(_simple_tag(buf, ca, cb, 4))
            elif cid == S.TARGETS:
                for tid, ta, tb in E.iter_children(buf, ca, cb):
                    if tid == S.TARGET_TYPE:
                        g.type = E.string(buf, ta, tb)
                    elif tid == S.TARGET_TYPE_VALUE:
                        g.typevalue = E.uint(buf, ta, tb)
                    elif tid == S.TAG_TRACK_UID:
                        g.trackuid = E.uint(buf, ta, tb)
                    elif tid == S.TAG_CHAPTER_UID:
                        g.chapteruid = E.uint(buf, ta, tb)
                    elif tid == S.TAG_ATTACHMENT_UID:
                        g.attachuid = E.uint(buf, ta, tb)
        out.append(g)


def _rename(meta: Tags) -> None:
    items = meta.items()
    fresh = Tags()
    for k, v in items:
        for native, generic in METADATA_CONV:
            if k.lower() == native.lower():
                k = generic
                break
        fresh.set(k, v)
    meta._items = fresh._items


def convert_tag(tags: list, meta: Tags, prefix: str | None, log) -> None:
    for t in tags:
        lang = t.lang if t.lang and t.lang != "und" else None
        if t.name is None:
            log.warning("Skipping invalid tag with no TagName.\n")
            continue
        key = "%s/%s" % (prefix, t.name) if prefix is not None else t.name
        if t.default or not lang:
            meta.set(key, t.string)
            if t.sub:
                convert_tag(t.sub, meta, key, log)
        if lang:
            key = key + "-" + lang
            meta.set(key, t.string)
            if t.sub:
                convert_tag(t.sub, meta, key, log)
    _rename(meta)


def convert_all(groups: list, ctx, tracks: list, chapters: list, attachments: list, log) -> None:
    for i, g in enumerate(groups):
        if g.attachuid:
            found = False
            for att in attachments:
                if att.uid == g.attachuid and att.stream is not None:
                    convert_tag(g.tags, att.stream.tags, None, log)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent attachment %d.\n"
                            % (i, _s64(g.attachuid)))
        elif g.chapteruid:
            found = False
            for ch in chapters:
                if ch.uid == g.chapteruid and ch.chapter is not None:
                    convert_tag(g.tags, ch.chapter.tags, None, log)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent chapter %d.\n"
                            % (i, _s64(g.chapteruid)))
        elif g.trackuid:
            found = False
            for tr in tracks:
                if tr.uid == g.trackuid and tr.stream is not None:
                    convert_tag(g.tags, tr.stream.tags, None, log)
                    found = True
            if not found:
                log.warning("The tags at index %d refer to a non-existent track %d.\n"
                            % (i, _s64(g.trackuid)))
        else:
            convert_tag(g.tags, ctx.tags, g.type, log)


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


def parse_chapters(buf, s, e, out: list) -> None:
    """Every EditionEntry's top-level ChapterAtoms (nested atoms are ignored, as in 5.1.9)."""
    for eid, a, b in E.iter_children(buf, s, e):
        if eid != S.EDITION_ENTRY:
            continue
        for cid, ca, cb in E.iter_children(buf, a, b):
            if cid != S.CHAPTER_ATOM:
                continue
            ch = MkvChapter()
            for tid, ta, tb in E.iter_children(buf, ca, cb):
                if tid == S.CHAPTER_TIME_START:
                    ch.start = E.uint(buf, ta, tb)
                elif tid == S.CHAPTER_TIME_END:
                    ch.end = E.uint(buf, ta, tb)
                elif tid == S.CHAPTER_UID:
                    ch.uid = E.uint(buf, ta, tb)
                elif tid == S.CHAPTER_DISPLAY:
                    for did, da, db in E.iter_children(buf, ta, tb):
                        if did == S.CHAP_STRING:
                            ch.title = E.string(buf, da, db)
            out.append(ch)


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


def parse_attachments(buf, s, e, out: list, base_pos: int) -> None:
    for eid, a, b in E.iter_children(buf, s, e):
        if eid != S.ATTACHED_FILE:
            continue
        att = Attachment()
        for cid, ca, cb in E.iter_children(buf, a, b):
            if cid == S.FILE_UID:
                att.uid = E.uint(buf, ca, cb)
            elif cid == S.FILE_NAME:
                att.filename = E.string(buf, ca, cb)
            elif cid == S.FILE_MIME_TYPE:
                att.mime = E.string(buf, ca, cb)
            elif cid == S.FILE_DATA:
                att.data = bytes(buf[ca:cb])
                att.pos = base_pos + ca
            elif cid == S.FILE_DESCRIPTION:
                att.description = E.string(buf, ca, cb)
        out.append(att)


def make_attachment_streams(atts: list, ctx, log) -> None:
    for att in atts:
        if not (att.filename is not None and att.mime is not None and att.data):
            log.error("incomplete attachment\n")
            continue
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
