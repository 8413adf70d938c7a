"""Opus packet framing (RFC 6716 3.1-3.2; self-delimited framing of multistream packets,
RFC 6716 Appendix B) as the reference's packet parser reads it."""
from __future__ import annotations

from ...errors import InvalidData

MAX_FRAME_BYTES = 1275
MAX_FRAMES = 48
MAX_PACKET_DURATION = 5760          # 120 ms at 48 kHz

MODE_SILK, MODE_HYBRID, MODE_CELT = 0, 1, 2
BW_NB, BW_MB, BW_WB, BW_SWB, BW_FB = 0, 1, 2, 3, 4

# frame duration in 48 kHz samples per configuration number (TOC bits 3-7)
FRAME_DURATION = (480, 960, 1920, 2880) * 3 + (480, 960) * 2 + (120, 240, 480, 960) * 4
# per TOC byte: the packet's samples for frame count codes 0-2, the frame size for code 3
_TOC_SAMPLES = tuple(FRAME_DURATION[toc >> 3] * (1, 2, 2, 1)[toc & 3] for toc in range(256))


def packet_samples(buf, start: int, end: int) -> int:
    """Samples (48 kHz) of the Opus packet buf[start:end] (end > start) from its TOC byte
    and, for code 3, its frame count (RFC 6716 3.1), read in place; -1 when a code-3 packet
    lacks its count byte."""
    toc = buf[start]
    if toc & 3 != 3:
        return _TOC_SAMPLES[toc]
    if end - start < 2:
        return -1
    return _TOC_SAMPLES[toc] * (buf[start + 1] & 0x3F)


class OpusPacket:
    """One (sub)packet: its configuration and where its frames are."""
    __slots__ = ("config", "stereo", "code", "mode", "bandwidth", "frame_duration", "frames",
                 "packet_size", "data_size")

    def __init__(self, config, stereo, code, frames, packet_size, data_size):
        self.config = config
        self.stereo = stereo
        self.code = code
        self.frames = frames                # [(offset, size)] within the packet
        self.packet_size = packet_size      # bytes this subpacket spans
        self.data_size = data_size          # packet_size less the padding
        self.frame_duration = FRAME_DURATION[config]
        if config < 12:
            self.mode, self.bandwidth = MODE_SILK, config >> 2
        elif config < 16:
            self.mode, self.bandwidth = MODE_HYBRID, BW_SWB + (config >= 14)
        else:
            bw = (config - 16) >> 2
            self.mode, self.bandwidth = MODE_CELT, bw + 1 if bw else 0

    @property
    def samples(self) -> int:
        return self.frame_duration * len(self.frames)


def _lacing16(data: bytes, pos: int, end: int) -> tuple[int, int]:
    if pos >= end:
        raise InvalidData("opus frame length")
    val = data[pos]
    pos += 1
    if val >= 252:
        if pos >= end:
            raise InvalidData("opus frame length")
        val += 4 * data[pos]
        pos += 1
    return val, pos


def _lacing_full(data: bytes, pos: int, end: int) -> tuple[int, int]:
    val = 0
    while True:
        if pos >= end:
            raise InvalidData("opus padding length")
        nxt = data[pos]
        pos += 1
        val += nxt
        if nxt < 255:
            return val, pos
        val -= 1


def parse_packet(data: bytes, start: int, size: int, self_delimited: bool) -> OpusPacket:
    """The subpacket at data[start:start + size]; offsets are absolute in `data`.
    Raises InvalidData where the reference fails to parse it."""
    if size < 1:
        raise InvalidData("opus packet")
    pos, end = start, start + size
    toc = data[pos]
    pos += 1
    code, stereo, config = toc & 3, (toc >> 2) & 1, toc >> 3
    if code >= 2 and size < 2:
        raise InvalidData("opus packet")
    padding = 0
    frames = []
    if code == 0:
        if self_delimited:
            n, pos = _lacing16(data, pos, end)
            if n > end - pos:
                raise InvalidData("opus packet")
            end = pos + n
        if end - pos > MAX_FRAME_BYTES:
            raise InvalidData("opus packet")
        frames.append((pos, end - pos))
    elif code == 1:
        if self_delimited:
            n, pos = _lacing16(data, pos, end)
            if 2 * n > end - pos:
                raise InvalidData("opus packet")
            end = pos + 2 * n
        total = end - pos
        if total & 1 or total >> 1 > MAX_FRAME_BYTES:
            raise InvalidData("opus packet")
        frames = [(pos, total >> 1), (pos + (total >> 1), total >> 1)]
    elif code == 2:
        first, pos = _lacing16(data, pos, end)
        if self_delimited:
            n, pos = _lacing16(data, pos, end)
            if n + first > end - pos:
                raise InvalidData("opus packet")
            end = pos + first + n
        second = end - pos - first
        if second < 0 or second > MAX_FRAME_BYTES:
            raise InvalidData("opus packet")
        frames = [(pos, first), (pos + first, second)]
    else:
        byte = data[pos]
        pos += 1
        count, has_padding, vbr = byte & 0x3F, (byte >> 6) & 1, byte >> 7
        if count == 0 or count > MAX_FRAMES:
            raise InvalidData("opus packet")
        if has_padding:
            padding, pos = _lacing_full(data, pos, end)
        if vbr:
            sizes = []
            for _ in range(count - 1):
                n, pos = _lacing16(data, pos, end)
                sizes.append(n)
            total = sum(sizes)
            if self_delimited:
                n, pos = _lacing16(data, pos, end)
                if n + total + padding > end - pos:
                    raise InvalidData("opus packet")
                end = pos + total + n + padding
            last = end - pos - padding
            if total > last:
                raise InvalidData("opus packet")
            sizes.append(last - total)
        else:
            if self_delimited:
                n, pos = _lacing16(data, pos, end)
                if count * n + padding > end - pos:
                    raise InvalidData("opus packet")
                end = pos + count * n + padding
            else:
                n = end - pos - padding
                if n < 0 or n % count or n // count > MAX_FRAME_BYTES:
                    raise InvalidData("opus packet")
                n //= count
            sizes = [n] * count
        for n in sizes:
            frames.append((pos, n))
            pos += n
    packet = OpusPacket(config, stereo, code, frames, end - start, end - start - padding)
    if packet.samples > MAX_PACKET_DURATION:
        raise InvalidData("opus packet")
    return packet
