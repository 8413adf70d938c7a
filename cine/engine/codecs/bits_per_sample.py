"""av_get_bits_per_sample / av_get_exact_bits_per_sample as FFmpeg 5.1.9 has them
(libavcodec/utils.c): the bits per sample of fixed-size audio codecs, keyed by codec name.

ffprobe prints bits_per_sample = bits_per_sample(codec_name) for every audio stream (0 for
codecs not listed); avcodec_open2 derives an unset bit_rate from it.
"""
from __future__ import annotations

_EXACT: dict[int, tuple[str, ...]] = {
    1: ("dfpwm",),
    4: ("8svx_exp", "8svx_fib", "adpcm_argo", "adpcm_ct", "adpcm_ima_alp", "adpcm_ima_amv",
        "adpcm_ima_apc", "adpcm_ima_apm", "adpcm_ima_ea_sead", "adpcm_ima_oki",
        "adpcm_ima_ws", "adpcm_ima_ssi", "adpcm_g722", "adpcm_yamaha", "adpcm_aica"),
    8: ("dsd_lsbf", "dsd_msbf", "dsd_lsbf_planar", "dsd_msbf_planar", "pcm_alaw",
        "pcm_mulaw", "pcm_vidc", "pcm_s8", "pcm_s8_planar", "pcm_sga", "pcm_u8",
        "sdx2_dpcm", "derf_dpcm"),
    16: ("pcm_s16be", "pcm_s16be_planar", "pcm_s16le", "pcm_s16le_planar", "pcm_u16be",
         "pcm_u16le"),
    24: ("pcm_s24daud", "pcm_s24be", "pcm_s24le", "pcm_s24le_planar", "pcm_u24be",
         "pcm_u24le"),
    32: ("pcm_s32be", "pcm_s32le", "pcm_s32le_planar", "pcm_u32be", "pcm_u32le",
         "pcm_f32be", "pcm_f32le", "pcm_f24le", "pcm_f16le"),
    64: ("pcm_f64be", "pcm_f64le", "pcm_s64be", "pcm_s64le"),
}

# Codecs where av_get_bits_per_sample differs from the exact table (nominal sizes).
_NOMINAL_ONLY: dict[str, int] = {
    "adpcm_sbpro_2": 2, "adpcm_sbpro_3": 3, "adpcm_sbpro_4": 4, "adpcm_ima_wav": 4,
    "adpcm_ima_qt": 4, "adpcm_swf": 4, "adpcm_ms": 4,
}

EXACT_BITS: dict[str, int] = {name: bits for bits, names in _EXACT.items() for name in names}
BITS: dict[str, int] = {**EXACT_BITS, **_NOMINAL_ONLY}


def bits_per_sample(codec_name: str | None) -> int:
    """av_get_bits_per_sample: 0 when the codec has no fixed sample size."""
    return BITS.get(codec_name or "", 0)


def exact_bits_per_sample(codec_name: str | None) -> int:
    """av_get_exact_bits_per_sample."""
    return EXACT_BITS.get(codec_name or "", 0)


def apply_open_bit_rate(par) -> None:
    """avcodec_open2 for a decoder: an unset bit_rate becomes rate * channels * bits for codecs
    with a fixed sample size (FFmpeg 5.1.9 get_bit_rate)."""
    if par.bit_rate:
        return
    bits = bits_per_sample(par.codec_name)
    if bits:
        par.bit_rate = par.sample_rate * par.channels * bits
