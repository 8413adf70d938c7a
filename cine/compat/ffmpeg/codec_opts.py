"""The codec options of one input or output file: which of them each stream takes, and the
check of the ones no stream took (FFmpeg 5.1.9 fftools/cmdutils.c filter_codec_opts;
fftools/ffmpeg_opt.c strip_specifiers and the ends of open_input_file / open_output_file).

Option data (flags, help texts, the codecs' private classes) is generated from the reference's
help listings: cine/compat/avoptions_codec.py and cine/compat/avoptions_private.py.
"""
from __future__ import annotations

from functools import lru_cache

from .. import log as clog
from ..optable import ExitProgram

_PREFIX = {"video": "v", "audio": "a", "subtitle": "s"}
_TYPE_FLAG = {"video": "V", "audio": "A", "subtitle": "S"}


def dict_set(d: dict, key: str, value: str | None) -> None:
    """av_dict_set on an insertion-ordered dict: a key already there (matched ignoring case)
    leaves its slot to the last entry; the new value (none for None) goes to the end."""
    folded = key.lower()
    items = list(d.items())
    for i, (k, _) in enumerate(items):
        if k.lower() == folded:
            items[i] = items[-1]
            items.pop()
            d.clear()
            d.update(items)
            break
    if value is not None:
        d[key] = value


@lru_cache(maxsize=None)
def _class_options(index: int) -> dict[str, tuple[str, ...]]:
    from ..avoptions_private import CLASSES
    out: dict[str, tuple[str, ...]] = {}
    for word in CLASSES[index].split():
        name, flags = word.rsplit(":", 1)
        out[name] = out.get(name, ()) + (flags,)
    return out


def _private_has(codec: str, encoding: bool, name: str, need: str) -> bool:
    from ..avoptions_private import DECODERS, ENCODERS
    index = (ENCODERS if encoding else DECODERS).get(codec, -1)
    if index < 0:
        return False
    return any(all(c in flags for c in need) for flags in _class_options(index).get(name, ()))


def _context_has(name: str, need: str) -> bool:
    from ..avoptions_codec import CONTEXT
    entry = CONTEXT.get(name)
    return entry is not None and all(c in entry[0] for c in need)


def decoder(codec_name: str | None, forced: str | None) -> str | None:
    """choose_decoder: the decoder -c names (find_codec_or_die: a decoder name, or a codec
    name that stands for the codec's decoder), else avcodec_find_decoder for the stream's
    codec; None where the reference has no decoder."""
    from ..avoptions_private import DECODERS, DEFAULT_DECODER, NO_DECODER
    if forced in DECODERS:
        return forced
    name = forced or codec_name
    if name is None or name in NO_DECODER or name == "none":
        return None
    return DEFAULT_DECODER.get(name, name)


def find_encoder(name: str) -> str:
    """find_codec_or_die / avcodec_find_encoder: an encoder name, or a codec name that stands
    for the codec's first encoder."""
    from ..avoptions_private import DEFAULT_ENCODER, ENCODERS
    return name if name in ENCODERS else DEFAULT_ENCODER.get(name, name)


def filter_codec_opts(opts: dict, ctx, st, codec: str | None, encoding: bool) -> dict:
    """The options of `opts` stream `st` of `ctx` takes, with the ':spec' removed: those whose
    specifier matches and that AVCodecContext or the codec's private class has with the
    stream's direction and media type; with no codec (stream copy, no decoder) all of them."""
    from .mapping import check_specifier
    kind = st.codecpar.codec_type
    need = ("E" if encoding else "D") + _TYPE_FLAG.get(kind, "")
    prefix = _PREFIX.get(kind)
    out: dict = {}
    for key, value in opts.items():
        name, sep, spec = key.partition(":")
        if sep:
            found = check_specifier(ctx, st, spec)
            if found < 0:
                raise ExitProgram(1)
            if not found:
                continue
        if _context_has(name, need) or codec is None or _private_has(codec, encoding, name, need):
            dict_set(out, name, value)
        elif name[:1] == prefix and _context_has(name[1:], need):
            dict_set(out, name[1:], value)
    return out


def _first_option(name: str) -> tuple[str, str] | None:
    """av_opt_find(AVCodecContext, SEARCH_CHILDREN | FAKE_OBJ): the codecs' private classes
    in av_codec_iterate order first, then the context's own options."""
    from ..avoptions_codec import CHILD_FIRST, CONTEXT
    return CHILD_FIRST.get(name) or CONTEXT.get(name)


def check_unused(opts: dict, used: list[dict], file_index: int, filename: str,
                 output: bool) -> None:
    """The reference's check at the end of open_input_file / open_output_file: an option no
    stream took is an error when it is not a decoding (encoding) option, else a warning;
    names the format layer also has are left alone."""
    from ..avoptions import FORMAT
    unused: dict = {}
    for key, value in opts.items():
        dict_set(unused, key.split(":", 1)[0], value)
    for taken in used:
        for key in taken:
            dict_set(unused, key, None)
    where = "%s file #%d (%s)" % ("output" if output else "input", file_index, filename)
    for key in unused:
        option = _first_option(key)
        if option is None or key in FORMAT:
            continue
        flags, text = option
        if ("E" if output else "D") not in flags:
            clog.log(clog.ERROR, "Codec AVOption %s (%s) specified for %s is not %s option.\n"
                     % (key, text, where, "an encoding" if output else "a decoding"))
            raise ExitProgram(1)
        if output and key == "gop_timecode":     # set by ffmpeg itself, not always used
            continue
        clog.log(clog.WARNING, "Codec AVOption %s (%s) specified for %s has not been used for "
                 "any stream. The most likely reason is either wrong type (e.g. a video option "
                 "with no video streams) or that it is a private option of some %s which was "
                 "not actually used for any stream.\n"
                 % (key, text, where, "encoder" if output else "decoder"))
