"""LOAS/LATM framing of AAC for `-mpegts_flags latm` (ISO/IEC 14496-3 1.7.2-1.7.3:
AudioSyncStream, AudioMuxElement with a StreamMuxConfig every smc-interval frames), as FFmpeg
5.1.9's latm muxer writes it for the MPEG-TS muxer's inner AAC context.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...bitstream.bitwriter import BitWriter
from ...errors import AVERROR_INVALIDDATA, CineError, InvalidData

MAX_EXTRADATA_SIZE = 1024
AOT_SBR, AOT_ALS = 5, 36


def _copy_bits(bw: BitWriter, src: bytes, length: int) -> None:
    src = bytes(src) + b"\0\0"
    words, bits = length >> 4, length & 15
    for i in range(words):
        bw.put(16, src[2 * i] << 8 | src[2 * i + 1])
    if bits:
        bw.put(bits, (src[2 * words] << 8 | src[2 * words + 1]) >> (16 - bits))


class LatmFramer:
    def __init__(self, par, log, mod: int = 0x14):
        self.par = par
        self.log = log
        self.mod = mod
        self.counter = 0
        self.off = 0
        self.channel_conf = 0
        self.object_type = 0
        if par.extradata:
            self._decode(par.extradata)

    def _decode(self, data: bytes) -> None:
        from ...codecs.aac.asc import parse_config_gb
        if len(data) > MAX_EXTRADATA_SIZE:
            self.log.error("Extradata is larger than currently supported.\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        try:
            m4ac = parse_config_gb(BitReader(bytes(data)))
        except InvalidData:
            raise CineError(code=AVERROR_INVALIDDATA) from None
        self.off = m4ac.config_bits
        if m4ac.object_type > AOT_SBR and m4ac.object_type != AOT_ALS:
            self.log.error("Muxing MPEG-4 AOT %d in LATM is not supported\n" % m4ac.object_type)
            raise CineError(code=AVERROR_INVALIDDATA)
        self.channel_conf = m4ac.chan_config
        self.object_type = m4ac.object_type

    def _frame_header(self, bw: BitWriter) -> None:
        ex = bytes(self.par.extradata or b"")
        bw.put(1, 1 if self.counter else 0)
        if not self.counter:
            bw.put(1, 0)
            bw.put(1, 1)
            bw.put(6, 0)
            bw.put(4, 0)
            bw.put(3, 0)
            if self.object_type == AOT_ALS:
                start = self.off >> 3
                _copy_bits(bw, ex[start:], (len(ex) - start) * 8)
            else:
                _copy_bits(bw, ex, self.off + 3)
                if not self.channel_conf:
                    from ..adts_mux import copy_pce
                    gb = BitReader(ex + bytes(64), self.off + 3)
                    copy_pce(bw, gb)
            bw.put(3, 0)
            bw.put(8, 0xFF)
            bw.put(1, 0)
            bw.put(1, 0)
        self.counter = (self.counter + 1) % self.mod

    def frame(self, data: bytes) -> bytes:
        size = len(data)
        if size > 0x1FFF:
            self.log.error("LATM packet size larger than maximum size 0x1fff\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        bw = BitWriter()
        self._frame_header(bw)
        i = 0
        while i <= size - 255:
            bw.put(8, 255)
            i += 255
        bw.put(8, size - i)
        if size and data[0] & 0xE1 == 0x81:
            bw.put(8, data[0] & 0xFE)
            _copy_bits(bw, data[1:], 8 * size - 8)
        else:
            _copy_bits(bw, data, 8 * size)
        body = bw.getvalue()
        n = len(body)
        if n > 0x1FFF:
            self.log.error("LATM packet size larger than maximum size 0x1fff\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        return bytes((0x56, 0xE0 | (n >> 8) & 0x1F, n & 0xFF)) + body
