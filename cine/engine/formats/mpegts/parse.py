"""What libavcodec's parsers add to mpegts packets during stream-info completion: the
aac parser's running-average bit rate and per-frame durations, the H.264/HEVC parsers' frame
rate from the SPS/VPS timing information once a slice header is reached (ITU-T H.264 E.2.1,
H.265 E.2.1), the mpegaudio parser's header values and the opus parser's TS framing (packets
it drops)."""
from __future__ import annotations

from ..rawframes import running_average
from ..adts import frame_info
from ...errors import CineError


class _AdtsParser:
    """aac_ac3_parser.c on the stream's bytes (ISO/IEC 13818-7 ADTS headers): it syncs on a
    header anywhere in the data, skips the frame length it announces, and averages the
    headers' bit rates. FFmpeg 5.1.9: a header counts once a frame is output in the call
    that found it, which a frame still incomplete at the end of its packet never is."""
    __slots__ = ("state", "remaining", "buffered", "frames", "rate")

    def __init__(self):
        self.state = 0          # the last 8 bytes searched, big endian
        self.remaining = 0      # bytes of the current frame not yet consumed
        self.buffered = 0       # ParseContext.index: bytes held until a frame ends
        self.frames = 0
        self.rate = 0           # the bit rate of the last header found

    def feed(self, data: bytes, avg: int) -> int:
        """parse_packet's loop over one packet; the new average bit rate."""
        pos = 0
        n = len(data)
        for _ in range(4 * n + 4):
            if pos >= n:
                break
            used, got = self._parse(data, pos)
            if got:
                self.frames += 1
                avg = running_average(avg, self.rate, self.frames)
            pos += used
        return avg

    def _parse(self, data: bytes, pos: int) -> tuple[int, bool]:
        size = len(data) - pos
        got = False
        while True:
            nxt = None                      # END_NOT_FOUND
            if self.remaining <= size:
                if self.remaining:
                    nxt, self.remaining = self.remaining, 0
                else:
                    length = 0
                    j = 0
                    state = self.state
                    while j < size:
                        state = ((state << 8) | data[pos + j]) & 0xFFFFFFFFFFFFFFFF
                        info = frame_info((state & 0xFFFFFFFFFFFFFF).to_bytes(7, "big"))
                        if info is not None:
                            length = info[0]
                            self.rate = info[0] * 8 * info[1] // info[2]
                            break
                        j += 1
                    self.state = state
                    if length > 0:
                        got = True
                        self.state = 0
                        nxt = j - 6
                        self.remaining = length
                        if self.buffered + nxt <= 0:
                            self.remaining += nxt
                            continue
                        if nxt < 0:
                            self.remaining += nxt
            break
        if nxt is None:                     # ff_combine_frame keeps the bytes
            self.buffered += size
            self.remaining -= min(self.remaining, size)
            return size, False
        self.buffered = 0
        return max(nxt, 0), got


def _aac(dm, st, pkt) -> None:
    data = pkt.data
    parsers = dm.__dict__.setdefault("_aac_parsers", {})
    ps = parsers.get(st.index)
    if ps is None:
        ps = parsers[st.index] = _AdtsParser()
    avg = ps.feed(data, st.codecpar.bit_rate)
    if ps.frames:
        st.codecpar.bit_rate = avg
    pos = 0
    total = 0
    while pos + 7 <= len(data):
        info = frame_info(data[pos:pos + 7])
        if info is None:
            break
        size, rate, samples = info
        if pos + size > len(data):
            break
        total += samples * 90000 // rate
        pos += size
    if total and not pkt.duration:
        pkt.duration = total


