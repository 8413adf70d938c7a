"""Matroska Tracks (RFC 9559 section 5.1.4): TrackEntry parsing, the CodecID -> codec table,
CodecPrivate handling per codec, Video/Audio elements, flags -> dispositions; builds the
Stream the way FFmpeg 5.1.9's matroska_parse_tracks does.
"""
from __future__ import annotations

import errno
import math
import struct

from ...errors import CineError
from ...limits import MAX_STREAMS
from ...model import Rational, Stream
from ...timebase import reduce, rescale_q
from ...codecs import colour as COL
from . import schema as S

# ff_mkv_codec_tags (libavformat/matroska.c): CodecID prefixes in lookup order.
CODEC_TAGS = (
    ("A_AAC", "aac"), ("A_AC3", "ac3"), ("A_ALAC", "alac"), ("A_DTS", "dts"),
    ("A_EAC3", "eac3"), ("A_FLAC", "flac"), ("A_MLP", "mlp"), ("A_MPEG/L2", "mp2"),
    ("A_MPEG/L1", "mp1"), ("A_MPEG/L3", "mp3"), ("A_OPUS", "opus"),
    ("A_PCM/FLOAT/IEEE", "pcm_f32le"), ("A_PCM/INT/BIG", "pcm_s16be"),
    ("A_PCM/INT/LIT", "pcm_s16le"), ("A_QUICKTIME/QDMC", "qdmc"), ("A_QUICKTIME/QDM2", "qdm2"),
    ("A_REAL/14_4", "ra_144"), ("A_REAL/28_8", "ra_288"), ("A_REAL/ATRC", "atrac3"),
    ("A_REAL/COOK", "cook"), ("A_REAL/SIPR", "sipr"), ("A_TRUEHD", "truehd"),
    ("A_TTA1", "tta"), ("A_VORBIS", "vorbis"), ("A_WAVPACK4", "wavpack"),
    ("D_WEBVTT/SUBTITLES", "webvtt"), ("D_WEBVTT/CAPTIONS", "webvtt"),
    ("D_WEBVTT/DESCRIPTIONS", "webvtt"), ("D_WEBVTT/METADATA", "webvtt"),
    ("S_TEXT/UTF8", "subrip"), ("S_TEXT/ASCII", "text"), ("S_TEXT/ASS", "ass"),
    ("S_TEXT/SSA", "ass"), ("S_ASS", "ass"), ("S_SSA", "ass"), ("S_VOBSUB", "dvd_subtitle"),
    ("S_DVBSUB", "dvb_subtitle"), ("S_HDMV/PGS", "hdmv_pgs_subtitle"),
    ("S_HDMV/TEXTST", "hdmv_text_subtitle"), ("V_AV1", "av1"), ("V_AVS2", "avs2"),
    ("V_AVS3", "avs3"), ("V_DIRAC", "dirac"), ("V_FFV1", "ffv1"), ("V_MJPEG", "mjpeg"),
    ("V_MPEG1", "mpeg1video"), ("V_MPEG2", "mpeg2video"), ("V_MPEG4/ISO/ASP", "mpeg4"),
    ("V_MPEG4/ISO/AP", "mpeg4"), ("V_MPEG4/ISO/SP", "mpeg4"), ("V_MPEG4/ISO/AVC", "h264"),
    ("V_MPEGH/ISO/HEVC", "hevc"), ("V_MPEG4/MS/V3", "msmpeg4v3"), ("V_PRORES", "prores"),
    ("V_REAL/RV10", "rv10"), ("V_REAL/RV20", "rv20"), ("V_REAL/RV30", "rv30"),
    ("V_REAL/RV40", "rv40"), ("V_SNOW", "snow"), ("V_THEORA", "theora"),
    ("V_UNCOMPRESSED", "rawvideo"), ("V_VP8", "vp8"), ("V_VP9", "vp9"),
)
# a few BITMAPINFOHEADER FourCCs (libavformat/riff.c ff_codec_bmp_tags) for V_MS/VFW/FOURCC
BMP_TAGS = {b"H264": "h264", b"h264": "h264", b"X264": "h264", b"avc1": "h264",
            b"FMP4": "mpeg4", b"DIVX": "mpeg4", b"DX50": "mpeg4", b"XVID": "mpeg4",
            b"MP4V": "mpeg4", b"MJPG": "mjpeg", b"HEVC": "hevc", b"H265": "hevc",
            b"VP80": "vp8", b"VP90": "vp9", b"AV01": "av1", b"MPG2": "mpeg2video",
            b"FFV1": "ffv1", b"DIV3": "msmpeg4v3", b"MP43": "msmpeg4v3"}
