"""Channel layouts: channel bit masks, the named layouts of FFmpeg 5.1.9 (libavutil
channel_layout.c) and av_channel_layout_describe's text ("stereo", "5.1(side)",
"3 channels (FL+FR+TC)").

A layout is carried in the model as the described string (CodecParameters.channel_layout);
None means AV_CHANNEL_ORDER_UNSPEC (ffprobe then prints "unknown" as an optional field and
the stderr dump "N channels"). Stdlib only: this module is on the probe path.
"""
from __future__ import annotations

# Channel ids (enum AVChannel) in bit order, with their short names.
CHANNEL_NAMES: dict[int, str] = {
    0: "FL", 1: "FR", 2: "FC", 3: "LFE", 4: "BL", 5: "BR", 6: "FLC", 7: "FRC", 8: "BC",
    9: "SL", 10: "SR", 11: "TC", 12: "TFL", 13: "TFC", 14: "TFR", 15: "TBL", 16: "TBC",
    17: "TBR", 29: "DL", 30: "DR", 31: "WL", 32: "WR", 33: "SDL", 34: "SDR", 35: "LFE2",
    36: "TSL", 37: "TSR", 38: "BFC", 39: "BFL", 40: "BFR",
}

FL, FR, FC, LFE, BL, BR, FLC, FRC, BC, SL, SR, TC = (1 << i for i in range(12))
TFL, TFC, TFR, TBL, TBC, TBR = (1 << i for i in range(12, 18))
DL, DR, WL, WR, SDL, SDR, LFE2 = (1 << i for i in range(29, 36))
TSL, TSR, BFC, BFL, BFR = (1 << i for i in range(36, 41))

MONO = FC
STEREO = FL | FR
L2POINT1 = STEREO | LFE
L2_1 = STEREO | BC
SURROUND = STEREO | FC
L3POINT1 = SURROUND | LFE
L4POINT0 = SURROUND | BC
L4POINT1 = L4POINT0 | LFE
L2_2 = STEREO | SL | SR
QUAD = STEREO | BL | BR
L5POINT0 = SURROUND | SL | SR
L5POINT1 = L5POINT0 | LFE
L5POINT0_BACK = SURROUND | BL | BR
L5POINT1_BACK = L5POINT0_BACK | LFE
L6POINT0 = L5POINT0 | BC
L6POINT0_FRONT = L2_2 | FLC | FRC
HEXAGONAL = L5POINT0_BACK | BC
L6POINT1 = L5POINT1 | BC
L6POINT1_BACK = L5POINT1_BACK | BC
L6POINT1_FRONT = L6POINT0_FRONT | LFE
L7POINT0 = L5POINT0 | BL | BR
L7POINT0_FRONT = L5POINT0 | FLC | FRC
L7POINT1 = L5POINT1 | BL | BR
L7POINT1_WIDE = L5POINT1 | FLC | FRC
L7POINT1_WIDE_BACK = L5POINT1_BACK | FLC | FRC
OCTAGONAL = L5POINT0 | BL | BC | BR
HEXADECAGONAL = OCTAGONAL | WL | WR | TBL | TBR | TBC | TFC | TFL | TFR
STEREO_DOWNMIX = DL | DR
L22POINT2 = (L5POINT1_BACK | FLC | FRC | BC | LFE2 | SL | SR | TFL | TFR | TFC | TC | TBL
             | TBR | TSL | TSR | TBC | BFC | BFL | BFR)

# channel_layout_map of 5.1.9, in its order (describe takes the first match, default the
# first layout with the requested channel count).
NAMED_LAYOUTS: tuple[tuple[str, int], ...] = (
    ("mono", MONO), ("stereo", STEREO), ("2.1", L2POINT1), ("3.0", SURROUND),
    ("3.0(back)", L2_1), ("4.0", L4POINT0), ("quad", QUAD), ("quad(side)", L2_2),
    ("3.1", L3POINT1), ("5.0", L5POINT0_BACK), ("5.0(side)", L5POINT0), ("4.1", L4POINT1),
    ("5.1", L5POINT1_BACK), ("5.1(side)", L5POINT1), ("6.0", L6POINT0),
    ("6.0(front)", L6POINT0_FRONT), ("hexagonal", HEXAGONAL), ("6.1", L6POINT1),
    ("6.1(back)", L6POINT1_BACK), ("6.1(front)", L6POINT1_FRONT), ("7.0", L7POINT0),
    ("7.0(front)", L7POINT0_FRONT), ("7.1", L7POINT1), ("7.1(wide)", L7POINT1_WIDE_BACK),
    ("7.1(wide-side)", L7POINT1_WIDE), ("octagonal", OCTAGONAL),
    ("hexadecagonal", HEXADECAGONAL), ("downmix", STEREO_DOWNMIX), ("22.2", L22POINT2),
)

_BY_NAME = {name: mask for name, mask in NAMED_LAYOUTS}


def nb_channels(mask: int) -> int:
    """Number of channels in a native-order mask."""
    return bin(mask & ((1 << 64) - 1)).count("1")


def channel_name(channel: int) -> str:
    """av_channel_name: "FL", "AMBI3", "NONE" or "USR<n>"."""
    if 0x400 <= channel <= 0x7FF:
        return "AMBI%d" % (channel - 0x400)
    name = CHANNEL_NAMES.get(channel)
    if name is not None:
        return name
    if channel == -1:
        return "NONE"
    return "USR%d" % channel


def describe(mask: int) -> str:
    """av_channel_layout_describe for a native-order layout given by its mask."""
    mask &= (1 << 64) - 1
    for name, m in NAMED_LAYOUTS:
        if m == mask:
            return name
    n = nb_channels(mask)
    if not n:
        return "0 channels"
    names = [channel_name(i) for i in range(64) if mask >> i & 1]
    return "%d channels (%s)" % (n, "+".join(names))


def describe_unspec(channels: int) -> str:
    """av_channel_layout_describe for AV_CHANNEL_ORDER_UNSPEC (the stderr dump's text)."""
    return "%d channels" % channels


def mask_of(name: str | None) -> int | None:
    """The mask of a named layout ("5.1(side)"), or None when it is not one."""
    if name is None:
        return None
    return _BY_NAME.get(name)


def default_mask(channels: int) -> int | None:
    """av_channel_layout_default: the first named layout with that many channels, or None
    (the layout is then unspecified)."""
    for _name, m in NAMED_LAYOUTS:
        if nb_channels(m) == channels:
            return m
    return None


def default_layout(channels: int) -> str | None:
    """av_channel_layout_default as the described string (None = unspecified)."""
    m = default_mask(channels)
    return None if m is None else describe(m)


def layout_from_mask(mask: int) -> tuple[int, str | None]:
    """av_channel_layout_from_mask: (channels, described layout); a zero mask leaves the
    layout unspecified with no channels."""
    if not mask:
        return 0, None
    return nb_channels(mask), describe(mask)
