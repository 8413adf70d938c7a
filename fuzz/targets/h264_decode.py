"""Fuzz target: bytes as H.264 through cine's decoder (H264Decoder), decoded and flushed. First byte: bit 0
set, one AVCC packet after an avcC with high_8x8.h264's SPS/PPS, else Annex B cut into access units (one packet
if bit 2); bit 1: -skip_frame default, else nokey. Pictures over 128 macroblocks refused (as FFmpeg's fuzzer
lowers max_pixels); the kernels run as Python but deblocking's (~90% of a unit's time: _common.compiled)."""
import os, re; from unittest import mock
from _common import clean, compiled
compiled("cine.engine.codecs.h264.deblock_jit")
from cine.engine.codecs.h264 import picture_decode
from cine.engine.codecs.h264.avcc import split_annexb
from cine.engine.codecs.h264.decoder import H264Decoder
SEEDS, AU = ["fixtures/h264"], re.compile(rb"(?=\x00\x00\x01[\x01\x05\x21\x25\x41\x45\x61\x65][\x80-\xff])")
with open(os.path.join(os.path.dirname(__file__), "..", "..", SEEDS[0], "high_8x8.h264"), "rb") as f:
    SPS, PPS = [n for n in split_annexb(f.read()) if n[0] & 0x1F in (7, 8)][:2]
AVCC = b"\x01" + SPS[1:4] + b"\xff\xe1" + len(SPS).to_bytes(2, "big") + SPS + b"\x01" + len(PPS).to_bytes(2, "big") + PPS
def _decode(data: bytes, flags: int) -> None:
    dec = H264Decoder(AVCC if flags & 1 else b"", skip_frame=("nokey", "default")[flags >> 1 & 1])
    [dec.decode(p) for p in ([data[1:]] if flags & 1 else [data] if flags & 4 else AU.split(data))], dec.flush()
def TestOneInput(data: bytes) -> None:
    with mock.patch.object(picture_decode, "MAX_PICTURE_MBS", 128):
        clean(_decode, data, data[0] if data else 0)
