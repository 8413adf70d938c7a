"""Audio sample formats (libavutil/samplefmt.c of FFmpeg 5.1.9): names, the numpy dtype cine
holds their samples in, bytes per sample, planarity. Stdlib only (numpy imported on use)."""
from __future__ import annotations

# name -> (numpy dtype string, bytes per sample), in AVSampleFormat order
SAMPLE_FORMATS = {
    "u8": ("u1", 1), "s16": ("i2", 2), "s32": ("i4", 4), "flt": ("f4", 4), "dbl": ("f8", 8),
    "u8p": ("u1", 1), "s16p": ("i2", 2), "s32p": ("i4", 4), "fltp": ("f4", 4), "dblp": ("f8", 8),
    "s64": ("i8", 8), "s64p": ("i8", 8),
}


def is_planar(name: str) -> bool:
    return name.endswith("p")


def packed(name: str) -> str:
    """av_get_packed_sample_fmt."""
    return name[:-1] if name.endswith("p") else name


def bytes_per_sample(name: str) -> int:
    return SAMPLE_FORMATS[name][1]


def dtype(name: str):
    import numpy as np
    return np.dtype(SAMPLE_FORMATS[name][0])