class _AvcParser:
    """What h264_parser.c keeps between packets for the frame rate: SPS timing by id and
    each PPS's SPS. FFmpeg 5.1.9: the parser sets the codec frame rate only when it reaches
    a slice header whose PPS and SPS it knows, so parameter sets alone give no rate."""
    __slots__ = ("sps", "pps", "rate")

    def __init__(self):
        self.sps: dict = {}             # sps_id -> (2 * num_units_in_tick, time_scale) or None
        self.pps: dict = {}             # pps_id -> sps_id
        self.rate = None                # (num, den) of one frame, once a slice set it

    def packet(self, data: bytes) -> None:
        from ...bitstream.bitreader import BitReader, unescape_rbsp
        from ...codecs.h264.sps import parse_sps
        for nal in _nals(data):
            if not nal:
                continue
            t = nal[0] & 0x1F
            try:
                if t == 7:
                    sps = parse_sps(bytes(nal))
                    timed = sps.timing_info_present and sps.time_scale and sps.num_units_in_tick
                    self.sps[sps.sps_id] = (2 * sps.num_units_in_tick, sps.time_scale) if timed else None
                elif t == 8:
                    br = BitReader(unescape_rbsp(bytes(nal[1:33])))
                    pps_id, sps_id = br.ue(), br.ue()
                    if pps_id < 256 and sps_id in self.sps:
                        self.pps[pps_id] = sps_id
                elif t in (1, 5):
                    br = BitReader(unescape_rbsp(bytes(nal[1:33])))
                    br.ue()                         # first_mb_in_slice
                    br.ue()                         # slice_type
                    sps_id = self.pps.get(br.ue())
                    timing = self.sps.get(sps_id) if sps_id is not None else None
                    if timing:
                        self.rate = timing
                    return                          # the parser stops at the first slice
            except CineError:
                if t in (1, 5):
                    return
                continue


def _h264(dm, st, pkt) -> None:
    parsers = dm.__dict__.setdefault("_h264_parsers", {})
    ps = parsers.get(st.index)
    if ps is None:
        ps = parsers[st.index] = _AvcParser()
    ps.packet(pkt.data)
    got = ps.rate
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
    __slots__ = ("state", "frame_size", "header", "header_count", "no_bitrate", "packets",
                 "first_decoded", "last_set")

    def __init__(self):
        self.state = 0
        self.frame_size = 0
        self.header = 0
        self.header_count = 0
        self.no_bitrate = False
        self.packets = 0                # packets parsed so far
        self.first_decoded = None       # index of the packet the decoder takes its values from
        self.last_set = None            # (packet index, sample rate, channels) last written


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
                    ps.last_set = (ps.packets, h.sample_rate, h.channels)
                    par.codec_name = h.codec_name
                    if ps.no_bitrate or not par.bit_rate:
                        ps.no_bitrate = True
                        diff = h.bit_rate - par.bit_rate
                        div = ps.header_count - threshold
                        q = abs(diff) // div
                        par.bit_rate += q if diff >= 0 else -q
                break
    ps.state = state
    if ps.first_decoded is None and n >= 4:
        h = decode_header(int.from_bytes(data[:4], "big"))
        if h is not None and h.frame_size:
            ps.first_decoded = ps.packets
    ps.packets += 1


def mpa_parser_values(dm, st):
    """(sample rate, channels) the mpegaudio parser wrote into the decoder context after
    the decoder took its own from a frame, or None. FFmpeg 5.1.9: the parser splits a whole
    packet (and writes each header's values) before any of its frames is decoded, so its
    writes from later packets are the last ones find_stream_info sees."""
    ps = dm.__dict__.get("_mpa_parsers", {}).get(st.index)
    if ps is None or ps.last_set is None or ps.first_decoded is None:
        return None
    k, rate, channels = ps.last_set
    return (rate, channels) if k > ps.first_decoded else None


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


class _HevcParser:
    """hevc_parser.c's parameter sets for the frame rate (ITU-T H.265 7.3.2): VPS timing by
    id, SPS (its VPS and VUI timing) by id, each PPS's SPS. FFmpeg 5.1.9: the rate is set
    from the VPS timing, else the SPS VUI timing, when a slice header names a known PPS."""
    __slots__ = ("vps", "sps", "pps", "rate")

    def __init__(self):
        self.vps: dict = {}
        self.sps: dict = {}
        self.pps: dict = {}
        self.rate = None

    def packet(self, data: bytes) -> None:
        from ...bitstream.bitreader import BitReader, unescape_rbsp
        from ...codecs.hevc.vps_sps import parse_sps
        for nal in _nals(data):
            if len(nal) < 2 or ((nal[0] & 1) << 5 | nal[1] >> 3):
                continue                            # nuh_layer_id > 0
            t = (nal[0] >> 1) & 0x3F
            try:
                if t == 32:
                    if len(nal) < 3:
                        continue
                    try:
                        timing = _hevc_vps_timing(nal)
                    except CineError:
                        timing = None
                    self.vps[nal[2] >> 4] = timing if timing and timing[0] and timing[1] else None
                elif t == 33:
                    sps = parse_sps(bytes(nal), set(self.vps))
                    timed = sps.vui_num_units_in_tick and sps.vui_time_scale
                    self.sps[sps.sps_id] = (sps.vps_id, (sps.vui_num_units_in_tick, sps.vui_time_scale)
                                            if timed else None)
                elif t == 34:
                    br = BitReader(unescape_rbsp(bytes(nal[2:34])))
                    pps_id, sps_id = br.ue(), br.ue()
                    if pps_id < 64 and sps_id in self.sps:
                        self.pps[pps_id] = sps_id
                elif t <= 9 or 16 <= t <= 21:
                    br = BitReader(unescape_rbsp(bytes(nal[2:34])))
                    br.u(1)                         # first_slice_segment_in_pic_flag
                    if 16 <= t <= 23:
                        br.u(1)                     # no_output_of_prior_pics_flag
                    sps_id = self.pps.get(br.ue())
                    if sps_id is not None:
                        vps_id, vui = self.sps[sps_id]
                        timing = self.vps.get(vps_id) or vui
                        if timing:
                            self.rate = timing
                    return                          # the parser stops at the first slice
            except CineError:
                if t <= 9 or 16 <= t <= 21:
                    return
                continue


