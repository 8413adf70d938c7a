"""Fuzz target: bytes as Vorbis audio packets through cine's decoder (VorbisDecoder: modes,
floors 0/1, residues, coupling, window overlap across packets), after the three headers of a
fixture (1, 2, 3, 6 channels, several encoders' codebooks; the first byte picks; packets cut at
_audio.SEP): decoded, flushed; the packet and IMDCT kernels run as Python under NUMBA_DISABLE_JIT=1."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.vorbis.decoder import VorbisDecoder
SEEDS, DICT = ["fuzz/seeds/vorbis_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/vorbis/native_stereo.ogg", "fixtures/vorbis/mono_q0_22k.ogg",
           "fixtures/vorbis/stereo_q10.ogg", "fixtures/vorbis/ch3.ogg", "fixtures/vorbis/ch6_q2.ogg",
           "fixtures/vorbis/stereo_8k.ogg", "fixtures/vorbis/noise_transients.mka"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, VorbisDecoder, PARAMS, data)
