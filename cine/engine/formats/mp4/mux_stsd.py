"""Sample descriptions of the MP4/MOV muxer (FFmpeg 5.1.9 movenc.c behaviour; ISO/IEC
14496-12 8.5.2, 14496-14 esds, 14496-15 avcC/hvcC, VP9 codec ISO media binding vpcC,
QuickTime File Format sound/video descriptions): visual and audio sample entries with their
codec configuration, colour, aspect ratio, HDR and bit-rate boxes."""
from __future__ import annotations

from ...log import DEBUG
from ...timebase import reduce, rescale
from .mux_buf import BoxBuf, put_descr
from .mux_track import MODE_IPOD, MODE_MOV, MODE_MP4, Track, columns

FIEL_DATA = (0x0000, 0x0100, 0x0201, 0x0206, 0x0209, 0x020E)
FIELD_ORDERS = {"progressive": 1, "tt": 2, "bb": 3, "tb": 4, "bt": 5}


# -- bit rates --------------------------------------------------------------------------------
def bit_rates(trk: Track) -> tuple[int, int, int]:
    """calculate_mpeg4_bit_rates: (buffer_size, max_bit_rate, avg_bit_rate)."""
    props = trk.cpb_props()
    avg = 0
    if trk.track_duration:
        avg = sum(columns(trk.samples, "size")[0]) * 8 * trk.timescale // trk.track_duration
        avg &= 0xFFFFFFFF
    if not avg:
        if props and props.get("avg_bitrate"):
            avg = props["avg_bitrate"]
        elif trk.par.bit_rate:
            avg = trk.par.bit_rate
        elif props and props.get("max_bitrate"):
            avg = props["max_bitrate"]
    mx = max(trk.par.bit_rate, avg)
    buf = 0
    if props:
        mx = max(mx, props.get("max_bitrate", 0))
        buf = props.get("buffer_size", 0) // 8
    return buf & 0xFFFFFFFF, mx & 0xFFFFFFFF, avg & 0xFFFFFFFF


def write_btrt(bb: BoxBuf, trk: Track) -> None:
    buf, mx, avg = bit_rates(trk)
    if not mx and not avg and not buf:
        return
    p = bb.start("btrt")
    bb.wb32(buf)
    bb.wb32(mx)
    bb.wb32(avg)
    bb.end(p)


def write_esds(bb: BoxBuf, trk: Track) -> None:
    buf, mx, avg = bit_rates(trk)
    vos = trk.vos_data or b""
    dsi = 5 + len(vos) if vos else 0
    p = bb.start("esds")
    bb.wb32(0)
    put_descr(bb, 0x03, 3 + 5 + 13 + dsi + 5 + 1)
    bb.wb16(trk.track_id)
    bb.w8(0)
    put_descr(bb, 0x04, 13 + dsi)
    name = trk.par.codec_name
    if name in ("mp2", "mp3") and trk.par.sample_rate > 24000:
        bb.w8(0x6B)
    else:
        from .codec_tags import MP4_OBJ_TYPE
        bb.w8(next((t for t, n in MP4_OBJ_TYPE if n == name), 0))
    if name == "dvd_subtitle":
        bb.w8((0x38 << 2) | 1)
    elif trk.par.codec_type == "audio":
        bb.w8(0x15)
    else:
        bb.w8(0x11)
    bb.wb24(buf)
    bb.wb32(mx)
    bb.wb32(avg)
    if vos:
        put_descr(bb, 0x05, len(vos))
        bb.write(vos)
    put_descr(bb, 0x06, 1)
    bb.w8(0x02)
    bb.end(p)


# -- sample descriptions ------------------------------------------------------------------------
def _colour_codes(par):
    from ...codecs import colour
    def inv(table, name):
        if name is None:
            return 2
        for k, v in table.items():
            if v == name and v != "reserved":
                return k
        return 2
    return (inv(colour._PRIMARIES, par.color_primaries), inv(colour._TRANSFER, par.color_transfer),
            inv(colour._SPACE, par.color_space))


