"""FFmpeg's sample formats as libswresample sees them: bytes per sample, planarity, the
numpy dtype cine stores them in, and swr_init's choice of the internal (planar) format that
rematrixing and resampling work in (libswresample/swresample.c of FFmpeg 5.1.9)."""
from __future__ import annotations

import errno

from ...errors import CineError

EINVAL = -errno.EINVAL

# name -> (bytes per sample, planar, numpy dtype name)
FORMATS: dict[str, tuple[int, bool, str]] = {
    "u8": (1, False, "uint8"), "s16": (2, False, "int16"), "s32": (4, False, "int32"),
    "flt": (4, False, "float32"), "dbl": (8, False, "float64"), "s64": (8, False, "int64"),
    "u8p": (1, True, "uint8"), "s16p": (2, True, "int16"), "s32p": (4, True, "int32"),
    "fltp": (4, True, "float32"), "dblp": (8, True, "float64"), "s64p": (8, True, "int64"),
}

INTERNAL = ("s16p", "s32p", "s64p", "fltp", "dblp")


def check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise CineError("sample format %r" % (fmt,), code=EINVAL)
    return fmt


def bytes_per_sample(fmt: str) -> int:
    return FORMATS[fmt][0]


def is_planar(fmt: str) -> bool:
    return FORMATS[fmt][1]


def dtype(fmt: str):
    import numpy as np
    return np.dtype(FORMATS[fmt][2])


def packed(fmt: str) -> str:
    """av_get_packed_sample_fmt."""
    return fmt[:-1] if fmt.endswith("p") else fmt


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
