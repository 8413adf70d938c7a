"""WAV muxer (PCM copy) byte-identical to FFmpeg 5.1.9, to files and to a pipe."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .util import FFMPEG, ROOT, compare, fixture, needs_ffmpeg

WAVS = ["s16", "s16_stereo", "s24", "s32", "f32", "f64", "u8", "alaw", "mulaw", "adpcm_ima",
        "adpcm_ms", "ext_51", "ext_71", "ext_3ch", "info_tags", "bext", "cue", "rf64"]


@needs_ffmpeg
@pytest.mark.parametrize("name", WAVS)
def test_wav_to_wav(tmp_path, name):
    mine, ref = compare(tmp_path, "fixtures/wav/%s.wav" % name, "wav", [0])
    assert mine == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel", ["fixtures/mp4/pcm_s16le.mov", "fixtures/mp4/pcm_s24be.mov",
                                 "fixtures/mkv/pcm.mka", "fixtures/mkv/pcm24.mka",
                                 "fixtures/mkv/pcmf32.mka"])
def test_pcm_from_other_containers(tmp_path, rel):
    inp = fixture(rel)
    ref = str(tmp_path / "ref.wav")
    p = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-map", "0:a:0",
                        "-c", "copy", ref], capture_output=True)
    if p.returncode != 0:
        # the reference refuses the codec (e.g. big-endian PCM has no WAVE tag): so must cine
        from cine.engine.errors import CineError
        from .util import cine_remux
        with pytest.raises(CineError):
            cine_remux(inp, str(tmp_path / "cine.wav"), [0])
        return
    from .util import cine_remux
    cine_remux(inp, str(tmp_path / "cine.wav"), [0])
    assert open(tmp_path / "cine.wav", "rb").read() == open(ref, "rb").read()


@needs_ffmpeg
def test_wav_metadata_and_bitexact(tmp_path):
    inp = fixture("fixtures/wav/s16.wav")
    ref = tmp_path / "ref.wav"
    subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-c", "copy",
                    "-metadata", "title=Hi there", "-metadata", "artist=Me", "-bitexact",
                    str(ref)], check=True)
    from .util import cine_remux
    out = tmp_path / "cine.wav"
    cine_remux(inp, str(out), [0], metadata=[("title", "Hi there"), ("artist", "Me")],
               bitexact=True)
    assert out.read_bytes() == ref.read_bytes()


@needs_ffmpeg
def test_wav_to_pipe(tmp_path):
    inp = fixture("fixtures/wav/f32.wav")
    ref = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-i", inp, "-c", "copy", "-f", "wav",
                          "-"], capture_output=True, check=True).stdout
    code = ("import sys; sys.path.insert(0, %r); from tests.engine.mux.util import cine_remux; "
            "cine_remux(%r, '-', [0], 'wav')" % (ROOT, inp))
    mine = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT)
    assert mine.returncode == 0, mine.stderr.decode()[-800:]
    assert mine.stdout == ref


@needs_ffmpeg
def test_unsupported_codec_error(tmp_path):
    from cine.engine.pipeline.copy import HeaderError
    from .util import cine_remux
    inp = fixture("fixtures/mp4/opus.mp4")
    with pytest.raises(HeaderError) as ei:
        cine_remux(inp, str(tmp_path / "x.wav"), [0])
    assert ei.value.code == -38   # ENOSYS: "Function not implemented"
