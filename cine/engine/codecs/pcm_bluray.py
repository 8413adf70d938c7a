"""Blu-ray LPCM (HDMV stream type 0x80, BD-ROM Part 3 audio stream header): what the
pcm_bluray decoder takes from the 4-byte header in front of each packet's samples (FFmpeg
5.1.9 pcm-bluray.c pcm_bluray_parse_header): sample depth and format, sample rate, channel
layout and the bit rate."""
from __future__ import annotations

from ..chlayout import (L2_1, L2_2, L4POINT0, L5POINT0, L5POINT1, L7POINT0, L7POINT1, MONO,
                        STEREO, SURROUND, describe)
from ..log import Logger

_BITS = (0, 16, 20, 24)
_RATES = {1: 48000, 4: 96000, 5: 192000}
# channel assignment code -> layout mask (0: reserved)
_LAYOUTS = (0, MONO, 0, STEREO, SURROUND, L2_1, L4POINT0, L2_2, L5POINT0, L5POINT1, L7POINT0,
            L7POINT1, 0, 0, 0, 0)


def parse_header(header: bytes):
    """(bits, sample rate, layout mask) or a str naming what is reserved/unsupported."""
    bits = _BITS[header[3] >> 6]
    if bits not in (16, 24):
        return "unsupported sample depth (%d)\n" % bits
    rate = _RATES.get(header[2] & 0x0F)
    if rate is None:
        return "reserved sample rate (%d)\n" % (header[2] & 0x0F)
    mask = _LAYOUTS[header[2] >> 4]
    if not mask:
        return "reserved channel configuration (%d)\n" % (header[2] >> 4)
    return bits, rate, mask


def analyze(stream, packets, log) -> None:
    """find_stream_info's decode of the stream's packets: each header sets the parameters
    (the first packet decoded suffices); a bad header is logged by the decoder."""
    par = stream.codecpar
    dec = Logger("pcm_bluray", getattr(log, "sink", None))
    for pkt in packets:
        data = pkt.data
        if len(data) < 4:
            dec.error("PCM packet too small\n")
            continue
        got = parse_header(data[:4])
        if isinstance(got, str):
            dec.error(got)
            continue
        bits, rate, mask = got
        channels = bin(mask).count("1")
        par.bits_per_coded_sample = bits
        par.format = "s16" if bits == 16 else "s32"
        if bits == 24:
            par.bits_per_raw_sample = bits
        par.sample_rate = rate
        par.channels = channels
        par.channel_layout = describe(mask)
        par.bit_rate = (channels + (channels & 1)) * rate * bits
        return


# coded channel position -> output channel, for the layouts the decoder reorders (the coded
# order is BD-ROM's; a coded channel mapped to None is the padding of an odd count)
_ORDER = {L5POINT1: (0, 1, 2, 4, 5, 3), L7POINT0: (0, 1, 2, 5, 3, 4, 6, None),
          L7POINT1: (0, 1, 2, 6, 4, 5, 7, 3)}


class PcmBlurayDecoder:
    """pcm_bluray: each packet's 4-byte header sets the format, then big-endian 16- or
    24-bit samples (24-bit ones left-aligned in s32), channels reordered to FFmpeg's order."""

    def __init__(self, codecpar, log=None) -> None:
        self.log = log

    def decode(self, data: bytes, pts=None, dts=None, duration: int = 0) -> list:
        import numpy as np
        from ..errors import InvalidData
        from ..frame import AudioFrame
        if len(data) < 4:
            self._error("PCM packet too small\n")
            raise InvalidData("PCM packet too small")
        got = parse_header(data[:4])
        if isinstance(got, str):
            self._error(got)
            raise InvalidData(got.strip())
        bits, rate, mask = got
        channels = bin(mask).count("1")
        coded = channels + (channels & 1)
        width = 2 if bits == 16 else 3
        body = memoryview(data)[4:]
        n = len(body) // (coded * width)
        if n == 0:
            return []
        raw = np.frombuffer(body[:n * coded * width], np.uint8).reshape(n, coded, width)
        v = raw.astype(np.int32)
        if width == 2:
            samples = ((v[:, :, 0] << 8) | v[:, :, 1]).astype(np.uint16).view(np.int16)
        else:
            samples = ((v[:, :, 0] << 24) | (v[:, :, 1] << 16) | (v[:, :, 2] << 8)).astype(np.int32)
        order = _ORDER.get(mask, tuple(range(channels)) + (None,) * (coded - channels))
        out = np.empty((channels, n), samples.dtype)
        for pos, ch in enumerate(order):
            if ch is not None:
                out[ch] = samples[:, pos]
        return [AudioFrame(out, "s16" if bits == 16 else "s32", rate, describe(mask), pts=pts,
                           pkt_dts=dts)]

    def flush(self) -> list:
        return []

    def _error(self, text: str) -> None:
        if self.log is not None:
            self.log.error(text)
