"""The Ogg muxers (ogg, oga, ogv, opus, spx) against FFmpeg 5.1.9: with -fflags +bitexact the
output bytes are identical; without it the serial numbers are random, so the packets
(`ffprobe -show_packets -show_data_hash md5`) and the pages with serial and CRC blanked out
are compared instead."""
from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from cine.engine.demux import open_input
from cine.engine.pipeline.copy import HeaderError, Remux
from cine.engine.pipeline.job import InputSpec, Job, OutputSpec, StreamMap

from .util import FFMPEG, ROOT, cine_remux, fixture, needs_ffmpeg, ref_remux

FFPROBE = "/usr/bin/ffprobe"


def pages(data: bytes):
    """(flags, granule, serial, sequence, segment count, body size) of every page."""
    out = []
    p = 0
    while p < len(data):
        assert data[p:p + 4] == b"OggS", "page sync lost at %d" % p
        flags = data[p + 5]
        granule, serial, seq = struct.unpack("<qII", data[p + 6:p + 22])
        n = data[p + 26]
        size = sum(data[p + 27:p + 27 + n])
        out.append((flags, granule, serial, seq, n, size))
        p += 27 + n + size
    return out


def blank_serials(data: bytes) -> bytes:
    """The file with every page's serial number and CRC zeroed."""
    b = bytearray(data)
    p = 0
    while p < len(b):
        n = b[p + 26]
        size = sum(b[p + 27:p + 27 + n])
        b[p + 14:p + 18] = b"\0\0\0\0"
        b[p + 22:p + 26] = b"\0\0\0\0"
        p += 27 + n + size
    return bytes(b)


def packets(path: str) -> str:
    return subprocess.run([FFPROBE, "-v", "error", "-show_packets", "-show_data_hash", "md5",
                           path], capture_output=True, check=True).stdout.decode()


def run_pair(tmp_path, inp: str, ext: str, maps, fmt=None, args=(), options=None,
             bitexact=True, **outkw):
    """Both tools on the same job; returns (cine bytes, reference bytes)."""
    ref = str(tmp_path / ("ref." + ext))
    out = str(tmp_path / ("cine." + ext))
    fargs = list(args) + (["-fflags", "+bitexact"] if bitexact else []) + \
        (["-f", fmt] if fmt else [])
    for k, v in (options or {}).items():
        fargs += ["-" + k, v]
    p = ref_remux(inp, ref, maps, tuple(fargs))
    assert p.returncode == 0, p.stderr.decode()[-500:]
    cine_remux(inp, out, maps, fmt, options, bitexact=bitexact, **outkw)
    with open(out, "rb") as a, open(ref, "rb") as b:
        return a.read(), b.read()


def assert_same(tmp_path, ext, mine: bytes, ref: bytes, bitexact: bool) -> None:
    if bitexact:
        assert mine == ref
        return
    assert packets(str(tmp_path / ("cine." + ext))) == packets(str(tmp_path / ("ref." + ext)))
    assert len(mine) == len(ref)
    assert blank_serials(mine) == blank_serials(ref)
    # the reference draws serials at random: so does cine (not 0, 1, ... as with bitexact)
    serials = {p[2] for p in pages(mine)}
    assert serials != set(range(len(serials)))


# (input, output extension, maps)
OGG_INPUTS = [
    ("fixtures/ogg/opus_mono.opus", "opus", [0]),
    ("fixtures/ogg/opus_stereo.ogg", "ogg", [0]),
    ("fixtures/ogg/opus_51.ogg", "opus", [0]),
    ("fixtures/ogg/vorbis_tags.ogg", "ogg", [0]),
    ("fixtures/ogg/vorbis_stereo.oga", "oga", [0]),
    ("fixtures/ogg/flac.ogg", "oga", [0]),
    ("fixtures/ogg/flac_s32.oga", "ogg", [0]),
    ("fixtures/ogg/theora_vorbis.ogv", "ogv", [0, 1]),
    ("fixtures/ogg/theora_vorbis.ogv", "ogg", [1, 0]),
    ("fixtures/ogg/vp8_opus.ogv", "ogv", [0, 1]),
    ("fixtures/ogg/speex.spx", "spx", [0]),
    ("fixtures/ogg/speex_stereo.ogg", "ogg", [0]),
    ("fixtures/ogg/chapters.ogg", "ogg", [0]),
    ("fixtures/ogg/chained_opus.ogg", "opus", [0]),
    ("fixtures/ogg/chained_mixed.ogg", "ogg", [0]),
    ("fixtures/ogg/opus_cover.opus", "opus", [0]),
    ("fixtures/mp4/opus.mp4", "opus", [0]),
    ("fixtures/mp4/flac.mp4", "oga", [0]),
]

