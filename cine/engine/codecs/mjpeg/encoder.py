"""The reference's `mjpeg` encoder (FFmpeg 5.1, x86-64): one baseline JFIF image per frame.

It is an MPEG-style intra coder writing JPEG syntax: the quantiser matrix is the MPEG-1
default intra matrix times qscale / 8 (DC fixed at 8), one table for luma and chroma; the DCT
and the quantiser are the reference's x86 ones (dct_jit); the Huffman tables are built per
image from the symbol counts (`-huffman optimal`, the default) or are the standard ones of
T.81 Annex K (`-huffman default`). No restart markers (single-slice encoding).

Quality: `-q:v Q` gives lambda = int(118 * Q) and qscale = (lambda * 139 + 8192) >> 14,
clipped to [qmin, qmax] (2..31 by default). Without -q:v the reference's rate control
(ratecontrol.py) picks the lambda of each picture.
"""
from __future__ import annotations

import errno

import numpy as np

from ...errors import CineError
from . import headers
from .dct_jit import transform_picture
from .entropy_jit import count_symbols, write_scan
from .huffman_jit import build_table
from .ratecontrol import RateControl, qscale_from_lambda
from .tables import MPEG1_INTRA_MATRIX, STANDARD_HUFFMAN
from .variance_jit import mb_variance_sum

FF_QP2LAMBDA = 118
_INTRA_QUANT_BIAS = 3 << 5          # 3/8 in units of 1/256

# pix_fmt -> (chroma shift x, chroma shift y, full range)
PIX_FMTS = {
    "yuvj420p": (1, 1, True), "yuvj422p": (1, 0, True), "yuvj444p": (0, 0, True),
    "yuv420p": (1, 1, False), "yuv422p": (1, 0, False), "yuv444p": (0, 0, False),
}

# blocks of one macroblock in coding order: (plane, dy, dx, right half)
_LAYOUTS = {
    (1, 1): ((0, 0, 0, 0), (0, 0, 8, 0), (0, 8, 0, 0), (0, 8, 8, 0), (1, 0, 0, 0), (2, 0, 0, 0)),
    (1, 0): ((0, 0, 0, 0), (0, 0, 8, 0), (0, 8, 0, 0), (0, 8, 8, 0),
             (1, 0, 0, 0), (1, 8, 0, 0), (2, 0, 0, 0), (2, 8, 0, 0)),
    # 4:4:4 is coded as 8x16 MCUs (H=1, V=2): the left half of the macroblock, then the right
    (0, 0): ((0, 0, 0, 0), (0, 8, 0, 0), (1, 0, 0, 0), (1, 8, 0, 0), (2, 0, 0, 0), (2, 8, 0, 0),
             (0, 0, 8, 1), (0, 8, 8, 1), (1, 0, 8, 1), (1, 8, 8, 1), (2, 0, 8, 1), (2, 8, 8, 1)),
}
_SAMPLING = {
    (1, 1): ((2, 2), (1, 1), (1, 1)),
    (1, 0): ((2, 2), (1, 2), (1, 2)),
    (0, 0): ((1, 2), (1, 2), (1, 2)),
}
_MAX_SYMBOLS = (12, 12, 256, 256)
_MAX_SIZE = 65500


def qscale_from_quality(q: float, qmin: int = 2, qmax: int = 31) -> int:
    """The qscale the reference encodes with for `-q:v q`."""
    return qscale_from_lambda(int(FF_QP2LAMBDA * q), qmin, qmax)


def quant_matrix(qscale: int) -> tuple[int, ...]:
    """The quantiser matrix for qscale (natural order), as written in the DQT segment."""
    return (8,) + tuple(min(255, (m * qscale) >> 3) for m in MPEG1_INTRA_MATRIX[1:])


