"""AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) with GASpecificConfig (4.4.1), the
program_config_element (4.4.1.1, table 4.2), SBR/PS signalling (explicit hierarchical,
backward-compatible sync extension 0x2b7/0x548, implicit) and the channel configurations of
table 1.19, interpreted the way FFmpeg 5.1.9's AAC decoder configures its output.

Two views are offered:
- parse_config(): the generic MPEG-4 audio config reader (what the MP4 demuxer uses on the
  esds DecoderSpecificInfo to set sample_rate/channels/codec, and the ADTS/LATM paths);
- decoder_config(): what the decoder's init makes of the extradata: the output channel count
  and layout (named via cine.engine.chlayout), SBR/PS state and the core/extension rates.
"""
from __future__ import annotations

from ...record import FACTORY, Record

from ...bitstream.bitreader import BitReader
from ...errors import InvalidData, Unsupported
from ..missing import missing_feature
from ... import chlayout as CL

# Audio object types (table 1.17).
AOT_NULL, AOT_AAC_MAIN, AOT_AAC_LC, AOT_AAC_SSR, AOT_AAC_LTP, AOT_SBR = 0, 1, 2, 3, 4, 5
AOT_AAC_SCALABLE = 6
AOT_ER_AAC_LC, AOT_ER_AAC_LTP, AOT_ER_AAC_SCALABLE, AOT_ER_BSAC, AOT_ER_AAC_LD = 17, 19, 20, 22, 23
AOT_PS, AOT_ESCAPE, AOT_L1, AOT_L2, AOT_L3, AOT_ALS, AOT_ER_AAC_ELD = 29, 31, 32, 33, 34, 36, 39
AOT_USAC = 45

# samplingFrequencyIndex (table 1.16).
SAMPLE_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
                8000, 7350, 0, 0, 0)
# channelConfiguration -> channel count (table 1.19; 7 is 8 channels, 11..13 from amd. 4).
CONFIG_CHANNELS = (0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24)

# Raw data block element types (table 4.85) and channel positions.
SCE, CPE, CCE, LFE_EL, DSE, PCE, FIL, END = range(8)
POS_OFF, POS_FRONT, POS_SIDE, POS_BACK, POS_LFE, POS_CC = range(6)

# Element layout of each default channel configuration (table 1.19):
# (element type, instance tag, position).
_DEFAULT_MAPS: dict[int, tuple[tuple[int, int, int], ...]] = {
    1: ((SCE, 0, POS_FRONT),),
    2: ((CPE, 0, POS_FRONT),),
    3: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT)),
    4: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (SCE, 1, POS_BACK)),
    5: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_BACK)),
    6: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_BACK), (LFE_EL, 0, POS_LFE)),
    7: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_FRONT), (CPE, 2, POS_BACK),
        (LFE_EL, 0, POS_LFE)),
    11: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_BACK), (SCE, 1, POS_BACK),
         (LFE_EL, 0, POS_LFE)),
    12: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_SIDE), (CPE, 2, POS_BACK),
         (LFE_EL, 0, POS_LFE)),
    13: ((SCE, 0, POS_FRONT), (CPE, 0, POS_FRONT), (CPE, 1, POS_FRONT), (CPE, 2, POS_SIDE),
         (CPE, 3, POS_BACK), (SCE, 1, POS_BACK), (LFE_EL, 0, POS_LFE), (LFE_EL, 1, POS_LFE),
         (SCE, 2, POS_FRONT), (CPE, 4, POS_FRONT), (CPE, 5, POS_SIDE), (SCE, 3, POS_FRONT),
         (CPE, 6, POS_BACK), (SCE, 4, POS_BACK), (SCE, 5, POS_FRONT), (CPE, 7, POS_FRONT)),
}

MAX_CHANNELS = 64
# Lower bounds of sample_rate_idx's bands (the decoder's rate -> index mapping without ASC).
_RATE_IDX_LOW = (92017, 75132, 55426, 46009, 37566, 27713, 23004, 18783, 13856, 11502, 9391)
MAX_ELEM_ID = 16

MSG_71_WIDE = ("Assuming an incorrectly encoded 7.1 channel layout instead of a spec-compliant"
               " 7.1(wide) layout, use -strict 1 to decode according to the specification"
               " instead.\n")


