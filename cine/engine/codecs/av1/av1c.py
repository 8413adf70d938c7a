"""AV1CodecConfigurationRecord (AV1 Codec ISO Media File Format Binding 2.3): the fixed
4-byte header and the configOBUs that may carry the sequence header."""
from __future__ import annotations

from ...errors import InvalidData
from .obu import OBU_SEQUENCE_HEADER, SequenceHeader, parse_sequence_header, split_obus


def config_obus(extradata: bytes) -> bytes:
    """The OBUs of an av1C payload (FFmpeg 5.1.9 also accepts bare OBUs without the header)."""
    if len(extradata) >= 4 and extradata[0] & 0x80:
        return extradata[4:]
    return extradata


def sequence_header_of(data: bytes) -> SequenceHeader | None:
    """The first sequence header OBU in a run of OBUs, or None."""
    try:
        obus = split_obus(data)
    except InvalidData:
        return None
    for obu in obus:
        if obu.type == OBU_SEQUENCE_HEADER:
            try:
                return parse_sequence_header(obu.payload)
            except InvalidData:
                return None
    return None
