"""What the H.264 decoder logs on seeked and damaged streams, against FFmpeg 5.1.9 run live.

A seek into the middle of a GOP leaves the decoder with pictures that predict from pictures it
never saw: the reference fills the frame_num gap with "non-existing" frames and logs, among
others, "co located POCs unavailable" (a B slice whose co-located picture is such a frame),
"mmco: unref short failure" (an MMCO naming a picture that is not there), "reference picture
missing during reorder", "Missing reference picture, default is N" and "decode_slice_header
error" (a slice with no reference picture at all). Each of these runs compares every
"[h264 @ ...]" line and the "Last message repeated" lines between them with the reference's,
context addresses included (numbered in order of appearance: with frame threads each
decoding thread logs from its own context, so which lines share one matters for the
folding). The runs chosen are ones where the reference logs nothing else from the decoder
(cine does not log error concealment). Skipped without /usr/bin/ffmpeg or the corpus.

The crafted runs damage a small stream libx264 makes (B pyramid: MMCOs, reordered lists):
access units dropped (frame_num gaps, missing references) or repeated (a second reference
picture with the same frame_num: "illegal short term buffer state detected").
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from h264_decode_support import CORPUS, ROOT

FFMPEG = "/usr/bin/ffmpeg"

# (corpus file, -ss, -threads)
RUNS = [
    ("shaka/hls-multivideo_blue_2.ts", "1.7", "1"),
    ("shaka/hls-multivideo_blue_2.ts", "1.7", "2"),
    ("shaka/hls-multivideo_blue_2.ts", "1.7", "3"),
    ("shaka/hls-ts-muxed-mp3-h264_seg-2-v1-a1.ts", "1.3", "1"),
    ("shaka/hls-ts-muxed-mp3-h264_seg-2-v1-a1.ts", "2.1", "2"),
    ("shaka/hls-text-offset_video-0000000073.ts", "1.3", "1"),
    ("shaka/hls-text-offset_video-0000000073.ts", "1.3", "2"),
    ("shaka/hls-ts-rollover_360p30_h264_48k_160_aac_ts-0000000031.ts", "1.3", "1"),
    ("shaka/hls-ts-muxed-opus-h264_file1.ts", "0.7", "1"),
]

_ADDR = re.compile(rb"@ 0x[0-9a-fA-F]+\]")


def _decoder_lines(stderr: bytes) -> list[str]:
    """The h264 decoder's lines and the repeat counts among them, with each context address
    replaced by its number in order of appearance."""
    seen: dict[bytes, int] = {}
    out = []
    for line in stderr.replace(b"\r", b"\n").split(b"\n"):
        if line.startswith(b"[h264 @ "):
            addr = _ADDR.search(line).group(0)
            n = seen.setdefault(addr, len(seen))
            out.append(_ADDR.sub(b"@ #%d]" % n, line, count=1).decode())
        elif line.startswith(b"    Last message repeated"):
            out.append(line.decode())
    return out


def _run(tool: list, path: str, ss: str | None, threads: str, cwd=ROOT) -> bytes:
    seek = ["-ss", ss] if ss else []
    frames = ["-frames:v", "4"] if ss else []
    argv = tool + ["-nostdin", "-hide_banner", "-threads", threads, *seek, "-i",
                   path, "-an", *frames, "-f", "null", "-"]
    env = dict(os.environ, LC_ALL="C")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH")
                                     else "")
    p = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=300, env=env)
    return p.stderr


@pytest.mark.skipif(not os.path.exists(FFMPEG), reason="needs the reference ffmpeg")
@pytest.mark.parametrize("name,ss,threads", RUNS)
def test_seek_log_lines_match_the_reference(name, ss, threads):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("corpus file missing")
    rel = os.path.relpath(path, ROOT)
    want = _decoder_lines(_run([FFMPEG], rel, ss, threads))
    got = _decoder_lines(_run([sys.executable, "-m", "cine", "ffmpeg"], rel, ss, threads))
    assert want, "the reference logged nothing here: the run no longer tests anything"
    for _ in range(3 if got != want else 0):
        # the reference's frame threads log when the scheduler lets them: on a loaded
        # machine a run can fold or order its lines otherwise, so it gets a few more runs
        want = _decoder_lines(_run([FFMPEG], rel, ss, threads))
        if got == want:
            break
    assert got == want


# (access units dropped, access units repeated, -threads), by decode order index
CRAFTED = [
    ((1,), (), "1"),
    ((5,), (), "1"),
    ((6,), (), "1"),
    ((1, 2), (), "1"),
    ((5, 6, 9), (), "1"),
    ((5, 6, 9), (), "2"),
    ((5, 6, 9), (), "3"),
    ((), (1,), "1"),
    ((), (5,), "2"),
    ((2, 3, 4, 6, 7, 8), (1, 5), "1"),
]


def _access_units(data: bytes) -> list[bytes]:
    """Annex B access units: a new one at each slice NAL unit after one that had a slice
    (the stream has one slice a picture; parameter sets and SEI go with the next slice)."""
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i)
        i = data.find(b"\x00\x00\x01", i + 3)
    units, current, has_slice = [], b"", False
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(data)
        if k + 1 < len(starts) and data[end - 1] == 0:
            end -= 1                               # a four-byte start code's leading zero
        nal = data[start - (1 if start and data[start - 1] == 0 else 0):end]
        is_slice = data[start + 3] & 0x1F in (1, 5)
        if is_slice and has_slice:
            units.append(current)
            current, has_slice = b"", False
        current += nal
        has_slice = has_slice or is_slice
    units.append(current)
    return units


@pytest.fixture(scope="module")
def x264_stream(tmp_path_factory):
    if not os.path.exists(FFMPEG):
        pytest.skip("needs the reference ffmpeg")
    out = tmp_path_factory.mktemp("h264log") / "base.h264"
    p = subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                        "testsrc=size=64x64:rate=25:duration=2", "-pix_fmt", "yuv420p", "-c:v",
                        "libx264", "-preset", "veryfast", "-x264-params",
                        "keyint=100:min-keyint=100:scenecut=0:bframes=3:b-pyramid=normal:ref=3",
                        "-f", "h264", "-y", str(out)], capture_output=True, timeout=120)
    if p.returncode:
        pytest.skip("the reference ffmpeg has no libx264")
    return out.read_bytes()


@pytest.mark.parametrize("dropped,repeated,threads", CRAFTED)
def test_damaged_stream_log_lines_match_the_reference(x264_stream, tmp_path, dropped, repeated,
                                                      threads):
    units = _access_units(x264_stream)
    assert len(units) > max(dropped + repeated)
    data = b"".join(u * (2 if i in repeated else 1) for i, u in enumerate(units)
                    if i not in dropped)
    path = tmp_path / "damaged.h264"
    path.write_bytes(data)
    want = _decoder_lines(_run([FFMPEG], path.name, None, threads, cwd=tmp_path))
    got = _decoder_lines(_run([sys.executable, "-m", "cine", "ffmpeg"], path.name, None,
                              threads, cwd=tmp_path))
    assert want, "the reference logged nothing here: the run no longer tests anything"
    assert got == want