class Mpeg4AudioConfig(Record):
    """MPEG4AudioConfig: sbr/ps are 1 (present), 0 (absent) or -1 (unknown: implicit)."""
    object_type: int = 0
    sampling_index: int = 0
    sample_rate: int = 0
    chan_config: int = 0
    channels: int = 0
    sbr: int = -1
    ps: int = -1
    ext_object_type: int = 0
    ext_sampling_index: int = 0
    ext_sample_rate: int = 0
    ext_chan_config: int = 0
    frame_length_short: int = 0
    config_bits: int = 0          # bits up to the codec-specific config

    def __init__(self, object_type=0, sampling_index=0, sample_rate=0, chan_config=0, channels=0,
                 sbr=-1, ps=-1, ext_object_type=0, ext_sampling_index=0, ext_sample_rate=0,
                 ext_chan_config=0, frame_length_short=0, config_bits=0):
        self.object_type = object_type
        self.sampling_index = sampling_index
        self.sample_rate = sample_rate
        self.chan_config = chan_config
        self.channels = channels
        self.sbr = sbr
        self.ps = ps
        self.ext_object_type = ext_object_type
        self.ext_sampling_index = ext_sampling_index
        self.ext_sample_rate = ext_sample_rate
        self.ext_chan_config = ext_chan_config
        self.frame_length_short = frame_length_short
        self.config_bits = config_bits


class DecoderConfig(Record):
    """What the AAC decoder's init derives from an AudioSpecificConfig."""
    m4ac: Mpeg4AudioConfig
    layout_map: list[tuple[int, int, int]]
    channels: int = 0              # output channels (PS doubles a lone SCE)
    layout: str | None = None      # described layout, None = unspecified order
    logs: list[tuple[int, str]]   # (level, message)

    def __init__(self, m4ac, layout_map=FACTORY, channels=0, layout=None, logs=FACTORY):
        self.m4ac = m4ac
        self.layout_map = [] if layout_map is FACTORY else layout_map
        self.channels = channels
        self.layout = layout
        self.logs = [] if logs is FACTORY else logs


def _object_type(br: BitReader) -> int:
    aot = br.u(5)
    if aot == AOT_ESCAPE:
        aot = 32 + br.u(6)
    return aot


def _sample_rate(br: BitReader) -> tuple[int, int]:
    idx = br.u(4)
    return idx, (br.u(24) if idx == 0x0F else SAMPLE_RATES[idx])


def _show(br: BitReader, n: int) -> int:
    """Peek n bits; bits past the end read as zero (as FFmpeg's padded buffers do)."""
    v = 0
    for i in range(n):
        p = br.pos + i
        bit = (br.data[p >> 3] >> (7 - (p & 7))) & 1 if p < br.size else 0
        v = (v << 1) | bit
    return v


