"""Which input streams an output gets and how (FFmpeg 5.1.9 fftools/ffmpeg_opt.c opt_map,
open_output_file's default selection, choose_encoder, copy_metadata, set_dispositions).

Results are plain values: OutStream per output stream (source, type, codec choice, final tags
and disposition), so that run.py can fill the engine's Job and print the Stream mapping block.
"""
from __future__ import annotations

from ...engine.record import FACTORY, Record

from .. import log as clog
from ..optable import ExitProgram
from ..specifiers import InvalidSpecifier, match_stream, strtol0
from ...engine.model import CodecParameters, FormatContext, Stream, Tags

INT_MAX = (1 << 31) - 1

# AV_CODEC_PROP_TEXT_SUB / BITMAP_SUB per subtitle codec (libavcodec/codec_desc.c)
_TEXT_SUBS = frozenset(("ass", "ssa", "subrip", "srt", "mov_text", "webvtt", "text", "microdvd",
                        "subviewer", "subviewer1", "sami", "realtext", "stl", "mpl2", "vplayer",
                        "pjs", "jacosub", "ttml", "eia_608", "arib_caption"))
_BITMAP_SUBS = frozenset(("dvd_subtitle", "dvb_subtitle", "hdmv_pgs_subtitle", "xsub"))
# subtitle encoders the reference build has (avcodec_find_encoder on the muxer's default)
_SUB_ENCODERS = frozenset(("ass", "ssa", "subrip", "srt", "mov_text", "webvtt", "text",
                           "microdvd", "ttml", "dvd_subtitle", "dvb_subtitle", "xsub"))


class OutStream(Record):
    file_index: int
    stream_index: int
    codec_type: str
    index: int = 0                   # index in the output
    codec: str | None = None         # None: the muxer's default encoder; 'copy'; an encoder name
    tags: Tags
    disposition_opt: str | None = None
    disposition: set[str]
    bsfs: list                       # the -bsf chain parsed (engine BsfSpec), see bsf_text
    tag: str | None = None
    filters: str | None = None
    sync: tuple[int, int] | None = None     # -map ...,SYNC when it names another stream
    max_frames: int | None = None           # -frames (MATCH_PER_STREAM_OPT)
    bsf_text: str | None = None             # the -bsf value given for the stream

    def __init__(self, file_index, stream_index, codec_type, index=0, codec=None, tags=FACTORY,
                 disposition_opt=None, disposition=FACTORY, bsfs=FACTORY, tag=None, filters=None,
                 sync=None, max_frames=None, bsf_text=None):
        self.file_index = file_index
        self.stream_index = stream_index
        self.codec_type = codec_type
        self.index = index
        self.codec = codec
        self.tags = Tags() if tags is FACTORY else tags
        self.disposition_opt = disposition_opt
        self.disposition = set() if disposition is FACTORY else disposition
        self.bsfs = [] if bsfs is FACTORY else bsfs
        self.tag = tag
        self.filters = filters
        self.sync = sync
        self.max_frames = max_frames
        self.bsf_text = bsf_text

    @property
    def copy(self) -> bool:
        return self.codec == "copy"


def check_specifier(ctx: FormatContext, st: Stream, spec: str) -> int:
    """check_stream_specifier: 1 match, 0 no match, -22 after logging the error on ctx."""
    try:
        return 1 if match_stream(spec, ctx, st) else 0
    except InvalidSpecifier as exc:
        # FFmpeg 5.1.9: libavformat logs it, then fftools' check_stream_specifier again
        clog.log(clog.ERROR, exc.log_line, ctx.format_name or "NULL")
        clog.log(clog.ERROR, exc.log_line, ctx.format_name or "NULL")
        return -22