MKV_INPUTS = [
    ("fixtures/mkv/opus51.mka", "opus", [0]),
    ("fixtures/mkv/vorbis51.mka", "ogg", [0]),
    ("fixtures/mkv/vorbis_lace.mka", "oga", [0]),
    ("fixtures/mkv/flac.mka", "oga", [0]),
    ("fixtures/mkv/vp9_opus.webm", "opus", [1]),
    ("fixtures/mkv/av1_opus.webm", "opus", [1]),
    ("fixtures/mkv/vp8_vorbis.webm", "ogv", [0, 1]),
]


def _ids(cases):
    return ["%s->%s%s" % (os.path.basename(r), e, m) for r, e, m in cases]


@needs_ffmpeg
@pytest.mark.parametrize("bitexact", [True, False], ids=["bitexact", "random_serials"])
@pytest.mark.parametrize("rel,ext,maps", OGG_INPUTS, ids=_ids(OGG_INPUTS))
def test_remux_to_ogg(tmp_path, rel, ext, maps, bitexact):
    mine, ref = run_pair(tmp_path, fixture(rel), ext, maps, bitexact=bitexact)
    assert_same(tmp_path, ext, mine, ref, bitexact)


@needs_ffmpeg
@pytest.mark.parametrize("bitexact", [True, False], ids=["bitexact", "random_serials"])
@pytest.mark.parametrize("rel,ext,maps", MKV_INPUTS, ids=_ids(MKV_INPUTS))
def test_matroska_to_ogg(tmp_path, rel, ext, maps, bitexact):
    inp = fixture(rel)
    mine, ref = run_pair(tmp_path, inp, ext, maps, bitexact=bitexact)
    assert_same(tmp_path, ext, mine, ref, bitexact)


@pytest.fixture(scope="module")
def long_media(tmp_path_factory):
    """Inputs longer than a page duration, and packets larger than a page."""
    if not os.path.exists(FFMPEG):
        pytest.skip("reference ffmpeg absent")
    d = tmp_path_factory.mktemp("ogg_long")
    a = ["-f", "lavfi", "-i", "sine=f=440:d=4"]
    v = ["-f", "lavfi", "-i", "testsrc=d=4:s=160x120:r=25"]
    jobs = {
        "opus.ogg": a + ["-ac", "2", "-c:a", "libopus"],
        "opus.mp4": a + ["-c:a", "libopus"],
        "vorbis.ogg": a + ["-c:a", "libvorbis"],
        "flac.flac": a + ["-c:a", "flac", "-compression_level", "0"],
        "speex.spx": a + ["-ar", "16000", "-c:a", "libspeex"],
        "theora.ogv": v + a + ["-c:v", "libtheora", "-g", "7", "-c:a", "libvorbis"],
        "vp8.ogv": v + a + ["-c:v", "libvpx", "-g", "9", "-c:a", "libopus"],
        "bigframes.ogv": ["-f", "lavfi", "-i", "testsrc2=d=0.5:s=1280x720:r=6", "-c:v",
                          "libtheora", "-q:v", "10"],
    }
    for name, args in jobs.items():
        subprocess.run([FFMPEG, "-v", "error", "-y"] + args + ["-fflags", "+bitexact",
                                                              str(d / name)],
                       check=True, capture_output=True, timeout=120)
    return d


LONG = [
    ("opus.ogg", "opus", [0], {}),
    ("opus.mp4", "opus", [0], {}),
    ("vorbis.ogg", "ogg", [0], {}),
    ("flac.flac", "oga", [0], {}),
    ("flac.flac", "ogg", [0], {"page_duration": "0"}),             # 255-segment pages
    ("flac.flac", "ogg", [0], {"page_duration": "250000"}),
    ("flac.flac", "oga", [0], {"oggpagesize": "3000"}),
    ("speex.spx", "spx", [0], {}),
    ("theora.ogv", "ogv", [0, 1], {}),
    ("theora.ogv", "ogv", [0, 1], {"page_duration": "100000"}),
    ("theora.ogv", "ogg", [1], {"serial_offset": "1000"}),
    ("vp8.ogv", "ogv", [0, 1], {}),
    ("vp8.ogv", "ogg", [0], {"page_duration": "200000"}),
    ("bigframes.ogv", "ogv", [0], {}),                               # continued packets
]


