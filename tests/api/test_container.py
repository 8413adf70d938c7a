"""cine.open() (packets, keyframes, seeking) and `cine keyframes` against the real ffprobe 5.1.9.

Multi-GOP media is made in a temporary folder with /usr/bin/ffmpeg; the committed fixtures are
used as they are. Live comparisons are skipped when the reference tools are absent."""
import hashlib
import io
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import cine
from cine.engine.errors import CineError

ROOT = Path(__file__).resolve().parents[2]
FFPROBE = "/usr/bin/ffprobe"
FFMPEG = "/usr/bin/ffmpeg"
need_ffprobe = pytest.mark.skipif(not os.path.exists(FFPROBE), reason="no reference ffprobe")
need_ffmpeg = pytest.mark.skipif(not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)),
                                 reason="no reference ffmpeg/ffprobe")

_AV = ["-f", "lavfi", "-i", "testsrc=d=4:s=160x120:r=25", "-f", "lavfi", "-i", "sine=f=440:d=4"]
# name -> ffmpeg output arguments (every file has a key frame each 12 frames)
GENERATED = {
    "g.mp4": _AV + ["-c:v", "libx264", "-g", "12", "-bf", "2", "-c:a", "aac", "-shortest"],
    "g.mkv": _AV + ["-c:v", "libx264", "-g", "12", "-c:a", "libvorbis"],
    "g.ts": _AV + ["-c:v", "libx264", "-g", "12", "-c:a", "aac"],
    "g.h264": _AV[:4] + ["-c:v", "libx264", "-g", "12"],
    "g.ogv": _AV + ["-c:v", "libtheora", "-g", "12", "-c:a", "libvorbis"],
    "g.avi": _AV + ["-c:v", "mpeg4", "-g", "12", "-bf", "2", "-c:a", "libmp3lame"],
    "g.wav": _AV[4:] + ["-c:a", "pcm_s16le"],
}
FIXTURES = ["fixtures/mp4/h264_aac.mp4", "fixtures/mp4/h264_bframes_refs.mp4",
            "fixtures/mp4/frag_keyframe.mp4", "fixtures/mkv/h264_aac.mkv",
            "fixtures/ts/h264_aac.ts", "fixtures/ts/hevc_aac.ts", "fixtures/elementary/raw.h264",
            "fixtures/ogg/theora_vorbis.ogv", "fixtures/avi/h264_aac.avi",
            "fixtures/avi/mpeg4_bframes.avi"]


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    if not (os.path.exists(FFMPEG) and os.path.exists(FFPROBE)):
        pytest.skip("no reference ffmpeg/ffprobe")
    d = tmp_path_factory.mktemp("cine_api_media")
    for name, args in GENERATED.items():
        subprocess.run([FFMPEG, "-v", "error", "-y", *args, str(d / name)], check=True)
    return d


def media(gen, name: str) -> str:
    return str(gen / name) if name in GENERATED else str(ROOT / name)


def ffprobe_json(path: str, *args: str) -> dict:
    out = subprocess.run([FFPROBE, "-v", "error", *args, "-of", "json", path],
                         capture_output=True, check=True).stdout
    return json.loads(out)


def run_cine(*args):
    return subprocess.run([sys.executable, "-m", "cine", *args], cwd=ROOT, capture_output=True)


def ref_keyframes(path: str, spec: str = "v:0") -> list[tuple]:
    """(pts-or-dts-or-running-duration, pos) of the reference's key packets of one stream."""
    out = ffprobe_json(path, "-select_streams", spec,
                       "-show_entries", "packet=pts,dts,duration,pos,flags")
    keys, next_ts = [], 0
    for p in out.get("packets", []):
        ts = p.get("pts", p.get("dts"))
        if ts is None:
            ts = next_ts
        next_ts = None if ts is None or not p.get("duration") else ts + p["duration"]
        if p["flags"][0] == "K":
            keys.append((ts, int(p["pos"]) if "pos" in p else None))
    return keys


