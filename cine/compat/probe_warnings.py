"""The warning avformat_find_stream_info ends with for streams it could not complete
("Could not find codec parameters for stream N (...): reason" + the analyzeduration hint),
rendered here because it embeds avcodec_string, which lives in compat (libavformat/demux.c)."""
from __future__ import annotations

from .dump_codec import codec_string

WARNING = 24
# FFmpeg 5.1.9 (Debian build): the decoder avcodec_find_decoder() opens, where its name
# differs from the codec's (avcodec_string then shows it in parentheses)
DEFAULT_DECODER = {"mp3": "mp3float", "mp2": "mp2float", "mp1": "mp1float", "av1": "libdav1d"}


def codec_param_failures(ctx, probesize: int = 5_000_000, analyzeduration: int = 0) -> list[tuple[int, str]]:
    """(level, text) messages, one per stream the engine recorded in ctx.codec_param_failures."""
    out = []
    for index, reason in getattr(ctx, "codec_param_failures", ()):
        par = ctx.streams[index].codecpar
        if getattr(par, "info_open_failed", False):
            # FFmpeg 5.1.9: the context a failed decoder open left has no channel layout
            from ..engine.openfail import closed_par
            par = closed_par(par)
        desc = codec_string(par, decoder=DEFAULT_DECODER.get(par.codec_name or ""))
        out.append((WARNING, "Could not find codec parameters for stream %d (%s): %s\n"
                             "Consider increasing the value for the 'analyzeduration' (%d) and "
                             "'probesize' (%d) options\n" % (index, desc, reason, analyzeduration, probesize)))
    return out
