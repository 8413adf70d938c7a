"""Unit tests of the audio header parsers and tables (values from the specifications and from
FFmpeg 5.1.9's observable output), plus hostile-input checks of every audio analyzer."""
from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings, strategies as st

from cine.engine import chlayout as CL
from cine.engine.codecs.aac import asc as A
from cine.engine.codecs.ac3 import header as AC3
from cine.engine.codecs.bits_per_sample import bits_per_sample, exact_bits_per_sample
from cine.engine.codecs.flac import streaminfo as SI
from cine.engine.codecs.mp3 import header as MPA
from cine.engine.codecs.opus import head as OH
from cine.engine.codecs.registry import analyzer
from cine.engine.errors import CineError, InvalidData
from cine.engine.log import Logger
from cine.engine.model import CodecParameters, Packet, Stream


def bits_to_bytes(bits: str) -> bytes:
    bits = bits.replace(" ", "")
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


# --- channel layouts ---------------------------------------------------------------------

@pytest.mark.parametrize("mask,text", [
    (CL.MONO, "mono"), (CL.STEREO, "stereo"), (CL.L2POINT1, "2.1"), (CL.SURROUND, "3.0"),
    (CL.L2_1, "3.0(back)"), (CL.L4POINT0, "4.0"), (CL.QUAD, "quad"), (CL.L2_2, "quad(side)"),
    (CL.L5POINT0_BACK, "5.0"), (CL.L5POINT0, "5.0(side)"), (CL.L5POINT1_BACK, "5.1"),
    (CL.L5POINT1, "5.1(side)"), (CL.L6POINT1, "6.1"), (CL.L7POINT1, "7.1"),
    (CL.L7POINT1_WIDE_BACK, "7.1(wide)"), (CL.L7POINT1_WIDE, "7.1(wide-side)"),
    (CL.L22POINT2, "22.2"), (CL.FL | CL.FR | CL.TC, "3 channels (FL+FR+TC)"),
    (CL.FC | CL.LFE2, "2 channels (FC+LFE2)"),
])
def test_describe(mask, text):
    assert CL.describe(mask) == text
    if " channels (" in text:
        assert CL.nb_channels(mask) == int(text.split()[0]) == len(text.split("+"))


@pytest.mark.parametrize("n,text", [(1, "mono"), (2, "stereo"), (3, "2.1"), (4, "4.0"),
                                    (5, "5.0"), (6, "5.1"), (7, "6.1"), (8, "7.1"),
                                    (16, "hexadecagonal"), (24, "22.2"), (9, None)])
def test_default_layout(n, text):
    assert CL.default_layout(n) == text


def test_bits_per_sample_table():
    assert bits_per_sample("pcm_s24le") == 24 and exact_bits_per_sample("pcm_s24le") == 24
    assert bits_per_sample("adpcm_ima_qt") == 4 and exact_bits_per_sample("adpcm_ima_qt") == 0
    assert bits_per_sample("pcm_f24le") == 32
    assert bits_per_sample("aac") == 0 and bits_per_sample(None) == 0


# --- AudioSpecificConfig -----------------------------------------------------------------

def test_asc_lc_with_sync_extension():
    # FFmpeg's encoder: LC 44100 stereo + sync extension 0x2b7, AOT 5, sbrPresent 0
    c = A.parse_config(bytes.fromhex("121056e500"))
    assert (c.object_type, c.sample_rate, c.channels, c.sbr, c.ps) == (2, 44100, 2, 0, 0)
    assert c.ext_object_type == A.AOT_SBR and c.config_bits == 13


def test_asc_explicit_sbr_and_ps():
    he = A.parse_config(bits_to_bytes("00101 0110 0010 0011 00010 000"))
    assert (he.object_type, he.sample_rate, he.ext_sample_rate, he.sbr, he.ps) == (2, 24000, 48000, 1, 0)
    ps = A.parse_config(bits_to_bytes("11101 0110 0001 0011 00010 000"))
    assert (ps.sbr, ps.ps, ps.channels, ps.ext_sample_rate) == (1, 1, 1, 48000)
    cfg = A.decoder_config(bits_to_bytes("11101 0110 0001 0011 00010 000"))
    assert (cfg.channels, cfg.layout) == (2, "stereo")        # PS: mono core, stereo output


