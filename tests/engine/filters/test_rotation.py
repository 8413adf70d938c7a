"""transpose, hflip, vflip and autorotation against FFmpeg 5.1.9 (rotation_md5.txt, made by
make_rotation_goldens.py): pictures of odd size (yuv420p 101x61: chroma 51x31), bgr24, and the
keyframes of an H.264 MP4 under every display matrix that turns or mirrors by a multiple of
90 degrees, through cine.engine.filters.graph.FilterChain: output size and the MD5 of each
frame identical. Also the pieces on their own: the index arithmetic of each transpose
direction, the aspect ratio, passthrough, get_rotation's angle and warning."""
from __future__ import annotations

import hashlib
import os
import sys

import numpy as np
import pytest

from cine.engine.errors import Unsupported
from cine.engine.filters import autorotate
from cine.engine.filters.graph import FilterChain
from cine.engine.filters.link import Link
from cine.engine.filters.transpose import TransposeFilter, transpose_plane
from cine.engine.log import Logger
from cine.engine.model import Rational

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
ODD = os.path.join(ROOT, "fixtures", "transcode", "rawvideo_101x61.avi")
BGR = os.path.join(ROOT, "fixtures", "avi", "rawvideo.avi")
MP4 = os.path.join(ROOT, "fixtures", "h264", "main_avcc.mp4")


def _goldens():
    out = []
    with open(os.path.join(HERE, "rotation_md5.txt")) as f:
        for line in f:
            what, size, md5s = (p.strip() for p in line.split("|"))
            kind, _, args = what.partition(" ")
            out.append((kind, args, size, md5s.split()))
    return out


GOLDENS = _goldens()


def _decode(path, skip=None):
    from cine.engine.codecs.decoders import open_decoder
    from cine.engine.demux import open_input
    inp = open_input(path)
    try:
        st = inp.ctx.streams[0]
        dec = open_decoder(st.codecpar, st.time_base, Logger("dec"), skip)
        frames = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index == 0:
                frames.extend(dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration))
        frames.extend(dec.flush())
        return frames, st
    finally:
        inp.close()


@pytest.fixture(scope="module")
def sources():
    return {"odd": _decode(ODD), "bgr": _decode(BGR), "mp4": _decode(MP4, "nokey")}


def _run(frames, st, specs, matrix=None):
    chain = FilterChain(specs, log=Logger(""), display_matrix=matrix)
    f0 = frames[0]
    sar = st.sample_aspect_ratio if st.sample_aspect_ratio.num else Rational(*f0.sar)
    out_link = chain.configure(Link(f0.width, f0.height, f0.pix_fmt, st.time_base,
                                    Rational(10, 1), sar))
    out = []
    for f in frames:
        out.extend(chain.push(f))
    md5s = [hashlib.md5(b"".join(p.tobytes() for p in f.planes)).hexdigest() for f in out]
    for f in out:
        assert (f.width, f.height) == (out_link.width, out_link.height)
    return "%dx%d" % (out_link.width, out_link.height), md5s


def _vf_specs(graph: str):
    from cine.compat.ffmpeg.vfilters import build_specs
    return build_specs(graph)[0]


@pytest.mark.parametrize("graph,size,md5s", [(a, s, m) for k, a, s, m in GOLDENS if k == "vf"],
                         ids=[a for k, a, s, m in GOLDENS if k == "vf"])
def test_filters_like_the_reference(sources, graph, size, md5s):
    src = "bgr" if graph.startswith("bgr:") else "odd"
    frames, st = sources[src]
    graph = graph.split(":", 1)[1] if src == "bgr" else graph
    assert _run(frames, st, _vf_specs(graph)) == (size, md5s)


@pytest.mark.parametrize("kind,matrix,size,md5s",
                         [(k, tuple(int(v) for v in a.split()), s, m)
                          for k, a, s, m in GOLDENS if k in ("matrix", "noauto")],
                         ids=["%s %s" % (k, a) for k, a, s, m in GOLDENS
                              if k in ("matrix", "noauto")])
def test_autorotation_like_the_reference(sources, kind, matrix, size, md5s):
    frames, st = sources["mp4"]
    m = [matrix[0], matrix[1], 0, matrix[2], matrix[3], 0, 0, 0, 1 << 30]
    assert _run(frames, st, [], m if kind == "matrix" else None) == (size, md5s)


def _by_definition(plane, direction):
    """vf_transpose.c's loops: source rows bottom up for directions 1 and 3, destination
    rows bottom up for 2 and 3, out[y][x] = in[x][y] otherwise."""
    h, w = plane.shape
    out = np.zeros((w, h), dtype=plane.dtype)
    for y in range(w):
        for x in range(h):
            sx = h - 1 - x if direction & 1 else x
            dy = w - 1 - y if direction & 2 else y
            out[dy, x] = plane[sx, y]
    return out


@pytest.mark.parametrize("direction", range(4))
@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (8, 8), (9, 17)])
def test_transpose_plane_follows_the_loops(direction, shape):
    plane = np.arange(shape[0] * shape[1], dtype=np.uint32).astype(np.uint8).reshape(shape)
    assert np.array_equal(transpose_plane(plane, 1, direction), _by_definition(plane, direction))


