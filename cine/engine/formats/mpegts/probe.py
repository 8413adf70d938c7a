"""mpegts probe: FFmpeg 5.1.9's sync-byte statistics over 188/192/204-byte packets
(ISO/IEC 13818-1 2.4.3.2 sync_byte 0x47). Stdlib only: imported while detecting."""
from __future__ import annotations

TS_PACKET_SIZE = 188
TS_DVHS_PACKET_SIZE = 192
TS_FEC_PACKET_SIZE = 204
CHECK_COUNT = 10
CHECK_BLOCK = 100


def analyze(buf: bytes, start: int, size: int, packet_size: int, probe: bool) -> int:
    """Best count of sync bytes sharing one offset modulo packet_size, penalised by the
    sync bytes elsewhere."""
    stat = [0] * packet_size
    stat_all = 0
    best = 0
    end = min(start + size, len(buf)) - 3
    # FFmpeg 5.1.9: the PID and adaptation bits are read from the start of the block, not
    # from the candidate sync byte, so in probe mode the same test applies to every byte
    if start + 3 < len(buf):
        pid = ((buf[start + 1] << 8) | buf[start + 2]) & 0x1FFF
    else:
        pid = 0
    i = start
    find = buf.find
    while True:
        i = find(b"\x47", i, end) if i < end else -1
        if i < 0:
            break
        if not probe or pid == 0x1FFF or (buf[i + 3] & 0x30):
            x = (i - start) % packet_size
            stat[x] += 1
            stat_all += 1
            if stat[x] > best:
                best = stat[x]
        i += 1
    return best - max(stat_all - 10 * best, 0) // 10


def probe(buf: bytes, filename: str = "") -> int:
    size = len(buf)
    check_count = size // TS_FEC_PACKET_SIZE
    if not check_count:
        return 0
    maxscore = sumscore = 0
    for i in range(0, check_count, CHECK_BLOCK):
        left = min(check_count - i, CHECK_BLOCK)
        score = max(analyze(buf, TS_PACKET_SIZE * i, TS_PACKET_SIZE * left, TS_PACKET_SIZE, True),
                    analyze(buf, TS_DVHS_PACKET_SIZE * i, TS_DVHS_PACKET_SIZE * left, TS_DVHS_PACKET_SIZE, True),
                    analyze(buf, TS_FEC_PACKET_SIZE * i, TS_FEC_PACKET_SIZE * left, TS_FEC_PACKET_SIZE, True))
        sumscore += score
        maxscore = max(maxscore, score)
    sumscore = _cdiv(sumscore * CHECK_COUNT, check_count)
    maxscore = _cdiv(maxscore * CHECK_COUNT, CHECK_BLOCK)
    if check_count > CHECK_COUNT and sumscore > 6:
        return 100 + sumscore - CHECK_COUNT
    if check_count >= CHECK_COUNT and sumscore > 6:
        return 50 + sumscore - CHECK_COUNT
    if check_count >= CHECK_COUNT and maxscore > 6:
        return 50 + sumscore - CHECK_COUNT
    if sumscore > 6:
        return 2
    return 0


def _cdiv(a: int, b: int) -> int:
    q = abs(a) // b
    return q if a >= 0 else -q
