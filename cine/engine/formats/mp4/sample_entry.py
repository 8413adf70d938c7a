"""Sample descriptions (stsd, ISO/IEC 14496-12 clause 8.5.2; QuickTime sound/video
descriptions v0/v1/v2) and their child boxes: avcC/hvcC/av1C (glbl), esds (14496-1 clause
7.2.6), dOps, dfLa, alac, dac3/dec3, colr, pasp, fiel, wave, enda, pcmC, vpcC, chan, HDR and
spherical boxes; extradata and codec fields set exactly as FFmpeg 5.1.9's mov demuxer sets them.
"""
from __future__ import annotations

import struct

from ...errors import EndOfFile, InvalidData
from ...model import Rational, SideData
from ...timebase import reduce
from .boxes import Bio, fourcc_str, s32, tag
from .codec_tags import BMP, MOV_AUDIO, MOV_DATA, MOV_SUBTITLE, MOV_VIDEO, MP4_OBJ_TYPE, WAV, lookup
from .macroman import mac_string

T_STSD = tag("stsd")

COLOR_PRIMARIES = {0: "reserved", 3: "reserved", 1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 8: "film",
                   9: "bt2020", 10: "smpte428", 11: "smpte431", 12: "smpte432", 22: "jedec-p22"}
COLOR_TRC = {0: "reserved", 3: "reserved", 1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
             9: "log100", 10: "log316", 11: "iec61966-2-4", 12: "bt1361e", 13: "iec61966-2-1",
             14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084", 17: "smpte428", 18: "arib-std-b67"}
COLOR_SPACE = {0: "gbr", 3: "reserved", 1: "bt709", 4: "fcc", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m",
               8: "ycgco", 9: "bt2020nc", 10: "bt2020c", 11: "smpte2085", 12: "chroma-derived-nc",
               13: "chroma-derived-c", 14: "ictcp"}
# values with a name in av_color_*_name (2 = unspecified keeps its place as None)
_KNOWN_PRI = set(COLOR_PRIMARIES) | {2}
_KNOWN_TRC = set(COLOR_TRC) | {2}
_KNOWN_SPC = set(COLOR_SPACE) | {2}

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

# AC-3 acmod -> channel mask (ff_ac3_channel_layout_tab)
_AC3_MASKS = (0x3, 0x4, 0x3, 0x7, 0x103, 0x107, 0x603, 0x607)


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
                        st.tags.set("reel_name", data[30:30 + str_size].split(b"\0", 1)[0].decode("utf-8", "replace"))
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


# ---------------------------------------------------------------------------- child boxes

def _glbl(c, pb: Bio, st, size: int) -> None:
    """ff_get_extradata of the whole payload (mov_read_glbl)."""
    par = st.codecpar
    if size > (1 << 30):
        raise InvalidData("glbl size")
    if size >= 10:
        here = pb.tell()
        sz = pb.rb32()
        typ = pb.rl32()
        if pb.eof:
            raise InvalidData("glbl")
        pb.seek(here)
        if typ == tag("fiel") and sz == size:
            c.read_default(c, pb, tag("glbl"), size)
            return
    if len(par.extradata) > 1:
        c.log.warning("ignoring multiple glbl\n")
        return
    data = pb.read(size)
    par.extradata = data
    if len(data) < size:
        raise InvalidData("short extradata")


def read_glbl(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    _glbl(c, pb, st, size)
    if t == tag("hvcC") and st.codecpar.codec_tag == tag("dvh1"):
        st.codecpar.codec_name = "hevc"


def _extradata_atom(c, pb: Bio, t: int, size: int, codec: str) -> None:
    st, sc = c.last()
    if st is None or st.codecpar.codec_name != codec:
        return
    if size > 0x7FFFFFFF:
        raise InvalidData("atom size")
    data = pb.read(size)
    if len(data) < size:
        c.log.warning("truncated extradata\n")
    st.codecpar.extradata += struct.pack(">I", size + 8) + struct.pack("<I", t) + data


def read_alac(c, pb, t, size):
    _extradata_atom(c, pb, t, size, "alac")


def read_avss(c, pb, t, size):
    _extradata_atom(c, pb, t, size, "avs")


def read_jp2h(c, pb, t, size):
    _extradata_atom(c, pb, t, size, "jpeg2000")


def read_wave(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    if size > (1 << 30):
        raise InvalidData("wave size")
    if par.codec_name in ("qdm2", "qdmc", "speex"):
        data = pb.read(size)
        par.extradata = data
        if len(data) < size:
            raise InvalidData("short wave")
    elif size > 8:
        if par.codec_name == "alac" and size >= 24:
            here = pb.tell()
            buf = pb.rb64()
            size -= 8
            if (buf & 0xFFFFFFFF) == 0x66726D61 and 8 <= buf >> 32 <= size:
                pb.seek(here)
                size += 8
            elif not par.extradata:
                rest = pb.read(16)
                par.extradata = (struct.pack(">I", 36) + b"alac" + b"\0\0\0\0" + struct.pack(">Q", buf)
                                 + rest + b"\0" * (16 - len(rest)))
                pb.skip(size - 24)
                return
        c.read_default(c, pb, t, size)
    else:
        pb.skip(size)


def read_esds(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.rb32()
    tg, ln = _descr(pb)
    if tg == 0x03:
        pb.rb16()
        flags = pb.r8()
        if flags & 0x80:
            pb.rb16()
        if flags & 0x40:
            pb.skip(pb.r8())
        if flags & 0x20:
            pb.rb16()
    else:
        pb.rb16()
    tg, ln = _descr(pb)
    if tg == 0x04:
        _dec_config(c, pb, st)


def _descr(pb: Bio) -> tuple[int, int]:
    tg = pb.r8()
    ln = 0
    for _ in range(4):
        b = pb.r8()
        ln = (ln << 7) | (b & 0x7F)
        if not b & 0x80:
            break
    return tg, ln


def _dec_config(c, pb: Bio, st) -> None:
    par = st.codecpar
    oti = pb.r8()
    pb.r8()
    pb.rb24()
    pb.rb32()
    par.bit_rate = s32(pb.rb32())
    cid = lookup(MP4_OBJ_TYPE, oti) if oti else None
    if cid:
        par.codec_name = cid
    tg, ln = _descr(pb)
    if tg != 0x05:
        return
    if oti in (0x69, 0x6B):
        return
    if not ln or ln > (1 << 30):
        raise InvalidData("dec specific info length")
    data = pb.read(ln)
    par.extradata = data
    if len(data) < ln:
        raise InvalidData("short dec specific info")
    if par.codec_name == "aac":
        cfg = aac_config(data)
        if cfg is None:
            raise InvalidData("bad AudioSpecificConfig")
        obj, rate, ext_rate, channels = cfg
        par.channels = channels
        par.channel_layout = None
        if obj == 29 and rate[1] < 3:
            par.sample_rate = (44100, 48000, 32000)[rate[1]]
        elif ext_rate:
            par.sample_rate = ext_rate
        else:
            par.sample_rate = rate[0]
        if obj in (29, 32, 33, 34):
            par.codec_name = "mp3on4"
        elif obj == 36:
            par.codec_name = "mp4als"
        else:
            par.codec_name = "aac"


AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
             7350, 0, 0, 0)
AAC_CHANNELS = (0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24)


class _Bits:
    def __init__(self, data: bytes):
        self.d = data
        self.p = 0
        self.n = len(data) * 8

    def get(self, k: int) -> int:
        v = 0
        for _ in range(k):
            if self.p < self.n:
                bit = (self.d[self.p >> 3] >> (7 - (self.p & 7))) & 1
            else:
                bit = 0
            v = (v << 1) | bit
            self.p += 1
        return v

    def show(self, k: int) -> int:
        p = self.p
        v = self.get(k)
        self.p = p
        return v

    def left(self) -> int:
        return self.n - self.p


def aac_config(data: bytes):
    """avpriv_mpeg4audio_get_config2 (sync extension on): object type, (rate, index),
    ext sample rate, channels; None when invalid."""
    b = _Bits(data)

    def obj_type():
        o = b.get(5)
        return 32 + b.get(6) if o == 31 else o

    def rate():
        idx = b.get(4)
        return (b.get(24) if idx == 15 else AAC_RATES[idx]), idx

    obj = obj_type()
    r = rate()
    chan = b.get(4)
    if chan >= len(AAC_CHANNELS):
        return None
    channels = AAC_CHANNELS[chan]
    ext_obj = 0
    ext_rate = 0
    sbr = -1
    if obj == 5 or (obj == 29 and not (b.show(3) & 3 and not (b.show(9) & 0x3F))):
        ext_obj = 5
        sbr = 1
        ext_rate = rate()[0]
        obj = obj_type()
        if obj == 22:
            b.get(4)
    if obj == 36:
        b.get(5)
        if b.show(24) != 0x414C53:
            b.get(24)
        if b.left() < 112 or b.get(32) != 0x414C5300:
            return None
        r = (b.get(32), r[1])
        if r[0] <= 0 or r[0] >= 1 << 31:
            return None
        b.get(32)
        channels = b.get(16) + 1
    if ext_obj != 5:
        while b.left() > 15:
            if b.show(11) == 0x2B7:
                b.get(11)
                ext_obj = obj_type()
                if ext_obj == 5:
                    sbr = b.get(1)
                    if sbr == 1:
                        ext_rate = rate()[0]
                        if ext_rate == r[0]:
                            sbr = -1
                break
            b.get(1)
    if sbr != 1 and ext_obj == 5:
        ext_rate = 0 if sbr == 0 else ext_rate
    if ext_obj != 5 or sbr != 1:
        ext_rate = ext_rate if (ext_obj == 5 and sbr == 1) else 0
    return obj, r, ext_rate, channels


def read_dac3(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    info = pb.rb24()
    bsmod = (info >> 14) & 7
    acmod = (info >> 11) & 7
    lfe = (info >> 10) & 1
    _set_ac3_layout(st, acmod, lfe, bsmod)


def read_dec3(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    pb.rb16()
    info = pb.rb24()
    bsmod = (info >> 12) & 0x1F
    acmod = (info >> 9) & 7
    lfe = (info >> 8) & 1
    _set_ac3_layout(st, acmod, lfe, bsmod)


def _set_ac3_layout(st, acmod: int, lfe: int, bsmod: int) -> None:
    from ...chlayout import layout_from_mask as _from_mask
    mask = _AC3_MASKS[acmod] | (8 if lfe else 0)
    st.codecpar.channels, st.codecpar.channel_layout = _from_mask(mask)
    service = 8 if (st.codecpar.channels > 1 and bsmod == 7) else bsmod
    set_side_data(st, SideData("Audio Service Type", [("service_type", service)],
                               struct.pack("<i", service)))


def set_side_data(st, sd) -> None:
    """av_stream_add_side_data: an entry of the same type is replaced in place."""
    for i, old in enumerate(st.side_data):
        if old.type == sd.type:
            st.side_data[i] = sd
            return
    st.side_data.append(sd)


def read_pssh(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    version = pb.r8()
    pb.rb24()
    sysid = pb.read(16)
    if len(sysid) < 16:
        c.log.error("Failed to read the system id\n")
        raise InvalidData("pssh system id")
    kids = []
    if version > 0:
        kid_count = pb.rb32()
        if kid_count >= 0x7FFFFFFF // 8:
            raise InvalidData("pssh kid count")
        i = 0
        while i < kid_count and not pb.eof:
            kid = pb.read(16)
            if len(kid) < 16:
                c.log.error("Failed to read the key id\n")
                raise InvalidData("pssh key id")
            kids.append(kid)
            i += 1
        if pb.eof:
            c.log.error("Hit EOF while reading pssh\n")
            raise InvalidData("pssh eof")
    n = pb.rb32()
    data = pb.read(n)
    if len(data) < n:
        raise InvalidData("pssh data")
    infos = getattr(sc, "encryption_init", None)
    if infos is None:
        infos = sc.encryption_init = []
    infos.append((sysid, kids, data))
    # av_encryption_init_info_add_side_data: count, then per info 4 sizes and the bytes
    blob = struct.pack(">I", len(infos)) + b"".join(
        struct.pack(">IIII", len(si), len(ks), 16, len(dt)) + si + b"".join(ks) + dt for si, ks, dt in infos)
    set_side_data(st, SideData("Encryption initialization data", [], blob))


def read_dops(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    if size > (1 << 30) or size < 11 or par.extradata:
        raise InvalidData("dOps")
    if pb.r8() != 0:
        c.log.error("unsupported OpusSpecificBox version\n")
        raise InvalidData("dOps version")
    body = pb.read(size - 1)
    if len(body) < size - 1:
        raise InvalidData("short dOps")
    ed = bytearray(b"OpusHead\x01" + body)
    pre_skip = struct.unpack(">H", ed[10:12])[0]
    ed[10:12] = struct.pack("<H", pre_skip)
    ed[12:16] = struct.pack("<I", struct.unpack(">I", ed[12:16])[0])
    ed[16:18] = struct.pack("<H", struct.unpack(">H", ed[16:18])[0])
    par.extradata = bytes(ed)
    par.initial_padding = pre_skip


def read_dfla(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if size > (1 << 30) or size < 42:
        raise InvalidData("dfLa")
    if pb.r8() != 0:
        raise InvalidData("dfLa version")
    pb.rb24()
    hdr = pb.read(4)
    if len(hdr) != 4:
        c.log.error("failed to read FLAC metadata block header\n")
        raise InvalidData("dfLa header")
    last = hdr[0] & 0x80
    btype = hdr[0] & 0x7F
    bsize = int.from_bytes(hdr[1:4], "big")
    if btype != 0 or bsize != 34:
        c.log.error("STREAMINFO must be first FLACMetadataBlock\n")
        raise InvalidData("dfLa streaminfo")
    data = pb.read(bsize)
    st.codecpar.extradata = data
    if len(data) < bsize:
        raise InvalidData("short dfLa")
    if not last:
        c.log.warning("non-STREAMINFO FLACMetadataBlock(s) ignored\n")


def read_colr(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    kind = pb.read(4)
    if len(kind) < 4:
        raise InvalidData("colr")
    if kind not in (b"nclx", b"nclc", b"prof"):
        c.log.warning("unsupported color_parameter_type %s\n" % kind.split(b"\0", 1)[0].decode("latin-1"))
        return
    if kind == b"prof":
        data = pb.read(size - 4)
        set_side_data(st, SideData("ICC profile", [], data))
        if len(data) < size - 4:
            raise InvalidData("short icc")
        return
    pri = pb.rb16()
    trc = pb.rb16()
    mat = pb.rb16()
    if kind == b"nclx":
        full = pb.r8() >> 7
        par.color_range = "pc" if full else "tv"
    par.color_primaries = COLOR_PRIMARIES.get(pri) if pri in _KNOWN_PRI else None
    par.color_transfer = COLOR_TRC.get(trc) if trc in _KNOWN_TRC else None
    par.color_space = COLOR_SPACE.get(mat) if mat in _KNOWN_SPC else None


def read_vpcc(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    if size < 5:
        c.log.error("Empty VP Codec Configuration box\n")
        raise InvalidData("vpcC")
    version = pb.r8()
    if version != 1:
        c.log.warning("Unsupported VP Codec Configuration box version %d\n" % version)
        return
    pb.skip(3)
    pb.skip(2)
    rng = pb.r8()
    pri = pb.r8()
    trc = pb.r8()
    spc = pb.r8()
    if pb.rb16():
        raise InvalidData("vpcC init data")
    par.color_range = "pc" if rng & 1 else "tv"
    par.color_primaries = COLOR_PRIMARIES.get(pri) if pri in _KNOWN_PRI else None
    par.color_transfer = COLOR_TRC.get(trc) if trc in _KNOWN_TRC else None
    par.color_space = COLOR_SPACE.get(spc) if spc in _KNOWN_SPC else None


def read_pasp(c, pb: Bio, t: int, size: int) -> None:
    num = s32(pb.rb32())
    den = s32(pb.rb32())
    st, sc = c.last()
    if st is None:
        return
    if den != 0:
        r = reduce(num, den, 32767)
        sc.sar = (r.num, r.den)


def read_fiel(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if size < 2:
        raise InvalidData("fiel")
    v = pb.rb16()
    order = None
    if v & 0xFF00 == 0x0100:
        order = "progressive"
    elif v & 0xFF00 == 0x0200:
        order = {0x01: "tt", 0x06: "bb", 0x09: "tb", 0x0E: "bt"}.get(v & 0xFF)
    if order is None and v:
        c.log.error("Unknown MOV field order 0x%04x\n" % v)
    st.codecpar.field_order = order


def _set_le(c) -> None:
    st, sc = c.last()
    if st is None:
        return
    m = {"pcm_s16be": "pcm_s16le", "pcm_s24be": "pcm_s24le", "pcm_s32be": "pcm_s32le",
         "pcm_f32be": "pcm_f32le", "pcm_f64be": "pcm_f64le"}
    st.codecpar.codec_name = m.get(st.codecpar.codec_name, st.codecpar.codec_name)


def read_enda(c, pb: Bio, t: int, size: int) -> None:
    if pb.rb16() & 0xFF == 1:
        _set_le(c)


def read_pcmc(c, pb: Bio, t: int, size: int) -> None:
    if size < 6:
        c.log.error("Empty pcmC box\n")
        raise InvalidData("pcmC")
    pb.r8()
    pb.rb24()
    if pb.r8() == 1:
        _set_le(c)


def read_frma(c, pb: Bio, t: int, size: int) -> None:
    fmt = pb.rl32()
    st, sc = c.last()
    if st is None:
        return
    if sc.format in (tag("encv"), tag("enca")):
        cid = codec_from_tag(st, fmt)
        if st.codecpar.codec_name is not None and st.codecpar.codec_name != cid:
            c.log.warning("ignoring 'frma' atom of '%s', stream has codec id %s\n" % (fourcc_str(fmt), st.codecpar.codec_name))
        else:
            st.codecpar.codec_name = cid
            sc.format = fmt
    elif fmt != sc.format:
        c.log.warning("ignoring 'frma' atom of '%s', stream format is '%s'\n" % (fourcc_str(fmt), fourcc_str(sc.format)))


def read_chan(c, pb: Bio, t: int, size: int) -> None:
    """QuickTime 'chan' (CoreAudio AudioChannelLayout): tag, bitmap or descriptions -> mask."""
    st, sc = c.last()
    if st is None or size < 16:
        return
    pb.skip(4)
    size -= 4
    if size < 12:
        raise InvalidData("chan")
    from . import chan_tables as ct
    layout_tag = pb.rb32()
    bitmap = pb.rb32()
    num_descr = pb.rb32()
    if size < 12 + num_descr * 20:
        return
    label_mask = 0
    for _ in range(num_descr):
        if pb.eof:
            c.log.error("reached EOF while reading channel layout\n")
            raise InvalidData("chan descriptions")
        label = pb.rb32()
        pb.skip(16)
        size -= 20
        if layout_tag == 0:
            inc = _label_mask(label, ct)
            if inc == 0 or inc <= label_mask:
                label_mask = 0
                break
            label_mask |= inc
    if layout_tag == 0:
        mask = label_mask
    elif layout_tag == ct.USE_BITMAP:
        mask = bitmap if bitmap < 0x40000 else 0
    else:
        n = layout_tag & 0xFFFF
        table = ct.LAYOUT_MAPS[n if n <= 9 else 0]
        mask = 0
        for tg, m in table:
            if tg == layout_tag:
                mask = m
                break
    if mask:
        from ...chlayout import layout_from_mask
        count = bin(mask).count("1")
        par = st.codecpar
        if not par.channels or count == par.channels:
            par.channels, par.channel_layout = layout_from_mask(mask)
        else:
            c.log.warning("ignoring channel layout with %d channels because the real number of "
                          "channels is %d\n" % (count, par.channels))
    pb.skip(size - 12)


def _label_mask(label: int, ct) -> int:
    if label == 0:
        return 0
    if label <= 18:
        return 1 << (label - 1)
    return {35: ct.WIDE_LEFT, 36: ct.WIDE_RIGHT, 37: ct.LOW_FREQUENCY_2, 38: ct.STEREO_LEFT,
            39: ct.STEREO_RIGHT}.get(label, 0)


def read_st3d(c, pb, t, size):
    return


def read_sv3d(c, pb, t, size):
    return


def read_sa3d(c, pb, t, size):
    return


def _mastering(c, pb: Bio, size: int, kind: str) -> None:
    st, sc = c.last()
    if st is None:
        raise InvalidData("mastering display without track")
    if kind == "SmDm":
        if size < 5:
            c.log.error("Empty Mastering Display Metadata box\n")
            raise InvalidData("SmDm")
        version = pb.r8()
        if version:
            c.log.warning("Unsupported Mastering Display Metadata box version %d\n" % version)
            return
        if sc.mastering is not None:
            c.log.warning("Ignoring duplicate Mastering Display Metadata\n")
            return
        pb.skip(3)
        prim = [(pb.rb16(), pb.rb16()) for _ in range(3)]
        order = (0, 1, 2)
        cden, wden = 1 << 16, 1 << 16
        white = (pb.rb16(), pb.rb16())
        maxl = (pb.rb32(), 1 << 8)
        minl = (pb.rb32(), 1 << 14)
    else:
        if size < 24:
            c.log.error("Invalid Mastering Display Color Volume box\n")
            raise InvalidData("mdcv")
        if sc.mastering is not None:
            c.log.warning("Ignoring duplicate Mastering Display Color Volume\n")
            return
        raw = [(pb.rb16(), pb.rb16()) for _ in range(3)]
        prim = [None, None, None]
        for i, j in enumerate((1, 2, 0)):
            prim[j] = raw[i]
        cden = 50000
        white = (pb.rb16(), pb.rb16())
        maxl = (pb.rb32(), 10000)
        minl = (pb.rb32(), 10000)
    fields = []
    for name, (x, y) in zip(("red", "green", "blue"), prim):
        fields.append((name + "_x", "%d/%d" % (x, cden)))
        fields.append((name + "_y", "%d/%d" % (y, cden)))
    fields.append(("white_point_x", "%d/%d" % (white[0], cden)))
    fields.append(("white_point_y", "%d/%d" % (white[1], cden)))
    fields.append(("min_luminance", "%d/%d" % (s32(minl[0]), minl[1])))
    fields.append(("max_luminance", "%d/%d" % (s32(maxl[0]), maxl[1])))
    sc.mastering = SideData("Mastering display metadata", fields)


def _light(c, pb: Bio, size: int, kind: str) -> None:
    st, sc = c.last()
    if st is None:
        raise InvalidData("light level without track")
    if kind == "CoLL":
        if size < 5:
            c.log.error("Empty Content Light Level box\n")
            raise InvalidData("CoLL")
        version = pb.r8()
        if version:
            c.log.warning("Unsupported Content Light Level box version %d\n" % version)
            return
        pb.skip(3)
        if sc.coll is not None:
            c.log.warning("Ignoring duplicate COLL\n")
            return
    else:
        if size < 4:
            c.log.error("Empty Content Light Level Info box\n")
            raise InvalidData("clli")
        if sc.coll is not None:
            c.log.warning("Ignoring duplicate CLLI/COLL\n")
            return
    sc.coll = SideData("Content light level metadata", [("max_content", pb.rb16()), ("max_average", pb.rb16())])


def read_smdm(c, pb, t, size):
    _mastering(c, pb, size, "SmDm")


def read_coll(c, pb, t, size):
    _light(c, pb, size, "CoLL")


def read_mdcv(c, pb, t, size):
    _mastering(c, pb, size, "mdcv")


def read_clli(c, pb, t, size):
    _light(c, pb, size, "clli")


def read_aclr(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    par = st.codecpar
    if par.codec_name == "h264":
        return
    if size == 16:
        data = pb.read(size)
        par.extradata += struct.pack(">I", size + 8) + struct.pack("<I", t) + data
        if len(data) == size:
            v = data[11]
            if v == 1:
                par.color_range = "tv"
            elif v == 2:
                par.color_range = "pc"
            else:
                c.log.warning("ignored unknown aclr value (%d)\n" % v)
        else:
            c.log.error("aclr not decoded - incomplete atom\n")
    else:
        c.log.warning("aclr not decoded - unexpected size %d\n" % size)


def read_avid(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None:
        return
    if st.codecpar.codec_name == "avui":
        _extradata_atom(c, pb, t, size, "avui")
    else:
        _extradata_atom(c, pb, t, size, "dnxhd")


def read_ares(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is not None:
        par = st.codecpar
        if par.codec_tag == tag("AVin") and par.codec_name == "h264" and size > 11:
            pb.skip(10)
            cid = pb.rb16()
            if cid in (0xD4D, 0xD4E):
                par.width = 1440
            return
        if par.codec_tag in (tag("AVd1"), tag("AVj2"), tag("AVdn")) and size >= 24:
            # display aspect ratio hint, applied after stream info as the reference does
            pb.skip(12)
            num = s32(pb.rb32())
            den = s32(pb.rb32())
            if num <= 0 or den <= 0:
                return
            mode = pb.rb32()
            if mode == 2:
                if den >= 0x7FFFFFFF // 2:
                    return
                den *= 2
            if mode in (1, 2):
                sc.display_aspect_ratio = (num, den)
            return
    read_avid(c, pb, t, size)


def read_dpxe(c, pb, t, size):
    _extradata_atom(c, pb, t, size, "r10k")


def read_svq3(c, pb, t, size):
    _extradata_atom(c, pb, t, size, "svq3")


def read_strf(c, pb: Bio, t: int, size: int) -> None:
    st, sc = c.last()
    if st is None or size <= 40:
        return
    if size > (1 << 30):
        raise InvalidData("strf")
    pb.skip(40)
    data = pb.read(size - 40)
    st.codecpar.extradata = data
    if len(data) < size - 40:
        raise InvalidData("short strf")