def parse_map(arg: str, inputs: list[FormatContext], maps: list[list],
              discarded: list[set[int]] | None = None) -> None:
    """opt_map: append [file, stream, disabled, sync] entries to maps (or disable earlier
    ones). `discarded`: per input, the streams its -vn/-an/-sn/-dn options disabled."""
    negative = arg.startswith("-")
    text = arg[1:] if negative else arg
    shown = text
    sync = None
    if "," in text:
        text, _, sync_text = text.partition(",")
        sfile, end = strtol0(sync_text, 0)
        if sfile >= len(inputs) or sfile < 0:
            clog.log(clog.FATAL, "Invalid sync file index: %d.\n" % sfile)
            raise ExitProgram(1)
        sspec = sync_text[end + 1:] if end < len(sync_text) else ""
        sctx = inputs[sfile]
        for st in sctx.streams:
            if check_specifier(sctx, st, sspec) == 1:
                sync = (sfile, st.index)
                break
        if sync is None:
            clog.log(clog.FATAL, "Sync stream specification in map %s does not match any "
                     "streams.\n" % arg[1 if negative else 0:])
            raise ExitProgram(1)
    if text.startswith("["):
        clog.log(clog.FATAL, "Output with label '%s' does not exist in any defined filter "
                 "graph, or was already used elsewhere.\n" % text[1:].split("]", 1)[0])
        raise ExitProgram(1)
    allow_unused = "?" in text
    if allow_unused:
        text = text[:text.index("?")]
    file_idx, end = strtol0(text, 0)
    if file_idx >= len(inputs) or file_idx < 0:
        clog.log(clog.FATAL, "Invalid input file index: %d.\n" % file_idx)
        raise ExitProgram(1)
    rest = text[end:]
    spec = rest[1:] if rest.startswith(":") else rest
    ctx = inputs[file_idx]
    matched = False
    if negative:
        for m in maps:
            if m[0] == file_idx and 0 <= m[1] < len(ctx.streams) \
                    and check_specifier(ctx, ctx.streams[m[1]], spec) > 0:
                m[2] = True
        matched = bool(maps)
    else:
        gone = discarded[file_idx] if discarded else set()
        disabled = False
        for st in ctx.streams:
            if check_specifier(ctx, st, spec) <= 0:
                continue
            if st.index in gone:
                disabled = True
                continue
            maps.append([file_idx, st.index, False, sync or (file_idx, st.index)])
            matched = True
    if not matched:
        if allow_unused:
            clog.log(clog.VERBOSE, "Stream map '%s' matches no streams; ignoring.\n" % shown)
        elif not negative and disabled:
            clog.log(clog.FATAL, "Stream map '%s' matches disabled streams.\n"
                     "To ignore this, add a trailing '?' to the map.\n" % shown)
            raise ExitProgram(1)
        else:
            clog.log(clog.FATAL, "Stream map '%s' matches no streams.\n"
                     "To ignore this, add a trailing '?' to the map.\n" % shown)
            raise ExitProgram(1)


