"""ffmpeg's command line: split argv into global options, input groups and output groups, then
apply each group's options (FFmpeg 5.1.9 fftools/cmdutils.c split_commandline, parse_optgroup,
write_option; fftools/ffmpeg_opt.c the option callbacks and OptionsContext).

Errors print the reference's lines and raise ExitProgram(1), as exit_program(1) does.
"""
from __future__ import annotations

from ...engine.record import FACTORY, Record

from .. import log as clog
from ..optable import ExitProgram, OptionDef, find_option, parse_number_or_die
from . import options as O

EINVAL = -22
OPTION_NOT_FOUND = -1414549496          # AVERROR_OPTION_NOT_FOUND

# format context options cine's muxers and demuxers take through the passthrough (opt_default);
# codec options are recognised from the reference's option tables (is_codec_option)
FORMAT_AVOPTIONS = frozenset((
    "fflags", "probesize", "analyzeduration", "avoid_negative_ts", "movflags", "brand",
    "write_id3v2", "id3v2_version", "write_xing", "write_apetag", "frag_duration",
    "frag_size", "min_frag_duration", "use_editlist", "write_tmcd", "fragment_index",
    "max_delay", "flush_packets", "metadata_header_padding", "start_time_realtime", "strict",
    "fpsprobesize", "formatprobesize", "max_interleave_delta", "output_ts_offset",
    "use_wallclock_as_timestamps", "seekable", "err_detect", "skip_initial_bytes",
    "correct_ts_overflow", "flush_packets", "mpegts_flags", "mpegts_service_id",
    "mpegts_pmt_start_pid", "mpegts_start_pid", "mpegts_copyts", "muxrate", "pes_payload_size",
    "cluster_size_limit", "cluster_time_limit", "dash", "live", "write_crc32", "reserve_index_space",
    "default_mode", "serial_offset", "page_duration", "oggpagesize", "pagesize", "rf64", "write_bext",
    "write_peak", "adts_write_id3v2", "write_header", "ignore_editlist", "ignore_chapters",
    "use_absolute_path", "seek_streams_individually", "enable_drefs", "advanced_editlist",
    "export_all", "export_xmp", "skip_clear", "max_stts_delta", "ism_lookahead",
    "frag_interleave", "video_track_timescale", "moov_size", "empty_hdlr_name",
    "movie_timescale", "resend_headers", "scan_all_pmts", "merge_pmt_versions", "ts_packetsize",
    "max_probe_packets", "duration_probesize", "write_prft", "mov_gamma", "write_btrt",
    "mpegts_transport_stream_id", "mpegts_original_network_id", "mpegts_service_type",
    "mpegts_m2ts_mode", "tables_version", "omit_video_pes_length", "pcr_period", "pat_period",
    "sdt_period", "nit_period", "update", "start_number", "frame_pts", "atomic_writing",
    "strftime", "format_version",
))
# ffmpeg options that only matter when decoding, encoding or filtering: accepted and stored;
# a stream-copy job leaves them unused like the reference does.


class Opt(Record):
    po: OptionDef
    key: str
    val: str | None

    def __init__(self, po, key, val):
        self.po = po
        self.key = key
        self.val = val


class Group(Record):
    arg: str
    opts: list[Opt]
    codec_opts: dict[str, str]
    format_opts: dict[str, str]
    sws_opts: dict[str, str]        # libswscale options (-sws_flags...): the group's sws_dict

    def __init__(self, arg, opts=FACTORY, codec_opts=FACTORY, format_opts=FACTORY,
                 sws_opts=FACTORY):
        self.arg = arg
        self.opts = [] if opts is FACTORY else opts
        self.codec_opts = {} if codec_opts is FACTORY else codec_opts
        self.format_opts = {} if format_opts is FACTORY else format_opts
        self.sws_opts = {} if sws_opts is FACTORY else sws_opts


class Split(Record):
    global_opts: list[Opt]
    inputs: list[Group]
    outputs: list[Group]

    def __init__(self, global_opts=FACTORY, inputs=FACTORY, outputs=FACTORY):
        self.global_opts = [] if global_opts is FACTORY else global_opts
        self.inputs = [] if inputs is FACTORY else inputs
        self.outputs = [] if outputs is FACTORY else outputs


