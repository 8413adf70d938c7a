"""Stream specifiers (cine/compat/specifiers.py): unit cases over hand-built model objects, and a
live comparison with the real ffprobe 5.1.9 -select_streams on media made by the real ffmpeg
(the model is built from the reference's own JSON, so only the matching logic is tested)."""
from __future__ import annotations

import functools
import json
import os
import subprocess

import pytest

from cine.compat.specifiers import InvalidSpecifier, match_stream, select_streams, strtol0
from cine.engine.model import CodecParameters, FormatContext, Program, Stream, Tags

from _cli_live import real_available


def _st(index, kind, sid, name="x", tags=(), disp=(), fmt="yuv420p", w=16, h=16, rate=0, ch=0):
    par = CodecParameters(codec_type=kind, codec_name=name, format=fmt, width=w, height=h,
                          sample_rate=rate, channels=ch)
    return Stream(index=index, codecpar=par, id=sid, tags=Tags(list(tags)), disposition=set(disp))


def _ctx():
    streams = [
        _st(0, "video", 1, "h264", [("language", "und")]),
        _st(1, "audio", 2, "aac", [("language", "eng")], {"default"}, "fltp", 0, 0, 44100, 2),
        _st(2, "audio", 3, "aac", [("language", "fre"), ("title", "Commentary")], (), "fltp", 0, 0, 48000, 2),
        _st(3, "subtitle", 4, "mov_text", [("language", "eng")], (), None, 0, 0),
        _st(4, "video", 5, "mjpeg", (), {"attached_pic"}),
        _st(5, "data", 6, None, [("handler_name", "Time Code")], (), None, 0, 0),
        _st(6, "audio", 7, "aac", (), (), None, 0, 0, 0, 0),
    ]
    progs = [Program(id=1, program_num=1, pmt_pid=4096, pcr_pid=256, stream_indexes=[0, 1]),
             Program(id=2, program_num=2, pmt_pid=4097, pcr_pid=256, stream_indexes=[0, 2])]
    return FormatContext(filename="x", format_name="mov,mp4,m4a,3gp,3g2,mj2", streams=streams,
                         programs=progs)


def _sel(spec):
    ctx = _ctx()
    return [st.index for st, ok in zip(ctx.streams, select_streams(spec, ctx)) if ok]


@pytest.mark.parametrize("spec,expected", [
    ("", [0, 1, 2, 3, 4, 5, 6]), ("v", [0, 4]), ("V", [0]), ("a", [1, 2, 6]), ("s", [3]),
    ("d", [5]), ("t", []), ("v:", [0, 4]), ("0", [0]), ("3", [3]), ("010", []), ("06", [6]),
    ("a:1", [2]), ("a:0x1", [2]), ("a:2", [6]), ("a:3", []), ("V:0", [0]), ("v:1", [4]),
    ("p:1", [0, 1]), ("p:1:", [0, 1]), ("p:2:a", [2]), ("p:2:1", [2]), ("p:1:a:0", [1]), ("p:3", []),
    ("p:0x2:v", [0]), ("#1", [0]), ("#0x2", [1]), ("i:3", [2]), ("i:010", []),
    ("m:language", [0, 1, 2, 3]), ("m:LANGUAGE:eng", [1, 3]), ("m:language:ENG", []),
    ("m:title:Commentary", [2]), ("a:m:language:fre", [2]), ("u", [0, 1, 2, 3, 4]),
    ("v:u", [0, 4]), ("p:2:m:language:fre", [2]),
])
def test_selection(spec, expected):
    assert _sel(spec) == expected


@pytest.mark.parametrize("spec", ["x", "a1", "a:1x", "0:v", "p:", "p:x", "p:1x", "#", "#1x", "i:",
                                  "u:", "uv", "v:x", "p:1:z", "0x"])
def test_invalid(spec):
    ctx = _ctx()
    with pytest.raises(InvalidSpecifier) as exc:
        match_stream(spec, ctx, ctx.streams[0])
    assert exc.value.log_line == "Invalid stream specifier: %s.\n" % spec


def test_invalid_is_logged_on_the_format_context():
    ctx = _ctx()
    seen = []
    with pytest.raises(InvalidSpecifier):
        select_streams("q", ctx, lambda c, lvl, m: seen.append((c, lvl, m)))
    assert seen == [("mov,mp4,m4a,3gp,3g2,mj2", 16, "Invalid stream specifier: q.\n")]


def test_no_streams_no_error():
    ctx = FormatContext(filename="x")
    assert select_streams("garbage", ctx) == []