def write_video_entry(bb: BoxBuf, mux, trk: Track) -> None:
    par = trk.par
    p = bb.tell()
    bb.wb32(0)
    bb.wl32(trk.tag)
    bb.wb32(0)
    bb.wb16(0)
    bb.wb16(1)
    bb.wb16(0)
    bb.wb16(0)
    if trk.mode == MODE_MOV:
        bb.write(b"FFMP")
        if par.codec_name == "rawvideo":
            bb.wb32(0)
            bb.wb32(0x400)
        else:
            bb.wb32(0x200)
            bb.wb32(0x200)
    else:
        bb.write(bytes(12))
    bb.wb16(par.width)
    bb.wb16(trk.height)
    bb.wb32(0x00480000)
    bb.wb32(0x00480000)
    bb.wb32(0)
    bb.wb16(1)
    comp = b""
    enc = trk.st.tags.get("encoder")
    if trk.mode in (MODE_MOV, MODE_MP4) and enc is not None:
        comp = enc.encode("utf-8")[:31]
        z = comp.find(b"\0")
        if z >= 0:
            comp = comp[:z]
    bb.w8(len(comp))
    bb.write(comp.ljust(31, b"\0"))
    if trk.mode == MODE_MOV and par.bits_per_coded_sample:
        bb.wb16(par.bits_per_coded_sample | (0x20 if par.format == "gray" else 0))
    else:
        bb.wb16(0x18)
    bb.wb16(0xFFFF)
    name = par.codec_name
    if trk.tag == 0x7634706D:                              # 'mp4v'
        write_esds(bb, trk)
    elif name == "h263":
        bb.write(b"\0\0\0\x0fd263FFMP\0\x0a\0")             # version 0, level 10, profile 0
    elif name == "hevc":
        q = bb.start("hvcC")
        from .mux_hvcc import write_hvcc
        from ...errors import InvalidData
        try:
            bb.write(write_hvcc(trk.vos_data or b"", 1 if trk.tag == 0x31637668 else 0))
        except InvalidData:
            pass
        bb.end(q)
    elif name == "h264":
        q = bb.start("avcC")
        from .mux_nal import isom_avcc
        bb.write(isom_avcc(trk.vos_data or b""))
        bb.end(q)
        if trk.mode == MODE_IPOD:
            bb.wb32(28)
            bb.write(b"uuid")
            for v in (0x6b6840f2, 0x5f244fc5, 0xba39a51b, 0xcf0323f3):
                bb.wb32(v)
            bb.wb32(0)
    elif name == "vp9":
        q = bb.start("vpcC")
        bb.w8(1)
        bb.wb24(0)
        bb.write(_vpcc(mux, par))
        bb.end(q)
    elif name == "av1":
        q = bb.start("av1C")
        bb.write(trk.vos_data or b"")
        bb.end(q)
    elif trk.vos_data:
        bb.wb32(len(trk.vos_data) + 8)
        bb.write(b"glbl")
        bb.write(trk.vos_data)
    if name not in ("h264", "mpeg4", "dnxhd"):
        fo = FIELD_ORDERS.get(par.field_order or "", 0)
        if fo:
            bb.wb32(10)
            bb.write(b"fiel")
            bb.wb16(FIEL_DATA[fo])
    from .mux import FLAGS
    if mux.flags & FLAGS["write_gama"]:
        from .mux_colr import write_gama
        write_gama(bb, mux, trk)
    if trk.mode in (MODE_MOV, MODE_MP4):
        prim, trc, spc = _colour_codes(par)
        icc = next((sd for sd in trk.st.side_data if sd.type == "ICC profile"), None)
        has_info = prim != 2 and trc != 2 and spc != 2
        write = has_info or bool(mux.flags & FLAGS["write_colr"]) or icc is not None
        if write and (mux.flags & FLAGS["prefer_icc"] or not has_info):
            from .mux_colr import icc_colr
            write = not icc_colr(bb, mux, icc)
        if write:
            q = bb.start("colr")
            bb.write(b"nclx" if trk.mode == MODE_MP4 else b"nclc")
            bb.wb16(prim)
            bb.wb16(trc)
            bb.wb16(spc)
            if trk.mode == MODE_MP4:
                bb.w8((par.color_range == "pc") << 7)
            bb.end(q)
        _write_clli_mdcv(bb, trk)
        if trk.mode == MODE_MP4:
            _write_unofficial(bb, mux, trk)
    sar = par.sample_aspect_ratio
    if sar.den and sar.num:
        r = reduce(sar.num, sar.den)
        bb.wb32(16)
        bb.write(b"pasp")
        bb.wb32(r.num)
        bb.wb32(r.den)
    if mux.write_btrt:
        write_btrt(bb, trk)
    bb.end(p)


def _chroma_shift(fmt: str | None):
    """av_pix_fmt_get_chroma_sub_sample for the planar YUV/RGB formats VP9 uses."""
    if not fmt:
        return None
    base = fmt.replace("yuvj", "yuv").replace("yuva", "yuv")
    for prefix, shift in (("yuv420", (1, 1)), ("yuv422", (1, 0)), ("yuv444", (0, 0)),
                          ("yuv440", (0, 1)), ("yuv411", (2, 0)), ("yuv410", (2, 2)),
                          ("nv12", (1, 1)), ("nv21", (1, 1)), ("gbr", (0, 0)), ("gray", (0, 0)),
                          ("rgb", (0, 0)), ("bgr", (0, 0))):
        if base.startswith(prefix):
            return shift
    return None


