"""Fuzz target: bytes as AAC packets through cine's AAC decoder (AacDecoder): raw_data_blocks
after the AudioSpecificConfig of an MP4 fixture (mono, stereo, 5.1, 7.1, a PCE, 8 and 96 kHz, an
implicit HE-AAC one), or ADTS frames without extradata (HE-AAC/HE-AACv2 seeds too: SBR and
parametric stereo; the first byte picks; packets cut at _audio.SEP): decoded, flushed; the
spectral, TNS, synthesis, SBR and PS kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.aac.decoder import AacDecoder
SEEDS, DICT = ["fuzz/seeds/aac_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/aac/adts.aac", "fixtures/aac/tools.m4a", "fixtures/aac/transients_mono.m4a",
           "fixtures/aac/s51.m4a", "fixtures/aac/s71.m4a", "fixtures/aac/pce_hexagonal.m4a",
           "fixtures/aac/r8k.m4a", "fixtures/aac/r96k.m4a", "fixtures/aac/sbr_stereo.m4a"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, AacDecoder, PARAMS, data)
