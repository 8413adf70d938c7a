"""The HDR side data of a Matroska video track's Colour element, as FFmpeg 5.1.9's
mkv_parse_video_color exports it: "Content light level metadata" when MaxCLL and MaxFALL
are both set, then "Mastering display metadata" when all eight chromaticities are positive
(the primaries) or LuminanceMin is present, non-negative and below LuminanceMax (the
luminance range); the element's doubles become rationals with av_d2q."""
from __future__ import annotations

import struct

from ...model import SideData
from ...timebase import d2q

INT_MAX = (1 << 31) - 1
_PRIMARIES = ("r_x", "r_y", "g_x", "g_y", "b_x", "b_y", "white_x", "white_y")
_NAMES = ("red_x", "red_y", "green_x", "green_y", "blue_x", "blue_y",
          "white_point_x", "white_point_y")


def hdr_side_data(max_cll: int, max_fall: int, mastering) -> list[SideData]:
    """The side data entries of one Colour element (`mastering`: its MasteringMetadata
    record, None when absent)."""
    out = []
    if max_cll and max_fall:
        # AVContentLightMetadata: unsigned MaxCLL, MaxFALL
        cll, fall = max_cll & 0xFFFFFFFF, max_fall & 0xFFFFFFFF
        out.append(SideData("Content light level metadata",
                            [("max_content", cll), ("max_average", fall)],
                            struct.pack("<II", cll, fall)))
    if mastering is None:
        return out
    prim = [getattr(mastering, name) for name in _PRIMARIES]
    has_primaries = all(v > 0 for v in prim)
    lo, hi = mastering.min_luminance, mastering.max_luminance
    has_luminance = hi > lo and lo >= 0 and bool(mastering.min_luminance_count)
    if not (has_primaries or has_luminance):
        return out
    # AVMasteringDisplayMetadata, zeroed: display_primaries[3][2], white_point[2],
    # min_luminance, max_luminance (AVRationals), has_primaries, has_luminance
    ints = [0] * 20
    fields = []
    if has_primaries:
        for i, (name, v) in enumerate(zip(_NAMES, prim)):
            q = d2q(v, INT_MAX)
            ints[2 * i], ints[2 * i + 1] = q.num, q.den
            fields.append((name, "%d/%d" % (q.num, q.den)))
    if has_luminance:
        for i, (name, v) in enumerate((("min_luminance", lo), ("max_luminance", hi)), 8):
            q = d2q(v, INT_MAX)
            ints[2 * i], ints[2 * i + 1] = q.num, q.den
            fields.append((name, "%d/%d" % (q.num, q.den)))
    out.append(SideData("Mastering display metadata", fields,
                        struct.pack("<22i", *ints, int(has_primaries), int(has_luminance))))
    return out
