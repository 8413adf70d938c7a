"""AVI demuxer (avi): header and index via header.py/index.py, then packets in file order
by resynchronising on '##dc'/'##wb' chunk ids (interleaved) or in timestamp order from the
index (non-interleaved), with the dts, key flags and positions FFmpeg 5.1.9's avidec.c gives.
"""
from __future__ import annotations

from ...errors import CineError, InvalidData
from ...limits import MAX_TAG_BYTES
from ...model import AV_TIME_BASE_Q, PKT_FLAG_CORRUPT, PKT_FLAG_KEY, Packet, Rational, SideData
from ...timebase import rescale_q
from ..base import Demuxer
from . import index as IX
from .pb import Pb

INT_MAX = (1 << 31) - 1
INT64_MAX = (1 << 63) - 1
# codecs libavcodec 5.1.9 has a parser for (AVI sets need_parsing on every audio/video stream)
PARSED = {"aac", "aac_latm", "ac3", "eac3", "adpcm_adx", "amr_nb", "amr_wb", "av1", "avs2",
          "avs3", "bmp", "cavs", "cook", "cri", "dts", "dirac", "dnxhd", "dolby_e", "dpx",
          "dvaudio", "dvb_subtitle", "dvd_nav_packet", "dvd_subtitle", "flac", "g723_1", "g729",
          "gif", "gsm", "gsm_ms", "h261", "h263", "h264", "hevc", "ipu", "jpeg2000", "mjpeg",
          "jpegls", "mlp", "truehd", "mpeg4", "mp1", "mp2", "mp3", "mpeg1video", "mpeg2video",
          "opus", "png", "pgm", "pgmyuv", "ppm", "pbm", "pam", "qoi", "rv30", "sbc", "sipr",
          "tak", "vc1", "vorbis", "vp3", "theora", "vp6", "vp6f", "vp6a", "vp8", "vp9", "webp",
          "xbm", "xma1", "xma2"}


