"""Decoding one H.264 picture whose slice headers are read: allocate the kernel state
(layout.picture_arrays) and the planes, parse and reconstruct every slice (CAVLC or CABAC
kernel, then recon_jit), deblock the picture, crop it and make the VideoFrame.

A picture that may be referenced or predicts from others (the decoder's `dpb` set) is decoded
into its slot of the decoded picture buffer's pool (`refs`), in decoding order; its P slices
go through motion vector prediction (`mvpred_jit`; B slices `mvpred_b_jit`, which reads the
co-located picture's motion kept on its RefPicture) and inter prediction (`inter_pred_jit`)
before reconstruction. Without a pool (only intra pictures reach the decoder: -skip_frame
nokey and the like) `decode_picture` touches nothing but its job, so pictures can be decoded
on worker threads (the kernels release the GIL).

Error concealment is simple: macroblocks no slice decoded (damaged or missing slices) are
copied from the same place of the most recent reference picture when there is one, and left
black otherwise.
"""
from __future__ import annotations

import numpy as np

from ...errors import LimitExceeded, Unsupported
from ...frame import VideoFrame
from . import layout as L
from .ps_decode import check_decodable
from .refs import MAX_REFS
from .slice_decode import SLICE_B, SLICE_P

# the largest picture decoded (Level 6.2 MaxFS, 8192x4320): the per-macroblock state costs
# about 2 KB a macroblock, allocated before any slice data is read
MAX_PICTURE_MBS = 139264


class SliceJob:
    """A slice to decode: its RBSP (numpy copy), header, PPS and LevelScale tables; for an
    inter slice its reference lists as the kernels take them (ref_slot[list, ref_idx]: pool
    slot, ref_ids[list, ref_idx]: picture identity, entry 32 = -1; weights: inter_pred_jit's;
    for a B slice the bi-prediction mode, the implicit weights, the co-located picture and the
    direct-mode parameters of mvpred_b_jit)."""
    __slots__ = ("data", "sh", "pps", "levelscale4", "levelscale8", "ref_slot", "ref_ids",
                 "weights", "mode", "implicit", "col", "b_params", "dsf")

    def __init__(self, rbsp: bytes, sh, pps, scales) -> None:
        self.data = np.frombuffer(rbsp, np.uint8).copy()
        self.sh = sh
        self.pps = pps
        self.levelscale4, self.levelscale8 = scales
        self.ref_slot = self.ref_ids = self.weights = None
        self.mode = 0
        self.implicit = self.col = self.b_params = self.dsf = None

    def set_references(self, lists, pred_weight_table, poc: int = 0, bipred_idc: int = 0,
                       spatial: bool = False, inference: bool = False) -> None:
        """The slice's RefPicList0 and RefPicList1 (RefPictures; the second empty for a P
        slice) and its pred_weight_table (or None); for a B slice the current POC, the PPS's
        weighted_bipred_idc, direct_spatial_mv_pred_flag and direct_8x8_inference_flag."""
        from .inter_pred_jit import W_CB, W_CHROMA_DENOM, W_CR, W_LUMA, W_LUMA_DENOM, W_ON, W_STRIDE
        self.ref_slot = np.full((2, MAX_REFS), -1, np.int32)
        self.ref_ids = np.full((2, MAX_REFS + 1), -1, np.int32)
        self.weights = np.zeros((2, MAX_REFS, W_STRIDE), np.int32)
        self.implicit = np.full((MAX_REFS, MAX_REFS), 32, np.int32)
        for lst, refs in enumerate(lists):
            for i, ref in enumerate(refs[:MAX_REFS]):
                self.ref_slot[lst, i] = ref.slot
                self.ref_ids[lst, i] = ref.serial
        if pred_weight_table is not None:
            (luma_denom, chroma_denom), entries = pred_weight_table
            for lst in range(min(2, len(entries))):
                for i, (luma, chroma) in enumerate(entries[lst][:MAX_REFS]):
                    w = self.weights[lst, i]
                    w[W_ON] = 1
                    w[W_LUMA_DENOM] = luma_denom
                    w[W_CHROMA_DENOM] = chroma_denom
                    w[W_LUMA:W_LUMA + 2] = luma if luma is not None else (1 << luma_denom, 0)
                    c = chroma if chroma is not None else (1 << chroma_denom, 0) * 2
                    w[W_CB:W_CB + 2] = c[0:2]
                    w[W_CR:W_CR + 2] = c[2:4]
        l0, l1 = lists
        if not l1:
            return
        from .mvpred_b_jit import BP_COL_SHORT, BP_INFERENCE, BP_SPATIAL, BP_STRIDE
        self.col = l1[0]
        self.b_params = np.zeros(BP_STRIDE, np.int64)
        self.b_params[BP_SPATIAL] = spatial
        self.b_params[BP_INFERENCE] = inference
        self.b_params[BP_COL_SHORT] = not l1[0].long_term
        self.dsf = np.full(MAX_REFS + 1, 256, np.int32)
        for i, ref in enumerate(l0[:MAX_REFS]):
            td = _clip_int8(l1[0].poc - ref.poc)
            if not ref.long_term and td:
                tx = _div(16384 + (abs(td) >> 1), td)
                tb = _clip_int8(poc - ref.poc)
                self.dsf[i] = max(-1024, min(1023, (tb * tx + 32) >> 6))
        if bipred_idc == 1:
            self.mode = 1
        elif bipred_idc == 2:
            if len(l0) == 1 and len(l1) == 1 and l0[0].poc + l1[0].poc == 2 * poc:
                return                  # the reference's shortcut: plain averages
            self.mode = 2
            for i0, r0 in enumerate(l0[:MAX_REFS]):
                for i1, r1 in enumerate(l1[:MAX_REFS]):
                    td = _clip_int8(r1.poc - r0.poc)
                    if r0.long_term or r1.long_term or not td:
                        continue
                    tb = _clip_int8(poc - r0.poc)
                    d = (tb * _div(16384 + (abs(td) >> 1), td) + 32) >> 8
                    if -64 <= d <= 128:
                        self.implicit[i0, i1] = 64 - d


