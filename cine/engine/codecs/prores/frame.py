"""Apple ProRes frame header (SMPTE RDD 36 5.1-5.2): size, chroma format, alpha, colour."""
from __future__ import annotations

from ...record import Record
from ...errors import InvalidData


class FrameHeader(Record):
    width: int
    height: int
    chroma_444: bool
    interlace_mode: int
    alpha_info: int
    colour_primaries: int
    transfer_characteristic: int
    matrix_coefficients: int

    def __init__(self, width, height, chroma_444, interlace_mode, alpha_info, colour_primaries,
                 transfer_characteristic, matrix_coefficients):
        self.width = width
        self.height = height
        self.chroma_444 = chroma_444
        self.interlace_mode = interlace_mode
        self.alpha_info = alpha_info
        self.colour_primaries = colour_primaries
        self.transfer_characteristic = transfer_characteristic
        self.matrix_coefficients = matrix_coefficients


def parse_frame(data: bytes) -> FrameHeader:
    """Parse a ProRes frame (frame size, 'icpf', then the frame header)."""
    if len(data) < 28 or data[4:8] != b"icpf":
        raise InvalidData("invalid frame header")
    buf = data[8:]
    hdr_size = int.from_bytes(buf[0:2], "big")
    if hdr_size > len(buf):
        raise InvalidData("error, wrong header size")
    if int.from_bytes(buf[2:4], "big") > 1:
        raise InvalidData("unsupported version")
    alpha = buf[17] & 0xF
    if alpha > 2:
        raise InvalidData("Invalid alpha mode %d" % alpha)
    return FrameHeader(
        width=int.from_bytes(buf[8:10], "big"), height=int.from_bytes(buf[10:12], "big"),
        chroma_444=(buf[12] & 0xC0) == 0xC0, interlace_mode=(buf[12] >> 2) & 3,
        alpha_info=alpha, colour_primaries=buf[14], transfer_characteristic=buf[15],
        matrix_coefficients=buf[16])
