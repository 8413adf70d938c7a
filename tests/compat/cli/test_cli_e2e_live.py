"""-select_streams and -show_entries end to end (cine's whole ffprobe) against the real ffprobe
5.1.9, on a small MP4 made by the real ffmpeg: stdout, stderr and exit code must be identical."""
from __future__ import annotations

import os
import subprocess

import pytest

from _cli_live import normalise, real_available, run_cine, run_real

FFMPEG = "/usr/bin/ffmpeg"


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    if not real_available() or not os.access(FFMPEG, os.X_OK):
        pytest.skip("needs /usr/bin/ffmpeg and /usr/bin/ffprobe 5.1.9")
    d = tmp_path_factory.mktemp("e2e")
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=d=0.5:s=64x48:r=10",
                    "-f", "lavfi", "-i", "sine=d=0.5", "-f", "lavfi", "-i", "sine=f=880:d=0.5",
                    "-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-c:a", "aac",
                    "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fra",
                    "-disposition:a:1", "0", str(d / "m.mp4")], check=True)
    return d


SPECS = ["v", "a", "a:1", "0", "2", "s", "d", "t", "V", "m:language:eng", "m:language", "p:1", "u",
         "a:0x1", "#2", "i:3", "", "x", "a:1x", "v:"]
ENTRIES = ["format=duration,size:stream=index,codec_name:stream_tags=language",
           "stream_disposition", "format_tags=encoder", "stream_side_data_list",
           "program_stream_tags", "stream=INDEX,Codec_Name", "disposition=default:format=nb_streams",
           "stream=index:stream=codec_name", "stream=", "streams", "format"]
WRITERS = ["default", "json", "flat", "xml", "csv", "ini", "compact=p=0:nk=1", "default=nw=1:nk=1"]

CASES = ([["-v", "error", "-select_streams", s, "-show_entries",
           "stream=index,codec_type:stream_tags=language", "-of", "compact"] for s in SPECS]
         + [["-v", "error", "-select_streams", "x", "-show_error", "-show_streams"]]
         + [["-v", "error", "-show_entries", e, "-of", w] for e in ENTRIES for w in WRITERS]
         + [["-v", "error", "-show_streams", "-show_entries", "stream=index"],
            ["-v", "error", "-show_entries", "stream=index", "-show_streams"],
            ["-v", "error", "-pretty", "-show_format"],
            ["-v", "error", "-sexagesimal", "-unit", "-show_entries", "format=duration,bit_rate"],
            ["-v", "error", "-of", "json=c=1", "-show_format"]])


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c) for c in CASES])
def test_e2e_same_as_reference(media, argv):
    full = ["-hide_banner", *argv, "m.mp4"]
    cine = run_cine(full, cwd=str(media))
    real = run_real(full, cwd=str(media))
    assert normalise(cine[1]) == normalise(real[1]), "stderr differs"
    assert cine[0] == real[0], "stdout differs"
    assert cine[2] == real[2], "exit code differs"
