"""Unit tests on hand-built headers for the MPEG-1/2 video, DNxHD, rawvideo, qtrle, TTA and
WavPack analyzers (values checked against ISO/IEC 13818-2, SMPTE ST 2019-1 and what FFmpeg
5.1.9's decoders report for the same headers)."""
from __future__ import annotations

import struct

from cine.engine.codecs.dnxhd import info as dnxhd
from cine.engine.codecs.mpeg2video import info as mpeg2
from cine.engine.codecs.mpeg2video.headers import scan
from cine.engine.codecs.qtrle import info as qtrle
from cine.engine.codecs.rawvideo.info import pixel_format
from cine.engine.codecs.tta import info as tta
from cine.engine.codecs.wavpack import info as wavpack
from cine.engine.log import Logger
from cine.engine.model import Packet, Rational, Stream


class Bits:
    def __init__(self):
        self.v, self.n = 0, 0

    def put(self, n, value):
        self.v = (self.v << n) | (value & ((1 << n) - 1))
        self.n += n
        return self

    def bytes(self):
        pad = (-self.n) % 8
        return (self.v << pad).to_bytes((self.n + pad) // 8, "big")


def seq_header(w, h, aspect, rate=3, bitrate=0x3FFFF, vbv=112):
    b = Bits().put(12, w).put(12, h).put(4, aspect).put(4, rate).put(18, bitrate).put(1, 1)
    b.put(10, vbv).put(1, 0).put(1, 0).put(1, 0)
    return b"\x00\x00\x01\xb3" + b.bytes()


def seq_ext(profile=4, level=8, progressive=1, chroma=1, low_delay=0):
    b = Bits().put(4, 1).put(1, 0).put(3, profile).put(4, level).put(1, progressive)
    b.put(2, chroma).put(2, 0).put(2, 0).put(12, 0).put(1, 1).put(8, 0).put(1, low_delay)
    b.put(2, 0).put(5, 0)
    return b"\x00\x00\x01\xb5" + b.bytes()


def disp_ext(prim, trc, mat, dw, dh):
    b = Bits().put(4, 2).put(3, 5).put(1, 1).put(8, prim).put(8, trc).put(8, mat)
    b.put(14, dw).put(1, 1).put(14, dh).put(3, 0)
    return b"\x00\x00\x01\xb5" + b.bytes()


PIC = b"\x00\x00\x01\x00\x00\x0f\xff\xf8"
SLICE = b"\x00\x00\x01\x01\x00"


def run(analyze, data, **par):
    st = Stream(index=0)
    for k, v in par.items():
        setattr(st.codecpar, k, v)
    analyze(st, [Packet(0, data, 0, 0)], Logger("test"))
    return st


def test_mpeg2_main_420():
    st = run(mpeg2.analyze, seq_header(720, 576, 3) + seq_ext() + PIC + SLICE,
             codec_name="mpeg2video")
    p = st.codecpar
    assert (p.width, p.height, p.profile, p.level) == (720, 576, 4, 8)
    assert p.format == "yuv420p" and p.chroma_location == "left" and p.color_range == "tv"
    assert p.sample_aspect_ratio == Rational(64, 45)          # 16:9 on 720x576
    assert p.video_delay == 1 and p.bit_rate == 0             # VBR marker, vbv_delay 0xFFFF
    assert p.dec_coded_size_zero
    (sd,) = st.side_data
    assert sd.type == "CPB properties"
    assert dict(sd.fields) == {"max_bitrate": 0, "min_bitrate": 0, "avg_bitrate": 0,
                               "buffer_size": 112 * 16384, "vbv_delay": -1}


def test_mpeg2_422_colour_display_low_delay():
    data = (seq_header(1920, 1080, 3, bitrate=125000) + seq_ext(profile=0, level=2, chroma=2,
            low_delay=1) + disp_ext(1, 1, 1, 1920, 1080) + PIC)
    p = run(mpeg2.analyze, data, codec_name="mpeg2video").codecpar
    assert p.format == "yuv422p" and p.chroma_location == "topleft"
    assert (p.color_primaries, p.color_transfer, p.color_space) == ("bt709",) * 3
    assert p.video_delay == 0 and p.profile == 0 and p.level == 2
    assert p.sample_aspect_ratio == Rational(1, 1)


def test_mpeg2_display_extension_guides_sar():
    # a display size whose DAR is neither 4:3 nor 16:9 is ignored (FFmpeg 5.1.9 heuristic)
    data = seq_header(720, 576, 2) + seq_ext() + disp_ext(2, 2, 2, 704, 576)
    p = run(mpeg2.analyze, data, codec_name="mpeg2video").codecpar
    assert p.sample_aspect_ratio == Rational(16, 15)
    # a 540x576 display area of 720x576 at 4:3 gives 16:9 over the coded size: kept
    data = seq_header(720, 576, 2) + seq_ext() + disp_ext(2, 2, 2, 540, 576)
    p = run(mpeg2.analyze, data, codec_name="mpeg2video").codecpar
    assert p.sample_aspect_ratio == Rational(64, 45)


def test_mpeg1_without_extension():
    data = seq_header(352, 288, 8, rate=3, bitrate=2875) + PIC + SLICE
    st = run(mpeg2.analyze, data, codec_name="mpeg2video")
    p = st.codecpar
    assert p.codec_name == "mpeg1video" and p.format == "yuv420p"
    assert p.chroma_location == "center" and p.bit_rate == 2875 * 400
    assert p.sample_aspect_ratio == Rational(178, 163)       # 1/0.9157 via av_d2q(., 255)
    assert p.video_delay == 1 and not st.side_data


def test_mpeg2_field_order_and_captions():
    pce = b"\x00\x00\x01\xb5" + bytes([0x8f, 0xff, 0xf3, 0x80, 0x00])   # tff, interlaced
    cc = b"\x00\x00\x01\xb2GA94\x03\x41\xff\xfc\x94\x2c\xff"
    info = scan([seq_header(320, 240, 1) + seq_ext(progressive=0) + PIC + pce + cc + SLICE])
    assert info.field_order == "tt" and info.closed_captions


def test_mpeg2_no_sequence_header():
    st = run(mpeg2.analyze, PIC + SLICE, codec_name="mpeg2video", width=64, height=48)
    assert st.codecpar.format is None and not st.side_data


def dnx_frame(cid, w, h, depth_code, b2c=0):
    buf = bytearray(0x280)
    buf[0:5] = b"\x00\x00\x02\x80\x03" if cid >= 1270 else b"\x00\x00\x02\x80\x01"
    buf[0x18:0x1A] = h.to_bytes(2, "big")
    buf[0x1A:0x1C] = w.to_bytes(2, "big")
    buf[0x21] = depth_code << 5
    buf[0x28:0x2C] = cid.to_bytes(4, "big")
    buf[0x2C] = b2c
    return bytes(buf)


def test_dnxhr_profiles_and_formats():
    p = run(dnxhd.analyze, dnx_frame(1271, 1280, 720, 2), width=1280, height=720).codecpar
    assert (p.profile, p.format, p.bits_per_raw_sample, p.color_space) == \
        (4, "yuv422p10le", 10, "bt709")
    p = run(dnxhd.analyze, dnx_frame(1270, 1280, 720, 2, 0x41), width=1280, height=720).codecpar
    assert (p.profile, p.format) == (5, "yuv444p10le")
    p = run(dnxhd.analyze, dnx_frame(1270, 1280, 720, 2, 0x40 | 2), width=1280,
            height=720).codecpar
    assert (p.format, p.color_space) == ("gbrp10le", "bt2020nc")


def test_dnxhd_subsampled_width_sar_and_coded_size():
    p = run(dnxhd.analyze, dnx_frame(1237, 1440, 1080, 1), width=1920, height=1080).codecpar
    assert p.profile == 0 and p.format == "yuv422p"
    assert p.sample_aspect_ratio == Rational(3, 4)
    assert (p.coded_width, p.coded_height) == (1920, 1088)


def test_dnxhd_rejects_garbage():
    p = run(dnxhd.analyze, b"\x00" * 0x300, width=64, height=64).codecpar
    assert p.format is None and p.profile == Stream(0).codecpar.profile


def tag(s):
    return int.from_bytes(s, "little")


def test_raw_pixel_formats():
    assert pixel_format(tag(b"raw "), 24, None) == "rgb24"
    assert pixel_format(tag(b"raw "), 32, None) == "argb"
    assert pixel_format(tag(b"2vuy"), 0, None) == "uyvy422"
    assert pixel_format(tag(b"I420"), 0, None) == "yuv420p"
    assert pixel_format(tag(b"WRAW"), 24, None) == "bgr24"
    assert pixel_format(0, 24, None) == "bgr24"
    assert pixel_format(0, 0, None) is None
    assert pixel_format(tag(b"Y800"), 0, None) == "gray"


def test_qtrle_depths():
    for depth, fmt in ((1, "pal8"), (16, "rgb555le"), (24, "rgb24"), (32, "argb"),
                       (40, "pal8")):
        assert run(qtrle.analyze, b"", bits_per_coded_sample=depth).codecpar.format == fmt
    assert run(qtrle.analyze, b"", bits_per_coded_sample=7).codecpar.format is None


def tta_header(fmt, ch, bits, rate, length=1000):
    return b"TTA1" + struct.pack("<HHHII", fmt, ch, bits, rate, length) + b"\x00" * 4


def test_tta_header():
    p = run(tta.analyze, b"", extradata=tta_header(1, 2, 24, 48000)).codecpar
    assert (p.format, p.channels, p.channel_layout, p.bits_per_raw_sample, p.sample_rate) == \
        ("s32", 2, "stereo", 24, 48000)
    p = run(tta.analyze, b"", extradata=tta_header(1, 1, 8, 8000)).codecpar
    assert (p.format, p.channel_layout) == ("u8", None)
    p = run(tta.analyze, b"", extradata=tta_header(3, 1, 16, 8000)).codecpar
    assert p.format is None


def wv_mkv_block(flags, samples=1024, meta=b""):
    return struct.pack("<III", samples, flags, 0) + meta


def test_wavpack_flags():
    # 16-bit mono, 44.1 kHz, single block
    p = run(wavpack.analyze, wv_mkv_block(0x1 | 0x4 | 0x1800 | 9 << 23)).codecpar
    assert (p.format, p.bits_per_raw_sample, p.sample_rate, p.channel_layout) == \
        ("s16p", 16, 44100, "mono")
    p = run(wavpack.analyze, wv_mkv_block(0x3 | 0x1800 | 10 << 23)).codecpar
    assert (p.format, p.bits_per_raw_sample, p.sample_rate, p.channels) == \
        ("s32p", 32, 48000, 2)
    p = run(wavpack.analyze, wv_mkv_block(0x83 | 0x1800 | 9 << 23)).codecpar
    assert p.format == "fltp"


def test_wavpack_multiblock_channel_info():
    meta = bytes([0x0D | 0x40, 2, 6, 0x3F, 0])        # 6 channels, mask 0x3f (odd size 3)
    data = struct.pack("<IIII", 1024, 0x1 | 0x800 | 9 << 23, 0, len(meta)) + meta
    p = run(wavpack.analyze, data).codecpar
    assert (p.channels, p.channel_layout) == (6, "5.1")


# first bytes of FFV1 streams written by FFmpeg 5.1.9's encoder (64x48 testsrc)
FFV1_V1_YUV420 = bytes.fromhex("9aec87309a496df656689957fd954a819b52a51600d2bc00")
FFV1_V1_YUVA420_CUSTOM = bytes.fromhex(  # custom state transition table: 160 bytes
    "89375d2074906d7640e9ae3a38dd07acb806161ee22d5606892adbd8aff6042e6eed96633d37a49d"
    "4475a937b44a972fcb66b5ec99612a0f39be54c59083de0bd9273072c3e40b17e91ccad2ec8910f7"
    "3d71a24fcb2396793ebebaf0886280408cae255af848656248fa0f26eb3ab9e3c098d64c81408177"
    "b9360e1ea6ec1ceba27106f50b030c50a66d49643e6f428635122e7137e11ed39e6c628f4bdb6547")
FFV1_V3_RECORD_422P10 = bytes.fromhex(
    "56061e2ffdb846d7709730018601eee11ce6bd454db5382774d82e107d75c5aae33d602cd88683fe5b47b1"
    "0fc55ef17bff8178b57dc1212221be19c651d9310f08b67f7ab2c9dcca599ec7ddfde33307c787ddee7487"
    "e265c4fbfcd4c01ccd25e4684ad70edf1a5235be5667fe306fbe96c56002384c2e17c2334d3d63a079d130"
    "0a50489dbab46ddf204ce365a7a2219de799321bddca497ca2f179a74a265a67e463c8985cd8063ff058b1"
    "54e98c41f384dff700902a10318e81942f93368b3a61cf5bd0643555")


def test_ffv1_frame_headers():
    from cine.engine.codecs.ffv1 import info as ffv1
    assert ffv1.parse_frame_header(FFV1_V1_YUV420) == (0, 8, 1, 1, 1, 0)
    assert ffv1.parse_frame_header(FFV1_V1_YUVA420_CUSTOM) == (0, 8, 1, 1, 1, 1)
    p = run(ffv1.analyze, FFV1_V1_YUVA420_CUSTOM).codecpar
    assert (p.format, p.bits_per_raw_sample) == ("yuva420p", 8)
    p = run(ffv1.analyze, b"\x00" * 8, extradata=FFV1_V3_RECORD_422P10).codecpar
    assert (p.format, p.bits_per_raw_sample) == ("yuv422p10le", 10)
    assert ffv1.parse_frame_header(b"\x00\x00") is None       # not a key frame


def test_ffv1_pixel_formats():
    from cine.engine.codecs.ffv1.info import pixel_format
    assert pixel_format(1, 8, 1, 0, 0, 0) == "bgr0"
    assert pixel_format(1, 8, 1, 0, 0, 1) == "bgra"
    assert pixel_format(1, 10, 1, 1, 0, 0) is None
    assert pixel_format(0, 8, 0, 0, 0, 0) == "gray"
    assert pixel_format(0, 11, 0, 0, 0, 0) == "gray16le"
    assert pixel_format(0, 12, 1, 1, 1, 0) == "yuv420p12le"
    assert pixel_format(2, 8, 1, 0, 0, 0) is None


def test_mpeg1_forbidden_aspect_logs_and_resets_sar():
    msgs = []
    st = Stream(index=0)
    st.codecpar.codec_name = "mpeg1video"
    mpeg2.analyze(st, [Packet(0, seq_header(352, 288, 0) + PIC, 0, 0)],
                  Logger("", lambda c, lvl, m: msgs.append((c, m))))
    assert msgs == [("mpeg1video", "aspect ratio has forbidden 0 value\n"),
                    ("mpeg1video", "ignoring invalid SAR: 1/0\n")]
    assert st.codecpar.sample_aspect_ratio == Rational(0, 1)