# WAVEFORMATEX format tags (riff.c ff_codec_wav_tags) for A_MS/ACM
WAV_TAGS = {0x0001: "pcm_s16le", 0x0003: "pcm_f32le", 0x0006: "pcm_alaw", 0x0007: "pcm_mulaw",
            0x0050: "mp2", 0x0055: "mp3", 0x00FF: "aac", 0x1610: "aac", 0x2000: "ac3",
            0x2001: "dts", 0xF1AC: "flac", 0x0011: "adpcm_ima_wav", 0x0002: "adpcm_ms"}
STEREO_MODES = ("mono", "left_right", "bottom_top", "top_bottom", "checkerboard_rl",
                "checkerboard_lr", "row_interleaved_rl", "row_interleaved_lr",
                "col_interleaved_rl", "col_interleaved_lr", "anaglyph_cyan_red", "right_left",
                "anaglyph_green_magenta", "block_lr", "block_rl")
# Matroska StereoMode -> (AVStereo3DType, inverted)
STEREO3D = {0: (0, 0), 1: (1, 0), 11: (1, 1), 3: (2, 0), 2: (2, 1), 5: (4, 0), 4: (4, 1),
            7: (6, 0), 6: (6, 1), 9: (7, 0), 8: (7, 1), 13: (3, 0), 14: (3, 1)}
# BlockAddIDType of the Dolby Vision configurations
_DOVI_MAPPINGS = (int.from_bytes(b"dvcC", "big"), int.from_bytes(b"dvvC", "big"))
AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
FLAC_STREAMINFO_SIZE = 34


class Track:
    """A parsed TrackEntry with FFmpeg 5.1.9's defaults for absent elements."""

    def __init__(self):
        self.num = 0
        self.uid = 0
        self.type = 0
        self.name = None
        self.codec_id = None
        self.codec_priv = b""
        self.codec_delay = 0
        self.seek_preroll = 0
        self.language = "eng"
        self.default_duration = 0
        self.time_scale = 1.0
        self.flag_default = 1
        self.flag_forced = 0
        self.flag_comment = 0
        self.flag_hearing = 0
        self.flag_visual = 0
        self.flag_textdesc = 0
        self.flag_original = None
        # video
        self.frame_rate = 0.0
        self.pixel_width = 0
        self.pixel_height = 0
        self.display_width = -1
        self.display_height = -1
        self.display_unit = 0
        self.colour_space = b""
        self.alpha_mode = 0
        self.interlaced = 0
        self.field_order = 2
        self.stereo_mode = 15
        self.colour = None
        self.planes = []
        self.block_addition_mappings = []
        self.projection = None
        # audio
        self.samplerate = 8000.0
        self.out_samplerate = 0.0
        self.channels = 1
        self.bitdepth = 0
        self.encodings = []
        # demux state
        self.stream = None
        self.needs_decoding = False
        self.comp_algo = None
        self.comp_settings = b""
        self.ms_compat = False
        self.codec_delay_in_tb = 0
        self.end_timecode = 0


