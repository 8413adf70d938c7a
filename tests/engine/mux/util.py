"""Helpers for the muxer tests: run the real ffmpeg 5.1.9 and cine's Remux on the same job and
compare the output bytes."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from cine.engine.demux import open_input
from cine.engine.formats.muxers import guess_format
from cine.engine.model import CodecParameters
from cine.engine.pipeline.copy import Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

FFMPEG = "/usr/bin/ffmpeg"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

needs_ffmpeg = pytest.mark.skipif(not os.path.exists(FFMPEG), reason="reference ffmpeg absent")


def codec_par(**fields) -> CodecParameters:
    """CodecParameters with these fields set (the muxer unit tests' streams)."""
    par = CodecParameters()
    for name, value in fields.items():
        setattr(par, name, value)
    return par


def fixture(rel: str) -> str:
    path = os.path.join(ROOT, rel)
    if not os.path.exists(path):
        pytest.skip("missing fixture %s" % rel)
    return path


def cine_remux(inp: str, out: str, maps: list[int], fmt: str | None = None,
               options: dict | None = None, **outkw):
    logs = []
    src = open_input(inp)
    try:
        spec = OutputSpec(out, fmt or guess_format(out), [StreamMap(0, m) for m in maps],
                          options=dict(options or {}), **outkw)
        job = Job(inputs=[InputSpec(inp)], outputs=[spec])
        r = Remux(job, [src], lambda c, l, m: logs.append((c, l, m)))
        ctxs = r.init_outputs()
        summary = r.run()
    finally:
        src.close()
    return ctxs, summary, logs


def ref_remux(inp: str, out: str, maps: list[int], args: tuple = ()) -> subprocess.CompletedProcess:
    argv = [FFMPEG, "-hide_banner", "-nostdin", "-y", "-i", inp]
    for m in maps:
        argv += ["-map", "0:%d" % m]
    argv += ["-c", "copy", *args, out]
    return subprocess.run(argv, capture_output=True)


def compare(tmp_path, rel: str, ext: str, maps: list[int], fmt: str | None = None,
            args: tuple = (), options: dict | None = None):
    """Remux `rel` with both tools; returns (cine bytes, reference bytes)."""
    inp = fixture(rel)
    ref = str(tmp_path / ("ref." + ext))
    out = str(tmp_path / ("cine." + ext))
    fargs = tuple(args) + (("-f", fmt) if fmt else ())
    p = ref_remux(inp, ref, maps, fargs)
    assert p.returncode == 0, p.stderr.decode()[-500:]
    cine_remux(inp, out, maps, fmt, options)
    with open(ref, "rb") as a, open(out, "rb") as b:
        return b.read(), a.read()


def which(name: str) -> bool:
    return shutil.which(name) is not None
