"""H.264 B pictures against the reference, beyond the per-frame planes that test_decode_inter.py
checks for every fixtures/h264/inter stream (its b_* fixtures):

- the whole `ffmpeg -i X -f framemd5 -` output of cine's CLI equals the stored golden line
  for line (output order with the reorder delay, pts, dts, durations);
- fresh libx264 streams with B-frames compared live (skipped without /usr/bin/ffmpeg):
  pyramids, direct modes, weights, CAVLC, many B-frames, noise;
- thumbnails through the CLI (-ss before -i, -vf fps, select on I pictures) live;
- damaged B streams raise nothing but CineError.
"""
from __future__ import annotations

import hashlib
import random
import shutil
import subprocess

import pytest

from cine.compat.cli import ffmpeg_main
from cine.engine.codecs.h264.avcc import split_annexb
from cine.engine.codecs.h264.decoder import H264Decoder
from cine.engine.errors import CineError

from h264_decode_support import (HERE, ROOT, decode_damaged, decode_keyframes, frame_md5,
                                 golden_frames)

INTER = ROOT / "fixtures" / "h264" / "inter"
GOLDENS = HERE / "goldens" / "inter"
FFMPEG = "/usr/bin/ffmpeg"
B_FIXTURES = sorted(p for p in INTER.iterdir() if p.name.startswith("b_"))
live = pytest.mark.skipif(shutil.which(FFMPEG) is None, reason="no reference ffmpeg here")


def _cine(argv, capfd) -> tuple[int, str]:
    rc = ffmpeg_main(["-hide_banner", "-nostdin", "-loglevel", "error", *argv])
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    return rc, out


def _reference(argv, cwd=None) -> str:
    return subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", *argv],
                          check=True, capture_output=True, text=True, cwd=cwd).stdout


def test_b_fixtures_are_there():
    assert len(B_FIXTURES) >= 20
    for path in B_FIXTURES:
        assert (GOLDENS / (path.name + ".framemd5")).exists()


@pytest.mark.parametrize("path", B_FIXTURES, ids=lambda p: p.name)
def test_cli_framemd5_equals_the_golden(path, capfd):
    rc, out = _cine(["-i", str(path), "-map", "0:v:0", "-f", "framemd5", "-"], capfd)
    assert rc == 0
    want = (GOLDENS / (path.name + ".framemd5")).read_text()
    assert out == want


def test_b_pictures_and_output_order():
    """The fixtures hold B pictures, they come out in presentation order, and a B picture
    is never first."""
    for path in B_FIXTURES:
        frames = decode_keyframes(path, skip_frame="default")
        types = [f.pict_type for f in frames]
        assert "B" in types and types[0] == "I", path.name
        pts = [f.pts for f in frames if f.pts is not None]
        assert pts == sorted(pts), path.name


LIVE = [
    ("pyramid_normal_noise", "bframes=3:b-pyramid=normal:weightb=1:ref=3",
     "testsrc2=s=112x80:r=25,noise=alls=25:allf=t+u"),
    ("temporal_strict", "bframes=4:b-pyramid=strict:direct=temporal:ref=2:partitions=all",
     "testsrc2=s=96x64:r=25,scroll=h=0.02"),
    ("auto_direct_badapt2", "bframes=8:b-adapt=2:direct=auto:weightb=1:ref=4",
     "mandelbrot=s=80x64:r=25,format=yuv420p"),
    ("cavlc_b", "cabac=0:bframes=2:b-pyramid=none:weightb=0:8x8dct=0",
     "testsrc2=s=128x72:r=25,fade=in:0:10"),
    ("cavlc_b_8x8_temporal", "cabac=0:bframes=3:direct=temporal:8x8dct=1:partitions=all",
     "testsrc2=s=80x48:r=25,noise=alls=15:allf=t"),
    ("no_direct_inference", "bframes=3:direct-8x8=0:partitions=all:ref=2:weightb=1",
     "testsrc2=s=96x96:r=25,scroll=v=0.03"),
]


@live
@pytest.mark.parametrize("name,params,source", LIVE, ids=[c[0] for c in LIVE])
def test_live_b_streams_against_the_reference(tmp_path, name, params, source):
    path = tmp_path / (name + ".h264")
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi",
                    "-i", source, "-frames:v", "18", "-c:v", "libx264", "-threads", "1",
                    "-preset", "medium", "-crf", "27", "-g", "30", "-x264-params", params,
                    str(path)], check=True)
    golden = tmp_path / (name + ".framemd5")
    golden.write_text(_reference(["-i", str(path), "-f", "framemd5", "-"]))
    _tb, want = golden_frames(golden)
    got = [frame_md5(f) for f in decode_keyframes(path, skip_frame="default")]
    exact = sum(g == w[2] for g, w in zip(got, want))
    assert (exact, len(got)) == (len(want), len(want)), "%s: %d of %d bit-exact" % (
        name, exact, len(want))


