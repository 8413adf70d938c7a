"""wav demuxer (RIFF WAVE, RIFX, RF64/BW64 with ds64; EBU Tech 3285 bext; EBU Tech 3306 RF64):
the chunk walk, 'fmt ' -> codec parameters, data extent, duration from the data size or 'fact',
LIST/INFO and bext tags, and fixed-size PCM packets, as FFmpeg 5.1.9's wavdec.c behaves.
"""
from __future__ import annotations

import errno

from ..codecs.bits_per_sample import bits_per_sample, exact_bits_per_sample
from ..errors import CineError, InvalidData
from ..io.sizecall import avio_size
from ..limits import MAX_TAG_BYTES
from ..model import PKT_FLAG_CORRUPT, Packet, Rational, Stream, Tags
from .base import Demuxer

INT64_MAX = (1 << 63) - 1
MAX_PACKET = 4096                 # wavdec.c max_size option default
MAX_FMT_BYTES = 18 + 65535 + 64   # WAVEFORMATEX with the largest cbSize
BEXT_FIXED = 602                  # EBU Tech 3285 fixed part of the bext chunk

# wavdec.c wav_metadata_conv: bext names -> generic keys (applied before the INFO conversion).
BEXT_CONV = {"description": "comment", "originator": "encoded_by", "origination_date": "date",
             "origination_time": "creation_time"}


def probe(buf: bytes, filename: str = "") -> int:
    """wav_probe: RIFF/RIFX WAVE scores 99 (one below the ACT format that embeds a WAV header),
    RF64/BW64 with a ds64 chunk scores 100."""
    if len(buf) <= 32 or buf[8:12] != b"WAVE":
        return 0
    if buf[:4] in (b"RIFF", b"RIFX"):
        return 99
    if buf[:4] in (b"RF64", b"BW64") and buf[12:16] == b"ds64":
        return 100
    return 0


class _In:
    """avio-style reads on the source: short reads at the end return zeros and set eof."""

    def __init__(self, source):
        self.src = source
        self.eof = False

    def read(self, n: int) -> bytes:
        # (a declared size costs only the bytes that exist: the source reads in bounded pieces)
        data = self.src.read(n) if n > 0 else b""
        if len(data) < n:
            self.eof = True
        return data

    def u32(self, big: bool = False) -> int:
        b = self.read(4)
        return int.from_bytes(b.ljust(4, b"\0"), "big" if big else "little")

    def u64(self) -> int:
        return int.from_bytes(self.read(8).ljust(8, b"\0"), "little", signed=True)

    def u16(self) -> int:
        return int.from_bytes(self.read(2).ljust(2, b"\0"), "little")

    def tell(self) -> int:
        return self.src.tell()

    def seek(self, pos: int) -> bool:
        try:
            self.src.seek(pos)
        except Exception:       # noqa: BLE001 - CineError from a pipe that cannot go back
            return False
        self.eof = False
        return True

    def skip(self, n: int) -> None:
        if n > 0:
            self.seek(self.tell() + n)


def _at_most(pos: int, size: int | None) -> bool:
    """pos <= avio_size(pb), which fails (a negative AVERROR) for an unknown size."""
    return size is not None and pos <= size


