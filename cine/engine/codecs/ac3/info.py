"""AC-3 / E-AC-3 stream facts after avformat_find_stream_info (FFmpeg 5.1.9): the mov
demuxer asks for full parsing, so the ac3 parser sees every packet read (rate, layout and a
running-average bit rate for AC-3) and the decoder decodes the first one
(AV_CODEC_CAP_CHANNEL_CONF): rate, layout and that frame's bit rate (ATSC A/52 5.4.1).
"""
from __future__ import annotations

from ... import chlayout as CL
from ...log import Logger
from . import audblk as B
from . import header as H


def _trunc_div(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    par.format = "fltp"
    frame_number = 0
    decoded = False
    dlog = Logger(par.codec_name if par.codec_name in ("ac3", "eac3") else "ac3",
                  getattr(log, "sink", None))
    state: dict = {}
    for pkt in packets:
        if not pkt.data:
            continue
        hdrs = H.frames(pkt.data)
        if not hdrs:
            if not decoded:
                # the parser flushes bytes without a valid header as a packet of its own
                data = _resync(bytes(pkt.data), dlog, state)
                hdrs = H.frames(data) if data is not None else []
                if hdrs:
                    decoded = _decode_first(par, data, hdrs, dlog, state)
            continue
        state["channels"] = hdrs[0].channels
        # parser: one output per packet, carrying the values of its (last) synced header
        h = hdrs[0]
        if h.is_eac3:
            par.codec_name = "eac3"
        elif par.codec_name not in ("ac3", "eac3"):
            par.codec_name = "ac3"
        par.sample_rate = h.sample_rate
        frame_number += 1
        if par.codec_name != "eac3":
            par.channels, par.channel_layout = CL.layout_from_mask(h.channel_mask)
            par.bit_rate += _trunc_div(h.bit_rate - par.bit_rate, frame_number)
        if not decoded:
            decoded = _decode_first(par, bytes(pkt.data), hdrs, dlog, state)


# header.parse's refusals -> the decoder's parse_frame_header error messages
_HEADER_ERRORS = (("sync", "frame sync error\n"), ("bsid", "invalid bitstream id\n"),
                  ("sample rate", "invalid sample rate\n"), ("frame size", "invalid frame size\n"),
                  ("frame type", "invalid frame type\n"))


def _resync(data: bytes, dlog, state) -> bytes | None:
    """ac3_decode_frame on a packet that does not start with a header: the sync word is
    looked for at the start (a later one consumes the bytes before it and the rest is
    decoded anew); the data from a valid header on, else None with the decoder's error
    logged (FFmpeg 5.1.9)."""
    for _ in range(len(data)):
        n = len(data)
        i = 1
        while i < n:
            if data[i] in (0x77, 0x0B):
                if data[i] ^ data[i - 1] == 0x7C:
                    i -= 1
                    break
                if i + 1 < n and data[i] ^ data[i + 1] == 0x7C:
                    break
            i += 2
        if i >= n:
            return None                               # AVERROR_INVALIDDATA, silently
        if i > 10:
            data = data[i:]                           # consumed: the rest comes next
            continue
        data = data[i:]
        if data[:2] == b"\x77\x0b":
            return None                               # byte-swapped: not modelled
        try:
            H.parse(data)
            return data
        except Exception as exc:                      # noqa: BLE001 - InvalidData
            text = str(exc)
        msg = next((m for key, m in _HEADER_ERRORS if key in text), None)
        if msg is None:
            return None
        dlog.error(msg)
        if msg == "frame sync error\n":
            return None
        if not state.get("channels"):
            dlog.error("unable to determine channel mode\n")
        return None
    return None


def _decode_first(par, data: bytes, hdrs, dlog, state) -> bool:
    """The decoder on the first packet: the independent frame, plus a following dependent
    E-AC-3 frame (its bit rate adds up; its channel map extends the layout). False when
    the decoder outputs no frame, so find_stream_info decodes the next packet."""
    h = hdrs[0]
    check = B.check_frame(data, h, state)
    for level, msg in check.logs:
        dlog.log(level, msg)
    if check.status in (B.SKIPPED, B.FAILED):
        return False
    failed = check.status == B.BLOCK_ERROR
    rate = h.bit_rate
    mask = h.channel_mask
    channel_map = 0
    rest = len(data) - h.frame_size
    if rest > 16 and len(hdrs) > 1:
        dep = hdrs[1]
        if dep.frame_type == H.FRAME_DEPENDENT:
            if dep.num_blocks != h.num_blocks or dep.sample_rate != h.sample_rate:
                pass                                 # "Ignoring non-compatible dependent frame."
            else:
                # FFmpeg 5.1.9: the dependent frame's own block errors decide the outcome
                dcheck = B.check_frame(data[h.frame_size:], dep, state)
                for level, msg in dcheck.logs:
                    dlog.log(level, msg)
                if dcheck.status in (B.SKIPPED, B.FAILED):
                    return False                     # no frame comes out of this packet
                failed = dcheck.status == B.BLOCK_ERROR
                rate += dep.bit_rate
                if dep.chanmap is not None:
                    extra = H.chanmap_mask(dep.chanmap)
                    if CL.nb_channels(extra) <= 16:
                        channel_map = dep.chanmap
                mask = h.channel_mask | H.chanmap_mask(channel_map)
                if CL.nb_channels(mask) > 16:
                    return True                      # "Too many channels (%d) coded"
    if not failed:
        # FFmpeg 5.1.9: a frame with a bad audio block is output concealed, but the
        # decoder leaves sample_rate and bit_rate as they were
        par.sample_rate = h.sample_rate
        par.bit_rate = rate
    par.channels, par.channel_layout = CL.layout_from_mask(mask)
    # FFmpeg 5.1.9: the AC-3/E-AC-3 decoder never sets avctx->frame_size (muxers see 0)
    return True