# keyframes ------------------------------------------------------------------------------------

KEYFRAME_CASES = sorted(GENERATED) + FIXTURES


@need_ffprobe
@pytest.mark.parametrize("name", KEYFRAME_CASES)
def test_keyframes_match_ffprobe(gen, name):
    path = media(gen, name)
    spec = "a:0" if name.endswith(".wav") else "v:0"
    ref = ref_keyframes(path, spec)
    with cine.open(path) as c:
        got = [(ts, p.pos) for p, ts in c.keyframe_packets(spec)]
        times = c.keyframes(spec)
        tb = c.streams[c.select(spec)[0]].time_base
    assert got == ref
    assert len(ref) >= (9 if name in GENERATED and spec == "v:0" else 1)
    num, den = map(int, tb.split("/"))
    assert times == [ts * num / den for ts, _ in ref]
    # the times as ffprobe prints them (pts_time, else dts_time) where it prints one
    out = ffprobe_json(path, "-select_streams", spec,
                       "-show_entries", "packet=pts_time,dts_time,flags")
    printed = [p.get("pts_time", p.get("dts_time")) for p in out["packets"] if p["flags"][0] == "K"]
    for t, s in zip(times, printed):
        if s is not None:
            assert "%.6f" % t == s


@need_ffprobe
def test_keyframes_max_and_other_stream(gen):
    path = media(gen, "g.mp4")
    with cine.open(path) as c:
        every = c.keyframes()
        assert c.keyframes(max=3) == every[:3]
        assert c.keyframes(max=0) == []
        audio = c.keyframes("a", max=5)
    ref = ref_keyframes(path, "a:0")[:5]
    assert audio == [ts / 44100 for ts, _ in ref]


