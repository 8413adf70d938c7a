"""The ffprobe main flow of FFmpeg 5.1.9 (fftools/ffprobe.c main, probe_file,
open_input_file, show_* functions): options -> writer -> open input -> select streams ->
packets, programs, streams, chapters, format (in that order) -> error section -> exit code.
"""
from __future__ import annotations

import sys

from ..writers import base as wbase
from . import fields as F
from .sections import Selection

# av_log levels
_ERROR, _WARNING, _INFO = 16, 24, 32
AVERROR_EINVAL = -22

# AVCodecID numbers of codecs without a decoder, for the "Unsupported codec" warning
_NODEC_IDS = {
    None: 0, "ljpeg": 9, "a64_multi": 142, "a64_multi5": 143, "avs2": 192, "avs3": 194,
    "vvc": 196, "daala": 212, "celt": 86067, "sonicls": 86086, "smv": 86088, "4gv": 86093,
    "mpegh_3d_audio": 86107, "ssa": 94212, "srt": 94216, "hdmv_text_subtitle": 94231,
    "ttml": 94232, "arib_caption": 94233, "ttf": 98304, "scte_35": 98305, "epg": 98306,
    "otf": 98310, "klv": 98311, "dvd_nav_packet": 98312, "timed_id3": 98313,
    "bin_data": 98314, "mpegts": 131072,
}

# --- collaborators -------------------------------------------------------------------------

def _log(level: int, text: str, component=None) -> None:
    from .. import log as clog
    clog.log(level, text, component)


def _make_sink():
    from .. import log as clog
    return clog.make_sink()


# --- helpers ------------------------------------------------------------------------------

class _Flags:
    """The reference's do_show_* flags, derived from the marked sections."""

    def __init__(self, opts, sel: Selection):
        for attr, sid in (("show_format", "format"), ("show_streams", "streams"),
                          ("show_chapters", "chapters"), ("show_programs", "programs"),
                          ("show_packets", "packets"), ("show_frames", "frames"),
                          ("show_error", "error"), ("show_program_version", "program_version"),
                          ("show_library_versions", "library_versions"),
                          ("show_pixel_formats", "pixel_formats")):
            if getattr(opts, attr, False) and not sel.wanted(sid):
                sel.mark(sid, True)
        if getattr(opts, "show_versions", False):
            for sid in ("program_version", "library_version"):
                if not sel.wanted(sid):
                    sel.mark(sid, True)
        w = sel.wanted
        self.chapters = w("chapters")
        self.error = w("error")
        self.format = w("format")
        self.frames = w("frames")
        self.library_versions = w("library_versions")
        self.packets = w("packets")
        self.pixel_formats = w("pixel_formats")
        self.program_version = w("program_version")
        self.programs = w("programs")
        self.streams = w("streams")
        self.stream_disposition = w("stream_disposition") or w("program_stream_disposition")
        self.chapter_tags = w("chapter_tags")
        self.format_tags = w("format_tags")
        self.program_tags = w("program_tags")
        self.stream_tags = w("stream_tags") or w("program_stream_tags")
        self.packet_tags = w("packet_tags")
        self.count_packets = bool(getattr(opts, "count_packets", False))
        self.count_frames = bool(getattr(opts, "count_frames", False))


