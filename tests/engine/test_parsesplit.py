"""engine/parsesplit.py: audio frames cut out of packets whatever the packet boundaries, with
av_parser_parse2's timestamp rule (the first frame that starts in a packet takes its pts/dts/pos,
the others none), on streams made by the reference encoder (skipped without /usr/bin/ffmpeg)."""
import os
import subprocess

import pytest

from cine.engine.parsesplit import make_parser

FFMPEG = "/usr/bin/ffmpeg"


def _encode(tmp_path, codec: str, fmt: str) -> bytes:
    out = tmp_path / ("a." + fmt)
    subprocess.run([FFMPEG, "-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=0.5", "-c:a", codec,
                    "-f", fmt, str(out)], check=True)
    return out.read_bytes()


def _frames(data: bytes, sizes) -> list[bytes]:
    """Frame sizes from the headers, independently of the parser."""
    out = []
    pos = 0
    while pos < len(data):
        n = sizes(data, pos)
        out.append(data[pos:pos + n])
        pos += n
    return out


def _adts_size(d, p):
    return ((d[p + 3] & 3) << 11) | (d[p + 4] << 3) | (d[p + 5] >> 5)


def _run(parser, chunks):
    """parse_packet's loop over packets (pts = packet number), then the flush."""
    got = []
    for k, chunk in enumerate(chunks):
        data, pts, pos = chunk, k * 1000, k * 100000
        while data:
            n, out = parser.parse(data, pts, pts, pos)
            pts, pos = None, -1
            data = data[n:]
            if out:
                got.append((out, parser.pts, parser.pos))
    while True:
        n, out = parser.parse(b"", None, None, -1)
        if not out:
            break
        got.append((out, parser.pts, parser.pos))
    return got


@pytest.mark.skipif(not os.path.exists(FFMPEG), reason="no reference ffmpeg")
@pytest.mark.parametrize("codec,fmt", [("aac", "adts"), ("ac3", "ac3"), ("eac3", "eac3"),
                                       ("mp2", "mp2"), ("libmp3lame", "mp3")])
def test_frames_survive_any_packet_boundaries(tmp_path, codec, fmt):
    data = _encode(tmp_path, codec, fmt)
    if fmt == "mp3" and data[:3] == b"ID3":
        data = data[10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]):]
    whole = _run(make_parser({"adts": "aac", "mp3": "mp3"}.get(fmt, fmt)), [data])
    assert len(whole) > 5
    assert b"".join(f for f, _, _ in whole) == data
    if fmt == "adts":
        assert [f for f, _, _ in whole] == _frames(data, _adts_size)
    # the same stream in packets of 100 bytes: the same frames
    chunks = [data[i:i + 100] for i in range(0, len(data), 100)]
    name = {"adts": "aac", "mp3": "mp3"}.get(fmt, fmt)
    split = _run(make_parser(name), chunks)
    assert [f for f, _, _ in split] == [f for f, _, _ in whole]
    # a frame's timestamps, when it has any, are those of a packet holding some of its bytes
    off = 0
    stamped = 0
    for f, pts, pos in split:
        if pts is not None:
            k = pts // 1000
            assert k * 100 < off + len(f) and off < (k + 1) * 100
            assert pos == k * 100000
            stamped += 1
        off += len(f)
    assert stamped > len(split) // 2
    # one packet: only its first frame is stamped, the others are left to interpolation
    assert whole[0][1] == 0 and all(pts is None for _, pts, _ in whole[1:])


@pytest.mark.skipif(not os.path.exists(FFMPEG), reason="no reference ffmpeg")
def test_ac3_frame_waits_for_the_next_sync_word(tmp_path):
    # FFmpeg 5.1.9 ac3 parser: a frame is out only once the next header is seen (or at flush)
    data = _encode(tmp_path, "ac3", "ac3")
    size = len(_run(make_parser("ac3"), [data])[0][0])
    p = make_parser("ac3")
    n, out = p.parse(data[:size + size // 2], 0, 0, 0)
    assert out == data[:size] and n == size
    p2 = make_parser("ac3")
    first = data[:size]
    n, out = p2.parse(first, 0, 0, 0)
    assert out is None and n == size
    n, out = p2.parse(b"", None, None, -1)
    assert out == first
