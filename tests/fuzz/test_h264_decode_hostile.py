"""Hostile input through the H.264 intra decoder (H264Decoder) with the compiled kernels.

The fuzz campaign runs fuzz/targets/h264_decode.py with NUMBA_DISABLE_JIT=1 (so coverage sees
inside the kernels); what it found (fuzz/regressions/h264_decode) and its seeds are replayed
here through the compiled kernels, which are built with boundscheck=True: an index the bytes
control that escapes its array raises IndexError there. Then targeted cases: every fixture cut
at many offsets, bits flipped in CAVLC and CABAC slice data, parameter sets with absurd sizes
and ids, slices naming what does not exist, garbage and empty NAL units between NAL units, and
endless runs of tiny slices. Whatever the bytes: only CineError, a few seconds, and memory
bounded by 64 MB plus what the pictures the stream declares need.
"""
import hashlib
import os
import random
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "fuzz")
for _p in (os.path.join(FUZZ, "targets"), FUZZ, ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import run as fuzz_run  # noqa: E402 - fuzz/run.py

from cine.engine.codecs.h264.avcc import split_annexb  # noqa: E402
from cine.engine.codecs.h264.decoder import H264Decoder  # noqa: E402
from cine.engine.codecs.h264.picture_decode import MAX_PICTURE_MBS  # noqa: E402
from cine.engine.errors import CineError, LimitExceeded  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures", "h264")
H264_FIXTURES = sorted(n for n in os.listdir(FIXTURES) if n.endswith(".h264"))
TARGET = "h264_decode"
SECONDS = 10.0          # per decode of one hostile input (compiled kernels, warm; a loaded machine)
MB = 1 << 20


def _read(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def _decode(data: bytes, skip: str = "nokey", extradata: bytes = b"", whole: bool = False
            ) -> tuple[int, float]:
    """Decode `data` (Annex B cut into access units as the fuzz target cuts them; one packet
    when `whole` or with extradata) then flush: (frames, seconds). Only CineError may escape
    (it is swallowed: the clean failure); frames are dropped as they come."""
    from h264_decode import AU
    start = time.perf_counter()
    frames = 0
    try:
        dec = H264Decoder(extradata, skip_frame=skip)
        for packet in [data] if whole or extradata else AU.split(data):
            for f in dec.decode(packet, 0, 0, 1):
                assert f.planes[0].shape == (f.height, f.width)
                frames += 1
        frames += len(dec.flush())
    except CineError:
        pass
    return frames, time.perf_counter() - start


def _nals(name: str) -> list[bytes]:
    return split_annexb(_read(name))


def _annexb(nals) -> bytes:
    return b"".join(b"\x00\x00\x00\x01" + n for n in nals)


# -- synthetic streams (ITU-T H.264 7.3.2.1, 7.3.2.2, 7.3.3, 7.3.5) ----------------------

class Bits:
    """A bit writer: u(n), ue(v), se(v); rbsp() adds the stop bit and byte alignment."""

    def __init__(self) -> None:
        self.bits: list[int] = []

    def u(self, n: int, v: int) -> "Bits":
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, v: int) -> "Bits":
        n = (v + 1).bit_length()
        return self.u(n - 1, 0).u(n, v + 1)

    def se(self, v: int) -> "Bits":
        return self.ue(2 * v - 1 if v > 0 else -2 * v)

    def rbsp(self) -> bytes:
        b = self.bits + [1]
        b += [0] * (-len(b) % 8)
        return bytes(int("".join(map(str, b[i:i + 8])), 2) for i in range(0, len(b), 8))


def _nal(header: int, rbsp: bytes) -> bytes:
    """A NAL unit with its start code, emulation prevention inserted."""
    out, zeros = bytearray(), 0
    for x in rbsp:
        if zeros >= 2 and x <= 3:
            out.append(3)
            zeros = 0
        out.append(x)
        zeros = zeros + 1 if x == 0 else 0
    return b"\x00\x00\x00\x01" + bytes([header]) + bytes(out)


def sps(mb_width: int, mb_height: int, sps_id: int = 0) -> bytes:
    """Baseline SPS: log2_max_frame_num 4, POC type 2, one reference frame, no cropping."""
    b = Bits().u(8, 66).u(8, 0xC0).u(8, 10).ue(sps_id).ue(0).ue(2).ue(1).u(1, 0)
    return _nal(0x67, b.ue(mb_width - 1).ue(mb_height - 1).u(1, 1).u(1, 1).u(1, 0).u(1, 0).rbsp())


def pps(pps_id: int = 0, sps_id: int = 0) -> bytes:
    """CAVLC PPS, one slice group, QP 26, no deblocking control."""
    b = Bits().ue(pps_id).ue(sps_id).u(1, 0).u(1, 0).ue(0).ue(0).ue(0).u(1, 0).u(2, 0)
    return _nal(0x68, b.se(0).se(0).se(0).u(1, 0).u(1, 0).u(1, 0).rbsp())


def idr_slice(first_mb: int, mbs: int, pps_id: int = 0) -> bytes:
    """CAVLC IDR slice of `mbs` I_16x16_2_0_0 macroblocks (DC prediction, nothing coded)."""
    b = Bits().ue(first_mb).ue(7).ue(pps_id).u(4, 0).ue(0).u(1, 0).u(1, 0).se(0)
    for _ in range(mbs):
        b.ue(3).ue(0).se(0).u(1, 1)      # mb_type, intra_chroma_pred_mode, mb_qp_delta, DC token
    return _nal(0x65, b.rbsp())


def test_synthetic_stream_decodes():
    """The writer above makes a stream the decoder reads whole (the hostile cases start from it)."""
    frames, _ = _decode(sps(11, 9) + pps() + idr_slice(0, 99))
    assert frames == 1


# -- the fuzz corpus, replayed through the compiled kernels -------------------------------

def _corpus() -> list[str]:
    out = []
    for d in fuzz_run.seeds(TARGET):
        out += [os.path.join(d, f) for f in sorted(os.listdir(d))
                if not f.endswith((".md", ".sh", ".py")) and os.path.isfile(os.path.join(d, f))]
    return out


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: os.path.relpath(p, ROOT))
def test_corpus_replays_through_compiled_kernels(path):
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        pytest.skip("kernels are plain Python here (NUMBA_DISABLE_JIT)")
    from cine.engine.codecs.h264 import cabac_jit, cavlc_jit, deblock_jit, recon_jit
    for fn in (cavlc_jit.parse_slice_cavlc, cabac_jit.parse_slice_cabac,
               recon_jit.reconstruct_slice, deblock_jit.deblock_picture):
        assert fn.signatures, "%s is not compiled" % fn.__name__
    with open(path, "rb") as f:
        data = f.read()
    start = time.perf_counter()
    fuzz_run.load(TARGET)(data)
    _decode(data, "default")          # and without the target's picture size cap
    assert time.perf_counter() - start < 4 * SECONDS