def track_from_rec(r) -> Track:
    """A Track from a TrackEntry record of the streaming parser (syntax.TRACK): absent
    sub-elements keep the zero values the reference's cleared structs hold."""
    t = Track()
    t.num, t.uid, t.type, t.name, t.codec_id = r.num, r.uid, r.type, r.name, r.codec_id
    t.codec_priv = r.codec_priv or b""
    t.codec_delay, t.seek_preroll, t.language = r.codec_delay, r.seek_preroll, r.language
    t.default_duration, t.time_scale = r.default_duration, r.time_scale
    t.flag_default, t.flag_forced, t.flag_comment = r.flag_default, r.flag_forced, r.flag_comment
    t.flag_hearing, t.flag_visual, t.flag_textdesc = r.flag_hearing, r.flag_visual, r.flag_textdesc
    t.flag_original = r.flag_original if r.flag_original_count else None
    v = r.video
    t.frame_rate, t.pixel_width, t.pixel_height = v.frame_rate, v.pixel_width, v.pixel_height
    # an unsigned -1 default compares equal to -1 in the reference
    t.display_width = -1 if v.display_width == (1 << 64) - 1 else v.display_width
    t.display_height = -1 if v.display_height == (1 << 64) - 1 else v.display_height
    t.display_unit, t.colour_space, t.alpha_mode = v.display_unit, v.colour_space or b"", v.alpha_mode
    t.interlaced, t.field_order, t.stereo_mode = v.interlaced, v.field_order, v.stereo_mode
    t.projection = v.projection
    if v.colour:
        c = v.colour[0]
        t.colour = {"matrix": c.matrix, "range": c.range, "trc": c.trc, "primaries": c.primaries,
                    "siting_h": c.siting_h, "siting_v": c.siting_v, "max_cll": c.max_cll,
                    "max_fall": c.max_fall, "mastering": c.mastering}
    t.planes = [{"uid": pl.uid, "type": pl.type} for pl in r.operation.planes]
    t.block_addition_mappings = [{"type": m.type, "extradata": m.extradata or b""}
                                 for m in r.block_addition_mappings]
    a = r.audio
    t.samplerate, t.out_samplerate = a.samplerate, a.out_samplerate
    t.channels, t.bitdepth = a.channels, a.bitdepth
    t.encodings = [{"scope": e.scope, "type": e.type, "algo": e.compression.algo,
                    "settings": e.compression.settings or b"",
                    "key_id": e.encryption.key_id or b""} for e in r.encodings]
    return t


def _mov_video_tag(fourcc: int) -> str | None:
    """ff_codec_bmp_tags, then ff_codec_movvideo_tags, for V_MS/VFW/FOURCC."""
    from ..mp4.codec_tags import MOV_VIDEO
    from ..riff_tags import BMP
    for table in (BMP, MOV_VIDEO):
        for tag, name in table:
            if tag == fourcc:
                return name
    return None


def _lookup(codec_id: str) -> str | None:
    for prefix, name in CODEC_TAGS:
        if codec_id.startswith(prefix):
            return name
    return None


def _d2i32(x: float) -> int:
    """A double stored into an int as x86-64 code does: NaN and out-of-range give INT_MIN."""
    if x != x or not -2147483648.0 <= x < 2147483648.0:
        return -2147483648
    return int(x)


def _aac_sri(rate: int) -> int:
    for i, r in enumerate(AAC_RATES):
        if r == rate:
            return i
    return len(AAC_RATES)


def _decode_priv(t: Track, log) -> None:
    """ContentEncodings: header stripping and zlib apply to frames (scope 1) and to the
    CodecPrivate (scope 2)."""
    if len(t.encodings) > 1:
        log.error("Multiple combined encodings not supported")
        return
    if not t.encodings:
        return
    enc = t.encodings[0]
    if enc["type"]:
        if not enc["key_id"]:
            enc["scope"] = 0
            log.error("Unsupported encoding type")
        return
    if enc["algo"] not in (0, 1, 2, 3):
        enc["scope"] = 0
        log.error("Unsupported encoding type")
        return
    t.comp_algo = enc["algo"]
    t.comp_settings = enc["settings"]
    if t.codec_priv and enc["scope"] & 2:
        try:
            t.codec_priv = decode_buffer(t, t.codec_priv)
        except Exception:       # noqa: BLE001 - any codec failure means "could not decode"
            t.codec_priv = b""
            log.error("Failed to decode codec private data\n")
    t.needs_decoding = bool(enc["scope"] & 1) and (enc["algo"] != 3 or bool(enc["settings"]))


# FFmpeg 5.1.9 (matroska_decode_buffer): inputs from this size on are refused, and the
# output buffer (3x the input, tripled while inflate wants more) stops growing past it
DECODE_LIMIT = 10000000


def decode_buffer(t: Track, data: bytes) -> bytes:
    """Undo a track's content compression on one frame or on the CodecPrivate."""
    from ...errors import InvalidData
    if len(data) >= DECODE_LIMIT:
        raise InvalidData("compressed frame too large")
    algo = t.comp_algo
    if algo == 3:
        return t.comp_settings + data
    if algo == 0:
        import zlib
        if not data:
            raise InvalidData("empty zlib frame")
        cap = 3 * len(data)
        while cap < DECODE_LIMIT:
            cap *= 3
        d = zlib.decompressobj()
        try:
            out = d.decompress(data, cap)
        except zlib.error:
            raise InvalidData("zlib error") from None
        if not d.eof:           # truncated, or more than the buffer the reference allows
            raise InvalidData("zlib stream does not end")
        return out
    raise InvalidData("unsupported compression")