def parse_config_gb(br: BitReader, sync_extension: bool = True) -> Mpeg4AudioConfig:
    """The generic AudioSpecificConfig reader (mpeg4audio); raises InvalidData."""
    start = br.pos
    c = Mpeg4AudioConfig()
    c.object_type = _object_type(br)
    c.sampling_index, c.sample_rate = _sample_rate(br)
    c.chan_config = br.u(4)
    if c.chan_config >= len(CONFIG_CHANNELS):
        raise InvalidData("Invalid chan_config %d\n" % c.chan_config)
    c.channels = CONFIG_CHANNELS[c.chan_config]
    c.sbr = c.ps = -1
    # FFmpeg 5.1.9: an AOT 29 whose next bits look like the W6132 MP3onMP4 draft layout is
    # not taken as explicit PS.
    if c.object_type == AOT_SBR or (c.object_type == AOT_PS
                                    and not (_show(br, 3) & 3 and not (_show(br, 9) & 0x3F))):
        if c.object_type == AOT_PS:
            c.ps = 1
        c.ext_object_type = AOT_SBR
        c.sbr = 1
        c.ext_sampling_index, c.ext_sample_rate = _sample_rate(br)
        c.object_type = _object_type(br)
        if c.object_type == AOT_ER_BSAC:
            c.ext_chan_config = br.u(4)
    else:
        c.ext_object_type = AOT_NULL
        c.ext_sample_rate = 0
    specific = br.pos

    if c.object_type == AOT_ALS:
        br.skip(5)
        if _show(br, 24) != 0x414C53:          # "\0ALS"
            br.skip(24)
        specific = br.pos
        if br.bits_left < 112:
            raise InvalidData("short ALS config")
        if br.u(32) != 0x414C5300:
            raise InvalidData("bad ALS config")
        # FFmpeg 5.1.9: the ALS header's rate and channel count override the ASC's.
        c.sample_rate = br.u(32)
        if c.sample_rate <= 0 or c.sample_rate >= 1 << 31:
            raise InvalidData("Invalid sample rate %d\n" % c.sample_rate)
        br.skip(32)
        c.chan_config = 0
        c.channels = br.u(16) + 1

    if c.ext_object_type != AOT_SBR and sync_extension:
        while br.bits_left > 15:
            if _show(br, 11) == 0x2B7:
                br.u(11)
                c.ext_object_type = _object_type(br)
                if c.ext_object_type == AOT_SBR:
                    c.sbr = br.u(1)
                    if c.sbr == 1:
                        c.ext_sampling_index, c.ext_sample_rate = _sample_rate(br)
                        if c.ext_sample_rate == c.sample_rate:
                            c.sbr = -1
                if br.bits_left > 11 and br.u(11) == 0x548:
                    c.ps = br.u(1)
                break
            br.u(1)

    if not c.sbr:
        c.ps = 0
    if (c.ps == -1 and c.object_type != AOT_AAC_LC) or c.channels & ~1:
        c.ps = 0
    c.config_bits = specific - start
    return c


def parse_config(data: bytes, sync_extension: bool = True) -> Mpeg4AudioConfig:
    """avpriv_mpeg4audio_get_config2 on a byte buffer (esds DecoderSpecificInfo)."""
    if not data:
        raise InvalidData("empty AudioSpecificConfig")
    return parse_config_gb(BitReader(bytes(data)), sync_extension)


# --- decoder view ---------------------------------------------------------------------

def _decode_channel_map(br: BitReader, pos: int, n: int) -> list[tuple[int, int, int]]:
    out = []
    for _ in range(n):
        if pos in (POS_FRONT, POS_SIDE, POS_BACK):
            ele = br.u(1)
        elif pos == POS_CC:
            br.skip(1)
            ele = CCE
        else:
            ele = LFE_EL
        out.append((ele, br.u(4), pos))
    return out


def decode_pce(br: BitReader, m4ac: Mpeg4AudioConfig, align_ref: int,
               logs: list[tuple[int, str]]) -> list[tuple[int, int, int]]:
    """program_config_element (table 4.2) after its element_instance_tag: the element map."""
    br.skip(2)                                   # object_type
    if br.u(4) != m4ac.sampling_index:
        logs.append((24, "Sample rate index in program config element does not match the "
                         "sample rate index configured by the container.\n"))
    n_front, n_side, n_back = br.u(4), br.u(4), br.u(4)
    n_lfe, n_assoc, n_cc = br.u(2), br.u(3), br.u(4)
    if br.u(1):
        br.skip(4)                               # mono_mixdown
    if br.u(1):
        br.skip(4)                               # stereo_mixdown
    if br.u(1):
        br.skip(3)                               # matrix_mixdown_idx, pseudo_surround
    if br.bits_left < 5 * (n_front + n_side + n_back + n_cc) + 4 * (n_lfe + n_assoc + n_cc):
        raise InvalidData("decode_pce: Input buffer exhausted before END element found\n")
    layout = _decode_channel_map(br, POS_FRONT, n_front)
    layout += _decode_channel_map(br, POS_SIDE, n_side)
    layout += _decode_channel_map(br, POS_BACK, n_back)
    layout += _decode_channel_map(br, POS_LFE, n_lfe)
    br.skip(4 * n_assoc)
    layout += _decode_channel_map(br, POS_CC, n_cc)
    n = (align_ref - br.pos) & 7                 # byte_alignment() relative to the ASC
    if n:
        br.skip(n)
    comment = br.u(8) * 8
    if br.bits_left < comment:
        raise InvalidData("decode_pce: Input buffer exhausted before END element found\n")
    br.skip(comment)
    return layout


