"""The ALAC decoder (FFmpeg 5.1.9 libavcodec/alac.c behaviour): one packet, one frame.

The magic cookie (extradata) gives the frame length, bit depth, Rice parameters and channel
count. A packet is a sequence of elements (SCE/LFE one channel, CPE two) until END; each
element's channels land where the reference's channel offsets put them. Output is planar:
s16p for 16-bit streams, s32p for 20/24/32-bit ones with 20- and 24-bit samples shifted to
the top bits (value << 12, value << 8).

A damaged packet logs the reference's lines (most of its element failures log nothing)
and raises the CineError it returns, which the pipeline reports as "Error while decoding
stream"; a packet that ends before all channels logs "Failed to decode all channels" and
gives no frame, without an error.
"""
from __future__ import annotations

import errno

import numpy as np

from ... import chlayout as CL
from ...errors import AVERROR_PATCHWELCOME, CineError, InvalidData
from ...frame import AudioFrame
from ..missing import NOT_IMPLEMENTED, SAMPLE_REQUEST
from . import config as C
from . import element_jit as K
from .info import ALAC_LAYOUTS

TYPE_SCE, TYPE_CPE, TYPE_LFE, TYPE_END = 0, 1, 3, 7
PAD = 16
# where the element starting at channel ch of an n-channel stream puts its first channel
CHANNEL_OFFSETS = (
    (0,),
    (0, 1),
    (2, 0, 1),
    (2, 0, 1, 3),
    (2, 0, 1, 3, 4),
    (2, 0, 1, 4, 5, 3),
    (2, 0, 1, 4, 5, 6, 3),
    (2, 6, 7, 0, 1, 4, 5, 3),
)
SHIFTS = {16: 0, 20: 12, 24: 8, 32: 0}


class _Failed(Exception):
    """An element failed with this AVERROR code (the frame loop decides what follows)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class _Bits:
    """The element header reader: the reference's checked reader over the padded packet."""

    def __init__(self, buf: bytes, size: int):
        self.buf = buf
        self.size_bits = size * 8
        self.pos = 0

    def u(self, n: int) -> int:
        i = self.pos >> 3
        v = (int.from_bytes(self.buf[i:i + 5], "big") >> (40 - (self.pos & 7) - n)) \
            & ((1 << n) - 1) if n else 0
        self.pos = min(self.pos + n, self.size_bits + 8)
        return v

    def s(self, n: int) -> int:
        v = self.u(n)
        return v - (1 << n) if v >> (n - 1) else v

    def left(self) -> int:
        return self.size_bits - self.pos


