"""The Matroska muxer's packet path without building packets (pipeline/fastcopy.py):
mkv_write_packet's cluster decisions, its one-packet hold of audio, and the SimpleBlock and
cue entry of mkv_write_packet_internal, for tracks whose blocks are the payload as is (no
reformatting, no side data). Anything else goes through write_packet."""
from __future__ import annotations

import bisect
import struct

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
# SimpleBlock ID, its size in 1 or 2 bytes, a one-byte track number, relative time, flags
_HEAD1 = struct.Struct(">BBBHB").pack
_HEAD2 = struct.Struct(">BHBHB").pack


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
    needs write_packet.

    It is write() and _internal() with what is constant per track (the track, its timestamp
    column, its block header prefix, whether its key blocks get cues as video) looked up
    once per batch and the cluster state (position, timestamp, body) kept in locals, read
    back from the muxer after each _start_cluster/_end_cluster."""
    if any(lean_writer(mux, i) is None for i in indices):
        return None
    is_video = [mux.ctx.streams[i].codecpar.codec_type == "video" for i in indices]
    crc = CRC_RESERVED if mux.write_crc else 0
    sb_id = _SIMPLE_BLOCK_ID
    len1 = _LEN1
    key_byte = (b"\0", b"\x80")

    def write(order, offsets, cols, payload) -> None:
        iters = [None if c is None else zip(*c) for c in cols]
        view = memoryview(payload)
        tracks = mux.tracks
        trks = [tracks[i] for i in indices]
        by_dts = [t.write_dts for t in trks]
        prefixes = [_track_prefix(mux, i, t) for i, t in zip(indices, trks)]
        heads = [p[0] if len(p) == 1 else -1 for p in prefixes]     # (the prefix byte)
        size_limit = mux.cluster_size_limit
        time_limit = mux.cluster_time_limit
        seekable = mux.seekable
        have_video = mux.have_video
        cpos = mux.cluster_pos
        cpts = mux.cluster_pts
        body = mux.cluster_body

        def put(hk, data, pts, dts, duration, flags) -> None:
            """_internal for lane hk's SimpleBlock."""
            nonlocal cpos, cpts, body
            ts = dts if by_dts[hk] else pts
            if cpos != -1 and not -32768 <= ts - cpts <= 32767:
                mux._end_cluster()
                mux.log.warning("Starting new cluster due to timestamp\n")
                cpos = -1
            if cpos == -1:
                mux._start_cluster(ts)
                cpos = mux.cluster_pos
                cpts = mux.cluster_pts
                body = mux.cluster_body
            rel_pos = len(body) + crc
            prefix = prefixes[hk]
            n = len(data) + len(prefix) + 3        # track number, relative time, flags
            head = heads[hk]
            if head >= 0 and n < 16383:
                # (a one-byte track number: the header in one piece)
                if n < 127:
                    body += _HEAD1(0xA3, 0x80 | n, head, (ts - cpts) & 0xFFFF, (flags & 1) << 7)
                else:
                    body += _HEAD2(0xA3, 0x4000 | n, head, (ts - cpts) & 0xFFFF, (flags & 1) << 7)
            else:
                body += sb_id
                if n < 127:
                    body += len1[n]
                elif n < 16383:
                    body += (0x4000 | n).to_bytes(2, "big")
                else:
                    body += E.enc_length(n)
                body += prefix
                body += ((ts - cpts) & 0xFFFF).to_bytes(2, "big")
                body += key_byte[flags & 1]
            body += data
            trk = trks[hk]
            if flags & 1 and seekable and (is_video[hk] or (not have_video and not trk.has_cue)):
                if ts >= 0:
                    i = bisect.bisect_right(mux.cue_keys, ts)
                    mux.cue_keys.insert(i, ts)
                    mux.cues.insert(i, (ts, indices[hk], cpos - mux.segment_offset, rel_pos, 0))
                trk.has_cue = True
            trk.last_ts = ts
            end = ts + duration if duration > 0 else ts
            if end > mux.duration:
                mux.duration = end
            if end > trk.duration:
                trk.duration = end

        held = mux.cur_audio            # (a Packet, or a tuple while in this batch)
        mux.cur_audio = None
        for k, at in zip(order, offsets):
            size, dts, pts, dur, flags = next(iters[k])
            video = is_video[k]
            if cpos != -1:
                ts = dts if by_dts[k] else pts
                csize = len(body) + crc
                if (csize > size_limit or ts - cpts > time_limit
                        or (video and flags & 1 and csize > 4 * 1024)):
                    mux._end_cluster()
                    cpos = -1
            if held is not None:
                if type(held) is tuple:
                    put(*held)
                else:
                    if not held.side_data and _plain(mux, held.stream_index):
                        _internal(mux, held.stream_index, held.data, held.pts, held.dts,
                                  held.duration, held.flags)
                    else:
                        mux._write_internal(held)
                    cpos = mux.cluster_pos
                    cpts = mux.cluster_pts
                    body = mux.cluster_body
                held = None
            if video:
                put(k, view[at:at + size], pts, dts, dur, flags)
            else:
                # (a view of the batch's payload while the batch lasts)
                held = (k, view[at:at + size], pts, dts, dur, flags)
        if type(held) is tuple:
            held = Packet(indices[held[0]], bytes(held[1]), held[2], held[3], held[4], -1,
                          held[5], [])
        mux.cur_audio = held
    return write
