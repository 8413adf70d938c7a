"""The Job contract between the ffmpeg face (compat) and the engine: plain values, no parsing.

compat turns argv into a Job (inputs, outputs, stream maps, per-stream options) with ffmpeg's
semantics already applied: stream specifiers resolved to indices, default stream selection done,
output format chosen (from -f or the extension), times converted to microseconds. The engine
opens nothing but what the Job names and never looks at argv.

Times are integers in AV_TIME_BASE units (microseconds), None when not set.
"""
from __future__ import annotations

from ..record import FACTORY, Record


class InputSpec(Record):
    """One `-i URL` with the input options that preceded it."""
    url: str                                   # path, 'file:x', '-', 'pipe:0'
    format_name: str | None = None             # -f before -i
    start_time: int | None = None              # -ss (input option): seek before reading
    recording_time: int | None = None          # -t (input option)
    stop_time: int | None = None               # -to (input option)
    itsoffset: int = 0                         # -itsoffset
    stream_loop: int = 0                       # -stream_loop (-1: forever)
    options: dict[str, str]   # demuxer/format options (-fflags...)

    def __init__(self, url, format_name=None, start_time=None, recording_time=None, stop_time=None,
                 itsoffset=0, stream_loop=0, options=FACTORY):
        self.url = url
        self.format_name = format_name
        self.start_time = start_time
        self.recording_time = recording_time
        self.stop_time = stop_time
        self.itsoffset = itsoffset
        self.stream_loop = stream_loop
        self.options = {} if options is FACTORY else options


class StreamMap(Record):
    """One output stream: where it comes from and how it is produced."""
    file_index: int                            # index into Job.inputs
    stream_index: int                          # index of the stream in that input
    codec: str = "copy"                        # 'copy', or an encoder name (later phases)
    bsfs: list[str]           # -bsf chain, e.g. ['h264_mp4toannexb']
    metadata: list[tuple[str, str]]  # -metadata:s:... (value '' deletes)
    disposition: str | None = None             # -disposition:... value as given ('default+forced', '0')
    tag: str | None = None                     # -tag:v
    options: dict[str, str]   # other per-stream options
    max_frames: int | None = None              # -frames / -vframes / -aframes / -dframes

    def __init__(self, file_index, stream_index, codec="copy", bsfs=FACTORY, metadata=FACTORY,
                 disposition=None, tag=None, options=FACTORY, max_frames=None):
        self.file_index = file_index
        self.stream_index = stream_index
        self.codec = codec
        self.bsfs = [] if bsfs is FACTORY else bsfs
        self.metadata = [] if metadata is FACTORY else metadata
        self.disposition = disposition
        self.tag = tag
        self.options = {} if options is FACTORY else options
        self.max_frames = max_frames


class OutputSpec(Record):
    """One output file with the options that preceded it."""
    url: str                                   # path, 'file:x', '-', 'pipe:1'
    format_name: str                           # muxer short name ('mp4', 'adts', 'wav', 'null', ...)
    streams: list[StreamMap]
    start_time: int | None = None              # -ss (output option): drop until
    recording_time: int | None = None          # -t (output option)
    stop_time: int | None = None               # -to (output option)
    metadata: list[tuple[str, str]]   # -metadata key=value, in order
    map_metadata: int | None = 0               # -map_metadata N (None = -1: none)
    map_chapters: int | None = 0               # -map_chapters N (None = -1: none)
    map_metadata_explicit: bool = False        # -map_metadata given: stream tags not copied, creation_time kept
    options: dict[str, str]   # muxer private options (movflags, ...)
    bitexact: bool = False                     # -fflags +bitexact / -bitexact
    shortest: bool = False                     # -shortest
    limit_filesize: int | None = None          # -fs (bytes)

    def __init__(self, url, format_name, streams=FACTORY, start_time=None, recording_time=None,
                 stop_time=None, metadata=FACTORY, map_metadata=0, map_chapters=0,
                 map_metadata_explicit=False, options=FACTORY, bitexact=False, shortest=False,
                 limit_filesize=None):
        self.url = url
        self.format_name = format_name
        self.streams = [] if streams is FACTORY else streams
        self.start_time = start_time
        self.recording_time = recording_time
        self.stop_time = stop_time
        self.metadata = [] if metadata is FACTORY else metadata
        self.map_metadata = map_metadata
        self.map_chapters = map_chapters
        self.map_metadata_explicit = map_metadata_explicit
        self.options = {} if options is FACTORY else options
        self.bitexact = bitexact
        self.shortest = shortest
        self.limit_filesize = limit_filesize


class Job(Record):
    inputs: list[InputSpec]
    outputs: list[OutputSpec]
    copy_ts: bool = False                      # -copyts
    start_at_zero: bool = False                # -start_at_zero
    avoid_negative_ts: str = "auto"            # -avoid_negative_ts
    overwrite: bool | None = None              # -y True, -n False, None: ask (compat decides)
    exit_on_error: bool = False                # -xerror

    def __init__(self, inputs=FACTORY, outputs=FACTORY, copy_ts=False, start_at_zero=False,
                 avoid_negative_ts="auto", overwrite=None, exit_on_error=False):
        self.inputs = [] if inputs is FACTORY else inputs
        self.outputs = [] if outputs is FACTORY else outputs
        self.copy_ts = copy_ts
        self.start_at_zero = start_at_zero
        self.avoid_negative_ts = avoid_negative_ts
        self.overwrite = overwrite
        self.exit_on_error = exit_on_error