def test_one_frame_a_packet():
    """A packet holding three IDR pictures gives one frame, the last picture, as the reference
    does (`ffmpeg -i multi.mkv -f framemd5 -` on a Matroska block holding the three access units
    of cavlc_baseline.h264, then a block with the third again: two frames, both 12abb79a...)."""
    dec = H264Decoder(b"", skip_frame="default")
    frames = dec.decode(_read("cavlc_baseline.h264"), 0, 0, 1) + dec.flush()
    assert len(frames) == 1
    assert hashlib.md5(b"".join(p.tobytes() for p in frames[0].planes)).hexdigest() == \
        "12abb79aab4086d53d6b5362ca5406e9"


# -- damaged fixtures ---------------------------------------------------------------------

@pytest.mark.parametrize("name", H264_FIXTURES)
def test_truncated_fixtures(name):
    data = _read(name)
    offsets = {1, 3, 4, 5, 8, 16, 30, 64, len(data) - 1, len(data) - 2}
    offsets.update(len(data) * i // 24 for i in range(1, 24))
    for off in sorted(o for o in offsets if 0 < o < len(data)):
        for skip in ("nokey", "default"):
            _, seconds = _decode(data[:off], skip)
            assert seconds < SECONDS, (off, skip)


def _flipped(name: str, seed: int, count: int):
    """Copies of the stream, each with a few bits flipped inside one slice's data (the header's
    first bytes left alone, so that the parsers see the damage)."""
    rng = random.Random(seed)
    nals = _nals(name)
    slices = [i for i, n in enumerate(nals) if n[0] & 0x1F in (1, 5) and len(n) > 8]
    for _ in range(count):
        out = list(nals)
        i = rng.choice(slices)
        nal = bytearray(out[i])
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(6, len(nal))
            nal[pos] ^= 1 << rng.randrange(8)
        out[i] = bytes(nal)
        yield _annexb(out)


@pytest.mark.parametrize("name", ["cavlc_baseline.h264", "high_cavlc_8x8.h264", "slices3_cavlc.h264",
                                  "ipcm_cavlc.h264", "low_qp_cavlc.h264", "cabac_main.h264",
                                  "high_8x8.h264", "slices4_cabac.h264", "low_qp_cabac.h264",
                                  "gray.h264"])
def test_bit_flips_in_slice_data(name):
    for data in _flipped(name, hash(name) & 0xFFFF, 60):
        _, seconds = _decode(data)
        assert seconds < SECONDS


def test_garbage_and_empty_nal_units_between_nal_units():
    rng = random.Random(6)
    for name in ("cavlc_baseline.h264", "cabac_main.h264", "slices4_cabac.h264"):
        nals = _nals(name)
        for _ in range(20):
            parts = []
            for n in nals:
                parts.append(b"\x00\x00\x00\x01" + n)
                kind = rng.randrange(4)
                if kind == 0:
                    parts.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))))
                elif kind == 1:
                    parts.append(b"\x00\x00\x01" * rng.randrange(1, 50))
                elif kind == 2:
                    parts.append(b"\x00\x00\x01" + bytes([rng.randrange(256)]))
            _, seconds = _decode(b"".join(parts), rng.choice(["nokey", "default"]))
            assert seconds < SECONDS


