"""Speex stream facts after avformat_find_stream_info (FFmpeg 5.1.9's native speex decoder
init): the 80-byte Speex header in extradata (Speex manual, "Ogg file format" header layout)
gives rate, channels and nominal bit rate; output is flt with an unspecified channel order.
"""
from __future__ import annotations

SPEEX_NB_MODES = 3
NB_FRAME_SIZE = 160
HEADER_SIZE = 80
INT32_MAX = 0x7FFFFFFF
SPXN = 0x4E585053   # MKTAG('S','P','X','N')


def _i32(b: bytes, off: int) -> int:
    return int.from_bytes(b[off:off + 4], "little", signed=True)


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    ext = par.extradata
    bitrate = 0
    if ext and len(ext) >= HEADER_SIZE:
        if ext[:8] != b"Speex   ":
            par.decoder_open_failed = True
            return
        rate, mode, bsver = _i32(ext, 36), _i32(ext, 40), _i32(ext, 44)
        channels, bitrate, frame_size = _i32(ext, 48), _i32(ext, 52), _i32(ext, 56)
        fpp = _i32(ext, 64)
        if (rate <= 0 or not 0 <= mode < SPEEX_NB_MODES or bsver != 4
                or not 0 < channels <= 2 or frame_size < NB_FRAME_SIZE << mode
                or not 0 < fpp <= 64 or fpp >= INT32_MAX // channels // frame_size):
            par.decoder_open_failed = True
            return
    else:
        rate, channels = par.sample_rate, par.channels
        if rate <= 0 or not 0 < channels <= 2:
            par.decoder_open_failed = True
            return
    if par.codec_tag == SPXN:
        if not ext or len(ext) < 47 or ext[37] > 10:
            par.decoder_open_failed = True
            return
        channels = 1
        rate = par.sample_rate
        if rate <= 0:
            par.decoder_open_failed = True
            return
    if bitrate > 0:
        par.bit_rate = bitrate
    par.channels = channels
    par.channel_layout = None
    par.sample_rate = rate
    par.format = "flt"
