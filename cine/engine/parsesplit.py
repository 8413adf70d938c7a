"""Audio parsers that cut a demuxer's packets into frames for av_read_frame (FFmpeg 5.1.9
libavcodec/parser.c av_parser_parse2 timestamp bookkeeping; aac_ac3_parser.c and
mpegaudio_parser.c framing; ISO/IEC 13818-7 ADTS, ATSC A/52 sync frames, ISO/IEC 11172-3).

A splitter keeps the parser's byte offsets and a ring of the last four input packets so that a
frame gets the pts/dts/pos of the packet its first byte came from, and only the first frame
that starts in a packet gets them (the others are interpolated by compute_pkt_fields).
"""
from __future__ import annotations

PTS_RING = 4
END = None

_AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
              7350)
_AC3_RATES = (48000, 44100, 32000)
_AC3_WORDS = ((64, 69, 96), (64, 70, 96), (80, 87, 120), (80, 88, 120), (96, 104, 144),
              (96, 105, 144), (112, 121, 168), (112, 122, 168), (128, 139, 192), (128, 140, 192),
              (160, 174, 240), (160, 175, 240), (192, 208, 288), (192, 209, 288),
              (224, 243, 336), (224, 244, 336), (256, 278, 384), (256, 279, 384),
              (320, 348, 480), (320, 349, 480), (384, 417, 576), (384, 418, 576),
              (448, 487, 672), (448, 488, 672), (512, 557, 768), (512, 558, 768),
              (640, 696, 960), (640, 697, 960), (768, 835, 1152), (768, 836, 1152),
              (896, 975, 1344), (896, 976, 1344), (1024, 1114, 1536), (1024, 1115, 1536),
              (1152, 1253, 1728), (1152, 1254, 1728), (1280, 1393, 1920), (1280, 1394, 1920))


def adts_sync(b: bytes):
    """(frame length, samples, new_frame_start, need_next_header) of an ADTS header, or None."""
    if b[0] != 0xFF or b[1] & 0xF6 != 0xF0:
        return None
    if (b[2] >> 2) & 0xF > 12:
        return None
    size = ((b[3] & 3) << 11) | (b[4] << 3) | (b[5] >> 5)
    if size < 7:
        return None
    return size, ((b[6] & 3) + 1) * 1024, True, False


def ac3_sync(b: bytes):
    if b[0] != 0x0B or b[1] != 0x77:
        return None
    bsid = b[5] >> 3
    if bsid > 16:
        return None
    if bsid <= 10:
        fscod = b[4] >> 6
        frmsizecod = b[4] & 0x3F
        if fscod == 3 or frmsizecod > 37:
            return None
        return _AC3_WORDS[frmsizecod][fscod] * 2, 1536, True, True
    frame_type = b[2] >> 6
    if frame_type == 3:
        return None
    size = ((((b[2] & 7) << 8) | b[3]) + 1) * 2
    if size < 7:
        return None
    fscod = b[4] >> 6
    blocks = 6 if fscod == 3 else (1, 2, 3, 6)[(b[4] >> 4) & 3]
    if fscod == 3 and (b[4] >> 4) & 3 == 3:
        return None
    new_start = frame_type != 1
    return size, blocks * 256, new_start, new_start or frame_type != 2


class HeaderFramer:
    """ff_aac_ac3_parse: frames found from their sync headers (header_size bytes)."""

    def __init__(self, sync, header_size: int = 7, report_samples: bool = True):
        self.sync = sync
        self.header_size = header_size
        self.report = report_samples
        self.remaining = 0
        self.need_next = False
        self.pending = bytearray()
        self.duration = 0
        self.tail = b""                 # the last bytes seen (a header may straddle calls)

    def parse(self, buf: bytes):
        """(bytes consumed, frame or None)."""
        n = len(buf)
        hs = self.header_size
        joined = self.tail + buf
        off = len(self.tail)
        first_scan = True
        tail = self.tail
        samples_seen = None     # FFmpeg 5.1.9: got_frame, reset on every call
        while True:
            i = END
            if self.remaining > n:
                break
            if self.remaining and not self.need_next:
                i = self.remaining
                self.remaining = 0
                break
            lo = max(self.remaining - (hs - 1), -off) if first_scan else self.remaining
            first_scan = False
            got = None
            for p in range(lo, n - hs + 1):
                got = self.sync(joined[p + off:p + off + hs])
                if got:
                    i = p
                    break
            if got is None:
                # the parser's state keeps the last bytes it scanned
                tail = joined[-(hs - 1):] if hs > 1 else b""
                break
            tail = b""
            size, samples, new_start, need_next = got
            self.need_next = need_next
            samples_seen = samples
            self.remaining = size
            if not new_start or len(self.pending) + i <= 0:
                self.remaining += i
                continue
            if i < 0:
                self.remaining += i
            break
        self.tail = tail
        got = self._combine(i, buf)
        # the frame's duration is updated only when this call found a header and gave a frame
        if got[1] is not None and samples_seen is not None and self.report:
            self.duration = samples_seen
        return got

    def _combine(self, i, buf: bytes):
        n = len(buf)
        if i is END:
            if n == 0 and self.pending:
                out = bytes(self.pending)
                self.pending.clear()
                return 0, out
            self.pending += buf
            self.remaining -= min(self.remaining, n)
            return n, None
        if i < 0:
            cut = len(self.pending) + i
            out = bytes(self.pending[:cut])
            rest = self.pending[cut:]
            self.pending = bytearray(rest)
            return 0, out
        out = bytes(self.pending) + buf[:i]
        self.pending.clear()
        return i, out