def default_channel_map(chan_config: int, logs: list[tuple[int, str]] | None = None,
                        strict: bool = False) -> list[tuple[int, int, int]]:
    """set_default_channel_config; raises InvalidData for reserved configurations."""
    m = _DEFAULT_MAPS.get(chan_config)
    if m is None:
        raise InvalidData("invalid default channel configuration (%d)\n" % chan_config)
    layout = list(m)
    if chan_config == 7 and not strict:
        # FFmpeg 5.1.9: configuration 7 is taken as 7.1 with side pairs, not 7.1(wide).
        layout[2] = (CPE, 1, POS_SIDE)
        if logs is not None:
            logs.append((32, MSG_71_WIDE))
    return layout


def count_channels(layout: list[tuple[int, int, int]]) -> int:
    return sum((2 if ele == CPE else 1) for ele, _id, pos in layout
               if pos not in (POS_OFF, POS_CC))


def _count_paired(layout, pos: int, i: int) -> tuple[int, int]:
    """Channels at position pos from index i, or -1 when SCE/CPE parity is unusable."""
    n = first_cpe = parity = 0
    while i < len(layout) and layout[i][2] == pos:
        if layout[i][0] == CPE:
            if parity:
                if pos == POS_FRONT and not first_cpe:
                    parity = 0
                else:
                    return -1, i
            n += 2
            first_cpe = 1
        else:
            n += 1
            parity ^= 1
        i += 1
    if parity and ((pos == POS_FRONT and first_cpe) or pos == POS_SIDE):
        return -1, i
    return n, i


_NONE = 1 << 64     # "no AV position" (UINT64_MAX in the reference): sorts last, adds nothing

# 22.2: the reference's reordering of its element list once the positions are assigned.
_SWAPS_22_2 = ((2, 0), (2, 1), (6, 2), (4, 3), (6, 4), (7, 6), (9, 8), (11, 10), (12, 11))


def sniff_order(layout: list[tuple[int, int, int]]) -> tuple[int, list[tuple[int, int, int]]]:
    """sniff_channel_order: the native channel mask FFmpeg 5.1.9 infers from an element map
    (0 = unspecified) and the element map reordered into output channel order (unchanged
    when the mask is 0)."""
    tags = len(layout)
    if tags > 4 * MAX_ELEM_ID:
        return 0, list(layout)
    i = 0
    n_front, i = _count_paired(layout, POS_FRONT, i)
    if n_front < 0:
        return 0, list(layout)
    n_side, i = _count_paired(layout, POS_SIDE, i)
    if n_side < 0:
        return 0, list(layout)
    n_back, i = _count_paired(layout, POS_BACK, i)
    if n_back < 0:
        return 0, list(layout)
    if n_side == 0 and n_back >= 4:
        n_side, n_back = 2, n_back - 2

    mask = 0
    i = 0
    e2c: dict[int, tuple[int, tuple[int, int, int]]] = {}   # index -> (av position, element)

    def single(av: int, ele: int | None = None, pos: int | None = None) -> None:
        nonlocal mask, i
        src = layout[i]
        e2c[i] = (av, (src[0] if ele is None else ele, src[1], src[2] if pos is None else pos))
        if av != _NONE:
            mask |= av
        i += 1

    def pair(left: int, right: int, pos: int) -> None:
        nonlocal mask, i
        if i < tags and layout[i][0] == CPE:
            av = _NONE if left == _NONE else left | right
            e2c[i] = (av, (CPE, layout[i][1], pos))
            if av != _NONE:
                mask |= av
            i += 1
            return
        e2c[i] = (left, (SCE, layout[i][1] if i < tags else 0, pos))
        e2c[i + 1] = (right, (SCE, layout[i + 1][1] if i + 1 < tags else 0, pos))
        for m in (left, right):
            if m != _NONE:
                mask |= m
        i += 2

    if n_front & 1:
        single(CL.FC, SCE, POS_FRONT)
        n_front -= 1
    if n_front >= 4:
        pair(CL.FLC, CL.FRC, POS_FRONT)
        n_front -= 2
    if n_front >= 2:
        pair(CL.FL, CL.FR, POS_FRONT)
        n_front -= 2
    while n_front >= 2:
        pair(_NONE, _NONE, POS_FRONT)
        n_front -= 2
    if n_side >= 2:
        pair(CL.SL, CL.SR, POS_SIDE)
        n_side -= 2
    while n_side >= 2:
        pair(_NONE, _NONE, POS_SIDE)
        n_side -= 2
    while n_back >= 4:
        pair(_NONE, _NONE, POS_BACK)
        n_back -= 2
    if n_back >= 2:
        pair(CL.BL, CL.BR, POS_BACK)
        n_back -= 2
    if n_back:
        single(CL.BC, SCE, POS_BACK)
    for av in (CL.LFE, CL.LFE2):
        if i < tags and layout[i][2] == POS_LFE:
            single(av, LFE_EL, POS_LFE)
    while i < tags and layout[i][2] == POS_LFE:
        single(_NONE, LFE_EL, POS_LFE)
    prefix_22_2 = CL.L7POINT1_WIDE_BACK | CL.BC | CL.SL | CL.SR | CL.LFE2
    if mask == prefix_22_2 and tags == 16 and i == 8:
        ref = _DEFAULT_MAPS[13]
        if all(layout[j][0] == ref[j][0] and layout[j][2] == ref[j][2] for j in range(16)):
            single(CL.TFC)
            pair(CL.TFL, CL.TFR, POS_FRONT)
            pair(CL.TSL, CL.TSR, POS_SIDE)
            single(CL.TC)
            pair(CL.TBL, CL.TBR, POS_BACK)
            single(CL.TBC)
            single(CL.BFC)
            pair(CL.BFL, CL.BFR, POS_FRONT)
    n = i
    vec = [e2c.get(k, (0, (0, 0, 0))) for k in range(n)]
    if mask == CL.L22POINT2:
        for a, b in _SWAPS_22_2:
            vec[a], vec[b] = vec[b], vec[a]
    else:
        vec.sort(key=lambda e: e[0])      # stable, like the reference's bubble sort
    ordered = [e for _av, e in vec] + list(layout[n:])
    return mask, ordered


