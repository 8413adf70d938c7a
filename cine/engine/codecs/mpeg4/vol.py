"""MPEG-4 Part 2 configuration headers (ISO/IEC 14496-2 6.2.2-6.2.3): visual object sequence
(profile/level), visual object (video signal type) and video object layer (size, aspect
ratio, low_delay), read from the start-code delimited bytes before the first VOP."""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader
from ...errors import InvalidData
from .. import colour

VOS_STARTCODE, VISUAL_OBJ_STARTCODE, VOP_STARTCODE = 0x1B0, 0x1B5, 0x1B6
SIMPLE_VO_TYPE, ADV_SIMPLE_VO_TYPE = 1, 17
EXTENDED_PAR = 15
# Table 6-12 (shared with H.263 Table 5)
PIXEL_ASPECT = ((0, 1), (1, 1), (12, 11), (10, 11), (16, 11), (40, 33)) + ((0, 1),) * 10


class Mpeg4Headers(Record):
    profile: int | None = None
    level: int | None = None
    color_range: str | None = None
    color_primaries: str | None = None
    color_transfer: str | None = None
    color_space: str | None = None
    colour_set: bool = False
    colour_desc: bool = False
    vo_type: int = 0
    sar: tuple[int, int] | None = None
    low_delay: int = 0
    vol_control_parameters: bool = False
    width: int = 0
    height: int = 0
    has_vol: bool = False
    studio: bool = False

    def __init__(self, profile=None, level=None, color_range=None, color_primaries=None,
                 color_transfer=None, color_space=None, colour_set=False, colour_desc=False,
                 vo_type=0, sar=None, low_delay=0, vol_control_parameters=False, width=0, height=0,
                 has_vol=False, studio=False):
        self.profile = profile
        self.level = level
        self.color_range = color_range
        self.color_primaries = color_primaries
        self.color_transfer = color_transfer
        self.color_space = color_space
        self.colour_set = colour_set
        self.colour_desc = colour_desc
        self.vo_type = vo_type
        self.sar = sar
        self.low_delay = low_delay
        self.vol_control_parameters = vol_control_parameters
        self.width = width
        self.height = height
        self.has_vol = has_vol
        self.studio = studio


def start_codes(data: bytes):
    """(code, offset of the payload) for each 00 00 01 xx start code."""
    i = data.find(b"\x00\x00\x01")
    while 0 <= i and i + 3 < len(data):
        yield 0x100 | data[i + 3], i + 4
        i = data.find(b"\x00\x00\x01", i + 3)


def _visual_object(br: BitReader, h: Mpeg4Headers) -> None:
    if br.u(1):
        br.u(7)
    vot = br.u(4)
    if vot in (1, 2) and br.u(1):        # video ID / still texture, video_signal_type
        br.u(3)
        full = br.u(1)
        desc = br.u(1)
        h.color_range = colour.colour_range(full)
        h.colour_set = True
        if desc:
            h.colour_desc = True
            h.color_primaries = colour.primaries(br.u(8))
            h.color_transfer = colour.transfer(br.u(8))
            h.color_space = colour.space(br.u(8))


def _vol(br: BitReader, h: Mpeg4Headers, first_picture: bool) -> None:
    br.u(1)
    h.vo_type = br.u(8)
    if h.vo_type in (14, 15):           # studio VO types
        h.studio = True
        return
    if br.u(1):                          # is_object_layer_identifier
        vo_ver_id = br.u(4)
        br.u(3)                          # video_object_layer_priority
    else:
        vo_ver_id = 1
    ar = br.u(4)
    if ar == EXTENDED_PAR:
        h.sar = (br.u(8), br.u(8))
    else:
        h.sar = PIXEL_ASPECT[ar]
    h.vol_control_parameters = bool(br.u(1))
    if h.vol_control_parameters:
        br.u(2)
        h.low_delay = br.u(1)
        if br.u(1):
            br.skip(15 + 1 + 15 + 1 + 15 + 1 + 3 + 11 + 1 + 15 + 1)
    elif first_picture:
        h.low_delay = 1 if h.vo_type in (SIMPLE_VO_TYPE, ADV_SIMPLE_VO_TYPE) else 0
    shape = br.u(2)
    if shape == 3 and vo_ver_id != 1:
        br.u(4)
    br.u(1)
    rate = br.u(16)
    if not rate:
        raise InvalidData("framerate==0")
    bits = max((rate - 1).bit_length(), 1)
    br.u(1)
    if br.u(1):
        br.u(bits)
    if shape != 2 and shape == 0:
        br.u(1)
        w = br.u(13)
        br.u(1)
        hgt = br.u(13)
        if w and hgt:
            h.width, h.height = w, hgt
    h.has_vol = True


def parse_headers(data: bytes, h: Mpeg4Headers | None = None, first_picture: bool = True) -> Mpeg4Headers:
    """Parse every configuration header in data up to the first VOP."""
    h = h or Mpeg4Headers()
    vol_seen = False
    for code, off in start_codes(data):
        if code == VOP_STARTCODE:
            break
        br = BitReader(data[off:off + 256])
        try:
            if 0x120 <= code <= 0x12F:
                if vol_seen:
                    continue
                vol_seen = True
                _vol(br, h, first_picture)
            elif code == VOS_STARTCODE:
                p, lv = br.u(4), br.u(4)
                if p == 0 and lv == 8:
                    lv = 0
                h.profile, h.level = p, lv
            elif code == VISUAL_OBJ_STARTCODE:
                _visual_object(br, h)
        except InvalidData:
            continue
    return h
