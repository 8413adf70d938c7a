"""The private options of the MP4/MOV/ISMV muxers as av_opt_set_dict2 applies them (FFmpeg
5.1.9 movenc.c `options` table, libavutil/opt.c parsing): each value is checked against its
type and range in the order given, with the reference's error lines, and normalised (numbers
in decimal, flags as one integer) for the muxer to read.
"""
from __future__ import annotations

import errno

from ...errors import CineError
from ...log import Logger
from ..avopt import parse_flags, parse_number

CLASS_NAME = "mov/mp4/tgp/psp/tg2/ipod/ismv/f4v muxer"
INT_MAX = (1 << 31) - 1
BOOL_WORDS = {"auto": -1, "true": 1, "y": 1, "yes": 1, "enable": 1, "on": 1,
              "false": 0, "n": 0, "no": 0, "disable": 0, "off": 0}
# name: (kind, minimum, maximum, named constants)
OPTIONS = {
    "moov_size": ("int", 0, INT_MAX, None), "frag_duration": ("int", 0, INT_MAX, None),
    "min_frag_duration": ("int", 0, INT_MAX, None), "frag_size": ("int", 0, INT_MAX, None),
    "ism_lookahead": ("int", 0, 255, None), "video_track_timescale": ("int", 0, INT_MAX, None),
    "fragment_index": ("int", 1, INT_MAX, None), "frag_interleave": ("int", 0, INT_MAX, None),
    "movie_timescale": ("int", 1, INT_MAX, None),
    "iods_audio_profile": ("int", -1, 255, None), "iods_video_profile": ("int", -1, 255, None),
    "write_prft": ("int", 0, 2, {"wallclock": 1, "pts": 2}),
    "skip_iods": ("bool", 0, 1, None), "use_editlist": ("bool", -1, 1, None),
    "use_stream_ids_as_track_ids": ("bool", 0, 1, None), "write_btrt": ("bool", -1, 1, None),
    "write_tmcd": ("bool", -1, 1, None), "empty_hdlr_name": ("bool", 0, 1, None),
    "mov_gamma": ("float", 0, 10, None),
}


def _fail(mux, name: str, text: str, code: int, msg: str | None = None) -> None:
    log = Logger(CLASS_NAME, mux.log.sink)
    if msg:
        log.error(msg)
    log.error("Error setting option %s to value %s.\n" % (name, text))
    raise CineError(code=code)


def _undefined(mux, name: str, text: str, word: str, rest: str | None = None) -> None:
    """av_expr's error on `word`, then av_opt's on the value from there on (`rest`)."""
    Logger((CLASS_NAME, "Eval"), mux.log.sink).error(
        "Undefined constant or missing '(' in '%s'\n" % word)
    _fail(mux, name, text, -errno.EINVAL, 'Unable to parse option value "%s"\n'
          % (word if rest is None else rest))


def _number(mux, name: str, text: str, consts) -> float:
    d = consts.get(text) if consts else None
    if d is None:
        d = parse_number(text)
    if d is None:
        _undefined(mux, name, text, text)
    return float(d)


def _flags(mux, name: str, text: str) -> int:
    from .mux import FLAGS
    return parse_flags(text, FLAGS, 0, lambda word, rest: _undefined(mux, name, text, word, rest),
                       lambda rest, d: _rejected(mux, name, text, rest, d),
                       {"max": INT_MAX, "min": -INT_MAX - 1})


def _rejected(mux, name: str, text: str, rest: str, d: float) -> None:
    """A flags value that is NaN, or no set of 32-bit flags (av_opt's write_number)."""
    if d != d:
        _fail(mux, name, text, -errno.EINVAL, 'Unable to parse option value "%s"\n' % rest)
    _fail(mux, name, text, -errno.ERANGE, "Value %f for parameter '%s' is not a valid set of "
          "32bit integer flags\n" % (d, name))


def apply_options(mux) -> None:
    """Validate and normalise mux.options in place (av_opt_set_dict2)."""
    for name in list(mux.options):
        text = str(mux.options[name])
        if name == "movflags":
            mux.options[name] = str(_flags(mux, name, text))
            continue
        spec = OPTIONS.get(name)
        if spec is None:
            continue
        kind, lo, hi, consts = spec
        if kind == "bool":
            # set_string_bool: a word or a base-10 integer, out of range reads as unparsable
            d = BOOL_WORDS.get(text.lower())
            if d is None:
                import re
                d = int(text) if re.fullmatch(r"\s*[+-]?\d+", text) else None
            if d is None or not lo <= d <= hi:
                _fail(mux, name, text, -errno.EINVAL,
                      'Unable to parse option value "%s" as boolean\n' % text)
        else:
            d = _number(mux, name, text, consts)
        if d != d or d < lo or d > hi:
            _fail(mux, name, text, -errno.ERANGE,
                  "Value %f for parameter '%s' out of range [%g - %g]\n" % (d, name, lo, hi))
        if kind == "float":
            mux.options[name] = repr(d)
        else:
            mux.options[name] = str(int(round(d)))
