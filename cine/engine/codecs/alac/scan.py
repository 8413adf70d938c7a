"""What FFmpeg 5.1.9's ALAC decoder logs when avformat_find_stream_info decodes a packet
(try_decode_frame: the decoder has AV_CODEC_CAP_CHANNEL_CONF, so a stream's first packet is
always decoded there, on the analysis' own decoder context, single-threaded), without
decoding samples: plain Python, so that probing and stream copy import no numpy or numba.

`scan_packet` walks a packet as decoder.AlacDecoder.decode does (elements, their headers, the
adaptive Rice codes of each residual: only the bit positions and the logged events matter)
and logs the same lines in the same order; it returns whether the decode succeeded.
"""
from __future__ import annotations

from ..missing import NOT_IMPLEMENTED, SAMPLE_REQUEST

TYPE_CPE, TYPE_LFE, TYPE_END = 1, 3, 7
PAD = 16
MAX_EVENTS = 8          # the kernel's event rows per element
# where the element starting at channel ch of an n-channel stream puts its first channel
CHANNEL_OFFSETS = ((0,), (0, 1), (2, 0, 1), (2, 0, 1, 3), (2, 0, 1, 3, 4), (2, 0, 1, 4, 5, 3),
                   (2, 0, 1, 4, 5, 6, 3), (2, 6, 7, 0, 1, 4, 5, 3))


class _Failed(Exception):
    pass


class _Bits:
    """The reference's checked reader over the padded packet: the position stops 8 bits past
    the end, reads there give zeros."""

    __slots__ = ("buf", "size_bits", "end8", "pos")

    def __init__(self, data: bytes):
        self.buf = bytes(data) + bytes(PAD)
        self.size_bits = len(data) * 8
        self.end8 = self.size_bits + 8
        self.pos = 0

    def peek(self, n: int) -> int:
        pos = self.pos
        i = pos >> 3
        return (int.from_bytes(self.buf[i:i + 5], "big") >> (40 - (pos & 7) - n)) & ((1 << n) - 1)

    def u(self, n: int) -> int:
        v = self.peek(n) if n else 0
        self.pos = min(self.pos + n, self.end8)
        return v

    def skip(self, n: int) -> None:
        self.pos = min(self.pos + n, self.end8)

    def left(self) -> int:
        return self.size_bits - self.pos


def _log2(v: int) -> int:
    return v.bit_length() - 1 if v > 1 else 0


def _scalar(br: _Bits, k: int, bps: int) -> int:
    """decode_scalar: the coded value (the position advanced)."""
    w = br.peek(9)
    ones = 9 - (w ^ 0x1FF).bit_length()
    if ones == 9:
        br.skip(9)
        return br.u(bps)
    br.skip(ones + 1)
    x = ones
    if k != 1:
        extra = br.peek(k) if k > 0 else 0
        x = (x << k) - x
        if extra > 1:
            x += extra - 1
            br.skip(k)
        else:
            br.skip(k - 1)
    return x


def _rice(br: _Bits, nb: int, bps: int, k_limit: int, history: int, mult: int,
          events: list) -> bool:
    """rice_decompress over one channel's residual; False when no bits were left."""
    sign_modifier = 0
    i = 0
    while i < nb:
        if br.size_bits - br.pos <= 0:
            return False
        k = min(_log2((history >> 9) + 3), k_limit)
        x = (_scalar(br, k, bps) + sign_modifier) & 0xFFFFFFFF
        sign_modifier = 0
        if x > 0xFFFF:
            history = 0xFFFF
        else:
            history = (history + x * mult - (((history * mult) & 0xFFFFFFFF) >> 9)) & 0xFFFFFFFF
        if history < 128 and i + 1 < nb:
            k = min(7 - _log2(history) + ((history + 16) >> 6), k_limit)
            block = _scalar(br, k, 16)
            if block > 0:
                if block >= nb - i:
                    if len(events) < MAX_EVENTS:
                        events.append((False, "invalid zero block size of %d %d %d\n"
                                       % (block, nb, i)))
                    block = nb - i - 1
                i += block
            if block <= 0xFFFF:
                sign_modifier = 1
            history = 0
        i += 1
    return True