def default_selection(o, inputs: list[FormatContext], muxer,
                      discarded: list[set[int]] | None = None) -> list[tuple[int, int]]:
    """The reference's pick when no -map is given: best video, best audio, first subtitle."""
    gone = discarded or [set() for _ in inputs]
    out: list[tuple[int, int]] = []
    if not o.video_disable and muxer.video_codec:
        # avformat_query_codec(fmt, fmt->video_codec) == MKTAG('A','P','I','C'): only the mp3
        # muxer (its default video codec, png, is an ID3v2 picture type)
        apic = muxer.name == "mp3"
        best_score, idx = 0, None
        for fi, ctx in enumerate(inputs):
            fbest, fidx = 0, None
            for st in ctx.streams:
                if st.index in gone[fi]:
                    continue
                pic = "attached_pic" in st.disposition
                score = st.codecpar.width * st.codecpar.height + 5000000 * ("default" in st.disposition)
                if not apic and pic:
                    score = 1
                if st.codecpar.codec_type == "video" and score > fbest:
                    if apic and not pic:
                        continue
                    fbest, fidx = score, st.index
            if fidx is not None:
                # FFmpeg 5.1.9: the attached-picture test looks at the file's last stream
                if apic or "attached_pic" not in ctx.streams[-1].disposition:
                    fbest -= 5000000 * ("default" in ctx.streams[fidx].disposition)
                if fbest > best_score:
                    best_score, idx = fbest, (fi, fidx)
        if idx is not None:
            out.append(idx)
    if not o.audio_disable and muxer.audio_codec:
        best_score, idx = 0, None
        for fi, ctx in enumerate(inputs):
            fbest, fidx = 0, None
            for st in ctx.streams:
                if st.index in gone[fi]:
                    continue
                score = st.codecpar.channels + 5000000 * ("default" in st.disposition)
                if st.codecpar.codec_type == "audio" and score > fbest:
                    fbest, fidx = score, st.index
            if fidx is not None:
                fbest -= 5000000 * ("default" in ctx.streams[fidx].disposition)
                if fbest > best_score:
                    best_score, idx = fbest, (fi, fidx)
        if idx is not None:
            out.append(idx)
    sub_codec = None
    for spec, val in o.spec_values("c"):
        if spec == "s":                 # MATCH_PER_TYPE_OPT: the bare type only
            sub_codec = val
    sub_enc = muxer.subtitle_codec if muxer.subtitle_codec in _SUB_ENCODERS else None
    if not o.subtitle_disable and (sub_enc or sub_codec):
        out_props = _props(sub_enc)
        done = False
        for fi, ctx in enumerate(inputs):
            for st in ctx.streams:
                if st.codecpar.codec_type != "subtitle" or st.index in gone[fi]:
                    continue
                name = st.codecpar.codec_name
                in_props = _props(name)
                if sub_codec or in_props & out_props or (
                        name is not None and sub_enc and (not in_props or not out_props)):
                    out.append((fi, st.index))
                    done = True
                    break
            if done:
                break
    return out


def _props(name: str | None) -> int:
    if name in _TEXT_SUBS:
        return 1
    if name in _BITMAP_SUBS:
        return 2
    return 0


# the option names of each per-stream option list, as ffmpeg_opt.c's opt_name_* arrays give
# them for the "Multiple ... options specified" warning, and whether the value is an integer
_OPT_NAMES = {
    "c": (("c", "codec", "acodec", "vcodec", "scodec", "dcodec"), False),
    "frames": (("frames", "aframes", "vframes", "dframes"), True),
    "bsf": (("bsf", "absf", "vbsf"), False),
    "tag": (("tag", "atag", "vtag", "stag"), False),
    "disposition": (("disposition",), False),
    "filter": (("filter", "af", "vf"), False),
}


def match_per_stream(values: list[tuple[str, str]], octx: FormatContext, st: Stream,
                     opt: str | None = None) -> str | None:
    """MATCH_PER_STREAM_OPT: the last value whose specifier matches; exits on a bad one.
    With `opt` (the option list's name) more than one match logs the warning that only the
    last one is used."""
    found = None
    matches = 0
    last_spec = ""
    for spec, val in values:
        r = check_specifier(octx, st, spec)
        if r > 0:
            found = val
            last_spec = spec or ""
            matches += 1
        elif r < 0:
            raise ExitProgram(1)
    if matches > 1 and opt in _OPT_NAMES:
        names, is_int = _OPT_NAMES[opt]
        listed = ", ".join("-" + n for n in names[:-1]) + " or -" + names[-1] \
            if len(names) > 1 else "-" + names[0]
        shown = found
        if is_int:
            try:
                shown = str(int(found))
            except (TypeError, ValueError):
                pass
        clog.log(clog.WARNING, "Multiple %s options specified for stream %d, only the last "
                 "option '-%s%s%s %s' will be used.\n"
                 % (listed, st.index, names[0], ":" if last_spec else "", last_spec, shown))
    return found


