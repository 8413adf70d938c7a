"""Output set-up of the stream-copy run (copy.py's Remux.init_outputs): FFmpeg 5.1.9
ffmpeg_opt.c new_output_stream/copy_metadata/copy_chapters and the default dispositions,
ffmpeg.c init_output_stream_streamcopy (codec tag, time base, SAR), the input streams'
discard, the -bsf chains, and avformat_write_header with its failure lines (HeaderError).

The functions take the Remux whose files, outputs, ost_all, job, log and sink they use.
"""
from __future__ import annotations

from ..errors import CineError, Unsupported, strerror
from ..log import Logger
from ..record import deep_copy
from ..model import AV_TIME_BASE_Q, DISPOSITIONS, Chapter, FormatContext, Rational, Stream, Tags
from ..timebase import rescale_q
from ..formats import muxers as _muxers
from ..bitstream import bsf as _bsf
from .job import StreamMap
from .muxing import MuxContext, codec_get_id, codec_get_tag
from .copy_timebase import copy_time_base
from .copy_state import INT64_MAX, OutputFile, OutputStream


class HeaderError(CineError):
    """avformat_write_header failed for an output (its lines are already logged)."""

    def __init__(self, code: int, file_index: int, stream_index: int):
        super().__init__(strerror(code), code=code)
        self.file_index = file_index
        self.stream_index = stream_index


def _dict_copy(dst: Tags, src: Tags, dont_overwrite: bool) -> None:
    for k, v in src.items():
        dst.set(k, v, dont_overwrite=dont_overwrite)


def _apply_disposition(current: set, text: str) -> set:
    """av_opt_eval_flags on the stream's "disposition" flags."""
    from ..formats.avopt import flag_tokens
    flags = set(current)
    first = True
    for sign, name in flag_tokens(text):
        if name.isdigit():
            val = {d for i, d in enumerate(DISPOSITIONS) if int(name) >> i & 1}
        else:
            val = {name}
        if sign == "+":
            flags |= val
        elif sign == "-":
            flags -= val
        else:
            flags = set(val) if first else flags | val
        first = False
    return flags


def _muxer_tags(entry):
    try:
        cls = _muxers.load_muxer(entry)
    except CineError:
        return None
    return getattr(cls, "codec_tags", None)


def _parse_tag(text: str) -> int:
    """-tag: a fourcc, or a number (ffmpeg_opt.c: strtol with base 0, else AV_RL32)."""
    try:
        return int(text, 0)
    except ValueError:
        b = text.encode("latin-1")[:4].ljust(4, b"\0")
        return b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24


def _output_ts_offset(opts: dict, log: Logger) -> int:
    """The AVFormatContext option output_ts_offset (AV_OPT_TYPE_DURATION, microseconds), set
    by avformat_write_header before the muxer's private options."""
    text = opts.get("output_ts_offset")
    if text is None:
        return 0
    from ..formats.matroska.mux_meta import parse_duration
    us = parse_duration(text)
    if us is None or abs(us) > INT64_MAX:
        log.error('Unable to parse option value "%s" as duration\n' % text)
        log.error("Error setting option output_ts_offset to value %s.\n" % text)
        raise CineError(code=-22)
    return us


def init_outputs(rx, on_header=None) -> list[FormatContext]:
    """Set up and open every output of the Remux rx (its outputs and ost_all grow), writing
    each header; on_header(index, ctx) runs after each one."""
    for oi, spec in enumerate(rx.job.outputs):
        entry = _muxers.guess_entry(spec.format_name, spec.url) if spec.format_name else \
            _muxers.guess_entry(None, spec.url)
        if entry is None:
            raise CineError("Unable to find a suitable output format", code=-22)
        of = OutputFile(oi, spec, entry)
        rx.outputs.append(of)
        for smap in spec.streams:
            if smap.codec != "copy":
                raise Unsupported("encoding (%s) is not supported" % smap.codec)
            _new_stream(rx, of, smap)
        _metadata(rx, of)
        _dispositions(rx, of)
        _chapters(rx, of)
    _discard_unused(rx)
    for of in rx.outputs:
        _open_output(rx, of)
        if on_header is not None:
            on_header(of.index, of.ctx)
    return [of.ctx for of in rx.outputs]


