"""The AVI muxer (FFmpeg 5.1.9 libavformat/avienc.c behaviour), for stream copy.

Layout: RIFF 'AVI ' { LIST 'hdrl' { avih, per stream LIST 'strl' { strh, strf (a
BITMAPINFOHEADER or a WAVEFORMATEX), strn (title), the OpenDML super index reserved as JUNK,
vprp (video with a sample aspect ratio) }, the 'odml' list reserved as JUNK }, LIST 'INFO'
(ISFT...), JUNK padding (1016 bytes unless -metadata_header_padding), LIST 'movi' { ##dc/##wb
chunks }, idx1 }. dwTotalFrames, the streams' dwLength and dwSuggestedBufferSize are patched
at the trailer on seekable outputs. Past 1 GiB a RIFF ends with its 'ix##' standard indexes
and an 'AVIX' RIFF follows (OpenDML); mux_index writes the indexes.

Streams take the time base scale/rate of their header (1/600 for video time bases finer than
1/1000). Gaps in the dts of streams without a block alignment are filled with empty chunks,
as the reference does, and so are the ends of streams whose last packet lasts several ticks.
Not done: the 'strn' "Subtitle - xx-xx;02" name of XSUB streams with a language.
"""
from __future__ import annotations

import errno

from ...errors import CineError
from ...model import PKT_FLAG_KEY, Rational
from ...timebase import rescale_q
from ..base import Muxer
from ..riff_tags import BMP, WAV
from ..wav_mux import end_tag, put_wav_header, start_tag, write_info
from . import mux_index as _ix
from .mux_index import IndexEntry, stream_fourcc
from .riff_write import packet_palette, parse_specific_params, put_bmp_header, \
    reshuffle_raw_rgb, write_info_tag

AVI_MAX_RIFF_SIZE = 1 << 30
AVI_MAX_STREAM_COUNT = 100
AVIF_HASINDEX = 0x10
AVIF_ISINTERLEAVED = 0x100
AVIF_TRUSTCKTYPE = 0x800
AVISF_VIDEO_PALCHANGES = 0x10000
AVIIF_NO_TIME = 0x100
INT32_MAX = (1 << 31) - 1
AV_TIME_BASE = 1000000


class AviStream:
    """AVIStream: the muxer's state of one stream."""

    def __init__(self):
        self.frames_hdr_strm = 0
        self.audio_strm_length = 0
        self.packet_count = 0
        self.max_size = 0
        self.sample_requested = False
        self.last_dts = 0
        self.entries: list[IndexEntry] = []
        self.indx_start = 0
        self.audio_strm_offset = 0
        self.master_odml_riff_id_base = 0
        self.strh_flags_offset = 0
        self.palette = [0] * 256
        self.old_palette = [0] * 256
        self.pal_offset = 0


def _opt_int(options: dict, key: str, default: int) -> int:
    v = options.get(key)
    if v is None:
        return default
    if v in ("true", "false"):
        return 1 if v == "true" else 0
    try:
        return int(v, 0)
    except ValueError:
        return int(float(v))