class AviDemuxer(Demuxer):
    def read_header(self) -> None:
        from .header import read_header
        self.pb = Pb(self.source)
        self.ast: list[IX.AviStream] = []
        self.riff_end = 0
        self.movi_end = 0
        self.movi_list = 0
        self.fsize = 0
        self.io_fsize = 0
        self.last_pkt_pos = 0
        self.index_loaded = 0
        self.is_odml = False
        self.non_interleaved = False
        self.stream_index = -1
        self.odml_depth = 0
        self.odml_read = 0
        self.odml_max_pos = 0
        self.use_odml = True
        self.dts_max = 0            # AVIContext starts zeroed
        self.request_probe: set[int] = set()
        read_header(self)
        self.ctx.data_offset = self.pb.tell()

    # -- tags -------------------------------------------------------------------------------
    def read_info(self, size: int) -> None:
        """ff_read_riff_info at the current position into the format tags, leaving the
        position where the reference leaves it."""
        from .. import riff
        pb = self.pb
        base = pb.tell()
        pb.seek(base - 4)
        data = pb.read(4 + max(0, min(size, MAX_TAG_BYTES)))
        end = riff.read_info(data, base, size, self.ctx.tags, self.log)
        pb.seek(end)
        if end > base + len(data) - 4:
            pb.eof = True

    # -- packets ----------------------------------------------------------------------------
    def sync(self, exit_early: bool = False) -> bool:
        """avi_sync: scan for the next chunk header of a known stream; True when found
        (position after its 8-byte header). False at the end of the file."""
        pb = self.pb
        streams = self.ctx.streams
        nb = len(streams)
        while True:
            restart = False
            d = [0xFFFFFFFF] * 8
            sync = i = pb.tell()
            while not pb.eof:
                d[:7] = d[1:]
                b = pb.read(1)
                d[7] = b[0] if b else 0
                size = d[4] | d[5] << 8 | d[6] << 16 | d[7] << 24
                n = IX.stream_number(d[2], d[3])
                if (i * (1 if self.io_fsize > 0 else 0) + size > self.fsize) or d[0] > 127:
                    i += 1
                    continue
                if ((d[0] == 0x69 and d[1] == 0x78 and n < nb)
                        or bytes(d[:4]) == b"JUNK" or bytes(d[:4]) == b"idx1"
                        or bytes(d[:4]) == b"indx"):
                    pb.skip(size)
                    restart = True
                    break
                if bytes(d[:4]) == b"LIST":
                    pb.skip(4)
                    restart = True
                    break
                n = IX.stream_number(d[0], d[1])
                if not ((i - self.last_pkt_pos) & 1) and IX.stream_number(d[1], d[2]) < nb:
                    i += 1
                    continue
                if d[2] == 0x69 and d[3] == 0x78 and n < nb:
                    pb.skip(size)
                    restart = True
                    break
                if d[2] == 0x77 and d[3] == 0x63 and n < nb:
                    pb.skip(16 * 3 + 8)
                    restart = True
                    break
                if n < nb:
                    st = streams[n]
                    ast = self.ast[n]
                    if nb >= 2:
                        st1 = streams[1]
                        ast1 = self.ast[1]
                        if (d[2] == 0x77 and d[3] == 0x62 and n == 0
                                and st.codecpar.codec_type == "video"
                                and st1.codecpar.codec_type == "audio"
                                and ast.prefix == 0x6463
                                and (d[2] * 256 + d[3] == ast1.prefix or not ast1.prefix_count)):
                            n = 1
                            st, ast = st1, ast1
                            self.log.warning("Invalid stream + prefix combination, assuming audio.\n")
                    if d[2] == 0x70 and d[3] == 0x63 and size <= 4 * 256 + 4:
                        k = pb.u8()
                        last = (k + pb.u8() - 1) & 0xFF
                        pb.u16()
                        while k <= last:
                            ast.pal[k] = 0xFF000000 | (int.from_bytes(pb.read(4).ljust(4, b"\0"), "big") >> 8)
                            k += 1
                        ast.has_pal = True
                        restart = True
                        break
                    if (((ast.prefix_count < 5 or sync + 9 > i) and d[2] < 128 and d[3] < 128)
                            or d[2] * 256 + d[3] == ast.prefix):
                        if exit_early:
                            return True
                        if d[2] * 256 + d[3] == ast.prefix:
                            ast.prefix_count += 1
                        else:
                            ast.prefix = d[2] * 256 + d[3]
                            ast.prefix_count = 0
                        if st.discard_all or (size == 0 and not ast.discard_none):
                            # a stream no output reads, or an empty chunk (a dropped frame):
                            # skipped here, its time still counted
                            ast.frame_offset += ast.duration_of(size)
                            pb.skip(size)
                            restart = True
                            break
                        self.stream_index = n
                        ast.packet_size = size + 8
                        ast.remaining = size
                        if size:
                            pos = pb.tell() - 8
                            if not ast.entries or ast.entries[-1].pos < pos:
                                ast.add(pos, ast.frame_offset, size, IX.KEYFRAME)
                        return True
                i += 1
            if not restart:
                return False

    def _decoder_rate(self, st, ast, data: bytes) -> None:
        """The decoder time base the parser of an MPEG video stream learns (streaminfo's
        r_frame_rate fallback reads it from stream.priv)."""
        from . import decoder_rate as R
        name = st.codecpar.codec_name
        if name in ("mpeg1video", "mpeg2video"):
            ast.avctx_time_base = R.mpeg12_time_base(data)
        elif name == "mpeg4":
            ast.avctx_time_base = (R.mpeg4_time_base(st.codecpar.extradata)
                                   or R.mpeg4_time_base(data))

    def _ni_prepare(self) -> bool:
        best = None
        best_ts = INT64_MAX
        for i, (st, ast) in enumerate(zip(self.ctx.streams, self.ast)):
            if not ast.entries:
                continue
            ts = ast.frame_offset
            if not ast.remaining and ts > ast.entries[-1].timestamp:
                continue
            ts = rescale_q(ts, st.time_base, Rational(max(1, ast.sample_size), 1000000))
            if ts < best_ts:
                best_ts, best = ts, i
        if best is None:
            return False
        ast = self.ast[best]
        ts = ast.frame_offset
        if ast.remaining:
            i = ast.search(ts, backward=True)
        else:
            i = ast.search(ts)
            if i >= 0:
                ast.frame_offset = ast.entries[i].timestamp
        if i < 0:
            return False
        pos = ast.entries[i].pos + ast.packet_size - ast.remaining
        if not self.pb.seek(pos + 8):
            return False
        self.stream_index = best
        if not ast.remaining:
            ast.packet_size = ast.remaining = ast.entries[i].size
        return True

    def read_seek(self, stream_index: int, timestamp: int, flags: int) -> int:
        return read_seek(self, stream_index, timestamp, flags)

    def read_packet(self) -> Packet | None:
        try:
            return self._read_packet()
        except CineError:
            raise
        except (ValueError, IndexError, OverflowError) as exc:     # defensive: hostile input
            raise InvalidData("avi packet: %s" % exc) from None

    def _read_packet(self) -> Packet | None:
        if self.non_interleaved and not self._ni_prepare():
            return None
        pb = self.pb
        streams = self.ctx.streams
        for _ in range(1 << 30):
            if self.stream_index >= 0:
                n = self.stream_index
                st = streams[n]
                ast = self.ast[n]
                if ast.sample_size <= 1:
                    size = INT_MAX
                elif ast.sample_size < 32:
                    size = 1024 * ast.sample_size
                else:
                    size = ast.sample_size
                size = min(size, ast.remaining)
                self.last_pkt_pos = pos = pb.tell()
                data = pb.read(size) if size > 0 else b""
                if not data and size > 0:
                    pb.eof = True
                    return None
                pkt = Packet(stream_index=n, data=data, pts=None, dts=None, pos=pos)
                if len(data) < size:
                    pkt.flags |= PKT_FLAG_CORRUPT
                    pb.eof = True
                got = len(data)
                if ast.avctx_time_base is None and st.codecpar.codec_type == "video":
                    self._decoder_rate(st, ast, data)
                if st.codecpar.codec_name in ("h264", "hevc") and not st.codecpar.extradata:
                    # find_stream_info's extract_extradata on Annex B packets
                    from ..mpegts.parse import extract_extradata
                    extract_extradata(st, pkt)
                if ast.has_pal:
                    pal = b"".join(v.to_bytes(4, "little") for v in ast.pal)
                    pkt.side_data.append(SideData("Palette", [], pal))
                    ast.has_pal = False
                pkt.dts = ast.frame_offset
                if ast.sample_size:
                    pkt.dts //= ast.sample_size
                if st.codecpar.codec_type == "video" and ast.entries:
                    k = ast.search(ast.frame_offset)
                    if k >= 0 and ast.entries[k].timestamp == ast.frame_offset:
                        e = ast.entries[k]
                        if k == len(ast.entries) - 1:
                            key = True
                            if st.codecpar.codec_name == "mpeg4":
                                key = _mpeg4_key(data[:256])
                            if not key:
                                e.flags &= ~IX.KEYFRAME
                        if e.flags & IX.KEYFRAME:
                            pkt.flags |= PKT_FLAG_KEY
                else:
                    pkt.flags |= PKT_FLAG_KEY
                ast.frame_offset += ast.duration_of(len(data))
                ast.remaining -= got
                if not ast.remaining:
                    self.stream_index = -1
                    ast.packet_size = 0
                if not self.non_interleaved and pos >= 0 and ast.seek_pos > pos:
                    # a chunk before the stream's seek target: dropped, read on
                    continue
                ast.seek_pos = 0
                if not self.non_interleaved and len(ast.entries) > 1 and self.index_loaded > 1:
                    dts = rescale_q(pkt.dts, st.time_base, AV_TIME_BASE_Q)
                    if self.dts_max < dts:
                        self.dts_max = dts
                    elif self.dts_max - dts > 2 * 1000000:
                        self.non_interleaved = True
                        self.log.info("Switching to NI mode, due to poor interleaving\n")
                if not data and st.codecpar.codec_name in PARSED and (
                        st.codecpar.codec_type == "video" or ast.split_audio):
                    # FFmpeg 5.1.9: an empty chunk (a dropped frame) reaches the parser, which
                    # outputs nothing for it
                    if self.non_interleaved and not self._ni_prepare():
                        return None
                    continue
                return pkt
            if not self.sync():
                return None
        return None


