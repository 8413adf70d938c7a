"""The flac demuxer (native FLAC streams, RFC 9639 sections 8 (metadata blocks) and 9 (frames)):
FFmpeg 5.1.9's probe score, STREAMINFO as extradata (time base, duration), VORBIS_COMMENT tags
(and the WAVEFORMATEXTENSIBLE_CHANNEL_MASK layout), PICTURE blocks as attached pictures,
CUESHEET tracks as chapters; SEEKTABLE is read and unused. Packets are frames: a header
(sync, CRC-8) whose coded number continues the previous frame's ends the previous packet.

Known limit: raw FLAC streams without the fLaC marker are not probed (raw_flac_probe).
"""
from __future__ import annotations

from .. import chlayout as CL
from ..errors import CineError, EndOfFile, InvalidData
from ..model import PKT_FLAG_KEY, Chapter, Packet, Rational, Stream, Tags
from . import id3v2
from .base import Demuxer

SCORE_EXTENSION = 50
STREAMINFO, PADDING, APPLICATION, SEEKTABLE, VORBIS_COMMENT, CUESHEET, PICTURE = range(7)
STREAMINFO_SIZE = 34
CHUNK = 8192
PARSER_MIN_HEADERS = 10     # flac_parser.c FLAC_MIN_HEADERS


def probe(buf: bytes, filename: str = "") -> int:
    """flac_probe (the raw-frame branch answers 0 here: see the module limits)."""
    if len(buf) >= 2 and (int.from_bytes(buf[:2], "big") & 0xFFFE) == 0xFFF8:
        return 0
    if len(buf) >= 4 + 4 + 13:
        if buf[:4] != b"fLaC":
            return 0
        btype = buf[4] & 0x7F
        size = int.from_bytes(buf[5:8], "big")
        min_bs = int.from_bytes(buf[8:10], "big")
        max_bs = int.from_bytes(buf[10:12], "big")
        rate = int.from_bytes(buf[18:21], "big") >> 4
        if (btype == STREAMINFO and size == STREAMINFO_SIZE and min_bs >= 16
                and max_bs >= min_bs and rate and rate <= 655350):
            return 100
        return SCORE_EXTENSION
    return 0


def parse_picture(ctx, demuxer, buf: bytes, log) -> None:
    """ff_flac_parse_picture: a PICTURE block as an attached picture stream."""
    if len(buf) < 34:
        return
    ptype = int.from_bytes(buf[0:4], "big")
    if ptype >= len(id3v2.PICTURE_TYPES):
        ptype = 0
    n = int.from_bytes(buf[4:8], "big")
    if n <= 0 or n >= 64:
        log.error("Could not read mimetype from an attached picture.\n")
        return
    p = 8
    if n + 24 > len(buf) - p:
        log.error("Attached picture metadata block too short\n")
        return
    mime = buf[p:p + n].split(b"\0", 1)[0].decode("latin-1")
    p += n
    codec = next((cid for name, cid in id3v2.PICTURE_MIMES if name == mime), None)
    if codec is None:
        log.error("Unknown attached picture mimetype: %s.\n" % mime)
        return
    n = int.from_bytes(buf[p:p + 4], "big")
    p += 4
    if n > len(buf) - p - 20:
        log.error("Failed to read description from an attached picture.\n")
        return
    desc = buf[p:p + n].split(b"\0", 1)[0].decode("utf-8", "surrogateescape") if n else None
    p += n
    width = int.from_bytes(buf[p:p + 4], "big")
    height = int.from_bytes(buf[p + 4:p + 8], "big")
    p += 16
    n = int.from_bytes(buf[p:p + 4], "big")
    p += 4
    if n <= 0 or n > len(buf) - p:
        log.error("Invalid attached picture size: %d.\n" % n)
        return
    data = buf[p:p + n]
    st = Stream(index=len(ctx.streams))
    st.codecpar.codec_type = "video"
    st.codecpar.codec_name = "png" if data[:8] == id3v2.PNG_SIG else codec
    st.codecpar.width = width
    st.codecpar.height = height
    st.disposition.add("attached_pic")
    st.time_base = Rational(1, 90000)
    st.tags.set("comment", id3v2.PICTURE_TYPES[ptype])
    if desc is not None:
        st.tags.set("title", desc)
    ctx.streams.append(st)
    demuxer.__dict__.setdefault("queued_packets", []).append(
        Packet(st.index, data, None, None, 0, -1, PKT_FLAG_KEY))