class _Exit(Exception):
    """exit_program(code) in the middle of probing: stdout keeps what was printed so far."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _decoder_init_log(stream) -> list:
    recorded = getattr(stream.codecpar, "decoder_open_log", None)
    if recorded is not None:
        return list(recorded)
    from ...engine.codecs.registry import DECODER_INIT_LOG
    return list(DECODER_INIT_LOG.get(stream.codecpar.codec_name or "", ()))


def _decoder_open_messages(stream) -> list:
    """The log lines the decoder's init prints when it refuses the stream: the engine's own
    record when it keeps one, else a replay of the codec analyzer on a copy of the stream."""
    recorded = getattr(stream.codecpar, "decoder_open_log", None)
    if recorded is not None:
        return list(recorded)
    import copy
    from ...engine.codecs import registry
    from ...engine.errors import CineError
    from ...engine.log import Logger
    name = stream.codecpar.codec_name
    fn = registry.analyzer(name)
    if fn is None:
        return []
    from ...engine.codecs.decoder_open import opened_context
    got: list = []
    try:
        fn(copy.deepcopy(stream), [], Logger(name or "", lambda c, l, m: got.append(
            (opened_context(c), l, m))))
    except CineError:
        pass
    return [m for m in got if m[0] == name]


# --- the run --------------------------------------------------------------------------------

class _Probe:
    def __init__(self, opts, writer: wbase.Writer, flags: _Flags, fo: F.FieldOptions):
        self.opts = opts
        self.w = writer
        self.output = None          # an _Output: long packet listings go out as they grow
        self.flags = flags
        self.fo = fo
        self.selected: list[bool] = []
        self.nb_packets: list[int] = []
        self.nb_frames: list[int] = []

    # section printers ------------------------------------------------------------------

    def emit(self, fields: list, stop_on_error: bool = True) -> int:
        ret = 0
        w = self.w
        for key, value, kind in fields:
            if kind == F.INT:
                w.integer(key, value)
            elif kind == F.STR:
                w.string(key, value)
            elif kind == F.OPT:
                w.string(key, value, wbase.PRINT_STRING_OPT)
            else:
                r = w.string(key, value, wbase.PRINT_STRING_VALIDATE)
                if r < 0 and stop_on_error:
                    return r
        return ret

    def show_tags(self, tags, section_id: str) -> int:
        if not tags:
            return 0
        self.w.header(section_id)
        ret = self.emit(F.tag_fields(tags))
        self.w.footer()
        return ret

    def side_data(self, sd_list, list_id: str, item_id: str) -> None:
        self.w.header(list_id)
        for sd in sd_list:
            self.w.header(item_id)
            self.emit(F.side_data_fields(sd))
            self.w.footer()
        self.w.footer()

    def show_stream(self, ctx, stream, in_program: bool) -> int:
        w = self.w
        w.header("program_stream" if in_program else "stream")
        i = stream.index
        self.emit(F.stream_fields(ctx, stream, self.fo,
                                  self.nb_frames[i] if i < len(self.nb_frames) else 0,
                                  self.nb_packets[i] if i < len(self.nb_packets) else 0))
        ret = 0
        if self.flags.stream_disposition:
            w.header("program_stream_disposition" if in_program else "stream_disposition")
            self.emit(F.disposition_fields(stream))
            w.footer()
        if self.flags.stream_tags:
            ret = self.show_tags(stream.tags, "program_stream_tags" if in_program
                                 else "stream_tags")
        if stream.side_data:
            self.side_data(stream.side_data, "stream_side_data_list", "stream_side_data")
        w.footer()
        return ret

    def show_streams(self, ctx) -> int:
        ret = 0
        self.w.header("streams")
        for i, st in enumerate(ctx.streams):
            # FFmpeg 5.1.9: only the streams that existed when the input was opened (mpegts can
            # add some during the packet loop)
            if i < len(self.selected) and self.selected[i]:
                ret = self.show_stream(ctx, st, False)
                if ret < 0:
                    break
        self.w.footer()
        return ret

    def show_programs(self, ctx) -> int:
        w = self.w
        ret = 0
        w.header("programs")
        for prog in ctx.programs:
            w.header("program")
            self.emit(F.program_fields(prog))
            if self.flags.program_tags:
                ret = self.show_tags(prog.tags, "program_tags")
            if ret >= 0:
                w.header("program_streams")
                for si in prog.stream_indexes:
                    if 0 <= si < min(len(ctx.streams), len(self.selected)) and self.selected[si]:
                        ret = self.show_stream(ctx, ctx.streams[si], True)
                        if ret < 0:
                            break
                w.footer()
            w.footer()
            if ret < 0:
                break
        w.footer()
        return ret

    def show_chapters(self, ctx) -> int:
        w = self.w
        ret = 0
        w.header("chapters")
        for ch in ctx.chapters:
            w.header("chapter")
            self.emit(F.chapter_fields(ch, self.fo))
            if self.flags.chapter_tags:
                ret = self.show_tags(ch.tags, "chapter_tags")
            w.footer()
        w.footer()
        return ret

    def show_format(self, ctx) -> int:
        from ...engine.io.sizecall import ctx_avio_size
        w = self.w
        ret = 0
        ctx_avio_size(ctx)      # show_format asks avio_size for "size"
        w.header("format")
        # FFmpeg 5.1.9: a filename failing validation is reported but does not fail the run
        self.emit(F.format_fields(ctx, self.fo), stop_on_error=False)
        if self.flags.format_tags:
            ret = self.show_tags(ctx.tags, "format_tags")
        w.footer()
        return ret

    def show_error(self, code: int) -> None:
        from ...engine.errors import strerror
        self.w.header("error")
        self.emit(F.error_fields(code, strerror(code)))
        self.w.footer()

    # packets -------------------------------------------------------------------------------

    def read_packets(self, inp) -> int:
        """read_packets: every -read_intervals interval in turn (or one open interval)."""
        cur_ts = [inp.ctx.start_time]
        intervals = getattr(self.opts, "intervals", None) or [None]
        ret = 0
        for iv in intervals:
            ret = self.read_interval_packets(inp, iv, cur_ts)
            if ret < 0:
                break
        return ret

    def read_interval_packets(self, inp, iv, cur_ts: list) -> int:
        from ..intervals import ReadInterval, describe
        from ...engine.errors import CineError, strerror
        from ...engine.timebase import rescale_q
        from ...engine.model import AV_TIME_BASE_Q
        if iv is None:
            iv = ReadInterval(0)
        ctx = inp.ctx
        demuxer = inp.demuxer
        fl = self.flags
        _log(40, "Processing read interval %s\n" % describe(iv))
        ret = 0
        if iv.has_start:
            if iv.start_is_offset:
                if cur_ts[0] is None:
                    _log(_ERROR, "Could not seek to relative position since current "
                         "timestamp is not defined\n")
                    ret = AVERROR_EINVAL
                target = None if ret < 0 else cur_ts[0] + iv.start
            else:
                target = iv.start
            if ret >= 0:
                from ..intervals import ts2timestr
                _log(40, "Seeking to read interval start point %s\n" % ts2timestr(target))
                seek = getattr(inp, "seek", None)
                ret = seek(target) if seek is not None else -1
                if ret < 0:
                    _log(_ERROR, "Could not seek to position %d: %s\n" % (iv.start, strerror(ret)))
            if ret < 0:
                _log(_ERROR, "Could not read packets in interval %s\n" % describe(iv))
                return ret
        # the Input's own reader first (it replays what find_stream_info consumed, as
        # libavformat's packet buffer does), else the demuxer's
        read = getattr(inp, "read_packet", None) or getattr(demuxer, "read_packet", None)
        if read is None:
            return 0
        start = None
        end = iv.end
        has_end = iv.has_end and not iv.end_is_offset
        frame_count = 0
        while True:
            try:
                pkt = read()
            except CineError:
                break
            except NotImplementedError:
                break
            if pkt is None:
                break
            i = pkt.stream_index
            if i >= len(self.selected) and i < len(ctx.streams):
                # a stream the demuxer found while reading (mpegts): not selected
                grow = len(ctx.streams) - len(self.selected)
                self.selected += [False] * grow
                self.nb_packets += [0] * grow
                self.nb_frames += [0] * grow
            if not (0 <= i < len(ctx.streams)) or not self.selected[i]:
                continue
            st = ctx.streams[i]
            if pkt.pts is not None:
                cur_ts[0] = rescale_q(pkt.pts, st.time_base, AV_TIME_BASE_Q)
            if start is None and cur_ts[0] is not None:
                start = cur_ts[0]
            if start is not None and not has_end and iv.end_is_offset:
                end = start + iv.end
                has_end = True
            if iv.end_is_offset and iv.duration_frames:
                if frame_count >= iv.end:
                    break
            elif has_end and cur_ts[0] is not None and cur_ts[0] >= end:
                break
            frame_count += 1
            self.nb_packets[i] += 1
            if fl.packets:
                if len(self.w.out) > FLUSH_PIECES and self.output is not None:
                    self.output.write(self.w.take())
                st = ctx.streams[i]
                self.w.header("packet")
                self.emit(F.packet_fields(st, pkt, self.fo))
                if pkt.side_data:
                    self.side_data(pkt.side_data, "packet_side_data_list", "packet_side_data")
                if self.fo.show_data:
                    self.w.string("data", F.hexdump(pkt.data))
                if self.fo.data_hash is not None:
                    self.w.string("data_hash", self.fo.data_hash(pkt.data))
                self.w.footer()
        return 0

    # probe_file --------------------------------------------------------------------------------

    def probe_file(self, filename: str) -> int:
        from ...engine import demux
        from ...engine.errors import CineError
        from .. import input_protocols
        opts = self.opts
        sink = _make_sink()
        fmt = getattr(opts, "input_format", None)
        fsi = bool(getattr(opts, "find_stream_info", True))
        fopts = dict(getattr(opts, "format_opts", None) or {})
        try:
            source = input_protocols.open_source(filename, fopts, sink)
            left = input_protocols.leftover(fopts)
            if left and fsi:
                def skipped():
                    for key in left:
                        _log(_WARNING, "Option %s skipped - not known to demuxer.\n" % key)
                inp = input_protocols.open_then_probe(filename, sink, fmt, source, skipped)
            else:
                inp = demux.open_input(filename, sink=sink, format_name=fmt,
                                       find_stream_info=fsi, source=source)
                for key in left:
                    _log(_WARNING, "Option %s skipped - not known to demuxer.\n" % key)
        except CineError as exc:
            _log(_ERROR, "%s: %s\n" % (filename, exc.message))
            return exc.code
        except OSError as exc:
            # the engine should have raised CineError; report it as the file protocol would
            from ...engine.errors import from_oserror
            err = from_oserror(exc)
            _log(_ERROR, "%s: %s\n" % (filename, err.message))
            return err.code
        try:
            return self._probe_opened(inp, filename)
        finally:
            try:
                inp.close()
            except Exception:   # noqa: BLE001 - closing must not mask the result
                pass

    def _probe_opened(self, inp, filename: str) -> int:
        ctx = inp.ctx
        opts = self.opts
        print_filename = getattr(opts, "print_filename", None)
        if print_filename:
            ctx.filename = print_filename
        self._dump(ctx, filename)
        for st in ctx.streams:
            name = st.codecpar.codec_name
            if not F.has_decoder(name):
                _log(_WARNING, "Unsupported codec with id %d for input stream %d\n"
                     % (_NODEC_IDS.get(name, 0), st.index))
            elif getattr(st.codecpar, "decoder_open_failed", False):
                # FFmpeg 5.1.9: avcodec_open2 fails again here; ffprobe exits at once
                from .. import log as clog
                clog.new_context()          # ffprobe's own decoder context
                for comp, lvl, msg in _decoder_open_messages(st):
                    _log(lvl, msg, comp)
                _log(_WARNING, "Could not open codec for input stream %d\n" % st.index)
                raise _Exit(1)
            else:
                # what the decoder's init prints each time it is opened (libdav1d's version)
                for comp, lvl, msg in _decoder_init_log(st):
                    _log(lvl, msg, comp)

        n = len(ctx.streams)
        self.nb_packets = [0] * n
        self.nb_frames = [0] * n
        self.selected = [True] * n
        spec = getattr(opts, "select_streams", None)
        if spec is not None:
            from .. import specifiers
            from ...engine.errors import CineError
            try:
                self.selected = specifiers.select_streams(spec, ctx, _make_sink())
            except CineError as exc:
                return exc.code
            discard = getattr(inp, "discard", None)
            if discard is not None:
                for i, sel in enumerate(self.selected):
                    if not sel:
                        discard(i)

        fl = self.flags
        ret = 0
        if fl.frames or fl.packets or fl.count_frames or fl.count_packets:
            if fl.frames or fl.packets:
                if fl.frames and fl.packets and self.w.flags & wbase.PUT_PACKETS_AND_FRAMES_IN_SAME_CHAPTER:
                    sid = "packets_and_frames"
                elif fl.packets and not fl.frames:
                    sid = "packets"
                else:
                    sid = "frames"
                self.w.header(sid)
            ret = self.read_packets(inp)
            if fl.frames or fl.packets:
                self.w.footer()
            if ret < 0:
                return ret
        if fl.programs:
            ret = self.show_programs(ctx)
            if ret < 0:
                return ret
        if fl.streams:
            ret = self.show_streams(ctx)
            if ret < 0:
                return ret
        if fl.chapters:
            ret = self.show_chapters(ctx)
            if ret < 0:
                return ret
        if fl.format:
            ret = self.show_format(ctx)
        return ret

    def _dump(self, ctx, filename: str) -> None:
        from .. import log as clog
        from ..probe_warnings import codec_param_failures
        for lvl, text in codec_param_failures(ctx):
            _log(lvl, text, ctx.format_name)
        level = clog.get_level()
        if level < _INFO:
            return
        from .. import dump
        msgs = getattr(dump, "dump_format_messages", None)
        if msgs is not None:
            for lvl, text in msgs(ctx, 0, filename, level):
                _log(lvl, text)
        else:
            sys.stderr.write(dump.dump_format(ctx, 0, filename))


def _usage() -> None:
    _log(_INFO, "Simple multimedia streams analyzer\n")
    _log(_INFO, "usage: ffprobe [OPTIONS] INPUT_FILE\n")
    _log(_INFO, "\n")


# the writer's text goes out once it holds this many pieces (a packet is ~30): the reference
# prints as it goes, so a -show_packets run over millions of packets holds none of them
FLUSH_PIECES = 4096


class _Output:
    """Where the writer's text goes: stdout, or the -o file (truncated by the first write,
    appended to by the later ones). Errors are kept as an AVERROR for the end of the run."""

    def __init__(self, output: str | None):
        path = output
        if path is not None and path.startswith("file:"):
            path = path[5:]
        if path in ("pipe:", "pipe:1"):
            path = None
        self.path = path
        self.fh = None
        self.error = 0

    def write(self, data: bytes) -> None:
        if self.error or (not data and self.fh is not None):    # (an empty first write
            return                                              # still creates the file)
        if self.path is None:
            out = getattr(sys.stdout, "buffer", None)
            sys.stdout.flush()
            if out is not None:
                out.write(data)
                out.flush()
            else:
                sys.stdout.write(data.decode("utf-8", "surrogateescape"))
                sys.stdout.flush()
            return
        try:
            if self.fh is None:
                self.fh = open(self.path, "wb")
            self.fh.write(data)
        except OSError as exc:
            self.error = -(exc.errno or 5)

    def close(self) -> int:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError as exc:
                self.error = self.error or -(exc.errno or 5)
            self.fh = None
        return self.error


def _write_output(data: bytes, output: "_Output") -> int:
    output.write(data)
    return output.close()


def _open_output_check(output: str | None, writer_name: str) -> int:
    """writer_open's avio_open of -o: fail before anything is printed."""
    if output is None:
        return 0
    path = output[5:] if output.startswith("file:") else output
    if path in ("pipe:", "pipe:1"):
        return 0
    try:
        with open(path, "wb"):
            pass
    except OSError as exc:
        from ...engine.errors import strerror
        code = -(exc.errno or 5)
        _log(_ERROR, "Failed to open output '%s' with error: %s\n" % (output, strerror(code)),
             writer_name)
        return code
    return 0


