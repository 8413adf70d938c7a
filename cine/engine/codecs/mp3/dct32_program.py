"""The 32-point DCT of the synthesis filterbank in the operation order of the reference's
x86-64 AVX implementation (which its mp3float decoder uses on any CPU with AVX), written as
a straight-line program of float32 operations that synthesis_jit runs.

The reference's vector code does the butterflies of passes 1 to 5 eight lanes at a time with
its own table of factors (rounded to 6 decimals, hence not the exact secants), then pass 6
and the output permutation as scalar additions in a fixed order. This module replays that
code on symbolic lanes once at import: every lane holds the slot of a value, shuffles only
move slot numbers, and each arithmetic lane operation appends (op, destination, a, b) to the
program. Slots 0..31 are the input, then the constants, then the intermediate values.
"""
from __future__ import annotations

import numpy as np

OP_ADD = 0
OP_SUB = 1
OP_MUL = 2

# the reference's factor table of passes 1 to 5, 4 per row (lanes of both 128-bit halves
# repeat a row where the code loads it twice)
_FACTORS = (
    (0.500603, 0.505471, 0.515447, 0.531043), (0.553104, 0.582935, 0.622504, 0.674808),
    (-10.190008, -3.407609, -2.057781, -1.484165), (-1.169440, -0.972568, -0.839350, -0.744536),
    (0.502419, 0.522499, 0.566944, 0.646822), (0.788155, 1.060678, 1.722447, 5.101149),
    (0.509796, 0.601345, 0.899976, 2.562916), (0.509796, 0.601345, 0.899976, 2.562916),
    (1.0, 1.0, 1.306563, 0.541196), (1.0, 1.0, 1.306563, 0.541196),
    (1.0, 0.707107, 1.0, -0.707107), (1.0, 0.707107, 1.0, -0.707107),
)

# pass 6 and the output permutation, scalar: "r=o" loads out[o] into register r, "r+o" adds
# out[o], "r+mq" adds register q, "So=r" stores register r to out[o], "To"/"Wo" copy out[o]
# through an integer register
_PASS6 = (
    "T1 7=18 7+19 3=14 3+15 4+m3 2=13 2+m3 3=26 3+27 1+m3 5+m4 S4=1 1=25 1+m3 3=10 S12=1 3+11 "
    "1=25 4+m3 3+m2 1+27 S10=3 2+9 3=2 S14=2 3+3 S8=3 3=20 S2=5 S20=1 2=13 5=30 5+31 1=16 2+15 "
    "0+m5 5+29 W16 6+m0 1+m6 T3 W24 S1=1 1=6 S6=4 4=22 4+23 3+m4 4+21 T27 1+7 0+m1 1+m5 6+m3 "
    "3+m0 0+m7 5+5 7+m1 S3=6 W28 6=7 S7=0 0=9 S9=7 1+m4 7=29 0+m2 7+31 S18=0 0=11 2+m0 S11=1 "
    "S22=2 0+15 T15 W30 S26=0 4+m5 5+17 S13=4 S15=5 4=17 5=5 S5=3 5+m7 7+m6 4+m5 2=21 2+23 "
    "5+m2 S17=4 2+m7 4=19 S21=2 S19=5 7+m4 6+31 4+m6 6+23 S25=4 S27=6 6=23 S23=7 6+31 S29=6"
)


class _Trace:
    def __init__(self):
        self.consts: dict[float, int] = {}
        self.const_values: list[float] = []
        self.ops: list[tuple[int, int, int, int]] = []
        self.next = 32

    def const(self, value: float) -> int:
        key = float(np.float32(value))
        if key not in self.consts:
            self.consts[key] = len(self.const_values)
            self.const_values.append(key)
        return -1 - self.consts[key]        # renumbered once the constants are counted

    def op(self, kind: int, a: int, b: int) -> int:
        dst = self.next
        self.next += 1
        self.ops.append((kind, dst, a, b))
        return dst


def _shuf(a, b, imm):
    """shufps on both 128-bit halves."""
    out = []
    for h in (0, 4):
        out += [a[h + (imm & 3)], a[h + (imm >> 2 & 3)], b[h + (imm >> 4 & 3)],
                b[h + (imm >> 6 & 3)]]
    return out


def _perm(a, b, imm):
    """vperm2f128."""
    halves = (a[:4], a[4:], b[:4], b[4:])
    return halves[imm & 3] + halves[imm >> 4 & 3]


