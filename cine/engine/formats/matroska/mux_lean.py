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
    prefix = _track_prefix(mux, index, trk)
    n = len(data) + len(prefix) + 3        # track number, relative time, flags
    if n < 127:
        size = _LEN1[n]
    elif n < 16383:
        size = (0x4000 | n).to_bytes(2, "big")
    else:
        size = E.enc_length(n)
    out += _SIMPLE_BLOCK_ID
    out += size
    out += prefix
    out += ((ts - mux.cluster_pts) & 0xFFFF).to_bytes(2, "big")
    out += b"\x80" if flags & 1 else b"\0"
    out += data
    if flags & 1 and mux.seekable:
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


_LEN1 = [bytes((0x80 | n,)) for n in range(127)]


def _track_prefix(mux, index: int, trk) -> bytes:
    """The block header's track number (EBML-coded at the track's number size)."""
    memo = mux.__dict__.setdefault("_lean_prefix", {})
    got = memo.get(index)
    if got is None:
        got = memo[index] = E.enc_num(trk.num, trk.num_size)
    return got


def lean_batch(mux, indices):
    """write(order, offsets, cols, payload) for streams `indices` (one per lane number):
    a batch of packets in muxing order, each lane's columns (sizes, dts, pts, durations,
    flags; timestamps as the muxer gets them) and the payload laid out at `offsets`, going
    through mkv_write_packet as write() would take them one by one. None when a stream
    needs write_packet."""
    if any(lean_writer(mux, i) is None for i in indices):
        return None
    is_video = [mux.ctx.streams[i].codecpar.codec_type == "video" for i in indices]
    crc = CRC_RESERVED if mux.write_crc else 0

    def write(order, offsets, cols, payload) -> None:
        iters = [None if c is None else zip(*c) for c in cols]
        view = memoryview(payload)
        tracks = mux.tracks
        held = mux.cur_audio            # (a Packet, or a tuple while in this batch)
        mux.cur_audio = None
        if held is not None and not held.side_data and _plain(mux, held.stream_index):
            held = (held.stream_index, held.data, held.pts, held.dts, held.duration, held.flags)
        for k, at in zip(order, offsets):
            size, dts, pts, dur, flags = next(iters[k])
            index = indices[k]
            trk = tracks[index]
            video = is_video[k]
            if mux.cluster_pos != -1:
                ts = dts if trk.write_dts else pts
                csize = len(mux.cluster_body) + crc
                if (csize > mux.cluster_size_limit or ts - mux.cluster_pts > mux.cluster_time_limit
                        or (video and flags & 1 and csize > 4 * 1024)):
                    mux._end_cluster()
            if held is not None:
                if type(held) is tuple:
                    _internal(mux, *held)
                else:
                    mux._write_internal(held)
                held = None
            if video:
                _internal(mux, index, view[at:at + size], pts, dts, dur, flags)
            else:
                # (a view of the batch's payload while the batch lasts)
                held = (index, view[at:at + size], pts, dts, dur, flags)
        if type(held) is tuple:
            held = Packet(held[0], bytes(held[1]), held[2], held[3], held[4], -1, held[5], [])
        mux.cur_audio = held
    return write
