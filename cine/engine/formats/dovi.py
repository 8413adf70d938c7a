"""The Dolby Vision decoder configuration record (ETSI TS 103 572) that MP4's dvcC/dvvC/dvwC
boxes and Matroska's BlockAdditionMapping carry, as FFmpeg 5.1.9's dovi_isom.c reads and
writes it: "DOVI configuration record" side data whose bytes are the eight fields of
AVDOVIDecoderConfigurationRecord."""
from __future__ import annotations

from ..errors import InvalidData
from ..model import SideData

TYPE = "DOVI configuration record"
SIZE = 24          # ISOM_DVCC_DVVC_SIZE
NAMES = ("dv_version_major", "dv_version_minor", "dv_profile", "dv_level", "rpu_present_flag",
         "el_present_flag", "bl_present_flag", "dv_bl_signal_compatibility_id")
LOG_FORMAT = ("version: %d.%d, profile: %d, level: %d, rpu flag: %d, el flag: %d, bl flag: %d, "
              "compatibility id: %d\n")


def parse(buf: bytes) -> SideData:
    """ff_isom_parse_dvcc_dvvc over a configuration's bytes (InvalidData under 4 bytes)."""
    if len(buf) < 4 or len(buf) > 1 << 30:
        raise InvalidData("Dolby Vision configuration of %d bytes" % len(buf))
    bits = buf[2] << 8 | buf[3]
    values = (buf[0], buf[1], bits >> 9 & 0x7F, bits >> 3 & 0x3F, bits >> 2 & 1, bits >> 1 & 1,
              bits & 1, buf[4] >> 4 if len(buf) >= 5 else 0)
    return SideData(TYPE, list(zip(NAMES, values)), bytes(values))


def values(sd: SideData) -> tuple:
    """The record's eight fields (from its bytes)."""
    return tuple(sd.data[:8].ljust(8, b"\0"))


def box_type(sd: SideData) -> bytes:
    """dvwC past profile 10, dvvC past profile 7, else dvcC (the writers' choice)."""
    profile = values(sd)[2]
    return b"dvwC" if profile > 10 else b"dvvC" if profile > 7 else b"dvcC"


def put(sd: SideData) -> bytes:
    """ff_isom_put_dvcc_dvvc: the 24 bytes of a configuration box's payload."""
    major, minor, profile, level, rpu, el, bl, compat = values(sd)
    bits = (profile & 0x7F) << 9 | (level & 0x3F) << 3 | (rpu != 0) << 2 | (el != 0) << 1 \
        | (bl != 0)
    return bytes((major, minor, bits >> 8, bits & 0xFF, (compat & 0x0F) << 4)) + bytes(SIZE - 5)


def find(side_data) -> SideData | None:
    return next((sd for sd in side_data if sd.type == TYPE), None)
