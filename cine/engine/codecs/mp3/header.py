"""MPEG audio frame header (ISO/IEC 11172-3 2.4.1.3 / 2.4.2.3, ISO/IEC 13818-3 2.4.2.3 and
the MPEG-2.5 extension): version, layer, rate, channels, bit rate, frame size and samples.
"""
from __future__ import annotations

from ...record import Record

_BITRATES = {  # kbit/s by (lsf, layer), index 1..14 (index 0 = free format)
    (0, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (0, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (0, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (1, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (1, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (1, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = (44100, 48000, 32000)
MODE_MONO = 3


class MpaHeader(Record):
    version: int          # 1 (MPEG-1), 2 (MPEG-2), 25 (MPEG-2.5)
    layer: int
    lsf: int
    protection: int
    bitrate_index: int
    sample_rate: int
    padding: int
    mode: int
    mode_ext: int
    bit_rate: int         # bit/s; 0 for free format
    frame_size: int       # bytes; 0 for free format
    channels: int

    def __init__(self, version, layer, lsf, protection, bitrate_index, sample_rate, padding, mode,
                 mode_ext, bit_rate, frame_size, channels):
        self.version = version
        self.layer = layer
        self.lsf = lsf
        self.protection = protection
        self.bitrate_index = bitrate_index
        self.sample_rate = sample_rate
        self.padding = padding
        self.mode = mode
        self.mode_ext = mode_ext
        self.bit_rate = bit_rate
        self.frame_size = frame_size
        self.channels = channels

    @property
    def samples(self) -> int:
        """Samples per channel in one frame (the decoder's frame_size)."""
        if self.layer == 1:
            return 384
        if self.layer == 2:
            return 1152
        return 576 if self.lsf else 1152

    @property
    def codec_name(self) -> str:
        return ("mp1", "mp2", "mp3")[self.layer - 1]


def check_header(h: int) -> bool:
    """ff_mpa_check_header: sync, a valid version (not the reserved 01), layer, bitrate
    index and rate index."""
    return ((h & 0xFFE00000) == 0xFFE00000 and (h >> 19) & 3 != 1 and (h >> 17) & 3 != 0
            and (h >> 12) & 0xF != 0xF and (h >> 10) & 3 != 3)


def decode_header(h: int) -> MpaHeader | None:
    """The fields of a 32-bit header word, or None when it is not a valid header."""
    if not check_header(h):
        return None
    if h & (1 << 20):
        lsf = 0 if h & (1 << 19) else 1
        version = 1 if not lsf else 2
        mpeg25 = 0
    else:
        lsf, version, mpeg25 = 1, 25, 1
    layer = 4 - ((h >> 17) & 3)
    rate = _RATES[(h >> 10) & 3] >> (lsf + mpeg25)
    bri = (h >> 12) & 0xF
    padding = (h >> 9) & 1
    mode = (h >> 6) & 3
    kbps = _BITRATES[(lsf, layer)][bri]
    if kbps:
        br = kbps * 1000
        if layer == 1:
            size = (12 * br // rate + padding) * 4
        elif layer == 2:
            size = 144 * br // rate + padding
        else:
            size = (144 * br) // (rate << lsf) + padding
    else:
        br = size = 0
    return MpaHeader(version, layer, lsf, ((h >> 16) & 1) ^ 1, bri, rate, padding, mode,
                     (h >> 4) & 3, br, size, 1 if mode == MODE_MONO else 2)


def parse(data: bytes) -> MpaHeader | None:
    if len(data) < 4:
        return None
    return decode_header(int.from_bytes(bytes(data[:4]), "big"))
