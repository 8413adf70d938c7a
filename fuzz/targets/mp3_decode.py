"""Fuzz target: bytes as MPEG audio packets through cine's decoders: Layer III (Mp3Decoder:
frame headers, side info, the bit reservoir across packets, Huffman, stereo, IMDCT and
synthesis kernels) for the mp3 configuration, Layer I/II (MpaFixedDecoder: allocations,
scale factors, grouped samples, the fixed-point synthesis) for the mp2 ones, run as Python
under NUMBA_DISABLE_JIT=1. The first byte picks the configuration, packets are cut at
_audio.SEP; decoded, flushed."""
from _audio import codecpars, decode
from _common import clean
from cine.engine.codecs.mp3.decoder import Mp3Decoder as _Layer3
from cine.engine.codecs.mp3.layer12_decoder import MpaFixedDecoder as _Layer12
SEEDS, DICT = ["fuzz/seeds/mp3_decode"], "audio_decode.dict"
CONFIGS = ["fixtures/mp3/clicks_js.mp3", "fixtures/mp2/js44_crc.mp2",
           "fixtures/mp2/lsf22_mono.mp2"]
PARAMS = codecpars(CONFIGS)
def MpegAudioDecoder(codecpar, log):  # noqa: N802 - the decoder the configuration's codec gets
    return (_Layer12 if codecpar.codec_name in ("mp1", "mp2") else _Layer3)(codecpar, log)
def TestOneInput(data: bytes) -> None:
    clean(decode, MpegAudioDecoder, PARAMS, data)
