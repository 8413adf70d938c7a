"""What libswresample adds to the sample formats (their table is cine.engine.samplefmt):
the check of a name, and swr_init's choice of the internal (planar) format that rematrixing
and resampling work in (libswresample/swresample.c of FFmpeg 5.1.9)."""
from __future__ import annotations

import errno

from ...errors import CineError
from ...samplefmt import SAMPLE_FORMATS, bytes_per_sample

EINVAL = -errno.EINVAL

INTERNAL = ("s16p", "s32p", "s64p", "fltp", "dblp")


def check(fmt: str) -> str:
    if fmt not in SAMPLE_FORMATS:
        raise CineError("sample format %r" % (fmt,), code=EINVAL)
    return fmt


def planar(fmt: str) -> str:
    """av_get_planar_sample_fmt."""
    return fmt if fmt.endswith("p") else fmt + "p"


def choose_internal(in_fmt: str, out_fmt: str, rematrix: bool, resample: bool) -> str:
    """swr_init's default internal format: s16p when both ends have at most 2 bytes (or the
    input has and nothing but a format change happens), s32p for s32 -> s32 with nothing
    else to do, fltp when the input has at most 4 bytes, else dblp."""
    ib, ob = bytes_per_sample(in_fmt), bytes_per_sample(out_fmt)
    if ib <= 2 and ob <= 2:
        return "s16p"
    if ib <= 2 and not rematrix and not resample:
        return "s16p"
    if planar(in_fmt) == "s32p" and planar(out_fmt) == "s32p" and not rematrix and not resample:
        return "s32p"
    if ib <= 4:
        return "fltp"
    return "dblp"
