"""A small MPEG-1/2 audio Layer I bitstream writer for the tests (ISO/IEC 11172-3 2.4.1.3,
2.4.1.5 and 2.4.2.5; ISO/IEC 13818-3 for the LSF rates): FFmpeg has no Layer I encoder, so
the tests make their own frames and compare cine's decode with the reference's decode of the
same bytes.

There is no analysis filterbank: the subband samples are made directly, integer-only (so the
bytes are the same on every machine): a few subbands carry triangle waves of different
periods (tones after synthesis), the others pseudo-random codes at pseudo-random
allocations and scale factors, so that every allocation (1..14), scale factor and joint
stereo bound gets exercised.
"""
from __future__ import annotations

import random

_RATES = {44100: 0, 48000: 1, 32000: 2, 22050: 0, 24000: 1, 16000: 2}
_KBPS_MPEG1 = (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448)
_KBPS_LSF = (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256)
MODES = {"stereo": 0, "joint": 1, "dual": 2, "mono": 3}


class _Bits:
    def __init__(self):
        self.acc = 0
        self.n = 0

    def put(self, value: int, bits: int) -> None:
        assert 0 <= value < (1 << bits)
        self.acc = (self.acc << bits) | value
        self.n += bits

    def bytes(self, size: int) -> bytes:
        assert self.n <= size * 8, (self.n, size)
        pad = size * 8 - self.n
        return (self.acc << pad).to_bytes(size, "big")


def _triangle(t: int, period: int, amp: int) -> int:
    """An integer triangle wave in [-amp, amp]."""
    p = t % period
    v = min(p, period - p)
    return (2 * amp * v) // (period // 2) - amp


def write(rate: int, kbps: int, mode: str = "stereo", frames: int = 20, mode_ext=None,
          crc: bool = False, seed: int = 1) -> bytes:
    """`frames` Layer I frames at `rate` Hz and `kbps` kbit/s. mode_ext None cycles the joint
    stereo bound (4, 8, 12, 16 subbands) from frame to frame."""
    lsf = rate < 32000
    bri = (_KBPS_LSF if lsf else _KBPS_MPEG1).index(kbps)
    nch = 1 if mode == "mono" else 2
    rng = random.Random(seed)
    out = bytearray()
    frac = 0                        # the padding accumulator (44.1 and 22.05 kHz)
    t = 0
    for f in range(frames):
        num = 12 * kbps * 1000
        slots = num // rate
        frac += num % rate
        padding = 0
        if frac >= rate:
            frac -= rate
            padding = 1
        size = (slots + padding) * 4
        ext = (f % 4) if mode_ext is None else mode_ext
        bound = (ext + 1) * 4 if mode == "joint" else 32
        b = _Bits()
        b.put(0xFFF, 12)                    # syncword (the last bit: not MPEG-2.5)
        b.put(0 if lsf else 1, 1)           # ID: 1 MPEG-1, 0 MPEG-2 LSF
        b.put(3, 2)                         # layer I
        b.put(0 if crc else 1, 1)           # protection_bit (0: a CRC follows)
        b.put(bri, 4)
        b.put(_RATES[rate], 2)
        b.put(padding, 1)
        b.put(0, 1)                         # private
        b.put(MODES[mode], 2)
        b.put(ext if mode == "joint" else 0, 2)
        b.put(0, 1)                         # copyright
        b.put(1, 1)                         # original
        b.put(0, 2)                         # emphasis
        if crc:
            b.put(rng.randrange(1 << 16), 16)   # not checked by the reference for Layer I
        # what fits: 4 bits of allocation per subband and channel, then scale factors and
        # samples; allocations are drawn until the frame is full
        budget = size * 8 - b.n
        alloc = [[0] * 32 for _ in range(nch)]
        used = sum(4 * (nch if i < bound else 1) for i in range(32))
        tone = {2: 40, 5: 23, 9: 61}        # subband: triangle period in slots
        order = list(range(32))
        rng.shuffle(order)
        for i in sorted(tone) + order:
            for ch in range(nch if i < bound else 1):
                if alloc[ch][i]:
                    continue
                a = 13 if i in tone else rng.randrange(1, 15)
                per = 12 * (a + 1) + 6 * (1 if i < bound else 2)
                if used + per <= budget:
                    alloc[ch][i] = a
                    used += per
        for i in range(32):
            if i >= bound:
                alloc[1 % nch][i] = alloc[0][i]
        scf = [[rng.randrange(0, 63) if i not in tone else 4 + 3 * ch for i in range(32)]
               for ch in range(nch)]
        for i in range(bound):
            for ch in range(nch):
                b.put(alloc[ch][i], 4)
        for i in range(bound, 32):
            b.put(alloc[0][i], 4)
        for i in range(bound):
            for ch in range(nch):
                if alloc[ch][i]:
                    b.put(scf[ch][i], 6)
        for i in range(bound, 32):
            if alloc[0][i]:
                for ch in range(nch):
                    b.put(scf[ch][i], 6)
        for s in range(12):
            for i in range(32):
                for ch in range(nch if i < bound else 1):
                    a = alloc[ch][i]
                    if not a:
                        continue
                    top = (1 << (a + 1)) - 2       # codes 0 .. 2^(a+1) - 2 (all ones unused)
                    if i in tone:
                        v = _triangle(t + s + 7 * ch, tone[i], top // 2)
                        code = top // 2 + v
                    else:
                        code = rng.randrange(0, top + 1)
                    b.put(code, a + 1)
        t += 12
        out += b.bytes(size)
    return bytes(out)