def test_asc_backward_compatible_sbr_ps():
    # LC 24000 mono, then 0x2b7 + AOT 5 + sbr 1 + ext idx 3 (48000) + 0x548 + ps 1
    data = bits_to_bytes("00010 0110 0001 000" + "01010110111" + "00101" + "1" + "0011"
                         + "10101001000" + "1")
    c = A.parse_config(data)
    assert (c.sbr, c.ps, c.sample_rate, c.ext_sample_rate) == (1, 1, 24000, 48000)


def test_asc_sync_extension_same_rate_is_unknown_sbr():
    data = bits_to_bytes("00010 0011 0010 000" + "01010110111" + "00101" + "1" + "0011")
    c = A.parse_config(data)
    assert c.sbr == -1 and c.ext_sample_rate == 48000


def test_asc_escape_object_type_and_explicit_rate():
    c = A.parse_config(bits_to_bytes("11111 000101 1111" + format(12345, "024b") + "0001"))
    assert (c.object_type, c.sample_rate, c.sampling_index, c.channels) == (37, 12345, 15, 1)


@pytest.mark.parametrize("chan_config,channels,layout", [
    (1, 1, "mono"), (2, 2, "stereo"), (3, 3, "3.0"), (4, 4, "4.0"), (5, 5, "5.0"),
    (6, 6, "5.1"), (7, 8, "7.1"), (11, 7, "6.1(back)"), (12, 8, "7.1"), (13, 24, "22.2"),
])
def test_default_channel_configs(chan_config, channels, layout):
    data = bits_to_bytes("00010 0100 " + format(chan_config, "04b") + " 000")
    cfg = A.decoder_config(data)
    assert (cfg.channels, cfg.layout) == (channels, layout)


@pytest.mark.parametrize("chan_config", [0, 8, 9, 10, 14, 15])
def test_reserved_channel_configs(chan_config):
    data = bits_to_bytes("00010 0100 " + format(chan_config, "04b") + " 000" + "0" * 40)
    with pytest.raises(CineError):
        A.decoder_config(data)


def _pce(front, side, back, lfe) -> str:
    """A GASpecificConfig with a PCE; each list holds (is_cpe, tag)."""
    bits = "0000" + "01" + "0100" + format(len(front), "04b") + format(len(side), "04b")
    bits += format(len(back), "04b") + format(len(lfe), "02b") + "000" + "0000" + "000"
    for group in (front, side, back):
        for cpe, tag in group:
            bits += str(cpe) + format(tag, "04b")
    for tag in lfe:
        bits += format(tag, "04b")
    return bits


@pytest.mark.parametrize("front,side,back,lfe,channels,layout", [
    ([(0, 0), (1, 0)], [(1, 1)], [], [0], 6, "5.1(side)"),
    ([(1, 0)], [], [(1, 1)], [], 4, "quad"),
    ([(1, 0)], [], [], [0], 3, "2.1"),
    ([(0, 0), (1, 0)], [(1, 1)], [(0, 1)], [0], 7, "6.1"),
    # FFmpeg's own 7-channel PCE: CPE first, then SCE: no layout is sniffed
    ([(1, 0), (0, 0)], [(0, 1)], [(1, 1), (0, 2)], [], 7, None),
    ([(1, 0), (1, 1)], [], [], [], 4, "4 channels (FL+FR+FLC+FRC)"),
])
def test_pce_layouts(front, side, back, lfe, channels, layout):
    head = "00010 0100 0000 000"
    bits = head + _pce(front, side, back, lfe)
    bits += "0" * ((8 - len(bits) % 8) % 8) + "00000000"        # byte align + empty comment
    cfg = A.decoder_config(bits_to_bytes(bits))
    assert (cfg.channels, cfg.layout) == (channels, layout)


def test_asc_truncated_raises_invalid_data():
    with pytest.raises(InvalidData):
        A.parse_config(b"\x12")
    with pytest.raises(InvalidData):
        A.parse_config(b"")


# --- AC-3 / E-AC-3 ---------------------------------------------------------------------

def test_ac3_header():
    # sync, crc, fscod 1 (44.1k), frmsizecod 20 (192k), bsid 8, bsmod 0, acmod 2, dsurmod, lfe 0
    bits = format(0x0B77, "016b") + "0" * 16 + "01" + format(20, "06b") + "01000" + "000"
    bits += "010" + "00" + "0"
    h = AC3.parse(bits_to_bytes(bits + "0" * 16))
    assert (h.sample_rate, h.bit_rate, h.channels, CL.describe(h.channel_mask)) == (
        44100, 192000, 2, "stereo")
    assert h.frame_size == 834 and not h.is_eac3