def test_strtol0():
    assert strtol0("0x1f", 0) == (31, 4)
    assert strtol0("017", 0) == (15, 3)
    assert strtol0("0x", 0) == (0, 1)
    assert strtol0("08", 0) == (0, 1)
    assert strtol0(" -3:", 0) == (-3, 3)
    assert strtol0("z", 0) == (0, 0)
    assert strtol0("4294967297", 0) == (1, 10)


# ---- live comparison ---------------------------------------------------------------------

FFMPEG = "/usr/bin/ffmpeg"
SPECS = ["", "v", "V", "a", "s", "d", "t", "v:", "0", "1", "2", "5", "01", "0x1", "a:0", "a:1",
         "a:2", "v:0", "v:1", "s:0", "d:0", "d:1", "p:1", "p:2", "p:2:a", "p:2:0", "p:2:1",
         "p:1:a:0", "p:3", "p:0x2:v", "#1", "#0x100", "#0x102", "i:2", "i:0x101", "m:language",
         "m:language:eng", "m:LANGUAGE:fre", "m:language:ENG", "m:handler_name", "a:m:language:fre",
         "u", "x", "a:1x", "0:v", "p:", "#1x", "u:", "p:1:z", "m:"]


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    if not real_available() or not os.access(FFMPEG, os.X_OK):
        pytest.skip("needs /usr/bin/ffmpeg and /usr/bin/ffprobe 5.1.9")
    d = tmp_path_factory.mktemp("spec")
    srt = d / "s.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:00,500\nhello\n")
    lavfi = ["-f", "lavfi", "-i", "testsrc=d=0.5:s=64x48:r=10", "-f", "lavfi", "-i", "sine=d=0.5",
             "-f", "lavfi", "-i", "sine=f=880:d=0.5"]
    mov = str(d / "multi.mov")
    subprocess.run([FFMPEG, "-v", "error", "-y", *lavfi, "-i", str(srt), "-map", "0", "-map", "1",
                    "-map", "2", "-map", "3", "-c:v", "libx264", "-c:a", "aac", "-c:s", "mov_text",
                    "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fra",
                    "-timecode", "01:00:00:00", mov], check=True)
    ts = str(d / "p.ts")
    subprocess.run([FFMPEG, "-v", "error", "-y", *lavfi, "-map", "0", "-map", "1", "-map", "2",
                    "-c:v", "mpeg2video", "-c:a", "mp2", "-program", "program_num=1:st=0:st=1",
                    "-program", "program_num=2:st=2:st=0", "-metadata:s:a:1", "language=fre", ts],
                   check=True)
    return [mov, ts]


@functools.lru_cache(maxsize=None)
def _ctx_from_reference(path):
    out = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-show_streams", "-show_programs",
                          "-of", "json", path], capture_output=True, check=True).stdout
    d = json.loads(out)
    streams = []
    for s in d["streams"]:
        kind = s.get("codec_type")
        par = CodecParameters(codec_type=kind, codec_name=s.get("codec_name"),
                              format=s.get("pix_fmt") or s.get("sample_fmt"),
                              width=s.get("width", 0), height=s.get("height", 0),
                              sample_rate=int(s.get("sample_rate", 0)), channels=s.get("channels", 0))
        disp = {k for k, v in s.get("disposition", {}).items() if v}
        streams.append(Stream(index=s["index"], codecpar=par, id=int(s.get("id", "0"), 16),
                              tags=Tags(list(s.get("tags", {}).items())), disposition=disp))
    progs = [Program(id=p["program_id"], program_num=p["program_num"], pmt_pid=p["pmt_pid"],
                     pcr_pid=p["pcr_pid"], stream_indexes=[s["index"] for s in p["streams"]])
             for p in d.get("programs", [])]
    return FormatContext(filename=path, format_name="x", streams=streams, programs=progs)


def _reference_selection(path, spec):
    p = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-select_streams", spec,
                        "-show_entries", "stream=index", "-of", "json", path], capture_output=True)
    if p.returncode:
        assert b"Invalid stream specifier: %s." % spec.encode() in p.stderr
        return None
    return [s["index"] for s in json.loads(p.stdout).get("streams", [])]


@pytest.mark.parametrize("spec", SPECS)
def test_same_selection_as_reference(media, spec):
    for path in media:
        ctx = _ctx_from_reference(path)
        try:
            mine = [st.index for st, ok in zip(ctx.streams, select_streams(spec, ctx)) if ok]
        except InvalidSpecifier:
            mine = None
        assert mine == _reference_selection(path, spec), path
