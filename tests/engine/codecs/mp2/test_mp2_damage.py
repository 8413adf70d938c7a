"""Damaged, truncated and odd packets through the Layer I/II decoder: what the reference's
decoder does with them (errors, log lines, samples), bits flipped through whole files
compared with the reference's decoding of the same bytes, and the ffmpeg face on the damaged
fixtures (exit code, error lines, output) against the reference's."""
from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np
import pytest

import mp2_support as S
from cine.engine.codecs.mp3.header import parse
from cine.engine.codecs.mp3.layer12_decoder import MpaFixedDecoder
from cine.engine.errors import AVERROR_INVALIDDATA, CineError
from cine.engine.log import Logger

JS44 = S.ROOT / "fixtures" / "mp2" / "js44_crc.mp2"
REFERENCE = S.have_reference()


def _decoder():
    messages = []
    return MpaFixedDecoder(None, Logger("mp2", lambda c, l, m: messages.append(m))), messages


def _frames(data: bytes) -> list[bytes]:
    pos, out = 0, []
    while pos + 4 <= len(data):
        h = parse(data[pos:pos + 4])
        if h is None or not h.frame_size:
            break
        out.append(data[pos:pos + h.frame_size])
        pos += h.frame_size
    return out


def test_packets_without_a_frame():
    dec, messages = _decoder()
    assert dec.decode(b"\xff\xfd") == [] and dec.last_error == AVERROR_INVALIDDATA
    assert dec.decode(b"\0\0\0\0\0") == [] and dec.last_error == AVERROR_INVALIDDATA
    assert dec.decode(b"TAG" + bytes(125)) == [] and dec.last_error == 0
    assert messages == []
    assert dec.decode(b"\x12\x34\x56\x78" * 20) == [] and dec.last_error == AVERROR_INVALIDDATA
    assert messages == ["Header missing\n"]
    # the reserved version (01) is no header either
    assert dec.decode(b"\xff\xed\xa4\x04" + bytes(600)) == []
    assert messages == ["Header missing\n"] * 2
    # free format (bit rate index 0): the reference's decoder does not size these frames
    assert dec.decode(b"\xff\xfd\x04\x04" + bytes(400)) == []
    assert dec.last_error == AVERROR_INVALIDDATA and len(messages) == 2


def test_a_failure_after_frames_is_reported_after_them():
    """Two frames, then bytes without a header: both frames come out, the packet's error is
    pending (the ffmpeg face reports it after them), and "Multiple frames in a packet." is
    logged once per decoder."""
    frames = _frames(JS44.read_bytes())
    dec, messages = _decoder()
    out = dec.decode(frames[0] + frames[1] + b"\x12\x34\x56\x78" * 4, 5, 5, 0)
    assert [f.pts for f in out] == [5, None]
    assert isinstance(dec.pending_error, CineError)
    assert dec.pending_error.code == AVERROR_INVALIDDATA
    assert messages == ["Multiple frames in a packet.\n", "Header missing\n"]
    out = dec.decode(frames[2] + frames[3])
    assert len(out) == 2 and dec.pending_error is None and dec.last_error == 0
    assert messages == ["Multiple frames in a packet.\n", "Header missing\n"]


def test_truncated_and_garbage_packets_never_raise():
    rng = random.Random(7)
    dec, _ = _decoder()
    streams = [JS44.read_bytes(), (S.ROOT / "fixtures/mp2/lsf22_mono.mp2").read_bytes(),
               S.layer1_bytes("layer1/44k_joint_192"), S.layer1_bytes("layer1/24k_mono_64_crc")]
    for data in streams:
        for frame in _frames(data)[:15]:
            cut = frame[:rng.randrange(len(frame))]
            noisy = bytearray(frame)
            for _ in range(rng.randint(1, 40)):
                noisy[rng.randrange(4, len(frame))] = rng.randrange(256)
            junk = bytes(rng.randrange(256) for _ in range(rng.randrange(900)))
            for packet in (cut, bytes(noisy), frame + frame[:7], junk,
                           frame[:4] + b"\xff" * (len(frame) - 4)):
                try:
                    out = dec.decode(packet)
                except CineError:
                    continue
                for f in out:
                    assert f.sample_fmt == "s16p" and f.data.dtype == np.int16
                    assert f.data.shape[1] in (384, 1152)


