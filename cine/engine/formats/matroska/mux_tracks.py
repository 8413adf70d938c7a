"""TrackEntry elements of the Matroska/WebM muxer (Matroska specification "Tracks", codec
mappings of the Matroska Codec Specifications) as FFmpeg 5.1.9's matroskaenc.c writes them for
stream copy: CodecID choice, CodecPrivate per codec (avcC, hvcC, av1C, Xiph-laced Vorbis/Theora
headers, fLaC+STREAMINFO, AAC AudioSpecificConfig, ...), Video and Audio sub-elements, and the
per-packet payload rewrites (Annex B to length prefixes, AV1 OBU filtering, WebVTT cues).
"""
from __future__ import annotations

import errno

from ...errors import AVERROR_INVALIDDATA, CineError, InvalidData, Unsupported
from ...spherical import STEREO3D_NAMES, unpack_spherical
from . import mux_ebml as E

# ff_mkv_codec_tags of FFmpeg 5.1.9 (matroska.c): the first entry of a codec wins.
MKV_CODEC_IDS = (
    ("A_AAC", "aac"), ("A_AC3", "ac3"), ("A_ALAC", "alac"), ("A_DTS", "dts"), ("A_EAC3", "eac3"),
    ("A_FLAC", "flac"), ("A_MLP", "mlp"), ("A_MPEG/L2", "mp2"), ("A_MPEG/L1", "mp1"),
    ("A_MPEG/L3", "mp3"), ("A_OPUS", "opus"), ("A_PCM/FLOAT/IEEE", "pcm_f32le"),
    ("A_PCM/FLOAT/IEEE", "pcm_f64le"), ("A_PCM/INT/BIG", "pcm_s16be"),
    ("A_PCM/INT/BIG", "pcm_s24be"), ("A_PCM/INT/BIG", "pcm_s32be"),
    ("A_PCM/INT/LIT", "pcm_s16le"), ("A_PCM/INT/LIT", "pcm_s24le"),
    ("A_PCM/INT/LIT", "pcm_s32le"), ("A_PCM/INT/LIT", "pcm_u8"),
    ("A_QUICKTIME/QDMC", "qdmc"), ("A_QUICKTIME/QDM2", "qdm2"), ("A_REAL/14_4", "ra_144"),
    ("A_REAL/28_8", "ra_288"), ("A_REAL/ATRC", "atrac3"), ("A_REAL/COOK", "cook"),
    ("A_REAL/SIPR", "sipr"), ("A_TRUEHD", "truehd"), ("A_TTA1", "tta"), ("A_VORBIS", "vorbis"),
    ("A_WAVPACK4", "wavpack"), ("D_WEBVTT/SUBTITLES", "webvtt"), ("S_TEXT/UTF8", "subrip"),
    ("S_TEXT/UTF8", "text"), ("S_TEXT/ASS", "ass"), ("S_VOBSUB", "dvd_subtitle"),
    ("S_DVBSUB", "dvb_subtitle"), ("S_HDMV/PGS", "hdmv_pgs_subtitle"),
    ("S_HDMV/TEXTST", "hdmv_text_subtitle"), ("V_AV1", "av1"), ("V_AVS2", "avs2"),
    ("V_AVS3", "avs3"), ("V_DIRAC", "dirac"), ("V_FFV1", "ffv1"), ("V_MJPEG", "mjpeg"),
    ("V_MPEG1", "mpeg1video"), ("V_MPEG2", "mpeg2video"), ("V_MPEG4/ISO/ASP", "mpeg4"),
    ("V_MPEG4/ISO/AVC", "h264"), ("V_MPEGH/ISO/HEVC", "hevc"), ("V_MPEG4/MS/V3", "msmpeg4v3"),
    ("V_PRORES", "prores"), ("V_REAL/RV10", "rv10"), ("V_REAL/RV20", "rv20"),
    ("V_REAL/RV30", "rv30"), ("V_REAL/RV40", "rv40"), ("V_SNOW", "snow"), ("V_THEORA", "theora"),
    ("V_UNCOMPRESSED", "rawvideo"), ("V_VP8", "vp8"), ("V_VP9", "vp9"),
)
WEBM_CODEC_IDS = (("V_VP8", "vp8"), ("V_VP9", "vp9"), ("V_AV1", "av1"),
                  ("A_VORBIS", "vorbis"), ("A_OPUS", "opus"))
