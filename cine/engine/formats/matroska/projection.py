"""A Matroska video track's Projection element as FFmpeg 5.1.9's mkv_parse_video_projection
reads it: "Spherical Mapping" side data for the equirectangular (with a 20-byte
ProjectionPrivate: tile bounds) and cubemap (12 bytes: layout 0 and padding) types; the
rectangular type gives none, unknown versions, layouts and types a warning and none,
malformed private data fails the file (InvalidData)."""
from __future__ import annotations

import struct

from ...errors import InvalidData
from ...spherical import CUBEMAP, equirect_projection, spherical_side_data



def _fixed(angle: float) -> int:
    """(int32_t)(angle * (1 << 16)): truncated; x86's INT32_MIN out of range."""
    v = angle * 65536
    return int(v) if -2147483649 < v < 2147483648 else -(1 << 31)


def projection_side_data(proj, width: int, height: int, log):
    """The SideData of a Projection record (None when absent or not exported)."""
    if proj is None or not proj.type:
        return None
    priv = proj.private or b""
    if priv and priv[0] != 0:
        log.warning("Unknown spherical metadata\n")
        return None
    padding, bounds = 0, (0, 0, 0, 0)
    if proj.type == 1:
        if len(priv) == 20:
            top, bottom, left, right = struct.unpack_from(">4I", priv, 4)
            bounds = (left, top, right, bottom)
        elif priv:
            log.error("Unknown spherical metadata\n")
            raise InvalidData("projection private")
        kind = equirect_projection(*bounds, log)
    elif proj.type == 2:
        if len(priv) < 4:
            log.error("Missing projection private properties\n")
            raise InvalidData("projection private")
        if len(priv) != 12:
            log.error("Unknown spherical metadata\n")
            raise InvalidData("projection private")
        layout, padding = struct.unpack_from(">2I", priv, 4)
        if layout:
            log.warning("Unknown spherical cubemap layout %d\n" % layout)
            return None
        kind = CUBEMAP
    else:
        log.warning("Unknown spherical metadata type %d\n" % proj.type)
        return None
    return spherical_side_data(kind, _fixed(proj.yaw), _fixed(proj.pitch), _fixed(proj.roll),
                               padding, bounds, width, height)
