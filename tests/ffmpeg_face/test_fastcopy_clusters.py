"""Matroska clusters written from whole batches (formats/matroska/mux_lean.py: the cluster
ends found on columns, the blocks built per cluster) against the generic loop, where the
default limits never bite on the small fixtures: tiny size and time limits (a cluster every
few blocks, ends inside batches and at their edges), a time limit past the 16-bit block
timestamp range (clusters restarted "due to timestamp", with the warning), audio-only
outputs (the held audio packet at every step, one cue per track and cluster), and batches
of a few packets (a cluster or a held packet carried over from one batch to the next).
Same exit code, stderr and bytes, as in test_fastcopy.py."""
from __future__ import annotations

import os

import pytest

from .test_fastcopy import ROOT, _run

MP4 = os.path.join(ROOT, "fixtures", "mp4")

JOBS = {
    "tiny_limits": ["-c", "copy", "-fflags", "+bitexact", "-cluster_size_limit", "3000",
                    "-cluster_time_limit", "150", "out.mkv"],
    "size_limit": ["-c", "copy", "-fflags", "+bitexact", "-cluster_size_limit", "20000",
                   "out.mkv"],
    "wide_time": ["-c", "copy", "-fflags", "+bitexact", "-cluster_time_limit", "100000",
                  "-cluster_size_limit", "100000000", "-loglevel", "verbose", "out.mkv"],
    "audio_only": ["-vn", "-c:a", "copy", "-fflags", "+bitexact", "out.mka"],
    "audio_wide": ["-vn", "-c:a", "copy", "-fflags", "+bitexact", "-cluster_time_limit",
                   "100000", "-cluster_size_limit", "100000000", "out.mka"],
    "webm_like": ["-an", "-c:v", "copy", "-fflags", "+bitexact", "-cluster_size_limit",
                  "5000", "out.mkv"],
}

NAMES = ("h264_aac.mp4", "many_samples.mp4", "audio_only_many.m4a", "hevc_aac.mov",
         "multi_audio_lang.mp4", "h264_bframes_refs.mp4")


def _compare(path, tmp_path, monkeypatch, jobs) -> dict:
    engaged = {}
    for name in jobs:
        argv = ["-i", path] + JOBS[name]
        slow = _run(argv, tmp_path, False, monkeypatch)
        fast = _run(argv, tmp_path, True, monkeypatch)
        assert fast[0] == slow[0], (name, fast[1].decode(errors="replace"))
        assert fast[1] == slow[1], name
        assert fast[2] == slow[2], name
        engaged[name] = fast[3]
    return engaged


@pytest.mark.parametrize("name", NAMES)
def test_cluster_limits_same_as_generic(name, tmp_path, monkeypatch):
    got = _compare(os.path.join(MP4, name), tmp_path, monkeypatch, JOBS)
    assert any(got.values()), got


@pytest.mark.parametrize("name", ("h264_aac.mp4", "many_samples.mp4", "audio_only_many.m4a"))
def test_small_batches_clusters_same_as_generic(name, tmp_path, monkeypatch):
    from cine.engine.pipeline import fastcopy_merge
    monkeypatch.setattr(fastcopy_merge, "BATCH", 7)
    monkeypatch.setattr(fastcopy_merge, "BATCH_BYTES", 3000)
    got = _compare(os.path.join(MP4, name), tmp_path, monkeypatch, JOBS)
    assert any(got.values()), got


def test_timestamp_wrap_is_exercised(tmp_path, monkeypatch):
    """The audio-only input is long enough for a cluster to outgrow the 16-bit block
    timestamp: the generic loop warns, and so must the columns."""
    path = os.path.join(MP4, "audio_only_many.m4a")
    slow = _run(["-i", path] + JOBS["audio_wide"], tmp_path, False, monkeypatch)
    assert b"Starting new cluster due to timestamp" in slow[1]
    fast = _run(["-i", path] + JOBS["audio_wide"], tmp_path, True, monkeypatch)
    assert fast[:3] == slow[:3]
    assert fast[3]


@pytest.mark.parametrize("name,maps", [("many_samples.mp4", ["-map", "0"]),
                                       ("multi_audio_lang.mp4", ["-map", "0:a"])])
def test_size_limit_sweep_same_as_generic(name, maps, tmp_path, monkeypatch):
    """Consecutive cluster size limits: some check lands exactly on its limit (a cluster
    ends only past it). many_samples.mp4 has blocks of a few dozen bytes; the audio
    streams of multi_audio_lang.mp4 are merged without video (a cue for each track's
    first key block of a cluster)."""
    path = os.path.join(MP4, name)
    for limit in range(1500, 1512):
        argv = ["-i", path, *maps, "-c", "copy", "-fflags", "+bitexact",
                "-cluster_size_limit", str(limit), "out.mkv"]
        slow = _run(argv, tmp_path, False, monkeypatch)
        fast = _run(argv, tmp_path, True, monkeypatch)
        assert fast[:3] == slow[:3], limit
        assert fast[3]
