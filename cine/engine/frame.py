"""Decoded frames: what decoders produce, filters transform and encoders consume.

A VideoFrame holds its picture as numpy planes (2-D uint8 arrays, one per component: Y, U, V
for the yuv formats, one for gray, one packed plane for rgb24), already cropped to the
visible size. Timestamps are in the time base of the stream the frame came from (`time_base`,
a (num, den) pair), as AVFrame's are after decoding.
"""
from __future__ import annotations


class VideoFrame:
    __slots__ = ("planes", "width", "height", "pix_fmt", "pts", "duration", "time_base",
                 "key", "pict_type", "sar", "color_range", "pkt_dts")

    def __init__(self, planes, width: int, height: int, pix_fmt: str, pts=None, duration=0,
                 time_base=(1, 1), key=False, pict_type="I", sar=(0, 1), color_range="tv",
                 pkt_dts=None):
        self.planes = tuple(planes)     # numpy uint8 2-D arrays
        self.width = width
        self.height = height
        self.pix_fmt = pix_fmt          # "yuv420p", "yuvj420p", "gray", "rgb24", ...
        self.pts = pts                  # int in time_base units, or None (AV_NOPTS_VALUE)
        self.duration = duration        # int in time_base units (0: unknown)
        self.time_base = time_base      # (num, den)
        self.key = key                  # AVFrame key_frame
        self.pict_type = pict_type      # "I", "P", "B" (what select's pict_type sees)
        self.sar = sar                  # sample aspect ratio (num, den); (0, 1) unknown
        # "tv" (limited), "pc" (full) or None (unspecified: the stream does not say, as an
        # H.264 SPS without video signal type; the reference prints no range then)
        self.color_range = color_range
        self.pkt_dts = pkt_dts

    def __repr__(self) -> str:
        return (f"VideoFrame({self.width}x{self.height} {self.pix_fmt} pts={self.pts} "
                f"{self.pict_type}{' key' if self.key else ''})")


class AudioFrame:
    """Decoded audio: `data` is a numpy array of shape (channels, nb_samples) whatever the
    format's packing, of the dtype of `sample_fmt` (u8/u8p uint8, s16/s16p int16, s32/s32p
    int32, s64/s64p int64, flt/fltp float32, dbl/dblp float64). `sample_fmt` is FFmpeg's name
    of the format the reference's decoder or filter produces ("fltp" for AAC, "s16" for
    16-bit FLAC...): packed and planar differ only in how the bytes are laid out when written.
    `layout` is the channel layout as CodecParameters carries it (chlayout's described string,
    "stereo", "5.1(side)"), None when unspecified. pts and duration are in `time_base`."""
    __slots__ = ("data", "sample_fmt", "sample_rate", "layout", "pts", "duration",
                 "time_base", "pkt_dts")

    def __init__(self, data, sample_fmt: str, sample_rate: int, layout: str | None = None,
                 pts=None, time_base=(1, 1), duration=None, pkt_dts=None):
        self.data = data
        self.sample_fmt = sample_fmt
        self.sample_rate = sample_rate
        self.layout = layout
        self.pts = pts
        self.time_base = time_base
        self.duration = duration        # in time_base units; None: nb_samples at sample_rate
        self.pkt_dts = pkt_dts

    @property
    def channels(self) -> int:
        return self.data.shape[0]

    @property
    def nb_samples(self) -> int:
        return self.data.shape[1]

    def __repr__(self) -> str:
        return (f"AudioFrame({self.channels}ch x {self.nb_samples} {self.sample_fmt} "
                f"{self.sample_rate} Hz {self.layout} pts={self.pts})")
