"""avpriv_new_chapter (FFmpeg 5.1.9 libavformat/demux_utils.c): add a chapter, or update the
chapter with the same id when the ids seen so far are not increasing."""
from __future__ import annotations

from ..model import Chapter, Rational


def new_chapter(ctx, cid: int, tb: Rational, start: int, end: int | None,
                title: str | None) -> Chapter:
    """The chapter added or updated. FFmpeg 5.1.9: the last chapter with that id is reused, and
    a None title removes an existing title (av_dict_set with a NULL value)."""
    ch = None
    mono = ctx.__dict__.get("_chapter_ids_monotonic", True)
    if not ctx.chapters:
        mono = True
    elif not mono or ctx.chapters[-1].id >= cid:
        for x in ctx.chapters:
            if x.id == cid:
                ch = x
        if ch is None:
            mono = False
    ctx.__dict__["_chapter_ids_monotonic"] = mono
    if ch is None:
        ch = Chapter(cid, tb, start, end)
        ctx.chapters.append(ch)
    ch.tags.set("title", title)
    ch.id = cid
    ch.time_base = tb
    ch.start = start
    ch.end = end
    return ch
