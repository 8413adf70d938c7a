"""The Sony Wave64 muxer (FFmpeg 5.1.9 libavformat/wavenc.c, w64 part): the riff/wave GUIDs,
a 'fmt ' chunk holding the WAVEFORMATEX(TENSIBLE) body the WAV muxer writes
(wav_mux.put_wav_header), a 'fact' chunk with a 64-bit sample count for non-PCM tags on
seekable outputs, then 'data'. Chunk sizes are 64-bit, include the 24-byte chunk header and
chunks are padded to 8 bytes; the sizes are patched at the trailer on seekable outputs.

The reference's w64 muxer has no private options, no LIST/INFO metadata and no check of the
stream count (the first stream describes the file). Packets are written as the WAV muxer
writes them (its pts bookkeeping included, except that the smallest pts starts at 0 rather
than at "none": w64_write_header leaves it as the zeroed context had it).
"""
from __future__ import annotations

from ..errors import CineError
from ..timebase import rescale
from .w64 import GUID_DATA, GUID_FACT, GUID_FMT, GUID_RIFF, GUID_WAVE
from .wav_mux import WavMuxer, put_wav_header

INT64_MAX = (1 << 63) - 1


def start_guid(pb, guid: bytes) -> int:
    """A chunk header with a placeholder size; returns the chunk's start offset."""
    pos = pb.tell()
    pb.write(guid)
    pb.wl64(INT64_MAX)
    return pos


def end_guid(pb, start: int) -> None:
    """Pad the chunk to 8 bytes and write its size (header included)."""
    pos = pb.tell()
    end = (pos + 7) & ~7
    pb.fill(0, end - pos)
    pb.seek(start + 16)
    pb.wl64(end - start)
    pb.seek(end)


class W64Muxer(WavMuxer):
    def init(self) -> None:
        self.data = self.fact_pos = 0
        self.minpts = 0
        self.maxpts = 0
        self.last_duration = 0

    def write_header(self) -> None:
        pb, log = self.pb, self.log
        par = self.ctx.streams[0].codecpar
        pb.write(GUID_RIFF)
        pb.wl64(-1)
        pb.write(GUID_WAVE)
        start = start_guid(pb, GUID_FMT)
        ret = put_wav_header(pb, par, log)
        if ret < 0:
            log.error("Codec %s not supported\n" % (par.codec_name or "none"))
            raise CineError(code=ret)
        end_guid(pb, start)
        if par.codec_tag != 0x01 and pb.seekable:
            self.fact_pos = start_guid(pb, GUID_FACT)
            pb.wl64(0)
            end_guid(pb, self.fact_pos)
        self.data = start_guid(pb, GUID_DATA)

    def write_trailer(self) -> None:
        pb = self.pb
        if not pb.seekable:
            return
        end_guid(pb, self.data)
        file_size = pb.tell()
        pb.seek(16)
        pb.wl64(file_size)
        st = self.ctx.streams[0]
        par = st.codecpar
        if par.codec_tag != 0x01:
            # av_rescale(maxpts - minpts + last_duration, sample_rate * tb.num, tb.den)
            n = rescale(self.maxpts - self.minpts + self.last_duration,
                        par.sample_rate * st.time_base.num, st.time_base.den)
            pb.seek(self.fact_pos + 24)
            pb.wl64(n)
        pb.seek(file_size)