def _hevc(dm, st, pkt) -> None:
    parsers = dm.__dict__.setdefault("_hevc_parsers", {})
    ps = parsers.get(st.index)
    if ps is None:
        ps = parsers[st.index] = _HevcParser()
    ps.packet(pkt.data)
    got = ps.rate
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


def _opus(dm, st, pkt) -> bool:
    """The opus parser on TS framing (ETSI TS 102 366 style control headers): the PES
    duration is the sum of its packets' TOC durations. FFmpeg 5.1.9: once a stream's data
    started with a control header, a packet whose first header promises more bytes than
    there are is dropped whole ("Error parsing Ogg TS header."); False then."""
    data = pkt.data
    pos = 0
    total = 0
    n = len(data)
    framing = dm.__dict__.setdefault("_opus_ts_framing", set())
    if st.index not in framing and n > 2 and ((data[0] << 8) | data[1]) >> 5 == 0x3FF:
        framing.add(st.index)
    first = True
    while pos + 2 <= n and ((data[pos] << 8) | data[pos + 1]) >> 5 == 0x3FF:
        flags = data[pos + 1]
        start = pos
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
            pos += 1 + (data[pos] if pos < n else 0)
        if pos + size > n:
            if first and st.index in framing and n - start > 2:
                return False
            break
        first = False
        total += opus_packet_samples(data, pos, size)
        pos += size
    if total and not pkt.duration:
        pkt.duration = total * 90000 // 48000
    return True


def refine(dm, pkt) -> bool:
    """Apply the stream's parser to pkt; False when the parser outputs nothing for it."""
    st = dm.ctx.streams[pkt.stream_index]
    name = st.codecpar.codec_name
    extract_extradata(st, pkt)
    if name == "aac":
        _aac(dm, st, pkt)
    elif name == "h264":
        _h264(dm, st, pkt)
    elif name == "opus":
        return _opus(dm, st, pkt)
    elif name == "hevc":
        _hevc(dm, st, pkt)
    elif name in ("mp1", "mp2", "mp3"):
        _mpa(dm, st, pkt)
    elif name in ("mpeg1video", "mpeg2video"):
        _mpegvideo(dm, st, pkt)
    return True


def _mpegvideo(dm, st, pkt) -> None:
    """The MPEG video parser's timing: the frame duration from the sequence header's frame
    rate and the picture's repeat_pict, and the decoder time base find_stream_info's
    r_frame_rate fallback reads (as 1 / (2 * rate): streaminfo counts 2 ticks per frame)."""
    from ...codecs.mpeg2video.parser_timing import MpegVideoTiming
    from ...timebase import ROUND_DOWN, reduce, rescale_rnd
    states = dm.__dict__.setdefault("_mpv_timing", {})
    t = states.get(st.index)
    if t is None:
        t = states[st.index] = MpegVideoTiming()
    t.parse(pkt.data)
    num, den = t.framerate
    if num and den:
        st.priv.avctx_time_base = reduce(den, num * 2, 1 << 30)
    got = t.frame_duration()
    tb = st.time_base
    if got and not pkt.duration and tb.num and tb.den:
        pkt.duration = rescale_rnd(1, got[0] * tb.den, got[1] * tb.num, ROUND_DOWN)


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
