"""The mp3 demuxer (MPEG-1/2/2.5 audio layers I-III elementary streams, ISO/IEC 11172-3 and
13818-3): FFmpeg 5.1.9's probe score, Xing/Info/LAME and VBRI headers (frame count, size,
encoder delay), junk skipping, ID3v1, and the mpegaudio parser's framing and bit-rate average.
"""
from __future__ import annotations

from ..codecs.mp3.header import decode_header
from ..errors import CineError
from ..io.sizecall import avio_size
from ..model import PKT_FLAG_KEY, Packet, Rational, Stream
from ..timebase import rescale, rescale_q
from . import id3v1, id3v2, replaygain
from .replaygain import INT32_MIN
from .base import Demuxer
from .rawframes import LateTimestamps, running_average

SCORE_EXTENSION = 50
PROBE_BUF_MAX = 1 << 20
MP3_MASK = 0xFFFE0CCF
SAME_HEADER_MASK = 0xFFE00000 | (3 << 19) | (3 << 17) | (3 << 10)
TIME_BASE = Rational(1, 14112000)      # lcm of all MPEG audio sample rates
PACKET_SIZE = 1024
JUNK_SEARCH = 64 * 1024
XING_FRAMES, XING_SIZE, XING_TOC, XING_QSCALE = 1, 2, 4, 8


def header_ok(h: int) -> bool:
    """ff_mpa_check_header (sync, version, layer, bit rate and rate indices)."""
    return ((h & 0xFFE00000) == 0xFFE00000 and (h & (3 << 19)) != (1 << 19)
            and (h & (3 << 17)) != 0 and (h & (0xF << 12)) != (0xF << 12)
            and (h & (3 << 10)) != (3 << 10))


def decode(h: int):
    """avpriv_mpegaudio_decode_header: the header, or None when invalid. The headers of one
    file are few (every frame of a CBR file has one of two), so their decodings are kept
    (read-only records) for the frames that follow."""
    try:
        return _DECODED[h]
    except KeyError:
        pass
    hd = decode_header(h) if header_ok(h) else None
    if len(_DECODED) >= 1024:
        _DECODED.clear()
    _DECODED[h] = hd
    return hd


_DECODED: dict = {}


def _count_emulations(buf: bytes, start: int, stop: int, header: int) -> int:
    want = header & MP3_MASK
    n = 0
    i = buf.find(b"\xff", start, stop)
    while i >= 0:
        if ((int.from_bytes(buf[i:i + 4], "big") & MP3_MASK) == want):
            n += 1
            if n > 2:
                return n
        i = buf.find(b"\xff", i + 1, stop)
    return n


def probe(buf: bytes, filename: str = "") -> int:
    """mp3_read_probe."""
    size = len(buf)
    data = bytes(buf) + b"\0" * 4
    end = size - 4
    buf0 = 0
    while buf0 < end and not data[buf0]:
        buf0 += 1
    max_frames = max_framesizes = first_frames = 0
    whole_used = False
    pos = buf0
    while pos < end:
        p2 = pos
        frames = framesizes = 0
        while p2 < end:
            header = int.from_bytes(data[p2:p2 + 4], "big")
            h = decode(header)
            if h is None or not h.frame_size:
                break
            available = min(h.frame_size, end - p2)
            if _count_emulations(data, p2 + 4, p2 + available, header) > 2:
                break
            framesizes += h.frame_size
            if available < h.frame_size:
                frames += 1
                break
            p2 += h.frame_size
            frames += 1
        max_frames = max(max_frames, frames)
        max_framesizes = max(max_framesizes, framesizes)
        if pos == buf0:
            first_frames = frames
            if p2 == end + 4:
                whole_used = True
        nxt = data.find(b"\xff", p2 + 1, end) if p2 + 1 < end else -1
        pos = nxt if nxt >= 0 else end
    if first_frames >= 7:
        return SCORE_EXTENSION + 1
    if max_frames > 200 and size < 2 * max_framesizes:
        return SCORE_EXTENSION
    if max_frames >= 4 and size < 2 * max_framesizes:
        return SCORE_EXTENSION // 2
    if id3v2.match(data[buf0:buf0 + 10]) and 2 * id3v2.tag_len(data[buf0:buf0 + 10]) >= size:
        return SCORE_EXTENSION // 4 if size < PROBE_BUF_MAX else SCORE_EXTENSION - 2
    if first_frames > 1 and whole_used:
        return 5
    if max_frames >= 1 and size < 10 * max_framesizes:
        return 1
    return 0


