"""The MP3 muxer (FFmpeg 5.1.9 libavformat/mp3enc.c behaviour): an ID3v2.4 (or 2.3) tag with
the metadata (TSSE = the Lavf encoder tag) and attached pictures (APIC, audio is held back
until every picture stream delivered its packet), a Xing/Info frame with the LAME-style
fields on seekable outputs (frame count, byte count, TOC, encoder delay/padding, CRCs,
patched at the trailer), the MPEG audio frames as they are, and an optional ID3v1 tag.
"""
from __future__ import annotations

import errno
import struct

from ..codecs.mp3.header import _BITRATES, decode_header
from .mp3 import crc16_a001
from ..errors import CineError
from .base import Muxer
from .id3v2_write import Id3v2Writer

XING_NUM_BAGS = 400
XING_TOC_SIZE = 100
XING_SIZE = 156
XING_OFFTBL = ((32, 17), (17, 9))
FREQS = (44100, 48000, 32000)
INT32_MIN = -(1 << 31)


def _uint_max0(v: int) -> int:
    """int = FFMAX((uint32_t)v, 0)."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _opt(options, key, default):
    v = options.get(key)
    if v is None:
        return default
    if v in ("true", "false"):
        return 1 if v == "true" else 0
    return int(v, 0)


class Mp3Muxer(Muxer):
    codec_tags = None

    def init(self) -> None:
        o = self.options
        self.id3v2_version = _opt(o, "id3v2_version", 4)
        self.write_id3v1 = _opt(o, "write_id3v1", 0)
        self.write_xing = _opt(o, "write_xing", 1)
        log = self.log
        if self.id3v2_version and self.id3v2_version not in (3, 4):
            log.error("Invalid ID3v2 version requested: %d. Only 3, 4 or 0 (disabled) are "
                      "allowed.\n" % self.id3v2_version)
            raise CineError(code=-errno.EINVAL)
        self.audio = -1
        for st in self.ctx.streams:
            t = st.codecpar.codec_type
            if t == "audio":
                if self.audio >= 0 or st.codecpar.codec_name != "mp3":
                    log.error("Invalid audio stream. Exactly one MP3 audio stream is required.\n")
                    raise CineError(code=-errno.EINVAL)
                self.audio = st.index
            elif t != "video":
                log.error("Only audio streams and pictures are allowed in MP3.\n")
                raise CineError(code=-errno.EINVAL)
        if self.audio < 0:
            log.error("No audio stream present.\n")
            raise CineError(code=-errno.EINVAL)
        self.pics_to_write = len(self.ctx.streams) - 1
        if self.pics_to_write and not self.id3v2_version:
            log.error("Attached pictures were requested, but the ID3v2 header is disabled.\n")
            raise CineError(code=-errno.EINVAL)
        self.queue = []
        self.id3 = None
        self.xing_offset = 0
        self.xing_frame = None
        self.frames = self.size = 0
        self.want = self.seen = self.pos = 0
        self.bag = [0] * XING_NUM_BAGS
        self.initial_bitrate = 0
        self.vbr = False
        self.delay = self.padding = 0
        self.audio_crc = 0
        self.audio_size = 0

    def write_header(self) -> None:
        if self.id3v2_version:
            self.id3 = Id3v2Writer(self.pb, self.id3v2_version)
            self.id3.write_all(self.ctx, self.log)
        if not self.pics_to_write:
            if self.id3v2_version:
                self.id3.finish()
            self._write_xing()

    # -- Xing/Info frame ----------------------------------------------------------------------
    def _write_xing(self) -> None:
        if not self.pb.seekable or not self.write_xing:
            return
        st = self.ctx.streams[self.audio]
        par = st.codecpar
        enc = st.tags.get("encoder")
        for i, base in enumerate(FREQS):
            if par.sample_rate == base:
                ver = 3
            elif par.sample_rate == base // 2:
                ver = 2
            elif par.sample_rate == base // 4:
                ver = 0
            else:
                continue
            srate_idx = i
            break
        else:
            self.log.warning("Unsupported sample rate, not writing Xing header.\n")
            return
        if par.channels == 1:
            channels = 3
        elif par.channels == 2:
            channels = 0
        else:
            self.log.warning("Unsupported number of channels, not writing Xing header.\n")
            return
        header = 0xFF << 24 | (0x7 << 5 | ver << 3 | 1 << 1 | 1) << 16
        header |= (srate_idx << 2) << 8
        header |= channels << 6
        table = _BITRATES[(1 if ver != 3 else 0, 3)]
        best, best_err = -1, None
        for idx in range(1, 15):
            err = abs(1000 * table[idx] - par.bit_rate)
            if best_err is None or err < best_err:
                best, best_err = idx, err
        idx = best
        while True:
            if idx == 15:
                return
            h = header | idx << 12
            mpah = decode_header(h)
            self.xing_offset = XING_OFFTBL[mpah.lsf == 1][mpah.channels == 1] + 4
            needed = self.xing_offset + XING_SIZE
            if needed <= mpah.frame_size:
                header = h
                break
            idx += 1
        f = bytearray(struct.pack(">I", header & 0xFFFFFFFF))
        f += bytes(self.xing_offset - 4)
        f += b"Xing" + struct.pack(">III", 0x0F, 0, 0)
        self.size = mpah.frame_size
        self.want, self.seen, self.pos = 1, 0, 0
        f += bytes(255 * i // XING_TOC_SIZE for i in range(XING_TOC_SIZE))
        f += bytes(4)
        if enc is not None:
            eb = enc.encode("utf-8")
            if len(eb) > 9 and enc == "Lavc libmp3lame":
                es = b"Lavf lame"
            else:
                es = eb[:9].ljust(9, b"\0")
            f += es
        else:
            f += b"Lavf" + bytes(5)
        f += bytes(2 + 8 + 2 + 3 + 1 + 1 + 2 + 4 + 2 + 2)
        f += bytes(mpah.frame_size - needed)
        self.xing_frame = f
        self.xing_frame_offset = self.pb.tell()
        self.pb.write(bytes(f))
        self.audio_size = len(f)

    def _add_frame(self, size: int) -> None:
        self.frames += 1
        self.seen += 1
        self.size += size
        if self.want == self.seen:
            self.bag[self.pos] = self.size
            self.pos += 1
            if self.pos == XING_NUM_BAGS:
                for i in range(1, XING_NUM_BAGS, 2):
                    self.bag[i >> 1] = self.bag[i]
                self.want *= 2
                self.pos = XING_NUM_BAGS // 2
            self.seen = 0

    # -- packets ------------------------------------------------------------------------------
    def _write_audio(self, pkt) -> None:
        d = pkt.data
        if d and len(d) >= 4:
            h = int.from_bytes(d[:4], "big")
            mpah = decode_header(h)
            if mpah is not None:
                if not self.initial_bitrate:
                    self.initial_bitrate = mpah.bit_rate
                if mpah.bit_rate == 0 or self.initial_bitrate != mpah.bit_rate:
                    self.vbr = True
            else:
                self.log.warning("Audio packet of size %d (starting with %08X...) is invalid, "
                                 "writing it anyway.\n" % (len(d), h))
            if self.xing_offset:
                self._add_frame(len(d))
                self.audio_size += len(d)
                self.audio_crc = crc16_a001(d, self.audio_crc)
                skip = next((sd for sd in pkt.side_data if sd.type == "Skip Samples"), None)
                if skip is not None:
                    f = dict(skip.fields)
                    # FFmpeg 5.1.9: AV_RL32 is unsigned, so FFMAX(x - 529, 0) wraps instead
                    # of clamping; the result lands in an int
                    self.padding = _uint_max0(f.get("discard_padding", 0) + 528 + 1)
                    if not self.delay:
                        self.delay = _uint_max0(f.get("skip_samples", 0) - 528 - 1)
                else:
                    self.padding = 0
        self.pb.write(d)

    def _flush_queue(self) -> None:
        self.id3.finish()
        self._write_xing()
        for p in self.queue:
            self._write_audio(p)
        self.queue = []

    def write_packet(self, pkt) -> None:
        if pkt.stream_index == self.audio:
            if self.pics_to_write:
                self.queue.append(pkt)
            else:
                self._write_audio(pkt)
            return
        st = self.ctx.streams[pkt.stream_index]
        if st.nb_frames == 1:
            self.log.warning("Got more than one picture in stream %d, ignoring.\n" % pkt.stream_index)
        if not self.pics_to_write or st.nb_frames >= 1:
            return
        self.id3.write_apic(st, pkt.data, self.log)
        self.pics_to_write -= 1
        if not self.pics_to_write:
            self._flush_queue()

    def write_trailer(self) -> None:
        if self.pics_to_write:
            self.log.warning("No packets were sent for some of the attached pictures.\n")
            self._flush_queue()
        if self.write_id3v1:
            tag = self._id3v1()
            if tag is not None:
                self.pb.write(tag)
        if self.xing_offset:
            self._update_xing()

    def _id3v1(self):
        from .id3v1 import GENRES
        buf = bytearray(128)
        buf[0:3] = b"TAG"
        tags = self.ctx.tags
        count = 0

        def put(key, off, n):
            v = tags.get(key)
            if v is None:
                return 0
            b = v.encode("utf-8")[:n - 1]
            buf[off:off + len(b)] = b
            return 1
        count += put("TIT2", 3, 31) + put("TPE1", 33, 31) + put("TALB", 63, 31)
        for k in ("TYER", "TDRC", "TDAT"):
            if tags.get(k) is not None:
                count += put(k, 93, 5)
                break
        count += put("comment", 97, 31)
        tr = tags.get("TRCK")
        if tr is not None:
            import re
            m = re.match(r"\s*([+-]?\d+)", tr)
            buf[125] = 0
            buf[126] = (int(m.group(1)) if m else 0) & 0xFF
            count += 1
        buf[127] = 0xFF
        g = tags.get("TCON")
        if g is not None:
            for i, name in enumerate(GENRES):
                if g.lower() == name.lower():
                    buf[127] = i
                    count += 1
                    break
        return bytes(buf) if count > 0 else None

    def _update_xing(self) -> None:
        f = self.xing_frame
        o = self.xing_offset
        old = self.pb.tell()
        if not self.vbr:
            f[o:o + 4] = b"Info"
        f[o + 8:o + 12] = struct.pack(">I", self.frames & 0xFFFFFFFF)
        f[o + 12:o + 16] = struct.pack(">I", self.size & 0xFFFFFFFF)
        toc = o + 16
        f[toc] = 0
        for i in range(1, XING_TOC_SIZE):
            j = i * self.pos // XING_TOC_SIZE
            sp = 256 * self.bag[j] // self.size if self.size else 0
            f[toc + i] = min(sp, 255)
        st = self.ctx.streams[self.audio]
        rg = next((sd for sd in st.side_data if sd.type == "Replay Gain" and len(sd.data) >= 16), None)
        if rg is not None:
            tg, tp, ag, _ap = struct.unpack("<iIiI", rg.data[:16])
            from ..timebase import rescale
            f[o + 131:o + 135] = struct.pack(">I", rescale(tp, 1 << 23, 100000) & 0xFFFFFFFF)
            if tg != INT32_MIN:
                v = (abs(int(tg / 10000)) & 511) | ((tg < 0) << 9) | 1 << 13
                f[o + 135:o + 137] = struct.pack(">H", v)
            if ag != INT32_MIN:
                v = (abs(int(ag / 10000)) & 511) | ((ag < 0) << 9) | 1 << 14
                f[o + 137:o + 139] = struct.pack(">H", v)
        if self.delay >= 1 << 12:
            self.delay = (1 << 12) - 1
            self.log.warning("Too many samples of initial padding.\n")
        if self.padding >= 1 << 12:
            self.padding = (1 << 12) - 1
            self.log.warning("Too many samples of trailing padding.\n")
        f[o + 141:o + 144] = (((self.delay << 12) + self.padding) & 0xFFFFFF).to_bytes(3, "big")
        f[o + XING_SIZE - 8:o + XING_SIZE - 4] = struct.pack(">I", self.audio_size & 0xFFFFFFFF)
        f[o + XING_SIZE - 4:o + XING_SIZE - 2] = struct.pack(">H", self.audio_crc & 0xFFFF)
        # FFmpeg 5.1.9: the CRC always covers 190 bytes; a shorter frame is followed by the
        # zero padding of its buffer
        tag_crc = crc16_a001(bytes(f[:190]).ljust(190, b"\0"))
        f[o + XING_SIZE - 2:o + XING_SIZE] = struct.pack(">H", tag_crc)
        self.pb.seek(self.xing_frame_offset)
        self.pb.write(bytes(f))
        self.pb.seek(old)