def main(argv: list[str]) -> int:
    """ffprobe's main(): returns the process exit code."""
    from .. import log as clog
    from ..probe_opts import parse_args
    opts = parse_args(argv)          # prints the banner; raises ExitProgram where ffprobe exits
    clog.configure(opts)

    sel = Selection(getattr(opts, "entries", None))
    flags = _Flags(opts, sel)

    # probe_opts.finish() already refused -bitexact with versions, a missing or unknown writer
    # name and an unknown hash, with the reference's messages
    w_name = getattr(opts, "print_format", None) or "default"
    w_args = getattr(opts, "writer_args", None)
    hash_name = getattr(opts, "show_data_hash", None)
    data_hash = None
    if hash_name:
        from . import hashes
        data_hash = hashes.hasher(hash_name)

    from ..writers import writer_class
    cls = writer_class(w_name)
    if cls is None:
        _log(_ERROR, "Unknown output format with name '%s'\n" % w_name)
        return 1

    show_opt = getattr(opts, "show_optional_fields", wbase.OPTIONAL_AUTO)
    writer = cls(sel, lambda comp, lvl, msg: _log(lvl, msg, comp), show_opt)
    context = {"show_private_data": getattr(opts, "show_private_data", True),
               "unit": getattr(opts, "unit", False), "prefix": getattr(opts, "prefix", False)}
    try:
        writer.configure(w_args, context)
    except wbase.WriterError:
        return 1
    output = getattr(opts, "output_file", None)
    if output == "-":
        output = "pipe:"
    if _open_output_check(output, w_name) < 0:
        return 1

    fo = F.FieldOptions.from_options(opts, data_hash)
    probe = _Probe(opts, writer, flags, fo)
    output = probe.output = _Output(output)
    writer.header("root")
    _show_versions(writer, flags, probe)
    if flags.pixel_formats:
        _show_pixel_formats(writer, sel, probe)

    input_name = getattr(opts, "input", None)
    ret = 0
    if not input_name and (flags.format or flags.programs or flags.streams or flags.chapters
                           or flags.packets or flags.error or
                           not (flags.program_version or flags.library_versions
                                or flags.pixel_formats)):
        _usage()
        _log(_ERROR, "You have to specify one input file.\n")
        _log(_ERROR, "Use -h to get full help or, even better, run 'man ffprobe'.\n")
        ret = AVERROR_EINVAL
    elif input_name:
        if input_name == "-":
            input_name = "pipe:"
        try:
            ret = probe.probe_file(input_name)
        except _Exit as exc:
            _write_output(writer.getvalue(), output)
            return exc.code
        if ret < 0 and flags.error:
            probe.show_error(ret)
    writer.footer()
    wret = _write_output(writer.getvalue(), output)
    if wret < 0:
        from ...engine.errors import strerror
        _log(_ERROR, "Writing output failed: %s\n" % strerror(wret))
    ret = min(ret, wret)
    return 1 if ret < 0 else 0


