"""Render an already-opened FormatContext the way an ffprobe command line would print it
(for the Python API's ProbeResult.to_ffprobe_json and the native face)."""
from __future__ import annotations

from ..writers import base as wbase
from . import fields as F
from . import run
from .sections import Selection


def render(ctx, options: list[str]) -> str:
    """The stdout of `ffprobe OPTIONS ctx.filename` for this context (sections, not the dump)."""
    from .. import log as clog
    from ..probe_opts import parse_args
    from ..writers import writer_class
    saved = clog.get_level(), clog.get_flags()
    try:
        opts = parse_args(["-v", "quiet", "-hide_banner", *options, ctx.filename])
    finally:
        clog.set_level(saved[0])
        clog.set_flags(saved[1])
    sel = Selection(opts.entries)
    flags = run._Flags(opts, sel)
    cls = writer_class(opts.print_format or "default")
    writer = cls(sel, lambda comp, lvl, msg: None, getattr(opts, "show_optional_fields", wbase.OPTIONAL_AUTO))
    writer.configure(opts.writer_args, {"show_private_data": opts.show_private_data,
                                        "unit": opts.unit, "prefix": opts.prefix})
    probe = run._Probe(opts, writer, flags, F.FieldOptions.from_options(opts, None))
    n = len(ctx.streams)
    probe.selected = [True] * n
    probe.nb_packets = [0] * n
    probe.nb_frames = [0] * n
    writer.header("root")
    if flags.programs:
        probe.show_programs(ctx)
    if flags.streams:
        probe.show_streams(ctx)
    if flags.chapters:
        probe.show_chapters(ctx)
    if flags.format:
        probe.show_format(ctx)
    writer.footer()
    out = writer.getvalue()
    return out.decode("utf-8", "surrogateescape") if isinstance(out, bytes) else out


def render_json(ctx) -> str:
    """`ffprobe -of json -show_format -show_streams` output."""
    return render(ctx, ["-of", "json", "-show_format", "-show_streams"])
