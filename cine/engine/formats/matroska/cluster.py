"""Matroska blocks (RFC 9559 section 10: Block structure, lacing): SimpleBlock/BlockGroup
payloads split into packets with Xiph, fixed-size and EBML lacing, and the timestamps,
durations and key flags FFmpeg 5.1.9's matroska_parse_block assigns."""
from __future__ import annotations

import errno
import struct

from ...errors import CineError, InvalidData
from ...model import PKT_FLAG_KEY, Packet, SideData
from . import schema as S
from .tracks import decode_buffer


def _d2u64(x: float) -> int:
    """A double converted to uint64_t as x86-64 code does (no exception for NaN/inf)."""
    if x < 9.223372036854775808e18:
        return int(x) & ((1 << 64) - 1) if x >= -9.223372036854775808e18 else 1 << 63
    if x != x or x == float("inf") or x >= 1.8446744073709552e19:
        return 0 if x == x else 1 << 63
    return int(x)


def _webvtt_cue(data: bytes):
    """(text, identifier, settings) of a WebVTT block: an identifier line, a settings line,
    then the cue text without trailing line breaks; None when malformed."""
    lines = []
    p, q = 0, len(data)
    if q <= 0:
        return None
    for _ in range(2):
        start = p
        end = -1
        while p < q:
            if data[p] in (0x0D, 0x0A):
                end = p
                if data[p] == 0x0D:
                    p += 1
                break
            p += 1
        if p >= q or data[p] != 0x0A:
            return None
        p += 1
        lines.append(data[start:end] if end > start else b"")
    text = data[p:].rstrip(b"\r\n")
    if not text:
        return None
    return bytes(text), bytes(lines[0]), bytes(lines[1])


def _lace_num(data, p: int, log) -> tuple[int, int]:
    """(length, value) of an EBML lace size at data[p], read as the reference reads it from
    the block buffer (positions in its messages count from the block start)."""
    first = data[p] if p < len(data) else None
    if first is None or (first and p + 9 - first.bit_length() > len(data)):
        if log is not None:
            log.error("File ended prematurely at pos. %d (0x%x)\n" % (len(data), len(data)))
        raise CineError(code=-errno.EIO)
    if not first:
        if log is not None:
            log.error("0x00 at pos %d (0x%x) invalid as first byte of an EBML number\n" % (p, p))
        raise InvalidData("bad ebml lace")
    n = 9 - first.bit_length()
    return n, int.from_bytes(data[p:p + n], "big") & ((1 << (7 * n)) - 1)


def parse_laces(data, pos: int, size: int, kind: int, log=None) -> tuple[list[int], int]:
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
        n, first = _lace_num(data, pos, log)
        if first > 0x7FFFFFFF:
            raise InvalidData("bad ebml lace")
        sizes = [first] * laces
        total = first
        off = n
        for i in range(1, laces - 1):
            n, raw = _lace_num(data, pos + off, log)
            v = sizes[i - 1] + raw - ((1 << (7 * n - 1)) - 1)
            if v < 0 or v > 0x7FFFFFFF:
                raise InvalidData("bad ebml lace")
            sizes[i] = v
            total += v
            off += n
        pos += off
        size -= off
        if size < total:
            raise InvalidData("bad ebml lace")
        # FFmpeg 5.1.9: with a single lace the first size read is replaced by the rest
        sizes[laces - 1] = size - total
    return sizes, pos


def _wavpack_blocks(src: bytes, extradata: bytes) -> bytes | None:
    """matroska_parse_wavpack: Matroska keeps of each WavPack block only the sample count
    (once per frame), flags, CRC and (for multi-block frames) the size; the 32-byte 'wvpk'
    headers come back with the version from CodecPrivate. None: a malformed frame."""
    if len(src) < 12:
        return None
    ver = extradata[:2].ljust(2, b"\0")
    samples = src[0:4]
    p = 4
    out = bytearray()
    while len(src) - p >= 8:
        flags_crc = src[p:p + 8]
        flags = int.from_bytes(flags_crc[:4], "little")
        p += 8
        if (flags & 0x1800) != 0x1800:         # not both initial and final: sizes are stored
            if len(src) - p < 4:
                return None
            size = int.from_bytes(src[p:p + 4], "little")
            p += 4
        else:
            size = len(src) - p
        if size > len(src) - p:
            return None
        out += b"wvpk" + (size + 24).to_bytes(4, "little") + ver + bytes(10) + samples
        out += flags_crc + src[p:p + size]
        p += size
    return bytes(out)