def build_streams(o, file_index: int, inputs: list[FormatContext], muxer, maps,
                  discarded: list[set[int]] | None = None) -> tuple[FormatContext, list[OutStream]]:
    """new_output_stream for every selected source; returns a skeleton output context (stream
    types only, for specifier matching) and the output streams."""
    octx = FormatContext(filename=o.arg, format_name=muxer.name.split(",")[0])
    if maps is None:
        sources = default_selection(o, inputs, muxer, discarded)
    else:
        sources = []
        for fi, si, disabled, sync in maps:
            if disabled:
                continue
            kind = inputs[fi].streams[si].codecpar.codec_type
            if (kind == "subtitle" and o.subtitle_disable) or (kind == "audio" and o.audio_disable) \
                    or (kind == "video" and o.video_disable) or (kind == "data" and o.data_disable):
                continue
            if kind not in ("video", "audio", "subtitle", "data", "attachment"):
                clog.log(clog.FATAL, "Cannot map stream #%d:%d - unsupported type.\n" % (fi, si))
                clog.log(clog.FATAL, "If you want unsupported types ignored instead of failing, "
                         "please use the -ignore_unknown option\nIf you want them copied, please "
                         "use -copy_unknown\n")
                raise ExitProgram(1)
            sources.append((fi, si, sync))
    streams: list[OutStream] = []
    for fi, si, *rest in sources:
        ist = inputs[fi].streams[si]
        kind = ist.codecpar.codec_type
        st = Stream(index=len(octx.streams), codecpar=CodecParameters(codec_type=kind))
        octx.streams.append(st)
        ost = OutStream(fi, si, kind, index=st.index)
        if rest and rest[0] != (fi, si):
            ost.sync = rest[0]
        if kind in ("video", "audio", "subtitle"):
            ost.codec = match_per_stream(o.spec_values("c"), octx, st, "c")
        else:
            ost.codec = "copy"
        frames = match_per_stream(o.spec_values("frames"), octx, st, "frames")
        ost.max_frames = None if frames is None else int(frames)
        if kind != "video" and any(not spec for spec, _ in o.spec_values("frames")):
            clog.log(clog.WARNING, "Applying unspecific -frames to non video streams, maybe you "
                                   "meant -vframes ?\n")
        # the -bsf text (parsed with the stream's checks: ffmpeg/bsf_parse.py)
        ost.bsf_text = match_per_stream(o.spec_values("bsf"), octx, st, "bsf")
        ost.bsfs = []
        ost.tag = match_per_stream(o.spec_values("tag"), octx, st, "tag")
        ost.disposition_opt = match_per_stream(o.spec_values("disposition"), octx, st,
                                               "disposition")
        if kind in ("video", "audio"):
            ost.filters = match_per_stream(o.spec_values("filter"), octx, st, "filter")
            if ost.copy and ost.filters is not None:
                clog.log(clog.ERROR, "Filtergraph '%s' was defined for %s output stream %d:%d but "
                         "codec copy was selected.\nFiltering and streamcopy cannot be used "
                         "together.\n" % (ost.filters, kind, file_index, st.index))
                raise ExitProgram(1)
        streams.append(ost)
    return octx, streams


def _parse_meta_type(arg: str) -> tuple[str, int, str]:
    if not arg:
        return "g", 0, ""
    t = arg[0]
    if t == "g":
        return "g", 0, ""
    if t == "s":
        if len(arg) > 1 and arg[1] != ":":
            clog.log(clog.FATAL, "Invalid metadata specifier %s.\n" % arg[1:])
            raise ExitProgram(1)
        return "s", 0, arg[2:]
    if t in "cp":
        idx = 0
        if arg[1:2] == ":":
            idx, _ = strtol0(arg, 2)
        return t, idx, ""
    clog.log(clog.FATAL, "Invalid metadata type %s.\n" % t)
    raise ExitProgram(1)


