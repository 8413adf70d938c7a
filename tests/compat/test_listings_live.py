"""The listing goldens (tests/compat/goldens/listings) against the real FFmpeg 5.1.9 run now,
for both tools, and cine's libavutil data tables against the live output (skipped when the
reference is absent; the stored goldens keep the other checks running without it)."""
from __future__ import annotations

import functools
import os
import re
import subprocess

import pytest

from cine.compat.listings import FFMPEG_LISTINGS, LISTINGS

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "listings")


@functools.lru_cache(maxsize=None)
def _reference_ok(tool: str) -> bool:
    path = "/usr/bin/" + tool
    if not os.access(path, os.X_OK):
        return False
    out = subprocess.run([path, "-version"], capture_output=True, text=True).stdout
    return out.startswith("%s version 5.1.9" % tool)


def _live(tool: str, listing: str) -> str:
    if not _reference_ok(tool):
        pytest.skip("/usr/bin/%s 5.1.9 is not installed" % tool)
    p = subprocess.run(["/usr/bin/" + tool, "-hide_banner", "-" + listing], capture_output=True,
                       timeout=60)
    assert (p.returncode, p.stderr) == (0, b"")
    return p.stdout.decode()


@pytest.mark.parametrize("tool,listing", [("ffmpeg", n) for n in sorted(FFMPEG_LISTINGS)]
                         + [("ffprobe", n) for n in sorted(LISTINGS)])
def test_golden_is_the_live_reference(tool, listing):
    with open(os.path.join(GOLDENS, listing + ".txt")) as f:
        assert _live(tool, listing) == f.read(), "run tests/compat/listings_regen.py"


@pytest.mark.parametrize("listing", ["sample_fmts", "layouts", "dispositions"])
def test_libavutil_tables_are_the_live_reference(listing):
    assert LISTINGS[listing]() == _live("ffprobe", listing)


def test_buildconf_layout_is_the_references():
    """The layout test_listings.py checks cine's -buildconf against."""
    assert re.fullmatch(r"\n  configuration:\n(    --\S+\n)+", _live("ffmpeg", "buildconf"))