MAX_STREAMS_MSG = ("Number of streams exceeds max_streams parameter (%d), see the documentation "
                   "if you wish to increase it\n")


def build_stream(t: Track, index: int, time_scale: int, muxingapp: str | None, duration: float,
                 log) -> Stream | None:
    """matroska_parse_tracks for one entry; None when the reference skips the track."""
    if t.type not in (S.TRACK_TYPE_VIDEO, S.TRACK_TYPE_AUDIO, S.TRACK_TYPE_SUBTITLE,
                      S.TRACK_TYPE_METADATA):
        log.info("Unknown or unsupported track type %d\n" % t.type)
        return None
    if not t.codec_id:
        return None
    c0 = t.codec_id[:1]
    if ((t.type == S.TRACK_TYPE_AUDIO and c0 != "A") or (t.type == S.TRACK_TYPE_VIDEO and c0 != "V")
            or (t.type in (S.TRACK_TYPE_SUBTITLE, S.TRACK_TYPE_METADATA) and c0 not in "DS")):
        log.info("Inconsistent track type\n")
        return None
    if t.samplerate < 0 or t.samplerate > 0x7FFFFFFF or math.isnan(t.samplerate):
        log.warning("Invalid sample rate %f, defaulting to 8000 instead.\n" % t.samplerate)
        t.samplerate = 8000.0
    fourcc = 0
    if t.type == S.TRACK_TYPE_VIDEO:
        if not t.default_duration and t.frame_rate > 0:
            dd = 1000000000 / t.frame_rate
            if 0 <= dd <= 2 ** 64 - 1:
                t.default_duration = int(dd)
        if t.display_width == -1:
            t.display_width = t.pixel_width
        if t.display_height == -1:
            t.display_height = t.pixel_height
        if len(t.colour_space) == 4:
            fourcc = int.from_bytes(t.colour_space, "little")
    elif t.type == S.TRACK_TYPE_AUDIO:
        if not t.out_samplerate:
            t.out_samplerate = t.samplerate
    _decode_priv(t, log)
    codec = _lookup(t.codec_id)
    if index >= MAX_STREAMS:
        # FFmpeg 5.1.9: avformat_new_stream refuses, and the header fails with ENOMEM
        log.error(MAX_STREAMS_MSG % MAX_STREAMS)
        raise CineError(code=-errno.ENOMEM)
    st = Stream(index=index)
    par = st.codecpar
    if t.encodings and t.encodings[0]["type"] and t.encodings[0]["key_id"]:
        import base64
        st.tags.set("enc_key_id", base64.b64encode(t.encodings[0]["key_id"]).decode("ascii"))
    priv = t.codec_priv
    extradata = None
    offset = 0
    bit_depth = -1
    if t.codec_id == "V_MS/VFW/FOURCC" and len(priv) >= 40:
        t.ms_compat = True
        bit_depth = int.from_bytes(priv[14:16], "little")
        fourcc = int.from_bytes(priv[16:20], "little")
        codec = _mov_video_tag(fourcc) or BMP_TAGS.get(priv[16:20])
        offset = 40
    elif t.codec_id == "A_MS/ACM" and len(priv) >= 14:
        tag = int.from_bytes(priv[0:2], "little")
        codec = WAV_TAGS.get(tag)
        fourcc = tag
        par.channels = int.from_bytes(priv[2:4], "little")
        par.sample_rate = int.from_bytes(priv[4:8], "little")
        par.bit_rate = int.from_bytes(priv[8:12], "little") * 8
        par.block_align = int.from_bytes(priv[12:14], "little")
        if len(priv) >= 16:
            par.bits_per_coded_sample = int.from_bytes(priv[14:16], "little")
        if codec == "pcm_s16le" and par.bits_per_coded_sample:
            codec = {8: "pcm_u8", 24: "pcm_s24le", 32: "pcm_s32le"}.get(par.bits_per_coded_sample, codec)
        offset = min(len(priv), 18)
    elif codec == "pcm_s16be":
        codec = {8: "pcm_u8", 24: "pcm_s24be", 32: "pcm_s32be"}.get(t.bitdepth, codec)
    elif codec == "pcm_s16le":
        codec = {8: "pcm_u8", 24: "pcm_s24le", 32: "pcm_s32le"}.get(t.bitdepth, codec)
    elif codec == "pcm_f32le" and t.bitdepth == 64:
        codec = "pcm_f64le"
    elif codec == "aac" and not priv:
        profile = 1
        for i, p in enumerate(("MAIN", "LC", "SSR")):
            if p in t.codec_id:
                profile = i + 1
                break
        else:
            profile = 4
        sri = _aac_sri(_d2i32(t.samplerate))
        ed = bytearray(5)
        ed[0] = (profile << 3 | (sri & 0x0E) >> 1) & 0xFF
        ed[1] = ((sri & 1) << 7 | t.channels << 3) & 0xFF
        if "SBR" in t.codec_id:
            sri = _aac_sri(_d2i32(t.out_samplerate))
            ed[2], ed[3], ed[4] = 0x56, 0xE5, (0x80 | sri << 3) & 0xFF
            extradata = bytes(ed)
        else:
            extradata = bytes(ed[:2])
    elif codec == "alac" and priv:
        extradata = struct.pack(">I", 12 + len(priv)) + b"alac" + b"\0\0\0\0" + priv
    elif codec == "flac" and priv:
        if len(priv) < 8 + FLAC_STREAMINFO_SIZE or priv[4] & 0x7F:
            log.warning("Invalid FLAC private data\n")
            priv = b""
        else:
            offset = 8
            _flac_channel_mask(par, priv[8 + FLAC_STREAMINFO_SIZE:], log)
            priv = priv[:8 + FLAC_STREAMINFO_SIZE]
    elif codec == "tta" and t.channels <= 0xFFFF and t.bitdepth <= 0xFFFF \
            and 0 <= t.out_samplerate <= 0x7FFFFFFF:
        # a TTA1 header for the decoder: channels, bit depth, rate and the sample count of
        # the Segment duration
        from ...timebase import rescale_rnd
        rate = int(t.out_samplerate)
        total = float(duration or 0.0) * time_scale
        total = int(total) if total == total and abs(total) < 9.2e18 else 0
        extradata = (b"TTA1" + struct.pack("<HHHI", 1, t.channels & 0xFFFF, t.bitdepth & 0xFFFF,
                                           rate)
                     + struct.pack("<I", rescale_rnd(total, rate, 1000000000) & 0xFFFFFFFF)
                     + bytes(4))
    elif codec == "wavpack" and len(priv) < 2:
        log.info("Assuming WavPack version 4.10 in absence of valid CodecPrivate.\n")
        extradata = b"\x10\x04"
    elif codec == "prores" and len(priv) == 4:
        fourcc = int.from_bytes(priv, "little")
    elif codec == "vp9" and priv:
        priv = b""
    elif codec in ("rv10", "rv20", "rv30", "rv40"):
        offset = 26
    if codec is None:
        log.info("Unknown/unsupported AVCodecID %s.\n" % t.codec_id)
    if t.time_scale < 0.01:
        log.warning("Track TimestampScale too small %f, assuming 1.0.\n" % t.time_scale)
        t.time_scale = 1.0
    num = time_scale * t.time_scale
    if num > 0xFFFFFFFF:
        from ...errors import InvalidData
        raise InvalidData("track time scale too large")
    # avpriv_set_pts_info takes the product as an unsigned int (NaN and values below 1
    # become 0); an invalid time base is refused and the stream keeps 1/90000
    pts_num = int(num) if num == num and num >= 0 else 0
    tb = reduce(pts_num, 1000000000, 0x7FFFFFFF)
    if tb.num <= 0 or tb.den <= 0:
        from ...log import Logger
        Logger(None, log.sink).error("Ignoring attempt to set invalid timebase %d/%d for st:%d\n"
                                     % (tb.num, tb.den, index))
        tb = Rational(1, 90000)
    st.time_base = tb
    t.codec_delay_in_tb = rescale_q(t.codec_delay, Rational(1, 1000000000), st.time_base)
    par.codec_name = codec
    if t.language != "und":
        st.tags.set("language", t.language)
    if t.name is not None:
        st.tags.set("title", t.name)
    if t.flag_default:
        st.disposition.add("default")
    if t.flag_forced:
        st.disposition.add("forced")
    if t.flag_comment:
        st.disposition.add("comment")
    if t.flag_hearing:
        st.disposition.add("hearing_impaired")
    if t.flag_visual:
        st.disposition.add("visual_impaired")
    if t.flag_original is not None:
        st.disposition.add("original" if t.flag_original else "dub")
    if not par.extradata:
        if extradata is not None:
            par.extradata = extradata
        elif priv[offset:]:
            par.extradata = priv[offset:]
    if t.type == S.TRACK_TYPE_VIDEO:
        _video(st, t, fourcc, bit_depth, muxingapp)
        if t.projection is not None:
            from .projection import projection_side_data
            sd = projection_side_data(t.projection, par.width, par.height, log)
            if sd is not None:
                st.side_data.append(sd)
    elif t.type == S.TRACK_TYPE_AUDIO:
        par.codec_type = "audio"
        par.codec_tag = fourcc
        par.sample_rate = _d2i32(t.out_samplerate)
        if not par.channels:
            par.channels = t.channels
        if not par.bits_per_coded_sample:
            par.bits_per_coded_sample = t.bitdepth
        if t.codec_delay > 0:
            rate = 48000 if codec == "opus" else par.sample_rate
            if rate:
                par.initial_padding = rescale_q(t.codec_delay, Rational(1, 1000000000), Rational(1, rate))
    elif codec == "webvtt":
        par.codec_type = "subtitle"
        kind = {"D_WEBVTT/CAPTIONS": "captions", "D_WEBVTT/DESCRIPTIONS": "descriptions",
                "D_WEBVTT/METADATA": "metadata"}.get(t.codec_id)
        if kind:
            st.disposition.add(kind)
    elif t.type == S.TRACK_TYPE_SUBTITLE:
        par.codec_type = "subtitle"
        if t.flag_textdesc:
            st.disposition.add("descriptions")
    if par.codec_type is None:
        par.codec_type = "data"
    for m in t.block_addition_mappings:
        # mkv_parse_block_addition_mappings: Dolby Vision configurations (too short: the
        # whole file fails, as ff_isom_parse_dvcc_dvvc's error does); other types ignored
        if m["type"] in _DOVI_MAPPINGS:
            from ..dovi import parse as parse_dovi
            from ...model import set_side_data
            set_side_data(st, parse_dovi(m["extradata"]))
    st.priv = _parsing(par)
    return st


