"""AVI muxer (stream copy): the pieces (BITMAPINFOHEADER, stream header scale/rate, row
re-alignment, palettes, idx1 order) and whole files byte-identical to FFmpeg 5.1.9."""
from __future__ import annotations

import os
import struct
import subprocess

import pytest

from cine.engine.formats.avi.mux import AviMuxer
from cine.engine.formats.avi.mux_index import stream_fourcc
from cine.engine.formats.avi.riff_write import (CONTAINS_PAL, packet_palette,
                                                parse_specific_params, put_bmp_header,
                                                reshuffle_raw_rgb)
from cine.engine.io.sink import MemorySink
from cine.engine.log import Logger
from cine.engine.model import FormatContext, Packet, Rational, SideData, Stream

from .util import FFMPEG, ROOT, cine_remux, codec_par as _par, fixture, needs_ffmpeg

AVI_FIXTURES = sorted(n[:-4] for n in os.listdir(os.path.join(ROOT, "fixtures", "avi"))
                      if n.endswith(".avi"))


def _chunks(data: bytes, start: int, end: int):
    """(fourcc, payload offset, size) of the RIFF chunks in data[start:end], lists entered."""
    pos = start
    end = min(end, len(data))         # (a pipe leaves the RIFF and movi sizes at 0xFFFFFFFF)
    while pos + 8 <= end:
        tag = data[pos:pos + 4]
        size = struct.unpack_from("<I", data, pos + 4)[0]
        if tag in (b"RIFF", b"LIST"):
            yield tag + data[pos + 8:pos + 12], pos + 12, size - 4
            yield from _chunks(data, pos + 12, pos + 8 + size)
        else:
            yield tag, pos + 8, size
        pos += 8 + size + (size & 1)


def _headers(data: bytes):
    """[(strh fields, strf bytes)] of an AVI file."""
    out = []
    strh = None
    for tag, off, size in _chunks(data, 0, len(data)):
        if tag == b"strh":
            strh = struct.unpack_from("<4s4sIHHIIIIIIIIhhhh", data, off)
        elif tag == b"strf":
            out.append((strh, data[off:off + size]))
    return out


# -- pieces ----------------------------------------------------------------------------------

def test_stream_fourcc():
    assert stream_fourcc(0, "video") == b"00dc"
    assert stream_fourcc(1, "audio") == b"01wb"
    assert stream_fourcc(12, "subtitle") == b"12sb"
    assert stream_fourcc(3, "data") == b"03wb"


def test_bmp_header_bottomup_extradata_is_stripped_and_height_kept():
    par = _par(codec_type="video", codec_name="rawvideo", codec_tag=0, width=4, height=2,
               bits_per_coded_sample=24, format="bgr24", extradata=b"BottomUp\0")
    pb = MemorySink()
    put_bmp_header(pb, par)
    out = pb.getvalue()
    assert len(out) == 40
    size, w, h, planes, bpp, comp, img = struct.unpack_from("<IiiHHII", out)
    assert (size, w, h, planes, bpp, comp, img) == (40, 4, 2, 1, 24, 0, 24)


def test_bmp_header_raw_without_marker_is_top_down():
    par = _par(codec_type="video", codec_name="rawvideo", codec_tag=0, width=4, height=2,
               bits_per_coded_sample=24, format="bgr24")
    pb = MemorySink()
    put_bmp_header(pb, par)
    assert struct.unpack_from("<i", pb.getvalue(), 8)[0] == -2
    pb = MemorySink()
    put_bmp_header(pb, par, rgb_frame_is_flipped=True)
    assert struct.unpack_from("<i", pb.getvalue(), 8)[0] == 2


def test_bmp_header_pal8_without_extradata_writes_a_palette():
    par = _par(codec_type="video", codec_name="rawvideo", codec_tag=0, width=8, height=8,
               bits_per_coded_sample=8, format="pal8", extradata=b"")
    pb = MemorySink()
    put_bmp_header(pb, par)
    out = pb.getvalue()
    assert len(out) == 40 + 256 * 4
    assert struct.unpack_from("<I", out, 0)[0] == 40            # palette not counted
    assert struct.unpack_from("<I", out, 32)[0] == 256          # biClrUsed


