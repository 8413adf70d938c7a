"""Opus packet framing (RFC 6716 3.2, self-delimited framing of Appendix B) and the
decoder's handling of damaged packets: errors are logged the way the reference logs them,
output continues, nothing raises."""
import numpy as np
import pytest

from cine.engine.codecs.opus.decoder import OpusDecoder
from cine.engine.codecs.opus.toc import MODE_CELT, MODE_HYBRID, MODE_SILK, parse_packet
from cine.engine.errors import CineError, InvalidData
from cine.engine.model import CodecParameters

from opus_support import ErrorLog


def test_code0_single_frame():
    p = parse_packet(bytes([31 << 3 | 4]) + bytes(10), 0, 11, False)
    assert (p.mode, p.bandwidth, p.stereo, p.frame_duration) == (MODE_CELT, 4, 1, 960)
    assert p.frames == [(1, 10)]


def test_code1_equal_frames_and_odd_size_refused():
    p = parse_packet(bytes([1 << 3 | 1]) + bytes(8), 0, 9, False)
    assert p.mode == MODE_SILK and p.frames == [(1, 4), (5, 4)] and p.samples == 1920
    with pytest.raises(InvalidData):
        parse_packet(bytes([1 << 3 | 1]) + bytes(7), 0, 8, False)


def test_code2_two_sizes():
    p = parse_packet(bytes([13 << 3 | 2, 3]) + bytes(7), 0, 9, False)
    assert p.mode == MODE_HYBRID and p.frames == [(2, 3), (5, 4)]


def test_code3_vbr_padding_and_cbr():
    # 3 frames, VBR, padding 300 (255 + 45 lacing)
    body = bytes([0xC3, 255, 45, 2, 3]) + bytes(2 + 3 + 5) + bytes(300 - 1)
    data = bytes([16 << 3 | 3]) + body
    p = parse_packet(data, 0, len(data), False)
    assert [s for _, s in p.frames] == [2, 3, 5]
    assert p.data_size == p.packet_size - 299
    cbr = bytes([16 << 3 | 3, 0x04]) + bytes(12)
    assert [s for _, s in parse_packet(cbr, 0, 14, False).frames] == [3] * 4
    with pytest.raises(InvalidData):
        parse_packet(bytes([16 << 3 | 3, 0x05]) + bytes(12), 0, 14, False)


def test_too_long_packet_refused():
    # 49 frames, and 120 ms + 20 ms
    with pytest.raises(InvalidData):
        parse_packet(bytes([16 << 3 | 3, 49]), 0, 2, False)
    with pytest.raises(InvalidData):
        parse_packet(bytes([3 << 3 | 3, 3]), 0, 2, False)


def test_self_delimited():
    data = bytes([31 << 3, 3, 1, 2, 3, 31 << 3, 9, 9])
    first = parse_packet(data, 0, len(data), True)
    assert first.frames == [(2, 3)] and first.packet_size == 5
    second = parse_packet(data, 5, 3, False)
    assert second.frames == [(6, 2)]


def _stereo_decoder(log):
    par = CodecParameters()
    par.codec_name = "opus"
    par.extradata = b"OpusHead" + bytes([1, 2, 0x38, 1, 0x80, 0xBB, 0, 0, 0, 0, 0])
    par.channels = 2
    return OpusDecoder(par, log)


def test_damaged_packets_never_raise():
    log = ErrorLog()
    dec = _stereo_decoder(log)
    rng = np.random.default_rng(7)
    total = 0
    for _ in range(300):
        data = rng.integers(0, 256, int(rng.integers(1, 80)), dtype=np.uint8).tobytes()
        try:
            frames = dec.decode(data, 0, 0, 0)
        except CineError:
            continue            # a packet that fails (as the reference's does): logged
        for frame in frames:
            assert frame.data.dtype == np.float32 and frame.data.shape[0] == 2
            assert np.isfinite(frame.data).all()
            total += frame.data.shape[1]
    dec.flush()
    assert total > 0
    assert "Error parsing the packet header.\n" in log.lines


def test_toc_only_packet_decodes_silence_frame():
    log = ErrorLog()
    dec = _stereo_decoder(log)
    frames = dec.decode(bytes([31 << 3 | 4]), 0, 0, 0)
    assert frames[0].data.shape == (2, 960) and not frames[0].data.any()
    assert not log.lines
