"""The probe path is stdlib only: probing never imports numpy, numba (or other heavy deps)."""
import json
import os
import subprocess
import sys

import pytest

from _hostile import ROOT

HEAVY = ("numpy", "numba", "cffi", "llvmlite", "scipy")

SCRIPT = r"""
import io, json, sys
from cine.compat.cli import ffprobe_main
out = io.StringIO()
real = sys.stdout
rcs = []
for argv in json.loads(sys.argv[1]):
    rcs.append(ffprobe_main(argv))
mods = sorted(m for m in sys.modules if m.split('.')[0] in %r)
real.write("\nMODULES=" + json.dumps({"mods": mods, "rcs": rcs}) + "\n")
""" % (HEAVY,)


@pytest.mark.parametrize("fixture", ["h264_aac.mp4", "hevc_main10_hdr.mp4", "aac_51.mp4",
                                     "many_samples.mp4", "prores_4444.mov", "opus.mp4"])
def test_probe_imports_no_numpy_numba(fixture):
    path = os.path.join("fixtures", "mp4", fixture)
    runs = [["-v", "quiet", "-of", "json", "-show_format", "-show_streams", path],
            ["-hide_banner", "-show_format", "-show_chapters", "-of", "xml", path]]
    p = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(runs)], cwd=ROOT,
                       capture_output=True, timeout=300)
    tail = p.stdout.rsplit(b"\nMODULES=", 1)
    assert len(tail) == 2, p.stderr.decode(errors="replace")[-2000:]
    info = json.loads(tail[1])
    assert info["mods"] == [], f"heavy modules imported while probing: {info['mods']}"


def test_python_api_probe_imports_no_numpy_numba():
    code = ("import sys, cine\n"
            "try:\n    cine.probe('fixtures/mp4/h264_aac.mp4')\nexcept Exception as e:\n"
            "    print('ERR', type(e).__name__)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in %r))" % (HEAVY,))
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=300)
    assert p.stdout.strip().splitlines()[-1] == b"[]", p.stdout + p.stderr
