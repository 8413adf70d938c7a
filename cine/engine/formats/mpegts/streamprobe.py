"""Codec detection from stream data (FFmpeg 5.1.9 demux.c probe_codec and
set_codec_from_probe_data): the raw-format probes score the stream's first bytes, and
the winner's codec is adopted when it is one of the elementary-stream formats."""
from __future__ import annotations

from ...limits import PROBESIZE

FMT_CODECS = {
    "aac": ("audio", "aac"), "ac3": ("audio", "ac3"), "aptx": ("audio", "aptx"),
    "dts": ("audio", "dts"), "dvbsub": ("subtitle", "dvb_subtitle"),
    "dvbtxt": ("subtitle", "dvb_teletext"), "eac3": ("audio", "eac3"),
    "h264": ("video", "h264"), "hevc": ("video", "hevc"), "loas": ("audio", "aac_latm"),
    "m4v": ("video", "mpeg4"), "mjpeg_2000": ("video", "jpeg2000"), "mp3": ("audio", "mp3"),
    "mpegvideo": ("video", "mpeg2video"), "truehd": ("audio", "truehd"),
}
SCORE_STREAM_RETRY = 25


def _set_codec(st, buf: bytes) -> int:
    from ..detect import probe_buffer
    entry, score = probe_buffer(buf, "")
    if entry is None:
        return 0
    hit = FMT_CODECS.get(entry.name)
    if hit is None:
        return 0
    if hit[0] != "audio" and st.codecpar.sample_rate:
        return 0
    if st.priv.request_probe > score and st.codecpar.codec_name != hit[1]:
        return 0
    st.codecpar.codec_type, st.codecpar.codec_name = hit
    return score


def _log2(n: int) -> int:
    return max(n.bit_length() - 1, 0)


def probe_codec(dm, st, pkt) -> None:
    pv = st.priv
    if pv.request_probe <= 0:
        return
    pv.probe_packets -= 1
    before = len(pv.probe_buf)
    if pkt is not None:
        pv.probe_buf += pkt.data
    else:
        pv.probe_packets = 0
        if not pv.probe_buf:
            dm.log.warning("nothing to probe for stream %d\n" % st.index)
    size = len(pv.probe_buf)
    end = getattr(dm, "raw_size", 0) >= PROBESIZE or pv.probe_packets <= 0
    if end or _log2(size) != _log2(before):
        score = _set_codec(st, pv.probe_buf)
        if (st.codecpar.codec_name is not None and score > SCORE_STREAM_RETRY) or end:
            pv.probe_buf = b""
            pv.request_probe = -1
            if st.codecpar.codec_name is None:
                dm.log.warning("probed stream %d failed\n" % st.index)
