"""Stereo 3D and spherical-video side data (libavutil's AVStereo3D and AVSphericalMapping as
FFmpeg 5.1.9 lays them out), shared by the demuxers that export them (MP4's st3d/sv3d,
Matroska's StereoMode) and by the stream dump."""
from __future__ import annotations

import struct

from .model import SideData

STEREO3D_NAMES = ("2D", "side by side", "top and bottom", "frame alternate", "checkerboard",
                  "side by side (quincunx subsampling)", "interleaved lines", "interleaved columns")
PROJECTIONS = ("equirectangular", "cubemap", "tiled equirectangular")
EQUIRECTANGULAR, CUBEMAP, EQUIRECTANGULAR_TILE = range(3)
_U32 = (1 << 32) - 1
_U64 = (1 << 64) - 1


def stereo3d_side_data(kind: int, inverted: int = 0) -> SideData:
    """AVStereo3D {type, flags (1: inverted), view (0)} as ffprobe lists it."""
    return SideData("Stereo 3D", [("type", STEREO3D_NAMES[kind]), ("inverted", inverted)],
                    struct.pack("<iii", kind, inverted, 0))


def unpack_spherical(side_data):
    """The AVSphericalMapping fields of the "Spherical Mapping" entry of `side_data`
    (projection, yaw, pitch, roll, left, top, right, bottom, padding), or None."""
    sd = next((x for x in side_data if x.type == "Spherical Mapping"), None)
    if sd is None or len(sd.data) < 36:
        return None
    return struct.unpack_from("<iiiiIIIII", sd.data)


def equirect_projection(left: int, top: int, right: int, bottom: int, log) -> int:
    """The equirectangular kind of a tile's bounds (tiled when any is set), as MP4's equi
    box and Matroska's ProjectionPrivate are read; bounds that overflow the 0.32 range are
    logged and fail the file (InvalidData)."""
    if bottom >= _U32 - top or right >= _U32 - left:
        from .errors import InvalidData
        log.error("Invalid bounding rectangle coordinates %d,%d,%d,%d\n"
                  % (left, top, right, bottom))
        raise InvalidData("spherical bounds")
    return EQUIRECTANGULAR_TILE if (left or top or right or bottom) else EQUIRECTANGULAR


def tile_bounds(width: int, height: int, left: int, top: int, right: int, bottom: int):
    """av_spherical_tile_bounds: a tile's 0.32 fixed-point bounds in pixels of the full
    frame (uint32/uint64 arithmetic); None where the reference would divide by zero."""
    wden = (_U32 - right - left) & _U32
    hden = (_U32 - bottom - top) & _U32
    if not wden or not hden:
        return None
    ow = (width * _U32 // wden) & _U64
    oh = (height * _U32 // hden) & _U64
    lp = ((ow * left + _U32 - 1) & _U64) // _U32
    tp = ((oh * top + _U32 - 1) & _U64) // _U32
    return lp, tp, (ow - width - lp) & _U64, (oh - height - tp) & _U64


def spherical_side_data(projection: int, yaw: int, pitch: int, roll: int, padding: int,
                        bounds: tuple, width: int, height: int) -> SideData:
    """AVSphericalMapping (projection, yaw/pitch/roll in 16.16, the tile's left, top, right
    and bottom bounds in 0.32, cubemap padding) with the fields ffprobe prints for it."""
    left, top, right, bottom = bounds
    fields: list = [("projection", PROJECTIONS[projection])]
    if projection == CUBEMAP:
        fields.append(("padding", padding))
    elif projection == EQUIRECTANGULAR_TILE:
        px = tile_bounds(width, height, left, top, right, bottom) or (0, 0, 0, 0)
        fields += list(zip(("bound_left", "bound_top", "bound_right", "bound_bottom"), px))
    # print_int of the angle as a double: truncated toward zero
    fields += [(name, int(v / 65536)) for name, v in (("yaw", yaw), ("pitch", pitch),
                                                       ("roll", roll))]
    data = struct.pack("<iiiiIIIII", projection, yaw, pitch, roll, left, top, right, bottom,
                       padding)
    return SideData("Spherical Mapping", fields, data)
