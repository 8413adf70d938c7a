"""-autorotate (FFmpeg 5.1.9 fftools: get_rotation in cmdutils.c, configure_input_video_filter
in ffmpeg_filter.c, init_output_stream in ffmpeg.c): a decoded stream whose display matrix
turns or mirrors the picture gets the filters that undo it at the head of its graph, and
the encoded stream's copy of the matrix is reset to no rotation.

The angle is the matrix's rotation (av_display_rotation_get) negated and rounded to whole
degrees, brought into [0, 360); 90 and 270 transpose (with the flip the matrix's second
column asks for), 180 mirrors in each direction the matrix mirrors, 0 with a mirrored y axis
is a vertical flip. Other angles would need the rotate filter, which cine lacks.
"""
from __future__ import annotations

import math
import struct

from ..errors import Unsupported

DISPLAY_MATRIX = "Display Matrix"
CPB_PROPERTIES = "CPB properties"
_ODD_ANGLE = ("Odd rotation angle.\nIf you want to help, upload a sample of this file to "
              "https://streams.videolan.org/upload/ and contact the ffmpeg-devel mailing "
              "list. (ffmpeg-devel@ffmpeg.org)")
# transpose's directions
_CCLOCK_FLIP, _CLOCK, _CCLOCK, _CLOCK_FLIP = 0, 1, 2, 3


def display_matrix(side_data) -> list[int] | None:
    """The nine int32 values of a stream's display matrix side data, or None."""
    for sd in side_data:
        if sd.type == DISPLAY_MATRIX and len(sd.data) >= 36:
            return list(struct.unpack_from("<9i", sd.data))
    return None


def display_rotation(m: list[int]) -> float:
    """av_display_rotation_get: the counter-clockwise angle in degrees (NaN if degenerate)."""
    fp = [v / 65536.0 for v in m]
    s0 = math.hypot(fp[0], fp[3])
    s1 = math.hypot(fp[1], fp[4])
    if s0 == 0.0 or s1 == 0.0:
        return math.nan
    return -(math.atan2(fp[1] / s1, fp[0] / s0) * 180 / math.pi)


def _c_round(x: float) -> float:
    """C's round(): halves away from zero."""
    r = math.floor(abs(x))
    if abs(x) - r >= 0.5:
        r += 1
    return math.copysign(r, x)


def rotation(m: list[int] | None) -> tuple[float, bool]:
    """get_rotation: (theta in degrees, whether the reference warns of an odd angle)."""
    angle = display_rotation(m) if m is not None else 0.0
    if math.isnan(angle):
        return angle, False
    theta = -_c_round(angle)
    theta -= 360 * math.floor(theta / 360 + 0.9 / 360)
    return theta, abs(theta - 90 * _c_round(theta / 90)) > 2


def rotation_filters(m: list[int] | None, log) -> list:
    """The filter specs inserted before the stream's own chain (logging get_rotation's
    warning); Unsupported where the reference would use the rotate filter."""
    theta, odd = rotation(m)
    if odd:
        log.warning(_ODD_ANGLE)
    if abs(theta - 90) < 1.0:
        return [("transpose", {"dir": _CCLOCK_FLIP if m[3] > 0 else _CLOCK})]
    if abs(theta - 180) < 1.0:
        return ([("hflip", {})] if m[0] < 0 else []) + ([("vflip", {})] if m[4] < 0 else [])
    if abs(theta - 270) < 1.0:
        return [("transpose", {"dir": _CLOCK_FLIP if m[3] < 0 else _CCLOCK})]
    if abs(theta) > 1.0:
        raise Unsupported("cine: the display matrix rotates the video by %f degrees: the "
                          "rotate filter this needs is not supported (-noautorotate keeps "
                          "the picture as stored)" % theta)
    if abs(theta) < 1.0 and m is not None and m[4] < 0:
        return [("vflip", {})]
    return []


def encoded_side_data(src_side_data, autorotate: bool) -> list:
    """The input stream's side data as an encoded output stream gets it: all but the CPB
    properties, the display matrix reset to no rotation when autorotation applies."""
    import copy
    from ..formats.mp4.moov import display_matrix_side_data
    out = []
    for sd in src_side_data:
        if sd.type == CPB_PROPERTIES:
            continue
        if autorotate and sd.type == DISPLAY_MATRIX:
            out.append(display_matrix_side_data([65536, 0, 0, 0, 65536, 0, 0, 0, 1 << 30]))
        else:
            out.append(copy.deepcopy(sd))
    return out


def input_matrix(st, input_options: dict) -> list[int] | None:
    """The display matrix a decoded stream is autorotated by: None when it has none or the
    input's options turn autorotation off for it (options["noautorotate"]: stream indexes)."""
    if st.index in input_options.get("noautorotate", ()):
        return None
    return display_matrix(st.side_data)