def _vp9_level(par) -> int:
    size = par.width * par.height
    if size <= 0:
        return 0
    for limit, level in ((36864, 10), (73728, 11), (122880, 20), (245760, 21), (552960, 30),
                         (983040, 31), (2228224, 40), (8912896, 50), (35651584, 60)):
        if size <= limit:
            return level
    return 0


def _vpcc(mux, par) -> bytes:
    """ff_isom_write_vpcc (no frame rate known: the level follows the picture size)."""
    from ...errors import AVERROR_INVALIDDATA, CineError
    from ...pixfmt import get as pixdesc
    desc = pixdesc(par.format)
    shift = _chroma_shift(par.format)
    if desc is None:
        mux.log.error("Unsupported pixel format (%d)\n" % -1)
        raise CineError(code=AVERROR_INVALIDDATA)
    if shift == (1, 1):
        sub = 0 if par.chroma_location == "left" else 1
    elif shift == (1, 0):
        sub = 2
    elif shift == (0, 0):
        sub = 3
    else:
        mux.log.error("Unsupported pixel format (%d)\n" % -1)
        raise CineError(code=AVERROR_INVALIDDATA)
    depth = desc.depth
    profile = par.profile
    if profile == -99:
        profile = (0 if depth == 8 else 2) if sub < 2 else (1 if depth == 8 else 3)
    level = _vp9_level(par) if par.level == -99 else par.level
    prim, trc, spc = _colour_codes(par)
    return bytes((profile & 0xFF, level & 0xFF,
                  (depth << 4) | (sub << 1) | (1 if par.color_range == "pc" else 0),
                  prim, trc, spc, 0, 0))


def _write_clli_mdcv(bb: BoxBuf, trk: Track) -> None:
    for sd in trk.st.side_data:
        if sd.type == "Content light level metadata":
            f = dict(sd.fields)
            bb.wb32(12)
            bb.write(b"clli")
            bb.wb16(min(int(f.get("max_content", 0)), 0xFFFF))
            bb.wb16(min(int(f.get("max_average", 0)), 0xFFFF))
    for sd in trk.st.side_data:
        if sd.type == "Mastering display metadata":
            f = dict(sd.fields)

            def q(v, den):
                num, d = (v.split("/") + ["1"])[:2] if isinstance(v, str) else (v, 1)
                return rescale(int(num), den, int(d)) if int(d) else 0
            if "red_x" not in f:
                continue
            bb.wb32(32)
            bb.write(b"mdcv")
            for k in ("green_x", "green_y", "blue_x", "blue_y", "red_x", "red_y",
                      "white_point_x", "white_point_y"):
                bb.wb16(q(f[k], 50000))
            bb.wb32(q(f.get("max_luminance", "0/1"), 10000))
            bb.wb32(q(f.get("min_luminance", "0/1"), 10000))


def _write_unofficial(bb: BoxBuf, mux, trk: Track) -> None:
    """The boxes of stream side data an MP4 gets with -strict unofficial or lower only:
    st3d, sv3d (mov_write_st3d_tag, mov_write_sv3d_tag) and the Dolby Vision configuration
    (mov_write_dvcc_dvvc_tag)."""
    from ..avopt import strict_level
    if strict_level(mux.options) > -1:
        return
    import struct
    from .. import dovi
    from ...spherical import STEREO3D_NAMES, unpack_spherical
    from .mux_udta import LIBAVFORMAT_IDENT
    s3d = next((sd for sd in trk.st.side_data if sd.type == "Stereo 3D"), None)
    if s3d is not None and len(s3d.data) >= 12:
        kind, flags, _ = struct.unpack_from("<iii", s3d.data)
        mode = {0: 0, 2: 1, 1: 2}.get(kind)
        if flags:
            mux.log.warning("Unsupported stereo_3d flags %x. st3d not written.\n" % flags)
        elif mode is None:
            name = STEREO3D_NAMES[kind] if 0 <= kind < len(STEREO3D_NAMES) else "unknown"
            mux.log.warning("Unsupported stereo_3d type %s. st3d not written.\n" % name)
        else:
            bb.wb32(13)
            bb.write(b"st3d")
            bb.wb32(0)
            bb.w8(mode)
    mapping = unpack_spherical(trk.st.side_data)
    if mapping is not None:
        kind, yaw, pitch, roll, left, top, right, bottom, padding = mapping
        if kind not in (0, 1, 2):
            mux.log.warning("Unsupported projection %d. sv3d not written.\n" % kind)
        else:
            source = b"Lavf" if mux.bitexact else LIBAVFORMAT_IDENT.encode()
            q = bb.start("sv3d")
            h = bb.start("svhd")
            bb.wb32(0)
            bb.write(source + b"\0")
            bb.end(h)
            p = bb.start("proj")
            bb.write(struct.pack(">I4sIiii", 24, b"prhd", 0, yaw, pitch, roll))
            if kind == 1:
                bb.write(struct.pack(">I4sIII", 20, b"cbmp", 0, 0, padding))
            else:
                bb.write(struct.pack(">I4sIIIII", 28, b"equi", 0, top, bottom, left, right))
            bb.end(p)
            bb.end(q)
    conf = dovi.find(trk.st.side_data)
    if conf is not None:
        kind = dovi.box_type(conf)
        bb.wb32(8 + dovi.SIZE)
        bb.write(kind)
        bb.write(dovi.put(conf))
        mux.log.log(DEBUG, "DOVI in %s box, " % kind.decode() + dovi.LOG_FORMAT % dovi.values(conf))


