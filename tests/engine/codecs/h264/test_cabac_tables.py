"""The CABAC tables: shapes, rows spot-checked against ITU-T H.264 Tables 9-12..9-24, 9-43,
9-44 and 9-45, checksums pinning every value (the values were transcribed from the
Recommendation and cross-checked entry by entry against two independent decoders' copies),
and the context initialisation (9.3.1.1) the engine derives from them."""
import hashlib

import numpy as np

from cine.engine.codecs.h264 import cabac_tables as T

from .cabac_encoder import init_contexts as reference_init

CHECKSUMS = {
    "RANGE_TAB_LPS": "e69f7c693285add0",
    "TRANS_IDX_LPS": "1a3abeba17dab353",
    "TRANS_IDX_MPS": "45a9d689b6947975",
    "SIG_8X8_FRAME": "2f0bc290ffeec7fe",
    "LAST_8X8": "17810fda222f0931",
    "CONTEXT_INIT": "6d553fb853a50819",
}


def test_checksums():
    for name, digest in CHECKSUMS.items():
        assert hashlib.sha256(repr(getattr(T, name)).encode()).hexdigest()[:16] == digest, name


def test_shapes():
    assert len(T.RANGE_TAB_LPS) == 64 and all(len(r) == 4 for r in T.RANGE_TAB_LPS)
    assert len(T.TRANS_IDX_LPS) == len(T.TRANS_IDX_MPS) == 64
    assert len(T.SIG_8X8_FRAME) == len(T.LAST_8X8) == 63
    assert len(T.CONTEXT_INIT) == T.CONTEXT_COUNT == 460
    assert all(len(r) == 8 for r in T.CONTEXT_INIT)


def test_spot_rows():
    assert T.RANGE_TAB_LPS[0] == (128, 176, 208, 240)
    assert T.RANGE_TAB_LPS[12] == (77, 94, 111, 128)
    assert T.RANGE_TAB_LPS[62] == (6, 7, 8, 9) and T.RANGE_TAB_LPS[63] == (2, 2, 2, 2)
    assert T.TRANS_IDX_LPS[:8] == (0, 0, 1, 2, 2, 4, 4, 5) and T.TRANS_IDX_LPS[62:] == (38, 63)
    assert T.TRANS_IDX_MPS[61:] == (62, 62, 63)
    assert T.SIG_8X8_FRAME[:8] == (0, 1, 2, 3, 4, 5, 5, 4) and T.SIG_8X8_FRAME[-1] == 12
    assert T.LAST_8X8[:3] == (0, 1, 1) and T.LAST_8X8[-1] == 8
    # (m, n) for I, then cabac_init_idc 0, 1, 2
    assert T.CONTEXT_INIT[0] == (20, -15) * 4                       # Table 9-12
    assert T.CONTEXT_INIT[11][2:] == (23, 33, 22, 25, 29, 16)        # Table 9-13
    assert [T.CONTEXT_INIT[i][:2] for i in range(60, 70)] == [       # Table 9-17
        (0, 41), (0, 63), (0, 63), (0, 63), (-9, 83), (4, 86), (0, 97), (-7, 72), (13, 41), (3, 62)]
    assert T.CONTEXT_INIT[85] == (-17, 123, -7, 92, 0, 80, 11, 80)  # Table 9-18
    assert T.CONTEXT_INIT[105][:2] == (-7, 93)                      # Table 9-19
    assert T.CONTEXT_INIT[227][:2] == (-3, 71)                      # Table 9-21
    assert T.CONTEXT_INIT[399][:2] == (31, 21)                      # Table 9-16
    assert T.CONTEXT_INIT[402][:2] == (-17, 120)                    # Table 9-24
    assert T.CONTEXT_INIT[276] == (0,) * 8


def test_context_initialisation_matches_the_formula():
    from cine.engine.codecs.h264 import cabac_engine_jit as eng
    for qp in (0, 1, 17, 26, 40, 51):
        for column in range(4):
            # the compiled one is the same code, exercised by the engine round trips
            expected = reference_init(qp, column)
            ctx = np.empty(460, np.uint8)
            eng.init_contexts.py_func(ctx, qp, column)
            assert [(c >> 1, c & 1) for c in ctx.tolist()] == [tuple(e) for e in expected]
    # SliceQPY 26, ctxIdx 60 (m 0, n 41): preCtxState 41 -> pStateIdx 22, valMPS 0
    assert reference_init(26)[60] == [22, 0]
