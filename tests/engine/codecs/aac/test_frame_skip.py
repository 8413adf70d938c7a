"""frame_skip walks over AAC-LC channel elements in plain Python (stream analysis looks past
them for implicitly signalled SBR): on every frame of the LC fixtures it must reach the END
element exactly where cine's decoder (its numba parser) does, and the crafted HE-AAC
fixtures' implicit SBR must be found as FFmpeg 5.1.9 reports it (their ffprobe goldens are
compat-tests/cases/aac)."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from cine.engine.bitstream.bitreader import BitReader
from cine.engine.codecs.aac import asc as A
from cine.engine.codecs.aac import raw_block_jit as R
from cine.engine.codecs.aac import spectral_jit as S
from cine.engine.codecs.aac.frame import dse_length
from cine.engine.codecs.aac.frame_skip import skip_channel_element

from .aac_support import ROOT, cine_decode

LC_FIXTURES = ["fixtures/aac/tools.m4a", "fixtures/aac/transients_mono.m4a",
               "fixtures/aac/tns.m4a", "fixtures/aac/adts.aac", "fixtures/aac/r8k.m4a",
               "fixtures/aac/s51.m4a", "fixtures/aac/r96k.m4a", "fixtures/elementary/mono.aac",
               "fixtures/mkv/h264_aac.mkv"]


def _walk(buf: bytes, start: int, m4ac) -> int | None:
    """The bit position after the frame's END element, every element walked over; None when
    an element is one frame_skip does not walk (CCE, PCE) or refuses."""
    br = BitReader(buf, start)
    while br.bits_left >= 3:
        elem = br.u(3)
        if elem == A.END:
            return br.pos
        count = br.u(4)
        if elem in (A.SCE, A.CPE, A.LFE_EL):
            if not skip_channel_element(br, elem, m4ac):
                return None
        elif elem == A.FIL:
            if count == 15:
                count += br.u(8) - 1
            br.skip(8 * count)
        elif elem == A.DSE:
            br.skip(8 * dse_length(br))
        else:
            return None
    return None


@pytest.mark.parametrize("name", LC_FIXTURES)
def test_walk_ends_where_the_decoder_ends(name, monkeypatch):
    frames = []
    decode_frame = R.decode_frame

    def recording(buf, *args):
        status = decode_frame(buf, *args)
        info, start, resume = args[18], args[23], args[31]
        if not resume:                          # (not the call after a PCE Python read)
            frames.append((bytes(buf), start, status, int(info[S.I_POS])))
        return status

    monkeypatch.setattr(R, "decode_frame", recording)
    _data, _layout, rate, _lines, _errors = cine_decode(os.path.join(ROOT, name))
    index = A.SAMPLE_RATES.index(rate)
    m4ac = SimpleNamespace(object_type=A.AOT_AAC_LC, sampling_index=index,
                           frame_length_short=0)
    checked = 0
    for buf, start, status, end in frames:
        if status:
            continue
        assert _walk(buf, start, m4ac) == end, (name, checked)
        checked += 1
    assert checked >= 10


def test_damaged_elements_are_refused_not_raised():
    """Truncated and bit-flipped frames: skip_channel_element says False or True, never
    raises (the analyzer then keeps what it knew)."""
    import random
    path = os.path.join(ROOT, "fixtures/aac/adts.aac")
    data = open(path, "rb").read()
    m4ac = SimpleNamespace(object_type=A.AOT_AAC_LC, sampling_index=4, frame_length_short=0)
    rng = random.Random(5)
    frame = data[7:((data[3] & 3) << 11 | data[4] << 3 | data[5] >> 5)]
    for _ in range(300):
        b = bytearray(frame[:rng.randrange(1, len(frame) + 1)])
        for _ in range(rng.randrange(4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        br = BitReader(bytes(b), 0)
        elem = br.u(3)
        br.skip(4)
        assert skip_channel_element(br, elem, m4ac) in (True, False)
