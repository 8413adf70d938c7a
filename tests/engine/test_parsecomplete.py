"""Complete-frame parsers (engine/parsecomplete.py): what each reports per packet, checked on
packets whose verdict the Opus/FLAC/VP8/VP9 specifications fix."""
from __future__ import annotations

from cine.engine.parsecomplete import (VideoHeaders, flac_header_blocksize,
                                       opus_packet_samples, opus_stream_count)


def test_opus_codes():
    # config 31 (CELT FB 20 ms), code 0: one frame
    assert opus_packet_samples(bytes([31 << 3]) + b"\x00" * 10) == 960
    # code 1: two equal frames, odd payload is refused
    assert opus_packet_samples(bytes([(31 << 3) | 1]) + b"\x00" * 10) == 1920
    assert opus_packet_samples(bytes([(31 << 3) | 1]) + b"\x00" * 9) is None
    # code 3, 3 CBR frames of 20 ms
    assert opus_packet_samples(bytes([(31 << 3) | 3, 3]) + b"\x00" * 9) == 2880
    # code 3 with 7 frames of 20 ms exceeds 120 ms
    assert opus_packet_samples(bytes([(31 << 3) | 3, 7]) + b"\x00" * 7) is None
    assert opus_packet_samples(b"") is None


def test_opus_self_delimited():
    # multistream: the first stream's frame carries its length (here 3 bytes, 2 extra follow)
    pkt = bytes([31 << 3, 3]) + b"abc" + b"zz"
    assert opus_packet_samples(pkt, True) == 960
    assert opus_packet_samples(bytes([31 << 3, 9]) + b"abc", True) is None
    head = b"OpusHead" + bytes([1, 6, 0, 0, 0x80, 0xBB, 0, 0, 0, 0, 1, 4, 2]) + bytes(6)
    assert opus_stream_count(head) == 4
    assert opus_stream_count(head[:18] + b"\0") == 1


def _crc8(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 7) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def test_flac_header():
    head = bytes([0xFF, 0xF8, 0xC9, 0x18, 0x00])      # 4096 samples, 44.1 kHz, stereo, 16 bit
    frame = head + bytes([_crc8(head)]) + b"\x00" + b"\x00" * 8
    assert flac_header_blocksize(frame) == 4096
    assert flac_header_blocksize(frame[:5] + bytes([frame[5] ^ 1]) + frame[6:]) is None
    # a reserved subframe type (0b000010) is refused
    assert flac_header_blocksize(head + bytes([_crc8(head), 0x04]) + b"\x00" * 8) is None


def test_vp8_vp9_key_flags():
    vp8 = VideoHeaders("vp8")
    vp8.parse(b"\x10\x02\x00\x9d\x01\x2a" + b"\x00" * 8)
    assert vp8.flags_for(0) == 1
    vp8.parse(b"\x11\x02\x00")
    assert vp8.flags_for(1) == 0
    vp9 = VideoHeaders("vp9")
    vp9.parse(b"\x82\x49\x83\x42")      # frame marker 2, profile 0, shown key frame
    assert vp9.flags_for(0) == 1
    vp9.parse(b"\x86\x00")              # non-key frame
    assert vp9.flags_for(1) == 0
    vp9.parse(b"\x88\x00")              # show_existing_frame
    assert vp9.flags_for(1) == 0
