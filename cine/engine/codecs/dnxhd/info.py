"""DNxHD/DNxHR stream analysis for probing: what libavcodec's dnxhd decoder sets from the first
frame header (SMPTE ST 2019-1 5.3): profile from the compression ID, bit depth, 4:2:2/4:4:4
pixel format, colour matrix, and the SAR of horizontally subsampled DNxHD formats."""
from __future__ import annotations

from ...log import Logger
from ...timebase import reduce

# FF_PROFILE_DNXHD* by compression ID (every other known ID is plain DNXHD = 0)
_HR_PROFILES = {1270: 5, 1271: 4, 1272: 3, 1273: 2, 1274: 1}
# coded width of the fixed-size DNxHD compression IDs (None: DNxHR, any size)
_CID_WIDTH = {1235: 1920, 1237: 1920, 1238: 1920, 1241: 1920, 1242: 1920, 1243: 1920,
              1244: 1440, 1250: 1280, 1251: 1280, 1252: 1280, 1253: 1920, 1256: 1920,
              1258: 960, 1259: 1440, 1260: 1440, 1270: None, 1271: None, 1272: None,
              1273: None, 1274: None}
_SPACES = ("bt709", "bt2020nc", "bt2020c", None)


def _align16(v: int) -> int:
    return (v + 15) & ~15


def parse_header(buf: bytes):
    """(cid, width, bit depth, pix_fmt, colour space, 4:4:4, mbaff, act) of a frame, or None
    when it is not one the decoder accepts."""
    if len(buf) < 0x280 or buf[:3] != b"\x00\x00\x02" or buf[3] not in (0x80, 0xA0) \
            or buf[4] not in (1, 2, 3):
        return None
    depth = {1: 8, 2: 10, 3: 12}.get(buf[0x21] >> 5)
    cid = int.from_bytes(buf[0x28:0x2C], "big")
    if depth is None or cid not in _CID_WIDTH:
        return None
    width = int.from_bytes(buf[0x1A:0x1C], "big")
    act = buf[0x2C] & 1
    if (buf[0x2C] >> 6) & 1:
        if depth == 8:
            return None
        fmt = ("yuv444p%dle" if act else "gbrp%dle") % depth
    elif depth == 8:
        fmt = "yuv422p"
    else:
        fmt = "yuv422p%dle" % depth
    is_444 = bool((buf[0x2C] >> 6) & 1)
    return (cid, width, depth, fmt, _SPACES[(buf[0x2C] >> 1) & 3], is_444,
            (buf[6] >> 5) & 1, act)


def frame_height(buf: bytes) -> int:
    """The picture height the decoder uses: a field's height doubles for interlaced frames."""
    height = int.from_bytes(buf[0x18:0x1A], "big")
    mb_height = int.from_bytes(buf[0x16C:0x16E], "big")
    if buf[5] & 2 and (height + 15) >> 4 == mb_height:
        height <<= 1
    return height


def analyze(stream, packets, log) -> None:
    par = stream.codecpar
    # set by the decoder's init from the container's size
    par.coded_width, par.coded_height = _align16(par.width), _align16(par.height)
    par.refs = 1
    for pkt in packets[:4]:
        h = parse_header(pkt.data)
        if h is None:
            continue
        cid, width, depth, fmt, space, is_444, mbaff, act = h
        par.profile = _HR_PROFILES.get(cid, 0)
        par.bits_per_raw_sample = depth
        par.format = fmt
        if space is not None:
            par.color_space = space
        table_width = _CID_WIDTH[cid]
        if table_width is not None and width != table_width:
            par.sample_aspect_ratio = reduce(width, table_width, 255)
            width = table_width
        height = frame_height(pkt.data)
        # find_stream_info's decoder context takes the decoded picture's size as coded size
        par.info_coded_width, par.info_coded_height = width, height
        dlog = Logger("dnxhd", getattr(log, "sink", None))
        dlog.verbose("Profile cid %d.\n" % cid)
        # one header per field: an interlaced frame's second field says the same
        for _field in range(2 if pkt.data[5] & 2 else 1):
            dlog.verbose("%dx%d, 4:%s %d bits, MBAFF=%d ACT=%d\n"
                         % (width, height, "4:4" if is_444 else "2:2", depth, mbaff, act))
        break
