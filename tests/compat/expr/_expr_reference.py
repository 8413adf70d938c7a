"""Expressions evaluated by FFmpeg 5.1.9 itself and by cine, for the differential tests.

The reference evaluates up to 64 expressions at once as the channels of
  ffmpeg -v error -f lavfi -i "aevalsrc=exprs='E1|E2|...':s=8000:d=0.001" -f f64le -
(each channel its own AVExpr, at n = 0..7, t = n/8000, s = 8000; ch = 0, nb_in_channels = NaN,
nb_out_channels = the channel count) and reports a parse failure as "[Eval @ ...] message" lines
on stderr. Expressions must not hold ':', '|', "'" or '\\' (the filter-graph syntax).
"""
from __future__ import annotations

import math
import os
import re
import shutil
import struct
import subprocess

from cine.compat.expr import ExprError, compile_expr

NAMES = ("ch", "n", "nb_in_channels", "nb_out_channels", "t", "s")
SAMPLES = 8
FFMPEG = "/usr/bin/ffmpeg"
_EVAL = re.compile(r"\[Eval @ 0x[0-9a-f]+\] (.*)")
_version: list = []


def have_reference() -> bool:
    if not _version:
        ok = False
        if os.path.exists(FFMPEG) and shutil.which("ffmpeg"):
            out = subprocess.run([FFMPEG, "-version"], capture_output=True, text=True).stdout
            ok = out.startswith("ffmpeg version 5.1.9")
        _version.append(ok)
    return _version[0]


def _bits(x: float) -> str:
    return struct.pack("<d", x).hex()


def _run(exprs: list):
    graph = "aevalsrc=exprs='%s':s=8000:d=0.001" % "|".join(exprs)
    p = subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i", graph,
                        "-f", "f64le", "-"], capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def reference(exprs: list) -> list:
    """For each expression: ("ok", [hex bits of the 8 values]) or ("error", [Eval lines])."""
    out: list = []
    for i in range(0, len(exprs), 64):
        batch = exprs[i:i + 64]
        rc, data, err = _run(batch)
        if rc == 0 and len(data) == 8 * SAMPLES * len(batch):
            vals = struct.unpack("<%dd" % (len(data) // 8), data)
            out += [("ok", [_bits(vals[n * len(batch) + k]) for n in range(SAMPLES)])
                    for k in range(len(batch))]
        elif len(batch) > 1:
            out += [reference([e])[0] for e in batch]
        else:
            out.append(("error", _EVAL.findall(err)))
    return out


def cine(exprs: list, channels: list = None) -> list:
    """The same, computed by cine (channels: the nb_out_channels each one saw)."""
    out = []
    for k, e in enumerate(exprs):
        try:
            f = compile_expr(e, NAMES)
        except ExprError as x:
            out.append(("error", list(x.lines)))
            continue
        nb = float(channels[k] if channels else 1)
        out.append(("ok", [_bits(f(0.0, n, math.nan, nb, n / 8000, 8000.0))
                           for n in range(SAMPLES)]))
    return out


def compare(exprs: list) -> list:
    """The expressions where cine and the reference differ: (expr, reference, cine). The ones
    cine rejects run alone; the others in batches of 64 (alone again when a batch fails)."""
    bad = {e for e, r in zip(exprs, cine(exprs)) if r[0] == "error"}
    good = [e for e in exprs if e not in bad]
    ref = dict(zip(good, reference(good)))
    ref.update((e, reference([e])[0]) for e in bad)
    channels = {}
    for i in range(0, len(good), 64):
        batch = good[i:i + 64]
        n = len(batch) if all(ref[e][0] == "ok" for e in batch) else 1
        channels.update((e, n) for e in batch)
    mine = cine(exprs, [channels.get(e, 1) for e in exprs])
    return [(e, ref[e], m) for e, m in zip(exprs, mine) if ref[e] != m]
