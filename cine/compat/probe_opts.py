"""The ffprobe command line → ProbeOptions (fftools/ffprobe.c real_options[], its opt_*
callbacks and main()'s option handling; fftools/opt_common.h CMDUTILS_COMMON_OPTIONS;
fftools/cmdutils.c parse_loglevel and opt_default).

parse_args() does what the reference does before it opens the input: pre-parses -loglevel/-v,
-hide_banner and -version, prints the banner, parses every option in order (each callback's
messages and exits happen at its turn), derives the sections to show from -show_* and
-show_entries, and checks the writer name, -bitexact and -show_data_hash. Options that end the
program (-version, -sections, errors) raise ExitProgram (a SystemExit) with its exit code.
"""
from __future__ import annotations

import os

from . import banner as _banner
from . import log as _log
from .entries import EntriesError, mark, parse_show_entries, sections_listing, shows_section
from .ffprobe.options import ProbeOptions
from .optable import (
    EINVAL, HAS_ARG, OPT_BOOL, OPT_EXIT, OPT_EXPERT, OPT_INPUT, OPT_INT, OPT_STRING,
    ExitProgram, OptionDef, locate_option, parse_number_or_die, parse_options, show_help_options,
)

PROGRAM = "ffprobe"
WRITERS = ("default", "compact", "csv", "flat", "ini", "json", "xml")
HASHES = ("MD5", "murmur3", "RIPEMD128", "RIPEMD160", "RIPEMD256", "RIPEMD320", "SHA160",
          "SHA224", "SHA256", "SHA512/224", "SHA512/256", "SHA384", "SHA512", "CRC32", "adler32")
AVERROR_OPTION_NOT_FOUND = -(0xF8 | ord("O") << 8 | ord("P") << 16 | ord("T") << 24)
SHOW_OPTIONAL_FIELDS_AUTO = -1


def _info(text: str) -> None:
    _log.log(_log.INFO, text)


def _error(text: str) -> None:
    _log.log(_log.ERROR, text)


def _stdout(text: str) -> None:
    _banner.write_stdout(text)


# ---- common fftools options ------------------------------------------------------------

def _opt_loglevel(opts, opt, arg):
    try:
        level, flags = _log.parse_loglevel_arg(arg, _log.get_level(), _log.get_flags())
    except _log.InvalidLogLevel as exc:
        _log.log(_log.FATAL, 'Invalid loglevel "%s". Possible levels are numbers or:\n' % exc.args[0])
        for name, _ in _log.LEVELS:
            _log.log(_log.FATAL, '"%s"\n' % name)
        raise ExitProgram(1)
    _log.set_flags(flags)
    _log.set_level(level)
    return 0


def _show_help(opts, opt, arg):
    _stdout("Simple multimedia streams analyzer\n"
            "usage: %s [OPTIONS] INPUT_FILE\n\n" % PROGRAM)
    _stdout(show_help_options(TABLE, "Main options:"))
    _stdout("\n")
    _stdout("(cine does not list the per-format and per-codec AVOptions here)\n")
    return 0


def _show_version(opts, opt, arg):
    _stdout(_banner.version_text(PROGRAM))
    return 0


def _show_buildconf(opts, opt, arg):
    _stdout(_banner.buildconf_text())
    return 0


def _show_license(opts, opt, arg):
    _stdout(_banner.license_text(PROGRAM))
    return 0


def _show_listing(opts, opt, arg):
    from .listings import LISTINGS
    name = opt.split(":", 1)[0]
    if name not in LISTINGS and name.startswith("no"):
        name = name[2:]     # '-nolayouts' acts as '-layouts' (optable.parse_option)
    _stdout(LISTINGS[name]())
    return 0


def _not_implemented(opts, opt, arg):
    _log.log(_log.FATAL, "%s: option -%s is not implemented by cine yet\n" % (PROGRAM, opt))
    raise ExitProgram(1)


def _opt_report(opts, opt, arg):
    opts.report = True
    return _log.init_report(PROGRAM, None)


def _opt_max_alloc(opts, opt, arg):
    from .log import _strtol10
    if _strtol10(arg) is None:
        _log.log(_log.FATAL, 'Invalid max_alloc "%s".\n' % arg)
        raise ExitProgram(1)
    return 0


