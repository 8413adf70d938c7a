"""hevc_mp4toannexb (FFmpeg 5.1.9 libavcodec/hevc_mp4toannexb_bsf.c behaviour): hvcC
length-prefixed NAL units (ISO/IEC 14496-15 8.3) become Annex B (ITU-T H.265 Annex B) with
4-byte start codes; the hvcC parameter-set arrays are prepended to the first IRAP NAL unit
of each packet.
"""
from __future__ import annotations


from ..errors import InvalidData
from .bsf import Bsf, with_data

MIN_HEVCC_LENGTH = 23


class HevcMp4ToAnnexB(Bsf):
    name = "hevc_mp4toannexb"

    def __init__(self, stream, log):
        super().__init__(stream, log)
        ex = bytes(stream.codecpar.extradata or b"")
        self.par_out_extradata = ex
        self.length_size = 0
        self.parsed = False
        if len(ex) < MIN_HEVCC_LENGTH or ex[:3] == b"\0\0\1" or ex[:4] == b"\0\0\0\1":
            log.verbose("The input looks like it is Annex B already\n")
        else:
            self.length_size = self._extradata_to_annexb(ex)
            self.parsed = True

    def _extradata_to_annexb(self, ex: bytes) -> int:
        pos = 21

        def byte():
            nonlocal pos
            v = ex[pos] if pos < len(ex) else 0
            pos = min(pos + 1, len(ex))
            return v

        def be16():
            return byte() << 8 | byte()
        length_size = (byte() & 3) + 1
        out = bytearray()
        for _ in range(byte()):
            t = byte() & 0x3F
            cnt = be16()
            if t not in (32, 33, 34, 39, 40):
                self.log.error("Invalid NAL unit type in extradata: %d\n" % t)
                raise InvalidData("bad hvcC")
            for _ in range(cnt):
                n = be16()
                chunk = ex[pos:pos + n]
                pos = min(pos + n, len(ex))
                out += b"\0\0\0\1" + chunk + bytes(n - len(chunk))
        self.par_out_extradata = bytes(out)
        if not out:
            self.log.warning("No parameter sets in the extradata\n")
        return length_size

    def filter(self, pkt):
        if not self.parsed:
            return [pkt]
        data = pkt.data
        pos, end, ls = 0, len(data), self.length_size
        out = bytearray()
        got_irap = False
        while pos < end:
            if end - pos < ls:
                raise InvalidData("truncated NAL size")
            n = int.from_bytes(data[pos:pos + ls], "big")
            pos += ls
            if n < 2 or n > end - pos:
                raise InvalidData("bad NAL size")
            t = (data[pos] >> 1) & 0x3F
            irap = 16 <= t <= 23
            if irap and not got_irap:
                out += self.par_out_extradata
            got_irap |= irap
            out += b"\0\0\0\1" + data[pos:pos + n]
            pos += n
        return [with_data(pkt, bytes(out))]
