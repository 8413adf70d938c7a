"""aac_adtstoasc (FFmpeg 5.1.9 libavcodec/aac_adtstoasc_bsf.c behaviour): strips the ADTS
header (ISO/IEC 13818-7 6.2) from each AAC frame and sends an AudioSpecificConfig
(ISO/IEC 14496-3 1.6.2.1) built from the first header as "New Extradata" side data."""
from __future__ import annotations

from ..errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError, InvalidData
from ..model import SideData
from .bitreader import BitReader
from .bitwriter import BitWriter
from .bsf import Bsf, with_data

ADTS_HEADER_SIZE = 7
RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
         7350, 0, 0, 0)


class AacAdtsToAsc(Bsf):
    name = "aac_adtstoasc"

    def __init__(self, stream, log):
        super().__init__(stream, log)
        self.has_extradata = bool(stream.codecpar.extradata)
        self.first_done = False
        if self.has_extradata:
            from ..codecs.aac.asc import parse_config
            try:
                parse_config(bytes(stream.codecpar.extradata))
            except (InvalidData, CineError):
                log.error("Error parsing AudioSpecificConfig extradata!\n")
                raise CineError(code=AVERROR_INVALIDDATA) from None

    def filter(self, pkt):
        d = pkt.data
        if self.has_extradata and len(d) >= 2 and (int.from_bytes(d[:2], "big") >> 4) != 0xFFF:
            return [pkt]
        if len(d) < ADTS_HEADER_SIZE:
            self.log.error("Input packet too small\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        br = BitReader(bytes(d[:ADTS_HEADER_SIZE]))
        ok = br.u(12) == 0xFFF
        br.skip(3)
        crc_absent = br.u(1)
        aot = br.u(2)
        sr = br.u(4)
        br.skip(1)
        ch = br.u(3)
        br.skip(4)
        size = br.u(13)
        br.skip(11)
        rdb = br.u(2)
        if not ok or not RATES[sr] or size < ADTS_HEADER_SIZE:
            self.log.error("Error parsing ADTS frame header!\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        if not crc_absent and rdb + 1 > 1:
            self.log.error("Multiple RDBs per frame with CRC is not implemented. Update your "
                           "FFmpeg version to the newest one from Git. If the problem still "
                           "occurs, it means that your file has a feature which has not been "
                           "implemented.\n")
            raise CineError(code=AVERROR_PATCHWELCOME)
        skip = ADTS_HEADER_SIZE + 2 * (not crc_absent)
        body = d[skip:]
        if not body:
            self.log.error("Input packet too small\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        side = list(pkt.side_data)
        if not self.first_done:
            pce = b""
            if not ch:
                gb = BitReader(bytes(body))
                if gb.u(3) != 5:
                    self.log.error("PCE-based channel configuration without PCE as first syntax "
                                   "element is not implemented. Update your FFmpeg version to "
                                   "the newest one from Git. If the problem still occurs, it "
                                   "means that your file has a feature which has not been "
                                   "implemented.\n")
                    raise CineError(code=AVERROR_PATCHWELCOME)
                from ..formats.adts_mux import copy_pce
                pw = BitWriter()
                n = copy_pce(pw, gb)
                pce = pw.getvalue()[:n // 8]
                body = body[gb.pos // 8:]
            w = BitWriter()
            w.put(5, aot + 1)
            w.put(4, sr)
            w.put(4, ch)
            w.put(3, 0)
            side.append(SideData("New Extradata", data=w.getvalue() + pce))
            self.first_done = True
        out = with_data(pkt, bytes(body))
        out.side_data = side
        return [out]
