"""ProbeOptions: everything an ffprobe command line asks for, as one value passed down.

Filled by compat/probe_opts.py (the option table); consumed by compat/ffprobe/run.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ProbeOptions:
    input: str | None = None
    input_format: str | None = None            # -f
    # output
    print_format: str = "default"              # writer name, from -of/-print_format
    writer_args: str | None = None             # text after '=' in -of json=c=1
    output_file: str | None = None             # -o
    # sections: section name -> None (all entries) or the set of entry names to show.
    # "-show_format" puts "format": None; "-show_entries stream=index" puts "stream": {"index"}.
    entries: dict[str, set[str] | None] = field(default_factory=dict)
    show_format: bool = False
    show_streams: bool = False
    show_chapters: bool = False
    show_programs: bool = False
    show_packets: bool = False
    show_frames: bool = False
    show_error: bool = False
    show_data: bool = False
    show_data_hash: str | None = None
    show_private_data: bool = True
    show_stream_disposition: bool = False     # implied by show_streams/show_entries rules
    show_stream_tags: bool = False
    show_format_tags: bool = False
    show_versions: bool = False
    show_program_version: bool = False
    show_library_versions: bool = False
    show_pixel_formats: bool = False
    select_streams: str | None = None
    count_frames: bool = False
    count_packets: bool = False
    read_intervals: str | None = None
    # value formatting
    unit: bool = False
    prefix: bool = False
    byte_binary_prefix: bool = False
    sexagesimal: bool = False
    bitexact: bool = False
    # logging
    hide_banner: bool = False
    loglevel: int = 32                         # AV_LOG_INFO
    log_flags: set[str] = field(default_factory=set)   # 'repeat', 'level', 'time', 'datetime'
    report: bool = False