def split_commandline(argv: list[str]) -> Split:
    """split_commandline over argv (argv[0] is the program); raises ExitProgram(1) after the
    reference's "Error splitting the argument list: ..." lines."""
    res = Split()
    cur: list[Opt] = []
    codec_opts: dict[str, str] = {}
    format_opts: dict[str, str] = {}
    sws_opts: dict[str, str] = {}
    dashdash = -2
    i = 1
    n = len(argv)

    def finish(target: list[Group], arg: str) -> None:
        nonlocal cur, codec_opts, format_opts, sws_opts
        target.append(Group(arg, cur, codec_opts, format_opts, sws_opts))
        cur, codec_opts, format_opts, sws_opts = [], {}, {}, {}

    def fail(code: int) -> None:
        from ...engine.errors import strerror
        clog.log(clog.FATAL, "Error splitting the argument list: ")
        clog.log(clog.FATAL, "%s\n" % strerror(code))
        raise ExitProgram(1)

    while i < n:
        opt = argv[i]
        i += 1
        if opt == "--":
            dashdash = i
            continue
        if not opt.startswith("-") or len(opt) == 1 or dashdash + 1 == i:
            finish(res.outputs, opt)
            continue
        opt = opt[1:]
        if opt == "i":
            if i >= n:
                clog.log(clog.ERROR, "Missing argument for option '%s'.\n" % opt)
                fail(EINVAL)
            finish(res.inputs, argv[i])
            i += 1
            continue
        po = find_option(O.TABLE, opt)
        if po is not None:
            if po.flags & O.OPT_EXIT:
                arg = argv[i] if i < n else None
                i += 1
            elif po.flags & O.HAS_ARG:
                if i >= n:
                    clog.log(clog.ERROR, "Missing argument for option '%s'.\n" % opt)
                    fail(EINVAL)
                arg = argv[i]
                i += 1
            else:
                arg = "1"
            o = Opt(po, opt, arg)
            if po.flags & (O.OPT_PERFILE | O.OPT_SPEC | O.OPT_OFFSET):
                cur.append(o)
            else:
                res.global_opts.append(o)
            continue
        if i < n and not _negated_bool(opt):
            consumed = False
            if is_codec_option(opt):
                set_codec_option(codec_opts, opt, argv[i])
                consumed = True
            if opt in FORMAT_AVOPTIONS or is_format_option(opt):
                format_opts[opt] = argv[i]
                consumed = True
            if not consumed and is_sws_option(opt):
                if opt in ("srcw", "srch", "dstw", "dsth", "src_format", "dst_format"):
                    clog.log(clog.ERROR, "Directly using swscale dimensions/format options is "
                             "not supported, please use the -s or -pix_fmt options\n")
                    clog.log(clog.ERROR, "Error parsing option '%s' with argument '%s'.\n"
                             % (opt, argv[i]))
                    fail(EINVAL)
                set_codec_option(sws_opts, opt, argv[i])
                consumed = True
            if consumed:
                i += 1
                continue
        if opt.startswith("no"):
            po = find_option(O.TABLE, opt[2:])
            if po is not None and po.flags & O.OPT_BOOL:
                o = Opt(po, opt, "0")
                if po.flags & (O.OPT_PERFILE | O.OPT_SPEC | O.OPT_OFFSET):
                    cur.append(o)
                else:
                    res.global_opts.append(o)
                continue
        clog.log(clog.ERROR, "Unrecognized option '%s'.\n" % opt)
        fail(OPTION_NOT_FOUND)
    if cur or codec_opts or format_opts:
        clog.log(clog.WARNING, "Trailing option(s) found in the command: may be ignored.\n")
    return res


def _negated_bool(opt: str) -> bool:
    """'no' + a boolean option of the table (-nostdin): opt_default never takes it, since no
    AVOption is named so (tests/ffmpeg_face/test_copy_startup_imports.py checks the lists), so
    the option lists need not be loaded to find that out."""
    if not opt.startswith("no"):
        return False
    po = find_option(O.TABLE, opt[2:])
    return po is not None and bool(po.flags & O.OPT_BOOL)


def is_codec_option(opt: str) -> bool:
    """opt_default's test for codec_opts: an AVCodecContext option or a codec private option
    (the name before ':'), or a context option behind a v/a/s prefix (-vb, -ab)."""
    from .. import avoptions
    stripped = opt.split(":", 1)[0]
    return (stripped in avoptions.CODEC or stripped in avoptions.CODEC_CHILD
            or (opt[:1] in ("v", "a", "s") and opt[1:] in avoptions.CODEC))


def is_format_option(opt: str) -> bool:
    """opt_default's test for format_opts: an option of AVFormatContext or of its children
    (muxers, demuxers, protocols)."""
    from .. import avoptions
    return opt in avoptions.FORMAT


def is_sws_option(opt: str) -> bool:
    """opt_default's test for sws_dict: a libswscale option (-sws_flags, -param0...)."""
    from .. import avoptions
    return opt in avoptions.SWS


def sws_args(sws_opts: dict) -> str | None:
    """The output's sws_dict as configure_filtergraph hands it to the graph's scale filters
    (scale_sws_opts): "key=value" pairs joined by ':', None when empty."""
    return ":".join("%s=%s" % kv for kv in sws_opts.items()) or None


