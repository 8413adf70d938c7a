"""AMR-NB / AMR-WB stream facts after avformat_find_stream_info (FFmpeg 5.1.9 amrnb/amrwb
decoder init, 3GPP TS 26.071 / 26.171 speech codecs): fltp output, mono when the container
gave no channel count, 8000/16000 Hz when it gave no rate; more than two channels is refused.
"""
from __future__ import annotations

from ... import chlayout as CL
from ...log import Logger
from ..missing import missing_feature

DEFAULT_RATE = {"amr_nb": 8000, "amr_wb": 16000}


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    if par.channels > 2:
        Logger("amrnb" if par.codec_name == "amr_nb" else "amrwb",
               getattr(log, "sink", None)).warning(missing_feature(">2 channel AMR")[0])
        par.decoder_open_failed = True
        return
    if not par.channels:
        par.channels, par.channel_layout = 1, CL.describe(CL.MONO)
    if not par.sample_rate:
        par.sample_rate = DEFAULT_RATE.get(par.codec_name or "", 8000)
    par.format = "fltp"
