"""vp9_superframe (FFmpeg 5.1.9 libavcodec/vp9_superframe_bsf.c behaviour; VP9 bitstream
specification Annex B superframes): invisible frames are held and merged with the next
visible frame into one superframe with its index; superframes and visible frames pass."""
from __future__ import annotations

import errno

from ..errors import AVERROR_INVALIDDATA, CineError
from .bitreader import BitReader
from .bsf import Bsf, with_data

MAX_CACHE = 8


class Vp9Superframe(Bsf):
    name = "vp9_superframe"

    def __init__(self, stream, log):
        super().__init__(stream, log)
        self.cache = []

    def filter(self, pkt):
        d = pkt.data
        if not d:
            if not self.cache:
                return [pkt]
            raise CineError(code=AVERROR_INVALIDDATA)
        marker = d[-1]
        superframe = False
        if (marker & 0xE0) == 0xC0:
            nbytes = 1 + ((marker >> 3) & 3)
            nframes = 1 + (marker & 7)
            idx = 2 + nframes * nbytes
            superframe = len(d) >= idx and d[len(d) - idx] == marker
        br = BitReader(bytes(d[:4]).ljust(4, b"\0"))
        br.u(2)
        profile = br.u(1) | br.u(1) << 1
        if profile == 3:
            profile += br.u(1)
        if br.u(1):
            invisible = False
        else:
            br.u(1)
            invisible = not br.u(1)
        if superframe and self.cache:
            self.log.error("Mixing of superframe syntax and naked VP9 frames not supported\n")
            raise CineError(code=-errno.ENOSYS)
        if (not invisible or superframe) and not self.cache:
            return [pkt]
        if len(self.cache) + 1 >= MAX_CACHE:
            self.log.error("Too many invisible frames\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        self.cache.append(pkt)
        if invisible:
            return []
        sizes = [len(p.data) for p in self.cache]
        mag = (max(sizes).bit_length() - 1) >> 3 if max(sizes) else 0
        marker = 0xC0 + (mag << 3) + (len(sizes) - 1)
        out = bytearray(b"".join(bytes(p.data) for p in self.cache))
        out.append(marker)
        for n in sizes:
            out += n.to_bytes(mag + 1, "little")
        out.append(marker)
        last = self.cache[-1]
        self.cache = []
        return [with_data(last, bytes(out))]
