"""The start of an AAC raw_data_block (ISO/IEC 14496-3 4.4.2.1) as far as it can be read
without the spectral Huffman codebooks: leading program_config/data_stream/fill elements, the
first channel element's mapping onto the output configuration (FFmpeg 5.1.9's get_che rules)
and its ics_info (4.4.2.7) validity checks. Channel elements that code nothing (no
scalefactor band, no tool) are read whole and the walk goes on: the reference's duplicate
element check and get_che for mono/stereo configurations then apply to the next ones.

The outcome tells the analyzer whether the reference's first decode fails (then the output
configuration tried for this frame is rolled back and rate/frame size are not updated).
"""
from __future__ import annotations

from ...record import Record

from ...bitstream.bitreader import BitReader
from ...errors import CineError
from . import asc as A

EIGHT_SHORT_SEQUENCE = 2
EXT_SBR_DATA, EXT_SBR_DATA_CRC = 13, 14
OVERREAD = "Input buffer exhausted before END element found\n"
# Scalefactor bands per sampling frequency index (tables 4.129-4.131 and 960/120 variants).
NUM_SWB_1024 = (41, 41, 47, 49, 49, 51, 47, 47, 43, 43, 43, 40, 40)
NUM_SWB_960 = (40, 40, 46, 49, 49, 49, 46, 46, 42, 42, 42, 40, 40)
NUM_SWB_128 = (12, 12, 12, 14, 14, 14, 15, 15, 15, 15, 15, 15, 15)


class FrameStart(Record):
    ok: bool                                   # False: the reference's decode fails
    channels: int
    layout: str | None
    logs: list[tuple[int, str]]
    complete: bool = False                     # the END element was reached
    # implicit SBR met after a channel element: "sbr" (HE-AAC) or "ps" (HE-AACv2, a mono
    # stream whose parametric stereo is still unknown), see implicit_sbr
    sbr: str | None = None

    def __init__(self, ok, channels, layout, logs, complete=False, sbr=None):
        self.ok = ok
        self.channels = channels
        self.layout = layout
        self.logs = logs
        self.complete = complete
        self.sbr = sbr


def _ics_info(br: BitReader, m4ac, logs) -> int:
    """ics_info of a channel: its max_sfb, or -1 when the reference rejects it."""
    aot = m4ac.object_type
    if br.u(1):
        logs.append((16, "Reserved bit set.\n"))
    window_sequence = br.u(2)
    br.skip(1)                                 # window_shape
    if window_sequence == EIGHT_SHORT_SEQUENCE:
        max_sfb = br.u(4)
        br.skip(7)                             # scale_factor_grouping
        num_swb = NUM_SWB_128[m4ac.sampling_index]
    else:
        max_sfb = br.u(6)
        table = NUM_SWB_960 if m4ac.frame_length_short else NUM_SWB_1024
        num_swb = table[m4ac.sampling_index]
        if br.u(1):                            # predictor_data_present
            if aot == A.AOT_AAC_MAIN:
                if br.u(1):                    # predictor_reset
                    group = br.u(5)
                    if group == 0 or group > 30:
                        logs.append((16, "Invalid Predictor Reset Group.\n"))
                        return -1
            elif aot == A.AOT_AAC_LC:
                logs.append((16, "Prediction is not allowed in AAC-LC.\n"))
                return -1
    if max_sfb > num_swb:
        logs.append((16, "Number of scalefactor bands in group (%d) exceeds limit (%d).\n"
                     % (max_sfb, num_swb)))
        return -1
    return max_sfb


def _empty_tools(br: BitReader) -> bool:
    """After the ics_info of a channel with no scalefactor bands (no section, scalefactor or
    spectral data): whether pulse, TNS and gain control data are all absent too."""
    return br.u(3) == 0


def _channel_element(br: BitReader, elem: int, m4ac, logs) -> tuple[bool, bool]:
    """A channel element's header checks: (ok, empty). empty: an AAC-LC element whose
    channels code no scalefactor band and no tool (read whole, so the next element can
    be walked to)."""
    lc = m4ac.object_type == A.AOT_AAC_LC
    if elem in (A.SCE, A.LFE_EL):
        br.skip(8)                             # global_gain
        sfb = _ics_info(br, m4ac, logs)
        return sfb >= 0, sfb == 0 and lc and _empty_tools(br)
    if elem == A.CPE:
        if br.u(1):                            # common_window
            start = br.pos
            sfb = _ics_info(br, m4ac, logs)
            if sfb < 0:
                return False, False
            # ms_mask_present follows directly unless prediction/LTP data intervene
            if lc or _no_predictor(br, start):
                if br.u(2) == 3:
                    logs.append((16, "ms_present = 3 is reserved.\n"))
                    return False, False
            if sfb or not lc:
                return True, False
            for _ in range(2):
                br.skip(8)                     # global_gain
                if not _empty_tools(br):
                    return True, False
            return True, True
        br.skip(8)
        sfb = _ics_info(br, m4ac, logs)
        if sfb or not lc or not _empty_tools(br):
            return sfb >= 0, False
        br.skip(8)
        sfb = _ics_info(br, m4ac, logs)
        return sfb >= 0, sfb == 0 and _empty_tools(br)
    return True, False