TYPE_VIDEO, TYPE_AUDIO, TYPE_SUBTITLE, TYPE_METADATA = 1, 2, 0x11, 0x21
OPUS_SEEK_PREROLL = 80_000_000
MAX_PCE_SIZE = 320
AV1_RESERVE = (3138 + 7) // 8 + 100
FIELD_ORDERS = {"tt": 1, "bb": 6, "tb": 9, "bt": 14}
# AVCodecID values printed by "Subtitle codec %d is not supported."
SUB_CODEC_IDS = {"dvd_subtitle": 94208, "dvb_subtitle": 94209, "text": 94210, "xsub": 94211,
                 "ssa": 94212, "mov_text": 94213, "hdmv_pgs_subtitle": 94214,
                 "dvb_teletext": 94215, "srt": 94216, "microdvd": 96256, "eia_608": 96257,
                 "jacosub": 96258, "sami": 96259, "realtext": 96260, "stl": 96261,
                 "subviewer1": 96262, "subviewer": 96263, "subrip": 96264, "webvtt": 96265,
                 "mpl2": 96266, "vplayer": 96267, "pjs": 96268, "ass": 96269,
                 "hdmv_text_subtitle": 96270, "ttml": 96271, "arib_caption": 96272}
PRORES_TAGS = {int.from_bytes(t.encode(), "little") for t in
               ("apch", "apcn", "apcs", "apco", "ap4h", "ap4x", "aprh", "aprn")}
SAMPLE_BYTES = {"u8": 1, "s16": 2, "s32": 4, "flt": 4, "dbl": 8, "s64": 8}
# AVChromaLocation -> (xpos, ypos) of avcodec_enum_to_chroma_pos, in 1/256 units
CHROMA_POS = {"left": (0, 128), "center": (128, 128), "topleft": (0, 0), "top": (128, 0)}


def einval(log, msg: str) -> CineError:
    log.error(msg)
    return CineError(code=-errno.EINVAL)


def codec_id_of(name: str | None, webm: bool) -> str | None:
    for cid, cname in (WEBM_CODEC_IDS if webm else MKV_CODEC_IDS):
        if cname == name and (webm or name != "ffv1"):
            return cid
    return None


def split_xiph(extra: bytes, first_size: int) -> list[bytes]:
    """avpriv_split_xiph_headers: three headers, 16-bit sizes or Xiph lacing."""
    n = len(extra)
    if n >= 6 and int.from_bytes(extra[:2], "big") == first_size:
        out, pos, total = [], 0, 6
        for _ in range(3):
            ln = int.from_bytes(extra[pos:pos + 2], "big")
            pos += 2
            if total > n - ln:
                raise InvalidData()
            out.append(extra[pos:pos + ln])
            pos += ln
            total += ln
        return out
    if n >= 3 and extra[0] == 2:
        pos, total, lens = 1, 3, []
        for _ in range(2):
            ln = 0
            while total < n and extra[pos] == 0xFF:
                ln += 0xFF
                total += 0x100
                pos += 1
            ln += extra[pos]
            total += extra[pos]
            pos += 1
            if total > n:
                raise InvalidData()
            lens.append(ln)
        lens.append(n - total)
        out = []
        for ln in lens:
            out.append(extra[pos:pos + ln])
            pos += ln
        return out
    raise InvalidData()


