"""Reading past whole AAC-LC channel elements in plain Python (no numpy: stream analysis and
ffprobe use it), to see what follows them in a raw_data_block: FFmpeg 5.1.9 detects
implicitly signalled SBR (HE-AAC) in the first decoded frame, when a fill element with an
SBR extension payload follows a channel element (ISO/IEC 14496-3 4.4.2: individual_channel_
stream, section_data, scale_factor_data, pulse_data, tns_data, spectral_data; 4.5.2.1.1).

Nothing is decoded: the Huffman codewords are only walked over. A channel element the
reference's decoder would refuse (prediction in AAC-LC, gain control, a reserved codebook,
an out-of-range scalefactor, an overlong escape...) or one that runs past the data makes
`skip_channel_element` return False, and the caller then knows nothing more of the frame.
"""
from __future__ import annotations

from ...bitstream.bitreader import BitReader
from ...errors import CineError
from . import asc as A
from .bands import SWB_OFFSET_LONG, SWB_OFFSET_SHORT
from .huffman_tables import SCALEFACTOR_BITS, SCALEFACTOR_CODES, SPECTRAL_BITS, \
    SPECTRAL_CODES, unpack_values

EIGHT_SHORT_SEQUENCE = 2
ZERO_BT, NOISE_BT, INTENSITY_BT2, INTENSITY_BT = 0, 13, 14, 15
_UNSIGNED = frozenset((3, 4, 7, 8, 9, 10, 11))
_ESCAPE = 16
_BOOKS: list = []       # [book] -> ((length, {code: symbol}), ...) by length; 0 scalefactors
_AFTER: list = []       # [book] -> per symbol: (sign bits after the codeword, escapes)


def _books() -> list:
    if not _BOOKS:
        for book, (bits, codes) in enumerate([(SCALEFACTOR_BITS, SCALEFACTOR_CODES)] + list(
                zip(SPECTRAL_BITS, SPECTRAL_CODES))):
            by_length: dict[int, dict[int, int]] = {}
            for symbol, (length, code) in enumerate(zip(bits, codes)):
                by_length.setdefault(length, {})[code] = symbol
            _BOOKS.append(tuple(sorted(by_length.items())))
            after = []
            for symbol in range(len(bits) if book else 0):
                values = unpack_values(book, symbol)[:4 if book <= 4 else 2]
                signs = sum(1 for v in values if v) if book in _UNSIGNED else 0
                after.append((signs, values.count(_ESCAPE) if book == 11 else 0))
            _AFTER.append(after)
    return _BOOKS


class _Skip(Exception):
    """The element cannot be walked over as the reference decodes it."""


def _codeword(br: BitReader, book) -> int:
    """The symbol of the next codeword of `book` (see _books), the reader moved past it."""
    pos = br.pos
    i = pos >> 3
    chunk = br.data[i:i + 4]
    window = (int.from_bytes(chunk.ljust(4, b"\0"), "big") << (pos & 7)) & 0xFFFFFFFF
    for length, codes in book:
        symbol = codes.get(window >> (32 - length))
        if symbol is not None:
            if pos + length > br.size:
                raise _Skip
            br.pos = pos + length
            return symbol
    raise _Skip


def _ics_info(br: BitReader, m4ac) -> tuple[bool, int, list[int]]:
    """(eight short windows, max_sfb, window group lengths) of an AAC-LC ics_info."""
    br.skip(1)                                  # reserved bit (the reference only logs it)
    short = br.u(2) == EIGHT_SHORT_SEQUENCE
    br.skip(1)                                  # window_shape
    if short:
        max_sfb = br.u(4)
        groups = [1]
        for _ in range(7):                      # scale_factor_grouping
            if br.u(1):
                groups[-1] += 1
            else:
                groups.append(1)
        offsets = SWB_OFFSET_SHORT[m4ac.sampling_index]
    else:
        max_sfb = br.u(6)
        groups = [1]
        if br.u(1):                             # predictor_data_present: refused in AAC-LC
            raise _Skip
        offsets = SWB_OFFSET_LONG[m4ac.sampling_index]
    if max_sfb > len(offsets) - 1:
        raise _Skip
    return short, max_sfb, groups


