"""What libavcodec's parsers add to mpegts packets during stream-info completion: the
aac/ac3 parsers' running-average bit rate and per-frame durations, and the H.264 parser's
frame duration from the SPS timing information (ITU-T H.264 E.2.1)."""
from __future__ import annotations

from ..rawframes import running_average
from ..adts import frame_info


def _aac(dm, st, pkt) -> None:
    data = pkt.data
    pos = 0
    total = 0
    state = dm.__dict__.setdefault("_aac_state", {})
    n, avg = state.get(st.index, (0, 0))
    while pos + 7 <= len(data):
        info = frame_info(data[pos:pos + 7])
        if info is None:
            break
        size, rate, samples = info
        if pos + size > len(data):
            break               # the parser accounts a frame once it is complete
        n += 1
        avg = running_average(avg, size * 8 * rate // samples, n)
        total += samples * 90000 // rate
        pos += size
    state[st.index] = (n, avg)
    if n:
        st.codecpar.bit_rate = avg
    if total and not pkt.duration:
        pkt.duration = total


def _h264(dm, st, pkt) -> None:
    cache = dm.__dict__.setdefault("_h264_dur", {})
    data = pkt.data
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        j = i + 3
        if j < len(data) and data[j] & 0x1F == 7:
            nxt = data.find(b"\x00\x00\x01", j)
            nal = data[j:nxt if nxt > 0 else len(data)]
            try:
                from ...codecs.h264.sps import parse_sps
                sps = parse_sps(bytes(nal))
                if sps.timing_info_present and sps.time_scale and sps.num_units_in_tick:
                    # framerate = time_scale / (2 * num_units_in_tick); ticks_per_frame 2
                    cache[st.index] = (2 * sps.num_units_in_tick, sps.time_scale)
            except Exception:  # noqa: BLE001 - an unreadable SPS leaves durations unknown
                pass
            break
        i = data.find(b"\x00\x00\x01", j)
    got = cache.get(st.index)
    if got:
        # the decoder's time base: 1 / (framerate * ticks_per_frame)
        from ...timebase import reduce
        st.priv.avctx_time_base = reduce(got[0] // 2, got[1], 1 << 30)
    if got and not pkt.duration:
        num, den = got
        # one frame (repeat_pict 1): 2 ticks of 1/(2*framerate)
        pkt.duration = num * 90000 // den


SAME_HEADER_MASK = 0xFFFE0C00


class _MpaParser:
    """libavcodec's mpegaudio parser state: it renames the codec after the layer once
    enough consistent headers were seen and averages their bit rates."""
    __slots__ = ("state", "frame_size", "header", "header_count", "no_bitrate")

    def __init__(self):
        self.state = 0
        self.frame_size = 0
        self.header = 0
        self.header_count = 0
        self.no_bitrate = False


def _mpa(dm, st, pkt) -> None:
    from ...codecs.mp3.header import decode_header
    parsers = dm.__dict__.setdefault("_mpa_parsers", {})
    ps = parsers.get(st.index)
    if ps is None:
        ps = parsers[st.index] = _MpaParser()
    par = st.codecpar
    data = pkt.data
    n = len(data)
    i = 0
    base = 0                    # where the parser's current call started
    state = ps.state
    while i < n:
        if ps.frame_size:
            inc = min(n - i, ps.frame_size)
            i += inc
            ps.frame_size -= inc
            state = 0
            if not ps.frame_size:
                base = i        # a frame was output; the next call starts here
                continue
        else:
            while i < n:
                state = ((state << 8) | data[i]) & 0xFFFFFFFF
                i += 1
                h = decode_header(state)
                size = h.frame_size if h is not None else 0
                if size < 4:
                    if i - base > 4:
                        ps.header_count = -2
                    continue
                threshold = 1 if (par.codec_name is not None and par.codec_name != h.codec_name) else 0
                if (state & SAME_HEADER_MASK) != (ps.header & SAME_HEADER_MASK) and ps.header:
                    ps.header_count = -3
                ps.header = state
                ps.header_count += 1
                ps.frame_size = size - 4
                if ps.header_count > threshold:
                    par.sample_rate = h.sample_rate
                    par.channels = h.channels
                    par.codec_name = h.codec_name
                    if ps.no_bitrate or not par.bit_rate:
                        ps.no_bitrate = True
                        diff = h.bit_rate - par.bit_rate
                        div = ps.header_count - threshold
                        q = abs(diff) // div
                        par.bit_rate += q if diff >= 0 else -q
                break
    ps.state = state


def _hevc_vps_timing(nal: bytes):
    """(num_units_in_tick, time_scale) of a VPS with timing info (H.265 7.3.2.1), or None.
    Only the general profile_tier_level plus sub-layer flags are walked."""
    from ...bitstream.bitreader import BitReader, unescape_rbsp
    br = BitReader(unescape_rbsp(bytes(nal[2:])))
    br.skip(4 + 1 + 1 + 6)
    max_sub_layers_minus1 = br.u(3)
    br.skip(1 + 16)
    br.skip(88 + 8)                       # general profile_tier_level + level_idc
    if max_sub_layers_minus1:
        present = [(br.u(1), br.u(1)) for _ in range(max_sub_layers_minus1)]
        if max_sub_layers_minus1 < 8:
            br.skip(2 * (8 - max_sub_layers_minus1))
        for prof, lev in present:
            br.skip((88 if prof else 0) + (8 if lev else 0))
    ordering = br.u(1)
    for _ in range(0 if ordering else max_sub_layers_minus1, max_sub_layers_minus1 + 1):
        br.ue()
        br.ue()
        br.ue()
    max_layer_id = br.u(6)
    num_sets = br.ue()
    br.skip(num_sets * (max_layer_id + 1))
    if br.u(1):
        return br.u(32), br.u(32)
    return None


def _hevc(dm, st, pkt) -> None:
    cache = dm.__dict__.setdefault("_hevc_dur", {})
    for nal in _nals(pkt.data):
        if len(nal) > 2 and (nal[0] >> 1) & 0x3F == 32:
            try:
                got = _hevc_vps_timing(nal)
            except Exception:  # noqa: BLE001 - an unreadable VPS leaves durations unknown
                got = None
            if got and got[0] and got[1]:
                cache[st.index] = got
            break
    got = cache.get(st.index)
    if got:
        from ...timebase import reduce
        st.priv.avctx_time_base = reduce(got[0], got[1], 1 << 30)
    if got and not pkt.duration:
        pkt.duration = got[0] * 90000 // got[1]


_OPUS_FRAME_48K = (480, 960, 1920, 2880)   # SILK 10/20/40/60 ms
_OPUS_CELT_48K = (120, 240, 480, 960)      # CELT 2.5/5/10/20 ms


def opus_packet_samples(data: bytes, pos: int, size: int) -> int:
    """Samples at 48 kHz of one Opus packet from its TOC (RFC 6716 3.1)."""
    if size < 1:
        return 0
    toc = data[pos]
    config = toc >> 3
    if config < 12:
        per = _OPUS_FRAME_48K[config & 3]
    elif config < 16:
        per = 960 if config & 1 else 480
    else:
        per = _OPUS_CELT_48K[config & 3]
    code = toc & 3
    if code == 0:
        frames = 1
    elif code < 3:
        frames = 2
    else:
        if size < 2:
            return 0
        frames = data[pos + 1] & 0x3F
    return frames * per


def _opus(dm, st, pkt) -> None:
    """The opus parser on TS framing (ETSI TS 102 366 style control headers): the PES
    duration is the sum of its packets' TOC durations."""
    data = pkt.data
    pos = 0
    total = 0
    n = len(data)
    while pos + 2 <= n and ((data[pos] << 8) | data[pos + 1]) >> 5 == 0x3FF:
        flags = data[pos + 1]
        pos += 2
        size = 0
        while pos < n:
            b = data[pos]
            pos += 1
            size += b
            if b != 0xFF:
                break
        if flags & 0x10:
            pos += 2
        if flags & 0x08:
            pos += 2
        if flags & 0x04:
            if pos >= n:
                break
            pos += 1 + data[pos]
        if pos + size > n:
            break
        total += opus_packet_samples(data, pos, size)
        pos += size
    if total and not pkt.duration:
        pkt.duration = total * 90000 // 48000


def refine(dm, pkt) -> None:
    st = dm.ctx.streams[pkt.stream_index]
    name = st.codecpar.codec_name
    extract_extradata(st, pkt)
    if name == "aac":
        _aac(dm, st, pkt)
    elif name == "h264":
        _h264(dm, st, pkt)
    elif name == "opus":
        _opus(dm, st, pkt)
    elif name == "hevc":
        _hevc(dm, st, pkt)
    elif name in ("mp1", "mp2", "mp3"):
        _mpa(dm, st, pkt)


def _nals(data: bytes):
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        j = i + 3
        k = data.find(b"\x00\x00\x01", j)
        # FFmpeg 5.1.9: the zero before a 4-byte start code stays with the previous NAL
        nal = data[j:k] if k >= 0 else data[j:].rstrip(b"\x00")
        yield nal
        i = k


def extract_extradata(st, pkt) -> None:
    """extract_extradata bsf for Annex B H.264/HEVC: the parameter-set NAL units of the
    first packet that has an SPS (and a VPS for HEVC), each behind a 3-byte start code."""
    par = st.codecpar
    if par.extradata or par.codec_name not in ("h264", "hevc"):
        return
    hevc = par.codec_name == "hevc"
    wanted = (32, 33, 34) if hevc else (7, 8)
    out = bytearray()
    seen = set()
    for nal in _nals(pkt.data):
        if not nal:
            continue
        t = (nal[0] >> 1) & 0x3F if hevc else nal[0] & 0x1F
        if t in wanted:
            out += b"\x00\x00\x01" + nal
            seen.add(t)
    if out and ((hevc and 33 in seen and 32 in seen) or (not hevc and 7 in seen)):
        par.extradata = bytes(out)
