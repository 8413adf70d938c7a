"""Applying the mixing matrix in the internal format the way swri_rematrix does (FFmpeg
5.1.9 rematrix.c, rematrix_template.c, x86/rematrix.asm).

s16p works in fixed point: each row's coefficients are rounded to 1/32768 units carrying the
rounding error along the row (lrintf of the float-converted target), an output is
(sum + 16384) >> 15, wrapped to int16, or clipped when a row's magnitudes sum past 32768.
Rows fed by one or two inputs run SSE2 code on the first len & ~15 samples: coefficients
reduced to 16 bits by a per-row shift, a rounding term, and saturation. fltp/dblp multiply
and add in the format's precision in the reference's order. 5.1 -> stereo (and 7.1 ->
stereo) with the default symmetric matrix take the dedicated 6-to-2 / 8-to-2 loops."""
from __future__ import annotations

from ...errors import Unsupported


def _lrintf(v: float) -> int:
    import numpy as np
    return int(np.rint(np.float32(v)))


def _wrap32(v):
    """int64 values reduced modulo 2^32 to int32's range (what 32-bit adds do)."""
    return ((v + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


class Rematrix:
    def __init__(self, matrix, int_fmt: str, in_mask: int, out_mask: int):
        import numpy as np
        from ... import chlayout as CL
        self.matrix = matrix
        self.fmt = int_fmt
        nb_out, nb_in = matrix.shape
        self.rows = [[j for j in range(nb_in) if matrix[i, j] != 0] for i in range(nb_out)]
        self.clip = False
        if int_fmt in ("s16p", "s32p"):
            native = np.zeros(matrix.shape, dtype=np.int64)
            maxsum = 0
            for i in range(nb_out):
                rem, total = 0.0, 0
                for j in range(nb_in):
                    target = matrix[i, j] * 32768 + rem
                    native[i, j] = _lrintf(target)
                    rem += target - native[i, j]
                    total += abs(int(native[i, j]))
                maxsum = max(maxsum, total)
            self.native = native
            self.clip = int_fmt == "s16p" and maxsum > 32768
            self.matrix32 = np.array([[_lrintf(v * 32768) for v in row] for row in matrix],
                                     dtype=np.int64)
            self._simd_coeffs()
        elif int_fmt == "fltp":
            self.native = matrix.astype(np.float32)
            self.used = (matrix != 0).astype(np.uint8)
        elif int_fmt == "dblp":
            self.native = matrix.astype(np.float64)
        else:
            raise Unsupported("rematrix in %s" % int_fmt)
        self.mix_any = None
        m = matrix
        if out_mask == CL.STEREO:
            sym = (m[0, 2] == m[1, 2] and m[0, 3] == m[1, 3] and not m[0, 1] and not m[0, 5]
                   and not m[1, 0] and not m[1, 4]) if m.shape[1] >= 6 else False
            if in_mask in (CL.L5POINT1, CL.L5POINT1_BACK) and sym:
                self.mix_any = (0, 4), (1, 5)
            elif in_mask == CL.L7POINT1 and sym and not m[0, 7] and not m[1, 6]:
                self.mix_any = (0, 4, 6), (1, 5, 7)
        if self.mix_any is None and int_fmt == "s32p" and any(len(r) > 2 for r in self.rows):
            raise Unsupported("s32p rematrix of more than two inputs into one output")
        self.s16_kinds = None       # mix_out_jit.mix_s16 takes the frame: every row kind
        if int_fmt == "s16p" and self.mix_any is None and all(len(r) <= 2 for r in self.rows):
            self.used = (matrix != 0).astype(np.uint8)
            self.s16_kinds = np.array([0 if not r else 1 if len(r) == 1 and matrix[i, r[0]] == 1.0
                                       else 2 for i, r in enumerate(self.rows)], dtype=np.int64)

    def _simd_coeffs(self):
        """x86 init: per row shift sh so that coefficients fit 16 bits, (c + half) >> sh."""
        import numpy as np
        nb_out, nb_in = self.native.shape
        self.simd_coef = np.zeros(self.native.shape, dtype=np.int64)
        self.simd_shift = np.zeros(nb_out, dtype=np.int64)
        for i in range(nb_out):
            sh = max([abs(int(v)) for v in self.native[i]] + [0])
            sh = max(sh.bit_length() - 1 - 14, 0) if sh else 0
            for j in range(nb_in):
                c = (int(self.native[i, j]) + (1 << sh >> 1)) >> sh
                self.simd_coef[i, j] = ((c + 0x8000) & 0xFFFF) - 0x8000
            self.simd_shift[i] = 15 - sh

    def apply(self, x):
        """x: (in channels, n) of the internal dtype -> (out channels, n)."""
        import numpy as np
        n = x.shape[1]
        if self.s16_kinds is not None and x.dtype == np.int16:
            from .mix_out_jit import mix_s16
            out = np.empty((self.native.shape[0], n), dtype=np.int16)
            if mix_s16(x, self.simd_coef, self.simd_shift, self.native, self.used,
                       self.s16_kinds, int(self.clip), out) == 0:
                return out
        out = np.zeros((self.native.shape[0], n), dtype=x.dtype)
        if self.mix_any is not None:
            self._mix_any(x, out)
            return out
        for i, row in enumerate(self.rows):
            if not row:
                continue
            if len(row) == 1 and self.matrix[i, row[0]] == 1.0:
                out[i] = x[row[0]]
            elif self.fmt == "s16p" and len(row) <= 2:
                self._s16_simd_row(x, out, i, row, n & ~15)
            elif len(row) <= 2 or self.fmt != "s16p":
                out[i] = self._c_row(x, i, row)
            else:
                v = np.zeros(n, dtype=np.int64)
                for j in row:
                    v = _wrap32(v + x[j].astype(np.int64) * int(self.matrix32[i, j]))
                out[i] = ((v + 16384) >> 15).astype(np.int16)
        return out

    def _c_row(self, x, i, row):
        """copy/sum2 and the general loop: products summed in order, fixed point rounded."""
        import numpy as np
        if self.fmt in ("fltp", "dblp"):
            c = self.native
            acc = x[row[0]] * c[i, row[0]]
            for j in row[1:]:
                acc = acc + x[j] * c[i, j]
            return acc
        v = np.zeros(x.shape[1], dtype=np.int64)
        for j in row:
            v = v + x[j].astype(np.int64) * int(self.native[i, j])
        if self.fmt == "s16p":
            v = _wrap32(v)
        return self._round(v, x.dtype)

    def _round(self, v, dt):
        import numpy as np
        r = (v + 16384) >> 15
        if self.clip:
            return np.clip(r, -32768, 32767).astype(np.int16)
        return r.astype(dt)

    def _s16_simd_row(self, x, out, i, row, len1):
        import numpy as np
        if len1:
            s = int(self.simd_shift[i])
            acc = np.zeros(len1, dtype=np.int64)
            for j in row:
                acc = acc + x[j, :len1].astype(np.int64) * int(self.simd_coef[i, j])
            acc = _wrap32(acc + ((1 << s) >> 1))
            out[i, :len1] = np.clip(acc >> s, -32768, 32767)
        if len1 < x.shape[1]:
            out[i, len1:] = self._c_row(x[:, len1:], i, row)

    def _mix_any(self, x, out):
        """mix6to2 / mix8to2: centre and LFE summed once (with row 0's coefficients), then
        each side's front and surround(s) added in turn."""
        import numpy as np
        c = self.native
        if self.fmt in ("fltp", "dblp"):
            t = x[2] * c[0, 2] + x[3] * c[0, 3]
            for o, chans in enumerate(self.mix_any):
                acc = t
                for j in chans:
                    acc = acc + x[j] * c[o, j]
                out[o] = acc
            return
        wrap = self.fmt == "s16p"
        t = x[2].astype(np.int64) * int(c[0, 2]) + x[3].astype(np.int64) * int(c[0, 3])
        for o, chans in enumerate(self.mix_any):
            acc = t
            for j in chans:
                acc = acc + x[j].astype(np.int64) * int(c[o, j])
            out[o] = self._round(_wrap32(acc) if wrap else acc, x.dtype)