class WavDemuxer(Demuxer):
    def read_header(self) -> None:
        from . import riff
        pb = _In(self.source)
        self.pb = pb
        log = self.log
        self.unaligned = pb.tell() & 1
        magic = pb.read(4)
        self.rifx = magic == b"RIFX"
        rf64 = magic in (b"RF64", b"BW64")
        if magic not in (b"RIFF", b"RIFX", b"RF64", b"BW64"):
            log.error("invalid start code %s in RIFF header\n" % _fourcc2str(magic))
            raise InvalidData("bad RIFF header")
        pb.u32()
        if pb.read(4) != b"WAVE":
            log.error("invalid format in RIFF header\n")
            raise InvalidData("bad RIFF header")
        data_size = 0
        sample_count = 0
        if rf64:
            if pb.read(4) != b"ds64":
                raise InvalidData("no ds64")
            size = pb.u32()
            if size < 24:
                raise InvalidData("ds64 too small")
            pb.u64()
            data_size = pb.u64()
            sample_count = pb.u64()
            if data_size < 0 or sample_count < 0:
                log.error("negative data_size and/or sample_count in ds64: data_size = %d,"
                          " sample_count = %d\n" % (data_size, sample_count))
                raise InvalidData("negative ds64")
            pb.skip(size - 24)
        st = Stream(index=0, time_base=Rational(1, 90000))
        self.ctx.streams.append(st)
        par = st.codecpar
        got_fmt = False
        data_ofs = -1
        self.data_end = 0
        raw_tags = Tags()
        while True:
            tag = pb.read(4)
            size = pb.u32(self.rifx)
            next_ofs = pb.tell() + size
            if pb.eof:
                break
            if tag == b"fmt ":
                if not got_fmt:
                    body = pb.read(min(size, MAX_FMT_BYTES))
                    riff.parse_fmt(body, par, log, self.rifx, size)
                    st.time_base = Rational(1, par.sample_rate)
                else:
                    log.warning("found more than one 'fmt ' tag\n")
                got_fmt = True
            elif tag == b"data":
                if not self.source.seekable and not got_fmt:
                    log.error("found no 'fmt ' tag before the 'data' tag\n")
                    raise InvalidData("no fmt")
                if rf64:
                    next_ofs = self.data_end = min(pb.tell() + data_size, INT64_MAX)
                elif size != 0xFFFFFFFF:
                    data_size = size
                    next_ofs = self.data_end = next_ofs if size else INT64_MAX
                else:
                    log.warning("Ignoring maximum wav data size, file may be invalid\n")
                    data_size = 0
                    next_ofs = self.data_end = INT64_MAX
                data_ofs = pb.tell()
                if not self.source.seekable or (not rf64 and not size):
                    break
            elif tag == b"fact":
                if not sample_count:
                    sample_count = pb.u32(self.rifx)
            elif tag == b"bext":
                self._read_bext(pb, size, raw_tags)
            elif tag in (b"ID3 ", b"id3 "):
                self._read_id3()
            elif tag in (b"LIST", b"list"):
                if size < 4:
                    log.error("too short LIST tag\n")
                    raise InvalidData("short LIST")
                kind = pb.read(4)
                if kind == b"INFO":
                    base = pb.tell()
                    body = pb.read(min(size - 4, MAX_TAG_BYTES))
                    riff.read_info(kind + body, base, size - 4, raw_tags, log)
                elif kind == b"adtl" and self.ctx.chapters:
                    self._read_labels(pb, next_ofs)
            elif tag == b"cue ":
                if size >= 4 and got_fmt and par.sample_rate > 0:
                    self._read_cues(pb, size, par.sample_rate)
            # (avio_size asked twice, as the reference asks: cache: counts each question)
            size_now = avio_size(self.source)
            if (size_now is not None and size_now > 0 and next_ofs >= avio_size(self.source)) \
                    or not self._seek_tag(next_ofs):
                break
        if not got_fmt:
            log.error("no 'fmt ' or 'XMA2' tag found\n")
            raise InvalidData("no fmt")
        if data_ofs < 0:
            log.error("no 'data' tag found\n")
            raise InvalidData("no data")
        if not pb.seek(data_ofs):
            raise InvalidData("cannot seek to data")
        self._finish(st, data_size, sample_count)
        tags = riff.convert_tags(raw_tags, BEXT_CONV)
        self.ctx.tags = riff.convert_tags(tags, riff.INFO_CONV)
        self.ctx.data_offset = data_ofs
        self._check_spdif()

    def _check_spdif(self) -> None:
        """set_spdif: PCM-tagged data is probed for IEC 61937 bursts. FFmpeg 5.1.9 warns when
        nothing can be read there; cine does not detect S/PDIF payloads (they stay PCM)."""
        if self.ctx.streams[0].codecpar.codec_tag != 1:
            return
        # ffio_ensure_seekback first: on a pipe the 64 KiB read stays reachable for the seek
        # back below (pipe_reader.py)
        from ..io.pipe_reader import ensure_seekback
        ensure_seekback(self.source, 1 << 16)
        pos = self.source.tell()
        # (the reference's 64 KiB read, for a source whose protocol sees the reads: cache:)
        got = self.source.read(1 << 16 if getattr(self.source, "avio_buffered", False) else 1)
        self.pb.seek(pos)
        if not got:
            self.log.warning("Cannot check for SPDIF\n")

    def _read_cues(self, pb: _In, size: int, rate: int) -> None:
        """'cue ' points become chapters starting at their sample offset (end unknown)."""
        from .chapters import new_chapter
        count = pb.u32()
        if size < count * 24 + 4:
            return
        for _ in range(count):
            cid = pb.u32()
            if pb.eof:
                raise InvalidData("truncated cue chunk")
            pb.skip(16)
            new_chapter(self.ctx, cid, Rational(1, rate), pb.u32(), None, None)

    def _read_labels(self, pb: _In, end: int) -> None:
        """LIST/adtl 'labl' entries name the cue chapters with the same id."""
        from . import riff
        while pb.tell() < end and not pb.eof:
            if pb.read(4) != b"labl":
                break
            sub = pb.u32()
            if sub < 5:
                break
            cid = pb.u32()
            raw = pb.read(sub - 4)
            nul = raw.find(b"\0")
            if nul >= 0:
                # avio_get_str stops after the terminating NUL
                pb.seek(pb.tell() - (len(raw) - nul - 1))
            label = riff.c_string(raw[:511])
            pb.skip(pb.tell() & 1)
            for ch in self.ctx.chapters:
                if ch.id == cid:
                    ch.tags.set("title", label)
                    break

    def _read_id3(self) -> None:
        """An ID3v2 tag in its own chunk: text frames join the tags read before the header
        (merged by the caller after read_header); pictures, chapters and PRIV frames are
        applied here, as wavdec.c does."""
        from . import id3v2
        tags, extra = id3v2.read_tags(self.source, self.log)
        mine = getattr(self, "id3_tags", None)
        if mine is None:
            self.id3_tags = tags
        else:
            for k, v in tags.items():
                mine.set(k, v)
        if extra:
            id3v2.apply_extra(self.ctx, self, extra)

    def _seek_tag(self, ofs: int) -> bool:
        if ofs < INT64_MAX and (ofs + self.unaligned) & 1:
            ofs += 1
        return self.pb.seek(ofs)

    def _read_bext(self, pb: _In, size: int, tags: Tags) -> None:
        from . import riff
        for key, n in (("description", 256), ("originator", 32), ("originator_reference", 32),
                       ("origination_date", 10), ("origination_time", 8)):
            raw = pb.read(n)
            if len(raw) != n:
                raise InvalidData("short bext")
            text = riff.c_string(raw)
            if text:
                tags.set(key, text)
        tref = int.from_bytes(pb.read(8).ljust(8, b"\0"), "little")
        tags.set("time_reference", str(tref))
        if pb.u16() >= 1:
            parts = [int.from_bytes(pb.read(8).ljust(8, b"\0"), "big") for _ in range(8)]
            if any(parts):
                n = 4 if not any(parts[4:]) else 8
                tags.set("umid", "0x" + "".join("%016X" % p for p in parts[:n]))
            pb.skip(190)
        else:
            pb.skip(254)
        if size > BEXT_FIXED:
            n = size - BEXT_FIXED
            if n + 1 > 0x7FFFFFFF:
                # FFmpeg 5.1.9: av_malloc refuses more than INT_MAX bytes
                raise CineError("bext coding history too large", code=-errno.ENOMEM)
            left = self.source.size - pb.tell() if self.source.seekable and self.source.size else None
            if n > MAX_TAG_BYTES and (left is None or n > left):
                raise InvalidData("short bext")       # checked before reading: no huge buffer
            raw = pb.read(n)
            if len(raw) != n:
                raise InvalidData("short bext")
            tags.set("coding_history", riff.c_string(raw))

    def _finish(self, st: Stream, data_size: int, sample_count: int) -> None:
        par = st.codecpar
        ch = par.channels
        if data_size > (INT64_MAX >> 3):
            self.log.warning("Data size %d is too large\n" % data_size)
            data_size = 0
        if (par.bit_rate > 0 and data_size > 0 and par.sample_rate > 0 and sample_count > 0
                and ch > 1 and sample_count % ch == 0):
            if abs(8.0 * data_size * ch * par.sample_rate / sample_count / par.bit_rate - 1.0) < 0.3:
                sample_count //= ch
        if (data_size > 0 and sample_count and ch
                and (data_size << 3) // sample_count // ch > par.bits_per_coded_sample + 1):
            self.log.warning("ignoring wrong sample_count %d\n" % sample_count)
            sample_count = 0
        if par.codec_name == "g729" and sample_count and (data_size << 3) > sample_count:
            self.log.warning("ignoring wrong sample_count %d\n" % sample_count)
            sample_count = 0
        bits = bits_per_sample(par.codec_name)
        if not sample_count or exact_bits_per_sample(par.codec_name) > 0:
            if ch and data_size and bits and _at_most(self.data_end, avio_size(self.source)):
                sample_count = (data_size << 3) // (ch * bits)
        if sample_count:
            st.duration = sample_count
        if (par.codec_name == "pcm_s32le" and par.block_align == ch * 4
                and par.bits_per_coded_sample == 32 and len(par.extradata) == 2
                and int.from_bytes(par.extradata, "little") == 1):
            par.codec_name = "pcm_f16le"
            par.bits_per_coded_sample = 16
        elif (par.codec_name == "pcm_s24le" and par.block_align == ch * 4
              and par.bits_per_coded_sample == 24):
            par.codec_name = "pcm_f24le"
        elif par.codec_name in ("xma1", "xma2"):
            par.block_align = 2048
        elif par.codec_name == "adpcm_ms" and ch > 2 and par.block_align < 0x7FFFFFFF // ch:
            par.block_align *= ch

    def _find_data(self) -> int:
        pb = self.pb
        for _ in range(1 << 16):
            if pb.eof:
                return -1
            tag = pb.read(4)
            size = pb.u32(self.rifx)
            if pb.eof:
                return -1
            if tag == b"data":
                return size
            ofs = pb.tell() + size
            if ofs < INT64_MAX and (ofs + self.unaligned) & 1:
                ofs += 1
            if not pb.seek(ofs):
                return -1
        return -1

    def read_packet(self) -> Packet | None:
        queued = getattr(self, "queued_packets", None)
        if queued:
            return queued.pop(0)
        pb = self.pb
        par = self.ctx.streams[0].codecpar
        left = self.data_end - pb.tell()
        if left <= 0:
            left = self._find_data()
            if left < 0:
                return None
            self.data_end = pb.tell() + left
        size = MAX_PACKET
        if par.block_align > 1:
            size = max(size, par.block_align)
            size = size // par.block_align * par.block_align
        size = min(size, left)
        pos = pb.tell()
        data = self.source.read(size)
        if not data:
            pb.eof = True
            return None
        pkt = Packet(stream_index=0, data=data, pts=None, dts=None, pos=pos)
        from ..audioduration import audio_frame_duration
        pkt.duration = audio_frame_duration(par, len(data))
        if len(data) < size:
            # av_get_packet marks a short read; the generic packet layer reports it
            pkt.flags |= PKT_FLAG_CORRUPT
        return pkt


    # AVFMT_GENERIC_INDEX: key packets are indexed as they are read (engine/seek.py)
    generic_index = True

    def reposition(self, pos: int) -> bool:
        """avio_seek for the generic seek: the next packet is read from pos."""
        self.queued_packets = []
        return self.pb.seek(pos)

    def read_seek(self, stream_index: int, timestamp: int, flags: int) -> int:
        """wav_read_seek -> ff_pcm_read_seek: the byte position of the target sample, rounded
        to a block; the next packet's timestamp is that position's time (seek_cur_dts)."""
        if stream_index != 0:
            return -22
        st = self.ctx.streams[0]
        par = st.codecpar
        if par.codec_name in ("mp2", "mp3", "ac3", "dts", "xma2"):
            return -1            # FFmpeg 5.1.9: generic seeking, not done here
        from ..timebase import ROUND_DOWN, ROUND_UP, INT64_MAX, rescale, rescale_rnd
        tb = st.time_base
        block_align = par.block_align or (bits_per_sample(par.codec_name) * par.channels) >> 3
        byte_rate = par.bit_rate >> 3 if par.bit_rate else block_align * par.sample_rate
        if block_align <= 0 or byte_rate <= 0 or max(timestamp, tb.num) > INT64_MAX // byte_rate:
            return -1
        timestamp = max(timestamp, 0)
        pos = rescale_rnd(timestamp * byte_rate, tb.num, tb.den * block_align,
                          ROUND_DOWN if flags & 1 else ROUND_UP)
        data_offset = self.ctx.data_offset
        if pos > (INT64_MAX - max(data_offset, 0)) // block_align:
            return -1
        pos *= block_align
        target = pos + data_offset
        size = self.source.size
        # where the I/O buffer has read up to (it fills in 32 KiB steps)
        buffered_end = min(size or 0, -(-self.source.tell() // 32768) * 32768)
        if size is not None and target > size and target - buffered_end <= 32768:
            # FFmpeg 5.1.9: a short forward avio_seek reads through and hits the end
            return -541478725        # AVERROR_EOF
        self.seek_cur_dts = {0: rescale(pos, tb.den, byte_rate * tb.num)}
        self.queued_packets = []
        if not self.pb.seek(target):
            return -1
        return 0


def _fourcc2str(tag: bytes) -> str:
    """av_fourcc2str: printable characters kept, others as [N]."""
    tag = tag.ljust(4, b"\0")
    out = []
    for c in tag:
        ch = chr(c)
        out.append(ch if (ch.isalnum() or ch in " .-_") and c < 128 else "[%d]" % c)
    return "".join(out)