def _show_versions(writer: wbase.Writer, flags: _Flags, probe: _Probe) -> None:
    """-show_program_version / -show_library_versions sections (values from compat/banner)."""
    if not (flags.program_version or flags.library_versions):
        return
    from .. import banner

    def kind(v):
        return F.INT if isinstance(v, int) else F.STR

    if flags.program_version:
        writer.header("program_version")
        probe.emit([(k, v, kind(v)) for k, v in banner.program_version()])
        writer.footer()
    if flags.library_versions:
        writer.header("library_versions")
        for row in banner.library_versions():
            writer.header("library_version")
            probe.emit([(k, v, kind(v)) for k, v in row])
            writer.footer()
        writer.footer()


def _show_pixel_formats(writer: wbase.Writer, sel: Selection, probe: _Probe) -> None:
    """-show_pixel_formats (ffprobe_show_pixel_formats)."""
    from .pixfmt_table import TABLE
    show_flags = sel.wanted("pixel_format_flags")
    show_comps = sel.wanted("pixel_format_components")
    writer.header("pixel_formats")
    for line in TABLE.splitlines():
        name, nb, lw, lh, bpp, flags, depths = line.split()
        nb = int(nb)
        f = [("name", name, F.STR), ("nb_components", nb, F.INT)]
        if lw != "-":
            f += [("log2_chroma_w", int(lw), F.INT), ("log2_chroma_h", int(lh), F.INT)]
        else:
            f += [("log2_chroma_w", "N/A", F.OPT), ("log2_chroma_h", "N/A", F.OPT)]
        f.append(("bits_per_pixel", int(bpp), F.INT) if int(bpp) else ("bits_per_pixel", "N/A", F.OPT))
        writer.header("pixel_format")
        probe.emit(f)
        if show_flags:
            writer.header("pixel_format_flags")
            probe.emit([(k, int(v), F.INT) for k, v in zip(
                ("big_endian", "palette", "bitstream", "hwaccel", "planar", "rgb", "alpha"), flags)])
            writer.footer()
        if show_comps and nb > 0:
            writer.header("pixel_format_components")
            for i, depth in enumerate(depths.split("-")):
                writer.header("pixel_format_component")
                probe.emit([("index", i + 1, F.INT), ("bit_depth", int(depth), F.INT)])
                writer.footer()
            writer.footer()
        writer.footer()
    writer.footer()


