"""mov_probe scores (FFmpeg 5.1.9 libavformat/mov.c) for hand-built box sequences."""
import struct

from cine.engine.formats.mp4.probe import probe


def box(t: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + t + payload


def test_ftyp_scores_max():
    assert probe(box(b"ftyp", b"isom\0\0\2\0isomiso2") + box(b"free"), "x.bin") == 100


def test_moov_mdat_score_max():
    assert probe(box(b"mdat", b"\0" * 16), "") == 100
    assert probe(box(b"moov", b"\0" * 16), "") == 100


def test_common_words_score_95():
    assert probe(box(b"free", b"\0" * 8), "") == 95
    assert probe(box(b"wide") + box(b"junk"), "") == 95


def test_weak_words_score_extension():
    assert probe(box(b"skip", b"\0" * 8), "") == 50
    assert probe(box(b"uuid", b"\0" * 16), "") == 50


def test_jpeg2000_brand_scores_5():
    assert probe(box(b"ftyp", b"jp2 \0\0\0\0jp2 "), "") == 5


def test_mov_packed_mpeg_ps_scores_5():
    hdlr = box(b"hdlr", b"\0\0\0\0mhlrMPEG" + b"\0" * 12)
    assert probe(box(b"moov", hdlr) + b"\0" * 32, "") == 5


def test_64bit_size_and_garbage():
    big = struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 32) + b"\0" * 16
    assert probe(big, "") == 100
    assert probe(b"\x00\x01\x02\x03garbage-garbage-garbage", "") == 0
    assert probe(b"", "") == 0


def test_never_raises_on_short_input():
    for n in range(0, 24):
        probe(box(b"ftyp", b"isom" * 4)[:n], "")
