"""Audio analyzers against the real FFmpeg 5.1.9 ffprobe: media made by /usr/bin/ffmpeg
(AAC at many rates/layouts/profiles, MP3, ALAC, Opus, FLAC, AC-3, E-AC-3, PCM variants,
ADPCM, GSM) and the MP4-family corpus files. The container side (codec, rate, extradata) comes
from a small test walker; the assertions cover what the analyzers own."""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess

import pytest

from mp4walk import audio_streams

from cine.engine.codecs.descriptors import profile_name
from cine.engine.codecs.registry import analyzer
from cine.engine.log import Logger

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
HAVE_FF = os.path.exists(FFMPEG) and os.path.exists(FFPROBE)
CORPUS = os.path.join(os.path.dirname(__file__), "../../../../../shared/corpus")

SINE = ["-f", "lavfi", "-i", "sine=f=440:d=0.5"]


def _pan(layout: str, n: int) -> list[str]:
    return ["-af", "pan=%s|%s" % (layout, "|".join("c%d=c0" % i for i in range(n)))]


# name -> ffmpeg output arguments (input is a 0.5 s sine unless the args bring their own)
CASES: dict[str, list[str]] = {
    **{"aac_%d.m4a" % sr: ["-f", "lavfi", "-i", "sine=d=0.5:r=%d" % sr, "-ac", "2", "-c:a", "aac"]
       for sr in (8000, 11025, 16000, 22050, 32000, 44100, 48000, 64000, 88200, 96000)},
    **{"aac_ch%d.m4a" % n: SINE + ["-ac", str(n), "-c:a", "aac"] for n in (1, 2, 3, 4, 5, 6, 7, 8)},
    "aac_mono_22050.m4a": ["-f", "lavfi", "-i", "sine=d=0.5:r=22050", "-c:a", "aac"],
    "aac_21.m4a": SINE + _pan("2.1", 3) + ["-c:a", "aac"],
    "aac_quad.m4a": SINE + _pan("quad", 4) + ["-c:a", "aac"],
    "aac_51side.m4a": SINE + _pan("5.1(side)", 6) + ["-c:a", "aac"],
    "aac_71wide.m4a": SINE + _pan("7.1(wide)", 8) + ["-c:a", "aac"],
    "aac_main.m4a": SINE + ["-c:a", "aac", "-profile:a", "aac_main"],
    "aac_ltp.m4a": SINE + ["-c:a", "aac", "-profile:a", "aac_ltp", "-strict", "-2"],
    "aac.mov": SINE + ["-c:a", "aac"],
    "mp3.mp4": SINE + ["-c:a", "libmp3lame"],
    "mp3_st.mp4": SINE + ["-ac", "2", "-c:a", "libmp3lame", "-b:a", "192k"],
    "mp3_22k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=22050", "-c:a", "libmp3lame"],
    "mp3_11k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=11025", "-c:a", "libmp3lame"],
    "mp3_16k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=16000", "-c:a", "libmp3lame"],
    "mp3_vbr.mp4": SINE + ["-c:a", "libmp3lame", "-q:a", "2"],
    "mp3.mov": SINE + ["-c:a", "libmp3lame"],
    "mp2.mp4": SINE + ["-c:a", "mp2"],
    "mp2.mov": SINE + ["-c:a", "mp2"],
    "mp2_st.mov": SINE + ["-ac", "2", "-c:a", "mp2", "-b:a", "128k"],
    "alac16.m4a": SINE + ["-c:a", "alac", "-sample_fmt", "s16p"],
    "alac24.m4a": SINE + ["-ac", "2", "-c:a", "alac", "-sample_fmt", "s32p"],
    "alac6.m4a": SINE + ["-ac", "6", "-c:a", "alac"],
    "opus1.mp4": SINE + ["-c:a", "libopus"],
    "opus2.mp4": SINE + ["-ac", "2", "-c:a", "libopus"],
    "opus_quad.mp4": SINE + _pan("quad", 4) + ["-c:a", "libopus"],
    "opus6.mp4": SINE + ["-ac", "6", "-c:a", "libopus"],
    "opus8.mp4": SINE + ["-ac", "8", "-c:a", "libopus"],
    "flac16.mp4": SINE + ["-c:a", "flac", "-strict", "-2"],
    "flac24.mp4": SINE + ["-ac", "2", "-c:a", "flac", "-sample_fmt", "s32", "-strict", "-2"],
    "flac6.mp4": SINE + ["-ac", "6", "-c:a", "flac", "-strict", "-2"],
    "flac_96k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=96000", "-c:a", "flac", "-strict", "-2"],
    "ac3_1.mp4": SINE + ["-ac", "1", "-c:a", "ac3", "-b:a", "96k"],
    "ac3_2.mp4": SINE + ["-ac", "2", "-c:a", "ac3"],
    "ac3_21.mp4": SINE + _pan("2.1", 3) + ["-c:a", "ac3"],
    "ac3_quad.mp4": SINE + _pan("quad", 4) + ["-c:a", "ac3"],
    "ac3_50.mp4": SINE + _pan("5.0", 5) + ["-c:a", "ac3"],
    "ac3_6.mp4": SINE + ["-ac", "6", "-c:a", "ac3"],
    "ac3_48k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=48000", "-ac", "2", "-c:a", "ac3"],
    "ac3_32k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=32000", "-ac", "2", "-c:a", "ac3"],
    "eac3_2.mp4": SINE + ["-ac", "2", "-c:a", "eac3"],
    "eac3_6.mp4": SINE + ["-ac", "6", "-c:a", "eac3"],
    "eac3_48k.mp4": ["-f", "lavfi", "-i", "sine=d=0.5:r=48000", "-ac", "1", "-c:a", "eac3"],
    **{"pcm_%s.mov" % p: SINE + ["-ac", "2", "-c:a", "pcm_" + p]
       for p in ("s16le", "s16be", "s24le", "s24be", "s32le", "s32be", "f32le", "f32be",
                 "f64le", "f64be", "u8", "s8", "alaw", "mulaw")},
    "pcm_s16le_6.mov": SINE + ["-ac", "6", "-c:a", "pcm_s16le"],
    **{"dts_%s.mp4" % layout: ["-f", "lavfi", "-i", "sine=d=0.5:r=48000"] + _pan(layout, n)
       + ["-c:a", "dca", "-strict", "-2"]
       for layout, n in (("mono", 1), ("stereo", 2), ("quad(side)", 4), ("5.0(side)", 5),
                         ("5.1(side)", 6))},
    "dts_44k.mp4": SINE + ["-ac", "2", "-c:a", "dca", "-strict", "-2"],
    "adpcm.mov": SINE + ["-c:a", "adpcm_ima_qt"],
    "gsm.mov": ["-f", "lavfi", "-i", "sine=d=0.5:r=8000", "-c:a", "libgsm"],
}

