"""The stream-copy fast loop (engine/pipeline/fastcopy.py, whole runs of samples in
fastcopy_runs.py, merged batches of interleaved outputs in fastcopy_merge.py) against the
generic one, packet layer by packet layer: every MP4-family fixture and corpus file through the common remux
jobs, once with the fast loop allowed and once without, must give the same exit code, the
same stderr (the time-dependent fields of the stats line aside) and the same output bytes.
Both runs happen in this process; the reference itself is not needed (the generic loop is
compared with FFmpeg 5.1.9 by compat-tests/ and test_vs_reference.py)."""
from __future__ import annotations

import glob
import io
import os
import re
import sys

import pytest

from cine.compat.ffmpeg import run as ffrun
from cine.engine.pipeline import fastcopy

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "files")
_EXT = (".mp4", ".mov", ".m4a", ".m4v", ".3gp", ".3g2")

FIXTURES = sorted(f for f in glob.glob(os.path.join(ROOT, "fixtures", "mp4", "*"))
                  if f.lower().endswith(_EXT))
CORPUS_FILES = sorted(f for f in glob.glob(os.path.join(CORPUS, "**", "*"), recursive=True)
                      if f.lower().endswith(_EXT) and os.path.getsize(f) < 4_000_000)

JOBS = {
    "mp4": ["-c", "copy", "out.mp4"],
    "mkv": ["-c", "copy", "-fflags", "+bitexact", "out.mkv"],
    "m4a": ["-vn", "-c:a", "copy", "out.m4a"],
    "mov_video": ["-an", "-c:v", "copy", "out.mov"],
    "two_outputs": ["-map", "0", "-c", "copy", "a.mp4", "-map", "0:a?", "-c", "copy",
                    "-fflags", "+bitexact", "b.mka"],
    "faststart": ["-c", "copy", "-movflags", "+faststart", "-loglevel", "verbose", "out.mp4"],
}

_STATS = re.compile(rb"(fps=) *[0-9.]+|(speed=) *[0-9.e+-]+x|(speed=)N/A")


def _run(argv: list, tmp, fast: bool, monkeypatch) -> tuple:
    """(exit code, normalised stderr, {output name: bytes}, fast loop used)."""
    used = []
    orig = fastcopy._Plan.run

    def counting(self, *a):
        used.append(1)
        return orig(self, *a)
    monkeypatch.setattr(fastcopy, "ENABLED", fast)
    monkeypatch.setattr(fastcopy._Plan, "run", counting)
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        rc = ffrun.main(["-hide_banner", "-nostdin", "-y"] + argv)
    finally:
        os.chdir(cwd)
        monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    text = err.getvalue().encode("utf-8", "surrogateescape")
    # the periodic stats lines depend on the clock: only the last one stays, fps/speed masked
    parts = text.split(b"\r")
    text = b"\r".join(p for p in parts if b"speed=" not in p or p is parts[-1]) \
        if len(parts) > 1 else text
    text = _STATS.sub(rb"\1\2\3#", text)
    outs = {f: open(os.path.join(tmp, f), "rb").read() for f in sorted(os.listdir(tmp))}
    return rc, text, outs, bool(used)


def _compare(path: str, tmp_path, monkeypatch) -> dict:
    engaged = {}
    for name, args in JOBS.items():
        argv = ["-i", path] + args
        slow = _run(argv, tmp_path, False, monkeypatch)
        fast = _run(argv, tmp_path, True, monkeypatch)
        assert not slow[3]
        assert fast[0] == slow[0], (name, fast[1].decode(errors="replace"))
        assert fast[1] == slow[1], name
        assert fast[2].keys() == slow[2].keys(), name
        for k in slow[2]:
            assert fast[2][k] == slow[2][k], (name, k)
        engaged[name] = fast[3]
    return engaged


ENGAGED: dict = {}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: os.path.basename(p))
def test_fixture_same_as_generic(path, tmp_path, monkeypatch):
    ENGAGED[os.path.basename(path)] = _compare(path, tmp_path, monkeypatch)


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: os.path.relpath(p, CORPUS))
def test_corpus_same_as_generic(path, tmp_path, monkeypatch):
    _compare(path, tmp_path, monkeypatch)


TRIMMED = ("h264_aac.mp4", "many_samples.mp4", "hevc_aac.mov", "h264_bframes_refs.mp4",
           "editlist_neg_ts.mp4", "two_video.mp4", "mpeg4_aac.3g2", "audio_only_many.m4a")


@pytest.mark.parametrize("name", TRIMMED)
def test_small_batches_same_as_generic(name, tmp_path, monkeypatch):
    """Long runs go in batches and drop the index entries already read every TRIM_EVERY
    samples: with batches of a few samples and drops every few, the outputs stay the same."""
    from cine.engine.pipeline import fastcopy_merge, fastcopy_runs
    monkeypatch.setattr(fastcopy, "TRIM_EVERY", 5)
    monkeypatch.setattr(fastcopy_merge, "BATCH", 7)
    monkeypatch.setattr(fastcopy_merge, "BATCH_BYTES", 3000)
    monkeypatch.setattr(fastcopy_runs, "BATCH", 5)
    monkeypatch.setattr(fastcopy_runs, "BATCH_BYTES", 2000)
    got = _compare(os.path.join(ROOT, "fixtures", "mp4", name), tmp_path, monkeypatch)
    assert any(got.values()), got


