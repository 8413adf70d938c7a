"""DTS Coherent Acoustics core frame header (ETSI TS 102 114 5.3.1, frame header fields
SYNC..DIALNORM) with the reference decoder's validity checks, plus the speaker masks of the
core audio channel arrangements (AMODE, table 5-4).
"""
from __future__ import annotations

from ...record import Record
from ...bitstream.bitreader import BitReader
from ...errors import InvalidData

SYNC_CORE_BE = 0x7FFE8001
SYNC_EXSS = 0x64582025
SYNC_XCH = 0x5A5A5A5A
SYNC_X96 = 0x1D95F262
SYNC_XXCH = 0x47004A03

SAMPLE_RATES = (0, 8000, 16000, 32000, 0, 0, 11025, 22050, 44100, 0, 0, 12000, 24000, 48000,
                96000, 192000)
# RATE: bit/s; the last three codes mean open (1), variable (2) and lossless (3).
BIT_RATES = (32000, 56000, 64000, 96000, 112000, 128000, 192000, 224000, 256000, 320000,
             384000, 448000, 512000, 576000, 640000, 768000, 896000, 1024000, 1152000, 1280000,
             1344000, 1408000, 1411200, 1472000, 1536000, 1920000, 2048000, 3072000, 3840000,
             1, 2, 3)
PCM_BITS = (16, 16, 20, 20, 0, 24, 24, 0)

# DTS speaker bits (C L R Ls Rs LFE1 Cs ...)
SPK_C, SPK_L, SPK_R, SPK_LS, SPK_RS, SPK_LFE1, SPK_CS = (1 << i for i in range(7))
AMODE_MASKS = (SPK_C, SPK_L | SPK_R, SPK_L | SPK_R, SPK_L | SPK_R, SPK_L | SPK_R,
               SPK_C | SPK_L | SPK_R, SPK_L | SPK_R | SPK_CS, SPK_C | SPK_L | SPK_R | SPK_CS,
               SPK_L | SPK_R | SPK_LS | SPK_RS, SPK_C | SPK_L | SPK_R | SPK_LS | SPK_RS)
EXT_XCH, EXT_X96, EXT_XXCH = 0, 2, 6


class CoreHeader(Record):
    normal_frame: int
    npcmblocks: int
    frame_size: int
    audio_mode: int
    sample_rate: int
    bit_rate: int
    ext_audio_type: int
    ext_audio_present: int
    lfe_present: int
    source_pcm_bits: int
    header_bits: int

    def __init__(self, normal_frame, npcmblocks, frame_size, audio_mode, sample_rate, bit_rate,
                 ext_audio_type, ext_audio_present, lfe_present, source_pcm_bits, header_bits):
        self.normal_frame = normal_frame
        self.npcmblocks = npcmblocks
        self.frame_size = frame_size
        self.audio_mode = audio_mode
        self.sample_rate = sample_rate
        self.bit_rate = bit_rate
        self.ext_audio_type = ext_audio_type
        self.ext_audio_present = ext_audio_present
        self.lfe_present = lfe_present
        self.source_pcm_bits = source_pcm_bits
        self.header_bits = header_bits


def parse(data: bytes) -> CoreHeader:
    """Parse a big-endian 16-bit core frame header; raises InvalidData like the reference."""
    br = BitReader(bytes(data[:20]))
    if len(data) < 16 or br.u(32) != SYNC_CORE_BE:
        raise InvalidData("Invalid core sync word\n")
    normal = br.u(1)
    if br.u(5) + 1 != 32:
        raise InvalidData("Invalid core frame header\n")
    crc = br.u(1)
    npcmblocks = br.u(7) + 1
    if npcmblocks & 7:
        raise InvalidData("Unsupported number of PCM sample blocks\n")
    frame_size = br.u(14) + 1
    if frame_size < 96:
        raise InvalidData("Invalid core frame size\n")
    amode = br.u(6)
    if amode >= len(AMODE_MASKS):
        raise InvalidData("Unsupported audio channel arrangement\n")
    rate = SAMPLE_RATES[br.u(4)]
    if not rate:
        raise InvalidData("Invalid core audio sampling frequency\n")
    bit_rate = BIT_RATES[br.u(5)]
    if br.u(1):
        raise InvalidData("Reserved bit set\n")
    br.skip(4)                                   # DYNF TIMEF AUXF HDCD
    ext_type = br.u(3)
    ext_present = br.u(1)
    br.skip(1)                                   # ASPF
    lfe = br.u(2)
    if lfe == 3:
        raise InvalidData("Invalid low frequency effects flag\n")
    br.skip(1)                                   # HFLAG
    if crc:
        br.skip(16)
    br.skip(1 + 4 + 2)                           # FILTS VERNUM CHIST
    bits = PCM_BITS[br.u(3)]
    if not bits:
        raise InvalidData("Invalid source PCM resolution\n")
    br.skip(1 + 1 + 4)
    return CoreHeader(normal, npcmblocks, frame_size, amode, rate, bit_rate, ext_type,
                      ext_present, lfe, bits, br.pos)