CORPUS_FILES = [
    "mp4rust/minimal.mp4", "mp4rust/extended_audio_object_type.mp4",
    "mp4rust/big_buck_bunny_metadata.m4v", "mp4parse/mp4parse_tests_amr_nb_1f.3gp",
    "mp4parse/mp4parse_tests_amr_wb_1f.3gp", "mp4parse/mp4parse_capi_tests_bipbop_audioinit.mp4",
    "mp4parse/mp4parse_tests_bipbop_cbcs_audio_init.mp4",
    "mp4parse/mp4parse_tests_bipbop-cenc-audioinit.mp4",
    "mp4parse/mp4parse_tests_test_case_1185230.mp4",
    "mp4parse/mp4parse_capi_tests_afconvert-aac-0.5s.mp4",
    "mp4parse/mp4parse_capi_tests_bipbop_nonfragment_header.mp4",
    "mp4parse/mp4parse_capi_tests_short-cenc.mp4", "mp4parse/mp4parse_tests_metadata.mp4",
    "mp4parse/mp4parse_capi_tests_zero_empty_stsc.mp4",
    "mp4parse/mp4parse_capi_tests_opus_audioinit.mp4",
    "mp4parse/mp4parse_capi_tests_opus_audioinit_two_desc.mp4",
    "mp4parse/mp4parse_tests_invalid_userdata.mp4",
    "shaka/dash-audio-ac3_audio_und_2c_192k_ac3_init.mp4", "shaka/clear-encrypted_clear-a-init.mp4",
    "shaka/clear-encrypted-hls_audio-init-clear.mp4", "shaka/hls-mp4-muxed-aac-h264_init.mp4",
    "shaka/hls-muxed-mp4-ts_init.mp4",
]


