"""Raw elementary-stream muxers (FFmpeg 5.1.9 libavformat/rawenc.c behaviour): one stream,
packets written back to back; the PCM muxers (pcmenc.c: s16le, f32le, u8...) the same
without the one-stream check. H.264 and HEVC packets in length-prefixed (MP4/Matroska) form
get the *_mp4toannexb bitstream filter inserted automatically, as the reference's
check_bitstream does.
"""
from __future__ import annotations

import errno

from ..errors import CineError
from .base import Muxer


class RawMuxer(Muxer):
    # set by the pipeline from the registry entry: the muxer name and its default codecs
    entry = None

    def init(self) -> None:
        e = self.entry
        name = e.name if e else "raw"
        if len(self.ctx.streams) != 1:
            self.log.error("%s files have exactly one stream\n" % name)
            raise CineError(code=-errno.EINVAL)
        t = self.ctx.streams[0].codecpar.codec_type
        if e is not None and e.audio_codec and t != "audio":
            self.log.error("%s files have exactly one audio stream\n" % name)
            raise CineError(code=-errno.EINVAL)
        if e is not None and e.video_codec and t != "video":
            self.log.error("%s files have exactly one video stream\n" % name)
            raise CineError(code=-errno.EINVAL)

    def auto_bsf(self, stream, pkt):
        name = self.entry.name if self.entry else ""
        d = pkt.data
        if name in ("h264", "hevc") and len(d) >= 5 and d[:4] != b"\0\0\0\1" and d[:3] != b"\0\0\1":
            return ["h264_mp4toannexb" if name == "h264" else "hevc_mp4toannexb"]
        return None

    def write_packet(self, pkt) -> None:
        self.pb.write(pkt.data)


class DataMuxer(RawMuxer):
    """The "data" muxer: raw bytes of any single stream, no stream-count check."""

    def init(self) -> None:
        return None


class PcmMuxer(Muxer):
    """pcmenc.c's muxers: every packet's bytes, in order (no stream checks)."""

    def write_packet(self, pkt) -> None:
        self.pb.write(pkt.data)
