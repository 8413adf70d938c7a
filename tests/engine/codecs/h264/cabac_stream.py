"""Test side: a minimal Annex B reader and I-slice header parser (the fields libx264's intra
streams use) that hands each CABAC slice to `cabac_jit.parse_slice_cabac`, and the per-MB
"QP type" grid FFmpeg prints with `-debug mb_type+qp`."""
import numpy as np

from cine.engine.bitstream.bitreader import BitReader, unescape_rbsp
from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.cabac_jit import parse_slice_cabac
from cine.engine.codecs.h264.sps import parse_sps


def nal_units(data):
    out, i = [], data.find(b"\x00\x00\x01")
    while i >= 0:
        j = data.find(b"\x00\x00\x01", i + 3)
        nal = data[i + 3:j if j >= 0 else len(data)]
        out.append(nal.rstrip(b"\x00") if j >= 0 else nal)
        i = j
    return out


def _more_rbsp_data(br, rbsp):
    last = len(rbsp) - 1
    while last >= 0 and rbsp[last] == 0:
        last -= 1
    if last < 0:
        return False
    stop = 8 * last + 7 - (rbsp[last] & -rbsp[last]).bit_length() + 1
    return br.pos < stop


def parse_pps(nal):
    rbsp = unescape_rbsp(nal[1:])
    br = BitReader(rbsp)
    pps = {"id": br.ue(), "sps": br.ue(), "cabac": br.flag()}
    pps["poc_present"] = br.flag()
    assert br.ue() == 0                 # no slice groups
    br.ue()
    br.ue()
    br.u(3)
    pps["init_qp"] = 26 + br.se()
    br.se()
    br.se()
    pps["deblock_present"] = br.flag()
    pps["constrained_intra"] = br.flag()
    pps["redundant"] = br.flag()
    pps["t8x8"] = br.flag() if _more_rbsp_data(br, rbsp) else False
    return pps


def slices(data):
    """(rbsp uint8 array, bytepos, si int32 array, sps) for each slice, in stream order."""
    spss, ppss, out = {}, {}, []
    index = 0
    for nal in nal_units(data):
        t = nal[0] & 31
        if t == 7:
            sps = parse_sps(nal)
            spss[sps.sps_id] = sps
        elif t == 8:
            pps = parse_pps(nal)
            ppss[pps["id"]] = pps
        elif t in (1, 5):
            rbsp = unescape_rbsp(nal[1:])
            br = BitReader(rbsp)
            first_mb, slice_type, pps = br.ue(), br.ue() % 5, ppss[br.ue()]
            sps = spss[pps["sps"]]
            br.u(sps.log2_max_frame_num)
            assert sps.frame_mbs_only
            if t == 5:
                br.ue()
            if sps.poc_type == 0:
                br.u(sps.log2_max_poc_lsb)
                if pps["poc_present"]:
                    br.se()
            elif sps.poc_type == 1 and not sps.delta_pic_order_always_zero:
                br.se()
                if pps["poc_present"]:
                    br.se()
            if pps["redundant"]:
                br.ue()
            assert slice_type == 2
            if nal[0] & 0x60:
                if t == 5:
                    br.u(2)
                else:
                    assert not br.flag()
            qp = pps["init_qp"] + br.se()
            if pps["deblock_present"] and br.ue() != 1:
                br.se()
                br.se()
            if first_mb == 0:
                index = 0
            si = np.zeros(L.SI_STRIDE, np.int32)
            si[L.SI_FIRST_MB] = first_mb
            si[L.SI_MB_WIDTH] = sps.mb_width
            si[L.SI_MB_HEIGHT] = sps.mb_height
            si[L.SI_SLICE_QP] = qp
            si[L.SI_SLICE_INDEX] = index
            si[L.SI_TRANSFORM_8X8] = pps["t8x8"]
            si[L.SI_CONSTRAINED_INTRA] = pps["constrained_intra"]
            si[L.SI_CHROMA_FORMAT] = sps.chroma_format_idc
            si[L.SI_SLICE_TYPE] = slice_type
            index += 1
            assert pps["cabac"]
            out.append((np.frombuffer(bytearray(rbsp), np.uint8), (br.pos + 7) >> 3, si, sps))
    return out


def parse_pictures(data):
    """Parses every slice; yields (picture arrays, [(first_mb, macroblocks decoded)]) per picture."""
    pic, spans = None, []
    for rbsp, bytepos, si, sps in slices(data):
        if si[L.SI_FIRST_MB] == 0:
            if pic is not None:
                yield pic, spans
            pic, spans = L.picture_arrays(sps.mb_width, sps.mb_height, 64), []
        n = parse_slice_cabac(rbsp, bytepos, si, pic["mb_kind"], pic["mb_slice"], pic["mb_qp"],
                              pic["mb_cbp"], pic["mb_i16_mode"], pic["mb_chroma_mode"],
                              pic["luma_modes"], pic["nnz"], pic["cbf_dc"], pic["coeffs"])
        spans.append((int(si[L.SI_FIRST_MB]), int(n)))
    if pic is not None:
        yield pic, spans


TYPE_CHARS = {L.KIND_I4x4: "i", L.KIND_I8x8: "i", L.KIND_I16x16: "I", L.KIND_IPCM: "P"}


def grid(pic, mb_width):
    """FFmpeg's -debug mb_type+qp rows: '%2d' QP, the type letter, two spaces."""
    cells = ["%2d%s  " % (q, TYPE_CHARS.get(int(k), "?")) for q, k in zip(pic["mb_qp"], pic["mb_kind"])]
    return ["".join(cells[i:i + mb_width]).rstrip() for i in range(0, len(cells), mb_width)]
