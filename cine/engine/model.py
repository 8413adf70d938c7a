"""FFmpeg's nouns for the engine: Rational, Tags, CodecParameters, Stream, Packet, Chapter,
Program and FormatContext. Field meanings follow libavformat/libavcodec so that the ffprobe
mapping in compat is one to one. Stdlib only: this module is on the probe path.

The classes are Records (cine/engine/record.py), not dataclasses (start-up cost): a new field
is an annotated class attribute with its default plus the same parameter in __init__ (mutable
defaults: FACTORY); tests/engine/test_startup_equivalence.py checks that both agree.
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from .record import FACTORY, Record

NOPTS = None                 # AV_NOPTS_VALUE is represented as None
PROFILE_UNKNOWN = -99        # FF_PROFILE_UNKNOWN
LEVEL_UNKNOWN = -99          # FF_LEVEL_UNKNOWN
AV_TIME_BASE = 1_000_000


class Rational(namedtuple("Rational", ("num", "den"))):
    """AVRational: kept unreduced, 0/0 allowed (ffprobe prints it as is)."""
    __slots__ = ()

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


class SideData(Record):
    """Stream/packet side data: `type` is ffprobe's side_data_type string; `fields` the ordered
    extra (key, value) pairs ffprobe prints for it (e.g. displaymatrix and rotation)."""
    type: str
    fields: list[tuple[str, object]]
    data: bytes = b""

    def __init__(self, type, fields=FACTORY, data=b""):
        self.type = type
        self.fields = [] if fields is FACTORY else fields
        self.data = data


def set_side_data(st, sd: SideData) -> None:
    """av_stream_add_side_data: an entry of the same type is replaced in place, else `sd` is
    appended."""
    for i, old in enumerate(st.side_data):
        if old.type == sd.type:
            st.side_data[i] = sd
            return
    st.side_data.append(sd)


class CodecParameters(Record):
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
    private: list[tuple[str, str]]
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
    # find_stream_info opened its decoder before extract_extradata took the extradata from
    # the packets (raw Annex B, MPEG-TS): the decoder's init never saw that extradata
    extradata_after_open: bool = False

    def __init__(self, codec_type=None, codec_name=None, codec_tag=0, profile=PROFILE_UNKNOWN,
                 level=LEVEL_UNKNOWN, format=None, bit_rate=0, bits_per_coded_sample=0,
                 bits_per_raw_sample=0, extradata=b"", width=0, height=0,
                 sample_aspect_ratio=Rational(0, 1), field_order=None, color_range=None,
                 color_space=None, color_transfer=None, color_primaries=None, chroma_location=None,
                 video_delay=0, sample_rate=0, channels=0, channel_layout=None, frame_size=0,
                 initial_padding=0, block_align=0, coded_width=0, coded_height=0,
                 closed_captions=0, film_grain=0, refs=1, rc_max_rate=0, dec_bits_per_raw_sample=0,
                 dec_coded_size_zero=False, private=FACTORY, decoder_open_failed=False,
                 info_coded_width=None, info_coded_height=None, info_closed_captions=False,
                 info_film_grain=False, info_lossless=False, extradata_after_open=False):
        self.codec_type = codec_type
        self.codec_name = codec_name
        self.codec_tag = codec_tag
        self.profile = profile
        self.level = level
        self.format = format
        self.bit_rate = bit_rate
        self.bits_per_coded_sample = bits_per_coded_sample
        self.bits_per_raw_sample = bits_per_raw_sample
        self.extradata = extradata
        self.width = width
        self.height = height
        self.sample_aspect_ratio = sample_aspect_ratio
        self.field_order = field_order
        self.color_range = color_range
        self.color_space = color_space
        self.color_transfer = color_transfer
        self.color_primaries = color_primaries
        self.chroma_location = chroma_location
        self.video_delay = video_delay
        self.sample_rate = sample_rate
        self.channels = channels
        self.channel_layout = channel_layout
        self.frame_size = frame_size
        self.initial_padding = initial_padding
        self.block_align = block_align
        self.coded_width = coded_width
        self.coded_height = coded_height
        self.closed_captions = closed_captions
        self.film_grain = film_grain
        self.refs = refs
        self.rc_max_rate = rc_max_rate
        self.dec_bits_per_raw_sample = dec_bits_per_raw_sample
        self.dec_coded_size_zero = dec_coded_size_zero
        self.private = [] if private is FACTORY else private
        self.decoder_open_failed = decoder_open_failed
        self.info_coded_width = info_coded_width
        self.info_coded_height = info_coded_height
        self.info_closed_captions = info_closed_captions
        self.info_film_grain = info_film_grain
        self.info_lossless = info_lossless
        self.extradata_after_open = extradata_after_open


class Packet(Record):
    """AVPacket without payload ownership rules: data is the bytes, times in stream time_base."""
    stream_index: int
    data: bytes
    pts: int | None
    dts: int | None
    duration: int = 0
    pos: int = -1
    flags: int = 0                         # PKT_FLAG_KEY | PKT_FLAG_DISCARD ...
    side_data: list[SideData]

    def __init__(self, stream_index, data, pts, dts, duration=0, pos=-1, flags=0,
                 side_data=FACTORY):
        self.stream_index = stream_index
        self.data = data
        self.pts = pts
        self.dts = dts
        self.duration = duration
        self.pos = pos
        self.flags = flags
        self.side_data = [] if side_data is FACTORY else side_data


PKT_FLAG_KEY = 0x0001
PKT_FLAG_CORRUPT = 0x0002
PKT_FLAG_DISCARD = 0x0004


class Stream(Record):
    """AVStream: times are integers in time_base units, None for AV_NOPTS_VALUE."""
    index: int
    codecpar: CodecParameters
    id: int = 0
    time_base: Rational = Rational(0, 0)
    start_time: int | None = None
    duration: int | None = None
    nb_frames: int = 0
    r_frame_rate: Rational = Rational(0, 0)
    avg_frame_rate: Rational = Rational(0, 0)
    disposition: set[str]
    tags: Tags
    side_data: list[SideData]
    # AVStream.sample_aspect_ratio (container-level SAR, e.g. mov pasp/tkhd); 0/1 = unset.
    # ffprobe prints av_guess_sample_aspect_ratio: this when set, else the codec's.
    sample_aspect_ratio: Rational = Rational(0, 1)
    # demuxer-private state (sample index...), never printed
    priv: object = None
    # AVStream.discard >= AVDISCARD_ALL: no output uses this stream; demuxers that can skip
    # its data without reading it (mov, avi, matroska) do, the read_frame layer drops the rest
    discard_all: bool = False

    def __init__(self, index, codecpar=FACTORY, id=0, time_base=Rational(0, 0), start_time=None,
                 duration=None, nb_frames=0, r_frame_rate=Rational(0, 0),
                 avg_frame_rate=Rational(0, 0), disposition=FACTORY, tags=FACTORY,
                 side_data=FACTORY, sample_aspect_ratio=Rational(0, 1), priv=None,
                 discard_all=False):
        self.index = index
        self.codecpar = CodecParameters() if codecpar is FACTORY else codecpar
        self.id = id
        self.time_base = time_base
        self.start_time = start_time
        self.duration = duration
        self.nb_frames = nb_frames
        self.r_frame_rate = r_frame_rate
        self.avg_frame_rate = avg_frame_rate
        self.disposition = set() if disposition is FACTORY else disposition
        self.tags = Tags() if tags is FACTORY else tags
        self.side_data = [] if side_data is FACTORY else side_data
        self.sample_aspect_ratio = sample_aspect_ratio
        self.priv = priv
        self.discard_all = discard_all


class Chapter(Record):
    id: int
    time_base: Rational
    start: int
    end: int
    tags: Tags

    def __init__(self, id, time_base, start, end, tags=FACTORY):
        self.id = id
        self.time_base = time_base
        self.start = start
        self.end = end
        self.tags = Tags() if tags is FACTORY else tags


class Program(Record):
    id: int
    program_num: int
    pmt_pid: int
    pcr_pid: int
    stream_indexes: list[int]
    tags: Tags

    def __init__(self, id, program_num, pmt_pid, pcr_pid, stream_indexes=FACTORY, tags=FACTORY):
        self.id = id
        self.program_num = program_num
        self.pmt_pid = pmt_pid
        self.pcr_pid = pcr_pid
        self.stream_indexes = [] if stream_indexes is FACTORY else stream_indexes
        self.tags = Tags() if tags is FACTORY else tags


class FormatContext(Record):
    """AVFormatContext after avformat_open_input + avformat_find_stream_info.

    start_time and duration are in AV_TIME_BASE (microseconds), None when unknown.
    """
    filename: str
    format_name: str = ""
    format_long_name: str = ""
    streams: list[Stream]
    programs: list[Program]
    chapters: list[Chapter]
    start_time: int | None = None
    duration: int | None = None
    size: int | None = None                # avio_size(); None when unknown (pipes)
    bit_rate: int = 0
    probe_score: int = 0
    tags: Tags
    show_ids: bool = False                 # AVFMT_SHOW_IDS: ffprobe prints stream id
    duration_estimation_method: str = "from_stream"   # 'from_pts' 'from_stream' 'from_bitrate'
    # streams avformat_find_stream_info could not complete: (stream index, has_codec_parameters
    # reason such as "unspecified pixel format"). compat prints the reference's warning
    # "Could not find codec parameters for stream N (<avcodec_string>): <reason>" + the
    # "Consider increasing..." line right after opening, at AV_LOG_WARNING.
    codec_param_failures: list
    # FFFormatContext.data_offset: where the payload starts after read_header (bit-rate duration
    # estimates use size - data_offset); set by the demuxers that define it
    data_offset: int = 0

    def __init__(self, filename, format_name="", format_long_name="", streams=FACTORY,
                 programs=FACTORY, chapters=FACTORY, start_time=None, duration=None, size=None,
                 bit_rate=0, probe_score=0, tags=FACTORY, show_ids=False,
                 duration_estimation_method="from_stream", codec_param_failures=FACTORY,
                 data_offset=0):
        self.filename = filename
        self.format_name = format_name
        self.format_long_name = format_long_name
        self.streams = [] if streams is FACTORY else streams
        self.programs = [] if programs is FACTORY else programs
        self.chapters = [] if chapters is FACTORY else chapters
        self.start_time = start_time
        self.duration = duration
        self.size = size
        self.bit_rate = bit_rate
        self.probe_score = probe_score
        self.tags = Tags() if tags is FACTORY else tags
        self.show_ids = show_ids
        self.duration_estimation_method = duration_estimation_method
        self.codec_param_failures = [] if codec_param_failures is FACTORY else codec_param_failures
        self.data_offset = data_offset
