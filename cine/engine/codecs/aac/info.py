"""AAC stream facts after avformat_find_stream_info (FFmpeg 5.1.9 aac decoder): decoder init
on the AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) and the first raw_data_block decoded.

What changes in the codec parameters:
- init: sample_fmt fltp; channel count and layout from the ASC (program_config_element or
  table 1.19 configuration; explicit SBR on a mono stream implies PS, i.e. stereo output);
- first packet (AV_CODEC_CAP_CHANNEL_CONF forces one decode): profile = object type - 1,
  HE-AAC when SBR is signalled, and the output sample rate (core rate, doubled by SBR) and
  frame_size.

Implicit SBR (an LC configuration whose first frame carries SBR data in a fill element after
a channel element): found by walking over the AAC-LC channel elements in plain Python
(frame_skip.py); the stream is then HE-AAC at twice the rate, or, mono with parametric stereo
unknown, HE-AACv2 in stereo.
"""
from __future__ import annotations

from ...errors import CineError, Unsupported
from ..decoder_open import PROBE
from ..missing import log_unsupported
from ...log import Logger
from . import asc as A
from .frame import OVERREAD, first_frame

FF_PROFILE_AAC_HE = 4
FF_PROFILE_AAC_HE_V2 = 28
ADTS_SYNC = 0xFFF


def _logger(log) -> Logger:
    """The probing decoder's context: avformat_find_stream_info's own decoder, whose lines
    carry another address than the decoder that decodes the stream later (so the same line
    from both is never folded into "Last message repeated")."""
    return Logger("aac" + PROBE, getattr(log, "sink", None))


def _adts_header(data: bytes) -> tuple[int, int, int] | None:
    """(object_type, sampling_index, chan_config) of an ADTS fixed header (1.A.2.2.1)."""
    if len(data) < 7:
        return None
    b = data
    if (b[1] >> 1) & 3 != 0:                     # layer must be 0
        return None
    frame_len = ((b[3] & 3) << 11) | (b[4] << 3) | (b[5] >> 5)
    if frame_len < 7:
        return None
    aot = (b[2] >> 6) + 1
    sr_index = (b[2] >> 2) & 0xF
    if sr_index > 12:
        return None
    chan = ((b[2] & 1) << 2) | (b[3] >> 6)
    return aot, sr_index, chan


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    alog = _logger(log)
    if par.sample_rate > 96000:
        par.decoder_open_failed = True           # FFmpeg 5.1.9: init refuses the stream
        return
    par.format = "fltp"
    try:
        if par.extradata:
            cfg = A.decoder_config(par.extradata)
        else:
            cfg = A.config_from_channels(par.sample_rate, par.channels)
    except Unsupported as exc:
        log_unsupported(alog, exc)
        par.decoder_open_failed = True
        return
    except CineError as exc:
        if exc.detail.endswith("\n"):
            alog.error(exc.detail)
        par.decoder_open_failed = True
        return
    for level, msg in cfg.logs:
        alog.log(level, msg)
    if cfg.logs:
        # what the init logs again when ffprobe opens its own decoder after the dump
        par.decoder_open_log = tuple(("aac", level, msg) for level, msg in cfg.logs)
    m4ac = cfg.m4ac
    if par.extradata or m4ac.chan_config:
        if cfg.layout_map or par.extradata:
            par.channels, par.channel_layout = cfg.channels, cfg.layout
    if par.channels > A.MAX_CHANNELS:
        alog.error("Too many channels\n")
        par.decoder_open_failed = True
        return

    # FFmpeg 5.1.9: find_stream_info decodes packet after packet until one gives the rate
    for pkt in packets:
        if pkt.data and _decode(par, m4ac, cfg, bytes(pkt.data), alog):
            break


def _decode(par, m4ac, cfg, data: bytes, alog) -> bool:
    """One aac_decode_frame as far as the codec parameters see it: False when the frame
    fails (what its header configured stays, the rate does not), True when it is done."""
    start_bit = 0
    frame_len = 0
    if len(data) >= 2 and (data[0] << 4 | data[1] >> 4) == ADTS_SYNC:
        hdr = _adts_header(data)
        if hdr is None:
            alog.error("Error decoding AAC frame header.\n")
            return False
        aot, sr_index, chan = hdr
        frame_len = ((data[3] & 3) << 11) | (data[4] << 3) | (data[5] >> 5)
        start_bit = 56 if data[1] & 1 else 72    # protection_absent: no CRC word
        m4ac.object_type = aot
        m4ac.sampling_index = sr_index
        m4ac.sample_rate = A.SAMPLE_RATES[sr_index]
        if chan and chan != m4ac.chan_config:
            try:
                layout = A.default_channel_map(chan)
                par.channels, par.channel_layout = A.output_layout(layout, m4ac.ps)
                m4ac.chan_config = chan
            except CineError:
                return False
    par.profile = m4ac.object_type - 1
    if m4ac.object_type not in (A.AOT_ER_AAC_LC, A.AOT_ER_AAC_LTP, A.AOT_ER_AAC_LD,
                                A.AOT_ER_AAC_ELD):
        start = first_frame(data, start_bit, m4ac, cfg.layout_map, par.channels,
                            par.channel_layout)
        for level, msg in start.logs:
            alog.log(level, msg)
        if not start.ok:
            return False                         # decode fails: trial configuration undone
        par.channels, par.channel_layout = start.channels, start.layout
        if start.sbr is not None:
            # implicit SBR (FFmpeg 5.1.9 decode_extension_payload): the rate doubles; a mono
            # stream whose parametric stereo is unknown becomes HE-AACv2, output in stereo
            m4ac.sbr = 1
            if not m4ac.ext_sample_rate:
                m4ac.ext_sample_rate = 2 * m4ac.sample_rate
            if start.sbr == "ps":
                m4ac.ps = 1
                par.profile = FF_PROFILE_AAC_HE_V2
                par.channels, par.channel_layout = A.output_layout(
                    cfg.layout_map or A.default_channel_map(1), 1)
        if frame_len > len(data) and not start.complete:
            # a frame cut short (end of file): its raw_data_block runs out of bits before
            # the END element, so the decode fails and the rate stays unknown
            alog.error(OVERREAD)
            return False
    if not par.channels:
        return False                             # no output configuration: decode fails
    if m4ac.object_type in (A.AOT_ER_AAC_LC, A.AOT_ER_AAC_LTP, A.AOT_ER_AAC_LD,
                            A.AOT_ER_AAC_ELD):
        return True                              # ER frames leave rate and frame size alone
    sbr_found = m4ac.sbr == 1 and not m4ac.frame_length_short
    if sbr_found and par.profile != FF_PROFILE_AAC_HE_V2:
        par.profile = FF_PROFILE_AAC_HE
    multiplier = 1 if m4ac.sbr == 1 and m4ac.ext_sample_rate > m4ac.sample_rate else 0
    samples = (960 if m4ac.frame_length_short else 1024) << multiplier
    par.sample_rate = m4ac.sample_rate << multiplier
    par.frame_size = samples
    return True