def test_eac3_header():
    bits = format(0x0B77, "016b") + "00" + "000" + format(417, "011b") + "01" + "11"
    bits += "111" + "1" + "10000"
    h = AC3.parse(bits_to_bytes(bits + "0" * 16))
    assert h.is_eac3 and (h.frame_size, h.sample_rate, h.channels) == (836, 44100, 6)
    assert h.bit_rate == 8 * 836 * 44100 // 1536
    assert CL.describe(h.channel_mask) == "5.1(side)"


def test_ac3_garbage():
    with pytest.raises(InvalidData):
        AC3.parse(b"\x0b\x77\xff\xff\xff\xff\xff")
    assert AC3.frames(b"\x00" * 20) == []


# --- MPEG audio ------------------------------------------------------------------------

@pytest.mark.parametrize("word,rate,br,ch,samples,size", [
    (0xFFFB9064, 44100, 128000, 2, 1152, 417),     # MPEG-1 L3 128k 44.1k joint stereo
    (0xFFFBD4C4, 48000, 256000, 1, 1152, 768),     # MPEG-1 L3 256k 48k mono
    (0xFFF3A0C0, 22050, 96000, 1, 576, 313),       # MPEG-2 L3 96k (lsf)
    (0xFFE35040, 11025, 40000, 2, 576, 261),       # MPEG-2.5 L3
    (0xFFFD1004, 44100, 32000, 2, 1152, 104),      # MPEG-1 L2 32k
])
def test_mpa_header(word, rate, br, ch, samples, size):
    h = MPA.decode_header(word)
    assert (h.sample_rate, h.bit_rate, h.channels, h.samples, h.frame_size) == (
        rate, br, ch, samples, size)


@pytest.mark.parametrize("word", [0, 0xFFF90000, 0xFFFBF000, 0xFFFB0C00])
def test_mpa_invalid(word):
    assert MPA.decode_header(word) is None


# --- Opus / FLAC -------------------------------------------------------------------------

def _opus(ch, family, extra=b""):
    return b"OpusHead" + bytes([1, ch]) + struct.pack("<HIhB", 312, 48000, 0, family) + extra


@pytest.mark.parametrize("head,channels,layout", [
    (_opus(1, 0), 1, "mono"), (_opus(2, 0), 2, "stereo"),
    (_opus(6, 1, bytes([4, 2, 0, 4, 1, 2, 3, 5])), 6, "5.1"),
    (_opus(7, 1, bytes([7, 0]) + bytes(range(7))), 7, "6.1"),
    (_opus(4, 2, bytes([4, 0, 0, 1, 2, 3])), 4, "ambisonic 1"),
    (_opus(6, 2, bytes([6, 0]) + bytes(range(6))), 6, "ambisonic 1+stereo"),
    (_opus(3, 255, bytes([3, 0, 0, 1, 2])), 3, None),
])
def test_opus_head(head, channels, layout):
    h = OH.parse(head)
    assert (h.channels, h.layout, h.pre_skip) == (channels, layout, 312)


@pytest.mark.parametrize("head", [
    b"OpusHead\x01", _opus(3, 0), _opus(9, 1, bytes([9, 0]) + bytes(9)),
    _opus(2, 1, bytes([1, 1, 0, 5])), _opus(0, 0), _opus(5, 2, bytes([5, 0]) + bytes(5)),
])
def test_opus_head_invalid(head):
    with pytest.raises(CineError):
        OH.parse(head)


def test_flac_streaminfo():
    bits = format(4096, "016b") * 2 + "0" * 48 + format(96000, "020b") + format(5, "03b")
    bits += format(23, "05b") + format(123456, "036b") + "0" * 128
    info = SI.parse(bits_to_bytes(bits))
    assert (info.sample_rate, info.channels, info.bits_per_sample, info.total_samples) == (
        96000, 6, 24, 123456)
    with pytest.raises(InvalidData):
        SI.parse(bytes(34))                          # max blocksize 0


# --- analyzers on hostile input ----------------------------------------------------------

CODECS = ["aac", "mp3", "alac", "opus", "flac", "ac3", "eac3", "amr_nb", "amr_wb", "mp4als",
          "pcm_s24le", "pcm_f32le", "adpcm_ima_qt", "gsm", "dts", "mp2"]


@settings(max_examples=300, deadline=None)
@given(codec=st.sampled_from(CODECS), extradata=st.binary(max_size=48),
       packets=st.lists(st.binary(max_size=64), max_size=4),
       channels=st.integers(0, 70), rate=st.integers(0, 200000))
