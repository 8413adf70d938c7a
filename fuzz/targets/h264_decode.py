"""Fuzz target: bytes as H.264 through cine's intra decoder (H264Decoder), decoded and flushed.
First byte: bit 0 set, the rest is one AVCC packet after an avcC with high_8x8.h264's SPS/PPS,
else Annex B cut into access units (one packet if bit 2); bit 1: -skip_frame default, else nokey.
Pictures over 128 macroblocks refused (as FFmpeg's fuzzer lowers max_pixels; kernels run as Python).
The deblocking kernels alone stay compiled (with bounds checks) under NUMBA_DISABLE_JIT: as Python
they were ~90% of a unit's time (one seed of 2000 one-macroblock pictures: 10.5 s, 0.27 s with them
compiled; all 91 seeds 73 s -> 7 s), past libFuzzer's slow-unit limit on a loaded CI machine, and
their input is the decoder's own planes and per-macroblock tables, not the fuzzer's bytes."""
import os, re
import numba
_python, numba.config.DISABLE_JIT = numba.config.DISABLE_JIT, False
try:   # (numba reads the switch when a kernel is declared: this module's are compiled now)
    from cine.engine.codecs.h264 import deblock_jit  # noqa: F401
finally:
    numba.config.DISABLE_JIT = _python
from unittest import mock
from _common import clean
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