def _no_predictor(br: BitReader, start: int) -> bool:
    """Whether the long-window ics_info read from start had predictor_data_present = 0."""
    probe = BitReader(br.data, start)
    probe.skip(1)
    if probe.u(2) == EIGHT_SHORT_SEQUENCE:
        return True
    probe.skip(1 + 6)
    return probe.u(1) == 0


def _get_che(elem: int, tags_mapped: int, m4ac, channels: int, layout, logs):
    """get_che for a mono or stereo configuration (and the first element of any other):
    (mapped, channels, layout); a mono configuration meeting a CPE, or a stereo one meeting
    an SCE first, switches the output configuration for this frame."""
    cc = m4ac.chan_config
    if not tags_mapped and elem == A.CPE and cc == 1:
        logs.append((48, "mono with CPE\n"))
        channels, layout = A.output_layout(A.default_channel_map(2), 0)
        m4ac.chan_config = cc = 2
        m4ac.ps = 0
    if not tags_mapped and elem == A.SCE and cc == 2:
        logs.append((48, "stereo with SCE\n"))
        channels, layout = A.output_layout(
            [(A.SCE, 0, A.POS_FRONT), (A.SCE, 1, A.POS_FRONT)], m4ac.ps)
        if m4ac.sbr:
            m4ac.ps = -1
    if cc >= 2 and elem == A.CPE and tags_mapped == (cc != 2):
        return True, channels, layout
    if cc == 2 and elem == A.SCE and tags_mapped == 1:
        return True, channels, layout
    return elem == A.SCE and not tags_mapped, channels, layout


def dse_length(br: BitReader) -> int:
    """A data_stream_element's header after its tag (byte alignment done): the bytes of
    data that follow."""
    align = br.u(1)
    count = br.u(8)
    if count == 255:
        count += br.u(8)
    if align:
        br.byte_align()
    return count


def _show4(br: BitReader) -> int:
    return BitReader(br.data, br.pos).u(4)


def implicit_sbr(m4ac, channels: int) -> str | None:
    """What SBR data after a channel element of the first frame makes of a stream
    (FFmpeg 5.1.9 decode_extension_payload): nothing where the configuration says SBR is
    absent or present already, or for 960-sample frames; else "ps" for a mono stream whose
    parametric stereo is unknown (HE-AACv2, output in stereo), "sbr" otherwise (HE-AAC)."""
    if m4ac.sbr != -1 or m4ac.frame_length_short:
        return None
    return "ps" if m4ac.ps == -1 and channels == 1 else "sbr"


def _sbr_follows(br: BitReader, elem: int, m4ac) -> bool:
    """Whether, past the channel element br is in (its id and tag read), the frame goes on
    through further channel, data stream and fill elements to a fill element carrying SBR
    data (frame_skip walks over the channel elements; anything else ends the search)."""
    # (imported here: most first frames code nothing, the encoder's priming, and never get
    # this far; the Huffman tables then stay off the probe path)
    from .frame_skip import skip_channel_element
    for _ in range(64):
        if not skip_channel_element(br, elem, m4ac):
            return False
        while True:
            if br.bits_left < 7:
                return False
            elem = br.u(3)
            count = br.u(4)
            if elem == A.FIL:
                if count == 15:
                    count += br.u(8) - 1
                if count and _show4(br) in (EXT_SBR_DATA, EXT_SBR_DATA_CRC):
                    return True
            elif elem == A.DSE:
                count = dse_length(br)
            else:
                break
            br.skip(8 * count)
        if elem not in (A.SCE, A.CPE, A.LFE_EL):
            return False
    return False


_FOLLOWS: dict = {}     # _sbr_follows_memo's answers


def _sbr_follows_memo(data: bytes, element: int, elem: int, m4ac) -> bool:
    """_sbr_follows from bit `element`, remembered for a few frames (stream analysis runs the
    analyzer again on the same first packets while the parameters are incomplete)."""
    key = (data, element, elem, m4ac.object_type, m4ac.sampling_index, m4ac.frame_length_short)
    found = _FOLLOWS.get(key)
    if found is None:
        if len(_FOLLOWS) >= 8:
            _FOLLOWS.clear()
        found = _FOLLOWS[key] = _sbr_follows(BitReader(data, element), elem, m4ac)
    return found