@need_ffprobe
@pytest.mark.parametrize("name", ["g.mp4", "g.mkv", "g.h264", "fixtures/avi/mpeg4_bframes.avi"])
def test_cli_keyframes_json(gen, name):
    path = media(gen, name)
    res = run_cine("keyframes", path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == b""
    out = json.loads(res.stdout)
    st = ffprobe_json(path, "-select_streams", "v:0", "-show_entries", "stream=index,time_base")
    assert out["stream"] == st["streams"][0]["index"]
    assert out["time_base"] == st["streams"][0]["time_base"]
    ref = ref_keyframes(path)
    num, den = map(int, out["time_base"].split("/"))
    assert out["keyframes"] == [{"pts": ts, "time": ts * num / den, "pos": pos} for ts, pos in ref]
    assert res.stdout.startswith(b'{"stream":%d,"time_base":"' % out["stream"])
    res = run_cine("keyframes", "--max", "2", "--stream", "v", path)
    assert json.loads(res.stdout)["keyframes"] == out["keyframes"][:2]


def test_cli_keyframes_errors(tmp_path):
    res = run_cine("keyframes", "no/such/file.mp4")
    assert (res.returncode, res.stdout) == (1, b"")
    assert res.stderr == b"no/such/file.mp4: No such file or directory\n"
    bad = tmp_path / "garbage.mp4"
    bad.write_bytes(b"\x00garbage" * 100)
    res = run_cine("keyframes", str(bad))
    assert res.returncode == 1
    assert res.stderr == b"%s: Invalid data found when processing input\n" % str(bad).encode()
    res = run_cine("keyframes", "--stream", "x:1", "fixtures/mp4/h264_aac.mp4")
    assert (res.returncode, res.stderr) == (1, b"Invalid stream specifier: x:1.\n")
    res = run_cine("keyframes", "--stream", "v", "fixtures/elementary/cbr.mp3")
    assert (res.returncode, res.stdout) == (1, b"")
    assert res.stderr == b"Stream specifier 'v' matches no streams.\n"
    for argv in (["--max", "x", "fixtures/mp4/h264_aac.mp4"], ["--max"], ["--bogus", "f"], []):
        res = run_cine("keyframes", *argv)
        assert res.returncode == 1 and res.stdout == b"" and b"Traceback" not in res.stderr


# packets --------------------------------------------------------------------------------------

def ref_packets(path: str, *args: str) -> list[tuple]:
    out = ffprobe_json(path, *args, "-show_packets", "-show_data_hash", "MD5")
    return [(p["stream_index"], p.get("pts"), p.get("dts"), p.get("duration", 0), int(p["size"]),
             int(p["pos"]) if "pos" in p else None, p["flags"], p["data_hash"])
            for p in out.get("packets", [])]


def api_packets(it) -> list[tuple]:
    return [(p.stream_index, p.pts, p.dts, p.duration, p.size, p.pos,
             ("K" if p.key else "_") + ("D" if p.discard else "_"),
             "MD5:" + hashlib.md5(p.data).hexdigest()) for p in it]


# where cine's -show_packets is identical to the reference (see the report for the others)
PACKET_CASES = ["g.mp4", "g.ts", "g.h264", "g.ogv", "g.wav", "fixtures/mp4/h264_aac.mp4",
                "fixtures/mp4/frag_keyframe.mp4", "fixtures/mkv/h264_aac.mkv",
                "fixtures/ts/h264_aac.ts", "fixtures/ogg/theora_vorbis.ogv",
                "fixtures/elementary/raw.h264", "fixtures/elementary/stereo.aac"]


@need_ffprobe
@pytest.mark.parametrize("name", PACKET_CASES)
def test_packets_match_ffprobe_show_packets(gen, name):
    path = media(gen, name)
    ref = ref_packets(path)
    with cine.open(path) as c:
        got = api_packets(c.packets())
        assert c.read_error is None
    assert len(ref) > 20
    assert got == ref


@need_ffprobe
@pytest.mark.parametrize("name", ["g.mp4", "g.ts", "g.ogv", "fixtures/mkv/h264_aac.mkv"])
@pytest.mark.parametrize("spec", ["a", "v:0", "1"])
def test_packets_stream_selection(gen, name, spec):
    path = media(gen, name)
    with cine.open(path) as c:
        got = api_packets(c.packets(spec))
        assert got == api_packets(c.packets(int(spec) if spec.isdigit() else spec))
    assert got == ref_packets(path, "-select_streams", spec)


@need_ffprobe
def test_packet_times(gen):
    path = media(gen, "g.mp4")
    out = ffprobe_json(path, "-show_entries", "packet=pts_time,dts_time,duration_time")["packets"]
    with cine.open(path) as c:
        pkts = list(c.packets())
    assert len(pkts) == len(out)
    for p, r in zip(pkts, out):
        assert "%.6f" % p.pts_time == r["pts_time"]
        assert "%.6f" % p.dts_time == r["dts_time"]
        assert "%.6f" % p.duration_time == r["duration_time"]
        assert p.index == p.stream_index and p.time == p.pts_time


@need_ffprobe
@pytest.mark.parametrize("name", ["g.mp4", "fixtures/mp4/h264_bframes_refs.mp4", "g.wav", "g.mkv",
                                  "g.ogv"])
@pytest.mark.parametrize("start", [0, 0.5, 1.3, 2.0, 3.95, 60])
def test_seek_like_read_intervals(gen, name, start):
    """Containers cine seeks by their index: the same packets as ffprobe -read_intervals S%."""
    path = media(gen, name)
    with cine.open(path) as c:
        got = api_packets(c.packets(start=start))
        video = api_packets(c.packets("v", start=start)) if c.select("v") else None
    # durations left out: cine's Vorbis packet durations are not the reference's yet (see
    # test_packets_match_ffprobe_show_packets), which is no matter of seeking
    assert no_duration(got) == no_duration(ref_packets(path, "-read_intervals", "%s%%" % start))
    if video is not None:
        assert video == ref_packets(path, "-select_streams", "v", "-read_intervals", "%s%%" % start)


def no_duration(rows):
    return [r[:3] + r[4:] for r in rows]


def engine_seeks(path: str, start: float) -> bool:
    from cine.engine.demux import open_input
    inp = open_input(path)
    try:
        return inp.seek(int(round(start * 1000000))) >= 0
    finally:
        inp.close()


@need_ffmpeg
@pytest.mark.parametrize("name", ["g.avi", "g.ts", "g.h264"])
@pytest.mark.parametrize("start", [0.5, 2.0, 3.1])
def test_seek_fallback_lands_on_key_packet(gen, name, start):
    """Where cine has no seek for the container yet: reading starts at the last key packet of
    the default (video) stream at or before start, and goes on to the end unchanged. Once the
    engine seeks the container, the packets must be the reference's."""
    path = media(gen, name)
    if engine_seeks(path, start):
        ref = ref_packets(path, "-read_intervals", "%s%%" % start)
        with cine.open(path) as c:
            got = api_packets(c.packets(start=start))
        # where the seek lands and what follows (pts and durations are covered by the
        # -show_packets comparisons: AVI MPEG-4 pts are not the reference's yet)
        assert [r[:1] + r[2:3] + r[4:] for r in got] == [r[:1] + r[2:3] + r[4:] for r in ref]
        return
    with cine.open(path) as c:
        every = list(c.packets())
        keys = list(c.keyframe_packets("v:0"))
        after = list(c.packets(start=start))
    ts = [(p.dts if p.dts is not None else t) for p, t in keys]
    num, den = map(int, c.streams[0].time_base.split("/"))
    before = [k for k, t in zip(keys, ts) if t * num / den <= start]
    if not before:                          # start precedes the first key packet (TS from 1.4 s)
        assert [p.pos for p in after] == [p.pos for p in every]
        return
    land = before[-1][0]
    assert after and after[0].stream_index == 0 and after[0].key
    assert (after[0].pos, after[0].size) == (land.pos, land.size)
    tail = every[len(every) - len(after):]
    assert [(p.stream_index, p.pos, p.data) for p in after] == \
        [(p.stream_index, p.pos, p.data) for p in tail]


# file objects, lifetime -----------------------------------------------------------------------

def test_file_objects_and_repeated_iteration():
    path = ROOT / "fixtures/mp4/h264_aac.mp4"
    with cine.open(path) as c:
        ref = api_packets(c.packets())
        assert api_packets(c.packets()) == ref          # a second pass reopens the input
        assert c.format.format_name == "mov,mp4,m4a,3gp,3g2,mj2"
        assert [s.codec_type for s in c.streams] == ["video", "audio"]
        assert c.streams[0].time_base == "1/12800"
    with open(path, "rb") as fh, cine.open(fh) as c:
        assert api_packets(c.packets()) == ref
        assert api_packets(c.packets()) == ref          # rewound
        assert c.keyframes() == [0.0]
    data = path.read_bytes()
    with cine.open(io.BufferedReader(io.BytesIO(data))) as c:
        assert api_packets(c.packets()) == ref
        first = c.packets()
        next(first)
        assert api_packets(c.packets()) == ref          # the earlier iteration ends here
        assert list(first) == []
    with cine.open(path) as c:                          # paths: independent iterations
        first, second = c.packets(), c.packets()
        assert api_packets([next(first)]) == ref[:1]
        assert api_packets(second) == ref
        assert api_packets(first) == ref[1:]


def test_non_seekable_input_reads_once():
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._b = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buf):
            chunk = self._b.read(len(buf))
            buf[:len(chunk)] = chunk
            return len(chunk)

    data = (ROOT / "fixtures/ts/h264_aac.ts").read_bytes()
    # like `ffprobe -` (no duration: the end of a pipe cannot be read first)
    assert cine.probe(Pipe(data)).summary() == {"duration": None, "width": 160, "height": 120,
                                                "has_audio": True}
    with cine.open(Pipe(data)) as c:
        first = list(c.packets())
        assert len(first) == 70
        with pytest.raises(CineError):
            list(c.packets())


