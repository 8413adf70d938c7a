"""Stream-info completion: the parts of FFmpeg 5.1.9's avformat_find_stream_info that change
printed values (libavformat/demux.c): reading the first packets within probesize and
max_analyze_duration, first timestamps -> start_time, codec analyzers, r_frame_rate estimation
(ff_rfps_add_frame / ff_rfps_calculate), average frame rate; then the timings (timings.py:
estimate_timings, update_stream_timings, chapter ends).

Container independent: demuxers provide packets through read_packet(); a demuxer may leave
per-stream timestamps for ff_rfps_add_frame it saw while indexing in `stream.priv.rfps_dts`.
"""
from __future__ import annotations

import math

from .errors import CineError
from .limits import MAX_ANALYZE_DURATION, PROBESIZE
from .model import AV_TIME_BASE, AV_TIME_BASE_Q, PKT_FLAG_CORRUPT, PKT_FLAG_DISCARD, Rational
from .timebase import INT64_MAX, ROUND_DOWN, reduce, rescale_q, rescale_rnd
from .timings import compute_chapters_end, estimate_timings

MAX_STD_TIMEBASES = 30 * 12 + 30 + 3 + 6
MAX_TS_PROBE = 50
# codecs whose decoder sets ticks_per_frame = 2 (field-based time base)
TICKS_PER_FRAME_2 = {"h264", "mpeg1video", "mpeg2video"}
# codecs the extract_extradata bitstream filter handles
EXTRACT_EXTRADATA = {"av1", "avs2", "avs3", "cavs", "h264", "hevc", "mpeg1video", "mpeg2video",
                     "mpeg4", "vc1"}


def _extract_mpeg12(data: bytes) -> bytes:
    """extract_extradata for MPEG-1/2 video: the sequence header up to the first start code
    that is neither an extension nor a slice-range code (ISO/IEC 13818-2 clause 6.2.2)."""
    state = 0xFFFFFFFF
    found = False
    for i in range(len(data)):
        state = ((state << 8) | data[i]) & 0xFFFFFFFF
        if state == 0x1B3:
            found = True
        elif found and state != 0x1B5 and 0x100 <= state < 0x200:
            return bytes(data[:i - 3])
    return b""


def _extract_mpeg4(data: bytes) -> bytes:
    """extract_extradata for MPEG-4 Part 2: everything before the first VOP or GOV start code."""
    state = 0xFFFFFFFF
    for i in range(len(data)):
        state = ((state << 8) | data[i]) & 0xFFFFFFFF
        if state in (0x1B3, 0x1B6):
            return bytes(data[:i - 3]) if i + 1 > 4 else b""
    return b""


EXTRACTORS = {"mpeg1video": _extract_mpeg12, "mpeg2video": _extract_mpeg12, "mpeg4": _extract_mpeg4}


def get_std_framerate(i: int) -> int:
    if i < 30 * 12:
        return (i + 1) * 1001
    i -= 30 * 12
    if i < 30:
        return (i + 31) * 1001 * 12
    i -= 30
    if i < 3:
        return (80, 120, 240)[i] * 1001 * 12
    i -= 3
    return (24, 30, 60, 12, 15, 48)[i] * 1000 * 12


_STD = [get_std_framerate(i) for i in range(MAX_STD_TIMEBASES)]
_ALL_STD = tuple(range(MAX_STD_TIMEBASES))
_RINT_MAGIC = 6755399441055744.0                    # 1.5 * 2**52
_RINT_DTS_MAX = 2.0 ** 50 * (1001 * 12) / max(_STD)  # |dts * std / 12012| stays < 2**50