def _clip_int8(v: int) -> int:
    return max(-128, min(127, v))


def _div(a: int, b: int) -> int:
    """C's integer division (truncating toward zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class PictureJob:
    """A picture's slices with what its frame carries (timestamps, key flag)."""
    __slots__ = ("sps", "frame_num", "key", "pts", "dts", "duration", "time_base", "recovered",
                 "slices", "errors", "dpb", "cur", "conceal", "frame", "first_sh", "poc", "epoch", "wanted",
                 "reset", "forget_pocs")

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
        self.dpb = None        # the DecodedPictureBuffer whose pool the picture is decoded into
        self.cur = None        # its RefPicture (slot) there
        self.conceal = -1      # pool slot that concealment copies from (-1: none)
        self.forget_pocs = False   # a reference list lacked an entry (see H264Decoder._finish)
        self.frame = None      # the VideoFrame, once decoded
        self.first_sh = None   # the first slice's header (reference marking reads it)
        self.poc = 0           # PicOrderCnt
        self.epoch = 0         # pictures with the same epoch share an IDR (or MMCO 5) period
        self.wanted = True     # False: decoded as a reference only, never output
        self.reset = False     # an MMCO 5 picture (or a POC jump): output order restarts


def decode_picture(job: PictureJob) -> VideoFrame:
    """Decode, deblock and crop one picture. Unsupported when a slice holds a macroblock the
    decoder does not decode; damaged slices keep what decoded (noted in job.errors)."""
    from . import deblock_jit
    sps = job.sps
    mbs = sps.mb_width * sps.mb_height
    a = L.picture_arrays(sps.mb_width, sps.mb_height, max(1, min(mbs, len(job.slices))))
    h, w = 16 * sps.mb_height, 16 * sps.mb_width
    # 4:0:0 pictures carry neutral chroma (as the reference's yuv420p output does); 4:2:0
    # chroma is written for every decoded macroblock
    neutral = 128 if sps.chroma_format_idc == 0 else 0
    if job.cur is not None:
        pool = job.dpb.pool
        Y = pool[0][job.cur.slot]
        Y[:] = 0
        if sps.chroma_format_idc == 1:
            Cb, Cr = pool[1][job.cur.slot], pool[2][job.cur.slot]
            Cb[:] = 0
            Cr[:] = 0
        else:
            Cb = np.full((h // 2, w // 2), neutral, np.uint8)
            Cr = np.full((h // 2, w // 2), neutral, np.uint8)
    else:
        pool = None
        # (np.zeros: fresh zero pages, not a pass of writes as np.full's)
        Y = np.zeros((h, w), np.uint8)
        Cb, Cr = (np.full((h // 2, w // 2), neutral, np.uint8) if neutral
                  else np.zeros((h // 2, w // 2), np.uint8) for _ in range(2))
    for index, sl in enumerate(job.slices[:mbs]):
        _decode_slice(job, a, index, sl, Y, Cb, Cr, pool)
    if pool is not None and job.conceal >= 0:
        _conceal(job, a["mb_kind"], Y, Cb, Cr, pool)
    rc = deblock_jit.deblock_picture_inter(sps.mb_width, sps.mb_height, sps.chroma_format_idc,
                                           a["mb_kind"], a["mb_qp"], a["mb_slice"],
                                           a["slice_params"], a["nnz"], a["ref_pic"], a["mv"],
                                           Y, Cb, Cr)
    if rc:
        job.errors.append("deblocking failed (%d)" % rc)
    if job.cur is not None:
        # what later B pictures read of this one as their co-located picture
        job.cur.motion = ((a["mb_kind"] <= L.KIND_IPCM).astype(np.uint8), a["ref_idx"], a["mv"],
                          a["ref_pic"])
    w = 16 * sps.mb_width - sps.crop_left - sps.crop_right
    h = 16 * sps.mb_height - sps.crop_top - sps.crop_bottom
    top, left = sps.crop_top, sps.crop_left
    planes = (Y[top:top + h, left:left + w],
              Cb[top // 2:(top + h) // 2, left // 2:(left + w) // 2],
              Cr[top // 2:(top + h) // 2, left // 2:(left + w) // 2])
    if pool is not None or left or w != Y.shape[1]:
        # copies: the pool's planes are overwritten once the picture is no longer a
        # reference (a picture of its own is handed out as it is when its rows stay whole)
        planes = tuple(np.array(p) for p in planes)
    full = sps.full_range == 1
    last = job.slices[-1].sh.slice_type if job.slices else None
    kind = "B" if last == SLICE_B else ("P" if last == SLICE_P else "I")
    return VideoFrame(planes, w, h, "yuvj420p" if full else "yuv420p", pts=job.pts,
                      duration=job.duration, time_base=job.time_base, key=job.key,
                      pict_type=kind, sar=sps.sar,
                      color_range="pc" if full else "tv", pkt_dts=job.dts)


def _conceal(job: PictureJob, mb_kind, Y, Cb, Cr, pool) -> None:
    """Macroblocks no slice decoded: the co-located samples of the concealment reference."""
    sps = job.sps
    missing = (mb_kind == L.KIND_NONE).reshape(sps.mb_height, sps.mb_width)
    if not missing.any():
        return
    job.errors.append("concealing %d macroblocks" % int(missing.sum()))
    src = job.conceal
    mask = np.repeat(np.repeat(missing, 16, 0), 16, 1)
    np.copyto(Y, pool[0][src], where=mask)
    if sps.chroma_format_idc == 1:
        mask = np.repeat(np.repeat(missing, 8, 0), 8, 1)
        np.copyto(Cb, pool[1][src], where=mask)
        np.copyto(Cr, pool[2][src], where=mask)


def _decode_slice(job: PictureJob, a: dict, index: int, sl: SliceJob, Y, Cb, Cr, pool) -> None:
    from . import recon_jit
    sps, sh, pps = job.sps, sl.sh, sl.pps
    inter = sh.slice_type in (SLICE_P, SLICE_B)
    if inter and (pool is None or sl.ref_slot is None):
        job.errors.append("inter slice %d without reference pictures" % index)
        return
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
    si[L.SI_NUM_REF_L0] = sh.num_ref_idx_active[0]
    si[L.SI_NUM_REF_L1] = sh.num_ref_idx_active[1]
    si[L.SI_DIRECT_8X8] = sps.direct_8x8_inference
    sp = a["slice_params"][index]
    sp[L.SP_DISABLE_DEBLOCK] = sh.disable_deblocking_filter_idc
    sp[L.SP_FILTER_OFFSET_A] = 2 * sh.slice_alpha_c0_offset_div2
    sp[L.SP_FILTER_OFFSET_B] = 2 * sh.slice_beta_offset_div2
    sp[L.SP_CHROMA_QP_OFFSET] = pps.chroma_qp_index_offset
    sp[L.SP_CHROMA_QP_OFFSET2] = pps.second_chroma_qp_index_offset
    sp[L.SP_CONSTRAINED_INTRA] = pps.constrained_intra_pred
    arrays = (a["mb_kind"], a["mb_slice"], a["mb_qp"], a["mb_cbp"], a["mb_i16_mode"],
              a["mb_chroma_mode"], a["luma_modes"], a["nnz"], a["cbf_dc"], a["coeffs"],
              a["mb_part"], a["sub_part"], a["ref_idx"], a["mvd"])
    if pps.entropy_coding_mode:
        from . import cabac_jit
        got = cabac_jit.parse_slice_cabac_inter(sl.data, sh.data_bit >> 3, si, *arrays)
    else:
        from . import cavlc_jit
        got = cavlc_jit.parse_slice_cavlc_inter(sl.data, sh.data_bit, sh.stop_bit, si, *arrays)
    if got == L.ERR_UNSUPPORTED:
        raise Unsupported("H.264 macroblock type outside I, P and B decoding")
    if got < 0:
        # decoded up to the error: the macroblocks the parser finished stay
        got = int(np.count_nonzero(a["mb_slice"] == index))
        job.errors.append("error while decoding slice %d at MB %d" % (index, sh.first_mb + got))
    if got <= 0:
        return
    first, end = sh.first_mb, sh.first_mb + got
    if inter:
        from . import inter_pred_jit
        if sh.slice_type == SLICE_B:
            from . import mvpred_b_jit
            col = sl.col.motion if sl.col.motion is not None else _no_motion(a)
            rc = mvpred_b_jit.predict_motion_b(first, got, sps.mb_width, a["mb_kind"],
                                               a["mb_slice"], a["mb_part"], a["sub_part"],
                                               a["ref_idx"], a["mvd"], a["mv"], sl.b_params,
                                               col[0], col[1], col[2], col[3], sl.ref_ids[0],
                                               sl.dsf)
        else:
            from . import mvpred_jit
            rc = mvpred_jit.predict_motion(first, got, sps.mb_width, a["mb_kind"], a["mb_slice"],
                                           a["mb_part"], a["sub_part"], a["ref_idx"], a["mvd"],
                                           a["mv"])
        if rc == 0:
            ri = a["ref_idx"][first:end].astype(np.int64) % (MAX_REFS + 1)
            for lst in range(2):
                a["ref_pic"][first:end, lst] = sl.ref_ids[lst][ri[:, lst]]
            rc = inter_pred_jit.predict_inter_slice(first, got, sps.mb_width,
                                                    sps.chroma_format_idc, sl.mode, a["mb_kind"],
                                                    a["ref_idx"], a["mv"], sl.ref_slot,
                                                    sl.weights, sl.implicit, pool[0], pool[1],
                                                    pool[2], Y, Cb, Cr)
        if rc:
            job.errors.append("inter prediction failed (%d) in slice %d" % (rc, index))
            a["mb_kind"][first:end] = L.KIND_NONE      # concealed instead
            return
    rc = recon_jit.reconstruct_slice(first, got, sps.mb_width, sps.chroma_format_idc,
                                     a["mb_kind"], a["mb_slice"], a["mb_qp"], a["mb_cbp"],
                                     a["mb_i16_mode"], a["mb_chroma_mode"], a["luma_modes"],
                                     a["nnz"], a["coeffs"], a["slice_params"],
                                     sl.levelscale4, sl.levelscale8, Y, Cb, Cr)
    if rc:
        job.errors.append("reconstruction failed (%d) in slice %d" % (rc, index))


def _no_motion(a: dict) -> tuple:
    """A co-located picture without motion (never decoded): every macroblock intra."""
    mbs = a["mb_kind"].shape[0]
    return (np.ones(mbs, np.uint8), np.full((mbs, 2, 4), -1, np.int8),
            np.zeros((mbs, 2, 16, 2), np.int32), np.full((mbs, 2, 4), -1, np.int32))