def render_sections(ctx, opts, log=None) -> bytes:
    """The stdout an ffprobe run with `opts` would print for an already opened `ctx` (root,
    programs, streams, chapters and format sections; no packets, no stderr dump). For the
    Python API and the native face, which open the input themselves."""
    sel = Selection(getattr(opts, "entries", None))
    flags = _Flags(opts, sel)
    cls = writer_class_or_default(getattr(opts, "print_format", None))
    writer = cls(sel, log or (lambda comp, lvl, msg: None),
                 getattr(opts, "show_optional_fields", wbase.OPTIONAL_AUTO))
    writer.configure(getattr(opts, "writer_args", None),
                     {"show_private_data": getattr(opts, "show_private_data", True),
                      "unit": getattr(opts, "unit", False), "prefix": getattr(opts, "prefix", False)})
    probe = _Probe(opts, writer, flags, F.FieldOptions.from_options(opts, None))
    n = len(ctx.streams)
    probe.selected = [True] * n
    probe.nb_packets = [0] * n
    probe.nb_frames = [0] * n
    writer.header("root")
    for wanted, show in ((flags.programs, probe.show_programs), (flags.streams, probe.show_streams),
                         (flags.chapters, probe.show_chapters), (flags.format, probe.show_format)):
        if wanted and show(ctx) < 0:
            break
    writer.footer()
    return writer.getvalue()


def writer_class_or_default(name: str | None):
    from ..writers import writer_class
    return writer_class(name or "default") or writer_class("default")