def test_bmp_header_odd_extradata_is_padded():
    par = _par(codec_type="video", codec_name="h264", codec_tag=0x34363248, width=16,
               height=16, bits_per_coded_sample=24, extradata=b"\1\2\3")
    pb = MemorySink()
    put_bmp_header(pb, par)
    out = pb.getvalue()
    assert struct.unpack_from("<I", out, 0)[0] == 43
    assert out[40:] == b"\1\2\3\0"


def test_reshuffle_pads_rows_to_four_bytes():
    par = _par(codec_name="rawvideo", width=3, height=2, bits_per_coded_sample=24)
    rows = bytes(range(9)) + bytes(range(10, 19))
    out, ret = reshuffle_raw_rgb(rows, par, 12)
    assert ret == 1
    assert out == bytes(range(9)) + b"\0\0\0" + bytes(range(10, 19)) + b"\0\0\0"
    # already aligned: untouched
    same, ret = reshuffle_raw_rgb(out, par, 12)
    assert (same, ret) == (out, 0)


def test_reshuffle_drops_a_trailing_palette():
    par = _par(codec_name="rawvideo", width=3, height=2, bits_per_coded_sample=8)
    pal = struct.pack("<256I", *range(256))
    out, ret = reshuffle_raw_rgb(b"abcdef" + pal, par, 4)
    assert ret == CONTAINS_PAL
    assert out == b"abc\0def\0"
    pkt = Packet(0, b"abcdef" + pal, 0, 0)
    assert packet_palette(pkt, ret, Logger("avi", lambda *a: None)) == list(range(256))


def test_reshuffle_refuses_a_frame_far_larger_than_its_packet():
    """A hostile width makes the re-aligned frame enormous: refused as ENOMEM, not made."""
    from cine.engine.errors import CineError
    par = _par(codec_name="rawvideo", width=1 << 28, height=2, bits_per_coded_sample=24)
    with pytest.raises(CineError) as ei:
        reshuffle_raw_rgb(b"ab", par, ((par.width * 24 + 31) >> 5) * 4)
    assert ei.value.code == -12


def test_bmp_header_palette_is_at_most_256_entries():
    par = _par(codec_type="video", codec_name="rawvideo", codec_tag=0, width=2, height=2,
               bits_per_coded_sample=40, format="pal8", extradata=b"")
    pb = MemorySink()
    put_bmp_header(pb, par)
    assert len(pb.getvalue()) == 40 + 256 * 4


def test_packet_palette_side_data_size_is_checked():
    lines = []
    log = Logger("avi", lambda c, lvl, m: lines.append(m))
    pkt = Packet(0, b"x", 0, 0, side_data=[SideData("Palette", [], b"\0" * 12)])
    assert packet_palette(pkt, 0, log) < 0
    assert any("Invalid palette side data" in m for m in lines)
    assert packet_palette(Packet(0, b"x", 0, 0), 0, log) is None


def _stream(par, tb) -> Stream:
    st = Stream(index=0, codecpar=par)
    st.time_base = tb
    return st


def test_specific_params():
    # PCM: block_align * 8 / bit_rate, reduced
    pcm = _par(codec_type="audio", codec_name="pcm_s16le", sample_rate=44100, channels=2,
               block_align=4, bit_rate=1411200)
    assert parse_specific_params(_stream(pcm, Rational(1, 44100))) == (44100, 4, 1)
    # a fixed frame length: samples per frame / sample rate
    mp2 = _par(codec_type="audio", codec_name="mp2", sample_rate=48000, channels=2)
    assert parse_specific_params(_stream(mp2, Rational(1, 48000))) == (125, 0, 3)
    # the decoder's frame size
    aac = _par(codec_type="audio", codec_name="aac", sample_rate=44100, channels=1,
               frame_size=1024)
    assert parse_specific_params(_stream(aac, Rational(1, 44100))) == (11025, 0, 256)
    # video: the stream time base
    vid = _par(codec_type="video", codec_name="mpeg4")
    assert parse_specific_params(_stream(vid, Rational(2, 50))) == (25, 0, 1)