def _opt_ignored(opts, opt, arg):
    return 0


# ---- ffprobe options ---------------------------------------------------------------------

def _opt_format(opts, opt, arg):
    name = find_input_format(arg)
    if name is None:
        _error("Unknown input format: %s\n" % arg)
        return EINVAL
    opts.input_format = name
    return 0


def find_input_format(name: str) -> str | None:
    """av_find_input_format: the demuxer name part that av_match_name accepts (compared without
    regard to case; names that are a prefix of "ALL" never match), as the demuxer spells it."""
    if "ALL".startswith(name):
        return None
    from .avoptions import DEMUXERS
    low = name.lower()
    for names in DEMUXERS:
        for part in names.split(","):
            if part.lower() == low:
                return part
    return None


def _opt_pretty(opts, opt, arg):
    opts.unit = opts.prefix = opts.byte_binary_prefix = opts.sexagesimal = True
    return 0


def _show_section(*keys: str):
    def callback(opts, opt, arg):
        for key in keys:
            mark(opts.entries, key, True, None)
        return 0
    return callback


def _opt_show_versions(opts, opt, arg):
    opts.show_versions = True
    return _show_section("program_version", "library_version")(opts, opt, arg)


def _opt_show_entries(opts, opt, arg):
    try:
        parse_show_entries(arg, opts.entries, opt,
                           verbose=lambda t: _log.log(_log.VERBOSE, t),
                           debug=lambda t: _log.log(_log.DEBUG, t))
    except EntriesError as exc:
        _error(exc.message)
        return EINVAL
    return 0


def _opt_sections(opts, opt, arg):
    _stdout(sections_listing())
    return 0


def _opt_show_optional_fields(opts, opt, arg):
    low = arg.lower()
    value = {"always": 1, "never": 0, "auto": -1}.get(low, opts.show_optional_fields)
    if value == SHOW_OPTIONAL_FIELDS_AUTO and low != "auto":
        value = int(parse_number_or_die("show_optional_fields", arg, OPT_INT, -1, 1))
    opts.show_optional_fields = value
    return 0


def _opt_read_intervals(opts, opt, arg):
    from .intervals import IntervalError, parse_read_intervals
    try:
        opts.intervals = parse_read_intervals(arg, warn=_error,
                                              verbose=lambda t: _log.log(_log.VERBOSE, t))
    except IntervalError as exc:
        for line in exc.lines:
            _error(line)
        return exc.code
    opts.read_intervals = arg
    return 0


def _set_input(opts, arg: str) -> None:
    if opts.input is not None:
        _error("Argument '%s' provided as input filename, but '%s' was already specified.\n"
               % (arg, opts.input))
        raise ExitProgram(1)
    opts.input = "pipe:" if arg == "-" else arg


def _opt_input_file_i(opts, opt, arg):
    _set_input(opts, arg)
    return 0


def _opt_output_file_o(opts, opt, arg):
    if opts.output_file is not None:
        _error("Argument '%s' provided as output filename, but '%s' was already specified.\n"
               % (arg, opts.output_file))
        raise ExitProgram(1)
    opts.output_file = "pipe:" if arg == "-" else arg
    return 0


def _opt_print_filename(opts, opt, arg):
    opts.print_filename = arg
    return 0


def _opt_default(opts, opt, arg):
    """opt_default: route an AVOption name to the codec, format, swscale or swresample
    dictionaries; values are checked when the input is opened, as in the reference."""
    from . import avoptions
    if opt in ("debug", "fdebug"):
        _log.set_level(_log.DEBUG)
    stripped = opt.split(":", 1)[0]
    consumed = False
    if (stripped in avoptions.CODEC or stripped in avoptions.CODEC_CHILD
            or (opt[:1] in ("v", "a", "s") and opt[1:] in avoptions.CODEC)):
        _dict_set(opts.codec_opts, opt, arg, stripped)
        consumed = True
    if opt in avoptions.FORMAT:
        _dict_set(opts.format_opts, opt, arg, opt)
        if consumed:
            _log.log(_log.VERBOSE, "Routing option %s to both codec and muxer layer\n" % opt)
        consumed = True
    if not consumed and opt in avoptions.SWS:
        if opt in ("srcw", "srch", "dstw", "dsth", "src_format", "dst_format"):
            _error("Directly using swscale dimensions/format options is not supported, "
                   "please use the -s or -pix_fmt options\n")
            return EINVAL
        _dict_set(opts.sws_opts, opt, arg, opt)
        consumed = True
    if not consumed and opt in avoptions.SWR:
        _dict_set(opts.swr_opts, opt, arg, opt)
        consumed = True
    return 0 if consumed else AVERROR_OPTION_NOT_FOUND


