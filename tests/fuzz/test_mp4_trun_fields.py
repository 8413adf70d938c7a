"""Fragment runs (trun) whose samples carry no per-sample fields (sizes, durations and flags
from tfhd), the root causes behind the fuzz finding kept as
fuzz/regressions/mp4/trun-millions-of-fieldless-samples.bin. Small crafted movies (one
160x120 avc1 track at 12800 Hz, fragmented, whose samples are access unit delimiters the
H.264 parser finds no slice in) are compared with FFmpeg 5.1.9's output stored in
test_mp4_trun_goldens.json (regenerate: `python3 tests/fuzz/test_mp4_trun_fields.py`), and
live with the reference where it is installed:

- `aud3`: three samples. find_stream_info reads them before it sets r_frame_rate, and the
  parser never sets the codec frame rate: no duration (cine gave the SPS timing's 512).
- `aud_million`: a trun claiming 1,000,000 samples of 6 bytes, three of them in the file. The
  reference indexes them all (24 + 8 bytes each); cine counts them (duration, data size) but
  keeps entries only up to two past the first that cannot be read.
- `aud_enomem`, `aud_failed_add`, `aud_ctts_overflow`: claims the reference refuses (its index
  would pass av_fast_realloc's INT_MAX bytes: ENOMEM; past UINT_MAX / 24 entries it also logs
  "Failed to add index entry"; past UINT_MAX / 8 with the composition offsets: InvalidData).
- `aud_max_ok`: 89,478,485 samples, the most the reference accepts (it takes ~17 s and 2.9 GB);
  not in the live comparison, but its goldens are, and cine's peak memory is checked.
- `fields_mixed`: three samples with every per-sample field (read as whole columns): key and
  non-sync flags, a negative composition offset, durations that differ.
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time

import pytest

from _reference import FFPROBE, ROOT, cine_cmd, norm_addresses, reference_ok, run

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "test_mp4_trun_goldens.json")
ARGS = ["-v", "warning", "-show_format", "-show_streams", "-show_packets", "-of", "compact"]
SPS = bytes.fromhex("6764000bacd942847e5c0440000003004000000c83c50a6580")
PPS = bytes.fromhex("68ef825cb0")
AUD = bytes.fromhex("0000000209f0")         # one access unit delimiter NAL (4-byte length)
UNIT = (0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
# per-sample duration, size, flags and composition offset: a key frame, then two non-sync
# ones, one presented before its dts (dts shift), the last shorter
FIELDS = ((512, 6, 0x02000000, 1024), (512, 6, 0x01010000, -512), (256, 6, 0x00010000, 0))
CASES = {"aud3": 3, "aud_million": 1_000_000, "aud_enomem": 89_478_486,
         "aud_failed_add": 178_956_971, "aud_ctts_overflow": 536_870_911, "aud_max_ok": 89_478_485,
         "fields_mixed": FIELDS}
LIVE = sorted(set(CASES) - {"aud_max_ok"})


def _box(name: str, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + name.encode("latin-1") + body


def _full(name: str, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(name, bytes([version]) + flags.to_bytes(3, "big"), *parts)


def _moov() -> bytes:
    mvhd = _full("mvhd", 0, 0, bytes(8), struct.pack(">IIIH", 1000, 0, 0x10000, 0x100), bytes(10),
                 struct.pack(">9I", *UNIT), bytes(24), struct.pack(">I", 2))
    tkhd = _full("tkhd", 0, 3, bytes(8), struct.pack(">III", 1, 0, 0), bytes(16),
                 struct.pack(">9I", *UNIT), struct.pack(">II", 160 << 16, 120 << 16))
    mdhd = _full("mdhd", 0, 0, bytes(8), struct.pack(">IIHH", 12800, 0, 0x55C4, 0))
    hdlr = _full("hdlr", 0, 0, bytes(4), b"vide", bytes(12), b"VideoHandler\0")
    avcc = _box("avcC", bytes([1, 0x64, 0, 0x0B, 0xFF, 0xE1]), struct.pack(">H", len(SPS)), SPS,
                bytes([1]), struct.pack(">H", len(PPS)), PPS)
    avc1 = _box("avc1", bytes(6), struct.pack(">H", 1), bytes(16), struct.pack(">HHII", 160, 120, 0x480000, 0x480000),
                bytes(4), struct.pack(">H", 1), bytes(32), struct.pack(">hh", 0x18, -1), avcc)
    stbl = _box("stbl", _full("stsd", 0, 0, struct.pack(">I", 1), avc1), _full("stts", 0, 0, bytes(4)),
                _full("stsc", 0, 0, bytes(4)), _full("stsz", 0, 0, bytes(8)), _full("stco", 0, 0, bytes(4)))
    dinf = _box("dinf", _full("dref", 0, 0, struct.pack(">I", 1), _full("url ", 0, 1)))
    minf = _box("minf", _full("vmhd", 0, 1, bytes(8)), dinf, stbl)
    trak = _box("trak", tkhd, _box("mdia", mdhd, hdlr, minf))
    mvex = _box("mvex", _full("trex", 0, 0, struct.pack(">5I", 1, 1, 0, 0, 0)))
    return _box("moov", mvhd, trak, mvex)


def build(entries) -> bytes:
    """ftyp, moov, then a moof whose trun claims `entries` samples of len(AUD) bytes and 512
    ticks, non-sync (tfhd defaults), or holds the fields of each sample `entries` lists; and
    an mdat holding three samples."""
    fields = b""
    trun_flags = 0x000001                   # data offset
    if not isinstance(entries, int):
        fields = b"".join(struct.pack(">IIIi", *sample) for sample in entries)
        trun_flags |= 0x000F00              # duration, size, flags, composition offset
        entries = len(entries)

    def moof(data_offset: int) -> bytes:
        tfhd = _full("tfhd", 0, 0x020038, struct.pack(">IIII", 1, 512, len(AUD), 0x01010000))
        tfdt = _full("tfdt", 1, 0, struct.pack(">Q", 0))
        trun = _full("trun", 0, trun_flags, struct.pack(">Ii", entries, data_offset), fields)
        return _box("moof", _full("mfhd", 0, 0, struct.pack(">I", 1)), _box("traf", tfhd, tfdt, trun))
    ftyp = _box("ftyp", b"isom", struct.pack(">I", 512), b"isomiso6iso2avc1mp41")
    size = len(moof(0))
    return ftyp + _moov() + moof(size + 8) + _box("mdat", AUD * 3)


def _result(cmd: list, folder: str, name: str) -> dict:
    """Exit code, stdout and the demuxer's stderr lines (the H.264 decoder's complaints about
    the delimiter-only samples are not what is tested here)."""
    rc, out, err = run(cmd + ARGS + [name], cwd=folder)
    lines = norm_addresses(err).decode("latin-1").splitlines(keepends=True)
    kept = [line for line in lines
            if not line.startswith(("[h264 @", "    Last message repeated"))]
    return {"rc": rc, "stdout": out.decode("latin-1"), "stderr": "".join(kept)}


def _goldens() -> dict:
    with open(GOLDENS, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_stored_reference(tmp_path, name):
    (tmp_path / name).write_bytes(build(CASES[name]))
    assert _result(cine_cmd("ffprobe"), str(tmp_path), name) == _goldens()[name]


@pytest.mark.skipif(not reference_ok(), reason="reference ffprobe 5.1.9 not installed")
@pytest.mark.parametrize("name", LIVE)
def test_goldens_are_the_reference(tmp_path, name):
    (tmp_path / name).write_bytes(build(CASES[name]))
    assert _result([FFPROBE], str(tmp_path), name) == _goldens()[name]


_PEAK = """
import resource, sys
from cine.compat.cli import ffprobe_main
try:
    ffprobe_main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def test_most_entries_the_reference_takes_stay_small(tmp_path):
    """89,478,485 claimed samples (the reference: 2.9 GB, ~17 s): cine's peak RSS stays that of
    a tiny file's probe, and it ends in well under 2 s of its own work."""
    path = tmp_path / "max.mp4"
    path.write_bytes(build(CASES["aud_max_ok"]))
    peaks = []
    for target in (path, tmp_path / "small.mp4"):
        if target.name == "small.mp4":
            target.write_bytes(build(3))
        out = tmp_path / "peak.txt"
        t = time.monotonic()
        p = subprocess.run([sys.executable, "-c", _PEAK, str(out), "-v", "quiet", "-show_packets",
                            "-show_streams", str(target)], capture_output=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=ROOT))
        peaks.append((int(out.read_text()), time.monotonic() - t))
        assert b"Traceback" not in p.stderr
    (big, wall), (small, small_wall) = peaks
    assert big - small < 8 * 1024, "peak RSS grew by %d KiB" % (big - small)
    assert wall - small_wall < 1.5, "%.2f s against %.2f s" % (wall, small_wall)


if __name__ == "__main__":
    import tempfile
    assert reference_ok(), "needs /usr/bin/ffprobe 5.1.9"
    found = {}
    with tempfile.TemporaryDirectory() as d:
        for case, count in sorted(CASES.items()):
            with open(os.path.join(d, case), "wb") as fh:
                fh.write(build(count))
            found[case] = _result([FFPROBE], d, case)
    with open(GOLDENS, "w", encoding="utf-8") as f:
        json.dump(found, f, indent=1, sort_keys=True)
        f.write("\n")