class AlacDecoder:
    def __init__(self, codecpar, log):
        self.log = log
        try:
            cfg = C.parse(codecpar.extradata or b"")
        except InvalidData as exc:
            log.error(exc.detail)
            if exc.detail != "extradata is too small\n":
                log.error("set_info failed\n")
            raise
        if cfg.bit_depth not in SHIFTS:
            self._missing("Sample depth %d" % cfg.bit_depth, sample=True)
            raise CineError(code=AVERROR_PATCHWELCOME)
        channels = cfg.channels
        if channels < 1:
            log.warning("Invalid channel count\n")
            if codecpar.channels < 1:
                raise CineError(code=-errno.EINVAL)
            channels = codecpar.channels
        if channels > C.MAX_CHANNELS:
            self._missing("Channel count %d" % channels)
            raise CineError(code=AVERROR_PATCHWELCOME)
        self.cfg = cfg
        self.channels = channels
        self.sample_size = cfg.bit_depth
        self.sample_fmt = "s16p" if cfg.bit_depth == 16 else "s32p"
        self.sample_rate = cfg.sample_rate
        self.layout = CL.describe(ALAC_LAYOUTS[channels - 1])
        self._buffers(min(cfg.frame_length, 4096))
        self.params = np.zeros((2, K.P_SIZE), np.int64)
        self.coefs = np.zeros((2, 32), np.int32)
        self.events = np.zeros((K.MAX_EVENTS, 4), np.int64)
        self.info = np.zeros(K.INFO_SIZE, np.int64)

    def _buffers(self, n: int) -> None:
        """The per-element buffers for n samples (grown as packets ask, up to the cookie's
        frame length, instead of allocating what the cookie claims up front)."""
        self.work = np.zeros((2, n), np.int32)        # output_samples_buffer
        self.err = np.zeros((2, n), np.int32)         # predict_error_buffer
        self.extra = np.zeros((2, n), np.int32)       # extra_bits_buffer

    def _missing(self, what: str, sample: bool = False) -> None:
        self.log.warning(what)
        self.log.warning(NOT_IMPLEMENTED)
        if sample:
            self.log.warning(SAMPLE_REQUEST)

    # -- packets --------------------------------------------------------------------------
    def decode(self, data: bytes, pts=None, dts=None, duration=None) -> list[AudioFrame]:
        size = len(data)
        buf = bytearray(data)
        buf.extend(bytes(PAD))
        br = _Bits(bytes(buf), size)
        self.nb_samples = 0
        self.planes = None
        got_end = False
        ch = 0
        while br.left() >= 3:
            element = br.u(3)
            if element == TYPE_END:
                got_end = True
                break
            if element > TYPE_CPE and element != TYPE_LFE:
                self._missing("Syntax element %d" % element)
                raise CineError(code=AVERROR_PATCHWELCOME)
            channels = 2 if element == TYPE_CPE else 1
            offsets = CHANNEL_OFFSETS[self.channels - 1]
            if ch + channels > self.channels or offsets[ch] + channels > self.channels:
                self._fail("invalid element channel count\n")
            try:
                self._element(br, buf, offsets[ch], channels)
            except _Failed as exc:
                if br.left():
                    raise CineError(code=exc.code) from None
            ch += channels
        if not got_end:
            self._fail("no end tag found. incomplete packet.\n")
        if br.left() > 8:
            self.log.error("Error : %d bits left\n" % br.left())
        if ch != self.channels or not self.nb_samples:
            self.log.warning("Failed to decode all channels\n")
            return []
        return [AudioFrame(self.planes, self.sample_fmt, self.sample_rate, self.layout,
                           pts=pts)]

    def flush(self) -> list[AudioFrame]:
        return []

    def _fail(self, message: str) -> None:
        self.log.error(message)
        raise InvalidData(message)

    # -- one element ----------------------------------------------------------------------
    def _element(self, br: _Bits, buf: bytearray, first: int, channels: int) -> None:
        br.u(4)                 # element instance tag
        br.u(12)
        has_size = br.u(1)
        extra_bits = br.u(2) << 3
        bps = self.sample_size - extra_bits + channels - 1
        if bps > 32:
            self._missing("bps %d" % bps)
            raise _Failed(AVERROR_PATCHWELCOME)
        if bps < 1:
            raise _Failed(InvalidData.code)
        uncompressed = br.u(1)
        nb = br.u(32) if has_size else self.cfg.frame_length
        if not nb or nb > self.cfg.frame_length:
            self.log.error("invalid samples per frame: %d\n" % nb)
            raise _Failed(InvalidData.code)
        compressed = not uncompressed
        if not self.nb_samples:
            step = channels * self.sample_size
            if uncompressed and br.pos + (nb - 1) * step >= br.size_bits:
                # the samples run past the data: fail where the reading would, unallocated
                short = max(br.size_bits - br.pos, 0)
                br.pos = min(br.pos + -(-short // step) * step, br.size_bits + 8)
                raise _Failed(InvalidData.code)
            if nb > self.work.shape[1]:
                self._buffers(nb)
            dtype = np.int16 if self.sample_size == 16 else np.int32
            self.planes = np.zeros((self.channels, nb), dtype)
        elif nb != self.nb_samples:
            self.log.error("sample count mismatch: %d != %d\n" % (nb, self.nb_samples))
            raise _Failed(InvalidData.code)
        self.nb_samples = nb
        shift = weight = 0
        if compressed:
            if not self.cfg.kb:
                self._missing("Compression with rice limit 0", sample=True)
                raise _Failed(-errno.ENOSYS)
            shift = br.u(8)
            weight = br.u(8)
            if channels == 2 and weight and shift > 31:
                raise _Failed(InvalidData.code)
            for ch in range(channels):
                p = self.params[ch]
                p[K.P_TYPE] = br.u(4)
                p[K.P_QUANT] = br.u(4)
                p[K.P_MULT] = br.u(3) * self.cfg.pb // 4
                order = p[K.P_ORDER] = br.u(5)
                if order >= self.cfg.frame_length or not p[K.P_QUANT]:
                    raise _Failed(InvalidData.code)
                for i in range(order - 1, -1, -1):
                    self.coefs[ch, i] = br.s(16)
        else:
            extra_bits = 0
        status = K.decode_samples(np.frombuffer(buf, np.uint8), br.pos, br.size_bits, nb,
                                  channels, int(compressed), self.sample_size, bps, extra_bits,
                                  self.cfg.kb, self.cfg.mb, self.params, self.coefs,
                                  self.work, self.err, self.extra, self.events, self.info)
        self._log_events()
        br.pos = int(self.info[K.INFO_POS])
        if status != K.OK:
            raise _Failed(InvalidData.code)
        samples = self.work[:channels, :nb].astype(np.int64)
        if channels == 2 and weight:
            a, b = samples
            a = _wrap32(a - (_wrap32(b * weight) >> shift))
            samples = np.stack((_wrap32(b + a), a))
        if extra_bits:
            samples = _wrap32((samples << extra_bits) | self.extra[:channels, :nb])
        out = self.planes[first:first + channels]
        if self.sample_size == 16:
            out[:] = ((samples + 0x8000) & 0xFFFF) - 0x8000
        else:
            out[:] = _wrap32(samples << SHIFTS[self.sample_size])

    def _log_events(self) -> None:
        for kind, a, b, c in self.events[:self.info[K.INFO_EVENTS]]:
            if kind == K.EVENT_ZERO_BLOCK:
                self.log.error("invalid zero block size of %d %d %d\n" % (a, b, c))
            else:
                self.log.warning("unknown prediction type: %i\n" % a)


def _wrap32(v):
    return ((v + 0x80000000) & 0xFFFFFFFF) - 0x80000000
