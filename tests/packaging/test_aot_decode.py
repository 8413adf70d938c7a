"""Decoding with the full ahead-of-time kernel build (`make aot-test`, which runs this with
CINE_AOT=1 after `make aot`; skipped otherwise): each job's output is byte for byte the
JIT's, and the process that made it never imported numba or llvmlite."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if os.environ.get("CINE_AOT") != "1" or not (ROOT / "cine" / "_aot" / "__init__.py").exists():
    pytest.skip("needs CINE_AOT=1 and the ahead-of-time build (make aot-test)",
                allow_module_level=True)

# one per kernel family: each decoder, the resampler's s16p, s32p, fltp and dblp kernels and
# its mixer, H.264 CABAC and CAVLC with deblocking, the JPEG encoder and the scaler
JOBS = {
    "aac_whisper": "-i fixtures/aac/tns.m4a -f s16le -ac 1 -acodec pcm_s16le -ar 16000 -",
    "aac_51": "-i fixtures/aac/s51.m4a -f s16le -",
    "mp3_flt": "-i fixtures/mp3/noise48.mp3 -f f32le -ar 44100 -",
    "mp3_dbl": "-i fixtures/mp3/noise48.mp3 -f f64le -ar 22050 -",
    "opus_celt": "-i fixtures/opus/celt_fb_20ms_stereo.opus -f s16le -",
    "opus_hybrid": "-i fixtures/opus/hybrid_stereo.opus -f s16le -",
    "opus_silk": "-i fixtures/opus/silk_wb_stereo_10ms.opus -f s16le -ac 1 -",
    "vorbis": "-i fixtures/vorbis/stereo_q10.ogg -f s16le -ar 32000 -",
    "flac": "-i fixtures/flac/ch6_s24.flac -f wav -",
    "flac_s32": "-i fixtures/flac/ch6_s24.flac -f wav -acodec pcm_s32le -ar 44100 -",
    "alac": "-i fixtures/alac/s24_stereo.m4a -f wav -",
    "h264_cabac": "-skip_frame nokey -i fixtures/h264/cabac_main.h264 -f framemd5 -",
    "h264_cavlc": "-skip_frame nokey -i fixtures/h264/high_cavlc_8x8.h264 -f framemd5 -",
    "jpeg_scaled": "-i fixtures/h264/cabac_main.h264 -frames:v 1 -vf scale=64:48 -f mjpeg -",
}

# runs the ffmpeg face on argv; its output goes to stdout, the numba/llvmlite modules the
# process imported to the file named last
SCRIPT = r"""
import json, sys
from cine.compat.cli import ffmpeg_main
rc = ffmpeg_main(sys.argv[1:-1])
mods = sorted(m for m in sys.modules if m.split(".")[0] in ("numba", "llvmlite"))
with open(sys.argv[-1], "w") as f:
    json.dump({"rc": rc, "mods": mods}, f)
"""


def _run(argv, report, aot: bool):
    env = {**os.environ, "CINE_AOT": "1" if aot else ""}
    p = subprocess.run([sys.executable, "-c", SCRIPT, "-nostdin", "-v", "error", *argv,
                        str(report)], cwd=ROOT, env=env, capture_output=True, timeout=300)
    return p, json.loads(report.read_text())


@pytest.mark.parametrize("job", sorted(JOBS))
def test_aot_output_is_the_jits(job, tmp_path):
    argv = JOBS[job].split()
    aot, aot_info = _run(argv, tmp_path / "aot.json", True)
    jit, jit_info = _run(argv, tmp_path / "jit.json", False)
    assert aot_info["mods"] == [], aot_info["mods"][:5]
    assert jit_info["mods"], "the JIT run loaded no numba: the job runs no kernel"
    assert (aot_info["rc"], aot.stderr) == (jit_info["rc"], jit.stderr)
    assert aot.stdout and aot.stdout == jit.stdout
