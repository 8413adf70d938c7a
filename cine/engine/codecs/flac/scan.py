"""What FFmpeg 5.1.9's FLAC decoder logs when avformat_find_stream_info decodes a packet
(try_decode_frame: the decoder has AV_CODEC_CAP_CHANNEL_CONF, so a stream's first packet is
always decoded there, on the analysis' own single-threaded decoder context), without
decoding samples: plain Python, so that probing and stream copy import no numpy or numba.

`FlacScan.scan_packet` walks a packet as decoder.FlacDecoder.decode does (frame header, each
subframe's header, warm-up samples, LPC coefficients and Rice partitions: only the bit
positions and the checks that fail matter) and logs the same lines; it returns whether the
decode succeeded.
"""
from __future__ import annotations

from ...errors import InvalidData
from ..missing import NOT_IMPLEMENTED
from . import frame_header as FH
from . import streaminfo as SI

MAX_BLOCKSIZE = 65535
MIN_FRAME_SIZE = 11
METADATA_STREAMINFO = 0
METADATA_VORBIS_COMMENT = 4
PAD = 32
INT_MAX = 0x7FFFFFFF
CH_LEFT_SIDE, CH_RIGHT_SIDE, CH_MID_SIDE = 1, 2, 3


class _Failed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Bits:
    __slots__ = ("buf", "size_bits", "end8", "pos")

    def __init__(self, padded: bytes, size: int, pos: int):
        self.buf = padded
        self.size_bits = size * 8
        self.end8 = self.size_bits + 8
        self.pos = pos

    def peek_at(self, pos: int, n: int) -> int:
        """n (0..56) bits at `pos`."""
        i = pos >> 3
        return (int.from_bytes(self.buf[i:i + 8], "big") >> (64 - (pos & 7) - n)) & ((1 << n) - 1)

    def u(self, n: int) -> int:
        v = self.peek_at(self.pos, n)
        self.pos = min(self.pos + n, self.end8)
        return v

    def skip(self, n: int) -> None:
        self.pos = min(self.pos + n, self.end8)


def _sign_extend(v: int, n: int) -> int:
    if n == 0:
        return 0
    return v - (1 << n) if v >= 1 << (n - 1) else v


def _rice_slow(br: _Bits, k: int, limit: int) -> bool:
    """The reference's Rice reader for the codes the fast path leaves; False for an invalid
    code (a unary part past `limit` or past the data)."""
    i = 0
    while i + 25 <= limit and br.peek_at(br.pos, 25) == 0:
        if br.size_bits <= br.pos:
            return False
        br.skip(25)
        i += 25
    while i < limit and br.peek_at(br.pos, 1) == 0:
        br.skip(1)
        i += 1
    br.skip(1)
    if i < limit - 1:
        br.skip(k)
        return True
    if i == limit - 1:
        br.skip(1)
        return True
    return False


def _residuals(br: _Bits, pred_order: int, blocksize: int) -> None:
    method = br.peek_at(br.pos, 2)
    rice_order = br.peek_at(br.pos + 2, 4)
    br.skip(6)
    samples = blocksize >> rice_order
    rice_bits = 4 + method
    escape = (1 << rice_bits) - 1
    if method > 1:
        raise _Failed("illegal residual coding method %d\n" % method)
    if samples << rice_order != blocksize:
        raise _Failed("invalid rice order: %i blocksize %i\n" % (rice_order, blocksize))
    if pred_order > samples:
        raise _Failed("invalid predictor order: %i > %i\n" % (pred_order, samples))
    i = pred_order
    for _ in range(1 << rice_order):
        k = br.u(rice_bits)
        if k == escape:
            n = br.u(5)
            if i < samples:
                br.skip(n * (samples - i))
        else:
            limit = (INT_MAX >> (k - 1)) + 2 if k > 1 else INT_MAX
            peek_at = br.peek_at
            while i < samples:
                w = peek_at(br.pos, 32)
                q = 32 - w.bit_length()
                if w and q < limit - 1:
                    br.pos = min(br.pos + q + 1 + k, br.end8)
                elif not _rice_slow(br, k, limit):
                    raise _Failed("invalid residual\n")
                i += 1
        i = 0


