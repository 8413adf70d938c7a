"""The AAC decoder's behaviour around the edges: explicit and implicit SBR signalling as the
reference decides it (HE-AAC at twice the rate, an implicitly signalled mono stream output as
stereo), damaged packets (the reference's log
lines, dropped frames and kept overlap), packets holding more than one raw_data_block, and
arbitrary bytes (only CineError ever escapes)."""
import os
import random
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import cine_decode, have_reference, path_of  # noqa: E402

from cine.engine.codecs.aac.decoder import AacDecoder  # noqa: E402
from cine.engine.errors import AVERROR_PATCHWELCOME, CineError, InvalidData  # noqa: E402
from cine.engine.log import Logger  # noqa: E402
from cine.engine.model import CodecParameters  # noqa: E402


class _Bits:
    def __init__(self):
        self.bits = []

    def put(self, value, n):
        self.bits += [(value >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def bytes(self):
        bits = self.bits + [0] * (-len(self.bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _silent_sce(w):
    """An SCE of one long window with max_sfb 0 (all zero)."""
    w.put(0, 3).put(0, 4).put(100, 8)             # SCE 0, global_gain
    w.put(0, 1).put(0, 2).put(0, 1).put(0, 6).put(0, 1)   # ics_info: long, sine, max_sfb 0
    w.put(0, 1).put(0, 1).put(0, 1)               # no pulse, TNS, gain control


def _raw_block(sbr=False):
    w = _Bits()
    _silent_sce(w)
    if sbr:
        w.put(6, 3).put(2, 4).put(13, 4).put(0, 12)   # FIL, 2 bytes: EXT_SBR_DATA
    w.put(7, 3)
    return w.bytes()


def _adts(payload):
    size = 7 + len(payload)
    w = _Bits().put(0xFFF, 12).put(0, 1).put(0, 2).put(1, 1).put(1, 2).put(4, 4).put(0, 1)
    w.put(1, 3).put(0, 4).put(size, 13).put(0x7FF, 11).put(0, 2)
    return w.bytes() + payload


def _decoder(extradata=b"", lines=None):
    par = CodecParameters(codec_type="audio", codec_name="aac", sample_rate=44100, channels=1,
                          extradata=extradata)
    sink = (lambda _c, level, msg: lines.append((level, msg))) if lines is not None else None
    return AacDecoder(par, Logger("aac", sink))


def test_silent_frame_decodes_to_zeros():
    dec = _decoder()
    frames = dec.decode(_adts(_raw_block()), 0, 0, 1024)
    assert len(frames) == 1 and frames[0].data.shape == (1, 1024)
    assert frames[0].layout == "mono" and frames[0].sample_fmt == "fltp"
    assert not frames[0].data.any()


def test_explicit_sbr_opens():
    # AOT 5 (SBR), 24 kHz core, stereo, extension 48 kHz, then AAC LC
    dec = _decoder(bytes.fromhex("2b118800"))
    assert dec.sbr == 1 and dec.ext_sample_rate == 48000 and dec.ps == 0


def test_implicit_sbr_in_adts_is_applied():
    """ADTS: every header restarts the trial configuration, so SBR data in any frame is
    applied (a mono stream then becomes stereo, and the rate doubles)."""
    dec = _decoder()
    frames = dec.decode(_adts(_raw_block()), 0, 0, 1024)
    assert frames[0].data.shape == (1, 1024) and frames[0].sample_rate == 44100
    frames = dec.decode(_adts(_raw_block(sbr=True)), 1024, 1024, 1024)
    assert frames[0].data.shape == (2, 2048) and frames[0].sample_rate == 88200
    assert frames[0].layout == "stereo" and not frames[0].data.any()


def test_implicit_sbr_after_a_locked_first_frame_is_ignored():
    """With an AudioSpecificConfig the configuration locks on the first frame with audio:
    SBR data first seen later is skipped with the reference's error line."""
    lines = []
    dec = _decoder(bytes.fromhex("1208"), lines)     # AAC LC, 44.1 kHz, mono
    assert len(dec.decode(_raw_block(), 0, 0, 1024)) == 1
    assert len(dec.decode(_raw_block(sbr=True), 1024, 1024, 1024)) == 1
    assert (16, "Implicit SBR was found with a first occurrence after the first frame.\n") in lines
    dec = _decoder(bytes.fromhex("1208"))
    frames = dec.decode(_raw_block(sbr=True), 0, 0, 1024)
    assert frames[0].data.shape == (2, 2048) and frames[0].sample_rate == 88200


def test_trailing_raw_block_is_a_second_frame():
    lines = []
    dec = _decoder(bytes.fromhex("1208"), lines)
    frames = dec.decode(_raw_block() + _raw_block(), 0, 0, 1024)
    assert len(frames) == 2 and frames[1].pts is None
    assert (24, "Multiple frames in a packet.\n") in lines
    frames = dec.decode(_raw_block() + b"\x60", 0, 0, 1024)   # then an unmapped LFE
    assert len(frames) == 1 and isinstance(dec.pending_error, InvalidData)


def _pce_of_30_sces():
    """A raw_data_block whose PCE maps 30 SCEs (more than 16 of one type), then a silent SCE."""
    w = _Bits()
    w.put(5, 3).put(0, 4)                       # PCE, tag 0
    w.put(1, 2).put(4, 4)                       # object type LC, sampling index 4
    w.put(15, 4).put(15, 4).put(0, 4)           # 15 front, 15 side, 0 back elements
    w.put(0, 2).put(0, 3).put(0, 4)             # no LFE, associated data, CC elements
    w.put(0, 1).put(0, 1).put(0, 1)             # no mixdowns
    for i in range(30):
        w.put(0, 1).put(i % 16, 4)              # SCEs
    w.bits += [0] * (-len(w.bits) % 8)          # byte_alignment
    w.put(0, 8)                                 # comment_field_bytes
    _silent_sce(w)
    w.put(7, 3)
    return w.bytes()


def test_failure_after_a_first_frame_keeps_the_frame():
    """A packet's second raw_data_block that fails with another error than invalid data
    (a PCE of more than 16 SCEs: "Too large remapped id", AVERROR_PATCHWELCOME) leaves the
    first block's frame: FFmpeg 5.1.9 outputs it, then logs the request and "Error while
    decoding stream ... patches welcome" (checked with an ADTS stream of such packets; the
    trial configuration is popped as its fail: label does)."""
    lines = []
    dec = _decoder(lines=lines)
    frames = dec.decode(_adts(_raw_block() + _pce_of_30_sces()), 0, 0, 1024)
    assert len(frames) == 1 and frames[0].data.shape == (1, 1024)
    assert dec.pending_error is not None and dec.pending_error.code == AVERROR_PATCHWELCOME
    assert lines == [
        (24, "Multiple frames in a packet.\n"), (24, "Too large remapped id"),
        (24, " is not implemented. Update your FFmpeg version to the newest one from Git. If "
         "the problem still occurs, it means that your file has a feature which has not been "
         "implemented.\n"),
        (24, "If you want to help, upload a sample of this file to "
         "https://streams.videolan.org/upload/ and contact the ffmpeg-devel mailing list. "
         "(ffmpeg-devel@ffmpeg.org)\n")]
    assert dec.oc.channels == 1 and len(dec.decode(_adts(_raw_block()), 1024, 1024, 1024)) == 1


def _damaged_adts(seed):
    data = bytearray(open(path_of("fixtures/aac/adts.aac"), "rb").read())
    rng = random.Random(seed)
    pos = i = 0
    while pos + 7 <= len(data):
        size = ((data[pos + 3] & 3) << 11) | (data[pos + 4] << 3) | (data[pos + 5] >> 5)
        if i % 7 == 3:
            for _ in range(rng.randint(1, 4)):
                k = pos + 7 + rng.randrange(size - 7)
                data[k] ^= 1 << rng.randrange(8)
        pos += size
        i += 1
    return bytes(data)


# (frames out, the decoder's error lines) of the damaged files, as the reference gives them
DAMAGED = {
    1: (81, ["Number of bands (38) exceeds limit (37).\n"] + [
        "Input buffer exhausted before END element found\n"] * 4 + [
        "Number of bands (41) exceeds limit (37).\n",
        "Input buffer exhausted before END element found\n"]),
    3: (80, ["Number of bands (39) exceeds limit (37).\n",
             "skip_data_stream_element: Input buffer exhausted before END element found\n",
             "channel element 3.15 is not allocated\n",
             "Number of bands (56) exceeds limit (37).\n",
             "Number of bands (60) exceeds limit (37).\n",
             "TNS filter order 22 is greater than maximum 12.\n"] + [
             "Input buffer exhausted before END element found\n"] * 2 + [
             "Number of bands (57) exceeds limit (37).\n"]),
}


@pytest.mark.parametrize("seed", sorted(DAMAGED))
def test_damaged_packets_fail_like_the_reference(seed, tmp_path):
    path = tmp_path / "bad.aac"
    path.write_bytes(_damaged_adts(seed))
    data, _layout, _rate, lines, _errors = cine_decode(str(path))
    frames, messages = DAMAGED[seed]
    assert data.shape == (frames * 1024, 2)
    assert [m for level, m in lines if level <= 16] == messages
    if have_reference():
        import subprocess
        r = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-"],
                           capture_output=True)
        ref = np.frombuffer(r.stdout, np.float32).reshape(-1, 2)
        assert ref.shape == data.shape
        assert np.abs(ref - data).max() < 1e-6
        logged = [line.split("] ", 1)[1] + "\n" for line in r.stderr.decode().splitlines()
                  if line.startswith("[aac @")]
        assert logged == messages


def test_arbitrary_bytes_raise_only_cine_errors():
    from cine.engine.demux import open_input
    inp = open_input(path_of("fixtures/aac/tools.m4a"))
    par = inp.ctx.streams[0].codecpar
    packets = []
    while (pkt := inp.read_packet()) is not None:
        packets.append(pkt.data)
    inp.close()
    rng = random.Random(7)
    dec = AacDecoder(par, Logger("aac"))
    for n in range(400):
        data = bytearray(packets[n % len(packets)])
        mode = n % 4
        if mode == 0:
            data = data[:rng.randrange(len(data) + 1)]
        elif mode == 1:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif mode == 2:
            data = bytearray(rng.randbytes(rng.randint(1, 300)))
        try:
            for f in dec.decode(bytes(data), n, n, 1024):
                assert f.data.shape[1] == 1024 and np.isfinite(f.data).all()
        except CineError:
            pass
