"""MPEG-1/2 video sequence-level headers (ISO/IEC 13818-2 6.2.2): sequence header, sequence
extension, sequence display extension, picture header vbv_delay and A/53 caption user data.

Only the fields libavcodec's mpeg12 decoder and mpegvideo parser act on are kept.
"""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader

SEQ_START = 0xB3
EXT_START = 0xB5
USER_START = 0xB2
PICTURE_START = 0x00
SLICE_MIN, SLICE_MAX = 0x01, 0xAF


class SequenceInfo(Record):
    width: int = 0
    height: int = 0
    aspect_ratio_info: int = 0
    frame_rate_index: int = 0
    bit_rate: int = 0                 # in units of 400 bit/s, with the extension's high bits
    vbv_buffer_size: int = 0          # in units of 16 kbit (with extension)
    mpeg2: bool = False
    profile: int = -99
    level: int = -99
    progressive_sequence: bool = True
    chroma_format: int = 1
    low_delay: bool = False
    colour_description: bool = False
    colour_primaries: int = 2
    transfer: int = 2
    matrix: int = 2
    display_width: int = 0            # pan_scan size (16 * display size, as libavcodec keeps it)
    display_height: int = 0
    vbv_delay: int | None = None      # the first picture header's vbv_delay
    closed_captions: bool = False
    field_order: str | None = None    # the first picture coding extension's, as the parser says

    def __init__(self, width=0, height=0, aspect_ratio_info=0, frame_rate_index=0, bit_rate=0,
                 vbv_buffer_size=0, mpeg2=False, profile=-99, level=-99, progressive_sequence=True,
                 chroma_format=1, low_delay=False, colour_description=False, colour_primaries=2,
                 transfer=2, matrix=2, display_width=0, display_height=0, vbv_delay=None,
                 closed_captions=False, field_order=None):
        self.width = width
        self.height = height
        self.aspect_ratio_info = aspect_ratio_info
        self.frame_rate_index = frame_rate_index
        self.bit_rate = bit_rate
        self.vbv_buffer_size = vbv_buffer_size
        self.mpeg2 = mpeg2
        self.profile = profile
        self.level = level
        self.progressive_sequence = progressive_sequence
        self.chroma_format = chroma_format
        self.low_delay = low_delay
        self.colour_description = colour_description
        self.colour_primaries = colour_primaries
        self.transfer = transfer
        self.matrix = matrix
        self.display_width = display_width
        self.display_height = display_height
        self.vbv_delay = vbv_delay
        self.closed_captions = closed_captions
        self.field_order = field_order


def start_codes(data: bytes):
    """(code, offset of the payload after the 4-byte start code) for each start code."""
    i = data.find(b"\x00\x00\x01")
    n = len(data)
    while 0 <= i and i + 3 < n:
        yield data[i + 3], i + 4
        i = data.find(b"\x00\x00\x01", i + 3)


def _payload(data: bytes, off: int) -> bytes:
    end = data.find(b"\x00\x00\x01", off)
    return data[off:] if end < 0 else data[off:end]


def parse_sequence_header(p: bytes, info: SequenceInfo) -> bool:
    if len(p) < 8:
        return False
    br = BitReader(p)
    info.width = br.u(12)
    info.height = br.u(12)
    info.aspect_ratio_info = br.u(4)
    info.frame_rate_index = br.u(4)
    info.bit_rate = br.u(18)
    br.u(1)
    info.vbv_buffer_size = br.u(10)
    return True


def parse_extension(p: bytes, info: SequenceInfo) -> None:
    if not p:
        return
    ext = p[0] >> 4
    if ext == 1 and len(p) >= 6:
        br = BitReader(p)
        br.u(4)
        br.u(1)                                   # profile_and_level escape
        info.profile = br.u(3)
        info.level = br.u(4)
        info.progressive_sequence = br.flag()
        info.chroma_format = br.u(2) or 1         # FFmpeg 5.1.9: 0 is reset to 4:2:0
        hext, vext = br.u(2), br.u(2)
        info.width |= hext << 12
        info.height |= vext << 12
        info.bit_rate += br.u(12) << 18
        br.u(1)
        info.vbv_buffer_size += br.u(8) << 10
        info.low_delay = br.flag()
        info.mpeg2 = True
    elif ext == 2 and len(p) >= 5:
        br = BitReader(p)
        br.u(4)
        br.u(3)                                   # video_format
        if br.flag():
            if len(p) < 8:
                return
            info.colour_description = True
            info.colour_primaries, info.transfer, info.matrix = br.u(8), br.u(8), br.u(8)
        w = br.u(14)
        br.u(1)
        h = br.u(14)
        info.display_width, info.display_height = 16 * w, 16 * h
    elif ext == 8 and len(p) >= 5 and info.field_order is None:
        tff, progressive_frame = p[3] & 0x80, p[4] & 0x80
        if not info.progressive_sequence and not progressive_frame:
            info.field_order = "tt" if tff else "bb"
        else:
            info.field_order = "progressive"


def is_a53_cc(p: bytes) -> bool:
    """A/53 part 4 caption data (or SCTE-20) in user data: what makes the decoder flag CC."""
    if len(p) >= 6 and p[:4] == b"GA94" and p[4] == 3 and p[5] & 0x40:
        cc_count = p[5] & 0x1F
        return cc_count > 0 and len(p) >= 7 + cc_count * 3
    return False


def scan(packets, max_packets: int = 8) -> SequenceInfo | None:
    """The first sequence header with its extensions, the first picture's vbv_delay and
    whether caption user data appears in the first packets; None without a sequence header."""
    info: SequenceInfo | None = None
    for pkt in packets[:max_packets]:
        data = pkt if isinstance(pkt, (bytes, bytearray)) else pkt.data
        after_seq = False
        for code, off in start_codes(data):
            if code == SEQ_START:
                if info is None:
                    info = SequenceInfo()
                    after_seq = parse_sequence_header(_payload(data, off), info)
                else:
                    after_seq = False
            elif code == EXT_START and info is not None:
                p = _payload(data, off)
                if after_seq or (p and p[0] >> 4 == 8):
                    parse_extension(p, info)
            elif code == PICTURE_START:
                after_seq = False
                if info is not None and info.vbv_delay is None and off + 4 <= len(data):
                    b = data[off:off + 4]
                    info.vbv_delay = ((b[1] & 7) << 13) | (b[2] << 5) | (b[3] >> 3)
            elif code == USER_START:
                if info is not None and is_a53_cc(_payload(data, off)):
                    info.closed_captions = True
            elif SLICE_MIN <= code <= SLICE_MAX:
                break
    return info
