"""The Matroska muxer's packet path without building packets (pipeline/fastcopy.py):
mkv_write_packet's cluster decisions, its one-packet hold of audio, and the SimpleBlock and
cue entry of mkv_write_packet_internal, for tracks whose blocks are the payload as is (no
reformatting, no side data). Anything else goes through write_packet."""
from __future__ import annotations

import bisect

from ...model import Packet
from . import mux_ebml as E

CRC_RESERVED = 6
_SIMPLE_BLOCK_ID = E.id_bytes(E.SIMPLE_BLOCK)


def lean_writer(mux, index: int):
    """write(data, pts, dts, duration, flags) -> bool for stream `index`, or None."""
    if index >= len(mux.tracks) or index >= len(mux.ctx.streams):
        return None
    st = mux.ctx.streams[index]
    par = st.codecpar
    if par.codec_type not in ("video", "audio") or not _plain(mux, index):
        return None
    if par.codec_name in ("aac", "flac", "av1") and not par.extradata:
        return None
    is_audio = par.codec_type == "audio"
    is_video = not is_audio

    def write(data, pts, dts, duration, flags) -> bool:
        if mux.cluster_pos != -1:
            trk = mux.tracks[index]
            ts = dts if trk.write_dts else pts
            ctime = ts - mux.cluster_pts
            csize = len(mux.cluster_body) + (CRC_RESERVED if mux.write_crc else 0)
            if (csize > mux.cluster_size_limit or ctime > mux.cluster_time_limit
                    or (is_video and flags & 1 and csize > 4 * 1024)):
                mux._end_cluster()
        held = mux.cur_audio
        if held is not None:
            mux.cur_audio = None
            if held.side_data or not _plain(mux, held.stream_index):
                mux._write_internal(held)
            else:
                _internal(mux, held.stream_index, held.data, held.pts, held.dts,
                          held.duration, held.flags)
        if is_audio:
            if data:
                mux.cur_audio = Packet(index, bytes(data), pts, dts, duration, -1, flags, [])
        else:
            _internal(mux, index, data, pts, dts, duration, flags)
        return True
    return write


def _plain(mux, index: int) -> bool:
    trk = mux.tracks[index]
    par = mux.ctx.streams[index].codecpar
    return not trk.reformat and not trk.offset and par.codec_type in ("video", "audio")


def _internal(mux, index: int, data, pts, dts, duration, flags) -> None:
    """mkv_write_packet_internal for a SimpleBlock of a video or audio track."""
    trk = mux.tracks[index]
    key = flags & 1
    if duration < 0:
        duration = 0
    ts = dts if trk.write_dts else pts
    if ts is None:
        mux._write_internal(Packet(index, data, pts, dts, duration, -1, flags, []))
        return
    if mux.cluster_pos != -1 and not -32768 <= ts - mux.cluster_pts <= 32767:
        mux._end_cluster()
        mux.log.warning("Starting new cluster due to timestamp\n")
    if mux.cluster_pos == -1:
        mux._start_cluster(ts)
    out = mux.cluster_body
    rel_pos = len(out) + (CRC_RESERVED if mux.write_crc else 0)
    head = E.enc_num(trk.num, trk.num_size) + ((ts - mux.cluster_pts) & 0xFFFF).to_bytes(2, "big") \
        + (b"\x80" if key else b"\0")
    out += _SIMPLE_BLOCK_ID + E.enc_length(len(head) + len(data)) + head
    out += data
    if key and mux.seekable:
        if mux.ctx.streams[index].codecpar.codec_type == "video" \
                or (not mux.have_video and not trk.has_cue):
            if ts >= 0:
                i = bisect.bisect_right(mux.cue_keys, ts)
                mux.cue_keys.insert(i, ts)
                mux.cues.insert(i, (ts, index, mux.cluster_pos - mux.segment_offset, rel_pos, 0))
            trk.has_cue = True
    trk.last_ts = ts
    end = ts + duration
    if end > mux.duration:
        mux.duration = end
    if end > trk.duration:
        trk.duration = end
