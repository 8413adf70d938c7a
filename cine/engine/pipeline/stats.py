"""What a remux reports to the ffmpeg face: per output the bytes written, the muxer's
running time and per stream the packets, frames, payload and global header bytes (the
numbers of ffmpeg's stats line and final "video:..kB audio:..kB ... muxing overhead")."""
from __future__ import annotations

from ..record import FACTORY, Record


class StreamStats(Record):
    media_type: str | None
    packets: int = 0               # ost->packets_written
    frames: int = 0                # ost->frame_number
    data_size: int = 0             # ost->data_size (payload bytes given to the muxer)
    extradata_size: int = 0        # global header bytes
    end_pts_us: int | None = None  # av_stream_get_end_pts in AV_TIME_BASE (None = none)
    quality: float | None = None   # an encoder's q (ost->quality / FF_QP2LAMBDA); None: copy

    def __init__(self, media_type, packets=0, frames=0, data_size=0, extradata_size=0,
                 end_pts_us=None, quality=None):
        self.media_type = media_type
        self.packets = packets
        self.frames = frames
        self.data_size = data_size
        self.extradata_size = extradata_size
        self.end_pts_us = end_pts_us
        self.quality = quality


class OutputStats(Record):
    url: str
    total_size: int | None         # avio_size, else avio_tell; None for nofile muxers
    out_time_us: int | None        # max end pts of the streams (AV_TIME_BASE), None if unknown
    streams: list[StreamStats]

    def __init__(self, url, total_size, out_time_us, streams=FACTORY):
        self.url = url
        self.total_size = total_size
        self.out_time_us = out_time_us
        self.streams = [] if streams is FACTORY else streams

    def payload(self, media_type: str) -> int:
        return sum(s.data_size for s in self.streams if s.media_type == media_type)

    @property
    def other_size(self) -> int:
        return sum(s.data_size for s in self.streams
                   if s.media_type not in ("video", "audio", "subtitle"))

    @property
    def extradata_size(self) -> int:
        return sum(s.extradata_size for s in self.streams)


class InputStats(Record):
    """One input file of print_final_stats' verbose lines: per stream (StreamStats) the
    packets read and their bytes."""
    url: str
    streams: list[StreamStats]

    def __init__(self, url, streams=FACTORY):
        self.url = url
        self.streams = [] if streams is FACTORY else streams


class Progress(Record):
    outputs: list[OutputStats]
    elapsed: float                 # wall seconds since run() started
    final: bool = False
    inputs: list[InputStats]   # the summary's input counters
    dup_frames: int = 0            # frames duplicated / dropped by the video sync (encoding)
    drop_frames: int = 0

    def __init__(self, outputs, elapsed, final=False, inputs=FACTORY, dup_frames=0,
                 drop_frames=0):
        self.outputs = outputs
        self.elapsed = elapsed
        self.final = final
        self.inputs = [] if inputs is FACTORY else inputs
        self.dup_frames = dup_frames
        self.drop_frames = drop_frames


RemuxSummary = Progress