class MpaFramer:
    """mpegaudio_parser.c: a frame is out as soon as its last byte arrived."""

    def __init__(self):
        self.frame_size = 0
        self.state = 0
        self.pending = bytearray()
        self.duration = 0

    def parse(self, buf: bytes):
        from .codecs.mp3.header import decode_header
        n = len(buf)
        i = 0
        nxt = END
        state = self.state
        while i < n:
            if self.frame_size:
                inc = min(n - i, self.frame_size)
                i += inc
                self.frame_size -= inc
                state = 0
                if not self.frame_size:
                    nxt = i
                    break
            else:
                while i < n:
                    state = ((state << 8) | buf[i]) & 0xFFFFFFFF
                    i += 1
                    h = decode_header(state) if i >= 4 or state >> 24 else None
                    if h is None or h.frame_size < 4:
                        continue
                    self.frame_size = h.frame_size - 4
                    self.duration = h.samples
                    break
        self.state = state
        if nxt is END:
            if n == 0 and self.pending:
                out = bytes(self.pending)
                self.pending.clear()
                return 0, out
            self.pending += buf
            return n, None
        out = bytes(self.pending) + buf[:nxt]
        self.pending.clear()
        return nxt, out


class OpusFramer:
    """opus_parser.c with MPEG-TS framing (ETSI TS 102 366 annex: the 0x7FE0 control header
    and its au_size): each frame comes out without its control header."""

    def __init__(self):
        self.duration = 0

    def parse(self, buf: bytes):
        n = len(buf)
        if not n:
            return 0, None
        if n > 2 and (buf[0] << 8 | buf[1]) & 0xFFE0 == 0x7FE0:
            flags = buf[1]
            p = 2
            size = 0
            while p < n and buf[p] == 0xFF:
                size += 255
                p += 1
            if p >= n:
                return n, None
            size += buf[p]
            p += 1
            p += 2 * (((flags >> 4) & 1) + ((flags >> 3) & 1))
            if flags & 4 and p < n:
                p += 1 + buf[p]
            if p + size > n:
                return n, None      # FFmpeg 5.1.9: a frame split across packets is not joined here
            self.duration = opus_samples(buf[p:p + size])
            return p + size, buf[p:p + size]
        self.duration = opus_samples(buf)
        return n, bytes(buf)


def opus_samples(pkt: bytes) -> int:
    """Samples at 48 kHz of one Opus packet from its TOC (RFC 6716 3.1); 0 for an empty
    packet or a code-3 one without its count byte."""
    from .codecs.opus.toc import packet_samples
    return max(packet_samples(pkt, 0, len(pkt)), 0) if pkt else 0


class Parse2:
    """av_parser_parse2's offsets and timestamp ring around one framer."""

    def __init__(self, framer):
        self.framer = framer
        self.fetched = False
        self.cur_offset = 0
        self.next_frame_offset = 0
        self.frame_offset = 0
        self.ring = [[0, 0, None, None, -1] for _ in range(PTS_RING)]
        self.start_index = 0
        self.fetch = True
        self.pts = self.dts = None
        self.pos = -1

    def _fetch(self) -> None:
        self.pts = self.dts = None
        self.pos = -1
        for off, end, pts, dts, pos in self.ring:
            if (self.cur_offset >= off and (self.frame_offset < off or
                                            (not self.frame_offset and not self.next_frame_offset))
                    and end):
                self.dts, self.pts, self.pos = dts, pts, pos
                if self.cur_offset < end:
                    break

    def parse(self, buf: bytes, pts, dts, pos):
        if not self.fetched:
            self.next_frame_offset = self.cur_offset = pos
            self.fetched = True
        if buf and self.cur_offset + len(buf) != self.ring[self.start_index][1]:
            self.start_index = (self.start_index + 1) % PTS_RING
            self.ring[self.start_index] = [self.cur_offset, self.cur_offset + len(buf), pts, dts,
                                           pos]
        if self.fetch:
            self.fetch = False
            self._fetch()
        index, out = self.framer.parse(buf)
        if out:
            self.frame_offset = self.next_frame_offset
            self.next_frame_offset = self.cur_offset + index
            self.fetch = True
        self.cur_offset += max(index, 0)
        return max(index, 0), out


def make_parser(codec_name: str | None):
    if codec_name == "aac":
        return Parse2(HeaderFramer(adts_sync, 7, report_samples=False))
    if codec_name in ("ac3", "eac3"):
        return Parse2(HeaderFramer(ac3_sync, 7))
    if codec_name in ("mp1", "mp2", "mp3"):
        return Parse2(MpaFramer())
    if codec_name == "opus":
        return Parse2(OpusFramer())
    return None
