"""Plane layouts of the pixel formats the decode/filter/encode path handles: per plane the
horizontal and vertical chroma shifts and the bytes per pixel (libavutil/pixdesc.c's
log2_chroma_w/h and the packed step), and the helpers built on them (plane sizes, the
av_image_get_buffer_size of a format, a blank picture).

numpy is imported by the functions that make arrays only: this module is cheap to import.
"""
from __future__ import annotations

# name -> ((x_shift, y_shift, bytes_per_pixel) per plane)
LAYOUTS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "yuv420p": ((0, 0, 1), (1, 1, 1), (1, 1, 1)),
    "yuvj420p": ((0, 0, 1), (1, 1, 1), (1, 1, 1)),
    "yuv422p": ((0, 0, 1), (1, 0, 1), (1, 0, 1)),
    "yuvj422p": ((0, 0, 1), (1, 0, 1), (1, 0, 1)),
    "yuv444p": ((0, 0, 1), (0, 0, 1), (0, 0, 1)),
    "yuvj444p": ((0, 0, 1), (0, 0, 1), (0, 0, 1)),
    "yuv440p": ((0, 0, 1), (0, 1, 1), (0, 1, 1)),
    "yuvj440p": ((0, 0, 1), (0, 1, 1), (0, 1, 1)),
    "yuv411p": ((0, 0, 1), (2, 0, 1), (2, 0, 1)),
    "yuv410p": ((0, 0, 1), (2, 2, 1), (2, 2, 1)),
    "gray": ((0, 0, 1),),
    "rgb24": ((0, 0, 3),),
    "bgr24": ((0, 0, 3),),
}

# the full-range ("JPEG") twins of the limited-range yuv formats
JPEG_TWIN = {"yuv420p": "yuvj420p", "yuv422p": "yuvj422p", "yuv444p": "yuvj444p",
             "yuv440p": "yuvj440p"}
DEPRECATED_JPEG = frozenset(JPEG_TWIN.values())


def supported(pix_fmt: str | None) -> bool:
    return pix_fmt in LAYOUTS


def chroma_shifts(pix_fmt: str) -> tuple[int, int]:
    """(log2_chroma_w, log2_chroma_h): 0, 0 for formats without chroma planes."""
    planes = LAYOUTS[pix_fmt]
    return (planes[1][0], planes[1][1]) if len(planes) > 1 else (0, 0)


def plane_sizes(pix_fmt: str, width: int, height: int) -> list[tuple[int, int, int]]:
    """(rows, columns in pixels, bytes per pixel) of each plane; chroma sizes round up
    (AV_CEIL_RSHIFT)."""
    out = []
    for xs, ys, bpp in LAYOUTS[pix_fmt]:
        out.append((-(-height >> ys), -(-width >> xs), bpp))
    return out


def buffer_size(pix_fmt: str, width: int, height: int) -> int:
    """av_image_get_buffer_size(fmt, w, h, 1)."""
    return sum(r * c * b for r, c, b in plane_sizes(pix_fmt, width, height))


def blank_planes(pix_fmt: str, width: int, height: int) -> list:
    import numpy as np
    out = []
    for rows, cols, bpp in plane_sizes(pix_fmt, width, height):
        out.append(np.zeros((rows, cols * bpp), dtype=np.uint8))
    return out


def to_bytes(frame) -> bytes:
    """av_image_copy_to_buffer(align 1): the planes one after the other, rows packed."""
    return b"".join(p.tobytes() for p in frame.planes)