def xiph_size(size: int) -> bytes:
    return b"\xff" * (size // 255) + bytes([size % 255])


def flac_private(par, extra: bytes, bitexact: bool) -> bytes:
    from ..wav_mux import layout_mask
    from ..flac_mux import NATIVE_MASKS, vorbiscomment
    from ...model import Tags
    mask = layout_mask(par.channel_layout)
    comment = mask is not None and not (mask & ~0x3FFFF) and mask not in NATIVE_MASKS
    if len(extra) < 34:
        raise CineError(code=AVERROR_INVALIDDATA)
    out = b"fLaC" + bytes([0x00 if comment else 0x80, 0, 0, 0x22]) + extra[:34]
    if comment:
        t = Tags()
        t.set("WAVEFORMATEXTENSIBLE_CHANNEL_MASK", "0x%x" % mask)
        body = vorbiscomment(t, "Lavf" if bitexact else "Lavf59.27.100")
        out += b"\x84" + len(body).to_bytes(3, "big") + body
    return out


def native_private(mux, par, extra: bytes) -> tuple[bytes, int]:
    """mkv_assemble_native_codecprivate: (payload, extra bytes to reserve)."""
    name = par.codec_name
    if name in ("vorbis", "theora"):
        try:
            hdrs = split_xiph(extra, 30 if name == "vorbis" else 42)
        except (InvalidData, IndexError):
            mux.log.error("Extradata corrupt.\n")
            raise CineError(code=AVERROR_INVALIDDATA)
        return (b"\x02" + xiph_size(len(hdrs[0])) + xiph_size(len(hdrs[1]))
                + b"".join(hdrs)), 0
    if name == "av1":
        if not extra:
            return b"", AV1_RESERVE
        return av1c(extra), 0
    if mux.webm:
        return bytes(extra), 0
    if name == "flac":
        return flac_private(par, extra, mux.bitexact), 0
    if name == "wavpack":
        return (bytes(extra) if len(extra) == 2 else b"\x10\x04"), 0
    if name == "h264":
        from ..mp4.mux_nal import isom_avcc
        return isom_avcc(bytes(extra)), 0
    if name == "hevc":
        from ..mp4.mux_hvcc import write_hvcc
        return write_hvcc(bytes(extra), 0), 0
    if name == "alac":
        if len(extra) < 36:
            mux.log.error("Invalid extradata found, ALAC expects a 36-byte QuickTime atom.")
            raise CineError(code=AVERROR_INVALIDDATA)
        return bytes(extra[12:]), 0
    if name == "aac":
        return (bytes(extra), 0) if extra else (b"", MAX_PCE_SIZE)
    if name == "prores":
        if par.codec_tag in PRORES_TAGS:
            return par.codec_tag.to_bytes(4, "little"), 0
    if extra and name != "tta":
        return bytes(extra), 0
    return b"", 0


def _in_table(table, name) -> bool:
    for a, b in table:
        if a == name or b == name:
            return True
    return False


def vfw_private(mux, par) -> bytes:
    """A BITMAPINFOHEADER (ff_put_bmp_header) for V_MS/VFW/FOURCC."""
    from ..riff_tags import BMP
    tag = next((t for t, n in BMP if n == par.codec_name), 0)
    if not tag:
        mux.log.warning("codec %s is not supported by this format\n" % par.codec_name)
    if not par.codec_tag:
        par.codec_tag = tag
    if not par.codec_tag and par.codec_name != "rawvideo":
        raise einval(mux.log, "No bmp codec tag found for codec %s\n" % par.codec_name)
    ex = bytes(par.extradata or b"")
    flipped = len(ex) >= 9 and ex[-9:] == b"BottomUp\0"
    keep = flipped or mux.options.get("flipped_raw_rgb", "0") in ("1", "true")
    exs = len(ex) - 9 * flipped
    fmt = par.format
    if fmt is None and par.bits_per_coded_sample == 1:
        fmt = "monow"
    pal = fmt in ("pal8", "monow", "monob")
    bpp = par.bits_per_coded_sample or 24
    import struct
    out = struct.pack("<IiiHHIIiiII", 40 + (0 if pal else exs), par.width,
                      par.height if (par.codec_tag or keep) else -par.height, 1, bpp,
                      par.codec_tag & 0xFFFFFFFF, (par.width * par.height * bpp + 7) // 8,
                      0, 0, (1 << par.bits_per_coded_sample) if pal else 0, 0)
    if ex:
        out += ex[:exs] + (b"\0" if exs & 1 else b"")
    elif pal:
        for i in range(1 << par.bits_per_coded_sample):
            white = (i == 0 and fmt == "monow") or (i == 1 and fmt == "monob")
            out += (0xFFFFFF if white else 0).to_bytes(4, "little")
    return out


def acm_private(mux, par) -> bytes:
    """A WAVEFORMATEX (ff_put_wav_header, forced) for A_MS/ACM."""
    from ..riff_tags import WAV
    from ..wav_mux import put_wav_header
    from ...io.sink import MemorySink
    tag = next((t for t, n in WAV if n == par.codec_name), 0)
    if not tag:
        raise einval(mux.log, "No wav codec tag found for codec %s\n" % par.codec_name)
    if not par.codec_tag:
        par.codec_tag = tag
    pb = MemorySink()
    put_wav_header(pb, par, mux.log, 1)   # FORCE_WAVEFORMATEX
    return pb.getvalue()


def av1c(extra: bytes) -> bytes:
    """ff_isom_write_av1c with the sequence header: an av1C record is kept as it is."""
    if len(extra) < 4 or extra[0] & 0x80:
        return bytes(extra)
    raise Unsupported("AV1 extradata made of raw OBUs is not supported by the Matroska muxer")


def put_codecprivate(max_payload: int, priv: bytes) -> bytes:
    """mkv_put_codecprivate: CodecPrivate padded with a Void up to the reserved size."""
    if not max_payload:
        return b""
    total = 2 + E.length_size(max_payload) + max_payload
    out = b""
    done = 0
    if priv:
        ls = E.length_size(len(priv))
        done = 2 + ls + len(priv)
        if done + 1 == total:
            ls += 1
            done += 1
        out = E.id_bytes(E.CODEC_PRIVATE) + E.enc_num(len(priv), ls) + priv
    if done < total:
        out += E.void(total - done)
    return out


def aac_rates(mux, extra: bytes, sample_rate: int) -> tuple[int, int]:
    """get_aac_sample_rates: (sample rate, output sample rate) from the ASC."""
    from ...codecs.aac.asc import parse_config
    try:
        cfg = parse_config(bytes(extra), True) if extra else None
    except CineError:
        cfg = None
    if cfg is None or not cfg.sample_rate:
        if extra or not mux.seekable:
            raise einval(mux.log, "Error parsing AAC extradata, unable to determine samplerate.\n")
        return sample_rate, sample_rate
    return cfg.sample_rate, cfg.ext_sample_rate


def colour(st, par) -> bytes:
    from ...codecs import colour as C
    def code(table, name):
        if name is None:
            return None
        for k, v in table.items():
            if v == name and v != "reserved":
                return k
        return None
    body = b""
    trc = code(C._TRANSFER, par.color_transfer)
    if trc is not None and trc != 2:
        body += E.uint(E.TRANSFER, trc)
    spc = code(C._SPACE, par.color_space)
    if spc is not None and spc != 2:
        body += E.uint(E.MATRIX_COEFF, spc)
    pri = code(C._PRIMARIES, par.color_primaries)
    if pri is not None and pri != 2:
        body += E.uint(E.PRIMARIES, pri)
    if par.color_range in ("tv", "pc"):
        body += E.uint(E.RANGE, 1 if par.color_range == "tv" else 2)
    pos = CHROMA_POS.get(par.chroma_location or "")
    if pos is not None:
        body += E.uint(E.CHROMA_SITING_HORZ, (pos[0] >> 7) + 1)
        body += E.uint(E.CHROMA_SITING_VERT, (pos[1] >> 7) + 1)
    for sd in st.side_data:
        if sd.type == "Content light level metadata":
            f = dict(sd.fields)
            body += E.uint(E.MAX_CLL, int(f.get("max_content", 0)))
            body += E.uint(E.MAX_FALL, int(f.get("max_average", 0)))
    for sd in st.side_data:
        if sd.type == "Mastering display metadata":
            f = dict(sd.fields)
            m = b""
            names = (("red_x", E.PRIM_RX), ("red_y", E.PRIM_RY), ("green_x", E.PRIM_GX),
                     ("green_y", E.PRIM_GY), ("blue_x", E.PRIM_BX), ("blue_y", E.PRIM_BY),
                     ("white_point_x", E.WHITE_X), ("white_point_y", E.WHITE_Y))
            if "red_x" in f:
                for k, eid in names:
                    m += E.flt(eid, _q2d(f[k]))
            if "max_luminance" in f:
                m += E.flt(E.LUMINANCE_MAX, _q2d(f["max_luminance"]))
                m += E.flt(E.LUMINANCE_MIN, _q2d(f["min_luminance"]))
            if m:
                body += E.element(E.MASTERING_META, m)
    return E.element(E.COLOUR, body) if body else b""


def _q2d(v) -> float:
    if isinstance(v, str) and "/" in v:
        a, b = v.split("/")
        return int(a) / int(b) if int(b) else 0.0
    return float(v)


def video_body(mux, st, par) -> bytes:
    """mkv_write_track_video."""
    body = E.uint(E.PIXEL_WIDTH, par.width) + E.uint(E.PIXEL_HEIGHT, par.height)
    fo = par.field_order
    if fo == "progressive":
        body += E.uint(E.FLAG_INTERLACED, 2)
    elif fo in FIELD_ORDERS:
        body += E.uint(E.FLAG_INTERLACED, 1)
        if not mux.webm:
            body += E.uint(E.FIELD_ORDER, FIELD_ORDERS[fo])
    wdiv, hdiv, mode = stereo_mode(mux, st)
    if mode is not None:
        body += E.uint(E.STEREO_MODE, mode)
    am = st.tags.get("alpha_mode")
    if am is None:
        am = mux.ctx.tags.get("alpha_mode")
    if (am is not None and _atoi(am)) or par.format == "yuva420p":
        body += E.uint(E.ALPHA_MODE, 1)
    sar = st.sample_aspect_ratio
    if sar.num:
        dw = (par.width * sar.num + sar.den // 2) // sar.den if sar.den else 0
        if dw > 0x7FFFFFFF:
            raise einval(mux.log, "Overflow in display width\n")
        if dw != par.width or wdiv != 1 or hdiv != 1:
            if mux.webm or wdiv != 1 or hdiv != 1:
                body += (E.uint(E.DISPLAY_WIDTH, dw // wdiv)
                         + E.uint(E.DISPLAY_HEIGHT, par.height // hdiv))
            else:
                from ...timebase import reduce
                dar = reduce(par.width * sar.num, par.height * sar.den, 1024 * 1024)
                body += (E.uint(E.DISPLAY_WIDTH, dar.num) + E.uint(E.DISPLAY_HEIGHT, dar.den)
                         + E.uint(E.DISPLAY_UNIT, 3))
    elif wdiv != 1 or hdiv != 1:
        body += (E.uint(E.DISPLAY_WIDTH, par.width // wdiv)
                 + E.uint(E.DISPLAY_HEIGHT, par.height // hdiv))
    elif not mux.webm:
        body += E.uint(E.DISPLAY_UNIT, 4)
    if par.codec_name == "rawvideo":
        body += E.element(E.COLOUR_SPACE, (par.codec_tag & 0xFFFFFFFF).to_bytes(4, "little"))
    body += colour(st, par)
    body += projection(mux, st)
    return E.element(E.VIDEO, body)


def projection(mux, st) -> bytes:
    """mkv_write_video_projection: the spherical mapping as a Projection element (type,
    the tile bounds or the cubemap padding as ProjectionPrivate, non-zero pose angles)."""
    import struct
    mapping = unpack_spherical(st.side_data)
    if mapping is None:
        return b""
    kind, yaw, pitch, roll, left, top, right, bottom, padding = mapping
    if kind not in (0, 1, 2):
        mux.log.warning("Unknown projection type\n")
        return b""
    if kind == 1:                                    # cubemap: layout 0, padding
        body = E.uint(0x7671, 2) + E.element(0x7672, struct.pack(">III", 0, 0, padding))
    else:                                            # equirectangular: the bounds (or 0s)
        body = E.uint(0x7671, 1) + E.element(0x7672, struct.pack(">5I", 0, top, bottom, left,
                                                                    right))
    for eid, angle in ((0x7673, yaw), (0x7674, pitch), (0x7675, roll)):
        if angle:
            body += E.flt(eid, angle / 65536)
    return E.element(0x7670, body)


STEREO_MODES = ("mono", "left_right", "bottom_top", "top_bottom", "checkerboard_rl",
                "checkerboard_lr", "row_interleaved_rl", "row_interleaved_lr",
                "col_interleaved_rl", "col_interleaved_lr", "anaglyph_cyan_red", "right_left",
                "anaglyph_green_magenta", "block_lr", "block_rl")
# Matroska StereoMode -> (AVStereo3DType, inverted) of ff_mkv_stereo3d_conv
MODE_TO_3D = {0: (0, 0), 11: (1, 1), 1: (1, 0), 2: (2, 1), 3: (2, 0), 4: (4, 1), 5: (4, 0),
              6: (6, 1), 7: (6, 0), 8: (7, 1), 9: (7, 0), 14: (3, 1), 13: (3, 0)}


def dovi_mapping(st) -> bytes:
    """mkv_write_dovi: a BlockAdditionMapping with the stream's Dolby Vision configuration
    (profiles up to 10), after the Video element."""
    from .. import dovi
    sd = dovi.find(st.side_data)
    if sd is None or dovi.values(sd)[2] > 10:
        return b""
    body = (E.string(0x41A4, "Dolby Vision configuration")
            + E.uint(0x41E7, int.from_bytes(dovi.box_type(sd), "big"))
            + E.element(0x41ED, dovi.put(sd)))
    return E.element(0x41E4, body)


def stereo_mode(mux, st):
    """mkv_write_stereo_mode: (width divisor, height divisor, StereoMode or None)."""
    s3d = None
    tag = st.tags.get("stereo_mode")
    if tag is None:
        tag = mux.ctx.tags.get("stereo_mode")
    if tag is not None:
        mode = _atoi(tag)
        if tag in STEREO_MODES:
            mode = STEREO_MODES.index(tag)
        if 0 <= mode < 15 and mode not in (10, 12):
            s3d = MODE_TO_3D.get(mode, (0, 0))
    if s3d is None:
        for sd in st.side_data:
            if sd.type == "Stereo 3D":
                f = dict(sd.fields)
                t = f.get("type")
                kind = STEREO3D_NAMES.index(t) if t in STEREO3D_NAMES else -1
                s3d = (kind, 1 if f.get("inverted") else 0)
    if s3d is None:
        return 1, 1, None
    kind, inv = s3d
    w = h = 1
    fmt = 15
    if kind == 0:
        fmt = 0
    elif kind == 1:
        fmt, w = (11 if inv else 1), 2
    elif kind == 2:
        fmt, h = 3 - inv, 2
    elif kind == 4:
        fmt = 5 - inv
    elif kind == 6:
        fmt, h = 7 - inv, 2
    elif kind == 7:
        fmt, w = 9 - inv, 2
    elif kind == 3:
        fmt = 13 + inv
    if fmt == 15:
        return w, h, None
    if mux.webm and fmt > 3 and fmt != 11:
        raise einval(mux.log, "The specified stereo mode is not valid.\n")
    return w, h, fmt


def _atoi(s: str) -> int:
    import re
    m = re.match(r"\s*([+-]?\d+)", s)
    return int(m.group(1)) if m else 0


def bit_depth(par) -> int:
    from ...codecs.bits_per_sample import bits_per_sample
    bd = bits_per_sample(par.codec_name)
    if not bd and par.codec_name != "adpcm_g726":
        if par.bits_per_raw_sample:
            bd = par.bits_per_raw_sample
        else:
            fmt = par.format or ""
            if fmt.endswith("p") and fmt[:-1] in SAMPLE_BYTES:
                fmt = fmt[:-1]
            bd = SAMPLE_BYTES.get(fmt, 0) << 3
    if not bd:
        bd = par.bits_per_coded_sample
    return bd


def track_entry(mux, st, trk, is_default: bool) -> bytes:
    """mkv_write_track: one TrackEntry (8-byte size field). Records in `trk` the offsets of
    CodecPrivate and SamplingFrequency relative to the returned bytes."""
    par = st.codecpar
    log = mux.log
    webm = mux.webm
    disp = st.disposition
    out = bytearray(E.uint(E.TRACK_NUMBER, trk.num) + E.uid(E.TRACK_UID, trk.uid)
                    + E.uint(E.FLAG_LACING, 0))
    title = st.tags.get("title")
    if title is not None:
        out += E.string(E.NAME, title)
    lang = st.tags.get("language")
    out += E.string(E.LANGUAGE, lang if lang else "und")
    if not is_default:
        out += E.uint(E.FLAG_DEFAULT, 0)
    if "forced" in disp:
        out += E.uint(E.FLAG_FORCED, 1)
    native = 0
    if webm:
        cid = None
        if par.codec_type != "subtitle":
            cid = codec_id_of(par.codec_name, True)
            native = 1 if cid else 0
        elif par.codec_name == "webvtt":
            if "captions" in disp:
                cid, native = "D_WEBVTT/CAPTIONS", TYPE_SUBTITLE
            elif "descriptions" in disp:
                cid, native = "D_WEBVTT/DESCRIPTIONS", TYPE_METADATA
            elif "metadata" in disp:
                cid, native = "D_WEBVTT/METADATA", TYPE_METADATA
            else:
                cid, native = "D_WEBVTT/SUBTITLES", TYPE_SUBTITLE
        if not native:
            raise einval(log, "Only VP8 or VP9 or AV1 video and Vorbis or Opus audio and WebVTT "
                              "subtitles are supported for WebM.\n")
        out += E.string(E.CODEC_ID, cid)
    else:
        if "comment" in disp:
            out += E.uint(E.FLAG_COMMENTARY, 1)
        if "hearing_impaired" in disp:
            out += E.uint(E.FLAG_HEARING_IMPAIRED, 1)
        if "visual_impaired" in disp:
            out += E.uint(E.FLAG_VISUAL_IMPAIRED, 1)
        orig, dub = "original" in disp, "dub" in disp
        if orig != dub:
            out += E.uint(E.FLAG_ORIGINAL, 1 if orig else 0)
        if par.codec_name != "rawvideo" or par.codec_tag:
            cid = codec_id_of(par.codec_name, False)
            if cid:
                out += E.string(E.CODEC_ID, cid)
                native = 1
        elif mux.options.get("allow_raw_vfw", "0") not in ("1", "true"):
            raise einval(log, "Raw RGB is not supported Natively in Matroska, you can use AVI or NUT or\n"
                              "If you would like to store it anyway using VFW mode, enable allow_raw_vfw "
                              "(-allow_raw_vfw 1)\n")
    t = par.codec_type
    trk.sample_rate_offset = -1
    if t == "video":
        mux.have_video = True
        out += E.uint(E.TRACK_TYPE, TYPE_VIDEO)
        for fr in (st.avg_frame_rate, st.r_frame_rate):
            # 1/fr > 1/1000 (the stream time base)
            if fr.num > 0 and fr.den > 0 and fr.den * 1000 > fr.num:
                out += E.uint(E.DEFAULT_DURATION, 1_000_000_000 * fr.den // fr.num)
                break
        if not native:
            from ..riff_tags import BMP
            from ..mp4.codec_tags import MOV_VIDEO
            in_bmp = any(n == par.codec_name for _t, n in BMP)
            in_mov = _in_table(MOV_VIDEO, par.codec_name)
            if in_mov and ((not in_bmp and par.codec_name != "rawvideo")
                           or par.codec_name in ("svq1", "svq3", "cinepak")):
                raise Unsupported("V_QUICKTIME tracks are not supported by cine's Matroska muxer")
            out += E.string(E.CODEC_ID, "V_MS/VFW/FOURCC")
            trk.write_dts = True
            mc = getattr(mux, "mux_ctx", None)
            if mc is not None:
                mc.avoid_use_pts = False
        out += video_body(mux, st, par)
        if not webm:
            out += dovi_mapping(st)
    elif t == "audio":
        sample_rate, out_rate = par.sample_rate, 0
        if par.initial_padding and par.codec_name == "opus":
            delay = (par.initial_padding * 1_000_000_000 + 24000) // 48000
            out += E.uint(E.CODEC_DELAY, delay)
        if par.codec_name == "opus":
            out += E.uint(E.SEEK_PRE_ROLL, OPUS_SEEK_PREROLL)
        elif par.codec_name == "aac" and not webm:
            sample_rate, out_rate = aac_rates(mux, par.extradata or b"", sample_rate)
        out += E.uint(E.TRACK_TYPE, TYPE_AUDIO)
        if not native:
            out += E.string(E.CODEC_ID, "A_MS/ACM")
        body = E.uint(E.CHANNELS, par.channels)
        sr_at = len(body)
        body += E.flt(E.SAMPLING_FREQ, sample_rate)
        if out_rate:
            body += E.flt(E.OUTPUT_SAMPLING_FREQ, out_rate)
        bd = bit_depth(par)
        if bd:
            body += E.uint(E.BIT_DEPTH, bd)
        # start_ebml_master with 6 + 4 * 9 expected bytes: a 1-byte size field
        head = E.id_bytes(E.AUDIO) + E.enc_num(len(body), 1)
        trk.sample_rate_offset = len(out) + len(head) + sr_at
        trk.sample_rate = sample_rate
        out += head + body
    elif t == "subtitle":
        if not native:
            log.error("Subtitle codec %d is not supported.\n" % SUB_CODEC_IDS.get(par.codec_name, 0))
            raise CineError(code=-errno.ENOSYS)
        if not webm and "descriptions" in disp:
            out += E.uint(E.FLAG_TEXT_DESCRIPTIONS, 1)
        if not webm or par.codec_name != "webvtt":
            native = TYPE_SUBTITLE
        out += E.uint(E.TRACK_TYPE, native)
    else:
        raise einval(log, "Only audio, video, and subtitles are supported for Matroska.\n")
    trk.codecpriv_offset = -1
    if not webm or par.codec_name != "webvtt":
        try:
            if native:
                priv, reserve = native_private(mux, par, par.extradata or b"")
            elif t == "video":
                priv, reserve = vfw_private(mux, par), 0
            else:
                priv, reserve = acm_private(mux, par), 0
        except InvalidData as exc:
            raise CineError(code=exc.code)
        trk.codecpriv_offset = len(out)
        trk.codecpriv_size = len(priv) + reserve
        out += put_codecprivate(trk.codecpriv_size, priv)
    head = E.id_bytes(E.TRACK_ENTRY) + E.enc_num(len(out), 8)
    if trk.sample_rate_offset >= 0:
        trk.sample_rate_offset += len(head)
    if trk.codecpriv_offset >= 0:
        trk.codecpriv_offset += len(head)
    return head + bytes(out)


# -- packet payload rewrites (track->reformat) ------------------------------------------------
def reformat_h2645(data: bytes) -> bytes:
    from ..mp4.mux_nal import annexb_to_mp4
    return annexb_to_mp4(data)


def reformat_av1(data: bytes) -> bytes:
    """ff_av1_filter_obus: drop temporal delimiters, redundant frame headers, tile lists and
    padding OBUs."""
    out = bytearray()
    pos, end = 0, len(data)
    while pos < end:
        b = data[pos]
        if b & 0x80:
            raise CineError(code=AVERROR_INVALIDDATA)
        typ = (b >> 3) & 15
        ext = (b >> 2) & 1
        has_size = (b >> 1) & 1
        hp = pos + 1 + ext
        if hp > end:
            raise CineError(code=AVERROR_INVALIDDATA)
        if has_size:
            size = 0
            for i in range(8):
                if hp >= end or hp - pos >= 10:
                    raise CineError(code=AVERROR_INVALIDDATA)
                v = data[hp]
                hp += 1
                size |= (v & 0x7F) << (7 * i)
                if not v & 0x80:
                    break
        else:
            size = end - pos - 1 - ext
        total = hp - pos + size
        if pos + total > end:
            raise CineError(code=AVERROR_INVALIDDATA)
        if typ not in (2, 7, 8, 15):
            out += data[pos:pos + total]
        pos += total
    return bytes(out)


def reformat_vtt(pkt) -> bytes:
    ident = settings = b""
    for sd in pkt.side_data:
        if sd.type in ("WebVTT ID", "webvtt_identifier"):
            ident = bytes(sd.data)
        elif sd.type in ("WebVTT Settings", "webvtt_settings"):
            settings = bytes(sd.data)
    return ident + b"\n" + settings + b"\n" + bytes(pkt.data)
