"""Unit tests of the video parameter-set parsers on hand-built bitstreams (no tools needed)."""
from __future__ import annotations

import pytest

from cine.engine.codecs.av1.obu import parse_sequence_header
from cine.engine.codecs.av1.info import pix_fmt as av1_pix_fmt
from cine.engine.codecs.h263.info import parse_picture_header
from cine.engine.codecs.h264.avcc import parse_avcc, split_annexb, split_length_prefixed
from cine.engine.codecs.h264.info import pix_fmt as h264_pix_fmt
from cine.engine.codecs.h264.sps import parse_sps
from cine.engine.codecs.mjpeg.sof import parse_jpeg, pix_fmt as jpeg_pix_fmt
from cine.engine.codecs.vp9.info import parse_header as vp9_header, superframe_frames
from cine.engine.errors import InvalidData


class Bits:
    def __init__(self):
        self.bits = []

    def u(self, n, v):
        self.bits += [(v >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, v):
        v += 1
        n = v.bit_length()
        return self.u(n - 1, 0).u(n, v)

    def se(self, v):
        return self.ue(2 * v - 1 if v > 0 else -2 * v)

    def rbsp(self):
        bits = self.bits + [1]
        bits += [0] * (-len(bits) % 8)
        return bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))


def _h264_sps(vui=True, reorder=2, crop_bottom=4):
    b = Bits().u(8, 100).u(8, 0).u(8, 40).ue(0)          # High, level 4.0, sps_id 0
    b.ue(1).ue(0).ue(0).u(1, 0).u(1, 0)                    # 4:2:0, 8 bit, no scaling lists
    b.ue(0).ue(0).ue(2)                                    # frame_num bits, poc type 0, lsb bits
    b.ue(4).u(1, 0).ue(119).ue(67).u(1, 1).u(1, 1)         # refs 4, 1920x1088, frame_mbs_only
    b.u(1, 1).ue(0).ue(0).ue(0).ue(crop_bottom)            # cropping
    b.u(1, 1 if vui else 0)
    if vui:
        b.u(1, 1).u(8, 255).u(16, 16).u(16, 11)            # extended SAR 16:11
        b.u(1, 0)                                          # overscan
        b.u(1, 1).u(3, 5).u(1, 1).u(1, 1).u(8, 1).u(8, 1).u(8, 1)   # full range bt709
        b.u(1, 1).ue(2).ue(2)                              # chroma loc type 2 -> topleft
        b.u(1, 0).u(1, 0).u(1, 0).u(1, 0)                  # timing, hrd x2, pic_struct
        b.u(1, 1).u(1, 1).ue(0).ue(0).ue(16).ue(16).ue(reorder).ue(4)
    return b0x67(b.rbsp())


def b0x67(rbsp: bytes) -> bytes:
    out = bytearray(b"\x67")
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def test_h264_sps_fields():
    sps = parse_sps(_h264_sps())
    assert (sps.profile, sps.level_idc, sps.ref_frame_count) == (100, 40, 4)
    assert (sps.coded_width, sps.coded_height) == (1920, 1088)
    assert sps.crop_bottom == 8                        # 4 chroma lines = 8 luma lines
    assert sps.sar == (16, 11) and sps.full_range == 1
    assert (sps.colour_primaries, sps.transfer_characteristics, sps.matrix_coefficients) == (1, 1, 1)
    assert sps.chroma_location == 3 and sps.bitstream_restriction and sps.num_reorder_frames == 2
    assert h264_pix_fmt(sps, "bt709", "pc") == "yuvj420p"


def test_h264_sps_without_vui_derives_reorder_from_level():
    sps = parse_sps(_h264_sps(vui=False))
    # FFmpeg 5.1.9: MaxDpbMbs(4.0) / (120 * 68) = 4, capped at 15
    assert not sps.bitstream_restriction and sps.num_reorder_frames == 4
    # no VUI: the chroma location stays unspecified (0); "left" (1) only comes with a VUI
    # (test_chroma_location_live.py checks both against the reference)
    assert sps.sar == (0, 1) and sps.chroma_location == 0


def test_h264_sps_rejects_bad_crop_and_truncation():
    with pytest.raises(InvalidData):
        parse_sps(_h264_sps(crop_bottom=544))
    with pytest.raises(InvalidData):
        parse_sps(_h264_sps()[:8])


def test_h264_pix_fmts():
    sps = parse_sps(_h264_sps())
    sps.chroma_format_idc, sps.bit_depth_luma = 3, 10
    assert h264_pix_fmt(sps, "gbr", None) == "gbrp10le"
    assert h264_pix_fmt(sps, None, "pc") == "yuv444p10le"
    sps.chroma_format_idc, sps.bit_depth_luma = 0, 8
    assert h264_pix_fmt(sps, None, None) == "yuv420p"    # 4:0:0 decodes as 4:2:0


