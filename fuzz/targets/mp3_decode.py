"""Fuzz target: bytes as MPEG audio layer III packets through cine's decoder (Mp3Decoder: frame
headers, side info, the bit reservoir across packets, Huffman, stereo, IMDCT and synthesis
kernels, run as Python under NUMBA_DISABLE_JIT=1). The decoder takes nothing from the codec
parameters: the first byte is ignored, packets are cut at _audio.SEP; decoded, flushed."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.mp3.decoder import Mp3Decoder
SEEDS, DICT = ["fuzz/seeds/mp3_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/mp3/clicks_js.mp3"]
PARAMS = codecpars(CONFIGS)
def TestOneInput(data: bytes) -> None:
    clean(decode, Mp3Decoder, PARAMS, data)