class _Info:
    """FFStreamInfo plus the per-stream demux state of find_stream_info."""

    def __init__(self):
        self.last_dts = None
        self.duration_count = 0
        self.rfps_duration_sum = 0
        self.duration_error = None
        self.rfps_active = _ALL_STD           # indexes whose duration_error[0][1] < 1e10
        self.duration_gcd = 0
        self.codec_info_duration = 0
        self.codec_info_duration_fields = 0
        self.fps_first_dts = None
        self.fps_first_dts_idx = 0
        self.fps_last_dts = None
        self.fps_last_dts_idx = 0
        self.frame_delay_evidence = False
        self.codec_info_nb_frames = 0
        self.first_dts = None
        self.packets = []
        self.params_known = False
        self.trial_count = -1
        self.trial_par = None
        self.sink = None
        self.emitted = 0
        self.h264_parser = None               # the H.264 parser's state (mov: need_parsing 2)


def _info(st) -> _Info:
    inf = st.__dict__.get("_fsi")
    if inf is None:
        inf = _Info()
        st.__dict__["_fsi"] = inf
    return inf


def _q2d(q: Rational) -> float:
    return q.num / q.den if q.den else (math.copysign(math.inf, q.num) if q.num else math.nan)


def tb_unreliable(st, avctx_tb: Rational) -> bool:
    num, den = avctx_tb
    if den >= 101 * num or den < 5 * num:
        return True
    if st.codecpar.codec_tag == 0x7634706D:       # 'mp4v'
        return True
    return st.codecpar.codec_name in ("mpeg2video", "gif", "hevc", "h264")


def rfps_add_frame(st, ts) -> None:
    inf = _info(st)
    last = inf.last_dts
    if ts is not None and last is not None and ts > last and ts - last < INT64_MAX:
        dts = ts * _q2d(st.time_base)
        duration = ts - last
        if inf.duration_error is None:
            inf.duration_error = [[[0.0] * MAX_STD_TIMEBASES for _ in range(2)] for _ in range(2)]
            inf.rfps_active = _ALL_STD
        de = inf.duration_error
        # only the candidates whose error is still < 1e10 (rfps_active) are updated; an entry
        # leaves that set only when the check below sets it to 2e10
        e00, e01, e10, e11 = de[0][0], de[0][1], de[1][0], de[1][1]
        if -_RINT_DTS_MAX < dts < _RINT_DTS_MAX:
            # (x + 1.5 * 2**52) - 1.5 * 2**52 is round(x) (ties to even, as llrint) as a
            # float for |x| < 2**51: the same values without creating int objects
            m = _RINT_MAGIC
            for i in inf.rfps_active:
                sdts = dts * _STD[i] / (1001 * 12)
                err0 = sdts - ((sdts + m) - m)
                e00[i] += err0
                e01[i] += err0 * err0
                err1 = sdts - (((sdts + 0.5) + m) - m) + 0.5
                e10[i] += err1
                e11[i] += err1 * err1
        else:
            for i in inf.rfps_active:
                sdts = dts * _STD[i] / (1001 * 12)
                err0 = sdts - round(sdts)
                e00[i] += err0
                e01[i] += err0 * err0
                err1 = sdts - round(sdts + 0.5) + 0.5
                e10[i] += err1
                e11[i] += err1 * err1
        if inf.rfps_duration_sum <= INT64_MAX - duration:
            inf.duration_count += 1
            inf.rfps_duration_sum += duration
        if inf.duration_count % 10 == 0:
            n = inf.duration_count
            for i in inf.rfps_active:
                a0 = e00[i] / n
                error0 = e01[i] / n - a0 * a0
                a1 = e10[i] / n
                error1 = e11[i] / n - a1 * a1
                if error0 > 0.04 and error1 > 0.04:
                    e01[i] = 2e10
                    e11[i] = 2e10
            active = [i for i in inf.rfps_active if e01[i] < 1e10]
            if len(active) < len(inf.rfps_active):
                inf.rfps_active = active
        if inf.duration_count > 3:
            inf.duration_gcd = math.gcd(inf.duration_gcd, duration)
    if ts is not None:
        inf.last_dts = ts