def read_seek(dm, stream_index: int, timestamp: int, flags: int) -> int:
    """avi_read_seek: the index entry of the wanted stream, then every stream restarts from
    its entry at or before that time (the earliest position of them all is read first)."""
    if not dm.index_loaded:
        IX.load_index(dm)
        dm.index_loaded |= 1
    streams = dm.ctx.streams
    if not 0 <= stream_index < len(dm.ast):
        return -22
    st, ast = streams[stream_index], dm.ast[stream_index]
    scale = max(ast.sample_size, 1)
    i = ast.search(timestamp * scale, bool(flags & 1), bool(flags & 4))
    if i < 0:
        return -1094995529                  # AVERROR_INVALIDDATA
    pos = ast.entries[i].pos
    timestamp = ast.entries[i].timestamp // scale
    pos_min = pos
    found = []
    for st2, ast2 in zip(streams, dm.ast):
        ast2.packet_size = ast2.remaining = 0
        if not ast2.entries:
            found.append(None)
            continue
        want = rescale_q(timestamp, st.time_base, st2.time_base) * max(ast2.sample_size, 1)
        k = ast2.search(want, True, bool(flags & 4) or st2.codecpar.codec_type != "video")
        k = max(k, 0)
        found.append(k)
        ast2.seek_pos = ast2.entries[k].pos
        pos_min = min(pos_min, ast2.seek_pos)
    for ast2, k in zip(dm.ast, found):
        if k is None:
            continue
        while not dm.non_interleaved and k > 0 and ast2.entries[k - 1].pos >= pos_min:
            k -= 1
        ast2.frame_offset = ast2.entries[k].timestamp
    if not dm.pb.seek(pos_min):
        dm.log.error("Seek failed\n")
        return -1
    dm.stream_index = -1
    dm.dts_max = -(1 << 31)
    return 0


def _mpeg4_key(data: bytes) -> bool:
    """The first VOP start code's coding type: I-VOPs are key frames."""
    i = data.find(b"\x00\x00\x01\xb6")
    if i < 0 or i + 4 >= len(data):
        return True
    return not (data[i + 4] & 0xC0)
