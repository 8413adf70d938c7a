"""AC-3 and E-AC-3 sync frame headers (ATSC A/52 5.3.1 syncinfo + 5.3.2 bsi; Annex E
E.1.2 for E-AC-3), as the reference's parser reads them: rate, channels and layout, frame
size, bit rate and bitstream mode.
"""
from __future__ import annotations

from ...record import Record
from ... import chlayout as CL
from ...bitstream.bitreader import BitReader
from ...errors import InvalidData

SAMPLE_RATES = (48000, 44100, 32000)
BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576,
            640)                                             # kbit/s, table 5.18
CHANNELS = (2, 1, 2, 3, 3, 4, 4, 5)                          # by acmod, table 5.8
EAC3_BLOCKS = (1, 2, 3, 6)                                   # by numblkscod
# acmod -> native layout (1+1 dual mono is presented as stereo)
ACMOD_LAYOUT = (CL.STEREO, CL.MONO, CL.STEREO, CL.SURROUND, CL.L2_1, CL.L4POINT0, CL.L2_2,
                CL.L5POINT0)
HEADER_SIZE = 7
FRAME_INDEPENDENT, FRAME_DEPENDENT, FRAME_AC3_CONVERT, FRAME_RESERVED = 0, 1, 2, 3
MAX_FRAME_CODE = 37


# E-AC-3 chanmap bit i (from the most significant of 16) -> the channels it adds (Annex E,
# table E.1.4 custom channel map locations).
CHANMAP_LOCATIONS = (CL.FL, CL.FC, CL.FR, CL.SL, CL.SR, CL.FLC | CL.FRC, CL.BL | CL.BR, CL.BC,
                     CL.TC, CL.SDL | CL.SDR, CL.WL | CL.WR, CL.TFL | CL.TFR, CL.TFC,
                     CL.TBL | CL.TBR, CL.LFE2, CL.LFE)


def chanmap_mask(chanmap: int) -> int:
    mask = 0
    for i, loc in enumerate(CHANMAP_LOCATIONS):
        if chanmap & (1 << (15 - i)):
            mask |= loc
    return mask


def channel_mask(acmod: int, lfe: int) -> int:
    return ACMOD_LAYOUT[acmod] | (CL.LFE if lfe else 0)


def ac3_frame_bytes(frmsizecod: int, fscod: int) -> int:
    """Frame size in bytes for an AC-3 frmsizecod/fscod pair (table 5.18)."""
    kbps = BITRATES[frmsizecod >> 1]
    if fscod == 0:
        words = kbps * 2
    elif fscod == 2:
        words = kbps * 3
    else:
        words = kbps * 1000 * 1536 // (44100 * 16) + (frmsizecod & 1)
    return words * 2


class Ac3Header(Record):
    bsid: int
    sample_rate: int
    bit_rate: int
    channels: int
    channel_mask: int
    frame_size: int
    num_blocks: int
    frame_type: int
    substream_id: int
    bsmod: int
    acmod: int
    lfe: int
    chanmap: int | None = None     # E-AC-3 dependent substream custom channel map (chanmape)

    def __init__(self, bsid, sample_rate, bit_rate, channels, channel_mask, frame_size, num_blocks,
                 frame_type, substream_id, bsmod, acmod, lfe, chanmap=None):
        self.bsid = bsid
        self.sample_rate = sample_rate
        self.bit_rate = bit_rate
        self.channels = channels
        self.channel_mask = channel_mask
        self.frame_size = frame_size
        self.num_blocks = num_blocks
        self.frame_type = frame_type
        self.substream_id = substream_id
        self.bsmod = bsmod
        self.acmod = acmod
        self.lfe = lfe
        self.chanmap = chanmap

    @property
    def is_eac3(self) -> bool:
        return self.bsid > 10


def parse(data: bytes) -> Ac3Header:
    """Parse the header at the start of data; raises InvalidData."""
    if len(data) < HEADER_SIZE:
        raise InvalidData("short AC-3 header")
    br = BitReader(bytes(data[:24]))
    if br.u(16) != 0x0B77:
        raise InvalidData("no AC-3 sync word")
    bsid = (int.from_bytes(bytes(data[2:6]).ljust(4, b"\0"), "big") >> 3) & 0x1F
    if bsid > 16:
        raise InvalidData("invalid AC-3 bsid")
    bsmod = 0
    if bsid <= 10:
        br.skip(16)                                          # crc1
        fscod = br.u(2)
        if fscod == 3:
            raise InvalidData("invalid AC-3 sample rate")
        frmsizecod = br.u(6)
        if frmsizecod > MAX_FRAME_CODE:
            raise InvalidData("invalid AC-3 frame size")
        br.skip(5)
        bsmod = br.u(3)
        acmod = br.u(3)
        if acmod == 2:
            br.skip(2)                                       # dsurmod
        else:
            if acmod & 1 and acmod != 1:
                br.skip(2)                                   # cmixlev
            if acmod & 4:
                br.skip(2)                                   # surmixlev
        lfe = br.u(1)
        shift = max(bsid, 8) - 8
        rate = SAMPLE_RATES[fscod] >> shift
        bit_rate = (BITRATES[frmsizecod >> 1] * 1000) >> shift
        return Ac3Header(bsid, rate, bit_rate, CHANNELS[acmod] + lfe, channel_mask(acmod, lfe),
                         ac3_frame_bytes(frmsizecod, fscod), 6, FRAME_AC3_CONVERT, 0, bsmod,
                         acmod, lfe)
    frame_type = br.u(2)
    if frame_type == FRAME_RESERVED:
        raise InvalidData("invalid E-AC-3 frame type")
    substream = br.u(3)
    frame_size = (br.u(11) + 1) << 1
    if frame_size < HEADER_SIZE:
        raise InvalidData("invalid E-AC-3 frame size")
    fscod = br.u(2)
    blocks = 6
    if fscod == 3:
        fscod2 = br.u(2)
        if fscod2 == 3:
            raise InvalidData("invalid E-AC-3 sample rate")
        rate = SAMPLE_RATES[fscod2] // 2
    else:
        blocks = EAC3_BLOCKS[br.u(2)]
        rate = SAMPLE_RATES[fscod]
    acmod = br.u(3)
    lfe = br.u(1)
    br.skip(5)                                               # bsid
    bit_rate = 8 * frame_size * rate // (blocks * 256)
    chanmap = None
    if frame_type == FRAME_DEPENDENT and br.bits_left >= 2 * 14 + 17:
        for _ in range(1 if acmod else 2):
            br.skip(5)                                       # dialnorm
            if br.u(1):
                br.skip(8)                                   # compr
        if br.u(1):
            chanmap = br.u(16)
    return Ac3Header(bsid, rate, bit_rate, CHANNELS[acmod] + lfe, channel_mask(acmod, lfe),
                     frame_size, blocks, frame_type, substream, bsmod, acmod, lfe, chanmap)


def frames(data: bytes, limit: int = 64):
    """Successive headers of the frames packed in one packet (stops at the first bad one)."""
    pos = 0
    out = []
    while pos + HEADER_SIZE <= len(data) and len(out) < limit:
        try:
            h = parse(data[pos:])
        except InvalidData:
            break
        out.append(h)
        pos += h.frame_size
    return out
