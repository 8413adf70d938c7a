"""H264Decoder on P and B pictures against the reference: every frame of every
fixtures/h264/inter stream (p_*: no B-frames; CAVLC and CABAC, partitions down to 4x4, several
references with list modification, explicit weighted prediction, slices, odd sizes, 4:0:0,
motion past the picture edges; b_*: B-frames with spatial and temporal direct prediction,
pyramids, implicit weights, MMCO, CAVLC and CABAC: see also test_decode_bframes.py) decodes
to the planes whose MD5 `ffmpeg -i X -f framemd5 -` printed (goldens/inter/, made by
make_inter_goldens.sh), in order; when /usr/bin/ffmpeg is here, fresh libx264 streams are
compared live as well. Damaged P and B streams raise nothing but CineError."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from cine.engine.codecs.h264.avcc import split_annexb
from cine.engine.codecs.h264.decoder import H264Decoder
from cine.engine.errors import CineError

from h264_decode_support import (HERE, ROOT, decode_damaged, decode_keyframes, frame_md5,
                                 golden_frames)

INTER = ROOT / "fixtures" / "h264" / "inter"
GOLDENS = HERE / "goldens" / "inter"
FFMPEG = "/usr/bin/ffmpeg"


def _name(golden) -> str:
    return golden.name[:-len(".framemd5")]


def _check(frames, want, what):
    got = [(sum(p.size for p in f.planes), frame_md5(f)) for f in frames]
    exact = sum(g == (size, md5) for g, (_pts, size, md5) in zip(got, want))
    assert (exact, len(got)) == (len(want), len(want)), \
        "%s: %d of %d frames bit-exact (%d decoded); first difference at frame %s" % (
            what, exact, len(want), len(got),
            next((i for i, (g, w) in enumerate(zip(got, want)) if g != w[1:]), None))


def test_every_inter_fixture_has_a_golden():
    names = {p.name for p in INTER.iterdir() if p.suffix in (".h264", ".mp4")}
    assert len(names) >= 36
    assert names == {_name(g) for g in GOLDENS.glob("*.framemd5")}


@pytest.mark.parametrize("golden", sorted(GOLDENS.glob("*.framemd5")), ids=_name)
def test_inter_fixture_every_frame(golden):
    _tb, want = golden_frames(golden)
    frames = decode_keyframes(INTER / _name(golden), skip_frame="default")
    _check(frames, want, _name(golden))
    types = [f.pict_type for f in frames]
    if _name(golden).startswith("b_"):
        assert types.count("B") >= len(frames) // 4 and types.count("P") > 0
    else:
        assert types.count("P") > len(frames) // 2 and "B" not in types
    assert frames[0].key and not any(f.key for f in frames[1:] if f.pict_type != "I")


def test_threads_and_skip_levels_on_p_streams():
    """Worker threads do not change P pictures; -skip_frame nokey leaves the IDR pictures
    only (the same planes as decoding everything gives them)."""
    path = INTER / "p_noise_high.mp4"
    one = decode_keyframes(path, skip_frame="default")
    three = decode_keyframes(path, skip_frame="default", threads=3)
    assert [frame_md5(f) for f in one] == [frame_md5(f) for f in three]
    keys = decode_keyframes(path, skip_frame="nokey")
    assert [frame_md5(f) for f in keys] == [frame_md5(f) for f in one if f.key]
    assert len(keys) == 3


LIVE = [
    ("cavlc_all", ["-profile:v", "baseline", "-x264-params", "ref=4:partitions=all:subme=8"], "testsrc2=s=112x80:r=25"),
    ("cabac_8x8", ["-profile:v", "high", "-x264-params", "ref=3:partitions=all:8x8dct=1:weightp=2"], "testsrc2=s=144x96:r=25,fade=in:0:8"),
    ("cabac_slices_odd", ["-profile:v", "high", "-x264-params", "slices=3:ref=2:deblock=-2,2"], "mandelbrot=s=90x70:r=25,format=yuv420p"),
    ("cavlc_noise", ["-profile:v", "high", "-x264-params", "cabac=0:8x8dct=1:ref=2:weightp=1"], "testsrc2=s=96x64:r=25,noise=alls=30:allf=t+u"),
]


@pytest.mark.skipif(shutil.which(FFMPEG) is None, reason="no reference ffmpeg here")
@pytest.mark.parametrize("name,args,source", LIVE, ids=[c[0] for c in LIVE])
def test_live_against_the_reference(tmp_path, name, args, source):
    path = tmp_path / (name + ".h264")
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi",
                    "-i", source, "-frames:v", "10", "-c:v", "libx264", "-threads", "1",
                    "-preset", "medium", "-bf", "0", "-crf", "26", *args, str(path)], check=True)
    golden = tmp_path / (name + ".framemd5")
    golden.write_bytes(subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                                       "-i", str(path), "-f", "framemd5", "-"],
                                      check=True, capture_output=True).stdout)
    _tb, want = golden_frames(golden)
    _check(decode_keyframes(path, skip_frame="default"), want, name)


@pytest.mark.parametrize("seed", range(3))
def test_damaged_p_streams_raise_only_cine_errors(seed):
    """Bytes flipped or the stream cut anywhere: decoding goes on with what it can (damaged
    macroblocks concealed from the last reference), never another exception."""
    rng = random.Random(seed)
    files = sorted(INTER.glob("*.h264"))
    decode_damaged(files, rng, rounds=12, most_flips=12)


def test_lost_p_slice_is_concealed():
    """A P picture's slice missing: the picture still comes out, its macroblocks copied from
    the previous picture, and the loss is noted."""
    nals = split_annexb((INTER / "p_slices_cavlc.h264").read_bytes())
    slices = [i for i, n in enumerate(nals) if n[0] & 0x1F == 1]
    drop = slices[len(slices) // 2]
    units, unit = [], []
    for i, nal in enumerate(nals):
        starts = nal[0] & 0x1F in (1, 5) and nal[1] & 0x80        # first_mb_in_slice 0
        if starts and any(n[0] & 0x1F in (1, 5) for n in unit):
            units.append(unit)
            unit = []
        if i != drop:
            unit.append(nal)
    units.append(unit)
    dec = H264Decoder(b"")
    frames = []
    for unit in units:
        frames += dec.decode(b"".join(b"\x00\x00\x00\x01" + n for n in unit), 0, 0, 1)
    frames += dec.flush()
    _tb, want = golden_frames(GOLDENS / "p_slices_cavlc.h264.framemd5")
    assert len(frames) == len(want)
    assert frame_md5(frames[0]) == want[0][2]
    assert any("concealing" in e for e in dec.errors)
