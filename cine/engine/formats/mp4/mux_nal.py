"""H.264 NAL framing for the MP4 muxer (FFmpeg 5.1.9 libavformat/avc.c behaviour; ISO/IEC
14496-15 5.3.3 AVCDecoderConfigurationRecord): Annex B access units to 4-byte length
prefixes, and an avcC record from Annex B parameter sets."""
from __future__ import annotations

from ...errors import InvalidData


def find_startcode(buf: bytes, start: int, end: int) -> int:
    """ff_avc_find_startcode: the position of the next 00 00 01, or end."""
    i = buf.find(b"\0\0\1", start, end)
    if i < 0:
        return end
    # FFmpeg 5.1.9: a start code preceded by a zero byte starts at that zero
    if i > start and buf[i - 1] == 0:
        return i - 1
    return i


def annexb_to_mp4(data: bytes) -> bytes:
    """ff_avc_parse_nal_units: every NAL unit with a 32-bit size prefix."""
    out = bytearray()
    end = len(data)
    nal_start = find_startcode(data, 0, end)
    while True:
        while nal_start < end:
            b = data[nal_start]
            nal_start += 1
            if b:
                break
        if nal_start >= end:
            break
        # the loop consumed the 01 byte: the NAL starts right after it
        nal_end = find_startcode(data, nal_start, end)
        out += (nal_end - nal_start).to_bytes(4, "big") + data[nal_start:nal_end]
        nal_start = nal_end
    return bytes(out)


def isom_avcc(data: bytes) -> bytes:
    """ff_isom_write_avcc: the record as is, or built from Annex B SPS/PPS NAL units."""
    if len(data) <= 6:
        raise InvalidData("avcC too short")
    if data[:4] != b"\0\0\0\1" and data[:3] != b"\0\0\1":
        return bytes(data)
    buf = annexb_to_mp4(data)
    sps, pps, ext = [], [], []
    pos = 0
    while len(buf) - pos > 4:
        size = min(int.from_bytes(buf[pos:pos + 4], "big"), len(buf) - pos - 4)
        pos += 4
        t = buf[pos] & 0x1F
        unit = buf[pos:pos + size]
        if t == 7:
            sps.append(unit)
        elif t == 8:
            pps.append(unit)
        elif t == 13:
            ext.append(unit)
        pos += size
    if not sps or len(sps[0]) + 2 < 6 or not pps:
        raise InvalidData("no SPS/PPS")
    s0 = sps[0]
    out = bytearray((1, s0[1], s0[2], s0[3], 0xFF, 0xE0 | len(sps)))
    for u in sps:
        out += len(u).to_bytes(2, "big") + u
    out.append(len(pps))
    for u in pps:
        out += len(u).to_bytes(2, "big") + u
    if s0[1] not in (66, 77, 88):
        from ...codecs.h264.sps import parse_sps
        seq = parse_sps(bytes(s0))
        out += bytes((0xFC | seq.chroma_format_idc, 0xF8 | (seq.bit_depth_luma - 8),
                      0xF8 | (seq.bit_depth_chroma - 8), len(ext)))
        for u in ext:
            out += len(u).to_bytes(2, "big") + u
    return bytes(out)