def test_analyzers_never_raise(codec, extradata, packets, channels, rate):
    par = CodecParameters(codec_type="audio", codec_name=codec, extradata=extradata,
                          channels=channels, sample_rate=rate)
    stream = Stream(index=0, codecpar=par)
    pkts = [Packet(stream_index=0, data=d, pts=None, dts=None) for d in packets]
    analyzer(codec)(stream, pkts, Logger("mov"))
    assert par.channels >= 0 and par.sample_rate >= 0


def _eac3_frame(frame_type, substream, words, acmod, lfe, tail_bits=""):
    bits = format(0x0B77, "016b") + format(frame_type, "02b") + format(substream, "03b")
    bits += format(words - 1, "011b") + "00" + "11" + format(acmod, "03b") + str(lfe)
    bits += "10000" + tail_bits
    data = bits_to_bytes(bits)
    return data + bytes(2 * words - len(data))


def test_eac3_dependent_substream_extends_layout(monkeypatch):
    """Independent 5.1 + dependent frame whose chanmap adds the back pair: 7.1, bit rates
    summed (the first packet's decode)."""
    indep = _eac3_frame(0, 0, 768, 7, 1, "00000" + "0")
    dep = _eac3_frame(1, 0, 256, 2, 0, "00000" + "0" + "1" + format(1 << (15 - 6), "016b"))
    assert AC3.parse(dep).chanmap == 1 << 9
    par = CodecParameters(codec_type="audio", codec_name="eac3", channels=6)
    stream = Stream(index=0, codecpar=par)
    analyzer("eac3")(stream, [Packet(0, indep + dep, None, None)], Logger("mov"))
    assert (par.channels, par.channel_layout) == (8, "7.1")
    # FFmpeg 5.1.9 (checked with /usr/bin/ffprobe): these all-zero audio blocks fail
    # ("exponent -2 is out-of-range"), so the decoder sets no bit rate
    assert par.bit_rate == 0
    # with blocks that decode, the two frames' bit rates add up
    from cine.engine.codecs.ac3 import audblk
    monkeypatch.setattr(audblk, "check_frame", lambda data, hdr, state=None: audblk.FrameCheck())
    par = CodecParameters(codec_type="audio", codec_name="eac3", channels=6)
    analyzer("eac3")(Stream(index=0, codecpar=par), [Packet(0, indep + dep, None, None)],
                     Logger("mov"))
    assert par.bit_rate == 8 * 1536 * 48000 // 1536 + 8 * 512 * 48000 // 1536
    # without a chanmap the dependent frame keeps the independent layout
    dep0 = _eac3_frame(1, 0, 256, 2, 0, "00000" + "0" + "0")
    par2 = CodecParameters(codec_type="audio", codec_name="eac3")
    analyzer("eac3")(Stream(index=0, codecpar=par2), [Packet(0, indep + dep0, None, None)],
                     Logger("mov"))
    assert par2.channel_layout == "5.1(side)"


# --- first raw_data_block ----------------------------------------------------------------

def _run_aac(asc_bits: str, frame_bits: str):
    logs = []
    par = CodecParameters(codec_type="audio", codec_name="aac", extradata=bits_to_bytes(asc_bits),
                          sample_rate=44100, channels=1)
    analyzer("aac")(Stream(index=0, codecpar=par),
                    [Packet(0, bits_to_bytes(frame_bits) + bytes(8), None, None)],
                    Logger("mov", lambda c, l, m: logs.append((c, l, m))))
    return par, [m for c, level, m in logs if c == "aac#probe" and level <= 32]


LC_MONO = "00010 0100 0001 000"
LC_STEREO = "00010 0100 0010 000"
LC_51 = "00010 0100 0110 000"
SCE_OK = "000 0000" + "10000000" + "0 00 0 110001 0"     # long window, max_sfb 49, no pred


def test_first_frame_prediction_in_lc_fails_decode():
    par, logs = _run_aac(LC_MONO, "000 0000" + "10000000" + "0 00 0 000001 1" + "0" * 40)
    assert logs == ["Prediction is not allowed in AAC-LC.\n"]
    assert par.profile == 1 and par.frame_size == 0       # profile set, decode failed


def test_first_frame_too_many_bands():
    par, logs = _run_aac(LC_MONO, "000 0000" + "10000000" + "0 00 0 111111 0" + "0" * 40)
    assert logs == ["Number of scalefactor bands in group (63) exceeds limit (49).\n"]
    assert par.frame_size == 0