def _new_stream(rx, of: OutputFile, smap: StreamMap) -> None:
    f = rx.files[smap.file_index]
    ist = f.streams[smap.stream_index]
    ist.used = True
    src = ist.st
    par = deep_copy(src.codecpar)        # (copy.deepcopy, without importing copy)
    par.private = []
    table = _muxer_tags(of.entry)
    tag = 0
    if smap.tag:
        tag = _parse_tag(smap.tag)
    if not tag:
        if (table is None or codec_get_id(table, src.codecpar.codec_tag) == par.codec_name
                or not codec_get_tag(table, par.codec_name)):
            tag = src.codecpar.codec_tag
    par.codec_tag = tag
    st = Stream(index=len(of.ctx.streams), codecpar=par)
    st.id = 0
    st.avg_frame_rate = src.avg_frame_rate
    # avformat_transfer_internal_stream_timing_info: the codec time base for muxers
    # without variable frame rate support, else the input's
    st.time_base = copy_time_base(of.entry, src, f.ctx.format_name) if src.time_base.den > 0 \
        else Rational(0, 0)
    if src.duration is not None and src.duration > 0 and st.time_base.den:
        st.duration = rescale_q(src.duration, src.time_base, st.time_base)
    st.side_data = [deep_copy(sd) for sd in src.side_data]
    if par.codec_type == "audio":
        if par.codec_name == "mp3" and par.block_align in (1, 1152, 576):
            par.block_align = 0
        if par.codec_name == "ac3":
            par.block_align = 0
    elif par.codec_type == "video":
        sar = src.sample_aspect_ratio if src.sample_aspect_ratio.num else par.sample_aspect_ratio
        st.sample_aspect_ratio = par.sample_aspect_ratio = sar
        st.r_frame_rate = src.r_frame_rate
    ost = OutputStream(of, len(of.streams), smap, ist, st)
    of.ctx.streams.append(st)
    of.streams.append(ost)
    rx.ost_all.append(ost)


def _discard_unused(rx) -> None:
    """ffmpeg_opt.c: every input stream starts AVDISCARD_ALL (after the input's seek) and
    the streams an output maps are switched back on: the demuxers and the read_frame
    layer then skip the others' packets."""
    for f in rx.files:
        for ist in f.streams:
            if ist.used and hasattr(ist.st.priv, "discard_none"):
                ist.st.priv.discard_none = True     # AVDISCARD_NONE (avi keeps empty chunks)
            if ist.used or ist.st.discard_all:
                continue
            ist.st.discard_all = True
            discard = getattr(f.input, "discard", None)
            if discard is not None:
                discard(ist.st.index)


def _metadata(rx, of: OutputFile) -> None:
    spec = of.spec
    explicit = spec.map_metadata_explicit
    if spec.map_metadata is not None and 0 <= spec.map_metadata < len(rx.files):
        src = rx.files[spec.map_metadata].ctx.tags
        _dict_copy(of.ctx.tags, src, True)
        if not explicit:
            if of.recording_time is not None:
                of.ctx.tags.set("duration", None)
            for k in ("creation_time", "company_name", "product_name", "product_version"):
                of.ctx.tags.set(k, None)
    if spec.map_metadata is not None and not explicit:
        for ost in of.streams:
            _dict_copy(ost.st.tags, ost.ist.st.tags, True)
    for k, v in spec.metadata:
        of.ctx.tags.set(k, v if v else None)
    for ost in of.streams:
        for k, v in ost.map.metadata:
            ost.st.tags.set(k, v if v else None)


def _dispositions(rx, of: OutputFile) -> None:
    counts: dict = {}
    have_default: dict = {}
    manual = any(o.map.disposition is not None for o in of.streams)
    for o in of.streams:
        t = o.st.codecpar.codec_type
        counts[t] = counts.get(t, 0) + 1
        o.st.disposition = set(o.ist.st.disposition)
        if "default" in o.st.disposition:
            have_default[t] = True
    if manual:
        for o in of.streams:
            if o.map.disposition is not None:
                o.st.disposition = _apply_disposition(o.st.disposition, o.map.disposition)
    else:
        for o in of.streams:
            t = o.st.codecpar.codec_type
            if counts[t] < 2 or have_default.get(t) or "attached_pic" in o.st.disposition:
                continue
            o.st.disposition.add("default")
            have_default[t] = True