def test_lazy_and_closed():
    c = cine.open(ROOT / "fixtures/mp4/h264_aac.mp4")
    it = c.packets()
    first = next(it)
    assert first.key and first.stream_index == 0 and first.pos == 48
    c.close()
    with pytest.raises(CineError):
        c.packets()
    c.close()                                            # idempotent


def test_bad_specifiers():
    with cine.open(ROOT / "fixtures/mp4/h264_aac.mp4") as c:
        with pytest.raises(CineError, match=r"Invalid stream specifier: x:1\."):
            c.packets("x:1")
        with pytest.raises(CineError, match="matches no streams"):
            c.keyframes("s")
        with pytest.raises(CineError, match="matches no streams"):
            c.packets("v:1")
        assert c.select("a") == [1] and c.select(None) == [0, 1]


# bounded memory -------------------------------------------------------------------------------

@need_ffmpeg
@pytest.mark.parametrize("ext", ["mkv", "avi", "mov"])
def test_memory_stays_bounded(tmp_path, ext):
    path = tmp_path / ("big." + ext)
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=d=10:s=320x240:r=25",
                    "-f", "lavfi", "-i", "sine=d=10", "-c:v", "rawvideo", "-pix_fmt", "yuv420p",
                    "-c:a", "pcm_s16le", str(path)], check=True)
    size = path.stat().st_size
    assert size > 25_000_000
    import cine.container  # noqa: F401 - imports outside the measurement
    with cine.open(path) as c:                              # warm the demuxer's imports
        next(c.packets())
    tracemalloc.start()
    try:
        total = n = 0
        with cine.open(path) as c:
            for p in c.packets():
                total += p.size
                n += 1
            keys = c.keyframes(max=3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n > 500 and total > 0.95 * size and keys == [0.0, 0.04, 0.08]
    assert peak < 8_000_000, peak


# hostile input --------------------------------------------------------------------------------

@need_ffmpeg
@pytest.mark.parametrize("name", sorted(GENERATED) + ["fixtures/avi/truncated.avi",
                                                       "fixtures/ogg/truncated.ogg"])
def test_truncated_inputs_raise_only_cine_errors(gen, name, tmp_path):
    data = Path(media(gen, name)).read_bytes()
    for frac in (0.03, 0.2, 0.5, 0.77, 0.999):
        cut = tmp_path / ("cut_%s_%s" % (frac, Path(name).name))
        cut.write_bytes(data[:max(1, int(len(data) * frac))])
        try:
            with cine.open(cut) as c:
                n = sum(1 for _ in c.packets())
                c.keyframes(c.select(None)[0] if c.streams else 0)
                list(c.packets(start=1.0))
                assert n >= 0
        except CineError:
            pass
    # flipped bytes in the middle too
    bad = bytearray(data)
    for i in range(len(bad) // 3, len(bad) // 3 + 64):
        bad[i] ^= 0xA5
    flipped = tmp_path / ("flip_" + Path(name).name)
    flipped.write_bytes(bytes(bad))
    try:
        with cine.open(flipped) as c:
            for _ in c.packets():
                pass
    except CineError:
        pass


@need_ffprobe
def test_stdin_reads_once(gen):
    path = media(gen, "g.mkv")
    data = Path(path).read_bytes()
    res = subprocess.run([sys.executable, "-m", "cine", "keyframes", "--max", "4", "-"], cwd=ROOT,
                         input=data, capture_output=True)
    assert res.returncode == 0, res.stderr
    ref = ref_keyframes(path)[:4]
    assert json.loads(res.stdout)["keyframes"] == [{"pts": ts, "time": ts / 1000, "pos": pos}
                                                   for ts, pos in ref]
    code = ("import cine, sys\n"
            "c = cine.open('-')\n"
            "n = sum(1 for _ in c.packets())\n"
            "try:\n    c.packets('v', start=1.0).__next__()\n"
            "except cine.engine.errors.CineError as e:\n    print(n, e)\n")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, input=data, capture_output=True)
    assert res.stdout.decode().startswith("%d " % len(ref_packets(path)))
    assert b"Traceback" not in res.stderr