class FlacDemuxer(Demuxer):
    def read_header(self) -> None:
        src, ctx = self.source, self.ctx
        st = Stream(index=len(ctx.streams))
        st.codecpar.codec_type = "audio"
        st.codecpar.codec_name = "flac"
        st.time_base = Rational(1, 90000)
        ctx.streams.append(st)
        self.st = st
        self.next_pts = 0
        start = src.tell()
        if src.read(4) != b"fLaC":
            src.seek(start)
            self.data_offset = src.tell()
            return
        found = False
        last = False
        while not last:
            hdr = src.read(4)
            if len(hdr) != 4:
                raise InvalidData("metadata block header")
            last = bool(hdr[0] & 0x80)
            btype = hdr[0] & 0x7F
            size = int.from_bytes(hdr[1:4], "big")
            if btype in (STREAMINFO, CUESHEET, PICTURE, VORBIS_COMMENT, SEEKTABLE):
                buf = src.read(size)
                if len(buf) != size:
                    raise CineError(code=-5)
            else:
                # FFmpeg 5.1.9: avio_skip past the end (a cut file) reads forward and fails
                # with AVERROR_EOF when the target is within the 32 KiB I/O buffer plus the
                # short-seek threshold; a longer skip seeks there and succeeds (the next
                # header read then fails, unless this block was flagged the last one)
                end = src.tell() + size
                if src.size is not None and end > src.size:
                    buffered_end = min(src.size, -(-src.tell() // 32768) * 32768)
                    if end - buffered_end <= 32768:
                        raise EndOfFile()
                src.skip(size)
                if not src.seekable and src.tell() < end:
                    raise EndOfFile()   # FFmpeg 5.1.9: a pipe's avio_skip reads up to EOF and fails
                buf = b""
            if btype == STREAMINFO:
                if found or size != STREAMINFO_SIZE:
                    raise InvalidData("STREAMINFO")
                found = True
                st.codecpar.extradata = buf
                rate = int.from_bytes(buf[10:13], "big") >> 4
                samples = (int.from_bytes(buf[13:21], "big") >> 24) & ((1 << 36) - 1)
                if rate > 0:
                    st.time_base = Rational(1, rate)
                    if samples > 0:
                        st.duration = samples
            elif btype == CUESHEET:
                self._cuesheet(buf)
            elif btype == PICTURE:
                parse_picture(ctx, self, buf, self.log)
            elif btype == SEEKTABLE:
                pass
            else:
                if not found:
                    raise InvalidData("STREAMINFO must come first")
                if btype == VORBIS_COMMENT:
                    self._comment(buf)
        from .replaygain import export
        export(st, ctx.tags)
        self.data_offset = src.tell()

    def _comment(self, buf: bytes) -> None:
        from .ogg.map_vorbis import parse_comment
        try:
            parse_comment(self, self.ctx.tags, buf, True)
        except CineError:
            self.log.warning("error parsing VorbisComment metadata\n")
            return
        mask = self.ctx.tags.get("WAVEFORMATEXTENSIBLE_CHANNEL_MASK")
        if mask is not None:
            try:
                value = int(mask.strip(), 0)
            except ValueError:
                value = 0
            if not value or value & ~0x3FFFF:
                self.log.warning("Invalid value of WAVEFORMATEXTENSIBLE_CHANNEL_MASK\n")
            else:
                par = self.st.codecpar
                par.channels, par.channel_layout = CL.layout_from_mask(value)
                self.ctx.tags.set("WAVEFORMATEXTENSIBLE_CHANNEL_MASK", None)

    def _cuesheet(self, buf: bytes) -> None:
        if len(buf) < 431:
            raise InvalidData("cuesheet")
        chapters = buf[395] - 1
        if chapters <= 0:
            raise InvalidData("cuesheet tracks")
        p = 396
        for _ in range(chapters):
            if p + 36 > len(buf):
                raise InvalidData("cuesheet track")
            start = int.from_bytes(buf[p:p + 8], "big")
            track = buf[p + 8]
            isrc = buf[p + 9:p + 21].split(b"\0", 1)[0].decode("latin-1")
            p += 21 + 14
            ti = buf[p]
            p += 1
            if ti <= 0:
                raise InvalidData("cuesheet indices")
            p += ti * 12
            tags = Tags()
            tags.set("title", isrc)
            self.ctx.chapters.append(Chapter(track, self.st.time_base, start, None, tags))

    def read_packet(self) -> Packet | None:
        """The next frame, as FFmpeg 5.1.9's flac parser returns it. That parser returns a
        frame only once it holds FLAC_MIN_HEADERS (10) headers from it on, or at the end of
        the input, where it gives out all the rest at once: the frames are cut here that
        far ahead, and the warnings it logs when it returns a frame (check_header_mismatch)
        come when it would return them."""
        queued = getattr(self, "queued_packets", None)
        if queued:
            return queued.pop(0)
        ahead = self.__dict__.setdefault("ahead", [])
        while len(ahead) < PARSER_MIN_HEADERS and not self.__dict__.get("ahead_eof"):
            got = self._frame()
            if got is None:
                self.ahead_eof = True
                for _pkt, lines in ahead:    # the flush returns every frame left
                    self._warn(lines)
                    lines.clear()
                break
            ahead.append(got)
        if not ahead:
            return None
        pkt, lines = ahead.pop(0)
        self._warn(lines)
        return pkt

    def _warn(self, lines: list) -> None:
        """The parser's lines, through the stream's codec context: its decoder's name while
        find_stream_info runs, else "NULL" (a context without a codec)."""
        if lines:
            from ..log import Logger
            name = (self.st.codecpar.codec_name or "flac") if self.__dict__.get("analyzing") \
                else "NULL"
            log = Logger(name, self.log.sink)
            for line in lines:
                log.warning(line)

    def _frame(self) -> tuple[Packet, list] | None:
        """The next frame and the parser's warnings about the header after it."""
        if not hasattr(self, "buf"):
            self.buf = b""
            self.buf_pos = self.source.tell()
            self.eof = False
            self.expect = None
        # the frame header at the buffer start (resync to the first one)
        while True:
            head = self._header_at(0)
            if head is not None:
                break
            if not self._fill(1 << 16) and not self.buf:
                return None
            nxt = self.buf.find(b"\xff\xf8", 1)
            nxt2 = self.buf.find(b"\xff\xf9", 1)
            cands = [x for x in (nxt, nxt2) if x >= 0]
            if not cands:
                if self.eof:
                    self.buf_pos += len(self.buf)
                    self.buf = b""
                    return None
                keep = 1
                self.buf_pos += len(self.buf) - keep
                self.buf = self.buf[-keep:]
                self._fill(1 << 16)
                continue
            self.buf_pos += min(cands)
            self.buf = self.buf[min(cands):]
        number, blocksize, variable = head
        end = None
        search = 2
        while end is None:
            j = self._next_sync(search)
            if j < 0:
                if self.eof:
                    end = len(self.buf)
                    break
                search = max(2, len(self.buf) - 1)
                # (as avio hands ff_raw_read_partial_packet's reads to the parser: a cache:
                # or pipe input is read no further than the frames found need)
                step = 1024 if getattr(self.source, "avio_buffered", False) else 1 << 16
                if not self._fill(len(self.buf) + step):
                    end = len(self.buf)
                continue
            if self._is_boundary(j, number, blocksize, variable):
                end = j
            else:
                search = j + 1
        lines = self._mismatch(end) if end < len(self.buf) else []
        data = self.buf[:end]
        pos = self.buf_pos
        self.buf = self.buf[end:]
        self.buf_pos += end
        # a fixed-blocksize frame number counts STREAMINFO's (maximum) block size
        ext = self.st.codecpar.extradata
        nominal = int.from_bytes(ext[2:4], "big") if len(ext) >= 4 else blocksize
        pts = number if variable else number * (nominal or blocksize)
        return Packet(self.st.index, data, pts, pts, blocksize, pos, PKT_FLAG_KEY), lines

    # ---------------------------------------------------------------- seeking
    # FFmpeg 5.1.9: flac_seek serves only -fflags fastseek with a SEEKTABLE; by default the
    # binary search of ff_seek_frame_binary runs over flac_read_timestamp, bounded by the
    # generic index of the frames read so far (AVFMT_GENERIC_INDEX)

    generic_index = True

    def reposition(self, pos: int) -> bool:
        """avio_seek + ff_read_frame_flush: frames are cut afresh from pos."""
        self.queued_packets = []
        self.ahead = []
        self.ahead_eof = False
        self.buf = b""
        self.buf_pos = pos
        self.eof = False
        self.expect = None
        try:
            self.source.seek(pos)
        except CineError:
            return False
        return True

    def read_timestamp(self, stream_index: int, pos: int, pos_limit: int):
        """flac_read_timestamp: (pts, frame position) of the first frame a fresh parser
        returns from pos: a valid header with a continuing header after it (a fixed-blocksize
        frame without one, the last, has no timestamp), or (None, pos)."""
        src = self.source
        try:
            src.seek(pos)
        except CineError:
            return None, pos
        buf = b""
        eof = False
        j = 0
        while True:
            if not eof and len(buf) < j + (1 << 16):
                chunk = src.read(1 << 16)
                if chunk:
                    buf += chunk
                else:
                    eof = True
                if len(buf) > (64 << 20):
                    return None, pos
                continue
            a = buf.find(b"\xff\xf8", j)
            b = buf.find(b"\xff\xf9", j)
            cands = [x for x in (a, b) if x >= 0]
            if not cands:
                if eof:
                    return None, pos
                j = max(j, len(buf) - 1)
                buf_more = src.read(1 << 16)
                if not buf_more:
                    eof = True
                buf += buf_more
                continue
            j = min(cands)
            head = parse_frame_header(buf[j:j + 16])
            if head is None:
                j += 1
                continue
            number, blocksize, variable = head
            want = number + (blocksize if variable else 1)
            k = j + 2
            child = None
            while True:
                a = buf.find(b"\xff\xf8", k)
                b = buf.find(b"\xff\xf9", k)
                cands = [x for x in (a, b) if x >= 0]
                if not cands:
                    if eof:
                        break
                    more = src.read(1 << 16)
                    if not more:
                        eof = True
                    buf += more
                    if len(buf) > (64 << 20):
                        return None, pos
                    continue
                k = min(cands)
                h = parse_frame_header(buf[k:k + 16])
                if h is not None and h[0] == want and h[2] == variable:
                    child = h
                    break
                k += 1
            if child is None and not variable:
                return None, pos
            return (number if variable else number * blocksize), pos + j

    def _is_boundary(self, j: int, number: int, blocksize: int, variable: int) -> bool:
        """Whether the sync code at j starts the frame after the one at the buffer start, as
        flac_parser.c's scoring picks it: a header frame_header_is_valid accepts (its first
        subframe type too) that continues the numbering, or any such header where the bytes
        before it pass the CRC-16 (complete frames: the parser's penalty is then only that
        of the changed header fields, a damaged frame between them is dropped with them)."""
        h = self._header_at(j)
        if h is None:
            return False
        if len(self.buf) < j + 17:
            self._fill(j + 17)      # (the header and its first subframe's type)
        from ..parsecomplete import flac_header_blocksize
        if flac_header_blocksize(self.buf[j:j + 32]) is None:
            return False
        if h[0] == number + (blocksize if variable else 1) and h[2] == variable:
            return True
        from .ac3raw import crc16_ansi
        return crc16_ansi(self.buf[:j]) == 0

    def _mismatch(self, end: int) -> list:
        """check_header_mismatch as get_best_header runs it when the parser returns a frame:
        the warnings about the next frame's header (at `end`) differing from this one's."""
        from ..codecs.flac import frame_header as FH
        from ..errors import CineError
        try:
            a = FH.parse(bytes(self.buf[:FH.HEAD_BYTES]).ljust(FH.HEAD_BYTES, b"\0"), end)
            b = FH.parse(bytes(self.buf[end:end + FH.HEAD_BYTES]).ljust(FH.HEAD_BYTES, b"\0"),
                         FH.HEAD_BYTES)
        except CineError:
            return []
        lines: list = []
        if a.sample_rate != b.sample_rate:
            lines.append("sample rate change detected in adjacent frames\n")
        if a.bps != b.bps:
            lines.append("bits per sample change detected in adjacent frames\n")
        if a.is_var_size != b.is_var_size:
            lines.append("blocking strategy change detected in adjacent frames\n")
        if a.channels != b.channels:
            lines.append("number of channels change detected in adjacent frames\n")
        if b.number - a.number != a.blocksize and b.number != a.number + 1:
            lines.append("sample/frame number mismatch in adjacent frames\n")
        if lines:
            from .ac3raw import crc16_ansi
            if crc16_ansi(self.buf[:end]):
                lines.append("crc check failed from offset %d (frame %d) to %d (frame %d)\n"
                             % (0, a.number, end, b.number))
        return lines

    def _fill(self, need: int) -> bool:
        grew = False
        # (a source that buffers as avio does gets ff_raw_read_partial_packet's 1 KiB reads)
        step = 1024 if getattr(self.source, "avio_buffered", False) else 1 << 16
        while len(self.buf) < need and not self.eof:
            chunk = self.source.read(step)
            if not chunk:
                self.eof = True
                break
            self.buf += chunk
            grew = True
        return grew

    def _next_sync(self, start: int) -> int:
        a = self.buf.find(b"\xff\xf8", start)
        b = self.buf.find(b"\xff\xf9", start)
        cands = [x for x in (a, b) if x >= 0]
        return min(cands) if cands else -1

    def _header_at(self, off: int):
        """(frame or sample number, block size, variable) of a valid frame header at off."""
        if len(self.buf) < off + 16:
            self._fill(off + 16)
        return parse_frame_header(self.buf[off:off + 16])


def _crc8(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def parse_frame_header(h: bytes):
    """RFC 9639 9.1: (coded number, block size, variable-blocksize) or None."""
    if len(h) < 6 or h[0] != 0xFF or h[1] & 0xFE != 0xF8:
        return None
    variable = h[1] & 1
    bs_code = h[2] >> 4
    sr_code = h[2] & 0xF
    if bs_code == 0 or sr_code == 15:
        return None
    if h[3] >> 4 >= 11 or h[3] & 0x1 or (h[3] >> 1) & 7 == 3:
        return None
    # UTF-8 style coded number
    first = h[4]
    if first < 0x80:
        n, extra = first, 0
    elif 0xC0 <= first < 0xFE:
        extra = 1
        mask = 0x20
        while first & mask and extra < 6:
            extra += 1
            mask >>= 1
        n = first & (mask - 1)
    else:
        return None
    p = 5
    if len(h) < p + extra + 1:
        return None
    for k in range(extra):
        c = h[p + k]
        if c & 0xC0 != 0x80:
            return None
        n = (n << 6) | (c & 0x3F)
    p += extra
    if bs_code == 1:
        bs = 192
    elif bs_code <= 5:
        bs = 576 << (bs_code - 2)
    elif bs_code == 6:
        bs = h[p] + 1
        p += 1
    elif bs_code == 7:
        bs = int.from_bytes(h[p:p + 2], "big") + 1
        p += 2
    else:
        bs = 256 << (bs_code - 8)
    if sr_code == 12:
        p += 1
    elif sr_code in (13, 14):
        p += 2
    if len(h) < p + 1 or _crc8(h[:p]) != h[p]:
        return None
    return n, bs, variable
