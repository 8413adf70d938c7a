"""The reference's `wrapped_avframe` encoder (libavcodec/wrapped_avframe.c), the default video
encoder of the null muxer: each packet carries the decoded AVFrame itself, so its size is
sizeof(AVFrame) (472 bytes in FFmpeg 5.1 on x86-64) and its bytes are that structure in
memory (pointers), which nothing can compare. cine's packets have the same size and are
zeros; only their count and size reach the user (the null muxer writes nothing)."""
from __future__ import annotations

AVFRAME_SIZE = 472


class WrappedAVFrameEncoder:
    def __init__(self, width: int, height: int, pix_fmt: str, qscale=None):
        self.width = width
        self.height = height
        self.pix_fmt = pix_fmt

    def encode(self, frame) -> bytes:
        return bytes(AVFRAME_SIZE)
