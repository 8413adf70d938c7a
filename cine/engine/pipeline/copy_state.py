"""The per-file and per-stream state records of the stream-copy run (copy.py): FFmpeg 5.1.9
fftools' InputFile/InputStream/OutputFile/OutputStream as far as stream copy uses them, with the
input timestamp offset set-up of ffmpeg_opt.c open_input_file and the demuxer traits
(AVFMT_TS_DISCONT, pts wrap bits) that process_input looks at.
"""
from __future__ import annotations

from ..model import AV_TIME_BASE_Q, FormatContext, Stream
from ..timebase import q_factors
from .job import Job, OutputSpec, StreamMap
from .muxing import MuxContext
from .stream_loop import LoopState

INT64_MAX = (1 << 63) - 1


class InputFile:
    """One input of the run: its timestamp offset (-itsoffset, -ss, -copyts), -t/-to, the
    discontinuity state and its streams."""

    def __init__(self, index, spec, inp, job: Job):
        self.index = index
        self.spec = spec
        self.input = inp
        self.ctx: FormatContext = inp.ctx
        ic_start = self.ctx.start_time
        start = spec.start_time
        timestamp = start if start is not None else 0
        if ic_start is not None:
            timestamp += ic_start
        if job.copy_ts:
            base = ic_start if (job.start_at_zero and ic_start is not None) else 0
        else:
            base = timestamp
        self.ts_offset = spec.itsoffset - base
        self.start_time = start
        rec = spec.recording_time
        if spec.stop_time is not None and rec is None:
            rec = spec.stop_time - (start or 0)
        self.recording_time = rec
        # FFmpeg 5.1.9: InputFile.last_ts is never initialised (zeroed allocation), so the
        # first packet of a discontinuous format is compared against 0
        self.last_ts = 0
        self.eof = False
        self.discont = "ts_discont" in _input_flags(self.ctx)
        self.wrap_bits = _pts_wrap_bits(self.ctx)
        self.streams = [InputStream(self, st) for st in self.ctx.streams]
        n = getattr(spec, "stream_loop", 0)
        self.loop = LoopState(n) if n else None          # -stream_loop


class InputStream:
    """InputStream of ffmpeg.c for stream copy: the dts/pts clock in AV_TIME_BASE_Q."""

    def __init__(self, f: InputFile, st: Stream):
        self.file = f
        self.st = st
        self.saw_first_ts = False
        self.dts = self.pts = 0
        self.next_dts = self.next_pts = None
        self.rescale_last = None
        self.wrap_done = False
        self.used = False
        self.nb_packets = 0
        self.data_size = 0
        # per-packet constants: rescale_q(., time_base, AV_TIME_BASE_Q) as rescale_near(., b, c)
        self.us_b, self.us_c = q_factors(st.time_base, AV_TIME_BASE_Q)
        self.off = None             # (file ts_offset, the same in time_base)
        self.osts = None            # the output streams fed by this one, in ost_all order


class OutputStream:
    """OutputStream of ffmpeg.c for stream copy: the muxed stream and its copy state."""

    def __init__(self, of, index, smap: StreamMap, ist: InputStream, st: Stream):
        self.of = of
        self.index = index
        self.map = smap
        self.ist = ist
        self.st = st
        self.started = False
        self.finished = False
        self.last_mux_dts = None
        self.frame_number = 0
        self.data_size = 0
        self.packets = 0
        self.extradata_size = len(ist.st.codecpar.extradata or b"")
        self.bsfs = []
        self.fx = None      # _do_streamcopy's per-packet constants (muxer tb, factors)
        self.mux_us = None
        self.muxer_finished = False     # MUXER_FINISHED: input at its end, or a write failed
        mf = getattr(smap, "max_frames", None)
        self.max_frames = INT64_MAX if mf is None else mf      # -frames
        self.sync_opts = 0              # sum of the copied packets' durations (mux time base)


class OutputFile:
    """OutputFile of ffmpeg.c: the output context, its muxer and its -ss/-t/-to/-fs limits."""

    def __init__(self, index, spec: OutputSpec, entry):
        self.index = index
        self.spec = spec
        self.entry = entry
        self.ctx = FormatContext(filename=spec.url, format_name=entry.name,
                                 format_long_name=entry.long_name)
        self.streams: list[OutputStream] = []
        self.mux: MuxContext | None = None
        self.pb = None
        self.start_time = spec.start_time
        rec = spec.recording_time
        if spec.stop_time is not None and rec is None:
            rec = spec.stop_time - (spec.start_time or 0)
        self.recording_time = rec
        if rec is not None:
            # ffmpeg_opt.c: oc->duration = recording_time (matroska writes it early)
            self.ctx.duration = rec
        self.header_written = False
        self.shortest = bool(getattr(spec, "shortest", False))
        self.limit_filesize = getattr(spec, "limit_filesize", None)     # -fs


def _input_flags(ic: FormatContext) -> set:
    """The demuxer flags ffmpeg's timestamp handling looks at (AVFMT_TS_DISCONT)."""
    names = set(ic.format_name.split(","))
    # FFmpeg 5.1.9: AVFMT_TS_DISCONT is set on mpegts, mpeg-ps, ogg, flv, hls, m4v (raw MPEG-4)
    discont = {"mpegts", "mpeg", "ogg", "flv", "mpegtsraw", "hls", "m4v", "dhav", "ty"}
    return {"ts_discont"} if names & discont else set()


def _pts_wrap_bits(ic: FormatContext) -> int:
    """avpriv_set_pts_info's wrap bits of the input's demuxer (33 for MPEG-TS/PS, else 64)."""
    names = set(ic.format_name.split(","))
    if names & {"mpegts", "mpeg"}:
        return 33
    return 64
