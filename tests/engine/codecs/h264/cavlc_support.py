"""Test-side helpers for the CAVLC parser tests: a bit writer for hand-made slice data, a
minimal reader of the SPS/PPS/I-slice-header fields that locate slice_data() in libx264
streams, a driver that runs `parse_slice_cavlc` over every slice of a picture, and the
reader of the reference's `-debug mb_type+qp` grids (data/*.grid, made by data/make_data.sh)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from cine.engine.bitstream.bitreader import BitReader, unescape_rbsp
from cine.engine.codecs.h264 import cavlc_tables as T
from cine.engine.codecs.h264 import layout as L
from cine.engine.codecs.h264.avcc import split_annexb
from cine.engine.codecs.h264.sps import parse_sps

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FIXTURES = HERE.parents[3] / "fixtures" / "h264"


class Bits:
    """MSB-first bit writer with the H.264 codes (ue/se and the CAVLC tables' strings)."""

    def __init__(self, bits: list[int] | None = None) -> None:
        self.bits: list[int] = bits or []

    def u(self, n: int, v: int) -> Bits:
        self.bits.extend((v >> (n - 1 - i)) & 1 for i in range(n))
        return self

    def code(self, text: str) -> Bits:
        self.bits.extend(int(c) for c in text if c != " ")
        return self

    def ue(self, v: int) -> Bits:
        n = (v + 1).bit_length()
        return self.u(n - 1, 0).u(n, v + 1)

    def se(self, v: int) -> Bits:
        return self.ue(2 * v - 1 if v > 0 else -2 * v)

    def coeff_token(self, nc: int, ones: int, total: int) -> Bits:
        if nc == -1:
            column = T.COEFF_TOKEN_CHROMA_DC
        else:
            column = (T.COEFF_TOKEN_NC0, T.COEFF_TOKEN_NC0, T.COEFF_TOKEN_NC2, T.COEFF_TOKEN_NC2,
                      T.COEFF_TOKEN_NC4, T.COEFF_TOKEN_NC4, T.COEFF_TOKEN_NC4,
                      T.COEFF_TOKEN_NC4)[nc] if nc < 8 else T.COEFF_TOKEN_NC8
        return self.code(column[T.COEFF_TOKEN_ROWS.index((ones, total))])

    def __len__(self) -> int:
        return len(self.bits)

    def rbsp(self) -> tuple[np.ndarray, int]:
        """The bytes with the rbsp trailing bits appended, and the stop bit's position."""
        end = len(self.bits)
        bits = self.bits + [1] + [0] * (-(end + 1) % 8)
        data = bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
        return np.frombuffer(data, np.uint8).copy(), end


def stop_bit(rbsp: bytes) -> int:
    data = rbsp.rstrip(b"\x00")
    last = data[-1]
    return len(data) * 8 - 1 - ((last & -last).bit_length() - 1)


def _more_rbsp_data(br: BitReader, stop: int) -> bool:
    return br.pos < stop


def pps_fields(nal: bytes) -> dict:
    rbsp = unescape_rbsp(nal[1:])
    br = BitReader(rbsp)
    f = {"pps_id": br.ue(), "sps_id": br.ue(), "cabac": br.flag(), "bottom_poc": br.flag()}
    if br.ue() != 0:
        raise ValueError("slice groups")
    br.ue()
    br.ue()
    f["weighted"] = br.u(3)
    f["init_qp"] = 26 + br.se()
    br.se()
    br.se()
    f["deblock_ctrl"] = br.flag()
    f["constrained_intra"] = br.flag()
    f["redundant"] = br.flag()
    f["transform_8x8"] = br.flag() if _more_rbsp_data(br, stop_bit(rbsp)) else False
    return f


def slice_header(rbsp: bytes, nal_type: int, ref_idc: int, sps, pps: dict) -> dict:
    """The fields of an I slice header up to slice_data() (7.3.3) and where it starts."""
    br = BitReader(rbsp)
    h = {"first_mb": br.ue(), "slice_type": br.ue() % 5, "pps_id": br.ue()}
    br.u(sps.log2_max_frame_num)
    if not sps.frame_mbs_only:
        raise ValueError("field coding")
    if nal_type == 5:
        br.ue()
    if sps.poc_type == 0:
        br.u(sps.log2_max_poc_lsb)
        if pps["bottom_poc"]:
            br.se()
    elif sps.poc_type == 1 and not sps.delta_pic_order_always_zero:
        br.se()
        if pps["bottom_poc"]:
            br.se()
    if pps["redundant"]:
        br.ue()
    if h["slice_type"] != 2:
        raise ValueError("not an I slice")
    if ref_idc:
        if nal_type == 5:
            br.u(2)
        elif br.flag():
            while br.ue() != 0:
                raise ValueError("memory management operations")
    h["qp"] = pps["init_qp"] + br.se()
    if pps["deblock_ctrl"] and br.ue() != 1:
        br.se()
        br.se()
    h["bitpos"] = br.pos
    return h


def pictures(path: Path):
    """(sps, [(rbsp array, bitpos, bitend, slice_info row)]) of each picture of an Annex B
    stream of I slices (CAVLC)."""
    sps_map, pps_map = {}, {}
    current: list = []
    sps = None
    for nal in split_annexb(path.read_bytes()):
        kind = nal[0] & 31
        if kind == 7:
            s = parse_sps(nal)
            sps_map[s.sps_id] = s
        elif kind == 8:
            p = pps_fields(nal)
            pps_map[p["pps_id"]] = p
        elif kind in (1, 5):
            rbsp = unescape_rbsp(nal[1:])
            probe = BitReader(rbsp)
            first = probe.ue()
            if first == 0 and current:
                yield sps, current
                current = []
            probe.ue()
            pps = pps_map[probe.ue()]
            sps = sps_map[pps["sps_id"]]
            h = slice_header(rbsp, kind, nal[0] >> 5, sps, pps)
            si = np.zeros(L.SI_STRIDE, np.int32)
            si[L.SI_FIRST_MB] = h["first_mb"]
            si[L.SI_MB_WIDTH] = sps.mb_width
            si[L.SI_MB_HEIGHT] = sps.mb_height
            si[L.SI_SLICE_QP] = h["qp"]
            si[L.SI_SLICE_INDEX] = len(current)
            si[L.SI_TRANSFORM_8X8] = pps["transform_8x8"]
            si[L.SI_CONSTRAINED_INTRA] = pps["constrained_intra"]
            si[L.SI_CHROMA_FORMAT] = sps.chroma_format_idc
            si[L.SI_SLICE_TYPE] = h["slice_type"]
            current.append((np.frombuffer(rbsp, np.uint8).copy(), h["bitpos"], stop_bit(rbsp), si))
    if current:
        yield sps, current


def parse(arrays: dict, rbsp, bitpos: int, bitend: int, si) -> int:
    from cine.engine.codecs.h264.cavlc_jit import parse_slice_cavlc
    a = arrays
    return parse_slice_cavlc(rbsp, bitpos, bitend, si, a["mb_kind"], a["mb_slice"], a["mb_qp"],
                             a["mb_cbp"], a["mb_i16_mode"], a["mb_chroma_mode"], a["luma_modes"],
                             a["nnz"], a["cbf_dc"], a["coeffs"])


# the reference's type letters: I_PCM 'P', I_NxN 'i' (4x4 and 8x8 alike), I_16x16 'I'
KIND_LETTER = {L.KIND_IPCM: "P", L.KIND_I4x4: "i", L.KIND_I8x8: "i", L.KIND_I16x16: "I"}


def grid_of(arrays: dict, mb_width: int) -> list[list[str]]:
    """The picture as rows of QP + letter tokens, as the reference's grid shows it."""
    tokens = ["%d%s" % (q, KIND_LETTER.get(int(k), "?"))
              for k, q in zip(arrays["mb_kind"], arrays["mb_qp"])]
    return [tokens[i:i + mb_width] for i in range(0, len(tokens), mb_width)]


def golden_grids(path: Path) -> list[list[list[str]]]:
    """The pictures of a .grid golden (blank-line separated rows of tokens)."""
    return [[row.split() for row in block.splitlines()]
            for block in path.read_text().strip("\n").split("\n\n")]


def _level_code(bits: Bits, code: int, suffix_length: int) -> None:
    """level_prefix and level_suffix of levelCode `code` (the inverse of 9.2.2.1)."""
    base = 15 << suffix_length if suffix_length else 30
    if suffix_length == 0 and code < 14:
        bits.u(code + 1, 1)
    elif suffix_length == 0 and code < 30:
        bits.u(15, 1).u(4, code - 14)
    elif suffix_length and code < base:
        bits.u((code >> suffix_length) + 1, 1).u(suffix_length, code)
    elif code - base < 4096:
        bits.u(16, 1).u(12, code - base)
    else:
        prefix = 16
        while code - base - (1 << (prefix - 3)) + 4096 >= 1 << (prefix - 3):
            prefix += 1
        bits.u(prefix + 1, 1).u(prefix - 3, code - base - (1 << (prefix - 3)) + 4096)


def write_block(bits: Bits, coeffs: list[int], nc: int) -> int:
    """residual_block_cavlc() of a block's coefficient list (len = maxNumCoeff) in the table
    for nC = nc; returns TotalCoeff."""
    max_coeff = len(coeffs)
    where = [i for i, v in enumerate(coeffs) if v]
    levels = [coeffs[i] for i in reversed(where)]        # highest frequency first
    total = len(levels)
    ones = 0
    while ones < min(3, total) and abs(levels[ones]) == 1:
        ones += 1
    bits.coeff_token(nc, ones, total)
    if not total:
        return 0
    suffix_length = 1 if total > 10 and ones < 3 else 0
    for i, level in enumerate(levels):
        if i < ones:
            bits.u(1, level < 0)
            continue
        code = 2 * level - 2 if level > 0 else -2 * level - 1
        if i == ones and ones < 3:
            code -= 2
        _level_code(bits, code, suffix_length)
        if suffix_length == 0:
            suffix_length = 1
        if abs(level) > (3 << (suffix_length - 1)) and suffix_length < 6:
            suffix_length += 1
    zeros = where[-1] + 1 - total
    if total < max_coeff:
        table = T.TOTAL_ZEROS_CHROMA_DC if max_coeff == 4 else T.TOTAL_ZEROS
        bits.code(table[total - 1][zeros])
    positions = list(reversed(where))
    for i in range(total - 1):
        if zeros == 0:
            break
        run = positions[i] - positions[i + 1] - 1
        bits.code(T.RUN_BEFORE[min(zeros, 7) - 1][run])
        zeros -= run
    return total
