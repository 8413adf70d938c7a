"""The decoder reads slice headers from the first decoder.HEADER_BYTES bytes of a NAL unit
and unescapes the whole unit only for slices it decodes. Whatever that prefix length, every
output must be the same as reading whole units: frames, timestamps, the errors logged and
the exceptions raised, on intact streams and on copies with damaged slice headers."""
from __future__ import annotations

import hashlib
import random

import pytest

from cine.engine.codecs.h264 import decoder as D
from cine.engine.codecs.h264.framing import decoder_split
from cine.engine.errors import CineError

from .h264_decode_support import FIXTURES, first_h264_stream

FILES = ("gop_bframes.mp4", "slices4_cabac.h264", "slices3_cavlc.h264", "open_gop.mkv",
         "cavlc.ts")


def _packets(name: str):
    from cine.engine.demux import open_input
    inp = open_input(str(FIXTURES / name))
    try:
        index = first_h264_stream(inp.ctx)
        st = inp.ctx.streams[index]
        packets = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index == index:
                packets.append((pkt.data, pkt.pts, pkt.dts, pkt.duration))
        return st.codecpar, (st.time_base.num, st.time_base.den), packets
    finally:
        inp.close()


def _damaged(packets, seed: int, is_avc: bool, nal_length_size: int):
    """A bit flipped in the header of about half of the slices (their first 12 bytes)."""
    rng = random.Random(seed)
    out = []
    for data, pts, dts, duration in packets:
        data = bytearray(data)
        start = 0
        for nal in decoder_split(bytes(data), is_avc, nal_length_size)[0]:
            at = data.find(nal, start)
            start = at + len(nal)
            if nal[0] & 0x1F in (1, 5) and len(nal) > 2 and rng.random() < 0.5:
                k = at + 1 + rng.randrange(min(12, len(nal) - 1))
                data[k] ^= 1 << rng.randrange(8)
        out.append((bytes(data), pts, dts, duration))
    return out


def _run(codecpar, tb, packets, header_bytes: int, monkeypatch) -> list:
    monkeypatch.setattr(D, "HEADER_BYTES", header_bytes)
    dec = D.H264Decoder(codecpar.extradata, skip_frame="nokey", time_base=tb,
                        video_delay=codecpar.video_delay)
    log = []

    def note(frames):
        for f in frames:
            log.append((f.pts, f.pkt_dts, f.key,
                        hashlib.md5(b"".join(p.tobytes() for p in f.planes)).hexdigest()))
        log.extend(dec.errors)
        dec.errors.clear()

    for data, pts, dts, duration in packets:
        try:
            note(dec.decode(data, pts, dts, duration))
        except CineError as exc:
            log.append((type(exc).__name__, str(exc)))
            note(getattr(exc, "frames", []))
    try:
        note(dec.flush())
    except CineError as exc:
        log.append((type(exc).__name__, str(exc)))
    return log


@pytest.mark.parametrize("name", FILES)
def test_prefix_length_changes_nothing(name, monkeypatch):
    codecpar, tb, packets = _packets(name)
    framing = D.H264Decoder(codecpar.extradata)
    damaged = [_damaged(packets, seed, framing.is_avc, framing.nal_length_size) for seed in (1, 2)]
    logged = []
    for stream in (packets, *damaged):
        whole = _run(codecpar, tb, stream, 1 << 40, monkeypatch)
        assert whole
        logged.extend(whole)
        for header_bytes in (D.HEADER_BYTES, 24):
            assert _run(codecpar, tb, stream, header_bytes, monkeypatch) == whole, header_bytes
    # the damage reached the header checks
    assert any("decode_slice_header error" in str(x) for x in logged)
