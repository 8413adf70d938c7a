"""Sample descriptions (stsd, ISO/IEC 14496-12 clause 8.5.2; QuickTime sound/video
descriptions v0/v1/v2): FourCC -> codec, the video/audio/data entry fields and the per-codec
finishing FFmpeg 5.1.9's mov demuxer applies. Child boxes live in codec_config.py (decoder
configuration) and video_props.py (colour, aspect, HDR, side data).
"""
from __future__ import annotations

import struct

from ...errors import EndOfFile, InvalidData
from ...model import Rational
from .boxes import Bio, fourcc_str, s32, tag
from .codec_config import _glbl
from .codec_tags import BMP, MOV_AUDIO, MOV_DATA, MOV_SUBTITLE, MOV_VIDEO, WAV, lookup
from .macroman import mac_string

T_STSD = tag("stsd")

BITS_PER_SAMPLE = {
    "pcm_alaw": 8, "pcm_mulaw": 8, "pcm_s8": 8, "pcm_u8": 8, "pcm_s16be": 16, "pcm_s16le": 16,
    "pcm_u16be": 16, "pcm_u16le": 16, "pcm_s24be": 24, "pcm_s24le": 24, "pcm_u24be": 24,
    "pcm_u24le": 24, "pcm_s32be": 32, "pcm_s32le": 32, "pcm_u32be": 32, "pcm_u32le": 32,
    "pcm_f32be": 32, "pcm_f32le": 32, "pcm_f64be": 64, "pcm_f64le": 64, "pcm_s64be": 64,
    "pcm_s64le": 64, "adpcm_ima_qt": 4, "adpcm_ima_wav": 4, "adpcm_ms": 4, "adpcm_yamaha": 4,
    "adpcm_g726": 4, "adpcm_ima_dk3": 4, "adpcm_ima_dk4": 4, "adpcm_ima_ws": 4, "adpcm_swf": 4,
    "pcm_s16be_planar": 16, "pcm_s16le_planar": 16, "pcm_s24le_planar": 24, "pcm_s32le_planar": 32,
    "pcm_dvd": 0, "pcm_lxf": 0, "pcm_zork": 8, "pcm_vidc": 8, "pcm_sga": 8, "adpcm_ima_apc": 4,
    "adpcm_ima_oki": 4, "adpcm_g722": 4, "adpcm_argo": 4, "adpcm_ima_ssi": 4, "adpcm_zork": 4,
    "adpcm_ima_alp": 4, "adpcm_ima_mtf": 4, "pcm_f16le": 16, "pcm_f24le": 24,
}


def _pcm_codec(bps: int, flt: bool, be: bool, signed: bool) -> str | None:
    if bps <= 0 or bps > 64:
        return None
    if flt:
        return {32: "pcm_f32", 64: "pcm_f64"}.get(bps) and ({32: "pcm_f32", 64: "pcm_f64"}[bps] + ("be" if be else "le"))
    b = (bps + 7) >> 3
    if signed:
        if b == 1:
            return "pcm_s8"
        base = {2: "pcm_s16", 3: "pcm_s24", 4: "pcm_s32", 8: "pcm_s64"}.get(b)
    else:
        if b == 1:
            return "pcm_u8"
        base = {2: "pcm_u16", 3: "pcm_u24", 4: "pcm_u32"}.get(b)
    return base + ("be" if be else "le") if base else None


def codec_from_tag(st, fmt: int) -> str | None:
    """mov_codec_id: the codec for a sample entry FourCC; sets codec_type and codec_tag."""
    par = st.codecpar
    cid = lookup(MOV_AUDIO, fmt)
    if cid is None and ((fmt & 0xFFFF) == (ord("m") | ord("s") << 8) or (fmt & 0xFFFF) == (ord("T") | ord("S") << 8)):
        swapped = struct.unpack("<I", struct.pack(">I", fmt))[0] & 0xFFFF
        cid = lookup(WAV, swapped)
    if par.codec_type != "video" and cid is not None:
        par.codec_type = "audio"
    elif par.codec_type != "audio" and fmt and fmt != tag("mp4s"):
        cid = lookup(MOV_VIDEO, fmt)
        if cid is None:
            cid = lookup(BMP, fmt)
        if cid is not None:
            par.codec_type = "video"
        elif par.codec_type == "data" or (par.codec_type == "subtitle" and par.codec_name is None):
            cid = lookup(MOV_SUBTITLE, fmt)
            if cid is not None:
                par.codec_type = "subtitle"
            else:
                cid = lookup(MOV_DATA, fmt)
    par.codec_tag = fmt
    return cid


def _skip_multiple(c, pb: Bio, codec_tag: int, fmt: int, size: int) -> bool:
    if (codec_tag and codec_tag != fmt
            and (codec_tag != tag("AV1x") or fmt != tag("AVup"))
            and codec_tag not in (tag("apcn"), tag("apch"), tag("dvpp"), tag("dvcp"))
            and codec_tag != tag("jpeg")):
        c.log.warning("multiple fourcc not supported\n")
        pb.skip(size)
        return True
    return False