def apply_metadata(o, inputs: list[FormatContext], octx: FormatContext,
                   streams: list[OutStream]) -> tuple[Tags, int]:
    """The output's global tags and each stream's tags (set on streams[i].tags), as
    -map_metadata, the default copy and -metadata leave them; returns (global tags,
    chapters input file or -1)."""
    gtags = Tags()
    global_manual = streams_manual = chapters_manual = False
    for spec, val in o.spec_values("map_metadata"):
        in_idx, end = strtol0(val, 0)
        inspec = val[end + 1:] if end < len(val) else ""
        if in_idx >= len(inputs):
            clog.log(clog.FATAL, "Invalid input file index %d while processing metadata maps\n" % in_idx)
            raise ExitProgram(1)
        type_in, idx_in, sspec_in = _parse_meta_type(inspec)
        type_out, idx_out, sspec_out = _parse_meta_type(spec)
        if in_idx < 0:
            if type_out == "g" or not spec:
                global_manual = True
            if type_out == "s" or not spec:
                streams_manual = True
            if type_out == "c" or not spec:
                chapters_manual = True
            continue
        global_manual |= "g" in (type_in, type_out)
        streams_manual |= "s" in (type_in, type_out)
        chapters_manual |= "c" in (type_in, type_out)
        ictx = inputs[in_idx]
        if type_in == "s":
            src = None
            for st in ictx.streams:
                r = check_specifier(ictx, st, sspec_in)
                if r > 0:
                    src = st.tags
                    break
                if r < 0:
                    raise ExitProgram(1)
            if src is None:
                clog.log(clog.FATAL, "Stream specifier %s does not match  any streams.\n" % sspec_in)
                raise ExitProgram(1)
        elif type_in == "g":
            src = ictx.tags
        else:
            items = ictx.chapters if type_in == "c" else ictx.programs
            if idx_in < 0 or idx_in >= len(items):
                clog.log(clog.FATAL, "Invalid %s index %d while processing metadata maps.\n"
                         % ("chapter" if type_in == "c" else "program", idx_in))
                raise ExitProgram(1)
            src = items[idx_in].tags
        if type_out == "s":
            for ost in streams:
                r = check_specifier(octx, octx.streams[ost.index], sspec_out)
                if r > 0:
                    for k, v in src:
                        ost.tags.set(k, v)
                elif r < 0:
                    raise ExitProgram(1)
        elif type_out == "g":
            for k, v in src:
                gtags.set(k, v)
        else:
            clog.log(clog.FATAL, "cine: -map_metadata to chapters or programs is not supported\n")
            raise ExitProgram(1)
    # chapters
    chapters = o.map_chapters
    if chapters >= len(inputs):
        if chapters == INT_MAX:
            chapters = next((i for i, c in enumerate(inputs) if c.chapters), -1)
        else:
            clog.log(clog.FATAL, "Invalid input file index %d in chapter mapping.\n" % chapters)
            raise ExitProgram(1)
    if not global_manual and inputs:
        for k, v in inputs[0].tags:
            gtags.set(k, v, dont_overwrite=True)
        if o.recording_time is not None:
            gtags.set("duration", None)
        for k in ("creation_time", "company_name", "product_name", "product_version"):
            gtags.set(k, None)
    if not streams_manual:
        for ost in streams:
            for k, v in inputs[ost.file_index].streams[ost.stream_index].tags:
                ost.tags.set(k, v, dont_overwrite=True)
            if not ost.copy:
                ost.tags.set("encoder", None)
    for i, (spec, val) in enumerate(o.spec_values("metadata")):
        if "=" not in val:
            clog.log(clog.FATAL, "No '=' character in metadata string %s.\n" % val)
            raise ExitProgram(1)
        key, _, value = val.partition("=")
        t, idx, sspec = _parse_meta_type(spec)
        if t == "s":
            for ost in streams:
                st = octx.streams[ost.index]
                st.tags = ost.tags
                r = check_specifier(octx, st, sspec)
                if r > 0:
                    ost.tags.set(key, value or None)
                elif r < 0:
                    raise ExitProgram(1)
        elif t == "g":
            gtags.set(key, value or None)
        elif t == "c":
            nb = len(inputs[chapters].chapters) if chapters >= 0 else 0
            if idx < 0 or idx >= nb:
                clog.log(clog.FATAL, "Invalid chapter index %d in metadata specifier.\n" % idx)
            else:
                clog.log(clog.FATAL, "cine: -metadata:c (chapter metadata) is not supported\n")
            raise ExitProgram(1)
        else:
            clog.log(clog.FATAL, "Invalid program index %d in metadata specifier.\n" % idx)
            raise ExitProgram(1)
    o.chapters_manual = chapters_manual
    return gtags, chapters


