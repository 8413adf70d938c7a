"""h264_mp4toannexb (FFmpeg 5.1.9 libavcodec/h264_mp4toannexb_bsf.c behaviour): length-prefixed
NAL units (ISO/IEC 14496-15 avcC) become Annex B byte streams (ITU-T H.264 Annex B); the avcC
SPS/PPS are inserted before the first IDR slice of each IDR picture that does not carry them.
"""
from __future__ import annotations


from ..errors import InvalidData
from .bsf import Bsf, with_data

NAL_SLICE, NAL_IDR, NAL_SPS, NAL_PPS = 1, 5, 7, 8


class H264Mp4ToAnnexB(Bsf):
    name = "h264_mp4toannexb"

    def __init__(self, stream, log):
        super().__init__(stream, log)
        ex = bytes(stream.codecpar.extradata or b"")
        self.par_out_extradata = ex
        self.sps = self.pps = b""
        self.length_size = 0
        self.parsed = False
        self.new_idr = self.sps_seen = self.pps_seen = False
        if not ex or ex[:3] == b"\0\0\1" or ex[:4] == b"\0\0\0\1":
            log.verbose("The input looks like it is Annex B already\n")
        elif len(ex) >= 7:
            self.length_size = self._extradata_to_annexb(ex)
            self.new_idr = True
            self.parsed = True
        else:
            log.error("Invalid extradata size: %d\n" % len(ex))
            raise InvalidData("Invalid extradata size")

    def _extradata_to_annexb(self, ex: bytes) -> int:
        buf = ex + bytes(64)               # AV_INPUT_BUFFER_PADDING_SIZE
        end = len(ex)
        pos = 4
        length_size = (buf[pos] & 3) + 1
        pos += 1
        unit_nb = buf[pos] & 0x1F
        pos += 1
        out = bytearray()
        pps_offset = 0
        sps_done = False
        if not unit_nb:
            unit_nb = buf[pos]
            pos += 1
            pps_offset = 0
            sps_done = True
        while unit_nb:
            unit_nb -= 1
            size = buf[pos] << 8 | buf[pos + 1]
            pos += 2
            if end - pos < size + (0 if sps_done else 1):
                self.log.error("Global extradata truncated, corrupted stream or invalid "
                               "MP4/AVCC bitstream\n")
                raise InvalidData("extradata truncated")
            out += b"\0\0\0\1" + buf[pos:pos + size]
            pos += size
            if not unit_nb and not sps_done:
                sps_done = True
                unit_nb = buf[pos]
                pos += 1
                pps_offset = len(out)
        total = len(out)
        if pps_offset:
            self.sps = bytes(out[:pps_offset])
        else:
            self.log.warning("Warning: SPS NALU missing or invalid. The resulting stream may "
                             "not play.\n")
        if pps_offset < total:
            self.pps = bytes(out[pps_offset:])
        else:
            self.log.warning("Warning: PPS NALU missing or invalid. The resulting stream may "
                             "not play.\n")
        self.par_out_extradata = bytes(out)
        return length_size

    def filter(self, pkt):
        if not self.parsed:
            return [pkt]
        data = pkt.data
        end = len(data)
        padded = data + bytes(8)
        ls = self.length_size
        out = bytearray()
        new_idr, sps_seen, pps_seen = self.new_idr, self.sps_seen, self.pps_seen
        warned = []
        pos = 0
        while True:
            n = 0
            for i in range(ls):
                n = (n << 8) | padded[pos + i]
            pos += ls
            if n > end - pos:
                raise InvalidData("NAL size beyond the packet")
            if n:
                t = padded[pos] & 0x1F
                if t == NAL_SPS:
                    sps_seen = new_idr = True
                elif t == NAL_PPS:
                    pps_seen = new_idr = True
                    if not sps_seen:
                        if not self.sps:
                            warned.append("SPS not present in the stream, nor in AVCC, stream "
                                          "may be unreadable\n")
                        else:
                            out += self.sps
                            sps_seen = True
                if not new_idr and t == NAL_IDR and (padded[pos + 1] & 0x80):
                    new_idr = True
                if new_idr and t == NAL_IDR and not sps_seen and not pps_seen:
                    if self.par_out_extradata:
                        out += self.par_out_extradata
                    new_idr = False
                elif new_idr and t == NAL_IDR and sps_seen and not pps_seen:
                    if not self.pps:
                        warned.append("PPS not present in the stream, nor in AVCC, stream may "
                                      "be unreadable\n")
                    else:
                        out += self.pps
                if t in (NAL_SPS, NAL_PPS) or not out:
                    out += b"\0\0\0\1"
                else:
                    out += b"\0\0\1"
                out += data[pos:pos + n]
                if not new_idr and t == NAL_SLICE:
                    new_idr = True
                    sps_seen = pps_seen = False
                pos += n
            if pos >= end:
                break
        for w in warned:
            self.log.warning(w)
        self.new_idr, self.sps_seen, self.pps_seen = new_idr, sps_seen, pps_seen
        return [with_data(pkt, bytes(out))]
