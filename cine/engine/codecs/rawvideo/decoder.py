"""The rawvideo decoder (FFmpeg 5.1.9 libavcodec/rawdec.c) for the planar and packed 8-bit
formats of cine.engine.picture: each packet is one picture, rows packed or padded to 4
bytes for the packed RGB and gray formats, bottom-up when the stream says so (AVI's
"BottomUp" extradata, the cyuv/WRAW tags), U and V swapped for the YV12-family tags.
"""
from __future__ import annotations

from ...errors import InvalidData, Unsupported
from ...frame import VideoFrame
from ...log import Logger
from ... import picture

_FLIP_TAGS = {b"cyuv", b"\x03\x00\x00\x00", b"WRAW"}
_SWAP_UV_TAGS = {b"YV12", b"YV16", b"YV24", b"YVU9"}
_ALIGN4 = {"rgb24", "bgr24", "gray"}


class RawVideoDecoder:
    name = "rawvideo"

    def __init__(self, codecpar, log: Logger | None = None):
        self.log = log or Logger("rawvideo")
        self.width = codecpar.width
        self.height = codecpar.height
        self.pix_fmt = codecpar.format
        if not picture.supported(self.pix_fmt):
            raise Unsupported("cine: the rawvideo decoder does not handle pixel format %s"
                              % self.pix_fmt)
        tag = (codecpar.codec_tag & 0xFFFFFFFF).to_bytes(4, "little")
        ex = codecpar.extradata or b""
        self.flip = ex[-9:] == b"BottomUp\0" or tag in _FLIP_TAGS
        self.swap_uv = tag in _SWAP_UV_TAGS
        self.sar = codecpar.sample_aspect_ratio
        self.color_range = codecpar.color_range

    def decode(self, data: bytes, pts, dts, duration) -> list[VideoFrame]:
        import numpy as np
        w, h = self.width, self.height
        if w <= 0:
            self.log.error("width is not set\n")
            raise InvalidData(code=-1094995529)
        if h <= 0:
            self.log.error("height is not set\n")
            raise InvalidData(code=-1094995529)
        size = len(data)
        stride = size // h
        if stride == 0 or size < stride * h:
            self.log.error("Packet too small (%d)\n" % size)
            raise InvalidData(code=-1094995529)
        frame_size = picture.buffer_size(self.pix_fmt, w, h)
        if size < frame_size:
            self.log.error("Invalid buffer size, packet size %d < expected frame_size %d\n"
                           % (size, frame_size))
            raise InvalidData(code=-22)
        buf = np.frombuffer(data, dtype=np.uint8)
        planes = []
        offset = 0
        layout = picture.plane_sizes(self.pix_fmt, w, h)
        for i, (rows, cols, bpp) in enumerate(layout):
            linesize = cols * bpp
            if i == 0 and self.pix_fmt in _ALIGN4 and ((linesize + 3) & ~3) * h <= size:
                linesize = (linesize + 3) & ~3
            plane = buf[offset:offset + rows * linesize].reshape(rows, linesize)[:, :cols * bpp]
            offset += rows * linesize
            planes.append(plane)
        if self.flip:
            planes[0] = planes[0][::-1]
        if self.swap_uv and len(planes) == 3:
            planes[1], planes[2] = planes[2], planes[1]
        planes = [p.copy() for p in planes]      # owned, writable, contiguous
        return [VideoFrame(planes, w, h, self.pix_fmt, pts=pts if pts is not None else dts,
                           duration=duration, key=True, pict_type="I", sar=(self.sar.num, self.sar.den),
                           color_range=self.color_range, pkt_dts=dts)]

    def flush(self) -> list[VideoFrame]:
        return []