def test_fast_loop_engages(tmp_path, monkeypatch):
    """The comparison above is not vacuous: plain H.264 + AAC files take the fast loop in
    every job, while inputs it does not describe (fragmented, edit lists that discard
    samples) stay on the generic path."""
    path = os.path.join(ROOT, "fixtures", "mp4", "h264_aac.mp4")
    got = _compare(path, tmp_path, monkeypatch)
    assert all(got.values()), got
    # audio extraction takes whole runs of samples (fastcopy_runs.py)
    from cine.engine.pipeline import fastcopy_runs
    batches = []
    orig = fastcopy_runs.RunCopier.batch

    def counting(self):
        k = orig(self)
        batches.append(k)
        return k
    monkeypatch.setattr(fastcopy_runs.RunCopier, "batch", counting)
    _run(["-i", path] + JOBS["m4a"], tmp_path, True, monkeypatch)
    assert sum(batches) > 10, batches
    # interleaved outputs go in merged batches (fastcopy_merge.py), MP4 and Matroska alike
    from cine.engine.pipeline import fastcopy_merge
    merged = []
    orig_run = fastcopy_merge.MergeCopier.run

    def counting_run(self, report):
        merged.append(self.runs is not None)
        return orig_run(self, report)
    monkeypatch.setattr(fastcopy_merge.MergeCopier, "run", counting_run)
    _run(["-i", path] + JOBS["mp4"], tmp_path, True, monkeypatch)
    _run(["-i", path] + JOBS["mkv"], tmp_path, True, monkeypatch)
    assert merged == [True, False], merged
    frag = _compare(os.path.join(ROOT, "fixtures", "mp4", "frag_keyframe.mp4"), tmp_path,
                    monkeypatch)
    assert not any(frag.values()), frag
    if len(ENGAGED) == len(FIXTURES):
        n = sum(v for e in ENGAGED.values() for v in e.values())
        assert n >= len(FIXTURES), n


def test_adts_looking_sample_same_as_generic(tmp_path, monkeypatch):
    """An AAC sample that starts like an ADTS header makes the MP4 muxer warn ("aac
    bitstream error"): whole runs and merged batches give the same warnings at the same
    samples as the generic loop."""
    from cine.engine.demux import open_input
    src = os.path.join(ROOT, "fixtures", "mp4", "h264_aac.mp4")
    data = bytearray(open(src, "rb").read())
    inp = open_input(src)
    st = next(s for s in inp.ctx.streams if s.codecpar.codec_name == "aac")
    for k in (20, 21, 40):
        at = st.priv.ie_pos[k]
        data[at:at + 2] = b"\xff\xf1"
    inp.source.close()
    path = tmp_path / "adts_like.mp4"
    path.write_bytes(bytes(data))
    work = tmp_path / "work"
    work.mkdir()
    for job in ("m4a", "mp4"):
        argv = ["-i", str(path)] + JOBS[job]
        slow = _run(argv, str(work), False, monkeypatch)
        fast = _run(argv, str(work), True, monkeypatch)
        assert b"aac bitstream error" in slow[1], slow[1]
        assert fast[:3] == slow[:3], job
        assert fast[3]


@pytest.mark.parametrize("name", ["h264_aac.mp4", "hevc_aac.mov"])
@pytest.mark.parametrize("fmt", [["-f", "matroska", "-fflags", "+bitexact"], ["-f", "adts"],
                                 ["-f", "mp4", "-movflags", "frag_keyframe+empty_moov"]])
def test_pipe_output_same_as_generic(name, fmt):
    """Outputs to a pipe (flushed after every packet, nothing seeked back) through the fast
    loop: the same bytes on stdout and the same stderr as the generic loop."""
    import subprocess
    src = os.path.join(ROOT, "fixtures", "mp4", name)
    args = [sys.executable, "-m", "cine", "ffmpeg", "-hide_banner", "-nostdin", "-i", src,
            "-map", "0:a" if "adts" in fmt else "0", "-c", "copy"] + fmt + ["-"]
    got = []
    for flag in ("0", "1"):
        env = dict(os.environ, CINE_FASTCOPY=flag, PYTHONPATH=ROOT)
        p = subprocess.run(args, capture_output=True, env=env, timeout=120, cwd=ROOT)
        err = _STATS.sub(rb"\1\2\3#", p.stderr)
        got.append((p.returncode, p.stdout, err.split(b"\r")[-1]))
    assert got[0][0] == 0 and got[0][1]
    assert got[1] == got[0]
