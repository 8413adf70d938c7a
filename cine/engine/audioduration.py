"""Samples in one audio packet from the codec parameters alone (FFmpeg 5.1.9 libavcodec/utils.c
av_get_audio_frame_duration): exact bits per sample, fixed frame lengths, block-align based
ADPCM layouts, then the decoder's frame size. 0 when unknown."""
from __future__ import annotations

from .codecs.bits_per_sample import exact_bits_per_sample

_FIXED = {"adpcm_adx": 32, "adpcm_ima_qt": 64, "adpcm_ea_xas": 128, "amr_nb": 160, "evrc": 160,
          "gsm": 160, "qcelp": 160, "ra_288": 160, "amr_wb": 320, "gsm_ms": 320, "mp1": 384,
          "atrac1": 512, "atrac3p": 2048, "mp2": 1152, "musepack7": 1152, "ac3": 1536}
# FFmpeg 5.1.9: decoders that leave avctx->frame_size at 0 after find_stream_info
_NO_DECODER_FRAME_SIZE = {"eac3", "opus"}


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def audio_frame_duration(par, frame_bytes: int, decoder_frame_size: bool = True) -> int:
    name = par.codec_name or ""
    ch = par.channels
    ba = par.block_align
    sr = par.sample_rate
    if name.startswith("pcm_") and ch > 0 and frame_bytes > 0:
        bps = exact_bits_per_sample(name)
        if bps > 0:
            return frame_bytes * 8 // (bps * ch)
    if name in ("atrac3", "atrac9"):
        framecount = frame_bytes // ba if ba > 0 and frame_bytes // ba > 0 else 1
        return 1024 * framecount
    if name in _FIXED:
        return _FIXED[name]
    if sr > 0 and name == "mp3":
        return 576 if sr <= 24000 else 1152
    if sr > 0 and name == "tta":
        return 256 * sr // 245
    if sr > 0 and name == "dst":
        return 588 * sr // 44100
    if sr > 0 and name == "binkaudio_dct":
        return 0 if sr // 22050 > 22 else 480 << (sr // 22050)
    bps = par.bits_per_coded_sample
    if frame_bytes > 0 and 0 < ch < (1 << 31) // 16 and ba > 0:
        blocks = frame_bytes // ba
        tmp = 0
        if name == "adpcm_ima_wav":
            if bps < 2 or bps > 5:
                return 0
            tmp = blocks * (1 + _cdiv(ba - 4 * ch, bps * ch) * 8)
        elif name == "adpcm_ima_dk3":
            tmp = blocks * _cdiv(_cdiv((ba - 16) * 2, 3) * 4, ch)
        elif name == "adpcm_ima_dk4":
            tmp = blocks * (1 + _cdiv((ba - 4 * ch) * 2, ch))
        elif name == "adpcm_ms":
            tmp = blocks * (2 + _cdiv((ba - 7 * ch) * 2, ch))
        if tmp:
            return tmp if -(1 << 31) <= tmp < (1 << 31) and tmp > 0 else 0
    if name == "pcm_bluray" and frame_bytes > 0 and 0 < ch < (1 << 31) // 16 and bps > 0:
        # the 4-byte header, then samples of an even number of channels
        if bps < 4 or frame_bytes < 4:
            return 0
        return (frame_bytes - 4) // (((ch + 1) & ~1) * bps // 8)
    if name in ("adpcm_g726", "adpcm_g726le") and frame_bytes > 0 and bps > 0:
        return frame_bytes * 8 // bps
    if decoder_frame_size and name in _NO_DECODER_FRAME_SIZE:
        return 0
    if par.frame_size > 1 and frame_bytes:
        return par.frame_size
    return 0