def _section_data(br: BitReader, short: bool, max_sfb: int, groups) -> list[int]:
    """The codebook of every band, group after group."""
    bits = 3 if short else 5
    escape = (1 << bits) - 1
    types = []
    for _ in groups:
        k = 0
        while k < max_sfb:
            book = br.u(4)
            if book == 12:                      # reserved
                raise _Skip
            end = k
            while True:
                step = br.u(bits)
                end += step
                if end > max_sfb:
                    raise _Skip
                if step != escape:
                    break
            types += [book] * (end - k)
            k = end
    return types


def _scalefactors(br: BitReader, types, global_gain: int) -> None:
    sf_book = _books()[0]
    offset = global_gain
    noise_first = True
    for book in types:
        if book == ZERO_BT:
            continue
        if book == NOISE_BT and noise_first:
            noise_first = False
            br.skip(9)                          # the first noise energy, coded plainly
            continue
        step = _codeword(br, sf_book) - 60
        if book not in (NOISE_BT, INTENSITY_BT, INTENSITY_BT2):
            offset += step
            if not 0 <= offset <= 255:          # "Scalefactor (%d) out of range."
                raise _Skip


def _tools(br: BitReader, short: bool, max_sfb: int, offsets) -> None:
    """pulse_data, tns_data and gain_control_data (AAC-LC: no gain control)."""
    if br.u(1):                                 # pulse_data_present
        if short:
            raise _Skip
        count = br.u(2) + 1
        if br.u(6) >= len(offsets) - 1:         # pulse_start_sfb
            raise _Skip
        br.skip(9 * count)
    if br.u(1):                                 # tns_data_present
        for _ in range(8 if short else 1):
            n_filt = br.u(1 if short else 2)
            if not n_filt:
                continue
            coef_res = br.u(1)
            for _ in range(n_filt):
                br.skip(4 if short else 6)      # length
                order = br.u(3 if short else 5)
                if order > (7 if short else 12):
                    raise _Skip
                if order:
                    br.skip(1)                  # direction
                    compress = br.u(1)
                    br.skip(order * (coef_res + 3 - compress))
    if br.u(1):                                 # gain_control_data_present (AAC SSR)
        raise _Skip


def _spectral_data(br: BitReader, types, max_sfb: int, groups, offsets) -> None:
    books = _books()
    i = 0
    for glen in groups:
        for sfb in range(max_sfb):
            book = types[i]
            i += 1
            if book == ZERO_BT or book >= NOISE_BT:
                continue
            table = books[book]
            after = _AFTER[book]
            for _ in range(glen * (offsets[sfb + 1] - offsets[sfb]) // (4 if book <= 4 else 2)):
                signs, escapes = after[_codeword(br, table)]
                br.pos += signs
                for _ in range(escapes):
                    ones = 0
                    while br.u(1):
                        ones += 1
                        if ones > 8:                # "error in spectral data, ESC overflow"
                            raise _Skip
                    br.skip(ones + 4)
            if br.pos > br.size:
                raise _Skip


def _ics(br: BitReader, m4ac, common) -> None:
    """individual_channel_stream (common: the CPE's shared ics_info, else None)."""
    global_gain = br.u(8)
    short, max_sfb, groups = common or _ics_info(br, m4ac)
    offsets = (SWB_OFFSET_SHORT if short else SWB_OFFSET_LONG)[m4ac.sampling_index]
    types = _section_data(br, short, max_sfb, groups)
    _scalefactors(br, types, global_gain)
    _tools(br, short, max_sfb, offsets)
    _spectral_data(br, types, max_sfb, groups, offsets)


def skip_channel_element(br: BitReader, elem: int, m4ac) -> bool:
    """Move br past an AAC-LC SCE, LFE or CPE whose element id and tag are read; False (br
    left anywhere) when it cannot be walked over as the reference decodes it."""
    if m4ac.object_type != A.AOT_AAC_LC or m4ac.frame_length_short:
        return False
    try:
        if elem in (A.SCE, A.LFE_EL):
            _ics(br, m4ac, None)
            return br.bits_left >= 0
        if elem != A.CPE:
            return False
        common = None
        if br.u(1):                             # common_window
            common = _ics_info(br, m4ac)
            ms = br.u(2)
            if ms == 3:
                return False
            if ms == 1:
                br.skip(len(common[2]) * common[1])
        _ics(br, m4ac, common)
        _ics(br, m4ac, common)
        return br.bits_left >= 0
    except (_Skip, CineError):
        return False
