"""Metadata helpers of the Matroska/WebM muxer (FFmpeg 5.1.9 matroskaenc.c behaviour; Matroska
specification "Tags" and "Attachments"): Tag elements with their Targets and SimpleTags, the
ff_mkv_metadata_conv key renames, attachment MIME types, and the time parsing/rescaling the
Info element needs (DateUTC, early Duration).
"""
from __future__ import annotations


from ...model import Tags
from . import mux_ebml as E

# ff_mkv_metadata_conv: (native, generic)
METADATA_CONV = (("LEAD_PERFORMER", "performer"), ("PART_NUMBER", "track"))
# codec descriptors' first MIME type (codec_desc.c), for attachments without a mimetype tag
CODEC_MIME = {"ttf": "application/x-truetype-font", "otf": "application/vnd.ms-opentype",
              "text": "text/plain", "mjpeg": "image/jpeg", "png": "image/png",
              "gif": "image/gif", "bmp": "image/x-ms-bmp", "webp": "image/webp",
              "ass": "text/x-ass", "subrip": "application/x-subrip", "webvtt": "text/vtt"}
# ISO 639-2 terminology codes whose bibliographic code differs (ff_convert_lang_to)
T_TO_B = {"sqi": "alb", "hye": "arm", "eus": "baq", "mya": "bur", "zho": "chi", "ces": "cze",
          "nld": "dut", "fra": "fre", "kat": "geo", "deu": "ger", "ell": "gre", "isl": "ice",
          "mkd": "mac", "mri": "mao", "msa": "may", "fas": "per", "ron": "rum", "slk": "slo",
          "bod": "tib", "cym": "wel"}


def mimetype(st) -> str | None:
    m = st.tags.get("mimetype")
    if m is not None:
        return m
    return CODEC_MIME.get(st.codecpar.codec_name or "")


def conv_tags(tags: Tags) -> Tags:
    """ff_metadata_conv towards Matroska's native names."""
    out = Tags()
    for key, value in tags.items():
        low = key.lower()
        for native, generic in METADATA_CONV:
            if low == generic:
                key = native
                break
        out.set(key, value)
    return out


def check_tag_name(name: str, elementid: int) -> bool:
    low = name.lower()
    if low in ("title", "stereo_mode", "creation_time", "encoding_tool", "duration"):
        return False
    if elementid == E.TARGET_TRACK_UID and low == "language":
        return False
    if elementid == E.TARGET_ATTACH_UID and low in ("filename", "mimetype"):
        return False
    return True


def _lang_b(code: str) -> str | None:
    if len(code) == 3 and code.isascii() and code.isalpha() and code.islower():
        return T_TO_B.get(code, code)
    return None


def simple_tag(key: str, value: str) -> bytes:
    lang = None
    i = key.rfind("-")
    if i >= 0:
        lang = _lang_b(key[i + 1:])
        if lang is not None:
            key = key[:i]
    name = "".join("_" if c == " " else (chr(ord(c) - 32) if "a" <= c <= "z" else c)
                   for c in key)
    body = E.string(E.TAG_NAME, name)
    if lang is not None:
        body += E.string(E.TAG_LANGUAGE, lang)
    body += E.string(E.TAG_STRING, value)
    return E.element(E.SIMPLE_TAG, body)


def tag_element(tags: Tags, reserved: int, elementid: int, uid: int) -> bytes:
    """mkv_write_tag: a Tag (Targets + SimpleTags [+ reserved Void]), or b"" when nothing
    would be written."""
    targets = E.uid(elementid, uid) if elementid else b""
    body = bytearray(E.id_bytes(E.TARGETS) + E.enc_num(len(targets), 1) + targets)
    written = False
    for k, v in tags.items():
        if check_tag_name(k, elementid):
            body += simple_tag(k, v)
            written = True
    if reserved:
        body += E.void(reserved)
    elif not written:
        return b""
    return E.element(E.TAG, bytes(body))


def rescale_rnd(a: int, b: int, c: int) -> int:
    """av_rescale: a * b / c rounded to nearest, halves away from zero."""
    if c <= 0:
        return 0
    if a < 0:
        return -((-a * b + c // 2) // c)
    return (a * b + c // 2) // c


def rescale_q(a: int, tb, den: int) -> int:
    return rescale_rnd(a, tb.num * den, tb.den)


def parse_iso_time(text: str) -> int | None:
    """av_parse_time for a date: microseconds since 1970 (UTC), None when it does not parse."""
    import calendar
    import re                   # (tags only: not paid at start-up)
    m = re.match(r"\s*(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?(?:\.(\d+))?)?\s*([zZ])?\s*$",
                 text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    h = int(m.group(4) or 0)
    mi = int(m.group(5) or 0)
    s = int(m.group(6) or 0)
    frac = (m.group(7) or "")[:6].ljust(6, "0")
    try:
        secs = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    return secs * 1_000_000 + int(frac)


def parse_duration(text: str) -> int | None:
    """av_parse_time(duration=1): [-][HH:]MM:SS[.m...] or [-]S+[.m...][s|ms|us], in us."""
    import re                   # (tags only: not paid at start-up)
    m = re.match(r"\s*(-)?(?:(\d+):)?(\d+):(\d+)(?:\.(\d*))?\s*$", text)
    if m:
        h = int(m.group(2) or 0)
        us = ((h * 60 + int(m.group(3))) * 60 + int(m.group(4))) * 1_000_000
        us += int((m.group(5) or "")[:6].ljust(6, "0") or 0)
        return -us if m.group(1) else us
    m = re.match(r"\s*(-)?(\d+)(?:\.(\d*))?(s|ms|us)?\s*$", text)
    if m:
        us = int(m.group(2)) * 1_000_000 + int((m.group(3) or "")[:6].ljust(6, "0") or 0)
        if m.group(4) == "ms":
            us //= 1000
        elif m.group(4) == "us":
            us //= 1_000_000
        return -us if m.group(1) else us
    return None


def metadata_duration(ctx) -> int:
    """get_metadata_duration: the global DURATION tag, else the largest per-stream one (us)."""
    d = ctx.tags.get("DURATION")
    if d is not None:
        us = parse_duration(d)
        if us is not None and us > 0:
            return us
    best = 0
    for st in ctx.streams:
        d = st.tags.get("DURATION")
        if d is not None:
            us = parse_duration(d)
            if us is not None:
                best = max(best, us)
    return best
