"""A plain-Python CABAC encoder written from ITU-T H.264 9.3.4 (test side only): it makes
arithmetic codewords whose bins the decoder under test must give back."""
from cine.engine.codecs.h264.cabac_tables import (CONTEXT_COUNT, CONTEXT_INIT, RANGE_TAB_LPS,
                                                  TRANS_IDX_LPS, TRANS_IDX_MPS)


def init_contexts(slice_qp, column=0):
    """[pStateIdx, valMPS] per ctxIdx (9.3.1.1)."""
    qp = min(max(slice_qp, 0), 51)
    out = []
    for i in range(CONTEXT_COUNT):
        m, n = CONTEXT_INIT[i][2 * column], CONTEXT_INIT[i][2 * column + 1]
        pre = min(max(((m * qp) >> 4) + n, 1), 126)
        out.append([63 - pre, 0] if pre <= 63 else [pre - 64, 1])
    return out


class Encoder:
    def __init__(self, slice_qp=26, column=0):
        self.bits = []
        self.ctx = init_contexts(slice_qp, column)
        self.start()

    def start(self):
        """InitEncoder (9.3.4.1)."""
        self.low, self.range, self.outstanding, self.first = 0, 510, 0, True

    def _put(self, b):
        if self.first:
            self.first = False
        else:
            self.bits.append(b)
        self.bits.extend([1 - b] * self.outstanding)
        self.outstanding = 0

    def _renorm(self):
        while self.range < 256:
            if self.low < 256:
                self._put(0)
            elif self.low >= 512:
                self.low -= 512
                self._put(1)
            else:
                self.low -= 256
                self.outstanding += 1
            self.range <<= 1
            self.low <<= 1

    def decision(self, ctx_idx, b):
        c = self.ctx[ctx_idx]
        lps = RANGE_TAB_LPS[c[0]][(self.range >> 6) & 3]
        self.range -= lps
        if b != c[1]:
            self.low += self.range
            self.range = lps
            if c[0] == 0:
                c[1] = 1 - c[1]
            c[0] = TRANS_IDX_LPS[c[0]]
        else:
            c[0] = TRANS_IDX_MPS[c[0]]
        self._renorm()

    def bypass(self, b):
        self.low <<= 1
        if b:
            self.low += self.range
        if self.low >= 1024:
            self._put(1)
            self.low -= 1024
        elif self.low < 512:
            self._put(0)
        else:
            self.low -= 512
            self.outstanding += 1

    def terminate(self, b):
        self.range -= 2
        if b:
            self.low += self.range
            self.range = 2        # EncodeFlush (9.3.4.5)
            self._renorm()
            self._put((self.low >> 9) & 1)
            self.bits.extend([(self.low >> 8) & 1, 1])
        else:
            self._renorm()

    def align_zero(self):
        while len(self.bits) % 8:
            self.bits.append(0)

    def raw_bytes(self, data):
        for byte in data:
            self.bits.extend((byte >> (7 - k)) & 1 for k in range(8))

    def tobytes(self):
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