def set_codec_option(codec_opts: dict, key: str, value: str) -> None:
    """av_dict_set into codec_opts; a '+x'/'-x' value of a flags option is appended."""
    from .. import avoptions
    from .codec_opts import dict_set
    if key.split(":", 1)[0] in avoptions.FLAGS_TYPED and value[:1] in ("+", "-") \
            and key in codec_opts:
        value = codec_opts[key] + value
    dict_set(codec_opts, key, value)


def parse_time_or_die(context: str, text: str) -> int:
    from ..intervals import parse_duration
    try:
        return parse_duration(text)
    except ValueError:
        clog.log(clog.FATAL, "Invalid duration specification for %s: %s\n" % (context, text))
        raise ExitProgram(1) from None


INT64_MAX = (1 << 63) - 1


class FileOptions(Record):
    """OptionsContext: what the options before one -i or output URL said."""
    arg: str = ""
    is_output: bool = False
    format: str | None = None
    start_time: int | None = None
    recording_time: int | None = None
    stop_time: int | None = None
    itsoffset: int = 0
    video_disable: bool = False
    audio_disable: bool = False
    subtitle_disable: bool = False
    data_disable: bool = False
    bitexact: bool = False
    shortest: bool = False
    map_chapters: int = (1 << 31) - 1          # INT_MAX: first input that has chapters
    maps: list[str]           # raw -map arguments, in order
    spec: dict[str, list[tuple[str, str]]]   # OPT_SPEC values
    offset: dict[str, object]   # other OPT_OFFSET values
    unsupported: list[str]      # options cine cannot honour
    filters: list[tuple[str, str, str]]  # (key, spec, graph)
    codec_opts: dict[str, str]
    format_opts: dict[str, str]
    sws_opts: dict[str, str]

    def __init__(self, arg="", is_output=False, format=None, start_time=None, recording_time=None,
                 stop_time=None, itsoffset=0, video_disable=False, audio_disable=False,
                 subtitle_disable=False, data_disable=False, bitexact=False, shortest=False,
                 map_chapters=(1 << 31) - 1, maps=FACTORY, spec=FACTORY, offset=FACTORY,
                 unsupported=FACTORY, filters=FACTORY, codec_opts=FACTORY, format_opts=FACTORY,
                 sws_opts=FACTORY):
        self.arg = arg
        self.is_output = is_output
        self.format = format
        self.start_time = start_time
        self.recording_time = recording_time
        self.stop_time = stop_time
        self.itsoffset = itsoffset
        self.video_disable = video_disable
        self.audio_disable = audio_disable
        self.subtitle_disable = subtitle_disable
        self.data_disable = data_disable
        self.bitexact = bitexact
        self.shortest = shortest
        self.map_chapters = map_chapters
        self.maps = [] if maps is FACTORY else maps
        self.spec = {} if spec is FACTORY else spec
        self.offset = {} if offset is FACTORY else offset
        self.unsupported = [] if unsupported is FACTORY else unsupported
        self.filters = [] if filters is FACTORY else filters
        self.codec_opts = {} if codec_opts is FACTORY else codec_opts
        self.format_opts = {} if format_opts is FACTORY else format_opts
        self.sws_opts = {} if sws_opts is FACTORY else sws_opts

    def spec_values(self, name: str) -> list[tuple[str, str]]:
        return self.spec.get(name, [])


# aliases that write another option's OPT_SPEC list
_SPEC_ALIAS = {"codec": "c", "filter_script": "filter"}
# per-file func_arg options re-dispatched as 'name:type' (opt_video_codec, opt_audio_filters...)
_REDIRECT = {
    "vcodec": "codec:v", "acodec": "codec:a", "scodec": "codec:s", "dcodec": "codec:d",
    "vf": "filter:v", "af": "filter:a", "vtag": "tag:v", "atag": "tag:a", "stag": "tag:s",
    "absf": "bsf:a", "vbsf": "bsf:v", "vframes": "frames:v", "aframes": "frames:a",
    "dframes": "frames:d",
}
# per-file options whose effect cine does not implement for stream copy
_UNSUPPORTED_PERFILE = {"map_channel", "attach", "target", "streamid", "timestamp",
                        "itsscale", "dump_attachment",
                        "program", "apad", "re", "readrate", "pre", "fpre", "apre", "vpre",
                        "spre", "timecode", "copyinkf", "copypriorss",
                        "muxdelay", "muxpreload", "isync"}