@needs_ffmpeg
@pytest.mark.parametrize("bitexact", [True, False], ids=["bitexact", "random_serials"])
@pytest.mark.parametrize("name,ext,maps,options", LONG,
                         ids=["%s->%s%s%s" % (n, e, m, "".join("-%s=%s" % kv for kv in o.items()))
                              for n, e, m, o in LONG])
def test_long_inputs_and_options(tmp_path, long_media, name, ext, maps, options, bitexact):
    mine, ref = run_pair(tmp_path, str(long_media / name), ext, maps, options=options,
                         bitexact=bitexact)
    assert_same(tmp_path, ext, mine, ref, bitexact)
    if options.get("serial_offset") and bitexact:
        assert {p[2] for p in pages(mine)} == {1000}


@needs_ffmpeg
def test_continued_packets_and_unset_granule(tmp_path, long_media):
    mine, ref = run_pair(tmp_path, str(long_media / "bigframes.ogv"), "ogv", [0])
    assert mine == ref
    pg = pages(mine)
    assert any(p[4] == 255 and p[1] == -1 for p in pg)       # a page ending mid-packet
    assert any(p[0] & 1 for p in pg)                          # a continued page
    assert pg[-1][0] & 4                                      # end of stream


@needs_ffmpeg
@pytest.mark.parametrize("bitexact", [True, False], ids=["bitexact", "random_serials"])
def test_metadata_rewrites_comments(tmp_path, bitexact):
    meta = [("title", "Hello"), ("album_artist", "ZZ"), ("track", "3"), ("comment", "c=d")]
    args = []
    for k, v in meta:
        args += ["-metadata", "%s=%s" % (k, v)]
    args += ["-metadata:s:a:0", "description=stream"]
    for rel, ext in (("fixtures/ogg/vorbis_tags.ogg", "ogg"),
                     ("fixtures/ogg/opus_mono.opus", "opus"),
                     ("fixtures/ogg/flac.ogg", "oga"), ("fixtures/ogg/speex.spx", "spx")):
        inp = fixture(rel)
        ref = str(tmp_path / ("ref." + ext))
        p = ref_remux(inp, ref, [0], tuple(args + (["-fflags", "+bitexact"] if bitexact else [])))
        assert p.returncode == 0
        out = str(tmp_path / ("cine." + ext))
        src = open_input(inp)
        try:
            spec = OutputSpec(out, ext, [StreamMap(0, 0, metadata=[("description", "stream")])],
                              metadata=meta, bitexact=bitexact)
            r = Remux(Job(inputs=[InputSpec(inp)], outputs=[spec]), [src], None)
            ctxs = r.init_outputs()
            r.run()
        finally:
            src.close()
        # the stream metadata (as the Output dump shows it) has the global tags and Vorbis names
        keys = [k for k, _ in ctxs[0].streams[0].tags.items()]
        assert "ALBUMARTIST" in keys and "TRACKNUMBER" in keys
        mine = open(out, "rb").read()
        assert_same(tmp_path, ext, mine, open(ref, "rb").read(), bitexact)


@needs_ffmpeg
def test_metadata_stream_override(tmp_path):
    inp = fixture("fixtures/ogg/vorbis_tags.ogg")
    ref = str(tmp_path / "ref.ogg")
    p = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-c", "copy",
                        "-metadata", "album_artist=ZZ", "-metadata:s:a:0", "comment=hello",
                        "-fflags", "+bitexact", ref], capture_output=True)
    assert p.returncode == 0
    out = str(tmp_path / "cine.ogg")
    src = open_input(inp)
    try:
        spec = OutputSpec(out, "ogg", [StreamMap(0, 0, metadata=[("comment", "hello")])],
                          metadata=[("album_artist", "ZZ")], bitexact=True)
        r = Remux(Job(inputs=[InputSpec(inp)], outputs=[spec]), [src], None)
        ctxs = r.init_outputs()
        r.run()
    finally:
        src.close()
    assert open(out, "rb").read() == open(ref, "rb").read()
    assert ctxs[0].streams[0].tags.items() == [
        ("encoder", "Lavc59.37.100 libvorbis"), ("title", "Title"), ("artist", "Artist"),
        ("ALBUMARTIST", "AA"), ("DESCRIPTION", "hello")]


