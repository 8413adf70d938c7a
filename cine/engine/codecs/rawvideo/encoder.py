"""The rawvideo encoder (libavcodec/rawenc.c): a picture's planes one after the other with
packed rows (av_image_copy_to_buffer, align 1)."""
from __future__ import annotations

from ... import picture


class RawVideoEncoder:
    def __init__(self, width: int, height: int, pix_fmt: str, qscale=None):
        self.width = width
        self.height = height
        self.pix_fmt = pix_fmt

    def encode(self, frame) -> bytes:
        return picture.to_bytes(frame)
