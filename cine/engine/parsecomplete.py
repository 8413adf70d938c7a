"""Parsers run on complete frames (FFmpeg 5.1.9 AVSTREAM_PARSE_HEADERS, which sets
PARSER_FLAG_COMPLETE_FRAMES): each packet comes out whole, and the parser only reports what
its header says: an audio frame's duration (Opus, RFC 6716 section 3; Vorbis I section
4.3.1; FLAC, RFC 9639 section 9.1), a video frame's key flag and picture type (VP8, RFC 6386
section 9.1; VP9 bitstream specification 6.2; AV1 specification 5.9.2).

Framers here plug into parsesplit.Parse2, whose timestamp ring they share with the
splitting parsers; the video ones are consulted by readframe for the key flag.
"""
from __future__ import annotations

OPUS_FRAME_SAMPLES = (480, 960, 1920, 2880) * 3 + (480, 960) * 2 + (120, 240, 480, 960) * 4
OPUS_MAX_FRAME_BYTES = 1275
OPUS_MAX_FRAMES = 48
OPUS_MAX_PACKET_SAMPLES = 5760


def _lace16(buf, p: int, end: int):
    """(value, new position) of a 1- or 2-byte Opus frame length, None past the end."""
    if p >= end:
        return None
    v = buf[p]
    p += 1
    if v >= 252:
        if p >= end:
            return None
        v += 4 * buf[p]
        p += 1
    return v, p


def opus_packet_samples(buf: bytes, self_delimiting: bool = False):
    """Samples (at 48 kHz) of one Opus packet, or None where libavcodec's packet reader
    refuses it (ff_opus_parse_packet)."""
    end = len(buf)
    if end < 1:
        return None
    toc = buf[0]
    code = toc & 3
    config = toc >> 3
    p = 1
    if code >= 2 and end < 2:
        return None
    if code == 0:
        count = 1
        if self_delimiting:
            got = _lace16(buf, p, end)
            if got is None or got[0] > end - got[1]:
                return None
            p = got[1]
            end = p + got[0]
        if end - p > OPUS_MAX_FRAME_BYTES:
            return None
    elif code == 1:
        count = 2
        if self_delimiting:
            got = _lace16(buf, p, end)
            if got is None or 2 * got[0] > end - got[1]:
                return None
            p = got[1]
            end = p + 2 * got[0]
        n = end - p
        if n & 1 or n >> 1 > OPUS_MAX_FRAME_BYTES:
            return None
    elif code == 2:
        count = 2
        got = _lace16(buf, p, end)
        if got is None:
            return None
        first, p = got
        if self_delimiting:
            got = _lace16(buf, p, end)
            if got is None or got[0] + first > end - got[1]:
                return None
            p = got[1]
            end = p + first + got[0]
        n = end - p - first
        if n < 0 or n > OPUS_MAX_FRAME_BYTES:
            return None
    else:
        b = buf[p]
        p += 1
        count = b & 0x3F
        padding = (b >> 6) & 1
        vbr = b >> 7
        if count == 0 or count > OPUS_MAX_FRAMES:
            return None
        if padding:
            padding = 0
            while True:
                if p >= end or padding > 0x7FFFFFFF - 254:
                    return None
                nxt = buf[p]
                p += 1
                padding += nxt
                if nxt < 255:
                    break
                padding -= 1
        if vbr:
            total = 0
            for _ in range(count - 1):
                got = _lace16(buf, p, end)
                if got is None:
                    return None
                total += got[0]
                p = got[1]
            if self_delimiting:
                got = _lace16(buf, p, end)
                if got is None or got[0] + total + padding > end - got[1]:
                    return None
                p = got[1]
                end = p + total + got[0] + padding
            if total > end - p - padding:
                return None
        elif self_delimiting:
            got = _lace16(buf, p, end)
            if got is None or count * got[0] + padding > end - got[1]:
                return None
        else:
            n = end - p - padding
            if n % count or n // count > OPUS_MAX_FRAME_BYTES:
                return None
    samples = OPUS_FRAME_SAMPLES[config] * count
    if samples > OPUS_MAX_PACKET_SAMPLES:
        return None
    return samples


def opus_stream_count(extradata: bytes | None) -> int:
    """The stream count an OpusHead declares (1 for channel mapping family 0)."""
    if not extradata or len(extradata) < 19:
        return 0
    if extradata[18] == 0:
        return 1
    return extradata[19] if len(extradata) > 19 else 0