@needs_ffmpeg
@pytest.mark.parametrize("drop_tags", [False, True])
def test_opus_chapters(tmp_path, drop_tags):
    """Chapters go into OpusTags as CHAPTERxxx entries; with no tags at all the reference
    writes a zero count and leaves the counted chapter bytes zeroed."""
    audio = fixture("fixtures/mp4/opus.mp4")
    chap = fixture("fixtures/mp4/chapters.mp4")
    ref = str(tmp_path / "ref.opus")
    extra = ["-map_metadata", "-1", "-map_metadata:s:a", "-1"] if drop_tags else []
    p = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", audio, "-i", chap,
                        "-map", "0:a", "-map_chapters", "1", "-c", "copy", *extra,
                        "-fflags", "+bitexact", ref], capture_output=True)
    assert p.returncode == 0, p.stderr.decode()
    out = str(tmp_path / "cine.opus")
    a, c = open_input(audio), open_input(chap)
    try:
        spec = OutputSpec(out, "opus", [StreamMap(0, 0)], map_chapters=1, bitexact=True,
                          map_metadata=None if drop_tags else 0)
        # -map_metadata -1 (no output specifier) also makes the chapter metadata manual
        spec.map_metadata_explicit = drop_tags
        job = Job(inputs=[InputSpec(audio), InputSpec(chap)], outputs=[spec])
        r = Remux(job, [a, c], None)
        r.init_outputs()
        r.run()
    finally:
        a.close()
        c.close()
    mine = open(out, "rb").read()
    assert mine == open(ref, "rb").read()
    if drop_tags:
        i = mine.index(b"OpusTags")
        assert mine[i + 8:i + 22] == b"\x06\0\0\0ffmpeg\0\0\0\0"
    else:
        assert b"CHAPTER000=00:00:00.000" in mine and b"CHAPTER000NAME=" in mine


@needs_ffmpeg
def test_vp8_without_tags_writes_empty_comment_page(tmp_path):
    mine, ref = run_pair(tmp_path, fixture("fixtures/ogg/vp8_opus.ogv"), "ogv", [0],
                         args=("-map_metadata", "-1"), map_metadata=None)
    assert mine == ref
    assert pages(mine)[1][1] == -1 and pages(mine)[1][5] == 0


@needs_ffmpeg
def test_ogg_to_pipe(tmp_path):
    inp = fixture("fixtures/ogg/theora_vorbis.ogv")
    ref = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-i", inp, "-c", "copy",
                          "-fflags", "+bitexact", "-f", "ogg", "-"], capture_output=True,
                         check=True).stdout
    code = ("import sys; sys.path.insert(0, %r); from tests.engine.mux.util import cine_remux; "
            "cine_remux(%r, '-', [0, 1], 'ogg', bitexact=True)" % (ROOT, inp))
    mine = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT)
    assert mine.returncode == 0, mine.stderr.decode()[-800:]
    assert mine.stdout == ref


@needs_ffmpeg
@pytest.mark.parametrize("rel,maps,fmt", [
    ("fixtures/mp4/h264_aac.mp4", [1], "ogg"),      # aac
    ("fixtures/mp4/h264_aac.mp4", [0], "ogv"),      # h264
    ("fixtures/wav/s16.wav", [0], "opus"),          # pcm
    ("fixtures/ogg/opus_cover.opus", [0, 1], "opus"),   # png attached picture
])
def test_unsupported_codec(tmp_path, rel, maps, fmt):
    inp = fixture(rel)
    ref = str(tmp_path / ("ref." + fmt))
    p = ref_remux(inp, ref, maps, ("-f", fmt))
    assert p.returncode != 0
    assert "Unsupported codec id in stream %d" % (len(maps) - 1) in p.stderr.decode()
    logs = []
    src = open_input(inp)
    try:
        spec = OutputSpec(str(tmp_path / ("cine." + fmt)), fmt, [StreamMap(0, m) for m in maps])
        r = Remux(Job(inputs=[InputSpec(inp)], outputs=[spec]), [src],
                  lambda c, lvl, m: logs.append((c, m)))
        with pytest.raises(HeaderError) as ei:
            r.init_outputs()
    finally:
        src.close()
    assert ei.value.code == -22
    assert (fmt, "Unsupported codec id in stream %d\n" % (len(maps) - 1)) in logs


@pytest.mark.parametrize("text,value", [("1000000", 1e6), ("1e5", 1e5), ("100k", 1e5),
                                        ("0.1M", 1e5), ("4Ki", 4096), ("1kB", 8000),
                                        ("0x20", 32), ("-5", -5), (" 7", 7), ("abc", None),
                                        ("5x", None), ("", None)])
def test_option_values_parse_as_av_opt_does(text, value):
    from cine.engine.formats.ogg.mux import parse_number
    assert parse_number(text) == value
