"""PSI sections (ISO/IEC 13818-1 2.4.4): section reassembly with CRC-32, the section header,
PAT, PMT (with its descriptors, 2.6) and the DVB SDT service descriptor (ETSI EN 300 468
5.2.3, 6.2.33), as FFmpeg 5.1.9's mpegts.c reads them."""
from __future__ import annotations


MAX_SECTION_SIZE = 4096
PAT_TID, PMT_TID, SDT_TID = 0x00, 0x02, 0x42


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        c = i << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) if c & 0x80000000 else (c << 1)
        table.append(c & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def crc32_mpeg(data: bytes) -> int:
    crc = 0xFFFFFFFF
    t = _CRC
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ t[(crc >> 24) ^ b]
    return crc


class SectionFilter:
    """Reassembles the sections of one PID and hands each complete one to `callback`."""

    def __init__(self, pid: int, callback, check_crc: bool = True):
        self.pid = pid
        self.callback = callback
        self.check_crc = check_crc
        self.buf = bytearray()
        self.h_size = -1
        self.end_reached = False
        self.last_ver = -1
        self.crc = -1
        self.last_crc = -1
        self.last_cc = -1
        self.last_pcr = -1
        self.discard = False
        self.crc_validity = 0

    def write(self, data: bytes, is_start: bool) -> None:
        if is_start:
            self.buf = bytearray(data[:MAX_SECTION_SIZE])
            self.h_size = -1
            self.end_reached = False
        else:
            if self.end_reached:
                return
            self.buf += data[:MAX_SECTION_SIZE - len(self.buf)]
        buf = self.buf
        offset = 0
        while offset < MAX_SECTION_SIZE and offset < len(buf) and buf[offset] != 0xFF:
            if self.h_size == -1 and len(buf) - offset >= 3:
                ln = (((buf[offset + 1] << 8) | buf[offset + 2]) & 0xFFF) + 3
                if ln > MAX_SECTION_SIZE:
                    return
                self.h_size = ln
            if self.h_size != -1 and len(buf) >= offset + self.h_size:
                sec = bytes(buf[offset:offset + self.h_size])
                self.end_reached = True
                valid = 1
                if self.check_crc:
                    valid = 1 if crc32_mpeg(sec) == 0 else 0
                    if self.h_size >= 4:
                        self.crc = int.from_bytes(sec[-4:], "big")
                    if valid:
                        self.crc_validity = 100
                    elif self.crc_validity > -10:
                        self.crc_validity -= 1
                    else:
                        valid = 2
                if valid:
                    self.callback(self, sec)
                    if valid != 1:
                        self.last_ver = -1
                offset += self.h_size
                self.h_size = -1
            else:
                self.h_size = -1
                self.end_reached = False
                break


class Cursor:
    """get8/get16 over a byte range: None past the end (the reference's negative return)."""
    __slots__ = ("data", "pos", "end")

    def __init__(self, data: bytes, pos: int, end: int):
        self.data = data
        self.pos = pos
        self.end = end

    def get8(self, end: int | None = None):
        end = self.end if end is None else end
        if self.pos >= end:
            return None
        v = self.data[self.pos]
        self.pos += 1
        return v

    def get16(self, end: int | None = None):
        end = self.end if end is None else end
        if 1 >= end - self.pos:
            return None
        v = (self.data[self.pos] << 8) | self.data[self.pos + 1]
        self.pos += 2
        return v


class SectionHeader:
    __slots__ = ("tid", "id", "version", "current_next", "sec_num", "last_sec_num")


def parse_section_header(c: Cursor) -> SectionHeader | None:
    h = SectionHeader()
    h.tid = c.get8()
    if h.tid is None:
        return None
    if c.get16() is None:
        return None
    v = c.get16()
    if v is None:
        return None
    h.id = v
    v = c.get8()
    if v is None:
        return None
    h.version = (v >> 1) & 0x1F
    h.current_next = v & 1
    v = c.get8()
    if v is None:
        return None
    h.sec_num = v
    v = c.get8()
    if v is None:
        return None
    h.last_sec_num = v
    return h


def skip_identical(h: SectionHeader, f: SectionFilter) -> bool:
    if h.version == f.last_ver and f.last_crc == f.crc:
        return True
    f.last_ver = h.version
    f.last_crc = f.crc
    return False


_DVB_CHARSETS = {1: "iso8859_5", 2: "iso8859_6", 3: "iso8859_7", 4: "iso8859_8", 5: "iso8859_9",
                 6: "iso8859_10", 7: "iso8859_11", 9: "iso8859_13", 10: "iso8859_14",
                 11: "iso8859_15", 0x11: "utf_16_be", 0x14: "utf_16_be", 0x15: "utf_8"}


def getstr8(c: Cursor, end: int) -> str | None:
    """A DVB string (EN 300 468 annex A) preceded by its length, converted to UTF-8."""
    ln = c.get8(end)
    if ln is None or ln > end - c.pos:
        return None
    raw = c.data[c.pos:c.pos + ln]
    c.pos += ln
    if not raw:
        return ""
    try:
        if len(raw) >= 3 and raw[0] == 0x10 and raw[1] == 0 and 0 < raw[2] <= 0xF and raw[2] != 0xC:
            return raw[3:].decode("iso8859_%d" % raw[2])
        if raw[0] < 0x20:
            enc = _DVB_CHARSETS.get(raw[0])
            if enc:
                return raw[1:].decode(enc)
            return raw.split(b"\0")[0].decode("latin-1")
        # ISO 6937 coincides with ASCII below 0x80
        if max(raw) < 0x80:
            return raw.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        pass
    return raw.split(b"\0")[0].decode("utf-8", "replace")