def apply_file_options(group: Group, is_output: bool) -> FileOptions:
    """parse_optgroup for one input or output group."""
    o = FileOptions(arg=group.arg, is_output=is_output,
                    codec_opts=dict(group.codec_opts), format_opts=dict(group.format_opts),
                    sws_opts=dict(group.sws_opts))
    need = O.OPT_OUTPUT if is_output else O.OPT_INPUT
    kind = "output url" if is_output else "input url"
    for opt in group.opts:
        po = opt.po
        if not po.flags & need:
            clog.log(clog.ERROR, "Option %s (%s) cannot be applied to %s %s -- you are trying "
                     "to apply an input option to an output file or vice versa. Move this "
                     "option before the file it belongs to.\n" % (opt.key, po.help, kind, group.arg))
            clog.log(clog.ERROR, "Error parsing options for %s file %s.\n"
                     % ("output" if is_output else "input", group.arg))
            clog.log(clog.FATAL, "Error opening %s files: " % ("output" if is_output else "input"))
            clog.log(clog.FATAL, "Invalid argument\n")
            raise ExitProgram(1)
        _write_file_option(o, po, opt.key, opt.val)
    return o


def _write_file_option(o: FileOptions, po: OptionDef, key: str, val: str | None) -> None:
    name = po.name
    if name in _REDIRECT:
        target = _REDIRECT[name]
        base = target.split(":", 1)[0]
        _write_file_option(o, find_option(O.TABLE, base), target, val)
        return
    if po.flags & O.OPT_SPEC:
        spec = key.split(":", 1)[1] if ":" in key else ""
        if po.flags & (O.OPT_BOOL | O.OPT_INT):
            value = str(int(parse_number_or_die(key, val, O.OPT_INT64, -(1 << 31), (1 << 31) - 1)))
        elif po.flags & O.OPT_INT64:
            value = str(int(parse_number_or_die(key, val, O.OPT_INT64, -(1 << 63), INT64_MAX)))
        elif po.flags & O.OPT_DOUBLE:
            value = str(parse_number_or_die(key, val, O.OPT_DOUBLE, float("-inf"), float("inf")))
        else:
            value = val
        o.spec.setdefault(_SPEC_ALIAS.get(name, name), []).append((spec, value))
        if name in ("filter", "filter_script"):
            o.filters.append((key, spec, val))
        elif name in _UNSUPPORTED_PERFILE:
            o.unsupported.append(key)
        return
    if name == "map":
        o.maps.append(val)
        return
    if name in ("b", "ab", "profile"):
        # opt_bitrate / opt_profile: the bare -b and -profile are ambiguous (video), -ab is -b:a
        if key in ("b", "profile"):
            clog.log(clog.WARNING, "Please use -%s:a or -%s:v, -%s is ambiguous\n"
                     % (key, key, key))
            key += ":v"
        set_codec_option(o.codec_opts, "b:a" if key == "ab" else key, val)
        return
    if name == "qscale":
        # opt_qscale: -qscale[:spec] is -q[:spec]; the bare name is ambiguous
        if key == "qscale":
            clog.log(clog.WARNING, "Please use -q:a or -q:v, qscale is ambiguous\n")
            key = "q:v"
        _write_file_option(o, find_option(O.TABLE, "q"), "q" + key[6:], val)
        return
    if name == "aq":
        return
    if name == "muxdelay" and o.is_output:
        # oc->max_delay: only the mpegts muxer reads it in stream copy; it gets it in seconds
        parse_number_or_die(key, val, O.OPT_FLOAT, float("-inf"), float("inf"))
        o.format_opts["muxdelay"] = val
        return
    if name in _UNSUPPORTED_PERFILE:
        o.unsupported.append(key)
        if not po.flags & O.OPT_OFFSET:
            return
    if po.flags & O.OPT_TIME:
        value = parse_time_or_die(key, val)
        if name == "ss":
            o.start_time = value
        elif name == "t":
            o.recording_time = value
        elif name == "to":
            o.stop_time = value
        elif name == "itsoffset":
            o.itsoffset = value
        else:
            o.offset[name] = value
        return
    if po.flags & (O.OPT_BOOL | O.OPT_INT):
        value = int(parse_number_or_die(key, val, O.OPT_INT64, -(1 << 31), (1 << 31) - 1))
        if name == "vn":
            o.video_disable = bool(value)
        elif name == "an":
            o.audio_disable = bool(value)
        elif name == "sn":
            o.subtitle_disable = bool(value)
        elif name == "dn":
            o.data_disable = bool(value)
        elif name == "bitexact":
            o.bitexact = bool(value)
        elif name == "shortest":
            o.shortest = bool(value)
        elif name == "map_chapters":
            o.map_chapters = value
        else:
            o.offset[name] = value
        return
    if po.flags & O.OPT_INT64:
        o.offset[name] = int(parse_number_or_die(key, val, O.OPT_INT64, -(1 << 63), INT64_MAX))
        return
    if po.flags & (O.OPT_FLOAT | O.OPT_DOUBLE):
        o.offset[name] = parse_number_or_die(key, val, O.OPT_FLOAT, float("-inf"), float("inf"))
        return
    if name == "f":
        o.format = val
        return
    o.offset[name] = val
