"""The time base a stream-copied output stream starts with (FFmpeg 5.1.9 libavformat/avformat.c
avformat_transfer_internal_stream_timing_info, as fftools/ffmpeg.c init_output_stream_streamcopy
calls it with -copytb's default AVFMT_TBCF_AUTO).

The reference compares the input stream's time base with the time base of its decoder context
after avformat_find_stream_info (libavcodec sets it to 1 / (framerate * ticks_per_frame) once the
decoder knows a frame rate, audio decoders to 1 / sample_rate). Muxers without variable frame
rate support (raw elementary streams, ADTS, MP3, FLAC...) then get the coarser codec time base.
cine decodes nothing, so the decoder's frame rate is read from the parameter sets the decoder
would read it from (H.264 SPS VUI timing, HEVC SPS/VPS timing), or, without timing there, is
the one the raw video demuxers (h264, hevc) preset in the decoder context (25 fps): the
reference's find_stream_info always decodes a packet of these, which sets the time base.
Decoders that take the rate from each picture header (H.263: the picture clock) get it from
what their analyzer read in the first picture (`codecpar.decoder_framerate`).
"""
from __future__ import annotations

from ..errors import CineError
from ..model import Rational, Stream
from ..timebase import reduce

INT_MAX = (1 << 31) - 1
# decoders that count a frame as two ticks (h264dec.c, mpeg12dec.c)
_TICKS_2 = {"h264", "mpeg1video", "mpeg2video"}
# av_match_name list of the reference: these muxers keep the input's time base
_MOV_FAMILY = {"mov", "mp4", "3gp", "3g2", "psp", "ipod", "ismv", "f4v"}


def _q(r: Rational) -> float:
    return r.num / r.den if r.den else 0.0


def ticks_per_frame(st: Stream) -> int:
    return 2 if st.codecpar.codec_type == "video" and st.codecpar.codec_name in _TICKS_2 else 1


# demuxers whose read_header leaves the audio sample rate to the parser: the decoder is
# opened with sample_rate 0, so its time base stays 1/0 and the input's is kept
_RATE_FROM_PARSER = {"mpegts", "mpeg", "mp3", "aac", "ac3", "eac3", "dts", "truehd", "mlp",
                     "flv", "loas", "latm", "mpegtsraw", "mp2"}


def decoder_time_base(st: Stream, in_format: str | None = None) -> Rational:
    """The input stream's decoder context time base after find_stream_info."""
    par = st.codecpar
    if par.codec_type == "audio":
        if in_format is not None and set(in_format.split(",")) & _RATE_FROM_PARSER:
            return Rational(1, 0)
        return Rational(1, par.sample_rate) if par.sample_rate else Rational(0, 1)
    if par.codec_type not in ("video", "subtitle"):
        return Rational(0, 1)
    priv = getattr(st, "priv", None)
    known = getattr(priv, "avctx_time_base", None) if priv is not None else None
    if known is not None:
        return known
    rate = None
    ex = bytes(par.extradata or b"")
    try:
        if par.codec_name == "h264":
            rate = _h264_rate(ex)
        elif par.codec_name == "hevc":
            rate = _hevc_rate(ex)
        elif par.codec_name in ("mpeg4", "mpeg1video", "mpeg2video") and ex:
            # the VOL / sequence header the decoder reads from the extradata
            from ..formats.avi import decoder_rate
            fn = decoder_rate.mpeg4_time_base if par.codec_name == "mpeg4" \
                else decoder_rate.mpeg12_time_base
            known = fn(ex)
            if known is not None:
                return known
    except (CineError, IndexError, ValueError):
        rate = None
    tpf = ticks_per_frame(st)
    if rate is None:
        # the frame rate the decoder set from the picture it decoded during find_stream_info
        # (an analyzer that reads it from the first picture header records it: H.263)
        found = getattr(par, "decoder_framerate", None)
        if found is not None and found.num > 0 and found.den > 0:
            rate = found.num, found.den
    if rate is None:
        # a raw video demuxer presets the decoder's frame rate, kept without SPS timing
        preset = getattr(priv, "decoder_framerate", None) if priv is not None else None
        if preset is not None and preset.num > 0 and preset.den > 0:
            rate = preset.num, preset.den
    if rate is not None:
        # decode.c: time_base = 1 / (framerate * ticks_per_frame)
        num, den = rate                      # framerate num/den
        return reduce(den, num * tpf, INT_MAX)
    tb = st.time_base
    if par.codec_name == "h264" and tb.den:
        # h264_decode_init doubles the initial (stream) time base
        return Rational(tb.num, tb.den * 2) if tb.den < INT_MAX // 2 else Rational(tb.num // 2, tb.den)
    return tb