class StreamPriv:
    """What av_read_frame needs to know of a Matroska stream: the parser it runs."""

    def __init__(self, need_parsing: int, audio: bool):
        self.need_parsing = need_parsing          # 1 full, 2 headers (complete frames)
        self.complete_frames = need_parsing == 2
        self.split_audio = audio and need_parsing != 0
        if audio:
            # find_stream_info's first packet comes before any decoding: no frame size yet
            self.header_frame_size = 0


def _parsing(par) -> StreamPriv | None:
    """matroska_parse_tracks: video other than HEVC gets its headers parsed; audio other
    than AAC too, except MP3, MLP and TrueHD which get a full parser."""
    if par.codec_type == "video":
        priv = StreamPriv(0 if par.codec_name == "hevc" else 2, False)
        # the MPEG video parsers' picture types and delay (engine/vidparse.py); the blocks
        # carry presentation times
        from ...vidparse import PARSED_VIDEO
        priv.parse_headers = par.codec_name in PARSED_VIDEO
        priv.demuxer_pts = True
        return priv
    if par.codec_type == "audio":
        if par.codec_name in ("mp3", "mlp", "truehd"):
            return StreamPriv(1, True)
        return StreamPriv(0 if par.codec_name == "aac" else 2, True)
    return None


def _flac_channel_mask(par, rest: bytes, log) -> None:
    """WAVEFORMATEXTENSIBLE_CHANNEL_MASK in a VORBIS_COMMENT block after STREAMINFO."""
    p = 0
    while len(rest) - p >= 4:
        btype = rest[p] & 0x7F
        bsize = int.from_bytes(rest[p + 1:p + 4], "big")
        p += 4
        if bsize > len(rest) - p:
            return
        if btype == 4:
            from . import tags as T
            value = T.vorbis_comment_value(rest[p:p + bsize], "WAVEFORMATEXTENSIBLE_CHANNEL_MASK")
            if value is not None:
                try:
                    mask = int(value, 0)
                except ValueError:
                    mask = 0
                if not mask or mask & ~0x3FFFF:
                    log.warning("Invalid value of WAVEFORMATEXTENSIBLE_CHANNEL_MASK\n")
                else:
                    from ... import chlayout as CL
                    par.channels = CL.nb_channels(mask)
                    par.channel_layout = CL.describe(mask)
        p += bsize


