"""Audio decoders whose init only fixes the output format (FFmpeg 5.1.9): what opening them
in avformat_find_stream_info leaves in the codec parameters (gsm, mace, adpcm_ima_qt...)."""
from __future__ import annotations

from .. import chlayout as CL
from .bits_per_sample import apply_open_bit_rate

# codec name -> (sample_fmt, forces mono, default rate when the container gave none)
DECODERS: dict[str, tuple[str, bool, int]] = {
    "adpcm_ima_qt": ("s16p", False, 0),
    "gsm": ("s16", True, 8000),
    "gsm_ms": ("s16", True, 8000),
    "mace3": ("s16p", False, 0),
    "mace6": ("s16p", False, 0),
    "qdm2": ("s16", False, 0),
    "qdmc": ("s16", False, 0),
    "ilbc": ("s16", False, 0),
}


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    entry = DECODERS.get(par.codec_name or "")
    if entry is None:
        return
    fmt, mono, rate = entry
    if par.codec_name in ("mace3", "mace6", "adpcm_ima_qt") and not 1 <= par.channels <= 2:
        par.decoder_open_failed = True
        return
    if mono:
        par.channels, par.channel_layout = 1, CL.describe(CL.MONO)
    if rate and not par.sample_rate:
        par.sample_rate = rate
    par.format = fmt
    apply_open_bit_rate(par)