class AviMuxer(Muxer):
    # ff_codec_bmp_tags then ff_codec_wav_tags
    codec_tags = tuple((name, tag) for tag, name in BMP) + tuple((name, tag) for tag, name in WAV)

    def init(self) -> None:
        o = self.options
        self.reserve_index_space = _opt_int(o, "reserve_index_space", 0)
        self.write_channel_mask = _opt_int(o, "write_channel_mask", 1)
        self.flipped_raw_rgb = _opt_int(o, "flipped_raw_rgb", 0)
        if self.reserve_index_space > 0:
            self.master_index_max_size = max(
                (self.reserve_index_space - _ix.MASTER_INDEX_PREFIX_SIZE)
                // _ix.MASTER_INDEX_ENTRY_SIZE, 16)
        else:
            self.master_index_max_size = _ix.MASTER_INDEX_SIZE_DEFAULT
        self.log.debug("reserve_index_space:%d master_index_max_size:%d\n"
                       % (self.reserve_index_space, self.master_index_max_size))
        self.riff_id = 0
        self.riff_start = self.movi_list = self.odml_list = self.frames_hdr_all = 0
        self.avist: list[AviStream] = []

    # -- header ------------------------------------------------------------------------------
    def _start_new_riff(self, riff_tag: str, list_tag: str) -> int:
        pb = self.pb
        self.riff_id += 1
        for ast in self.avist:
            ast.audio_strm_offset = ast.audio_strm_length
            ast.entries = []
        self.riff_start = start_tag(pb, "RIFF")
        pb.fourcc(riff_tag)
        loff = start_tag(pb, "LIST")
        pb.fourcc(list_tag)
        return loff

    def _guess_master_index_size(self, bitrate: int, max_stream_duration: int) -> None:
        if self.reserve_index_space:
            return
        if max_stream_duration > 0:
            duration_est = max_stream_duration / AV_TIME_BASE
        else:
            duration_est = 10 * 60 * 60
        filesize_est = duration_est * (bitrate // 8) * 1.10
        import math
        n = int(math.ceil(filesize_est / AVI_MAX_RIFF_SIZE)) + 1
        self.master_index_max_size = max(n, self.master_index_max_size)
        self.log.debug("duration_est:%0.3f, filesize_est:%0.1fGiB, master_index_max_size:%d\n"
                       % (duration_est, filesize_est / (1024 * 1024 * 1024),
                          self.master_index_max_size))

    def write_header(self) -> None:
        pb, ctx, log = self.pb, self.ctx, self.log
        streams = ctx.streams
        if len(streams) > AVI_MAX_STREAM_COUNT:
            log.error("AVI does not support >%d streams\n" % AVI_MAX_STREAM_COUNT)
            raise CineError(code=-errno.EINVAL)
        self.avist = [AviStream() for _ in streams]
        self.riff_id = 0
        list1 = self._start_new_riff("AVI ", "hdrl")
        pb.fourcc("avih")
        pb.wl32(14 * 4)
        bitrate = 0
        max_stream_duration = 0
        video_st = None
        for st in streams:
            bitrate = min(bitrate + st.codecpar.bit_rate, INT32_MAX)
            if st.duration is not None and st.duration > 0 and st.time_base.den:
                d = rescale_q(st.duration, st.time_base, Rational(1, AV_TIME_BASE))
                max_stream_duration = max(d, max_stream_duration)
            if st.codecpar.codec_type == "video":
                video_st = st
        self._guess_master_index_size(bitrate, max_stream_duration)
        if video_st is not None:
            pb.wl32(1000000 * video_st.time_base.num // video_st.time_base.den)
        else:
            pb.wl32(0)
        pb.wl32(int(bitrate / 8))
        pb.wl32(0)
        flags = AVIF_TRUSTCKTYPE | AVIF_ISINTERLEAVED
        if pb.seekable:
            flags |= AVIF_HASINDEX
        pb.wl32(flags)
        self.frames_hdr_all = pb.tell()
        pb.wl32(0)                      # dwTotalFrames, patched at the trailer
        pb.wl32(0)
        pb.wl32(len(streams))
        pb.wl32(1024 * 1024)
        if video_st is not None:
            pb.wl32(video_st.codecpar.width)
            pb.wl32(video_st.codecpar.height)
        else:
            pb.wl32(0)
            pb.wl32(0)
        pb.fill(0, 16)
        for i, st in enumerate(streams):
            self._write_strl(i, st)
        if pb.seekable:
            # the 'odml' list, reserved for a file that grows past 1 GiB
            self.odml_list = start_tag(pb, "JUNK")
            pb.fourcc("odml")
            pb.fourcc("dmlh")
            pb.wl32(248)
            pb.fill(0, 248)
            end_tag(pb, self.odml_list)
        end_tag(pb, list1)
        write_info(pb, ctx)
        padding = _opt_int(self.options, "metadata_header_padding", -1)
        if padding < 0:
            padding = 1016
        if padding:
            pos = start_tag(pb, "JUNK")
            pb.fill(0, (padding + 3) // 4 * 4)
            end_tag(pb, pos)
        self.movi_list = start_tag(pb, "LIST")
        pb.fourcc("movi")

    def _write_strl(self, i: int, st) -> None:
        pb, log = self.pb, self.log
        par = st.codecpar
        ast = self.avist[i]
        list2 = start_tag(pb, "LIST")
        pb.fourcc("strl")
        strh = start_tag(pb, "strh")
        kind = par.codec_type
        if kind == "subtitle" and par.codec_name != "xsub":
            from ...codecs.missing import missing_feature
            for line in missing_feature("Subtitle streams other than DivX XSUB"):
                log.warning(line)
            from ...errors import AVERROR_PATCHWELCOME
            raise CineError(code=AVERROR_PATCHWELCOME)
        if kind in ("video", "subtitle"):
            pb.fourcc("vids")
        elif kind == "audio":
            pb.fourcc("auds")
        elif kind == "data":
            pb.fourcc("dats")
        if kind == "video" or par.codec_name == "xsub":
            pb.wl32(par.codec_tag)
        else:
            pb.wl32(1)
        ast.strh_flags_offset = pb.tell()
        pb.wl32(0)                      # dwFlags
        pb.wl16(0)                      # wPriority
        pb.wl16(0)                      # wLanguage
        pb.wl32(0)                      # dwInitialFrames
        rate, ssize, scale = parse_specific_params(st)
        if kind == "video" and par.codec_name != "xsub" and rate > 1000 * scale:
            rate, scale = 600, 1
        if rate > 0 and scale > 0:
            from ...timebase import reduce
            st.time_base = reduce(scale, rate, INT32_MAX)
        else:
            log.error("Ignoring attempt to set invalid timebase %d/%d for st:%d\n"
                      % (scale, rate, st.index))
        if par.codec_name == "xsub":
            scale = rate = 0
        pb.wl32(scale)
        pb.wl32(rate)
        pb.wl32(0)                      # dwStart
        ast.frames_hdr_strm = pb.tell()
        pb.wl32(0 if pb.seekable else AVI_MAX_RIFF_SIZE)   # dwLength
        if kind == "video":
            pb.wl32(1024 * 1024)        # dwSuggestedBufferSize, the largest chunk at the end
        elif kind == "audio":
            pb.wl32(12 * 1024)
        else:
            pb.wl32(0)
        pb.wl32(0xFFFFFFFF)             # dwQuality
        pb.wl32(ssize)
        pb.wl32(0)
        pb.wl16(par.width)
        pb.wl16(par.height)
        end_tag(pb, strh)
        if kind != "data":
            strf = start_tag(pb, "strf")
            if kind in ("video", "subtitle"):
                self._write_bmp(ast, par)
            elif kind == "audio":
                flags = 0 if self.write_channel_mask else 2    # SKIP_CHANNELMASK
                ret = put_wav_header(pb, par, log, flags)
                if ret < 0:
                    raise CineError(code=ret)
            else:
                log.error("Invalid or not supported codec type '%s' found in the input\n"
                          % (kind or "?"))
                raise CineError(code=-errno.EINVAL)
            end_tag(pb, strf)
            title = st.tags.get("title")
            if title is not None:
                write_info_tag(pb, "strn", title)
        if pb.seekable:
            _ix.write_odml_master(self, i)
        sar = st.sample_aspect_ratio
        if kind == "video" and sar.num > 0 and sar.den > 0:
            self._write_vprp(st)
        end_tag(pb, list2)

    def _write_bmp(self, ast: AviStream, par) -> None:
        pb, log = self.pb, self.log
        if (not par.codec_tag and par.codec_name == "rawvideo" and par.format == "rgb555le"
                and par.bits_per_coded_sample == 15):
            par.bits_per_coded_sample = 16
        ast.pal_offset = pb.tell() + 40
        put_bmp_header(pb, par, False, False, bool(self.flipped_raw_rgb))
        from ...codecs.rawvideo.tags import AVI_BPS
        pix_fmt = AVI_BPS.get(par.bits_per_coded_sample)
        if (not par.codec_tag and par.codec_name == "rawvideo" and par.format != pix_fmt
                and par.format is not None):
            log.error("%s rawvideo cannot be written to avi, output file will be unreadable\n"
                      % par.format)

    def _write_vprp(self, st) -> None:
        from ...timebase import reduce
        pb = self.pb
        par = st.codecpar
        sar = st.sample_aspect_ratio
        dar = reduce(sar.num * par.width, sar.den * par.height, 0xFFFF)
        interlaced = par.field_order in ("tt", "bb", "tb", "bt")
        fields = 2 if interlaced else 1
        pos = start_tag(pb, "vprp")
        pb.wl32(0)                      # VideoFormatToken
        pb.wl32(0)                      # VideoStandard
        tb = st.time_base
        pb.wl32((2 * tb.den + tb.num - 1) // (2 * tb.num))     # dwVerticalRefreshRate
        pb.wl32(par.width)
        pb.wl32(par.height)
        pb.wl16(dar.den)
        pb.wl16(dar.num)
        pb.wl32(par.width)
        pb.wl32(par.height)
        pb.wl32(fields)
        for f in range(fields):
            if par.field_order in ("tt", "tb"):
                start_line = 0 if f == 0 else 1
            elif par.field_order in ("bb", "bt"):
                start_line = 1 if f == 0 else 0
            else:
                start_line = 0
            pb.wl32(par.height // fields)
            pb.wl32(par.width)
            pb.wl32(par.height // fields)
            pb.wl32(par.width)
            pb.wl32(0)
            pb.wl32(0)
            pb.wl32(0)
            pb.wl32(start_line)
        end_tag(pb, pos)

    # -- packets -----------------------------------------------------------------------------
    def _skip_frames(self, i: int, dts) -> None:
        """write_skip_frames: empty chunks up to `dts` for streams without a block alignment."""
        st = self.ctx.streams[i]
        par = st.codecpar
        ast = self.avist[i]
        while (par.block_align == 0 and dts is not None and dts > ast.packet_count
               and par.codec_name != "xsub" and ast.packet_count):
            if dts - ast.packet_count > 60000:
                self.log.error("Too large number of skipped frames %d > 60000\n"
                               % (dts - ast.packet_count))
                raise CineError(code=-errno.EINVAL)
            self._write_chunk(i, b"", None, 0)

    def write_packet(self, pkt) -> None:
        i = pkt.stream_index
        st = self.ctx.streams[i]
        par = st.codecpar
        data = pkt.data
        if par.codec_name == "h264" and par.codec_tag == 0x34363248 and data:   # 'H264'
            from ..mpegts.mux_payload import _check_startcode
            _check_startcode(self, st, data, "h264")
        self._skip_frames(i, pkt.dts)
        if data and par.codec_type == "video":
            reshuffled = 0
            if par.codec_name == "rawvideo" and par.codec_tag == 0:
                bpc = par.bits_per_coded_sample if par.bits_per_coded_sample != 15 else 16
                expected = ((par.width * bpc + 31) >> 5) * 4
                data, reshuffled = reshuffle_raw_rgb(data, par, expected)
            if par.format == "pal8":
                self._palette(i, pkt, reshuffled)
        self._write_chunk(i, data, pkt.dts, pkt.duration, pkt.flags & PKT_FLAG_KEY)

    def _palette(self, i: int, pkt, reshuffled: int) -> None:
        pal = packet_palette(pkt, reshuffled, self.log)
        if pal is None:
            return
        if isinstance(pal, int):
            raise CineError(code=pal)
        pb = self.pb
        st = self.ctx.streams[i]
        par = st.codecpar
        ast = self.avist[i]
        ast.palette = pal
        pal_size = 1 << min(max(par.bits_per_coded_sample, 0), 8)
        if pb.seekable and ast.pal_offset:
            cur = pb.tell()
            pb.seek(ast.pal_offset)
            for v in pal[:pal_size]:
                pb.wl32(v & 0xFFFFFF)
            pb.seek(cur)
            ast.old_palette = list(pal)
            ast.pal_offset = 0
        if pal[:pal_size] != ast.old_palette[:pal_size]:
            tag = stream_fourcc(i, par.codec_type)[:2] + b"pc"
            if pb.seekable:
                if ast.strh_flags_offset:
                    cur = pb.tell()
                    pb.seek(ast.strh_flags_offset)
                    pb.wl32(AVISF_VIDEO_PALCHANGES)
                    pb.seek(cur)
                    ast.strh_flags_offset = 0
                self._add_entry(i, tag, AVIIF_NO_TIME, pal_size * 4 + 4)
            pos = start_tag(pb, tag.decode("latin-1"))
            pb.w8(0)
            pb.w8(pal_size & 0xFF)
            pb.wl16(0)
            for v in pal[:pal_size]:
                pb.wb32(v << 8)
            end_tag(pb, pos)
            ast.old_palette[:pal_size] = pal[:pal_size]

    def _add_entry(self, i: int, tag, flags: int, size: int) -> None:
        ast = self.avist[i]
        ast.entries.append(IndexEntry(tag, flags, self.pb.tell() - self.movi_list, size))
        if size > ast.max_size:
            ast.max_size = size

    def _write_chunk(self, i: int, data: bytes, dts, duration: int, key: int = 0) -> None:
        """avi_write_packet_internal (dts None: an empty chunk that fills a gap)."""
        pb = self.pb
        st = self.ctx.streams[i]
        par = st.codecpar
        ast = self.avist[i]
        if dts is not None:
            ast.last_dts = dts + duration
        ast.packet_count += 1
        if pb.seekable and pb.tell() - self.riff_start > AVI_MAX_RIFF_SIZE:
            _ix.write_ix(self)
            end_tag(pb, self.movi_list)
            if self.riff_id == 1:
                _ix.write_idx1(self)
            end_tag(pb, self.riff_start)
            self.movi_list = self._start_new_riff("AVIX", "movi")
        size = len(data)
        if par.codec_type == "audio":
            ast.audio_strm_length += size
        if pb.seekable:
            self._add_entry(i, None, 0x10 if key else 0, size)
        pb.write(stream_fourcc(i, par.codec_type))
        pb.wl32(size)
        pb.write(data)
        if size & 1:
            pb.w8(0)

    # -- trailer -----------------------------------------------------------------------------
    def write_trailer(self) -> None:
        pb = self.pb
        for i, ast in enumerate(self.avist):
            self._skip_frames(i, ast.last_dts)
        if pb.seekable:
            if self.riff_id == 1:
                end_tag(pb, self.movi_list)
                _ix.write_idx1(self)
                end_tag(pb, self.riff_start)
            else:
                _ix.write_ix(self)
                end_tag(pb, self.movi_list)
                end_tag(pb, self.riff_start)
                _ix.write_dmlh_frames(self)
        if self.riff_id >= self.master_index_max_size:
            space = _ix.MASTER_INDEX_PREFIX_SIZE + _ix.MASTER_INDEX_ENTRY_SIZE * self.riff_id
            self.log.warning("Output file not strictly OpenDML compliant, consider re-muxing "
                             "with 'reserve_index_space' option value >= %d\n" % space)
        if pb.seekable:
            for ast in self.avist:
                pb.seek(ast.frames_hdr_strm + 4)
                pb.wl32(ast.max_size)

