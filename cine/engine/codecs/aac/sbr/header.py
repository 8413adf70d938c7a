"""sbr_header() (ISO/IEC 14496-3 table 4.63) and the band table reset it may cause."""
from __future__ import annotations

from . import freq_tables as F
from .context import SbrContext


def read_header(sbr: SbrContext, br) -> int:
    """Parse a header into `sbr` (flagging sbr.reset when the spectrum parameters change);
    the bits it took."""
    pos = br.pos
    sbr.start = 1
    sbr.ready = 0
    old = sbr.spectrum
    old_limiter = sbr.limiter_bands
    sbr.amp_res_header = br.u(1)
    start = br.u(4)
    stop = br.u(4)
    xover = br.u(3)
    br.u(2)                                     # bs_reserved
    extra1 = br.u(1)
    extra2 = br.u(1)
    if extra1:
        freq_scale = br.u(2)
        alter_scale = br.u(1)
        noise_bands = br.u(2)
    else:
        freq_scale, alter_scale, noise_bands = 2, 1, 2
    sbr.spectrum = (start, stop, xover, freq_scale, alter_scale, noise_bands)
    if sbr.spectrum != old:
        sbr.reset = 1
    if extra2:
        sbr.limiter_bands = br.u(2)
        sbr.limiter_gains = br.u(2)
        sbr.interpol_freq = br.u(1)
        sbr.smoothing = br.u(1)
    else:
        sbr.limiter_bands, sbr.limiter_gains, sbr.interpol_freq, sbr.smoothing = 2, 2, 1, 1
    if sbr.limiter_bands != old_limiter and not sbr.reset and sbr.tables is not None:
        F.limiter_table(sbr.tables, sbr.kx[1], sbr.limiter_bands)
    return br.pos - pos


def reset(sbr: SbrContext, log) -> None:
    """sbr_reset: new band tables from the spectrum parameters, or pure upsampling."""
    try:
        sbr.tables, sbr.kx[1], sbr.m[1] = F.derive(sbr.sample_rate, sbr.spectrum,
                                                   sbr.limiter_bands)
    except F.BandError as exc:
        log.error(exc.args[0])
        log.error("SBR reset failed. Switching SBR to pure upsampling mode.\n")
        sbr.turnoff()
        return
    if sbr.mem is not None:
        sbr.mem.reset_noise_index()