def _reference(path: str) -> list[dict]:
    return json.loads(json.dumps(_reference_cached(path)))


@functools.lru_cache(maxsize=None)
def _reference_cached(path: str) -> list[dict]:
    out = subprocess.run([FFPROBE, "-v", "quiet", "-of", "json", "-show_streams",
                          "-select_streams", "a", path], capture_output=True, text=True).stdout
    return json.loads(out)["streams"]


def _ours(path: str, ref: list[dict]) -> list[dict]:
    """Run the analyzers; container-owned facts the walker cannot know are taken from ref."""
    results = []
    for r, st in zip(ref, audio_streams(path, 50)):
        par = st.codecpar
        name = r["codec_name"]
        if par.codec_name is None or name.startswith(("pcm_", "adpcm_")):
            par.codec_name = name                    # lpcm/sowt/... mapping is the demuxer's
            par.channel_layout = r.get("channel_layout")   # from the 'chan' box
        fn = analyzer(par.codec_name)
        assert fn is not None, par.codec_name
        fn(st, st.priv, Logger("mov,mp4,m4a,3gp,3g2,mj2"))
        got = {
            "codec_name": par.codec_name, "sample_fmt": par.format,
            "sample_rate": str(par.sample_rate), "channels": par.channels,
            "channel_layout": par.channel_layout,
            "profile": profile_name(par.codec_name, par.profile),
            "bits_per_raw_sample": (str(par.dec_bits_per_raw_sample)
                                    if par.dec_bits_per_raw_sample else None),
        }
        if par.codec_name in ("ac3", "eac3", "dts") and st.priv:
            got["bit_rate"] = str(par.bit_rate)
        results.append(got)
    return results


def _compare(path: str) -> None:
    ref = _reference(path)
    ours = _ours(path, ref)
    assert len(ours) == len(ref)
    for r, got in zip(ref, ours):
        expect = {k: r.get(k) for k in got}
        assert got == expect


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    if not HAVE_FF:
        pytest.skip("FFmpeg 5.1.9 tools not installed")
    d = tmp_path_factory.mktemp("audio")
    made = {}
    for name, args in CASES.items():
        out = d / name
        argv = [FFMPEG, "-v", "error", "-y"] + (args if args[0] == "-f" else SINE + args)
        if subprocess.run(argv + [str(out)], capture_output=True).returncode == 0:
            made[name] = str(out)
    return made


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated(media, name):
    if name not in media:
        pytest.skip("this ffmpeg build cannot make %s" % name)
    _compare(media[name])


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_corpus(rel):
    path = os.path.join(CORPUS, "files", rel)
    if not HAVE_FF or not os.path.exists(path):
        pytest.skip("reference or corpus missing")
    _compare(path)


def _patch_asc(src: str, dst: str, asc: bytes) -> None:
    """Replace the DecoderSpecificInfo of a 5-byte-ASC m4a by another of the same length."""
    data = open(src, "rb").read()
    i = data.find(b"\x05\x80\x80\x80")
    assert i > 0 and data[i + 4] == len(asc)
    open(dst, "wb").write(data[:i + 5] + asc + data[i + 5 + len(asc):])


def test_explicit_sbr_mono_is_stereo(media, tmp_path):
    """Hierarchical SBR signalling (AOT 5) on a mono stream: the decoder assumes PS, so the
    output is stereo at the SBR rate. The synthetic frames carry no SBR data, so the reference
    reports LC here while cine (which assumes the SBR payload real HE-AAC frames carry)
    reports HE-AAC: everything else must match."""
    src = media.get("aac_mono_22050.m4a")
    if src is None:
        pytest.skip("no source")
    # AOT 5, 22050 (7), 1 channel, ext rate 44100 (4), AOT 2, GASpecificConfig 000
    bits = "00101" + "0111" + "0001" + "0100" + "00010" + "000"
    bits += "0" * (40 - len(bits))
    asc = int(bits, 2).to_bytes(5, "big")
    out = str(tmp_path / "sbr.m4a")
    _patch_asc(src, out, asc)
    ref = _reference(out)[0]
    got = _ours(out, [ref])[0]
    assert (got["sample_rate"], got["channels"], got["channel_layout"]) == (
        ref["sample_rate"], ref["channels"], ref["channel_layout"]) == ("44100", 2, "stereo")
    assert ref["profile"] == "LC" and got["profile"] == "HE-AAC"


