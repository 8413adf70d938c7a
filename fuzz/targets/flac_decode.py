"""Fuzz target: bytes as FLAC frames through cine's FLAC decoder (FlacDecoder), after the
STREAMINFO of a fixture (8 to 32 bits, 1 to 8 channels, the first byte picks; packets cut at
_audio.SEP): frame headers, subframes, residuals, decorrelation; decoded, flushed; the subframe
kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.flac.decoder import FlacDecoder
SEEDS, DICT = ["fuzz/seeds/flac_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/flac/ch3_fs100.flac", "fixtures/flac/crafted_8bit.flac",
           "fixtures/flac/crafted_12bit.flac", "fixtures/flac/crafted_20bit.flac",
           "fixtures/flac/crafted_32bit.flac", "fixtures/flac/ch6_s24.flac",
           "fixtures/flac/ch8_fs1000.flac", "fixtures/flac/verbatim.flac",
           "fixtures/flac/wasted.flac", "fixtures/flac/crafted_residuals.flac"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, FlacDecoder, PARAMS, data)
