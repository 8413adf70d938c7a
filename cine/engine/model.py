"""FFmpeg's nouns for the engine: Rational, Tags, CodecParameters, Stream, Packet, Chapter,
Program and FormatContext. Field meanings follow libavformat/libavcodec so that the ffprobe
mapping in compat is one to one. Stdlib only: this module is on the probe path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

NOPTS = None                 # AV_NOPTS_VALUE is represented as None
PROFILE_UNKNOWN = -99        # FF_PROFILE_UNKNOWN
LEVEL_UNKNOWN = -99          # FF_LEVEL_UNKNOWN
AV_TIME_BASE = 1_000_000


class Rational(NamedTuple):
    """AVRational: kept unreduced, 0/0 allowed (ffprobe prints it as is)."""
    num: int
    den: int

    def __float__(self) -> float:
        return self.num / self.den if self.den else 0.0

    def __str__(self) -> str:
        return "%d/%d" % (self.num, self.den)


ZERO_Q = Rational(0, 0)
AV_TIME_BASE_Q = Rational(1, AV_TIME_BASE)


class Tags:
    """AVDictionary semantics: case-insensitive keys, insertion order, and FFmpeg 5.1.9's
    replacement rule (av_dict_set on an existing key moves the last entry into the freed slot
    and appends the new value at the end)."""

    __slots__ = ("_items",)

    def __init__(self, items: list[tuple[str, str]] | None = None):
        self._items: list[list[str]] = []
        for k, v in items or ():
            self.set(k, v)

    def _find(self, key: str) -> int:
        low = key.lower()
        for i, (k, _) in enumerate(self._items):
            if k.lower() == low:
                return i
        return -1

    def set(self, key: str, value: str | None, *, dont_overwrite: bool = False, append: bool = False) -> None:
        i = self._find(key)
        if i >= 0:
            if dont_overwrite:
                return
            if append and value is not None:
                value = self._items[i][1] + value
            last = self._items.pop()
            if i < len(self._items):
                self._items[i] = last
        if value is not None:
            self._items.append([key, value])

    def get(self, key: str, default: str | None = None) -> str | None:
        i = self._find(key)
        return self._items[i][1] if i >= 0 else default

    def __contains__(self, key: str) -> bool:
        return self._find(key) >= 0

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter([(k, v) for k, v in self._items])

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self._items]

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return "Tags(%r)" % self.items()


# Disposition flag names in the order ffprobe 5.1.9 prints them.
DISPOSITIONS = (
    "default", "dub", "original", "comment", "lyrics", "karaoke", "forced",
    "hearing_impaired", "visual_impaired", "clean_effects", "attached_pic",
    "timed_thumbnails", "captions", "descriptions", "metadata", "dependent", "still_image",
)


@dataclass
class SideData:
    """Stream/packet side data: `type` is ffprobe's side_data_type string; `fields` the ordered
    extra (key, value) pairs ffprobe prints for it (e.g. displaymatrix and rotation)."""
    type: str
    fields: list[tuple[str, object]] = field(default_factory=list)
    data: bytes = b""


@dataclass
class CodecParameters:
    """AVCodecParameters plus the decoder-context values ffprobe prints (coded size, refs...).

    Enumerations are held as the strings ffprobe prints, None meaning "unknown"/unspecified.
    """
    codec_type: str | None = None          # 'video' 'audio' 'subtitle' 'data' 'attachment'
    codec_name: str | None = None          # descriptor name ('h264'); None = unknown ('none')
    codec_tag: int = 0
    profile: int = PROFILE_UNKNOWN
    level: int = LEVEL_UNKNOWN
    format: str | None = None              # pix_fmt (video) or sample_fmt (audio) name
    bit_rate: int = 0
    bits_per_coded_sample: int = 0
    bits_per_raw_sample: int = 0
    extradata: bytes = b""
    # video
    width: int = 0
    height: int = 0
    sample_aspect_ratio: Rational = Rational(0, 1)
    field_order: str | None = None         # 'progressive' 'tt' 'bb' 'tb' 'bt'
    color_range: str | None = None         # 'tv' 'pc'
    color_space: str | None = None         # 'bt709' 'smpte170m' 'gbr' ...
    color_transfer: str | None = None
    color_primaries: str | None = None
    chroma_location: str | None = None     # 'left' 'center' 'topleft' ...
    video_delay: int = 0                   # printed as has_b_frames
    # audio
    sample_rate: int = 0
    channels: int = 0
    channel_layout: str | None = None      # av_channel_layout_describe() text; None = unspecified
    frame_size: int = 0
    initial_padding: int = 0
    block_align: int = 0
    # decoder context (ffprobe prints these only when a decoder exists for the codec)
    coded_width: int = 0
    coded_height: int = 0
    closed_captions: int = 0
    film_grain: int = 0
    refs: int = 1
    rc_max_rate: int = 0
    dec_bits_per_raw_sample: int = 0
    # ffprobe's freshly opened decoder knows no coded size yet (mpeg1/2: printed as 0x0)
    dec_coded_size_zero: bool = False
    # private decoder options ffprobe prints with -show_private_data (name, value) e.g. is_avc
    private: list[tuple[str, str]] = field(default_factory=list)
    # the decoder's init refused these parameters (avcodec_open2 < 0): find_stream_info warns
    # "Failed to open codec" and ffprobe exits 1 with "Could not open codec for input stream N"
    decoder_open_failed: bool = False
    # coded size of find_stream_info's codec context (after decoding), which the -v verbose
    # stderr dump shows as "320x240 (320x256)"; None = same as coded_width/coded_height
    info_coded_width: int | None = None
    info_coded_height: int | None = None
    # properties of find_stream_info's decoder context (after decoding), which the stderr dump
    # shows as ", Closed Captions" / ", Film Grain" / ", lossless"
    info_closed_captions: bool = False
    info_film_grain: bool = False
    info_lossless: bool = False


@dataclass
class Packet:
    """AVPacket without payload ownership rules: data is the bytes, times in stream time_base."""
    stream_index: int
    data: bytes
    pts: int | None
    dts: int | None
    duration: int = 0
    pos: int = -1
    flags: int = 0                         # PKT_FLAG_KEY | PKT_FLAG_DISCARD ...
    side_data: list[SideData] = field(default_factory=list)


PKT_FLAG_KEY = 0x0001
PKT_FLAG_CORRUPT = 0x0002
PKT_FLAG_DISCARD = 0x0004


@dataclass
class Stream:
    """AVStream: times are integers in time_base units, None for AV_NOPTS_VALUE."""
    index: int
    codecpar: CodecParameters = field(default_factory=CodecParameters)
    id: int = 0
    time_base: Rational = Rational(0, 0)
    start_time: int | None = None
    duration: int | None = None
    nb_frames: int = 0
    r_frame_rate: Rational = Rational(0, 0)
    avg_frame_rate: Rational = Rational(0, 0)
    disposition: set[str] = field(default_factory=set)
    tags: Tags = field(default_factory=Tags)
    side_data: list[SideData] = field(default_factory=list)
    # AVStream.sample_aspect_ratio (container-level SAR, e.g. mov pasp/tkhd); 0/1 = unset.
    # ffprobe prints av_guess_sample_aspect_ratio: this when set, else the codec's.
    sample_aspect_ratio: Rational = Rational(0, 1)
    # demuxer-private state (sample index...), never printed
    priv: object = None


@dataclass
class Chapter:
    id: int
    time_base: Rational
    start: int
    end: int
    tags: Tags = field(default_factory=Tags)


@dataclass
class Program:
    id: int
    program_num: int
    pmt_pid: int
    pcr_pid: int
    stream_indexes: list[int] = field(default_factory=list)
    tags: Tags = field(default_factory=Tags)


@dataclass
class FormatContext:
    """AVFormatContext after avformat_open_input + avformat_find_stream_info.

    start_time and duration are in AV_TIME_BASE (microseconds), None when unknown.
    """
    filename: str
    format_name: str = ""
    format_long_name: str = ""
    streams: list[Stream] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    start_time: int | None = None
    duration: int | None = None
    size: int | None = None                # avio_size(); None when unknown (pipes)
    bit_rate: int = 0
    probe_score: int = 0
    tags: Tags = field(default_factory=Tags)
    show_ids: bool = False                 # AVFMT_SHOW_IDS: ffprobe prints stream id
    duration_estimation_method: str = "from_stream"   # 'from_pts' 'from_stream' 'from_bitrate'
    # streams avformat_find_stream_info could not complete: (stream index, has_codec_parameters
    # reason such as "unspecified pixel format"). compat prints the reference's warning
    # "Could not find codec parameters for stream N (<avcodec_string>): <reason>" + the
    # "Consider increasing..." line right after opening, at AV_LOG_WARNING.
    codec_param_failures: list = field(default_factory=list)
    # FFFormatContext.data_offset: where the payload starts after read_header (bit-rate duration
    # estimates use size - data_offset); set by the demuxers that define it
    data_offset: int = 0
