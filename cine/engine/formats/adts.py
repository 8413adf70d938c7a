"""The aac demuxer: raw ADTS AAC (ISO/IEC 13818-7 6.2 / 14496-3 1.A.2 adts_frame): FFmpeg
5.1.9's probe score, ID3v1 at the end, resync to the first syncword, ID3v2 tags between
frames skipped, and the aac parser's running-average bit rate.
"""
from __future__ import annotations

from ..errors import CineError, EndOfFile, InvalidData
from ..model import Rational
from . import id3v1, id3v2
from .rawframes import RawAudioDemuxer

SCORE_EXTENSION = 50
HEADER_SIZE = 7
TIME_BASE = Rational(1, 28224000)    # lcm of all ADTS sample rates
RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)


def probe(buf: bytes, filename: str = "") -> int:
    """adts_aac_probe."""
    data = bytes(buf) + b"\0" * 8
    end = len(buf) - 7
    max_frames = first_frames = 0
    pos = 0
    while pos < end:
        p2 = pos
        frames = 0
        while p2 < end:
            if ((data[p2] << 8 | data[p2 + 1]) & 0xFFF6) != 0xFFF0:
                if pos != 0:
                    frames = 0
                break
            fsize = (int.from_bytes(data[p2 + 3:p2 + 7], "big") >> 13) & 0x1FFF
            if fsize < 7:
                break
            p2 += min(fsize, end - p2)
            frames += 1
        max_frames = max(max_frames, frames)
        if pos == 0:
            first_frames = frames
        nxt = data.find(b"\xff", p2 + 1, end) if p2 + 1 < end else -1
        pos = nxt if nxt >= 0 else end
    if first_frames >= 3:
        return SCORE_EXTENSION + 1
    if max_frames > 100:
        return SCORE_EXTENSION
    if max_frames >= 3:
        return SCORE_EXTENSION // 2
    if first_frames >= 1:
        return 1
    return 0


def frame_info(hdr: bytes) -> tuple[int, int, int] | None:
    """(frame length, sample rate, samples) of an ADTS header; None when unusable
    (ff_adts_header_parse's checks: sync, rate index, a length of at least 7)."""
    if len(hdr) < 7 or (hdr[0] << 4 | hdr[1] >> 4) != 0xFFF:
        return None
    sr_index = (hdr[2] >> 2) & 0xF
    size = ((hdr[3] & 3) << 11) | (hdr[4] << 3) | (hdr[5] >> 5)
    if sr_index >= len(RATES) or size < HEADER_SIZE:
        return None
    rdb = hdr[6] & 3
    return size, RATES[sr_index], (rdb + 1) * 1024


class AdtsDemuxer(RawAudioDemuxer):
    codec_name = "aac"
    # FFmpeg 5.1.9: the aac parser gives AAC packets no duration, so no timestamp is known
    # while stream info is gathered: start_time stays unset and 50 frames are read
    timestamps = False

    def read_header(self) -> None:
        src = self.source
        self._new_stream(TIME_BASE)
        id3v1.read(src, self.ctx.tags)
        if src.seekable and not self.ctx.tags:
            from . import apetag
            cur = src.tell()
            apetag.parse(src, self.ctx, self, self.log)
            src.seek(cur)
        self._resync()
        self.data_offset = src.tell()

    def _resync(self) -> None:
        """adts_aac_resync: skip to the next 0xFFF syncword within probesize."""
        src = self.source
        start = src.tell()
        b = src.read(1)
        if not b:
            raise EndOfFile()
        from ..limits import PROBESIZE
        limit = start + PROBESIZE       # the reference reads byte by byte up to probesize
        prev = b
        step = 1        # growing reads: a pipe is not waited on for bytes past the syncword
        while src.tell() < limit:
            pos = src.tell()
            chunk = src.read(min(step, limit - pos))
            step = min(step * 2, 1 << 16)
            if not chunk:
                raise EndOfFile()
            data = prev + chunk         # data[0] is the byte at pos - 1
            i = data.find(b"\xff")
            while 0 <= i < len(data) - 1:
                if data[i + 1] >= 0xF0:
                    src.seek(pos - 1 + i)
                    return
                i = data.find(b"\xff", i + 1)
            prev = chunk[-1:]
        raise InvalidData("no ADTS syncword")

    def _next_frame(self):
        src = self.source
        while True:
            pos = src.tell()
            hdr = src.read(HEADER_SIZE)
            if len(hdr) < HEADER_SIZE:
                return None
            if (hdr[0] << 8 | hdr[1]) >> 4 != 0xFFF:
                more = src.read(id3v2.HEADER_SIZE - HEADER_SIZE)
                if len(more) != id3v2.HEADER_SIZE - HEADER_SIZE:
                    return None
                head = hdr + more
                try:
                    if not id3v2.match(head):
                        src.seek(pos + HEADER_SIZE + len(more))
                        self._resync()
                    else:
                        n = id3v2.tag_len(head) - id3v2.HEADER_SIZE
                        if src.seekable and src.size is not None:   # no buffer past the end
                            n = min(n, max(0, src.size - src.tell()))
                        body = src.read(n)
                        self._id3_between(head + body)
                except CineError:
                    return None
                continue
            size = ((hdr[3] & 3) << 11) | (hdr[4] << 3) | (hdr[5] >> 5)
            if size < HEADER_SIZE:
                return None
            data = hdr + src.read(size - HEADER_SIZE)
            info = frame_info(hdr)
            duration = 0
            if len(data) < size:
                # FFmpeg 5.1.9: a short read marks the packet corrupt; the parser never
                # completes the frame, so it adds nothing to the average bit rate
                self.log.warning("Packet corrupt (stream = %d, dts = NOPTS).\n" % self.st.index)
                info = None
            if info is not None:
                _, rate, samples = info
                self._account(size * 8 * rate // samples)
                # FFmpeg 5.1.9: the aac parser leaves durations to the generic code, which
                # takes the decoder's frame size (1024) at its rate (the first frame's
                # header), whatever this header's rate and raw data block count say
                first = self.__dict__.setdefault("first_rate", rate)
                duration = 1024 * TIME_BASE.den // first
            # FFmpeg 5.1.9: the parser numbers its output from the first packet's position
            # on, by the bytes it was fed: skipped junk and ID3 tags shift later positions
            if self.__dict__.get("parser_pos") is None:
                self.parser_pos = pos
            pos = self.parser_pos
            self.parser_pos += len(data)
            return data, pos, duration

    def _restart(self, pos: int) -> None:
        self.parser_pos = None          # a new parser takes the next packet's position

    def _id3_between(self, tag: bytes) -> None:
        """handle_id3: tags between frames are merged into the format tags."""
        from ..log import Logger
        from ..model import Tags
        tags = Tags()
        extra = id3v2.Extra()
        body = tag[id3v2.HEADER_SIZE:]
        id3v2.parse_body(body, tag[3], tag[5], tags, extra, Logger("", None))
        tags = id3v2.generic_keys(tags)
        id3v2.priv_tags(extra, tags)
        for k, v in tags:
            self.ctx.tags.set(k, v)
