"""The frame rate a video decoder/parser learns from the bitstream of an AVI stream, as the
decoder time base find_stream_info's r_frame_rate fallback uses: MPEG-1/2 sequence header
(+ sequence_extension, ISO/IEC 13818-2 6.2.2.1/6.2.2.3) and the MPEG-4 Part 2 VOL's
vop_time_increment_resolution / fixed_vop_time_increment (ISO/IEC 14496-2 6.2.3).
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import CineError
from ...model import Rational
from ...timebase import reduce

# ISO/IEC 11172-2 frame_rate_code -> frames per second (num, den)
_MPEG12_RATES = {1: (24000, 1001), 2: (24, 1), 3: (25, 1), 4: (30000, 1001), 5: (30, 1),
                 6: (50, 1), 7: (60000, 1001), 8: (60, 1)}


def mpeg12_time_base(data: bytes) -> Rational | None:
    """1 / (2 * frame rate) (ticks_per_frame 2) from a sequence header in data; None without."""
    i = data.find(b"\x00\x00\x01\xb3")
    if i < 0 or i + 8 > len(data):
        return None
    rate = _MPEG12_RATES.get(data[i + 7] & 0x0F)
    if rate is None:
        return None
    num, den = rate
    j = data.find(b"\x00\x00\x01\xb5", i + 8)
    if j >= 0 and j + 10 <= len(data) and data[j + 4] >> 4 == 1:
        b = data[j + 9]
        num *= ((b >> 5) & 3) + 1
        den *= (b & 0x1F) + 1
    return reduce(den, num * 2, 1 << 30)


def mpeg4_time_base(data: bytes) -> Rational | None:
    """1 / frame rate (ticks_per_frame 1) from the first video_object_layer header in data;
    None without one or when it cannot be read."""
    i = 0
    while True:
        i = data.find(b"\x00\x00\x01", i)
        if i < 0 or i + 4 > len(data):
            return None
        code = data[i + 3]
        if code == 0xB6:                 # a VOP: no VOL before it
            return None
        if 0x20 <= code <= 0x2F:
            try:
                return _vol_rate(data[i + 4:])
            except CineError:
                return None
        i += 3


def _vol_rate(body: bytes) -> Rational | None:
    br = BitReader(body)
    br.u(1)                              # random_accessible_vol
    br.u(8)                              # video_object_type_indication
    ver_id = 1
    if br.u(1):                          # is_object_layer_identifier
        ver_id = br.u(4)
        br.u(3)
    if br.u(4) == 15:                    # aspect_ratio_info: extended PAR
        br.u(8)
        br.u(8)
    if br.u(1):                          # vol_control_parameters
        br.u(3)
        if br.u(1):                      # vbv_parameters
            br.skip(79)
    shape = br.u(2)
    if shape == 3 and ver_id != 1:
        br.u(4)
    br.u(1)
    res = br.u(16)
    if not res:
        return None
    bits = max((res - 1).bit_length(), 1)
    br.u(1)
    inc = br.u(bits) if br.u(1) else 1
    if not inc:
        return None
    return reduce(inc, res, 1 << 30)
