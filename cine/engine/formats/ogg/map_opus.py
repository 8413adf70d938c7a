"""Ogg Opus mapping (RFC 7845 sections 3-5): OpusHead/OpusTags headers, pre-skip, and packet
durations from the TOC byte (RFC 6716 section 3.1) as FFmpeg 5.1.9's oggparseopus.c uses them."""
from __future__ import annotations

from ...codecs.opus.toc import packet_samples
from ...errors import InvalidData
from ...model import Rational
from .page import FLAG_BOS, FLAG_EOS

MAGIC = b"OpusHead"
NB_HEADER = 1
HEAD_SIZE = 19


class _Priv:
    def __init__(self):
        self.need_comments = 0
        self.pre_skip = 0
        self.cur_dts = 0


def header(dmx, idx: int) -> int:
    from .map_vorbis import stream_comment
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    pkt = os.packet()
    if os.private is None:
        os.private = _Priv()
    priv = os.private
    if os.flags & FLAG_BOS:
        if os.psize < HEAD_SIZE or pkt[8] & 0xF0:
            raise InvalidData("bad OpusHead")
        par = st.codecpar
        par.codec_type = "audio"
        par.codec_name = "opus"
        par.channels = pkt[9]
        priv.pre_skip = int.from_bytes(pkt[10:12], "little")
        par.initial_padding = priv.pre_skip
        os.start_trimming = priv.pre_skip
        par.extradata = pkt
        par.sample_rate = 48000
        st.time_base = Rational(1, 48000)
        priv.need_comments = 1
        return 1
    if priv.need_comments:
        if os.psize < 8 or pkt[:8] != b"OpusTags":
            raise InvalidData("bad OpusTags")
        stream_comment(dmx, st, pkt[8:])
        priv.need_comments -= 1
        return 1
    return 0


def duration(data: bytes) -> int:
    """Samples (48 kHz) in one Opus packet; -1 when a code-3 packet lacks its count byte."""
    return _duration_at(data, 0, len(data))


# duration() of buf[start:end] (end > start), read in place
_duration_at = packet_samples


def _later_samples(os, buf, start: int) -> int:
    """The samples of the page's packets after the one in hand (those of a known duration;
    the first starts at buf[start], segment os.segp). The reference scans the rest of the
    page for every packet; the scan from the page's first packet in hand is kept (for each
    segment where a packet ends: its end and the samples so far), and a later packet's scan,
    which would start from the same state, is read from it."""
    memo = os.__dict__.get("opus_scan")
    segments = os.segments
    if memo is not None and memo[0] is segments and memo[1] == os.nsegs \
            and memo[4] == os.page_pos:
        mark = memo[2].get(os.segp)
        if mark is not None and mark[0] == start:
            return memo[3] - mark[1]
    total = 0
    marks = {os.segp: (start, 0)}
    last = nxt = start
    for seg in range(os.segp, os.nsegs):
        size = segments[seg]
        nxt += size
        if size < 255 and nxt != last:
            d = _duration_at(buf, last, nxt)
            if d > 0:
                total += d
            last = nxt
        if nxt == last:
            marks[seg + 1] = (nxt, total)
    os.opus_scan = (segments, os.nsegs, marks, total, os.page_pos)
    return total


def packet(dmx, idx: int) -> None:
    os = dmx.os[idx]
    st = dmx.ctx.streams[idx]
    priv = os.private
    if not os.psize:
        raise InvalidData("empty opus packet")
    # FFmpeg 5.1.9: compared as unsigned, so an all-ones granule (-1) is "huge" too
    if os.granule & ((1 << 64) - 1) > (1 << 62):
        dmx.log.error("Unsupported huge granule pos %d\n" % os.granule)
        raise InvalidData("huge granule")
    buf = os.buf
    if (not os.lastpts) and not (os.flags & FLAG_EOS):
        d = _duration_at(buf, os.pstart, os.pstart + os.psize)
        if d < 0:
            os.pflags |= 2
            return
        total = d + _later_samples(os, buf, os.pstart + os.psize)
        os.lastpts = os.lastdts = os.granule - total
    d = _duration_at(buf, os.pstart, os.pstart + os.psize)
    if d < 0:
        raise InvalidData("bad opus packet")
    os.pduration = d
    if os.lastpts is not None:
        if st.start_time is None:
            st.start_time = os.lastpts
        os.lastpts -= priv.pre_skip
        priv.cur_dts = os.lastdts = os.lastpts
    priv.cur_dts += os.pduration
    if os.flags & FLAG_EOS:
        skip = min(priv.cur_dts - os.granule + priv.pre_skip, os.pduration)
        if skip > 0:
            os.pduration = os.pduration - skip if skip < os.pduration else 1
            os.end_trimming = skip
            dmx.log.debug("Last packet was truncated to %d due to end trimming.\n" % os.pduration)
