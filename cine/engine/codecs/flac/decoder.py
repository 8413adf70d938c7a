"""The FLAC decoder (FFmpeg 5.1.9 libavcodec/flacdec.c behaviour): one packet, one frame.

STREAMINFO comes from the extradata (bare, or after "fLaC" and a block header) or from an
inline "fLaC" header packet; frame headers may override what it lacks (bit depth, rate).
Output is packed s16 for streams of up to 16 bits, s32 above, samples shifted to the top
bits (a 24-bit sample is value << 8 in s32, an 8-bit one value << 8 in s16).

A damaged frame logs the reference's lines and raises the CineError it returns
(InvalidData; PATCHWELCOME for a side channel wider than 32 bits), which the pipeline
reports as "Error while decoding stream"; the reference drops that packet's frame. The
CRC-16 footer is not checked (the reference checks it only with -err_detect crccheck).
Each packet is decoded once, its trailing bytes ignored, as the reference's frame-threaded
decoding (the command line's default) does. `consumed` tells how many bytes the reference's
decode call reports using: libavcodec's single-threaded path (`-threads 1`) feeds the rest
of the packet to the decoder again, as a packet without timestamps.
"""
from __future__ import annotations

import numpy as np

from ... import chlayout as CL
from ...errors import AVERROR_PATCHWELCOME, CineError, InvalidData
from ...frame import AudioFrame
from ..missing import NOT_IMPLEMENTED
from . import frame_header as FH
from . import streaminfo as SI
from . import subframe_jit as K
from .info import FLAC_LAYOUTS

MAX_BLOCKSIZE = 65535
MIN_FRAME_SIZE = 11
METADATA_STREAMINFO = 0
METADATA_VORBIS_COMMENT = 4
PAD = 32        # zero bytes after each packet (>= the kernel's 16 and the header's 24)

_MESSAGES = {
    K.ERR_PADDING: "invalid subframe padding\n",
    K.ERR_WASTED: "Invalid number of wasted bits > available bits (%d) - left=%d\n",
    K.ERR_CODING_TYPE: "invalid coding type\n",
    K.ERR_METHOD: "illegal residual coding method %d\n",
    K.ERR_RICE_ORDER: "invalid rice order: %i blocksize %i\n",
    K.ERR_PRED_ORDER: "invalid predictor order: %i > %i\n",
    K.ERR_RESIDUAL: "invalid residual\n",
    K.ERR_COEFF_PREC: "invalid coeff precision\n",
    K.ERR_QLEVEL: "qlevel %d not supported, maybe buggy stream\n",
}
_TWO_ARGS = (K.ERR_WASTED, K.ERR_RICE_ORDER, K.ERR_PRED_ORDER)


