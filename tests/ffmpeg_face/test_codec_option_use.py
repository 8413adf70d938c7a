"""ffmpeg's codec options per stream and its check of the unused ones (FFmpeg 5.1.9
filter_codec_opts, strip_specifiers, the ends of open_input_file / open_output_file): the
routing and filtering rules on hand-made streams, the messages (lines the reference printed,
stored here), and live comparisons with the reference (skipped when it is absent)."""
from __future__ import annotations

import os
import subprocess

import pytest

from cine.compat.cli import ffmpeg_main
from cine.compat.ffmpeg import codec_opts as co
from cine.compat.ffmpeg.cmdline import is_codec_option, is_format_option, set_codec_option
from cine.compat.optable import ExitProgram
from cine.engine.model import CodecParameters, FormatContext, Stream

from .transcode_run_util import FFMPEG, FIXTURES, normalise, reference_ok

WAV = os.path.join(FIXTURES, "wav", "s16_stereo.wav")
MKV = os.path.join(FIXTURES, "mkv", "h264_aac.mkv")
MP4 = os.path.join(FIXTURES, "h264", "main_avcc.mp4")
TAIL_OUT = (" has not been used for any stream. The most likely reason is either wrong type "
            "(e.g. a video option with no video streams) or that it is a private option of some "
            "encoder which was not actually used for any stream.")


def _ctx():
    audio = Stream(index=0, codecpar=CodecParameters(codec_type="audio", codec_name="pcm_s16le"))
    video = Stream(index=1, codecpar=CodecParameters(codec_type="video", codec_name="h264"))
    return FormatContext(filename="x", format_name="matroska", streams=[audio, video])


def test_dict_set_is_av_dict_set():
    d = {"a": "1", "b": "2", "c": "3"}
    co.dict_set(d, "A", "4")            # case-insensitive match; the last entry takes its slot
    assert list(d.items()) == [("c", "3"), ("b", "2"), ("A", "4")]
    co.dict_set(d, "b", None)
    assert list(d.items()) == [("c", "3"), ("A", "4")]


def test_routing_to_codec_opts():
    for name in ("crf", "skip_frame", "b:a:0", "ab", "vb", "acutoff", "huffman", "is_avc"):
        assert is_codec_option(name), name
    for name in ("movflags", "bogus", "xcutoff", "fflags"):
        assert not is_codec_option(name), name
    for name in ("movflags", "fflags", "channels", "strict"):    # demuxer/muxer options too
        assert is_format_option(name), name
    assert not is_format_option("crf") and not is_format_option("b")
    d = {}
    set_codec_option(d, "flags", "+bitexact")
    set_codec_option(d, "flags", "-global_header")       # flags type: appended
    set_codec_option(d, "crf", "1")
    set_codec_option(d, "crf", "+2")                      # not flags: replaced
    assert d == {"flags": "+bitexact-global_header", "crf": "+2"}


def test_filter_for_encoders():
    ctx = _ctx()
    audio, video = ctx.streams
    opts = {"b:a": "1", "crf": "2", "ab": "3", "vb": "4", "huffman": "5", "skip_frame": "6",
            "acutoff": "7", "b:v": "8"}
    # pcm_s16le has no private class: context options with E and A only; -acutoff is cutoff
    assert co.filter_codec_opts(opts, ctx, audio, "pcm_s16le", True) == \
        {"b": "1", "ab": "3", "cutoff": "7"}
    # mjpeg's private class has huffman; -vb is b for video streams, and b:v sets b again
    # (av_dict_set: the last entry takes the old slot, the new value goes to the end)
    assert list(co.filter_codec_opts(opts, ctx, video, "mjpeg", True).items()) == \
        [("huffman", "5"), ("b", "8")]
    # stream copy (no codec): every option whose specifier matches, specifier removed
    assert co.filter_codec_opts(opts, ctx, audio, None, True) == \
        {"b": "1", "crf": "2", "ab": "3", "vb": "4", "huffman": "5", "skip_frame": "6",
         "acutoff": "7"}


def test_filter_for_decoders():
    ctx = _ctx()
    audio, video = ctx.streams
    opts = {"is_avc": "1", "skip_frame:v": "nokey", "drc_scale": "1", "lowres": "1"}
    assert co.filter_codec_opts(opts, ctx, video, co.decoder("h264", None), False) == \
        {"is_avc": "1", "skip_frame": "nokey", "lowres": "1"}
    assert co.filter_codec_opts(opts, ctx, audio, co.decoder("pcm_s16le", None), False) == \
        {"lowres": "1"}
    assert co.decoder("mp3", None) == "mp3float" and co.decoder("mp3", "mp3") == "mp3"
    assert co.decoder("aac", "dts") == "dca" and co.decoder("ttf", None) is None
    assert co.decoder(None, None) is None
    assert co.find_encoder("h264") == "libx264" and co.find_encoder("mjpeg") == "mjpeg"


