"""ADPCM stream facts after avformat_find_stream_info (FFmpeg 5.1.9 adpcm.c decoder init):
the channel limits each variant accepts and the sample format it outputs (planar for the
block-interleaved variants, Microsoft ADPCM planar above two channels)."""
from __future__ import annotations

from ..log import Logger
from .bits_per_sample import apply_open_bit_rate

_MAX6 = {"adpcm_afc", "adpcm_ea_r1", "adpcm_ea_r2", "adpcm_ea_r3", "adpcm_ea_xas", "adpcm_ms"}
_MAX14 = {"adpcm_ima_dat4", "adpcm_thp", "adpcm_thp_le"}
_PLANAR = {"adpcm_aica", "adpcm_ima_cunning", "adpcm_ima_dat4", "adpcm_ima_qt", "adpcm_ima_wav",
           "adpcm_4xm", "adpcm_xa", "adpcm_ea_r1", "adpcm_ea_r2", "adpcm_ea_r3", "adpcm_ea_xas",
           "adpcm_thp", "adpcm_thp_le", "adpcm_afc", "adpcm_dtk", "adpcm_psx", "adpcm_mtaf",
           "adpcm_argo", "adpcm_ima_moflex"}


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    name = par.codec_name or ""
    ch = par.channels
    lo, hi = 1, 2
    if name == "adpcm_ima_amv":
        hi = 1
    elif name in ("adpcm_dtk", "adpcm_ea"):
        lo = 2
    elif name in _MAX6:
        hi = 6
    elif name in _MAX14:
        hi = 14
    elif name in ("adpcm_mtaf", "adpcm_psx"):
        # FFmpeg 5.1.9: extra block checks for these two; not modelled, assume they pass
        lo, hi = (2, 8) if name == "adpcm_mtaf" else (1, 8)
    if not lo <= ch <= hi:
        Logger(name, getattr(log, "sink", None)).error("Invalid number of channels\n")
        par.decoder_open_failed = True
        return
    if name == "adpcm_ima_wav" and not 2 <= par.bits_per_coded_sample <= 5:
        par.decoder_open_failed = True
        return
    if name == "adpcm_zork" and par.bits_per_coded_sample != 8:
        par.decoder_open_failed = True
        return
    if name in _PLANAR:
        par.format = "s16p"
    elif name == "adpcm_ms":
        par.format = "s16p" if ch > 2 else "s16"
    else:
        par.format = "s16"
    apply_open_bit_rate(par)