class FlacDecoder:
    def __init__(self, codecpar, log):
        self.log = log
        self.bps = 0                # STREAMINFO's (or the first frame header's) bit depth
        self.channels = 0
        self.max_blocksize = 0
        self.sample_rate = 0
        self.got_streaminfo = False
        self.sample_fmt = None
        self.shift = 0
        self.layout = codecpar.channel_layout
        self.layout_channels = codecpar.channels if codecpar.channel_layout else 0
        self.decoded = None
        self.info = np.zeros(K.INFO_SIZE, np.int64)
        self.consumed = 0
        if codecpar.extradata:
            try:
                block, warnings = SI.locate(codecpar.extradata)
            except InvalidData as exc:
                log.error(exc.detail)
                raise
            for line in warnings:
                log.warning(line)
            self._set_streaminfo(block)

    # -- stream parameters ----------------------------------------------------------------
    def _set_streaminfo(self, block: bytes) -> None:
        try:
            info = SI.parse(block)
        except InvalidData as exc:
            if exc.detail.startswith("invalid max blocksize"):
                self.log.warning(exc.detail)
            else:
                self.log.error(exc.detail)
            raise
        self.max_blocksize = info.max_blocksize
        self.sample_rate = info.sample_rate
        self.bps = info.bits_per_sample
        self._set_layout(info.channels)
        self.channels = info.channels
        self._allocate()
        self._set_format()
        self.got_streaminfo = True

    def _set_format(self) -> None:
        if self.bps > 16:
            self.sample_fmt, self.shift = "s32", 32 - self.bps
        else:
            self.sample_fmt, self.shift = "s16", 16 - self.bps

    def _set_layout(self, channels: int) -> None:
        if channels == self.layout_channels and self.layout is not None:
            return
        self.layout = CL.describe(FLAC_LAYOUTS[channels - 1])
        self.layout_channels = channels

    def _allocate(self) -> None:
        self.decoded = np.zeros((FH.MAX_CHANNELS, max(self.max_blocksize, 32)), np.int32)

    # -- packets --------------------------------------------------------------------------
    def decode(self, data: bytes, pts=None, dts=None, duration=None) -> list[AudioFrame]:
        size = len(data)
        self.consumed = size
        if size > 5 and data[:5] == b"\x7fFLAC":
            return []
        if size > 0 and (data[0] & 0x7F) == METADATA_VORBIS_COMMENT:
            return []
        if size < MIN_FRAME_SIZE:
            return []
        if data[:4] == b"fLaC":
            self.consumed = self._inline_header(bytes(data))
            return []
        padded = bytearray(data)
        padded.extend(bytes(PAD))
        frame = self._decode_frame(padded, size)
        bytes_read = self.info[K.INFO_POS] >> 3
        if bytes_read > size:
            self._fail("overread: %d\n" % (bytes_read - size))
        self.consumed = int(bytes_read)
        return [AudioFrame(frame, self.sample_fmt, self.sample_rate, self.layout, pts=pts)]

    def flush(self) -> list[AudioFrame]:
        return []

    def _inline_header(self, data: bytes) -> int:
        """A "fLaC" marker and metadata blocks: STREAMINFO taken if none was given; the
        size of the marker and blocks."""
        if not self.got_streaminfo and len(data) >= SI.STREAMINFO_SIZE + 8:
            if data[4] & 0x7F != METADATA_STREAMINFO or \
                    int.from_bytes(data[5:8], "big") != SI.STREAMINFO_SIZE:
                self._fail("invalid header\n")
            try:
                self._set_streaminfo(data[8:8 + SI.STREAMINFO_SIZE])
            except InvalidData:
                self._fail("invalid header\n")
        pos = 4
        while True:
            if len(data) - pos < 4:
                raise InvalidData()
            last = data[pos] & 0x80
            pos += 4 + int.from_bytes(data[pos + 1:pos + 4], "big")
            if pos > len(data):
                raise InvalidData()
            if last:
                return pos

    def _decode_frame(self, padded: bytes, size: int):
        try:
            fh = FH.parse(padded, size)
        except InvalidData as exc:
            self.log.error(exc.detail)
            self.log.error("invalid frame header\n")
            self._fail("decode_frame() failed\n")
        if self.channels and fh.channels != self.channels and self.got_streaminfo:
            self.channels = fh.channels
            self._set_layout(fh.channels)
            self._allocate()
        self.channels = fh.channels
        self._set_layout(fh.channels)
        bps = fh.bps
        if not self.bps and not bps:
            self._fail_frame("bps not found in STREAMINFO or frame header\n")
        if not bps:
            bps = self.bps
        elif self.bps and bps != self.bps:
            self._fail_frame("switching bps mid-stream is not supported\n")
        if not self.bps:
            self.bps = bps
            self._set_format()
        if not self.max_blocksize:
            self.max_blocksize = MAX_BLOCKSIZE
        if fh.blocksize > self.max_blocksize:
            self._fail_frame("blocksize %d > %d\n" % (fh.blocksize, self.max_blocksize))
        if not self.sample_rate and not fh.sample_rate:
            self._fail_frame("sample rate not found in STREAMINFO or frame header\n")
        if fh.sample_rate:
            self.sample_rate = fh.sample_rate
        if not self.got_streaminfo:
            self._allocate()
            self.got_streaminfo = True
        buf = np.frombuffer(padded, np.uint8)
        status = K.decode_subframes(buf, fh.size_bits, size * 8, fh.blocksize, fh.channels,
                                    fh.ch_mode, self.bps, self.decoded, self.info)
        if status != K.OK:
            self._subframe_error(status)
        out = np.empty((fh.channels, fh.blocksize), np.int32)
        if self.sample_fmt == "s32":
            mode = K.OUT_S32
        elif fh.ch_mode != K.CH_INDEPENDENT or fh.channels in (2, 4, 6, 8):
            mode = K.OUT_S16_SAT        # the reference's SSE2 conversions
        else:
            mode = K.OUT_S16_WRAP
        K.decorrelate(self.decoded, fh.channels, fh.blocksize, fh.ch_mode, self.shift, mode,
                      out)
        return out if mode == K.OUT_S32 else out.astype(np.int16)

    # -- failures -------------------------------------------------------------------------
    def _subframe_error(self, status: int) -> None:
        if status == K.ERR_BPS:
            self.log.warning("Decorrelated bit depth > 32")
            self.log.warning(NOT_IMPLEMENTED)
            self.log.error("decode_frame() failed\n")
            raise CineError(code=AVERROR_PATCHWELCOME)
        message = _MESSAGES.get(status)
        if message is None:
            raise InvalidData("flac kernel arguments")
        if status in _TWO_ARGS:
            message %= (self.info[K.INFO_A], self.info[K.INFO_B])
        elif "%" in message:
            message %= self.info[K.INFO_A]
        self._fail_frame(message)

    def _fail_frame(self, message: str) -> None:
        self.log.error(message)
        self._fail("decode_frame() failed\n")

    def _fail(self, message: str) -> None:
        self.log.error(message)
        raise InvalidData(message)
