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