def _dict_set(d: dict, key: str, value: str, name: str) -> None:
    from . import avoptions
    if name in avoptions.FLAGS_TYPED and value[:1] in ("+", "-") and key in d:
        d[key] = d[key] + value          # AV_DICT_APPEND
    else:
        d.pop(key, None)                 # re-set moves the key to the end, like av_dict_set
        d[key] = value


AVOPTION_PASSTHROUGH = OptionDef("AVOption passthrough", HAS_ARG, _opt_default)


TABLE: tuple[OptionDef, ...] = (
    OptionDef("L", OPT_EXIT, _show_license, "show license"),
    OptionDef("h", OPT_EXIT, _show_help, "show help", "topic"),
    OptionDef("?", OPT_EXIT, _show_help, "show help", "topic"),
    OptionDef("help", OPT_EXIT, _show_help, "show help", "topic"),
    OptionDef("-help", OPT_EXIT, _show_help, "show help", "topic"),
    OptionDef("version", OPT_EXIT, _show_version, "show version"),
    OptionDef("buildconf", OPT_EXIT, _show_buildconf, "show build configuration"),
    OptionDef("formats", OPT_EXIT, _show_listing, "show available formats"),
    OptionDef("muxers", OPT_EXIT, _show_listing, "show available muxers"),
    OptionDef("demuxers", OPT_EXIT, _show_listing, "show available demuxers"),
    OptionDef("devices", OPT_EXIT, _show_listing, "show available devices"),
    OptionDef("codecs", OPT_EXIT, _show_listing, "show available codecs"),
    OptionDef("decoders", OPT_EXIT, _show_listing, "show available decoders"),
    OptionDef("encoders", OPT_EXIT, _show_listing, "show available encoders"),
    OptionDef("bsfs", OPT_EXIT, _show_listing, "show available bit stream filters"),
    OptionDef("protocols", OPT_EXIT, _show_listing, "show available protocols"),
    OptionDef("filters", OPT_EXIT, _show_listing, "show available filters"),
    OptionDef("pix_fmts", OPT_EXIT, _show_listing, "show available pixel formats"),
    OptionDef("layouts", OPT_EXIT, _show_listing, "show standard channel layouts"),
    OptionDef("sample_fmts", OPT_EXIT, _show_listing, "show available audio sample formats"),
    OptionDef("dispositions", OPT_EXIT, _show_listing, "show available stream dispositions"),
    OptionDef("colors", OPT_EXIT, _not_implemented, "show available color names"),
    OptionDef("loglevel", HAS_ARG, _opt_loglevel, "set logging level", "loglevel"),
    OptionDef("v", HAS_ARG, _opt_loglevel, "set logging level", "loglevel"),
    OptionDef("report", 0, _opt_report, "generate a report"),
    OptionDef("max_alloc", HAS_ARG, _opt_max_alloc, "set maximum size of a single allocated block", "bytes"),
    OptionDef("cpuflags", HAS_ARG | OPT_EXPERT, _opt_ignored, "force specific cpu flags", "flags"),
    OptionDef("cpucount", HAS_ARG | OPT_EXPERT, _opt_ignored, "force specific cpu count", "count"),
    OptionDef("hide_banner", OPT_BOOL | OPT_EXPERT, "hide_banner", "do not show program banner", "hide_banner"),
    OptionDef("sources", OPT_EXIT | HAS_ARG, _not_implemented, "list sources of the input device", "device"),
    OptionDef("sinks", OPT_EXIT | HAS_ARG, _not_implemented, "list sinks of the output device", "device"),
    # ffprobe's own
    OptionDef("f", HAS_ARG, _opt_format, "force format", "format"),
    OptionDef("unit", OPT_BOOL, "unit", "show unit of the displayed values"),
    OptionDef("prefix", OPT_BOOL, "prefix", "use SI prefixes for the displayed values"),
    OptionDef("byte_binary_prefix", OPT_BOOL, "byte_binary_prefix", "use binary prefixes for byte units"),
    OptionDef("sexagesimal", OPT_BOOL, "sexagesimal",
              "use sexagesimal format HOURS:MM:SS.MICROSECONDS for time units"),
    OptionDef("pretty", 0, _opt_pretty,
              "prettify the format of displayed values, make it more human readable"),
    OptionDef("print_format", OPT_STRING | HAS_ARG, "print_format",
              "set the output printing format (available formats are: default, compact, csv, "
              "flat, ini, json, xml)", "format"),
    OptionDef("of", OPT_STRING | HAS_ARG, "print_format", "alias for -print_format", "format"),
    OptionDef("select_streams", OPT_STRING | HAS_ARG, "select_streams", "select the specified streams",
              "stream_specifier"),
    OptionDef("sections", OPT_EXIT, _opt_sections,
              "print sections structure and section information, and exit"),
    OptionDef("show_data", OPT_BOOL, "show_data", "show packets data"),
    OptionDef("show_data_hash", OPT_STRING | HAS_ARG, "show_data_hash", "show packets data hash"),
    OptionDef("show_error", 0, _show_section("error"), "show probing error"),
    OptionDef("show_format", 0, _show_section("format"), "show format/container info"),
    OptionDef("show_frames", 0, _show_section("frames"), "show frames info"),
    OptionDef("show_entries", HAS_ARG, _opt_show_entries, "show a set of specified entries", "entry_list"),
    OptionDef("show_log", OPT_INT | HAS_ARG, "show_log", "show log"),
    OptionDef("show_packets", 0, _show_section("packets"), "show packets info"),
    OptionDef("show_programs", 0, _show_section("programs"), "show programs info"),
    OptionDef("show_streams", 0, _show_section("streams"), "show streams info"),
    OptionDef("show_chapters", 0, _show_section("chapters"), "show chapters info"),
    OptionDef("count_frames", OPT_BOOL, "count_frames", "count the number of frames per stream"),
    OptionDef("count_packets", OPT_BOOL, "count_packets", "count the number of packets per stream"),
    OptionDef("show_program_version", 0, _show_section("program_version"), "show ffprobe version"),
    OptionDef("show_library_versions", 0, _show_section("library_versions"), "show library versions"),
    OptionDef("show_versions", 0, _opt_show_versions, "show program and library versions"),
    OptionDef("show_pixel_formats", 0, _show_section("pixel_formats"), "show pixel format descriptions"),
    OptionDef("show_optional_fields", HAS_ARG, _opt_show_optional_fields, "show optional fields"),
    OptionDef("show_private_data", OPT_BOOL, "show_private_data", "show private data"),
    OptionDef("private", OPT_BOOL, "show_private_data", "same as show_private_data"),
    OptionDef("bitexact", OPT_BOOL, "bitexact", "force bitexact output"),
    OptionDef("read_intervals", HAS_ARG, _opt_read_intervals, "set read intervals", "read_intervals"),
    OptionDef("i", HAS_ARG, _opt_input_file_i, "read specified file", "input_file"),
    OptionDef("o", HAS_ARG, _opt_output_file_o, "write to specified output", "output_file"),
    OptionDef("print_filename", HAS_ARG, _opt_print_filename, "override the printed input filename",
              "print_file"),
    OptionDef("find_stream_info", OPT_BOOL | OPT_INPUT | OPT_EXPERT, "find_stream_info",
              "read and decode the streams to fill missing information with heuristics"),
)