def first_frame(data: bytes, start_bit: int, m4ac, layout_map, channels: int,
                layout: str | None) -> FrameStart:
    """Walk the frame to its first channel element. m4ac is updated in place the way the
    decoder updates it (chan_config after a PCE or the mono/stereo switch, ps)."""
    logs: list[tuple[int, str]] = []
    br = BitReader(data, start_bit)
    pce_found = False
    empty_block = False
    presence: dict[tuple[int, int], int] = {}
    tags_mapped = 0
    try:
        for step in range(64):
            if br.bits_left < 3:
                if step or start_bit > 8 * len(data):
                    return FrameStart(False, channels, layout, logs)
                # FFmpeg 5.1.9: the first element type is read unchecked; past the end of an
                # empty raw_data_block the reader gives zeros (an SCE with tag 0, an ICS of
                # zeros), and the check after that element finds the buffer exhausted
                br = BitReader(bytes(64), 0)
                empty_block = True
            elem = br.u(3)
            if elem == A.END:
                return FrameStart(True, channels, layout, logs, complete=True)
            tag = br.u(4)
            if not channels and elem != A.PCE:
                return FrameStart(False, channels, layout, logs)
            if elem == A.PCE:
                pce_layout = A.decode_pce(br, m4ac, start_bit, logs)
                if pce_found:
                    logs.append((16, "Not evaluating a further program_config_element as "
                                     "this construct is dubious at best.\n"))
                    continue
                pce_found = True
                layout_map = pce_layout
                channels, layout = A.output_layout(pce_layout, m4ac.ps)
                m4ac.chan_config = 0
                if br.bits_left < 3:
                    logs.append((16, OVERREAD))
                    return FrameStart(False, channels, layout, logs)
                continue
            if elem == A.DSE:
                count = dse_length(br)
                if br.bits_left < 8 * count:
                    logs.append((16, "skip_data_stream_element: " + OVERREAD))
                    return FrameStart(False, channels, layout, logs)
                br.skip(8 * count)
                if br.bits_left < 3:
                    logs.append((16, OVERREAD))
                    return FrameStart(False, channels, layout, logs)
                continue
            if elem == A.FIL:
                count = tag
                if count == 15:
                    count += br.u(8) - 1
                if br.bits_left < 8 * count:
                    logs.append((16, "TYPE_FIL: " + OVERREAD))
                    return FrameStart(False, channels, layout, logs)
                if count and _show4(br) in (EXT_SBR_DATA, EXT_SBR_DATA_CRC):
                    if presence:
                        # SBR data of the element before: its parse is not modelled, the
                        # walk stops here
                        return FrameStart(True, channels, layout, logs,
                                          sbr=implicit_sbr(m4ac, channels))
                    # FFmpeg 5.1.9: SBR before any channel element is reported and only its
                    # type nibble is consumed
                    logs.append((16, "SBR was found before the first channel element.\n"))
                    br.skip(4)
                else:
                    br.skip(8 * count)
                if br.bits_left < 3:
                    logs.append((16, OVERREAD))
                    return FrameStart(False, channels, layout, logs)
                continue
            if not channels:
                return FrameStart(False, channels, layout, logs)
            # FFmpeg 5.1.9: a channel element's third appearance in a frame is an error (the
            # second only a debug line), checked before get_che maps it
            seen = presence.get((elem, tag), 0)
            if seen:
                logs.append((16 if seen > 1 else 48,
                             "channel element %d.%d duplicate\n" % (elem, tag)))
                if seen > 1:
                    return FrameStart(False, channels, layout, logs)
            presence[(elem, tag)] = seen + 1
            cc = m4ac.chan_config
            if cc == 0:
                mapped = any(t == elem and i == tag for t, i, _p in layout_map)
            elif tags_mapped and cc > 2:
                # positional mapping past the first element of a larger configuration is not
                # modelled: the walk stops here
                return FrameStart(True, channels, layout, logs)
            else:
                mapped, channels, layout = _get_che(elem, tags_mapped, m4ac, channels, layout,
                                                    logs)
                tags_mapped += mapped
            if not mapped:
                logs.append((16, "channel element %d.%d is not allocated\n" % (elem, tag)))
                return FrameStart(False, channels, layout, logs)
            element = br.pos
            ok, empty = _channel_element(br, elem, m4ac, logs)
            if ok and empty_block:
                logs.append((16, OVERREAD))
                ok = False
            if not ok:
                return FrameStart(ok, channels, layout, logs)
            if not empty:
                # the walk stops at an element that codes something; a look further, for
                # implicitly signalled SBR, where the stream may have it
                sbr = implicit_sbr(m4ac, channels)
                if sbr and not _sbr_follows_memo(data, element, elem, m4ac):
                    sbr = None
                return FrameStart(ok, channels, layout, logs, sbr=sbr)
            if br.bits_left < 3:
                logs.append((16, OVERREAD))
                return FrameStart(False, channels, layout, logs)
        return FrameStart(True, channels, layout, logs)
    except CineError as exc:
        logs.append((16, exc.detail if exc.detail.endswith("\n") else OVERREAD))
        return FrameStart(False, channels, layout, logs)