def sniff_layout(layout: list[tuple[int, int, int]]) -> int:
    """The native channel mask FFmpeg 5.1.9 infers from an element map (0 = unspecified)."""
    return sniff_order(layout)[0]


def output_layout(layout_map: list[tuple[int, int, int]], ps: int) -> tuple[int, str | None]:
    """output_configure's channel count and described layout for an element map."""
    mask = sniff_layout(layout_map)
    channels = 0
    for ele, _id, pos in layout_map:
        if channels >= MAX_CHANNELS:
            raise InvalidData("Too many channels\n")
        if pos and ele != CCE:
            extra = ele == CPE or (ele == SCE and ps == 1)
            if channels >= MAX_CHANNELS - extra:
                raise InvalidData("Too many channels\n")
            channels += 1 + extra
    if ps == 1 and channels == 2:
        mask = CL.STEREO if mask == CL.FC else 0
    if mask:
        return channels, CL.describe(mask)
    return channels, None


def _ga_specific(br: BitReader, m4ac: Mpeg4AudioConfig, align_ref: int,
                 cfg: DecoderConfig) -> None:
    m4ac.frame_length_short = br.u(1)
    if m4ac.frame_length_short and m4ac.sbr == 1:
        cfg.logs.append((24, missing_feature("SBR with 960 frame length")[0]))
        m4ac.sbr = m4ac.ps = 0
    if br.u(1):                                   # dependsOnCoreCoder
        br.skip(14)
    extension_flag = br.u(1)
    if m4ac.object_type in (AOT_AAC_SCALABLE, AOT_ER_AAC_SCALABLE):
        br.skip(3)
    if m4ac.chan_config == 0:
        br.skip(4)                                # element_instance_tag
        layout = decode_pce(br, m4ac, align_ref, cfg.logs)
    else:
        layout = default_channel_map(m4ac.chan_config, cfg.logs)
    if count_channels(layout) > 1:
        m4ac.ps = 0
    elif m4ac.sbr == 1 and m4ac.ps == -1:
        m4ac.ps = 1
    cfg.layout_map = layout
    cfg.channels, cfg.layout = output_layout(layout, m4ac.ps)
    if extension_flag:
        if m4ac.object_type == AOT_ER_BSAC:
            br.skip(16)
        elif m4ac.object_type in (AOT_ER_AAC_LC, AOT_ER_AAC_LTP, AOT_ER_AAC_SCALABLE,
                                  AOT_ER_AAC_LD):
            flags = br.u(3)
            if flags:
                raise Unsupported("".join(missing_feature("AAC data resilience (flags %x)" % flags)))
        br.skip(1)
    if m4ac.object_type in (AOT_ER_AAC_LC, AOT_ER_AAC_LTP, AOT_ER_AAC_SCALABLE, AOT_ER_AAC_LD):
        ep = br.u(2)
        if ep:
            raise Unsupported("".join(missing_feature("epConfig %d" % ep)))


