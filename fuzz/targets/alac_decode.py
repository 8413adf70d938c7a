"""Fuzz target: bytes as ALAC packets through cine's ALAC decoder (AlacDecoder), after the magic
cookie of a fixture (16/20/24/32 bits, 1 to 8 channels, the first byte picks; packets cut at
_audio.SEP): decoded, flushed; the element kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.alac.decoder import AlacDecoder
SEEDS, DICT = ["fuzz/seeds/alac_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/alac/s16_stereo.m4a", "fixtures/alac/s24_stereo.m4a",
           "fixtures/alac/crafted_s20.m4a", "fixtures/alac/crafted_s32_mono.m4a",
           "fixtures/alac/ch3_c0.m4a", "fixtures/alac/ch6_s24.m4a", "fixtures/alac/ch8.mka",
           "fixtures/alac/mono_11k.mka", "fixtures/alac/silence_s24.m4a",
           "fixtures/alac/uncompressed.m4a"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, AlacDecoder, PARAMS, data)
