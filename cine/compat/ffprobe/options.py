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
    # sections: section key (compat/entries.py SECTIONS: unique name, else name) -> None (all
    # entries) or the set of lower-cased entry names to show; absent = none of its own entries.
    # "-show_format" puts "format": None and "format_tags": None (children follow a bare name);
    # "-show_entries stream=index" puts "stream": {"index"} (and "program_stream": {"index"}).
    # Use entries.shows_entry()/shows_section() to query it.
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
    # added by the option-table helper (compat/probe_opts.py); all additive
    print_filename: str | None = None           # -print_filename: name printed instead of input
    show_optional_fields: int = -1             # -1 auto, 0 never, 1 always
    show_log: int = 0                          # -show_log LEVEL (frame logs; not implemented)
    find_stream_info: bool = True              # -find_stream_info / -nofind_stream_info
    intervals: list = field(default_factory=list)   # parsed -read_intervals (compat/intervals.py)
    show_chapter_tags: bool = False
    show_program_tags: bool = False
    show_packet_tags: bool = False
    show_frame_tags: bool = False
    show_pixel_format_flags: bool = False
    show_pixel_format_components: bool = False
    # AVOptions routed by opt_default, in command-line order (values checked at open time)
    format_opts: dict[str, str] = field(default_factory=dict)
    codec_opts: dict[str, str] = field(default_factory=dict)
    sws_opts: dict[str, str] = field(default_factory=dict)
    swr_opts: dict[str, str] = field(default_factory=dict)