def test_avcc_and_nal_splitting():
    sps = _h264_sps()
    avcc = bytes([1, 100, 0, 40, 0xFF, 0xE1]) + len(sps).to_bytes(2, "big") + sps + b"\x01\x00\x02\x68\xce"
    cfg = parse_avcc(avcc)
    assert cfg.is_avc and cfg.nal_length_size == 4 and cfg.nals == [sps, b"\x68\xce"]
    with pytest.raises(InvalidData):
        parse_avcc(avcc[:12])
    assert split_length_prefixed(b"\x00\x02ab\x00\x01c", 2) == [b"ab", b"c"]
    with pytest.raises(InvalidData):
        split_length_prefixed(b"\x00\x09ab", 2)
    assert split_annexb(b"\x00\x00\x00\x01\x67ab\x00\x00\x01\x68c\x00") == [b"\x67ab", b"\x68c"]


def test_av1_sequence_header():
    b = Bits().u(3, 0).u(1, 0).u(1, 0)                # Main, not still
    b.u(1, 0).u(1, 0).u(5, 0).u(12, 0).u(5, 8).u(1, 0)  # no timing, 1 op point, level 8, tier
    b.u(4, 15).u(4, 15).u(16, 1919).u(16, 1079)        # 1920x1080
    b.u(1, 0).u(3, 0).u(4, 0).u(1, 1).u(2, 0)          # no frame ids, tools, order hint
    b.u(1, 1).u(1, 1).u(3, 6)                          # screen content select, int mv select
    b.u(1, 0).u(2, 0)                                  # superres, cdef, restoration
    b.u(1, 1).u(1, 0).u(1, 1).u(8, 9).u(8, 16).u(8, 9)  # 10 bit, bt2020/pq/bt2020nc
    b.u(1, 0).u(2, 1).u(1, 0).u(1, 1)                  # tv range, vertical, film grain
    seq = parse_sequence_header(b.rbsp())
    assert (seq.profile, seq.seq_level_idx, seq.bit_depth) == (0, [8], 10)
    assert (seq.max_frame_width, seq.max_frame_height) == (1920, 1080)
    assert seq.chroma_sample_position == 1 and seq.film_grain_params_present
    assert av1_pix_fmt(seq) == "yuv420p10le"


def test_vp9_header_and_superframe():
    frame = Bits().u(2, 2).u(1, 0).u(1, 0).u(1, 0).u(1, 0).u(1, 1).u(1, 0)
    frame.u(24, 0x498342).u(3, 2).u(1, 0).u(16, 319).u(16, 239).u(1, 0)
    data = frame.rbsp()
    hdr = vp9_header(data)
    assert hdr == {"profile": 0, "color_space": "bt709", "color_range": "tv",
                   "pix_fmt": "yuv420p", "width": 320, "height": 240}
    marker = 0xC0 | (0 << 3) | 1                      # 1-byte sizes, 2 frames
    sf = data + b"\x82" + bytes([marker, len(data), 1, marker])
    assert superframe_frames(sf) == [data, b"\x82"]


def test_h263_picture_headers():
    qcif = Bits().u(22, 0x20).u(8, 0).u(1, 1).u(1, 0).u(3, 0).u(3, 2).u(1, 0).u(4, 0)
    assert parse_picture_header(qcif.rbsp() + b"\x00" * 8) == (176, 144, (12, 11))
    plus = Bits().u(22, 0x20).u(8, 0).u(1, 1).u(1, 0).u(3, 0).u(3, 7).u(3, 1).u(3, 6)
    plus.u(11, 0).u(1, 1).u(3, 0).u(3, 0).u(2, 0).u(1, 0).u(4, 0)
    plus.u(4, 15).u(9, 79).u(1, 1).u(9, 60).u(8, 4).u(8, 3)
    assert parse_picture_header(plus.rbsp() + b"\x00" * 8) == (320, 240, (4, 3))


def test_jpeg_sof_and_pix_fmts():
    def jpeg(sampling, com=b"", bits=8):
        sof = bytes([bits, 0, 48, 0, 64, len(sampling)])
        for i, hv in enumerate(sampling):
            sof += bytes([i + 1, hv, 0])
        seg = b""
        if com:
            seg += b"\xff\xfe" + (len(com) + 2).to_bytes(2, "big") + com
        return b"\xff\xd8" + seg + b"\xff\xc0" + (len(sof) + 2).to_bytes(2, "big") + sof + b"\xff\xd9"
    info = parse_jpeg(jpeg([0x22, 0x11, 0x11]))
    assert (info.width, info.height, info.profile) == (64, 48, 0xC0)
    assert jpeg_pix_fmt(info) == ("yuvj420p", True)
    assert jpeg_pix_fmt(parse_jpeg(jpeg([0x21, 0x11, 0x11], b"CS=ITU601\x00"))) == ("yuv422p", True)
    assert jpeg_pix_fmt(parse_jpeg(jpeg([0x11]))) == ("gray", False)
    with pytest.raises(InvalidData):
        parse_jpeg(b"\xff\xd8\xff\xd9")
