"""Decoding one H.264 picture whose slice headers are read: allocate the kernel state
(layout.picture_arrays) and the planes, parse and reconstruct every slice (CAVLC or CABAC
kernel, then recon_jit), deblock the picture, crop it and make the VideoFrame.

`decode_picture` touches nothing but its job, so pictures can be decoded on worker threads
(the kernels release the GIL); intra prediction never crosses a slice edge, and every picture
the intra decoder handles stands alone.
"""
from __future__ import annotations

import numpy as np

from ...errors import LimitExceeded, Unsupported
from ...frame import VideoFrame
from . import layout as L
from .ps_decode import check_decodable

# the largest picture decoded (Level 6.2 MaxFS, 8192x4320): the per-macroblock state costs
# about 2 KB a macroblock, allocated before any slice data is read
MAX_PICTURE_MBS = 139264


class SliceJob:
    """A slice to decode: its RBSP (numpy copy), header, PPS and LevelScale tables."""
    __slots__ = ("data", "sh", "pps", "levelscale4", "levelscale8")

    def __init__(self, rbsp: bytes, sh, pps, scales) -> None:
        self.data = np.frombuffer(rbsp, np.uint8).copy()
        self.sh = sh
        self.pps = pps
        self.levelscale4, self.levelscale8 = scales


class PictureJob:
    """A picture's slices with what its frame carries (timestamps, key flag)."""
    __slots__ = ("sps", "frame_num", "key", "pts", "dts", "duration", "time_base", "recovered",
                 "slices", "errors")

    def __init__(self, sps, frame_num: int, key: bool, pts, dts, duration, time_base) -> None:
        check_decodable(sps)
        mbs = sps.mb_width * sps.mb_height
        if mbs > MAX_PICTURE_MBS:
            raise LimitExceeded("H.264 picture of %d macroblocks" % mbs)
        self.sps = sps
        self.frame_num = frame_num
        self.key = key
        self.pts, self.dts, self.duration, self.time_base = pts, dts, duration, time_base
        self.recovered = False
        self.slices: list[SliceJob] = []
        self.errors: list[str] = []       # damage found while decoding (the caller reports it)


def decode_picture(job: PictureJob) -> VideoFrame:
    """Decode, deblock and crop one picture. Unsupported when a slice holds a macroblock the
    intra decoder does not decode; damaged slices keep what decoded (noted in job.errors)."""
    from . import deblock_jit
    sps = job.sps
    mbs = sps.mb_width * sps.mb_height
    a = L.picture_arrays(sps.mb_width, sps.mb_height, max(1, min(mbs, len(job.slices))))
    Y = np.zeros((16 * sps.mb_height, 16 * sps.mb_width), np.uint8)
    # 4:0:0 pictures carry neutral chroma (as the reference's yuv420p output does); 4:2:0
    # chroma is written for every decoded macroblock
    neutral = 128 if sps.chroma_format_idc == 0 else 0
    Cb = np.full((8 * sps.mb_height, 8 * sps.mb_width), neutral, np.uint8)
    Cr = np.full((8 * sps.mb_height, 8 * sps.mb_width), neutral, np.uint8)
    for index, sl in enumerate(job.slices[:mbs]):
        _decode_slice(job, a, index, sl, Y, Cb, Cr)
    rc = deblock_jit.deblock_picture(sps.mb_width, sps.mb_height, sps.chroma_format_idc,
                                     a["mb_kind"], a["mb_qp"], a["mb_slice"], a["slice_params"],
                                     Y, Cb, Cr)
    if rc:
        job.errors.append("deblocking failed (%d)" % rc)
    w = 16 * sps.mb_width - sps.crop_left - sps.crop_right
    h = 16 * sps.mb_height - sps.crop_top - sps.crop_bottom
    top, left = sps.crop_top, sps.crop_left
    planes = (np.ascontiguousarray(Y[top:top + h, left:left + w]),
              np.ascontiguousarray(Cb[top // 2:(top + h) // 2, left // 2:(left + w) // 2]),
              np.ascontiguousarray(Cr[top // 2:(top + h) // 2, left // 2:(left + w) // 2]))
    full = sps.full_range == 1
    return VideoFrame(planes, w, h, "yuvj420p" if full else "yuv420p", pts=job.pts,
                      duration=job.duration, time_base=job.time_base, key=job.key,
                      pict_type="I", sar=sps.sar, color_range="pc" if full else "tv",
                      pkt_dts=job.dts)


def _decode_slice(job: PictureJob, a: dict, index: int, sl: SliceJob, Y, Cb, Cr) -> None:
    from . import recon_jit
    sps, sh, pps = job.sps, sl.sh, sl.pps
    si = np.zeros(L.SI_STRIDE, np.int32)
    si[L.SI_FIRST_MB] = sh.first_mb
    si[L.SI_MB_WIDTH] = sps.mb_width
    si[L.SI_MB_HEIGHT] = sps.mb_height
    si[L.SI_SLICE_QP] = sh.qp
    si[L.SI_SLICE_INDEX] = index
    si[L.SI_TRANSFORM_8X8] = pps.transform_8x8_mode
    si[L.SI_CONSTRAINED_INTRA] = pps.constrained_intra_pred
    si[L.SI_CHROMA_FORMAT] = sps.chroma_format_idc
    si[L.SI_SLICE_TYPE] = sh.slice_type
    si[L.SI_CABAC_INIT_IDC] = sh.cabac_init_idc
    sp = a["slice_params"][index]
    sp[L.SP_DISABLE_DEBLOCK] = sh.disable_deblocking_filter_idc
    sp[L.SP_FILTER_OFFSET_A] = 2 * sh.slice_alpha_c0_offset_div2
    sp[L.SP_FILTER_OFFSET_B] = 2 * sh.slice_beta_offset_div2
    sp[L.SP_CHROMA_QP_OFFSET] = pps.chroma_qp_index_offset
    sp[L.SP_CHROMA_QP_OFFSET2] = pps.second_chroma_qp_index_offset
    arrays = (a["mb_kind"], a["mb_slice"], a["mb_qp"], a["mb_cbp"], a["mb_i16_mode"],
              a["mb_chroma_mode"], a["luma_modes"], a["nnz"], a["cbf_dc"], a["coeffs"])
    if pps.entropy_coding_mode:
        from . import cabac_jit
        got = cabac_jit.parse_slice_cabac(sl.data, sh.data_bit >> 3, si, *arrays)
    else:
        from . import cavlc_jit
        got = cavlc_jit.parse_slice_cavlc(sl.data, sh.data_bit, sh.stop_bit, si, *arrays)
    if got == L.ERR_UNSUPPORTED:
        raise Unsupported("H.264 macroblock type outside intra decoding")
    if got < 0:
        # decoded up to the error: the macroblocks the parser finished stay
        got = int(np.count_nonzero(a["mb_slice"] == index))
        job.errors.append("error while decoding slice %d at MB %d" % (index, sh.first_mb + got))
    if got > 0:
        rc = recon_jit.reconstruct_slice(sh.first_mb, got, sps.mb_width, sps.chroma_format_idc,
                                         a["mb_kind"], a["mb_slice"], a["mb_qp"], a["mb_cbp"],
                                         a["mb_i16_mode"], a["mb_chroma_mode"], a["luma_modes"],
                                         a["nnz"], a["coeffs"], a["slice_params"],
                                         sl.levelscale4, sl.levelscale8, Y, Cb, Cr)
        if rc:
            job.errors.append("reconstruction failed (%d) in slice %d" % (rc, index))
