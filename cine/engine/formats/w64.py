"""w64 demuxer (Sony Wave64: RIFF with 16-byte GUID chunk ids and 64-bit sizes that include
the 24-byte chunk header): 'fmt ', 'fact', 'data' and the summary list, as FFmpeg 5.1.9's
wavdec.c reads them; packets as the wav demuxer cuts them."""
from __future__ import annotations

from ..errors import EndOfFile, InvalidData
from ..model import Rational, Stream, Tags
from .wav import INT64_MAX, MAX_FMT_BYTES, WavDemuxer, _In

_TAIL = bytes((0xF3, 0xAC, 0xD3, 0x11, 0x8C, 0xD1, 0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A))
GUID_RIFF = b"riff" + bytes((0x2E, 0x91, 0xCF, 0x11, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00))
GUID_WAVE = b"wave" + _TAIL
GUID_FMT = b"fmt " + _TAIL
GUID_FACT = b"fact" + _TAIL
GUID_DATA = b"data" + _TAIL
GUID_SUMMARY = bytes((0xBC, 0x94, 0x5F, 0x92, 0x5A, 0x52, 0xD2, 0x11, 0x86, 0xDC, 0x00, 0xC0,
                      0x4F, 0x8E, 0xDB, 0x8A))


def probe(buf: bytes, filename: str = "") -> int:
    if len(buf) <= 40:
        return 0
    return 100 if buf[:16] == GUID_RIFF and buf[24:40] == GUID_WAVE else 0


def _align8(n: int) -> int:
    return (n + 7) & ~7


class W64Demuxer(WavDemuxer):
    def read_header(self) -> None:
        from . import riff
        pb = _In(self.source)
        self.pb = pb
        self.rifx = False
        self.unaligned = 0
        log = self.log
        if pb.read(16) != GUID_RIFF:
            raise InvalidData("not w64")
        if pb.u64() & ((1 << 64) - 1) < 16 + 8 + 16 + 8 + 16 + 8:
            raise InvalidData("w64 too small")
        if pb.read(16) != GUID_WAVE:
            log.error("could not find wave guid\n")
            raise InvalidData("no wave guid")
        st = Stream(index=0, time_base=Rational(1, 90000))
        self.ctx.streams.append(st)
        par = st.codecpar
        data_ofs = 0
        self.data_end = 0
        raw = Tags()
        while not pb.eof:
            guid = pb.read(16)
            if len(guid) != 16:
                break
            size = pb.u64()
            if size <= 24 or INT64_MAX - size < pb.tell():
                raise InvalidData("bad w64 chunk size")
            if guid == GUID_FMT:
                start = pb.tell()
                body = pb.read(min(size - 24, MAX_FMT_BYTES))
                riff.parse_fmt(body, par, log, False, size - 24)
                tag = int.from_bytes(body[:2].ljust(2, b"\0"), "little")
                pb.seek(start + riff.fmt_consumed(size - 24, tag) + _align8(size) - size)
                st.time_base = Rational(1, par.sample_rate)
            elif guid == GUID_FACT:
                samples = pb.u64()
                if samples > 0:
                    st.duration = samples
                pb.skip(_align8(size) - 32)
            elif guid == GUID_DATA:
                self.data_end = pb.tell() + size - 24
                data_ofs = pb.tell()
                if not self.source.seekable:
                    break
                pb.skip(size - 24)
            elif guid == GUID_SUMMARY:
                self._summary(pb, size, raw)
            else:
                log.debug("unknown guid: %s\n" % riff.format_guid(guid))
                pb.skip(_align8(size) - 24)
        if not data_ofs:
            raise EndOfFile()
        tags = riff.convert_tags(raw, {"description": "comment", "originator": "encoded_by",
                                       "origination_date": "date",
                                       "origination_time": "creation_time"})
        self.ctx.tags = riff.convert_tags(tags, riff.INFO_CONV)
        pb.seek(data_ofs)
        self.ctx.data_offset = data_ofs
        self._check_spdif()

    def _summary(self, pb: _In, size: int, tags: Tags) -> None:
        start = pb.tell()
        end = start + _align8(size) - 24
        count = pb.u32()
        filesize = self.source.size if self.source.seekable else None
        for _ in range(count):
            if pb.eof or pb.tell() > end - 8:
                break
            key = pb.read(4).ljust(4, b"\0")
            n = pb.u32()
            if n == 0xFFFFFFFF or (filesize is not None and n > filesize):
                raise InvalidData("bad summary entry")
            raw = pb.read(n)
            text = raw.decode("utf-16-le", "replace").split("\0", 1)[0]
            tags.set(key.split(b"\0", 1)[0].decode("latin-1"), text)
        pb.skip(end - pb.tell())

    def _find_data(self) -> int:
        pb = self.pb
        while not pb.eof:
            guid = pb.read(16)
            if len(guid) != 16:
                break
            size = pb.u64()
            if size <= 24 or size > INT64_MAX - 8:
                return -1
            if guid == GUID_DATA:
                return size - 24
            pb.skip(_align8(size) - 24)
        return -1