def _chapters(rx, of: OutputFile) -> None:
    spec = of.spec
    if spec.map_chapters is None:
        return
    src_index = None
    if spec.map_chapters == 0:
        for f in rx.files:
            if f.ctx.chapters:
                src_index = f.index
                break
    elif spec.map_chapters < len(rx.files):
        src_index = spec.map_chapters
    if src_index is None:
        return
    f = rx.files[src_index]
    start = of.start_time or 0
    for ch in f.ctx.chapters:
        ts_off = rescale_q(start - f.ts_offset, AV_TIME_BASE_Q, ch.time_base)
        rt = INT64_MAX if of.recording_time is None else rescale_q(of.recording_time, AV_TIME_BASE_Q, ch.time_base)
        if ch.end < ts_off:
            continue
        if rt != INT64_MAX and ch.start > rt + ts_off:
            break
        tags = Tags(ch.tags.items()) if not spec.map_metadata_explicit else Tags()
        of.ctx.chapters.append(Chapter(id=ch.id, time_base=ch.time_base,
                                       start=max(0, ch.start - ts_off),
                                       end=min(rt, ch.end - ts_off), tags=tags))


def _open_output(rx, of: OutputFile) -> None:
    from ..io.sink import open_sink
    entry = of.entry
    if not entry.module:
        raise Unsupported("muxer %s is not implemented" % entry.name)
    cls = _muxers.load_muxer(entry)
    if not entry.has_flag("nofile"):
        of.pb = open_sink(of.spec.url)
    opts = dict(of.spec.options)
    muxer = cls(of.pb, of.ctx, Logger(entry.name, rx.sink), opts, of.spec.bitexact)
    muxer.entry = entry
    # -bsf chains given by the user are created before the header (par_out may change)
    for ost in of.streams:
        ost.bsfs = []
        for n in ost.map.bsfs:
            try:
                f = _bsf.create(n, ost.st, rx.log)
            except CineError as exc:
                # init_output_bsfs / init_output_stream_wrapper (not fatal: the
                # stream mapping is still dumped)
                rx.log.error("Error initializing bitstream filter: %s\n"
                               % (_bsf.spec_name(ost.map.bsfs[0]) if len(ost.map.bsfs) == 1
                                  else "bsf_list"))
                rx.log.error("Error initializing output stream %d:%d -- \n"
                               % (of.index, ost.index))
                if of.pb is not None:
                    of.pb.close()
                raise HeaderError(exc.code or -22, of.index, ost.index) from None
            ost.bsfs.append(f)
            if f.time_base_out is not None:     # (setts' time_base: the next one's input)
                ost.st.time_base = f.time_base_out
            # init_output_bsfs: the stream takes the filter's output parameters
            ex = getattr(f, "par_out_extradata", None)
            if ex is not None:
                ost.st.codecpar.extradata = ex
    try:
        of.mux = MuxContext(of.ctx, entry, muxer, of.pb, Logger(entry.name, rx.sink),
                            avoid_negative_ts=opts.get("avoid_negative_ts", rx.job.avoid_negative_ts),
                            max_interleave_delta=int(opts.get("max_interleave_delta", 10_000_000)),
                            output_ts_offset=_output_ts_offset(opts, Logger(entry.name, rx.sink)),
                            bitexact=of.spec.bitexact)
        of.mux.write_header()
    except CineError as exc:
        code = exc.code
        rx.log.error("Could not write header for output file #%d (incorrect codec "
                       "parameters ?): %s\n" % (of.index, strerror(code)))
        last = of.streams[-1].index if of.streams else 0
        rx.log.error("Error initializing output stream %d:%d -- \n" % (of.index, last))
        if of.pb is not None:
            of.pb.close()
        raise HeaderError(code, of.index, last) from None
    of.header_written = True
