"""AVI demuxer units: probe scores, index-entry semantics, IDIT dates, decoder frame rates,
and hand-built files whose header values are checked against what FFmpeg 5.1.9 derives."""
import io
import struct

import pytest

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.formats.avi import decoder_rate, header, index
from cine.engine.formats.avi.probe import probe
from cine.engine.io.source import FileObjectSource
from cine.engine.model import Rational, Tags


def test_probe_scores():
    assert probe(b"RIFF\0\0\0\0AVI LIST") == 100
    assert probe(b"RIFF\0\0\0\0AVIXLIST") == 100
    assert probe(b"RIFF\0\0\0\0AVI\x19LIST") == 100
    assert probe(b"ON2 \0\0\0\0ON2fLIST") == 100
    assert probe(b"RIFF\0\0\0\0AMV LIST") == 100
    assert probe(b"RIFF\0\0\0\0WAVEfmt ") == 0
    assert probe(b"RIFF\0\0\0\0AVI") == 0          # too short for the form type
    assert probe(b"") == 0


def test_index_append_insert_replace():
    ast = index.AviStream()
    assert ast.add(100, 0, 10, index.KEYFRAME) == 0
    assert ast.add(200, 2, 10, 0) == 1
    assert ast.add(150, 1, 5, 0) == 1               # inserted in timestamp order
    assert [e.pos for e in ast.entries] == [100, 150, 200]
    assert ast.add(175, 1, 7, index.KEYFRAME) == 1  # same timestamp: replaced
    assert [e.pos for e in ast.entries] == [100, 175, 200]
    assert ast.add(1, 3, 0x40000000, 0) == -1       # size beyond 0x3FFFFFFF refused
    assert ast.search(1) == 1 and ast.search(5) == -1
    assert ast.search(-1) == 0
    assert ast.search(3, backward=True) == 2
    assert ast.search(2, any_frame=False) == -1     # no key frame at or after 2


def test_duration_of():
    ast = index.AviStream()
    assert ast.duration_of(1000) == 1
    ast.dshow_block_align = 512
    assert ast.duration_of(1000) == 2
    ast.sample_size = 4
    assert ast.duration_of(1000) == 1000


def test_stream_number():
    assert index.stream_number(ord("0"), ord("1")) == 1
    assert index.stream_number(ord("9"), ord("9")) == 99
    assert index.stream_number(ord("i"), ord("x")) == 100


@pytest.mark.parametrize("raw,expected", [
    (b"Mon Mar 10 15:04:43 2003\n\0", "2003-03-10 15:04:43"),
    (b"Tue  dec 1 01:02:03 1999", "1999-12-01 01:02:03"),
    (b"2003/03/10 15:04:43\0", "2003-03-10 15:04:43"),
    (b"Mon Foo 10 15:04:43 2003", None),
    (b"MonMar 10 15:04:43 2003", None),
    (b"\0", None),
])
def test_idit_dates(raw, expected):
    tags = Tags()
    header._creation_time(tags, raw)
    assert tags.get("creation_time") == expected


def test_decoder_rates():
    # MPEG-1 sequence header, 160x120, aspect 1, frame_rate_code 3 (25 fps)
    seq = b"\x00\x00\x01\xb3" + bytes((0x0A, 0x00, 0x78, 0x13)) + bytes(8)
    assert decoder_rate.mpeg12_time_base(seq) == Rational(1, 50)
    assert decoder_rate.mpeg12_time_base(b"\x00\x00\x01\xb3") is None


def _vol(resolution: int, fixed: int | None) -> bytes:
    bits = "0" + "00000001" + "0" + "0001" + "0" + "00" + "1" + format(resolution, "016b") + "1"
    if fixed is None:
        bits += "0"
    else:
        n = max((resolution - 1).bit_length(), 1)
        bits += "1" + format(fixed, "0%db" % n)
    bits += "1" * (-len(bits) % 8)
    return b"\x00\x00\x01\x20" + int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_mpeg4_vol_rate():
    assert decoder_rate.mpeg4_time_base(_vol(25, 1)) == Rational(1, 25)
    assert decoder_rate.mpeg4_time_base(_vol(30000, 1001)) == Rational(1001, 30000)
    assert decoder_rate.mpeg4_time_base(_vol(24, None)) == Rational(1, 24)
    assert decoder_rate.mpeg4_time_base(b"\x00\x00\x01\xb6" + _vol(25, 1)) is None


def _chunk(tag: bytes, body: bytes) -> bytes:
    return tag + struct.pack("<I", len(body)) + body + b"\0" * (len(body) & 1)


def _list(kind: bytes, body: bytes) -> bytes:
    return _chunk(b"LIST", kind + body)


