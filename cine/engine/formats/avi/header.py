"""AVI header walk (Microsoft AVI RIFF File Reference: 'hdrl' LIST with 'avih' AVIMAINHEADER,
'strl' LISTs of 'strh' AVISTREAMHEADER, 'strf' BITMAPINFOHEADER/WAVEFORMATEX, 'strd', 'strn';
OpenDML 'indx' and 'odml'/'dmlh'; 'vprp' video properties; LIST/INFO and IDIT tags) up to
the 'movi' LIST, as FFmpeg 5.1.9's avi_read_header reads it: LIST chunks other than 'movi',
'INFO' and 'ncdt' are entered, not skipped, so their children are read in file order.
"""
from __future__ import annotations

import errno

from ...errors import CineError, InvalidData, Unsupported
from ...limits import MAX_STREAMS
from ...model import Rational, Stream, Tags
from ...timebase import reduce
from .. import riff
from . import index as IX

INT64_MAX = (1 << 63) - 1
INT_MAX = (1 << 31) - 1
U32 = 0xFFFFFFFF
AVIF_MUSTUSEINDEX = 0x20
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# stream-level text chunks read into the last stream's tags (avi_read_tag)
STREAM_TAGS = {b"strn", b"isbj", b"inam", b"iart", b"icop", b"icmt", b"ignr", b"ipod", b"isof"}
_TYPES = {b"vids": "video", b"auds": "audio", b"txts": "subtitle", b"dats": "data"}


def fourcc_str(tag: bytes) -> str:
    """av_fourcc2str: printable characters kept, others as [N]."""
    out = []
    for c in tag.ljust(4, b"\0"):
        ch = chr(c)
        out.append(ch if (ch.isalnum() or ch in " .-_") and c < 128 else "[%d]" % c)
    return "".join(out)