THUMBS = [
    ["-ss", "1.3", "-i", "b_3s.mp4", "-frames:v", "1", "-f", "framemd5", "-"],
    ["-i", "b_3s.mp4", "-vf", "fps=1", "-f", "framemd5", "-"],
    ["-i", "b_3s.mp4", "-vf", "fps=1/2", "-f", "framemd5", "-"],
    ["-i", "b_3s.mp4", "-vf", "select=eq(pict_type\\,I)", "-vsync", "vfr", "-f", "framemd5", "-"],
    ["-i", "b_3s.mp4", "-vf", "select=eq(pict_type\\,B)", "-vsync", "vfr", "-f", "framemd5", "-"],
    ["-ss", "2", "-i", "b_3s.mp4", "-vf", "fps=5", "-f", "framemd5", "-"],
]


@live
@pytest.mark.parametrize("argv", THUMBS, ids=lambda a: " ".join(a[:-3]))
def test_cli_thumbnails_against_the_reference(argv, capfd, monkeypatch):
    monkeypatch.chdir(INTER)
    want = _reference(argv, cwd=INTER)
    rc, out = _cine(argv, capfd)
    assert rc == 0
    assert out == want


@live
def test_cli_jpeg_thumbnail_against_the_reference(tmp_path, capfd):
    src = str(INTER / "b_3s.mp4")
    ref, mine = tmp_path / "ref.jpg", tmp_path / "cine.jpg"
    _reference(["-ss", "1.3", "-i", src, "-frames:v", "1", str(ref)])
    rc, _out = _cine(["-ss", "1.3", "-i", src, "-frames:v", "1", str(mine)], capfd)
    assert rc == 0
    assert hashlib.md5(mine.read_bytes()).digest() == hashlib.md5(ref.read_bytes()).digest()


@pytest.mark.parametrize("seed", range(4))
def test_damaged_b_streams_raise_only_cine_errors(seed):
    """Bytes flipped or the stream cut anywhere in B streams: decoding goes on with what it
    can, never another exception."""
    rng = random.Random(1000 + seed)
    files = [p for p in B_FIXTURES if p.suffix == ".h264"]
    decode_damaged(files, rng, rounds=10, most_flips=10)


def test_lost_reference_before_b_pictures_is_survived():
    """The P picture B pictures predict from missing: the stream still decodes to the end
    (its pictures concealed or predicted from what is there), no exception."""
    nals = split_annexb((INTER / "b_default.h264").read_bytes())
    slices = [i for i, n in enumerate(nals) if n[0] & 0x1F == 1 and n[0] & 0x60]
    drop = slices[1]
    dec = H264Decoder(b"")
    frames = []
    for i, nal in enumerate(nals):
        if i != drop:
            frames += dec.decode(b"\x00\x00\x00\x01" + nal, 0, 0, 1)
    frames += dec.flush()
    assert len(frames) >= 18


def test_select_on_i_pictures_decodes_only_i_pictures(monkeypatch, capfd, tmp_path):
    """select=eq(pict_type\\,I) first in the chain: the planner lets only the I pictures reach
    the decoder for decoding (no P or B picture is decoded) and they are the reference's
    I pictures (the golden's planes)."""
    from cine.engine.codecs.h264 import decoder as h264_decoder
    decoded = []
    real = h264_decoder.decode_picture

    def spy(job):
        decoded.append({sl.sh.slice_type for sl in job.slices})
        return real(job)

    monkeypatch.setattr(h264_decoder, "decode_picture", spy)
    path = INTER / "b_3s.mp4"
    rc, out = _cine(["-i", str(path), "-vf", "select=eq(pict_type\\,I)", "-vsync", "vfr",
                     "-f", "framemd5", "-"], capfd)
    assert rc == 0
    assert decoded and all(types == {2} for types in decoded)
    md5s = [ln.rsplit(",", 1)[1].strip() for ln in out.splitlines() if ln and ln[0] != "#"]
    frames = decode_keyframes(path, skip_frame="default")
    assert md5s == [frame_md5(f) for f in frames if f.pict_type == "I"]


def test_worker_threads_do_not_change_b_pictures():
    path = INTER / "b_noise_high.mp4"
    one = decode_keyframes(path, skip_frame="default")
    three = decode_keyframes(path, skip_frame="default", threads=3)
    assert [(f.pts, frame_md5(f)) for f in one] == [(f.pts, frame_md5(f)) for f in three]
