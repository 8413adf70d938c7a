"""Per-codec payload rewriting of the MPEG-TS muxer (FFmpeg 5.1.9 mpegtsenc.c behaviour):
access unit delimiters for H.264 (ITU-T H.264 7.3.2.4) and HEVC (ITU-T H.265 7.3.2.5) with the
Annex B extradata before key frames lacking parameter sets, ADTS headers for AAC with an
AudioSpecificConfig (ISO/IEC 13818-7 6.2), the Opus control header of ETSI TS 102 366
(Opus in MPEG-TS) with trim fields, and the AC-3 fields the DVB AC-3 descriptor needs.
"""
from __future__ import annotations

from ...errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError
from ...model import PKT_FLAG_KEY
from .mux_pes import write_pes

_OPUS_DURATIONS = (480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880,
                   480, 960, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960,
                   120, 240, 480, 960, 120, 240, 480, 960)


def find_start_code(buf: bytes, p: int, end: int, state: int):
    """avpriv_find_start_code: (new position, state) with state holding the last 4 bytes."""
    if p >= end:
        return end, state
    for _ in range(3):
        tmp = (state << 8) & 0xFFFFFFFF
        state = tmp + buf[p]
        p += 1
        if tmp == 0x100 or p == end:
            return p, state
    while p < end:
        if buf[p - 1] > 1:
            p += 3
        elif buf[p - 2]:
            p += 2
        elif buf[p - 3] | (buf[p - 1] - 1):
            p += 1
        else:
            p += 1
            break
    p = min(p, end) - 4
    state = int.from_bytes(buf[p:p + 4], "big")
    return p + 4, state


def _check_startcode(mx, st, data: bytes, name: str) -> None:
    if len(data) < 5 or (data[:4] != b"\0\0\0\1" and data[:3] != b"\0\0\1"):
        nb = mx.mux_ctx.ms[st.index].nb_frames if getattr(mx, "mux_ctx", None) else st.nb_frames
        if not nb:
            if name == "h264":
                mx.log.error("H.264 bitstream malformed, no startcode found, use the video "
                             "bitstream filter 'h264_mp4toannexb' to fix it ('-bsf:v "
                             "h264_mp4toannexb' option with ffmpeg)\n")
                raise CineError(code=AVERROR_INVALIDDATA)
            mx.log.error("HEVC bitstream malformed, no startcode found\n")
            raise CineError(code=AVERROR_PATCHWELCOME)
        msg = "%s bitstream error, startcode missing, size %d" % (
            "H.264" if name == "h264" else "HEVC", len(data))
        if data:
            msg += " data %08X" % int.from_bytes(data[:4].ljust(4, b"\0"), "big")
        mx.log.warning(msg + "\n")


def _keyframe_extradata(mx, st, data: bytes, key: bool, name: str):
    """Checks the packet's start code and returns (extradata, how much of it a key frame may
    carry in front): none unless the extradata is itself Annex B (starts 00 00 00/01)."""
    ex = st.codecpar.extradata or b""
    _check_startcode(mx, st, data, name)
    extradd = len(ex) if key else 0
    if extradd and int.from_bytes(ex[:3].ljust(3, b"\0"), "big") > 1:
        extradd = 0
    return ex, extradd


def _h264(mx, st, data: bytes, key: bool) -> bytes:
    ex, extradd = _keyframe_extradata(mx, st, data, key, "h264")
    p, end, state = 0, len(data), 0xFFFFFFFF
    while True:
        p, state = find_start_code(data, p, end, state)
        if state & 0x1F == 7:
            extradd = 0
        if not (p < end and state & 0x1F not in (9, 5, 1)):
            break
    if state & 0x1F != 5:
        extradd = 0
    if state & 0x1F != 9:
        return b"\0\0\0\1\x09\xf0" + ex[:extradd] + data
    return data


def _hevc(mx, st, data: bytes, key: bool) -> bytes:
    ex, extradd = _keyframe_extradata(mx, st, data, key, "hevc")
    p, end, state = 0, len(data), 0xFFFFFFFF
    while True:
        p, state = find_start_code(data, p, end, state)
        t = state & 0x7E
        if t == 2 * 32:
            extradd = 0
        if not (p < end and t != 2 * 35 and t >= 2 * 32):
            break
    t = state & 0x7E
    if t < 2 * 16 or t >= 2 * 24:
        extradd = 0
    if t != 2 * 35:
        return b"\0\0\0\1\x46\x01\x50" + ex[:extradd] + data
    return data


