"""Codec analyzers: what avformat_find_stream_info learns about a stream from its extradata
and first packets (the parser and decoder's view: profile, level, pix_fmt, has_b_frames...).

Each module listed here exposes
    analyze(stream: Stream, packets: list[Packet], log: Logger) -> None
which refines stream.codecpar in place. Modules are imported lazily, only for codecs present.
"""
from __future__ import annotations

import sys

ANALYZERS: dict[str, str] = {
    # video
    "h264": "cine.engine.codecs.h264.info",
    "hevc": "cine.engine.codecs.hevc.info",
    "av1": "cine.engine.codecs.av1.info",
    "vp9": "cine.engine.codecs.vp9.info",
    "vp8": "cine.engine.codecs.vp8.info",
    "mpeg4": "cine.engine.codecs.mpeg4.info",
    "h263": "cine.engine.codecs.h263.info",
    "mjpeg": "cine.engine.codecs.mjpeg.info",
    "prores": "cine.engine.codecs.prores.info",
    "png": "cine.engine.codecs.png.info",
    "mpeg2video": "cine.engine.codecs.mpeg2video.info",
    "mpeg1video": "cine.engine.codecs.mpeg2video.info",
    "dnxhd": "cine.engine.codecs.dnxhd.info",
    "rawvideo": "cine.engine.codecs.rawvideo.info",
    "qtrle": "cine.engine.codecs.qtrle.info",
    "ffv1": "cine.engine.codecs.ffv1.info",
    # audio
    "aac": "cine.engine.codecs.aac.info",
    "mp3": "cine.engine.codecs.mp3.info",
    "mp2": "cine.engine.codecs.mp3.info",
    "mp1": "cine.engine.codecs.mp3.info",
    "alac": "cine.engine.codecs.alac.info",
    "opus": "cine.engine.codecs.opus.info",
    "vorbis": "cine.engine.codecs.vorbis.info",
    "speex": "cine.engine.codecs.speex.info",
    "theora": "cine.engine.codecs.theora.info",
    "adpcm_ms": "cine.engine.codecs.adpcm", "adpcm_ima_wav": "cine.engine.codecs.adpcm",
    "adpcm_yamaha": "cine.engine.codecs.adpcm", "adpcm_ima_oki": "cine.engine.codecs.adpcm",
    "adpcm_ct": "cine.engine.codecs.adpcm", "adpcm_zork": "cine.engine.codecs.adpcm",
    "adpcm_ima_dk3": "cine.engine.codecs.adpcm", "adpcm_ima_dk4": "cine.engine.codecs.adpcm",
    "flac": "cine.engine.codecs.flac.info",
    "ac3": "cine.engine.codecs.ac3.info",
    "eac3": "cine.engine.codecs.ac3.info",
    "amr_nb": "cine.engine.codecs.amr.info",
    "amr_wb": "cine.engine.codecs.amr.info",
    "mp4als": "cine.engine.codecs.als.info",
    "dts": "cine.engine.codecs.dca.info",
    "tta": "cine.engine.codecs.tta.info",
    "wavpack": "cine.engine.codecs.wavpack.info",
    # pcm variants and simple decoders (sample format facts only)
    "pcm_s16le": "cine.engine.codecs.pcm", "pcm_s16be": "cine.engine.codecs.pcm",
    "pcm_s24le": "cine.engine.codecs.pcm", "pcm_s24be": "cine.engine.codecs.pcm",
    "pcm_s32le": "cine.engine.codecs.pcm", "pcm_s32be": "cine.engine.codecs.pcm",
    "pcm_f32le": "cine.engine.codecs.pcm", "pcm_f32be": "cine.engine.codecs.pcm",
    "pcm_f64le": "cine.engine.codecs.pcm", "pcm_f64be": "cine.engine.codecs.pcm",
    "pcm_s8": "cine.engine.codecs.pcm", "pcm_u8": "cine.engine.codecs.pcm",
    "pcm_s64le": "cine.engine.codecs.pcm", "pcm_s64be": "cine.engine.codecs.pcm",
    "pcm_alaw": "cine.engine.codecs.pcm", "pcm_mulaw": "cine.engine.codecs.pcm",
    "pcm_u16le": "cine.engine.codecs.pcm", "pcm_u16be": "cine.engine.codecs.pcm",
    "pcm_u24le": "cine.engine.codecs.pcm", "pcm_u24be": "cine.engine.codecs.pcm",
    "pcm_u32le": "cine.engine.codecs.pcm", "pcm_u32be": "cine.engine.codecs.pcm",
    "pcm_s16le_planar": "cine.engine.codecs.pcm", "pcm_s24le_planar": "cine.engine.codecs.pcm",
    "pcm_s32le_planar": "cine.engine.codecs.pcm", "pcm_s8_planar": "cine.engine.codecs.pcm",
    "adpcm_ima_qt": "cine.engine.codecs.simple_audio", "gsm": "cine.engine.codecs.simple_audio",
    "gsm_ms": "cine.engine.codecs.simple_audio", "mace3": "cine.engine.codecs.simple_audio",
    "mace6": "cine.engine.codecs.simple_audio", "qdm2": "cine.engine.codecs.simple_audio",
    "qdmc": "cine.engine.codecs.simple_audio", "ilbc": "cine.engine.codecs.simple_audio",
    "dvvideo": "cine.engine.codecs.dvvideo.info",
    "pcm_bluray": "cine.engine.codecs.pcm_bluray",
}


# FFmpeg 5.1.9 (Debian build): what a decoder logs from its init each time it is opened, as
# (component, level, message); av1 decodes through libdav1d, which announces its version.
DECODER_INIT_LOG: dict[str, tuple[tuple[str, int, str], ...]] = {
    "av1": (("libdav1d", 32, "libdav1d 1.0.0\n"),),
}


def analyzer(codec_name: str | None):
    """The analyze function for a codec, or None when cine has no analyzer for it."""
    mod = ANALYZERS.get(codec_name or "")
    if mod is None:
        return None
    try:
        __import__(mod)  # not importlib.import_module: importing importlib costs start-up time
        return sys.modules[mod].analyze
    except ModuleNotFoundError:
        return None
