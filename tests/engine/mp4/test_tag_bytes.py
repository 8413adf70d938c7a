"""Tag values keep their raw bytes: invalid UTF-8 in an MP4 tag is printed exactly as the
reference prints it (replacement characters, the warning, xml escaping) in every writer."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FFMPEG, FFPROBE = "/usr/bin/ffmpeg", "/usr/bin/ffprobe"
pytestmark = pytest.mark.skipif(not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)),
                                reason="needs the real FFmpeg 5.1.9 as oracle")
ADDR = re.compile(rb"@ 0x[0-9a-f]+")


@pytest.fixture(scope="module")
def bad_tag_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("tags") / "badtag.m4a"
    title = b"caf\xe9 \xff end"
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=0.2",
                    "-metadata", "title=" + os.fsdecode(title), "-metadata", "artist=ok", str(out)],
                   check=True)
    return str(out)


@pytest.mark.parametrize("writer", ["json", "default", "xml", "flat", "csv", "ini",
                                    "json=sv=ignore", "default=sv=fail"])
def test_invalid_utf8_tags_like_reference(bad_tag_file, writer):
    args = ["-hide_banner", "-of", writer, "-show_format", bad_tag_file]
    ref = subprocess.run([FFPROBE, *args], capture_output=True)
    got = subprocess.run([sys.executable, "-m", "cine", "ffprobe", *args], capture_output=True, cwd=ROOT)
    assert got.returncode == ref.returncode
    assert got.stdout == ref.stdout
    assert ADDR.sub(b"@ 0x", got.stderr) == ADDR.sub(b"@ 0x", ref.stderr)
