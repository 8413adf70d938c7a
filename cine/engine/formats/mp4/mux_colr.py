"""The optional colour boxes of the MP4/MOV video sample entry (FFmpeg 5.1.9 movenc.c):
-movflags write_gama (QuickTime 'gama', the gamma of the transfer characteristic or
-mov_gamma) and the ICC-profile form of 'colr' (ISO/IEC 14496-12 12.1.5, colour_type prof)
that -movflags write_colr / prefer_icc choose.
"""
from __future__ import annotations

import struct

from .mux_track import MODE_MOV

# avpriv_get_gamma_from_trc
TRC_GAMMA = {"bt709": 1.961, "smpte170m": 1.961, "smpte240m": 1.961, "bt1361e": 1.961,
             "bt2020-10": 1.961, "bt2020-12": 1.961, "bt470m": 2.2, "iec61966-2-1": 2.2,
             "bt470bg": 2.8, "linear": 1.0}


def _float32(v: float) -> float:
    return struct.unpack("<f", struct.pack("<f", v))[0]


def write_gama(bb, mux, trk) -> None:
    if trk.mode != MODE_MOV:
        mux.log.warning("Not writing 'gama' atom. Format is not MOV.\n")
        return
    try:
        gamma = _float32(float(mux.options.get("mov_gamma", "0")))
    except ValueError:
        gamma = 0.0
    if gamma <= 0.0:
        gamma = TRC_GAMMA.get(trk.par.color_transfer or "", 0.0)
    mux.log.debug("gamma value %g\n" % gamma)
    if gamma > 1e-6:
        gama = int(round_half_even(65536 * gamma)) & 0xFFFFFFFF
        mux.log.debug("writing gama value %d\n" % gama)
        bb.wb32(12)
        bb.write(b"gama")
        bb.wb32(gama)
    else:
        mux.log.warning("gamma value unknown, unable to write gama atom\n")


def round_half_even(x: float) -> float:
    """lrint in the default rounding mode (to nearest, ties to even)."""
    return round(x)


def icc_colr(bb, mux, icc) -> bool:
    """The 'prof' colr box from the stream's ICC profile; False (after the reference's
    note) when the stream has none, and the nclx/nclc form follows."""
    if icc is None:
        mux.log.sink("", 32, "no ICC profile found, will write nclx/nclc colour info instead\n")
        return False
    data = bytes(icc.data)
    bb.wb32(12 + len(data))
    bb.write(b"colr")
    bb.write(b"prof")
    bb.write(data)
    return True