# SET_DO_SHOW in main(): ProbeOptions flag ← sections whose marks (or descendants') show it
_DO_SHOW = (
    ("show_chapters", ("chapters",)), ("show_error", ("error",)), ("show_format", ("format",)),
    ("show_frames", ("frames",)), ("show_library_versions", ("library_versions",)),
    ("show_packets", ("packets",)), ("show_pixel_formats", ("pixel_formats",)),
    ("show_pixel_format_flags", ("pixel_format_flags",)),
    ("show_pixel_format_components", ("pixel_format_components",)),
    ("show_program_version", ("program_version",)), ("show_programs", ("programs",)),
    ("show_streams", ("streams",)),
    ("show_stream_disposition", ("stream_disposition", "program_stream_disposition")),
    ("show_chapter_tags", ("chapter_tags",)), ("show_format_tags", ("format_tags",)),
    ("show_frame_tags", ("frame_tags",)), ("show_program_tags", ("program_tags",)),
    ("show_stream_tags", ("stream_tags", "program_stream_tags")),
    ("show_packet_tags", ("packet_tags",)),
)


def _positional(opts, arg: str) -> None:
    _set_input(opts, arg)


def parse_args(argv: list[str], program: str = PROGRAM) -> ProbeOptions:
    """The ffprobe command line (without the program name) → ProbeOptions, printing the banner
    and every message the reference prints up to the point where it opens the input. Raises
    ExitProgram(code) where the reference exits."""
    opts = ProbeOptions()
    full = [program] + list(argv)
    _log.reset()
    _log.set_flags(_log.SKIP_REPEATED)
    # parse_loglevel: the first -loglevel (else -v), -report and -hide_banner act first
    idx = locate_option(full, TABLE, "loglevel") or locate_option(full, TABLE, "v")
    if idx and idx + 1 < len(full):
        _opt_loglevel(opts, "loglevel", full[idx + 1])
    env = os.environ.get("FFREPORT")
    if env is not None or locate_option(full, TABLE, "report"):
        opts.report = True
        if _log.init_report(program, env) == 0:
            _log.report_command_line(full)
    if locate_option(full, TABLE, "hide_banner"):
        opts.hide_banner = True
    _banner.print_banner(program, full, opts, TABLE)
    parse_options(opts, full, TABLE, _positional, AVOPTION_PASSTHROUGH)
    opts.loglevel = _log.get_level()
    opts.log_flags = _log.flags_to_names(_log.get_flags())
    finish(opts)
    return opts