def _skip_samples(discard_padding: int, sample_rate: int) -> SideData:
    """AV_PKT_DATA_SKIP_SAMPLES from a DiscardPadding (nanoseconds): a positive padding
    discards samples at the end, a negative one skips them at the start."""
    from ...timebase import rescale_q
    from ...model import Rational
    n = rescale_q(discard_padding, Rational(1, 1000000000), Rational(1, sample_rate)) \
        if sample_rate > 0 else 0
    skip, pad = (0, n) if n > 0 else (-n, 0)
    skip &= 0xFFFFFFFF
    pad &= 0xFFFFFFFF
    return SideData("Skip Samples", [("skip_samples", skip), ("discard_padding", pad),
                                     ("skip_reason", 0), ("discard_reason", 0)],
                    data=struct.pack("<IIBB", skip, pad, 0, 0))


def parse_block(dmx, data: bytes, pos: int, cluster_time, block_duration: int, is_keyframe: int,
                cluster_pos: int, discard_padding: int, additional) -> list[Packet]:
    """Packets from one Block/SimpleBlock; is_keyframe -1 means "take the SimpleBlock flag"."""
    first = data[0] if data else 0
    if not first:
        dmx.log.error("0x00 at pos 0 (0x0) invalid as first byte of an EBML number\n")
        raise InvalidData("bad block track number")
    n = 9 - first.bit_length()
    if len(data) < n:
        dmx.log.error("File ended prematurely at pos. %d (0x%x)\n" % (len(data), len(data)))
        raise CineError(code=-errno.EIO)
    num = int.from_bytes(data[:n], "big") & ((1 << (7 * n)) - 1)
    track = dmx.tracks_by_num.get(num)
    if track is None:
        dmx.log.error("Invalid track number %d\n" % num)
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
        base = _d2u64(cluster_time / track.time_scale) if track.time_scale != 1.0 else cluster_time
        timecode = (base + block_time - track.codec_delay_in_tb) & ((1 << 64) - 1)
        # stored in the packet as int64_t; INT64_MIN is AV_NOPTS_VALUE
        timecode = timecode - (1 << 64) if timecode >= 1 << 63 else timecode
        if timecode == -(1 << 63):
            timecode = None
        if track.type == S.TRACK_TYPE_SUBTITLE and timecode is not None and timecode < track.end_timecode:
            is_keyframe = 0
    seen = getattr(dmx, "block_seen", None)       # the index entry; skipping after a seek
    if seen is not None and seen(st, track, cluster_pos, timecode, is_keyframe):
        return []
    try:
        sizes, p = parse_laces(data, p, size, (flags & 0x06) >> 1, dmx.log)
    except CineError:
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
    # packets go to the demuxer's queue as they are made: a later lace failing keeps them
    for i, fsize in enumerate(sizes):
        lace_duration = block_duration * (i + 1) // laces - block_duration * i // laces
        frame = data[p:p + fsize]
        if track.needs_decoding:
            frame = decode_buffer(track, frame)
        if st.codecpar.codec_name == "wavpack":
            frame = _wavpack_blocks(frame, st.codecpar.extradata or b"")
            if frame is None:
                dmx.log.error("Error parsing a wavpack block.\n")
                raise InvalidData("bad wavpack block")
        if st.codecpar.codec_name == "prores" and frame[4:8] != b"icpf":
            # matroska_parse_prores: restore the frame atom header Matroska strips
            frame = (len(frame) + 8).to_bytes(4, "big") + b"icpf" + frame
        if st.codecpar.codec_name == "webvtt":
            cue = _webvtt_cue(frame)
            if cue is None:
                raise InvalidData("bad WebVTT cue")
            text, ident, settings = cue
            # FFmpeg 5.1.9 (matroska_parse_webvtt): no dts; the key flag comes from
            # read_frame's rule that every non-audio/video codec is intra-only
            pkt = Packet(stream_index=st.index, data=text, pts=timecode, dts=None,
                         duration=lace_duration, pos=pos, flags=PKT_FLAG_KEY)
            if ident:
                pkt.side_data.append(SideData("WebVTT ID", data=ident))
            if settings:
                pkt.side_data.append(SideData("WebVTT Settings", data=settings))
            dmx.queue.append(pkt)
        elif frame or additional:
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
                pkt.side_data.append(_skip_samples(discard_padding, st.codecpar.sample_rate))
            dmx.queue.append(pkt)
        if timecode is not None:
            timecode = timecode + lace_duration if lace_duration else None
        p += fsize
    return []