def read_stsd(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    sc.stsd_version = pb.r8()
    pb.rb24()
    entries = s32(pb.rb32())
    if entries <= 0 or entries > size // 8 or entries > 1024:
        c.log.error("invalid STSD entries %d\n" % entries)
        raise InvalidData("stsd entries")
    if sc.stsd_entries_extradata is not None:
        c.log.error("Duplicate stsd found in this track.\n")
        raise InvalidData("duplicate stsd")
    sc.stsd_entries_extradata = [b""] * entries
    _read_entries(c, pb, st, sc, entries)
    st.codecpar.extradata = sc.stsd_entries_extradata[0]
    _finalize(c, st, sc)


def _read_entries(c, pb: Bio, st, sc, entries: int) -> None:
    par = st.codecpar
    psid = 0
    while psid < entries and not pb.eof:
        dref_id = 1
        start = pb.tell()
        size = pb.rb32()
        fmt = pb.rl32()
        if size >= 16:
            pb.rb32()
            pb.rb16()
            dref_id = pb.rb16()
        elif size <= 7:
            c.log.error("invalid size %d in stsd\n" % size)
            raise InvalidData("stsd entry size")
        if _skip_multiple(c, pb, par.codec_tag, fmt, size - (pb.tell() - start)):
            sc.stsd_count += 1
            psid += 1
            continue
        sc.pseudo_stream_id = -1 if par.codec_tag else psid
        sc.dref_id = dref_id
        sc.format = fmt
        cid = codec_from_tag(st, fmt)
        par.codec_name = cid
        if par.codec_type == "video":
            _parse_video(c, pb, st, sc)
        elif par.codec_type == "audio":
            _parse_audio(c, pb, st, sc)
            if par.sample_rate < 0:
                c.log.error("Invalid sample rate %d\n" % par.sample_rate)
                raise InvalidData("sample rate")
        elif par.codec_type == "subtitle":
            rest = size - (pb.tell() - start)
            if par.codec_tag != tag("mp4s"):
                _glbl(c, pb, st, rest)
            par.width = sc.width
            par.height = sc.height
        else:
            _parse_data(c, pb, st, sc, size - (pb.tell() - start))
        a_size = size - (pb.tell() - start)
        if a_size > 8:
            c.read_default(c, pb, T_STSD, a_size)
        elif a_size > 0:
            pb.skip(a_size)
        sc.stsd_entries_extradata[psid] = par.extradata
        par.extradata = b""
        sc.stsd_count += 1
        psid += 1
    if pb.eof:
        c.log.warning("reached eof, corrupted STSD atom\n")
        raise EndOfFile("stsd")


def _parse_video(c, pb: Bio, st, sc) -> None:
    par = st.codecpar
    pb.rb16()
    pb.rb16()
    vendor = pb.rl32()
    st.tags.set("vendor_id", fourcc_str(vendor))
    pb.rb32()
    pb.rb32()
    par.width = pb.rb16()
    par.height = pb.rb16()
    pb.rb32()
    pb.rb32()
    pb.rb32()
    pb.rb16()
    n = pb.r8()
    if n > 31:
        n = 31
    name = mac_string(pb.read(n), 31)
    if n < 31:
        pb.skip(31 - n)
    if name:
        st.tags.set("encoder", name)
    if name.startswith("Planar Y'CbCr 8-bit 4:2:0"):
        par.codec_tag = tag("I420")
        par.width &= ~1
        par.height &= ~1
    if par.codec_tag == tag("H263") and name.startswith("Sorenson H263"):
        par.codec_name = "flv1"
    par.bits_per_coded_sample = pb.rb16()
    # ff_get_qtpalette: depth word again, colour table id, maybe an inline colour table
    tmp = par.bits_per_coded_sample
    bit_depth = tmp & 0x1F
    grey = tmp & 0x20
    table_id = pb.rb16()
    if grey and par.codec_name == "cinepak":
        return
    if bit_depth in (1, 2, 4, 8):
        if not (grey and bit_depth > 1 and table_id) and not table_id:
            start = pb.rb32()
            pb.rb16()
            end = pb.rb16()
            if start <= 255 and end <= 255:
                for _ in range(start, end + 1):
                    pb.skip(8)
        par.bits_per_coded_sample &= 0x1F
        sc.has_palette = True


def _parse_audio(c, pb: Bio, st, sc) -> None:
    par = st.codecpar
    version = pb.rb16()
    pb.rb16()
    vendor = pb.rl32()
    st.tags.set("vendor_id", fourcc_str(vendor))
    par.channels = pb.rb16()
    par.channel_layout = None
    par.bits_per_coded_sample = pb.rb16()
    sc.audio_cid = pb.rb16()
    if sc.audio_cid >= 0x8000:
        sc.audio_cid -= 0x10000
    pb.rb16()
    par.sample_rate = pb.rb32() >> 16
    brands = c.fc.tags.get("compatible_brands")
    if not c.isom or (brands is not None and "qt  " in brands) or (sc.stsd_version == 0 and version > 0):
        if version == 1:
            sc.samples_per_frame = pb.rb32()
            pb.rb32()
            sc.bytes_per_frame = pb.rb32()
            pb.rb32()
        elif version == 2:
            pb.rb32()
            rate = struct.unpack(">d", struct.pack(">Q", pb.rb64()))[0]
            par.sample_rate = _d2int(rate)
            par.channels = s32(pb.rb32())
            pb.rb32()
            par.bits_per_coded_sample = s32(pb.rb32())
            flags = pb.rb32()
            sc.bytes_per_frame = pb.rb32()
            sc.samples_per_frame = pb.rb32()
            if par.codec_tag == tag("lpcm"):
                par.codec_name = _pcm_codec(par.bits_per_coded_sample, bool(flags & 1), bool(flags & 2),
                                            bool(flags & 4))
        if version == 0 or (version == 1 and sc.audio_cid != -2):
            if par.codec_name in ("mp2", "mp3"):
                sc.need_parsing = 1
    if sc.format == 0:
        if par.bits_per_coded_sample == 8:
            par.codec_name = codec_from_tag(st, tag("raw "))
        elif par.bits_per_coded_sample == 16:
            par.codec_name = codec_from_tag(st, tag("twos"))
    cid = par.codec_name
    bpcs = par.bits_per_coded_sample
    if cid in ("pcm_s8", "pcm_u8"):
        if bpcs == 16:
            par.codec_name = "pcm_s16be"
    elif cid in ("pcm_s16le", "pcm_s16be"):
        if bpcs == 8:
            par.codec_name = "pcm_s8"
        elif bpcs == 24:
            par.codec_name = "pcm_s24be" if cid == "pcm_s16be" else "pcm_s24le"
        elif bpcs == 32:
            par.codec_name = "pcm_s32be" if cid == "pcm_s16be" else "pcm_s32le"
    elif cid == "mace3":
        sc.samples_per_frame = 6
        sc.bytes_per_frame = 2 * par.channels
    elif cid == "mace6":
        sc.samples_per_frame = 6
        sc.bytes_per_frame = 1 * par.channels
    elif cid == "adpcm_ima_qt":
        sc.samples_per_frame = 64
        sc.bytes_per_frame = 34 * par.channels
    elif cid == "gsm":
        sc.samples_per_frame = 160
        sc.bytes_per_frame = 33
    bps = BITS_PER_SAMPLE.get(par.codec_name or "", 0)
    if bps and (bps >> 3) * par.channels <= 0x7FFFFFFF:
        par.bits_per_coded_sample = bps
        sc.sample_size = (bps >> 3) * par.channels


def _d2int(v: float) -> int:
    if v != v or v >= 2 ** 31 or v < -2 ** 31:
        return -(1 << 31)
    return int(v)


def _parse_data(c, pb: Bio, st, sc, size: int) -> None:
    par = st.codecpar
    if par.codec_tag == tag("tmcd"):
        data = pb.read(size)
        if len(data) < size:
            raise InvalidData("tmcd")
        par.extradata = data
        if size > 16:
            sc.tmcd_flags = struct.unpack(">I", data[4:8])[0]
            st.avg_frame_rate = Rational(s32(struct.unpack(">I", data[8:12])[0]),
                                         s32(struct.unpack(">I", data[12:16])[0]))
            sc.tmcd_nb_frames = data[16]
            if size > 30:
                ln = struct.unpack(">I", data[18:22])[0]
                if data[22:26] == b"name" and size >= ln + 18:
                    str_size = struct.unpack(">H", data[26:28])[0]
                    if str_size > 0 and size >= str_size + 30 and data[30]:
                        st.tags.set("reel_name", data[30:30 + str_size].split(b"\0", 1)[0].decode("utf-8", "surrogateescape"))
    else:
        pb.skip(size)


def _finalize(c, st, sc) -> None:
    par = st.codecpar
    if par.codec_type == "audio" and not par.sample_rate and sc.time_scale > 1:
        par.sample_rate = sc.time_scale
    cid = par.codec_name
    if cid == "qcelp":
        par.channels, par.channel_layout = 1, "mono"
        if par.codec_tag != tag("Qclp"):
            par.sample_rate = 8000
        sc.samples_per_frame = 160
        if not sc.bytes_per_frame:
            sc.bytes_per_frame = 35
    elif cid == "amr_nb":
        par.channels, par.channel_layout = 1, "mono"
        par.sample_rate = 8000
    elif cid == "amr_wb":
        par.channels, par.channel_layout = 1, "mono"
        par.sample_rate = 16000
    elif cid in ("mp2", "mp3"):
        par.codec_type = "audio"
    elif cid in ("gsm", "adpcm_ms", "adpcm_ima_wav", "ilbc", "mace3", "mace6", "qdm2"):
        par.block_align = sc.bytes_per_frame
    elif cid == "alac":
        ed = par.extradata
        if len(ed) == 36:
            if par.channels != ed[21]:
                par.channels = ed[21]
                par.channel_layout = None
            par.sample_rate = s32(struct.unpack(">I", ed[32:36])[0])
    elif cid in ("ac3", "eac3", "mpeg1video", "vc1", "vp8", "vp9"):
        sc.need_parsing = 1
    elif cid in ("av1", "h264"):
        sc.need_parsing = 2
