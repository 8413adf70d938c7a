"""PES packet reassembly (ISO/IEC 13818-1 2.4.3.6): header, PTS/DTS, extension stream id,
packet-length bounded emission, as FFmpeg 5.1.9's mpegts_push_data cuts packets."""
from __future__ import annotations

from ...model import PKT_FLAG_CORRUPT

PES_START_SIZE = 6
PES_HEADER_SIZE = 9
MAX_PES_PAYLOAD = 200 * 1024
MAX_PACKET_SIZE = 204800          # mpegts "max_packet_size" option default
HEADER, PESHEADER, PESHEADER_FILL, PAYLOAD, SKIP = range(5)
# stream_ids without the optional PES header (2.4.3.7)
NO_HEADER_IDS = {0xBC, 0xBF, 0xF0, 0xF1, 0xFF, 0xF2, 0xF8}
PADDING_STREAM = 0xBE


def parse_pes_pts(b: bytes, i: int) -> int:
    return (((b[i] >> 1) & 7) << 30) | ((((b[i + 1] << 8) | b[i + 2]) >> 1) << 15) \
        | (((b[i + 3] << 8) | b[i + 4]) >> 1)


class PesContext:
    """One elementary-stream PID: the filter state plus the PES being assembled."""

    def __init__(self, pid: int, pcr_pid: int):
        self.pid = pid
        self.pcr_pid = pcr_pid
        self.st = None
        self.stream_type = 0
        self.state = SKIP
        self.header = bytearray()
        self.data = bytearray()
        self.data_index = 0
        self.pts = None
        self.dts = None
        self.flags = 0
        self.pes_packet_length = 0
        self.pes_header_size = 0
        self.ts_packet_pos = -1
        self.stream_id = 0
        self.extended_stream_id = -1
        self.last_cc = -1
        self.last_pcr = -1
        self.discard = False

    def reset(self) -> None:
        self.pts = self.dts = None
        self.data_index = 0
        self.data = bytearray()
        self.header = bytearray()
        self.flags = 0

    def take(self, log) -> tuple:
        """new_pes_packet: (data, pts, dts, pos, flags) and the state reset."""
        if self.pes_packet_length and self.pes_header_size + len(self.data) != self.pes_packet_length + PES_START_SIZE:
            log.warning("PES packet size mismatch\n")
            self.flags |= PKT_FLAG_CORRUPT
        out = (bytes(self.data), self.pts, self.dts, self.ts_packet_pos, self.flags, self.stream_id)
        self.reset()
        return out

    def push(self, demux, buf: bytes, is_start: bool, pos: int) -> None:
        """Feed one TS payload; completed packets go to demux.emit(pes, packet_tuple)."""
        if is_start:
            if self.state == PAYLOAD and self.data:
                demux.emit(self, self.take(demux.log))
            else:
                self.reset()
            self.state = HEADER
            self.ts_packet_pos = pos
        p = 0
        n = len(buf)
        while p < n:
            if self.state == HEADER:
                need = PES_START_SIZE - len(self.header)
                self.header += buf[p:p + need]
                p += min(need, n - p)
                if len(self.header) == PES_START_SIZE:
                    h = self.header
                    if h[0] == 0 and h[1] == 0 and h[2] == 1:
                        self.stream_id = h[3]
                        if self.stream_id == PADDING_STREAM or (
                                self.st is not None and self.st.discard_all):
                            # (a stream no output uses: its PES are skipped from their start)
                            self.state = SKIP
                            continue
                        if self.st is None and not demux.new_unlisted_stream(self):
                            self.state = SKIP
                            continue
                        self.pes_packet_length = (h[4] << 8) | h[5]
                        if self.stream_id not in NO_HEADER_IDS:
                            self.state = PESHEADER
                            pv = self.st.priv
                            if self.st.codecpar.codec_name is None and not pv.request_probe:
                                pv.request_probe = 1
                        else:
                            self.pes_header_size = 6
                            self.state = PAYLOAD
                            self.data = bytearray()
                    else:
                        self.state = SKIP
                        continue
            elif self.state == PESHEADER:
                need = PES_HEADER_SIZE - len(self.header)
                self.header += buf[p:p + need]
                p += min(need, n - p)
                if len(self.header) == PES_HEADER_SIZE:
                    self.pes_header_size = self.header[8] + 9
                    self.state = PESHEADER_FILL
            elif self.state == PESHEADER_FILL:
                need = self.pes_header_size - len(self.header)
                self.header += buf[p:p + need]
                p += min(need, n - p)
                if len(self.header) == self.pes_header_size:
                    self._parse_header()
                    self.state = PAYLOAD
                    self.data = bytearray()
                    if self.stream_type == 0x15 and n - p >= 5:
                        self.pes_header_size += 5
                        p += 5
            elif self.state == PAYLOAD:
                chunk = buf[p:]
                p = n
                max_size = MAX_PACKET_SIZE
                if self.pes_packet_length and self.pes_packet_length + PES_START_SIZE > self.pes_header_size:
                    max_size = self.pes_packet_length + PES_START_SIZE - self.pes_header_size
                if self.data and len(self.data) + len(chunk) > max_size:
                    demux.emit(self, self.take(demux.log))
                    self.pes_packet_length = 0
                    max_size = MAX_PACKET_SIZE
                    demux.stop_parse = 1
                elif not self.data and len(chunk) > max_size:
                    chunk = chunk[:max_size]
                self.data += chunk
                if (not demux.stop_parse and self.pes_packet_length
                        and self.pes_header_size + len(self.data) == self.pes_packet_length + PES_START_SIZE):
                    demux.stop_parse = 1
                    demux.emit(self, self.take(demux.log))
                    self.state = SKIP
            else:
                break

    def _parse_header(self) -> None:
        h = self.header
        flags = h[7]
        r = 9
        end = len(h)
        self.pts = self.dts = None
        if (flags & 0xC0) == 0x80 and r + 5 <= end:
            self.pts = self.dts = parse_pes_pts(h, r)
            r += 5
        elif (flags & 0xC0) == 0xC0 and r + 10 <= end:
            self.pts = parse_pes_pts(h, r)
            self.dts = parse_pes_pts(h, r + 5)
            r += 10
        self.extended_stream_id = -1
        if flags & 1 and r < end:
            ext = h[r]
            r += 1
            skip = (ext >> 4) & 0xB
            skip += skip & 0x9
            r += skip
            if (ext & 0x41) == 0x01 and r + 2 <= end:
                if (h[r] & 0x7F) > 0 and (h[r + 1] & 0x80) == 0:
                    self.extended_stream_id = h[r + 1]