def test_first_frame_unallocated_element():
    par, logs = _run_aac(LC_51, "011 1100" + "0" * 40)      # LFE 12 first in a 5.1 config
    assert logs == ["channel element 3.12 is not allocated\n"]
    par, logs = _run_aac(LC_51, "001 0000" + "0" * 40)      # CPE before the SCE
    assert logs == ["channel element 1.0 is not allocated\n"]


def test_first_frame_mono_with_cpe():
    cpe_ok = "001 0000" + "1" + "0 00 0 110001 0" + "00" + "0" * 40
    par, logs = _run_aac(LC_MONO, cpe_ok)
    assert (par.channels, par.channel_layout, par.frame_size) == (2, "stereo", 1024)
    cpe_bad = "001 0000" + "1" + "0 00 0 110001 0" + "11" + "0" * 40   # ms_present 3
    par, logs = _run_aac(LC_MONO, cpe_bad)
    assert logs == ["ms_present = 3 is reserved.\n"]
    assert (par.channels, par.channel_layout) == (1, "mono")   # trial configuration undone


def test_first_frame_pce_and_skippable_elements():
    # DSE (4 bytes, no align), FIL (2 bytes), then a PCE: front CPE + back CPE -> quad
    dse = "100 0000" + "0" + format(4, "08b") + "0" * 32
    fil = "110 0010" + "0" * 16
    pce = "101 0000" + "01" + "0100" + "0001" + "0000" + "0001" + "00" + "000" + "0000"
    pce += "000" + "1" + "0000" + "1" + "0001"
    bits = (dse + fil + pce).replace(" ", "")
    bits += "0" * (-len(bits) % 8) + "00000000" + "001 0000" + "1" + "0 00 0 110001 0" + "00"
    par, logs = _run_aac(LC_STEREO, bits + "0" * 40)
    assert (par.channels, par.channel_layout) == (4, "quad")
    assert logs == []


def test_first_frame_sbr_before_channel_element():
    fil = "110 0011" + "1101" + "0" * 20
    par, logs = _run_aac(LC_MONO, fil + SCE_OK + "0" * 40)
    assert logs[0] == "SBR was found before the first channel element.\n"


def _dts_core(amode, sfreq, rate, lfe, ext_type=0, ext=0, frame_size=1024):
    bits = format(0x7FFE8001, "032b") + "1" + "11111" + "0" + format(15, "07b")
    bits += format(frame_size - 1, "014b") + format(amode, "06b") + format(sfreq, "04b")
    bits += format(rate, "05b") + "0" + "0000" + format(ext_type, "03b") + str(ext) + "0"
    bits += format(lfe, "02b") + "0" + "0" + "0000" + "00" + "000" + "0" + "0" + "0000"
    data = bits_to_bytes(bits)
    return data + bytes(frame_size - len(data))


@pytest.mark.parametrize("amode,lfe,layout", [(0, 0, "mono"), (2, 0, "stereo"),
                                              (9, 1, "5.1(side)"), (6, 0, "3.0(back)"),
                                              (8, 0, "quad(side)")])
def test_dts_core_layouts(amode, lfe, layout):
    par = CodecParameters(codec_type="audio", codec_name="dts")
    analyzer("dts")(Stream(index=0, codecpar=par),
                    [Packet(0, b"junk" * 8, None, None), Packet(0, _dts_core(amode, 13, 22, lfe), None, None)],
                    Logger("mov"))
    assert (par.channel_layout, par.sample_rate, par.bit_rate, par.profile, par.format) == (
        layout, 48000, 1411200, 20, "fltp")


def test_dts_es_and_hd():
    core = bytearray(_dts_core(9, 13, 24, 1, ext_type=0, ext=1))
    core[512:516] = b"\x5a\x5a\x5a\x5a"
    par = CodecParameters(codec_type="audio", codec_name="dts")
    analyzer("dts")(Stream(index=0, codecpar=par), [Packet(0, bytes(core), None, None)], Logger("m"))
    assert (par.profile, par.channels, par.channel_layout) == (30, 7, "6.1")
    hd = _dts_core(9, 13, 24, 1) + bytes.fromhex("64582025") + bytes(60)
    par = CodecParameters(codec_type="audio", codec_name="dts")
    analyzer("dts")(Stream(index=0, codecpar=par), [Packet(0, hd, None, None)], Logger("m"))
    assert (par.profile, par.bit_rate) == (50, 0)
