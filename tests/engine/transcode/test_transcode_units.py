"""Units of the transcoding path: image2 file naming (av_get_frame_filename2), the vsync
method each muxer gets (VSYNC_AUTO), the rawvideo decoder against the reference's frame MD5s
(bottom-up bgr24 with 4-byte rows, I420) and its errors, the framemd5/framecrc lines, and the
decoder/encoder registries."""
from __future__ import annotations

import hashlib
import os

import pytest

from cine.engine.codecs import decoders, encoders
from cine.engine.codecs.rawvideo.decoder import RawVideoDecoder
from cine.engine.errors import InvalidData
from cine.engine.formats import muxers
from cine.engine.formats.image2 import frame_filename
from cine.engine.pipeline.vsync import resolve_method

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


@pytest.mark.parametrize("path,number,want", [
    ("frame-%03d.jpg", 1, "frame-001.jpg"),
    ("frame-%03d.jpg", 1234, "frame-1234.jpg"),
    ("f%d.png", 7, "f7.png"),
    ("a%2db%d", 5, "a05b5"),            # several patterns (AV_FRAME_FILENAME_FLAGS_MULTIPLE)
    ("100%%-%d.jpg", 3, "100%-3.jpg"),
    ("x%d", -2, "x-2"),
    ("plain.jpg", 1, None),             # no pattern
    ("only%%.jpg", 1, None),
    ("bad%x.jpg", 1, None),
    ("end%", 1, None),
])
def test_frame_filename(path, number, want):
    assert frame_filename(path, number) == want


@pytest.mark.parametrize("muxer,method", [
    ("framemd5", "vfr"), ("framecrc", "vfr"), ("image2", "cfr"), ("rawvideo", "cfr"),
    ("mjpeg", "cfr"), ("null", "passthrough"), ("avi", "vfr"), ("mp4", "cfr")])
def test_auto_vsync(muxer, method):
    assert resolve_method("auto", muxers.by_name(muxer), None, False) == method


def test_explicit_vsync_and_copyts():
    e = muxers.by_name("image2")
    assert resolve_method("vfr", e, None, False) == "vfr"
    assert resolve_method("0", e, None, False) == "passthrough"
    assert resolve_method("auto", e, None, True) == "vscfr"


def _packets(rel):
    from cine.engine.demux import open_input
    inp = open_input(os.path.join(ROOT, "fixtures", rel))
    st = inp.ctx.streams[0]
    out = []
    while True:
        p = inp.read_packet()
        if p is None:
            return st, out
        out.append(p)


# the reference's `ffmpeg -i X -f framemd5 -` hashes of these fixtures
@pytest.mark.parametrize("rel,md5s", [
    ("avi/rawvideo_yuv.avi", ["11185d21983169c1ea09855729f3482b",
                              "bda6c9b938d96a7bfecf859d23149851"]),
])
def test_rawvideo_decoder_like_reference(rel, md5s):
    st, pkts = _packets(rel)
    dec = RawVideoDecoder(st.codecpar)
    got = []
    for p in pkts:
        for fr in dec.decode(p.data, p.pts, p.dts, p.duration):
            got.append(hashlib.md5(b"".join(pl.tobytes() for pl in fr.planes)).hexdigest())
    assert got == md5s


def test_rawvideo_bottom_up_bgr24_rows_padded_to_4():
    from cine.engine.model import CodecParameters
    par = CodecParameters(codec_type="video", codec_name="rawvideo", format="bgr24", width=3,
                          height=2, extradata=b"BottomUp\0")
    dec = RawVideoDecoder(par)
    data = bytes(range(9)) + b"\xaa\xbb\xcc" + bytes(range(20, 29)) + b"\xdd\xee\xff"
    fr = dec.decode(data, 0, 0, 1)[0]
    assert dec.flip and fr.planes[0].shape == (2, 9)
    # rows of 9 bytes padded to 12; the first stored row is the picture's last
    assert fr.planes[0][0].tobytes() == bytes(range(20, 29))
    assert fr.planes[0][1].tobytes() == bytes(range(9))


def test_rawvideo_short_packets():
    st, pkts = _packets("avi/rawvideo_yuv.avi")
    dec = RawVideoDecoder(st.codecpar)
    with pytest.raises(InvalidData):
        dec.decode(pkts[0].data[:10], 0, 0, 1)          # Packet too small
    with pytest.raises(InvalidData):
        dec.decode(pkts[0].data[:-48], 0, 0, 1)         # Invalid buffer size


def test_registries():
    assert decoders.decoder_class("rawvideo") is RawVideoDecoder
    assert decoders.decoder_class("nosuch") is None
    assert encoders.has_encoder("rawvideo")
    assert not encoders.has_encoder("nosuch")


def test_framemd5_and_framecrc_lines():
    from cine.engine.formats.framemd5 import FrameCrcMuxer, FrameMd5Muxer
    from cine.engine.io.sink import MemorySink
    from cine.engine.model import FormatContext, Packet, Rational, Stream
    ctx = FormatContext(filename="-", format_name="framemd5")
    st = Stream(index=0)
    st.codecpar.codec_type = "video"
    st.codecpar.codec_name = "rawvideo"
    st.codecpar.width, st.codecpar.height = 4, 2
    st.time_base = Rational(1, 25)
    st.sample_aspect_ratio = Rational(1, 1)
    ctx.streams.append(st)
    pkt = Packet(0, b"abc", 5, 4, 1, flags=1)
    sink = MemorySink()
    m = FrameMd5Muxer(sink, ctx, None, {}, bitexact=True)
    m.write_header()
    m.write_packet(pkt)
    assert sink.getvalue().decode() == (
        "#format: frame checksums\n#version: 2\n#hash: MD5\n#tb 0: 1/25\n"
        "#media_type 0: video\n#codec_id 0: rawvideo\n#dimensions 0: 4x2\n#sar 0: 1/1\n"
        "#stream#, dts,        pts, duration,     size, hash\n"
        "0,          4,          5,        1,        3, 900150983cd24fb0d6963f7d28e17f72\n")
    sink = MemorySink()
    m = FrameCrcMuxer(sink, ctx, None, {}, bitexact=False)
    m.write_header()
    pkt.flags = 0
    m.write_packet(pkt)
    assert sink.getvalue().decode().splitlines()[0] == "#software: Lavf59.27.100"
    assert sink.getvalue().decode().splitlines()[-1] == \
        "0,          4,          5,        1,        3, 0x024a0126, F=0x0"   # Adler-32 from 0
