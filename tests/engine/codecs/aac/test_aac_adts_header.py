"""ADTS headers as the reference's decoder reads them (FFmpeg 5.1.9 parse_adts_frame_header):

- the SSR profile decodes as LC does (`/usr/bin/ffmpeg -i ssr.aac -f s16le -` gives the same
  bytes as for the LC stream whose headers were rewritten to SSR; checked 2026-11-27);
- a packet shorter than the header is read through its zero padding: with 2-4 bytes the
  frame size reads under 7 and the packet fails with the parser's own code,
  AAC_AC3_PARSE_ERROR_FRAME_SIZE (-0x4030c0a, "Error number -67308554 occurred"); with 5-6
  bytes the header passes and the raw data runs out. What libavcodec 59 (5.1.9) said for
  the same packets after one whole frame, fed through avcodec_send_packet with ctypes:
  "Error decoding AAC frame header." and -67308554 for 2, 3 and 4 bytes, "Input buffer
  exhausted before END element found" and AVERROR_INVALIDDATA for 5 and 6.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from cine.engine.codecs import decoders as D
from cine.engine.demux import open_input
from cine.engine.errors import AVERROR_INVALIDDATA, CineError
from cine.engine.log import ERROR, Logger

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
ADTS = os.path.join(ROOT, "fixtures", "aac", "adts.aac")


def _frames(data: bytes):
    i = 0
    while i + 7 <= len(data) and data[i] == 0xFF and data[i + 1] & 0xF0 == 0xF0:
        size = ((data[i + 3] & 3) << 11) | (data[i + 4] << 3) | (data[i + 5] >> 5)
        yield i, size
        i += size


def _as_ssr(data: bytes) -> bytes:
    out = bytearray(data)
    for i, _size in _frames(data):
        out[i + 2] = (out[i + 2] & 0x3F) | (2 << 6)        # profile 2: object type 3, SSR
    return bytes(out)


def _decode_file(path: str, tmp_path) -> bytes:
    out = tmp_path / "out.raw"
    p = subprocess.run([sys.executable, "-m", "cine", "ffmpeg", "-nostdin", "-v", "error",
                        "-y", "-i", path, "-f", "s16le", str(out)], capture_output=True,
                       cwd=ROOT, timeout=300)
    assert p.returncode == 0 and not p.stderr, p.stderr
    return out.read_bytes()


def test_ssr_decodes_as_lc(tmp_path):
    with open(ADTS, "rb") as f:
        data = f.read()
    ssr = tmp_path / "ssr.aac"
    ssr.write_bytes(_as_ssr(data))
    got = _decode_file(str(ssr), tmp_path)
    assert got == _decode_file(ADTS, tmp_path)
    if shutil.which("/usr/bin/ffmpeg"):
        ref = subprocess.run(["/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-i", str(ssr),
                              "-f", "s16le", "-"], capture_output=True, timeout=300).stdout
        assert got == ref


@pytest.mark.parametrize("n,code,line", [
    (2, -0x4030C0A, "Error decoding AAC frame header.\n"),
    (3, -0x4030C0A, "Error decoding AAC frame header.\n"),
    (4, -0x4030C0A, "Error decoding AAC frame header.\n"),
    (5, AVERROR_INVALIDDATA, "Input buffer exhausted before END element found\n"),
    (6, AVERROR_INVALIDDATA, "Input buffer exhausted before END element found\n"),
])
def test_short_adts_packet(n, code, line):
    inp = open_input(ADTS)
    st = inp.ctx.streams[0]
    lines = []
    dec = D.open_decoder(st.codecpar, st.time_base,
                         Logger("aac", lambda _c, level, m: lines.append(m)
                                if level <= ERROR else None))
    with open(ADTS, "rb") as f:
        data = f.read()
    _, size = next(_frames(data))
    assert dec.decode(data[:size], 0, 0, 1024)
    lines.clear()
    with pytest.raises(CineError) as err:
        dec.decode(data[size:size + n], 1, 1, 1024)
    assert err.value.code == code
    assert lines == [line]