def _aac(mx, st, ts_st, pkt) -> bytes:
    data = pkt.data
    if len(data) < 2:
        mx.log.error("AAC packet too short\n")
        raise CineError(code=AVERROR_INVALIDDATA)
    if (data[0] << 8 | data[1]) & 0xFFF0 == 0xFFF0:
        return data
    if ts_st.adts is None:
        mx.log.error("AAC bitstream not in ADTS format and extradata missing\n")
        return data
    if not hasattr(ts_st.adts, "pb"):
        return ts_st.adts.frame(data)          # LATM framing
    sink = ts_st.adts.pb
    sink.buf = bytearray()
    ts_st.adts.write_packet(pkt)
    return bytes(sink.buf)


def _side_skip_end(pkt) -> int:
    """The discard-padding sample count of AV_PKT_DATA_SKIP_SAMPLES (0 when absent)."""
    for sd in pkt.side_data:
        if sd.type in ("Skip Samples", "skip_samples"):
            raw = bytes(sd.data or b"")
            if len(raw) >= 10:
                return int.from_bytes(raw[4:8], "little")
            return int(dict(sd.fields or ()).get("discard_padding", 0) or 0)
    return 0


def _opus(mx, st, ts_st, pkt):
    data = pkt.data
    if len(data) < 2:
        mx.log.error("Opus packet too short\n")
        raise CineError(code=AVERROR_INVALIDDATA)
    if (data[0] << 8 | data[1]) >> 5 == 0x3FF:
        mx.log.warning("Got MPEG-TS formatted Opus data, unhandled")
        return data, 0
    toc = data[0]
    fd = _OPUS_DURATIONS[toc >> 3]
    c = toc & 3
    nframes = 1 if c == 0 else (2 if c in (1, 2) else data[1] & 63)
    samples = nframes * fd
    if samples > 5760:
        mx.log.warning("Opus packet duration > 120 ms, invalid")
        samples = 0
    sr = st.codecpar.sample_rate or 48000
    trim_end = _side_skip_end(pkt) * 48000 // sr
    head = bytearray(b"\x7f\xe0")
    if ts_st.opus_trim_start:
        head[1] |= 0x10
    if trim_end:
        head[1] |= 0x08
    n = len(data)
    while True:
        head.append(min(n, 255))
        n -= 255
        if n < 0:
            break
    trim_start = 0
    if ts_st.opus_trim_start:
        trim_start = min(ts_st.opus_trim_start, samples)
        head += (trim_start & 0xFFFF).to_bytes(2, "big")
        ts_st.opus_trim_start -= trim_start
    if trim_end:
        trim_end = min(trim_end, samples - trim_start)
        head += (trim_end & 0xFFFF).to_bytes(2, "big")
    return bytes(head) + data, samples


def _ac3_desc(data: bytes):
    """(component_type, bsid) from an AC-3 sync frame header, None when it does not parse."""
    if len(data) < 7 or data[0] != 0x0B or data[1] != 0x77:
        return None
    bsid = data[5] >> 3
    if bsid > 10:
        return None         # E-AC-3 style headers: not parsed here
    if (data[4] >> 6) == 3 or (data[4] & 0x3F) > 37:
        return None
    bsmod = data[5] & 7
    acmod = data[6] >> 5
    if acmod == 0:
        nch = 1
    elif acmod == 1:
        nch = 0
    elif acmod == 2:
        nch = 3 if (data[6] >> 3) & 3 == 2 else 2      # dolby surround mode on
    else:
        nch = 4
    full = 0 if bsmod in (1, 4) or (bsmod == 7 and not nch) else 1
    return (full << 6 | bsmod << 3 | nch), bsid


def rewrite_payload(mx, st, ts_st, pkt, key: bool, pts, dts):
    """The bytes to packetise for `pkt` and its Opus sample count; None when the packet was
    written already (PCM Blu-ray in m2ts)."""
    c = st.codecpar.codec_name
    data = bytes(pkt.data)
    if c == "h264":
        return _h264(mx, st, data, key), 0
    if c == "aac":
        return _aac(mx, st, ts_st, pkt), 0
    if c == "hevc":
        return _hevc(mx, st, data, key), 0
    if c == "opus":
        return _opus(mx, st, ts_st, pkt)
    if c == "ac3" and ts_st.ac3_desc is None:
        ts_st.ac3_desc = _ac3_desc(data)
    elif c == "pcm_bluray" and mx.m2ts:
        write_pes(mx, st, ts_st, data, pts, dts, bool(pkt.flags & PKT_FLAG_KEY), -1)
        return None
    return data, 0