@pytest.mark.parametrize("source,chan_config", [("aac_44100.m4a", 1), ("aac_ch1.m4a", 2),
                                                ("aac_ch2.m4a", 3)])
def test_channel_config_disagreeing_with_frames(media, tmp_path, source, chan_config):
    """The ASC's channelConfiguration contradicts the first channel element: a CPE in a
    "mono" stream makes the decoder output stereo; a lone SCE in "stereo" stays stereo."""
    src = media.get(source)
    if src is None:
        pytest.skip("no source")
    data = open(src, "rb").read()
    i = data.find(b"\x05\x80\x80\x80")
    asc = bytearray(data[i + 5:i + 10])
    v = int.from_bytes(asc[:2], "big") & ~(0xF << 3) | chan_config << 3
    asc[:2] = v.to_bytes(2, "big")
    out = str(tmp_path / "patched.m4a")
    _patch_asc(src, out, bytes(asc))
    _compare(out)


def _engine_fields(path: str) -> list[dict]:
    from cine.engine.demux import open_input
    inp = open_input(path)
    try:
        out = []
        for st in inp.ctx.streams:
            par = st.codecpar
            if par.codec_type != "audio":
                continue
            out.append({
                "codec_name": par.codec_name, "sample_fmt": par.format,
                "sample_rate": str(par.sample_rate), "channels": par.channels,
                "profile": profile_name(par.codec_name, par.profile),
                "bits_per_raw_sample": (str(par.dec_bits_per_raw_sample)
                                        if par.dec_bits_per_raw_sample else None),
                **({} if par.codec_name.startswith(("pcm_", "adpcm_")) else
                   {"channel_layout": par.channel_layout}),
            })
        return out
    finally:
        inp.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_generated_through_demuxer(media, name):
    """The same media through cine's MP4 demuxer and find_stream_info."""
    if name not in media:
        pytest.skip("this ffmpeg build cannot make %s" % name)
    ref = _reference(media[name])
    ours = _engine_fields(media[name])
    assert [{k: r.get(k) for k in got} for r, got in zip(ref, ours)] == ours


def test_ffprobe_decoder_open_replays_init_logs(media):
    """ffprobe opens its own decoder after find_stream_info: init logs print again, and a
    failing init (here xHE-AAC, object type 42) is reported."""
    from cine.engine.codecs.decoder_open import open_decoder
    from cine.engine.demux import open_input
    logs = []
    sink = lambda comp, level, msg: logs.append((comp, level, msg))
    inp = open_input(media["aac_ch8.m4a"])
    try:
        assert open_decoder(inp.ctx.streams[0], Logger("x", sink)) is True
    finally:
        inp.close()
    assert [m for c, _l, m in logs if c == "aac"] == [
        "Assuming an incorrectly encoded 7.1 channel layout instead of a spec-compliant 7.1(wide)"
        " layout, use -strict 1 to decode according to the specification instead.\n"]
    xhe = os.path.join(CORPUS, "files/mp4parse/mp4parse_tests_sine-3s-xhe-aac-44khz-mono.mp4")
    if os.path.exists(xhe):
        inp = open_input(xhe)
        try:
            logs.clear()
            assert open_decoder(inp.ctx.streams[0], Logger("x", sink)) is False
            assert inp.ctx.streams[0].codecpar.decoder_open_failed
            # two av_log calls, as avpriv_report_missing_feature makes them
            assert logs[0][2] == "Audio object type 42"
            assert logs[1][2].startswith(" is not implemented.")
        finally:
            inp.close()