def test_invalid_specifier_exits(capfd):
    ctx = _ctx()
    with pytest.raises(ExitProgram):
        co.filter_codec_opts({"b:x": "1"}, ctx, ctx.streams[0], "pcm_s16le", True)
    assert "Invalid stream specifier: x." in capfd.readouterr().err


def test_unused_messages(capfd):
    # warnings in dict order; a name the format layer has (strict), the injected gop_timecode
    # and an unknown name are silent; help texts come from the first class that has the name
    co.check_unused({"crf": "1", "strict": "2", "huffman:v": "3", "gop_timecode": "4",
                     "quantizer_noise_shaping": "5", "b:a": "6"}, [{"b": "6"}], 0, "pipe:", True)
    err = capfd.readouterr().err.splitlines()
    assert err == ["Codec AVOption %s specified for output file #0 (pipe:)%s" % (what, TAIL_OUT)
                   for what in ("crf (Select the quality for constant quality mode)",
                                "huffman (Huffman table strategy)",
                                "quantizer_noise_shaping ()")]
    with pytest.raises(ExitProgram):
        co.check_unused({"gamma": "1"}, [], 1, "in.wav", False)
    assert capfd.readouterr().err == ("Codec AVOption gamma (set gamma) specified for input "
                                      "file #1 (in.wav) is not a decoding option.\n")
    with pytest.raises(ExitProgram):
        co.check_unused({"lowres": "1"}, [], 0, "o.wav", True)
    assert capfd.readouterr().err == (
        "Codec AVOption lowres (Lower the decoding resolution by a power of two) specified for "
        "output file #0 (o.wav) is not an encoding option.\n")


# argv after -hide_banner -nostdin -y; output files are written in a scratch directory
LIVE = [
    ["-i", WAV, "-skip_frame", "nokey", "-f", "wav", "o.wav"],              # output error
    ["-i", WAV, "-crf", "20", "-f", "s16le", "o.raw"],                     # output warning
    ["-maxrate", "64k", "-i", WAV, "-f", "wav", "o.wav"],                  # input error
    ["-skip_frame", "nokey", "-i", WAV, "-f", "wav", "o.wav"],             # input warning
    ["-gamma", "1", "-i", WAV, "-f", "wav", "o.wav"],      # first class is an encoder's
    ["-width", "1", "-i", WAV, "-f", "wav", "o.wav"],
    ["-i", WAV, "-b", "64k", "-ab", "1k", "-vcutoff", "9", "-f", "wav", "o.wav"],
    ["-i", WAV, "-b:v", "100k", "-acutoff", "1000", "-joint_stereo", "1", "-f", "wav", "o.wav"],
    ["-i", WAV, "-c", "copy", "-crf", "20", "-skip_frame", "1", "-f", "wav", "o.wav"],
    ["-i", WAV, "-huffman", "default", "-movflags", "+faststart", "-strict", "1", "-f", "wav",
     "o.wav"],
    ["-i", WAV, "-profile", "1", "-gop_timecode", "0", "-lowres", "1", "-f", "wav", "o.wav"],
    ["-crf:a", "20", "-i", WAV, "-f", "wav", "o.wav"],
    ["-is_avc", "1", "-enable_er", "1", "-dual_mono_mode", "auto", "-i", MKV, "-c", "copy",
     "-f", "matroska", "o.mkv"],
    ["-skip_frame:a:0", "nokey", "-i", MKV, "-map", "0:a", "-c:a", "pcm_s16le", "-ab:v", "1",
     "-vb:a", "3", "-f", "wav", "o.wav"],
    ["-skip_frame", "nokey", "-i", MP4, "-huffman", "default", "-pred", "1", "-skip_frame", "1",
     "-frames:v", "1", "o.jpg"],                # mjpeg takes huffman, then the error
    ["-i", WAV, "-map", "0:a", "-c:a", "pcm_s16le", "-b:x", "1k", "-f", "wav", "o.wav"],
]


@pytest.mark.skipif(not reference_ok(), reason="needs the reference ffmpeg 5.1.9")
@pytest.mark.parametrize("argv", LIVE, ids=[" ".join(os.path.basename(x) for x in a) for a in LIVE])
def test_live_against_reference(argv, tmp_path, monkeypatch, capfd):
    args = ["-hide_banner", "-nostdin", "-y"] + argv
    monkeypatch.chdir(tmp_path)
    rc = ffmpeg_main(list(args))
    _out, err = capfd.readouterr()
    ref = subprocess.run([FFMPEG] + args, capture_output=True, timeout=60, cwd=str(tmp_path))
    assert rc == ref.returncode
    assert normalise(err.encode()) == normalise(ref.stderr)
