"""The ADTS muxer (FFmpeg 5.1.9 libavformat/adtsenc.c behaviour; ISO/IEC 13818-7 6.2 / 14496-3
1.A.2): every AAC access unit gets a 7-byte ADTS header (no CRC) derived from the stream's
AudioSpecificConfig; a program_config_element is sent with the first frame when the config has
channel configuration 0. Packets are written as they are when there is no config (the input was
already ADTS). The ID3v2 and APE tag options are off by default and not implemented.
"""
from __future__ import annotations

import errno

from ..bitstream.bitreader import BitReader
from ..bitstream.bitwriter import BitWriter
from ..errors import AVERROR_INVALIDDATA, CineError, InvalidData, Unsupported
from .base import Muxer

ADTS_HEADER_SIZE = 7
ADTS_MAX_FRAME_BYTES = (1 << 14) - 1


def copy_pce(pb: BitWriter, gb: BitReader) -> int:
    """ff_copy_pce_data: copy a program_config_element bit for bit; returns its bit count."""
    start = pb.count

    def cp(n):
        v = gb.u(n)
        pb.put(n, v)
        return v
    cp(10)
    five = cp(4) + cp(4) + cp(4)
    four = cp(2) + cp(3)
    five += cp(4)
    if cp(1):
        cp(4)
    if cp(1):
        cp(4)
    if cp(1):
        cp(3)
    bits = five * 5 + four * 4
    while bits > 16:
        cp(16)
        bits -= 16
    if bits:
        cp(bits)
    pb.align()
    gb.pos = (gb.pos + 7) & ~7
    comment = cp(8)
    for _ in range(comment):
        cp(8)
    return pb.count - start


class AdtsMuxer(Muxer):
    codec_tags = None

    def init(self) -> None:
        o = self.options
        self.write_adts = False
        self.pce = b""
        self.mpeg_id = 1 if o.get("write_mpeg2") in ("1", "true") else 0
        if o.get("write_id3v2") in ("1", "true") or o.get("write_apetag") in ("1", "true"):
            raise Unsupported("ADTS ID3v2/APE tags are not implemented")
        par = self.ctx.streams[0].codecpar
        if par.codec_name != "aac":
            self.log.error("Only AAC streams can be muxed by the ADTS muxer\n")
            raise CineError(code=-errno.EINVAL)
        if par.extradata:
            self._decode_config(par.extradata)

    def _decode_config(self, data: bytes) -> None:
        from ..codecs.aac.asc import parse_config_gb
        gb = BitReader(bytes(data))
        try:
            m4ac = parse_config_gb(gb)
        except InvalidData:
            raise CineError(code=AVERROR_INVALIDDATA) from None
        gb = BitReader(bytes(data), m4ac.config_bits)
        self.objecttype = m4ac.object_type - 1
        self.sr_index = m4ac.sampling_index
        self.chan_conf = m4ac.chan_config
        log = self.log
        if not 0 <= self.objecttype <= 3:
            log.error("MPEG-4 AOT %d is not allowed in ADTS\n" % (self.objecttype + 1))
            raise CineError(code=AVERROR_INVALIDDATA)
        if self.sr_index == 15:
            log.error("Escape sample rate index illegal in ADTS\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        try:
            if gb.u(1):
                log.error("960/120 MDCT window is not allowed in ADTS\n")
                raise CineError(code=AVERROR_INVALIDDATA)
            if gb.u(1):
                log.error("Scalable configurations are not allowed in ADTS\n")
                raise CineError(code=AVERROR_INVALIDDATA)
            if gb.u(1):
                log.error("Extension flag is not allowed in ADTS\n")
                raise CineError(code=AVERROR_INVALIDDATA)
            if not self.chan_conf:
                pb = BitWriter()
                pb.put(3, 5)                       # ID_PCE
                n = copy_pce(pb, gb)
                self.pce = pb.getvalue()[:(n + 3) // 8]
        except InvalidData:
            raise CineError(code=AVERROR_INVALIDDATA) from None
        self.write_adts = True

    def _header(self, size: int) -> bytes:
        full = ADTS_HEADER_SIZE + size + len(self.pce)
        if full > ADTS_MAX_FRAME_BYTES:
            self.log.error("ADTS frame size too large: %u (max %d)\n" % (full, ADTS_MAX_FRAME_BYTES))
            raise CineError(code=AVERROR_INVALIDDATA)
        pb = BitWriter()
        pb.put(12, 0xFFF)
        pb.put(1, self.mpeg_id)
        pb.put(2, 0)
        pb.put(1, 1)
        pb.put(2, self.objecttype)
        pb.put(4, self.sr_index)
        pb.put(1, 0)
        pb.put(3, self.chan_conf)
        pb.put(1, 0)
        pb.put(1, 0)
        pb.put(1, 0)
        pb.put(1, 0)
        pb.put(13, full)
        pb.put(11, 0x7FF)
        pb.put(2, 0)
        return pb.getvalue()

    def write_packet(self, pkt) -> None:
        if not pkt.data:
            return
        par = self.ctx.streams[0].codecpar
        if not par.extradata:
            for sd in pkt.side_data:
                if sd.type in ("New Extradata", "new_extradata") and sd.data:
                    self._decode_config(sd.data)
                    par.extradata = bytes(sd.data)
        if self.write_adts:
            self.pb.write(self._header(len(pkt.data)))
            if self.pce:
                self.pb.write(self.pce)
                self.pce = b""
        self.pb.write(pkt.data)
