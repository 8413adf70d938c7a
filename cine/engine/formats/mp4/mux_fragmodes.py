"""Fragmented-output modes of the MP4 muxer (FFmpeg 5.1.9 movenc.c mov_init behaviour): the
flags that -movflags dash and the ismv muxer imply, the option checks that follow, the
negative-CTS decode time shift and the first-sample pts realignment of DASH/ISM fragments
(ISO/IEC 14496-12 8.8; PIFF 1.1 for ISMV).
"""
from __future__ import annotations

import errno

from ...errors import CineError, Unsupported
from .mux_track import MODE_ISM

PRFT_NONE, PRFT_WALLCLOCK, PRFT_PTS = 0, 1, 2


def implied_flags(mux) -> None:
    """The flags set by the muxer kind and by dash, before anything reads them."""
    from .mux import FLAGS as F
    if mux.mode == MODE_ISM:
        mux.flags |= F["empty_moov"] | F["separate_moof"] | F["fragment"] | \
            F["negative_cts_offsets"]
    if mux.flags & F["dash"]:
        mux.flags |= F["fragment"] | F["empty_moov"] | F["default_base_moof"]
    if mux.flags & F["cmaf"]:
        mux.flags |= F["fragment"] | F["empty_moov"] | F["default_base_moof"] | \
            F["negative_cts_offsets"]
    if mux.flags & F["rtphint"]:
        raise Unsupported("-movflags rtphint (RTP hint tracks) is not implemented")


def check_flags(mux) -> None:
    """mov_init's checks after the implied flags: global_sidx wins over skip_sidx,
    omit_tfhd_offset gives way to default_base_moof, frag_interleave conflicts."""
    from .mux import FLAGS as F
    o = mux.options
    if mux.flags & F["global_sidx"] and mux.flags & F["skip_sidx"]:
        mux.log.warning("Global SIDX enabled; Ignoring skip_sidx option\n")
        mux.flags &= ~F["skip_sidx"]
    if mux.flags & F["omit_tfhd_offset"] and mux.flags & F["default_base_moof"]:
        mux.flags &= ~F["omit_tfhd_offset"]
    interleave = _int(o.get("frag_interleave"), 0)
    if interleave and mux.flags & (F["omit_tfhd_offset"] | F["separate_moof"]):
        mux.log.error("Sample interleaving in fragments is mutually exclusive with "
                      "omit_tfhd_offset and separate_moof\n")
        raise CineError(code=-errno.EINVAL)
    mux.ism_lookahead = _int(o.get("ism_lookahead"), 0)
    mux.frag_interleave = interleave
    prft = o.get("write_prft")
    mux.write_prft = {"wallclock": PRFT_WALLCLOCK, "pts": PRFT_PTS}.get(prft, None)
    if mux.write_prft is None:
        mux.write_prft = _int(prft, PRFT_NONE)


def _int(text, default: int) -> int:
    if text is None:
        return default
    try:
        return int(text, 0)
    except ValueError:
        return default


def ism_timescale(mux, trk) -> None:
    """PIFF recommends 10 MHz track timescales; a user-set video timescale is kept."""
    if mux.mode != MODE_ISM:
        return
    video = trk.par.codec_type == "video"
    if video and mux.video_track_timescale:
        return
    trk.timescale = 10000000


def shift_dts(mux, trk, pkt) -> None:
    """negative_cts_offsets: every dts moves by the first packet's pts - dts, so that the
    first sample's composition offset is zero (and later ones may be negative)."""
    if trk.dts_shift is None:
        trk.dts_shift = pkt.pts - pkt.dts
    pkt.dts += trk.dts_shift


def realign_pts(mux, trk, pkt) -> None:
    """First packet of a later fragment with DASH sidx or ISM tfxd boxes: the pts follows
    the end time already written, so that the timelines of fragments line up."""
    from .mux import FLAGS as F
    if (mux.flags & F["dash"] and not mux.flags & (F["global_sidx"] | F["skip_sidx"])) \
            or mux.mode == MODE_ISM:
        pkt.pts = pkt.dts + trk.end_pts - (trk.start_dts + trk.track_duration)


def write_reserved_moov(mux, moov_pos: int) -> None:
    """-moov_size: the moov goes into the space reserved after the ftyp, the rest of it
    becomes a free box; too small a space is an error once the moov is written."""
    from .mux_boxes import write_moov
    pb = mux.pb
    pb.seek(mux.reserved_header_pos)
    pb.write(write_moov(mux))
    size = mux.reserved_moov_size - (pb.tell() - mux.reserved_header_pos)
    if size < 8:
        mux.log.error("reserved_moov_size is too small, needed %d additional\n" % (8 - size))
        raise CineError(code=-errno.EINVAL)
    pb.wb32(size)
    pb.write(b"free")
    pb.write(bytes(size - 8))
    pb.seek(moov_pos)
