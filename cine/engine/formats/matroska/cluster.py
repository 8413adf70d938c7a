"""Matroska blocks (RFC 9559 section 10: Block structure, lacing): SimpleBlock/BlockGroup
payloads split into packets with Xiph, fixed-size and EBML lacing, and the timestamps,
durations and key flags FFmpeg 5.1.9's matroska_parse_block assigns."""
from __future__ import annotations

from ...errors import InvalidData
from ...model import PKT_FLAG_KEY, Packet, SideData
from . import ebml as E
from . import schema as S
from .tracks import decode_buffer


def parse_laces(data, pos: int, size: int, kind: int) -> tuple[list[int], int]:
    """Frame sizes of a block payload starting at data[pos] (size bytes) and the offset of
    the first frame."""
    if not kind:
        return [size], pos
    if size <= 0:
        raise InvalidData("empty laced block")
    laces = data[pos] + 1
    pos += 1
    size -= 1
    sizes = []
    if kind == 1:                       # Xiph
        total = 0
        for _ in range(laces - 1):
            n = 0
            while True:
                if size <= total:
                    raise InvalidData("bad xiph lace")
                b = data[pos]
                total += b
                n += b
                pos += 1
                size -= 1
                if b != 0xFF:
                    break
            sizes.append(n)
        if size < total:
            raise InvalidData("bad xiph lace")
        sizes.append(size - total)
    elif kind == 2:                     # fixed
        if size % laces:
            raise InvalidData("bad fixed lace")
        sizes = [size // laces] * laces
    else:                               # EBML
        first, n = E.parse_vint(data, pos)
        if first > 0x7FFFFFFF:
            raise InvalidData("bad ebml lace")
        sizes.append(first)
        total = first
        off = n
        for _ in range(1, laces - 1):
            delta, n = E.parse_svint(data, pos + off)
            v = sizes[-1] + delta
            if v < 0 or v > 0x7FFFFFFF:
                raise InvalidData("bad ebml lace")
            sizes.append(v)
            total += v
            off += n
        pos += off
        size -= off
        if size < total:
            raise InvalidData("bad ebml lace")
        sizes.append(size - total)
    return sizes, pos


def parse_block(dmx, data: bytes, pos: int, cluster_time, block_duration: int, is_keyframe: int,
                cluster_pos: int, discard_padding: int, additional) -> list[Packet]:
    """Packets from one Block/SimpleBlock; is_keyframe -1 means "take the SimpleBlock flag"."""
    num, n = E.parse_vint(data, 0)
    track = dmx.tracks_by_num.get(num)
    size = len(data) - n
    if track is None or size < 3:
        raise InvalidData("block for unknown track")
    st = track.stream
    if st is None:
        dmx.log.verbose("No stream associated to TrackNumber %d. Ignoring Block with this "
                        "TrackNumber.\n" % num)
        return []
    p = n
    block_time = int.from_bytes(data[p:p + 2], "big", signed=True)
    flags = data[p + 2]
    p += 3
    size -= 3
    if is_keyframe == -1:
        is_keyframe = PKT_FLAG_KEY if flags & 0x80 else 0
    timecode = None
    if cluster_time is not None and (block_time >= 0 or cluster_time >= -block_time):
        base = int(cluster_time / track.time_scale) if track.time_scale != 1.0 else cluster_time
        timecode = base + block_time - track.codec_delay_in_tb
        if track.type == S.TRACK_TYPE_SUBTITLE and timecode < track.end_timecode:
            is_keyframe = 0
    try:
        sizes, p = parse_laces(data, p, size, (flags & 0x06) >> 1)
    except InvalidData:
        dmx.log.error("Error parsing frame sizes.\n")
        raise
    laces = len(sizes)
    trust = track.default_duration != 0
    if track.samplerate == 8000 and trust and st.codecpar.codec_name == "ac3":
        if track.samplerate != st.codecpar.sample_rate or not st.codecpar.frame_size:
            trust = False
    if not block_duration and trust:
        block_duration = track.default_duration * laces // dmx.time_scale
    if timecode is not None:
        track.end_timecode = max(track.end_timecode, timecode + block_duration)
    out = []
    for i, fsize in enumerate(sizes):
        lace_duration = block_duration * (i + 1) // laces - block_duration * i // laces
        frame = data[p:p + fsize]
        if track.needs_decoding:
            frame = decode_buffer(track, frame)
        if st.codecpar.codec_name == "prores" and frame[4:8] != b"icpf":
            # matroska_parse_prores: restore the frame atom header Matroska strips
            frame = (len(frame) + 8).to_bytes(4, "big") + b"icpf" + frame
        if frame or additional:
            pkt = Packet(stream_index=st.index, data=frame, pts=None, dts=None,
                         duration=lace_duration, pos=pos,
                         flags=is_keyframe if i == 0 else 0)
            if track.ms_compat:
                pkt.dts = timecode
            else:
                pkt.pts = timecode
            if additional:
                pkt.side_data.append(SideData("Matroska BlockAdditional", data=additional))
            if discard_padding:
                pkt.side_data.append(SideData("Skip Samples", data=b""))
            out.append(pkt)
        if timecode is not None:
            timecode = timecode + lace_duration if lace_duration else None
        p += fsize
    return out


def parse_block_group(buf) -> tuple[bytes | None, int, int, int, int, bytes | None]:
    """(block, block_offset, duration, is_keyframe, discard_padding, additional) of a
    BlockGroup's children."""
    block = None
    offset = 0
    duration = 0
    refs = 0
    discard = 0
    additional = None
    for eid, a, b in E.iter_children(buf):
        if eid == S.BLOCK:
            block = buf[a:b]
            offset = a
        elif eid == S.BLOCK_DURATION:
            duration = E.uint(buf, a, b)
        elif eid == S.REFERENCE_BLOCK:
            refs += 1
        elif eid == S.DISCARD_PADDING:
            discard = E.sint(buf, a, b)
        elif eid == S.BLOCK_ADDITIONS:
            for mid, ma, mb in E.iter_children(buf, a, b):
                if mid == S.BLOCK_MORE:
                    for cid, ca, cb in E.iter_children(buf, ma, mb):
                        if cid == S.BLOCK_ADDITIONAL:
                            additional = bytes(buf[ca:cb])
    if duration > (1 << 63) - 1:
        duration = (1 << 63) - 1
    return block, offset, duration, PKT_FLAG_KEY if refs == 0 else 0, discard, additional
