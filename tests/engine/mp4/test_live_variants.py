"""MP4 variants made by the real ffmpeg 5.1.9, compared field by field with the real ffprobe
(-show_format -show_streams) and, for packets, -show_packets. Skipped without /usr/bin/ffmpeg."""
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_fields import diff  # noqa: E402

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
pytestmark = pytest.mark.skipif(not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)),
                                reason="reference tools not installed")

V = ["-f", "lavfi", "-i", "testsrc=d=1:s=160x120:r=25"]
A = ["-f", "lavfi", "-i", "sine=f=440:d=1"]
VARIANTS = {
    "plain.mp4": V + A + ["-c:v", "libx264", "-c:a", "aac"],
    "faststart.mp4": V + A + ["-c:v", "libx264", "-c:a", "aac", "-movflags", "+faststart"],
    "frag.mp4": V + A + ["-c:v", "libx264", "-c:a", "aac", "-movflags", "frag_keyframe+empty_moov"],
    "cmaf.mp4": V + A + ["-c:v", "libx264", "-c:a", "aac", "-movflags",
                         "+cmaf+frag_keyframe+empty_moov+default_base_moof"],
    "qt.mov": V + A + ["-c:v", "mpeg4", "-c:a", "pcm_s16le"],
    "t.3gp": V + A + ["-c:v", "h263", "-s", "176x144", "-c:a", "aac", "-ar", "8000", "-ac", "1"],
    "alac.m4a": A + ["-c:a", "alac"],
    "opus.mp4": A + ["-c:a", "libopus"],
    "tmcd.mov": V + ["-c:v", "libx264", "-timecode", "01:02:03:04"],
    "tcdrop.mov": ["-f", "lavfi", "-i", "testsrc=d=1:s=64x48:r=30000/1001", "-c:v", "libx264",
                   "-timecode", "01:02:03;04"],
    "pcm6.mov": ["-f", "lavfi", "-i", "sine=d=1", "-ac", "6", "-c:a", "pcm_s16le"],
    "chapters.mp4": V + ["-f", "ffmetadata", "-i", "CHAPTERS", "-map", "0", "-map_metadata", "1",
                         "-c:v", "libx264"],
    "cover.m4a": A + ["-f", "lavfi", "-i", "testsrc=d=1:s=64x48", "-frames:v", "1", "-map", "0", "-map", "1",
                      "-c:a", "aac", "-c:v", "mjpeg", "-disposition:v", "attached_pic"],
    "bframes.mp4": V + ["-c:v", "libx264", "-bf", "3", "-g", "10"],
    "meta.mp4": V + A + ["-c:v", "libx264", "-c:a", "aac", "-metadata", "title=T",
                         "-metadata:s:a:0", "language=fra"],
}


CHAPTERS = (";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle=One\n"
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART=500\nEND=1000\ntitle=Two\n")


def _make(tmp_path, name, args):
    out = str(tmp_path / name)
    if "CHAPTERS" in args:
        meta = tmp_path / "chapters.txt"
        meta.write_text(CHAPTERS)
        args = [str(meta) if a == "CHAPTERS" else a for a in args]
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y"] + args + [out], check=True)
    return out


def _probe(path, *what):
    r = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json"] + list(what) + [path], capture_output=True)
    return json.loads(r.stdout)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_fields_and_packets(tmp_path, name):
    from cine.engine.demux import open_input
    path = _make(tmp_path, name, VARIANTS[name])
    inp = open_input(path)
    assert diff(inp.ctx, _probe(path, "-show_format", "-show_streams")) == []
    inp.close()
    # demuxer packets: same order, timestamps, positions and sizes as the reference
    ref = _probe(path, "-show_packets")["packets"]
    inp = open_input(path, find_stream_info=False)
    mine = []
    while True:
        p = inp.demuxer.read_packet()
        if p is None:
            break
        mine.append((p.stream_index, p.pts, p.dts, p.pos, len(p.data)))
    theirs = [(q["stream_index"], q.get("pts"), q.get("dts"), int(q["pos"]), int(q["size"])) for q in ref]
    assert mine == theirs


def test_edit_list_from_stream_copy(tmp_path):
    from cine.engine.demux import open_input
    src = _make(tmp_path, "src.mp4", V + A + ["-c:v", "libx264", "-bf", "2", "-c:a", "aac"])
    cut = str(tmp_path / "cut.mp4")
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-ss", "0.3", "-i", src,
                    "-c", "copy", cut], check=True)
    inp = open_input(cut)
    assert diff(inp.ctx, _probe(cut, "-show_format", "-show_streams")) == []


def test_pipe_input_matches_reference(tmp_path):
    from cine.engine.demux import open_input
    from cine.engine.io.pipe_reader import open_stream
    for name in ("plain.mp4", "faststart.mp4", "frag.mp4"):
        path = _make(tmp_path, name, VARIANTS[name])
        with open(path, "rb") as f:
            r = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_format", "-show_streams", "-"],
                               stdin=f, capture_output=True)
        with open(path, "rb") as f:
            inp = open_input("-", source=open_stream(f))
            assert diff(inp.ctx, json.loads(r.stdout)) == [], name


def test_codec_parameter_failures_match_reference_warnings():
    """ctx.codec_param_failures lists what the reference warns about ("Could not find codec
    parameters for stream N (...): reason") for corpus init segments and truncated files."""
    import re
    from corpus_fields import CORPUS
    from cine.engine.demux import open_input
    names = ["shaka/dash-vr_init.mp4", "mp4parse/mp4parse_capi_tests_bipbop_nonfragment_header.mp4",
             "mp4parse/mp4parse_tests_metadata.mp4", "shaka/6339_a.mp4"]
    for name in names:
        path = os.path.join(CORPUS, "files", name)
        if not os.path.exists(path):
            pytest.skip("corpus missing")
        err = subprocess.run([FFPROBE, "-hide_banner", path], capture_output=True, text=True).stderr
        ref = [(int(m.group(1)), m.group(2))
               for m in re.finditer(r"Could not find codec parameters for stream (\d+) \(.*\): (.*)", err)]
        assert open_input(path).ctx.codec_param_failures == ref, name
