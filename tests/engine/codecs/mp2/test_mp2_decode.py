"""Every Layer II fixture and every Layer I stream of layer1_writer, decoded by the decoder
cine registers for mp2/mp1: planar s16 frames whose samples are byte for byte the
reference's (the md5 of its s16 output, stored in mp2_goldens.txt by make_mp2_goldens.py),
and, with FFmpeg 5.1.9 present, the same against the reference run now."""
from __future__ import annotations

import os

import numpy as np
import pytest

import mp2_support as S

GOLDENS = S.read_goldens()
REFERENCE = S.have_reference()
NAMES = S.FIXTURE_FILES + list(S.LAYER1)


def _decode(name):
    path, temporary = S.source(name)
    try:
        return S.decode(path)
    finally:
        if temporary:
            os.unlink(path)


def test_goldens_cover_every_input():
    assert sorted(GOLDENS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_decode_is_the_references_output(name):
    md5_in, md5_out, size = GOLDENS[name]
    assert S.input_digest(name) == md5_in, "input changed: rerun make_mp2_goldens.py"
    samples, _, formats = _decode(name)
    assert formats == {("s16p", np.dtype(np.int16).str)}
    assert samples.size * 2 == size
    assert S.digest(samples.tobytes()) == md5_out


@pytest.mark.skipif(not REFERENCE, reason="needs FFmpeg 5.1.9")
@pytest.mark.parametrize("name", ["fixtures/mp2/js44_crc.mp2", "fixtures/mp2/lsf16_st.mp2",
                                  "layer1/44k_joint_192", "layer1/24k_mono_64_crc"])
def test_matches_the_reference_now(name):
    path, temporary = S.source(name)
    try:
        samples, _, _ = S.decode(path)
        ref = S.reference(path)
    finally:
        if temporary:
            os.unlink(path)
    assert samples.tobytes() == ref


def test_layer1_streams_are_not_silent():
    """The written Layer I streams carry signal (the comparison is not of zeros)."""
    for name in S.LAYER1:
        samples, _, _ = _decode(name)
        assert np.abs(samples.astype(np.int32)).max() > 1000, name


def test_header_fields_reach_the_frames():
    """Rate, layout and frame size per frame as the headers say (384 samples a Layer I
    frame, 1152 a Layer II one)."""
    from cine.engine.codecs.mp3.layer12_decoder import MpaFixedDecoder
    from cine.engine.log import Logger
    dec = MpaFixedDecoder(None, Logger("mp1"))
    data = S.layer1_bytes("layer1/24k_mono_64_crc")
    frames = dec.decode(data[:256], 7, 7, 0)          # two 128-byte frames in one packet
    assert [(f.nb_samples, f.sample_rate, f.layout, f.pts) for f in frames] == [
        (384, 24000, "mono", 7), (384, 24000, "mono", None)]
    mp2 = (S.ROOT / "fixtures/mp2/dual32.mp2").read_bytes()
    frames = dec.decode(mp2[:504], 0, 0, 0)            # one 504-byte frame (112 kb/s)
    assert [(f.nb_samples, f.sample_rate, f.layout, f.channels) for f in frames] == [
        (1152, 32000, "stereo", 2)]
