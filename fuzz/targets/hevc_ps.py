"""Fuzz target: HEVC parameter sets as cine's decoder model reads them (ITU-T H.265 7.3.2): the
first byte picks the entry (VPS, SPS with PTL/scaling lists/short-term RPS/VUI, an Annex B access
unit of VPS/SPS/PPS/SEI/slices through the analyzer, hvcC extradata), the rest is its payload."""
from _common import clean
from cine.engine.codecs.hevc import info, parser, vps_sps
from cine.engine.model import CodecParameters, Packet, Stream

SEEDS = ["fuzz/seeds/hevc_ps"]

def _analyze(extradata: bytes, au: bytes) -> None:
    st = Stream(0, CodecParameters(codec_type="video", codec_name="hevc", extradata=extradata))
    info.analyze(st, [Packet(0, au, 0, 0)] if au else [], None)
    parser.hevc_key_frame(au)

ENTRIES = (vps_sps.parse_vps, vps_sps.parse_sps, lambda d: _analyze(b"", d), lambda d: _analyze(d, b""))

def TestOneInput(data: bytes) -> None:
    if data:
        clean(ENTRIES[data[0] % len(ENTRIES)], data[1:])