def _h264_rate(extradata: bytes):
    from ..codecs.h264.avcc import parse_avcc
    from ..codecs.h264.sps import parse_sps
    for nal in parse_avcc(extradata).nals:
        if nal and nal[0] & 0x1F == 7:
            sps = parse_sps(nal)
            if sps.timing_info_present and sps.num_units_in_tick and sps.time_scale:
                # h264_slice.c: framerate = time_scale / (num_units_in_tick * ticks_per_frame)
                r = reduce(sps.time_scale, sps.num_units_in_tick * 2, 1 << 30)
                return r.num, r.den
            return None
    return None


def _hevc_rate(extradata: bytes):
    from ..codecs.hevc.hvcc import parse_hvcc
    from ..codecs.hevc.vps_sps import parse_sps, parse_vps
    vps = {}
    sps = None
    for nal in parse_hvcc(extradata).nals:
        if len(nal) < 3:
            continue
        t = (nal[0] >> 1) & 0x3F
        if t == 32:
            v = parse_vps(nal)
            vps[nal[2] >> 4] = v
        elif t == 33 and sps is None:
            sps = parse_sps(nal)
    if sps is None:
        return None
    num = den = 0
    if sps.vui_num_units_in_tick and sps.vui_time_scale:
        num, den = sps.vui_num_units_in_tick, sps.vui_time_scale
    else:
        v = vps.get(sps.vps_id)
        if v is not None and v.num_units_in_tick and v.time_scale:
            num, den = v.num_units_in_tick, v.time_scale
    if num and den:
        r = reduce(den, num, 1 << 30)
        return r.num, r.den
    return None


def copy_time_base(entry, ist: Stream, in_format: str | None = None) -> Rational:
    """The output stream's time base for a stream copy to the muxer `entry` (in_format: the
    input's demuxer name)."""
    ist_tb = ist.time_base
    enc = ist_tb
    names = set(entry.name.split(","))
    if entry.name == "avi":
        return _avi_time_base(ist, in_format)
    if not entry.has_flag("variable_fps") and not names & _MOV_FAMILY:
        dec = decoder_time_base(ist, in_format)
        tpf = ticks_per_frame(ist)
        if dec.den and dec.num and _q(dec) * tpf > _q(ist_tb) and _q(ist_tb) < 1.0 / 500:
            enc = Rational(dec.num * tpf, dec.den)
    if not enc.den or enc.num <= 0:
        return Rational(0, 0)
    return reduce(enc.num, enc.den, INT_MAX)


def _avi_time_base(ist: Stream, in_format: str | None = None) -> Rational:
    dec = decoder_time_base(ist, in_format)
    tpf = ticks_per_frame(ist)
    tb = ist.time_base
    r = ist.r_frame_rate
    a = ist.avg_frame_rate
    if (r.num and _q(r) >= _q(a) and 0.5 / _q(r) > _q(tb) and 0.5 / _q(r) > _q(dec)
            and _q(tb) < 1.0 / 500 and _q(dec) < 1.0 / 500):
        return reduce(r.den, 2 * r.num, INT_MAX)
    if _q(dec) * tpf > 2 * _q(tb) and _q(tb) < 1.0 / 500:
        return reduce(dec.num * tpf, dec.den * 2, INT_MAX)
    return reduce(tb.num, tb.den, INT_MAX) if tb.den else Rational(0, 0)
