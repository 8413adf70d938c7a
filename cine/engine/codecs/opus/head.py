"""OpusHead identification header (RFC 7845 5.1) and its channel mapping families
(5.1.1: family 0 mono/stereo, 1 Vorbis order up to 8 channels, 2 ambisonics, 255 undefined),
interpreted as FFmpeg 5.1.9's opus decoder configures its output.
"""
from __future__ import annotations

import math
import struct

from ...record import FACTORY, Record
from ... import chlayout as CL
from ...errors import InvalidData, Unsupported
from ..missing import missing_feature

# RFC 7845 5.1.1.2: Vorbis channel order layouts for 1..8 channels.
VORBIS_LAYOUTS = (CL.MONO, CL.STEREO, CL.SURROUND, CL.QUAD, CL.L5POINT0_BACK, CL.L5POINT1_BACK,
                  CL.L5POINT1 | CL.BC, CL.L7POINT1)
# Header of an implied stereo stream (used when no extradata exists).
DEFAULT_HEAD = b"OpusHead" + bytes([1, 2]) + bytes(9)


class OpusHead(Record):
    version: int
    channels: int
    pre_skip: int
    input_sample_rate: int
    output_gain: int
    mapping_family: int
    streams: int = 1
    coupled_streams: int = 0
    mapping: bytes = b""
    layout: str | None = None          # described output layout; None = unspecified
    logs: list[str]

    def __init__(self, version, channels, pre_skip, input_sample_rate, output_gain, mapping_family,
                 streams=1, coupled_streams=0, mapping=b"", layout=None, logs=FACTORY):
        self.version = version
        self.channels = channels
        self.pre_skip = pre_skip
        self.input_sample_rate = input_sample_rate
        self.output_gain = output_gain
        self.mapping_family = mapping_family
        self.streams = streams
        self.coupled_streams = coupled_streams
        self.mapping = mapping
        self.layout = layout
        self.logs = [] if logs is FACTORY else logs


def _ambisonic_describe(channels: int) -> str:
    order = math.isqrt(channels) - 1
    text = "ambisonic %d" % order
    if channels != (order + 1) ** 2:
        text += "+" + CL.describe(CL.STEREO)
    return text


def parse(extradata: bytes | None, channels: int = 0) -> OpusHead:
    """ff_opus_parse_extradata's view of an OpusHead (extradata as the demuxer stores it)."""
    if not extradata:
        if channels > 2:
            raise InvalidData("Multichannel configuration without extradata.\n")
        data = DEFAULT_HEAD
    else:
        data = bytes(extradata)
    if len(data) < 19:
        raise InvalidData("Invalid extradata size: %d\n" % len(data))
    version = data[8]
    if version > 15:
        raise Unsupported("".join(missing_feature("Extradata version %d" % version, sample=True)))
    pre_skip, rate, gain = struct.unpack("<HIh", data[10:18])
    ch = data[9] if extradata else (1 if channels == 1 else 2)
    if not ch:
        raise InvalidData("Zero channel count specified in the extradata\n")
    family = data[18]
    head = OpusHead(version, ch, pre_skip, rate, gain, family)
    if family == 0:
        if ch > 2:
            raise InvalidData("Channel mapping 0 is only specified for up to 2 channels\n")
        head.layout = CL.describe(CL.MONO if ch == 1 else CL.STEREO)
        head.streams, head.coupled_streams, head.mapping = 1, ch - 1, bytes([0, 1])
        return head
    if family not in (1, 2, 255):
        raise Unsupported("".join(missing_feature("Mapping type %d" % family, sample=True)))
    if len(data) < 21 + ch:
        raise InvalidData("Invalid extradata size: %d\n" % len(data))
    streams, coupled = data[19], data[20]
    if not streams or coupled > streams or streams + coupled > 255:
        raise InvalidData("Invalid stream/stereo stream count: %d/%d\n" % (streams, coupled))
    head.streams, head.coupled_streams, head.mapping = streams, coupled, data[21:21 + ch]
    if family == 1:
        if ch > 8:
            raise InvalidData("Channel mapping 1 is only specified for up to 8 channels\n")
        head.layout = CL.describe(VORBIS_LAYOUTS[ch - 1])
    elif family == 2:
        order = math.isqrt(ch) - 1
        if ch not in ((order + 1) ** 2, (order + 1) ** 2 + 2):
            raise InvalidData("Channel mapping 2 is only specified for channel counts which can"
                              " be written as (n + 1)^2 or (n + 1)^2 + 2 for nonnegative"
                              " integer n\n")
        if ch > 227:
            raise InvalidData("Too many channels\n")
        head.layout = _ambisonic_describe(ch)
    for idx in head.mapping:
        if idx != 255 and idx >= streams + coupled:
            raise InvalidData("Invalid channel map\n")
    return head
