"""stream_type and registration-descriptor → codec tables (ISO/IEC 13818-1 table 2-34,
SMPTE-RA registered format identifiers, ATSC A/52, HDMV), as FFmpeg 5.1.9's mpegts.c maps them."""
from __future__ import annotations


def _tag(s: str) -> int:
    b = s.encode("latin-1")
    return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


ISO_TYPES = {
    0x01: ("video", "mpeg2video"), 0x02: ("video", "mpeg2video"),
    0x03: ("audio", "mp3"), 0x04: ("audio", "mp3"),
    0x0F: ("audio", "aac"), 0x10: ("video", "mpeg4"),
    0x1B: ("video", "h264"), 0x1C: ("audio", "aac"), 0x20: ("video", "h264"),
    0x21: ("video", "jpeg2000"), 0x24: ("video", "hevc"), 0x42: ("video", "cavs"),
    0xD1: ("video", "dirac"), 0xD2: ("video", "avs2"), 0xD4: ("video", "avs3"),
    0xEA: ("video", "vc1"),
}
HDMV_TYPES = {
    0x80: ("audio", "pcm_bluray"), 0x81: ("audio", "ac3"), 0x82: ("audio", "dts"),
    0x83: ("audio", "truehd"), 0x84: ("audio", "eac3"), 0x85: ("audio", "dts"),
    0x86: ("audio", "dts"), 0xA1: ("audio", "eac3"), 0xA2: ("audio", "dts"),
    0x90: ("subtitle", "hdmv_pgs_subtitle"), 0x92: ("subtitle", "hdmv_text_subtitle"),
}
SCTE_TYPES = {0x86: ("data", "scte_35")}
MISC_TYPES = {0x81: ("audio", "ac3"), 0x8A: ("audio", "dts")}
HLS_SAMPLE_ENC_TYPES = {0xDB: ("video", "h264"), 0xCF: ("audio", "aac"),
                        0xC1: ("audio", "ac3"), 0xC2: ("audio", "eac3")}
REGD_TYPES = {
    _tag("drac"): ("video", "dirac"), _tag("AC-3"): ("audio", "ac3"),
    _tag("BSSD"): ("audio", "s302m"), _tag("DTS1"): ("audio", "dts"),
    _tag("DTS2"): ("audio", "dts"), _tag("DTS3"): ("audio", "dts"),
    _tag("EAC3"): ("audio", "eac3"), _tag("HEVC"): ("video", "hevc"),
    _tag("KLVA"): ("data", "klv"), _tag("ID3 "): ("data", "timed_id3"),
    _tag("VC-1"): ("video", "vc1"), _tag("Opus"): ("audio", "opus"),
}
METADATA_TYPES = {_tag("KLVA"): ("data", "klv"), _tag("ID3 "): ("data", "timed_id3")}
DESC_TYPES = {0x6A: ("audio", "ac3"), 0x7A: ("audio", "eac3"), 0x7B: ("audio", "dts"),
              0x56: ("subtitle", "dvb_teletext"), 0x59: ("subtitle", "dvb_subtitle")}

TAG_HDMV = _tag("HDMV")
TAG_HDPR = _tag("HDPR")
TAG_CUEI = _tag("CUEI")
TAG_BSSD = _tag("BSSD")
STREAM_TYPE_PRIVATE_DATA = 0x06