def _memory_mux(streams, packets, seekable=True):
    ctx = FormatContext(filename="memory:")
    ctx.streams = streams
    pb = MemorySink(seekable=seekable)
    mx = AviMuxer(pb, ctx, Logger("avi", lambda *a: None), {})
    mx.init()
    mx.write_header()
    for p in packets:
        mx.write_packet(p)
    mx.write_trailer()
    return pb.getvalue()


def _pal8_stream():
    par = _par(codec_type="video", codec_name="rawvideo", codec_tag=0, width=4, height=2,
               bits_per_coded_sample=8, format="pal8", extradata=b"")
    st = Stream(index=0, codecpar=par)
    st.time_base = Rational(1, 10)
    return st


def test_palette_goes_into_the_header_then_changes_become_pc_chunks():
    pal1 = struct.pack("<256I", *[0xFF000000 | i for i in range(256)])
    pal2 = struct.pack("<256I", *[0xFF000000 | (i << 8) for i in range(256)])
    pkts = [Packet(0, bytes(8), 0, 0, flags=1, side_data=[SideData("Palette", [], pal1)]),
            Packet(0, bytes(8), 1, 1, flags=1, side_data=[SideData("Palette", [], pal1)]),
            Packet(0, bytes(8), 2, 2, flags=1, side_data=[SideData("Palette", [], pal2)])]
    data = _memory_mux([_pal8_stream()], pkts)
    strh, strf = _headers(data)[0]
    assert strh[2] == 0x10000                 # AVISF_VIDEO_PALCHANGES
    assert struct.unpack_from("<256I", strf, 40) == tuple(range(256))
    chunks = [(t, off, size) for t, off, size in _chunks(data, 0, len(data))]
    pc = [c for c in chunks if c[0] == b"00pc"]
    assert len(pc) == 1
    off = pc[0][1]
    assert data[off:off + 4] == b"\0\0\0\0"   # first entry 0, 256 entries (0 in a byte)
    assert struct.unpack_from(">I", data, off + 4 + 4)[0] >> 8 == 1 << 8
    idx = [c for c in chunks if c[0] == b"idx1"][0]
    entries = [struct.unpack_from("<4sIII", data, idx[1] + 16 * k) for k in range(idx[2] // 16)]
    assert [e[0] for e in entries] == [b"00dc", b"00dc", b"00pc", b"00dc"]
    assert entries[2][1] == 0x100             # AVIIF_NO_TIME
    assert entries[2][3] == 256 * 4 + 4


def test_dts_gaps_become_empty_chunks_and_lengths_are_patched():
    st = Stream(index=0, codecpar=_par(codec_type="video", codec_name="mpeg4",
                                       codec_tag=0x58564944, width=16, height=16))
    st.time_base = Rational(1, 25)
    pkts = [Packet(0, b"abc", 0, 0, duration=1, flags=1), Packet(0, b"defg", 3, 3, duration=1)]
    data = _memory_mux([st], pkts)
    chunks = list(_chunks(data, 0, len(data)))
    sizes = [size for t, off, size in chunks if t == b"00dc"]
    assert sizes == [3, 0, 0, 4]
    strh = _headers(data)[0][0]
    assert strh[9] == 4                       # dwLength: packets written
    assert strh[10] == 4                      # dwSuggestedBufferSize: the largest chunk
    idx = [c for c in chunks if c[0] == b"idx1"][0]
    flags = [struct.unpack_from("<I", data, idx[1] + 16 * k + 4)[0] for k in range(4)]
    assert flags == [0x10, 0, 0, 0]


def test_pipe_output_has_no_index_and_unpatched_lengths():
    st = Stream(index=0, codecpar=_par(codec_type="video", codec_name="mpeg4",
                                       codec_tag=0x58564944, width=16, height=16))
    st.time_base = Rational(1, 25)
    data = _memory_mux([st], [Packet(0, b"abc", 0, 0, duration=1, flags=1)], seekable=False)
    tags = [t for t, off, size in _chunks(data, 0, len(data))]
    assert b"idx1" not in tags and b"JUNK" in tags   # only the padding JUNK
    assert tags.count(b"JUNK") == 1
    assert _headers(data)[0][0][9] == 1 << 30        # dwLength: AVI_MAX_RIFF_SIZE


# -- whole files against the reference -------------------------------------------------------

@needs_ffmpeg
@pytest.mark.parametrize("name", AVI_FIXTURES)
def test_avi_fixture_copy_identical(tmp_path, name):
    inp = fixture("fixtures/avi/%s.avi" % name)
    ref = tmp_path / "ref.avi"
    p = subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-map", "0",
                        "-c", "copy", str(ref)], capture_output=True)
    assert p.returncode == 0, p.stderr.decode()[-400:]
    from cine.engine.demux import open_input
    src = open_input(inp)
    n = len(src.ctx.streams)
    src.close()
    cine_remux(inp, str(tmp_path / "cine.avi"), list(range(n)))
    assert (tmp_path / "cine.avi").read_bytes() == ref.read_bytes()


