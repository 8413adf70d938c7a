"""The Job contract between the ffmpeg face (compat) and the engine: plain values, no parsing.

compat turns argv into a Job (inputs, outputs, stream maps, per-stream options) with ffmpeg's
semantics already applied: stream specifiers resolved to indices, default stream selection done,
output format chosen (from -f or the extension), times converted to microseconds. The engine
opens nothing but what the Job names and never looks at argv.

Times are integers in AV_TIME_BASE units (microseconds), None when not set.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InputSpec:
    """One `-i URL` with the input options that preceded it."""
    url: str                                   # path, 'file:x', '-', 'pipe:0'
    format_name: str | None = None             # -f before -i
    start_time: int | None = None              # -ss (input option): seek before reading
    recording_time: int | None = None          # -t (input option)
    stop_time: int | None = None               # -to (input option)
    itsoffset: int = 0                         # -itsoffset
    stream_loop: int = 0                       # -stream_loop (-1: forever)
    options: dict[str, str] = field(default_factory=dict)   # demuxer/format options (-fflags...)


@dataclass
class StreamMap:
    """One output stream: where it comes from and how it is produced."""
    file_index: int                            # index into Job.inputs
    stream_index: int                          # index of the stream in that input
    codec: str = "copy"                        # 'copy', or an encoder name (later phases)
    bsfs: list[str] = field(default_factory=list)           # -bsf chain, e.g. ['h264_mp4toannexb']
    metadata: list[tuple[str, str]] = field(default_factory=list)  # -metadata:s:... (value '' deletes)
    disposition: str | None = None             # -disposition:... value as given ('default+forced', '0')
    tag: str | None = None                     # -tag:v
    options: dict[str, str] = field(default_factory=dict)   # other per-stream options
    max_frames: int | None = None              # -frames / -vframes / -aframes / -dframes


@dataclass
class OutputSpec:
    """One output file with the options that preceded it."""
    url: str                                   # path, 'file:x', '-', 'pipe:1'
    format_name: str                           # muxer short name ('mp4', 'adts', 'wav', 'null', ...)
    streams: list[StreamMap] = field(default_factory=list)
    start_time: int | None = None              # -ss (output option): drop until
    recording_time: int | None = None          # -t (output option)
    stop_time: int | None = None               # -to (output option)
    metadata: list[tuple[str, str]] = field(default_factory=list)   # -metadata key=value, in order
    map_metadata: int | None = 0               # -map_metadata N (None = -1: none)
    map_chapters: int | None = 0               # -map_chapters N (None = -1: none)
    map_metadata_explicit: bool = False        # -map_metadata given: stream tags not copied, creation_time kept
    options: dict[str, str] = field(default_factory=dict)   # muxer private options (movflags, ...)
    bitexact: bool = False                     # -fflags +bitexact / -bitexact
    shortest: bool = False                     # -shortest
    limit_filesize: int | None = None          # -fs (bytes)


@dataclass
class Job:
    inputs: list[InputSpec] = field(default_factory=list)
    outputs: list[OutputSpec] = field(default_factory=list)
    copy_ts: bool = False                      # -copyts
    start_at_zero: bool = False                # -start_at_zero
    avoid_negative_ts: str = "auto"            # -avoid_negative_ts
    overwrite: bool | None = None              # -y True, -n False, None: ask (compat decides)
    exit_on_error: bool = False                # -xerror