_DISPOSITION_NAMES = ("default", "dub", "original", "comment", "lyrics", "karaoke", "forced",
                      "hearing_impaired", "visual_impaired", "clean_effects", "attached_pic",
                      "timed_thumbnails", "captions", "descriptions", "metadata", "dependent",
                      "still_image")


# AV_DISPOSITION_* bits of the names above (libavformat/avformat.h)
_DISPOSITION_BITS = dict(zip(_DISPOSITION_NAMES, (
    0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800,
    0x10000, 0x20000, 0x40000, 0x80000, 0x100000)))


class _FlagsError(Exception):
    def __init__(self, lines: list[str]):
        super().__init__(lines)
        self.lines = lines


def _eval_flags(text: str, current: set[str]) -> set[str]:
    """av_opt_eval_flags for the AVStream 'disposition' option: words joined by +/-, each a
    disposition name, one of av_opt's constants or a number (FFmpeg 5.1.9 evaluates each word
    as an expression: cine reads numbers only). Raises _FlagsError with the (message,
    component) lines the reference logs."""
    from ...engine.formats.avopt import parse_flags

    def undefined(word, rest):
        raise _FlagsError([("Undefined constant or missing '(' in '%s'\n" % word,
                            ("AVStream", "Eval")),
                           ('Unable to parse option value "%s"\n' % rest, "AVStream")])

    def rejected(rest, d):
        if d != d:
            raise _FlagsError([('Unable to parse option value "%s"\n' % rest, "AVStream")])
        raise _FlagsError([("Value %f for parameter 'disposition' is not a valid set of "
                            "32bit integer flags\n" % d, "AVStream")])
    val = sum(_DISPOSITION_BITS[n] for n in current if n in _DISPOSITION_BITS)
    val = parse_flags(text, _DISPOSITION_BITS, val, undefined, rejected)
    return {n for n, bit in _DISPOSITION_BITS.items() if val & bit}


def set_dispositions(inputs: list[FormatContext], streams: list[OutStream]) -> None:
    """set_dispositions: copy the inputs' flags, apply -disposition, or mark a default stream
    for each media type with several streams."""
    nb: dict[str, int] = {}
    have_default: dict[str, bool] = {}
    manual = False
    for ost in streams:
        nb[ost.codec_type] = nb.get(ost.codec_type, 0) + 1
        manual |= ost.disposition_opt is not None     # (an empty value is evaluated too)
        ost.disposition = set(inputs[ost.file_index].streams[ost.stream_index].disposition)
        if "default" in ost.disposition:
            have_default[ost.codec_type] = True
    if manual:
        for ost in streams:
            if ost.disposition_opt is None:
                continue
            try:
                flags = _eval_flags(ost.disposition_opt, ost.disposition)
            except _FlagsError as exc:
                for line, component in exc.lines:
                    clog.log(clog.ERROR, line, component)
                clog.log(clog.FATAL, "Error setting output stream dispositions\n")
                raise ExitProgram(1) from None
            ost.disposition = flags
    else:
        for ost in streams:
            t = ost.codec_type
            if nb[t] < 2 or have_default.get(t) or "attached_pic" in ost.disposition:
                continue
            ost.disposition.add("default")
            have_default[t] = True
