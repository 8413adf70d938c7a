"""ProbeOptions: everything an ffprobe command line asks for, as one value passed down.

Filled by compat/probe_opts.py (the option table); consumed by compat/ffprobe/run.py.
"""
from __future__ import annotations

from ...engine.record import FACTORY, Record


class ProbeOptions(Record):
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
    entries: dict[str, set[str] | None]
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
    log_flags: set[str]   # 'repeat', 'level', 'time', 'datetime'
    report: bool = False
    # added by the option-table helper (compat/probe_opts.py); all additive
    print_filename: str | None = None           # -print_filename: name printed instead of input
    show_optional_fields: int = -1             # -1 auto, 0 never, 1 always
    show_log: int = 0                          # -show_log LEVEL (frame logs; not implemented)
    find_stream_info: bool = True              # -find_stream_info / -nofind_stream_info
    intervals: list   # parsed -read_intervals (compat/intervals.py)
    show_chapter_tags: bool = False
    show_program_tags: bool = False
    show_packet_tags: bool = False
    show_frame_tags: bool = False
    show_pixel_format_flags: bool = False
    show_pixel_format_components: bool = False
    # AVOptions routed by opt_default, in command-line order (values checked at open time)
    format_opts: dict[str, str]
    codec_opts: dict[str, str]
    sws_opts: dict[str, str]
    swr_opts: dict[str, str]

    def __init__(self, input=None, input_format=None, print_format="default", writer_args=None,
                 output_file=None, entries=FACTORY, show_format=False, show_streams=False,
                 show_chapters=False, show_programs=False, show_packets=False, show_frames=False,
                 show_error=False, show_data=False, show_data_hash=None, show_private_data=True,
                 show_stream_disposition=False, show_stream_tags=False, show_format_tags=False,
                 show_versions=False, show_program_version=False, show_library_versions=False,
                 show_pixel_formats=False, select_streams=None, count_frames=False,
                 count_packets=False, read_intervals=None, unit=False, prefix=False,
                 byte_binary_prefix=False, sexagesimal=False, bitexact=False, hide_banner=False,
                 loglevel=32, log_flags=FACTORY, report=False, print_filename=None,
                 show_optional_fields=-1, show_log=0, find_stream_info=True, intervals=FACTORY,
                 show_chapter_tags=False, show_program_tags=False, show_packet_tags=False,
                 show_frame_tags=False, show_pixel_format_flags=False,
                 show_pixel_format_components=False, format_opts=FACTORY, codec_opts=FACTORY,
                 sws_opts=FACTORY, swr_opts=FACTORY):
        self.input = input
        self.input_format = input_format
        self.print_format = print_format
        self.writer_args = writer_args
        self.output_file = output_file
        self.entries = {} if entries is FACTORY else entries
        self.show_format = show_format
        self.show_streams = show_streams
        self.show_chapters = show_chapters
        self.show_programs = show_programs
        self.show_packets = show_packets
        self.show_frames = show_frames
        self.show_error = show_error
        self.show_data = show_data
        self.show_data_hash = show_data_hash
        self.show_private_data = show_private_data
        self.show_stream_disposition = show_stream_disposition
        self.show_stream_tags = show_stream_tags
        self.show_format_tags = show_format_tags
        self.show_versions = show_versions
        self.show_program_version = show_program_version
        self.show_library_versions = show_library_versions
        self.show_pixel_formats = show_pixel_formats
        self.select_streams = select_streams
        self.count_frames = count_frames
        self.count_packets = count_packets
        self.read_intervals = read_intervals
        self.unit = unit
        self.prefix = prefix
        self.byte_binary_prefix = byte_binary_prefix
        self.sexagesimal = sexagesimal
        self.bitexact = bitexact
        self.hide_banner = hide_banner
        self.loglevel = loglevel
        self.log_flags = set() if log_flags is FACTORY else log_flags
        self.report = report
        self.print_filename = print_filename
        self.show_optional_fields = show_optional_fields
        self.show_log = show_log
        self.find_stream_info = find_stream_info
        self.intervals = [] if intervals is FACTORY else intervals
        self.show_chapter_tags = show_chapter_tags
        self.show_program_tags = show_program_tags
        self.show_packet_tags = show_packet_tags
        self.show_frame_tags = show_frame_tags
        self.show_pixel_format_flags = show_pixel_format_flags
        self.show_pixel_format_components = show_pixel_format_components
        self.format_opts = {} if format_opts is FACTORY else format_opts
        self.codec_opts = {} if codec_opts is FACTORY else codec_opts
        self.sws_opts = {} if sws_opts is FACTORY else sws_opts
        self.swr_opts = {} if swr_opts is FACTORY else swr_opts
