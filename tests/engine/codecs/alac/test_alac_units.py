"""ALAC decoder refusals and packet structure, with the reference's log lines and error codes
(FFmpeg 5.1.9 libavcodec/alac.c): the magic cookie checks at open, the element loop (END,
unknown and misplaced elements, missing channels) and uncompressed elements of every bit
depth, with the output shift and channel placement."""
from __future__ import annotations

import errno
import struct

import pytest

from cine.engine.codecs.alac.decoder import AlacDecoder
from cine.engine.codecs.missing import NOT_IMPLEMENTED, SAMPLE_REQUEST
from cine.engine.errors import AVERROR_INVALIDDATA, AVERROR_PATCHWELCOME, CineError, InvalidData
from cine.engine.log import Logger
from cine.engine.model import CodecParameters


def cookie(frame_length=16, depth=16, channels=2, kb=14, rate=44100) -> bytes:
    return (struct.pack(">I4sI", 36, b"alac", 0)
            + struct.pack(">IBBBBBBHIII", frame_length, 0, depth, 40, 10, kb, channels, 255, 0,
                          0, rate))


def decoder(extradata, channels=0):
    logs = []
    par = CodecParameters()
    par.codec_name = "alac"
    par.extradata = extradata
    par.channels = channels
    return AlacDecoder(par, Logger("alac", lambda c, lv, m: logs.append(m))), logs


def bits_to_bytes(fields) -> bytes:
    value, n = 0, 0
    for width, v in fields:
        value = (value << width) | (v & ((1 << width) - 1))
        n += width
    value <<= (-n) % 8
    return value.to_bytes((n + 7) // 8, "big")


def uncompressed(kind, samples, depth, nb=None):
    """An uncompressed element (kind 0 SCE / 1 CPE) of samples[i][ch]."""
    fields = [(3, kind), (4, 0), (12, 0), (1, nb is not None), (2, 0), (1, 1)]
    if nb is not None:
        fields.append((32, nb))
    for frame in samples:
        fields.extend((depth, v) for v in frame)
    return fields


def test_cookie_refusals():
    with pytest.raises(InvalidData):
        decoder(cookie()[:35])
    with pytest.raises(InvalidData):
        decoder(cookie(frame_length=0))
    with pytest.raises(CineError) as exc:
        decoder(cookie(depth=8))
    assert exc.value.code == AVERROR_PATCHWELCOME
    with pytest.raises(CineError) as exc:
        decoder(cookie(channels=9))
    assert exc.value.code == AVERROR_PATCHWELCOME
    with pytest.raises(CineError) as exc:
        decoder(cookie(channels=0))
    assert exc.value.code == -errno.EINVAL


def test_cookie_refusal_lines():
    logs = []
    for data in (cookie()[:35], cookie(frame_length=0), cookie(depth=8)):
        par = CodecParameters()
        par.extradata = data
        with pytest.raises(CineError):
            AlacDecoder(par, Logger("alac", lambda c, lv, m: logs.append(m)))
    assert logs == ["extradata is too small\n", "max samples per frame invalid: 0\n",
                    "set_info failed\n", "Sample depth 8", NOT_IMPLEMENTED, SAMPLE_REQUEST]


def test_channel_count_from_the_stream():
    dec, logs = decoder(cookie(channels=0), channels=1)
    assert logs == ["Invalid channel count\n"] and dec.layout == "mono"


@pytest.mark.parametrize("depth,shift,fmt", [(16, 0, "s16p"), (20, 12, "s32p"),
                                             (24, 8, "s32p"), (32, 0, "s32p")])
def test_uncompressed_depths(depth, shift, fmt):
    channels = 1 if depth == 32 else 2          # 32-bit pairs would need 33 bits
    dec, logs = decoder(cookie(depth=depth, channels=channels, frame_length=4))
    top = 1 << (depth - 1)
    samples = [[-top, top - 1][:channels], [1, -1][:channels], [0, 5][:channels]]
    pkt = bits_to_bytes(uncompressed(channels - 1, samples, depth, nb=3) + [(3, 7)])
    (frame,) = dec.decode(pkt, pts=7)
    assert frame.sample_fmt == fmt and frame.pts == 7 and logs == []
    want = [[((v << shift) + (1 << 31)) % (1 << 32) - (1 << 31) for v in col]
            for col in zip(*samples)]
    assert frame.data.tolist() == want


def test_element_order_of_three_channels():
    dec, logs = decoder(cookie(channels=3, frame_length=2))
    pkt = bits_to_bytes(uncompressed(0, [[1], [2]], 16) + uncompressed(1, [[3, 4], [5, 6]], 16)
                        + [(3, 7)])
    (frame,) = dec.decode(pkt)
    # SCE -> centre (index 2), CPE -> left/right; layout 3.0
    assert frame.data.tolist() == [[3, 5], [4, 6], [1, 2]] and frame.layout == "3.0"


def test_packet_structure_failures():
    dec, logs = decoder(cookie(channels=2, frame_length=2))
    assert dec.decode(bits_to_bytes([(3, 7)])) == []
    assert logs == ["Failed to decode all channels\n"]
    logs.clear()
    with pytest.raises(InvalidData):
        dec.decode(b"")
    with pytest.raises(CineError) as exc:
        dec.decode(bits_to_bytes([(3, 2), (20, 0)]))
    assert exc.value.code == AVERROR_PATCHWELCOME
    with pytest.raises(InvalidData):
        dec.decode(bits_to_bytes(uncompressed(1, [[1, 2]] * 2, 16) * 2 + [(3, 7)]))
    assert logs == ["no end tag found. incomplete packet.\n", "Syntax element 2",
                    NOT_IMPLEMENTED, "invalid element channel count\n"]


def test_sample_count_checks():
    dec, logs = decoder(cookie(channels=1, frame_length=4))
    with pytest.raises(CineError) as exc:
        dec.decode(bits_to_bytes(uncompressed(0, [[1]] * 5, 16, nb=5) + [(3, 7), (8, 0)]))
    assert exc.value.code == AVERROR_INVALIDDATA
    assert logs == ["invalid samples per frame: 5\n"]


def test_compression_without_rice_limit():
    dec, logs = decoder(cookie(channels=1, frame_length=4, kb=0))
    pkt = bits_to_bytes([(3, 0), (4, 0), (12, 0), (1, 0), (2, 0), (1, 0), (40, 0)])
    with pytest.raises(CineError) as exc:
        dec.decode(pkt)
    assert exc.value.code == -errno.ENOSYS
    assert logs == ["Compression with rice limit 0", NOT_IMPLEMENTED, SAMPLE_REQUEST]