def _avi(scale=1, rate=25, frames=3, strn=b"", info=b"", sample_size=0, fmt=None) -> bytes:
    avih = struct.pack("<10I", 40000, 0, 0, 0x10, frames, 0, 1, 0, 32, 24) + bytes(16)
    if fmt is None:
        strh = b"vids" + b"MJPG" + struct.pack("<IHHIIIIIIII", 0, 0, 0, 0, scale, rate, 0,
                                                  frames, 0, 0, sample_size) + bytes(8)
        strf = struct.pack("<IiiHHI5I", 40, 32, 24, 1, 24, 0x47504A4D, 0, 0, 0, 0, 0)
        cid = b"00dc"
    else:
        strh = b"auds" + bytes(4) + struct.pack("<IHHIIIIIIII", 0, 0, 0, 0, scale, rate, 0,
                                                   frames, 0, 0, sample_size) + bytes(8)
        strf = fmt
        cid = b"00wb"
    strl = _list(b"strl", _chunk(b"strh", strh) + _chunk(b"strf", strf)
                 + (_chunk(b"strn", strn) if strn else b""))
    hdrl = _list(b"hdrl", _chunk(b"avih", avih) + strl)
    movi_body = b"".join(_chunk(cid, bytes([0xFF, 0xD8]) + bytes(6)) for _ in range(frames))
    movi = _list(b"movi", movi_body)
    pre = b"RIFF" + b"\0\0\0\0" + b"AVI " + hdrl + (_list(b"INFO", info) if info else b"")
    idx = b"".join(struct.pack("<4sIII", cid, 0x10, 4 + i * 16, 8) for i in range(frames))
    data = bytearray(pre + movi + _chunk(b"idx1", idx))
    data[4:8] = struct.pack("<I", len(data) - 8)
    return bytes(data)


def _open(data: bytes):
    return open_input("mem.avi", source=FileObjectSource(io.BytesIO(data)), find_stream_info=False)


def test_header_values():
    inp = _open(_avi(scale=1001, rate=30000, frames=3, strn=b"Cam\0",
                     info=_chunk(b"INAM", b"Clip\0") + _chunk(b"ISFT", b"tool\0")))
    ctx = inp.ctx
    st = ctx.streams[0]
    assert ctx.format_name == "avi" and ctx.probe_score == 100
    assert st.time_base == Rational(1001, 30000)
    assert st.avg_frame_rate == Rational(30000, 1001)
    assert st.nb_frames == 3 and st.duration == 3 and st.start_time == 0
    assert st.codecpar.codec_name == "mjpeg" and st.codecpar.width == 32
    assert st.tags.get("title") == "Cam"
    assert ctx.tags.items() == [("title", "Clip"), ("software", "tool")]
    pkts = []
    while (p := inp.read_packet()) is not None:
        pkts.append(p)
    assert [p.dts for p in pkts] == [0, 1, 2]
    assert all(len(p.data) == 8 for p in pkts)
    inp.close()


def test_invalid_scale_rate_warns_and_defaults():
    msgs = []
    data = _avi(scale=0, rate=0)
    inp = open_input("mem.avi", source=FileObjectSource(io.BytesIO(data)), find_stream_info=False,
                     sink=lambda c, lvl, m: msgs.append(m))
    # avih frame period 40000 us: rate 1000000 / scale 40000
    assert inp.ctx.streams[0].time_base == Rational(1, 25)
    assert any("scale/rate is 0/0 which is invalid" in m for m in msgs)


def test_pcm_audio_has_no_duration():
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    inp = _open(_avi(scale=1, rate=8000, frames=3, sample_size=2, fmt=fmt))
    st = inp.ctx.streams[0]
    assert st.codecpar.codec_name == "pcm_s16le"
    assert st.duration is None and st.time_base == Rational(1, 8000)
    p = inp.read_packet()
    assert p.dts == 0 and len(p.data) == 8
    assert inp.read_packet().dts == 4              # bytes / sample_size


@pytest.mark.parametrize("cut", [4, 12, 20, 60, 120])
def test_truncated_headers_raise_cine_errors(cut):
    data = _avi()[:cut]
    try:
        _open(data)
    except CineError:
        pass


def _dif(dsf: int, stype: int, size: int, apt: int = 0, aspect: int = 0) -> bytes:
    f = bytearray(size)
    f[3] = 0x80 if dsf else 0
    f[4] = apt
    f[80 * 5 + 48 + 3] = stype
    f[80 * 5 + 48 + 5] = 0x61
    f[80 * 5 + 48 + 7] = aspect
    return bytes(f)


def test_dv_frame_profiles():
    from cine.engine.codecs.dvvideo.info import analyze, frame_profile
    from cine.engine.model import Packet, Stream
    assert frame_profile(_dif(1, 0, 144000))[6] == "yuv420p"
    assert frame_profile(_dif(1, 0, 144000, apt=1))[6] == "yuv411p"      # DVCPRO25 PAL
    assert frame_profile(_dif(0, 0, 120000))[4] == 480
    assert frame_profile(_dif(1, 4, 288000))[6] == "yuv422p"
    assert frame_profile(bytes(100)) is None
    st = Stream(index=0)
    st.codecpar.codec_type = "video"
    msgs = []

    class Log:
        def error(self, m):
            msgs.append(m)
    analyze(st, [Packet(0, _dif(1, 0, 1000), 0, 0), Packet(0, _dif(1, 0, 144000, aspect=2), 1, 1)],
            Log())
    assert msgs == ["could not find dv frame profile\n"]     # the first one is too short
    par = st.codecpar
    assert (par.width, par.height, par.format) == (720, 576, "yuv420p")
    assert par.sample_aspect_ratio == Rational(64, 45) and par.chroma_location == "topleft"
