"""VP8 stream facts after avformat_find_stream_info: what FFmpeg 5.1.9's native vp8 decoder
takes from the first key frame (RFC 6386 section 9.1 frame tag, 9.2 colour space and clamping
through the boolean decoder of section 7): profile, size, yuv420p, colour range.
"""
from __future__ import annotations

from ...errors import InvalidData

START_CODE = b"\x9d\x01\x2a"


class BoolDecoder:
    """RFC 6386 section 7.3 boolean entropy decoder (only the first few bits are needed)."""

    def __init__(self, data: bytes):
        if len(data) < 2:
            raise InvalidData("VP8 partition too small")
        self.data = data
        self.value = data[0] << 8 | data[1]
        self.pos = 2
        self.range = 255
        self.bit_count = 0

    def bool(self, prob: int) -> int:
        split = 1 + (((self.range - 1) * prob) >> 8)
        big = split << 8
        if self.value >= big:
            bit = 1
            self.range -= split
            self.value -= big
        else:
            bit = 0
            self.range = split
        while self.range < 128:
            self.value = (self.value << 1) & 0xFFFF
            self.range <<= 1
            self.bit_count += 1
            if self.bit_count == 8:
                self.bit_count = 0
                if self.pos < len(self.data):
                    self.value |= self.data[self.pos]
                self.pos += 1
        return bit


def parse_keyframe(frame: bytes) -> dict | None:
    """Profile, and for key frames size and full-range flag; None for a too-short frame."""
    if len(frame) < 3:
        return None
    tag = frame[0] | frame[1] << 8 | frame[2] << 16
    out = {"profile": (tag >> 1) & 7}
    if tag & 1:
        return out
    if len(frame) < 10 or frame[3:6] != START_CODE:
        raise InvalidData("Invalid start code")
    out["width"] = (frame[6] | frame[7] << 8) & 0x3FFF
    out["height"] = (frame[8] | frame[9] << 8) & 0x3FFF
    bd = BoolDecoder(frame[10:])
    bd.bool(128)                    # color_space
    out["full_range"] = bd.bool(128)
    return out


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # FFmpeg 5.1.9: the native decoder's init already sets yuv420p (find_stream_info opens
    # it even when no packet arrives)
    par.format = "yuv420p"
    for pkt in packets:
        try:
            hdr = parse_keyframe(pkt.data)
        except InvalidData:
            continue
        if hdr is None:
            continue
        par.profile = hdr["profile"]
        if "width" in hdr:
            par.format = "yuv420p"
            if hdr["width"] and hdr["height"]:
                par.width, par.height = hdr["width"], hdr["height"]
            # FFmpeg 5.1.9: the decoder's colour range/space never reach the stream
            # parameters during probing (observed); only the container's Colour counts
            break
    if packets and par.field_order is None:
        # FFmpeg 5.1.9: the vp8 parser reports progressive frames (parser.c FILL)
        par.field_order = "progressive"
    par.coded_width, par.coded_height = par.width, par.height
    par.refs = 1