def rfps_calculate(streams, avctx_tb) -> None:
    """ff_rfps_calculate; avctx_tb(st) gives the decoder context time base."""
    for st in streams:
        if st.codecpar.codec_type != "video":
            continue
        inf = _info(st)
        tb = st.time_base
        unreliable = tb_unreliable(st, avctx_tb(st))
        if (unreliable and inf.duration_count > 15
                and inf.duration_gcd > max(1, tb.den // (500 * tb.num) if tb.num else 1)
                and not st.r_frame_rate.num and inf.duration_gcd < INT64_MAX // max(tb.num, 1)):
            st.r_frame_rate = reduce(tb.den, tb.num * inf.duration_gcd, 0x7FFFFFFF)
        if inf.duration_count > 1 and not st.r_frame_rate.num and unreliable:
            num = 0
            best_error = 0.01
            ref_rate = st.r_frame_rate if st.r_frame_rate.num else Rational(tb.den, tb.num)
            tbd = _q2d(tb)
            for j in range(MAX_STD_TIMEBASES):
                std = _STD[j]
                if inf.codec_info_duration and inf.codec_info_duration * tbd < (1001 * 11.5) / std:
                    continue
                if not inf.codec_info_duration and std < 1001 * 12:
                    continue
                if tbd * inf.rfps_duration_sum / inf.duration_count < (1001 * 12.0 * 0.8) / std:
                    continue
                for k in range(2):
                    n = inf.duration_count
                    a = inf.duration_error[k][0][j] / n
                    error = inf.duration_error[k][1][j] / n - a * a
                    if error < best_error and best_error > 0.000000001:
                        best_error = error
                        num = std
            if num and (not ref_rate.num or num / (12 * 1001) < 1.01 * _q2d(ref_rate)):
                st.r_frame_rate = reduce(num, 12 * 1001, 0x7FFFFFFF)
        if (not st.avg_frame_rate.num and st.r_frame_rate.num and inf.rfps_duration_sum
                and inf.codec_info_duration <= 0 and inf.duration_count > 2
                and abs(1.0 / (_q2d(st.r_frame_rate) * _q2d(tb)) - inf.rfps_duration_sum / inf.duration_count) <= 1.0):
            st.avg_frame_rate = st.r_frame_rate
        inf.duration_error = None
        inf.last_dts = None
        inf.duration_count = 0
        inf.rfps_duration_sum = 0


def rfps_header_pass(ctx) -> None:
    """What a demuxer's read_header does with ff_rfps_add_frame/ff_rfps_calculate (mov): the
    decoder context's time base is still 0/1 at that point."""
    for st in ctx.streams:
        if st.codecpar.codec_type == "video":
            for ts in getattr(st.priv, "rfps_dts", ()) or ():
                rfps_add_frame(st, ts)
    rfps_calculate(ctx.streams, lambda st: Rational(0, 1))


def _avctx_tb(st) -> Rational:
    """The decoder context time base after avcodec_open2: the stream's, with the H.264
    decoder's doubling (it sets ticks_per_frame = 2 and doubles time_base.den)."""
    if st.codecpar.codec_type in ("video", "subtitle"):
        # a demuxer whose parser learnt the codec frame rate (mpegts) supplies the time base
        # the decoder derives from it
        known = getattr(st.priv, "avctx_time_base", None)
        if known is not None:
            return known
        tb = st.time_base
        if st.codecpar.codec_name == "h264":
            if tb.den < 0x7FFFFFFF // 2:
                return Rational(tb.num, tb.den * 2)
            return Rational(tb.num // 2, tb.den)
        return tb
    return Rational(0, 1)


MAX_TRIAL_PACKETS = 64


def _trial_due(n: int) -> bool:
    """Whether a stream whose parameters are still unknown is tried again with n packets read.
    Each trial re-runs the analyzer over every packet so far: every packet up to
    MAX_TRIAL_PACKETS, then at each doubling, so that a stream the reference never completes
    (an H.264 track with no slice) costs linear time up to the analyze duration."""
    return n <= MAX_TRIAL_PACKETS or n & (n - 1) == 0


def _has_params(st, inf: _Info) -> bool:
    """has_codec_parameters during the read loop. For codecs with an analyzer, the analyzer
    is run on a scratch copy of the stream with the packets so far (the reference decodes
    them); other codecs are assumed complete once a packet reached their decoder."""
    if inf.params_known:
        return True
    if getattr(inf, "open_failed", False):
        return _failed_open_params(st, inf)     # every later open fails the same way
    par = st.codecpar
    if par.codec_name is None and par.codec_type != "data":
        return False
    from .codecs import descriptors
    from .codecs.registry import analyzer
    desc = descriptors.get(par.codec_name)
    has_decoder = bool(desc and desc.has_decoder)
    fn = analyzer(par.codec_name) if has_decoder else None
    if fn is not None and par.codec_type in ("audio", "video"):
        if inf.trial_count != len(inf.packets):
            inf.trial_count = len(inf.packets)
            if not _trial_due(len(inf.packets)):
                return False
            trial, msgs = _trial(st, fn, inf.packets)
            inf.trial_par = trial
            _replay(inf, msgs)
            inf.params_known = trial is not None and _params_missing_par(trial, bool(inf.packets)) is None
        return inf.params_known
    if par.codec_type == "audio":
        if not par.frame_size and par.codec_name in ("mp1", "mp2", "mp3", "codec2") and not inf.codec_info_nb_frames:
            return False
        if has_decoder and not inf.codec_info_nb_frames and not par.format:
            return False
        if not par.sample_rate or not par.channels:
            return has_decoder and inf.codec_info_nb_frames > 0
    elif par.codec_type == "video":
        if has_decoder and not inf.codec_info_nb_frames and not par.format:
            return False
        if not par.width and not (has_decoder and inf.codec_info_nb_frames):
            return False
    return True


def _failed_open_params(st, inf: _Info) -> bool:
    """FFmpeg 5.1.9 try_decode_frame: a decoder whose init failed (engine/openfail.py) is
    opened once more for the stream's first packet, logging its messages, which leaves
    found_decoder negative: the pixel format is then no longer needed, so a video stream whose
    size the container gave is complete. (Audio streams keep failing on the channel layout
    the failed open dropped.)"""
    if not inf.packets:
        return False
    if not getattr(inf, "open_retried", False):
        inf.open_retried = True
        from .openfail import retry_open
        # the analyzer's own run at the end would log the same init failure
        inf.emitted = max(inf.emitted, retry_open(st, inf.sink))
    par = st.codecpar
    if par.codec_type == "video" and par.width:
        inf.params_known = True
    return inf.params_known


ECHO_PACKETS = 8


def _echo_trial(st, inf: _Info) -> None:
    """Once a stream's parameters are known the reference still parses (and may decode) each
    packet as it is read: re-run the analyzer on the first packets, or for a stream that
    already logged something, so that its messages come out in the reference's order."""
    if not inf.params_known or inf.sink is None:
        return
    n = len(inf.packets)
    if n > MAX_TRIAL_PACKETS or (n > ECHO_PACKETS and not inf.emitted):
        return
    from .codecs.registry import analyzer
    fn = analyzer(st.codecpar.codec_name)
    if fn is None:
        return
    inf.trial_count = n
    _, msgs = _trial(st, fn, inf.packets)
    _replay(inf, msgs)


def _trial(st, fn, packets):
    """Run an analyzer on a copy of the stream; (its codec parameters or None, the log
    messages it produced). Replaying only the new messages after each packet keeps the
    analyzer's messages in the reference's order relative to the demuxer's."""
    from .log import Logger
    from .record import deep_copy, shallow_copy
    scratch = shallow_copy(st)
    scratch.codecpar = deep_copy(st.codecpar)
    scratch.__dict__.pop("_fsi", None)
    msgs: list = []
    try:
        fn(scratch, list(packets), Logger("", lambda c, lvl, m: msgs.append((c, lvl, m))))
    except CineError:
        return None, msgs
    return scratch.codecpar, msgs


def _replay(inf: _Info, msgs: list) -> None:
    sink = inf.sink
    if sink is not None:
        for c, lvl, m in msgs[inf.emitted:]:
            sink(c, lvl, m)
    inf.emitted = max(inf.emitted, len(msgs))


def _params_missing_par(par, fed: bool) -> str | None:
    if par.codec_type == "audio":
        if not par.frame_size and par.codec_name in ("mp1", "mp2", "mp3", "codec2"):
            return "unspecified frame size"
        if not par.format:
            return "unspecified sample format"
        if not par.sample_rate:
            return "unspecified sample rate"
        if not par.channels:
            return "unspecified number of channels"
    elif par.codec_type == "video":
        if not par.width:
            return "unspecified size"
        if not par.format:
            return "unspecified pixel format"
    return None


def find_stream_info(ctx, demuxer, log) -> None:
    # (`analyzing`: the streams' codec contexts have their decoder open, so a parser logs
    # under the codec's name; after this, through a context without a codec, as "NULL")
    demuxer.__dict__["analyzing"] = True
    try:
        _find_stream_info(ctx, demuxer, log)
    finally:
        demuxer.__dict__["analyzing"] = False


def _find_stream_info(ctx, demuxer, log) -> None:
    streams = ctx.streams
    for st in streams:
        _info(st).sink = getattr(log, "sink", None)
        # the decoders are opened now: extradata that extract_extradata finds later in the
        # packets reaches the codec parameters, never these decoders' init
        st.codecpar.extradata_after_open = not st.codecpar.extradata
    _open_decoders(streams, log)
    from .openfail import open_at_start
    open_failed = open_at_start(streams, log, _params_missing_par)
    for i in open_failed:
        _info(streams[i]).open_failed = True
    # streams a demuxer adds while this reads (mpegts) get their decoder context from codecpar
    # only when their first packet arrives, after its parser ran (avctx_inited)
    initial_streams = len(streams)
    read_size = 0
    analyzed_all = False
    eof = False
    # libavformat keeps what find_stream_info read and av_read_frame returns it first
    from collections import deque
    buffered = deque()
    demuxer.packet_buffer = buffered
    from .io import interrupt
    while True:
        if interrupt.requested():
            # the interrupt callback ends the analysis where it is (not as an end of file)
            log.debug("interrupted\n")
            break
        i = 0
        for i, st in enumerate(streams):
            inf = _info(st)
            if not _has_params(st, inf):
                break
            fps_count = 20
            if _q2d(st.time_base) > 0.0005:
                fps_count *= 2
            if not tb_unreliable(st, _avctx_tb(st)):
                fps_count = 0
            if "attached_pic" in st.disposition:
                fps_count = 0
            if not (st.r_frame_rate.num and st.avg_frame_rate.num) and st.codecpar.codec_type == "video":
                if inf.duration_count < fps_count:
                    break
            delay = inf.trial_par.video_delay if inf.trial_par is not None else st.codecpar.video_delay
            if inf.frame_delay_evidence and inf.duration_count < 2 and delay == 0:
                break
            if (not st.codecpar.extradata and st.codecpar.codec_name in EXTRACT_EXTRADATA
                    and (st.codecpar.codec_name in EXTRACTORS or not inf.codec_info_nb_frames)):
                break
            if (inf.first_dts is None and st.codecpar.codec_type in ("video", "audio")
                    and inf.codec_info_nb_frames < (1 if "attached_pic" in st.disposition else MAX_TS_PROBE)):
                break
        else:
            i = len(streams)
        if i == len(streams):
            analyzed_all = True
            # AVFMTCTX_NOHEADER demuxers (mpegts) may still reveal streams: keep reading
            if not getattr(demuxer, "noheader", False):
                break
        if read_size >= PROBESIZE:
            for j, st in enumerate(streams):
                if (not st.r_frame_rate.num and _info(st).duration_count <= 1
                        and st.codecpar.codec_type == "video"):
                    log.warning("Stream #%d: not enough frames to estimate rate; consider increasing probesize\n" % j)
            break
        try:
            pkt = demuxer.read_packet()
        except CineError:
            pkt = None
        if pkt is None:
            eof = True
            break
        st = streams[pkt.stream_index]
        inf = _info(st)
        if pkt.flags & PKT_FLAG_CORRUPT:
            # FFmpeg 5.1.9 logs this in two calls, so the repeat filter never merges it
            log.warning("Packet corrupt (stream = %d, dts = %s)"
                        % (pkt.stream_index, "NOPTS" if pkt.dts is None else pkt.dts))
            log.warning(".\n")
        _compute_pkt_fields(st, inf, pkt)
        if pkt.stream_index >= initial_streams and not inf.packets:
            st.__dict__["avctx_reset_after_first_packet"] = True
        inf.packets.append(pkt)
        buffered.append(pkt)
        if "attached_pic" not in st.disposition:
            read_size += len(pkt.data)
        if pkt.dts is not None and inf.codec_info_nb_frames > 1:
            if inf.fps_last_dts is not None and inf.fps_last_dts >= pkt.dts:
                inf.fps_first_dts = inf.fps_last_dts = None
            if (inf.fps_last_dts is not None and inf.fps_last_dts_idx > inf.fps_first_dts_idx
                    and (pkt.dts - inf.fps_last_dts) // 1000 >
                    (inf.fps_last_dts - inf.fps_first_dts) // (inf.fps_last_dts_idx - inf.fps_first_dts_idx)):
                log.warning("DTS discontinuity in stream %d: packet %d with DTS %d, packet %d with DTS %d\n"
                            % (st.index, inf.fps_last_dts_idx, inf.fps_last_dts, inf.codec_info_nb_frames, pkt.dts))
                inf.fps_first_dts = inf.fps_last_dts = None
            if inf.fps_first_dts is None:
                inf.fps_first_dts = pkt.dts
                inf.fps_first_dts_idx = inf.codec_info_nb_frames
            inf.fps_last_dts = pkt.dts
            inf.fps_last_dts_idx = inf.codec_info_nb_frames
        stop = False
        if inf.codec_info_nb_frames > 1:
            t = 0
            if st.time_base.den > 0:
                t = rescale_q(inf.codec_info_duration, st.time_base, AV_TIME_BASE_Q)
            if st.avg_frame_rate.num > 0:
                t = max(t, rescale_q(inf.codec_info_nb_frames, Rational(st.avg_frame_rate.den, st.avg_frame_rate.num),
                                     AV_TIME_BASE_Q))
            if (t == 0 and inf.codec_info_nb_frames > 30 and inf.fps_first_dts is not None
                    and inf.fps_last_dts is not None):
                t = max(t, rescale_q(inf.fps_last_dts - inf.fps_first_dts, st.time_base, AV_TIME_BASE_Q))
            limit = MAX_ANALYZE_DURATION if analyzed_all else getattr(
                demuxer, "max_stream_analyze_duration", MAX_ANALYZE_DURATION)
            if st.codecpar.codec_type == "subtitle":
                limit = 30 * AV_TIME_BASE
            if t >= limit:
                stop = True
            elif pkt.duration > 0:
                if (st.codecpar.codec_type == "subtitle" and pkt.pts is not None and st.start_time is not None
                        and pkt.pts >= st.start_time):
                    inf.codec_info_duration = min(pkt.pts - st.start_time, inf.codec_info_duration + pkt.duration)
                else:
                    inf.codec_info_duration += pkt.duration
                inf.codec_info_duration_fields += 2
        if stop:
            # the packet that reached the analyze duration went through the parser but never
            # reached the decoder (try_decode_frame comes after the check)
            st.__dict__["last_packet_parsed_only"] = True
            break
        if not st.codecpar.extradata and st.codecpar.codec_name in ("h264", "hevc"):
            from .codecs.h264.framing import extract_extradata_check
            extract_extradata_check(st.codecpar.codec_name, pkt.data, getattr(log, "sink", None))
        if not st.codecpar.extradata and st.codecpar.codec_name in EXTRACTORS:
            found = EXTRACTORS[st.codecpar.codec_name](pkt.data)
            if found:
                st.codecpar.extradata = found
        if inf.params_known:
            _echo_trial(st, inf)
        else:
            _has_params(st, inf)        # decodes what was read, in reading order
        if st.codecpar.codec_type == "video":
            rfps_add_frame(st, pkt.dts)
            if pkt.dts != pkt.pts and pkt.dts is not None and pkt.pts is not None:
                inf.frame_delay_evidence = True
        inf.codec_info_nb_frames += 1
    _run_analyzers(ctx, log)
    if eof and open_failed:
        from .openfail import open_at_eof
        open_at_eof(streams, log, {i for i in open_failed if not _info(streams[i]).params_known})
    rfps_calculate(streams, _avctx_tb)
    for st in streams:
        inf = _info(st)
        par = st.codecpar
        if par.codec_type == "video":
            if inf.codec_info_duration_fields and not st.avg_frame_rate.num and inf.codec_info_duration:
                tb = st.time_base
                if not (inf.codec_info_duration >= INT64_MAX // max(tb.num, 1) // 2
                        or inf.codec_info_duration_fields >= INT64_MAX // max(tb.den, 1)
                        or inf.codec_info_duration < 0):
                    st.avg_frame_rate = reduce(inf.codec_info_duration_fields * tb.den,
                                               inf.codec_info_duration * 2 * tb.num, 60000)
                    best_fps = 0
                    best_error = 0.01
                    for j in range(MAX_STD_TIMEBASES):
                        err = abs(_q2d(st.avg_frame_rate) / (_STD[j] / (12 * 1001)) - 1)
                        if err < best_error:
                            best_error = err
                            best_fps = _STD[j]
                    if best_fps:
                        st.avg_frame_rate = reduce(best_fps, 12 * 1001, 0x7FFFFFFF)
            if not st.r_frame_rate.num:
                tb = _avctx_tb(st)
                ticks = 2 if par.codec_name in TICKS_PER_FRAME_2 else 1
                if tb.den * st.time_base.num <= tb.num * ticks * st.time_base.den:
                    st.r_frame_rate = reduce(tb.den, tb.num * ticks, 0x7FFFFFFF)
                else:
                    st.r_frame_rate = Rational(st.time_base.den, st.time_base.num)
    hook = getattr(demuxer, "estimate_timings", None)
    (hook or estimate_timings)(ctx, log)
    ctx.codec_param_failures = []
    for st in streams:
        if st.index in open_failed:
            # the context a failed open left behind (no channel layout) is what is checked
            from .openfail import closed_par
            from .record import shallow_copy
            closed = shallow_copy(st)
            closed.codecpar = closed_par(st.codecpar)
            why = _params_missing(closed, _info(st))
            st.codecpar.info_open_failed = True
        else:
            why = _params_missing(st, _info(st))
        if why:
            ctx.codec_param_failures.append((st.index, why))
    if eof and not streams:
        # FFmpeg 5.1.9: find_stream_info keeps read_frame_internal's AVERROR_EOF unless
        # some stream has its codec parameters; with no stream at all it always fails
        from .errors import EndOfFile
        raise EndOfFile()
    compute_chapters_end(ctx)
    for st in streams:
        st.__dict__.pop("_fsi", None)


def _params_missing(st, inf: _Info) -> str | None:
    """has_codec_parameters after stream-info completion: the failure text, or None."""
    par = st.codecpar
    if par.codec_name is None and par.codec_type != "data":
        return "unknown codec"
    from .codecs import descriptors
    from .codecs.registry import analyzer
    desc = descriptors.get(par.codec_name)
    if desc and desc.has_decoder and analyzer(par.codec_name) is None:
        # cine cannot tell what that decoder would have found: assume it found it
        return None
    # found_decoder stays 0 when no packet reached the decoder, negative without a decoder
    decoder_state_ok = bool(desc and desc.has_decoder) or not inf.codec_info_nb_frames
    if getattr(inf, "open_failed", False) and inf.codec_info_nb_frames:
        decoder_state_ok = False            # try_decode_frame's failed open: found_decoder < 0
    if par.codec_type == "audio":
        if not par.frame_size and par.codec_name in ("mp1", "mp2", "mp3", "codec2"):
            return "unspecified frame size"
        if decoder_state_ok and not par.format:
            return "unspecified sample format"
        if not par.sample_rate:
            return "unspecified sample rate"
        if not par.channels:
            return "unspecified number of channels"
    elif par.codec_type == "video":
        if not par.width:
            return "unspecified size"
        if decoder_state_ok and not par.format:
            return "unspecified pixel format"
    return None


def _compute_pkt_fields(st, inf: _Info, pkt) -> None:
    """The parts of compute_pkt_fields/update_initial_timestamps that fix first timestamps."""
    par = st.codecpar
    if pkt.dts is None or pkt.pts is None:
        from .dtsguess import fill_missing_dts
        fill_missing_dts(st, inf, pkt)
    kp = None
    if par.codec_name == "h264" and getattr(st.priv, "need_parsing", 0) == 2:
        # the H.264 parser sets the codec frame rate from the first slice it parses
        kp = inf.h264_parser
        if kp is None:
            from .codecs.h264.parser import H264KeyParser
            kp = inf.h264_parser = H264KeyParser(par.extradata or b"")
        if not kp.parsed_picture:
            kp.key_frame(pkt.data)
    if pkt.duration <= 0 and par.codec_type == "video":
        num = den = 0
        got = None
        if kp is not None and kp.parsed_picture:
            # the parser's frame rate (SPS timing) decides before r_frame_rate
            from .codecs.h264.parser import parsed_frame_duration
            got = parsed_frame_duration(next(iter(kp.sps.values()), None), st.time_base)
        if got is not None:
            num, den = got
        elif st.r_frame_rate.num:
            num, den = st.r_frame_rate.den, st.r_frame_rate.num
        elif st.time_base.num * 1000 > st.time_base.den:
            num, den = st.time_base.num, st.time_base.den
        else:
            from .dtsguess import codec_framerate
            fr = codec_framerate(st)
            if fr and fr[1] * 1000 > fr[0]:
                num, den = fr[1], fr[0]
        if num and den:
            pkt.duration = rescale_rnd(1, num * st.time_base.den, den * st.time_base.num, ROUND_DOWN)
    if inf.first_dts is None and pkt.dts is not None:
        inf.first_dts = pkt.dts
        if st.start_time is None:
            if par.codec_type == "audio" or not (pkt.flags & PKT_FLAG_DISCARD):
                st.start_time = pkt.pts
            if par.codec_type == "audio" and par.sample_rate and st.start_time is not None:
                skip = getattr(st.priv, "skip_samples", 0) or 0
                st.start_time += rescale_q(skip, Rational(1, par.sample_rate), st.time_base)


def _run_analyzers(ctx, log) -> None:
    from .codecs.registry import analyzer
    for st in ctx.streams:
        fn = analyzer(st.codecpar.codec_name)
        if fn is None:
            continue
        inf = _info(st)
        msgs: list = []
        from .log import Logger
        try:
            fn(st, inf.packets, Logger(getattr(log, "component", ""), lambda c, lvl, m: msgs.append((c, lvl, m))))
        except CineError:
            pass
        if getattr(inf, "open_failed", False):
            continue            # its init failure is logged by engine/openfail.py, each time
        _replay(inf, msgs)


def _open_decoders(streams, log) -> None:
    """The decoders find_stream_info opens before reading: their init messages."""
    from .codecs.descriptors import get as descriptor
    from .codecs.registry import DECODER_INIT_LOG
    sink = getattr(log, "sink", None)
    if sink is None:
        return
    for st in streams:
        desc = descriptor(st.codecpar.codec_name)
        if desc is not None and desc.has_decoder:
            for component, level, message in DECODER_INIT_LOG.get(desc.name, ()):
                sink(component, level, message)
