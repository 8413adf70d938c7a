"""Render an already-opened FormatContext the way an ffprobe command line would print it
(for the Python API's ProbeResult.to_ffprobe_json)."""
from __future__ import annotations


def render(ctx, options: list[str]) -> str:
    """The stdout of `ffprobe OPTIONS ctx.filename` for this context (sections, no dump)."""
    from .. import log as clog
    from ..probe_opts import parse_args
    from .run import render_sections
    saved = clog.get_level(), clog.get_flags()
    try:
        opts = parse_args(["-v", "quiet", "-hide_banner", *options, ctx.filename])
    finally:
        clog.set_level(saved[0])
        clog.set_flags(saved[1])
    return render_sections(ctx, opts).decode("utf-8", "surrogateescape")


def render_json(ctx) -> str:
    """`ffprobe -of json -show_format -show_streams` output."""
    return render(ctx, ["-of", "json", "-show_format", "-show_streams"])