def set_pts_info(st: Stream, num: int, den: int, log) -> None:
    """avpriv_set_pts_info: the reduced time base (a warning when it had to be approximated),
    or an error and no change when it is not positive."""
    from math import gcd
    from ...log import Logger
    tb = reduce(num, den, INT_MAX)
    g = gcd(num, den)
    nolog = Logger(None, log.sink)     # av_log(NULL, ...): no prefix
    if g and (num // g, den // g) != (tb.num, tb.den):
        nolog.warning("st:%d has too large timebase, reducing\n" % st.index)
    if tb.num <= 0 or tb.den <= 0:
        nolog.error("Ignoring attempt to set invalid timebase %d/%d for st:%d\n"
                    % (tb.num, tb.den, st.index))
        return
    st.time_base = tb


def read_header(dm) -> None:
    pb = dm.pb
    log = dm.log
    ctx = dm.ctx
    _get_riff(dm)
    if getattr(pb.src, "seekable", False):
        from ...io.sizecall import avio_size
        pb.size = avio_size(pb.src)         # (asked of the protocol: cache: reacts)
    dm.io_fsize = dm.fsize = pb.size if pb.size is not None else -1
    if dm.fsize <= 0 or dm.fsize < dm.riff_end:
        dm.fsize = INT64_MAX if dm.riff_end == 8 else dm.riff_end
    stream_index = -1
    codec_type = None
    frame_period = 0
    avih_w = avih_h = 0
    amv = False
    list_end = 0
    st = None
    ast = None
    for _ in range(1 << 22):
        if pb.eof:
            raise InvalidData("avi header ends early")
        tag = pb.read(4).ljust(4, b"\0")
        size = pb.u32()
        if tag == b"LIST":
            list_end = pb.tell() + size
            kind = pb.read(4)
            if kind == b"movi":
                dm.movi_list = pb.tell() - 4
                dm.movi_end = dm.movi_list + size + (size & 1) if size else dm.fsize
                break
            if kind == b"INFO":
                if size < 4:
                    raise InvalidData("short INFO")
                dm.read_info(size - 4)
            elif kind == b"ncdt":
                _read_nikon(dm, list_end)
        elif tag == b"IDIT":
            size = (size + (size & 1)) & U32
            raw = pb.read(min(size, 63))
            size -= len(raw)
            pb.skip(size)
            _creation_time(ctx.tags, raw)
        elif tag == b"dmlh":
            dm.is_odml = True
            pb.skip((size + (size & 1)) & U32)
        elif tag in (b"amvh", b"avih"):
            if tag == b"amvh":
                amv = True
            frame_period = pb.u32()
            pb.u32()
            pb.u32()
            if pb.u32() & AVIF_MUSTUSEINDEX:
                dm.non_interleaved = True
            pb.skip(8)
            pb.u32()
            pb.u32()
            avih_w = pb.u32()
            avih_h = pb.u32()
            pb.skip((size - 40) & U32)
        elif tag == b"strh":
            kind = pb.read(4).ljust(4, b"\0")
            handler = pb.u32()
            if kind == b"pads":
                pb.skip((size - 8) & U32)
                continue
            stream_index += 1
            if len(ctx.streams) >= MAX_STREAMS:
                # FFmpeg 5.1.9: avformat_new_stream refuses it; avi_read_header fails with ENOMEM
                dm.log.error("Number of streams exceeds max_streams parameter (%d), see the "
                             "documentation if you wish to increase it\n" % MAX_STREAMS)
                raise CineError(code=-errno.ENOMEM)
            st = Stream(index=len(ctx.streams), time_base=Rational(1, 90000))
            st.id = stream_index
            ctx.streams.append(st)
            ast = IX.AviStream()
            st.priv = ast
            dm.ast.append(ast)
            if amv:
                kind = b"auds" if stream_index else b"vids"
            if kind in (b"iavs", b"ivas"):
                # FFmpeg 5.1.9: type-1 DV AVI goes through the DV demuxer, which cine lacks
                raise Unsupported("DV type 1 AVI")
            ast.handler = handler
            pb.u32()
            pb.u16()
            pb.u16()
            pb.u32()
            ast.scale = pb.u32()
            ast.rate = pb.u32()
            if not (ast.scale and ast.rate):
                log.warning("scale/rate is %d/%d which is invalid. (This file has been generated"
                            " by broken software.)\n" % (ast.scale, ast.rate))
                if frame_period:
                    ast.rate, ast.scale = 1000000, frame_period
                else:
                    ast.rate, ast.scale = 25, 1
            set_pts_info(st, ast.scale, ast.rate, log)
            ast.cum_len = pb.u32()
            st.nb_frames = pb.u32()
            st.start_time = 0
            pb.u32()
            pb.u32()
            if ast.cum_len > 3600 * ast.rate // ast.scale:
                log.error("crazy start time, iam scared, giving up\n")
                ast.cum_len = 0
            ast.sample_size = pb.i32()
            ast.cum_len *= max(1, ast.sample_size)
            codec_type = _TYPES.get(kind)
            if kind == b"vids":
                ast.sample_size = 0
                st.avg_frame_rate = Rational(st.time_base.den, st.time_base.num) \
                    if st.time_base.num else Rational(0, 1)
            elif codec_type is None:
                log.info("unknown stream type %X\n" % int.from_bytes(kind, "little"))
            if ast.sample_size < 0:
                log.warning("Invalid sample_size %d at stream %d setting it to 0\n"
                            % (ast.sample_size, stream_index))
                ast.sample_size = 0
            if ast.sample_size == 0:
                st.duration = st.nb_frames
                if st.duration > 0 and dm.io_fsize > 0 and dm.riff_end > dm.io_fsize:
                    st.duration = IX._rescale(st.duration, dm.io_fsize, dm.riff_end)
            ast.frame_offset = ast.cum_len
            pb.skip((size - 48) & U32)
        elif tag == b"strf":
            if not size and codec_type in ("audio", "video"):
                continue
            if stream_index >= len(ctx.streams) or stream_index < 0:
                pb.skip(size)
                continue
            cur = pb.tell()
            if cur < list_end:
                size = min(size, list_end - cur)
            st = ctx.streams[stream_index]
            ast = dm.ast[stream_index]
            if st.codecpar.codec_type is not None:
                pb.skip(size)
                continue
            if codec_type == "video":
                _read_video_strf(dm, st, ast, size, amv, avih_w, avih_h)
            elif codec_type == "audio":
                _read_audio_strf(dm, st, ast, size, amv)
            elif codec_type == "subtitle":
                st.codecpar.codec_type = "subtitle"
                dm.request_probe.add(stream_index)
                pb.skip(size)
            else:
                st.codecpar.codec_type = "data"
                st.codecpar.codec_name = None
                st.codecpar.codec_tag = 0
                pb.skip(size)
        elif tag == b"strd":
            if (stream_index >= len(ctx.streams) or stream_index < 0
                    or ctx.streams[stream_index].codecpar.extradata
                    or ctx.streams[stream_index].codecpar.codec_tag == 0x34363248):
                pb.skip(size)
            else:
                cur = pb.tell()
                if cur < list_end:
                    size = min(size, list_end - cur)
                st = ctx.streams[stream_index]
                if size < (1 << 30):
                    _get_extradata(dm, st, size)
                if len(st.codecpar.extradata) & 1:
                    pb.u8()
                _stream_data_tags(dm, st)
        elif tag == b"indx":
            pos = pb.tell()
            if dm.source.seekable and dm.use_odml:
                try:
                    IX.read_odml_index(dm, 0)
                except RecursionError:
                    # FFmpeg 5.1.9 stops at 1000 nested super indexes with this message
                    log.error("Too deeply nested ODML indexes\n")
            pb.seek(pos + size)
        elif tag == b"vprp":
            if 0 <= stream_index < len(ctx.streams) and size > 36:
                st = ctx.streams[stream_index]
                for _ in range(5):
                    pb.u32()
                aden = pb.u16()
                anum = pb.u16()
                active_num = pb.u32()
                active_den = pb.u32()
                pb.u32()
                if anum and aden and active_num and active_den:
                    # av_div_q(active_aspect, active)
                    st.sample_aspect_ratio = reduce(anum * active_den, aden * active_num, INT_MAX)
                size -= 36
            pb.skip(size)
        elif tag in STREAM_TAGS and ctx.streams:
            _read_tag(dm, ctx.streams[-1], tag, size)
        elif tag == b"idx1":
            pb.skip((size + (size & 1)) & U32)
        else:
            if size > 1000000:
                log.error("Something went wrong during header parsing, tag %s has size %d, "
                          "I will ignore it and try to continue anyway.\n" % (fourcc_str(tag), size))
                dm.movi_list = pb.tell() - 4
                dm.movi_end = dm.fsize
                break
            pb.skip((size + (size & 1)) & U32)
    else:
        raise InvalidData("too many header chunks")
    if stream_index != len(ctx.streams) - 1:
        raise InvalidData("stream count")
    if not dm.index_loaded and dm.source.seekable:
        IX.load_index(dm)
    IX.calculate_bitrate(dm)
    dm.index_loaded |= 1
    ni = IX.guess_ni(dm)
    dm.non_interleaved = dm.non_interleaved or ni
    # (an ISFT of "PotEncoder" makes the reference fully parse MPEG-1/2 video: nothing
    # printed changes)
    if not any(a.entries for a in dm.ast) and dm.non_interleaved:
        log.warning("Non-interleaved AVI without index, switching to interleaved\n")
        dm.non_interleaved = False
    if dm.non_interleaved:
        log.info("non-interleaved AVI\n")
        IX.clean_index(dm)
    _convert(ctx)


def _get_riff(dm) -> None:
    pb = dm.pb
    head = pb.read(4).ljust(4, b"\0")
    size = pb.u32()
    dm.riff_end = size + pb.tell()
    form = pb.read(4).ljust(4, b"\0")
    from .probe import HEADERS
    if (head, form) not in HEADERS:
        raise InvalidData("not an AVI RIFF header")
    if form[3] == 0x19:
        dm.log.info("This file has been generated by a totally broken muxer.\n")


def _read_video_strf(dm, st, ast, size, amv, avih_w, avih_h) -> None:
    from ..riff_tags import BMP, lookup
    pb = dm.pb
    par = st.codecpar
    if amv:
        par.width, par.height = avih_w, avih_h
        par.codec_type = "video"
        par.codec_name = "amv"
        pb.skip(size)
        return
    esize = pb.u32()
    par.width = pb.i32()
    par.height = pb.i32()
    pb.u16()
    par.bits_per_coded_sample = pb.u16()
    tag = pb.u32()
    for _ in range(5):
        pb.u32()
    if tag in (0x42535844, 0x41535844):      # 'DXSB' 'DXSA'
        par.codec_type = "subtitle"
        par.codec_tag = tag
        par.codec_name = "xsub"
        return
    if 40 < size < (1 << 30) and size < dm.fsize:
        n = esize - 40 if (esize == size - 1 and esize & 1) else size - 40
        if par.extradata:
            dm.log.warning("New extradata in strf chunk, freeing previous one.\n")
        _get_extradata(dm, st, n)
    if len(par.extradata) & 1:
        pb.u8()
    ext = par.extradata
    if ext and par.bits_per_coded_sample <= 8:
        pal_size = min((1 << par.bits_per_coded_sample) << 2, len(ext))
        start = len(ext) - pal_size
        if start >= 9 and ext[-9:] == b"BottomUp\0":
            start -= 9
        for i in range(pal_size // 4):
            ast.pal[i] = 0xFF000000 | int.from_bytes(ext[start + 4 * i:start + 4 * i + 4].ljust(4, b"\0"), "little")
        ast.has_pal = True
    par.codec_type = "video"
    par.codec_tag = tag
    par.codec_name = lookup(BMP, tag)
    if par.codec_name is None:
        from ..mp4.codec_tags import MOV_VIDEO
        par.codec_name = lookup(MOV_VIDEO, tag)
        if par.codec_name is not None:
            dm.log.warning("mov tag found in avi (fourcc %s)\n" % fourcc_str(tag.to_bytes(4, "little")))
    if par.codec_name == "mpeg4" and ast.handler == 0x44495658:       # 'XVID'
        par.codec_tag = 0x44495658
    if (par.codec_name == "avrn" and tag == 0x6E525641
            and (len(par.extradata) < 31 or par.extradata[28:31] != b"1:1")):
        par.codec_name = "mjpeg"
    if par.codec_tag == 0 and par.height > 0 and len(par.extradata) < (1 << 30):
        par.extradata = bytes(par.extradata) + b"BottomUp\0"
    if par.height == -(1 << 31):
        raise InvalidData("height")
    par.height = abs(par.height)


def _read_audio_strf(dm, st, ast, size, amv) -> None:
    pb = dm.pb
    par = st.codecpar
    start = pb.tell()
    body = pb.read(min(size, 18 + 65535 + 64)) if size > 0 else b""
    riff.parse_fmt(body, par, dm.log, False, size)
    pb.seek(start + riff.fmt_consumed(size, int.from_bytes(body[:2].ljust(2, b"\0"), "little")))
    ast.dshow_block_align = par.block_align
    if ast.sample_size and par.block_align and ast.sample_size != par.block_align:
        dm.log.warning("sample size (%d) != block align (%d)\n" % (ast.sample_size, par.block_align))
        ast.sample_size = par.block_align
    if size & 1:
        pb.skip(1)
    # a full parser cuts the audio into frames (AVSTREAM_PARSE_TIMESTAMPS), except raw AAC
    # (configured by its extradata) and FLAC
    ast.split_audio = not ((par.codec_name == "aac" and par.extradata) or par.codec_name == "flac")
    if ast.handler == 0x6E617841:      # 'Axan'
        par.codec_name = "xan_dpcm"
        par.codec_tag = 0
        ast.dshow_block_align = 0
    if amv:
        par.codec_name = "adpcm_ima_amv"
        ast.dshow_block_align = 0
    name = par.codec_name
    if name in ("aac", "flac", "mp2") and 0 < ast.dshow_block_align <= 4:
        ast.dshow_block_align = 0
    if ((name == "aac" and ast.dshow_block_align == 1024 and ast.sample_size == 1024)
            or (name == "aac" and ast.dshow_block_align == 4096 and ast.sample_size == 4096)
            or (name == "mp3" and ast.dshow_block_align == 1152 and ast.sample_size == 1152)):
        ast.sample_size = 0


def _get_extradata(dm, st, n: int) -> None:
    """ff_get_extradata: n bytes from the file; a short read keeps what was read and fails."""
    if n < 0 or n >= (1 << 30):
        raise InvalidData("extradata size")
    data = dm.pb.read(n)
    st.codecpar.extradata = data
    if len(data) != n:
        st.codecpar.extradata = b""
        raise InvalidData("short extradata")


def _stream_data_tags(dm, st) -> None:
    """avi_extract_stream_metadata on 'strd' data: too short data and the unsupported
    CASI/Zora types are reported. cine does not decode the EXIF tags of an 'AVIF' strd."""
    from ...codecs.missing import missing_feature
    data = st.codecpar.extradata
    if len(data) < 8:
        dm.log.warning("could not decoding EXIF data in stream header.\n")
        return
    tag = int.from_bytes(data[:4], "little")
    kind = {0x49534143: "CASI", 0x61726F5A: "Zora"}.get(tag)
    if kind is not None:
        for line in missing_feature("RIFF stream data tag type %s (%d)" % (kind, tag), sample=True):
            dm.log.warning(line)


def _read_tag(dm, st, tag: bytes, size: int) -> None:
    size += size & 1
    if size == 0xFFFFFFFF + 1:
        raise InvalidData("tag size")
    raw = dm.pb.read(size)
    if len(raw) != size:
        raise InvalidData("short tag")
    st.tags.set(tag.decode("latin-1"), riff.c_string(raw))


def _creation_time(tags: Tags, raw: bytes) -> None:
    """avi_metadata_creation_time on an IDIT date: 'Mon Mar 10 15:04:43 2003' becomes
    '2003-03-10 15:04:43'; 'YYYY/MM/DD...' gets dashes."""
    text = raw.split(b"\0", 1)[0]
    got = _scan_date(text)
    if got is not None:
        month, day, tm, year = got
        for i, m in enumerate(MONTHS):
            if month.lower() == m.lower():
                tags.set("creation_time", "%.4d-%.2d-%.2d %s" % (year, i + 1, day, tm))
    elif len(raw) > 7 and raw[4:5] == b"/" and raw[7:8] == b"/":
        fixed = bytearray(raw)
        fixed[4] = fixed[7] = 0x2D
        tags.set("creation_time", riff.c_string(bytes(fixed)))


def _scan_date(t: bytes):
    """sscanf(t, "%*3s%*[ ]%3s%*[ ]%2d%*[ ]%8s%*[ ]%4d"): (month, day, time, year) when all
    four conversions succeed, else None."""
    pos = 0
    n = len(t)

    def ws(p):
        while p < n and t[p] in b" \t\n\v\f\r":
            p += 1
        return p

    def word(p, width):
        p = ws(p)
        q = p
        while q < n and q - p < width and t[q] not in b" \t\n\v\f\r":
            q += 1
        return (t[p:q], q) if q > p else (None, p)

    def spaces(p):
        q = p
        while q < n and t[q] == 0x20:
            q += 1
        return q if q > p else None

    def num(p, width):
        p = ws(p)
        q = p
        if q < n and t[q] in b"+-" and width > 1:
            q += 1
        while q < n and q - p < width and 0x30 <= t[q] <= 0x39:
            q += 1
        try:
            return int(t[p:q]), q
        except ValueError:
            return None, p

    _, pos = word(pos, 3)
    if _ is None or (pos := spaces(pos)) is None:
        return None
    month, pos = word(pos, 3)
    if month is None or (pos := spaces(pos)) is None:
        return None
    day, pos = num(pos, 2)
    if day is None or (pos := spaces(pos)) is None:
        return None
    tm, pos = word(pos, 8)
    if tm is None or (pos := spaces(pos)) is None:
        return None
    year, pos = num(pos, 4)
    if year is None:
        return None
    return month.decode("latin-1"), day, tm.decode("utf-8", "surrogateescape"), year


def _read_nikon(dm, end: int) -> None:
    pb = dm.pb
    for _ in range(1 << 16):
        if not (pb.tell() < end and not pb.eof):
            return
        tag = pb.read(4)
        size = pb.u32()
        if tag == b"nctg":
            tag_end = pb.tell() + size
            while pb.tell() < tag_end and not pb.eof:
                t = pb.u16()
                sz = pb.u16()
                sz = min(sz, tag_end - pb.tell())
                buf = pb.read(min(sz, 63))
                sz -= len(buf)
                buf = bytearray(buf.split(b"\0", 1)[0])
                name = {3: "maker", 4: "model", 0x13: "creation_time"}.get(t)
                if t == 0x13 and len(buf) > 7 and buf[4] == 0x3A and buf[7] == 0x3A:
                    buf[4] = buf[7] = 0x2D
                if name:
                    dm.ctx.tags.set(name, bytes(buf).decode("utf-8", "surrogateescape"))
                pb.skip(sz)
        else:
            pb.skip(size)


# avi_metadata_conv then ff_riff_info_conv, each applied to every dictionary
AVI_CONV = {"strn": "title", "isbj": "subject", "inam": "title", "iart": "artist",
            "icop": "copyright", "icmt": "comment", "ignr": "genre", "iprd": "product",
            "isft": "software"}


def _convert(ctx) -> None:
    ctx.tags = riff.convert_tags(riff.convert_tags(ctx.tags, AVI_CONV), riff.INFO_CONV)
    for st in ctx.streams:
        st.tags = riff.convert_tags(riff.convert_tags(st.tags, AVI_CONV), riff.INFO_CONV)