@pytest.mark.skipif(not REFERENCE, reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("seed", [1, 2])
def test_bit_flips_decode_as_the_reference(seed, tmp_path):
    """Bits flipped in the audio data of a third of the frames (headers kept; Layer II and
    Layer I): the same samples as the reference's, byte for byte (forbidden allocations,
    scale factor 63 and out-of-range group codes included)."""
    rng = random.Random(seed)
    for name, data in (("js44.mp2", JS44.read_bytes()),
                       ("l1.mp1", S.layer1_bytes("layer1/32k_joint_ext3_256"))):
        data = bytearray(data)
        pos = 0
        while pos + 4 <= len(data):
            h = parse(bytes(data[pos:pos + 4]))
            if h is None or not h.frame_size:
                break
            if rng.random() < 0.33:
                for _ in range(rng.randint(1, 6)):
                    data[rng.randrange(pos + 4, pos + h.frame_size)] ^= 1 << rng.randrange(8)
            pos += h.frame_size
        path = tmp_path / name
        path.write_bytes(bytes(data))
        samples, messages, _ = S.decode(path)
        assert messages == []
        assert samples.tobytes() == S.reference(path)


def _run(argv, reference: bool):
    cmd = ["ffmpeg"] if reference else [sys.executable, "-m", "cine", "ffmpeg"]
    return subprocess.run(cmd + argv, capture_output=True, cwd=S.ROOT, timeout=300)


def _lines(stderr: bytes) -> list[str]:
    """The decoder's and the run's error lines, addresses masked."""
    text = stderr.decode(errors="replace").replace("\r", "\n")
    return [re.sub(r"0x[0-9a-f]+", "0x", line) for line in text.split("\n")
            if line.startswith("[mp") or line.startswith("Error while")]


@pytest.mark.skipif(not REFERENCE, reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("name", ["fixtures/mp2/noise.mka", "fixtures/mp2/cut.mp2"])
def test_ffmpeg_face_on_damaged_input(name):
    """Damaged packets in Matroska (headers broken, so the parser joins packets and the
    decoder drops them) and a file cut inside a frame: the whisper conversion's exit code,
    decoder and error lines, and output are the reference's."""
    argv = ["-nostdin", "-threads", "0", "-i", name, "-f", "s16le", "-ac", "1", "-acodec",
            "pcm_s16le", "-ar", "16000", "-"]
    ref, mine = _run(argv, True), _run(argv, False)
    assert mine.returncode == ref.returncode == 0
    assert _lines(mine.stderr) == _lines(ref.stderr)
    assert mine.stdout == ref.stdout


# ffprobe -show_packets -show_entries packet=pts,size of noise.mka (FFmpeg 5.1.9): the three
# packets whose header the noise broke come out joined to the next one
NOISE_PACKETS = [(24 * i, 576) for i in range(6)] + [(144, 1152)] + [
    (24 * i, 576) for i in range(8, 12)] + [(288, 1152)] + [
    (24 * i, 576) for i in range(14, 21)] + [(504, 1152), (552, 576), (576, 576)]


def test_matroska_packets_without_a_header_join_the_next():
    """Matroska's MPEG audio is parsed for headers only (complete frames): a packet in which
    the parser finds no valid header is held and comes out with the next."""
    from cine.engine.demux import open_input
    inp = open_input(str(S.ROOT / "fixtures/mp2/noise.mka"))
    try:
        got = []
        while (pkt := inp.read_packet()) is not None:
            got.append((pkt.pts, len(pkt.data)))
    finally:
        inp.close()
    assert got == NOISE_PACKETS
    if REFERENCE:
        out = subprocess.run(["ffprobe", "-v", "error", "-show_packets", "-show_entries",
                              "packet=pts,size", "-of", "csv=p=0",
                              str(S.ROOT / "fixtures/mp2/noise.mka")],
                             capture_output=True, text=True, check=True).stdout
        assert [tuple(map(int, line.split(","))) for line in out.split()] == got
