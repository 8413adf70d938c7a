"""Property tests of the hostile-input contract (issue 5), with hypothesis (derandomized,
bounded example counts: the file runs in well under a minute).

(a) Any bytes, random bytes behind each container's magic, and fixtures with a few bytes
    changed, opened with open_input and read to the end (av_read_frame order, parsers
    included) give packets or a CineError: nothing else escapes, and the reading ends.
(b) One fixture of every container group truncated at a hypothesis-chosen offset, read as a
    seekable file and as a pipe (PipeSource): only the clean error, and never more packets
    than the whole file has.
(c) Mux-then-demux round trips through cine's own ffmpeg face (`-map 0 -c copy`): every
    packet's payload survives, and where the container keeps them its timestamps, durations
    and key flags; what each container legitimately changes is documented in ROUND_TRIPS.
"""
from __future__ import annotations

import io
import os
from fractions import Fraction

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from cine.engine.demux import open_input  # noqa: E402
from cine.engine.errors import CineError  # noqa: E402
from cine.engine.io.source import FileObjectSource, PipeSource  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures")
MAX_PACKETS = 200_000       # inputs here are a few KB: more packets means a demuxer that never ends

PROPS = settings(derandomize=True, deadline=None, database=None, print_blob=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _quiet(*_args) -> None:
    """An engine log sink that drops everything (the messages are not under test here)."""


def read_all(data: bytes, filename: str, seekable: bool = True) -> list | None:
    """open_input over the bytes (a seekable file or a pipe) and every packet av_read_frame
    gives; None when the engine refused the input with a CineError (the clean failure).
    Any other exception propagates: that is the property violated."""
    src = FileObjectSource(io.BytesIO(data)) if seekable else PipeSource(io.BytesIO(data))
    try:
        inp = open_input(filename if seekable else "pipe:", source=src, sink=_quiet)
    except CineError:
        return None
    packets = []
    try:
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                return packets
            packets.append(pkt)
            assert len(packets) <= MAX_PACKETS, "%s: read_packet never ends" % filename
    except CineError:
        return packets
    finally:
        inp.close()


# ---- (a) any bytes ----------------------------------------------------------------------

# (magic, a filename whose extension names the format too)
MAGICS = [
    (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "x.mp4"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ", "x.mov"),
    (b"\x1a\x45\xdf\xa3", "x.mkv"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm", "x.webm"),
    (b"OggS\x00\x02", "x.ogg"),
    (b"RIFF\xff\xff\x00\x00WAVEfmt ", "x.wav"),
    (b"RF64\xff\xff\xff\xffWAVEds64", "x.wav"),
    (b"riff\x2e\x91\xcf\x11\xa5\xd6\x28\xdb\x04\xd2\x00\x00", "x.w64"),
    (b"RIFF\xff\xff\x00\x00AVI LIST", "x.avi"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", "x.mp3"),
    (b"\xff\xfb\x90\x64", "x.mp3"),
    (b"\xff\xf1\x50\x80", "x.aac"),
    (b"fLaC\x00\x00\x00\x22", "x.flac"),
    (b"\x47\x40\x00\x10\x00", "x.ts"),
    (b"\x00\x00\x00\x01\x67\x42\xc0\x1e", "x.h264"),
    (b"\x00\x00\x00\x01\x40\x01\x0c\x01", "x.hevc"),
    (b"\x0b\x77", "x.ac3"),
]


def _random_bytes(seed: int, size: int) -> bytes:
    import random
    return random.Random(seed).randbytes(size)


# hypothesis' own binaries are short (tens of bytes); these reach the 8 KiB a header parser
# needs to get going
BYTES = st.one_of(st.binary(max_size=512),
                  st.builds(_random_bytes, st.integers(0, 2 ** 32), st.integers(0, 8192)))


@settings(PROPS, max_examples=1000)
@given(BYTES, st.sampled_from(["x", "x.mp4", "x.mkv", "x.ts", "x.mp3"]))
def test_any_bytes_give_packets_or_clean_error(data, name):
    read_all(data, name)


@settings(PROPS, max_examples=2000)
@given(st.sampled_from(MAGICS), BYTES)
def test_bytes_behind_a_magic_give_packets_or_clean_error(magic, tail):
    head, name = magic
    read_all(head + tail, name)
    read_all(head + tail, name, seekable=False)


# a valid file with a few bytes changed reaches much deeper than random bytes do
@pytest.mark.parametrize("rel", ["mp4/h264_baseline.mp4", "mkv/h264_aac.mkv",
                                 "ogg/vorbis_stereo.oga", "wav/s16.wav", "avi/h264_aac.avi",
                                 "ts/h264_aac.ts", "elementary/stereo.aac", "elementary/cbr.mp3",
                                 "elementary/f16.flac", "elementary/raw.h264"])
@settings(PROPS, max_examples=40)
@given(flips=st.lists(st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(1, 255)),
                      min_size=1, max_size=8))
def test_damaged_file_gives_packets_or_clean_error(rel, flips):
    buf = bytearray(_fixture(rel))
    for where, xor in flips:
        buf[int(where * len(buf))] ^= xor
    read_all(bytes(buf), os.path.basename(rel))


# ---- (b) truncation ---------------------------------------------------------------------

TRUNCATED = ["mp4/h264_baseline.mp4", "mkv/h264_aac.mkv", "ogg/vorbis_stereo.oga",
             "wav/s16.wav", "avi/h264_aac.avi", "ts/h264_aac.ts", "elementary/stereo.aac",
             "elementary/raw.h264", "elementary/f16.flac", "elementary/cbr.mp3"]
_FULL: dict = {}


def _fixture(rel: str) -> bytes:
    path = os.path.join(FIXTURES, rel)
    if not os.path.exists(path):
        pytest.skip("fixture %s missing" % rel)
    with open(path, "rb") as f:
        return f.read()


@pytest.mark.parametrize("rel", TRUNCATED)
@settings(PROPS, max_examples=60)
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_truncated_file_gives_only_the_clean_error(rel, cut):
    data = _fixture(rel)
    name = os.path.basename(rel)
    if rel not in _FULL:
        _FULL[rel] = read_all(data, name)
        assert _FULL[rel], "the whole fixture must demux"
    part = data[:int(len(data) * cut)]
    for seekable in (True, False):
        got = read_all(part, name, seekable)
        if got is not None:
            assert len(got) <= len(_FULL[rel]) + 1, "more packets than the whole file has"


# ---- (c) mux-then-demux round trips -----------------------------------------------------

class RoundTrip:
    """One muxer: the fixture remuxed, the output's demuxer and what that container changes.

    payload: "same" (every packet's bytes), "adts" (the muxer adds a 7-byte ADTS header,
      the raw AAC frame follows it), "stream" (the bytes of each stream concatenated: the
      container re-cuts the stream into packets of its own size, PCM in WAV, raw video
      elementary streams cut by the parser at access units).
    times: compare pts/dts/duration/key (in seconds, to one tick of the coarser time base,
      relative to the stream's first pts: a container may shift the whole timeline; a dts
      the source container does not store (Matroska's first B-frame delay) is not compared);
      False where the container stores none (raw elementary streams).
    """

    def __init__(self, muxer, fixture, ext, payload="same", times=True, args=(), keys=True,
                 durations=True):
        self.muxer, self.fixture, self.ext = muxer, fixture, ext
        self.payload, self.times, self.args = payload, times, list(args)
        self.keys, self.durations = keys, durations

    def __repr__(self):
        return "%s<-%s" % (self.muxer, self.fixture)


ROUND_TRIPS = [
    RoundTrip("mp4", "mkv/h264_aac.mkv", "mp4"),
    RoundTrip("mp4", "mp4/hevc_main.mp4", "mp4"),
    RoundTrip("mov", "mp4/h264_baseline.mp4", "mov"),
    RoundTrip("mov", "mp4/aac_mono.m4a", "mov"),
    RoundTrip("matroska", "mp4/h264_baseline.mp4", "mkv"),
    RoundTrip("matroska", "mkv/vp9_opus.webm", "mkv"),
    RoundTrip("webm", "mkv/vp9_opus.webm", "webm"),
    RoundTrip("ogg", "ogg/vorbis_stereo.oga", "ogg"),
    RoundTrip("ogg", "ogg/opus_stereo.ogg", "ogg"),
    # ADTS: a header per frame before the raw payload; every frame lasts 1024 samples (the
    # MP4 source's shortened last frame cannot be stored)
    RoundTrip("adts", "mp4/aac_mono.m4a", "aac", payload="adts", durations=False),
    RoundTrip("mp3", "elementary/cbr.mp3", "mp3"),
    RoundTrip("mp3", "mkv/mp3.mka", "mp3"),
    RoundTrip("flac", "elementary/f16.flac", "flac"),
    RoundTrip("flac", "ogg/flac.ogg", "flac"),
    RoundTrip("wav", "wav/s16.wav", "wav", payload="stream"),
    RoundTrip("mpegts", "ts/h264_aac.ts", "ts"),
    RoundTrip("mpegts", "ts/hevc_aac.ts", "ts"),
    RoundTrip("h264", "ts/h264_aac.ts", "h264", payload="stream", times=False,
              args=["-map", "0:v"]),
    RoundTrip("hevc", "ts/hevc_aac.ts", "hevc", payload="stream", times=False,
              args=["-map", "0:v"]),
]


def _demux(path: str):
    inp = open_input(path, sink=_quiet)
    try:
        streams = [(s.codecpar.codec_type, s.codecpar.codec_name, s.time_base)
                   for s in inp.ctx.streams]
        packets = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            packets.append(pkt)
    finally:
        inp.close()
    return streams, packets


def _per_stream(streams, packets, only=None):
    out = {}
    for i, (kind, codec, tb) in enumerate(streams):
        if only is None or kind in only:
            out[(kind, codec)] = (tb, [p for p in packets if p.stream_index == i])
    return out


def _secs(value, tb) -> Fraction | None:
    return None if value is None else Fraction(value * tb.num, tb.den)


def _remux(tmp_path, rt: RoundTrip) -> str:
    from cine.compat.cli import ffmpeg_main
    out = str(tmp_path / ("out." + rt.ext))
    src = os.path.join(FIXTURES, rt.fixture)
    if not os.path.exists(src):
        pytest.skip("fixture %s missing" % rt.fixture)
    args = ["-nostdin", "-v", "error", "-y", "-i", src] + (rt.args or ["-map", "0"])
    rc = ffmpeg_main(args + ["-c", "copy", "-f", rt.muxer, out])
    assert rc == 0, "cine ffmpeg %s failed" % " ".join(args)
    return out


@pytest.mark.parametrize("rt", ROUND_TRIPS, ids=repr)
def test_mux_then_demux_keeps_every_packet(tmp_path, rt):
    out = _remux(tmp_path, rt)
    src_streams, src_packets = _demux(os.path.join(FIXTURES, rt.fixture))
    out_streams, out_packets = _demux(out)
    kinds = {"video"} if rt.args == ["-map", "0:v"] else None
    src = _per_stream(src_streams, src_packets, kinds)
    dst = _per_stream(out_streams, out_packets)
    assert sorted(src) == sorted(dst), "streams differ: %s -> %s" % (sorted(src), sorted(dst))
    for key, (stb, sp) in src.items():
        dtb, dp = dst[key]
        if rt.payload == "stream":
            assert b"".join(p.data for p in sp) == b"".join(p.data for p in dp), key
            continue
        assert len(sp) == len(dp), "%s: %d packets became %d" % (key, len(sp), len(dp))
        for n, (a, b) in enumerate(zip(sp, dp)):
            if rt.payload == "adts":
                hdr = 7 if b.data[1] & 1 else 9         # protection_absent
                assert b.data[:2] in (b"\xff\xf1", b"\xff\xf9", b"\xff\xf0", b"\xff\xf8")
                assert b.data[hdr:] == a.data, "%s packet %d payload" % (key, n)
            else:
                assert b.data == a.data, "%s packet %d payload" % (key, n)
            if rt.keys:
                assert bool(a.flags & 1) == bool(b.flags & 1), "%s packet %d key flag" % (key, n)
        if not rt.times:
            continue
        tick = max(Fraction(stb.num, stb.den), Fraction(dtb.num, dtb.den))
        s0 = _secs(next((p.pts for p in sp if p.pts is not None), 0), stb)
        d0 = _secs(next((p.pts for p in dp if p.pts is not None), 0), dtb)
        for n, (a, b) in enumerate(zip(sp, dp)):
            for field in ("pts", "dts"):
                va, vb = _secs(getattr(a, field), stb), _secs(getattr(b, field), dtb)
                if va is None or vb is None:
                    continue
                assert abs((va - s0) - (vb - d0)) <= tick, \
                    "%s packet %d %s: %s -> %s" % (key, n, field, va - s0, vb - d0)
            if rt.durations and a.duration and b.duration:
                assert abs(_secs(a.duration, stb) - _secs(b.duration, dtb)) <= tick, \
                    "%s packet %d duration" % (key, n)