def _subframe(br: _Bits, bps: int, blocksize: int) -> None:
    if br.peek_at(br.pos, 1):
        raise _Failed("invalid subframe padding\n")
    kind = br.peek_at(br.pos + 1, 6)
    br.skip(7)
    if br.peek_at(br.pos, 1):
        br.skip(1)
        left = br.size_bits - br.pos
        if (left <= 0 or (left < bps and _show_long(br, left) == 0)
                or _show_long(br, bps) == 0):
            raise _Failed("Invalid number of wasted bits > available bits (%d) - left=%d\n"
                          % (bps, left))
        i = 0
        while i < left:
            bit = br.u(1)
            if bit == 1:
                break
            i += 1
        bps -= 1 + i
    else:
        br.skip(1)
    if bps > 32:
        raise _Failed("")               # the missing feature (decorrelated width)
    if kind == 0:
        br.skip(bps)
    elif kind == 1:
        br.skip(bps * blocksize)
    elif 8 <= kind <= 12:
        order = kind & 7
        br.skip(bps * order)
        _residuals(br, order, blocksize)
    elif kind >= 32:
        order = (kind & 31) + 1
        br.skip(bps * order)
        precision = br.u(4) + 1
        if precision == 16:
            raise _Failed("invalid coeff precision\n")
        qlevel = _sign_extend(br.u(5), 5)
        if qlevel < 0:
            raise _Failed("qlevel %d not supported, maybe buggy stream\n" % qlevel)
        br.skip(precision * order)
        _residuals(br, order, blocksize)
    else:
        raise _Failed("invalid coding type\n")


def _show_long(br: _Bits, n: int) -> int:
    v = br.peek_at(br.pos, n)
    return v & 0xFFFFFFFF if n > 32 else v


class FlacScan:
    """The decoder's state after its init on the STREAMINFO (info: streaminfo.StreamInfo, or
    None without extradata)."""

    def __init__(self, info, log):
        self.log = log
        self.bps = self.channels = self.max_blocksize = self.sample_rate = 0
        self.got_streaminfo = False
        if info is not None:
            self._streaminfo(info)

    def _streaminfo(self, info) -> None:
        self.max_blocksize = info.max_blocksize
        self.sample_rate = info.sample_rate
        self.bps = info.bits_per_sample
        self.channels = info.channels
        self.got_streaminfo = True

    def scan_packet(self, data: bytes) -> bool:
        size = len(data)
        if size > 5 and data[:5] == b"\x7fFLAC":
            return True
        if size > 0 and (data[0] & 0x7F) == METADATA_VORBIS_COMMENT:
            return True
        if size < MIN_FRAME_SIZE:
            return True
        try:
            if data[:4] == b"fLaC":
                self._inline_header(bytes(data))
                return True
            self._frame(bytes(data) + bytes(PAD), size)
        except _Failed as exc:
            if exc.message:
                self.log.error(exc.message)
            self.log.error("decode_frame() failed\n")
            return False
        except InvalidData:
            return False
        return True

    def _inline_header(self, data: bytes) -> None:
        if not self.got_streaminfo and len(data) >= SI.STREAMINFO_SIZE + 8:
            if data[4] & 0x7F != METADATA_STREAMINFO or \
                    int.from_bytes(data[5:8], "big") != SI.STREAMINFO_SIZE:
                self.log.error("invalid header\n")
                raise InvalidData()
            try:
                info = SI.parse(data[8:8 + SI.STREAMINFO_SIZE])
            except InvalidData as exc:
                if exc.detail.startswith("invalid max blocksize"):
                    self.log.warning(exc.detail)
                else:
                    self.log.error(exc.detail)
                self.log.error("invalid header\n")
                raise
            self._streaminfo(info)

    def _frame(self, padded: bytes, size: int) -> None:
        try:
            fh = FH.parse(padded, size)
        except InvalidData as exc:
            self.log.error(exc.detail)
            self.log.error("invalid frame header\n")
            self.log.error("decode_frame() failed\n")
            raise
        self.channels = fh.channels
        bps = fh.bps
        if not self.bps and not bps:
            raise _Failed("bps not found in STREAMINFO or frame header\n")
        if not bps:
            bps = self.bps
        elif self.bps and bps != self.bps:
            raise _Failed("switching bps mid-stream is not supported\n")
        if not self.bps:
            self.bps = bps
        if not self.max_blocksize:
            self.max_blocksize = MAX_BLOCKSIZE
        if fh.blocksize > self.max_blocksize:
            raise _Failed("blocksize %d > %d\n" % (fh.blocksize, self.max_blocksize))
        if not self.sample_rate and not fh.sample_rate:
            raise _Failed("sample rate not found in STREAMINFO or frame header\n")
        if fh.sample_rate:
            self.sample_rate = fh.sample_rate
        self.got_streaminfo = True
        br = _Bits(padded, size, fh.size_bits)
        for ch in range(fh.channels):
            bps = self.bps
            if ch == 0 and fh.ch_mode == CH_RIGHT_SIDE:
                bps += 1
            if ch == 1 and fh.ch_mode in (CH_LEFT_SIDE, CH_MID_SIDE):
                bps += 1
            try:
                _subframe(br, bps, fh.blocksize)
            except _Failed as exc:
                if not exc.message:
                    self.log.warning("Decorrelated bit depth > 32")
                    self.log.warning(NOT_IMPLEMENTED)
                raise
        pos = min(br.pos + ((-br.pos) & 7), br.end8)
        bytes_read = min(pos + 16, br.end8) >> 3
        if bytes_read > size:
            self.log.error("overread: %d\n" % (bytes_read - size))
            raise InvalidData()
