"""An element that a failed frame leaves flagged is synthesised by the next frame that parses
without error, with the band tables of its own ics_info: FFmpeg 5.1.9 keeps a pointer to its
table (ics->swb_offset) in the channel's ics, so that element's TNS runs on the offsets of the
rate it was parsed at, whatever the ADTS header of the frame between says. cine once ran it on
the decoder's current tables: an IndexError out of the AAC kernel (a bounds check in
synthesis_jit._tns) when the new rate has fewer bands than the element's max_sfb, wrong
samples when it has enough."""
import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import cine_decode, have_reference, path_of  # noqa: E402

from cine.engine.demux import open_input  # noqa: E402

# The frame of fixtures/aac/tns.m4a (44.1 kHz stereo, one CPE a frame) made to fail: its left
# channel has TNS filters on a long window with max_sfb 42 (more bands than 8 and 16 kHz
# tables have offsets for), its right channel TNS on short windows.
FAILED = 5
FRAMES = 12

# ffmpeg 5.1.9: `ffmpeg -v error -i stale.aac -f f32le -` on the stream _stale_stream(index)
# writes, for index 4, 8 and 11 alike (the empty frame's rate changes nothing: the element
# keeps its 44.1 kHz tables): 11 frames, and the decoder's one error line
GOLDEN_MD5 = "001e249474f094b07bf2d6b1623701b0"
GOLDEN_LINES = ["channel element 0.5 is not allocated\n"]


def _adts(payload: bytes, sampling_index: int) -> bytes:
    """An ADTS header (MPEG-4, no CRC, AAC LC, two channels) before payload."""
    size = 7 + len(payload)
    v = (0xFFF << 44) | (1 << 40) | (1 << 38) | (sampling_index << 34) | (2 << 30) \
        | (size << 13) | (0x7FF << 2)
    return v.to_bytes(7, "big") + payload


def _bits(data: bytes) -> list[int]:
    return [(b >> (7 - i)) & 1 for b in data for i in range(8)]


def _bytes(bits: list[int]) -> bytes:
    bits = bits + [0] * (-len(bits) % 8)
    return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _stale_stream(sampling_index: int) -> bytes:
    """tns.m4a's first FRAMES raw_data_blocks as ADTS frames at 44.1 kHz, where frame FAILED
    has its END replaced by an SCE of id 5, which no element of the configuration has
    (its CPE parsed, then the frame fails), followed by a frame of `sampling_index` holding
    only END (no element: no output, but the CPE still flagged is synthesised)."""
    inp = open_input(path_of("fixtures/aac/tns.m4a"))
    blocks = []
    while len(blocks) < FRAMES and (pkt := inp.read_packet()) is not None:
        blocks.append(bytes(pkt.data))
    inp.close()
    bits = _bits(blocks[FAILED])
    end = max(i for i, b in enumerate(bits) if b) - 2      # END, then byte alignment
    assert bits[end:end + 3] == [1, 1, 1]
    failed = _bytes(bits[:end] + [0, 0, 0] + [0, 1, 0, 1])   # SCE 5
    return (b"".join(_adts(b, 4) for b in blocks[:FAILED]) + _adts(failed, 4)
            + _adts(b"\xe0", sampling_index)
            + b"".join(_adts(b, 4) for b in blocks[FAILED + 1:]))


@pytest.mark.parametrize("sampling_index", [4, 8, 11])
def test_stale_element_keeps_its_band_tables(sampling_index, tmp_path):
    path = tmp_path / "stale.aac"
    path.write_bytes(_stale_stream(sampling_index))
    data, layout, rate, lines, errors = cine_decode(str(path))
    assert (layout, rate, errors) == ("stereo", 44100, 1)
    assert [m for level, m in lines if level <= 16] == GOLDEN_LINES
    assert data.shape == ((FRAMES - 1) * 1024, 2)
    assert hashlib.md5(np.ascontiguousarray(data, np.float32).tobytes()).hexdigest() \
        == GOLDEN_MD5
    if have_reference():
        r = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-"],
                           capture_output=True)
        assert hashlib.md5(r.stdout).hexdigest() == GOLDEN_MD5
        logged = [line.split("] ", 1)[1] + "\n" for line in r.stderr.decode().splitlines()
                  if line.startswith("[aac @")]
        assert logged == GOLDEN_LINES
