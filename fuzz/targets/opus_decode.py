"""Fuzz target: bytes as Opus packets through cine's decoder (OpusDecoder: TOC and framing,
SILK, CELT, hybrid, redundancy, resampling; multistream), after the OpusHead of a mono, stereo or
5.1 fixture (the first byte picks; packets cut at _audio.SEP): decoded, flushed; the range coder
and the SILK/CELT kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.opus.decoder import OpusDecoder
SEEDS, DICT = ["fuzz/seeds/opus_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/opus/silk_nb_mono.opus", "fixtures/opus/hybrid_stereo.opus",
           "fixtures/opus/surround_51.opus"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, OpusDecoder, PARAMS, data)
