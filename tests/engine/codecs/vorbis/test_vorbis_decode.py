"""The Vorbis decoder against the reference's decoded samples: every Vorbis stream of
fixtures/ and of the corpus decodes bit-identical to `ffmpeg -f f32le` but for the sign of
some zeros (goldens.txt holds the reference's samples_md5 per file, so this runs without
ffmpeg), the end trimming the reference
applies is the packets' discard padding, and damaged packets log what the reference logs."""
from __future__ import annotations

import pytest

from vorbis_decode_support import (FILES, ROOT, decode_file, ffmpeg_ok, read_goldens, reference,
                                   samples_md5)

GOLDENS = read_goldens()


def _decoded(rel):
    path = ROOT / rel
    if not path.exists():
        pytest.skip("absent: " + rel)
    return decode_file(path)


@pytest.mark.parametrize("rel", FILES)
def test_bit_identical_to_reference(rel):
    channels, samples, digest = GOLDENS[rel]
    dec = _decoded(rel)
    assert all(f.sample_fmt == "fltp" and f.channels == channels for f in dec.frames)
    out = dec.interleaved()
    # the reference drops the discard padding of the last packets (the demuxer's side data)
    assert out.size // channels - dec.padding - dec.skip == samples
    assert samples_md5(out[:samples * channels]) == digest


def test_layouts_and_rates():
    want = {"fixtures/vorbis/ch3.ogg": ("3.0", 32000),
            "fixtures/vorbis/ch6_q2.ogg": ("5.1", 48000),
            "fixtures/vorbis/ch8.ogg": ("7.1", 32000),
            "fixtures/vorbis/mono_q0_22k.ogg": ("mono", 22050),
            "fixtures/vorbis/stereo_8k.ogg": ("stereo", 8000)}
    for rel, (layout, rate) in want.items():
        frame = _decoded(rel).frames[0]
        assert (frame.layout, frame.sample_rate) == (layout, rate)


def test_first_packet_primes_the_overlap():
    """No frame for the first audio packet; then (previous + current blocksize) / 4 samples
    a packet (blocksizes 256/2048 here), with the packet's pts."""
    dec = _decoded("fixtures/vorbis/transients.ogg")
    sizes = {f.nb_samples for f in dec.frames}
    assert sizes <= {128, 576, 1024}
    assert 576 in sizes and 128 in sizes      # short blocks and the long/short transitions
    assert dec.frames[0].pts is not None


def test_damaged_packets_log_like_the_reference():
    dec = _decoded("fixtures/vorbis/noise_transients.mka")
    # the reference: 20 x "Not a Vorbis I audio packet." (and an error line for the packet
    # from ffmpeg), the rest "Overread N bits" lines from residue reads past the end
    assert dec.lines.count("Not a Vorbis I audio packet.\n") == 20
    assert len(dec.errors) == 20
    assert all(line.startswith("Overread ") for line in dec.lines
               if line != "Not a Vorbis I audio packet.\n")
    assert len(dec.lines) == 68          # as many lines as the reference logs


@pytest.mark.skipif(not ffmpeg_ok(), reason="needs ffmpeg 5.1.9")
@pytest.mark.parametrize("rel", ["fixtures/vorbis/transients.ogg", "fixtures/vorbis/ch6_q2.ogg"])
def test_live_reference_s16(rel):
    """The acceptance measure on s16 (libswresample's conversion of the same floats)."""
    import numpy as np
    channels, samples, _ = GOLDENS[rel]
    out = _decoded(rel).interleaved()[:samples * channels]
    ref = np.frombuffer(reference(ROOT / rel, "s16le"), dtype=np.int16)
    mine = np.clip(np.rint(out.astype(np.float64) * 32768), -32768, 32767).astype(np.int16)
    assert np.array_equal(mine, ref)
    ref32 = np.frombuffer(reference(ROOT / rel), dtype=np.float32)
    assert np.array_equal(out, ref32)     # bit-identical but for the sign of some zeros