def write_audio_entry(bb: BoxBuf, mux, trk: Track) -> None:
    par = trk.par
    name = par.codec_name
    version = 0
    if trk.mode == MODE_MOV:
        if trk.audio_vbr or name in ("adpcm_ms", "adpcm_ima_wav", "qdm2") or name in (
                "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le", "pcm_s24be", "pcm_s32be",
                "pcm_f32be", "pcm_f64be"):
            version = 1
    p = bb.tell()
    bb.wb32(0)
    bb.wl32(trk.tag)
    bb.wb32(0)
    bb.wb16(0)
    bb.wb16(1)
    bb.wb16(version)
    bb.wb16(0)
    bb.wb32(0)
    if trk.mode == MODE_MOV:
        bb.wb16(par.channels)
        bb.wb16(8 if name in ("pcm_u8", "pcm_s8") else 16)
        bb.wb16(0xFFFE if trk.audio_vbr else 0)
    else:
        bb.wb16(par.channels if name in ("flac", "alac", "opus") else 2)
        bb.wb16(par.bits_per_raw_sample if name in ("flac", "alac") else 16)
        bb.wb16(0)
    bb.wb16(0)
    if name == "opus":
        bb.wb16(48000)
    else:
        bb.wb16(par.sample_rate if par.sample_rate <= 0xFFFF else 0)
    bb.wb16(0)
    if version == 1:
        bb.wb32(1 if name in ("pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le", "pcm_s24be",
                              "pcm_s32be", "pcm_f32be", "pcm_f64be") else par.frame_size)
        bb.wb32(trk.sample_size // par.channels if par.channels else 0)
        bb.wb32(trk.sample_size)
        bb.wb32(2)
    pcm_le = name in ("pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_f64le")
    pcm_be = name in ("pcm_s24be", "pcm_s32be", "pcm_f32be", "pcm_f64be")
    if trk.mode == MODE_MOV and (name in ("aac", "alac", "ac3", "eac3", "amr_nb")
                                 or ((pcm_le or pcm_be) and version == 1)):
        q = bb.start("wave")
        bb.wb32(12)
        bb.write(b"frma")
        bb.wl32(trk.tag)
        if name == "aac":
            bb.wb32(12)
            bb.write(b"mp4a")
            bb.wb32(0)
            write_esds(bb, trk)
        elif pcm_le or pcm_be:
            bb.wb32(10)
            bb.write(b"enda")
            bb.wb16(1 if pcm_le else 0)
        elif name in ("ac3", "eac3"):
            bb.write(mux.dac3(trk))
        elif name == "amr_nb":
            bb.write(_amr_box(trk))
        else:
            bb.write(par.extradata or b"")
        bb.wb32(8)
        bb.wb32(0)
        bb.end(q)
    elif trk.tag == 0x6134706D:                              # 'mp4a'
        write_esds(bb, trk)
    elif name == "alac":
        bb.write(par.extradata or b"")
    elif name == "flac":
        q = bb.start("dfLa")
        bb.wb32(0)
        bb.w8(0x80)
        bb.wb24(34)
        bb.write((par.extradata or b"")[:34])
        bb.end(q)
    elif name == "opus":
        from .mux_audio import dops
        bb.write(dops(par))
    elif name == "amr_nb":
        bb.write(_amr_box(trk))
    elif name in ("ac3", "eac3"):
        bb.write(mux.dac3(trk))
    elif trk.vos_data:
        bb.wb32(len(trk.vos_data) + 8)
        bb.write(b"glbl")
        bb.write(trk.vos_data)
    if trk.mode == MODE_MOV:
        from .mux_audio import chan_box
        chan = chan_box(mux, trk)
        if chan:
            bb.write(chan)
    if mux.write_btrt:
        write_btrt(bb, trk)
    bb.end(p)


def _amr_box(trk: Track) -> bytes:
    """The AMR-NB decoder-specific box (3GPP TS 26.244 damr; 'samr' inside a MOV wave):
    vendor FFMP, version 0, every mode allowed, no mode-change restriction, one frame a
    sample."""
    kind = b"samr" if trk.mode == MODE_MOV else b"damr"
    return b"\0\0\0\x11" + kind + b"FFMP\0\x81\xff\0\x01"