class WholeFramer:
    """A parser that gives every packet back as it came (duration: the last one it read)."""

    def __init__(self):
        self.duration = 0

    def frame_samples(self, buf: bytes):
        """The samples of a frame, None to keep the previous duration."""
        return None

    def parse(self, buf: bytes):
        if not buf:
            return 0, None
        n = self.frame_samples(buf)
        if n is not None:
            self.duration = n
        return len(buf), bytes(buf)


class OpusWholeFramer(WholeFramer):
    """opus_parser.c on Matroska/WebM packets: a packet its reader refuses is dropped (and
    the parser keeps the timestamps it fetched for it); MPEG-TS control headers are
    handled by parsesplit.OpusFramer."""

    def __init__(self, extradata: bytes | None):
        super().__init__()
        self.self_delimiting = opus_stream_count(extradata) > 1
        self.ts = None

    def parse(self, buf: bytes):
        if not buf:
            return 0, None
        if self.ts is None and len(buf) > 2 and (buf[0] << 8 | buf[1]) & 0xFFE0 == 0x7FE0:
            from .parsesplit import OpusFramer
            self.ts = OpusFramer()
        if self.ts is not None:
            n, out = self.ts.parse(buf)
            self.duration = self.ts.duration
            return n, out
        n = opus_packet_samples(buf, self.self_delimiting)
        if n is None:
            return len(buf), None
        self.duration = n
        return len(buf), bytes(buf)


class MpaWholeFramer(WholeFramer):
    """mpegaudio_parser.c with complete frames: it scans every byte of every packet for a
    frame header (ISO/IEC 11172-3 2.4.1.3), counting consistent headers; a position past the
    packet's fourth byte that is no header resets the count to -2, so past the first packet
    (whose header counts once) the duration it reports hardly ever changes. A packet without
    any valid header is held and comes out joined to the next one that has one (at the end
    of the input, alone, unless it is a 128-byte-or-longer ID3v1 tag or an APE tag)."""

    MASK = 0xFFE00000 | (3 << 17) | (3 << 10) | (3 << 19)

    def __init__(self, codec_name: str):
        super().__init__()
        self.layer = {"mp1": 1, "mp2": 2, "mp3": 3}.get(codec_name, 0)
        self.state = 0
        self.header = 0
        self.count = 0
        self.found = False
        self.pending = bytearray()

    def parse(self, buf: bytes):
        if not buf:
            out = bytes(self.pending)
            self.pending.clear()
            if not out or (len(out) >= 128 and out[:3] == b"TAG") \
                    or (len(out) >= 32 and out[:8] == b"APETAGEX"):
                return 0, None
            return 0, out
        self.found = False
        n = self.frame_samples(buf)
        if n is not None:
            self.duration = n
        if not self.found:
            self.pending += buf
            return len(buf), None
        out = bytes(self.pending) + bytes(buf)
        self.pending.clear()
        return len(buf), out

    def frame_samples(self, buf: bytes):
        from .codecs.mp3.header import decode_header
        n = len(buf)
        ends = [i for i in range(1, min(n, 3) + 1)]
        j = buf.find(b"\xff")
        while j >= 0:
            if j + 4 <= n:
                ends.append(j + 4)
            j = buf.find(b"\xff", j + 1)
        state = self.state
        out = None
        last = 0                    # the last position looked at
        for i in sorted(set(ends)):
            if i - 1 > max(last, 4):
                self.count = -2     # positions between the candidates are no headers
            word = int.from_bytes(buf[max(0, i - 4):i], "big")
            if i < 4:
                word |= (state << (8 * i)) & 0xFFFFFFFF
            last = i
            h = decode_header(word)
            if h is None or h.frame_size < 4:
                if i > 4:
                    self.count = -2
                continue
            self.found = True
            threshold = int(bool(self.layer) and self.layer != h.layer)
            if self.header and (word & self.MASK) != (self.header & self.MASK):
                self.count = -3
            self.header = word
            self.count += 1
            if self.count > threshold:
                out = h.samples
        if n > max(last, 4):
            self.count = -2
        self.state = int.from_bytes((state.to_bytes(4, "big") + bytes(buf))[-4:], "big")
        return out


