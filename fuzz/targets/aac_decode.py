"""Fuzz target: bytes as AAC packets through cine's AAC-LC decoder (AacDecoder): raw_data_blocks
after the AudioSpecificConfig of an MP4 fixture (mono, stereo, 5.1, 7.1, a PCE, 8 and 96 kHz), or
ADTS frames without extradata (the first byte picks; packets cut at _audio.SEP): decoded, flushed;
the spectral, TNS and synthesis kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.aac.decoder import AacDecoder
SEEDS, DICT = ["fuzz/seeds/aac_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/aac/adts.aac", "fixtures/aac/tools.m4a", "fixtures/aac/transients_mono.m4a",
           "fixtures/aac/s51.m4a", "fixtures/aac/s71.m4a", "fixtures/aac/pce_hexagonal.m4a",
           "fixtures/aac/r8k.m4a", "fixtures/aac/r96k.m4a"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, AacDecoder, PARAMS, data)
