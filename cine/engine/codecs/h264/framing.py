"""How libavcodec's H.264 parser and decoder cut a packet into NAL units (ISO/IEC 14496-15
5.3.2 length-prefixed samples, H.264 Annex B byte streams), including their behaviour on
broken framing and the messages they log, so that probing damaged files reports the same.

FFmpeg 5.1.9: both stop a NAL unit early at an embedded 00 00 01 / 00 00 02 and resynchronise
on the next start code; length fields are read as signed 32-bit values.
"""
from __future__ import annotations

from ...log import ERROR, WARNING

Event = tuple[int, str]
_START_CODE = None          # consumed_length's pattern, compiled on first use


def _signed(value: int, size: int) -> int:
    return value - (1 << 32) if size == 4 and value >= 1 << 31 else value


def decoder_split(data: bytes, is_avc: bool, nal_length_size: int,
                  hevc: bool = False) -> tuple[list[bytes], list[Event], bool]:
    """ff_h2645_packet_split: (NAL units, log events, ok). hevc: H.265 NAL headers (two
    bytes; a unit shorter, or with the forbidden bit or a zero nuh_temporal_id_plus1, does
    not count, which matters to the "No start code is found." verdict)."""
    n = len(data)
    pos = 0
    next_avc = 0 if is_avc else n
    nals: list[bytes] = []
    events: list[Event] = []
    while n - pos >= 4:
        if pos == next_avc:
            left = n - pos
            if left - nal_length_size <= 0:
                return nals, events, False
            size = _signed(int.from_bytes(data[pos:pos + nal_length_size], "big"), nal_length_size)
            if size <= 0 or size > left - nal_length_size:
                events.append((ERROR, "Invalid NAL unit size (%d > %d).\n" % (size, left - nal_length_size)))
                return nals, events, False
            pos += nal_length_size
            next_avc = pos + size
            extract = size
        else:
            if pos > next_avc:
                events.append((WARNING, "Exceeded next NALFF position, re-syncing.\n"))
            if pos + 3 >= next_avc:
                skip = next_avc - pos
            else:
                j = data.find(b"\x00\x00\x01", pos, next_avc - 1)
                skip = (j - pos if j >= 0 else next_avc - pos - 3) + 3
            pos = min(pos + max(skip, 0), n) if skip >= 0 else n
            if pos >= n:
                if nals:
                    return nals, events, True
                events.append((ERROR, "No start code is found.\n"))
                return nals, events, False
            extract = min(n - pos, next_avc - pos)
            if pos >= next_avc:
                pos = next_avc if pos == next_avc else n
                continue
        used = consumed_length(data, pos, extract)
        nal = data[pos:pos + used]
        pos += used
        body = nal.rstrip(b"\x00")
        if not body:
            continue
        if hevc:
            if len(nal) < 2:
                continue
            if nal[0] & 0x80 or not nal[1] & 7:
                events.append((WARNING, "Invalid NAL unit %d, skipping.\n"
                               % (0 if nal[0] & 0x80 else (nal[0] >> 1) & 0x3F)))
                continue
        elif nal[0] & 0x80:
            events.append((WARNING, "Invalid NAL unit 0, skipping.\n"))
            continue
        nals.append(bytes(nal))
    return nals, events, True


def consumed_length(data: bytes, pos: int, length: int) -> int:
    """ff_h2645_extract_rbsp's raw length of the NAL unit at pos (at most length bytes): up to
    the first 00 00 01 or 00 00 02 that lies wholly inside it. One regex scan of the unit
    only (scanning to the end of the packet from every unit made a packet of many empty
    units quadratic); re finds the pattern's leading zero byte with memchr, ~3x faster on
    slice data than two bytes.find scans."""
    end = pos + length
    if length <= 4096:      # the parser's short scans: two finds, and no `re` import
        a = data.find(b"\x00\x00\x01", pos, end)
        b = data.find(b"\x00\x00\x02", pos, a if a >= 0 else end)
        first = b if b >= 0 else a
        return length if first < 0 else first - pos
    global _START_CODE
    if _START_CODE is None:
        import re
        _START_CODE = re.compile(b"\x00\x00[\x01\x02]")
    m = _START_CODE.search(data, pos, end)
    return length if m is None else m.start() - pos


def _parser_find_start_code(data: bytes, n: int, pos: int, next_avc: int) -> int:
    j = data.find(b"\x00\x00\x01", pos, next_avc + 1)
    if j >= 0 and j + 3 <= next_avc:
        return min(j + 3, n)
    return min(next_avc, n)


def parser_nals(data: bytes, is_avc: bool, nal_length_size: int) -> tuple[list[bytes], list[Event], bool]:
    """h264_parser.c parse_nal_units framing: NAL units up to and including the first slice;
    ok is False when no slice was found (the parser then logs a missing picture)."""
    n = len(data)
    pos = 0
    next_avc = 0 if is_avc else n
    nals: list[bytes] = []
    events: list[Event] = []
    for _ in range(n + 1):
        if pos >= next_avc:
            if pos >= n - nal_length_size:
                break
            size = _signed(int.from_bytes(data[pos:pos + nal_length_size], "big"), nal_length_size)
            pos += nal_length_size
            if size <= 0 or size > n - pos:
                events.append((ERROR, "Invalid NAL unit size (%d > %d).\n" % (size, n - pos)))
                break
            next_avc = pos + size
        else:
            pos = _parser_find_start_code(data, n, pos, next_avc)
            if pos >= n:
                break
            if pos >= next_avc:
                continue
        src_length = next_avc - pos
        header = data[pos]
        kind = header & 0x1F
        if kind in (1, 5):
            src_length = min(src_length, 60 if kind == 5 or not (header >> 5) & 3 else 1000)
        used = consumed_length(data, pos, src_length)
        nal = bytes(data[pos:pos + used])
        pos += used
        if not nal:
            continue
        nals.append(nal)
        if kind in (1, 5):
            return nals, events, True
    events.append((ERROR, "missing picture in access unit with size %d\n" % n))
    return nals, events, False


def extract_extradata_check(codec: str, data: bytes, sink) -> None:
    """FFmpeg 5.1.9 find_stream_info: the extract_extradata filter splits every H.264/HEVC
    packet read while the stream has no extradata; a packet in which the split finds no
    start code (of a valid NAL unit) fails it, and with it the whole open. This runs after
    the parser saw the packet and before any decoder does. Raises InvalidData."""
    if decoder_split(data, False, 0, codec == "hevc")[2]:
        return
    from ...errors import InvalidData
    from ...log import Logger
    if codec == "h264":
        for level, message in parser_nals(data, False, 4)[1]:
            Logger("h264", sink).log(level, message)
    Logger("extract_extradata", sink).error("No start code is found.\n")
    raise InvalidData("No start code is found.")