def finish(opts: ProbeOptions) -> None:
    """main() after parse_options, up to opening the writer: derive the sections to show, then
    the -bitexact, writer-name and hash checks (each failure exits 1 with its message)."""
    for field_name, keys in _DO_SHOW:
        if any(shows_section(opts.entries, k) for k in keys):
            setattr(opts, field_name, True)
    if opts.bitexact and (opts.show_program_version or opts.show_library_versions):
        _error("-bitexact and -show_program_version or -show_library_versions "
               "options are incompatible\n")
        raise ExitProgram(1)
    spec = opts.print_format if opts.print_format is not None else "default"
    name, args = _strtok_eq(spec)
    if name is None:
        _error("No name specified for the output format\n")
        raise ExitProgram(1)
    opts.print_format, opts.writer_args = name, args
    if opts.show_data_hash is not None:
        if not any(h.lower() == opts.show_data_hash.lower() for h in HASHES):
            _error("Unknown hash algorithm '%s'\nKnown algorithms:" % opts.show_data_hash)
            for h in HASHES:
                _error(" %s" % h)
            _error("\n")
            raise ExitProgram(1)
    if name not in WRITERS:
        _error("Unknown output format with name '%s'\n" % name)
        raise ExitProgram(1)


def _strtok_eq(text: str) -> tuple[str | None, str | None]:
    """av_strtok(text, "=", &rest): leading '=' skipped; (None, None) when nothing is left."""
    s = text.lstrip("=")
    if not s:
        return None, None
    name, sep, rest = s.partition("=")
    return name, (rest if sep else None)


def usage_error() -> None:
    """main()'s complaint when no input was given although something needs one."""
    _info("Simple multimedia streams analyzer\n")
    _info("usage: %s [OPTIONS] INPUT_FILE\n" % PROGRAM)
    _info("\n")
    _error("You have to specify one input file.\n")
    _error("Use -h to get full help or, even better, run 'man %s'.\n" % PROGRAM)


def needs_input_error(opts: ProbeOptions) -> bool:
    """Whether main() prints usage_error() and fails: no input while a per-file section is asked
    for, or while nothing input-free (versions, pixel formats) is."""
    if opts.input is not None:
        return False
    return bool(opts.show_format or opts.show_programs or opts.show_streams or opts.show_chapters
                or opts.show_packets or opts.show_error
                or not (opts.show_program_version or opts.show_library_versions
                        or opts.show_pixel_formats))