class VorbisWholeFramer(WholeFramer):
    """vorbis_parser.c: the block sizes from the headers in the extradata decide each
    packet's duration; header packets and unknown modes leave it as it was. The parser asks
    for no packet flags, so any packet whose first bit is set (a header packet too) is an
    "Invalid packet" it logs, as it does an unknown mode; `sink` (set by the caller for the
    packets read after find_stream_info) receives those lines under the parse context's
    class name, "Vorbis parser"."""

    def __init__(self, extradata: bytes | None):
        super().__init__()
        self.extradata = extradata
        self.vp = None
        self.sink = None

    def frame_samples(self, buf: bytes):
        if self.vp is None and self.extradata:
            from .codecs.vorbis.info import split_xiph
            from .errors import CineError
            from .formats.ogg.map_vorbis import Parser
            try:
                heads = split_xiph(self.extradata)
                self.vp = Parser(heads[0], heads[2], _NullLog())
            except (CineError, IndexError):
                self.vp = None
        if self.vp is None:
            return None
        log = _NullLog()
        if self.sink is not None:
            from .log import Logger
            log = Logger("Vorbis parser", self.sink)
        if buf[0] & 1:
            log.error("Invalid packet\n")     # (no flags asked for: headers too)
            return None
        n, _ = self.vp.frame(buf, log)
        return n if n >= 0 else None


class FlacWholeFramer(WholeFramer):
    """flac_parser.c with complete frames: a valid frame header gives the block size."""

    def frame_samples(self, buf: bytes):
        return flac_header_blocksize(buf)


_FLAC_BS = (0, 192, 576, 1152, 2304, 4608, 0, 0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)


def flac_header_blocksize(buf: bytes):
    """The block size of a FLAC frame whose header (and first subframe type) libavcodec's
    frame_header_is_valid accepts, else None."""
    h = bytes(buf[:32]) + bytes(32)
    if h[0] != 0xFF or h[1] & 0xFE != 0xF8:
        return None
    bs_code = h[2] >> 4
    sr_code = h[2] & 0xF
    if h[3] >> 4 >= 11:
        return None
    if (h[3] >> 1) & 7 in (3, 7) or h[3] & 1:
        return None
    first = h[4]
    p = 5
    if first & 0xC0 == 0x80 or first >= 0xFE:
        return None
    top = (first & 0x80) >> 1
    while first & top:
        c = h[p] - 128
        p += 1
        if c >> 6:
            return None
        first = (first << 6) + c
        top <<= 5
    if bs_code == 0:
        return None
    if bs_code == 6:
        bs = h[p] + 1
        p += 1
    elif bs_code == 7:
        bs = (h[p] << 8 | h[p + 1]) + 1
        p += 2
    else:
        bs = _FLAC_BS[bs_code]
    if sr_code == 12:
        p += 1
    elif sr_code in (13, 14):
        p += 2
    elif sr_code == 15:
        return None
    crc = 0
    for b in h[:p + 1]:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    if crc:
        return None
    sub = h[p + 1]
    if sub & 0x80:
        return None
    t = (sub >> 1) & 0x3F
    if not (t in (0, 1) or 8 <= t <= 12 or t >= 32):
        return None
    return bs