@needs_ffmpeg
def test_strh_scale_rate_as_the_reference_writes_them(tmp_path):
    """parse_specific_params against the stream headers of the reference's own files."""
    from cine.engine.demux import open_input
    for name in ("xvid_mp3", "mpeg1_mp2", "adpcm_ms", "aac_only", "divx_pcm51", "u8", "s24"):
        inp = fixture("fixtures/avi/%s.avi" % name)
        src = open_input(inp)
        a = [st.index for st in src.ctx.streams if st.codecpar.codec_type == "audio"][0]
        src.close()
        ref = tmp_path / ("%s.avi" % name)
        subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", inp, "-map", "0:%d" % a,
                        "-c", "copy", str(ref)], check=True)
        ctxs, _s, _l = cine_remux(inp, str(tmp_path / "c.avi"), [a])
        rate, ssize, scale = parse_specific_params(ctxs[0].streams[0])
        strh = _headers(ref.read_bytes())[0][0]
        assert (strh[6], strh[7], strh[12]) == (scale, rate, ssize), name
        assert (tmp_path / "c.avi").read_bytes() == ref.read_bytes(), name


@needs_ffmpeg
@pytest.mark.parametrize("pix_fmt", ["bgr24", "pal8"])
@pytest.mark.parametrize("flipped", [False, True])
def test_odd_width_raw_rows_realigned(tmp_path, pix_fmt, flipped):
    """Raw RGB rows of an odd width (VFW Matroska made by the reference) are padded to 4 bytes
    and a pal8 palette goes into the header; -flipped_raw_rgb keeps the height positive."""
    src = tmp_path / "odd.mkv"
    subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                    "testsrc=s=33x20:r=5", "-frames:v", "3", "-c:v", "rawvideo", "-pix_fmt",
                    pix_fmt, "-allow_raw_vfw", "1", str(src)], check=True)
    ref = tmp_path / "ref.avi"
    extra = ["-flipped_raw_rgb", "1"] if flipped else []
    subprocess.run([FFMPEG, "-v", "error", "-nostdin", "-y", "-i", str(src), "-c", "copy"]
                   + extra + [str(ref)], check=True)
    opts = {"flipped_raw_rgb": "1"} if flipped else {}
    from .util import cine_remux as remux
    remux(str(src), str(tmp_path / "cine.avi"), [0], options=opts)
    data = ref.read_bytes()
    sizes = [size for t, off, size in _chunks(data, 0, len(data)) if t == b"00dc" and size]
    bpp = 3 if pix_fmt == "bgr24" else 1
    assert sizes == [((33 * bpp + 3) // 4 * 4) * 20] * 3
    assert (tmp_path / "cine.avi").read_bytes() == data