def test_zero_length_nal_units_in_avcc_packets():
    nals = _nals("high_8x8.h264")
    ps = [n for n in nals if n[0] & 0x1F in (7, 8)]
    avcc = (b"\x01" + ps[0][1:4] + b"\xff\xe1" + len(ps[0]).to_bytes(2, "big") + ps[0]
            + b"\x01" + len(ps[1]).to_bytes(2, "big") + ps[1])
    slices = [n for n in nals if n[0] & 0x1F == 5]
    for packet in (b"\x00\x00\x00\x00" * 1000,
                   b"\x00\x00\x00\x00" + len(slices[0]).to_bytes(4, "big") + slices[0],
                   len(slices[0]).to_bytes(4, "big") + slices[0] + b"\x00\x00\x00\x00" * 100,
                   b"\xff\xff\xff\xff" + slices[0], b"\x00\x00\x00\x01" + slices[0][:3]):
        for skip in ("nokey", "default"):
            _, seconds = _decode(packet, skip, avcc)
            assert seconds < SECONDS


# -- parameter sets and slice headers that name impossible things --------------------------

def test_ids_out_of_range():
    cases = [
        sps(11, 9, sps_id=32) + pps(sps_id=32) + idr_slice(0, 99),
        sps(11, 9, sps_id=31) + pps(sps_id=31) + idr_slice(0, 99),     # the largest SPS id: fine
        sps(11, 9) + pps(pps_id=256) + idr_slice(0, 99, pps_id=256),
        sps(11, 9) + pps(pps_id=255) + idr_slice(0, 99, pps_id=255),   # the largest PPS id: fine
        sps(11, 9) + pps(pps_id=(1 << 31) - 2) + idr_slice(0, 99, pps_id=(1 << 31) - 2),
        sps(11, 9) + pps(sps_id=5) + idr_slice(0, 99),                  # PPS naming a missing SPS
        sps(11, 9) + pps() + idr_slice(0, 99, pps_id=7),                # slice naming a missing PPS
        idr_slice(0, 99),                                               # no parameter sets at all
        pps() + idr_slice(0, 99),
    ]
    assert [_decode(c)[0] for c in cases] == [0, 1, 0, 1, 0, 0, 0, 0, 0]


def test_first_mb_out_of_range():
    for first in (99, 100, 4096, (1 << 31) - 1, (1 << 32) + 5):
        assert _decode(sps(11, 9) + pps() + idr_slice(first, 1))[0] == 0
    # the last macroblock is a valid start; a slice running past the end stops there
    assert _decode(sps(11, 9) + pps() + idr_slice(98, 5))[0] == 1


