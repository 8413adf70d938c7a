"""Fuzz target: H.264 parameter sets as cine's decoder model reads them (ITU-T H.264 7.3.2): the
first byte picks the entry (SPS with scaling lists/VUI/HRD, PPS, SEI messages, an Annex B access
unit through the analyzer and the key-frame parser, avcC extradata), the rest is its payload."""
from _common import clean
from cine.engine.codecs.h264 import info, parser, pps, sps
from cine.engine.codecs.sei import sei_messages
from cine.engine.model import CodecParameters, Packet, Stream

SEEDS = ["fuzz/seeds/h264_ps"]

def _analyze(extradata: bytes, au: bytes) -> None:
    st = Stream(0, CodecParameters(codec_type="video", codec_name="h264", extradata=extradata))
    info.analyze(st, [Packet(0, au, 0, 0)] if au else [], None)
    parser.H264KeyParser(extradata).key_frame(au)

ENTRIES = (sps.parse_sps, pps.parse_pps, sei_messages, lambda d: _analyze(b"", d), lambda d: _analyze(d, b""))

def TestOneInput(data: bytes) -> None:
    if data:
        clean(ENTRIES[data[0] % len(ENTRIES)], data[1:])
