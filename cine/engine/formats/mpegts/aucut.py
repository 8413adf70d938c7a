"""Where the H.264 / HEVC parsers end an access unit in an Annex B byte stream (ITU-T H.264
7.4.1.2.3, H.265 7.4.2.4.4), so that a PES payload that starts with the tail of the previous
picture gives those bytes back to it.

FFmpeg 5.1.9 h264_parser.c h264_find_frame_end: after a slice, a SEI/SPS/PPS/AUD NAL unit or a
slice whose first_mb_in_slice does not grow starts the next frame, which takes the zero of a
4-byte start code with it. hevc_parser.c hevc_find_frame_end: after a slice, a parameter set,
AUD, EOS/EOB, prefix SEI, reserved 41-44/48-55 NAL unit or a slice with
first_slice_segment_in_pic_flag starts the next frame, cut at its 00 00 01 (a leading zero
stays behind).
"""
from __future__ import annotations


def _ue(data: bytes, pos: int) -> int | None:
    """An Exp-Golomb value from the bits at data[pos:] (no emulation prevention handling)."""
    bits = 0
    value = int.from_bytes(data[pos:pos + 8], "big")
    total = 8 * len(data[pos:pos + 8])
    if not total:
        return None
    lead = 0
    while lead < total and not (value >> (total - 1 - lead)) & 1:
        lead += 1
    if 2 * lead + 1 > total:
        return None
    bits = (value >> (total - 2 * lead - 1)) & ((1 << (lead + 1)) - 1)
    return bits - 1


def frame_cut(codec: str, data: bytes, start: int, state=None):
    """(The offset in data at which the first access unit starting at or after `start`
    (less the 4 bytes a start code may straddle) begins, scanning from 0 with the parser's
    state, or None when no frame ends there; the scan state to resume from once more bytes
    are appended to data). Resuming keeps the work linear in the bytes of an access unit
    that never ends (the parser itself reads each byte once)."""
    hevc = codec == "hevc"
    if state is None:
        origin, found, last_mb = 0, False, -1
    else:
        origin, found, last_mb = state
    n = len(data)
    j = data.find(b"\x00\x00\x01", origin)
    while 0 <= j:
        if j + 3 >= n:
            origin = j              # its NAL header is not here yet
            break
        head = data[j + 3]
        cut = None
        if hevc:
            nut = (head >> 1) & 0x3F
            if 32 <= nut <= 37 or nut == 39 or 41 <= nut <= 44 or 48 <= nut <= 55:
                if found:
                    cut = j
            elif nut <= 9 or 16 <= nut <= 21:
                if j + 5 >= n:
                    origin = j      # its first_slice_segment_in_pic_flag is not here yet
                    break
                if data[j + 5] >> 7:
                    if found:
                        cut = j
                    else:
                        found = True
        else:
            t = head & 0x1F
            if t in (6, 7, 8, 9):
                if found:
                    cut = j - 1 if j and data[j - 1] == 0 else j
            elif t in (1, 2, 5):
                mb = _ue(data, j + 4)
                if mb is None and j + 12 > n:
                    origin = j      # first_mb_in_slice may end in bytes still to come
                    break
                if mb is not None:
                    if found and mb <= last_mb:
                        cut = j - 1 if j and data[j - 1] == 0 else j
                    else:
                        found = True
                    last_mb = mb
        if cut is not None:
            if cut >= start:
                return cut, None
            found = False           # a frame inside the held packet: keep looking
            last_mb = -1
            if not hevc and head & 0x1F in (1, 2, 5):
                found = True
                last_mb = _ue(data, j + 4)
            elif hevc and not (32 <= (head >> 1) & 0x3F <= 55):
                found = True
        origin = j + 3
        j = data.find(b"\x00\x00\x01", origin)
    else:
        origin = max(origin, n - 2)  # a start code may straddle the end
    return None, (origin, found, last_mb)
