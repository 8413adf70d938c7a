"""The Matroska muxer's packet path without building packets (pipeline/fastcopy.py):
mkv_write_packet's cluster decisions, its one-packet hold of audio, and the SimpleBlock and
cue entry of mkv_write_packet_internal, for tracks whose blocks are the payload as is (no
reformatting, no side data). Anything else goes through write_packet."""
from __future__ import annotations

import bisect
import struct
from itertools import accumulate, compress, islice, repeat
from operator import add, and_, sub

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

    mkv_write_packet writes a video packet at once and holds an audio one until the next
    packet arrives, so the blocks go out in packet order (the batch's last packet, if
    audio, stays held); the check that may end the cluster runs when a packet arrives, in
    the gap before the held block if there is one. So the batch is written cluster by
    cluster: where the open cluster ends is found on columns (block sizes summed, the
    checks' thresholds bisected, the timestamps scanned), then its blocks are built in one
    pass. _one_by_one is the same packet by packet (for the rare batches the columns do
    not describe: a track number over one byte, an empty audio packet)."""
    if any(lean_writer(mux, i) is None for i in indices):
        return None
    is_video = [mux.ctx.streams[i].codecpar.codec_type == "video" for i in indices]
    crc = CRC_RESERVED if mux.write_crc else 0
    pad = bytes(256 - len(indices))
    audio_of = bytes(not v for v in is_video) + pad      # lane number -> 1 for audio
    video_of = bytes(is_video) + pad                     # lane number -> 1 for video

    def write(order, offsets, cols, payload) -> None:
        trks = [mux.tracks[i] for i in indices]
        prefixes = [_track_prefix(mux, i, t) for i, t in zip(indices, trks)]
        if any(len(p) != 1 for p in prefixes) or any(
                c is not None and not is_video[k] and not min(c[0]) for k, c in enumerate(cols)):
            _one_by_one(mux, indices, is_video, order, offsets, cols, payload)
            return
        _by_columns(mux, indices, trks, prefixes, is_video, crc, audio_of, video_of,
                    order, offsets, cols, payload)
    return write


def _gather(cols, j: int, order) -> list:
    """Column j of every lane, in the batch's packet order."""
    its = [None if c is None else iter(c[j]) for c in cols]
    return list(map(next, map(its.__getitem__, order)))


def _by_columns(mux, indices, trks, prefixes, is_video, crc, audio_of, video_of, order,
                offsets, cols, payload) -> None:
    N = len(order)
    view = memoryview(payload)
    ts_cols = [None if c is None else (c[1] if t.write_dts else c[2])
               for c, t in zip(cols, trks)]
    its = [None if c is None else iter(c) for c in ts_cols]
    ts = list(map(next, map(its.__getitem__, order)))
    sizes = _gather(cols, 0, order)
    flags = bytes(_gather(cols, 4, order))
    heads = order.translate(bytes(p[0] for p in prefixes) + bytes(256 - len(prefixes)))
    # each block: ID, size (1 or 2 bytes), track number, relative time, flags, payload
    lens = [z + 6 if z < 123 else z + 7 if z < 16379 else z + 5 + len(E.enc_length(z + 4))
            for z in sizes]
    cum = list(accumulate(lens, initial=0))     # bytes of the blocks before block b
    # the check at packet p's arrival runs before block W[p]: p - 1 if that one is a held
    # audio packet, else p
    held_before = order.translate(audio_of)
    W = [0]
    W += map(sub, range(1, N), held_before)
    cumW = list(map(cum.__getitem__, W))
    keys_v = list(compress(range(N), map(and_, order.translate(video_of), flags)))
    nb = N - 1 if held_before[N - 1] else N       # blocks written now
    size_limit = mux.cluster_size_limit
    time_limit = mux.cluster_time_limit
    seekable = mux.seekable
    have_video = mux.have_video

    p = 0                       # the next packet whose arrival check is to run
    held = mux.cur_audio        # (a packet held since an earlier batch)
    mux.cur_audio = None
    if held is not None:
        if mux.cluster_pos != -1:
            k = order[0]
            csize = len(mux.cluster_body) + crc
            if (csize > size_limit or ts[0] - mux.cluster_pts > time_limit
                    or (is_video[k] and flags[0] & 1 and csize > 4 * 1024)):
                mux._end_cluster()
        if not held.side_data and _plain(mux, held.stream_index):
            _internal(mux, held.stream_index, held.data, held.pts, held.dts, held.duration,
                      held.flags)
        else:
            mux._write_internal(held)
        p = 1
    b = 0                       # the next block to write
    while True:
        if mux.cluster_pos == -1:
            if b >= nb:
                break
            mux._start_cluster(ts[b])
            # the checks before this block ran while no cluster was open
            p = max(p, bisect.bisect_right(W, b, p))
            checked = b + 1     # (put() checks the timestamp range of the blocks after it)
        else:
            checked = b
        cpts = mux.cluster_pts
        body = mux.cluster_body
        base = len(body) + crc - cum[b]      # csize at packet q's check: base + cumW[q]
        # the first check from p on that ends the cluster: its size, a video key frame
        # past 4 KiB, its duration
        end = bisect.bisect_right(cumW, size_limit - base, p)
        j = bisect.bisect_left(keys_v, p)
        while j < len(keys_v) and keys_v[j] < end:
            if cumW[keys_v[j]] > 4 * 1024 - base:
                end = keys_v[j]
                break
            j += 1
        if end > p:
            late = cpts + time_limit
            if max(islice(ts, p, end)) > late:
                end = next(compress(range(p, end), map(late.__lt__, islice(ts, p, end))))
        stop = W[end] if end < N else nb
        # put(): a block too far from the cluster's timestamp starts a new one (warned)
        wrap = None
        if stop > checked:
            lo, hi = cpts - 32768, cpts + 32767
            if max(islice(ts, checked, stop)) > hi or min(islice(ts, checked, stop)) < lo:
                wrap = next(compress(range(checked, stop), map(
                    _outside, islice(ts, checked, stop), repeat(lo), repeat(hi))))
                stop = wrap
        if stop > b:
            rel = len(body) + crc
            _cues(mux, indices, trks, is_video, have_video, seekable, order, flags, ts,
                  keys_v, cum, b, stop, rel)
            for z, h, t, f, at in zip(islice(sizes, b, stop), heads[b:stop], islice(ts, b, stop),
                                      flags[b:stop], islice(offsets, b, stop)):
                if z < 123:
                    body += _HEAD1(0xA3, 0x84 + z, h, (t - cpts) & 0xFFFF, (f & 1) << 7)
                elif z < 16379:
                    body += _HEAD2(0xA3, 0x4004 + z, h, (t - cpts) & 0xFFFF, (f & 1) << 7)
                else:
                    body += _block_head(z, h, t - cpts, f)
                body += view[at:at + z]
        if wrap is not None:
            mux._end_cluster()
            mux.log.warning("Starting new cluster due to timestamp\n")
            b = wrap
            p = bisect.bisect_right(W, wrap, p)
        elif end < N:
            mux._end_cluster()
            b = stop
            p = end + 1
        else:
            b = stop
            break
    # what put() leaves on the tracks: the last timestamp, the end of the longest block
    for k, c in enumerate(cols):
        if c is None:
            continue
        trk = trks[k]
        last = order.rfind(k, 0, nb)
        if last < 0:
            continue
        trk.last_ts = ts[last]
        n = len(c[0]) - (1 if nb < N and order[N - 1] == k else 0)
        tc, durs = ts_cols[k], c[3]
        if min(islice(durs, 0, n)) > 0:
            end = max(map(add, islice(tc, 0, n), islice(durs, 0, n)))
        else:
            end = max(t + d if d > 0 else t for t, d in zip(islice(tc, 0, n), islice(durs, 0, n)))
        if end > mux.duration:
            mux.duration = end
        if end > trk.duration:
            trk.duration = end
    if nb < N:
        k = order[N - 1]
        c = cols[k]
        at = offsets[N - 1]
        mux.cur_audio = Packet(indices[k], bytes(view[at:at + sizes[N - 1]]), c[2][-1],
                               c[1][-1], c[3][-1], -1, c[4][-1], [])


def _outside(t: int, lo: int, hi: int) -> bool:
    return t < lo or t > hi


def _block_head(size: int, head: int, rel: int, flags: int) -> bytes:
    """A SimpleBlock's bytes before its payload (one-byte track number `head`)."""
    n = size + 4
    if n < 127:
        return _HEAD1(0xA3, 0x80 | n, head, rel & 0xFFFF, (flags & 1) << 7)
    if n < 16383:
        return _HEAD2(0xA3, 0x4000 | n, head, rel & 0xFFFF, (flags & 1) << 7)
    return (_SIMPLE_BLOCK_ID + E.enc_length(n) + bytes((head,))
            + (rel & 0xFFFF).to_bytes(2, "big") + (b"\x80" if flags & 1 else b"\0"))


def _cues(mux, indices, trks, is_video, have_video, seekable, order, flags, ts, keys_v, cum,
          b: int, stop: int, rel: int) -> None:
    """The cue entries of blocks b..stop-1 of the open cluster (rel: the relative position
    of block b's bytes, CRC included), in block order."""
    if not seekable:
        return
    if have_video:
        lo = bisect.bisect_left(keys_v, b)
        at = keys_v[lo:bisect.bisect_left(keys_v, stop, lo)]
    else:
        # no video: each track's first key block in a cluster
        at = []
        for k, trk in enumerate(trks):
            if trk.has_cue:
                continue
            j = order.find(k, b, stop)
            while j >= 0 and not flags[j] & 1:
                j = order.find(k, j + 1, stop)
            if j >= 0:
                at.append(j)
                trk.has_cue = True
        at.sort()
    cpos = mux.cluster_pos - mux.segment_offset
    for j in at:
        k = order[j]
        t = ts[j]
        if t >= 0:
            i = bisect.bisect_right(mux.cue_keys, t)
            mux.cue_keys.insert(i, t)
            mux.cues.insert(i, (t, indices[k], cpos, rel + cum[j] - cum[b], 0))
        trks[k].has_cue = True


def _one_by_one(mux, indices, is_video, order, offsets, cols, payload) -> None:
    """write() and _internal() packet by packet, with what is constant per track (the
    track, its timestamp column, its block header prefix, whether its key blocks get cues
    as video) looked up once and the cluster state (position, timestamp, body) kept in
    locals, read back from the muxer after each _start_cluster/_end_cluster."""
    crc = CRC_RESERVED if mux.write_crc else 0
    sb_id = _SIMPLE_BLOCK_ID
    len1 = _LEN1
    key_byte = (b"\0", b"\x80")
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
        elif size:
            # (a view of the batch's payload while the batch lasts)
            held = (k, view[at:at + size], pts, dts, dur, flags)
    if type(held) is tuple:
        held = Packet(indices[held[0]], bytes(held[1]), held[2], held[3], held[4], -1,
                      held[5], [])
    mux.cur_audio = held