class AlacScan:
    """The decoder's state after a successful init (cfg: the parsed cookie)."""

    def __init__(self, cfg, channels: int, log):
        self.cfg = cfg
        self.channels = channels
        self.sample_size = cfg.bit_depth
        self.log = log
        self.nb_samples = 0

    def _missing(self, what: str, sample: bool = False) -> None:
        self.log.warning(what)
        self.log.warning(NOT_IMPLEMENTED)
        if sample:
            self.log.warning(SAMPLE_REQUEST)

    def scan_packet(self, data: bytes) -> bool:
        br = _Bits(data)
        self.nb_samples = 0
        got_end = False
        ch = 0
        while br.left() >= 3:
            element = br.u(3)
            if element == TYPE_END:
                got_end = True
                break
            if element > TYPE_CPE and element != TYPE_LFE:
                self._missing("Syntax element %d" % element)
                return False
            channels = 2 if element == TYPE_CPE else 1
            offsets = CHANNEL_OFFSETS[self.channels - 1]
            if ch + channels > self.channels or offsets[ch] + channels > self.channels:
                self.log.error("invalid element channel count\n")
                return False
            try:
                self._element(br, channels)
            except _Failed:
                if br.left():
                    return False
            ch += channels
        if not got_end:
            self.log.error("no end tag found. incomplete packet.\n")
            return False
        if br.left() > 8:
            self.log.error("Error : %d bits left\n" % br.left())
        if ch != self.channels or not self.nb_samples:
            self.log.warning("Failed to decode all channels\n")
        return True

    def _element(self, br: _Bits, channels: int) -> None:
        cfg = self.cfg
        br.skip(16)             # element instance tag, unused
        has_size = br.u(1)
        extra_bits = br.u(2) << 3
        bps = self.sample_size - extra_bits + channels - 1
        if bps > 32:
            self._missing("bps %d" % bps)
            raise _Failed()
        if bps < 1:
            raise _Failed()
        uncompressed = br.u(1)
        nb = br.u(32) if has_size else cfg.frame_length
        if not nb or nb > cfg.frame_length:
            self.log.error("invalid samples per frame: %d\n" % nb)
            raise _Failed()
        if not self.nb_samples:
            step = channels * self.sample_size
            if uncompressed and br.pos + (nb - 1) * step >= br.size_bits:
                short = max(br.size_bits - br.pos, 0)
                br.skip(-(-short // step) * step)
                raise _Failed()
        elif nb != self.nb_samples:
            self.log.error("sample count mismatch: %d != %d\n" % (nb, self.nb_samples))
            raise _Failed()
        self.nb_samples = nb
        if uncompressed:
            self._raw(br, nb, channels * self.sample_size)
            return
        if not cfg.kb:
            self._missing("Compression with rice limit 0", sample=True)
            raise _Failed()
        shift = br.u(8)
        weight = br.u(8)
        if channels == 2 and weight and shift > 31:
            raise _Failed()
        params = []
        for _ in range(channels):
            kind = br.u(4)
            quant = br.u(4)
            mult = br.u(3) * cfg.pb // 4
            order = br.u(5)
            if order >= cfg.frame_length or not quant:
                raise _Failed()
            br.skip(16 * order)
            params.append((kind, mult))
        events: list = []
        try:
            if extra_bits:
                self._raw(br, nb, channels * extra_bits)
            for kind, mult in params:
                if not _rice(br, nb, bps, cfg.kb, cfg.mb, mult, events):
                    raise _Failed()
                if kind > 0 and kind != 15 and len(events) < MAX_EVENTS:
                    events.append((True, "unknown prediction type: %i\n" % kind))
        finally:
            for warning, message in events:
                (self.log.warning if warning else self.log.error)(message)

    def _raw(self, br: _Bits, nb: int, step: int) -> None:
        """nb samples of `step` bits each (every channel of one sample), with the kernel's
        "no bits left" check before each sample."""
        need = -(-max(br.size_bits - br.pos, 0) // step) if step else nb
        if need < nb:
            br.skip(need * step)
            raise _Failed()
        br.skip(nb * step)
