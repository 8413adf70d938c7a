"""Transport packet layer (ISO/IEC 13818-1 2.4.3.2-2.4.3.5): packet-size detection for
188/192/204-byte packets, sync recovery, adaptation field and PCR."""
from __future__ import annotations

from .probe import TS_DVHS_PACKET_SIZE, TS_FEC_PACKET_SIZE, TS_PACKET_SIZE, analyze

PROBE_PACKET_MAX_BUF = 8192
PROBE_PACKET_MARGIN = 5
MAX_RESYNC_SIZE = 65536


def detect_packet_size(source) -> int:
    """get_packet_size: the packet size whose sync statistics win, or -1."""
    buf = b""
    for _ in range(16):
        if len(buf) >= PROBE_PACKET_MAX_BUF:
            break
        more = source.read(PROBE_PACKET_MAX_BUF - len(buf))
        buf += more
        n = len(buf)
        score = analyze(buf, 0, n, TS_PACKET_SIZE, False)
        dvhs = analyze(buf, 0, n, TS_DVHS_PACKET_SIZE, False)
        fec = analyze(buf, 0, n, TS_FEC_PACKET_SIZE, False)
        margin = sorted((score, fec, dvhs))[1]
        if n < PROBE_PACKET_MAX_BUF:
            margin += PROBE_PACKET_MARGIN
        if score > margin:
            return TS_PACKET_SIZE
        if dvhs > margin:
            return TS_DVHS_PACKET_SIZE
        if fec > margin:
            return TS_FEC_PACKET_SIZE
        if not more:
            break
    return -1


def parse_pcr(packet: bytes) -> int | None:
    """The 27 MHz PCR of a packet's adaptation field (2.4.3.5), or None."""
    afc = (packet[3] >> 4) & 3
    if afc <= 1:
        return None
    ln = packet[4]
    if ln == 0:
        return None
    flags = packet[5]
    ln -= 1
    if not flags & 0x10 or ln < 6:
        return None
    v = int.from_bytes(packet[6:10], "big")
    high = (v << 1) | (packet[10] >> 7)
    low = ((packet[10] & 1) << 8) | packet[11]
    return high * 300 + low
