"""Which decoders cine has: codec name -> "module:Class", imported only when a stream is
decoded (the probe path never loads them).

A decoder is opened for one stream by open_decoder (raising CineError when it cannot);
`decode(data, pts, dts, duration) -> list[VideoFrame]` takes one packet's bytes and times
(stream time base), `flush() -> list[VideoFrame]` returns what it still holds at the end.
Frames carry the pts the decoder chose (AVFrame.best_effort_timestamp).
"""
from __future__ import annotations

import sys

DECODERS: dict[str, str] = {
    "rawvideo": "cine.engine.codecs.rawvideo.decoder:RawVideoDecoder",
    "h264": "cine.engine.codecs.h264.decoder:H264Decoder",
    "pcm_bluray": "cine.engine.codecs.pcm_bluray:PcmBlurayDecoder",
    "flac": "cine.engine.codecs.flac.decoder:FlacDecoder",
    "alac": "cine.engine.codecs.alac.decoder:AlacDecoder",
    "vorbis": "cine.engine.codecs.vorbis.decoder:VorbisDecoder",
    "mp3": "cine.engine.codecs.mp3.decoder:Mp3Decoder",
    "mp2": "cine.engine.codecs.mp3.layer12_decoder:MpaFixedDecoder",
    "mp1": "cine.engine.codecs.mp3.layer12_decoder:MpaFixedDecoder",
    "aac": "cine.engine.codecs.aac.decoder:AacDecoder",
    "opus": "cine.engine.codecs.opus.decoder:OpusDecoder",
}
# the reference's decoder names where they are not the codec's (its log lines say
# "[mp3float @ ...]", its stream mapping "mp3 (mp3float)"); the others print "native"
DECODER_NAMES = {"mp3": "mp3float"}
DECODERS.update({name: "cine.engine.codecs.pcm_codec:PcmDecoder" for name in (
    "pcm_s16le", "pcm_s16be", "pcm_s16le_planar", "pcm_s16be_planar", "pcm_s24le", "pcm_s24be",
    "pcm_s24le_planar", "pcm_s32le", "pcm_s32be", "pcm_s32le_planar", "pcm_s64le", "pcm_s64be",
    "pcm_u8", "pcm_s8", "pcm_s8_planar", "pcm_u16le", "pcm_u16be", "pcm_u24le", "pcm_u24be",
    "pcm_u32le", "pcm_u32be", "pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_f64be", "pcm_alaw",
    "pcm_mulaw")})


def decoder_name(codec_name: str) -> str:
    """The name the reference's decoder logs under."""
    return DECODER_NAMES.get(codec_name, codec_name)


def has_decoder(codec_name: str | None) -> bool:
    return codec_name in DECODERS


# pixel formats of the video streams a decoder decodes, where it does not decode them all
# (checked from the stream's parameters, without loading the decoder)
VIDEO_FORMATS = {"h264": (None, "yuv420p", "yuvj420p", "gray")}
# decoders of progressive pictures only (an interlaced stream's field order says it is not)
_FRAME_ONLY = ("h264",)


def video_decodable(codecpar) -> bool:
    """Whether cine has a decoder for this video stream, its pixel format (H.264: 8-bit
    4:2:0 and 4:0:0, not 4:2:2, 4:4:4 or more bits) and its field order (H.264: progressive
    or unknown; field and MBAFF pictures are not decoded), by name only."""
    if codecpar.codec_name not in DECODERS:
        return False
    formats = VIDEO_FORMATS.get(codecpar.codec_name)
    if formats is not None and codecpar.format not in formats:
        return False
    if codecpar.codec_name in _FRAME_ONLY:
        return getattr(codecpar, "field_order", None) in (None, "unknown", "progressive")
    return True


def decodable(codecpar) -> bool:
    """Whether cine decodes this stream: it has the codec's decoder, and the decoder's
    optional `supports(codecpar)` (a decoder of some of a codec's profiles) says yes."""
    cls = decoder_class(codecpar.codec_name)
    if cls is None:
        return False
    supports = getattr(cls, "supports", None)
    return supports is None or bool(supports(codecpar))


def decoder_class(codec_name: str):
    """The class, or None when cine has none (or its module is not there yet)."""
    path = DECODERS.get(codec_name)
    if path is None:
        return None
    mod, _, cls = path.partition(":")
    try:
        __import__(mod)
    except ImportError:
        return None
    return getattr(sys.modules[mod], cls, None)


def open_decoder(codecpar, time_base, log, skip_frame: str | None = None):
    """A decoder for one stream (None when cine has none): the H.264 decoder takes the
    extradata, -skip_frame, the video delay and color range of the codec parameters (and
    `log` for what it logs while decoding), the others the codec parameters."""
    cls = decoder_class(codecpar.codec_name)
    if cls is None:
        return None
    if codecpar.codec_name == "h264":
        return cls(extradata=codecpar.extradata or b"", skip_frame=skip_frame or "default",
                   time_base=(time_base.num, time_base.den),
                   video_delay=codecpar.video_delay or 0, color_range=codecpar.color_range,
                   log=log)
    return cls(codecpar, log)