def _build():
    tr = _Trace()
    inp = list(range(32))

    def row(i):
        return [tr.const(v) for v in _FACTORS[i]]

    def vec(kind, a, b):
        return [tr.op(kind, x, y) for x, y in zip(a, b)]

    def butterfly(a, b, factors):
        """(a - b) * factors, b + a."""
        return vec(OP_MUL, vec(OP_SUB, a, b), factors), vec(OP_ADD, b, a)

    def butterfly0(a, neg, factors, imm):
        """shuffled a plus a with the lanes of neg negated, times factors (x * 1 is x)."""
        s = _shuf(a, a, imm)
        summed = [tr.op(OP_SUB if n else OP_ADD, x, y) for x, y, n in zip(s, a, neg)]
        return [v if f == tr.const(1.0) else tr.op(OP_MUL, v, f) for v, f in zip(summed, factors)]

    # pass 1
    m4 = inp[0:8]
    m5 = _shuf(inp[28:32] + inp[24:28], inp[28:32] + inp[24:28], 0x1b)
    m4, m5 = butterfly(m4, m5, row(0) + row(1))
    m2 = inp[16:24]
    m6 = _shuf(inp[12:16] + inp[8:12], inp[12:16] + inp[8:12], 0x1b)
    m2, m6 = butterfly(m2, m6, row(2) + row(3))
    # pass 2
    m5, m6 = butterfly(m5, m6, row(4) + row(5))
    m4, m2 = butterfly(m4, m2, row(4) + row(5))
    # pass 3
    m3 = _perm(m6, m4, 0x31)
    m1 = _perm(m6, m4, 0x20)
    m3 = _shuf(m3, m3, 0x1b)
    m1, m3 = butterfly(m1, m3, row(6) + row(7))
    m4 = _perm(m5, m2, 0x20)
    m5 = _perm(m5, m2, 0x31)
    m5 = _shuf(m5, m5, 0x1b)
    m4, m5 = butterfly(m4, m5, row(6) + row(7))
    # pass 4 (lanes 2, 3 of each half negated), pass 5 (lanes 1, 3)
    neg4 = [0, 0, 1, 1] * 2
    f4 = row(8) + row(9)
    m5, m4, m1, m3 = (butterfly0(r, neg4, f4, 0x1b) for r in (m5, m4, m1, m3))
    neg5 = [0, 1, 0, 1] * 2
    f5 = row(10) + row(11)
    m5, m4, m1, m3 = (butterfly0(r, neg5, f5, 0xb1) for r in (m5, m4, m1, m3))
    out = m3 + m5[:4] + m4[:4] + m5[4:] + m4[4:] + m1
    regs = {0: m1[4], 1: m1[0], 3: m3[0], 4: m4[0], 5: m5[0], 6: m3[4]}
    tmp = None
    # pass 6
    for tok in _PASS6.split():
        if tok[0] == "T":
            tmp = out[int(tok[1:])]
        elif tok[0] == "W":
            out[int(tok[1:])] = tmp
        elif tok[0] == "S":
            o, r = tok[1:].split("=")
            out[int(o)] = regs[int(r)]
        elif "=" in tok:
            r, o = tok.split("=")
            regs[int(r)] = out[int(o)]
        else:
            r, src = tok.split("+")
            other = regs[int(src[1:])] if src[0] == "m" else out[int(src)]
            regs[int(r)] = tr.op(OP_ADD, regs[int(r)], other)
    # renumber: inputs, constants, then values
    nconst = len(tr.const_values)

    def slot(s):
        if s < 0:
            return 32 + (-1 - s)
        return s if s < 32 else s + nconst

    ops = np.array([(k, slot(d), slot(a), slot(b)) for k, d, a, b in tr.ops], np.int64)
    consts = np.array(tr.const_values, np.float32)
    outputs = np.array([slot(s) for s in out], np.int64)
    return ops, consts, outputs, 32 + nconst + (tr.next - 32)


DCT_OPS, DCT_CONSTS, DCT_OUTPUTS, DCT_SLOTS = _build()


def straight_line_source(row: int) -> str:
    """The source of synthesis_jit.dct32: the program written out as float32 statements on
    locals, once per slot, the inputs read from and the outputs written to flat arrays whose
    rows are `row` values apart (so that the compiler sees independent lanes and runs the
    slots in vectors). synthesis_jit holds this text; a test checks that it still matches."""
    nconst = len(DCT_CONSTS)

    def name(s: int) -> str:
        if 32 <= s < 32 + nconst:
            return "k%d" % (s - 32)
        return "v%d" % s

    lines = [
        "@leaf",
        "def dct32(x, y, slots):",
        '    """The 32-point DCT of slots 0..slots-1: input i of slot s at x[%d * i + s], output'
        % row,
        "    k of slot s to y[%d * k + 15 + s]. Generated by" % row,
        '    dct32_program.straight_line_source(%d): do not edit."""' % row,
        "    if x.shape[0] < %d or y.shape[0] < %d or slots < 0 or slots > %d:"
        % (32 * row, 32 * row, row - 15),
        "        return",
    ]
    lines += ["    k%d = _K[%d]" % (i, i) for i in range(nconst)]
    lines.append("    for s in range(slots):")
    lines += ["        v%d = x[%d + s]" % (i, row * i) for i in range(32)]
    symbol = {OP_ADD: "+", OP_SUB: "-", OP_MUL: "*"}
    for kind, d, a, b in DCT_OPS:
        lines.append("        %s = %s %s %s" % (name(d), name(a), symbol[int(kind)], name(b)))
    lines += ["        y[%d + s] = %s" % (row * k + 15, name(int(s)))
              for k, s in enumerate(DCT_OUTPUTS)]
    return "\n".join(lines) + "\n"
