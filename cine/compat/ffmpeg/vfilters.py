"""A -vf chain as the engine's filter specs: the graph parsed and checked by
cine.compat.filtergraph (options by canonical name, the reference's errors), each filter's
options typed and its expressions compiled with the expression language (select's and
scale's variables are those of the engine's filters).

build_specs returns (specs, messages) or raises VFilterError with the reference's lines.
"""
from __future__ import annotations

from ...engine.model import Rational

SUPPORTED = ("select", "scale", "fps", "format", "null", "transpose", "hflip", "vflip")
_FOAR = {"disable": 0, "decrease": 1, "increase": 2}
_FPS_NAMES = {"ntsc": Rational(30000, 1001), "pal": Rational(25, 1), "film": Rational(24, 1),
              "ntsc_film": Rational(24000, 1001)}


class VFilterError(Exception):
    def __init__(self, lines, code: int = -22):
        super().__init__(lines)
        self.lines = lines          # [(level, text, component)]
        self.code = code            # the AVERROR the graph's creation failed with


def build_specs(text: str, sws_opts: str | None = None):
    """([(name, options)], [(level, text, component)] to log) for one -vf chain; `sws_opts`
    the output's libswscale options ("sws_flags=neighbor"), which every scale filter without
    a flags option of its own takes (the graph's scale_sws_opts)."""
    from ..filtergraph import FilterGraphError, parse_filter_chain
    try:
        chain = parse_filter_chain(text, "video", sws_opts)
    except FilterGraphError as exc:
        raise VFilterError(list(exc.lines), exc.code or -22) from None
    specs, messages = [], []
    for spec in chain:
        messages.extend(spec.messages)
        if spec.name not in SUPPORTED:
            raise VFilterError(messages + [(16, "cine: the %s filter is not supported (cine "
                                                "has %s)\n" % (spec.name, ", ".join(SUPPORTED)),
                                            None)])
        _scene_check(spec)
        if "enable" in spec.options:
            raise VFilterError(messages + [(16, "cine: the %s filter's timeline ('enable' "
                                                "option) is not supported\n" % spec.name,
                                            spec.context or None)])
        opts = _convert(spec.name, dict(spec.options))
        opts["context"] = spec.context
        specs.append((spec.name, opts))
    return specs, messages


def output_scale(w: int, h: int, sws_opts: dict, context: str):
    """The scale filter ffmpeg appends for an output's -s (its options "W:H" and the
    output's libswscale options)."""
    opts = _convert_rest("scale", dict(sws_opts, w=str(w), h=str(h)))
    opts["context"] = context
    return ("scale", opts)


def _compile(text: str, names):
    from ..expr import compile_expr
    return compile_expr(text, tuple(names))     # (the parser has checked it)


def _convert(name: str, o: dict) -> dict:
    if name == "select":
        from ...engine.filters.select import VAR_NAMES
        return {"expr": _compile(o.get("expr", "1"), VAR_NAMES)}
    return _convert_rest(name, o)


def _scene_check(spec) -> None:
    """select's scene score needs the previous picture's pixels: cine has no scene
    detection yet."""
    if spec.name in ("select", "aselect") and "scene" in spec.options.get("expr", ""):
        raise VFilterError([(16, "cine: select's scene variable (scene change detection) is "
                                 "not supported\n", spec.context or None)])


def _convert_rest(name: str, o: dict) -> dict:
    if name == "scale":
        from ...engine.filters.scale_size import VAR_NAMES
        w, h = o.get("w", "iw"), o.get("h", "ih")
        foar = o.get("force_original_aspect_ratio", "0")
        return {"w": _compile(w, VAR_NAMES), "h": _compile(h, VAR_NAMES), "w_text": w,
                "h_text": h, "flags": scale_method(o.get("flags") or o.get("sws_flags", "")),
                "force_original_aspect_ratio": _FOAR[foar] if foar in _FOAR else int(foar),
                "force_divisible_by": int(o.get("force_divisible_by", "1"))}
    if name == "fps":
        out = {"fps": _rate(o.get("fps", "25")), "round": o.get("round", "near"),
               "eof_action": o.get("eof_action", "round")}
        if "start_time" in o:
            out["start_time"] = float(o["start_time"])
        return out
    if name == "format":
        return {"pix_fmts": o["pix_fmts"].split("|")}
    if name == "transpose":
        from ..filteropts import number
        return {k: round(number("transpose", k, o[k])) for k in ("dir", "passthrough") if k in o}
    return {}


def scale_method(flags: str) -> str:
    """The resampling kernel named in swscale flags (bicubic when none is). scale's own
    flags option wins over libswscale's sws_flags (vf_scale init_dict sets sws_flags from
    it when it is not empty)."""
    for word in flags.replace("-", "+").split("+"):
        if word in ("bicubic", "bilinear", "neighbor", "lanczos", "area", "fast_bilinear"):
            return word
    return "bicubic"


def _rate(text: str) -> Rational:
    """The fps option: a name, or an expression (av_d2q of its value)."""
    if text in _FPS_NAMES:
        return _FPS_NAMES[text]
    from ...engine.timebase import d2q
    names = ("source_fps", "ntsc", "pal", "film", "ntsc_film")
    value = _compile(text, names)(float("nan"), 30000 / 1001, 25.0, 24.0, 24000 / 1001)
    return d2q(value, (1 << 31) - 1)
