"""What a remux reports to the ffmpeg face: per output the bytes written, the muxer's
running time and per stream the packets, frames, payload and global header bytes (the
numbers of ffmpeg's stats line and final "video:..kB audio:..kB ... muxing overhead")."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StreamStats:
    media_type: str | None
    packets: int = 0               # ost->packets_written
    frames: int = 0                # ost->frame_number
    data_size: int = 0             # ost->data_size (payload bytes given to the muxer)
    extradata_size: int = 0        # global header bytes
    end_pts_us: int | None = None  # av_stream_get_end_pts in AV_TIME_BASE (None = none)


@dataclass
class OutputStats:
    url: str
    total_size: int | None         # avio_size, else avio_tell; None for nofile muxers
    out_time_us: int | None        # max end pts of the streams (AV_TIME_BASE), None if unknown
    streams: list[StreamStats] = field(default_factory=list)

    def payload(self, media_type: str) -> int:
        return sum(s.data_size for s in self.streams if s.media_type == media_type)

    @property
    def other_size(self) -> int:
        return sum(s.data_size for s in self.streams
                   if s.media_type not in ("video", "audio", "subtitle"))

    @property
    def extradata_size(self) -> int:
        return sum(s.extradata_size for s in self.streams)


@dataclass
class InputStats:
    """One input file of print_final_stats' verbose lines: per stream (StreamStats) the
    packets read and their bytes."""
    url: str
    streams: list[StreamStats] = field(default_factory=list)


@dataclass
class Progress:
    outputs: list[OutputStats]
    elapsed: float                 # wall seconds since run() started
    final: bool = False
    inputs: list[InputStats] = field(default_factory=list)   # the summary's input counters


RemuxSummary = Progress