def test_absurd_sizes_are_refused():
    """16384x16384 macroblocks: the SPS is refused (FFmpeg: "mb_width/height overflow");
    over the largest picture decoded: LimitExceeded before anything is allocated."""
    dec = H264Decoder(b"")
    assert dec.decode(sps(16384, 16384) + pps() + idr_slice(0, 1)) == []
    assert any("overflow" in e for e in dec.errors)
    with pytest.raises(LimitExceeded):
        H264Decoder(b"").decode(sps(512, MAX_PICTURE_MBS // 512 + 1) + pps() + idr_slice(0, 1))


MEMORY_CASES = [((512, 272), 3, "fill"), ((512, 272), 40, "fill"), ((16384, 16384), 5, "fill"),
                ((120, 68), 500, "fill"), ((2, 1), 200000, "fill"), ((1, 1), 20000, "new"),
                ((11, 9), 20000, "new")]
_MEMORY = r"""
import sys
sys.path.insert(0, sys.argv[1])
from test_h264_decode_hostile import MEMORY_CASES, _decode, sps, pps, idr_slice
def hwm():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
_decode(sps(11, 9) + pps() + idr_slice(0, 99))          # kernels loaded, caches warm
for (w, h), n, first in MEMORY_CASES:
    stream = sps(w, h) + pps() + b"".join(idr_slice(0 if first == "new" else min(i, w * h - 1), 1)
                                          for i in range(n))
    with open("/proc/self/clear_refs", "w") as f:      # peak RSS := current RSS (Linux >= 4.0)
        f.write("5")
    before = hwm()
    _decode(stream, "default", whole=True)
    print(hwm() - before)
"""


@pytest.fixture(scope="module")
def peak_growth() -> list[int]:
    """Peak RSS growth of each MEMORY_CASES decode, measured in one fresh process."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("NUMBA_DISABLE_JIT", None)
    out = subprocess.run([sys.executable, "-c", _MEMORY, os.path.dirname(__file__)],
                         capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    if out.returncode and "clear_refs" in out.stderr:
        pytest.skip("no /proc/self/clear_refs to reset the peak RSS")
    assert out.returncode == 0, out.stderr[-2000:]
    return [int(v) for v in out.stdout.split()]


@pytest.mark.parametrize("case", range(len(MEMORY_CASES)), ids=lambda i: "%dx%d-%d-%s" % (
    *MEMORY_CASES[i][0], *MEMORY_CASES[i][1:]))
def test_peak_memory_is_bounded(peak_growth, case):
    """Peak RSS growth decoding a tiny stream that declares a big picture stays under 64 MB plus
    what the picture needs (its planes, the output copy, 1.5 bytes a sample each, and the
    per-macroblock state of the macroblocks decoded). Slices after the first start at the next
    macroblock ("fill", then the last one again: 200000 of them over a 2-macroblock picture
    are not all kept until the picture ends), or each at macroblock 0 ("new": 20000 pictures
    in one packet, which are not all decoded and returned)."""
    (w, h), slices, first = MEMORY_CASES[case]
    pixels = 256 * w * h if w * h <= MAX_PICTURE_MBS else 0
    decoded = 1 if first == "new" else min(slices, w * h)
    assert peak_growth[case] < 64 * MB + 2 * 1.5 * pixels + 2048 * decoded


# -- time stays linear in the number of slices --------------------------------------------

def _timed(stream_of) -> tuple[float, float]:
    """Seconds to decode 2000 and 8000 of them (the better of two runs: a shared machine)."""
    small, large = stream_of(2000), stream_of(8000)
    return (min(_decode(small, "default", whole=True)[1] for _ in range(2)),
            min(_decode(large, "default", whole=True)[1] for _ in range(2)))


@pytest.mark.parametrize("kind", ["new_pictures", "one_picture", "big_picture", "bad_slices",
                                  "missing_pps", "past_every_macroblock"])
def test_endless_tiny_slices_take_linear_time(kind):
    def stream_of(n):
        if kind == "new_pictures":        # every slice starts a picture (first_mb 0)
            return sps(11, 9) + pps() + idr_slice(0, 1) * n
        if kind == "one_picture":         # one macroblock per slice, over and over one picture
            return sps(11, 9) + pps() + b"".join(idr_slice(i % 99, 1) for i in range(n))
        if kind == "big_picture":         # a picture of 139264 macroblocks, filled one by one
            return sps(512, 272) + pps() + b"".join(idr_slice(i, 1) for i in range(n))
        if kind == "bad_slices":          # slice data that fails at its first macroblock
            bad = Bits().ue(1).ue(7).ue(0).u(4, 0).ue(0).u(1, 0).u(1, 0).se(0).ue(40).rbsp()
            return sps(512, 272) + pps() + idr_slice(0, 1) + _nal(0x65, bad) * n
        if kind == "past_every_macroblock":   # far more slices than the picture has macroblocks
            return sps(2, 1) + pps() + idr_slice(0, 1) + idr_slice(1, 1) * n
        return sps(11, 9) + idr_slice(0, 1) * n
    small, large = _timed(stream_of)
    assert large < 4 * SECONDS
    assert large < 8 * small + 0.5, (small, large)
