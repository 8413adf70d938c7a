"""CABAC syntax of inter macroblocks (ITU-T H.264 7.3.5.1, 7.3.5.2, 9.3): B mb_type, and the
mb_pred( ) / sub_mb_pred( ) of P and B macroblocks (sub_mb_type, ref_idx_l0/l1, mvd_l0/l1) into
the per-picture arrays of `layout`. `cabac_jit` calls these with the arithmetic decoder's state
in eng[] (ENG_*), which they take from and give back there.

Direct blocks (B_Skip, B_Direct_16x16, B_Direct_8x8) carry no reference index nor mvd here:
their reference indices stay -1 and their mvd 0 until `mvpred_b_jit` derives their motion, which
is what the context selection of their neighbours reads (9.3.3.1.1.6: a direct neighbour counts
as refIdx 0; 9.3.3.1.1.7: its absMvdComp is 0).
"""
from __future__ import annotations

import numpy as np

from ...jit import helper, leaf
from .cabac_engine_jit import bypass, decision, refill
from . import tables as T
from .layout import KIND_INTER, KIND_INTER8, KIND_SKIP, PART_8x8, PART_DIRECT, SUB_DIRECT
from .tables import PART_COUNT, PART_GEOMETRY, PART_OF_8x8, SUB_COUNT, SUB_GEOMETRY

ENG_RANGE, ENG_VALUE, ENG_BITS, ENG_POS = 0, 1, 2, 3

MB_TYPE_B = 27
SUB_MB_TYPE_P = 21
SUB_MB_TYPE_B = 36
MVD_X = 40
MVD_Y = 47
REF_IDX = 54

_PART_GEOMETRY = np.array(PART_GEOMETRY, np.int64)
_SUB_GEOMETRY = np.array(SUB_GEOMETRY, np.int64)
_PART_COUNT = np.array(PART_COUNT, np.int64)
_SUB_COUNT = np.array(SUB_COUNT, np.int64)
_PART_OF_8x8 = np.array(PART_OF_8x8, np.int64)

B_MB_PART = np.array(T.B_MB_PART, np.int64)
B_MB_PRED = np.array(T.B_MB_PRED, np.int64)
B_SUB_PRED = np.array(T.B_SUB_PRED, np.int64)
B_SUB_SHAPE = np.array(T.B_SUB_SHAPE, np.int64)


@leaf
def is_direct(mb_kind, mb_part, sub_part, n, i8):
    """Whether 8x8 block i8 of macroblock n is a direct one (B_Skip, B_Direct_16x16,
    B_Direct_8x8; P_Skip too, whose reference index 0 gives the same context)."""
    k = mb_kind[n]
    if k == KIND_SKIP:
        return True
    if k != KIND_INTER and k != KIND_INTER8:
        return False
    return mb_part[n] == PART_DIRECT or (mb_part[n] == PART_8x8 and sub_part[n, i8] == SUB_DIRECT)


@helper
def decode_b_mb_type(rbsp, ctx, eng, inc):
    """mb_type of a B slice (9.3.2.5, Table 9-37's B column; bin 0's ctxIdxInc `inc`): 0..22,
    or 23 for an intra macroblock (its suffix follows, ctxIdxOffset 32)."""
    rng = eng[ENG_RANGE]
    value = eng[ENG_VALUE]
    bits = eng[ENG_BITS]
    pos = eng[ENG_POS]
    if bits < 32:
        value, bits, pos = refill(rbsp, value, bits, pos)
    ci = MB_TYPE_B + inc
    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
    t = 0
    if b:
        ci = MB_TYPE_B + 3
        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
        if b == 0:
            ci = MB_TYPE_B + 5
            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
            t = 1 + b
        else:
            ci = MB_TYPE_B + 4
            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
            v = b
            ci = MB_TYPE_B + 5
            if bits < 32:
                value, bits, pos = refill(rbsp, value, bits, pos)
            for _ in range(3):
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                v = (v << 1) | b
            if v < 8:
                t = v + 3
            elif v == 13:
                t = 23
            elif v == 14:
                t = 11
            elif v == 15:
                t = 22
            else:
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                t = ((v << 1) | b) - 4
    eng[ENG_RANGE] = rng
    eng[ENG_VALUE] = value
    eng[ENG_BITS] = bits
    eng[ENG_POS] = pos
    return t


