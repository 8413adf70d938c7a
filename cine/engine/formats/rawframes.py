"""Shared machinery of the raw elementary-stream audio demuxers (aac, ac3, eac3, flac): one
audio stream whose packets are the frames a parser cuts, and the parser's running average
bit rate (libavcodec aac_ac3_parser: avg += (frame_rate - avg) / frame_number, truncating).
"""
from __future__ import annotations

from ..errors import CineError
from ..model import PKT_FLAG_KEY, Packet, Stream
from .base import Demuxer


def running_average(avg: int, value: int, n: int) -> int:
    """avg + (value - avg) / n with C's truncating integer division."""
    diff = value - avg
    q = abs(diff) // n
    return avg + (q if diff >= 0 else -q)


class LateTimestamps:
    """Packets cut by a parser that have no timestamps while stream info is gathered (FFmpeg
    5.1.9 gives them "relative" ones that do not count as first timestamps) and get them,
    counted from 0, once av_read_frame returns them: the first access to packet_buffer
    (after find_stream_info) gives every packet emitted so far its pts/dts."""

    def _late_init(self) -> None:
        self._emitted: list | None = []
        self._late_next = 0

    @property
    def packet_buffer(self):
        if self.__dict__.get("_emitted") is not None:
            t = 0
            for pkt in self._emitted:
                pkt.pts = pkt.dts = t
                t += pkt.duration
                self._on_stamped(pkt)
            self._late_next = t
            self._emitted = None
        return self.__dict__.get("_packet_buffer")

    @packet_buffer.setter
    def packet_buffer(self, value) -> None:
        self.__dict__["_packet_buffer"] = value

    def _stamp(self, pkt):
        """Record a new packet: no timestamp yet, or the next one once resolved."""
        if self.__dict__.get("_emitted") is not None:
            self._emitted.append(pkt)
        else:
            pkt.pts = pkt.dts = self._late_next
            self._late_next += pkt.duration
            self._on_stamped(pkt)
        return pkt

    def _on_stamped(self, pkt) -> None:
        """Hook: a packet just got its timestamp."""


class RawAudioDemuxer(LateTimestamps, Demuxer):
    """Subclasses implement _next_frame() -> (bytes, pos, samples_or_0, frame_bit_rate) or None."""

    codec_name = ""
    timestamps = True          # packets carry pts/dts (False: left to stream-info)

    def _new_stream(self, time_base) -> Stream:
        st = Stream(index=len(self.ctx.streams))
        st.codecpar.codec_type = "audio"
        st.codecpar.codec_name = self.codec_name
        st.time_base = time_base
        self.ctx.streams.append(st)
        self.st = st
        self.frame_number = 0
        self.avg_bit_rate = 0
        self.next_pts = 0
        self._late_init()
        return st

    def _next_frame(self):
        raise NotImplementedError

    def _account(self, bit_rate: int) -> None:
        self.frame_number += 1
        self.avg_bit_rate = running_average(self.avg_bit_rate, bit_rate, self.frame_number)
        self.st.codecpar.bit_rate = self.avg_bit_rate

    # AVFMT_GENERIC_INDEX: seeking goes by the key frames read so far (engine/seek.py)
    generic_index = True

    def reposition(self, pos: int) -> bool:
        """avio_seek + ff_read_frame_flush: the parser starts afresh at pos."""
        self.queued_packets = []
        self._restart(pos)
        try:
            self.source.seek(pos)
        except CineError:
            return False
        return True

    def _restart(self, pos: int) -> None:
        """Hook: drop the subclass's buffered bytes; reading resumes at pos."""

    def set_next_dts(self, stream_index: int, dts: int) -> None:
        """avpriv_update_cur_dts: the next frame is stamped dts."""
        if stream_index == self.st.index:
            self.next_pts = dts
            if self.__dict__.get("_emitted") is None:
                self._late_next = dts

    def read_packet(self) -> Packet | None:
        queued = getattr(self, "queued_packets", None)
        if queued:
            return queued.pop(0)
        got = self._next_frame()
        if got is None:
            return None
        data, pos, duration = got
        if duration is None:     # the parser gave the frame neither duration nor timestamp
            return Packet(self.st.index, data, None, None, 0, pos, PKT_FLAG_KEY)
        if not self.timestamps:
            return self._stamp(Packet(self.st.index, data, None, None, duration, pos, PKT_FLAG_KEY))
        pts = self.next_pts
        self.next_pts += duration
        return Packet(self.st.index, data, pts, pts, duration, pos, PKT_FLAG_KEY)

