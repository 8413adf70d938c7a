"""Peak memory of the MP4 demuxer's sample index and the MP4 muxer's sample tables (issue 4:
memory bounded whatever the input size): a synthetic M4A with a large sample table (built
here from the AAC frames of a fixture, every chunk pointing back at the same few frames) is
probed and stream-copied in a subprocess, and the growth of its peak RSS (ru_maxrss) per
sample is checked against what compact (array) columns cost. With one Python object or
tuple per sample the growth is several times larger. The outputs are compared with the
reference tools where they are installed."""
from __future__ import annotations

import struct
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "fixtures" / "mp4" / "aac_mono.m4a"
FFPROBE = Path("/usr/bin/ffprobe")
FFMPEG = Path("/usr/bin/ffmpeg")
LITTLE = array("I", [1]).tobytes()[0] == 1


def _box(name: str, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + name.encode("latin-1") + body


def _full(name: str, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(name, bytes([version]) + flags.to_bytes(3, "big"), *parts)


def _be32(values) -> bytes:
    a = array("I", values)
    if LITTLE:
        a.byteswap()
    return a.tobytes()


def _descr(tag: int, body: bytes) -> bytes:
    assert len(body) < 128
    return bytes([tag, len(body)]) + body


def _frames():
    """AudioSpecificConfig, sample rate, channels and the AAC frames of the fixture."""
    sys.path.insert(0, str(ROOT))
    from cine.engine.demux import open_input
    inp = open_input(str(FIXTURE), find_stream_info=False)
    try:
        par = inp.ctx.streams[0].codecpar
        frames = []
        while True:
            pkt = inp.demuxer.read_packet()
            if pkt is None:
                break
            frames.append(bytes(pkt.data))
        return bytes(par.extradata), par.sample_rate, par.channels, frames[1:-1]
    finally:
        inp.close()


def build_m4a(path: Path, n: int) -> None:
    """ftyp, mdat (the fixture's frames once), moov with one AAC track of n samples: one
    sample a chunk, chunk i at frame i % k (stsz and stco hold n entries each)."""
    asc, rate, channels, frames = _frames()
    ftyp = _box("ftyp", b"M4A ", struct.pack(">I", 0x200), b"M4A isommp42")
    base = len(ftyp) + 8
    offs, sizes = [], []
    for f in frames:
        offs.append(base + sum(sizes))
        sizes.append(len(f))
    mdat = _box("mdat", *frames)
    k = len(frames)
    reps, rest = divmod(n, k)
    stsz_vals = array("I", sizes) * reps + array("I", sizes[:rest])
    stco_vals = array("I", offs) * reps + array("I", offs[:rest])
    esds = _full("esds", 0, 0, _descr(3, struct.pack(">HB", 1, 0) + _descr(
        4, struct.pack(">BB", 0x40, 0x15) + b"\0\0\0" + struct.pack(">II", 0, 0)
        + _descr(5, asc)) + _descr(6, b"\x02")))
    mp4a = _box("mp4a", b"\0" * 6, struct.pack(">H", 1), b"\0" * 8,
                struct.pack(">HHHHI", channels, 16, 0, 0, rate << 16), esds)
    stbl = _box("stbl",
                _full("stsd", 0, 0, struct.pack(">I", 1), mp4a),
                _full("stts", 0, 0, struct.pack(">III", 1, n, 1024)),
                _full("stsc", 0, 0, struct.pack(">IIII", 1, 1, 1, 1)),
                _full("stsz", 0, 0, struct.pack(">II", 0, n), _be32(stsz_vals)),
                _full("stco", 0, 0, struct.pack(">I", n), _be32(stco_vals)))
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    duration = n * 1024
    minf = _box("minf", _full("smhd", 0, 0, b"\0" * 4),
                _box("dinf", _full("dref", 0, 0, struct.pack(">I", 1), _full("url ", 0, 1))),
                stbl)
    mdia = _box("mdia", _full("mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, rate, duration, 0x55C4, 0)),
                _full("hdlr", 0, 0, b"\0" * 4, b"soun", b"\0" * 12, b"SoundHandler\0"), minf)
    tkhd = _full("tkhd", 0, 3, struct.pack(">IIIII", 0, 0, 1, 0, duration * 1000 // rate),
                 b"\0" * 8, struct.pack(">hhHH", 0, 1, 0x100, 0), matrix, b"\0" * 8)
    mvhd = _full("mvhd", 0, 0, struct.pack(">IIIIIH", 0, 0, 1000, duration * 1000 // rate, 0x10000, 0x100),
                 b"\0" * 10, matrix, b"\0" * 24, struct.pack(">I", 2))
    moov = _box("moov", mvhd, _box("trak", tkhd, mdia))
    path.write_bytes(ftyp + mdat + moov)


_WRAP = """
import runpy, sys
face, hwm_path = sys.argv[1], sys.argv[2]
sys.argv = ["cine", face] + sys.argv[3:]
try:
    runpy.run_module("cine", run_name="__main__")
finally:
    with open("/proc/self/status") as f:
        hwm = [line.split()[1] for line in f if line.startswith("VmHWM:")]
    with open(hwm_path, "w") as f:
        f.write(hwm[0] if hwm else "0")
"""


def _run(face: str, args: list[str], out: Path) -> tuple[int, int]:
    """(exit status, peak RSS in bytes) of `cine FACE ARGS` in a child process, its stdout
    written to out. The peak is the child's own VmHWM (ru_maxrss of a forked child starts
    at the parent's peak, here pytest's)."""
    hwm = out.with_suffix(".hwm")
    with open(out, "wb") as fo:
        p = subprocess.run([sys.executable, "-c", _WRAP, face, str(hwm)] + args, stdout=fo,
                           stderr=subprocess.DEVNULL, cwd=str(ROOT))
    return p.returncode, int(hwm.read_text() or 0) * 1024


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    if not FIXTURE.exists():
        pytest.skip("fixture missing")
    d = tmp_path_factory.mktemp("membound")
    out = {}
    for n in (5_000, 10_000, 80_000, 1_000_000):
        out[n] = d / ("n%d.m4a" % n)
        build_m4a(out[n], n)
    return d, out


def test_probe_index_is_compact(files):
    """ffprobe of 1M samples: the header's tables and the index grow peak RSS by ~53 bytes a
    sample (array columns, with the temporaries of the index build and the moov held in
    memory); Python lists of ints in the index build cost ~160."""
    d, f = files
    args = ["-v", "error", "-show_format", "-show_streams"]
    rc_small, rss_small = _run("ffprobe", args + [str(f[10_000])], d / "small.txt")
    rc_big, rss_big = _run("ffprobe", args + [str(f[1_000_000])], d / "big.txt")
    assert rc_small == 0 and rc_big == 0
    per_sample = (rss_big - rss_small) / (1_000_000 - 10_000)
    assert per_sample < 75, "%.1f bytes a sample" % per_sample
    if FFPROBE.exists():
        ref = subprocess.run([str(FFPROBE)] + args + [str(f[1_000_000])], capture_output=True)
        assert (d / "big.txt").read_bytes() == ref.stdout


def test_stream_copy_tables_are_compact(files):
    """ffmpeg -c copy to .m4a of 80k samples: demuxer index plus muxer sample tables grow
    peak RSS by ~100 bytes a sample; with one Python object a muxed sample, ~270."""
    d, f = files
    outs = {}
    rss = {}
    for n in (5_000, 80_000):
        outs[n] = d / ("copy%d.m4a" % n)
        rc, rss[n] = _run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", str(f[n]),
                                     "-c", "copy", str(outs[n])], d / "ffmpeg.txt")
        assert rc == 0
    per_sample = (rss[80_000] - rss[5_000]) / 75_000
    assert per_sample < 160, "%.1f bytes a sample" % per_sample
    if FFMPEG.exists():
        ref = d / "ref.m4a"
        subprocess.run([str(FFMPEG), "-nostdin", "-v", "error", "-y", "-i", str(f[80_000]),
                        "-c", "copy", str(ref)], check=True)
        assert outs[80_000].read_bytes() == ref.read_bytes()
