"""Decoder configuration boxes inside sample entries (glbl: avcC/hvcC/av1C; esds per ISO/IEC
14496-1 clause 7.2.6 with the AudioSpecificConfig of 14496-3 clause 1.6.2.1; dOps -> OpusHead;
dfLa -> STREAMINFO; alac; dac3/dec3 (ETSI TS 102 366 annex F); wave; chan; Avid atoms; frma;
enda/pcmC), setting extradata and codec fields exactly as FFmpeg 5.1.9's mov demuxer does.
"""
from __future__ import annotations

import struct

from ...errors import InvalidData
from ...model import SideData
from .boxes import Bio, fourcc_str, s32, tag
from .codec_tags import MP4_OBJ_TYPE, lookup
from ...model import set_side_data

# AC-3 acmod -> channel mask (ff_ac3_channel_layout_tab)
_AC3_MASKS = (0x3, 0x4, 0x3, 0x7, 0x103, 0x107, 0x603, 0x607)


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
        par.extradata = None
        c.log.error("Failed to read extradata of size %d\n" % ln)
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
    from .sample_entry import codec_from_tag
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