class DcaWholeFramer(WholeFramer):
    """dca_parser.c with complete frames: the core header's PCM blocks give the duration
    (rescaled to the stream's rate); a frame it cannot read has none. DTS-HD substreams
    without a core (LBR, XLL) are not read here and count as unreadable."""

    def __init__(self, sample_rate: int):
        super().__init__()
        self.sample_rate = sample_rate

    def frame_samples(self, buf: bytes):
        from .codecs.dca.header import parse
        from .errors import CineError
        try:
            h = parse(bytes(buf[:20]))
        except (CineError, IndexError):
            return 0
        rate = self.sample_rate or h.sample_rate
        n = h.npcmblocks * 32
        return (n * rate + h.sample_rate // 2) // h.sample_rate if h.sample_rate else 0


class _NullLog:
    def __getattr__(self, name):
        return lambda *a, **k: None


def make_complete_parser(st):
    """The av_parser_parse2 wrapper of a complete-frames audio parser for st, or None."""
    from .parsesplit import Parse2
    par = st.codecpar
    name = par.codec_name
    if name == "opus":
        return Parse2(OpusWholeFramer(par.extradata))
    if name == "vorbis":
        return Parse2(VorbisWholeFramer(par.extradata))
    if name == "flac":
        return Parse2(FlacWholeFramer())
    if name == "dts":
        return Parse2(DcaWholeFramer(par.sample_rate))
    if name in ("mp1", "mp2", "mp3"):
        return Parse2(MpaWholeFramer(name))
    return None


# video: the key flag and picture type the parser reports ----------------------------------
class VideoHeaders:
    """One stream's video parser state: key_frame (-1 unknown) and pict_type, which
    persist from packet to packet where a parser leaves them."""

    def __init__(self, codec_name: str, extradata: bytes | None = None):
        self.codec = codec_name
        self.key_frame = -1
        self.pict_type = "I"
        self.av1_reduced = None     # AV1: the sequence header's reduced_still_picture_header
        if codec_name == "av1" and extradata and len(extradata) > 4 and extradata[0] & 0x80:
            av1_shown_frame_type(extradata[4:], self)

    def parse(self, buf: bytes) -> None:
        fn = _VIDEO.get(self.codec)
        if fn is not None:
            fn(self, buf)

    def flags_for(self, demuxer_key: int) -> int:
        """parse_packet's key flag from the parser's verdict."""
        if self.key_frame == 1 or (self.key_frame == -1 and self.pict_type == "I"):
            return 1
        if self.key_frame == -1 and self.pict_type is None and demuxer_key:
            return 1
        return 0


def _vp8(ps: VideoHeaders, buf: bytes) -> None:
    if len(buf) < 3 or (buf[0] >> 1) & 7 > 3:
        return
    inter = buf[0] & 1
    ps.key_frame = 0 if inter else 1
    ps.pict_type = "P" if inter else "I"


def _vp9(ps: VideoHeaders, buf: bytes) -> None:
    if not buf:
        return
    bits = int.from_bytes((bytes(buf[:4]) + bytes(4))[:4], "big")
    pos = 2

    def get(n):
        nonlocal pos
        v = (bits >> (32 - pos - n)) & ((1 << n) - 1)
        pos += n
        return v
    profile = get(1)
    profile |= get(1) << 1
    if profile == 3:
        profile += get(1)
    if profile > 3:
        return
    if get(1):
        key = 0
    else:
        key = 0 if get(1) else 1
    ps.key_frame = key
    ps.pict_type = "I" if key else "P"


def _av1(ps: VideoHeaders, buf: bytes) -> None:
    ps.key_frame = -1
    ps.pict_type = None
    got = av1_shown_frame_type(buf, ps)
    if got is None:
        return
    frame_type, show_existing = got
    ps.key_frame = 1 if frame_type == 0 and not show_existing else 0
    ps.pict_type = {0: "I", 2: "I", 1: "P", 3: "SP"}[frame_type]


_VIDEO = {"vp8": _vp8, "vp9": _vp9, "av1": _av1}


def _leb128(buf, p: int):
    """leb128 (AV1 spec 4.10.5) at p: (value, next position), None when the bytes run out."""
    from .codecs.av1.obu import leb128
    from .errors import InvalidData
    try:
        return leb128(buf, p)
    except InvalidData:
        return None


def av1_shown_frame_type(buf: bytes, ps: VideoHeaders):
    """(frame_type, show_existing_frame) of the last shown base-layer frame header in a
    temporal unit (Section 5 low-overhead OBUs), None when there is none or the unit does
    not read as OBUs. Only the leading fields of the uncompressed header are read."""
    p = 0
    n = len(buf)
    result = None
    while p < n:
        h = buf[p]
        if h & 0x80:
            return None
        obu_type = (h >> 3) & 0xF
        ext = h & 4
        has_size = h & 2
        p += 1
        spatial = 0
        if ext:
            if p >= n:
                return None
            spatial = buf[p] >> 6 & 3
            p += 1
        if has_size:
            got = _leb128(buf, p)
            if got is None:
                return None
            size, p = got
        else:
            size = n - p
        if size > n - p:
            return None
        body = buf[p:p + size]
        p += size
        if obu_type == 1:
            ps.av1_reduced = bool(body and body[0] & 0x08)
        elif obu_type in (3, 6) and spatial == 0:
            if ps.av1_reduced is None or not body:
                continue
            if ps.av1_reduced:
                result = (0, 0)
                continue
            b = body[0]
            if b & 0x80:
                # show_existing_frame: the shown frame's type is that of the frame it shows
                result = (result[0] if result else 1, 1)
                continue
            frame_type = (b >> 5) & 3
            show = (b >> 4) & 1
            if show:
                result = (frame_type, 0)
    return result


def video_key_flag(states: dict, st, pkt) -> None:
    """parse_packet's key flag for a VP8/VP9/AV1 frame (states: the reader's per-stream
    VideoHeaders); other codecs keep the demuxer's flag."""
    name = st.codecpar.codec_name
    if name not in _VIDEO:
        return
    ps = states.get(st.index)
    if ps is None:
        ps = states[st.index] = VideoHeaders(name, st.codecpar.extradata)
    ps.parse(pkt.data)
    pkt.flags = (pkt.flags & ~1) | ps.flags_for(pkt.flags & 1)