def test_transpose_moves_whole_packed_pixels():
    plane = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 9)      # 2 rows of 3 rgb pixels
    out = transpose_plane(plane, 3, 0)
    assert out.shape == (3, 6)
    assert out[1].tolist() == plane[0, 3:6].tolist() + plane[1, 3:6].tolist()


def _configure(opts, w, h, fmt="yuv420p", sar=Rational(4, 3)):
    lines = []
    f = TransposeFilter(opts, Logger("", lambda c, lvl, m: lines.append((c, lvl, m))))
    return f, f.configure(Link(w, h, fmt, Rational(1, 25), Rational(25, 1), sar)), lines


def test_transpose_link_and_aspect_ratio():
    _f, link, lines = _configure({"dir": 1}, 101, 61)
    assert (link.width, link.height, link.sar) == (61, 101, Rational(3, 4))
    assert lines == [("transpose", 40, "w:101 h:61 dir:1 -> w:61 h:101 rotation:clockwise "
                                       "vflip:0\n")]
    _f, link, _lines = _configure({"dir": 0}, 16, 8, sar=Rational(0, 1))
    assert link.sar == Rational(0, 1)


def test_transpose_passthrough_and_deprecated_directions():
    f, link, _lines = _configure({"dir": 2, "passthrough": 2}, 60, 100)      # portrait kept
    assert (link.width, link.height) == (60, 100) and f.identity
    f, link, lines = _configure({"dir": 5, "context": "Parsed_transpose_0"}, 100, 60)
    assert f.identity and (f.dir, f.passthrough) == (1, 1)
    assert lines[0] == ("Parsed_transpose_0", 24, "dir values greater than 3 are deprecated, "
                                                  "use the passthrough option instead\n")
    f, link, _lines = _configure({"dir": 5}, 60, 100)          # landscape only: transposed
    assert (link.width, link.height) == (100, 60) and not f.identity


def test_transpose_refuses_uneven_chroma():
    with pytest.raises(Unsupported, match="yuv422p"):
        _configure({"dir": 1}, 64, 48, "yuv422p")


U = 1 << 16


@pytest.mark.parametrize("m,theta,filters", [
    (None, 0.0, []),
    ([U, 0, 0, 0, U, 0, 0, 0, 1 << 30], 0.0, []),
    ([U, 0, 0, 0, -U, 0, 0, 0, 1 << 30], 0.0, [("vflip", {})]),
    ([-U, 0, 0, 0, U, 0, 0, 0, 1 << 30], 180.0, [("hflip", {})]),
    ([-U, 0, 0, 0, -U, 0, 0, 0, 1 << 30], 180.0, [("hflip", {}), ("vflip", {})]),
    ([0, U, 0, -U, 0, 0, 0, 0, 1 << 30], 90.0, [("transpose", {"dir": 1})]),
    ([0, -U, 0, U, 0, 0, 0, 0, 1 << 30], 270.0, [("transpose", {"dir": 2})]),
    ([0, U, 0, U, 0, 0, 0, 0, 1 << 30], 90.0, [("transpose", {"dir": 0})]),
    ([0, -U, 0, -U, 0, 0, 0, 0, 1 << 30], 270.0, [("transpose", {"dir": 3})]),
    ([65000, 1000, 0, -1000, 65000, 0, 0, 0, 1 << 30], 1.0, []),   # 0.88 degrees: kept
])
def test_rotation_filters(m, theta, filters):
    assert autorotate.rotation(m) == (theta, False)
    assert autorotate.rotation_filters(m, Logger("")) == filters


def test_odd_angles_and_degenerate_matrices():
    lines = []
    log = Logger("", lambda c, lvl, msg: lines.append((lvl, msg)))
    m45 = [46341, 46341, 0, -46341, 46341, 0, 0, 0, 1 << 30]
    assert autorotate.rotation(m45) == (45.0, True)
    with pytest.raises(Unsupported, match="rotate filter"):
        autorotate.rotation_filters(m45, log)
    assert lines[0][0] == 24 and lines[0][1].startswith("Odd rotation angle.\nIf you want")
    assert not lines[0][1].endswith("\n")
    theta, odd = autorotate.rotation([0] * 9)
    assert theta != theta and not odd
    assert autorotate.rotation_filters([0] * 9, log) == []


def test_encoded_side_data():
    from cine.engine.formats.mp4.moov import display_matrix_side_data
    from cine.engine.model import SideData
    src = [SideData("CPB properties", data=b"\0" * 40),
           display_matrix_side_data([0, U, 0, -U, 0, 0, 0, 0, 1 << 30])]
    kept = autorotate.encoded_side_data(src, autorotate=False)
    assert [sd.data for sd in kept] == [src[1].data]
    reset = autorotate.encoded_side_data(src, autorotate=True)
    assert autorotate.display_matrix(reset) == [U, 0, 0, 0, U, 0, 0, 0, 1 << 30]


def test_make_matrix_script(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "fixtures", "h264"))
    from make_matrix import set_matrix
    from cine.engine.demux import open_input
    with open(MP4, "rb") as f:
        data = set_matrix(f.read(), 0, -U, -U, 0)
    path = tmp_path / "m.mp4"
    path.write_bytes(data)
    inp = open_input(str(path))
    try:
        assert autorotate.display_matrix(inp.ctx.streams[0].side_data)[:5] == [0, -U, 0, -U, 0]
    finally:
        inp.close()