def _eld_specific(br: BitReader, m4ac: Mpeg4AudioConfig, cfg: DecoderConfig) -> None:
    m4ac.ps = m4ac.sbr = 0
    m4ac.frame_length_short = br.u(1)
    flags = br.u(3)
    if flags:
        raise Unsupported("".join(missing_feature("AAC data resilience (flags %x)" % flags)))
    if br.u(1):
        raise Unsupported("".join(missing_feature("Low Delay SBR")))
    while br.u(4) != 0:                          # ELDEXT_TERM
        n = br.u(4)
        if n == 15:
            n += br.u(8)
        if n == 15 + 255:
            n += br.u(16)
        if br.bits_left < n * 8 + 4:
            raise InvalidData("Input buffer exhausted before END element found\n")
        br.skip(8 * n)
    cfg.layout_map = default_channel_map(m4ac.chan_config, cfg.logs)
    cfg.channels, cfg.layout = output_layout(cfg.layout_map, m4ac.ps)
    ep = br.u(2)
    if ep:
        raise Unsupported("".join(missing_feature("epConfig %d" % ep)))


def decoder_config(data: bytes) -> DecoderConfig:
    """decode_audio_specific_config as the decoder's init runs it (sync extension on).

    Raises InvalidData for malformed configs and Unsupported for object types the
    reference decoder rejects (it then fails to open)."""
    if not data:
        raise InvalidData("empty AudioSpecificConfig")
    br = BitReader(bytes(data))
    m4ac = parse_config_gb(BitReader(bytes(data)), True)
    if m4ac.sampling_index > 12:
        raise InvalidData("invalid sampling rate index %d\n" % m4ac.sampling_index)
    if m4ac.object_type == AOT_ER_AAC_LD and not 3 <= m4ac.sampling_index <= 7:
        raise InvalidData("invalid low delay sampling rate index %d\n" % m4ac.sampling_index)
    br.skip(m4ac.config_bits)
    cfg = DecoderConfig(m4ac=m4ac)
    if m4ac.object_type in (AOT_AAC_MAIN, AOT_AAC_LC, AOT_AAC_SSR, AOT_AAC_LTP,
                            AOT_ER_AAC_LC, AOT_ER_AAC_LD):
        _ga_specific(br, m4ac, 0, cfg)
    elif m4ac.object_type == AOT_ER_AAC_ELD:
        _eld_specific(br, m4ac, cfg)
    else:
        raise Unsupported("".join(missing_feature("Audio object type %s%d" % (
            "SBR+" if m4ac.sbr == 1 else "", m4ac.object_type))))
    return cfg


def config_from_channels(sample_rate: int, channels: int) -> DecoderConfig:
    """The decoder's init without extradata: a default configuration from the channel count."""
    m4ac = Mpeg4AudioConfig(sample_rate=sample_rate, channels=channels, sbr=-1, ps=-1)
    idx = 11
    for i, low in enumerate(_RATE_IDX_LOW):
        if sample_rate >= low:
            idx = i
            break
    m4ac.sampling_index = idx
    m4ac.chan_config = CONFIG_CHANNELS.index(channels) if channels in CONFIG_CHANNELS else 0
    cfg = DecoderConfig(m4ac=m4ac, channels=channels)
    if m4ac.chan_config:
        try:
            cfg.layout_map = default_channel_map(m4ac.chan_config, cfg.logs)
            cfg.channels, cfg.layout = output_layout(cfg.layout_map, m4ac.ps)
        except InvalidData:
            pass
    return cfg
