"""The per-stream options of an encoded audio output stream (-af, -ar, -ac, -sample_fmt) as
the engine's Job takes them. A -af chain becomes the engine's audio filters: the graph parsed
and checked by cine.compat.filtergraph (options by canonical name, the reference's errors),
each filter's options typed (aresample's libswresample options by name, volume's factor
evaluated with the expression language).

build_afilters returns (filters, messages) or raises VFilterError with the reference's lines.
"""
from __future__ import annotations

from .vfilters import VFilterError

SUPPORTED = ("aresample", "aformat", "anull", "volume", "pan")
# libswresample options aresample hands on, by canonical name -> the value's type
_SWR_INT = {"filter_size": "filter_size", "phase_shift": "phase_shift",
            "linear_interp": "linear_interp", "exact_rational": "exact_rational",
            "osr": "out_sample_rate", "out_sample_rate": "out_sample_rate",
            "dither_method": "dither_method", "matrix_encoding": "matrix_encoding",
            "resampler": "resampler", "async": "async", "first_pts": "first_pts"}
_SWR_FLOAT = {"cutoff": "cutoff", "resample_cutoff": "cutoff", "clev": "center_mix_level",
              "center_mix_level": "center_mix_level", "slev": "surround_mix_level",
              "surround_mix_level": "surround_mix_level", "lfe_mix_level": "lfe_mix_level",
              "rmvol": "rematrix_volume", "rematrix_volume": "rematrix_volume",
              "rematrix_maxval": "rematrix_maxval", "kaiser_beta": "kaiser_beta",
              "min_comp": "min_comp"}


def audio_stream_options(o, ost, octx) -> dict:
    """The engine options of one encoded audio output stream."""
    from .. import log as clog
    from ..optable import ExitProgram
    from .mapping import match_per_stream
    st = octx.streams[ost.index]
    opts = {}
    if ost.filters is not None:
        from .transcode_run import deferred_chain
        opts["afilters"] = deferred_chain(ost.filters, build_afilters)
    for name, key in (("ar", "sample_rate"), ("ac", "channels")):
        value = match_per_stream(o.spec_values(name), octx, st)
        if value is not None:
            n = _number_or_die(name, value)
            if n:
                opts[key] = n
    fmt = match_per_stream(o.spec_values("sample_fmt"), octx, st)
    if fmt is not None:
        from ...engine.samplefmt import SAMPLE_FORMATS
        if fmt not in SAMPLE_FORMATS:
            clog.log(clog.FATAL, "Invalid sample format '%s'\n" % fmt)
            raise ExitProgram(1)
        opts["sample_fmt"] = fmt
    return opts


def _number_or_die(name: str, text: str) -> int:
    """-ar/-ac are OPT_INT|OPT_SPEC: parse_number_or_die's checks and messages."""
    from ..optable import INT_MAX, INT_MIN, OPT_INT, parse_number_or_die
    return int(parse_number_or_die(name, text, OPT_INT, INT_MIN, INT_MAX))


def build_afilters(text: str):
    """([engine audio filter], [(level, text, component)] to log) for one -af chain."""
    from ..filtergraph import FilterGraphError, parse_filter_chain
    try:
        chain = parse_filter_chain(text, "audio")
    except FilterGraphError as exc:
        raise VFilterError(list(exc.lines)) from None
    filters, messages = [], []
    for spec in chain:
        messages.extend(spec.messages)
        if spec.name not in SUPPORTED:
            raise VFilterError(messages + [(16, "cine: the %s filter is not supported (cine "
                                                "has %s)\n" % (spec.name, ", ".join(SUPPORTED)),
                                            None)])
        filters.append(_make(spec.name, dict(spec.options), spec.context))
    return filters, messages


def _make(name: str, o: dict, context):
    from ...engine.filters import audio_filters as af
    if name == "aresample":
        return _aresample(o, context)
    if name == "aformat":
        return af.AFormat(_split(o.get("sample_fmts")),
                          tuple(int(r) for r in _split(o.get("sample_rates")) or ()) or None,
                          _layouts(o.get("channel_layouts")))
    if name == "volume":
        return _volume(o, context)
    if name == "pan":
        from ...engine.filters.pan import Pan
        spec = o["pan"]                 # (filtergraph's init_pan parsed it)
        return Pan(spec.layout, spec.channels, spec.gains, spec.renorm, spec.named_inputs,
                   spec.pure(), context)
    return af.ANull()


def _split(text):
    if not text:
        return None
    return tuple(t for t in text.replace(",", "|").split("|") if t)


def _layouts(text):
    names = _split(text)
    if not names:
        return None
    from ...engine.chlayout import default_layout, describe, mask_of
    out = []
    for n in names:
        if n.endswith("c") and n[:-1].isdigit():
            out.append(default_layout(int(n[:-1])) or n)
        else:
            mask = mask_of(n)
            out.append(describe(mask) if mask else n)
    return tuple(out)


def _aresample(o: dict, context):
    from ...engine.filters.audio_filters import AResample
    from ..filteropts import number
    rate = int(number("aresample", "sample_rate", o["sample_rate"])) if "sample_rate" in o else 0
    opts = {}
    for key, value in o.items():
        if key in _SWR_INT:
            opts[_SWR_INT[key]] = value if key in ("resampler", "dither_method",
                                                   "matrix_encoding") else _int(value)
        elif key in _SWR_FLOAT:
            opts[_SWR_FLOAT[key]] = float(value)
        elif key != "sample_rate":
            raise VFilterError([(16, "cine: aresample's option %s is not supported\n" % key,
                                 context or None)])
    if opts.get("out_sample_rate"):
        rate = opts.pop("out_sample_rate")
    for unsupported in ("async", "first_pts", "min_comp"):
        if opts.get(unsupported):
            raise VFilterError([(16, "cine: aresample's %s (timestamp compensation) is not "
                                     "supported\n" % unsupported, context or None)])
    return AResample(rate or None, opts)


def _int(text: str) -> int:
    try:
        return int(text, 0)
    except ValueError:
        return int(float(text))


def _volume(o: dict, context):
    from ...engine.filters.audio_filters import Volume
    from ..expr import ExprError, compile_expr
    if o.get("precision", "float") not in ("float", "1") or o.get("eval", "once") not in ("once", "0"):
        raise VFilterError([(16, "cine: volume supports precision=float and eval=once only\n",
                             context or None)])
    names = ("n", "nb_channels", "nb_consumed_samples", "nb_samples", "pos", "pts",
             "sample_rate", "startpts", "startt", "t", "tb", "volume")
    try:
        f = compile_expr(o.get("volume", "1.0"), names)
    except ExprError as exc:
        raise VFilterError([(16, line + "\n", context or None) for line in exc.lines]) from None
    nan = float("nan")
    value = f(0, nan, 0, nan, nan, nan, nan, nan, nan, nan, nan, nan)
    return Volume(value)
