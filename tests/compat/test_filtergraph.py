"""-vf filter-graph strings (cine/compat/filtergraph.py) against FFmpeg 5.1.9's stderr.

filtergraph_golden.txt holds, per graph, the lines the reference logs while it builds the graph
(`ffmpeg -v warning -f lavfi -i testsrc=d=0.04 -vf GRAPH -f null -`, addresses masked, the
ffmpeg tool's own three closing lines left out); regenerate it with
  python3 tests/compat/test_filtergraph.py --regen
The live test compares again when /usr/bin/ffmpeg 5.1.9 is there.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from cine.compat.filtergraph import FilterGraphError, parse_filter_chain  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filtergraph_golden.txt")
TOOL_LINES = ("Error reinitializing filters!", "Failed to inject frame into filter network",
              "Error while processing the decoded data")
CASES = [
    "select='eq(pict_type\\,I)',scale=640:-2", "select=eq(pict_type\\,I)", "foo", "scale=x=1",
    "scale=1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16", "null,null;null", "scale=w=8:6",
    "select=foo", "[in]null", "null[a];[a]null", "null[", "[]null", "null,,null", "null=5",
    "scale=640x360", "scale=", "format=foo", "sws_flags=bicubic;scale=2:2", "nul@", "null@x",
    "thumbnail=n=0", "thumbnail=5", "setsar=1:max=5:x", "scale@", "anull", "null,select=n=2",
    "scale=w=1:s=2x2", "scale=w=ow", "fps=round=up:start_time=x", "select=e=1:e=n:expr=2",
    "scale=iw/2:-1:eval=frame", "scale=n:2", "scale=ow:oh", "scale=w=oh:h=ow",
    "scale=main_w:2", "scale=interl=yes:in_range=full", "null, null", " null ", "null;",
    "null]", "null[x]", "[x]null[x]", "select=2,", "select=outputs=0", "select=outputs=1.6",
    "select=n=x", "fps=round=x", "fps=start_time=nan", "scale=interl=", "scale=interl=auto",
    "scale=interl=2", "scale=in_range=3", "scale=eval=frame:w=n", "select=expr=",
    "format=yuv420p|nv12", "format=", "format=3", "format=999", "setdar=16/9", "setsar=max=0",
    "fps=30", "fps=fps=ntsc:round=near", "fps=25:0:up:pass", "fps=25:0:up:pass:5",
    "fps=eof_action=2", "scale=hd720", "scale=size=vga", "scale=s=12x", "scale=0x0",
    "scale=w=iw*2:h=ih*2:force_original_aspect_ratio=decrease:force_divisible_by=2",
    "scale=force_original_aspect_ratio=bad", "scale=param0=1e20", "scale=sws_dither=ed",
    "scale=2:2:bicubic", "scale='2:2'", "scale=2\\:2", "'scale'=2:2", "scale=2:2,",
    "select='gte(t,1)*lt(t,2)+1'", "select=expr='max(1,foo)'", "select='1+'", "select=sin(1\\,2)",
    "null[a],null", "[a]null,[b]null", "null[a];null[b]", "null:x", "null@x=1",
    "scale=2:2:flags=lanczos", "scale=threads=2:w=3:h=4", "scale=enable=1:w=3:h=4",
    "select=1:2:3", "setsar=sar=1:r=2", "setdar=dar=4/3:max=1000", "thumbnail=n=2:n=1",
    "format=pix_fmts=gray", "fps=fps=1:start_time=-1e400",
    "[in]scale=2:2[out]", "scale=2:2 [o]", "scale=w=2:h=2 , null", "select=n=2[a][b]",
    "select=n=2[a][b][c]", "null[a];[a]null[b];[b]null", "scale=-1:-1", "scale=in_v_chr_pos=600",
    "scale=h=1:2", "scale=w=8:6:bicubic", "scale=h=6:8:area", "fps=round=up:5", "setsar=max=5:2",
    "setsar=1:max=5:2", "scale=sws_dither=ed:5", "scale=threads=1:2", "thumbnail=enable=foo",
    "thumbnail=enable='lt(t,1)'", "thumbnail=3:enable=1:4", "null=enable=1",
]
# -af graphs, on anullsrc=d=0.04 (their golden entries are keyed "-af GRAPH")
AUDIO_CASES = [
    "aselect=foo", "aselect='gte(n\\,0)'", "anull=5", "null", "anull,aselect=1:2",
    "aselect=n=3", "anull,null", "scale=2:2", "aselect=e=n:x=1", "anull@a,anull@b",
]
ADDRESS = re.compile(r" @ 0x[0-9a-f]+\]")


def _render(component) -> str:
    if component is None:
        return ""
    if isinstance(component, tuple):
        return "".join("[%s @ X] " % c for c in component)
    return "[%s @ X] " % component


def cine_lines(graph: str, media: str = "video") -> list:
    try:
        specs = parse_filter_chain(graph, media)
        lines = [m for s in specs for m in s.messages]
    except FilterGraphError as e:
        lines = e.lines
    return [_render(c) + t.rstrip("\n") for _lvl, t, c in lines]


def reference_lines(graph: str, media: str = "video") -> list:
    src, opt = ("testsrc=d=0.04", "-vf") if media == "video" else ("anullsrc=d=0.04", "-af")
    p = subprocess.run(["/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-v", "warning", "-f",
                        "lavfi", "-i", src, opt, graph, "-f", "null", "-"],
                       capture_output=True, timeout=60)
    err = ADDRESS.sub(" @ X]", p.stderr.decode("utf-8", "replace"))
    return [line for line in err.splitlines() if not line.startswith(TOOL_LINES)]


def _golden() -> dict:
    out, key = {}, None
    with open(GOLDEN, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("=== "):
                key = eval(line[4:])       # (a repr written by --regen)
                out[key] = []
            else:
                out[key].append(line)
    return out


def _have_reference() -> bool:
    if not os.path.exists("/usr/bin/ffmpeg"):
        return False
    out = subprocess.run(["/usr/bin/ffmpeg", "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


@pytest.mark.parametrize("graph", CASES)
def test_against_golden(graph):
    assert cine_lines(graph) == _golden()[graph]


@pytest.mark.parametrize("graph", AUDIO_CASES)
def test_audio_against_golden(graph):
    assert cine_lines(graph, "audio") == _golden()["-af " + graph]


@pytest.mark.skipif(not _have_reference(), reason="needs ffmpeg 5.1.9")
def test_golden_is_current():
    gold = _golden()
    assert {g: reference_lines(g) for g in CASES[:40]} == {g: gold[g] for g in CASES[:40]}
    assert {g: reference_lines(g, "audio") for g in AUDIO_CASES} == {
        g: gold["-af " + g] for g in AUDIO_CASES}


def test_specs():
    chain = parse_filter_chain("select='eq(pict_type\\,I)',scale=640:-2")
    assert [(f.name, f.index, f.context, f.options) for f in chain] == [
        ("select", 0, "Parsed_select_0", {"expr": "eq(pict_type,I)"}),
        ("scale", 1, "Parsed_scale_1", {"w": "640", "h": "-2"})]
    assert parse_filter_chain("scale=640x360")[0].options == {"w": "640", "h": "360"}
    assert parse_filter_chain("null@x")[0].instance == "x"
    s = parse_filter_chain("sws_flags=lanczos;scale=2:2")[0]
    assert s.args == "2:2:flags=lanczos" and s.options["flags"] == "lanczos"
    assert parse_filter_chain("scale=2:2", sws_opts="sws_flags=area")[0].options == {
        "w": "2", "h": "2", "sws_flags": "area"}
    assert [f.name for f in parse_filter_chain("aselect=gt(n\\,1)", "audio")] == ["aselect"]
    with pytest.raises(FilterGraphError) as e:
        parse_filter_chain("select", "audio")
    assert e.value.lines[0][1] == "Cannot connect video filter to audio input\n"


if __name__ == "__main__" and sys.argv[1:] == ["--regen"]:
    with open(GOLDEN, "w", encoding="utf-8") as f:
        for g in CASES:
            f.write("=== %r\n" % g)
            f.writelines(line + "\n" for line in reference_lines(g))
        for g in AUDIO_CASES:
            f.write("=== %r\n" % ("-af " + g))
            f.writelines(line + "\n" for line in reference_lines(g, "audio"))