def _quantiser(matrix: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The reference's 16-bit reciprocals and rounding biases for matrix (its qscale is
    folded in, so the quantiser runs at qscale 8, i.e. divides by 16 * entry)."""
    qmat = np.zeros(64, np.int32)
    bias = np.zeros(64, np.int32)
    for i, m in enumerate(matrix):
        r = (2 << 16) // (16 * m)
        if r == 0 or r == 128 * 256:
            r = 128 * 256 - 1
        qmat[i] = r
        bias[i] = (_INTRA_QUANT_BIAS * 256 + (r >> 1)) // r
    return qmat, bias


def _canonical_codes(bits, vals) -> tuple[np.ndarray, np.ndarray]:
    """(length, code) per symbol of a table given as BITS[1..16] and HUFFVAL (T.81 C.2)."""
    length = np.zeros(256, np.uint8)
    code = np.zeros(256, np.int32)
    next_code = 0
    k = 0
    for n in range(1, 17):
        for _ in range(bits[n - 1]):
            length[vals[k]] = n
            code[vals[k]] = next_code
            next_code += 1
            k += 1
        next_code <<= 1
    return length, code


class MjpegEncoder:
    """Encode frames of one size and pixel format to JPEG images.

    qscale: the `-q:v` value (float; see qscale_from_quality), or None for the reference's
    rate control at bit_rate, which needs the encoder time_base (frame pts are in it) and
    sees the frames in order. sar: the encoder's sample aspect ratio (JFIF density; (0, 1)
    writes no APP0). color_range: "pc", "tv" or "unknown", the encoder's (not the frame's)
    range; limited-range input needs strict <= -1 (unofficial) like the reference, and gets
    a "CS=ITU601" comment. log: a cine.engine.log.Logger for the reference's warnings.
    """

    def __init__(self, width: int, height: int, pix_fmt: str = "yuvj420p", qscale=None, *,
                 sar=(0, 1), color_range: str = "unknown", bitexact: bool = False,
                 huffman: str = "optimal", strict: int = 0, qmin: int = 2, qmax: int = 31,
                 time_base=(1, 25), bit_rate: int = 200000, log=None):
        if pix_fmt not in PIX_FMTS:
            raise CineError(f"mjpeg: unsupported pixel format {pix_fmt}", code=-errno.EINVAL)
        shift_x, shift_y, full = PIX_FMTS[pix_fmt]
        limited = (not full and color_range != "pc") or color_range == "tv"
        if limited and strict > -1:
            raise CineError("Non full-range YUV is non-standard, set strict_std_compliance "
                            "to at most unofficial to use it.", code=-errno.EINVAL)
        if not (0 < width <= _MAX_SIZE and 0 < height <= _MAX_SIZE):
            raise CineError("JPEG does not support resolutions above 65500x65500",
                            code=-errno.EINVAL)
        if huffman not in ("optimal", "default"):
            raise CineError(f"mjpeg: unknown huffman mode {huffman}", code=-errno.EINVAL)
        self.width, self.height, self.pix_fmt = width, height, pix_fmt
        self.shift = (shift_x, shift_y)
        self.qrange = (qmin, qmax)
        self.qscale = None if qscale is None else qscale_from_quality(qscale, qmin, qmax)
        self.rate_control = (None if qscale is not None
                             else RateControl(time_base, bit_rate, log=log))
        self._last_pts = None
        self.optimal = huffman == "optimal"
        self._quantisers = {}
        self._layout = np.array(_LAYOUTS[self.shift], dtype=np.int32)
        mb_w, mb_h = (width + 15) // 16, (height + 15) // 16
        per_mb = len(_LAYOUTS[self.shift])
        self.nblocks = mb_w * mb_h * per_mb
        if self.shift == (0, 0) and 0 < width % 16 <= 8:
            self.nblocks -= mb_h * per_mb // 2      # right halves of the last column
        jfif, exact = headers.jfif(tuple(sar))
        # the reference warns each time it writes the header, i.e. once per picture
        self._sar_warning = None if exact or log is None else (
            log, f"Cannot store exact aspect ratio {sar[0]}:{sar[1]}\n")
        self._head = headers.SOI + jfif
        if not bitexact:
            self._head += headers.comment(headers.ENCODER_IDENT)
        if limited:
            self._head += headers.comment("CS=ITU601")
        self._tail = (headers.frame_header(width, height, _SAMPLING[self.shift])
                      + headers.scan_header())

    def encode(self, frame) -> bytes:
        """One complete JPEG file for a VideoFrame of this encoder's size and format."""
        planes = self._planes(frame)
        if self._sar_warning is not None:
            self._sar_warning[0].warning(self._sar_warning[1])
        qscale = self.qscale
        rc = self.rate_control
        if rc is not None:
            pts = frame.pts if frame.pts is not None else (
                None if self._last_pts is None else self._last_pts + 1)
            self._last_pts = pts
            lam = rc.picture(mb_variance_sum(planes[0], self.width, self.height), pts)
            qscale = qscale_from_lambda(lam, *self.qrange)
        data = self._encode(planes, qscale)
        if rc is not None:
            rc.done(len(data))
        return data

    def _quantiser(self, qscale: int):
        """(DQT segment, qmat, bias) for qscale."""
        if qscale not in self._quantisers:
            matrix = quant_matrix(qscale)
            qmat, bias = _quantiser(matrix)
            self._quantisers[qscale] = (headers.quant_tables([matrix]), np.stack([qmat, qmat]),
                                        np.stack([bias, bias]))
        return self._quantisers[qscale]

    def _encode(self, planes, qscale: int) -> bytes:
        dqt, qmat, bias = self._quantiser(qscale)
        blocks = np.empty((self.nblocks, 64), np.int16)
        comps = np.empty(self.nblocks, np.int8)
        last = np.empty(self.nblocks, np.int32)
        n = transform_picture(planes[0], planes[1], planes[2], self.width, self.height,
                              self.shift[0], self.shift[1], self._layout, qmat, bias,
                              blocks, comps, last)
        if n != self.nblocks:
            raise CineError("mjpeg: transform failed")
        counts = np.zeros((4, 256), np.int64)
        if count_symbols(blocks, comps, last, n, counts) != 0:
            raise CineError("mjpeg: symbol statistics failed")
        tables = self._tables(counts) if self.optimal else STANDARD_HUFFMAN
        code_len = np.zeros((4, 256), np.uint8)
        code = np.zeros((4, 256), np.int32)
        for t, (bits, vals) in enumerate(tables):
            code_len[t], code[t] = _canonical_codes(bits, vals)
        mantissa = np.arange(256) & 15
        total_bits = int((counts * (code_len.astype(np.int64) + mantissa)).sum())
        out = np.empty(2 * ((total_bits + 7) // 8) + 16, np.uint8)
        size = write_scan(blocks, comps, last, n, code_len, code, out)
        if size < 0:
            raise CineError("mjpeg: entropy coding failed")
        return (self._head + dqt + headers.huffman_tables(tables) + self._tail
                + out[:size].tobytes() + headers.EOI)

    def _planes(self, frame):
        if frame.pix_fmt != self.pix_fmt or frame.width != self.width \
                or frame.height != self.height or len(frame.planes) != 3:
            raise CineError("mjpeg: frame does not match the encoder", code=-errno.EINVAL)
        cw = (self.width + self.shift[0]) >> self.shift[0]
        ch = (self.height + self.shift[1]) >> self.shift[1]
        planes = []
        for p, (w, h) in zip(frame.planes, ((self.width, self.height), (cw, ch), (cw, ch))):
            if not isinstance(p, np.ndarray) or p.dtype != np.uint8 or p.ndim != 2 \
                    or p.shape[0] < h or p.shape[1] < w:
                raise CineError("mjpeg: bad frame plane", code=-errno.EINVAL)
            planes.append(p if p.flags.writeable else p.copy())   # the kernels take writable arrays
        return planes

    @staticmethod
    def _tables(counts):
        tables = []
        for t in range(4):
            bits = np.zeros(17, np.int32)
            vals = np.zeros(256, np.int32)
            n = build_table(counts[t], _MAX_SYMBOLS[t], bits, vals)
            if n < 0:
                raise CineError("mjpeg: Huffman table construction failed")
            tables.append((tuple(int(b) for b in bits[1:]), bytes(vals[:n].astype(np.uint8))))
        return tables