def crc16_a001(data: bytes, crc: int = 0) -> int:
    """CRC-16 with the reflected 0x8005 polynomial (ff_crcA001_update), as LAME tags use."""
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


class Mp3Demuxer(LateTimestamps, Demuxer):
    def read_header(self) -> None:
        src, ctx = self.source, self.ctx
        tags = getattr(self, "id3_tags", None)
        self.id3_tags = None
        if tags:
            ctx.tags = tags
        st = Stream(index=len(ctx.streams))
        st.codecpar.codec_type = "audio"
        st.codecpar.codec_name = "mp3"
        st.time_base = TIME_BASE
        st.start_time = 0
        st.priv = _Mp3Priv(0)
        ctx.streams.append(st)
        self.st = st
        off = src.tell()
        if not ctx.tags:
            id3v1.read(src, ctx.tags)
        self.filesize = (avio_size(src) or 0) if src.seekable else 0
        if not self._vbr_tags(off):
            src.seek(off)
        replaygain.export(st, ctx.tags)
        off = src.tell()
        for i in range(JUNK_SEARCH):
            size, header = self._check(off + i)
            if size == -2:
                self.log.error("Failed to read frame size: Could not seek to %d.\n" % (i + 1024 + size + 4))
                raise CineError(code=-22)
            if size > 0:
                size2, header2 = self._check(off + i + size)
                if size2 >= 0 and (header & MP3_MASK) == (header2 & MP3_MASK):
                    (self.log.info if i > 0 else self.log.verbose)(
                        "Skipping %d bytes of junk at %d.\n" % (i, off))
                    src.seek(off + i)
                    break
                if size2 == -2:
                    self.log.error("Invalid frame size (%d): Could not seek to %d.\n" % (size, off + i + size))
                    raise CineError(code=-22)
            src.seek(off)
        self.data_offset = src.tell()
        # mpegaudio parser state
        self.pbuf = bytearray()     # grown in place: a long stretch without frames stays linear
        self.pbuf_pos = src.tell()
        self.queue: list[Packet] = []
        self.header = 0
        self.header_count = 0
        self.no_bitrate = False
        self.avctx_bit_rate = st.codecpar.bit_rate
        self.eof = False
        self.counted = -1
        self._late_init()

    def _check(self, pos: int) -> tuple[int, int]:
        """check(): frame size at pos (-1 wrong header, -2 nothing to read)."""
        src = self.source
        try:
            src.seek(pos)
            raw = src.read(4)
        except CineError:
            return -2, 0
        if len(raw) < 4:
            return -2, 0
        h = int.from_bytes(raw, "big")
        hd = decode(h)
        if hd is None or not hd.frame_size:
            return -1, 0
        return hd.frame_size, h

    def _vbr_tags(self, base: int) -> bool:
        """mp3_parse_vbr_tags: Xing/Info (+LAME) then VBRI; False to rewind to base."""
        src, st = self.source, self.st
        blob = src.read(4 + 32 + 120 + 100 + 36)
        if len(blob) < 4:
            return False
        v = int.from_bytes(blob[:4], "big")
        c = decode(v)
        if c is None:
            return False
        tag_size = c.frame_size
        if c.layer != 3:
            return False
        spf = 576 if c.lsf else 1152
        frames = header_filesize = 0
        is_cbr = False
        fsize = avio_size(self.source)
        fsize = (1 << 64) - 1 if fsize is None else fsize
        fsize = fsize - (base + 4) if fsize >= base + 4 else 0
        p = 4 + ((32, 17), (17, 9))[c.lsf == 1][c.channels == 1]

        def rd(n: int) -> int:
            nonlocal p
            raw = blob[p:p + n]
            p += n
            return int.from_bytes(raw.ljust(n, b"\0"), "big")

        tag = rd(4)
        is_cbr = tag == 0x496E666F           # 'Info'
        if tag == 0x58696E67 or is_cbr:      # 'Xing'
            flags = rd(4)
            if flags & XING_FRAMES:
                frames = rd(4)
            if flags & XING_SIZE:
                header_filesize = rd(4)
            if fsize and header_filesize:
                low, high = min(fsize, header_filesize), max(fsize, header_filesize)
                delta = high - low
                if fsize > header_filesize and delta > low >> 4:
                    frames = 0
                    self.log.warning("invalid concatenated file detected - using bitrate for duration\n")
                elif delta > low >> 4:
                    self.log.warning("filesize and duration do not match (growing file?)\n")
            if flags & XING_TOC:
                if not header_filesize and not self.filesize:
                    self.log.warning("Cannot determine file size, skipping TOC table.\n")
                p += 100
            if flags & XING_QSCALE:
                p += 4
            version = blob[p:p + 9].split(b"\0", 1)[0]
            p += 9 + 2
            peak = rescale(rd(4), 100000, 1 << 23)
            v = rd(2)
            r_gain = a_gain = INT32_MIN
            if (v >> 13) & 7 == 1:
                r_gain = (v & 0x1FF) * 10000 * (-1 if v & 0x200 else 1)
            v = rd(2)
            if (v >> 13) & 7 == 2:
                a_gain = (v & 0x1FF) * 10000 * (-1 if v & 0x200 else 1)
            p += 2                                  # flags + ATH, ABR bit rate
            delays = rd(3)
            if version[:4] in (b"LAME", b"Lavf", b"Lavc"):
                start_pad = delays >> 12
                skip = start_pad + 528 + 1
                st.priv = _Mp3Priv(skip)
                if frames:
                    st.priv.first_discard = -(delays & 4095) + 528 + 1 + frames * spf
                    st.priv.last_discard = frames * spf
                if not st.start_time:
                    st.start_time = rescale_q(skip, Rational(1, c.sample_rate), st.time_base)
                self.log.debug("pad %d %d\n" % (start_pad, delays & 4095))
            p += 1 + 1 + 2 + 4 + 2
            crc = crc16_a001(blob[:p])
            if len(blob) >= p + 2 and int.from_bytes(blob[p:p + 2], "big") == crc:
                replaygain.export_raw(st, r_gain, peak, a_gain, 0)
                st.tags.set("encoder", version.decode("utf-8", "surrogateescape"))
        if blob[36:40] == b"VBRI" and len(blob) >= 54 and int.from_bytes(blob[40:42], "big") == 1:
            header_filesize = int.from_bytes(blob[46:50], "big")
            frames = int.from_bytes(blob[50:54], "big")
        if not frames and not header_filesize:
            return False
        src.seek(base + tag_size)
        if frames:
            st.duration = rescale_q(frames, Rational(spf, c.sample_rate), st.time_base)
        if header_filesize and frames and not is_cbr:
            st.codecpar.bit_rate = rescale(header_filesize, 8 * c.sample_rate, frames * spf)
        return True

    # ---------------------------------------------------------------- packets

    def _read_raw(self) -> bool:
        src = self.source
        size = PACKET_SIZE
        pos = src.tell()
        if self.filesize > id3v1.TAG_SIZE and pos < self.filesize:
            size = min(size, self.filesize - pos)
        data = src.read(size)
        if not data:
            return False
        self.pbuf += data
        return True

    def _frames(self, flush: bool) -> None:
        """Split self.pbuf into frames as the mpegaudio parser does."""
        buf = self.pbuf
        i = 0
        start = 0
        # where the previous call's search for a header stopped: the bytes before it hold
        # none, so a long stretch without one is scanned once, not once per read
        scan = self.__dict__.get("scan_resume", 0)
        size = len(buf)             # (the loop does not change the buffer)
        base = self.pbuf_pos
        while True:
            j = max(i, scan)
            found = None
            while j + 4 <= size:
                j = buf.find(b"\xff", j, size - 3)      # every header starts with 0xFF
                if j < 0:
                    break
                h = int.from_bytes(buf[j:j + 4], "big")
                hd = decode(h)
                if hd is not None and hd.frame_size >= 4:
                    found = hd
                    break
                j += 1
            if found is None:
                scan = max(i, size - 3)
                break
            hd = found
            if base + j != self.counted:
                self.counted = base + j
                self._count_header(h, hd, junk=j > i)
            end = j + hd.frame_size
            if end > size:
                if not flush:
                    scan = j
                    break
                end = size
            self._emit(bytes(buf[start:end]), hd, base + start)
            i = start = end
        if flush:
            rest = buf[start:]
            if rest and rest[:3] != b"TAG":
                self._emit(bytes(rest), None, self.pbuf_pos + start)
            start = len(buf)
            scan = start
        self.pbuf_pos += start
        if start:
            del buf[:start]
        self.scan_resume = max(0, scan - start)

    def _count_header(self, h: int, hd, junk: bool) -> None:
        par = self.st.codecpar
        threshold = 1 if par.codec_name != hd.codec_name else 0
        if junk:
            self.header_count = -2
        if self.header and (h & SAME_HEADER_MASK) != (self.header & SAME_HEADER_MASK):
            self.header_count = -3
        self.header = h
        self.header_count += 1
        if self.header_count > threshold:
            par.sample_rate = hd.sample_rate
            par.channels = hd.channels
            par.codec_name = hd.codec_name
            if self.no_bitrate or not self.avctx_bit_rate:
                self.no_bitrate = True
                self.avctx_bit_rate = running_average(self.avctx_bit_rate, hd.bit_rate,
                                                      self.header_count - threshold)
            par.bit_rate = self.avctx_bit_rate

    def _emit(self, data: bytes, hd, pos: int) -> None:
        st = self.st
        dur = 0
        if hd is not None and hd.sample_rate:
            dur = rescale(hd.samples, st.time_base.den, hd.sample_rate * st.time_base.num)
        # FFmpeg 5.1.9: parsed mp3 packets carry no timestamp while stream info is gathered,
        # so at least 50 frames are read (the parser's average bit rate depends on it)
        self.queue.append(self._stamp(Packet(st.index, data, None, None, dur, pos, PKT_FLAG_KEY)))

    def _on_stamped(self, pkt) -> None:
        """read_frame_internal's skip/discard side data from the LAME encoder delay and
        padding: the first packet skips start_skip_samples, the one crossing
        first_discard_sample discards the rest."""
        priv = self.st.priv
        rate = self.st.codecpar.sample_rate
        skip = getattr(priv, "lame_skip", 0) if pkt.pts == 0 else 0
        discard = 0
        first = getattr(priv, "first_discard", 0)
        if first and rate:
            tb = self.st.time_base
            sample = rescale(pkt.pts, tb.num * rate, tb.den)
            duration = rescale(pkt.duration, tb.num * rate, tb.den)
            end = sample + duration
            if duration > 0 and end >= first and sample < priv.last_discard:
                discard = min(end - first, duration)
        if skip or discard:
            from ..model import SideData
            pkt.side_data.append(SideData("Skip Samples", [
                ("skip_samples", skip), ("discard_padding", discard), ("skip_reason", 0),
                ("discard_reason", 0)]))

    # ---------------------------------------------------------------- seeking
    # FFmpeg 5.1.9: mp3_seek only serves -usetoc / -fflags fastseek; by default it declines
    # and the generic index (AVFMT_GENERIC_INDEX) of the frames read so far is used

    generic_index = True

    def reposition(self, pos: int) -> bool:
        """avio_seek + ff_read_frame_flush: the parser starts afresh at pos."""
        self.queued_packets = []
        self.queue = []
        self.pbuf = bytearray()
        self.pbuf_pos = pos
        self.scan_resume = 0
        self.header = 0
        self.header_count = 0
        self.counted = -1
        self.eof = False
        try:
            self.source.seek(pos)
        except CineError:
            return False
        return True

    def set_next_dts(self, stream_index: int, dts: int) -> None:
        """avpriv_update_cur_dts: the next parsed frame is stamped dts."""
        if stream_index == self.st.index and self.__dict__.get("_emitted") is None:
            self._late_next = dts

    def read_packet(self) -> Packet | None:
        queued = getattr(self, "queued_packets", None)
        if queued:
            return queued.pop(0)
        while not self.queue:
            if self.eof:
                return None
            if not self._read_raw():
                self.eof = True
                self._frames(flush=True)
            else:
                self._frames(flush=False)
        return self.queue.pop(0)


class _Mp3Priv:
    """Per-stream state streaminfo reads: the LAME encoder delay to skip."""

    def __init__(self, skip_samples: int):
        self.skip_samples = 0       # start_time is already set from it
        self.lame_skip = skip_samples
        self.opened_as = "mp3"      # the decoder find_stream_info opens (codec id at read_header)
        self.first_discard = 0      # first_discard_sample / last_discard_sample (LAME padding)
        self.last_discard = 0
