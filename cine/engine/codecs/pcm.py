"""PCM codec facts (libavcodec pcm.c as FFmpeg 5.1.9 declares them): the sample format each
pcm_* decoder outputs, and what opening the decoder leaves in the codec parameters.
"""
from __future__ import annotations

from ..log import Logger
from .bits_per_sample import apply_open_bit_rate, bits_per_sample

# Output sample format of each pcm decoder (the first entry of its sample_fmts list).
SAMPLE_FMT: dict[str, str] = {
    "pcm_alaw": "s16", "pcm_f16le": "flt", "pcm_f24le": "flt", "pcm_f32be": "flt",
    "pcm_f32le": "flt", "pcm_f64be": "dbl", "pcm_f64le": "dbl", "pcm_lxf": "s32p",
    "pcm_mulaw": "s16", "pcm_s8": "u8", "pcm_s8_planar": "u8p", "pcm_s16be": "s16",
    "pcm_s16be_planar": "s16p", "pcm_s16le": "s16", "pcm_s16le_planar": "s16p",
    "pcm_s24be": "s32", "pcm_s24daud": "s16", "pcm_s24le": "s32", "pcm_s24le_planar": "s32p",
    "pcm_s32be": "s32", "pcm_s32le": "s32", "pcm_s32le_planar": "s32p", "pcm_u8": "u8",
    "pcm_u16be": "s16", "pcm_u16le": "s16", "pcm_u24be": "s32", "pcm_u24le": "s32",
    "pcm_u32be": "s32", "pcm_u32le": "s32", "pcm_s64be": "s64", "pcm_s64le": "s64",
    "pcm_vidc": "s16", "pcm_sga": "u8",
}


def analyze(stream, packets, log) -> None:
    """Decoder init: sample_fmt, and bits_per_raw_sample for the s32-output variants.

    FFmpeg 5.1.9: init fails (and nothing is set) when the stream declares no channels, and
    pcm_f16le/f24le also need 1..24 bits_per_coded_sample."""
    par = stream.codecpar
    fmt = SAMPLE_FMT.get(par.codec_name or "")
    if fmt is None:
        return
    if par.channels <= 0:
        # FFmpeg 5.1.9: avcodec_open2 refuses a channel count of 0 before pcm_decode_init runs
        Logger(par.codec_name or "pcm", getattr(log, "sink", None)).error(
            "Decoder requires channel count but channels not set\n" if par.channels == 0
            else "PCM channels out of bounds\n")
        par.decoder_open_failed = True
        return
    if par.codec_name in ("pcm_f16le", "pcm_f24le") and not 1 <= par.bits_per_coded_sample <= 24:
        par.decoder_open_failed = True
        return
    par.format = fmt
    if fmt == "s32":
        par.bits_per_raw_sample = bits_per_sample(par.codec_name)
    par.dec_bits_per_raw_sample = par.bits_per_raw_sample
    apply_open_bit_rate(par)
