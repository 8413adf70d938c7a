"""Input-side steps ffmpeg 5.1.9 performs when it opens an input for a job
(ffmpeg_opt.c open_input_file / add_input_streams): the guessed channel layouts and the
input -ss seek."""
from __future__ import annotations

from ..log import Logger, Sink
from ..model import AV_TIME_BASE, FormatContext


def guess_input_channel_layouts(ctx: FormatContext, file_index: int, sink: Sink | None = None) -> None:
    """ffmpeg_opt.c add_input_streams -> guess_input_channel_layout: every audio stream of an
    input with an unspecified layout gets the default layout for its channel count, with the
    warning "Guessed Channel Layout for Input Stream #F.S : LAYOUT". The face calls this right
    after opening an input (before the input dump, which shows the guessed layout); Remux
    applies it silently to inputs where it was not done."""
    from ..chlayout import default_layout
    log = Logger("", sink)
    for st in ctx.streams:
        par = st.codecpar
        if par.codec_type != "audio" or par.channel_layout is not None or par.channels <= 0:
            continue
        layout = default_layout(par.channels)
        if layout is None:
            continue
        par.channel_layout = layout
        log.warning("Guessed Channel Layout for Input Stream #%d.%d : %s\n"
                    % (file_index, st.index, layout))


_SEEK_TO_PTS = {"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "mxf", "nut", "dhav"}


def seek_input(inp, spec, sink: Sink | None = None) -> int:
    """open_input_file's input -ss: avformat_seek_file(ic, -1, INT64_MIN, ts, ts, 0) to
    -ss + the input's start time (less 3/23 s when a stream has B-frame delay and the format
    does not seek to pts). Logs "FILE: could not seek to position N.NNN" (warning) on failure.
    The face calls it right after opening the input, before the input dump; Remux calls it
    for inputs where it was not done. Returns 0 or the negative error."""
    if spec.start_time is None or getattr(inp, "_cine_seeked", False):
        return 0
    inp._cine_seeked = True
    ic = inp.ctx
    timestamp = spec.start_time
    if ic.start_time is not None:
        timestamp += ic.start_time
    seek_ts = timestamp
    if not set(ic.format_name.split(",")) & _SEEK_TO_PTS and \
            any(st.codecpar.video_delay for st in ic.streams):
        seek_ts -= 3 * AV_TIME_BASE // 23
    from .. import seek as _seek
    # min_ts = INT64_MIN, max_ts = ts: always a backward seek, no retry
    ret = _seek._seek_frame(inp, seek_ts, _seek.SEEK_FLAG_BACKWARD)
    if ret >= 0:
        _seek._queue_attached_pictures(inp)
        return 0
    Logger("", sink).warning("%s: could not seek to position %0.3f\n"
                             % (ic.filename, timestamp / AV_TIME_BASE))
    return ret