def _video(st: Stream, t: Track, fourcc: int, bit_depth: int, muxingapp: str | None) -> None:
    par = st.codecpar
    par.codec_type = "video"
    par.codec_tag = fourcc
    if bit_depth >= 0:
        par.bits_per_coded_sample = bit_depth
    par.width = t.pixel_width
    par.height = t.pixel_height
    if t.interlaced == 1:
        par.field_order = _field_order(t.field_order, muxingapp)
    elif t.interlaced == 2:
        par.field_order = "progressive"
    wmul = hmul = 1
    if 0 < t.stereo_mode < 15:
        if t.stereo_mode in (1, 11, 8, 9):
            wmul = 2
        elif t.stereo_mode in (2, 3, 6, 7):
            hmul = 2
    if t.display_unit < 4 and t.display_width and t.display_height:
        st.sample_aspect_ratio = reduce(par.height * t.display_width * wmul,
                                        par.width * t.display_height * hmul, 0x7FFFFFFF)
    if t.default_duration:
        st.avg_frame_rate = reduce(1000000000, t.default_duration, 30000)
        fr = st.avg_frame_rate
        if fr.num < fr.den * 1000 and fr.num > fr.den * 5:
            st.r_frame_rate = fr
    if 0 < t.stereo_mode < 15:
        st.tags.set("stereo_mode", STEREO_MODES[t.stereo_mode])
    if t.alpha_mode:
        st.tags.set("alpha_mode", "1")
    if t.stereo_mode < 15 and t.stereo_mode not in (10, 12):
        # ff_mkv_stereo3d_conv: AVStereo3D {type, flags(invert), view} as side data
        kind, inverted = STEREO3D.get(t.stereo_mode, (0, 0))
        from ...spherical import stereo3d_side_data
        st.side_data.append(stereo3d_side_data(kind, inverted))
    c = t.colour
    if c is not None:
        if c["matrix"] != 3:
            par.color_space = COL.space(c["matrix"]) if c["matrix"] != 2 else None
        if c["primaries"] not in (3, 0):
            par.color_primaries = COL.primaries(c["primaries"]) if c["primaries"] != 2 else None
        if c["trc"] not in (3, 0):
            par.color_transfer = COL.transfer(c["trc"]) if c["trc"] != 2 else None
        if c["range"] in (1, 2):
            par.color_range = "tv" if c["range"] == 1 else "pc"
        sh, sv = c["siting_h"], c["siting_v"]
        if sh and sv and sh < 3 and sv < 3:
            par.chroma_location = _chroma_pos((sh - 1) << 7, (sv - 1) << 7)
        from .hdr import hdr_side_data
        st.side_data += hdr_side_data(c["max_cll"], c["max_fall"], c["mastering"])


def _chroma_pos(x: int, y: int) -> str | None:
    """avcodec_chroma_pos_to_enum over the positions 0/128 Matroska can express."""
    table = {(0, 128): "left", (128, 128): "center", (0, 0): "topleft", (128, 0): "top",
             (0, 256): "bottomleft", (128, 256): "bottom"}
    return table.get((x, y))


def _field_order(fo: int, muxingapp: str | None) -> str | None:
    bttb = False
    if muxingapp and muxingapp.startswith("Lavf57."):
        parts = muxingapp[7:].split(".")
        try:
            minor, micro = int(parts[0]), int("".join(ch for ch in parts[1] if ch.isdigit()) or "x")
            bttb = 36 <= minor <= 51 and micro >= 100
        except (ValueError, IndexError):
            pass
    if fo == 0:
        return "progressive"
    if fo == 1:
        return "tt"
    if fo == 6:
        return "bb"
    if fo == 14:
        return "tb" if bttb else "bt"
    if fo == 9:
        return "bt" if bttb else "tb"
    return None