@helper
def inter_mb_pred(rbsp, ctx, eng, mb, mba, mbb, b_slice, mb_type, num_ref0, num_ref1, inference,
                  mb_kind, mb_part, sub_part, ref_idx, mvd):
    """mb_pred( ) or sub_mb_pred( ) of the inter macroblock mb (P: mb_type is its mb_part; B:
    its B mb_type 1..22). Returns -1 on a bitstream error, else 1 when a sub-macroblock
    partition is smaller than 8x8 (transform_size_8x8_flag is then absent), else 0."""
    rng = eng[ENG_RANGE]
    value = eng[ENG_VALUE]
    bits = eng[ENG_BITS]
    pos = eng[ENG_POS]
    small = 0
    pred8 = np.zeros(4, np.int64)      # lists used by each 8x8 block (0: direct)
    if b_slice:
        part = B_MB_PART[mb_type]
    else:
        part = mb_type
    mb_part[mb] = part
    if part == PART_8x8:
        for i8 in range(4):
            if bits < 32:
                value, bits, pos = refill(rbsp, value, bits, pos)
            if b_slice:
                # B sub_mb_type (Table 9-38): direct 0, then 1x, then the rest
                ci = SUB_MB_TYPE_B
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                t = 0
                if b:
                    ci = SUB_MB_TYPE_B + 1
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if b == 0:
                        ci = SUB_MB_TYPE_B + 3
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        t = 1 + b
                    else:
                        t = 3
                        ci = SUB_MB_TYPE_B + 2
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        ci = SUB_MB_TYPE_B + 3
                        if b:
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            if b:
                                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value,
                                                                       bits)
                                t = 11 + b
                            else:
                                t = 7
                        if t < 11:
                            if bits < 32:
                                value, bits, pos = refill(rbsp, value, bits, pos)
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            t += 2 * b
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            t += b
                sub = B_SUB_SHAPE[t]
                pred8[i8] = B_SUB_PRED[t]
                if sub == SUB_DIRECT:
                    if not inference:
                        small = 1
                elif sub != 0:
                    small = 1
            else:
                # P sub_mb_type (Table 9-38): 1 8x8, 00 8x4, 011 4x8, 010 4x4
                ci = SUB_MB_TYPE_P
                b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                sub = 0
                if b == 0:
                    ci = SUB_MB_TYPE_P + 1
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    sub = 1
                    if b:
                        ci = SUB_MB_TYPE_P + 2
                        b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                        sub = 2 if b else 3
                pred8[i8] = 1
                if sub != 0:
                    small = 1
            sub_part[mb, i8] = sub
    else:
        for i8 in range(4):
            if b_slice:
                pred8[i8] = B_MB_PRED[mb_type, _PART_OF_8x8[part, i8]]
            else:
                pred8[i8] = 1
    nparts = _PART_COUNT[part]
    # ref_idx_l0 of every partition, then ref_idx_l1 (U binarization, ctxIdxInc 9.3.3.1.1.6)
    for lst in range(2):
        num_ref = num_ref0 if lst == 0 else num_ref1
        for p in range(nparts):
            x8 = _PART_GEOMETRY[part, p, 0]
            y8 = _PART_GEOMETRY[part, p, 1]
            i8 = 2 * (y8 >> 1) + (x8 >> 1)
            if not (pred8[i8] >> lst) & 1:
                continue
            r = 0
            if num_ref > 1:
                if x8 > 0:
                    ca = ref_idx[mb, lst, i8 - 1] > 0
                else:
                    ca = (mba >= 0 and ref_idx[mba, lst, i8 + 1] > 0
                          and not is_direct(mb_kind, mb_part, sub_part, mba, i8 + 1))
                if y8 > 0:
                    cb = ref_idx[mb, lst, i8 - 2] > 0
                else:
                    cb = (mbb >= 0 and ref_idx[mbb, lst, i8 + 2] > 0
                          and not is_direct(mb_kind, mb_part, sub_part, mbb, i8 + 2))
                ci = REF_IDX + ca + 2 * cb
                while True:
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    if b == 0:
                        break
                    r += 1
                    if r >= num_ref:
                        return -1
                    ci = REF_IDX + 4 if r == 1 else REF_IDX + 5
            for k in range(4):
                if _PART_OF_8x8[part, k] == p:
                    ref_idx[mb, lst, k] = r
    # mvd_l0 of every (sub-)partition, then mvd_l1
    for lst in range(2):
        for p in range(nparts):
            x8 = _PART_GEOMETRY[part, p, 0]
            y8 = _PART_GEOMETRY[part, p, 1]
            i8 = 2 * (y8 >> 1) + (x8 >> 1)
            if not (pred8[i8] >> lst) & 1:
                continue
            sub = sub_part[mb, p] if part == PART_8x8 else 0
            subs = _SUB_COUNT[sub] if part == PART_8x8 else 1
            for q in range(subs):
                if part == PART_8x8:
                    x4 = _SUB_GEOMETRY[sub, q, 0] + x8
                    y4 = _SUB_GEOMETRY[sub, q, 1] + y8
                    w4 = _SUB_GEOMETRY[sub, q, 2]
                    h4 = _SUB_GEOMETRY[sub, q, 3]
                else:
                    x4 = x8
                    y4 = y8
                    w4 = _PART_GEOMETRY[part, p, 2]
                    h4 = _PART_GEOMETRY[part, p, 3]
                for comp in range(2):
                    # prefix TU cMax 9 (ctxIdxInc from the neighbours' absolute mvd), suffix
                    # UEG3 bypass, then the sign
                    if x4 > 0:
                        sa = abs(mvd[mb, lst, 4 * y4 + x4 - 1, comp])
                    elif mba >= 0:
                        sa = abs(mvd[mba, lst, 4 * y4 + 3, comp])
                    else:
                        sa = 0
                    if y4 > 0:
                        sa += abs(mvd[mb, lst, 4 * (y4 - 1) + x4, comp])
                    elif mbb >= 0:
                        sa += abs(mvd[mbb, lst, 12 + x4, comp])
                    base = MVD_X if comp == 0 else MVD_Y
                    ci = base + (0 if sa < 3 else (1 if sa <= 32 else 2))
                    if bits < 32:
                        value, bits, pos = refill(rbsp, value, bits, pos)
                    b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                    v = 0
                    if b:
                        v = 1
                        ci = base + 3
                        while v < 9:
                            if bits < 32:
                                value, bits, pos = refill(rbsp, value, bits, pos)
                            b, ctx[ci], rng, value, bits = decision(ctx[ci], rng, value, bits)
                            if b == 0:
                                break
                            if v < 4:
                                ci += 1
                            v += 1
                        if v >= 9:
                            e = 3
                            while True:
                                if bits < 32:
                                    value, bits, pos = refill(rbsp, value, bits, pos)
                                b, value, bits = bypass(rng, value, bits)
                                if b == 0:
                                    break
                                v += 1 << e
                                e += 1
                                if e > 24:
                                    return -1
                            while e > 0:
                                e -= 1
                                if bits < 32:
                                    value, bits, pos = refill(rbsp, value, bits, pos)
                                b, value, bits = bypass(rng, value, bits)
                                v += b << e
                        if bits < 32:
                            value, bits, pos = refill(rbsp, value, bits, pos)
                        b, value, bits = bypass(rng, value, bits)
                        if b:
                            v = -v
                    for yy in range(y4, y4 + h4):
                        for xx in range(x4, x4 + w4):
                            mvd[mb, lst, 4 * yy + xx, comp] = v
    eng[ENG_RANGE] = rng
    eng[ENG_VALUE] = value
    eng[ENG_BITS] = bits
    eng[ENG_POS] = pos
    return small
